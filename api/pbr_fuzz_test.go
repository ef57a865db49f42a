package api

import (
	"net/url"
	"slices"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// pbrGroups are the target groups the query tests know.
var pbrGroups = []string{"udsatte_ledige", "psykisk_saarbare", "unge_uden_uddannelse"}

// TestParseContractQuery pins the outcome-contract list's parameters:
// defaults, each accepted form, and every bad parameter reported at once
// with keys known in both languages.
func TestParseContractQuery(t *testing.T) {
	ok := []struct {
		query    string
		statuses []samspil.ContractStatus
		muni     string
		group    string
		page     int
		perPage  int
	}{
		{"", publicContractStatuses, "", "", 1, samspil.DefaultPageSize},
		{"status=active", []samspil.ContractStatus{samspil.ContractActive}, "", "", 1, samspil.DefaultPageSize},
		{"status=finished,active&status=active", []samspil.ContractStatus{samspil.ContractFinished, samspil.ContractActive}, "", "", 1, samspil.DefaultPageSize},
		{"municipality=0360&target_group=udsatte_ledige&page=3&per_page=7", publicContractStatuses, "0360", "udsatte_ledige", 3, 7},
		{"municipality=+0101+&q=ignored", publicContractStatuses, "0101", "", 1, samspil.DefaultPageSize},
	}
	for _, c := range ok {
		q, _ := url.ParseQuery(c.query)
		got, err := parseContractQuery(q, pbrGroups)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		if !slices.Equal(got.Filter.Statuses, c.statuses) || got.Filter.MunicipalityCode != c.muni || got.Filter.TargetGroup != c.group ||
			got.Page != c.page || got.PerPage != c.perPage || got.Filter.Offset != 0 || got.Filter.Limit != 0 {
			t.Errorf("%q: %+v", c.query, got)
		}
	}
	bad := []struct {
		query  string
		fields []string
	}{
		{"status=draft", []string{"status"}},
		{"status=active,aktiv", []string{"status"}},
		{"municipality=9999", []string{"municipality"}},
		{"target_group=hemmelig", []string{"target_group"}},
		{"page=0&per_page=101", []string{"page", "per_page"}},
		{"status=draft&municipality=x&target_group=y&page=x", []string{"page", "status", "municipality", "target_group"}},
	}
	for _, c := range bad {
		q, _ := url.ParseQuery(c.query)
		_, err := parseContractQuery(q, pbrGroups)
		problemKeysKnown(t, err)
		e, _ := samspil.AsError(err)
		var fields []string
		for _, fe := range e.Fields {
			fields = append(fields, fe.Field)
		}
		if !slices.Equal(fields, c.fields) {
			t.Errorf("%q: fields %v, want %v", c.query, fields, c.fields)
		}
	}
}

// FuzzParseContractQuery feeds any query to the parser: it never panics,
// never lets a draft through, and either accepts a query that keeps every
// value within its bounds or reports field problems with known keys.
func FuzzParseContractQuery(f *testing.F) {
	for _, s := range []string{"", "status=active", "status=draft", "municipality=0360&target_group=udsatte_ledige",
		"page=2&per_page=100", "page=-1", "per_page=1e3", "status=%00", "target_group=%C3%A6", "status=,,active,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		got, err := parseContractQuery(q, pbrGroups)
		if err != nil {
			problemKeysKnown(t, err)
			return
		}
		if len(got.Filter.Statuses) == 0 {
			t.Fatal("no statuses: the store would decide what is public")
		}
		for _, st := range got.Filter.Statuses {
			if st == samspil.ContractDraft || !slices.Contains(publicContractStatuses, st) {
				t.Fatalf("status %q let through", st)
			}
		}
		if got.Filter.MunicipalityCode != "" {
			if _, ok := refdata.MunicipalityByCode(got.Filter.MunicipalityCode); !ok {
				t.Fatalf("municipality %q let through", got.Filter.MunicipalityCode)
			}
		}
		if got.Filter.TargetGroup != "" && !slices.Contains(pbrGroups, got.Filter.TargetGroup) {
			t.Fatalf("target group %q let through", got.Filter.TargetGroup)
		}
		if got.Page < 1 || got.Page > MaxPage || got.PerPage < 1 || got.PerPage > samspil.MaxPageSize {
			t.Fatalf("paging %d/%d", got.Page, got.PerPage)
		}
	})
}
