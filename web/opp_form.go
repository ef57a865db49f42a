package web

import (
	"net/http"
	"strconv"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// oppFormData is the posting and edit form.
type oppFormData struct {
	FormData
	Opp            *samspil.Opportunity // the opportunity being edited; nil when posting
	Orgs           []Option             // organisations the person may post for (posting only)
	OrgName        string               // when there is exactly one, or when editing
	Kinds          []Option
	KindFixed      samspil.OpportunityKind // editing: the kind cannot change
	Municipalities []Option
	TargetGroups   []Option
	Expertise      []Option
	NoOrg          bool // the person belongs to no organisation that may post
	// ChooseOrg shows the first step for people with several organisations:
	// pick the one that posts, so the form offers only the kinds it may post.
	ChooseOrg bool
	SwitchOrg bool // the posting organisation is fixed, but another may be chosen
}

// postingOrgs lists the organisations p may post for: their active
// memberships of organisations whose kind may post at least one kind.
func postingOrgs(p *samspil.Principal) []*samspil.Membership {
	var out []*samspil.Membership
	for _, m := range p.Memberships {
		for _, k := range samspil.OpportunityKinds {
			if k.CanBePostedBy(m.OrganisationKind) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// newOppFormData prepares the form's choices. org is the posting
// organisation when it is known; otherwise every kind any of the person's
// organisations may post is offered and the server checks the pair.
func (s *Server) newOppFormData(r *http.Request, f *Form, org *samspil.Organisation, opp *samspil.Opportunity) (*oppFormData, error) {
	tr := f.tr
	d := &oppFormData{FormData: FormData{Form: f}, Opp: opp}
	p := s.principal(r)
	if opp == nil {
		for _, m := range postingOrgs(p) {
			d.Orgs = append(d.Orgs, Option{Value: strconv.FormatInt(m.OrganisationID, 10), Label: m.OrganisationName})
		}
		d.SwitchOrg = len(d.Orgs) > 1
		if org != nil { // chosen: the form is for this one only
			d.Orgs = []Option{{Value: strconv.FormatInt(org.ID, 10), Label: org.Name}}
		}
		d.NoOrg = len(d.Orgs) == 0
		if len(d.Orgs) == 1 {
			d.OrgName = d.Orgs[0].Label
			f.Set("organisation_id", d.Orgs[0].Value)
		} else if len(d.Orgs) > 1 {
			d.Orgs = append([]Option{{Value: "", Label: tr.T("opp.form.choose_org", nil)}}, d.Orgs...)
		}
		allowed := map[samspil.OpportunityKind]bool{}
		if org != nil {
			for _, k := range samspil.OpportunityKinds {
				allowed[k] = k.CanBePostedBy(org.Kind)
			}
		} else {
			for _, m := range p.Memberships {
				for _, k := range samspil.OpportunityKinds {
					allowed[k] = allowed[k] || k.CanBePostedBy(m.OrganisationKind)
				}
			}
		}
		for _, k := range samspil.OpportunityKinds {
			if allowed[k] {
				d.Kinds = append(d.Kinds, Option{Value: string(k), Label: tr.T("opp.kind."+string(k), nil)})
			}
		}
	} else {
		d.OrgName, d.KindFixed = opp.OrganisationName, opp.Kind
	}
	d.Municipalities = municipalityOptions(tr)
	groups, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		return nil, err
	}
	d.TargetGroups = targetGroupOptions(groups, s.lang(r))
	for _, a := range samspil.ExpertiseAreas {
		d.Expertise = append(d.Expertise, Option{Value: a, Label: tr.T("opp.expertise."+a, nil)})
	}
	return d, nil
}

// handleOppNewPage shows the empty posting form. ?organisation= picks the
// organisation when the person has several.
func (s *Server) handleOppNewPage(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	f := EmptyForm(r)
	var org *samspil.Organisation
	if id, err := strconv.ParseInt(r.URL.Query().Get("organisation"), 10, 64); err == nil && id > 0 && canManageOpp(p, id) {
		if o, err := s.store.FindOrganisationByID(r.Context(), id); err == nil {
			org = o
			f.Set("organisation_id", strconv.FormatInt(id, 10))
		}
	}
	if org == nil {
		if ms := postingOrgs(p); len(ms) == 1 {
			if o, err := s.store.FindOrganisationByID(r.Context(), ms[0].OrganisationID); err == nil {
				org = o
			}
		}
	}
	d, err := s.newOppFormData(r, f, org, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(d.Kinds) > 0 {
		f.Set("kind", d.Kinds[0].Value)
	}
	if org == nil && len(d.Orgs) > 1 {
		d.ChooseOrg = true
		d.Orgs = d.Orgs[1:] // without the "choose" placeholder: the step has its own button
	}
	s.prefillOppFromCase(r, f, d, org) // ?fra_erfaring= (opp_fromcase.go)
	s.render(w, r, http.StatusOK, "opp_form", d)
}

// handleOppCreate posts an opportunity for one of the person's
// organisations. The rights are checked before the form is read; every
// problem is shown next to its field with everything typed kept.
func (s *Server) handleOppCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	orgID, _ := strconv.ParseInt(f.Get("organisation_id"), 10, 64)
	if orgID <= 0 {
		if ms := postingOrgs(p); len(ms) == 1 {
			orgID = ms[0].OrganisationID
		}
	}
	var org *samspil.Organisation
	if orgID > 0 {
		if err := p.Require(canManageOpp(p, orgID)); err != nil {
			s.fail(w, r, err)
			return
		}
		o, err := s.store.FindOrganisationByID(r.Context(), orgID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		org = o
	} else if len(postingOrgs(p)) == 0 && !p.IsPlatformAdmin() {
		s.fail(w, r, p.Require(false))
		return
	}
	d, err := s.newOppFormData(r, f, org, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kind := samspil.OpportunityKind(f.Get("kind"))
	var val samspil.Validation
	if org == nil {
		val.Add("organisation_id", "opp.form.org_required", "choose the organisation that posts", nil)
	} else if kind.Valid() && !kind.CanBePostedBy(org.Kind) {
		val.Add("kind", "opp.kind.not_allowed", "this organisation cannot post this kind", nil)
	}
	fields, err := parseOppFields(f.Values, kind, s.loc)
	val.Merge(err)
	o := &samspil.Opportunity{Kind: kind, Title: fields.Title, Description: fields.Description,
		CPVCodes: fields.CPVCodes, ExpertiseAreas: fields.ExpertiseAreas, TargetGroups: fields.TargetGroups,
		MunicipalityCode: fields.MunicipalityCode, RadiusKm: fields.RadiusKm, Volume: fields.Volume,
		EstimatedValueOre: fields.EstimatedValueOre, Deadline: fields.Deadline, CreatedBy: p.User.ID}
	if org != nil {
		o.OrganisationID = org.ID
	}
	if err := o.Validate(refdata.Catalog, s.now()); err != nil {
		for _, fe := range oppFieldErrors(err) {
			if !val.Has(fe.Field) {
				val.Add(fe.Field, fe.Key, fe.Message, fe.Args)
			}
		}
	}
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		s.render(w, r, http.StatusUnprocessableEntity, "opp_form", d)
		return
	}
	if err := s.store.CreateOpportunity(r.Context(), o); err != nil {
		if f.SetErrors(oppRenameField(err)) {
			s.render(w, r, HTTPStatus(err), "opp_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "opp.flash.created")
	s.redirect(w, r, oppPath(o.ID, ""))
}

// oppFieldErrors returns the field errors of a validation error with the
// domain's field names moved to the form's.
func oppFieldErrors(err error) []samspil.FieldError {
	e, ok := samspil.AsError(oppRenameField(err))
	if !ok {
		return nil
	}
	return e.Fields
}

// loadOpp resolves {id}, loads the opportunity and, when rule is set,
// checks it against the owning organisation. It answers the request itself
// and returns ok=false when the handler must stop.
func (s *Server) loadOpp(w http.ResponseWriter, r *http.Request, rule orgRule) (*samspil.Opportunity, *samspil.Principal, bool) {
	p := s.principal(r)
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	o, err := s.store.FindOpportunityByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	if rule != nil {
		if err := p.Require(rule(p, o.OrganisationID)); err != nil {
			s.fail(w, r, err)
			return nil, nil, false
		}
	}
	return o, p, true
}

// handleOppEditPage shows the edit form filled from the stored opportunity.
func (s *Server) handleOppEditPage(w http.ResponseWriter, r *http.Request) {
	o, _, ok := s.loadOpp(w, r, canManageOpp)
	if !ok {
		return
	}
	f := EmptyForm(r)
	f.Values = oppFormValues(o, s.lang(r), s.loc)
	d, err := s.newOppFormData(r, f, nil, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "opp_form", d)
}

// handleOppEdit saves the edit form. Kind and organisation stay as posted.
func (s *Server) handleOppEdit(w http.ResponseWriter, r *http.Request) {
	o, _, ok := s.loadOpp(w, r, canManageOpp)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	f.Set("kind", string(o.Kind))
	d, err := s.newOppFormData(r, f, nil, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fields, err := parseOppFields(f.Values, o.Kind, s.loc)
	var val samspil.Validation
	val.Merge(err)
	// Check the whole result before writing, so the page lists every problem.
	check := *o
	check.Title, check.Description = fields.Title, fields.Description
	check.CPVCodes, check.ExpertiseAreas, check.TargetGroups = fields.CPVCodes, fields.ExpertiseAreas, fields.TargetGroups
	check.MunicipalityCode, check.RadiusKm, check.Volume = fields.MunicipalityCode, fields.RadiusKm, fields.Volume
	check.EstimatedValueOre, check.Deadline = fields.EstimatedValueOre, fields.Deadline
	// A deadline that has passed is only a problem when it was changed or
	// the opportunity is open.
	now := s.now()
	if err := check.Validate(refdata.Catalog, now); err != nil {
		for _, fe := range oppFieldErrors(err) {
			if fe.Field == "deadline" && fe.Key == "opp.deadline.past" && o.Status != samspil.OppOpen && sameTime(o.Deadline, fields.Deadline) {
				continue
			}
			if !val.Has(fe.Field) {
				val.Add(fe.Field, fe.Key, fe.Message, fe.Args)
			}
		}
	}
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		s.render(w, r, http.StatusUnprocessableEntity, "opp_form", d)
		return
	}
	upd := samspil.OpportunityUpdate{Title: &fields.Title, Description: &fields.Description,
		CPVCodes: &fields.CPVCodes, ExpertiseAreas: &fields.ExpertiseAreas, TargetGroups: &fields.TargetGroups,
		MunicipalityCode: &fields.MunicipalityCode, RadiusKm: &fields.RadiusKm, Volume: &fields.Volume,
		EstimatedValueOre: &fields.EstimatedValueOre, Deadline: &fields.Deadline}
	if _, err := s.store.UpdateOpportunity(r.Context(), o.ID, upd); err != nil {
		if f.SetErrors(oppRenameField(err)) {
			s.render(w, r, HTTPStatus(err), "opp_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "opp.flash.saved")
	s.redirect(w, r, oppPath(o.ID, ""))
}

// sameTime reports whether two optional times are equal.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
