package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// RunPurchases runs the contract tests of purchase imports and the spend
// aggregates against stores from open.
func RunPurchases(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"PurchaseImport", testPurchaseImport},
		{"PurchaseIdempotent", testPurchaseIdempotent},
		{"PurchaseAllOrNothing", testPurchaseAllOrNothing},
		{"PurchaseQuarters", testPurchaseQuarters},
		{"PurchaseReclassify", testPurchaseReclassify},
		{"PurchaseUndo", testPurchaseUndo},
		{"PurchaseSuppliers", testPurchaseSuppliers},
		{"PurchasePeers", testPurchasePeers},
		{"PurchaseNotFound", testPurchaseNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// day is midnight UTC of a Danish date, as the parser yields it.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// pline is a purchase line with a reference key.
func pline(n int, cvr string, ore int64, date time.Time, cpv string) samspil.PurchaseLine {
	return samspil.PurchaseLine{Line: n + 1, SupplierCVR: cvr, SupplierName: "Leverandør " + cvr, AmountOre: ore,
		Date: date, CPV: cpv, InvoiceRef: fmt.Sprintf("F-%d", n), Key: fmt.Sprintf("r:%s|F-%d|1", cvr, n)}
}

func seqOf(lines ...samspil.PurchaseLine) iter.Seq2[samspil.PurchaseLine, error] {
	return func(yield func(samspil.PurchaseLine, error) bool) {
		for _, l := range lines {
			if !yield(l, nil) {
				return
			}
		}
	}
}

func importLines(t *testing.T, e *env, mc string, lines ...samspil.PurchaseLine) *samspil.PurchaseImport {
	t.Helper()
	imp := &samspil.PurchaseImport{MunicipalityCode: mc, FileName: "indkoeb.csv", SHA256: "ab", Format: "semikolon"}
	must(t, e.s.ImportPurchases(e.ctx, imp, seqOf(lines...)))
	return imp
}

func spendOf(t *testing.T, e *env, f samspil.SpendFilter) *samspil.Spend {
	t.Helper()
	s, err := e.s.MunicipalitySpend(e.ctx, f)
	must(t, err)
	return s
}

func wantFigures(t *testing.T, what string, got samspil.SpendFigures, total, sov, rsv int64) {
	t.Helper()
	if got.TotalOre != total || got.SOVOre != sov || got.RSVOre != rsv {
		t.Fatalf("%s = %+v, want total %d sov %d rsv %d", what, got, total, sov, rsv)
	}
}

// suppliers creates an RSV-verified SØV (CVR 1), an SØV (CVR 2) and a
// company (CVR 3), and returns the SØV organisations.
func spendSuppliers(t *testing.T, e *env) (rsv, sov *samspil.Organisation) {
	t.Helper()
	rsv = newOrg(1, "Grøn Omsorg")
	must(t, e.s.CreateOrganisation(e.ctx, rsv))
	_, err := e.s.SetRSVRegistration(e.ctx, rsv.ID, true)
	must(t, err)
	sov = newOrg(2, "Café Trappen")
	must(t, e.s.CreateOrganisation(e.ctx, sov))
	company := newOrg(3, "Almindelig ApS")
	company.Kind = samspil.OrgVirksomhed
	must(t, e.s.CreateOrganisation(e.ctx, company))
	return rsv, sov
}

func testPurchaseImport(t *testing.T, e *env) {
	spendSuppliers(t, e)
	a, b, c, x := ValidCVR(1), ValidCVR(2), ValidCVR(3), ValidCVR(4)
	imp := importLines(t, e, "0101",
		pline(1, a, 100_000_00, day(2025, 2, 1), "85311000-2"),
		pline(2, a, -10_000_00, day(2025, 2, 3), "85311000-2"), // credit note
		pline(3, b, 50_000_00, day(2025, 5, 1), "55500000-5"),
		pline(4, c, 200_000_00, day(2025, 8, 1), "90911200-8"),
		pline(5, x, 40_000_00, day(2025, 11, 1), ""),
	)
	if imp.ID == 0 || imp.Lines != 5 || imp.NewLines != 5 || imp.TotalOre != 380_000_00 || imp.SOVOre != 140_000_00 || imp.RSVOre != 90_000_00 {
		t.Fatalf("import = %+v", imp)
	}
	if imp.ImportedAt.IsZero() || imp.MunicipalityCode != "0101" {
		t.Fatalf("import = %+v", imp)
	}
	s := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	wantFigures(t, "year", s.SpendFigures, 380_000_00, 140_000_00, 90_000_00)
	if s.SOVShare() != 368 {
		t.Fatalf("share = %d", s.SOVShare())
	}
	if len(s.ByQuarter) != 4 {
		t.Fatalf("quarters = %+v", s.ByQuarter)
	}
	wantFigures(t, "Q1", s.ByQuarter[0].SpendFigures, 90_000_00, 90_000_00, 90_000_00)
	wantFigures(t, "Q2", s.ByQuarter[1].SpendFigures, 50_000_00, 50_000_00, 0)
	wantFigures(t, "Q3", s.ByQuarter[2].SpendFigures, 200_000_00, 0, 0)
	wantFigures(t, "Q4", s.ByQuarter[3].SpendFigures, 40_000_00, 0, 0)
	var divs []string
	for _, d := range s.ByCPVDivision {
		divs = append(divs, fmt.Sprintf("%s:%d", d.Division, d.TotalOre))
	}
	if fmt.Sprint(divs) != "[90:20000000 85:9000000 55:5000000 :4000000]" {
		t.Fatalf("divisions = %v", divs)
	}
	if fmt.Sprint(s.Years) != "[2025]" || s.Year != 2025 || s.MunicipalityCode != "0101" {
		t.Fatalf("years = %v, year %d", s.Years, s.Year)
	}
	// A quarter narrows the headline figures, divisions and suppliers.
	q := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025, Quarter: 2})
	wantFigures(t, "quarter 2", q.SpendFigures, 50_000_00, 50_000_00, 0)
	if len(q.ByCPVDivision) != 1 || q.SupplierCount != 1 || q.TopSuppliers[0].CVR != b || len(q.ByQuarter) != 4 {
		t.Fatalf("quarter 2 = %+v", q)
	}
	// A year without lines is zero, not an error; no year means the newest.
	empty := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2019})
	wantFigures(t, "2019", empty.SpendFigures, 0, 0, 0)
	if len(empty.ByQuarter) != 4 || len(empty.TopSuppliers) != 0 || empty.ByCPVDivision == nil {
		t.Fatalf("2019 = %+v", empty)
	}
	if def := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101"}); def.Year != 2025 {
		t.Fatalf("default year = %d", def.Year)
	}
	// The import is listed and read back.
	list, total, err := e.s.FindPurchaseImports(e.ctx, "0101", 0, 10)
	must(t, err)
	if total != 1 || len(list) != 1 || list[0].ID != imp.ID || list[0].TotalOre != imp.TotalOre || list[0].SOVOre != imp.SOVOre || list[0].Format != "semikolon" {
		t.Fatalf("imports = %d %+v", total, list)
	}
	got, err := e.s.FindPurchaseImportByID(e.ctx, imp.ID)
	must(t, err)
	if got.NewLines != 5 || got.FileName != "indkoeb.csv" || !got.ImportedAt.Equal(Start) {
		t.Fatalf("by id = %+v", got)
	}
	// National figures list every municipality.
	nat, err := e.s.NationalSpend(e.ctx, 2025)
	must(t, err)
	if len(nat) != 98 || nat[0].MunicipalityCode != "0101" || nat[0].TotalOre != 380_000_00 || nat[1].TotalOre != 0 {
		t.Fatalf("national = %d %+v", len(nat), nat[:2])
	}
	// Implausible or incomplete lines are refused.
	bad := pline(9, a, samspil.MaxPurchaseAmountOre+1, day(2025, 1, 1), "")
	err = e.s.ImportPurchases(e.ctx, &samspil.PurchaseImport{MunicipalityCode: "0101"}, seqOf(bad))
	wantCode(t, err, samspil.EINVALID, "purchase.amount.too_large")
	nokey := pline(9, a, 1, day(2025, 1, 1), "")
	nokey.Key = ""
	err = e.s.ImportPurchases(e.ctx, &samspil.PurchaseImport{MunicipalityCode: "0101"}, seqOf(nokey))
	wantCode(t, err, samspil.EINVALID, "purchase.line.incomplete")
}

func testPurchaseIdempotent(t *testing.T, e *env) {
	spendSuppliers(t, e)
	lines := []samspil.PurchaseLine{
		pline(1, ValidCVR(1), 1_000_00, day(2025, 1, 5), "85311000-2"),
		pline(2, ValidCVR(3), 2_000_00, day(2025, 1, 6), "85311000-2"),
		pline(3, ValidCVR(3), 2_000_00, day(2025, 1, 6), "85311000-2"),
	}
	// A line without a reference is keyed by its hash.
	lines[2].InvoiceRef, lines[2].Key = "", "h:abc|1"
	first := importLines(t, e, "0101", lines...)
	again := importLines(t, e, "0101", lines...)
	if again.Lines != 3 || again.NewLines != 0 || again.TotalOre != first.TotalOre || again.SOVOre != first.SOVOre {
		t.Fatalf("again = %+v", again)
	}
	// One more line in a later file adds only that line.
	more := importLines(t, e, "0101", append(lines, pline(4, ValidCVR(2), 500_00, day(2025, 2, 1), ""))...)
	if more.Lines != 4 || more.NewLines != 1 {
		t.Fatalf("more = %+v", more)
	}
	s := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	wantFigures(t, "year", s.SpendFigures, 5_500_00, 1_500_00, 1_000_00)
	// The same keys in another municipality are other lines.
	other := importLines(t, e, "0147", lines...)
	if other.NewLines != 3 {
		t.Fatalf("other municipality = %+v", other)
	}
	// Undoing the repeat (which added nothing) takes nothing away.
	_, err := e.s.DeletePurchaseImport(e.ctx, again.ID)
	must(t, err)
	s = spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	wantFigures(t, "after undoing the repeat", s.SpendFigures, 5_500_00, 1_500_00, 1_000_00)
}

func testPurchaseAllOrNothing(t *testing.T, e *env) {
	boom := errors.New("line 4: the amount cannot be read")
	n := 0
	seq := func(yield func(samspil.PurchaseLine, error) bool) {
		for i := range 1500 { // more than one batch reaches the database first
			n++
			if !yield(pline(i, ValidCVR(i%7), 100, day(2025, 3, 1), ""), nil) {
				return
			}
		}
		yield(samspil.PurchaseLine{Line: 1502}, boom)
	}
	err := e.s.ImportPurchases(e.ctx, &samspil.PurchaseImport{MunicipalityCode: "0101"}, seq)
	ee := wantCode(t, err, samspil.EINVALID, "")
	if ee.Args["Line"] != 1502 {
		t.Fatalf("error = %+v", ee)
	}
	if n != 1500 {
		t.Fatalf("read %d lines", n)
	}
	_, total, err := e.s.FindPurchaseImports(e.ctx, "0101", 0, 10)
	must(t, err)
	s := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	if total != 0 || s.TotalOre != 0 || len(s.Years) != 0 || s.SupplierCount != 0 {
		t.Fatalf("after a failed import: %d imports, %+v", total, s)
	}
	// A domain error from the sequence comes back as it is.
	dom := samspil.Errorf(samspil.EINVALID, "purchase.cvr.invalid", "bad CVR")
	err = e.s.ImportPurchases(e.ctx, &samspil.PurchaseImport{MunicipalityCode: "0101"}, func(yield func(samspil.PurchaseLine, error) bool) {
		yield(samspil.PurchaseLine{}, dom)
	})
	wantCode(t, err, samspil.EINVALID, "purchase.cvr.invalid")
	// The same lines without the error import completely.
	imp := importLines(t, e, "0101", pline(1, ValidCVR(1), 100, day(2025, 3, 1), ""))
	if imp.NewLines != 1 {
		t.Fatalf("import = %+v", imp)
	}
}

func testPurchaseQuarters(t *testing.T, e *env) {
	cph, err := time.LoadLocation("Europe/Copenhagen")
	must(t, err)
	cvr := ValidCVR(5)
	importLines(t, e, "0101",
		pline(1, cvr, 1, day(2024, 12, 31), ""),
		pline(2, cvr, 10, day(2025, 1, 1), ""),
		pline(3, cvr, 100, day(2025, 3, 31), ""),
		// Midnight in Copenhagen is still 1 April (UTC would say 31 March).
		pline(4, cvr, 1000, time.Date(2025, 4, 1, 0, 0, 0, 0, cph), ""),
		pline(5, cvr, 10000, day(2025, 6, 30), ""),
		pline(6, cvr, 100000, day(2025, 7, 1), ""),
		pline(7, cvr, 1000000, day(2025, 12, 31), ""),
	)
	s := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	var got []int64
	for _, q := range s.ByQuarter {
		got = append(got, q.TotalOre)
	}
	if fmt.Sprint(got) != "[110 11000 100000 1000000]" || s.TotalOre != 1111110 {
		t.Fatalf("quarters = %v, total %d", got, s.TotalOre)
	}
	if fmt.Sprint(s.Years) != "[2025 2024]" {
		t.Fatalf("years = %v", s.Years)
	}
	old := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2024})
	if old.TotalOre != 1 || old.ByQuarter[3].TotalOre != 1 {
		t.Fatalf("2024 = %+v", old)
	}
	_, err = e.s.MunicipalitySpend(e.ctx, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025, Quarter: 5})
	wantField(t, err, samspil.EINVALID, "quarter", "spend.quarter.invalid")
	_, err = e.s.MunicipalitySpend(e.ctx, samspil.SpendFilter{MunicipalityCode: "0101", Year: 20255})
	wantField(t, err, samspil.EINVALID, "year", "spend.year.invalid")
}

func testPurchaseReclassify(t *testing.T, e *env) {
	rsv, sov := spendSuppliers(t, e)
	a, b, c, later := ValidCVR(1), ValidCVR(2), ValidCVR(3), ValidCVR(6)
	importLines(t, e, "0101",
		pline(1, a, 100, day(2025, 1, 1), "85311000-2"),
		pline(2, b, 1000, day(2025, 4, 1), "55500000-5"),
		pline(3, c, 10000, day(2025, 7, 1), "90911200-8"),
		pline(4, later, 100000, day(2025, 10, 1), "90911200-8"),
	)
	importLines(t, e, "0147", pline(1, b, 7, day(2025, 1, 1), "55500000-5"))
	year := func(mc string) *samspil.Spend {
		return spendOf(t, e, samspil.SpendFilter{MunicipalityCode: mc, Year: 2025})
	}
	wantFigures(t, "start", year("0101").SpendFigures, 111100, 1100, 100)

	// The SØV becomes an ordinary company: both municipalities follow.
	kind := samspil.OrgVirksomhed
	_, err := e.s.UpdateOrganisation(e.ctx, sov.ID, samspil.OrganisationUpdate{Kind: &kind})
	must(t, err)
	wantFigures(t, "SØV became a company", year("0101").SpendFigures, 111100, 100, 100)
	wantFigures(t, "the other municipality", year("0147").SpendFigures, 7, 0, 0)
	kind = samspil.OrgSOV
	_, err = e.s.UpdateOrganisation(e.ctx, sov.ID, samspil.OrganisationUpdate{Kind: &kind})
	must(t, err)
	wantFigures(t, "back to SØV", year("0101").SpendFigures, 111100, 1100, 100)
	wantFigures(t, "the other municipality again", year("0147").SpendFigures, 7, 7, 0)

	// The RSV check is withdrawn and given to the other SØV.
	_, err = e.s.SetRSVRegistration(e.ctx, rsv.ID, false)
	must(t, err)
	_, err = e.s.SetRSVRegistration(e.ctx, sov.ID, true)
	must(t, err)
	s := year("0101")
	wantFigures(t, "RSV moved", s.SpendFigures, 111100, 1100, 1000)
	wantFigures(t, "RSV moved, Q2", s.ByQuarter[1].SpendFigures, 1000, 1000, 1000)
	for _, d := range s.ByCPVDivision {
		if d.Division == "55" && (d.SOVOre != 1000 || d.RSVOre != 1000) {
			t.Fatalf("division 55 = %+v", d)
		}
		if d.Division == "85" && (d.SOVOre != 100 || d.RSVOre != 0) {
			t.Fatalf("division 85 = %+v", d)
		}
	}
	// The formerly verified SØV changes its CVR: its old CVR's spend is no
	// longer SØV, the new CVR's is.
	newCVR := later
	_, err = e.s.UpdateOrganisation(e.ctx, rsv.ID, samspil.OrganisationUpdate{CVR: &newCVR})
	must(t, err)
	wantFigures(t, "CVR changed", year("0101").SpendFigures, 111100, 101000, 1000)
	// A new SØV registering with a CVR that already has spend counts at once.
	fresh := newOrg(3000, "Ny Værksted")
	fresh.CVR = c
	// c belongs to the company; free it first by giving the company another CVR.
	companies, _, err := e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{Kind: samspil.OrgVirksomhed})
	must(t, err)
	var companyID int64
	for _, o := range companies {
		if o.CVR == c {
			companyID = o.ID
		}
	}
	other := ValidCVR(7)
	_, err = e.s.UpdateOrganisation(e.ctx, companyID, samspil.OrganisationUpdate{CVR: &other})
	must(t, err)
	must(t, e.s.CreateOrganisation(e.ctx, fresh))
	wantFigures(t, "new SØV", year("0101").SpendFigures, 111100, 111000, 1000)
	sp := year("0101").TopSuppliers
	if len(sp) != 4 || sp[0].CVR != later || sp[0].OrganisationID != rsv.ID || sp[0].Kind != samspil.OrgSOV || sp[0].RSVVerified {
		t.Fatalf("suppliers = %+v", sp)
	}
	// Later imports use the classes in force.
	imp := importLines(t, e, "0101", pline(9, c, 5, day(2025, 12, 1), ""))
	if imp.SOVOre != 5 || imp.RSVOre != 0 {
		t.Fatalf("import = %+v", imp)
	}
	wantFigures(t, "after import", year("0101").SpendFigures, 111105, 111005, 1000)
}

func testPurchaseUndo(t *testing.T, e *env) {
	spendSuppliers(t, e)
	first := importLines(t, e, "0101",
		pline(1, ValidCVR(1), 100, day(2025, 1, 1), "85311000-2"),
		pline(2, ValidCVR(3), 1000, day(2025, 4, 1), "90911200-8"),
	)
	second := importLines(t, e, "0101",
		pline(1, ValidCVR(1), 100, day(2025, 1, 1), "85311000-2"), // already imported
		pline(3, ValidCVR(2), 10000, day(2026, 1, 1), "55500000-5"),
		pline(4, ValidCVR(1), -50, day(2025, 2, 1), "85311000-2"),
	)
	if second.NewLines != 2 {
		t.Fatalf("second = %+v", second)
	}
	list, _, err := e.s.FindPurchaseImports(e.ctx, "0101", 0, 10)
	must(t, err)
	if len(list) != 2 || list[0].ID != second.ID {
		t.Fatalf("newest first: %+v", list)
	}
	got, err := e.s.DeletePurchaseImport(e.ctx, second.ID)
	must(t, err)
	if got.ID != second.ID || got.NewLines != 2 {
		t.Fatalf("deleted = %+v", got)
	}
	s := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	wantFigures(t, "after undo", s.SpendFigures, 1100, 100, 100)
	if fmt.Sprint(s.Years) != "[2025]" || s.SupplierCount != 2 || len(s.ByCPVDivision) != 2 {
		t.Fatalf("after undo: %+v", s)
	}
	_, err = e.s.DeletePurchaseImport(e.ctx, second.ID)
	wantCode(t, err, samspil.ENOTFOUND, "purchase_import.not_found")
	_, err = e.s.FindPurchaseImportByID(e.ctx, second.ID)
	wantCode(t, err, samspil.ENOTFOUND, "purchase_import.not_found")
	// Undone lines can be imported again.
	again := importLines(t, e, "0101", pline(3, ValidCVR(2), 10000, day(2026, 1, 1), "55500000-5"))
	if again.NewLines != 1 {
		t.Fatalf("again = %+v", again)
	}
	_, err = e.s.DeletePurchaseImport(e.ctx, first.ID)
	must(t, err)
	_, err = e.s.DeletePurchaseImport(e.ctx, again.ID)
	must(t, err)
	s = spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	if s.TotalOre != 0 || len(s.Years) != 0 || s.SupplierCount != 0 || len(s.ByCPVDivision) != 0 {
		t.Fatalf("everything undone: %+v", s)
	}
}

func testPurchaseSuppliers(t *testing.T, e *env) {
	rsv, _ := spendSuppliers(t, e)
	var lines []samspil.PurchaseLine
	for i := range 30 {
		// Supplier i is paid i+1 kroner in each of two quarters.
		cvr := ValidCVR(100 + i)
		if i == 29 {
			cvr = ValidCVR(1) // the largest is the RSV-verified SØV
		}
		lines = append(lines, pline(2*i, cvr, int64(i+1)*100, day(2025, 1, 10), "85311000-2"),
			pline(2*i+1, cvr, int64(i+1)*100, day(2025, 8, 10), "85311000-2"))
	}
	noCVR := samspil.PurchaseLine{Line: 99, SupplierName: "Kiosken  på Torvet", AmountOre: 50, Date: day(2025, 3, 1), Key: "h:kiosk|1"}
	lines = append(lines, noCVR)
	importLines(t, e, "0101", lines...)
	s := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025, Suppliers: 5})
	if s.SupplierCount != 31 || len(s.TopSuppliers) != 5 {
		t.Fatalf("count %d, page %d", s.SupplierCount, len(s.TopSuppliers))
	}
	top := s.TopSuppliers[0]
	if top.CVR != ValidCVR(1) || top.TotalOre != 6000 || top.Name != "Grøn Omsorg" || top.OrganisationID != rsv.ID || !top.RSVVerified || top.Kind != samspil.OrgSOV {
		t.Fatalf("top = %+v", top)
	}
	if s.TopSuppliers[1].TotalOre != 5800 || s.TopSuppliers[1].Name != "Leverandør "+ValidCVR(128) || s.TopSuppliers[1].OrganisationID != 0 {
		t.Fatalf("second = %+v", s.TopSuppliers[1])
	}
	page := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025, Suppliers: 5, SupplierOffset: 28})
	if len(page.TopSuppliers) != 3 || page.TopSuppliers[2].CVR != "" || page.TopSuppliers[2].Name != "Kiosken  på Torvet" || page.TopSuppliers[2].TotalOre != 50 {
		t.Fatalf("last page = %+v", page.TopSuppliers)
	}
	sovOnly := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025, SOVOnly: true})
	if sovOnly.SupplierCount != 1 || len(sovOnly.TopSuppliers) != 1 || sovOnly.TopSuppliers[0].CVR != ValidCVR(1) {
		t.Fatalf("SØV only = %+v", sovOnly.TopSuppliers)
	}
	q3 := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025, Quarter: 3, Suppliers: 1})
	if q3.SupplierCount != 30 || q3.TopSuppliers[0].TotalOre != 3000 {
		t.Fatalf("Q3 = %d %+v", q3.SupplierCount, q3.TopSuppliers)
	}
}

func testPurchasePeers(t *testing.T, e *env) {
	totals := map[string]int64{"0101": 1000, "0147": 900, "0151": 1200, "0153": 5000, "0155": 10, "0157": 1100}
	for mc, ore := range totals {
		importLines(t, e, mc, pline(1, ValidCVR(9), ore, day(2025, 6, 1), ""))
	}
	importLines(t, e, "0159", pline(1, ValidCVR(9), 1000, day(2024, 6, 1), "")) // another year
	s := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025, Peers: 3})
	var got []string
	for _, p := range s.Peers {
		got = append(got, fmt.Sprintf("%s:%d", p.MunicipalityCode, p.TotalOre))
		if p.Name == "" {
			t.Fatalf("peer without name: %+v", p)
		}
	}
	if fmt.Sprint(got) != "[0147:900 0157:1100 0151:1200]" {
		t.Fatalf("peers = %v", got)
	}
	all := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0101", Year: 2025})
	if len(all.Peers) != 5 {
		t.Fatalf("default peers = %d", len(all.Peers))
	}
	// A municipality without lines still has peers by nearness to zero.
	none := spendOf(t, e, samspil.SpendFilter{MunicipalityCode: "0161", Year: 2025, Peers: 1})
	if len(none.Peers) != 1 || none.Peers[0].MunicipalityCode != "0155" {
		t.Fatalf("peers of none = %+v", none.Peers)
	}
}

func testPurchaseNotFound(t *testing.T, e *env) {
	imp := &samspil.PurchaseImport{MunicipalityCode: "9999"}
	err := e.s.ImportPurchases(e.ctx, imp, seqOf(pline(1, ValidCVR(1), 1, day(2025, 1, 1), "")))
	wantCode(t, err, samspil.ENOTFOUND, "municipality.not_found")
	if imp.ID != 0 {
		t.Fatalf("failed import got id %d", imp.ID)
	}
	_, err = e.s.MunicipalitySpend(e.ctx, samspil.SpendFilter{MunicipalityCode: "9999", Year: 2025})
	wantCode(t, err, samspil.ENOTFOUND, "municipality.not_found")
	_, err = e.s.DeletePurchaseImport(e.ctx, 12345)
	wantCode(t, err, samspil.ENOTFOUND, "purchase_import.not_found")
	list, total, err := e.s.FindPurchaseImports(e.ctx, "9999", 0, 10)
	must(t, err)
	if total != 0 || len(list) != 0 {
		t.Fatalf("imports of unknown = %+v", list)
	}
	_, err = e.s.NationalSpend(e.ctx, 0)
	wantField(t, err, samspil.EINVALID, "year", "spend.year.invalid")
}
