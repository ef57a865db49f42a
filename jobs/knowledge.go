package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

// The knowledge platform's background work: the daily e-mail digest of
// what happened to the things people follow. Like the board's jobs it is a
// plain, idempotent function over the store with an injected time;
// knowledgejobs.go schedules it on the queue, and tests call it directly
// to send the digest now.

// FollowDigestMinGap is the least time between two follow digests to one
// person, so the job may run at start-up and again at 07:00 without
// e-mailing anyone twice a day.
const FollowDigestMinGap = 12 * time.Hour

// followDigestBatch is how many people one round reads from the outbox.
const followDigestBatch = 200

// recentForGap is how many of a person's newest notifications are read to
// find when their last digest went out.
const recentForGap = 100

// SendFollowDigests e-mails each person with digest notifications not
// yet e-mailed one message listing them (at most
// sqlstore.DigestNotificationsPerPerson, oldest first; the rest wait for
// the next digest), in their language, and marks exactly those
// notifications e-mailed once the mail server has accepted the message.
// People who had a digest less than FollowDigestMinGap before now are left
// for the next run. A failed send leaves that person's notifications
// pending, unless the oldest is older than GiveUpAfter; errors are joined
// into the returned error. It returns the number of e-mails sent.
func SendFollowDigests(ctx context.Context, store samspil.Store, sender mail.Sender, baseURL string, now time.Time) (sent int, err error) {
	var errs []error
	done := map[int64]bool{} // people handled (sent, skipped or failed) this run
	for {
		limit := followDigestBatch + len(done)
		batch, err := store.PendingDigests(ctx, limit)
		if err != nil {
			return sent, errors.Join(append(errs, fmt.Errorf("pending digests: %w", err))...)
		}
		progress := false
		for _, d := range batch {
			if done[d.UserID] {
				continue
			}
			if err := ctx.Err(); err != nil {
				return sent, errors.Join(append(errs, err)...)
			}
			done[d.UserID] = true
			progress = true
			ok, err := followDigestFor(ctx, store, sender, baseURL, now, d)
			if ok {
				sent++
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("follow digest for user %d: %w", d.UserID, err))
			}
		}
		if !progress || len(batch) < limit {
			return sent, errors.Join(errs...)
		}
	}
}

// followDigestFor sends one person's digest and marks its notifications.
// sent reports whether an e-mail went out.
func followDigestFor(ctx context.Context, store samspil.Store, sender mail.Sender, baseURL string, now time.Time, d *samspil.DigestEmail) (sent bool, err error) {
	if len(d.Notifications) == 0 {
		return false, nil
	}
	recent, _, err := store.FindNotifications(ctx, samspil.NotificationFilter{UserID: d.UserID, Limit: recentForGap})
	if err != nil {
		return false, err
	}
	for _, n := range recent {
		if n.Digest && n.EmailedAt != nil && now.Sub(*n.EmailedAt) < FollowDigestMinGap {
			return false, nil // had one today; the next run sends these
		}
	}
	ids := make([]int64, 0, len(d.Notifications))
	for _, n := range d.Notifications {
		ids = append(ids, n.ID)
	}
	if strings.TrimSpace(d.Email) != "" {
		msg := mail.FollowDigest(d.Locale, d.Email, d.Name, d.Notifications, baseURL)
		if err := sender.Send(ctx, msg); err != nil {
			if now.Sub(d.Notifications[0].CreatedAt) < GiveUpAfter {
				return false, err // nothing marked: the next run tries again
			}
			// Given up: mark them (they stay in the inbox) so one bad
			// address cannot keep them pending for ever.
			if merr := store.MarkNotificationsEmailed(ctx, ids...); merr != nil {
				return false, errors.Join(err, merr)
			}
			return false, err
		}
		sent = true
	}
	if err := store.MarkNotificationsEmailed(ctx, ids...); err != nil {
		return sent, fmt.Errorf("mark digest e-mailed: %w", err)
	}
	return sent, nil
}
