package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	samspil "github.com/samspil/samspil"
)

// searchData puts three organisations sharing the word "Fyrtårn" and one
// opportunity into the app's store, so the journeys know what to expect
// whatever else the database holds.
type searchData struct {
	cykel, vaskeri, byg int64
	opp                 int64
}

func (h *harness) seedSearch() searchData {
	h.t.Helper()
	ctx := context.Background()
	st := h.App.Store
	var d searchData
	for i, o := range []*samspil.Organisation{
		{Name: "Cykelværkstedet Fyrtårn", Kind: samspil.OrgSOV, MunicipalityCode: "0630",
			Description: "Vi reparerer cykler og cykelanhængere med unge, der har brug for en praktisk start."},
		{Name: "Vaskeriet Fyrtårn", Kind: samspil.OrgSOV, MunicipalityCode: "0101",
			Description: "Industrivask og rengøring af arbejdstøj med udsatte ledige."},
		{Name: "Byg Fyrtårn A/S", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0751",
			Description: "Byggeri og renovering med lærlinge."},
	} {
		o.CVR = validCVR(900 + i)
		if err := st.CreateOrganisation(ctx, o); err != nil {
			h.t.Fatalf("creating %s: %v", o.Name, err)
		}
		switch i {
		case 0:
			d.cykel = o.ID
		case 1:
			d.vaskeri = o.ID
		case 2:
			d.byg = o.ID
		}
	}
	k, err := st.FindMunicipalityOrganisation(ctx, "0630")
	if err != nil {
		h.t.Fatal(err)
	}
	opp := &samspil.Opportunity{OrganisationID: k.ID, Kind: samspil.OppIndkobsbehov, Title: "Fyrtårn for skolecykler: reparation søges",
		Description: "Vejle Kommune søger et værksted, der kan reparere skolernes cykler.", CPVCodes: []string{"50000000-5"},
		MunicipalityCode: "0630", RadiusKm: 40}
	if err := st.CreateOpportunity(ctx, opp); err != nil {
		h.t.Fatalf("creating the opportunity: %v", err)
	}
	d.opp = opp.ID
	return d
}

// pressEnterAndLoad presses Enter in the focused field and waits for the
// page it leads to, which must not be an error page.
func (h *harness) pressEnterAndLoad() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	if err != nil {
		h.fail("press Enter: %v", err)
	}
	if resp != nil && resp.Status >= 400 {
		h.fail("press Enter: the next page answered %d", resp.Status)
	}
}

// resultsHeading is the text of the results' heading ("3 resultater").
func (h *harness) resultsHeading() string {
	h.t.Helper()
	return h.text("#results-title")
}

// TestJourneySearchWithFacets: a person types in the header's search box,
// sees suggestions they can move through with the keyboard, searches, ticks
// a facet (with JavaScript the page updates at once, and the focus stays
// on the checkbox), sees the numbers change and opens a result. Without
// JavaScript the same works with the "Opdater" button.
func TestJourneySearchWithFacets(t *testing.T) {
	t.Run("javascript", func(t *testing.T) {
		h := start(t, options{})
		d := h.seedSearch()
		h.open("/")
		const box = "#site-search-q"
		h.typeInto(box, "Cykelværk")
		h.do("wait for suggestions", chromedp.WaitVisible(`#site-search-q-listbox [role="option"]`))
		if h.attr(box, "role") != "combobox" || h.attr(box, "aria-expanded") != "true" {
			h.fail("the search box is not an expanded combobox (role %q, aria-expanded %q)", h.attr(box, "role"), h.attr(box, "aria-expanded"))
		}
		if !strings.Contains(h.text(`#site-search-q-listbox [role="option"]`), "Cykelværkstedet Fyrtårn") {
			h.fail("the first suggestion is %q", h.text(`#site-search-q-listbox [role="option"]`))
		}
		h.do("arrow down", chromedp.KeyEvent(kb.ArrowDown))
		h.screenshot("search-suggestions")
		active := h.attr(box, "aria-activedescendant")
		if active == "" || h.attr("#"+active, "aria-selected") != "true" {
			h.fail("after arrow down no option is active (aria-activedescendant %q)", active)
		}
		h.do("escape", chromedp.KeyEvent(kb.Escape))
		if h.attr(box, "aria-expanded") != "false" {
			h.fail("Escape does not close the suggestions")
		}
		// A second Escape empties the box (the field has been typed in, so
		// the harness's clearing through the value attribute would not).
		h.do("escape again", chromedp.KeyEvent(kb.Escape))
		if v := h.value(box); v != "" {
			h.fail("the second Escape left %q in the box", v)
		}
		// Enter with no option chosen runs the full search.
		h.do("type fyrtårn", chromedp.SendKeys(box, "fyrtårn", chromedp.NodeVisible))
		h.pressEnterAndLoad()
		if h.location().Path != "/soeg" {
			h.fail("Enter in the search box led to %s", h.location().Path)
		}
		before := h.resultsHeading()
		if !strings.HasPrefix(before, "4 resultater") {
			h.fail("searching fyrtårn: heading %q, want 4 results (three organisations and one opportunity)", before)
		}
		h.wantText("Cykelværkstedet Fyrtårn", "Vaskeriet Fyrtårn", "Byg Fyrtårn A/S", "Fyrtårn for skolecykler")
		if !strings.Contains(h.text(`label[for="`+h.attr(`input[name="kind"][value="sov"]`, "id")+`"]`), "(2") {
			h.fail("the SØV facet does not count 2")
		}

		h.screenshot("search-results")
		// Tick "Socialøkonomisk virksomhed": the page updates by itself.
		h.submitOK(`input[name="kind"][value="sov"]`)
		if got := h.location().Query()["kind"]; len(got) != 1 || got[0] != "sov" {
			h.fail("ticking the facet sent kind=%v", got)
		}
		if after := h.resultsHeading(); !strings.HasPrefix(after, "2 resultater") {
			h.fail("after ticking SØV the heading is %q, want 2 results", after)
		}
		if run(h, "is the box checked", chromedp.Evaluate[bool](`document.querySelector('input[name="kind"][value="sov"]').checked`)) != true {
			h.fail("the ticked facet is not checked on the new page")
		}
		focused := run(h, "read the focus", chromedp.Evaluate[string](`document.activeElement.name + "=" + document.activeElement.value`))
		if focused != "kind=sov" {
			h.fail("after the update the focus is on %q, want the ticked checkbox", focused)
		}
		if strings.Contains(h.bodyText(), "Byg Fyrtårn A/S") {
			h.fail("the company is still listed with the SØV filter")
		}

		// Open a result.
		link := fmt.Sprintf(`.search-hits a[href="/organisationer/%d"]`, d.cykel)
		h.submitOK(link)
		if got := h.text("h1"); got != "Cykelværkstedet Fyrtårn" {
			h.fail("the result led to a page titled %q", got)
		}
	})

	t.Run("no-javascript", func(t *testing.T) { journeySearchWithoutJS(start(t, options{NoJS: true})) })
	t.Run("no-javascript-postgres", func(t *testing.T) { journeySearchWithoutJS(start(t, options{NoJS: true, Postgres: true})) })
}

// journeySearchWithoutJS searches with the plain form: type, send, pick a
// tab, tick a facet and press "Opdater", use the distance filter, open a
// result.
func journeySearchWithoutJS(h *harness) {
	h.t.Helper()
	d := h.seedSearch()
	h.open("/soeg")
	h.typeInto(`#search-form input[name="q"]`, "fyrtårn")
	h.submitOK(`#search-form button[type="submit"]`)
	if !strings.HasPrefix(h.resultsHeading(), "4 resultater") {
		h.fail("heading %q", h.resultsHeading())
	}
	// Only opportunities, by the tab.
	h.submitOK(`.search-tabs a[href*="type=opportunity"]`)
	if !strings.HasPrefix(h.resultsHeading(), "1 resultat") {
		h.fail("opportunity tab: heading %q", h.resultsHeading())
	}
	h.submitOK(`.search-tabs a:not([href*="type="])`)
	h.do("tick the municipality facet", chromedp.Click(`input[name="municipality"][value="0101"]`, chromedp.NodeVisible))
	h.submitOK(`#search-form button[type="submit"]`)
	if !strings.HasPrefix(h.resultsHeading(), "1 resultat") {
		h.fail("København: heading %q", h.resultsHeading())
	}
	// Within 40 km of Vejle instead.
	h.do("untick", chromedp.Click(`input[name="municipality"][value="0101"]`, chromedp.NodeVisible))
	h.choose(`#search-form select[name="near"]`, "0630")
	h.typeInto(`#search-form input[name="radius_km"]`, "40")
	h.submitOK(`#search-form button[type="submit"]`)
	h.wantText("Cykelværkstedet Fyrtårn")
	if strings.Contains(h.bodyText(), "Vaskeriet Fyrtårn") {
		h.fail("Copenhagen is not within 40 km of Vejle")
	}
	// A negative radius (typed into the URL: the form's own min=0
	// stops it in the browser) is refused with a message at the field.
	h.openStatus("/soeg?q=fyrt%C3%A5rn&near=0630&radius_km=-5", 400)
	if !h.exists(`.error-summary a[href="#field-radius_km"]`) || h.attr(`#field-radius_km`, "aria-invalid") != "true" {
		h.fail("no error summary linking to the radius, or the field is not marked")
	}
	// A result opens.
	h.open("/soeg?q=fyrt%C3%A5rn")
	h.submitOK(fmt.Sprintf(`.search-hits a[href="/muligheder/%d"]`, d.opp))
	if h.location().Path != fmt.Sprintf("/muligheder/%d", d.opp) {
		h.fail("the opportunity result led to %s", h.location().Path)
	}
}

// TestJourneySaveSearch: a signed-in person saves a search and finds it,
// with its feed, on the saved-searches page.
func TestJourneySaveSearch(t *testing.T) {
	h := start(t, options{})
	h.seedSearch()
	p := newPerson(t, 1)
	h.signUp(p)
	h.logIn(p)
	h.open("/soeg?q=fyrt%C3%A5rn&kind=sov")
	h.do("open the save form", chromedp.Click(`details.search-save summary`, chromedp.NodeVisible))
	h.typeInto(`form[action="/soeg/gem"] input[name="name"]`, "Fyrtårne")
	h.submitOK(`form[action="/soeg/gem"] button[type="submit"]`)
	if h.location().Path != "/gemte-soegninger" {
		h.fail("after saving the browser is at %s", h.location().Path)
	}
	h.wantText("Søgningen er gemt.", "Fyrtårne", "Daglig e-mail med nye muligheder")
	feed := h.attr(`.saved-search a[type="application/atom+xml"]`, "href")
	if !strings.HasPrefix(feed, "/soeg/feed.atom?") || !strings.Contains(feed, "kind=sov") {
		h.fail("the feed link is %q", feed)
	}
	h.submitOK(`.saved-search h2 a`)
	if !strings.HasPrefix(h.resultsHeading(), "2 resultater") {
		h.fail("the saved search shows %q", h.resultsHeading())
	}
}

// TestAccessibilitySearch runs axe-core's WCAG 2.1 A/AA rules on the
// search page: empty, with results and facets, with a ticked facet, with
// refused parameters, in English, with the suggestions open, and on the
// saved-searches pages.
func TestAccessibilitySearch(t *testing.T) {
	h := start(t, options{BypassCSP: true})
	h.seedSearch()
	outer := t
	check := func(name, path string, prepare func()) {
		t.Run(name, func(t *testing.T) {
			h.t = t
			defer func() { h.t = outer }()
			if prepare != nil {
				prepare()
			} else {
				h.open(path)
			}
			if vs := h.axeCheck(); len(vs) > 0 {
				t.Error(formatViolations(path, vs))
			}
		})
	}
	check("search-empty", "/soeg", nil)
	check("search-results", "/soeg?q=fyrt%C3%A5rn", nil)
	check("search-facet", "/soeg?q=fyrt%C3%A5rn&kind=sov&near=0630&radius_km=200&sort=nearest", nil)
	check("search-nothing", "/soeg?q=zzqqxx", nil)
	check("search-refused", "/soeg?q=fyrt%C3%A5rn&near=0630&radius_km=-5", func() {
		h.openStatus("/soeg?q=fyrt%C3%A5rn&near=0630&radius_km=-5", 400)
	})
	check("search-en", "/soeg?q=fyrt%C3%A5rn&lang=en", nil)
	check("suggestions-open", "/ (typing)", func() {
		h.open("/?lang=da")
		h.typeInto("#site-search-q", "Cykelværk")
		h.do("wait for suggestions", chromedp.WaitVisible(`#site-search-q-listbox [role="option"]`))
		h.do("arrow down", chromedp.KeyEvent(kb.ArrowDown))
	})
	p := newPerson(t, 2)
	h.signUp(p)
	h.logIn(p)
	check("search-signed-in", "/soeg?q=fyrt%C3%A5rn", func() {
		h.open("/soeg?q=fyrt%C3%A5rn")
		h.do("open the save form", chromedp.Click(`details.search-save summary`, chromedp.NodeVisible))
	})
	check("saved-searches-empty", "/gemte-soegninger", nil)
	h.open("/soeg?q=fyrt%C3%A5rn")
	h.do("open the save form", chromedp.Click(`details.search-save summary`, chromedp.NodeVisible))
	h.submitOK(`form[action="/soeg/gem"] button[type="submit"]`)
	check("saved-searches", "/gemte-soegninger", nil)
	check("saved-search-delete", "(delete page)", func() {
		h.open("/gemte-soegninger")
		h.submitOK(`.saved-actions a[href$="/slet"]`)
	})
}
