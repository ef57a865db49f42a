package web

import (
	"net/http"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// creatableKinds are the kinds a person may create. Municipalities are
// seeded from the reference data and can only be joined.
var creatableKinds = []samspil.OrgKind{samspil.OrgSOV, samspil.OrgVirksomhed, samspil.OrgAndet}

// orgCreateData is the page data of the create form.
type orgCreateData struct {
	FormData
	Kinds          []Option
	Municipalities []Option
	// Existing is the organisation that already has the typed CVR number;
	// the page offers to ask to join it instead.
	Existing *samspil.Organisation
}

func (s *Server) newOrgCreateData(f *Form) *orgCreateData {
	d := &orgCreateData{FormData: FormData{Form: f}, Municipalities: municipalityOptions(f.tr)}
	tr := f.tr
	for _, k := range creatableKinds {
		d.Kinds = append(d.Kinds, Option{Value: string(k), Label: tr.T("kind."+string(k), nil)})
	}
	return d
}

// handleOrgNewPage shows the empty form to create an organisation.
func (s *Server) handleOrgNewPage(w http.ResponseWriter, r *http.Request) {
	f := EmptyForm(r)
	f.Set("kind", string(samspil.OrgSOV))
	s.render(w, r, http.StatusOK, "org_new", s.newOrgCreateData(f))
}

// parseOrgCreate reads the create form into an organisation and checks it
// against the rules that need no database. Every problem is reported at
// once as an EINVALID error with field errors.
func parseOrgCreate(f *Form) (*samspil.Organisation, error) {
	o := &samspil.Organisation{
		Kind:             samspil.OrgKind(f.Get("kind")),
		CVR:              f.Get("cvr"),
		Name:             f.Get("name"),
		MunicipalityCode: f.Get("municipality_code"),
		Description:      f.Get("description"),
		Website:          f.Get("website"),
	}
	var v samspil.Validation
	if o.Kind == samspil.OrgKommune {
		v.Add("kind", "orgform.kind.kommune", "municipalities exist already; ask to join yours instead", nil)
	}
	// Validate returns nil or an EINVALID error, which Merge absorbs.
	v.Merge(o.Validate(refdata.Catalog))
	return o, v.Err()
}

// handleOrgCreate creates the organisation and makes its creator the
// first active admin. A CVR number that is already registered gets a
// message with an offer to ask to join that organisation instead.
func (s *Server) handleOrgCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if err := p.Require(true); err != nil {
		s.fail(w, r, err)
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	d := s.newOrgCreateData(f)
	o, err := parseOrgCreate(f)
	if err != nil {
		f.SetErrors(err)
		s.render(w, r, http.StatusUnprocessableEntity, "org_new", d)
		return
	}
	// Look the CVR number up first, so the page can name and link the
	// organisation that has it.
	if o.CVR != "" {
		if existing, err := s.store.FindOrganisationByCVR(r.Context(), o.CVR); err == nil {
			d.Existing = existing
			f.AddError("cvr", "orgform.cvr.taken", map[string]any{"Name": existing.Name})
			s.render(w, r, http.StatusConflict, "org_new", d)
			return
		} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
	}
	if _, err := s.store.CreateOrganisationWithAdmin(r.Context(), o, p.User.ID); err != nil {
		if samspil.ErrorCode(err) == samspil.ECONFLICT && o.CVR != "" {
			// Registered by someone else in the meantime.
			if existing, ferr := s.store.FindOrganisationByCVR(r.Context(), o.CVR); ferr == nil {
				d.Existing = existing
				f.AddError("cvr", "orgform.cvr.taken", map[string]any{"Name": existing.Name})
				s.render(w, r, http.StatusConflict, "org_new", d)
				return
			}
		}
		if f.SetErrors(err) {
			s.render(w, r, HTTPStatus(err), "org_new", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "orgform.created")
	s.redirect(w, r, orgPath(o.ID, "/rediger"))
}
