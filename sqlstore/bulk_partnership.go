package sqlstore

import (
	"context"

	"github.com/samspil/samspil"
)

// LoadPartnerships stores finished or running partnerships as given
// (status, parties, times), for demo data and imports of a track record
// that happened before the platform: the only way to create a partnership
// in the service interface is accepting an interest, which always starts
// it as proposed. Each partnership gets an ID; CreatedAt and UpdatedAt
// default to now, and a completed one without CompletedAt is completed now.
// EINVALID for an unknown model or status or fewer than two parties.
func (d *DB) LoadPartnerships(ctx context.Context, ps []*samspil.Partnership) error {
	for _, p := range ps {
		var v samspil.Validation
		if !p.Model.Valid() {
			v.Add("model", "partnership.model.invalid", "unknown collaboration model", nil)
		}
		switch p.Status {
		case samspil.PartnershipProposed, samspil.PartnershipAgreed, samspil.PartnershipActive,
			samspil.PartnershipCompleted, samspil.PartnershipAborted:
		default:
			v.Add("status", "partnership.status.invalid", "unknown status", nil)
		}
		if len(p.Parties) < 2 {
			v.Add("parties", "partnership.parties.too_few", "a partnership has at least two parties", nil)
		}
		if err := v.Err(); err != nil {
			return err
		}
	}
	return d.write(ctx, func(t *wtx) error {
		for _, p := range ps {
			if p.CreatedAt.IsZero() {
				p.CreatedAt = t.now
			}
			if p.UpdatedAt.IsZero() {
				p.UpdatedAt = p.CreatedAt
			}
			if p.Status == samspil.PartnershipCompleted && p.CompletedAt == nil {
				at := t.now
				p.CompletedAt = &at
			}
			id, err := t.insertID(`INSERT INTO partnerships (title, model, status, opportunity_id, interest_id, created_at, updated_at, completed_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Title, string(p.Model), string(p.Status), p.OpportunityID, p.InterestID,
				t.d.ts(p.CreatedAt), t.d.ts(p.UpdatedAt), t.d.tsPtr(p.CompletedAt))
			if err != nil {
				if isForeignKeyViolation(err) {
					return notFound("opp.not_found", "the opportunity does not exist")
				}
				return internal("insert partnership", err)
			}
			p.ID = id
			for i, party := range p.Parties {
				if _, err := t.exec(`INSERT INTO partnership_parties (partnership_id, organisation_id, role, position) VALUES (?, ?, ?, ?)`,
					p.ID, party.OrganisationID, party.Role, i); err != nil {
					if isForeignKeyViolation(err) {
						return notFound("org.not_found", "the organisation does not exist")
					}
					if isUniqueViolation(err) {
						return invalid("parties", "partnership.parties.repeated", "an organisation appears twice")
					}
					return internal("insert partnership party", err)
				}
			}
			if err := t.audit("partnership.load", "partnership", p.ID, nil, p); err != nil {
				return err
			}
		}
		return nil
	})
}
