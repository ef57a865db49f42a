package api_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestWriteRoutesByRole walks every write route with every role: anonymous
// callers get 401, an organisation's own admins and platform admins may
// edit it, its plain members and other organisations' admins get 403, and
// any signed-in user may create an organisation.
func TestWriteRoutesByRole(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		roles := []string{roleAnonymous, rolePlatform, roleAdminA, roleAdminB, roleMemberA, roleOutsider}
		routes := []struct {
			name string
			r    func(role string) req
			want map[string]int
		}{
			{"create organisation", func(role string) req {
				return req{Method: "POST", Path: "/api/v1/organisations", Role: role,
					Body: fmt.Sprintf(`{"name":"Ny af %s","kind":"andet","municipality_code":"0147"}`, role)}
			}, map[string]int{roleAnonymous: 401, rolePlatform: 201, roleAdminA: 201, roleAdminB: 201, roleMemberA: 201, roleOutsider: 201}},
			{"update organisation A", func(role string) req {
				return req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/organisations/%d", f.orgA.ID), Role: role,
					Body: fmt.Sprintf(`{"description":"Redigeret af %s"}`, role)}
			}, map[string]int{roleAnonymous: 401, rolePlatform: 200, roleAdminA: 200, roleAdminB: 403, roleMemberA: 403, roleOutsider: 403}},
			{"update organisation B", func(role string) req {
				return req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/organisations/%d", f.orgB.ID), Role: role,
					Body: fmt.Sprintf(`{"description":"Redigeret af %s"}`, role)}
			}, map[string]int{roleAnonymous: 401, rolePlatform: 200, roleAdminA: 403, roleAdminB: 200, roleMemberA: 403, roleOutsider: 403}},
			{"update a municipality", func(role string) req {
				return req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/organisations/%d", muniOrgID(t, f, "0101")), Role: role,
					Body: `{"website":"kk.dk"}`}
			}, map[string]int{roleAnonymous: 401, rolePlatform: 200, roleAdminA: 403, roleAdminB: 403, roleMemberA: 403, roleOutsider: 403}},
		}
		for _, rt := range routes {
			for _, role := range roles {
				t.Run(rt.name+"/"+role, func(t *testing.T) {
					before, _ := f.store.FindOrganisationByID(context.Background(), f.orgB.ID)
					res := f.do(t, rt.r(role))
					if res.Status != rt.want[role] {
						t.Fatalf("status %d, want %d\n%s", res.Status, rt.want[role], trim(res.Body))
					}
					if res.Status >= 400 && rt.name == "update organisation B" {
						after, _ := f.store.FindOrganisationByID(context.Background(), f.orgB.ID)
						if after.Description != before.Description {
							t.Errorf("a refused PATCH changed the description to %q", after.Description)
						}
					}
				})
			}
		}
	})
}

func muniOrgID(t *testing.T, f *fixture, code string) int64 {
	t.Helper()
	o, err := f.store.FindMunicipalityOrganisation(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// TestCreateOrganisation follows the token path: the creator becomes the
// new organisation's admin, the audit log names them, and they (but not
// others) can then edit it.
func TestCreateOrganisation(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		cvr := validCVR(42)
		res := f.do(t, req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider,
			// lower-case scheme: RFC 9110 makes the scheme case-insensitive
			Header: map[string]string{"Authorization": "bearer " + f.tokens[roleOutsider]},
			Body: `{"name":"  Kaffe & Kage  ","kind":"sov","cvr":"DK ` + cvr[:4] + " " + cvr[4:] + `","municipality_code":"0461",
				"website":"kaffeogkage.dk","sectors":["i"],"cpv_codes":["55300000"],"target_groups":["psykisk_saarbare"],
				"employees":8,"disadvantaged_employees":3,"turnover_ore":250000000,
				"rsv_criteria":{"social_purpose":{"declared":true,"justification":"Job til psykisk sårbare"}},
				"effects":[{"year":2024,"target_group_employed":5,"to_ordinary_work":2}]}`})
		mustStatus(t, res, 201)
		o := res.JSON(t)
		id := int64(o["id"].(float64))
		if loc := res.Header.Get("Location"); loc != f.url+"/api/v1/organisations/"+strconv.FormatInt(id, 10) {
			t.Errorf("Location = %q", loc)
		}
		checks := map[string]any{"name": "Kaffe & Kage", "cvr": cvr, "website": "https://kaffeogkage.dk", "municipality_name": "Odense",
			"meets_reserved_contract_condition": true, "disadvantaged_share": float64(37)}
		for k, w := range checks {
			if o[k] != w {
				t.Errorf("%s = %#v, want %#v", k, o[k], w)
			}
		}
		if s := o["sectors"].([]any); len(s) != 1 || s[0] != "I" {
			t.Errorf("sectors = %v", s)
		}
		crit := o["rsv_criteria"].(map[string]any)["social_purpose"].(map[string]any)
		if crit["declared"] != true || crit["justification"] != "Job til psykisk sårbare" {
			t.Errorf("social_purpose = %v", crit)
		}

		m, err := f.store.FindMembership(ctx, f.users[roleOutsider].ID, id)
		if err != nil || m.Role != samspil.RoleAdmin || m.Status != samspil.MembershipActive {
			t.Fatalf("creator's membership = %+v, %v", m, err)
		}
		events, _, err := f.store.FindAuditEvents(ctx, samspil.AuditFilter{EntityType: "organisation", EntityID: id})
		if err != nil || len(events) == 0 || events[len(events)-1].ActorID != f.users[roleOutsider].ID {
			t.Errorf("audit events = %+v, %v; want the creator as actor", events, err)
		}

		// The creator can now edit; the audit log records that too.
		path := "/api/v1/organisations/" + strconv.FormatInt(id, 10)
		etag := f.do(t, req{Method: "GET", Path: path}).Header.Get("ETag")
		mustStatus(t, f.do(t, req{Method: "PATCH", Path: path, Role: roleOutsider, Body: `{"city":"Odense C"}`}), 200)
		// The change shows at once: the old ETag no longer matches.
		if res := f.do(t, req{Method: "GET", Path: path, Header: map[string]string{"If-None-Match": etag}}); res.Status != 200 || res.JSON(t)["city"] != "Odense C" {
			t.Errorf("GET after PATCH with the old ETag: %d", res.Status)
		}
		events, _, _ = f.store.FindAuditEvents(ctx, samspil.AuditFilter{EntityType: "organisation", EntityID: id, ActorID: f.users[roleOutsider].ID})
		if !slices.ContainsFunc(events, func(e *samspil.AuditEvent) bool { return e.Action == "organisation.update" }) {
			t.Errorf("no organisation.update event by the creator: %+v", events)
		}
		// Another organisation's admin cannot.
		mustStatus(t, f.do(t, req{Method: "PATCH", Path: path, Role: roleAdminA, Body: `{"city":"Svendborg"}`}), 403)
	})
}

// TestBadInputWritesNothing sends the bad input the issue lists and checks
// each gets a 400 that names the field, and that nothing was stored.
func TestBadInputWritesNothing(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		count := func() int {
			_, n, err := f.store.FindOrganisations(context.Background(), samspil.OrganisationFilter{Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		body := func(kv string) string {
			return `{"name":"Gyldigt navn","kind":"sov","cvr":"` + validCVR(9) + `","municipality_code":"0101"` + kv + `}`
		}
		tests := []struct {
			name   string
			body   string
			status int
			field  string
			key    string
		}{
			{"cvr too short", body(`,"cvr":"1234567"`), 400, "cvr", "cvr.length"},
			{"cvr letters", body(`,"cvr":"1234567A"`), 400, "cvr", "cvr.not_digits"},
			{"cvr checksum", body(`,"cvr":"12345678"`), 400, "cvr", "cvr.checksum"},
			{"cvr missing for sov", `{"name":"X","kind":"sov","municipality_code":"0101"}`, 400, "cvr", "cvr.required"},
			{"unknown municipality", body(`,"municipality_code":"0999"`), 400, "municipality_code", "org.municipality.unknown"},
			{"unknown cpv", body(`,"cpv_codes":["12345678"]`), 400, "cpv_codes", "cpv.unknown"},
			{"unknown target group", body(`,"target_groups":["pirater"]`), 400, "target_groups", "org.target_group.unknown"},
			{"empty name", body(`,"name":"   "`), 400, "name", "org.name.required"},
			{"10,000-character name", body(`,"name":"` + strings.Repeat("n", 10000) + `"`), 400, "name", "org.name.too_long"},
			{"duplicate cvr", body(`,"cvr":"` + f.orgA.CVR + `"`), 409, "cvr", "org.cvr.taken"},
			{"kommune kind", body(`,"kind":"kommune"`), 400, "kind", "api.kind.not_allowed"},
			{"unknown kind", body(`,"kind":"forening"`), 400, "kind", "org.kind.invalid"},
			{"kind missing", `{"name":"X","municipality_code":"0101"}`, 400, "kind", "org.kind.invalid"},
			{"unknown field", body(`,"rsv_registered":true`), 400, "rsv_registered", "api.field.unknown"},
			{"nested unknown field", body(`,"rsv_criteria":{"social_purpose":{"declared":true,"proof":"x"}}`), 400, "rsv_criteria.social_purpose.proof", "api.field.unknown"},
			{"unknown criterion", body(`,"rsv_criteria":{"world_peace":{"declared":true}}`), 400, "rsv_criteria.world_peace", "api.field.unknown"},
			{"wrong type", body(`,"employees":"ti"`), 400, "employees", "api.field.type.integer"},
			{"wrong nested type", body(`,"effects":[{"year":"2024"}]`), 400, "effects.year", "api.field.type.integer"},
			{"fraction", body(`,"capacity":1.5`), 400, "capacity", "api.field.type.integer"},
			{"list not string", body(`,"cpv_codes":"55300000"`), 400, "cpv_codes", "api.field.type.array"},
			{"negative", body(`,"employees":-1`), 400, "employees", "field.negative"},
			{"cpr in phone", body(`,"phone":"010190-1234"`), 400, "phone", "cpr.refused"},
			{"malformed", `{"name":"x",}`, 400, "", "api.body.malformed"},
			{"truncated", `{"name":"x"`, 400, "", "api.body.malformed"},
			{"trailing data", body(``) + `{}`, 400, "", "api.body.trailing"},
			{"array", `[{"name":"x"}]`, 400, "", "api.body.not_object"},
			{"empty", ` `, 400, "", "api.body.empty"},
			// just over the limit, so the server drains the rest and the client never sees a reset
			{"huge", `{"description":"` + strings.Repeat("x", 1<<20+1000) + `"}`, 413, "", "api.body.too_large"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := f.do(t, req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: tt.body})
				if res.Status != tt.status {
					t.Fatalf("status %d, want %d\n%s", res.Status, tt.status, trim(res.Body))
				}
				p := res.Problem(t)
				if tt.field == "" {
					if p.Key != tt.key {
						t.Errorf("key = %q, want %q (%s)", p.Key, tt.key, p.Detail)
					}
				} else if !slices.ContainsFunc(p.Errors, func(e api.FieldProblem) bool { return e.Field == tt.field && e.Key == tt.key }) {
					t.Errorf("errors = %+v, want %s/%s", p.Errors, tt.field, tt.key)
				}
				if strings.Contains(p.Detail, "{{") || slices.ContainsFunc(p.Errors, func(e api.FieldProblem) bool { return e.Detail == "" || strings.Contains(e.Detail, "{{") }) {
					t.Errorf("untranslated text in %+v", p)
				}
			})
		}
		if after := count(); after != before {
			t.Errorf("bad input stored %d organisations", after-before)
		}

		// A wrong kind is reported together with the other problems.
		res := f.do(t, req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: `{"name":"","kind":"kommune","municipality_code":"0999"}`})
		mustStatus(t, res, 400)
		if got := problemFields(t, res); !slices.Equal(got, []string{"kind", "municipality_code", "name"}) {
			t.Errorf("fields = %v", got)
		}
		// The position of a syntax error is given.
		res = f.do(t, req{Method: "POST", Path: "/api/v1/organisations", Role: roleOutsider, Body: "{\n  \"name\": \"x\",\n  \"kind\" \"sov\"\n}", Header: map[string]string{"Accept-Language": "en"}})
		if p := res.Problem(t); !strings.Contains(p.Detail, "line 3, column 10") {
			t.Errorf("malformed detail = %q", p.Detail)
		}
	})
}

// TestPatchMergeSemantics checks absent, null and nested properties.
func TestPatchMergeSemantics(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		path := fmt.Sprintf("/api/v1/organisations/%d", f.orgA.ID)
		patch := func(body string) map[string]any {
			t.Helper()
			res := f.do(t, req{Method: "PATCH", Path: path, Role: roleAdminA, Body: body})
			mustStatus(t, res, 200)
			return res.JSON(t)
		}
		o := patch(`{"website":"gron.dk","phone":"33 12 34 56","rsv_criteria":{"social_purpose":{"declared":true,"justification":"A"},"independence":{"declared":true}},"effects":[{"year":2023,"to_education":1},{"year":2024,"to_education":2}]}`)
		if o["website"] != "https://gron.dk" || o["description"] != f.orgA.Description {
			t.Errorf("after first patch: website %v description %v", o["website"], o["description"])
		}
		// Absent properties stay; null clears; criteria merge one by one.
		o = patch(`{"website":null,"rsv_criteria":{"social_purpose":{"justification":"B"},"independence":null}}`)
		crit := o["rsv_criteria"].(map[string]any)
		sp, ind := crit["social_purpose"].(map[string]any), crit["independence"].(map[string]any)
		if o["website"] != "" || o["phone"] != "33 12 34 56" || sp["declared"] != true || sp["justification"] != "B" || ind["declared"] != false {
			t.Errorf("after merge: website %v phone %v social_purpose %v independence %v", o["website"], o["phone"], sp, ind)
		}
		if e := o["effects"].([]any); len(e) != 2 {
			t.Errorf("effects = %v", e)
		}
		// Lists are replaced as a whole; null empties them.
		o = patch(`{"effects":[{"year":2025}],"target_groups":null}`)
		if e := o["effects"].([]any); len(e) != 1 || len(o["target_groups"].([]any)) != 0 {
			t.Errorf("effects %v target_groups %v", o["effects"], o["target_groups"])
		}
		// An empty patch changes nothing but is allowed.
		patch(`{}`)

		// Clearing a required property is refused, nothing is written.
		res := f.do(t, req{Method: "PATCH", Path: path, Role: roleAdminA, Body: `{"name":null,"municipality_code":null,"city":"Kbh"}`})
		mustStatus(t, res, 400)
		if got := problemFields(t, res); !slices.Equal(got, []string{"municipality_code", "name"}) {
			t.Errorf("fields = %v", got)
		}
		cur, _ := f.store.FindOrganisationByID(ctx, f.orgA.ID)
		if cur.City == "Kbh" {
			t.Error("a refused PATCH was partly written")
		}
		// Kinds: a SØV may become a company, never a kommune; a kommune stays one.
		mustStatus(t, f.do(t, req{Method: "PATCH", Path: path, Role: roleAdminA, Body: `{"kind":"virksomhed"}`}), 200)
		mustStatus(t, f.do(t, req{Method: "PATCH", Path: path, Role: roleAdminA, Body: `{"kind":"kommune"}`}), 400)
		muni := fmt.Sprintf("/api/v1/organisations/%d", muniOrgID(t, f, "0101"))
		mustStatus(t, f.do(t, req{Method: "PATCH", Path: muni, Role: rolePlatform, Body: `{"kind":"kommune","description":"Hovedstaden"}`}), 200)
		mustStatus(t, f.do(t, req{Method: "PATCH", Path: muni, Role: rolePlatform, Body: `{"kind":"sov"}`}), 400)
		mustStatus(t, f.do(t, req{Method: "PATCH", Path: muni, Role: rolePlatform, Body: `{"kind":null}`}), 400)
	})
}
