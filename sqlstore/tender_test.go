package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestTenderStore runs the tender contract on both databases.
func TestTenderStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunTenders(t, func(t *testing.T, now samspil.Clock) samspil.Store { return testdb.OpenWith(t, testdb.Options(now)) })
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunTenders(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, testdb.Options(now))
		})
	})
}

// TestRebuildSearchIndexTenders checks that a rebuild brings back the
// published and awarded tenders, and neither drafts nor cancelled ones.
func TestRebuildSearchIndexTenders(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			clock := storetest.NewClock(storetest.Start)
			var db *sqlstore.DB
			if name == "sqlite" {
				db = testdb.OpenWith(t, testdb.Options(clock.Now))
			} else {
				db = testdb.OpenPostgresWith(t, testdb.Options(clock.Now))
			}
			published, awarded := storetest.TenderSearchSetup(t, db, clock)
			if err := db.RebuildSearchIndex(context.Background()); err != nil {
				t.Fatal(err)
			}
			storetest.CheckTenderSearch(t, db, published, awarded)
		})
	}
}
