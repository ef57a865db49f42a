package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/samspil/samspil"
)

// Purchase lines and spend aggregates (issue 5).
//
// An import streams its lines into purchases with multi-row INSERT … ON
// CONFLICT DO NOTHING, so a line whose key is already stored for the
// municipality is skipped. The new lines are then grouped once into a
// temporary table (spend_delta) and added to four aggregate tables:
// spend_cells (supplier × CPV division × quarter), spend_suppliers (per
// quarter and per year, for the top-supplier list), spend_divisions and
// spend_totals (with SØV and RSV sums). Undo adds the same groups with the
// opposite sign. The spend page reads only the aggregates.
//
// The SØV and RSV sums depend on organisations: spend_classes records the
// class each CVR is counted with, and refreshSpendForCVR moves the
// difference when an organisation's kind, CVR or RSV check changes.

// Supplier classes in the aggregates.
const (
	classOrdinary = 0
	classSOV      = 1
	classRSV      = 2
)

// classExpr is the class of organisation o in SQL; rsv_registered is an
// integer on SQLite and a boolean on PostgreSQL, and both read it as a
// condition.
const classExpr = `CASE WHEN o.kind = 'sov' THEN (CASE WHEN o.rsv_registered AND o.rsv_verified_at IS NOT NULL THEN 2 ELSE 1 END) ELSE 0 END`

// purchaseColumns are the columns of one purchases row, in insert order.
const purchaseColumns = `municipality_code, import_id, line_key, supplier_key, supplier_cvr, supplier_name,
	amount_ore, posted_on, year, quarter, cpv, cpv_division, account, invoice_ref`

const purchaseColumnCount = 14

// purchaseBatchRows is how many lines one INSERT carries: about 570 rows
// within the parameter budget both databases accept.
const purchaseBatchRows = maxBatchParams / purchaseColumnCount

// supplierKey identifies a supplier in the aggregates: the CVR, or the
// folded name for lines without one (never mistaken for a CVR).
func supplierKey(cvr, name string) string {
	if cvr != "" {
		return cvr
	}
	return "n:" + strings.Join(strings.Fields(fold(name)), " ")
}

// cpvDivision is the CPV code's first two digits, "" without a code.
func cpvDivision(cpv string) string {
	cpv = strings.TrimSpace(cpv)
	if len(cpv) < 2 || cpv[0] < '0' || cpv[0] > '9' || cpv[1] < '0' || cpv[1] > '9' {
		return ""
	}
	return cpv[:2]
}

// lineInserter sends purchase lines in multi-row INSERTs, reusing one
// prepared statement for every full batch.
type lineInserter struct {
	t        *wtx
	importID int64
	mc       string
	full     *sql.Stmt
	args     []any
	n        int
	inserted int64

	// cells sums the lines by aggregate cell while every batch turns out
	// to be all new (the usual first import), so the aggregates need no
	// second pass over the stored lines; nil once a batch held lines
	// already stored, and then applyImport groups in SQL.
	cells   map[cellKey]*cellSum
	pending []cellLine
}

// cellKey is one spend_cells row of an import's delta.
type cellKey struct {
	year, quarter      int
	supplier, division string
}

// cellSum is what the lines of one cell add up to.
type cellSum struct {
	total, lines int64
	cvr, name    string
}

// cellLine is a line of the batch in flight, kept until the batch is
// known to be all new.
type cellLine struct {
	key       cellKey
	ore       int64
	cvr, name string
}

func (in *lineInserter) statement(rows int) string {
	row := "(" + placeholders(purchaseColumnCount) + ")"
	values := `(` + purchaseColumns + `) VALUES ` + strings.Repeat(row+", ", rows-1) + row
	if in.t.d.name == DialectSQLite {
		// OR IGNORE cannot abort half-way, so SQLite keeps no statement
		// journal for it: a third less work per line than ON CONFLICT.
		// Every value is non-null, so only the key conflict is ignored.
		return `INSERT OR IGNORE INTO purchases ` + values
	}
	return `INSERT INTO purchases ` + values + ` ON CONFLICT (municipality_code, line_key) DO NOTHING`
}

func (in *lineInserter) add(l *samspil.PurchaseLine) error {
	y, m, d := l.Date.Date()
	cvr := strings.TrimSpace(l.SupplierCVR)
	name := strings.TrimSpace(l.SupplierName)
	sk, q, div := supplierKey(cvr, name), (int(m)-1)/3+1, cpvDivision(l.CPV)
	in.args = append(in.args, in.mc, in.importID, l.Key, sk, cvr, name,
		l.AmountOre, fmt.Sprintf("%04d-%02d-%02d", y, int(m), d), y, q,
		strings.TrimSpace(l.CPV), div, strings.TrimSpace(l.Account), strings.TrimSpace(l.InvoiceRef))
	if in.cells != nil {
		in.pending = append(in.pending, cellLine{cellKey{y, q, sk, div}, l.AmountOre, cvr, name})
	}
	in.n++
	if in.n == purchaseBatchRows {
		return in.flush()
	}
	return nil
}

func (in *lineInserter) flush() error {
	if in.n == 0 {
		return nil
	}
	var res sql.Result
	var err error
	if in.n == purchaseBatchRows {
		if in.full == nil {
			in.full, err = in.t.tx.PrepareContext(in.t.ctx, in.t.d.q(in.statement(purchaseBatchRows)))
			if err != nil {
				return internal("prepare purchase insert", err)
			}
		}
		res, err = in.full.ExecContext(in.t.ctx, in.args...)
	} else {
		res, err = in.t.exec(in.statement(in.n), in.args...)
	}
	in.args, in.n = in.args[:0], 0
	if err != nil {
		return internal("insert purchases", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return internal("insert purchases", err)
	}
	in.inserted += n
	if in.cells != nil {
		if int(n) != len(in.pending) {
			in.cells = nil // some lines were there before: group in SQL
		} else {
			for _, p := range in.pending {
				c := in.cells[p.key]
				if c == nil {
					c = &cellSum{cvr: p.cvr, name: p.name}
					in.cells[p.key] = c
				}
				c.total += p.ore
				c.lines++
				c.name = max(c.name, p.name) // as MAX() in SQL
			}
		}
		in.pending = in.pending[:0]
	}
	return nil
}

func (in *lineInserter) close() {
	if in.full != nil {
		in.full.Close()
	}
}

// checkLine rejects a line the parser should never have produced.
func checkLine(l *samspil.PurchaseLine) error {
	args := map[string]any{"Line": l.Line}
	if l.AmountOre > samspil.MaxPurchaseAmountOre || l.AmountOre < -samspil.MaxPurchaseAmountOre {
		return &samspil.Error{Code: samspil.EINVALID, Key: "purchase.amount.too_large", Message: fmt.Sprintf("line %d: the amount is not plausible", l.Line), Args: args}
	}
	if l.Date.IsZero() || l.Key == "" || (strings.TrimSpace(l.SupplierCVR) == "" && strings.TrimSpace(l.SupplierName) == "") {
		return &samspil.Error{Code: samspil.EINVALID, Key: "purchase.line.incomplete", Message: fmt.Sprintf("line %d: a purchase line needs a date, a key and a supplier CVR or name", l.Line), Args: args}
	}
	if y := l.Date.Year(); y < 1900 || y > 9999 {
		return &samspil.Error{Code: samspil.EINVALID, Key: "purchase.date.invalid", Message: fmt.Sprintf("line %d: the date is out of range", l.Line), Args: args}
	}
	return nil
}

// sequenceError turns an error the line sequence yielded into the error
// ImportPurchases returns: domain errors as they are, anything else (a
// parser's line error) as EINVALID with its text.
func sequenceError(l samspil.PurchaseLine, err error) error {
	if _, ok := samspil.AsError(err); ok {
		return err
	}
	return &samspil.Error{Code: samspil.EINVALID, Key: "purchase.line.invalid", Message: err.Error(),
		Args: map[string]any{"Line": l.Line, "Problem": err.Error()}}
}

// ImportPurchases stores lines for imp.MunicipalityCode in one transaction.
func (d *DB) ImportPurchases(ctx context.Context, imp *samspil.PurchaseImport, lines iter.Seq2[samspil.PurchaseLine, error]) error {
	if imp == nil {
		return samspil.Errorf(samspil.EINVALID, "purchase.import.missing", "no import given")
	}
	imp.MunicipalityCode = strings.TrimSpace(imp.MunicipalityCode)
	var out samspil.PurchaseImport
	err := d.write(ctx, func(t *wtx) error {
		if err := t.municipalityExists(imp.MunicipalityCode); err != nil {
			return err
		}
		out = *imp
		out.ImportedAt = t.now
		if out.ImportedBy == 0 {
			out.ImportedBy = t.actor
		}
		var by any
		if out.ImportedBy != 0 {
			by = out.ImportedBy
		}
		id, err := t.insertID(`INSERT INTO purchase_imports (municipality_code, file_name, sha256, format, imported_by, imported_at)
			VALUES (?, ?, ?, ?, ?, ?)`, out.MunicipalityCode, out.FileName, out.SHA256, out.Format, by, t.d.ts(t.now))
		if err != nil {
			return internal("insert purchase import", err)
		}
		out.ID = id
		if t.d.name == DialectSQLite {
			// A large file's unique keys and pages would churn the
			// connection's usual 32 MB cache; this connection gets more
			// for the length of the import.
			if _, err := t.exec(`PRAGMA cache_size = -131072`); err != nil {
				return internal("import cache", err)
			}
			defer t.exec(`PRAGMA cache_size = -32000`)
		}
		in := &lineInserter{t: t, importID: id, mc: out.MunicipalityCode, args: make([]any, 0, purchaseBatchRows*purchaseColumnCount),
			cells: map[cellKey]*cellSum{}}
		defer in.close()
		bySupplier := map[string]int64{} // the file's sums per CVR, for its SØV and RSV sums
		out.Lines, out.TotalOre = 0, 0
		for l, err := range lines {
			if err != nil {
				return sequenceError(l, err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := checkLine(&l); err != nil {
				return err
			}
			out.Lines++
			out.TotalOre += l.AmountOre
			if cvr := strings.TrimSpace(l.SupplierCVR); cvr != "" {
				bySupplier[cvr] += l.AmountOre
			}
			if err := in.add(&l); err != nil {
				return err
			}
		}
		if err := in.flush(); err != nil {
			return err
		}
		out.NewLines = int(in.inserted)
		classes, err := t.currentClasses(bySupplier)
		if err != nil {
			return err
		}
		for cvr, sum := range bySupplier {
			switch classes[cvr] {
			case classRSV:
				out.RSVOre += sum
				out.SOVOre += sum
			case classSOV:
				out.SOVOre += sum
			}
		}
		if out.NewLines > 0 {
			if err := t.applyImport(id, out.MunicipalityCode, 1, in.cells); err != nil {
				return err
			}
		}
		if _, err := t.exec(`UPDATE purchase_imports SET lines = ?, new_lines = ?, total_ore = ?, sov_ore = ?, rsv_ore = ? WHERE id = ?`,
			out.Lines, out.NewLines, out.TotalOre, out.SOVOre, out.RSVOre, id); err != nil {
			return internal("update purchase import", err)
		}
		return t.audit("purchase.import", "purchase_import", id, nil, &out)
	})
	if err != nil {
		return err
	}
	*imp = out
	return nil
}

// municipalityExists returns ENOTFOUND for an unknown kommunekode.
func (c conn) municipalityExists(code string) error {
	var one int
	err := c.queryRow(`SELECT 1 FROM municipalities WHERE code = ?`, code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("municipality.not_found", "the municipality does not exist")
	} else if err != nil {
		return internal("find municipality", err)
	}
	return nil
}

// currentClasses returns the class of every CVR in cvrs that belongs to an
// SØV on the platform now.
func (c conn) currentClasses(cvrs map[string]int64) (map[string]int, error) {
	out := map[string]int{}
	keys := make([]any, 0, len(cvrs))
	for cvr := range cvrs {
		keys = append(keys, cvr)
	}
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		rows, err := c.query(`SELECT o.cvr, `+classExpr+` FROM organisations o WHERE o.kind = 'sov' AND o.cvr IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, internal("classify suppliers", err)
		}
		for rows.Next() {
			var cvr string
			var class int
			if err := rows.Scan(&cvr, &class); err != nil {
				rows.Close()
				return nil, internal("classify suppliers", err)
			}
			out[cvr] = class
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("classify suppliers", err)
		}
	}
	return out, nil
}

// applyImport adds (sign 1) or removes (sign -1) the lines of an import
// to or from the aggregates. The lines must still be in purchases; cells,
// when not nil, are their sums already grouped while importing.
func (t *wtx) applyImport(importID int64, mc string, sign int, cells map[cellKey]*cellSum) error {
	if _, err := t.exec(`CREATE TEMPORARY TABLE spend_delta (
		municipality_code TEXT NOT NULL, year INTEGER NOT NULL, quarter INTEGER NOT NULL,
		supplier_key TEXT NOT NULL, supplier_cvr TEXT NOT NULL, supplier_name TEXT NOT NULL,
		cpv_division TEXT NOT NULL, total_ore BIGINT NOT NULL, lines BIGINT NOT NULL, class INTEGER NOT NULL)`); err != nil {
		return internal("spend delta", err)
	}
	steps := []struct{ what, q string }{
		{"group lines", `INSERT INTO spend_delta
			SELECT municipality_code, year, quarter, supplier_key, MAX(supplier_cvr), MAX(supplier_name), cpv_division,
				?*SUM(amount_ore), ?*COUNT(*), 0
			FROM purchases WHERE import_id = ?
			GROUP BY municipality_code, year, quarter, supplier_key, cpv_division`},
	}
	if cells != nil {
		b := newBatch(t, "spend_delta", "municipality_code, year, quarter, supplier_key, supplier_cvr, supplier_name, cpv_division, total_ore, lines, class")
		for k, c := range cells {
			if err := b.add(mc, k.year, k.quarter, k.supplier, c.cvr, c.name, k.division, int64(sign)*c.total, int64(sign)*c.lines, 0); err != nil {
				return err
			}
		}
		if err := b.flush(); err != nil {
			return err
		}
		steps = nil
	}
	for _, s := range steps {
		if _, err := t.exec(s.q, sign, sign, importID); err != nil {
			return internal("spend delta: "+s.what, err)
		}
	}
	// Suppliers whose class in the aggregates is stale (an organisation
	// changed through a path that did not refresh) are brought up to date
	// before the new lines are added with the class they have now.
	stale, err := t.staleDeltaCVRs()
	if err != nil {
		return err
	}
	for _, cvr := range stale {
		if err := t.refreshSpendForCVR(cvr); err != nil {
			return err
		}
	}
	upserts := []struct{ what, q string }{
		{"classes", `UPDATE spend_delta SET class = COALESCE((SELECT c.class FROM spend_classes c WHERE c.supplier_cvr = spend_delta.supplier_cvr), 0)
			WHERE supplier_cvr <> ''`},
		{"cells", `INSERT INTO spend_cells (municipality_code, year, quarter, supplier_key, cpv_division, total_ore, lines)
			SELECT municipality_code, year, quarter, supplier_key, cpv_division, total_ore, lines FROM spend_delta WHERE true
			ON CONFLICT (municipality_code, year, quarter, supplier_key, cpv_division) DO UPDATE SET
				total_ore = spend_cells.total_ore + excluded.total_ore, lines = spend_cells.lines + excluded.lines`},
		{"suppliers", `INSERT INTO spend_suppliers (municipality_code, year, quarter, supplier_key, supplier_cvr, supplier_name, total_ore, lines, class)
			SELECT municipality_code, year, quarter, supplier_key, MAX(supplier_cvr), MAX(supplier_name), SUM(total_ore), SUM(lines), MAX(class)
			FROM spend_delta WHERE true GROUP BY municipality_code, year, quarter, supplier_key
			ON CONFLICT (municipality_code, year, quarter, supplier_key) DO UPDATE SET
				total_ore = spend_suppliers.total_ore + excluded.total_ore, lines = spend_suppliers.lines + excluded.lines,
				supplier_name = excluded.supplier_name, class = excluded.class`},
		{"supplier years", `INSERT INTO spend_suppliers (municipality_code, year, quarter, supplier_key, supplier_cvr, supplier_name, total_ore, lines, class)
			SELECT municipality_code, year, 0, supplier_key, MAX(supplier_cvr), MAX(supplier_name), SUM(total_ore), SUM(lines), MAX(class)
			FROM spend_delta WHERE true GROUP BY municipality_code, year, supplier_key
			ON CONFLICT (municipality_code, year, quarter, supplier_key) DO UPDATE SET
				total_ore = spend_suppliers.total_ore + excluded.total_ore, lines = spend_suppliers.lines + excluded.lines,
				supplier_name = excluded.supplier_name, class = excluded.class`},
		{"divisions", `INSERT INTO spend_divisions (municipality_code, year, quarter, cpv_division, total_ore, sov_ore, rsv_ore, lines)
			SELECT municipality_code, year, quarter, cpv_division, SUM(total_ore),
				SUM(CASE WHEN class >= 1 THEN total_ore ELSE 0 END), SUM(CASE WHEN class = 2 THEN total_ore ELSE 0 END), SUM(lines)
			FROM spend_delta WHERE true GROUP BY municipality_code, year, quarter, cpv_division
			ON CONFLICT (municipality_code, year, quarter, cpv_division) DO UPDATE SET
				total_ore = spend_divisions.total_ore + excluded.total_ore, sov_ore = spend_divisions.sov_ore + excluded.sov_ore,
				rsv_ore = spend_divisions.rsv_ore + excluded.rsv_ore, lines = spend_divisions.lines + excluded.lines`},
		{"totals", `INSERT INTO spend_totals (municipality_code, year, quarter, total_ore, sov_ore, rsv_ore, lines)
			SELECT municipality_code, year, quarter, SUM(total_ore),
				SUM(CASE WHEN class >= 1 THEN total_ore ELSE 0 END), SUM(CASE WHEN class = 2 THEN total_ore ELSE 0 END), SUM(lines)
			FROM spend_delta WHERE true GROUP BY municipality_code, year, quarter
			ON CONFLICT (municipality_code, year, quarter) DO UPDATE SET
				total_ore = spend_totals.total_ore + excluded.total_ore, sov_ore = spend_totals.sov_ore + excluded.sov_ore,
				rsv_ore = spend_totals.rsv_ore + excluded.rsv_ore, lines = spend_totals.lines + excluded.lines`},
	}
	for _, s := range upserts {
		if _, err := t.exec(s.q); err != nil {
			return internal("spend aggregates: "+s.what, err)
		}
	}
	if sign < 0 {
		// Groups emptied by the undo disappear, so lists and years stay true.
		for _, table := range []string{"spend_cells", "spend_suppliers", "spend_divisions", "spend_totals"} {
			if _, err := t.exec(`DELETE FROM `+table+` WHERE municipality_code = ? AND lines <= 0`, mc); err != nil {
				return internal("spend aggregates: prune "+table, err)
			}
		}
	}
	if _, err := t.exec(`DROP TABLE spend_delta`); err != nil {
		return internal("spend delta", err)
	}
	return nil
}

// staleDeltaCVRs lists the CVRs of spend_delta whose recorded class
// differs from their organisation's class now.
func (t *wtx) staleDeltaCVRs() ([]string, error) {
	rows, err := t.query(`SELECT DISTINCT d.supplier_cvr FROM spend_delta d
		LEFT JOIN organisations o ON o.cvr = d.supplier_cvr
		LEFT JOIN spend_classes c ON c.supplier_cvr = d.supplier_cvr
		WHERE d.supplier_cvr <> '' AND COALESCE(` + classExpr + `, 0) <> COALESCE(c.class, 0)`)
	if err != nil {
		return nil, internal("stale supplier classes", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var cvr string
		if err := rows.Scan(&cvr); err != nil {
			return nil, internal("stale supplier classes", err)
		}
		out = append(out, cvr)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("stale supplier classes", err)
	}
	return out, nil
}

// refreshSpendForCVR brings the SØV and RSV sums of every municipality that
// bought from cvr in line with the organisation that has the CVR now (or
// none). The organisation paths call it after a change of kind, CVR or RSV
// verification, for the old and the new CVR; an unchanged class costs two
// lookups.
func (t *wtx) refreshSpendForCVR(cvrs ...string) error {
	for _, cvr := range cvrs {
		cvr = strings.TrimSpace(cvr)
		if cvr == "" {
			continue
		}
		var now int
		err := t.queryRow(`SELECT `+classExpr+` FROM organisations o WHERE o.cvr = ?`, cvr).Scan(&now)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return internal("classify supplier", err)
		}
		var was int
		err = t.queryRow(`SELECT class FROM spend_classes WHERE supplier_cvr = ?`, cvr).Scan(&was)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return internal("classify supplier", err)
		}
		if now == was {
			continue
		}
		if err := t.moveSpendClass(cvr, was, now); err != nil {
			return err
		}
	}
	return nil
}

// refreshSpendForCVRs is refreshSpendForCVR for a bulk import of
// organisations: only CVRs that already have spend are looked at (one
// query per 500), since an import classifies new suppliers itself.
func (t *wtx) refreshSpendForCVRs(cvrs map[string]int) error {
	keys := make([]any, 0, len(cvrs))
	for cvr := range cvrs {
		keys = append(keys, cvr)
	}
	var todo []string
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		in := placeholders(len(chunk))
		rows, err := t.query(`SELECT supplier_key FROM spend_cells WHERE supplier_key IN (`+in+`)
			UNION SELECT supplier_cvr FROM spend_classes WHERE supplier_cvr IN (`+in+`)`, append(append([]any{}, chunk...), chunk...)...)
		if err != nil {
			return internal("suppliers with spend", err)
		}
		for rows.Next() {
			var cvr string
			if err := rows.Scan(&cvr); err != nil {
				rows.Close()
				return internal("suppliers with spend", err)
			}
			todo = append(todo, cvr)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("suppliers with spend", err)
		}
	}
	return t.refreshSpendForCVR(todo...)
}

// moveSpendClass moves cvr's spend from class was to class now in the
// division and total sums.
func (t *wtx) moveSpendClass(cvr string, was, now int) error {
	b := func(ok bool) int64 {
		if ok {
			return 1
		}
		return 0
	}
	sovF := b(now >= classSOV) - b(was >= classSOV)
	rsvF := b(now == classRSV) - b(was == classRSV)
	type quarterKey struct {
		mc      string
		year, q int
	}
	type cell struct {
		quarterKey
		div   string
		total int64
	}
	rows, err := t.query(`SELECT municipality_code, year, quarter, cpv_division, total_ore FROM spend_cells WHERE supplier_key = ?`, cvr)
	if err != nil {
		return internal("reclassify supplier", err)
	}
	var cells []cell
	for rows.Next() {
		var c cell
		if err := rows.Scan(&c.mc, &c.year, &c.q, &c.div, &c.total); err != nil {
			rows.Close()
			return internal("reclassify supplier", err)
		}
		cells = append(cells, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("reclassify supplier", err)
	}
	totals := map[quarterKey]int64{}
	var order []quarterKey
	for _, c := range cells {
		if _, err := t.exec(`UPDATE spend_divisions SET sov_ore = sov_ore + ?, rsv_ore = rsv_ore + ?
			WHERE municipality_code = ? AND year = ? AND quarter = ? AND cpv_division = ?`,
			sovF*c.total, rsvF*c.total, c.mc, c.year, c.q, c.div); err != nil {
			return internal("reclassify supplier", err)
		}
		if _, ok := totals[c.quarterKey]; !ok {
			order = append(order, c.quarterKey)
		}
		totals[c.quarterKey] += c.total
	}
	for _, k := range order {
		if _, err := t.exec(`UPDATE spend_totals SET sov_ore = sov_ore + ?, rsv_ore = rsv_ore + ?
			WHERE municipality_code = ? AND year = ? AND quarter = ?`, sovF*totals[k], rsvF*totals[k], k.mc, k.year, k.q); err != nil {
			return internal("reclassify supplier", err)
		}
	}
	if _, err := t.exec(`UPDATE spend_suppliers SET class = ? WHERE supplier_key = ?`, now, cvr); err != nil {
		return internal("reclassify supplier", err)
	}
	if now == classOrdinary {
		_, err = t.exec(`DELETE FROM spend_classes WHERE supplier_cvr = ?`, cvr)
	} else {
		_, err = t.exec(`INSERT INTO spend_classes (supplier_cvr, class) VALUES (?, ?)
			ON CONFLICT (supplier_cvr) DO UPDATE SET class = excluded.class`, cvr, now)
	}
	if err != nil {
		return internal("reclassify supplier", err)
	}
	return nil
}

// DeletePurchaseImport removes an import's lines and takes them out of the
// aggregates. ENOTFOUND.
func (d *DB) DeletePurchaseImport(ctx context.Context, id int64) (*samspil.PurchaseImport, error) {
	var out *samspil.PurchaseImport
	err := d.write(ctx, func(t *wtx) error {
		imp, err := findPurchaseImport(t.conn, id, t.d.forUpdate)
		if err != nil {
			return err
		}
		if imp.NewLines > 0 {
			if err := t.applyImport(id, imp.MunicipalityCode, -1, nil); err != nil {
				return err
			}
		}
		if _, err := t.exec(`DELETE FROM purchases WHERE import_id = ?`, id); err != nil {
			return internal("delete purchases", err)
		}
		if _, err := t.exec(`DELETE FROM purchase_imports WHERE id = ?`, id); err != nil {
			return internal("delete purchase import", err)
		}
		out = imp
		return t.audit("purchase.undo", "purchase_import", id, imp, nil)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const purchaseImportSelect = `SELECT i.id, i.municipality_code, i.file_name, i.sha256, i.format, i.lines, i.new_lines,
	i.total_ore, i.sov_ore, i.rsv_ore, COALESCE(i.imported_by, 0), COALESCE(u.name, ''), i.imported_at
	FROM purchase_imports i LEFT JOIN users u ON u.id = i.imported_by`

func scanPurchaseImport(s rowScanner) (*samspil.PurchaseImport, error) {
	var p samspil.PurchaseImport
	err := s.Scan(&p.ID, &p.MunicipalityCode, &p.FileName, &p.SHA256, &p.Format, &p.Lines, &p.NewLines,
		&p.TotalOre, &p.SOVOre, &p.RSVOre, &p.ImportedBy, &p.ImportedByName, timeScanner{&p.ImportedAt})
	return &p, err
}

func findPurchaseImport(c conn, id int64, suffix string) (*samspil.PurchaseImport, error) {
	q := purchaseImportSelect + ` WHERE i.id = ?`
	if suffix != "" {
		// FOR UPDATE cannot lock the nullable side of an outer join.
		q += suffix + ` OF i`
	}
	p, err := scanPurchaseImport(c.queryRow(q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("purchase_import.not_found", "the import does not exist")
	} else if err != nil {
		return nil, internal("find purchase import", err)
	}
	return p, nil
}

// FindPurchaseImportByID returns ENOTFOUND when no import has id.
func (d *DB) FindPurchaseImportByID(ctx context.Context, id int64) (*samspil.PurchaseImport, error) {
	return findPurchaseImport(d.read(ctx), id, "")
}

// FindPurchaseImports returns a municipality's imports, newest first.
func (d *DB) FindPurchaseImports(ctx context.Context, municipalityCode string, offset, limit int) ([]*samspil.PurchaseImport, int, error) {
	offset, limit, err := page(offset, limit)
	if err != nil {
		return nil, 0, err
	}
	c := d.read(ctx)
	mc := strings.TrimSpace(municipalityCode)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM purchase_imports WHERE municipality_code = ?`, mc).Scan(&total); err != nil {
		return nil, 0, internal("count purchase imports", err)
	}
	rows, err := c.query(purchaseImportSelect+` WHERE i.municipality_code = ? ORDER BY i.id DESC LIMIT ? OFFSET ?`, mc, limit, offset)
	if err != nil {
		return nil, 0, internal("find purchase imports", err)
	}
	defer rows.Close()
	out := []*samspil.PurchaseImport{}
	for rows.Next() {
		p, err := scanPurchaseImport(rows)
		if err != nil {
			return nil, 0, internal("find purchase imports", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find purchase imports", err)
	}
	return out, total, nil
}
