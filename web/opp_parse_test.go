package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

func cph(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseDeadline(t *testing.T) {
	loc := cph(t)
	for _, tc := range []struct {
		in   string
		want string // UTC, RFC 3339; "" for an error
	}{
		{"2026-03-31", "2026-03-31T21:59:59Z"},   // summer time from 29 March: UTC+2
		{"2026-01-15", "2026-01-15T22:59:59Z"},   // winter time: UTC+1
		{"31-03-2026", "2026-03-31T21:59:59Z"},   // Danish order
		{"1.2.2026", "2026-02-01T22:59:59Z"},     // Danish dots, no leading zeros
		{" 2026/12/24 ", "2026-12-24T22:59:59Z"}, // slashes and spaces
		{"2026-10-25", "2026-10-25T22:59:59Z"},   // the day summer time ends
		{"2026-02-30", ""},
		{"2026-13-01", ""},
		{"26-03-31", ""},
		{"i morgen", ""},
		{"", ""},
		{"2026-03", ""},
		{"-2026-03-01", ""},
	} {
		got, err := parseDeadline(tc.in, loc)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q: want an error, got %v", tc.in, got)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("%q: got %v, %v; want %s", tc.in, got.Format(time.RFC3339), err, tc.want)
		}
	}
}

// FuzzParseDeadline: any text either fails with EINVALID or gives the last
// second of a day in Danish time, which prints back as the same date.
func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"2026-03-31", "31.3.2026", "0-0-0", "9999-12-31", "2026-02-29", "١٢-٠٣-٢٠٢٦", "2026--03"} {
		f.Add(s)
	}
	loc := cph(f)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDeadline(s, loc)
		if err != nil {
			if samspil.ErrorCode(err) != samspil.EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		local := d.In(loc)
		if local.Format("15:04:05") != "23:59:59" {
			t.Fatalf("%q: %v is not the end of a day", s, local)
		}
		if d.Location() != time.UTC {
			t.Fatalf("%q: not UTC", s)
		}
	})
}

func TestParseOppFields(t *testing.T) {
	loc := cph(t)
	v := url.Values{"title": {" Vask "}, "cpv_codes": {"98310000-9 Vaskeri\n45000000"}, "expertise_areas": {"jura"},
		"target_groups": {"udsatte_ledige", ""}, "municipality_code": {"0101"}, "radius_km": {"40"}, "volume": {"1.200"},
		"estimated_value": {"1.234,50"}, "deadline": {"2026-06-01"}}
	got, err := parseOppFields(v, samspil.OppIndkobsbehov, loc)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Vask" || len(got.CPVCodes) != 2 || len(got.ExpertiseAreas) != 0 || len(got.TargetGroups) != 1 ||
		got.RadiusKm != 40 || got.Volume != 1200 || got.EstimatedValueOre != 123450 || got.Deadline == nil {
		t.Errorf("parsed %+v", got)
	}
	// Mentoring kinds read the areas and ignore CPV codes, even bad ones.
	v.Set("cpv_codes", "nonsense")
	got, err = parseOppFields(v, samspil.OppMentorTilbud, loc)
	if err != nil || len(got.CPVCodes) != 0 || len(got.ExpertiseAreas) != 1 {
		t.Errorf("mentoring: %+v %v", got, err)
	}
	// Every bad field is reported at once, under the form's names.
	bad := url.Values{"cpv_codes": {"nonsense"}, "radius_km": {"x"}, "volume": {"-1"}, "estimated_value": {"12.50.000"}, "deadline": {"snart"}}
	_, err = parseOppFields(bad, samspil.OppYdelse, loc)
	e, ok := samspil.AsError(err)
	if !ok {
		t.Fatalf("want a validation error, got %v", err)
	}
	fields := map[string]bool{}
	for _, fe := range e.Fields {
		fields[fe.Field] = true
	}
	for _, want := range []string{"cpv_codes", "radius_km", "volume", "estimated_value", "deadline"} {
		if !fields[want] {
			t.Errorf("no error for %s: %v", want, e.Fields)
		}
	}
}

// FuzzParseOppFields: whatever is posted, the parser answers with values
// or EINVALID field errors, never a panic or another error.
func FuzzParseOppFields(f *testing.F) {
	f.Add("Vask", "98310000-9\n45", "12", "3", "1.234,50", "2026-03-31", "jobbehov")
	f.Add("", ",,;;", "-1", "1e9", "kr. 12,5", "31/02/2026", "mentor_tilbud")
	f.Add(strings.Repeat("ø", 300), "90911200-8 Rengøring", "٣", "", "DKK 1 000", "2026.1.1", "x")
	loc := cph(f)
	f.Fuzz(func(t *testing.T, title, cpv, radius, volume, value, deadline, kind string) {
		v := url.Values{"title": {title}, "cpv_codes": {cpv}, "radius_km": {radius}, "volume": {volume},
			"estimated_value": {value}, "deadline": {deadline}, "expertise_areas": {title}}
		got, err := parseOppFields(v, samspil.OpportunityKind(kind), loc)
		if err != nil {
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID || len(e.Fields) == 0 {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if got.RadiusKm < 0 || got.Volume < 0 || got.EstimatedValueOre < 0 {
			t.Fatalf("negative number accepted: %+v", got)
		}
	})
}

// TestOppDynamicKeys: keys the templates build from codes exist in both
// languages.
func TestOppDynamicKeys(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, k := range samspil.OpportunityKinds {
		keys = append(keys, "opp.kind."+string(k))
	}
	for _, st := range []string{"open", "closed", "filled", "all"} {
		keys = append(keys, "opp.status."+st, "opp.flash.status_"+st)
	}
	keys = keys[:len(keys)-1] // no flash for "all"
	for _, st := range []string{"open", "closed", "filled"} {
		keys = append(keys, "opp.status_page."+st, "opp.status_page."+st+".explain", "opp.status_page."+st+".confirm")
	}
	for _, a := range samspil.ExpertiseAreas {
		keys = append(keys, "opp.expertise."+a)
	}
	for _, s := range oppSorts {
		keys = append(keys, "opp.sort."+s)
	}
	for _, m := range samspil.CollaborationModels {
		keys = append(keys, "model."+string(m))
	}
	for _, s := range []samspil.PartnershipStatus{samspil.PartnershipProposed, samspil.PartnershipAgreed, samspil.PartnershipActive, samspil.PartnershipCompleted, samspil.PartnershipAborted} {
		keys = append(keys, "partnership.status."+string(s))
	}
	for _, r := range []string{"ejer", "partner", "koeber", "leverandoer"} {
		keys = append(keys, "partnership.role."+r)
	}
	for _, s := range []samspil.InterestStatus{samspil.InterestPending, samspil.InterestAccepted, samspil.InterestDeclined, samspil.InterestWithdrawn} {
		keys = append(keys, "interest.status."+string(s))
	}
	for a := range interestActions {
		keys = append(keys, "interest.decide."+a, "interest.decide."+a+".explain", "interest.decide."+a+".confirm")
	}
	for _, n := range []string{"cpv", "expertise", "distance", "target_group", "capacity", "rsv", "track_record", "freshness"} {
		keys = append(keys, "match.component."+n)
	}
	for _, l := range cpvLevelNames {
		keys = append(keys, "match.level."+l)
	}
	for _, n := range []samspil.NotificationKind{samspil.NoteInterestReceived, samspil.NoteInterestAccepted, samspil.NoteInterestDeclined, samspil.NotePartnershipNew} {
		keys = append(keys, "note."+string(n))
	}
	keys = append(keys, "match.fact.cpv_level", "match.fact.expertise", "match.fact.km", "match.fact.same_municipality", "match.fact.unknown",
		"match.fact.of", "match.fact.capacity", "match.fact.yes", "match.fact.no", "match.fact.partnerships", "match.fact.days", "match.fact.not_applicable",
		"opp.form.org_required", "opp.deadline.invalid", "opp.status.not_allowed", "opp.status.confirm_required", "opp.status.reopen_expired",
		"interest.confirm_required", "note.flash.all_read", "opp.flash.created", "opp.flash.saved", "interest.flash.sent",
		"interest.flash.accepted", "interest.flash.declined", "interest.flash.withdrawn")
	for _, k := range keys {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("key %q missing in %s", k, lang)
			}
		}
	}
}
