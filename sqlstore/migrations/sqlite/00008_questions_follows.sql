-- +goose Up
-- Questions between municipalities, their answers and votes, and what
-- people follow (issue 4), for SQLite. Keep in step with
-- ../postgres/00008_questions_follows.sql.

-- A question asked by municipal staff. search_text is title, body and
-- tags folded in Go, for a case-insensitive match that agrees on both
-- databases; answer_count is kept by CreateAnswer so lists sort and filter
-- without counting.
CREATE TABLE questions (
    id                 INTEGER PRIMARY KEY,
    author_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id    INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    title              TEXT NOT NULL,
    body               TEXT NOT NULL DEFAULT '',
    visibility         TEXT NOT NULL,
    search_text        TEXT NOT NULL DEFAULT '',
    accepted_answer_id INTEGER,
    answer_count       INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX questions_created_idx ON questions (visibility, created_at, id);
CREATE INDEX questions_updated_idx ON questions (visibility, updated_at, id);
CREATE INDEX questions_author_idx ON questions (author_id, created_at);

CREATE TABLE question_tags (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (question_id, tag)
);
CREATE INDEX question_tags_tag_idx ON question_tags (tag, question_id);

CREATE TABLE answers (
    id              INTEGER PRIMARY KEY,
    question_id     INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    author_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX answers_question_idx ON answers (question_id, id);

-- One vote per person and answer: the primary key makes voting twice
-- count once.
CREATE TABLE answer_votes (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, answer_id)
);
CREATE INDEX answer_votes_answer_idx ON answer_votes (answer_id);

-- What a person follows: a case or question id, a tag, a kommunekode or
-- a guide chapter's slug. The second index finds the followers of one
-- thing when it changes.
CREATE TABLE follows (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, key)
);
CREATE INDEX follows_target_idx ON follows (kind, key, user_id);

-- +goose Down
DROP TABLE follows;
DROP TABLE answer_votes;
DROP TABLE answers;
DROP TABLE question_tags;
DROP TABLE questions;
