package web

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/refdata"
)

// The measures the national map can be coloured by, in the order the
// form offers them. Each splits the municipalities into a few categories
// (nationalCategory).
var nationalMeasures = []string{"strategy", "unit", "partnerships", "cases"}

// nationalCatCount is how many categories each measure has.
var nationalCatCount = map[string]int{"strategy": 5, "unit": 2, "partnerships": 4, "cases": 4}

// strategyAge is how many whole years ago a strategy was adopted at now,
// or -1 when there is none or it has no adoption date yet.
func strategyAge(adopted *time.Time, now time.Time, loc *time.Location) int {
	if adopted == nil || adopted.IsZero() {
		return -1
	}
	a, n := adopted.In(loc), now.In(loc)
	years := n.Year() - a.Year()
	if n.Month() < a.Month() || (n.Month() == a.Month() && n.Day() < a.Day()) {
		years--
	}
	if years < 0 {
		years = 0
	}
	return years
}

// nationalCategory places one municipality in a category of measure:
// 0 is always "nothing" (no strategy, no unit, no partnerships, no cases)
// and higher numbers mean more or newer.
func nationalCategory(measure string, o *samspil.MunicipalityOverview, age int) int {
	switch measure {
	case "unit":
		if o.HasUnit {
			return 1
		}
		return 0
	case "partnerships":
		return band(o.Partnerships, 1, 3, 10)
	case "cases":
		return band(o.Cases, 1, 2, 5)
	}
	switch {
	case !o.HasStrategy:
		return 0
	case age < 0:
		return 1 // recorded, not (yet) adopted
	case age >= 5:
		return 2
	case age >= 2:
		return 3
	}
	return 4
}

// band returns how many of the ascending limits n reaches.
func band(n int, limits ...int) int {
	c := 0
	for _, l := range limits {
		if n >= l {
			c++
		}
	}
	return c
}

// catPattern maps a measure's category to a pattern of the shared
// palette. Two-category measures use the lightest and a dark one, so
// "yes" and "no" stand far apart.
func catPattern(measure string, cat int) int {
	if nationalCatCount[measure] == 2 && cat == 1 {
		return 3
	}
	return cat
}

// nationalRow is one municipality in the national table and map.
type nationalRow struct {
	O          *samspil.MunicipalityOverview
	RegionName string
	Age        int // years since adoption, -1 for none
	Cat        int // category of the chosen measure
	Pattern    string
	CatLabel   string
	Title      string // the map area's accessible name
	Path       string // SVG path data
}

// legendItem is one line of the map's legend.
type legendItem struct {
	Pattern string
	Label   string
	Count   int
}

// sortLink is a sortable column header.
type sortLink struct {
	Href     string
	AriaSort string // "ascending", "descending" or "" for unsorted columns
	Arrow    string
}

// sortLinks are the header links of a sortable table on the page at path
// (anchor takes the browser back to the table): each keeps the filters
// named keys (read with get), sorts by its column ascending, and the
// column sorted by now turns the direction around.
func sortLinks(path, anchor string, cols []string, sorted string, desc bool, keys []string, get func(string) string) map[string]sortLink {
	out := map[string]sortLink{}
	for _, c := range cols {
		v := url.Values{}
		for _, k := range keys {
			if x := get(k); x != "" {
				v.Set(k, x)
			}
		}
		v.Set("sort", c)
		l := sortLink{}
		if c == sorted {
			l.AriaSort, l.Arrow = "ascending", "▲"
			if desc {
				l.AriaSort, l.Arrow = "descending", "▼"
			} else {
				v.Set("dir", "desc")
			}
		}
		l.Href = path + "?" + v.Encode() + anchor
		out[c] = l
	}
	return out
}

// nationalData is the national overview page.
type nationalData struct {
	Rows     []nationalRow // the table, filtered and sorted
	Areas    []nationalRow // every municipality, for the map
	Map      *mapGeometry
	Patterns []mapPattern
	Legend   []legendItem
	Regions  []*samspil.Region
	Measures []Option
	Measure  string
	Region   string
	Has      string
	Sort     string
	Desc     bool
	Sorts    map[string]sortLink
	// HasValues and Columns are the filter choices and table columns in
	// the order shown.
	HasValues, Columns []string
	Total              int
	// Counts over all 98 municipalities, whatever the filter.
	WithStrategy, WithUnit, Adopted, Recent, Partnerships, Cases int
	MeasureLabel                                                 string
}

// nationalHas are the filter values of "has …".
var nationalHas = map[string]bool{"": true, "strategy": true, "no_strategy": true, "unit": true, "no_unit": true}

// nationalSorts are the sortable columns.
var nationalSorts = []string{"name", "region", "strategy", "partnerships", "cases"}

// handleNational is GET /kommuner: every municipality with its strategy,
// coordination unit, partnerships and published cases, as a map coloured
// by a chosen measure and as a sortable, filterable table.
func (s *Server) handleNational(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &nationalData{Measure: q.Get("measure"), Region: q.Get("region"), Has: q.Get("has"), Sort: q.Get("sort"), Desc: q.Get("dir") == "desc"}
	if nationalCatCount[d.Measure] == 0 {
		d.Measure = "strategy"
	}
	if _, ok := refdata.RegionByCode(d.Region); !ok {
		d.Region = ""
	}
	if !nationalHas[d.Has] {
		d.Has = ""
	}
	known := false
	for _, c := range nationalSorts {
		known = known || c == d.Sort
	}
	if !known {
		d.Sort = "name"
	}
	rows, err := s.store.FindMunicipalityOverview(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	g := mapShapes()
	if g.Err != nil {
		s.fail(w, r, g.Err)
		return
	}
	d.Map = g
	pathOf := make(map[string]string, len(g.Shapes))
	for _, sh := range g.Shapes {
		pathOf[sh.Code] = sh.D
	}
	now := s.now()
	counts := make([]int, nationalCatCount[d.Measure])
	var all []nationalRow
	for _, o := range rows {
		row := nationalRow{O: o, Age: strategyAge(o.StrategyAdoptedOn, now, s.loc), Path: pathOf[o.Code]}
		if reg, ok := refdata.RegionByCode(o.RegionCode); ok {
			row.RegionName = reg.Name
		}
		row.Cat = nationalCategory(d.Measure, o, row.Age)
		row.Pattern = "map-cat-" + strconv.Itoa(catPattern(d.Measure, row.Cat))
		row.CatLabel = tr.T("national.cat."+d.Measure+"."+strconv.Itoa(row.Cat), map[string]any{"Years": row.Age})
		row.Title = o.Name + ": " + row.CatLabel
		counts[row.Cat]++
		if o.HasStrategy {
			d.WithStrategy++
			if row.Age >= 0 {
				d.Adopted++
				if row.Age < 5 {
					d.Recent++
				}
			}
		}
		if o.HasUnit {
			d.WithUnit++
		}
		d.Partnerships += o.Partnerships
		d.Cases += o.Cases
		all = append(all, row)
	}
	d.Total = len(all)
	d.Areas = all
	d.Patterns = mapPatterns(len(mapPalette))
	for c, n := range counts {
		d.Legend = append(d.Legend, legendItem{Pattern: "map-cat-" + strconv.Itoa(catPattern(d.Measure, c)),
			Label: tr.T("national.cat."+d.Measure+"."+strconv.Itoa(c), map[string]any{"Years": ""}), Count: n})
	}
	d.MeasureLabel = tr.T("national.measure."+d.Measure, nil)
	for _, m := range nationalMeasures {
		d.Measures = append(d.Measures, Option{Value: m, Label: tr.T("national.measure."+m, nil), Selected: m == d.Measure})
	}
	d.Regions = refdata.Regions()

	for _, row := range all {
		o := row.O
		if d.Region != "" && o.RegionCode != d.Region {
			continue
		}
		switch d.Has {
		case "strategy":
			if !o.HasStrategy {
				continue
			}
		case "no_strategy":
			if o.HasStrategy {
				continue
			}
		case "unit":
			if !o.HasUnit {
				continue
			}
		case "no_unit":
			if o.HasUnit {
				continue
			}
		}
		d.Rows = append(d.Rows, row)
	}
	sortNational(d.Rows, d.Sort, d.Desc)
	d.HasValues = []string{"strategy", "no_strategy", "unit", "no_unit"}
	d.Columns = []string{"name", "region", "strategy", "unit", "partnerships", "cases"}
	d.Sorts = sortLinks("/kommuner", "#tabel", nationalSorts, d.Sort, d.Desc, []string{"measure", "region", "has"}, q.Get)
	s.render(w, r, http.StatusOK, "national", d)
}

// sortNational orders the table. Ties (and "name") follow the Danish
// alphabetical order of the names, so the order is always the same.
// Sorting by strategy puts adopted strategies first (youngest first, or
// oldest first when descending), then recorded ones without a date, and
// municipalities without a strategy last in both directions.
func sortNational(rows []nationalRow, by string, desc bool) {
	rank := municipalityRank()
	cmp := func(a, b nationalRow) int {
		switch by {
		case "region":
			if c := cmpStr(a.O.RegionCode, b.O.RegionCode); c != 0 {
				return dir(c, desc)
			}
		case "strategy":
			ga, gb := strategyGroup(a), strategyGroup(b)
			if ga != gb {
				return cmpInt(ga, gb)
			}
			if ga == 0 {
				// Younger means adopted later.
				if c := -cmpInt(int(a.O.StrategyAdoptedOn.Unix()/86400), int(b.O.StrategyAdoptedOn.Unix()/86400)); c != 0 {
					return dir(c, desc)
				}
			}
		case "partnerships":
			if c := cmpInt(a.O.Partnerships, b.O.Partnerships); c != 0 {
				return dir(c, desc)
			}
		case "cases":
			if c := cmpInt(a.O.Cases, b.O.Cases); c != 0 {
				return dir(c, desc)
			}
		case "name":
			return dir(cmpInt(rank[a.O.Code], rank[b.O.Code]), desc)
		}
		return cmpInt(rank[a.O.Code], rank[b.O.Code])
	}
	sort.SliceStable(rows, func(i, j int) bool { return cmp(rows[i], rows[j]) < 0 })
}

// dir turns a comparison around for a descending sort.
func dir(c int, desc bool) int {
	if desc {
		return -c
	}
	return c
}

// strategyGroup is 0 for an adopted strategy, 1 for one without a date
// and 2 for none.
func strategyGroup(r nationalRow) int {
	switch {
	case !r.O.HasStrategy:
		return 2
	case r.O.StrategyAdoptedOn == nil:
		return 1
	}
	return 0
}

// cmpInt compares two whole numbers (counts, ids, amounts in øre).
func cmpInt[T ~int | ~int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// municipalityData is one municipality's page.
type municipalityData struct {
	M            *samspil.Municipality
	Org          *samspil.Organisation
	Overview     *samspil.MunicipalityOverview
	Strategy     *samspil.Strategy
	StrategyHTML template.HTML
	Age          int
	Unit         *samspil.CoordinationUnit
	Cases        []*samspil.Case
	CanEdit      bool
	Following    bool
	FeedURL      string
}

// handleMunicipality is GET /kommuner/{kode}: the municipality's strategy
// (title, adoption date and age, goals, budget, text, document), its
// coordination unit, its numbers and its newest published cases.
func (s *Server) handleMunicipality(w http.ResponseWriter, r *http.Request) {
	m, ok := refdata.MunicipalityByCode(r.PathValue("kode"))
	if !ok {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	d := &municipalityData{M: m, Age: -1, FeedURL: "/kommuner/" + m.Code + "/feed.atom"}
	if o, err := s.store.FindMunicipalityOrganisation(ctx, m.Code); err == nil {
		d.Org = o
		d.CanEdit = s.principal(r).CanEditStrategy(o.ID)
	} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	st, err := s.store.FindStrategy(ctx, m.Code)
	switch samspil.ErrorCode(err) {
	case "":
		d.Strategy = st
		d.StrategyHTML = demoteHeadings(markdown.Render(st.Text), 4)
		d.Age = strategyAge(st.AdoptedOn, s.now(), s.loc)
	case samspil.ENOTFOUND:
	default:
		s.fail(w, r, err)
		return
	}
	u, err := s.store.FindCoordinationUnit(ctx, m.Code)
	switch samspil.ErrorCode(err) {
	case "":
		d.Unit = u
	case samspil.ENOTFOUND:
	default:
		s.fail(w, r, err)
		return
	}
	rows, err := s.store.FindMunicipalityOverview(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range rows {
		if o.Code == m.Code {
			d.Overview = o
		}
	}
	if d.Overview == nil {
		d.Overview = &samspil.MunicipalityOverview{Code: m.Code, Name: m.Name, RegionCode: m.RegionCode}
	}
	cases, _, err := s.store.FindCases(ctx, samspil.CaseFilter{MunicipalityCode: m.Code, Sort: "newest", Limit: 5})
	if err != nil {
		// The page is about the strategy; a failing case list is logged,
		// not shown as an error.
		s.logger.WarnContext(ctx, "municipality page: cases", "code", m.Code, "err", err)
	}
	d.Cases = cases
	d.Following = s.isFollowing(r, samspil.FollowMunicipality, m.Code)
	s.render(w, r, http.StatusOK, "national_municipality", d)
}

// headingTag matches the opening and closing tags of HTML headings.
var headingTag = regexp.MustCompile(`<(/?)h([1-6])([\s>])`)

// demoteHeadings shifts the headings of rendered Markdown so the highest
// one becomes level top, keeping their order and capping at h6: a
// strategy's "## Formål" sits below the page's own headings, not beside
// them. Only tag names change, so sanitised HTML stays sanitised.
func demoteHeadings(h template.HTML, top int) template.HTML {
	s := string(h)
	min := 7
	for _, m := range headingTag.FindAllStringSubmatch(s, -1) {
		if n := int(m[2][0] - '0'); n < min {
			min = n
		}
	}
	if min == 7 || min >= top {
		return h
	}
	shift := top - min
	return template.HTML(headingTag.ReplaceAllStringFunc(s, func(tag string) string {
		m := headingTag.FindStringSubmatch(tag)
		n := int(m[2][0]-'0') + shift
		if n > 6 {
			n = 6
		}
		return "<" + m[1] + "h" + strconv.Itoa(n) + m[3]
	}))
}

// YearsAgo is "3 år siden"-style text for an age in years (templates).
func (p *Page) YearsAgo(years int) string {
	switch {
	case years < 0:
		return ""
	case years == 0:
		return p.tr.T("national.age.new", nil)
	case years == 1:
		return p.tr.T("national.age.one", nil)
	}
	return p.tr.T("national.age.years", map[string]any{"Years": years})
}

// FileSize shows a byte count as kB or MB in the page's language.
func (p *Page) FileSize(n int64) string {
	if n < 1<<20 {
		kb := (n + 1023) / 1024
		return p.Number(kb) + " kB"
	}
	mb := float64(n) / (1 << 20)
	s := strconv.FormatFloat(mb, 'f', 1, 64)
	if p.Lang != "en" {
		s = replaceDot(s)
	}
	return s + " MB"
}

func replaceDot(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '.' {
			b[i] = ','
		}
	}
	return string(b)
}
