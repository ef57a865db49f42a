package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// TestFollowFlow: follow a tag and a municipality from the follows page
// and the municipality page, see them listed, go back where one came
// from, stop following; bad kinds and keys get clear errors.
func TestFollowFlow(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	c := e.clients[roleUser]
	u := e.users[roleUser]

	r := e.get(c, "/foelger")
	if r.status != http.StatusOK {
		t.Fatalf("follows page: %d", r.status)
	}
	mustContain(t, r.body, "Du følger ikke noget endnu", `name="kind" value="tag"`, `name="kind" value="municipality"`)
	if r := e.get(e.clients[roleAnon], "/foelger"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/log-ind") {
		t.Errorf("anonymous follows page: %d %s", r.status, r.header.Get("Location"))
	}

	r = e.post(c, "/foelg", url.Values{"kind": {"tag"}, "key": {" #Reserveret Kontrakt "}, "return_to": {"/spoergsmaal?tag=x"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/spoergsmaal?tag=x" {
		t.Fatalf("follow tag: %d %s\n%s", r.status, r.header.Get("Location"), short(r.body))
	}
	if ok, err := e.store.IsFollowing(ctx, u.ID, samspil.FollowTag, "reserveret-kontrakt"); err != nil || !ok {
		t.Errorf("tag not followed (normalised): %v %v", ok, err)
	}
	// Following from the municipality page brings the person back there,
	// and the button then offers to stop.
	r = e.post(c, "/foelg", url.Values{"kind": {"municipality"}, "key": {"0101"}, "return_to": {"/kommuner/0101"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/kommuner/0101" {
		t.Fatalf("follow municipality: %d %s", r.status, r.header.Get("Location"))
	}
	r = e.get(c, "/kommuner/0101")
	mustContain(t, r.body, "Du følger det nu.", `action="/foelg/stop"`, "Du følger dette.")
	// A return path to another site is ignored.
	r = e.post(c, "/foelg", url.Values{"kind": {"municipality"}, "key": {"0751"}, "return_to": {"//evil.example/x"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/foelger" {
		t.Errorf("foreign return path: %d %s", r.status, r.header.Get("Location"))
	}

	r = e.get(c, "/foelger")
	mustContain(t, r.body, "Emner", "#reserveret-kontrakt", "Kommuner", "København", `href="/kommuner/0101"`)

	// Bad input is refused with a message, and nothing is followed.
	for _, tc := range []struct {
		form url.Values
		want int
		text string
	}{
		{url.Values{"kind": {"planet"}, "key": {"mars"}}, http.StatusUnprocessableEntity, "ikke noget, man kan følge"},
		{url.Values{"kind": {"tag"}, "key": {""}}, http.StatusUnprocessableEntity, "Angiv hvad du vil følge"},
		{url.Values{"kind": {"tag"}, "key": {"<script>"}}, http.StatusUnprocessableEntity, "må kun indeholde"},
		{url.Values{"kind": {"municipality"}, "key": {"9999"}}, http.StatusNotFound, ""},
		{url.Values{"kind": {"municipality"}, "key": {"abc"}}, http.StatusUnprocessableEntity, "er ikke gyldigt"},
		{url.Values{"kind": {"question"}, "key": {"-3"}}, http.StatusUnprocessableEntity, "er ikke gyldigt"},
		{url.Values{"kind": {"question"}, "key": {"999999"}}, http.StatusNotFound, ""},
		{url.Values{"kind": {"case"}, "key": {"999999"}}, http.StatusNotFound, ""},
		{url.Values{"kind": {"guide"}, "key": {"Ikke En Slug"}}, http.StatusUnprocessableEntity, "er ikke gyldigt"},
	} {
		before := e.fingerprint()
		r := e.post(c, "/foelg", tc.form)
		if r.status != tc.want || (tc.text != "" && !strings.Contains(r.body, tc.text)) {
			t.Errorf("follow %v: %d, want %d with %q\n%s", tc.form, r.status, tc.want, tc.text, short(r.body))
		}
		if e.fingerprint() != before {
			t.Errorf("follow %v: refused but the database changed", tc.form)
		}
	}
	if r := e.post(e.clients[roleAnon], "/foelg", url.Values{"kind": {"tag"}, "key": {"afknopning"}}); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous follow: %d", r.status)
	}

	// Stop following, from the follows page.
	r = e.post(c, "/foelg/stop", url.Values{"kind": {"tag"}, "key": {"reserveret-kontrakt"}, "return_to": {"/foelger"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/foelger" {
		t.Fatalf("unfollow: %d", r.status)
	}
	if ok, _ := e.store.IsFollowing(ctx, u.ID, samspil.FollowTag, "reserveret-kontrakt"); ok {
		t.Error("still following the tag")
	}
	// Stopping twice is harmless.
	if r := e.post(c, "/foelg/stop", url.Values{"kind": {"tag"}, "key": {"reserveret-kontrakt"}}); r.status != http.StatusSeeOther {
		t.Errorf("unfollow twice: %d", r.status)
	}
	if r := e.post(c, "/foelg/stop", url.Values{"kind": {"planet"}, "key": {"x"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("unfollow a bad kind: %d", r.status)
	}
}

// TestFollowHiddenQuestion: a municipality-only question cannot be
// followed by someone who may not read it; municipal staff can.
func TestFollowHiddenQuestion(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	k, err := e.store.FindMunicipalityOrganisation(ctx, "0101")
	if err != nil {
		t.Fatal(err)
	}
	e.member(e.users[roleMember], k, samspil.RoleMember, samspil.MembershipActive)
	q := &samspil.Question{AuthorID: e.users[roleMember].ID, OrganisationID: k.ID, Title: "Hvordan bruger I § 20 i praksis?",
		Body: "Kun til kommuner.", Visibility: samspil.QuestionMunicipalities, Tags: []string{"reserveret_kontrakt"}}
	if err := e.store.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	key := idStr(q.ID)
	if r := e.post(e.clients[roleUser], "/foelg", url.Values{"kind": {"question"}, "key": {key}}); r.status != http.StatusNotFound {
		t.Errorf("outsider follows a hidden question: %d", r.status)
	}
	if r := e.post(e.clients[rolePlatform], "/foelg", url.Values{"kind": {"question"}, "key": {key}}); r.status != http.StatusSeeOther {
		t.Errorf("secretariat follows it: %d\n%s", r.status, short(r.body))
	}
}

// TestFollowButtonPartial renders the shared partial for both states and
// for an anonymous visitor.
func TestFollowButtonPartial(t *testing.T) {
	e := newEnv(t)
	tmpl := e.srv.pages.pages["follows"]
	if tmpl == nil || tmpl.Lookup("follow_button") == nil {
		t.Fatal("follow_button is not defined for the pages")
	}
	p := &Page{Lang: "da", Path: "/spoergsmaal/emne/afknopning", Query: url.Values{"side": {"2"}}, s: e.srv, tr: e.srv.i18n.translator("da")}
	render := func(d followButtonData) string {
		var b strings.Builder
		if err := tmpl.ExecuteTemplate(&b, "follow_button", d); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out := render(p.FollowButton("tag", "afknopning", true))
	mustContain(t, out, `class="follow-login"`, `href="/log-ind?next=%2Fspoergsmaal%2Femne%2Fafknopning%3Fside%3D2"`, "Log ind for at følge")
	p.User = &samspil.User{ID: 1}
	out = render(p.FollowButton("tag", "afknopning", false))
	mustContain(t, out, `action="/foelg"`, `name="kind" value="tag"`, `name="key" value="afknopning"`, `name="return_to" value="/spoergsmaal/emne/afknopning?side=2"`)
	out = render(p.FollowButton("tag", "afknopning", true))
	mustContain(t, out, `action="/foelg/stop"`, "Stop med at følge", "Du følger dette.", `<a href="/foelger">Se alt, du følger</a>`)
}

// TestKnowledgeNotificationsInInbox: what happens to followed things and
// the review and answer notifications read well in the inbox, in Danish
// and English, and follow notifications say where they come from.
func TestKnowledgeNotificationsInInbox(t *testing.T) {
	e := newOrgEnv(t)
	ctx := context.Background()
	k, err := e.store.FindMunicipalityOrganisation(ctx, "0461")
	if err != nil {
		t.Fatal(err)
	}
	e.member(e.users[roleMember], k, samspil.RoleMember, samspil.MembershipActive)
	follower := e.clients[roleUser]
	if r := e.post(follower, "/foelg", url.Values{"kind": {"tag"}, "key": {"afknopning"}}); r.status != http.StatusSeeOther {
		t.Fatalf("follow: %d", r.status)
	}
	if r := e.post(follower, "/foelg", url.Values{"kind": {"municipality"}, "key": {"0461"}}); r.status != http.StatusSeeOther {
		t.Fatalf("follow: %d", r.status)
	}
	q := &samspil.Question{AuthorID: e.users[roleMember].ID, OrganisationID: k.ID, Title: "Hvordan afknopper man et værksted?",
		Visibility: samspil.QuestionPublic, Tags: []string{"afknopning"}}
	if err := e.store.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0461", Title: "Odense samarbejder"}); err != nil {
		t.Fatal(err)
	}
	r := e.get(follower, "/notifikationer")
	mustContain(t, r.body, "Nyt spørgsmål fra", "»Hvordan afknopper man et værksted?«", "(emner: afknopning)", "(fra noget du følger)",
		"Odense har opdateret sin strategi »Odense samarbejder«", `href="/kommuner/0461"`)
	r = e.get(follower, "/notifikationer?lang=en")
	mustContain(t, r.body, "New question from", "(from something you follow)", "Odense updated its strategy")

	// Every kind has a text in both languages, and an unknown one does
	// not show a raw key.
	for _, lang := range languages {
		tr := e.srv.i18n.translator(lang)
		for _, kind := range []samspil.NotificationKind{samspil.NoteCaseSubmitted, samspil.NoteCasePublished, samspil.NoteCaseReturned,
			samspil.NoteAnswerAccepted, samspil.NoteFollowCase, samspil.NoteFollowQuestion, samspil.NoteFollowAnswer, samspil.NoteFollowGuide,
			samspil.NoteFollowStrategy} {
			n := &samspil.Notification{Kind: kind, Args: map[string]string{"Case": "C", "Question": "Q", "Chapter": "K", "Municipality": "M",
				"Organisation": "O", "Note": "N", "Strategy": "S", "Author": "A", "Tags": "t"}}
			if txt := notificationText(tr, n); strings.HasPrefix(txt, "note.") || strings.Contains(txt, "{{") || strings.Contains(txt, "no value") {
				t.Errorf("%s %s: %q", lang, kind, txt)
			}
		}
		if txt := notificationText(tr, &samspil.Notification{Kind: "from_the_future"}); strings.HasPrefix(txt, "note.") {
			t.Errorf("%s unknown kind: %q", lang, txt)
		}
	}
}
