package api_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// ids returns the ids of a list answer.
func ids(t *testing.T, res response) []int64 {
	t.Helper()
	var out []int64
	for _, it := range res.JSON(t)["items"].([]any) {
		out = append(out, int64(it.(map[string]any)["id"].(float64)))
	}
	return out
}

// problemFields lists the field names of a problem's errors.
func problemFields(t *testing.T, res response) []string {
	t.Helper()
	var out []string
	for _, e := range res.Problem(t).Errors {
		out = append(out, e.Field)
	}
	slices.Sort(out)
	return out
}

func TestReferenceShapes(t *testing.T) {
	f := newFixture(t, testdb.Open(t))

	res := f.do(t, req{Method: "GET", Path: "/api/v1/municipalities"})
	mustStatus(t, res, 200)
	v := res.JSON(t)
	if v["total"] != float64(98) || len(v["items"].([]any)) != 98 {
		t.Fatalf("municipalities: total %v, %d items; want 98", v["total"], len(v["items"].([]any)))
	}
	first := v["items"].([]any)[0].(map[string]any)
	if first["code"] != "0101" || first["name"] != "København" || first["region_code"] != "1084" {
		t.Errorf("first municipality = %v", first)
	}
	if res.Header.Get("Content-Type") != "application/json" || res.Header.Get("Cache-Control") == "" || res.Header.Get("ETag") == "" {
		t.Errorf("headers: %v", res.Header)
	}

	res = f.do(t, req{Method: "GET", Path: "/api/v1/municipalities/0751"})
	mustStatus(t, res, 200)
	if v := res.JSON(t); v["name"] != "Aarhus" || v["region_code"] != "1082" {
		t.Errorf("0751 = %v", v)
	}

	res = f.do(t, req{Method: "GET", Path: "/api/v1/regions"})
	mustStatus(t, res, 200)
	if v := res.JSON(t); v["total"] != float64(5) {
		t.Errorf("regions total = %v", v["total"])
	}

	res = f.do(t, req{Method: "GET", Path: "/api/v1/target-groups"})
	mustStatus(t, res, 200)
	var codes []string
	for _, it := range res.JSON(t)["items"].([]any) {
		codes = append(codes, it.(map[string]any)["code"].(string))
	}
	for _, g := range samspil.DefaultTargetGroups {
		if !slices.Contains(codes, g.Code) {
			t.Errorf("target group %s missing from %v", g.Code, codes)
		}
	}

	res = f.do(t, req{Method: "GET", Path: "/api/v1/cpv/90911200"})
	mustStatus(t, res, 200)
	if v := res.JSON(t); v["code"] != "90911200-8" || v["label_da"] == "" || v["label_en"] == "" {
		t.Errorf("cpv 90911200 = %v", v)
	}
	res = f.do(t, req{Method: "GET", Path: "/api/v1/cpv?q=cleaning&lang=en&limit=3"})
	mustStatus(t, res, 200)
	if items := res.JSON(t)["items"].([]any); len(items) == 0 || len(items) > 3 {
		t.Errorf("cpv search cleaning: %d items", len(items))
	}
	res = f.do(t, req{Method: "GET", Path: "/api/v1/cpv?q=x&limit=101"})
	mustStatus(t, res, 400)
	if got := problemFields(t, res); !slices.Equal(got, []string{"limit"}) {
		t.Errorf("fields = %v", got)
	}

	if res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("a public read has no Access-Control-Allow-Origin: *")
	}

	// HEAD answers like GET without a body.
	res = f.do(t, req{Method: "HEAD", Path: "/api/v1/regions"})
	if res.Status != 200 || len(res.Body) != 0 {
		t.Errorf("HEAD: %d, %d bytes", res.Status, len(res.Body))
	}
}

func TestOrganisationShapeAndFilters(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)

		res := f.do(t, req{Method: "GET", Path: "/api/v1/organisations"})
		mustStatus(t, res, 200)
		v := res.JSON(t)
		if v["total"] != float64(98+2) || v["page"] != float64(1) || v["per_page"] != float64(20) || len(v["items"].([]any)) != 20 {
			t.Fatalf("envelope: total %v page %v per_page %v items %d", v["total"], v["page"], v["per_page"], len(v["items"].([]any)))
		}

		res = f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/organisations/%d", f.orgA.ID)})
		mustStatus(t, res, 200)
		o := res.JSON(t)
		want := map[string]any{
			"id": float64(f.orgA.ID), "cvr": f.orgA.CVR, "name": "Grøn Omstilling ApS", "kind": "sov",
			"municipality_code": "0101", "municipality_name": "København", "region_code": "1084",
			"employees": float64(10), "disadvantaged_employees": float64(4), "disadvantaged_share": float64(40),
			"meets_reserved_contract_condition": true, "rsv_registered": false, "rsv_verified_at": nil, "possibly_stale": false,
		}
		for k, w := range want {
			if o[k] != w {
				t.Errorf("%s = %#v, want %#v", k, o[k], w)
			}
		}
		if crit, ok := o["rsv_criteria"].(map[string]any); !ok || len(crit) != 5 || crit["social_purpose"] == nil {
			t.Errorf("rsv_criteria = %v", o["rsv_criteria"])
		}

		tests := []struct {
			query string
			total int
			has   []int64
			hasnt []int64
		}{
			{"kind=sov", 1, []int64{f.orgA.ID}, nil},
			{"kind=kommune", 98, nil, []int64{f.orgA.ID, f.orgB.ID}},
			{"kind=virksomhed&municipality=0751", 1, []int64{f.orgB.ID}, nil},
			{"municipality=0101", 2, []int64{f.orgA.ID}, []int64{f.orgB.ID}},
			{"region=1082&kind=virksomhed", 1, []int64{f.orgB.ID}, nil},
			{"target_group=handicap", 1, []int64{f.orgA.ID}, nil},
			{"q=omstilling", 1, []int64{f.orgA.ID}, nil},
			{"q=" + f.orgB.CVR, 1, []int64{f.orgB.ID}, nil},
			{"rsv_registered=true", 0, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				res := f.do(t, req{Method: "GET", Path: "/api/v1/organisations?per_page=100&" + tt.query})
				mustStatus(t, res, 200)
				if got := int(res.JSON(t)["total"].(float64)); got != tt.total {
					t.Errorf("total = %d, want %d", got, tt.total)
				}
				got := ids(t, res)
				for _, id := range tt.has {
					if !slices.Contains(got, id) {
						t.Errorf("missing %d in %v", id, got)
					}
				}
				for _, id := range tt.hasnt {
					if slices.Contains(got, id) {
						t.Errorf("unexpected %d", id)
					}
				}
			})
		}

		// Pagination: pages do not overlap and together give every match.
		seen := map[int64]bool{}
		for page := 1; page <= 11; page++ {
			res := f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/organisations?per_page=10&page=%d", page)})
			mustStatus(t, res, 200)
			got := ids(t, res)
			if page == 11 && len(got) != 0 {
				t.Errorf("page 11 has %d items", len(got))
			}
			for _, id := range got {
				if seen[id] {
					t.Errorf("id %d on two pages", id)
				}
				seen[id] = true
			}
		}
		if len(seen) != 100 {
			t.Errorf("pages gave %d organisations, want 100", len(seen))
		}
	})
}

func TestQueryValidation(t *testing.T) {
	f := newFixture(t, testdb.Open(t))
	res := f.do(t, req{Method: "GET", Path: "/api/v1/organisations?page=0&per_page=abc&kind=forening&municipality=9999&region=1099&target_group=nope&sort=random&rsv_registered=ja&q=" + strings.Repeat("a", 201)})
	mustStatus(t, res, 400)
	want := []string{"kind", "municipality", "page", "per_page", "q", "region", "rsv_registered", "sort", "target_group"}
	if got := problemFields(t, res); !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	p := res.Problem(t)
	if p.Code != "invalid" || p.Type != "urn:samspil:problem:invalid" || p.Instance != "/api/v1/organisations" {
		t.Errorf("problem = %+v", p)
	}
	for _, e := range p.Errors {
		if e.Field == "per_page" && e.Detail != "per_page skal være et helt tal fra 1 til 100." {
			t.Errorf("per_page detail = %q", e.Detail)
		}
	}
	res = f.do(t, req{Method: "GET", Path: "/api/v1/organisations?per_page=101", Header: map[string]string{"Accept-Language": "en-GB,en;q=0.9"}})
	mustStatus(t, res, 400)
	if p := res.Problem(t); p.Errors[0].Detail != "per_page must be a whole number from 1 to 100." || res.Header.Get("Content-Language") != "en" {
		t.Errorf("English problem = %+v", p)
	}
}

// TestProblemsInBothLanguages checks the status, language and text of each
// kind of failure, in Danish (the default) and English.
func TestProblemsInBothLanguages(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		orgA, orgB := fmt.Sprint(f.orgA.ID), fmt.Sprint(f.orgB.ID)
		tests := []struct {
			name    string
			r       req
			status  int
			code    string
			da, en  string // substrings of detail
			field   string // a field that must be named in errors
			daField string // substring of that field's Danish detail
			enField string
		}{
			{"unauthorized", req{Method: "POST", Path: "/api/v1/organisations", Body: `{}`}, 401, "unauthorized", "API-nøgle", "API token", "", "", ""},
			{"forbidden", req{Method: "PATCH", Path: "/api/v1/organisations/" + orgB, Role: roleAdminA, Body: `{}`}, 403, "forbidden", "ikke adgang", "do not have access", "", "", ""},
			{"not found", req{Method: "GET", Path: "/api/v1/organisations/424242"}, 404, "not_found", "Organisationen 424242 findes ikke", "Organisation 424242 does not exist", "", "", ""},
			{"conflict", req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `{"cvr":"` + f.orgB.CVR + `"}`}, 409, "conflict",
				"allerede registreret", "already registered", "cvr", "allerede registreret", "already registered"},
			{"invalid cvr", req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `{"cvr":"12345678"}`}, 400, "invalid",
				"modulus 11", "modulus-11", "cvr", "modulus 11", "modulus-11"},
			{"unknown field", req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `{"nmae":"x"}`}, 400, "invalid",
				`Feltet "nmae" findes ikke`, `The field "nmae" does not exist`, "nmae", `Feltet "nmae" findes ikke`, `The field "nmae" does not exist`},
			{"too large", req{Method: "PATCH", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA, Body: `{"description":"` + strings.Repeat("æ", 600000) + `"}`}, 413, "too_large",
				"for stort", "too large", "", "", ""},
			{"media type", req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: `{}`, Header: map[string]string{"Content-Type": "text/csv"}}, 415, "unsupported_media_type",
				"som JSON", "as JSON", "", "", ""},
			{"unknown route", req{Method: "GET", Path: "/api/v1/organizations"}, 404, "not_found", "intet i API'et", "nothing in the API", "", "", ""},
			{"wrong method", req{Method: "DELETE", Path: "/api/v1/organisations/" + orgA, Role: roleAdminA}, 405, "method_not_allowed", "ikke tilladt", "not allowed", "", "", ""},
		}
		for _, tt := range tests {
			for _, lang := range []string{"da", "en"} {
				t.Run(tt.name+"/"+lang, func(t *testing.T) {
					r := tt.r
					r.Header = map[string]string{}
					for k, v := range tt.r.Header {
						r.Header[k] = v
					}
					if lang == "en" {
						r.Header["Accept-Language"] = "en"
					}
					res := f.do(t, r)
					mustStatus(t, res, tt.status)
					p := res.Problem(t)
					want, wantField := tt.da, tt.daField
					if lang == "en" {
						want, wantField = tt.en, tt.enField
					}
					if p.Status != tt.status || p.Code != tt.code || !strings.Contains(p.Detail, want) || res.Header.Get("Content-Language") != lang {
						t.Errorf("problem = %+v, Content-Language %q; want code %s and detail containing %q", p, res.Header.Get("Content-Language"), tt.code, want)
					}
					if p.Title == "" || p.Type != "urn:samspil:problem:"+tt.code {
						t.Errorf("type %q title %q", p.Type, p.Title)
					}
					if tt.field != "" {
						i := slices.IndexFunc(p.Errors, func(e api.FieldProblem) bool { return e.Field == tt.field })
						if i < 0 || !strings.Contains(p.Errors[i].Detail, wantField) {
							t.Errorf("errors = %+v; want field %s with %q", p.Errors, tt.field, wantField)
						}
					}
				})
			}
		}

		// ?lang= wins over Accept-Language.
		res := f.do(t, req{Method: "GET", Path: "/api/v1/organisations/424242?lang=en", Header: map[string]string{"Accept-Language": "da"}})
		if p := res.Problem(t); !strings.Contains(p.Detail, "does not exist") {
			t.Errorf("?lang=en gave %q", p.Detail)
		}
		// An unsupported language falls back to Danish.
		res = f.do(t, req{Method: "GET", Path: "/api/v1/organisations/424242", Header: map[string]string{"Accept-Language": "de-DE"}})
		if p := res.Problem(t); !strings.Contains(p.Detail, "findes ikke") {
			t.Errorf("Accept-Language de gave %q", p.Detail)
		}
		// 405 names the allowed methods.
		res = f.do(t, req{Method: "PUT", Path: "/api/v1/organisations"})
		if res.Status != 405 || res.Header.Get("Allow") != "GET, HEAD, POST" {
			t.Errorf("PUT /organisations: %d, Allow %q", res.Status, res.Header.Get("Allow"))
		}
		// 401 carries a Bearer challenge.
		res = f.do(t, req{Method: "POST", Path: "/api/v1/organisations", Body: `{}`, Header: map[string]string{"Authorization": "Bearer sps_notarealtoken"}})
		if res.Status != 401 || !strings.Contains(res.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
			t.Errorf("bad token: %d, WWW-Authenticate %q", res.Status, res.Header.Get("WWW-Authenticate"))
		}
	})
}

// TestInternalErrorIsGenericAndLogged closes the store under the API: the
// caller gets a 500 problem with a generic text, the log gets the cause.
func TestInternalErrorIsGenericAndLogged(t *testing.T) {
	db := testdb.Open(t)
	var logs strings.Builder
	h := api.New(api.Config{Store: db, Logger: slog.New(slog.NewTextHandler(&logs, nil)), BaseURL: "http://example.invalid"})
	db.Close()
	for _, lang := range []string{"da", "en"} {
		r := httptest.NewRequest("GET", "/api/v1/municipalities?lang="+lang, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 500 || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s: status %d, %q", lang, w.Code, w.Header().Get("Content-Type"))
		}
		var p api.Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"da": "Der skete en fejl hos os", "en": "Something went wrong on our side"}[lang]
		if p.Code != "internal" || !strings.HasPrefix(p.Detail, want) || strings.Contains(p.Detail, "sql") {
			t.Errorf("%s: problem %+v", lang, p)
		}
	}
	if !strings.Contains(logs.String(), "api: internal error") || !strings.Contains(logs.String(), "/api/v1/municipalities") {
		t.Errorf("log = %q", logs.String())
	}
}
