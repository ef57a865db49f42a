package api

import (
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// FuzzCaseQuery drives the parser of GET /cases with arbitrary query
// strings: no panic; an accepted filter asks for published cases only and
// holds only known models and municipalities, a valid search text and a
// page in range; every rejection is a 400 whose keys exist in both
// languages.
func FuzzCaseQuery(f *testing.F) {
	for _, s := range []string{
		"q=vaskeri&model=pilot&municipality=0751&page=2&per_page=5",
		"model=reserveret_kontrakt&model=pilot",
		"q=%FF%FE&model=&municipality=+0101+&page=-1",
		"page=1e9&per_page=0&municipality=9999&model=Pilot",
		"q=" + url.QueryEscape("rengøring æøå"),
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			q = url.Values{}
		}
		filter, page, perPage, err := parseCaseFilter(q)
		if err != nil {
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID || len(e.Fields) == 0 {
				t.Fatalf("error %v", err)
			}
			for _, fe := range e.Fields {
				for _, lang := range languages {
					if !hasKeyIn(lang, fe.Key) {
						t.Fatalf("key %q missing in %s", fe.Key, lang)
					}
				}
			}
			return
		}
		if len(filter.Statuses) != 1 || filter.Statuses[0] != samspil.CasePublished || filter.OrganisationID != 0 {
			t.Fatalf("not limited to published cases: %+v", filter)
		}
		if page < 1 || page > MaxPage || perPage < 1 || perPage > samspil.MaxPageSize ||
			filter.Offset != (page-1)*perPage || filter.Limit != perPage {
			t.Fatalf("out of range: page %d per_page %d filter %+v", page, perPage, filter)
		}
		if filter.Model != "" && !filter.Model.Valid() {
			t.Fatalf("model %q", filter.Model)
		}
		if filter.MunicipalityCode != "" {
			if _, ok := refdata.MunicipalityByCode(filter.MunicipalityCode); !ok {
				t.Fatalf("municipality %q", filter.MunicipalityCode)
			}
		}
		if !utf8.ValidString(filter.Query) || utf8.RuneCountInString(filter.Query) > samspil.MaxQueryLen {
			t.Fatalf("query %q", filter.Query)
		}
	})
}

func TestParseCaseFilter(t *testing.T) {
	tests := []struct {
		query  string
		fields []string // fields with problems; nil when accepted
		want   samspil.CaseFilter
	}{
		{"", nil, samspil.CaseFilter{Limit: samspil.DefaultPageSize}},
		{"q=+vaskeri+&model=pilot&municipality=0751&page=3&per_page=10", nil,
			samspil.CaseFilter{Query: "vaskeri", Model: samspil.ModelPilot, MunicipalityCode: "0751", Offset: 20, Limit: 10}},
		{"model=Pilot&municipality=751&page=0&per_page=101", []string{"model", "municipality", "page", "per_page"}, samspil.CaseFilter{}},
		{"q=%FF", []string{"q"}, samspil.CaseFilter{}},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		f, _, _, err := parseCaseFilter(q)
		if tt.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.query, err)
				continue
			}
			tt.want.Statuses = []samspil.CaseStatus{samspil.CasePublished}
			if f.Query != tt.want.Query || f.Model != tt.want.Model || f.MunicipalityCode != tt.want.MunicipalityCode ||
				f.Offset != tt.want.Offset || f.Limit != tt.want.Limit || len(f.Statuses) != 1 {
				t.Errorf("%s: %+v, want %+v", tt.query, f, tt.want)
			}
			continue
		}
		e, ok := samspil.AsError(err)
		if !ok {
			t.Errorf("%s: accepted", tt.query)
			continue
		}
		var got []string
		for _, fe := range e.Fields {
			got = append(got, fe.Field)
		}
		if len(got) != len(tt.fields) {
			t.Errorf("%s: fields %v, want %v", tt.query, got, tt.fields)
		}
	}
}
