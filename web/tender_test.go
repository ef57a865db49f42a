package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/blob"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// The roles of the buyer side's tests.
const (
	tbAnon     = "anonymous"
	tbSOV      = "sov member"
	tbFirm     = "company member"
	tbOtherK   = "other municipality member"
	tbBuyer    = "buyer member"
	tbPlatform = "platform admin"
)

var tbRoles = []string{tbAnon, tbSOV, tbFirm, tbOtherK, tbBuyer, tbPlatform}

// tbStart is the tests' "now": a fixed instant, so deadlines and Danish
// times are the same on every run.
var tbStart = time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)

// tbWorld is a server whose store and pages share one clock that the
// test moves forward, a buyer municipality, another municipality, a SØV
// meeting the § 20 condition and a company in its line of business, with
// one signed-in client per role and a blob folder for documents.
type tbWorld struct {
	*orgEnv
	offset  *atomic.Int64
	clients map[string]*http.Client
	users   map[string]*samspil.User
	buyer   *samspil.Organisation
	otherK  *samspil.Organisation
	sov     *samspil.Organisation
	firm    *samspil.Organisation
}

// now is the world's current time.
func (w *tbWorld) now() time.Time { return tbStart.Add(time.Duration(w.offset.Load())) }

// advance moves the clock forward.
func (w *tbWorld) advance(d time.Duration) { w.offset.Add(int64(d)) }

func newTbWorld(t *testing.T) *tbWorld {
	t.Helper()
	w := &tbWorld{offset: &atomic.Int64{}, clients: map[string]*http.Client{}, users: map[string]*samspil.User{}}
	clock := func() time.Time { return w.now() }
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
	// The store's clock runs weeks ahead of real time, and the store drops
	// sessions whose expiry (set by the session manager from real time)
	// lies before its clock: sessions here last as long as the test.
	srv.sessions.Lifetime = 100 * 365 * 24 * time.Hour
	srv.sessions.IdleTimeout = 0
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	w.orgEnv = &orgEnv{testEnv: &testEnv{t: t, store: store, smtp: smtpSrv, srv: srv, ts: ts}, clients: w.clients, users: w.users}
	ctx := context.Background()
	if w.buyer, err = store.FindMunicipalityOrganisation(ctx, "0751"); err != nil {
		t.Fatal(err)
	}
	if w.otherK, err = store.FindMunicipalityOrganisation(ctx, "0101"); err != nil {
		t.Fatal(err)
	}
	w.sov = w.org(&samspil.Organisation{CVR: validCVR(8101), Name: "Grøn Vask Socialøkonomi", Kind: samspil.OrgSOV, MunicipalityCode: "0751",
		Description: "Vaskeri med plads til udsatte ledige.", CPVCodes: []string{"98310000-9"}, Employees: 10, DisadvantagedEmployees: 4, TurnoverOre: 300000000})
	w.firm = w.org(&samspil.Organisation{CVR: validCVR(8102), Name: "Rent Tøj ApS", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0751",
		Description: "Industrivask.", CPVCodes: []string{"98310000-9"}})
	orgOf := map[string]*samspil.Organisation{tbSOV: w.sov, tbFirm: w.firm, tbOtherK: w.otherK, tbBuyer: w.buyer}
	for _, role := range tbRoles {
		c := w.client()
		w.clients[role] = c
		if role == tbAnon {
			continue
		}
		now := time.Now().UTC()
		u := &samspil.User{Email: strings.ReplaceAll(role, " ", "-") + "@tender.test", Name: "Test " + role, PasswordHash: testPasswordHash(),
			EmailConfirmedAt: &now, IsAdmin: role == tbPlatform, Locale: "da"}
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

// tenderValues is a complete, valid tender form for the world's buyer
// with deadlines after the world's start.
func (w *tbWorld) tenderValues() url.Values {
	return url.Values{
		"buyer_id": {idStr(w.buyer.ID)}, "title": {"Vask af arbejdstøj til hjemmeplejen"},
		"description": {"Kommunen køber vask af **arbejdstøj** for hjemmeplejen."},
		"procedure":   {"reserveret"}, "main_cpv": {"98310000-9"}, "value": {"1.250.000,50"},
		"lots.0.title": {"Nord"}, "lots.0.value": {"600.000"},
		"place_code": {"0751"}, "reservation": {"shelteredWorkshop"},
		"social_goals":       {"social.disadvantagedEmploymentOpportunities"},
		"social_criteria":    {"Mindst **to** personer fra målgruppen ansættes."},
		"questions_deadline": {"2027-02-01"}, "questions_deadline_time": {"10:00"},
		"tender_deadline": {"2027-02-15"}, "tender_deadline_time": {"12:00"},
		"expected_award": {"2027-03-01"}, "contract_start": {"2027-04-01"}, "contract_end": {"2029-03-31"},
		"action": {"save"},
	}
}

var tenderLocID = regexp.MustCompile(`^/udbud/(\d+)$`)

// createTender posts the form as c and returns the stored draft.
func (w *tbWorld) createTender(c *http.Client, v url.Values) *samspil.Tender {
	w.t.Helper()
	r := w.post(c, "/udbud/ny", v)
	if r.status != http.StatusSeeOther {
		w.t.Fatalf("create tender: status %d\n%s", r.status, short(r.body))
	}
	m := tenderLocID.FindStringSubmatch(r.header.Get("Location"))
	if m == nil {
		w.t.Fatalf("create tender: redirect to %q", r.header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return w.findTender(id)
}

func (w *tbWorld) findTender(id int64) *samspil.Tender {
	w.t.Helper()
	t, err := w.store.FindTenderByID(context.Background(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return t
}

// draft stores a draft through the store, without the web.
func (w *tbWorld) draft(title string) *samspil.Tender {
	w.t.Helper()
	t, err := parseTenderForm(w.tenderValues(), w.srv.loc)
	if err != nil {
		w.t.Fatal(err)
	}
	t.Title, t.BuyerID, t.CreatedBy = title, w.buyer.ID, w.users[tbBuyer].ID
	if err := w.store.CreateTender(context.Background(), t); err != nil {
		w.t.Fatal(err)
	}
	return t
}

// published stores and publishes a tender.
func (w *tbWorld) published(title string) *samspil.Tender {
	w.t.Helper()
	t := w.draft(title)
	p, err := w.store.PublishTender(context.Background(), t.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func TestTenderCreateAndEdit(t *testing.T) {
	w := newTbWorld(t)
	buyer := w.clients[tbBuyer]

	r := w.get(buyer, "/udbud/ny")
	if r.status != http.StatusOK {
		t.Fatalf("form: %d", r.status)
	}
	mustContain(t, r.body, `name="title"`, `name="lots.2.title"`, `value="reserveret"`, "Reserveret kontrakt (udbudslovens § 20)",
		"Køber: Aarhus Kommune", `name="questions_deadline_time"`, "Job til udsatte og personer med handicap")
	if strings.Contains(r.body, `name="lots.3.title"`) {
		t.Error("the empty form shows more than three lot rows")
	}

	// "Add another lot" shows one more row and keeps what was typed.
	v := w.tenderValues()
	v.Set("action", "lots")
	r = w.post(buyer, "/udbud/ny", v)
	if r.status != http.StatusOK {
		t.Fatalf("add lot: %d", r.status)
	}
	mustContain(t, r.body, `name="lots.3.title"`, `value="Vask af arbejdstøj til hjemmeplejen"`, `name="lot_rows" value="4"`)

	// Problems come back next to their fields with everything kept.
	v = w.tenderValues()
	v.Set("value", "1.000,505")
	v.Set("tender_deadline", "2027-01-20") // before the questions deadline
	v.Set("lots.1.value", "5")             // a lot without a title
	r = w.post(buyer, "/udbud/ny", v)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, `id="field-value" name="value" type="text" value="1.000,505" required aria-invalid="true"`,
		"højst have to decimaler", "Fristen for spørgsmål skal ligge før fristen for tilbud", `href="#field-lots-1-title"`, "Giv delaftalen en titel")

	// A rule about the lots together is shown above them.
	v = w.tenderValues()
	v.Set("lots.1.title", "Syd")
	v.Set("lots.1.value", "900.000")
	r = w.post(buyer, "/udbud/ny", v)
	mustContain(t, r.body, `href="#field-lots"`, `<p class="field-error" id="field-lots"`, "Delaftalerne er tilsammen mere værd end hele udbuddet")

	// A valid form stores a draft with the amounts in øre and the times in UTC.
	tn := w.createTender(buyer, w.tenderValues())
	if tn.Status != samspil.TenderDraft || tn.ValueOre != 125000050 || tn.BuyerID != w.buyer.ID || len(tn.Lots) != 1 || tn.Lots[0].ValueOre != 60000000 {
		t.Errorf("stored %+v", tn)
	}
	if !tn.QuestionsDeadline.Equal(time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("questions deadline %v, want 09:00 UTC (10:00 Danish winter time)", tn.QuestionsDeadline)
	}
	page := w.get(buyer, tenderPath(tn.ID, ""))
	mustContain(t, page.body, "Udbuddet er gemt som kladde", "Vask af arbejdstøj til hjemmeplejen", "<strong>arbejdstøj</strong>", "<strong>to</strong>",
		"1.250.000 kr.", "1. februar 2027 10:00", "15. februar 2027 12:00", "Nord", "Ret kladden", "Offentliggør")
	if w.get(w.clients[tbSOV], tenderPath(tn.ID, "")).status != http.StatusNotFound {
		t.Error("a draft is visible to a supplier")
	}

	// The edit form is filled from the draft; saving changes it.
	edit := w.get(buyer, tenderPath(tn.ID, "/rediger"))
	mustContain(t, edit.body, `value="1.250.000,50"`, `value="2027-02-01"`, `value="10:00"`, `name="version" value="`+strconv.Itoa(tn.Version)+`"`)
	v = w.tenderValues()
	v.Set("version", strconv.Itoa(tn.Version))
	v.Set("title", "Vask af arbejdstøj")
	if r := w.post(buyer, tenderPath(tn.ID, "/rediger"), v); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, short(r.body))
	}
	if got := w.findTender(tn.ID); got.Title != "Vask af arbejdstøj" {
		t.Errorf("title %q", got.Title)
	}
	// The same stale version again: kept input, a message, a link and the new version.
	v.Set("title", "Min egen titel")
	r = w.post(buyer, tenderPath(tn.ID, "/rediger"), v)
	if r.status != http.StatusConflict {
		t.Fatalf("stale save: %d\n%s", r.status, short(r.body))
	}
	cur := w.findTender(tn.ID)
	mustContain(t, r.body, `value="Min egen titel"`, "En kollega har gemt udbuddet", `name="version" value="`+strconv.Itoa(cur.Version)+`"`)
	if cur.Title != "Vask af arbejdstøj" {
		t.Error("a stale save changed the tender")
	}
}

func TestTenderWarnings(t *testing.T) {
	w := newTbWorld(t)
	buyer := w.clients[tbBuyer]
	v := w.tenderValues()
	v.Set("procedure", "under_taerskel")
	v.Set("reservation", "")
	v.Set("value", "90.000.000")
	v.Set("action", "lots")
	r := w.post(buyer, "/udbud/ny", v)
	mustContain(t, r.body, "Platformens advarsler", "EU-tærskelværdien", "Kilde:")
	v.Set("action", "save")
	tn := w.createTender(buyer, v)
	r = w.get(buyer, tenderPath(tn.ID, "/offentliggoer"))
	mustContain(t, r.body, "Platformens advarsler", "EU-tærskelværdien", `name="confirm" value="yes"`)
	if i, j := strings.Index(r.body, "Platformens advarsler"), strings.Index(r.body, `name="confirm"`); i > j {
		t.Error("the warnings do not come before the confirmation")
	}
}

func TestTenderPublishAmendCancelHistory(t *testing.T) {
	w := newTbWorld(t)
	buyer := w.clients[tbBuyer]
	tn := w.createTender(buyer, w.tenderValues())
	if r := w.post(buyer, tenderPath(tn.ID, "/offentliggoer"), url.Values{}); r.status != http.StatusOK || !strings.Contains(r.body, "Vil du offentliggøre") {
		t.Fatalf("publish without confirm: %d", r.status)
	}
	if r := w.post(buyer, tenderPath(tn.ID, "/offentliggoer"), confirmYes); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.status, short(r.body))
	}
	tn = w.findTender(tn.ID)
	if tn.Status != samspil.TenderPublished {
		t.Fatalf("status %s", tn.Status)
	}
	if r := w.post(buyer, tenderPath(tn.ID, "/offentliggoer"), confirmYes); r.status != http.StatusConflict {
		t.Errorf("second publish: %d", r.status)
	}

	// A SØV member opens it: the buyer sees that in the responses.
	if r := w.get(w.clients[tbSOV], tenderPath(tn.ID, "")); r.status != http.StatusOK {
		t.Fatalf("SØV view: %d", r.status)
	}
	resp := w.get(buyer, tenderPath(tn.ID, "/leverandoerer"))
	mustContain(t, resp.body, "Grøn Vask Socialøkonomi", "Har åbnet udbuddet")
	if w.get(w.clients[tbSOV], tenderPath(tn.ID, "/leverandoerer")).status != http.StatusForbidden {
		t.Error("a supplier sees the responses")
	}

	// Amending needs a note; the history then names what changed.
	v := w.tenderValues()
	v.Set("version", strconv.Itoa(tn.Version))
	v.Set("title", "Vask af arbejdstøj og linned")
	if r := w.post(buyer, tenderPath(tn.ID, "/ret"), v); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Skriv, hvad der er ændret") {
		t.Errorf("amend without note: %d", r.status)
	}
	v.Set("note", "Linned er kommet med.")
	if r := w.post(buyer, tenderPath(tn.ID, "/ret"), v); r.status != http.StatusSeeOther {
		t.Fatalf("amend: %d\n%s", r.status, short(r.body))
	}
	hist := w.get(w.clients[tbAnon], tenderPath(tn.ID, "/historik"))
	mustContain(t, hist.body, "Rettet", "Linned er kommet med.", "Vask af arbejdstøj til hjemmeplejen", "Vask af arbejdstøj og linned", "Offentliggjort")

	// Cancelling needs a reason.
	if r := w.post(buyer, tenderPath(tn.ID, "/annuller"), confirmYes); r.status != http.StatusUnprocessableEntity {
		t.Errorf("cancel without reason: %d", r.status)
	}
	if r := w.post(buyer, tenderPath(tn.ID, "/annuller"), url.Values{"confirm": {"yes"}, "reason": {"Behovet er bortfaldet."}}); r.status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.status)
	}
	page := w.get(w.clients[tbAnon], tenderPath(tn.ID, ""))
	mustContain(t, page.body, "Udbuddet er annulleret.", "Behovet er bortfaldet.")
	mustContain(t, w.get(w.clients[tbAnon], tenderPath(tn.ID, "/historik")).body, "Annulleret")
}

func TestTenderAward(t *testing.T) {
	w := newTbWorld(t)
	buyer := w.clients[tbBuyer]
	tn := w.published("Vask til plejecentre")
	ctx := context.Background()
	if err := w.store.RespondToTender(ctx, &samspil.TenderResponse{TenderID: tn.ID, OrganisationID: w.sov.ID, State: samspil.ResponseInterested, Message: "Vi byder gerne."}); err != nil {
		t.Fatal(err)
	}
	if r := w.get(buyer, tenderPath(tn.ID, "/tildel")); r.status != http.StatusConflict {
		t.Errorf("award form before the deadline: %d", r.status)
	}
	w.advance(40 * 24 * time.Hour)
	r := w.get(buyer, tenderPath(tn.ID, "/tildel"))
	mustContain(t, r.body, "Grøn Vask Socialøkonomi", `value="1.250.000,50"`, `value="2027-04-01"`, "Sådan opfylder leverandøren § 20")
	// The search finds the company by name; chosen suppliers stay chosen.
	r = w.get(buyer, tenderPath(tn.ID, "/tildel?q=Rent&supplier_ids="+idStr(w.sov.ID)))
	mustContain(t, r.body, "Rent Tøj ApS", "CVR "+w.firm.CVR)
	// § 20 note required for a reserved tender.
	v := url.Values{"supplier_ids": {idStr(w.sov.ID)}, "value": {"1.200.000"}, "contract_start": {"2027-04-01"}, "contract_end": {"2029-03-31"}, "action": {"award"}}
	r = w.post(buyer, tenderPath(tn.ID, "/tildel"), v)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "mindst 30 %") {
		t.Fatalf("award without note: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, `value="`+idStr(w.sov.ID)+`" checked`)
	v.Set("section20_note", "40 % af medarbejderne er i målgruppen.")
	r = w.post(buyer, tenderPath(tn.ID, "/tildel"), v)
	if r.status != http.StatusSeeOther {
		t.Fatalf("award: %d\n%s", r.status, short(r.body))
	}
	got := w.findTender(tn.ID)
	if got.Status != samspil.TenderAwarded || got.Award == nil || got.Award.PartnershipID == nil || got.Award.ValueOre != 120000000 {
		t.Fatalf("award stored as %+v", got.Award)
	}
	page := w.get(buyer, tenderPath(tn.ID, ""))
	mustContain(t, page.body, "Udbuddet er tildelt", "/partnerskaber/"+idStr(*got.Award.PartnershipID), "40 % af medarbejderne", "1.200.000 kr.")
	if r := w.post(buyer, tenderPath(tn.ID, "/tildel"), v); r.status != http.StatusConflict {
		t.Errorf("second award: %d", r.status)
	}
}

func TestTenderList(t *testing.T) {
	w := newTbWorld(t)
	anon := w.clients[tbAnon]
	empty := w.get(anon, "/udbud")
	mustContain(t, empty.body, "Ingen udbud matcher", `<link rel="alternate" type="application/atom+xml"`, `href="/feeds/tenders.atom"`)
	if strings.Contains(empty.body, `href="/udbud/ny"`) {
		t.Error("a visitor is offered to create a tender")
	}
	pub := w.published("Reserveret vask")
	w.draft("Hemmelig kladde")
	v := w.tenderValues()
	v.Set("procedure", "social_klausul")
	v.Set("reservation", "")
	v.Set("lots.0.title", "")
	v.Set("lots.0.value", "")
	open, err := parseTenderForm(v, w.srv.loc)
	if err != nil {
		t.Fatal(err)
	}
	open.Title, open.BuyerID, open.CreatedBy = "Rengøring med klausuler", w.buyer.ID, w.users[tbBuyer].ID
	if err := w.store.CreateTender(context.Background(), open); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.PublishTender(context.Background(), open.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query string
		want, not   []string
	}{
		{"all", "", []string{"Reserveret vask", "Rengøring med klausuler", "2 udbud"}, []string{"Hemmelig kladde"}},
		{"reserved", "?reserved=1", []string{"Reserveret vask", "1 udbud"}, []string{"Rengøring med klausuler"}},
		{"procedure", "?procedure=social_klausul", []string{"Rengøring med klausuler"}, []string{"Reserveret vask"}},
		{"place", "?municipality=0101", []string{"Ingen udbud matcher"}, []string{"Reserveret vask"}},
		{"division", "?cpv=98", []string{"Reserveret vask"}, nil},
		{"other division", "?cpv=45", []string{"Ingen udbud matcher"}, nil},
		{"open", "?open=1", []string{"Reserveret vask"}, nil},
		{"text", "?q=klausuler", []string{"Rengøring med klausuler"}, []string{"Reserveret vask"}},
		{"bad values dropped", "?procedure=x&cpv=zz&sort=evil&page=-2&municipality=9999", []string{"2 udbud"}, nil},
		{"sort by title", "?sort=title", []string{`<option value="title" selected>`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.get(anon, "/udbud"+tc.query)
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			mustContain(t, r.body, tc.want...)
			for _, n := range tc.not {
				if strings.Contains(r.body, n) {
					t.Errorf("body has %q", n)
				}
			}
		})
	}
	own := w.get(w.clients[tbBuyer], "/udbud?koeber="+idStr(w.buyer.ID))
	mustContain(t, own.body, "Hemmelig kladde", "Kladde", `href="/udbud/ny"`)
	// Search hits of type tender link to the tender's page.
	if r := w.get(anon, "/soeg?q=klausuler"); !strings.Contains(r.body, `href="/udbud/`+idStr(open.ID)+`"`) {
		t.Errorf("the search does not link the tender\n%s", short(r.body))
	}
	w.advance(60 * 24 * time.Hour)
	if r := w.get(anon, "/udbud?open=1"); !strings.Contains(r.body, "Ingen udbud matcher") {
		t.Error("a closed tender is listed as open")
	}
	_ = pub
}

func TestTenderRecommend(t *testing.T) {
	w := newTbWorld(t)
	anon := w.clients[tbAnon]
	r := w.get(anon, "/udbud/anbefaling")
	if r.status != http.StatusOK {
		t.Fatalf("empty: %d", r.status)
	}
	mustContain(t, r.body, `name="cpv_codes"`, `name="radius_km"`)
	r = w.post(anon, "/udbud/anbefaling", url.Values{"cpv_codes": {"98310000-9"}, "place_code": {"0751"}, "radius_km": {"50"}, "value": {"500.000"}})
	if r.status != http.StatusOK {
		t.Fatalf("recommend: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, "Anbefaling", "Aarhus", "Økonomisk afhængighed", "/udbud/ny?", "main_cpv=98310000-9", "place_code=0751")
	r = w.post(anon, "/udbud/anbefaling", url.Values{"cpv_codes": {"nonsens"}, "place_code": {"9999"}, "value": {"x"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", r.status)
	}
	mustContain(t, r.body, `aria-invalid="true"`, `>nonsens</textarea>`)
	// The start link fills the form.
	r = w.get(w.clients[tbBuyer], "/udbud/ny?procedure=reserveret&main_cpv=98310000-9&value=500.000&place_code=0751&reservation=shelteredWorkshop")
	mustContain(t, r.body, `value="98310000-9"`, `value="500.000"`, `value="reserveret" aria-describedby="procedure-0-hint" checked`)
}

func TestTenderDocuments(t *testing.T) {
	w := newTbWorld(t)
	buyer := w.clients[tbBuyer]
	tn := w.published("Udbud med bilag")
	body, ctype := multipartBody(t, nil, "file", "udbudsbetingelser.pdf", smallPDF)
	r := w.send(buyer, "POST", tenderPath(tn.ID, "/filer"), ctype, body.Bytes())
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", r.status, short(r.body))
	}
	files, err := w.store.FindAttachments(context.Background(), samspil.OwnerTender, tn.ID)
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v %v", files, err)
	}
	fid := idStr(files[0].ID)
	page := w.get(w.clients[tbAnon], tenderPath(tn.ID, ""))
	mustContain(t, page.body, "udbudsbetingelser.pdf", "PDF")
	if strings.Contains(page.body, "/filer/"+fid+"/slet") {
		t.Error("a visitor is offered to delete a document")
	}
	dl := w.get(w.clients[tbAnon], tenderPath(tn.ID, "/filer/"+fid))
	if dl.status != http.StatusOK || !strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment;") || dl.header.Get("Content-Type") != samspil.ContentPDF {
		t.Errorf("download: %d %v", dl.status, dl.header)
	}
	// A web page renamed to .pdf is refused by its content.
	body, ctype = multipartBody(t, nil, "file", "falsk.pdf", []byte("<!doctype html><script>alert(1)</script>"))
	if r := w.send(buyer, "POST", tenderPath(tn.ID, "/filer"), ctype, body.Bytes()); r.status != http.StatusUnprocessableEntity {
		t.Errorf("fake PDF: %d", r.status)
	}
	if r := w.post(buyer, tenderPath(tn.ID, "/filer/"+fid+"/slet"), confirmYes); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if r := w.get(w.clients[tbAnon], tenderPath(tn.ID, "/filer/"+fid)); r.status != http.StatusNotFound {
		t.Errorf("deleted document: %d", r.status)
	}
}

func TestTenderRemind(t *testing.T) {
	w := newTbWorld(t)
	buyer := w.clients[tbBuyer]
	tn := w.published("Udbud med påmindelse")
	ctx := context.Background()
	if err := w.store.RespondToTender(ctx, &samspil.TenderResponse{TenderID: tn.ID, OrganisationID: w.firm.ID, State: samspil.ResponseOpened}); err != nil {
		t.Fatal(err)
	}
	rs, err := w.store.FindTenderResponses(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	waiting := tenderWaiting(rs)
	r := w.get(buyer, tenderPath(tn.ID, "/leverandoerer/paamind"))
	if r.status != http.StatusOK {
		t.Fatalf("remind page: %d", r.status)
	}
	r = w.post(buyer, tenderPath(tn.ID, "/leverandoerer/paamind"), confirmYes)
	if r.status != http.StatusSeeOther {
		t.Fatalf("remind: %d\n%s", r.status, short(r.body))
	}
	loc := r.header.Get("Location")
	if want := fmt.Sprintf("/leverandoerer?paamindet=%d", waiting); !strings.HasSuffix(loc, want) {
		t.Errorf("redirect %q, want …%s", loc, want)
	}
	want := fmt.Sprintf("%d leverandører fik en påmindelse", waiting)
	if waiting == 1 {
		want = "1 leverandør fik en påmindelse"
	}
	mustContain(t, w.get(buyer, loc).body, want)
	w.advance(60 * 24 * time.Hour)
	if r := w.post(buyer, tenderPath(tn.ID, "/leverandoerer/paamind"), confirmYes); r.status != http.StatusConflict {
		t.Errorf("remind after the deadline: %d", r.status)
	}
}

// TestTenderSeveralMunicipalities: a person working for two
// municipalities picks the buyer; an unchosen buyer is a field error.
func TestTenderSeveralMunicipalities(t *testing.T) {
	w := newTbWorld(t)
	w.member(w.users[tbBuyer], w.otherK, samspil.RoleMember, samspil.MembershipActive)
	c := w.client()
	w.login(c, w.users[tbBuyer].Email, testPassword)
	r := w.get(c, "/udbud/ny")
	mustContain(t, r.body, `<select id="field-buyer_id" name="buyer_id" required`, "Vælg kommune", w.buyer.Name, w.otherK.Name)
	v := w.tenderValues()
	v.Del("buyer_id")
	r = w.post(c, "/udbud/ny", v)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Vælg den kommune, der køber.") {
		t.Errorf("no buyer: %d", r.status)
	}
	v.Set("buyer_id", idStr(w.otherK.ID))
	if tn := w.createTender(c, v); tn.BuyerID != w.otherK.ID {
		t.Errorf("buyer %d, want %d", tn.BuyerID, w.otherK.ID)
	}
}

// TestTenderEnglish: the pages speak English when asked.
func TestTenderEnglish(t *testing.T) {
	w := newTbWorld(t)
	tn := w.published("Laundry")
	r := w.get(w.clients[tbAnon], tenderPath(tn.ID, "?lang=en"))
	mustContain(t, r.body, `<html lang="en">`, "Deadline for tenders", "15 February 2027 12:00", "DKK 1,250,000", "Reserved contract")
}
