package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestSpecMatchesResponses sends real requests to every operation in the
// OpenAPI document, on a real store, and lets the fixture validate each
// answer (status, headers, body) against the document. At the end every
// documented status of every operation must have been seen, except 500,
// which a healthy store cannot be made to answer.
func TestSpecMatchesResponses(t *testing.T) {
	bothWithGuide(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		orgA := fmt.Sprint(f.orgA.ID)
		orgB := fmt.Sprint(f.orgB.ID)
		huge := `{"name":"` + strings.Repeat("x", 1<<20) + `"}`
		newCVR := validCVR(77)

		steps := []struct {
			r    req
			want int
		}{
			{req{Method: "GET", Path: "/api/v1/openapi.json"}, 200},
			{req{Method: "GET", Path: "/api/v1/municipalities"}, 200},
			{req{Method: "GET", Path: "/api/v1/municipalities/0101"}, 200},
			{req{Method: "GET", Path: "/api/v1/municipalities/9999"}, 404},
			{req{Method: "GET", Path: "/api/v1/regions"}, 200},
			{req{Method: "GET", Path: "/api/v1/target-groups"}, 200},
			{req{Method: "GET", Path: "/api/v1/cpv?q=reng%C3%B8ring&limit=5"}, 200},
			{req{Method: "GET", Path: "/api/v1/cpv?q=9091&lang=en"}, 200},
			{req{Method: "GET", Path: "/api/v1/cpv"}, 400},
			{req{Method: "GET", Path: "/api/v1/cpv/90911200-8"}, 200},
			{req{Method: "GET", Path: "/api/v1/cpv/90911200"}, 200},
			{req{Method: "GET", Path: "/api/v1/cpv/99999999"}, 404},
			{req{Method: "GET", Path: "/api/v1/organisations"}, 200},
			{req{Method: "GET", Path: "/api/v1/organisations?q=gr%C3%B8n&kind=sov&municipality=0101&region=1084&target_group=handicap&page=1&per_page=5&sort=newest"}, 200},
			{req{Method: "GET", Path: "/api/v1/organisations?per_page=500"}, 400},
			{req{Method: "GET", Path: "/api/v1/organisations/" + orgA}, 200},
			{req{Method: "GET", Path: "/api/v1/organisations/999999"}, 404},
			{req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider,
				Body: `{"name":"Ny SØV","kind":"sov","cvr":"` + newCVR + `","municipality_code":"0461","target_groups":["handicap"],"rsv_criteria":{"social_purpose":{"declared":true,"justification":"Beskæftigelse"}},"effects":[{"year":2025,"target_group_employed":3}]}`}, 201},
			{req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: `{"name":"Ny","kind":"sov","cvr":"12345678","municipality_code":"0461"}`}, 400},
			{req{Method: "POST", Path: "/api/v1/organisations", Body: `{"name":"Ny","kind":"sov"}`}, 401},
			{req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: `{"name":"Kopi","kind":"sov","cvr":"` + f.orgA.CVR + `","municipality_code":"0461"}`}, 409},
			{req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: huge}, 413},
			{req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: `{"name":"Ny"}`, Header: map[string]string{"Content-Type": "text/plain"}}, 415},
			{req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `{"description":"Opdateret","website":null}`, Header: map[string]string{"Content-Type": "application/merge-patch+json"}}, 200},
			{req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `{"employees":"ti"}`}, 400},
			{req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Body: `{"description":"x"}`}, 401},
			{req{Method: "PATCH", Path: "/api/v1/organisations/" + orgB, Role: roleAdminA, Body: `{"description":"x"}`}, 403},
			{req{Method: "PATCH", Path: "/api/v1/organisations/999999", Role: roleAdminA, Body: `{"description":"x"}`}, 404},
			{req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `{"cvr":"` + f.orgB.CVR + `"}`}, 409},
			{req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: huge}, 413},
			{req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `description=x`, Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415},
		}
		steps = append(steps, issue3Steps(t, f)...)
		steps = append(steps, issue4Steps(t, f)...)
		steps = append(steps, spendSteps(t, f)...)
		steps = append(steps, issue5Steps(t, f)...)
		steps = append(steps, pbrSteps(t, f)...)
		for _, s := range steps {
			res := f.do(t, s.r)
			if res.Status != s.want {
				t.Errorf("%s %s: status %d, want %d\n%s", s.r.Method, s.r.Path, res.Status, s.want, trim(res.Body))
			}
			// Every GET that succeeded must answer its own ETag with 304.
			if s.r.Method == "GET" && res.Status == 200 {
				etag := res.Header.Get("ETag")
				again := f.do(t, req{Method: "GET", Path: s.r.Path, Header: map[string]string{"If-None-Match": etag}})
				if again.Status != http.StatusNotModified || len(again.Body) != 0 {
					t.Errorf("GET %s with If-None-Match %s: status %d, %d bytes; want 304 and no body", s.r.Path, etag, again.Status, len(again.Body))
				}
			}
		}

		// Coverage: every documented status of every operation was seen.
		var missing []string
		for path, item := range f.doc.Paths.Map() {
			for method, op := range item.Operations() {
				for status := range op.Responses.Map() {
					if status == "500" {
						continue
					}
					if !f.covered[op.OperationID+" "+status] {
						missing = append(missing, fmt.Sprintf("%s %s (%s) %s", method, path, op.OperationID, status))
					}
				}
			}
		}
		slices.Sort(missing)
		for _, m := range missing {
			t.Errorf("documented but never answered: %s", m)
		}
		// And nothing was answered that is not documented (do checks each
		// response with IncludeResponseStatus, so this is belt and braces).
		for k := range f.covered {
			op, status, _ := strings.Cut(k, " ")
			if !documented(f, op, status) {
				t.Errorf("answered but not documented: %s", k)
			}
		}
	})
}

func documented(f *fixture, opID, status string) bool {
	for _, item := range f.doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == opID && op.Responses.Value(status) != nil {
				return true
			}
		}
	}
	return false
}

// TestSpecValidatorIsNotVacuous proves the fixture's validation would
// catch a drift: a real response with one extra property, one missing
// property or a wrong type must fail validation against the document.
func TestSpecValidatorIsNotVacuous(t *testing.T) {
	f := newFixture(t, testdb.Open(t))
	path := fmt.Sprintf("/api/v1/organisations/%d", f.orgA.ID)
	res := f.do(t, req{Method: "GET", Path: path})
	mustStatus(t, res, 200)
	body := string(res.Body)
	mutations := map[string]string{
		"extra property": strings.Replace(body, `"id":`, `"surprise":1,"id":`, 1),
		"missing name":   strings.Replace(body, `"name":"Grøn Omstilling ApS",`, ``, 1),
		"wrong type":     strings.Replace(body, `"employees":10`, `"employees":"10"`, 1),
		"bad kind":       strings.Replace(body, `"kind":"sov"`, `"kind":"forening"`, 1),
	}
	hr, _ := http.NewRequest("GET", f.url+path, nil)
	route, params, err := f.router.FindRoute(hr)
	if err != nil {
		t.Fatal(err)
	}
	for name, mutated := range mutations {
		if mutated == body {
			t.Fatalf("%s: mutation did not apply", name)
		}
		in := &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: 200, Header: res.Header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true}}
		out.SetBodyBytes([]byte(mutated))
		if err := openapi3filter.ValidateResponse(context.Background(), out); err == nil {
			t.Errorf("%s: the validator accepted a response that breaks the document", name)
		}
	}
	// An undocumented status is caught too.
	in := &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: 418, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err == nil {
		t.Error("the validator accepted an undocumented status")
	}
}
