package sqlstore_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// guideOptions are the test options with the guide suite's chapters.
func guideOptions(now samspil.Clock) sqlstore.Options {
	opts := testdb.Options(now)
	opts.GuideChapters = storetest.GuideChapters()
	return opts
}

// TestGuideStore runs the guide and strategy contract suites on both
// databases.
func TestGuideStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		open := func(t *testing.T, now samspil.Clock) samspil.Store { return testdb.OpenWith(t, guideOptions(now)) }
		storetest.RunGuide(t, open)
		storetest.RunStrategies(t, open)
	})
	t.Run("postgres", func(t *testing.T) {
		open := func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, guideOptions(now))
		}
		storetest.RunGuide(t, open)
		storetest.RunStrategies(t, open)
	})
}

// reseed runs the start-up seeding of db's database again with opts: a
// reopen on SQLite, `samspil migrate` on PostgreSQL.
func reseed(t *testing.T, db *sqlstore.DB, opts sqlstore.Options) {
	t.Helper()
	ctx := context.Background()
	if db.Dialect() == sqlstore.DialectSQLite {
		db2, err := sqlstore.Open(ctx, sqliteFile(t, db), opts)
		if err != nil {
			t.Fatal(err)
		}
		db2.Close()
		return
	}
	var name string
	if err := db.SQL().QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	if err := sqlstore.Migrate(ctx, replaceDatabase(t, os.Getenv(testdb.EnvPostgres), name), opts); err != nil {
		t.Fatal(err)
	}
}

// TestGuideSeedIsIdempotent: seeding again adds chapters that are new in
// the seed text and never touches chapters already present, edited or not.
func TestGuideSeedIsIdempotent(t *testing.T) {
	open := map[string]func(testing.TB, sqlstore.Options) *sqlstore.DB{
		"sqlite": func(tb testing.TB, o sqlstore.Options) *sqlstore.DB { return testdb.OpenWith(tb, o) },
		"postgres": func(tb testing.TB, o sqlstore.Options) *sqlstore.DB {
			return testdb.OpenPostgresWith(tb, o)
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open[name](t, guideOptions(nil))
			g, err := db.FindGuideChapter(ctx, "afknopning")
			must(t, err)
			_, err = db.UpdateGuideChapter(ctx, g.Slug, samspil.GuideEdit{Title: g.Title, Summary: g.Summary, Body: "Sekretariatets tekst", BaseVersion: 1})
			must(t, err)

			// A new release changes the shipped text of every chapter and
			// adds one.
			opts := guideOptions(nil)
			for _, c := range opts.GuideChapters {
				c.Body += "\n\nNy tekst fra udgivelsen."
			}
			opts.GuideChapters = append(opts.GuideChapters, &samspil.GuideChapter{Slug: "intraprenoerskab", Title: "Intraprenørskab",
				Model: samspil.ModelIntraprenorskab, Body: "Medarbejdere med idéer.\r\n"})
			reseed(t, db, opts)
			reseed(t, db, opts)

			chapters, err := db.FindGuideChapters(ctx)
			must(t, err)
			if len(chapters) != 4 {
				t.Fatalf("chapters = %d, want 4", len(chapters))
			}
			for _, c := range chapters {
				if strings.Contains(c.Body, "Ny tekst fra udgivelsen") {
					t.Errorf("chapter %s was overwritten by the seed", c.Slug)
				}
			}
			if c, err := db.FindGuideChapter(ctx, "afknopning"); err != nil || c.Body != "Sekretariatets tekst" || c.Version != 2 {
				t.Fatalf("edited chapter = %+v, %v", c, err)
			}
			added, err := db.FindGuideChapter(ctx, "intraprenoerskab")
			must(t, err)
			if added.Version != 1 || added.Body != "Medarbejdere med idéer." || added.Position != 4 || chapters[3].Slug != "intraprenoerskab" {
				t.Fatalf("added chapter = %+v", added)
			}
			vs, total, err := db.FindGuideVersions(ctx, added.ID, 0, 0)
			must(t, err)
			if total != 1 || vs[0].Note != sqlstore.SeedNote {
				t.Fatalf("added chapter's versions = %d %+v", total, vs)
			}
			_, total, err = db.FindGuideVersions(ctx, 0, 0, 0)
			must(t, err)
			if total != 5 {
				t.Fatalf("all versions = %d, want 5", total)
			}
		})
	}
}

// TestGuideSeedRefusesBadChapters: a broken seed text stops the start
// instead of storing a chapter nobody can link to.
func TestGuideSeedRefusesBadChapters(t *testing.T) {
	for _, bad := range []*samspil.GuideChapter{
		{Slug: "Med Mellemrum", Title: "x", Body: "y"},
		{Slug: "tom", Title: "x", Body: " "},
		{Slug: "model", Title: "x", Body: "y", Model: "ukendt"},
	} {
		opts := testdb.Options(nil)
		opts.GuideChapters = []*samspil.GuideChapter{bad}
		db, err := sqlstore.Open(context.Background(), t.TempDir()+"/bad.db", opts)
		if err == nil {
			db.Close()
			t.Errorf("seed accepted %+v", bad)
		}
	}
}
