package sqlstore_test

import (
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestProcurement runs the recommender's store contract on both databases.
func TestProcurement(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunProcurement(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenWith(t, testdb.Options(now))
		})
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunProcurement(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, testdb.Options(now))
		})
	})
}
