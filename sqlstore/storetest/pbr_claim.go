package storetest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// RunPbrClaims runs the contract of claims, decisions and payment
// statements: all-or-nothing submission, checks kept current, decisions
// with reasons and audit, statements prepared, recalculated, approved by
// both and then immutable, on a fresh store per test.
func RunPbrClaims(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"SubmitAllOrNothing", testClaimSubmitAllOrNothing},
		{"ChecksKeptCurrent", testClaimChecksKeptCurrent},
		{"Find", testClaimFind},
		{"Decide", testClaimDecide},
		{"Statements", testStatements},
		{"StatementStale", testStatementStale},
		{"PrepareDue", testPrepareDueStatements},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// claimScene is an active monthly contract of PbrFixture (the clock is at
// 2 March 2026, so January and February have ended) with two
// participants: P-001 enrolled 10 January, P-002 on 1 February.
type claimScene struct {
	*PbrFixture
	c      *samspil.OutcomeContract
	p1, p2 *samspil.Participant
}

func newClaimScene(t *testing.T, e *env) *claimScene {
	t.Helper()
	f := NewPbrFixture(t, e.s)
	k := f.NewContract("Fra ledighed til job")
	k.StatementPeriod = samspil.PeriodMonth
	sc := &claimScene{PbrFixture: f, c: f.Activate(t, e.s, k)}
	sc.p1 = &samspil.Participant{Pseudonym: "P-001", EnrolledOn: claimDay(1, 10), AgeBand: "25-29"}
	sc.p2 = &samspil.Participant{Pseudonym: "P-002", EnrolledOn: claimDay(2, 1)}
	must(t, e.s.EnrolParticipants(f.As(f.Leader), sc.c.ID, []*samspil.Participant{sc.p1, sc.p2}))
	return sc
}

// claimDay is a date of 2026.
func claimDay(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// claim returns a claim of code for the participant on y-m-d.
func (sc *claimScene) claim(p *samspil.Participant, code string, m, d int) *samspil.Claim {
	return &samspil.Claim{Pseudonym: p.Pseudonym, OutcomeCode: code, AchievedOn: claimDay(m, d), EvidenceRef: "Lønseddel " + code}
}

// submit submits claims as the provider's leader and fails on an error.
func (sc *claimScene) submit(t *testing.T, e *env, cs ...*samspil.Claim) {
	t.Helper()
	must(t, e.s.SubmitClaims(sc.As(sc.Leader), sc.c.ID, cs))
}

// decide decides claims as the commissioner's buyer and fails on an error.
func (sc *claimScene) decide(t *testing.T, e *env, d samspil.ClaimDecision, reason string, cs ...*samspil.Claim) {
	t.Helper()
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	_, err := e.s.DecideClaims(sc.As(sc.Buyer), sc.c.ID, ids, d, reason)
	must(t, err)
}

// check reads a claim's stored check.
func checkOf(t *testing.T, e *env, id int64) samspil.ClaimCheck {
	t.Helper()
	c, err := e.s.FindClaimByID(e.ctx, id)
	must(t, err)
	return c.Check
}

func testClaimSubmitAllOrNothing(t *testing.T, e *env) {
	sc := newClaimScene(t, e)
	good := sc.claim(sc.p1, "JOB_START", 1, 20)
	unknownOutcome := sc.claim(sc.p1, "KURSUS", 1, 21)
	unknownOutcome.Line = 3
	nobody := &samspil.Claim{Pseudonym: "P-999", OutcomeCode: "JOB_START", AchievedOn: claimDay(2, 2), EvidenceRef: "x", Line: 4}
	early := sc.claim(sc.p2, "JOB_START", 1, 20) // P-002 was enrolled 1 February
	future := sc.claim(sc.p1, "JOB13", 3, 10)    // the clock is at 2 March
	cpr := sc.claim(sc.p1, "JOB13", 2, 20)
	cpr.EvidenceRef = "lønseddel for 010190-1234"
	err := e.s.SubmitClaims(sc.As(sc.Leader), sc.c.ID, []*samspil.Claim{good, unknownOutcome, nobody, early, future, cpr})
	for _, w := range []struct{ field, key string }{
		{"claims.1.outcome", "pbr.claim.outcome_unknown"},
		{"claims.2.participant", "pbr.claim.participant_unknown"},
		{"claims.3.achieved_on", "pbr.claim.before_enrolment"},
		{"claims.4.achieved_on", "pbr.claim.date_future"},
		{"claims.5.evidence_ref", "cpr.refused"},
	} {
		wantField(t, err, samspil.EINVALID, w.field, w.key)
	}
	pe, _ := samspil.AsError(err)
	if len(pe.Fields) != 5 {
		t.Fatalf("problems = %+v, want exactly the five", pe.Fields)
	}
	for _, f := range pe.Fields {
		if line := f.Args["Line"]; (f.Field == "claims.1.outcome" && line != 3) || (f.Field == "claims.2.participant" && line != 4) ||
			(strings.HasPrefix(f.Field, "claims.3.") && line != nil) {
			t.Errorf("%s: Line = %v", f.Field, line)
		}
	}
	_, total, err := e.s.FindClaims(e.ctx, samspil.ClaimFilter{ContractID: sc.c.ID})
	must(t, err)
	if total != 0 || good.ID != 0 {
		t.Fatalf("a refused submission wrote %d claims (good.ID = %d)", total, good.ID)
	}
	if n := pbrNotes(t, e, sc.Buyer)[samspil.NotePbrClaims]; n != 0 {
		t.Fatalf("a refused submission notified the commissioner %d times", n)
	}

	// Nothing to submit; evidence that is not the contract's.
	err = e.s.SubmitClaims(sc.As(sc.Leader), sc.c.ID, nil)
	wantField(t, err, samspil.EINVALID, "claims", "pbr.upload.empty")
	att := int64(999_999)
	stray := sc.claim(sc.p1, "JOB_START", 1, 20)
	stray.AttachmentID = &att
	err = e.s.SubmitClaims(sc.As(sc.Leader), sc.c.ID, []*samspil.Claim{stray})
	wantField(t, err, samspil.EINVALID, "claims.0.attachment_id", "pbr.claim.attachment_unknown")

	// A draft contract takes no claims; an unknown one does not exist.
	draft := sc.NewContract("Kladde")
	must(t, e.s.CreateOutcomeContract(sc.As(sc.Buyer), draft))
	err = e.s.SubmitClaims(sc.As(sc.Leader), draft.ID, []*samspil.Claim{sc.claim(sc.p1, "JOB_START", 1, 20)})
	wantCode(t, err, samspil.ECONFLICT, "pbr.not_active")
	err = e.s.SubmitClaims(sc.As(sc.Leader), draft.ID+1000, []*samspil.Claim{sc.claim(sc.p1, "JOB_START", 1, 20)})
	wantCode(t, err, samspil.ENOTFOUND, "pbr.not_found")

	// The good claims go in together, with who and when.
	second := sc.claim(sc.p2, "JOB_START", 2, 3)
	sc.submit(t, e, good, second)
	if good.ID == 0 || second.ID <= good.ID || good.ContractID != sc.c.ID || good.ParticipantID != sc.p1.ID ||
		!good.SubmittedAt.Equal(e.clock.Now()) || good.SubmittedBy != sc.Leader.ID || good.Decision != samspil.ClaimPending {
		t.Fatalf("submitted claim = %+v", good)
	}
	got, err := e.s.FindClaimByID(e.ctx, good.ID)
	must(t, err)
	if got.Pseudonym != "P-001" || got.OutcomeCode != "JOB_START" || !got.AchievedOn.Equal(claimDay(1, 20)) ||
		got.EvidenceRef != "Lønseddel JOB_START" || got.SubmittedBy != sc.Leader.ID || !got.SubmittedAt.Equal(e.clock.Now()) ||
		got.Check != (samspil.ClaimCheck{AmountOre: 100_000_00, Valid: true}) {
		t.Fatalf("stored claim = %+v", got)
	}
	if n := pbrNotes(t, e, sc.Buyer)[samspil.NotePbrClaims]; n != 1 {
		t.Fatalf("commissioner notified %d times, want once", n)
	}
	if n := pbrNotes(t, e, sc.Leader)[samspil.NotePbrClaims]; n != 0 {
		t.Fatalf("the provider was told about its own claims")
	}
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "outcome_contract", EntityID: sc.c.ID, Limit: 100})
	must(t, err)
	if evs[0].Action != "pbr.claims.submit" || evs[0].ActorID != sc.Leader.ID || !strings.Contains(evs[0].After, `"count":2`) {
		t.Fatalf("last audit event = %+v", evs[0])
	}
}

func testClaimChecksKeptCurrent(t *testing.T, e *env) {
	sc := newClaimScene(t, e)
	// JOB13 before its prerequisite is claimed: not valid.
	job13 := sc.claim(sc.p1, "JOB13", 2, 20)
	sc.submit(t, e, job13)
	if ck := checkOf(t, e, job13.ID); ck != (samspil.ClaimCheck{Reason: "missing_prerequisite"}) || job13.Check != ck {
		t.Fatalf("JOB13 alone = %+v (returned %+v)", ck, job13.Check)
	}
	// Claiming JOB_START earlier makes it valid and paid.
	start := sc.claim(sc.p1, "JOB_START", 1, 20)
	sc.submit(t, e, start)
	if ck := checkOf(t, e, job13.ID); ck != (samspil.ClaimCheck{AmountOre: 200_000_00, Valid: true}) {
		t.Fatalf("JOB13 after JOB_START = %+v", ck)
	}
	// A duplicate is refused by the engine, not by the platform.
	dup := sc.claim(sc.p1, "JOB_START", 1, 20)
	sc.submit(t, e, dup)
	if ck := checkOf(t, e, dup.ID); ck.Reason != "duplicate" || ck.AmountOre != 0 {
		t.Fatalf("duplicate = %+v", ck)
	}
	// A rejected prerequisite does not count; the duplicate takes its place.
	sc.decide(t, e, samspil.ClaimRejected, "Kontrakten er ikke underskrevet", start)
	if ck := checkOf(t, e, start.ID); ck != (samspil.ClaimCheck{Reason: "rejected"}) {
		t.Fatalf("rejected JOB_START = %+v", ck)
	}
	if ck := checkOf(t, e, dup.ID); ck != (samspil.ClaimCheck{AmountOre: 100_000_00, Valid: true}) {
		t.Fatalf("the second JOB_START after the first was rejected = %+v", ck)
	}
	sc.decide(t, e, samspil.ClaimRejected, "Samme lønseddel", dup)
	if ck := checkOf(t, e, job13.ID); ck != (samspil.ClaimCheck{Reason: "missing_prerequisite"}) {
		t.Fatalf("JOB13 with its prerequisites rejected = %+v", ck)
	}
	// Approving the first again (a changed decision, so with a reason)
	// brings JOB13 back.
	sc.decide(t, e, samspil.ClaimApproved, "Underskrevet kontrakt modtaget", start)
	if ck := checkOf(t, e, job13.ID); !ck.Valid || ck.AmountOre != 200_000_00 {
		t.Fatalf("JOB13 after the prerequisite was approved = %+v", ck)
	}
}

func testClaimFind(t *testing.T, e *env) {
	sc := newClaimScene(t, e)
	a := sc.claim(sc.p2, "JOB_START", 2, 3)
	b := sc.claim(sc.p1, "JOB13", 2, 20) // missing its prerequisite
	c := sc.claim(sc.p1, "JOB_START", 1, 20)
	sc.submit(t, e, a, b)
	e.clock.Add(time.Minute)
	sc.submit(t, e, c)
	sc.decide(t, e, samspil.ClaimApproved, "", a)
	ids := func(cs []*samspil.Claim) []int64 {
		out := []int64{}
		for _, x := range cs {
			out = append(out, x.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		f     samspil.ClaimFilter
		want  []int64
		total int
	}{
		{"achieved", samspil.ClaimFilter{ContractID: sc.c.ID}, []int64{c.ID, a.ID, b.ID}, 3},
		{"submitted", samspil.ClaimFilter{ContractID: sc.c.ID, Sort: "submitted"}, []int64{a.ID, b.ID, c.ID}, 3},
		{"outcome", samspil.ClaimFilter{ContractID: sc.c.ID, Sort: "outcome"}, []int64{b.ID, c.ID, a.ID}, 3},
		{"participant", samspil.ClaimFilter{ContractID: sc.c.ID, Sort: "participant"}, []int64{c.ID, b.ID, a.ID}, 3},
		{"page", samspil.ClaimFilter{ContractID: sc.c.ID, Offset: 1, Limit: 1}, []int64{a.ID}, 3},
		{"participant filter", samspil.ClaimFilter{ContractID: sc.c.ID, ParticipantID: sc.p1.ID}, []int64{c.ID, b.ID}, 2},
		{"outcome filter", samspil.ClaimFilter{ContractID: sc.c.ID, OutcomeCode: "job13"}, []int64{b.ID}, 1},
		{"decision", samspil.ClaimFilter{ContractID: sc.c.ID, Decisions: []samspil.ClaimDecision{samspil.ClaimPending}}, []int64{c.ID, b.ID}, 2},
		{"paid", samspil.ClaimFilter{ContractID: sc.c.ID, Reason: "paid"}, []int64{c.ID, a.ID, b.ID}, 3},
		{"other contract", samspil.ClaimFilter{ContractID: sc.c.ID + 1000}, []int64{}, 0},
	} {
		got, total, err := e.s.FindClaims(e.ctx, tc.f)
		must(t, err)
		if total != tc.total || !equalIDs(ids(got), tc.want) {
			t.Errorf("%s: %v (total %d), want %v (total %d)", tc.name, ids(got), total, tc.want, tc.total)
		}
	}
	// b became valid when c was submitted; rejecting c gives b a reason.
	sc.decide(t, e, samspil.ClaimRejected, "Mangler dokumentation", c)
	got, total, err := e.s.FindClaims(e.ctx, samspil.ClaimFilter{ContractID: sc.c.ID, Reason: "missing_prerequisite"})
	must(t, err)
	if total != 1 || got[0].ID != b.ID || got[0].Pseudonym != "P-001" {
		t.Fatalf("missing_prerequisite = %+v (total %d)", got, total)
	}
	_, _, err = e.s.FindClaims(e.ctx, samspil.ClaimFilter{ContractID: sc.c.ID, Limit: -1})
	wantCode(t, err, samspil.EINVALID, "")
	_, err = e.s.FindClaimByID(e.ctx, c.ID+1000)
	wantCode(t, err, samspil.ENOTFOUND, "pbr.claim.not_found")
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func testClaimDecide(t *testing.T, e *env) {
	sc := newClaimScene(t, e)
	a, b := sc.claim(sc.p1, "JOB_START", 1, 20), sc.claim(sc.p2, "JOB_START", 2, 3)
	sc.submit(t, e, a, b)
	buyer := sc.As(sc.Buyer)
	for _, tc := range []struct {
		name        string
		ids         []int64
		d           samspil.ClaimDecision
		reason      string
		code, field string
		key         string
	}{
		{"reject without reason", []int64{a.ID}, samspil.ClaimRejected, "  ", samspil.EINVALID, "reason", "pbr.decision.reason_required"},
		{"no claims", nil, samspil.ClaimApproved, "", samspil.EINVALID, "ids", "pbr.decision.none_selected"},
		{"back to pending", []int64{a.ID}, samspil.ClaimPending, "x", samspil.EINVALID, "decision", "pbr.decision.invalid"},
		{"CPR in the reason", []int64{a.ID}, samspil.ClaimRejected, "se 010190-1234", samspil.EINVALID, "reason", "cpr.refused"},
	} {
		_, err := e.s.DecideClaims(buyer, sc.c.ID, tc.ids, tc.d, tc.reason)
		wantField(t, err, tc.code, tc.field, tc.key)
	}
	// An id that is not the contract's fails the whole decision.
	_, err := e.s.DecideClaims(buyer, sc.c.ID, []int64{a.ID, b.ID + 1000}, samspil.ClaimApproved, "")
	wantCode(t, err, samspil.ENOTFOUND, "pbr.claim.not_found")
	if got, _ := e.s.FindClaimByID(e.ctx, a.ID); got.Decision != samspil.ClaimPending {
		t.Fatalf("a refused decision changed claim a: %+v", got)
	}

	// Approving pending claims needs no reason; both are returned.
	got, err := e.s.DecideClaims(buyer, sc.c.ID, []int64{b.ID, a.ID, b.ID}, samspil.ClaimApproved, "")
	must(t, err)
	if len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID || got[0].Decision != samspil.ClaimApproved ||
		got[0].DecidedBy != sc.Buyer.ID || got[0].DecidedAt == nil || !got[0].DecidedAt.Equal(e.clock.Now()) || got[0].Pseudonym != "P-002" {
		t.Fatalf("decided = %+v", got)
	}
	if n := pbrNotes(t, e, sc.Leader)[samspil.NotePbrClaimsDecided]; n != 1 {
		t.Fatalf("provider told %d times", n)
	}
	// Changing a decision needs a reason; the same decision again is a no-op.
	_, err = e.s.DecideClaims(buyer, sc.c.ID, []int64{a.ID}, samspil.ClaimRejected, "")
	wantField(t, err, samspil.EINVALID, "reason", "pbr.decision.reason_required")
	e.clock.Add(time.Hour)
	_, err = e.s.DecideClaims(buyer, sc.c.ID, []int64{a.ID}, samspil.ClaimRejected, "Lønsedlen er for en anden periode")
	must(t, err)
	_, err = e.s.DecideClaims(buyer, sc.c.ID, []int64{a.ID}, samspil.ClaimRejected, "Igen")
	must(t, err)
	ga, err := e.s.FindClaimByID(e.ctx, a.ID)
	must(t, err)
	if ga.Decision != samspil.ClaimRejected || ga.DecisionReason != "Lønsedlen er for en anden periode" || !ga.DecidedAt.Equal(e.clock.Now()) {
		t.Fatalf("rejected claim = %+v", ga)
	}
	// Every decision is in the audit trail with who, when, before and after.
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "pbr_claim", EntityID: a.ID, Limit: 10})
	must(t, err)
	if len(evs) != 2 || evs[0].Action != "pbr.claim.decide" || evs[0].ActorID != sc.Buyer.ID || !evs[0].CreatedAt.Equal(e.clock.Now()) ||
		!strings.Contains(evs[0].Before, `"decision":"approved"`) || !strings.Contains(evs[0].After, `"decision":"rejected"`) ||
		!strings.Contains(evs[0].After, "anden periode") || !strings.Contains(evs[1].Before, `"decision":"pending"`) {
		t.Fatalf("audit of claim a = %+v", evs)
	}
	// A draft contract's claims cannot be decided (it has none anyway).
	draft := sc.NewContract("Kladde")
	must(t, e.s.CreateOutcomeContract(buyer, draft))
	_, err = e.s.DecideClaims(buyer, draft.ID, []int64{a.ID}, samspil.ClaimApproved, "")
	wantCode(t, err, samspil.ECONFLICT, "pbr.not_active")
}

// lineSummary shows a statement's lines as "kind:claim:amount" words.
func lineSummary(s *samspil.Statement, names map[int64]string) string {
	var out []string
	for _, l := range s.Lines {
		out = append(out, string(l.Kind)+":"+names[l.ClaimID]+":"+strconv.FormatInt(l.AmountOre, 10))
	}
	return strings.Join(out, " ")
}

func testStatements(t *testing.T, e *env) {
	sc := newClaimScene(t, e)
	start := sc.claim(sc.p1, "JOB_START", 1, 20)
	job13 := sc.claim(sc.p1, "JOB13", 2, 20)
	sc.submit(t, e, start, job13)
	sc.decide(t, e, samspil.ClaimApproved, "", start, job13)
	names := map[int64]string{start.ID: "start", job13.ID: "job13"}

	// January's statement: the one approved claim of January.
	s1, err := e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	must(t, err)
	if s1.ID == 0 || s1.Number != 1 || s1.Status != samspil.StatementDraft || !s1.PeriodStart.Equal(claimDay(1, 1)) ||
		!s1.PeriodEnd.Equal(claimDay(1, 31)) || s1.TotalOre != 100_000_00 || lineSummary(s1, names) != "claim:start:10000000" {
		t.Fatalf("statement 1 = %+v", s1)
	}
	if pbrNotes(t, e, sc.Leader)[samspil.NotePbrStatement] != 1 || pbrNotes(t, e, sc.Buyer)[samspil.NotePbrStatement] != 0 {
		t.Fatalf("statement notes: provider %v, commissioner (who prepared it) %v", pbrNotes(t, e, sc.Leader), pbrNotes(t, e, sc.Buyer))
	}
	// Preparing again changes nothing and keeps an approval.
	_, err = e.s.ApproveStatement(sc.As(sc.Buyer), s1.ID, samspil.SideCommissioner)
	must(t, err)
	again, err := e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	must(t, err)
	if again.ID != s1.ID || again.CommissionerApprovedAt == nil || again.Status != samspil.StatementDraft {
		t.Fatalf("unchanged draft prepared again = %+v", again)
	}
	// Only the two signing sides approve.
	_, err = e.s.ApproveStatement(sc.As(sc.Funder), s1.ID, samspil.SideInvestor)
	wantField(t, err, samspil.EINVALID, "side", "pbr.side.invalid")
	e.clock.Add(time.Hour)
	closed, err := e.s.ApproveStatement(sc.As(sc.Leader), s1.ID, samspil.SideProvider)
	must(t, err)
	if closed.Status != samspil.StatementApproved || closed.ProviderApprovedBy != sc.Leader.ID || closed.CommissionerApprovedBy != sc.Buyer.ID ||
		!closed.ProviderApprovedAt.Equal(e.clock.Now()) || len(closed.Lines) != 1 {
		t.Fatalf("approved statement = %+v", closed)
	}
	if n := pbrNotes(t, e, sc.Buyer)[samspil.NotePbrStatementClosed]; n != 1 {
		t.Fatalf("commissioner told %d times about the closed statement", n)
	}
	// An approved statement never changes.
	_, err = e.s.ApproveStatement(sc.As(sc.Buyer), s1.ID, samspil.SideCommissioner)
	wantCode(t, err, samspil.ECONFLICT, "pbr.statement.approved")

	// February's statement states JOB13.
	s2, err := e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	must(t, err)
	if s2.ID == s1.ID || s2.Number != 2 || !s2.PeriodStart.Equal(claimDay(2, 1)) || lineSummary(s2, names) != "claim:job13:20000000" ||
		s2.PaidBeforeOre != 100_000_00 {
		t.Fatalf("statement 2 = %+v", s2)
	}
	// A decision changed after January was approved becomes an adjustment
	// in the next statement, which is recalculated in place.
	sc.decide(t, e, samspil.ClaimRejected, "Ansættelsen blev annulleret", start)
	_, err = e.s.ApproveStatement(sc.As(sc.Buyer), s2.ID, samspil.SideCommissioner)
	wantCode(t, err, samspil.ECONFLICT, "pbr.statement.stale")
	s2b, err := e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	must(t, err)
	if s2b.ID != s2.ID || s2b.Number != 2 || !strings.Contains(lineSummary(s2b, names), "adjustment:start:-10000000") ||
		s2b.TotalOre != -100_000_00 {
		t.Fatalf("statement 2 recalculated = %+v (%s)", s2b, lineSummary(s2b, names))
	}
	st, err := e.s.FindStatementByID(e.ctx, s2.ID)
	must(t, err)
	if lineSummary(st, names) != lineSummary(s2b, names) || len(st.ByOutcome) != 2 || st.TotalOre != s2b.TotalOre {
		t.Fatalf("stored statement 2 = %+v", st)
	}
	// Statement 1 is as it was approved.
	s1now, err := e.s.FindStatementByID(e.ctx, s1.ID)
	must(t, err)
	if s1now.Status != samspil.StatementApproved || lineSummary(s1now, names) != "claim:start:10000000" || s1now.TotalOre != 100_000_00 ||
		!s1now.CalculatedAt.Equal(s1.CalculatedAt) {
		t.Fatalf("approved statement 1 changed: %+v", s1now)
	}
	list, err := e.s.FindStatements(e.ctx, sc.c.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != s2.ID || list[1].ID != s1.ID || list[1].TotalOre != 100_000_00 || len(list[1].ByOutcome) != 2 {
		t.Fatalf("statements = %+v", list)
	}
	_, err = e.s.FindStatementByID(e.ctx, s2.ID+1000)
	wantCode(t, err, samspil.ENOTFOUND, "pbr.statement.not_found")
	_, err = e.s.ApproveStatement(sc.As(sc.Buyer), s2.ID+1000, samspil.SideCommissioner)
	wantCode(t, err, samspil.ENOTFOUND, "pbr.statement.not_found")

	// Approve February; March has not ended.
	_, err = e.s.ApproveStatement(sc.As(sc.Buyer), s2.ID, samspil.SideCommissioner)
	must(t, err)
	_, err = e.s.ApproveStatement(sc.As(sc.Leader), s2.ID, samspil.SideProvider)
	must(t, err)
	_, err = e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	wantCode(t, err, samspil.ECONFLICT, "pbr.statement.none_due")

	// The audit trail has every step with its actor.
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "pbr_statement", EntityID: s2.ID, Limit: 20})
	must(t, err)
	var acts []string
	for i := len(evs) - 1; i >= 0; i-- {
		acts = append(acts, evs[i].Action)
	}
	if strings.Join(acts, " ") != "pbr.statement.prepare pbr.statement.recalculate pbr.statement.approve pbr.statement.approve pbr.statement.close" ||
		evs[0].ActorID != sc.Leader.ID || evs[len(evs)-1].ActorID != sc.Buyer.ID {
		t.Fatalf("statement audit = %v", acts)
	}
}

func testStatementStale(t *testing.T, e *env) {
	sc := newClaimScene(t, e)
	a := sc.claim(sc.p1, "JOB_START", 1, 20)
	late := sc.claim(sc.p2, "JOB_START", 2, 3) // February: not on January's statement
	sc.submit(t, e, a, late)
	sc.decide(t, e, samspil.ClaimApproved, "", a)
	s1, err := e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	must(t, err)
	_, err = e.s.ApproveStatement(sc.As(sc.Leader), s1.ID, samspil.SideProvider)
	must(t, err)
	// Approving a claim of a later period leaves January's statement valid.
	sc.decide(t, e, samspil.ClaimApproved, "", late)
	_, err = e.s.ApproveStatement(sc.As(sc.Buyer), s1.ID, samspil.SideCommissioner)
	must(t, err)

	// A February claim approved after February's statement was prepared makes
	// it stale: it must be prepared again, which clears its approvals.
	s2, err := e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	must(t, err)
	_, err = e.s.ApproveStatement(sc.As(sc.Leader), s2.ID, samspil.SideProvider)
	must(t, err)
	lateFeb := sc.claim(sc.p2, "JOB13", 2, 10)
	sc.submit(t, e, lateFeb)
	sc.decide(t, e, samspil.ClaimApproved, "", lateFeb)
	_, err = e.s.ApproveStatement(sc.As(sc.Buyer), s2.ID, samspil.SideCommissioner)
	wantCode(t, err, samspil.ECONFLICT, "pbr.statement.stale")
	s2b, err := e.s.PrepareStatement(sc.As(sc.Buyer), sc.c.ID)
	must(t, err)
	if s2b.ID != s2.ID || s2b.ProviderApprovedAt != nil || len(s2b.Lines) != 2 {
		t.Fatalf("recalculated statement = %+v", s2b)
	}
	got, err := e.s.ApproveStatement(sc.As(sc.Buyer), s2.ID, samspil.SideCommissioner)
	must(t, err)
	if got.Status != samspil.StatementDraft || got.CommissionerApprovedAt == nil || got.ProviderApprovedAt != nil {
		t.Fatalf("statement after one approval = %+v", got)
	}
}

func testPrepareDueStatements(t *testing.T, e *env) {
	sc := newClaimScene(t, e)
	a := sc.claim(sc.p1, "JOB_START", 1, 20)
	sc.submit(t, e, a)
	sc.decide(t, e, samspil.ClaimApproved, "", a)
	// A second, quarterly contract has nothing due (Q1 ends 31 March); a
	// draft is not looked at.
	sc.Activate(t, e.s, sc.NewContract("Kvartalsvis"))
	must(t, e.s.CreateOutcomeContract(sc.As(sc.Buyer), sc.NewContract("Kladde")))

	n, err := e.s.PrepareDueStatements(e.ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("prepared %d statements, want 1", n)
	}
	n, err = e.s.PrepareDueStatements(e.ctx)
	must(t, err)
	if n != 0 {
		t.Fatalf("a second run prepared %d statements, want 0", n)
	}
	list, err := e.s.FindStatements(e.ctx, sc.c.ID)
	must(t, err)
	if len(list) != 1 || list[0].Number != 1 || list[0].TotalOre != 100_000_00 {
		t.Fatalf("statements = %+v", list)
	}
	// The job acts as nobody: both parties are told.
	if pbrNotes(t, e, sc.Buyer)[samspil.NotePbrStatement] != 1 || pbrNotes(t, e, sc.Leader)[samspil.NotePbrStatement] != 1 {
		t.Fatalf("notes = %v / %v", pbrNotes(t, e, sc.Buyer), pbrNotes(t, e, sc.Leader))
	}
	// Once January is approved, February is due the next run.
	for _, side := range []struct {
		u *samspil.User
		s samspil.ContractSide
	}{{sc.Buyer, samspil.SideCommissioner}, {sc.Leader, samspil.SideProvider}} {
		_, err := e.s.ApproveStatement(sc.As(side.u), list[0].ID, side.s)
		must(t, err)
	}
	n, err = e.s.PrepareDueStatements(e.ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("after approval prepared %d, want February's", n)
	}
}
