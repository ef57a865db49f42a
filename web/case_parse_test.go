package web

import (
	"math"
	"net/url"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true},
		{"3,5", 3.5, true},
		{"3.5", 3.5, true},
		{"1.200", 1200, true},
		{"1.234,75", 1234.75, true},
		{"1,234.75", 1234.75, true},
		{"1 250 000", 1250000, true},
		{"0.125", 0.125, true},
		{"0,125", 0.125, true},
		{",5", 0.5, true},
		{"-7,5", -7.5, true},
		{"−2", -2, true},
		{"+4", 4, true},
		{"1.234.567,1", 1234567.1, true},
		{"12.50.000", 0, false},
		{"tre", 0, false},
		{"", 0, false},
		{"1,2,3", 0, false},
		{"5,", 0, false},
		{"1e5", 0, false},
		{"NaN", 0, false},
		{"9.999.999.999.999", 0, false},
		{"--1", 0, false},
	} {
		got, err := parseDecimal(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("parseDecimal(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestFormatResultValue(t *testing.T) {
	for _, tc := range []struct {
		v      float64
		da, en string
	}{
		{12, "12", "12"},
		{3.5, "3,5", "3.5"},
		{1234.75, "1.234,75", "1,234.75"},
		{-1250000, "-1.250.000", "-1,250,000"},
		{0.125, "0,125", "0.125"},
	} {
		if got := formatResultValue("da", tc.v); got != tc.da {
			t.Errorf("da %v: %q, want %q", tc.v, got, tc.da)
		}
		if got := formatResultValue("en", tc.v); got != tc.en {
			t.Errorf("en %v: %q, want %q", tc.v, got, tc.en)
		}
	}
}

func TestParseOrgLink(t *testing.T) {
	for in, want := range map[string]int64{
		"12": 12, "/organisationer/12": 12, "https://samspil.dk/organisationer/345?lang=en": 345,
		"/organisationer/7/rediger": 7, "abc": 0, "/organisationer/": 0, "0": 0, "-3": 0, "99999999999999999999": 0,
	} {
		got, ok := parseOrgLink(in)
		if (want > 0) != ok || got != want && ok {
			t.Errorf("parseOrgLink(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

// TestParseCaseFormRoundTrip: what the edit form shows parses back to the
// stored case.
func TestParseCaseFormRoundTrip(t *testing.T) {
	org := int64(5)
	c := &samspil.Case{OrganisationID: 3, Title: "T", Summary: "S", Model: samspil.ModelPilot, MunicipalityCode: "0101",
		TargetGroups: []string{"a", "b"}, WhatWasDone: "w", Economy: "e", ValueOre: 123456789, WorkedWell: "g", WorkedLess: "l",
		ContactName: "N", ContactEmail: "n@x.test", ContactPhone: "1",
		Partners: []samspil.CasePartner{{Name: "P", Role: "r"}, {Name: "Q", OrganisationID: &org}},
		Results:  []samspil.CaseResult{{Metric: "m", Value: 1234.5, Unit: "u", Period: "2024"}, {Metric: "n", Value: -0.25}}}
	cf, err := parseCaseForm(caseFormValues(c))
	if err != nil {
		t.Fatal(err)
	}
	got := cf.Case
	if cf.OrganisationID != 3 || got.Title != "T" || got.ValueOre != 123456789 || len(got.TargetGroups) != 2 {
		t.Errorf("got %+v", got)
	}
	if len(got.Partners) != 2 || got.Partners[1].OrganisationID == nil || *got.Partners[1].OrganisationID != 5 {
		t.Errorf("partners %+v", got.Partners)
	}
	if len(got.Results) != 2 || got.Results[0].Value != 1234.5 || got.Results[1].Value != -0.25 {
		t.Errorf("results %+v", got.Results)
	}
}

// TestParseCaseFormRows: empty rows are skipped, a half-filled row is
// reported on its own fields, and nothing beyond the row limit is read.
func TestParseCaseFormRows(t *testing.T) {
	v := url.Values{
		"results.0.metric": {""}, "results.0.value": {""},
		"results.1.metric": {"Job"}, "results.1.value": {""},
		"results.2.metric": {""}, "results.2.value": {"4"},
		"results.3.metric": {"Timer"}, "results.3.value": {"x"},
		"partners.0.role":    {"mentor"},
		"partners.1.org":     {"nope"},
		"value":              {"-5"},
		"results.999.metric": {"far away"}, "results.999.value": {"1"},
	}
	cf, err := parseCaseForm(v)
	e, ok := samspil.AsError(err)
	if !ok {
		t.Fatalf("err %v", err)
	}
	fields := map[string]string{}
	for _, f := range e.Fields {
		fields[f.Field] = f.Key
	}
	for field, key := range map[string]string{
		"results.1.value": "case.form.value_required", "results.2.metric": "case.result.metric.required",
		"results.3.value": "case.form.value_invalid", "partners.0.name": "case.form.partner_name_required",
		"partners.1.org": "case.form.partner_org_invalid", "value": "money.negative",
	} {
		if fields[field] != key {
			t.Errorf("%s: %q, want %q (all: %v)", field, fields[field], key, fields)
		}
	}
	if len(cf.Case.Results) != 3 {
		t.Errorf("results %+v", cf.Case.Results)
	}
}

// FuzzParseCaseForm feeds arbitrary text into every kind of field: the
// parser never panics, every value it accepts is finite and in range, and
// every problem is on a named field.
func FuzzParseCaseForm(f *testing.F) {
	for _, s := range []string{"12", "3,5", "1.234,50", "12.50.000", "-0", "/organisationer/9", "2024-02-30", "1e308", "٣", "\x00", strings.Repeat("9", 50)} {
		f.Add(s, s, s)
	}
	f.Fuzz(func(t *testing.T, value, kroner, other string) {
		v := url.Values{"results.0.value": {value}, "results.0.metric": {other}, "value": {kroner},
			"partners.0.org": {other}, "period_start": {other}, "organisation_id": {other}}
		cf, err := parseCaseForm(v)
		if err != nil {
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID {
				t.Fatalf("not a validation error: %v", err)
			}
			for _, fe := range e.Fields {
				if fe.Field == "" || fe.Key == "" {
					t.Fatalf("unnamed problem %+v", fe)
				}
			}
		}
		for _, r := range cf.Case.Results {
			if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) || math.Abs(r.Value) > maxResultValue {
				t.Fatalf("value %v from %q", r.Value, value)
			}
		}
		if cf.Case.ValueOre < 0 {
			t.Fatalf("negative amount %d from %q", cf.Case.ValueOre, kroner)
		}
	})
}

// FuzzDecimalRoundTrip: a value the parser accepts is written back by
// formatResultValue in a form that parses to the same number, in both
// languages' notation for Danish pages.
func FuzzDecimalRoundTrip(f *testing.F) {
	for _, s := range []string{"12", "3,5", "0,125", "1.234.567,891", "-0,0001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := parseDecimal(s)
		if err != nil {
			return
		}
		back := formatResultValue("da", x)
		y, err := parseDecimal(back)
		if err != nil || y != x {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, x, back, y, err)
		}
	})
}

// FuzzParseDKKKroner: the case form's kroner field never yields a
// negative or absurd amount, and what it accepts formats back to itself.
func FuzzParseDKKKroner(f *testing.F) {
	for _, s := range []string{"1.234,50", "1234.5", "1 250 000 kr.", "12.50.000", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ore, err := parseDKK(s)
		if err != nil {
			return
		}
		if ore < 0 || ore > maxTurnoverDKK*100+99 {
			t.Fatalf("%q -> %d", s, ore)
		}
		if back, err := parseDKK(formatDKK(ore)); err != nil || back != ore {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, ore, formatDKK(ore), back, err)
		}
	})
}
