package web

import (
	"net/http"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
)

// modelFamily maps each collaboration model to the model of the
// opportunity kinds that start such a collaboration: the purchase-like
// models begin as a purchase, the development models as a call for
// partners.
var modelFamily = map[samspil.CollaborationModel]samspil.CollaborationModel{
	samspil.ModelIndkob:             samspil.ModelIndkob,
	samspil.ModelReserveretKontrakt: samspil.ModelIndkob,
	samspil.ModelSocialKlausul:      samspil.ModelIndkob,
	samspil.ModelResultatbaseret:    samspil.ModelIndkob,
	samspil.ModelRekruttering:       samspil.ModelRekruttering,
	samspil.ModelKompetenceloeft:    samspil.ModelKompetenceloeft,
	samspil.ModelAfknopning:         samspil.ModelPilot,
	samspil.ModelIntraprenorskab:    samspil.ModelPilot,
	samspil.ModelPilot:              samspil.ModelPilot,
	samspil.ModelLaboratorium:       samspil.ModelPilot,
}

// kindForCase picks the opportunity kind an organisation of kind org
// posts to start a collaboration like one of model m: a kind it may post
// whose partnerships get m's family model (a municipality's procurement
// need for a reserved contract, an SØV's offer for a purchase, a company's
// mentoring offer for competence lift), preferring one that is matched
// with the organisations such a case names (samspil.KindsFor); otherwise a
// call for partners, which everyone may post.
func kindForCase(m samspil.CollaborationModel, org samspil.OrgKind, partnerKinds []samspil.OrgKind) samspil.OpportunityKind {
	family := modelFamily[m]
	var fits []samspil.OpportunityKind
	for _, k := range samspil.OpportunityKinds {
		if k.CanBePostedBy(org) && k.Model() == family {
			fits = append(fits, k)
		}
	}
	for _, pk := range partnerKinds {
		for _, k := range samspil.KindsFor(pk) {
			for _, f := range fits {
				if f == k {
					return k
				}
			}
		}
	}
	if len(fits) > 0 {
		return fits[0]
	}
	if samspil.OppPartnerskab.CanBePostedBy(org) {
		return samspil.OppPartnerskab
	}
	for _, k := range samspil.OpportunityKinds {
		if k.CanBePostedBy(org) {
			return k
		}
	}
	return samspil.OppPartnerskab
}

// prefillOppFromCase fills the new-opportunity form from the case named
// by ?fra_erfaring= ("start a similar partnership"): the kind that fits
// the case's model and the posting organisation, the title, a description
// from the summary with a link back to the case, the target groups and the
// municipality. A case the person may not see, or a bad number, leaves the
// form as it was. With several organisations the form shows the
// organisation choice itself instead of a separate first step, so the
// prefilled values are not lost on the way.
func (s *Server) prefillOppFromCase(r *http.Request, f *Form, d *oppFormData, org *samspil.Organisation) {
	id, err := strconv.ParseInt(r.URL.Query().Get("fra_erfaring"), 10, 64)
	if err != nil || id <= 0 || d.NoOrg {
		return
	}
	c, err := s.store.FindCaseByID(r.Context(), id)
	if err != nil || !s.principal(r).CanViewCase(c) {
		return
	}
	orgKind := samspil.OrgKind("")
	if org != nil {
		orgKind = org.Kind
	} else if ms := postingOrgs(s.principal(r)); len(ms) > 0 {
		orgKind = ms[0].OrganisationKind
	}
	var partnerKinds []samspil.OrgKind
	for _, p := range c.Partners {
		if p.OrganisationID == nil {
			continue
		}
		if o, err := s.store.FindOrganisationByID(r.Context(), *p.OrganisationID); err == nil {
			partnerKinds = append(partnerKinds, o.Kind)
		}
	}
	kind := kindForCase(c.Model, orgKind, partnerKinds)
	for _, k := range d.Kinds {
		if k.Value == string(kind) {
			f.Set("kind", k.Value)
		}
	}
	if d.ChooseOrg {
		d.ChooseOrg = false
		d.Orgs = append([]Option{{Value: "", Label: f.tr.T("opp.form.choose_org", nil)}}, d.Orgs...)
	}
	f.Set("title", c.Title)
	desc := strings.TrimSpace(c.Summary)
	link := s.baseURL.String() + casePath(c.ID, "")
	from := f.tr.T("case.fromcase.description", map[string]any{"Title": c.Title, "Link": link})
	if desc != "" {
		desc += "\n\n"
	}
	f.Set("description", desc+from)
	f.SetList("target_groups", c.TargetGroups)
	f.Set("municipality_code", c.MunicipalityCode)
	s.setFlash(r, "case.fromcase.flash")
}
