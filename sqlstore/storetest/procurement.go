package storetest

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// RunProcurement runs the contract tests of the route recommender's store
// query against stores from open.
func RunProcurement(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"ProcurementSuppliers", testProcurementSuppliers},
		{"ProcurementSuppliersInvalid", testProcurementSuppliersInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// procOrg creates an organisation with CPV codes, place, staff and
// turnover.
func procOrg(t *testing.T, e *env, n int, name string, kind samspil.OrgKind, mun string, employees, disadvantaged int, turnoverKr int64, cpv ...string) *samspil.Organisation {
	t.Helper()
	o := newOrg(n, name)
	o.Kind, o.MunicipalityCode, o.CPVCodes = kind, mun, cpv
	o.Employees, o.DisadvantagedEmployees, o.TurnoverOre = employees, disadvantaged, turnoverKr*100
	must(t, e.s.CreateOrganisation(e.ctx, o))
	return o
}

func km(a, b string) float64 {
	ma, _ := refdata.MunicipalityByCode(a)
	mb, _ := refdata.MunicipalityByCode(b)
	return refdata.Distance(ma, mb)
}

func testProcurementSuppliers(t *testing.T, e *env) {
	const cleaning, building, office, catering = "90910000-9", "90911200-8", "90919200-4", "55520000-1"
	aarhus := procOrg(t, e, 1, "Rent Aarhus", samspil.OrgSOV, "0751", 10, 4, 3_000_000, building)        // 40 %, same group 909
	horsens := procOrg(t, e, 2, "Horsens Rengøring", samspil.OrgSOV, "0615", 20, 2, 0, office, catering) // 10 %
	kbh := procOrg(t, e, 3, "Kantinen København", samspil.OrgSOV, "0101", 10, 5, 1_000_000, catering, cleaning)
	procOrg(t, e, 4, "Aarhus Catering", samspil.OrgSOV, "0751", 10, 9, 0, catering)              // other group only
	procOrg(t, e, 5, "Firma Rengøring A/S", samspil.OrgVirksomhed, "0751", 100, 50, 0, cleaning) // not an SØV
	aarhus2 := procOrg(t, e, 6, "Aarhus Vinduespudsning", samspil.OrgSOV, "0751", 0, 0, 0, "90911300-9")
	_, err := e.s.SetRSVRegistration(e.ctx, aarhus.ID, true)
	must(t, err)

	ids := func(fs []samspil.SupplierFact) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.OrganisationID)
		}
		return out
	}
	same := func(a, b []int64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	tests := []struct {
		name string
		q    samspil.SupplierQuery
		want []int64
	}{
		{"whole country, nearest first", samspil.SupplierQuery{CPVCodes: []string{cleaning}, MunicipalityCode: "0751"},
			[]int64{aarhus2.ID, aarhus.ID, horsens.ID, kbh.ID}},
		{"within 60 km of Aarhus", samspil.SupplierQuery{CPVCodes: []string{cleaning}, MunicipalityCode: "0751", RadiusKm: 60},
			[]int64{aarhus2.ID, aarhus.ID, horsens.ID}},
		{"within 5 km", samspil.SupplierQuery{CPVCodes: []string{"90919200"}, MunicipalityCode: "0751", RadiusKm: 5},
			[]int64{aarhus2.ID, aarhus.ID}},
		{"from København", samspil.SupplierQuery{CPVCodes: []string{building}, MunicipalityCode: "0101"},
			[]int64{kbh.ID, aarhus2.ID, aarhus.ID, horsens.ID}},
		{"limit", samspil.SupplierQuery{CPVCodes: []string{cleaning}, MunicipalityCode: "0751", Limit: 2},
			[]int64{aarhus2.ID, aarhus.ID}},
		{"no one in the group", samspil.SupplierQuery{CPVCodes: []string{"45000000-7"}, MunicipalityCode: "0751"}, nil},
	}
	for _, tt := range tests {
		got, err := e.s.ProcurementSuppliers(e.ctx, tt.q)
		must(t, err)
		if got == nil {
			t.Errorf("%s: nil slice", tt.name)
		}
		if !same(ids(got), tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, ids(got), tt.want)
		}
	}

	got, err := e.s.ProcurementSuppliers(e.ctx, samspil.SupplierQuery{CPVCodes: []string{building}, MunicipalityCode: "0751"})
	must(t, err)
	byID := map[int64]samspil.SupplierFact{}
	for _, f := range got {
		byID[f.OrganisationID] = f
	}
	a := byID[aarhus.ID]
	if a.Name != "Rent Aarhus" || a.MunicipalityCode != "0751" || a.Kind != samspil.OrgSOV || a.DisadvantagedShare != 40 ||
		!a.MeetsSection20 || !a.RSVVerified || a.TurnoverOre != 300_000_000 || a.DistanceKm != 0 {
		t.Errorf("Aarhus facts %+v", a)
	}
	h := byID[horsens.ID]
	if h.DisadvantagedShare != 10 || h.MeetsSection20 || h.RSVVerified || h.TurnoverOre != 0 {
		t.Errorf("Horsens facts %+v", h)
	}
	if d := km("0751", "0615"); h.DistanceKm < d-0.001 || h.DistanceKm > d+0.001 {
		t.Errorf("Horsens distance %v, want %v", h.DistanceKm, d)
	}
	if w := byID[aarhus2.ID]; w.DisadvantagedShare != 0 || w.MeetsSection20 {
		t.Errorf("no staff: %+v", w)
	}
}

func testProcurementSuppliersInvalid(t *testing.T, e *env) {
	_, err := e.s.ProcurementSuppliers(e.ctx, samspil.SupplierQuery{CPVCodes: []string{"90910000-9"}, MunicipalityCode: "9999"})
	wantField(t, err, samspil.EINVALID, "municipality_code", "tender.place.invalid")
	_, err = e.s.ProcurementSuppliers(e.ctx, samspil.SupplierQuery{MunicipalityCode: "0751"})
	wantField(t, err, samspil.EINVALID, "cpv", "tender.cpv.required")
	_, err = e.s.ProcurementSuppliers(e.ctx, samspil.SupplierQuery{CPVCodes: []string{"x"}, MunicipalityCode: "0751"})
	wantField(t, err, samspil.EINVALID, "cpv", "tender.cpv.required")
}
