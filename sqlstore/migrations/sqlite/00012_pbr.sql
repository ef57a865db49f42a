-- +goose Up
-- Payment by result (issue 6): outcome contracts, their amendments,
-- pseudonymous participants, claims with the engine's check and the
-- commissioner's decision, payment statements and the unit prices of the
-- social-value estimate, for SQLite. Keep in step with
-- ../postgres/00012_pbr.sql. Dates without a time are TEXT 'YYYY-MM-DD'
-- on both databases, so they compare and sort the same way.

CREATE TABLE outcome_contracts (
    id                       INTEGER PRIMARY KEY,
    title                    TEXT NOT NULL,
    summary                  TEXT NOT NULL DEFAULT '',
    target_group             TEXT NOT NULL,
    commissioner_id          INTEGER NOT NULL REFERENCES organisations (id),
    provider_id              INTEGER NOT NULL REFERENCES organisations (id),
    investor_id              INTEGER REFERENCES organisations (id),
    status                   TEXT NOT NULL DEFAULT 'draft',
    period_start             TEXT NOT NULL,
    period_end               TEXT NOT NULL,
    cap_ore                  INTEGER NOT NULL,
    cohort_target            INTEGER NOT NULL DEFAULT 0,
    statement_period         TEXT NOT NULL,
    deadweight_pct           INTEGER NOT NULL DEFAULT 0,
    outcomes_json            TEXT NOT NULL,
    amendment                INTEGER NOT NULL DEFAULT 0,
    version                  INTEGER NOT NULL DEFAULT 1,
    commissioner_approved_at INTEGER,
    commissioner_approved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    provider_approved_at     INTEGER,
    provider_approved_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    tender_id                INTEGER REFERENCES tenders (id) ON DELETE SET NULL,
    partnership_id           INTEGER REFERENCES partnerships (id) ON DELETE SET NULL,
    created_by               INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL,
    finished_at              INTEGER
);
CREATE INDEX outcome_contracts_commissioner_idx ON outcome_contracts (commissioner_id);
CREATE INDEX outcome_contracts_provider_idx ON outcome_contracts (provider_id);
CREATE INDEX outcome_contracts_investor_idx ON outcome_contracts (investor_id);

CREATE TABLE contract_amendments (
    id                       INTEGER PRIMARY KEY,
    contract_id              INTEGER NOT NULL REFERENCES outcome_contracts (id) ON DELETE CASCADE,
    number                   INTEGER NOT NULL,
    note                     TEXT NOT NULL,
    terms_json               TEXT NOT NULL,
    status                   TEXT NOT NULL DEFAULT 'proposed',
    proposed_by              INTEGER REFERENCES users (id) ON DELETE SET NULL,
    proposed_by_side         TEXT NOT NULL,
    commissioner_approved_at INTEGER,
    commissioner_approved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    provider_approved_at     INTEGER,
    provider_approved_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at               INTEGER NOT NULL,
    decided_at               INTEGER,
    UNIQUE (contract_id, number)
);

CREATE TABLE pbr_participants (
    id                INTEGER PRIMARY KEY,
    contract_id       INTEGER NOT NULL REFERENCES outcome_contracts (id) ON DELETE CASCADE,
    pseudonym         TEXT NOT NULL,
    enrolled_on       TEXT NOT NULL,
    age_band          TEXT NOT NULL DEFAULT '',
    benefit_type      TEXT NOT NULL DEFAULT '',
    unemployment_band TEXT NOT NULL DEFAULT '',
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (contract_id, pseudonym)
);

-- check_* is the engine's verdict, kept current by the store after every
-- submission, decision and amendment, so lists can filter and sort by it.
CREATE TABLE pbr_claims (
    id               INTEGER PRIMARY KEY,
    contract_id      INTEGER NOT NULL REFERENCES outcome_contracts (id) ON DELETE CASCADE,
    participant_id   INTEGER NOT NULL REFERENCES pbr_participants (id) ON DELETE CASCADE,
    outcome_code     TEXT NOT NULL,
    achieved_on      TEXT NOT NULL,
    evidence_ref     TEXT NOT NULL DEFAULT '',
    attachment_id    INTEGER REFERENCES attachments (id) ON DELETE SET NULL,
    submitted_at     INTEGER NOT NULL,
    submitted_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    check_amount_ore INTEGER NOT NULL DEFAULT 0,
    check_reason     TEXT NOT NULL DEFAULT '',
    check_valid      INTEGER NOT NULL DEFAULT 0,
    decision         TEXT NOT NULL DEFAULT 'pending',
    decision_reason  TEXT NOT NULL DEFAULT '',
    decided_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at       INTEGER
);
CREATE INDEX pbr_claims_contract_idx ON pbr_claims (contract_id, achieved_on, id);
CREATE INDEX pbr_claims_decision_idx ON pbr_claims (contract_id, decision);
CREATE INDEX pbr_claims_participant_idx ON pbr_claims (participant_id);

-- A statement's lines are written when it is calculated and replaced when
-- a draft is recalculated; an approved statement is never written again.
-- fingerprint sums the claims and decisions it was calculated from, so an
-- approval of a statement that no longer matches them is refused.
CREATE TABLE pbr_statements (
    id                       INTEGER PRIMARY KEY,
    contract_id              INTEGER NOT NULL REFERENCES outcome_contracts (id) ON DELETE CASCADE,
    number                   INTEGER NOT NULL,
    period_start             TEXT NOT NULL,
    period_end               TEXT NOT NULL,
    status                   TEXT NOT NULL DEFAULT 'draft',
    total_ore                INTEGER NOT NULL,
    paid_before_ore          INTEGER NOT NULL,
    cap_ore                  INTEGER NOT NULL,
    amendment                INTEGER NOT NULL,
    by_outcome_json          TEXT NOT NULL,
    fingerprint              TEXT NOT NULL DEFAULT '',
    commissioner_approved_at INTEGER,
    commissioner_approved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    provider_approved_at     INTEGER,
    provider_approved_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    calculated_at            INTEGER NOT NULL,
    created_at               INTEGER NOT NULL,
    UNIQUE (contract_id, number)
);

CREATE TABLE pbr_statement_lines (
    statement_id    INTEGER NOT NULL REFERENCES pbr_statements (id) ON DELETE CASCADE,
    ord             INTEGER NOT NULL,
    claim_id        INTEGER NOT NULL,
    pseudonym       TEXT NOT NULL,
    outcome_code    TEXT NOT NULL,
    achieved_on     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    price_ore       INTEGER NOT NULL,
    earned_ore      INTEGER NOT NULL,
    paid_before_ore INTEGER NOT NULL,
    amount_ore      INTEGER NOT NULL,
    cut_ore         INTEGER NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (statement_id, ord)
);
CREATE INDEX pbr_statement_lines_claim_idx ON pbr_statement_lines (claim_id);

CREATE TABLE unit_prices (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    name_da    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    source     TEXT NOT NULL,
    source_url TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    checked    INTEGER NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (code, valid_from)
);

-- +goose Down
DROP TABLE unit_prices;
DROP TABLE pbr_statement_lines;
DROP TABLE pbr_statements;
DROP TABLE pbr_claims;
DROP TABLE pbr_participants;
DROP TABLE contract_amendments;
DROP TABLE outcome_contracts;
