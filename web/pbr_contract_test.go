package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// pbrFormOK is a complete, valid contract form as the commissioner types
// it: Danish amounts with øre, Danish dates, a prerequisite, an empty
// window and a saving link.
func (w *tbWorld) pbrFormOK() url.Values {
	return url.Values{
		"title": {"Job til udsatte ledige i Vejle"}, "summary": {"Et **resultatbaseret** forløb."}, "target_group": {"udsatte_ledige"},
		"commissioner_id": {idStr(w.buyer.ID)}, "provider_id": {idStr(w.sov.ID)}, "investor_id": {idStr(w.firm.ID)},
		"period_start": {"1.1.2027"}, "period_end": {"2028-12-31"}, "cap": {"2.500.000,50"}, "cohort_target": {"40"},
		"statement_period": {"quarter"}, "deadweight_pct": {"20"},
		"outcomes.0.code": {"job_start"}, "outcomes.0.description": {"Start i ordinært job"}, "outcomes.0.evidence": {"Ansættelseskontrakt"},
		"outcomes.0.price": {"15.000,25"}, "outcomes.0.per_participant_limit": {"1"}, "outcomes.0.window_days": {"365"},
		"outcomes.0.target_count": {"20"}, "outcomes.0.savings.0.unit_price_code": {"KONTANTHJAELP_AAR"}, "outcomes.0.savings.0.months": {"6"},
		// Row 1 is left empty: row 2 must keep its own number in errors.
		"outcomes.2.code": {"JOB13"}, "outcomes.2.description": {"13 uger i job"}, "outcomes.2.evidence": {"Lønsedler"},
		"outcomes.2.price": {"30.000"}, "outcomes.2.requires": {"JOB_START"}, "outcomes.2.cap_count": {"15"},
		"action": {"save"},
	}
}

// pbrCreated finds the contract the last create redirected to.
func (w *tbWorld) pbrCreated(r resp) *samspil.OutcomeContract {
	w.t.Helper()
	if r.status != http.StatusSeeOther {
		w.t.Fatalf("create: %d\n%s", r.status, short(r.body))
	}
	loc := r.header.Get("Location")
	id := strings.TrimPrefix(loc, "/resultatkontrakter/")
	c, err := w.store.FindOutcomeContractByID(context.Background(), mustInt64(w.t, id))
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func mustInt64(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(r-'0')
	}
	return n
}

// TestPbrContractForm drafts a contract through the form: errors of the
// rate card next to their row (also when an empty row lies between), one
// more row without JavaScript, exact øre from Danish kroner, the
// optimistic save that keeps what was typed, and both approvals.
func TestPbrContractForm(t *testing.T) {
	w := newTbWorld(t)
	comm := w.clients[pbrComm]

	// Every problem at once, named after the form's fields.
	bad := w.pbrFormOK()
	bad.Set("outcomes.2.price", "-5")
	bad.Set("outcomes.2.requires", "NOPE")
	bad.Set("outcomes.0.code", "job start")
	bad.Set("cap", "")
	r := w.post(comm, "/resultatkontrakter/ny", bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, `href="#field-outcomes-2-price"`, `href="#field-outcomes-2-requires"`, `href="#field-outcomes-0-code"`,
		`href="#field-cap"`, `id="field-outcomes-2-price-error"`, `value="job start"`)

	// "Add an outcome row" shows one more row and judges nothing.
	more := w.pbrFormOK()
	more.Set("action", "rows")
	more.Set("outcome_rows", "4")
	r = w.post(comm, "/resultatkontrakter/ny", more)
	if r.status != http.StatusOK || !strings.Contains(r.body, `name="outcomes.4.code"`) || strings.Contains(r.body, `name="outcomes.5.code"`) {
		t.Fatalf("add row: %d, want row 4 and no row 5\n%s", r.status, short(r.body))
	}

	c := w.pbrCreated(w.post(comm, "/resultatkontrakter/ny", w.pbrFormOK()))
	if c.CapOre != 250_000_050 || len(c.Outcomes) != 2 || c.Outcomes[0].PriceOre != 1_500_025 || c.Outcomes[0].Code != "JOB_START" {
		t.Fatalf("stored: cap %d, outcomes %+v", c.CapOre, c.Outcomes)
	}
	o := c.Outcomes[1]
	if o.WindowDays != nil || o.CapCount == nil || *o.CapCount != 15 || len(o.Requires) != 1 || o.PerParticipantLimit != 1 {
		t.Fatalf("second outcome: %+v", o)
	}
	if s := c.Outcomes[0].Savings; len(s) != 1 || s[0].Months != 6 {
		t.Fatalf("savings: %+v", s)
	}
	if c.PeriodStart != pbrDay(2027, 1, 1) || c.Status != samspil.ContractDraft || c.InvestorID == nil || *c.InvestorID != w.firm.ID {
		t.Fatalf("period %v, status %s, investor %v", c.PeriodStart, c.Status, c.InvestorID)
	}
	page := w.get(comm, pbrPath(c.ID, ""))
	mustContain(t, page.body, "15.000,25 kr.", "2.500.000,50 kr.", "JOB_START", "<strong>resultatbaseret</strong>")

	// The form shows the draft as stored and saves it back unchanged.
	edit := pbrFormValues(c)
	edit.Set("action", "save")
	edit.Set("title", "Ny titel")
	if r := w.post(comm, pbrPath(c.ID, "/rediger"), edit); r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.status, short(r.body))
	}
	// Saving from the old version is a conflict that keeps the typing.
	edit.Set("title", "Min udgave")
	r = w.post(comm, pbrPath(c.ID, "/rediger"), edit)
	if r.status != http.StatusConflict {
		t.Fatalf("stale edit: %d\n%s", r.status, short(r.body))
	}
	cur, _ := w.store.FindOutcomeContractByID(context.Background(), c.ID)
	mustContain(t, r.body, `value="Min udgave"`, `name="version" value="`+idStr(int64(cur.Version))+`"`)

	// Approval: the page shows the version; both sides make it active.
	r = w.get(comm, pbrPath(c.ID, "/godkend"))
	mustContain(t, r.body, "version "+idStr(int64(cur.Version)), "JOB13")
	if r := w.post(comm, pbrPath(c.ID, "/godkend"), url.Values{"confirm": {"yes"}, "version": {idStr(int64(cur.Version - 1))}}); r.status != http.StatusConflict {
		t.Fatalf("approve an old version: %d\n%s", r.status, short(r.body))
	}
	for _, role := range []string{pbrComm, pbrProv} {
		if r := w.post(w.clients[role], pbrPath(c.ID, "/godkend"), url.Values{"confirm": {"yes"}, "version": {idStr(int64(cur.Version))}}); r.status != http.StatusSeeOther {
			t.Fatalf("approve as %s: %d\n%s", role, r.status, short(r.body))
		}
	}
	page = w.get(w.clients[pbrProv], pbrPath(c.ID, ""))
	mustContain(t, page.body, "Aktiv", "/deltagere", "/anmeldelser", "/opgoerelser", "/overblik", "/tillaeg")
	// The investor sees the terms but no link to participants.
	inv := w.get(w.clients[pbrInv], pbrPath(c.ID, ""))
	if inv.status != http.StatusOK || strings.Contains(inv.body, "/deltagere") {
		t.Fatalf("investor page: %d, links to participants: %v", inv.status, strings.Contains(inv.body, "/deltagere"))
	}
	// The dashboard lists the contract.
	mustContain(t, w.get(comm, "/overblik").body, "Ny titel", "/resultatkontrakter/"+idStr(c.ID))
}

// TestPbrBothSides: a person in both the commissioner and the provider
// chooses the side they approve for.
func TestPbrBothSides(t *testing.T) {
	w := newTbWorld(t)
	c := w.pbrContract("Begge sider", false, false)
	w.member(w.users[pbrComm], w.sov, samspil.RoleMember, samspil.MembershipActive)
	comm := w.clients[pbrComm]
	r := w.get(comm, pbrPath(c.ID, "/godkend"))
	mustContain(t, r.body, `name="side" value="commissioner"`, `name="side" value="provider"`)
	r = w.post(comm, pbrPath(c.ID, "/godkend"), url.Values{"confirm": {"yes"}, "version": {idStr(int64(c.Version))}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("no side: %d", r.status)
	}
	r = w.post(comm, pbrPath(c.ID, "/godkend"), url.Values{"confirm": {"yes"}, "version": {idStr(int64(c.Version))}, "side": {"provider"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("as provider: %d\n%s", r.status, short(r.body))
	}
	got, _ := w.store.FindOutcomeContractByID(context.Background(), c.ID)
	if got.ProviderApprovedAt == nil || got.CommissionerApprovedAt != nil {
		t.Fatalf("approvals: commissioner %v, provider %v", got.CommissionerApprovedAt, got.ProviderApprovedAt)
	}
}

// TestPbrAmendmentFlow proposes an amendment (note required), shows what
// changes in words, and approves it from the other side.
func TestPbrAmendmentFlow(t *testing.T) {
	w := newTbWorld(t)
	c := w.pbrContract("Med tillæg", true, false)
	prov := w.clients[pbrProv]
	r := w.get(prov, pbrPath(c.ID, "/tillaeg"))
	mustContain(t, r.body, `value="1.000.000"`, `name="outcomes.1.requires" type="text" value="JOB_START"`)
	v := url.Values{}
	pbrTermsValues(v, &c.ContractTerms)
	v.Set("cap", "1.200.000")
	v.Set("outcomes.1.price", "35.000")
	v.Set("outcomes.0.code", "")
	v.Set("outcomes.0.description", "")
	v.Set("outcomes.0.evidence", "")
	v.Set("outcomes.0.price", "")
	v.Set("outcomes.0.per_participant_limit", "")
	v.Set("outcomes.0.window_days", "")
	v.Set("outcomes.0.target_count", "")
	v.Set("outcomes.1.requires", "")
	v.Set("action", "propose")
	r = w.post(prov, pbrPath(c.ID, "/tillaeg"), v)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("no note: %d", r.status)
	}
	mustContain(t, r.body, `href="#field-note"`)
	v.Set("note", "Højere loft og pris.")
	if r := w.post(prov, pbrPath(c.ID, "/tillaeg"), v); r.status != http.StatusSeeOther {
		t.Fatalf("propose: %d\n%s", r.status, short(r.body))
	}
	r = w.get(w.clients[pbrComm], pbrPath(c.ID, "/tillaeg"))
	mustContain(t, r.body, "Ændret", "Fjernet", "Resultat JOB_START", "1.200.000 kr.", "35.000 kr.", "Foreslået")
	as, err := w.store.FindAmendments(context.Background(), c.ID)
	if err != nil || len(as) != 1 {
		t.Fatalf("amendments: %v %v", as, err)
	}
	path := pbrPath(c.ID, "/tillaeg/"+idStr(as[0].ID)+"/godkend")
	if r := w.post(w.clients[pbrComm], path, confirmYes); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", r.status, short(r.body))
	}
	got, _ := w.store.FindOutcomeContractByID(context.Background(), c.ID)
	if got.CapOre != 120_000_000 || got.Amendment != 1 || len(got.Outcomes) != 1 {
		t.Fatalf("after the amendment: cap %d, amendment %d, outcomes %d", got.CapOre, got.Amendment, len(got.Outcomes))
	}
}

// TestPbrParticipants enrols by form (a CPR-like pseudonym refused and
// never echoed) and by file: every bad line reported, nothing written
// until the file is right, then all at once; a file over the limit is 413.
func TestPbrParticipants(t *testing.T) {
	w := newTbWorld(t)
	c := w.pbrContract("Deltagere", true, false)
	prov := w.clients[pbrProv]
	r := w.post(prov, pbrPath(c.ID, "/deltagere"), url.Values{"pseudonym": {"010190-1234"}, "enrolled_on": {"4.1.2027"}})
	if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, "010190-1234") {
		t.Fatalf("CPR pseudonym: %d, echoed %v", r.status, strings.Contains(r.body, "010190-1234"))
	}
	mustContain(t, r.body, "CPR-nummer")
	r = w.post(prov, pbrPath(c.ID, "/deltagere"), url.Values{"pseudonym": {"D-0001"}, "enrolled_on": {"4.1.2027"}, "age_band": {"25-29"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("enrol: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, w.get(prov, pbrPath(c.ID, "/deltagere")).body, "D-0001", "25-29 år", "1 deltagere")

	before := w.fingerprint()
	file := "pseudonym,enrolled_on,age_band\nD-0002,2027-01-05,30-39\n0101901234,2027-01-05,\nD-0004,2027-02-20,\nD-0005,2027-01-06,99-100\nD-0001,2027-01-06,\nD-0002,2027-01-07,\n"
	body, ctype := multipartBody(t, nil, "file", "deltagere.csv", []byte(file))
	r = w.send(prov, "POST", pbrPath(c.ID, "/deltagere/upload"), ctype, body.Bytes())
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d\n%s", r.status, short(r.body))
	}
	for _, line := range []string{">3</th>", ">4</th>", ">5</th>", ">7</th>", "også på linje 2"} {
		mustContain(t, r.body, line)
	}
	if strings.Contains(r.body, "0101901234") {
		t.Error("the preview repeats a CPR number")
	}
	if w.fingerprint() != before {
		t.Fatal("a bad file wrote something")
	}

	good := "pseudonym;enrolled_on\nD-0002;2027-01-05\nD-0003;05-01-2027\n"
	body, ctype = multipartBody(t, nil, "file", "deltagere.csv", []byte(good))
	r = w.send(prov, "POST", pbrPath(c.ID, "/deltagere/upload"), ctype, body.Bytes())
	if r.status != http.StatusOK {
		t.Fatalf("good file: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, "Indskriv alle 2")
	token := r.body[strings.Index(r.body, "/deltagere/upload/")+len("/deltagere/upload/"):][:32]
	if r := w.post(prov, pbrPath(c.ID, "/deltagere/upload/"+token), confirmYes); r.status != http.StatusSeeOther {
		t.Fatalf("commit: %d\n%s", r.status, short(r.body))
	}
	if _, n, _ := w.store.FindParticipants(context.Background(), samspil.ParticipantFilter{ContractID: c.ID, Limit: 10}); n != 3 {
		t.Fatalf("participants: %d, want 3", n)
	}
	// The same token again: the file is gone.
	if r := w.post(prov, pbrPath(c.ID, "/deltagere/upload/"+token), confirmYes); r.status != http.StatusNotFound {
		t.Fatalf("second commit: %d", r.status)
	}

	saved := pbrUploadMax
	pbrUploadMax = 64
	t.Cleanup(func() { pbrUploadMax = saved })
	body, ctype = multipartBody(t, nil, "file", "stor.csv", []byte("pseudonym,enrolled_on\n"+strings.Repeat("D-9999,2027-01-05\n", 20)))
	r = w.send(prov, "POST", pbrPath(c.ID, "/deltagere/upload"), ctype, body.Bytes())
	if r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("large file: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, "for stor")
}

// TestPbrPagesInEnglish shows every W1 page in English and Danish: each
// answers 200 and no text is left as a raw key.
func TestPbrPagesInEnglish(t *testing.T) {
	w := newTbWorld(t)
	draft := w.pbrContract("Kladde", false, false)
	active := w.pbrContract("Aktiv", true, false)
	a := w.pbrAmendment(active, samspil.SideProvider)
	if err := w.store.EnrolParticipants(context.Background(), active.ID, []*samspil.Participant{{Pseudonym: "D-1", EnrolledOn: pbrDay(2027, 1, 4), BenefitType: "kontanthjaelp"}}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/resultatkontrakter", "/resultatkontrakter/ny", pbrPath(draft.ID, ""), pbrPath(draft.ID, "/rediger"),
		pbrPath(draft.ID, "/godkend"), pbrPath(draft.ID, "/slet"), pbrPath(active.ID, ""), pbrPath(active.ID, "/tillaeg"),
		pbrPath(active.ID, "/tillaeg/"+idStr(a.ID)+"/godkend"), pbrPath(active.ID, "/tillaeg/"+idStr(a.ID)+"/traek-tilbage"),
		pbrPath(active.ID, "/deltagere"), pbrPath(active.ID, "/afslut"), "/overblik"} {
		for _, lang := range []string{"en", "da"} {
			r := w.get(w.clients[pbrComm], path+"?lang="+lang)
			if r.status != http.StatusOK || strings.Contains(r.body, "pbrc.") {
				i := strings.Index(r.body, "pbrc.")
				t.Errorf("%s in %s: %d, raw key at %d: %s", path, lang, r.status, i, r.body[max(0, i-40):min(len(r.body), i+60)])
			}
		}
	}
	mustContain(t, w.get(w.clients[pbrComm], pbrPath(active.ID, "/deltagere?lang=en")).body, "Social assistance", "Enrolled participants")
}
