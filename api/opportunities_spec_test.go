package api_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// specStep is one request of TestSpecMatchesResponses and its status.
type specStep = struct {
	r    req
	want int
}

// createOpportunity stores an opportunity for org through the store.
func (f *fixture) createOpportunity(t *testing.T, o *samspil.Opportunity) *samspil.Opportunity {
	t.Helper()
	ctx := samspil.WithActor(context.Background(), f.users[roleAdminB].ID)
	if err := f.store.CreateOpportunity(ctx, o); err != nil {
		t.Fatalf("create opportunity %q: %v", o.Title, err)
	}
	return o
}

// issue3Steps are the spec-test requests for the opportunity board,
// matchmaking and search: every documented status of every operation.
func issue3Steps(t *testing.T, f *fixture) []specStep {
	t.Helper()
	opp := f.createOpportunity(t, &samspil.Opportunity{OrganisationID: f.orgB.ID, Kind: samspil.OppJobbehov,
		Title: "Praktikpladser i byggeriet", Description: "Fire pladser til unge",
		CPVCodes: []string{"45000000-7"}, TargetGroups: []string{"handicap"}, MunicipalityCode: "0751", Volume: 4})
	id := fmt.Sprint(opp.ID)
	huge := `{"message":"` + strings.Repeat("x", 1<<20) + `"}`
	newOpp := fmt.Sprintf(`{"organisation_id":%d,"kind":"jobbehov","title":"Lærepladser","cpv_codes":["45000000"],"target_groups":["handicap"],"municipality_code":"0751","radius_km":60,"volume":2,"deadline":"%s"}`, f.orgB.ID, time.Now().AddDate(1, 0, 0).Format("2006-01-02"))
	interest := fmt.Sprintf(`{"organisation_id":%d,"message":"Vi har tre kandidater."}`, f.orgA.ID)
	long := url.QueryEscape(strings.Repeat("cykel ", 400))
	return []specStep{
		{req{Method: "GET", Path: "/api/v1/opportunities"}, 200},
		{req{Method: "GET", Path: "/api/v1/opportunities?kind=jobbehov,ydelse&status=open&municipality=0751&target_group=handicap&organisation=" + fmt.Sprint(f.orgB.ID) + "&sort=deadline&page=1&per_page=5"}, 200},
		{req{Method: "GET", Path: "/api/v1/opportunities?page=999"}, 200},
		{req{Method: "GET", Path: "/api/v1/opportunities?kind=cykel&status=maybe&sort=x&per_page=0"}, 400},
		{req{Method: "GET", Path: "/api/v1/opportunities/" + id}, 200},
		{req{Method: "GET", Path: "/api/v1/opportunities/999999"}, 404},
		{req{Method: "GET", Path: "/api/v1/opportunities/abc"}, 404},
		{req{Method: "GET", Path: "/api/v1/opportunities/" + id + "/matches"}, 200},
		{req{Method: "GET", Path: "/api/v1/opportunities/" + id + "/matches?limit=5"}, 200},
		{req{Method: "GET", Path: "/api/v1/opportunities/" + id + "/matches?limit=0"}, 400},
		{req{Method: "GET", Path: "/api/v1/opportunities/" + id + "/matches?limit=1000"}, 400},
		{req{Method: "GET", Path: "/api/v1/opportunities/999999/matches"}, 404},
		{req{Method: "GET", Path: fmt.Sprintf("/api/v1/organisations/%d/matches", f.orgA.ID)}, 200},
		{req{Method: "GET", Path: fmt.Sprintf("/api/v1/organisations/%d/matches?limit=3", f.orgB.ID)}, 200},
		{req{Method: "GET", Path: fmt.Sprintf("/api/v1/organisations/%d/matches?limit=-1", f.orgA.ID)}, 400},
		{req{Method: "GET", Path: "/api/v1/organisations/999999/matches"}, 404},
		{req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminB, Body: newOpp}, 201},
		{req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminB, Body: fmt.Sprintf(`{"organisation_id":%d,"kind":"indkobsbehov","title":"","municipality_code":"0751"}`, f.orgB.ID)}, 400},
		{req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminB, Body: fmt.Sprintf(`{"organisation_id":%d,"kind":"jobbehov","title":"x","municipality_code":"0751","deadline":"i morgen"}`, f.orgB.ID)}, 400},
		{req{Method: "POST", Path: "/api/v1/opportunities", Body: newOpp}, 401},
		{req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminA, Body: newOpp}, 403},
		{req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminB, Body: huge}, 413},
		{req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminB, Body: newOpp, Header: map[string]string{"Content-Type": "text/plain"}}, 415},
		{req{Method: "POST", Path: "/api/v1/opportunities/" + id + "/interests", Role: roleAdminA, Body: interest}, 201},
		{req{Method: "POST", Path: "/api/v1/opportunities/" + id + "/interests", Role: roleMemberA, Body: interest}, 409},
		{req{Method: "POST", Path: "/api/v1/opportunities/" + id + "/interests", Role: roleAdminA, Body: fmt.Sprintf(`{"organisation_id":%d,"message":" "}`, f.orgA.ID)}, 400},
		{req{Method: "POST", Path: "/api/v1/opportunities/" + id + "/interests", Body: interest}, 401},
		{req{Method: "POST", Path: "/api/v1/opportunities/" + id + "/interests", Role: roleOutsider, Body: interest}, 403},
		{req{Method: "POST", Path: "/api/v1/opportunities/999999/interests", Role: roleAdminA, Body: interest}, 404},
		{req{Method: "POST", Path: "/api/v1/opportunities/" + id + "/interests", Role: roleAdminA, Body: huge}, 413},
		{req{Method: "POST", Path: "/api/v1/opportunities/" + id + "/interests", Role: roleAdminA, Body: interest, Header: map[string]string{"Content-Type": "text/plain"}}, 415},
		{req{Method: "GET", Path: "/api/v1/search?q=gr%C3%B8n"}, 200},
		{req{Method: "GET", Path: "/api/v1/search"}, 200},
		{req{Method: "GET", Path: "/api/v1/search?q=praktik&type=opportunity&kind=jobbehov&municipality=0751&near=0751&radius_km=50&sort=nearest&page=1&per_page=5"}, 200},
		{req{Method: "GET", Path: "/api/v1/search?q=gr%C3%B8n&page=999"}, 200},
		{req{Method: "GET", Path: "/api/v1/search?q=" + long}, 400},
		{req{Method: "GET", Path: "/api/v1/search?q=x&radius_km=-5&near=0751"}, 400},
		{req{Method: "GET", Path: "/api/v1/search/suggest?q=gr%C3%B8"}, 200},
		{req{Method: "GET", Path: "/api/v1/search/suggest?q="}, 200},
		{req{Method: "GET", Path: "/api/v1/search/suggest?q=gr&limit=500"}, 400},
	}
}
