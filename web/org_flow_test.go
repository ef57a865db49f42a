package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// TestOrgPagesRender opens every page of this area in both languages.
func TestOrgPagesRender(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	admin, platform, user := e.clients[roleAdmin], e.clients[rolePlatform], e.clients[roleUser]
	tests := []struct {
		name   string
		c      *http.Client
		path   string
		status int
		da, en []string
	}{
		{"create form", user, "/organisationer/ny", 200, []string{"Opret en organisation", `name="cvr"`, "Aabenraa", "Ærø", `value="sov" selected`}, []string{"Create an organisation"}},
		{"municipal join", user, "/organisationer/kommune", 200, []string{"Jeg arbejder i en kommune", "Vælg kommune"}, []string{"I work in a municipality"}},
		{"join page", user, orgPath(s.A.ID, "/medlemskab"), 200, []string{"Bliv medlem af Scene A", "Bed om at blive medlem"}, []string{"Ask to join"}},
		{"join page as member", e.clients[roleMember], orgPath(s.A.ID, "/medlemskab"), 200, []string{"Du er medlem af organisationen"}, []string{"You are a member"}},
		{"members", admin, orgPath(s.A.ID, "/medlemmer"), 200, []string{"Venter på godkendelse", s.Pending.UserEmail, "Godkend", "Inviter en kollega", "(dig)"}, []string{"Waiting for approval", "Invite a colleague"}},
		{"members as platform admin", platform, orgPath(s.A.ID, "/medlemmer"), 200, []string{"Venter på godkendelse"}, nil},
		{"remove confirm", admin, orgPath(s.A.ID, "/medlemmer/"+idStr(s.Other.ID)+"/fjern"), 200, []string{"Fjern medlem", `name="confirm" value="yes"`}, []string{"Remove member"}},
		{"edit", admin, orgPath(s.A.ID, "/rediger"), 200, []string{"Rediger profil", "De fem RSV-kriterier", "Socialt formål", "Udsatte ledige", "S – ", `name="effect_year"`, "org_cpv.js", `id="field-turnover"`}, []string{"Edit profile", "Vulnerable unemployed people"}},
		{"coordination", admin, orgPath(s.K.ID, "/koordinering"), 200, []string{"Koordinerende enhed for socialøkonomi", `name="department"`}, []string{"Coordination unit"}},
		{"coordination of a SØV", admin, orgPath(s.A.ID, "/koordinering"), 404, []string{"Kun kommuner"}, []string{"Only municipalities"}},
		{"cpv search", nil, "/cpv?q=reng%C3%B8ring", 200, []string{"Søg i CPV-koder", "90911200-8", "Rengøring"}, []string{"Search CPV codes", "Cleaning"}},
		{"cpv search by code", nil, "/cpv?q=9091", 200, []string{"90911200-8"}, nil},
		{"cpv search empty", nil, "/cpv", 200, []string{"Søg i CPV-koder"}, nil},
		{"invitation anonymous", nil, "/invitation/inv_abcdefghijklmnop", 200, []string{"Log ind", "next=%2finvitation%2finv_abcdefghijklmnop"}, []string{"Sign in"}},
		{"invitation malformed", nil, "/invitation/x", 404, []string{"Invitationslinket er ugyldigt"}, []string{"The invitation link is not valid"}},
		{"admin", platform, "/admin", 200, []string{"Administration", "Anmodninger uden administrator", "/admin/import"}, []string{"Requests without an admin"}},
		{"admin queue", platform, "/admin/medlemskaber", 200, []string{s.Queued.UserEmail, "Godkend som administrator", s.C.Name}, []string{"Approve as admin"}},
		{"admin rsv", platform, "/admin/rsv?status=unregistered", 200, []string{"RSV-registrering", s.A.Name, "Markér som registreret"}, []string{"Mark as registered"}},
		{"admin users", platform, "/admin/brugere?q=rights.test", 200, []string{"member@rights.test", "Bekræftet"}, []string{"Confirmed"}},
		{"admin users paged", platform, "/admin/brugere?page=99", 200, []string{"Ingen resultater"}, []string{"No results"}},
		{"admin target groups", platform, "/admin/maalgrupper", 200, []string{"udsatte_ledige", "Tilføj målgruppe"}, []string{"Add a target group"}},
		{"admin import", platform, "/admin/import", 200, []string{"Importér organisationer", `enctype="multipart/form-data"`, "cvr,name,kind"}, []string{"Import organisations"}},
		{"member page needs rights", user, orgPath(s.A.ID, "/medlemmer"), 403, []string{"adgang"}, nil},
		{"member page anonymous", nil, orgPath(s.A.ID, "/medlemmer"), 303, nil, nil},
		{"edit unknown org", platform, "/organisationer/999999/rediger", 404, nil, nil},
		{"admin as user", user, "/admin", 403, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			c := tt.c
			if c == nil {
				c = e.client()
			}
			r := e.get(c, tt.path)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tt.status, short(r.body))
			}
			mustContain(t, r.body, tt.da...)
			if strings.Contains(r.body, "/static/missing/") {
				t.Error("a static asset is missing")
			}
			if len(tt.en) > 0 {
				sep := "?"
				if strings.Contains(tt.path, "?") {
					sep = "&"
				}
				r = e.get(c, tt.path+sep+"lang=en")
				mustContain(t, r.body, tt.en...)
				e.get(c, "/?lang=da") // back to Danish for the next case
			}
		})
	}
}

func TestCPVJSON(t *testing.T) {
	e := newEnv(t)
	r := e.get(e.client(), "/cpv.json?q=reng%C3%B8ring&lang=en")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d %s", r.status, r.header.Get("Content-Type"))
	}
	var got []cpvSuggestion
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) > cpvJSONLimit || got[0].Code == "" || got[0].LabelDA == "" || got[0].Label != got[0].LabelEN {
		t.Fatalf("suggestions %+v", got)
	}
	r = e.get(e.client(), "/cpv.json?q=x")
	if strings.TrimSpace(r.body) != "[]" {
		t.Errorf("one letter: %s", r.body)
	}
	r = e.get(e.client(), "/cpv.json?q="+strings.Repeat("a", 5000))
	if r.status != 200 {
		t.Errorf("long query: %d", r.status)
	}
}

// TestCreateOrganisation covers the happy path and every bad input the
// issue names: nothing is written, the typed values stay, the message is
// clear in Danish and English.
func TestCreateOrganisation(t *testing.T) {
	e := newOrgEnv(t)
	c := e.clients[roleUser]
	good := url.Values{"kind": {"sov"}, "cvr": {"DK " + validCVR(42)}, "name": {"Vaskeriet Ny Start"}, "municipality_code": {"0751"},
		"description": {"Vi vasker for erhverv."}, "website": {"vaskeriet.example.dk"}}
	r := e.post(c, "/organisationer/ny", good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.status, short(r.body))
	}
	o, err := e.store.FindOrganisationByCVR(context.Background(), validCVR(42))
	if err != nil {
		t.Fatal(err)
	}
	if loc := r.header.Get("Location"); loc != orgPath(o.ID, "/rediger") {
		t.Errorf("Location %q", loc)
	}
	if o.Name != "Vaskeriet Ny Start" || o.Website != "https://vaskeriet.example.dk" || o.MunicipalityCode != "0751" {
		t.Errorf("stored %+v", o)
	}
	m, err := e.store.FindMembership(context.Background(), e.users[roleUser].ID, o.ID)
	if err != nil || m.Role != samspil.RoleAdmin || m.Status != samspil.MembershipActive {
		t.Fatalf("creator membership %+v %v", m, err)
	}
	// The creator can edit at once.
	if r := e.get(c, orgPath(o.ID, "/rediger")); r.status != 200 || !strings.Contains(r.body, "Organisationen er oprettet") {
		t.Errorf("edit after create: %d", r.status)
	}

	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range good {
			f[kk] = append([]string(nil), vv...)
		}
		f.Set("cvr", validCVR(43))
		f.Set(k, v)
		return f
	}
	long := strings.Repeat("æ", 10000)
	tests := []struct {
		name     string
		form     url.Values
		status   int
		da, en   string
		keep     string // a typed value that must be shown again
		moreKeep string
	}{
		{"cvr too short", with("cvr", "1234567"), 422, "præcis 8 cifre", "exactly 8 digits", `value="1234567"`, `value="Vaskeriet Ny Start"`},
		{"cvr with letters", with("cvr", "1234567A"), 422, "kun af cifre", "only digits", `value="1234567A"`, ""},
		{"cvr failing modulus 11", with("cvr", "12345678"), 422, "kontrolcifferet", "check digit", `value="12345678"`, ""},
		{"unknown municipality", with("municipality_code", "9999"), 422, "Kommunekoden 9999", "municipality code 9999", `value="Vaskeriet Ny Start"`, `value="` + validCVR(43) + `"`},
		{"empty name", with("name", "  "), 422, "Skriv organisationens navn", "name", "", ""},
		{"10,000-character name", with("name", long), 422, "Navnet er for langt", "too long", long[:400], ""},
		{"kind kommune", with("kind", "kommune"), 422, "Kommunerne findes allerede", "The municipalities are already", "", ""},
		{"unknown kind", with("kind", "bank"), 422, "Vælg", "Choose", "", ""},
		{"missing cvr for SØV", with("cvr", ""), 422, "CVR", "CVR", "", ""},
		{"duplicate CVR", with("cvr", validCVR(42)), 409, "allerede registreret af Vaskeriet Ny Start", "already registered by Vaskeriet Ny Start", `/organisationer/` + idStr(o.ID) + `/medlemskab`, ""},
		{"bad website", with("website", "javascript:alert(1)"), 422, "webadresse", "web address", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			before := e.fingerprint()
			r := e.post(c, "/organisationer/ny", tt.form)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tt.status, short(r.body))
			}
			if !strings.Contains(r.body, tt.da) {
				t.Errorf("Danish message %q missing\n%s", tt.da, short(r.body))
			}
			mustContain(t, r.body, `class="error-summary"`)
			if tt.keep != "" {
				mustContain(t, r.body, tt.keep)
			}
			if tt.moreKeep != "" {
				mustContain(t, r.body, tt.moreKeep)
			}
			if e.fingerprint() != before {
				t.Error("something was written")
			}
			r = e.post(c, "/organisationer/ny?lang=en", tt.form)
			if r.status != tt.status || !strings.Contains(r.body, tt.en) {
				t.Errorf("English: status %d, message %q missing\n%s", r.status, tt.en, short(r.body))
			}
			e.get(c, "/?lang=da")
		})
	}
	t.Run("huge body", func(t *testing.T) {
		e.t = t
		before := e.fingerprint()
		f := with("description", strings.Repeat("x", 2<<20))
		r := e.post(c, "/organisationer/ny", f)
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "for stor") {
			t.Errorf("status %d\n%s", r.status, short(r.body))
		}
		if e.fingerprint() != before {
			t.Error("something was written")
		}
	})
	t.Run("anonymous", func(t *testing.T) {
		e.t = t
		if r := e.post(e.client(), "/organisationer/ny", with("cvr", validCVR(44))); r.status != http.StatusUnauthorized {
			t.Errorf("status %d", r.status)
		}
		if r := e.get(e.client(), "/organisationer/ny"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/log-ind?next=") {
			t.Errorf("GET status %d %s", r.status, r.header.Get("Location"))
		}
	})
}

// TestJoinApproveFlow: a signed-in person asks to join, the admins get an
// e-mail, one approves, the person gets an e-mail and becomes a member.
func TestJoinApproveFlow(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	c := e.clients[roleUser]
	r := e.post(c, orgPath(s.A.ID, "/medlemskab"), url.Values{})
	if r.status != http.StatusSeeOther {
		t.Fatalf("join: %d", r.status)
	}
	msg := e.smtp.WaitFor(t, "admin@rights.test", 10*time.Second)
	if !strings.Contains(msg.Text, s.A.Name) || !strings.Contains(msg.Text, orgPath(s.A.ID, "/medlemmer")) {
		t.Errorf("join request mail: %s\n%s", msg.Subject, msg.Text)
	}
	if len(e.smtp.MessagesTo("member@rights.test")) != 0 {
		t.Error("a plain member was told about the request")
	}
	if r := e.get(c, orgPath(s.A.ID, "/medlemskab")); !strings.Contains(r.body, "venter på godkendelse") {
		t.Errorf("join page after request:\n%s", short(r.body))
	}
	// Asking twice is harmless.
	if r := e.post(c, orgPath(s.A.ID, "/medlemskab"), url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("second join: %d", r.status)
	}
	m, err := e.store.FindMembership(context.Background(), e.users[roleUser].ID, s.A.ID)
	if err != nil || m.Status != samspil.MembershipPending {
		t.Fatalf("membership %+v %v", m, err)
	}
	// A member (not admin) cannot approve.
	if r := e.post(e.clients[roleMember], orgPath(s.A.ID, "/medlemmer/"+idStr(m.ID)+"/godkend"), url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("member approving: %d", r.status)
	}
	if r := e.post(e.clients[roleAdmin], orgPath(s.A.ID, "/medlemmer/"+idStr(m.ID)+"/godkend"), url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.status, short(r.body))
	}
	approved := e.smtp.WaitFor(t, "user@rights.test", 10*time.Second)
	if !strings.Contains(approved.Text, s.A.Name) {
		t.Errorf("approval mail: %s", approved.Text)
	}
	// Approving again is a clear conflict, not a second e-mail.
	n := e.mails()
	if r := e.post(e.clients[roleAdmin], orgPath(s.A.ID, "/medlemmer/"+idStr(m.ID)+"/godkend"), url.Values{}); r.status != http.StatusConflict || !strings.Contains(r.body, "allerede besvaret") {
		t.Errorf("approve twice: %d", r.status)
	}
	if e.mails() != n {
		t.Error("second approval sent mail")
	}
	if r := e.get(c, orgPath(s.A.ID, "/medlemskab")); !strings.Contains(r.body, "Du er medlem") {
		t.Errorf("join page after approval:\n%s", short(r.body))
	}
}

// TestMunicipalFirstMemberFlow: the first staff member of a municipality
// waits for a platform admin; after that the municipality's own admin gets
// the next request and the platform queue stays empty.
func TestMunicipalFirstMemberFlow(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	k, err := e.store.FindMunicipalityOrganisation(ctx, "0860")
	if err != nil {
		t.Fatal(err)
	}
	first := e.clients[roleUser]
	r := e.post(first, "/organisationer/kommune", url.Values{"municipality_code": {"0860"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d", r.status)
	}
	if r := e.get(first, r.header.Get("Location")); !strings.Contains(r.body, "sekretariat") {
		t.Errorf("flash should mention the secretariat:\n%s", short(r.body))
	}
	q := e.get(e.clients[rolePlatform], "/admin/medlemskaber")
	mustContain(t, q.body, "user@rights.test", "Hjørring")
	m, err := e.store.FindMembership(ctx, e.users[roleUser].ID, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Only platform admins may approve from the queue.
	if r := e.post(e.clients[roleAdmin], "/admin/medlemskaber/"+idStr(m.ID)+"/godkend", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("org admin on the queue: %d", r.status)
	}
	if r := e.post(e.clients[rolePlatform], "/admin/medlemskaber/"+idStr(m.ID)+"/godkend", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.status, short(r.body))
	}
	e.smtp.WaitFor(t, "user@rights.test", 10*time.Second)
	m, _ = e.store.FindMembership(ctx, e.users[roleUser].ID, k.ID)
	if m.Role != samspil.RoleAdmin || m.Status != samspil.MembershipActive {
		t.Fatalf("first member %+v", m)
	}
	// The next colleague's request goes to the new admin.
	if r := e.post(e.clients[roleMember], "/organisationer/kommune", url.Values{"municipality_code": {"0860"}}); r.status != http.StatusSeeOther {
		t.Fatalf("second: %d", r.status)
	}
	e.smtp.WaitFor(t, "user@rights.test", 10*time.Second)
	if q := e.get(e.clients[rolePlatform], "/admin/medlemskaber"); strings.Contains(q.body, "member@rights.test") {
		t.Error("the second request should not wait for the platform")
	}
	m2, _ := e.store.FindMembership(ctx, e.users[roleMember].ID, k.ID)
	if r := e.post(first, orgPath(k.ID, "/medlemmer/"+idStr(m2.ID)+"/godkend"), url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("municipality admin approving: %d", r.status)
	}
	// The new admin can now maintain the coordination unit.
	r = e.post(first, orgPath(k.ID, "/koordinering"), url.Values{"name": {"Socialøkonomisk Enhed"}, "email": {"se@hjoerring.test"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("coordination: %d %s", r.status, short(r.body))
	}
	u, err := e.store.FindCoordinationUnit(ctx, "0860")
	if err != nil || u.Name != "Socialøkonomisk Enhed" {
		t.Errorf("unit %+v %v", u, err)
	}
	// Bad input keeps the values and writes nothing.
	before := e.fingerprint()
	r = e.post(first, orgPath(k.ID, "/koordinering"), url.Values{"name": {""}, "email": {"ikke-en-adresse"}, "department": {"Jobcenter"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad unit: %d", r.status)
	}
	mustContain(t, r.body, `value="Jobcenter"`, `value="ikke-en-adresse"`, "error-summary")
	if e.fingerprint() != before {
		t.Error("bad unit was written")
	}
	// Unknown and missing municipality codes.
	for _, code := range []string{"9999", ""} {
		r := e.post(e.clients[roleOtherAdmin], "/organisationer/kommune", url.Values{"municipality_code": {code}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "kommune") {
			t.Errorf("code %q: %d", code, r.status)
		}
	}
}

// TestInvitationFlow: an admin invites by e-mail; somebody else cannot use
// the link (and does not spend it); the invited person can, once.
func TestInvitationFlow(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	r := e.post(e.clients[roleAdmin], orgPath(s.A.ID, "/invitationer"), url.Values{"email": {"User@Rights.test"}, "role": {"admin"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", r.status, short(r.body))
	}
	msg := e.smtp.WaitFor(t, "user@rights.test", 10*time.Second)
	link := msg.Link(t)
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/invitation/") {
		t.Fatalf("link %q", link)
	}
	// Looking at the page does not spend the token.
	if r := e.get(e.clients[roleUser], u.Path); r.status != 200 || !strings.Contains(r.body, "Tag imod invitationen") {
		t.Fatalf("page: %d", r.status)
	}
	// The wrong person is refused and the token survives.
	if r := e.post(e.clients[roleOtherAdmin], u.Path, url.Values{}); r.status != http.StatusForbidden || !strings.Contains(r.body, "anden e-mailadresse") {
		t.Errorf("wrong person: %d\n%s", r.status, short(r.body))
	}
	if r := e.post(e.client(), u.Path, url.Values{}); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous accept: %d", r.status)
	}
	if r := e.post(e.clients[roleUser], u.Path, url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", r.status, short(r.body))
	}
	m, err := e.store.FindMembership(context.Background(), e.users[roleUser].ID, s.A.ID)
	if err != nil || m.Role != samspil.RoleAdmin || m.Status != samspil.MembershipActive {
		t.Fatalf("membership %+v %v", m, err)
	}
	if r := e.post(e.clients[roleUser], u.Path, url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("second use: %d", r.status)
	}
	// Bad invitation input.
	for _, f := range []url.Values{{"email": {"ikke en adresse"}, "role": {"member"}}, {"email": {"a@b.dk"}, "role": {"owner"}},
		{"email": {"member@rights.test"}, "role": {"member"}}} {
		before := e.fingerprint()
		if r := e.post(e.clients[roleAdmin], orgPath(s.A.ID, "/invitationer"), f); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%v: %d", f, r.status)
		}
		if e.fingerprint() != before {
			t.Errorf("%v written", f)
		}
	}
}

// TestMemberManagement: role changes and removal, and the store's refusal
// to leave an organisation with members but no admin, shown clearly.
func TestMemberManagement(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	admin := e.clients[roleAdmin]
	adminM, err := e.store.FindMembership(context.Background(), e.users[roleAdmin].ID, s.A.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The only admin cannot step down or leave while others remain.
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{orgPath(s.A.ID, "/medlemmer/"+idStr(adminM.ID)+"/rolle"), url.Values{"role": {"member"}}},
		{orgPath(s.A.ID, "/medlemmer/"+idStr(adminM.ID)+"/fjern"), url.Values{"confirm": {"yes"}}},
	} {
		before := e.fingerprint()
		r := e.post(admin, tc.path, tc.form)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "mindst én administrator") {
			t.Errorf("%s: %d\n%s", tc.path, r.status, short(r.body))
		}
		if e.fingerprint() != before {
			t.Errorf("%s: written", tc.path)
		}
	}
	// Unknown role.
	if r := e.post(admin, orgPath(s.A.ID, "/medlemmer/"+idStr(s.Other.ID)+"/rolle"), url.Values{"role": {"owner"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad role: %d", r.status)
	}
	// Promote the other member, then the first admin may step down.
	if r := e.post(admin, orgPath(s.A.ID, "/medlemmer/"+idStr(s.Other.ID)+"/rolle"), url.Values{"role": {"admin"}}); r.status != http.StatusSeeOther {
		t.Fatalf("promote: %d", r.status)
	}
	// Removal without the confirmation field only asks again.
	if r := e.post(admin, orgPath(s.A.ID, "/medlemmer/"+idStr(s.Other.ID)+"/fjern"), url.Values{}); r.status != http.StatusSeeOther ||
		!strings.HasSuffix(r.header.Get("Location"), "/fjern") {
		t.Errorf("unconfirmed removal: %d %s", r.status, r.header.Get("Location"))
	}
	if r := e.post(admin, orgPath(s.A.ID, "/medlemmer/"+idStr(adminM.ID)+"/fjern"), url.Values{"confirm": {"yes"}}); r.status != http.StatusSeeOther ||
		r.header.Get("Location") != orgPath(s.A.ID, "") {
		t.Errorf("leave: %d %s", r.status, r.header.Get("Location"))
	}
	if r := e.get(admin, orgPath(s.A.ID, "/medlemmer")); r.status != http.StatusForbidden {
		t.Errorf("after leaving: %d", r.status)
	}
	// Decline a pending request.
	if r := e.post(e.clients[rolePlatform], orgPath(s.A.ID, "/medlemmer/"+idStr(s.Pending.ID)+"/afvis"), url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("decline: %d", r.status)
	}
	if _, err := e.store.FindMembershipByID(context.Background(), s.Pending.ID); samspil.ErrorCode(err) != samspil.ENOTFOUND {
		t.Errorf("declined membership still there: %v", err)
	}
	// Unknown membership numbers.
	if r := e.post(e.clients[rolePlatform], orgPath(s.A.ID, "/medlemmer/99999/godkend"), url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("unknown membership: %d", r.status)
	}
	if r := e.post(e.clients[rolePlatform], orgPath(s.A.ID, "/medlemmer/abc/godkend"), url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("bad membership number: %d", r.status)
	}
}

// TestAdminRSVAndTargetGroups marks an SØV as RSV-registered with a date,
// refuses other kinds, and adds a target group with bad-input checks.
func TestAdminRSVAndTargetGroups(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	p := e.clients[rolePlatform]
	if r := e.post(p, "/admin/organisationer/"+idStr(s.A.ID)+"/rsv", url.Values{"registered": {"1"}, "next": {"/admin/rsv?q=Scene"}}); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/rsv?q=Scene" {
		t.Fatalf("mark: %d %s", r.status, r.header.Get("Location"))
	}
	o, _ := e.store.FindOrganisationByID(context.Background(), s.A.ID)
	if !o.RSVRegistered || o.RSVVerifiedAt == nil {
		t.Fatalf("not marked: %+v", o)
	}
	if r := e.get(p, orgPath(s.A.ID, "")); !strings.Contains(r.body, "RSV") {
		t.Error("profile lacks the badge")
	}
	if r := e.post(p, "/admin/organisationer/"+idStr(s.A.ID)+"/rsv", url.Values{"registered": {"0"}, "next": {"//evil.example"}}); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/rsv" {
		t.Errorf("unmark: %d %s", r.status, r.header.Get("Location"))
	}
	o, _ = e.store.FindOrganisationByID(context.Background(), s.A.ID)
	if o.RSVRegistered || o.RSVVerifiedAt != nil {
		t.Errorf("still marked: %+v", o)
	}
	before := e.fingerprint()
	if r := e.post(p, "/admin/organisationer/"+idStr(s.K.ID)+"/rsv", url.Values{"registered": {"1"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("municipality: %d", r.status)
	}
	if r := e.post(p, "/admin/organisationer/"+idStr(s.A.ID)+"/rsv", url.Values{"registered": {"maybe"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad value: %d", r.status)
	}
	for _, f := range []url.Values{
		{"code": {"Ugyldig Kode"}, "name_da": {"x"}, "name_en": {"x"}},
		{"code": {"ok_kode"}, "name_da": {""}, "name_en": {"x"}},
		{"code": {"udsatte_ledige"}, "name_da": {"Dublet"}, "name_en": {"Duplicate"}},
	} {
		r := e.post(p, "/admin/maalgrupper", f)
		if r.status != http.StatusUnprocessableEntity && r.status != http.StatusConflict {
			t.Errorf("%v: %d", f, r.status)
		}
		mustContain(t, r.body, "error-summary", `value="`+f.Get("code")+`"`)
	}
	if e.fingerprint() != before {
		t.Error("bad input was written")
	}
	if r := e.post(p, "/admin/maalgrupper", url.Values{"code": {"ordblinde"}, "name_da": {"Ordblinde"}, "name_en": {"People with dyslexia"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add: %d", r.status)
	}
	if r := e.get(e.clients[roleAdmin], orgPath(s.A.ID, "/rediger")); !strings.Contains(r.body, "Ordblinde") {
		t.Error("new target group not offered on the profile form")
	}
}
