package sqlstore_test

import (
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestPbrClaimStore runs the claims and statements contract on both
// databases.
func TestPbrClaimStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunPbrClaims(t, func(t *testing.T, now samspil.Clock) samspil.Store { return testdb.OpenWith(t, testdb.Options(now)) })
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunPbrClaims(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, testdb.Options(now))
		})
	})
}
