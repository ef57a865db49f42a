package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/blob"
)

// strategyEnv is the rights environment with a blob store, and a
// municipality (Frederiksberg) whose organisation the member and admin
// roles belong to.
type strategyEnv struct {
	*orgEnv
	code string
	org  *samspil.Organisation
}

func newStrategyEnv(t *testing.T) *strategyEnv {
	t.Helper()
	e := newOrgEnv(t)
	d, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.srv.blobs = d
	k, err := e.store.FindMunicipalityOrganisation(context.Background(), "0147")
	if err != nil {
		t.Fatal(err)
	}
	e.member(e.users[roleMember], k, samspil.RoleMember, samspil.MembershipActive)
	e.member(e.users[roleAdmin], k, samspil.RoleAdmin, samspil.MembershipActive)
	other, err := e.store.FindMunicipalityOrganisation(context.Background(), "0101")
	if err != nil {
		t.Fatal(err)
	}
	e.member(e.users[roleOtherAdmin], other, samspil.RoleAdmin, samspil.MembershipActive)
	return &strategyEnv{orgEnv: e, code: "0147", org: k}
}

func validStrategyForm() url.Values {
	return url.Values{
		"title": {"Socialøkonomi i Frederiksberg 2024-2028"}, "adopted_on": {"15-03-2024"},
		"text":             {"## Formål\n\nVi vil **mere** samarbejde.\n\n[klik](javascript:alert(1))"},
		"goal_description": {"Partnerskaber med SØV", "", "Job til udsatte ledige"},
		"goal_target":      {"25", "", "1.200"}, "goal_unit": {"partnerskaber", "", "personer"}, "goal_year": {"2028", "", "2027"},
		"budget": {"1.234.567,50"}, "budget_note": {"Fra puljen"},
	}
}

// TestStrategyFormRoles: only the municipality's admins and platform
// admins reach the form; others are sent to sign in or refused.
func TestStrategyFormRoles(t *testing.T) {
	e := newStrategyEnv(t)
	path := "/kommuner/" + e.code + "/strategi"
	for role, want := range map[string]int{roleAnon: http.StatusSeeOther, roleUser: http.StatusForbidden, roleMember: http.StatusForbidden,
		roleOtherAdmin: http.StatusForbidden, roleAdmin: http.StatusOK, rolePlatform: http.StatusOK} {
		if r := e.get(e.clients[role], path); r.status != want {
			t.Errorf("GET %s as %s: %d, want %d", path, role, r.status, want)
		}
		if r := e.get(e.clients[role], "/kommuner/"+e.code); r.status != http.StatusOK {
			t.Errorf("GET the municipality page as %s: %d", role, r.status)
		}
	}
	if r := e.get(e.clients[rolePlatform], "/kommuner/9999/strategi"); r.status != http.StatusNotFound {
		t.Errorf("unknown municipality: %d", r.status)
	}
}

// TestStrategySaveAndPreview walks the form: preview (nothing saved, the
// text rendered safely), more goal rows, errors kept next to their
// fields, a save, the page, and deletion after a confirmation page.
func TestStrategySaveAndPreview(t *testing.T) {
	e := newStrategyEnv(t)
	ctx := context.Background()
	c := e.clients[roleAdmin]
	path := "/kommuner/" + e.code + "/strategi"

	f := validStrategyForm()
	f.Set("preview", "1")
	r := e.post(c, path, f)
	if r.status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, `<strong>mere</strong>`, "Forhåndsvisning", `value="Socialøkonomi i Frederiksberg 2024-2028"`, `value="Job til udsatte ledige"`)
	if strings.Contains(r.body, "javascript:alert") && strings.Contains(r.body, `href="javascript:`) {
		t.Error("the preview kept a javascript: link")
	}
	if _, err := e.store.FindStrategy(ctx, e.code); samspil.ErrorCode(err) != samspil.ENOTFOUND {
		t.Fatalf("the preview saved: %v", err)
	}
	f = validStrategyForm()
	f.Set("more_goals", "1")
	r = e.post(c, path, f)
	if n := strings.Count(r.body, `name="goal_description"`); n != 5 {
		t.Errorf("more rows: %d goal rows, want 2 filled + 3 empty", n)
	}

	// Errors stay next to their fields, with everything typed kept.
	bad := validStrategyForm()
	bad.Set("adopted_on", "31-02-2024")
	bad.Set("budget", "12.50.000")
	bad["goal_year"] = []string{"tjugo", "", "2027"}
	bad.Set("title", "")
	r = e.post(c, path, bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d\n%s", r.status, short(r.body))
	}
	mustContain(t, r.body, `href="#field-adopted_on"`, `href="#field-budget"`, `href="#field-goals"`, `href="#field-title"`,
		`value="Job til udsatte ledige"`, "Skriv datoen som dd-mm-åååå")
	future := validStrategyForm()
	future.Set("adopted_on", time.Now().AddDate(1, 0, 0).Format("2006-01-02"))
	if r := e.post(c, path, future); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "fremtiden") {
		t.Errorf("future date: %d", r.status)
	}

	r = e.post(c, path, validStrategyForm())
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/kommuner/"+e.code {
		t.Fatalf("save: %d %s\n%s", r.status, r.header.Get("Location"), short(r.body))
	}
	st, err := e.store.FindStrategy(ctx, e.code)
	if err != nil {
		t.Fatal(err)
	}
	if st.BudgetOre != 123456750 || len(st.Goals) != 2 || st.Goals[1].Target != 1200 || st.Goals[1].Year != 2027 ||
		st.AdoptedOn == nil || st.AdoptedOn.Format("2006-01-02") != "2024-03-15" {
		t.Errorf("saved %+v", st)
	}
	r = e.get(c, "/kommuner/"+e.code)
	mustContain(t, r.body, "Strategien er gemt.", "Socialøkonomi i Frederiksberg 2024-2028", "1.234.567 kr.", "Job til udsatte ledige", "1.200")
	// The form comes back filled.
	r = e.get(c, path)
	mustContain(t, r.body, `value="1.234.567,50"`, `value="2024-03-15"`, `value="Partnerskaber med SØV"`, `href="/kommuner/0147/strategi/slet"`)

	// Deleting asks first.
	r = e.get(c, path+"/slet")
	mustContain(t, r.body, "Slet strategien?", `action="/kommuner/0147/strategi/slet"`)
	if r := e.post(e.clients[roleMember], path+"/slet", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("member deletes: %d", r.status)
	}
	if r := e.post(c, path+"/slet", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if _, err := e.store.FindStrategy(ctx, e.code); samspil.ErrorCode(err) != samspil.ENOTFOUND {
		t.Errorf("still there: %v", err)
	}
	if r := e.get(c, path+"/slet"); r.status != http.StatusNotFound {
		t.Errorf("delete page without strategy: %d", r.status)
	}
}

// minimalPDF is a tiny but real PDF document.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
	"3 0 obj<</Type/Page/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// TestStrategyDocument: upload a PDF, refuse a fake one and an oversized
// one (before reading it), download with safe headers, and remove it.
// Rights: only the municipality's admins and platform admins upload or
// remove; everyone may download.
func TestStrategyDocument(t *testing.T) {
	e := newStrategyEnv(t)
	ctx := context.Background()
	up := "/kommuner/" + e.code + "/strategi/dokument"
	send := func(role, name string, content []byte) resp {
		body, ctype := multipartBody(t, nil, "file", name, content)
		return e.send(e.clients[role], "POST", up, ctype, body.Bytes())
	}
	// Before the strategy exists there is nothing to attach to.
	if r := send(roleAdmin, "strategi.pdf", minimalPDF); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Gem strategien") {
		t.Errorf("upload before saving: %d", r.status)
	}
	if r := e.post(e.clients[roleAdmin], "/kommuner/"+e.code+"/strategi", validStrategyForm()); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.status)
	}
	before := e.fingerprint()
	for role, want := range map[string]int{roleAnon: http.StatusUnauthorized, roleUser: http.StatusForbidden, roleMember: http.StatusForbidden, roleOtherAdmin: http.StatusForbidden} {
		if r := send(role, "strategi.pdf", minimalPDF); r.status != want {
			t.Errorf("upload as %s: %d, want %d", role, r.status, want)
		}
	}
	// A text file named .pdf is refused by its content.
	if r := send(roleAdmin, "strategi.pdf", []byte("dette er ikke en pdf, bare tekst")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#field-file"`) {
		t.Errorf("fake PDF: %d\n%s", r.status, short(r.body))
	}
	// 25 MB is refused from the announced length, before it is read.
	// (In process: over a socket the server's early answer races the
	// client's writing of the rest, which then fails with a broken pipe.)
	big, bigType, bigLen := bigUpload(25 << 20)
	req := httptest.NewRequest("POST", e.ts.URL+up, big)
	req.Header.Set("Content-Type", bigType)
	req.ContentLength = bigLen
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range e.clients[roleAdmin].Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "højst 20 MB") || big.read > 0 {
		t.Errorf("25 MB: %d, %d bytes read\n%s", rec.Code, big.read, short(rec.Body.String()))
	}
	if e.fingerprint() != before {
		t.Fatal("a refused upload changed the database")
	}
	for _, role := range []string{roleAdmin, rolePlatform} {
		if r := send(role, `..\..\Strategi "endelig".pdf`, minimalPDF); r.status != http.StatusSeeOther {
			t.Fatalf("upload as %s: %d\n%s", role, r.status, short(r.body))
		}
	}
	st, err := e.store.FindStrategy(ctx, e.code)
	if err != nil || len(st.Attachments) != 2 {
		t.Fatalf("attachments %v %v", st, err)
	}
	a := st.Attachments[0]
	if a.ContentType != samspil.ContentPDF || a.Name != "Strategi endelig.pdf" || a.Size != int64(len(minimalPDF)) {
		t.Errorf("stored %+v", a)
	}
	// Everyone downloads, always as an attachment.
	dl := fmt.Sprintf("/kommuner/%s/strategi/dokument/%d", e.code, a.ID)
	r := e.get(e.clients[roleAnon], dl)
	if r.status != http.StatusOK || r.body != string(minimalPDF) {
		t.Fatalf("download: %d", r.status)
	}
	h := r.header
	if h.Get("Content-Type") != samspil.ContentPDF || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
		h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download headers %v", h)
	}
	// The document is listed on the page; another municipality's path
	// does not reach it.
	mustContain(t, e.get(e.clients[roleAnon], "/kommuner/"+e.code).body, dl)
	if r := e.get(e.clients[roleAnon], fmt.Sprintf("/kommuner/0101/strategi/dokument/%d", a.ID)); r.status != http.StatusNotFound {
		t.Errorf("through another municipality: %d", r.status)
	}
	if r := e.get(e.clients[roleAnon], "/kommuner/"+e.code+"/strategi/dokument/abc"); r.status != http.StatusNotFound {
		t.Errorf("bad id: %d", r.status)
	}
	// Removing it.
	del := dl + "/slet"
	if r := e.post(e.clients[roleMember], del, url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("member removes: %d", r.status)
	}
	if r := e.post(e.clients[roleAdmin], del, url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("admin removes: %d", r.status)
	}
	if r := e.get(e.clients[roleAnon], dl); r.status != http.StatusNotFound {
		t.Errorf("removed document: %d", r.status)
	}
}

// TestParseDay reads the date notations people type.
func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-15": "2024-03-15", "15-03-2024": "2024-03-15", "15.3.2024": "2024-03-15", "1/12/2023": "2023-12-01", " 2024-2-29 ": "2024-02-29",
	} {
		got, err := parseDay(in)
		if err != nil || got.Format("2006-01-02") != want || got.Location() != time.UTC {
			t.Errorf("parseDay(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2023-02-29", "15-13-2024", "15-03-24", "i går", "2024-03", "1899-01-01", "2024--1-01", "+2024-01-01"} {
		if _, err := parseDay(in); err == nil {
			t.Errorf("parseDay(%q) accepted", in)
		}
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2024-03-15", "15.3.2024", "1/1/2000", "-1-1-1", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDay(s)
		if err != nil {
			return
		}
		if d.Hour() != 0 || d.Location() != time.UTC || d.Year() < 1900 || d.Year() > 9999 {
			t.Fatalf("parseDay(%q) = %v", s, d)
		}
		if back, err := parseDay(d.Format("2006-01-02")); err != nil || !back.Equal(d) {
			t.Fatalf("round trip of %q: %v %v", s, back, err)
		}
	})
}

// TestSafeReturn keeps only paths on this site.
func TestSafeReturn(t *testing.T) {
	for in, want := range map[string]string{
		"/kommuner/0101": "/kommuner/0101", "/spoergsmaal?tag=a&b=c": "/spoergsmaal?tag=a&b=c",
		"": "/d", "//evil.example": "/d", "/\\evil.example": "/d", "https://evil.example/": "/d", "javascript:alert(1)": "/d",
		"/a\nb": "/d", "/a b": "/d", "relative": "/d",
	} {
		if got := safeReturn(in, "/d"); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSafeReturn(f *testing.F) {
	for _, s := range []string{"/a", "//b", "/\\c", "https://x", "/%2F%2Fx", "/\t/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeReturn(s, "/")
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.Contains(got, "\\") {
			t.Fatalf("safeReturn(%q) = %q", s, got)
		}
	})
}

// The rights table's strategy rows need a saved strategy (and a document)
// before the test takes its fingerprint; like the opportunity rows they
// build it from the environment the "POST /muligheder" row recorded.
var (
	strategyFixMu sync.Mutex
	strategyFixes = map[*scene]*samspil.Attachment{}
)

// strategyFix saves a strategy with one document row for the scene's
// municipality and makes every role user follow that municipality.
func strategyFix(s *scene) *samspil.Attachment {
	strategyFixMu.Lock()
	defer strategyFixMu.Unlock()
	if a := strategyFixes[s]; a != nil {
		return a
	}
	e := liveOppEnv()
	if e == nil {
		panic("strategy rights rows must come after the POST /muligheder row, which records the environment")
	}
	e.trimMemberships(s)
	ctx := context.Background()
	if _, err := e.store.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: s.K.MunicipalityCode, Title: fmt.Sprintf("Strategi %d", s.Seq)}); err != nil {
		e.t.Fatal(err)
	}
	a := &samspil.Attachment{OwnerType: samspil.OwnerStrategy, OwnerID: s.K.ID, Name: "strategi.pdf", ContentType: samspil.ContentPDF,
		Size: 10, SHA256: strings.Repeat("ab", 32), CreatedBy: e.users[rolePlatform].ID}
	if err := e.store.AddAttachment(ctx, a); err != nil {
		e.t.Fatal(err)
	}
	for _, u := range e.users {
		if err := e.store.Follow(ctx, u.ID, samspil.FollowMunicipality, s.K.MunicipalityCode); err != nil {
			e.t.Fatal(err)
		}
	}
	strategyFixes[s] = a
	return a
}

// strategyRightsForm is a valid strategy for the rights table.
func strategyRightsForm(e *orgEnv, s *scene, role string) url.Values {
	f := validStrategyForm()
	f.Set("title", fmt.Sprintf("Strategi af %s %d", role, e.next()))
	return f
}
