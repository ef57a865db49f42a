package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/samspil/samspil"
)

// Stubs replaced by the tender store (issue 5).

func todo() error { return internal("stub", errors.New("not implemented yet")) }

// CreateTender is a stub.
func (d *DB) CreateTender(ctx context.Context, t *samspil.Tender) error { return todo() }

// UpdateTender is a stub.
func (d *DB) UpdateTender(ctx context.Context, t *samspil.Tender) error { return todo() }

// PublishTender is a stub.
func (d *DB) PublishTender(ctx context.Context, id int64) (*samspil.Tender, error) {
	return nil, todo()
}

// AmendTender is a stub.
func (d *DB) AmendTender(ctx context.Context, t *samspil.Tender, note string) error { return todo() }

// CancelTender is a stub.
func (d *DB) CancelTender(ctx context.Context, id int64, reason string) (*samspil.Tender, error) {
	return nil, todo()
}

// AwardTender is a stub.
func (d *DB) AwardTender(ctx context.Context, id int64, a *samspil.TenderAward) (*samspil.Tender, *samspil.Partnership, error) {
	return nil, nil, todo()
}

// FindTenderByID is a stub.
func (d *DB) FindTenderByID(ctx context.Context, id int64) (*samspil.Tender, error) {
	return nil, todo()
}

// FindTenders is a stub.
func (d *DB) FindTenders(ctx context.Context, f samspil.TenderFilter) ([]*samspil.Tender, int, error) {
	return nil, 0, todo()
}

// TenderVersions is a stub.
func (d *DB) TenderVersions(ctx context.Context, tenderID int64) ([]*samspil.TenderVersion, error) {
	return nil, todo()
}

// TenderVersionsBetween is a stub.
func (d *DB) TenderVersionsBetween(ctx context.Context, from, to time.Time, offset, limit int) ([]*samspil.TenderVersion, int, error) {
	return nil, 0, todo()
}

// AskClarification is a stub.
func (d *DB) AskClarification(ctx context.Context, c *samspil.Clarification) error { return todo() }

// AnswerClarification is a stub.
func (d *DB) AnswerClarification(ctx context.Context, id int64, answer string) (*samspil.Clarification, error) {
	return nil, todo()
}

// FindClarifications is a stub.
func (d *DB) FindClarifications(ctx context.Context, tenderID int64, withUnanswered bool) ([]*samspil.Clarification, error) {
	return nil, todo()
}

// RespondToTender is a stub.
func (d *DB) RespondToTender(ctx context.Context, r *samspil.TenderResponse) error { return todo() }

// FindTenderResponses is a stub.
func (d *DB) FindTenderResponses(ctx context.Context, tenderID int64) ([]*samspil.TenderResponse, error) {
	return nil, todo()
}

// FindResponsesByOrganisation is a stub.
func (d *DB) FindResponsesByOrganisation(ctx context.Context, orgID int64) ([]*samspil.TenderResponse, error) {
	return nil, todo()
}

// RemindTenderRecipients is a stub.
func (d *DB) RemindTenderRecipients(ctx context.Context, tenderID int64) (int, error) {
	return 0, todo()
}

// TenderCandidates is a stub.
func (d *DB) TenderCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Tender, error) {
	return nil, todo()
}
