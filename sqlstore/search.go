package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/textsearch"
)

// How a search runs (the index itself is described in search_index.go):
//
//   - The query becomes a list of clauses, all of which must match: one per
//     text term (its stem, compound head or prefix), one per facet filter
//     (any of its values, as facet tokens), one for OpenOnly ("l_1") and one
//     for the distance filter (the facet tokens of every municipality within
//     the radius, computed in Go from the centroids in Options). On SQLite
//     the clauses are one FTS5 MATCH; on PostgreSQL one tsquery.
//   - Totals and facet counts come from the facet tokens of the matching
//     documents, counted in Go: one pass over the documents matching every
//     clause, and one pass per facet that has a filter, without that
//     filter (so the numbers say what clicking a value would give). When a
//     pass has no clause but OpenOnly the counts are read from
//     search_counts, and with one filtered facet and no text from
//     search_pairs, so browsing and one facet click cost no pass.
//   - Relevance is computed in Go from the stored tokens, the same on both
//     databases: title matches beat text matches, exact stems beat compound
//     parts and prefixes. When more than exactMatchLimit documents match,
//     only the first candidates of two tiers (matches in the title, then
//     anywhere) in index order are ranked: early termination instead of
//     scoring every match.
//   - Results are cached per query and index generation (search_state),
//     which every index write moves on in its transaction: a search reads
//     the generation first, so it never serves a result older than the data
//     it could see.

// searchState is the search's per-database memory: municipality
// centroids and codes, and the result cache.
type searchState struct {
	once    sync.Once
	munis   map[string]*samspil.Municipality
	regions map[string]bool

	mu       sync.Mutex
	gen      int64
	cache    map[string]*samspil.SearchResult
	inflight map[string]*flight

	// passes caches the facet counts of one set of clauses at one index
	// generation: searches that differ only in a facet value (the same
	// words in another municipality) share their other facets' passes.
	passMu  sync.Mutex
	passGen int64
	passes  map[string]*passCounts
}

// passCounts is one counting pass: the exact number of matches, whether
// the facet counts were scaled from a sample, and every facet's counts.
type passCounts struct {
	total     int
	estimated bool
	facets    map[string]map[string]int
}

// maxCachedPasses bounds the pass cache of one generation.
const maxCachedPasses = 2048

type flight struct {
	done chan struct{}
	res  *samspil.SearchResult
	err  error
}

// maxCached bounds the cached results of one generation.
const maxCachedResults = 1024

// exactMatchLimit: up to this many matches every one is ranked.
const exactMatchLimit = 1000

// tierLimit is how many candidates each tier gives a larger result set.
const tierLimit = 300

func (d *DB) searchRef(ctx context.Context) (*searchState, error) {
	s := &d.srch
	var err error
	s.once.Do(func() {
		s.munis = map[string]*samspil.Municipality{}
		s.regions = map[string]bool{}
		ms := d.opts.Municipalities
		if len(ms) == 0 {
			ms, err = d.FindMunicipalities(ctx)
		}
		for _, m := range ms {
			s.munis[m.Code] = m
			s.regions[m.RegionCode] = true
		}
		for _, r := range d.opts.Regions {
			s.regions[r.Code] = true
		}
	})
	if err != nil {
		s.once = sync.Once{}
		return nil, err
	}
	return s, nil
}

// alt is one alternative of a clause: a token or a token prefix.
type alt struct {
	tok    string
	prefix bool
}

// clause matches a document with any of its alternatives.
type clause []alt

// matchExpr writes clauses as an FTS5 query (SQLite) or a tsquery.
func (d *dialect) matchExpr(cls []clause) string {
	var b strings.Builder
	for i, cl := range cls {
		if i > 0 {
			if d.name == DialectSQLite {
				b.WriteString(" AND ")
			} else {
				b.WriteString(" & ")
			}
		}
		b.WriteByte('(')
		for j, a := range cl {
			if j > 0 {
				if d.name == DialectSQLite {
					b.WriteString(" OR ")
				} else {
					b.WriteString(" | ")
				}
			}
			if d.name == DialectSQLite {
				b.WriteString(`"` + a.tok + `"`)
				if a.prefix {
					b.WriteByte('*')
				}
			} else {
				b.WriteString(`'` + a.tok + `'`)
				if a.prefix {
					b.WriteString(":*")
				}
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// matchCond returns the WHERE condition on search_docs d for clauses, with
// its argument; order and limit (SQLite) bound the FTS5 side.
func (d *dialect) matchCond(cls []clause, limit int) (string, []any) {
	if len(cls) == 0 {
		return "1 = 1", nil
	}
	expr := d.matchExpr(cls)
	if d.name == DialectSQLite {
		if limit > 0 {
			return "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid LIMIT ?)", []any{expr, limit}
		}
		return "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)", []any{expr}
	}
	if limit > 0 {
		return "d.id IN (SELECT id FROM search_docs WHERE tsv @@ ?::tsquery ORDER BY id LIMIT ?)", []any{expr, limit}
	}
	return "d.tsv @@ ?::tsquery", []any{expr}
}

func termClause(t textsearch.Term, prefix string) clause {
	var cl clause
	for _, tok := range t.Tokens {
		cl = append(cl, alt{tok: prefix + tok})
	}
	for _, p := range t.Prefixes {
		cl = append(cl, alt{tok: prefix + p, prefix: true})
	}
	return cl
}

func facetClause(letter byte, values []string) clause {
	var cl clause
	for _, v := range values {
		cl = append(cl, alt{tok: textsearch.FacetToken(letter, v)})
	}
	return cl
}

// searchPlan is a validated query turned into clauses.
type searchPlan struct {
	q        samspil.SearchQuery
	text     textsearch.Query
	terms    []clause        // one per text term
	titles   []clause        // the same, on title tokens
	fixed    []clause        // OpenOnly, distance
	facets   map[byte]clause // facet filters
	near     *samspil.Municipality
	within   map[string]bool    // municipalities in the radius; nil without one
	dist     map[string]float64 // km from near, per municipality
	sort     string
	offset   int
	limit    int
	onlyLive bool
	gen      int64 // the index generation the search runs at (pass cache key)
}

// all returns every clause but the facet filter of skip (0: none).
func (p *searchPlan) all(skip byte) []clause {
	cls := append(append([]clause{}, p.terms...), p.fixed...)
	for _, f := range facetNames {
		if cl, ok := p.facets[f.letter]; ok && f.letter != skip {
			cls = append(cls, cl)
		}
	}
	return cls
}

// trivial reports whether clauses need no pass: no clause but OpenOnly.
func (p *searchPlan) trivial(skip byte) bool {
	if len(p.terms) > 0 || p.within != nil {
		return false
	}
	for l := range p.facets {
		if l != skip {
			return false
		}
	}
	return true
}

func (d *DB) plan(ctx context.Context, q samspil.SearchQuery) (*searchPlan, error) {
	ref, err := d.searchRef(ctx)
	if err != nil {
		return nil, err
	}
	var v samspil.Validation
	q.Text = strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(q.Text) > samspil.MaxQueryLen {
		v.Add("q", "search.query.too_long", "the search text is too long", map[string]any{"Max": samspil.MaxQueryLen})
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Page < 1 || q.Page > samspil.MaxSearchPage {
		v.Add("page", "search.page.invalid", "the page must be a number from 1 to 1000", map[string]any{"Max": samspil.MaxSearchPage})
	}
	if q.PerPage < 0 || q.PerPage > samspil.MaxPageSize {
		v.Add("per_page", "search.per_page.invalid", "the page size must be a number from 1 to 100", map[string]any{"Max": samspil.MaxPageSize})
	}
	if q.PerPage == 0 {
		q.PerPage = samspil.DefaultPageSize
	}
	p := &searchPlan{q: q, facets: map[byte]clause{}, onlyLive: q.OpenOnly}
	p.offset, p.limit = (q.Page-1)*q.PerPage, q.PerPage

	check := func(field, key, msg string, values []string, ok func(string) bool) {
		for _, s := range values {
			if !ok(s) {
				v.Add(field, key, msg, map[string]any{"Value": s})
				return
			}
		}
	}
	var types []string
	for _, t := range q.Types {
		types = append(types, string(t))
	}
	check("type", "search.type.invalid", "unknown document type", types, func(s string) bool { return slices.Contains(samspil.SearchTypes, samspil.SearchType(s)) })
	check("kind", "search.kind.invalid", "unknown kind", q.Kinds, func(s string) bool {
		// cases and guide chapters have their collaboration model as kind
		return samspil.OrgKind(s).Valid() || samspil.OpportunityKind(s).Valid() || samspil.CollaborationModel(s).Valid()
	})
	check("region", "search.region.unknown", "unknown region", q.Regions, func(s string) bool { return ref.regions[s] })
	check("municipality", "search.municipality.unknown", "unknown municipality", q.Municipalities, func(s string) bool { return ref.munis[s] != nil })
	check("sector", "search.sector.invalid", "a sector is a letter from A to U", q.Sectors, func(s string) bool {
		return len(s) == 1 && s[0] >= 'A' && s[0] <= 'U'
	})
	check("cpv", "search.cpv.invalid", "a CPV division has two digits", q.CPVDivisions, func(s string) bool {
		return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
	})
	if len(q.TargetGroups) > 0 {
		groups, err := targetGroupCodes(d.read(ctx))
		if err != nil {
			return nil, err
		}
		check("target_group", "search.target_group.unknown", "unknown target group", q.TargetGroups, func(s string) bool { return groups[s] })
	}
	if q.Near != "" {
		if p.near = ref.munis[q.Near]; p.near == nil {
			v.Add("near", "search.near.unknown", "unknown municipality", map[string]any{"Value": q.Near})
		}
	}
	switch {
	case q.RadiusKm < 0 || q.RadiusKm > samspil.MaxSearchRadiusKm:
		v.Add("radius_km", "search.radius.invalid", "the distance must be a whole number of kilometres from 0 to 500", map[string]any{"Max": samspil.MaxSearchRadiusKm})
	case q.RadiusKm > 0 && q.Near == "":
		v.Add("radius_km", "search.radius.near_required", "choose the municipality the distance is measured from", nil)
	}
	p.text = textsearch.Parse(q.Text)
	p.sort = q.Sort
	switch p.sort {
	case "":
		p.sort = samspil.SortName
		if !p.text.Empty() {
			p.sort = samspil.SortRelevance
		}
	case samspil.SortRelevance, samspil.SortName, samspil.SortNewest:
	case samspil.SortNearest:
		if q.Near == "" {
			v.Add("sort", "search.sort.near_required", "choose the municipality to sort by distance from", nil)
		}
	default:
		v.Add("sort", "search.sort.invalid", "unknown sort order", nil)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if p.sort == samspil.SortRelevance && p.text.Empty() {
		p.sort = samspil.SortName
	}

	for _, t := range p.text.Terms {
		p.terms = append(p.terms, termClause(t, ""))
		p.titles = append(p.titles, termClause(t, textsearch.TitlePrefix))
	}
	if q.OpenOnly {
		p.fixed = append(p.fixed, clause{{tok: textsearch.FacetToken(facetLive, "1")}})
	}
	if p.near != nil {
		p.dist = map[string]float64{}
		for code, m := range ref.munis {
			p.dist[code] = refdata.Haversine(p.near.Lat, p.near.Lon, m.Lat, m.Lon)
		}
		if q.RadiusKm > 0 {
			p.within = map[string]bool{}
			var in []string
			for code, km := range p.dist {
				if km <= float64(q.RadiusKm) {
					p.within[code] = true
					in = append(in, code)
				}
			}
			slices.Sort(in)
			p.fixed = append(p.fixed, facetClause(facetMunicipality, in))
		}
	}
	set := func(letter byte, values []string) {
		if len(values) > 0 {
			p.facets[letter] = facetClause(letter, values)
		}
	}
	set(facetType, types)
	set(facetKind, q.Kinds)
	set(facetRegion, q.Regions)
	set(facetMunicipality, q.Municipalities)
	set(facetSector, q.Sectors)
	set(facetCPV, q.CPVDivisions)
	set(facetTargetGroup, q.TargetGroups)
	if q.RSVOnly {
		p.facets[facetRSV] = clause{{tok: textsearch.FacetToken(facetRSV, "1")}}
	}
	return p, nil
}

// cacheKey identifies a planned query in the result cache.
func (p *searchPlan) cacheKey() string {
	q := p.q
	q.Text = p.text.String() // the terms as searched: equal texts share an entry
	q.Sort = p.sort
	return q.Encode() + "&page=" + strconv.Itoa(q.Page) + "&per=" + strconv.Itoa(q.PerPage)
}

// Search runs q. See samspil.SearchService; how it works is described at
// the top of this file.
func (d *DB) Search(ctx context.Context, q samspil.SearchQuery) (*samspil.SearchResult, error) {
	p, err := d.plan(ctx, q)
	if err != nil {
		return nil, err
	}
	c := d.read(ctx)
	var gen int64
	if err := c.queryRow(`SELECT generation FROM search_state WHERE id = 1`).Scan(&gen); err != nil {
		return nil, internal("search generation", err)
	}
	p.gen = gen
	key := p.cacheKey()
	s := &d.srch
	s.mu.Lock()
	if s.gen != gen || s.cache == nil || len(s.cache) > maxCachedResults {
		s.gen, s.cache = gen, map[string]*samspil.SearchResult{}
	}
	if res, ok := s.cache[key]; ok {
		s.mu.Unlock()
		return copyResult(res), nil
	}
	fkey := strconv.FormatInt(gen, 10) + " " + key
	if s.inflight == nil {
		s.inflight = map[string]*flight{}
	}
	if f, ok := s.inflight[fkey]; ok {
		s.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err != nil {
			return nil, f.err
		}
		return copyResult(f.res), nil
	}
	f := &flight{done: make(chan struct{})}
	s.inflight[fkey] = f
	s.mu.Unlock()

	f.res, f.err = d.search(c, p)
	s.mu.Lock()
	delete(s.inflight, fkey)
	if f.err == nil && s.gen == gen {
		s.cache[key] = f.res
	}
	s.mu.Unlock()
	close(f.done)
	if f.err != nil {
		return nil, f.err
	}
	return copyResult(f.res), nil
}

// copyResult copies a cached result so callers may change theirs.
func copyResult(r *samspil.SearchResult) *samspil.SearchResult {
	out := *r
	out.Items = slices.Clone(r.Items)
	out.Facets = make(map[string]map[string]int, len(r.Facets))
	for k, m := range r.Facets {
		out.Facets[k] = maps.Clone(m)
	}
	return &out
}

func (d *DB) search(c conn, p *searchPlan) (*samspil.SearchResult, error) {
	res := &samspil.SearchResult{Items: []samspil.SearchHit{}, Page: p.q.Page, PerPage: p.limit}
	var err error
	if res.Total, res.Facets, res.FacetsEstimated, err = d.facetCounts(c, p); err != nil {
		return nil, err
	}
	if res.Total == 0 || p.offset >= res.Total {
		return res, nil
	}
	if res.Items, err = d.page(c, p, res.Total); err != nil {
		return nil, err
	}
	return res, nil
}

// facetCounter counts facet tokens into result facets.
type facetCounter struct {
	facets map[string]map[string]int
	only   byte // count only this facet (0: every facet not in skip)
	skip   map[byte]clause
}

func facetName(letter byte) string {
	for _, f := range facetNames {
		if f.letter == letter {
			return f.name
		}
	}
	return ""
}

// add counts one facet token n times.
func (fc *facetCounter) add(tok string, n int) {
	if len(tok) < 3 || tok[1] != '_' || n <= 0 {
		return
	}
	l := tok[0]
	if fc.only != 0 && l != fc.only {
		return
	}
	if fc.only == 0 {
		if _, active := fc.skip[l]; active {
			return
		}
	}
	name := facetName(l)
	if name == "" {
		return
	}
	val := tok[2:]
	switch l {
	case facetSector:
		val = strings.ToUpper(val)
	case facetRSV:
		val = "true"
	}
	m := fc.facets[name]
	if m == nil {
		m = map[string]int{}
		fc.facets[name] = m
	}
	m[val] += n
}

// facetCounts returns the total and the facet counts of p.
func (d *DB) facetCounts(c conn, p *searchPlan) (int, map[string]map[string]int, bool, error) {
	estimated := false
	facets := map[string]map[string]int{}
	for _, f := range facetNames {
		facets[f.name] = map[string]int{}
	}
	total := 0
	// Every facet without a filter, and the total: documents matching all.
	main := &facetCounter{facets: facets, skip: p.facets}
	if tokens := p.pairable(); tokens != nil {
		n, err := d.countsFromPairs(c, p.onlyLive, tokens, main)
		if err != nil {
			return 0, nil, false, err
		}
		total = n
	} else if p.trivial(0) {
		n, err := d.countsFromTable(c, p.onlyLive, main)
		if err != nil {
			return 0, nil, false, err
		}
		total = n
	} else {
		n, est, err := d.countPass(c, p, p.all(0), main)
		if err != nil {
			return 0, nil, false, err
		}
		total = n
		estimated = estimated || est
	}
	// Each facet with a filter: documents matching all other clauses.
	for _, f := range facetNames {
		if _, ok := p.facets[f.letter]; !ok {
			continue
		}
		fc := &facetCounter{facets: facets, only: f.letter}
		var err error
		if p.trivial(f.letter) {
			_, err = d.countsFromTable(c, p.onlyLive, fc)
		} else {
			var est bool
			_, est, err = d.countPass(c, p, p.all(f.letter), fc)
			estimated = estimated || est
		}
		if err != nil {
			return 0, nil, false, err
		}
	}
	return total, facets, estimated, nil
}

// pairable returns the facet tokens of the one filtered facet when the
// counts can come from search_pairs: no text, no distance, one facet
// filtered, and either one value or a facet a document has one value of
// (so the pairs of different values never count a document twice).
func (p *searchPlan) pairable() []string {
	if len(p.terms) > 0 || p.within != nil || len(p.facets) != 1 {
		return nil
	}
	for letter, cl := range p.facets {
		single := letter == facetType || letter == facetKind || letter == facetRegion || letter == facetMunicipality || letter == facetRSV
		if len(cl) > 1 && !single {
			return nil
		}
		toks := make([]string, len(cl))
		for i, a := range cl {
			toks[i] = a.tok
		}
		return toks
	}
	return nil
}

// countsFromPairs counts the documents having any of tokens (one facet's
// values) and, per other facet token, the documents having it too.
func (d *DB) countsFromPairs(c conn, live bool, tokens []string, fc *facetCounter) (int, error) {
	col := "n"
	if live {
		col = "n_live"
	}
	args := make([]any, len(tokens))
	for i, t := range tokens {
		args[i] = t
	}
	in := placeholders(len(tokens))
	total := 0
	rows, err := c.query(`SELECT `+col+` FROM search_counts WHERE token IN (`+in+`)`, args...)
	if err != nil {
		return 0, internal("search counts", err)
	}
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, internal("search counts", err)
		}
		total += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, internal("search counts", err)
	}
	rows, err = c.query(`SELECT b, `+col+` FROM search_pairs WHERE a IN (`+in+`) AND `+col+` > 0`, args...)
	if err != nil {
		return 0, internal("search pair counts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tok string
		var n int
		if err := rows.Scan(&tok, &n); err != nil {
			return 0, internal("search pair counts", err)
		}
		fc.add(tok, n)
	}
	return total, rows.Err()
}

// countsFromTable reads the stored counts of every document (or every
// live one) and returns the number of documents.
func (d *DB) countsFromTable(c conn, live bool, fc *facetCounter) (int, error) {
	col := "n"
	if live {
		col = "n_live"
	}
	rows, err := c.query(`SELECT token, ` + col + ` FROM search_counts WHERE ` + col + ` > 0`)
	if err != nil {
		return 0, internal("search counts", err)
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var tok string
		var n int
		if err := rows.Scan(&tok, &n); err != nil {
			return 0, internal("search counts", err)
		}
		if tok == allToken {
			total = n
			continue
		}
		fc.add(tok, n)
	}
	return total, rows.Err()
}

// countPass counts the facet tokens of the documents matching cls and
// returns their number.
func (d *DB) countPass(c conn, p *searchPlan, cls []clause, fc *facetCounter) (n int, estimated bool, err error) {
	pc, err := d.passFor(c, p.gen, cls)
	if err != nil {
		return 0, false, err
	}
	for _, f := range facetNames {
		if fc.only != 0 && f.letter != fc.only {
			continue
		}
		if _, active := fc.skip[f.letter]; fc.only == 0 && active {
			continue
		}
		for v, k := range pc.facets[f.name] {
			fc.facets[f.name][v] += k
		}
	}
	return pc.total, pc.estimated, nil
}

// passFor returns the counts of every facet over the documents matching
// cls, from the pass cache when this generation already counted them.
func (d *DB) passFor(c conn, gen int64, cls []clause) (*passCounts, error) {
	if gen < 0 {
		return d.countFresh(c, cls)
	}
	key := d.d.matchExpr(cls)
	s := &d.srch
	s.passMu.Lock()
	if s.passGen != gen || s.passes == nil || len(s.passes) > maxCachedPasses {
		s.passGen, s.passes = gen, map[string]*passCounts{}
	}
	pc, ok := s.passes[key]
	s.passMu.Unlock()
	if ok {
		return pc, nil
	}
	pc, err := d.countFresh(c, cls)
	if err != nil {
		return nil, err
	}
	s.passMu.Lock()
	if s.passGen == gen {
		s.passes[key] = pc
	}
	s.passMu.Unlock()
	return pc, nil
}

// countFresh counts one pass without the cache.
func (d *DB) countFresh(c conn, cls []clause) (*passCounts, error) {
	// Count the facets of at most facetSampleLimit documents; when more
	// match, count them exactly in the index alone (no row visits) and
	// scale the sample's facet counts up to that number.
	sample := &facetCounter{facets: map[string]map[string]int{}}
	for _, f := range facetNames {
		sample.facets[f.name] = map[string]int{}
	}
	n, err := d.countSample(c, cls, sample, facetSampleLimit)
	if err != nil {
		return nil, err
	}
	pc := &passCounts{total: n, facets: sample.facets}
	if n >= facetSampleLimit {
		if pc.total, err = d.countMatches(c, cls); err != nil {
			return nil, err
		}
	}
	if pc.estimated = pc.total > n; pc.estimated {
		for _, vals := range pc.facets {
			for v, k := range vals {
				// Round to the nearest whole document, but never show a
				// value that occurs as absent.
				vals[v] = max(int((int64(k)*int64(pc.total)+int64(n)/2)/int64(n)), 1)
			}
		}
	}
	return pc, nil
}

// facetSampleLimit bounds the documents whose facet tokens one count pass
// reads. A variable so tests can make it small.
var facetSampleLimit = 3000

// countMatches counts the documents matching every clause from the text
// index alone.
func (d *DB) countMatches(c conn, cls []clause) (int, error) {
	if len(cls) == 0 {
		var n int
		if err := c.queryRow(`SELECT count(*) FROM search_docs`).Scan(&n); err != nil {
			return 0, internal("search count", err)
		}
		return n, nil
	}
	expr := d.d.matchExpr(cls)
	q := `SELECT count(*) FROM search_fts WHERE search_fts MATCH ?`
	if d.d.name != DialectSQLite {
		q = `SELECT count(*) FROM search_docs WHERE tsv @@ ?::tsquery`
	}
	var n int
	if err := c.queryRow(q, expr).Scan(&n); err != nil {
		return 0, internal("search count", err)
	}
	return n, nil
}

// countSample adds the facet tokens of up to limit documents matching cls
// (the first in index order) to fc and returns how many it read.
func (d *DB) countSample(c conn, cls []clause, fc *facetCounter, limit int) (int, error) {
	cond, args := d.d.matchCond(cls, limit)
	q := `SELECT d.facets FROM search_docs d WHERE ` + cond
	if d.d.name == DialectSQLite {
		q = `SELECT d.facets FROM search_facets d WHERE ` + cond
	}
	rows, err := c.query(q, args...)
	if err != nil {
		return 0, internal("search facets", err)
	}
	defer rows.Close()
	n := 0
	var raw sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&raw); err != nil {
			return 0, internal("search facets", err)
		}
		n++
		s := raw
		for len(s) > 0 {
			i := 0
			for i < len(s) && s[i] != ' ' {
				i++
			}
			if i > 0 {
				fc.addBytes(s[:i])
			}
			if i < len(s) {
				i++
			}
			s = s[i:]
		}
	}
	return n, rows.Err()
}

// addBytes is add for a token in a scan buffer, without allocating for
// tokens it does not count.
func (fc *facetCounter) addBytes(tok []byte) {
	if len(tok) < 3 || tok[1] != '_' {
		return
	}
	l := tok[0]
	if fc.only != 0 && l != fc.only {
		return
	}
	if fc.only == 0 {
		if _, active := fc.skip[l]; active {
			return
		}
	}
	if l == facetLive {
		return
	}
	fc.add(string(tok), 1)
}

// hitColumns are read for every hit, in scanHit's order.
const hitColumns = `d.id, d.doc_type, d.ref_id, d.title, d.snippet, d.name_key, d.kind, d.municipality_code, d.rsv, d.status, d.updated_at`

type hitRow struct {
	hit     samspil.SearchHit
	docID   int64
	nameKey string
	tokens  string
}

func (d *DB) hits(c conn, query string, withTokens bool, args ...any) ([]*hitRow, error) {
	cols := hitColumns
	if withTokens {
		cols += ", d.tokens"
	}
	rows, err := c.query(`SELECT `+cols+` FROM search_docs d WHERE `+query, args...)
	if err != nil {
		return nil, internal("search hits", err)
	}
	defer rows.Close()
	var out []*hitRow
	for rows.Next() {
		h := &hitRow{}
		var typ string
		dest := []any{&h.docID, &typ, &h.hit.ID, &h.hit.Title, &h.hit.Snippet, &h.nameKey, &h.hit.Kind,
			&h.hit.MunicipalityCode, &h.hit.RSVRegistered, &h.hit.Status, timeScanner{&h.hit.UpdatedAt}}
		if withTokens {
			dest = append(dest, &h.tokens)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, internal("search hits", err)
		}
		h.hit.Type = samspil.SearchType(typ)
		out = append(out, h)
	}
	return out, rows.Err()
}

// page returns the hits of p's page.
func (d *DB) page(c conn, p *searchPlan, total int) ([]samspil.SearchHit, error) {
	cls := p.all(0)
	text := !p.text.Empty()
	var rows []*hitRow
	var err error
	switch {
	case p.sort == samspil.SortRelevance && (total <= exactMatchLimit || p.offset+p.limit <= tierLimit):
		rows, err = d.relevance(c, p, cls, total)
		if err == nil {
			end := min(p.offset+p.limit, len(rows))
			if p.offset < end {
				rows = rows[p.offset:end]
			} else {
				rows = nil
			}
		}
	case p.sort == samspil.SortRelevance:
		// Deep pages of a large result: index order, after the ranked ones.
		cond, args := d.d.matchCond(cls, 0)
		rows, err = d.hits(c, cond+` ORDER BY d.id LIMIT ? OFFSET ?`, text, append(args, p.limit, p.offset)...)
	default:
		cond, args := d.d.matchCond(cls, 0)
		if col, cargs, ok := p.columnCond(); ok && p.indexedOrder() {
			// A browse whose filters are columns: an index of search_docs
			// (one facet value, then the sort) gives the page directly,
			// where the text index would give every match to sort.
			cond, args = col, cargs
		}
		rows, err = d.hits(c, cond+` ORDER BY `+p.order()+` LIMIT ? OFFSET ?`, text, append(args, p.limit, p.offset)...)
	}
	if err != nil {
		return nil, err
	}
	out := make([]samspil.SearchHit, len(rows))
	for i, h := range rows {
		if text && h.hit.Score == 0 {
			h.hit.Score = score(p.text, h.tokens)
		}
		if p.near != nil {
			if km, ok := p.dist[h.hit.MunicipalityCode]; ok {
				km = math.Round(km*10) / 10
				h.hit.DistanceKm = &km
			}
		}
		out[i] = h.hit
	}
	return out, nil
}

// columnCond returns p's filters as conditions on search_docs columns,
// when there is no text and every filter is on a facet a document has one
// value of (type, kind, region, municipality, RSV, open, distance).
func (p *searchPlan) columnCond() (string, []any, bool) {
	if len(p.terms) > 0 {
		return "", nil, false
	}
	var conds []string
	var args []any
	in := func(col string, letter byte, cl clause) {
		conds = append(conds, col+" IN ("+placeholders(len(cl))+")")
		for _, a := range cl {
			args = append(args, a.tok[2:]) // the value after "m_"
		}
		_ = letter
	}
	for letter, cl := range p.facets {
		switch letter {
		case facetType:
			in("d.doc_type", letter, cl)
		case facetKind:
			in("d.kind", letter, cl)
		case facetRegion:
			in("d.region_code", letter, cl)
		case facetMunicipality:
			in("d.municipality_code", letter, cl)
		case facetRSV:
			conds = append(conds, "d.rsv = ?")
			args = append(args, true)
		default:
			return "", nil, false
		}
	}
	if p.within != nil {
		codes := slices.Sorted(maps.Keys(p.within))
		conds = append(conds, "d.municipality_code IN ("+placeholders(len(codes))+")")
		for _, c := range codes {
			args = append(args, c)
		}
	}
	if p.onlyLive {
		conds = append(conds, "d.live = ?")
		args = append(args, true)
	}
	if len(conds) == 0 {
		return "1 = 1", nil, true
	}
	return strings.Join(conds, " AND "), args, true
}

// indexedOrder reports whether an index of search_docs serves p's sort
// for its filters: name order for any one-value column filter, date order
// for the type (and open) filter of the board.
func (p *searchPlan) indexedOrder() bool {
	switch p.sort {
	case samspil.SortName:
		return true
	case samspil.SortNewest:
		_, typed := p.facets[facetType]
		return len(p.facets) == 1 && typed && len(p.facets[facetType]) == 1 && p.within == nil
	}
	return false
}

// order is the ORDER BY of the non-relevance sorts.
func (p *searchPlan) order() string {
	switch p.sort {
	case samspil.SortNewest:
		return "d.created_at DESC, d.id DESC"
	case samspil.SortNearest:
		codes := slices.Sorted(maps.Keys(p.dist))
		var b strings.Builder
		b.WriteString("CASE d.municipality_code")
		for _, code := range codes {
			if !allDigitCode(code) {
				continue
			}
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", code, int64(p.dist[code]*1000))
		}
		b.WriteString(" ELSE 100000000 END, d.name_key, d.id")
		return b.String()
	}
	return "d.name_key, d.id"
}

func allDigitCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// relevance returns the ranked candidates of a text query: every match
// when there are few, otherwise the first tierLimit matches in the title
// and anywhere.
func (d *DB) relevance(c conn, p *searchPlan, cls []clause, total int) ([]*hitRow, error) {
	var rows []*hitRow
	if total <= exactMatchLimit {
		cond, args := d.d.matchCond(cls, 0)
		var err error
		if rows, err = d.hits(c, cond, true, args...); err != nil {
			return nil, err
		}
	} else {
		titleCls := append(append([]clause{}, p.titles...), cls[len(p.terms):]...)
		seen := map[int64]bool{}
		for _, tier := range [][]clause{titleCls, cls} {
			cond, args := d.d.matchCond(tier, tierLimit)
			got, err := d.hits(c, cond, true, args...)
			if err != nil {
				return nil, err
			}
			for _, h := range got {
				if !seen[h.docID] {
					seen[h.docID] = true
					rows = append(rows, h)
				}
			}
		}
	}
	for _, h := range rows {
		h.hit.Score = score(p.text, h.tokens)
	}
	slices.SortFunc(rows, func(a, b *hitRow) int {
		if a.hit.Score != b.hit.Score {
			if a.hit.Score > b.hit.Score {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.nameKey, b.nameKey); c != 0 {
			return c
		}
		return int(a.docID - b.docID)
	})
	return rows, nil
}

// score ranks a document for a text query from its stored tokens. Per
// term: 3 for its exact stem in the title or 1.5 for a compound part or
// prefix there, plus half of 1 (exact) or 0.5 (part, prefix) for the text.
// When every term is in the title, 1 more and a little more for a short
// title (a name that is just the words searched for).
func score(q textsearch.Query, tokens string) float64 {
	padded := " " + tokens + " "
	has := func(prefix string) func(string) bool {
		return func(tok string) bool { return strings.Contains(padded, " "+prefix+tok+" ") }
	}
	hasPrefix := func(prefix string) func(string) bool {
		return func(p string) bool { return strings.Contains(padded, " "+prefix+p) }
	}
	s := 0.0
	allTitle := true
	for _, t := range q.Terms {
		switch t.Match(has(textsearch.TitlePrefix), hasPrefix(textsearch.TitlePrefix)) {
		case 2:
			s += 3
		case 1:
			s += 1.5
		default:
			allTitle = false
		}
		switch t.Match(has(""), hasPrefix("")) {
		case 2:
			s += 0.5
		case 1:
			s += 0.25
		}
	}
	if allTitle && len(q.Terms) > 0 {
		s++
		titleToks := strings.Count(padded, " "+textsearch.TitlePrefix)
		s += 1 / float64(1+titleToks)
	}
	return math.Round(s*1000) / 1000
}

// Suggest returns up to limit titles matching the words typed so far, the
// last one as a prefix: names that start with the text first, then others
// in name order. Only organisations and open opportunities are suggested.
func (d *DB) Suggest(ctx context.Context, prefix string, limit int) ([]samspil.Suggestion, error) {
	out := []samspil.Suggestion{}
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, 20)
	if utf8.RuneCountInString(prefix) > samspil.MaxQueryLen {
		return nil, invalid("q", "search.query.too_long", "the search text is too long")
	}
	q := textsearch.Parse(prefix)
	var cls []clause
	for _, t := range q.Terms {
		if !t.Partial {
			cls = append(cls, termClause(t, textsearch.TitlePrefix))
			continue
		}
		var cl clause
		for _, w := range []string{t.Word, t.Stem} {
			if utf8.RuneCountInString(w) >= 2 {
				cl = append(cl, alt{tok: textsearch.TitlePrefix + w, prefix: true})
			}
		}
		if len(cl) == 0 {
			if len(q.Terms) == 1 {
				return out, nil // one letter: too little to suggest from
			}
			continue
		}
		cls = append(cls, cl)
	}
	if len(cls) == 0 {
		return out, nil
	}
	cls = append(cls, clause{{tok: textsearch.FacetToken(facetLive, "1")}})
	c := d.read(ctx)
	// Names that start with the text, from the name index; then names
	// with the words anywhere, from the text index.
	start := nameKey(prefix)
	rows, err := d.hits(c, `d.name_key >= ? AND d.name_key < ? AND d.live = ? ORDER BY d.name_key, d.id LIMIT ?`, false,
		start, start+"\U0010FFFF", true, limit)
	if err != nil {
		return nil, err
	}
	if len(rows) < limit {
		cond, args := d.d.matchCond(cls, 200)
		more, err := d.hits(c, cond, false, args...)
		if err != nil {
			return nil, err
		}
		seen := map[int64]bool{}
		for _, h := range rows {
			seen[h.docID] = true
		}
		for _, h := range more {
			if !seen[h.docID] {
				rows = append(rows, h)
			}
		}
	}
	slices.SortFunc(rows, func(a, b *hitRow) int {
		as, bs := strings.HasPrefix(a.nameKey, start), strings.HasPrefix(b.nameKey, start)
		if as != bs {
			if as {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.nameKey, b.nameKey); c != 0 {
			return c
		}
		return int(a.docID - b.docID)
	})
	for _, h := range rows[:min(limit, len(rows))] {
		out = append(out, samspil.Suggestion{Type: h.hit.Type, ID: h.hit.ID, Title: h.hit.Title, Kind: h.hit.Kind})
	}
	return out, nil
}
