package samspil

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// OpportunityKind says what an organisation offers or needs on the
// opportunity board. It decides who may post it and which organisations it
// is matched with.
type OpportunityKind string

// The six kinds of opportunity the roundtable's collaborations start from.
const (
	OppIndkobsbehov OpportunityKind = "indkobsbehov"  // a municipality's procurement need
	OppJobbehov     OpportunityKind = "jobbehov"      // a company's labour need: jobs or job-training places
	OppYdelse       OpportunityKind = "ydelse"        // an SØV's offer of goods or services
	OppPartnerskab  OpportunityKind = "partnerskab"   // a call for partners for a pilot or lab
	OppMentorTilbud OpportunityKind = "mentor_tilbud" // a company leader's mentoring offer
	OppMentorBehov  OpportunityKind = "mentor_behov"  // an SØV's wish for competence lift
)

// OpportunityKinds lists the kinds in the order forms and filters show them.
var OpportunityKinds = []OpportunityKind{OppIndkobsbehov, OppJobbehov, OppYdelse, OppPartnerskab, OppMentorTilbud, OppMentorBehov}

// Valid reports whether k is one of the known kinds.
func (k OpportunityKind) Valid() bool {
	for _, x := range OpportunityKinds {
		if x == k {
			return true
		}
	}
	return false
}

// opportunityRules says, per kind, which organisations may post it, which
// organisations it is matched with, and which collaboration model a
// partnership born from it gets.
var opportunityRules = map[OpportunityKind]struct {
	posters, counterparts []OrgKind
	model                 CollaborationModel
}{
	OppIndkobsbehov: {[]OrgKind{OrgKommune, OrgAndet}, []OrgKind{OrgSOV}, ModelIndkob},
	OppJobbehov:     {[]OrgKind{OrgVirksomhed, OrgKommune, OrgAndet}, []OrgKind{OrgSOV}, ModelRekruttering},
	OppYdelse:       {[]OrgKind{OrgSOV}, []OrgKind{OrgKommune, OrgVirksomhed, OrgAndet}, ModelIndkob},
	OppPartnerskab:  {[]OrgKind{OrgSOV, OrgVirksomhed, OrgKommune, OrgAndet}, []OrgKind{OrgSOV, OrgVirksomhed, OrgKommune, OrgAndet}, ModelPilot},
	OppMentorTilbud: {[]OrgKind{OrgVirksomhed, OrgAndet}, []OrgKind{OrgSOV}, ModelKompetenceloeft},
	OppMentorBehov:  {[]OrgKind{OrgSOV}, []OrgKind{OrgVirksomhed, OrgAndet}, ModelKompetenceloeft},
}

// CanBePostedBy reports whether an organisation of kind org may post an
// opportunity of kind k (a company has no procurement need to publish, an
// SØV does not offer mentoring to others).
func (k OpportunityKind) CanBePostedBy(org OrgKind) bool {
	for _, x := range opportunityRules[k].posters {
		if x == org {
			return true
		}
	}
	return false
}

// Counterparts lists the organisation kinds an opportunity of kind k is
// matched with: a procurement need looks for SØV, an SØV's offer looks for
// buyers.
func (k OpportunityKind) Counterparts() []OrgKind { return opportunityRules[k].counterparts }

// KindsFor returns the opportunity kinds whose counterparts include org:
// the kinds an organisation's dashboard shows as matches.
func KindsFor(org OrgKind) []OpportunityKind {
	var out []OpportunityKind
	for _, k := range OpportunityKinds {
		for _, c := range opportunityRules[k].counterparts {
			if c == org {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// Model is the collaboration model of a partnership created from an
// accepted interest in an opportunity of kind k.
func (k OpportunityKind) Model() CollaborationModel { return opportunityRules[k].model }

// UsesExpertise reports whether the kind is described by expertise areas
// (mentoring) rather than CPV codes.
func (k OpportunityKind) UsesExpertise() bool { return k == OppMentorTilbud || k == OppMentorBehov }

// ExpertiseAreas are the fields in which company leaders mentor SØV and
// SØV ask for competence lift; the codes are a stable interface.
var ExpertiseAreas = []string{
	"okonomi",        // økonomi og finansiering
	"salg_marketing", // salg og markedsføring
	"hr_ledelse",     // HR og ledelse
	"bestyrelse",     // bestyrelsesarbejde
	"effektmaaling",  // effektmåling
	"digitalisering", // digitalisering
	"jura",           // jura
}

// ValidExpertiseArea reports whether code is one of ExpertiseAreas.
func ValidExpertiseArea(code string) bool {
	for _, a := range ExpertiseAreas {
		if a == code {
			return true
		}
	}
	return false
}

// OpportunityStatus is where an opportunity is in its life. Open ones are
// shown and matched; closed and filled ones stay readable.
type OpportunityStatus string

// The opportunity statuses.
const (
	OppOpen   OpportunityStatus = "open"
	OppClosed OpportunityStatus = "closed" // withdrawn by the owner or past its deadline
	OppFilled OpportunityStatus = "filled" // the need was met
)

// Valid reports whether s is a known status.
func (s OpportunityStatus) Valid() bool { return s == OppOpen || s == OppClosed || s == OppFilled }

// Limits on opportunities.
const (
	MaxOpportunityCPV       = 20
	MaxOpportunityRadiusKm  = 500
	MaxOpportunityVolume    = 1_000_000
	MaxOpportunityValueOre  = 1_000_000_000_000_00 // one trillion kroner, a sanity bound
	MaxOpportunityDeadlineY = 3                    // a deadline at most this many years ahead
)

// Opportunity is one post on the opportunity board.
type Opportunity struct {
	ID               int64           `json:"id"`
	OrganisationID   int64           `json:"organisation_id"`
	OrganisationName string          `json:"organisation_name"` // filled on read
	Kind             OpportunityKind `json:"kind"`
	Title            string          `json:"title"`
	Description      string          `json:"description"`

	CPVCodes       []string `json:"cpv_codes"`       // CPV 2008 with check digit; for all kinds but mentoring
	ExpertiseAreas []string `json:"expertise_areas"` // ExpertiseAreas codes; for mentoring kinds
	TargetGroups   []string `json:"target_groups"`

	MunicipalityCode string `json:"municipality_code"` // where the work happens
	RadiusKm         int    `json:"radius_km"`         // how far from there a partner may be; 0 means the whole country
	// Volume is the size of the need or offer in the unit the kind implies:
	// places (jobbehov), persons or places of capacity (ydelse,
	// indkobsbehov), hours per month (mentoring). 0 when not stated.
	Volume            int   `json:"volume"`
	EstimatedValueOre int64 `json:"estimated_value_ore"` // optional; procurement needs

	Deadline *time.Time        `json:"deadline,omitempty"` // last day to answer, end of that day in Danish time, stored UTC
	Status   OpportunityStatus `json:"status"`

	CreatedBy int64      `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
}

// Expired reports whether the deadline has passed at now.
func (o *Opportunity) Expired(now time.Time) bool {
	return o.Deadline != nil && !now.Before(*o.Deadline)
}

// Validate normalises o and checks every rule that needs no database. The
// store checks target groups and that the posting organisation's kind may
// post this kind. now bounds the deadline.
func (o *Opportunity) Validate(cat Catalog, now time.Time) error {
	var v Validation
	o.Title = strings.TrimSpace(o.Title)
	switch n := utf8.RuneCountInString(o.Title); {
	case n == 0:
		v.Add("title", "opp.title.required", "the title is required", nil)
	case n > MaxNameLen:
		v.Add("title", "opp.title.too_long", "the title is too long", map[string]any{"Max": MaxNameLen})
	}
	o.Description = strings.TrimSpace(o.Description)
	if utf8.RuneCountInString(o.Description) > MaxDescriptionLen {
		v.Add("description", "field.too_long", "the text is too long", map[string]any{"Max": MaxDescriptionLen})
	}
	if !o.Kind.Valid() {
		v.Add("kind", "opp.kind.invalid", "choose a kind of opportunity", nil)
	}
	if o.Status == "" {
		o.Status = OppOpen
	} else if !o.Status.Valid() {
		v.Add("status", "opp.status.invalid", "unknown status", nil)
	}
	o.MunicipalityCode = strings.TrimSpace(o.MunicipalityCode)
	if o.MunicipalityCode == "" {
		v.Add("municipality_code", "opp.municipality.required", "choose where the work happens", nil)
	} else if cat != nil && !cat.HasMunicipality(o.MunicipalityCode) {
		v.Add("municipality_code", "org.municipality.unknown", "unknown municipality code", map[string]any{"Code": o.MunicipalityCode})
	}
	if o.RadiusKm < 0 || o.RadiusKm > MaxOpportunityRadiusKm {
		v.Add("radius_km", "opp.radius.range", "the radius must be between 0 and 500 km", map[string]any{"Max": MaxOpportunityRadiusKm})
	}
	if o.Volume < 0 || o.Volume > MaxOpportunityVolume {
		v.Add("volume", "opp.volume.range", "the volume must be between 0 and 1,000,000", map[string]any{"Max": MaxOpportunityVolume})
	}
	if o.EstimatedValueOre < 0 || o.EstimatedValueOre > MaxOpportunityValueOre {
		v.Add("estimated_value_ore", "opp.value.range", "the value must be zero or more and realistic", nil)
	}
	if o.Deadline != nil {
		d := o.Deadline.UTC()
		o.Deadline = &d
		if !d.After(now) {
			v.Add("deadline", "opp.deadline.past", "the deadline must be in the future", nil)
		} else if d.After(now.AddDate(MaxOpportunityDeadlineY, 0, 0)) {
			v.Add("deadline", "opp.deadline.too_far", "the deadline can be at most three years ahead", map[string]any{"Years": MaxOpportunityDeadlineY})
		}
	}
	// CPV codes or expertise areas, depending on the kind.
	o.CPVCodes = dedupe(o.CPVCodes)
	o.ExpertiseAreas = dedupe(o.ExpertiseAreas)
	if o.Kind.UsesExpertise() {
		if len(o.ExpertiseAreas) == 0 {
			v.Add("expertise_areas", "opp.expertise.required", "choose at least one area", nil)
		}
		for _, a := range o.ExpertiseAreas {
			if !ValidExpertiseArea(a) {
				v.Add("expertise_areas", "opp.expertise.unknown", "unknown area", map[string]any{"Code": a})
			}
		}
	} else if o.Kind.Valid() {
		if len(o.CPVCodes) == 0 {
			v.Add("cpv_codes", "opp.cpv.required", "choose at least one CPV code", nil)
		}
		if len(o.CPVCodes) > MaxOpportunityCPV {
			v.Add("cpv_codes", "opp.cpv.too_many", "too many CPV codes", map[string]any{"Max": MaxOpportunityCPV})
		}
		for i, c := range o.CPVCodes {
			if cat == nil {
				continue
			}
			if canon, ok := cat.CanonicalCPV(c); ok {
				o.CPVCodes[i] = canon
			} else {
				v.Add("cpv_codes", "cpv.unknown", "unknown CPV code", map[string]any{"Code": c})
			}
		}
		o.CPVCodes = dedupe(o.CPVCodes)
	}
	o.TargetGroups = dedupe(o.TargetGroups)
	return v.Err()
}

// dedupe trims, drops empty entries and repeats, keeping the first order.
func dedupe(in []string) []string {
	out := in[:0:0]
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// OpportunityFilter selects opportunities for the board and the API. Empty
// fields do not filter; Limit 0 means the default page size.
type OpportunityFilter struct {
	IDs              []int64
	OrganisationID   int64
	Kinds            []OpportunityKind
	Statuses         []OpportunityStatus // default: every status
	MunicipalityCode string
	TargetGroup      string
	CreatedAfter     *time.Time // digests: only opportunities posted after this time
	Sort             string     // "newest" (default), "deadline", "title"
	Offset           int
	Limit            int
}

// OpportunityUpdate changes an opportunity; nil fields are left as they are.
type OpportunityUpdate struct {
	Title             *string
	Description       *string
	CPVCodes          *[]string
	ExpertiseAreas    *[]string
	TargetGroups      *[]string
	MunicipalityCode  *string
	RadiusKm          *int
	Volume            *int
	EstimatedValueOre *int64
	Deadline          **time.Time // set to a nil pointer to clear the deadline
	Status            *OpportunityStatus
}

// OpportunityService stores the opportunity board.
type OpportunityService interface {
	// FindOpportunityByID returns ENOTFOUND when no opportunity has id.
	FindOpportunityByID(ctx context.Context, id int64) (*Opportunity, error)
	// FindOpportunities returns one page and the total. EINVALID for a
	// negative offset or limit or an unknown sort.
	FindOpportunities(ctx context.Context, f OpportunityFilter) ([]*Opportunity, int, error)
	// CreateOpportunity validates o, sets ID, Status (open), CreatedAt and
	// UpdatedAt and stores it together with its search-index entry.
	// EINVALID for bad fields, an unknown target group or a kind the
	// organisation's kind may not post (field "kind", key
	// "opp.kind.not_allowed"); ENOTFOUND for an unknown organisation.
	CreateOpportunity(ctx context.Context, o *Opportunity) error
	// UpdateOpportunity applies upd, validates, stores and re-indexes; it
	// sets ClosedAt when the status leaves open and clears it when the
	// opportunity is reopened. ENOTFOUND, EINVALID.
	UpdateOpportunity(ctx context.Context, id int64, upd OpportunityUpdate) (*Opportunity, error)
	// CloseExpiredOpportunities closes every open opportunity whose deadline
	// is at or before now and returns how many it closed.
	CloseExpiredOpportunities(ctx context.Context, now time.Time) (int, error)
}
