package pbr

import (
	"github.com/samspil/samspil"
)

// Aggregate returns the published numbers of a contract (no participant
// rows): achieved = approved valid claims, paid = approved statements.
//
// Achieved counts the approved claims the engine finds valid when it runs
// over the approved claims only (as statements do). PaidCount counts the
// claims whose payments in approved statements, adjustments included, add
// up to more than 0; PaidOre sums them. The contract's names, ids, terms and
// Enrolled are filled from the ledger; MunicipalityCode and ProviderCVR
// are the store's.
func Aggregate(l *samspil.ContractLedger) *samspil.ContractAggregate {
	c := l.Contract
	run := runLedger(l, func(cl *samspil.Claim) bool { return cl.Decision == samspil.ClaimApproved })
	paid := approvedPaid(l)

	a := &samspil.ContractAggregate{
		ContractID:     c.ID,
		Title:          c.Title,
		Status:         c.Status,
		CommissionerID: c.CommissionerID,
		Commissioner:   c.Commissioner,
		ProviderID:     c.ProviderID,
		Provider:       c.Provider,
		Investor:       c.Investor,
		TargetGroup:    c.TargetGroup,
		PeriodStart:    c.PeriodStart,
		PeriodEnd:      c.PeriodEnd,
		CapOre:         c.CapOre,
		CohortTarget:   c.CohortTarget,
		Enrolled:       len(l.Participants),
		PaidOre:        paid.total,
		Outcomes:       make([]samspil.OutcomeAggregate, 0, len(c.Outcomes)),
		TenderID:       c.TenderID,
		UpdatedAt:      c.UpdatedAt,
	}
	achieved := achievedByOutcome(run)
	paidCount, paidOre := paidByOutcome(paid)
	for _, o := range c.Outcomes {
		a.Outcomes = append(a.Outcomes, samspil.OutcomeAggregate{
			Code:        o.Code,
			Description: o.Description,
			PriceOre:    o.PriceOre,
			TargetCount: o.TargetCount,
			Achieved:    achieved[o.Code],
			PaidCount:   paidCount[o.Code],
			PaidOre:     paidOre[o.Code],
		})
	}
	return a
}

// achievedByOutcome counts the valid claims of a run by outcome.
func achievedByOutcome(run *ledgerRun) map[string]int {
	out := map[string]int{}
	for i, cl := range run.claims {
		if run.lines[i].Valid {
			out[cl.OutcomeCode]++
		}
	}
	return out
}

// paidByOutcome sums what approved statements paid per claim into counts
// (claims paid more than 0) and amounts per outcome.
func paidByOutcome(paid *paidIndex) (map[string]int, map[string]int64) {
	count, ore := map[string]int{}, map[string]int64{}
	for _, pc := range paid.claims {
		c := pc.last.OutcomeCode
		ore[c] += pc.ore
		if pc.ore > 0 {
			count[c]++
		}
	}
	return count, ore
}
