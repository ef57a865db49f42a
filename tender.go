package samspil

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Procedure is how a municipality buys. The codes are the platform's own;
// package ocds maps them to OCDS procurementMethod values and the Other
// Requirements extension's reservedParticipation.
type Procedure string

// The procedures the roundtable's report names.
const (
	// ProcReserved is a contract reserved under udbudsloven § 20 (directive
	// 2014/24 art. 20): only sheltered workshops and operators whose main
	// aim is the integration of disabled or disadvantaged people, with at
	// least 30 % such employees, may take part.
	ProcReserved Procedure = "reserveret"
	// ProcSocialClause is an open procedure with social clauses in the
	// contract (e.g. apprentices, people from target groups).
	ProcSocialClause Procedure = "social_klausul"
	// ProcLightRegime is the light regime for social and other specific
	// services (udbudsloven afsnit III, directive annex XIV).
	ProcLightRegime Procedure = "light_regime"
	// ProcBelowThreshold is a purchase below the EU thresholds (with the
	// duty to advertise when there is a cross-border interest).
	ProcBelowThreshold Procedure = "under_taerskel"
	// ProcFramework is a framework agreement.
	ProcFramework Procedure = "rammeaftale"
)

// Procedures lists the procedures in the order forms show them.
var Procedures = []Procedure{ProcReserved, ProcSocialClause, ProcLightRegime, ProcBelowThreshold, ProcFramework}

// Valid reports whether p is a known procedure.
func (p Procedure) Valid() bool {
	for _, x := range Procedures {
		if x == p {
			return true
		}
	}
	return false
}

// Model is the collaboration model an award under p creates.
func (p Procedure) Model() CollaborationModel {
	if p == ProcReserved {
		return ModelReserveretKontrakt
	}
	if p == ProcSocialClause {
		return ModelSocialKlausul
	}
	return ModelIndkob
}

// Reservation says who may take part in a reserved tender or lot, in the
// words of the OCDS Other Requirements extension.
type Reservation string

// The reservations. ReserveNone means open to everyone.
const (
	ReserveNone Reservation = ""
	// ReserveShelteredWorkshop is udbudsloven § 20 / directive art. 20.
	ReserveShelteredWorkshop Reservation = "shelteredWorkshop"
	// ReservePublicService is directive art. 77 (udbudsloven § 191) for
	// certain social, health and cultural services of the light regime.
	ReservePublicService Reservation = "publicServiceMissionOrganization"
)

// Valid reports whether r is known.
func (r Reservation) Valid() bool {
	return r == ReserveNone || r == ReserveShelteredWorkshop || r == ReservePublicService
}

// SocialGoals are the social sustainability goals a tender pursues, as the
// codes of the OCDS sustainability extension's strategies codelist.
var SocialGoals = []string{
	"social.disadvantagedEmploymentOpportunities",
	"social.employmentOpportunities",
	"social.workingConditions",
	"social.accessibility",
	"social.ethicalTrade",
	"social.genderEquality",
}

// ValidSocialGoal reports whether code is one of SocialGoals.
func ValidSocialGoal(code string) bool {
	for _, g := range SocialGoals {
		if g == code {
			return true
		}
	}
	return false
}

// TenderStatus is where a tender is in its life.
type TenderStatus string

// The tender statuses: draft → published → awarded, or cancelled from
// draft or published.
const (
	TenderDraft     TenderStatus = "draft"
	TenderPublished TenderStatus = "published"
	TenderAwarded   TenderStatus = "awarded"
	TenderCancelled TenderStatus = "cancelled"
)

// Valid reports whether s is known.
func (s TenderStatus) Valid() bool {
	return s == TenderDraft || s == TenderPublished || s == TenderAwarded || s == TenderCancelled
}

// Tender limits.
const (
	MaxTenderTitle         = 200
	MaxTenderText          = 20000
	MaxTenderCPV           = 20
	MaxTenderLots          = 50
	MaxTenderValueOre      = 1_000_000_000_000_00 // a sanity bound: one trillion kroner
	MaxClarificationLen    = 4000
	MaxTenderYearsAhead    = 10 // no date more than this many years after today
	MaxTenderContractYears = 20 // a contract period at most this long
)

// TenderLot is one part of a tender that can be bid for and awarded on its
// own; a lot can be reserved while the rest is open.
type TenderLot struct {
	Number      int         `json:"number"` // 1, 2, …; unique in the tender
	Title       string      `json:"title"`
	Description string      `json:"description,omitempty"`
	ValueOre    int64       `json:"value_ore"` // estimated, excl. VAT; 0 when not stated
	Reservation Reservation `json:"reservation,omitempty"`
}

// Tender is a municipality's purchase announced on the platform: what it
// buys, how, on which social terms and when. After publication every change
// is an amendment kept as a TenderVersion, so the history and the OCDS
// releases follow from it.
type Tender struct {
	ID        int64  `json:"id"`
	BuyerID   int64  `json:"buyer_id"`   // the kommune organisation
	BuyerName string `json:"buyer_name"` // filled on read
	// BuyerMunicipality is the buyer's kommunekode, filled on read.
	BuyerMunicipality string `json:"buyer_municipality"`

	Title       string      `json:"title"`
	Description string      `json:"description"` // Markdown
	Procedure   Procedure   `json:"procedure"`
	MainCPV     string      `json:"main_cpv"`       // CPV 2008 with check digit
	CPVCodes    []string    `json:"additional_cpv"` // additional codes, without MainCPV
	ValueOre    int64       `json:"value_ore"`      // estimated total value excl. VAT over the whole period
	Lots        []TenderLot `json:"lots"`

	PlaceCode string `json:"place_code"` // kommunekode of the place of performance
	PlaceText string `json:"place_text,omitempty"`

	// Reservation applies to the whole tender; lots may carry their own.
	Reservation    Reservation `json:"reservation,omitempty"`
	SocialGoals    []string    `json:"social_goals"`    // SocialGoals codes
	SocialCriteria string      `json:"social_criteria"` // the social criteria and clauses in plain words (Markdown)

	// The timeline. Dates without a time are stored as midnight UTC of the
	// Danish date; deadlines are instants (stored UTC, shown in Danish time).
	PublishedAt       *time.Time `json:"published_at,omitempty"` // set by PublishTender
	QuestionsDeadline time.Time  `json:"questions_deadline"`
	TenderDeadline    time.Time  `json:"tender_deadline"`
	ExpectedAward     time.Time  `json:"expected_award"`
	ContractStart     time.Time  `json:"contract_start"`
	ContractEnd       time.Time  `json:"contract_end"`

	Status       TenderStatus `json:"status"`
	CancelReason string       `json:"cancel_reason,omitempty"`
	Award        *TenderAward `json:"award,omitempty"`
	// Version counts saves, for optimistic locking of edits and amendments.
	Version int `json:"version"`

	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AllCPV returns the main code followed by the additional ones.
func (t *Tender) AllCPV() []string {
	if t.MainCPV == "" {
		return t.CPVCodes
	}
	return append([]string{t.MainCPV}, t.CPVCodes...)
}

// Reserved reports whether the tender or any of its lots is reserved.
func (t *Tender) Reserved() bool {
	if t.Reservation != ReserveNone {
		return true
	}
	for _, l := range t.Lots {
		if l.Reservation != ReserveNone {
			return true
		}
	}
	return false
}

// Open reports whether tenders may still be handed in at now.
func (t *Tender) Open(now time.Time) bool {
	return t.Status == TenderPublished && now.Before(t.TenderDeadline)
}

// QuestionsOpen reports whether clarification questions may be asked at now.
func (t *Tender) QuestionsOpen(now time.Time) bool {
	return t.Status == TenderPublished && now.Before(t.QuestionsDeadline)
}

// AsOpportunity views the tender as a municipal purchase need, so the
// matchmaking of the opportunity board scores suppliers for tenders with
// the same rules and explanations.
func (t *Tender) AsOpportunity() *Opportunity {
	return &Opportunity{
		ID: t.ID, OrganisationID: t.BuyerID, OrganisationName: t.BuyerName, Kind: OppIndkobsbehov,
		Title: t.Title, Description: t.Description, CPVCodes: t.AllCPV(), MunicipalityCode: t.PlaceCode,
		EstimatedValueOre: t.ValueOre, Deadline: &t.TenderDeadline, Status: OppOpen,
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

// Validate normalises t and checks every rule that needs no database:
// required fields, known codes, lots, bounds and the order of the
// timeline. now bounds how far ahead dates may lie. Whether the procedure
// fits the value is a warning (package procure), not an error.
func (t *Tender) Validate(cat Catalog, now time.Time) error {
	var v Validation
	t.Title = strings.TrimSpace(t.Title)
	t.Description = strings.TrimSpace(t.Description)
	t.SocialCriteria = strings.TrimSpace(t.SocialCriteria)
	t.PlaceText = strings.TrimSpace(t.PlaceText)
	switch n := utf8.RuneCountInString(t.Title); {
	case n == 0:
		v.Add("title", "tender.title.required", "give the tender a title", nil)
	case n > MaxTenderTitle:
		v.Add("title", "field.too_long", "the text is too long", map[string]any{"Max": MaxTenderTitle})
	}
	if t.Description == "" {
		v.Add("description", "tender.description.required", "describe what the municipality buys", nil)
	} else if utf8.RuneCountInString(t.Description) > MaxTenderText {
		v.Add("description", "field.too_long", "the text is too long", map[string]any{"Max": MaxTenderText})
	}
	if utf8.RuneCountInString(t.SocialCriteria) > MaxTenderText {
		v.Add("social_criteria", "field.too_long", "the text is too long", map[string]any{"Max": MaxTenderText})
	}
	if utf8.RuneCountInString(t.PlaceText) > MaxShortTextLen {
		v.Add("place_text", "field.too_long", "the text is too long", map[string]any{"Max": MaxShortTextLen})
	}
	if !t.Procedure.Valid() {
		v.Add("procedure", "tender.procedure.invalid", "choose a procedure", nil)
	}
	t.validateCPV(cat, &v)
	if t.ValueOre <= 0 {
		v.Add("value", "tender.value.required", "state the estimated value in kroner", nil)
	} else if t.ValueOre > MaxTenderValueOre {
		v.Add("value", "tender.value.too_large", "the value is not plausible", nil)
	}
	if !cat.HasMunicipality(t.PlaceCode) {
		v.Add("place_code", "tender.place.invalid", "choose the municipality where the work is done", nil)
	}
	t.validateSocial(cat, &v)
	t.validateLots(&v)
	t.validateTimeline(now, &v)
	return v.Err()
}

func (t *Tender) validateCPV(cat Catalog, v *Validation) {
	t.MainCPV = strings.TrimSpace(t.MainCPV)
	if t.MainCPV == "" {
		v.Add("main_cpv", "tender.cpv.required", "choose the main CPV code", nil)
	} else if c, ok := cat.CanonicalCPV(t.MainCPV); ok {
		t.MainCPV = c
	} else {
		v.Add("main_cpv", "cpv.unknown", "unknown CPV code", map[string]any{"Code": t.MainCPV})
	}
	var extra []string
	for _, code := range dedupe(t.CPVCodes) {
		c, ok := cat.CanonicalCPV(code)
		if !ok {
			v.Add("additional_cpv", "cpv.unknown", "unknown CPV code", map[string]any{"Code": code})
			continue
		}
		if c != t.MainCPV {
			extra = append(extra, c)
		}
	}
	t.CPVCodes = dedupe(extra)
	if len(t.CPVCodes) > MaxTenderCPV {
		v.Add("additional_cpv", "tender.cpv.too_many", "too many CPV codes", map[string]any{"Max": MaxTenderCPV})
	}
}

func (t *Tender) validateSocial(cat Catalog, v *Validation) {
	if !t.Reservation.Valid() {
		v.Add("reservation", "tender.reservation.invalid", "choose who the tender is reserved for", nil)
	}
	if t.Procedure == ProcReserved && t.Reservation != ReserveShelteredWorkshop {
		v.Add("reservation", "tender.reservation.section20", "a reserved contract under § 20 must be reserved for sheltered workshops and enterprises with at least 30 % disadvantaged employees", nil)
	}
	if t.Reservation == ReservePublicService {
		if t.Procedure != ProcLightRegime {
			v.Add("reservation", "tender.reservation.art77_procedure", "only the light regime allows a reservation for public-service-mission organisations", nil)
		}
		for _, c := range t.AllCPV() {
			if !cat.IsSocialServiceCPV(c) {
				v.Add("reservation", "tender.reservation.art77_cpv", "the reservation for public-service-mission organisations only covers social, health and cultural services of the light regime", map[string]any{"Code": c})
				break
			}
		}
	}
	t.SocialGoals = dedupe(t.SocialGoals)
	for _, g := range t.SocialGoals {
		if !ValidSocialGoal(g) {
			v.Add("social_goals", "tender.social_goal.invalid", "unknown social goal", map[string]any{"Code": g})
			break
		}
	}
}

func (t *Tender) validateLots(v *Validation) {
	if len(t.Lots) > MaxTenderLots {
		v.Add("lots", "tender.lots.too_many", "too many lots", map[string]any{"Max": MaxTenderLots})
		return
	}
	seen := map[int]bool{}
	var sum int64
	for i := range t.Lots {
		l := &t.Lots[i]
		l.Title = strings.TrimSpace(l.Title)
		l.Description = strings.TrimSpace(l.Description)
		field := "lots"
		if l.Number <= 0 || seen[l.Number] {
			v.Add(field, "tender.lot.number", "each lot needs its own number", map[string]any{"N": i + 1})
		}
		seen[l.Number] = true
		if l.Title == "" || utf8.RuneCountInString(l.Title) > MaxTenderTitle {
			v.Add(field, "tender.lot.title", "each lot needs a title of at most 200 characters", map[string]any{"N": l.Number})
		}
		if utf8.RuneCountInString(l.Description) > MaxTenderText {
			v.Add(field, "field.too_long", "the text is too long", map[string]any{"Max": MaxTenderText})
		}
		if l.ValueOre < 0 {
			v.Add(field, "tender.lot.value", "a lot's value cannot be negative", map[string]any{"N": l.Number})
		}
		if !l.Reservation.Valid() || l.Reservation == ReservePublicService && t.Procedure != ProcLightRegime {
			v.Add(field, "tender.reservation.invalid", "choose who the tender is reserved for", nil)
		}
		sum += l.ValueOre
	}
	if t.ValueOre > 0 && sum > t.ValueOre {
		v.Add("lots", "tender.lots.sum", "the lots together are worth more than the whole tender", nil)
	}
}

func (t *Tender) validateTimeline(now time.Time, v *Validation) {
	type date struct {
		field, key string
		at         time.Time
	}
	dates := []date{
		{"questions_deadline", "tender.date.questions_deadline", t.QuestionsDeadline},
		{"tender_deadline", "tender.date.tender_deadline", t.TenderDeadline},
		{"expected_award", "tender.date.expected_award", t.ExpectedAward},
		{"contract_start", "tender.date.contract_start", t.ContractStart},
		{"contract_end", "tender.date.contract_end", t.ContractEnd},
	}
	// Deadlines and the contract's start lie at most MaxTenderYearsAhead
	// ahead; its end is bounded by MaxTenderContractYears after the start.
	limit := now.AddDate(MaxTenderYearsAhead, 0, 0)
	ok := true
	for _, d := range dates {
		if d.at.IsZero() {
			v.Add(d.field, d.key, "this date is required", nil)
			ok = false
		} else if d.at.After(limit) && d.field != "contract_end" {
			v.Add(d.field, "tender.date.too_far", "the date is too far in the future", map[string]any{"Years": MaxTenderYearsAhead})
			ok = false
		}
	}
	if !ok {
		return
	}
	if !t.QuestionsDeadline.Before(t.TenderDeadline) {
		v.Add("questions_deadline", "tender.date.questions_after_deadline", "the deadline for questions must come before the deadline for tenders", nil)
	}
	if t.ExpectedAward.Before(t.TenderDeadline.Truncate(24 * time.Hour)) {
		v.Add("expected_award", "tender.date.award_before_deadline", "the award cannot be expected before the deadline for tenders", nil)
	}
	if t.ContractStart.Before(t.ExpectedAward) {
		v.Add("contract_start", "tender.date.start_before_award", "the contract cannot start before the expected award", nil)
	}
	if !t.ContractStart.Before(t.ContractEnd) {
		v.Add("contract_end", "tender.date.end_before_start", "the contract must end after it starts", nil)
	} else if t.ContractEnd.After(t.ContractStart.AddDate(MaxTenderContractYears, 0, 0)) {
		v.Add("contract_end", "tender.date.contract_too_long", "the contract period is too long", map[string]any{"Years": MaxTenderContractYears})
	}
}

// TenderAward records who won and on which terms. Recording it creates a
// Partnership (model reserveret_kontrakt for a § 20 tender, otherwise the
// procedure's model) between the buyer and the suppliers.
type TenderAward struct {
	SupplierIDs   []int64   `json:"supplier_ids"`   // organisations on the platform
	SupplierNames []string  `json:"supplier_names"` // filled on read, same order
	ValueOre      int64     `json:"value_ore"`      // the awarded value excl. VAT
	ContractStart time.Time `json:"contract_start"`
	ContractEnd   time.Time `json:"contract_end"`
	// Section20Note explains how the § 20 condition (at least 30 %
	// disabled or disadvantaged employees) is met; required when the
	// tender is reserved for sheltered workshops.
	Section20Note string     `json:"section20_note,omitempty"`
	AwardedAt     time.Time  `json:"awarded_at"`
	PartnershipID *int64     `json:"partnership_id,omitempty"`
	AwardedBy     int64      `json:"-"`
	SignedAt      *time.Time `json:"signed_at,omitempty"` // the contract's signature date when known
}

// Validate checks the award against its tender.
func (a *TenderAward) Validate(t *Tender) error {
	var v Validation
	a.Section20Note = strings.TrimSpace(a.Section20Note)
	ids := map[int64]bool{}
	var uniq []int64
	for _, id := range a.SupplierIDs {
		if id > 0 && !ids[id] && id != t.BuyerID {
			ids[id] = true
			uniq = append(uniq, id)
		}
	}
	a.SupplierIDs = uniq
	if len(a.SupplierIDs) == 0 {
		v.Add("suppliers", "tender.award.suppliers", "choose at least one supplier", nil)
	}
	if a.ValueOre <= 0 || a.ValueOre > MaxTenderValueOre {
		v.Add("value", "tender.award.value", "state the awarded value in kroner", nil)
	}
	if a.ContractStart.IsZero() || a.ContractEnd.IsZero() || !a.ContractStart.Before(a.ContractEnd) {
		v.Add("contract_end", "tender.date.end_before_start", "the contract must end after it starts", nil)
	}
	if t.Reservation == ReserveShelteredWorkshop && a.Section20Note == "" {
		v.Add("section20_note", "tender.award.section20_note", "explain how the suppliers meet the condition of at least 30 % disabled or disadvantaged employees", nil)
	}
	if utf8.RuneCountInString(a.Section20Note) > MaxJustification {
		v.Add("section20_note", "field.too_long", "the text is too long", map[string]any{"Max": MaxJustification})
	}
	return v.Err()
}

// VersionKind says what a TenderVersion recorded. The values are the OCDS
// release tags the version becomes.
type VersionKind string

// The kinds of tender versions.
const (
	VersionPublished VersionKind = "tender"
	VersionAmended   VersionKind = "tenderAmendment"
	VersionCancelled VersionKind = "tenderCancellation"
	VersionAwarded   VersionKind = "award"
)

// TenderVersion is one entry in a tender's history: what happened, when,
// why, and the whole tender as it stood afterwards. Each becomes one OCDS
// release; the record compiles them.
type TenderVersion struct {
	TenderID int64       `json:"tender_id"`
	Seq      int         `json:"seq"` // 1, 2, … per tender
	Kind     VersionKind `json:"kind"`
	At       time.Time   `json:"at"`
	Note     string      `json:"note,omitempty"` // the amendment's or cancellation's reason
	// Tender is the snapshot after the change, with Award and the answered
	// clarifications of that moment.
	Tender         *Tender         `json:"tender"`
	Clarifications []Clarification `json:"clarifications,omitempty"`
	By             int64           `json:"-"`
}

// Clarification is a supplier's question about a tender and the buyer's
// answer. The asking organisation is never shown: answers are published to
// everyone at once.
type Clarification struct {
	ID             int64      `json:"id"`
	TenderID       int64      `json:"tender_id"`
	OrganisationID int64      `json:"-"` // who asked; kept for abuse handling, never shown
	Question       string     `json:"question"`
	Answer         string     `json:"answer,omitempty"`
	AskedAt        time.Time  `json:"asked_at"`
	AnsweredAt     *time.Time `json:"answered_at,omitempty"`
	AskedBy        int64      `json:"-"`
	AnsweredBy     *int64     `json:"-"`
}

// ResponseState is how far a supplier has come with a tender.
type ResponseState string

// The response states, in the order the buyer's overview shows them.
const (
	ResponseNotified   ResponseState = "notified"   // told about the tender by the platform
	ResponseOpened     ResponseState = "opened"     // a member opened the tender's page
	ResponseInterested ResponseState = "interested" // registered interest
	ResponseDeclined   ResponseState = "declined"   // said no
)

// TenderResponse is one supplier organisation's relation to a tender, for
// the buyer's overview of who was told, looked, wants it or declined.
type TenderResponse struct {
	TenderID         int64         `json:"tender_id"`
	OrganisationID   int64         `json:"organisation_id"`
	OrganisationName string        `json:"organisation_name"` // filled on read
	State            ResponseState `json:"state"`
	Lots             []int         `json:"lots,omitempty"` // lots of interest; empty means all
	Message          string        `json:"message,omitempty"`
	NotifiedAt       *time.Time    `json:"notified_at,omitempty"`
	OpenedAt         *time.Time    `json:"opened_at,omitempty"`
	RespondedAt      *time.Time    `json:"responded_at,omitempty"`
	RemindedAt       *time.Time    `json:"reminded_at,omitempty"`
}

// Tender list sorts.
const (
	TenderSortDeadline = "deadline" // soonest deadline first (the default)
	TenderSortNewest   = "newest"
	TenderSortValue    = "value" // largest first
	TenderSortTitle    = "title"
)

// TenderFilter selects tenders. Empty fields do not filter. Drafts are
// only returned when BuyerID is set (the buyer's own list) and Statuses
// asks for them.
type TenderFilter struct {
	Statuses         []TenderStatus
	BuyerID          int64
	MunicipalityCode string // the place of performance
	Procedure        Procedure
	CPVPrefix        string // e.g. "85" or "853"
	Reserved         bool   // only tenders or lots with a reservation
	OpenAt           *time.Time
	Text             string
	Sort             string
	Offset, Limit    int
}

// TenderService stores tenders with their history, clarifications,
// supplier responses and award.
type TenderService interface {
	// CreateTender validates t and stores it as a draft for t.BuyerID,
	// which must be a kommune organisation (EINVALID "tender.buyer.kind").
	CreateTender(ctx context.Context, t *Tender) error
	// UpdateTender saves a draft. ECONFLICT "tender.stale" when t.Version is
	// not the stored version; ECONFLICT "tender.not_draft" after publication
	// (use AmendTender).
	UpdateTender(ctx context.Context, t *Tender) error
	// PublishTender makes a draft public (PublishedAt = now), records
	// version 1 (VersionPublished), adds it to the search index, and
	// notifies up to MaxTenderRecipients matching suppliers (SØV that share a
	// CPV group with it, nearest first; for a reserved tender only those
	// meeting the 30 % condition), recording each as ResponseNotified, in
	// one transaction. EINVALID "tender.date.questions_past" when the
	// questions deadline has passed; ECONFLICT "tender.not_draft".
	PublishTender(ctx context.Context, id int64) (*Tender, error)
	// AmendTender changes a published tender, records a VersionAmended with
	// note (required: EINVALID "tender.amend.note") and notifies the
	// suppliers that opened it, registered interest or follow it.
	// ECONFLICT "tender.stale"; ECONFLICT "tender.not_published".
	AmendTender(ctx context.Context, t *Tender, note string) error
	// CancelTender cancels a draft or published tender with a reason
	// (required) and records VersionCancelled when it had been published.
	CancelTender(ctx context.Context, id int64, reason string) (*Tender, error)
	// AwardTender records the award on a published tender whose tender
	// deadline has passed (EINVALID "tender.award.too_early"), creates the
	// Partnership (buyer role "koeber", suppliers "leverandoer", status
	// aftalt, Partnership.TenderID set), records VersionAwarded, and
	// notifies the suppliers, in one transaction. ENOTFOUND for an unknown
	// supplier.
	AwardTender(ctx context.Context, id int64, a *TenderAward) (*Tender, *Partnership, error)
	// FindTenderByID returns ENOTFOUND when no tender has id.
	FindTenderByID(ctx context.Context, id int64) (*Tender, error)
	// FindTenders returns one page and the total.
	FindTenders(ctx context.Context, f TenderFilter) ([]*Tender, int, error)
	// TenderVersions returns a tender's history, oldest first.
	TenderVersions(ctx context.Context, tenderID int64) ([]*TenderVersion, error)
	// TenderVersionsBetween returns the versions of all tenders recorded in
	// [from, to), oldest first, one page of them and the total: the bulk
	// OCDS download.
	TenderVersionsBetween(ctx context.Context, from, to time.Time, offset, limit int) ([]*TenderVersion, int, error)

	// AskClarification stores a question while questions are open
	// (EINVALID "tender.questions_closed") and notifies the buyer.
	AskClarification(ctx context.Context, c *Clarification) error
	// AnswerClarification publishes the answer and notifies every
	// organisation that registered interest or opened the tender, and the
	// tender's followers, at once. ECONFLICT "tender.clarification.answered".
	AnswerClarification(ctx context.Context, id int64, answer string) (*Clarification, error)
	// FindClarifications returns a tender's questions, oldest first;
	// unanswered ones only when withUnanswered is set (the buyer's view).
	FindClarifications(ctx context.Context, tenderID int64, withUnanswered bool) ([]*Clarification, error)

	// RespondToTender records that an organisation opened the tender,
	// registered interest (with lots and message) or declined. Opening never
	// downgrades an interest or a decline. EINVALID "tender.response.closed"
	// for interest after the tender deadline; EINVALID "tender.response.own"
	// for the buyer itself.
	RespondToTender(ctx context.Context, r *TenderResponse) error
	// FindTenderResponses returns the responses to a tender, by state.
	FindTenderResponses(ctx context.Context, tenderID int64) ([]*TenderResponse, error)
	// FindResponsesByOrganisation returns an organisation's responses
	// (its tender inbox), newest first.
	FindResponsesByOrganisation(ctx context.Context, orgID int64) ([]*TenderResponse, error)
	// RemindTenderRecipients notifies again the organisations that were
	// notified or opened the tender but have neither registered interest
	// nor declined, and were not reminded in the last 24 hours; it returns
	// how many were reminded. ECONFLICT "tender.not_open" when the tender
	// deadline has passed.
	RemindTenderRecipients(ctx context.Context, tenderID int64) (int, error)
	// TenderCandidates returns up to limit published, open tenders that
	// share a CPV group (first three digits) with the organisation, for
	// "tenders that fit you"; match scores them.
	TenderCandidates(ctx context.Context, org *Organisation, limit int) ([]*Tender, error)
}

// MaxTenderRecipients bounds how many suppliers a publication notifies.
const MaxTenderRecipients = 200

// Validate trims the question and checks its length.
func (c *Clarification) Validate() error {
	var v Validation
	c.Question = strings.TrimSpace(c.Question)
	if c.Question == "" {
		v.Add("question", "tender.clarification.required", "write your question", nil)
	} else if utf8.RuneCountInString(c.Question) > MaxClarificationLen {
		v.Add("question", "field.too_long", "the text is too long", map[string]any{"Max": MaxClarificationLen})
	}
	return v.Err()
}

// CanEditTender allows the buyer's members and platform admins to edit,
// publish, amend, cancel and award a tender, answer its questions and see
// its responses.
func (p *Principal) CanEditTender(t *Tender) bool {
	return p.IsPlatformAdmin() || p.IsMember(t.BuyerID)
}

// CanViewTender lets everyone read a tender that was published (also once
// awarded or cancelled); drafts, and drafts cancelled before publication,
// are seen by the buyer only.
func (p *Principal) CanViewTender(t *Tender) bool {
	return t.PublishedAt != nil || p.CanEditTender(t)
}
