-- +goose Up
-- What the knowledge platform (issue 4) shares between its areas, for
-- SQLite: the editor role, digest notifications, attachment rows and the
-- table blob store. Keep in step with ../postgres/00005_knowledge_base.sql.

-- Editors of the national secretariat edit the guide and review cases.
ALTER TABLE users ADD COLUMN is_editor INTEGER NOT NULL DEFAULT 0;

-- Follow notifications are e-mailed in a daily digest, not one by one.
ALTER TABLE notifications ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notifications_digest_idx ON notifications (digest, emailed_at, user_id);

-- A file attached to a case or a strategy; the bytes are in a blob store
-- under sha256.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    owner_type   TEXT NOT NULL,
    owner_id     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_owner_idx ON attachments (owner_type, owner_id, id);

-- The table blob store (sqlstore.TableBlobs): used by PostgreSQL
-- deployments without a shared folder; present here so both dialects
-- pass the same contract tests.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE blobs;
DROP TABLE attachments;
DROP INDEX notifications_digest_idx;
ALTER TABLE notifications DROP COLUMN digest;
ALTER TABLE users DROP COLUMN is_editor;
