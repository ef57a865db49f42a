package sqlstore

import (
	"context"
	"math"
	"sort"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// Who hears of a tender: at publication the SØV that share a CPV group
// (the first three digits of any code) with it, nearest to the place of
// performance first; and, the other way round, the open tenders that share
// a group with an organisation ("tenders that fit you").

// cpvGroups returns the distinct CPV groups (first three digits) of codes.
func cpvGroups(codes []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range codes {
		if len(c) < 3 {
			continue
		}
		g := c[:3]
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	sort.Strings(out)
	return out
}

// recipient is one SØV that may be told about a tender.
type recipient struct {
	id       int64
	distance float64
}

// tenderRecipients returns up to samspil.MaxTenderRecipients SØV that share
// a CPV group with x, nearest first (then by id); for a tender reserved
// for sheltered workshops only those meeting the 30 % condition.
func (d *DB) tenderRecipients(ctx context.Context, c conn, x *samspil.Tender) ([]int64, error) {
	groups := cpvGroups(x.AllCPV())
	if len(groups) == 0 {
		return nil, nil
	}
	args := []any{string(samspil.OrgSOV), x.BuyerID}
	for _, g := range groups {
		args = append(args, g)
	}
	rows, err := c.query(`SELECT o.id, o.municipality_code, o.employees, o.disadvantaged_employees FROM organisations o
		WHERE o.kind = ? AND o.id <> ? AND EXISTS (SELECT 1 FROM org_cpv_codes oc WHERE oc.organisation_id = o.id
		AND substr(oc.code, 1, 3) IN (`+placeholders(len(groups))+`))`, args...)
	if err != nil {
		return nil, internal("find tender recipients", err)
	}
	ms, err := d.municipalities(ctx)
	if err != nil {
		rows.Close()
		return nil, err
	}
	origin := ms[x.PlaceCode]
	var list []recipient
	for rows.Next() {
		var o samspil.Organisation
		if err := rows.Scan(&o.ID, &o.MunicipalityCode, &o.Employees, &o.DisadvantagedEmployees); err != nil {
			rows.Close()
			return nil, internal("find tender recipients", err)
		}
		if x.Reservation == samspil.ReserveShelteredWorkshop && !o.MeetsReservedContractCondition() {
			continue
		}
		dist := math.Inf(1)
		if m := ms[o.MunicipalityCode]; m != nil && origin != nil {
			dist = refdata.Distance(origin, m)
		}
		list = append(list, recipient{o.ID, dist})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("find tender recipients", err)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].distance != list[j].distance {
			return list[i].distance < list[j].distance
		}
		return list[i].id < list[j].id
	})
	if len(list) > samspil.MaxTenderRecipients {
		list = list[:samspil.MaxTenderRecipients]
	}
	out := make([]int64, len(list))
	for i, r := range list {
		out[i] = r.id
	}
	return out, nil
}

// notifyRecipients records the matching suppliers of a freshly published
// tender as notified and tells their active members.
func (d *DB) notifyRecipients(ctx context.Context, t *wtx, x *samspil.Tender) error {
	orgs, err := d.tenderRecipients(ctx, t.conn, x)
	if err != nil || len(orgs) == 0 {
		return err
	}
	b := newBatch(t, "tender_responses", "tender_id, organisation_id, state, lots, message, notified_at")
	for _, id := range orgs {
		if err := b.add(x.ID, id, string(samspil.ResponseNotified), "[]", "", t.d.ts(t.now)); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	users, err := activeMembers(t.conn, orgs)
	if err != nil {
		return err
	}
	n := newNotifier(t)
	if err := n.users(users, samspil.NoteTenderNew, tenderArgs(x, ""), tenderLink(x.ID)); err != nil {
		return err
	}
	return n.flush()
}

// maxTenderCandidates bounds TenderCandidates.
const maxTenderCandidates = 200

// TenderCandidates returns up to limit (default 50, at most 200)
// published tenders still open for tenders that share a CPV group with
// org, soonest deadline first; never the organisation's own tenders.
func (d *DB) TenderCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Tender, error) {
	out := []*samspil.Tender{}
	if org == nil {
		return out, nil
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, maxTenderCandidates)
	groups := cpvGroups(org.CPVCodes)
	if len(groups) == 0 {
		return out, nil
	}
	args := []any{string(samspil.TenderPublished), d.d.ts(d.now()), org.ID}
	for _, g := range groups {
		args = append(args, g)
	}
	args = append(args, limit)
	c := d.read(ctx)
	ids, err := queryIDs(c, "tender candidates", `SELECT t.id FROM tenders t WHERE t.status = ? AND t.tender_deadline > ? AND t.buyer_id <> ?
		AND EXISTS (SELECT 1 FROM tender_cpv tc WHERE tc.tender_id = t.id AND substr(tc.code, 1, 3) IN (`+placeholders(len(groups))+`))
		ORDER BY t.tender_deadline, t.id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	return findTenders(c, ids)
}
