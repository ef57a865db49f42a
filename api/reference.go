package api

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// Cache lifetimes: the official lists change at most yearly; target groups
// can be extended by admins, so they are cached briefly.
const (
	cacheReference   = "public, max-age=3600"
	cacheTargetGroup = "public, max-age=60"
	cacheDirectory   = "public, no-cache"
)

// MunicipalityJSON is a municipality as the API shows it.
type MunicipalityJSON struct {
	Code           string  `json:"code"`
	Name           string  `json:"name"`
	RegionCode     string  `json:"region_code"`
	RegionName     string  `json:"region_name"`
	Lat            float64 `json:"lat"`
	Lon            float64 `json:"lon"`
	AreaKm2        float64 `json:"area_km2"`
	OrganisationID *int64  `json:"organisation_id"` // the municipality's own profile; null if none
}

// RegionJSON is a region as the API shows it.
type RegionJSON struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	ISO3166_2 string  `json:"iso_3166_2"`
	NUTS2     string  `json:"nuts2"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
}

// TargetGroupJSON is a target group with its names in both languages.
type TargetGroupJSON struct {
	Code   string `json:"code"`
	NameDA string `json:"name_da"`
	NameEN string `json:"name_en"`
}

// CPVJSON is one CPV 2008 code.
type CPVJSON struct {
	Code          string  `json:"code"`
	Code8         string  `json:"code8"`
	Level         int     `json:"level"`
	Parent        *string `json:"parent"`
	LabelDA       string  `json:"label_da"`
	LabelEN       string  `json:"label_en"`
	SocialService bool    `json:"social_service"`
}

// ListJSON is the envelope of every list that is not paged.
type ListJSON[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func municipalityJSON(m *samspil.Municipality) MunicipalityJSON {
	out := MunicipalityJSON{Code: m.Code, Name: m.Name, RegionCode: m.RegionCode, RegionName: m.RegionName,
		Lat: m.Lat, Lon: m.Lon, AreaKm2: m.AreaKm2}
	if m.OrganisationID != 0 {
		id := m.OrganisationID
		out.OrganisationID = &id
	}
	return out
}

func (s *server) handleListMunicipalities(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.store.FindMunicipalities(r.Context())
	if err != nil {
		return err
	}
	out := ListJSON[MunicipalityJSON]{Items: make([]MunicipalityJSON, 0, len(ms)), Total: len(ms)}
	for _, m := range ms {
		out.Items = append(out.Items, municipalityJSON(m))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheReference)
}

func (s *server) handleGetMunicipality(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	m, err := s.store.FindMunicipalityByCode(r.Context(), code)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.municipality.not_found", args: map[string]any{"Code": code}}
	} else if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, municipalityJSON(m), cacheReference)
}

func (s *server) handleListRegions(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.FindRegions(r.Context())
	if err != nil {
		return err
	}
	out := ListJSON[RegionJSON]{Items: make([]RegionJSON, 0, len(rs)), Total: len(rs)}
	for _, g := range rs {
		out.Items = append(out.Items, RegionJSON{Code: g.Code, Name: g.Name, ISO3166_2: g.ISO3166_2, NUTS2: g.NUTS2, Lat: g.Lat, Lon: g.Lon})
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheReference)
}

func (s *server) handleListTargetGroups(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		return err
	}
	out := ListJSON[TargetGroupJSON]{Items: make([]TargetGroupJSON, 0, len(gs)), Total: len(gs)}
	for _, g := range gs {
		out.Items = append(out.Items, TargetGroupJSON{Code: g.Code, NameDA: g.NameDA, NameEN: g.NameEN})
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheTargetGroup)
}

func cpvJSON(c refdata.CPV) CPVJSON {
	out := CPVJSON{Code: c.Code, Code8: c.Code8, Level: c.Level, LabelDA: c.LabelDA, LabelEN: c.LabelEN, SocialService: c.SocialService}
	if c.Parent8 != "" {
		p := c.Parent8
		out.Parent = &p
	}
	return out
}

// CPV search limits.
const (
	DefaultCPVLimit = 20
	MaxCPVLimit     = 100
	MaxQueryLen     = 200
)

func (s *server) handleSearchCPV(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	var v samspil.Validation
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		v.Add("q", "api.query.q_required", "", nil)
	case n > MaxQueryLen:
		v.Add("q", "api.query.q_too_long", "", map[string]any{"Max": MaxQueryLen})
	}
	limit := DefaultCPVLimit
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxCPVLimit {
			v.Add("limit", "api.query.limit", "", map[string]any{"Max": MaxCPVLimit})
		}
		limit = n
	}
	lang := q.Get("lang")
	if lang != "" && lang != "da" && lang != "en" {
		v.Add("lang", "api.query.lang", "", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if lang == "" {
		lang = requestLang(r)
	}
	found := refdata.SearchCPV(text, lang, limit)
	out := ListJSON[CPVJSON]{Items: make([]CPVJSON, 0, len(found)), Total: len(found)}
	for _, c := range found {
		out.Items = append(out.Items, cpvJSON(c))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheReference)
}

func (s *server) handleGetCPV(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	c, ok := refdata.CPVByCode(code)
	if !ok {
		return &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.cpv.not_found", args: map[string]any{"Code": code}}
	}
	return s.writeJSON(w, r, http.StatusOK, cpvJSON(c), cacheReference)
}
