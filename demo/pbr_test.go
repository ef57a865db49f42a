package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// TestPbrSpecs checks the hand-written outcome contracts without a
// database: each is a valid contract; its planned participants and claims
// pass the platform's validation on any day (none dated after it) and
// are the same on every run; the mix has what the demo promises.
func TestPbrSpecs(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, time.November, 28, 12, 0, 0, 0, time.UTC),
		time.Date(2027, time.March, 31, 23, 30, 0, 0, time.UTC), // 1 April in Denmark
	} {
		pl := &pbrLoader{today: pbrToday(now)}
		if want := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC); !pl.today.Equal(want) {
			t.Fatalf("today of %v is %v, want the UTC date (the earlier one)", now, pl.today)
		}
		stages := map[pbrStage]int{}
		var withInvestor, fromTender, amended, proposed int
		for _, s := range pbrSpecs {
			stages[s.stage]++
			if s.investor != "" {
				withInvestor++
			}
			if s.tenderTitle != "" {
				fromTender++
			}
			if s.amendNote != "" && s.amendApproved {
				amended++
			} else if s.amendNote != "" {
				proposed++
			}
			c := &samspil.OutcomeContract{Title: s.title, Summary: s.summary, TargetGroup: s.group, CommissionerID: 1, ProviderID: 2,
				ContractTerms: samspil.ContractTerms{CapOre: max(s.capKr*100, 1), CohortTarget: s.cohort, StatementPeriod: s.period,
					DeadweightPct: s.deadweight, Outcomes: withSavings(s.outcomes)}}
			c.PeriodStart = pl.monthStart(s.startMonths)
			c.PeriodEnd = c.PeriodStart.AddDate(s.years, 0, -1)
			if err := c.Validate(now); err != nil {
				t.Fatalf("%s: %v", s.key, err)
			}
			for _, o := range c.Outcomes {
				if len(o.Savings) == 0 {
					t.Errorf("%s %s: no unit price linked", s.key, o.Code)
				}
			}
			limit := pl.today
			if c.PeriodEnd.Before(limit) {
				limit = c.PeriodEnd
			}
			ps, claims, extra := pbrPlan(s, c, limit)
			again, claims2, _ := pbrPlan(s, c, limit)
			if len(ps) != len(again) || len(claims) != len(claims2) {
				t.Fatalf("%s: not deterministic", s.key)
			}
			byName := map[string]*samspil.Participant{}
			for _, p := range ps {
				if err := p.Validate(c, now); err != nil {
					t.Fatalf("%s %s: %v", s.key, p.Pseudonym, err)
				}
				byName[p.Pseudonym] = p
			}
			reasons := map[samspil.ClaimDecision]int{}
			for _, cl := range append(slices.Clone(claims), extra...) {
				if err := cl.claim.Validate(c, byName[cl.claim.Pseudonym], now); err != nil {
					t.Fatalf("%s %+v: %v", s.key, cl.claim, err)
				}
				if cl.claim.AchievedOn.After(pl.today) {
					t.Fatalf("%s: claim in the future %+v", s.key, cl.claim)
				}
				reasons[cl.decision]++
			}
			switch {
			case s.stage == pbrDraft && len(ps) != 0:
				t.Errorf("%s: a draft with participants", s.key)
			case s.key == "lolland" && (len(ps) < 40 || len(ps) > 80 || reasons[samspil.ClaimRejected] != 1 || reasons[samspil.ClaimPending] < 3 || len(extra) != 1):
				t.Errorf("%s: %d participants, decisions %v, %d sent again", s.key, len(ps), reasons, len(extra))
			case s.stage == pbrFinished && reasons[samspil.ClaimPending] != 0:
				t.Errorf("%s: a finished contract with pending claims", s.key)
			}
			if s.capSharePct > 0 && len(claims) > 0 {
				// The cap is set below what the claims could earn, so it is crossed.
				var could int64
				for _, cl := range claims {
					could += c.Outcome(cl.claim.OutcomeCode).PriceOre
				}
				if cp := capFrom(c, claims, s.capSharePct); cp >= could || cp <= 0 {
					t.Errorf("%s: cap %d of %d", s.key, cp, could)
				}
			}
		}
		if stages[pbrDraft] != 1 || stages[pbrActive] < 2 || stages[pbrFinished] != 1 || withInvestor != 1 || fromTender != 1 || amended != 1 || proposed != 1 {
			t.Errorf("stages %v, investor %d, tender %d, amendments %d+%d", stages, withInvestor, fromTender, amended, proposed)
		}
	}
}

// checkDemoPbr checks the outcome contracts of a loaded demo through the
// store's read methods; TestDemoTenders calls it on the demo it loads, so
// the demo is not loaded again for this.
func checkDemoPbr(t *testing.T, ctx context.Context, store samspil.Store, r PbrResult) {
	t.Helper()
	if r.Contracts != len(pbrSpecs) || r.Drafts != 1 || r.Finished != 1 || r.Active != 3 || r.Participants < 100 ||
		r.Claims < 100 || r.Approved < 10 || r.Statements != r.Approved+1 || r.Amendments != 2 {
		t.Fatalf("outcome contracts %+v", r)
	}
	cs, n, err := store.FindOutcomeContracts(ctx, samspil.ContractFilter{Limit: 50})
	if err != nil || n != len(pbrSpecs) {
		t.Fatalf("%d contracts: %v", n, err)
	}
	byTitle := map[string]*samspil.OutcomeContract{}
	for _, c := range cs {
		byTitle[c.Title] = c
	}
	reasons := map[string]int{}
	for _, s := range pbrSpecs {
		c := byTitle[s.title]
		if c == nil {
			t.Fatalf("no contract %q", s.title)
		}
		l, err := store.ContractLedger(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		drafts := 0
		for _, st := range l.Statements {
			if st.Status == samspil.StatementDraft {
				drafts++
			}
		}
		for _, cl := range l.Claims {
			reasons[cl.Check.Reason]++
			if cl.Decision == samspil.ClaimRejected && cl.DecisionReason == "" {
				t.Errorf("%s: rejected without a reason", s.key)
			}
		}
		switch s.key {
		case "lolland":
			if c.Status != samspil.ContractActive || c.Amendment != 1 || drafts != 1 || len(l.Participants) < 40 {
				t.Errorf("%s: status %s, amendment %d, %d draft statements, %d participants", s.key, c.Status, c.Amendment, drafts, len(l.Participants))
			}
		case "odense":
			a := pbr.Aggregate(l)
			as, err := store.FindAmendments(ctx, c.ID)
			if c.InvestorID == nil || a.PaidOre != c.CapOre || err != nil || len(as) != 1 || as[0].Status != samspil.AmendmentProposed {
				t.Errorf("%s: investor %v, paid %d of cap %d, amendments %+v %v", s.key, c.InvestorID, a.PaidOre, c.CapOre, as, err)
			}
		case "hvidovre":
			if c.Status != samspil.ContractFinished || drafts != 0 || len(l.Statements) != 8 {
				t.Errorf("%s: status %s, %d statements", s.key, c.Status, len(l.Statements))
			}
		case "aabenraa":
			if c.Status != samspil.ContractDraft || c.CommissionerApprovedAt == nil || c.ProviderApprovedAt != nil {
				t.Errorf("%s: %+v", s.key, c)
			}
		case "vejle":
			if c.Status != samspil.ContractActive || c.TenderID == nil {
				t.Errorf("%s: status %s, tender %v", s.key, c.Status, c.TenderID)
			}
		}
	}
	for _, want := range []string{"", "missing_prerequisite", "duplicate", "rejected", "cap_partial", "cap_reached", "cap_count_reached"} {
		if reasons[want] == 0 {
			t.Errorf("no claim with reason %q: %v", want, reasons)
		}
	}
	as, total, err := store.ContractAggregates(ctx, samspil.ContractFilter{Limit: 50})
	if err != nil || total != len(pbrSpecs)-1 || len(as) != total {
		t.Fatalf("%d aggregates: %v", total, err)
	}
}

// CheckDemoPbr lets the loaded-demo tests of package demo_test run
// checkDemoPbr.
var CheckDemoPbr = checkDemoPbr
