package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

const userColumns = `u.id, u.email, u.name, u.password_hash, u.email_confirmed_at, u.password_changed_at, u.is_admin, u.is_editor, u.locale, u.created_at, u.updated_at`

func scanUser(s rowScanner) (*samspil.User, error) {
	u := &samspil.User{}
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, nullTimeScanner{&u.EmailConfirmedAt}, nullTimeScanner{&u.PasswordChangedAt}, &u.IsAdmin, &u.IsEditor,
		&u.Locale, timeScanner{&u.CreatedAt}, timeScanner{&u.UpdatedAt})
	return u, err
}

func findUser(c conn, where string, args ...any) (*samspil.User, error) {
	u, err := scanUser(c.queryRow(`SELECT `+userColumns+` FROM users u WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("user.not_found", "the user does not exist")
	} else if err != nil {
		return nil, internal("find user", err)
	}
	return u, nil
}

func checkLocale(v *samspil.Validation, locale *string) {
	switch *locale {
	case "":
		*locale = "da"
	case "da", "en":
	default:
		v.Add("locale", "user.locale.invalid", "choose Danish or English", nil)
	}
}

func userSearchText(u *samspil.User) string { return fold(u.Email + "\n" + u.Name) }

// adminAudit is what the audit log records about a user: never the
// password hash.
type adminAudit struct {
	Email    string `json:"email"`
	IsAdmin  bool   `json:"is_admin"`
	IsEditor bool   `json:"is_editor"`
}

// CreateUser normalises the e-mail and stores u. EINVALID, ECONFLICT.
func (d *DB) CreateUser(ctx context.Context, u *samspil.User) error {
	var v samspil.Validation
	if email, err := samspil.NormaliseEmail(u.Email); err != nil {
		e, _ := samspil.AsError(err)
		v.Add("email", e.Key, e.Message, nil)
	} else {
		u.Email = email
	}
	u.Name = strings.TrimSpace(u.Name)
	if utf8.RuneCountInString(u.Name) > samspil.MaxNameLen {
		v.Add("name", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxNameLen})
	}
	if u.PasswordHash == "" {
		v.Add("password", "user.password_hash.required", "a password is required", nil)
	}
	checkLocale(&v, &u.Locale)
	if err := v.Err(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		u.CreatedAt, u.UpdatedAt = t.now, t.now
		id, err := t.insertID(`INSERT INTO users (email, name, search_text, password_hash, email_confirmed_at, is_admin, is_editor, locale, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Email, u.Name, userSearchText(u), u.PasswordHash, t.d.tsPtr(u.EmailConfirmedAt),
			u.IsAdmin, u.IsEditor, u.Locale, t.d.ts(t.now), t.d.ts(t.now))
		if isUniqueViolation(err) {
			return conflict("email", "user.email.taken", "an account with this e-mail address exists")
		} else if err != nil {
			return internal("create user", err)
		}
		u.ID = id
		return t.audit("user.create", "user", id, nil, adminAudit{u.Email, u.IsAdmin, u.IsEditor})
	})
	if err != nil {
		u.ID = 0
	}
	return err
}

// FindUserByID returns ENOTFOUND when no user has id.
func (d *DB) FindUserByID(ctx context.Context, id int64) (*samspil.User, error) {
	return findUser(d.read(ctx), "u.id = ?", id)
}

// FindUserByEmail matches the normalised address. ENOTFOUND.
func (d *DB) FindUserByEmail(ctx context.Context, email string) (*samspil.User, error) {
	return findUser(d.read(ctx), "u.email = ?", strings.ToLower(strings.TrimSpace(email)))
}

// FindUsers returns a page of users ordered by e-mail, and the total.
func (d *DB) FindUsers(ctx context.Context, f samspil.UserFilter) ([]*samspil.User, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	cond, args := "", []any{}
	if q := strings.TrimSpace(f.Query); q != "" {
		cond = ` WHERE ` + d.d.contains("u.search_text")
		args = append(args, fold(q))
	}
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM users u`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count users", err)
	}
	out := []*samspil.User{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT `+userColumns+` FROM users u`+cond+` ORDER BY u.email LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find users", err)
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, internal("find users", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find users", err)
	}
	return out, total, nil
}

// UpdateUser applies upd. A change of the admin flag is audited.
// ENOTFOUND, EINVALID.
func (d *DB) UpdateUser(ctx context.Context, id int64, upd samspil.UserUpdate) (*samspil.User, error) {
	var out *samspil.User
	err := d.write(ctx, func(t *wtx) error {
		u, err := findUser(t.conn, "u.id = ?"+t.d.forUpdate, id)
		if err != nil {
			return err
		}
		before := adminAudit{u.Email, u.IsAdmin, u.IsEditor}
		var v samspil.Validation
		if upd.Name != nil {
			u.Name = strings.TrimSpace(*upd.Name)
			if utf8.RuneCountInString(u.Name) > samspil.MaxNameLen {
				v.Add("name", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxNameLen})
			}
		}
		if upd.PasswordHash != nil {
			if *upd.PasswordHash == "" {
				v.Add("password", "user.password_hash.required", "a password is required", nil)
			}
			u.PasswordHash = *upd.PasswordHash
			at := t.now
			u.PasswordChangedAt = &at
		}
		if upd.EmailConfirmedAt != nil {
			at := upd.EmailConfirmedAt.UTC().Truncate(1000)
			u.EmailConfirmedAt = &at
		}
		if upd.IsAdmin != nil {
			u.IsAdmin = *upd.IsAdmin
		}
		if upd.IsEditor != nil {
			u.IsEditor = *upd.IsEditor
		}
		if upd.Locale != nil {
			u.Locale = *upd.Locale
			checkLocale(&v, &u.Locale)
		}
		if err := v.Err(); err != nil {
			return err
		}
		u.UpdatedAt = t.now
		_, err = t.exec(`UPDATE users SET name = ?, search_text = ?, password_hash = ?, email_confirmed_at = ?, password_changed_at = ?,
			is_admin = ?, is_editor = ?, locale = ?, updated_at = ? WHERE id = ?`, u.Name, userSearchText(u), u.PasswordHash, t.d.tsPtr(u.EmailConfirmedAt),
			t.d.tsPtr(u.PasswordChangedAt), u.IsAdmin, u.IsEditor, u.Locale, t.d.ts(t.now), id)
		if err != nil {
			return internal("update user", err)
		}
		if before.IsAdmin != u.IsAdmin || before.IsEditor != u.IsEditor {
			if err := t.audit("user.admin", "user", id, before, adminAudit{u.Email, u.IsAdmin, u.IsEditor}); err != nil {
				return err
			}
		}
		out = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
