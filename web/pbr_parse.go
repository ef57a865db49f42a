package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	samspil "github.com/samspil/samspil"
)

// Rows of the rate card in the contract form. The form shows every filled
// row and one empty one (at least pbrRowsMin); "add an outcome row" shows
// one more. The parser reads at most pbrRowLimit rows, so a hostile post
// cannot make it loop for long, and leaves "too many" to Validate.
// Each row has pbrSavingSlots links to unit prices.
const (
	pbrRowsMin     = 2
	pbrRowLimit    = samspil.MaxContractOutcomes + 1
	pbrSavingSlots = 2
)

// pbrRowField names one input of a rate-card row: "outcomes.2.code".
func pbrRowField(i int, col string) string { return "outcomes." + strconv.Itoa(i) + "." + col }

// pbrSavingField names one input of a row's saving link:
// "outcomes.2.savings.0.months".
func pbrSavingField(i, j int, col string) string {
	return pbrRowField(i, "savings."+strconv.Itoa(j)+"."+col)
}

// pbrRowColumns are the inputs of a row that count as "filled".
var pbrRowColumns = []string{"code", "description", "evidence", "price", "per_participant_limit", "requires", "window_days", "cap_count", "target_count"}

// pbrFormTerms reads the terms part of the contract form (also the
// amendment form): the period as dates ("2027-01-01" or "1.1.2027"),
// the cap and prices in kroner with a Danish decimal comma, read to øre
// without a float, whole numbers, and the rate card. Every problem of the
// typing itself is a field error named after the form's field; the rules
// that need no parsing are left to ContractTerms.Validate.
// rows holds, for each outcome of the result, the form row it came from:
// rows left empty are skipped, so the two can differ (pbrRenameField
// puts Validate's errors back on the form's rows).
func pbrFormTerms(v url.Values, val *samspil.Validation) (t samspil.ContractTerms, rows []int) {
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	t = samspil.ContractTerms{StatementPeriod: samspil.StatementPeriod(get("statement_period")), Outcomes: []samspil.Outcome{}}
	date := func(name string) time.Time {
		s := get(name)
		if s == "" {
			return time.Time{}
		}
		d, err := parseCaseDate(s)
		if err != nil {
			val.Add(name, "pbrc.web.date.invalid", "write the date as DD-MM-YYYY or YYYY-MM-DD", nil)
			return time.Time{}
		}
		return d
	}
	money := func(name string) int64 {
		ore, err := parseDKK(v.Get(name))
		if err != nil {
			e, _ := samspil.AsError(err)
			val.Add(name, e.Key, e.Message, e.Args)
		}
		return ore
	}
	count := func(name string) int {
		n, err := parseCount(v.Get(name))
		if err != nil {
			e, _ := samspil.AsError(err)
			val.Add(name, e.Key, e.Message, e.Args)
		}
		return n
	}
	optional := func(name string) *int {
		if get(name) == "" {
			return nil
		}
		n := count(name)
		return &n
	}
	t.PeriodStart, t.PeriodEnd = date("period_start"), date("period_end")
	t.CapOre = money("cap")
	t.CohortTarget = count("cohort_target")
	t.DeadweightPct = count("deadweight_pct")
	for i := range pbrRowLimit {
		empty := true
		for _, c := range pbrRowColumns {
			if get(pbrRowField(i, c)) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		o := samspil.Outcome{Code: strings.ToUpper(get(pbrRowField(i, "code"))), Description: get(pbrRowField(i, "description")),
			Evidence: get(pbrRowField(i, "evidence")), Requires: []string{}, Savings: []samspil.OutcomeSaving{}}
		o.PriceOre = money(pbrRowField(i, "price"))
		o.PerParticipantLimit = 1
		if get(pbrRowField(i, "per_participant_limit")) != "" {
			o.PerParticipantLimit = count(pbrRowField(i, "per_participant_limit"))
		}
		o.Requires = pbrSplitCodes(get(pbrRowField(i, "requires")))
		o.WindowDays = optional(pbrRowField(i, "window_days"))
		o.CapCount = optional(pbrRowField(i, "cap_count"))
		o.TargetCount = count(pbrRowField(i, "target_count"))
		for j := range pbrSavingSlots {
			code := get(pbrSavingField(i, j, "unit_price_code"))
			months := get(pbrSavingField(i, j, "months"))
			if code == "" && months == "" {
				continue
			}
			n, err := strconv.Atoi(months)
			if err != nil {
				n = 0
			}
			o.Savings = append(o.Savings, samspil.OutcomeSaving{UnitPriceCode: code, Months: n})
		}
		t.Outcomes = append(t.Outcomes, o)
		rows = append(rows, i)
	}
	return t, rows
}

// pbrSplitCodes reads a list of outcome codes separated by commas,
// semicolons or spaces, upper-cased, without repeats.
func pbrSplitCodes(s string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		c = strings.ToUpper(c)
		if !seen[c] && len(out) < 2*samspil.MaxContractOutcomes {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// parsePbrForm reads the whole contract form into a contract.
func parsePbrForm(v url.Values) (*samspil.OutcomeContract, []int, int, error) {
	var val samspil.Validation
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	id := func(name string) int64 {
		n, err := strconv.ParseInt(get(name), 10, 64)
		if err != nil || n <= 0 {
			return 0
		}
		return n
	}
	c := &samspil.OutcomeContract{Title: get("title"), Summary: get("summary"), TargetGroup: get("target_group"),
		CommissionerID: id("commissioner_id"), ProviderID: id("provider_id")}
	if inv := id("investor_id"); inv > 0 {
		c.InvestorID = &inv
	}
	version, _ := strconv.Atoi(get("version"))
	var rows []int
	c.ContractTerms, rows = pbrFormTerms(v, &val)
	return c, rows, version, val.Err()
}

// pbrTermsValues fills the terms part of the form from stored terms in the
// notation the parser reads back.
func pbrTermsValues(v url.Values, t *samspil.ContractTerms) {
	if !t.PeriodStart.IsZero() {
		v.Set("period_start", t.PeriodStart.UTC().Format(time.DateOnly))
	}
	if !t.PeriodEnd.IsZero() {
		v.Set("period_end", t.PeriodEnd.UTC().Format(time.DateOnly))
	}
	if t.CapOre != 0 {
		v.Set("cap", formatDKK(t.CapOre))
	}
	v.Set("cohort_target", strconv.Itoa(t.CohortTarget))
	v.Set("statement_period", string(t.StatementPeriod))
	v.Set("deadweight_pct", strconv.Itoa(t.DeadweightPct))
	for i, o := range t.Outcomes {
		v.Set(pbrRowField(i, "code"), o.Code)
		v.Set(pbrRowField(i, "description"), o.Description)
		v.Set(pbrRowField(i, "evidence"), o.Evidence)
		v.Set(pbrRowField(i, "price"), formatDKK(o.PriceOre))
		v.Set(pbrRowField(i, "per_participant_limit"), strconv.Itoa(o.PerParticipantLimit))
		v.Set(pbrRowField(i, "requires"), strings.Join(o.Requires, ", "))
		if o.WindowDays != nil {
			v.Set(pbrRowField(i, "window_days"), strconv.Itoa(*o.WindowDays))
		}
		if o.CapCount != nil {
			v.Set(pbrRowField(i, "cap_count"), strconv.Itoa(*o.CapCount))
		}
		v.Set(pbrRowField(i, "target_count"), strconv.Itoa(o.TargetCount))
		for j, sv := range o.Savings {
			if j == pbrSavingSlots {
				break
			}
			v.Set(pbrSavingField(i, j, "unit_price_code"), sv.UnitPriceCode)
			v.Set(pbrSavingField(i, j, "months"), strconv.Itoa(sv.Months))
		}
	}
}

// pbrFormValues fills the contract form from a stored contract.
func pbrFormValues(c *samspil.OutcomeContract) url.Values {
	v := url.Values{}
	v.Set("version", strconv.Itoa(c.Version))
	v.Set("title", c.Title)
	v.Set("summary", c.Summary)
	v.Set("target_group", c.TargetGroup)
	v.Set("commissioner_id", strconv.FormatInt(c.CommissionerID, 10))
	v.Set("provider_id", strconv.FormatInt(c.ProviderID, 10))
	if c.InvestorID != nil {
		v.Set("investor_id", strconv.FormatInt(*c.InvestorID, 10))
	}
	pbrTermsValues(v, &c.ContractTerms)
	return v
}

// pbrRows returns the rate-card rows the form shows: every row up to the
// last one with something in it (or an error) and one empty row, at least
// pbrRowsMin and as many as the page showed before (outcome_rows), one
// more after "add an outcome row", never more than the parser reads.
func pbrRows(f *Form) []int {
	last := -1
	for i := range pbrRowLimit {
		for _, c := range append(pbrRowColumns, "savings") {
			name := pbrRowField(i, c)
			if f.Get(name) != "" || f.Invalid(name) {
				last = i
			}
		}
	}
	n := max(last+2, pbrRowsMin)
	if shown, err := strconv.Atoi(f.Get("outcome_rows")); err == nil && shown > n {
		n = shown
	}
	if f.Get("action") == "rows" {
		n++
	}
	n = min(n, pbrRowLimit)
	f.Set("outcome_rows", strconv.Itoa(n))
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// pbrRenameField moves field errors from the domain's names to the form's:
// amounts are typed in kroner, and outcome i sits on form row rows[i]
// (nil rows: the same number).
func pbrRenameField(err error, rows []int) error {
	return renameFieldErrors(err, func(field string) string {
		switch {
		case field == "cap_ore":
			return "cap"
		case strings.HasPrefix(field, "outcomes."):
			name := strings.TrimSuffix(field, ".price_ore")
			if strings.HasSuffix(field, ".price_ore") {
				name += ".price"
			}
			idx, rest, _ := strings.Cut(strings.TrimPrefix(name, "outcomes."), ".")
			if n, err := strconv.Atoi(idx); err == nil && n >= 0 && n < len(rows) {
				name = pbrRowField(rows[n], rest)
			}
			return name
		}
		return field
	})
}

// renameFieldErrors returns err with each field error's name passed
// through rename (a domain's field names to a form's); an error without
// fields comes back as it is.
func renameFieldErrors(err error, rename func(field string) string) error {
	e, ok := samspil.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make([]samspil.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		fe.Field = rename(fe.Field)
		out.Fields[i] = fe
	}
	return &out
}
