package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

// Config is what the job runner needs. DB and Dialect are the store's own
// connection pool and dialect ("sqlite" or "postgres"): the queue lives in
// the same database, so jobs survive restarts and run once across several
// app servers.
type Config struct {
	DB      *sql.DB
	Dialect string
	Store   samspil.Store
	Mailer  mail.Sender
	BaseURL string // the public address, for links in e-mails
	Logger  *slog.Logger
	Now     samspil.Clock // nil: samspil.SystemClock

	// RemindInterval is how often the stale-profile sweep is scheduled;
	// 0 means daily. The sweep also runs once when the runner starts.
	RemindInterval time.Duration
	// PollInterval is how often idle servers look for due jobs; 0 means
	// five seconds. Tests shorten it.
	PollInterval time.Duration
	// CloseInterval is how often expired opportunities are closed (0:
	// DefaultCloseInterval); NotifyInterval how often notifications are
	// e-mailed (0: DefaultNotifyInterval). The digest runs daily at 07:00
	// Danish time. All three also run when the runner starts.
	CloseInterval  time.Duration
	NotifyInterval time.Duration
}

// RemindArgs are the arguments of the stale-profile reminder job (none:
// the sweep finds its own work).
type RemindArgs struct{}

// Kind names the job in the queue table; it must never change.
func (RemindArgs) Kind() string { return "samspil.remind_stale_profiles" }

// InsertOpts keep at most one sweep per hour in the queue, however many
// servers start.
func (RemindArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

type remindWorker struct {
	river.WorkerDefaults[RemindArgs]
	cfg Config
}

// Work runs one sweep. An error makes river retry later with backoff; the
// sweep is idempotent, so a retry only reaches organisations not yet marked.
func (w *remindWorker) Work(ctx context.Context, job *river.Job[RemindArgs]) error {
	sent, err := RemindStaleProfiles(ctx, w.cfg.Store, w.cfg.Mailer, w.cfg.BaseURL, w.cfg.Now())
	w.cfg.Logger.InfoContext(ctx, "stale-profile reminders sent", "sent", sent, "attempt", job.Attempt, "err", err)
	return err
}

// Timeout allows a long sweep over a large directory.
func (w *remindWorker) Timeout(*river.Job[RemindArgs]) time.Duration { return time.Hour }

// Start migrates river's tables (river_job and friends) in the store's
// database and starts the queue with the periodic jobs. The returned stop
// function waits for running jobs to finish (or ctx to end) and stops the
// queue. On SQLite river shares the store's connection pool; SQLite's busy
// timeout serialises its writes with the store's.
func Start(ctx context.Context, cfg Config) (stop func(context.Context) error, err error) {
	if cfg.DB == nil || cfg.Store == nil || cfg.Mailer == nil {
		return nil, errors.New("jobs: DB, Store and Mailer are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = samspil.SystemClock
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 5 * time.Second
	}
	if cfg.RemindInterval <= 0 {
		cfg.RemindInterval = 24 * time.Hour
	}
	driver, err := newDriver(cfg.DB, cfg.Dialect)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, driver); err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &remindWorker{cfg: cfg}); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	boardJobs, err := addBoardJobs(workers, cfg)
	if err != nil {
		return nil, err
	}
	knowledgeJobs, err := addKnowledgeJobs(workers, cfg) // knowledgejobs.go
	if err != nil {
		return nil, err
	}
	pbrJobs, err := addPbrJobs(workers, cfg) // pbr.go
	if err != nil {
		return nil, err
	}
	client, err := river.NewClient(driver, &river.Config{
		Logger:            slog.New(minLevel{cfg.Logger.Handler(), slog.LevelWarn}),
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:           workers,
		PollOnly:          true, // database/sql drivers have no LISTEN/NOTIFY
		FetchPollInterval: cfg.PollInterval,
		PeriodicJobs: append([]*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(cfg.RemindInterval),
				func() (river.JobArgs, *river.InsertOpts) { return RemindArgs{}, nil },
				&river.PeriodicJobOpts{ID: "remind_stale_profiles", RunOnStart: true}),
		}, append(append(boardJobs, knowledgeJobs...), pbrJobs...)...),
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	// The queue outlives the caller's start-up context; stop ends it.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, fmt.Errorf("jobs: start queue: %w", err)
	}
	return client.Stop, nil
}

func newDriver(db *sql.DB, dialect string) (riverdriver.Driver[*sql.Tx], error) {
	switch dialect {
	case "sqlite":
		return riversqlite.New(db), nil
	case "postgres":
		return riverdatabasesql.New(db), nil
	}
	return nil, fmt.Errorf("jobs: unknown dialect %q", dialect)
}

// Migrate creates or upgrades the job queue's own tables (river_job and
// friends) in db. Start does this itself; `samspil migrate` may call it so
// a PostgreSQL deployment is migrated in one step.
func Migrate(ctx context.Context, db *sql.DB, dialect string) error {
	driver, err := newDriver(db, dialect)
	if err != nil {
		return err
	}
	return migrate(ctx, driver)
}

func migrate(ctx context.Context, driver riverdriver.Driver[*sql.Tx]) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate job queue tables: %w", err)
	}
	return nil
}

// minLevel drops records below a level, so river's routine info messages
// do not crowd the server log.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(a), h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.min}
}
