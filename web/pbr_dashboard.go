package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// pbrDashOutcome is one rate-card line on the dashboard with its progress
// against the target written out.
type pbrDashOutcome struct {
	pbr.DashOutcome
	// TargetPct is achieved in per cent of the target, rounded down (0
	// when no target is set); BarPct is the same capped at 100 for the
	// progress element.
	TargetPct, BarPct int
	// HasCap and Cap are the count cap, unpointered for the templates.
	HasCap bool
	Cap    int
}

// pbrMonthRow is one month of the progress table.
type pbrMonthRow struct {
	Month    string // "2027-03"
	Label    string // "marts 2027"
	Enrolled int
	Achieved []int // in the order of the rate card
	PaidOre  int64
}

// pbrValueLine is one stated assumption of the social-value estimate.
type pbrValueLine struct {
	pbr.ValueLine
	Outcome   string // the outcome's description
	PriceName string // the unit price's name in the page language (the code when unknown)
	YearlyOre int64
	Missing   bool // no unit price with the code is valid on the dashboard's date
}

// pbrUsedPrice is a unit price the estimate uses, with its source.
type pbrUsedPrice struct {
	*samspil.UnitPrice
	Name string
}

// pbrDashData is the contract dashboard.
type pbrDashData struct {
	C     *samspil.OutcomeContract
	D     *pbr.Dashboard
	Today time.Time
	// Parties is set for the commissioner's and the provider's members,
	// who may follow links to participants and claims; an investor and
	// the secretariat see the aggregates only.
	Parties bool
	// CanEditPrices links editors and platform admins to the unit prices.
	CanEditPrices bool
	Outcomes      []pbrDashOutcome
	// The payments against the cap.
	PaidOre, EarnedOre, UnpaidOre, PendingOre, RemainingOre int64
	// FreeOre is what would be left under the cap if every pending claim
	// were approved (the white part of the bar).
	FreeOre  int64
	CapChart *pbrCapChart
	// Progress over time.
	CountChart  *pbrLineChart
	PaidChart   *pbrLineChart
	MonthRows   []pbrMonthRow
	EnrolledPct int
	// The social-value estimate.
	Value         []pbrValueLine
	Prices        []pbrUsedPrice
	DeadweightOre int64
	Unchecked     bool // a unit price used is not checked against its source
	Missing       bool // an outcome names a unit price the table does not have
}

// pbrContractPath is a contract's page with an optional suffix.
func pbrContractPath(id int64, suffix string) string {
	return "/resultatkontrakter/" + strconv.FormatInt(id, 10) + suffix
}

// loadViewableContract finds contract {id} for a signed-in viewer who may
// see it (Principal.CanViewContract). A draft is missing for everybody
// else; an active or finished contract is refused. It answers the request
// itself when it fails.
func (s *Server) loadViewableContract(w http.ResponseWriter, r *http.Request) (*samspil.OutcomeContract, *samspil.Principal, bool) {
	p := s.principal(r)
	if p == nil {
		s.fail(w, r, samspil.Errorf(samspil.EUNAUTHORIZED, "error.unauthorized", "please sign in"))
		return nil, nil, false
	}
	id, err := orgPathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	c, err := s.store.FindOutcomeContractByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	if !p.CanViewContract(c) {
		if c.Status == samspil.ContractDraft {
			s.notFound(w, r)
		} else {
			s.fail(w, r, p.Require(false))
		}
		return nil, nil, false
	}
	return c, p, true
}

// pbrToday is today's date in Danish time, as midnight UTC (how dates are
// kept).
func (s *Server) pbrToday() time.Time {
	t := s.now().In(s.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// handlePbrDashboard is GET /resultatkontrakter/{id}/overblik: participants
// against the cohort target, each outcome against its target, payments
// against the cap, progress by month and the social-value estimate with
// its assumptions. It shows aggregates only, never a pseudonym, so every
// party (the investor too) and platform admins may see it.
func (s *Server) handlePbrDashboard(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadViewableContract(w, r)
	if !ok {
		return
	}
	l, err := s.store.ContractLedger(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today := s.pbrToday()
	d := newPbrDashData(TranslatorFrom(r), l, pbr.BuildDashboard(l, today), today)
	d.Parties = p.CanViewParticipants(d.C)
	d.CanEditPrices = p.CanEditUnitPrices()
	s.render(w, r, http.StatusOK, "pbr_dashboard", d)
}

// newPbrDashData turns the engine's dashboard into what the page shows.
func newPbrDashData(tr *Translator, l *samspil.ContractLedger, dash *pbr.Dashboard, today time.Time) *pbrDashData {
	d := &pbrDashData{C: l.Contract, D: dash, Today: today}
	d.EnrolledPct = pctOf(int64(dash.Enrolled), int64(dash.CohortTarget))
	for _, o := range dash.Outcomes {
		pct := pctOf(int64(o.Achieved), int64(o.TargetCount))
		row := pbrDashOutcome{DashOutcome: o, TargetPct: pct, BarPct: min(pct, 100)}
		if o.CapCount != nil {
			row.HasCap, row.Cap = true, *o.CapCount
		}
		d.Outcomes = append(d.Outcomes, row)
	}

	d.PaidOre, d.EarnedOre, d.PendingOre = dash.PaidOre, dash.EarnedOre, dash.PendingOre
	d.UnpaidOre = dash.EarnedOre - dash.PaidOre
	d.RemainingOre = dash.CapOre - max(dash.PaidOre, dash.EarnedOre)
	_, _, _, d.FreeOre = pbrCapParts(dash)
	d.CapChart = newPbrCapChart(tr, dash)

	months := make([]string, len(dash.Months))
	enrolled := make([]int64, len(dash.Months))
	paid := make([]int64, len(dash.Months))
	shown := min(len(dash.Outcomes), pbrChartOutcomes)
	achieved := make([][]int64, shown)
	for i, m := range dash.Months {
		months[i], enrolled[i], paid[i] = m.Month, int64(m.Enrolled), m.PaidOre
		row := pbrMonthRow{Month: m.Month, Label: pbrMonthLabel(m.Month, tr.Lang, false), Enrolled: m.Enrolled, PaidOre: m.PaidOre}
		for k, o := range dash.Outcomes {
			n := m.Achieved[o.Code]
			row.Achieved = append(row.Achieved, n)
			if k < shown {
				achieved[k] = append(achieved[k], int64(n))
			}
		}
		d.MonthRows = append(d.MonthRows, row)
	}
	if len(months) > 0 {
		names := []string{tr.T("pbrdash.progress.enrolled", nil)}
		values := [][]int64{enrolled}
		for k := 0; k < shown; k++ {
			names = append(names, dash.Outcomes[k].Code)
			values = append(values, achieved[k])
		}
		d.CountChart = newPbrLineChart(tr, months, names, values, false, tr.T("pbrdash.progress.count_title", nil))
		d.CountChart.Omitted = len(dash.Outcomes) - shown
		d.PaidChart = newPbrLineChart(tr, months, []string{tr.T("pbrdash.progress.paid", nil)}, [][]int64{paid}, true, tr.T("pbrdash.progress.paid_title", nil))
	}

	desc := map[string]string{}
	for _, o := range dash.Outcomes {
		desc[o.Code] = o.Description
	}
	for _, vl := range dash.Value.Lines {
		line := pbrValueLine{ValueLine: vl, Outcome: desc[vl.OutcomeCode], PriceName: vl.UnitPriceCode}
		if u := vl.UnitPrice; u != nil {
			line.PriceName, line.YearlyOre = unitPriceName(u, tr.Lang), u.AmountOre
			if !u.Checked {
				d.Unchecked = true
			}
			if !seenCode(d.Prices, u.Code) {
				d.Prices = append(d.Prices, pbrUsedPrice{UnitPrice: u, Name: line.PriceName})
			}
		} else {
			line.Missing, d.Missing = true, true
		}
		d.Value = append(d.Value, line)
	}
	d.Unchecked = d.Unchecked || dash.Value.Unchecked
	d.DeadweightOre = dash.Value.GrossOre - dash.Value.NetOre
	return d
}

// seenCode reports whether prices already hold a row of code.
func seenCode(prices []pbrUsedPrice, code string) bool {
	for _, p := range prices {
		if p.Code == code {
			return true
		}
	}
	return false
}

// unitPriceName is a unit price's name in lang, falling back to the other
// language and then the code.
func unitPriceName(u *samspil.UnitPrice, lang string) string {
	first, second := u.NameDA, u.NameEN
	if lang == "en" {
		first, second = second, first
	}
	switch {
	case first != "":
		return first
	case second != "":
		return second
	}
	return u.Code
}

// pctOf is n in whole per cent of of, rounded down; 0 when of is not
// positive.
func pctOf(n, of int64) int {
	if of <= 0 || n <= 0 {
		return 0
	}
	return int(n * 100 / of)
}

// formatKroner writes øre as kroner without a float: "1.250.000 kr." or
// "1.250.000,50 kr." in Danish, "DKK 1,250,000" or "DKK 1,250,000.50" in
// English. Øre are shown only when there are any.
func formatKroner(ore int64, lang string) string {
	s := formatDKK(ore)
	if lang == "en" {
		s = strings.NewReplacer(".", ",", ",", ".").Replace(s)
		if strings.HasPrefix(s, "-") {
			return "-DKK " + s[1:]
		}
		return "DKK " + s
	}
	return s + " kr."
}

// formatPermilleKroner writes a return in thousandths of a krone per krone
// as kroner with two decimals, rounded half up: 1495 → "1,50".
func formatPermilleKroner(permille int64, lang string) string {
	neg := permille < 0
	if neg {
		permille = -permille
	}
	h := (permille + 5) / 10
	s := groupThousands(strconv.FormatInt(h/100, 10)) + "," + strconv.FormatInt(h%100/10, 10) + strconv.FormatInt(h%10, 10)
	if lang == "en" {
		s = strings.NewReplacer(".", ",", ",", ".").Replace(s)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// DashKr formats øre as kroner for the outcome-contract pages (templates).
func (p *Page) DashKr(ore int64) string { return formatKroner(ore, p.Lang) }

// DashReturn is the social return per paid krone: "1,50 kr. pr. betalt
// krone" (templates).
func (p *Page) DashReturn(permille int64) string {
	return p.T("pbrdash.value.return_value", "Amount", formatPermilleKroner(permille, p.Lang))
}

// DashMonth names a month ("2027-03") in the page language (templates).
func (p *Page) DashMonth(ym string) string { return pbrMonthLabel(ym, p.Lang, false) }

// DashUnitPrice names a unit price in the page language (templates).
func (p *Page) DashUnitPrice(u *samspil.UnitPrice) string { return unitPriceName(u, p.Lang) }

// Charts lists the progress charts in the order shown: counts, then the
// cumulative payments (templates).
func (d *pbrDashData) Charts() []*pbrLineChart {
	var out []*pbrLineChart
	for _, c := range []*pbrLineChart{d.CountChart, d.PaidChart} {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}
