package pbr

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/samspil/samspil"
)

// lineString is a compact, readable form of a statement line.
func lineString(ln samspil.StatementLine) string {
	s := fmt.Sprintf("%s %s %s %s earned=%d before=%d amount=%d cut=%d", ln.Kind, ln.Pseudonym, ln.OutcomeCode,
		ln.AchievedOn.Format("01-02"), ln.EarnedOre/100, ln.PaidBefore/100, ln.AmountOre/100, ln.CutOre/100)
	if ln.Reason != "" {
		s += " " + ln.Reason
	}
	return s
}

func TestBuildStatement(t *testing.T) {
	tests := []struct {
		name string
		// build makes the ledger and returns the statement under test.
		build     func(f *ledgerFixture) *samspil.Statement
		lines     []string
		total     int64 // kroner
		before    int64 // kroner
		amendment int
	}{
		{
			name: "the cap is crossed in one statement",
			build: func(f *ledgerFixture) *samspil.Statement {
				for i, name := range []string{"A", "B", "C", "D"} {
					p := f.enrol(name, "2027-01-02")
					f.claim(p, "JOB_START", fmt.Sprintf("2027-01-%02d", 10+i), samspil.ClaimApproved)
				}
				return f.statement("2027-01-01", "2027-01-31", false)
			},
			lines: []string{
				"claim A JOB_START 01-10 earned=10000 before=0 amount=10000 cut=0",
				"claim B JOB_START 01-11 earned=10000 before=0 amount=10000 cut=0",
				"claim C JOB_START 01-12 earned=5000 before=0 amount=5000 cut=5000 cap_partial",
				"claim D JOB_START 01-13 earned=0 before=0 amount=0 cut=10000 cap_reached",
			},
			total: 25_000,
		},
		{
			name: "a late claim comes in the next statement",
			build: func(f *ledgerFixture) *samspil.Statement {
				a, b := f.enrol("A", "2027-01-02"), f.enrol("B", "2027-01-02")
				f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
				f.claim(b, "JOB_START", "2027-02-03", samspil.ClaimApproved) // after the first period: waits
				late := f.claim(b, "JOB_START", "2027-01-20", samspil.ClaimPending)
				f.statement("2027-01-01", "2027-01-31", true)
				late.Decision = samspil.ClaimApproved // approved after the January statement
				return f.statement("2027-02-01", "2027-02-28", false)
			},
			lines: []string{
				"claim B JOB_START 01-20 earned=10000 before=0 amount=10000 cut=0",
				"claim B JOB_START 02-03 earned=0 before=0 amount=0 cut=10000 limit_reached",
			},
			total: 10_000, before: 10_000,
		},
		{
			name: "a withdrawn approval is clawed back",
			build: func(f *ledgerFixture) *samspil.Statement {
				a, b := f.enrol("A", "2027-01-02"), f.enrol("B", "2027-01-02")
				ca := f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
				cb := f.claim(b, "JOB_START", "2027-01-11", samspil.ClaimApproved)
				f.statement("2027-01-01", "2027-01-31", true)
				ca.Decision = samspil.ClaimRejected
				cb.Decision = samspil.ClaimPending
				return f.statement("2027-02-01", "2027-02-28", false)
			},
			lines: []string{
				"adjustment A JOB_START 01-10 earned=0 before=10000 amount=-10000 cut=10000 rejected",
				"adjustment B JOB_START 01-11 earned=0 before=10000 amount=-10000 cut=10000 pending",
			},
			total: -20_000, before: 20_000,
		},
		{
			name: "a withdrawn prerequisite claws back what required it",
			build: func(f *ledgerFixture) *samspil.Statement {
				a := f.enrol("A", "2027-01-02")
				start := f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
				f.claim(a, "JOB13", "2027-01-10", samspil.ClaimApproved) // same day: the prerequisite goes first
				f.statement("2027-01-01", "2027-01-31", true)
				start.Decision = samspil.ClaimRejected
				return f.statement("2027-02-01", "2027-02-28", false)
			},
			lines: []string{
				"adjustment A JOB_START 01-10 earned=0 before=10000 amount=-10000 cut=10000 rejected",
				"adjustment A JOB13 01-10 earned=0 before=15000 amount=-15000 cut=20000 missing_prerequisite",
			},
			total: -25_000, before: 25_000,
		},
		{
			name: "an amendment raising a price gives adjustments",
			build: func(f *ledgerFixture) *samspil.Statement {
				a, b := f.enrol("A", "2027-01-02"), f.enrol("B", "2027-01-02")
				f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
				f.claim(b, "JOB_START", "2027-01-11", samspil.ClaimApproved)
				f.statement("2027-01-01", "2027-01-31", true)
				f.l.Contract.Outcomes[0].PriceOre = 1_200_000
				f.l.Contract.CapOre = 10_000_000
				f.l.Contract.Amendment = 1
				f.claim(b, "JOB13", "2027-02-15", samspil.ClaimApproved)
				return f.statement("2027-02-01", "2027-02-28", false)
			},
			lines: []string{
				"adjustment A JOB_START 01-10 earned=12000 before=10000 amount=2000 cut=0",
				"adjustment B JOB_START 01-11 earned=12000 before=10000 amount=2000 cut=0",
				"claim B JOB13 02-15 earned=20000 before=0 amount=20000 cut=0",
			},
			total: 24_000, before: 20_000, amendment: 1,
		},
		{
			name: "nothing new means no lines",
			build: func(f *ledgerFixture) *samspil.Statement {
				a := f.enrol("A", "2027-01-02")
				f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
				f.claim(a, "JOB13", "2027-03-10", samspil.ClaimPending)
				f.claim(a, "JOB13", "2027-03-11", samspil.ClaimRejected)
				f.statement("2027-01-01", "2027-01-31", true)
				return f.statement("2027-02-01", "2027-02-28", false)
			},
			total: 0, before: 10_000,
		},
		{
			name: "a late claim earlier in the order moves the cap to it",
			build: func(f *ledgerFixture) *samspil.Statement {
				a, b, c, d := f.enrol("A", "2027-01-02"), f.enrol("B", "2027-01-02"), f.enrol("C", "2027-01-02"), f.enrol("D", "2027-01-02")
				f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
				f.claim(b, "JOB_START", "2027-01-20", samspil.ClaimApproved)
				f.claim(c, "JOB_START", "2027-01-25", samspil.ClaimApproved)
				late := f.claim(d, "JOB_START", "2027-01-05", samspil.ClaimPending)
				f.statement("2027-01-01", "2027-01-31", true)
				late.Decision = samspil.ClaimApproved
				return f.statement("2027-02-01", "2027-02-28", false)
			},
			lines: []string{
				"claim D JOB_START 01-05 earned=10000 before=0 amount=10000 cut=0",
				"adjustment B JOB_START 01-20 earned=5000 before=10000 amount=-5000 cut=5000 cap_partial",
				"adjustment C JOB_START 01-25 earned=0 before=5000 amount=-5000 cut=10000 cap_reached",
			},
			total: 0, before: 25_000,
		},
		{
			name: "a claim stated at nothing is paid later when an amendment raises the cap",
			build: func(f *ledgerFixture) *samspil.Statement {
				for i, name := range []string{"A", "B", "C", "D"} {
					p := f.enrol(name, "2027-01-02")
					f.claim(p, "JOB_START", fmt.Sprintf("2027-01-%02d", 10+i), samspil.ClaimApproved)
				}
				f.statement("2027-01-01", "2027-01-31", true)
				f.l.Contract.CapOre = 4_000_000
				f.l.Contract.Amendment = 1
				return f.statement("2027-02-01", "2027-02-28", false)
			},
			lines: []string{
				"adjustment C JOB_START 01-12 earned=10000 before=5000 amount=5000 cut=0",
				"adjustment D JOB_START 01-13 earned=10000 before=0 amount=10000 cut=0",
			},
			total: 15_000, before: 25_000, amendment: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(25_000, jobOutcomes()...)
			st := tt.build(f)
			var got []string
			for _, ln := range st.Lines {
				got = append(got, lineString(ln))
				if ln.AmountOre != ln.EarnedOre-ln.PaidBefore || ln.CutOre != ln.PriceOre-ln.EarnedOre {
					t.Errorf("inconsistent line %s", lineString(ln))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.lines, "\n") {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
			if st.Lines == nil {
				t.Error("Lines is nil; want an empty list")
			}
			if st.TotalOre != tt.total*100 || st.PaidBeforeOre != tt.before*100 || st.Amendment != tt.amendment {
				t.Errorf("total %d, paid before %d, amendment %d; want %d, %d, %d", st.TotalOre/100, st.PaidBeforeOre/100, st.Amendment, tt.total, tt.before, tt.amendment)
			}
			if st.CapOre != f.l.Contract.CapOre || st.ContractID != f.l.Contract.ID || st.Status != samspil.StatementDraft {
				t.Errorf("header %+v", st)
			}
			if st.PaidToDateOre() > st.CapOre || st.RemainingCapOre() < 0 {
				t.Errorf("paid to date %d exceeds the cap %d", st.PaidToDateOre(), st.CapOre)
			}
			var byOutcome int64
			for _, so := range st.ByOutcome {
				byOutcome += so.AmountOre
			}
			if byOutcome != st.TotalOre {
				t.Errorf("per-outcome amounts add up to %d, total %d", byOutcome, st.TotalOre)
			}
		})
	}
}

// TestStatementNeverExceedsCap approves one statement a month while
// claims arrive late, are rejected and re-approved, and checks that no
// statement lets the contract pay more than its cap.
func TestStatementNeverExceedsCap(t *testing.T) {
	f := newFixture(55_000, jobOutcomes()...)
	var claims []*samspil.Claim
	for i := range 12 {
		p := f.enrol(fmt.Sprintf("P%02d", i), "2027-01-02")
		claims = append(claims, f.claim(p, "JOB_START", fmt.Sprintf("2027-%02d-%02d", 1+i%4, 28-i), samspil.ClaimPending))
		claims = append(claims, f.claim(p, "JOB13", fmt.Sprintf("2027-%02d-28", 2+i%4), samspil.ClaimPending))
	}
	for m, p := range Periods(&f.l.Contract.ContractTerms)[:8] {
		// Each month approves a different slice of the claims and rejects one stated before.
		for i, cl := range claims {
			if (i+m)%3 == 0 {
				cl.Decision = samspil.ClaimApproved
			}
		}
		claims[(m*5)%len(claims)].Decision = samspil.ClaimRejected
		st := BuildStatement(f.l, p, m+1, day("2028-01-01"))
		if st.PaidToDateOre() > st.CapOre {
			t.Fatalf("statement %d pays %d to date over the cap %d", m+1, st.PaidToDateOre(), st.CapOre)
		}
		var paid int64
		for _, so := range st.ByOutcome {
			paid += so.PaidOreToDate
		}
		if paid != st.PaidToDateOre() {
			t.Fatalf("statement %d: per-outcome paid to date %d, statement %d", m+1, paid, st.PaidToDateOre())
		}
		st.Status = samspil.StatementApproved
		f.l.Statements = append(f.l.Statements, st)
	}
}

func TestStatementOrderAndOutcomes(t *testing.T) {
	f := newFixture(1_000_000, jobOutcomes()...)
	a, b, c := f.enrol("A", "2027-01-02"), f.enrol("B", "2027-01-02"), f.enrol("C", "2027-01-02")
	// Submitted in the opposite order of processing.
	f.claim(c, "JOB13", "2027-01-20", samspil.ClaimApproved)
	f.claim(c, "JOB_START", "2027-01-20", samspil.ClaimApproved)
	f.claim(b, "JOB13", "2027-01-15", samspil.ClaimApproved)
	f.claim(b, "JOB_START", "2027-01-15", samspil.ClaimApproved)
	f.claim(a, "JOB13", "2027-01-12", samspil.ClaimApproved)
	f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
	f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved) // a duplicate
	f.claim(a, "JOB_START", "2027-02-01", samspil.ClaimApproved) // after the period

	st := f.statement("2027-01-01", "2027-01-31", false)
	var got []string
	for _, ln := range st.Lines {
		got = append(got, lineString(ln))
	}
	want := []string{
		"claim A JOB_START 01-10 earned=10000 before=0 amount=10000 cut=0",
		"claim A JOB_START 01-10 earned=0 before=0 amount=0 cut=10000 duplicate",
		"claim A JOB13 01-12 earned=20000 before=0 amount=20000 cut=0",
		"claim B JOB_START 01-15 earned=10000 before=0 amount=10000 cut=0",
		"claim B JOB13 01-15 earned=20000 before=0 amount=20000 cut=0",
		"claim C JOB_START 01-20 earned=10000 before=0 amount=10000 cut=0",
		"claim C JOB13 01-20 earned=0 before=0 amount=0 cut=20000 cap_count_reached",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	two := 2
	wantOut := []samspil.StatementOutcome{
		{Code: "JOB_START", Count: 3, AmountOre: 3_000_000, PaidCountToDate: 3, PaidOreToDate: 3_000_000, TargetCount: 20, PriceOre: 1_000_000, CutOre: 1_000_000},
		{Code: "JOB13", Count: 2, AmountOre: 4_000_000, PaidCountToDate: 2, PaidOreToDate: 4_000_000, CapCount: &two, TargetCount: 10, PriceOre: 2_000_000, CutOre: 2_000_000},
	}
	if !reflect.DeepEqual(st.ByOutcome, wantOut) {
		t.Fatalf("by outcome:\n%+v\nwant\n%+v", st.ByOutcome, wantOut)
	}
	if st.PeriodStart != day("2027-01-01") || st.PeriodEnd != day("2027-01-31") || st.Number != 1 || !st.CalculatedAt.Equal(day("2028-01-01")) {
		t.Errorf("header %v %v %d %v", st.PeriodStart, st.PeriodEnd, st.Number, st.CalculatedAt)
	}

	// Approve it; February then states the late claim and counts to date.
	st.Status = samspil.StatementApproved
	f.l.Statements = append(f.l.Statements, st)
	feb := f.statement("2027-02-01", "2027-02-28", false)
	if len(feb.Lines) != 1 || feb.Lines[0].Reason != string(ReasonLimitReached) {
		t.Fatalf("february lines %v", feb.Lines)
	}
	if so := feb.ByOutcome[0]; so.Count != 0 || so.PaidCountToDate != 3 || so.PaidOreToDate != 3_000_000 || so.CutOre != 1_000_000 {
		t.Errorf("february JOB_START %+v", so)
	}
}

// TestStatementRemovedOutcome: an amendment that takes an outcome off the
// rate card claws back what was paid for it, and the statement still
// reports the outcome.
func TestStatementRemovedOutcome(t *testing.T) {
	f := newFixture(100_000, jobOutcomes()...)
	a := f.enrol("A", "2027-01-02")
	f.claim(a, "JOB_START", "2027-01-10", samspil.ClaimApproved)
	f.claim(a, "JOB13", "2027-01-20", samspil.ClaimApproved)
	f.statement("2027-01-01", "2027-01-31", true)
	f.l.Contract.Outcomes = f.l.Contract.Outcomes[:1]
	st := f.statement("2027-02-01", "2027-02-28", false)
	if len(st.Lines) != 1 || lineString(st.Lines[0]) != "adjustment A JOB13 01-20 earned=0 before=20000 amount=-20000 cut=20000 unknown_outcome" {
		t.Fatalf("lines %v", st.Lines)
	}
	if len(st.ByOutcome) != 2 || st.ByOutcome[1].Code != "JOB13" || st.ByOutcome[1].AmountOre != -2_000_000 {
		t.Fatalf("by outcome %+v", st.ByOutcome)
	}
}
