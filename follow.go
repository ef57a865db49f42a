package samspil

import (
	"context"
	"time"
)

// FollowKind is what a person can follow on the knowledge platform.
type FollowKind string

// The things people follow. Key is the case or question id, the tag
// (collaboration-model codes are tags), the kommunekode, or the guide
// chapter's slug.
const (
	FollowCase         FollowKind = "case"
	FollowQuestion     FollowKind = "question"
	FollowTag          FollowKind = "tag"
	FollowMunicipality FollowKind = "municipality"
	FollowGuide        FollowKind = "guide"
	FollowTender       FollowKind = "tender" // a tender's amendments and answered questions
)

// Valid reports whether k is known.
func (k FollowKind) Valid() bool {
	switch k {
	case FollowCase, FollowQuestion, FollowTag, FollowMunicipality, FollowGuide, FollowTender:
		return true
	}
	return false
}

// Follow is one thing a person follows. What happens to it becomes a
// digest notification (Notification.Digest): shown in the inbox at once
// and e-mailed in one daily digest.
type Follow struct {
	UserID    int64      `json:"-"`
	Kind      FollowKind `json:"kind"`
	Key       string     `json:"key"`
	Label     string     `json:"label"` // filled on read: case or question title, municipality name, chapter title, the tag
	Link      string     `json:"link"`  // filled on read: site-relative path
	CreatedAt time.Time  `json:"created_at"`
}

// FollowService keeps what people follow and the daily digest's outbox.
type FollowService interface {
	// Follow makes userID follow kind/key; following twice is a no-op.
	// EINVALID for an unknown kind or a malformed key, ENOTFOUND when the
	// case, question, municipality or chapter does not exist.
	Follow(ctx context.Context, userID int64, kind FollowKind, key string) error
	// Unfollow stops it; unfollowing what one does not follow is a no-op.
	Unfollow(ctx context.Context, userID int64, kind FollowKind, key string) error
	// IsFollowing reports whether userID follows kind/key.
	IsFollowing(ctx context.Context, userID int64, kind FollowKind, key string) (bool, error)
	// FindFollows lists what userID follows, newest first.
	FindFollows(ctx context.Context, userID int64) ([]*Follow, error)
	// PendingDigests returns up to limit people who have digest
	// notifications not yet e-mailed, each with those notifications
	// (oldest first, at most 50 per person).
	PendingDigests(ctx context.Context, limit int) ([]*DigestEmail, error)
}

// DigestEmail is one person's daily digest: everything that happened to
// what they follow since the last one.
type DigestEmail struct {
	UserID        int64
	Email         string
	Name          string
	Locale        string
	Notifications []*Notification
}
