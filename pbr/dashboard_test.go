package pbr

import (
	"reflect"
	"testing"

	"github.com/samspil/samspil"
)

func TestBuildDashboard(t *testing.T) {
	f := newFixture(45_000, jobOutcomes()...)
	f.l.Contract.Outcomes[0].Savings = []samspil.OutcomeSaving{{UnitPriceCode: "KH", Months: 6}}
	f.l.Contract.Outcomes[1].Savings = []samspil.OutcomeSaving{{UnitPriceCode: "KH", Months: 12}, {UnitPriceCode: "SKAT", Months: 12}}
	f.l.UnitPrices = []*samspil.UnitPrice{
		{ID: 1, Code: "KH", AmountOre: 12_000_000, ValidFrom: day("2023-01-01"), Checked: true},
		{ID: 2, Code: "KH", AmountOre: 24_000_000, ValidFrom: day("2027-04-01"), Checked: true}, // after today: not used
		{ID: 3, Code: "SKAT", AmountOre: 6_000_000, ValidFrom: day("2024-01-01"), Checked: false},
	}
	a, b, c := f.enrol("A", "2027-01-05"), f.enrol("B", "2027-02-10"), f.enrol("C", "2027-03-01")
	f.enrol("D", "2027-03-14")
	f.claim(a, "JOB_START", "2027-01-20", samspil.ClaimApproved)
	f.claim(b, "JOB_START", "2027-02-15", samspil.ClaimApproved)
	f.statement("2027-01-01", "2027-01-31", true) // pays A's start: 10,000
	f.statement("2027-02-01", "2027-02-28", true) // pays B's start: 10,000
	f.claim(a, "JOB13", "2027-03-01", samspil.ClaimApproved)
	f.claim(c, "JOB_START", "2027-03-05", samspil.ClaimApproved)
	f.claim(b, "JOB13", "2027-03-10", samspil.ClaimPending)
	f.claim(c, "JOB13", "2027-03-11", samspil.ClaimRejected)
	f.claim(a, "JOB_START", "2027-03-12", samspil.ClaimApproved) // limit reached: not achieved

	d := BuildDashboard(f.l, day("2027-03-15"))
	if d.Enrolled != 4 || d.CohortTarget != 50 || d.CapOre != 4_500_000 || !d.Today.Equal(day("2027-03-15")) {
		t.Errorf("header %+v", d)
	}
	// Earned: 10,000 + 10,000 + 20,000 + 5,000 (the cap leaves 5,000 for C's start);
	// B's pending JOB13 would add nothing more: the cap is reached.
	if d.PaidOre != 2_000_000 || d.EarnedOre != 4_500_000 || d.PendingOre != 0 {
		t.Errorf("paid %d earned %d pending %d", d.PaidOre, d.EarnedOre, d.PendingOre)
	}
	two := 2
	wantOut := []DashOutcome{
		{Code: "JOB_START", Description: "Start i ordinært job", PriceOre: 1_000_000, TargetCount: 20, Achieved: 3, Pending: 0,
			PaidCount: 2, PaidOre: 2_000_000, CostPerOutcomeOre: 1_000_000},
		{Code: "JOB13", Description: "13 ugers ordinært job", PriceOre: 2_000_000, TargetCount: 10, CapCount: &two, Achieved: 1, Pending: 1},
	}
	if !reflect.DeepEqual(d.Outcomes, wantOut) {
		t.Errorf("outcomes\n%+v\nwant\n%+v", d.Outcomes, wantOut)
	}
	wantMonths := []DashMonth{
		{Month: "2027-01", Enrolled: 1, Achieved: map[string]int{"JOB_START": 1, "JOB13": 0}, PaidOre: 1_000_000},
		{Month: "2027-02", Enrolled: 2, Achieved: map[string]int{"JOB_START": 2, "JOB13": 0}, PaidOre: 2_000_000},
		{Month: "2027-03", Enrolled: 4, Achieved: map[string]int{"JOB_START": 3, "JOB13": 1}, PaidOre: 2_000_000},
	}
	if !reflect.DeepEqual(d.Months, wantMonths) {
		t.Errorf("months\n%+v\nwant\n%+v", d.Months, wantMonths)
	}
	// Social value: JOB_START 3 × 120,000 × 6/12 = 180,000; JOB13 1 × 120,000 + 1 × 60,000 = 180,000;
	// gross 360,000, deadweight 20 % → 288,000 net, against 20,000 paid = 14.4 kr. per krone.
	v := d.Value
	if len(v.Lines) != 3 || v.GrossOre != 36_000_000 || v.NetOre != 28_800_000 || v.ReturnPermille != 14_400 || !v.Unchecked {
		t.Errorf("value %+v", v)
	}
	if v.Lines[0].UnitPrice.ID != 1 {
		t.Errorf("used the unit price valid from %v, want the one valid on today", v.Lines[0].UnitPrice.ValidFrom)
	}

	// A cost per outcome rounds half up: 25,000.005 kr. per outcome.
	f.l.Statements[1].Lines[0].AmountOre = 1_000_001
	f.l.Statements[1].TotalOre = 1_000_001
	if got := BuildDashboard(f.l, day("2027-03-15")).Outcomes[0].CostPerOutcomeOre; got != 1_000_001 {
		t.Errorf("cost per outcome %d, want 1,000,001 (2,000,001 / 2 rounded half up)", got)
	}
}

func TestDashboardMonthsBounds(t *testing.T) {
	f := newFixture(1000, jobOutcomes()...)
	if d := BuildDashboard(f.l, day("2026-12-31")); len(d.Months) != 0 {
		t.Errorf("before the start: %d months", len(d.Months))
	}
	d := BuildDashboard(f.l, day("2031-05-01"))
	if len(d.Months) != 12 || d.Months[0].Month != "2027-01" || d.Months[11].Month != "2027-12" {
		t.Errorf("after the end: %d months, %v…", len(d.Months), d.Months[0].Month)
	}
}
