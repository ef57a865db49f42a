package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// OrganisationJSON is an organisation profile as the API shows it. Every
// property is always present (empty string, empty list, 0, false or null),
// so clients can rely on the shape.
type OrganisationJSON struct {
	ID                             int64              `json:"id"`
	CVR                            string             `json:"cvr"`
	Name                           string             `json:"name"`
	Kind                           samspil.OrgKind    `json:"kind"`
	MunicipalityCode               string             `json:"municipality_code"`
	MunicipalityName               string             `json:"municipality_name"`
	RegionCode                     string             `json:"region_code"`
	Address                        string             `json:"address"`
	PostalCode                     string             `json:"postal_code"`
	City                           string             `json:"city"`
	Website                        string             `json:"website"`
	Email                          string             `json:"email"`
	Phone                          string             `json:"phone"`
	Description                    string             `json:"description"`
	Sectors                        []string           `json:"sectors"`
	CPVCodes                       []string           `json:"cpv_codes"`
	TargetGroups                   []string           `json:"target_groups"`
	Capacity                       int                `json:"capacity"`
	TurnoverOre                    int64              `json:"turnover_ore"`
	Employees                      int                `json:"employees"`
	DisadvantagedEmployees         int                `json:"disadvantaged_employees"`
	DisadvantagedShare             int                `json:"disadvantaged_share"`
	MeetsReservedContractCondition bool               `json:"meets_reserved_contract_condition"`
	RSVCriteria                    RSVCriteriaJSON    `json:"rsv_criteria"`
	RSVRegistered                  bool               `json:"rsv_registered"`
	RSVVerifiedAt                  *time.Time         `json:"rsv_verified_at"`
	Effects                        []SocialEffectJSON `json:"effects"`
	PossiblyStale                  bool               `json:"possibly_stale"`
	CreatedAt                      time.Time          `json:"created_at"`
	UpdatedAt                      time.Time          `json:"updated_at"`
}

// RSVCriteriaJSON names the five RSV criteria instead of indexing them.
type RSVCriteriaJSON struct {
	SocialPurpose       RSVCriterionJSON `json:"social_purpose"`
	CommercialActivity  RSVCriterionJSON `json:"commercial_activity"`
	Independence        RSVCriterionJSON `json:"independence"`
	InclusiveGovernance RSVCriterionJSON `json:"inclusive_governance"`
	SocialProfit        RSVCriterionJSON `json:"social_profit"`
}

// RSVCriterionJSON is one self-declared criterion.
type RSVCriterionJSON struct {
	Declared      bool   `json:"declared"`
	Justification string `json:"justification"`
}

// SocialEffectJSON is one year of documented social effects.
type SocialEffectJSON struct {
	Year                int    `json:"year"`
	TargetGroupEmployed int    `json:"target_group_employed"`
	ToOrdinaryWork      int    `json:"to_ordinary_work"`
	ToEducation         int    `json:"to_education"`
	PeopleInProgrammes  int    `json:"people_in_programmes"`
	Note                string `json:"note"`
}

// PageJSON is the envelope of a paged list.
type PageJSON[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// rsvSlots points at the named criteria in law order (samspil.RSVCriteriaKeys).
func (c *RSVCriteriaJSON) rsvSlots() [5]*RSVCriterionJSON {
	return [5]*RSVCriterionJSON{&c.SocialPurpose, &c.CommercialActivity, &c.Independence, &c.InclusiveGovernance, &c.SocialProfit}
}

func (s *server) organisationJSON(o *samspil.Organisation) OrganisationJSON {
	out := OrganisationJSON{
		ID: o.ID, CVR: o.CVR, Name: o.Name, Kind: o.Kind, MunicipalityCode: o.MunicipalityCode,
		Address: o.Address, PostalCode: o.PostalCode, City: o.City, Website: o.Website, Email: o.Email,
		Phone: o.Phone, Description: o.Description,
		Sectors: nonNil(o.Sectors), CPVCodes: canonicalCPV(o.CPVCodes), TargetGroups: nonNil(o.TargetGroups),
		Capacity: o.Capacity, TurnoverOre: o.TurnoverOre, Employees: o.Employees,
		DisadvantagedEmployees: o.DisadvantagedEmployees, DisadvantagedShare: o.DisadvantagedShare(),
		MeetsReservedContractCondition: o.MeetsReservedContractCondition(),
		RSVRegistered:                  o.RSVRegistered, RSVVerifiedAt: o.RSVVerifiedAt,
		Effects:       make([]SocialEffectJSON, 0, len(o.Effects)),
		PossiblyStale: o.PossiblyStale(s.now()),
		CreatedAt:     o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC(),
	}
	if m, ok := refdata.MunicipalityByCode(o.MunicipalityCode); ok {
		out.MunicipalityName, out.RegionCode = m.Name, m.RegionCode
	}
	for i, slot := range out.RSVCriteria.rsvSlots() {
		*slot = RSVCriterionJSON{Declared: o.RSVCriteria[i].Declared, Justification: o.RSVCriteria[i].Justification}
	}
	for _, e := range o.Effects {
		out.Effects = append(out.Effects, SocialEffectJSON(e))
	}
	if out.RSVVerifiedAt != nil {
		t := out.RSVVerifiedAt.UTC()
		out.RSVVerifiedAt = &t
	}
	return out
}

// canonicalCPV writes known CPV codes with their check digit, the form the
// document promises, whichever way they were typed; unknown codes are left
// for validation to report.
func canonicalCPV(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if cpv, ok := refdata.CPVByCode(c); ok {
			c = cpv.Code
		}
		out = append(out, c)
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Limits of the organisation list.
const (
	MaxPage = 1_000_000
)

// Sort orders of the organisation list.
var organisationSorts = []string{"name", "newest", "updated"}

// parseOrganisationFilter checks the query of GET /organisations and
// reports every bad parameter at once.
func (s *server) parseOrganisationFilter(r *http.Request) (samspil.OrganisationFilter, int, int, error) {
	q := r.URL.Query()
	var v samspil.Validation
	f := samspil.OrganisationFilter{}
	page, perPage := 1, samspil.DefaultPageSize
	if raw := q.Get("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxPage {
			v.Add("page", "api.query.page", "", map[string]any{"Max": MaxPage})
		} else {
			page = n
		}
	}
	if raw := q.Get("per_page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > samspil.MaxPageSize {
			v.Add("per_page", "api.query.per_page", "", map[string]any{"Max": samspil.MaxPageSize})
		} else {
			perPage = n
		}
	}
	f.Query = strings.TrimSpace(q.Get("q"))
	if utf8.RuneCountInString(f.Query) > MaxQueryLen {
		v.Add("q", "api.query.q_too_long", "", map[string]any{"Max": MaxQueryLen})
	}
	if raw := q.Get("kind"); raw != "" {
		if k := samspil.OrgKind(raw); k.Valid() {
			f.Kind = k
		} else {
			v.Add("kind", "api.query.kind", "", map[string]any{"Value": raw})
		}
	}
	if raw := q.Get("municipality"); raw != "" {
		if _, ok := refdata.MunicipalityByCode(raw); ok {
			f.MunicipalityCode = raw
		} else {
			v.Add("municipality", "api.query.municipality", "", map[string]any{"Value": raw})
		}
	}
	if raw := q.Get("region"); raw != "" {
		if _, ok := refdata.RegionByCode(raw); ok {
			f.RegionCode = raw
		} else {
			v.Add("region", "api.query.region", "", map[string]any{"Value": raw})
		}
	}
	if raw := q.Get("target_group"); raw != "" {
		groups, err := s.store.FindTargetGroups(r.Context())
		if err != nil {
			return f, 0, 0, err
		}
		if slices.ContainsFunc(groups, func(g *samspil.TargetGroup) bool { return g.Code == raw }) {
			f.TargetGroup = raw
		} else {
			v.Add("target_group", "api.query.target_group", "", map[string]any{"Value": raw})
		}
	}
	if raw := q.Get("rsv_registered"); raw != "" {
		b, err := strconv.ParseBool(raw)
		if err != nil || (raw != "true" && raw != "false") {
			v.Add("rsv_registered", "api.query.boolean", "", nil)
		} else {
			f.RSVRegistered = &b
		}
	}
	if raw := q.Get("sort"); raw != "" {
		if slices.Contains(organisationSorts, raw) {
			f.Sort = raw
		} else {
			v.Add("sort", "api.query.sort", "", map[string]any{"Value": raw})
		}
	}
	f.Limit = perPage
	f.Offset = (page - 1) * perPage
	return f, page, perPage, v.Err()
}

func (s *server) handleListOrganisations(w http.ResponseWriter, r *http.Request) error {
	f, page, perPage, err := s.parseOrganisationFilter(r)
	if err != nil {
		return err
	}
	orgs, total, err := s.store.FindOrganisations(r.Context(), f)
	if err != nil {
		return err
	}
	out := PageJSON[OrganisationJSON]{Items: make([]OrganisationJSON, 0, len(orgs)), Total: total, Page: page, PerPage: perPage}
	for _, o := range orgs {
		out.Items = append(out.Items, s.organisationJSON(o))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

// findOrganisation loads the organisation named by the {id} path value; a
// malformed id is not found, like an unknown one.
func (s *server) findOrganisation(r *http.Request) (*samspil.Organisation, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	notFound := &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.organisation.not_found", args: map[string]any{"ID": raw}}
	if err != nil || id < 1 {
		return nil, notFound
	}
	o, err := s.store.FindOrganisationByID(r.Context(), id)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return nil, notFound
	}
	return o, err
}

func (s *server) handleGetOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrganisation(r)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, s.organisationJSON(o), cacheDirectory)
}

// OrganisationInput is the body of POST /organisations and PATCH
// /organisations/{id}. In a PATCH an absent property is left as it is and
// null clears it (merge-patch style); rsv_criteria is merged per criterion.
type OrganisationInput struct {
	Name                   Optional[string]              `json:"name"`
	CVR                    Optional[string]              `json:"cvr"`
	Kind                   Optional[samspil.OrgKind]     `json:"kind"`
	MunicipalityCode       Optional[string]              `json:"municipality_code"`
	Address                Optional[string]              `json:"address"`
	PostalCode             Optional[string]              `json:"postal_code"`
	City                   Optional[string]              `json:"city"`
	Website                Optional[string]              `json:"website"`
	Email                  Optional[string]              `json:"email"`
	Phone                  Optional[string]              `json:"phone"`
	Description            Optional[string]              `json:"description"`
	Sectors                Optional[[]string]            `json:"sectors"`
	CPVCodes               Optional[[]string]            `json:"cpv_codes"`
	TargetGroups           Optional[[]string]            `json:"target_groups"`
	Capacity               Optional[int]                 `json:"capacity"`
	TurnoverOre            Optional[int64]               `json:"turnover_ore"`
	Employees              Optional[int]                 `json:"employees"`
	DisadvantagedEmployees Optional[int]                 `json:"disadvantaged_employees"`
	RSVCriteria            Optional[RSVCriteriaInput]    `json:"rsv_criteria"`
	Effects                Optional[[]SocialEffectInput] `json:"effects"`
}

// RSVCriteriaInput sets some or all of the five criteria.
type RSVCriteriaInput struct {
	SocialPurpose       Optional[RSVCriterionInput] `json:"social_purpose"`
	CommercialActivity  Optional[RSVCriterionInput] `json:"commercial_activity"`
	Independence        Optional[RSVCriterionInput] `json:"independence"`
	InclusiveGovernance Optional[RSVCriterionInput] `json:"inclusive_governance"`
	SocialProfit        Optional[RSVCriterionInput] `json:"social_profit"`
}

// RSVCriterionInput sets one criterion; absent properties keep their value.
type RSVCriterionInput struct {
	Declared      Optional[bool]   `json:"declared"`
	Justification Optional[string] `json:"justification"`
}

// SocialEffectInput is one year of effects; effects are replaced as a whole.
type SocialEffectInput struct {
	Year                int    `json:"year"`
	TargetGroupEmployed int    `json:"target_group_employed"`
	ToOrdinaryWork      int    `json:"to_ordinary_work"`
	ToEducation         int    `json:"to_education"`
	PeopleInProgrammes  int    `json:"people_in_programmes"`
	Note                string `json:"note"`
}

// creatableKinds are the kinds a user may create; municipalities exist
// from the seed and cannot be created or turned into something else.
var creatableKinds = []samspil.OrgKind{samspil.OrgSOV, samspil.OrgVirksomhed, samspil.OrgAndet}

// toUpdate maps the input onto an OrganisationUpdate, with current as the
// base for merged properties (rsv_criteria).
func (in *OrganisationInput) toUpdate(current *samspil.Organisation) samspil.OrganisationUpdate {
	var upd samspil.OrganisationUpdate
	str := func(o Optional[string]) *string {
		if !o.Set {
			return nil
		}
		v := o.Value // "" when null
		return &v
	}
	list := func(o Optional[[]string]) *[]string {
		if !o.Set {
			return nil
		}
		v := nonNil(o.Value)
		return &v
	}
	upd.Name, upd.CVR, upd.MunicipalityCode = str(in.Name), str(in.CVR), str(in.MunicipalityCode)
	upd.Address, upd.PostalCode, upd.City = str(in.Address), str(in.PostalCode), str(in.City)
	upd.Website, upd.Email, upd.Phone, upd.Description = str(in.Website), str(in.Email), str(in.Phone), str(in.Description)
	if in.Kind.Set {
		k := in.Kind.Value
		upd.Kind = &k
	}
	upd.Sectors, upd.CPVCodes, upd.TargetGroups = list(in.Sectors), list(in.CPVCodes), list(in.TargetGroups)
	if upd.CPVCodes != nil {
		c := canonicalCPV(*upd.CPVCodes)
		upd.CPVCodes = &c
	}
	if in.Capacity.Set {
		upd.Capacity = &in.Capacity.Value
	}
	if in.TurnoverOre.Set {
		upd.TurnoverOre = &in.TurnoverOre.Value
	}
	if in.Employees.Set {
		upd.Employees = &in.Employees.Value
	}
	if in.DisadvantagedEmployees.Set {
		upd.DisadvantagedEmployees = &in.DisadvantagedEmployees.Value
	}
	if in.RSVCriteria.Set {
		var crit [5]samspil.RSVCriterion
		if current != nil && !in.RSVCriteria.Null {
			crit = current.RSVCriteria
		}
		c := &in.RSVCriteria.Value
		for i, o := range []Optional[RSVCriterionInput]{c.SocialPurpose, c.CommercialActivity, c.Independence, c.InclusiveGovernance, c.SocialProfit} {
			switch {
			case !o.Set:
			case o.Null:
				crit[i] = samspil.RSVCriterion{}
			default:
				if o.Value.Declared.Set {
					crit[i].Declared = o.Value.Declared.Value
				}
				if o.Value.Justification.Set {
					crit[i].Justification = o.Value.Justification.Value
				}
			}
		}
		upd.RSVCriteria = &crit
	}
	if in.Effects.Set {
		effects := make([]samspil.SocialEffect, 0, len(in.Effects.Value))
		for _, e := range in.Effects.Value {
			effects = append(effects, samspil.SocialEffect(e))
		}
		upd.Effects = &effects
	}
	return upd
}

// checkKind refuses municipality kinds in writes: kommune profiles come from
// the reference data only, and a kommune cannot become something else. When
// the kind is wrong, the other rules are checked too, so the caller sees
// every problem at once.
func (in *OrganisationInput) checkKind(current *samspil.Organisation) error {
	var v samspil.Validation
	k := in.Kind.Value
	switch {
	case !in.Kind.Set && current != nil:
		return nil
	case !in.Kind.Set || in.Kind.Null || !k.Valid():
		v.Add("kind", "org.kind.invalid", "choose a kind of organisation", nil)
	case current != nil && current.Kind == k:
		return nil
	case current != nil && current.Kind == samspil.OrgKommune || !slices.Contains(creatableKinds, k):
		v.Add("kind", "api.kind.not_allowed", "this kind cannot be chosen here", map[string]any{"Kind": string(k)})
	default:
		return nil
	}
	o := &samspil.Organisation{Kind: samspil.OrgAndet}
	if current != nil {
		c := *current
		o = &c
	}
	in.toUpdate(current).Apply(o)
	o.Kind = samspil.OrgAndet // checked above; let the other rules speak
	if e, ok := samspil.AsError(o.Validate(refdata.Catalog)); ok {
		for _, f := range e.Fields {
			if f.Field != "kind" {
				v.Add(f.Field, f.Key, f.Message, f.Args)
			}
		}
	}
	return v.Err()
}

func (s *server) handleCreateOrganisation(w http.ResponseWriter, r *http.Request) error {
	p, err := s.authenticate(w, r)
	if err != nil {
		return err
	}
	var in OrganisationInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := in.checkKind(nil); err != nil {
		return err
	}
	o := &samspil.Organisation{}
	in.toUpdate(nil).Apply(o)
	ctx := samspil.WithActor(r.Context(), p.User.ID)
	if _, err := s.store.CreateOrganisationWithAdmin(ctx, o, p.User.ID); err != nil {
		return err
	}
	w.Header().Set("Location", s.baseURL+"/api/v1/organisations/"+strconv.FormatInt(o.ID, 10))
	return s.writeJSON(w, r, http.StatusCreated, s.organisationJSON(o), "")
}

func (s *server) handlePatchOrganisation(w http.ResponseWriter, r *http.Request) error {
	p, err := s.authenticate(w, r)
	if err != nil {
		return err
	}
	current, err := s.findOrganisation(r)
	if err != nil {
		return err
	}
	if err := p.Require(p.CanEditOrganisation(current.ID)); err != nil {
		return err
	}
	var in OrganisationInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := in.checkKind(current); err != nil {
		return err
	}
	ctx := samspil.WithActor(r.Context(), p.User.ID)
	o, err := s.store.UpdateOrganisation(ctx, current.ID, in.toUpdate(current))
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, s.organisationJSON(o), "")
}
