package match

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestParseCPV(t *testing.T) {
	tests := []struct {
		in    string
		ok    bool
		depth int
	}{
		{"45000000-7", true, 1},
		{"45100000", true, 2},
		{"45110000-1", true, 3},
		{"45111000", true, 4},
		{"45111200-0", true, 5},
		{"90911200", true, 5},
		{"03000001", true, 5},
		{"4511120", false, 0},
		{"45111200x8", false, 0},
		{"4511120a", false, 0},
		{"", false, 0},
	}
	for _, tt := range tests {
		c, ok := parseCPV(tt.in)
		if ok != tt.ok || ok && c.depth != tt.depth {
			t.Errorf("parseCPV(%q) = %+v, %v; want depth %d, %v", tt.in, c, ok, tt.depth, tt.ok)
		}
	}
}

func TestCPVFit(t *testing.T) {
	tests := []struct {
		name   string
		need   []string
		have   []string
		want   float64
		levels int
	}{
		{"same full code", []string{"90911200-8"}, []string{"90911200-8"}, 1, 5},
		{"sibling category", []string{"90911200-8"}, []string{"90911300-9"}, 0.8, 4},
		{"same class", []string{"90911200-8"}, []string{"90912000"}, 0.6, 3},
		{"same group", []string{"90911200-8"}, []string{"90920000"}, 0.4, 2},
		{"same division", []string{"90911200-8"}, []string{"90500000"}, 0.2, 1},
		{"other division", []string{"90911200-8"}, []string{"45000000"}, 0, 0},
		{"general need met by a specific code", []string{"90910000"}, []string{"90911200-8"}, 1, 3},
		{"specific need, general code", []string{"90911200-8"}, []string{"90910000"}, 0.6, 3},
		{"no codes", []string{"90911200-8"}, nil, 0, 0},
		{"best of several", []string{"90911200-8"}, []string{"45000000", "90911200"}, 1, 5},
		// two needs, one met fully, one not at all: (1 + 0.5)/2
		{"coverage counts", []string{"90911200-8", "45000000"}, []string{"90911200"}, 0.75, 5},
		{"garbage ignored", []string{"90911200-8"}, []string{"x", "9091120"}, 0, 0},
	}
	for _, tt := range tests {
		var need []cpvCode
		for _, n := range tt.need {
			c, _ := parseCPV(n)
			need = append(need, c)
		}
		got, lv := cpvFit(need, tt.have)
		if !near(got, tt.want) || lv != tt.levels {
			t.Errorf("%s: cpvFit = %v, %d levels; want %v, %d", tt.name, got, lv, tt.want, tt.levels)
		}
	}
}

func TestExpertiseFit(t *testing.T) {
	tests := []struct {
		areas []string
		have  []string
		want  float64
	}{
		{[]string{"digitalisering"}, []string{"72212000"}, 1},
		{[]string{"digitalisering", "jura"}, []string{"72212000"}, 0.5},
		{[]string{"jura"}, []string{"79110000"}, 1},
		{[]string{"jura"}, []string{"79200000"}, 0},
		{[]string{"okonomi"}, nil, 0},
		{nil, []string{"72000000"}, 0},
	}
	for _, tt := range tests {
		if got := expertiseFit(tt.areas, tt.have); !near(got, tt.want) {
			t.Errorf("expertiseFit(%v, %v) = %v, want %v", tt.areas, tt.have, got, tt.want)
		}
	}
	for area := range ExpertiseCPV {
		if !samspil.ValidExpertiseArea(area) {
			t.Errorf("ExpertiseCPV has unknown area %q", area)
		}
	}
	for _, area := range samspil.ExpertiseAreas {
		if len(ExpertiseCPV[area]) == 0 {
			t.Errorf("expertise area %q has no CPV codes", area)
		}
	}
}

func TestDefaultWeightsSumToOne(t *testing.T) {
	w := DefaultWeights
	if sum := w.CPV + w.Distance + w.TargetGroup + w.Capacity + w.RSV + w.TrackRecord + w.Freshness; !near(sum, 1) {
		t.Errorf("weights sum to %v", sum)
	}
}

func opp() *samspil.Opportunity {
	return &samspil.Opportunity{ID: 1, OrganisationID: 100, Kind: samspil.OppIndkobsbehov, Title: "Rengøring",
		CPVCodes: []string{"90911200-8"}, TargetGroups: []string{"handicap", "udsatte_ledige"},
		MunicipalityCode: "0630", RadiusKm: 100, Volume: 10, Status: samspil.OppOpen, UpdatedAt: now}
}

func cand(id int64) *samspil.MatchCandidate {
	return &samspil.MatchCandidate{OrganisationID: id, Name: "SØV", Kind: samspil.OrgSOV, MunicipalityCode: "0630",
		CPVCodes: []string{"90911200-8"}, TargetGroups: []string{"handicap", "udsatte_ledige"}, Capacity: 10,
		RSVRegistered: true, CompletedPartnerships: 2, UpdatedAt: now}
}

func TestScoreComponents(t *testing.T) {
	s, c, ok := Score(DefaultWeights, opp(), cand(1), now)
	if !ok {
		t.Fatal("excluded")
	}
	// Everything perfect except track record (2 → 0.5).
	want := 1 - DefaultWeights.TrackRecord*0.5
	if !near(s, want) {
		t.Errorf("score %v, want %v (%+v)", s, want, c)
	}
	sum := 0.0
	for _, n := range c.List() {
		sum += n.Contribution
	}
	if !near(sum, s) {
		t.Errorf("contributions sum to %v, score %v", sum, s)
	}
	if c.DistanceKm != 0 || c.CPVLevels != 5 || c.CompletedPartnerships != 2 || len(c.SharedTargetGroups) != 2 {
		t.Errorf("facts: %+v", c)
	}

	tests := []struct {
		name  string
		opp   func(*samspil.Opportunity)
		cand  func(*samspil.MatchCandidate)
		check func(t *testing.T, s float64, c Components, ok bool)
	}{
		{"outside the radius is excluded", nil, func(c *samspil.MatchCandidate) { c.MunicipalityCode = "0101" }, // Vejle → København ≈ 190 km
			func(t *testing.T, s float64, c Components, ok bool) {
				if ok {
					t.Errorf("candidate %v km away was not excluded", c.DistanceKm)
				}
			}},
		{"no radius: far away scores low but counts", func(o *samspil.Opportunity) { o.RadiusKm = 0 }, func(c *samspil.MatchCandidate) { c.MunicipalityCode = "0101" },
			func(t *testing.T, s float64, c Components, ok bool) {
				if !ok || c.DistanceKm < 100 || c.Distance.Value > 0.25 {
					t.Errorf("ok %v, %v km, distance %v", ok, c.DistanceKm, c.Distance.Value)
				}
			}},
		{"unknown municipality", nil, func(c *samspil.MatchCandidate) { c.MunicipalityCode = "9999" },
			func(t *testing.T, s float64, c Components, ok bool) {
				if !ok || c.DistanceKm != -1 || c.Distance.Value != 0 || !c.Distance.Applies {
					t.Errorf("%+v", c)
				}
			}},
		{"half the target groups", nil, func(c *samspil.MatchCandidate) { c.TargetGroups = []string{"handicap", "misbrug"} },
			func(t *testing.T, s float64, c Components, ok bool) {
				if !near(c.TargetGroup.Value, 0.5) {
					t.Errorf("%+v", c.TargetGroup)
				}
			}},
		{"no target groups on the opportunity: does not apply", func(o *samspil.Opportunity) { o.TargetGroups = nil }, nil,
			func(t *testing.T, s float64, c Components, ok bool) {
				if c.TargetGroup.Applies || c.TargetGroup.Weight != 0 || !near(c.CPV.Weight, 0.35/0.85) {
					t.Errorf("%+v / %+v", c.TargetGroup, c.CPV)
				}
			}},
		{"capacity half the volume", nil, func(c *samspil.MatchCandidate) { c.Capacity = 5 },
			func(t *testing.T, s float64, c Components, ok bool) {
				if !near(c.Capacity.Value, 0.5) {
					t.Errorf("%+v", c.Capacity)
				}
			}},
		{"capacity says nothing for an SØV offer", func(o *samspil.Opportunity) { o.Kind = samspil.OppYdelse }, nil,
			func(t *testing.T, s float64, c Components, ok bool) {
				if c.Capacity.Applies {
					t.Errorf("%+v", c.Capacity)
				}
			}},
		{"RSV only for SØV", nil, func(c *samspil.MatchCandidate) { c.Kind = samspil.OrgVirksomhed; c.RSVRegistered = false },
			func(t *testing.T, s float64, c Components, ok bool) {
				if c.RSV.Applies {
					t.Errorf("%+v", c.RSV)
				}
			}},
		{"unregistered SØV", nil, func(c *samspil.MatchCandidate) { c.RSVRegistered = false },
			func(t *testing.T, s float64, c Components, ok bool) {
				if !c.RSV.Applies || c.RSV.Value != 0 {
					t.Errorf("%+v", c.RSV)
				}
			}},
		{"half-stale profile", nil, func(c *samspil.MatchCandidate) { c.UpdatedAt = now.Add(-samspil.StaleAfter / 2) },
			func(t *testing.T, s float64, c Components, ok bool) {
				if !near(c.Freshness.Value, 0.5) {
					t.Errorf("%+v", c.Freshness)
				}
			}},
		{"stale profile", nil, func(c *samspil.MatchCandidate) { c.UpdatedAt = now.Add(-2 * samspil.StaleAfter) },
			func(t *testing.T, s float64, c Components, ok bool) {
				if c.Freshness.Value != 0 {
					t.Errorf("%+v", c.Freshness)
				}
			}},
		{"mentoring uses expertise", func(o *samspil.Opportunity) {
			o.Kind, o.CPVCodes, o.ExpertiseAreas = samspil.OppMentorBehov, nil, []string{"digitalisering"}
		}, func(c *samspil.MatchCandidate) { c.Kind, c.CPVCodes = samspil.OrgVirksomhed, []string{"72000000-5"} },
			func(t *testing.T, s float64, c Components, ok bool) {
				if !c.Expertise || c.CPV.Value != 1 || c.List()[0].Name != "expertise" {
					t.Errorf("%+v", c)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, c := opp(), cand(1)
			if tt.opp != nil {
				tt.opp(o)
			}
			if tt.cand != nil {
				tt.cand(c)
			}
			s, comps, ok := Score(DefaultWeights, o, c, now)
			if s < 0 || s > 1 {
				t.Errorf("score %v out of range", s)
			}
			tt.check(t, s, comps, ok)
		})
	}
}

func TestRankOrderAndFilters(t *testing.T) {
	o := opp()
	best := cand(5)
	worse := cand(3)
	worse.CPVCodes = []string{"90920000"}
	tieA, tieB := cand(9), cand(8) // equal to best; ids break the tie
	own := cand(100)               // the opportunity's own organisation
	company := cand(7)
	company.Kind = samspil.OrgVirksomhed // procurement needs look for SØV
	far := cand(6)
	far.MunicipalityCode = "0101"
	got := Rank(DefaultWeights, o, []*samspil.MatchCandidate{worse, tieA, best, nil, own, company, far, tieB}, now, 10)
	var ids []int64
	for _, m := range got {
		ids = append(ids, m.Candidate.OrganisationID)
	}
	want := []int64{5, 8, 9, 3}
	if len(ids) != len(want) {
		t.Fatalf("ranked %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ranked %v, want %v", ids, want)
		}
	}
	if got := Rank(DefaultWeights, o, []*samspil.MatchCandidate{worse, tieA, best, tieB}, now, 2); len(got) != 2 {
		t.Errorf("limit 2 gave %d", len(got))
	}
	if got := Rank(DefaultWeights, o, nil, now, 0); got == nil || len(got) != 0 {
		t.Errorf("no candidates: %v", got)
	}
}

func TestRankOpportunities(t *testing.T) {
	org := cand(1)
	mk := func(id, owner int64, mut func(*samspil.Opportunity)) *samspil.Opportunity {
		o := opp()
		o.ID, o.OrganisationID = id, owner
		if mut != nil {
			mut(o)
		}
		return o
	}
	past := now.Add(-time.Hour)
	opps := []*samspil.Opportunity{
		mk(10, 50, nil),
		mk(11, 51, nil), // owner has more completed partnerships
		mk(12, 1, nil),  // own
		mk(13, 52, func(o *samspil.Opportunity) { o.Status = samspil.OppClosed }),
		mk(14, 53, func(o *samspil.Opportunity) { o.Deadline = &past }),
		mk(15, 54, func(o *samspil.Opportunity) { o.Kind = samspil.OppYdelse }), // an SØV's offer is not for an SØV
		mk(16, 55, func(o *samspil.Opportunity) { o.UpdatedAt = now.Add(-60 * 24 * time.Hour) }),
	}
	got := RankOpportunities(DefaultWeights, org, opps, map[int64]int{51: 5, 50: 0}, now, 0)
	var ids []int64
	for _, m := range got {
		ids = append(ids, m.Opportunity.ID)
	}
	want := []int64{11, 10, 16}
	if len(ids) != len(want) || ids[0] != 11 || ids[1] != 10 || ids[2] != 16 {
		t.Fatalf("ranked %v, want %v", ids, want)
	}
	if got[0].Components.CompletedPartnerships != 5 {
		t.Errorf("track record of the owner not used: %+v", got[0].Components)
	}
}

// source is a fixed candidate list standing in for the store's query.
type source struct {
	cands  []*samspil.MatchCandidate
	opps   []*samspil.Opportunity
	counts map[int64]int
	limit  int
}

func (s *source) MatchCandidates(ctx context.Context, o *samspil.Opportunity, limit int) ([]*samspil.MatchCandidate, error) {
	s.limit = limit
	return s.cands, nil
}

func (s *source) OpportunityCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Opportunity, error) {
	s.limit = limit
	return s.opps, nil
}

func (s *source) CompletedPartnershipCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	for _, id := range ids {
		out[id] = s.counts[id]
	}
	return out, nil
}

func TestService(t *testing.T) {
	src := &source{cands: []*samspil.MatchCandidate{cand(1), cand(2)}, counts: map[int64]int{100: 3}}
	o := opp()
	src.opps = []*samspil.Opportunity{o}
	svc := NewService(src)
	svc.Now = func() time.Time { return now }
	ms, err := svc.TopOrganisations(context.Background(), o, 1)
	if err != nil || len(ms) != 1 || src.limit != CandidatesPerMatch {
		t.Fatalf("%v %v, asked for %d", ms, err, src.limit)
	}
	if _, err := svc.TopOrganisations(context.Background(), o, 1000); err != nil || src.limit != MaxCandidates {
		t.Fatalf("asked for %d", src.limit)
	}
	org := &samspil.Organisation{ID: 1, Kind: samspil.OrgSOV, MunicipalityCode: "0630", CPVCodes: []string{"90911200-8"}, UpdatedAt: now}
	om, err := svc.TopOpportunities(context.Background(), org, 5)
	if err != nil || len(om) != 1 || om[0].Components.CompletedPartnerships != 3 {
		t.Fatalf("%+v %v", om, err)
	}
	// Its own opportunity is never offered back.
	own := &samspil.Organisation{ID: 100, Kind: samspil.OrgSOV, MunicipalityCode: "0630"}
	if om, err := svc.TopOpportunities(context.Background(), own, 5); err != nil || len(om) != 0 {
		t.Fatalf("own opportunity offered: %+v %v", om, err)
	}
}

// Property tests with a fixed seed: random opportunities and candidates,
// then one change that must never raise the score.

func randomCodes(r *rand.Rand, n int) []string {
	pool := []string{"90911200-8", "90911300-9", "90912000", "90910000", "90920000", "90500000", "45000000",
		"45111200-0", "45110000-1", "72000000-5", "72212000", "79110000", "77310000", "77311000", "55520000"}
	out := make([]string, 0, n)
	for range n {
		out = append(out, pool[r.IntN(len(pool))])
	}
	return out
}

var muniCodes = []string{"0101", "0147", "0151", "0167", "0230", "0306", "0330", "0360", "0400", "0410", "0420", "0461",
	"0479", "0492", "0530", "0561", "0563", "0573", "0607", "0615", "0621", "0630", "0661", "0665", "0707", "0710",
	"0727", "0730", "0740", "0741", "0746", "0751", "0779", "0787", "0791", "0810", "0820", "0840", "0846", "0849", "0851", "0860"}

func randomPair(r *rand.Rand) (*samspil.Opportunity, *samspil.MatchCandidate) {
	groups := []string{"handicap", "udsatte_ledige", "misbrug", "psykisk_saarbare"}
	kinds := []samspil.OpportunityKind{samspil.OppIndkobsbehov, samspil.OppJobbehov, samspil.OppPartnerskab, samspil.OppMentorBehov}
	o := &samspil.Opportunity{ID: 1, OrganisationID: 1, Kind: kinds[r.IntN(len(kinds))], CPVCodes: randomCodes(r, 1+r.IntN(4)),
		TargetGroups: groups[:r.IntN(len(groups)+1)], MunicipalityCode: muniCodes[r.IntN(len(muniCodes))],
		RadiusKm: []int{0, 0, 50, 150, 500}[r.IntN(5)], Volume: r.IntN(20), UpdatedAt: now}
	if o.Kind.UsesExpertise() {
		o.CPVCodes, o.ExpertiseAreas = nil, []string{"digitalisering", "jura", "okonomi"}[:1+r.IntN(3)]
	}
	c := &samspil.MatchCandidate{OrganisationID: 2, Kind: []samspil.OrgKind{samspil.OrgSOV, samspil.OrgVirksomhed}[r.IntN(2)],
		MunicipalityCode: muniCodes[r.IntN(len(muniCodes))], CPVCodes: randomCodes(r, r.IntN(6)),
		TargetGroups: groups[r.IntN(len(groups)):], Capacity: r.IntN(30), RSVRegistered: r.IntN(2) == 0,
		CompletedPartnerships: r.IntN(6), UpdatedAt: now.Add(-time.Duration(r.IntN(500)) * 24 * time.Hour)}
	return o, c
}

// TestPropertyFartherNeverHigher: moving a candidate to a municipality
// farther from the opportunity never raises its score (and may exclude it).
func TestPropertyFartherNeverHigher(t *testing.T) {
	for _, code := range muniCodes {
		if _, ok := refdata.MunicipalityByCode(code); !ok {
			t.Fatalf("test municipality %s is unknown", code)
		}
	}
	r := rand.New(rand.NewPCG(3, 2026))
	checked := 0
	for range 5000 {
		o, c := randomPair(r)
		s := newScorer(DefaultWeights, o, now)
		before, _, okBefore := s.score(c, c.CompletedPartnerships, c.UpdatedAt, DefaultWeights.ProfileFreshFor, true)
		moved := *c
		moved.MunicipalityCode = muniCodes[r.IntN(len(muniCodes))]
		if s.distanceKm(moved.MunicipalityCode) < s.distanceKm(c.MunicipalityCode) {
			continue
		}
		after, _, okAfter := s.score(&moved, moved.CompletedPartnerships, moved.UpdatedAt, DefaultWeights.ProfileFreshFor, true)
		checked++
		if okAfter && !okBefore {
			t.Fatalf("moving farther brought a candidate into range: %+v → %s", c, moved.MunicipalityCode)
		}
		if okAfter && after > before+1e-12 {
			t.Fatalf("moving %s → %s (farther) raised the score %v → %v\nopp %+v", c.MunicipalityCode, moved.MunicipalityCode, before, after, o)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d cases checked", checked)
	}
}

// TestPropertyLosingCodeNeverHigher: removing one of a candidate's CPV
// codes never raises its score.
func TestPropertyLosingCodeNeverHigher(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2026))
	checked := 0
	for range 5000 {
		o, c := randomPair(r)
		if len(c.CPVCodes) == 0 {
			continue
		}
		before, _, ok := Score(DefaultWeights, o, c, now)
		if !ok {
			continue
		}
		lost := *c
		i := r.IntN(len(c.CPVCodes))
		lost.CPVCodes = append(append([]string{}, c.CPVCodes[:i]...), c.CPVCodes[i+1:]...)
		after, _, _ := Score(DefaultWeights, o, &lost, now)
		checked++
		if after > before+1e-12 {
			t.Fatalf("losing %s raised the score %v → %v\nopp %+v\ncand %+v", c.CPVCodes[i], before, after, o, c)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d cases checked", checked)
	}
}

// TestPropertyScoreInRange: scores stay in 0..1 and the contributions add
// up to the score.
func TestPropertyScoreInRange(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2026))
	for range 3000 {
		o, c := randomPair(r)
		s, comps, ok := Score(DefaultWeights, o, c, now)
		if !ok {
			continue
		}
		sum := 0.0
		for _, n := range comps.List() {
			if n.Value < 0 || n.Value > 1 {
				t.Fatalf("%s value %v", n.Name, n.Value)
			}
			sum += n.Contribution
		}
		if s < 0 || s > 1 || !near(sum, s) {
			t.Fatalf("score %v, contributions %v", s, sum)
		}
	}
}

func BenchmarkRank2000(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	o, _ := randomPair(r)
	o.Kind, o.RadiusKm, o.CPVCodes = samspil.OppIndkobsbehov, 0, randomCodes(r, 5)
	cands := make([]*samspil.MatchCandidate, 2000)
	for i := range cands {
		_, c := randomPair(r)
		c.OrganisationID, c.Kind = int64(i+10), samspil.OrgSOV
		cands[i] = c
	}
	b.ReportAllocs()
	for b.Loop() {
		if got := Rank(DefaultWeights, o, cands, now, 20); len(got) != 20 {
			b.Fatal(len(got))
		}
	}
}
