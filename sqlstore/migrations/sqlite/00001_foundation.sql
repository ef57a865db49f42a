-- +goose Up
-- Foundation schema for SQLite. Times are INTEGER unix microseconds in UTC;
-- booleans are INTEGER 0/1; JSON is TEXT. Keep in step with
-- ../postgres/00001_foundation.sql: same tables, columns and indexes.

CREATE TABLE regions (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    iso_3166_2 TEXT NOT NULL DEFAULT '',
    nuts2      TEXT NOT NULL DEFAULT '',
    lat        REAL NOT NULL DEFAULT 0,
    lon        REAL NOT NULL DEFAULT 0
);

CREATE TABLE municipalities (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    lat         REAL NOT NULL DEFAULT 0,
    lon         REAL NOT NULL DEFAULT 0,
    area_km2    REAL NOT NULL DEFAULT 0
);
CREATE INDEX municipalities_region_idx ON municipalities (region_code, code);

CREATE TABLE target_groups (
    code    TEXT PRIMARY KEY,
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE organisations (
    id                      INTEGER PRIMARY KEY,
    cvr                     TEXT UNIQUE,
    name                    TEXT NOT NULL,
    name_key                TEXT NOT NULL,
    search_text             TEXT NOT NULL,
    kind                    TEXT NOT NULL,
    municipality_code       TEXT NOT NULL REFERENCES municipalities (code),
    address                 TEXT NOT NULL DEFAULT '',
    postal_code             TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    website                 TEXT NOT NULL DEFAULT '',
    email                   TEXT NOT NULL DEFAULT '',
    phone                   TEXT NOT NULL DEFAULT '',
    description             TEXT NOT NULL DEFAULT '',
    capacity                INTEGER NOT NULL DEFAULT 0,
    turnover_ore            INTEGER NOT NULL DEFAULT 0,
    employees               INTEGER NOT NULL DEFAULT 0,
    disadvantaged_employees INTEGER NOT NULL DEFAULT 0,
    rsv_criteria            TEXT NOT NULL DEFAULT '[]',
    rsv_registered          INTEGER NOT NULL DEFAULT 0,
    rsv_verified_at         INTEGER,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    reminded_at             INTEGER
);
CREATE INDEX organisations_name_idx ON organisations (name_key, id);
-- created_at and updated_at make these indexes cover the "newest" and
-- "updated" sorts too, so a filtered page never reads whole rows to sort.
CREATE INDEX organisations_kind_idx ON organisations (kind, name_key, id, created_at, updated_at);
CREATE INDEX organisations_municipality_idx ON organisations (municipality_code, name_key, id, created_at, updated_at);
CREATE INDEX organisations_municipality_kind_idx ON organisations (municipality_code, kind);
CREATE INDEX organisations_created_idx ON organisations (created_at, id);
CREATE INDEX organisations_updated_idx ON organisations (updated_at, id);

CREATE TABLE org_sectors (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, code)
);

CREATE TABLE org_cpv_codes (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, code)
);
CREATE INDEX org_cpv_codes_code_idx ON org_cpv_codes (code, organisation_id);

CREATE TABLE org_target_groups (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    code            TEXT NOT NULL REFERENCES target_groups (code),
    position        INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, code)
);
CREATE INDEX org_target_groups_code_idx ON org_target_groups (code, organisation_id);

CREATE TABLE org_effects (
    organisation_id       INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    year                  INTEGER NOT NULL,
    target_group_employed INTEGER NOT NULL DEFAULT 0,
    to_ordinary_work      INTEGER NOT NULL DEFAULT 0,
    to_education          INTEGER NOT NULL DEFAULT 0,
    people_in_programmes  INTEGER NOT NULL DEFAULT 0,
    note                  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (organisation_id, year)
);

CREATE TABLE users (
    id                 INTEGER PRIMARY KEY,
    email              TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL DEFAULT '',
    search_text        TEXT NOT NULL DEFAULT '',
    password_hash      TEXT NOT NULL,
    email_confirmed_at INTEGER,
    is_admin           INTEGER NOT NULL DEFAULT 0,
    locale             TEXT NOT NULL DEFAULT 'da',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (user_id, organisation_id)
);
CREATE INDEX memberships_org_idx ON memberships (organisation_id, status, role);
CREATE INDEX memberships_status_idx ON memberships (status, organisation_id);

CREATE TABLE one_time_tokens (
    id              INTEGER PRIMARY KEY,
    hash            TEXT NOT NULL UNIQUE,
    purpose         TEXT NOT NULL,
    user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
    email           TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    data            TEXT NOT NULL DEFAULT '',
    expires_at      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX one_time_tokens_expires_idx ON one_time_tokens (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at);

CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key, created_at);
CREATE INDEX login_failures_created_idx ON login_failures (created_at);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry INTEGER NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id);

CREATE TABLE coordination_units (
    municipality_code TEXT PRIMARY KEY REFERENCES municipalities (code),
    name              TEXT NOT NULL,
    department        TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL
);

-- +goose Down
DROP TABLE coordination_units;
DROP TABLE audit_events;
DROP TABLE sessions;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE one_time_tokens;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE org_effects;
DROP TABLE org_target_groups;
DROP TABLE org_cpv_codes;
DROP TABLE org_sectors;
DROP TABLE organisations;
DROP TABLE target_groups;
DROP TABLE municipalities;
DROP TABLE regions;
