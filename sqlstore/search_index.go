package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/textsearch"
)

// The search index: one row per document in search_docs, whatever its
// type, with the analysed tokens (package textsearch) and the facet tokens
// in one indexed text (FTS5 on SQLite, a GIN-indexed tsvector on
// PostgreSQL). Every write of a searchable thing calls one of the hooks
// below inside its own transaction, so the index never lags the tables.
//
// Adding a document type (cases and guides in issue 4) takes: a function
// that builds a *searchDoc from the thing (see orgDoc, oppDoc), a call of
// t.putDocs (and t.removeDocs when documents go away) from its write paths, and a loop in
// RebuildSearchIndex. The search itself needs no change.

// Facet letters: the first byte of a facet token (textsearch.FacetToken).
const (
	facetType         = 'y'
	facetKind         = 'k'
	facetRegion       = 'r'
	facetMunicipality = 'm'
	facetSector       = 's'
	facetCPV          = 'c'
	facetTargetGroup  = 'g'
	facetRSV          = 'v'
	facetLive         = 'l' // not a facet people see: organisations and open opportunities (OpenOnly)
)

// facetNames maps facet letters to the names used in SearchResult.Facets
// and the URL, in the order results list them.
var facetNames = []struct {
	letter byte
	name   string
}{
	{facetType, samspil.FacetType},
	{facetKind, samspil.FacetKind},
	{facetRegion, samspil.FacetRegion},
	{facetMunicipality, samspil.FacetMunicipality},
	{facetSector, samspil.FacetSector},
	{facetCPV, samspil.FacetCPV},
	{facetTargetGroup, samspil.FacetTargetGroup},
	{facetRSV, samspil.FacetRSV},
}

// allToken counts every document in search_counts.
const allToken = "*"

// snippetLen is how much of a description a hit carries, in runes.
const snippetLen = 240

// searchDoc is one document of the index.
type searchDoc struct {
	Type         samspil.SearchType
	RefID        int64
	Title        string
	Snippet      string
	Kind         string
	Municipality string
	Region       string
	RSV          bool
	Status       string
	Live         bool
	Facets       []string // facet tokens
	Tokens       []string // textsearch tokens
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// place is what the index needs to know about a municipality.
type place struct {
	name, region, regionName string
}

// oppKindWords are Danish words for the opportunity kinds, indexed with
// each opportunity so "indkøb" or "mentor" finds them.
var oppKindWords = map[samspil.OpportunityKind]string{
	samspil.OppIndkobsbehov: "indkøbsbehov indkøb",
	samspil.OppJobbehov:     "jobbehov job",
	samspil.OppYdelse:       "ydelse tilbud",
	samspil.OppPartnerskab:  "partnerskab partnere",
	samspil.OppMentorTilbud: "mentortilbud mentor",
	samspil.OppMentorBehov:  "mentorbehov mentor",
}

// orgKindWords are Danish words for organisation kinds.
var orgKindWords = map[samspil.OrgKind]string{
	samspil.OrgSOV:        "socialøkonomisk virksomhed søv",
	samspil.OrgKommune:    "kommune",
	samspil.OrgVirksomhed: "virksomhed",
	samspil.OrgAndet:      "",
}

// orgDoc builds the document of an organisation.
func orgDoc(o *samspil.Organisation, p place, a *textsearch.Analyzer) *searchDoc {
	doc := &searchDoc{
		Type: samspil.SearchOrganisation, RefID: o.ID, Title: o.Name, Snippet: snippet(o.Description),
		Kind: string(o.Kind), Municipality: o.MunicipalityCode, Region: p.region, RSV: o.RSVRegistered, Live: true,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
	}
	body := strings.Join([]string{o.Description, o.City, p.name, p.regionName, o.CVR, orgKindWords[o.Kind]}, "\n")
	doc.Tokens = a.Analyze(o.Name, body)
	var f []string
	for _, s := range o.Sectors {
		f = append(f, textsearch.FacetToken(facetSector, s))
	}
	for _, c := range o.CPVCodes {
		if len(c) >= 2 {
			f = append(f, textsearch.FacetToken(facetCPV, c[:2]))
		}
	}
	for _, g := range o.TargetGroups {
		f = append(f, textsearch.FacetToken(facetTargetGroup, g))
	}
	doc.Facets = docFacets(doc, f)
	return doc
}

// oppDoc builds the document of an opportunity.
func oppDoc(o *samspil.Opportunity, p place, a *textsearch.Analyzer) *searchDoc {
	doc := &searchDoc{
		Type: samspil.SearchOpportunity, RefID: o.ID, Title: o.Title, Snippet: snippet(o.Description),
		Kind: string(o.Kind), Municipality: o.MunicipalityCode, Region: p.region, Status: string(o.Status),
		Live: o.Status == samspil.OppOpen, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
	}
	body := strings.Join([]string{o.Description, o.OrganisationName, p.name, p.regionName, oppKindWords[o.Kind]}, "\n")
	doc.Tokens = a.Analyze(o.Title, body)
	var f []string
	for _, c := range o.CPVCodes {
		if len(c) >= 2 {
			f = append(f, textsearch.FacetToken(facetCPV, c[:2]))
		}
	}
	for _, g := range o.TargetGroups {
		f = append(f, textsearch.FacetToken(facetTargetGroup, g))
	}
	doc.Facets = docFacets(doc, f)
	return doc
}

// docFacets adds the facet tokens every document has to the list ones and
// returns them sorted and unique.
func docFacets(doc *searchDoc, f []string) []string {
	f = append(f, textsearch.FacetToken(facetType, string(doc.Type)))
	if doc.Kind != "" {
		f = append(f, textsearch.FacetToken(facetKind, doc.Kind))
	}
	if doc.Municipality != "" {
		f = append(f, textsearch.FacetToken(facetMunicipality, doc.Municipality))
	}
	if doc.Region != "" {
		f = append(f, textsearch.FacetToken(facetRegion, doc.Region))
	}
	if doc.RSV {
		f = append(f, textsearch.FacetToken(facetRSV, "1"))
	}
	if doc.Live {
		f = append(f, textsearch.FacetToken(facetLive, "1"))
	}
	slices.Sort(f)
	return slices.Compact(f)
}

// snippet returns the start of a description, cut at a word boundary.
func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= snippetLen {
		return s
	}
	rs := []rune(s)[:snippetLen]
	cut := len(rs)
	for i := len(rs) - 1; i > snippetLen/2; i-- {
		if rs[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(rs[:cut]), " ,.;:-") + "…"
}

// placeOf reads a municipality's name and region inside t.
func placeOf(c conn, code string) (place, error) {
	var p place
	err := c.queryRow(`SELECT m.name, m.region_code, r.name FROM municipalities m JOIN regions r ON r.code = m.region_code WHERE m.code = ?`, code).
		Scan(&p.name, &p.region, &p.regionName)
	if errors.Is(err, sql.ErrNoRows) {
		return place{}, nil
	} else if err != nil {
		return place{}, internal("search index: municipality", err)
	}
	return p, nil
}

// places reads every municipality's place.
func places(c conn) (map[string]place, error) {
	rows, err := c.query(`SELECT m.code, m.name, m.region_code, r.name FROM municipalities m JOIN regions r ON r.code = m.region_code`)
	if err != nil {
		return nil, internal("search index: municipalities", err)
	}
	defer rows.Close()
	out := map[string]place{}
	for rows.Next() {
		var code string
		var p place
		if err := rows.Scan(&code, &p.name, &p.region, &p.regionName); err != nil {
			return nil, internal("search index: municipalities", err)
		}
		out[code] = p
	}
	return out, rows.Err()
}

// indexOrganisation writes o's document in the search index inside the
// same transaction as the change, so search never shows a half-written
// state.
func (t *wtx) indexOrganisation(o *samspil.Organisation) error {
	p, err := placeOf(t.conn, o.MunicipalityCode)
	if err != nil {
		return err
	}
	return t.putDocs([]*searchDoc{orgDoc(o, p, textsearch.NewAnalyzer())})
}

// indexOrganisations indexes a batch of new organisations (imports).
func (t *wtx) indexOrganisations(orgs []*samspil.Organisation) error {
	ps, err := places(t.conn)
	if err != nil {
		return err
	}
	a := textsearch.NewAnalyzer()
	for start := 0; start < len(orgs); start += 2000 {
		chunk := orgs[start:min(start+2000, len(orgs))]
		docs := make([]*searchDoc, len(chunk))
		for i, o := range chunk {
			docs[i] = orgDoc(o, ps[o.MunicipalityCode], a)
		}
		if err := t.putDocs(docs); err != nil {
			return err
		}
	}
	return nil
}

// indexOpportunity writes o's document in the search index inside t.
func (t *wtx) indexOpportunity(o *samspil.Opportunity) error {
	p, err := placeOf(t.conn, o.MunicipalityCode)
	if err != nil {
		return err
	}
	if o.OrganisationName == "" {
		if err := t.queryRow(`SELECT name FROM organisations WHERE id = ?`, o.OrganisationID).Scan(&o.OrganisationName); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return internal("search index: organisation name", err)
		}
	}
	return t.putDocs([]*searchDoc{oppDoc(o, p, textsearch.NewAnalyzer())})
}

// removeDocs deletes the documents of type typ with the given ids (those
// that exist) and subtracts their facets from counts.
func (t *wtx) removeDocs(typ samspil.SearchType, refs []int64, counts *tally) error {
	args := []any{string(typ)}
	for _, r := range refs {
		args = append(args, r)
	}
	rows, err := t.query(`SELECT id, facets, live FROM search_docs WHERE doc_type = ? AND ref_id IN (`+placeholders(len(refs))+`)`, args...)
	if err != nil {
		return internal("search index: find documents", err)
	}
	var ids []any
	for rows.Next() {
		var id int64
		var facets string
		var live bool
		if err := rows.Scan(&id, &facets, &live); err != nil {
			rows.Close()
			return internal("search index: find documents", err)
		}
		ids = append(ids, id)
		counts.doc(strings.Fields(facets), live, -1)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("search index: find documents", err)
	}
	if len(ids) == 0 {
		return nil
	}
	in := placeholders(len(ids))
	if t.d.name == DialectSQLite {
		if _, err := t.exec(`DELETE FROM search_fts WHERE rowid IN (`+in+`)`, ids...); err != nil {
			return internal("search index: delete", err)
		}
		if _, err := t.exec(`DELETE FROM search_facets WHERE id IN (`+in+`)`, ids...); err != nil {
			return internal("search index: delete", err)
		}
	}
	if _, err := t.exec(`DELETE FROM search_docs WHERE id IN (`+in+`)`, ids...); err != nil {
		return internal("search index: delete", err)
	}
	return nil
}

// tally collects changes to search_counts (per facet token, and allToken)
// and search_pairs (per ordered pair of facet tokens of one document), with
// tokens interned so a rebuild's hundred million pair updates stay cheap.
type tally struct {
	ids     map[string]uint32
	toks    []string
	single  map[uint32][2]int
	pair    map[uint64][2]int
	scratch []uint32
}

func newTally() *tally {
	return &tally{ids: map[string]uint32{}, single: map[uint32][2]int{}, pair: map[uint64][2]int{}}
}

func (ct *tally) id(tok string) uint32 {
	if id, ok := ct.ids[tok]; ok {
		return id
	}
	id := uint32(len(ct.toks))
	ct.ids[tok] = id
	ct.toks = append(ct.toks, tok)
	return id
}

// doc adds sign to the counts of a document's facet tokens and pairs.
func (ct *tally) doc(facets []string, live bool, sign int) {
	l := 0
	if live {
		l = sign
	}
	add := func(c [2]int) [2]int { return [2]int{c[0] + sign, c[1] + l} }
	all := ct.id(allToken)
	ct.single[all] = add(ct.single[all])
	ids := ct.scratch[:0]
	for _, f := range facets {
		if len(f) > 0 && f[0] == facetLive {
			continue // live is the n_live column, not a token of its own
		}
		id := ct.id(f)
		ct.single[id] = add(ct.single[id])
		ids = append(ids, id)
	}
	for _, a := range ids {
		for _, b := range ids {
			if a != b {
				k := uint64(a)<<32 | uint64(b)
				ct.pair[k] = add(ct.pair[k])
			}
		}
	}
	ct.scratch = ids
}

// putDocs replaces (or adds) documents, keeping search_counts and the
// generation up to date.
func (t *wtx) putDocs(docs []*searchDoc) error {
	if len(docs) == 0 {
		return nil
	}
	counts := newTally()
	byType := map[samspil.SearchType][]int64{}
	for _, doc := range docs {
		byType[doc.Type] = append(byType[doc.Type], doc.RefID)
	}
	for typ, refs := range byType {
		for start := 0; start < len(refs); start += 500 {
			if err := t.removeDocs(typ, refs[start:min(start+500, len(refs))], counts); err != nil {
				return err
			}
		}
	}
	ids, err := t.reserveIDs("search_docs", len(docs))
	if err != nil {
		return err
	}
	if err := t.insertDocs(docs, ids); err != nil {
		return err
	}
	for _, doc := range docs {
		counts.doc(doc.Facets, doc.Live, 1)
	}
	return t.applyCounts(counts)
}

// searchDocColumns are the columns insertDocs writes.
const searchDocColumns = "id, doc_type, ref_id, title, snippet, name_key, kind, municipality_code, region_code, rsv, status, live, facets, tokens, created_at, updated_at"

// insertDocs writes documents with the given ids, in multi-row INSERTs.
func (t *wtx) insertDocs(docs []*searchDoc, ids []int64) error {
	b := newBatch(t, "search_docs", searchDocColumns)
	var fts, fac *batch
	if t.d.name == DialectSQLite {
		fts = newBatch(t, "search_fts", "rowid, body")
		fac = newBatch(t, "search_facets", "id, facets")
	}
	for i, doc := range docs {
		tokens := strings.Join(doc.Tokens, " ")
		facets := strings.Join(doc.Facets, " ")
		err := b.add(ids[i], string(doc.Type), doc.RefID, doc.Title, doc.Snippet, nameKey(doc.Title), doc.Kind,
			doc.Municipality, doc.Region, doc.RSV, doc.Status, doc.Live, facets, tokens, t.d.ts(doc.CreatedAt), t.d.ts(doc.UpdatedAt))
		if err != nil {
			return err
		}
		if fts != nil {
			if err := fts.add(ids[i], tokens+" "+facets); err != nil {
				return err
			}
			if err := fac.add(ids[i], facets); err != nil {
				return err
			}
		}
	}
	for _, x := range []*batch{b, fts, fac} {
		if x == nil {
			continue
		}
		if err := x.flush(); err != nil {
			return err
		}
	}
	return nil
}

// applyCounts adds a tally to search_counts and search_pairs (in key
// order, so concurrent PostgreSQL writers take row locks in the same order)
// and moves the generation on.
func (t *wtx) applyCounts(ct *tally) error {
	type row struct {
		a, b string
		c    [2]int
	}
	var singles, pairs []row
	for id, c := range ct.single {
		if c != [2]int{} {
			singles = append(singles, row{a: ct.toks[id], c: c})
		}
	}
	for k, c := range ct.pair {
		if c != [2]int{} {
			pairs = append(pairs, row{a: ct.toks[k>>32], b: ct.toks[uint32(k)], c: c})
		}
	}
	cmp := func(x, y row) int {
		if c := strings.Compare(x.a, y.a); c != 0 {
			return c
		}
		return strings.Compare(x.b, y.b)
	}
	slices.SortFunc(singles, cmp)
	slices.SortFunc(pairs, cmp)
	for start := 0; start < len(singles); start += 500 {
		chunk := singles[start:min(start+500, len(singles))]
		args := make([]any, 0, 3*len(chunk))
		for _, r := range chunk {
			args = append(args, r.a, r.c[0], r.c[1])
		}
		_, err := t.exec(`INSERT INTO search_counts (token, n, n_live) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(chunk)), ", ")+`
			ON CONFLICT (token) DO UPDATE SET n = search_counts.n + excluded.n, n_live = search_counts.n_live + excluded.n_live`, args...)
		if err != nil {
			return internal("search index: counts", err)
		}
	}
	for start := 0; start < len(pairs); start += 500 {
		chunk := pairs[start:min(start+500, len(pairs))]
		args := make([]any, 0, 4*len(chunk))
		for _, r := range chunk {
			args = append(args, r.a, r.b, r.c[0], r.c[1])
		}
		_, err := t.exec(`INSERT INTO search_pairs (a, b, n, n_live) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", ")+`
			ON CONFLICT (a, b) DO UPDATE SET n = search_pairs.n + excluded.n, n_live = search_pairs.n_live + excluded.n_live`, args...)
		if err != nil {
			return internal("search index: pair counts", err)
		}
	}
	if _, err := t.exec(`UPDATE search_state SET generation = generation + 1 WHERE id = 1`); err != nil {
		return internal("search index: generation", err)
	}
	return nil
}

// RebuildSearchIndex builds every search document again from the tables,
// in large batches, and records the textsearch.Version it was built with.
// The bulk loader calls it after a load; Open (SQLite) and Migrate call it
// when the stored version differs from the running one. Writers wait while
// it runs (one transaction); readers keep seeing the old index until it
// commits. On SQLite the documents are read and analysed in one goroutine
// (through the pool: writers are held off, so it sees what the write
// transaction sees) while another writes them.
func (d *DB) RebuildSearchIndex(ctx context.Context) error {
	start := time.Now()
	var nOrgs, nOpps int
	err := d.write(ctx, func(t *wtx) error {
		if _, err := t.exec(`DELETE FROM search_docs`); err != nil {
			return internal("search rebuild: clear", err)
		}
		if t.d.name == DialectSQLite {
			if _, err := t.exec(`INSERT INTO search_fts (search_fts) VALUES ('delete-all')`); err != nil {
				return internal("search rebuild: clear", err)
			}
			if _, err := t.exec(`DELETE FROM search_facets`); err != nil {
				return internal("search rebuild: clear", err)
			}
			// No merging of index segments while writing: one 'optimize'
			// at the end merges them all at once.
			if _, err := t.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)`); err != nil {
				return internal("search rebuild: automerge", err)
			}
		}
		for _, table := range []string{"search_counts", "search_pairs"} {
			if _, err := t.exec(`DELETE FROM ` + table); err != nil {
				return internal("search rebuild: clear", err)
			}
		}
		ps, err := places(t.conn)
		if err != nil {
			return err
		}
		// Secondary indexes are built once at the end: sorting beats a
		// million random inserts into each.
		indexes, err := t.searchIndexes()
		if err != nil {
			return err
		}
		for name := range indexes {
			if _, err := t.exec(`DROP INDEX ` + name); err != nil {
				return internal("search rebuild: drop index", err)
			}
		}
		counts := newTally()
		w := &rebuildWriter{t: t, counts: counts}
		rd := &rebuildReader{ps: ps, a: textsearch.NewAnalyzer()}
		if t.d.name == DialectPostgres {
			// One connection: read, then write, chunk by chunk.
			if err := rd.run(t.conn, w.write); err != nil {
				return err
			}
		} else {
			pctx, cancel := context.WithCancel(ctx)
			defer cancel()
			ch := make(chan []*searchDoc, 4)
			errc := make(chan error, 1)
			go func() {
				defer close(ch)
				errc <- rd.run(d.read(pctx), func(docs []*searchDoc) error {
					select {
					case ch <- docs:
						return nil
					case <-pctx.Done():
						return pctx.Err()
					}
				})
			}()
			var werr error
			for docs := range ch {
				if werr == nil {
					werr = w.write(docs)
					if werr != nil {
						cancel()
					}
				}
			}
			if err := <-errc; werr == nil && err != nil {
				werr = err
			}
			if werr != nil {
				return werr
			}
		}
		nOrgs, nOpps = rd.orgs, rd.opps
		if err := w.finish(); err != nil {
			return err
		}
		for _, def := range indexes {
			if _, err := t.exec(def); err != nil {
				return internal("search rebuild: create index", err)
			}
		}
		if err := t.applyCounts(counts); err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE search_state SET version = ? WHERE id = 1`, textsearch.Version); err != nil {
			return internal("search rebuild: version", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if d.d.name == DialectSQLite {
		d.wmu.Lock()
		_, err = d.db.ExecContext(ctx, `INSERT INTO search_fts (search_fts) VALUES ('optimize')`)
		if err == nil {
			_, err = d.db.ExecContext(ctx, `INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4)`)
		}
		d.wmu.Unlock()
		if err != nil {
			return internal("search rebuild: optimize", err)
		}
	}
	d.log.Info("search index rebuilt", "organisations", nOrgs, "opportunities", nOpps, "version", textsearch.Version, "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// searchIndexes returns the names and definitions of search_docs' own
// secondary indexes (not those behind its primary key and unique
// constraint), read from the schema so indexes of later migrations are
// kept too.
func (t *wtx) searchIndexes() (map[string]string, error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'search_docs' AND sql IS NOT NULL`
	if t.d.name == DialectPostgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_docs' AND schemaname = current_schema()
			AND indexdef NOT LIKE 'CREATE UNIQUE%'`
	}
	rows, err := t.query(q)
	if err != nil {
		return nil, internal("search rebuild: list indexes", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, internal("search rebuild: list indexes", err)
		}
		out[name] = def
	}
	return out, rows.Err()
}

// rebuildChunk is how many source rows one rebuild step reads and writes.
const rebuildChunk = 5000

// rebuildWriter writes documents with consecutive ids and tallies them.
type rebuildWriter struct {
	t      *wtx
	counts *tally
	nextID int64
}

func (w *rebuildWriter) write(docs []*searchDoc) error {
	ids := make([]int64, len(docs))
	for i := range ids {
		w.nextID++
		ids[i] = w.nextID
	}
	if err := w.t.insertDocs(docs, ids); err != nil {
		return err
	}
	for _, doc := range docs {
		w.counts.doc(doc.Facets, doc.Live, 1)
	}
	return nil
}

// finish moves the PostgreSQL sequence past the ids written.
func (w *rebuildWriter) finish() error {
	if w.t.d.name == DialectPostgres && w.nextID > 0 {
		if _, err := w.t.exec(`SELECT setval(pg_get_serial_sequence('search_docs', 'id'), ?)`, w.nextID); err != nil {
			return internal("search rebuild: sequence", err)
		}
	}
	return nil
}

// rebuildReader reads organisations and opportunities chunk by chunk and
// turns them into documents.
type rebuildReader struct {
	ps         map[string]place
	a          *textsearch.Analyzer
	orgs, opps int
}

func (r *rebuildReader) run(c conn, out func([]*searchDoc) error) error {
	if err := r.organisations(c, out); err != nil {
		return err
	}
	if err := r.opportunities(c, out); err != nil {
		return err
	}
	if err := r.tenders(c, out); err != nil { // search_index_tender.go
		return err
	}
	return r.knowledge(c, out) // published cases and guide chapters: search_index_knowledge.go
}

func (r *rebuildReader) organisations(c conn, out func([]*searchDoc) error) error {
	var after int64
	for {
		// Only what a document needs: no JSON to decode, no contact details.
		rows, err := c.query(`SELECT id, cvr, name, kind, municipality_code, city, description, rsv_registered, created_at, updated_at
			FROM organisations WHERE id > ? ORDER BY id LIMIT ?`, after, rebuildChunk)
		if err != nil {
			return internal("search rebuild: organisations", err)
		}
		var orgs []*samspil.Organisation
		for rows.Next() {
			o := &samspil.Organisation{}
			var cvr sql.NullString
			if err := rows.Scan(&o.ID, &cvr, &o.Name, &o.Kind, &o.MunicipalityCode, &o.City, &o.Description, &o.RSVRegistered,
				timeScanner{&o.CreatedAt}, timeScanner{&o.UpdatedAt}); err != nil {
				rows.Close()
				return internal("search rebuild: organisations", err)
			}
			o.CVR = cvr.String
			orgs = append(orgs, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("search rebuild: organisations", err)
		}
		if len(orgs) == 0 {
			return nil
		}
		after = orgs[len(orgs)-1].ID
		if err := loadOrgListsRange(c, orgs); err != nil {
			return err
		}
		docs := make([]*searchDoc, len(orgs))
		for i, o := range orgs {
			docs[i] = orgDoc(o, r.ps[o.MunicipalityCode], r.a)
		}
		if err := out(docs); err != nil {
			return err
		}
		r.orgs += len(orgs)
	}
}

// loadOrgListsRange fills the sectors, CPV codes and target groups of orgs
// (sorted by id) with one range query per table.
func loadOrgListsRange(c conn, orgs []*samspil.Organisation) error {
	byID := make(map[int64]*samspil.Organisation, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	lo, hi := orgs[0].ID, orgs[len(orgs)-1].ID
	for _, l := range []struct {
		table string
		field func(*samspil.Organisation) *[]string
	}{
		{"org_sectors", func(o *samspil.Organisation) *[]string { return &o.Sectors }},
		{"org_cpv_codes", func(o *samspil.Organisation) *[]string { return &o.CPVCodes }},
		{"org_target_groups", func(o *samspil.Organisation) *[]string { return &o.TargetGroups }},
	} {
		rows, err := c.query(`SELECT organisation_id, code FROM `+l.table+` WHERE organisation_id BETWEEN ? AND ? ORDER BY organisation_id, position`, lo, hi)
		if err != nil {
			return internal("search rebuild: "+l.table, err)
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return internal("search rebuild: "+l.table, err)
			}
			if o := byID[id]; o != nil {
				p := l.field(o)
				*p = append(*p, code)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("search rebuild: "+l.table, err)
		}
	}
	return nil
}

func (r *rebuildReader) opportunities(c conn, out func([]*searchDoc) error) error {
	var after int64
	for {
		rows, err := c.query(`SELECT id FROM opportunities WHERE id > ? ORDER BY id LIMIT ?`, after, 500)
		if err != nil {
			return internal("search rebuild: opportunities", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return internal("search rebuild: opportunities", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("search rebuild: opportunities", err)
		}
		if len(ids) == 0 {
			return nil
		}
		after = ids[len(ids)-1]
		opps, err := findOpportunities(c, ids)
		if err != nil {
			return err
		}
		docs := make([]*searchDoc, len(opps))
		for i, o := range opps {
			docs[i] = oppDoc(o, r.ps[o.MunicipalityCode], r.a)
		}
		if err := out(docs); err != nil {
			return err
		}
		r.opps += len(opps)
	}
}

// checkSearchIndex rebuilds the index when it was built by another
// version of the text analysis (or never).
func (d *DB) checkSearchIndex(ctx context.Context) error {
	var v int
	if err := d.db.QueryRowContext(ctx, `SELECT version FROM search_state WHERE id = 1`).Scan(&v); err != nil {
		return fmt.Errorf("sqlstore: search index version: %w", err)
	}
	if v == textsearch.Version {
		return nil
	}
	d.log.Info("search index built with another text analysis; rebuilding", "stored", v, "current", textsearch.Version)
	return d.RebuildSearchIndex(ctx)
}
