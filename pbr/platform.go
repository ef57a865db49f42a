package pbr

import (
	_ "embed"
	"encoding/json"
	"strconv"
	"time"

	"github.com/samspil/samspil"
)

// The bridge between the platform's ledger and the engine. sqlstore calls
// these inside its transactions; web and api call them to draw dashboards.

// ReasonRejected and ReasonPending are the reasons the platform gives a
// claim the engine does not see: a claim the commissioner rejected, and a
// claim whose earlier approval was changed back to pending (it shows on an
// adjustment line when it had been paid).
const (
	ReasonRejected = "rejected"
	ReasonPending  = "pending"
)

// FromTerms returns the engine's contract for platform terms. The id is the
// platform's contract id as a decimal string; dates become engine Dates.
func FromTerms(id int64, t *samspil.ContractTerms) *Contract {
	c := &Contract{
		ID:       strconv.FormatInt(id, 10),
		Period:   Period{Start: DateOf(t.PeriodStart), End: DateOf(t.PeriodEnd)},
		CapOre:   t.CapOre,
		Outcomes: make([]Outcome, 0, len(t.Outcomes)),
	}
	for _, o := range t.Outcomes {
		eo := Outcome{
			Code:                o.Code,
			PriceOre:            o.PriceOre,
			PerParticipantLimit: o.PerParticipantLimit,
			Requires:            append([]string{}, o.Requires...),
		}
		if o.WindowDays != nil {
			w := *o.WindowDays
			eo.WindowDays = &w
		}
		if o.CapCount != nil {
			n := *o.CapCount
			eo.CapCount = &n
		}
		c.Outcomes = append(c.Outcomes, eo)
	}
	return c
}

// Checks runs the engine over every claim of the ledger that is not
// rejected (pending and approved: what each would earn if approved) and
// returns each claim's check by claim id. Rejected claims get
// ClaimCheck{Reason: "rejected"}.
func Checks(l *samspil.ContractLedger) map[int64]samspil.ClaimCheck {
	out := make(map[int64]samspil.ClaimCheck, len(l.Claims))
	run := runLedger(l, func(cl *samspil.Claim) bool { return cl.Decision != samspil.ClaimRejected })
	for _, cl := range l.Claims {
		if cl.Decision == samspil.ClaimRejected {
			out[cl.ID] = samspil.ClaimCheck{Reason: ReasonRejected}
		}
	}
	for i, cl := range run.claims {
		ln := run.lines[i]
		out[cl.ID] = samspil.ClaimCheck{AmountOre: ln.AmountOre, Reason: string(ln.Reason), Valid: ln.Valid}
	}
	return out
}

// Periods returns the statement periods of terms: calendar months or
// quarters, the first and last cut to the contract period. Terms whose end
// is before their start have no periods.
func Periods(t *samspil.ContractTerms) []Period {
	start, end := DateOf(t.PeriodStart), DateOf(t.PeriodEnd)
	if end < start {
		return nil
	}
	months := 1
	if t.StatementPeriod == samspil.PeriodQuarter {
		months = 3
	}
	var out []Period
	for cur := start; cur <= end; {
		tm := cur.Time()
		m := int(tm.Month()) - 1
		first := m - m%months // the first month (0-based) of cur's month or quarter
		next := DateOf(time.Date(tm.Year(), time.Month(first+months+1), 1, 0, 0, 0, 0, time.UTC))
		p := Period{Start: cur, End: min(next-1, end)}
		out = append(out, p)
		cur = p.End + 1
	}
	return out
}

// DuePeriod returns the period of the next statement: the first period
// after the last approved statement's, if it has ended by today (its last
// day is before today's date, taken in today's location). A draft statement
// of that period does not change the answer: it is recalculated. When the
// periods changed shape under an amendment, the due period starts the day
// after the last approved statement.
func DuePeriod(l *samspil.ContractLedger, today time.Time) (Period, bool) {
	var last Date = -1 << 31
	for _, s := range l.Statements {
		if s.Status == samspil.StatementApproved {
			last = max(last, DateOf(s.PeriodEnd))
		}
	}
	day := DateOf(today)
	for _, p := range Periods(&l.Contract.ContractTerms) {
		if p.End <= last {
			continue
		}
		p.Start = max(p.Start, last+1)
		return p, p.End < day
	}
	return Period{}, false
}

//go:embed unitprices.json
var unitPricesJSON []byte

// unitPriceSeed is one row of unitprices.json.
type unitPriceSeed struct {
	Code      string `json:"code"`
	NameDA    string `json:"name_da"`
	NameEN    string `json:"name_en"`
	AmountOre int64  `json:"amount_ore"`
	Source    string `json:"source"`
	SourceURL string `json:"source_url"`
	ValidFrom string `json:"valid_from"`
	Checked   bool   `json:"checked"`
	Note      string `json:"note"`
}

// DefaultUnitPrices returns the unit prices the store seeds on first start
// (from the embedded, sourced pbr/unitprices.json; E2 owns both). Each is
// dated and names its source; amounts not checked against the source are
// marked Checked=false and shown with a warning.
func DefaultUnitPrices() []samspil.UnitPrice {
	var seeds []unitPriceSeed
	if err := json.Unmarshal(unitPricesJSON, &seeds); err != nil {
		panic("pbr: unitprices.json: " + err.Error()) // a build-time file; its test keeps it valid
	}
	out := make([]samspil.UnitPrice, 0, len(seeds))
	for _, s := range seeds {
		from, err := time.Parse(time.DateOnly, s.ValidFrom)
		if err != nil {
			panic("pbr: unitprices.json: " + s.Code + ": " + err.Error())
		}
		out = append(out, samspil.UnitPrice{Code: s.Code, NameDA: s.NameDA, NameEN: s.NameEN, AmountOre: s.AmountOre,
			Source: s.Source, SourceURL: s.SourceURL, ValidFrom: from, Checked: s.Checked, Note: s.Note})
	}
	return out
}
