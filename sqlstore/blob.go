package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/blob"
)

// TableBlobs is the blob store in the database's blobs table, for
// PostgreSQL deployments of several app servers without a shared folder
// (SQLite installations use a folder, package blob). Content is read
// into memory to be written and read back whole; callers bound its size
// (samspil.MaxAttachmentSize).
func (d *DB) TableBlobs() samspil.BlobStore { return tableBlobs{d} }

type tableBlobs struct{ d *DB }

// PutBlob stores r's content under its SHA-256; the same content again
// is a no-op.
func (b tableBlobs) PutBlob(ctx context.Context, r io.Reader) (string, int64, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return "", 0, internal("read blob", err)
	}
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])
	err = b.d.write(ctx, func(t *wtx) error {
		_, err := t.exec(`INSERT INTO blobs (sha256, size, data, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
			sum, int64(len(data)), data, t.d.ts(t.now))
		if err != nil {
			return internal("insert blob", err)
		}
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	return sum, int64(len(data)), nil
}

// OpenBlob returns the content, or ENOTFOUND for an unknown or malformed
// sum.
func (b tableBlobs) OpenBlob(ctx context.Context, sum string) (io.ReadSeekCloser, error) {
	if !blob.ValidSum(sum) {
		return nil, errAttachmentNotFound()
	}
	var data []byte
	err := b.d.read(ctx).queryRow(`SELECT data FROM blobs WHERE sha256 = ?`, sum).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAttachmentNotFound()
	} else if err != nil {
		return nil, internal("open blob", err)
	}
	return nopCloser{bytes.NewReader(data)}, nil
}

// nopCloser gives a bytes.Reader the Close of an io.ReadSeekCloser.
type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }
