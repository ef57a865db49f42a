package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

func init() {
	// The outcome contract routes act on contracts in a given status with
	// sides of their own, which the shared rights table's scenes do not
	// have; TestPbrRights walks every role through each of them instead.
	for _, route := range pbrWriteRoutes {
		if _, ok := publicWriteRoutes[route]; !ok {
			publicWriteRoutes[route] = "outcome contracts (W1); TestPbrRights walks every role"
		}
	}
}

// pbrWriteRoutes are W1's POST routes, as registered.
var pbrWriteRoutes = []string{
	"POST /resultatkontrakter/ny", "POST /resultatkontrakter/{id}/rediger", "POST /resultatkontrakter/{id}/godkend",
	"POST /resultatkontrakter/{id}/slet", "POST /resultatkontrakter/{id}/afslut", "POST /resultatkontrakter/{id}/tillaeg",
	"POST /resultatkontrakter/{id}/tillaeg/{aid}/godkend", "POST /resultatkontrakter/{id}/tillaeg/{aid}/traek-tilbage",
	"POST /resultatkontrakter/{id}/deltagere", "POST /resultatkontrakter/{id}/deltagere/upload",
	"POST /resultatkontrakter/{id}/deltagere/upload/{token}",
}

// In the outcome contract tests the world's buyer municipality is the
// commissioner, its SØV the provider and its company the investor; the
// other municipality's member is a stranger to the contract.
const (
	pbrComm     = tbBuyer
	pbrProv     = tbSOV
	pbrInv      = tbFirm
	pbrStranger = tbOtherK
)

// pbrDay is a date at midnight UTC, the way the domain keeps dates.
func pbrDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// pbrTerms is a small valid rate card: a job start and a job kept 13
// weeks, which requires the start.
func pbrTerms(start, end time.Time) samspil.ContractTerms {
	window := 365
	return samspil.ContractTerms{PeriodStart: start, PeriodEnd: end, CapOre: 100_000_000, CohortTarget: 40,
		StatementPeriod: samspil.PeriodQuarter, DeadweightPct: 20,
		Outcomes: []samspil.Outcome{
			{Code: "JOB_START", Description: "Start i ordinært job", Evidence: "Ansættelseskontrakt", PriceOre: 1_500_000,
				PerParticipantLimit: 1, Requires: []string{}, WindowDays: &window, TargetCount: 20, Savings: []samspil.OutcomeSaving{}},
			{Code: "JOB13", Description: "Ordinær beskæftigelse i 13 sammenhængende uger", Evidence: "Lønsedler for 13 uger",
				PriceOre: 3_000_000, PerParticipantLimit: 1, Requires: []string{"JOB_START"}, TargetCount: 12, Savings: []samspil.OutcomeSaving{}},
		}}
}

// pbrContract stores a contract between the world's parties: a draft, or
// approved by both sides (active). The period runs over the world's now
// unless past is set, when it ended before it.
func (w *tbWorld) pbrContract(title string, active, past bool) *samspil.OutcomeContract {
	w.t.Helper()
	ctx := context.Background()
	start, end := pbrDay(2026, 10, 1), pbrDay(2028, 9, 30)
	if past {
		start, end = pbrDay(2025, 1, 1), pbrDay(2026, 6, 30)
	}
	inv := w.firm.ID
	c := &samspil.OutcomeContract{Title: title, Summary: "Job til ledige i **Vejle**.", TargetGroup: samspil.DefaultTargetGroups[0].Code,
		CommissionerID: w.buyer.ID, ProviderID: w.sov.ID, InvestorID: &inv, ContractTerms: pbrTerms(start, end)}
	if err := w.store.CreateOutcomeContract(ctx, c); err != nil {
		w.t.Fatal(err)
	}
	if active {
		for _, sd := range []samspil.ContractSide{samspil.SideCommissioner, samspil.SideProvider} {
			cur, err := w.store.FindOutcomeContractByID(ctx, c.ID)
			if err != nil {
				w.t.Fatal(err)
			}
			if _, err := w.store.ApproveOutcomeContract(ctx, c.ID, sd, cur.Version); err != nil {
				w.t.Fatal(err)
			}
		}
	}
	got, err := w.store.FindOutcomeContractByID(ctx, c.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return got
}

// pbrAmendment proposes a change of c's cap for side.
func (w *tbWorld) pbrAmendment(c *samspil.OutcomeContract, side samspil.ContractSide) *samspil.ContractAmendment {
	w.t.Helper()
	terms := c.ContractTerms
	terms.Outcomes = append([]samspil.Outcome(nil), c.Outcomes...)
	terms.CapOre += 10_000_000
	a := &samspil.ContractAmendment{ContractID: c.ID, Note: "Flere deltagere end ventet.", Terms: terms, ProposedBySide: side}
	if err := w.store.ProposeAmendment(context.Background(), a); err != nil {
		w.t.Fatal(err)
	}
	return a
}

// TestPbrReadRights walks every page of W1 with every role: a contract is
// a missing page for strangers, a sign-in for visitors; investors and
// platform admins see terms but not participants, and only the sides
// that act get the action pages.
func TestPbrReadRights(t *testing.T) {
	w := newTbWorld(t)
	draft := w.pbrContract("Kladde", false, false)
	active := w.pbrContract("Aktiv", true, false)
	ended := w.pbrContract("Udløbet", true, true)
	amend := w.pbrAmendment(active, samspil.SideCommissioner)
	const (
		ok       = http.StatusOK
		hidden   = http.StatusNotFound
		refused  = http.StatusForbidden
		signIn   = http.StatusSeeOther
		conflict = http.StatusConflict
	)
	// roles: commissioner, provider, investor, platform admin, stranger
	// (anonymous always signs in).
	want := func(comm, prov, inv, platform, stranger int) map[string]int {
		return map[string]int{tbAnon: signIn, pbrComm: comm, pbrProv: prov, pbrInv: inv, tbPlatform: platform, pbrStranger: stranger}
	}
	d := func(sub string) string { return pbrPath(draft.ID, sub) }
	a := func(sub string) string { return pbrPath(active.ID, sub) }
	aid := "/tillaeg/" + idStr(amend.ID)
	for _, row := range []struct {
		path string
		want map[string]int
	}{
		{"/resultatkontrakter", want(ok, ok, ok, ok, ok)},
		{"/resultatkontrakter/ny", want(ok, refused, refused, refused, ok)},
		{d(""), want(ok, ok, ok, ok, hidden)},
		{a(""), want(ok, ok, ok, ok, hidden)},
		{d("/rediger"), want(ok, refused, refused, refused, hidden)},
		{a("/rediger"), want(conflict, refused, refused, refused, hidden)},
		{d("/godkend"), want(ok, ok, refused, refused, hidden)},
		{a("/godkend"), want(conflict, conflict, refused, refused, hidden)},
		{d("/slet"), want(ok, refused, refused, refused, hidden)},
		{a("/slet"), want(conflict, refused, refused, refused, hidden)},
		{a("/afslut"), want(ok, refused, refused, refused, hidden)},
		{pbrPath(ended.ID, "/afslut"), want(ok, refused, refused, refused, hidden)},
		{d("/afslut"), want(conflict, refused, refused, refused, hidden)},
		{a("/tillaeg"), want(ok, ok, ok, ok, hidden)},
		{a(aid + "/godkend"), want(conflict, ok, refused, refused, hidden)},
		{a(aid + "/traek-tilbage"), want(ok, ok, refused, refused, hidden)},
		{a("/tillaeg/999999/godkend"), want(hidden, hidden, refused, refused, hidden)},
		{a("/deltagere"), want(ok, ok, refused, refused, hidden)},
		{d("/deltagere"), want(ok, ok, refused, refused, hidden)},
		{"/resultatkontrakter/999999", want(hidden, hidden, hidden, hidden, hidden)},
		{"/resultatkontrakter/abc", want(hidden, hidden, hidden, hidden, hidden)},
	} {
		for _, role := range tbRoles {
			if got := w.get(w.clients[role], row.path); got.status != row.want[role] {
				t.Errorf("GET %s as %s: %d, want %d\n%s", row.path, role, got.status, row.want[role], short(got.body))
			}
		}
	}
}

// pbrUploadToken uploads a good enrolment file to c as the provider and
// returns the preview's token.
func (w *tbWorld) pbrUploadToken(c *samspil.OutcomeContract) string {
	w.t.Helper()
	body, ctype := multipartBody(w.t, nil, "file", "deltagere.csv", []byte("pseudonym,enrolled_on\nD-1,2027-01-04\nD-2,2027-01-05\n"))
	r := w.send(w.clients[pbrProv], "POST", pbrPath(c.ID, "/deltagere/upload"), ctype, body.Bytes())
	if r.status != http.StatusOK {
		w.t.Fatalf("upload: %d\n%s", r.status, short(r.body))
	}
	m := regexp.MustCompile(`/deltagere/upload/([0-9a-f]{32})`).FindStringSubmatch(r.body)
	if m == nil {
		w.t.Fatalf("upload: no token in the preview\n%s", short(r.body))
	}
	return m[1]
}

// TestPbrRights walks every write route of W1 with every role, each
// request on fresh data: the sides the rule lets act get their change
// (303), visitors are asked to sign in (401), everybody else is refused
// (403) with nothing written; a side that may act but whose step is not
// due gets 409.
func TestPbrRights(t *testing.T) {
	w := newTbWorld(t)
	type fixture struct {
		c     *samspil.OutcomeContract
		a     *samspil.ContractAmendment
		token string
	}
	const (
		done     = http.StatusSeeOther
		shown    = http.StatusOK // a page that writes nothing (the upload's preview)
		refused  = http.StatusForbidden
		conflict = http.StatusConflict
	)
	want := func(comm, prov, inv, platform, stranger int) map[string]int {
		return map[string]int{tbAnon: http.StatusUnauthorized, pbrComm: comm, pbrProv: prov, pbrInv: inv, tbPlatform: platform, pbrStranger: stranger}
	}
	draft := func() fixture { return fixture{c: w.pbrContract("Kladde", false, false)} }
	active := func() fixture { return fixture{c: w.pbrContract("Aktiv", true, false)} }
	ended := func() fixture { return fixture{c: w.pbrContract("Udløbet", true, true)} }
	byProvider := func() fixture {
		f := active()
		f.a = w.pbrAmendment(f.c, samspil.SideProvider)
		return f
	}
	uploaded := func() fixture {
		f := active()
		f.token = w.pbrUploadToken(f.c)
		return f
	}
	sub := func(s string) func(f fixture) string { return func(f fixture) string { return pbrPath(f.c.ID, s) } }
	amendSub := func(s string) func(f fixture) string {
		return func(f fixture) string { return pbrPath(f.c.ID, "/tillaeg/"+idStr(f.a.ID)+s) }
	}
	formOf := func(f fixture, extra url.Values) url.Values {
		v := pbrFormValues(f.c)
		v.Set("action", "save")
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	rows := []struct {
		pattern string
		setup   func() fixture
		path    func(f fixture) string
		form    func(f fixture) url.Values
		upload  bool
		want    map[string]int
	}{
		{"POST /resultatkontrakter/ny", draft, func(fixture) string { return "/resultatkontrakter/ny" },
			func(f fixture) url.Values { return formOf(f, url.Values{"title": {"Ny kontrakt"}}) }, false, want(done, refused, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/rediger", draft, sub("/rediger"),
			func(f fixture) url.Values { return formOf(f, url.Values{"title": {"Ændret titel"}}) }, false, want(done, refused, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/godkend", draft, sub("/godkend"),
			func(f fixture) url.Values {
				return url.Values{"confirm": {"yes"}, "version": {idStr(int64(f.c.Version))}}
			}, false,
			want(done, done, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/slet", draft, sub("/slet"), func(fixture) url.Values { return confirmYes }, false,
			want(done, refused, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/afslut", ended, sub("/afslut"), func(fixture) url.Values { return confirmYes }, false,
			want(done, refused, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/tillaeg", active, sub("/tillaeg"),
			func(f fixture) url.Values {
				v := url.Values{}
				pbrTermsValues(v, &f.c.ContractTerms)
				v.Set("cap", "1.200.000")
				v.Set("note", "Flere deltagere.")
				v.Set("action", "propose")
				return v
			}, false, want(done, done, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/tillaeg/{aid}/godkend", byProvider, amendSub("/godkend"), func(fixture) url.Values { return confirmYes }, false,
			want(done, conflict, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/tillaeg/{aid}/traek-tilbage", byProvider, amendSub("/traek-tilbage"), func(fixture) url.Values { return confirmYes }, false,
			want(done, done, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/deltagere", active, sub("/deltagere"),
			func(fixture) url.Values { return url.Values{"pseudonym": {"D-0042"}, "enrolled_on": {"2027-01-04"}} }, false,
			want(refused, done, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/deltagere/upload", active, sub("/deltagere/upload"), nil, true,
			want(refused, shown, refused, refused, refused)},
		{"POST /resultatkontrakter/{id}/deltagere/upload/{token}", uploaded,
			func(f fixture) string { return pbrPath(f.c.ID, "/deltagere/upload/"+f.token) }, func(fixture) url.Values { return confirmYes }, false,
			want(refused, done, refused, refused, refused)},
	}
	covered := map[string]bool{}
	for _, rw := range rows {
		covered[rw.pattern] = true
		for _, role := range tbRoles {
			t.Run(rw.pattern+"/"+role, func(t *testing.T) {
				w.t = t
				f := rw.setup()
				path := rw.path(f)
				before := w.fingerprint()
				var r resp
				if rw.upload {
					body, ctype := multipartBody(t, nil, "file", "deltagere.csv", []byte("pseudonym,enrolled_on\nD-9,2027-01-04\n"))
					r = w.send(w.clients[role], "POST", path, ctype, bytes.Clone(body.Bytes()))
				} else {
					r = w.post(w.clients[role], path, rw.form(f))
				}
				changed := w.fingerprint() != before
				wantStatus := rw.want[role]
				if r.status != wantStatus {
					t.Errorf("%s as %s: status %d, want %d\n%s", path, role, r.status, wantStatus, short(r.body))
				}
				if (wantStatus == done) != changed {
					t.Errorf("%s as %s: status %d, changed %v", path, role, r.status, changed)
				}
			})
		}
	}
	for _, p := range pbrWriteRoutes {
		if !covered[p] {
			t.Errorf("route %s has no row", p)
		}
	}
}
