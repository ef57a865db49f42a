package sqlstore_test

import (
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestPbrContractStore runs the outcome contract store's contract on both
// databases.
func TestPbrContractStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunPbrContracts(t, func(t *testing.T, now samspil.Clock) samspil.Store { return testdb.OpenWith(t, testdb.Options(now)) })
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunPbrContracts(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, testdb.Options(now))
		})
	})
}
