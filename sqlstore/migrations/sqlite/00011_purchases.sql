-- +goose Up
-- Purchase lines from the municipalities' finance systems and the spend
-- aggregates the spend page reads (issue 5), for SQLite. Keep in step with
-- ../postgres/00011_purchases.sql.

-- One committed import of a file; its sums cover every line of the file,
-- new or already imported.
CREATE TABLE purchase_imports (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    file_name         TEXT NOT NULL DEFAULT '',
    sha256            TEXT NOT NULL DEFAULT '',
    format            TEXT NOT NULL DEFAULT '',
    lines             INTEGER NOT NULL DEFAULT 0,
    new_lines         INTEGER NOT NULL DEFAULT 0,
    total_ore         INTEGER NOT NULL DEFAULT 0,
    sov_ore           INTEGER NOT NULL DEFAULT 0,
    rsv_ore           INTEGER NOT NULL DEFAULT 0,
    imported_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    imported_at       INTEGER NOT NULL
);
CREATE INDEX purchase_imports_municipality_idx ON purchase_imports (municipality_code, id);

-- One purchase line. line_key makes re-imports idempotent per
-- municipality; supplier_key is the CVR, or "n:" and the folded name for
-- lines without one. No foreign keys: a million-line import checks the
-- municipality and the import once, not per row.
CREATE TABLE purchases (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL,
    import_id         INTEGER NOT NULL,
    line_key          TEXT NOT NULL,
    supplier_key      TEXT NOT NULL,
    supplier_cvr      TEXT NOT NULL DEFAULT '',
    supplier_name     TEXT NOT NULL DEFAULT '',
    amount_ore        INTEGER NOT NULL,
    posted_on         TEXT NOT NULL,
    year              INTEGER NOT NULL,
    quarter           INTEGER NOT NULL,
    cpv               TEXT NOT NULL DEFAULT '',
    cpv_division      TEXT NOT NULL DEFAULT '',
    account           TEXT NOT NULL DEFAULT '',
    invoice_ref       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX purchases_key_idx ON purchases (municipality_code, line_key);
CREATE INDEX purchases_import_idx ON purchases (import_id);

-- The finest aggregate: one supplier in one CPV division in one quarter of
-- one municipality. Re-classifying a supplier (SØV, RSV) reads its cells.
CREATE TABLE spend_cells (
    municipality_code TEXT NOT NULL,
    year              INTEGER NOT NULL,
    quarter           INTEGER NOT NULL,
    supplier_key      TEXT NOT NULL,
    cpv_division      TEXT NOT NULL,
    total_ore         INTEGER NOT NULL,
    lines             INTEGER NOT NULL,
    PRIMARY KEY (municipality_code, year, quarter, supplier_key, cpv_division)
) WITHOUT ROWID;
CREATE INDEX spend_cells_supplier_idx ON spend_cells (supplier_key);

-- A supplier's spend per quarter (1-4) and per year (quarter 0), ordered
-- by size for the top-supplier list. class is how the supplier is counted
-- in the sums: 0 ordinary, 1 SØV, 2 RSV-verified SØV.
CREATE TABLE spend_suppliers (
    municipality_code TEXT NOT NULL,
    year              INTEGER NOT NULL,
    quarter           INTEGER NOT NULL,
    supplier_key      TEXT NOT NULL,
    supplier_cvr      TEXT NOT NULL DEFAULT '',
    supplier_name     TEXT NOT NULL DEFAULT '',
    total_ore         INTEGER NOT NULL,
    lines             INTEGER NOT NULL,
    class             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality_code, year, quarter, supplier_key)
) WITHOUT ROWID;
CREATE INDEX spend_suppliers_size_idx ON spend_suppliers (municipality_code, year, quarter, total_ore, supplier_key);
CREATE INDEX spend_suppliers_supplier_idx ON spend_suppliers (supplier_key);

-- Spend per CPV division ("" without CPV) and quarter.
CREATE TABLE spend_divisions (
    municipality_code TEXT NOT NULL,
    year              INTEGER NOT NULL,
    quarter           INTEGER NOT NULL,
    cpv_division      TEXT NOT NULL,
    total_ore         INTEGER NOT NULL,
    sov_ore           INTEGER NOT NULL,
    rsv_ore           INTEGER NOT NULL,
    lines             INTEGER NOT NULL,
    PRIMARY KEY (municipality_code, year, quarter, cpv_division)
) WITHOUT ROWID;

-- Spend per quarter: the headline figures, the quarters and the peers.
CREATE TABLE spend_totals (
    municipality_code TEXT NOT NULL,
    year              INTEGER NOT NULL,
    quarter           INTEGER NOT NULL,
    total_ore         INTEGER NOT NULL,
    sov_ore           INTEGER NOT NULL,
    rsv_ore           INTEGER NOT NULL,
    lines             INTEGER NOT NULL,
    PRIMARY KEY (municipality_code, year, quarter)
) WITHOUT ROWID;
CREATE INDEX spend_totals_year_idx ON spend_totals (year, municipality_code);

-- The class each CVR is counted with in the aggregates (absent: 0), so a
-- change of an organisation's kind, CVR or RSV check moves exactly the
-- difference.
CREATE TABLE spend_classes (
    supplier_cvr TEXT PRIMARY KEY,
    class        INTEGER NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE spend_classes;
DROP TABLE spend_totals;
DROP TABLE spend_divisions;
DROP TABLE spend_suppliers;
DROP TABLE spend_cells;
DROP TABLE purchases;
DROP TABLE purchase_imports;
