package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// This file holds everything that differs between SQLite and PostgreSQL.
// Queries elsewhere are written once, with "?" placeholders and portable
// SQL (INSERT … ON CONFLICT, RETURNING, LIKE on Go-lowered columns); the
// dialect rewrites placeholders, encodes times and recognises constraint
// errors.

// Dialect names returned by (*DB).Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// dialect is the small set of differences between the two databases.
type dialect struct {
	name       string
	driver     string        // database/sql driver name
	goose      goose.Dialect // migration dialect
	migrations string        // folder under migrations/
	forUpdate  string        // row-lock suffix for SELECTs inside write transactions
	position   string        // substring position function: 1-based, 0 when absent

	rebound sync.Map // query text with "?" -> query text for this dialect
}

func newSQLiteDialect() *dialect {
	return &dialect{name: DialectSQLite, driver: "sqlite", goose: goose.DialectSQLite3, migrations: "migrations/sqlite", position: "instr"}
}

func newPostgresDialect() *dialect {
	return &dialect{name: DialectPostgres, driver: "pgx", goose: goose.DialectPostgres, migrations: "migrations/postgres", forUpdate: " FOR UPDATE", position: "strpos"}
}

// q rewrites "?" placeholders to "$1", "$2", … for PostgreSQL. Queries in
// this package never contain a literal question mark, so no quoting rules
// are needed. Results are cached because the same texts recur.
func (d *dialect) q(query string) string {
	if d.name != DialectPostgres {
		return query
	}
	if v, ok := d.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	s := b.String()
	// Generated IN-lists vary in length; only cache texts likely to recur.
	if len(query) < 4096 {
		d.rebound.Store(query, s)
	}
	return s
}

// contains returns a condition that column (already folded in Go)
// contains the query argument: a plain substring search, faster than LIKE
// and free of wildcard escaping. Pass fold(q) as the argument.
func (d *dialect) contains(column string) string {
	return d.position + "(" + column + ", ?) > 0"
}

// ts encodes a time for a query argument: unix microseconds on SQLite,
// timestamptz on PostgreSQL. Both keep microsecond precision.
func (d *dialect) ts(t time.Time) any {
	if d.name == DialectSQLite {
		return t.UTC().UnixMicro()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// tsPtr is ts for optional times; nil becomes SQL NULL.
func (d *dialect) tsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return d.ts(*t)
}

// timeScanner reads a time column written by ts on either database.
type timeScanner struct{ dst *time.Time }

// Scan implements sql.Scanner.
func (s timeScanner) Scan(src any) error {
	t, ok, err := decodeTime(src)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("sqlstore: NULL in a required time column")
	}
	*s.dst = t
	return nil
}

// nullTimeScanner reads an optional time column into a *time.Time.
type nullTimeScanner struct{ dst **time.Time }

// Scan implements sql.Scanner.
func (s nullTimeScanner) Scan(src any) error {
	t, ok, err := decodeTime(src)
	if err != nil {
		return err
	}
	if !ok {
		*s.dst = nil
		return nil
	}
	*s.dst = &t
	return nil
}

func decodeTime(src any) (time.Time, bool, error) {
	switch v := src.(type) {
	case nil:
		return time.Time{}, false, nil
	case int64:
		return time.UnixMicro(v).UTC(), true, nil
	case time.Time:
		return v.UTC(), true, nil
	default:
		return time.Time{}, false, fmt.Errorf("sqlstore: cannot read %T as time", src)
	}
}

// isUniqueViolation reports whether err is a unique or primary-key
// constraint failure on either driver.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// isForeignKeyViolation reports whether err is a foreign-key failure.
func isForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	return false
}

// maxBatchParams bounds the parameters of one multi-row INSERT. SQLite
// allows 32766 and PostgreSQL 65535; staying well below keeps statements of
// a reasonable size on both.
const maxBatchParams = 8000

// reserveIDs returns n unused ids of table for rows this transaction then
// inserts with explicit ids, so bulk inserts need no RETURNING per row.
func (t *wtx) reserveIDs(table string, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if t.d.name == DialectSQLite {
		// SQLite transactions here hold the write lock from BEGIN, so the
		// ids after the current maximum stay free until commit.
		var max int64
		if err := t.queryRow(`SELECT COALESCE(MAX(id), 0) FROM ` + table).Scan(&max); err != nil {
			return nil, internal("reserve ids", err)
		}
		for i := 1; i <= n; i++ {
			ids = append(ids, max+int64(i))
		}
		return ids, nil
	}
	// PostgreSQL: draw from the identity column's sequence.
	rows, err := t.query(`SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, ?)`, n)
	if err != nil {
		return nil, internal("reserve ids", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, internal("reserve ids", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("reserve ids", err)
	}
	if len(ids) != n {
		return nil, internal("reserve ids", fmt.Errorf("got %d of %d", len(ids), n))
	}
	return ids, nil
}

// analyze refreshes the planner's statistics after a bulk load. Failure is
// only logged: the data is already committed and correct.
func (d *DB) analyze(ctx context.Context) {
	q := `ANALYZE`
	if d.d.name == DialectPostgres {
		// VACUUM also sets the visibility map, so counts can use
		// index-only scans right after a large import.
		q = `VACUUM (ANALYZE) organisations, org_target_groups, org_cpv_codes, org_sectors, org_effects`
	}
	if d.d.name == DialectSQLite {
		d.wmu.Lock()
		defer d.wmu.Unlock()
	}
	if _, err := d.db.ExecContext(ctx, q); err != nil {
		d.log.Warn("sqlstore: analyze after bulk load failed", "err", err)
	}
}
