// Package blob keeps uploaded file content in a folder, named by its
// SHA-256, so the same file is stored once and a name can never escape
// the folder. It is the blob store of single-server (SQLite) installations
// and of PostgreSQL deployments that share a folder between app servers.
package blob

import (
	"context"
	"io"

	samspil "github.com/samspil/samspil"
)

// Dir is a folder-backed samspil.BlobStore. (Stub: replaced by its owner.)
type Dir struct{ path string }

var _ samspil.BlobStore = (*Dir)(nil)

// NewDir creates the folder if needed and returns the store.
func NewDir(path string) (*Dir, error) { return &Dir{path: path}, nil }

// PutBlob stores r's content under its SHA-256.
func (d *Dir) PutBlob(ctx context.Context, r io.Reader) (string, int64, error) {
	return "", 0, samspil.Errorf(samspil.EINTERNAL, "error.internal", "not implemented yet")
}

// OpenBlob opens a stored blob, or ENOTFOUND.
func (d *Dir) OpenBlob(ctx context.Context, sum string) (io.ReadSeekCloser, error) {
	return nil, samspil.Errorf(samspil.EINTERNAL, "error.internal", "not implemented yet")
}
