package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore/testdb"
)

func TestOpenSeeds(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	ms, err := db.FindMunicipalities(ctx)
	if err != nil || len(ms) != 98 {
		t.Fatalf("municipalities: %d %v", len(ms), err)
	}
	orgs, total, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgKommune, Limit: 3})
	if err != nil || total != 98 {
		t.Fatalf("orgs: %d %v", total, err)
	}
	for _, o := range orgs {
		t.Log(o.Name, o.CreatedAt)
	}
}
