package app_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

func TestLoadDemo(t *testing.T) {
	testdb.Both(t, func(t *testing.T, store *sqlstore.DB) {
		ctx := context.Background()
		res, err := app.LoadDemo(ctx, store, app.DemoOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Organisations != app.DefaultDemoOrgs || res.Opportunities < 28 || res.Interests != 6 || res.Partnerships != 5 {
			t.Fatalf("%+v", res)
		}
		opps, total, err := store.FindOpportunities(ctx, samspil.OpportunityFilter{Statuses: []samspil.OpportunityStatus{samspil.OppOpen}})
		if err != nil || total != res.Opportunities || len(opps) == 0 {
			t.Fatalf("open opportunities %d of %d: %v", total, res.Opportunities, err)
		}
		kinds := map[samspil.OpportunityKind]bool{}
		for _, o := range opps {
			kinds[o.Kind] = true
		}
		_, completed, err := store.FindPartnerships(ctx, samspil.PartnershipFilter{Statuses: []samspil.PartnershipStatus{samspil.PartnershipCompleted}})
		// The track record's four, and the finished outcome contract's.
		if err != nil || completed != 5 {
			t.Fatalf("completed partnerships %d: %v", completed, err)
		}
		_, proposed, err := store.FindPartnerships(ctx, samspil.PartnershipFilter{Statuses: []samspil.PartnershipStatus{samspil.PartnershipProposed}})
		if err != nil || proposed != 1 {
			t.Fatalf("proposed partnerships %d: %v", proposed, err)
		}
		// A second load leaves the database alone.
		if again, err := app.LoadDemo(ctx, store, app.DemoOptions{}); err != nil || !again.Skipped {
			t.Fatalf("second load: %+v %v", again, err)
		}
	})
}

func TestLoadDemoGenerated(t *testing.T) {
	store := testdb.Open(t)
	ctx := context.Background()
	res, err := app.LoadDemo(ctx, store, app.DemoOptions{Orgs: 1500, Opportunities: 400, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Organisations != 1500 || res.Opportunities != 400 {
		t.Fatalf("%+v", res)
	}
	_, total, err := store.FindOpportunities(ctx, samspil.OpportunityFilter{})
	if err != nil || total != 400 {
		t.Fatalf("%d opportunities: %v", total, err)
	}
}
