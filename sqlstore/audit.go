package sqlstore

import (
	"context"

	"github.com/samspil/samspil"
)

// FindAuditEvents returns a page of audit events, newest first, and the
// total. EINVALID for a negative offset or limit.
func (d *DB) FindAuditEvents(ctx context.Context, f samspil.AuditFilter) ([]*samspil.AuditEvent, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if f.EntityType != "" {
		where = append(where, "entity_type = ?")
		args = append(args, f.EntityType)
	}
	if f.EntityID != 0 {
		where = append(where, "entity_id = ?")
		args = append(args, f.EntityID)
	}
	if f.ActorID != 0 {
		where = append(where, "actor_id = ?")
		args = append(args, f.ActorID)
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM audit_events`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count audit events", err)
	}
	out := []*samspil.AuditEvent{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT id, actor_id, action, entity_type, entity_id, before_json, after_json, created_at
		FROM audit_events`+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find audit events", err)
	}
	defer rows.Close()
	for rows.Next() {
		e := &samspil.AuditEvent{}
		if err := rows.Scan(&e.ID, &e.ActorID, &e.Action, &e.EntityType, &e.EntityID, &e.Before, &e.After, timeScanner{&e.CreatedAt}); err != nil {
			return nil, 0, internal("find audit events", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find audit events", err)
	}
	return out, total, nil
}
