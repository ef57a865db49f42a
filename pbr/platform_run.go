package pbr

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/samspil/samspil"
)

// ReasonInvalidContract is given to every claim when the ledger's terms do
// not pass the engine's Validate. The platform validates terms more strictly
// than the engine before it stores them, so this is a guard, not a path.
const ReasonInvalidContract Reason = "invalid_contract"

// ledgerRun is one engine run over a chosen set of a ledger's claims.
type ledgerRun struct {
	contract *Contract
	claims   []*samspil.Claim // the claims the engine saw, in processing order
	keys     []orderKey       // keys[i] is claims[i]'s place in the processing order
	lines    []Line           // lines[i] is the engine's verdict on claims[i]
	total    int64
	depth    map[string]int32
	price    map[string]int64
	pseudo   map[int64]string // participant id → pseudonym
}

// orderKey places a claim in the engine's processing order: by date, then
// prerequisite depth, then submission time, then claim id.
type orderKey struct {
	achieved  Date
	depth     int32
	submitted int64 // Unix nanoseconds
	id        int64
}

func compareKeys(a, b orderKey) int {
	if c := cmp.Compare(a.achieved, b.achieved); c != 0 {
		return c
	}
	if c := cmp.Compare(a.depth, b.depth); c != 0 {
		return c
	}
	if c := cmp.Compare(a.submitted, b.submitted); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// outcomeDepths returns each outcome's depth in the prerequisite graph:
// 0 without prerequisites, else one more than its deepest prerequisite.
func outcomeDepths(outs []Outcome) map[string]int32 {
	req := make(map[string][]string, len(outs))
	for _, o := range outs {
		req[o.Code] = o.Requires
	}
	depth := make(map[string]int32, len(outs))
	var visit func(code string, guard int) int32
	visit = func(code string, guard int) int32 {
		if d, ok := depth[code]; ok {
			return d
		}
		var d int32
		if guard <= len(outs) { // a cycle cannot pass Validate; the guard only stops recursion
			for _, r := range req[code] {
				if _, known := req[r]; known {
					d = max(d, visit(r, guard+1)+1)
				}
			}
		}
		depth[code] = d
		return d
	}
	for _, o := range outs {
		visit(o.Code, 0)
	}
	return depth
}

// keyOf returns cl's processing-order key under depths.
func keyOf(cl *samspil.Claim, depth map[string]int32) orderKey {
	return orderKey{achieved: DateOf(cl.AchievedOn), depth: depth[cl.OutcomeCode], submitted: cl.SubmittedAt.UnixNano(), id: cl.ID}
}

// runLedger runs the engine over the ledger's claims for which include is
// true. The claims are handed to the engine already in processing order,
// so its lines come back in that order too.
func runLedger(l *samspil.ContractLedger, include func(*samspil.Claim) bool) *ledgerRun {
	c := FromTerms(l.Contract.ID, &l.Contract.ContractTerms)
	r := &ledgerRun{contract: c, depth: outcomeDepths(c.Outcomes), price: make(map[string]int64, len(c.Outcomes)),
		pseudo: make(map[int64]string, len(l.Participants))}
	for _, o := range c.Outcomes {
		r.price[o.Code] = o.PriceOre
	}
	ps := make([]Participant, 0, len(l.Participants))
	for _, p := range l.Participants {
		r.pseudo[p.ID] = p.Pseudonym
		ps = append(ps, Participant{ID: p.Pseudonym, EnrolledOn: DateOf(p.EnrolledOn)})
	}

	type entry struct {
		key orderKey
		cl  *samspil.Claim
	}
	chosen := make([]entry, 0, len(l.Claims))
	for _, cl := range l.Claims {
		if include(cl) {
			chosen = append(chosen, entry{keyOf(cl, r.depth), cl})
		}
	}
	slices.SortFunc(chosen, func(a, b entry) int { return compareKeys(a.key, b.key) })

	r.claims = make([]*samspil.Claim, len(chosen))
	r.keys = make([]orderKey, len(chosen))
	cs := make([]Claim, len(chosen))
	for i, e := range chosen {
		r.claims[i], r.keys[i] = e.cl, e.key
		cs[i] = Claim{ID: strconv.FormatInt(e.cl.ID, 10), Participant: r.pseudonym(e.cl), Outcome: e.cl.OutcomeCode,
			AchievedOn: e.key.achieved, SubmittedAt: e.cl.SubmittedAt}
	}
	res, err := Calculate(c, ps, cs)
	if err != nil {
		r.lines = make([]Line, len(cs))
		for i := range cs {
			r.lines[i] = Line{ClaimID: cs[i].ID, Reason: ReasonInvalidContract}
		}
		return r
	}
	r.lines, r.total = res.Lines, res.TotalOre
	return r
}

// pseudonym names cl's participant: the ledger's participant, or the
// pseudonym the claim was read with.
func (r *ledgerRun) pseudonym(cl *samspil.Claim) string {
	if p, ok := r.pseudo[cl.ParticipantID]; ok {
		return p
	}
	return cl.Pseudonym
}

// paidClaim is what approved statements paid one claim, adjustments
// included, and the last line that stated it.
type paidClaim struct {
	ore  int64
	last *samspil.StatementLine
}

// approvedPaid sums, per claim, what the ledger's approved statements paid
// (claim lines and adjustments together), and the approved statements'
// total.
func approvedPaid(l *samspil.ContractLedger) (paid map[int64]paidClaim, total int64) {
	sts := approvedStatements(l)
	paid = map[int64]paidClaim{}
	for _, s := range sts {
		total += s.TotalOre
		for i := range s.Lines {
			ln := &s.Lines[i]
			pc := paid[ln.ClaimID]
			pc.ore += ln.AmountOre
			pc.last = ln // statements in number order: the last line wins
			paid[ln.ClaimID] = pc
		}
	}
	return paid, total
}

// approvedStatements returns the ledger's approved statements by number.
func approvedStatements(l *samspil.ContractLedger) []*samspil.Statement {
	var out []*samspil.Statement
	for _, s := range l.Statements {
		if s.Status == samspil.StatementApproved {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b *samspil.Statement) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// roundDiv divides n by d (d > 0), rounding half away from zero.
func roundDiv(n, d int64) int64 {
	q, r := n/d, n%d
	if r < 0 {
		r = -r
	}
	if 2*r >= d {
		if n < 0 {
			return q - 1
		}
		return q + 1
	}
	return q
}
