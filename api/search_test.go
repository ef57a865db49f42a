package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestSearchBadInput sends the inputs the issue lists (empty queries,
// 2,000-character queries, FTS syntax characters, unknown facet values, a
// negative radius, pages past the end, limits out of range) and requires
// a normal answer or a clear 400 problem in Danish and English, never a
// 500.
func TestSearchBadInput(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.createOpportunity(t, &samspil.Opportunity{OrganisationID: f.orgB.ID, Kind: samspil.OppJobbehov,
			Title: "Praktikpladser i byggeriet", CPVCodes: []string{"45000000-7"}, MunicipalityCode: "0751"})
		q := func(s string) string { return url.QueryEscape(s) }
		tests := []struct {
			path  string
			want  int    // 0: 200 or 400, both fine
			field string // with 400: the parameter blamed
		}{
			{"/api/v1/search?q=", 200, ""},
			{"/api/v1/search?q=" + q("   "), 200, ""},
			{"/api/v1/search?q=" + q(strings.Repeat("a", 2000)), 400, "q"},
			{"/api/v1/search?q=" + q(strings.Repeat("æ", samspil.MaxQueryLen)), 200, ""},
			{"/api/v1/search?q=" + q(`"`), 200, ""},
			{"/api/v1/search?q=" + q(`"grøn`), 200, ""},
			{"/api/v1/search?q=" + q(`*`), 200, ""},
			{"/api/v1/search?q=" + q(`gr*`), 200, ""},
			{"/api/v1/search?q=" + q(`NEAR`), 200, ""},
			{"/api/v1/search?q=" + q(`grøn NEAR pleje`), 200, ""},
			{"/api/v1/search?q=" + q(`NEAR(grøn pleje, 2)`), 200, ""},
			{"/api/v1/search?q=" + q(`-`), 200, ""},
			{"/api/v1/search?q=" + q(`-grøn`), 200, ""},
			{"/api/v1/search?q=" + q(`:`), 200, ""},
			{"/api/v1/search?q=" + q(`title:grøn`), 200, ""},
			{"/api/v1/search?q=" + q(`AND OR NOT ( ) ^ {} [] ' ; -- \`), 200, ""},
			{"/api/v1/search?q=" + q("\x00\u202egrøn"), 0, ""},
			{"/api/v1/search?kind=cykel", 400, "kind"},
			{"/api/v1/search?type=recipe", 400, "type"},
			{"/api/v1/search?municipality=9999", 400, "municipality"},
			{"/api/v1/search?municipality=abc", 400, "municipality"},
			{"/api/v1/search?region=1234", 400, "region"},
			{"/api/v1/search?cpv=9", 400, "cpv"},
			{"/api/v1/search?sector=Z", 400, "sector"},
			{"/api/v1/search?target_group=ingen_saadan", 400, "target_group"},
			{"/api/v1/search?rsv=maybe", 400, "rsv"},
			{"/api/v1/search?near=0751&radius_km=-5", 400, "radius_km"},
			{"/api/v1/search?near=0751&radius_km=5000", 400, "radius_km"},
			{"/api/v1/search?near=0751&radius_km=abc", 400, "radius_km"},
			{"/api/v1/search?sort=cheapest", 400, "sort"},
			{"/api/v1/search?page=0", 400, "page"},
			{"/api/v1/search?page=-1", 400, "page"},
			{"/api/v1/search?page=1001", 400, "page"},
			{"/api/v1/search?per_page=0", 400, "per_page"},
			{"/api/v1/search?per_page=1000", 400, "per_page"},
			{"/api/v1/search?q=praktik&page=999", 200, ""},
			{"/api/v1/search?q=praktik&near=0751&radius_km=40&sort=nearest", 200, ""},
			{"/api/v1/search/suggest?q=", 200, ""},
			{"/api/v1/search/suggest?q=" + q(`"*:-NEAR`), 200, ""},
			{"/api/v1/search/suggest?q=" + q(strings.Repeat("a", 2000)), 400, "q"},
			{"/api/v1/search/suggest?q=pr&limit=0", 400, "limit"},
			{"/api/v1/search/suggest?q=pr&limit=21", 400, "limit"},
		}
		for _, tt := range tests {
			for _, lang := range []string{"da", "en"} {
				res := f.do(t, req{Method: "GET", Path: tt.path, Header: map[string]string{"Accept-Language": lang}})
				if res.Status >= 500 || tt.want != 0 && res.Status != tt.want || tt.want == 0 && res.Status != 200 && res.Status != 400 {
					t.Errorf("%s (%s): status %d, want %d\n%s", trimPath(tt.path), lang, res.Status, tt.want, trim(res.Body))
					continue
				}
				if res.Status != 400 {
					continue
				}
				p := res.Problem(t)
				if res.Header.Get("Content-Language") != lang || p.Detail == "" || strings.Contains(p.Detail, p.Key) && p.Key != "" && p.Detail == p.Key {
					t.Errorf("%s (%s): problem %+v", trimPath(tt.path), lang, p)
				}
				if tt.field != "" {
					found := false
					for _, e := range p.Errors {
						found = found || e.Field == tt.field
						if e.Detail == "" || e.Detail == e.Key {
							t.Errorf("%s (%s): field %s has no text for %s", trimPath(tt.path), lang, e.Field, e.Key)
						}
					}
					if !found {
						t.Errorf("%s (%s): no error for %s: %+v", trimPath(tt.path), lang, tt.field, p.Errors)
					}
				}
			}
		}
		// A page past the end: no items, but the total.
		res := f.do(t, req{Method: "GET", Path: "/api/v1/search?q=praktik&page=999"})
		var out api.SearchResultJSON
		if err := json.Unmarshal(res.Body, &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != 0 || out.Page != 999 {
			t.Errorf("page past the end: %d items, page %d", len(out.Items), out.Page)
		}
	})
}

// TestSearchFindsOpportunity checks that a posted opportunity is found by
// a Danish word form and links to its API resource.
func TestSearchFindsOpportunity(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		o := f.createOpportunity(t, &samspil.Opportunity{OrganisationID: f.orgB.ID, Kind: samspil.OppJobbehov,
			Title: "Praktikpladser på værksted for cykler", CPVCodes: []string{"50000000-5"}, MunicipalityCode: "0751"})
		res := f.do(t, req{Method: "GET", Path: "/api/v1/search?q=cyklen&type=opportunity"})
		mustStatus(t, res, 200)
		var out api.SearchResultJSON
		if err := json.Unmarshal(res.Body, &out); err != nil {
			t.Fatal(err)
		}
		if out.Total < 1 || len(out.Items) < 1 || out.Items[0].ID != o.ID || out.Items[0].Href == "" {
			t.Fatalf("search for cyklen: %s", trim(res.Body))
		}
		res = f.do(t, req{Method: "GET", Path: "/api/v1/search/suggest?q=praktikp"})
		mustStatus(t, res, 200)
		if !strings.Contains(string(res.Body), "cykler") {
			t.Errorf("suggestions: %s", res.Body)
		}
	})
}

func trimPath(p string) string {
	if len(p) > 120 {
		return p[:120] + "…"
	}
	return p
}

// FuzzSearchRequest sends arbitrary query strings to the search and
// suggestion endpoints on a real store: the answer is always 200 or a 400
// problem, never a 500.
func FuzzSearchRequest(f *testing.F) {
	for _, s := range []string{"q=gr%C3%B8n", "q=%22", "q=*", "q=NEAR", "q=-", "q=:", "q=a%20OR%20b",
		"q=x&near=0751&radius_km=-1", "kind=zzz&page=99999", "q=%FF%FE", "q=(%22a%22%20NEAR/2%20b*)^3", "type=case&sort=nearest"} {
		f.Add(s)
	}
	h := api.New(api.Config{Store: testdb.Open(f)})
	f.Fuzz(func(t *testing.T, rawQuery string) {
		for _, path := range []string{"/api/v1/search", "/api/v1/search/suggest"} {
			r := httptest.NewRequest("GET", path, nil)
			r.URL.RawQuery = rawQuery
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != 200 && w.Code != 400 {
				t.Fatalf("%s?%s: status %d\n%s", path, rawQuery, w.Code, w.Body)
			}
		}
	})
}
