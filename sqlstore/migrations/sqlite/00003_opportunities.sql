-- +goose Up
-- The opportunity board, interests, partnerships, notifications and saved
-- searches (issue 3), for SQLite. Times are INTEGER unix microseconds in
-- UTC; booleans INTEGER 0/1; JSON TEXT. Keep in step with
-- ../postgres/00003_opportunities.sql: same tables, columns and indexes.
-- The opportunities' list tables are WITHOUT ROWID: a whole list (with its
-- order) is read from the primary key alone.

CREATE TABLE opportunities (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    title_key           TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    municipality_code   TEXT NOT NULL REFERENCES municipalities (code),
    radius_km           INTEGER NOT NULL DEFAULT 0,
    volume              INTEGER NOT NULL DEFAULT 0,
    estimated_value_ore INTEGER NOT NULL DEFAULT 0,
    deadline            INTEGER,
    status              TEXT NOT NULL,
    created_by          INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    closed_at           INTEGER
);
-- The board: open ones, newest first (kind and municipality narrow it).
CREATE INDEX opportunities_status_created_idx ON opportunities (status, created_at, id);
CREATE INDEX opportunities_kind_idx ON opportunities (kind, status, created_at, id);
CREATE INDEX opportunities_municipality_idx ON opportunities (municipality_code, status, created_at, id);
CREATE INDEX opportunities_org_idx ON opportunities (organisation_id, created_at, id);
CREATE INDEX opportunities_title_idx ON opportunities (title_key, id);
-- Expiry: open ones whose deadline has passed; the deadline sort.
CREATE INDEX opportunities_deadline_idx ON opportunities (status, deadline, id);
-- Matchmaking checks status, kind, place, radius, deadline and owner of
-- many opportunities found through their CPV codes, without reading rows.
CREATE INDEX opportunities_match_idx ON opportunities (id, status, kind, municipality_code, radius_km, deadline, organisation_id);

CREATE TABLE opp_cpv_codes (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, code)
) WITHOUT ROWID;
-- Prefix ranges (division, group, class, category) for matchmaking.
CREATE INDEX opp_cpv_codes_code_idx ON opp_cpv_codes (code, opportunity_id);

CREATE TABLE opp_expertise_areas (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, code)
) WITHOUT ROWID;
CREATE INDEX opp_expertise_areas_code_idx ON opp_expertise_areas (code, opportunity_id);

CREATE TABLE opp_target_groups (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    code           TEXT NOT NULL REFERENCES target_groups (code),
    position       INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, code)
) WITHOUT ROWID;
CREATE INDEX opp_target_groups_code_idx ON opp_target_groups (code, opportunity_id);

CREATE TABLE partnerships (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    model          TEXT NOT NULL,
    status         TEXT NOT NULL,
    opportunity_id INTEGER REFERENCES opportunities (id) ON DELETE SET NULL,
    interest_id    INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    completed_at   INTEGER
);
CREATE INDEX partnerships_status_idx ON partnerships (status, id);
CREATE INDEX partnerships_opportunity_idx ON partnerships (opportunity_id);

CREATE TABLE partnership_parties (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, organisation_id)
);
-- An organisation's partnerships and its track record.
CREATE INDEX partnership_parties_org_idx ON partnership_parties (organisation_id, partnership_id);

CREATE TABLE interests (
    id              INTEGER PRIMARY KEY,
    opportunity_id  INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    owner_id        INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    message         TEXT NOT NULL,
    status          TEXT NOT NULL,
    decision_note   TEXT NOT NULL DEFAULT '',
    partnership_id  INTEGER REFERENCES partnerships (id) ON DELETE SET NULL,
    created_by      INTEGER NOT NULL DEFAULT 0,
    decided_by      INTEGER,
    created_at      INTEGER NOT NULL,
    decided_at      INTEGER
);
CREATE INDEX interests_opportunity_idx ON interests (opportunity_id, created_at, id);
CREATE INDEX interests_owner_idx ON interests (owner_id, created_at, id);
CREATE INDEX interests_organisation_idx ON interests (organisation_id, created_at, id);
-- One live interest per organisation and opportunity.
CREATE UNIQUE INDEX interests_live_idx ON interests (opportunity_id, organisation_id) WHERE status IN ('pending', 'accepted');

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    args       TEXT NOT NULL DEFAULT '{}',
    link       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    read_at    INTEGER,
    emailed_at INTEGER
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id, id) WHERE read_at IS NULL;
CREATE INDEX notifications_unemailed_idx ON notifications (id) WHERE emailed_at IS NULL;

CREATE TABLE saved_searches (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    query          TEXT NOT NULL,
    digest         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    last_digest_at INTEGER
);
CREATE INDEX saved_searches_user_idx ON saved_searches (user_id, name_key, id);
CREATE INDEX saved_searches_digest_idx ON saved_searches (digest, last_digest_at);

-- Matchmaking reads the kind, place, freshness, capacity, RSV status and
-- name of many organisations found through their CPV codes; this index
-- answers that without reading the profile rows (whose long search text
-- and description come before these columns).
CREATE INDEX organisations_match_idx ON organisations (id, kind, municipality_code, updated_at, capacity, rsv_registered, name);

-- +goose Down
DROP INDEX organisations_match_idx;
DROP TABLE saved_searches;
DROP TABLE notifications;
DROP TABLE interests;
DROP TABLE partnership_parties;
DROP TABLE partnerships;
DROP TABLE opp_target_groups;
DROP TABLE opp_expertise_areas;
DROP TABLE opp_cpv_codes;
DROP TABLE opportunities;
