package web

import (
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// labelled is a code with its human name (CPV, DB07 sector, target group).
type labelled struct {
	Code  string
	Label string
}

type profileData struct {
	Org          *samspil.Organisation
	Municipality *samspil.Municipality
	Sectors      []labelled
	CPVs         []labelled
	TargetGroups []labelled
	Stale        bool
	Share        int
	MeetsShare   bool
	Criteria     []criterion
	HasCriteria  bool
	CanEdit      bool
	CanManage    bool
	IsMember     bool
	Membership   *samspil.Membership // the viewer's own membership, pending or active
	SignedIn     bool
	IsKommune    bool
	Unit         *samspil.CoordinationUnit // a municipality's coordination unit, if it has one
}

type criterion struct {
	Key           string
	Declared      bool
	Justification string
}

// handleProfile shows everything public about one organisation.
func (s *Server) handleProfile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	o, err := s.store.FindOrganisationByID(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := s.lang(r)
	d := profileData{Org: o, Stale: o.PossiblyStale(s.now()), Share: o.DisadvantagedShare(), MeetsShare: o.MeetsReservedContractCondition()}
	if m, err := s.store.FindMunicipalityByCode(ctx, o.MunicipalityCode); err == nil {
		d.Municipality = m
	}
	for _, code := range o.Sectors {
		l := labelled{Code: code, Label: code}
		if sec, ok := refdata.SectionByCode(code); ok {
			l.Label = sec.Title
		}
		d.Sectors = append(d.Sectors, l)
	}
	for _, code := range o.CPVCodes {
		l := labelled{Code: code, Label: ""}
		if c, ok := refdata.CPVByCode(code); ok {
			l.Code, l.Label = c.Code, c.Label(lang)
		}
		d.CPVs = append(d.CPVs, l)
	}
	if o.Kind == samspil.OrgKommune {
		d.IsKommune = true
		u, err := s.store.FindCoordinationUnit(ctx, o.MunicipalityCode)
		switch {
		case err == nil:
			d.Unit = u
		case samspil.ErrorCode(err) != samspil.ENOTFOUND:
			s.fail(w, r, err)
			return
		}
	}
	groups, err := s.store.FindTargetGroups(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, code := range o.TargetGroups {
		l := labelled{Code: code, Label: code}
		for _, g := range groups {
			if g.Code == code {
				l.Label = g.NameDA
				if lang == "en" {
					l.Label = g.NameEN
				}
			}
		}
		d.TargetGroups = append(d.TargetGroups, l)
	}
	for i, c := range o.RSVCriteria {
		d.Criteria = append(d.Criteria, criterion{Key: samspil.RSVCriteriaKeys[i], Declared: c.Declared, Justification: c.Justification})
		if c.Declared || c.Justification != "" {
			d.HasCriteria = true
		}
	}
	if p := s.principal(r); p != nil {
		d.SignedIn = true
		d.CanEdit = p.CanEditOrganisation(o.ID)
		d.CanManage = p.CanManageMembers(o.ID)
		d.IsMember = p.IsMember(o.ID)
		if m, err := s.store.FindMembership(ctx, p.User.ID, o.ID); err == nil {
			d.Membership = m
		}
	}
	s.render(w, r, http.StatusOK, "profile", d)
}
