package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// saveStrategy records a strategy for code directly in the store.
func saveStrategy(t *testing.T, e *testEnv, code, title string, adopted *time.Time) *samspil.Strategy {
	t.Helper()
	st, err := e.store.SaveStrategy(context.Background(), &samspil.Strategy{MunicipalityCode: code, Title: title, AdoptedOn: adopted,
		Text:      "## Formål\n\nVi vil **samarbejde** med socialøkonomiske virksomheder.\n\n<script>alert(1)</script>",
		Goals:     []samspil.StrategyGoal{{Description: "Partnerskaber med SØV", Target: 25, Unit: "partnerskaber", Year: 2028}},
		BudgetOre: 123456750, BudgetNote: "Fra puljen til socialøkonomi"})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

var mapAreaRE = regexp.MustCompile(`<a href="/kommuner/(\d{4})" class="map-area"><title>([^<]+)</title><path d="M[^"]+"`)

// TestNationalOverview: the map has one link with a title per
// municipality, the legend and table carry the same facts, and the table
// sorts and filters without JavaScript.
func TestNationalOverview(t *testing.T) {
	e := newEnv(t)
	adopted := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
	saveStrategy(t, e, "0101", "København samarbejder", &adopted)
	saveStrategy(t, e, "0751", "Aarhus uden dato", nil)
	if err := e.store.SetCoordinationUnit(context.Background(), &samspil.CoordinationUnit{MunicipalityCode: "0751", Name: "Socialøkonomisk Center", Email: "center@aarhus.test"}); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	r := e.get(c, "/kommuner")
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, short(r.body))
	}
	areas := mapAreaRE.FindAllStringSubmatch(r.body, -1)
	if len(areas) != 98 {
		t.Fatalf("%d municipality links in the map, want 98", len(areas))
	}
	seen := map[string]string{}
	for _, a := range areas {
		seen[a[1]] = a[2]
	}
	if len(seen) != 98 {
		t.Errorf("%d different municipalities in the map", len(seen))
	}
	if !strings.Contains(seen["0101"], "København") || !strings.Contains(seen["0101"], "5 år siden eller mere") {
		t.Errorf("København's title %q", seen["0101"])
	}
	if !strings.Contains(seen["0751"], "uden vedtagelsesdato") {
		t.Errorf("Aarhus' title %q", seen["0751"])
	}
	mustContain(t, r.body, `<svg class="dk-map"`, `role="group"`, `aria-labelledby="map-svg-title"`, `<pattern id="map-cat-4"`,
		`Ingen strategi: <strong>96</strong>`, `<span class="stat-number">2</span> af 98 kommuner har en strategi`,
		`<span class="stat-number">1</span> af 98 kommuner har en koordinerende enhed`, `<th scope="row"><a href="/kommuner/0101">København</a></th>`,
		`rel="alternate" type="application/atom+xml"`)

	// Another measure, chosen with the GET form.
	r = e.get(c, "/kommuner?measure=unit")
	mustContain(t, r.body, `Har en koordinerende enhed: <strong>1</strong>`, `<option value="unit" selected>`)
	if n := len(mapAreaRE.FindAllString(r.body, -1)); n != 98 {
		t.Errorf("unit map: %d links", n)
	}
	// An unknown measure falls back to the strategy.
	r = e.get(c, "/kommuner?measure=%3Cscript%3E&sort=evil&has=x&region=9")
	if r.status != http.StatusOK || !strings.Contains(r.body, `<option value="strategy" selected>`) || strings.Contains(r.body, "<script>") {
		t.Errorf("bad parameters: status %d", r.status)
	}

	// Filters and sorting.
	rowRE := regexp.MustCompile(`<th scope="row"><a href="/kommuner/(\d{4})">`)
	rows := func(path string) []string {
		r := e.get(c, path)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", path, r.status)
		}
		var out []string
		for _, m := range rowRE.FindAllStringSubmatch(r.body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	if got := rows("/kommuner?region=1084"); len(got) != 29 {
		t.Errorf("Hovedstaden: %d rows, want 29", len(got))
	}
	if got := rows("/kommuner?has=strategy"); len(got) != 2 {
		t.Errorf("with strategy: %v", got)
	}
	if got := rows("/kommuner?has=no_unit"); len(got) != 97 {
		t.Errorf("without unit: %d", len(got))
	}
	if got := rows("/kommuner?sort=strategy"); len(got) != 98 || got[0] != "0101" || got[1] != "0751" {
		t.Errorf("by strategy: first %v", got[:3])
	}
	if got := rows("/kommuner?sort=strategy&dir=desc"); got[0] != "0101" || got[1] != "0751" {
		t.Errorf("by strategy, descending: municipalities without one must stay last: %v", got[:3])
	}
	byName := rows("/kommuner?sort=name")
	if byName[0] != "0165" { // Albertslund
		t.Errorf("first by name is %s", byName[0])
	}
	if desc := rows("/kommuner?sort=name&dir=desc"); desc[0] != byName[97] {
		t.Errorf("descending name sort starts with %s, want %s", desc[0], byName[97])
	}
	r = e.get(c, "/kommuner?sort=partnerships&dir=desc")
	mustContain(t, r.body, `aria-sort="descending"`)
}

// TestMunicipalityPage shows the strategy with its goals, budget, safe
// text and age, the unit, and a follow button; unknown codes are 404.
func TestMunicipalityPage(t *testing.T) {
	e := newOrgEnv(t)
	adopted := time.Date(2022, 3, 15, 0, 0, 0, 0, time.UTC)
	saveStrategy(t, e.testEnv, "0147", "Frederiksberg og SØV", &adopted)
	r := e.get(e.clients[roleAnon], "/kommuner/0147")
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, "Frederiksberg og SØV", `<time datetime="2022-03-15">15. marts 2022</time>`, "år siden",
		"Partnerskaber med SØV", "1.234.567 kr.", "Fra puljen til socialøkonomi", "<strong>samarbejde</strong>",
		`href="/erfaringer?municipality=0147"`, `href="/kommuner/0147/feed.atom"`, `class="follow-login"`,
		`href="/log-ind?next=%2Fkommuner%2F0147"`)
	if strings.Contains(r.body, "<script>alert") {
		t.Error("the strategy text's script survived")
	}
	if strings.Contains(r.body, "/kommuner/0147/strategi\"") {
		t.Error("an anonymous visitor is offered the edit link")
	}
	if r := e.get(e.clients[roleAnon], "/kommuner/0000"); r.status != http.StatusNotFound {
		t.Errorf("unknown code: %d", r.status)
	}
	if r := e.get(e.clients[roleAnon], "/kommuner/0410"); r.status != http.StatusOK || !strings.Contains(r.body, "har ikke registreret en strategi") {
		t.Errorf("municipality without strategy: %d", r.status)
	}
	// The platform admin may edit; a signed-in user sees the follow form.
	r = e.get(e.clients[rolePlatform], "/kommuner/0147")
	mustContain(t, r.body, `href="/kommuner/0147/strategi"`, `action="/foelg"`, `name="kind" value="municipality"`, `name="key" value="0147"`)
	r = e.get(e.clients[roleUser], "/kommuner/0147")
	if strings.Contains(r.body, `href="/kommuner/0147/strategi"`) {
		t.Error("a plain user is offered the edit link")
	}
}

// TestStrategyAge counts whole years in Danish time.
func TestStrategyAge(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	d := func(y, m, day int) *time.Time { t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC); return &t }
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		adopted *time.Time
		want    int
	}{
		{nil, -1}, {d(2026, 3, 14), 0}, {d(2025, 3, 15), 0}, {d(2025, 3, 14), 1}, {d(2019, 1, 1), 7}, {d(2027, 1, 1), 0},
	} {
		if got := strategyAge(tc.adopted, now, loc); got != tc.want {
			t.Errorf("strategyAge(%v) = %d, want %d", tc.adopted, got, tc.want)
		}
	}
}

// TestMapGeometry checks the projection once: every municipality has a
// path inside the drawing, and Bornholm sits in its inset.
func TestMapGeometry(t *testing.T) {
	g := mapShapes()
	if g.Err != nil {
		t.Fatal(g.Err)
	}
	if len(g.Shapes) != 98 {
		t.Fatalf("%d shapes", len(g.Shapes))
	}
	num := regexp.MustCompile(`[ML](-?[\d.]+) (-?[\d.]+)`)
	for _, s := range g.Shapes {
		for _, m := range num.FindAllStringSubmatch(s.D, -1) {
			var x, y float64
			if _, err := fmt.Sscan(m[1], &x); err != nil {
				t.Fatal(err)
			}
			if _, err := fmt.Sscan(m[2], &y); err != nil {
				t.Fatal(err)
			}
			if x < 0 || y < 0 || x > g.Width+1 || y > g.Height+1 {
				t.Fatalf("%s: point %v,%v outside the %vx%v drawing", s.Code, x, y, g.Width, g.Height)
			}
			if s.Code == bornholm && (x < g.Inset.X || y > g.Inset.Y+g.Inset.H) {
				t.Fatalf("Bornholm point %v,%v outside its inset %+v", x, y, g.Inset)
			}
		}
	}
}

func TestDemoteHeadings(t *testing.T) {
	for in, want := range map[string]string{
		"<h2>A</h2><p>x</p><h3 id=\"b\">B</h3>": "<h4>A</h4><p>x</p><h5 id=\"b\">B</h5>",
		"<h1>A</h1><h6>F</h6>":                  "<h4>A</h4><h6>F</h6>",
		"<p>no headings, <hr></p>":              "<p>no headings, <hr></p>",
		"<h5>deep</h5>":                         "<h5>deep</h5>",
	} {
		if got := string(demoteHeadings(template.HTML(in), 4)); got != want {
			t.Errorf("demoteHeadings(%q) = %q, want %q", in, got, want)
		}
	}
}
