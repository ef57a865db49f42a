package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// oppPageSize is how many opportunities one page of the board shows.
const oppPageSize = 20

// oppSorts are the board's orders; the first is the default.
var oppSorts = []string{"newest", "deadline", "title"}

func init() {
	// Template helpers of the opportunity pages. They need no request, so
	// they join the shared function map before the templates are parsed.
	templateFuncs["munName"] = func(code string) string {
		if m, ok := refdata.MunicipalityByCode(code); ok {
			return m.Name
		}
		return code
	}
	templateFuncs["cpvLabel"] = func(code, lang string) string {
		if c, ok := refdata.CPVByCode(code); ok {
			return c.Label(lang)
		}
		return ""
	}
	// dec formats a number with prec decimals in the page language:
	// {{dec $.Lang 12.345 1}} gives "12,3" in Danish and "12.3" in English.
	templateFuncs["dec"] = formatDecimal
	templateFuncs["mul100"] = func(f float64) float64 { return f * 100 }
}

// oppBoardData is the board page.
type oppBoardData struct {
	FormData
	Items          []*samspil.Opportunity
	Total          int
	Pager          adminPager
	Kinds          []Option
	Statuses       []Option
	Municipalities []Option
	TargetGroups   []Option
	Sorts          []Option
	Filtered       bool
	CanPost        bool                  // signed in: the "post an opportunity" button
	Organisation   *samspil.Organisation // ?organisation=: only this one's opportunities
	Anonymous      bool
}

// handleOppBoard lists opportunities with filters (kind, status, open by
// default, municipality, target group), three orders and pages. Unknown
// filter values are dropped, never answered with an error: the form only
// offers known ones.
func (s *Server) handleOppBoard(w http.ResponseWriter, r *http.Request) {
	f := NewForm(r)
	tr := f.tr
	filter := samspil.OpportunityFilter{Limit: oppPageSize}

	kind := samspil.OpportunityKind(f.Get("kind"))
	if kind.Valid() {
		filter.Kinds = []samspil.OpportunityKind{kind}
	} else {
		f.Set("kind", "")
	}
	switch st := f.Get("status"); {
	case st == "all":
	case samspil.OpportunityStatus(st).Valid():
		filter.Statuses = []samspil.OpportunityStatus{samspil.OpportunityStatus(st)}
	default:
		f.Set("status", string(samspil.OppOpen))
		filter.Statuses = []samspil.OpportunityStatus{samspil.OppOpen}
	}
	groups, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	filter.MunicipalityCode, filter.TargetGroup, filter.Sort = listChoices(f, groups, oppSorts)
	var org *samspil.Organisation
	if id, err := strconv.ParseInt(f.Get("organisation"), 10, 64); err == nil && id > 0 {
		if o, err := s.store.FindOrganisationByID(r.Context(), id); err == nil {
			org, filter.OrganisationID = o, o.ID
		}
	}
	if org == nil {
		f.Set("organisation", "")
	}
	page := adminPageParam(r)
	filter.Offset = (page - 1) * oppPageSize

	items, total, err := s.store.FindOpportunities(r.Context(), filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.principal(r)
	d := &oppBoardData{FormData: FormData{Form: f}, Items: items, Total: total,
		Pager: newAdminPager(r, page, total, oppPageSize), CanPost: p != nil, Anonymous: p == nil, Organisation: org,
		Filtered: org != nil || len(filter.Kinds) > 0 || filter.MunicipalityCode != "" || filter.TargetGroup != "" || f.Get("status") != string(samspil.OppOpen)}
	d.Kinds = append(d.Kinds, Option{Value: "", Label: tr.T("opp.filter.any_kind", nil)})
	for _, k := range samspil.OpportunityKinds {
		d.Kinds = append(d.Kinds, Option{Value: string(k), Label: tr.T("opp.kind."+string(k), nil)})
	}
	for _, st := range []string{"open", "closed", "filled", "all"} {
		d.Statuses = append(d.Statuses, Option{Value: st, Label: tr.T("opp.status."+st, nil)})
	}
	d.Municipalities = append([]Option{{Value: "", Label: tr.T("opp.filter.any_municipality", nil)}}, sortedMunicipalities()...)
	d.TargetGroups = targetGroupOptions(groups, s.lang(r))
	d.TargetGroups = append([]Option{{Value: "", Label: tr.T("opp.filter.any_target_group", nil)}}, d.TargetGroups...)
	for _, so := range oppSorts {
		d.Sorts = append(d.Sorts, Option{Value: so, Label: tr.T("opp.sort."+so, nil)})
	}
	s.render(w, r, http.StatusOK, "opp_board", d)
}

// targetGroupOptions lists target groups by name in the page language.
func targetGroupOptions(groups []*samspil.TargetGroup, lang string) []Option {
	out := make([]Option, 0, len(groups))
	for _, g := range groups {
		name := g.NameDA
		if lang == "en" {
			name = g.NameEN
		}
		out = append(out, Option{Value: g.Code, Label: name})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// formatDecimal writes f with prec decimals and the language's decimal mark.
func formatDecimal(lang string, f float64, prec int) string {
	out := strconv.FormatFloat(f, 'f', prec, 64)
	if lang != "en" {
		out = strings.Replace(out, ".", ",", 1)
	}
	return out
}
