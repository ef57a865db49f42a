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
	paid, paidBefore := approvedPaid(l)

	st := &samspil.Statement{
		ContractID:    l.Contract.ID,
		Number:        number,
		PeriodStart:   p.Start.Time(),
		PeriodEnd:     p.End.Time(),
		Status:        samspil.StatementDraft,
		Lines:         []samspil.StatementLine{},
		PaidBeforeOre: paidBefore,
		CapOre:        l.Contract.CapOre,
		Amendment:     l.Contract.Amendment,
		CalculatedAt:  now,
	}
	acc := newOutcomeTotals(&l.Contract.ContractTerms)

	var keys []orderKey
	seen := make(map[int64]bool, len(paid))
	for i, cl := range run.claims {
		ln := &run.lines[i]
		pc, stated := paid[cl.ID]
		before := pc.ore
		price, ok := run.price[cl.OutcomeCode]
		if !ok && stated {
			price = pc.last.PriceOre // an outcome an amendment took off the rate card
		}
		if stated {
			seen[cl.ID] = true
		}
		if stated || run.keys[i].achieved <= p.End {
			acc.toDate(cl.OutcomeCode, ln.AmountOre)
		}
		switch {
		case stated && ln.AmountOre != before:
			st.Lines = append(st.Lines, statementLine(run, cl, samspil.LineAdjustment, price, ln.AmountOre, before, string(ln.Reason)))
		case !stated && run.keys[i].achieved <= p.End:
			st.Lines = append(st.Lines, statementLine(run, cl, samspil.LineClaim, price, ln.AmountOre, 0, string(ln.Reason)))
		default:
			continue
		}
		keys = append(keys, run.keys[i])
	}

	// Claims stated before that are no longer approved: claw back.
	var byID map[int64]*samspil.Claim
	var extra []samspil.StatementLine
	var extraKeys []orderKey
	for id, pc := range paid {
		if seen[id] {
			continue
		}
		if byID == nil {
			byID = make(map[int64]*samspil.Claim, len(l.Claims))
			for _, cl := range l.Claims {
				byID[cl.ID] = cl
			}
		}
		cl := byID[id]
		if cl == nil { // not in the ledger any more: state it from its last line
			cl = &samspil.Claim{ID: id, OutcomeCode: pc.last.OutcomeCode, AchievedOn: pc.last.AchievedOn, Pseudonym: pc.last.Pseudonym}
		}
		if pc.ore == 0 {
			continue
		}
		reason := ReasonPending
		if cl.Decision == samspil.ClaimRejected {
			reason = ReasonRejected
		}
		price, ok := run.price[cl.OutcomeCode]
		if !ok {
			price = pc.last.PriceOre
		}
		extra = append(extra, statementLine(run, cl, samspil.LineAdjustment, price, 0, pc.ore, reason))
		extraKeys = append(extraKeys, keyOf(cl, run.depth))
	}
	if len(extra) > 0 {
		st.Lines, keys = mergeLines(st.Lines, keys, extra, extraKeys)
	}

	for i := range st.Lines {
		ln := &st.Lines[i]
		st.TotalOre += ln.AmountOre
		acc.line(ln)
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

// outcomeTotals gathers a statement's per-outcome figures.
type outcomeTotals struct {
	terms *samspil.ContractTerms
	by    map[string]*samspil.StatementOutcome
	extra []string // codes not on the rate card, in first-seen order
}

func newOutcomeTotals(t *samspil.ContractTerms) *outcomeTotals {
	a := &outcomeTotals{terms: t, by: make(map[string]*samspil.StatementOutcome, len(t.Outcomes))}
	for _, o := range t.Outcomes {
		so := &samspil.StatementOutcome{Code: o.Code, TargetCount: o.TargetCount, PriceOre: o.PriceOre}
		if o.CapCount != nil {
			n := *o.CapCount
			so.CapCount = &n
		}
		a.by[o.Code] = so
	}
	return a
}

func (a *outcomeTotals) get(code string) *samspil.StatementOutcome {
	so := a.by[code]
	if so == nil {
		so = &samspil.StatementOutcome{Code: code}
		a.by[code] = so
		a.extra = append(a.extra, code)
	}
	return so
}

// toDate counts a claim that, after the statement, has been paid cum.
func (a *outcomeTotals) toDate(code string, cum int64) {
	if cum == 0 {
		return
	}
	so := a.get(code)
	so.PaidCountToDate++
	so.PaidOreToDate += cum
}

// line adds a statement line to its outcome's figures of this statement.
// CutOre sums the cuts of claim lines: what rules and caps withheld from
// claims stated for the first time.
func (a *outcomeTotals) line(ln *samspil.StatementLine) {
	so := a.get(ln.OutcomeCode)
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
	out := make([]samspil.StatementOutcome, 0, len(a.by))
	for _, o := range a.terms.Outcomes {
		out = append(out, *a.by[o.Code])
	}
	slices.Sort(a.extra)
	for _, c := range a.extra {
		out = append(out, *a.by[c])
	}
	return out
}
