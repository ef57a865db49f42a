-- +goose Up
-- Tenders (issue 5), for SQLite: a municipality's purchase with its
-- history, anonymous clarifications and the suppliers' responses. Keep in
-- step with ../postgres/00010_tenders.sql. Lots, additional CPV codes,
-- social goals and the award are JSON text (read and written whole with
-- the tender); tender_cpv repeats every code for the CPV-group queries.
-- Documents live in the shared attachments table (owner_type 'tender').

CREATE TABLE tenders (
    id                 INTEGER PRIMARY KEY,
    buyer_id           INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    title_key          TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    procedure          TEXT NOT NULL,
    main_cpv           TEXT NOT NULL,
    cpv_codes          TEXT NOT NULL DEFAULT '[]',
    value_ore          INTEGER NOT NULL DEFAULT 0,
    lots               TEXT NOT NULL DEFAULT '[]',
    place_code         TEXT NOT NULL REFERENCES municipalities (code),
    place_text         TEXT NOT NULL DEFAULT '',
    reservation        TEXT NOT NULL DEFAULT '',
    reserved           INTEGER NOT NULL DEFAULT 0,
    social_goals       TEXT NOT NULL DEFAULT '[]',
    social_criteria    TEXT NOT NULL DEFAULT '',
    published_at       INTEGER,
    questions_deadline INTEGER NOT NULL,
    tender_deadline    INTEGER NOT NULL,
    expected_award     INTEGER NOT NULL,
    contract_start     INTEGER NOT NULL,
    contract_end       INTEGER NOT NULL,
    status             TEXT NOT NULL,
    cancel_reason      TEXT NOT NULL DEFAULT '',
    award              TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    created_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
-- The public list by deadline, newest and value; a buyer's own list; the
-- place filter.
CREATE INDEX tenders_status_deadline_idx ON tenders (status, tender_deadline, id);
CREATE INDEX tenders_status_published_idx ON tenders (status, published_at, id);
CREATE INDEX tenders_buyer_idx ON tenders (buyer_id, status, updated_at);
CREATE INDEX tenders_place_idx ON tenders (place_code, status, tender_deadline);

-- Every CPV code of a tender (the main one at position 0).
CREATE TABLE tender_cpv (
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (tender_id, code)
);
CREATE INDEX tender_cpv_code_idx ON tender_cpv (code, tender_id);

-- The history: one row per publication, amendment, cancellation and
-- award, with the whole tender as it stood afterwards (an OCDS release).
CREATE TABLE tender_versions (
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    at        INTEGER NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    snapshot  TEXT NOT NULL,
    by_user   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (tender_id, seq)
);
CREATE INDEX tender_versions_at_idx ON tender_versions (at, tender_id, seq);

-- Questions and answers. organisation_id (who asked) is kept for abuse
-- handling and never shown.
CREATE TABLE tender_clarifications (
    id              INTEGER PRIMARY KEY,
    tender_id       INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    question        TEXT NOT NULL,
    answer          TEXT NOT NULL DEFAULT '',
    asked_at        INTEGER NOT NULL,
    answered_at     INTEGER,
    asked_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    answered_by     INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX tender_clarifications_tender_idx ON tender_clarifications (tender_id, asked_at, id);

-- One supplier organisation's relation to a tender.
CREATE TABLE tender_responses (
    tender_id       INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    state           TEXT NOT NULL,
    lots            TEXT NOT NULL DEFAULT '[]',
    message         TEXT NOT NULL DEFAULT '',
    notified_at     INTEGER,
    opened_at       INTEGER,
    responded_at    INTEGER,
    reminded_at     INTEGER,
    PRIMARY KEY (tender_id, organisation_id)
);
CREATE INDEX tender_responses_org_idx ON tender_responses (organisation_id, tender_id);

-- The tender whose award created a partnership.
ALTER TABLE partnerships ADD COLUMN tender_id INTEGER REFERENCES tenders (id) ON DELETE SET NULL;
CREATE INDEX partnerships_tender_idx ON partnerships (tender_id);

-- +goose Down
DROP INDEX partnerships_tender_idx;
ALTER TABLE partnerships DROP COLUMN tender_id;
DROP TABLE tender_responses;
DROP TABLE tender_clarifications;
DROP TABLE tender_versions;
DROP TABLE tender_cpv;
DROP TABLE tenders;
