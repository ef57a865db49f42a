package web

import (
	"net/http"
	"sort"

	samspil "github.com/samspil/samspil"
)

// partnershipListData is the person's partnerships across their organisations.
type partnershipListData struct {
	Items []*samspil.Partnership
	NoOrg bool
}

// handlePartnershipList lists the partnerships of every organisation the
// person belongs to, newest first, each once.
func (s *Server) handlePartnershipList(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	d := &partnershipListData{NoOrg: len(p.Memberships) == 0}
	seen := map[int64]bool{}
	for _, m := range p.Memberships {
		items, _, err := s.store.FindPartnerships(r.Context(), samspil.PartnershipFilter{OrganisationID: m.OrganisationID, Limit: 100})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, ps := range items {
			if !seen[ps.ID] {
				seen[ps.ID] = true
				d.Items = append(d.Items, ps)
			}
		}
	}
	sort.SliceStable(d.Items, func(i, j int) bool { return d.Items[i].CreatedAt.After(d.Items[j].CreatedAt) })
	s.render(w, r, http.StatusOK, "partnership_list", d)
}

// partnershipViewData is one partnership's page.
type partnershipViewData struct {
	P        *samspil.Partnership
	Opp      *samspil.Opportunity // where it came from, when it still exists
	Interest *samspil.Interest
}

// canSeePartnership allows the members of the parties and platform admins.
func canSeePartnership(p *samspil.Principal, ps *samspil.Partnership) bool {
	if p.IsPlatformAdmin() {
		return true
	}
	for _, x := range ps.Parties {
		if p.IsMember(x.OrganisationID) {
			return true
		}
	}
	return false
}

// handlePartnershipView shows a partnership to its parties' members.
func (s *Server) handlePartnershipView(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.store.FindPartnershipByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := p.Require(canSeePartnership(p, ps)); err != nil {
		s.fail(w, r, err)
		return
	}
	d := &partnershipViewData{P: ps}
	if ps.OpportunityID != nil {
		if o, err := s.store.FindOpportunityByID(r.Context(), *ps.OpportunityID); err == nil {
			d.Opp = o
		}
	}
	if ps.InterestID != nil {
		if in, err := s.store.FindInterestByID(r.Context(), *ps.InterestID); err == nil {
			d.Interest = in
		}
	}
	s.render(w, r, http.StatusOK, "partnership_view", d)
}
