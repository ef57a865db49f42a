package sqlstore_test

import (
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestTableBlobs runs the blob store contract on the blobs table of both
// databases.
func TestTableBlobs(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunBlobStore(t, func(t *testing.T) samspil.BlobStore { return testdb.Open(t).TableBlobs() })
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunBlobStore(t, func(t *testing.T) samspil.BlobStore { return testdb.OpenPostgres(t).TableBlobs() })
	})
}
