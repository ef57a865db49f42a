package samspil

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestParseSearchQuery(t *testing.T) {
	for _, tc := range []struct {
		raw   string
		want  SearchQuery
		field string // expected field error, "" for success
		key   string
	}{
		{raw: "", want: SearchQuery{Page: 1}},
		{raw: "q=+cykler+&type=organisation&kind=sov&kind=SOV&kind=ydelse&municipality=0615&municipality=0101&region=1082&sector=q&cpv=90&target_group=udsatte_ledige&rsv=true&near=0615&radius_km=40&open=1&sort=nearest&page=3&per_page=50",
			want: SearchQuery{Text: "cykler", Types: []SearchType{SearchOrganisation}, Kinds: []string{"sov", "ydelse"},
				Regions: []string{"1082"}, Municipalities: []string{"0101", "0615"}, Sectors: []string{"Q"}, CPVDivisions: []string{"90"},
				TargetGroups: []string{"udsatte_ledige"}, RSVOnly: true, Near: "0615", RadiusKm: 40, OpenOnly: true, Sort: SortNearest, Page: 3, PerPage: 50}},
		{raw: "q=%22x%22+NEAR(y)+-z:*", want: SearchQuery{Text: `"x" NEAR(y) -z:*`, Page: 1}},
		{raw: "municipality=&kind=", want: SearchQuery{Page: 1}},
		{raw: "q=" + strings.Repeat("a", MaxQueryLen), want: SearchQuery{Text: strings.Repeat("a", MaxQueryLen), Page: 1}},
		{raw: "q=" + strings.Repeat("ø", MaxQueryLen+1), field: "q", key: "search.query.too_long"},
		{raw: "q=" + strings.Repeat("x", 2000), field: "q", key: "search.query.too_long"},
		{raw: "type=case", want: SearchQuery{Types: []SearchType{SearchCase}, Page: 1}},
		{raw: "type=person", field: "type", key: "search.type.invalid"},
		{raw: "kind=bank", field: "kind", key: "search.kind.invalid"},
		{raw: "municipality=101", field: "municipality", key: "search.municipality.invalid"},
		{raw: "municipality=01010", field: "municipality", key: "search.municipality.invalid"},
		{raw: "municipality=9999", want: SearchQuery{Municipalities: []string{"9999"}, Page: 1}}, // the store refuses it
		{raw: "region=abcd", field: "region", key: "search.region.invalid"},
		{raw: "cpv=9", field: "cpv", key: "search.cpv.invalid"},
		{raw: "cpv=90911200-8", field: "cpv", key: "search.cpv.invalid"},
		{raw: "sector=V", field: "sector", key: "search.sector.invalid"},
		{raw: "sector=AB", field: "sector", key: "search.sector.invalid"},
		{raw: "target_group=Udsatte", field: "target_group", key: "search.target_group.invalid"},
		{raw: "rsv=maybe", field: "rsv", key: "search.rsv.invalid"},
		{raw: "open=2", field: "open", key: "search.open.invalid"},
		{raw: "near=abc", field: "near", key: "search.near.invalid"},
		{raw: "near=0615&radius_km=-1", field: "radius_km", key: "search.radius.invalid"},
		{raw: "near=0615&radius_km=501", field: "radius_km", key: "search.radius.invalid"},
		{raw: "near=0615&radius_km=ten", field: "radius_km", key: "search.radius.invalid"},
		{raw: "near=0615&radius_km=1.5", field: "radius_km", key: "search.radius.invalid"},
		{raw: "radius_km=40", field: "radius_km", key: "search.radius.near_required"},
		{raw: "near=0615&radius_km=0", want: SearchQuery{Near: "0615", Page: 1}},
		{raw: "sort=price", field: "sort", key: "search.sort.invalid"},
		{raw: "sort=nearest", field: "sort", key: "search.sort.near_required"},
		{raw: "sort=NAME", want: SearchQuery{Sort: SortName, Page: 1}},
		{raw: "page=0", field: "page", key: "search.page.invalid"},
		{raw: "page=-3", field: "page", key: "search.page.invalid"},
		{raw: "page=1001", field: "page", key: "search.page.invalid"},
		{raw: "page=99999999999999999999", field: "page", key: "search.page.invalid"},
		{raw: "page=1000", want: SearchQuery{Page: 1000}},
		{raw: "per_page=0", field: "per_page", key: "search.per_page.invalid"},
		{raw: "per_page=101", field: "per_page", key: "search.per_page.invalid"},
		{raw: "kind=" + strings.Repeat("x", 300), field: "kind", key: "search.kind.invalid"},
	} {
		v, err := url.ParseQuery(tc.raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseSearchQuery(v)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%.60s: %v", tc.raw, err)
			} else if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%.60s:\n got %+v\nwant %+v", tc.raw, got, tc.want)
			}
			continue
		}
		e, ok := AsError(err)
		if !ok || e.Code != EINVALID {
			t.Errorf("%.60s: error %v, want EINVALID", tc.raw, err)
			continue
		}
		found := false
		for _, f := range e.Fields {
			found = found || (f.Field == tc.field && f.Key == tc.key)
		}
		if !found {
			t.Errorf("%.60s: fields %+v, want %s/%s", tc.raw, e.Fields, tc.field, tc.key)
		}
	}
}

func TestSearchQueryEncode(t *testing.T) {
	q := SearchQuery{Text: "cykel værksted", Kinds: []string{"sov"}, Municipalities: []string{"0101", "0615"},
		OpenOnly: true, Near: "0615", RadiusKm: 40, Page: 1}
	want := "kind=sov&municipality=0101&municipality=0615&near=0615&open=true&q=cykel+v%C3%A6rksted&radius_km=40"
	if got := q.Encode(); got != want {
		t.Fatalf("Encode = %s, want %s", got, want)
	}
	if got := (SearchQuery{Page: 1}).Encode(); got != "" {
		t.Fatalf("empty query encodes as %q", got)
	}
}

// roundTrip checks that a parsed query encodes to a form that parses back
// to the same query.
func roundTrip(t *testing.T, raw string) {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return
	}
	q, err := ParseSearchQuery(v)
	if err != nil {
		if e, ok := AsError(err); !ok || e.Code != EINVALID || len(e.Fields) == 0 {
			t.Fatalf("%q: error %v", raw, err)
		}
		return
	}
	enc := q.Encode()
	v2, err := url.ParseQuery(enc)
	if err != nil {
		t.Fatalf("Encode produced %q: %v", enc, err)
	}
	q2, err := ParseSearchQuery(v2)
	if err != nil {
		t.Fatalf("%q encodes to %q which fails: %v", raw, enc, err)
	}
	if !reflect.DeepEqual(q, q2) {
		t.Fatalf("round trip of %q via %q:\n%+v\n%+v", raw, enc, q, q2)
	}
	if q2.Encode() != enc {
		t.Fatalf("Encode not stable: %q then %q", enc, q2.Encode())
	}
}

func TestSearchQueryRoundTrip(t *testing.T) {
	for _, raw := range []string{"", "q=a&kind=sov&kind=kommune&page=2", "type=opportunity&open=on&sort=newest&per_page=5", "near=0101&sort=nearest&radius_km=0"} {
		roundTrip(t, raw)
	}
}

func FuzzParseSearchQuery(f *testing.F) {
	for _, s := range []string{"", "q=cykler&municipality=0615", "q=%22x%22+NEAR+-y:*&page=0", "near=0101&radius_km=-5", "sector=a&sector=A&cpv=90&cpv=90"} {
		f.Add(s)
	}
	f.Fuzz(roundTrip)
}
