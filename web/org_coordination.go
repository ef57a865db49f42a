package web

import (
	"net/http"

	samspil "github.com/samspil/samspil"
)

// orgCoordinationData is the form for a municipality's coordination unit.
type orgCoordinationData struct {
	FormData
	Org  *samspil.Organisation
	Unit *samspil.CoordinationUnit // nil when none is registered yet
}

// loadMunicipalityOrg is loadOrg for pages that exist only for
// organisations of kind kommune.
func (s *Server) loadMunicipalityOrg(w http.ResponseWriter, r *http.Request) (*samspil.Organisation, bool) {
	o, _, ok := s.loadOrg(w, r, canEdit)
	if !ok {
		return nil, false
	}
	if o.Kind != samspil.OrgKommune {
		s.fail(w, r, samspil.Errorf(samspil.ENOTFOUND, "orgcoord.not_municipality", "only municipalities have a coordination unit"))
		return nil, false
	}
	return o, true
}

// handleOrgCoordinationPage shows the unit's current details.
func (s *Server) handleOrgCoordinationPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadMunicipalityOrg(w, r)
	if !ok {
		return
	}
	f := EmptyForm(r)
	d := &orgCoordinationData{FormData: FormData{Form: f}, Org: o}
	u, err := s.store.FindCoordinationUnit(r.Context(), o.MunicipalityCode)
	switch samspil.ErrorCode(err) {
	case "":
		d.Unit = u
		f.Set("name", u.Name)
		f.Set("department", u.Department)
		f.Set("email", u.Email)
		f.Set("phone", u.Phone)
	case samspil.ENOTFOUND:
	default:
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org_coordination", d)
}

// handleOrgCoordination saves the unit of the municipality of the path.
func (s *Server) handleOrgCoordination(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	o, ok := s.loadMunicipalityOrg(w, r)
	if !ok {
		return
	}
	u := &samspil.CoordinationUnit{MunicipalityCode: o.MunicipalityCode, Name: f.Get("name"),
		Department: f.Get("department"), Email: f.Get("email"), Phone: f.Get("phone")}
	if err := s.store.SetCoordinationUnit(r.Context(), u); err != nil {
		if !f.SetErrors(err) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, HTTPStatus(err), "org_coordination", &orgCoordinationData{FormData: FormData{Form: f}, Org: o})
		return
	}
	s.setFlash(r, "orgcoord.saved")
	s.redirect(w, r, orgPath(o.ID, ""))
}
