package web

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// fullProfile is an organisation with every profile field set.
func fullProfile() *samspil.Organisation {
	return &samspil.Organisation{
		Name: "Fuld Profil ApS", Kind: samspil.OrgSOV, CVR: validCVR(99), MunicipalityCode: "0751",
		Address: "Søndergade 1", PostalCode: "8000", City: "Aarhus C", Website: "https://fuld.example.dk",
		Email: "kontakt@fuld.example.dk", Phone: "+45 70 70 70 70", Description: "Beskrivelse\n\nmed afsnit",
		Sectors: []string{"N", "S"}, CPVCodes: []string{"90911200-8", "98310000-9"}, TargetGroups: []string{"handicap", "udsatte_ledige"},
		Capacity: 12, TurnoverOre: 125000050, Employees: 20, DisadvantagedEmployees: 7,
		RSVCriteria: [5]samspil.RSVCriterion{{Declared: true, Justification: "Formål"}, {}, {Declared: true}, {Justification: "På vej"}, {Declared: true, Justification: "Overskud geninvesteres"}},
		Effects: []samspil.SocialEffect{
			{Year: 2023, TargetGroupEmployed: 5, ToOrdinaryWork: 2, ToEducation: 1, PeopleInProgrammes: 9, Note: "Første år"},
			{Year: 2024, TargetGroupEmployed: 7, ToOrdinaryWork: 3},
		},
	}
}

// TestProfileFormRoundTrip: what the edit form shows parses back to the
// same profile, so saving an untouched form changes nothing.
func TestProfileFormRoundTrip(t *testing.T) {
	o := fullProfile()
	if err := o.Validate(refdata.Catalog); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"da", "en"} {
		v := orgProfileValues(o, lang)
		upd, err := parseOrgProfile(v, o.Kind)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		got := *o
		got.Name, got.Description, got.Sectors, got.CPVCodes, got.TargetGroups, got.Effects = "", "", nil, nil, nil, nil
		got.TurnoverOre, got.Capacity = 0, 0
		got.RSVCriteria = [5]samspil.RSVCriterion{}
		upd.Apply(&got)
		if err := got.Validate(refdata.Catalog); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if !reflect.DeepEqual(&got, o) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v", lang, got, *o)
		}
	}
	// A municipality's name and code are not part of its form.
	upd, err := parseOrgProfile(url.Values{"name": {"Kapret"}, "municipality_code": {"0101"}}, samspil.OrgKommune)
	if err != nil || upd.Name != nil || upd.MunicipalityCode != nil {
		t.Errorf("kommune update %+v %v", upd, err)
	}
}

func TestParseEffects(t *testing.T) {
	tests := []struct {
		name    string
		v       url.Values
		want    []samspil.SocialEffect
		wantKey string
	}{
		{"empty rows ignored", url.Values{effYear: {"", "2024", ""}, effEmployed: {"", "3", " "}, effNote: {"", "", ""}},
			[]samspil.SocialEffect{{Year: 2024, TargetGroupEmployed: 3}}, ""},
		{"ragged columns", url.Values{effYear: {"2022", "2023"}, effEmployed: {"1"}}, []samspil.SocialEffect{{Year: 2022, TargetGroupEmployed: 1}, {Year: 2023}}, ""},
		{"year missing", url.Values{effYear: {""}, effEmployed: {"4"}}, nil, "orgform.effects.year_required"},
		{"year bad", url.Values{effYear: {"20x4"}}, nil, "org.effect.year"},
		{"year out of range", url.Values{effYear: {"1850"}}, nil, "org.effect.year"},
		{"negative", url.Values{effYear: {"2024"}, effOrdinary: {"-2"}}, nil, "orgform.effects.number"},
		{"too many rows", url.Values{effYear: make([]string, maxEffectRows+1)}, nil, "orgform.effects.too_many"},
	}
	for _, tt := range tests {
		got, err := parseEffects(tt.v)
		if tt.wantKey != "" {
			e, ok := samspil.AsError(err)
			if !ok || len(e.Fields) == 0 || e.Fields[0].Key != tt.wantKey || e.Fields[0].Field != "effects" {
				t.Errorf("%s: err %v, want %s", tt.name, err, tt.wantKey)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %+v %v", tt.name, got, err)
		}
	}
}

// TestProfileEdit saves a full profile through the form and checks bad
// input: 422, the typed values kept, a linked error summary, nothing
// written, in Danish and English.
func TestProfileEdit(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	c := e.clients[roleAdmin]
	path := orgPath(s.A.ID, "/rediger")
	want := fullProfile()
	form := orgProfileValues(want, "da")
	form.Add(effYear, "") // the two blank rows the page always offers
	form.Add(effYear, "")
	r := e.post(c, path, form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, short(r.body))
	}
	got, err := e.store.FindOrganisationByID(context.Background(), s.A.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != want.Name || got.MunicipalityCode != want.MunicipalityCode || got.City != want.City || got.Phone != want.Phone ||
		got.TurnoverOre != want.TurnoverOre || got.Employees != want.Employees || got.DisadvantagedEmployees != want.DisadvantagedEmployees ||
		got.Capacity != want.Capacity || !reflect.DeepEqual(got.CPVCodes, want.CPVCodes) || !reflect.DeepEqual(got.Effects, want.Effects) ||
		got.RSVCriteria != want.RSVCriteria || len(got.Sectors) != 2 || len(got.TargetGroups) != 2 || got.CVR != s.A.CVR {
		t.Errorf("stored\n got %+v\nwant %+v", got, want)
	}
	// The form shows it back, with the reserved-contract share.
	page := e.get(c, path)
	mustContain(t, page.body, "1.250.000,50", "90911200-8 ", "Første år", "Andel: 35 %", "Opfylder betingelsen", `value="2023"`)

	long := strings.Repeat("x", 10001)
	tests := []struct {
		name    string
		field   string
		value   string
		da, en  string
		keep    string
		summary string // the field the error summary links to
	}{
		{"unknown CPV code", "cpv_codes", "90911200-8\n12345678\nrengøring", "CPV-koden 12345678, rengøring findes ikke", "does not exist", "rengøring", "field-cpv_codes"},
		{"bad turnover", "turnover", "1.25.000", "Skriv beløbet i kroner", "Write the amount", `value="1.25.000"`, "field-turnover"},
		{"negative turnover", "turnover", "-5", "negativt", "negative", `value="-5"`, "field-turnover"},
		{"turnover with three decimals", "turnover", "12,345", "to decimaler", "two decimals", `value="12,345"`, "field-turnover"},
		{"more disadvantaged than employees", "disadvantaged_employees", "30", "", "", `value="30"`, "field-disadvantaged_employees"},
		{"letters in employees", "employees", "tyve", "helt tal", "whole number", `value="tyve"`, "field-employees"},
		{"empty name", "name", "", "navn", "name", "", "field-name"},
		{"10,000-character name", "name", long, "for langt", "too long", long[:300], "field-name"},
		{"unknown municipality", "municipality_code", "9999", "9999", "9999", "", "field-municipality_code"},
		{"bad postal code", "postal_code", "80000", "4 cifre", "4 digits", `value="80000"`, "field-postal_code"},
		{"unknown sector", "sectors", "Z", "DB07", "DB07", "", "field-sectors"},
		{"unknown target group", "target_groups", "marsboere", "marsboere", "marsboere", "", "field-target_groups"},
		{"bad e-mail", "email", "ikke@", "e-mail", "e-mail", `value="ikke@"`, "field-email"},
		{"CPR number as phone", "phone", "010190-1234", "CPR", "CPR", "", "field-phone"},
		{"long justification", "rsv_social_purpose", strings.Repeat("y", 2001), "for lang", "too long", "yyyyyyyy", "field-rsv_social_purpose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			f := url.Values{}
			for k, v := range form {
				f[k] = append([]string(nil), v...)
			}
			f.Set(tt.field, tt.value)
			f.Set("description", "Skrevet men ikke gemt")
			before := e.fingerprint()
			r := e.post(c, path, f)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", r.status, short(r.body))
			}
			mustContain(t, r.body, "error-summary", `href="#`+tt.summary+`"`, "Skrevet men ikke gemt", tt.da)
			if tt.keep != "" {
				mustContain(t, r.body, tt.keep)
			}
			if e.fingerprint() != before {
				t.Error("something was written")
			}
			r = e.post(c, path+"?lang=en", f)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, tt.en) {
				t.Errorf("English: %d, %q missing", r.status, tt.en)
			}
			e.get(c, "/?lang=da")
		})
	}
	t.Run("effects errors", func(t *testing.T) {
		e.t = t
		f := orgProfileValues(want, "da")
		f.Add(effYear, "")
		f.Add(effEmployed, "")
		f.Add(effOrdinary, "")
		f.Add(effEducation, "")
		f.Add(effProgrammes, "")
		f.Add(effNote, "glemt år")
		f.Add(effYear, "2023") // duplicate of the first row
		before := e.fingerprint()
		r := e.post(c, path, f)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		mustContain(t, r.body, "Række 3 mangler et årstal", `href="#field-effects"`, `value="glemt år"`)
		if e.fingerprint() != before {
			t.Error("written")
		}
	})
	t.Run("huge body", func(t *testing.T) {
		e.t = t
		before := e.fingerprint()
		f := url.Values{"description": {strings.Repeat("z", 3<<20)}}
		if r := e.post(c, path, f); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d", r.status)
		}
		if e.fingerprint() != before {
			t.Error("written")
		}
	})
	t.Run("municipality profile", func(t *testing.T) {
		e.t = t
		r := e.post(c, orgPath(s.K.ID, "/rediger"), url.Values{"name": {"Kapret Kommune"}, "description": {"Kommunens profil"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", r.status, short(r.body))
		}
		k, _ := e.store.FindOrganisationByID(context.Background(), s.K.ID)
		if k.Name == "Kapret Kommune" || k.Description != "Kommunens profil" {
			t.Errorf("municipality %+v", k)
		}
	})
}

// FuzzParseOrgProfile feeds arbitrary form bodies to the profile parser:
// it must never panic, and whatever it accepts holds no negative numbers
// and only known CPV codes.
func FuzzParseOrgProfile(f *testing.F) {
	f.Add("turnover=1.250.000%2C50&employees=10&cpv_codes=90911200-8")
	f.Add("effect_year=2024&effect_year=&effect_employed=3&effect_note=x&rsv_social_purpose_declared=1")
	f.Add("turnover=-1&capacity=1e9&cpv_codes=%00%ff,,;;\n")
	f.Add(orgProfileValues(fullProfile(), "da").Encode())
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		upd, err := parseOrgProfile(v, samspil.OrgSOV)
		if err != nil {
			if samspil.ErrorCode(err) != samspil.EINVALID {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if *upd.TurnoverOre < 0 || *upd.Capacity < 0 || *upd.Employees < 0 || *upd.DisadvantagedEmployees < 0 {
			t.Fatalf("negative number accepted: %s", body)
		}
		for _, c := range *upd.CPVCodes {
			if _, ok := refdata.CPVByCode(c); !ok {
				t.Fatalf("unknown CPV %q accepted", c)
			}
		}
		for _, e := range *upd.Effects {
			if e.Year < 1990 || e.Year > 2100 || e.TargetGroupEmployed < 0 || e.ToOrdinaryWork < 0 {
				t.Fatalf("bad effect accepted: %+v", e)
			}
		}
	})
}

// FuzzParseOrgCreate checks the create-form parser on arbitrary bodies.
func FuzzParseOrgCreate(f *testing.F) {
	f.Add("kind=sov&cvr=DK+12345674&name=X&municipality_code=0101")
	f.Add("kind=kommune&cvr=abc&name=&website=javascript:1")
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		o, err := parseOrgCreate(&Form{Values: v, Fields: map[string]string{}})
		if err != nil {
			if samspil.ErrorCode(err) != samspil.EINVALID {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if o.Kind == samspil.OrgKommune || !o.Kind.Valid() || o.Name == "" {
			t.Fatalf("accepted %+v", o)
		}
		if o.CVR != "" {
			if _, err := samspil.ParseCVR(o.CVR); err != nil {
				t.Fatalf("bad CVR accepted %q", o.CVR)
			}
		}
	})
}
