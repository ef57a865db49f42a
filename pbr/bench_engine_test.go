package pbr

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// benchLedger is the size: 100,000 participants and 1,000,000
// claims on a five-outcome rate card with monthly sustainment payments
// (up to 12 per participant) and two prerequisite chains. Each participant
// follows a job or an education path of about ten claims; 0.5 % of the
// claims name an unknown participant, 0.5 % an unknown outcome, 1 % are
// sent twice, some are dated before enrolment, after the window or after
// the period, some lack their prerequisite, and the total cap is set so
// that it is crossed two thirds into the processing order.
func benchLedger(nParts, nClaims int) (*Contract, []Participant, []Claim) {
	r := rand.New(rand.NewPCG(2027, 6))
	start := d("2027-01-01")
	c := &Contract{ID: "BENCH", Period: Period{Start: start, End: d("2029-12-31")}, CapOre: samspilMaxCap, Outcomes: []Outcome{
		{Code: "JOB_START", PriceOre: 1_500_000, PerParticipantLimit: 1, WindowDays: ptr(365)},
		{Code: "JOB_MONTH", PriceOre: 250_000, PerParticipantLimit: 12, Requires: []string{"JOB_START"}, WindowDays: ptr(730)},
		{Code: "JOB13", PriceOre: 3_000_000, PerParticipantLimit: 1, Requires: []string{"JOB_START"}, WindowDays: ptr(540)},
		{Code: "EDU_START", PriceOre: 1_000_000, PerParticipantLimit: 2, CapCount: ptr(nParts / 3)},
		{Code: "EDU_DONE", PriceOre: 2_000_000, PerParticipantLimit: 1, Requires: []string{"EDU_START"}},
	}}
	ps := make([]Participant, nParts)
	for i := range ps {
		ps[i] = Participant{ID: "D" + strconv.Itoa(100000+i), EnrolledOn: start + Date(r.IntN(720))}
	}
	claims := make([]Claim, 0, nClaims+20)
	add := func(p int, code string, on Date) {
		part := ps[p].ID
		switch x := r.IntN(200); {
		case x == 0:
			part = "UNKNOWN" + strconv.Itoa(p)
		case x == 1:
			code = "MENTOR"
		}
		sub := on.Time().Add(24*time.Hour + time.Duration(r.IntN(36_000))*time.Second)
		claims = append(claims, Claim{ID: strconv.Itoa(len(claims) + 1), Participant: part, Outcome: code, AchievedOn: on, SubmittedAt: sub})
		if r.IntN(100) == 0 { // sent twice
			claims = append(claims, Claim{ID: strconv.Itoa(len(claims) + 1), Participant: part, Outcome: code, AchievedOn: on, SubmittedAt: sub.Add(time.Hour)})
		}
	}
	for p := 0; len(claims) < nClaims; p = (p + 1) % nParts {
		on := ps[p].EnrolledOn + Date(r.IntN(90)) - 3 // a few before enrolment
		switch x := r.IntN(20); {
		case x < 13: // a job, months in it, sometimes 13 weeks
			add(p, "JOB_START", on)
			months := r.IntN(13)
			for m := 1; m <= months; m++ {
				add(p, "JOB_MONTH", on+Date(30*m))
			}
			if months >= 3 {
				add(p, "JOB13", on+Date(91+r.IntN(500)))
			}
		case x < 19: // education, sometimes started twice
			add(p, "EDU_START", on)
			if r.IntN(5) == 0 {
				add(p, "EDU_START", on+Date(100+r.IntN(200)))
			}
			if r.IntN(3) > 0 {
				add(p, "EDU_DONE", on+Date(r.IntN(500)))
			}
		default: // a claim without its prerequisite
			add(p, "JOB13", on+Date(100))
		}
	}
	claims = claims[:nClaims]
	// Cap the contract at two thirds of what the claims would earn.
	res, err := Calculate(c, ps, claims)
	if err != nil {
		panic(err)
	}
	c.CapOre = res.TotalOre * 2 / 3
	return c, ps, claims
}

const samspilMaxCap = 100_000_000_000 * 100

func BenchmarkCalculate(b *testing.B) {
	c, ps, claims := benchLedger(100_000, 1_000_000)
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Calculate(c, ps, claims); err != nil {
			b.Fatal(err)
		}
	}
	reasons := map[Reason]int{}
	for _, l := range res.Lines {
		reasons[l.Reason]++
	}
	b.ReportMetric(float64(reasons[ReasonNone])/float64(len(claims))*100, "%paid")
	b.Logf("total %d of cap %d; reasons %v", res.TotalOre, c.CapOre, reasons)
}
