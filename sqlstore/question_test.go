package sqlstore_test

import (
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestQuestions runs the contract suite of questions, follows and the
// follow digest on both databases, seeded with the guide chapters the
// suite follows.
func TestQuestions(t *testing.T) {
	opts := func(now samspil.Clock) sqlstore.Options {
		o := testdb.Options(now)
		o.GuideChapters = storetest.GuideChapters()
		return o
	}
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunQuestions(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenWith(t, opts(now))
		})
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunQuestions(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, opts(now))
		})
	})
}
