package web

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// searchFixture is a server with a few organisations and opportunities
// whose words no seeded organisation uses.
type searchFixture struct {
	*testEnv
	cykel, vaskeri, byg *samspil.Organisation
	opp                 *samspil.Opportunity
}

func newSearchFixture(t *testing.T) *searchFixture {
	t.Helper()
	e := newEnv(t)
	f := &searchFixture{testEnv: e}
	f.cykel = e.org(&samspil.Organisation{CVR: validCVR(301), Name: "Cykelværkstedet Fyrtårn", Kind: samspil.OrgSOV, MunicipalityCode: "0630",
		Description: "Vi reparerer cykler og <b>cykelanhængere</b> med unge i job.", CPVCodes: []string{"50000000-5"}, TargetGroups: []string{"unge_uden_uddannelse"}})
	f.vaskeri = e.org(&samspil.Organisation{CVR: validCVR(302), Name: "Vaskeriet Fyrtårn", Kind: samspil.OrgSOV, MunicipalityCode: "0101",
		Description: "Industrivask og rengøring af arbejdstøj.", CPVCodes: []string{"98310000-9"}, TargetGroups: []string{"udsatte_ledige"}})
	f.byg = e.org(&samspil.Organisation{CVR: validCVR(303), Name: "Byg Fyrtårn A/S", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0751",
		Description: "Byggeri og renovering."})
	k, err := e.store.FindMunicipalityOrganisation(context.Background(), "0630")
	if err != nil {
		t.Fatal(err)
	}
	f.opp = &samspil.Opportunity{OrganisationID: k.ID, Kind: samspil.OppIndkobsbehov, Title: "Reparation af kommunens cykler",
		Description: "Vejle Kommune søger et værksted til at reparere cykler fra skolerne.", CPVCodes: []string{"50000000-5"},
		MunicipalityCode: "0630", RadiusKm: 40}
	if err := e.store.CreateOpportunity(context.Background(), f.opp); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSearchBadInputNeverFails sends the inputs the issue names: every one
// is answered normally or with a clear 400, never with a 500.
func TestSearchBadInputNeverFails(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	long := strings.Repeat("cykel ", 400) // 2,400 characters
	tests := []struct {
		name   string
		query  string
		status int // 0: 200 or 400 are both fine
		want   []string
	}{
		{"no parameters", "", 200, []string{`action="/soeg"`, `name="q"`}},
		{"empty q", "q=", 200, nil},
		{"blank q", "q=%20%20", 200, nil},
		{"2,000 characters", "q=" + url.QueryEscape(long), 400, []string{"error-summary"}},
		{"quote", "q=" + url.QueryEscape(`"`), 200, nil},
		{"quoted phrase", "q=" + url.QueryEscape(`"cykel værksted`), 200, nil},
		{"star", "q=" + url.QueryEscape("*"), 200, nil},
		{"prefix star", "q=" + url.QueryEscape("cyk*"), 200, nil},
		{"NEAR", "q=" + url.QueryEscape("cykel NEAR vask"), 200, nil},
		{"NEAR()", "q=" + url.QueryEscape("NEAR(cykel vask, 2)"), 200, nil},
		{"minus", "q=" + url.QueryEscape("-cykel"), 200, nil},
		{"lone minus", "q=-", 200, nil},
		{"colon", "q=" + url.QueryEscape("name:cykel"), 200, nil},
		{"lone colon", "q=:", 200, nil},
		{"fts mix", "q=" + url.QueryEscape(`^"a" OR (b* AND -c:d) {e}`), 200, nil},
		{"nul byte", "q=%00", 0, nil},
		{"invalid utf-8", "q=%ff%fe", 0, nil},
		{"unknown kind", "kind=bogus", 400, []string{"error-summary"}},
		{"unknown municipality", "municipality=9999", 400, nil},
		{"unknown region", "region=x", 400, nil},
		{"unknown type", "type=planet", 400, nil},
		{"unknown sort", "sort=evil", 400, nil},
		{"unknown cpv division", "cpv=99x", 400, nil},
		{"negative radius", "near=0630&radius_km=-5", 400, []string{"error-summary"}},
		{"radius not a number", "near=0630&radius_km=ti", 400, nil},
		{"huge radius", "near=0630&radius_km=100000", 400, nil},
		{"page zero", "page=0", 0, nil},
		{"negative page", "page=-3", 0, nil},
		{"page not a number", "page=x", 0, nil},
		{"page past the end", "q=cykel&page=50", 200, nil},
		{"page beyond the limit", "page=999999", 400, nil},
		{"per_page huge", "per_page=100000", 0, nil},
		{"many values", "kind=" + strings.Repeat("sov&kind=", 200) + "sov", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.get(c, "/soeg?"+tc.query)
			if r.status >= 500 {
				t.Fatalf("status %d\n%s", r.status, short(r.body))
			}
			if tc.status == 0 && r.status != 200 && r.status != 400 {
				t.Fatalf("status %d, want 200 or 400", r.status)
			}
			if tc.status != 0 && r.status != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tc.status, short(r.body))
			}
			if r.status == 400 && !strings.Contains(r.body, "error-summary") {
				t.Errorf("a refused search shows no error summary")
			}
			mustContain(t, r.body, tc.want...)
			// The same parameters as a feed and as suggestions: never 500.
			if fr := e.get(c, "/soeg/feed.atom?"+tc.query); fr.status >= 500 {
				t.Errorf("feed: status %d", fr.status)
			}
			if sr := e.get(c, "/soeg/forslag?"+tc.query); sr.status != 200 {
				t.Errorf("suggestions: status %d", sr.status)
			}
		})
	}
}

// TestSearchErrorsInEnglish: the same refusal reads in English.
func TestSearchErrorsInEnglish(t *testing.T) {
	e := newEnv(t)
	r := e.get(e.client(), "/soeg?lang=en&near=0630&radius_km=-5")
	if r.status != 400 {
		t.Fatalf("status %d", r.status)
	}
	mustContain(t, r.body, `<html lang="en">`, "There is a problem", "Search")
}

func TestSearchFindsAndFilters(t *testing.T) {
	f := newSearchFixture(t)
	c := f.client()
	tests := []struct {
		name, query string
		want        []string
		notWant     []string
	}{
		{"all types", "q=fyrt%C3%A5rn", []string{"Cykelværkstedet Fyrtårn", "Vaskeriet Fyrtårn", "Byg Fyrtårn A/S",
			`href="/organisationer/` + idStr(f.cykel.ID) + `"`, `rel="alternate" type="application/atom+xml"`}, nil},
		{"stemmed words find the opportunity", "q=cyklen", []string{"Reparation af kommunens cykler", `href="/muligheder/` + idStr(f.opp.ID) + `"`}, nil},
		{"organisations only", "q=cykler&type=organisation", []string{"Cykelværkstedet Fyrtårn"}, []string{"Reparation af kommunens cykler"}},
		{"opportunities only", "q=cykler&type=opportunity", []string{"Reparation af kommunens cykler"}, []string{"Cykelværkstedet Fyrtårn</a>"}},
		{"kind facet", "q=fyrt%C3%A5rn&kind=virksomhed", []string{"Byg Fyrtårn A/S"}, []string{"Vaskeriet Fyrtårn</a>"}},
		{"municipality facet", "q=fyrt%C3%A5rn&municipality=0101", []string{"Vaskeriet Fyrtårn"}, []string{"Byg Fyrtårn A/S</a>"}},
		{"within 40 km of Vejle", "q=fyrt%C3%A5rn&near=0630&radius_km=40", []string{"Cykelværkstedet Fyrtårn"}, []string{"Vaskeriet Fyrtårn</a>"}},
		{"sorted by name", "q=fyrt%C3%A5rn&sort=name", []string{`<option value="name" selected>`}, nil},
		{"nothing found", "q=zzqqxxyy", []string{"Ingen resultater", "Tjek stavningen"}, []string{"search-hit "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.get(c, "/soeg?"+tc.query)
			if r.status != 200 {
				t.Fatalf("status %d\n%s", r.status, short(r.body))
			}
			mustContain(t, r.body, tc.want...)
			for _, s := range tc.notWant {
				if strings.Contains(r.body, s) {
					t.Errorf("the page shows %q", s)
				}
			}
		})
	}

	// Facets: kind counts for the query, as checkboxes in a fieldset.
	r := f.get(c, "/soeg?q=fyrt%C3%A5rn")
	mustContain(t, r.body, `<fieldset class="field facet" id="field-kind"`, `<legend>Type</legend>`, `name="kind" value="sov"`, "Socialøkonomisk virksomhed", "(2<span")
	// A ticked facet stays ticked, and the page counts what it shows.
	r = f.get(c, "/soeg?q=fyrt%C3%A5rn&kind=sov")
	mustContain(t, r.body, `value="sov" checked`, "2 resultater")
}

// TestSearchHighlightIsSafe: the query words are marked, and nothing from
// the stored text or the query becomes HTML.
func TestSearchHighlightIsSafe(t *testing.T) {
	f := newSearchFixture(t)
	c := f.client()
	r := f.get(c, "/soeg?q="+url.QueryEscape("cykelanhængere"))
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	mustContain(t, r.body, "&lt;b&gt;<mark>cykelanhængere</mark>&lt;/b&gt;")
	if strings.Contains(r.body, "<b>cykel") {
		t.Error("text from the store is rendered as HTML")
	}
	r = f.get(c, "/soeg?q="+url.QueryEscape(`"><script>alert(1)</script>`))
	if r.status >= 500 || strings.Contains(r.body, "<script>alert") {
		t.Errorf("status %d; the query is rendered as HTML: %v", r.status, strings.Contains(r.body, "<script>alert"))
	}
}

func TestHighlightTerms(t *testing.T) {
	terms := queryTerms(`"Cykler" NEAR aabenraa -x *`)
	got := func(text string) string {
		var b strings.Builder
		for _, s := range highlightTerms(text, terms) {
			if s.Mark {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	for text, want := range map[string]string{
		"Vi reparerer cykler og cyklen.": "Vi reparerer [cykler] og [cyklen].",
		"Cykelværksted i Åbenrå":         "Cykelværksted i [Åbenrå]",
		"NEAR er ikke et ord her":        "NEAR er ikke et ord her",
		"":                               "",
		"<b>cykler</b>":                  "<b>[cykler]</b>",
	} {
		if g := got(text); g != want {
			t.Errorf("%q: got %q, want %q", text, g, want)
		}
	}
}

func TestSearchPagination(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	// The 98 municipalities are seeded as organisations.
	r := e.get(c, "/soeg?kind=kommune&type=organisation")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	mustContain(t, r.body, "98 resultater", "side 1 af 5", `rel="next"`, `href="/soeg?`, "page=2")
	r = e.get(c, "/soeg?kind=kommune&type=organisation&page=5")
	mustContain(t, r.body, "side 5 af 5", `rel="prev"`)
	r = e.get(c, "/soeg?kind=kommune&type=organisation&page=9")
	if r.status != 200 {
		t.Fatalf("past the end: status %d", r.status)
	}
	mustContain(t, r.body, "Der er ikke flere resultater", "Gå til første side")
}

func TestSuggestions(t *testing.T) {
	f := newSearchFixture(t)
	c := f.client()
	r := f.get(c, "/soeg/forslag?q=cykelv")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q", r.status, r.header.Get("Content-Type"))
	}
	var got struct {
		Items []suggestionJSON `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range got.Items {
		if it.Title == "Cykelværkstedet Fyrtårn" && it.URL == "/organisationer/"+idStr(f.cykel.ID) && it.Label != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("no suggestion for the workshop: %+v", got.Items)
	}
	for _, q := range []string{"", "%20", url.QueryEscape(strings.Repeat("x", 2000)), "%22", "*", "NEAR", "-", ":"} {
		r := f.get(c, "/soeg/forslag?q="+q)
		if r.status != 200 || !strings.Contains(r.body, `"items":[`) {
			t.Errorf("q=%s: status %d %s", q, r.status, short(r.body))
		}
	}
}

// TestSearchWorksAsPlainForm: the page is a GET form with a submit button,
// labelled fields and no inline script, so it works without JavaScript.
func TestSearchWorksAsPlainForm(t *testing.T) {
	e := newEnv(t)
	r := e.get(e.client(), "/soeg?q=cykel")
	mustContain(t, r.body, `<form class="search-filters filters" id="search-form" method="get" action="/soeg"`,
		`<label for="field-q">`, `<label for="field-near">`, `<label for="field-sort">`, `<button type="submit" class="button">Opdater</button>`,
		`<title>“cykel”: 0 resultater · Samspil</title>`)
	if strings.Contains(r.body, "<script>") || strings.Contains(r.body, "onclick=") {
		t.Error("inline script on the search page")
	}
	// The header's search box posts to the same page.
	if !strings.Contains(r.body, `data-suggest="/soeg/forslag"`) || !strings.Contains(r.body, "/search.js") {
		t.Error("the header's search box or its script is missing")
	}
}

// FuzzHighlightTerms: any query and any text give segments that spell the
// text exactly, so highlighting can never drop or invent characters.
func FuzzHighlightTerms(f *testing.F) {
	f.Add("cykler", "Vi reparerer cykler og cyklen.")
	f.Add(`"NEAR" -x:* aa`, "Åbenrå <b>&amp;</b>")
	f.Add("æøå", "\xff\xfe ÆØÅ")
	f.Fuzz(func(t *testing.T, q, text string) {
		var b strings.Builder
		for _, s := range highlightTerms(text, queryTerms(q)) {
			b.WriteString(s.Text)
		}
		if b.String() != text {
			t.Fatalf("segments spell %q, want %q", b.String(), text)
		}
	})
}
