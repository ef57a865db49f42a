-- +goose Up
-- The case library (issue 4), for SQLite: a collaboration told as a
-- structured story, with its partners, measured results and target groups
-- in child tables. Keep in step with ../postgres/00006_cases.sql.
-- Attachments live in the shared attachments table (owner_type 'case').

CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    organisation_id   INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title             TEXT NOT NULL,
    title_key         TEXT NOT NULL,
    summary           TEXT NOT NULL DEFAULT '',
    model             TEXT NOT NULL,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    period_start      INTEGER,
    period_end        INTEGER,
    what_was_done     TEXT NOT NULL DEFAULT '',
    economy           TEXT NOT NULL DEFAULT '',
    value_ore         INTEGER NOT NULL DEFAULT 0,
    worked_well       TEXT NOT NULL DEFAULT '',
    worked_less       TEXT NOT NULL DEFAULT '',
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_email     TEXT NOT NULL DEFAULT '',
    contact_phone     TEXT NOT NULL DEFAULT '',
    partnership_id    INTEGER REFERENCES partnerships (id) ON DELETE SET NULL,
    status            TEXT NOT NULL,
    review_note       TEXT NOT NULL DEFAULT '',
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    submitted_at      INTEGER,
    published_at      INTEGER
);
-- The public library, newest first, and its filters; the review queue;
-- an organisation's own list; the national overview's count per municipality.
CREATE INDEX cases_status_published_idx ON cases (status, published_at, id);
CREATE INDEX cases_model_idx ON cases (model, status, published_at);
CREATE INDEX cases_municipality_idx ON cases (municipality_code, status, published_at);
CREATE INDEX cases_organisation_idx ON cases (organisation_id, status, updated_at);
CREATE INDEX cases_title_idx ON cases (status, title_key, id);

-- Partners in form order; organisation_id links a profile on the platform.
CREATE TABLE case_partners (
    case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    name            TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, position)
);
CREATE INDEX case_partners_org_idx ON case_partners (organisation_id);

CREATE TABLE case_results (
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    metric   TEXT NOT NULL,
    value    REAL NOT NULL,
    unit     TEXT NOT NULL DEFAULT '',
    period   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, position)
);

CREATE TABLE case_target_groups (
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    code     TEXT NOT NULL REFERENCES target_groups (code),
    position INTEGER NOT NULL,
    PRIMARY KEY (case_id, code)
);
CREATE INDEX case_target_groups_code_idx ON case_target_groups (code, case_id);

-- +goose Down
DROP TABLE case_target_groups;
DROP TABLE case_results;
DROP TABLE case_partners;
DROP TABLE cases;
