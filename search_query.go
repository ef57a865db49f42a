package samspil

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxFilterValues bounds how many values one filter parameter may carry.
const MaxFilterValues = 100

// ParseSearchQuery reads a search from URL parameters (q, type, kind,
// region, municipality, sector, cpv, target_group, rsv, near, radius_km,
// open, sort, page, per_page). Repeated parameters filter by any of their
// values; lists come back sorted and without repeats, so a query has one
// canonical form. It returns EINVALID with field errors for values it
// cannot use: a query longer than MaxQueryLen, unknown types, kinds or
// sorts, malformed codes (municipality, region and near are four digits,
// cpv two digits, sector a letter A–U, target_group a code of lower-case
// letters, digits and "_"), a radius that is not a whole number from 0 to
// MaxSearchRadiusKm or is given without near, "nearest" without near, a
// page outside 1–MaxSearchPage and a per_page outside 1–MaxPageSize.
// Codes that are well formed but unknown (municipality 9999) are refused
// by the store's Search.
func ParseSearchQuery(v url.Values) (SearchQuery, error) {
	var val Validation
	q := SearchQuery{Page: 1}
	q.Text = strings.TrimSpace(v.Get("q"))
	if utf8.RuneCountInString(q.Text) > MaxQueryLen {
		val.Add("q", "search.query.too_long", "the search text is too long", map[string]any{"Max": MaxQueryLen})
	}
	list := func(name, key, msg string, ok func(string) bool, norm func(string) string) []string {
		var out []string
		for _, s := range v[name] {
			s = strings.TrimSpace(s)
			if norm != nil {
				s = norm(s)
			}
			if s == "" {
				continue
			}
			if !ok(s) {
				if !val.Has(name) {
					val.Add(name, key, msg, map[string]any{"Value": clip(s)})
				}
				continue
			}
			out = append(out, s)
		}
		slices.Sort(out)
		out = slices.Compact(out)
		if len(out) > MaxFilterValues && !val.Has(name) {
			val.Add(name, "search.filter.too_many", "too many values for one filter", map[string]any{"Max": MaxFilterValues})
		}
		return out
	}
	types := list("type", "search.type.invalid", "unknown document type", func(s string) bool {
		return slices.Contains(SearchTypes, SearchType(s))
	}, strings.ToLower)
	for _, t := range types {
		q.Types = append(q.Types, SearchType(t))
	}
	q.Kinds = list("kind", "search.kind.invalid", "unknown kind", validSearchKind, strings.ToLower)
	q.Regions = list("region", "search.region.invalid", "a region code has four digits", digits(4), nil)
	q.Municipalities = list("municipality", "search.municipality.invalid", "a municipality code has four digits", digits(4), nil)
	q.Sectors = list("sector", "search.sector.invalid", "a sector is a letter from A to U", func(s string) bool {
		return len(s) == 1 && s[0] >= 'A' && s[0] <= 'U'
	}, strings.ToUpper)
	q.CPVDivisions = list("cpv", "search.cpv.invalid", "a CPV division has two digits", digits(2), nil)
	q.TargetGroups = list("target_group", "search.target_group.invalid", "unknown target group", validGroupCode, nil)

	boolean := func(name string) bool {
		s := strings.ToLower(strings.TrimSpace(v.Get(name)))
		switch s {
		case "", "0", "false", "off", "no":
			return false
		case "1", "true", "on", "yes":
			return true
		}
		val.Add(name, "search."+name+".invalid", "choose yes or no", nil)
		return false
	}
	q.RSVOnly = boolean("rsv")
	q.OpenOnly = boolean("open")

	q.Near = strings.TrimSpace(v.Get("near"))
	if q.Near != "" && !digits(4)(q.Near) {
		val.Add("near", "search.near.invalid", "a municipality code has four digits", map[string]any{"Value": clip(q.Near)})
	}
	if s := strings.TrimSpace(v.Get("radius_km")); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil || n < 0 || n > MaxSearchRadiusKm:
			val.Add("radius_km", "search.radius.invalid", "the distance must be a whole number of kilometres from 0 to 500", map[string]any{"Max": MaxSearchRadiusKm})
		case q.Near == "" && n > 0:
			val.Add("radius_km", "search.radius.near_required", "choose the municipality the distance is measured from", nil)
		default:
			q.RadiusKm = n
		}
	}
	q.Sort = strings.ToLower(strings.TrimSpace(v.Get("sort")))
	switch q.Sort {
	case "", SortRelevance, SortName, SortNewest:
	case SortNearest:
		if q.Near == "" {
			val.Add("sort", "search.sort.near_required", "choose the municipality to sort by distance from", nil)
		}
	default:
		val.Add("sort", "search.sort.invalid", "unknown sort order", nil)
	}
	if s := strings.TrimSpace(v.Get("page")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxSearchPage {
			val.Add("page", "search.page.invalid", "the page must be a number from 1 to 1000", map[string]any{"Max": MaxSearchPage})
		} else {
			q.Page = n
		}
	}
	if s := strings.TrimSpace(v.Get("per_page")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPageSize {
			val.Add("per_page", "search.per_page.invalid", "the page size must be a number from 1 to 100", map[string]any{"Max": MaxPageSize})
		} else {
			q.PerPage = n
		}
	}
	if err := val.Err(); err != nil {
		return SearchQuery{}, err
	}
	return q, nil
}

// validSearchKind reports whether s is an organisation or opportunity kind.
func validSearchKind(s string) bool {
	return OrgKind(s).Valid() || OpportunityKind(s).Valid() || CollaborationModel(s).Valid()
}

// validGroupCode reports whether s has the form of a target-group code.
func validGroupCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func digits(n int) func(string) bool {
	return func(s string) bool { return allDigits(s, n) }
}

// clip shortens a bad value for an error message.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 40
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Encode writes q as URL parameters in a stable order, the form saved
// searches store and links carry; page 1 and defaults are left out. For a
// query from ParseSearchQuery, ParseSearchQuery(Encode) gives it back.
func (q SearchQuery) Encode() string {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	for _, t := range q.Types {
		v.Add("type", string(t))
	}
	add := func(name string, list []string) {
		for _, s := range list {
			v.Add(name, s)
		}
	}
	add("kind", q.Kinds)
	add("region", q.Regions)
	add("municipality", q.Municipalities)
	add("sector", q.Sectors)
	add("cpv", q.CPVDivisions)
	add("target_group", q.TargetGroups)
	if q.RSVOnly {
		v.Set("rsv", "true")
	}
	if q.Near != "" {
		v.Set("near", q.Near)
	}
	if q.RadiusKm != 0 {
		v.Set("radius_km", strconv.Itoa(q.RadiusKm))
	}
	if q.OpenOnly {
		v.Set("open", "true")
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage != 0 {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	return v.Encode() // keys in sorted order, values in list order
}
