package pbr

// Validate checks a contract for the engine: an id-free check of the
// period, the cap and the rate card (codes unique and well formed, prices
// above 0, limits ≥ 1, prerequisites known and without cycles). The error
// is a *samspil.Error (EINVALID) naming the first problems.
func (c *Contract) Validate() error {
	panic("pbr: Contract.Validate not implemented yet (E1)")
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
// Calculate returns an error only when c is not valid.
func Calculate(c *Contract, participants []Participant, claims []Claim) (*Result, error) {
	panic("pbr: Calculate not implemented yet (E1)")
}
