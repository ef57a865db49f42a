package sqlstore

import (
	"context"
	"slices"
	"strconv"
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

// codeRange is a half-open range [lo, hi) of codes.
type codeRange struct{ lo, hi string }

// subtractRanges returns the parts of r outside every range in minus, so
// each part is one index range scan with no rows to skip.
func subtractRanges(r codeRange, minus []codeRange) []codeRange {
	parts := []codeRange{r}
	for _, m := range minus {
		var next []codeRange
		for _, p := range parts {
			if m.hi <= p.lo || m.lo >= p.hi { // no overlap
				next = append(next, p)
				continue
			}
			if m.lo > p.lo {
				next = append(next, codeRange{p.lo, m.lo})
			}
			if m.hi < p.hi {
				next = append(next, codeRange{m.hi, p.hi})
			}
		}
		parts = next
	}
	return parts
}

// boundedSlices returns a query for the ids (column idCol of table) whose
// code lies in one of the prefix ranges but in none of the narrower ones
// (or, with exact, equals one of the codes): for each range a slice of
// index entries in index order, at most cap in all, joined with UNION ALL.
// Each slice is one ordered index range scan that stops at its limit, on
// both databases.
func boundedSlices(table, idCol string, prefixes, narrower []string, exact bool, cap int) (string, []any) {
	var minus []codeRange
	for _, p := range narrower {
		lo, hi := prefixRange(p)
		minus = append(minus, codeRange{lo, hi})
	}
	var conds []string
	var condArgs [][]any
	for _, p := range prefixes {
		if exact {
			conds = append(conds, "code = ?")
			condArgs = append(condArgs, []any{p})
			continue
		}
		lo, hi := prefixRange(p)
		for _, r := range subtractRanges(codeRange{lo, hi}, minus) {
			conds = append(conds, "code >= ? AND code < ?")
			condArgs = append(condArgs, []any{r.lo, r.hi})
		}
	}
	if len(conds) == 0 {
		// Everything was covered by narrower stages: an empty slice.
		return `SELECT ` + idCol + ` AS id FROM ` + table + ` WHERE 1 = 0`, nil
	}
	per := max(cap/len(conds), 100)
	var parts []string
	var args []any
	for i, cond := range conds {
		args = append(args, condArgs[i]...)
		args = append(args, per)
		parts = append(parts, `SELECT `+idCol+` AS id FROM (SELECT `+idCol+`, code FROM `+table+` WHERE `+cond+
			` ORDER BY code, `+idCol+` LIMIT ?) s`+strconv.Itoa(i))
	}
	return strings.Join(parts, " UNION ALL "), args
}

// covering names table so that SQLite reads it through index, which
// covers the columns matchmaking needs: for a lookup by id SQLite would
// otherwise always read the table row, whose long texts make it many
// times larger than the index entry. PostgreSQL picks the index itself.
func (d *DB) covering(table, alias, index string) string {
	if d.d.name == DialectSQLite {
		return table + " " + alias + " INDEXED BY " + index
	}
	return table + " " + alias
}

// probe keeps the ids from cands (a query returning a column "id"), in
// cands' order, whose row in from (a table with alias) passes filter, at most limit of them.
// The filter runs as a correlated subquery, so each id costs one index
// lookup on both databases; as a join, PostgreSQL would read the whole
// table into a hash instead.
func probe(cands string, candArgs []any, from, alias, filter string, fargs []any, limit int) (string, []any) {
	q := `SELECT id FROM (SELECT x.id, (SELECT 1 FROM ` + from + ` WHERE ` + alias + `.id = x.id` + filter +
		`) AS ok FROM (` + cands + `) x) y WHERE ok = 1 LIMIT ?`
	args := append(append(append([]any{}, fargs...), candArgs...), limit)
	return q, args
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

// scanCap bounds the index entries one stage reads before its filters
// (kind, place, status) apply, so a popular CPV group with a hundred
// thousand organisations costs the same as a rare one: the work is
// proportional to the limit, never to the directory.
func scanCap(limit int) int { return 2*limit + 200 }

// matchCandidates finds the organisations for MatchCandidates. Those
// sharing the most specific CPV level come first, then those sharing a
// broader level, then those sharing only a target group. Each stage reads
// a bounded slice of its index range, so with very common codes and a
// narrow radius the list can be shorter than all that would qualify. A
// mentoring opportunity (expertise areas, no CPV codes) without target
// groups gets recently updated counterparts within its radius, since
// organisations do not declare expertise.
func (d *DB) matchCandidates(ctx context.Context, o *samspil.Opportunity, limit int) ([]*samspil.MatchCandidate, error) {
	kinds := o.Kind.Counterparts()
	if len(kinds) == 0 {
		return []*samspil.MatchCandidate{}, nil
	}
	// The filter shared by every stage: kind, place, not the owner.
	// "|| ''" keeps these terms out of index selection: SQLite would
	// otherwise probe (municipality, kind) combinations for every row
	// instead of one lookup by id in the covering organisations_match_idx.
	var filter strings.Builder
	var fargs []any
	filter.WriteString(" AND o.kind || '' IN (" + placeholders(len(kinds)) + ")")
	for _, k := range kinds {
		fargs = append(fargs, string(k))
	}
	near, ok, err := d.withinRadius(ctx, o.MunicipalityCode, o.RadiusKm)
	if err != nil {
		return nil, err
	}
	if ok {
		filter.WriteString(" AND o.municipality_code || '' IN (" + placeholders(len(near)) + ")")
		for _, c := range near {
			fargs = append(fargs, c)
		}
	}
	filter.WriteString(" AND o.id <> ?")
	fargs = append(fargs, o.OrganisationID)

	c := d.read(ctx)
	col := &collector{seen: map[int64]bool{}, limit: limit}
	// CPV stages, most specific first: bounded slices of the code index,
	// then one lookup by id per row.
	var narrower []string
	for _, stage := range cpvStages(o.CPVCodes) {
		if col.full() {
			break
		}
		if len(stage) == 0 {
			continue
		}
		sub, sargs := boundedSlices("org_cpv_codes", "organisation_id", stage, narrower, false, scanCap(limit))
		q, args := probe(sub, sargs, d.covering("organisations", "o", "organisations_match_idx"), "o", filter.String(), fargs, overfetch(col.remaining()))
		if err := col.scan(c, q, args...); err != nil {
			return nil, err
		}
		narrower = append(narrower, stage...)
	}
	if !col.full() && len(o.TargetGroups) > 0 {
		sub, sargs := boundedSlices("org_target_groups", "organisation_id", o.TargetGroups, nil, true, scanCap(limit))
		q, args := probe(sub, sargs, d.covering("organisations", "o", "organisations_match_idx"), "o", filter.String(), fargs, overfetch(col.remaining())+len(col.ids))
		if err := col.scan(c, q, args...); err != nil {
			return nil, err
		}
	}
	if len(col.ids) == 0 && len(o.CPVCodes) == 0 && len(o.TargetGroups) == 0 {
		// The most recently updated profiles, then the filter.
		q, args := probe(`SELECT id FROM organisations ORDER BY updated_at DESC, id DESC LIMIT ?`, []any{scanCap(limit)},
			d.covering("organisations", "o", "organisations_match_idx"), "o", filter.String(), fargs, limit)
		if err := col.scan(c, q, args...); err != nil {
			return nil, err
		}
	}
	return d.loadMatchCandidates(c, col.ids)
}

// loadMatchCandidates reads what scoring needs about the organisations, in
// a few batched queries, keeping the order of ids.
func (d *DB) loadMatchCandidates(c conn, ids []int64) ([]*samspil.MatchCandidate, error) {
	out := make([]*samspil.MatchCandidate, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	byID := make(map[int64]*samspil.MatchCandidate, len(ids))
	// One chunk for the default bound: each statement with a long IN list
	// costs a parse, so fewer and longer ones are cheaper.
	const chunkSize = defaultMatchCandidates
	for start := 0; start < len(ids); start += chunkSize {
		chunk := ids[start:min(start+chunkSize, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := placeholders(len(chunk))
		// organisations_match_idx covers these columns, so the profile
		// rows with their long descriptions are not read.
		rows, err := c.query(`SELECT id, name, kind, municipality_code, capacity, rsv_registered, updated_at
			FROM `+d.covering("organisations", "o", "organisations_match_idx")+` WHERE id IN (`+in+`)`, args...)
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
			// Order does not matter to scoring; without it the primary
			// key index answers alone.
			rows, err := c.query(`SELECT organisation_id, code FROM `+l.table+` WHERE organisation_id IN (`+in+`)`, args...)
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

// opportunityCandidates finds the opportunities for OpportunityCandidates:
// those of the kinds org's kind is matched with, not org's own, that share
// a CPV group or a target group with org and whose radius reaches org's
// municipality. Most specific CPV level first, then broader, then a shared
// target group only; each stage reads a bounded slice of its index range.
// Mentoring opportunities, which have expertise areas instead of CPV
// codes, are added newest first after those, since organisations do not
// declare expertise.
func (d *DB) opportunityCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Opportunity, error) {
	kinds := samspil.KindsFor(org.Kind)
	if len(kinds) == 0 {
		return []*samspil.Opportunity{}, nil
	}
	c := d.read(ctx)
	now := d.d.ts(d.now())
	// "|| ''" as in MatchCandidates: one lookup by id per code row, in the
	// covering opportunities_match_idx.
	var filter strings.Builder
	fargs := []any{string(samspil.OppOpen), now}
	filter.WriteString(" AND p.status || '' = ? AND (p.deadline IS NULL OR p.deadline > ?) AND p.kind || '' IN (" + placeholders(len(kinds)) + ")")
	var mentoring []any
	for _, k := range kinds {
		fargs = append(fargs, string(k))
		if k.UsesExpertise() {
			mentoring = append(mentoring, string(k))
		}
	}
	filter.WriteString(" AND p.organisation_id <> ?")
	fargs = append(fargs, org.ID)
	// The opportunity's radius must reach org: the distance from org to
	// each municipality is written into the query once, as a CASE.
	ms, err := d.municipalities(ctx)
	if err != nil {
		return nil, err
	}
	if origin := ms[org.MunicipalityCode]; origin != nil {
		var cs strings.Builder
		cs.WriteString(" AND (p.radius_km = 0 OR p.radius_km + ? >= CASE p.municipality_code")
		fargs = append(fargs, radiusSlackKm)
		codes := make([]string, 0, len(ms))
		for code := range ms {
			codes = append(codes, code)
		}
		slices.Sort(codes) // a stable query text
		for _, code := range codes {
			// The distance is an int computed here, so it is written as a
			// literal: PostgreSQL cannot type a CASE of parameters.
			cs.WriteString(" WHEN ? THEN " + strconv.Itoa(int(refdata.Distance(origin, ms[code]))))
			fargs = append(fargs, code)
		}
		cs.WriteString(" ELSE 0 END)")
		filter.WriteString(cs.String())
	}

	col := &collector{seen: map[int64]bool{}, limit: limit}
	var narrower []string
	for _, stage := range cpvStages(org.CPVCodes) {
		if col.full() {
			break
		}
		if len(stage) == 0 {
			continue
		}
		sub, sargs := boundedSlices("opp_cpv_codes", "opportunity_id", stage, narrower, false, scanCap(limit))
		q, args := probe(sub, sargs, d.covering("opportunities", "p", "opportunities_match_idx"), "p", filter.String(), fargs, overfetch(col.remaining()))
		if err := col.scan(c, q, args...); err != nil {
			return nil, err
		}
		narrower = append(narrower, stage...)
	}
	if !col.full() && len(org.TargetGroups) > 0 {
		sub, sargs := boundedSlices("opp_target_groups", "opportunity_id", org.TargetGroups, nil, true, scanCap(limit))
		q, args := probe(sub, sargs, d.covering("opportunities", "p", "opportunities_match_idx"), "p", filter.String(), fargs, overfetch(col.remaining())+len(col.ids))
		if err := col.scan(c, q, args...); err != nil {
			return nil, err
		}
	}
	if !col.full() && len(mentoring) > 0 {
		// Newest first along opportunities_kind_idx (kind, status, created_at).
		cands := `SELECT id FROM opportunities WHERE kind IN (` + placeholders(len(mentoring)) + `) AND status = ?
			ORDER BY created_at DESC, id DESC LIMIT ?`
		q, args := probe(cands, append(append([]any{}, mentoring...), string(samspil.OppOpen), scanCap(limit)),
			d.covering("opportunities", "p", "opportunities_match_idx"), "p", filter.String(), fargs, overfetch(col.remaining())+len(col.ids))
		if err := col.scan(c, q, args...); err != nil {
			return nil, err
		}
	}
	return findOpportunitiesChunked(c, col.ids)
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
