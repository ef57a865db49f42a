package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestPurchaseLineSeq checks the generated finance data: the same seed
// gives the same lines, every CVR passes modulus 11, keys are unique and
// the dates stay in 2025 and January–September 2026.
func TestPurchaseLineSeq(t *testing.T) {
	sov := []demo.PurchaseSupplier{{CVR: "12345674", Name: "Demo SØV", CPV: "85312000-9", Weight: 1}}
	collect := func(seed uint64) []samspil.PurchaseLine {
		var out []samspil.PurchaseLine
		for l, err := range demo.PurchaseLineSeq("0101", 3000, sov, seed) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, l)
		}
		return out
	}
	a, b, c := collect(1), collect(1), collect(2)
	if fmt.Sprint(a) != fmt.Sprint(b) || fmt.Sprint(a) == fmt.Sprint(c) {
		t.Fatal("the generator is not deterministic per seed")
	}
	keys := map[string]bool{}
	sovLines, credit, y2026 := 0, 0, 0
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for _, l := range a {
		if _, err := samspil.ParseCVR(l.SupplierCVR); err != nil {
			t.Fatalf("line %d: CVR %s: %v", l.Line, l.SupplierCVR, err)
		}
		if keys[l.Key] || l.Key == "" {
			t.Fatalf("line %d: key %q repeated", l.Line, l.Key)
		}
		keys[l.Key] = true
		if l.Date.Before(from) || !l.Date.Before(to) {
			t.Fatalf("line %d: date %v", l.Line, l.Date)
		}
		if l.SupplierCVR == sov[0].CVR {
			sovLines++
		}
		if l.AmountOre < 0 {
			credit++
		}
		if l.Date.Year() == 2026 {
			y2026++
		}
	}
	if sovLines < 60 || sovLines > 200 || credit == 0 || y2026 < 900 {
		t.Fatalf("%d SØV lines, %d credit notes, %d in 2026", sovLines, credit, y2026)
	}
}

// TestDemoSpend loads the demo and checks that every importing
// municipality has two years of spend with some of it from SØV.
func TestDemoSpend(t *testing.T) {
	store := testdb.Open(t)
	ctx := context.Background()
	if _, err := app.LoadDemo(ctx, store, app.DemoOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, pm := range demo.PurchaseMunicipalities {
		s, err := store.MunicipalitySpend(ctx, samspil.SpendFilter{MunicipalityCode: pm.Code, Year: 2025})
		if err != nil {
			t.Fatal(err)
		}
		if s.TotalOre <= 0 || s.SOVOre <= 0 || s.SOVShare() > 200 || fmt.Sprint(s.Years) != "[2026 2025]" || len(s.Peers) != 6 {
			t.Fatalf("%s: %+v share %d years %v", pm.Code, s.SpendFigures, s.SOVShare(), s.Years)
		}
		imps, n, err := store.FindPurchaseImports(ctx, pm.Code, 0, 5)
		if err != nil || n != 1 || imps[0].NewLines != pm.Lines {
			t.Fatalf("%s: imports %d %v", pm.Code, n, err)
		}
	}
}
