package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/samspil/samspil"
)

const partnershipColumns = `p.id, p.title, p.model, p.status, p.opportunity_id, p.interest_id, p.created_at, p.updated_at, p.completed_at, p.tender_id`

func scanPartnership(s rowScanner) (*samspil.Partnership, error) {
	p := &samspil.Partnership{Parties: []samspil.PartnershipParty{}}
	var opp, interest, tender sql.NullInt64
	err := s.Scan(&p.ID, &p.Title, &p.Model, &p.Status, &opp, &interest,
		timeScanner{&p.CreatedAt}, timeScanner{&p.UpdatedAt}, nullTimeScanner{&p.CompletedAt}, &tender)
	if err != nil {
		return nil, err
	}
	if opp.Valid {
		p.OpportunityID = &opp.Int64
	}
	if interest.Valid {
		p.InterestID = &interest.Int64
	}
	if tender.Valid {
		p.TenderID = &tender.Int64 // set when a tender's award created it
	}
	return p, nil
}

// loadParties fills the parties of ps in one query.
func loadParties(c conn, ps []*samspil.Partnership) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*samspil.Partnership, len(ps))
	ids := make([]any, 0, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
		ids = append(ids, p.ID)
	}
	rows, err := c.query(`SELECT pp.partnership_id, pp.organisation_id, o.name, o.kind, pp.role
		FROM partnership_parties pp JOIN organisations o ON o.id = pp.organisation_id
		WHERE pp.partnership_id IN (`+placeholders(len(ids))+`) ORDER BY pp.partnership_id, pp.position`, ids...)
	if err != nil {
		return internal("load partnership parties", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var x samspil.PartnershipParty
		if err := rows.Scan(&id, &x.OrganisationID, &x.Name, &x.Kind, &x.Role); err != nil {
			return internal("load partnership parties", err)
		}
		if p := byID[id]; p != nil {
			p.Parties = append(p.Parties, x)
		}
	}
	if err := rows.Err(); err != nil {
		return internal("load partnership parties", err)
	}
	return nil
}

func findPartnership(c conn, id int64) (*samspil.Partnership, error) {
	p, err := scanPartnership(c.queryRow(`SELECT `+partnershipColumns+` FROM partnerships p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("partnership.not_found", "the partnership does not exist")
	} else if err != nil {
		return nil, internal("find partnership", err)
	}
	if err := loadParties(c, []*samspil.Partnership{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// insertPartnership stores p with its parties inside t and audits it.
func insertPartnership(t *wtx, p *samspil.Partnership) error {
	p.CreatedAt, p.UpdatedAt = t.now, t.now
	var completed any
	if p.Status == samspil.PartnershipCompleted {
		now := t.now
		p.CompletedAt = &now
		completed = t.d.ts(now)
	}
	var opp, interest any
	if p.OpportunityID != nil {
		opp = *p.OpportunityID
	}
	if p.InterestID != nil {
		interest = *p.InterestID
	}
	id, err := t.insertID(`INSERT INTO partnerships (title, model, status, opportunity_id, interest_id, created_at, updated_at, completed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Title, string(p.Model), string(p.Status), opp, interest, t.d.ts(t.now), t.d.ts(t.now), completed)
	if err != nil {
		return internal("insert partnership", err)
	}
	p.ID = id
	b := newBatch(t, "partnership_parties", "partnership_id, organisation_id, role, position")
	for i, x := range p.Parties {
		if err := b.add(p.ID, x.OrganisationID, x.Role, i); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	return t.audit("partnership.create", "partnership", p.ID, nil, p)
}

// FindPartnershipByID returns the partnership with its parties. ENOTFOUND.
func (d *DB) FindPartnershipByID(ctx context.Context, id int64) (*samspil.Partnership, error) {
	return findPartnership(d.read(ctx), id)
}

// FindPartnerships returns one page, newest first, and the total.
// EINVALID for a negative offset or limit.
func (d *DB) FindPartnerships(ctx context.Context, f samspil.PartnershipFilter) ([]*samspil.Partnership, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if f.OrganisationID != 0 {
		where = append(where, "p.id IN (SELECT partnership_id FROM partnership_parties WHERE organisation_id = ?)")
		args = append(args, f.OrganisationID)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "p.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM partnerships p`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count partnerships", err)
	}
	out := []*samspil.Partnership{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT `+partnershipColumns+` FROM partnerships p`+cond+` ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find partnerships", err)
	}
	for rows.Next() {
		p, err := scanPartnership(rows)
		if err != nil {
			rows.Close()
			return nil, 0, internal("find partnerships", err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find partnerships", err)
	}
	if err := loadParties(c, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// CompletedPartnershipCounts returns, per organisation id, how many
// completed partnerships it has been a party to (ids without any are left
// out of the map, which reads as 0).
func (d *DB) CompletedPartnershipCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	return completedCounts(d.read(ctx), ids)
}

func completedCounts(c conn, ids []int64) (map[int64]int, error) {
	out := make(map[int64]int)
	const chunkSize = 1000 // the default candidate bound in one statement
	for start := 0; start < len(ids); start += chunkSize {
		chunk := ids[start:min(start+chunkSize, len(ids))]
		args := []any{string(samspil.PartnershipCompleted)}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := c.query(`SELECT pp.organisation_id, COUNT(*) FROM partnership_parties pp
			JOIN partnerships p ON p.id = pp.partnership_id AND p.status = ?
			WHERE pp.organisation_id IN (`+placeholders(len(chunk))+`) GROUP BY pp.organisation_id`, args...)
		if err != nil {
			return nil, internal("count completed partnerships", err)
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, internal("count completed partnerships", err)
			}
			out[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("count completed partnerships", err)
		}
	}
	return out, nil
}
