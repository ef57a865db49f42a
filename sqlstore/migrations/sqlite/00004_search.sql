-- +goose Up
-- The platform search (issue 3), SQLite. One document per searchable
-- thing (organisation, opportunity; cases and guides later) in
-- search_docs, and an FTS5 index over the tokens the Go package
-- textsearch produced, with the document's facet tokens ("m_0101",
-- "k_sov", …) in the same indexed text so facet filters are part of the
-- MATCH. Keep in step with ../postgres/00004_search.sql.

CREATE TABLE search_docs (
    id                INTEGER PRIMARY KEY,        -- the FTS rowid
    doc_type          TEXT NOT NULL,              -- samspil.SearchType
    ref_id            INTEGER NOT NULL,           -- id in the document's own table
    title             TEXT NOT NULL,
    snippet           TEXT NOT NULL DEFAULT '',   -- start of the description
    name_key          TEXT NOT NULL,              -- Danish sort key of the title
    kind              TEXT NOT NULL DEFAULT '',
    municipality_code TEXT NOT NULL DEFAULT '',
    region_code       TEXT NOT NULL DEFAULT '',
    rsv               INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL DEFAULT '',
    live              INTEGER NOT NULL DEFAULT 1, -- organisations and open opportunities
    facets            TEXT NOT NULL,              -- facet tokens, space-separated
    tokens            TEXT NOT NULL,              -- analysed text tokens, space-separated
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (doc_type, ref_id)
);
CREATE INDEX search_docs_name_idx ON search_docs (name_key, id);
CREATE INDEX search_docs_created_idx ON search_docs (created_at, id);
-- Browsing by one facet value in name order (and the opportunity board
-- by date) reads a page straight from one of these.
CREATE INDEX search_docs_kind_idx ON search_docs (kind, name_key, id);
CREATE INDEX search_docs_municipality_idx ON search_docs (municipality_code, name_key, id);
CREATE INDEX search_docs_region_idx ON search_docs (region_code, name_key, id);
CREATE INDEX search_docs_type_idx ON search_docs (doc_type, live, name_key, id);
CREATE INDEX search_docs_type_created_idx ON search_docs (doc_type, live, created_at, id);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    body,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);

-- The facet tokens again, in a narrow table (SQLite only): counting
-- facets reads them for every matching document, and the wide rows of
-- search_docs cost five times as much to visit. PostgreSQL reads
-- search_docs.facets.
CREATE TABLE search_facets (
    id     INTEGER PRIMARY KEY, -- search_docs.id
    facets TEXT NOT NULL
);

-- Documents per facet token (and "*" for all), over every document and
-- over live ones, kept by the index writes: facet counts of an empty
-- search without filters cost one small read.
CREATE TABLE search_counts (
    token  TEXT PRIMARY KEY,
    n      INTEGER NOT NULL DEFAULT 0,
    n_live INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Documents per ordered pair of facet tokens (a, b), over every document
-- and over live ones: the facet counts of a search without text that
-- filters by one value of one facet ("kind=sov") are the pairs (value, *),
-- one small read instead of a pass over every matching document.
CREATE TABLE search_pairs (
    a      TEXT NOT NULL,
    b      TEXT NOT NULL,
    n      INTEGER NOT NULL DEFAULT 0,
    n_live INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- generation grows with every index write (search result caches key on
-- it); version is the textsearch.Version the index was built with.
CREATE TABLE search_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    version    INTEGER NOT NULL
);
INSERT INTO search_state (id, generation, version) VALUES (1, 0, 0);

-- +goose Down
DROP TABLE search_state;
DROP TABLE search_pairs;
DROP TABLE search_counts;
DROP TABLE search_facets;
DROP TABLE search_fts;
DROP TABLE search_docs;
