package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

func TestSearchSmoke(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		must(t, db.CreateOrganisation(ctx, &samspil.Organisation{CVR: storetest.ValidCVR(1), Name: "Cykelværkstedet Vejle", Kind: samspil.OrgSOV, MunicipalityCode: "0630",
			Description: "Vi reparerer cykler og udfører rengøringsopgaver.", CPVCodes: []string{"50000000-5"}, Sectors: []string{"G"}}))
		for _, q := range []samspil.SearchQuery{{Text: "cykel"}, {Text: "rengøring"}, {Text: "aabenraa"}, {Kinds: []string{"sov"}}, {}, {Text: "vejle", Municipalities: []string{"0630"}}, {Near: "0621", RadiusKm: 40, Sort: "nearest"}} {
			res, err := db.Search(ctx, q)
			must(t, err)
			t.Logf("%+v: total %d, first %v, kind facet %v muni %d", q, res.Total, first(res), res.Facets["kind"], len(res.Facets["municipality"]))
		}
		s, err := db.Suggest(ctx, "cykelv", 5)
		must(t, err)
		t.Logf("suggest %v", s)
	})
}

func first(r *samspil.SearchResult) []string {
	var out []string
	for i, h := range r.Items {
		if i == 3 {
			break
		}
		out = append(out, h.Title)
	}
	return out
}
