package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/jobs"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// clock is a settable time shared by the store and the job under test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// both runs fn on SQLite and, when configured, on PostgreSQL, each with a
// store that reads the given clock.
func both(t *testing.T, fn func(t *testing.T, store *sqlstore.DB, clk *clock)) {
	t.Run("sqlite", func(t *testing.T) {
		clk := &clock{now: time.Now().UTC().Truncate(time.Second)}
		fn(t, testdb.OpenWith(t, testdb.Options(clk.Now)), clk)
	})
	t.Run("postgres", func(t *testing.T) {
		clk := &clock{now: time.Now().UTC().Truncate(time.Second)}
		fn(t, testdb.OpenPostgresWith(t, testdb.Options(clk.Now)), clk)
	})
}

type fixture struct {
	stale, fresh, orphan *samspil.Organisation
}

func mustUser(t *testing.T, s samspil.Store, email, locale string, confirmed bool, at time.Time) *samspil.User {
	t.Helper()
	u := &samspil.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: "x", Locale: locale}
	if confirmed {
		u.EmailConfirmedAt = &at
	}
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func mustOrg(t *testing.T, s samspil.Store, name string) *samspil.Organisation {
	t.Helper()
	o := &samspil.Organisation{Name: name, Kind: samspil.OrgAndet, MunicipalityCode: "0461"}
	if err := s.CreateOrganisation(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func mustMember(t *testing.T, s samspil.Store, u *samspil.User, o *samspil.Organisation, role samspil.Role, status samspil.MembershipStatus) {
	t.Helper()
	if err := s.CreateMembership(context.Background(), &samspil.Membership{UserID: u.ID, OrganisationID: o.ID, Role: role, Status: status}); err != nil {
		t.Fatal(err)
	}
}

// setup creates a stale organisation with two confirmed admins (Danish and
// English) and people who must not be reminded, a fresh one, and a stale
// one without admins.
func setup(t *testing.T, s samspil.Store, clk *clock) fixture {
	t0 := clk.Now()
	var f fixture
	f.stale = mustOrg(t, s, "Cykelværkstedet Ærø")
	f.fresh = mustOrg(t, s, "Frisk Forening")
	f.orphan = mustOrg(t, s, "Forladt Forening")
	mustMember(t, s, mustUser(t, s, "anne@example.dk", "da", true, t0), f.stale, samspil.RoleAdmin, samspil.MembershipActive)
	mustMember(t, s, mustUser(t, s, "bo@example.dk", "en", true, t0), f.stale, samspil.RoleAdmin, samspil.MembershipActive)
	mustMember(t, s, mustUser(t, s, "unconfirmed@example.dk", "da", false, t0), f.stale, samspil.RoleAdmin, samspil.MembershipActive)
	mustMember(t, s, mustUser(t, s, "member@example.dk", "da", true, t0), f.stale, samspil.RoleMember, samspil.MembershipActive)
	mustMember(t, s, mustUser(t, s, "pending@example.dk", "da", true, t0), f.stale, samspil.RoleAdmin, samspil.MembershipPending)
	mustMember(t, s, mustUser(t, s, "fresh@example.dk", "da", true, t0), f.fresh, samspil.RoleAdmin, samspil.MembershipActive)
	// Half a year later the fresh organisation edits its profile.
	clk.Set(t0.AddDate(0, 6, 0))
	desc := "Opdateret"
	if _, err := s.UpdateOrganisation(context.Background(), f.fresh.ID, samspil.OrganisationUpdate{Description: &desc}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRemindStaleProfiles(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		ctx := context.Background()
		srv := mailtest.Start(t)
		sender, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, From: "noreply@samspil.example", TLS: mail.TLSNone})
		if err != nil {
			t.Fatal(err)
		}
		t0 := clk.Now()
		f := setup(t, store, clk)

		// Eleven months on, nothing is stale yet.
		run := func(at time.Time) int {
			t.Helper()
			clk.Set(at)
			n, err := jobs.RemindStaleProfiles(ctx, store, sender, "https://samspil.example/", at)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := run(t0.AddDate(0, 11, 0)); n != 0 {
			t.Fatalf("sent %d before anything was stale", n)
		}

		// Thirteen months on, the two confirmed active admins are reminded.
		t1 := t0.AddDate(0, 13, 0)
		if n := run(t1); n != 2 {
			t.Fatalf("sent %d, want 2", n)
		}
		link := fmt.Sprintf("https://samspil.example/organisationer/%d/rediger", f.stale.ID)
		da := srv.WaitFor(t, "anne@example.dk", 10*time.Second)
		if !strings.Contains(da.Subject, "Cykelværkstedet Ærø") || !strings.Contains(da.Text, "over et år") || da.Link(t) != link {
			t.Errorf("Danish reminder: %q %q\n%s", da.Subject, da.Link(t), da.Text)
		}
		en := srv.WaitFor(t, "bo@example.dk", 10*time.Second)
		if !strings.Contains(en.Subject, "still up to date") || en.Link(t) != link {
			t.Errorf("English reminder: %q\n%s", en.Subject, en.Text)
		}
		if got := len(srv.Messages()); got != 2 {
			t.Errorf("%d messages delivered, want 2", got)
		}
		for _, o := range []*samspil.Organisation{f.stale, f.orphan} {
			got, err := store.FindOrganisationByID(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.RemindedAt == nil || !got.RemindedAt.Equal(t1) {
				t.Errorf("%s: RemindedAt %v, want %v", o.Name, got.RemindedAt, t1)
			}
		}
		if got, _ := store.FindOrganisationByID(ctx, f.fresh.ID); got.RemindedAt != nil {
			t.Errorf("fresh organisation was marked reminded")
		}

		// Running again soon after (a restart, a second server) sends nothing.
		if n := run(t1.Add(24 * time.Hour)); n != 0 {
			t.Fatalf("sent %d on the second run", n)
		}
		// A month later the still-stale profile is reminded again.
		if n := run(t1.Add(jobs.RemindAgain + time.Hour)); n != 2 {
			t.Fatalf("sent %d a month later, want 2", n)
		}
		if got := len(srv.Messages()); got != 4 {
			t.Errorf("%d messages delivered, want 4", got)
		}
	})
}

// failing refuses every message.
type failing struct{ calls int }

func (f *failing) Send(context.Context, mail.Message) error {
	f.calls++
	return errors.New("relay unavailable")
}

type recorder struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (r *recorder) Send(_ context.Context, m mail.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	return nil
}

func TestRemindStaleProfilesRetriesFailedSends(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		ctx := context.Background()
		t0 := clk.Now()
		f := setup(t, store, clk)
		t1 := t0.AddDate(0, 13, 0)
		clk.Set(t1)
		bad := &failing{}
		n, err := jobs.RemindStaleProfiles(ctx, store, bad, "https://samspil.example", t1)
		if n != 0 || err == nil || !strings.Contains(err.Error(), "relay unavailable") || bad.calls != 2 {
			t.Fatalf("n=%d err=%v calls=%d", n, err, bad.calls)
		}
		if got, _ := store.FindOrganisationByID(ctx, f.stale.ID); got.RemindedAt != nil {
			t.Fatal("marked reminded although no e-mail went out")
		}
		good := &recorder{}
		if n, err := jobs.RemindStaleProfiles(ctx, store, good, "https://samspil.example", t1.Add(time.Hour)); n != 2 || err != nil {
			t.Fatalf("retry: n=%d err=%v", n, err)
		}
	})
}

func TestRemindStaleProfilesCancelled(t *testing.T) {
	store := testdb.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Far in the future every seeded municipality is stale.
	_, err := jobs.RemindStaleProfiles(ctx, store, &recorder{}, "https://samspil.example", time.Now().AddDate(3, 0, 0))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err=%v, want context.Canceled", err)
	}
}
