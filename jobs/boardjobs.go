package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Default schedules of the board jobs.
const (
	DefaultCloseInterval  = 15 * time.Minute
	DefaultNotifyInterval = time.Minute
	DigestHour            = 7 // the digest goes out at 07:00 Danish time
)

// singleton keeps at most one unfinished job of a kind in the queue, on
// every server together: a run that takes longer than its interval is
// never overlapped by the next, so the mailer cannot send one notification
// twice from two workers.
var singleton = river.UniqueOpts{ByState: []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
	rivertype.JobStateScheduled, rivertype.JobStateRetryable,
}}

// CloseExpiredArgs is the job that closes expired opportunities.
type CloseExpiredArgs struct{}

// Kind names the job in the queue table; it must never change.
func (CloseExpiredArgs) Kind() string { return "samspil.close_expired_opportunities" }

// InsertOpts: one at a time.
func (CloseExpiredArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: singleton}
}

// NotifyArgs is the job that e-mails pending notifications.
type NotifyArgs struct{}

// Kind names the job in the queue table; it must never change.
func (NotifyArgs) Kind() string { return "samspil.notification_emails" }

// InsertOpts: one at a time, few retries (the next run comes soon).
func (NotifyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: singleton}
}

// DigestArgs is the job that sends the saved-search digests.
type DigestArgs struct{}

// Kind names the job in the queue table; it must never change.
func (DigestArgs) Kind() string { return "samspil.saved_search_digest" }

// InsertOpts: one at a time; retried for a few hours if the relay is down.
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 8, UniqueOpts: singleton}
}

type closeExpiredWorker struct {
	river.WorkerDefaults[CloseExpiredArgs]
	cfg Config
}

func (w *closeExpiredWorker) Work(ctx context.Context, job *river.Job[CloseExpiredArgs]) error {
	n, err := CloseExpiredOpportunities(ctx, w.cfg.Store, w.cfg.Now())
	if n > 0 || err != nil {
		w.cfg.Logger.InfoContext(ctx, "expired opportunities closed", "closed", n, "err", err)
	}
	return err
}

type notifyWorker struct {
	river.WorkerDefaults[NotifyArgs]
	cfg Config
}

func (w *notifyWorker) Work(ctx context.Context, job *river.Job[NotifyArgs]) error {
	n, err := SendNotificationEmails(ctx, w.cfg.Store, w.cfg.Mailer, w.cfg.BaseURL, w.cfg.Now())
	if n > 0 || err != nil {
		w.cfg.Logger.InfoContext(ctx, "notification e-mails sent", "sent", n, "attempt", job.Attempt, "err", err)
	}
	return err
}

func (w *notifyWorker) Timeout(*river.Job[NotifyArgs]) time.Duration { return 30 * time.Minute }

type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	cfg Config
}

func (w *digestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	n, err := SendDigests(ctx, w.cfg.Store, w.cfg.Mailer, w.cfg.BaseURL, w.cfg.Now())
	w.cfg.Logger.InfoContext(ctx, "saved-search digests sent", "sent", n, "attempt", job.Attempt, "err", err)
	return err
}

func (w *digestWorker) Timeout(*river.Job[DigestArgs]) time.Duration { return 2 * time.Hour }

// dailyAt is a river schedule: every day at hour:00 in loc.
type dailyAt struct {
	hour int
	loc  *time.Location
}

// Next returns the first hour:00 in loc strictly after current.
func (d dailyAt) Next(current time.Time) time.Time {
	t := current.In(d.loc)
	next := time.Date(t.Year(), t.Month(), t.Day(), d.hour, 0, 0, 0, d.loc)
	if !next.After(t) {
		next = time.Date(t.Year(), t.Month(), t.Day()+1, d.hour, 0, 0, 0, d.loc)
	}
	return next.UTC()
}

func copenhagen() *time.Location {
	if loc, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}

// addBoardJobs registers the board workers and returns their periodic
// jobs: closing expired opportunities every CloseInterval and at start, the
// notification mailer every NotifyInterval and at start, and the digest
// daily at 07:00 Danish time and at start (DigestMinGap keeps a restart
// from sending a second digest the same day).
func addBoardJobs(workers *river.Workers, cfg Config) ([]*river.PeriodicJob, error) {
	if cfg.CloseInterval <= 0 {
		cfg.CloseInterval = DefaultCloseInterval
	}
	if cfg.NotifyInterval <= 0 {
		cfg.NotifyInterval = DefaultNotifyInterval
	}
	for _, add := range []func() error{
		func() error { return river.AddWorkerSafely(workers, &closeExpiredWorker{cfg: cfg}) },
		func() error { return river.AddWorkerSafely(workers, &notifyWorker{cfg: cfg}) },
		func() error { return river.AddWorkerSafely(workers, &digestWorker{cfg: cfg}) },
	} {
		if err := add(); err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(cfg.CloseInterval),
			func() (river.JobArgs, *river.InsertOpts) { return CloseExpiredArgs{}, nil },
			&river.PeriodicJobOpts{ID: "close_expired_opportunities", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(cfg.NotifyInterval),
			func() (river.JobArgs, *river.InsertOpts) { return NotifyArgs{}, nil },
			&river.PeriodicJobOpts{ID: "notification_emails", RunOnStart: true}),
		river.NewPeriodicJob(dailyAt{hour: DigestHour, loc: copenhagen()},
			func() (river.JobArgs, *river.InsertOpts) { return DigestArgs{}, nil },
			&river.PeriodicJobOpts{ID: "saved_search_digest", RunOnStart: true}),
	}, nil
}
