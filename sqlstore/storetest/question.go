package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// RunQuestions runs the contract tests of questions, answers, votes,
// follows and the follow digest against stores from open, which must be
// seeded with GuideChapters (a guide chapter is followed).
func RunQuestions(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"CreateQuestion", testCreateQuestion},
		{"FindQuestions", testFindQuestions},
		{"AnswersVotesAcceptance", testAnswersVotesAcceptance},
		{"QuestionVisibilityOfFollows", testQuestionVisibilityOfFollows},
		{"Follows", testFollows},
		{"FollowDigests", testFollowDigests},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// qaFixture is a small world of askers and readers: two municipalities'
// staff, an SØV member, a pending municipal member, an editor and a
// person without any organisation.
type qaFixture struct {
	kk, aarhus, sov                              *samspil.Organisation
	asker, colleague, sovUser, pending, outsider *samspil.User
	editor                                       *samspil.User
}

func newQAFixture(t *testing.T, e *env) *qaFixture {
	t.Helper()
	f := &qaFixture{}
	var err error
	f.kk, err = e.s.FindMunicipalityOrganisation(e.ctx, "0101")
	must(t, err)
	f.aarhus, err = e.s.FindMunicipalityOrganisation(e.ctx, "0751")
	must(t, err)
	f.sov = newOrg(21, "Køkkenet ApS")
	must(t, e.s.CreateOrganisation(e.ctx, f.sov))
	member := func(email string, org *samspil.Organisation, st samspil.MembershipStatus) *samspil.User {
		u := newUser(t, e, email)
		must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: u.ID, OrganisationID: org.ID, Role: samspil.RoleMember, Status: st}))
		return u
	}
	f.asker = member("spoerger@kk.dk", f.kk, samspil.MembershipActive)
	f.colleague = member("kollega@aarhus.dk", f.aarhus, samspil.MembershipActive)
	f.sovUser = member("leder@koekken.dk", f.sov, samspil.MembershipActive)
	f.pending = member("ny@aarhus.dk", f.aarhus, samspil.MembershipPending)
	f.outsider = newUser(t, e, "borger@example.dk")
	f.editor = &samspil.User{Email: "redaktoer@sekretariat.dk", Name: "Redaktøren", PasswordHash: "x", IsEditor: true}
	must(t, e.s.CreateUser(e.ctx, f.editor))
	return f
}

// ask stores a question by the asker for their municipality.
func (f *qaFixture) ask(t *testing.T, e *env, title string, vis samspil.QuestionVisibility, tags ...string) *samspil.Question {
	t.Helper()
	q := &samspil.Question{AuthorID: f.asker.ID, OrganisationID: f.kk.ID, Title: title, Body: "Hvordan har I gjort?", Tags: tags, Visibility: vis}
	must(t, e.s.CreateQuestion(samspil.WithActor(e.ctx, f.asker.ID), q))
	return q
}

// followNotes returns u's notifications of kind as "link|Question".
func followNotes(t *testing.T, e *env, u *samspil.User, kind samspil.NotificationKind) []string {
	t.Helper()
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, Limit: 100})
	must(t, err)
	var out []string
	for _, n := range ns {
		if n.Kind == kind {
			out = append(out, n.Link+"|"+n.Args["Question"])
		}
	}
	return out
}

func testCreateQuestion(t *testing.T, e *env) {
	f := newQAFixture(t, e)
	e.clock.Add(time.Minute)
	q := &samspil.Question{AuthorID: f.asker.ID, OrganisationID: f.kk.ID, Title: "  Hvordan reserverer I kontrakter? ",
		Body: " Vi overvejer § 20. ", Tags: []string{"Reserveret kontrakt, #Indkøb", "indkøb"}}
	must(t, e.s.CreateQuestion(samspil.WithActor(e.ctx, f.asker.ID), q))
	if q.ID == 0 || q.Title != "Hvordan reserverer I kontrakter?" || q.Body != "Vi overvejer § 20." || q.Visibility != samspil.QuestionPublic ||
		!slices.Equal(q.Tags, []string{"reserveret-kontrakt", "indkøb"}) || q.AuthorName != f.asker.Name || q.OrganisationName != f.kk.Name ||
		!q.CreatedAt.Equal(e.clock.Now()) || !q.UpdatedAt.Equal(e.clock.Now()) || q.AnswerCount != 0 || q.AcceptedAnswerID != nil {
		t.Fatalf("created = %+v", q)
	}
	got, err := e.s.FindQuestionByID(e.ctx, q.ID)
	must(t, err)
	if got.Title != q.Title || got.Body != q.Body || !slices.Equal(got.Tags, q.Tags) || got.AuthorID != f.asker.ID || got.AuthorName != f.asker.Name ||
		got.OrganisationID != f.kk.ID || got.OrganisationName != f.kk.Name || got.Visibility != samspil.QuestionPublic || !got.CreatedAt.Equal(q.CreatedAt) {
		t.Fatalf("read back = %+v", got)
	}
	// The asker follows their question.
	ok, err := e.s.IsFollowing(e.ctx, f.asker.ID, samspil.FollowQuestion, fmt.Sprint(q.ID))
	must(t, err)
	if !ok {
		t.Fatal("the asker does not follow the question")
	}
	// A question of the secretariat, without an organisation.
	sq := &samspil.Question{AuthorID: f.editor.ID, Title: "Hvem har erfaring med afknopning?"}
	must(t, e.s.CreateQuestion(e.ctx, sq))
	if got, err := e.s.FindQuestionByID(e.ctx, sq.ID); err != nil || got.OrganisationID != 0 || got.OrganisationName != "" || len(got.Tags) != 0 {
		t.Fatalf("secretariat question = %+v %v", got, err)
	}

	_, err = e.s.FindQuestionByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "question.not_found")
	bad := &samspil.Question{AuthorID: f.asker.ID, OrganisationID: f.kk.ID, Title: "Kort"}
	wantField(t, e.s.CreateQuestion(e.ctx, bad), samspil.EINVALID, "title", "question.title.short")
	if bad.ID != 0 {
		t.Fatal("ID set on failure")
	}
	wantField(t, e.s.CreateQuestion(e.ctx, &samspil.Question{AuthorID: f.asker.ID, Title: "Et gyldigt spørgsmål her", Tags: []string{"a!"}}),
		samspil.EINVALID, "tags", "tag.invalid")
	wantField(t, e.s.CreateQuestion(e.ctx, &samspil.Question{AuthorID: f.asker.ID, Title: "Et gyldigt spørgsmål her", Visibility: "alle"}),
		samspil.EINVALID, "visibility", "question.visibility.invalid")
	wantCode(t, e.s.CreateQuestion(e.ctx, &samspil.Question{AuthorID: f.asker.ID, OrganisationID: 999999, Title: "Et gyldigt spørgsmål her"}),
		samspil.ENOTFOUND, "org.not_found")
	wantCode(t, e.s.CreateQuestion(e.ctx, &samspil.Question{AuthorID: 999999, Title: "Et gyldigt spørgsmål her"}),
		samspil.ENOTFOUND, "user.not_found")
}

func questionTitles(qs []*samspil.Question) string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Title)
	}
	return strings.Join(out, "|")
}

func testFindQuestions(t *testing.T, e *env) {
	f := newQAFixture(t, e)
	q1 := f.ask(t, e, "Reserverede kontrakter på rengøring", samspil.QuestionPublic, "reserveret_kontrakt", "rengøring")
	e.clock.Add(time.Minute)
	q2 := f.ask(t, e, "Sociale klausuler i byggeri på Ærø", samspil.QuestionMunicipalities, "social_klausul")
	e.clock.Add(time.Minute)
	q3 := f.ask(t, e, "Hvem har prøvet afknopning af et værksted?", samspil.QuestionPublic, "afknopning", "rengøring")
	e.clock.Add(time.Minute)
	other := &samspil.Question{AuthorID: f.colleague.ID, OrganisationID: f.aarhus.ID, Title: "Budget til koordinerende enhed", Tags: []string{"strategi"}}
	must(t, e.s.CreateQuestion(e.ctx, other))

	find := func(filter samspil.QuestionFilter) ([]*samspil.Question, int) {
		t.Helper()
		qs, total, err := e.s.FindQuestions(e.ctx, filter)
		must(t, err)
		return qs, total
	}
	for _, c := range []struct {
		name   string
		filter samspil.QuestionFilter
		want   string
		total  int
	}{
		{"public newest first", samspil.QuestionFilter{}, "Budget til koordinerende enhed|Hvem har prøvet afknopning af et værksted?|Reserverede kontrakter på rengøring", 3},
		{"with municipality-only", samspil.QuestionFilter{IncludeMunicipalOnly: true}, other.Title + "|" + q3.Title + "|" + q2.Title + "|" + q1.Title, 4},
		{"tag", samspil.QuestionFilter{Tag: " Rengøring "}, q3.Title + "|" + q1.Title, 2},
		{"hidden tag", samspil.QuestionFilter{Tag: "social_klausul"}, "", 0},
		{"hidden tag for staff", samspil.QuestionFilter{Tag: "social_klausul", IncludeMunicipalOnly: true}, q2.Title, 1},
		{"query in any case", samspil.QuestionFilter{Query: "KONTRAKTER"}, q1.Title, 1},
		{"query æøå", samspil.QuestionFilter{Query: "ærø klausuler", IncludeMunicipalOnly: true}, q2.Title, 1},
		{"query matches the body", samspil.QuestionFilter{Query: "hvordan har", Limit: 1}, q3.Title, 2},
		{"query matches tags", samspil.QuestionFilter{Query: "afknopning"}, q3.Title, 1},
		{"query without hits", samspil.QuestionFilter{Query: "kontrakter ærø"}, "", 0},
		{"author", samspil.QuestionFilter{AuthorID: f.colleague.ID}, other.Title, 1},
		{"page", samspil.QuestionFilter{Offset: 1, Limit: 1}, q3.Title, 3},
		{"past the end", samspil.QuestionFilter{Offset: 5}, "", 3},
	} {
		qs, total := find(c.filter)
		if got := questionTitles(qs); got != c.want || total != c.total {
			t.Errorf("%s: %q (%d), want %q (%d)", c.name, got, total, c.want, c.total)
		}
	}
	// Tags are loaded in order.
	qs, _ := find(samspil.QuestionFilter{Tag: "afknopning"})
	if len(qs) != 1 || !slices.Equal(qs[0].Tags, []string{"afknopning", "rengøring"}) || qs[0].AuthorName != f.asker.Name {
		t.Fatalf("loaded = %+v", qs)
	}

	// An answer to the oldest question makes it the most active and
	// answered.
	e.clock.Add(time.Minute)
	must(t, e.s.CreateAnswer(e.ctx, &samspil.Answer{QuestionID: q1.ID, AuthorID: f.colleague.ID, OrganisationID: f.aarhus.ID, Body: "Vi har gjort det."}))
	qs, _ = find(samspil.QuestionFilter{Sort: "active"})
	if got := questionTitles(qs); got != q1.Title+"|"+other.Title+"|"+q3.Title {
		t.Errorf("active = %q", got)
	}
	if qs[0].AnswerCount != 1 || !qs[0].UpdatedAt.Equal(e.clock.Now()) {
		t.Errorf("answered question = %+v", qs[0])
	}
	qs, total := find(samspil.QuestionFilter{Unanswered: true})
	if got := questionTitles(qs); got != other.Title+"|"+q3.Title || total != 2 {
		t.Errorf("unanswered = %q %d", got, total)
	}
	qs, _ = find(samspil.QuestionFilter{Sort: "unanswered"})
	if got := questionTitles(qs); got != other.Title+"|"+q3.Title+"|"+q1.Title {
		t.Errorf("sorted unanswered first = %q", got)
	}

	tags, err := e.s.FindQuestionTags(e.ctx, false, 0)
	must(t, err)
	if fmt.Sprint(tags) != "[{rengøring 2} {afknopning 1} {reserveret_kontrakt 1} {strategi 1}]" {
		t.Errorf("public tags = %v", tags)
	}
	tags, err = e.s.FindQuestionTags(e.ctx, true, 2)
	must(t, err)
	if fmt.Sprint(tags) != "[{rengøring 2} {afknopning 1}]" {
		t.Errorf("staff tags, two = %v", tags)
	}
	tags, err = e.s.FindQuestionTags(e.ctx, true, 10)
	must(t, err)
	if len(tags) != 5 {
		t.Errorf("staff tags = %v", tags)
	}

	_, _, err = e.s.FindQuestions(e.ctx, samspil.QuestionFilter{Sort: "populær"})
	wantCode(t, err, samspil.EINVALID, "")
	_, _, err = e.s.FindQuestions(e.ctx, samspil.QuestionFilter{Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")
	_, _, err = e.s.FindQuestions(e.ctx, samspil.QuestionFilter{Tag: "ugyldigt!"})
	wantCode(t, err, samspil.EINVALID, "")
}

func answerOrder(as []*samspil.Answer) string {
	var out []string
	for _, a := range as {
		s := fmt.Sprintf("%s:%d", a.Body, a.Votes)
		if a.Accepted {
			s += "*"
		}
		if a.VotedByViewer {
			s += "v"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func testAnswersVotesAcceptance(t *testing.T, e *env) {
	f := newQAFixture(t, e)
	q := f.ask(t, e, "Hvordan skriver I sociale klausuler?", samspil.QuestionPublic, "social_klausul")
	e.clock.Add(time.Minute)
	answer := func(u *samspil.User, orgID int64, body string) *samspil.Answer {
		t.Helper()
		a := &samspil.Answer{QuestionID: q.ID, AuthorID: u.ID, OrganisationID: orgID, Body: body}
		must(t, e.s.CreateAnswer(samspil.WithActor(e.ctx, u.ID), a))
		e.clock.Add(time.Minute)
		return a
	}
	a1 := answer(f.colleague, f.aarhus.ID, " Første ")
	if a1.ID == 0 || a1.Body != "Første" || a1.AuthorName != f.colleague.Name || a1.OrganisationName != f.aarhus.Name || a1.Votes != 0 ||
		a1.Accepted || !a1.CreatedAt.Equal(e.clock.Now().Add(-time.Minute)) {
		t.Fatalf("answer = %+v", a1)
	}
	a2 := answer(f.sovUser, f.sov.ID, "Anden")
	a3 := answer(f.editor, 0, "Tredje")

	// The answerers follow the question; the asker heard of each answer,
	// the answerers only of the later ones.
	for _, u := range []*samspil.User{f.colleague, f.sovUser, f.editor} {
		if ok, err := e.s.IsFollowing(e.ctx, u.ID, samspil.FollowQuestion, fmt.Sprint(q.ID)); err != nil || !ok {
			t.Fatalf("%s does not follow the question: %v", u.Email, err)
		}
	}
	link := fmt.Sprintf("/spoergsmaal/%d", q.ID)
	if got := followNotes(t, e, f.asker, samspil.NoteFollowAnswer); len(got) != 3 || !strings.HasPrefix(got[0], link+"#") ||
		!strings.HasSuffix(got[0], "|"+q.Title) {
		t.Fatalf("asker's answer notes = %v", got)
	}
	if got := followNotes(t, e, f.colleague, samspil.NoteFollowAnswer); len(got) != 2 {
		t.Fatalf("first answerer's notes = %v", got)
	}
	if got := followNotes(t, e, f.editor, samspil.NoteFollowAnswer); len(got) != 0 {
		t.Fatalf("last answerer's notes = %v", got)
	}
	got, err := e.s.FindQuestionByID(e.ctx, q.ID)
	must(t, err)
	if got.AnswerCount != 3 {
		t.Fatalf("answer count = %d", got.AnswerCount)
	}

	// Votes: twice counts once, one's own is refused, withdrawing works.
	vote := func(a *samspil.Answer, u *samspil.User, up bool) *samspil.Answer {
		t.Helper()
		v, err := e.s.VoteAnswer(e.ctx, a.ID, u.ID, up)
		must(t, err)
		return v
	}
	vote(a2, f.asker, true)
	if v := vote(a2, f.asker, true); v.Votes != 1 || !v.VotedByViewer {
		t.Fatalf("voted twice = %+v", v)
	}
	vote(a2, f.colleague, true)
	vote(a3, f.outsider, true)
	if v := vote(a3, f.outsider, false); v.Votes != 0 || v.VotedByViewer {
		t.Fatalf("withdrawn = %+v", v)
	}
	vote(a3, f.outsider, false) // withdrawing what is not there
	_, err = e.s.VoteAnswer(e.ctx, a1.ID, f.colleague.ID, true)
	wantField(t, err, samspil.EINVALID, "answer_id", "answer.vote.own")
	_, err = e.s.VoteAnswer(e.ctx, 999999, f.asker.ID, true)
	wantCode(t, err, samspil.ENOTFOUND, "answer.not_found")
	_, err = e.s.VoteAnswer(e.ctx, a1.ID, 999999, true)
	wantCode(t, err, samspil.ENOTFOUND, "user.not_found")

	list := func(viewer int64) string {
		t.Helper()
		as, err := e.s.FindAnswers(e.ctx, q.ID, viewer)
		must(t, err)
		return answerOrder(as)
	}
	if got := list(f.asker.ID); got != "Anden:2v Første:0 Tredje:0" {
		t.Fatalf("by votes then age = %q", got)
	}
	if got := list(0); got != "Anden:2 Første:0 Tredje:0" {
		t.Fatalf("anonymous = %q", got)
	}

	// Accepting puts the answer first and tells its author at once.
	e.clock.Add(time.Minute)
	ctx := samspil.WithActor(e.ctx, f.asker.ID)
	acc, err := e.s.AcceptAnswer(ctx, q.ID, a3.ID)
	must(t, err)
	if acc.AcceptedAnswerID == nil || *acc.AcceptedAnswerID != a3.ID || !acc.UpdatedAt.Equal(e.clock.Now()) {
		t.Fatalf("accepted = %+v", acc)
	}
	if got := list(f.asker.ID); got != "Tredje:0* Anden:2v Første:0" {
		t.Fatalf("accepted first = %q", got)
	}
	// Accepting another replaces it.
	_, err = e.s.AcceptAnswer(ctx, q.ID, a1.ID)
	must(t, err)
	if got := list(f.colleague.ID); got != "Første:0* Anden:2v Tredje:0" {
		t.Fatalf("replaced = %q", got)
	}
	// Accepting the same again tells nobody twice.
	_, err = e.s.AcceptAnswer(ctx, q.ID, a1.ID)
	must(t, err)
	for _, c := range []struct {
		u    *samspil.User
		want int
	}{{f.editor, 1}, {f.colleague, 1}, {f.sovUser, 0}, {f.asker, 0}} {
		if got := followNotes(t, e, c.u, samspil.NoteAnswerAccepted); len(got) != c.want || (c.want > 0 && got[0] != fmt.Sprintf("%s#svar-%d|%s", link, map[bool]int64{true: a3.ID, false: a1.ID}[c.u == f.editor], q.Title)) {
			t.Errorf("accepted notes of %s = %v", c.u.Email, got)
		}
	}
	// The acceptance is e-mailed one by one; the follow notes are not.
	pend, err := e.s.PendingNotificationEmails(e.ctx, 100)
	must(t, err)
	for _, p := range pend {
		if p.Notification.Digest || p.Notification.Kind != samspil.NoteAnswerAccepted {
			t.Errorf("pending e-mail %s digest=%v", p.Notification.Kind, p.Notification.Digest)
		}
	}
	if len(pend) != 2 {
		t.Errorf("pending e-mails = %d, want 2", len(pend))
	}

	other := f.ask(t, e, "Et helt andet spørgsmål her", samspil.QuestionPublic)
	_, err = e.s.AcceptAnswer(ctx, other.ID, a2.ID)
	wantField(t, err, samspil.EINVALID, "answer_id", "answer.wrong_question")
	_, err = e.s.AcceptAnswer(ctx, 999999, a2.ID)
	wantCode(t, err, samspil.ENOTFOUND, "question.not_found")
	_, err = e.s.AcceptAnswer(ctx, q.ID, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "answer.not_found")
	_, err = e.s.FindAnswers(e.ctx, 999999, 0)
	wantCode(t, err, samspil.ENOTFOUND, "question.not_found")
	as, err := e.s.FindAnswers(e.ctx, other.ID, 0)
	must(t, err)
	if as == nil || len(as) != 0 {
		t.Fatalf("no answers = %#v", as)
	}
	bad := &samspil.Answer{QuestionID: q.ID, AuthorID: f.asker.ID, Body: "  "}
	wantField(t, e.s.CreateAnswer(e.ctx, bad), samspil.EINVALID, "body", "answer.body.required")
	wantCode(t, e.s.CreateAnswer(e.ctx, &samspil.Answer{QuestionID: 999999, AuthorID: f.asker.ID, Body: "Hej"}), samspil.ENOTFOUND, "question.not_found")
	wantCode(t, e.s.CreateAnswer(e.ctx, &samspil.Answer{QuestionID: q.ID, AuthorID: f.asker.ID, OrganisationID: 999999, Body: "Hej"}), samspil.ENOTFOUND, "org.not_found")
}

func testQuestionVisibilityOfFollows(t *testing.T, e *env) {
	f := newQAFixture(t, e)
	everyone := []*samspil.User{f.colleague, f.sovUser, f.pending, f.outsider, f.editor}
	for _, u := range everyone {
		must(t, e.s.Follow(e.ctx, u.ID, samspil.FollowTag, "Social klausul"))
	}
	// A second tag some also follow: still one notification each.
	must(t, e.s.Follow(e.ctx, f.colleague.ID, samspil.FollowTag, "byggeri"))
	must(t, e.s.Follow(e.ctx, f.outsider.ID, samspil.FollowTag, "byggeri"))

	closed := f.ask(t, e, "Hvad skriver I i klausulerne om lærlinge?", samspil.QuestionMunicipalities, "social-klausul", "byggeri")
	open := f.ask(t, e, "Hvem kan levere kantinemad med lærlinge?", samspil.QuestionPublic, "social-klausul", "byggeri")
	for _, c := range []struct {
		u    *samspil.User
		want []string
	}{
		{f.colleague, []string{"/spoergsmaal/" + fmt.Sprint(open.ID) + "|" + open.Title, "/spoergsmaal/" + fmt.Sprint(closed.ID) + "|" + closed.Title}},
		{f.editor, []string{"/spoergsmaal/" + fmt.Sprint(open.ID) + "|" + open.Title, "/spoergsmaal/" + fmt.Sprint(closed.ID) + "|" + closed.Title}},
		{f.sovUser, []string{"/spoergsmaal/" + fmt.Sprint(open.ID) + "|" + open.Title}},
		{f.pending, []string{"/spoergsmaal/" + fmt.Sprint(open.ID) + "|" + open.Title}},
		{f.outsider, []string{"/spoergsmaal/" + fmt.Sprint(open.ID) + "|" + open.Title}},
		{f.asker, nil},
	} {
		if got := followNotes(t, e, c.u, samspil.NoteFollowQuestion); !slices.Equal(got, c.want) {
			t.Errorf("%s: follow notes %v, want %v", c.u.Email, got, c.want)
		}
	}
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: f.colleague.ID})
	must(t, err)
	if !ns[0].Digest || ns[0].Args["Organisation"] != f.kk.Name || ns[0].Args["Tags"] != "social-klausul, byggeri" {
		t.Errorf("follow note = %+v", ns[0])
	}

	// Someone outside who follows the closed question (say, since they
	// left their municipality) hears nothing of its answers, and does not
	// see it in their follows.
	e.clock.Add(time.Minute)
	must(t, e.s.Follow(e.ctx, f.outsider.ID, samspil.FollowQuestion, fmt.Sprint(closed.ID)))
	must(t, e.s.Follow(e.ctx, f.pending.ID, samspil.FollowQuestion, fmt.Sprint(closed.ID)))
	must(t, e.s.Follow(e.ctx, f.colleague.ID, samspil.FollowQuestion, fmt.Sprint(closed.ID)))
	must(t, e.s.CreateAnswer(e.ctx, &samspil.Answer{QuestionID: closed.ID, AuthorID: f.editor.ID, Body: "Se vejledningen."}))
	for _, c := range []struct {
		u    *samspil.User
		want int
	}{{f.asker, 1}, {f.colleague, 1}, {f.outsider, 0}, {f.pending, 0}, {f.editor, 0}} {
		if got := followNotes(t, e, c.u, samspil.NoteFollowAnswer); len(got) != c.want {
			t.Errorf("%s: answer notes %v, want %d", c.u.Email, got, c.want)
		}
	}
	fs, err := e.s.FindFollows(e.ctx, f.outsider.ID)
	must(t, err)
	for _, fl := range fs {
		if fl.Kind == samspil.FollowQuestion || strings.Contains(fl.Label, closed.Title) {
			t.Errorf("outsider sees %+v", fl)
		}
	}
	fs, err = e.s.FindFollows(e.ctx, f.colleague.ID)
	must(t, err)
	if len(fs) != 3 || fs[0].Kind != samspil.FollowQuestion || fs[0].Label != closed.Title {
		t.Errorf("colleague's follows = %+v", fs)
	}
}
