package api

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// FuzzOpportunityQuery drives the board's query parser with arbitrary
// input: no panic, a parsed filter is within limits and uses only known
// values, and every rejection is a 400 whose keys exist in both languages.
func FuzzOpportunityQuery(f *testing.F) {
	f.Add("kind=jobbehov,ydelse&status=open&municipality=0751&organisation=3&sort=deadline&page=2&per_page=5")
	f.Add("kind=,,,&status=%00&organisation=-1&page=1e9&per_page=")
	f.Add("kind=cykel&kind=jobbehov&status=open,closed,filled,maybe")
	s := &server{}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		r := httptest.NewRequest("GET", "/api/v1/opportunities", nil)
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			q = url.Values{}
		}
		q.Del("target_group") // needs the store; covered by the store-backed tests
		r.URL.RawQuery = q.Encode()
		filter, page, perPage, err := s.parseOpportunityFilter(r)
		if err != nil {
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID || len(e.Fields) == 0 {
				t.Fatalf("error %v", err)
			}
			for _, fe := range e.Fields {
				for _, lang := range languages {
					if !hasKeyIn(lang, fe.Key) {
						t.Fatalf("key %q missing in %s", fe.Key, lang)
					}
				}
			}
			return
		}
		if page < 1 || page > MaxPage || perPage < 1 || perPage > samspil.MaxPageSize || filter.Offset != (page-1)*perPage {
			t.Fatalf("out of range: page %d per_page %d filter %+v", page, perPage, filter)
		}
		for _, k := range filter.Kinds {
			if !k.Valid() {
				t.Fatalf("kind %q", k)
			}
		}
		for _, st := range filter.Statuses {
			if !st.Valid() {
				t.Fatalf("status %q", st)
			}
		}
		if filter.OrganisationID < 0 {
			t.Fatalf("organisation %d", filter.OrganisationID)
		}
	})
}

// FuzzParseDeadline: no panic; a date or time is accepted only when it
// parses, and an accepted one is UTC.
func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"2027-01-31", "2027-01-31T12:00:00+01:00", "", " ", "31-01-2027", "2027-02-30", "i morgen"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		d, ok := parseDeadline(raw)
		if !ok {
			if d != nil {
				t.Fatal("a refused deadline came back")
			}
			return
		}
		if strings.TrimSpace(raw) == "" {
			if d != nil {
				t.Fatal("an empty deadline is none")
			}
			return
		}
		if d == nil || d.Location() != time.UTC {
			t.Fatalf("%q → %v", raw, d)
		}
	})
}

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC; "" none; "x" refused
	}{
		{"", ""},
		{"2027-01-31", "2027-01-31T23:00:00Z"}, // end of the day in winter time
		{"2027-07-31", "2027-07-31T22:00:00Z"}, // and in summer time
		{"2027-01-31T12:00:00+01:00", "2027-01-31T11:00:00Z"},
		{"2027-02-30", "x"},
		{"31/01/2027", "x"},
	}
	for _, tt := range tests {
		d, ok := parseDeadline(tt.in)
		got := ""
		switch {
		case !ok:
			got = "x"
		case d != nil:
			got = d.Format(time.RFC3339)
		}
		if got != tt.want {
			t.Errorf("parseDeadline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
