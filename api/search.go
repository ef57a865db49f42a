package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// SearchHitJSON is one search result. Every property is always present;
// distance_km is null unless the search has near=.
type SearchHitJSON struct {
	Type             samspil.SearchType `json:"type"`
	ID               int64              `json:"id"`
	Title            string             `json:"title"`
	Snippet          string             `json:"snippet"`
	Score            float64            `json:"score"`
	Kind             string             `json:"kind"`
	MunicipalityCode string             `json:"municipality_code"`
	DistanceKm       *float64           `json:"distance_km"`
	RSVRegistered    bool               `json:"rsv_registered"`
	Status           string             `json:"status"`
	UpdatedAt        time.Time          `json:"updated_at"`
	// Href is the API path of the organisation or opportunity; "" for types
	// the API does not serve yet.
	Href string `json:"href"`
}

// SearchResultJSON is one page of search results with facet counts.
type SearchResultJSON struct {
	Items   []SearchHitJSON           `json:"items"`
	Total   int                       `json:"total"`
	Facets  map[string]map[string]int `json:"facets"`
	Page    int                       `json:"page"`
	PerPage int                       `json:"per_page"`
	// FacetsEstimated says the facet counts were scaled from a sample
	// because the search matched very many documents; total is exact.
	FacetsEstimated bool `json:"facets_estimated"`
}

// SuggestionJSON is one type-ahead entry.
type SuggestionJSON struct {
	Type  samspil.SearchType `json:"type"`
	ID    int64              `json:"id"`
	Title string             `json:"title"`
	Kind  string             `json:"kind"`
}

// Suggestion limits.
const (
	DefaultSuggestLimit = 8
	MaxSuggestLimit     = 20
)

// hitHref is the API address of a hit. Guide chapters are addressed by
// slug, so their hits need guideSlugs (chapter id → slug).
func hitHref(t samspil.SearchType, id int64, guideSlugs map[int64]string) string {
	switch t {
	case samspil.SearchOrganisation:
		return "/api/v1/organisations/" + strconv.FormatInt(id, 10)
	case samspil.SearchOpportunity:
		return "/api/v1/opportunities/" + strconv.FormatInt(id, 10)
	case samspil.SearchCase:
		return "/api/v1/cases/" + strconv.FormatInt(id, 10)
	case samspil.SearchGuide:
		if slug, ok := guideSlugs[id]; ok {
			return "/api/v1/guides/" + slug
		}
	}
	return ""
}

// guideSlugs maps chapter ids to slugs when hits include guide chapters
// (the guide has a dozen chapters, so one read is cheap).
func (s *server) guideSlugs(r *http.Request, hits []samspil.SearchHit) (map[int64]string, error) {
	if !slices.ContainsFunc(hits, func(h samspil.SearchHit) bool { return h.Type == samspil.SearchGuide }) {
		return nil, nil
	}
	chapters, err := s.store.FindGuideChapters(r.Context())
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(chapters))
	for _, c := range chapters {
		m[c.ID] = c.Slug
	}
	return m, nil
}

// checkSearchQuery repeats the bounds of the search contract, so a query
// the parser let through never reaches the store out of range.
func checkSearchQuery(q samspil.SearchQuery) error {
	var v samspil.Validation
	if utf8.RuneCountInString(q.Text) > samspil.MaxQueryLen {
		v.Add("q", "api.query.q_too_long", "", map[string]any{"Max": samspil.MaxQueryLen})
	}
	if q.RadiusKm < 0 || q.RadiusKm > samspil.MaxSearchRadiusKm {
		v.Add("radius_km", "api.query.radius", "", map[string]any{"Max": samspil.MaxSearchRadiusKm})
	}
	if q.Page < 0 || q.Page > samspil.MaxSearchPage {
		v.Add("page", "api.query.page", "", map[string]any{"Max": samspil.MaxSearchPage})
	}
	if q.PerPage < 0 || q.PerPage > samspil.MaxPageSize {
		v.Add("per_page", "api.query.per_page", "", map[string]any{"Max": samspil.MaxPageSize})
	}
	return v.Err()
}

func (s *server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	values := r.URL.Query()
	values.Del("lang") // the language of problems, not a search parameter
	q, err := samspil.ParseSearchQuery(values)
	if err != nil {
		return err
	}
	if err := checkSearchQuery(q); err != nil {
		return err
	}
	res, err := s.store.Search(r.Context(), q)
	if err != nil {
		return err
	}
	out := SearchResultJSON{Items: make([]SearchHitJSON, 0, len(res.Items)), Total: res.Total,
		Facets: map[string]map[string]int{}, Page: res.Page, PerPage: res.PerPage, FacetsEstimated: res.FacetsEstimated}
	for name, counts := range res.Facets {
		if counts == nil {
			counts = map[string]int{}
		}
		out.Facets[name] = counts
	}
	if out.Page < 1 {
		out.Page = max(1, q.Page)
	}
	if out.PerPage < 1 {
		out.PerPage = q.PerPage
		if out.PerPage < 1 {
			out.PerPage = samspil.DefaultPageSize
		}
	}
	slugs, err := s.guideSlugs(r, res.Items)
	if err != nil {
		return err
	}
	for _, h := range res.Items {
		out.Items = append(out.Items, SearchHitJSON{
			Type: h.Type, ID: h.ID, Title: h.Title, Snippet: h.Snippet, Score: round4(h.Score), Kind: h.Kind,
			MunicipalityCode: h.MunicipalityCode, DistanceKm: h.DistanceKm, RSVRegistered: h.RSVRegistered,
			Status: h.Status, UpdatedAt: h.UpdatedAt.UTC(), Href: hitHref(h.Type, h.ID, slugs),
		})
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

func (s *server) handleSuggest(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v samspil.Validation
	text := strings.TrimSpace(q.Get("q"))
	if utf8.RuneCountInString(text) > samspil.MaxQueryLen {
		v.Add("q", "api.query.q_too_long", "", map[string]any{"Max": samspil.MaxQueryLen})
	}
	limit := DefaultSuggestLimit
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxSuggestLimit {
			v.Add("limit", "api.query.limit", "", map[string]any{"Max": MaxSuggestLimit})
		} else {
			limit = n
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	out := ListJSON[SuggestionJSON]{Items: []SuggestionJSON{}}
	if text != "" {
		sugs, err := s.store.Suggest(r.Context(), text, limit)
		if err != nil {
			return err
		}
		for _, sg := range sugs {
			out.Items = append(out.Items, SuggestionJSON{Type: sg.Type, ID: sg.ID, Title: sg.Title, Kind: sg.Kind})
		}
	}
	out.Total = len(out.Items)
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}
