package pbr

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/samspil/samspil"
)

// Validate checks a contract for the engine: an id-free check of the
// period, the cap and the rate card (codes unique and well formed, prices
// above 0, limits ≥ 1, prerequisites known and without cycles). The error
// is a *samspil.Error (EINVALID) naming the first problems.
func (c *Contract) Validate() error {
	var v samspil.Validation
	if c.Period.End <= c.Period.Start {
		v.Add("period", "pbr.period.order", "the contract must end after it starts", nil)
	}
	if c.CapOre <= 0 {
		v.Add("cap_ore", "pbr.cap.required", "give the most the contract can pay in total, above 0 kr.", nil)
	}
	switch n := len(c.Outcomes); {
	case n == 0:
		v.Add("outcomes", "pbr.outcomes.required", "the rate card needs at least one outcome", nil)
	case n > samspil.MaxContractOutcomes:
		v.Add("outcomes", "pbr.outcomes.too_many", "a rate card can have at most {{.Max}} outcomes", map[string]any{"Max": samspil.MaxContractOutcomes})
	}
	seen := make(map[string]bool, len(c.Outcomes))
	for i := range c.Outcomes {
		o := &c.Outcomes[i]
		f := func(name string) string { return "outcomes." + strconv.Itoa(i) + "." + name }
		switch {
		case o.Code == "":
			v.Add(f("code"), "pbr.outcome.code_required", "give the outcome a code, e.g. JOB_START", nil)
		case !samspil.ValidOutcomeCode(o.Code):
			v.Add(f("code"), "pbr.outcome.code_invalid", "an outcome code has 1–32 of the characters A–Z, 0–9 and _", nil)
		case seen[o.Code]:
			v.Add(f("code"), "pbr.outcome.code_duplicate", "the code {{.Code}} is used twice", map[string]any{"Code": o.Code})
		}
		seen[o.Code] = true
		if o.PriceOre <= 0 {
			v.Add(f("price_ore"), "pbr.outcome.price_required", "the price per outcome must be above 0 kr.", nil)
		}
		if o.PerParticipantLimit < 1 {
			v.Add(f("per_participant_limit"), "pbr.outcome.limit_invalid", "the limit per participant must be a whole number from 1 to 1,000", nil)
		}
		if o.WindowDays != nil && *o.WindowDays < 0 {
			v.Add(f("window_days"), "pbr.outcome.window_invalid", "the window must be a number of days from 0 up to the contract's length, or empty", nil)
		}
		if o.CapCount != nil && *o.CapCount < 0 {
			v.Add(f("cap_count"), "pbr.outcome.cap_count_invalid", "the most outcomes paid must be 0 or more, or empty", nil)
		}
	}
	for i := range c.Outcomes {
		o := &c.Outcomes[i]
		for _, r := range o.Requires {
			if r == o.Code || !seen[r] {
				v.Add("outcomes."+strconv.Itoa(i)+".requires", "pbr.outcome.requires_unknown",
					"{{.Code}} requires an outcome that is not on the rate card: {{.Required}}", map[string]any{"Code": o.Code, "Required": r})
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if _, code := depths(c.Outcomes); code != "" {
		v.Add("outcomes", "pbr.outcome.requires_cycle", "the prerequisites go round in a circle through {{.Code}}", map[string]any{"Code": code})
	}
	return v.Err()
}

// depths returns each outcome's prerequisite depth (the longest chain of
// requirements below it: 0 for an outcome that requires nothing), or a
// code on a cycle. Codes must be unique and requirements known.
func depths(outs []Outcome) ([]int32, string) {
	index := make(map[string]int, len(outs))
	for i, o := range outs {
		index[o.Code] = i
	}
	depth := make([]int32, len(outs))
	state := make([]uint8, len(outs)) // 0 unseen, 1 on the path, 2 done
	var visit func(i int) string
	visit = func(i int) string {
		switch state[i] {
		case 1:
			return outs[i].Code
		case 2:
			return ""
		}
		state[i] = 1
		var d int32
		for _, r := range outs[i].Requires {
			j := index[r]
			if x := visit(j); x != "" {
				return x
			}
			d = max(d, depth[j]+1)
		}
		depth[i], state[i] = d, 2
		return ""
	}
	for i := range outs {
		if x := visit(i); x != "" {
			return nil, x
		}
	}
	return depth, ""
}

// noPass marks a (participant, outcome) pair no claim has passed rules 1–2 for.
const noPass = math.MinInt32

// The reasons as small numbers for the engine's loop; validBit marks a
// claim that passed rules 1–3.
const (
	rNone uint8 = iota
	rUnknownOutcome
	rNotEnrolled
	rOutsidePeriod
	rOutsideWindow
	rMissingPrerequisite
	rDuplicate
	rLimitReached
	rCapCountReached
	rCapReached
	rCapPartial
	validBit uint8 = 0x80
)

// reasonCodes maps the numbers to the codes.
var reasonCodes = [...]Reason{ReasonNone, ReasonUnknownOutcome, ReasonNotEnrolled, ReasonOutsidePeriod, ReasonOutsideWindow,
	ReasonMissingPrerequisite, ReasonDuplicate, ReasonLimitReached, ReasonCapCountReached, ReasonCapReached, ReasonCapPartial}

// pairState is what the engine remembers for one participant and outcome.
type pairState struct {
	valid    int32 // claims that passed rules 1–3
	lastPass Date  // the latest date of a claim that passed rules 1–2, or noPass
}

// Calculate applies the payment rules to every claim and returns one line
// per claim, in the order of claims.
//
// Processing order: by achieved date; on the same date prerequisite
// outcomes before the outcomes that require them (by depth in the
// prerequisite graph), then by submission time, then by claim id (ids
// that are both decimal numbers compare as numbers, others as strings).
// Unknown outcomes have depth 0.
//
// For each claim in that order, the first reason that applies is given:
// unknown_outcome; not_enrolled (unknown participant, or achieved before
// enrolment); outside_period; outside_window (achieved after enrolment +
// WindowDays, inclusive); missing_prerequisite (a required outcome has no
// valid claim of the participant dated on or before); duplicate (an
// earlier claim has the same participant, outcome and date and passed
// rules 1–2); limit_reached (the participant already has
// PerParticipantLimit valid claims of the outcome). A claim that passes
// these is valid. Then cap_count_reached (CapCount claims of the outcome
// already paid) and cap_reached (nothing left of CapOre); a claim that
// gets less than its price because of CapOre gets the remainder and
// cap_partial. ByOutcome has an entry for every outcome of the contract.
//
// Calculate returns an error only when c is not valid, or when two
// participants or two claims share an id (EINVALID).
func Calculate(c *Contract, participants []Participant, claims []Claim) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if len(claims) > math.MaxInt32 {
		e := samspil.Errorf(samspil.EINVALID, "pbr.upload.too_many", "the file has more than %d lines; split it up", math.MaxInt32)
		e.Args = map[string]any{"Max": math.MaxInt32}
		return nil, e
	}
	depth, _ := depths(c.Outcomes)
	codes := make([]string, len(c.Outcomes))
	for i, o := range c.Outcomes {
		codes[i] = o.Code
	}
	requires := make([][]int32, len(c.Outcomes)) // as indexes
	for i, o := range c.Outcomes {
		for _, r := range o.Requires {
			requires[i] = append(requires[i], int32(slices.Index(codes, r)))
		}
	}
	partIndex := make(map[string]int32, len(participants))
	for i, p := range participants {
		if _, dup := partIndex[p.ID]; dup {
			return nil, duplicateID("participants", "pbr.participant.pseudonym_taken", "the pseudonym {{.Pseudonym}} is used twice", "Pseudonym", p.ID)
		}
		partIndex[p.ID] = int32(i)
	}
	if id, dup := duplicateClaimID(claims); dup {
		return nil, duplicateID("claims", "pbr.claim.id_duplicate", "the claim id {{.ID}} is used twice", "ID", id)
	}

	// Resolve every claim once: its outcome and participant as indexes
	// (-1 when unknown). Claims of one participant or outcome often come
	// together, so the last match is tried before the map.
	outOf := make([]int32, len(claims))
	partOf := make([]int32, len(claims))
	achieved := make([]Date, len(claims))
	lastOut, lastOutIdx := "", int32(-1)
	lastPart, lastPartIdx := "", int32(-1)
	for i := range claims {
		cl := &claims[i]
		if i == 0 || cl.Outcome != lastOut {
			lastOut, lastOutIdx = cl.Outcome, int32(slices.Index(codes, cl.Outcome))
		}
		if i == 0 || cl.Participant != lastPart {
			p, ok := partIndex[cl.Participant]
			if !ok {
				p = -1
			}
			lastPart, lastPartIdx = cl.Participant, p
		}
		outOf[i], partOf[i], achieved[i] = lastOutIdx, lastPartIdx, cl.AchievedOn
	}
	order := processingOrder(claims, outOf, depth, false)

	nOut := len(c.Outcomes)
	pairs := make([]pairState, len(participants)*nOut)
	for i := range pairs {
		pairs[i].lastPass = noPass
	}
	enrolled := make([]Date, len(participants))
	for i := range participants {
		enrolled[i] = participants[i].EnrolledOn
	}
	paidCount := make([]int, nOut)
	paidOre := make([]int64, nOut)
	left := c.CapOre

	// The loop visits claims in processing order, which jumps around the
	// input; it reads and writes small per-claim arrays (a few MB for a
	// million claims) rather than the claims and lines themselves.
	amounts := make([]int64, len(claims))
	reasons := make([]uint8, len(claims)) // index into reasonCodes; valid claims have validBit set
	for _, i := range order {
		o, p := outOf[i], partOf[i]
		on := achieved[i]
		if o < 0 {
			reasons[i] = rUnknownOutcome
			continue
		}
		if p < 0 || on < enrolled[p] {
			reasons[i] = rNotEnrolled
			continue
		}
		if on < c.Period.Start || on > c.Period.End {
			reasons[i] = rOutsidePeriod
			continue
		}
		out := &c.Outcomes[o]
		if out.WindowDays != nil && int64(on) > int64(enrolled[p])+int64(*out.WindowDays) {
			reasons[i] = rOutsideWindow
			continue
		}
		row := int(p) * nOut
		if !prerequisitesMet(requires[o], pairs[row:row+nOut]) {
			reasons[i] = rMissingPrerequisite
			continue
		}
		st := &pairs[row+int(o)]
		if st.lastPass == on {
			reasons[i] = rDuplicate
			continue
		}
		st.lastPass = on
		if int(st.valid) >= out.PerParticipantLimit {
			reasons[i] = rLimitReached
			continue
		}
		st.valid++
		switch {
		case out.CapCount != nil && paidCount[o] >= *out.CapCount:
			reasons[i] = rCapCountReached | validBit
			continue
		case left == 0:
			reasons[i] = rCapReached | validBit
			continue
		}
		amount := out.PriceOre
		reasons[i] = rNone | validBit
		if amount > left {
			amount = left
			reasons[i] = rCapPartial | validBit
		}
		amounts[i] = amount
		left -= amount
		paidCount[o]++
		paidOre[o] += amount
	}

	res := &Result{Lines: make([]Line, len(claims)), ByOutcome: make(map[string]OutcomeTotal, nOut)}
	for i := range claims {
		r := reasons[i]
		res.Lines[i] = Line{ClaimID: claims[i].ID, AmountOre: amounts[i], Reason: reasonCodes[r&^validBit], Valid: r&validBit != 0}
	}
	for i, o := range c.Outcomes {
		res.ByOutcome[o.Code] = OutcomeTotal{PaidCount: paidCount[i], AmountOre: paidOre[i]}
		res.TotalOre += paidOre[i]
	}
	return res, nil
}

// prerequisitesMet reports whether the participant (whose pair states are
// row) has a valid claim of every required outcome (indexes). Claims are
// processed by date, so every valid claim seen so far is dated on or before.
func prerequisitesMet(requires []int32, row []pairState) bool {
	for _, r := range requires {
		if row[r].valid == 0 {
			return false
		}
	}
	return true
}

// duplicateID is the error for an id used twice in the engine's input.
func duplicateID(field, key, msg, arg, id string) error {
	return &samspil.Error{Code: samspil.EINVALID, Key: "error.validation", Message: "the input has errors",
		Fields: []samspil.FieldError{{Field: field, Key: key, Message: msg, Args: map[string]any{arg: id}}}}
}

// compareIDs orders claim ids: as numbers when both are decimal digits
// (of any length), otherwise, and between equal numbers such as "7" and
// "007", as strings.
func compareIDs(a, b string) int {
	if allDigits(a) && allDigits(b) {
		x, y := trimZeros(a), trimZeros(b)
		if len(x) != len(y) {
			return cmp.Compare(len(x), len(y))
		}
		if r := cmp.Compare(x, y); r != 0 {
			return r
		}
	}
	return cmp.Compare(a, b)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}
