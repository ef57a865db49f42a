package samspil

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// CollaborationModel names how organisations work together. Partnerships,
// cases and the guide's chapters all use the same codes.
type CollaborationModel string

// The collaboration models of the roundtable's report.
const (
	ModelIndkob             CollaborationModel = "indkob"              // ordinary purchase
	ModelReserveretKontrakt CollaborationModel = "reserveret_kontrakt" // udbudsloven § 20
	ModelSocialKlausul      CollaborationModel = "social_klausul"
	ModelAfknopning         CollaborationModel = "afknopning"      // spin-off of a municipal activity
	ModelIntraprenorskab    CollaborationModel = "intraprenorskab" // intrapreneurship inside a municipality
	ModelResultatbaseret    CollaborationModel = "resultatbaseret" // payment by result
	ModelPilot              CollaborationModel = "pilot"
	ModelLaboratorium       CollaborationModel = "laboratorium" // social-innovation lab
	ModelKompetenceloeft    CollaborationModel = "kompetenceloeft"
	ModelRekruttering       CollaborationModel = "rekruttering"
)

// CollaborationModels lists the models in the order forms show them.
var CollaborationModels = []CollaborationModel{
	ModelIndkob, ModelReserveretKontrakt, ModelSocialKlausul, ModelAfknopning, ModelIntraprenorskab,
	ModelResultatbaseret, ModelPilot, ModelLaboratorium, ModelKompetenceloeft, ModelRekruttering,
}

// Valid reports whether m is a known model.
func (m CollaborationModel) Valid() bool {
	for _, x := range CollaborationModels {
		if x == m {
			return true
		}
	}
	return false
}

// InterestStatus is where an expression of interest stands.
type InterestStatus string

// The interest statuses.
const (
	InterestPending   InterestStatus = "pending"
	InterestAccepted  InterestStatus = "accepted"
	InterestDeclined  InterestStatus = "declined"
	InterestWithdrawn InterestStatus = "withdrawn"
)

// MaxInterestMessage bounds the message sent with an interest.
const MaxInterestMessage = 4000

// Interest is an organisation's answer to an opportunity: "we would like to
// work with you on this". Accepting it creates a Partnership.
type Interest struct {
	ID               int64          `json:"id"`
	OpportunityID    int64          `json:"opportunity_id"`
	OpportunityTitle string         `json:"opportunity_title"` // filled on read
	OwnerID          int64          `json:"owner_id"`          // the opportunity's organisation, filled on read
	OwnerName        string         `json:"owner_name"`        // filled on read
	OrganisationID   int64          `json:"organisation_id"`   // the interested organisation
	OrganisationName string         `json:"organisation_name"` // filled on read
	Message          string         `json:"message"`
	Status           InterestStatus `json:"status"`
	DecisionNote     string         `json:"decision_note,omitempty"`
	PartnershipID    *int64         `json:"partnership_id,omitempty"`
	CreatedBy        int64          `json:"-"`
	DecidedBy        *int64         `json:"-"`
	CreatedAt        time.Time      `json:"created_at"`
	DecidedAt        *time.Time     `json:"decided_at,omitempty"`
}

// Validate trims and bounds the message.
func (i *Interest) Validate() error {
	var v Validation
	i.Message = strings.TrimSpace(i.Message)
	if i.Message == "" {
		v.Add("message", "interest.message.required", "write a short message to the owner", nil)
	} else if utf8.RuneCountInString(i.Message) > MaxInterestMessage {
		v.Add("message", "field.too_long", "the text is too long", map[string]any{"Max": MaxInterestMessage})
	}
	return v.Err()
}

// InterestFilter selects interests. Empty fields do not filter.
type InterestFilter struct {
	OpportunityID  int64
	OwnerID        int64 // interests in opportunities of this organisation (incoming)
	OrganisationID int64 // interests sent by this organisation (outgoing)
	Statuses       []InterestStatus
	Offset, Limit  int
}

// InterestService stores interests and turns accepted ones into partnerships.
type InterestService interface {
	// CreateInterest validates and stores i as pending, and notifies the
	// active members of the opportunity's organisation in the same
	// transaction. EINVALID for a bad message; ENOTFOUND for an unknown
	// opportunity or organisation; ECONFLICT "interest.duplicate" when the
	// organisation already has a pending or accepted interest in it;
	// EINVALID "interest.own" for interest in one's own opportunity and
	// "interest.not_open" when the opportunity is not open.
	CreateInterest(ctx context.Context, i *Interest) error
	// FindInterestByID returns ENOTFOUND when no interest has id.
	FindInterestByID(ctx context.Context, id int64) (*Interest, error)
	// FindInterests returns one page, newest first, and the total.
	FindInterests(ctx context.Context, f InterestFilter) ([]*Interest, int, error)
	// AcceptInterest marks a pending interest accepted and creates a
	// Partnership (status foreslaaet, both organisations as parties, the
	// model of the opportunity's kind) in one transaction, and notifies both
	// sides. ENOTFOUND; ECONFLICT "interest.decided" when not pending.
	AcceptInterest(ctx context.Context, id int64, note string) (*Interest, *Partnership, error)
	// DeclineInterest marks a pending interest declined and notifies the
	// interested organisation. ENOTFOUND; ECONFLICT "interest.decided".
	DeclineInterest(ctx context.Context, id int64, note string) (*Interest, error)
	// WithdrawInterest lets the interested organisation take back a pending
	// interest. ENOTFOUND; ECONFLICT "interest.decided".
	WithdrawInterest(ctx context.Context, id int64) (*Interest, error)
}

// PartnershipStatus is a partnership's place in its life.
type PartnershipStatus string

// The partnership statuses: foreslået → aftalt → aktiv → afsluttet | afbrudt.
const (
	PartnershipProposed  PartnershipStatus = "foreslaaet"
	PartnershipAgreed    PartnershipStatus = "aftalt"
	PartnershipActive    PartnershipStatus = "aktiv"
	PartnershipCompleted PartnershipStatus = "afsluttet"
	PartnershipAborted   PartnershipStatus = "afbrudt"
)

// PartnershipParty is one organisation in a partnership and its role.
type PartnershipParty struct {
	OrganisationID int64   `json:"organisation_id"`
	Name           string  `json:"name"` // filled on read
	Kind           OrgKind `json:"kind"` // filled on read
	Role           string  `json:"role"` // "ejer" (owner of the opportunity), "partner", "koeber", "leverandoer", …
}

// Partnership is a collaboration between organisations: the unit of track
// record and of the national numbers. Issue 7 extends it with agreements,
// goals, logs and results.
type Partnership struct {
	ID            int64              `json:"id"`
	Title         string             `json:"title"`
	Model         CollaborationModel `json:"model"`
	Status        PartnershipStatus  `json:"status"`
	Parties       []PartnershipParty `json:"parties"`
	OpportunityID *int64             `json:"opportunity_id,omitempty"`
	InterestID    *int64             `json:"interest_id,omitempty"`
	TenderID      *int64             `json:"tender_id,omitempty"` // set when an award created it
	CreatedAt     time.Time          `json:"created_at"`
	UpdatedAt     time.Time          `json:"updated_at"`
	CompletedAt   *time.Time         `json:"completed_at,omitempty"`
}

// HasParty reports whether orgID is one of the parties.
func (p *Partnership) HasParty(orgID int64) bool {
	for _, x := range p.Parties {
		if x.OrganisationID == orgID {
			return true
		}
	}
	return false
}

// PartnershipFilter selects partnerships.
type PartnershipFilter struct {
	OrganisationID int64 // partnerships this organisation is a party to
	Statuses       []PartnershipStatus
	Offset, Limit  int
}

// PartnershipService reads partnerships (issue 3 creates them only through
// accepted interests).
type PartnershipService interface {
	// FindPartnershipByID returns ENOTFOUND when no partnership has id.
	FindPartnershipByID(ctx context.Context, id int64) (*Partnership, error)
	// FindPartnerships returns one page, newest first, and the total.
	FindPartnerships(ctx context.Context, f PartnershipFilter) ([]*Partnership, int, error)
}
