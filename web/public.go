package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

// handleHealth answers 200 "ok" when the database answers, 503 otherwise.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.logger.ErrorContext(r.Context(), "health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// kindCount is one line of the front page's numbers.
type kindCount struct {
	Kind  samspil.OrgKind
	Count int
}

type homeData struct {
	Counts []kindCount
	Total  int
}

// handleHome shows the Danish front page with the platform's numbers.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	var d homeData
	for _, k := range samspil.OrgKinds {
		_, n, err := s.store.FindOrganisations(r.Context(), samspil.OrganisationFilter{Kind: k, Limit: 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Counts = append(d.Counts, kindCount{Kind: k, Count: n})
		d.Total += n
	}
	s.render(w, r, http.StatusOK, "home", d)
}

// dirQuery is the directory's filter form as typed in the URL.
type dirQuery struct {
	Q, Kind, Municipality, Region, TargetGroup, Sort string
	Page                                             int
}

type dirData struct {
	FormData
	Query          dirQuery
	Items          []*samspil.Organisation
	Total          int
	Page, Pages    int
	PrevURL        string
	NextURL        string
	PageLinks      []pageLink
	Municipalities []*samspil.Municipality
	Regions        []*samspil.Region
	TargetGroups   []*samspil.TargetGroup
	MunName        map[string]string
	Filtered       bool
	KindList       []samspil.OrgKind
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// handleDirectory lists organisations with filters, sorting and pages.
func (s *Server) handleDirectory(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	q := dirQuery{
		Q:            strings.TrimSpace(qv.Get("q")),
		Kind:         qv.Get("kind"),
		Municipality: qv.Get("municipality"),
		Region:       qv.Get("region"),
		TargetGroup:  qv.Get("target_group"),
		Sort:         qv.Get("sort"),
	}
	if len([]rune(q.Q)) > 200 {
		q.Q = string([]rune(q.Q)[:200])
	}
	if !samspil.OrgKind(q.Kind).Valid() {
		q.Kind = ""
	}
	switch q.Sort {
	case "newest", "updated":
	default:
		q.Sort = "name"
	}
	q.Page, _ = strconv.Atoi(qv.Get("page"))
	if q.Page < 1 {
		q.Page = 1
	}
	if q.Page > 100000 {
		q.Page = 100000
	}
	ctx := r.Context()
	d := dirData{Query: q, MunName: map[string]string{}, KindList: samspil.OrgKinds}
	var err error
	if d.Municipalities, err = s.store.FindMunicipalities(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, m := range d.Municipalities {
		d.MunName[m.Code] = m.Name
	}
	// The select lists municipalities by name in Danish order, not by code.
	d.Municipalities = append([]*samspil.Municipality(nil), d.Municipalities...)
	rank := municipalityRank()
	sort.SliceStable(d.Municipalities, func(a, b int) bool {
		return rank[d.Municipalities[a].Code] < rank[d.Municipalities[b].Code]
	})
	if d.Regions, err = s.store.FindRegions(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.TargetGroups, err = s.store.FindTargetGroups(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	// Unknown codes in the URL are dropped rather than answered with an
	// error: the form only offers known ones.
	if _, ok := d.MunName[q.Municipality]; !ok {
		q.Municipality = ""
	}
	if !hasRegion(d.Regions, q.Region) {
		q.Region = ""
	}
	if !hasTargetGroup(d.TargetGroups, q.TargetGroup) {
		q.TargetGroup = ""
	}
	d.Query = q
	d.Filtered = q.Q != "" || q.Kind != "" || q.Municipality != "" || q.Region != "" || q.TargetGroup != ""
	per := samspil.DefaultPageSize
	d.Items, d.Total, err = s.store.FindOrganisations(ctx, samspil.OrganisationFilter{
		Query: q.Q, Kind: samspil.OrgKind(q.Kind), MunicipalityCode: q.Municipality, RegionCode: q.Region,
		TargetGroup: q.TargetGroup, Sort: q.Sort, Offset: (q.Page - 1) * per, Limit: per,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Page = q.Page
	d.Pages = (d.Total + per - 1) / per
	if d.Pages < 1 {
		d.Pages = 1
	}
	link := func(n int) string { return "/organisationer?" + q.values(n).Encode() }
	if d.Page > 1 {
		d.PrevURL = link(d.Page - 1)
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
	f := EmptyForm(r)
	f.Set("q", q.Q)
	f.Set("kind", q.Kind)
	f.Set("municipality", q.Municipality)
	f.Set("region", q.Region)
	f.Set("target_group", q.TargetGroup)
	f.Set("sort", q.Sort)
	d.Form = f
	s.render(w, r, http.StatusOK, "directory", d)
}

// values is the query string of the directory for page n.
func (q dirQuery) values(n int) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"q": q.Q, "kind": q.Kind, "municipality": q.Municipality,
		"region": q.Region, "target_group": q.TargetGroup} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if q.Sort != "name" && q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v
}

func hasRegion(rs []*samspil.Region, code string) bool {
	for _, r := range rs {
		if r.Code == code {
			return true
		}
	}
	return false
}

func hasTargetGroup(gs []*samspil.TargetGroup, code string) bool {
	for _, g := range gs {
		if g.Code == code {
			return true
		}
	}
	return false
}

// munGroup is one region with its municipalities on the coordination page.
type munGroup struct {
	Region *samspil.Region
	Items  []munUnit
}

type munUnit struct {
	Municipality *samspil.Municipality
	Unit         *samspil.CoordinationUnit
}

type coordData struct {
	Groups    []munGroup
	WithUnit  int
	Total     int
	CanEditOf map[string]bool
}

// handleCoordination lists all municipalities by region with their
// coordination units and counts how many have one.
func (s *Server) handleCoordination(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	regions, err := s.store.FindRegions(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	muns, err := s.store.FindMunicipalities(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.store.FindCoordinationUnits(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byMun := map[string]*samspil.CoordinationUnit{}
	for _, u := range units {
		byMun[u.MunicipalityCode] = u
	}
	d := coordData{Total: len(muns), CanEditOf: map[string]bool{}}
	p := s.principal(r)
	idx := map[string]int{}
	for _, rg := range regions {
		idx[rg.Code] = len(d.Groups)
		d.Groups = append(d.Groups, munGroup{Region: rg})
	}
	for _, m := range muns {
		i, ok := idx[m.RegionCode]
		if !ok {
			continue
		}
		u := byMun[m.Code]
		if u != nil {
			d.WithUnit++
		}
		if m.OrganisationID != 0 && p.CanEditOrganisation(m.OrganisationID) {
			d.CanEditOf[m.Code] = true
		}
		d.Groups[i].Items = append(d.Groups[i].Items, munUnit{Municipality: m, Unit: u})
	}
	rank := municipalityRank()
	for _, g := range d.Groups {
		sort.SliceStable(g.Items, func(a, b int) bool {
			return rank[g.Items[a].Municipality.Code] < rank[g.Items[b].Municipality.Code]
		})
	}
	s.render(w, r, http.StatusOK, "coordination", d)
}
