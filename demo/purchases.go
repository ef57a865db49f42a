package demo

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// The demo's finance data: 2025 and January–September 2026 of purchase
// lines for eight municipalities of different sizes, so the spend pages,
// their peers and the API have something true-looking to show. Most of
// the money goes to ordinary suppliers (fictional companies with valid
// CVR numbers); a few per cent goes to demo SØV near the municipality,
// matched by their CVR numbers as a real import would be.

// PurchaseMunicipality is a municipality whose finance data the demo
// imports, with the number of lines.
type PurchaseMunicipality struct {
	Code  string
	Lines int
}

// PurchaseMunicipalities are the demo's importing municipalities, largest
// first. About 2,500 lines each keeps the demo load to a second or two.
var PurchaseMunicipalities = []PurchaseMunicipality{
	{"0101", 3600}, {"0751", 3200}, {"0461", 2600}, {"0851", 2400},
	{"0561", 2000}, {"0630", 1900}, {"0265", 1700}, {"0791", 1600},
}

// PurchaseSupplier is a supplier the generator pays: its CVR, name, the
// CPV code its invoices are booked under and how often it is used.
type PurchaseSupplier struct {
	CVR    string
	Name   string
	CPV    string
	Weight int
}

// ordinarySuppliers are fictional companies; their CVR numbers are taken
// from a block no demo organisation uses.
var ordinarySuppliers = func() []PurchaseSupplier {
	specs := []struct {
		name, cpv string
		weight    int
	}{
		{"Nordisk Kontorforsyning A/S", "30192000-1", 30}, {"Dansk Byggeservice ApS", "45000000-7", 22},
		{"Sjællands Entreprenørfirma A/S", "45233140-2", 14}, {"Medico Plejeprodukter A/S", "33140000-3", 26},
		{"Fællesindkøb IT-Drift A/S", "72000000-5", 18}, {"Konsulenthuset Rådgivning ApS", "79411000-8", 12},
		{"Skolebus Danmark A/S", "60000000-8", 16}, {"Storkøkken Engros A/S", "15000000-8", 24},
		{"Vej og Park Materiel ApS", "77310000-6", 10}, {"Energiselskabet Fjernvarme A/S", "09300000-2", 8},
		{"Rengøringsgruppen Danmark A/S", "90911200-8", 20}, {"Møbelhuset Offentlig Indretning A/S", "39100000-3", 9},
		{"Hjælpemiddelcentralen Syd ApS", "33196000-0", 11}, {"Vikarbureauet Omsorg A/S", "79620000-6", 13},
		{"Trykkeriet Kommunetryk ApS", "79800000-2", 6}, {"Legepladsfabrikken A/S", "37535200-9", 5},
		{"Affaldshåndtering Nord A/S", "90500000-2", 15}, {"Telefoni og Net Erhverv A/S", "64200000-8", 9},
		{"Advokatfirmaet Paragraf", "79100000-5", 4}, {"Revisionsfirmaet Tal & Tilsyn", "79212000-3", 3},
		{"Elinstallatøren Lys & Kraft ApS", "45310000-3", 8}, {"Kantineservice Smag A/S", "55300000-3", 7},
		{"Sikkerhedsfirmaet Vagt A/S", "79710000-4", 5}, {"Uddannelseshuset Kursus ApS", "80500000-9", 6},
	}
	cvrs := newCVRSeq(31_400_000, +1)
	out := make([]PurchaseSupplier, len(specs))
	for i, s := range specs {
		out[i] = PurchaseSupplier{CVR: cvrs.next(), Name: s.name, CPV: s.cpv, Weight: s.weight}
	}
	return out
}()

// PurchaseLineSeq yields n purchase lines of municipality code from
// January 2025 to September 2026, seeded by seed: about 4% of them to the
// given SØV, the rest to the fictional ordinary suppliers, with a credit
// note now and then. Keys follow package purchasecsv (CVR and invoice
// number), so importing the same lines as a file adds nothing.
func PurchaseLineSeq(code string, n int, sov []PurchaseSupplier, seed uint64) iter.Seq2[samspil.PurchaseLine, error] {
	return func(yield func(samspil.PurchaseLine, error) bool) {
		r := rand.New(rand.NewPCG(seed, 0x1d3a))
		pickWeighted := func(list []PurchaseSupplier) PurchaseSupplier {
			total := 0
			for _, s := range list {
				total += s.Weight
			}
			k := r.IntN(total)
			for _, s := range list {
				if k -= s.Weight; k < 0 {
					return s
				}
			}
			return list[len(list)-1]
		}
		start := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
		days := int(time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
		for i := range n {
			var s PurchaseSupplier
			var ore int64
			if len(sov) > 0 && r.IntN(100) < 4 {
				s = pickWeighted(sov)
				ore = int64(2_000+r.IntN(60_000)) * 100
			} else {
				s = pickWeighted(ordinarySuppliers)
				// Mostly small invoices, a few large ones.
				ore = int64(400+r.IntN(20_000)) * 100
				if r.IntN(20) == 0 {
					ore *= int64(5 + r.IntN(30))
				}
			}
			ore += int64(r.IntN(100)) // øre
			date := start.AddDate(0, 0, r.IntN(days))
			ref := fmt.Sprintf("F%s-%06d", code, i+1)
			if r.IntN(60) == 0 {
				ore = -ore / 4 // a credit note
				ref = fmt.Sprintf("K%s-%06d", code, i+1)
			}
			l := samspil.PurchaseLine{Line: i + 2, SupplierCVR: s.CVR, SupplierName: s.Name, AmountOre: ore,
				Date: date, CPV: s.CPV, InvoiceRef: ref, Key: "r:" + s.CVR + ":" + ref + ":1"}
			if !yield(l, nil) {
				return
			}
		}
	}
}

// loadPurchases imports the demo finance data of each municipality in
// PurchaseMunicipalities, paying the eight demo SØV nearest to it.
func (l *loader) loadPurchases(ctx context.Context) error {
	type sovOrg struct {
		PurchaseSupplier
		muni *samspil.Municipality
	}
	var sovs []sovOrg
	names := make([]string, 0, len(l.orgs))
	for name, ref := range l.orgs {
		if ref.Kind == samspil.OrgSOV {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		ref := l.orgs[name]
		m, ok := refdata.MunicipalityByCode(ref.Municipality)
		if !ok {
			continue
		}
		o, err := l.store.FindOrganisationByID(ctx, ref.ID)
		if err != nil {
			return err
		}
		if o.CVR == "" {
			continue
		}
		cpv := "85312000-9" // social work services without accommodation
		if len(o.CPVCodes) > 0 {
			cpv = o.CPVCodes[0]
		}
		sovs = append(sovs, sovOrg{PurchaseSupplier{CVR: o.CVR, Name: o.Name, CPV: cpv, Weight: 1 + len(sovs)%4}, m})
	}
	if l.admin != 0 {
		ctx = samspil.WithActor(ctx, l.admin)
	}
	for i, pm := range PurchaseMunicipalities {
		home, ok := refdata.MunicipalityByCode(pm.Code)
		if !ok {
			continue
		}
		near := append([]sovOrg(nil), sovs...)
		sort.SliceStable(near, func(a, b int) bool {
			return refdata.Distance(home, near[a].muni) < refdata.Distance(home, near[b].muni)
		})
		var pay []PurchaseSupplier
		for _, s := range near[:min(8, len(near))] {
			pay = append(pay, s.PurchaseSupplier)
		}
		imp := &samspil.PurchaseImport{MunicipalityCode: pm.Code, FileName: fmt.Sprintf("indkoeb-%s-2025-2026.csv", pm.Code),
			Format: "semikolon, decimalkomma, windows-1252"}
		if err := l.store.ImportPurchases(ctx, imp, PurchaseLineSeq(pm.Code, pm.Lines, pay, uint64(i+1))); err != nil {
			return err
		}
	}
	return nil
}
