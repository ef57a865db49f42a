package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// Unit prices of public costs (the social-value estimate's assumptions):
// dated, sourced rows; a new price is a new row from a date, so an old
// estimate can still be explained.

const unitPriceColumns = `u.id, u.code, u.name_da, u.name_en, u.amount_ore, u.source, u.source_url, u.valid_from, u.checked, u.note,
	u.created_by, u.created_at`

func scanUnitPrice(s rowScanner) (*samspil.UnitPrice, error) {
	u := &samspil.UnitPrice{}
	var by sql.NullInt64
	err := s.Scan(&u.ID, &u.Code, &u.NameDA, &u.NameEN, &u.AmountOre, &u.Source, &u.SourceURL, dateScanner{&u.ValidFrom}, &u.Checked,
		&u.Note, &by, timeScanner{&u.CreatedAt})
	u.CreatedBy = by.Int64
	return u, err
}

// findUnitPrices returns every unit price row by code and date.
func findUnitPrices(c conn) ([]*samspil.UnitPrice, error) {
	rows, err := c.query(`SELECT ` + unitPriceColumns + ` FROM unit_prices u ORDER BY u.code, u.valid_from`)
	if err != nil {
		return nil, internal("find unit prices", err)
	}
	defer rows.Close()
	out := []*samspil.UnitPrice{}
	for rows.Next() {
		u, err := scanUnitPrice(rows)
		if err != nil {
			return nil, internal("find unit prices", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find unit prices", err)
	}
	return out, nil
}

// FindUnitPrices returns every unit price row, by code and date.
func (d *DB) FindUnitPrices(ctx context.Context) ([]*samspil.UnitPrice, error) {
	return findUnitPrices(d.read(ctx))
}

// unitPriceCodes returns the set of codes that have at least one row.
func unitPriceCodes(c conn) (map[string]bool, error) {
	rows, err := c.query(`SELECT DISTINCT code FROM unit_prices`)
	if err != nil {
		return nil, internal("unit price codes", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, internal("unit price codes", err)
		}
		out[code] = true
	}
	if err := rows.Err(); err != nil {
		return nil, internal("unit price codes", err)
	}
	return out, nil
}

// pbrDay returns midnight UTC of t's calendar date.
func pbrDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// insertUnitPrice writes u (validated) as a new row inside t.
func insertUnitPrice(t *wtx, u *samspil.UnitPrice) error {
	u.ValidFrom = pbrDay(u.ValidFrom)
	u.CreatedBy, u.CreatedAt = t.actor, t.now
	id, err := t.insertID(`INSERT INTO unit_prices (code, name_da, name_en, amount_ore, source, source_url, valid_from, checked, note,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Code, u.NameDA, u.NameEN, u.AmountOre, u.Source, u.SourceURL, pbrDate(u.ValidFrom), u.Checked, u.Note,
		nullID(u.CreatedBy), t.d.ts(t.now))
	if err != nil {
		if isUniqueViolation(err) {
			return conflict("valid_from", "pbr.unit_price.exists", "a price for that code from that date already exists")
		}
		return internal("insert unit price", err)
	}
	u.ID = id
	return nil
}

// SaveUnitPrice adds a dated row for a code. EINVALID; ECONFLICT
// "pbr.unit_price.exists" for the same code and date.
func (d *DB) SaveUnitPrice(ctx context.Context, u *samspil.UnitPrice) error {
	if err := u.Validate(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		// A failed INSERT aborts a PostgreSQL transaction, so the duplicate
		// is looked for first; the unique key still guards a race.
		var n int
		if err := t.queryRow(`SELECT COUNT(*) FROM unit_prices WHERE code = ? AND valid_from = ?`, u.Code, pbrDate(u.ValidFrom)).Scan(&n); err != nil {
			return internal("find unit price", err)
		}
		if n > 0 {
			return conflict("valid_from", "pbr.unit_price.exists", "a price for that code from that date already exists")
		}
		if err := insertUnitPrice(t, u); err != nil {
			return err
		}
		return t.audit("pbr.unit_price.create", "unit_price", u.ID, nil, u)
	})
	if err != nil {
		u.ID = 0
	}
	return err
}

// seedUnitPrices adds the engine's default unit prices for every code that
// has no row yet, so a price an editor changed or added is never touched.
func (t *wtx) seedUnitPrices() error {
	defaults := pbr.DefaultUnitPrices()
	if len(defaults) == 0 {
		return nil
	}
	have, err := unitPriceCodes(t.conn)
	if err != nil {
		return err
	}
	var added []string
	for i := range defaults {
		u := defaults[i]
		if err := u.Validate(); err != nil {
			return internal("seed unit price "+u.Code, err)
		}
		if have[u.Code] {
			continue
		}
		if err := insertUnitPrice(t, &u); err != nil {
			return err
		}
		added = append(added, u.Code)
	}
	if len(added) == 0 {
		return nil
	}
	return t.audit("pbr.unit_price.seed", "unit_price", 0, nil, map[string]any{"codes": added})
}
