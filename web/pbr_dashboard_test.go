package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/pbr"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// The roles of the dashboard's tests: every party of a contract, someone
// unrelated, the secretariat's editor and a platform admin.
const (
	pdAnon         = "anonymous"
	pdUnrelated    = "unrelated member"
	pdCommissioner = "commissioner member"
	pdProvider     = "provider member"
	pdInvestor     = "investor member"
	pdEditor       = "editor"
	pdPlatform     = "platform admin"
)

var pdRoles = []string{pdAnon, pdUnrelated, pdCommissioner, pdProvider, pdInvestor, pdEditor, pdPlatform}

// pdNow is the tests' fixed "now": in the second quarter of 2026, so the
// first quarter's statement is due.
var pdNow = time.Date(2026, 5, 15, 10, 0, 0, 0, time.UTC)

// pdWorld is a server and store sharing the fixed clock, with a
// commissioning municipality, a provider SØV, an investor, an unrelated
// SØV and one signed-in client per role.
type pdWorld struct {
	*orgEnv
	commissioner, provider, investor, unrelated *samspil.Organisation
}

func newPdWorld(t *testing.T) *pdWorld {
	t.Helper()
	clock := func() time.Time { return pdNow }
	store := testdb.OpenWith(t, testdb.Options(clock))
	smtpSrv := mailtest.Start(t)
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: smtpSrv.Host, Port: smtpSrv.Port, TLS: "none", From: "Samspil <noreply@samspil.test>", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	srv, err := New(Config{Store: store, Mailer: sender, BaseURL: "http://" + ts.Listener.Addr().String(), Logger: testLogger(), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	// The clock stands months away from real time: sessions last as long
	// as the test.
	srv.sessions.Lifetime = 100 * 365 * 24 * time.Hour
	srv.sessions.IdleTimeout = 0
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	w := &pdWorld{orgEnv: &orgEnv{testEnv: &testEnv{t: t, store: store, smtp: smtpSrv, srv: srv, ts: ts},
		clients: map[string]*http.Client{}, users: map[string]*samspil.User{}}}
	ctx := context.Background()
	if w.commissioner, err = store.FindMunicipalityOrganisation(ctx, "0751"); err != nil {
		t.Fatal(err)
	}
	w.provider = w.org(&samspil.Organisation{CVR: validCVR(9101), Name: "Grøn Vask Socialøkonomi", Kind: samspil.OrgSOV, MunicipalityCode: "0751"})
	w.investor = w.org(&samspil.Organisation{CVR: validCVR(9102), Name: "Social Kapital Fond", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0101"})
	w.unrelated = w.org(&samspil.Organisation{CVR: validCVR(9103), Name: "Anden SØV", Kind: samspil.OrgSOV, MunicipalityCode: "0101"})
	orgOf := map[string]*samspil.Organisation{pdUnrelated: w.unrelated, pdCommissioner: w.commissioner, pdProvider: w.provider, pdInvestor: w.investor}
	for _, role := range pdRoles {
		c := w.client()
		w.clients[role] = c
		if role == pdAnon {
			continue
		}
		now := time.Now().UTC()
		u := &samspil.User{Email: strings.ReplaceAll(role, " ", "-") + "@pbr.test", Name: "Test " + role, PasswordHash: testPasswordHash(),
			EmailConfirmedAt: &now, IsAdmin: role == pdPlatform, IsEditor: role == pdEditor, Locale: "da"}
		if err := store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		w.users[role] = u
		if o := orgOf[role]; o != nil {
			w.member(u, o, samspil.RoleMember, samspil.MembershipActive)
		}
		w.login(c, u.Email, testPassword)
	}
	return w
}

// pdDay is a date as the store keeps it.
func pdDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// pdTerms are the fixture's terms: two outcomes, the second requiring the
// first, each linked to a seeded unit price; quarterly statements.
func pdTerms() samspil.ContractTerms {
	capCount := 50
	return samspil.ContractTerms{PeriodStart: pdDay(2026, 1, 1), PeriodEnd: pdDay(2027, 12, 31), CapOre: 10_000_000,
		CohortTarget: 20, StatementPeriod: samspil.PeriodQuarter, DeadweightPct: 20,
		Outcomes: []samspil.Outcome{
			{Code: "JOB_START", Description: "Start i ordinær beskæftigelse", Evidence: "Ansættelseskontrakt", PriceOre: 1_500_000,
				PerParticipantLimit: 1, TargetCount: 10, CapCount: &capCount,
				Savings: []samspil.OutcomeSaving{{UnitPriceCode: "KONTANTHJAELP_AAR", Months: 6}}},
			{Code: "JOB13", Description: "Ordinær beskæftigelse i 13 uger", Evidence: "Lønsedler for 13 uger", PriceOre: 2_000_000,
				PerParticipantLimit: 1, Requires: []string{"JOB_START"}, TargetCount: 5},
		}}
}

// contract stores a contract of the world's parties; active approves it
// on both sides, enrols three participants, submits and approves two
// claims in the first quarter and approves that quarter's statement
// (paying 30.000 kr.), and leaves a third claim pending.
func (w *pdWorld) contract(title string, active bool) *samspil.OutcomeContract {
	w.t.Helper()
	ctx := context.Background()
	inv := w.investor.ID
	c := &samspil.OutcomeContract{Title: title, TargetGroup: "udsatte_ledige", CommissionerID: w.commissioner.ID,
		ProviderID: w.provider.ID, InvestorID: &inv, ContractTerms: pdTerms()}
	if err := w.store.CreateOutcomeContract(ctx, c); err != nil {
		w.t.Fatal(err)
	}
	if !active {
		return c
	}
	var err error
	if c, err = w.store.ApproveOutcomeContract(ctx, c.ID, samspil.SideCommissioner, c.Version); err != nil {
		w.t.Fatal(err)
	}
	if c, err = w.store.ApproveOutcomeContract(ctx, c.ID, samspil.SideProvider, c.Version); err != nil {
		w.t.Fatal(err)
	}
	ps := []*samspil.Participant{
		{Pseudonym: "Deltager-Alfa", EnrolledOn: pdDay(2026, 1, 10)},
		{Pseudonym: "Deltager-Beta", EnrolledOn: pdDay(2026, 2, 1)},
		{Pseudonym: "Deltager-Gamma", EnrolledOn: pdDay(2026, 4, 1)},
	}
	if err := w.store.EnrolParticipants(ctx, c.ID, ps); err != nil {
		w.t.Fatal(err)
	}
	claims := []*samspil.Claim{
		{Pseudonym: "Deltager-Alfa", OutcomeCode: "JOB_START", AchievedOn: pdDay(2026, 2, 15), EvidenceRef: "Kontrakt A"},
		{Pseudonym: "Deltager-Beta", OutcomeCode: "JOB_START", AchievedOn: pdDay(2026, 3, 10), EvidenceRef: "Kontrakt B"},
	}
	if err := w.store.SubmitClaims(ctx, c.ID, claims); err != nil {
		w.t.Fatal(err)
	}
	found, _, err := w.store.FindClaims(ctx, samspil.ClaimFilter{ContractID: c.ID, Limit: 10})
	if err != nil {
		w.t.Fatal(err)
	}
	var ids []int64
	for _, cl := range found {
		ids = append(ids, cl.ID)
	}
	if _, err := w.store.DecideClaims(ctx, c.ID, ids, samspil.ClaimApproved, ""); err != nil {
		w.t.Fatal(err)
	}
	st, err := w.store.PrepareStatement(ctx, c.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, side := range []samspil.ContractSide{samspil.SideCommissioner, samspil.SideProvider} {
		if st, err = w.store.ApproveStatement(ctx, st.ID, side); err != nil {
			w.t.Fatal(err)
		}
	}
	pending := []*samspil.Claim{{Pseudonym: "Deltager-Gamma", OutcomeCode: "JOB_START", AchievedOn: pdDay(2026, 4, 20), EvidenceRef: "Kontrakt C"}}
	if err := w.store.SubmitClaims(ctx, c.ID, pending); err != nil {
		w.t.Fatal(err)
	}
	if c, err = w.store.FindOutcomeContractByID(ctx, c.ID); err != nil {
		w.t.Fatal(err)
	}
	return c
}

// pdPseudonyms are the fixture's participants: no page of W3 shows them.
var pdPseudonyms = []string{"Deltager-Alfa", "Deltager-Beta", "Deltager-Gamma"}

// TestPbrDashboardPages walks W3's pages on one world (a world costs a
// database and six sign-ins): the dashboard, a draft's dashboard, the
// national overview and the unit-price form.
func TestPbrDashboardPages(t *testing.T) {
	w := newPdWorld(t)
	c := w.contract("Job til unge ledige", true)
	draft := w.contract("Hemmelig kladde", false)
	for _, sub := range []struct {
		name string
		run  func(t *testing.T, w *pdWorld, c, draft *samspil.OutcomeContract)
	}{
		{"dashboard", testPbrDashboard},
		{"draft", testPbrDashboardOfADraft},
		{"national", testPbrNational},
		{"unit prices", testUnitPriceForm},
	} {
		t.Run(sub.name, func(t *testing.T) {
			w.t = t
			sub.run(t, w, c, draft)
		})
	}
}

// testPbrDashboard reads the dashboard of a running contract as its
// commissioner: the key figures, every outcome, the cap bar and the
// progress charts with their tables, and the social value with its
// assumptions, in Danish and in English.
func testPbrDashboard(t *testing.T, w *pdWorld, c, _ *samspil.OutcomeContract) {
	r := w.get(w.clients[pdCommissioner], pbrContractPath(c.ID, "/overblik"))
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body,
		`id="pbr-paid">30.000 kr.<`, // the approved statement
		"3 af 20 (15 %)",            // enrolled against the cohort target
		"2 af 10 (20 %)",            // JOB_START achieved against its target
		"15.000 kr.",                // the price and the cost per outcome
		`role="img"`, `<title id="pbr-cap-title">`, `<desc id="pbr-cap-desc">`,
		`url(#pbr-hatch)`, `url(#pbr-dots)`, // patterns, not colour alone
		"Loft: 100.000 kr.",
		"Tilbage under loftet",
		"Udvikling over tid", "januar 2026", "maj 2026", `stroke-dasharray`,
		"Anslået samfundsværdi", "kr. pr. betalt krone",
		"hvert resultat antages at spare 6 måneders",
		"Dødvægt (20 %)",
		"ikke penge, der bliver betalt eller modtaget",
		"/resultatkontrakter/"+idStr(c.ID)+"/anmeldelser",
		"/api/v1/outcome-contracts/"+idStr(c.ID)+"/indigo", // the open data, linked
	)
	for _, p := range pdPseudonyms {
		if strings.Contains(r.body, p) {
			t.Errorf("the dashboard shows the pseudonym %s", p)
		}
	}
	en := w.get(w.clients[pdCommissioner], pbrContractPath(c.ID, "/overblik")+"?lang=en")
	mustContain(t, en.body, `id="pbr-paid">DKK 30,000<`, "per krone paid", "Cap: DKK 100,000", "January 2026")

	// The investor sees the same aggregates without the links to claims.
	inv := w.get(w.clients[pdInvestor], pbrContractPath(c.ID, "/overblik"))
	mustContain(t, inv.body, `id="pbr-paid">30.000 kr.<`)
	if strings.Contains(inv.body, "/anmeldelser") {
		t.Error("the investor is linked to the claims")
	}
}

// testPbrDashboardOfADraft shows a draft's dashboard to its parties with a
// note and nothing paid.
func testPbrDashboardOfADraft(t *testing.T, w *pdWorld, _, draft *samspil.OutcomeContract) {
	r := w.get(w.clients[pdProvider], pbrContractPath(draft.ID, "/overblik"))
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, "Kontrakten er en kladde", `id="pbr-paid">0 kr.<`, "Intet udbetalt endnu")
	if strings.Contains(r.body, "/indigo") {
		t.Error("a draft links to open data it does not have")
	}
}

// testPbrNational lists the published contracts, never a draft or a
// participant, with working filters, sorts and open-data links.
func testPbrNational(t *testing.T, w *pdWorld, c, _ *samspil.OutcomeContract) {
	r := w.get(w.clients[pdAnon], "/resultatkontrakter/tal")
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, "Job til unge ledige", "Grøn Vask Socialøkonomi", "Start i ordinær beskæftigelse",
		"15.000 kr. pr. resultat, 2 opnået, 2 betalt", "30.000 kr.", "/api/v1/outcome-contracts.csv", `aria-sort="descending"`)
	if strings.Contains(r.body, "Hemmelig kladde") {
		t.Error("the national overview shows a draft")
	}
	for _, p := range pdPseudonyms {
		if strings.Contains(r.body, p) {
			t.Errorf("the national overview shows the pseudonym %s", p)
		}
	}
	if strings.Contains(r.body, pbrContractPath(c.ID, "/overblik")) {
		t.Error("an anonymous visitor is linked to the dashboard")
	}
	if r := w.get(w.clients[pdCommissioner], "/resultatkontrakter/tal"); !strings.Contains(r.body, pbrContractPath(c.ID, "/overblik")) {
		t.Error("the commissioner is not linked to the dashboard")
	}
	for _, q := range []struct {
		query string
		shown bool
	}{
		{"?kommune=0751", true},
		{"?kommune=0101", false},
		{"?status=active", true},
		{"?status=finished", false},
		{"?maalgruppe=udsatte_ledige", true},
		{"?sort=paid&dir=desc", true},
		{"?sort=commissioner", true},
		{"?kommune=bogus&status=bogus&sort=bogus&page=-3", true},
	} {
		r := w.get(w.clients[pdAnon], "/resultatkontrakter/tal"+q.query)
		if r.status != http.StatusOK || strings.Contains(r.body, "Job til unge ledige") != q.shown {
			t.Errorf("%s: status %d, shown %v, want %v", q.query, r.status, !q.shown, q.shown)
		}
	}
	if r := w.get(w.clients[pdAnon], "/kommuner/0751"); !strings.Contains(r.body, "/resultatkontrakter/tal?kommune=0751") {
		t.Error("the municipality page does not link to its outcome contracts")
	}
}

// testUnitPriceForm adds a dated row, shows every field's problem with
// the typed values kept, and explains a second row for the same code and
// date.
func testUnitPriceForm(t *testing.T, w *pdWorld, _, _ *samspil.OutcomeContract) {
	ed := w.clients[pdEditor]
	page := w.get(ed, "/admin/enhedspriser")
	mustContain(t, page.body, "KONTANTHJAELP_AAR", "Ikke kontrolleret mod kilden", `action="/admin/enhedspriser"`)

	bad := w.post(ed, "/admin/enhedspriser", url.Values{"code": {"ny pris"}, "amount": {"12.50.000"}, "valid_from": {"31-02-2027"}, "source": {""}, "note": {"skrevet"}})
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: status %d", bad.status)
	}
	mustContain(t, bad.body, `href="#field-code"`, `href="#field-amount"`, `href="#field-valid_from"`, `href="#field-source"`, `href="#field-name_da"`,
		`value="12.50.000"`, "skrevet")

	good := url.Values{"code": {"TEST_PRIS"}, "name_da": {"Testpris"}, "name_en": {"Test price"}, "amount": {"185.000,50"},
		"source": {"Egen beregning, tabel 1"}, "source_url": {"https://example.org/kilde"}, "valid_from": {"2026-01-01"}, "checked": {"1"}}
	if r := w.post(ed, "/admin/enhedspriser", good); r.status != http.StatusSeeOther {
		t.Fatalf("valid form: status %d\n%s", r.status, short(r.body))
	}
	page = w.get(ed, "/admin/enhedspriser")
	mustContain(t, page.body, "Testpris", "185.000,50 kr.", "Kontrolleret mod kilden", "Prisen er gemt.")

	again := w.post(ed, "/admin/enhedspriser", good)
	if again.status != http.StatusConflict {
		t.Fatalf("same code and date: status %d", again.status)
	}
	mustContain(t, again.body, "Der findes allerede en pris for TEST_PRIS fra 2026-01-01", `value="185.000,50"`)

	// A new row of an existing code may leave the names empty.
	next := url.Values{"code": {"test_pris"}, "amount": {"190000"}, "source": {"Egen beregning, tabel 2"}, "valid_from": {"01-01-2027"}}
	if r := w.post(ed, "/admin/enhedspriser", next); r.status != http.StatusSeeOther {
		t.Fatalf("second row: status %d\n%s", r.status, short(r.body))
	}
	prefill := w.get(ed, "/admin/enhedspriser?code=TEST_PRIS")
	mustContain(t, prefill.body, `value="Testpris"`, `value="Test price"`)
}

// TestPbrChartGeometry pins the charts' arithmetic: the cap parts always
// fill the frame, and series names never overlap.
func TestPbrChartGeometry(t *testing.T) {
	for _, tc := range []struct {
		name                          string
		d                             pbr.Dashboard
		paid, earned, pending, remain int64
	}{
		{"empty", pbr.Dashboard{CapOre: 1000}, 0, 0, 0, 1000},
		{"parts", pbr.Dashboard{CapOre: 1000, PaidOre: 300, EarnedOre: 500, PendingOre: 100}, 300, 200, 100, 400},
		{"pending beyond the cap", pbr.Dashboard{CapOre: 1000, PaidOre: 300, EarnedOre: 900, PendingOre: 500}, 300, 600, 100, 0},
		{"clawback", pbr.Dashboard{CapOre: 1000, PaidOre: 500, EarnedOre: 400}, 500, 0, 0, 500},
	} {
		p, e, pe, r := pbrCapParts(&tc.d)
		if p != tc.paid || e != tc.earned || pe != tc.pending || r != tc.remain {
			t.Errorf("%s: %d %d %d %d, want %d %d %d %d", tc.name, p, e, pe, r, tc.paid, tc.earned, tc.pending, tc.remain)
		}
	}
	tr := &Translator{Lang: "da", c: mustCatalog(t)}
	ch := newPbrCapChart(tr, &pbr.Dashboard{CapOre: 1000, PaidOre: 250, EarnedOre: 500, PendingOre: 250})
	var sum float64
	for _, s := range ch.Segments {
		sum += s.W
	}
	if sum < ch.BarW-0.5 || sum > ch.BarW+0.5 {
		t.Errorf("segments fill %.1f of %.1f", sum, ch.BarW)
	}
	lc := newPbrLineChart(tr, []string{"2026-01", "2026-02"}, []string{"A", "B", "C"}, [][]int64{{1, 2}, {1, 2}, {0, 2}}, false, "t")
	for i := range lc.Series {
		for j := i + 1; j < len(lc.Series); j++ {
			if d := lc.Series[i].LabelY - lc.Series[j].LabelY; d > -14 && d < 14 {
				t.Errorf("labels %d and %d are %.1f apart", i, j, d)
			}
		}
	}
	if !strings.Contains(lc.Desc, "januar 2026") || !strings.Contains(lc.Desc, "A: 2") {
		t.Errorf("description %q", lc.Desc)
	}
}

// TestPbrMoneyFormats pins the kroner and return formats (integer maths).
func TestPbrMoneyFormats(t *testing.T) {
	for _, tc := range []struct {
		ore    int64
		da, en string
	}{
		{0, "0 kr.", "DKK 0"},
		{150, "1,50 kr.", "DKK 1.50"},
		{123456789, "1.234.567,89 kr.", "DKK 1,234,567.89"},
		{100000000, "1.000.000 kr.", "DKK 1,000,000"},
		{-5000, "-50 kr.", "-DKK 50"},
	} {
		if got := formatKroner(tc.ore, "da"); got != tc.da {
			t.Errorf("da %d: %q, want %q", tc.ore, got, tc.da)
		}
		if got := formatKroner(tc.ore, "en"); got != tc.en {
			t.Errorf("en %d: %q, want %q", tc.ore, got, tc.en)
		}
	}
	for _, tc := range []struct {
		permille int64
		da, en   string
	}{
		{1500, "1,50", "1.50"}, {1495, "1,50", "1.50"}, {1494, "1,49", "1.49"}, {0, "0,00", "0.00"}, {1234567, "1.234,57", "1,234.57"},
	} {
		if got := formatPermilleKroner(tc.permille, "da"); got != tc.da {
			t.Errorf("da %d: %q, want %q", tc.permille, got, tc.da)
		}
		if got := formatPermilleKroner(tc.permille, "en"); got != tc.en {
			t.Errorf("en %d: %q, want %q", tc.permille, got, tc.en)
		}
	}
	for _, tc := range []struct{ in, da, en string }{
		{"2027-03", "marts 2027", "March 2027"}, {"2027-13", "2027-13", "2027-13"}, {"x", "x", "x"},
	} {
		if got := pbrMonthLabel(tc.in, "da", false); got != tc.da {
			t.Errorf("%s: %q", tc.in, got)
		}
		if got := pbrMonthLabel(tc.in, "en", false); got != tc.en {
			t.Errorf("%s: %q", tc.in, got)
		}
	}
}

// TestPbrNationalSort orders by each column with stable ties.
func TestPbrNationalSort(t *testing.T) {
	row := func(id int64, comm string, paid int64, start int) pbrNationalRow {
		return pbrNationalRow{ContractAggregate: &samspil.ContractAggregate{ContractID: id, Commissioner: comm, PaidOre: paid,
			PeriodStart: pdDay(2026, time.Month(start), 1)}}
	}
	rows := []pbrNationalRow{row(1, "Aarhus", 500, 3), row(2, "aalborg", 900, 1), row(3, "Odense", 500, 2)}
	ids := func() string {
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(idStr(r.ContractID))
		}
		return b.String()
	}
	for _, tc := range []struct {
		by   string
		desc bool
		want string
	}{
		{"start", true, "132"}, {"start", false, "231"}, {"commissioner", false, "213"}, {"paid", true, "213"}, {"paid", false, "312"},
	} {
		sortPbrNational(rows, tc.by, tc.desc)
		if got := ids(); got != tc.want {
			t.Errorf("%s desc=%v: %s, want %s", tc.by, tc.desc, got, tc.want)
		}
	}
}

// TestPbrDashboardKeysAreTranslated checks the keys W3's Go code and
// templates use, built ones included, in both languages.
func TestPbrDashboardKeysAreTranslated(t *testing.T) {
	c := mustCatalog(t)
	keys := map[string]bool{}
	re := regexp.MustCompile(`"((?:pbrdash|pbrnat|pbrunit)\.[a-z_.0-9]+[a-z0-9_])"`)
	var files []string
	for _, g := range []string{"pbr_dashboard*.go", "pbr_chart*.go", "pbr_unitprice*.go", "pbr_national*.go", "templates/pbr_dashboard*.html", "templates/pbr_unitprice*.html", "templates/pbr_national*.html"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for _, st := range samspil.ContractStatuses {
		keys["pbrdash.status."+string(st)] = true
	}
	for _, k := range []string{"paid", "earned", "pending", "free"} {
		keys["pbrdash.cap."+k] = true
	}
	for _, col := range pbrNationalSorts {
		keys["pbrnat.col."+col] = true
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys", len(keys))
	}
	for k := range keys {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("key %q missing in %s", k, lang)
			}
		}
	}
}

// mustCatalog loads the translation catalogues.
func mustCatalog(t *testing.T) *catalog {
	t.Helper()
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FuzzUnitPriceForm: the unit-price form never panics, and a row it
// accepts has a positive amount and a date.
func FuzzUnitPriceForm(f *testing.F) {
	f.Add("KONTANTHJAELP_AAR", "185.000", "2026-01-01", "Kilde")
	f.Add("x", "-1", "31-02-2027", "")
	f.Add("", "1,250,000.50", "1.1.2027", "s")
	f.Fuzz(func(t *testing.T, code, amount, date, source string) {
		form := &Form{Values: url.Values{"code": {code}, "name_da": {"a"}, "name_en": {"b"}, "amount": {amount}, "valid_from": {date}, "source": {source}}}
		u, err := parseUnitPriceForm(form, nil)
		if err == nil && (u.AmountOre <= 0 || u.ValidFrom.IsZero()) {
			t.Fatalf("accepted %q %q: %+v", amount, date, u)
		}
	})
}
