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
	claims   []*samspil.Claim // the claims the engine saw, in the ledger's order
	keys     []orderKey       // keys[i] is claims[i]'s place in the processing order
	out      []int32          // out[i] is claims[i]'s index in the rate card, or -1
	lines    []Line           // lines[i] is the engine's verdict on claims[i]
	total    int64
	depth    map[string]int32
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
// true, in the ledger's order; keys tell each claim's place in the
// processing order for callers that list claims in it.
func runLedger(l *samspil.ContractLedger, include func(*samspil.Claim) bool) *ledgerRun {
	c := FromTerms(l.Contract.ID, &l.Contract.ContractTerms)
	r := &ledgerRun{contract: c, depth: outcomeDepths(c.Outcomes), pseudo: make(map[int64]string, len(l.Participants))}
	ps := make([]Participant, 0, len(l.Participants))
	for _, p := range l.Participants {
		r.pseudo[p.ID] = p.Pseudonym
		ps = append(ps, Participant{ID: p.Pseudonym, EnrolledOn: DateOf(p.EnrolledOn)})
	}

	n := 0
	for _, cl := range l.Claims {
		if include(cl) {
			n++
		}
	}
	r.claims = make([]*samspil.Claim, 0, n)
	r.keys = make([]orderKey, 0, n)
	r.out = make([]int32, 0, n)
	cs := make([]Claim, 0, n)
	// Every claim id as decimal text, cut from one string: one allocation
	// instead of one per claim.
	var idText []byte
	for _, cl := range l.Claims {
		if include(cl) {
			idText = strconv.AppendInt(idText, cl.ID, 10)
		}
	}
	ids, at := string(idText), 0
	lastCode, lastOut, lastDepth := "", int32(-1), int32(0)
	for _, cl := range l.Claims {
		if !include(cl) {
			continue
		}
		if len(r.claims) == 0 || cl.OutcomeCode != lastCode {
			lastCode, lastOut, lastDepth = cl.OutcomeCode, r.outcomeIndex(cl.OutcomeCode), r.depth[cl.OutcomeCode]
		}
		w := decimalWidth(cl.ID)
		achieved := DateOf(cl.AchievedOn)
		r.claims = append(r.claims, cl)
		r.keys = append(r.keys, orderKey{achieved: achieved, depth: lastDepth, submitted: cl.SubmittedAt.UnixNano(), id: cl.ID})
		r.out = append(r.out, lastOut)
		cs = append(cs, Claim{ID: ids[at : at+w], Participant: r.pseudonym(cl), Outcome: cl.OutcomeCode,
			AchievedOn: achieved, SubmittedAt: cl.SubmittedAt})
		at += w
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

// decimalWidth is the length of n in decimal.
func decimalWidth(n int64) int {
	w := 1
	if n < 0 {
		w++
	}
	for n >= 10 || n <= -10 {
		n /= 10
		w++
	}
	return w
}

// pseudonym names cl's participant: the pseudonym the claim was read
// with, or the ledger's participant's.
func (r *ledgerRun) pseudonym(cl *samspil.Claim) string {
	if cl.Pseudonym != "" {
		return cl.Pseudonym
	}
	return r.pseudo[cl.ParticipantID]
}

// outcomeIndex returns code's index in the rate card, or -1.
func (r *ledgerRun) outcomeIndex(code string) int32 {
	for i := range r.contract.Outcomes {
		if r.contract.Outcomes[i].Code == code {
			return int32(i)
		}
	}
	return -1
}

// paidClaim is what approved statements paid one claim, adjustments
// included, and the last line that stated it.
type paidClaim struct {
	id   int64
	ore  int64
	last *samspil.StatementLine
}

// paidIndex is what the approved statements paid, claim by claim.
type paidIndex struct {
	at     *idIndex    // claim id → index in claims
	claims []paidClaim // in the order first stated
	total  int64       // the approved statements' totals
}

// approvedPaid sums, per claim, what the ledger's approved statements paid
// (claim lines and adjustments together).
func approvedPaid(l *samspil.ContractLedger) *paidIndex {
	sts := approvedStatements(l)
	pi := &paidIndex{at: newIDIndex(l.Claims)}
	for _, s := range sts {
		pi.total += s.TotalOre
		for i := range s.Lines {
			ln := &s.Lines[i]
			j, ok := pi.at.get(ln.ClaimID)
			if !ok {
				j = int32(len(pi.claims))
				pi.at.set(ln.ClaimID, j)
				pi.claims = append(pi.claims, paidClaim{id: ln.ClaimID})
			}
			pc := &pi.claims[j]
			pc.ore += ln.AmountOre
			pc.last = ln // statements in number order: the last line wins
		}
	}
	return pi
}

// idIndex maps claim ids to small numbers: through an array when the
// ledger's claim ids are dense (the store's ids of one contract mostly
// are), through a map for the rest. It is much faster than a map alone
// for a million claims.
type idIndex struct {
	base   int64
	dense  []int32 // value + 1; 0 is absent
	sparse map[int64]int32
}

func newIDIndex(claims []*samspil.Claim) *idIndex {
	x := &idIndex{sparse: map[int64]int32{}}
	if len(claims) == 0 {
		return x
	}
	lo, hi := claims[0].ID, claims[0].ID
	for _, cl := range claims {
		lo, hi = min(lo, cl.ID), max(hi, cl.ID)
	}
	if span := hi - lo + 1; span > 0 && span <= 4*int64(len(claims))+1024 {
		x.base, x.dense = lo, make([]int32, span)
	}
	return x
}

func (x *idIndex) get(id int64) (int32, bool) {
	if i := id - x.base; i >= 0 && i < int64(len(x.dense)) {
		v := x.dense[i]
		return v - 1, v != 0
	}
	v, ok := x.sparse[id]
	return v, ok
}

func (x *idIndex) set(id int64, v int32) {
	if i := id - x.base; i >= 0 && i < int64(len(x.dense)) {
		x.dense[i] = v + 1
		return
	}
	x.sparse[id] = v
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
