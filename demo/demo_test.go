package demo_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/refdata"
)

func knownGroups() map[string]bool {
	m := map[string]bool{}
	for _, g := range samspil.DefaultTargetGroups {
		m[g.Code] = true
	}
	return m
}

// check validates orgs as the store would and returns problems.
func check(t *testing.T, orgs []*samspil.Organisation) {
	t.Helper()
	groups := knownGroups()
	cvrs := map[string]bool{}
	names := map[string]bool{}
	for i, o := range orgs {
		c := *o
		if err := c.Validate(refdata.Catalog); err != nil {
			t.Fatalf("org %d %q does not validate: %v", i, o.Name, err)
		}
		if !reflect.DeepEqual(&c, o) {
			t.Fatalf("org %d %q is not normalised:\n%+v\n%+v", i, o.Name, c, *o)
		}
		if o.Kind == samspil.OrgKommune {
			t.Fatalf("org %d: demo must not create municipality organisations", i)
		}
		if o.CVR != "" {
			if got, err := samspil.ParseCVR(o.CVR); err != nil || got != o.CVR {
				t.Fatalf("org %d CVR %q: %v", i, o.CVR, err)
			}
			if cvrs[o.CVR] {
				t.Fatalf("org %d: duplicate CVR %s", i, o.CVR)
			}
			cvrs[o.CVR] = true
		}
		if names[o.Name] {
			t.Fatalf("org %d: duplicate name %q", i, o.Name)
		}
		names[o.Name] = true
		for _, g := range o.TargetGroups {
			if !groups[g] {
				t.Fatalf("org %d: unknown target group %q", i, g)
			}
		}
		if len(o.CPVCodes) == 0 || len(o.Sectors) == 0 || o.Description == "" {
			t.Fatalf("org %d %q lacks CPV, sectors or description", i, o.Name)
		}
		if o.RSVRegistered != (o.RSVVerifiedAt != nil) || (o.RSVRegistered && o.Kind != samspil.OrgSOV) {
			t.Fatalf("org %d: inconsistent RSV registration", i)
		}
	}
}

func TestHandwritten(t *testing.T) {
	orgs := demo.Organisations(demo.HandwrittenCount, 1, nil)
	if len(orgs) != demo.HandwrittenCount || len(orgs) < 60 || len(orgs) > 80 {
		t.Fatalf("%d organisations", len(orgs))
	}
	check(t, orgs)
	kinds := map[samspil.OrgKind]int{}
	munis := map[string]bool{}
	stats := struct{ reserved, notReserved, registered, effects3 int }{}
	for _, o := range orgs {
		kinds[o.Kind]++
		munis[o.MunicipalityCode] = true
		if o.Kind == samspil.OrgSOV {
			if o.MeetsReservedContractCondition() {
				stats.reserved++
			} else {
				stats.notReserved++
			}
			if o.RSVCriteria[0].Justification == "" {
				t.Errorf("%s: SØV without RSV self-declaration", o.Name)
			}
			if len(o.Effects) < 2 || len(o.Effects) > 3 {
				t.Errorf("%s: %d years of effects", o.Name, len(o.Effects))
			}
		}
		if o.RSVRegistered {
			stats.registered++
		}
		if n := strings.Count(o.Description, ". ") + 1; n < 2 || n > 4 {
			t.Errorf("%s: %d sentences in the description", o.Name, n)
		}
		if o.TurnoverOre <= 0 || o.TurnoverOre%100 != 0 {
			t.Errorf("%s: turnover %d øre", o.Name, o.TurnoverOre)
		}
	}
	if kinds[samspil.OrgSOV] < 30 || kinds[samspil.OrgVirksomhed] < 10 || kinds[samspil.OrgAndet] < 8 {
		t.Errorf("kinds %v", kinds)
	}
	if len(munis) < 45 {
		t.Errorf("only %d municipalities", len(munis))
	}
	if stats.reserved < 5 || stats.notReserved < 5 || stats.registered < 5 || stats.registered > 15 {
		t.Errorf("stats %+v", stats)
	}
}

func TestPrefixCoversAllRegions(t *testing.T) {
	regionOf := map[string]string{}
	for _, m := range refdata.Municipalities() {
		regionOf[m.Code] = m.RegionCode
	}
	for _, n := range []int{10, 60} {
		regions := map[string]int{}
		kinds := map[samspil.OrgKind]bool{}
		for _, o := range demo.Organisations(n, 1, nil) {
			regions[regionOf[o.MunicipalityCode]]++
			kinds[o.Kind] = true
		}
		if len(regions) != 5 {
			t.Errorf("n=%d: regions %v", n, regions)
		}
		if n >= 60 && len(kinds) != 3 {
			t.Errorf("n=%d: kinds %v", n, kinds)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := demo.Organisations(500, 42, nil)
	b := demo.Organisations(500, 42, nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different organisations")
	}
	c := demo.Organisations(500, 43, nil)
	if reflect.DeepEqual(a[demo.HandwrittenCount:], c[demo.HandwrittenCount:]) {
		t.Fatal("different seeds gave the same generated organisations")
	}
	if !reflect.DeepEqual(a[:demo.HandwrittenCount], c[:demo.HandwrittenCount]) {
		t.Fatal("the hand-written organisations depend on the seed")
	}
	check(t, a)
	check(t, c)
}

func TestSubsetOfMunicipalities(t *testing.T) {
	var munis []*samspil.Municipality
	for _, m := range refdata.Municipalities() {
		if m.RegionCode == "1081" {
			munis = append(munis, m)
		}
	}
	allowed := map[string]bool{}
	for _, m := range munis {
		allowed[m.Code] = true
	}
	orgs := demo.Organisations(200, 7, munis)
	check(t, orgs)
	for _, o := range orgs {
		if !allowed[o.MunicipalityCode] {
			t.Fatalf("%s placed in %s outside the given municipalities", o.Name, o.MunicipalityCode)
		}
	}
}

func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 100,000 organisations")
	}
	const n = 100_000
	orgs := demo.Organisations(n, 1, nil)
	if len(orgs) != n {
		t.Fatalf("%d organisations", len(orgs))
	}
	cvrs := make(map[string]bool, n)
	names := make(map[string]bool, n)
	munis := map[string]bool{}
	for _, o := range orgs {
		if o.CVR != "" {
			if cvrs[o.CVR] {
				t.Fatalf("duplicate CVR %s", o.CVR)
			}
			cvrs[o.CVR] = true
		}
		if names[o.Name] {
			t.Fatalf("duplicate name %q", o.Name)
		}
		names[o.Name] = true
		munis[o.MunicipalityCode] = true
	}
	if len(munis) != 98 {
		t.Errorf("%d municipalities used", len(munis))
	}
	// Full validation of a sample keeps the test fast.
	sample := make([]*samspil.Organisation, 0, 2000)
	for i := 0; i < n; i += n / 2000 {
		sample = append(sample, orgs[i])
	}
	check(t, sample)
}

func TestZero(t *testing.T) {
	if got := demo.Organisations(0, 1, nil); got == nil || len(got) != 0 {
		t.Fatalf("got %v", got)
	}
}
