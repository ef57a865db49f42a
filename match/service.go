package match

import (
	"context"
	"time"

	"github.com/samspil/samspil"
)

// Service answers "who fits this opportunity?" and "which opportunities
// fit this organisation?" by asking the store for a bounded, pre-filtered
// candidate list and ranking it here. It is what pages and the API call.
type Service struct {
	Source  samspil.MatchSource
	Weights Weights
	Now     samspil.Clock
}

// NewService returns a Service with DefaultWeights and the system clock.
func NewService(src samspil.MatchSource) *Service {
	return &Service{Source: src, Weights: DefaultWeights, Now: samspil.SystemClock}
}

// candidateBound is how many candidates to fetch for limit matches.
func candidateBound(limit int) int {
	return min(clampLimit(limit)*CandidatesPerMatch, MaxCandidates)
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return samspil.SystemClock()
	}
	return s.Now()
}

// TopOrganisations returns the best-matching organisations for opp, at
// most limit (0 means DefaultLimit, more than MaxLimit is cut).
func (s *Service) TopOrganisations(ctx context.Context, opp *samspil.Opportunity, limit int) ([]Match, error) {
	cands, err := s.Source.MatchCandidates(ctx, opp, candidateBound(limit))
	if err != nil {
		return nil, err
	}
	return Rank(s.Weights, opp, cands, s.now(), limit), nil
}

// TopOpportunities returns the best-matching open opportunities for org,
// at most limit, never org's own.
func (s *Service) TopOpportunities(ctx context.Context, org *samspil.Organisation, limit int) ([]OpportunityMatch, error) {
	opps, err := s.Source.OpportunityCandidates(ctx, org, candidateBound(limit))
	if err != nil {
		return nil, err
	}
	ids := []int64{org.ID}
	seen := map[int64]bool{org.ID: true}
	kept := opps[:0:0]
	for _, o := range opps {
		if o == nil || o.OrganisationID == org.ID {
			continue
		}
		kept = append(kept, o)
		if !seen[o.OrganisationID] {
			seen[o.OrganisationID] = true
			ids = append(ids, o.OrganisationID)
		}
	}
	if len(kept) == 0 {
		return []OpportunityMatch{}, nil
	}
	counts, err := s.Source.CompletedPartnershipCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	return RankOpportunities(s.Weights, CandidateFrom(org, counts[org.ID]), kept, counts, s.now(), limit), nil
}
