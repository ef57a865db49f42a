package samspil

import (
	"slices"
	"testing"
	"time"
)

func pbrDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func validContract() *OutcomeContract {
	window := 365
	return &OutcomeContract{
		Title: "Job til udsatte ledige", TargetGroup: "udsatte_ledige", CommissionerID: 1, ProviderID: 2,
		ContractTerms: ContractTerms{
			PeriodStart: pbrDay(2027, 1, 1), PeriodEnd: pbrDay(2028, 12, 31), CapOre: 100_000_00,
			CohortTarget: 40, StatementPeriod: PeriodQuarter,
			Outcomes: []Outcome{
				{Code: "JOB_START", Description: "Start i ordinært job", Evidence: "Ansættelseskontrakt", PriceOre: 15_000_00, PerParticipantLimit: 1, WindowDays: &window},
				{Code: "job13", Description: "13 uger i job", Evidence: "Lønsedler for 13 uger", PriceOre: 25_000_00, PerParticipantLimit: 1, Requires: []string{"JOB_START"}},
			},
		},
	}
}

// fieldsOf returns the field names of a validation error, or nil.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := AsError(err)
	if !ok || e.Code != EINVALID {
		t.Fatalf("want EINVALID, got %v", err)
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+"="+f.Key)
	}
	return out
}

func TestOutcomeContractValidate(t *testing.T) {
	now := pbrDay(2026, 11, 28)
	neg := -1
	for _, tc := range []struct {
		name   string
		change func(c *OutcomeContract)
		want   []string // field=key pairs that must be among the errors; nil: valid
	}{
		{"valid", func(c *OutcomeContract) {}, nil},
		{"missing title", func(c *OutcomeContract) { c.Title = "  " }, []string{"title=pbr.title.required"}},
		{"same provider", func(c *OutcomeContract) { c.ProviderID = 1 }, []string{"provider_id=pbr.provider.same"}},
		{"investor is a party", func(c *OutcomeContract) { id := int64(2); c.InvestorID = &id }, []string{"investor_id=pbr.investor.same"}},
		{"period order", func(c *OutcomeContract) { c.PeriodEnd = c.PeriodStart }, []string{"period_end=pbr.period.order"}},
		{"period too long", func(c *OutcomeContract) { c.PeriodEnd = c.PeriodStart.AddDate(11, 0, 0) }, []string{"period_end=pbr.period.too_long"}},
		{"no cap", func(c *OutcomeContract) { c.CapOre = 0 }, []string{"cap_ore=pbr.cap.required"}},
		{"statement period", func(c *OutcomeContract) { c.StatementPeriod = "week" }, []string{"statement_period=pbr.statement_period.invalid"}},
		{"deadweight", func(c *OutcomeContract) { c.DeadweightPct = 101 }, []string{"deadweight_pct=pbr.deadweight.invalid"}},
		{"no outcomes", func(c *OutcomeContract) { c.Outcomes = nil }, []string{"outcomes=pbr.outcomes.required"}},
		{"negative price", func(c *OutcomeContract) { c.Outcomes[0].PriceOre = -1 }, []string{"outcomes.0.price_ore=pbr.outcome.price_required"}},
		{"zero limit", func(c *OutcomeContract) { c.Outcomes[1].PerParticipantLimit = 0 }, []string{"outcomes.1.per_participant_limit=pbr.outcome.limit_invalid"}},
		{"bad code", func(c *OutcomeContract) { c.Outcomes[0].Code = "JOB-START" }, []string{"outcomes.0.code=pbr.outcome.code_invalid"}},
		{"duplicate code", func(c *OutcomeContract) { c.Outcomes[1].Code = "job_start" }, []string{"outcomes.1.code=pbr.outcome.code_duplicate"}},
		{"unknown prerequisite", func(c *OutcomeContract) { c.Outcomes[1].Requires = []string{"EDU"} }, []string{"outcomes.1.requires=pbr.outcome.requires_unknown"}},
		{"prerequisite cycle", func(c *OutcomeContract) { c.Outcomes[0].Requires = []string{"JOB13"} }, []string{"outcomes=pbr.outcome.requires_cycle"}},
		{"negative window", func(c *OutcomeContract) { c.Outcomes[0].WindowDays = &neg }, []string{"outcomes.0.window_days=pbr.outcome.window_invalid"}},
		{"negative cap count", func(c *OutcomeContract) { c.Outcomes[0].CapCount = &neg }, []string{"outcomes.0.cap_count=pbr.outcome.cap_count_invalid"}},
		{"bad saving", func(c *OutcomeContract) { c.Outcomes[0].Savings = []OutcomeSaving{{UnitPriceCode: "X", Months: 0}} }, []string{"outcomes.0.savings=pbr.outcome.saving_invalid"}},
		{"CPR in evidence", func(c *OutcomeContract) { c.Outcomes[0].Evidence = "Se 010190-1234" }, []string{"outcomes.0.evidence=cpr.refused"}},
		{"CPR in summary", func(c *OutcomeContract) { c.Summary = "Deltager 0101901234" }, []string{"summary=cpr.refused"}},
		{"every problem at once", func(c *OutcomeContract) { c.Title, c.CapOre, c.Outcomes[0].PriceOre = "", 0, 0 },
			[]string{"title=pbr.title.required", "cap_ore=pbr.cap.required", "outcomes.0.price_ore=pbr.outcome.price_required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := validContract()
			tc.change(c)
			got := fieldsOf(t, c.Validate(now))
			if tc.want == nil && got != nil {
				t.Fatalf("want valid, got %v", got)
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s in %v", w, got)
				}
			}
		})
	}
	c := validContract()
	if err := c.Validate(now); err != nil || c.Outcomes[1].Code != "JOB13" {
		t.Fatalf("codes are upper-cased: %q, %v", c.Outcomes[1].Code, err)
	}
}

func TestParticipantAndClaimValidate(t *testing.T) {
	now := pbrDay(2027, 6, 1)
	c := validContract()
	p := &Participant{Pseudonym: "D-0001", EnrolledOn: pbrDay(2027, 2, 1), AgeBand: "25-29"}
	if err := p.Validate(c, now); err != nil {
		t.Fatalf("valid participant: %v", err)
	}
	for _, tc := range []struct {
		name string
		p    Participant
		want string
	}{
		{"CPR with dash", Participant{Pseudonym: "010190-1234", EnrolledOn: pbrDay(2027, 2, 1)}, "pseudonym=cpr.refused"},
		{"CPR as ten digits", Participant{Pseudonym: "3112991234", EnrolledOn: pbrDay(2027, 2, 1)}, "pseudonym=cpr.refused"},
		{"no pseudonym", Participant{EnrolledOn: pbrDay(2027, 2, 1)}, "pseudonym=pbr.participant.pseudonym_required"},
		{"future enrolment", Participant{Pseudonym: "A", EnrolledOn: pbrDay(2027, 6, 2)}, "enrolled_on=pbr.participant.enrolled_future"},
		{"before the period", Participant{Pseudonym: "A", EnrolledOn: pbrDay(2026, 12, 31)}, "enrolled_on=pbr.participant.enrolled_outside"},
		{"unknown band", Participant{Pseudonym: "A", EnrolledOn: pbrDay(2027, 2, 1), BenefitType: "løn"}, "benefit_type=pbr.participant.band_invalid"},
	} {
		got := fieldsOf(t, tc.p.Validate(c, now))
		if !slices.Contains(got, tc.want) {
			t.Errorf("%s: missing %s in %v", tc.name, tc.want, got)
		}
	}
	// Ten digits that do not start with a date are not a CPR number.
	if err := (&Participant{Pseudonym: "9913001234", EnrolledOn: pbrDay(2027, 2, 1)}).Validate(c, now); err != nil {
		t.Errorf("a number that is not a date was refused: %v", err)
	}

	ok := Claim{Pseudonym: "D-0001", OutcomeCode: "job_start", AchievedOn: pbrDay(2027, 3, 1), EvidenceRef: "kontrakt 7"}
	if err := ok.Validate(c, p, now); err != nil || ok.OutcomeCode != "JOB_START" {
		t.Fatalf("valid claim: %v (%s)", err, ok.OutcomeCode)
	}
	for _, tc := range []struct {
		name string
		cl   Claim
		p    *Participant
		want string
	}{
		{"unknown participant", Claim{Pseudonym: "X", OutcomeCode: "JOB_START", AchievedOn: pbrDay(2027, 3, 1), EvidenceRef: "r"}, nil, "participant=pbr.claim.participant_unknown"},
		{"CPR as participant", Claim{Pseudonym: "010190-1234", OutcomeCode: "JOB_START", AchievedOn: pbrDay(2027, 3, 1), EvidenceRef: "r"}, nil, "participant=cpr.refused"},
		{"unknown outcome", Claim{Pseudonym: "D-0001", OutcomeCode: "EDU", AchievedOn: pbrDay(2027, 3, 1), EvidenceRef: "r"}, p, "outcome=pbr.claim.outcome_unknown"},
		{"future", Claim{Pseudonym: "D-0001", OutcomeCode: "JOB_START", AchievedOn: pbrDay(2027, 6, 2), EvidenceRef: "r"}, p, "achieved_on=pbr.claim.date_future"},
		{"before enrolment", Claim{Pseudonym: "D-0001", OutcomeCode: "JOB_START", AchievedOn: pbrDay(2027, 1, 31), EvidenceRef: "r"}, p, "achieved_on=pbr.claim.before_enrolment"},
		{"no evidence", Claim{Pseudonym: "D-0001", OutcomeCode: "JOB_START", AchievedOn: pbrDay(2027, 3, 1)}, p, "evidence_ref=pbr.claim.evidence_required"},
		{"CPR in evidence", Claim{Pseudonym: "D-0001", OutcomeCode: "JOB_START", AchievedOn: pbrDay(2027, 3, 1), EvidenceRef: "lønseddel 010190-1234"}, p, "evidence_ref=cpr.refused"},
	} {
		got := fieldsOf(t, tc.cl.Validate(c, tc.p, now))
		if !slices.Contains(got, tc.want) {
			t.Errorf("%s: missing %s in %v", tc.name, tc.want, got)
		}
	}
}

func TestUnitPriceValidate(t *testing.T) {
	u := UnitPrice{Code: "kontanthjaelp_aar", NameDA: "Kontanthjælp", NameEN: "Social assistance", AmountOre: 143_000_00,
		Source: "Beskæftigelsesministeriet, satser 2026", ValidFrom: pbrDay(2026, 1, 1)}
	if err := u.Validate(); err != nil || u.Code != "KONTANTHJAELP_AAR" {
		t.Fatalf("valid unit price: %v (%s)", err, u.Code)
	}
	bad := UnitPrice{Code: "æ", SourceURL: "ftp://x", Note: "spurgt 0101901234"}
	got := fieldsOf(t, bad.Validate())
	for _, w := range []string{"code=pbr.unit_price.code_invalid", "name_da=pbr.unit_price.name_required", "amount_ore=pbr.unit_price.amount_invalid",
		"source=pbr.unit_price.source_required", "source_url=pbr.unit_price.url_invalid", "valid_from=pbr.unit_price.valid_from_required", "note=cpr.refused"} {
		if !slices.Contains(got, w) {
			t.Errorf("missing %s in %v", w, got)
		}
	}
}

func TestContractRights(t *testing.T) {
	investor := int64(3)
	c := validContract()
	c.InvestorID = &investor
	member := func(org int64, kind OrgKind) *Principal {
		return &Principal{User: &User{ID: 10}, Memberships: []*Membership{{OrganisationID: org, Status: MembershipActive, Role: RoleMember, OrganisationKind: kind}}}
	}
	admin := &Principal{User: &User{ID: 1, IsAdmin: true}}
	comm, prov, inv, stranger := member(1, OrgKommune), member(2, OrgSOV), member(3, OrgAndet), member(9, OrgSOV)
	type row struct {
		p                                                         *Principal
		view, participants, edit, propose, submit, decide, create bool
	}
	check := func(status ContractStatus, rows map[string]row) {
		t.Helper()
		c.Status = status
		for name, r := range rows {
			got := row{r.p, r.p.CanViewContract(c), r.p.CanViewParticipants(c), r.p.CanEditContract(c), r.p.CanProposeAmendment(c),
				r.p.CanSubmitClaims(c), r.p.CanDecideClaims(c), r.p.CanCreateContract(1)}
			if got != r {
				t.Errorf("%s, %s: got %+v, want %+v", status, name, got, r)
			}
		}
	}
	check(ContractDraft, map[string]row{
		"commissioner": {comm, true, true, true, false, false, false, true},
		"provider":     {prov, true, true, false, false, false, false, false},
		"investor":     {inv, true, false, false, false, false, false, false},
		"admin":        {admin, true, false, false, false, false, false, false},
		"stranger":     {stranger, false, false, false, false, false, false, false},
		"anonymous":    {nil, false, false, false, false, false, false, false},
	})
	check(ContractActive, map[string]row{
		"commissioner": {comm, true, true, false, true, false, true, true},
		"provider":     {prov, true, true, false, true, true, false, false},
		"investor":     {inv, true, false, false, false, false, false, false},
		"admin":        {admin, true, false, false, false, false, false, false},
		"stranger":     {stranger, false, false, false, false, false, false, false},
	})
	if !slices.Equal(comm.ContractSides(c), []ContractSide{SideCommissioner}) || c.Side(3) != SideInvestor || c.Side(9) != "" {
		t.Errorf("sides: %v %q %q", comm.ContractSides(c), c.Side(3), c.Side(9))
	}
}
