package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// loginFailureRetention is how long failed sign-ins are kept; rate limits
// look back much less than this.
const loginFailureRetention = 7 * 24 * time.Hour

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func validPurpose(p samspil.TokenPurpose) bool {
	switch p {
	case samspil.TokenConfirmEmail, samspil.TokenResetPassword, samspil.TokenInvitation:
		return true
	}
	return false
}

// CreateToken stores a one-time token and sets ID and CreatedAt; expired
// tokens are purged on the way. EINVALID.
func (d *DB) CreateToken(ctx context.Context, tok *samspil.OneTimeToken) error {
	var v samspil.Validation
	if tok.Hash == "" {
		v.Add("hash", "token.hash.required", "the token hash is required", nil)
	}
	if !validPurpose(tok.Purpose) {
		v.Add("purpose", "token.purpose.invalid", "unknown token purpose", nil)
	}
	if tok.ExpiresAt.IsZero() {
		v.Add("expires_at", "token.expiry.required", "the token needs an expiry time", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return d.write(ctx, func(t *wtx) error {
		if _, err := t.exec(`DELETE FROM one_time_tokens WHERE expires_at <= ?`, t.d.ts(t.now)); err != nil {
			return internal("purge tokens", err)
		}
		tok.CreatedAt = t.now
		tok.ExpiresAt = tok.ExpiresAt.UTC().Truncate(time.Microsecond)
		id, err := t.insertID(`INSERT INTO one_time_tokens (hash, purpose, user_id, email, organisation_id, data, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tok.Hash, string(tok.Purpose), nullID(tok.UserID), tok.Email,
			nullID(tok.OrganisationID), tok.Data, t.d.ts(tok.ExpiresAt), t.d.ts(t.now))
		if isUniqueViolation(err) {
			return conflict("hash", "token.exists", "the token exists")
		} else if isForeignKeyViolation(err) {
			return notFound("token.owner.not_found", "the user or organisation of the token does not exist")
		} else if err != nil {
			return internal("create token", err)
		}
		tok.ID = id
		return nil
	})
}

// ConsumeToken deletes and returns the unexpired token with this hash and
// purpose, so a link works once. ENOTFOUND.
func (d *DB) ConsumeToken(ctx context.Context, purpose samspil.TokenPurpose, hash string) (*samspil.OneTimeToken, error) {
	var out *samspil.OneTimeToken
	err := d.write(ctx, func(t *wtx) error {
		tok := &samspil.OneTimeToken{}
		var userID, orgID sql.NullInt64
		err := t.queryRow(`DELETE FROM one_time_tokens WHERE hash = ? AND purpose = ? AND expires_at > ?
			RETURNING id, hash, purpose, user_id, email, organisation_id, data, expires_at, created_at`,
			hash, string(purpose), t.d.ts(t.now)).Scan(&tok.ID, &tok.Hash, &tok.Purpose, &userID, &tok.Email, &orgID,
			&tok.Data, timeScanner{&tok.ExpiresAt}, timeScanner{&tok.CreatedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("token.invalid", "the link is not valid or has expired")
		} else if err != nil {
			return internal("consume token", err)
		}
		tok.UserID, tok.OrganisationID = userID.Int64, orgID.Int64
		out = tok
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateAPIToken stores t and sets ID and CreatedAt. EINVALID.
func (d *DB) CreateAPIToken(ctx context.Context, tok *samspil.APIToken) error {
	tok.Name = strings.TrimSpace(tok.Name)
	var v samspil.Validation
	if tok.Name == "" {
		v.Add("name", "api_token.name.required", "give the token a name", nil)
	} else if utf8.RuneCountInString(tok.Name) > samspil.MaxNameLen {
		v.Add("name", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxNameLen})
	}
	if tok.Hash == "" {
		v.Add("hash", "token.hash.required", "the token hash is required", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return d.write(ctx, func(t *wtx) error {
		tok.CreatedAt = t.now
		id, err := t.insertID(`INSERT INTO api_tokens (user_id, name, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)`,
			tok.UserID, tok.Name, tok.Hash, tok.Prefix, t.d.ts(t.now))
		if isUniqueViolation(err) {
			return conflict("hash", "token.exists", "the token exists")
		} else if isForeignKeyViolation(err) {
			return notFound("user.not_found", "the user does not exist")
		} else if err != nil {
			return internal("create API token", err)
		}
		tok.ID = id
		return nil
	})
}

const apiTokenColumns = `id, user_id, name, hash, prefix, created_at, last_used_at`

func scanAPIToken(s rowScanner) (*samspil.APIToken, error) {
	t := &samspil.APIToken{}
	err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, timeScanner{&t.CreatedAt}, nullTimeScanner{&t.LastUsedAt})
	return t, err
}

// FindAPITokenByHash returns the token and records its use. ENOTFOUND.
func (d *DB) FindAPITokenByHash(ctx context.Context, hash string) (*samspil.APIToken, error) {
	var out *samspil.APIToken
	err := d.write(ctx, func(t *wtx) error {
		tok, err := scanAPIToken(t.queryRow(`UPDATE api_tokens SET last_used_at = ? WHERE hash = ? RETURNING `+apiTokenColumns,
			t.d.ts(t.now), hash))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("api_token.not_found", "the API token is not valid")
		} else if err != nil {
			return internal("find API token", err)
		}
		out = tok
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindAPITokens lists a user's tokens, newest first.
func (d *DB) FindAPITokens(ctx context.Context, userID int64) ([]*samspil.APIToken, error) {
	rows, err := d.read(ctx).query(`SELECT `+apiTokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, internal("find API tokens", err)
	}
	defer rows.Close()
	out := []*samspil.APIToken{}
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, internal("find API tokens", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find API tokens", err)
	}
	return out, nil
}

// DeleteAPIToken removes a user's token. ENOTFOUND also when the token
// belongs to someone else.
func (d *DB) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	return d.write(ctx, func(t *wtx) error {
		res, err := t.exec(`DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return internal("delete API token", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("api_token.not_found", "the API token does not exist")
		}
		return nil
	})
}

// RecordLoginFailure counts a failed sign-in under each key and forgets
// failures older than a week.
func (d *DB) RecordLoginFailure(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	return d.write(ctx, func(t *wtx) error {
		if _, err := t.exec(`DELETE FROM login_failures WHERE created_at < ?`, t.d.ts(t.now.Add(-loginFailureRetention))); err != nil {
			return internal("purge login failures", err)
		}
		b := newBatch(t, "login_failures", "key, created_at")
		for _, k := range keys {
			if err := b.add(k, t.d.ts(t.now)); err != nil {
				return err
			}
		}
		return b.flush()
	})
}

// CountLoginFailures counts failures for key at or after since.
func (d *DB) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := d.read(ctx).queryRow(`SELECT COUNT(*) FROM login_failures WHERE key = ? AND created_at >= ?`, key, d.d.ts(since)).Scan(&n)
	if err != nil {
		return 0, internal("count login failures", err)
	}
	return n, nil
}

// ClearLoginFailures forgets the failures for key.
func (d *DB) ClearLoginFailures(ctx context.Context, key string) error {
	return d.write(ctx, func(t *wtx) error {
		if _, err := t.exec(`DELETE FROM login_failures WHERE key = ?`, key); err != nil {
			return internal("clear login failures", err)
		}
		return nil
	})
}
