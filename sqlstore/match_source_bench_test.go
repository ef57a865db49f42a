package sqlstore_test

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// The match-source benchmark runs on a deterministic directory whose size
// comes from SAMSPIL_BENCH_ORGS (default 20,000; the target is
// 1,000,000) with one opportunity per five organisations. Set
// SAMSPIL_BENCH_MATCH_DB to a file path to keep the SQLite database between
// runs (it is reused when it exists). PostgreSQL runs too when
// SAMSPIL_TEST_POSTGRES is set.
//
//	SAMSPIL_BENCH_ORGS=1000000 SAMSPIL_BENCH_MATCH_DB=/tmp/match1m.db \
//	  go test ./sqlstore -run '^$' -bench MatchSource -benchtime 2000x
//
// Each sub-benchmark reports p50 and p99 in milliseconds next to ns/op,
// and the process CPU time per call. All but MatchCandidatesCached run
// with the match-list cache off.

// matchGen generates the benchmark's organisations and opportunities.
type matchGen struct {
	n       int
	cpvs    []string // every CPV code
	popular []string // the codes most organisations work in
	munis   []*samspil.Municipality
	orgs    []struct {
		id   int64
		kind samspil.OrgKind
		muni string
	}
}

func newMatchGen(n int) *matchGen {
	g := &matchGen{n: n, munis: refdata.Municipalities()}
	for _, c := range refdata.CPVs() {
		g.cpvs = append(g.cpvs, c.Code)
	}
	// Services SØV and their buyers meet over: cleaning, catering,
	// gardening, repair, transport, laundry, care, printing, …
	for _, prefix := range []string{"9091", "5552", "5551", "7731", "7734", "5011", "6012", "9831", "8531", "8532",
		"7952", "7981", "4544", "4542", "3919", "1581", "0311", "7922", "8051", "9051"} {
		for _, c := range refdata.CPVs() {
			if len(c.Code8) == 8 && c.Code8[:4] == prefix && len(g.popular) < 400 {
				g.popular = append(g.popular, c.Code)
			}
		}
	}
	return g
}

// codes returns 1–4 CPV codes: mostly popular ones, some from anywhere.
func (g *matchGen) codes(r *rand.Rand) []string {
	out := make([]string, 0, 4)
	for k := 1 + r.IntN(4); k > 0; k-- {
		if r.IntN(10) < 7 {
			// Skewed: the first popular codes are the most common.
			i := int(float64(len(g.popular)) * r.Float64() * r.Float64())
			out = append(out, g.popular[i])
		} else {
			out = append(out, g.cpvs[r.IntN(len(g.cpvs))])
		}
	}
	return out
}

func (g *matchGen) groups(r *rand.Rand) []string {
	tg := samspil.DefaultTargetGroups
	var out []string
	for k := r.IntN(3); k > 0; k-- {
		out = append(out, tg[r.IntN(len(tg))].Code)
	}
	return out
}

// organisations yields n organisations: 40% SØV, 45% companies, 15% other.
func (g *matchGen) organisations() iter.Seq[*samspil.Organisation] {
	return func(yield func(*samspil.Organisation) bool) {
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < g.n; i++ {
			kind := samspil.OrgSOV
			switch x := r.IntN(20); {
			case x >= 17:
				kind = samspil.OrgAndet
			case x >= 8:
				kind = samspil.OrgVirksomhed
			}
			m := g.munis[r.IntN(len(g.munis))]
			o := &samspil.Organisation{
				CVR: storetest.ValidCVR(i), Name: fmt.Sprintf("Matchvirksomhed %d", i), Kind: kind, MunicipalityCode: m.Code,
				CPVCodes: g.codes(r), TargetGroups: g.groups(r), Capacity: r.IntN(50),
			}
			if !yield(o) {
				return
			}
			g.orgs = append(g.orgs, struct {
				id   int64
				kind samspil.OrgKind
				muni string
			}{o.ID, kind, m.Code})
		}
	}
}

// opportunities yields one opportunity per five organisations, each by a
// random organisation allowed to post its kind.
func (g *matchGen) opportunities() iter.Seq[*samspil.Opportunity] {
	return func(yield func(*samspil.Opportunity) bool) {
		r := rand.New(rand.NewPCG(3, 4))
		radii := []int{0, 0, 25, 50, 50, 100}
		for i := 0; i < g.n/5; i++ {
			org := g.orgs[r.IntN(len(g.orgs))]
			var kind samspil.OpportunityKind
			for _, k := range samspil.OpportunityKinds {
				if k.CanBePostedBy(org.kind) && (kind == "" || r.IntN(2) == 0) {
					kind = k
				}
			}
			o := &samspil.Opportunity{
				OrganisationID: org.id, Kind: kind, Title: fmt.Sprintf("Mulighed %d", i),
				MunicipalityCode: org.muni, RadiusKm: radii[r.IntN(len(radii))], TargetGroups: g.groups(r), Volume: r.IntN(30),
			}
			if kind.UsesExpertise() {
				o.ExpertiseAreas = []string{samspil.ExpertiseAreas[r.IntN(len(samspil.ExpertiseAreas))]}
			} else {
				o.CPVCodes = g.codes(r)
			}
			if !yield(o) {
				return
			}
		}
	}
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchOrgs() int {
	if n, err := strconv.Atoi(os.Getenv("SAMSPIL_BENCH_ORGS")); err == nil && n > 0 {
		return n
	}
	return 20_000
}

// openMatchBench returns a loaded SQLite database, reused from
// SAMSPIL_BENCH_MATCH_DB when that file exists.
func openMatchBench(b *testing.B, n int) *sqlstore.DB {
	ctx := context.Background()
	path := os.Getenv("SAMSPIL_BENCH_MATCH_DB")
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			db, err := sqlstore.Open(ctx, path, testdb.Options(nil))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		}
		db, err := sqlstore.Open(ctx, path, testdb.Options(nil))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		loadMatchBench(b, db, n)
		return db
	}
	db := testdb.Open(b)
	loadMatchBench(b, db, n)
	return db
}

func loadMatchBench(b *testing.B, db *sqlstore.DB, n int) {
	ctx := context.Background()
	g := newMatchGen(n)
	st, err := db.BulkLoadSeq(ctx, g.organisations(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: loaded %d organisations in %v", db.Dialect(), st.Organisations, st.Elapsed.Round(time.Millisecond))
	t0 := time.Now()
	st, err = db.BulkLoadSeq(ctx, nil, g.opportunities())
	if err != nil {
		// A loader without opportunities: one transaction each.
		b.Logf("bulk loading opportunities: %v; creating them one by one", err)
		k := 0
		for o := range g.opportunities() {
			if err := db.CreateOpportunity(ctx, o); err != nil {
				b.Fatal(err)
			}
			k++
		}
		st.Opportunities = k
		if _, err := db.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: loaded %d opportunities in %v", db.Dialect(), st.Opportunities, time.Since(t0).Round(time.Millisecond))
}

// BenchmarkMatchSource measures MatchCandidates (an opportunity page's
// candidates: 20 matches × 50 candidates each = 1,000) and
// OpportunityCandidates (a dashboard's) over rotating samples.
func BenchmarkMatchSource(b *testing.B) {
	n := benchOrgs()
	b.Run("sqlite", func(b *testing.B) { benchMatchSource(b, openMatchBench(b, n)) })
	b.Run("postgres", func(b *testing.B) {
		db := testdb.OpenPostgres(b)
		loadMatchBench(b, db, n)
		benchMatchSource(b, db)
	})
}

func benchMatchSource(b *testing.B, db *sqlstore.DB) {
	ctx := context.Background()
	opps, total, err := db.FindOpportunities(ctx, samspil.OpportunityFilter{Limit: samspil.MaxPageSize})
	if err != nil || total == 0 {
		b.Fatalf("opportunities: %d %v", total, err)
	}
	// A spread of samples: every k-th page of the board.
	for off := total / 7; len(opps) < 500 && off < total; off += total / 7 {
		more, _, err := db.FindOpportunities(ctx, samspil.OpportunityFilter{Offset: off, Limit: samspil.MaxPageSize})
		if err != nil {
			b.Fatal(err)
		}
		opps = append(opps, more...)
	}
	orgs, _, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Sort: "newest", Limit: samspil.MaxPageSize})
	if err != nil {
		b.Fatal(err)
	}
	var full []*samspil.Organisation
	for _, o := range orgs {
		f, err := db.FindOrganisationByID(ctx, o.ID)
		if err != nil {
			b.Fatal(err)
		}
		full = append(full, f)
	}
	run := func(b *testing.B, fn func(i int) (int, error)) {
		var durs []time.Duration
		found := 0
		i := 0
		cpu0 := cpuTime()
		for b.Loop() {
			t0 := time.Now()
			k, err := fn(i)
			durs = append(durs, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			found += k
			i++
		}
		cpu := cpuTime() - cpu0
		slices.Sort(durs)
		ms := func(q float64) float64 {
			return float64(durs[min(len(durs)-1, int(q*float64(len(durs))))].Microseconds()) / 1000
		}
		b.ReportMetric(ms(0.50), "p50-ms")
		b.ReportMetric(ms(0.99), "p99-ms")
		b.ReportMetric(float64(found)/float64(i), "candidates/op")
		// CPU time of the whole process per call: on a machine shared with
		// other work, wall-clock percentiles include waiting for a core.
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(i), "cpu-ms/op")
	}
	// The queries themselves, without the match-list cache.
	sqlstore.SetMatchCache(false)
	b.Cleanup(func() { sqlstore.SetMatchCache(true) })
	b.Run("MatchCandidates", func(b *testing.B) {
		run(b, func(i int) (int, error) {
			cs, err := db.MatchCandidates(ctx, opps[i%len(opps)], 1000)
			return len(cs), err
		})
	})
	b.Run("MatchCandidatesWithRead", func(b *testing.B) {
		// What an opportunity page or /matches asks: the opportunity, then its candidates.
		run(b, func(i int) (int, error) {
			o, err := db.FindOpportunityByID(ctx, opps[i%len(opps)].ID)
			if err != nil {
				return 0, err
			}
			cs, err := db.MatchCandidates(ctx, o, 1000)
			return len(cs), err
		})
	})
	b.Run("MatchCandidatesCached", func(b *testing.B) {
		// 100 opportunities viewed again and again (as scripts/bench does):
		// the change token and a copy of the cached list.
		sqlstore.SetMatchCache(true)
		defer sqlstore.SetMatchCache(false)
		run(b, func(i int) (int, error) {
			o, err := db.FindOpportunityByID(ctx, opps[i%100].ID)
			if err != nil {
				return 0, err
			}
			cs, err := db.MatchCandidates(ctx, o, 1000)
			return len(cs), err
		})
	})
	b.Run("OpportunityCandidates", func(b *testing.B) {
		run(b, func(i int) (int, error) {
			list, err := db.OpportunityCandidates(ctx, full[i%len(full)], 1000)
			return len(list), err
		})
	})
}
