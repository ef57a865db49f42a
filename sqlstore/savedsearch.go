package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

const savedSearchColumns = `s.id, s.user_id, s.name, s.query, s.digest, s.created_at, s.last_digest_at`

func scanSavedSearch(r rowScanner) (*samspil.SavedSearch, error) {
	s := &samspil.SavedSearch{}
	err := r.Scan(&s.ID, &s.UserID, &s.Name, &s.Query, &s.Digest, timeScanner{&s.CreatedAt}, nullTimeScanner{&s.LastDigestAt})
	return s, err
}

var errSavedSearchNotFound = func() error {
	return notFound("saved_search.not_found", "the saved search does not exist")
}

func findSavedSearch(c conn, id int64) (*samspil.SavedSearch, error) {
	s, err := scanSavedSearch(c.queryRow(`SELECT `+savedSearchColumns+` FROM saved_searches s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSavedSearchNotFound()
	} else if err != nil {
		return nil, internal("find saved search", err)
	}
	return s, nil
}

// checkSavedSearchName trims the name and bounds it to 1–200 characters.
func checkSavedSearchName(v *samspil.Validation, name *string) {
	*name = strings.TrimSpace(*name)
	switch n := utf8.RuneCountInString(*name); {
	case n == 0:
		v.Add("name", "saved_search.name.required", "give the search a name", nil)
	case n > samspil.MaxNameLen:
		v.Add("name", "saved_search.name.too_long", "the name is too long", map[string]any{"Max": samspil.MaxNameLen})
	}
}

// CreateSavedSearch validates (name 1–200 characters, the query parses)
// and stores s with LastDigestAt = now, so the first digest only brings
// opportunities posted after saving. EINVALID; ETOOMANY past
// MaxSavedSearches; ENOTFOUND for an unknown user.
func (d *DB) CreateSavedSearch(ctx context.Context, s *samspil.SavedSearch) error {
	var v samspil.Validation
	checkSavedSearchName(&v, &s.Name)
	s.Query = strings.TrimPrefix(strings.TrimSpace(s.Query), "?")
	if vals, err := url.ParseQuery(s.Query); err != nil {
		v.Add("query", "saved_search.query.invalid", "the search contains errors", nil)
	} else if _, err := samspil.ParseSearchQuery(vals); err != nil {
		v.Add("query", "saved_search.query.invalid", "the search contains errors", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		if _, err := findUser(t.conn, "u.id = ?", s.UserID); err != nil {
			return err
		}
		var n int
		if err := t.queryRow(`SELECT COUNT(*) FROM saved_searches WHERE user_id = ?`, s.UserID).Scan(&n); err != nil {
			return internal("count saved searches", err)
		}
		if n >= samspil.MaxSavedSearches {
			return &samspil.Error{Code: samspil.ETOOMANY, Key: "saved_search.too_many", Message: "too many saved searches",
				Args: map[string]any{"Max": samspil.MaxSavedSearches}}
		}
		now := t.now
		s.CreatedAt, s.LastDigestAt = now, &now
		id, err := t.insertID(`INSERT INTO saved_searches (user_id, name, name_key, query, digest, created_at, last_digest_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, s.UserID, s.Name, nameKey(s.Name), s.Query, s.Digest, t.d.ts(now), t.d.ts(now))
		if err != nil {
			return internal("insert saved search", err)
		}
		s.ID = id
		return nil
	})
	if err != nil {
		s.ID = 0
	}
	return err
}

// FindSavedSearchByID returns ENOTFOUND when no saved search has id.
func (d *DB) FindSavedSearchByID(ctx context.Context, id int64) (*samspil.SavedSearch, error) {
	return findSavedSearch(d.read(ctx), id)
}

func scanSavedSearches(rows *sql.Rows, err error) ([]*samspil.SavedSearch, error) {
	if err != nil {
		return nil, internal("find saved searches", err)
	}
	defer rows.Close()
	out := []*samspil.SavedSearch{}
	for rows.Next() {
		s, err := scanSavedSearch(rows)
		if err != nil {
			return nil, internal("find saved searches", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find saved searches", err)
	}
	return out, nil
}

// FindSavedSearches returns a person's saved searches ordered by name.
func (d *DB) FindSavedSearches(ctx context.Context, userID int64) ([]*samspil.SavedSearch, error) {
	return scanSavedSearches(d.read(ctx).query(`SELECT `+savedSearchColumns+` FROM saved_searches s
		WHERE s.user_id = ? ORDER BY s.name_key, s.id`, userID))
}

// FindDigestSavedSearches returns up to limit (default 100, at most 1000)
// saved searches with the digest on whose last digest is before the given
// time (or that never had one), ordered by user.
func (d *DB) FindDigestSavedSearches(ctx context.Context, before time.Time, limit int) ([]*samspil.SavedSearch, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	return scanSavedSearches(d.read(ctx).query(`SELECT `+savedSearchColumns+` FROM saved_searches s
		WHERE s.digest = ? AND (s.last_digest_at IS NULL OR s.last_digest_at < ?)
		ORDER BY s.user_id, s.id LIMIT ?`, true, d.d.ts(before), limit))
}

// UpdateSavedSearch changes the name and the digest flag. ENOTFOUND, EINVALID.
func (d *DB) UpdateSavedSearch(ctx context.Context, id int64, name string, digest bool) (*samspil.SavedSearch, error) {
	var v samspil.Validation
	checkSavedSearchName(&v, &name)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *samspil.SavedSearch
	err := d.write(ctx, func(t *wtx) error {
		s, err := findSavedSearch(t.conn, id)
		if err != nil {
			return err
		}
		if digest && !s.Digest {
			// Turning the digest on starts it from now, not from the
			// last digest months ago.
			now := t.now
			s.LastDigestAt = &now
		}
		s.Name, s.Digest = name, digest
		if _, err := t.exec(`UPDATE saved_searches SET name = ?, name_key = ?, digest = ?, last_digest_at = ? WHERE id = ?`,
			s.Name, nameKey(s.Name), s.Digest, t.d.tsPtr(s.LastDigestAt), id); err != nil {
			return internal("update saved search", err)
		}
		out = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarkDigestSent moves LastDigestAt forward to at (never backwards).
// ENOTFOUND.
func (d *DB) MarkDigestSent(ctx context.Context, id int64, at time.Time) error {
	return d.write(ctx, func(t *wtx) error {
		res, err := t.exec(`UPDATE saved_searches SET last_digest_at = CASE WHEN last_digest_at IS NULL OR last_digest_at < ? THEN ? ELSE last_digest_at END
			WHERE id = ?`, t.d.ts(at), t.d.ts(at), id)
		if err != nil {
			return internal("mark digest sent", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errSavedSearchNotFound()
		}
		return nil
	})
}

// DeleteSavedSearch removes it. ENOTFOUND.
func (d *DB) DeleteSavedSearch(ctx context.Context, id int64) error {
	return d.write(ctx, func(t *wtx) error {
		res, err := t.exec(`DELETE FROM saved_searches WHERE id = ?`, id)
		if err != nil {
			return internal("delete saved search", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errSavedSearchNotFound()
		}
		return nil
	})
}
