package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

func init() {
	// The buyer's write routes act on tenders in a given status, which the
	// shared rights table's scenes do not have; TestTenderRights walks
	// every role through each of them instead (401, 403, 303, nothing
	// written when refused).
	for _, route := range tenderWriteRoutes {
		if _, ok := publicWriteRoutes[route]; !ok {
			publicWriteRoutes[route] = "tender buyer side; TestTenderRights walks every role"
		}
	}
}

// tenderWriteRoutes are the buyer side's POST routes, as registered.
var tenderWriteRoutes = []string{
	"POST /udbud/ny", "POST /udbud/anbefaling", "POST /udbud/{id}/rediger", "POST /udbud/{id}/ret",
	"POST /udbud/{id}/offentliggoer", "POST /udbud/{id}/annuller", "POST /udbud/{id}/tildel",
	"POST /udbud/{id}/leverandoerer/paamind", "POST /udbud/{id}/filer", "POST /udbud/{id}/filer/{fid}/slet",
}

// relTender stores a draft of the buyer whose timeline starts a day after
// the world's current time, so it can be published whenever the test's
// clock stands.
func (w *tbWorld) relTender(title string, publish bool) *samspil.Tender {
	w.t.Helper()
	now := w.now()
	day := func(d int) time.Time {
		x := now.AddDate(0, 0, d)
		return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	}
	t := &samspil.Tender{BuyerID: w.buyer.ID, CreatedBy: w.users[tbBuyer].ID, Title: title, Description: "Vask af arbejdstøj.",
		Procedure: samspil.ProcReserved, MainCPV: "98310000-9", ValueOre: 50000000, PlaceCode: "0751",
		Reservation: samspil.ReserveShelteredWorkshop, SocialGoals: []string{"social.disadvantagedEmploymentOpportunities"},
		QuestionsDeadline: now.Add(24 * time.Hour), TenderDeadline: now.Add(48 * time.Hour),
		ExpectedAward: day(5), ContractStart: day(10), ContractEnd: day(400)}
	ctx := context.Background()
	if err := w.store.CreateTender(ctx, t); err != nil {
		w.t.Fatal(err)
	}
	if publish {
		p, err := w.store.PublishTender(ctx, t.ID)
		if err != nil {
			w.t.Fatal(err)
		}
		t = p
	}
	return t
}

// tenderFile attaches a stored PDF to t.
func (w *tbWorld) tenderFile(t *samspil.Tender) *samspil.Attachment {
	w.t.Helper()
	ctx := context.Background()
	sum, size, err := w.srv.blobs.PutBlob(ctx, bytes.NewReader(smallPDF))
	if err != nil {
		w.t.Fatal(err)
	}
	a := &samspil.Attachment{OwnerType: samspil.OwnerTender, OwnerID: t.ID, Name: "bilag.pdf", ContentType: samspil.ContentPDF,
		Size: size, SHA256: sum, CreatedBy: w.users[tbBuyer].ID}
	if err := w.store.AddAttachment(ctx, a); err != nil {
		w.t.Fatal(err)
	}
	return a
}

// TestTenderReadRights walks every page of the buyer side with every
// role: drafts are missing pages for everyone but the buyer and platform
// admins; the buyer's pages ask visitors to sign in and refuse others.
func TestTenderReadRights(t *testing.T) {
	w := newTbWorld(t)
	draft := w.relTender("Kladde", false)
	pub := w.relTender("Offentligt", true)
	dFile, pFile := w.tenderFile(draft), w.tenderFile(pub)
	const (
		ok       = http.StatusOK
		hidden   = http.StatusNotFound
		refused  = http.StatusForbidden
		signIn   = http.StatusSeeOther
		conflict = http.StatusConflict
	)
	buyers := func(yes, anon, others int) map[string]int {
		return map[string]int{tbAnon: anon, tbSOV: others, tbFirm: others, tbOtherK: others, tbBuyer: yes, tbPlatform: yes}
	}
	all := func(status int) map[string]int { return buyers(status, status, status) }
	d, p := func(sub string) string { return tenderPath(draft.ID, sub) }, func(sub string) string { return tenderPath(pub.ID, sub) }
	for _, row := range []struct {
		path string
		want map[string]int
	}{
		{"/udbud", all(ok)},
		{"/udbud/anbefaling", all(ok)},
		{"/udbud/ny", map[string]int{tbAnon: signIn, tbSOV: refused, tbFirm: refused, tbOtherK: ok, tbBuyer: ok, tbPlatform: ok}},
		{p(""), all(ok)},
		{d(""), buyers(ok, hidden, hidden)},
		{d("/rediger"), buyers(ok, signIn, hidden)},
		{p("/rediger"), buyers(conflict, signIn, refused)},
		{p("/ret"), buyers(ok, signIn, refused)},
		{d("/ret"), buyers(conflict, signIn, hidden)},
		{d("/offentliggoer"), buyers(ok, signIn, hidden)},
		{p("/offentliggoer"), buyers(conflict, signIn, refused)},
		{p("/annuller"), buyers(ok, signIn, refused)},
		{d("/annuller"), buyers(ok, signIn, hidden)},
		{p("/tildel"), buyers(conflict, signIn, refused)},
		{p("/historik"), all(ok)},
		{d("/historik"), buyers(ok, hidden, hidden)},
		{p("/leverandoerer"), buyers(ok, signIn, refused)},
		{d("/leverandoerer"), buyers(ok, signIn, hidden)},
		{p("/leverandoerer/paamind"), buyers(ok, signIn, refused)},
		{p("/filer/" + idStr(pFile.ID)), all(ok)},
		{d("/filer/" + idStr(dFile.ID)), buyers(ok, hidden, hidden)},
		{p("/filer/" + idStr(dFile.ID)), all(hidden)},
		{p("/filer/" + idStr(pFile.ID) + "/slet"), buyers(ok, signIn, refused)},
		{d("/filer/" + idStr(dFile.ID) + "/slet"), buyers(ok, signIn, hidden)},
		{"/udbud/999999", all(hidden)},
		{"/udbud/abc", all(hidden)},
	} {
		for _, role := range tbRoles {
			if got := w.get(w.clients[role], row.path); got.status != row.want[role] {
				t.Errorf("GET %s as %s: %d, want %d", row.path, role, got.status, row.want[role])
			}
		}
	}
}

// TestTenderRights walks every write route of the buyer side with every
// role, each request on fresh data: the buyer's members and platform
// admins get their change (303), visitors are asked to sign in (401) and
// everybody else is refused (403) with nothing written or e-mailed. The
// recommender only reads and answers everyone.
func TestTenderRights(t *testing.T) {
	w := newTbWorld(t)
	allowed := map[string]bool{tbBuyer: true, tbPlatform: true}
	type fixture struct {
		tender *samspil.Tender
		file   *samspil.Attachment
	}
	type row struct {
		pattern string
		setup   func() fixture
		path    func(f fixture) string
		form    func(f fixture) url.Values
		upload  bool
		public  bool // everyone may; nothing is written
	}
	draft := func() fixture { return fixture{tender: w.relTender("Kladde", false)} }
	published := func() fixture { return fixture{tender: w.relTender("Offentligt", true)} }
	withFile := func() fixture {
		f := published()
		f.file = w.tenderFile(f.tender)
		return f
	}
	waiting := func() fixture {
		f := published()
		if err := w.store.RespondToTender(context.Background(), &samspil.TenderResponse{TenderID: f.tender.ID, OrganisationID: w.firm.ID, State: samspil.ResponseOpened}); err != nil {
			w.t.Fatal(err)
		}
		return f
	}
	closed := func() fixture {
		f := published()
		if err := w.store.RespondToTender(context.Background(), &samspil.TenderResponse{TenderID: f.tender.ID, OrganisationID: w.sov.ID, State: samspil.ResponseInterested}); err != nil {
			w.t.Fatal(err)
		}
		w.advance(72 * time.Hour) // past the tender deadline
		return f
	}
	sub := func(s string) func(f fixture) string {
		return func(f fixture) string { return tenderPath(f.tender.ID, s) }
	}
	formOf := func(f fixture, extra url.Values) url.Values {
		v := tenderFormValues(f.tender, w.srv.loc)
		v.Set("action", "save")
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	rows := []row{
		{pattern: "POST /udbud/ny", setup: func() fixture { return fixture{tender: w.relTender("Skabelon", false)} },
			path: func(fixture) string { return "/udbud/ny" },
			form: func(f fixture) url.Values { return formOf(f, url.Values{"title": {"Nyt udbud"}}) }},
		{pattern: "POST /udbud/anbefaling", setup: draft, path: func(fixture) string { return "/udbud/anbefaling" }, public: true,
			form: func(fixture) url.Values {
				return url.Values{"cpv_codes": {"98310000-9"}, "place_code": {"0751"}, "radius_km": {"50"}, "value": {"500.000"}}
			}},
		{pattern: "POST /udbud/{id}/rediger", setup: draft, path: sub("/rediger"),
			form: func(f fixture) url.Values { return formOf(f, url.Values{"title": {"Ændret titel"}}) }},
		{pattern: "POST /udbud/{id}/ret", setup: published, path: sub("/ret"),
			form: func(f fixture) url.Values {
				return formOf(f, url.Values{"title": {"Rettet titel"}, "note": {"Titlen er præciseret."}})
			}},
		{pattern: "POST /udbud/{id}/offentliggoer", setup: draft, path: sub("/offentliggoer"), form: func(fixture) url.Values { return confirmYes }},
		{pattern: "POST /udbud/{id}/annuller", setup: published, path: sub("/annuller"),
			form: func(fixture) url.Values { return url.Values{"confirm": {"yes"}, "reason": {"Behovet er bortfaldet."}} }},
		{pattern: "POST /udbud/{id}/leverandoerer/paamind", setup: waiting, path: sub("/leverandoerer/paamind"), form: func(fixture) url.Values { return confirmYes }},
		{pattern: "POST /udbud/{id}/filer", setup: published, path: sub("/filer"), upload: true},
		{pattern: "POST /udbud/{id}/filer/{fid}/slet", setup: withFile,
			path: func(f fixture) string { return tenderPath(f.tender.ID, "/filer/"+idStr(f.file.ID)+"/slet") },
			form: func(fixture) url.Values { return confirmYes }},
		// Last: it moves the clock past the deadlines.
		{pattern: "POST /udbud/{id}/tildel", setup: closed, path: sub("/tildel"),
			form: func(fixture) url.Values {
				return url.Values{"supplier_ids": {idStr(w.sov.ID)}, "value": {"450.000"}, "contract_start": {w.now().AddDate(0, 0, 10).Format("2006-01-02")},
					"contract_end": {w.now().AddDate(1, 0, 0).Format("2006-01-02")}, "section20_note": {"40 % er i målgruppen."}, "action": {"award"}}
			}},
	}
	covered := map[string]bool{}
	for _, rw := range rows {
		covered[rw.pattern] = true
		for _, role := range tbRoles {
			t.Run(rw.pattern+"/"+role, func(t *testing.T) {
				w.t = t
				f := rw.setup()
				path := rw.path(f)
				before, mails := w.fingerprint(), w.mails()
				var r resp
				if rw.upload {
					body, ctype := multipartBody(t, nil, "file", "bilag.pdf", smallPDF)
					r = w.send(w.clients[role], "POST", path, ctype, body.Bytes())
				} else {
					r = w.post(w.clients[role], path, rw.form(f))
				}
				changed := w.fingerprint() != before
				switch {
				case rw.public:
					if r.status != http.StatusOK || changed {
						t.Errorf("%s as %s: status %d, changed %v; want 200 and nothing written\n%s", path, role, r.status, changed, short(r.body))
					}
				case allowed[role]:
					if r.status != http.StatusSeeOther || !changed {
						t.Errorf("%s as %s: status %d, changed %v; want 303 and a change\n%s", path, role, r.status, changed, short(r.body))
					}
				default:
					want := http.StatusForbidden
					if role == tbAnon {
						want = http.StatusUnauthorized
					}
					if r.status != want {
						t.Errorf("%s as %s: status %d, want %d\n%s", path, role, r.status, want, short(r.body))
					}
					if changed {
						t.Errorf("%s as %s: refused, but the database changed", path, role)
					}
					if w.mails() != mails {
						t.Errorf("%s as %s: refused, but an e-mail was sent", path, role)
					}
				}
			})
		}
	}
	for _, p := range tenderWriteRoutes {
		if !covered[p] {
			t.Errorf("route %s has no row", p)
		}
	}
}
