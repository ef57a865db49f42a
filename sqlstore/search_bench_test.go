package sqlstore_test

import (
	"context"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// benchSearchDB returns a SQLite database with SAMSPIL_BENCH_ORGS
// generated organisations (default 5,000) and a fifth as many
// opportunities, loaded with the bulk loader. With SAMSPIL_BENCH_DIR set
// the file is kept there and reused by later runs of the same size.
func benchSearchDB(b *testing.B) *sqlstore.DB {
	b.Helper()
	n := 5000
	if s := os.Getenv("SAMSPIL_BENCH_ORGS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := os.Getenv("SAMSPIL_BENCH_DIR")
	keep := dir != ""
	if !keep {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, "search-bench-"+strconv.Itoa(n)+".db")
	_, statErr := os.Stat(path)
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path, testdb.Options(nil))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if keep && statErr == nil {
		if os.Getenv("SAMSPIL_BENCH_REBUILD") == "1" {
			t0 := time.Now()
			if err := db.RebuildSearchIndex(ctx); err != nil {
				b.Fatal(err)
			}
			b.Logf("search index rebuilt in %v", time.Since(t0).Round(time.Millisecond))
		}
		return db
	}
	munis := refdata.Municipalities()
	var refs []demo.OrgRef
	orgs := func(yield func(*samspil.Organisation) bool) {
		for o := range demo.OrganisationSeq(n, 1, munis) {
			if !yield(o) {
				return
			}
			refs = append(refs, demo.OrgRef{ID: o.ID, Name: o.Name, Kind: o.Kind, Municipality: o.MunicipalityCode, CPVCodes: o.CPVCodes, TargetGroups: o.TargetGroups})
		}
	}
	opps := func(yield func(*samspil.Opportunity) bool) {
		for o := range demo.OpportunitySeq(n/5, 1, refs, time.Now().UTC()) {
			if !yield(o) {
				return
			}
		}
	}
	st, err := db.BulkLoadSeq(ctx, iter.Seq[*samspil.Organisation](orgs), iter.Seq[*samspil.Opportunity](opps))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d organisations and %d opportunities in %v (search index %v)", st.Organisations, st.Opportunities,
		st.Elapsed.Round(time.Millisecond), st.SearchIndex.Round(time.Millisecond))
	return db
}

// BenchmarkSearch runs representative searches with and without the
// result cache: facet-only browsing, text with a facet, broad text,
// distance and suggestions.
func BenchmarkSearch(b *testing.B) {
	db := benchSearchDB(b)
	ctx := context.Background()
	queries := []struct {
		name string
		q    samspil.SearchQuery
	}{
		{"browse_all", samspil.SearchQuery{}},
		{"facet_municipality", samspil.SearchQuery{Municipalities: []string{"0751"}}},
		{"facet_kind", samspil.SearchQuery{Kinds: []string{"sov"}}},
		{"board_open", samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchOpportunity}, OpenOnly: true}},
		{"text_facet", samspil.SearchQuery{Text: "cykler", Municipalities: []string{"0751"}}},
		{"text_two_facets", samspil.SearchQuery{Text: "rengøring", Kinds: []string{"sov"}, Regions: []string{"1082"}}},
		{"text_rare", samspil.SearchQuery{Text: "softwaretest aalborg"}},
		{"text_broad", samspil.SearchQuery{Text: "rengøring"}},
		{"near_radius", samspil.SearchQuery{Text: "vaskeri", Near: "0630", RadiusKm: 40, Sort: samspil.SortNearest}},
	}
	for _, tc := range queries {
		res, err := db.SearchUncached(ctx, tc.q)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: total %d", tc.name, res.Total)
		b.Run(tc.name+"/uncached", func(b *testing.B) {
			for b.Loop() {
				if _, err := db.SearchUncached(ctx, tc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/cached", func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Search(ctx, tc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("suggest", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Suggest(ctx, "cykelv", 8); err != nil {
				b.Fatal(err)
			}
		}
	})
}
