package pbr

import (
	"time"

	"github.com/samspil/samspil"
)

// The bridge between the platform's ledger and the engine. sqlstore calls
// these inside its transactions; web and api call them to draw dashboards.

// FromTerms returns the engine's contract for platform terms.
func FromTerms(id int64, t *samspil.ContractTerms) *Contract {
	panic("pbr: FromTerms not implemented yet (E2)")
}

// Checks runs the engine over every claim of the ledger that is not
// rejected (pending and approved: what each would earn if approved) and
// returns each claim's check by claim id. Rejected claims get
// ClaimCheck{Reason: "rejected"}.
func Checks(l *samspil.ContractLedger) map[int64]samspil.ClaimCheck {
	panic("pbr: Checks not implemented yet (E2)")
}

// Periods returns the statement periods of terms: calendar months or
// quarters, the first and last cut to the contract period.
func Periods(t *samspil.ContractTerms) []Period {
	panic("pbr: Periods not implemented yet (E2)")
}

// DuePeriod returns the period of the next statement: the first period
// after the last approved statement's, if it has ended by today.
func DuePeriod(l *samspil.ContractLedger, today time.Time) (Period, bool) {
	panic("pbr: DuePeriod not implemented yet (E2)")
}

// BuildStatement calculates statement number for period p: the engine runs
// over the approved claims only; every approved claim achieved on or
// before p.End that no approved statement has stated yet becomes a claim
// line (even when it earns 0, with its reason), and every claim stated
// before whose earned amount differs from what was paid for it (a changed
// decision, an amendment) becomes an adjustment line. Lines are in
// processing order. The statement's totals, per-outcome totals and cap
// figures are filled; ID, approvals and CreatedAt are the store's.
func BuildStatement(l *samspil.ContractLedger, p Period, number int, now time.Time) *samspil.Statement {
	panic("pbr: BuildStatement not implemented yet (E2)")
}

// Aggregate returns the published numbers of a contract (no participant
// rows): achieved = approved valid claims, paid = approved statements.
func Aggregate(l *samspil.ContractLedger) *samspil.ContractAggregate {
	panic("pbr: Aggregate not implemented yet (E2)")
}

// DefaultUnitPrices returns the unit prices the store seeds on first start
// (from the embedded, sourced pbr/unitprices.json; E2 owns both). Each is
// dated and names its source; amounts not checked against the source are
// marked Checked=false and shown with a warning.
func DefaultUnitPrices() []samspil.UnitPrice {
	return nil
}
