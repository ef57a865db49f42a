package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// spendSupplierPage is how many suppliers one page of the spend dashboard
// lists.
const spendSupplierPage = 20

// spendDivision is one row of the CPV-division table: the figures and the
// division's label in the page language.
type spendDivision struct {
	samspil.DivisionSpend
	Label string
}

// spendPeer is one row of the comparison with similar municipalities.
type spendPeer struct {
	samspil.PeerSpend
	Self bool // the municipality the page is about
}

// spendData is the spend dashboard of one municipality.
type spendData struct {
	M         *samspil.Municipality
	Org       *samspil.Organisation // nil when the municipality has no organisation yet
	Spend     *samspil.Spend
	Year      int
	Quarter   int  // 0 for the whole year
	SOVOnly   bool // the supplier list shows only SØV
	Period    samspil.SpendFigures
	Chart     *spendChart
	Divisions []spendDivision
	Peers     []spendPeer
	Pager     adminPager
	Years     []Option
	Quarters  []Option
	CanImport bool
	Empty     bool // no spend imported for any year
	Base      string
	ExportCSV string
	ExportXLS string
}

// spendPath is the dashboard of a municipality, with an optional suffix.
func spendPath(code, suffix string) string { return "/kommuner/" + code + "/indkoeb" + suffix }

// spendOrg finds the municipality of {kode} and its organisation (nil
// when none exists). It answers the request itself when it fails.
func (s *Server) spendOrg(w http.ResponseWriter, r *http.Request) (*samspil.Municipality, *samspil.Organisation, bool) {
	m, ok := refdata.MunicipalityByCode(r.PathValue("kode"))
	if !ok {
		s.notFound(w, r)
		return nil, nil, false
	}
	o, err := s.store.FindMunicipalityOrganisation(r.Context(), m.Code)
	switch samspil.ErrorCode(err) {
	case "":
		return m, o, true
	case samspil.ENOTFOUND:
		return m, nil, true
	}
	s.fail(w, r, err)
	return nil, nil, false
}

// canImportSpend reports whether the viewer may import and undo spend for
// the municipality's organisation o.
func (s *Server) canImportSpend(r *http.Request, o *samspil.Organisation) bool {
	p := s.principal(r)
	return o != nil && p != nil && p.CanImportPurchases(o.ID)
}

// spendYear reads ?aar= as a plausible year, or 0.
func spendYear(v string) int {
	y, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || y < 1990 || y > 2200 {
		return 0
	}
	return y
}

// loadSpend returns the spend of the year f.Year, or — when year is 0 —
// of the newest year with imported lines (the current year when there is
// none).
func (s *Server) loadSpend(r *http.Request, f samspil.SpendFilter) (*samspil.Spend, error) {
	chosen := f.Year != 0
	if !chosen {
		f.Year = s.now().In(s.loc).Year()
	}
	sp, err := s.store.MunicipalitySpend(r.Context(), f)
	if err != nil {
		return nil, err
	}
	if !chosen && len(sp.Years) > 0 && sp.Years[0] != f.Year {
		f.Year = sp.Years[0]
		return s.store.MunicipalitySpend(r.Context(), f)
	}
	return sp, nil
}

// handleSpend is GET /kommuner/{kode}/indkoeb: what the municipality
// spent in a year (and quarter), how much of it went to SØV, by quarter,
// CPV division and supplier, compared with municipalities of similar size.
func (s *Server) handleSpend(w http.ResponseWriter, r *http.Request) {
	m, o, ok := s.spendOrg(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	d := &spendData{M: m, Org: o, Year: spendYear(q.Get("aar")), SOVOnly: q.Get("soev") == "1",
		CanImport: s.canImportSpend(r, o), Base: spendPath(m.Code, "")}
	if k, err := strconv.Atoi(q.Get("kvartal")); err == nil && k >= 1 && k <= 4 {
		d.Quarter = k
	}
	page := adminPageParam(r)
	sp, err := s.loadSpend(r, samspil.SpendFilter{MunicipalityCode: m.Code, Year: d.Year, Quarter: d.Quarter,
		Suppliers: spendSupplierPage, SupplierOffset: (page - 1) * spendSupplierPage, SOVOnly: d.SOVOnly})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Spend, d.Year = sp, sp.Year
	d.Empty = len(sp.Years) == 0
	d.Period = sp.SpendFigures
	if d.Quarter > 0 {
		for _, qs := range sp.ByQuarter {
			if qs.Quarter == d.Quarter {
				d.Period = qs.SpendFigures
			}
		}
	}
	tr := TranslatorFrom(r)
	d.Chart = newSpendChart(tr, sp.ByQuarter, d.Quarter)
	for _, dv := range sp.ByCPVDivision {
		d.Divisions = append(d.Divisions, spendDivision{DivisionSpend: dv, Label: cpvDivisionLabel(dv.Division, tr.Lang, tr)})
	}
	d.Peers = append(d.Peers, spendPeer{PeerSpend: samspil.PeerSpend{MunicipalityCode: m.Code, Name: m.Name, SpendFigures: sp.SpendFigures}, Self: true})
	for _, p := range sp.Peers {
		if p.MunicipalityCode != m.Code {
			d.Peers = append(d.Peers, spendPeer{PeerSpend: p})
		}
	}
	d.Pager = newAdminPager(r, page, sp.SupplierCount, spendSupplierPage)
	for _, y := range sp.Years {
		d.Years = append(d.Years, Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == d.Year})
	}
	if len(d.Years) == 0 {
		d.Years = append(d.Years, Option{Value: strconv.Itoa(d.Year), Label: strconv.Itoa(d.Year), Selected: true})
	}
	d.Quarters = append(d.Quarters, Option{Value: "", Label: tr.T("spend.quarter.all", nil), Selected: d.Quarter == 0})
	for k := 1; k <= 4; k++ {
		d.Quarters = append(d.Quarters, Option{Value: strconv.Itoa(k), Label: tr.T("spend.quarter.n", map[string]any{"Quarter": k}), Selected: k == d.Quarter})
	}
	ex := url.Values{"aar": {strconv.Itoa(d.Year)}}
	d.ExportCSV = spendPath(m.Code, ".csv") + "?" + ex.Encode()
	ex.Set("format", "excel")
	d.ExportXLS = spendPath(m.Code, ".csv") + "?" + ex.Encode()
	s.render(w, r, http.StatusOK, "spend", d)
}

// cpvDivisionLabel is the name of a CPV division ("45" → "Bygge- og
// anlægsarbejder") in lang; lines without a CPV code are collected under
// division "".
func cpvDivisionLabel(div, lang string, tr *Translator) string {
	if div == "" {
		return tr.T("spend.division.none", nil)
	}
	if c, ok := refdata.CPVByCode(div + "000000"); ok {
		return c.Label(lang)
	}
	return div
}

// SpendMoney formats øre with both decimals: "1.234.567,89 kr." in
// Danish, "DKK 1,234,567.89" in English (the spend pages show exact sums).
func (p *Page) SpendMoney(ore int64) string {
	neg := ore < 0
	if neg {
		ore = -ore
	}
	kr := p.Number(ore / 100)
	cents := ore % 100
	dec := ","
	if p.Lang == "en" {
		dec = "."
	}
	s := kr + dec + strconv.FormatInt(cents/10, 10) + strconv.FormatInt(cents%10, 10)
	if neg {
		s = "-" + s
	}
	if p.Lang == "en" {
		return "DKK " + s
	}
	return s + " kr."
}

// SpendShare shows a share in per mille as a percentage with one decimal:
// "3,4 %" in Danish, "3.4%" in English.
func (p *Page) SpendShare(permille int) string { return formatShare(permille, p.Lang) }

// formatShare is SpendShare without a page, for chart labels.
func formatShare(permille int, lang string) string {
	if permille < 0 {
		permille = 0
	}
	s := strconv.Itoa(permille/10) + "," + strconv.Itoa(permille%10)
	if lang == "en" {
		return strings.Replace(s, ",", ".", 1) + "%"
	}
	return s + " %"
}

// IsSOV reports whether a supplier is a social-economy enterprise on the
// platform (templates).
func (d *spendData) IsSOV(sup samspil.SupplierSpend) bool { return sup.Kind == samspil.OrgSOV }

// QuarterURL links to the dashboard narrowed to quarter k (0: the year).
func (d *spendData) QuarterURL(k int) string {
	v := url.Values{"aar": {strconv.Itoa(d.Year)}}
	if k > 0 {
		v.Set("kvartal", strconv.Itoa(k))
	}
	return d.Base + "?" + v.Encode()
}

// PeerURL links to another municipality's dashboard for the same year.
func (d *spendData) PeerURL(code string) string {
	return spendPath(code, "") + "?aar=" + strconv.Itoa(d.Year)
}
