package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/samspil/samspil"
)

// BlobOpener returns a fresh, empty blob store for one test.
type BlobOpener func(t *testing.T) samspil.BlobStore

// RunBlobStore is the contract every samspil.BlobStore passes: the folder
// store (package blob) and the table store (sqlstore.TableBlobs) on both
// databases run it.
func RunBlobStore(t *testing.T, open BlobOpener) {
	ctx := context.Background()
	sumOf := func(b []byte) string {
		h := sha256.Sum256(b)
		return hex.EncodeToString(h[:])
	}
	big := bytes.Repeat([]byte("Samspil mellem kommuner og socialøkonomiske virksomheder. "), 20000) // about 1 MB

	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		for _, content := range [][]byte{[]byte("%PDF-1.4 hej"), {}, big, {0, 1, 2, 255}} {
			sum, size, err := s.PutBlob(ctx, bytes.NewReader(content))
			must(t, err)
			if sum != sumOf(content) || size != int64(len(content)) {
				t.Fatalf("PutBlob = %s %d, want %s %d", sum, size, sumOf(content), len(content))
			}
			r, err := s.OpenBlob(ctx, sum)
			must(t, err)
			got, err := io.ReadAll(r)
			must(t, err)
			must(t, r.Close())
			if !bytes.Equal(got, content) {
				t.Fatalf("read back %d bytes, want %d", len(got), len(content))
			}
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		s := open(t)
		content := []byte("the same file twice")
		sum1, _, err := s.PutBlob(ctx, bytes.NewReader(content))
		must(t, err)
		sum2, size, err := s.PutBlob(ctx, bytes.NewReader(content))
		must(t, err)
		if sum1 != sum2 || size != int64(len(content)) {
			t.Fatalf("second put = %s %d, first %s", sum2, size, sum1)
		}
		r, err := s.OpenBlob(ctx, sum1)
		must(t, err)
		defer r.Close()
		if got, _ := io.ReadAll(r); !bytes.Equal(got, content) {
			t.Fatalf("content after second put = %q", got)
		}
	})

	t.Run("Seek", func(t *testing.T) {
		s := open(t)
		sum, _, err := s.PutBlob(ctx, strings.NewReader("0123456789"))
		must(t, err)
		r, err := s.OpenBlob(ctx, sum)
		must(t, err)
		defer r.Close()
		if n, err := r.Seek(-4, io.SeekEnd); err != nil || n != 6 {
			t.Fatalf("Seek = %d, %v", n, err)
		}
		if got, _ := io.ReadAll(r); string(got) != "6789" {
			t.Fatalf("after seek read %q", got)
		}
		if n, err := r.Seek(0, io.SeekStart); err != nil || n != 0 {
			t.Fatalf("Seek start = %d, %v", n, err)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := open(t)
		_, _, err := s.PutBlob(ctx, strings.NewReader("something"))
		must(t, err)
		for _, sum := range []string{
			sumOf([]byte("never stored")),
			"",
			"../../../../etc/passwd",
			"ab/../../etc/passwd",
			strings.ToUpper(sumOf([]byte("something"))), // sums are lower-case hex
			sumOf([]byte("something"))[:63],
			sumOf([]byte("something")) + "0",
			"/" + sumOf([]byte("something"))[1:],
			strings.Repeat(".", 64),
			"zz" + sumOf([]byte("something"))[2:],
		} {
			r, err := s.OpenBlob(ctx, sum)
			if r != nil {
				r.Close()
			}
			wantCode(t, err, samspil.ENOTFOUND, "")
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		s := open(t)
		content := []byte("uploaded by two people at once")
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := s.PutBlob(ctx, bytes.NewReader(content))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		r, err := s.OpenBlob(ctx, sumOf(content))
		must(t, err)
		defer r.Close()
		if got, _ := io.ReadAll(r); !bytes.Equal(got, content) {
			t.Fatalf("content = %q", got)
		}
	})
}
