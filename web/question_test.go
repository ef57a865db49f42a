package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// questionWorld has one signed-in person per role of the question pages:
// an SØV member, a company member, the asking municipal employee, a
// colleague in another municipality, an editor and a platform admin.
type questionWorld struct {
	*orgEnv
	anon, sov, company, asker, colleague, editor, platform *http.Client
	askerU, colleagueU, sovU                               *samspil.User
	kommune, kommune2                                      *samspil.Organisation
}

func newQuestionWorld(t *testing.T) *questionWorld {
	t.Helper()
	e := newOrgEnv(t)
	ctx := context.Background()
	w := &questionWorld{orgEnv: e, anon: e.clients[roleAnon], platform: e.clients[rolePlatform]}
	sovOrg := e.org(&samspil.Organisation{CVR: validCVR(8101), Name: "Grøn Vask", Kind: samspil.OrgSOV, MunicipalityCode: "0101"})
	companyOrg := e.org(&samspil.Organisation{CVR: validCVR(8102), Name: "Byg ApS", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0101"})
	var err error
	if w.kommune, err = e.store.FindMunicipalityOrganisation(ctx, "0751"); err != nil {
		t.Fatal(err)
	}
	if w.kommune2, err = e.store.FindMunicipalityOrganisation(ctx, "0461"); err != nil {
		t.Fatal(err)
	}
	// Memberships first, so the sign-in loads them.
	mk := func(prefix string, org *samspil.Organisation) (*http.Client, *samspil.User) {
		u := e.plainUser(prefix)
		u.Name = "Person " + prefix
		if org != nil {
			e.member(u, org, samspil.RoleMember, samspil.MembershipActive)
		}
		if _, err := e.store.UpdateUser(ctx, u.ID, samspil.UserUpdate{Name: &u.Name, PasswordHash: ptr(testPasswordHash())}); err != nil {
			t.Fatal(err)
		}
		c := e.client()
		e.login(c, u.Email, testPassword)
		return c, u
	}
	w.sov, w.sovU = mk("sov", sovOrg)
	w.company, _ = mk("virksomhed", companyOrg)
	w.asker, w.askerU = mk("spoerger", w.kommune)
	w.colleague, w.colleagueU = mk("kollega", w.kommune2)
	w.editor, _ = e.signedInUser("sekretariat", func(u *samspil.User) { u.IsEditor = true })
	return w
}

func ptr[T any](v T) *T { return &v }

var questionLoc = regexp.MustCompile(`^/spoergsmaal/(\d+)$`)

// ask posts a question and returns it.
func (w *questionWorld) ask(c *http.Client, form url.Values) *samspil.Question {
	w.t.Helper()
	r := w.post(c, "/spoergsmaal/ny", form)
	m := questionLoc.FindStringSubmatch(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || m == nil {
		w.t.Fatalf("ask: %d %q\n%s", r.status, r.header.Get("Location"), short(r.body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	q, err := w.store.FindQuestionByID(context.Background(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return q
}

// answer posts an answer and returns its id.
func (w *questionWorld) answer(c *http.Client, q *samspil.Question, body string) int64 {
	w.t.Helper()
	r := w.post(c, questionPath(q.ID, "/svar"), url.Values{"body": {body}, "action": {"save"}})
	loc := r.header.Get("Location")
	_, frag, _ := strings.Cut(loc, "#svar-")
	id, err := strconv.ParseInt(frag, 10, 64)
	if r.status != http.StatusSeeOther || err != nil {
		w.t.Fatalf("answer: %d %q\n%s", r.status, loc, short(r.body))
	}
	return id
}

func (w *questionWorld) askForm(title string, vis samspil.QuestionVisibility, tags ...string) url.Values {
	return url.Values{"organisation_id": {idStr(w.kommune.ID)}, "title": {title}, "body": {"Vi overvejer at **reservere** en kontrakt."},
		"model_tags": {"reserveret_kontrakt"}, "tags": {strings.Join(tags, ", ")}, "visibility": {string(vis)}, "action": {"save"}}
}

// TestQuestionFlow: a municipal employee asks, a colleague and an SØV
// answer, people vote, the asker accepts, and the accepted answer comes
// first.
func TestQuestionFlow(t *testing.T) {
	w := newQuestionWorld(t)
	form := w.get(w.asker, "/spoergsmaal/ny")
	if form.status != 200 {
		t.Fatalf("form: %d", form.status)
	}
	mustContain(t, form.body, "Du spørger for Aarhus Kommune.", `name="model_tags" value="reserveret_kontrakt"`, `name="visibility" value="municipalities"`, `value="preview"`)
	q := w.ask(w.asker, w.askerForm("Hvordan har I brugt reserverede kontrakter til rengøring?", samspil.QuestionPublic, "Rengøring", "udbud"))
	if q.OrganisationID != w.kommune.ID || q.AuthorID != w.askerU.ID || q.Visibility != samspil.QuestionPublic {
		t.Fatalf("stored %+v", q)
	}
	if strings.Join(q.Tags, ",") != "reserveret_kontrakt,rengøring,udbud" {
		t.Errorf("tags %v", q.Tags)
	}
	page := w.get(w.asker, questionPath(q.ID, ""))
	mustContain(t, page.body, "Dit spørgsmål er oprettet", "Hvordan har I brugt reserverede kontrakter til rengøring?", "<strong>reservere</strong>",
		"Spurgt af Person spoerger, Aarhus Kommune", `href="/spoergsmaal/emne/reserveret_kontrakt"`, "Reserveret kontrakt (udbudslovens § 20)",
		"Ingen har svaret endnu", `name="kind" value="question"`, "Du følger dette.", "Stop med at følge") // the asker follows it

	a1 := w.answer(w.colleague, q, "Vi har gode erfaringer med en **reserveret** kontrakt.")
	a2 := w.answer(w.sov, q, "Vi gør rent for tre kommuner.")
	// An empty answer comes back with the message.
	if r := w.post(w.sov, questionPath(q.ID, "/svar"), url.Values{"body": {"  "}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("empty answer: %d", r.status)
	} else {
		mustContain(t, r.body, "Skriv et svar.")
	}

	// Votes: the SØV votes for the colleague's answer and cannot vote for its own.
	sovPage := w.get(w.sov, questionPath(q.ID, "")).body
	mustContain(t, sovPage, `name="answer_id" value="`+idStr(a1)+`"`, "Stem op")
	if strings.Count(sovPage, `action="/spoergsmaal/`+idStr(q.ID)+`/stem"`) != 1 {
		t.Error("the SØV is offered a vote on its own answer")
	}
	if strings.Contains(sovPage, "/accepter") {
		t.Error("someone other than the asker is offered to accept")
	}
	vote := func(c *http.Client, aid int64, up string) resp {
		return w.post(c, questionPath(q.ID, "/stem"), url.Values{"answer_id": {idStr(aid)}, "up": {up}})
	}
	if r := vote(w.sov, a1, "1"); r.status != http.StatusSeeOther {
		t.Fatalf("vote: %d", r.status)
	}
	vote(w.sov, a1, "1") // twice counts once
	if r := vote(w.sov, a2, "1"); r.status != http.StatusForbidden {
		t.Errorf("vote for one's own answer: %d", r.status)
	}
	if r := vote(w.sov, a1, "2"); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad vote value: %d", r.status)
	}
	if r := vote(w.sov, 999999, "1"); r.status != http.StatusNotFound {
		t.Errorf("vote for an unknown answer: %d", r.status)
	}
	mustContain(t, w.get(w.sov, questionPath(q.ID, "")).body, "1 stemme", "Træk stemme tilbage")
	vote(w.company, a2, "1")
	vote(w.asker, a2, "1")

	// Only the asker (and platform admins) accept.
	accept := func(c *http.Client, aid int64) resp {
		return w.post(c, questionPath(q.ID, "/accepter"), url.Values{"answer_id": {idStr(aid)}})
	}
	for _, c := range []*http.Client{w.sov, w.colleague, w.editor} {
		if r := accept(c, a1); r.status != http.StatusForbidden {
			t.Errorf("accept by someone else: %d", r.status)
		}
	}
	if r := accept(w.anon, a1); r.status != http.StatusUnauthorized {
		t.Errorf("accept anonymously: %d", r.status)
	}
	mustContain(t, w.get(w.asker, questionPath(q.ID, "")).body, `action="/spoergsmaal/`+idStr(q.ID)+`/accepter"`, "Marker som accepteret svar")
	if r := accept(w.asker, a1); r.status != http.StatusSeeOther || !strings.HasSuffix(r.header.Get("Location"), "#svar-"+idStr(a1)) {
		t.Fatalf("accept: %d %q", r.status, r.header.Get("Location"))
	}
	page = w.get(w.anon, questionPath(q.ID, ""))
	mustContain(t, page.body, "Accepteret svar", "2 svar", "Log ind for at svare.")
	if i, j := strings.Index(page.body, `id="svar-`+idStr(a1)+`"`), strings.Index(page.body, `id="svar-`+idStr(a2)+`"`); i < 0 || j < 0 || i > j {
		t.Error("the accepted answer (fewer votes) is not first")
	}
	if strings.Contains(page.body, "/stem\"") {
		t.Error("an anonymous visitor is offered a vote")
	}
	// Withdrawing the vote.
	vote(w.sov, a1, "0")
	mustContain(t, w.get(w.sov, questionPath(q.ID, "")).body, "0 stemmer")
	// The list shows it as answered with its tags.
	list := w.get(w.anon, "/spoergsmaal").body
	mustContain(t, list, "Hvordan har I brugt reserverede kontrakter", "Besvaret", "2 svar", `href="/feeds/questions.atom"`,
		`<link rel="alternate" type="application/atom+xml"`, `href="/spoergsmaal/emne/reng%c3%b8ring"`)
	// A platform admin may accept too.
	if r := accept(w.platform, a2); r.status != http.StatusSeeOther {
		t.Errorf("platform admin accepting: %d", r.status)
	}
	if r := w.post(w.asker, questionPath(q.ID, "/accepter"), url.Values{"answer_id": {"x"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("accept without an answer: %d", r.status)
	}
}

func (w *questionWorld) askerForm(title string, vis samspil.QuestionVisibility, tags ...string) url.Values {
	return w.askForm(title, vis, tags...)
}

// TestQuestionMunicipalOnly: a question for municipalities only exists for
// municipal staff and the secretariat, in the list, its count, the tag
// cloud, the tag page and the page itself; for everyone else it is 404.
func TestQuestionMunicipalOnly(t *testing.T) {
	w := newQuestionWorld(t)
	w.ask(w.asker, w.askForm("Et offentligt spørgsmål om klausuler", samspil.QuestionPublic, "klausul"))
	hidden := w.ask(w.asker, w.askForm("Et fortroligt spørgsmål om budgettet", samspil.QuestionMunicipalities, "hemmeligt-emne"))
	pub := []struct {
		name string
		c    *http.Client
		sees bool
	}{
		{"anonymous", w.anon, false}, {"sov", w.sov, false}, {"company", w.company, false},
		{"asker", w.asker, true}, {"colleague", w.colleague, true}, {"editor", w.editor, true}, {"platform", w.platform, true},
	}
	for _, p := range pub {
		t.Run(p.name, func(t *testing.T) {
			list := w.get(p.c, "/spoergsmaal").body
			tag := w.get(p.c, "/spoergsmaal/emne/hemmeligt-emne").body
			filtered := w.get(p.c, "/spoergsmaal?tag=hemmeligt-emne&unanswered=1").body
			page := w.get(p.c, questionPath(hidden.ID, ""))
			if p.sees {
				mustContain(t, list, "Et fortroligt spørgsmål om budgettet", "2 spørgsmål", "Kun for kommuner", `href="/spoergsmaal/emne/hemmeligt-emne"`)
				mustContain(t, tag, "Et fortroligt spørgsmål om budgettet", "1 spørgsmål")
				mustContain(t, filtered, "Et fortroligt spørgsmål om budgettet")
				if page.status != 200 {
					t.Errorf("page: %d", page.status)
				}
				mustContain(t, page.body, "Kun for kommuner")
				return
			}
			for what, body := range map[string]string{"list": list, "tag page": tag, "filtered list": filtered} {
				if strings.Contains(body, "fortroligt") || strings.Contains(body, "hemmeligt-emne (") || strings.Contains(body, "Kun for kommuner") {
					t.Errorf("%s shows the municipality-only question", what)
				}
			}
			mustContain(t, list, "1 spørgsmål", "Et offentligt spørgsmål om klausuler")
			mustContain(t, tag, "0 spørgsmål")
			if page.status != http.StatusNotFound {
				t.Errorf("page: %d, want 404", page.status)
			}
			if strings.Contains(page.body, "fortroligt") {
				t.Error("the 404 page shows the title")
			}
			if p.c == w.anon {
				return
			}
			before := w.fingerprint()
			for _, path := range []string{"/svar", "/stem", "/accepter"} {
				r := w.post(p.c, questionPath(hidden.ID, path), url.Values{"body": {"Hej"}, "answer_id": {"1"}, "up": {"1"}})
				if r.status != http.StatusNotFound {
					t.Errorf("POST %s: %d, want 404", path, r.status)
				}
			}
			if w.fingerprint() != before {
				t.Error("a refused post changed the database")
			}
		})
	}
	// The colleague in another municipality may answer it.
	w.answer(w.colleague, hidden, "Vi bruger en pulje til det.")
}

// TestQuestionAskRights: only municipal staff and the secretariat are
// offered the form; everyone else is told who may ask and cannot post.
func TestQuestionAskRights(t *testing.T) {
	w := newQuestionWorld(t)
	if r := w.get(w.anon, "/spoergsmaal/ny"); r.status != http.StatusSeeOther {
		t.Errorf("anonymous: %d", r.status)
	}
	for _, c := range []*http.Client{w.sov, w.company, w.clients[roleUser]} {
		r := w.get(c, "/spoergsmaal/ny")
		if r.status != http.StatusForbidden {
			t.Errorf("non-municipal form: %d", r.status)
		}
		mustContain(t, r.body, "Kun medarbejdere i en kommune kan stille spørgsmål.", "Find din kommune")
		if strings.Contains(r.body, `name="title"`) {
			t.Error("a non-municipal person gets the form")
		}
	}
	before := w.fingerprint()
	for _, c := range []*http.Client{w.sov, w.company} {
		if r := w.post(c, "/spoergsmaal/ny", w.askForm("Et spørgsmål fra en forkert person", samspil.QuestionPublic)); r.status != http.StatusForbidden {
			t.Errorf("non-municipal post: %d", r.status)
		}
	}
	if r := w.post(w.anon, "/spoergsmaal/ny", w.askForm("Et spørgsmål fra en anonym person", samspil.QuestionPublic)); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous post: %d", r.status)
	}
	// The asker cannot ask for a municipality they do not belong to.
	f := w.askForm("Et spørgsmål for en anden kommune", samspil.QuestionPublic)
	f.Set("organisation_id", idStr(w.kommune2.ID))
	if r := w.post(w.asker, "/spoergsmaal/ny", f); r.status != http.StatusUnprocessableEntity {
		t.Errorf("another municipality: %d", r.status)
	} else {
		mustContain(t, r.body, "Vælg den kommune, du spørger for.")
	}
	if w.fingerprint() != before {
		t.Error("a refused question was stored")
	}
	// The secretariat asks without a municipality.
	mustContain(t, w.get(w.editor, "/spoergsmaal/ny").body, "Du spørger for det nationale sekretariat.")
	f = w.askForm("Hvad mangler I i vejledningen om afknopning?", samspil.QuestionPublic)
	f.Set("organisation_id", "")
	q := w.ask(w.editor, f)
	if q.OrganisationID != 0 {
		t.Errorf("secretariat question for organisation %d", q.OrganisationID)
	}
	page := w.get(w.anon, questionPath(q.ID, "")).body
	mustContain(t, page, "Spurgt af Person sekretariat ·")
}

// TestQuestionValidationAndMarkdown: problems come back next to their
// fields with everything typed kept; Markdown is rendered harmless.
func TestQuestionValidationAndMarkdown(t *testing.T) {
	w := newQuestionWorld(t)
	f := w.askForm("Kort", samspil.QuestionPublic, "ugyldigt emne!")
	f.Set("body", "Mit CPR er 010203-1234")
	r := w.post(w.asker, "/spoergsmaal/ny", f)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", r.status)
	}
	mustContain(t, r.body, "Skriv spørgsmålet med mindst 10 tegn.", "må kun indeholde bogstaver", `value="Kort"`, `aria-invalid="true"`,
		`name="model_tags" value="reserveret_kontrakt" checked`, "CPR")
	f = w.askForm("Et spørgsmål med mange emneord i", samspil.QuestionPublic, "a", "b", "c", "d", "e")
	if r := w.post(w.asker, "/spoergsmaal/ny", f); r.status != http.StatusUnprocessableEntity {
		t.Errorf("six tags: %d", r.status)
	} else {
		mustContain(t, r.body, "Brug højst 5 emneord.")
	}
	f = w.askForm("Et spørgsmål med en skjult synlighed", "alle-og-enhver")
	if r := w.post(w.asker, "/spoergsmaal/ny", f); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad visibility: %d", r.status)
	}
	// Preview: rendered, harmless, nothing stored.
	before := w.fingerprint()
	f = w.askForm("Et spørgsmål med et farligt link", samspil.QuestionPublic)
	f.Set("body", "Se **her** <script>alert(1)</script> [link](javascript:alert(1)) <img src=x onerror=alert(1)>")
	f.Set("action", "preview")
	r = w.post(w.asker, "/spoergsmaal/ny", f)
	if r.status != 200 {
		t.Fatalf("preview: %d", r.status)
	}
	prev := r.body[strings.Index(r.body, `id="preview-title"`):]
	mustContain(t, prev, "<strong>her</strong>")
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(prev, bad) {
			t.Errorf("preview holds %q", bad)
		}
	}
	if w.fingerprint() != before {
		t.Error("the preview stored something")
	}
	// Stored and shown: still harmless, in the question and in an answer.
	f.Set("action", "save")
	q := w.ask(w.asker, f)
	w.answer(w.sov, q, "Svar med <script>alert(2)</script> og [link](javascript:alert(2))")
	page := w.get(w.anon, questionPath(q.ID, "")).body
	main := page[strings.Index(page, "<main"):]
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(main, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	// The answer preview.
	r = w.post(w.sov, questionPath(q.ID, "/svar"), url.Values{"body": {"**Udkast**"}, "action": {"preview"}})
	mustContain(t, r.body, "<strong>Udkast</strong>", "Forhåndsvisning", ">**Udkast**</textarea>")
	// Bad ids are missing pages.
	for _, p := range []string{"/spoergsmaal/0", "/spoergsmaal/abc", "/spoergsmaal/999999", "/spoergsmaal/emne/ikke%20gyldigt%21"} {
		if r := w.get(w.anon, p); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, r.status)
		}
	}
}

// TestQuestionListFiltersAndTagPage: the filters, orders, the tag cloud
// and the tag page with its follow button and feed.
func TestQuestionListFiltersAndTagPage(t *testing.T) {
	w := newQuestionWorld(t)
	a := w.ask(w.asker, w.askForm("Hvordan skriver vi en social klausul?", samspil.QuestionPublic, "klausul"))
	w.ask(w.asker, w.askForm("Hvem har prøvet afknopning af en kantine?", samspil.QuestionPublic, "kantine"))
	w.answer(w.colleague, a, "Se vejledningen.")
	tests := []struct {
		path      string
		want, not []string
	}{
		{"/spoergsmaal?unanswered=1", []string{"afknopning af en kantine", "1 spørgsmål"}, []string{"social klausul?"}},
		{"/spoergsmaal?tag=klausul", []string{"social klausul?"}, []string{"kantine?"}},
		{"/spoergsmaal?q=kantine", []string{"kantine?"}, []string{"social klausul?"}},
		{"/spoergsmaal?sort=unanswered", []string{`<option value="unanswered" selected>`}, nil},
		{"/spoergsmaal?sort=evil&tag=%00&page=-4", []string{"2 spørgsmål", `<option value="newest" selected>`}, nil},
		{"/spoergsmaal", []string{"Emner", `class="tag-weight-`, `href="/spoergsmaal/emne/klausul"`, "Reserveret kontrakt (udbudslovens § 20)"}, nil},
		{"/spoergsmaal/emne/klausul", []string{"Spørgsmål om »klausul«", "social klausul?", `href="/feeds/tag/klausul.atom"`, `class="follow-login"`}, []string{"kantine?"}},
		{"/spoergsmaal/emne/Klausul", []string{"social klausul?"}, nil},
	}
	for _, tt := range tests {
		r := w.get(w.anon, tt.path)
		if r.status != 200 {
			t.Errorf("%s: %d", tt.path, r.status)
			continue
		}
		for _, s := range tt.want {
			if !strings.Contains(r.body, s) {
				t.Errorf("%s lacks %q", tt.path, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(r.body, s) {
				t.Errorf("%s has %q", tt.path, s)
			}
		}
	}
	tag := w.get(w.sov, "/spoergsmaal/emne/klausul").body
	mustContain(t, tag, `action="/foelg"`, `name="kind" value="tag"`, `name="key" value="klausul"`, "follow-button",
		`<link rel="alternate" type="application/atom+xml" title="Spørgsmål om klausul" href="/feeds/tag/klausul.atom">`)
	en := w.get(w.anon, "/spoergsmaal?lang=en").body
	mustContain(t, en, "Questions between municipalities", "2 questions")
}
