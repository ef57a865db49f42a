package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/match"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestOpportunityMatches posts a municipality's procurement need and
// checks the explained ranking the API gives: the closest SØV doing
// exactly the thing asked for comes first, a company (wrong kind), the
// owner and an SØV outside the radius never appear, and each item's
// contributions add up to its score.
func TestOpportunityMatches(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		vejle := muniOrgID(t, f, "0630")
		mk := func(name, muni string, cpv []string, groups []string, rsv bool, kind samspil.OrgKind, seed int) *samspil.Organisation {
			o := &samspil.Organisation{Name: name, Kind: kind, CVR: validCVR(seed), MunicipalityCode: muni,
				CPVCodes: cpv, TargetGroups: groups, Capacity: 5}
			if err := db.CreateOrganisation(ctx, o); err != nil {
				t.Fatalf("create %s: %v", name, err)
			}
			if rsv {
				if _, err := db.SetRSVRegistration(ctx, o.ID, true); err != nil {
					t.Fatal(err)
				}
			}
			return o
		}
		exact := mk("Vejle Rengøring SØV", "0630", []string{"90911200-8"}, []string{"handicap"}, true, samspil.OrgSOV, 11)
		sibling := mk("Fredericia Vinduespudsning", "0607", []string{"90911300-9"}, []string{"handicap"}, false, samspil.OrgSOV, 12)
		farAway := mk("Københavns Rengøring", "0101", []string{"90911200-8"}, []string{"handicap"}, true, samspil.OrgSOV, 13)
		company := mk("Rengøring A/S", "0630", []string{"90911200-8"}, []string{"handicap"}, false, samspil.OrgVirksomhed, 14)
		unrelated := mk("Kolding Catering", "0621", []string{"55520000-1"}, []string{"handicap"}, false, samspil.OrgSOV, 15)

		opp := &samspil.Opportunity{OrganisationID: vejle, Kind: samspil.OppIndkobsbehov, Title: "Rengøring af kontorer",
			CPVCodes: []string{"90911200-8"}, TargetGroups: []string{"handicap", "udsatte_ledige"},
			MunicipalityCode: "0630", RadiusKm: 80, Volume: 10}
		if err := db.CreateOpportunity(samspil.WithActor(ctx, f.users[rolePlatform].ID), opp); err != nil {
			t.Fatal(err)
		}
		res := f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/opportunities/%d/matches?limit=10", opp.ID)})
		mustStatus(t, res, 200)
		var list api.MatchListJSON
		if err := json.Unmarshal(res.Body, &list); err != nil {
			t.Fatal(err)
		}
		pos := map[int64]int{}
		for i, it := range list.Items {
			pos[it.OrganisationID] = i + 1
			c := it.Contributions
			sum := c.CPV + c.Distance + c.TargetGroup + c.Capacity + c.RSV + c.TrackRecord + c.Freshness
			if math.Abs(sum-it.Score) > 0.001 {
				t.Errorf("%s: contributions sum to %v, score %v", it.Name, sum, it.Score)
			}
			if it.Score < 0 || it.Score > 1 {
				t.Errorf("%s: score %v", it.Name, it.Score)
			}
			if it.Components.DistanceKm == nil || *it.Components.DistanceKm > 80 {
				t.Errorf("%s: distance %v outside the radius", it.Name, it.Components.DistanceKm)
			}
		}
		if pos[exact.ID] != 1 {
			t.Fatalf("the exact, local, RSV-registered SØV is at %d, want 1:\n%s", pos[exact.ID], res.Body)
		}
		if pos[sibling.ID] == 0 || pos[unrelated.ID] != 0 && pos[unrelated.ID] < pos[sibling.ID] {
			t.Errorf("sibling at %d, unrelated at %d", pos[sibling.ID], pos[unrelated.ID])
		}
		for _, o := range []*samspil.Organisation{farAway, company} {
			if pos[o.ID] != 0 {
				t.Errorf("%s must not be a match (at %d)", o.Name, pos[o.ID])
			}
		}
		if pos[vejle] != 0 {
			t.Error("the owner matched its own opportunity")
		}
		top := list.Items[0]
		if top.Components.CPV != 1 || top.Components.CPVLevels != 5 || top.Components.RSV != 1 ||
			top.Components.TargetGroup != 0.5 || *top.Components.DistanceKm != 0 || top.Components.Capacity != 0.5 {
			t.Errorf("components of the top match: %+v", top.Components)
		}
		if len(top.Components.SharedTargetGroups) != 1 || top.Components.SharedTargetGroups[0] != "handicap" {
			t.Errorf("shared target groups %v", top.Components.SharedTargetGroups)
		}
		if list.Weights.CPV != match.DefaultWeights.CPV {
			t.Errorf("nominal weights %+v", list.Weights)
		}

		// The same ranking through the service the web pages use.
		ms, err := match.NewService(db).TopOrganisations(ctx, opp, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != len(list.Items) || ms[0].Candidate.OrganisationID != exact.ID {
			t.Errorf("service gave %d matches, first %v", len(ms), ms[0].Candidate.Name)
		}

		// And back: the SØV's dashboard shows the need.
		om, err := match.NewService(db).TopOpportunities(ctx, exact, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(om) == 0 || om[0].Opportunity.ID != opp.ID {
			t.Errorf("dashboard matches: %+v", om)
		}
		res = f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/organisations/%d/matches", exact.ID)})
		mustStatus(t, res, 200)
		var back api.OpportunityMatchListJSON
		if err := json.Unmarshal(res.Body, &back); err != nil {
			t.Fatal(err)
		}
		if len(back.Items) == 0 || back.Items[0].OpportunityID != opp.ID || back.Items[0].Components.CPVLevels != 5 {
			t.Errorf("organisation matches: %s", trim(res.Body))
		}
		// The owner never sees its own opportunity.
		res = f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/organisations/%d/matches", vejle)})
		mustStatus(t, res, 200)
		if json.Unmarshal(res.Body, &back); len(back.Items) != 0 {
			t.Errorf("own opportunity offered back: %s", trim(res.Body))
		}
	})
}

// TestOpportunityList checks the board's filters and paging.
func TestOpportunityList(t *testing.T) {
	f := newFixture(t, testdb.Open(t))
	for i, title := range []string{"Lærepladser", "Praktik", "Fleksjob"} {
		f.createOpportunity(t, &samspil.Opportunity{OrganisationID: f.orgB.ID, Kind: samspil.OppJobbehov, Title: title,
			CPVCodes: []string{"45000000-7"}, TargetGroups: []string{[]string{"handicap", "udsatte_ledige", "handicap"}[i]}, MunicipalityCode: "0751"})
	}
	f.createOpportunity(t, &samspil.Opportunity{OrganisationID: f.orgA.ID, Kind: samspil.OppYdelse, Title: "Grøn pleje",
		CPVCodes: []string{"77310000-6"}, MunicipalityCode: "0101"})
	tests := []struct {
		query  string
		total  int
		titles []string
	}{
		{"", 4, nil},
		{"?kind=ydelse", 1, []string{"Grøn pleje"}},
		{"?kind=jobbehov&target_group=handicap&sort=title", 2, []string{"Fleksjob", "Lærepladser"}},
		{"?municipality=0101", 1, nil},
		{fmt.Sprintf("?organisation=%d&per_page=2&page=2", f.orgB.ID), 3, nil},
		{"?status=closed", 0, nil},
		{"?page=50", 4, []string{}},
	}
	for _, tt := range tests {
		res := f.do(t, req{Method: "GET", Path: "/api/v1/opportunities" + tt.query})
		mustStatus(t, res, 200)
		var page api.PageJSON[api.OpportunityJSON]
		if err := json.Unmarshal(res.Body, &page); err != nil {
			t.Fatal(err)
		}
		if page.Total != tt.total {
			t.Errorf("%s: total %d, want %d", tt.query, page.Total, tt.total)
		}
		if tt.titles != nil {
			var got []string
			for _, o := range page.Items {
				got = append(got, o.Title)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.titles) && !(len(got) == 0 && len(tt.titles) == 0) {
				t.Errorf("%s: titles %v, want %v", tt.query, got, tt.titles)
			}
		}
	}
	// Every bad parameter is reported at once, in English on request.
	res := f.do(t, req{Method: "GET", Path: "/api/v1/opportunities?kind=cykel&status=maybe&municipality=9999&organisation=-1&sort=x&page=0&per_page=101&target_group=ingen&lang=en"})
	mustStatus(t, res, 400)
	p := res.Problem(t)
	fields := map[string]bool{}
	for _, e := range p.Errors {
		fields[e.Field] = true
		if e.Detail == "" || e.Detail == e.Key {
			t.Errorf("%s: no text for %s", e.Field, e.Key)
		}
	}
	for _, want := range []string{"kind", "status", "municipality", "organisation", "sort", "page", "per_page", "target_group"} {
		if !fields[want] {
			t.Errorf("no error for %s: %+v", want, p.Errors)
		}
	}
}

// TestCreateOpportunityAndInterest follows the token path: a company posts
// a labour need, an SØV expresses interest, the owner cannot.
func TestCreateOpportunityAndInterest(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		body := fmt.Sprintf(`{"organisation_id":%d,"kind":"jobbehov","title":"Lærepladser","description":"To pladser","cpv_codes":["45000000"],"target_groups":["handicap"],"municipality_code":"0751","radius_km":60,"volume":2,"deadline":"2027-01-31"}`, f.orgB.ID)
		res := f.do(t, req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminB, Body: body})
		mustStatus(t, res, 201)
		var o api.OpportunityJSON
		json.Unmarshal(res.Body, &o)
		if o.ID == 0 || o.OrganisationName != f.orgB.Name || o.Status != samspil.OppOpen || len(o.CPVCodes) != 1 || o.CPVCodes[0] != "45000000-7" {
			t.Fatalf("created %+v", o)
		}
		if o.Deadline == nil || o.Deadline.Format(time.RFC3339) != "2027-01-31T23:00:00Z" {
			t.Errorf("deadline %v, want the end of 31 January in Denmark", o.Deadline)
		}
		if loc := res.Header.Get("Location"); loc != fmt.Sprintf("%s/api/v1/opportunities/%d", f.url, o.ID) {
			t.Errorf("Location %q", loc)
		}
		// A plain member may post for their organisation, as on the web.
		res = f.do(t, req{Method: "POST", Path: "/api/v1/opportunities", Role: roleMemberA,
			Body: fmt.Sprintf(`{"organisation_id":%d,"kind":"ydelse","title":"Grøn pleje","cpv_codes":["77310000"],"municipality_code":"0101"}`, f.orgA.ID)})
		mustStatus(t, res, 201)
		// A kind the organisation may not post.
		res = f.do(t, req{Method: "POST", Path: "/api/v1/opportunities", Role: roleAdminA,
			Body: fmt.Sprintf(`{"organisation_id":%d,"kind":"indkobsbehov","title":"Indkøb","cpv_codes":["77310000"],"municipality_code":"0101"}`, f.orgA.ID)})
		mustStatus(t, res, 400)
		if p := res.Problem(t); len(p.Errors) == 0 || p.Errors[0].Key != "opp.kind.not_allowed" {
			t.Errorf("%+v", p)
		}
		// A platform admin posting for an organisation that does not exist.
		res = f.do(t, req{Method: "POST", Path: "/api/v1/opportunities", Role: rolePlatform,
			Body: `{"organisation_id":999999,"kind":"ydelse","title":"X","cpv_codes":["77310000"],"municipality_code":"0101"}`})
		mustStatus(t, res, 400)

		path := fmt.Sprintf("/api/v1/opportunities/%d/interests", o.ID)
		res = f.do(t, req{Method: "POST", Path: path, Role: roleAdminA, Body: fmt.Sprintf(`{"organisation_id":%d,"message":"Vi har to kandidater."}`, f.orgA.ID)})
		mustStatus(t, res, 201)
		var in api.InterestJSON
		json.Unmarshal(res.Body, &in)
		if in.Status != samspil.InterestPending || in.OrganisationID != f.orgA.ID || in.OpportunityID != o.ID || in.OwnerID != f.orgB.ID {
			t.Errorf("interest %+v", in)
		}
		// The owner cannot be interested in its own opportunity.
		res = f.do(t, req{Method: "POST", Path: path, Role: roleAdminB, Body: fmt.Sprintf(`{"organisation_id":%d,"message":"Os selv"}`, f.orgB.ID)})
		mustStatus(t, res, 400)
		// A platform admin speaks for no organisation they are not in.
		res = f.do(t, req{Method: "POST", Path: path, Role: rolePlatform, Body: fmt.Sprintf(`{"organisation_id":%d,"message":"Hej"}`, f.orgA.ID)})
		mustStatus(t, res, 403)
	})
}
