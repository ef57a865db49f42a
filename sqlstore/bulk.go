package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/samspil/samspil"
)

// The bulk loader fills a (nearly) empty database with a large data set:
// the demo and the benchmark's million organisations. It writes the same
// rows as CreateOrganisations, but
//   - validates cheaply in Go (domain rules, target groups, CVR repeats
//     inside the load) and lets the database's constraints catch the rest;
//   - prepares the rows in one goroutine while another writes them, so
//     both cores work;
//   - writes in large chunks: multi-row INSERTs of ~32,000 parameters on
//     SQLite, COPY on PostgreSQL;
//   - on SQLite relaxes durability (synchronous=OFF), foreign-key checks
//     and WAL checkpoints on its own connection for the duration of the
//     load, and, when the tables start out nearly empty, drops the
//     secondary indexes and builds them once at the end with two sorter
//     threads (measured at 300,000 organisations: 2.5 times less CPU than
//     keeping the indexes). The page cache is left at its size: a larger
//     one costs more in freeing its pages than it saves;
//   - writes one audit event for the whole load instead of one per row.
//
// It is not atomic: each chunk commits on its own, so a failure part-way
// leaves the chunks before it. It is meant for empty databases.

// bulkChunk is how many organisations (or opportunities) go into one
// transaction.
var bulkChunk = 20000

// bulkDropIndexesBelow: the secondary indexes are dropped and rebuilt when
// the organisations table holds fewer rows than this at the start.
const bulkDropIndexesBelow = 10000

// BulkStats says what a bulk load wrote.
type BulkStats struct {
	Organisations int
	Opportunities int
	Elapsed       time.Duration
	IndexRebuild  time.Duration // recreating dropped indexes, SQLite
	SearchIndex   time.Duration // RebuildSearchIndex
}

// BulkLoad writes orgs and then opps (whose OrganisationID must name
// organisations already stored, for instance orgs of this same call: their
// IDs are set before opps are written). See BulkLoadSeq.
func (d *DB) BulkLoad(ctx context.Context, orgs []*samspil.Organisation, opps []*samspil.Opportunity) error {
	_, err := d.BulkLoadSeq(ctx, slices.Values(orgs), slices.Values(opps))
	return err
}

// BulkLoadSeq is the streaming form of BulkLoad, so a million generated
// organisations never need to be in memory at once. Each organisation's ID
// (and CreatedAt, UpdatedAt) is set before the sequence is asked for the
// next one, so a generator can remember the IDs for the opportunities it
// yields later; opps is ranged over only after every organisation has been
// written. Either sequence may be nil.
//
// Validation errors carry the 1-based position ("row N: field") of the
// first bad organisation or opportunity. At the end the search index is
// rebuilt and the planner statistics refreshed.
func (d *DB) BulkLoadSeq(ctx context.Context, orgs iter.Seq[*samspil.Organisation], opps iter.Seq[*samspil.Opportunity]) (BulkStats, error) {
	start := time.Now()
	var st BulkStats
	groups, err := targetGroupCodes(d.read(ctx))
	if err != nil {
		return st, err
	}
	now := d.now()
	l, err := d.newBulkLoader(ctx, now)
	if err != nil {
		return st, err
	}
	defer l.close()

	if orgs != nil {
		if err := l.maybeDropIndexes(); err != nil {
			return st, err
		}
		n, err := l.loadOrganisations(orgs, groups)
		st.Organisations = n
		if err != nil {
			return st, err
		}
	}
	if opps != nil {
		n, err := l.loadOpportunities(opps, groups)
		st.Opportunities = n
		if err != nil {
			return st, err
		}
	}
	t0 := time.Now()
	if err := l.restoreIndexes(); err != nil {
		return st, err
	}
	st.IndexRebuild = time.Since(t0)
	if err := l.auditLoad(st); err != nil {
		return st, err
	}
	if err := l.close(); err != nil {
		return st, err
	}
	t0 = time.Now()
	if err := d.rebuildSearchIndexAfterLoad(ctx); err != nil {
		return st, err
	}
	st.SearchIndex = time.Since(t0)
	if st.Organisations+st.Opportunities > 0 {
		d.analyze(ctx)
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// rebuildSearchIndexAfterLoad calls RebuildSearchIndex when the search
// package provides it (it is built in parallel; until then the loader
// leaves the index alone).
func (d *DB) rebuildSearchIndexAfterLoad(ctx context.Context) error {
	if r, ok := any(d).(interface {
		RebuildSearchIndex(context.Context) error
	}); ok {
		return r.RebuildSearchIndex(ctx)
	}
	return nil
}

// bulkTable is one table the loader writes and its columns.
type bulkTable struct {
	name    string
	columns []string
}

var (
	bulkOrgs = bulkTable{"organisations", append([]string{"id"}, splitColumns(orgInsertColumns)...)}
	bulkSect = bulkTable{"org_sectors", []string{"organisation_id", "code", "position"}}
	bulkCPV  = bulkTable{"org_cpv_codes", []string{"organisation_id", "code", "position"}}
	bulkTG   = bulkTable{"org_target_groups", []string{"organisation_id", "code", "position"}}
	bulkEff  = bulkTable{"org_effects", []string{"organisation_id", "year", "target_group_employed", "to_ordinary_work",
		"to_education", "people_in_programmes", "note"}}
)

func splitColumns(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// bulkRows is one chunk: rows per table, in the order they must be written
// (parents first).
type bulkRows struct {
	tables []bulkTable
	rows   [][][]any
}

func (b *bulkRows) add(t bulkTable, row ...any) {
	for i := range b.tables {
		if b.tables[i].name == t.name {
			b.rows[i] = append(b.rows[i], row)
			return
		}
	}
	b.tables = append(b.tables, t)
	b.rows = append(b.rows, [][]any{row})
}

// bulkLoader holds the one connection a load writes on.
type bulkLoader struct {
	d       *DB
	ctx     context.Context
	now     time.Time
	conn    *sql.Conn
	unlock  func()
	dropped []string // CREATE INDEX statements to run again at the end
	relaxed bool     // SQLite pragmas changed on conn
	closed  bool
	nextID  map[string]int64          // SQLite: next free id per table
	kinds   map[int64]samspil.OrgKind // organisations of this load, for the opportunities' poster rule
	first   map[string]int64          // first id written per table, for the audit event
	last    map[string]int64
}

func (d *DB) newBulkLoader(ctx context.Context, now time.Time) (*bulkLoader, error) {
	l := &bulkLoader{d: d, ctx: ctx, now: now, nextID: map[string]int64{}, first: map[string]int64{}, last: map[string]int64{}}
	if d.d.name == DialectSQLite {
		// Other writers wait for the whole load; readers go on.
		d.wmu.Lock()
		l.unlock = d.wmu.Unlock
	}
	c, err := d.db.Conn(ctx)
	if err != nil {
		l.release()
		return nil, internal("bulk load: connection", err)
	}
	l.conn = c
	if d.d.name == DialectSQLite {
		// Durability is pointless while the database is being filled from
		// scratch: a crash means loading again. Foreign keys were checked
		// in Go (municipalities, target groups) or hold by construction.
		for _, p := range []string{"PRAGMA synchronous=OFF", "PRAGMA foreign_keys=OFF", "PRAGMA threads=2"} {
			if _, err := c.ExecContext(ctx, p); err != nil {
				l.close()
				return nil, internal("bulk load: "+p, err)
			}
		}
		l.relaxed = true
		// No checkpoints during the load: each one restarts the WAL, which
		// makes the next transaction drop its page cache. One checkpoint
		// at the end copies everything at once.
		if _, err := c.ExecContext(ctx, "PRAGMA wal_autocheckpoint=0"); err != nil {
			l.close()
			return nil, internal("bulk load: wal_autocheckpoint", err)
		}
	}
	return l, nil
}

func (l *bulkLoader) release() {
	if l.unlock != nil {
		l.unlock()
		l.unlock = nil
	}
}

// close restores the connection's settings and returns it to the pool (or
// discards it when the settings cannot be restored), then lets other
// writers in. It is safe to call twice.
func (l *bulkLoader) close() error {
	if l.closed {
		return nil
	}
	l.closed = true
	defer l.release()
	if l.conn == nil {
		return nil
	}
	err := l.restoreIndexes() // after a failed load too: never leave the schema short
	if l.relaxed {
		ctx := context.WithoutCancel(l.ctx)
		// Checkpoint what the load wrote (best effort: a reader may hold
		// part of the WAL; the regular checkpoints finish the job).
		l.conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		restore := []string{"PRAGMA threads=0", "PRAGMA wal_autocheckpoint=1000", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}
		for _, p := range restore {
			if _, e := l.conn.ExecContext(ctx, p); e != nil {
				err = errors.Join(err, internal("bulk load: restore "+p, e))
				break
			}
		}
		if err != nil {
			// Never hand a relaxed connection back to the pool.
			l.conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	if e := l.conn.Close(); e != nil && err == nil && !errors.Is(e, sql.ErrConnDone) {
		err = internal("bulk load: release connection", e)
	}
	return err
}

// bulkIndexedTables are the tables whose secondary indexes may be dropped
// for the load.
var bulkIndexedTables = []string{"organisations", "org_sectors", "org_cpv_codes", "org_target_groups", "org_effects",
	"opportunities", "opp_cpv_codes", "opp_expertise_areas", "opp_target_groups"}

// maybeDropIndexes drops the secondary indexes of the organisation and
// opportunity tables when they are nearly empty (on PostgreSQL those that
// back no constraint). The CREATE statements are read from the schema
// itself, so indexes added by later migrations come back too.
func (l *bulkLoader) maybeDropIndexes() error {
	var n int
	if err := l.conn.QueryRowContext(l.ctx, `SELECT COUNT(*) FROM organisations`).Scan(&n); err != nil {
		return internal("bulk load: count", err)
	}
	if n >= bulkDropIndexesBelow {
		return nil
	}
	in := "'" + strings.Join(bulkIndexedTables, "', '") + "'"
	list := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (` + in + `)`
	if l.d.d.name == DialectPostgres {
		// Indexes that back a primary key or unique constraint stay.
		list = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (` + in + `)
			AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u', 'x'))`
	}
	rows, err := l.conn.QueryContext(l.ctx, list)
	if err != nil {
		return internal("bulk load: list indexes", err)
	}
	var names, stmts []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			rows.Close()
			return internal("bulk load: list indexes", err)
		}
		names, stmts = append(names, name), append(stmts, stmt)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("bulk load: list indexes", err)
	}
	for i, name := range names {
		if _, err := l.conn.ExecContext(l.ctx, `DROP INDEX "`+name+`"`); err != nil {
			return internal("bulk load: drop index", err)
		}
		l.dropped = append(l.dropped, stmts[i])
	}
	return nil
}

// restoreIndexes builds the dropped indexes again; close calls it too, so
// it also runs when the load failed.
func (l *bulkLoader) restoreIndexes() error {
	ctx := context.WithoutCancel(l.ctx)
	if len(l.dropped) > 0 && l.d.d.name == DialectPostgres {
		// Room to sort each index in memory; the session's setting only.
		l.conn.ExecContext(ctx, "SET maintenance_work_mem = '256MB'")
		defer l.conn.ExecContext(ctx, "RESET maintenance_work_mem")
	}
	if len(l.dropped) > 0 && l.d.d.name == DialectSQLite {
		// Build the indexes from the database file rather than through a
		// WAL as large as the data (best effort).
		l.conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	for len(l.dropped) > 0 {
		if _, err := l.conn.ExecContext(ctx, l.dropped[0]); err != nil {
			return internal("bulk load: recreate index", err)
		}
		l.dropped = l.dropped[1:]
	}
	return nil
}

// reserve returns the first of n ids for table.
func (l *bulkLoader) reserve(table string, n int) (int64, error) {
	if l.d.d.name == DialectSQLite {
		next, ok := l.nextID[table]
		if !ok {
			var max int64
			if err := l.conn.QueryRowContext(l.ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&max); err != nil {
				return 0, internal("bulk load: reserve ids", err)
			}
			next = max + 1
		}
		l.nextID[table] = next + int64(n)
		return next, nil
	}
	// PostgreSQL: move the identity sequence past n values in one step.
	// setval is not transactional, so the ids stay ours. This runs in the
	// producer goroutine while the writer may be copying on l.conn, so it
	// takes a connection of its own from the pool.
	var last int64
	err := l.d.db.QueryRowContext(l.ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'),
		nextval(pg_get_serial_sequence('`+table+`', 'id')) + $1 - 1)`, n).Scan(&last)
	if err != nil {
		return 0, internal("bulk load: reserve ids", err)
	}
	return last - int64(n) + 1, nil
}

// pipeline runs produce in its own goroutine, which sends chunks of rows,
// and writes each chunk as it arrives. The producer stops when the writer
// fails.
func (l *bulkLoader) pipeline(produce func(send func(*bulkRows) bool) error) error {
	ch := make(chan *bulkRows, 1)
	stop := make(chan struct{})
	perr := make(chan error, 1)
	go func() {
		defer close(ch)
		perr <- produce(func(b *bulkRows) bool {
			select {
			case ch <- b:
				return true
			case <-stop:
				return false
			}
		})
	}()
	var werr error
	for b := range ch {
		if werr != nil {
			continue
		}
		if werr = l.write(b); werr != nil {
			close(stop)
		}
	}
	if err := <-perr; err != nil && werr == nil {
		return err
	}
	return werr
}

// write stores one chunk in one transaction.
func (l *bulkLoader) write(b *bulkRows) error {
	if err := l.ctx.Err(); err != nil {
		return err
	}
	if l.d.d.name == DialectPostgres {
		return l.copyChunk(b)
	}
	tx, err := l.conn.BeginTx(l.ctx, nil)
	if err != nil {
		return internal("bulk load: begin", err)
	}
	for i, t := range b.tables {
		if err := insertRows(l.ctx, tx, t, b.rows[i]); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return internal("bulk load: commit", err)
	}
	return nil
}

// sqliteMaxParams is what one SQLite statement may bind (the library's
// SQLITE_MAX_VARIABLE_NUMBER is 32766).
const sqliteMaxParams = 32000

// insertRows writes rows of t with prepared multi-row INSERTs.
func insertRows(ctx context.Context, tx *sql.Tx, t bulkTable, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	cols := len(t.columns)
	per := max(1, sqliteMaxParams/cols)
	prefix := "INSERT INTO " + t.name + " (" + strings.Join(t.columns, ", ") + ") VALUES "
	row := "(" + placeholders(cols) + ")"
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, per*cols)
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		var err error
		if len(part) == per {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, prefix+strings.Repeat(row+",", per-1)+row); err != nil {
					return internal("bulk load: prepare "+t.name, err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, prefix+strings.Repeat(row+",", len(part)-1)+row, args...)
		}
		if err != nil {
			if isUniqueViolation(err) && t.name == "organisations" {
				return errCVRTaken()
			}
			return internal("bulk load: insert "+t.name, err)
		}
	}
	return nil
}

// copyChunk writes one chunk with COPY in one PostgreSQL transaction.
func (l *bulkLoader) copyChunk(b *bulkRows) error {
	return l.conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(l.ctx)
		if err != nil {
			return internal("bulk load: begin", err)
		}
		defer tx.Rollback(context.WithoutCancel(l.ctx))
		for i, t := range b.tables {
			if _, err := tx.CopyFrom(l.ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromRows(b.rows[i])); err != nil {
				if isUniqueViolation(err) && t.name == "organisations" {
					return errCVRTaken()
				}
				return internal("bulk load: copy "+t.name, err)
			}
		}
		if err := tx.Commit(l.ctx); err != nil {
			return internal("bulk load: commit", err)
		}
		return nil
	})
}

// loadOrganisations validates, numbers and writes the organisations.
func (l *bulkLoader) loadOrganisations(orgs iter.Seq[*samspil.Organisation], groups map[string]bool) (int, error) {
	count := 0
	err := l.pipeline(func(send func(*bulkRows) bool) error {
		cvrs := map[string]int{}
		var chunk []*samspil.Organisation
		flush := func() error {
			if len(chunk) == 0 {
				return nil
			}
			b := &bulkRows{}
			for _, o := range chunk {
				if err := l.orgRows(b, o); err != nil {
					return err
				}
			}
			chunk = chunk[:0:0]
			if !send(b) {
				return errBulkStopped
			}
			return nil
		}
		var next, end int64
		for o := range orgs {
			count++
			if err := l.d.validateOrganisation(o, groups); err != nil {
				return rowError(count, err)
			}
			if o.CVR != "" {
				if first, dup := cvrs[o.CVR]; dup {
					return &samspil.Error{Code: samspil.ECONFLICT, Key: "org.cvr.duplicate_in_batch", Message: "the CVR number appears more than once",
						Fields: []samspil.FieldError{{Field: fmt.Sprintf("row %d: cvr", count), Key: "org.cvr.duplicate_in_batch",
							Message: "the CVR number appears more than once", Args: map[string]any{"Row": first}}}}
				}
				cvrs[o.CVR] = count
			}
			if next == end {
				first, err := l.reserve("organisations", bulkChunk)
				if err != nil {
					return err
				}
				next, end = first, first+int64(bulkChunk)
			}
			o.ID = next
			next++
			o.CreatedAt, o.UpdatedAt = l.now, l.now
			l.track("organisations", o.ID)
			if l.kinds == nil {
				l.kinds = map[int64]samspil.OrgKind{}
			}
			l.kinds[o.ID] = o.Kind
			chunk = append(chunk, o)
			if len(chunk) == bulkChunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
	if errors.Is(err, errBulkStopped) {
		err = nil // the writer's error was returned instead
	}
	return count, err
}

var errBulkStopped = errors.New("bulk load stopped")

func (l *bulkLoader) track(table string, id int64) {
	if _, ok := l.first[table]; !ok {
		l.first[table] = id
	}
	l.last[table] = id
}

// orgRows adds the rows of one organisation, exactly those the
// orgInserter writes.
func (l *bulkLoader) orgRows(b *bulkRows, o *samspil.Organisation) error {
	args, err := l.d.d.orgArgs(o)
	if err != nil {
		return internal("encode organisation", err)
	}
	b.add(bulkOrgs, append([]any{o.ID}, args...)...)
	for i, s := range o.Sectors {
		b.add(bulkSect, o.ID, s, i)
	}
	for i, s := range o.CPVCodes {
		b.add(bulkCPV, o.ID, s, i)
	}
	for i, s := range o.TargetGroups {
		b.add(bulkTG, o.ID, s, i)
	}
	for _, e := range o.Effects {
		b.add(bulkEff, o.ID, e.Year, e.TargetGroupEmployed, e.ToOrdinaryWork, e.ToEducation, e.PeopleInProgrammes, e.Note)
	}
	return nil
}

// rowError prefixes the field errors of err with the 1-based row.
func rowError(row int, err error) error {
	e, ok := samspil.AsError(err)
	if !ok {
		return err
	}
	c := *e
	c.Fields = nil
	for _, f := range e.Fields {
		f.Field = fmt.Sprintf("row %d: %s", row, f.Field)
		c.Fields = append(c.Fields, f)
	}
	return &c
}

// auditLoad records the load as one audit event.
func (l *bulkLoader) auditLoad(st BulkStats) error {
	if st.Organisations+st.Opportunities == 0 {
		return nil
	}
	after, err := json.Marshal(map[string]any{
		"organisations": st.Organisations, "opportunities": st.Opportunities,
		"first_ids": l.first, "last_ids": l.last,
	})
	if err != nil {
		return internal("audit", err)
	}
	c := conn{ctx: l.ctx, d: l.d.d, q: l.conn}
	_, err = c.exec(`INSERT INTO audit_events (actor_id, action, entity_type, entity_id, before_json, after_json, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, samspil.ActorFrom(l.ctx), "bulk.load", "organisation", 0, "", string(after), l.d.d.ts(l.now))
	if err != nil {
		return internal("audit", err)
	}
	return nil
}

var (
	bulkOpps = bulkTable{"opportunities", []string{"id", "organisation_id", "kind", "title", "title_key", "description",
		"municipality_code", "radius_km", "volume", "estimated_value_ore", "deadline", "status", "created_by",
		"created_at", "updated_at", "closed_at"}}
	bulkOppCPV = bulkTable{"opp_cpv_codes", []string{"opportunity_id", "code", "position"}}
	bulkOppExp = bulkTable{"opp_expertise_areas", []string{"opportunity_id", "code", "position"}}
	bulkOppTG  = bulkTable{"opp_target_groups", []string{"opportunity_id", "code", "position"}}
)

// loadOpportunities validates, numbers and writes the opportunities, with
// the same rules as CreateOpportunity (the posting organisation's kind may
// post the kind). A status other than open is kept, with ClosedAt set.
func (l *bulkLoader) loadOpportunities(opps iter.Seq[*samspil.Opportunity], groups map[string]bool) (int, error) {
	count := 0
	err := l.pipeline(func(send func(*bulkRows) bool) error {
		b := &bulkRows{}
		inChunk := 0
		var next, end int64
		for o := range opps {
			count++
			kind, err := l.orgKind(o.OrganisationID)
			if err != nil {
				return rowError(count, err)
			}
			if err := l.validateOpportunity(o, kind, groups); err != nil {
				return rowError(count, err)
			}
			if next == end {
				first, err := l.reserve("opportunities", bulkChunk)
				if err != nil {
					return err
				}
				next, end = first, first+int64(bulkChunk)
			}
			o.ID = next
			next++
			o.CreatedBy = samspil.ActorFrom(l.ctx)
			if o.CreatedAt.IsZero() || o.CreatedAt.After(l.now) {
				o.CreatedAt = l.now
			}
			o.UpdatedAt = o.CreatedAt
			o.ClosedAt = nil
			if o.Status != samspil.OppOpen {
				at := o.UpdatedAt
				o.ClosedAt = &at
			}
			l.track("opportunities", o.ID)
			d := l.d.d
			b.add(bulkOpps, o.ID, o.OrganisationID, string(o.Kind), o.Title, nameKey(o.Title), o.Description,
				o.MunicipalityCode, o.RadiusKm, o.Volume, o.EstimatedValueOre, d.tsPtr(o.Deadline), string(o.Status),
				o.CreatedBy, d.ts(o.CreatedAt), d.ts(o.UpdatedAt), d.tsPtr(o.ClosedAt))
			for i, c := range o.CPVCodes {
				b.add(bulkOppCPV, o.ID, c, i)
			}
			for i, c := range o.ExpertiseAreas {
				b.add(bulkOppExp, o.ID, c, i)
			}
			for i, c := range o.TargetGroups {
				b.add(bulkOppTG, o.ID, c, i)
			}
			if inChunk++; inChunk == bulkChunk {
				if !send(b) {
					return errBulkStopped
				}
				b, inChunk = &bulkRows{}, 0
			}
		}
		if inChunk > 0 && !send(b) {
			return errBulkStopped
		}
		return nil
	})
	if errors.Is(err, errBulkStopped) {
		err = nil
	}
	return count, err
}

// validateOpportunity applies the rules CreateOpportunity applies. A bulk
// load may give CreatedAt in the past (demo data posted over the last
// weeks); the deadline is checked against the load time.
func (l *bulkLoader) validateOpportunity(o *samspil.Opportunity, orgKind samspil.OrgKind, groups map[string]bool) error {
	status := o.Status
	var v samspil.Validation
	if err := o.Validate(l.d.opts.Catalog, l.now); !v.Merge(err) {
		return err
	}
	if status == "" {
		o.Status = samspil.OppOpen
	}
	for _, g := range o.TargetGroups {
		if !groups[g] {
			v.Add("target_groups", "opp.target_group.unknown", "unknown target group", map[string]any{"Code": g})
			break
		}
	}
	if o.Kind.Valid() && !o.Kind.CanBePostedBy(orgKind) {
		v.Add("kind", "opp.kind.not_allowed", "your kind of organisation cannot post this kind of opportunity",
			map[string]any{"Kind": string(o.Kind), "OrgKind": string(orgKind)})
	}
	if o.Kind.UsesExpertise() {
		o.CPVCodes = []string{}
	} else {
		o.ExpertiseAreas = []string{}
	}
	return v.Err()
}

// orgKind returns the kind of an organisation: from the ones this load
// wrote, or from the database.
func (l *bulkLoader) orgKind(id int64) (samspil.OrgKind, error) {
	if k, ok := l.kinds[id]; ok {
		return k, nil
	}
	var k string
	err := l.conn.QueryRowContext(l.ctx, l.d.d.q(`SELECT kind FROM organisations WHERE id = ?`), id).Scan(&k)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("org.not_found", "the organisation does not exist")
	} else if err != nil {
		return "", internal("bulk load: organisation kind", err)
	}
	if l.kinds == nil {
		l.kinds = map[int64]samspil.OrgKind{}
	}
	l.kinds[id] = samspil.OrgKind(k)
	return samspil.OrgKind(k), nil
}
