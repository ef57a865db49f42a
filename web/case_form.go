package web

import (
	"html/template"
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/refdata"
)

// caseMarkdownFields are the form's Markdown fields, in page order; the
// preview button renders each of them.
var caseMarkdownFields = []string{"what_was_done", "economy", "worked_well", "worked_less"}

// caseFormData is the case form, for a new case and for editing a draft.
type caseFormData struct {
	FormData
	Case           *samspil.Case // the case being edited; nil for a new one
	Orgs           []Option      // organisations the person may publish for (new only)
	OrgName        string        // the publishing organisation when it is fixed
	NoOrg          bool          // the person belongs to no organisation
	Models         []Option
	Municipalities []Option
	TargetGroups   []Option
	PartnerRows    []int
	ResultRows     []int
	// Preview holds the rendered Markdown fields after the preview button;
	// empty fields are left out.
	Preview map[string]template.HTML
	Action  string // where the form posts
	Cancel  string
}

// caseOrgs lists the organisations p may publish a case for: every active
// membership (any organisation tells its own collaborations).
func caseOrgs(p *samspil.Principal) []Option {
	var out []Option
	if p == nil {
		return nil
	}
	for _, m := range p.Memberships {
		if m.Status == samspil.MembershipActive {
			out = append(out, Option{Value: strconv.FormatInt(m.OrganisationID, 10), Label: m.OrganisationName})
		}
	}
	return out
}

// newCaseFormData prepares the form's choices around f.
func (s *Server) newCaseFormData(r *http.Request, f *Form, c *samspil.Case) (*caseFormData, error) {
	tr := f.tr
	d := &caseFormData{FormData: FormData{Form: f}, Case: c, Action: "/erfaringer", Cancel: "/erfaringer"}
	p := s.principal(r)
	if c == nil {
		d.Orgs = caseOrgs(p)
		chosen, _ := strconv.ParseInt(f.Get("organisation_id"), 10, 64)
		known := false
		for _, o := range d.Orgs {
			known = known || o.Value == f.Get("organisation_id")
		}
		if chosen > 0 && !known && p.IsPlatformAdmin() {
			// A platform admin writing on behalf of an organisation
			// (?organisation= from its profile).
			if o, err := s.store.FindOrganisationByID(r.Context(), chosen); err == nil {
				d.Orgs = append(d.Orgs, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
			}
		}
		d.NoOrg = len(d.Orgs) == 0
		if len(d.Orgs) == 1 {
			d.OrgName = d.Orgs[0].Label
			f.Set("organisation_id", d.Orgs[0].Value)
		} else if len(d.Orgs) > 1 {
			d.Orgs = append([]Option{{Value: "", Label: tr.T("case.form.choose_org", nil)}}, d.Orgs...)
		}
	} else {
		d.OrgName = c.OrganisationName
		d.Action, d.Cancel = casePath(c.ID, "/rediger"), casePath(c.ID, "")
	}
	d.Models = append(d.Models, Option{Value: "", Label: tr.T("case.form.choose_model", nil)})
	for _, m := range samspil.CollaborationModels {
		d.Models = append(d.Models, Option{Value: string(m), Label: tr.T("model."+string(m), nil)})
	}
	d.Municipalities = municipalityOptions(tr)
	groups, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		return nil, err
	}
	d.TargetGroups = targetGroupOptions(groups, s.lang(r))
	d.PartnerRows = caseRows(f, "partners", []string{"name", "role", "org"}, samspil.MaxCasePartners)
	d.ResultRows = caseRows(f, "results", []string{"metric", "value", "unit", "period"}, samspil.MaxCaseResults)
	return d, nil
}

// caseRows returns the row numbers the form shows for a repeated table:
// every row up to the last one with something in it (or an error), then
// caseEmptyRows empty ones (two more after "more rows"), at most limit
// rows unless more are filled, so a table over its limit is still shown
// in full with its message.
func caseRows(f *Form, table string, cols []string, limit int) []int {
	last := -1
	for i := range caseRowLimit {
		for _, c := range cols {
			name := caseRowField(table, i, c)
			if f.Get(name) != "" || f.Invalid(name) {
				last = i
			}
		}
	}
	n := last + 1 + caseEmptyRows
	if f.Get("action") == "rows" {
		n += 2
	}
	n = min(n, max(last+1, limit))
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// handleCaseNewPage shows the empty form. ?organisation= picks the
// publishing organisation.
func (s *Server) handleCaseNewPage(w http.ResponseWriter, r *http.Request) {
	f := EmptyForm(r)
	if org := r.URL.Query().Get("organisation"); org != "" {
		f.Set("organisation_id", org)
	}
	d, err := s.newCaseFormData(r, f, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_form", d)
}

// handleCaseCreate stores a new draft for one of the person's
// organisations, or shows the form again: with the preview, with more
// rows, or with every problem next to its field and nothing lost.
func (s *Server) handleCaseCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	orgID, _ := strconv.ParseInt(f.Get("organisation_id"), 10, 64)
	if orgID <= 0 {
		if orgs := caseOrgs(p); len(orgs) == 1 {
			orgID, _ = strconv.ParseInt(orgs[0].Value, 10, 64)
		} else if len(orgs) == 0 && !p.IsPlatformAdmin() {
			s.fail(w, r, p.Require(false))
			return
		}
	}
	if orgID > 0 {
		if err := p.Require(p.CanEditCase(&samspil.Case{OrganisationID: orgID})); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d, err := s.newCaseFormData(r, f, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.casePreview(f, d) {
		s.render(w, r, http.StatusOK, "case_form", d)
		return
	}
	c, ok := s.checkCaseForm(r, f)
	if orgID <= 0 {
		f.AddError("organisation_id", "case.form.org_required", nil)
		ok = false
	}
	if !ok {
		s.render(w, r, http.StatusUnprocessableEntity, "case_form", d)
		return
	}
	org, err := s.store.FindOrganisationByID(r.Context(), orgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c.OrganisationID, c.CreatedBy = org.ID, p.User.ID
	if err := s.store.CreateCase(r.Context(), c); err != nil {
		if f.SetErrors(caseRenameField(err)) {
			s.render(w, r, HTTPStatus(err), "case_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "case.flash.created")
	s.redirect(w, r, casePath(c.ID, ""))
}

// casePreview handles the form's two buttons that only show the form
// again: "preview" renders the Markdown fields, "rows" adds empty rows.
// It reports whether the request was one of them.
func (s *Server) casePreview(f *Form, d *caseFormData) bool {
	switch f.Get("action") {
	case "preview":
		d.Preview = map[string]template.HTML{}
		for _, name := range caseMarkdownFields {
			if src := f.Get(name); src != "" {
				d.Preview[name] = markdown.Render(src)
			}
		}
		return true
	case "rows":
		return true
	}
	return false
}

// checkCaseForm parses and validates the form, resolves the partners'
// links to platform organisations (filling an empty name from the
// profile), and records every problem on f. ok is false when there was one.
func (s *Server) checkCaseForm(r *http.Request, f *Form) (*samspil.Case, bool) {
	cf, err := parseCaseForm(f.Values)
	var val samspil.Validation
	val.Merge(err)
	c := cf.Case
	// Links to organisations that do not exist, row by row.
	for i := range caseRowLimit {
		link := f.Get(caseRowField("partners", i, "org"))
		if link == "" {
			continue
		}
		id, ok := parseOrgLink(link)
		if !ok {
			continue // already reported by the parser
		}
		o, err := s.store.FindOrganisationByID(r.Context(), id)
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			val.Add(caseRowField("partners", i, "org"), "case.form.partner_org_unknown", "no organisation on the platform has that address", nil)
			continue
		} else if err != nil {
			f.SetErrors(err)
			return c, false
		}
		for j := range c.Partners {
			if c.Partners[j].OrganisationID != nil && *c.Partners[j].OrganisationID == id && c.Partners[j].Name == "" {
				c.Partners[j].Name = o.Name
			}
		}
	}
	check := *c
	check.Partners = append([]samspil.CasePartner(nil), c.Partners...)
	check.Results = append([]samspil.CaseResult(nil), c.Results...)
	if err := check.Validate(refdata.Catalog); err != nil {
		if e, ok := samspil.AsError(caseRenameField(err)); ok {
			for _, fe := range e.Fields {
				if !val.Has(fe.Field) && !rowErrorCovers(&val, fe) {
					val.Add(fe.Field, fe.Key, fe.Message, fe.Args)
				}
			}
		}
	}
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		return c, false
	}
	return c, true
}

// rowErrorCovers reports whether a table-wide domain error repeats what a
// row already says (a missing metric is reported on the row itself).
func rowErrorCovers(val *samspil.Validation, fe samspil.FieldError) bool {
	if fe.Field != "results" || fe.Key != "case.result.metric.required" {
		return false
	}
	for i := range caseRowLimit {
		if val.Has(caseRowField("results", i, "metric")) {
			return true
		}
	}
	return false
}

// handleCaseEditPage shows the form filled from a draft.
func (s *Server) handleCaseEditPage(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadCase(w, r, canEditCase, true)
	if !ok {
		return
	}
	if c.Status != samspil.CaseDraft {
		s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "case.form.not_draft", "only a draft can be changed"))
		return
	}
	f := EmptyForm(r)
	f.Values = caseFormValues(c)
	d, err := s.newCaseFormData(r, f, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_form", d)
}

// handleCaseEdit saves a draft. The organisation stays as it was.
func (s *Server) handleCaseEdit(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadCase(w, r, canEditCase, false)
	if !ok {
		return
	}
	if c.Status != samspil.CaseDraft {
		s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "case.form.not_draft", "only a draft can be changed"))
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	f.Set("organisation_id", strconv.FormatInt(c.OrganisationID, 10))
	d, err := s.newCaseFormData(r, f, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.casePreview(f, d) {
		s.render(w, r, http.StatusOK, "case_form", d)
		return
	}
	upd, ok := s.checkCaseForm(r, f)
	if !ok {
		s.render(w, r, http.StatusUnprocessableEntity, "case_form", d)
		return
	}
	upd.OrganisationID, upd.PartnershipID = c.OrganisationID, c.PartnershipID
	if _, err := s.store.UpdateCase(r.Context(), c.ID, upd); err != nil {
		if f.SetErrors(caseRenameField(err)) {
			s.render(w, r, HTTPStatus(err), "case_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "case.flash.saved")
	s.redirect(w, r, casePath(c.ID, ""))
}
