// Package procure holds the procurement rules as dated configuration
// (thresholds with their legal source and validity) and the two pieces of
// logic built on them: the warning when a tender's procedure does not fit
// its value, and the route recommender. It imports only the domain.
package procure

import (
	"io"
	"time"

	"github.com/samspil/samspil"
)

// Warning is a problem with a tender that does not stop it from being
// saved: the buyer decides. Key and Args translate it; Source names the
// rule's legal basis.
type Warning struct {
	Key     string         `json:"key"`
	Message string         `json:"message"` // English fallback
	Args    map[string]any `json:"args,omitempty"`
	Source  string         `json:"source,omitempty"`
}

// Rules are the thresholds and recommender settings in force, loaded from
// dated configuration. STUB: the procurement-rules helper fills it in.
type Rules struct{}

// Default returns the rules embedded in the binary.
func Default() *Rules { return &Rules{} }

// Load reads rules from a JSON file in the embedded file's format, so an
// operator can update thresholds without a new release.
func Load(r io.Reader) (*Rules, error) { return &Rules{}, nil }

// Check returns the warnings for t at the given date.
func (r *Rules) Check(t *samspil.Tender, at time.Time) []Warning { return nil }

// Input is what the buyer tells the recommender.
type Input struct {
	CPVCodes         []string
	MunicipalityCode string
	RadiusKm         int
	ValueOre         int64
	At               time.Time
}

// Route is a recommended way to buy.
type Route string

// Recommendation is the recommender's answer with its reasons.
type Recommendation struct {
	Route   Route     `json:"route"`
	Reasons []Warning `json:"reasons"`
}

// Recommend chooses a route for in given the suppliers the store found.
func (r *Rules) Recommend(in Input, suppliers []samspil.SupplierFact) Recommendation {
	return Recommendation{}
}
