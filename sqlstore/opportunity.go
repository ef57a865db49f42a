package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/samspil/samspil"
)

// oppColumns is the column list every opportunity query selects, in the
// order scanOpportunity reads it; "p" is the opportunity and "og" its
// organisation.
const oppColumns = `p.id, p.organisation_id, og.name, p.kind, p.title, p.description, p.municipality_code,
	p.radius_km, p.volume, p.estimated_value_ore, p.deadline, p.status, p.created_by,
	p.created_at, p.updated_at, p.closed_at`

const oppFrom = ` FROM opportunities p JOIN organisations og ON og.id = p.organisation_id`

// oppFromCovering is oppFrom reading the organisation's name from
// organisations_match_idx on SQLite, which otherwise reads the whole
// profile row (with its long texts) for a lookup by id.
const oppFromCovering = ` FROM opportunities p JOIN organisations og INDEXED BY organisations_match_idx ON og.id = p.organisation_id`

func (c conn) oppFrom() string {
	if c.d.name == DialectSQLite {
		return oppFromCovering
	}
	return oppFrom
}

func scanOpportunity(s rowScanner) (*samspil.Opportunity, error) {
	o := &samspil.Opportunity{}
	err := s.Scan(&o.ID, &o.OrganisationID, &o.OrganisationName, &o.Kind, &o.Title, &o.Description, &o.MunicipalityCode,
		&o.RadiusKm, &o.Volume, &o.EstimatedValueOre, nullTimeScanner{&o.Deadline}, &o.Status, &o.CreatedBy,
		timeScanner{&o.CreatedAt}, timeScanner{&o.UpdatedAt}, nullTimeScanner{&o.ClosedAt})
	if err != nil {
		return nil, err
	}
	o.CPVCodes, o.ExpertiseAreas, o.TargetGroups = []string{}, []string{}, []string{}
	return o, nil
}

// oppListTables are the child tables holding an opportunity's lists.
var oppListTables = []struct {
	table string
	field func(*samspil.Opportunity) *[]string
}{
	{"opp_cpv_codes", func(o *samspil.Opportunity) *[]string { return &o.CPVCodes }},
	{"opp_expertise_areas", func(o *samspil.Opportunity) *[]string { return &o.ExpertiseAreas }},
	{"opp_target_groups", func(o *samspil.Opportunity) *[]string { return &o.TargetGroups }},
}

// loadOppLists fills the list fields of opps, one query per child table
// for the whole page.
func loadOppLists(c conn, opps []*samspil.Opportunity) error {
	if len(opps) == 0 {
		return nil
	}
	byID := make(map[int64]*samspil.Opportunity, len(opps))
	ids := make([]any, 0, len(opps))
	for _, o := range opps {
		if byID[o.ID] == nil {
			ids = append(ids, o.ID)
		}
		byID[o.ID] = o
	}
	in := placeholders(len(ids))
	for _, l := range oppListTables {
		rows, err := c.query(`SELECT opportunity_id, code FROM `+l.table+` WHERE opportunity_id IN (`+in+`) ORDER BY opportunity_id, position`, ids...)
		if err != nil {
			return internal("load "+l.table, err)
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return internal("load "+l.table, err)
			}
			if o := byID[id]; o != nil {
				p := l.field(o)
				*p = append(*p, code)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("load "+l.table, err)
		}
	}
	return nil
}

var errOppNotFound = func() error { return notFound("opp.not_found", "the opportunity does not exist") }

// findOpportunity loads one opportunity with its lists. ENOTFOUND.
func findOpportunity(c conn, id int64) (*samspil.Opportunity, error) {
	o, err := scanOpportunity(c.queryRow(`SELECT `+oppColumns+c.oppFrom()+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errOppNotFound()
	} else if err != nil {
		return nil, internal("find opportunity", err)
	}
	if err := loadOppLists(c, []*samspil.Opportunity{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// findOpportunities loads whole opportunities by id, in the order of ids.
func findOpportunities(c conn, ids []int64) ([]*samspil.Opportunity, error) {
	out := make([]*samspil.Opportunity, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.query(`SELECT `+oppColumns+c.oppFrom()+` WHERE p.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, internal("find opportunities", err)
	}
	byID := make(map[int64]*samspil.Opportunity, len(ids))
	for rows.Next() {
		o, err := scanOpportunity(rows)
		if err != nil {
			rows.Close()
			return nil, internal("find opportunities", err)
		}
		byID[o.ID] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("find opportunities", err)
	}
	for _, id := range ids {
		if o := byID[id]; o != nil {
			out = append(out, o)
		}
	}
	if err := loadOppLists(c, out); err != nil {
		return nil, err
	}
	return out, nil
}

// lockOpportunity takes the opportunity's row lock on PostgreSQL (SQLite
// writers are serialised already) and returns the opportunity. ENOTFOUND.
func lockOpportunity(t *wtx, id int64) (*samspil.Opportunity, error) {
	var x int64
	err := t.queryRow(`SELECT id FROM opportunities WHERE id = ?`+t.d.forUpdate, id).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errOppNotFound()
	} else if err != nil {
		return nil, internal("lock opportunity", err)
	}
	return findOpportunity(t.conn, id)
}

// FindOpportunityByID returns the opportunity with its lists. ENOTFOUND.
func (d *DB) FindOpportunityByID(ctx context.Context, id int64) (*samspil.Opportunity, error) {
	return findOpportunity(d.read(ctx), id)
}

// FindOpportunities returns one page of opportunities and the total.
// EINVALID for a negative offset or limit or an unknown sort.
func (d *DB) FindOpportunities(ctx context.Context, f samspil.OpportunityFilter) ([]*samspil.Opportunity, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var order string
	switch f.Sort {
	case "", "newest":
		order = "p.created_at DESC, p.id DESC"
	case "deadline":
		order = "CASE WHEN p.deadline IS NULL THEN 1 ELSE 0 END, p.deadline, p.id"
	case "title":
		order = "p.title_key, p.id"
	default:
		return nil, 0, invalid("sort", "opp.sort.invalid", "unknown sort order")
	}
	var where []string
	var args []any
	if len(f.IDs) > 0 {
		where = append(where, "p.id IN ("+placeholders(len(f.IDs))+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if f.OrganisationID != 0 {
		where = append(where, "p.organisation_id = ?")
		args = append(args, f.OrganisationID)
	}
	if len(f.Kinds) > 0 {
		where = append(where, "p.kind IN ("+placeholders(len(f.Kinds))+")")
		for _, k := range f.Kinds {
			args = append(args, string(k))
		}
	}
	if len(f.Statuses) > 0 {
		where = append(where, "p.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	if f.MunicipalityCode != "" {
		where = append(where, "p.municipality_code = ?")
		args = append(args, f.MunicipalityCode)
	}
	if f.TargetGroup != "" {
		where = append(where, "EXISTS (SELECT 1 FROM opp_target_groups g WHERE g.opportunity_id = p.id AND g.code = ?)")
		args = append(args, f.TargetGroup)
	}
	if f.CreatedAfter != nil {
		where = append(where, "p.created_at > ?")
		args = append(args, d.d.ts(*f.CreatedAfter))
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM opportunities p`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count opportunities", err)
	}
	out := []*samspil.Opportunity{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	// The page's ids first (from an index, a small sort), then the rows.
	rows, err := c.query(`SELECT p.id FROM opportunities p`+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find opportunities", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, internal("find opportunities", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find opportunities", err)
	}
	out, err = findOpportunities(c, ids)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// validateOpportunity runs the domain rules and checks target groups
// against the stored list. Without checkDeadline a stored deadline that
// has meanwhile passed is not held against an unrelated change.
func (d *DB) validateOpportunity(c conn, o *samspil.Opportunity, now time.Time, checkDeadline bool) error {
	var v samspil.Validation
	saved := o.Deadline
	if !checkDeadline {
		o.Deadline = nil
	}
	err := o.Validate(d.opts.Catalog, now)
	o.Deadline = saved
	if !v.Merge(err) {
		return err
	}
	if len(o.TargetGroups) > 0 {
		groups, err := targetGroupCodes(c)
		if err != nil {
			return err
		}
		for _, g := range o.TargetGroups {
			if !groups[g] {
				v.Add("target_groups", "opp.target_group.unknown", "unknown target group", map[string]any{"Code": g})
				break
			}
		}
	}
	if o.Kind.UsesExpertise() {
		o.CPVCodes = []string{}
	} else {
		o.ExpertiseAreas = []string{}
	}
	return v.Err()
}

// writeOppLists replaces the child rows of o.
func writeOppLists(t *wtx, o *samspil.Opportunity, replace bool) error {
	for _, l := range oppListTables {
		if replace {
			if _, err := t.exec(`DELETE FROM `+l.table+` WHERE opportunity_id = ?`, o.ID); err != nil {
				return internal("update "+l.table, err)
			}
		}
		b := newBatch(t, l.table, "opportunity_id, code, position")
		for i, code := range *l.field(o) {
			if err := b.add(o.ID, code, i); err != nil {
				return err
			}
		}
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

// CreateOpportunity validates and stores o, open, with its search-index
// entry. EINVALID (opp.kind.not_allowed when the organisation's kind may
// not post this kind), ENOTFOUND for an unknown organisation.
func (d *DB) CreateOpportunity(ctx context.Context, o *samspil.Opportunity) error {
	err := d.write(ctx, func(t *wtx) error {
		org, err := findOrganisation(t.conn, "o.id = ?", "", o.OrganisationID)
		if err != nil {
			return err
		}
		o.Status = samspil.OppOpen
		var v samspil.Validation
		if err := d.validateOpportunity(t.conn, o, t.now, true); !v.Merge(err) {
			return err
		}
		if o.Kind.Valid() && !o.Kind.CanBePostedBy(org.Kind) {
			v.Add("kind", "opp.kind.not_allowed", "your kind of organisation cannot post this kind of opportunity",
				map[string]any{"Kind": string(o.Kind), "OrgKind": string(org.Kind)})
		}
		if err := v.Err(); err != nil {
			return err
		}
		o.OrganisationName = org.Name
		o.CreatedBy = t.actor
		o.CreatedAt, o.UpdatedAt, o.ClosedAt = t.now, t.now, nil
		id, err := t.insertID(`INSERT INTO opportunities (organisation_id, kind, title, title_key, description, municipality_code,
			radius_km, volume, estimated_value_ore, deadline, status, created_by, created_at, updated_at, closed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.OrganisationID, string(o.Kind), o.Title, nameKey(o.Title), o.Description, o.MunicipalityCode,
			o.RadiusKm, o.Volume, o.EstimatedValueOre, t.d.tsPtr(o.Deadline), string(o.Status), o.CreatedBy,
			t.d.ts(o.CreatedAt), t.d.ts(o.UpdatedAt), nil)
		if err != nil {
			if isForeignKeyViolation(err) {
				return invalid("municipality_code", "org.municipality.unknown", "unknown municipality code")
			}
			return internal("insert opportunity", err)
		}
		o.ID = id
		if err := writeOppLists(t, o, false); err != nil {
			return err
		}
		if err := t.audit("opportunity.create", "opportunity", o.ID, nil, o); err != nil {
			return err
		}
		return t.indexOpportunity(o)
	})
	if err != nil {
		o.ID = 0
	}
	return err
}

// UpdateOpportunity applies upd, validates, stores and re-indexes. ClosedAt
// is set when the status leaves open and cleared on reopening. ENOTFOUND,
// EINVALID.
func (d *DB) UpdateOpportunity(ctx context.Context, id int64, upd samspil.OpportunityUpdate) (*samspil.Opportunity, error) {
	var out *samspil.Opportunity
	err := d.write(ctx, func(t *wtx) error {
		o, err := lockOpportunity(t, id)
		if err != nil {
			return err
		}
		before, err := json.Marshal(o)
		if err != nil {
			return internal("audit", err)
		}
		wasOpen := o.Status == samspil.OppOpen
		applyOppUpdate(o, upd)
		var v samspil.Validation
		if err := d.validateOpportunity(t.conn, o, t.now, upd.Deadline != nil); !v.Merge(err) {
			return err
		}
		if o.Status == samspil.OppOpen && !wasOpen && o.Expired(t.now) && !v.Has("deadline") {
			// Reopening needs a deadline in the future, or none.
			v.Add("deadline", "opp.deadline.past", "the deadline must be in the future", nil)
		}
		if err := v.Err(); err != nil {
			return err
		}
		switch {
		case o.Status != samspil.OppOpen && wasOpen:
			now := t.now
			o.ClosedAt = &now
		case o.Status == samspil.OppOpen:
			o.ClosedAt = nil
		}
		o.UpdatedAt = t.now
		_, err = t.exec(`UPDATE opportunities SET title = ?, title_key = ?, description = ?, municipality_code = ?,
			radius_km = ?, volume = ?, estimated_value_ore = ?, deadline = ?, status = ?, updated_at = ?, closed_at = ?
			WHERE id = ?`,
			o.Title, nameKey(o.Title), o.Description, o.MunicipalityCode, o.RadiusKm, o.Volume, o.EstimatedValueOre,
			t.d.tsPtr(o.Deadline), string(o.Status), t.d.ts(o.UpdatedAt), t.d.tsPtr(o.ClosedAt), id)
		if err != nil {
			if isForeignKeyViolation(err) {
				return invalid("municipality_code", "org.municipality.unknown", "unknown municipality code")
			}
			return internal("update opportunity", err)
		}
		if upd.CPVCodes != nil || upd.ExpertiseAreas != nil || upd.TargetGroups != nil {
			if err := writeOppLists(t, o, true); err != nil {
				return err
			}
		}
		if err := t.audit("opportunity.update", "opportunity", id, json.RawMessage(before), o); err != nil {
			return err
		}
		if err := t.indexOpportunity(o); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// applyOppUpdate copies the set fields of upd onto o.
func applyOppUpdate(o *samspil.Opportunity, upd samspil.OpportunityUpdate) {
	if upd.Title != nil {
		o.Title = *upd.Title
	}
	if upd.Description != nil {
		o.Description = *upd.Description
	}
	if upd.CPVCodes != nil {
		o.CPVCodes = append([]string{}, (*upd.CPVCodes)...)
	}
	if upd.ExpertiseAreas != nil {
		o.ExpertiseAreas = append([]string{}, (*upd.ExpertiseAreas)...)
	}
	if upd.TargetGroups != nil {
		o.TargetGroups = append([]string{}, (*upd.TargetGroups)...)
	}
	if upd.MunicipalityCode != nil {
		o.MunicipalityCode = *upd.MunicipalityCode
	}
	if upd.RadiusKm != nil {
		o.RadiusKm = *upd.RadiusKm
	}
	if upd.Volume != nil {
		o.Volume = *upd.Volume
	}
	if upd.EstimatedValueOre != nil {
		o.EstimatedValueOre = *upd.EstimatedValueOre
	}
	if upd.Deadline != nil {
		o.Deadline = *upd.Deadline
	}
	if upd.Status != nil {
		o.Status = *upd.Status
	}
}

// expireBatch bounds how many opportunities one expiry transaction closes,
// so a large backlog never holds the SQLite write lock for long.
const expireBatch = 500

// CloseExpiredOpportunities closes every open opportunity whose deadline
// is at or before now, in batches, and returns how many it closed.
func (d *DB) CloseExpiredOpportunities(ctx context.Context, now time.Time) (int, error) {
	total := 0
	for {
		n := 0
		err := d.write(ctx, func(t *wtx) error {
			rows, err := t.query(`SELECT id FROM opportunities WHERE status = ? AND deadline IS NOT NULL AND deadline <= ?
				ORDER BY deadline, id LIMIT ?`+t.d.forUpdate, string(samspil.OppOpen), t.d.ts(now), expireBatch)
			if err != nil {
				return internal("find expired opportunities", err)
			}
			var ids []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return internal("find expired opportunities", err)
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return internal("find expired opportunities", err)
			}
			if len(ids) == 0 {
				return nil
			}
			opps, err := findOpportunities(t.conn, ids)
			if err != nil {
				return err
			}
			args := []any{string(samspil.OppClosed), t.d.ts(t.now), t.d.ts(t.now)}
			for _, id := range ids {
				args = append(args, id)
			}
			if _, err := t.exec(`UPDATE opportunities SET status = ?, updated_at = ?, closed_at = ? WHERE id IN (`+placeholders(len(ids))+`)`, args...); err != nil {
				return internal("close expired opportunities", err)
			}
			audit := newBatch(t, "audit_events", "actor_id, action, entity_type, entity_id, before_json, after_json, created_at")
			for _, o := range opps {
				o.Status, o.UpdatedAt = samspil.OppClosed, t.now
				closed := t.now
				o.ClosedAt = &closed
				after, err := json.Marshal(map[string]any{"status": o.Status, "deadline": o.Deadline})
				if err != nil {
					return internal("audit", err)
				}
				if err := audit.add(t.actor, "opportunity.expire", "opportunity", o.ID, "", string(after), t.d.ts(t.now)); err != nil {
					return err
				}
				if err := t.indexOpportunity(o); err != nil {
					return err
				}
			}
			if err := audit.flush(); err != nil {
				return err
			}
			n = len(ids)
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < expireBatch {
			return total, nil
		}
	}
}
