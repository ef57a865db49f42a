package blob_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/blob"
	"github.com/samspil/samspil/sqlstore/storetest"
)

func TestDirContract(t *testing.T) {
	storetest.RunBlobStore(t, func(t *testing.T) samspil.BlobStore {
		d, err := blob.NewDir(filepath.Join(t.TempDir(), "files"))
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}

// TestDirLayout checks where content lands: under ab/cdef… inside the
// folder, with no temporary file left behind.
func TestDirLayout(t *testing.T) {
	root := filepath.Join(t.TempDir(), "files")
	d, err := blob.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	sum, _, err := d.PutBlob(context.Background(), strings.NewReader("indhold"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, sum[:2], sum[2:]))
	if err != nil || string(b) != "indhold" {
		t.Fatalf("stored file: %q, %v", b, err)
	}
	var files []string
	filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if len(files) != 1 {
		t.Fatalf("files in the store: %v", files)
	}
}

// A file placed next to the folder can never be opened through a sum.
func TestDirNeverLeavesFolder(t *testing.T) {
	parent := t.TempDir()
	secret := filepath.Join(parent, "secret")
	if err := os.WriteFile(secret, []byte("hemmelig"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := blob.NewDir(filepath.Join(parent, "files"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"../secret", "..", "/" + secret, "secret"} {
		if r, err := d.OpenBlob(context.Background(), s); samspil.ErrorCode(err) != samspil.ENOTFOUND {
			if r != nil {
				r.Close()
			}
			t.Errorf("OpenBlob(%q) = %v, want ENOTFOUND", s, err)
		}
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n--
		return copy(p, "abc"), nil
	}
	return 0, io.ErrUnexpectedEOF
}

// A failed upload leaves nothing behind.
func TestDirPutFailure(t *testing.T) {
	root := filepath.Join(t.TempDir(), "files")
	d, err := blob.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.PutBlob(context.Background(), &failingReader{n: 3}); err == nil {
		t.Fatal("PutBlob succeeded on a broken reader")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := d.PutBlob(ctx, bytes.NewReader([]byte("x"))); err == nil {
		t.Fatal("PutBlob ignored a cancelled context")
	}
	left, _ := os.ReadDir(root)
	if len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

func TestValidSum(t *testing.T) {
	for s, want := range map[string]bool{
		strings.Repeat("a", 64): true, strings.Repeat("0", 64): true, strings.Repeat("A", 64): false,
		strings.Repeat("a", 63): false, "": false, strings.Repeat("g", 64): false,
	} {
		if blob.ValidSum(s) != want {
			t.Errorf("ValidSum(%q) = %v", s, !want)
		}
	}
}
