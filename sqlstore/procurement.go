package sqlstore

import (
	"context"
	"sort"
	"strings"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// defaultProcurementLimit bounds ProcurementSuppliers when the query sets
// no limit.
const defaultProcurementLimit = 500

// ProcurementSuppliers returns the SØV organisations that share a CPV
// group (the code's first three digits) with q.CPVCodes within q.RadiusKm
// of q.MunicipalityCode, nearest first, with what the route recommender
// needs to know about them. The CPV groups are index range scans on
// org_cpv_codes; the radius becomes a list of municipality codes
// (centroid distances, as matchmaking computes them) and is then applied
// exactly to each supplier's municipality centroid.
func (d *DB) ProcurementSuppliers(ctx context.Context, q samspil.SupplierQuery) ([]samspil.SupplierFact, error) {
	var v samspil.Validation
	ms, err := d.municipalities(ctx)
	if err != nil {
		return nil, err
	}
	origin := ms[q.MunicipalityCode]
	if origin == nil {
		v.Add("municipality_code", "tender.place.invalid", "choose the municipality where the work is done", nil)
	}
	var groups []string
	seen := map[string]bool{}
	for _, c := range q.CPVCodes {
		c = strings.TrimSpace(c)
		if len(c) < 3 || strings.Trim(c[:3], "0123456789") != "" || seen[c[:3]] {
			continue
		}
		seen[c[:3]] = true
		groups = append(groups, c[:3])
	}
	if len(groups) == 0 {
		v.Add("cpv", "tender.cpv.required", "choose at least one CPV code", nil)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultProcurementLimit
	}
	sort.Strings(groups)
	var conds []string
	var args []any
	for _, g := range groups {
		lo, hi := prefixRange(g)
		conds = append(conds, "(code >= ? AND code < ?)")
		args = append(args, lo, hi)
	}
	query := `SELECT o.id, o.name, o.municipality_code, o.kind, o.employees, o.disadvantaged_employees,
		CASE WHEN o.rsv_verified_at IS NULL THEN 0 ELSE 1 END, o.turnover_ore
		FROM organisations o
		WHERE o.kind = ? AND o.id IN (SELECT organisation_id FROM org_cpv_codes WHERE ` + strings.Join(conds, " OR ") + `)`
	args = append([]any{string(samspil.OrgSOV)}, args...)
	if near, ok, err := d.withinRadius(ctx, q.MunicipalityCode, q.RadiusKm); err != nil {
		return nil, err
	} else if ok {
		query += ` AND o.municipality_code IN (` + placeholders(len(near)) + `)`
		for _, c := range near {
			args = append(args, c)
		}
	}
	rows, err := d.read(ctx).query(query, args...)
	if err != nil {
		return nil, internal("procurement suppliers", err)
	}
	defer rows.Close()
	out := []samspil.SupplierFact{}
	for rows.Next() {
		var f samspil.SupplierFact
		var o samspil.Organisation
		var kind string
		var rsv int
		if err := rows.Scan(&f.OrganisationID, &f.Name, &f.MunicipalityCode, &kind, &o.Employees, &o.DisadvantagedEmployees, &rsv, &f.TurnoverOre); err != nil {
			return nil, internal("procurement suppliers", err)
		}
		f.Kind = samspil.OrgKind(kind)
		f.DisadvantagedShare = o.DisadvantagedShare()
		f.MeetsSection20 = o.MeetsReservedContractCondition()
		f.RSVVerified = rsv == 1
		if m := ms[f.MunicipalityCode]; m != nil {
			f.DistanceKm = refdata.Distance(origin, m)
		}
		if q.RadiusKm > 0 && f.DistanceKm > float64(q.RadiusKm) {
			continue
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("procurement suppliers", err)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.DistanceKm != b.DistanceKm {
			return a.DistanceKm < b.DistanceKm
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.OrganisationID < b.OrganisationID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
