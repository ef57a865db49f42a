package jobs_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/samspil/samspil/jobs"
	"github.com/samspil/samspil/sqlstore"
)

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

// TestStart runs the real queue on each database: the periodic sweep runs
// once at start and reminds the stale organisation's admins.
func TestStart(t *testing.T) {
	both(t, func(t *testing.T, store *sqlstore.DB, clk *clock) {
		ctx := context.Background()
		t0 := clk.Now()
		setup(t, store, clk)
		clk.Set(t0.AddDate(0, 13, 0))
		rec := &recorder{}
		stop, err := jobs.Start(ctx, jobs.Config{
			DB: store.SQL(), Dialect: store.Dialect(), Store: store, Mailer: rec,
			BaseURL: "https://samspil.example", Now: clk.Now,
			PollInterval: 200 * time.Millisecond, Logger: slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Fatal(err)
		}
		stopped := false
		defer func() {
			if !stopped {
				stop(context.Background())
			}
		}()
		// Wait for the sweep that runs on start (a wait for work to happen,
		// not a timing assertion).
		deadline := time.Now().Add(60 * time.Second)
		for rec.count() < 2 {
			if time.Now().After(deadline) {
				t.Fatalf("the sweep did not run: %d messages", rec.count())
			}
			time.Sleep(20 * time.Millisecond)
		}
		stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := stop(stopCtx); err != nil {
			t.Fatal(err)
		}
		stopped = true
		if n := rec.count(); n != 2 {
			t.Errorf("%d messages, want 2", n)
		}
		var n int
		if err := store.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'samspil.remind_stale_profiles'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("river_job rows %d (%v), want 1", n, err)
		}
		// Migrating again is a no-op.
		if err := jobs.Migrate(ctx, store.SQL(), store.Dialect()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestStartRejectsBadConfig(t *testing.T) {
	if _, err := jobs.Start(context.Background(), jobs.Config{}); err == nil {
		t.Fatal("want an error without DB and store")
	}
}
