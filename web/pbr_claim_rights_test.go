package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/blob"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// The roles of the claim and statement pages.
const (
	pcAnon      = "anonymous"
	pcOther     = "unrelated org member"
	pcComm      = "commissioner member"
	pcProv      = "provider member"
	pcInvestor  = "investor member"
	pcPlatform  = "platform admin"
	pcBothSides = "member of both parties" // not in pcRoles: the side choice
)

var pcRoles = []string{pcAnon, pcOther, pcComm, pcProv, pcInvestor, pcPlatform}

// The claim and statement POST routes carry contract fixtures and, for
// the upload, a multipart body and a token bound to one person, which the
// shared rights table cannot stand in for: TestPbrClaimRights walks every
// role through each of them.
var pbrClaimWriteRoutes = []string{
	"POST /resultatkontrakter/{id}/anmeldelser", "POST /resultatkontrakter/{id}/anmeldelser/ny",
	"POST /resultatkontrakter/{id}/anmeldelser/upload", "POST /resultatkontrakter/{id}/anmeldelser/upload/{token}",
	"POST /resultatkontrakter/{id}/anmeldelser/{cid}", "POST /resultatkontrakter/{id}/opgoerelser",
	"POST /resultatkontrakter/{id}/opgoerelser/{sid}/godkend",
}

func init() {
	for _, p := range pbrClaimWriteRoutes {
		publicWriteRoutes[p] = "outcome claims and statements; TestPbrClaimRights walks every role"
	}
}

// pcNow is the claim tests' fixed "now": the contract started on 1
// January 2027, so the months January to May have ended.
var pcNow = time.Date(2027, 6, 15, 10, 0, 0, 0, time.UTC)

// pcWorld is a server on a fixed clock with a commissioning municipality,
// a provider, an investor and an unrelated organisation, one signed-in
// client per role and a blob folder for evidence.
type pcWorld struct {
	*orgEnv
	clients                     map[string]*http.Client
	users                       map[string]*samspil.User
	comm, prov, investor, other *samspil.Organisation
	commCtx, provCtx            context.Context
}

func newPcWorld(t *testing.T) *pcWorld {
	t.Helper()
	w := &pcWorld{clients: map[string]*http.Client{}, users: map[string]*samspil.User{}}
	clock := func() time.Time { return pcNow }
	store := testdb.OpenWith(t, testdb.Options(clock))
	smtpSrv := mailtest.Start(t)
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: smtpSrv.Host, Port: smtpSrv.Port, TLS: "none", From: "Samspil <noreply@samspil.test>", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	srv, err := New(Config{Store: store, Blobs: blobs, Mailer: sender, BaseURL: "http://" + ts.Listener.Addr().String(), Logger: testLogger(), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	// The store's clock is not real time: sessions last as long as the test.
	srv.sessions.Lifetime = 100 * 365 * 24 * time.Hour
	srv.sessions.IdleTimeout = 0
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	w.orgEnv = &orgEnv{testEnv: &testEnv{t: t, store: store, smtp: smtpSrv, srv: srv, ts: ts}, clients: w.clients, users: w.users}
	ctx := context.Background()
	if w.comm, err = store.FindMunicipalityOrganisation(ctx, "0751"); err != nil {
		t.Fatal(err)
	}
	w.prov = w.org(&samspil.Organisation{CVR: validCVR(9101), Name: "Grøn Vej Socialøkonomi", Kind: samspil.OrgSOV, MunicipalityCode: "0751"})
	w.investor = w.org(&samspil.Organisation{CVR: validCVR(9102), Name: "Social Kapital Fond", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0101"})
	w.other = w.org(&samspil.Organisation{CVR: validCVR(9103), Name: "Anden Forening", Kind: samspil.OrgSOV, MunicipalityCode: "0101"})
	orgsOf := map[string][]*samspil.Organisation{pcOther: {w.other}, pcComm: {w.comm}, pcProv: {w.prov}, pcInvestor: {w.investor},
		pcBothSides: {w.comm, w.prov}}
	for _, role := range append(append([]string{}, pcRoles...), pcBothSides) {
		c := w.client()
		w.clients[role] = c
		if role == pcAnon {
			continue
		}
		now := time.Now().UTC()
		u := &samspil.User{Email: strings.ReplaceAll(role, " ", "-") + "@claims.test", Name: "Test " + role, PasswordHash: testPasswordHash(),
			EmailConfirmedAt: &now, IsAdmin: role == pcPlatform, Locale: "da"}
		if err := store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		w.users[role] = u
		for _, o := range orgsOf[role] {
			w.member(u, o, samspil.RoleMember, samspil.MembershipActive)
		}
		w.login(c, u.Email, testPassword)
	}
	w.commCtx = samspil.WithActor(ctx, w.users[pcComm].ID)
	w.provCtx = samspil.WithActor(ctx, w.users[pcProv].ID)
	return w
}

// pcDay is a date of 2027.
func pcDay(month time.Month, day int) time.Time {
	return time.Date(2027, month, day, 0, 0, 0, 0, time.UTC)
}

// pcFix is one active contract with two participants and four claims:
// P-01's JOB_START in January (approved) and JOB13 in April (pending),
// P-02's JOB13 in February (pending, missing its prerequisite then) and
// JOB_START in March (pending).
type pcFix struct {
	C         *samspil.OutcomeContract
	Claims    map[string]*samspil.Claim // "P-01 JOB_START" -> claim
	Statement *samspil.Statement        // set by the tests that prepare one
}

// contract stores and activates a contract with the two outcomes of the
// issue, enrols P-01 and P-02 and submits their claims.
func (w *pcWorld) contract(title string) *pcFix {
	w.t.Helper()
	window := 365
	inv := w.investor.ID
	c := &samspil.OutcomeContract{Title: title, Summary: "Job for udsatte ledige.", TargetGroup: "udsatte_ledige",
		CommissionerID: w.comm.ID, ProviderID: w.prov.ID, InvestorID: &inv,
		ContractTerms: samspil.ContractTerms{PeriodStart: pcDay(1, 1), PeriodEnd: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC),
			CapOre: 100_000_00, CohortTarget: 20, StatementPeriod: samspil.PeriodMonth, DeadweightPct: 20,
			Outcomes: []samspil.Outcome{
				{Code: "JOB_START", Description: "Start i ordinært job", Evidence: "Ansættelseskontrakt", PriceOre: 15_000_00,
					PerParticipantLimit: 1, Requires: []string{}, WindowDays: &window, TargetCount: 10},
				{Code: "JOB13", Description: "13 ugers ordinært job", Evidence: "Lønsedler for 13 uger", PriceOre: 25_000_00,
					PerParticipantLimit: 1, Requires: []string{"JOB_START"}, TargetCount: 6},
			}}}
	must := func(err error) {
		w.t.Helper()
		if err != nil {
			w.t.Fatal(err)
		}
	}
	must(w.store.CreateOutcomeContract(w.commCtx, c))
	c, err := w.store.ApproveOutcomeContract(w.commCtx, c.ID, samspil.SideCommissioner, c.Version)
	must(err)
	c, err = w.store.ApproveOutcomeContract(w.provCtx, c.ID, samspil.SideProvider, c.Version)
	must(err)
	must(w.store.EnrolParticipants(w.provCtx, c.ID, []*samspil.Participant{
		{Pseudonym: "P-01", EnrolledOn: pcDay(1, 5)}, {Pseudonym: "P-02", EnrolledOn: pcDay(1, 19)}}))
	cs := []*samspil.Claim{
		{Pseudonym: "P-01", OutcomeCode: "JOB_START", AchievedOn: pcDay(1, 26), EvidenceRef: "Kontrakt 1"},
		{Pseudonym: "P-01", OutcomeCode: "JOB13", AchievedOn: pcDay(4, 28), EvidenceRef: "Lønsedler 1"},
		{Pseudonym: "P-02", OutcomeCode: "JOB_START", AchievedOn: pcDay(3, 1), EvidenceRef: "Kontrakt 2"},
		{Pseudonym: "P-02", OutcomeCode: "JOB13", AchievedOn: pcDay(2, 10), EvidenceRef: "Lønsedler 2"},
	}
	must(w.store.SubmitClaims(w.provCtx, c.ID, cs))
	f := &pcFix{C: c, Claims: map[string]*samspil.Claim{}}
	for _, cl := range cs {
		f.Claims[cl.Pseudonym+" "+cl.OutcomeCode] = cl
	}
	_, err = w.store.DecideClaims(w.commCtx, c.ID, []int64{f.Claims["P-01 JOB_START"].ID}, samspil.ClaimApproved, "")
	must(err)
	return f
}

// statement prepares the January statement of f.
func (w *pcWorld) statement(f *pcFix) *samspil.Statement {
	w.t.Helper()
	st, err := w.store.PrepareStatement(w.commCtx, f.C.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return st
}

// path is an address under the contract.
func (f *pcFix) path(sub string) string { return pbrClaimPath(f.C.ID, sub) }

var pcTokenRe = regexp.MustCompile(`/anmeldelser/upload/([0-9a-f]{32})$`)

// TestPbrClaimReadRights walks every page of claims and statements with
// every role: visitors are asked to sign in, people outside the contract
// find nothing, the investor and platform admins (who see the dashboard)
// are refused, and the two parties see them; the provider's forms refuse
// the commissioner.
func TestPbrClaimReadRights(t *testing.T) {
	w := newPcWorld(t)
	f := w.contract("Job i Aarhus")
	st := w.statement(f)
	cid := idStr(f.Claims["P-01 JOB_START"].ID)
	sid := idStr(st.ID)
	const (
		ok      = http.StatusOK
		signIn  = http.StatusSeeOther
		hidden  = http.StatusNotFound
		refused = http.StatusForbidden
	)
	parties := func(comm, prov int) map[string]int {
		return map[string]int{pcAnon: signIn, pcOther: hidden, pcInvestor: refused, pcPlatform: refused, pcComm: comm, pcProv: prov}
	}
	for _, row := range []struct {
		path string
		want map[string]int
	}{
		{f.path("/anmeldelser"), parties(ok, ok)},
		{f.path("/anmeldelser?outcome=JOB13&decision=pending&reason=missing_prerequisite&participant=P-02&sort=participant&page=2"), parties(ok, ok)},
		{f.path("/anmeldelser/ny"), parties(refused, ok)},
		{f.path("/anmeldelser/upload"), parties(refused, ok)},
		{f.path("/anmeldelser/upload/0123456789abcdef0123456789abcdef"), parties(refused, hidden)},
		{f.path("/anmeldelser/" + cid), parties(ok, ok)},
		{f.path("/anmeldelser/999999"), parties(hidden, hidden)},
		{f.path("/anmeldelser/" + cid + "/bilag/999999"), parties(hidden, hidden)},
		{f.path("/opgoerelser"), parties(ok, ok)},
		{f.path("/opgoerelser/" + sid), parties(ok, ok)},
		{f.path("/opgoerelser/" + sid + ".csv"), parties(ok, ok)},
		{f.path("/opgoerelser/" + sid + "/godkend"), parties(ok, ok)},
		{f.path("/opgoerelser/999999"), parties(hidden, hidden)},
		{"/resultatkontrakter/999999/anmeldelser", map[string]int{pcAnon: signIn, pcOther: hidden, pcInvestor: hidden, pcPlatform: hidden, pcComm: hidden, pcProv: hidden}},
	} {
		for _, role := range pcRoles {
			if got := w.get(w.clients[role], row.path); got.status != row.want[role] {
				t.Errorf("GET %s as %s: %d, want %d\n%s", row.path, role, got.status, row.want[role], short(got.body))
			}
		}
	}
}

// TestPbrClaimRights walks every write route of claims and statements
// with every role, each request on a fresh contract: the allowed party
// gets its change (303), visitors are asked to sign in (401), people
// outside the contract find nothing (404), and the investor, platform
// admins and the other party are refused (403), with nothing written.
func TestPbrClaimRights(t *testing.T) {
	w := newPcWorld(t)
	type row struct {
		pattern string
		allowed []string
		send    func(role string, f *pcFix) resp
		noWrite bool // the allowed request only spools a file
		setup   func(f *pcFix)
	}
	post := func(sub string, form url.Values) func(string, *pcFix) resp {
		return func(role string, f *pcFix) resp { return w.post(w.clients[role], f.path(sub), form) }
	}
	csvFile := []byte("deltager;resultat;dato;dokumentation\nP-02;JOB13;2027-05-02;Lønsedler maj\n")
	uploadAs := func(role string, f *pcFix) resp {
		body, ctype := multipartBody(w.t, nil, "file", "anmeldelser.csv", csvFile)
		return w.send(w.clients[role], "POST", f.path("/anmeldelser/upload"), ctype, body.Bytes())
	}
	rows := []row{
		{pattern: "POST /resultatkontrakter/{id}/anmeldelser", allowed: []string{pcComm},
			send: func(role string, f *pcFix) resp {
				return w.post(w.clients[role], f.path("/anmeldelser"), url.Values{"ids": {idStr(f.Claims["P-02 JOB_START"].ID)}, "decision": {"approved"}})
			}},
		{pattern: "POST /resultatkontrakter/{id}/anmeldelser/ny", allowed: []string{pcProv},
			send: func(role string, f *pcFix) resp {
				body, ctype := multipartBody(w.t, url.Values{"participant": {"P-02"}, "outcome": {"JOB13"}, "achieved_on": {"02-05-2027"},
					"evidence_ref": {"Lønsedler maj"}}, "", "", nil)
				return w.send(w.clients[role], "POST", f.path("/anmeldelser/ny"), ctype, body.Bytes())
			}},
		{pattern: "POST /resultatkontrakter/{id}/anmeldelser/upload", allowed: []string{pcProv}, send: uploadAs, noWrite: true},
		{pattern: "POST /resultatkontrakter/{id}/anmeldelser/upload/{token}", allowed: []string{pcProv},
			send: func(role string, f *pcFix) resp {
				up := uploadAs(pcProv, f)
				m := pcTokenRe.FindStringSubmatch(up.header.Get("Location"))
				if m == nil {
					w.t.Fatalf("upload: %d %q", up.status, up.header.Get("Location"))
				}
				return w.post(w.clients[role], f.path("/anmeldelser/upload/"+m[1]), url.Values{})
			}},
		{pattern: "POST /resultatkontrakter/{id}/anmeldelser/{cid}", allowed: []string{pcComm},
			send: func(role string, f *pcFix) resp {
				return w.post(w.clients[role], f.path("/anmeldelser/"+idStr(f.Claims["P-02 JOB13"].ID)), url.Values{"decision": {"rejected"}, "reason": {"Lønsedlerne mangler."}})
			}},
		{pattern: "POST /resultatkontrakter/{id}/opgoerelser", allowed: []string{pcComm, pcProv}, send: post("/opgoerelser", url.Values{})},
		{pattern: "POST /resultatkontrakter/{id}/opgoerelser/{sid}/godkend", allowed: []string{pcComm, pcProv},
			setup: func(f *pcFix) { f.Statement = w.statement(f) },
			send: func(role string, f *pcFix) resp {
				return w.post(w.clients[role], f.path("/opgoerelser/"+idStr(f.Statement.ID)+"/godkend"), url.Values{"confirm": {"yes"}})
			}},
	}
	covered := map[string]bool{}
	n := 0
	for _, rw := range rows {
		covered[rw.pattern] = true
		for _, role := range pcRoles {
			t.Run(rw.pattern+"/"+role, func(t *testing.T) {
				w.t = t
				n++
				f := w.contract(fmt.Sprintf("Kontrakt %d", n))
				if rw.setup != nil {
					rw.setup(f)
				}
				before := w.fingerprint() // an upload only spools a file: the token row's setup writes nothing
				r := rw.send(role, f)
				allowed := false
				for _, a := range rw.allowed {
					allowed = allowed || a == role
				}
				switch {
				case allowed:
					if r.status != http.StatusSeeOther {
						t.Errorf("as %s: status %d, want 303\n%s", role, r.status, short(r.body))
					}
				default:
					want := http.StatusForbidden
					switch role {
					case pcAnon:
						want = http.StatusUnauthorized
					case pcOther:
						want = http.StatusNotFound
					}
					if r.status != want {
						t.Errorf("as %s: status %d, want %d\n%s", role, r.status, want, short(r.body))
					}
				}
				changed := w.fingerprint() != before
				if allowed && !changed && !rw.noWrite {
					t.Errorf("as %s: allowed, but nothing was written", role)
				}
				if (!allowed || rw.noWrite) && changed {
					t.Errorf("as %s: the database changed", role)
				}
			})
		}
	}
	for _, p := range pbrClaimWriteRoutes {
		if !covered[p] {
			t.Errorf("route %s has no row", p)
		}
	}
}
