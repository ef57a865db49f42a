package match

import (
	"cmp"
	"slices"
	"time"

	"github.com/samspil/samspil"
)

// Match is one organisation ranked for an opportunity.
type Match struct {
	Candidate  *samspil.MatchCandidate
	Score      float64
	Components Components
}

// OpportunityMatch is one opportunity ranked for an organisation.
type OpportunityMatch struct {
	Opportunity *samspil.Opportunity
	Score       float64
	Components  Components
}

// clampLimit turns a requested number of matches into 1..MaxLimit, with
// DefaultLimit for 0 or less.
func clampLimit(limit int) int {
	if limit <= 0 {
		return DefaultLimit
	}
	return min(limit, MaxLimit)
}

// Rank scores cands for opp and returns the best limit of them (0 means
// DefaultLimit), by score and then by organisation id, so equal scores
// always come out in the same order. Candidates outside the radius, the
// opportunity's own organisation and organisations of kinds the
// opportunity is not meant for are left out.
func Rank(w Weights, opp *samspil.Opportunity, cands []*samspil.MatchCandidate, now time.Time, limit int) []Match {
	limit = clampLimit(limit)
	s := newScorer(w, opp, now)
	counterparts := opp.Kind.Counterparts()
	// Scores are sorted as small entries; the winners are scored again
	// with their full explanation.
	entries := make([]entry, 0, len(cands))
	for i, c := range cands {
		if c == nil || c.OrganisationID == opp.OrganisationID && opp.OrganisationID != 0 {
			continue
		}
		if c.Kind != "" && len(counterparts) > 0 && !slices.Contains(counterparts, c.Kind) {
			continue
		}
		score, _, ok := s.score(c, c.CompletedPartnerships, c.UpdatedAt, w.ProfileFreshFor, false)
		if !ok {
			continue
		}
		entries = append(entries, entry{score, c.OrganisationID, i})
	}
	entries = top(entries, limit)
	out := make([]Match, len(entries))
	for k, e := range entries {
		c := cands[e.i]
		_, cs, _ := s.score(c, c.CompletedPartnerships, c.UpdatedAt, w.ProfileFreshFor, true)
		out[k] = Match{Candidate: c, Score: e.score, Components: finish(cs)}
	}
	return out
}

// entry is one scored candidate while ranking.
type entry struct {
	score float64
	id    int64
	i     int
}

// top sorts entries by score, then id, and keeps the first limit.
func top(entries []entry, limit int) []entry {
	slices.SortFunc(entries, func(a, b entry) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(entries) > limit {
		entries = entries[:limit]
	}
	return entries
}

// finish gives list fields their empty form, so JSON shows [] not null.
func finish(c Components) Components {
	if c.SharedTargetGroups == nil {
		c.SharedTargetGroups = []string{}
	}
	return c
}

// CandidateFrom describes an organisation the way matchmaking sees it, for
// ranking opportunities on its dashboard; completed is its track record.
func CandidateFrom(o *samspil.Organisation, completed int) *samspil.MatchCandidate {
	return &samspil.MatchCandidate{
		OrganisationID: o.ID, Name: o.Name, Kind: o.Kind, MunicipalityCode: o.MunicipalityCode,
		CPVCodes: o.CPVCodes, TargetGroups: o.TargetGroups, Capacity: o.Capacity,
		RSVRegistered: o.RSVRegistered, CompletedPartnerships: completed, UpdatedAt: o.UpdatedAt,
	}
}

// RankOpportunities scores opps for the organisation org and returns the
// best limit of them, by score and then by opportunity id. Its own
// opportunities, ones that are not open or past their deadline, ones
// outside their radius and kinds not meant for org's kind are left out.
// Every component is computed as in Rank with org as the candidate,
// except the two that would be the same for every opportunity: track
// record is that of the opportunity's owner (ownerCompleted, by
// organisation id) and freshness is the opportunity's own, decaying over
// OpportunityFreshFor.
func RankOpportunities(w Weights, org *samspil.MatchCandidate, opps []*samspil.Opportunity, ownerCompleted map[int64]int, now time.Time, limit int) []OpportunityMatch {
	limit = clampLimit(limit)
	entries := make([]entry, 0, len(opps))
	for i, o := range opps {
		if o == nil || o.OrganisationID == org.OrganisationID {
			continue
		}
		if o.Status != "" && o.Status != samspil.OppOpen || o.Expired(now) {
			continue
		}
		if org.Kind != "" && !slices.Contains(o.Kind.Counterparts(), org.Kind) {
			continue
		}
		score, _, ok := newScorer(w, o, now).score(org, ownerCompleted[o.OrganisationID], o.UpdatedAt, w.OpportunityFreshFor, false)
		if !ok {
			continue
		}
		entries = append(entries, entry{score, o.ID, i})
	}
	entries = top(entries, limit)
	out := make([]OpportunityMatch, len(entries))
	for k, e := range entries {
		o := opps[e.i]
		_, cs, _ := newScorer(w, o, now).score(org, ownerCompleted[o.OrganisationID], o.UpdatedAt, w.OpportunityFreshFor, true)
		out[k] = OpportunityMatch{Opportunity: o, Score: e.score, Components: finish(cs)}
	}
	return out
}
