package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/blob"
)

// caseWorld is an SØV whose member tells about a case, a municipality
// with a member who may start a similar partnership, another organisation's
// admin, an editor of the secretariat and a platform admin, each signed in
// on their own client, with a blob folder for attachments.
type caseWorld struct {
	*orgEnv
	sov, other, kommune *samspil.Organisation
	owner, outsider     *http.Client // a member of sov; the admin of other
	editor, platform    *http.Client
	anon, plain         *http.Client // anonymous; signed in without organisation
	kommuneC            *http.Client // a member of the municipality
	editorUser          *samspil.User
}

func newCaseWorld(t *testing.T) *caseWorld {
	t.Helper()
	e := newOrgEnv(t)
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.srv.blobs = blobs
	w := &caseWorld{orgEnv: e}
	w.sov = e.org(&samspil.Organisation{CVR: validCVR(9101), Name: "Grøn Vask", Kind: samspil.OrgSOV, MunicipalityCode: "0751"})
	w.other = e.org(&samspil.Organisation{CVR: validCVR(9102), Name: "Fremmed ApS", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0101"})
	k, err := e.store.FindMunicipalityOrganisation(context.Background(), "0751")
	if err != nil {
		t.Fatal(err)
	}
	w.kommune = k
	e.member(e.users[roleMember], w.sov, samspil.RoleMember, samspil.MembershipActive)
	e.member(e.users[roleOtherAdmin], w.other, samspil.RoleAdmin, samspil.MembershipActive)
	e.member(e.users[roleAdmin], w.kommune, samspil.RoleAdmin, samspil.MembershipActive)
	w.owner, w.outsider, w.platform = e.clients[roleMember], e.clients[roleOtherAdmin], e.clients[rolePlatform]
	w.anon, w.plain, w.kommuneC = e.clients[roleAnon], e.clients[roleUser], e.clients[roleAdmin]
	now := time.Now().UTC()
	w.editorUser = &samspil.User{Email: "editor@rights.test", Name: "Redaktør", PasswordHash: testPasswordHash(), EmailConfirmedAt: &now,
		IsEditor: true, Locale: "da"}
	if err := e.store.CreateUser(context.Background(), w.editorUser); err != nil {
		t.Fatal(err)
	}
	w.editor = e.client()
	e.login(w.editor, w.editorUser.Email, testPassword)
	return w
}

// validCaseForm is a complete case for org, with a partner linked to
// linked (when not nil).
func validCaseForm(org, linked *samspil.Organisation) url.Values {
	v := url.Values{
		"organisation_id": {idStr(org.ID)}, "title": {"Vaskeri med reserveret kontrakt"},
		"summary": {"Kommunen reserverede vask af arbejdstøj til en socialøkonomisk virksomhed."},
		"model":   {"reserveret_kontrakt"}, "municipality_code": {"0751"},
		"period_start": {"2023-01-01"}, "period_end": {"2023-12-31"}, "target_groups": {"udsatte_ledige"},
		"what_was_done": {"Vi delte udbuddet og **reserverede** en del efter § 20."},
		"economy":       {"Prisen lå på niveau med markedet."}, "value": {"1.234,50"},
		"worked_well": {"Tæt dialog."}, "worked_less": {"Lang opstart."},
		"contact_name": {"Mette Jensen"}, "contact_email": {"mette@groenvask.test"}, "contact_phone": {"12 34 56 78"},
		"partners.0.name": {"Aarhus Kommune"}, "partners.0.role": {"køber"},
		"results.0.metric": {"Personer i ordinært job"}, "results.0.value": {"12"}, "results.0.unit": {"personer"}, "results.0.period": {"2023"},
		"results.1.metric": {"Timer pr. uge"}, "results.1.value": {"3,5"}, "results.1.unit": {"timer"}, "results.1.period": {"2023"},
		"action": {"save"},
	}
	if linked != nil {
		v.Set("partners.1.org", "/organisationer/"+idStr(linked.ID))
		v.Set("partners.1.role", "mentor")
	}
	return v
}

var caseLocID = regexp.MustCompile(`^/erfaringer/(\d+)$`)

// createCase posts form and returns the stored case.
func (w *caseWorld) createCase(c *http.Client, form url.Values) *samspil.Case {
	w.t.Helper()
	r := w.post(c, "/erfaringer", form)
	if r.status != http.StatusSeeOther {
		w.t.Fatalf("create case: status %d\n%s", r.status, short(r.body))
	}
	m := caseLocID.FindStringSubmatch(r.header.Get("Location"))
	if m == nil {
		w.t.Fatalf("create case: redirect to %q", r.header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return w.findCase(id)
}

func (w *caseWorld) findCase(id int64) *samspil.Case {
	w.t.Helper()
	c, err := w.store.FindCaseByID(context.Background(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *caseWorld) countCases() int {
	w.t.Helper()
	var n int
	if err := w.store.SQL().QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

func wantStatus(t *testing.T, what string, r resp, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, want, short(r.body))
	}
}

var confirmYes = url.Values{"confirm": {"yes"}}

// TestCaseFlow walks a case from the form through review to the public
// library: mistakes come back next to their fields with nothing lost, the
// preview saves nothing, the secretariat returns and publishes, the public
// list and its filters show it, and the owner withdraws and deletes it.
func TestCaseFlow(t *testing.T) {
	w := newCaseWorld(t)

	// The form.
	r := w.get(w.owner, "/erfaringer/ny")
	wantStatus(t, "form", r, http.StatusOK)
	mustContain(t, r.body, "Grøn Vask", `name="title"`, `name="results.0.value"`, `name="partners.0.org"`, `value="reserveret_kontrakt"`, `value="preview"`)

	// Mistakes: every one next to its field, everything typed kept.
	bad := validCaseForm(w.sov, w.other)
	bad.Set("title", " ")
	bad.Set("value", "12.50.000")
	bad.Set("results.1.value", "tre")
	bad.Set("results.2.value", "4")
	bad.Set("period_end", "2022-12-31")
	bad.Set("partners.2.org", "/organisationer/999999")
	r = w.post(w.owner, "/erfaringer", bad)
	wantStatus(t, "bad form", r, http.StatusUnprocessableEntity)
	mustContain(t, r.body, "Titlen skal udfyldes", "Skriv beløbet i kroner", "Skriv et tal, fx 12", "Hvert resultat skal have et navn",
		"Perioden skal slutte efter", "Der er ingen organisation på Samspil med den adresse",
		`href="#field-results-1-value"`, `id="field-results-1-value" name="results.1.value" type="text" value="tre"`,
		"Kommunen reserverede vask af arbejdstøj", `value="12.50.000"`, `aria-invalid="true"`)
	if w.countCases() != 0 {
		t.Fatal("a form with errors stored a case")
	}

	// The preview renders the Markdown and stores nothing.
	pv := validCaseForm(w.sov, nil)
	pv.Set("action", "preview")
	pv.Set("worked_less", "<script>alert(1)</script>\n\n[klik](javascript:alert(2)) *kursiv*")
	r = w.post(w.owner, "/erfaringer", pv)
	wantStatus(t, "preview", r, http.StatusOK)
	mustContain(t, r.body, "Forhåndsvisning", "<strong>reserverede</strong>", "<em>kursiv</em>", "Vi delte udbuddet")
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, `href="javascript:`) {
		t.Error("the preview lets a script or a javascript: link through")
	}
	// More rows, without saving.
	more := validCaseForm(w.sov, nil)
	more.Set("action", "rows")
	r = w.post(w.owner, "/erfaringer", more)
	wantStatus(t, "more rows", r, http.StatusOK)
	mustContain(t, r.body, `name="results.5.metric"`)
	if w.countCases() != 0 {
		t.Fatal("the preview stored a case")
	}

	// Saved as a draft, with the amounts read the Danish way and the
	// linked partner named from its profile.
	c := w.createCase(w.owner, validCaseForm(w.sov, w.other))
	if c.Status != samspil.CaseDraft || c.OrganisationID != w.sov.ID || c.ValueOre != 123450 {
		t.Errorf("stored %s org %d value %d", c.Status, c.OrganisationID, c.ValueOre)
	}
	if len(c.Results) != 2 || c.Results[1].Value != 3.5 || c.Results[0].Value != 12 {
		t.Errorf("results %+v", c.Results)
	}
	if len(c.Partners) != 2 || c.Partners[1].OrganisationID == nil || *c.Partners[1].OrganisationID != w.other.ID || c.Partners[1].Name != "Fremmed ApS" {
		t.Errorf("partners %+v", c.Partners)
	}
	if c.PeriodStart == nil || c.PeriodStart.Format("2006-01-02") != "2023-01-01" {
		t.Errorf("period start %v", c.PeriodStart)
	}
	page := casePath(c.ID, "")

	// A draft: the owner and the secretariat see it, nobody else.
	r = w.get(w.owner, page)
	wantStatus(t, "owner view", r, http.StatusOK)
	mustContain(t, r.body, "Kladde", casePath(c.ID, "/rediger"), casePath(c.ID, "/indsend"), casePath(c.ID, "/slet"),
		`<a href="/organisationer/`+idStr(w.other.ID)+`">Fremmed ApS</a>`, "1.234 kr.", "3,5", `action="`+casePath(c.ID, "/filer")+`"`,
		`action="/foelg"`, `name="kind" value="case"`, `name="key" value="`+idStr(c.ID)+`"`)
	for _, who := range []*http.Client{w.anon, w.plain, w.outsider} {
		wantStatus(t, "stranger views a draft", w.get(who, page), http.StatusNotFound)
	}
	wantStatus(t, "editor views a draft", w.get(w.editor, page), http.StatusOK)
	wantStatus(t, "platform admin views a draft", w.get(w.platform, page), http.StatusOK)

	// The edit form shows the stored values in the notation it reads back.
	r = w.get(w.owner, casePath(c.ID, "/rediger"))
	wantStatus(t, "edit form", r, http.StatusOK)
	mustContain(t, r.body, `value="1.234,50"`, `value="3,5"`, `value="/organisationer/`+idStr(w.other.ID)+`"`, `value="2023-12-31"`)
	ed := validCaseForm(w.sov, w.other)
	ed.Set("title", "Vaskeri med reserveret kontrakt i Aarhus")
	wantStatus(t, "edit", w.post(w.owner, casePath(c.ID, "/rediger"), ed), http.StatusSeeOther)
	if got := w.findCase(c.ID).Title; got != "Vaskeri med reserveret kontrakt i Aarhus" {
		t.Errorf("title after edit %q", got)
	}

	// Sent for review: confirmation first.
	r = w.get(w.owner, casePath(c.ID, "/indsend"))
	wantStatus(t, "submit page", r, http.StatusOK)
	mustContain(t, r.body, `name="confirm" value="yes"`)
	wantStatus(t, "submit without confirm", w.post(w.owner, casePath(c.ID, "/indsend"), url.Values{}), http.StatusOK)
	if w.findCase(c.ID).Status != samspil.CaseDraft {
		t.Fatal("submitted without confirmation")
	}
	wantStatus(t, "submit", w.post(w.owner, casePath(c.ID, "/indsend"), confirmYes), http.StatusSeeOther)
	if st := w.findCase(c.ID).Status; st != samspil.CaseReview {
		t.Fatalf("status %s after submit", st)
	}
	wantStatus(t, "edit in review", w.post(w.owner, casePath(c.ID, "/rediger"), ed), http.StatusConflict)
	wantStatus(t, "submit twice", w.post(w.owner, casePath(c.ID, "/indsend"), confirmYes), http.StatusConflict)
	mustContain(t, w.get(w.owner, page).body, "sendt til godkendelse")

	// The queue: editors only.
	r = w.get(w.editor, "/erfaringer/review")
	wantStatus(t, "queue", r, http.StatusOK)
	mustContain(t, r.body, "Vaskeri med reserveret kontrakt i Aarhus", casePath(c.ID, "/udgiv"))
	wantStatus(t, "queue as owner", w.get(w.owner, "/erfaringer/review"), http.StatusForbidden)
	wantStatus(t, "queue anonymous", w.get(w.anon, "/erfaringer/review"), http.StatusSeeOther)
	wantStatus(t, "owner publishes", w.post(w.owner, casePath(c.ID, "/udgiv"), confirmYes), http.StatusForbidden)

	// Returned with a note, which the owner sees; then sent again.
	r = w.post(w.editor, casePath(c.ID, "/returner"), url.Values{"confirm": {"yes"}, "note": {" "}})
	wantStatus(t, "return without a note", r, http.StatusUnprocessableEntity)
	mustContain(t, r.body, "Skriv, hvad der skal rettes")
	wantStatus(t, "return", w.post(w.editor, casePath(c.ID, "/returner"), url.Values{"confirm": {"yes"}, "note": {"Tilføj gerne økonomien i tal."}}), http.StatusSeeOther)
	if st := w.findCase(c.ID).Status; st != samspil.CaseDraft {
		t.Fatalf("status %s after return", st)
	}
	mustContain(t, w.get(w.owner, page).body, "Sekretariatets bemærkning", "Tilføj gerne økonomien i tal.")
	wantStatus(t, "submit again", w.post(w.owner, casePath(c.ID, "/indsend"), confirmYes), http.StatusSeeOther)

	// Published by an editor: everyone sees it, the list and its filters.
	wantStatus(t, "publish page", w.get(w.editor, casePath(c.ID, "/udgiv")), http.StatusOK)
	wantStatus(t, "publish", w.post(w.editor, casePath(c.ID, "/udgiv"), confirmYes), http.StatusSeeOther)
	r = w.get(w.anon, page)
	wantStatus(t, "anonymous view", r, http.StatusOK)
	mustContain(t, r.body, "Vaskeri med reserveret kontrakt i Aarhus", "Personer i ordinært job", `<td class="num">12</td>`,
		"/muligheder/ny?fra_erfaring="+idStr(c.ID), "<strong>reserverede</strong>", "mette@groenvask.test")
	if strings.Contains(r.body, `action="/foelg"`) {
		t.Error("an anonymous visitor is shown the follow form")
	}
	list := w.get(w.anon, "/erfaringer")
	wantStatus(t, "list", list, http.StatusOK)
	mustContain(t, list.body, `<link rel="alternate" type="application/atom+xml"`, `href="/feeds/cases.atom"`, "Vaskeri med reserveret kontrakt i Aarhus", "1 erfaring")
	mustContain(t, w.get(w.anon, "/erfaringer?model=reserveret_kontrakt&municipality=0751&target_group=udsatte_ledige&sort=title").body, "Vaskeri med reserveret kontrakt i Aarhus")
	empty := w.get(w.anon, "/erfaringer?model=pilot")
	mustContain(t, empty.body, "Ingen erfaringer passer")
	if strings.Contains(empty.body, "Vaskeri med reserveret kontrakt i Aarhus") {
		t.Error("the model filter lets another model through")
	}
	mustContain(t, w.get(w.anon, "/erfaringer?q=vaskeri").body, "Vaskeri med reserveret kontrakt i Aarhus")
	mustContain(t, w.get(w.anon, "/erfaringer?model=nonsense&municipality=9999&sort=x&page=-3").body, "Vaskeri med reserveret kontrakt")

	// A similar partnership: the municipality's member gets the
	// opportunity form filled from the case.
	r = w.get(w.kommuneC, "/muligheder/ny?fra_erfaring="+idStr(c.ID))
	wantStatus(t, "similar partnership", r, http.StatusOK)
	mustContain(t, r.body, `value="Vaskeri med reserveret kontrakt i Aarhus"`, `<option value="indkobsbehov" selected>`,
		"Inspireret af erfaringen", casePath(c.ID, ""), `<option value="0751" selected>`, `value="udsatte_ledige" checked`,
		"Formularen er udfyldt ud fra erfaringen")

	// Withdrawn by the owner: a draft again, hidden from the public.
	wantStatus(t, "withdraw", w.post(w.owner, casePath(c.ID, "/traek-tilbage"), confirmYes), http.StatusSeeOther)
	wantStatus(t, "withdrawn, anonymous", w.get(w.anon, page), http.StatusNotFound)
	mustContain(t, w.get(w.owner, "/erfaringer?organisation="+idStr(w.sov.ID)).body, "Vaskeri med reserveret kontrakt i Aarhus", "Kladde")

	// Deleted after a confirmation page.
	mustContain(t, w.get(w.owner, casePath(c.ID, "/slet")).body, "Slet kladden", `name="confirm" value="yes"`)
	wantStatus(t, "outsider deletes", w.post(w.outsider, casePath(c.ID, "/slet"), confirmYes), http.StatusForbidden)
	wantStatus(t, "delete", w.post(w.owner, casePath(c.ID, "/slet"), confirmYes), http.StatusSeeOther)
	if _, err := w.store.FindCaseByID(context.Background(), c.ID); samspil.ErrorCode(err) != samspil.ENOTFOUND {
		t.Errorf("after delete: %v", err)
	}
}

// TestCaseSubmitIncomplete: a draft without results or contact cannot be
// sent; the confirmation page says what is missing and links to the form.
func TestCaseSubmitIncomplete(t *testing.T) {
	w := newCaseWorld(t)
	f := url.Values{"title": {"Halvfærdig"}, "model": {"pilot"}, "municipality_code": {"0751"}, "action": {"save"}}
	c := w.createCase(w.owner, f)
	r := w.get(w.owner, casePath(c.ID, "/indsend"))
	wantStatus(t, "submit page", r, http.StatusOK)
	mustContain(t, r.body, "mangler noget", "Skriv et kort resumé", "Tilføj mindst ét målt resultat", casePath(c.ID, "/rediger"))
	r = w.post(w.owner, casePath(c.ID, "/indsend"), confirmYes)
	wantStatus(t, "submit", r, http.StatusUnprocessableEntity)
	mustContain(t, r.body, "Tilføj mindst ét målt resultat")
	if w.findCase(c.ID).Status != samspil.CaseDraft {
		t.Error("an incomplete case was submitted")
	}
}

// TestCaseMarkdownIsHarmless: scripts, event handlers and javascript:
// links typed into a case never reach its page.
func TestCaseMarkdownIsHarmless(t *testing.T) {
	w := newCaseWorld(t)
	f := validCaseForm(w.sov, nil)
	f.Set("what_was_done", "<script>alert('x')</script>\n\n[klik her](javascript:alert(1)) <img src=x onerror=alert(2)> **fed** [ok](https://example.org)")
	f.Set("economy", "<a href=\"javascript:alert(3)\">penge</a>")
	f.Set("title", "<script>alert(4)</script>")
	c := w.createCase(w.owner, f)
	body := w.get(w.owner, casePath(c.ID, "")).body
	for _, bad := range []string{"<script>alert", "javascript:", "onerror="} {
		if strings.Contains(body, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	mustContain(t, body, "<strong>fed</strong>", `href="https://example.org"`, "&lt;script&gt;alert(4)&lt;/script&gt;")
}

// TestCaseFormOrganisations: a person without an organisation is told how
// to get one; one with several must choose, and only among their own.
func TestCaseFormOrganisations(t *testing.T) {
	w := newCaseWorld(t)
	mustContain(t, w.get(w.plain, "/erfaringer/ny").body, "medlem af en organisation")
	wantStatus(t, "no organisation", w.post(w.plain, "/erfaringer", validCaseForm(w.sov, nil)), http.StatusForbidden)
	wantStatus(t, "another's organisation", w.post(w.outsider, "/erfaringer", validCaseForm(w.sov, nil)), http.StatusForbidden)
	// The municipality's admin is also a member of the SØV now: two choices.
	w.member(w.users[roleAdmin], w.sov, samspil.RoleMember, samspil.MembershipActive)
	r := w.get(w.kommuneC, "/erfaringer/ny")
	mustContain(t, r.body, `name="organisation_id"`, "Vælg organisation", "Grøn Vask", w.kommune.Name)
	f := validCaseForm(w.sov, nil)
	f.Del("organisation_id")
	r = w.post(w.kommuneC, "/erfaringer", f)
	wantStatus(t, "no organisation chosen", r, http.StatusUnprocessableEntity)
	mustContain(t, r.body, "Vælg den organisation, der fortæller erfaringen")
	c := w.createCase(w.kommuneC, validCaseForm(w.kommune, nil))
	if c.OrganisationID != w.kommune.ID {
		t.Errorf("organisation %d", c.OrganisationID)
	}
	// A platform admin may write for any organisation.
	if c := w.createCase(w.platform, validCaseForm(w.other, nil)); c.OrganisationID != w.other.ID {
		t.Errorf("platform admin's case for %d", c.OrganisationID)
	}
}

// TestCaseEnglish: the pages read in English too.
func TestCaseEnglish(t *testing.T) {
	w := newCaseWorld(t)
	mustContain(t, w.get(w.anon, "/erfaringer?lang=en").body, "Cases", "No cases match")
	mustContain(t, w.get(w.owner, "/erfaringer/ny?lang=en").body, "Tell about a case", "Measured results", "Show preview")
}

// TestCaseKeysAreTranslated checks the keys the case pages build at run
// time and the literal keys of the case Go files, in both languages.
func TestCaseKeysAreTranslated(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range caseActions {
		for _, part := range []string{".title", ".question", ".button"} {
			keys = append(keys, "case.action."+a.Key+part)
		}
		keys = append(keys, "case.flash."+a.Key)
	}
	for _, st := range []samspil.CaseStatus{samspil.CaseDraft, samspil.CaseReview, samspil.CasePublished} {
		keys = append(keys, "case.status."+string(st))
	}
	for _, so := range caseSorts {
		keys = append(keys, "case.sort."+so)
	}
	for _, m := range samspil.CollaborationModels {
		keys = append(keys, "model."+string(m))
	}
	re := regexp.MustCompile(`"((?:case|money|attachment|opp\.form)\.[a-z_.]+[a-z])"`)
	for _, f := range []string{"case_routes.go", "case_form.go", "case_list.go", "case_parse.go", "case_status.go", "case_view.go", "attachment.go", "opp_fromcase.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				keys = append(keys, m[1])
			}
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys", len(keys))
	}
	for _, k := range keys {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("key %q missing in %s", k, lang)
			}
		}
	}
}

// TestCaseAndGuideSearchLinks: search hits for a published case link to
// its page, hits for a guide chapter to the number route, which sends the
// browser on to the chapter's own address.
func TestCaseAndGuideSearchLinks(t *testing.T) {
	w := newCaseWorld(t)
	seedGuideChapters(t, w.store, testChapters())
	c := w.draft("Cykelværksted i kommunens kælder")
	ctx := context.Background()
	if _, err := w.store.SubmitCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.PublishCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	r := w.get(w.anon, "/soeg?q=cykelværksted")
	wantStatus(t, "search", r, http.StatusOK)
	mustContain(t, r.body, `href="`+casePath(c.ID, "")+`"`)

	chapters, err := w.store.FindGuideChapters(ctx)
	if err != nil || len(chapters) == 0 {
		t.Fatalf("chapters %v %v", chapters, err)
	}
	var g *samspil.GuideChapter
	for _, x := range chapters {
		if x.Slug == "reserveret-kontrakt" {
			g = x
		}
	}
	if g == nil {
		t.Fatal("no reserveret-kontrakt chapter")
	}
	r = w.get(w.anon, "/soeg?q=reserveret+kontrakt&type=guide")
	wantStatus(t, "guide search", r, http.StatusOK)
	mustContain(t, r.body, `href="`+guideIDPath(g.ID)+`"`)
	r = w.get(w.anon, guideIDPath(g.ID))
	wantStatus(t, "guide by number", r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != "/vejledning/reserveret-kontrakt" {
		t.Errorf("redirect to %q", loc)
	}
	wantStatus(t, "unknown chapter number", w.get(w.anon, guideIDPath(999999)), http.StatusNotFound)
	wantStatus(t, "bad chapter number", w.get(w.anon, "/soeg/vejledning/abc"), http.StatusNotFound)
}

func TestKindForCase(t *testing.T) {
	for _, tc := range []struct {
		model    samspil.CollaborationModel
		org      samspil.OrgKind
		partners []samspil.OrgKind
		want     samspil.OpportunityKind
	}{
		{samspil.ModelReserveretKontrakt, samspil.OrgKommune, nil, samspil.OppIndkobsbehov},
		{samspil.ModelSocialKlausul, samspil.OrgSOV, nil, samspil.OppYdelse},
		{samspil.ModelIndkob, samspil.OrgVirksomhed, nil, samspil.OppPartnerskab},
		{samspil.ModelRekruttering, samspil.OrgVirksomhed, nil, samspil.OppJobbehov},
		{samspil.ModelRekruttering, samspil.OrgSOV, nil, samspil.OppPartnerskab},
		{samspil.ModelKompetenceloeft, samspil.OrgVirksomhed, nil, samspil.OppMentorTilbud},
		{samspil.ModelKompetenceloeft, samspil.OrgSOV, nil, samspil.OppMentorBehov},
		{samspil.ModelAfknopning, samspil.OrgKommune, nil, samspil.OppPartnerskab},
		{samspil.ModelLaboratorium, samspil.OrgSOV, nil, samspil.OppPartnerskab},
		{samspil.ModelIndkob, samspil.OrgAndet, []samspil.OrgKind{samspil.OrgSOV}, samspil.OppIndkobsbehov},
		{"", samspil.OrgSOV, nil, samspil.OppPartnerskab},
	} {
		if got := kindForCase(tc.model, tc.org, tc.partners); got != tc.want {
			t.Errorf("%s for %s: %s, want %s", tc.model, tc.org, got, tc.want)
		}
		if got := kindForCase(tc.model, tc.org, tc.partners); !got.CanBePostedBy(tc.org) {
			t.Errorf("%s for %s: %s cannot be posted by it", tc.model, tc.org, got)
		}
	}
}

// TestCaseReviewQueueOrder: the case waiting longest comes first.
func TestCaseReviewQueueOrder(t *testing.T) {
	w := newCaseWorld(t)
	ctx := context.Background()
	first, second := w.draft("Først indsendt"), w.draft("Sidst indsendt")
	for _, c := range []*samspil.Case{first, second} {
		if _, err := w.store.SubmitCase(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond) // distinct submission stamps
	}
	body := w.get(w.editor, "/erfaringer/review").body
	i, j := strings.Index(body, "Først indsendt"), strings.Index(body, "Sidst indsendt")
	if i < 0 || j < 0 || i > j {
		t.Errorf("queue order: first at %d, second at %d", i, j)
	}
}
