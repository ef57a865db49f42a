package refdata_test

import (
	"testing"

	"github.com/samspil/samspil/refdata"
)

func TestCounts(t *testing.T) {
	if n := len(refdata.Regions()); n != 5 {
		t.Errorf("regions = %d, want 5", n)
	}
	if n := len(refdata.Municipalities()); n != 98 {
		t.Errorf("municipalities = %d, want 98", n)
	}
	if n := len(refdata.CPVs()); n != 9454 {
		t.Errorf("CPV codes = %d, want 9454", n)
	}
	if n := len(refdata.Sections()); n != 21 {
		t.Errorf("DB07 sections = %d, want 21", n)
	}
	social := 0
	for _, c := range refdata.CPVs() {
		if c.SocialService {
			social++
		}
	}
	if social != 115 {
		t.Errorf("social-service CPV codes = %d, want 115", social)
	}
	perRegion := map[string]int{}
	for _, m := range refdata.Municipalities() {
		perRegion[m.RegionCode]++
	}
	want := map[string]int{"1081": 11, "1082": 19, "1083": 22, "1084": 29, "1085": 17}
	for code, n := range want {
		if perRegion[code] != n {
			t.Errorf("region %s has %d municipalities, want %d", code, perRegion[code], n)
		}
	}
}

func TestLookups(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
		got  func() (string, bool)
		want string
	}{
		{"København", true, func() (string, bool) {
			m, ok := refdata.MunicipalityByCode("0101")
			return nameOf(m != nil, func() string { return m.Name }), ok
		}, "København"},
		{"Aarhus region", true, func() (string, bool) {
			m, ok := refdata.MunicipalityByCode("0751")
			return nameOf(m != nil, func() string { return m.RegionCode }), ok
		}, "1082"},
		{"unknown kommune", false, func() (string, bool) { _, ok := refdata.MunicipalityByCode("0999"); return "", ok }, ""},
		{"cpv with check digit", true, func() (string, bool) { c, ok := refdata.CPVByCode("90911200-8"); return c.LabelDA, ok }, "Rengøring af bygninger"},
		{"cpv without check digit", true, func() (string, bool) { c, ok := refdata.CPVByCode("45000000"); return c.Code, ok }, "45000000-7"},
		{"cpv wrong check digit", false, func() (string, bool) { _, ok := refdata.CPVByCode("45000000-1"); return "", ok }, ""},
		{"section Q", true, func() (string, bool) { s, ok := refdata.SectionByCode("Q"); return s.Title, ok }, "Sundhedsvæsen og sociale foranstaltninger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.got()
			if ok != tt.ok || got != tt.want {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func nameOf(ok bool, f func() string) string {
	if !ok {
		return ""
	}
	return f()
}

func TestSearchCPV(t *testing.T) {
	got := refdata.SearchCPV("rengøring af bygninger", "da", 5)
	if len(got) == 0 || got[0].Code8 != "90911200" {
		t.Fatalf("search rengøring = %+v", got)
	}
	got = refdata.SearchCPV("9091", "da", 50)
	for _, c := range got {
		if c.Code8[:4] != "9091" {
			t.Fatalf("prefix search returned %s", c.Code)
		}
	}
	if len(got) == 0 {
		t.Fatal("prefix search found nothing")
	}
	if got := refdata.SearchCPV("cleaning", "en", 3); len(got) == 0 {
		t.Fatal("English search found nothing")
	}
	if got := refdata.SearchCPV("", "da", 3); len(got) != 0 {
		t.Fatal("empty query should find nothing")
	}
}

func TestDistance(t *testing.T) {
	kbh, _ := refdata.MunicipalityByCode("0101")
	aar, _ := refdata.MunicipalityByCode("0751")
	d := refdata.Distance(kbh, aar)
	if d < 140 || d > 170 { // København–Aarhus is about 155 km as the crow flies
		t.Fatalf("distance København–Aarhus = %.1f km", d)
	}
	if refdata.Distance(kbh, kbh) != 0 {
		t.Fatal("distance to itself is not 0")
	}
}

func TestCatalog(t *testing.T) {
	c := refdata.Catalog
	if !c.HasMunicipality("0101") || c.HasMunicipality("1234") {
		t.Error("HasMunicipality")
	}
	if !c.HasCPV("90911200-8") || c.HasCPV("99999999-9") {
		t.Error("HasCPV")
	}
	if got, ok := c.CanonicalCPV("90911200"); !ok || got != "90911200-8" {
		t.Errorf("CanonicalCPV = %q, %v", got, ok)
	}
	if !c.HasSector("A") || c.HasSector("Z") {
		t.Error("HasSector")
	}
}

func BenchmarkSearchCPV(b *testing.B) {
	for b.Loop() {
		refdata.SearchCPV("rengøring", "da", 20)
	}
}
