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
//
// Achieved counts approved claims the engine finds valid over the approved
// claims; EarnedOre is what those claims earn now and PendingOre what the
// pending claims would add to it (the engine over approved and pending
// claims, less EarnedOre). Paid figures come from approved statements, net
// of adjustments. Months runs from the contract's first month to the month
// of the earlier of today and the contract's end.
func BuildDashboard(l *samspil.ContractLedger, today time.Time) *Dashboard {
	t := &l.Contract.ContractTerms
	approved := runLedger(l, func(cl *samspil.Claim) bool { return cl.Decision == samspil.ClaimApproved })
	withPending := runLedger(l, func(cl *samspil.Claim) bool { return cl.Decision != samspil.ClaimRejected })
	paid := approvedPaid(l)
	paidTotal := paid.total

	d := &Dashboard{
		Today:        today,
		Enrolled:     len(l.Participants),
		CohortTarget: t.CohortTarget,
		CapOre:       t.CapOre,
		PaidOre:      paidTotal,
		EarnedOre:    approved.total,
		PendingOre:   withPending.total - approved.total,
	}
	achieved := achievedByOutcome(approved)
	pending := map[string]int{}
	for _, cl := range l.Claims {
		if cl.Decision == samspil.ClaimPending {
			pending[cl.OutcomeCode]++
		}
	}
	paidCount, paidOre := paidByOutcome(paid)
	for _, o := range t.Outcomes {
		do := DashOutcome{Code: o.Code, Description: o.Description, PriceOre: o.PriceOre, TargetCount: o.TargetCount,
			CapCount: o.CapCount, Achieved: achieved[o.Code], Pending: pending[o.Code],
			PaidCount: paidCount[o.Code], PaidOre: paidOre[o.Code]}
		if do.PaidCount > 0 {
			do.CostPerOutcomeOre = roundDiv(do.PaidOre, int64(do.PaidCount))
		}
		d.Outcomes = append(d.Outcomes, do)
	}
	d.Months = dashMonths(l, approved, today)
	d.Value = EstimateSocialValue(t, achieved, paidTotal, l.UnitPrices, today)
	return d
}

// monthIndex numbers calendar months: year × 12 + month − 1.
func monthIndex(d Date) int {
	t := d.Time()
	return t.Year()*12 + int(t.Month()) - 1
}

// dashMonths builds the cumulative monthly series.
func dashMonths(l *samspil.ContractLedger, approved *ledgerRun, today time.Time) []DashMonth {
	t := &l.Contract.ContractTerms
	start, end := DateOf(t.PeriodStart), min(DateOf(t.PeriodEnd), DateOf(today))
	if end < start {
		return nil
	}
	first, last := monthIndex(start), monthIndex(end)
	n := last - first + 1
	bucket := func(d Date) int { // the month's slot, or -1 after the series
		i := max(monthIndex(d)-first, 0)
		if i >= n {
			return -1
		}
		return i
	}
	enrolled := make([]int, n)
	for _, p := range l.Participants {
		if i := bucket(DateOf(p.EnrolledOn)); i >= 0 {
			enrolled[i]++
		}
	}
	achieved := make([]map[string]int, n)
	for i := range achieved {
		achieved[i] = make(map[string]int, len(t.Outcomes))
	}
	for i, cl := range approved.claims {
		if !approved.lines[i].Valid {
			continue
		}
		if b := bucket(approved.keys[i].achieved); b >= 0 {
			achieved[b][cl.OutcomeCode]++
		}
	}
	paid := make([]int64, n)
	for _, s := range l.Statements {
		if s.Status != samspil.StatementApproved {
			continue
		}
		if i := bucket(DateOf(s.PeriodEnd)); i >= 0 {
			paid[i] += s.TotalOre
		}
	}
	out := make([]DashMonth, n)
	run := map[string]int{}
	for _, o := range t.Outcomes {
		run[o.Code] = 0
	}
	var cumEnrolled int
	var cumPaid int64
	for i := range out {
		cumEnrolled += enrolled[i]
		cumPaid += paid[i]
		for c, k := range achieved[i] {
			run[c] += k
		}
		m := DashMonth{Month: monthName(first + i), Enrolled: cumEnrolled, PaidOre: cumPaid, Achieved: make(map[string]int, len(run))}
		for c, k := range run {
			m.Achieved[c] = k
		}
		out[i] = m
	}
	return out
}

// monthName formats a month index as "2027-03".
func monthName(i int) string {
	return time.Date(i/12, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}
