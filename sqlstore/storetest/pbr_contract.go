package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// RunPbrContracts runs the outcome contract store's contract: drafts with
// optimistic saves, approval by both sides into an active contract with
// its partnership, deletion, finishing, amendments, enrolment of
// pseudonymous participants, unit prices, published aggregates and the
// audit trail, on a fresh store per test.
func RunPbrContracts(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"Create", testPbrCreate},
		{"Update", testPbrUpdate},
		{"Approve", testPbrApprove},
		{"DeleteAndFinish", testPbrDeleteFinish},
		{"Find", testPbrFind},
		{"Amendments", testPbrAmendments},
		{"Enrol", testPbrEnrol},
		{"UnitPrices", testPbrUnitPrices},
		{"Aggregates", testPbrAggregates},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// PbrFixture is a small payment-by-result world: København commissions,
// Jobværkstedet (a SØV) provides and Socialfonden (a fund) invests; each
// has one active admin. Other packages' store tests may build on it.
type PbrFixture struct {
	Kommune, Provider, Investor *samspil.Organisation
	Buyer, Leader, Funder       *samspil.User
}

// NewPbrFixture creates the organisations, their admins and the unit price
// KONTANTHJAELP_AAR that the fixture's rate card links to.
func NewPbrFixture(t testing.TB, s samspil.Store) *PbrFixture {
	t.Helper()
	ctx := context.Background()
	f := &PbrFixture{}
	var err error
	f.Kommune, err = s.FindMunicipalityOrganisation(ctx, "0101")
	mustTB(t, err)
	f.Provider = newOrg(61, "Jobværkstedet")
	mustTB(t, s.CreateOrganisation(ctx, f.Provider))
	f.Investor = newOrg(62, "Socialfonden")
	f.Investor.Kind = samspil.OrgAndet
	mustTB(t, s.CreateOrganisation(ctx, f.Investor))
	for _, m := range []struct {
		u   **samspil.User
		org *samspil.Organisation
		em  string
	}{{&f.Buyer, f.Kommune, "beskaeftigelse@kk.dk"}, {&f.Leader, f.Provider, "leder@jobvaerk.dk"}, {&f.Funder, f.Investor, "fond@social.dk"}} {
		u := &samspil.User{Email: m.em, Name: "Test " + m.em, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA"}
		mustTB(t, s.CreateUser(ctx, u))
		mustTB(t, s.CreateMembership(ctx, &samspil.Membership{UserID: u.ID, OrganisationID: m.org.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}))
		*m.u = u
	}
	prices, err := s.FindUnitPrices(ctx)
	mustTB(t, err)
	have := false
	for _, u := range prices {
		have = have || u.Code == "KONTANTHJAELP_AAR"
	}
	if !have {
		mustTB(t, s.SaveUnitPrice(ctx, &samspil.UnitPrice{Code: "KONTANTHJAELP_AAR", NameDA: "Kontanthjælp, et år", NameEN: "Social assistance, one year",
			AmountOre: 150_000_00, Source: "Testkilde, tabel 1", ValidFrom: day(2025, 1, 1)}))
	}
	return f
}

// As acts as u.
func (f *PbrFixture) As(u *samspil.User) context.Context {
	return samspil.WithActor(context.Background(), u.ID)
}

// NewContract returns a valid draft for 2026 with an investor and a rate
// card of JOB_START (100,000 kr.) and JOB13 (requires JOB_START, 200,000 kr.).
func (f *PbrFixture) NewContract(title string) *samspil.OutcomeContract {
	inv := f.Investor.ID
	window := 365
	return &samspil.OutcomeContract{
		Title: title, Summary: "Ledige i job gennem et socialøkonomisk forløb.", TargetGroup: "udsatte_ledige",
		CommissionerID: f.Kommune.ID, ProviderID: f.Provider.ID, InvestorID: &inv,
		ContractTerms: samspil.ContractTerms{
			PeriodStart: day(2026, 1, 1), PeriodEnd: day(2026, 12, 31), CapOre: 1_000_000_00, CohortTarget: 40,
			StatementPeriod: samspil.PeriodQuarter, DeadweightPct: 20,
			Outcomes: []samspil.Outcome{
				{Code: "JOB_START", Description: "Ordinær beskæftigelse begyndt", Evidence: "Ansættelseskontrakt", PriceOre: 100_000_00,
					PerParticipantLimit: 1, WindowDays: &window, TargetCount: 20,
					Savings: []samspil.OutcomeSaving{{UnitPriceCode: "KONTANTHJAELP_AAR", Months: 3}}},
				{Code: "JOB13", Description: "Ordinær beskæftigelse i 13 sammenhængende uger", Evidence: "Lønsedler for 13 uger",
					PriceOre: 200_000_00, PerParticipantLimit: 1, Requires: []string{"JOB_START"}, TargetCount: 10},
			},
		},
	}
}

// Activate creates c and has both sides approve it.
func (f *PbrFixture) Activate(t testing.TB, s samspil.Store, c *samspil.OutcomeContract) *samspil.OutcomeContract {
	t.Helper()
	mustTB(t, s.CreateOutcomeContract(f.As(f.Buyer), c))
	_, err := s.ApproveOutcomeContract(f.As(f.Buyer), c.ID, samspil.SideCommissioner, c.Version)
	mustTB(t, err)
	k, err := s.ApproveOutcomeContract(f.As(f.Leader), c.ID, samspil.SideProvider, c.Version)
	mustTB(t, err)
	if k.Status != samspil.ContractActive {
		t.Fatalf("status after both approvals = %s", k.Status)
	}
	return k
}

// mustTB is must for tests and benchmarks.
func mustTB(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// pbrNotes counts u's notifications by kind.
func pbrNotes(t *testing.T, e *env, u *samspil.User) map[samspil.NotificationKind]int {
	t.Helper()
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, Limit: 100})
	must(t, err)
	out := map[samspil.NotificationKind]int{}
	for _, n := range ns {
		out[n.Kind]++
	}
	return out
}

// auditActions returns the actions of a contract's audit events, oldest first.
func auditActions(t *testing.T, e *env, id int64) string {
	t.Helper()
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "outcome_contract", EntityID: id, Limit: 100})
	must(t, err)
	var out []string
	for i := len(evs) - 1; i >= 0; i-- {
		out = append(out, evs[i].Action)
	}
	return strings.Join(out, " ")
}

func testPbrCreate(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	c := f.NewContract("  Flere i job  ")
	c.Outcomes[1].Code = "job13" // codes are upper-cased
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), c))
	if c.ID == 0 || c.Status != samspil.ContractDraft || c.Version != 1 || c.Title != "Flere i job" || c.Commissioner != f.Kommune.Name ||
		c.Investor != "Socialfonden" || !c.CreatedAt.Equal(Start) {
		t.Fatalf("created = %+v", c)
	}
	got, err := e.s.FindOutcomeContractByID(e.ctx, c.ID)
	must(t, err)
	if got.Provider != "Jobværkstedet" || got.CreatedBy != f.Buyer.ID || !got.PeriodEnd.Equal(day(2026, 12, 31)) || got.CapOre != c.CapOre ||
		len(got.Outcomes) != 2 || got.Outcomes[1].Code != "JOB13" || got.Outcomes[1].Requires[0] != "JOB_START" || *got.Outcomes[0].WindowDays != 365 ||
		got.Outcomes[1].WindowDays != nil || got.Outcomes[0].Savings[0].Months != 3 || got.StatementPeriod != samspil.PeriodQuarter ||
		got.DeadweightPct != 20 || *got.InvestorID != f.Investor.ID || got.CommissionerApprovedAt != nil || got.PartnershipID != nil {
		t.Fatalf("read back = %+v", got)
	}
	_, err = e.s.FindOutcomeContractByID(e.ctx, c.ID+100)
	wantCode(t, err, samspil.ENOTFOUND, "pbr.not_found")

	// The commissioner must be a municipality; unknown target groups and
	// unit prices are reported with the domain's own problems, at once.
	bad := f.NewContract("Forkert")
	bad.CommissionerID, bad.ProviderID = f.Provider.ID, f.Investor.ID
	bad.InvestorID = nil
	bad.TargetGroup = "ukendt"
	bad.Outcomes[0].Savings = []samspil.OutcomeSaving{{UnitPriceCode: "FINDES_IKKE", Months: 2}}
	bad.Outcomes[1].PriceOre = -5
	err = e.s.CreateOutcomeContract(f.As(f.Buyer), bad)
	wantField(t, err, samspil.EINVALID, "commissioner_id", "pbr.commissioner.kind")
	wantField(t, err, samspil.EINVALID, "target_group", "pbr.target_group.unknown")
	wantField(t, err, samspil.EINVALID, "outcomes.0.savings", "pbr.outcome.saving_unknown")
	wantField(t, err, samspil.EINVALID, "outcomes.1.price_ore", "pbr.outcome.price_required")
	if bad.ID != 0 {
		t.Fatalf("a refused contract has id %d", bad.ID)
	}
	unknown := f.NewContract("Ukendt leverandør")
	unknown.ProviderID = 999999
	wantField(t, e.s.CreateOutcomeContract(f.As(f.Buyer), unknown), samspil.ENOTFOUND, "provider_id", "org.not_found")

	_, total, err := e.s.FindOutcomeContracts(e.ctx, samspil.ContractFilter{})
	must(t, err)
	if total != 1 {
		t.Fatalf("contracts after refused creates = %d", total)
	}
	if got := auditActions(t, e, c.ID); got != "pbr.contract.create" {
		t.Fatalf("audit = %q", got)
	}
}

func testPbrUpdate(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	c := f.NewContract("Flere i job")
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), c))
	_, err := e.s.ApproveOutcomeContract(f.As(f.Buyer), c.ID, samspil.SideCommissioner, 1)
	must(t, err)

	e.clock.Add(time.Hour)
	edit := f.NewContract("Flere i job, 2. udgave")
	edit.CommissionerID = f.Provider.ID // ignored: the commissioner stays
	edit.InvestorID = nil
	edit.CapOre = 2_000_000_00
	got, err := e.s.UpdateOutcomeContract(f.As(f.Buyer), c.ID, edit, 1)
	must(t, err)
	if got.Version != 2 || got.Title != "Flere i job, 2. udgave" || got.CapOre != 2_000_000_00 || got.InvestorID != nil || got.Investor != "" ||
		got.CommissionerID != f.Kommune.ID || got.CommissionerApprovedAt != nil || !got.UpdatedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("updated = %+v", got)
	}
	// Someone who loaded version 1 is told that another saved first.
	_, err = e.s.UpdateOutcomeContract(f.As(f.Buyer), c.ID, f.NewContract("Gammel"), 1)
	wantField(t, err, samspil.ECONFLICT, "version", "pbr.stale")
	_, err = e.s.ApproveOutcomeContract(f.As(f.Leader), c.ID, samspil.SideProvider, 1)
	wantCode(t, err, samspil.ECONFLICT, "pbr.stale")
	// A bad edit changes nothing.
	worse := f.NewContract("")
	_, err = e.s.UpdateOutcomeContract(f.As(f.Buyer), c.ID, worse, 2)
	wantField(t, err, samspil.EINVALID, "title", "pbr.title.required")
	_, err = e.s.UpdateOutcomeContract(f.As(f.Buyer), 999999, edit, 1)
	wantCode(t, err, samspil.ENOTFOUND, "pbr.not_found")
	again, err := e.s.FindOutcomeContractByID(e.ctx, c.ID)
	must(t, err)
	if again.Version != 2 || again.Title != got.Title {
		t.Fatalf("after refused edits = %+v", again)
	}
	if got := auditActions(t, e, c.ID); got != "pbr.contract.create pbr.contract.approve pbr.contract.update" {
		t.Fatalf("audit = %q", got)
	}
}

func testPbrApprove(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	c := f.NewContract("Flere i job")
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), c))
	_, err := e.s.ApproveOutcomeContract(f.As(f.Funder), c.ID, samspil.SideInvestor, 1)
	wantField(t, err, samspil.EINVALID, "side", "pbr.side.invalid")

	k, err := e.s.ApproveOutcomeContract(f.As(f.Buyer), c.ID, samspil.SideCommissioner, 1)
	must(t, err)
	if k.Status != samspil.ContractDraft || k.CommissionerApprovedAt == nil || k.CommissionerApprovedBy != f.Buyer.ID || k.ProviderApprovedAt != nil {
		t.Fatalf("after one approval = %+v", k)
	}
	if n := pbrNotes(t, e, f.Leader); n[samspil.NotePbrApprovalWanted] != 1 {
		t.Fatalf("provider notes = %v", n)
	}
	if n := pbrNotes(t, e, f.Buyer); len(n) != 0 {
		t.Fatalf("the approver was notified: %v", n)
	}
	// Approving twice changes nothing.
	_, err = e.s.ApproveOutcomeContract(f.As(f.Buyer), c.ID, samspil.SideCommissioner, 1)
	must(t, err)

	e.clock.Add(time.Minute)
	k, err = e.s.ApproveOutcomeContract(f.As(f.Leader), c.ID, samspil.SideProvider, 1)
	must(t, err)
	if k.Status != samspil.ContractActive || k.Version != 2 || k.PartnershipID == nil || k.ProviderApprovedBy != f.Leader.ID {
		t.Fatalf("after both approvals = %+v", k)
	}
	p, err := e.s.FindPartnershipByID(e.ctx, *k.PartnershipID)
	must(t, err)
	var roles []string
	for _, x := range p.Parties {
		roles = append(roles, x.Name+":"+x.Role)
	}
	if p.Model != samspil.ModelResultatbaseret || p.Status != samspil.PartnershipActive || p.Title != "Flere i job" ||
		strings.Join(roles, "|") != f.Kommune.Name+":koeber|Jobværkstedet:leverandoer|Socialfonden:investor" {
		t.Fatalf("partnership = %+v (%v)", p, roles)
	}
	if n := pbrNotes(t, e, f.Buyer); n[samspil.NotePbrActive] != 1 {
		t.Fatalf("commissioner notes = %v", n)
	}
	if n := pbrNotes(t, e, f.Leader); n[samspil.NotePbrActive] != 0 || n[samspil.NotePbrApprovalWanted] != 1 {
		t.Fatalf("the provider (the actor) notes = %v", n)
	}
	_, err = e.s.ApproveOutcomeContract(f.As(f.Buyer), c.ID, samspil.SideCommissioner, 2)
	wantCode(t, err, samspil.ECONFLICT, "pbr.not_draft")
	_, err = e.s.UpdateOutcomeContract(f.As(f.Buyer), c.ID, f.NewContract("Ændret"), 2)
	wantCode(t, err, samspil.ECONFLICT, "pbr.not_draft")

	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "outcome_contract", EntityID: c.ID, Limit: 10})
	must(t, err)
	if len(evs) != 3 || evs[0].Action != "pbr.contract.approve" || !strings.Contains(evs[0].After, `"side":"provider"`) ||
		!strings.Contains(evs[0].After, `"status":"active"`) || evs[0].ActorID != f.Leader.ID || !strings.Contains(evs[1].After, `"side":"commissioner"`) {
		t.Fatalf("audit = %+v", evs)
	}
}

func testPbrDeleteFinish(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	draft := f.NewContract("Kladde")
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), draft))
	must(t, e.s.DeleteOutcomeContract(f.As(f.Buyer), draft.ID))
	_, err := e.s.FindOutcomeContractByID(e.ctx, draft.ID)
	wantCode(t, err, samspil.ENOTFOUND, "pbr.not_found")
	wantCode(t, e.s.DeleteOutcomeContract(f.As(f.Buyer), draft.ID), samspil.ENOTFOUND, "pbr.not_found")
	if got := auditActions(t, e, draft.ID); got != "pbr.contract.create pbr.contract.delete" {
		t.Fatalf("audit = %q", got)
	}

	k := f.Activate(t, e.s, f.NewContract("Aktiv"))
	wantCode(t, e.s.DeleteOutcomeContract(f.As(f.Buyer), k.ID), samspil.ECONFLICT, "pbr.not_draft")
	// The period runs to 31 December 2026.
	_, err = e.s.FinishOutcomeContract(f.As(f.Buyer), k.ID)
	wantCode(t, err, samspil.ECONFLICT, "pbr.finish.too_early")
	e.clock.Add(day(2027, 1, 1).Sub(Start))
	got, err := e.s.FinishOutcomeContract(f.As(f.Buyer), k.ID)
	must(t, err)
	if got.Status != samspil.ContractFinished || got.FinishedAt == nil || !got.FinishedAt.Equal(e.clock.Now()) {
		t.Fatalf("finished = %+v", got)
	}
	p, err := e.s.FindPartnershipByID(e.ctx, *k.PartnershipID)
	must(t, err)
	if p.Status != samspil.PartnershipCompleted || p.CompletedAt == nil {
		t.Fatalf("partnership = %+v", p)
	}
	_, err = e.s.FinishOutcomeContract(f.As(f.Buyer), k.ID)
	wantCode(t, err, samspil.ECONFLICT, "pbr.not_active")
}

func testPbrFind(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	other := newOrg(63, "Andet Værksted")
	must(t, e.s.CreateOrganisation(e.ctx, other))
	aarhus, err := e.s.FindMunicipalityOrganisation(e.ctx, "0751")
	must(t, err)
	a := f.NewContract("Ærø-forløbet")
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), a))
	f.Activate(t, e.s, f.NewContract("Beskæftigelse for unge"))
	c := f.NewContract("Ældre i arbejde")
	c.CommissionerID, c.ProviderID, c.InvestorID = aarhus.ID, other.ID, nil
	c.PeriodStart = day(2025, 6, 1)
	c.TargetGroup = "hjemloese"
	must(t, e.s.CreateOutcomeContract(e.ctx, c))

	titles := func(fl samspil.ContractFilter) (string, int) {
		t.Helper()
		ks, total, err := e.s.FindOutcomeContracts(e.ctx, fl)
		must(t, err)
		var out []string
		for _, k := range ks {
			out = append(out, k.Title)
		}
		return strings.Join(out, "|"), total
	}
	for _, tc := range []struct {
		f     samspil.ContractFilter
		want  string
		total int
	}{
		{samspil.ContractFilter{}, "Ældre i arbejde|Beskæftigelse for unge|Ærø-forløbet", 3},
		{samspil.ContractFilter{Sort: "title"}, "Beskæftigelse for unge|Ældre i arbejde|Ærø-forløbet", 3},
		{samspil.ContractFilter{Sort: "start"}, "Ældre i arbejde|Ærø-forløbet|Beskæftigelse for unge", 3},
		{samspil.ContractFilter{Sort: "title", Limit: 1, Offset: 1}, "Ældre i arbejde", 3},
		{samspil.ContractFilter{OrganisationID: f.Investor.ID}, "Beskæftigelse for unge|Ærø-forløbet", 2},
		{samspil.ContractFilter{OrganisationID: other.ID}, "Ældre i arbejde", 1},
		{samspil.ContractFilter{MunicipalityCode: "0101"}, "Beskæftigelse for unge|Ærø-forløbet", 2},
		{samspil.ContractFilter{Statuses: []samspil.ContractStatus{samspil.ContractActive}}, "Beskæftigelse for unge", 1},
		{samspil.ContractFilter{Query: "ÆR"}, "Ærø-forløbet", 1},
		{samspil.ContractFilter{TargetGroup: "hjemloese"}, "Ældre i arbejde", 1},
		{samspil.ContractFilter{Query: "i ARB"}, "Ældre i arbejde", 1},
		{samspil.ContractFilter{Offset: 5}, "", 3},
	} {
		got, total := titles(tc.f)
		if got != tc.want || total != tc.total {
			t.Errorf("%+v: %q (%d), want %q (%d)", tc.f, got, total, tc.want, tc.total)
		}
	}
	_, _, err = e.s.FindOutcomeContracts(e.ctx, samspil.ContractFilter{Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")
}

func testPbrAmendments(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	draft := f.NewContract("Kladde")
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), draft))
	wantCode(t, e.s.ProposeAmendment(f.As(f.Buyer), &samspil.ContractAmendment{ContractID: draft.ID, Note: "Mere",
		Terms: draft.ContractTerms, ProposedBySide: samspil.SideCommissioner}), samspil.ECONFLICT, "pbr.not_active")

	k := f.Activate(t, e.s, f.NewContract("Flere i job"))
	terms := f.NewContract("").ContractTerms
	terms.CapOre = 1_500_000_00
	a := &samspil.ContractAmendment{ContractID: k.ID, Note: "  ", Terms: terms, ProposedBySide: samspil.SideCommissioner}
	wantField(t, e.s.ProposeAmendment(f.As(f.Buyer), a), samspil.EINVALID, "note", "pbr.amendment.note_required")
	badTerms := terms
	badTerms.Outcomes = append([]samspil.Outcome(nil), terms.Outcomes...)
	badTerms.Outcomes[0].Savings = []samspil.OutcomeSaving{{UnitPriceCode: "UKENDT", Months: 1}}
	err := e.s.ProposeAmendment(f.As(f.Buyer), &samspil.ContractAmendment{ContractID: k.ID, Note: "Nyt loft", Terms: badTerms, ProposedBySide: samspil.SideInvestor})
	wantField(t, err, samspil.EINVALID, "outcomes.0.savings", "pbr.outcome.saving_unknown")
	wantField(t, err, samspil.EINVALID, "side", "pbr.side.invalid")

	a.Note = "Loftet hæves, fordi flere er visiteret."
	must(t, e.s.ProposeAmendment(f.As(f.Buyer), a))
	if a.ID == 0 || a.Number != 1 || a.Status != samspil.AmendmentProposed || a.CommissionerApprovedAt == nil || a.ProviderApprovedAt != nil {
		t.Fatalf("proposed = %+v", a)
	}
	if n := pbrNotes(t, e, f.Leader); n[samspil.NotePbrAmendment] != 1 {
		t.Fatalf("provider notes = %v", n)
	}
	// One open at a time.
	second := &samspil.ContractAmendment{ContractID: k.ID, Note: "Endnu et", Terms: terms, ProposedBySide: samspil.SideProvider}
	wantCode(t, e.s.ProposeAmendment(f.As(f.Leader), second), samspil.ECONFLICT, "pbr.amendment.open")

	// The proposer's side has approved by proposing; the other side's
	// approval puts the terms into the contract.
	got, err := e.s.ApproveAmendment(f.As(f.Buyer), a.ID, samspil.SideCommissioner)
	must(t, err)
	if got.Status != samspil.AmendmentProposed {
		t.Fatalf("after the proposer's approval = %+v", got)
	}
	got, err = e.s.ApproveAmendment(f.As(f.Leader), a.ID, samspil.SideProvider)
	must(t, err)
	if got.Status != samspil.AmendmentApproved || got.DecidedAt == nil || got.ProviderApprovedAt == nil {
		t.Fatalf("approved = %+v", got)
	}
	after, err := e.s.FindOutcomeContractByID(e.ctx, k.ID)
	must(t, err)
	if after.CapOre != 1_500_000_00 || after.Amendment != 1 || after.Version != k.Version+1 || after.Status != samspil.ContractActive {
		t.Fatalf("contract after the amendment = %+v", after)
	}
	if n := pbrNotes(t, e, f.Buyer); n[samspil.NotePbrAmendmentDone] != 1 {
		t.Fatalf("commissioner notes = %v", n)
	}
	_, err = e.s.ApproveAmendment(f.As(f.Leader), a.ID, samspil.SideProvider)
	wantCode(t, err, samspil.ECONFLICT, "pbr.amendment.decided")

	// A second amendment, withdrawn.
	must(t, e.s.ProposeAmendment(f.As(f.Leader), second))
	if second.Number != 2 || second.ProviderApprovedAt == nil {
		t.Fatalf("second = %+v", second)
	}
	w, err := e.s.WithdrawAmendment(f.As(f.Leader), second.ID)
	must(t, err)
	if w.Status != samspil.AmendmentWithdrawn || w.DecidedAt == nil {
		t.Fatalf("withdrawn = %+v", w)
	}
	_, err = e.s.WithdrawAmendment(f.As(f.Leader), second.ID)
	wantCode(t, err, samspil.ECONFLICT, "pbr.amendment.decided")
	_, err = e.s.ApproveAmendment(f.As(f.Buyer), 999999, samspil.SideCommissioner)
	wantCode(t, err, samspil.ENOTFOUND, "pbr.amendment.not_found")

	as, err := e.s.FindAmendments(e.ctx, k.ID)
	must(t, err)
	if len(as) != 2 || as[0].Number != 2 || as[1].Number != 1 || as[1].Terms.CapOre != 1_500_000_00 || as[1].Note != a.Note ||
		len(as[1].Terms.Outcomes) != 2 || !as[1].Terms.PeriodStart.Equal(day(2026, 1, 1)) {
		t.Fatalf("amendments = %+v", as)
	}
	if got := auditActions(t, e, k.ID); got != "pbr.contract.create pbr.contract.approve pbr.contract.approve pbr.amendment.propose "+
		"pbr.contract.amend pbr.amendment.approve pbr.amendment.propose pbr.amendment.withdraw" {
		t.Fatalf("audit = %q", got)
	}
}

func testPbrEnrol(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	draft := f.NewContract("Kladde")
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), draft))
	one := []*samspil.Participant{{Pseudonym: "P-001", EnrolledOn: day(2026, 2, 1)}}
	wantCode(t, e.s.EnrolParticipants(f.As(f.Leader), draft.ID, one), samspil.ECONFLICT, "pbr.not_active")

	k := f.Activate(t, e.s, f.NewContract("Flere i job"))
	must(t, e.s.EnrolParticipants(f.As(f.Leader), k.ID, one))
	if one[0].ID == 0 || one[0].ContractID != k.ID || !one[0].CreatedAt.Equal(Start) {
		t.Fatalf("enrolled = %+v", one[0])
	}
	wantCode(t, e.s.EnrolParticipants(f.As(f.Leader), k.ID, nil), samspil.EINVALID, "")

	// Every problem of every participant at once, and nothing written.
	batch := []*samspil.Participant{
		{Pseudonym: "P-002", EnrolledOn: day(2026, 2, 3), AgeBand: "25-29", BenefitType: "kontanthjaelp", UnemploymentBand: "1-2y"},
		{Pseudonym: "010190-1234", EnrolledOn: day(2026, 2, 3)},             // a CPR number
		{Pseudonym: "P-001", EnrolledOn: day(2026, 2, 3)},                   // taken in the contract
		{Pseudonym: "P-002", EnrolledOn: day(2025, 2, 3), AgeBand: "12"},    // twice in the input, before the period, bad band
		{Pseudonym: "P-005", EnrolledOn: day(2026, 3, 9)},                   // in the future
		{Pseudonym: " P-006 ", EnrolledOn: day(2026, 3, 2), AgeBand: "60+"}, // today is fine
	}
	err := e.s.EnrolParticipants(f.As(f.Leader), k.ID, batch)
	wantField(t, err, samspil.EINVALID, "participants.1.pseudonym", "cpr.refused")
	wantField(t, err, samspil.EINVALID, "participants.2.pseudonym", "pbr.participant.pseudonym_taken")
	wantField(t, err, samspil.EINVALID, "participants.3.pseudonym", "pbr.participant.pseudonym_taken")
	wantField(t, err, samspil.EINVALID, "participants.3.enrolled_on", "pbr.participant.enrolled_outside")
	wantField(t, err, samspil.EINVALID, "participants.3.age_band", "pbr.participant.band_invalid")
	wantField(t, err, samspil.EINVALID, "participants.4.enrolled_on", "pbr.participant.enrolled_future")
	if e, _ := samspil.AsError(err); len(e.Fields) != 6 {
		t.Fatalf("field errors = %+v", e.Fields)
	}
	_, total, err := e.s.FindParticipants(e.ctx, samspil.ParticipantFilter{ContractID: k.ID})
	must(t, err)
	if total != 1 || batch[0].ID != 0 {
		t.Fatalf("after a refused enrolment: %d participants, first id %d", total, batch[0].ID)
	}

	must(t, e.s.EnrolParticipants(f.As(f.Leader), k.ID, []*samspil.Participant{batch[0], batch[5], {Pseudonym: "Q-1", EnrolledOn: day(2026, 1, 1)}}))
	ps, total, err := e.s.FindParticipants(e.ctx, samspil.ParticipantFilter{ContractID: k.ID, Limit: 2})
	must(t, err)
	if total != 4 || len(ps) != 2 || ps[0].Pseudonym != "P-001" || ps[1].Pseudonym != "P-002" || ps[1].AgeBand != "25-29" ||
		ps[1].BenefitType != "kontanthjaelp" || ps[1].UnemploymentBand != "1-2y" || !ps[1].EnrolledOn.Equal(day(2026, 2, 3)) {
		t.Fatalf("page 1 = %+v (%d)", ps, total)
	}
	ps, total, err = e.s.FindParticipants(e.ctx, samspil.ParticipantFilter{ContractID: k.ID, Query: "P-", Offset: 2})
	must(t, err)
	if total != 3 || len(ps) != 1 || ps[0].Pseudonym != "P-006" {
		t.Fatalf("prefix P-, offset 2 = %+v (%d)", ps, total)
	}
	if got := auditActions(t, e, k.ID); !strings.HasSuffix(got, "pbr.participants.enrol pbr.participants.enrol") {
		t.Fatalf("audit = %q", got)
	}
}

func testPbrUnitPrices(t *testing.T, e *env) {
	admin := newUser(t, e, "redaktor@samspil.dk")
	ctx := samspil.WithActor(e.ctx, admin.ID)
	before, err := e.s.FindUnitPrices(e.ctx)
	must(t, err)
	u := &samspil.UnitPrice{Code: " test_enhed ", NameDA: "Testenhed, et år", NameEN: "Test unit, one year", AmountOre: 90_000_00,
		Source: "Testkilde, s. 4", SourceURL: "https://example.dk/kilde", ValidFrom: day(2026, 1, 1), Checked: true, Note: "Test"}
	must(t, e.s.SaveUnitPrice(ctx, u))
	if u.ID == 0 || u.Code != "TEST_ENHED" || u.CreatedBy != admin.ID {
		t.Fatalf("saved = %+v", u)
	}
	newer := *u
	newer.ID, newer.AmountOre, newer.ValidFrom = 0, 95_000_00, day(2027, 1, 1)
	must(t, e.s.SaveUnitPrice(ctx, &newer))
	dup := *u
	dup.ID = 0
	wantField(t, e.s.SaveUnitPrice(ctx, &dup), samspil.ECONFLICT, "valid_from", "pbr.unit_price.exists")
	wantField(t, e.s.SaveUnitPrice(ctx, &samspil.UnitPrice{Code: "X"}), samspil.EINVALID, "source", "pbr.unit_price.source_required")

	all, err := e.s.FindUnitPrices(e.ctx)
	must(t, err)
	if len(all) != len(before)+2 {
		t.Fatalf("unit prices = %d, want %d", len(all), len(before)+2)
	}
	var mine []*samspil.UnitPrice
	for i, x := range all {
		if i > 0 && (all[i-1].Code > x.Code || all[i-1].Code == x.Code && !all[i-1].ValidFrom.Before(x.ValidFrom)) {
			t.Fatalf("not by code and date at %d: %s %s", i, x.Code, x.ValidFrom)
		}
		if x.Code == "TEST_ENHED" {
			mine = append(mine, x)
		}
	}
	if len(mine) != 2 || mine[0].AmountOre != 90_000_00 || mine[1].AmountOre != 95_000_00 || !mine[0].Checked || mine[0].SourceURL != u.SourceURL ||
		mine[0].NameEN != u.NameEN || !mine[0].CreatedAt.Equal(Start) {
		t.Fatalf("TEST_ENHED rows = %+v", mine)
	}
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "unit_price", EntityID: u.ID})
	must(t, err)
	if len(evs) != 1 || evs[0].Action != "pbr.unit_price.create" {
		t.Fatalf("audit = %+v", evs)
	}
}

func testPbrAggregates(t *testing.T, e *env) {
	f := NewPbrFixture(t, e.s)
	draft := f.NewContract("Kladde")
	must(t, e.s.CreateOutcomeContract(f.As(f.Buyer), draft))
	k := f.Activate(t, e.s, f.NewContract("Flere i job"))
	must(t, e.s.EnrolParticipants(f.As(f.Leader), k.ID, []*samspil.Participant{
		{Pseudonym: "HEMMELIG-1", EnrolledOn: day(2026, 2, 1)}, {Pseudonym: "HEMMELIG-2", EnrolledOn: day(2026, 2, 2)}}))

	as, total, err := e.s.ContractAggregates(e.ctx, samspil.ContractFilter{})
	must(t, err)
	if total != 1 || len(as) != 1 {
		t.Fatalf("aggregates = %d (%d): drafts are never published", len(as), total)
	}
	a := as[0]
	if a.ContractID != k.ID || a.Status != samspil.ContractActive || a.MunicipalityCode != "0101" || a.ProviderCVR != f.Provider.CVR ||
		a.Provider != "Jobværkstedet" || a.Investor != "Socialfonden" || a.Enrolled != 2 || a.PaidOre != 0 || len(a.Outcomes) != 2 ||
		a.Outcomes[1].Code != "JOB13" || a.Outcomes[1].PriceOre != 200_000_00 || a.Outcomes[0].TargetCount != 20 {
		t.Fatalf("aggregate = %+v", a)
	}
	b, err := json.Marshal(as)
	must(t, err)
	if strings.Contains(string(b), "HEMMELIG") || strings.Contains(string(b), "pseudonym") {
		t.Fatalf("an aggregate names a participant: %s", b)
	}
	for _, fl := range []samspil.ContractFilter{
		{Statuses: []samspil.ContractStatus{samspil.ContractDraft}},
		{Statuses: []samspil.ContractStatus{samspil.ContractFinished}},
		{MunicipalityCode: "0751"},
		{Query: "kladde"},
		{TargetGroup: "hjemloese"},
	} {
		if as, total, err := e.s.ContractAggregates(e.ctx, fl); err != nil || total != 0 || len(as) != 0 {
			t.Errorf("%+v: %d aggregates (%d), %v", fl, len(as), total, err)
		}
	}
}
