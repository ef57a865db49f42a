package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestFacetEstimates checks the bounded facet counting: past the sample
// limit the total stays exact, the facets are marked estimated, and the
// scaled counts stay near the true ones.
func TestFacetEstimates(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		var orgs []*samspil.Organisation
		for i := range 60 {
			kind, muni := samspil.OrgSOV, "0101"
			if i%3 == 0 {
				kind, muni = samspil.OrgVirksomhed, "0751"
			}
			orgs = append(orgs, &samspil.Organisation{CVR: storetest.ValidCVR(100 + i), Name: fmt.Sprintf("Vaskeriet nr. %d", i),
				Kind: kind, MunicipalityCode: muni, Description: "Vi vasker tøj og linned."})
		}
		must(t, db.CreateOrganisations(ctx, orgs))
		q := samspil.SearchQuery{Text: "vaskeri", Kinds: []string{"sov"}}
		exact, err := db.SearchUncached(ctx, q)
		must(t, err)
		if exact.FacetsEstimated || exact.Total != 40 || exact.Facets["kind"]["virksomhed"] != 20 {
			t.Fatalf("exact: estimated %v, total %d, kinds %v", exact.FacetsEstimated, exact.Total, exact.Facets["kind"])
		}
		defer sqlstore.SetFacetSampleLimit(12)()
		est, err := db.SearchUncached(ctx, q)
		must(t, err)
		if !est.FacetsEstimated || est.Total != exact.Total {
			t.Fatalf("sampled: estimated %v, total %d (exact %d)", est.FacetsEstimated, est.Total, exact.Total)
		}
		for _, kind := range []string{"sov", "virksomhed"} {
			got, want := est.Facets["kind"][kind], exact.Facets["kind"][kind]
			if got < 1 || got > 2*want+5 {
				t.Errorf("kind %s: estimated %d, exact %d", kind, got, want)
			}
		}
		if len(est.Items) == 0 || est.Items[0].Kind != "sov" {
			t.Fatalf("sampled search lost its hits: %+v", est.Items)
		}
	})
}
