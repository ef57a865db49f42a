package web

import (
	"net/http"

	samspil "github.com/samspil/samspil"
)

// dashboardLimit bounds each list of the dashboard; the full lists live on
// their own pages.
const dashboardLimit = 10

// dashboardMaxOrgs bounds how many organisations one dashboard shows.
const dashboardMaxOrgs = 10

// dashboardOrg is one organisation's part of the dashboard.
type dashboardOrg struct {
	Org          *samspil.Organisation
	Role         samspil.Role
	Matches      []oppMatchView
	MatchesDown  bool
	Tenders      []tenderFit // open tenders that fit it (tender_foryou.go)
	TendersShown bool        // a supplier: the dashboard shows "tenders for you"
	Own          []*samspil.Opportunity
	OwnTotal     int
	Incoming     []*samspil.Interest // pending interests in its opportunities
	Outgoing     []*samspil.Interest // interests it sent, with their status
	Partnerships []*samspil.Partnership
	CanPost      bool // its kind may post at least one kind
	// Incomplete says the profile lacks what matching needs (CPV codes or
	// target groups, a description), with a link to complete it.
	Incomplete bool
}

// dashboardData is the signed-in person's overview.
type dashboardData struct {
	Orgs   []*dashboardOrg
	NoOrg  bool
	Unread int
	More   bool          // the person belongs to more organisations than are shown
	Pbr    []pbrDashItem // outcome contracts and what awaits the person (pbr_contract_dash.go)
}

// handleDashboard shows, per organisation the person belongs to, the best
// matching open opportunities, its own opportunities, incoming and
// outgoing interests and its partnerships.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := s.principal(r)
	d := &dashboardData{NoOrg: len(p.Memberships) == 0, Unread: s.unreadNotifications(r, p.User.ID)}
	for i, m := range p.Memberships {
		if i == dashboardMaxOrgs {
			d.More = true
			break
		}
		org, err := s.store.FindOrganisationByID(ctx, m.OrganisationID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		do := &dashboardOrg{Org: org, Role: m.Role,
			Incomplete: (len(org.CPVCodes) == 0 && len(org.TargetGroups) == 0) || org.Description == ""}
		for _, k := range samspil.OpportunityKinds {
			do.CanPost = do.CanPost || k.CanBePostedBy(org.Kind)
		}
		if do.Matches, err = s.orgMatches(r, org, dashboardLimit); err != nil {
			s.logger.ErrorContext(ctx, "matches for an organisation", "organisation", org.ID, "err", err)
			do.MatchesDown = true
		}
		do.Tenders, do.TendersShown = s.dashTenders(r, org)
		if do.Own, do.OwnTotal, err = s.store.FindOpportunities(ctx, samspil.OpportunityFilter{OrganisationID: org.ID, Limit: dashboardLimit}); err != nil {
			s.fail(w, r, err)
			return
		}
		if do.Incoming, _, err = s.store.FindInterests(ctx, samspil.InterestFilter{OwnerID: org.ID,
			Statuses: []samspil.InterestStatus{samspil.InterestPending}, Limit: dashboardLimit}); err != nil {
			s.fail(w, r, err)
			return
		}
		if do.Outgoing, _, err = s.store.FindInterests(ctx, samspil.InterestFilter{OrganisationID: org.ID, Limit: dashboardLimit}); err != nil {
			s.fail(w, r, err)
			return
		}
		if do.Partnerships, _, err = s.store.FindPartnerships(ctx, samspil.PartnershipFilter{OrganisationID: org.ID, Limit: dashboardLimit}); err != nil {
			s.fail(w, r, err)
			return
		}
		d.Orgs = append(d.Orgs, do)
	}
	d.Pbr = s.pbrDashboard(r, p)
	s.render(w, r, http.StatusOK, "dashboard", d)
}
