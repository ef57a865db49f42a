package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/password"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// testEnv is a running web server on a real SQLite store with real SMTP.
type testEnv struct {
	t     *testing.T
	store *sqlstore.DB
	smtp  *mailtest.Server
	srv   *Server
	ts    *httptest.Server
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	return newEnvAt(t, nil)
}

// newEnvAt is newEnv with the web server's clock set to now (nil: real time).
func newEnvAt(t *testing.T, now samspil.Clock) *testEnv {
	t.Helper()
	store := testdb.Open(t)
	smtpSrv := mailtest.Start(t)
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: smtpSrv.Host, Port: smtpSrv.Port, TLS: "none", From: "Samspil <noreply@samspil.test>", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	srv, err := New(Config{
		Store:   store,
		Mailer:  sender,
		BaseURL: "http://" + ts.Listener.Addr().String(),
		Logger:  testLogger(),
		Now:     now,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return &testEnv{t: t, store: store, smtp: smtpSrv, srv: srv, ts: ts}
}

// testLogger is silent unless SAMSPIL_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("SAMSPIL_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// client is a browser-like client with cookies that does not follow redirects.
func (e *testEnv) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type resp struct {
	status int
	body   string
	header http.Header
}

func (e *testEnv) do(c *http.Client, method, path string, form url.Values, hdr map[string]string) resp {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	u := path
	if !strings.HasPrefix(u, "http") {
		u = e.ts.URL + path
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, body: string(b), header: res.Header}
}

func (e *testEnv) get(c *http.Client, path string) resp { return e.do(c, "GET", path, nil, nil) }
func (e *testEnv) post(c *http.Client, path string, form url.Values) resp {
	return e.do(c, "POST", path, form, nil)
}

// user creates a confirmed user with a password.
func (e *testEnv) user(email, pw string, admin bool) *samspil.User {
	e.t.Helper()
	h, err := password.Hash(pw)
	if err != nil {
		e.t.Fatal(err)
	}
	now := time.Now().UTC()
	u := &samspil.User{Email: email, Name: "Test " + email, PasswordHash: h, EmailConfirmedAt: &now, IsAdmin: admin, Locale: "da"}
	if err := e.store.CreateUser(context.Background(), u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// login signs c in and fails the test when it does not work.
func (e *testEnv) login(c *http.Client, email, pw string) {
	e.t.Helper()
	r := e.post(c, "/log-ind", url.Values{"email": {email}, "password": {pw}})
	if r.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d\n%s", email, r.status, r.body)
	}
}

// validCVR returns a CVR number passing the modulus-11 check, built from seed.
func validCVR(seed int) string {
	w := []int{2, 7, 6, 5, 4, 3, 2, 1}
	for n := 10000000 + seed*7919%80000000; ; n++ {
		s := fmt.Sprintf("%08d", n)
		sum := 0
		for i := range 8 {
			sum += int(s[i]-'0') * w[i]
		}
		if sum%11 == 0 {
			return s
		}
	}
}

func (e *testEnv) org(o *samspil.Organisation) *samspil.Organisation {
	e.t.Helper()
	if err := e.store.CreateOrganisation(context.Background(), o); err != nil {
		e.t.Fatal(err)
	}
	return o
}

func TestPages(t *testing.T) {
	e := newEnv(t)
	o := e.org(&samspil.Organisation{
		CVR: validCVR(1), Name: "Grøn Omstilling ApS", Kind: samspil.OrgSOV, MunicipalityCode: "0101",
		Description: "Vi driver et vaskeri med plads til udsatte ledige.\n\nAndet afsnit.", Website: "https://groen.example.dk",
		Sectors: []string{"S"}, CPVCodes: []string{"98310000-9"}, TargetGroups: []string{"udsatte_ledige"},
		Employees: 10, DisadvantagedEmployees: 4, Capacity: 6,
		RSVCriteria: [5]samspil.RSVCriterion{{Declared: true, Justification: "Vores formål er socialt"}},
		Effects:     []samspil.SocialEffect{{Year: 2024, TargetGroupEmployed: 7, ToOrdinaryWork: 3, ToEducation: 1, PeopleInProgrammes: 12}},
	})
	e.org(&samspil.Organisation{CVR: validCVR(2), Name: "Byg & Bo A/S", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0751"})
	c := e.client()
	id := fmt.Sprint(o.ID)
	tests := []struct {
		name, path string
		status     int
		want       []string
		notWant    []string
	}{
		{"front page", "/", 200, []string{`<html lang="da">`, "Samspil mellem kommuner", "socialøkonomiske virksomheder", "Betaling efter resultater", `href="/organisationer?kind=sov"`}, nil},
		{"directory", "/organisationer", 200, []string{"100 organisationer", "side 1 af 5", "Aabenraa", `role="search"`}, nil},
		{"directory newest", "/organisationer?sort=newest", 200, []string{"Grøn Omstilling ApS", "Byg &amp; Bo A/S", `<option value="newest" selected>`}, nil},
		{"directory by kind", "/organisationer?kind=virksomhed", 200, []string{"Byg &amp; Bo A/S", ">1 organisation</h2>"}, []string{"Grøn Omstilling ApS"}},
		{"directory query", "/organisationer?q=vaskeri", 200, []string{"Grøn Omstilling ApS"}, []string{"Byg &amp; Bo"}},
		{"directory by municipality", "/organisationer?municipality=0751&kind=virksomhed", 200, []string{"Byg &amp; Bo A/S"}, []string{"Grøn Omstilling"}},
		{"directory by target group", "/organisationer?target_group=udsatte_ledige&kind=sov", 200, []string{"Grøn Omstilling ApS"}, []string{"Byg &amp; Bo"}},
		{"directory empty", "/organisationer?q=zzzzzzqqq", 200, []string{"Ingen organisationer matcher"}, []string{"org-item"}},
		{"directory bad params ignored", "/organisationer?kind=bogus&page=-3&sort=evil&municipality=9999&region=x&target_group=%00", 200, []string{"100 organisationer", "side 1 af 5"}, nil},
		{"directory page beyond end", "/organisationer?page=999", 200, []string{"Ingen organisationer matcher"}, nil},
		{"directory pagination", "/organisationer?kind=kommune", 200, []string{"98 organisationer", "side 1 af 5", `rel="next"`, `aria-current="page"`}, nil},
		{"directory page 2", "/organisationer?kind=kommune&page=2", 200, []string{"side 2 af 5", `rel="prev"`}, nil},
		{"profile", "/organisationer/" + id, 200, []string{"Grøn Omstilling ApS", "Andet afsnit.", "98310000-9", "Socialt formål", "Vores formål er socialt",
			"Udsatte ledige", "København", "Region Hovedstaden", "Opfylder betingelsen for reserverede kontrakter", "2024", "https://groen.example.dk"},
			[]string{"RSV-registreret", "Redigér profil", "kan være forældet"}},
		{"profile unknown", "/organisationer/999999", 404, []string{"Siden findes ikke"}, nil},
		{"profile not a number", "/organisationer/abc", 404, nil, nil},
		{"coordination", "/koordinering", 200, []string{"0 af 98 kommuner har en koordinerende enhed", "Ingen koordinerende enhed endnu", "Aabenraa", "Region Nordjylland"}, nil},
		{"unknown page", "/findes-ikke", 404, []string{"Siden findes ikke", `<html lang="da">`}, nil},
		{"account needs login", "/konto", 303, nil, nil},
		{"signup page", "/opret-konto", 200, []string{`name="email"`, `autocomplete="new-password"`, `for="field-password"`}, nil},
		{"login page", "/log-ind", 200, []string{`name="password"`}, nil},
		{"forgot page", "/glemt-adgangskode", 200, nil, nil},
		{"reset page without token", "/nulstil-adgangskode", 404, nil, nil},
		{"confirm with bad token", "/bekraeft?token=nope", 404, []string{"Linket virker ikke"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.get(c, tt.path)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tt.status, r.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.body, w) {
					t.Errorf("body has %q", w)
				}
			}
		})
	}
	t.Run("login redirect keeps next", func(t *testing.T) {
		r := e.get(c, "/konto")
		if loc := r.header.Get("Location"); loc != "/log-ind?next=%2Fkonto" {
			t.Errorf("Location %q", loc)
		}
	})
}

func TestProfileStaleAndRSV(t *testing.T) {
	// A clock two years ahead makes the profile possibly out of date.
	e := newEnvAt(t, func() time.Time { return time.Now().Add(2 * 365 * 24 * time.Hour) })
	o := e.org(&samspil.Organisation{CVR: validCVR(3), Name: "Gammel SØV", Kind: samspil.OrgSOV, MunicipalityCode: "0461"})
	if _, err := e.store.SetRSVRegistration(context.Background(), o.ID, true); err != nil {
		t.Fatal(err)
	}
	r := e.get(e.client(), fmt.Sprintf("/organisationer/%d", o.ID))
	for _, w := range []string{"RSV-registreret", "kontrolleret", "kan være forældet", "Opfylder ikke"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("profile lacks %q", w)
		}
	}
}

func TestProfileEditLinks(t *testing.T) {
	e := newEnv(t)
	o := e.org(&samspil.Organisation{CVR: validCVR(4), Name: "Min SØV", Kind: samspil.OrgSOV, MunicipalityCode: "0101"})
	other := e.org(&samspil.Organisation{CVR: validCVR(5), Name: "Anden SØV", Kind: samspil.OrgSOV, MunicipalityCode: "0101"})
	u := e.user("admin@min.dk", "korrekt hest batteri", false)
	if err := e.store.CreateMembership(context.Background(), &samspil.Membership{UserID: u.ID, OrganisationID: o.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	e.login(c, "admin@min.dk", "korrekt hest batteri")
	r := e.get(c, fmt.Sprintf("/organisationer/%d", o.ID))
	if !strings.Contains(r.body, fmt.Sprintf(`href="/organisationer/%d/rediger"`, o.ID)) {
		t.Error("own admin does not see the edit link")
	}
	r = e.get(c, fmt.Sprintf("/organisationer/%d", other.ID))
	if strings.Contains(r.body, "/rediger") {
		t.Error("admin of another organisation sees the edit link")
	}
	if !strings.Contains(r.body, fmt.Sprintf("/organisationer/%d/medlemskab", other.ID)) {
		t.Error("signed-in non-member does not see the join link")
	}
	r = e.get(c, "/konto")
	if r.status != 200 || !strings.Contains(r.body, "Min SØV") || !strings.Contains(r.body, "Administrator") {
		t.Errorf("account page does not list the membership: %d", r.status)
	}
}

func TestMunicipalityProfileShowsUnit(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	kbh, err := e.store.FindMunicipalityOrganisation(ctx, "0101")
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/organisationer/%d", kbh.ID)
	if r := e.get(e.client(), path); !strings.Contains(r.body, "Ingen koordinerende enhed endnu") {
		t.Error("missing unit not shown")
	}
	if err := e.store.SetCoordinationUnit(ctx, &samspil.CoordinationUnit{MunicipalityCode: "0101", Name: "Socialøkonomisk Sekretariat",
		Department: "Beskæftigelses- og Integrationsforvaltningen", Email: "soc@kk.example.dk", Phone: "33 66 33 66"}); err != nil {
		t.Fatal(err)
	}
	r := e.get(e.client(), path)
	for _, w := range []string{"Socialøkonomisk Sekretariat", "mailto:soc@kk.example.dk", "33 66 33 66"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("profile lacks %q", w)
		}
	}
	r = e.get(e.client(), "/koordinering")
	if !strings.Contains(r.body, "1 af 98 kommuner") || !strings.Contains(r.body, "Socialøkonomisk Sekretariat") {
		t.Error("coordination page does not list the unit")
	}
}

func TestHealth(t *testing.T) {
	e := newEnv(t)
	r := e.get(e.client(), "/healthz")
	if r.status != 200 || strings.TrimSpace(r.body) != "ok" {
		t.Fatalf("healthz: %d %q", r.status, r.body)
	}
	e.store.Close()
	r = e.get(e.client(), "/healthz")
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("healthz on closed store: %d", r.status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for _, path := range []string{"/", "/findes-ikke", "/healthz", "/log-ind", e.srv.assets.url("app.css")} {
		r := e.get(c, path)
		for h, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'; script-src 'self'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "strict-origin-when-cross-origin",
			"X-Frame-Options":         "DENY",
			"Permissions-Policy":      "camera=()",
		} {
			if got := r.header.Get(h); !strings.Contains(got, want) {
				t.Errorf("%s: header %s = %q, want %q", path, h, got, want)
			}
		}
		if !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: CSP lacks frame-ancestors", path)
		}
		if r.header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS on plain http", path)
		}
	}
	// No inline scripts or styles anywhere in the pages.
	for _, path := range []string{"/", "/organisationer", "/koordinering", "/opret-konto"} {
		r := e.get(c, path)
		if regexp.MustCompile(`<script>|<script [^>]*>[^<]|<style|style="| on[a-z]+="`).MatchString(r.body) {
			t.Errorf("%s has inline script or style", path)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	u := e.srv.assets.url("app.css")
	if !regexp.MustCompile(`^/static/[0-9a-f]{16}/app\.css$`).MatchString(u) {
		t.Fatalf("asset URL %q", u)
	}
	r := e.get(c, u)
	if r.status != 200 || !strings.Contains(r.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Fatalf("asset: %d %v", r.status, r.header)
	}
	if r := e.get(c, "/static/0000000000000000/app.css"); r.status != 404 {
		t.Errorf("wrong hash: %d", r.status)
	}
	home := e.get(c, "/")
	if !strings.Contains(home.body, u) || !strings.Contains(home.body, e.srv.assets.url("app.js")) {
		t.Error("layout does not link the hashed assets")
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	e.user("a@b.dk", "korrekt hest batteri", false)
	c := e.client()
	form := url.Values{"email": {"a@b.dk"}, "password": {"korrekt hest batteri"}}
	for name, hdr := range map[string]map[string]string{
		"sec-fetch-site": {"Sec-Fetch-Site": "cross-site"},
		"origin":         {"Origin": "https://evil.example"},
	} {
		r := e.do(c, "POST", "/log-ind", form, hdr)
		if r.status != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, r.status)
		}
		if !strings.Contains(r.body, "andet websted") {
			t.Errorf("%s: no clear message", name)
		}
	}
	// Same-origin requests from a browser pass.
	r := e.do(c, "POST", "/log-ind", form, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.ts.URL})
	if r.status != http.StatusSeeOther {
		t.Errorf("same-origin login: %d", r.status)
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t)
	big := url.Values{"email": {strings.Repeat("a", 2<<20)}}
	r := e.post(e.client(), "/glemt-adgangskode", big)
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "for stort") {
		t.Fatalf("status %d", r.status)
	}
}

func TestSignupConfirmLoginLogoutResetFlow(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	email := "Ny.Bruger@Example.DK"
	r := e.post(c, "/opret-konto", url.Values{"email": {email}, "name": {"Ny Bruger"}, "password": {"en lang nok adgangskode"}})
	if r.status != 200 || !strings.Contains(r.body, "Tjek din e-mail") {
		t.Fatalf("signup: %d\n%s", r.status, r.body)
	}
	msg := e.smtp.WaitFor(t, "ny.bruger@example.dk", 10*time.Second)
	link := msg.Link(t)
	if !strings.HasPrefix(link, e.ts.URL+"/bekraeft?token=") {
		t.Fatalf("confirmation link %q", link)
	}
	// Not confirmed yet: login refused with a way to resend.
	r = e.post(c, "/log-ind", url.Values{"email": {email}, "password": {"en lang nok adgangskode"}})
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "bekræfte din e-mailadresse") || !strings.Contains(r.body, "/bekraeft/send-igen") {
		t.Fatalf("unconfirmed login: %d", r.status)
	}
	r = e.get(c, link)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/log-ind" {
		t.Fatalf("confirm: %d %s", r.status, r.header.Get("Location"))
	}
	if r := e.get(c, "/log-ind"); !strings.Contains(r.body, "Din e-mailadresse er bekræftet") {
		t.Error("no flash after confirmation")
	}
	if r := e.get(c, link); r.status != 404 {
		t.Errorf("link works twice: %d", r.status)
	}
	// Log in; the session cookie is renewed.
	before := sessionCookie(c, e.ts.URL)
	e.login(c, email, "en lang nok adgangskode")
	after := sessionCookie(c, e.ts.URL)
	if after == "" || after == before {
		t.Error("session token not renewed on login")
	}
	if r := e.get(c, "/konto"); r.status != 200 || !strings.Contains(r.body, "ny.bruger@example.dk") {
		t.Fatalf("account: %d", r.status)
	}
	// A second browser (say, one someone else has) is signed in too; the
	// password reset below must end its session.
	other := e.client()
	e.login(other, email, "en lang nok adgangskode")
	// Log out (POST only).
	if r := e.get(c, "/log-ud"); r.status == 303 {
		t.Error("GET logs out")
	}
	r = e.post(c, "/log-ud", url.Values{})
	if r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if r := e.get(c, "/konto"); r.status != http.StatusSeeOther {
		t.Fatalf("still signed in after logout: %d", r.status)
	}
	// Forgot and reset.
	r = e.post(c, "/glemt-adgangskode", url.Values{"email": {email}})
	if r.status != 200 {
		t.Fatalf("forgot: %d", r.status)
	}
	var resetLink string
	deadline := time.Now().Add(10 * time.Second)
	for resetLink == "" && time.Now().Before(deadline) {
		for _, m := range e.smtp.MessagesTo("ny.bruger@example.dk") {
			for _, l := range mailtest.Links(m.Text) {
				if strings.Contains(l, "/nulstil-adgangskode?token=") {
					resetLink = l
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if resetLink == "" {
		t.Fatal("no reset e-mail")
	}
	r = e.get(c, resetLink)
	if r.status != 200 {
		t.Fatalf("reset page: %d", r.status)
	}
	tok := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(r.body)
	if tok == nil {
		t.Fatal("no token in reset form")
	}
	// Too short: the token is kept and nothing changes.
	r = e.post(c, "/nulstil-adgangskode", url.Values{"token": {tok[1]}, "password": {"kort"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("short reset: %d", r.status)
	}
	r = e.post(c, "/nulstil-adgangskode", url.Values{"token": {tok[1]}, "password": {"et helt nyt kodeord"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("reset: %d\n%s", r.status, r.body)
	}
	if r := e.post(c, "/nulstil-adgangskode", url.Values{"token": {tok[1]}, "password": {"et tredje kodeord"}}); r.status != 404 {
		t.Errorf("reset token works twice: %d", r.status)
	}
	if r := e.post(c, "/log-ind", url.Values{"email": {email}, "password": {"en lang nok adgangskode"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("old password still works: %d", r.status)
	}
	if r := e.get(other, "/konto"); r.status != http.StatusSeeOther {
		t.Errorf("a session from before the reset is still signed in: %d", r.status)
	}
	e.login(c, email, "et helt nyt kodeord")
	if r := e.get(c, "/konto"); r.status != 200 {
		t.Errorf("signed in with the new password but /konto answers %d", r.status)
	}
}

func sessionCookie(c *http.Client, base string) string {
	u, _ := url.Parse(base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "samspil_session" {
			return ck.Value
		}
	}
	return ""
}

func TestNoUserEnumeration(t *testing.T) {
	e := newEnv(t)
	e.user("kendt@example.dk", "korrekt hest batteri", false)
	norm := func(s, email string) string { return strings.ReplaceAll(s, email, "EMAIL") }
	t.Run("forgot", func(t *testing.T) {
		a := e.post(e.client(), "/glemt-adgangskode", url.Values{"email": {"kendt@example.dk"}})
		b := e.post(e.client(), "/glemt-adgangskode", url.Values{"email": {"ukendt@example.dk"}})
		if a.status != b.status || norm(a.body, "kendt@example.dk") != norm(b.body, "ukendt@example.dk") {
			t.Errorf("forgot answers differ: %d vs %d", a.status, b.status)
		}
		e.smtp.WaitFor(t, "kendt@example.dk", 10*time.Second)
		if len(e.smtp.MessagesTo("ukendt@example.dk")) != 0 {
			t.Error("mail sent to unknown address")
		}
	})
	t.Run("signup", func(t *testing.T) {
		form := func(email string) url.Values {
			return url.Values{"email": {email}, "name": {"X"}, "password": {"en lang nok adgangskode"}}
		}
		n := len(e.smtp.MessagesTo("kendt@example.dk"))
		a := e.post(e.client(), "/opret-konto", form("kendt@example.dk"))
		b := e.post(e.client(), "/opret-konto", form("helt.ny@example.dk"))
		if a.status != b.status || norm(a.body, "kendt@example.dk") != norm(b.body, "helt.ny@example.dk") {
			t.Errorf("signup answers differ: %d vs %d", a.status, b.status)
		}
		// The owner of the existing account is told by e-mail.
		deadline := time.Now().Add(10 * time.Second)
		for len(e.smtp.MessagesTo("kendt@example.dk")) == n && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if len(e.smtp.MessagesTo("kendt@example.dk")) == n {
			t.Error("owner of the existing account got no e-mail")
		}
		u, err := e.store.FindUserByEmail(context.Background(), "kendt@example.dk")
		if err != nil || u.Name == "X" {
			t.Error("sign-up changed the existing account")
		}
	})
	t.Run("login with a malformed address", func(t *testing.T) {
		r := e.post(e.client(), "/log-ind", url.Values{"email": {"ikke en adresse"}, "password": {"x"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "E-mailadressen eller adgangskoden er forkert") {
			t.Errorf("status %d", r.status)
		}
	})
	t.Run("login", func(t *testing.T) {
		a := e.post(e.client(), "/log-ind", url.Values{"email": {"kendt@example.dk"}, "password": {"forkert forkert"}})
		b := e.post(e.client(), "/log-ind", url.Values{"email": {"ukendt@example.dk"}, "password": {"forkert forkert"}})
		if a.status != b.status || norm(a.body, "kendt@example.dk") != norm(b.body, "ukendt@example.dk") {
			t.Errorf("login answers differ: %d vs %d", a.status, b.status)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t)
	e.user("offer@example.dk", "korrekt hest batteri", false)
	c := e.client()
	bad := url.Values{"email": {"offer@example.dk"}, "password": {"forkert kodeord"}}
	for i := range maxFailsAccount {
		if r := e.post(c, "/log-ind", bad); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: %d", i+1, r.status)
		}
	}
	r := e.post(c, "/log-ind", url.Values{"email": {"offer@example.dk"}, "password": {"korrekt hest batteri"}})
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Vent 15 minutter") || r.header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: %d", maxFailsAccount, r.status)
	}
	// Per IP: many accounts from one address.
	for i := range maxFailsIP {
		e.post(c, "/log-ind", url.Values{"email": {fmt.Sprintf("x%d@example.dk", i)}, "password": {"forkert kodeord"}})
	}
	if r := e.post(c, "/log-ind", url.Values{"email": {"ny@example.dk"}, "password": {"forkert kodeord"}}); r.status != http.StatusTooManyRequests {
		t.Errorf("IP limit not reached: %d", r.status)
	}
}

func TestFormKeepsValuesOnError(t *testing.T) {
	e := newEnv(t)
	r := e.post(e.client(), "/opret-konto", url.Values{"email": {"ikke-en-adresse"}, "name": {"Karen <Blixen>"}, "password": {"kort"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	for _, w := range []string{
		`value="ikke-en-adresse"`, `value="Karen &lt;Blixen&gt;"`,
		`role="alert"`, `href="#field-email"`, `href="#field-password"`,
		`aria-invalid="true"`, `aria-describedby="field-password-hint field-password-error"`, `id="field-password-error"`,
		"Skriv en gyldig e-mailadresse", "mindst 10 tegn",
	} {
		if !strings.Contains(r.body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	if strings.Contains(r.body, `value="kort"`) {
		t.Error("password echoed back")
	}
	if _, err := e.store.FindUserByEmail(context.Background(), "ikke-en-adresse"); samspil.ErrorCode(err) != samspil.ENOTFOUND {
		t.Error("something was written")
	}
}

func TestLanguage(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	r := e.get(c, "/?lang=en")
	if !strings.Contains(r.body, `<html lang="en">`) || !strings.Contains(r.body, "Collaboration between municipalities") {
		t.Fatal("?lang=en does not switch to English")
	}
	if !strings.Contains(r.body, `href="/?lang=da"`) {
		t.Error("no switch link back to Danish")
	}
	// The choice is remembered.
	if r := e.get(c, "/organisationer"); !strings.Contains(r.body, `<html lang="en">`) {
		t.Error("language not remembered")
	}
	// A fresh visitor starts in Danish whatever the browser prefers.
	if r := e.do(e.client(), "GET", "/", nil, map[string]string{"Accept-Language": "en-GB,en;q=0.9"}); !strings.Contains(r.body, `<html lang="da">`) {
		t.Error("a browser preferring English did not get the Danish front page")
	}
	if r := e.get(e.client(), "/"); !strings.Contains(r.body, `<html lang="da">`) {
		t.Error("Danish is not the default")
	}
	// Errors are translated too.
	r = e.post(e.client(), "/opret-konto?lang=en", url.Values{"email": {"x"}, "name": {""}, "password": {"x"}})
	if !strings.Contains(r.body, "Enter a valid e-mail address") || !strings.Contains(r.body, "Enter your name.") {
		t.Error("form errors not in English")
	}
}

func TestAPITokens(t *testing.T) {
	e := newEnv(t)
	e.user("dev@example.dk", "korrekt hest batteri", false)
	c := e.client()
	e.login(c, "dev@example.dk", "korrekt hest batteri")
	if r := e.post(c, "/konto/tokens", url.Values{"token_name": {""}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Giv nøglen et navn") {
		t.Fatalf("empty name: %d", r.status)
	}
	r := e.post(c, "/konto/tokens", url.Values{"token_name": {"Mit system"}})
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d", r.status)
	}
	m := regexp.MustCompile(`value="(sps_[^"]+)"`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("secret not shown")
	}
	tok, err := e.store.FindAPITokenByHash(context.Background(), password.HashSecret(m[1]))
	if err != nil || tok.Name != "Mit system" {
		t.Fatalf("token not stored by hash: %v", err)
	}
	r = e.get(c, "/konto")
	if !strings.Contains(r.body, "Mit system") || !strings.Contains(r.body, tok.Prefix) || strings.Contains(r.body, m[1]) {
		t.Error("account page must list the token by prefix, never the secret")
	}
	del := fmt.Sprintf("/konto/tokens/%d/slet", tok.ID)
	if r := e.get(c, del); r.status != 200 || !strings.Contains(r.body, "Ja, slet nøglen") {
		t.Fatalf("delete page: %d", r.status)
	}
	// Another user cannot delete it.
	e.user("other@example.dk", "korrekt hest batteri", false)
	o := e.client()
	e.login(o, "other@example.dk", "korrekt hest batteri")
	if r := e.post(o, del, url.Values{}); r.status != 404 {
		t.Errorf("other user deletes token: %d", r.status)
	}
	if r := e.post(c, del, url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if _, err := e.store.FindAPITokenByHash(context.Background(), password.HashSecret(m[1])); samspil.ErrorCode(err) != samspil.ENOTFOUND {
		t.Error("token still there")
	}
}

func TestAccountUpdate(t *testing.T) {
	e := newEnv(t)
	u := e.user("navn@example.dk", "korrekt hest batteri", false)
	c := e.client()
	e.login(c, "navn@example.dk", "korrekt hest batteri")
	if r := e.post(c, "/konto", url.Values{"name": {""}, "locale": {"xx"}}); r.status != 422 || !strings.Contains(r.body, "Skriv dit navn") {
		t.Fatalf("bad update: %d", r.status)
	}
	if r := e.post(c, "/konto", url.Values{"name": {"Nyt Navn"}, "locale": {"en"}}); r.status != 303 {
		t.Fatalf("update: %d", r.status)
	}
	got, _ := e.store.FindUserByID(context.Background(), u.ID)
	if got.Name != "Nyt Navn" || got.Locale != "en" {
		t.Errorf("not saved: %+v", got)
	}
	if r := e.get(c, "/konto"); !strings.Contains(r.body, `<html lang="en">`) {
		t.Error("chosen language not applied")
	}
}

func TestPanicGivesErrorPage(t *testing.T) {
	e := newEnv(t)
	h := e.srv.securityHeaders(e.srv.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Der skete en fejl") || strings.Contains(rec.Body.String(), "boom") {
		t.Fatalf("panic: %d\n%s", rec.Code, rec.Body.String())
	}
}

func TestHTTPSHeadersAndSecureCookie(t *testing.T) {
	store := testdb.Open(t)
	srv, err := New(Config{Store: store, BaseURL: "https://samspil.example", Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "https://samspil.example/", nil))
	if !strings.Contains(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS behind https")
	}
	// A flash message creates a session: its cookie must be Secure, HttpOnly and SameSite=Lax.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "https://samspil.example/log-ud", strings.NewReader("")))
	ck := rec.Header().Get("Set-Cookie")
	for _, w := range []string{"samspil_session=", "Secure", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(ck, w) {
			t.Errorf("session cookie %q lacks %s", ck, w)
		}
	}
}

func TestBadConfig(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("nil store accepted")
	}
	if _, err := New(Config{Store: testdb.Open(t), BaseURL: "ftp://x"}); err == nil {
		t.Error("bad base URL accepted")
	}
}

func TestClientIP(t *testing.T) {
	s := &Server{}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "192.0.2.7:5555"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if got := s.clientIP(r); got != "192.0.2.7" {
		t.Errorf("untrusted proxy header used: %s", got)
	}
	s.trustProxy = true
	r.Header.Set("X-Forwarded-For", "6.6.6.6, 203.0.113.9")
	if got := s.clientIP(r); got != "203.0.113.9" {
		t.Errorf("behind a proxy: %s", got)
	}
	r.Header.Set("X-Forwarded-For", "garbage")
	if got := s.clientIP(r); got != "192.0.2.7" {
		t.Errorf("bad header: %s", got)
	}
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t)
	const email, old, fresh = "skift@example.dk", "det gamle kodeord", "det nye lange kodeord"
	e.user(email, old, false)
	c, other := e.client(), e.client()
	e.login(c, email, old)
	e.login(other, email, old)
	tests := []struct {
		name          string
		current, next string
		status        int
		want          string
	}{
		{"wrong current password", "forkert kodeord", fresh, http.StatusUnprocessableEntity, "Den nuværende adgangskode er ikke rigtig"},
		{"new password too short", old, "kort", http.StatusUnprocessableEntity, `href="#field-new_password"`},
		{"ok", old, fresh, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.post(c, "/konto/adgangskode", url.Values{"current_password": {tt.current}, "new_password": {tt.next}})
			if r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Fatalf("status %d, want %d with %q\n%s", r.status, tt.status, tt.want, r.body)
			}
			if strings.Contains(r.body, tt.current) && tt.status != http.StatusSeeOther {
				t.Error("the form echoes the password that was typed")
			}
		})
	}
	if r := e.get(c, "/konto"); r.status != 200 || !strings.Contains(r.body, "Din adgangskode er skiftet") {
		t.Fatalf("the browser that changed the password was signed out: %d", r.status)
	}
	if r := e.get(other, "/konto"); r.status != http.StatusSeeOther {
		t.Fatalf("another session survived the change: %d", r.status)
	}
	e.login(e.client(), email, fresh)
}

// TestSignupCarriesNext follows an invitee without an account: the sign-up
// page keeps ?next=, the confirmation link carries it, and confirming leads
// to the sign-in page that continues there. Unsafe targets are dropped.
func TestSignupCarriesNext(t *testing.T) {
	tests := []struct {
		name, next, wantLocation string
	}{
		{"local path", "/invitation/abc123", "/log-ind?next=%2Finvitation%2Fabc123"},
		{"another site", "//evil.example/x", "/log-ind"},
		{"none", "", "/log-ind"},
	}
	e := newEnv(t)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.client()
			page := e.get(c, "/opret-konto?next="+url.QueryEscape(tt.next))
			hasHidden := strings.Contains(page.body, `name="next"`)
			if hasHidden != (tt.wantLocation != "/log-ind") {
				t.Fatalf("hidden next field present = %v", hasHidden)
			}
			email := fmt.Sprintf("inviteret%d@example.dk", i)
			r := e.post(c, "/opret-konto", url.Values{"email": {email}, "name": {"Inviteret"}, "password": {"en lang nok adgangskode"}, "next": {tt.next}})
			if r.status != 200 {
				t.Fatalf("sign-up: %d", r.status)
			}
			link := e.smtp.WaitFor(t, email, 10*time.Second).Link(t)
			r = e.get(c, link)
			if r.status != http.StatusSeeOther || r.header.Get("Location") != tt.wantLocation {
				t.Fatalf("confirm: %d %q, want %q", r.status, r.header.Get("Location"), tt.wantLocation)
			}
		})
	}
}
