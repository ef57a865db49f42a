package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// FollowDigestArgs is the job that sends the daily follow digests.
type FollowDigestArgs struct{}

// Kind names the job in the queue table; it must never change.
func (FollowDigestArgs) Kind() string { return "samspil.follow_digest" }

// InsertOpts: one at a time; retried for a few hours if the relay is down.
func (FollowDigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 8, UniqueOpts: singleton}
}

type followDigestWorker struct {
	river.WorkerDefaults[FollowDigestArgs]
	cfg Config
}

func (w *followDigestWorker) Work(ctx context.Context, job *river.Job[FollowDigestArgs]) error {
	n, err := SendFollowDigests(ctx, w.cfg.Store, w.cfg.Mailer, w.cfg.BaseURL, w.cfg.Now())
	w.cfg.Logger.InfoContext(ctx, "follow digests sent", "sent", n, "attempt", job.Attempt, "err", err)
	return err
}

func (w *followDigestWorker) Timeout(*river.Job[FollowDigestArgs]) time.Duration {
	return 2 * time.Hour
}

// addKnowledgeJobs registers the knowledge platform's workers and returns
// their periodic jobs: the follow digest daily at 07:00 Danish time and at
// start (FollowDigestMinGap keeps a restart from sending a second digest
// the same day).
func addKnowledgeJobs(workers *river.Workers, cfg Config) ([]*river.PeriodicJob, error) {
	if err := river.AddWorkerSafely(workers, &followDigestWorker{cfg: cfg}); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(dailyAt{hour: DigestHour, loc: copenhagen()},
			func() (river.JobArgs, *river.InsertOpts) { return FollowDigestArgs{}, nil },
			&river.PeriodicJobOpts{ID: "follow_digest", RunOnStart: true}),
	}, nil
}
