package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

func followSummary(fs []*samspil.Follow) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%s:%s:%s", f.Kind, f.Key, f.Label, f.Link))
	}
	return strings.Join(out, " | ")
}

func testFollows(t *testing.T, e *env) {
	f := newQAFixture(t, e)
	q := f.ask(t, e, "Hvordan finder I leverandører?", samspil.QuestionPublic)
	u := f.colleague
	follow := func(kind samspil.FollowKind, key string) {
		t.Helper()
		must(t, e.s.Follow(e.ctx, u.ID, kind, key))
		e.clock.Add(time.Minute)
	}
	follow(samspil.FollowTag, "  Social Klausul ")
	follow(samspil.FollowMunicipality, "0751")
	follow(samspil.FollowGuide, "afknopning")
	follow(samspil.FollowQuestion, fmt.Sprintf("00%d", q.ID))
	follow(samspil.FollowTag, "social-klausul") // again: a no-op
	for _, c := range []struct {
		kind samspil.FollowKind
		key  string
		want bool
	}{
		{samspil.FollowTag, "SOCIAL klausul", true},
		{samspil.FollowQuestion, fmt.Sprint(q.ID), true},
		{samspil.FollowMunicipality, "0751", true},
		{samspil.FollowMunicipality, "0101", false},
		{samspil.FollowGuide, "afknopning", true},
		{samspil.FollowGuide, "introduktion", false},
		{"opgave", "x", false},
	} {
		got, err := e.s.IsFollowing(e.ctx, u.ID, c.kind, c.key)
		must(t, err)
		if got != c.want {
			t.Errorf("IsFollowing %s %q = %v", c.kind, c.key, got)
		}
	}
	fs, err := e.s.FindFollows(e.ctx, u.ID)
	must(t, err)
	want := fmt.Sprintf("question:%d:%s:/spoergsmaal/%d | guide:afknopning:Afknopning:/vejledning/afknopning | municipality:0751:Aarhus:/kommuner/0751 | tag:social-klausul:social-klausul:/spoergsmaal/emne/social-klausul",
		q.ID, q.Title, q.ID)
	if got := followSummary(fs); got != want {
		t.Fatalf("follows\n got %s\nwant %s", got, want)
	}
	if !fs[3].CreatedAt.Equal(Start) {
		t.Errorf("first follow at %v", fs[3].CreatedAt)
	}
	if fs, err := e.s.FindFollows(e.ctx, f.outsider.ID); err != nil || fs == nil || len(fs) != 0 {
		t.Fatalf("no follows = %#v %v", fs, err)
	}

	// A case is labelled with its title.
	c := (&caseFixture{sov: f.sov, partner: f.sov}).newCase("Kantine med lærlinge")
	c.Partners = nil
	must(t, e.s.CreateCase(samspil.WithActor(e.ctx, f.sovUser.ID), c))
	must(t, e.s.Follow(e.ctx, f.sovUser.ID, samspil.FollowCase, fmt.Sprint(c.ID)))
	fs, err = e.s.FindFollows(e.ctx, f.sovUser.ID)
	must(t, err)
	if got := followSummary(fs); got != fmt.Sprintf("case:%d:Kantine med lærlinge:/erfaringer/%d", c.ID, c.ID) {
		t.Fatalf("case follow: %s", got)
	}

	// Bad input, each with its documented error.
	for _, c := range []struct {
		kind       samspil.FollowKind
		key        string
		code, key2 string
	}{
		{"opgave", "1", samspil.EINVALID, "follow.kind.invalid"},
		{samspil.FollowQuestion, "abc", samspil.EINVALID, "follow.key.invalid"},
		{samspil.FollowQuestion, "-3", samspil.EINVALID, "follow.key.invalid"},
		{samspil.FollowQuestion, " ", samspil.EINVALID, "follow.key.invalid"},
		{samspil.FollowQuestion, "999999", samspil.ENOTFOUND, "question.not_found"},
		{samspil.FollowCase, "999999", samspil.ENOTFOUND, "case.not_found"},
		{samspil.FollowMunicipality, "9999", samspil.ENOTFOUND, "municipality.not_found"},
		{samspil.FollowGuide, "findes-ikke", samspil.ENOTFOUND, "follow.guide.not_found"},
		{samspil.FollowTag, "hej!", samspil.EINVALID, "tag.invalid"},
		{samspil.FollowTag, strings.Repeat("x", 41), samspil.EINVALID, "tag.too_long"},
	} {
		err := e.s.Follow(e.ctx, u.ID, c.kind, c.key)
		if c.code == samspil.EINVALID {
			field := "key"
			if c.key2 == "follow.kind.invalid" {
				field = "kind"
			}
			wantField(t, err, c.code, field, c.key2)
		} else {
			wantCode(t, err, c.code, c.key2)
		}
	}
	wantCode(t, e.s.Follow(e.ctx, 999999, samspil.FollowTag, "indkøb"), samspil.ENOTFOUND, "user.not_found")

	// Unfollowing, also what one does not follow.
	must(t, e.s.Unfollow(e.ctx, u.ID, samspil.FollowTag, "Social klausul"))
	must(t, e.s.Unfollow(e.ctx, u.ID, samspil.FollowTag, "Social klausul"))
	must(t, e.s.Unfollow(e.ctx, u.ID, samspil.FollowQuestion, fmt.Sprintf("0%d", q.ID)))
	must(t, e.s.Unfollow(e.ctx, u.ID, samspil.FollowCase, "12345"))
	wantCode(t, e.s.Unfollow(e.ctx, u.ID, "opgave", "1"), samspil.EINVALID, "")
	fs, err = e.s.FindFollows(e.ctx, u.ID)
	must(t, err)
	if got := followSummary(fs); got != "guide:afknopning:Afknopning:/vejledning/afknopning | municipality:0751:Aarhus:/kommuner/0751" {
		t.Fatalf("after unfollowing: %s", got)
	}
}

func testFollowDigests(t *testing.T, e *env) {
	f := newQAFixture(t, e)
	must(t, e.s.Follow(e.ctx, f.colleague.ID, samspil.FollowTag, "indkøb"))
	must(t, e.s.Follow(e.ctx, f.colleague.ID, samspil.FollowGuide, "afknopning"))
	must(t, e.s.Follow(e.ctx, f.outsider.ID, samspil.FollowGuide, "afknopning"))
	e.clock.Add(time.Minute)
	q := f.ask(t, e, "Hvordan køber I ind hos små leverandører?", samspil.QuestionPublic, "indkøb")
	e.clock.Add(time.Minute)
	// A chapter changes: its followers hear of it (a shared hook of the
	// guide), the editor who changed it does not.
	must(t, e.s.Follow(e.ctx, f.editor.ID, samspil.FollowGuide, "afknopning"))
	g, err := e.s.FindGuideChapter(e.ctx, "afknopning")
	must(t, err)
	_, err = e.s.UpdateGuideChapter(samspil.WithActor(e.ctx, f.editor.ID), "afknopning",
		samspil.GuideEdit{Title: g.Title, Summary: g.Summary, Body: g.Body + "\n\nNyt afsnit.", Note: "Nyt afsnit", BaseVersion: g.Version})
	must(t, err)
	e.clock.Add(time.Minute)
	// The colleague answers; the asker accepts: that is e-mailed at once,
	// not in the digest.
	a := &samspil.Answer{QuestionID: q.ID, AuthorID: f.colleague.ID, OrganisationID: f.aarhus.ID, Body: "Vi deler udbuddet op."}
	must(t, e.s.CreateAnswer(samspil.WithActor(e.ctx, f.colleague.ID), a))
	_, err = e.s.AcceptAnswer(samspil.WithActor(e.ctx, f.asker.ID), q.ID, a.ID)
	must(t, err)
	_, err = e.s.UpdateUser(e.ctx, f.colleague.ID, samspil.UserUpdate{Locale: &[]string{"en"}[0]})
	must(t, err)

	digests, err := e.s.PendingDigests(e.ctx, 0)
	must(t, err)
	var got []string
	for _, d := range digests {
		var kinds []string
		for _, n := range d.Notifications {
			if !n.Digest || n.UserID != d.UserID || n.EmailedAt != nil {
				t.Errorf("digest notification %+v", n)
			}
			kinds = append(kinds, string(n.Kind))
		}
		got = append(got, fmt.Sprintf("%s/%s/%s: %s", d.Email, d.Name, d.Locale, strings.Join(kinds, ",")))
	}
	want := []string{
		"spoerger@kk.dk/Test spoerger@kk.dk/da: follow_answer",
		"kollega@aarhus.dk/Test kollega@aarhus.dk/en: follow_question,follow_guide",
		"borger@example.dk/Test borger@example.dk/da: follow_guide",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("digests\n got %s\nwant %s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	n := digests[1].Notifications[1]
	if n.Link != "/vejledning/afknopning" || n.Args["Chapter"] != g.Title {
		t.Errorf("guide note = %+v", n)
	}
	// The one-by-one mailer sees only the acceptance.
	pend, err := e.s.PendingNotificationEmails(e.ctx, 100)
	must(t, err)
	if len(pend) != 1 || pend[0].Notification.Kind != samspil.NoteAnswerAccepted || pend[0].Email != f.colleague.Email {
		t.Fatalf("pending e-mails = %+v", pend)
	}

	// A limit bounds the people; marking takes a person out.
	digests, err = e.s.PendingDigests(e.ctx, 1)
	must(t, err)
	if len(digests) != 1 || digests[0].UserID != f.asker.ID {
		t.Fatalf("limit 1 = %+v", digests)
	}
	var ids []int64
	for _, n := range digests[0].Notifications {
		ids = append(ids, n.ID)
	}
	must(t, e.s.MarkNotificationsEmailed(e.ctx, ids...))
	digests, err = e.s.PendingDigests(e.ctx, 10)
	must(t, err)
	if len(digests) != 2 || digests[0].UserID != f.colleague.ID {
		t.Fatalf("after marking = %+v", digests)
	}

	// At most 50 per person, oldest first; the rest wait.
	must(t, e.s.Follow(e.ctx, f.outsider.ID, samspil.FollowTag, "masse"))
	for i := 0; i < 55; i++ {
		e.clock.Add(time.Second)
		must(t, e.s.CreateQuestion(e.ctx, &samspil.Question{AuthorID: f.editor.ID, Title: fmt.Sprintf("Spørgsmål nummer %d", i), Tags: []string{"masse"}}))
	}
	digests, err = e.s.PendingDigests(e.ctx, 10)
	must(t, err)
	out := digests[len(digests)-1]
	if out.UserID != f.outsider.ID || len(out.Notifications) != 50 || out.Notifications[0].Kind != samspil.NoteFollowGuide ||
		out.Notifications[1].Args["Question"] != "Spørgsmål nummer 0" || out.Notifications[49].Args["Question"] != "Spørgsmål nummer 48" {
		t.Fatalf("capped digest: %d notes, first %+v", len(out.Notifications), out.Notifications[0])
	}
	ids = ids[:0]
	for _, n := range out.Notifications {
		ids = append(ids, n.ID)
	}
	must(t, e.s.MarkNotificationsEmailed(e.ctx, ids...))
	digests, err = e.s.PendingDigests(e.ctx, 10)
	must(t, err)
	out = digests[len(digests)-1]
	if out.UserID != f.outsider.ID || len(out.Notifications) != 6 || out.Notifications[0].Args["Question"] != "Spørgsmål nummer 49" {
		t.Fatalf("the rest: %+v", out)
	}
}
