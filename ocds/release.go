package ocds

import (
	"encoding/json"
	"strconv"
	"time"
)

// The release structure: only the parts the platform fills, as Go structs
// so the JSON has a fixed field order. Empty fields are left out (never
// null), so a release says only what is known.

// Release is one OCDS release: the state of a tender after one event.
type Release struct {
	OCID           string         `json:"ocid"`
	ID             string         `json:"id"`
	Date           string         `json:"date"`
	Tag            []string       `json:"tag"`
	InitiationType string         `json:"initiationType"`
	Language       string         `json:"language,omitempty"`
	Parties        []Organization `json:"parties,omitempty"`
	Buyer          *OrgRef        `json:"buyer,omitempty"`
	Planning       *Planning      `json:"planning,omitempty"`
	Tender         *Tender        `json:"tender,omitempty"`
	Awards         []Award        `json:"awards,omitempty"`
	Contracts      []Contract     `json:"contracts,omitempty"`
}

// OrgRef points at an entry of parties.
type OrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Organization is an entry of parties.
type Organization struct {
	Name         string        `json:"name"`
	ID           string        `json:"id"`
	Identifier   *Identifier   `json:"identifier,omitempty"`
	Address      *Address      `json:"address,omitempty"`
	ContactPoint *ContactPoint `json:"contactPoint,omitempty"`
	Roles        []string      `json:"roles"`
	Details      *PartyDetails `json:"details,omitempty"`
}

// Identifier is an organisation's legal identifier (org-id scheme DK-CVR).
type Identifier struct {
	Scheme    string `json:"scheme"`
	ID        string `json:"id"`
	LegalName string `json:"legalName,omitempty"`
	URI       string `json:"uri,omitempty"`
}

// Address is a postal address; also used for the place of performance.
type Address struct {
	StreetAddress string `json:"streetAddress,omitempty"`
	Locality      string `json:"locality,omitempty"`
	Region        string `json:"region,omitempty"`
	PostalCode    string `json:"postalCode,omitempty"`
	CountryName   string `json:"countryName,omitempty"`
}

// ContactPoint is how to reach an organisation.
type ContactPoint struct {
	Email     string `json:"email,omitempty"`
	Telephone string `json:"telephone,omitempty"`
	URL       string `json:"url,omitempty"`
}

// PartyDetails holds the scale (party scale extension), the
// classifications (organization classification extension: SØV, RSV, the
// § 20 condition) and the share of disadvantaged employees (own
// extension).
type PartyDetails struct {
	Scale                       string           `json:"scale,omitempty"`
	Classifications             []Classification `json:"classifications,omitempty"`
	DisadvantagedEmployeesShare *int             `json:"disadvantagedEmployeesShare,omitempty"`
}

// Classification is a code from a scheme (CPV for items, DNK-… schemes
// for parties).
type Classification struct {
	Scheme      string `json:"scheme"`
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
	URI         string `json:"uri,omitempty"`
}

// Value is an amount of money. Amount is a JSON number written exactly
// from øre (never through a float).
type Value struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

// Period is a span of time; dates are RFC 3339.
type Period struct {
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

// Planning holds the budget estimate.
type Planning struct {
	Budget *Budget `json:"budget,omitempty"`
}

// Budget is the estimated value before the tender.
type Budget struct {
	Description string `json:"description,omitempty"`
	Amount      *Value `json:"amount,omitempty"`
}

// Tender is the tender section.
type Tender struct {
	ID                       string             `json:"id"`
	Title                    string             `json:"title,omitempty"`
	Description              string             `json:"description,omitempty"`
	Status                   string             `json:"status,omitempty"`
	ProcuringEntity          *OrgRef            `json:"procuringEntity,omitempty"`
	Items                    []Item             `json:"items,omitempty"`
	Value                    *Value             `json:"value,omitempty"`
	ProcurementMethod        string             `json:"procurementMethod,omitempty"`
	ProcurementMethodDetails string             `json:"procurementMethodDetails,omitempty"`
	MainProcurementCategory  string             `json:"mainProcurementCategory,omitempty"`
	SubmissionMethod         []string           `json:"submissionMethod,omitempty"`
	TenderPeriod             *Period            `json:"tenderPeriod,omitempty"`
	EnquiryPeriod            *Period            `json:"enquiryPeriod,omitempty"`
	HasEnquiries             *bool              `json:"hasEnquiries,omitempty"`
	AwardPeriod              *Period            `json:"awardPeriod,omitempty"`
	ContractPeriod           *Period            `json:"contractPeriod,omitempty"`
	Documents                []Document         `json:"documents,omitempty"`
	Amendments               []Amendment        `json:"amendments,omitempty"`
	Lots                     []Lot              `json:"lots,omitempty"`
	OtherRequirements        *OtherRequirements `json:"otherRequirements,omitempty"`
	HasSustainability        *bool              `json:"hasSustainability,omitempty"`
	Sustainability           []Sustainability   `json:"sustainability,omitempty"`
	Enquiries                []Enquiry          `json:"enquiries,omitempty"`
	DanishProcedure          string             `json:"danishProcedure,omitempty"`
}

// Item is what is bought, classified by CPV.
type Item struct {
	ID                        string           `json:"id"`
	Description               string           `json:"description,omitempty"`
	Classification            *Classification  `json:"classification,omitempty"`
	AdditionalClassifications []Classification `json:"additionalClassifications,omitempty"`
	RelatedLot                string           `json:"relatedLot,omitempty"`
	DeliveryLocation          *Location        `json:"deliveryLocation,omitempty"`
	DeliveryAddress           *Address         `json:"deliveryAddress,omitempty"`
}

// Location is the place of performance (location extension).
type Location struct {
	Description string     `json:"description,omitempty"`
	Geometry    *Geometry  `json:"geometry,omitempty"`
	Gazetteer   *Gazetteer `json:"gazetteer,omitempty"`
}

// Geometry is a GeoJSON point.
type Geometry struct {
	Type        string        `json:"type"`
	Coordinates []json.Number `json:"coordinates"`
}

// Gazetteer names the place by a code list of places.
type Gazetteer struct {
	Scheme      string   `json:"scheme"`
	Identifiers []string `json:"identifiers"`
}

// Document is a published file or page about the tender.
type Document struct {
	ID            string `json:"id"`
	DocumentType  string `json:"documentType,omitempty"`
	Title         string `json:"title,omitempty"`
	URL           string `json:"url,omitempty"`
	DatePublished string `json:"datePublished,omitempty"`
	Format        string `json:"format,omitempty"`
	Language      string `json:"language,omitempty"`
}

// Amendment is one change to a published tender, with its reason.
type Amendment struct {
	ID              string `json:"id"`
	Date            string `json:"date"`
	Rationale       string `json:"rationale,omitempty"`
	Description     string `json:"description,omitempty"`
	AmendsReleaseID string `json:"amendsReleaseID,omitempty"`
	ReleaseID       string `json:"releaseID"`
}

// Lot is a part of the tender (lots extension), with its own reservation.
type Lot struct {
	ID                string             `json:"id"`
	Title             string             `json:"title,omitempty"`
	Description       string             `json:"description,omitempty"`
	Status            string             `json:"status,omitempty"`
	Value             *Value             `json:"value,omitempty"`
	ContractPeriod    *Period            `json:"contractPeriod,omitempty"`
	OtherRequirements *OtherRequirements `json:"otherRequirements,omitempty"`
}

// OtherRequirements carries reservedParticipation (Other Requirements
// extension).
type OtherRequirements struct {
	ReservedParticipation []string `json:"reservedParticipation,omitempty"`
}

// Sustainability is one social goal and how it is pursued (sustainability
// extension).
type Sustainability struct {
	Goal        string   `json:"goal,omitempty"`
	Strategies  []string `json:"strategies,omitempty"`
	Description string   `json:"description,omitempty"`
}

// Enquiry is an answered clarification question (enquiries extension).
// The asking organisation is never published.
type Enquiry struct {
	ID           string `json:"id"`
	Date         string `json:"date,omitempty"`
	Description  string `json:"description,omitempty"`
	Answer       string `json:"answer,omitempty"`
	DateAnswered string `json:"dateAnswered,omitempty"`
}

// Award is the decision about who won.
type Award struct {
	ID                       string   `json:"id"`
	Title                    string   `json:"title,omitempty"`
	Status                   string   `json:"status,omitempty"`
	Date                     string   `json:"date,omitempty"`
	Value                    *Value   `json:"value,omitempty"`
	Suppliers                []OrgRef `json:"suppliers,omitempty"`
	ContractPeriod           *Period  `json:"contractPeriod,omitempty"`
	ReservationConditionNote string   `json:"reservationConditionNote,omitempty"`
}

// Contract is the agreement that follows the award.
type Contract struct {
	ID         string  `json:"id"`
	AwardID    string  `json:"awardID"`
	Title      string  `json:"title,omitempty"`
	Status     string  `json:"status,omitempty"`
	Period     *Period `json:"period,omitempty"`
	Value      *Value  `json:"value,omitempty"`
	DateSigned string  `json:"dateSigned,omitempty"`
}

// amount writes øre as kroner with at most two decimals, exactly.
func amount(ore int64) json.Number {
	neg := ore < 0
	if neg {
		ore = -ore
	}
	s := strconv.FormatInt(ore/100, 10)
	if r := ore % 100; r != 0 {
		frac := strconv.FormatInt(r+100, 10)[1:]
		if frac[1] == '0' {
			frac = frac[:1]
		}
		s += "." + frac
	}
	if neg {
		s = "-" + s
	}
	return json.Number(s)
}

// dkk is a value in Danish kroner.
func dkk(ore int64) *Value { return &Value{Amount: amount(ore), Currency: "DKK"} }

// stamp writes an instant in RFC 3339, UTC.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
