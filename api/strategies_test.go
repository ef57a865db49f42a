package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/sqlstore"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestStrategiesAPI(t *testing.T) {
	bothWithGuide(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ctx := samspil.WithActor(context.Background(), f.users[rolePlatform].ID)
		res := f.do(t, req{Method: "GET", Path: "/api/v1/strategies"})
		mustStatus(t, res, 200)
		list := decodeJSON[api.ListJSON[api.StrategyOverviewJSON]](t, res)
		if list.Total != 98 || len(list.Items) != 98 || list.Items[0].Code != "0101" {
			t.Fatalf("overview = %d rows, first %+v", list.Total, list.Items[0])
		}
		for _, r := range list.Items {
			if r.HasStrategy || r.Title != nil || r.AdoptedOn != nil || r.HasCoordinationUnit || r.OrganisationID == nil {
				t.Fatalf("empty row = %+v", r)
			}
		}

		adopted := mustDate(t, "2024-03-01")
		if _, err := db.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0101", Title: "Socialøkonomisk strategi", AdoptedOn: &adopted}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0751", Title: "Udkast"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetCoordinationUnit(ctx, &samspil.CoordinationUnit{MunicipalityCode: "0101", Name: "Center for Socialøkonomi"}); err != nil {
			t.Fatal(err)
		}
		knowledgeFixture(t, f) // two published cases: 0101 and 0751

		res = f.do(t, req{Method: "GET", Path: "/api/v1/strategies"})
		mustStatus(t, res, 200)
		by := map[string]api.StrategyOverviewJSON{}
		for _, r := range decodeJSON[api.ListJSON[api.StrategyOverviewJSON]](t, res).Items {
			by[r.Code] = r
		}
		kk := by["0101"]
		if !kk.HasStrategy || kk.Title == nil || *kk.Title != "Socialøkonomisk strategi" || kk.AdoptedOn == nil || *kk.AdoptedOn != "2024-03-01" ||
			!kk.HasCoordinationUnit || kk.Cases != 1 || kk.Name != "København" || kk.RegionCode != "1084" || !strings.HasSuffix(kk.WebURL, "/kommuner/0101") {
			t.Fatalf("København = %+v", kk)
		}
		if a := by["0751"]; !a.HasStrategy || a.AdoptedOn != nil || a.HasCoordinationUnit || a.Cases != 1 {
			t.Fatalf("Aarhus = %+v", a)
		}
	})
}
