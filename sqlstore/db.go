// Package sqlstore implements samspil.Store over database/sql on two
// databases: embedded SQLite (modernc.org/sqlite, the default for one
// server) and PostgreSQL (pgx's stdlib driver, for several app servers).
//
// The queries are written once; what differs between the two lives in
// dialect.go and in the two migration folders. The contract suite in
// sqlstore/storetest runs against both.
//
// Conventions:
//   - Times are UTC with microsecond precision: INTEGER unix microseconds on
//     SQLite, timestamptz on PostgreSQL. Each write transaction takes "now"
//     once from Options.Now.
//   - Case-insensitive search and name sorting use columns computed in Go
//     (search_text, name_key), so both databases agree on æ, ø and å.
//   - Every change to an organisation, membership, admin flag, RSV status or
//     coordination unit appends an audit_events row in the same transaction,
//     with the actor from samspil.ActorFrom.
//   - SQLite runs in WAL mode with one writer at a time (a mutex plus BEGIN
//     IMMEDIATE) and concurrent readers. PostgreSQL is migrated only by
//     Migrate (`samspil migrate`); Open refuses an out-of-date schema.
//   - Sharding: rows that belong to an organisation carry its id in their
//     primary key; reference tables are small and replicable; there are no
//     triggers or stored procedures. Global unique keys (CVR, e-mail) would
//     become reference tables or lookups in a sharded deployment.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers driver "sqlite"

	"github.com/samspil/samspil"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// Options configures a DB. Catalog validates reference codes of
// organisations; Regions and Municipalities are seeded (idempotently) when
// migrations run. Now defaults to samspil.SystemClock and Logger to
// slog.Default().
type Options struct {
	Catalog        samspil.Catalog
	Regions        []*samspil.Region
	Municipalities []*samspil.Municipality
	Now            samspil.Clock
	Logger         *slog.Logger
	// GuideChapters are the guide's first texts (package guidetext): a
	// chapter whose slug is missing is added as version 1 at start-up;
	// chapters already present are never overwritten.
	GuideChapters []*samspil.GuideChapter
}

// DB is the store on one database. It implements samspil.Store and is safe
// for concurrent use.
type DB struct {
	db     *sql.DB
	d      *dialect
	opts   Options
	log    *slog.Logger
	now    samspil.Clock
	wmu    sync.Mutex // SQLite: one writer at a time, so writers never see SQLITE_BUSY
	purgeM sync.Mutex
	purged time.Time   // last purge of expired sessions
	srch   searchState // reference data and result cache of the platform search (search.go)
}

var _ samspil.Store = (*DB)(nil)

// IsPostgresDSN reports whether dsn names a PostgreSQL server rather than a
// SQLite file.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database named by dsn: a SQLite file path or a
// postgres:// URL. On SQLite it applies pending migrations and seeds the
// reference data; on PostgreSQL it refuses an out-of-date schema and asks
// for `samspil migrate`, so several app servers never race to migrate.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	d, err := open(dsn, opts)
	if err != nil {
		return nil, err
	}
	if err := d.db.PingContext(ctx); err != nil {
		d.db.Close()
		return nil, fmt.Errorf("sqlstore: connect to %s database: %w", d.d.name, err)
	}
	if d.d.name == DialectSQLite {
		if err := d.migrate(ctx); err != nil {
			d.db.Close()
			return nil, err
		}
		if err := d.seed(ctx); err != nil {
			d.db.Close()
			return nil, err
		}
		if err := d.checkSearchIndex(ctx); err != nil {
			d.db.Close()
			return nil, err
		}
		return d, nil
	}
	if err := d.checkSchema(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// Migrate applies pending migrations and seeds the reference data on
// either database, then closes it. It is what `samspil migrate` runs.
func Migrate(ctx context.Context, dsn string, opts Options) error {
	d, err := open(dsn, opts)
	if err != nil {
		return err
	}
	defer d.db.Close()
	if err := d.migrate(ctx); err != nil {
		return err
	}
	if err := d.seed(ctx); err != nil {
		return err
	}
	return d.checkSearchIndex(ctx)
}

func open(dsn string, opts Options) (*DB, error) {
	if opts.Now == nil {
		opts.Now = samspil.SystemClock
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	d := &DB{opts: opts, log: opts.Logger}
	d.now = func() time.Time { return opts.Now().UTC().Truncate(time.Microsecond) }
	var conn string
	if IsPostgresDSN(dsn) {
		d.d = newPostgresDialect()
		conn = dsn
	} else {
		if strings.TrimSpace(dsn) == "" {
			return nil, samspil.Errorf(samspil.EINVALID, "db.dsn.required", "a database file path or postgres:// URL is required")
		}
		if strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory") {
			// Every pooled connection would get its own empty database.
			return nil, samspil.Errorf(samspil.EINVALID, "db.memory.unsupported", "in-memory SQLite is not supported; use a file (tests: sqlstore/testdb)")
		}
		d.d = newSQLiteDialect()
		conn = sqliteDSN(dsn)
	}
	db, err := sql.Open(d.d.driver, conn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s database: %w", d.d.name, err)
	}
	if d.d.name == DialectSQLite {
		// Readers run concurrently in WAL mode; writers are serialised by
		// wmu and BEGIN IMMEDIATE.
		n := runtime.NumCPU()
		if n < 4 {
			n = 4
		}
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
	} else {
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	d.db = db
	return d, nil
}

// sqliteDSN adds the connection settings every SQLite connection needs:
// wait instead of failing on a locked database, WAL for concurrent readers,
// enforced foreign keys and write transactions that take the lock at BEGIN.
func sqliteDSN(path string) string {
	path = strings.TrimPrefix(path, "sqlite://")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&" // the caller gave parameters of its own
	}
	// mmap_size lets readers use the operating system's page cache
	// directly instead of copying pages into each connection's cache: with
	// a pool of about two connections per core it is what keeps searches
	// over a million documents fast. 256 MB bounds the mapped share of RSS.
	return path + sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)&_pragma=mmap_size(268435456)&_txlock=immediate"
}

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFS, d.d.migrations)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations: %w", err)
	}
	var popts []goose.ProviderOption
	if d.d.name == DialectPostgres {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("sqlstore: migration lock: %w", err)
		}
		popts = append(popts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(d.d.goose, d.db, sub, popts...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations: %w", err)
	}
	return p, nil
}

// migrate applies every pending migration.
func (d *DB) migrate(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: apply migrations: %w", err)
	}
	for _, r := range results {
		d.log.Info("migration applied", "dialect", d.d.name, "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// SchemaVersions returns the schema version of the database and the
// version this build needs.
func (d *DB) SchemaVersions(ctx context.Context) (current, target int64, err error) {
	p, err := d.provider()
	if err != nil {
		return 0, 0, err
	}
	current, target, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlstore: read schema version: %w", err)
	}
	return current, target, nil
}

func (d *DB) checkSchema(ctx context.Context) error {
	current, target, err := d.SchemaVersions(ctx)
	if err != nil {
		return err
	}
	if current > target {
		d.log.Warn("sqlstore: the database schema is newer than this build", "schema", current, "build", target)
	}
	if current < target {
		return &samspil.Error{
			Code: samspil.EINTERNAL, Key: "db.schema.outdated",
			Message: fmt.Sprintf("database schema is at version %d, this build needs %d: run `samspil migrate`", current, target),
			Args:    map[string]any{"Current": current, "Target": target},
		}
	}
	return nil
}

// SQL returns the underlying pool, for health checks and tools.
func (d *DB) SQL() *sql.DB { return d.db }

// Dialect returns "sqlite" or "postgres".
func (d *DB) Dialect() string { return d.d.name }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.db.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlstore: ping: %w", err)
	}
	return nil
}

// Close releases the database. On SQLite it first lets the planner
// refresh statistics that have gone stale, as SQLite recommends.
func (d *DB) Close() error {
	if d.d.name == DialectSQLite {
		d.wmu.Lock()
		d.db.Exec("PRAGMA optimize")
		d.wmu.Unlock()
	}
	return d.db.Close()
}

// Backup writes a consistent copy of a SQLite database to path while the
// server keeps running. It refuses to overwrite a file and is not available
// on PostgreSQL, where pg_dump does the job.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.d.name != DialectSQLite {
		return samspil.Errorf(samspil.EINVALID, "backup.postgres", "backup only copies SQLite databases; use pg_dump for PostgreSQL")
	}
	if strings.TrimSpace(path) == "" {
		return samspil.Errorf(samspil.EINVALID, "backup.path.required", "a file name for the backup is required")
	}
	if _, err := os.Stat(path); err == nil {
		return &samspil.Error{Code: samspil.ECONFLICT, Key: "backup.exists", Message: "the backup file already exists", Args: map[string]any{"Path": path}}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlstore: backup: %w", err)
	}
	if _, err := d.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("sqlstore: backup: %w", err)
	}
	return nil
}

// conn runs rebound queries on the pool or on a transaction.
type conn struct {
	ctx context.Context
	d   *dialect
	q   interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
}

func (c conn) exec(query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(c.ctx, c.d.q(query), args...)
}

func (c conn) query(query string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(c.ctx, c.d.q(query), args...)
}

func (c conn) queryRow(query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(c.ctx, c.d.q(query), args...)
}

// read returns a conn on the pool for queries outside a transaction.
func (d *DB) read(ctx context.Context) conn { return conn{ctx: ctx, d: d.d, q: d.db} }

// wtx is a write transaction with "now" fixed once, so every row and audit
// event a change writes carries the same time.
type wtx struct {
	conn
	tx    *sql.Tx
	now   time.Time
	actor int64
}

// write runs fn in a transaction and commits when it returns nil.
func (d *DB) write(ctx context.Context, fn func(tx *wtx) error) error {
	if d.d.name == DialectSQLite {
		d.wmu.Lock()
		defer d.wmu.Unlock()
	}
	sqlTx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	t := &wtx{conn: conn{ctx: ctx, d: d.d, q: sqlTx}, tx: sqlTx, now: d.now(), actor: samspil.ActorFrom(ctx)}
	if err := fn(t); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

// audit appends an audit event in the transaction. before and after are
// marshalled to JSON; nil leaves them empty.
func (t *wtx) audit(action, entityType string, entityID int64, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return fmt.Errorf("sqlstore: audit: %w", err)
	}
	a, err := enc(after)
	if err != nil {
		return fmt.Errorf("sqlstore: audit: %w", err)
	}
	_, err = t.exec(`INSERT INTO audit_events (actor_id, action, entity_type, entity_id, before_json, after_json, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, t.actor, action, entityType, entityID, b, a, t.d.ts(t.now))
	if err != nil {
		return fmt.Errorf("sqlstore: audit: %w", err)
	}
	return nil
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (c conn) insertID(query string, args ...any) (int64, error) {
	var id int64
	err := c.queryRow(query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// internal wraps a driver error so it is logged but never shown: its code
// is EINTERNAL because it is not a *samspil.Error.
func internal(what string, err error) error {
	return fmt.Errorf("sqlstore: %s: %w", what, err)
}

// notFound builds an ENOTFOUND error with a translation key.
func notFound(key, msg string) error {
	return samspil.Errorf(samspil.ENOTFOUND, key, "%s", msg)
}

// conflict builds an ECONFLICT error for one field.
func conflict(field, key, msg string) error {
	return &samspil.Error{
		Code: samspil.ECONFLICT, Key: key, Message: msg,
		Fields: []samspil.FieldError{{Field: field, Key: key, Message: msg}},
	}
}

// invalid builds an EINVALID error for one field.
func invalid(field, key, msg string) error {
	var v samspil.Validation
	v.Add(field, key, msg, nil)
	return v.Err()
}

// page checks and normalises offset and limit the same way for every list.
func page(offset, limit int) (int, int, error) {
	var v samspil.Validation
	if offset < 0 {
		v.Add("offset", "page.offset.negative", "the offset cannot be negative", nil)
	}
	if limit < 0 {
		v.Add("limit", "page.limit.negative", "the page size cannot be negative", nil)
	}
	if err := v.Err(); err != nil {
		return 0, 0, err
	}
	if limit == 0 {
		limit = samspil.DefaultPageSize
	}
	if limit > samspil.MaxPageSize {
		limit = samspil.MaxPageSize
	}
	return offset, limit, nil
}

// whereClause joins a list's filter conditions into " WHERE a AND b", or
// "" when nothing filters.
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
