package pbr

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// ledgerFixture builds small hand-made ledgers for the platform tests.
type ledgerFixture struct {
	l    *samspil.ContractLedger
	next int64
	sub  time.Time
}

// day parses an ISO date as midnight UTC.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func intp(n int) *int { return &n }

// newFixture is a contract over 2027 with monthly statements, cap capKr
// kroner and the given outcomes.
func newFixture(capKr int64, outs ...samspil.Outcome) *ledgerFixture {
	c := &samspil.OutcomeContract{
		ID: 7, Title: "Job i Vejle", TargetGroup: "udsatte_ledige", Status: samspil.ContractActive,
		CommissionerID: 1, Commissioner: "Vejle Kommune", ProviderID: 2, Provider: "Grønt Værksted ApS",
		ContractTerms: samspil.ContractTerms{
			PeriodStart: day("2027-01-01"), PeriodEnd: day("2027-12-31"), CapOre: capKr * 100,
			CohortTarget: 50, StatementPeriod: samspil.PeriodMonth, DeadweightPct: 20, Outcomes: outs,
		},
	}
	return &ledgerFixture{l: &samspil.ContractLedger{Contract: c}, next: 100, sub: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
}

// jobOutcomes is the usual rate card: a job start at 10,000 kr. and 13
// weeks of work at 20,000 kr. that requires it.
func jobOutcomes() []samspil.Outcome {
	return []samspil.Outcome{
		{Code: "JOB_START", Description: "Start i ordinært job", Evidence: "ansættelseskontrakt", PriceOre: 1_000_000, PerParticipantLimit: 1, TargetCount: 20},
		{Code: "JOB13", Description: "13 ugers ordinært job", Evidence: "lønsedler for 13 uger", PriceOre: 2_000_000, PerParticipantLimit: 1,
			Requires: []string{"JOB_START"}, TargetCount: 10, CapCount: intp(2)},
	}
}

func (f *ledgerFixture) enrol(pseudonym, on string) *samspil.Participant {
	f.next++
	p := &samspil.Participant{ID: f.next, ContractID: f.l.Contract.ID, Pseudonym: pseudonym, EnrolledOn: day(on)}
	f.l.Participants = append(f.l.Participants, p)
	return p
}

// claim adds a claim submitted one minute after the previous one.
func (f *ledgerFixture) claim(p *samspil.Participant, code, on string, d samspil.ClaimDecision) *samspil.Claim {
	f.next++
	f.sub = f.sub.Add(time.Minute)
	cl := &samspil.Claim{ID: f.next, ContractID: f.l.Contract.ID, ParticipantID: p.ID, Pseudonym: p.Pseudonym,
		OutcomeCode: code, AchievedOn: day(on), EvidenceRef: "lønseddel", SubmittedAt: f.sub, Decision: d}
	f.l.Claims = append(f.l.Claims, cl)
	return cl
}

// statement builds the statement of [from, to] with the next number and,
// when approve is set, approves it into the ledger.
func (f *ledgerFixture) statement(from, to string, approve bool) *samspil.Statement {
	st := BuildStatement(f.l, Period{Start: DateOf(day(from)), End: DateOf(day(to))}, len(f.l.Statements)+1, day("2028-01-01"))
	if approve {
		st.Status = samspil.StatementApproved
		f.l.Statements = append(f.l.Statements, st)
	}
	return st
}

func TestFromTerms(t *testing.T) {
	f := newFixture(100_000, jobOutcomes()...)
	f.l.Contract.Outcomes[0].WindowDays = intp(90)
	c := FromTerms(42, &f.l.Contract.ContractTerms)
	want := &Contract{ID: "42", Period: Period{Start: DateOf(day("2027-01-01")), End: DateOf(day("2027-12-31"))}, CapOre: 10_000_000,
		Outcomes: []Outcome{
			{Code: "JOB_START", PriceOre: 1_000_000, PerParticipantLimit: 1, Requires: []string{}, WindowDays: intp(90)},
			{Code: "JOB13", PriceOre: 2_000_000, PerParticipantLimit: 1, Requires: []string{"JOB_START"}, CapCount: intp(2)},
		}}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("FromTerms = %+v, want %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("valid terms give an invalid engine contract: %v", err)
	}
	*c.Outcomes[0].WindowDays = 1 // the engine contract shares nothing with the terms
	c.Outcomes[1].Requires[0] = "X"
	if *f.l.Contract.Outcomes[0].WindowDays != 90 || f.l.Contract.Outcomes[1].Requires[0] != "JOB_START" {
		t.Fatal("FromTerms aliases the terms")
	}
}

func TestChecks(t *testing.T) {
	f := newFixture(100_000, jobOutcomes()...)
	a, b := f.enrol("ANNA", "2027-01-05"), f.enrol("BO", "2027-01-05")
	aStart := f.claim(a, "JOB_START", "2027-02-01", samspil.ClaimPending)
	aJob := f.claim(a, "JOB13", "2027-05-01", samspil.ClaimApproved)
	bStart := f.claim(b, "JOB_START", "2027-02-01", samspil.ClaimRejected)
	bJob := f.claim(b, "JOB13", "2027-05-01", samspil.ClaimApproved)
	bEarly := f.claim(b, "JOB_START", "2027-01-01", samspil.ClaimApproved)

	got := Checks(f.l)
	want := map[int64]samspil.ClaimCheck{
		aStart.ID: {AmountOre: 1_000_000, Valid: true},
		aJob.ID:   {AmountOre: 2_000_000, Valid: true}, // a pending prerequisite counts: what it would earn if approved
		bStart.ID: {Reason: ReasonRejected},
		bJob.ID:   {Reason: string(ReasonMissingPrerequisite)}, // the rejected start does not count
		bEarly.ID: {Reason: string(ReasonNotEnrolled)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Checks = %+v\nwant %+v", got, want)
	}
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		name       string
		start, end string
		per        samspil.StatementPeriod
		want       []string
	}{
		{"whole months", "2027-01-01", "2027-03-31", samspil.PeriodMonth,
			[]string{"2027-01-01..2027-01-31", "2027-02-01..2027-02-28", "2027-03-01..2027-03-31"}},
		{"first and last month cut", "2027-01-15", "2027-03-10", samspil.PeriodMonth,
			[]string{"2027-01-15..2027-01-31", "2027-02-01..2027-02-28", "2027-03-01..2027-03-10"}},
		{"over new year and a leap day", "2027-12-20", "2028-02-29", samspil.PeriodMonth,
			[]string{"2027-12-20..2027-12-31", "2028-01-01..2028-01-31", "2028-02-01..2028-02-29"}},
		{"quarters cut", "2027-02-10", "2028-01-05", samspil.PeriodQuarter,
			[]string{"2027-02-10..2027-03-31", "2027-04-01..2027-06-30", "2027-07-01..2027-09-30", "2027-10-01..2027-12-31", "2028-01-01..2028-01-05"}},
		{"one day", "2027-05-05", "2027-05-05", samspil.PeriodQuarter, []string{"2027-05-05..2027-05-05"}},
		{"end before start", "2027-05-05", "2027-05-04", samspil.PeriodMonth, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Periods(&samspil.ContractTerms{PeriodStart: day(tt.start), PeriodEnd: day(tt.end), StatementPeriod: tt.per}) {
				got = append(got, p.Start.String()+".."+p.End.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Periods = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDuePeriod(t *testing.T) {
	stmt := func(from, to string, s samspil.StatementStatus) *samspil.Statement {
		return &samspil.Statement{PeriodStart: day(from), PeriodEnd: day(to), Status: s}
	}
	tests := []struct {
		name   string
		per    samspil.StatementPeriod
		sts    []*samspil.Statement
		today  string
		want   string
		wantOK bool
	}{
		{"first month not over", samspil.PeriodMonth, nil, "2027-01-31", "2027-01-01..2027-01-31", false},
		{"first month over", samspil.PeriodMonth, nil, "2027-02-01", "2027-01-01..2027-01-31", true},
		{"months later the first unstated is due", samspil.PeriodMonth, nil, "2027-06-15", "2027-01-01..2027-01-31", true},
		{"after an approved statement", samspil.PeriodMonth,
			[]*samspil.Statement{stmt("2027-01-01", "2027-01-31", samspil.StatementApproved)}, "2027-03-02", "2027-02-01..2027-02-28", true},
		{"a draft is recalculated", samspil.PeriodMonth,
			[]*samspil.Statement{stmt("2027-01-01", "2027-01-31", samspil.StatementApproved), stmt("2027-02-01", "2027-02-28", samspil.StatementDraft)},
			"2027-04-02", "2027-02-01..2027-02-28", true},
		{"every period approved", samspil.PeriodQuarter,
			[]*samspil.Statement{stmt("2027-01-01", "2027-06-30", samspil.StatementApproved), stmt("2027-07-01", "2027-12-31", samspil.StatementApproved)},
			"2029-01-01", "..", false},
		{"periods changed shape", samspil.PeriodQuarter,
			[]*samspil.Statement{stmt("2027-01-01", "2027-01-31", samspil.StatementApproved)}, "2027-04-01", "2027-02-01..2027-03-31", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(1000, jobOutcomes()...)
			f.l.Contract.StatementPeriod = tt.per
			f.l.Statements = tt.sts
			p, ok := DuePeriod(f.l, day(tt.today))
			got := ".."
			if p != (Period{}) {
				got = p.Start.String() + ".." + p.End.String()
			}
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("DuePeriod = %s %v, want %s %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestDefaultUnitPrices(t *testing.T) {
	prices := DefaultUnitPrices()
	if n := len(prices); n < 5 || n > 8 {
		t.Fatalf("%d default unit prices, want 5–8", n)
	}
	seen := map[string]bool{}
	for _, u := range prices {
		if err := u.Validate(); err != nil {
			t.Errorf("%s: %v", u.Code, err)
		}
		if seen[u.Code] {
			t.Errorf("%s twice", u.Code)
		}
		seen[u.Code] = true
		if u.Note == "" {
			t.Errorf("%s: no note on what the amount covers", u.Code)
		}
		if u.Checked && u.SourceURL == "" {
			t.Errorf("%s: checked against a source without a link", u.Code)
		}
		if !u.Checked && !strings.Contains(u.Note, "SØM") {
			t.Errorf("%s: an unchecked amount must say it has to be checked in SØM", u.Code)
		}
	}
	// The file is strict JSON with known fields only.
	dec := json.NewDecoder(strings.NewReader(string(unitPricesJSON)))
	dec.DisallowUnknownFields()
	var rows []unitPriceSeed
	if err := dec.Decode(&rows); err != nil {
		t.Fatal(err)
	}
}

func TestAggregate(t *testing.T) {
	f := newFixture(100_000, jobOutcomes()...)
	inv := int64(3)
	f.l.Contract.InvestorID, f.l.Contract.Investor = &inv, "Den Sociale Investeringsfond"
	a, b := f.enrol("A", "2027-01-05"), f.enrol("B", "2027-01-06")
	f.enrol("C", "2027-01-07")
	f.claim(a, "JOB_START", "2027-01-20", samspil.ClaimApproved)
	bStart := f.claim(b, "JOB_START", "2027-01-21", samspil.ClaimApproved)
	f.claim(a, "JOB13", "2027-01-25", samspil.ClaimPending)
	f.statement("2027-01-01", "2027-01-31", true)
	bStart.Decision = samspil.ClaimRejected // clawed back in February
	f.claim(a, "JOB13", "2027-02-03", samspil.ClaimApproved)
	f.statement("2027-02-01", "2027-02-28", true)
	f.claim(b, "JOB_START", "2027-03-01", samspil.ClaimApproved) // achieved, not yet paid

	got := Aggregate(f.l)
	want := &samspil.ContractAggregate{
		ContractID: 7, Title: "Job i Vejle", Status: samspil.ContractActive, CommissionerID: 1, Commissioner: "Vejle Kommune",
		ProviderID: 2, Provider: "Grønt Værksted ApS", Investor: "Den Sociale Investeringsfond", TargetGroup: "udsatte_ledige",
		PeriodStart: day("2027-01-01"), PeriodEnd: day("2027-12-31"), CapOre: 10_000_000, CohortTarget: 50, Enrolled: 3,
		PaidOre: 3_000_000,
		Outcomes: []samspil.OutcomeAggregate{
			{Code: "JOB_START", Description: "Start i ordinært job", PriceOre: 1_000_000, TargetCount: 20, Achieved: 2, PaidCount: 1, PaidOre: 1_000_000},
			{Code: "JOB13", Description: "13 ugers ordinært job", PriceOre: 2_000_000, TargetCount: 10, Achieved: 1, PaidCount: 1, PaidOre: 2_000_000},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Aggregate =\n%+v\nwant\n%+v", got, want)
	}
	if js, _ := json.Marshal(got); strings.Contains(string(js), `"A"`) || strings.Contains(string(js), "pseudonym") {
		t.Errorf("the aggregate names a participant: %s", js)
	}
}
