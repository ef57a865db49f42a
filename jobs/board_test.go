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

// board is a small opportunity board: a municipality-like buyer whose
// admin reads Danish, an SØV whose admin reads English.
type board struct {
	buyer, sov *samspil.Organisation
	anne, bo   *samspil.User
	opp        *samspil.Opportunity
	t0         time.Time
	sender     mail.Sender
	srv        *mailtest.Server
	store      *sqlstore.DB
	clk        *clock
	ctx        context.Context
}

func newBoard(t *testing.T, store *sqlstore.DB, clk *clock) *board {
	t.Helper()
	ctx := context.Background()
	b := &board{t0: clk.Now(), store: store, clk: clk, ctx: ctx}
	b.srv = mailtest.Start(t)
	var err error
	b.sender, err = mail.NewSMTP(mail.SMTPConfig{Host: b.srv.Host, Port: b.srv.Port, From: "noreply@samspil.example", TLS: mail.TLSNone})
	if err != nil {
		t.Fatal(err)
	}
	b.buyer = &samspil.Organisation{Name: "Indkøbsfællesskabet Fyn", Kind: samspil.OrgAndet, MunicipalityCode: "0461"}
	b.sov = &samspil.Organisation{Name: "Rent & Roligt", Kind: samspil.OrgSOV, MunicipalityCode: "0461", CVR: storetest.ValidCVR(1),
		CPVCodes: []string{"90911200-8"}, TargetGroups: []string{"handicap"}}
	for _, o := range []*samspil.Organisation{b.buyer, b.sov} {
		if err := store.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	b.anne = mustUser(t, store, "anne@example.dk", "da", true, b.t0)
	b.bo = mustUser(t, store, "bo@example.dk", "en", true, b.t0)
	mustMember(t, store, b.anne, b.buyer, samspil.RoleAdmin, samspil.MembershipActive)
	mustMember(t, store, b.bo, b.sov, samspil.RoleAdmin, samspil.MembershipActive)
	deadline := b.t0.Add(48 * time.Hour)
	b.opp = &samspil.Opportunity{OrganisationID: b.buyer.ID, Kind: samspil.OppIndkobsbehov, Title: "Rengøring af tre skoler",
		Description: "Daglig rengøring af tre folkeskoler.", CPVCodes: []string{"90911200-8"}, TargetGroups: []string{"handicap"},
		MunicipalityCode: "0461", Deadline: &deadline}
	if err := store.CreateOpportunity(ctx, b.opp); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *board) notify(t *testing.T, sender mail.Sender) (int, error) {
	t.Helper()
	return jobs.SendNotificationEmails(b.ctx, b.store, sender, "https://samspil.example/", b.clk.Now())
}

func TestSendNotificationEmails(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		b := newBoard(t, store, clk)
		ctx := b.ctx
		in := &samspil.Interest{OpportunityID: b.opp.ID, OrganisationID: b.sov.ID, Message: "Vi vil gerne."}
		if err := store.CreateInterest(ctx, in); err != nil {
			t.Fatal(err)
		}
		// The relay is down: nothing is marked, the error is reported.
		bad := &failing{}
		if n, err := b.notify(t, bad); n != 0 || err == nil || bad.calls != 1 {
			t.Fatalf("failing relay: n=%d err=%v calls=%d", n, err, bad.calls)
		}
		// It is back: Anne gets the interest in Danish.
		if n, err := b.notify(t, b.sender); n != 1 || err != nil {
			t.Fatalf("sent %d, %v", n, err)
		}
		m := b.srv.WaitFor(t, "anne@example.dk", 10*time.Second)
		link := fmt.Sprintf("https://samspil.example/muligheder/%d", b.opp.ID)
		if !strings.Contains(m.Subject, "Rent & Roligt er interesseret i") || m.Link(t) != link {
			t.Errorf("Danish interest e-mail: %q %q\n%s", m.Subject, m.Link(t), m.Text)
		}
		// A second run (a restart, a second server) sends nothing again.
		if n, err := b.notify(t, b.sender); n != 0 || err != nil {
			t.Fatalf("second run sent %d, %v", n, err)
		}
		// Accepting notifies both sides; Bo reads English.
		clk.Set(b.t0.Add(time.Hour))
		if _, _, err := store.AcceptInterest(ctx, in.ID, "Velkommen"); err != nil {
			t.Fatal(err)
		}
		if n, err := b.notify(t, b.sender); n != 3 || err != nil {
			t.Fatalf("after accept: sent %d, %v", n, err)
		}
		var subjects []string
		for _, r := range b.srv.MessagesTo("bo@example.dk") {
			subjects = append(subjects, r.Subject)
		}
		joined := strings.Join(subjects, " | ")
		if len(subjects) != 2 || !strings.Contains(joined, "accepted your interest") || !strings.Contains(joined, "New partnership with Indkøbsfællesskabet Fyn") {
			t.Errorf("Bo's e-mails: %s", joined)
		}
		if got := len(b.srv.MessagesTo("anne@example.dk")); got != 2 {
			t.Errorf("Anne got %d e-mails, want 2", got)
		}
		if got := len(b.srv.Messages()); got != 4 {
			t.Errorf("%d e-mails in all, want 4", got)
		}
		pending, err := store.PendingNotificationEmails(ctx, 10)
		if err != nil || len(pending) != 0 {
			t.Fatalf("pending after the runs: %d %v", len(pending), err)
		}
	})
}

func TestSendNotificationEmailsGivesUp(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		b := newBoard(t, store, clk)
		if err := store.CreateInterest(b.ctx, &samspil.Interest{OpportunityID: b.opp.ID, OrganisationID: b.sov.ID, Message: "Hej"}); err != nil {
			t.Fatal(err)
		}
		bad := &failing{}
		clk.Set(b.t0.Add(jobs.GiveUpAfter + time.Minute))
		if _, err := b.notify(t, bad); err == nil || bad.calls != 1 {
			t.Fatalf("err=%v calls=%d", err, bad.calls)
		}
		if pending, _ := store.PendingNotificationEmails(b.ctx, 10); len(pending) != 0 {
			t.Fatalf("an old failing notification stays pending: %d", len(pending))
		}
	})
}

func TestCloseExpiredOpportunities(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		b := newBoard(t, store, clk)
		if n, err := jobs.CloseExpiredOpportunities(b.ctx, store, b.t0.Add(time.Hour)); n != 0 || err != nil {
			t.Fatalf("before the deadline: %d %v", n, err)
		}
		at := b.t0.Add(72 * time.Hour)
		clk.Set(at)
		if n, err := jobs.CloseExpiredOpportunities(b.ctx, store, at); n != 1 || err != nil {
			t.Fatalf("after the deadline: %d %v", n, err)
		}
		got, err := store.FindOpportunityByID(b.ctx, b.opp.ID)
		if err != nil || got.Status != samspil.OppClosed {
			t.Fatalf("status %v %v", got, err)
		}
		if n, _ := jobs.CloseExpiredOpportunities(b.ctx, store, at); n != 0 {
			t.Fatalf("closed %d again", n)
		}
	})
}

func TestSendDigests(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		b := newBoard(t, store, clk)
		ctx := b.ctx
		// Bo saves two searches with the digest on and one without; Anne
		// saves one that will find nothing new.
		save := func(u *samspil.User, name, query string, digest bool) *samspil.SavedSearch {
			s := &samspil.SavedSearch{UserID: u.ID, Name: name, Query: query, Digest: digest}
			if err := store.CreateSavedSearch(ctx, s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		clk.Set(b.t0.Add(time.Hour))
		save(b.bo, "Rengøring", "q=rengøring", true)
		save(b.bo, "Vaskeri på Fyn", "q=vask&municipality=0461", true)
		save(b.bo, "Uden e-mail", "q=rengøring", false)
		save(b.anne, "Cykler", "q=cykler", true)

		// New opportunities after the searches were saved.
		clk.Set(b.t0.Add(2 * time.Hour))
		post := func(title, desc, cpv string) *samspil.Opportunity {
			o := &samspil.Opportunity{OrganisationID: b.buyer.ID, Kind: samspil.OppIndkobsbehov, Title: title, Description: desc,
				CPVCodes: []string{cpv}, MunicipalityCode: "0461"}
			if err := store.CreateOpportunity(ctx, o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		clean := post("Rengøring af rådhuset", "Rengøring og vinduespudsning på rådhuset.", "90911200-8")
		wash := post("Vask af linned til plejecentre", "Vask af linned og arbejdstøj.", "98311000-6")
		post("Mødeforplejning", "Kaffe og frokost til møder.", "55520000-1")

		day1 := b.t0.Add(24 * time.Hour)
		clk.Set(day1)
		n, err := jobs.SendDigests(ctx, store, b.sender, "https://samspil.example", day1)
		if err != nil || n != 1 {
			t.Fatalf("digests sent %d, %v", n, err)
		}
		m := b.srv.WaitFor(t, "bo@example.dk", 10*time.Second)
		for _, want := range []string{"Rengøring af rådhuset", fmt.Sprintf("https://samspil.example/muligheder/%d", clean.ID),
			"Vask af linned til plejecentre", fmt.Sprintf("https://samspil.example/muligheder/%d", wash.ID), "Vaskeri på Fyn",
			"https://samspil.example/gemte-soegninger"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("digest lacks %q:\n%s", want, m.Text)
			}
		}
		if strings.Contains(m.Text, "Mødeforplejning") || strings.Contains(m.Text, "Rengøring af tre skoler") || strings.Contains(m.Text, "Uden e-mail") {
			t.Errorf("digest lists what it should not:\n%s", m.Text)
		}
		if !strings.Contains(m.Subject, "new opportunit") {
			t.Errorf("Bo's digest should be English: %q", m.Subject)
		}
		if got := len(b.srv.MessagesTo("anne@example.dk")); got != 0 {
			t.Errorf("Anne had nothing new but got %d e-mails", got)
		}
		// Later the same day (a restart): nothing again.
		if n, err := jobs.SendDigests(ctx, store, b.sender, "https://samspil.example", day1.Add(3*time.Hour)); n != 0 || err != nil {
			t.Fatalf("second run the same day: %d %v", n, err)
		}
		// The next day only what is new since then.
		clk.Set(day1.Add(time.Hour))
		fresh := post("Rengøring af daginstitutioner", "Rengøring i fire børnehaver.", "90911200-8")
		day2 := day1.Add(24 * time.Hour)
		clk.Set(day2)
		if n, err := jobs.SendDigests(ctx, store, b.sender, "https://samspil.example", day2); n != 1 || err != nil {
			t.Fatalf("day two: %d %v", n, err)
		}
		msgs := b.srv.MessagesTo("bo@example.dk")
		last := msgs[len(msgs)-1]
		if !strings.Contains(last.Text, fresh.Title) || strings.Contains(last.Text, clean.Title) || strings.Contains(last.Text, "Vaskeri på Fyn") {
			t.Errorf("day two digest:\n%s", last.Text)
		}
	})
}

// TestStartRunsBoardJobs runs the real queue: at start the mailer e-mails
// the pending notification and the expired opportunity is closed.
func TestStartRunsBoardJobs(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		b := newBoard(t, store, clk)
		if err := store.CreateInterest(b.ctx, &samspil.Interest{OpportunityID: b.opp.ID, OrganisationID: b.sov.ID, Message: "Hej"}); err != nil {
			t.Fatal(err)
		}
		clk.Set(b.t0.Add(72 * time.Hour)) // past the deadline
		rec := &recorder{}
		stop, err := jobs.Start(b.ctx, jobs.Config{
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
		for {
			got, err := store.FindOpportunityByID(b.ctx, b.opp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if rec.count() >= 1 && got.Status == samspil.OppClosed {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("board jobs did not run: %d e-mails, status %s", rec.count(), got.Status)
			}
			time.Sleep(20 * time.Millisecond)
		}
		rec.mu.Lock()
		m := rec.msgs[0]
		rec.mu.Unlock()
		if m.To != "anne@example.dk" || !strings.Contains(m.Subject, "interesseret") {
			t.Errorf("e-mail %q %q", m.To, m.Subject)
		}
	})
}
