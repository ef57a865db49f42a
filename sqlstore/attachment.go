package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/samspil/samspil"
)

// Attachments are rows of the shared attachments table; the bytes are in
// a samspil.BlobStore under the row's sha256. Owners are checked here
// (there is no foreign key: one column points at cases or organisations).

const attachmentColumns = `a.id, a.owner_type, a.owner_id, a.name, a.content_type, a.size, a.sha256, a.created_by, a.created_at`

func scanAttachment(s rowScanner) (*samspil.Attachment, error) {
	a := &samspil.Attachment{}
	var by sql.NullInt64
	var owner string
	if err := s.Scan(&a.ID, &owner, &a.OwnerID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &by, timeScanner{&a.CreatedAt}); err != nil {
		return nil, err
	}
	a.OwnerType = samspil.AttachmentOwner(owner)
	a.CreatedBy = by.Int64
	return a, nil
}

func errAttachmentNotFound() error {
	return notFound("attachment.not_found", "the file does not exist")
}

// lockAttachmentOwner checks that the owner exists and takes its row lock
// on PostgreSQL, so two uploads cannot both pass the per-owner limit.
// ENOTFOUND.
func lockAttachmentOwner(t *wtx, owner samspil.AttachmentOwner, id int64) error {
	var q string
	var args []any
	switch owner {
	case samspil.OwnerCase:
		q, args = `SELECT id FROM cases WHERE id = ?`, []any{id}
	case samspil.OwnerTender:
		q, args = `SELECT id FROM tenders WHERE id = ?`, []any{id} // a tender's documents (issue 5)
	case samspil.OwnerClaim:
		// Claim evidence is uploaded before its claim exists, so it
		// belongs to the contract; SubmitClaims checks that a claim names
		// evidence of its own contract.
		q, args = `SELECT id FROM outcome_contracts WHERE id = ?`, []any{id}
	case samspil.OwnerStrategy:
		// A strategy's documents belong to the municipality's organisation.
		q, args = `SELECT id FROM organisations WHERE id = ? AND kind = ?`, []any{id, string(samspil.OrgKommune)}
	default:
		return invalid("owner_type", "attachment.owner.invalid", "files can only be attached to a case or a strategy")
	}
	var x int64
	err := t.queryRow(q+t.d.forUpdate, args...).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("attachment.owner.not_found", "the case or municipality the file belongs to does not exist")
	} else if err != nil {
		return internal("find attachment owner", err)
	}
	return nil
}

// AddAttachment stores a. EINVALID (Validate, attachment.too_many),
// ENOTFOUND for an unknown owner.
func (d *DB) AddAttachment(ctx context.Context, a *samspil.Attachment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		if err := lockAttachmentOwner(t, a.OwnerType, a.OwnerID); err != nil {
			return err
		}
		var n int
		if err := t.queryRow(`SELECT COUNT(*) FROM attachments WHERE owner_type = ? AND owner_id = ?`, string(a.OwnerType), a.OwnerID).Scan(&n); err != nil {
			return internal("count attachments", err)
		}
		// A contract collects one evidence file per claim, far more than
		// the per-owner limit of a case or tender.
		if a.OwnerType != samspil.OwnerClaim && n >= samspil.MaxAttachmentsPerOwner {
			var v samspil.Validation
			v.Add("file", "attachment.too_many", "no more files can be attached", map[string]any{"Max": samspil.MaxAttachmentsPerOwner})
			return v.Err()
		}
		if t.actor != 0 {
			a.CreatedBy = t.actor // the acting user wins over what the caller filled in
		}
		a.CreatedAt = t.now
		id, err := t.insertID(`INSERT INTO attachments (owner_type, owner_id, name, content_type, size, sha256, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, string(a.OwnerType), a.OwnerID, a.Name, a.ContentType, a.Size, a.SHA256, nullID(a.CreatedBy), t.d.ts(t.now))
		if err != nil {
			return internal("insert attachment", err)
		}
		a.ID = id
		return t.audit("attachment.add", "attachment", a.ID, nil, a)
	})
	if err != nil {
		a.ID = 0
	}
	return err
}

// FindAttachmentByID returns ENOTFOUND when no attachment has id.
func (d *DB) FindAttachmentByID(ctx context.Context, id int64) (*samspil.Attachment, error) {
	a, err := scanAttachment(d.read(ctx).queryRow(`SELECT `+attachmentColumns+` FROM attachments a WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAttachmentNotFound()
	} else if err != nil {
		return nil, internal("find attachment", err)
	}
	return a, nil
}

// FindAttachments lists an owner's files, oldest first.
func (d *DB) FindAttachments(ctx context.Context, owner samspil.AttachmentOwner, ownerID int64) ([]*samspil.Attachment, error) {
	return findAttachments(d.read(ctx), owner, ownerID)
}

func findAttachments(c conn, owner samspil.AttachmentOwner, ownerID int64) ([]*samspil.Attachment, error) {
	rows, err := c.query(`SELECT `+attachmentColumns+` FROM attachments a WHERE a.owner_type = ? AND a.owner_id = ? ORDER BY a.id`, string(owner), ownerID)
	if err != nil {
		return nil, internal("find attachments", err)
	}
	defer rows.Close()
	out := []*samspil.Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, internal("find attachments", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find attachments", err)
	}
	return out, nil
}

// DeleteAttachment removes the row; the blob stays, since another row may
// share it. ENOTFOUND.
func (d *DB) DeleteAttachment(ctx context.Context, id int64) error {
	return d.write(ctx, func(t *wtx) error {
		a, err := scanAttachment(t.queryRow(`SELECT `+attachmentColumns+` FROM attachments a WHERE a.id = ?`+t.d.forUpdate, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errAttachmentNotFound()
		} else if err != nil {
			return internal("find attachment", err)
		}
		if _, err := t.exec(`DELETE FROM attachments WHERE id = ?`, id); err != nil {
			return internal("delete attachment", err)
		}
		return t.audit("attachment.delete", "attachment", id, a, nil)
	})
}
