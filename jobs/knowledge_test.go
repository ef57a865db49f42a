package jobs_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/jobs"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
)

// forum is a small question forum: Anne (municipal staff, Danish) and Bo
// (an SØV, English) follow the tag "indkøb"; Kim asks for his
// municipality and Lis from another one answers.
type forum struct {
	kk, aarhus, sov   *samspil.Organisation
	anne, bo, kim, li *samspil.User
	t0                time.Time
	sender            mail.Sender
	srv               *mailtest.Server
	store             *sqlstore.DB
	clk               *clock
	ctx               context.Context
}

func newForum(t *testing.T, store *sqlstore.DB, clk *clock) *forum {
	t.Helper()
	ctx := context.Background()
	f := &forum{t0: clk.Now(), store: store, clk: clk, ctx: ctx}
	f.srv = mailtest.Start(t)
	var err error
	f.sender, err = mail.NewSMTP(mail.SMTPConfig{Host: f.srv.Host, Port: f.srv.Port, From: "noreply@samspil.example", TLS: mail.TLSNone})
	if err != nil {
		t.Fatal(err)
	}
	if f.kk, err = store.FindMunicipalityOrganisation(ctx, "0101"); err != nil {
		t.Fatal(err)
	}
	if f.aarhus, err = store.FindMunicipalityOrganisation(ctx, "0751"); err != nil {
		t.Fatal(err)
	}
	f.sov = &samspil.Organisation{Name: "Rent & Roligt", Kind: samspil.OrgSOV, MunicipalityCode: "0461", CVR: storetest.ValidCVR(3)}
	if err := store.CreateOrganisation(ctx, f.sov); err != nil {
		t.Fatal(err)
	}
	f.anne = mustUser(t, store, "anne@kk.dk", "da", true, f.t0)
	f.bo = mustUser(t, store, "bo@rent.dk", "en", true, f.t0)
	f.kim = mustUser(t, store, "kim@kk.dk", "da", true, f.t0)
	f.li = mustUser(t, store, "lis@aarhus.dk", "da", true, f.t0)
	mustMember(t, store, f.anne, f.kk, samspil.RoleMember, samspil.MembershipActive)
	mustMember(t, store, f.kim, f.kk, samspil.RoleMember, samspil.MembershipActive)
	mustMember(t, store, f.li, f.aarhus, samspil.RoleMember, samspil.MembershipActive)
	mustMember(t, store, f.bo, f.sov, samspil.RoleAdmin, samspil.MembershipActive)
	for _, u := range []*samspil.User{f.anne, f.bo} {
		if err := store.Follow(ctx, u.ID, samspil.FollowTag, "Indkøb"); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *forum) ask(t *testing.T, title string, vis samspil.QuestionVisibility) *samspil.Question {
	t.Helper()
	q := &samspil.Question{AuthorID: f.kim.ID, OrganisationID: f.kk.ID, Title: title, Tags: []string{"indkøb"}, Visibility: vis}
	if err := f.store.CreateQuestion(samspil.WithActor(f.ctx, f.kim.ID), q); err != nil {
		t.Fatal(err)
	}
	return q
}

func (f *forum) digests(t *testing.T, sender mail.Sender, at time.Time) (int, error) {
	t.Helper()
	f.clk.Set(at)
	return jobs.SendFollowDigests(f.ctx, f.store, sender, "https://samspil.example/", at)
}

func TestSendFollowDigests(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		f := newForum(t, store, clk)
		clk.Set(f.t0.Add(time.Hour))
		open := f.ask(t, "Hvordan deler I udbud op i delkontrakter?", samspil.QuestionPublic)
		closed := f.ask(t, "Hvad koster jeres rengøring pr. kvadratmeter?", samspil.QuestionMunicipalities)
		if err := store.CreateAnswer(samspil.WithActor(f.ctx, f.li.ID), &samspil.Answer{QuestionID: open.ID, AuthorID: f.li.ID,
			OrganisationID: f.aarhus.ID, Body: "Vi deler efter geografi."}); err != nil {
			t.Fatal(err)
		}

		// The relay is down: nothing is marked.
		bad := &failing{}
		day1 := f.t0.Add(20 * time.Hour)
		if n, err := f.digests(t, bad, day1); n != 0 || err == nil || bad.calls != 3 {
			t.Fatalf("failing relay: n=%d err=%v calls=%d", n, err, bad.calls)
		}
		// Back: Anne, Bo and Kim get one digest each.
		if n, err := f.digests(t, f.sender, day1); n != 3 || err != nil {
			t.Fatalf("sent %d, %v", n, err)
		}
		anne := f.srv.WaitFor(t, "anne@kk.dk", 10*time.Second)
		for _, want := range []string{open.Title, closed.Title, fmt.Sprintf("https://samspil.example/spoergsmaal/%d", open.ID),
			fmt.Sprintf("https://samspil.example/spoergsmaal/%d", closed.ID), "https://samspil.example/foelger"} {
			if !strings.Contains(anne.Text, want) {
				t.Errorf("Anne's digest lacks %q:\n%s", want, anne.Text)
			}
		}
		if !strings.Contains(anne.Subject, "2 nyheder") {
			t.Errorf("Anne's subject %q", anne.Subject)
		}
		bo := f.srv.WaitFor(t, "bo@rent.dk", 10*time.Second)
		if !strings.Contains(bo.Text, open.Title) || strings.Contains(bo.Text, closed.Title) || !strings.Contains(bo.Subject, "1 update") {
			t.Errorf("Bo's digest (English, public question only): %q\n%s", bo.Subject, bo.Text)
		}
		kim := f.srv.WaitFor(t, "kim@kk.dk", 10*time.Second)
		if !strings.Contains(kim.Text, "Nyt svar fra lis på »"+open.Title+"«") {
			t.Errorf("Kim's digest:\n%s", kim.Text)
		}
		if n := len(f.srv.MessagesTo("lis@aarhus.dk")); n != 0 {
			t.Errorf("Lis got %d e-mails about her own answer", n)
		}
		// Again the same day (a restart): nothing.
		if n, err := f.digests(t, f.sender, day1.Add(time.Minute)); n != 0 || err != nil {
			t.Fatalf("second run: %d %v", n, err)
		}
		// Something new three hours later waits for the next day.
		clk.Set(day1.Add(2 * time.Hour))
		later := f.ask(t, "Hvem har erfaring med markedsdialog før udbud?", samspil.QuestionPublic)
		if n, err := f.digests(t, f.sender, day1.Add(3*time.Hour)); n != 0 || err != nil {
			t.Fatalf("same day: %d %v", n, err)
		}
		if n, err := f.digests(t, f.sender, day1.Add(24*time.Hour)); n != 2 || err != nil {
			t.Fatalf("next day: %d %v", n, err)
		}
		msgs := f.srv.MessagesTo("anne@kk.dk")
		last := msgs[len(msgs)-1]
		if len(msgs) != 2 || !strings.Contains(last.Text, later.Title) || strings.Contains(last.Text, open.Title) {
			t.Errorf("Anne's second digest:\n%s", last.Text)
		}
		if left, err := store.PendingDigests(f.ctx, 10); err != nil || len(left) != 0 {
			t.Fatalf("pending after the runs: %d %v", len(left), err)
		}
		// The digest rows never went through the one-by-one mailer.
		if pend, err := store.PendingNotificationEmails(f.ctx, 10); err != nil || len(pend) != 0 {
			t.Fatalf("pending single e-mails: %d %v", len(pend), err)
		}
	})
}

func TestSendFollowDigestsGivesUp(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		f := newForum(t, store, clk)
		f.ask(t, "Hvordan deler I udbud op i delkontrakter?", samspil.QuestionPublic)
		bad := &failing{}
		if _, err := f.digests(t, bad, f.t0.Add(jobs.GiveUpAfter+time.Hour)); err == nil || bad.calls != 2 {
			t.Fatalf("err=%v calls=%d", err, bad.calls)
		}
		if left, _ := store.PendingDigests(f.ctx, 10); len(left) != 0 {
			t.Fatalf("old failing digests stay pending: %d", len(left))
		}
	})
}

// TestAcceptedAnswerEmail checks the one-by-one mailer knows the
// knowledge platform's immediate kinds.
func TestAcceptedAnswerEmail(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		f := newForum(t, store, clk)
		q := f.ask(t, "Hvordan deler I udbud op i delkontrakter?", samspil.QuestionPublic)
		a := &samspil.Answer{QuestionID: q.ID, AuthorID: f.li.ID, OrganisationID: f.aarhus.ID, Body: "Efter geografi."}
		if err := store.CreateAnswer(samspil.WithActor(f.ctx, f.li.ID), a); err != nil {
			t.Fatal(err)
		}
		if _, err := store.AcceptAnswer(samspil.WithActor(f.ctx, f.kim.ID), q.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := jobs.SendNotificationEmails(f.ctx, store, f.sender, "https://samspil.example", clk.Now()); n != 1 || err != nil {
			t.Fatalf("sent %d, %v", n, err)
		}
		m := f.srv.WaitFor(t, "lis@aarhus.dk", 10*time.Second)
		if !strings.Contains(m.Subject, "Dit svar er valgt") || m.Link(t) != fmt.Sprintf("https://samspil.example/spoergsmaal/%d#svar-%d", q.ID, a.ID) {
			t.Errorf("accepted e-mail %q %q\n%s", m.Subject, m.Link(t), m.Text)
		}
	})
}

// TestStartRunsFollowDigest runs the real queue: the digest runs at start.
func TestStartRunsFollowDigest(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		f := newForum(t, store, clk)
		f.ask(t, "Hvordan deler I udbud op i delkontrakter?", samspil.QuestionPublic)
		rec := &recorder{}
		stop, err := jobs.Start(f.ctx, jobs.Config{
			DB: store.SQL(), Dialect: store.Dialect(), Store: store, Mailer: rec,
			BaseURL: "https://samspil.example", Now: clk.Now,
			PollInterval: 200 * time.Millisecond, Logger: slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Fatal(err)
		}
		defer stop(context.Background())
		// Wait for the work to happen (not a timing assertion).
		deadline := time.Now().Add(60 * time.Second)
		for rec.count() < 2 {
			if time.Now().After(deadline) {
				t.Fatalf("the follow digest did not run: %d e-mails", rec.count())
			}
			time.Sleep(20 * time.Millisecond)
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		to := map[string]bool{}
		for _, m := range rec.msgs {
			to[m.To] = true
		}
		if !to["anne@kk.dk"] || !to["bo@rent.dk"] {
			t.Errorf("digests went to %v", to)
		}
	})
}
