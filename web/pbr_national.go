package web

import (
	"net/http"
	"sort"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// The national overview of outcome contracts (/resultatkontrakter/tal) is
// public: it shows the published aggregates of running and finished
// contracts (never drafts, never a participant row), the national totals
// and a table that can be filtered, sorted and paged without JavaScript.

// pbrNationalPage is how many contracts one page of the table lists.
const pbrNationalPage = 25

// pbrNationalMax bounds how many aggregates the page reads; far above the
// number of outcome contracts a country runs.
const pbrNationalMax = 10000

// pbrNationalSorts are the sortable columns; the first is the default.
var pbrNationalSorts = []string{"start", "commissioner", "provider", "target_group", "achieved", "paid"}

// pbrNationalRow is one contract in the table.
type pbrNationalRow struct {
	*samspil.ContractAggregate
	Achieved   int
	TargetName string
	// Link is the contract's dashboard for viewers who are a party (by the
	// commissioner's or provider's membership) or platform admins; "".
	Link string
}

// pbrNationalTotals sums the contracts of the table.
type pbrNationalTotals struct {
	Running, Finished int
	Enrolled          int
	Achieved          int
	PaidOre           int64
}

// pbrNationalData is the national overview.
type pbrNationalData struct {
	FormData
	Rows           []pbrNationalRow
	Totals         pbrNationalTotals
	Count          int // contracts matching the filter
	Pager          adminPager
	Municipality   *samspil.Municipality // the chosen municipality, nil for all
	Municipalities []Option
	Statuses       []Option
	Groups         []Option
	Sort           string
	Desc           bool
	Sorts          map[string]sortLink
	Filtered       bool
	CanEditPrices  bool // editors and platform admins get a link to the unit prices
	JSONURL        string
	CSVURL         string
}

// handlePbrNational is GET /resultatkontrakter/tal.
func (s *Server) handlePbrNational(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := EmptyForm(r)
	q := r.URL.Query()
	d := &pbrNationalData{FormData: FormData{Form: f}, JSONURL: "/api/v1/outcome-contracts", CSVURL: "/api/v1/outcome-contracts.csv"}
	filter := samspil.ContractFilter{}
	if code := strings.TrimSpace(q.Get("kommune")); code != "" {
		if m, ok := refdata.MunicipalityByCode(code); ok {
			d.Municipality, filter.MunicipalityCode = m, m.Code
			f.Set("kommune", m.Code)
		}
	}
	switch st := samspil.ContractStatus(q.Get("status")); st {
	case samspil.ContractActive, samspil.ContractFinished:
		filter.Statuses = []samspil.ContractStatus{st}
		f.Set("status", string(st))
	}
	groups, err := s.store.FindTargetGroups(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if g := strings.TrimSpace(q.Get("maalgruppe")); g != "" {
		for _, x := range groups {
			if x.Code == g {
				filter.TargetGroup = g
				f.Set("maalgruppe", g)
			}
		}
	}
	d.Sort, d.Desc = pbrNationalSorts[0], q.Get("dir") == "desc"
	for _, c := range pbrNationalSorts {
		if q.Get("sort") == c {
			d.Sort = c
		}
	}
	if q.Get("sort") == "" {
		d.Desc = true // newest first by default
	}
	aggs, err := s.allContractAggregates(r, filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	groupName := map[string]string{}
	for _, g := range groups {
		name := g.NameDA
		if tr.Lang == "en" && g.NameEN != "" {
			name = g.NameEN
		}
		groupName[g.Code] = name
	}
	p := s.principal(r)
	d.CanEditPrices = p.CanEditUnitPrices()
	var rows []pbrNationalRow
	for _, a := range aggs {
		row := pbrNationalRow{ContractAggregate: a, TargetName: groupName[a.TargetGroup]}
		if row.TargetName == "" {
			row.TargetName = a.TargetGroup
		}
		for _, o := range a.Outcomes {
			row.Achieved += o.Achieved
		}
		if p != nil && (p.IsPlatformAdmin() || p.IsMember(a.CommissionerID) || p.IsMember(a.ProviderID)) {
			row.Link = pbrContractPath(a.ContractID, "/overblik")
		}
		rows = append(rows, row)
	}
	d.Totals = pbrTotals(rows)
	d.Count = len(rows)
	d.Filtered = filter.MunicipalityCode != "" || len(filter.Statuses) > 0 || filter.TargetGroup != ""
	sortPbrNational(rows, d.Sort, d.Desc)
	page := adminPageParam(r)
	d.Pager = newAdminPager(r, page, len(rows), pbrNationalPage)
	from := min((page-1)*pbrNationalPage, len(rows))
	d.Rows = rows[from:min(from+pbrNationalPage, len(rows))]

	d.Municipalities = append(d.Municipalities, Option{Value: "", Label: tr.T("pbrnat.filter.all_municipalities", nil)})
	for _, m := range refdata.Municipalities() {
		d.Municipalities = append(d.Municipalities, Option{Value: m.Code, Label: m.Name, Selected: m.Code == filter.MunicipalityCode})
	}
	d.Statuses = []Option{{Value: "", Label: tr.T("pbrnat.filter.all_statuses", nil)}}
	for _, st := range []samspil.ContractStatus{samspil.ContractActive, samspil.ContractFinished} {
		d.Statuses = append(d.Statuses, Option{Value: string(st), Label: tr.T("pbrdash.status."+string(st), nil), Selected: f.Get("status") == string(st)})
	}
	d.Groups = []Option{{Value: "", Label: tr.T("pbrnat.filter.all_groups", nil)}}
	for _, g := range groups {
		d.Groups = append(d.Groups, Option{Value: g.Code, Label: groupName[g.Code], Selected: g.Code == filter.TargetGroup})
	}
	d.Sorts = sortLinks("/resultatkontrakter/tal", "#kontrakter", pbrNationalSorts, d.Sort, d.Desc, []string{"kommune", "status", "maalgruppe"}, f.Get)
	s.render(w, r, http.StatusOK, "pbr_national", d)
}

// allContractAggregates reads every published aggregate matching f, page
// by page (at most pbrNationalMax): the totals, the target-group filter
// and the sorts need them all.
func (s *Server) allContractAggregates(r *http.Request, f samspil.ContractFilter) ([]*samspil.ContractAggregate, error) {
	const chunk = 500
	var all []*samspil.ContractAggregate
	for len(all) < pbrNationalMax {
		f.Offset, f.Limit = len(all), chunk
		page, total, err := s.store.ContractAggregates(r.Context(), f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) == 0 || len(all) >= total {
			break
		}
	}
	return all, nil
}

// pbrTotals sums rows.
func pbrTotals(rows []pbrNationalRow) pbrNationalTotals {
	var t pbrNationalTotals
	for _, r := range rows {
		switch r.Status {
		case samspil.ContractActive:
			t.Running++
		case samspil.ContractFinished:
			t.Finished++
		}
		t.Enrolled += r.Enrolled
		t.Achieved += r.Achieved
		t.PaidOre += r.PaidOre
	}
	return t
}

// sortPbrNational orders the table by column by; ties fall back to the
// newest start and then the contract id, so the order is always the same.
func sortPbrNational(rows []pbrNationalRow, by string, desc bool) {
	byStart := func(a, b pbrNationalRow) int {
		if c := a.PeriodStart.Compare(b.PeriodStart); c != 0 {
			return c
		}
		return cmpInt(a.ContractID, b.ContractID)
	}
	cmp := func(a, b pbrNationalRow) int {
		c := 0
		switch by {
		case "commissioner":
			c = strings.Compare(strings.ToLower(a.Commissioner), strings.ToLower(b.Commissioner))
		case "provider":
			c = strings.Compare(strings.ToLower(a.Provider), strings.ToLower(b.Provider))
		case "target_group":
			c = strings.Compare(strings.ToLower(a.TargetName), strings.ToLower(b.TargetName))
		case "achieved":
			c = cmpInt(a.Achieved, b.Achieved)
		case "paid":
			c = cmpInt(a.PaidOre, b.PaidOre)
		}
		if c == 0 {
			c = byStart(a, b)
		}
		return dir(c, desc)
	}
	sort.SliceStable(rows, func(i, j int) bool { return cmp(rows[i], rows[j]) < 0 })
}
