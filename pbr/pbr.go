// Package pbr is the payment-by-result engine: it turns an outcome
// contract's rate card, its participants and their claims into amounts,
// statements, dashboards and social-value estimates. It is pure: no
// database, no clock, no network, so `samspil pbr calculate` gives anyone
// the same numbers as the platform.
//
// The rules (the five, in this order) are written out in
// docs/pbr.md; Calculate's doc comment is the precise version.
package pbr

import (
	"fmt"
	"time"
)

// Date is a calendar date as days since 1970-01-01. Dates in the engine
// have no time of day and no zone, so comparisons and windows are exact.
// In JSON and CSV a Date is "YYYY-MM-DD".
type Date int32

// DateOf returns the date of t's year, month and day (in t's location).
func DateOf(t time.Time) Date {
	return Date(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// ParseDate reads an ISO date, YYYY-MM-DD, and nothing else.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return 0, &dateError{s}
	}
	return DateOf(t), nil
}

// dateError is a date that is not YYYY-MM-DD; ReadContract names it.
type dateError struct{ value string }

func (e *dateError) Error() string {
	return fmt.Sprintf("%q is not a date written as YYYY-MM-DD", e.value)
}

// MarshalText writes d as YYYY-MM-DD, so JSON and CSV show dates a person
// can read.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	x, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// Period is a contract's period; both ends are inclusive.
type Period struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
}

// Outcome is one rate-card line as the engine sees it (contract.json).
type Outcome struct {
	Code                string   `json:"code"`
	PriceOre            int64    `json:"price_ore"`
	PerParticipantLimit int      `json:"per_participant_limit"`
	Requires            []string `json:"requires"`
	WindowDays          *int     `json:"window_days"` // nil: the whole period
	CapCount            *int     `json:"cap_count"`   // nil: no cap
}

// Contract is the engine's input contract (the contract.json format).
type Contract struct {
	ID       string    `json:"id"`
	Period   Period    `json:"period"`
	CapOre   int64     `json:"cap_ore"`
	Outcomes []Outcome `json:"outcomes"`
}

// Participant is one line of participants.csv.
type Participant struct {
	ID         string // the pseudonym
	EnrolledOn Date
}

// Claim is one line of claims.csv.
type Claim struct {
	ID          string
	Participant string
	Outcome     string
	AchievedOn  Date
	SubmittedAt time.Time
}

// Reason is why a claim is not paid its full price. The codes are a stable
// interface (CLI output, API, statements); the order of the constants is
// the order in which they are tested.
type Reason string

// The reasons, first that applies wins.
const (
	ReasonNone                Reason = ""
	ReasonUnknownOutcome      Reason = "unknown_outcome"
	ReasonNotEnrolled         Reason = "not_enrolled"
	ReasonOutsidePeriod       Reason = "outside_period"
	ReasonOutsideWindow       Reason = "outside_window"
	ReasonMissingPrerequisite Reason = "missing_prerequisite"
	ReasonDuplicate           Reason = "duplicate"
	ReasonLimitReached        Reason = "limit_reached"
	ReasonCapCountReached     Reason = "cap_count_reached"
	ReasonCapReached          Reason = "cap_reached"
	ReasonCapPartial          Reason = "cap_partial"
)

// Reasons lists every reason code in test order (cap_partial last).
var Reasons = []Reason{ReasonUnknownOutcome, ReasonNotEnrolled, ReasonOutsidePeriod, ReasonOutsideWindow,
	ReasonMissingPrerequisite, ReasonDuplicate, ReasonLimitReached, ReasonCapCountReached, ReasonCapReached, ReasonCapPartial}

// Line is the engine's verdict on one claim.
type Line struct {
	ClaimID   string `json:"claim_id"`
	AmountOre int64  `json:"amount_ore"`
	Reason    Reason `json:"reason"`
	// Valid reports whether the claim passed rules 1–3 (it then satisfies
	// prerequisites and counts towards the per-participant limit).
	Valid bool `json:"-"`
}

// OutcomeTotal sums the paid claims of one outcome.
type OutcomeTotal struct {
	PaidCount int   `json:"paid_count"` // claims with an amount above 0
	AmountOre int64 `json:"amount_ore"`
}

// Result is a calculation: one line per claim in input order.
type Result struct {
	Lines     []Line                  `json:"lines"`
	TotalOre  int64                   `json:"total_ore"`
	ByOutcome map[string]OutcomeTotal `json:"by_outcome"` // every outcome of the contract, paid or not
}
