package api

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// problemKeysKnown fails t unless err is an EINVALID with field problems
// whose keys exist in both languages.
func problemKeysKnown(t *testing.T, err error) {
	t.Helper()
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
}

// FuzzReleaseRange drives the date-range parser of GET /ocds/releases:
// no panic; an accepted range starts at midnight Danish time of from,
// ends at midnight after to, is at most a year long and not reversed,
// and its canonical URL parses back to the same range; every rejection
// is a 400 whose keys exist in both languages.
func FuzzReleaseRange(f *testing.F) {
	for _, s := range []string{
		"from=2026-03-01&to=2026-03-31",
		"from=2026-03-29&to=2026-03-29",        // the day summer time starts
		"from=2025-01-01&to=2025-12-31&page=3", // a whole year
		"from=2024-03-01&to=2025-02-28",        // a leap year
		"from=2026-01-01&to=2027-01-01",        // a day too long
		"from=2026-05-01&to=2026-04-30",        // reversed
		"from=2026-13-01&to=2026-2-30&page=-1", // malformed
		"from=%FF&to=+2026-01-01+&from=x",      // junk
		"to=2026-01-01",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			q = url.Values{}
		}
		rr, err := parseReleaseRange(q)
		if err != nil {
			problemKeysKnown(t, err)
			return
		}
		if rr.Page < 1 || rr.Page > MaxPage {
			t.Fatalf("page %d", rr.Page)
		}
		if !rr.Start.Before(rr.End) || rr.End.After(rr.Start.AddDate(MaxReleaseRangeYears, 0, 0)) {
			t.Fatalf("range %v – %v", rr.Start, rr.End)
		}
		for _, x := range []time.Time{rr.Start, rr.End} {
			local := x.In(copenhagen)
			if local.Hour() != 0 || local.Minute() != 0 || local.Second() != 0 || local.Nanosecond() != 0 {
				t.Fatalf("%v is not midnight in Denmark", x)
			}
		}
		if rr.Start.In(copenhagen).Format("2006-01-02") != rr.From || rr.End.In(copenhagen).AddDate(0, 0, -1).Format("2006-01-02") != rr.To {
			t.Fatalf("dates %s %s do not match the range %v – %v", rr.From, rr.To, rr.Start, rr.End)
		}
		canonical, err := url.Parse(rr.url("https://samspil.example.dk", rr.Page))
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseReleaseRange(canonical.Query())
		if err != nil || again != rr {
			t.Fatalf("canonical URL %s parses to %+v, %v; want %+v", canonical, again, err, rr)
		}
	})
}

// FuzzTenderQuery drives the parser of GET /tenders: no panic; an
// accepted filter never asks for drafts or another buyer's list, holds
// only known codes, a CPV prefix of digits and a page in range.
func FuzzTenderQuery(f *testing.F) {
	for _, s := range []string{
		"status=published,awarded&municipality=0751&procedure=reserveret&cpv=90911200-8&q=pleje&sort=value&page=2&per_page=5",
		"status=draft&status=published",
		"cpv=9&cpv=123456789&procedure=Reserveret",
		"q=%FF%FE&sort=&municipality=+0101+&page=-1",
		"cpv=00000000-0",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			q = url.Values{}
		}
		filter, page, perPage, err := parseTenderFilter(q)
		if err != nil {
			problemKeysKnown(t, err)
			return
		}
		if len(filter.Statuses) == 0 || filter.BuyerID != 0 || filter.OpenAt != nil {
			t.Fatalf("filter %+v", filter)
		}
		for _, s := range filter.Statuses {
			if s == samspil.TenderDraft || !s.Valid() {
				t.Fatalf("status %q", s)
			}
		}
		if page < 1 || page > MaxPage || perPage < 1 || perPage > samspil.MaxPageSize || filter.Offset != (page-1)*perPage || filter.Limit != perPage {
			t.Fatalf("page %d per_page %d filter %+v", page, perPage, filter)
		}
		if filter.Procedure != "" && !filter.Procedure.Valid() {
			t.Fatalf("procedure %q", filter.Procedure)
		}
		if filter.MunicipalityCode != "" {
			if _, ok := refdata.MunicipalityByCode(filter.MunicipalityCode); !ok {
				t.Fatalf("municipality %q", filter.MunicipalityCode)
			}
		}
		if p := filter.CPVPrefix; len(p) > 8 || strings.Trim(p, "0123456789") != "" || strings.TrimSpace(q.Get("cpv")) != "" && p == "" {
			t.Fatalf("cpv prefix %q", p)
		}
		if !utf8.ValidString(filter.Text) || utf8.RuneCountInString(filter.Text) > samspil.MaxQueryLen {
			t.Fatalf("text %q", filter.Text)
		}
	})
}

func TestParseReleaseRange(t *testing.T) {
	rr, err := parseReleaseRange(url.Values{"from": {"2026-03-29"}, "to": {"2026-10-25"}})
	if err != nil {
		t.Fatal(err)
	}
	// Summer time starts on 29 March and ends on 25 October 2026.
	if got := rr.Start.UTC().Format(time.RFC3339); got != "2026-03-28T23:00:00Z" {
		t.Errorf("start %s", got)
	}
	if got := rr.End.UTC().Format(time.RFC3339); got != "2026-10-25T23:00:00Z" {
		t.Errorf("end %s", got)
	}
	if got := rr.url("https://x.dk", 2); got != "https://x.dk/api/v1/ocds/releases?from=2026-03-29&page=2&to=2026-10-25" {
		t.Errorf("url %s", got)
	}
	for _, tt := range []struct {
		query  string
		fields []string
	}{
		{"", []string{"from", "to"}},
		{"from=2026-01-01&to=2026-12-31", nil},
		{"from=2024-01-01&to=2024-12-31", nil}, // 366 days of a leap year
		{"from=2026-01-01&to=2027-01-01", []string{"to"}},
		{"from=2026-02-01&to=2026-01-31", []string{"to"}},
		{"from=2026-02-30&to=26-03-01&page=x", []string{"from", "to", "page"}},
		{"from=1999-12-31&to=2000-01-01", []string{"from"}},
	} {
		q, _ := url.ParseQuery(tt.query)
		_, err := parseReleaseRange(q)
		var got []string
		if e, ok := samspil.AsError(err); ok {
			for _, fe := range e.Fields {
				got = append(got, fe.Field)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v, want %v", tt.query, got, tt.fields)
		}
	}
}
