-- +goose Up
-- The guide to the collaboration models with its full history, and the
-- municipalities' social-economy strategies, for SQLite. Keep in step with
-- ../postgres/00007_guide_strategy.sql.

-- The current version of each chapter; every saved state is also a row
-- of guide_versions, so the two agree on (id, version).
CREATE TABLE guide_chapters (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    model      TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX guide_chapters_position_idx ON guide_chapters (position, id);

-- Versions are written once and never changed, so any two can be compared.
CREATE TABLE guide_versions (
    chapter_id INTEGER NOT NULL REFERENCES guide_chapters (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (chapter_id, version)
);
-- The "guide changes" feed over every chapter, newest first.
CREATE INDEX guide_versions_created_idx ON guide_versions (created_at, chapter_id, version);

-- One strategy per municipality; goals are a small JSON list read and
-- written whole.
CREATE TABLE strategies (
    municipality_code TEXT PRIMARY KEY REFERENCES municipalities (code),
    title             TEXT NOT NULL,
    adopted_on        INTEGER,
    text              TEXT NOT NULL DEFAULT '',
    goals             TEXT NOT NULL DEFAULT '[]',
    budget_ore        INTEGER NOT NULL DEFAULT 0,
    budget_note       TEXT NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL,
    updated_by        INTEGER REFERENCES users (id) ON DELETE SET NULL
);

-- +goose Down
DROP TABLE strategies;
DROP TABLE guide_versions;
DROP TABLE guide_chapters;
