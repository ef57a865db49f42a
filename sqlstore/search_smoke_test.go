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
		// A rebuild gives the same answers.
		before, err := db.Search(ctx, samspil.SearchQuery{Text: "cykler", PerPage: 100})
		must(t, err)
		browse, err := db.Search(ctx, samspil.SearchQuery{Kinds: []string{"sov"}})
		must(t, err)
		countIndexes := func() int {
			q := `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'search_docs'`
			if db.Dialect() == sqlstore.DialectPostgres {
				q = `SELECT count(*) FROM pg_indexes WHERE tablename = 'search_docs' AND schemaname = current_schema()`
			}
			var n int
			must(t, db.SQL().QueryRow(q).Scan(&n))
			return n
		}
		nIdx := countIndexes()
		must(t, db.RebuildSearchIndex(ctx))
		if got := countIndexes(); got != nIdx || nIdx < 8 {
			t.Fatalf("indexes on search_docs: %d before the rebuild, %d after", nIdx, got)
		}
		after, err := db.Search(ctx, samspil.SearchQuery{Text: "cykler", PerPage: 100})
		must(t, err)
		browse2, err := db.Search(ctx, samspil.SearchQuery{Kinds: []string{"sov"}})
		must(t, err)
		if fmt.Sprint(first(before), before.Total, before.Facets) != fmt.Sprint(first(after), after.Total, after.Facets) ||
			fmt.Sprint(browse.Total, browse.Facets) != fmt.Sprint(browse2.Total, browse2.Facets) {
			t.Fatalf("rebuild changed results:\n%v %v\n%v %v", before.Total, before.Facets, after.Total, after.Facets)
		}
		// New writes after a rebuild get fresh ids.
		must(t, db.CreateOrganisation(ctx, &samspil.Organisation{CVR: storetest.ValidCVR(2), Name: "Cykelsmeden", Kind: samspil.OrgSOV, MunicipalityCode: "0101"}))
		res, err := db.Search(ctx, samspil.SearchQuery{Text: "cykelsmeden"})
		must(t, err)
		if res.Total < 1 || res.Items[0].Title != "Cykelsmeden" {
			t.Fatalf("after rebuild and create: %d %q", res.Total, first(res))
		}
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
