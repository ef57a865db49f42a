package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestStore runs the contract suite on both databases.
func TestStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenWith(t, testdb.Options(now))
		})
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, testdb.Options(now))
		})
	})
}

func TestOpenIsIdempotent(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if db.Dialect() != sqlstore.DialectSQLite && db.Dialect() != sqlstore.DialectPostgres {
			t.Fatalf("dialect = %q", db.Dialect())
		}
		// Seeding again adds nothing.
		if db.Dialect() == sqlstore.DialectSQLite {
			path := sqliteFile(t, db)
			db2, err := sqlstore.Open(ctx, path, testdb.Options(nil))
			if err != nil {
				t.Fatal(err)
			}
			db2.Close()
		}
		_, total, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgKommune})
		if err != nil || total != 98 {
			t.Fatalf("kommune organisations = %d, %v", total, err)
		}
		cur, target, err := db.SchemaVersions(ctx)
		if err != nil || cur != target || cur < 1 {
			t.Fatalf("schema versions %d/%d %v", cur, target, err)
		}
	})
}

func sqliteFile(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	var seq int
	var name, file string
	if err := db.SQL().QueryRow("PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestPostgresRefusesOutdatedSchema(t *testing.T) {
	db := testdb.OpenPostgres(t)
	ctx := context.Background()
	// Pretend the newest migration was never applied.
	if _, err := db.SQL().ExecContext(ctx, "DELETE FROM goose_db_version WHERE version_id = (SELECT MAX(version_id) FROM goose_db_version)"); err != nil {
		t.Fatal(err)
	}
	var dsn string
	if err := db.SQL().QueryRowContext(ctx, "SELECT current_database()").Scan(&dsn); err != nil {
		t.Fatal(err)
	}
	url := os.Getenv(testdb.EnvPostgres)
	url = replaceDatabase(t, url, dsn)
	_, err := sqlstore.Open(ctx, url, testdb.Options(nil))
	if err == nil {
		t.Fatal("Open accepted an out-of-date schema")
	}
	if e, ok := samspil.AsError(err); !ok || e.Key != "db.schema.outdated" {
		t.Fatalf("error = %v", err)
	}
	t.Log(err)
}

func replaceDatabase(t *testing.T, raw, name string) string {
	t.Helper()
	u, err := parseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestBackup(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	must(t, db.CreateOrganisation(ctx, &samspil.Organisation{Name: "Sikkerhedskopi", Kind: samspil.OrgAndet, MunicipalityCode: "0101"}))
	path := filepath.Join(t.TempDir(), "copy.db")
	must(t, db.Backup(ctx, path))
	if got := samspil.ErrorCode(db.Backup(ctx, path)); got != samspil.ECONFLICT {
		t.Fatalf("second backup to the same file: code %q", got)
	}
	cp, err := sqlstore.Open(ctx, path, testdb.Options(nil))
	must(t, err)
	defer cp.Close()
	_, total, err := cp.FindOrganisations(ctx, samspil.OrganisationFilter{Query: "sikkerhedskopi"})
	must(t, err)
	if total != 1 {
		t.Fatalf("organisation in backup = %d", total)
	}

	pg := testdb.OpenPostgres(t)
	if got := samspil.ErrorCode(pg.Backup(ctx, filepath.Join(t.TempDir(), "x.db"))); got != samspil.EINVALID {
		t.Fatalf("PostgreSQL backup: code %q", got)
	}
}

// TestConcurrentWrites checks that parallel writers on SQLite wait for each
// other instead of failing with SQLITE_BUSY.
func TestConcurrentWrites(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := 0; i < 15; i++ {
					o := &samspil.Organisation{CVR: storetest.ValidCVR(g*100 + i), Name: fmt.Sprintf("Parallel %d-%d", g, i), Kind: samspil.OrgSOV, MunicipalityCode: "0101"}
					if err := db.CreateOrganisation(ctx, o); err != nil {
						errs <- err
						return
					}
					if err := db.Sessions().Commit(fmt.Sprintf("s-%d-%d", g, i), []byte("x"), samspil.SystemClock().Add(3600e9)); err != nil {
						errs <- err
						return
					}
					if _, _, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Query: "parallel"}); err != nil {
						errs <- err
						return
					}
				}
			}(g)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		_, total, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Query: "parallel"})
		must(t, err)
		if total != 8*15 {
			t.Fatalf("total = %d", total)
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateThenOpenSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	must(t, sqlstore.Migrate(ctx, path, testdb.Options(nil)))
	must(t, sqlstore.Migrate(ctx, path, testdb.Options(nil))) // idempotent
	db, err := sqlstore.Open(ctx, path, testdb.Options(nil))
	must(t, err)
	defer db.Close()
	ms, err := db.FindMunicipalities(ctx)
	must(t, err)
	if len(ms) != 98 {
		t.Fatalf("municipalities = %d", len(ms))
	}
	_, total, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgKommune})
	must(t, err)
	if total != 98 {
		t.Fatalf("kommune organisations after two migrations and an open = %d", total)
	}
}

func TestOpenRefusesBadDSN(t *testing.T) {
	for _, dsn := range []string{"", "  ", ":memory:", "file::memory:?cache=shared"} {
		_, err := sqlstore.Open(context.Background(), dsn, testdb.Options(nil))
		if samspil.ErrorCode(err) != samspil.EINVALID {
			t.Errorf("Open(%q) = %v, want EINVALID", dsn, err)
		}
	}
}
