package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/blob"
)

// caseFixture is the case data one rights-test request acts on, all of the
// scene's organisation A: a complete draft with one file, a case in review
// and a published case.
type caseFixture struct {
	Draft, Review, Published *samspil.Case
	File                     *samspil.Attachment
}

var (
	caseFixMu    sync.Mutex
	caseFixtures = map[*scene]*caseFixture{}
)

// caseFix returns the scene's fixture, creating it on first use (before
// the rights test takes its fingerprint), from the environment the
// "POST /muligheder" row recorded.
func caseFix(s *scene) *caseFixture {
	caseFixMu.Lock()
	defer caseFixMu.Unlock()
	if f := caseFixtures[s]; f != nil {
		return f
	}
	oppRightsMu.Lock()
	e := liveOppEnv()
	oppRightsMu.Unlock()
	if e == nil {
		panic("case rights rows must come after the POST /muligheder row, which records the environment")
	}
	f := newCaseFixture(e, s)
	caseFixtures[s] = f
	return f
}

// newCaseFixture stores the fixture's cases for scene s.
func newCaseFixture(e *orgEnv, s *scene) *caseFixture {
	e.t.Helper()
	e.trimMemberships(s)
	ctx := context.Background()
	by := e.users[roleAdmin]
	mk := func(tag string) *samspil.Case {
		c := caseFixtureCase(s.A, by, fmt.Sprintf("Erfaring %s %d", tag, s.Seq))
		if err := e.store.CreateCase(ctx, c); err != nil {
			e.t.Fatal(err)
		}
		return c
	}
	f := &caseFixture{Draft: mk("kladde"), Review: mk("til godkendelse"), Published: mk("offentlig")}
	for _, c := range []*samspil.Case{f.Review, f.Published} {
		if _, err := e.store.SubmitCase(ctx, c.ID); err != nil {
			e.t.Fatal(err)
		}
	}
	if _, err := e.store.PublishCase(ctx, f.Published.ID); err != nil {
		e.t.Fatal(err)
	}
	f.File = &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: f.Draft.ID, Name: "bilag.pdf", ContentType: samspil.ContentPDF,
		Size: 10, SHA256: fmt.Sprintf("%064x", s.Seq+1), CreatedBy: by.ID}
	if err := e.store.AddAttachment(ctx, f.File); err != nil {
		e.t.Fatal(err)
	}
	return f
}

// caseCreatePath is the case form's route; it also trims the shared
// users' memberships (see trimMemberships) once the environment is known.
func caseCreatePath(s *scene) string {
	oppRightsMu.Lock()
	e := liveOppEnv()
	oppRightsMu.Unlock()
	if e != nil {
		e.trimMemberships(s)
	}
	return "/erfaringer"
}

// caseRightsForm is a valid case of the scene's organisation A.
func caseRightsForm(e *orgEnv, s *scene, _ string) url.Values {
	oppCaptureEnv(e)
	v := url.Values{"organisation_id": {idStr(s.A.ID)}, "title": {"Ny erfaring"}, "model": {"pilot"}, "municipality_code": {"0101"},
		"results.0.metric": {"Deltagere"}, "results.0.value": {"4"}, "action": {"save"}}
	return v
}

// caseConfirm is the confirmation of a status step; returning a case also
// needs a note.
func caseConfirm(*orgEnv, *scene, string) url.Values {
	return url.Values{"confirm": {"yes"}, "note": {"Tilføj gerne tal for økonomien."}}
}

// TestCaseReadRights walks the case pages that only show something with
// every role: drafts and cases in review are missing pages for everyone
// but their organisation and the secretariat; forms and confirmation
// pages ask anonymous visitors to sign in and refuse those without the
// right. The editor (not a platform admin) is checked beside the table's
// roles.
func TestCaseReadRights(t *testing.T) {
	e := newOrgEnv(t)
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.srv.blobs = blobs
	s := e.newScene()
	f := newCaseFixture(e, s)
	now := time.Now().UTC()
	ed := &samspil.User{Email: "redaktoer@rights.test", Name: "Redaktør", PasswordHash: testPasswordHash(), EmailConfirmedAt: &now, IsEditor: true, Locale: "da"}
	if err := e.store.CreateUser(context.Background(), ed); err != nil {
		t.Fatal(err)
	}
	const roleEditor = "editor"
	e.clients[roleEditor] = e.client()
	e.login(e.clients[roleEditor], ed.Email, testPassword)
	roles := append(append([]string(nil), allRoles...), roleEditor)

	const (
		ok       = http.StatusOK
		hidden   = http.StatusNotFound
		refused  = http.StatusForbidden
		signIn   = http.StatusSeeOther
		conflict = http.StatusConflict
	)
	owners := map[string]int{roleMember: ok, roleAdmin: ok, rolePlatform: ok}
	// want gives the status per role; roles not named get def.
	type row struct {
		path string
		want map[string]int
		def  int
	}
	with := func(m map[string]int, kv ...any) map[string]int {
		out := map[string]int{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1].(int)
		}
		return out
	}
	draft, review, pub := casePath(f.Draft.ID, ""), casePath(f.Review.ID, ""), casePath(f.Published.ID, "")
	file := casePath(f.Draft.ID, "/filer/"+idStr(f.File.ID))
	for _, r := range []row{
		{"/erfaringer", nil, ok},
		{pub, nil, ok},
		{draft, with(owners, roleEditor, ok), hidden},
		{review, with(owners, roleEditor, ok), hidden},
		{"/erfaringer/ny", map[string]int{roleAnon: signIn}, ok},
		{"/erfaringer/review", map[string]int{roleAnon: signIn, rolePlatform: ok, roleEditor: ok}, refused},
		{draft + "/rediger", with(owners, roleAnon, signIn, roleEditor, refused), hidden},
		{pub + "/rediger", map[string]int{roleAnon: signIn, roleMember: conflict, roleAdmin: conflict, rolePlatform: conflict}, refused},
		{draft + "/indsend", with(owners, roleAnon, signIn, roleEditor, refused), hidden},
		{draft + "/slet", with(owners, roleAnon, signIn, roleEditor, refused), hidden},
		{pub + "/traek-tilbage", with(owners, roleAnon, signIn), refused},
		{review + "/udgiv", map[string]int{roleAnon: signIn, rolePlatform: ok, roleEditor: ok, roleMember: refused, roleAdmin: refused}, hidden},
		{review + "/returner", map[string]int{roleAnon: signIn, rolePlatform: ok, roleEditor: ok, roleMember: refused, roleAdmin: refused}, hidden},
		{draft + "/udgiv", map[string]int{roleAnon: signIn, rolePlatform: conflict, roleEditor: conflict, roleMember: refused, roleAdmin: refused}, hidden},
		{file + "/slet", with(owners, roleAnon, signIn, roleEditor, refused), hidden},
		{casePath(f.Draft.ID, "/filer/999999"), nil, hidden},
		{"/erfaringer/999999", nil, hidden},
	} {
		for _, role := range roles {
			want, named := r.want[role]
			if !named {
				want = r.def
			}
			if got := e.get(e.clients[role], r.path); got.status != want {
				t.Errorf("GET %s as %s: %d, want %d", r.path, role, got.status, want)
			}
		}
	}
	// The file of a draft is hidden like the draft (downloads by those who
	// may see it are tested in TestCaseAttachments).
	for _, role := range []string{roleAnon, roleUser, roleOtherAdmin} {
		if got := e.get(e.clients[role], file); got.status != hidden {
			t.Errorf("GET %s as %s: %d, want 404", file, role, got.status)
		}
	}
}

// TestCaseUploadRights walks the upload with every role: the case's
// organisation and platform admins attach a file, everyone else is
// refused and nothing is stored.
func TestCaseUploadRights(t *testing.T) {
	e := newOrgEnv(t)
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.srv.blobs = blobs
	allowed := map[string]bool{roleMember: true, roleAdmin: true, rolePlatform: true}
	for _, role := range allRoles {
		t.Run(role, func(t *testing.T) {
			e.t = t
			s := e.newScene()
			f := newCaseFixture(e, s)
			before := e.fingerprint()
			body, ctype := multipartBody(t, nil, "file", "rapport.pdf", smallPDF)
			r := e.send(e.clients[role], "POST", casePath(f.Draft.ID, "/filer"), ctype, body.Bytes())
			want := http.StatusForbidden
			switch {
			case allowed[role]:
				want = http.StatusSeeOther
			case role == roleAnon:
				want = http.StatusUnauthorized
			}
			if r.status != want {
				t.Fatalf("status %d, want %d\n%s", r.status, want, short(r.body))
			}
			if changed := e.fingerprint() != before; changed != allowed[role] {
				t.Errorf("database changed: %v, allowed: %v", changed, allowed[role])
			}
		})
	}
}

// TestCaseEditorWrites: an editor of the secretariat (not a platform
// admin, not a member) publishes and returns cases in review, and may not
// write, send, withdraw or delete another organisation's case or its files.
func TestCaseEditorWrites(t *testing.T) {
	w := newCaseWorld(t)
	e := w.orgEnv
	s := e.newScene()
	f := newCaseFixture(e, s)
	before := e.fingerprint()
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/erfaringer", caseRightsForm(e, s, "")},
		{casePath(f.Draft.ID, "/rediger"), caseRightsForm(e, s, "")},
		{casePath(f.Draft.ID, "/indsend"), confirmYes},
		{casePath(f.Draft.ID, "/slet"), confirmYes},
		{casePath(f.Published.ID, "/traek-tilbage"), confirmYes},
		{casePath(f.Draft.ID, "/filer/"+idStr(f.File.ID)+"/slet"), confirmYes},
	} {
		if r := e.post(w.editor, tc.path, tc.form); r.status != http.StatusForbidden {
			t.Errorf("POST %s as editor: %d, want 403", tc.path, r.status)
		}
	}
	body, ctype := multipartBody(t, nil, "file", "rapport.pdf", smallPDF)
	if r := e.send(w.editor, "POST", casePath(f.Draft.ID, "/filer"), ctype, body.Bytes()); r.status != http.StatusForbidden {
		t.Errorf("upload as editor: %d, want 403", r.status)
	}
	if e.fingerprint() != before {
		t.Error("a refused editor changed the database")
	}
	if r := e.post(w.editor, casePath(f.Review.ID, "/returner"), caseConfirm(e, s, "")); r.status != http.StatusSeeOther {
		t.Errorf("return as editor: %d", r.status)
	}
}
