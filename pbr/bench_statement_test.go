//go:build unix

package pbr

import (
	"cmp"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// benchStatementLedger is a contract over 2027–2028 with 100,000 participants and
// 1,000,000 claims (ten per participant over four outcomes, one with a
// prerequisite), 90 % approved, 7 % pending and 3 % rejected, and a cap
// that is crossed late in 2028. One statement covering 2027-01-01 to
// 2028-06-30 is approved; afterwards 1 % of its claims are rejected, so the
// next statement has adjustment lines as well as new claims.
func benchStatementLedger() *samspil.ContractLedger {
	const participants, perParticipant = 100_000, 10
	outs := []samspil.Outcome{
		{Code: "JOB_START", Description: "Job", Evidence: "kontrakt", PriceOre: 1_500_000, PerParticipantLimit: 1},
		{Code: "JOB13", Description: "13 uger", Evidence: "lønsedler", PriceOre: 2_500_000, PerParticipantLimit: 1, Requires: []string{"JOB_START"}},
		{Code: "EDU", Description: "Uddannelse", Evidence: "bevis", PriceOre: 800_000, PerParticipantLimit: 3},
		{Code: "MENTOR", Description: "Mentorforløb", Evidence: "plan", PriceOre: 300_000, PerParticipantLimit: 5},
	}
	c := &samspil.OutcomeContract{ID: 1, Title: "Benchmark", Status: samspil.ContractActive, CommissionerID: 1, ProviderID: 2,
		ContractTerms: samspil.ContractTerms{PeriodStart: day("2027-01-01"), PeriodEnd: day("2028-12-31"),
			CapOre: 6_000_000_000 * 100, StatementPeriod: samspil.PeriodMonth, Outcomes: outs}}
	l := &samspil.ContractLedger{Contract: c}
	start, end := DateOf(c.PeriodStart), DateOf(c.PeriodEnd)
	kinds := []string{"JOB_START", "MENTOR", "EDU", "JOB13", "MENTOR", "EDU", "MENTOR", "JOB_START", "EDU", "MENTOR"}
	l.Participants = make([]*samspil.Participant, participants)
	l.Claims = make([]*samspil.Claim, 0, participants*perParticipant)
	claims := make([]samspil.Claim, participants*perParticipant) // one allocation for all claims
	id := int64(0)
	for i := range participants {
		enrolled := start + Date(i%181)
		p := &samspil.Participant{ID: int64(i + 1), ContractID: 1, Pseudonym: "P" + strconv.Itoa(1_000_000+i), EnrolledOn: enrolled.Time()}
		l.Participants[i] = p
		for k := range perParticipant {
			achieved := min(enrolled+Date(k*55+(i*7+k*13)%41), end)
			cl := &claims[id]
			id++
			*cl = samspil.Claim{ID: id, ContractID: 1, ParticipantID: p.ID, Pseudonym: p.Pseudonym, OutcomeCode: kinds[k],
				AchievedOn: achieved.Time(), SubmittedAt: achieved.Time().Add(36*time.Hour + time.Duration(i%997)*time.Second),
				Decision: samspil.ClaimApproved}
			switch h := (id * 2654435761) % 100; {
			case h < 7:
				cl.Decision = samspil.ClaimPending
			case h < 10:
				cl.Decision = samspil.ClaimRejected
			}
			l.Claims = append(l.Claims, cl)
		}
	}
	// The store reads a ledger's claims by date and id: so does the benchmark.
	slices.SortFunc(l.Claims, func(a, b *samspil.Claim) int {
		if c := a.AchievedOn.Compare(b.AchievedOn); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	sorted := make([]samspil.Claim, len(l.Claims))
	for i, cl := range l.Claims {
		sorted[i] = *cl
		l.Claims[i] = &sorted[i]
	}
	claims = nil
	first := BuildStatement(l, Period{Start: start, End: DateOf(day("2028-06-30"))}, 1, day("2028-07-02"))
	first.Status = samspil.StatementApproved
	l.Statements = []*samspil.Statement{first}
	byID := make(map[int64]*samspil.Claim, len(l.Claims))
	for _, cl := range l.Claims {
		byID[cl.ID] = cl
	}
	for i := 0; i < len(first.Lines); i += 100 {
		byID[first.Lines[i].ClaimID].Decision = samspil.ClaimRejected
	}
	return l
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkBuildStatement(b *testing.B) {
	l := benchStatementLedger()
	p := Period{Start: DateOf(day("2028-07-01")), End: DateOf(day("2028-12-31"))}
	now := day("2029-01-02")
	b.ResetTimer()
	var st *samspil.Statement
	cpu0 := cpuTime()
	for b.Loop() {
		st = BuildStatement(l, p, 2, now)
	}
	b.StopTimer()
	// CPU time of the whole process (every thread, the collector's too)
	// per statement: unlike ns/op it does not grow when other programs
	// share the cores.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	adjustments := 0
	for _, ln := range st.Lines {
		if ln.Kind == samspil.LineAdjustment {
			adjustments++
		}
	}
	b.ReportMetric(float64(len(st.Lines)), "lines")
	b.ReportMetric(float64(adjustments), "adjustments")
	b.ReportMetric(float64(len(l.Statements[0].Lines)), "stated-before")
	if st.PaidToDateOre() > st.CapOre {
		b.Fatalf("paid to date %d over the cap %d", st.PaidToDateOre(), st.CapOre)
	}
}
