package sqlstore

// Stubs of the case library and attachments, replaced by their owner (K1).

import (
	"context"
	"io"

	samspil "github.com/samspil/samspil"
)

func stubErr() error {
	return samspil.Errorf(samspil.EINTERNAL, "error.internal", "not implemented yet")
}

func (d *DB) AddAttachment(ctx context.Context, a *samspil.Attachment) error { return stubErr() }
func (d *DB) FindAttachmentByID(ctx context.Context, id int64) (*samspil.Attachment, error) {
	return nil, stubErr()
}
func (d *DB) FindAttachments(ctx context.Context, owner samspil.AttachmentOwner, ownerID int64) ([]*samspil.Attachment, error) {
	return nil, stubErr()
}
func (d *DB) DeleteAttachment(ctx context.Context, id int64) error  { return stubErr() }
func (d *DB) CreateCase(ctx context.Context, c *samspil.Case) error { return stubErr() }
func (d *DB) FindCaseByID(ctx context.Context, id int64) (*samspil.Case, error) {
	return nil, stubErr()
}
func (d *DB) FindCases(ctx context.Context, f samspil.CaseFilter) ([]*samspil.Case, int, error) {
	return nil, 0, stubErr()
}
func (d *DB) UpdateCase(ctx context.Context, id int64, c *samspil.Case) (*samspil.Case, error) {
	return nil, stubErr()
}
func (d *DB) SubmitCase(ctx context.Context, id int64) (*samspil.Case, error)  { return nil, stubErr() }
func (d *DB) PublishCase(ctx context.Context, id int64) (*samspil.Case, error) { return nil, stubErr() }
func (d *DB) ReturnCase(ctx context.Context, id int64, note string) (*samspil.Case, error) {
	return nil, stubErr()
}
func (d *DB) WithdrawCase(ctx context.Context, id int64) (*samspil.Case, error) {
	return nil, stubErr()
}
func (d *DB) DeleteCase(ctx context.Context, id int64) error { return stubErr() }

// TableBlobs is the blob store in the database's blobs table, for
// PostgreSQL deployments without a shared folder.
func (d *DB) TableBlobs() samspil.BlobStore { return stubBlobs{} }

type stubBlobs struct{}

func (stubBlobs) PutBlob(ctx context.Context, r io.Reader) (string, int64, error) {
	return "", 0, stubErr()
}
func (stubBlobs) OpenBlob(ctx context.Context, sum string) (io.ReadSeekCloser, error) {
	return nil, stubErr()
}

// indexCase puts a published case in the search index and takes any
// other case out of it (the search only shows published cases).
func (t *wtx) indexCase(c *samspil.Case) error { return nil }

// indexGuide puts a guide chapter's current version in the search index.
func (t *wtx) indexGuide(g *samspil.GuideChapter) error { return nil }
