package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// check ticks a checkbox as a person would, by clicking it.
func (h *harness) check(sel string) {
	h.t.Helper()
	h.do("tick "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

const oppForm = `form[action="/muligheder"]`

// TestJourneyOpportunityInterestPartnership: a company posts a labour
// need; the SØV that fits it shows up as a match with the explanation of
// its score; a member of that SØV expresses interest; the company's member
// is notified, accepts, and both see the partnership. The board and the
// opportunity page pass axe. It runs on SQLite and on PostgreSQL.
func TestJourneyOpportunityInterestPartnership(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeyOpportunity(t, start(t, options{BypassCSP: true})) })
	t.Run("postgres", func(t *testing.T) { journeyOpportunity(t, start(t, options{BypassCSP: true, Postgres: true})) })
}

func journeyOpportunity(t *testing.T, company *harness) {

	// The SØV: sign up, create it, and give its profile the CPV code and
	// target group the company will ask for.
	sov := company.otherPerson()
	sp := newPerson(t, 2)
	sov.signUp(sp)
	sov.logIn(sp)
	sovProfile := sov.createOrganisation(newOrg{Name: "Grøn Vask Socialøkonomi", CVR: validCVR(31), Kind: "sov", Municipality: "0751",
		Description: "Vaskeri, der ansætter mennesker på kanten af arbejdsmarkedet."})
	sov.open(sovProfile + "/rediger")
	editForm := `form[action="` + sovProfile + `/rediger"]`
	sov.typeInto(editForm+` textarea[name="cpv_codes"]`, "98310000-9")
	sov.check(editForm + ` input[name="target_groups"][value="udsatte_ledige"]`)
	sov.typeInto(editForm+` input[name="capacity"]`, "6")
	sov.submitOK(editForm + ` button[type="submit"]`)

	// The company: sign up, create it, post the opportunity.
	cp := newPerson(t, 1)
	company.signUp(cp)
	company.logIn(cp)
	company.createOrganisation(newOrg{Name: "Cykelfabrikken Aarhus ApS", CVR: validCVR(32), Kind: "virksomhed", Municipality: "0751"})
	company.open("/muligheder")
	company.submitOK(`a[href="/muligheder/ny"]`)
	company.choose(oppForm+` select[name="kind"]`, "jobbehov")
	company.typeInto(oppForm+` input[name="title"]`, "Vask af arbejdstøj")
	company.typeInto(oppForm+` textarea[name="description"]`, "Vi søger et vaskeri, der kan tage tre medarbejdere i jobtræning.")
	company.typeInto(oppForm+` textarea[name="cpv_codes"]`, "98310000-9")
	company.check(oppForm + ` input[name="target_groups"][value="udsatte_ledige"]`)
	company.choose(oppForm+` select[name="municipality_code"]`, "0751")
	company.typeInto(oppForm+` input[name="volume"]`, "3")
	// A Danish amount with a typo comes back with the message next to the
	// field and everything else kept.
	company.typeInto(oppForm+` input[name="estimated_value"]`, "12.50.000")
	if resp := company.submit(oppForm + ` button[type="submit"]`); resp.Status != 422 {
		company.fail("a malformed amount gave status %d, want 422", resp.Status)
	}
	if company.attr(oppForm+` input[name="estimated_value"]`, "aria-invalid") != "true" {
		company.fail("the amount field is not marked aria-invalid")
	}
	if got := company.value(oppForm + ` input[name="title"]`); got != "Vask af arbejdstøj" {
		company.fail("the form lost the title: %q", got)
	}
	company.typeInto(oppForm+` input[name="estimated_value"]`, "250.000,50")
	company.submitOK(oppForm + ` button[type="submit"]`)
	oppURL := company.location().Path
	if !strings.HasPrefix(oppURL, "/muligheder/") {
		company.fail("after posting, the browser is at %s", oppURL)
	}
	company.wantText("Vask af arbejdstøj", "250.000 kr.", "Grøn Vask Socialøkonomi", "Hvorfor Grøn Vask Socialøkonomi matcher", "CPV-overlap", "Afstand", "Målgrupper")
	company.screenshot("opportunity-page")
	if vs := company.axeCheck(); len(vs) > 0 {
		t.Error(formatViolations(oppURL, vs))
	}
	company.open("/muligheder")
	company.wantText("Vask af arbejdstøj")
	if vs := company.axeCheck(); len(vs) > 0 {
		t.Error(formatViolations("/muligheder", vs))
	}

	// The SØV's member sees the match's link on the page and sends interest.
	sov.open(oppURL)
	sov.wantText("Hvorfor Grøn Vask Socialøkonomi matcher")
	sov.submitOK(`#matches a[href*="#interesse"]`)
	sov.typeInto(`form[action="`+oppURL+`/interesse"] textarea[name="message"]`, "Vi har plads til tre i vaskeriet fra næste måned.")
	sov.submitOK(`form[action="` + oppURL + `/interesse"] button[type="submit"]`)
	sov.wantText("Jeres interesse er sendt", "Afventer svar")

	// The company's member is notified and accepts.
	company.open("/notifikationer")
	company.wantText("Grøn Vask Socialøkonomi har vist interesse for »Vask af arbejdstøj«")
	company.submitOK(`.note-list a[href="` + oppURL + `"]`)
	company.submitOK(`a[href$="/accepter"]`)
	company.typeInto(`form[action$="/accepter"] textarea[name="note"]`, "Velkommen, vi ringer i morgen.")
	company.submitOK(`form[action$="/accepter"] button[type="submit"]`)
	partnership := company.location().Path
	if !strings.HasPrefix(partnership, "/partnerskaber/") {
		company.fail("after accepting, the browser is at %s, not on the partnership", partnership)
	}
	company.wantText("Foreslået", "Rekruttering", "Cykelfabrikken Aarhus ApS", "Grøn Vask Socialøkonomi", "Vask af arbejdstøj")

	// Both sides see it.
	sov.open("/overblik")
	sov.wantText("Vask af arbejdstøj")
	sov.submitOK(`a[href="` + partnership + `"]`)
	sov.wantText("Foreslået", "Cykelfabrikken Aarhus ApS", "Velkommen, vi ringer i morgen.")
	sov.open("/notifikationer")
	sov.wantText("Cykelfabrikken Aarhus ApS har accepteret jeres interesse")
	company.open("/partnerskaber")
	company.wantText("Vask af arbejdstøj")

	// The signed-in pages of the journey pass axe too.
	for _, path := range []string{"/overblik", partnership, "/notifikationer", "/muligheder/ny"} {
		company.open(path)
		company.screenshot("opportunity-journey" + strings.ReplaceAll(path, "/", "-"))
		if vs := company.axeCheck(); len(vs) > 0 {
			t.Error(formatViolations(path, vs))
		}
	}
}
