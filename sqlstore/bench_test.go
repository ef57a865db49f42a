package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// genOrganisations makes n deterministic, valid organisations spread over
// all municipalities, kinds and target groups.
func genOrganisations(n int) []*samspil.Organisation {
	munis := refdata.Municipalities()
	kinds := []samspil.OrgKind{samspil.OrgSOV, samspil.OrgVirksomhed, samspil.OrgAndet}
	cpvs := []string{"90911200-8", "85312000-9", "79952000-2", "55300000-3", "77310000-6"}
	out := make([]*samspil.Organisation, n)
	for i := range out {
		g := samspil.DefaultTargetGroups
		out[i] = &samspil.Organisation{
			CVR:              storetest.ValidCVR(i),
			Name:             fmt.Sprintf("Værksted %d Øst", i),
			Kind:             kinds[i%len(kinds)],
			MunicipalityCode: munis[(i*13)%len(munis)].Code,
			Description:      fmt.Sprintf("Socialøkonomisk virksomhed nummer %d med rengøring, kantine og grønne opgaver.", i),
			CPVCodes:         []string{cpvs[i%len(cpvs)], cpvs[(i+2)%len(cpvs)]},
			TargetGroups:     []string{g[i%len(g)].Code, g[(i+3)%len(g)].Code},
			Sectors:          []string{"N"},
			Employees:        10 + i%40,
			Effects:          []samspil.SocialEffect{{Year: 2025, TargetGroupEmployed: i % 9}},
		}
	}
	return out
}

// BenchmarkFindOrganisations measures a directory page with its total on
// SQLite at 10,000 organisations.
func BenchmarkFindOrganisations(b *testing.B) {
	db := testdb.Open(b)
	ctx := context.Background()
	if err := db.CreateOrganisations(ctx, genOrganisations(10_000)); err != nil {
		b.Fatal(err)
	}
	filters := map[string]samspil.OrganisationFilter{
		"all":          {},
		"municipality": {MunicipalityCode: "0751"},
		"region":       {RegionCode: "1083", Kind: samspil.OrgSOV},
		"target_group": {TargetGroup: "handicap", Offset: 200},
		"query":        {Query: "værksted 12"},
	}
	for name, f := range filters {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := db.FindOrganisations(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var _ = sqlstore.DialectSQLite
