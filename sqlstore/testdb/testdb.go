// Package testdb opens fresh, migrated and seeded databases for tests of
// any package that needs a real store: SQLite in a temporary folder, and
// PostgreSQL on the server named by SAMSPIL_TEST_POSTGRES.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
)

// Options returns the store options tests use: the embedded reference
// data, the given clock (nil for the system clock) and a quiet logger.
func Options(now samspil.Clock) sqlstore.Options {
	return sqlstore.Options{
		Catalog:        refdata.Catalog,
		Regions:        refdata.Regions(),
		Municipalities: refdata.Municipalities(),
		Now:            now,
		Logger:         quietLogger(),
	}
}

// Open returns a fresh migrated and seeded SQLite database in tb.TempDir(),
// closed when the test ends.
func Open(tb testing.TB) *sqlstore.DB {
	tb.Helper()
	return OpenWith(tb, Options(nil))
}

// OpenWith is Open with explicit options (e.g. an injected clock).
func OpenWith(tb testing.TB, opts sqlstore.Options) *sqlstore.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "samspil.db")
	db, err := sqlstore.Open(context.Background(), path, opts)
	if err != nil {
		tb.Fatalf("testdb: open SQLite %s: %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// EnvPostgres names the environment variable with the URL of a PostgreSQL
// database that may create and drop databases.
const EnvPostgres = "SAMSPIL_TEST_POSTGRES"

// EnvRequirePostgres, when "1", turns a missing EnvPostgres into a failure
// instead of a skip, so CI cannot pass without testing PostgreSQL.
const EnvRequirePostgres = "SAMSPIL_REQUIRE_POSTGRES"

// OpenPostgres creates a fresh, uniquely named database on the server in
// SAMSPIL_TEST_POSTGRES, migrates and seeds it, and drops it when the test
// ends. Without the variable it skips, unless SAMSPIL_REQUIRE_POSTGRES=1.
func OpenPostgres(tb testing.TB) *sqlstore.DB {
	tb.Helper()
	return OpenPostgresWith(tb, Options(nil))
}

// OpenPostgresWith is OpenPostgres with explicit options.
func OpenPostgresWith(tb testing.TB, opts sqlstore.Options) *sqlstore.DB {
	tb.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		if os.Getenv(EnvRequirePostgres) == "1" {
			tb.Fatalf("testdb: %s=1 but %s is not set: PostgreSQL tests cannot run. "+
				"Set %s to a postgres:// URL of a user that may create databases.", EnvRequirePostgres, EnvPostgres, EnvPostgres)
		}
		tb.Skipf("testdb: %s not set; skipping PostgreSQL", EnvPostgres)
	}
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("testdb: bad %s: %v", EnvPostgres, err)
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	name := "samspil_test_" + hex.EncodeToString(rnd[:])

	adminDB, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatalf("testdb: connect to %s: %v", EnvPostgres, err)
	}
	ctx := context.Background()
	if _, err := adminDB.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		adminDB.Close()
		tb.Fatalf("testdb: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := adminDB.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("testdb: drop database %s: %v", name, err)
		}
		adminDB.Close()
	})

	u.Path = "/" + name
	dsn := u.String()
	if err := sqlstore.Migrate(ctx, dsn, opts); err != nil {
		tb.Fatalf("testdb: migrate %s: %v", name, err)
	}
	db, err := sqlstore.Open(ctx, dsn, opts)
	if err != nil {
		tb.Fatalf("testdb: open %s: %v", name, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Both runs fn as subtest "sqlite" on a fresh SQLite database and as
// "postgres" on a fresh PostgreSQL database (skipped without a server,
// unless SAMSPIL_REQUIRE_POSTGRES=1).
func Both(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, Open(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}
