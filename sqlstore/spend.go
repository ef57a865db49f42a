package sqlstore

import (
	"context"
	"sort"
	"strings"

	"github.com/samspil/samspil"
)

// The spend page and the national overview, read only from the aggregates
// that ImportPurchases and DeletePurchaseImport keep (purchase.go): every
// query below touches at most a few hundred index entries, whatever the
// number of purchase lines.

// Limits of SpendFilter's lists.
const (
	defaultSpendSuppliers = 20
	maxSpendSuppliers     = 200
	defaultSpendPeers     = 6
	maxSpendPeers         = 50
)

// sumInt is SUM as a 64-bit integer on both databases (PostgreSQL's SUM
// of bigint is numeric).
func sumInt(col string) string { return "CAST(COALESCE(SUM(" + col + "), 0) AS BIGINT)" }

// MunicipalitySpend returns a municipality's spend for a year (or quarter).
func (d *DB) MunicipalitySpend(ctx context.Context, f samspil.SpendFilter) (*samspil.Spend, error) {
	var v samspil.Validation
	if f.Year != 0 && (f.Year < 1900 || f.Year > 9999) {
		v.Add("year", "spend.year.invalid", "the year is not valid", nil)
	}
	if f.Quarter < 0 || f.Quarter > 4 {
		v.Add("quarter", "spend.quarter.invalid", "the quarter must be 1 to 4", nil)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if f.Suppliers <= 0 {
		f.Suppliers = defaultSpendSuppliers
	}
	f.Suppliers = min(f.Suppliers, maxSpendSuppliers)
	f.SupplierOffset = max(f.SupplierOffset, 0)
	if f.Peers <= 0 {
		f.Peers = defaultSpendPeers
	}
	f.Peers = min(f.Peers, maxSpendPeers)
	mc := strings.TrimSpace(f.MunicipalityCode)
	c := d.read(ctx)
	if err := c.municipalityExists(mc); err != nil {
		return nil, err
	}
	s := &samspil.Spend{MunicipalityCode: mc, ByQuarter: make([]samspil.QuarterSpend, 4),
		ByCPVDivision: []samspil.DivisionSpend{}, TopSuppliers: []samspil.SupplierSpend{}, Peers: []samspil.PeerSpend{}, Years: []int{}}

	// Years with lines, newest first; the default year is the newest.
	rows, err := c.query(`SELECT DISTINCT year FROM spend_totals WHERE municipality_code = ? ORDER BY year DESC`, mc)
	if err != nil {
		return nil, internal("spend years", err)
	}
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			rows.Close()
			return nil, internal("spend years", err)
		}
		s.Years = append(s.Years, y)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("spend years", err)
	}
	s.Year = f.Year
	if s.Year == 0 {
		if len(s.Years) > 0 {
			s.Year = s.Years[0]
		} else {
			s.Year = d.now().Year()
		}
	}

	// The quarters and the headline figures.
	for i := range s.ByQuarter {
		s.ByQuarter[i].Quarter = i + 1
	}
	rows, err = c.query(`SELECT quarter, total_ore, sov_ore, rsv_ore FROM spend_totals
		WHERE municipality_code = ? AND year = ? ORDER BY quarter`, mc, s.Year)
	if err != nil {
		return nil, internal("spend quarters", err)
	}
	for rows.Next() {
		var q int
		var fig samspil.SpendFigures
		if err := rows.Scan(&q, &fig.TotalOre, &fig.SOVOre, &fig.RSVOre); err != nil {
			rows.Close()
			return nil, internal("spend quarters", err)
		}
		if q < 1 || q > 4 {
			continue
		}
		s.ByQuarter[q-1].SpendFigures = fig
		if f.Quarter == 0 || f.Quarter == q {
			s.TotalOre += fig.TotalOre
			s.SOVOre += fig.SOVOre
			s.RSVOre += fig.RSVOre
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("spend quarters", err)
	}

	// CPV divisions, largest first.
	qWhere, qArgs := "", []any{mc, s.Year}
	if f.Quarter != 0 {
		qWhere = " AND quarter = ?"
		qArgs = append(qArgs, f.Quarter)
	}
	rows, err = c.query(`SELECT cpv_division, `+sumInt("total_ore")+`, `+sumInt("sov_ore")+`, `+sumInt("rsv_ore")+`
		FROM spend_divisions WHERE municipality_code = ? AND year = ?`+qWhere+`
		GROUP BY cpv_division ORDER BY 2 DESC, cpv_division`, qArgs...)
	if err != nil {
		return nil, internal("spend divisions", err)
	}
	for rows.Next() {
		var ds samspil.DivisionSpend
		if err := rows.Scan(&ds.Division, &ds.TotalOre, &ds.SOVOre, &ds.RSVOre); err != nil {
			rows.Close()
			return nil, internal("spend divisions", err)
		}
		s.ByCPVDivision = append(s.ByCPVDivision, ds)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("spend divisions", err)
	}

	if err := d.topSuppliers(c, s, f); err != nil {
		return nil, err
	}
	if err := d.spendPeers(c, s, f.Peers); err != nil {
		return nil, err
	}
	return s, nil
}

// topSuppliers fills the supplier page and count from spend_suppliers
// (quarter 0 holds the whole year), then names matched organisations.
func (d *DB) topSuppliers(c conn, s *samspil.Spend, f samspil.SpendFilter) error {
	where := `municipality_code = ? AND year = ? AND quarter = ?`
	args := []any{s.MunicipalityCode, s.Year, f.Quarter}
	if f.SOVOnly {
		where += ` AND class >= 1`
	}
	if err := c.queryRow(`SELECT COUNT(*) FROM spend_suppliers WHERE `+where, args...).Scan(&s.SupplierCount); err != nil {
		return internal("count suppliers", err)
	}
	rows, err := c.query(`SELECT supplier_cvr, supplier_name, total_ore, class FROM spend_suppliers WHERE `+where+`
		ORDER BY total_ore DESC, supplier_key DESC LIMIT ? OFFSET ?`, append(args, f.Suppliers, f.SupplierOffset)...)
	if err != nil {
		return internal("top suppliers", err)
	}
	var cvrs []any
	for rows.Next() {
		var sp samspil.SupplierSpend
		var class int
		if err := rows.Scan(&sp.CVR, &sp.Name, &sp.TotalOre, &class); err != nil {
			rows.Close()
			return internal("top suppliers", err)
		}
		s.TopSuppliers = append(s.TopSuppliers, sp)
		if sp.CVR != "" {
			cvrs = append(cvrs, sp.CVR)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("top suppliers", err)
	}
	if len(cvrs) == 0 {
		return nil
	}
	type match struct {
		id   int64
		name string
		kind samspil.OrgKind
		rsv  bool
	}
	found := map[string]match{}
	rows, err = c.query(`SELECT o.cvr, o.id, o.name, o.kind, `+classExpr+` FROM organisations o WHERE o.cvr IN (`+placeholders(len(cvrs))+`)`, cvrs...)
	if err != nil {
		return internal("match suppliers", err)
	}
	for rows.Next() {
		var cvr string
		var m match
		var class int
		if err := rows.Scan(&cvr, &m.id, &m.name, &m.kind, &class); err != nil {
			rows.Close()
			return internal("match suppliers", err)
		}
		m.rsv = class == classRSV
		found[cvr] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("match suppliers", err)
	}
	for i := range s.TopSuppliers {
		sp := &s.TopSuppliers[i]
		if m, ok := found[sp.CVR]; ok {
			sp.OrganisationID, sp.Name, sp.Kind, sp.RSVVerified = m.id, m.name, m.kind, m.rsv
		}
	}
	return nil
}

// yearFigures returns every municipality's figures for a year that has
// any lines, by kommunekode.
func (c conn) yearFigures(year int) ([]samspil.PeerSpend, error) {
	rows, err := c.query(`SELECT t.municipality_code, m.name, `+sumInt("t.total_ore")+`, `+sumInt("t.sov_ore")+`, `+sumInt("t.rsv_ore")+`
		FROM spend_totals t JOIN municipalities m ON m.code = t.municipality_code
		WHERE t.year = ? GROUP BY t.municipality_code, m.name ORDER BY t.municipality_code`, year)
	if err != nil {
		return nil, internal("spend by municipality", err)
	}
	defer rows.Close()
	var out []samspil.PeerSpend
	for rows.Next() {
		var p samspil.PeerSpend
		if err := rows.Scan(&p.MunicipalityCode, &p.Name, &p.TotalOre, &p.SOVOre, &p.RSVOre); err != nil {
			return nil, internal("spend by municipality", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("spend by municipality", err)
	}
	return out, nil
}

// spendPeers picks the municipalities with lines that year whose total is
// nearest this one's, nearest first.
func (d *DB) spendPeers(c conn, s *samspil.Spend, n int) error {
	all, err := c.yearFigures(s.Year)
	if err != nil {
		return err
	}
	var own int64
	for _, p := range all {
		if p.MunicipalityCode == s.MunicipalityCode {
			own = p.TotalOre
		}
	}
	peers := make([]samspil.PeerSpend, 0, len(all))
	for _, p := range all {
		if p.MunicipalityCode != s.MunicipalityCode {
			peers = append(peers, p)
		}
	}
	dist := func(p samspil.PeerSpend) int64 {
		if p.TotalOre > own {
			return p.TotalOre - own
		}
		return own - p.TotalOre
	}
	sort.SliceStable(peers, func(i, j int) bool {
		di, dj := dist(peers[i]), dist(peers[j])
		if di != dj {
			return di < dj
		}
		return peers[i].MunicipalityCode < peers[j].MunicipalityCode
	})
	if len(peers) > n {
		peers = peers[:n]
	}
	s.Peers = peers
	return nil
}

// NationalSpend returns every municipality's figures for a year by
// kommunekode; municipalities without lines that year have zero figures.
func (d *DB) NationalSpend(ctx context.Context, year int) ([]samspil.PeerSpend, error) {
	if year < 1900 || year > 9999 {
		return nil, invalid("year", "spend.year.invalid", "the year is not valid")
	}
	c := d.read(ctx)
	figs, err := c.yearFigures(year)
	if err != nil {
		return nil, err
	}
	byCode := map[string]samspil.PeerSpend{}
	for _, p := range figs {
		byCode[p.MunicipalityCode] = p
	}
	rows, err := c.query(`SELECT code, name FROM municipalities ORDER BY code`)
	if err != nil {
		return nil, internal("national spend", err)
	}
	defer rows.Close()
	out := []samspil.PeerSpend{}
	for rows.Next() {
		var p samspil.PeerSpend
		if err := rows.Scan(&p.MunicipalityCode, &p.Name); err != nil {
			return nil, internal("national spend", err)
		}
		if f, ok := byCode[p.MunicipalityCode]; ok {
			p.SpendFigures = f.SpendFigures
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("national spend", err)
	}
	return out, nil
}
