package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// oppWorld is a company with a member, an SØV that fits its needs with an
// admin, and an outsider, all signed in on their own clients.
type oppWorld struct {
	*orgEnv
	company, sov, far   *samspil.Organisation
	companyC, sovC, out *http.Client
}

func newOppWorld(t *testing.T) *oppWorld {
	t.Helper()
	e := newOrgEnv(t)
	w := &oppWorld{orgEnv: e}
	w.company = e.org(&samspil.Organisation{CVR: validCVR(9001), Name: "Cykelfabrikken ApS", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0101"})
	w.sov = e.org(&samspil.Organisation{CVR: validCVR(9002), Name: "Grøn Vask", Kind: samspil.OrgSOV, MunicipalityCode: "0147",
		Description: "Vaskeri med plads til udsatte ledige.", CPVCodes: []string{"98310000-9"}, TargetGroups: []string{"udsatte_ledige"}, Capacity: 8})
	w.far = e.org(&samspil.Organisation{CVR: validCVR(9003), Name: "Fjern Vask", Kind: samspil.OrgSOV, MunicipalityCode: "0860",
		CPVCodes: []string{"98310000-9"}, TargetGroups: []string{"udsatte_ledige"}})
	e.member(e.users[roleMember], w.company, samspil.RoleMember, samspil.MembershipActive)
	e.member(e.users[roleAdmin], w.sov, samspil.RoleAdmin, samspil.MembershipActive)
	w.companyC, w.sovC, w.out = e.clients[roleMember], e.clients[roleAdmin], e.clients[roleOtherAdmin]
	return w
}

// validOppForm is a complete posting form for the company.
func (w *oppWorld) validOppForm() url.Values {
	return url.Values{
		"organisation_id": {idStr(w.company.ID)}, "kind": {"jobbehov"}, "title": {"Vaskeri til arbejdstøj"},
		"description": {"Vi søger et vaskeri til arbejdstøj."}, "cpv_codes": {"98310000-9 Vaske- og renseriydelser"},
		"target_groups": {"udsatte_ledige"}, "municipality_code": {"0101"}, "radius_km": {"50"}, "volume": {"3"},
		"estimated_value": {"1.234,50"}, "deadline": {time.Now().AddDate(0, 2, 0).Format("2006-01-02")},
	}
}

var locID = regexp.MustCompile(`^/muligheder/(\d+)$`)

// create posts the form and returns the new opportunity.
func (w *oppWorld) create(c *http.Client, form url.Values) *samspil.Opportunity {
	w.t.Helper()
	r := w.post(c, "/muligheder", form)
	if r.status != http.StatusSeeOther {
		w.t.Fatalf("create: status %d\n%s", r.status, short(r.body))
	}
	m := locID.FindStringSubmatch(r.header.Get("Location"))
	if m == nil {
		w.t.Fatalf("create: redirect to %q", r.header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	o, err := w.store.FindOpportunityByID(context.Background(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return o
}

// TestOpportunityFlow walks the whole way: post, see the match with its
// explanation, express interest, get notified, accept, and see the
// partnership on both sides.
func TestOpportunityFlow(t *testing.T) {
	w := newOppWorld(t)
	ctx := context.Background()

	// The board and the form.
	if r := w.get(w.companyC, "/muligheder/ny"); r.status != http.StatusOK {
		t.Fatalf("form: %d", r.status)
	} else {
		mustContain(t, r.body, "Cykelfabrikken ApS", `name="title"`, `value="jobbehov"`)
		if strings.Contains(r.body, `value="indkobsbehov"`) {
			t.Error("a company is offered the procurement kind")
		}
	}
	o := w.create(w.companyC, w.validOppForm())
	if o.EstimatedValueOre != 123450 {
		t.Errorf("value %d øre, want 123450", o.EstimatedValueOre)
	}
	if o.Deadline == nil || o.Deadline.In(w.srv.loc).Format("15:04:05") != "23:59:59" {
		t.Errorf("deadline %v, want the end of the day in Danish time", o.Deadline)
	}
	if len(o.CPVCodes) != 1 || o.CPVCodes[0] != "98310000-9" {
		t.Errorf("cpv %v", o.CPVCodes)
	}
	board := w.get(w.out, "/muligheder")
	mustContain(t, board.body, "Vaskeri til arbejdstøj", "/muligheder/feed.atom")

	// Everyone sees the page and the matches with their explanation.
	anon := w.get(w.clients[roleAnon], oppPath(o.ID, ""))
	if anon.status != http.StatusOK {
		t.Fatalf("anonymous view: %d", anon.status)
	}
	mustContain(t, anon.body, "Vaskeri til arbejdstøj", "/log-ind?next=", "Grøn Vask", "Hvorfor Grøn Vask matcher", "CPV-overlap", "Afstand")

	// The SØV's admin sees "express interest" next to their own match.
	page := w.get(w.sovC, oppPath(o.ID, ""))
	mustContain(t, page.body, `action="/muligheder/`+idStr(o.ID)+`/interesse"`, "?organisation="+idStr(w.sov.ID)+"#interesse")

	// An empty message is refused with the message next to the field.
	r := w.post(w.sovC, oppPath(o.ID, "/interesse"), url.Values{"organisation_id": {idStr(w.sov.ID)}, "message": {"  "}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("empty message: %d", r.status)
	}
	mustContain(t, r.body, "Skriv en kort besked")
	r = w.post(w.sovC, oppPath(o.ID, "/interesse"), url.Values{"organisation_id": {idStr(w.sov.ID)}, "message": {"Vi vasker gerne for jer."}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("interest: %d\n%s", r.status, short(r.body))
	}
	if r := w.post(w.sovC, oppPath(o.ID, "/interesse"), url.Values{"organisation_id": {idStr(w.sov.ID)}, "message": {"Igen"}}); r.status != http.StatusConflict {
		t.Errorf("duplicate interest: %d", r.status)
	}
	ins, _, err := w.store.FindInterests(ctx, samspil.InterestFilter{OpportunityID: o.ID})
	if err != nil || len(ins) != 1 {
		t.Fatalf("interests %v %v", ins, err)
	}
	in := ins[0]

	// The owner is notified in the layout and on the inbox page.
	inbox := w.get(w.companyC, "/notifikationer")
	mustContain(t, inbox.body, "Grøn Vask har vist interesse for »Vaskeri til arbejdstøj«", `class="badge-count"`, "/notifikationer/laest")
	// The owner sees the interest with accept and decline.
	page = w.get(w.companyC, oppPath(o.ID, ""))
	mustContain(t, page.body, "Vi vasker gerne for jer.", "/interesser/"+idStr(in.ID)+"/accepter", "/interesser/"+idStr(in.ID)+"/afvis")
	dash := w.get(w.companyC, "/overblik")
	mustContain(t, dash.body, "Interesse, der venter på svar", "Grøn Vask")

	// Nobody but the owner decides; the interested side cannot accept.
	if r := w.post(w.sovC, "/interesser/"+idStr(in.ID)+"/accepter", url.Values{"confirm": {"yes"}}); r.status != http.StatusForbidden {
		t.Errorf("interested side accepting: %d", r.status)
	}
	if r := w.get(w.companyC, "/interesser/"+idStr(in.ID)+"/accepter"); r.status != http.StatusOK {
		t.Errorf("confirmation page: %d", r.status)
	}
	if r := w.post(w.companyC, "/interesser/"+idStr(in.ID)+"/accepter", url.Values{"note": {"Velkommen"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("accept without confirmation: %d", r.status)
	}
	r = w.post(w.companyC, "/interesser/"+idStr(in.ID)+"/accepter", url.Values{"note": {"Velkommen"}, "confirm": {"yes"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/partnerskaber/") {
		t.Fatalf("accept: %d %q\n%s", r.status, r.header.Get("Location"), short(r.body))
	}
	pPath := r.header.Get("Location")
	for _, c := range []*http.Client{w.companyC, w.sovC} {
		pg := w.get(c, pPath)
		if pg.status != http.StatusOK {
			t.Fatalf("partnership page: %d", pg.status)
		}
		mustContain(t, pg.body, "Cykelfabrikken ApS", "Grøn Vask", "Foreslået", "Rekruttering", "Vaskeri til arbejdstøj")
		mustContain(t, w.get(c, "/partnerskaber").body, pPath)
		mustContain(t, w.get(c, "/overblik").body, pPath)
	}
	if r := w.get(w.out, pPath); r.status != http.StatusForbidden {
		t.Errorf("outsider on the partnership: %d", r.status)
	}
	if r := w.get(w.clients[rolePlatform], pPath); r.status != http.StatusOK {
		t.Errorf("platform admin on the partnership: %d", r.status)
	}
	if r := w.get(w.clients[roleAnon], pPath); r.status != http.StatusSeeOther {
		t.Errorf("anonymous on the partnership: %d", r.status)
	}
	// A second decision is refused with a message, not a 500.
	if r := w.post(w.companyC, "/interesser/"+idStr(in.ID)+"/afvis", url.Values{"confirm": {"yes"}}); r.status != http.StatusConflict {
		t.Errorf("deciding twice: %d", r.status)
	}
	// The SØV was notified of the acceptance; mark all read empties the badge.
	mustContain(t, w.get(w.sovC, "/notifikationer").body, "Cykelfabrikken ApS har accepteret")
	if r := w.post(w.sovC, "/notifikationer/laest", url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("mark read: %d", r.status)
	}
	if n, _ := w.store.CountUnreadNotifications(ctx, w.users[roleAdmin].ID); n != 0 {
		t.Errorf("unread after mark all: %d", n)
	}
	if strings.Contains(w.get(w.sovC, "/notifikationer").body, `class="badge-count"`) {
		t.Error("the badge stays after mark all read")
	}
}

// TestOpportunityFormValidation: every problem is shown next to its field,
// nothing typed is lost and nothing is written.
func TestOpportunityFormValidation(t *testing.T) {
	w := newOppWorld(t)
	before := w.fingerprint()
	for _, tc := range []struct {
		name   string
		change map[string]string
		want   []string
	}{
		{"no title", map[string]string{"title": ""}, []string{"Skriv en titel", `id="field-title"`}},
		{"bad money", map[string]string{"estimated_value": "12.50.000"}, []string{`aria-invalid="true"`, `value="12.50.000"`}},
		{"bad date", map[string]string{"deadline": "31-02-2027"}, []string{"Skriv fristen som en dato"}},
		{"past date", map[string]string{"deadline": "2001-01-01"}, []string{"Fristen skal ligge i fremtiden"}},
		{"unknown cpv", map[string]string{"cpv_codes": "12345678"}, []string{"12345678"}},
		{"no cpv", map[string]string{"cpv_codes": ""}, []string{"Vælg mindst én CPV-kode"}},
		{"kind not for companies", map[string]string{"kind": "indkobsbehov"}, []string{"kan ikke slå denne type mulighed op"}},
		{"mentoring without areas", map[string]string{"kind": "mentor_tilbud"}, []string{"Vælg mindst ét fagområde"}},
		{"radius", map[string]string{"radius_km": "900"}, []string{"Afstanden skal være mellem 0 og 500 km"}},
		{"negative volume", map[string]string{"volume": "-3"}, []string{"negativt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			f := w.validOppForm()
			for k, v := range tc.change {
				f.Set(k, v)
			}
			r := w.post(w.companyC, "/muligheder", f)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", r.status, short(r.body))
			}
			mustContain(t, r.body, tc.want...)
			mustContain(t, r.body, `class="error-summary"`, "Vi søger et vaskeri til arbejdstøj.")
		})
	}
	w.t = t
	if w.fingerprint() != before {
		t.Error("a refused form wrote to the database")
	}
}

// TestOpportunityEditAndStatus: the owner edits, closes, reopens and marks
// filled; the board hides closed ones by default.
func TestOpportunityEditAndStatus(t *testing.T) {
	w := newOppWorld(t)
	o := w.create(w.companyC, w.validOppForm())
	edit := w.get(w.companyC, oppPath(o.ID, "/rediger"))
	mustContain(t, edit.body, `value="1.234,50"`, "98310000-9", `value="Vaskeri til arbejdstøj"`)
	f := w.validOppForm()
	f.Set("title", "Vaskeri til arbejdstøj og håndklæder")
	f.Set("estimated_value", "2000000")
	if r := w.post(w.companyC, oppPath(o.ID, "/rediger"), f); r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.status, short(r.body))
	}
	got, _ := w.store.FindOpportunityByID(context.Background(), o.ID)
	if got.Title != "Vaskeri til arbejdstøj og håndklæder" || got.EstimatedValueOre != 200000000 {
		t.Errorf("after edit: %q %d", got.Title, got.EstimatedValueOre)
	}
	f.Set("title", "")
	if r := w.post(w.companyC, oppPath(o.ID, "/rediger"), f); r.status != http.StatusUnprocessableEntity {
		t.Errorf("empty title on edit: %d", r.status)
	}
	if r := w.get(w.companyC, oppPath(o.ID, "/status?to=closed")); r.status != http.StatusOK {
		t.Errorf("confirm page: %d", r.status)
	}
	if r := w.post(w.companyC, oppPath(o.ID, "/status"), url.Values{"to": {"closed"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("close without confirm: %d", r.status)
	}
	if r := w.post(w.companyC, oppPath(o.ID, "/status"), url.Values{"to": {"closed"}, "confirm": {"yes"}}); r.status != http.StatusSeeOther {
		t.Fatalf("close: %d", r.status)
	}
	if strings.Contains(w.get(w.out, "/muligheder").body, oppPath(o.ID, "")) {
		t.Error("a closed opportunity is on the default board")
	}
	mustContain(t, w.get(w.out, "/muligheder?status=closed").body, oppPath(o.ID, ""))
	// A closed one takes no interest.
	if r := w.post(w.sovC, oppPath(o.ID, "/interesse"), url.Values{"organisation_id": {idStr(w.sov.ID)}, "message": {"Hej"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("interest in a closed opportunity: %d", r.status)
	}
	if r := w.post(w.companyC, oppPath(o.ID, "/status"), url.Values{"to": {"filled"}, "confirm": {"yes"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("closed → filled: %d", r.status)
	}
	if r := w.post(w.companyC, oppPath(o.ID, "/status"), url.Values{"to": {"open"}, "confirm": {"yes"}}); r.status != http.StatusSeeOther {
		t.Errorf("reopen: %d", r.status)
	}
	if r := w.post(w.companyC, oppPath(o.ID, "/status"), url.Values{"to": {"filled"}, "confirm": {"yes"}}); r.status != http.StatusSeeOther {
		t.Errorf("mark filled: %d", r.status)
	}
	// Others may not edit or close.
	for _, c := range []*http.Client{w.sovC, w.out, w.clients[roleUser]} {
		if r := w.post(c, oppPath(o.ID, "/status"), url.Values{"to": {"open"}, "confirm": {"yes"}}); r.status != http.StatusForbidden {
			t.Errorf("status by a stranger: %d", r.status)
		}
		if r := w.get(c, oppPath(o.ID, "/rediger")); r.status != http.StatusForbidden {
			t.Errorf("edit page for a stranger: %d", r.status)
		}
	}
	if r := w.post(w.clients[rolePlatform], oppPath(o.ID, "/status"), url.Values{"to": {"open"}, "confirm": {"yes"}}); r.status != http.StatusSeeOther {
		t.Errorf("platform admin reopening: %d", r.status)
	}
}

// TestOpportunityPagesBadInput: nonsense in URLs answers 404 or a normal
// page, never a 500.
func TestOpportunityPagesBadInput(t *testing.T) {
	w := newOppWorld(t)
	for _, tc := range []struct {
		c    *http.Client
		path string
		want int
	}{
		{w.out, "/muligheder?kind=nope&status=nope&municipality=9999&target_group=x&sort=zzz&page=-4", http.StatusOK},
		{w.out, "/muligheder?page=999999999", http.StatusOK},
		{w.out, "/muligheder/abc", http.StatusNotFound},
		{w.out, "/muligheder/999999", http.StatusNotFound},
		{w.out, "/muligheder/0/rediger", http.StatusNotFound},
		{w.out, "/interesser/999/accepter", http.StatusNotFound},
		{w.out, "/interesser/1/hack", http.StatusNotFound},
		{w.out, "/partnerskaber/999999", http.StatusNotFound},
		{w.out, "/notifikationer?page=x", http.StatusOK},
		{w.clients[roleUser], "/overblik", http.StatusOK},
		{w.clients[roleUser], "/muligheder/ny", http.StatusOK},
		{w.clients[roleAnon], "/overblik", http.StatusSeeOther},
		{w.clients[roleAnon], "/muligheder/ny", http.StatusSeeOther},
		{w.clients[roleAnon], "/muligheder?lang=en", http.StatusOK},
	} {
		if r := w.get(tc.c, tc.path); r.status != tc.want {
			t.Errorf("GET %s: %d, want %d\n%s", tc.path, r.status, tc.want, short(r.body))
		}
	}
	// A person without an organisation is told what to do next.
	mustContain(t, w.get(w.clients[roleUser], "/overblik").body, "/organisationer/ny")
	mustContain(t, w.get(w.clients[roleUser], "/muligheder/ny").body, "/organisationer/ny")
}

// rawKey finds a translation key shown as text: a missing translation.
var rawKey = regexp.MustCompile(`>\s*(?:opp|match|interest|dash|note|partnership|model)\.[a-z_.]+\s*<`)

// TestOpportunityPagesInEnglish: every page of the area reads in English
// with no untranslated key, for the owner, the other side and a visitor.
func TestOpportunityPagesInEnglish(t *testing.T) {
	w := newOppWorld(t)
	o := w.create(w.companyC, w.validOppForm())
	if r := w.post(w.sovC, oppPath(o.ID, "/interesse"), url.Values{"organisation_id": {idStr(w.sov.ID)}, "message": {"Hello"}}); r.status != http.StatusSeeOther {
		t.Fatalf("interest: %d", r.status)
	}
	ins, _, _ := w.store.FindInterests(context.Background(), samspil.InterestFilter{OpportunityID: o.ID})
	r := w.post(w.companyC, "/interesser/"+idStr(ins[0].ID)+"/accepter", url.Values{"confirm": {"yes"}})
	pPath := r.header.Get("Location")
	for _, c := range []*http.Client{w.companyC, w.sovC, w.clients[roleAnon]} {
		w.get(c, "/?lang=en")
	}
	for _, tc := range []struct {
		c    *http.Client
		path string
		want []string
	}{
		{w.clients[roleAnon], "/muligheder", []string{"Opportunities", "Labour need"}},
		{w.clients[roleAnon], oppPath(o.ID, ""), []string{"Best-matching organisations", "Why Grøn Vask matches", "Sign in to express interest"}},
		{w.companyC, oppPath(o.ID, ""), []string{"Interest from others", "Accepted"}},
		{w.companyC, oppPath(o.ID, "/rediger"), []string{"Edit opportunity"}},
		{w.companyC, oppPath(o.ID, "/status?to=closed"), []string{"Close the opportunity"}},
		{w.companyC, "/muligheder/ny", []string{"Post an opportunity"}},
		{w.companyC, "/overblik", []string{"Dashboard", "Your opportunities"}},
		{w.sovC, "/overblik", []string{"Interest you have expressed"}},
		{w.sovC, "/notifikationer", []string{"Cykelfabrikken ApS accepted your interest"}},
		{w.sovC, "/partnerskaber", []string{"Proposed"}},
		{w.sovC, pPath, []string{"Recruitment", "Owner of the opportunity"}},
	} {
		r := w.get(tc.c, tc.path)
		if r.status != http.StatusOK {
			t.Errorf("%s: %d", tc.path, r.status)
			continue
		}
		mustContain(t, r.body, tc.want...)
		if m := rawKey.FindString(r.body); m != "" {
			t.Errorf("%s shows an untranslated key: %s", tc.path, m)
		}
	}
}

// TestOpportunityFormSeveralOrganisations: a person in two organisations
// first picks the posting one; the form then offers only its kinds.
func TestOpportunityFormSeveralOrganisations(t *testing.T) {
	w := newOppWorld(t)
	w.member(w.users[roleMember], w.sov, samspil.RoleMember, samspil.MembershipActive)
	r := w.get(w.companyC, "/muligheder/ny")
	mustContain(t, r.body, `action="/muligheder/ny"`, `name="organisation"`, "Cykelfabrikken ApS", "Grøn Vask")
	if strings.Contains(r.body, `name="title"`) {
		t.Error("the form is shown before an organisation is chosen")
	}
	r = w.get(w.companyC, "/muligheder/ny?organisation="+idStr(w.sov.ID))
	mustContain(t, r.body, `name="title"`, `value="ydelse"`, `value="mentor_behov"`, "Vælg en anden organisation")
	if strings.Contains(r.body, `value="jobbehov"`) {
		t.Error("an SØV is offered the labour-need kind")
	}
	// Posting without choosing asks for the organisation and keeps the text.
	f := w.validOppForm()
	f.Del("organisation_id")
	r = w.post(w.companyC, "/muligheder", f)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("no organisation: %d", r.status)
	}
	mustContain(t, r.body, "Vælg den organisation", "Vaskeri til arbejdstøj")
	// Someone else's organisation in the URL is not offered.
	r = w.get(w.companyC, "/muligheder/ny?organisation="+idStr(w.far.ID))
	if strings.Contains(r.body, "Fjern Vask") {
		t.Error("a stranger's organisation is offered")
	}
}
