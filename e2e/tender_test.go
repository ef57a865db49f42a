package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

const tenderForm = `form[action="/udbud/ny"]`

// TestJourneyTender: a municipality's buyer writes a tender in the form
// (an amount with a typo comes back next to its field), publishes it after
// the confirmation page; a SØV member opens it, registers interest and
// asks a clarification question; the buyer answers it, sees the response
// overview, closes the tender by an amendment of its timeline and awards
// it, which creates a partnership; a visitor finds it awarded in the list
// with its history. Every page passes axe. It runs on SQLite and on
// PostgreSQL.
func TestJourneyTender(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeyTender(t, start(t, options{BypassCSP: true})) })
	t.Run("postgres", func(t *testing.T) { journeyTender(t, start(t, options{BypassCSP: true, Postgres: true})) })
}

func journeyTender(t *testing.T, buyer *harness) {
	ctx := context.Background()
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	day := func(d int) string { return now.AddDate(0, 0, d).Format("2006-01-02") }

	// The buyer: a member of Aarhus Kommune.
	bp := newPerson(t, 1)
	buyer.storedPerson(bp, false, "0751")
	buyer.logIn(bp)

	// The SØV, meeting the § 20 condition, with a member.
	sov := buyer.otherPerson()
	sp := newPerson(t, 2)
	su := sov.storedPerson(sp, false, "")
	st := buyer.App.Store
	org := &samspil.Organisation{CVR: validCVR(51), Name: "Grøn Vask Socialøkonomi", Kind: samspil.OrgSOV, MunicipalityCode: "0751",
		Description: "Vaskeri med plads til udsatte ledige.", CPVCodes: []string{"98310000-9"}, Employees: 10, DisadvantagedEmployees: 4}
	if err := st.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateMembership(ctx, &samspil.Membership{UserID: su.ID, OrganisationID: org.ID, Role: samspil.RoleMember, Status: samspil.MembershipActive}); err != nil {
		t.Fatal(err)
	}
	sov.logIn(sp)

	// The list, empty, links the feed; the buyer starts a tender.
	buyer.open("/udbud")
	if !buyer.exists(`link[rel="alternate"][type="application/atom+xml"][href="/feeds/tenders.atom"]`) {
		buyer.fail("the tender list does not link the tenders' feed")
	}
	if !buyer.exists(`nav a[href="/udbud"]`) {
		buyer.fail("the navigation has no link to the tenders")
	}
	buyer.axe("/udbud (empty)")
	buyer.submitOK(`a[href="/udbud/ny"]`)
	buyer.axe("/udbud/ny")
	buyer.typeInto(tenderForm+` input[name="title"]`, "Vask af arbejdstøj til hjemmeplejen")
	buyer.setValue(tenderForm+` textarea[name="description"]`, "Kommunen køber vask af **arbejdstøj** for hjemmeplejen.\n\n- afhentning to gange om ugen")
	buyer.check(tenderForm + ` input[name="procedure"][value="reserveret"]`)
	buyer.typeInto(tenderForm+` input[name="main_cpv"]`, "98310000-9")
	buyer.typeInto(tenderForm+` input[name="value"]`, "1.250.000,505")
	buyer.typeInto(tenderForm+` input[name="lots.0.title"]`, "Nord")
	buyer.typeInto(tenderForm+` input[name="lots.0.value"]`, "600.000")
	buyer.choose(tenderForm+` select[name="place_code"]`, "0751")
	buyer.choose(tenderForm+` select[name="reservation"]`, "shelteredWorkshop")
	buyer.check(tenderForm + ` input[name="social_goals"][value="social.disadvantagedEmploymentOpportunities"]`)
	buyer.setValue(tenderForm+` textarea[name="social_criteria"]`, "Mindst **to** personer fra målgruppen ansættes.")
	buyer.setValue(tenderForm+` input[name="questions_deadline"]`, day(7))
	buyer.setValue(tenderForm+` input[name="questions_deadline_time"]`, "10:00")
	buyer.setValue(tenderForm+` input[name="tender_deadline"]`, day(14))
	buyer.setValue(tenderForm+` input[name="tender_deadline_time"]`, "12:00")
	buyer.setValue(tenderForm+` input[name="expected_award"]`, day(20))
	buyer.setValue(tenderForm+` input[name="contract_start"]`, day(30))
	buyer.setValue(tenderForm+` input[name="contract_end"]`, day(400))

	// "Add another lot" works without a script and loses nothing.
	buyer.submitOK(tenderForm + ` button[value="lots"]`)
	if !buyer.exists(tenderForm + ` input[name="lots.3.title"]`) {
		buyer.fail("no fourth lot row after \"add another lot\"")
	}

	// The amount's typo comes back next to its field.
	if resp := buyer.submit(tenderForm + ` button[value="save"]`); resp.Status != 422 {
		buyer.fail("a malformed amount gave status %d, want 422", resp.Status)
	}
	if buyer.attr(tenderForm+` input[name="value"]`, "aria-invalid") != "true" {
		buyer.fail("the value field is not marked aria-invalid")
	}
	if got := buyer.value(tenderForm + ` input[name="lots.0.title"]`); got != "Nord" {
		buyer.fail("the form lost the lot: %q", got)
	}
	buyer.axe("/udbud/ny (with an error)")
	buyer.typeInto(tenderForm+` input[name="value"]`, "1.250.000,50")
	buyer.submitOK(tenderForm + ` button[value="save"]`)
	page := buyer.location().Path
	if !strings.HasPrefix(page, "/udbud/") {
		buyer.fail("after saving, the browser is at %s", page)
	}
	buyer.wantText("Udbuddet er gemt som kladde", "1.250.000 kr.", "Nord", "12:00")
	buyer.axe(page + " (draft)")

	// Published after the confirmation page.
	buyer.submitOK(`a[href="` + page + `/offentliggoer"]`)
	buyer.axe(page + "/offentliggoer")
	buyer.submitOK(`form[action="` + page + `/offentliggoer"] button[type="submit"]`)
	buyer.wantText("Udbuddet er offentliggjort")

	// The SØV opens it, registers interest and asks a question.
	sov.open(page)
	sov.wantText("Vask af arbejdstøj til hjemmeplejen", "Mindst to personer fra målgruppen")
	sov.axe(page + " (supplier)")
	sov.check(`form[action*="/interesse"] input[name="state"][value="interested"]`)
	sov.typeInto(`form[action*="/interesse"] textarea[name="message"]`, "Vi byder gerne på begge dele.")
	sov.submitOK(`form[action*="/interesse"] button[type="submit"]`)
	sov.typeInto(`form[action*="/spoergsmaal#"] textarea[name="question"]`, "Skal tøjet hentes på alle plejecentre?")
	sov.submitOK(`form[action*="/spoergsmaal#"] button[type="submit"]`)
	sov.axe(page + " (after the question)")

	// The buyer answers it and sees who responded.
	buyer.open(page)
	buyer.wantText("Skal tøjet hentes på alle plejecentre?")
	buyer.typeInto(`form[action*="/svar"] textarea[name="answer"]`, "Ja, på alle syv plejecentre.")
	buyer.submitOK(`form[action*="/svar"] button[type="submit"]`)
	buyer.wantText("Ja, på alle syv plejecentre.")
	buyer.axe(page + " (answered)")
	buyer.open(page + "/leverandoerer")
	buyer.wantText("Grøn Vask Socialøkonomi", "Har vist interesse", "Vi byder gerne på begge dele.")
	buyer.axe(page + "/leverandoerer")

	// The buyer closes the tender by amending its timeline (deadlines a
	// few minutes ago, Danish time), then awards it.
	buyer.open(page + "/ret")
	amend := `form[action="` + page + `/ret"]`
	closed := time.Now().In(loc).Add(-time.Minute)
	asked := closed.Add(-time.Minute)
	buyer.setValue(amend+` input[name="questions_deadline"]`, asked.Format("2006-01-02"))
	buyer.setValue(amend+` input[name="questions_deadline_time"]`, asked.Format("15:04"))
	buyer.setValue(amend+` input[name="tender_deadline"]`, closed.Format("2006-01-02"))
	buyer.setValue(amend+` input[name="tender_deadline_time"]`, closed.Format("15:04"))
	buyer.setValue(amend+` input[name="expected_award"]`, closed.Format("2006-01-02"))
	buyer.typeInto(amend+` textarea[name="note"]`, "Fristen er rykket frem efter aftale med de interesserede.")
	buyer.axe(page + "/ret")
	buyer.submitOK(amend + ` button[value="save"]`)
	buyer.wantText("Rettelsen er gemt")

	buyer.submitOK(`a[href="` + page + `/tildel"]`)
	buyer.axe(page + "/tildel")
	award := `form[action="` + page + `/tildel"][method="post"]`
	buyer.check(award + ` input[name="supplier_ids"]`)
	buyer.typeInto(award+` textarea[name="section20_note"]`, "40 % af medarbejderne er i målgruppen.")
	buyer.submitOK(award + ` button[value="award"]`)
	buyer.wantText("Udbuddet er tildelt", "Grøn Vask Socialøkonomi", "40 % af medarbejderne")
	buyer.axe(page + " (awarded)")
	buyer.submitOK(`a[href^="/partnerskaber/"]`)
	buyer.wantText("Grøn Vask Socialøkonomi")

	// A visitor finds it awarded, with its history.
	visitor := buyer.otherPerson()
	visitor.open("/udbud")
	visitor.wantText("Vask af arbejdstøj til hjemmeplejen", "Tildelt")
	visitor.axe("/udbud")
	visitor.open(page + "/historik")
	visitor.wantText("Offentliggjort", "Rettet", "Fristen er rykket frem", "Tildelt", "Frist for tilbud")
	visitor.axe(page + "/historik")
}

// TestJourneyTenderRecommender: the route recommender answers a buyer's
// question without JavaScript and its link starts a tender with the route.
func TestJourneyTenderRecommender(t *testing.T) {
	h := start(t, options{BypassCSP: true})
	p := newPerson(t, 1)
	h.storedPerson(p, false, "0751")
	h.logIn(p)
	h.open("/udbud/anbefaling")
	h.axe("/udbud/anbefaling")
	form := `form[action="/udbud/anbefaling"]`
	h.typeInto(form+` textarea[name="cpv_codes"]`, "98310000-9")
	h.choose(form+` select[name="place_code"]`, "0751")
	h.typeInto(form+` input[name="value"]`, "500.000")
	h.submitOK(form + ` button[type="submit"]`)
	h.wantText("Anbefaling", "Økonomisk afhængighed")
	h.axe("/udbud/anbefaling (answer)")
	h.submitOK(`a[href^="/udbud/ny?"]`)
	if got := h.value(tenderForm + ` input[name="main_cpv"]`); got != "98310000-9" {
		h.fail("the start link did not fill the CPV code: %q", got)
	}
}

// TestJourneyTenderWithoutJavaScript: with scripts turned off, the buyer
// adds a lot row, saves the tender and publishes it: every step is a plain
// form.
func TestJourneyTenderWithoutJavaScript(t *testing.T) {
	h := start(t, options{NoJS: true})
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) string { return time.Now().In(loc).AddDate(0, 0, d).Format("2006-01-02") }
	p := newPerson(t, 1)
	h.storedPerson(p, false, "0751")
	h.logIn(p)
	h.open("/udbud/ny")
	h.typeInto(tenderForm+` input[name="title"]`, "Rengøring af daginstitutioner")
	h.setValue(tenderForm+` textarea[name="description"]`, "Rengøring af fem daginstitutioner.")
	h.check(tenderForm + ` input[name="procedure"][value="social_klausul"]`)
	h.typeInto(tenderForm+` input[name="main_cpv"]`, "90911200-8")
	h.typeInto(tenderForm+` input[name="value"]`, "800.000")
	h.choose(tenderForm+` select[name="place_code"]`, "0751")
	h.setValue(tenderForm+` input[name="questions_deadline"]`, day(5))
	h.setValue(tenderForm+` input[name="tender_deadline"]`, day(10))
	h.setValue(tenderForm+` input[name="expected_award"]`, day(15))
	h.setValue(tenderForm+` input[name="contract_start"]`, day(20))
	h.setValue(tenderForm+` input[name="contract_end"]`, day(380))
	for i := range 2 {
		h.submitOK(tenderForm + ` button[value="lots"]`)
		if !h.exists(tenderForm + ` input[name="lots.` + strconv.Itoa(3+i) + `.title"]`) {
			h.fail("no new lot row after \"add another lot\" (%d)", i+1)
		}
	}
	h.typeInto(tenderForm+` input[name="lots.4.title"]`, "Børnehaven Solsikken")
	h.submitOK(tenderForm + ` button[value="save"]`)
	page := h.location().Path
	h.wantText("Udbuddet er gemt som kladde", "Børnehaven Solsikken", "12:00")
	h.submitOK(`a[href="` + page + `/offentliggoer"]`)
	h.submitOK(`form[action="` + page + `/offentliggoer"] button[type="submit"]`)
	h.wantText("Udbuddet er offentliggjort")
}
