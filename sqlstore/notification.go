package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/samspil/samspil"
)

// Links that notifications point to, site-relative so the web layer and the
// mailer can both prefix them.
func opportunityLink(id int64) string { return fmt.Sprintf("/muligheder/%d", id) }
func partnershipLink(id int64) string { return fmt.Sprintf("/partnerskaber/%d", id) }

// notifier queues notifications inside a write transaction. Each person is
// told once per kind, and never about what they did themselves. Rows of
// the follow kinds are written as digest rows (isDigestKind).
type notifier struct {
	t    *wtx
	rows *batch
	seen map[string]bool // kind + user
}

func newNotifier(t *wtx) *notifier {
	return &notifier{t: t, rows: newBatch(t, "notifications", "user_id, kind, args, link, created_at, digest"), seen: map[string]bool{}}
}

// isDigestKind reports whether notifications of kind come from follows
// and are therefore e-mailed in the daily digest, not one by one.
func isDigestKind(kind samspil.NotificationKind) bool {
	switch kind {
	case samspil.NoteFollowCase, samspil.NoteFollowQuestion, samspil.NoteFollowAnswer, samspil.NoteFollowGuide, samspil.NoteFollowStrategy:
		return true
	}
	return false
}

// org notifies the active members of an organisation.
func (n *notifier) org(orgID int64, kind samspil.NotificationKind, args map[string]string, link string) error {
	t := n.t
	rows, err := t.query(`SELECT user_id FROM memberships WHERE organisation_id = ? AND status = ? ORDER BY user_id`,
		orgID, string(samspil.MembershipActive))
	if err != nil {
		return internal("find members to notify", err)
	}
	var users []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return internal("find members to notify", err)
		}
		users = append(users, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("find members to notify", err)
	}
	return n.users(users, kind, args, link)
}

// user notifies one person (unless they are the actor).
func (n *notifier) user(userID int64, kind samspil.NotificationKind, args map[string]string, link string) error {
	return n.users([]int64{userID}, kind, args, link)
}

// users notifies each of the given people once per kind, skipping the
// actor.
func (n *notifier) users(users []int64, kind samspil.NotificationKind, args map[string]string, link string) error {
	t := n.t
	a, err := json.Marshal(args)
	if err != nil {
		return internal("encode notification", err)
	}
	digest := isDigestKind(kind)
	for _, u := range users {
		key := fmt.Sprintf("%s/%d", kind, u)
		if u == 0 || u == t.actor || n.seen[key] {
			continue
		}
		n.seen[key] = true
		if err := n.rows.add(u, string(kind), string(a), link, t.d.ts(t.now), digest); err != nil {
			return err
		}
	}
	return nil
}

func (n *notifier) flush() error { return n.rows.flush() }

const notificationColumns = `n.id, n.user_id, n.kind, n.args, n.link, n.created_at, n.read_at, n.emailed_at, n.digest`

func scanNotification(s rowScanner, extra ...any) (*samspil.Notification, error) {
	n := &samspil.Notification{}
	var args string
	dest := append([]any{&n.ID, &n.UserID, &n.Kind, &args, &n.Link, timeScanner{&n.CreatedAt},
		nullTimeScanner{&n.ReadAt}, nullTimeScanner{&n.EmailedAt}, &n.Digest}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	n.Args = map[string]string{}
	if args != "" {
		if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
			return nil, fmt.Errorf("args of notification %d: %w", n.ID, err)
		}
	}
	return n, nil
}

// FindNotifications returns one page of a person's notifications, newest
// first, and the total. EINVALID for a negative offset or limit.
func (d *DB) FindNotifications(ctx context.Context, f samspil.NotificationFilter) ([]*samspil.Notification, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if f.UserID != 0 {
		where = append(where, "n.user_id = ?")
		args = append(args, f.UserID)
	}
	if f.UnreadOnly {
		where = append(where, "n.read_at IS NULL")
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM notifications n`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count notifications", err)
	}
	out := []*samspil.Notification{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT `+notificationColumns+` FROM notifications n`+cond+` ORDER BY n.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find notifications", err)
	}
	defer rows.Close()
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, 0, internal("find notifications", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find notifications", err)
	}
	return out, total, nil
}

// CountUnreadNotifications is the number shown next to the bell.
func (d *DB) CountUnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := d.read(ctx).queryRow(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	if err != nil {
		return 0, internal("count unread notifications", err)
	}
	return n, nil
}

// idChunk bounds the ids of one IN list.
const idChunk = 500

// MarkNotificationsRead marks the given notifications of userID read, or
// all of them without ids; other people's ids are ignored.
func (d *DB) MarkNotificationsRead(ctx context.Context, userID int64, ids ...int64) error {
	return d.write(ctx, func(t *wtx) error {
		if len(ids) == 0 {
			_, err := t.exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, t.d.ts(t.now), userID)
			if err != nil {
				return internal("mark notifications read", err)
			}
			return nil
		}
		for start := 0; start < len(ids); start += idChunk {
			chunk := ids[start:min(start+idChunk, len(ids))]
			args := []any{t.d.ts(t.now), userID}
			for _, id := range chunk {
				args = append(args, id)
			}
			_, err := t.exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id IN (`+placeholders(len(chunk))+`)`, args...)
			if err != nil {
				return internal("mark notifications read", err)
			}
		}
		return nil
	})
}

// PendingNotificationEmails returns up to limit (default 100, at most
// 1000) notifications not yet e-mailed, oldest first, with the address,
// name and language of the person each is for. Digest rows are left to
// the daily digest (PendingDigests).
func (d *DB) PendingNotificationEmails(ctx context.Context, limit int) ([]*samspil.PendingEmail, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	rows, err := d.read(ctx).query(`SELECT `+notificationColumns+`, u.email, u.name, u.locale
		FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.emailed_at IS NULL AND n.digest = ? ORDER BY n.id LIMIT ?`, false, limit)
	if err != nil {
		return nil, internal("pending notification e-mails", err)
	}
	defer rows.Close()
	out := []*samspil.PendingEmail{}
	for rows.Next() {
		p := &samspil.PendingEmail{}
		n, err := scanNotification(rows, &p.Email, &p.Name, &p.Locale)
		if err != nil {
			return nil, internal("pending notification e-mails", err)
		}
		p.Notification = n
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("pending notification e-mails", err)
	}
	return out, nil
}

// MarkNotificationsEmailed records that these were e-mailed; ids already
// marked keep their first time.
func (d *DB) MarkNotificationsEmailed(ctx context.Context, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	return d.write(ctx, func(t *wtx) error {
		for start := 0; start < len(ids); start += idChunk {
			chunk := ids[start:min(start+idChunk, len(ids))]
			args := []any{t.d.ts(t.now)}
			for _, id := range chunk {
				args = append(args, id)
			}
			_, err := t.exec(`UPDATE notifications SET emailed_at = ? WHERE emailed_at IS NULL AND id IN (`+placeholders(len(chunk))+`)`, args...)
			if err != nil {
				return internal("mark notifications e-mailed", err)
			}
		}
		return nil
	})
}

// DigestNotificationsPerPerson bounds one person's digest; the rest wait
// for the next one (they are in the inbox at once anyway).
const DigestNotificationsPerPerson = 50

// PendingDigests returns up to limit (default 100, at most 1000) people
// with digest notifications not yet e-mailed, in user order, each with
// their address, name and language and up to
// DigestNotificationsPerPerson of those notifications, oldest first.
func (d *DB) PendingDigests(ctx context.Context, limit int) ([]*samspil.DigestEmail, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	c := d.read(ctx)
	rows, err := c.query(`SELECT u.id, u.email, u.name, u.locale FROM users u WHERE u.id IN
		(SELECT n.user_id FROM notifications n WHERE n.digest = ? AND n.emailed_at IS NULL) ORDER BY u.id LIMIT ?`, true, limit)
	if err != nil {
		return nil, internal("pending digests", err)
	}
	out := []*samspil.DigestEmail{}
	for rows.Next() {
		de := &samspil.DigestEmail{}
		if err := rows.Scan(&de.UserID, &de.Email, &de.Name, &de.Locale); err != nil {
			rows.Close()
			return nil, internal("pending digests", err)
		}
		out = append(out, de)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("pending digests", err)
	}
	for _, de := range out {
		rows, err := c.query(`SELECT `+notificationColumns+` FROM notifications n
			WHERE n.user_id = ? AND n.digest = ? AND n.emailed_at IS NULL ORDER BY n.id LIMIT ?`, de.UserID, true, DigestNotificationsPerPerson)
		if err != nil {
			return nil, internal("pending digests", err)
		}
		for rows.Next() {
			n, err := scanNotification(rows)
			if err != nil {
				rows.Close()
				return nil, internal("pending digests", err)
			}
			de.Notifications = append(de.Notifications, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("pending digests", err)
		}
	}
	return out, nil
}
