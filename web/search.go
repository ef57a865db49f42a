package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// facetTop is how many values of a long facet (municipality, region, CPV,
// sector) are shown at once; the rest sit behind "show all".
const facetTop = 8

// suggestLimit is how many suggestions the type-ahead list shows.
const suggestLimit = 8

// searchData is what templates/search.html shows.
type searchData struct {
	FormData
	Query       samspil.SearchQuery
	Types       []string // the type filter, kept as hidden fields
	Text        string   // the query text as typed
	Invalid     bool     // the parameters did not parse; Form holds the messages
	Searched    bool     // a search ran (valid parameters)
	Filtered    bool     // any filter besides the text is set
	Total       int
	Page        int
	Pages       int
	PrevURL     string
	NextURL     string
	PageLinks   []pageLink
	Hits        []searchHitView
	Tabs        []searchTab
	Facets      []facetGroup
	Estimated   bool         // facet counts scaled from a sample (very broad searches)
	RSV         *facetOption // the RSV-only checkbox, nil when it has no count and is not ticked
	Sort        string
	Sorts       []string
	Near        template.HTML // the municipalities of the distance filter as <option>s, built from reference data
	ResultsWord string        // "resultater", read after each facet count by screen readers
	FeedURL     string        // this search as an Atom feed
	PageURL     string        // this search (for the sign-in link and saving)
	Encoded     string        // SearchQuery.Encode(), what a saved search stores
	SaveForm    *Form         // "save this search" for a signed-in person
	SaveOpen    bool          // the save form had errors: show it open
}

// searchHitView is one result line.
type searchHitView struct {
	samspil.SearchHit
	URL       string
	TypeLabel string
	KindLabel string
	Place     string
	Distance  string
	Snippet   []textSegment
	OppStatus string // translated status of an opportunity that is not open
}

// textSegment is a piece of a snippet; Mark is true for query words, which
// the template wraps in <mark> (the text itself stays escaped).
type textSegment struct {
	Text string
	Mark bool
}

// searchTab is one tab of the type filter.
type searchTab struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

// facetGroup is one fieldset of checkboxes.
type facetGroup struct {
	Name    string // URL parameter
	Legend  string // translated
	ID      string
	Options []facetOption
	More    []facetOption // shown behind "show all"
}

// facetOption is one checkbox.
type facetOption struct {
	ID      string
	Value   string
	Label   string
	Count   int
	Checked bool
	NoCount bool   // the search did not run: no number to show
	Shown   string // Count formatted for the page language
}

// handleSearch is GET /soeg: the platform search page. It works as a plain
// GET form; bad parameters answer 400 with the reasons next to the fields.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	d, err := s.searchPage(r, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if d.Invalid {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "search", d)
}

// searchPage parses v, runs the search and builds the page. Errors it
// returns are faults (the page shows validation problems itself).
func (s *Server) searchPage(r *http.Request, v url.Values) (*searchData, error) {
	f := EmptyForm(r)
	for k, vals := range v {
		if k != "lang" {
			f.Values[k] = append([]string(nil), vals...)
		}
	}
	d := &searchData{FormData: FormData{Form: f}, Text: strings.TrimSpace(v.Get("q")), Sorts: []string{samspil.SortRelevance, samspil.SortName, samspil.SortNewest, samspil.SortNearest}}
	d.ResultsWord = TranslatorFrom(r).T("search.results_word", nil)
	d.Near = nearOptionsFor(v.Get("near"))
	d.Sort = v.Get("sort")

	q, err := samspil.ParseSearchQuery(v)
	if err == nil {
		var res *samspil.SearchResult
		res, err = s.store.Search(r.Context(), q)
		if err == nil {
			s.fillSearch(r, d, q, res)
			return d, nil
		}
	}
	if samspil.ErrorCode(err) != samspil.EINVALID {
		return nil, err
	}
	f.SetErrors(err)
	d.Invalid = true
	// Keep the ticked filters visible so they can be unticked, and the
	// chosen type, without counts.
	d.Types = v["type"]
	names := s.facetNames(r)
	lang := s.lang(r)
	tr := TranslatorFrom(r)
	for _, fc := range searchFacets {
		vals := f.List(fc.name)
		if len(vals) == 0 {
			continue
		}
		g := facetGroup{Name: fc.name, Legend: tr.T(fc.legend, nil), ID: FieldID(fc.name)}
		for i, val := range vals {
			g.Options = append(g.Options, facetOption{ID: fmt.Sprintf("%s-%d", g.ID, i), Value: val, Label: names.label(fc.name, val, lang), Checked: true, NoCount: true})
		}
		d.Facets = append(d.Facets, g)
	}
	if rsv := f.Get("rsv"); rsv != "" {
		d.RSV = &facetOption{ID: FieldID("rsv"), Value: rsv, Label: tr.T("search.facet.rsv", nil), Checked: true, NoCount: true}
	}
	return d, nil
}

// searchFacets are the checkbox groups in the order the page shows them,
// with how many values a group shows before "show all".
var searchFacets = []struct {
	name, legend string
	top          int
}{
	{samspil.FacetKind, "search.facet.kind", 0},
	{samspil.FacetRegion, "search.facet.region", 0},
	{samspil.FacetMunicipality, "search.facet.municipality", facetTop},
	{samspil.FacetSector, "search.facet.sector", facetTop},
	{samspil.FacetCPV, "search.facet.cpv", facetTop},
	{samspil.FacetTargetGroup, "search.facet.target_group", facetTop},
}

// fillSearch turns a result into the page's lists and links.
func (s *Server) fillSearch(r *http.Request, d *searchData, q samspil.SearchQuery, res *samspil.SearchResult) {
	tr := TranslatorFrom(r)
	lang := s.lang(r)
	d.Searched = true
	d.Query = q
	// Saved searches and the feed keep the search, not the page it is on.
	noPage := q
	noPage.Page = 1
	d.Encoded = noPage.Encode()
	for _, t := range q.Types {
		d.Types = append(d.Types, string(t))
	}
	d.Filtered = len(q.Kinds)+len(q.Regions)+len(q.Municipalities)+len(q.Sectors)+len(q.CPVDivisions)+len(q.TargetGroups) > 0 ||
		q.RSVOnly || q.Near != ""
	if d.Sort = q.Sort; d.Sort == "" {
		d.Sort = samspil.SortName
		if q.Text != "" {
			d.Sort = samspil.SortRelevance
		}
	}
	d.PageURL = "/soeg" + searchQS(d.Encoded)
	feedQ := noPage
	feedQ.Sort = ""
	d.FeedURL = "/soeg/feed.atom" + searchQS(feedQ.Encode())

	per := res.PerPage
	if per <= 0 {
		per = q.PerPage
	}
	if per <= 0 {
		per = samspil.DefaultPageSize
	}
	d.Total = res.Total
	d.Estimated = res.FacetsEstimated
	d.Page = max(q.Page, res.Page, 1)
	d.Pages = max((d.Total+per-1)/per, 1)
	base, _ := url.ParseQuery(d.Encoded)
	link := func(n int) string {
		v := cloneSearchValues(base)
		v.Del("page")
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return "/soeg" + searchQS(v.Encode())
	}
	if d.Page > 1 {
		d.PrevURL = link(min(d.Page-1, d.Pages))
	}
	if d.Page < d.Pages {
		d.NextURL = link(d.Page + 1)
	}
	last := 0
	for n := 1; n <= d.Pages; n++ {
		if n == 1 || n == d.Pages || (n >= d.Page-2 && n <= d.Page+2) {
			if last != 0 && n > last+1 {
				d.PageLinks = append(d.PageLinks, pageLink{Gap: true})
			}
			d.PageLinks = append(d.PageLinks, pageLink{N: n, URL: link(n), Current: n == d.Page})
			last = n
		}
	}

	// Type tabs: "all" and one per type; cases and guides only once the
	// index holds some.
	typeCounts := res.Facets[samspil.FacetType]
	all := 0
	for _, n := range typeCounts {
		all += n
	}
	current := ""
	if len(q.Types) == 1 {
		current = string(q.Types[0])
	}
	if current == "" && all == 0 {
		all = res.Total
	}
	tab := func(typ, label string, n int) searchTab {
		v := cloneSearchValues(base)
		v.Del("type")
		v.Del("page")
		if typ != "" {
			v.Set("type", typ)
		}
		return searchTab{Label: label, URL: "/soeg" + searchQS(v.Encode()), Count: n, Current: typ == current}
	}
	d.Tabs = append(d.Tabs, tab("", tr.T("search.type.all", nil), all))
	for _, t := range samspil.SearchTypes {
		n := typeCounts[string(t)]
		if (t == samspil.SearchCase || t == samspil.SearchGuide) && n == 0 && current != string(t) {
			continue
		}
		d.Tabs = append(d.Tabs, tab(string(t), tr.T("search.type."+string(t), nil), n))
	}

	// Facets.
	names := s.facetNames(r)
	group := func(name, legendKey string, selected []string, top int) {
		g := facetGroup{Name: name, Legend: tr.T(legendKey, nil), ID: FieldID(name)}
		counts := res.Facets[name]
		seen := map[string]bool{}
		var opts []facetOption
		for val, n := range counts {
			if n <= 0 && !slices.Contains(selected, val) {
				continue
			}
			seen[val] = true
			opts = append(opts, facetOption{Value: val, Count: n, Checked: slices.Contains(selected, val)})
		}
		for _, val := range selected {
			if !seen[val] {
				seen[val] = true
				opts = append(opts, facetOption{Value: val, Checked: true})
			}
		}
		if len(opts) == 0 {
			return
		}
		for i := range opts {
			opts[i].Label = names.label(name, opts[i].Value, lang)
		}
		slices.SortFunc(opts, func(a, b facetOption) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return cmp.Compare(a.Label, b.Label)
		})
		for i := range opts {
			opts[i].ID = fmt.Sprintf("%s-%d", g.ID, i)
			opts[i].Shown = formatCount(opts[i].Count, lang)
		}
		if top > 0 && len(opts) > top+2 {
			// Ticked values stay visible.
			var shown, more []facetOption
			for _, o := range opts {
				if len(shown) < top || o.Checked {
					shown = append(shown, o)
				} else {
					more = append(more, o)
				}
			}
			opts, g.More = shown, more
		}
		g.Options = opts
		d.Facets = append(d.Facets, g)
	}
	selected := map[string][]string{
		samspil.FacetKind: q.Kinds, samspil.FacetRegion: q.Regions, samspil.FacetMunicipality: q.Municipalities,
		samspil.FacetSector: q.Sectors, samspil.FacetCPV: q.CPVDivisions, samspil.FacetTargetGroup: q.TargetGroups,
	}
	for _, fc := range searchFacets {
		group(fc.name, fc.legend, selected[fc.name], fc.top)
	}
	if n := res.Facets[samspil.FacetRSV]["true"]; n > 0 || q.RSVOnly {
		d.RSV = &facetOption{ID: FieldID("rsv"), Value: "true", Label: tr.T("search.facet.rsv", nil), Count: n, Checked: q.RSVOnly, Shown: formatCount(n, lang)}
	}

	// Hits.
	terms := queryTerms(q.Text)
	for _, h := range res.Items {
		hv := searchHitView{SearchHit: h, TypeLabel: tr.T("search.type."+string(h.Type)+".one", nil), Snippet: highlightTerms(h.Snippet, terms)}
		switch h.Type {
		case samspil.SearchOrganisation:
			hv.URL = fmt.Sprintf("/organisationer/%d", h.ID)
		case samspil.SearchOpportunity:
			hv.URL = fmt.Sprintf("/muligheder/%d", h.ID)
			if h.Status != "" && h.Status != string(samspil.OppOpen) {
				hv.OppStatus = tr.T("search.status."+h.Status, nil)
			}
		case samspil.SearchCase:
			hv.URL = casePath(h.ID, "")
		case samspil.SearchGuide:
			hv.URL = guideIDPath(h.ID)
		case samspil.SearchTender:
			hv.URL = tenderPath(h.ID, "")
		}
		if h.Kind != "" {
			hv.KindLabel = names.label(samspil.FacetKind, h.Kind, lang)
		}
		if h.MunicipalityCode != "" {
			hv.Place = names.label(samspil.FacetMunicipality, h.MunicipalityCode, lang)
		}
		if h.DistanceKm != nil {
			hv.Distance = tr.T("search.distance", map[string]any{"Km": strconv.FormatFloat(*h.DistanceKm, 'f', 0, 64)})
		}
		d.Hits = append(d.Hits, hv)
	}

	// Saving needs a signed-in person; the form starts with the text as name.
	if s.principal(r) != nil && d.SaveForm == nil {
		sf := EmptyForm(r)
		name := q.Text
		if name == "" {
			name = tr.T("search.save.default_name", nil)
		}
		sf.Set("name", excerpt(name, 100))
		sf.Set("digest", "1")
		sf.Set("query", d.Encoded)
		d.SaveForm = sf
	}
}

// nearOptionsFor lists the municipalities for the distance filter, in
// Danish alphabetical order, with the chosen one selected.
func nearOptionsFor(selected string) template.HTML {
	if h, ok := nearOptionHTML.Load(selected); ok {
		return h.(template.HTML)
	}
	var b strings.Builder
	known := selected == ""
	for _, o := range nearOptionList() {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(o.Value))
		b.WriteByte('"')
		if o.Value == selected {
			b.WriteString(" selected")
			known = true
		}
		b.WriteByte('>')
		b.WriteString(template.HTMLEscapeString(o.Label))
		b.WriteString("</option>")
	}
	h := template.HTML(b.String()) // built from escaped reference data only
	if known {
		nearOptionHTML.Store(selected, h) // at most one entry per municipality
	}
	return h
}

// nearOptionHTML caches the rendered options per chosen municipality: the
// list is the longest part of the page and never changes.
var nearOptionHTML sync.Map // string -> template.HTML

// formatCount writes n with the page language's thousands separator.
func formatCount(n int, lang string) string {
	return (&Page{Lang: lang}).Number(n)
}

// nearOptionList is built once: the municipalities do not change while
// the server runs.
var nearOptionList = sync.OnceValue(func() []Option {
	muns := append([]*samspil.Municipality(nil), refdata.Municipalities()...)
	rank := municipalityRank()
	slices.SortStableFunc(muns, func(a, b *samspil.Municipality) int { return cmp.Compare(rank[a.Code], rank[b.Code]) })
	out := make([]Option, 0, len(muns))
	for _, m := range muns {
		out = append(out, Option{Value: m.Code, Label: m.Name})
	}
	return out
})

// facetLabels names facet values in the page language. Target groups
// (which admins can add) are read from the store the first time one is
// named, so most requests make no extra query.
type facetLabels struct {
	tr           *Translator
	targetGroups func() map[string][2]string
}

func (s *Server) facetNames(r *http.Request) facetLabels {
	ctx := r.Context()
	return facetLabels{tr: TranslatorFrom(r), targetGroups: sync.OnceValue(func() map[string][2]string {
		now := time.Now()
		if c, ok := targetGroupNames.Load(s); ok && now.Sub(c.(targetGroupCache).at) < targetGroupTTL {
			return c.(targetGroupCache).names
		}
		m := map[string][2]string{}
		gs, err := s.store.FindTargetGroups(ctx)
		if err != nil {
			return m // codes are shown as they are
		}
		for _, g := range gs {
			m[g.Code] = [2]string{g.NameDA, g.NameEN}
		}
		targetGroupNames.Store(s, targetGroupCache{at: now, names: m})
		return m
	})}
}

// targetGroupNames keeps each server's target-group names for a minute:
// every search names them, and an admin's new group may show as its code
// for that long.
var targetGroupNames sync.Map // *Server -> targetGroupCache

const targetGroupTTL = time.Minute

type targetGroupCache struct {
	at    time.Time
	names map[string][2]string
}

// label is the name of one facet value; unknown values show as typed.
func (fl facetLabels) label(facet, value, lang string) string {
	switch facet {
	case samspil.FacetKind:
		if samspil.OrgKind(value).Valid() {
			return fl.tr.T("kind."+value, nil)
		}
		if samspil.OpportunityKind(value).Valid() {
			return fl.tr.T("search.oppkind."+value, nil)
		}
		if samspil.CollaborationModel(value).Valid() {
			return fl.tr.T("model."+value, nil)
		}
	case samspil.FacetRegion:
		if rg, ok := refdata.RegionByCode(value); ok {
			return rg.Name
		}
	case samspil.FacetMunicipality:
		if m, ok := refdata.MunicipalityByCode(value); ok {
			return m.Name
		}
	case samspil.FacetSector:
		if sec, ok := refdata.SectionByCode(value); ok {
			return value + " · " + sec.Title
		}
	case samspil.FacetCPV:
		if c, ok := refdata.CPVByCode(value + "000000"); ok && len(value) == 2 {
			return value + " · " + c.Label(lang)
		}
	case samspil.FacetTargetGroup:
		var groups map[string][2]string
		if fl.targetGroups != nil {
			groups = fl.targetGroups()
		}
		if n, ok := groups[value]; ok {
			if lang == "en" {
				return n[1]
			}
			return n[0]
		}
		for _, g := range samspil.DefaultTargetGroups {
			if g.Code == value {
				if lang == "en" {
					return g.NameEN
				}
				return g.NameDA
			}
		}
	}
	return value
}

// queryTerms are the lower-cased words of a query, for highlighting. FTS
// operators and very short words are left out.
func queryTerms(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		switch w {
		case "NEAR", "AND", "OR", "NOT":
			continue
		}
		out = append(out, strings.ToLower(w))
	}
	return out
}

// highlightTerms cuts text into segments, marking the words that match a query
// term: a word starting with the term, or, for longer terms, with the term
// less its last two letters (so "cykler" also marks "cyklen"). The text is
// never interpreted as HTML.
func highlightTerms(text string, terms []string) []textSegment {
	if text == "" {
		return nil
	}
	if len(terms) == 0 {
		return []textSegment{{Text: text}}
	}
	var out []textSegment
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += s
			return
		}
		out = append(out, textSegment{Text: s, Mark: mark})
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	start := -1
	flush := func(end int) {
		w := text[start:end]
		add(w, termMatches(strings.ToLower(w), terms))
		start = -1
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWord(r) {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 {
			flush(i)
		}
		add(text[i:i+size], false) // the bytes as they are, invalid UTF-8 included
		i += size
	}
	if start >= 0 {
		flush(len(text))
	}
	return out
}

func termMatches(word string, terms []string) bool {
	for _, t := range terms {
		if strings.HasPrefix(word, t) {
			return true
		}
		if r := []rune(t); len(r) >= 5 && strings.HasPrefix(word, string(r[:len(r)-2])) {
			return true
		}
		// "aa" written for "å" (Aabenraa, Åbenrå).
		if strings.Contains(t, "aa") && strings.HasPrefix(word, strings.ReplaceAll(t, "aa", "å")) {
			return true
		}
	}
	return false
}

// searchQS returns "?"+q, or "" for an empty query.
func searchQS(q string) string {
	if q == "" {
		return ""
	}
	return "?" + q
}

func cloneSearchValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	return out
}

// suggestionJSON is one entry of GET /soeg/forslag.
type suggestionJSON struct {
	Type  samspil.SearchType `json:"type"`
	ID    int64              `json:"id"`
	Title string             `json:"title"`
	Kind  string             `json:"kind,omitempty"`
	Label string             `json:"label"` // translated type or kind, shown after the title
	URL   string             `json:"url"`
}

// handleSuggest is GET /soeg/forslag?q=: JSON suggestions for the
// type-ahead list under the header's search box. Input it cannot use gives
// an empty list, not an error: the person is still typing.
func (s *Server) handleSuggest(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	items := []suggestionJSON{}
	if q != "" && utf8.RuneCountInString(q) <= samspil.MaxQueryLen {
		sugg, err := s.store.Suggest(r.Context(), q, suggestLimit)
		if err != nil && samspil.ErrorCode(err) != samspil.EINVALID {
			s.logger.ErrorContext(r.Context(), "suggest", "err", err)
			writeSearchJSON(w, http.StatusInternalServerError, map[string]any{"items": items, "error": s.t(r, "error.internal", nil)})
			return
		}
		tr := TranslatorFrom(r)
		names := facetLabels{tr: tr}
		for _, sg := range sugg {
			it := suggestionJSON{Type: sg.Type, ID: sg.ID, Title: sg.Title, Kind: sg.Kind, Label: tr.T("search.type."+string(sg.Type)+".one", nil)}
			if sg.Kind != "" {
				it.Label = names.label(samspil.FacetKind, sg.Kind, s.lang(r))
			}
			switch sg.Type {
			case samspil.SearchOrganisation:
				it.URL = fmt.Sprintf("/organisationer/%d", sg.ID)
			case samspil.SearchOpportunity:
				it.URL = fmt.Sprintf("/muligheder/%d", sg.ID)
			case samspil.SearchCase:
				it.URL = casePath(sg.ID, "")
			case samspil.SearchGuide:
				it.URL = guideIDPath(sg.ID)
			case samspil.SearchTender:
				it.URL = tenderPath(sg.ID, "")
			default:
				it.URL = "/soeg?" + url.Values{"q": {sg.Title}}.Encode()
			}
			items = append(items, it)
		}
	}
	w.Header().Set("Cache-Control", "private, max-age=60")
	writeSearchJSON(w, http.StatusOK, map[string]any{"items": items})
}

// writeSearchJSON answers with v as JSON.
func writeSearchJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
