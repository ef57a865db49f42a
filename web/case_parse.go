package web

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

// Rows of the repeated parts of the case form. The form shows the filled
// rows and a few empty ones; the parser reads at most caseRowLimit rows of
// each so a hostile post cannot make it loop for long, and leaves the
// "too many" rule to Case.Validate.
const (
	caseEmptyRows = 2
	caseRowLimit  = 2 * samspil.MaxCaseResults
)

// maxResultValue bounds a measured value, as Case.Validate does.
const maxResultValue = 1e12

// caseForm is the case form read into a domain value: what the person
// typed, parsed, with every problem of the typing itself as a field error.
// The rules that need no parsing are left to Case.Validate.
type caseForm struct {
	OrganisationID int64
	Case           *samspil.Case
}

// caseRowField names one input of a repeated row: "results.2.value".
func caseRowField(table string, i int, col string) string {
	return table + "." + strconv.Itoa(i) + "." + col
}

// parseCaseForm reads the case form. Dates are days ("2024-03-01", or the
// Danish "1.3.2024"); the value is kroner ("1.234,50"); result values are
// numbers with a Danish decimal comma ("3,5", "1.200") or an English point
// ("3.5"); a partner's link is a profile address or number.
func parseCaseForm(v url.Values) (caseForm, error) {
	var val samspil.Validation
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	c := &samspil.Case{
		Title: get("title"), Summary: get("summary"), Model: samspil.CollaborationModel(get("model")),
		MunicipalityCode: get("municipality_code"), WhatWasDone: get("what_was_done"), Economy: get("economy"),
		WorkedWell: get("worked_well"), WorkedLess: get("worked_less"), ContactName: get("contact_name"),
		ContactEmail: get("contact_email"), ContactPhone: get("contact_phone"),
		Partners: []samspil.CasePartner{}, Results: []samspil.CaseResult{}, TargetGroups: []string{},
	}
	out := caseForm{Case: c}
	if s := get("organisation_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			val.Add("organisation_id", "case.form.org_required", "choose the organisation that publishes the case", nil)
		} else {
			out.OrganisationID = id
		}
	}
	for _, g := range v["target_groups"] {
		if g = strings.TrimSpace(g); g != "" {
			c.TargetGroups = append(c.TargetGroups, g)
		}
	}
	for _, f := range []struct {
		name string
		to   **time.Time
	}{{"period_start", &c.PeriodStart}, {"period_end", &c.PeriodEnd}} {
		if s := get(f.name); s != "" {
			d, err := parseCaseDate(s)
			if err != nil {
				val.Add(f.name, "case.form.date_invalid", "write the date as YYYY-MM-DD", nil)
				continue
			}
			*f.to = &d
		}
	}
	ore, err := parseDKK(v.Get("value"))
	if err != nil {
		e, _ := samspil.AsError(err)
		val.Add("value", e.Key, e.Message, e.Args)
	}
	c.ValueOre = ore

	for i := range caseRowLimit {
		name := strings.TrimSpace(v.Get(caseRowField("partners", i, "name")))
		role := strings.TrimSpace(v.Get(caseRowField("partners", i, "role")))
		link := strings.TrimSpace(v.Get(caseRowField("partners", i, "org")))
		if name == "" && role == "" && link == "" {
			continue
		}
		p := samspil.CasePartner{Name: name, Role: role}
		if link != "" {
			id, ok := parseOrgLink(link)
			if !ok {
				val.Add(caseRowField("partners", i, "org"), "case.form.partner_org_invalid", "paste the address of the organisation's page, or leave the field empty", nil)
			} else {
				p.OrganisationID = &id
			}
		}
		if p.Name == "" && p.OrganisationID == nil && !val.Has(caseRowField("partners", i, "org")) {
			val.Add(caseRowField("partners", i, "name"), "case.form.partner_name_required", "name the partner", nil)
		}
		c.Partners = append(c.Partners, p)
	}
	for i := range caseRowLimit {
		r := samspil.CaseResult{
			Metric: strings.TrimSpace(v.Get(caseRowField("results", i, "metric"))),
			Unit:   strings.TrimSpace(v.Get(caseRowField("results", i, "unit"))),
			Period: strings.TrimSpace(v.Get(caseRowField("results", i, "period"))),
		}
		raw := strings.TrimSpace(v.Get(caseRowField("results", i, "value")))
		if r.Metric == "" && r.Unit == "" && r.Period == "" && raw == "" {
			continue
		}
		if raw == "" {
			val.Add(caseRowField("results", i, "value"), "case.form.value_required", "write the measured value", nil)
		} else if x, err := parseDecimal(raw); err != nil {
			val.Add(caseRowField("results", i, "value"), "case.form.value_invalid", "write a number, e.g. 12 or 3,5", nil)
		} else {
			r.Value = x
		}
		if r.Metric == "" {
			val.Add(caseRowField("results", i, "metric"), "case.result.metric.required", "each result needs a name of what was measured", nil)
		}
		c.Results = append(c.Results, r)
	}
	return out, val.Err()
}

// parseCaseDate reads a day in the notations parseDeadline knows and
// returns its midnight in UTC, the way the domain stores a case's period.
func parseCaseDate(s string) (time.Time, error) {
	t, err := parseDeadline(s, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// parseOrgLink reads the organisation a partner row links to: its number
// or the address of its page ("/organisationer/12", with or without the
// host and a query).
func parseOrgLink(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "/organisationer/"); i >= 0 {
		s = s[i+len("/organisationer/"):]
		if j := strings.IndexAny(s, "/?#"); j >= 0 {
			s = s[:j]
		}
	}
	if s == "" || len(s) > 18 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// parseDecimal reads a measured value as people type it: Danish "3,5",
// "1.200" and "1.234,75", English "3.5" and "1,234.75", a sign, and spaces
// as thousands separators. Grouping must be in threes, so "12.50.000" is
// refused instead of guessed at. One dot followed by three digits is
// Danish grouping ("1.200" is twelve hundred) unless the whole part is 0.
func parseDecimal(s string) (float64, error) {
	bad := samspil.Errorf(samspil.EINVALID, "case.form.value_invalid", "not a number")
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "−"):
		neg, s = true, s[len("−"):]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\'':
			b.WriteByte('_')
		case r >= '0' && r <= '9', r == '.', r == ',':
			b.WriteRune(r)
		default:
			return 0, bad
		}
	}
	s = b.String()
	if s == "" || len(s) > 40 {
		return 0, bad
	}
	dec := byte(0)
	lastComma, lastDot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case lastComma >= 0 && lastDot >= 0:
		if lastComma > lastDot {
			dec = ','
		} else {
			dec = '.'
		}
	case lastComma >= 0:
		if strings.Count(s, ",") == 1 {
			dec = ','
		}
	case lastDot >= 0:
		if strings.Count(s, ".") == 1 {
			whole, frac := s[:lastDot], s[lastDot+1:]
			if len(frac) != 3 || whole == "0" || whole == "" {
				dec = '.'
			}
		}
	}
	intPart, frac := s, ""
	if dec != 0 {
		i := strings.LastIndexByte(s, dec)
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || strings.ContainsAny(frac, ".,_") {
			return 0, bad
		}
	}
	if intPart == "" {
		intPart = "0"
	}
	digits, ok := ungroup(intPart)
	if !ok {
		return 0, bad
	}
	num := digits
	if frac != "" {
		num += "." + frac
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || x > maxResultValue {
		return 0, bad
	}
	if neg {
		x = -x
	}
	return x, nil
}

// formatResultValue writes a measured value the way parseDecimal reads it
// back exactly: Danish grouping and decimal comma ("1.234,5"), or, for
// English pages, "1,234.5".
func formatResultValue(lang string, x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	sep, mark := ".", ","
	if lang == "en" {
		sep, mark = ",", "."
	}
	out := strings.ReplaceAll(groupThousands(whole), ".", sep)
	if frac != "" {
		out += mark + frac
	}
	if x < 0 {
		out = "-" + out
	}
	return out
}

// caseFormValues fills the form from a stored case in the notation the
// parser reads back.
func caseFormValues(c *samspil.Case) url.Values {
	v := url.Values{}
	v.Set("organisation_id", strconv.FormatInt(c.OrganisationID, 10))
	v.Set("title", c.Title)
	v.Set("summary", c.Summary)
	v.Set("model", string(c.Model))
	v.Set("municipality_code", c.MunicipalityCode)
	if c.PeriodStart != nil {
		v.Set("period_start", c.PeriodStart.UTC().Format("2006-01-02"))
	}
	if c.PeriodEnd != nil {
		v.Set("period_end", c.PeriodEnd.UTC().Format("2006-01-02"))
	}
	v["target_groups"] = append([]string(nil), c.TargetGroups...)
	v.Set("what_was_done", c.WhatWasDone)
	v.Set("economy", c.Economy)
	if c.ValueOre != 0 {
		v.Set("value", formatDKK(c.ValueOre))
	}
	v.Set("worked_well", c.WorkedWell)
	v.Set("worked_less", c.WorkedLess)
	v.Set("contact_name", c.ContactName)
	v.Set("contact_email", c.ContactEmail)
	v.Set("contact_phone", c.ContactPhone)
	for i, p := range c.Partners {
		v.Set(caseRowField("partners", i, "name"), p.Name)
		v.Set(caseRowField("partners", i, "role"), p.Role)
		if p.OrganisationID != nil {
			v.Set(caseRowField("partners", i, "org"), fmt.Sprintf("/organisationer/%d", *p.OrganisationID))
		}
	}
	for i, r := range c.Results {
		v.Set(caseRowField("results", i, "metric"), r.Metric)
		v.Set(caseRowField("results", i, "value"), formatResultValue("da", r.Value))
		v.Set(caseRowField("results", i, "unit"), r.Unit)
		v.Set(caseRowField("results", i, "period"), r.Period)
	}
	return v
}

// caseRenameField moves field errors from the domain's names to the
// form's (the value is typed in kroner as "value").
func caseRenameField(err error) error {
	return orgRenameField(err, "value_ore", "value")
}
