package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/samspil/samspil"
)

// StatementHour is when the daily payment-statement run starts, Danish
// time: early, so a statement for the month or quarter that ended
// yesterday is waiting when the parties start work.
const StatementHour = 6

// PrepareStatementsArgs is the job that prepares the due payment
// statement of every active outcome contract.
type PrepareStatementsArgs struct{}

// Kind names the job in the queue table; it must never change.
func (PrepareStatementsArgs) Kind() string { return "samspil.pbr_prepare_statements" }

// InsertOpts: one at a time; retried for a few hours if the database is
// unavailable.
func (PrepareStatementsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 8, UniqueOpts: singleton}
}

// PrepareStatements runs the store's sweep over the active contracts and
// returns how many statements were written. It is idempotent: a draft
// whose claims have not changed is left as it is (its approvals kept), so
// running it again, at start-up or on a second server, writes nothing new.
func PrepareStatements(ctx context.Context, store samspil.Store) (int, error) {
	n, err := store.PrepareDueStatements(ctx)
	if err != nil {
		return n, fmt.Errorf("prepare payment statements: %w", err)
	}
	return n, nil
}

type prepareStatementsWorker struct {
	river.WorkerDefaults[PrepareStatementsArgs]
	cfg Config
}

// Work runs one sweep; an error makes river retry later.
func (w *prepareStatementsWorker) Work(ctx context.Context, job *river.Job[PrepareStatementsArgs]) error {
	n, err := PrepareStatements(ctx, w.cfg.Store)
	w.cfg.Logger.InfoContext(ctx, "payment statements prepared", "prepared", n, "attempt", job.Attempt, "err", err)
	return err
}

// Timeout allows a long sweep over many large contracts.
func (w *prepareStatementsWorker) Timeout(*river.Job[PrepareStatementsArgs]) time.Duration {
	return 2 * time.Hour
}

// addPbrJobs registers the payment-by-result worker and returns its
// periodic job: daily at StatementHour Danish time, and at start.
func addPbrJobs(workers *river.Workers, cfg Config) ([]*river.PeriodicJob, error) {
	if err := river.AddWorkerSafely(workers, &prepareStatementsWorker{cfg: cfg}); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(dailyAt{hour: StatementHour, loc: copenhagen()},
			func() (river.JobArgs, *river.InsertOpts) { return PrepareStatementsArgs{}, nil },
			&river.PeriodicJobOpts{ID: "pbr_prepare_statements", RunOnStart: true}),
	}, nil
}
