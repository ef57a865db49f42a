package ocds

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samspil/samspil"
)

// Lookup is what a release needs besides the tender version: the
// organisations (buyer and suppliers, for parties and their details), the
// tenders' documents and the names of places and CPV codes. The caller
// fills it from the store and the reference data; missing entries only
// make the release poorer, never invalid.
type Lookup struct {
	// Organisations by id.
	Organisations map[int64]*samspil.Organisation
	// Documents are each tender's attachments, by tender id.
	Documents map[int64][]*samspil.Attachment
	// Municipality returns a municipality by kommunekode; nil means none.
	Municipality func(code string) (*samspil.Municipality, bool)
	// CPVLabel returns the Danish label of a CPV code; nil means none.
	CPVLabel func(code string) string
}

// copenhagen is the zone of the tenders' dates.
var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// dayStart writes a date (stored as midnight UTC of the Danish date) as
// the first second of that day in Denmark; dayEnd as its last second.
func dayStart(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	d = d.UTC()
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, copenhagen).Format(time.RFC3339)
}

func dayEnd(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	d = d.UTC()
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, copenhagen).Format(time.RFC3339)
}

// ReleaseID is the id of the release of version seq of a tender.
func (c Config) ReleaseID(tenderID int64, seq int) string {
	return c.OCID(tenderID) + "-" + strconv.Itoa(seq)
}

// Tags returns the release tags of a version kind. Publication is both
// the planning and the tender stage (the budget estimate is published
// with the tender); an award also announces the contract.
func Tags(k samspil.VersionKind) []string {
	switch k {
	case samspil.VersionPublished:
		return []string{"planning", "tender"}
	case samspil.VersionAmended:
		return []string{"tenderAmendment"}
	case samspil.VersionCancelled:
		return []string{"tenderCancellation"}
	case samspil.VersionAwarded:
		return []string{"award", "contract"}
	}
	return []string{"tenderUpdate"}
}

// TenderStatus maps the platform's status to the closed tenderStatus
// codelist.
func TenderStatus(s samspil.TenderStatus) string {
	switch s {
	case samspil.TenderPublished:
		return "active"
	case samspil.TenderAwarded:
		return "complete"
	case samspil.TenderCancelled:
		return "cancelled"
	}
	return "planning"
}

// ProcurementMethod maps a procedure (and the tender's reservation) to the
// closed method codelist. Every tender on the platform is announced
// publicly, so the method is open unless participation is reserved, which
// makes it selective: only the qualifying organisations may bid.
func ProcurementMethod(p samspil.Procedure, r samspil.Reservation) string {
	if p == samspil.ProcReserved || r != samspil.ReserveNone {
		return "selective"
	}
	return "open"
}

// procedureDetails are the Danish names of the procedures, for
// procurementMethodDetails.
var procedureDetails = map[samspil.Procedure]string{
	samspil.ProcReserved:       "Reserveret kontrakt efter udbudslovens § 20",
	samspil.ProcSocialClause:   "Offentligt udbud med sociale klausuler",
	samspil.ProcLightRegime:    "Light-regimet for sociale og andre specifikke tjenesteydelser (udbudslovens afsnit III)",
	samspil.ProcBelowThreshold: "Indkøb under tærskelværdien",
	samspil.ProcFramework:      "Rammeaftale",
}

// ProcedureDetails is the Danish name of a procedure.
func ProcedureDetails(p samspil.Procedure) string { return procedureDetails[p] }

// MainCategory derives mainProcurementCategory from a CPV code: division
// 45 is works, divisions below 45 and 48 (software packages) are goods,
// the rest services.
func MainCategory(cpv string) string {
	if len(cpv) < 2 {
		return ""
	}
	div, err := strconv.Atoi(cpv[:2])
	if err != nil {
		return ""
	}
	switch {
	case div == 45:
		return "works"
	case div < 45 || div == 48:
		return "goods"
	}
	return "services"
}

// PartyID is the id of an organisation in parties: its CVR number in the
// org-id scheme DK-CVR, or the platform's own id for bodies without one.
func PartyID(o *samspil.Organisation) string {
	if o.CVR != "" {
		return "DK-CVR-" + o.CVR
	}
	return "samspil-org-" + itoa(o.ID)
}

// cpvID drops the check digit: OCDS publishers use the eight digits.
func cpvID(code string) string {
	code, _, _ = strings.Cut(code, "-")
	return code
}

// Build makes the release of one tender version.
func Build(cfg Config, v *samspil.TenderVersion, lk Lookup) *Release {
	t := v.Tender
	ocid := cfg.OCID(v.TenderID)
	r := &Release{
		OCID:           ocid,
		ID:             cfg.ReleaseID(v.TenderID, v.Seq),
		Date:           stamp(v.At),
		Tag:            Tags(v.Kind),
		InitiationType: "tender",
		Language:       "da",
	}
	if t == nil {
		return r
	}
	var buyer *OrgRef
	if o := lk.Organisations[t.BuyerID]; o != nil {
		p := party(o, "buyer", "procuringEntity")
		r.Parties = append(r.Parties, p)
		buyer = &OrgRef{ID: p.ID, Name: p.Name}
	} else if t.BuyerName != "" {
		p := Organization{Name: t.BuyerName, ID: "samspil-org-" + itoa(t.BuyerID), Roles: []string{"buyer", "procuringEntity"}}
		r.Parties = append(r.Parties, p)
		buyer = &OrgRef{ID: p.ID, Name: p.Name}
	}
	r.Buyer = buyer
	r.Planning = &Planning{Budget: &Budget{Description: "Anslået værdi ekskl. moms over hele kontraktperioden", Amount: dkk(t.ValueOre)}}
	r.Tender = buildTender(cfg, v, lk, buyer)
	if a := t.Award; a != nil && t.Status == samspil.TenderAwarded {
		award := Award{ID: "award-1", Title: t.Title, Status: "active", Date: stamp(a.AwardedAt), Value: dkk(a.ValueOre),
			ContractPeriod:           &Period{StartDate: dayStart(a.ContractStart), EndDate: dayEnd(a.ContractEnd)},
			ReservationConditionNote: a.Section20Note}
		for i, id := range a.SupplierIDs {
			var ref OrgRef
			if o := lk.Organisations[id]; o != nil {
				p := party(o, "supplier")
				ref = OrgRef{ID: p.ID, Name: p.Name}
				r.Parties = addParty(r.Parties, p)
			} else {
				name := ""
				if i < len(a.SupplierNames) {
					name = a.SupplierNames[i]
				}
				p := Organization{Name: name, ID: "samspil-org-" + itoa(id), Roles: []string{"supplier"}}
				ref = OrgRef{ID: p.ID, Name: name}
				r.Parties = addParty(r.Parties, p)
			}
			award.Suppliers = append(award.Suppliers, ref)
		}
		r.Awards = []Award{award}
		status := "pending"
		signed := ""
		if a.SignedAt != nil {
			status, signed = "active", stamp(*a.SignedAt)
		}
		r.Contracts = []Contract{{ID: "contract-1", AwardID: "award-1", Title: t.Title, Status: status,
			Period: &Period{StartDate: dayStart(a.ContractStart), EndDate: dayEnd(a.ContractEnd)}, Value: dkk(a.ValueOre), DateSigned: signed}}
	}
	return r
}

// addParty adds p, or merges its roles into an entry with the same id (a
// buyer that is also a supplier cannot happen, but two suppliers may share
// a CVR number in test data).
func addParty(ps []Organization, p Organization) []Organization {
	for i := range ps {
		if ps[i].ID == p.ID {
			for _, role := range p.Roles {
				if !slices.Contains(ps[i].Roles, role) {
					ps[i].Roles = append(ps[i].Roles, role)
				}
			}
			return ps
		}
	}
	return append(ps, p)
}

func buildTender(cfg Config, v *samspil.TenderVersion, lk Lookup, buyer *OrgRef) *Tender {
	t := v.Tender
	out := &Tender{
		ID:                       "tender-" + itoa(v.TenderID),
		Title:                    t.Title,
		Description:              t.Description,
		Status:                   TenderStatus(t.Status),
		ProcuringEntity:          buyer,
		Value:                    dkk(t.ValueOre),
		ProcurementMethod:        ProcurementMethod(t.Procedure, t.Reservation),
		ProcurementMethodDetails: ProcedureDetails(t.Procedure),
		MainProcurementCategory:  MainCategory(t.MainCPV),
		SubmissionMethod:         []string{"electronicSubmission"},
		AwardPeriod:              &Period{StartDate: stamp(t.TenderDeadline), EndDate: dayEnd(t.ExpectedAward)},
		ContractPeriod:           &Period{StartDate: dayStart(t.ContractStart), EndDate: dayEnd(t.ContractEnd)},
		DanishProcedure:          string(t.Procedure),
	}
	published := ""
	if t.PublishedAt != nil {
		published = stamp(*t.PublishedAt)
	}
	out.TenderPeriod = &Period{StartDate: published, EndDate: stamp(t.TenderDeadline)}
	out.EnquiryPeriod = &Period{StartDate: published, EndDate: stamp(t.QuestionsDeadline)}

	out.Items = items(t, lk)
	for _, l := range t.Lots {
		lot := Lot{ID: strconv.Itoa(l.Number), Title: l.Title, Description: l.Description, Status: out.Status,
			ContractPeriod: out.ContractPeriod}
		if l.ValueOre > 0 {
			lot.Value = dkk(l.ValueOre)
		}
		if l.Reservation != samspil.ReserveNone {
			lot.OtherRequirements = &OtherRequirements{ReservedParticipation: []string{string(l.Reservation)}}
		}
		out.Lots = append(out.Lots, lot)
	}
	if t.Reservation != samspil.ReserveNone {
		out.OtherRequirements = &OtherRequirements{ReservedParticipation: []string{string(t.Reservation)}}
	}
	out.Sustainability = sustainability(t)
	if len(out.Sustainability) > 0 {
		yes := true
		out.HasSustainability = &yes
	}

	// Documents: the notice on the platform, then the attached files.
	base := cfg.BaseURL + "/udbud/" + itoa(v.TenderID)
	out.Documents = append(out.Documents, Document{ID: "notice", DocumentType: "tenderNotice", Title: t.Title,
		URL: base, DatePublished: published, Format: "text/html", Language: "da"})
	for _, a := range lk.Documents[v.TenderID] {
		if !a.CreatedAt.IsZero() && a.CreatedAt.After(v.At) {
			continue // not yet attached at the time of this version
		}
		out.Documents = append(out.Documents, Document{ID: "file-" + itoa(a.ID), DocumentType: "biddingDocuments",
			Title: a.Name, URL: base + "/filer/" + itoa(a.ID), DatePublished: stamp(a.CreatedAt), Format: a.ContentType, Language: "da"})
	}

	// Enquiries: the answered clarifications, anonymously.
	for _, c := range v.Clarifications {
		if c.AnsweredAt == nil || c.Answer == "" {
			continue
		}
		out.Enquiries = append(out.Enquiries, Enquiry{ID: "enquiry-" + itoa(c.ID), Date: stamp(c.AskedAt),
			Description: c.Question, Answer: c.Answer, DateAnswered: stamp(*c.AnsweredAt)})
	}
	has := len(out.Enquiries) > 0
	out.HasEnquiries = &has
	return out
}

// items lists what is bought: one item for the whole tender, or one per
// lot, classified by the main CPV code with the others as additional
// classifications, delivered in the place of performance.
func items(t *samspil.Tender, lk Lookup) []Item {
	cls := func(code string) Classification {
		c := Classification{Scheme: "CPV", ID: cpvID(code)}
		if lk.CPVLabel != nil {
			c.Description = lk.CPVLabel(code)
		}
		return c
	}
	var main *Classification
	if t.MainCPV != "" {
		c := cls(t.MainCPV)
		main = &c
	}
	var extra []Classification
	for _, code := range t.CPVCodes {
		extra = append(extra, cls(code))
	}
	var loc *Location
	var addr *Address
	if t.PlaceCode != "" {
		loc = &Location{Gazetteer: &Gazetteer{Scheme: "DNK-KOMMUNEKODE", Identifiers: []string{t.PlaceCode}}}
		addr = &Address{CountryName: "Danmark"}
		if lk.Municipality != nil {
			if m, ok := lk.Municipality(t.PlaceCode); ok && m != nil {
				loc.Description = m.Name
				if m.Lat != 0 || m.Lon != 0 {
					loc.Geometry = &Geometry{Type: "Point", Coordinates: []json.Number{coord(m.Lon), coord(m.Lat)}}
				}
				addr.Region = m.RegionName
				addr.Locality = m.Name
			}
		}
		if t.PlaceText != "" {
			if loc.Description != "" {
				loc.Description += ": "
			}
			loc.Description += t.PlaceText
		}
	}
	if len(t.Lots) == 0 {
		return []Item{{ID: "1", Description: t.Title, Classification: main, AdditionalClassifications: extra,
			DeliveryLocation: loc, DeliveryAddress: addr}}
	}
	out := make([]Item, 0, len(t.Lots))
	for _, l := range t.Lots {
		n := strconv.Itoa(l.Number)
		out = append(out, Item{ID: "lot-" + n, Description: l.Title, Classification: main, AdditionalClassifications: extra,
			RelatedLot: n, DeliveryLocation: loc, DeliveryAddress: addr})
	}
	return out
}

// coord writes a degree with six decimals (about 10 cm), trailing zeros
// dropped, so the output does not depend on float formatting.
func coord(f float64) json.Number {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return json.Number(s)
}

// sustainability expresses the social goals with the sustainability
// extension. Each goal is pursued by reserved participation when the
// tender or a lot is reserved, and by contract performance conditions
// when the procedure is the social clause one or social criteria are
// written; the criteria text is the description. A tender reserved for
// sheltered workshops without stated goals pursues employment of the
// disadvantaged by definition (udbudsloven § 20).
func sustainability(t *samspil.Tender) []Sustainability {
	goals := slices.Clone(t.SocialGoals)
	if len(goals) == 0 && (t.Reservation == samspil.ReserveShelteredWorkshop || lotReserved(t, samspil.ReserveShelteredWorkshop)) {
		goals = []string{"social.disadvantagedEmploymentOpportunities"}
	}
	if len(goals) == 0 {
		return nil
	}
	var strategies []string
	if t.Reserved() {
		strategies = append(strategies, "reservedParticipation")
	}
	if t.Procedure == samspil.ProcSocialClause || t.SocialCriteria != "" {
		strategies = append(strategies, "contractPerformanceConditions")
	}
	out := make([]Sustainability, 0, len(goals))
	for _, g := range goals {
		out = append(out, Sustainability{Goal: g, Strategies: strategies, Description: t.SocialCriteria})
	}
	return out
}

func lotReserved(t *samspil.Tender, r samspil.Reservation) bool {
	for _, l := range t.Lots {
		if l.Reservation == r {
			return true
		}
	}
	return false
}

// Scale thresholds of the EU SME definition (recommendation 2003/361),
// turnover converted at the ERM II central rate of 7.46038 DKK per euro.
const (
	microTurnoverOre  = 14_920_760_00  // EUR 2 million
	smallTurnoverOre  = 74_603_800_00  // EUR 10 million
	mediumTurnoverOre = 373_019_000_00 // EUR 50 million
)

// Scale derives the party scale code from head count and turnover (the
// EU SME definition, without the balance-sheet alternative); "" when the
// organisation states neither, or is a public body.
func Scale(o *samspil.Organisation) string {
	if o.Kind == samspil.OrgKommune || o.Employees <= 0 && o.TurnoverOre <= 0 {
		return ""
	}
	switch e, t := o.Employees, o.TurnoverOre; {
	case e < 10 && t <= microTurnoverOre:
		return "micro"
	case e < 50 && t <= smallTurnoverOre:
		return "small"
	case e < 250 && t <= mediumTurnoverOre:
		return "medium"
	}
	return "large"
}

// The classification scheme of the platform's organisation facts, with
// the ISO 3166-1 alpha-3 prefix the OCDS guidance asks for.
const SchemeSamspil = "DNK-SAMSPIL"

// party maps an organisation to an entry of parties with the given roles.
func party(o *samspil.Organisation, roles ...string) Organization {
	p := Organization{Name: o.Name, ID: PartyID(o), Roles: roles}
	if o.CVR != "" {
		p.Identifier = &Identifier{Scheme: "DK-CVR", ID: o.CVR, LegalName: o.Name}
	}
	if o.Address != "" || o.City != "" || o.PostalCode != "" {
		p.Address = &Address{StreetAddress: o.Address, Locality: o.City, PostalCode: o.PostalCode, CountryName: "Danmark"}
	}
	if o.Email != "" || o.Phone != "" || o.Website != "" {
		p.ContactPoint = &ContactPoint{Email: o.Email, Telephone: o.Phone, URL: o.Website}
	}
	d := &PartyDetails{Scale: Scale(o)}
	if o.Kind == samspil.OrgSOV {
		d.Classifications = append(d.Classifications, Classification{Scheme: SchemeSamspil, ID: "socialEconomyEnterprise",
			Description: "Socialøkonomisk virksomhed (SØV)"})
	}
	if o.RSVRegistered {
		d.Classifications = append(d.Classifications, Classification{Scheme: SchemeSamspil, ID: "rsvRegistered",
			Description: "Registreret i Registret for Socialøkonomiske Virksomheder (RSV), kontrolleret af platformen"})
	}
	if o.MeetsReservedContractCondition() {
		d.Classifications = append(d.Classifications, Classification{Scheme: SchemeSamspil, ID: "reservedContractCondition",
			Description: "Erklærer mindst 30 % ansatte med handicap eller fra udsatte grupper (udbudslovens § 20)"})
	}
	if o.Kind != samspil.OrgKommune && o.Employees > 0 {
		share := o.DisadvantagedShare()
		d.DisadvantagedEmployeesShare = &share
	}
	if d.Scale != "" || len(d.Classifications) > 0 || d.DisadvantagedEmployeesShare != nil {
		p.Details = d
	}
	return p
}
