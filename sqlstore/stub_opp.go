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

// MatchCandidates is not built yet (MatchSource).
func (d *DB) MatchCandidates(ctx context.Context, o *samspil.Opportunity, limit int) ([]*samspil.MatchCandidate, error) {
	return nil, errNotBuilt
}

// OpportunityCandidates is not built yet (MatchSource).
func (d *DB) OpportunityCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Opportunity, error) {
	return nil, errNotBuilt
}