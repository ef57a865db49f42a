package pbr

import (
	"reflect"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

func d(s string) Date {
	x, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func ptr(n int) *int { return &n }

// testContract is the fixture of the engine tests: JOB13 requires
// JOB_START; EDU_START can be earned twice and is paid at most twice.
func testContract() *Contract {
	return &Contract{
		ID:     "K1",
		Period: Period{Start: d("2027-01-01"), End: d("2028-12-31")},
		CapOre: 10_000_000,
		Outcomes: []Outcome{
			{Code: "JOB_START", PriceOre: 1_500_000, PerParticipantLimit: 1, WindowDays: ptr(365)},
			{Code: "JOB13", PriceOre: 3_000_000, PerParticipantLimit: 1, Requires: []string{"JOB_START"}, WindowDays: ptr(540)},
			{Code: "EDU_START", PriceOre: 1_000_000, PerParticipantLimit: 2, CapCount: ptr(2)},
		},
	}
}

var t0 = time.Date(2027, 1, 1, 8, 0, 0, 0, time.UTC)

// cl builds a claim submitted min minutes after t0.
func cl(id, part, outcome, achieved string, min int) Claim {
	return Claim{ID: id, Participant: part, Outcome: outcome, AchievedOn: d(achieved), SubmittedAt: t0.Add(time.Duration(min) * time.Minute)}
}

type want struct {
	amount int64
	reason Reason
	valid  bool
}

var (
	full    = func(amount int64) want { return want{amount, ReasonNone, true} }
	refused = func(r Reason) want { return want{0, r, false} }
)

func TestCalculateReasons(t *testing.T) {
	ps := []Participant{
		{ID: "P1", EnrolledOn: d("2027-01-10")},
		{ID: "P2", EnrolledOn: d("2027-02-01")},
		{ID: "P3", EnrolledOn: d("2027-03-01")},
		{ID: "EARLY", EnrolledOn: d("2026-11-01")},
	}
	tests := []struct {
		name   string
		mod    func(c *Contract)
		claims []Claim
		want   []want
	}{
		{"paid in full", nil,
			[]Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0)},
			[]want{full(1_500_000)}},
		{"unknown outcome first, even for an unknown participant", nil,
			[]Claim{cl("1", "NOBODY", "NOPE", "2030-01-01", 0), cl("2", "P1", "job_start", "2027-02-01", 0)},
			[]want{refused(ReasonUnknownOutcome), refused(ReasonUnknownOutcome)}},
		{"unknown participant", nil,
			[]Claim{cl("1", "NOBODY", "JOB_START", "2027-02-01", 0)},
			[]want{refused(ReasonNotEnrolled)}},
		{"before enrolment beats outside the period", nil,
			[]Claim{cl("1", "P1", "JOB_START", "2027-01-09", 0), cl("2", "P1", "JOB_START", "2026-12-31", 0), cl("3", "P1", "JOB_START", "2027-01-10", 0)},
			[]want{refused(ReasonNotEnrolled), refused(ReasonNotEnrolled), full(1_500_000)}},
		{"outside the period on both ends", nil,
			[]Claim{cl("1", "EARLY", "EDU_START", "2026-12-31", 0), cl("2", "EARLY", "EDU_START", "2029-01-01", 0),
				cl("3", "EARLY", "EDU_START", "2027-01-01", 0), cl("4", "EARLY", "EDU_START", "2028-12-31", 0)},
			[]want{refused(ReasonOutsidePeriod), refused(ReasonOutsidePeriod), full(1_000_000), full(1_000_000)}},
		{"the window is inclusive", nil,
			[]Claim{cl("1", "P1", "JOB_START", "2028-01-11", 0), cl("2", "P2", "JOB_START", "2028-02-01", 0)},
			[]want{refused(ReasonOutsideWindow), full(1_500_000)}},
		{"outside the window beats a missing prerequisite", nil,
			[]Claim{cl("1", "P1", "JOB13", "2028-07-04", 0)},
			[]want{refused(ReasonOutsideWindow)}},
		{"a window of 0 days is the enrolment date only",
			func(c *Contract) { c.Outcomes[2].WindowDays = ptr(0) },
			[]Claim{cl("1", "P1", "EDU_START", "2027-01-10", 0), cl("2", "P1", "EDU_START", "2027-01-11", 0)},
			[]want{full(1_000_000), refused(ReasonOutsideWindow)}},
		{"missing prerequisite", nil,
			[]Claim{cl("1", "P1", "JOB13", "2027-05-01", 0), cl("2", "P1", "JOB_START", "2027-05-02", 0), cl("3", "P1", "JOB13", "2027-05-03", 0)},
			[]want{refused(ReasonMissingPrerequisite), full(1_500_000), full(3_000_000)}},
		{"a prerequisite on the same date counts, whatever was submitted first", nil,
			[]Claim{cl("1", "P1", "JOB13", "2027-05-01", 0), cl("2", "P1", "JOB_START", "2027-05-01", 60)},
			[]want{full(3_000_000), full(1_500_000)}},
		{"an invalid prerequisite does not count", nil,
			[]Claim{cl("1", "P1", "JOB_START", "2028-02-01", 0), cl("2", "P1", "JOB13", "2028-02-02", 0)},
			[]want{refused(ReasonOutsideWindow), refused(ReasonMissingPrerequisite)}},
		{"another participant's prerequisite does not count", nil,
			[]Claim{cl("1", "P2", "JOB_START", "2027-03-01", 0), cl("2", "P1", "JOB13", "2027-04-01", 0)},
			[]want{full(1_500_000), refused(ReasonMissingPrerequisite)}},
		{"duplicate beats limit reached", nil,
			[]Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0), cl("2", "P1", "JOB_START", "2027-02-01", 1)},
			[]want{full(1_500_000), refused(ReasonDuplicate)}},
		{"duplicate under a limit of two; another date is paid", nil,
			[]Claim{cl("1", "P1", "EDU_START", "2027-02-01", 0), cl("2", "P1", "EDU_START", "2027-02-01", 1), cl("3", "P1", "EDU_START", "2027-03-01", 0)},
			[]want{full(1_000_000), refused(ReasonDuplicate), full(1_000_000)}},
		{"a claim that failed rules 1–2 makes no duplicate", nil,
			[]Claim{cl("1", "P1", "JOB13", "2027-02-01", 0), cl("2", "P1", "JOB13", "2027-02-01", 1)},
			[]want{refused(ReasonMissingPrerequisite), refused(ReasonMissingPrerequisite)}},
		{"limit reached", nil,
			[]Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0), cl("2", "P1", "JOB_START", "2027-03-01", 0)},
			[]want{full(1_500_000), refused(ReasonLimitReached)}},
		{"a claim over the limit on the same date as a paid one is a duplicate", nil,
			[]Claim{cl("1", "P1", "EDU_START", "2027-02-01", 0), cl("2", "P1", "EDU_START", "2027-03-01", 0), cl("3", "P1", "EDU_START", "2027-03-01", 5), cl("4", "P1", "EDU_START", "2027-04-01", 0)},
			[]want{full(1_000_000), full(1_000_000), refused(ReasonDuplicate), refused(ReasonLimitReached)}},
		{"count cap reached: valid but unpaid", nil,
			[]Claim{cl("1", "P1", "EDU_START", "2027-04-01", 0), cl("2", "P2", "EDU_START", "2027-04-02", 0), cl("3", "P3", "EDU_START", "2027-04-03", 0)},
			[]want{full(1_000_000), full(1_000_000), {0, ReasonCapCountReached, true}}},
		{"a valid claim left unpaid by a cap still satisfies prerequisites",
			func(c *Contract) { c.Outcomes[0].CapCount = ptr(0) },
			[]Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0), cl("2", "P1", "JOB13", "2027-05-01", 0), cl("3", "P1", "JOB_START", "2027-06-01", 0)},
			[]want{{0, ReasonCapCountReached, true}, full(3_000_000), refused(ReasonLimitReached)}},
		{"the claim that crosses the cap gets the remainder, later ones nothing",
			func(c *Contract) { c.CapOre = 4_000_000 },
			[]Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0), cl("2", "P2", "JOB_START", "2027-02-02", 0), cl("3", "P3", "JOB_START", "2027-03-01", 0), cl("4", "P1", "JOB13", "2027-05-01", 0)},
			[]want{full(1_500_000), full(1_500_000), {1_000_000, ReasonCapPartial, true}, {0, ReasonCapReached, true}}},
		{"a claim that uses exactly the rest of the cap is paid in full",
			func(c *Contract) { c.CapOre = 3_000_000 },
			[]Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0), cl("2", "P2", "JOB_START", "2027-02-02", 0), cl("3", "P3", "EDU_START", "2027-03-01", 0)},
			[]want{full(1_500_000), full(1_500_000), {0, ReasonCapReached, true}}},
		{"the count cap is tested before the total cap",
			func(c *Contract) { c.CapOre = 2_000_000 },
			[]Claim{cl("1", "P1", "EDU_START", "2027-04-01", 0), cl("2", "P2", "EDU_START", "2027-04-02", 0), cl("3", "P3", "EDU_START", "2027-04-03", 0)},
			[]want{full(1_000_000), full(1_000_000), {0, ReasonCapCountReached, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testContract()
			if tt.mod != nil {
				tt.mod(c)
			}
			res, err := Calculate(c, ps, tt.claims)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Lines) != len(tt.want) {
				t.Fatalf("%d lines, want %d", len(res.Lines), len(tt.want))
			}
			var total int64
			for i, w := range tt.want {
				l := res.Lines[i]
				if l.ClaimID != tt.claims[i].ID {
					t.Errorf("line %d is claim %s, want %s (input order)", i, l.ClaimID, tt.claims[i].ID)
				}
				if got := (want{l.AmountOre, l.Reason, l.Valid}); got != w {
					t.Errorf("claim %s: %+v, want %+v", l.ClaimID, got, w)
				}
				total += w.amount
			}
			if res.TotalOre != total {
				t.Errorf("total %d, want %d", res.TotalOre, total)
			}
			if len(res.ByOutcome) != len(c.Outcomes) {
				t.Errorf("by outcome %v: want every outcome", res.ByOutcome)
			}
		})
	}
}

// TestCalculateOrder pins the processing order through the cap: only the
// first claim in the order is paid.
func TestCalculateOrder(t *testing.T) {
	c := testContract()
	c.CapOre = 1_000_000 // one EDU_START
	var ps []Participant
	for _, id := range []string{"A", "B", "C", "D"} {
		ps = append(ps, Participant{ID: id, EnrolledOn: d("2027-01-01")})
	}
	tests := []struct {
		name   string
		claims []Claim
		first  string
	}{
		{"earlier date first", []Claim{cl("1", "A", "EDU_START", "2027-02-02", 0), cl("2", "B", "EDU_START", "2027-02-01", 9)}, "2"},
		{"earlier submission first", []Claim{cl("1", "A", "EDU_START", "2027-02-01", 5), cl("2", "B", "EDU_START", "2027-02-01", 4)}, "2"},
		{"nanoseconds count", []Claim{
			{ID: "1", Participant: "A", Outcome: "EDU_START", AchievedOn: d("2027-02-01"), SubmittedAt: t0.Add(2)},
			{ID: "2", Participant: "B", Outcome: "EDU_START", AchievedOn: d("2027-02-01"), SubmittedAt: t0.Add(1)}}, "2"},
		{"numeric ids as numbers", []Claim{cl("10", "A", "EDU_START", "2027-02-01", 0), cl("9", "B", "EDU_START", "2027-02-01", 0)}, "9"},
		{"equal numbers as strings", []Claim{cl("7", "A", "EDU_START", "2027-02-01", 0), cl("007", "B", "EDU_START", "2027-02-01", 0)}, "007"},
		{"mixed ids as strings", []Claim{cl("C9", "A", "EDU_START", "2027-02-01", 0), cl("C10", "B", "EDU_START", "2027-02-01", 0)}, "C10"},
		{"long numbers", []Claim{cl("123456789012345678901234567890", "A", "EDU_START", "2027-02-01", 0), cl("99999999999999999999", "B", "EDU_START", "2027-02-01", 0)}, "99999999999999999999"},
		{"the time zone of a submission does not matter", []Claim{
			{ID: "1", Participant: "A", Outcome: "EDU_START", AchievedOn: d("2027-02-01"), SubmittedAt: time.Date(2027, 2, 1, 10, 0, 0, 0, time.UTC)},
			{ID: "2", Participant: "B", Outcome: "EDU_START", AchievedOn: d("2027-02-01"), SubmittedAt: time.Date(2027, 2, 1, 10, 30, 0, 0, time.FixedZone("CET", 3600))}}, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Calculate(c, ps, tt.claims)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range res.Lines {
				if (l.AmountOre > 0) != (l.ClaimID == tt.first) {
					t.Errorf("claim %s: %d %q; want only %s paid", l.ClaimID, l.AmountOre, l.Reason, tt.first)
				}
			}
		})
	}
}

// TestCalculateDepth: on one date, a chain of prerequisites is processed
// from the bottom whatever the submission order.
func TestCalculateDepth(t *testing.T) {
	c := &Contract{Period: Period{Start: d("2027-01-01"), End: d("2027-12-31")}, CapOre: 100, Outcomes: []Outcome{
		{Code: "C", PriceOre: 1, PerParticipantLimit: 1, Requires: []string{"B", "A"}},
		{Code: "B", PriceOre: 1, PerParticipantLimit: 1, Requires: []string{"A"}},
		{Code: "A", PriceOre: 1, PerParticipantLimit: 1},
	}}
	ps := []Participant{{ID: "X", EnrolledOn: d("2027-01-01")}}
	res, err := Calculate(c, ps, []Claim{cl("1", "X", "C", "2027-03-01", 0), cl("2", "X", "B", "2027-03-01", 1), cl("3", "X", "A", "2027-03-01", 2)})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range res.Lines {
		if l.AmountOre != 1 || l.Reason != "" {
			t.Errorf("%+v", l)
		}
	}
	if res.TotalOre != 3 || res.ByOutcome["A"] != (OutcomeTotal{1, 1}) {
		t.Errorf("%+v", res)
	}
}

func TestCalculateByOutcome(t *testing.T) {
	c := testContract()
	ps := []Participant{{ID: "P1", EnrolledOn: d("2027-01-10")}}
	res, err := Calculate(c, ps, []Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0), cl("2", "P1", "JOB_START", "2027-02-02", 0)})
	if err != nil {
		t.Fatal(err)
	}
	wantBy := map[string]OutcomeTotal{"JOB_START": {1, 1_500_000}, "JOB13": {}, "EDU_START": {}}
	if !reflect.DeepEqual(res.ByOutcome, wantBy) || res.TotalOre != 1_500_000 {
		t.Errorf("%+v", res)
	}
	// No claims at all: every outcome is still listed.
	res, err = Calculate(c, nil, nil)
	if err != nil || len(res.ByOutcome) != 3 || len(res.Lines) != 0 || res.Lines == nil {
		t.Errorf("%+v %v", res, err)
	}
}

func TestCalculateRefusesDuplicateIDs(t *testing.T) {
	c := testContract()
	ps := []Participant{{ID: "P1", EnrolledOn: d("2027-01-10")}}
	_, err := Calculate(c, ps, []Claim{cl("1", "P1", "JOB_START", "2027-02-01", 0), cl("1", "P1", "EDU_START", "2027-02-01", 0)})
	if e, ok := samspil.AsError(err); !ok || e.Code != samspil.EINVALID || e.Fields[0].Key != "pbr.claim.id_duplicate" {
		t.Errorf("duplicate claim ids: %v", err)
	}
	_, err = Calculate(c, append(ps, ps[0]), nil)
	if e, ok := samspil.AsError(err); !ok || e.Code != samspil.EINVALID || e.Fields[0].Key != "pbr.participant.pseudonym_taken" {
		t.Errorf("duplicate participants: %v", err)
	}
	c.CapOre = 0
	if _, err := Calculate(c, ps, nil); samspil.ErrorCode(err) != samspil.EINVALID {
		t.Errorf("invalid contract: %v", err)
	}
}

func TestContractValidate(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(c *Contract)
		field string
		key   string
	}{
		{"valid", func(c *Contract) {}, "", ""},
		{"end before start", func(c *Contract) { c.Period.End = d("2026-12-31") }, "period", "pbr.period.order"},
		{"end on start", func(c *Contract) { c.Period.End = c.Period.Start }, "period", "pbr.period.order"},
		{"no cap", func(c *Contract) { c.CapOre = 0 }, "cap_ore", "pbr.cap.required"},
		{"negative cap", func(c *Contract) { c.CapOre = -1 }, "cap_ore", "pbr.cap.required"},
		{"no outcomes", func(c *Contract) { c.Outcomes = nil }, "outcomes", "pbr.outcomes.required"},
		{"too many outcomes", func(c *Contract) {
			for i := 0; i < samspil.MaxContractOutcomes; i++ {
				c.Outcomes = append(c.Outcomes, Outcome{Code: "X" + string(rune('A'+i%26)) + string(rune('A'+i/26)), PriceOre: 1, PerParticipantLimit: 1})
			}
		}, "outcomes", "pbr.outcomes.too_many"},
		{"empty code", func(c *Contract) { c.Outcomes[1].Code = ""; c.Outcomes[1].Requires = nil }, "outcomes.1.code", "pbr.outcome.code_required"},
		{"lower-case code", func(c *Contract) { c.Outcomes[2].Code = "edu" }, "outcomes.2.code", "pbr.outcome.code_invalid"},
		{"long code", func(c *Contract) { c.Outcomes[2].Code = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456" }, "outcomes.2.code", "pbr.outcome.code_invalid"},
		{"code twice", func(c *Contract) { c.Outcomes[2].Code = "JOB13" }, "outcomes.2.code", "pbr.outcome.code_duplicate"},
		{"price 0", func(c *Contract) { c.Outcomes[0].PriceOre = 0 }, "outcomes.0.price_ore", "pbr.outcome.price_required"},
		{"negative price", func(c *Contract) { c.Outcomes[0].PriceOre = -5 }, "outcomes.0.price_ore", "pbr.outcome.price_required"},
		{"limit 0", func(c *Contract) { c.Outcomes[1].PerParticipantLimit = 0 }, "outcomes.1.per_participant_limit", "pbr.outcome.limit_invalid"},
		{"negative window", func(c *Contract) { c.Outcomes[0].WindowDays = ptr(-1) }, "outcomes.0.window_days", "pbr.outcome.window_invalid"},
		{"window 0", func(c *Contract) { c.Outcomes[0].WindowDays = ptr(0) }, "", ""},
		{"negative count cap", func(c *Contract) { c.Outcomes[2].CapCount = ptr(-1) }, "outcomes.2.cap_count", "pbr.outcome.cap_count_invalid"},
		{"count cap 0", func(c *Contract) { c.Outcomes[2].CapCount = ptr(0) }, "", ""},
		{"unknown prerequisite", func(c *Contract) { c.Outcomes[1].Requires = []string{"JOB_STRAT"} }, "outcomes.1.requires", "pbr.outcome.requires_unknown"},
		{"requires itself", func(c *Contract) { c.Outcomes[0].Requires = []string{"JOB_START"} }, "outcomes.0.requires", "pbr.outcome.requires_unknown"},
		{"cycle", func(c *Contract) {
			c.Outcomes[0].Requires = []string{"EDU_START"}
			c.Outcomes[2].Requires = []string{"JOB13"}
		}, "outcomes", "pbr.outcome.requires_cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testContract()
			tt.mod(c)
			err := c.Validate()
			if tt.key == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID || len(e.Fields) == 0 {
				t.Fatalf("got %v", err)
			}
			if e.Fields[0].Field != tt.field || e.Fields[0].Key != tt.key {
				t.Errorf("first problem %s %s, want %s %s (all: %v)", e.Fields[0].Field, e.Fields[0].Key, tt.field, tt.key, e.Fields)
			}
		})
	}
}

func TestDateText(t *testing.T) {
	x := d("2027-03-31")
	b, _ := x.MarshalText()
	if string(b) != "2027-03-31" || x.Time() != time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC) {
		t.Errorf("%s %v", b, x.Time())
	}
	for _, bad := range []string{"", "2027-3-31", "31-03-2027", "2027-02-30", "2027-03-31T00:00:00Z", " 2027-03-31"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	if d("1969-12-31") != -1 {
		t.Error("dates before 1970 are negative days")
	}
}

func TestDuplicateClaimID(t *testing.T) {
	tests := []struct {
		ids  []string
		dup  string
		want bool
	}{
		{[]string{"1", "2", "3"}, "", false},
		{[]string{"3", "2", "3"}, "3", true},    // dense numbers: the bitmap
		{[]string{"1", "01", "001"}, "", false}, // leading zeros are other ids
		{[]string{"5", "900000000000", "5"}, "5", true},
		{[]string{"C1", "C2", "C1"}, "C1", true},
		{[]string{"123456789012345678901", "123456789012345678901"}, "123456789012345678901", true},
		{nil, "", false},
	}
	for _, tt := range tests {
		var cs []Claim
		for _, id := range tt.ids {
			cs = append(cs, Claim{ID: id})
		}
		if dup, ok := duplicateClaimID(cs); dup != tt.dup || ok != tt.want {
			t.Errorf("%v: %q %v", tt.ids, dup, ok)
		}
	}
}

// TestCalculateSpreadDates: claims centuries apart are ordered in one sort
// instead of by date buckets, with the same rules.
func TestCalculateSpreadDates(t *testing.T) {
	c := testContract()
	c.Period = Period{Start: d("1900-01-01"), End: d("2199-12-31")}
	c.Outcomes[0].WindowDays = nil
	c.Outcomes[1].WindowDays = nil
	ps := []Participant{{ID: "P", EnrolledOn: d("1900-01-01")}}
	res, err := Calculate(c, ps, []Claim{cl("1", "P", "JOB13", "2199-12-31", 0), cl("2", "P", "JOB_START", "1900-01-01", 5), cl("3", "P", "JOB_START", "2000-01-01", 0)})
	if err != nil {
		t.Fatal(err)
	}
	got := []Reason{res.Lines[0].Reason, res.Lines[1].Reason, res.Lines[2].Reason}
	if !reflect.DeepEqual(got, []Reason{"", "", ReasonLimitReached}) || res.TotalOre != 4_500_000 {
		t.Errorf("%+v", res)
	}
}
