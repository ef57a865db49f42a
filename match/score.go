package match

import (
	"slices"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// Component is one part of a score, with everything needed to explain it.
type Component struct {
	// Value is the raw fit on this component, 0..1.
	Value float64 `json:"value"`
	// Weight is the effective weight: the component's weight divided by the
	// sum of the weights of the components that apply to this pair (0 when
	// it does not apply).
	Weight float64 `json:"weight"`
	// Contribution is Weight × Value; the contributions add up to the score.
	Contribution float64 `json:"contribution"`
	// Applies is false when the component says nothing about this pair (an
	// opportunity without target groups, a company and RSV registration, …).
	Applies bool `json:"applies"`
}

// Components explains one score: each component and the facts behind it.
type Components struct {
	CPV Component `json:"cpv"`
	// CPVLevels is how many levels of the CPV hierarchy (division, group,
	// class, category, full code) the best pair of codes shares, 0..5.
	CPVLevels int `json:"cpv_levels"`
	// Expertise is true for mentoring kinds: then CPV compares the
	// opportunity's expertise areas with the candidate's codes.
	Expertise bool `json:"expertise"`

	Distance Component `json:"distance"`
	// DistanceKm is the great-circle distance between the municipality
	// centroids; -1 when a municipality is unknown.
	DistanceKm float64 `json:"distance_km"`

	TargetGroup Component `json:"target_group"`
	// SharedTargetGroups lists the opportunity's target groups the
	// candidate works with.
	SharedTargetGroups []string `json:"shared_target_groups"`

	Capacity    Component `json:"capacity"`
	RSV         Component `json:"rsv"`
	TrackRecord Component `json:"track_record"`
	// CompletedPartnerships is the count behind TrackRecord.
	CompletedPartnerships int       `json:"completed_partnerships"`
	Freshness             Component `json:"freshness"`
}

// Named is one component with its stable name, for lists on pages.
type Named struct {
	Name string // "cpv", "expertise", "distance", "target_group", "capacity", "rsv", "track_record", "freshness"
	Component
}

// List returns the components in the order pages show them.
func (c Components) List() []Named {
	first := "cpv"
	if c.Expertise {
		first = "expertise"
	}
	return []Named{
		{first, c.CPV}, {"distance", c.Distance}, {"target_group", c.TargetGroup}, {"capacity", c.Capacity},
		{"rsv", c.RSV}, {"track_record", c.TrackRecord}, {"freshness", c.Freshness},
	}
}

// cpvLevelLen are the prefix lengths of the CPV levels: division, group,
// class, category and the full eight digits.
var cpvLevelLen = [5]int{2, 3, 4, 5, 8}

// cpvCode is a CPV code cut down to its eight digits and the number of
// levels it specifies (1 = a division such as 45000000, 5 = a full code).
type cpvCode struct {
	digits string
	depth  int
}

// parseCPV reads "90911200-8" or "90911200"; ok is false for anything else.
func parseCPV(s string) (cpvCode, bool) {
	if len(s) > 8 {
		if s[8] != '-' {
			return cpvCode{}, false
		}
		s = s[:8]
	}
	if len(s) != 8 {
		return cpvCode{}, false
	}
	for i := 0; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return cpvCode{}, false
		}
	}
	depth := 1
	switch {
	case s[5:8] != "000":
		depth = 5
	case s[4] != '0':
		depth = 4
	case s[3] != '0':
		depth = 3
	case s[2] != '0':
		depth = 2
	}
	return cpvCode{s, depth}, true
}

// sharedLevels counts the levels of need that have shares with need,
// from the division down, stopping at the first that differs. Only the
// levels need specifies count, so a general need (a class) is fully met by
// any code inside it.
func sharedLevels(need, have cpvCode) int {
	n := 0
	for i := 0; i < need.depth; i++ {
		l := cpvLevelLen[i]
		if need.digits[:l] != have.digits[:l] {
			break
		}
		n++
	}
	return n
}

// cpvFit is the CPV component: for each of the opportunity's codes the
// best share of its levels that one of the candidate's codes meets; the
// value is the mean of the best pair and the average over the
// opportunity's codes (coverage). It also returns the shared levels of the
// best pair.
func cpvFit(need []cpvCode, have []string) (float64, int) {
	if len(need) == 0 {
		return 0, 0
	}
	var buf [16]cpvCode
	parsed := buf[:0]
	for _, h := range have {
		if c, ok := parseCPV(h); ok {
			parsed = append(parsed, c)
		}
	}
	best, sum, bestLevels := 0.0, 0.0, 0
	for _, n := range need {
		b, lv := 0.0, 0
		for _, h := range parsed {
			s := sharedLevels(n, h)
			if f := float64(s) / float64(n.depth); f > b || f == b && s > lv {
				b, lv = f, s
			}
		}
		sum += b
		if b > best || b == best && lv > bestLevels {
			best, bestLevels = b, lv
		}
	}
	return (best + sum/float64(len(need))) / 2, bestLevels
}

// ExpertiseCPV maps each expertise area to the CPV codes (prefixes, as in
// the hierarchy) of businesses that work in that field. Organisation
// profiles carry CPV codes but no expertise areas, so this table is how a
// mentoring opportunity finds companies whose trade is the expertise asked
// for. See docs/matching.md.
var ExpertiseCPV = map[string][]string{
	"okonomi":        {"79200000", "79412000", "66000000"},             // accounting and audit, financial management consultancy, finance
	"salg_marketing": {"79340000", "79342000", "79300000"},             // advertising and marketing, market research
	"hr_ledelse":     {"79414000", "79600000", "79411000", "80532000"}, // HR consultancy, recruitment, management consultancy and training
	"bestyrelse":     {"79411000", "79400000"},                         // business and management consultancy
	"effektmaaling":  {"79419000", "73000000", "79311000"},             // evaluation, research and development, surveys
	"digitalisering": {"72000000", "48000000"},                         // IT services, software
	"jura":           {"79100000"},                                     // legal services
}

// expertiseFit is the share of the opportunity's areas for which the
// candidate has a code inside one of the area's CPV codes.
func expertiseFit(areas []string, have []string) float64 {
	if len(areas) == 0 {
		return 0
	}
	parsed := make([]cpvCode, 0, len(have))
	for _, h := range have {
		if c, ok := parseCPV(h); ok {
			parsed = append(parsed, c)
		}
	}
	covered := 0
	for _, a := range areas {
		hit := false
		for _, p := range ExpertiseCPV[a] {
			pc, ok := parseCPV(p)
			if !ok {
				continue
			}
			for _, h := range parsed {
				if sharedLevels(pc, h) == pc.depth {
					hit = true
					break
				}
			}
			if hit {
				break
			}
		}
		if hit {
			covered++
		}
	}
	return float64(covered) / float64(len(areas))
}

// capacityKinds are the kinds whose volume is something the candidate's
// capacity (places for people in programmes) can be held against: the
// candidate supplies what the opportunity needs. An SØV's offer (ydelse)
// looks for buyers, and mentoring volume is hours, so capacity says nothing
// there.
var capacityKinds = []samspil.OpportunityKind{samspil.OppIndkobsbehov, samspil.OppJobbehov, samspil.OppPartnerskab}

// scorer holds what is computed once per opportunity, so scoring thousands
// of candidates costs little more than the comparisons themselves.
type scorer struct {
	w          Weights
	opp        *samspil.Opportunity
	now        time.Time
	need       []cpvCode
	expertise  bool
	origin     *samspil.Municipality
	distances  map[string]float64 // municipality code → km; -1 unknown
	tgApplies  bool
	capApplies bool
}

func newScorer(w Weights, opp *samspil.Opportunity, now time.Time) *scorer {
	s := &scorer{w: w, opp: opp, now: now, expertise: opp.Kind.UsesExpertise(), distances: map[string]float64{}}
	if !s.expertise {
		for _, c := range opp.CPVCodes {
			if p, ok := parseCPV(c); ok {
				s.need = append(s.need, p)
			}
		}
	}
	s.origin, _ = refdata.MunicipalityByCode(opp.MunicipalityCode)
	s.tgApplies = len(opp.TargetGroups) > 0
	s.capApplies = opp.Volume > 0 && slices.Contains(capacityKinds, opp.Kind)
	return s
}

// distanceKm returns the centroid distance to a municipality, -1 when
// either end is unknown.
func (s *scorer) distanceKm(code string) float64 {
	if d, ok := s.distances[code]; ok {
		return d
	}
	d := -1.0
	if m, ok := refdata.MunicipalityByCode(code); ok && s.origin != nil {
		d = refdata.Distance(s.origin, m)
	}
	s.distances[code] = d
	return d
}

// proximity turns a distance into 0..1: 1 at 0 km, 0.5 at DistanceHalfKm,
// falling smoothly; 0 when the distance is unknown.
func proximity(km, half float64) float64 {
	if km < 0 {
		return 0
	}
	if half <= 0 {
		half = DefaultWeights.DistanceHalfKm
	}
	return 1 / (1 + km/half)
}

// saturate is n/(n+half): 0 for none, 0.5 at half, approaching 1.
func saturate(n int, half float64) float64 {
	if n <= 0 {
		return 0
	}
	if half <= 0 {
		half = DefaultWeights.TrackRecordHalf
	}
	return float64(n) / (float64(n) + half)
}

// freshness is 1 for something updated now, falling linearly to 0 at
// freshFor; a time in the future counts as now.
func freshness(updated, now time.Time, freshFor time.Duration) float64 {
	if freshFor <= 0 {
		freshFor = samspil.StaleAfter
	}
	age := now.Sub(updated)
	if age <= 0 {
		return 1
	}
	if age >= freshFor {
		return 0
	}
	return 1 - float64(age)/float64(freshFor)
}

// score rates candidate c. track and updated/freshFor are passed in so the
// organisation-to-opportunity direction can put the opportunity's own age
// and its owner's record there. ok is false when the candidate lies outside
// the opportunity's radius: such candidates are excluded, not scored 0.
//
// With explain false the SharedTargetGroups list is left empty, so the
// first pass over thousands of candidates allocates nothing; the winners
// are scored again with explain true.
func (s *scorer) score(c *samspil.MatchCandidate, track int, updated time.Time, freshFor time.Duration, explain bool) (float64, Components, bool) {
	var out Components
	out.Expertise = s.expertise
	out.DistanceKm = s.distanceKm(c.MunicipalityCode)
	if s.opp.RadiusKm > 0 && out.DistanceKm > float64(s.opp.RadiusKm) {
		return 0, out, false
	}

	if s.expertise {
		out.CPV = Component{Value: expertiseFit(s.opp.ExpertiseAreas, c.CPVCodes), Applies: len(s.opp.ExpertiseAreas) > 0}
	} else {
		v, lv := cpvFit(s.need, c.CPVCodes)
		out.CPV, out.CPVLevels = Component{Value: v, Applies: len(s.need) > 0}, lv
	}
	out.Distance = Component{Value: proximity(out.DistanceKm, s.w.DistanceHalfKm), Applies: s.origin != nil}

	if s.tgApplies {
		shared := 0
		for _, g := range s.opp.TargetGroups {
			if slices.Contains(c.TargetGroups, g) {
				shared++
				if explain {
					out.SharedTargetGroups = append(out.SharedTargetGroups, g)
				}
			}
		}
		out.TargetGroup = Component{Value: float64(shared) / float64(len(s.opp.TargetGroups)), Applies: true}
	}
	if s.capApplies {
		v := 0.0
		if c.Capacity > 0 {
			v = min(1, float64(c.Capacity)/float64(s.opp.Volume))
		}
		out.Capacity = Component{Value: v, Applies: true}
	}
	// RSV registration exists only for SØV; for others it neither helps
	// nor hurts.
	if c.Kind == samspil.OrgSOV {
		v := 0.0
		if c.RSVRegistered {
			v = 1
		}
		out.RSV = Component{Value: v, Applies: true}
	}
	out.CompletedPartnerships = track
	out.TrackRecord = Component{Value: saturate(track, s.w.TrackRecordHalf), Applies: true}
	out.Freshness = Component{Value: freshness(updated, s.now, freshFor), Applies: true}

	parts := [...]struct {
		c *Component
		w float64
	}{
		{&out.CPV, s.w.CPV}, {&out.Distance, s.w.Distance}, {&out.TargetGroup, s.w.TargetGroup},
		{&out.Capacity, s.w.Capacity}, {&out.RSV, s.w.RSV}, {&out.TrackRecord, s.w.TrackRecord},
		{&out.Freshness, s.w.Freshness},
	}
	total := 0.0
	for _, p := range parts {
		if p.c.Applies && p.w > 0 {
			total += p.w
		}
	}
	score := 0.0
	for _, p := range parts {
		if !p.c.Applies || p.w <= 0 || total == 0 {
			p.c.Weight, p.c.Contribution = 0, 0
			continue
		}
		p.c.Weight = p.w / total
		p.c.Contribution = p.c.Weight * p.c.Value
		score += p.c.Contribution
	}
	return min(1, max(0, score)), out, true
}

// Score rates how well candidate c fits opportunity opp at now. ok is
// false when c lies outside the opportunity's radius (excluded). It does
// not check kinds or ownership; Rank does.
func Score(w Weights, opp *samspil.Opportunity, c *samspil.MatchCandidate, now time.Time) (score float64, comps Components, ok bool) {
	score, comps, ok = newScorer(w, opp, now).score(c, c.CompletedPartnerships, c.UpdatedAt, w.ProfileFreshFor, true)
	return score, finish(comps), ok
}
