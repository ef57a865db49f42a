// Package blob keeps uploaded file content in a folder, named by its
// SHA-256, so the same file is stored once and a name can never escape
// the folder. It is the blob store of single-server (SQLite) installations
// and of PostgreSQL deployments that share a folder between app servers.
//
// A blob with sum "ab12…" lives at <dir>/ab/12…: the first two hex digits
// spread the files over 256 folders. Content is written to a temporary file
// in the same folder, synced and renamed into place, so a reader never sees
// a half-written file and a crash leaves at most a stray temporary file.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	samspil "github.com/samspil/samspil"
)

// Dir is a folder-backed samspil.BlobStore, safe for concurrent use by
// several goroutines and processes sharing the folder.
type Dir struct{ path string }

var _ samspil.BlobStore = (*Dir)(nil)

// NewDir creates the folder if needed and returns the store.
func NewDir(path string) (*Dir, error) {
	if path == "" {
		return nil, errors.New("blob: folder name is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("blob: create folder: %w", err)
	}
	return &Dir{path: abs}, nil
}

// Path returns the folder the store writes to.
func (d *Dir) Path() string { return d.path }

// ValidSum reports whether s is a lower-case hex SHA-256, the only names
// a blob can have.
func ValidSum(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// file returns where a blob with a valid sum lives.
func (d *Dir) file(sum string) string {
	return filepath.Join(d.path, sum[:2], sum[2:])
}

// PutBlob stores r's content under its SHA-256. Storing content that is
// already there only reads r.
func (d *Dir) PutBlob(ctx context.Context, r io.Reader) (string, int64, error) {
	tmp, err := os.CreateTemp(d.path, ".put-*")
	if err != nil {
		return "", 0, fmt.Errorf("blob: temporary file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), ctxReader{ctx, r})
	if err != nil {
		return "", 0, fmt.Errorf("blob: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("blob: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("blob: close: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	dst := d.file(sum)
	if st, err := os.Stat(dst); err == nil && st.Mode().IsRegular() && st.Size() == n {
		os.Remove(tmp.Name())
		done = true
		return sum, n, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return "", 0, fmt.Errorf("blob: create folder: %w", err)
	}
	// The temporary file is in the same file system (d.path), so the
	// rename is atomic; two writers of the same content both succeed.
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", 0, fmt.Errorf("blob: rename: %w", err)
	}
	done = true
	syncDir(filepath.Dir(dst))
	return sum, n, nil
}

// syncDir makes a rename durable where the platform allows it.
func syncDir(path string) {
	if f, err := os.Open(path); err == nil {
		f.Sync()
		f.Close()
	}
}

// OpenBlob opens a stored blob, or ENOTFOUND for an unknown or malformed
// sum. The sum is never used as a path unless it is exactly 64 lower-case
// hex digits.
func (d *Dir) OpenBlob(ctx context.Context, sum string) (io.ReadSeekCloser, error) {
	if !ValidSum(sum) {
		return nil, errNotFound()
	}
	f, err := os.Open(d.file(sum))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("blob: open: %w", err)
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, errNotFound()
	}
	return f, nil
}

func errNotFound() error {
	return samspil.Errorf(samspil.ENOTFOUND, "attachment.not_found", "the file does not exist")
}

// ctxReader stops a long copy when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
