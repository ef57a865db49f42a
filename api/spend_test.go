package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// importSpend gives municipality 0101 a year of purchases: one line with
// the fixture's SØV (orgA), one with its company (orgB), one credit note
// and one with an unknown supplier, in three quarters.
func importSpend(t *testing.T, f *fixture) {
	t.Helper()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	lines := []samspil.PurchaseLine{
		{SupplierCVR: f.orgA.CVR, SupplierName: "Fakturanavn", AmountOre: 40_000_00, Date: day(1, 15), CPV: "85311000-2"},
		{SupplierCVR: f.orgB.CVR, SupplierName: "Firma", AmountOre: 60_000_00, Date: day(5, 2), CPV: "90911200-8"},
		{SupplierCVR: f.orgB.CVR, SupplierName: "Firma", AmountOre: -5_000_00, Date: day(5, 9), CPV: "90911200-8"},
		{SupplierCVR: validCVR(501), SupplierName: "Ukendt ApS", AmountOre: 5_000_00, Date: day(11, 30)},
	}
	seq := func(yield func(samspil.PurchaseLine, error) bool) {
		for i, l := range lines {
			l.Line, l.Key = i+2, fmt.Sprintf("h:%d|1", i)
			if !yield(l, nil) {
				return
			}
		}
	}
	imp := &samspil.PurchaseImport{MunicipalityCode: "0101", FileName: "indkoeb.csv"}
	if err := f.store.ImportPurchases(context.Background(), imp, seq); err != nil {
		t.Fatal(err)
	}
	// A neighbour of similar size, for the peers.
	other := &samspil.PurchaseImport{MunicipalityCode: "0147"}
	one := func(yield func(samspil.PurchaseLine, error) bool) {
		yield(samspil.PurchaseLine{Line: 2, SupplierCVR: validCVR(502), AmountOre: 90_000_00, Date: day(3, 1), Key: "h:x|1"}, nil)
	}
	if err := f.store.ImportPurchases(context.Background(), other, one); err != nil {
		t.Fatal(err)
	}
}

// spendSteps are the spec-test requests for the spend endpoint: every
// documented status.
func spendSteps(t *testing.T, f *fixture) []specStep {
	t.Helper()
	importSpend(t, f)
	return []specStep{
		{req{Method: "GET", Path: "/api/v1/municipalities/0101/spend?year=2025"}, 200},
		{req{Method: "GET", Path: "/api/v1/municipalities/0101/spend?year=2025&quarter=2"}, 200},
		{req{Method: "GET", Path: "/api/v1/municipalities/0101/spend"}, 200},
		{req{Method: "GET", Path: "/api/v1/municipalities/0851/spend?year=2019"}, 200},
		{req{Method: "GET", Path: "/api/v1/municipalities/0101/spend?year=25"}, 400},
		{req{Method: "GET", Path: "/api/v1/municipalities/0101/spend?year=2025&quarter=5"}, 400},
		{req{Method: "GET", Path: "/api/v1/municipalities/9999/spend?year=2025"}, 404},
	}
}

func TestSpend(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		{
			f := newFixture(t, db)
			importSpend(t, f)
			res := f.do(t, req{Method: "GET", Path: "/api/v1/municipalities/0101/spend?year=2025"})
			mustStatus(t, res, 200)
			var s samspil.Spend
			if err := json.Unmarshal(res.Body, &s); err != nil {
				t.Fatal(err)
			}
			if s.TotalOre != 100_000_00 || s.SOVOre != 40_000_00 || s.RSVOre != 0 || s.Year != 2025 || s.MunicipalityCode != "0101" {
				t.Fatalf("figures = %+v", s.SpendFigures)
			}
			var quarters []int64
			for _, q := range s.ByQuarter {
				quarters = append(quarters, q.TotalOre)
			}
			if fmt.Sprint(quarters) != "[4000000 5500000 0 500000]" {
				t.Fatalf("quarters = %v", quarters)
			}
			if len(s.ByCPVDivision) != 3 || s.ByCPVDivision[0].Division != "90" || s.ByCPVDivision[0].TotalOre != 55_000_00 {
				t.Fatalf("divisions = %+v", s.ByCPVDivision)
			}
			if s.SupplierCount != 3 || s.TopSuppliers[0].OrganisationID != f.orgB.ID || s.TopSuppliers[1].Name != f.orgA.Name || s.TopSuppliers[1].Kind != samspil.OrgSOV {
				t.Fatalf("suppliers = %+v", s.TopSuppliers)
			}
			if len(s.Peers) != 1 || s.Peers[0].MunicipalityCode != "0147" || fmt.Sprint(s.Years) != "[2025]" {
				t.Fatalf("peers %+v, years %v", s.Peers, s.Years)
			}
			// A bad year names the field; an unknown code names the code.
			bad := f.do(t, req{Method: "GET", Path: "/api/v1/municipalities/0101/spend?year=abcd"})
			mustStatus(t, bad, 400)
			var p struct {
				Errors []struct {
					Field string `json:"field"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(bad.Body, &p); err != nil || len(p.Errors) != 1 || p.Errors[0].Field != "year" {
				t.Fatalf("problem = %s", bad.Body)
			}
			mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/municipalities/0000/spend"}), 404)
		}
	})
}
