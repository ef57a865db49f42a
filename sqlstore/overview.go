package sqlstore

import (
	"context"

	"github.com/samspil/samspil"
)

// FindMunicipalityOverview returns one row per municipality, by code: what
// it has in place for working with SØV. Three queries whatever the number
// of municipalities: the municipalities with their organisation, strategy
// and unit; the partnership counts per kommune organisation; the published
// case counts per municipality.
func (d *DB) FindMunicipalityOverview(ctx context.Context) ([]*samspil.MunicipalityOverview, error) {
	c := d.read(ctx)
	rows, err := c.query(`SELECT m.code, m.name, m.region_code,
		COALESCE((SELECT MIN(o.id) FROM organisations o WHERE o.kind = ? AND o.municipality_code = m.code), 0),
		s.title, s.adopted_on, s.updated_at, CASE WHEN cu.municipality_code IS NULL THEN 0 ELSE 1 END
		FROM municipalities m
		LEFT JOIN strategies s ON s.municipality_code = m.code
		LEFT JOIN coordination_units cu ON cu.municipality_code = m.code
		ORDER BY m.code`, string(samspil.OrgKommune))
	if err != nil {
		return nil, internal("municipality overview", err)
	}
	out := []*samspil.MunicipalityOverview{}
	byOrg := map[int64]*samspil.MunicipalityOverview{}
	byCode := map[string]*samspil.MunicipalityOverview{}
	for rows.Next() {
		o := &samspil.MunicipalityOverview{}
		var title *string
		var unit int
		if err := rows.Scan(&o.Code, &o.Name, &o.RegionCode, &o.OrganisationID, &title, nullTimeScanner{&o.StrategyAdoptedOn}, nullTimeScanner{&o.StrategyUpdatedAt}, &unit); err != nil {
			rows.Close()
			return nil, internal("municipality overview", err)
		}
		if title != nil {
			o.HasStrategy, o.StrategyTitle = true, *title
		}
		o.HasUnit = unit == 1
		out = append(out, o)
		byCode[o.Code] = o
		if o.OrganisationID != 0 {
			byOrg[o.OrganisationID] = o
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("municipality overview", err)
	}

	// Partnerships with a kommune organisation as a party, any status but
	// broken off: read through the parties' organisation index for just
	// these organisations, however many others the platform has.
	if len(byOrg) > 0 {
		if err := countMunicipalPartnerships(c, byOrg); err != nil {
			return nil, err
		}
	}

	rows, err = c.query(`SELECT municipality_code, COUNT(*) FROM cases WHERE status = ? GROUP BY municipality_code`,
		string(samspil.CasePublished))
	if err != nil {
		return nil, internal("municipality overview cases", err)
	}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			rows.Close()
			return nil, internal("municipality overview cases", err)
		}
		if o := byCode[code]; o != nil {
			o.Cases = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("municipality overview cases", err)
	}
	return out, nil
}

// countMunicipalPartnerships adds to each row of byOrg (keyed by its
// kommune organisation) the partnerships that organisation is a party to,
// broken-off ones excepted, in one query.
func countMunicipalPartnerships(c conn, byOrg map[int64]*samspil.MunicipalityOverview) error {
	args := make([]any, 0, len(byOrg)+1)
	for id := range byOrg {
		args = append(args, id)
	}
	args = append(args, string(samspil.PartnershipAborted))
	rows, err := c.query(`SELECT pp.organisation_id, COUNT(*)
		FROM partnership_parties pp JOIN partnerships p ON p.id = pp.partnership_id
		WHERE pp.organisation_id IN (`+placeholders(len(byOrg))+`) AND p.status <> ?
		GROUP BY pp.organisation_id`, args...)
	if err != nil {
		return internal("municipality overview partnerships", err)
	}
	defer rows.Close()
	for rows.Next() {
		var org int64
		var n int
		if err := rows.Scan(&org, &n); err != nil {
			return internal("municipality overview partnerships", err)
		}
		if o := byOrg[org]; o != nil {
			o.Partnerships += n
		}
	}
	if err := rows.Err(); err != nil {
		return internal("municipality overview partnerships", err)
	}
	return nil
}
