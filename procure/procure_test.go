package procure_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/procure"
	"github.com/samspil/samspil/refdata"
)

func TestEmbeddedRulesLoad(t *testing.T) {
	r := procure.Default()
	if len(r.Thresholds) != 6 || r.CheckedOn.Format(time.DateOnly) != "2026-11-28" {
		t.Fatalf("%+v", r.Thresholds)
	}
	for _, th := range r.Thresholds {
		if th.CheckedOn.Format(time.DateOnly) != "2026-11-28" || th.Note == "" || th.Source == "" {
			t.Errorf("%s: checked_on, note and source are required", th.ID)
		}
		if th.DKKDerived && !strings.Contains(th.Note, "Konkurrence- og Forbrugerstyrelsen") {
			t.Errorf("%s: a derived kroner amount must say where the official one is published", th.ID)
		}
	}
	if r.DefaultRadiusKm() != 50 {
		t.Error(r.DefaultRadiusKm())
	}
}

// TestLightRegimeListMatchesRefdata: the rules' copy of the light regime's
// codes is the same list the reference data marks.
func TestLightRegimeListMatchesRefdata(t *testing.T) {
	r := procure.Default()
	for _, c := range r.LightRegime.Codes {
		e, ok := refdata.CPVByCode(c)
		if !ok || !refdata.Catalog.IsSocialServiceCPV(e.Code) {
			t.Errorf("%s is in rules.json but refdata does not mark it", c)
		}
		if !r.IsSocialService(e.Code) {
			t.Errorf("IsSocialService(%s) false", e.Code)
		}
	}
	for _, c := range []string{"85311200-4", "80110000-8", "92500000-6"} {
		if r.IsSocialService(c) != refdata.Catalog.IsSocialServiceCPV(c) {
			t.Errorf("%s disagrees", c)
		}
	}
	if r.IsSocialService("45000000-7") || r.IsSocialService("853") {
		t.Error("not social services")
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestThresholdDateSelection(t *testing.T) {
	r := procure.Default()
	tests := []struct {
		kind procure.ThresholdKind
		at   string
		id   string
		ore  int64
	}{
		{procure.KindSuppliesServices, "2024-01-01T00:00:00+01:00", "eu-supplies-services-sub-central-2024", 164874400},
		{procure.KindSuppliesServices, "2025-12-31T22:59:00Z", "eu-supplies-services-sub-central-2024", 164874400}, // 23:59 in Denmark
		{procure.KindSuppliesServices, "2025-12-31T23:00:00Z", "eu-supplies-services-sub-central-2026", 161144200}, // midnight in Denmark
		{procure.KindSuppliesServices, "2026-11-28T10:00:00Z", "eu-supplies-services-sub-central-2026", 161144200},
		{procure.KindWorks, "2025-06-01T10:00:00Z", "eu-works-2024", 4131558400},
		{procure.KindWorks, "2027-12-31T12:00:00Z", "eu-works-2026", 4031589400},
		{procure.KindLightRegime, "2026-03-01T12:00:00Z", "light-regime-2026", 559528500},
		{procure.KindLightRegime, "2024-03-01T12:00:00Z", "light-regime-2024", 559528500},
		{procure.KindWorks, "2028-01-01T12:00:00Z", "", 0},
		{procure.KindSuppliesServices, "2023-12-31T12:00:00Z", "", 0},
	}
	for _, tt := range tests {
		th, ok := r.Threshold(tt.kind, at(tt.at))
		if ok != (tt.id != "") || th.ID != tt.id || th.AmountOre != tt.ore {
			t.Errorf("%s at %s: %s %d %v", tt.kind, tt.at, th.ID, th.AmountOre, ok)
		}
	}
}

// mutate loads the embedded file as generic JSON, changes it and loads it.
func mutate(t *testing.T, change func(m map[string]any)) error {
	t.Helper()
	b, err := os.ReadFile("rules.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	out, _ := json.Marshal(m)
	_, err = procure.Load(bytes.NewReader(out))
	return err
}

func threshold(m map[string]any, i int) map[string]any {
	return m["thresholds"].([]any)[i].(map[string]any)
}

func TestLoadRefusesBrokenRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(m map[string]any)
		field  string
	}{
		{"unchanged", func(m map[string]any) {}, ""},
		{"missing source", func(m map[string]any) { threshold(m, 0)["source"] = " " }, "thresholds[0].source"},
		{"overlapping periods", func(m map[string]any) { threshold(m, 1)["valid_from"] = "2025-12-01" }, "thresholds[1].valid_from"},
		{"period backwards", func(m map[string]any) { threshold(m, 2)["valid_to"] = "2023-01-01" }, "thresholds[2].valid_to"},
		{"missing valid_to", func(m map[string]any) { delete(threshold(m, 2), "valid_to") }, "thresholds[2].valid_to"},
		{"duplicate id", func(m map[string]any) { threshold(m, 1)["id"] = threshold(m, 0)["id"] }, "thresholds[1].id"},
		{"unknown kind", func(m map[string]any) { threshold(m, 0)["kind"] = "central" }, "thresholds[0].kind"},
		{"zero amount", func(m map[string]any) { threshold(m, 0)["amount_eur"] = 0 }, "thresholds[0].amount"},
		{"kroner do not follow the rate", func(m map[string]any) { threshold(m, 0)["amount_ore"] = 100 }, "thresholds[0].amount_ore"},
		{"official kroner may differ", func(m map[string]any) {
			threshold(m, 0)["amount_ore"] = 100
			threshold(m, 0)["dkk_derived"] = false
		}, ""},
		{"missing checked_on", func(m map[string]any) { delete(threshold(m, 3), "checked_on") }, "thresholds[3].checked_on"},
		{"bad rate", func(m map[string]any) { m["dkk_rate"] = "7,46" }, "dkk_rate"},
		{"no thresholds", func(m map[string]any) { m["thresholds"] = []any{} }, "thresholds"},
		{"setting without source", func(m map[string]any) {
			m["settings"].(map[string]any)["max_dependency_percent"].(map[string]any)["source"] = ""
		}, "settings.max_dependency_percent"},
		{"setting out of range", func(m map[string]any) {
			m["settings"].(map[string]any)["section20_min_share_percent"].(map[string]any)["value"] = 0
		}, "settings.section20_min_share_percent.value"},
		{"lot minimum above contract minimum", func(m map[string]any) {
			m["settings"].(map[string]any)["min_eligible_suppliers_lot"].(map[string]any)["value"] = 9
		}, "settings.min_eligible_suppliers_lot.value"},
		{"bad cpv", func(m map[string]any) { m["light_regime_cpv"].(map[string]any)["codes"] = []any{"8531"} }, "light_regime_cpv.codes[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mutate(t, tt.change)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID || e.Key != "procure.rules.invalid" {
				t.Fatalf("err %v", err)
			}
			found := false
			for _, f := range e.Fields {
				found = found || f.Field == tt.field
			}
			if !found || !strings.Contains(e.Message, tt.field) {
				t.Errorf("no error for %s: %v", tt.field, err)
			}
		})
	}
}

func TestLoadRefusesBadJSON(t *testing.T) {
	b, _ := os.ReadFile("rules.json")
	for name, in := range map[string]string{
		"unknown field": strings.Replace(string(b), `"checked_on"`, `"extra": 1, "checked_on"`, 1),
		"trailing data": string(b) + "{}",
		"bad date":      strings.Replace(string(b), `"2024-01-01"`, `"1. januar 2024"`, 1),
		"not json":      "thresholds: []",
		"empty":         "",
	} {
		_, err := procure.Load(strings.NewReader(in))
		if samspil.ErrorKey(err) != "procure.rules.json" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func tender(proc samspil.Procedure, valueKr int64, cpv ...string) *samspil.Tender {
	t := &samspil.Tender{Procedure: proc, ValueOre: valueKr * 100, MainCPV: cpv[0], CPVCodes: cpv[1:]}
	if proc == samspil.ProcReserved {
		t.Reservation = samspil.ReserveShelteredWorkshop
	}
	return t
}

func keys(ws []procure.Warning) string {
	var k []string
	for _, w := range ws {
		if w.Message == "" {
			k = append(k, "NO MESSAGE")
		}
		k = append(k, w.Key)
	}
	return strings.Join(k, ",")
}

func TestCheck(t *testing.T) {
	r := procure.Default()
	now := at("2026-11-28T10:00:00Z")
	const cleaning, social, works = "90910000-9", "85311200-4", "45000000-7"
	withLots := func(t *samspil.Tender, lots ...int64) *samspil.Tender {
		for i, v := range lots {
			t.Lots = append(t.Lots, samspil.TenderLot{Number: i + 1, Title: "Delaftale", ValueOre: v * 100})
		}
		return t
	}
	tests := []struct {
		name string
		t    *samspil.Tender
		at   time.Time
		want string
	}{
		{"below threshold, small", tender(samspil.ProcBelowThreshold, 300_000, cleaning), now, ""},
		{"below threshold, near: cross-border", tender(samspil.ProcBelowThreshold, 900_000, cleaning), now, "procure.below_threshold.cross_border"},
		{"below threshold at the EU threshold", tender(samspil.ProcBelowThreshold, 1_611_442, cleaning), now, "procure.below_threshold.above_eu"},
		{"just under the EU threshold", tender(samspil.ProcBelowThreshold, 1_611_441, cleaning), now, "procure.below_threshold.cross_border"},
		{"2025 threshold is higher", tender(samspil.ProcBelowThreshold, 1_620_000, cleaning), at("2025-06-01T10:00:00Z"), "procure.below_threshold.cross_border"},
		{"works use the works threshold", tender(samspil.ProcBelowThreshold, 2_000_000, works), now, ""},
		{"works above", tender(samspil.ProcBelowThreshold, 41_000_000, works), now, "procure.below_threshold.above_eu"},
		{"social services use the light regime", tender(samspil.ProcBelowThreshold, 3_000_000, social), now, "procure.below_threshold.cross_border"},
		{"social services above the light regime", tender(samspil.ProcBelowThreshold, 6_000_000, social), now, "procure.below_threshold.above_light_regime"},
		{"mixed codes use supplies/services", tender(samspil.ProcBelowThreshold, 2_000_000, social, cleaning), now, "procure.below_threshold.above_eu"},
		{"lots split a value above", withLots(tender(samspil.ProcBelowThreshold, 2_000_000, cleaning), 1_000_000, 1_000_000), now, "procure.lots.split"},
		{"one lot alone above", withLots(tender(samspil.ProcBelowThreshold, 2_000_000, cleaning), 1_700_000, 300_000), now, "procure.below_threshold.above_eu"},
		{"open procedure above is fine", tender(samspil.ProcSocialClause, 5_000_000, cleaning), now, ""},
		{"light regime with social codes", tender(samspil.ProcLightRegime, 8_000_000, social), now, ""},
		{"light regime with other codes", tender(samspil.ProcLightRegime, 8_000_000, social, cleaning), now, "procure.light_regime.cpv"},
		{"reserved without reservation", func() *samspil.Tender {
			t := tender(samspil.ProcReserved, 500_000, cleaning)
			t.Reservation = samspil.ReserveNone
			return t
		}(), now, "procure.reserved.no_reservation"},
		{"reserved with reservation", tender(samspil.ProcReserved, 5_000_000, cleaning), now, ""},
		{"art. 77 longer than three years", func() *samspil.Tender {
			t := tender(samspil.ProcLightRegime, 1_000_000, social)
			t.Reservation = samspil.ReservePublicService
			t.ContractStart = at("2027-01-01T00:00:00Z")
			t.ContractEnd = at("2031-01-01T00:00:00Z")
			return t
		}(), now, "procure.art77.too_long"},
		{"art. 77 three years", func() *samspil.Tender {
			t := tender(samspil.ProcLightRegime, 1_000_000, social)
			t.Reservation = samspil.ReservePublicService
			t.ContractStart = at("2027-01-01T00:00:00Z")
			t.ContractEnd = at("2029-12-31T00:00:00Z")
			return t
		}(), now, ""},
		{"rules out of date", tender(samspil.ProcSocialClause, 100_000, cleaning), at("2028-02-01T10:00:00Z"), "procure.rules.outdated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := r.Check(tt.t, tt.at)
			if got := keys(ws); got != tt.want {
				t.Fatalf("got %q, want %q (%+v)", got, tt.want, ws)
			}
			for _, w := range ws {
				if w.Key != "procure.rules.outdated" && w.Source == "" {
					t.Errorf("%s has no source", w.Key)
				}
			}
		})
	}
}

func sov(id int64, mun string, km float64, share int, turnoverKr int64) samspil.SupplierFact {
	return samspil.SupplierFact{OrganisationID: id, Name: "SØV", MunicipalityCode: mun, Kind: samspil.OrgSOV,
		DisadvantagedShare: share, MeetsSection20: share >= 30, TurnoverOre: turnoverKr * 100, DistanceKm: km}
}

func TestRecommend(t *testing.T) {
	r := procure.Default()
	now := at("2026-11-28T10:00:00Z")
	const cleaning, social = "90910000-9", "85311200-4"
	three := []samspil.SupplierFact{sov(1, "0751", 0, 40, 4_000_000), sov(2, "0751", 0, 35, 2_000_000), sov(3, "0615", 30, 50, 0)}
	tests := []struct {
		name      string
		in        procure.Input
		suppliers []samspil.SupplierFact
		route     procure.Route
		reasons   string
		dep       int
		eligible  int
	}{
		{"enough and small: reserved contract", procure.Input{CPVCodes: []string{cleaning}, RadiusKm: 50, ValueOre: 900_000_00, At: now}, three,
			procure.RouteReservedContract, "procure.reason.eligible_enough,procure.reason.dependency_low,procure.reason.below_threshold", 30, 3},
		{"enough but dependent: reserved lot", procure.Input{CPVCodes: []string{cleaning}, RadiusKm: 50, ValueOre: 6_000_000_00, At: now}, three,
			procure.RouteReservedLot, "procure.reason.reserve_lot,procure.reason.above_threshold", 200, 3},
		{"turnover unknown: reserved with caution", procure.Input{CPVCodes: []string{cleaning}, ValueOre: 900_000_00, At: now},
			[]samspil.SupplierFact{sov(1, "0751", 0, 40, 0), sov(2, "0751", 0, 35, 0), sov(3, "0615", 30, 50, 0)},
			procure.RouteReservedContract, "procure.reason.eligible_enough,procure.reason.dependency_unknown,procure.reason.below_threshold", -1, 3},
		{"two eligible: reserved lot", procure.Input{CPVCodes: []string{cleaning}, RadiusKm: 50, ValueOre: 900_000_00, At: now}, three[:2],
			procure.RouteReservedLot, "procure.reason.reserve_lot,procure.reason.below_threshold", 30, 2},
		{"SØV below 30 %: social clause", procure.Input{CPVCodes: []string{cleaning}, RadiusKm: 50, ValueOre: 900_000_00, At: now},
			[]samspil.SupplierFact{sov(1, "0751", 0, 10, 1_000_000), sov(2, "0751", 0, 29, 0)},
			procure.RouteSocialClause, "procure.reason.social_clause,procure.reason.below_threshold", -1, 0},
		{"social services, few eligible: light-regime reservation", procure.Input{CPVCodes: []string{social}, RadiusKm: 50, ValueOre: 900_000_00, At: now},
			[]samspil.SupplierFact{sov(1, "0751", 0, 10, 1_000_000), sov(2, "0751", 0, 40, 0)},
			procure.RouteLightRegimeReservation, "procure.reason.light_regime,procure.reason.below_threshold", -1, 1},
		{"social services and enough eligible: § 20 first", procure.Input{CPVCodes: []string{social}, RadiusKm: 50, ValueOre: 900_000_00, At: now}, three,
			procure.RouteReservedContract, "procure.reason.eligible_enough,procure.reason.dependency_low,procure.reason.below_threshold", 30, 3},
		{"nobody: none", procure.Input{CPVCodes: []string{cleaning}, RadiusKm: 10, ValueOre: 900_000_00, At: now}, nil,
			procure.RouteNone, "procure.reason.none,procure.reason.below_threshold", -1, 0},
		{"rules out of date", procure.Input{CPVCodes: []string{cleaning}, ValueOre: 900_000_00, At: at("2030-01-01T10:00:00Z")}, nil,
			procure.RouteNone, "procure.reason.none,procure.rules.outdated", -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := r.Recommend(tt.in, tt.suppliers)
			if rec.Route != tt.route || keys(rec.Reasons) != tt.reasons || rec.DependencyPercent != tt.dep || rec.Eligible != tt.eligible {
				t.Fatalf("route %s reasons %q dep %d eligible %d", rec.Route, keys(rec.Reasons), rec.DependencyPercent, rec.Eligible)
			}
			if rec.Suppliers != len(tt.suppliers) {
				t.Errorf("suppliers %d", rec.Suppliers)
			}
			// Every route is either chosen or an alternative with a reason.
			seen := map[procure.Route]bool{rec.Route: true}
			for _, a := range rec.Alternatives {
				if seen[a.Route] || a.Reason.Key == "" || a.Reason.Message == "" {
					t.Errorf("alternative %+v", a)
				}
				seen[a.Route] = true
			}
			if len(seen) != len(procure.Routes) {
				t.Errorf("routes considered: %v", seen)
			}
		})
	}
}

func TestRecommendPlaces(t *testing.T) {
	r := procure.Default()
	sup := []samspil.SupplierFact{sov(1, "0615", 30, 40, 0), sov(2, "0751", 0, 10, 0), sov(3, "0751", 0, 40, 0), sov(4, "0101", 150, 40, 0)}
	rec := r.Recommend(procure.Input{CPVCodes: []string{"90910000-9"}, ValueOre: 1, At: at("2026-11-28T10:00:00Z")}, sup)
	want := []procure.Place{{"0751", 2, 1, 0}, {"0615", 1, 1, 30}, {"0101", 1, 1, 150}}
	if len(rec.Places) != len(want) {
		t.Fatalf("%+v", rec.Places)
	}
	for i, p := range want {
		if rec.Places[i] != p {
			t.Errorf("place %d: %+v, want %+v", i, rec.Places[i], p)
		}
	}
}

// TestLocaleKeys: every key the package uses has a Danish and an English
// text, and every route has a name.
func TestLocaleKeys(t *testing.T) {
	b, err := os.ReadFile("procure.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`"(procure\.[a-z_.0-9]+)"`).FindAllStringSubmatch(string(b), -1) {
		used[m[1]] = true
	}
	for _, rt := range procure.Routes {
		used["procure.route."+string(rt)] = true
	}
	for _, lang := range []string{"da", "en"} {
		b, err := os.ReadFile("../web/locales/" + lang + "/procure.json")
		if err != nil {
			t.Fatal(err)
		}
		cat := map[string]string{}
		if err := json.Unmarshal(b, &cat); err != nil {
			t.Fatal(err)
		}
		for k := range used {
			if cat[k] == "" {
				t.Errorf("%s: no text for %s", lang, k)
			}
		}
	}
}
