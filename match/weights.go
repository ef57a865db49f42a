// Package match ranks organisations for an opportunity, and opportunities
// for an organisation, with a score that explains itself: every component
// (CPV overlap or expertise, distance, target-group fit, capacity against
// volume, RSV registration, track record, freshness) is reported with its
// raw value, its weight and its contribution, so a municipality can be told
// why a result came out as it did.
//
// The package is pure: it imports only the domain and the reference data
// and never touches storage. A samspil.MatchSource (the store) pre-filters
// a bounded candidate list; Service wires the two together. The formula,
// the weights and the reasons behind them are in docs/matching.md.
package match

import (
	"time"

	"github.com/samspil/samspil"
)

// Weights is every tuning knob of the score in one value: the weight of
// each component and the few constants that turn raw facts into 0..1. The
// component weights of DefaultWeights sum to 1.
type Weights struct {
	CPV         float64 `json:"cpv"`          // CPV overlap, or expertise fit for mentoring kinds
	Distance    float64 `json:"distance"`     // closeness of municipality centroids
	TargetGroup float64 `json:"target_group"` // share of the opportunity's target groups the candidate works with
	Capacity    float64 `json:"capacity"`     // candidate capacity against the opportunity's volume
	RSV         float64 `json:"rsv"`          // registered in the Danish register of social enterprises
	TrackRecord float64 `json:"track_record"` // completed partnerships
	Freshness   float64 `json:"freshness"`    // how recently the profile (or opportunity) was updated

	// DistanceHalfKm is the distance at which the distance component is
	// 0.5; it is 1 in the same municipality and 1/(1+d/DistanceHalfKm)
	// elsewhere.
	DistanceHalfKm float64 `json:"-"`
	// TrackRecordHalf is the number of completed partnerships at which the
	// track-record component is 0.5: n/(n+TrackRecordHalf).
	TrackRecordHalf float64 `json:"-"`
	// ProfileFreshFor is how long an organisation profile takes to lose
	// all freshness (linear decay); samspil.StaleAfter.
	ProfileFreshFor time.Duration `json:"-"`
	// OpportunityFreshFor is the same for an opportunity, used when an
	// organisation's dashboard ranks opportunities.
	OpportunityFreshFor time.Duration `json:"-"`
}

// DefaultWeights are the weights the platform uses. They are the one
// place to change the balance of matchmaking; docs/matching.md explains
// each number.
var DefaultWeights = Weights{
	CPV:         0.35,
	Distance:    0.20,
	TargetGroup: 0.15,
	Capacity:    0.10,
	RSV:         0.08,
	TrackRecord: 0.07,
	Freshness:   0.05,

	DistanceHalfKm:      30,
	TrackRecordHalf:     2,
	ProfileFreshFor:     samspil.StaleAfter,
	OpportunityFreshFor: 90 * 24 * time.Hour,
}

// Limits of the service: how many matches one call returns and how many
// candidates it asks the store for per wanted match.
const (
	DefaultLimit       = 20
	MaxLimit           = 100
	CandidatesPerMatch = 50
	MaxCandidates      = 5000
)
