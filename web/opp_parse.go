package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// oppFields is what the opportunity form posts, read into domain values.
// Kind and organisation are chosen only when posting; an edit keeps them.
type oppFields struct {
	Title, Description string
	CPVCodes           []string
	ExpertiseAreas     []string
	TargetGroups       []string
	MunicipalityCode   string
	RadiusKm           int
	Volume             int
	EstimatedValueOre  int64
	Deadline           *time.Time
}

// parseOppFields reads the opportunity form for an opportunity of kind k.
// Mentoring kinds read expertise areas, all others CPV codes; the other
// list is ignored so a stray value cannot block the form. Numbers, the
// amount in kroner (Danish "1.234,50" as well as "1234.50") and the
// deadline date are read here, each problem as a field error; the rules
// that need no parsing are left to Opportunity.Validate.
func parseOppFields(v url.Values, k samspil.OpportunityKind, loc *time.Location) (oppFields, error) {
	var out oppFields
	var val samspil.Validation
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	list := func(name string) []string {
		res := []string{}
		for _, s := range v[name] {
			if s = strings.TrimSpace(s); s != "" {
				res = append(res, s)
			}
		}
		return res
	}
	out.Title = get("title")
	out.Description = get("description")
	out.MunicipalityCode = get("municipality_code")
	out.TargetGroups = list("target_groups")
	out.CPVCodes, out.ExpertiseAreas = []string{}, []string{}
	if k.UsesExpertise() {
		out.ExpertiseAreas = list("expertise_areas")
	} else {
		var unknown []string
		for _, c := range splitCodes(v.Get("cpv_codes")) {
			if e, ok := refdata.CPVByCode(c); ok {
				out.CPVCodes = append(out.CPVCodes, e.Code)
			} else {
				unknown = append(unknown, c)
			}
		}
		if len(unknown) > 0 {
			if len(unknown) > 10 {
				unknown = append(unknown[:10], "…")
			}
			val.Add("cpv_codes", "cpv.unknown", "unknown CPV code", map[string]any{"Code": strings.Join(unknown, ", ")})
		}
	}
	number := func(field string) int {
		n, err := parseCount(v.Get(field))
		if err != nil {
			e, _ := samspil.AsError(err)
			val.Add(field, e.Key, e.Message, e.Args)
		}
		return n
	}
	out.RadiusKm = number("radius_km")
	out.Volume = number("volume")
	ore, err := parseDKK(v.Get("estimated_value"))
	if err != nil {
		e, _ := samspil.AsError(err)
		val.Add("estimated_value", e.Key, e.Message, e.Args)
	}
	out.EstimatedValueOre = ore
	if d := get("deadline"); d != "" {
		t, err := parseDeadline(d, loc)
		if err != nil {
			val.Add("deadline", "opp.deadline.invalid", "write the date as YYYY-MM-DD", nil)
		} else {
			out.Deadline = &t
		}
	}
	return out, val.Err()
}

// parseDeadline reads a date ("2026-03-31", or the Danish "31-03-2026" and
// "31.3.2026" that people type where the browser has no date picker) and
// returns the end of that day in Danish time, in UTC: the last moment an
// answer is in time.
func parseDeadline(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	var y, m, d int
	var err error
	parts := strings.Split(strings.NewReplacer(".", "-", "/", "-").Replace(s), "-")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return time.Time{}, samspil.Errorf(samspil.EINVALID, "opp.deadline.invalid", "not a date")
	}
	nums := make([]int, 3)
	for i, p := range parts {
		if nums[i], err = strconv.Atoi(p); err != nil || nums[i] < 0 {
			return time.Time{}, samspil.Errorf(samspil.EINVALID, "opp.deadline.invalid", "not a date")
		}
	}
	if len(parts[0]) == 4 {
		y, m, d = nums[0], nums[1], nums[2]
	} else if len(parts[2]) == 4 {
		d, m, y = nums[0], nums[1], nums[2]
	} else {
		return time.Time{}, samspil.Errorf(samspil.EINVALID, "opp.deadline.invalid", "not a date")
	}
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, samspil.Errorf(samspil.EINVALID, "opp.deadline.invalid", "not a date")
	}
	day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if day.Day() != d { // 31 February rolled over into March
		return time.Time{}, samspil.Errorf(samspil.EINVALID, "opp.deadline.invalid", "not a date")
	}
	end := time.Date(y, time.Month(m), d+1, 0, 0, 0, 0, loc).Add(-time.Second)
	return end.UTC(), nil
}

// oppFormValues fills the form from a stored opportunity in the notation
// the parser reads back.
func oppFormValues(o *samspil.Opportunity, lang string, loc *time.Location) url.Values {
	v := url.Values{}
	v.Set("organisation_id", strconv.FormatInt(o.OrganisationID, 10))
	v.Set("kind", string(o.Kind))
	v.Set("title", o.Title)
	v.Set("description", o.Description)
	lines := make([]string, 0, len(o.CPVCodes))
	for _, c := range o.CPVCodes {
		if e, ok := refdata.CPVByCode(c); ok {
			lines = append(lines, e.Code+" "+e.Label(lang))
		} else {
			lines = append(lines, c)
		}
	}
	v.Set("cpv_codes", strings.Join(lines, "\n"))
	v["expertise_areas"] = append([]string(nil), o.ExpertiseAreas...)
	v["target_groups"] = append([]string(nil), o.TargetGroups...)
	v.Set("municipality_code", o.MunicipalityCode)
	v.Set("radius_km", countValue(o.RadiusKm))
	v.Set("volume", countValue(o.Volume))
	if o.EstimatedValueOre != 0 {
		v.Set("estimated_value", formatDKK(o.EstimatedValueOre))
	}
	if o.Deadline != nil {
		v.Set("deadline", o.Deadline.In(loc).Format("2006-01-02"))
	}
	return v
}

// oppRenameField moves field errors from the domain's names to the form's
// (the amount is typed in kroner as "estimated_value").
func oppRenameField(err error) error {
	return orgRenameField(err, "estimated_value_ore", "estimated_value")
}
