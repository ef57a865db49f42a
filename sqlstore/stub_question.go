package sqlstore

// Stubs of questions and follows, replaced by their owner (K3).

import (
	"context"

	samspil "github.com/samspil/samspil"
)

func (d *DB) CreateQuestion(ctx context.Context, q *samspil.Question) error { return stubErr() }
func (d *DB) FindQuestionByID(ctx context.Context, id int64) (*samspil.Question, error) {
	return nil, stubErr()
}
func (d *DB) FindQuestions(ctx context.Context, f samspil.QuestionFilter) ([]*samspil.Question, int, error) {
	return nil, 0, stubErr()
}
func (d *DB) FindQuestionTags(ctx context.Context, includeMunicipalOnly bool, limit int) ([]samspil.TagCount, error) {
	return nil, stubErr()
}
func (d *DB) CreateAnswer(ctx context.Context, a *samspil.Answer) error { return stubErr() }
func (d *DB) FindAnswers(ctx context.Context, questionID, viewerID int64) ([]*samspil.Answer, error) {
	return nil, stubErr()
}
func (d *DB) AcceptAnswer(ctx context.Context, questionID, answerID int64) (*samspil.Question, error) {
	return nil, stubErr()
}
func (d *DB) VoteAnswer(ctx context.Context, answerID, userID int64, up bool) (*samspil.Answer, error) {
	return nil, stubErr()
}

func (d *DB) Follow(ctx context.Context, userID int64, kind samspil.FollowKind, key string) error {
	return stubErr()
}
func (d *DB) Unfollow(ctx context.Context, userID int64, kind samspil.FollowKind, key string) error {
	return stubErr()
}
func (d *DB) IsFollowing(ctx context.Context, userID int64, kind samspil.FollowKind, key string) (bool, error) {
	return false, stubErr()
}
func (d *DB) FindFollows(ctx context.Context, userID int64) ([]*samspil.Follow, error) {
	return nil, stubErr()
}
func (d *DB) PendingDigests(ctx context.Context, limit int) ([]*samspil.DigestEmail, error) {
	return nil, stubErr()
}

// followTarget is one followed thing that a write touches.
type followTarget struct {
	kind samspil.FollowKind
	key  string
}

// notifyFollowers queues a digest notification (kind, args, link) for
// every person who follows any of targets, each person once, never the
// acting user. Call it inside the write transaction that made the change.
func (t *wtx) notifyFollowers(targets []followTarget, kind samspil.NotificationKind, args map[string]string, link string) error {
	return nil
}
