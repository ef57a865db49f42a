package sqlstore_test

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// Benchmarks of spend tracking (issue 5): importing a million purchase
// lines, and the spend page over ten million lines nationwide. The data
// come from a seeded generator, so every run measures the same lines.
//
//	go test ./sqlstore -run '^$' -bench 'ImportPurchases|MunicipalitySpend' -benchtime=1x
//
// SAMSPIL_BENCH_SPEND_LINES overrides the 10,000,000 lines of the spend
// page benchmark (for a quicker look).

// benchSpendOrgs is how many organisations genOrganisations makes for the
// purchase benchmarks: every third is an SØV, and every third SØV is
// RSV-verified, so the SØV and RSV sums are not empty.
const benchSpendOrgs = 900

// benchCPVs are the CPV codes of generated lines ("" for none).
var benchCPVs = []string{"90911200-8", "85312000-9", "79952000-2", "55300000-3", "77310000-6", "45000000-7",
	"33600000-6", "30192000-1", "39000000-2", "60000000-8", "72000000-5", "80000000-4", "98000000-3", ""}

// genPurchases yields n purchase lines of municipality mc over the given
// years, seeded by seed: 3% go to the platform's organisations (some of
// them SØV), the rest to a Zipf-distributed pool of 12,000 other suppliers
// (a large municipality pays some ten thousand suppliers a year). A
// supplier's lines mostly fall in one CPV division, as in real data.
func genPurchases(seed uint64, mc string, n int, years ...int) iter.Seq2[samspil.PurchaseLine, error] {
	return func(yield func(samspil.PurchaseLine, error) bool) {
		r := rand.New(rand.NewPCG(seed, 0x5a3d))
		zipf := rand.NewZipf(r, 1.2, 20, 11_999)
		for i := range n {
			var k int
			if r.IntN(100) < 3 {
				k = r.IntN(benchSpendOrgs)
			} else {
				k = benchSpendOrgs + int(zipf.Uint64())
			}
			cvr := storetest.ValidCVR(k)
			year := years[r.IntN(len(years))]
			date := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
			ore := int64(r.IntN(5_000_000)) + 100
			if r.IntN(50) == 0 {
				ore = -ore / 10 // a credit note
			}
			ref := fmt.Sprintf("F%s-%d", mc, i)
			l := samspil.PurchaseLine{Line: i + 2, SupplierCVR: cvr, SupplierName: fmt.Sprintf("Leverandør %d A/S", k),
				AmountOre: ore, Date: date, CPV: benchCPVs[(k+r.IntN(10)/9)%len(benchCPVs)], InvoiceRef: ref,
				Key: "r:" + cvr + ":" + ref + ":1"}
			if !yield(l, nil) {
				return
			}
		}
	}
}

// seedSpendOrgs creates the organisations and verifies some SØV.
func seedSpendOrgs(b *testing.B, db *sqlstore.DB) {
	b.Helper()
	ctx := context.Background()
	orgs := genOrganisations(benchSpendOrgs)
	if err := db.CreateOrganisations(ctx, orgs); err != nil {
		b.Fatal(err)
	}
	for i, o := range orgs {
		if o.Kind == samspil.OrgSOV && i%9 == 0 {
			if _, err := db.SetRSVRegistration(ctx, o.ID, true); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// spendDialects runs fn on the databases to benchmark: SQLite always,
// PostgreSQL when SAMSPIL_TEST_POSTGRES is set.
func spendDialects(b *testing.B, fn func(b *testing.B, open func(b *testing.B) *sqlstore.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, func(b *testing.B) *sqlstore.DB { return testdb.Open(b) }) })
	b.Run("postgres", func(b *testing.B) { fn(b, func(b *testing.B) *sqlstore.DB { return testdb.OpenPostgres(b) }) })
}

// BenchmarkImportPurchases imports one file of 1,000,000 lines into a
// database that already holds the organisations; the requirement is 60 s.
func BenchmarkImportPurchases(b *testing.B) {
	spendDialects(b, func(b *testing.B, open func(b *testing.B) *sqlstore.DB) {
		const n = 1_000_000
		db := open(b)
		seedSpendOrgs(b, db)
		ctx := context.Background()
		b.ResetTimer()
		start := time.Now()
		for i := 0; b.Loop(); i++ {
			imp := &samspil.PurchaseImport{MunicipalityCode: "0751", FileName: "indkoeb.csv"}
			if err := db.ImportPurchases(ctx, imp, genPurchases(uint64(i+1), fmt.Sprintf("%04d", i), n, 2025)); err != nil {
				b.Fatal(err)
			}
			if imp.NewLines != n {
				b.Fatalf("new lines = %d", imp.NewLines)
			}
		}
		el := time.Since(start)
		b.ReportMetric(float64(n)*float64(b.N)/el.Seconds(), "lines/s")
		b.ReportMetric(el.Seconds()/float64(b.N), "s/import")
	})
}

// BenchmarkMunicipalitySpend measures the spend page's store call (a
// year's figures, quarters, CPV divisions, 20 top suppliers, 6 peers)
// over 10,000,000 lines in all 98 municipalities and two years. Each
// iteration makes 1,000 calls over every municipality and both years,
// and reports their p50 and p99.
func BenchmarkMunicipalitySpend(b *testing.B) {
	total := 10_000_000
	if s := os.Getenv("SAMSPIL_BENCH_SPEND_LINES"); s != "" {
		fmt.Sscan(s, &total)
	}
	spendDialects(b, func(b *testing.B, open func(b *testing.B) *sqlstore.DB) {
		db := open(b)
		seedSpendOrgs(b, db)
		ctx := context.Background()
		munis := refdata.Municipalities()
		start := time.Now()
		per := total / len(munis)
		for i, m := range munis {
			n := per
			if i == 0 {
				n += total - per*len(munis)
			}
			imp := &samspil.PurchaseImport{MunicipalityCode: m.Code, FileName: "bench.csv"}
			if err := db.ImportPurchases(ctx, imp, genPurchases(uint64(1000+i), m.Code, n, 2024, 2025)); err != nil {
				b.Fatal(err)
			}
		}
		build := time.Since(start)
		b.Logf("built %d lines in %v", total, build)
		b.ResetTimer()
		var lat []time.Duration
		for b.Loop() {
			for k := range 1000 {
				m := munis[(k*37)%len(munis)]
				t0 := time.Now()
				s, err := db.MunicipalitySpend(ctx, samspil.SpendFilter{MunicipalityCode: m.Code, Year: 2024 + k%2})
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				if s.TotalOre == 0 || len(s.TopSuppliers) != 20 || len(s.Peers) != 6 {
					b.Fatalf("spend of %s = %+v", m.Code, s)
				}
			}
		}
		slices.Sort(lat)
		ms := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(ms(0.50), "p50-ms")
		b.ReportMetric(ms(0.99), "p99-ms")
		b.ReportMetric(build.Seconds(), "build-s") // after ResetTimer, which drops reported metrics
		b.ReportMetric(0, "ns/op")
	})
}
