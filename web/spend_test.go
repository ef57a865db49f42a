package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// spendEnv is a server with the people of the spend rights: an SØV's
// member, a member of another municipality, the municipality's member and
// a platform admin (and an anonymous visitor).
type spendEnv struct {
	*testEnv
	clients map[string]*http.Client
	sov     *samspil.Organisation
	sovCVR  string
}

const (
	spendAnon   = "anonymous"
	spendSOV    = "sov_member"
	spendOther  = "other_municipality"
	spendMember = "member"
	spendAdmin  = "platform_admin"
	spendMuni   = "0101" // København
)

var spendRoles = []string{spendAnon, spendSOV, spendOther, spendMember, spendAdmin}

func newSpendEnv(t *testing.T) *spendEnv {
	t.Helper()
	dir := t.TempDir()
	old := spendSpoolDir
	spendSpoolDir = func() string { return dir }
	t.Cleanup(func() { spendSpoolDir = old })
	e := &spendEnv{testEnv: newEnv(t), clients: map[string]*http.Client{}}
	ctx := context.Background()
	e.sovCVR = validCVR(7101)
	e.sov = e.org(&samspil.Organisation{CVR: e.sovCVR, Name: "Grøn Vask SØV", Kind: samspil.OrgSOV, MunicipalityCode: spendMuni})
	if _, err := e.store.SetRSVRegistration(ctx, e.sov.ID, true); err != nil {
		t.Fatal(err)
	}
	e.org(&samspil.Organisation{CVR: validCVR(7102), Name: "Byg og Anlæg A/S", Kind: samspil.OrgVirksomhed, MunicipalityCode: spendMuni})
	kk, err := e.store.FindMunicipalityOrganisation(ctx, spendMuni)
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.store.FindMunicipalityOrganisation(ctx, "0751")
	if err != nil {
		t.Fatal(err)
	}
	memberOf := map[string]*samspil.Organisation{spendSOV: e.sov, spendOther: other, spendMember: kk}
	for _, role := range spendRoles {
		c := e.client()
		e.clients[role] = c
		if role == spendAnon {
			continue
		}
		email := strings.ReplaceAll(role, "_", "-") + "@spend.test"
		u := e.user(email, testPassword, role == spendAdmin)
		if o := memberOf[role]; o != nil {
			m := &samspil.Membership{UserID: u.ID, OrganisationID: o.ID, Role: samspil.RoleMember, Status: samspil.MembershipActive}
			if err := e.store.CreateMembership(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		e.login(c, email, testPassword)
	}
	return e
}

// upload sends content as the "file" part of a multipart POST.
func (e *spendEnv) upload(c *http.Client, path, name string, content []byte, hdr map[string]string) resp {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest("POST", e.ts.URL+path, &b)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(res.Body)
	return resp{status: res.StatusCode, body: out.String(), header: res.Header}
}

// spendFile is a Danish Excel spend file: the SØV, an ordinary company,
// and (when bad) a third line whose CVR fails the modulus-11 check.
func (e *spendEnv) spendFile(bad bool) []byte {
	third := validCVR(7103)
	if bad {
		third = "12345678"
	}
	return []byte("leverandør cvr;leverandørnavn;beløb;bogføringsdato;fakturanummer;cpv\r\n" +
		e.sovCVR + ";Grøn Vask;12.500,00;15-03-2025;F-1;98310000-9\r\n" +
		validCVR(7102) + ";Byg og Anlæg A/S;100.000,00;02-05-2025;F-2;45000000-7\r\n" +
		third + ";Tredje ApS;1.000,00;01-06-2025;F-3;\r\n")
}

// spendMapping is the mapping form for spendFile.
var spendMapping = url.Values{"delimiter": {"semicolon"}, "encoding": {"utf-8"}, "decimal": {"comma"},
	"map_supplier_cvr": {"0"}, "map_supplier_name": {"1"}, "map_amount": {"2"}, "map_date": {"3"},
	"map_invoice_ref": {"4"}, "map_cpv": {"5"}, "map_account": {""}}

var tokenPath = regexp.MustCompile(`^/kommuner/0101/indkoeb/import/([0-9a-f]{32})$`)

// uploadSpend sends a file as c and returns the mapping page's path.
func (e *spendEnv) uploadSpend(c *http.Client, content []byte) string {
	e.t.Helper()
	r := e.upload(c, "/kommuner/0101/indkoeb/import", "indkoeb.csv", content, nil)
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !tokenPath.MatchString(loc) {
		e.t.Fatalf("upload: status %d, Location %q\n%s", r.status, loc, r.body)
	}
	return loc
}

func (e *spendEnv) imports() int {
	e.t.Helper()
	_, n, err := e.store.FindPurchaseImports(context.Background(), spendMuni, 0, 10)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func wantBody(t *testing.T, r resp, status int, want ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d\n%s", r.status, status, r.body)
	}
	for _, w := range want {
		if !strings.Contains(r.body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
}

// TestSpendRights: the dashboard and export are public; the import, the
// history and undo belong to the municipality's members and platform
// admins. A token of one person's upload is useless to another.
func TestSpendRights(t *testing.T) {
	e := newSpendEnv(t)
	file := e.spendFile(false)
	tests := []struct {
		name   string
		do     func(c *http.Client) resp
		status map[string]int
	}{
		{"dashboard", func(c *http.Client) resp { return e.get(c, "/kommuner/0101/indkoeb") },
			map[string]int{spendAnon: 200, spendSOV: 200, spendOther: 200, spendMember: 200, spendAdmin: 200}},
		{"export", func(c *http.Client) resp { return e.get(c, "/kommuner/0101/indkoeb.csv") },
			map[string]int{spendAnon: 200, spendSOV: 200, spendOther: 200, spendMember: 200, spendAdmin: 200}},
		{"upload form", func(c *http.Client) resp { return e.get(c, "/kommuner/0101/indkoeb/import") },
			map[string]int{spendAnon: 303, spendSOV: 403, spendOther: 403, spendMember: 200, spendAdmin: 200}},
		{"upload", func(c *http.Client) resp {
			return e.upload(c, "/kommuner/0101/indkoeb/import", "a.csv", file, nil)
		}, map[string]int{spendAnon: 401, spendSOV: 403, spendOther: 403, spendMember: 303, spendAdmin: 303}},
		{"history", func(c *http.Client) resp { return e.get(c, "/kommuner/0101/indkoeb/importer") },
			map[string]int{spendAnon: 303, spendSOV: 403, spendOther: 403, spendMember: 200, spendAdmin: 200}},
		{"unknown municipality", func(c *http.Client) resp { return e.get(c, "/kommuner/9999/indkoeb") },
			map[string]int{spendAnon: 404, spendSOV: 404, spendOther: 404, spendMember: 404, spendAdmin: 404}},
	}
	for _, tt := range tests {
		for _, role := range spendRoles {
			t.Run(tt.name+"/"+role, func(t *testing.T) {
				r := tt.do(e.clients[role])
				if r.status != tt.status[role] {
					t.Fatalf("status %d, want %d\n%.2000s", r.status, tt.status[role], r.body)
				}
			})
		}
	}
	if n := e.imports(); n != 0 {
		t.Fatalf("%d imports after uploads only, want 0", n)
	}

	t.Run("token of another person", func(t *testing.T) {
		mapping := e.uploadSpend(e.clients[spendMember], file)
		wantBody(t, e.get(e.clients[spendMember], mapping), 200)
		for role, want := range map[string]int{spendAdmin: 404, spendOther: 403, spendSOV: 403, spendAnon: 303} {
			if r := e.get(e.clients[role], mapping); r.status != want {
				t.Errorf("%s: status %d, want %d", role, r.status, want)
			}
			for _, step := range []string{"/kontrol", "/gem"} {
				if r := e.post(e.clients[role], mapping+step, spendMapping); r.status != want && !(role == spendAnon && r.status == 401) {
					t.Errorf("%s: POST %s status %d, want %d", role, step, r.status, want)
				}
			}
		}
		if n := e.imports(); n != 0 {
			t.Fatalf("%d imports, want 0", n)
		}
		if r := e.get(e.clients[spendMember], "/kommuner/0101/indkoeb/import/"+strings.Repeat("0", 32)); r.status != 404 {
			t.Errorf("unknown token: status %d", r.status)
		}
		if r := e.get(e.clients[spendMember], "/kommuner/0101/indkoeb/import/..%2F..%2Fetc"); r.status != 404 {
			t.Errorf("path-like token: status %d", r.status)
		}
	})

	t.Run("cross-site post refused", func(t *testing.T) {
		r := e.upload(e.clients[spendMember], "/kommuner/0101/indkoeb/import", "a.csv", file, map[string]string{"Sec-Fetch-Site": "cross-site"})
		if r.status != http.StatusForbidden {
			t.Fatalf("cross-site upload: status %d", r.status)
		}
	})

	t.Run("undo belongs to the municipality", func(t *testing.T) {
		mapping := e.uploadSpend(e.clients[spendMember], file)
		r := e.post(e.clients[spendMember], mapping+"/gem", spendMapping)
		if r.status != http.StatusSeeOther {
			t.Fatalf("import: status %d\n%s", r.status, r.body)
		}
		m := regexp.MustCompile(`/importer/(\d+)`).FindStringSubmatch(r.header.Get("Location"))
		if m == nil {
			t.Fatalf("Location %q", r.header.Get("Location"))
		}
		undo := "/kommuner/0101/indkoeb/importer/" + m[1] + "/fortryd"
		for role, want := range map[string]int{spendSOV: 403, spendOther: 403, spendAnon: 401} {
			if r := e.post(e.clients[role], undo, url.Values{}); r.status != want {
				t.Errorf("%s: undo status %d, want %d", role, r.status, want)
			}
		}
		// The import seen through another municipality's address is not there.
		if r := e.get(e.clients[spendAdmin], "/kommuner/0751/indkoeb/importer/"+m[1]); r.status != 404 {
			t.Errorf("import under another municipality: status %d", r.status)
		}
		if r := e.post(e.clients[spendAdmin], "/kommuner/0751/indkoeb/importer/"+m[1]+"/fortryd", url.Values{}); r.status != 404 {
			t.Errorf("undo under another municipality: status %d", r.status)
		}
		if n := e.imports(); n != 1 {
			t.Fatalf("%d imports, want 1", n)
		}
		wantBody(t, e.get(e.clients[spendAdmin], undo), 200, "Fortryd importen")
		if r := e.post(e.clients[spendAdmin], undo, url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("admin undo: status %d\n%s", r.status, r.body)
		}
		if n := e.imports(); n != 0 {
			t.Fatalf("%d imports after undo, want 0", n)
		}
	})
}

// TestSpendImportFlow: a file with one bad line shows the error with its
// line number and imports nothing; the fixed file imports; the same file
// again adds 0 lines; the dashboard shows the share; undo takes it away.
func TestSpendImportFlow(t *testing.T) {
	e := newSpendEnv(t)
	c := e.clients[spendMember]

	wantBody(t, e.get(c, "/kommuner/0101/indkoeb"), 200, "Der er ikke importeret indkøb endnu", `href="/kommuner/0101/indkoeb/import"`)
	if r := e.get(e.clients[spendAnon], "/kommuner/0101/indkoeb"); strings.Contains(r.body, `href="/kommuner/0101/indkoeb/import"`) {
		t.Error("an anonymous visitor is offered the import")
	}
	wantBody(t, e.get(e.clients[spendAnon], "/kommuner/0101"), 200, `href="/kommuner/0101/indkoeb"`)

	// Step 1–2: upload, the mapping with the detected format and guesses.
	mapping := e.uploadSpend(c, e.spendFile(true))
	wantBody(t, e.get(c, mapping), 200, "Kontrollér kolonnerne", `<option value="semicolon" selected>`,
		`<option value="comma" selected>Decimalkomma`, "leverandør cvr", "Tredje ApS", `name="map_amount"`)

	// A corrected delimiter reads the columns again; back to the right one.
	reread := url.Values{"delimiter": {"comma"}, "encoding": {"utf-8"}, "decimal": {"comma"}, "reread": {"1"}}
	r0 := e.post(c, mapping+"/kontrol", reread)
	wantBody(t, r0, 200, "Kolonne 1: leverandør cvr;leverandørnavn", `<option value="comma" selected>Komma`)
	if strings.Contains(r0.body, "Kolonne 2:") {
		t.Error("a comma reading of a semicolon header still shows several columns")
	}
	reread.Set("delimiter", "semicolon")
	r0 = e.post(c, mapping+"/kontrol", reread)
	wantBody(t, r0, 200, "Kolonne 6: cpv", `<option value="2" selected>Kolonne 3: beløb`)
	wantBody(t, e.get(c, mapping+"?delimiter=tab"), 200, "Kolonne 1: leverandør cvr;leverandørnavn")

	// A mapping without an amount comes back with the error next to it.
	bad := url.Values{}
	for k, v := range spendMapping {
		bad[k] = v
	}
	bad.Set("map_amount", "")
	wantBody(t, e.post(c, mapping+"/kontrol", bad), 422, `aria-invalid="true"`, `href="#field-map_amount"`)

	// Step 3: the preview lists the bad line; nothing is imported.
	r := e.post(c, mapping+"/kontrol", spendMapping)
	wantBody(t, r, 422, "Intet er importeret", "Ret filen og send den igen", `<th scope="row" class="num">4</th>`)
	if strings.Contains(r.body, "/gem") {
		t.Error("a file with errors is offered the import button")
	}
	// Committing it anyway imports nothing either.
	wantBody(t, e.post(c, mapping+"/gem", spendMapping), 422, "Intet er importeret")
	if n := e.imports(); n != 0 {
		t.Fatalf("%d imports of a bad file", n)
	}

	// The fixed file: preview, then import.
	fixed := e.spendFile(false)
	mapping = e.uploadSpend(c, fixed)
	wantBody(t, e.post(c, mapping+"/kontrol", spendMapping), 200, "Importér 3 linjer", "113.500,00 kr.")
	r = e.post(c, mapping+"/gem", spendMapping)
	if r.status != http.StatusSeeOther {
		t.Fatalf("import: status %d\n%s", r.status, r.body)
	}
	done := r.header.Get("Location")
	if !strings.Contains(done, "aar=2025") {
		t.Errorf("result %q does not name the year", done)
	}
	wantBody(t, e.get(c, done), 200, "Filen er importeret", "3 nye linjer", "113.500,00 kr.", "12.500,00 kr.", "11,0 %")
	// The used upload is gone.
	if r := e.get(c, mapping); r.status != 404 {
		t.Errorf("the upload is still there after the import: status %d", r.status)
	}

	// The same file again adds nothing.
	mapping = e.uploadSpend(c, fixed)
	r = e.post(c, mapping+"/gem", spendMapping)
	if r.status != http.StatusSeeOther {
		t.Fatalf("second import: status %d\n%s", r.status, r.body)
	}
	wantBody(t, e.get(c, r.header.Get("Location")), 200, "0 nye linjer")

	// The dashboard: figures, quarters, divisions, suppliers, peers.
	wantBody(t, e.get(e.clients[spendAnon], "/kommuner/0101/indkoeb"), 200,
		"113.500,00 kr.", "12.500,00 kr.", "11,0 %", `role="img"`, "1. kvartal", "<table", "Grøn Vask SØV",
		`class="badge badge-sov"`, "RSV-registreret", "Bygge- og anlægsarbejder", "Tredje ApS", "denne kommune")
	wantBody(t, e.get(e.clients[spendAnon], "/kommuner/0101/indkoeb?aar=2025&kvartal=1&lang=en"), 200,
		"DKK 12,500.00", "100.0%", "Quarter 1")

	// History lists both imports; undo removes one.
	r = e.get(c, "/kommuner/0101/indkoeb/importer")
	wantBody(t, r, 200, "2 importer", "Test member@spend.test")
	if n := e.imports(); n != 2 {
		t.Fatalf("%d imports, want 2", n)
	}
}

// TestSpendUploadTooLarge: a body announced as larger than the limit is
// refused before it is read, and one that turns out larger is cut off;
// both with a message naming the command for large files.
func TestSpendUploadTooLarge(t *testing.T) {
	e := newSpendEnv(t)
	c := e.clients[spendMember]

	// Announced: the handler answers without reading the body.
	req := httptest.NewRequest("POST", "/kommuner/0101/indkoeb/import", strings.NewReader("not read"))
	req.ContentLength = samspil.MaxPurchaseUpload + 2<<20
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	wantBody(t, resp{status: rec.Code, body: rec.Body.String()}, 413, "samspil import purchases --municipality 0101", "100 MB")

	// Streamed: over a lowered limit.
	old := spendUploadMax
	spendUploadMax = 1 << 10
	defer func() { spendUploadMax = old }()
	r := e.upload(c, "/kommuner/0101/indkoeb/import", "stor.csv", bytes.Repeat([]byte("a;b\n"), 1<<10), nil)
	wantBody(t, r, 413, "samspil import purchases")
	entries, _ := os.ReadDir(spendSpoolDir())
	if len(entries) != 0 {
		t.Errorf("%d files left in the spool after a refused upload", len(entries))
	}
	if n := e.imports(); n != 0 {
		t.Fatalf("%d imports", n)
	}

	// No file at all.
	r = e.upload(c, "/kommuner/0101/indkoeb/import", "", nil, nil)
	if r.status != 422 && r.status != 400 {
		t.Errorf("no file: status %d", r.status)
	}
}

// TestSpendImportFormats: the web import reads the files finance systems
// write — RFC 4180 comma CSV with decimal points (UTF-8 with a BOM) and
// Danish Excel's semicolon CSV in Windows-1252 — with the mapping the page
// guesses, and the guessed format shown as detected.
func TestSpendImportFormats(t *testing.T) {
	e := newSpendEnv(t)
	c := e.clients[spendMember]
	win := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r)) // Latin-1 letters are the same bytes in Windows-1252
		}
		return b
	}
	tests := []struct {
		name     string
		file     []byte
		detected []string
		total    string
	}{
		{"rfc4180 utf-8 bom", []byte("\ufeffsupplier_cvr,supplier_name,amount,date,invoice_ref\n" +
			e.sovCVR + ",Green Wash,\"1,234.50\",2024-11-02,X-1\n" + validCVR(7102) + ",Roads Ltd,-200.00,2024-12-30,X-2\n"),
			[]string{`<option value="comma" selected>Komma`, `<option value="point" selected>`, `<option value="utf-8-bom" selected>`}, "1.034,50 kr."},
		{"excel windows-1252", win("Leverandør CVR;Leverandørnavn;Beløb;Dato;Fakturanummer\r\n" +
			e.sovCVR + ";Grøn Vask;1.234,50;02.11.2024;W-1\r\n" + validCVR(7102) + ";Vej og Bro;-200,00;30.12.2024;W-2\r\n"),
			[]string{`<option value="semicolon" selected>`, `<option value="comma" selected>Decimalkomma`, `<option value="windows-1252" selected>`}, "1.034,50 kr."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mapping := e.uploadSpend(c, tt.file)
			page := e.get(c, mapping)
			wantBody(t, page, 200, tt.detected...)
			// Submit what the page preselected.
			form := url.Values{}
			for _, m := range regexp.MustCompile(`(?s)<select id="[^"]*" name="([^"]+)"[^>]*>.*?</select>`).FindAllStringSubmatch(page.body, -1) {
				sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[0])
				if sel != nil {
					form.Set(m[1], sel[1])
				} else {
					form.Set(m[1], "")
				}
			}
			wantBody(t, e.post(c, mapping+"/kontrol", form), 200, "Importér 2 linjer", tt.total)
			r := e.post(c, mapping+"/gem", form)
			if r.status != http.StatusSeeOther {
				t.Fatalf("import: status %d\n%s", r.status, r.body)
			}
			wantBody(t, e.get(c, r.header.Get("Location")), 200, "2 nye linjer", tt.total)
		})
	}
}
