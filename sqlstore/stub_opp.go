package sqlstore

import (
	"context"
	"time"

	samspil "github.com/samspil/samspil"
)

// Stubs for the opportunity board until each method is built; the owner
// deletes them one by one.

var errNotBuilt = samspil.Errorf(samspil.EINTERNAL, "error.internal", "not built yet")

var _ = time.Time{}

// CreateInterest is not built yet (InterestService).
func (d *DB) CreateInterest(ctx context.Context, i *samspil.Interest) error { return errNotBuilt }

// FindInterestByID is not built yet (InterestService).
func (d *DB) FindInterestByID(ctx context.Context, id int64) (*samspil.Interest, error) {
	return nil, errNotBuilt
}

// FindInterests is not built yet (InterestService).
func (d *DB) FindInterests(ctx context.Context, f samspil.InterestFilter) ([]*samspil.Interest, int, error) {
	return nil, 0, errNotBuilt
}

// AcceptInterest is not built yet (InterestService).
func (d *DB) AcceptInterest(ctx context.Context, id int64, note string) (*samspil.Interest, *samspil.Partnership, error) {
	return nil, nil, errNotBuilt
}

// DeclineInterest is not built yet (InterestService).
func (d *DB) DeclineInterest(ctx context.Context, id int64, note string) (*samspil.Interest, error) {
	return nil, errNotBuilt
}

// WithdrawInterest is not built yet (InterestService).
func (d *DB) WithdrawInterest(ctx context.Context, id int64) (*samspil.Interest, error) {
	return nil, errNotBuilt
}

// FindPartnershipByID is not built yet (PartnershipService).
func (d *DB) FindPartnershipByID(ctx context.Context, id int64) (*samspil.Partnership, error) {
	return nil, errNotBuilt
}

// FindPartnerships is not built yet (PartnershipService).
func (d *DB) FindPartnerships(ctx context.Context, f samspil.PartnershipFilter) ([]*samspil.Partnership, int, error) {
	return nil, 0, errNotBuilt
}

// FindNotifications is not built yet (NotificationService).
func (d *DB) FindNotifications(ctx context.Context, f samspil.NotificationFilter) ([]*samspil.Notification, int, error) {
	return nil, 0, errNotBuilt
}

// CountUnreadNotifications is not built yet (NotificationService).
func (d *DB) CountUnreadNotifications(ctx context.Context, userID int64) (int, error) {
	return 0, errNotBuilt
}

// MarkNotificationsRead is not built yet (NotificationService).
func (d *DB) MarkNotificationsRead(ctx context.Context, userID int64, ids ...int64) error {
	return errNotBuilt
}

// PendingNotificationEmails is not built yet (NotificationService).
func (d *DB) PendingNotificationEmails(ctx context.Context, limit int) ([]*samspil.PendingEmail, error) {
	return nil, errNotBuilt
}

// MarkNotificationsEmailed is not built yet (NotificationService).
func (d *DB) MarkNotificationsEmailed(ctx context.Context, ids ...int64) error { return errNotBuilt }

// CreateSavedSearch is not built yet (SavedSearchService).
func (d *DB) CreateSavedSearch(ctx context.Context, s *samspil.SavedSearch) error { return errNotBuilt }

// FindSavedSearchByID is not built yet (SavedSearchService).
func (d *DB) FindSavedSearchByID(ctx context.Context, id int64) (*samspil.SavedSearch, error) {
	return nil, errNotBuilt
}

// FindSavedSearches is not built yet (SavedSearchService).
func (d *DB) FindSavedSearches(ctx context.Context, userID int64) ([]*samspil.SavedSearch, error) {
	return nil, errNotBuilt
}

// FindDigestSavedSearches is not built yet (SavedSearchService).
func (d *DB) FindDigestSavedSearches(ctx context.Context, before time.Time, limit int) ([]*samspil.SavedSearch, error) {
	return nil, errNotBuilt
}

// UpdateSavedSearch is not built yet (SavedSearchService).
func (d *DB) UpdateSavedSearch(ctx context.Context, id int64, name string, digest bool) (*samspil.SavedSearch, error) {
	return nil, errNotBuilt
}

// MarkDigestSent is not built yet (SavedSearchService).
func (d *DB) MarkDigestSent(ctx context.Context, id int64, at time.Time) error { return errNotBuilt }

// DeleteSavedSearch is not built yet (SavedSearchService).
func (d *DB) DeleteSavedSearch(ctx context.Context, id int64) error { return errNotBuilt }

// MatchCandidates is not built yet (MatchSource).
func (d *DB) MatchCandidates(ctx context.Context, o *samspil.Opportunity, limit int) ([]*samspil.MatchCandidate, error) {
	return nil, errNotBuilt
}

// OpportunityCandidates is not built yet (MatchSource).
func (d *DB) OpportunityCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Opportunity, error) {
	return nil, errNotBuilt
}

// CompletedPartnershipCounts is not built yet (MatchSource).
func (d *DB) CompletedPartnershipCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	return nil, errNotBuilt
}
