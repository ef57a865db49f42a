package pbr

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"
)

// scenario is one random contract with its participants and claims.
type scenario struct {
	c      *Contract
	ps     []Participant
	claims []Claim
}

// genScenario makes a small random but always valid contract and a mix
// of claims that hits every rule: unknown outcomes and participants,
// dates around the period and windows, shared dates and submission times.
func genScenario(r *rand.Rand) scenario {
	start := d("2027-01-01")
	c := &Contract{ID: "R", Period: Period{Start: start, End: start + Date(30+r.IntN(90))}, CapOre: 1 + r.Int64N(6000)}
	codes := []string{"A", "B", "C", "D", "E"}[:1+r.IntN(5)]
	for i, code := range codes {
		o := Outcome{Code: code, PriceOre: 1 + r.Int64N(1000), PerParticipantLimit: 1 + r.IntN(3)}
		for j := 0; j < i; j++ { // only earlier outcomes: no cycles
			if r.IntN(3) == 0 {
				o.Requires = append(o.Requires, codes[j])
			}
		}
		if r.IntN(2) == 0 {
			o.WindowDays = ptr(r.IntN(60))
		}
		if r.IntN(3) == 0 {
			o.CapCount = ptr(r.IntN(5))
		}
		c.Outcomes = append(c.Outcomes, o)
	}
	s := scenario{c: c}
	for i := range 1 + r.IntN(8) {
		s.ps = append(s.ps, Participant{ID: "P" + strconv.Itoa(i), EnrolledOn: start - 10 + Date(r.IntN(25))})
	}
	for i := range r.IntN(40) {
		s.claims = append(s.claims, genClaim(r, s, i))
	}
	return s
}

func genClaim(r *rand.Rand, s scenario, i int) Claim {
	cl := Claim{
		ID:          strconv.Itoa(i),
		Participant: "P" + strconv.Itoa(r.IntN(len(s.ps)+1)), // one past the end is unknown
		AchievedOn:  s.c.Period.Start - 15 + Date(r.IntN(int(s.c.Period.End-s.c.Period.Start)+30)),
		SubmittedAt: time.Date(2027, 1, 1, 0, r.IntN(5), 0, 0, time.UTC),
	}
	if r.IntN(4) == 0 {
		cl.ID = "X" + cl.ID
	}
	if r.IntN(15) == 0 {
		cl.Outcome = "NOPE"
	} else {
		cl.Outcome = s.c.Outcomes[r.IntN(len(s.c.Outcomes))].Code
	}
	if r.IntN(4) == 0 && i > 0 { // copy an earlier date to make duplicates and ties likely
		cl.AchievedOn = s.c.Period.Start + Date(r.IntN(10))
	}
	return cl
}

// before reports whether a comes before b in the processing order (an
// independent statement of Calculate's doc comment).
func before(c *Contract, a, b Claim) bool {
	depth, _ := depths(c.Outcomes)
	dep := func(code string) int32 {
		for i, o := range c.Outcomes {
			if o.Code == code {
				return depth[i]
			}
		}
		return 0
	}
	if r := cmp.Or(cmp.Compare(a.AchievedOn, b.AchievedOn), cmp.Compare(dep(a.Outcome), dep(b.Outcome)), a.SubmittedAt.Compare(b.SubmittedAt)); r != 0 {
		return r < 0
	}
	return compareIDs(a.ID, b.ID) < 0
}

func TestCalculateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 2027))
	for n := range 400 {
		s := genScenario(r)
		res, err := Calculate(s.c, s.ps, s.claims)
		if err != nil {
			t.Fatalf("case %d: %v", n, err)
		}
		where := fmt.Sprintf("case %d", n)

		// The total never exceeds the cap and adds up.
		var sum int64
		for _, l := range res.Lines {
			sum += l.AmountOre
		}
		var byOutcome int64
		for _, o := range res.ByOutcome {
			byOutcome += o.AmountOre
		}
		if res.TotalOre > s.c.CapOre || sum != res.TotalOre || byOutcome != res.TotalOre {
			t.Fatalf("%s: total %d, lines %d, by outcome %d, cap %d", where, res.TotalOre, sum, byOutcome, s.c.CapOre)
		}

		// No participant is paid an outcome more often than its limit,
		// and every line has exactly the reason its amount calls for.
		paid := map[[2]string]int{}
		for i, l := range res.Lines {
			cl := s.claims[i]
			var o *Outcome
			for k := range s.c.Outcomes {
				if s.c.Outcomes[k].Code == cl.Outcome {
					o = &s.c.Outcomes[k]
				}
			}
			if l.ClaimID != cl.ID {
				t.Fatalf("%s: line %d is %s, want %s", where, i, l.ClaimID, cl.ID)
			}
			if l.AmountOre > 0 {
				key := [2]string{cl.Participant, cl.Outcome}
				if paid[key]++; paid[key] > o.PerParticipantLimit {
					t.Fatalf("%s: %v paid %d times, limit %d", where, key, paid[key], o.PerParticipantLimit)
				}
			}
			switch {
			case o != nil && l.AmountOre == o.PriceOre:
				if l.Reason != ReasonNone {
					t.Fatalf("%s: %+v paid in full with a reason", where, l)
				}
			case o != nil && l.AmountOre > 0 && l.AmountOre < o.PriceOre:
				if l.Reason != ReasonCapPartial {
					t.Fatalf("%s: %+v paid in part without cap_partial", where, l)
				}
			case l.AmountOre == 0:
				if l.Reason == ReasonNone || l.Reason == ReasonCapPartial || !knownReason(l.Reason) {
					t.Fatalf("%s: %+v unpaid with reason %q", where, l, l.Reason)
				}
			default:
				t.Fatalf("%s: %+v: amount outside 0–price", where, l)
			}
			wantValid := l.Reason == ReasonNone || l.Reason == ReasonCapCountReached || l.Reason == ReasonCapReached || l.Reason == ReasonCapPartial
			if l.Valid != wantValid {
				t.Fatalf("%s: %+v: valid %v", where, l, l.Valid)
			}
		}

		// Sorting by date buckets and in one piece agree.
		outOf := make([]int32, len(s.claims))
		for i, cl := range s.claims {
			outOf[i] = -1
			for k, o := range s.c.Outcomes {
				if o.Code == cl.Outcome {
					outOf[i] = int32(k)
				}
			}
		}
		depth, _ := depths(s.c.Outcomes)
		order := processingOrder(s.claims, outOf, depth, false)
		if full := processingOrder(s.claims, outOf, depth, true); !slices.Equal(order, full) {
			t.Fatalf("%s: bucket order %v, full order %v", where, order, full)
		}
		for k := 1; k < len(order); k++ {
			if a, b := s.claims[order[k-1]], s.claims[order[k]]; !before(s.c, a, b) {
				t.Fatalf("%s: %+v processed before %+v", where, a, b)
			}
		}

		// The order of the lines in the claims file does not matter.
		shuffled := append([]Claim(nil), s.claims...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		res2, err := Calculate(s.c, s.ps, shuffled)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]Line{}
		for _, l := range res.Lines {
			byID[l.ClaimID] = l
		}
		for _, l := range res2.Lines {
			if byID[l.ClaimID] != l {
				t.Fatalf("%s: shuffled, claim %s got %+v, before %+v", where, l.ClaimID, l, byID[l.ClaimID])
			}
		}

		// Adding a claim never reduces what the claims before it in the
		// processing order were paid.
		extra := genClaim(r, s, len(s.claims))
		extra.ID = "new"
		res3, err := Calculate(s.c, s.ps, append(append([]Claim(nil), s.claims...), extra))
		if err != nil {
			t.Fatal(err)
		}
		for i, cl := range s.claims {
			if before(s.c, cl, extra) && res3.Lines[i].AmountOre < res.Lines[i].AmountOre {
				t.Fatalf("%s: adding %+v cut claim %s from %d to %d", where, extra, cl.ID, res.Lines[i].AmountOre, res3.Lines[i].AmountOre)
			}
			if before(s.c, cl, extra) && res3.Lines[i] != res.Lines[i] {
				t.Fatalf("%s: adding a later claim changed claim %s", where, cl.ID)
			}
		}
	}
}

func knownReason(r Reason) bool {
	for _, x := range Reasons {
		if x == r {
			return true
		}
	}
	return false
}
