package pbr

import (
	"time"

	"github.com/samspil/samspil"
)

// DashOutcome is one rate-card line on the contract dashboard.
type DashOutcome struct {
	Code        string
	Description string
	PriceOre    int64
	TargetCount int
	CapCount    *int
	Achieved    int   // approved claims that are valid
	Pending     int   // claims awaiting a decision
	PaidCount   int   // in approved statements, net of adjustments
	PaidOre     int64 // in approved statements
	// CostPerOutcomeOre is PaidOre / PaidCount rounded half up (0 when none paid).
	CostPerOutcomeOre int64
}

// DashMonth is one calendar month of the contract so far; counts are
// cumulative at the month's end.
type DashMonth struct {
	Month    string         // "2027-03"
	Enrolled int            // participants enrolled
	Achieved map[string]int // approved valid claims by outcome code
	PaidOre  int64          // paid in statements approved with periods ending in or before the month
}

// ValueLine is one assumption of the social-value estimate: Count outcomes
// of OutcomeCode each save Months months of a unit price.
type ValueLine struct {
	OutcomeCode   string
	UnitPriceCode string
	UnitPrice     *samspil.UnitPrice // the row valid on the dashboard's date; nil when the code is unknown
	Months        int
	Count         int   // achieved outcomes
	GrossOre      int64 // Count × AmountOre × Months / 12, rounded half up
}

// SocialValue is the estimate of public savings against payments.
type SocialValue struct {
	Lines         []ValueLine
	GrossOre      int64
	DeadweightPct int
	NetOre        int64 // GrossOre less deadweight, rounded half up
	PaidOre       int64
	// ReturnPermille is NetOre per paid krone in thousandths (1500 = 1,50 kr.
	// per krone), rounded half up; 0 when nothing is paid yet.
	ReturnPermille int64
	Unchecked      bool // a unit price used was not checked against its source
}

// Dashboard is everything the contract dashboard draws.
type Dashboard struct {
	Today        time.Time
	Enrolled     int
	CohortTarget int
	CapOre       int64
	PaidOre      int64 // approved statements
	EarnedOre    int64 // what the approved claims earn now, stated or not
	PendingOre   int64 // what pending claims would add if approved
	Outcomes     []DashOutcome
	Months       []DashMonth
	Value        SocialValue
}

// BuildDashboard computes the dashboard of a ledger on date today (unit
// prices valid on today are used).
func BuildDashboard(l *samspil.ContractLedger, today time.Time) *Dashboard {
	panic("pbr: BuildDashboard not implemented yet (E2)")
}
