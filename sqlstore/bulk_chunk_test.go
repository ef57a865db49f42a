package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestBulkLoadManyChunks loads several transactions' worth of rows: the
// producer reserves ids for the next chunk while the writer still copies
// the previous one (on PostgreSQL that once shared one connection and
// failed with "conn busy").
func TestBulkLoadManyChunks(t *testing.T) {
	defer sqlstore.SetBulkChunk(50)()
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		st, err := db.BulkLoadSeq(context.Background(), demo.OrganisationSeq(420, 3, nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.Organisations != 420 {
			t.Fatalf("loaded %d organisations, want 420", st.Organisations)
		}
	})
}
