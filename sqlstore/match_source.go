package sqlstore

import (
	"context"
	"strings"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// The match source feeds the pure match package with a bounded list of
// candidates. It never scores: it only finds organisations (or
// opportunities) that can match at all and prefers, while it collects
// them, the ones sharing the most specific CPV level, because those score
// highest. The work is bounded by the limit, not by the size of the
// directory: each stage is an index range scan on the CPV code that stops
// as soon as it has enough rows.

// Candidate bounds.
const (
	defaultMatchCandidates = 1000
	maxMatchCandidates     = 5000
)

// cpvStageLengths are the prefix lengths tried in turn: the whole code,
// then category, class and group (division is too broad to be a match).
var cpvStageLengths = []int{8, 5, 4, 3}

// prefixRange returns the half-open range [p, p') of codes starting with p.
// CPV codes are digits, so the last byte plus one never overflows.
func prefixRange(p string) (string, string) {
	b := []byte(p)
	b[len(b)-1]++
	return p, string(b)
}

// cpvStages returns, per stage, the distinct prefixes of the codes.
func cpvStages(codes []string) [][]string {
	out := make([][]string, 0, len(cpvStageLengths))
	seen := map[string]bool{}
	for _, n := range cpvStageLengths {
		var stage []string
		for _, c := range codes {
			if len(c) < n {
				continue
			}
			p := c[:n]
			if !seen[p] {
				seen[p] = true
				stage = append(stage, p)
			}
		}
		out = append(out, stage)
	}
	return out
}

// rangeCond returns "(col >= ? AND col < ?) OR …" for the prefixes and
// appends their bounds to args.
func rangeCond(col string, prefixes []string, args []any) (string, []any) {
	parts := make([]string, len(prefixes))
	for i, p := range prefixes {
		lo, hi := prefixRange(p)
		parts[i] = "(" + col + " >= ? AND " + col + " < ?)"
		args = append(args, lo, hi)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// municipalities returns the centroids by code: from Options when given
// (the usual case, no database work), otherwise from the database.
func (d *DB) municipalities(ctx context.Context) (map[string]*samspil.Municipality, error) {
	list := d.opts.Municipalities
	if len(list) == 0 {
		ms, err := d.FindMunicipalities(ctx)
		if err != nil {
			return nil, err
		}
		list = ms
	}
	m := make(map[string]*samspil.Municipality, len(list))
	for _, x := range list {
		m[x.Code] = x
	}
	return m, nil
}

// radiusSlackKm widens the SQL pre-filter a little beyond the radius, so
// rounding never drops a candidate the match package would keep (it
// applies the exact radius itself).
const radiusSlackKm = 1

// withinRadius returns the codes of the municipalities whose centroid lies
// within radiusKm of the centroid of code. ok is false when no filter
// applies (no radius, or an unknown municipality).
func (d *DB) withinRadius(ctx context.Context, code string, radiusKm int) ([]string, bool, error) {
	if radiusKm <= 0 {
		return nil, false, nil
	}
	ms, err := d.municipalities(ctx)
	if err != nil {
		return nil, false, err
	}
	origin := ms[code]
	if origin == nil {
		return nil, false, nil
	}
	var out []string
	for c, m := range ms {
		if refdata.Distance(origin, m) <= float64(radiusKm+radiusSlackKm) {
			out = append(out, c)
		}
	}
	return out, true, nil
}

func candidateLimit(limit int) int {
	if limit <= 0 {
		return defaultMatchCandidates
	}
	return min(limit, maxMatchCandidates)
}

// collector gathers distinct ids in the order stages find them.
type collector struct {
	ids   []int64
	seen  map[int64]bool
	limit int
}

func (c *collector) full() bool { return len(c.ids) >= c.limit }

func (c *collector) remaining() int { return c.limit - len(c.ids) }

// scan runs a query returning ids and keeps the new ones up to the limit.
func (c *collector) scan(db conn, query string, args ...any) error {
	rows, err := db.query(query, args...)
	if err != nil {
		return internal("match candidates", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return internal("match candidates", err)
		}
		if !c.seen[id] && !c.full() {
			c.seen[id] = true
			c.ids = append(c.ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		return internal("match candidates", err)
	}
	return nil
}

// overfetch is how many rows a stage asks for to end up with n new
// distinct ids: an organisation can hold several codes in one range, and
// some rows belong to organisations found by an earlier stage.
func overfetch(n int) int { return n*2 + 20 }

// MatchCandidates returns up to limit (0: 1000; at most 5000)
// organisations of the opportunity's counterpart kinds, other than its
// own, that share a CPV group or a target group with it and lie within its
// radius (by municipality centroid). Those sharing the most specific CPV
// level come first, then those sharing a broader level, then those sharing
// only a target group. A mentoring opportunity (expertise areas, no CPV
// codes) without target groups gets the most recently updated
// counterparts within its radius, since organisations do not declare
// expertise.
func (d *DB) MatchCandidates(ctx context.Context, o *samspil.Opportunity, limit int) ([]*samspil.MatchCandidate, error) {
	limit = candidateLimit(limit)
	kinds := o.Kind.Counterparts()
	if len(kinds) == 0 {
		return []*samspil.MatchCandidate{}, nil
	}
	// The filter shared by every stage: kind, place, not the owner.
	var filter strings.Builder
	var fargs []any
	filter.WriteString(" AND o.kind IN (" + placeholders(len(kinds)) + ")")
	for _, k := range kinds {
		fargs = append(fargs, string(k))
	}
	near, ok, err := d.withinRadius(ctx, o.MunicipalityCode, o.RadiusKm)
	if err != nil {
		return nil, err
	}
	if ok {
		filter.WriteString(" AND o.municipality_code IN (" + placeholders(len(near)) + ")")
		for _, c := range near {
			fargs = append(fargs, c)
		}
	}
	filter.WriteString(" AND o.id <> ?")
	fargs = append(fargs, o.OrganisationID)

	c := d.read(ctx)
	col := &collector{seen: map[int64]bool{}, limit: limit}
	// CPV stages, most specific first. CROSS JOIN keeps SQLite walking the
	// code index and probing organisations by id.
	var narrower []string
	for _, stage := range cpvStages(o.CPVCodes) {
		if col.full() {
			break
		}
		if len(stage) == 0 {
			continue
		}
		cond, args := rangeCond("c.code", stage, nil)
		q := `SELECT c.organisation_id FROM org_cpv_codes c CROSS JOIN organisations o WHERE o.id = c.organisation_id AND ` + cond
		if len(narrower) > 0 {
			var not string
			not, args = rangeCond("c.code", narrower, args)
			q += " AND NOT " + not
		}
		args = append(args, fargs...)
		args = append(args, overfetch(col.remaining()))
		if err := col.scan(c, q+filter.String()+" LIMIT ?", args...); err != nil {
			return nil, err
		}
		narrower = append(narrower, stage...)
	}
	if !col.full() && len(o.TargetGroups) > 0 {
		args := []any{}
		for _, g := range o.TargetGroups {
			args = append(args, g)
		}
		args = append(args, fargs...)
		args = append(args, overfetch(col.remaining())+len(col.ids))
		q := `SELECT g.organisation_id FROM org_target_groups g CROSS JOIN organisations o WHERE o.id = g.organisation_id
			AND g.code IN (` + placeholders(len(o.TargetGroups)) + `)` + filter.String() + ` LIMIT ?`
		if err := col.scan(c, q, args...); err != nil {
			return nil, err
		}
	}
	if len(col.ids) == 0 && len(o.CPVCodes) == 0 && len(o.TargetGroups) == 0 {
		q := `SELECT o.id FROM organisations o WHERE 1 = 1` + filter.String() + ` ORDER BY o.updated_at DESC, o.id DESC LIMIT ?`
		if err := col.scan(c, q, append(fargs, limit)...); err != nil {
			return nil, err
		}
	}
	return loadMatchCandidates(c, col.ids)
}

// loadMatchCandidates reads what scoring needs about the organisations, in
// a few batched queries, keeping the order of ids.
func loadMatchCandidates(c conn, ids []int64) ([]*samspil.MatchCandidate, error) {
	out := make([]*samspil.MatchCandidate, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	byID := make(map[int64]*samspil.MatchCandidate, len(ids))
	for start := 0; start < len(ids); start += idChunk {
		chunk := ids[start:min(start+idChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := placeholders(len(chunk))
		rows, err := c.query(`SELECT id, name, kind, municipality_code, capacity, rsv_registered, updated_at
			FROM organisations WHERE id IN (`+in+`)`, args...)
		if err != nil {
			return nil, internal("load match candidates", err)
		}
		for rows.Next() {
			m := &samspil.MatchCandidate{CPVCodes: []string{}, TargetGroups: []string{}}
			if err := rows.Scan(&m.OrganisationID, &m.Name, &m.Kind, &m.MunicipalityCode, &m.Capacity, &m.RSVRegistered, timeScanner{&m.UpdatedAt}); err != nil {
				rows.Close()
				return nil, internal("load match candidates", err)
			}
			byID[m.OrganisationID] = m
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("load match candidates", err)
		}
		for _, l := range []struct {
			table string
			field func(*samspil.MatchCandidate) *[]string
		}{
			{"org_cpv_codes", func(m *samspil.MatchCandidate) *[]string { return &m.CPVCodes }},
			{"org_target_groups", func(m *samspil.MatchCandidate) *[]string { return &m.TargetGroups }},
		} {
			rows, err := c.query(`SELECT organisation_id, code FROM `+l.table+` WHERE organisation_id IN (`+in+`) ORDER BY organisation_id, position`, args...)
			if err != nil {
				return nil, internal("load match candidates", err)
			}
			for rows.Next() {
				var id int64
				var code string
				if err := rows.Scan(&id, &code); err != nil {
					rows.Close()
					return nil, internal("load match candidates", err)
				}
				if m := byID[id]; m != nil {
					p := l.field(m)
					*p = append(*p, code)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, internal("load match candidates", err)
			}
		}
	}
	counts, err := completedCounts(c, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if m := byID[id]; m != nil {
			m.CompletedPartnerships = counts[id]
			out = append(out, m)
		}
	}
	return out, nil
}

// OpportunityCandidates returns up to limit (0: 1000; at most 5000) open,
// unexpired opportunities of the kinds an organisation of org's kind is
// matched with, not org's own, that share a CPV group or a target group
// with org and whose radius reaches org's municipality. Most specific CPV
// level first, then broader, then a shared target group only. Mentoring
// opportunities, which have expertise areas instead of CPV codes, are
// added newest first after those, since organisations do not declare
// expertise.
func (d *DB) OpportunityCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Opportunity, error) {
	limit = candidateLimit(limit)
	kinds := samspil.KindsFor(org.Kind)
	if len(kinds) == 0 {
		return []*samspil.Opportunity{}, nil
	}
	c := d.read(ctx)
	var filter strings.Builder
	fargs := []any{string(samspil.OppOpen), d.d.ts(d.now())}
	filter.WriteString(" AND p.status = ? AND (p.deadline IS NULL OR p.deadline > ?) AND p.kind IN (" + placeholders(len(kinds)) + ")")
	var mentoring []any
	for _, k := range kinds {
		fargs = append(fargs, string(k))
		if k.UsesExpertise() {
			mentoring = append(mentoring, string(k))
		}
	}
	filter.WriteString(" AND p.organisation_id <> ?")
	fargs = append(fargs, org.ID)

	// Rows carry place and radius so the radius is checked here, per
	// opportunity, before the limit is spent.
	ms, err := d.municipalities(ctx)
	if err != nil {
		return nil, err
	}
	origin := ms[org.MunicipalityCode]
	var ids []int64
	seen := map[int64]bool{}
	scan := func(q string, args ...any) error {
		rows, err := c.query(q, args...)
		if err != nil {
			return internal("opportunity candidates", err)
		}
		type row struct {
			id     int64
			code   string
			radius int
		}
		var found []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.code, &r.radius); err != nil {
				rows.Close()
				return internal("opportunity candidates", err)
			}
			found = append(found, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("opportunity candidates", err)
		}
		for _, r := range found {
			if seen[r.id] || len(ids) >= limit {
				continue
			}
			if m := ms[r.code]; r.radius > 0 && origin != nil && m != nil && refdata.Distance(origin, m) > float64(r.radius+radiusSlackKm) {
				continue
			}
			seen[r.id] = true
			ids = append(ids, r.id)
		}
		return nil
	}
	var narrower []string
	for _, stage := range cpvStages(org.CPVCodes) {
		if len(ids) >= limit {
			break
		}
		if len(stage) == 0 {
			continue
		}
		cond, args := rangeCond("c.code", stage, nil)
		q := `SELECT p.id, p.municipality_code, p.radius_km FROM opp_cpv_codes c CROSS JOIN opportunities p WHERE p.id = c.opportunity_id AND ` + cond
		if len(narrower) > 0 {
			var not string
			not, args = rangeCond("c.code", narrower, args)
			q += " AND NOT " + not
		}
		args = append(args, fargs...)
		args = append(args, overfetch(limit-len(ids)))
		if err := scan(q+filter.String()+" LIMIT ?", args...); err != nil {
			return nil, err
		}
		narrower = append(narrower, stage...)
	}
	if len(ids) < limit && len(org.TargetGroups) > 0 {
		var args []any
		for _, g := range org.TargetGroups {
			args = append(args, g)
		}
		args = append(args, fargs...)
		args = append(args, overfetch(limit-len(ids))+len(ids))
		q := `SELECT p.id, p.municipality_code, p.radius_km FROM opp_target_groups g CROSS JOIN opportunities p WHERE p.id = g.opportunity_id
			AND g.code IN (` + placeholders(len(org.TargetGroups)) + `)` + filter.String() + ` LIMIT ?`
		if err := scan(q, args...); err != nil {
			return nil, err
		}
	}
	if len(ids) < limit && len(mentoring) > 0 {
		args := append(append([]any{}, mentoring...), fargs...)
		args = append(args, overfetch(limit-len(ids)))
		q := `SELECT p.id, p.municipality_code, p.radius_km FROM opportunities p WHERE p.kind IN (` + placeholders(len(mentoring)) + `)` +
			filter.String() + ` ORDER BY p.created_at DESC, p.id DESC LIMIT ?`
		if err := scan(q, args...); err != nil {
			return nil, err
		}
	}
	return findOpportunitiesChunked(c, ids)
}

// findOpportunitiesChunked is findOpportunities for long id lists.
func findOpportunitiesChunked(c conn, ids []int64) ([]*samspil.Opportunity, error) {
	out := make([]*samspil.Opportunity, 0, len(ids))
	for start := 0; start < len(ids); start += idChunk {
		part, err := findOpportunities(c, ids[start:min(start+idChunk, len(ids))])
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}
