package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/samspil/samspil"
)

// What people follow, and the fan-out of follow notifications. A follow
// is (user, kind, key); follows_target_idx finds the followers of one
// thing when it changes.

// followTarget is one followed thing that a write touches.
type followTarget struct {
	kind samspil.FollowKind
	key  string
}

// maxFollowKey bounds a key before it is looked up.
const maxFollowKey = 200

// normaliseFollow checks kind and key and returns the canonical key:
// a case or question id without leading zeros, a normalised tag, a
// kommunekode or a slug. It checks that the followed thing exists.
// EINVALID follow.kind.invalid / follow.key.invalid (or a tag's own key),
// ENOTFOUND for a missing case, question, municipality or chapter.
func normaliseFollow(c conn, kind samspil.FollowKind, key string) (string, error) {
	if !kind.Valid() {
		return "", invalid("kind", "follow.kind.invalid", "unknown kind of follow")
	}
	key = strings.TrimSpace(key)
	if key == "" || len(key) > maxFollowKey {
		return "", invalid("key", "follow.key.invalid", "say what to follow")
	}
	exists := func(query string, arg any, nf func() error) error {
		var x int
		err := c.queryRow(query, arg).Scan(&x)
		if errors.Is(err, sql.ErrNoRows) {
			return nf()
		} else if err != nil {
			return internal("check follow target", err)
		}
		return nil
	}
	switch kind {
	case samspil.FollowCase, samspil.FollowQuestion:
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil || id <= 0 {
			return "", invalid("key", "follow.key.invalid", "say what to follow")
		}
		if kind == samspil.FollowCase {
			err = exists(`SELECT 1 FROM cases WHERE id = ?`, id, func() error { return notFound("case.not_found", "the case does not exist") })
		} else {
			err = exists(`SELECT 1 FROM questions WHERE id = ?`, id, errQuestionNotFound)
		}
		return strconv.FormatInt(id, 10), err
	case samspil.FollowTag:
		tag, err := samspil.NormaliseTag(key)
		if err != nil {
			e, _ := samspil.AsError(err)
			var v samspil.Validation
			if e != nil && len(e.Fields) > 0 {
				v.Add("key", e.Fields[0].Key, e.Fields[0].Message, e.Fields[0].Args)
			} else {
				v.Add("key", "follow.key.invalid", "say what to follow", nil)
			}
			return "", v.Err()
		}
		return tag, nil
	case samspil.FollowTender:
		return tenderFollowKey(c, key) // tender_follow.go
	case samspil.FollowMunicipality:
		return key, exists(`SELECT 1 FROM municipalities WHERE code = ?`, key, func() error {
			return notFound("municipality.not_found", "the municipality does not exist")
		})
	default: // samspil.FollowGuide
		return key, exists(`SELECT 1 FROM guide_chapters WHERE slug = ?`, key, func() error {
			return notFound("follow.guide.not_found", "the guide chapter does not exist")
		})
	}
}

// follow makes userID follow kind/key inside a transaction; the key is
// trusted (already checked). Following twice is a no-op.
func (t *wtx) follow(userID int64, kind samspil.FollowKind, key string) error {
	_, err := t.exec(`INSERT INTO follows (user_id, kind, key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, kind, key) DO NOTHING`,
		userID, string(kind), key, t.d.ts(t.now))
	if isForeignKeyViolation(err) {
		return notFound("user.not_found", "the user does not exist")
	} else if err != nil {
		return internal("follow", err)
	}
	return nil
}

// Follow makes userID follow kind/key; following twice is a no-op.
// EINVALID, ENOTFOUND (also user.not_found).
func (d *DB) Follow(ctx context.Context, userID int64, kind samspil.FollowKind, key string) error {
	return d.write(ctx, func(t *wtx) error {
		k, err := normaliseFollow(t.conn, kind, key)
		if err != nil {
			return err
		}
		return t.follow(userID, kind, k)
	})
}

// canonicalFollowKey normalises a key without looking anything up, so
// unfollowing something that has since been deleted still works.
func canonicalFollowKey(kind samspil.FollowKind, key string) string {
	key = strings.TrimSpace(key)
	switch kind {
	case samspil.FollowCase, samspil.FollowQuestion, samspil.FollowTender:
		if id, err := strconv.ParseInt(key, 10, 64); err == nil {
			return strconv.FormatInt(id, 10)
		}
	case samspil.FollowTag:
		if tag, err := samspil.NormaliseTag(key); err == nil {
			return tag
		}
	}
	return key
}

// Unfollow stops userID following kind/key; a no-op when they did not.
// EINVALID for an unknown kind.
func (d *DB) Unfollow(ctx context.Context, userID int64, kind samspil.FollowKind, key string) error {
	if !kind.Valid() {
		return invalid("kind", "follow.kind.invalid", "unknown kind of follow")
	}
	return d.write(ctx, func(t *wtx) error {
		_, err := t.exec(`DELETE FROM follows WHERE user_id = ? AND kind = ? AND key = ?`, userID, string(kind), canonicalFollowKey(kind, key))
		if err != nil {
			return internal("unfollow", err)
		}
		return nil
	})
}

// IsFollowing reports whether userID follows kind/key (false for an
// unknown kind).
func (d *DB) IsFollowing(ctx context.Context, userID int64, kind samspil.FollowKind, key string) (bool, error) {
	if !kind.Valid() || userID == 0 {
		return false, nil
	}
	var n int
	err := d.read(ctx).queryRow(`SELECT COUNT(*) FROM follows WHERE user_id = ? AND kind = ? AND key = ?`,
		userID, string(kind), canonicalFollowKey(kind, key)).Scan(&n)
	if err != nil {
		return false, internal("is following", err)
	}
	return n > 0, nil
}

// followLink is the page of a followed thing, site-relative.
func followLink(kind samspil.FollowKind, key string) string {
	switch kind {
	case samspil.FollowCase:
		return "/erfaringer/" + key
	case samspil.FollowQuestion:
		return "/spoergsmaal/" + key
	case samspil.FollowTag:
		return "/spoergsmaal/emne/" + url.PathEscape(key)
	case samspil.FollowMunicipality:
		return "/kommuner/" + key
	case samspil.FollowGuide:
		return "/vejledning/" + url.PathEscape(key)
	case samspil.FollowTender:
		return "/udbud/" + key
	}
	return ""
}

// FindFollows lists what userID follows, newest first, with a label and
// a link for each. A municipality-only question is left out unless the
// person may read it now (they may have left their municipality).
func (d *DB) FindFollows(ctx context.Context, userID int64) ([]*samspil.Follow, error) {
	c := d.read(ctx)
	rows, err := c.query(`SELECT kind, key, created_at FROM follows WHERE user_id = ? ORDER BY created_at DESC, kind, key`, userID)
	if err != nil {
		return nil, internal("find follows", err)
	}
	out := []*samspil.Follow{}
	byKind := map[samspil.FollowKind][]any{}
	for rows.Next() {
		f := &samspil.Follow{UserID: userID}
		if err := rows.Scan(&f.Kind, &f.Key, timeScanner{&f.CreatedAt}); err != nil {
			rows.Close()
			return nil, internal("find follows", err)
		}
		f.Label, f.Link = f.Key, followLink(f.Kind, f.Key)
		out = append(out, f)
		if f.Kind != samspil.FollowTag {
			byKind[f.Kind] = append(byKind[f.Kind], f.Key)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("find follows", err)
	}
	labels := map[followTarget]string{}
	hidden := map[followTarget]bool{}
	municipal := -1 // unknown until a municipality-only question needs it
	queries := map[samspil.FollowKind]string{
		samspil.FollowCase:         `SELECT CAST(id AS TEXT), title, '' FROM cases WHERE CAST(id AS TEXT) IN (%s)`,
		samspil.FollowQuestion:     `SELECT CAST(id AS TEXT), title, visibility FROM questions WHERE CAST(id AS TEXT) IN (%s)`,
		samspil.FollowMunicipality: `SELECT code, name, '' FROM municipalities WHERE code IN (%s)`,
		samspil.FollowGuide:        `SELECT slug, title, '' FROM guide_chapters WHERE slug IN (%s)`,
		samspil.FollowTender:       `SELECT CAST(id AS TEXT), title, '' FROM tenders WHERE CAST(id AS TEXT) IN (%s)`,
	}
	for kind, keys := range byKind {
		for start := 0; start < len(keys); start += idChunk {
			chunk := keys[start:min(start+idChunk, len(keys))]
			rows, err := c.query(fmt.Sprintf(queries[kind], placeholders(len(chunk))), chunk...)
			if err != nil {
				return nil, internal("label follows", err)
			}
			for rows.Next() {
				var key, label, vis string
				if err := rows.Scan(&key, &label, &vis); err != nil {
					rows.Close()
					return nil, internal("label follows", err)
				}
				ft := followTarget{kind, key}
				labels[ft] = label
				if vis == string(samspil.QuestionMunicipalities) {
					if municipal < 0 {
						ok, err := mayReadMunicipalOnly(c, userID)
						if err != nil {
							rows.Close()
							return nil, err
						}
						municipal = map[bool]int{false: 0, true: 1}[ok]
					}
					hidden[ft] = municipal == 0
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, internal("label follows", err)
			}
		}
	}
	kept := out[:0]
	for _, f := range out {
		ft := followTarget{f.Kind, f.Key}
		if hidden[ft] {
			continue
		}
		if l := labels[ft]; l != "" {
			f.Label = l
		}
		kept = append(kept, f)
	}
	return kept, nil
}

// municipalReaderCond is true for the user u who may read
// municipality-only questions: platform admins, editors and active
// members of a kommune organisation (as samspil.Principal.IsMunicipal).
const municipalReaderCond = `(u.is_admin = ? OR u.is_editor = ? OR EXISTS (SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.organisation_id
	WHERE m.user_id = u.id AND m.status = ? AND o.kind = ?))`

func municipalReaderArgs() []any {
	return []any{true, true, string(samspil.MembershipActive), string(samspil.OrgKommune)}
}

// mayReadMunicipalOnly reports whether userID may read municipality-only
// questions.
func mayReadMunicipalOnly(c conn, userID int64) (bool, error) {
	var n int
	err := c.queryRow(`SELECT COUNT(*) FROM users u WHERE u.id = ? AND `+municipalReaderCond, append([]any{userID}, municipalReaderArgs()...)...).Scan(&n)
	if err != nil {
		return false, internal("check municipal reader", err)
	}
	return n > 0, nil
}

// notifyFollowers queues a digest notification (kind, args, link) for
// every person who follows any of targets, each person once, never the
// acting user. Call it inside the write transaction that made the change.
func (t *wtx) notifyFollowers(targets []followTarget, kind samspil.NotificationKind, args map[string]string, link string) error {
	return t.notifyFollowersOf(targets, kind, args, link, false)
}

// followerChunk bounds the targets of one follower query.
const followerChunk = 200

// notifyFollowersOf is notifyFollowers for something only some may read:
// with municipalOnly only municipal staff and the secretariat are told.
// except are further people not to tell (e.g. the author when the actor
// is not set).
func (t *wtx) notifyFollowersOf(targets []followTarget, kind samspil.NotificationKind, args map[string]string, link string, municipalOnly bool, except ...int64) error {
	if len(targets) == 0 {
		return nil
	}
	skip := map[int64]bool{t.actor: true}
	for _, id := range except {
		skip[id] = true
	}
	seen := map[int64]bool{}
	var users []int64
	for start := 0; start < len(targets); start += followerChunk {
		chunk := targets[start:min(start+followerChunk, len(targets))]
		var conds []string
		var qargs []any
		for _, tg := range chunk {
			conds = append(conds, "(f.kind = ? AND f.key = ?)")
			qargs = append(qargs, string(tg.kind), tg.key)
		}
		q := `SELECT DISTINCT f.user_id FROM follows f JOIN users u ON u.id = f.user_id WHERE (` + strings.Join(conds, " OR ") + `)`
		if municipalOnly {
			q += ` AND ` + municipalReaderCond
			qargs = append(qargs, municipalReaderArgs()...)
		}
		rows, err := t.query(q+` ORDER BY f.user_id`, qargs...)
		if err != nil {
			return internal("find followers", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return internal("find followers", err)
			}
			if !skip[id] && !seen[id] {
				seen[id] = true
				users = append(users, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("find followers", err)
		}
	}
	if len(users) == 0 {
		return nil
	}
	n := newNotifier(t)
	if err := n.users(users, kind, args, link); err != nil {
		return err
	}
	return n.flush()
}
