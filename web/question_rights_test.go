package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	samspil "github.com/samspil/samspil"
)

// w2Fixture is what the rights rows of the guide, the questions and the
// editor switch act on: a public question asked by the member role for
// the scene's municipality, an answer by someone else, and a fresh user
// for the editor switch. The guide's test chapters are seeded once per
// environment.
type w2Fixture struct {
	Question *samspil.Question
	AnswerID int64
	User     *samspil.User
}

var (
	w2Mu       sync.Mutex
	w2Fixtures = map[*scene]*w2Fixture{}
	w2Seeded   = map[*orgEnv]bool{}
)

// w2Fix builds the scene's fixture on first use, before the rights test
// takes its fingerprint. Like oppFix it needs the environment recorded by
// the "POST /muligheder" row, so these rows come after that one.
func w2Fix(s *scene) *w2Fixture {
	w2Mu.Lock()
	defer w2Mu.Unlock()
	if f := w2Fixtures[s]; f != nil {
		return f
	}
	oppRightsMu.Lock()
	e := liveOppEnv()
	oppRightsMu.Unlock()
	if e == nil {
		panic("guide and question rights rows must come after the POST /muligheder row, which records the environment")
	}
	if !w2Seeded[e] {
		seedGuideChapters(e.t, e.store, testChapters())
		w2Seeded[e] = true
	}
	e.trimMemberships(s)
	ctx := context.Background()
	q := &samspil.Question{AuthorID: e.users[roleMember].ID, OrganisationID: s.K.ID, Title: fmt.Sprintf("Spørgsmål nummer %d om klausuler", s.Seq),
		Body: "Hvordan gør I?", Tags: []string{"social_klausul"}, Visibility: samspil.QuestionPublic}
	if err := e.store.CreateQuestion(ctx, q); err != nil {
		e.t.Fatal(err)
	}
	a := &samspil.Answer{QuestionID: q.ID, AuthorID: e.plainUser("svarer").ID, Body: "Sådan her."}
	if err := e.store.CreateAnswer(ctx, a); err != nil {
		e.t.Fatal(err)
	}
	f := &w2Fixture{Question: q, AnswerID: a.ID, User: e.plainUser("kommende-redaktoer")}
	w2Fixtures[s] = f
	return f
}

// w2AskForm is a valid question: the member roles ask for the scene's
// municipality, a platform admin (the secretariat) for none.
func w2AskForm(e *orgEnv, s *scene, role string) url.Values {
	org := idStr(s.K.ID)
	if role == rolePlatform {
		org = ""
	}
	return url.Values{"organisation_id": {org}, "title": {fmt.Sprintf("Nyt spørgsmål nummer %d", e.next())}, "body": {"Tekst"},
		"visibility": {"public"}, "action": {"save"}}
}

// w2GuideForm is a change of the reserved-contracts chapter on top of its
// current version.
func w2GuideForm(e *orgEnv, s *scene, role string) url.Values {
	ch, err := e.store.FindGuideChapter(context.Background(), "reserveret-kontrakt")
	if err != nil {
		e.t.Fatal(err)
	}
	return url.Values{"title": {ch.Title}, "summary": {ch.Summary}, "body": {ch.Body + fmt.Sprintf("\n\nÆndring %d.", e.next())},
		"base_version": {idStr(int64(ch.Version))}, "note": {"Rettelse"}, "action": {"save"}}
}

// Roles of the rows: the scene's member and admin are municipal staff
// (members of s.K); the member asked the fixture's question.
var (
	w2Askers    = []string{roleMember, roleAdmin, rolePlatform}
	w2Acceptors = []string{roleMember, rolePlatform}
)

// TestW2ReadRights walks the guide's and the questions' pages with every
// role of the rights table: who reads, who is sent to sign in (303), who
// is refused (403), and for whom a municipality-only question does not
// exist (404).
func TestW2ReadRights(t *testing.T) {
	e := newOrgEnv(t)
	oppCaptureEnv(e)
	s := e.newScene()
	f := w2Fix(s)
	hidden := &samspil.Question{AuthorID: e.users[roleMember].ID, OrganisationID: s.K.ID, Title: "Kun til kommunerne: budgetter",
		Visibility: samspil.QuestionMunicipalities}
	if err := e.store.CreateQuestion(context.Background(), hidden); err != nil {
		t.Fatal(err)
	}
	municipal := []string{roleMember, roleAdmin, rolePlatform}
	for _, tc := range []struct {
		path    string
		allowed []string
		refused int // status for signed-in people without the right
	}{
		{"/vejledning", allRoles, 0},
		{"/vejledning/reserveret-kontrakt", allRoles, 0},
		{"/vejledning/reserveret-kontrakt/versioner", allRoles, 0},
		{"/vejledning/reserveret-kontrakt/versioner/1", allRoles, 0},
		{"/vejledning/reserveret-kontrakt/sammenlign?fra=1&til=1", allRoles, 0},
		{"/vejledning/reserveret-kontrakt/rediger", []string{rolePlatform}, http.StatusForbidden},
		{"/spoergsmaal", allRoles, 0},
		{"/spoergsmaal/emne/social_klausul", allRoles, 0},
		{questionPath(f.Question.ID, ""), allRoles, 0},
		{"/spoergsmaal/ny", municipal, http.StatusForbidden},
		{questionPath(hidden.ID, ""), municipal, http.StatusNotFound},
	} {
		ok := map[string]bool{}
		for _, r := range tc.allowed {
			ok[r] = true
		}
		for _, role := range allRoles {
			r := e.get(e.clients[role], tc.path)
			want := tc.refused
			switch {
			case ok[role]:
				want = http.StatusOK
			case role == roleAnon && tc.refused == http.StatusForbidden:
				want = http.StatusSeeOther // to the sign-in page
			}
			if r.status != want {
				t.Errorf("GET %s as %s: %d, want %d", tc.path, role, r.status, want)
			}
		}
	}
	// The municipality-only question is counted only for those who may read it.
	for _, role := range allRoles {
		body := e.get(e.clients[role], "/spoergsmaal").body
		if got, want := strings.Contains(body, "Kun til kommunerne"), slices.Contains(municipal, role); got != want {
			t.Errorf("list as %s shows the municipality-only question: %v", role, got)
		}
	}
}
