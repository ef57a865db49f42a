package samspil

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Payment by result (resultatbaseret betaling): a municipality (the
// commissioner) pays a social-economy enterprise (the provider) an agreed
// price for each verified outcome of a participant. The rules that turn
// claims into money live in the pure package pbr; this file holds the nouns
// the platform stores and the rights around them.

// ContractStatus is an outcome contract's place in its life.
type ContractStatus string

// The statuses: a draft is edited by the commissioner and approved by both
// parties; an active contract is locked (changes are amendments); a finished
// contract takes no more claims.
const (
	ContractDraft    ContractStatus = "draft"
	ContractActive   ContractStatus = "active"
	ContractFinished ContractStatus = "finished"
)

// ContractStatuses lists the statuses in life order.
var ContractStatuses = []ContractStatus{ContractDraft, ContractActive, ContractFinished}

// Valid reports whether s is known.
func (s ContractStatus) Valid() bool {
	return s == ContractDraft || s == ContractActive || s == ContractFinished
}

// ContractSide is the part a party plays in an outcome contract. Approvals
// and decisions are made for a side, so a person who is a member of both
// organisations still acts as one of them at a time.
type ContractSide string

// The sides. The investor (a social investor or fund) sees aggregates only.
const (
	SideCommissioner ContractSide = "commissioner"
	SideProvider     ContractSide = "provider"
	SideInvestor     ContractSide = "investor"
)

// StatementPeriod is how often payment statements are made.
type StatementPeriod string

// The periods: calendar months or calendar quarters, cut to the contract period.
const (
	PeriodMonth   StatementPeriod = "month"
	PeriodQuarter StatementPeriod = "quarter"
)

// Limits on contracts. They keep forms, statements and the engine's
// working set within what a person can check.
const (
	MaxContractOutcomes   = 30
	MaxOutcomeCodeLen     = 32
	MaxContractYears      = 10
	MaxContractCapOre     = 100_000_000_000 * 100 // 100 billion kroner: far above any real contract
	MaxOutcomePriceOre    = 100_000_000 * 100     // 100 million kroner per outcome
	MaxClaimsPerUpload    = 200_000
	MaxParticipantsUpload = 200_000
	MaxPseudonymLen       = 64
	MaxEvidenceRefLen     = 500
)

// OutcomeSaving links an outcome to a public-cost unit price: one achieved
// outcome is assumed to save Months months of that cost. The dashboard
// states these links as the assumptions behind its social-value estimate.
type OutcomeSaving struct {
	UnitPriceCode string `json:"unit_price_code"`
	Months        int    `json:"months"` // 1–120
}

// Outcome is one line of the rate card: what is paid for, how it is
// evidenced and the rules the engine applies to its claims.
type Outcome struct {
	Code        string `json:"code"`        // e.g. JOB_START; A–Z, 0–9 and _; unique in the contract
	Description string `json:"description"` // Danish, e.g. "Ordinær beskæftigelse i 13 sammenhængende uger"
	Evidence    string `json:"evidence"`    // how the outcome is documented, e.g. "lønsedler for 13 uger"
	PriceOre    int64  `json:"price_ore"`   // > 0
	// PerParticipantLimit is how many times one participant can earn the
	// outcome (≥ 1).
	PerParticipantLimit int      `json:"per_participant_limit"`
	Requires            []string `json:"requires"` // prerequisite outcome codes; no cycles
	// WindowDays is the number of days after enrolment in which the outcome
	// counts (inclusive); nil means the whole contract period.
	WindowDays *int `json:"window_days"`
	// CapCount is the most outcomes of this kind that are paid; nil is no cap.
	CapCount *int `json:"cap_count"`
	// TargetCount is the number of outcomes the parties aim for (0 = none
	// set); the dashboard shows achieved against it.
	TargetCount int             `json:"target_count"`
	Savings     []OutcomeSaving `json:"savings"`
}

// ContractTerms are the parts of a contract that both parties approve and
// that only an amendment can change once the contract is active.
type ContractTerms struct {
	PeriodStart     time.Time       `json:"period_start"` // a date (midnight UTC)
	PeriodEnd       time.Time       `json:"period_end"`   // a date, inclusive
	CapOre          int64           `json:"cap_ore"`      // the most the whole contract pays
	CohortTarget    int             `json:"cohort_target"`
	StatementPeriod StatementPeriod `json:"statement_period"`
	// DeadweightPct is the share (0–100) of outcomes assumed to happen
	// anyway; the social-value estimate deducts it.
	DeadweightPct int       `json:"deadweight_pct"`
	Outcomes      []Outcome `json:"outcomes"`
}

// Outcome returns the rate-card line with code, or nil.
func (t *ContractTerms) Outcome(code string) *Outcome {
	for i := range t.Outcomes {
		if t.Outcomes[i].Code == code {
			return &t.Outcomes[i]
		}
	}
	return nil
}

// OutcomeContract is a payment-by-result contract between a commissioner
// (a municipality) and a provider (usually an SØV), optionally with a
// social investor or fund.
type OutcomeContract struct {
	ID             int64          `json:"id"`
	Title          string         `json:"title"`
	Summary        string         `json:"summary"`      // Markdown
	TargetGroup    string         `json:"target_group"` // a target group code
	CommissionerID int64          `json:"commissioner_id"`
	ProviderID     int64          `json:"provider_id"`
	InvestorID     *int64         `json:"investor_id,omitempty"`
	Commissioner   string         `json:"commissioner"` // names, filled on read
	Provider       string         `json:"provider"`
	Investor       string         `json:"investor,omitempty"`
	Status         ContractStatus `json:"status"`
	ContractTerms
	// Amendment is the number of the last approved amendment (0 = the
	// original terms).
	Amendment int `json:"amendment"`
	// Version counts every saved change, for optimistic saves of drafts.
	Version                int        `json:"version"`
	CommissionerApprovedAt *time.Time `json:"commissioner_approved_at,omitempty"`
	CommissionerApprovedBy int64      `json:"-"`
	ProviderApprovedAt     *time.Time `json:"provider_approved_at,omitempty"`
	ProviderApprovedBy     int64      `json:"-"`
	TenderID               *int64     `json:"tender_id,omitempty"`      // set when the contract came from a tender
	PartnershipID          *int64     `json:"partnership_id,omitempty"` // created when the contract becomes active
	CreatedBy              int64      `json:"-"`
	CreatedAt              time.Time  `json:"created_at"`
	UpdatedAt              time.Time  `json:"updated_at"`
	FinishedAt             *time.Time `json:"finished_at,omitempty"`
}

// Side returns the side orgID plays in the contract, or "".
func (c *OutcomeContract) Side(orgID int64) ContractSide {
	switch {
	case orgID == c.CommissionerID:
		return SideCommissioner
	case orgID == c.ProviderID:
		return SideProvider
	case c.InvestorID != nil && *c.InvestorID == orgID:
		return SideInvestor
	}
	return ""
}

// Validate checks a contract draft (or an amendment's terms: contract
// fields other than the terms are checked too). It collects every problem
// at once. now is the caller's clock (for the limits on dates ahead).
func (c *OutcomeContract) Validate(now time.Time) error {
	var v Validation
	c.Title = strings.TrimSpace(c.Title)
	c.Summary = strings.TrimSpace(c.Summary)
	switch n := utf8.RuneCountInString(c.Title); {
	case n == 0:
		v.Add("title", "pbr.title.required", "give the contract a title", nil)
	case n > 200:
		v.Add("title", "pbr.title.too_long", "the title can be at most 200 characters", nil)
	}
	if utf8.RuneCountInString(c.Summary) > 20000 {
		v.Add("summary", "pbr.summary.too_long", "the summary can be at most 20,000 characters", nil)
	}
	if c.TargetGroup == "" {
		v.Add("target_group", "pbr.target_group.required", "choose the target group", nil)
	}
	if c.CommissionerID == 0 {
		v.Add("commissioner_id", "pbr.commissioner.required", "choose the commissioning municipality", nil)
	}
	if c.ProviderID == 0 {
		v.Add("provider_id", "pbr.provider.required", "choose the provider", nil)
	} else if c.ProviderID == c.CommissionerID {
		v.Add("provider_id", "pbr.provider.same", "the provider must be another organisation than the commissioner", nil)
	}
	if c.InvestorID != nil && (*c.InvestorID == c.CommissionerID || *c.InvestorID == c.ProviderID) {
		v.Add("investor_id", "pbr.investor.same", "the investor must be a third organisation", nil)
	}
	refuseCPR(&v, map[string]string{"title": c.Title, "summary": c.Summary})
	v.Merge(c.ContractTerms.Validate(now))
	return v.Err()
}

// Validate checks terms on their own: the period, the caps and every line
// of the rate card, with field names like "outcomes.2.price_ore".
func (t *ContractTerms) Validate(now time.Time) error {
	var v Validation
	switch {
	case t.PeriodStart.IsZero():
		v.Add("period_start", "pbr.period.start_required", "give the date the contract starts", nil)
	case t.PeriodEnd.IsZero():
		v.Add("period_end", "pbr.period.end_required", "give the date the contract ends", nil)
	case !t.PeriodEnd.After(t.PeriodStart):
		v.Add("period_end", "pbr.period.order", "the contract must end after it starts", nil)
	case t.PeriodEnd.After(t.PeriodStart.AddDate(MaxContractYears, 0, 0)):
		v.Add("period_end", "pbr.period.too_long", "a contract can run for at most {{.Max}} years", map[string]any{"Max": MaxContractYears})
	case t.PeriodStart.After(now.AddDate(MaxContractYears, 0, 0)):
		v.Add("period_start", "pbr.period.too_far", "the contract cannot start more than {{.Max}} years from now", map[string]any{"Max": MaxContractYears})
	}
	if t.CapOre <= 0 {
		v.Add("cap_ore", "pbr.cap.required", "give the most the contract can pay in total, above 0 kr.", nil)
	} else if t.CapOre > MaxContractCapOre {
		v.Add("cap_ore", "pbr.cap.too_large", "the cap is larger than any contract the platform accepts", nil)
	}
	if t.CohortTarget < 0 || t.CohortTarget > MaxParticipantsUpload*10 {
		v.Add("cohort_target", "pbr.cohort.invalid", "the cohort target must be a whole number of people, 0 or more", nil)
	}
	if t.StatementPeriod != PeriodMonth && t.StatementPeriod != PeriodQuarter {
		v.Add("statement_period", "pbr.statement_period.invalid", "choose monthly or quarterly statements", nil)
	}
	if t.DeadweightPct < 0 || t.DeadweightPct > 100 {
		v.Add("deadweight_pct", "pbr.deadweight.invalid", "deadweight is a percentage from 0 to 100", nil)
	}
	switch n := len(t.Outcomes); {
	case n == 0:
		v.Add("outcomes", "pbr.outcomes.required", "the rate card needs at least one outcome", nil)
	case n > MaxContractOutcomes:
		v.Add("outcomes", "pbr.outcomes.too_many", "a rate card can have at most {{.Max}} outcomes", map[string]any{"Max": MaxContractOutcomes})
	}
	seen := map[string]bool{}
	for i := range t.Outcomes {
		o := &t.Outcomes[i]
		f := func(name string) string { return "outcomes." + strconv.Itoa(i) + "." + name }
		o.Code = strings.ToUpper(strings.TrimSpace(o.Code))
		o.Description = strings.TrimSpace(o.Description)
		o.Evidence = strings.TrimSpace(o.Evidence)
		switch {
		case o.Code == "":
			v.Add(f("code"), "pbr.outcome.code_required", "give the outcome a code, e.g. JOB_START", nil)
		case !ValidOutcomeCode(o.Code):
			v.Add(f("code"), "pbr.outcome.code_invalid", "an outcome code has 1–32 of the characters A–Z, 0–9 and _", nil)
		case seen[o.Code]:
			v.Add(f("code"), "pbr.outcome.code_duplicate", "the code {{.Code}} is used twice", map[string]any{"Code": o.Code})
		}
		seen[o.Code] = true
		if o.Description == "" {
			v.Add(f("description"), "pbr.outcome.description_required", "describe the outcome", nil)
		} else if utf8.RuneCountInString(o.Description) > 500 {
			v.Add(f("description"), "pbr.outcome.description_too_long", "the description can be at most 500 characters", nil)
		}
		if o.Evidence == "" {
			v.Add(f("evidence"), "pbr.outcome.evidence_required", "say precisely how the outcome is documented", nil)
		} else if utf8.RuneCountInString(o.Evidence) > 2000 {
			v.Add(f("evidence"), "pbr.outcome.evidence_too_long", "the definition of evidence can be at most 2,000 characters", nil)
		}
		if o.PriceOre <= 0 {
			v.Add(f("price_ore"), "pbr.outcome.price_required", "the price per outcome must be above 0 kr.", nil)
		} else if o.PriceOre > MaxOutcomePriceOre {
			v.Add(f("price_ore"), "pbr.outcome.price_too_large", "the price per outcome is larger than the platform accepts", nil)
		}
		if o.PerParticipantLimit < 1 || o.PerParticipantLimit > 1000 {
			v.Add(f("per_participant_limit"), "pbr.outcome.limit_invalid", "the limit per participant must be a whole number from 1 to 1,000", nil)
		}
		if o.WindowDays != nil && (*o.WindowDays < 0 || *o.WindowDays > MaxContractYears*366) {
			v.Add(f("window_days"), "pbr.outcome.window_invalid", "the window must be a number of days from 0 up to the contract's length, or empty", nil)
		}
		if o.CapCount != nil && *o.CapCount < 0 {
			v.Add(f("cap_count"), "pbr.outcome.cap_count_invalid", "the most outcomes paid must be 0 or more, or empty", nil)
		}
		if o.TargetCount < 0 {
			v.Add(f("target_count"), "pbr.outcome.target_invalid", "the target must be 0 or more", nil)
		}
		for _, s := range o.Savings {
			if s.UnitPriceCode == "" || s.Months < 1 || s.Months > 120 {
				v.Add(f("savings"), "pbr.outcome.saving_invalid", "each saving needs a unit price and 1–120 months", nil)
				break
			}
		}
		refuseCPR(&v, map[string]string{f("description"): o.Description, f("evidence"): o.Evidence})
	}
	for i := range t.Outcomes {
		o := &t.Outcomes[i]
		for _, r := range o.Requires {
			if r == o.Code || !seen[r] {
				v.Add("outcomes."+strconv.Itoa(i)+".requires", "pbr.outcome.requires_unknown", "{{.Code}} requires an outcome that is not on the rate card: {{.Required}}", map[string]any{"Code": o.Code, "Required": r})
			}
		}
	}
	if !v.Has("outcomes") {
		if code := requiresCycle(t.Outcomes); code != "" {
			v.Add("outcomes", "pbr.outcome.requires_cycle", "the prerequisites go round in a circle through {{.Code}}", map[string]any{"Code": code})
		}
	}
	return v.Err()
}

// ValidOutcomeCode reports whether s can be an outcome code.
func ValidOutcomeCode(s string) bool {
	if s == "" || len(s) > MaxOutcomeCodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// requiresCycle returns a code on a prerequisite cycle, or "".
func requiresCycle(outs []Outcome) string {
	req := map[string][]string{}
	for _, o := range outs {
		req[o.Code] = o.Requires
	}
	state := map[string]int{} // 0 unseen, 1 on the path, 2 done
	var visit func(string) string
	visit = func(c string) string {
		switch state[c] {
		case 1:
			return c
		case 2:
			return ""
		}
		state[c] = 1
		for _, r := range req[c] {
			if _, ok := req[r]; ok {
				if x := visit(r); x != "" {
					return x
				}
			}
		}
		state[c] = 2
		return ""
	}
	for _, o := range outs {
		if x := visit(o.Code); x != "" {
			return x
		}
	}
	return ""
}

// AmendmentStatus is where a proposed change of terms stands.
type AmendmentStatus string

// The amendment statuses.
const (
	AmendmentProposed  AmendmentStatus = "proposed"
	AmendmentApproved  AmendmentStatus = "approved"
	AmendmentWithdrawn AmendmentStatus = "withdrawn"
)

// ContractAmendment is a numbered change of an active contract's terms.
// It takes effect when both parties have approved it; until then the
// contract keeps its terms.
type ContractAmendment struct {
	ID                     int64           `json:"id"`
	ContractID             int64           `json:"contract_id"`
	Number                 int             `json:"number"` // 1, 2, … in the order proposed
	Note                   string          `json:"note"`   // why; required
	Terms                  ContractTerms   `json:"terms"`  // the whole new terms
	Status                 AmendmentStatus `json:"status"`
	ProposedBy             int64           `json:"-"`
	ProposedBySide         ContractSide    `json:"proposed_by_side"`
	CommissionerApprovedAt *time.Time      `json:"commissioner_approved_at,omitempty"`
	ProviderApprovedAt     *time.Time      `json:"provider_approved_at,omitempty"`
	CreatedAt              time.Time       `json:"created_at"`
	DecidedAt              *time.Time      `json:"decided_at,omitempty"`
}

// Banded attributes of a participant. They are coarse on purpose: enough
// for the dashboard's breakdowns, too coarse to identify anyone.
var (
	AgeBands          = []string{"18-24", "25-29", "30-39", "40-49", "50-59", "60+"}
	BenefitTypes      = []string{"kontanthjaelp", "uddannelseshjaelp", "integrationsydelse", "ledighedsydelse", "sygedagpenge", "ressourceforloeb", "dagpenge", "ingen", "andet"}
	UnemploymentBands = []string{"0-6m", "6-12m", "1-2y", "2-5y", "5y+"}
)

// Participant is a person in an outcome contract, known to the platform only
// by a pseudonym the provider chooses. The platform never stores a CPR
// number: Validate refuses anything that looks like one, in every field.
type Participant struct {
	ID               int64     `json:"id"`
	ContractID       int64     `json:"contract_id"`
	Pseudonym        string    `json:"pseudonym"`   // 1–64 characters, unique in the contract
	EnrolledOn       time.Time `json:"enrolled_on"` // a date
	AgeBand          string    `json:"age_band,omitempty"`
	BenefitType      string    `json:"benefit_type,omitempty"`
	UnemploymentBand string    `json:"unemployment_band,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
}

// Validate checks one participant against the contract (the enrolment
// date lies in its period and not after today).
func (p *Participant) Validate(c *OutcomeContract, now time.Time) error {
	var v Validation
	p.Pseudonym = strings.TrimSpace(p.Pseudonym)
	switch {
	case p.Pseudonym == "":
		v.Add("pseudonym", "pbr.participant.pseudonym_required", "give the participant a pseudonym", nil)
	case LooksLikeCPR(p.Pseudonym):
		v.Add("pseudonym", "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
	case utf8.RuneCountInString(p.Pseudonym) > MaxPseudonymLen || strings.ContainsAny(p.Pseudonym, "\r\n\t"):
		v.Add("pseudonym", "pbr.participant.pseudonym_invalid", "a pseudonym is one line of at most {{.Max}} characters", map[string]any{"Max": MaxPseudonymLen})
	}
	switch {
	case p.EnrolledOn.IsZero():
		v.Add("enrolled_on", "pbr.participant.enrolled_required", "give the enrolment date", nil)
	case p.EnrolledOn.After(now):
		v.Add("enrolled_on", "pbr.participant.enrolled_future", "the enrolment date cannot be in the future", nil)
	case c != nil && (p.EnrolledOn.Before(c.PeriodStart) || p.EnrolledOn.After(c.PeriodEnd)):
		v.Add("enrolled_on", "pbr.participant.enrolled_outside", "the enrolment date must lie within the contract period", nil)
	}
	if p.AgeBand != "" && !contains(AgeBands, p.AgeBand) {
		v.Add("age_band", "pbr.participant.band_invalid", "choose one of the listed bands", nil)
	}
	if p.BenefitType != "" && !contains(BenefitTypes, p.BenefitType) {
		v.Add("benefit_type", "pbr.participant.band_invalid", "choose one of the listed bands", nil)
	}
	if p.UnemploymentBand != "" && !contains(UnemploymentBands, p.UnemploymentBand) {
		v.Add("unemployment_band", "pbr.participant.band_invalid", "choose one of the listed bands", nil)
	}
	return v.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ClaimDecision is the commissioner's verdict on a claim's evidence.
type ClaimDecision string

// The decisions. A decision can be changed later (with a reason); a change
// after a statement was approved becomes an adjustment line in the next one.
const (
	ClaimPending  ClaimDecision = "pending"
	ClaimApproved ClaimDecision = "approved"
	ClaimRejected ClaimDecision = "rejected"
)

// ClaimCheck is what the engine says about a claim: the amount it earns
// and, when that is less than the price, the one reason why (a pbr reason
// code such as "missing_prerequisite"). The store keeps it up to date with
// every submission and decision.
type ClaimCheck struct {
	AmountOre int64  `json:"amount_ore"`
	Reason    string `json:"reason"` // "" when paid in full
	Valid     bool   `json:"valid"`  // passed the engine's rules 1–3
}

// Claim is the provider's statement that a participant achieved an outcome
// on a date, with a reference to the evidence.
type Claim struct {
	ID             int64         `json:"id"`
	ContractID     int64         `json:"contract_id"`
	ParticipantID  int64         `json:"participant_id"`
	Pseudonym      string        `json:"pseudonym"` // filled on read; on submit it names the participant
	OutcomeCode    string        `json:"outcome"`
	AchievedOn     time.Time     `json:"achieved_on"` // a date
	EvidenceRef    string        `json:"evidence_ref"`
	AttachmentID   *int64        `json:"attachment_id,omitempty"` // uploaded evidence (OwnerClaim)
	SubmittedAt    time.Time     `json:"submitted_at"`
	SubmittedBy    int64         `json:"-"`
	Check          ClaimCheck    `json:"check"`
	Decision       ClaimDecision `json:"decision"`
	DecisionReason string        `json:"decision_reason,omitempty"`
	DecidedBy      int64         `json:"-"`
	DecidedAt      *time.Time    `json:"decided_at,omitempty"`
	// Line is the line of the uploaded file the claim came from (0 when
	// entered in a form); errors name it.
	Line int `json:"-"`
}

// Validate checks a claim as the platform accepts it: against the
// contract's rate card and its participant, and never in the future.
// p may be nil when the pseudonym is unknown.
func (cl *Claim) Validate(c *OutcomeContract, p *Participant, now time.Time) error {
	var v Validation
	cl.OutcomeCode = strings.ToUpper(strings.TrimSpace(cl.OutcomeCode))
	cl.EvidenceRef = strings.TrimSpace(cl.EvidenceRef)
	if LooksLikeCPR(cl.Pseudonym) {
		v.Add("participant", "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
	} else if p == nil {
		v.Add("participant", "pbr.claim.participant_unknown", "no participant in this contract has the pseudonym {{.Pseudonym}}", map[string]any{"Pseudonym": cl.Pseudonym})
	}
	if cl.OutcomeCode == "" {
		v.Add("outcome", "pbr.claim.outcome_required", "choose the outcome", nil)
	} else if c != nil && c.Outcome(cl.OutcomeCode) == nil {
		v.Add("outcome", "pbr.claim.outcome_unknown", "the rate card has no outcome {{.Code}}", map[string]any{"Code": cl.OutcomeCode})
	}
	switch {
	case cl.AchievedOn.IsZero():
		v.Add("achieved_on", "pbr.claim.date_required", "give the date the outcome was achieved", nil)
	case cl.AchievedOn.After(now):
		v.Add("achieved_on", "pbr.claim.date_future", "an outcome cannot be claimed before it has happened", nil)
	case p != nil && cl.AchievedOn.Before(p.EnrolledOn):
		v.Add("achieved_on", "pbr.claim.before_enrolment", "the date is before the participant was enrolled ({{.Enrolled}})", map[string]any{"Enrolled": p.EnrolledOn.Format(time.DateOnly)})
	}
	switch {
	case LooksLikeCPR(cl.EvidenceRef):
		v.Add("evidence_ref", "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
	case utf8.RuneCountInString(cl.EvidenceRef) > MaxEvidenceRefLen:
		v.Add("evidence_ref", "pbr.claim.evidence_too_long", "the evidence reference can be at most {{.Max}} characters", map[string]any{"Max": MaxEvidenceRefLen})
	case cl.EvidenceRef == "" && cl.AttachmentID == nil:
		v.Add("evidence_ref", "pbr.claim.evidence_required", "refer to the evidence or upload it", nil)
	}
	return v.Err()
}

// StatementStatus says whether a statement can still change.
type StatementStatus string

// A draft statement is recalculated until both parties approve it; an
// approved statement never changes.
const (
	StatementDraft    StatementStatus = "draft"
	StatementApproved StatementStatus = "approved"
)

// StatementLineKind tells a claim's first appearance from a correction.
type StatementLineKind string

// The line kinds.
const (
	LineClaim      StatementLineKind = "claim"      // an approved claim stated for the first time
	LineAdjustment StatementLineKind = "adjustment" // a change to what an earlier approved statement paid for a claim
)

// StatementLine is one claim on a statement.
type StatementLine struct {
	ClaimID     int64             `json:"claim_id"`
	Pseudonym   string            `json:"pseudonym"`
	OutcomeCode string            `json:"outcome"`
	AchievedOn  time.Time         `json:"achieved_on"`
	Kind        StatementLineKind `json:"kind"`
	PriceOre    int64             `json:"price_ore"`  // the rate-card price
	EarnedOre   int64             `json:"earned_ore"` // what the engine gives the claim now
	PaidBefore  int64             `json:"paid_before_ore"`
	AmountOre   int64             `json:"amount_ore"` // EarnedOre − PaidBefore: what this statement pays (negative for a clawback)
	CutOre      int64             `json:"cut_ore"`    // PriceOre − EarnedOre: what rules and caps cut
	Reason      string            `json:"reason"`     // the engine's reason code, "" when paid in full
}

// StatementOutcome is the per-outcome total of a statement and to date.
type StatementOutcome struct {
	Code            string `json:"code"`
	Count           int    `json:"count"` // claim lines with an amount above 0 in this statement
	AmountOre       int64  `json:"amount_ore"`
	PaidCountToDate int    `json:"paid_count_to_date"`
	PaidOreToDate   int64  `json:"paid_ore_to_date"`
	CapCount        *int   `json:"cap_count,omitempty"`
	TargetCount     int    `json:"target_count"`
	PriceOre        int64  `json:"price_ore"`
	CutOre          int64  `json:"cut_ore"` // cut by rules and caps in this statement
}

// Statement is the payment statement of one period.
type Statement struct {
	ID                     int64              `json:"id"`
	ContractID             int64              `json:"contract_id"`
	Number                 int                `json:"number"` // 1, 2, … per contract
	PeriodStart            time.Time          `json:"period_start"`
	PeriodEnd              time.Time          `json:"period_end"` // inclusive
	Status                 StatementStatus    `json:"status"`
	Lines                  []StatementLine    `json:"lines"`
	ByOutcome              []StatementOutcome `json:"by_outcome"`
	TotalOre               int64              `json:"total_ore"`       // sum of the lines
	PaidBeforeOre          int64              `json:"paid_before_ore"` // sum of earlier approved statements
	CapOre                 int64              `json:"cap_ore"`         // the contract's cap when calculated
	Amendment              int                `json:"amendment"`       // the terms it was calculated under
	CommissionerApprovedAt *time.Time         `json:"commissioner_approved_at,omitempty"`
	CommissionerApprovedBy int64              `json:"-"`
	ProviderApprovedAt     *time.Time         `json:"provider_approved_at,omitempty"`
	ProviderApprovedBy     int64              `json:"-"`
	CalculatedAt           time.Time          `json:"calculated_at"`
	CreatedAt              time.Time          `json:"created_at"`
}

// PaidToDateOre is what the contract has paid once this statement is paid.
func (s *Statement) PaidToDateOre() int64 { return s.PaidBeforeOre + s.TotalOre }

// RemainingCapOre is what is left under the cap after this statement.
func (s *Statement) RemainingCapOre() int64 { return s.CapOre - s.PaidToDateOre() }

// UnitPrice is a public-cost unit price used to estimate social value, such
// as the yearly public cost of a person on kontanthjælp. Prices are dated and
// sourced; a change is a new row from a date, so old estimates can be
// explained.
type UnitPrice struct {
	ID        int64     `json:"id"`
	Code      string    `json:"code"` // stable, e.g. KONTANTHJAELP_AAR
	NameDA    string    `json:"name_da"`
	NameEN    string    `json:"name_en"`
	AmountOre int64     `json:"amount_ore"` // per year
	Source    string    `json:"source"`     // the publication, with table or page
	SourceURL string    `json:"source_url,omitempty"`
	ValidFrom time.Time `json:"valid_from"` // a date
	// Checked says whether the amount was checked against its source; an
	// unchecked seed value is shown with a warning.
	Checked   bool      `json:"checked"`
	Note      string    `json:"note,omitempty"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks a unit price before it is saved.
func (u *UnitPrice) Validate() error {
	var v Validation
	u.Code = strings.ToUpper(strings.TrimSpace(u.Code))
	u.NameDA = strings.TrimSpace(u.NameDA)
	u.NameEN = strings.TrimSpace(u.NameEN)
	u.Source = strings.TrimSpace(u.Source)
	if !ValidOutcomeCode(u.Code) {
		v.Add("code", "pbr.unit_price.code_invalid", "a unit price code has 1–32 of the characters A–Z, 0–9 and _", nil)
	}
	if u.NameDA == "" || u.NameEN == "" {
		v.Add("name_da", "pbr.unit_price.name_required", "give the unit price a Danish and an English name", nil)
	}
	if u.AmountOre <= 0 || u.AmountOre > MaxOutcomePriceOre {
		v.Add("amount_ore", "pbr.unit_price.amount_invalid", "the yearly amount must be above 0 kr.", nil)
	}
	if u.Source == "" {
		v.Add("source", "pbr.unit_price.source_required", "name the source of the amount", nil)
	}
	if u.SourceURL != "" && !strings.HasPrefix(u.SourceURL, "https://") && !strings.HasPrefix(u.SourceURL, "http://") {
		v.Add("source_url", "pbr.unit_price.url_invalid", "the source link must start with https://", nil)
	}
	if u.ValidFrom.IsZero() {
		v.Add("valid_from", "pbr.unit_price.valid_from_required", "give the date the amount applies from", nil)
	}
	refuseCPR(&v, map[string]string{"name_da": u.NameDA, "name_en": u.NameEN, "source": u.Source, "note": u.Note})
	return v.Err()
}

// OutcomeAggregate is one outcome of a contract in the published numbers.
type OutcomeAggregate struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	PriceOre    int64  `json:"price_ore"`
	TargetCount int    `json:"target_count"`
	Achieved    int    `json:"achieved"` // approved claims that passed the engine's rules 1–3
	PaidCount   int    `json:"paid_count"`
	PaidOre     int64  `json:"paid_ore"` // in approved statements
}

// ContractAggregate is what the platform publishes about a running or
// finished outcome contract: never a participant row.
type ContractAggregate struct {
	ContractID       int64              `json:"contract_id"`
	Title            string             `json:"title"`
	Status           ContractStatus     `json:"status"`
	CommissionerID   int64              `json:"commissioner_id"`
	Commissioner     string             `json:"commissioner"`
	MunicipalityCode string             `json:"municipality_code"` // the commissioner's
	ProviderID       int64              `json:"provider_id"`
	Provider         string             `json:"provider"`
	ProviderCVR      string             `json:"provider_cvr,omitempty"`
	Investor         string             `json:"investor,omitempty"`
	TargetGroup      string             `json:"target_group"`
	PeriodStart      time.Time          `json:"period_start"`
	PeriodEnd        time.Time          `json:"period_end"`
	CapOre           int64              `json:"cap_ore"`
	CohortTarget     int                `json:"cohort_target"`
	Enrolled         int                `json:"enrolled"`
	PaidOre          int64              `json:"paid_ore"`
	Outcomes         []OutcomeAggregate `json:"outcomes"`
	TenderID         *int64             `json:"tender_id,omitempty"`
	UpdatedAt        time.Time          `json:"updated_at"`
}

// ContractFilter selects outcome contracts.
type ContractFilter struct {
	OrganisationID   int64 // contracts this organisation is a party to (any side)
	MunicipalityCode string
	TargetGroup      string           // a target group code
	Statuses         []ContractStatus // empty: every status
	Query            string           // title contains
	Sort             string           // "newest" (default), "title", "start"
	Offset, Limit    int
}

// ClaimFilter selects claims of one contract.
type ClaimFilter struct {
	ContractID    int64
	ParticipantID int64
	OutcomeCode   string
	Decisions     []ClaimDecision
	Reason        string // an engine reason code; "paid" for claims without one
	Sort          string // "achieved" (default), "submitted", "outcome", "participant"
	Offset, Limit int
}

// ParticipantFilter selects participants of one contract.
type ParticipantFilter struct {
	ContractID    int64
	Query         string // pseudonym starts with
	Offset, Limit int
}

// ContractLedger is everything the engine needs about one contract, read
// in one snapshot: the dashboard and the statements are computed from it.
type ContractLedger struct {
	Contract     *OutcomeContract
	Participants []*Participant
	Claims       []*Claim // every claim, with decisions
	Statements   []*Statement
	UnitPrices   []*UnitPrice // every row, all dates
}

// OutcomeContractService stores outcome contracts and their life.
// Rights are checked by callers with the Principal methods below; the store
// checks the state rules, writes the audit trail (who and when) and keeps
// every claim's Check current.
type OutcomeContractService interface {
	// CreateOutcomeContract stores c as a draft. EINVALID; ENOTFOUND for an
	// unknown organisation; EINVALID "pbr.commissioner.kind" unless the
	// commissioner is a kommune.
	CreateOutcomeContract(ctx context.Context, c *OutcomeContract) error
	// FindOutcomeContractByID returns ENOTFOUND when no contract has id.
	FindOutcomeContractByID(ctx context.Context, id int64) (*OutcomeContract, error)
	// FindOutcomeContracts returns one page and the total.
	FindOutcomeContracts(ctx context.Context, f ContractFilter) ([]*OutcomeContract, int, error)
	// UpdateOutcomeContract replaces a draft's fields when version is the
	// stored one, and clears both approvals. EINVALID; ECONFLICT
	// "pbr.stale" when someone saved first; ECONFLICT "pbr.not_draft".
	UpdateOutcomeContract(ctx context.Context, id int64, c *OutcomeContract, version int) (*OutcomeContract, error)
	// ApproveOutcomeContract records side's approval of the draft at
	// version; when both sides have approved, the contract becomes active
	// and a Partnership (model resultatbaseret, status aktiv) is created in
	// the same transaction. ECONFLICT "pbr.stale", "pbr.not_draft".
	ApproveOutcomeContract(ctx context.Context, id int64, side ContractSide, version int) (*OutcomeContract, error)
	// DeleteOutcomeContract deletes a draft. ECONFLICT "pbr.not_draft".
	DeleteOutcomeContract(ctx context.Context, id int64) error
	// FinishOutcomeContract ends an active contract after its period, once
	// every statement is approved. ECONFLICT "pbr.not_active",
	// "pbr.finish.too_early", "pbr.finish.open_statement".
	FinishOutcomeContract(ctx context.Context, id int64) (*OutcomeContract, error)

	// ProposeAmendment stores a proposed change of an active contract's
	// terms (a.Terms, a.Note, a.ProposedBySide). EINVALID (the terms, a
	// missing note, a cap below what is already paid); ECONFLICT
	// "pbr.not_active", "pbr.amendment.open" when one is already proposed.
	ProposeAmendment(ctx context.Context, a *ContractAmendment) error
	// ApproveAmendment records side's approval; when both have approved,
	// the terms replace the contract's, Amendment becomes a.Number and every
	// claim's check is recalculated. ECONFLICT "pbr.amendment.decided".
	ApproveAmendment(ctx context.Context, id int64, side ContractSide) (*ContractAmendment, error)
	// WithdrawAmendment withdraws a proposed amendment. ECONFLICT
	// "pbr.amendment.decided".
	WithdrawAmendment(ctx context.Context, id int64) (*ContractAmendment, error)
	// FindAmendments returns a contract's amendments, newest first.
	FindAmendments(ctx context.Context, contractID int64) ([]*ContractAmendment, error)

	// EnrolParticipants adds participants to an active contract, all or
	// nothing. Every problem of every participant is reported at once as
	// EINVALID with fields "participants.<index>.<field>" (index into ps);
	// a pseudonym already in the contract or twice in ps is
	// "pbr.participant.pseudonym_taken". ECONFLICT "pbr.not_active".
	EnrolParticipants(ctx context.Context, contractID int64, ps []*Participant) error
	// FindParticipants returns one page, by pseudonym, and the total.
	FindParticipants(ctx context.Context, f ParticipantFilter) ([]*Participant, int, error)

	// SubmitClaims adds claims (Pseudonym names the participant) to an
	// active contract, all or nothing, and recalculates the checks. Every
	// problem is reported at once as EINVALID with fields
	// "claims.<index>.<field>". ECONFLICT "pbr.not_active".
	SubmitClaims(ctx context.Context, contractID int64, cs []*Claim) error
	// FindClaims returns one page and the total.
	FindClaims(ctx context.Context, f ClaimFilter) ([]*Claim, int, error)
	// FindClaimByID returns ENOTFOUND when no claim has id.
	FindClaimByID(ctx context.Context, id int64) (*Claim, error)
	// DecideClaims approves or rejects claims of one contract (a reason is
	// required to reject, and to change an earlier decision) and
	// recalculates the checks. ENOTFOUND when an id is not the contract's;
	// EINVALID "pbr.decision.reason_required".
	DecideClaims(ctx context.Context, contractID int64, ids []int64, d ClaimDecision, reason string) ([]*Claim, error)

	// PrepareStatement calculates (or recalculates) the statement of the
	// next period that has ended and is not approved, clearing approvals of
	// a draft that changed. ECONFLICT "pbr.statement.none_due" when no
	// period has ended since the last approved statement.
	PrepareStatement(ctx context.Context, contractID int64) (*Statement, error)
	// PrepareDueStatements prepares the due statement of every active
	// contract (the daily job); it returns how many were prepared.
	PrepareDueStatements(ctx context.Context) (int, error)
	// FindStatements returns a contract's statements, newest first.
	FindStatements(ctx context.Context, contractID int64) ([]*Statement, error)
	// FindStatementByID returns a statement with its lines. ENOTFOUND.
	FindStatementByID(ctx context.Context, id int64) (*Statement, error)
	// ApproveStatement records side's approval of a draft statement; when
	// both have approved it is immutable. ECONFLICT "pbr.statement.approved",
	// "pbr.statement.stale" when the claims changed since it was calculated
	// (prepare it again first).
	ApproveStatement(ctx context.Context, id int64, side ContractSide) (*Statement, error)

	// ContractLedger reads a contract's whole ledger in one snapshot.
	ContractLedger(ctx context.Context, contractID int64) (*ContractLedger, error)

	// FindUnitPrices returns every unit price row, by code and date.
	FindUnitPrices(ctx context.Context) ([]*UnitPrice, error)
	// SaveUnitPrice adds a dated row for a code (a new price or a new
	// code). EINVALID; ECONFLICT "pbr.unit_price.exists" for the same code
	// and date.
	SaveUnitPrice(ctx context.Context, u *UnitPrice) error

	// ContractAggregates returns the published numbers of active and
	// finished contracts (never drafts), newest first, and the total.
	ContractAggregates(ctx context.Context, f ContractFilter) ([]*ContractAggregate, int, error)
}

// ContractSides returns the sides the principal may act for in c, in the
// order commissioner, provider, investor. Platform admins get none: they
// oversee, they do not sign.
func (p *Principal) ContractSides(c *OutcomeContract) []ContractSide {
	var out []ContractSide
	if p.IsMember(c.CommissionerID) {
		out = append(out, SideCommissioner)
	}
	if p.IsMember(c.ProviderID) {
		out = append(out, SideProvider)
	}
	if c.InvestorID != nil && p.IsMember(*c.InvestorID) {
		out = append(out, SideInvestor)
	}
	return out
}

// HasContractSide reports whether the principal may act for side in c.
func (p *Principal) HasContractSide(c *OutcomeContract, side ContractSide) bool {
	for _, s := range p.ContractSides(c) {
		if s == side {
			return true
		}
	}
	return false
}

// CanViewContract lets the parties (investor included) and platform admins
// see a contract's terms, statements and dashboard. The public sees the
// aggregates of active and finished contracts only.
func (p *Principal) CanViewContract(c *OutcomeContract) bool {
	return p.IsPlatformAdmin() || len(p.ContractSides(c)) > 0
}

// CanViewParticipants lets only the commissioner and the provider see
// participants and claims: an investor and the secretariat see aggregates.
func (p *Principal) CanViewParticipants(c *OutcomeContract) bool {
	return p.HasContractSide(c, SideCommissioner) || p.HasContractSide(c, SideProvider)
}

// CanEditContract lets the commissioner's members edit a draft and propose
// amendments; the provider proposes amendments too (CanProposeAmendment).
func (p *Principal) CanEditContract(c *OutcomeContract) bool {
	return c.Status == ContractDraft && p.HasContractSide(c, SideCommissioner)
}

// CanProposeAmendment lets either party propose a change to an active contract.
func (p *Principal) CanProposeAmendment(c *OutcomeContract) bool {
	return c.Status == ContractActive && p.CanViewParticipants(c)
}

// CanSubmitClaims lets the provider's members enrol participants and submit
// claims while the contract is active.
func (p *Principal) CanSubmitClaims(c *OutcomeContract) bool {
	return c.Status == ContractActive && p.HasContractSide(c, SideProvider)
}

// CanDecideClaims lets the commissioner's members approve and reject claims.
func (p *Principal) CanDecideClaims(c *OutcomeContract) bool {
	return c.Status != ContractDraft && p.HasContractSide(c, SideCommissioner)
}

// CanCreateContract lets a municipality's members draft outcome contracts
// for it.
func (p *Principal) CanCreateContract(commissionerOrgID int64) bool {
	if p == nil {
		return false
	}
	for _, m := range p.Memberships {
		if m.OrganisationID == commissionerOrgID && m.Status == MembershipActive && m.OrganisationKind == OrgKommune {
			return true
		}
	}
	return false
}

// CanEditUnitPrices lets the secretariat's editors and platform admins
// keep the unit-price table.
func (p *Principal) CanEditUnitPrices() bool { return p.IsEditor() }
