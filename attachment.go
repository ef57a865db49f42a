package samspil

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Attachment limits. The web layer refuses a larger upload before reading
// it into memory; the store refuses more files per owner than this.
const (
	MaxAttachmentSize      int64 = 20 << 20
	MaxAttachmentsPerOwner       = 20
	MaxAttachmentName            = 200
)

// The content types an attachment may have. They are decided by looking
// at the content (package upload), never by the file name.
const (
	ContentPDF  = "application/pdf"
	ContentDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	ContentXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// AttachmentContentTypes lists the allowed types with the file extension
// a download gets.
var AttachmentContentTypes = map[string]string{ContentPDF: ".pdf", ContentDOCX: ".docx", ContentXLSX: ".xlsx"}

// AttachmentOwner names what an attachment belongs to.
type AttachmentOwner string

// The things that carry attachments.
const (
	OwnerCase     AttachmentOwner = "case"
	OwnerStrategy AttachmentOwner = "strategy" // a municipality's strategy document
	OwnerTender   AttachmentOwner = "tender"   // a tender's documents
	OwnerClaim    AttachmentOwner = "claim"    // evidence of outcome claims, owned by the contract (OwnerID); seen by its two parties only
)

// Attachment is a file that belongs to a case or a strategy. The bytes
// live in a BlobStore under their SHA-256, so the same file uploaded twice
// is stored once; the row holds the name people see and who added it.
type Attachment struct {
	ID          int64           `json:"id"`
	OwnerType   AttachmentOwner `json:"owner_type"`
	OwnerID     int64           `json:"owner_id"` // case id, or the municipality organisation's id for a strategy
	Name        string          `json:"name"`     // the uploaded file name, cleaned
	ContentType string          `json:"content_type"`
	Size        int64           `json:"size"`
	SHA256      string          `json:"sha256"` // hex, the BlobStore key
	CreatedBy   int64           `json:"-"`
	CreatedAt   time.Time       `json:"created_at"`
}

// Validate cleans the name and checks type, size and sum.
func (a *Attachment) Validate() error {
	var v Validation
	a.Name = CleanFileName(a.Name)
	if a.Name == "" {
		v.Add("file", "attachment.name.required", "the file needs a name", nil)
	}
	if a.OwnerType != OwnerCase && a.OwnerType != OwnerStrategy && a.OwnerType != OwnerTender && a.OwnerType != OwnerClaim {
		v.Add("owner_type", "attachment.owner.invalid", "files can only be attached to a case, a strategy, a tender or a claim", nil)
	}
	if _, ok := AttachmentContentTypes[a.ContentType]; !ok {
		v.Add("file", "attachment.type.invalid", "only PDF, Word (.docx) and Excel (.xlsx) files can be attached", nil)
	}
	if a.Size <= 0 || a.Size > MaxAttachmentSize {
		v.Add("file", "attachment.size.invalid", "the file must be at most 20 MB", map[string]any{"MaxMB": MaxAttachmentSize >> 20})
	}
	if len(a.SHA256) != 64 || strings.Trim(a.SHA256, "0123456789abcdef") != "" {
		v.Add("file", "attachment.sum.invalid", "the file's checksum is not valid", nil)
	}
	return v.Err()
}

// CleanFileName keeps the last path element of an uploaded name, drops
// control characters, quotes and slashes, and bounds its length, so the
// name is safe in a Content-Disposition header and on a page.
func CleanFileName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' || r == '/' || r == utf8.RuneError {
			continue
		}
		b.WriteRune(r)
	}
	s = strings.TrimSpace(b.String())
	s = strings.TrimLeft(s, ".")
	if utf8.RuneCountInString(s) > MaxAttachmentName {
		s = string([]rune(s)[:MaxAttachmentName])
	}
	return s
}

// BlobStore keeps file content by its SHA-256. SQLite installations use a
// folder next to the database (package blob); PostgreSQL installations a
// table (sqlstore.TableBlobs) or a shared folder, so every app server sees
// every file.
type BlobStore interface {
	// PutBlob stores what r yields and returns its hex SHA-256 and size.
	// Storing the same content again is a no-op.
	PutBlob(ctx context.Context, r io.Reader) (sum string, size int64, err error)
	// OpenBlob returns the content, or ENOTFOUND.
	OpenBlob(ctx context.Context, sum string) (io.ReadSeekCloser, error)
}

// AttachmentService keeps the attachment rows. The bytes must already be in
// the BlobStore when AddAttachment is called.
type AttachmentService interface {
	// AddAttachment stores a. EINVALID (Validate), ENOTFOUND for an unknown
	// owner, EINVALID (key attachment.too_many) beyond MaxAttachmentsPerOwner.
	AddAttachment(ctx context.Context, a *Attachment) error
	// FindAttachmentByID returns ENOTFOUND when no attachment has id.
	FindAttachmentByID(ctx context.Context, id int64) (*Attachment, error)
	// FindAttachments lists an owner's files, oldest first.
	FindAttachments(ctx context.Context, owner AttachmentOwner, ownerID int64) ([]*Attachment, error)
	// DeleteAttachment removes the row (the blob stays: another row may
	// share it). ENOTFOUND.
	DeleteAttachment(ctx context.Context, id int64) error
}
