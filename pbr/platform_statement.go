package pbr

import (
	"slices"
	"time"

	"github.com/samspil/samspil"
)

// BuildStatement calculates statement number for period p: the engine runs
// over the approved claims only; every approved claim achieved on or
// before p.End that no approved statement has stated yet becomes a claim
// line (even when it earns 0, with its reason), and every claim stated
// before whose earned amount differs from what was paid for it (a changed
// decision, an amendment) becomes an adjustment line. Lines are in
// processing order. The statement's totals, per-outcome totals and cap
// figures are filled; ID, approvals and CreatedAt are the store's.
//
// A claim stated before that is no longer approved earns 0: its adjustment
// line claws back what was paid, with the reason "rejected" or "pending".
// After the statement every stated claim has been paid exactly what the
// engine gives it now, so PaidToDateOre never exceeds the total the engine
// allows, which never exceeds the cap.
func BuildStatement(l *samspil.ContractLedger, p Period, number int, now time.Time) *samspil.Statement {
	run := runLedger(l, func(cl *samspil.Claim) bool { return cl.Decision == samspil.ClaimApproved })
	paid := approvedPaid(l)

	st := &samspil.Statement{
		ContractID:    l.Contract.ID,
		Number:        number,
		PeriodStart:   p.Start.Time(),
		PeriodEnd:     p.End.Time(),
		Status:        samspil.StatementDraft,
		PaidBeforeOre: paid.total,
		CapOre:        l.Contract.CapOre,
		Amendment:     l.Contract.Amendment,
		CalculatedAt:  now,
	}
	acc := newOutcomeTotals(&l.Contract.ContractTerms)

	// First pass: which claims of the run get a line (stated is the index
	// into paid.claims, or -1).
	type pick struct{ run, stated int32 }
	var picks []pick
	seen := make([]bool, len(paid.claims))
	for i, cl := range run.claims {
		j, stated := paid.at.get(cl.ID)
		earned := run.lines[i].AmountOre
		switch {
		case stated:
			seen[j] = true
			acc.toDate(run.out[i], cl.OutcomeCode, earned)
			if earned != paid.claims[j].ore {
				picks = append(picks, pick{int32(i), j})
			}
		case run.keys[i].achieved <= p.End:
			acc.toDate(run.out[i], cl.OutcomeCode, earned)
			picks = append(picks, pick{int32(i), -1})
		}
	}

	slices.SortFunc(picks, func(a, b pick) int { return compareKeys(run.keys[a.run], run.keys[b.run]) })

	// Claims stated before that are no longer approved: claw back. They
	// are few; one pass over the ledger finds them.
	unseen := map[int64]int32{}
	for j := range paid.claims {
		if !seen[j] && paid.claims[j].ore != 0 {
			unseen[paid.claims[j].id] = int32(j)
		}
	}
	var extra []samspil.StatementLine
	var extraKeys []orderKey
	addExtra := func(cl *samspil.Claim, pc *paidClaim) {
		reason := ReasonPending
		if cl.Decision == samspil.ClaimRejected {
			reason = ReasonRejected
		}
		price := pc.last.PriceOre
		if o := run.outcomeIndex(cl.OutcomeCode); o >= 0 {
			price = run.contract.Outcomes[o].PriceOre
		}
		extra = append(extra, statementLine(run, cl, samspil.LineAdjustment, price, 0, pc.ore, reason))
		extraKeys = append(extraKeys, keyOf(cl, run.depth))
	}
	if len(unseen) > 0 {
		for _, cl := range l.Claims {
			if j, ok := unseen[cl.ID]; ok {
				addExtra(cl, &paid.claims[j])
				delete(unseen, cl.ID)
			}
		}
		for id, j := range unseen { // not in the ledger any more: state it from its last line
			ln := paid.claims[j].last
			addExtra(&samspil.Claim{ID: id, OutcomeCode: ln.OutcomeCode, AchievedOn: ln.AchievedOn, Pseudonym: ln.Pseudonym}, &paid.claims[j])
		}
	}

	// Second pass: the lines, in processing order.
	lines := make([]samspil.StatementLine, len(picks), len(picks)+len(extra))
	keys := make([]orderKey, len(picks), len(picks)+len(extra))
	for k, pk := range picks {
		i, cl, ln := pk.run, run.claims[pk.run], &run.lines[pk.run]
		var price int64
		if o := run.out[i]; o >= 0 {
			price = run.contract.Outcomes[o].PriceOre
		} else if pk.stated >= 0 {
			price = paid.claims[pk.stated].last.PriceOre // an outcome an amendment took off the rate card
		}
		if pk.stated >= 0 {
			lines[k] = statementLine(run, cl, samspil.LineAdjustment, price, ln.AmountOre, paid.claims[pk.stated].ore, string(ln.Reason))
		} else {
			lines[k] = statementLine(run, cl, samspil.LineClaim, price, ln.AmountOre, 0, string(ln.Reason))
		}
		keys[k] = run.keys[i]
	}
	if len(extra) > 0 {
		lines, _ = mergeLines(lines, keys, extra, extraKeys)
	}
	st.Lines = lines

	for i := range st.Lines {
		ln := &st.Lines[i]
		st.TotalOre += ln.AmountOre
		acc.line(run, ln)
	}
	st.ByOutcome = acc.list()
	return st
}

// statementLine builds one line of a statement.
func statementLine(run *ledgerRun, cl *samspil.Claim, kind samspil.StatementLineKind, price, earned, before int64, reason string) samspil.StatementLine {
	return samspil.StatementLine{
		ClaimID:     cl.ID,
		Pseudonym:   run.pseudonym(cl),
		OutcomeCode: cl.OutcomeCode,
		AchievedOn:  DateOf(cl.AchievedOn).Time(),
		Kind:        kind,
		PriceOre:    price,
		EarnedOre:   earned,
		PaidBefore:  before,
		AmountOre:   earned - before,
		CutOre:      price - earned,
		Reason:      reason,
	}
}

// mergeLines merges two runs of lines, each sorted by its keys, into one
// sorted run.
func mergeLines(a []samspil.StatementLine, ak []orderKey, b []samspil.StatementLine, bk []orderKey) ([]samspil.StatementLine, []orderKey) {
	idx := make([]int, len(b))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int { return compareKeys(bk[x], bk[y]) })
	out := make([]samspil.StatementLine, 0, len(a)+len(b))
	keys := make([]orderKey, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || i < len(a) && compareKeys(ak[i], bk[idx[j]]) <= 0 {
			out, keys = append(out, a[i]), append(keys, ak[i])
			i++
		} else {
			out, keys = append(out, b[idx[j]]), append(keys, bk[idx[j]])
			j++
		}
	}
	return out, keys
}

// outcomeTotals gathers a statement's per-outcome figures: the rate
// card's outcomes by index, others (taken off by an amendment) by code.
type outcomeTotals struct {
	rate  []samspil.StatementOutcome
	extra map[string]*samspil.StatementOutcome
}

func newOutcomeTotals(t *samspil.ContractTerms) *outcomeTotals {
	a := &outcomeTotals{rate: make([]samspil.StatementOutcome, len(t.Outcomes)), extra: map[string]*samspil.StatementOutcome{}}
	for i, o := range t.Outcomes {
		so := samspil.StatementOutcome{Code: o.Code, TargetCount: o.TargetCount, PriceOre: o.PriceOre}
		if o.CapCount != nil {
			n := *o.CapCount
			so.CapCount = &n
		}
		a.rate[i] = so
	}
	return a
}

func (a *outcomeTotals) get(idx int32, code string) *samspil.StatementOutcome {
	if idx >= 0 {
		return &a.rate[idx]
	}
	so := a.extra[code]
	if so == nil {
		so = &samspil.StatementOutcome{Code: code}
		a.extra[code] = so
	}
	return so
}

// toDate counts a claim that, after the statement, has been paid cum.
func (a *outcomeTotals) toDate(idx int32, code string, cum int64) {
	if cum == 0 {
		return
	}
	so := a.get(idx, code)
	so.PaidCountToDate++
	so.PaidOreToDate += cum
}

// line adds a statement line to its outcome's figures of this statement.
// CutOre sums the cuts of claim lines: what rules and caps withheld from
// claims stated for the first time.
func (a *outcomeTotals) line(run *ledgerRun, ln *samspil.StatementLine) {
	so := a.get(run.outcomeIndex(ln.OutcomeCode), ln.OutcomeCode)
	so.AmountOre += ln.AmountOre
	if ln.Kind == samspil.LineClaim {
		if ln.AmountOre > 0 {
			so.Count++
		}
		so.CutOre += ln.CutOre
	}
}

// list returns the figures in rate-card order, then outcomes no longer on
// the rate card by code.
func (a *outcomeTotals) list() []samspil.StatementOutcome {
	out := append(make([]samspil.StatementOutcome, 0, len(a.rate)+len(a.extra)), a.rate...)
	codes := make([]string, 0, len(a.extra))
	for c := range a.extra {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		out = append(out, *a.extra[c])
	}
	return out
}
