// Package refdata holds the official Danish and EU reference lists that
// Samspil validates against and shows: the 5 regions and 98 municipalities
// with their kommunekoder, CPV 2008 procurement codes, the light-regime CPV
// subset and the DB07 industry sections. The data is embedded in the binary
// and parsed once on first use; see data/SOURCES.md for where it comes from.
package refdata

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/samspil/samspil"
)

//go:embed data/*.csv
var files embed.FS

// CPV is one code of the Common Procurement Vocabulary 2008.
type CPV struct {
	Code    string `json:"code"`             // with check digit, e.g. "90911200-8"
	Code8   string `json:"code8"`            // the eight digits
	Level   int    `json:"level"`            // 1 = division (XX000000) … 7 = all digits significant
	Parent8 string `json:"parent,omitempty"` // nearest existing ancestor's eight digits
	LabelDA string `json:"label_da"`
	LabelEN string `json:"label_en"`
	// SocialService marks codes of the light regime for social and other
	// specific services (eForms codelist social-service-cpv).
	SocialService bool `json:"social_service"`
}

// Label returns the label in lang ("en" or Danish for anything else).
func (c CPV) Label(lang string) string {
	if lang == "en" {
		return c.LabelEN
	}
	return c.LabelDA
}

// Section is a DB07 section (hovedafdeling) A–U.
type Section struct {
	Code  string `json:"code"`
	Title string `json:"title"` // Danish; DB07 has no official English titles
}

type tables struct {
	regions    []*samspil.Region
	munis      []*samspil.Municipality
	muniByCode map[string]*samspil.Municipality
	cpvs       []CPV
	cpvByCode8 map[string]int
	sections   []Section
}

var (
	loadOnce sync.Once
	loaded   *tables
)

func data() *tables {
	loadOnce.Do(func() {
		t, err := load()
		if err != nil {
			// The files are embedded at build time and covered by tests, so a
			// failure here is a broken build, not a runtime condition.
			panic("refdata: " + err.Error())
		}
		loaded = t
	})
	return loaded
}

func readCSV(name string) ([]map[string]string, error) {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}

func load() (*tables, error) {
	t := &tables{muniByCode: map[string]*samspil.Municipality{}, cpvByCode8: map[string]int{}}
	num := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }

	rows, err := readCSV("regioner.csv")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		t.regions = append(t.regions, &samspil.Region{
			Code: r["kode"], Name: r["navn"], ISO3166_2: r["iso_3166_2"], NUTS2: r["nuts2"],
			Lat: num(r["centroid_lat"]), Lon: num(r["centroid_lon"]),
		})
	}
	if rows, err = readCSV("kommuner.csv"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		m := &samspil.Municipality{
			Code: r["kode"], Name: r["navn"], RegionCode: r["regionskode"], RegionName: r["regionsnavn"],
			Lat: num(r["centroid_lat"]), Lon: num(r["centroid_lon"]), AreaKm2: num(r["areal_km2"]),
		}
		t.munis = append(t.munis, m)
		t.muniByCode[m.Code] = m
	}
	sort.Slice(t.munis, func(i, j int) bool { return t.munis[i].Code < t.munis[j].Code })

	if rows, err = readCSV("cpv_2008.csv"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		lvl, _ := strconv.Atoi(r["niveau"])
		t.cpvByCode8[r["code8"]] = len(t.cpvs)
		t.cpvs = append(t.cpvs, CPV{Code: r["code"], Code8: r["code8"], Level: lvl, Parent8: r["parent_code8"], LabelDA: r["label_da"], LabelEN: r["label_en"]})
	}
	if rows, err = readCSV("cpv_social-service-cpv_eforms.csv"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		i, ok := t.cpvByCode8[r["code8"]]
		if !ok {
			return nil, fmt.Errorf("social-service CPV %s is not in CPV 2008", r["code"])
		}
		t.cpvs[i].SocialService = true
	}
	if rows, err = readCSV("db07_hovedafdelinger.csv"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		t.sections = append(t.sections, Section{Code: r["kode"], Title: r["titel"]})
	}
	return t, nil
}

// Regions returns the five regions ordered by code. The slice and its
// elements are shared: callers must not modify them.
func Regions() []*samspil.Region { return data().regions }

// RegionByCode returns the region with code (1081–1085).
func RegionByCode(code string) (*samspil.Region, bool) {
	for _, r := range data().regions {
		if r.Code == code {
			return r, true
		}
	}
	return nil, false
}

// Municipalities returns the 98 municipalities ordered by kommunekode. The
// slice and its elements are shared: callers must not modify them.
func Municipalities() []*samspil.Municipality { return data().munis }

// MunicipalityByCode returns the municipality with a four-digit code.
func MunicipalityByCode(code string) (*samspil.Municipality, bool) {
	m, ok := data().muniByCode[code]
	return m, ok
}

// CPVs returns all 9,454 CPV 2008 codes in code order.
func CPVs() []CPV { return data().cpvs }

// CPVByCode finds a code written with or without its check digit
// ("90911200-8" or "90911200"). A wrong check digit does not match.
func CPVByCode(code string) (CPV, bool) {
	code = strings.TrimSpace(code)
	code8, check, hasCheck := strings.Cut(code, "-")
	i, ok := data().cpvByCode8[code8]
	if !ok {
		return CPV{}, false
	}
	c := data().cpvs[i]
	if hasCheck && c.Code != code8+"-"+check {
		return CPV{}, false
	}
	return c, true
}

// SearchCPV finds codes whose code starts with q or whose label in lang (and
// then in the other language) contains every word of q, case-insensitively.
// Shorter (more general) codes come first among label matches, so "rengøring"
// shows the category before its sub-codes.
func SearchCPV(q, lang string, limit int) []CPV {
	q = strings.ToLower(strings.TrimSpace(q))
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	if q == "" {
		return nil
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == '-' {
			return -1
		}
		return 'x'
	}, q)
	var out []CPV
	if !strings.Contains(digits, "x") {
		for _, c := range data().cpvs {
			if strings.HasPrefix(c.Code8, digits) {
				out = append(out, c)
				if len(out) == limit {
					break
				}
			}
		}
		return out
	}
	words := strings.Fields(q)
	type hit struct {
		c     CPV
		score int
	}
	var hits []hit
	for _, c := range data().cpvs {
		primary, other := strings.ToLower(c.Label(lang)), strings.ToLower(c.LabelEN)
		if lang == "en" {
			other = strings.ToLower(c.LabelDA)
		}
		score := -1
		switch {
		case containsAll(primary, words):
			score = 0
		case containsAll(other, words):
			score = 1
		default:
			continue
		}
		switch {
		case primary == q:
			score -= 3
		case strings.HasPrefix(primary, q):
			score -= 2
		case strings.HasPrefix(primary, words[0]):
			score--
		}
		hits = append(hits, hit{c, score*10 + c.Level})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score < hits[j].score })
	for _, h := range hits {
		out = append(out, h.c)
		if len(out) == limit {
			break
		}
	}
	return out
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// Sections returns the 21 DB07 sections A–U.
func Sections() []Section { return data().sections }

// SectionByCode returns a DB07 section by its letter.
func SectionByCode(code string) (Section, bool) {
	for _, s := range data().sections {
		if s.Code == code {
			return s, true
		}
	}
	return Section{}, false
}

type catalog struct{}

func (catalog) HasMunicipality(code string) bool { _, ok := MunicipalityByCode(code); return ok }
func (catalog) HasCPV(code string) bool          { _, ok := CPVByCode(code); return ok }
func (catalog) HasSector(code string) bool       { _, ok := SectionByCode(code); return ok }
func (catalog) IsSocialServiceCPV(code string) bool {
	c, ok := CPVByCode(code)
	return ok && c.SocialService
}
func (catalog) CanonicalCPV(code string) (string, bool) {
	c, ok := CPVByCode(code)
	return c.Code, ok
}

// Catalog is the samspil.Catalog over the embedded lists, handed to the
// store so that every write validates codes the same way.
var Catalog samspil.Catalog = catalog{}

// earthRadiusKm is the mean Earth radius used for great-circle distances.
const earthRadiusKm = 6371.0

// Distance is the great-circle distance in km between two municipalities'
// centroids: good enough to say "within 40 km of Vejle", not for routing.
func Distance(a, b *samspil.Municipality) float64 {
	return Haversine(a.Lat, a.Lon, b.Lat, b.Lon)
}

// Haversine is the great-circle distance in km between two points in degrees.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}
