package samspil

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// OrgKind says what sort of organisation a profile belongs to; matchmaking,
// rights and the reserved-contract rules all depend on it.
type OrgKind string

// The organisation kinds. Every municipality exists as one organisation of
// kind OrgKommune, seeded with the reference data.
const (
	OrgSOV        OrgKind = "sov"        // socialøkonomisk virksomhed
	OrgKommune    OrgKind = "kommune"    // a municipality
	OrgVirksomhed OrgKind = "virksomhed" // an ordinary company
	OrgAndet      OrgKind = "andet"      // associations, funds, other public bodies
)

// OrgKinds lists the kinds in the order forms and filters show them.
var OrgKinds = []OrgKind{OrgSOV, OrgVirksomhed, OrgKommune, OrgAndet}

// Valid reports whether k is one of the known kinds.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Limits on free text, shared by forms, the API and importers so that all
// three reject the same input with the same message.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 10000
	MaxShortTextLen   = 500
	MaxJustification  = 2000
)

// ReservedContractShare is the minimum share of disabled or disadvantaged
// employees for reserved contracts (directive 2014/24/EU art. 20, udbudsloven
// § 20), in per cent.
const ReservedContractShare = 30

// StaleAfter is how long a profile may go without an update before it is
// shown as possibly out of date and its admins are reminded.
const StaleAfter = 365 * 24 * time.Hour

// RSVCriterion is one of the five criteria of the Danish register of social
// enterprises (lov nr. 711 af 25/06/2014), declared by the organisation
// itself with a short justification.
type RSVCriterion struct {
	Declared      bool   `json:"declared"`
	Justification string `json:"justification"`
}

// RSVCriteriaKeys name the five criteria in law order; RSVCriteria arrays
// are indexed the same way.
var RSVCriteriaKeys = [5]string{
	"social_purpose",       // socialt formål
	"commercial_activity",  // væsentlig erhvervsmæssig aktivitet
	"independence",         // uafhængighed af det offentlige
	"inclusive_governance", // inddragende og ansvarlig ledelse
	"social_profit",        // social håndtering af overskud
}

// SocialEffect is one year of documented social effects of an organisation:
// the figures the roundtable asked to make visible.
type SocialEffect struct {
	Year                int    `json:"year"`
	TargetGroupEmployed int    `json:"target_group_employed"` // people from target groups employed during the year
	ToOrdinaryWork      int    `json:"to_ordinary_work"`      // transitions to ordinary work
	ToEducation         int    `json:"to_education"`          // transitions to education
	PeopleInProgrammes  int    `json:"people_in_programmes"`  // people in forløb during the year
	Note                string `json:"note"`
}

// Organisation is a profile on the platform: a municipality, an SØV, a
// company or another body.
type Organisation struct {
	ID               int64   `json:"id"`
	CVR              string  `json:"cvr,omitempty"` // 8 digits, modulus-11 checked; optional only for kind andet
	Name             string  `json:"name"`
	Kind             OrgKind `json:"kind"`
	MunicipalityCode string  `json:"municipality_code"`
	Address          string  `json:"address,omitempty"`
	PostalCode       string  `json:"postal_code,omitempty"`
	City             string  `json:"city,omitempty"`
	Website          string  `json:"website,omitempty"`
	Email            string  `json:"email,omitempty"`
	Phone            string  `json:"phone,omitempty"`
	Description      string  `json:"description,omitempty"`

	Sectors      []string `json:"sectors"`       // DB07 section letters A–U
	CPVCodes     []string `json:"cpv_codes"`     // CPV 2008 codes with check digit, e.g. "90911200-8"
	TargetGroups []string `json:"target_groups"` // target-group codes, e.g. "udsatte_ledige"

	Capacity               int   `json:"capacity"`                // places for people in forløb
	TurnoverOre            int64 `json:"turnover_ore"`            // yearly turnover in øre
	Employees              int   `json:"employees"`               // head count
	DisadvantagedEmployees int   `json:"disadvantaged_employees"` // of Employees: disabled or disadvantaged

	RSVCriteria   [5]RSVCriterion `json:"rsv_criteria"`
	RSVRegistered bool            `json:"rsv_registered"`
	RSVVerifiedAt *time.Time      `json:"rsv_verified_at,omitempty"` // when a platform admin checked the registration

	Effects []SocialEffect `json:"effects"`

	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	RemindedAt  *time.Time `json:"-"` // last out-of-date reminder e-mail
	MemberCount int        `json:"-"` // filled by FindOrganisationByID only
}

// DisadvantagedShare is the share of employees who are disabled or
// disadvantaged, in per cent rounded down; 0 without employees.
func (o *Organisation) DisadvantagedShare() int {
	if o.Employees <= 0 {
		return 0
	}
	return o.DisadvantagedEmployees * 100 / o.Employees
}

// MeetsReservedContractCondition reports whether the organisation declares
// at least 30% disabled or disadvantaged employees, the condition for
// reserved contracts. It is a self-declaration, shown apart from RSV status.
func (o *Organisation) MeetsReservedContractCondition() bool {
	return o.Employees > 0 && o.DisadvantagedEmployees*100 >= ReservedContractShare*o.Employees
}

// PossiblyStale reports whether the profile has gone a year without update.
func (o *Organisation) PossiblyStale(now time.Time) bool {
	return now.Sub(o.UpdatedAt) > StaleAfter
}

// Catalog answers whether codes exist in the reference data. The refdata
// package implements it from the embedded official lists; the store asks it
// during validation so every path into the database checks the same way.
type Catalog interface {
	HasMunicipality(code string) bool
	HasCPV(code string) bool
	// CanonicalCPV returns a known code in its stored form, with check
	// digit ("90911200" → "90911200-8"), so lists compare and match.
	CanonicalCPV(code string) (string, bool)
	HasSector(code string) bool
	// IsSocialServiceCPV reports whether code is one of the light regime's
	// social and other specific services (eForms social-service-cpv).
	IsSocialServiceCPV(code string) bool
}

// Validate normalises o (trims text, parses the CVR) and checks every rule
// that needs no database. Target groups are checked by the store, because
// admins can extend that list.
func (o *Organisation) Validate(cat Catalog) error {
	var v Validation
	o.Name = strings.TrimSpace(o.Name)
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		v.Add("name", "org.name.required", "the name is required", nil)
	case n > MaxNameLen:
		v.Add("name", "org.name.too_long", "the name is too long", map[string]any{"Max": MaxNameLen})
	}
	if !o.Kind.Valid() {
		v.Add("kind", "org.kind.invalid", "choose a kind of organisation", nil)
	}
	o.CVR = strings.TrimSpace(o.CVR)
	if o.CVR == "" {
		if o.Kind == OrgSOV || o.Kind == OrgVirksomhed {
			v.Add("cvr", "cvr.required", "a CVR number is required for SØV and companies", nil)
		}
	} else if cvr, err := ParseCVR(o.CVR); err != nil {
		e, _ := AsError(err)
		v.Add("cvr", e.Key, e.Message, nil)
	} else {
		o.CVR = cvr
	}
	o.MunicipalityCode = strings.TrimSpace(o.MunicipalityCode)
	if o.MunicipalityCode == "" {
		v.Add("municipality_code", "org.municipality.required", "choose a municipality", nil)
	} else if cat != nil && !cat.HasMunicipality(o.MunicipalityCode) {
		v.Add("municipality_code", "org.municipality.unknown", "unknown municipality code", map[string]any{"Code": o.MunicipalityCode})
	}
	for _, f := range []struct {
		name string
		val  *string
		max  int
	}{
		{"address", &o.Address, MaxShortTextLen},
		{"city", &o.City, MaxShortTextLen},
		{"email", &o.Email, MaxShortTextLen},
		{"phone", &o.Phone, 40},
		{"description", &o.Description, MaxDescriptionLen},
		{"website", &o.Website, MaxShortTextLen},
		{"postal_code", &o.PostalCode, 4},
	} {
		*f.val = strings.TrimSpace(*f.val)
		if utf8.RuneCountInString(*f.val) > f.max {
			v.Add(f.name, "field.too_long", "the text is too long", map[string]any{"Max": f.max})
		}
	}
	if o.PostalCode != "" && !allDigits(o.PostalCode, 4) {
		v.Add("postal_code", "org.postal_code.invalid", "a postal code has 4 digits", nil)
	}
	if o.Website != "" && !v.Has("website") {
		if !strings.Contains(o.Website, "://") {
			o.Website = "https://" + o.Website
		}
		if u, err := url.Parse(o.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
			v.Add("website", "org.website.invalid", "the website must be a web address such as https://example.dk", nil)
		}
	}
	if o.Email != "" && !v.Has("email") {
		if _, err := NormaliseEmail(o.Email); err != nil {
			v.Add("email", "email.invalid", "the e-mail address is not valid", nil)
		}
	}
	if o.Phone != "" && LooksLikeCPR(o.Phone) {
		v.Add("phone", "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
	}
	o.Sectors = cleanList(o.Sectors, strings.ToUpper)
	for _, s := range o.Sectors {
		if cat != nil && !cat.HasSector(s) {
			v.Add("sectors", "org.sector.unknown", "unknown DB07 section", map[string]any{"Code": s})
			break
		}
	}
	o.CPVCodes = cleanList(o.CPVCodes, nil)
	for i, c := range o.CPVCodes {
		if cat == nil {
			break
		}
		canon, ok := cat.CanonicalCPV(c)
		if !ok {
			v.Add("cpv_codes", "cpv.unknown", "unknown CPV code", map[string]any{"Code": c})
			break
		}
		o.CPVCodes[i] = canon
	}
	o.CPVCodes = cleanList(o.CPVCodes, nil) // "x" and "x-c" may both have been given
	o.TargetGroups = cleanList(o.TargetGroups, nil)
	for _, n := range []struct {
		name string
		val  int64
	}{
		{"capacity", int64(o.Capacity)},
		{"turnover_ore", o.TurnoverOre},
		{"employees", int64(o.Employees)},
		{"disadvantaged_employees", int64(o.DisadvantagedEmployees)},
	} {
		if n.val < 0 {
			v.Add(n.name, "field.negative", "the number cannot be negative", nil)
		}
	}
	if o.DisadvantagedEmployees > o.Employees {
		v.Add("disadvantaged_employees", "org.disadvantaged.too_many", "cannot exceed the number of employees", nil)
	}
	for i := range o.RSVCriteria {
		c := &o.RSVCriteria[i]
		c.Justification = strings.TrimSpace(c.Justification)
		if utf8.RuneCountInString(c.Justification) > MaxJustification {
			v.Add("rsv_"+RSVCriteriaKeys[i], "field.too_long", "the text is too long", map[string]any{"Max": MaxJustification})
		}
	}
	seen := map[int]bool{}
	for i, e := range o.Effects {
		if e.Year < 1990 || e.Year > 2100 {
			v.Add("effects", "org.effect.year", "the year of a social effect is not valid", map[string]any{"Year": e.Year})
		} else if seen[e.Year] {
			v.Add("effects", "org.effect.duplicate_year", "each year can be reported once", map[string]any{"Year": e.Year})
		}
		seen[e.Year] = true
		if e.TargetGroupEmployed < 0 || e.ToOrdinaryWork < 0 || e.ToEducation < 0 || e.PeopleInProgrammes < 0 {
			v.Add("effects", "field.negative", "the number cannot be negative", nil)
		}
		o.Effects[i].Note = strings.TrimSpace(e.Note)
	}
	return v.Err()
}

// cleanList trims, optionally maps, drops empty entries and duplicates while
// keeping the order the user gave.
func cleanList(in []string, f func(string) string) []string {
	out := make([]string, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if f != nil {
			s = f(s)
		}
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// OrganisationFilter selects organisations for the directory and the API.
// Empty fields do not filter. Limit 0 means the default page size.
type OrganisationFilter struct {
	IDs              []int64
	CVRs             []string // exact, normalised CVR numbers (importers check many at once)
	Query            string   // matched against name, description and CVR
	Kind             OrgKind
	MunicipalityCode string
	RegionCode       string
	TargetGroup      string
	RSVRegistered    *bool
	StaleBefore      *time.Time // only profiles last updated before this time
	Sort             string     // "name" (default), "newest", "updated"
	Offset           int
	Limit            int
}

// Page sizes shared by every listing.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// OrganisationUpdate changes an organisation's profile; nil fields are left
// as they are. The store validates the resulting organisation as a whole.
type OrganisationUpdate struct {
	Name                   *string
	CVR                    *string
	Kind                   *OrgKind
	MunicipalityCode       *string
	Address                *string
	PostalCode             *string
	City                   *string
	Website                *string
	Email                  *string
	Phone                  *string
	Description            *string
	Sectors                *[]string
	CPVCodes               *[]string
	TargetGroups           *[]string
	Capacity               *int
	TurnoverOre            *int64
	Employees              *int
	DisadvantagedEmployees *int
	RSVCriteria            *[5]RSVCriterion
	Effects                *[]SocialEffect
}

// Apply copies the set fields of upd onto o.
func (upd OrganisationUpdate) Apply(o *Organisation) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&o.Name, upd.Name)
	set(&o.CVR, upd.CVR)
	if upd.Kind != nil {
		o.Kind = *upd.Kind
	}
	set(&o.MunicipalityCode, upd.MunicipalityCode)
	set(&o.Address, upd.Address)
	set(&o.PostalCode, upd.PostalCode)
	set(&o.City, upd.City)
	set(&o.Website, upd.Website)
	set(&o.Email, upd.Email)
	set(&o.Phone, upd.Phone)
	set(&o.Description, upd.Description)
	if upd.Sectors != nil {
		o.Sectors = *upd.Sectors
	}
	if upd.CPVCodes != nil {
		o.CPVCodes = *upd.CPVCodes
	}
	if upd.TargetGroups != nil {
		o.TargetGroups = *upd.TargetGroups
	}
	if upd.Capacity != nil {
		o.Capacity = *upd.Capacity
	}
	if upd.TurnoverOre != nil {
		o.TurnoverOre = *upd.TurnoverOre
	}
	if upd.Employees != nil {
		o.Employees = *upd.Employees
	}
	if upd.DisadvantagedEmployees != nil {
		o.DisadvantagedEmployees = *upd.DisadvantagedEmployees
	}
	if upd.RSVCriteria != nil {
		o.RSVCriteria = *upd.RSVCriteria
	}
	if upd.Effects != nil {
		o.Effects = *upd.Effects
	}
}

// OrganisationService stores organisations. Every method documents the
// error codes it returns; storetest checks them on both databases.
type OrganisationService interface {
	// FindOrganisationByID returns ENOTFOUND when no organisation has id.
	FindOrganisationByID(ctx context.Context, id int64) (*Organisation, error)
	// FindOrganisationByCVR returns ENOTFOUND when no organisation has cvr.
	FindOrganisationByCVR(ctx context.Context, cvr string) (*Organisation, error)
	// FindMunicipalityOrganisation returns the organisation of kind kommune
	// for a kommunekode, or ENOTFOUND.
	FindMunicipalityOrganisation(ctx context.Context, code string) (*Organisation, error)
	// FindOrganisations returns one page of matches and the total number of
	// matches. It returns EINVALID for a negative offset or limit.
	FindOrganisations(ctx context.Context, filter OrganisationFilter) ([]*Organisation, int, error)
	// CreateOrganisation validates o, sets ID, CreatedAt and UpdatedAt and
	// stores it. EINVALID for bad fields (unknown target group included),
	// ECONFLICT when the CVR is already registered.
	CreateOrganisation(ctx context.Context, o *Organisation) error
	// CreateOrganisationWithAdmin stores o and makes userID its active admin
	// in one transaction, so an organisation is never left without the
	// person who created it. Errors as CreateOrganisation, and ENOTFOUND
	// for an unknown user.
	CreateOrganisationWithAdmin(ctx context.Context, o *Organisation, userID int64) (*Membership, error)
	// CreateOrganisations stores all of orgs or none of them (importers).
	// Errors as CreateOrganisation; a FieldError's Field is prefixed with
	// "row N: " where N is the 1-based index in orgs.
	CreateOrganisations(ctx context.Context, orgs []*Organisation) error
	// UpdateOrganisation applies upd, validates and stores the result, and
	// sets UpdatedAt. ENOTFOUND, EINVALID, ECONFLICT.
	UpdateOrganisation(ctx context.Context, id int64, upd OrganisationUpdate) (*Organisation, error)
	// SetRSVRegistration records a platform admin's check of RSV status.
	// When registered is false the verification date is cleared. ENOTFOUND.
	SetRSVRegistration(ctx context.Context, id int64, registered bool) (*Organisation, error)
	// MarkReminded records that the out-of-date reminder was sent. ENOTFOUND.
	MarkReminded(ctx context.Context, id int64) error
}
