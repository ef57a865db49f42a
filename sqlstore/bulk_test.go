package sqlstore_test

import (
	"context"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestBulkLoadMatchesCreateOrganisations loads the same organisations once
// through CreateOrganisations and once through BulkLoad and reads them back:
// every field and list must be the same.
func TestBulkLoadMatchesCreateOrganisations(t *testing.T) {
	testdb.Both(t, func(t *testing.T, viaCreate *sqlstore.DB) {
		ctx := context.Background()
		viaBulk := testdb.OpenWith(t, testdb.Options(nil))
		if viaCreate.Dialect() == sqlstore.DialectPostgres {
			viaBulk = testdb.OpenPostgres(t)
		}
		a := demo.Organisations(300, 7, nil)
		b := demo.Organisations(300, 7, nil)
		if err := viaCreate.CreateOrganisations(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := viaBulk.BulkLoad(ctx, b, nil); err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if i%7 != 0 && i != len(a)-1 {
				continue
			}
			x, err := viaCreate.FindOrganisationByID(ctx, a[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			y, err := viaBulk.FindOrganisationByID(ctx, b[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if b[i].ID == 0 || y.CreatedAt.IsZero() {
				t.Fatalf("row %d: id %d created %v", i, b[i].ID, y.CreatedAt)
			}
			// IDs and times differ by construction.
			y.ID, y.CreatedAt, y.UpdatedAt = x.ID, x.CreatedAt, x.UpdatedAt
			if !reflect.DeepEqual(x, y) {
				t.Fatalf("row %d differs:\ncreate %+v\nbulk   %+v", i, x, y)
			}
		}
		// Directory queries see the same thing (indexes were rebuilt).
		for _, f := range []samspil.OrganisationFilter{
			{MunicipalityCode: "0751"}, {Kind: samspil.OrgSOV, Sort: "name"}, {TargetGroup: "handicap"}, {Query: "cykel"},
		} {
			xs, xn, err := viaCreate.FindOrganisations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			ys, yn, err := viaBulk.FindOrganisations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if xn != yn || len(xs) != len(ys) {
				t.Fatalf("%+v: %d/%d vs %d/%d", f, xn, len(xs), yn, len(ys))
			}
			for i := range xs {
				if xs[i].Name != ys[i].Name {
					t.Fatalf("%+v: row %d %q vs %q", f, i, xs[i].Name, ys[i].Name)
				}
			}
		}
		// Every index the schema defines is there again.
		if x, y := indexNames(t, viaCreate), indexNames(t, viaBulk); !reflect.DeepEqual(x, y) {
			t.Fatalf("indexes after the load differ:\n%v\n%v", x, y)
		}
		// Loading more on top keeps ids unique and the writer usable.
		more := demo.Organisations(310, 7, nil)[300:]
		if err := viaBulk.BulkLoad(ctx, more, nil); err != nil {
			t.Fatal(err)
		}
		if more[0].ID <= b[len(b)-1].ID {
			t.Fatalf("ids not increasing: %d after %d", more[0].ID, b[len(b)-1].ID)
		}
		o := &samspil.Organisation{Name: "Efter indlæsningen", Kind: samspil.OrgAndet, MunicipalityCode: "0101"}
		if err := viaBulk.CreateOrganisation(ctx, o); err != nil || o.ID <= more[len(more)-1].ID {
			t.Fatalf("create after load: %v id %d", err, o.ID)
		}
	})
}

// TestBulkLoadOpportunities compares opportunities written by BulkLoad
// with the same ones written by CreateOpportunity.
func TestBulkLoadOpportunities(t *testing.T) {
	testdb.Both(t, func(t *testing.T, viaCreate *sqlstore.DB) {
		ctx := context.Background()
		viaBulk := testdb.OpenWith(t, testdb.Options(nil))
		if viaCreate.Dialect() == sqlstore.DialectPostgres {
			viaBulk = testdb.OpenPostgres(t)
		}
		orgsA, orgsB := demo.Organisations(200, 3, nil), demo.Organisations(200, 3, nil)
		if err := viaCreate.CreateOrganisations(ctx, orgsA); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		gen := func(orgs []*samspil.Organisation) []*samspil.Opportunity {
			var refs []demo.OrgRef
			for _, o := range orgs {
				refs = append(refs, demo.RefOf(o))
			}
			var out []*samspil.Opportunity
			for o := range demo.OpportunitySeq(60, 3, refs, now) {
				out = append(out, o)
			}
			return out
		}
		oppsA := gen(orgsA)
		for _, o := range oppsA {
			if err := viaCreate.CreateOpportunity(ctx, o); err != nil {
				t.Fatalf("%q: %v", o.Title, err)
			}
		}
		// The bulk loader numbers the organisations before the
		// opportunities are generated from them.
		var oppsB []*samspil.Opportunity
		_, err := viaBulk.BulkLoadSeq(ctx, func(yield func(*samspil.Organisation) bool) {
			for _, o := range orgsB {
				if !yield(o) {
					return
				}
			}
		}, func(yield func(*samspil.Opportunity) bool) {
			oppsB = gen(orgsB)
			for _, o := range oppsB {
				if !yield(o) {
					return
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range oppsA {
			x, err := viaCreate.FindOpportunityByID(ctx, oppsA[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			y, err := viaBulk.FindOpportunityByID(ctx, oppsB[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			// IDs and times differ by construction (the generator posts
			// in the past; CreateOpportunity posts now).
			y.ID, y.OrganisationID, y.CreatedAt, y.UpdatedAt = x.ID, x.OrganisationID, x.CreatedAt, x.UpdatedAt
			if !reflect.DeepEqual(x, y) {
				t.Fatalf("opportunity %d differs:\ncreate %+v\nbulk   %+v", i, x, y)
			}
		}
		// A kind the organisation may not post is refused with its row.
		bad := gen(orgsB)[:1]
		bad[0].Kind = samspil.OppYdelse // only SØV may offer
		for _, o := range orgsB {
			if o.Kind == samspil.OrgVirksomhed {
				bad[0].OrganisationID = o.ID
				break
			}
		}
		err = viaBulk.BulkLoad(ctx, nil, bad)
		if e, ok := samspil.AsError(err); !ok || e.Code != samspil.EINVALID || len(e.Fields) == 0 || e.Fields[0].Field != "row 1: kind" {
			t.Fatalf("kind not allowed: %v", err)
		}
	})
}

func TestBulkLoadRejectsBadRows(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		orgs := demo.Organisations(5, 1, nil)
		orgs[3].MunicipalityCode = "9999"
		err := db.BulkLoad(ctx, orgs, nil)
		e, ok := samspil.AsError(err)
		if !ok || e.Code != samspil.EINVALID || len(e.Fields) == 0 || e.Fields[0].Field != "row 4: municipality_code" {
			t.Fatalf("bad municipality: %v %+v", err, e)
		}
		orgs = demo.Organisations(5, 1, nil)
		orgs[4].CVR = orgs[1].CVR
		if err := db.BulkLoad(ctx, orgs, nil); samspil.ErrorCode(err) != samspil.ECONFLICT {
			t.Fatalf("repeated CVR: %v", err)
		}
		// A CVR already stored is refused by the database's constraint.
		if err := db.BulkLoad(ctx, demo.Organisations(2, 1, nil), nil); err != nil {
			t.Fatal(err)
		}
		if err := db.BulkLoad(ctx, demo.Organisations(2, 1, nil), nil); samspil.ErrorCode(err) != samspil.ECONFLICT {
			t.Fatalf("stored CVR: %v", err)
		}
		// The store still writes normally afterwards.
		o := &samspil.Organisation{Name: "Bagefter", Kind: samspil.OrgAndet, MunicipalityCode: "0101"}
		if err := db.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkBulkLoad loads SAMSPIL_BULK_N demo organisations (default
// 10,000) per iteration into a fresh database and reports the phases; it
// measures, it asserts nothing.
func BenchmarkBulkLoad(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("SAMSPIL_BULK_N"))
	if n <= 0 {
		n = 10000
	}
	run := func(b *testing.B, open func(testing.TB) *sqlstore.DB) {
		for b.Loop() {
			b.StopTimer()
			db := open(b)
			b.StartTimer()
			st, err := db.BulkLoadSeq(context.Background(), demo.OrganisationSeq(n, 1, nil), nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(st.IndexRebuild.Seconds(), "index-rebuild-s")
			b.ReportMetric(st.SearchIndex.Seconds(), "search-index-s")
		}
		b.ReportMetric(float64(n), "orgs")
	}
	b.Run("sqlite", func(b *testing.B) { run(b, func(tb testing.TB) *sqlstore.DB { return testdb.Open(tb) }) })
	b.Run("postgres", func(b *testing.B) { run(b, func(tb testing.TB) *sqlstore.DB { return testdb.OpenPostgres(tb) }) })
}

func indexNames(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`
	if db.Dialect() == sqlstore.DialectPostgres {
		q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if len(out) < 10 {
		t.Fatalf("only %d indexes", len(out))
	}
	return out
}
