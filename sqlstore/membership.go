package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/samspil/samspil"
)

const membershipSelect = `SELECT m.id, m.user_id, m.organisation_id, m.role, m.status, m.created_at, m.updated_at,
	u.email, u.name, o.name, o.kind
	FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id`

func scanMembership(s rowScanner) (*samspil.Membership, error) {
	m := &samspil.Membership{}
	err := s.Scan(&m.ID, &m.UserID, &m.OrganisationID, &m.Role, &m.Status, timeScanner{&m.CreatedAt}, timeScanner{&m.UpdatedAt},
		&m.UserEmail, &m.UserName, &m.OrganisationName, &m.OrganisationKind)
	return m, err
}

func findMembership(c conn, where string, args ...any) (*samspil.Membership, error) {
	m, err := scanMembership(c.queryRow(membershipSelect+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("membership.not_found", "the membership does not exist")
	} else if err != nil {
		return nil, internal("find membership", err)
	}
	return m, nil
}

func validRole(r samspil.Role) bool { return r == samspil.RoleAdmin || r == samspil.RoleMember }

func validStatus(s samspil.MembershipStatus) bool {
	return s == samspil.MembershipPending || s == samspil.MembershipActive
}

// membershipAudit is what the audit log records about a membership.
type membershipAudit struct {
	UserID         int64                    `json:"user_id"`
	OrganisationID int64                    `json:"organisation_id"`
	Role           samspil.Role             `json:"role"`
	Status         samspil.MembershipStatus `json:"status"`
}

func auditOf(m *samspil.Membership) membershipAudit {
	return membershipAudit{m.UserID, m.OrganisationID, m.Role, m.Status}
}

// lockOrganisation takes the organisation's row lock on PostgreSQL so
// concurrent membership changes cannot both remove the last admin; on
// SQLite writers are already serialised. ENOTFOUND.
func lockOrganisation(t *wtx, orgID int64) error {
	var id int64
	err := t.queryRow(`SELECT id FROM organisations WHERE id = ?`+t.d.forUpdate, orgID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("org.not_found", "the organisation does not exist")
	} else if err != nil {
		return internal("lock organisation", err)
	}
	return nil
}

// CreateMembership stores m. An empty role means member and an empty
// status pending. EINVALID, ENOTFOUND, ECONFLICT.
func (d *DB) CreateMembership(ctx context.Context, m *samspil.Membership) error {
	if m.Role == "" {
		m.Role = samspil.RoleMember
	}
	if m.Status == "" {
		m.Status = samspil.MembershipPending
	}
	var v samspil.Validation
	if !validRole(m.Role) {
		v.Add("role", "membership.role.invalid", "unknown role", nil)
	}
	if !validStatus(m.Status) {
		v.Add("status", "membership.status.invalid", "unknown membership status", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		if err := lockOrganisation(t, m.OrganisationID); err != nil {
			return err
		}
		return insertMembership(t, m)
	})
	if err != nil {
		m.ID = 0
	}
	return err
}

// insertMembership stores m inside a write transaction and audits it. The
// caller has checked role and status and that the organisation exists.
func insertMembership(t *wtx, m *samspil.Membership) error {
	if _, err := findUser(t.conn, "u.id = ?", m.UserID); err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt = t.now, t.now
	id, err := t.insertID(`INSERT INTO memberships (user_id, organisation_id, role, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.UserID, m.OrganisationID, string(m.Role), string(m.Status), t.d.ts(t.now), t.d.ts(t.now))
	if isUniqueViolation(err) {
		return conflict("user_id", "membership.exists", "the user is already a member or has asked to join")
	} else if err != nil {
		return internal("create membership", err)
	}
	m.ID = id
	full, err := findMembership(t.conn, "m.id = ?", id)
	if err != nil {
		return err
	}
	*m = *full
	return t.audit("membership.create", "membership", id, nil, auditOf(m))
}

// FindMembership returns the user's membership of the organisation. ENOTFOUND.
func (d *DB) FindMembership(ctx context.Context, userID, orgID int64) (*samspil.Membership, error) {
	return findMembership(d.read(ctx), "m.user_id = ? AND m.organisation_id = ?", userID, orgID)
}

// FindMembershipByID returns ENOTFOUND when no membership has id.
func (d *DB) FindMembershipByID(ctx context.Context, id int64) (*samspil.Membership, error) {
	return findMembership(d.read(ctx), "m.id = ?", id)
}

// FindMemberships returns a page of memberships, oldest first, and the
// total. EINVALID for a negative offset or limit.
func (d *DB) FindMemberships(ctx context.Context, f samspil.MembershipFilter) ([]*samspil.Membership, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if f.UserID != 0 {
		where = append(where, "m.user_id = ?")
		args = append(args, f.UserID)
	}
	if f.OrganisationID != 0 {
		where = append(where, "m.organisation_id = ?")
		args = append(args, f.OrganisationID)
	}
	if f.Status != "" {
		where = append(where, "m.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Role != "" {
		where = append(where, "m.role = ?")
		args = append(args, string(f.Role))
	}
	if f.PendingWithoutAdmin {
		where = append(where, `m.status = ? AND NOT EXISTS (SELECT 1 FROM memberships a
			WHERE a.organisation_id = m.organisation_id AND a.role = ? AND a.status = ?)`)
		args = append(args, string(samspil.MembershipPending), string(samspil.RoleAdmin), string(samspil.MembershipActive))
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM memberships m`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count memberships", err)
	}
	out := []*samspil.Membership{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(membershipSelect+cond+` ORDER BY m.created_at, m.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find memberships", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, 0, internal("find memberships", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find memberships", err)
	}
	return out, total, nil
}

// otherActive counts the organisation's active memberships other than
// exceptID: all of them and the admins among them.
func otherActive(t *wtx, orgID, exceptID int64) (members, admins int, err error) {
	err = t.queryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN role = ? THEN 1 ELSE 0 END), 0)
		FROM memberships WHERE organisation_id = ? AND status = ? AND id <> ?`,
		string(samspil.RoleAdmin), orgID, string(samspil.MembershipActive), exceptID).Scan(&members, &admins)
	if err != nil {
		return 0, 0, internal("count members", err)
	}
	return members, admins, nil
}

func errLastAdmin() error {
	return samspil.Errorf(samspil.ECONFLICT, "membership.last_admin", "the organisation needs at least one active admin while it has members")
}

// UpdateMembership changes role and/or status. ENOTFOUND, EINVALID, and
// ECONFLICT when the change would remove the last active admin of an
// organisation that still has active members.
func (d *DB) UpdateMembership(ctx context.Context, id int64, role *samspil.Role, status *samspil.MembershipStatus) (*samspil.Membership, error) {
	var v samspil.Validation
	if role != nil && !validRole(*role) {
		v.Add("role", "membership.role.invalid", "unknown role", nil)
	}
	if status != nil && !validStatus(*status) {
		v.Add("status", "membership.status.invalid", "unknown membership status", nil)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *samspil.Membership
	err := d.write(ctx, func(t *wtx) error {
		m, err := findMembership(t.conn, "m.id = ?", id)
		if err != nil {
			return err
		}
		if err := lockOrganisation(t, m.OrganisationID); err != nil {
			return err
		}
		before := auditOf(m)
		wasAdmin := m.Role == samspil.RoleAdmin && m.Status == samspil.MembershipActive
		if role != nil {
			m.Role = *role
		}
		if status != nil {
			m.Status = *status
		}
		isAdmin := m.Role == samspil.RoleAdmin && m.Status == samspil.MembershipActive
		if wasAdmin && !isAdmin {
			members, admins, err := otherActive(t, m.OrganisationID, m.ID)
			if err != nil {
				return err
			}
			if m.Status == samspil.MembershipActive {
				members++
			}
			if admins == 0 && members > 0 {
				return errLastAdmin()
			}
		}
		m.UpdatedAt = t.now
		if _, err := t.exec(`UPDATE memberships SET role = ?, status = ?, updated_at = ? WHERE id = ?`,
			string(m.Role), string(m.Status), t.d.ts(t.now), id); err != nil {
			return internal("update membership", err)
		}
		if err := t.audit("membership.update", "membership", id, before, auditOf(m)); err != nil {
			return err
		}
		out = m
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteMembership removes a membership. ENOTFOUND; ECONFLICT when it is
// the last active admin of an organisation with other active members.
func (d *DB) DeleteMembership(ctx context.Context, id int64) error {
	return d.write(ctx, func(t *wtx) error {
		m, err := findMembership(t.conn, "m.id = ?", id)
		if err != nil {
			return err
		}
		if err := lockOrganisation(t, m.OrganisationID); err != nil {
			return err
		}
		if m.Role == samspil.RoleAdmin && m.Status == samspil.MembershipActive {
			members, admins, err := otherActive(t, m.OrganisationID, m.ID)
			if err != nil {
				return err
			}
			if admins == 0 && members > 0 {
				return errLastAdmin()
			}
		}
		if _, err := t.exec(`DELETE FROM memberships WHERE id = ?`, id); err != nil {
			return internal("delete membership", err)
		}
		return t.audit("membership.delete", "membership", id, auditOf(m), nil)
	})
}
