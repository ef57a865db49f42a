package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// TestJourneyPaymentByResult: a municipality's member drafts an outcome
// contract with two outcomes (JOB13 requires JOB_START) for a period that
// started a year ago, and approves it; the provider's member approves it
// too, enrols a participant and claims both outcomes; the municipality
// approves the two claims in one go; the first monthly statement is
// prepared and approved by both sides; the dashboard shows what was paid.
// The main pages pass axe.
func TestJourneyPaymentByResult(t *testing.T) {
	comm := start(t, options{BypassCSP: true})
	ctx := context.Background()
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	first := time.Date(now.Year()-1, now.Month(), 1, 0, 0, 0, 0, time.UTC) // a month that has long ended
	iso := func(t time.Time) string { return t.Format("2006-01-02") }
	danish := func(t time.Time) string { return t.Format("02-01-2006") }

	// The commissioner: a member of Aarhus Kommune. The provider: a member
	// of an SØV.
	cp := newPerson(t, 1)
	comm.storedPerson(cp, false, "0751")
	comm.logIn(cp)
	prov := comm.otherPerson()
	pp := newPerson(t, 2)
	pu := prov.storedPerson(pp, false, "")
	st := comm.App.Store
	sov := &samspil.Organisation{CVR: validCVR(61), Name: "Grøn Vej Socialøkonomi", Kind: samspil.OrgSOV, MunicipalityCode: "0751",
		Description: "Job og uddannelse for udsatte ledige."}
	if err := st.CreateOrganisation(ctx, sov); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateMembership(ctx, &samspil.Membership{UserID: pu.ID, OrganisationID: sov.ID, Role: samspil.RoleMember, Status: samspil.MembershipActive}); err != nil {
		t.Fatal(err)
	}
	prov.logIn(pp)

	// The commissioner drafts the contract.
	comm.open("/resultatkontrakter/ny")
	form := `form[action="/resultatkontrakter/ny"]`
	comm.typeInto(form+` input[name="title"]`, "Job til udsatte ledige i Aarhus")
	comm.choose(form+` select[name="target_group"]`, "udsatte_ledige")
	comm.typeInto(form+` input[name="org_q"]`, "Grøn Vej")
	comm.submitOK(form + ` button[value="search"]`)
	comm.choose(form+` select[name="provider_id"]`, itoa(sov.ID))
	comm.setValue(form+` input[name="period_start"]`, iso(first))
	comm.setValue(form+` input[name="period_end"]`, iso(first.AddDate(2, 0, -1)))
	comm.typeInto(form+` input[name="cap"]`, "1.000.000")
	comm.typeInto(form+` input[name="cohort_target"]`, "20")
	comm.choose(form+` select[name="statement_period"]`, "month")
	for i, o := range []struct{ code, desc, evidence, price, requires string }{
		{"JOB_START", "Start i ordinært job", "Ansættelseskontrakt", "15.000", ""},
		{"JOB13", "Ordinært job i 13 sammenhængende uger", "Lønsedler for 13 uger", "25.000", "JOB_START"},
	} {
		row := form + ` [name="outcomes.` + itoa(int64(i)) + `.`
		comm.typeInto(row+`code"]`, o.code)
		comm.typeInto(row+`description"]`, o.desc)
		comm.setValue(row+`evidence"]`, o.evidence)
		comm.typeInto(row+`price"]`, o.price)
		comm.typeInto(row+`per_participant_limit"]`, "1")
		if o.requires != "" {
			comm.typeInto(row+`requires"]`, o.requires)
		}
		comm.typeInto(row+`window_days"]`, "365")
	}
	comm.axe("/resultatkontrakter/ny")
	comm.submitOK(form + ` button[value="save"]`)
	page := comm.location().Path
	if !regexp.MustCompile(`^/resultatkontrakter/\d+$`).MatchString(page) {
		comm.fail("after saving the draft, the browser is at %s", page)
	}
	comm.wantText("Job til udsatte ledige i Aarhus", "JOB13", "Grøn Vej Socialøkonomi")
	comm.axe(page)

	// Both parties approve it behind the confirmation page.
	for i, h := range []*harness{comm, prov} {
		h.open(page)
		h.submitOK(`a[href="` + page + `/godkend"]`)
		if i == 0 {
			h.axe(page + "/godkend")
		}
		h.submitOK(`form[action="` + page + `/godkend"] button[type="submit"]`)
	}
	prov.wantText("aktiv")

	// The provider enrols a participant and claims both outcomes.
	prov.open(page + "/deltagere")
	enrol := `form[action="` + page + `/deltagere"]`
	prov.typeInto(enrol+` input[name="pseudonym"]`, "D-0142")
	prov.setValue(enrol+` input[name="enrolled_on"]`, iso(first.AddDate(0, 0, 1)))
	prov.submitOK(enrol + ` button[value="enrol"]`)
	prov.wantText("D-0142")
	claim := `form[action="` + page + `/anmeldelser/ny"]`
	for _, c := range []struct {
		outcome string
		day     int
		ref     string
	}{{"JOB_START", 4, "Ansættelseskontrakt af " + danish(first.AddDate(0, 0, 4))}, {"JOB13", 20, "Lønsedler uge 1–13"}} {
		prov.open(page + "/anmeldelser/ny")
		prov.choose(claim+` select[name="participant"]`, "D-0142")
		prov.choose(claim+` select[name="outcome"]`, c.outcome)
		prov.setValue(claim+` input[name="achieved_on"]`, iso(first.AddDate(0, 0, c.day)))
		prov.typeInto(claim+` input[name="evidence_ref"]`, c.ref)
		if c.outcome == "JOB_START" {
			prov.axe(page + "/anmeldelser/ny")
		}
		prov.submitOK(claim + ` button[type="submit"]`)
		prov.wantText("Anmeldelsen er modtaget", c.outcome, "Afventer")
	}
	prov.wantText("25.000,00 kr.", "Betales fuldt")
	prov.axe(page + "/anmeldelser/{cid}")

	// The commissioner approves both claims at once.
	comm.open(page + "/anmeldelser")
	comm.axe(page + "/anmeldelser")
	for _, sel := range []string{`tbody tr:nth-child(1) input[name="ids"]`, `tbody tr:nth-child(2) input[name="ids"]`} {
		if !comm.exists(sel + `:checked`) {
			comm.check(sel)
		}
	}
	comm.check(`input[name="decision"][value="approved"]`)
	comm.submitOK(`form[action^="` + page + `/anmeldelser"] fieldset button[type="submit"]`)
	comm.wantText("Anmeldelserne er godkendt")
	if strings.Contains(comm.text("table.pbr-claims tbody"), "Afventer") {
		comm.fail("a claim is still pending after the bulk approval")
	}

	// The first monthly statement: prepared, then approved by both.
	comm.open(page + "/opgoerelser")
	comm.submitOK(`form[action="` + page + `/opgoerelser"] button[type="submit"]`)
	stmt := comm.location().Path
	if !regexp.MustCompile(`/opgoerelser/\d+$`).MatchString(stmt) {
		comm.fail("after preparing, the browser is at %s", stmt)
	}
	comm.wantText("Opgørelse 1", "D-0142", "40.000,00 kr.", "Grøn Vej Socialøkonomi")
	comm.axe(stmt)
	for _, h := range []*harness{comm, prov} {
		h.open(stmt)
		h.submitOK(`a[href="` + stmt + `/godkend"]`)
		if h == prov {
			h.axe(stmt + "/godkend")
		}
		h.submitOK(`form[action="` + stmt + `/godkend"] button[type="submit"]`)
		h.wantText("Din godkendelse er gemt")
	}
	prov.wantText("ændres ikke")

	// The dashboard shows what was paid.
	comm.open(page + "/overblik")
	if got := comm.text("#pbr-paid"); !strings.Contains(got, "40.000") {
		comm.fail("the dashboard shows %q paid, want 40.000 kr.", got)
	}
	comm.axe(page + "/overblik")
}
