package api

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/ocds"
	"github.com/samspil/samspil/refdata"
)

// The open data of the tenders in the Open Contracting Data Standard 1.1:
// per tender a release package (every version) and a record package (the
// releases and the compiled release), and a bulk release package of every
// release recorded in a range of Danish dates. Each package's uri is the
// canonical URL of the request that returns it.

// MaxReleaseRangeYears bounds the range of GET /ocds/releases.
const MaxReleaseRangeYears = 1

// ReleasesPerPage is the page size of the bulk download; the next page is
// named in links.next.
const ReleasesPerPage = samspil.MaxPageSize

// releasesPerPage is the page size in use: ReleasesPerPage unless a test
// set another with SetReleasesPerPage.
var releasesPerPage atomic.Int64

func init() { releasesPerPage.Store(ReleasesPerPage) }

// SetReleasesPerPage changes the bulk download's page size and returns a
// function that restores it. It exists so tests can page a small data
// set; the server never calls it.
func SetReleasesPerPage(n int) (restore func()) {
	old := releasesPerPage.Swap(int64(n))
	return func() { releasesPerPage.Store(old) }
}

// cacheOpenData is the caching of packages: shared caches may keep them,
// but must ask again, since a tender's next event adds a release.
const cacheOpenData = cacheDirectory

// releaseRange is a checked query of GET /ocds/releases.
type releaseRange struct {
	From, To   string    // the dates as given, YYYY-MM-DD
	Start, End time.Time // [Start, End): midnight Danish time of From and of the day after To
	Page       int
}

// parseReleaseRange checks from, to and page and reports every problem at
// once: a missing or malformed date, to before from, or more than a year.
func parseReleaseRange(q map[string][]string) (releaseRange, error) {
	var v samspil.Validation
	var rr releaseRange
	get := func(name string) string {
		if vs := q[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	date := func(name string) (time.Time, string, bool) {
		raw := get(name)
		if raw == "" {
			v.Add(name, "api.ocds.date_required", "", nil)
			return time.Time{}, "", false
		}
		d, err := time.ParseInLocation("2006-01-02", raw, copenhagen)
		if err != nil || d.Year() < 2000 || d.Year() > 9998 {
			v.Add(name, "api.ocds.date_invalid", "", map[string]any{"Value": raw})
			return time.Time{}, "", false
		}
		return d, raw, true
	}
	from, fromRaw, okFrom := date("from")
	to, toRaw, okTo := date("to")
	rr.Page = 1
	if raw := get("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxPage {
			v.Add("page", "api.query.page", "", map[string]any{"Max": MaxPage})
		} else {
			rr.Page = n
		}
	}
	if okFrom && okTo {
		end := to.AddDate(0, 0, 1)
		switch {
		case to.Before(from):
			v.Add("to", "api.ocds.range_reversed", "", nil)
		case end.After(from.AddDate(MaxReleaseRangeYears, 0, 0)):
			v.Add("to", "api.ocds.range_too_long", "", map[string]any{"Years": MaxReleaseRangeYears})
		}
		rr.From, rr.To, rr.Start, rr.End = fromRaw, toRaw, from, end
	}
	if err := v.Err(); err != nil {
		return releaseRange{}, err
	}
	return rr, nil
}

// url is the canonical URL of a page of the range.
func (rr releaseRange) url(base string, page int) string {
	q := url.Values{"from": {rr.From}, "to": {rr.To}}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return base + "/api/v1/ocds/releases?" + q.Encode()
}

// lookup gathers what the releases of versions need: the organisations
// (buyers and awarded suppliers), the tenders' documents, the places and
// the CPV labels.
func (s *server) lookup(ctx context.Context, versions []*samspil.TenderVersion) (ocds.Lookup, error) {
	lk := ocds.Lookup{
		Organisations: map[int64]*samspil.Organisation{},
		Documents:     map[int64][]*samspil.Attachment{},
		Municipality:  refdata.MunicipalityByCode,
		CPVLabel: func(code string) string {
			if c, ok := refdata.CPVByCode(code); ok {
				return c.LabelDA
			}
			return ""
		},
	}
	need := func(id int64) error {
		if _, done := lk.Organisations[id]; done || id <= 0 {
			return nil
		}
		o, err := s.store.FindOrganisationByID(ctx, id)
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			lk.Organisations[id] = nil // deleted since: named from the snapshot only
			return nil
		}
		if err != nil {
			return err
		}
		lk.Organisations[id] = o
		return nil
	}
	for _, v := range versions {
		if v.Tender == nil {
			continue
		}
		if err := need(v.Tender.BuyerID); err != nil {
			return lk, err
		}
		if v.Tender.Award != nil {
			for _, id := range v.Tender.Award.SupplierIDs {
				if err := need(id); err != nil {
					return lk, err
				}
			}
		}
		if _, done := lk.Documents[v.TenderID]; !done {
			docs, err := s.store.FindAttachments(ctx, samspil.OwnerTender, v.TenderID)
			if err != nil {
				return lk, err
			}
			lk.Documents[v.TenderID] = docs
		}
	}
	return lk, nil
}

// tenderReleases returns the releases of a public tender's history.
func (s *server) tenderReleases(r *http.Request) (*samspil.Tender, []*ocds.Release, error) {
	t, err := s.findPublicTender(r)
	if err != nil {
		return nil, nil, err
	}
	versions, err := s.store.TenderVersions(r.Context(), t.ID)
	if err != nil {
		return nil, nil, err
	}
	lk, err := s.lookup(r.Context(), versions)
	if err != nil {
		return nil, nil, err
	}
	return t, ocds.Releases(s.ocds, versions, lk), nil
}

// lastDate is the date of the newest release, the publishedDate of an
// on-demand package; fallback when there is none.
func lastDate(rs []*ocds.Release, fallback time.Time) time.Time {
	out := time.Time{}
	for _, r := range rs {
		if t, err := time.Parse(time.RFC3339, r.Date); err == nil && t.After(out) {
			out = t
		}
	}
	if out.IsZero() {
		return fallback
	}
	return out
}

func (s *server) handleTenderReleases(w http.ResponseWriter, r *http.Request) error {
	t, rs, err := s.tenderReleases(r)
	if err != nil {
		return err
	}
	uri := s.baseURL + "/api/v1/tenders/" + strconv.FormatInt(t.ID, 10) + "/releases"
	pkg := ocds.NewReleasePackage(s.ocds, uri, lastDate(rs, t.UpdatedAt), rs)
	return s.writeJSON(w, r, http.StatusOK, pkg, cacheOpenData)
}

func (s *server) handleTenderRecord(w http.ResponseWriter, r *http.Request) error {
	t, rs, err := s.tenderReleases(r)
	if err != nil {
		return err
	}
	base := s.baseURL + "/api/v1/tenders/" + strconv.FormatInt(t.ID, 10)
	pkg, err := ocds.NewRecordPackage(s.ocds, base+"/ocds", lastDate(rs, t.UpdatedAt), rs, base+"/releases")
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, pkg, cacheOpenData)
}

func (s *server) handleBulkReleases(w http.ResponseWriter, r *http.Request) error {
	rr, err := parseReleaseRange(r.URL.Query())
	if err != nil {
		return err
	}
	ctx := r.Context()
	per := int(releasesPerPage.Load())
	page, total, err := s.store.TenderVersionsBetween(ctx, rr.Start.UTC(), rr.End.UTC(), (rr.Page-1)*per, per)
	if err != nil {
		return err
	}
	// Each release lists the amendments before it, so the releases are
	// built from their tenders' whole histories and the page's picked out.
	var tenders []int64
	for _, v := range page {
		if !slices.Contains(tenders, v.TenderID) {
			tenders = append(tenders, v.TenderID)
		}
	}
	var history []*samspil.TenderVersion
	for _, id := range tenders {
		vs, err := s.store.TenderVersions(ctx, id)
		if err != nil {
			return err
		}
		history = append(history, vs...)
	}
	lk, err := s.lookup(ctx, history)
	if err != nil {
		return err
	}
	byID := map[string]*ocds.Release{}
	for _, rel := range ocds.Releases(s.ocds, history, lk) {
		byID[rel.ID] = rel
	}
	out := make([]*ocds.Release, 0, len(page))
	for _, v := range page {
		if rel := byID[s.ocds.ReleaseID(v.TenderID, v.Seq)]; rel != nil {
			out = append(out, rel)
		}
	}
	pkg := ocds.NewReleasePackage(s.ocds, rr.url(s.baseURL, rr.Page), lastDate(out, rr.Start), out)
	if (rr.Page-1)*per+len(page) < total {
		pkg.Links = &ocds.Links{Next: rr.url(s.baseURL, rr.Page+1)}
	}
	if rr.Page > 1 {
		if pkg.Links == nil {
			pkg.Links = &ocds.Links{}
		}
		pkg.Links.Prev = rr.url(s.baseURL, rr.Page-1)
	}
	if pkg.Links != nil {
		pkg.Extensions = append(pkg.Extensions, ocds.ExtPagination)
	}
	return s.writeJSON(w, r, http.StatusOK, pkg, cacheOpenData)
}

func (s *server) handlePublicationPolicy(w http.ResponseWriter, r *http.Request) error {
	return s.writeBytes(w, r, http.StatusOK, "text/plain; charset=utf-8", ocds.PublicationPolicy(), cacheReference)
}

func (s *server) handleExtensionFile(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	if strings.Contains(r.URL.Path, "/extension/codelists/") {
		name = "codelists/" + name
	}
	b, ct, ok := s.ocds.ExtensionFile(name)
	if !ok {
		return &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.ocds.extension_not_found", args: map[string]any{"Name": name}}
	}
	return s.writeBytes(w, r, http.StatusOK, ct, b, cacheReference)
}
