package web

import (
	"net/http"

	samspil "github.com/samspil/samspil"
)

// pbrDashItem is one outcome contract on the signed-in person's dashboard
// with what needs their attention in it.
type pbrDashItem struct {
	C         *samspil.OutcomeContract
	Approve   bool // a draft awaits the approval of one of the person's sides
	Amendment int  // the number of an open amendment their side has not approved (0: none)
	Claims    int  // claims awaiting the commissioner's decision
	Statement int  // the number of a draft statement their side has not approved (0: none)
}

// pbrDashboard lists the person's outcome contracts (at most
// dashboardLimit, newest first, finished ones left out) and what awaits
// them. A part that cannot be read is logged and left out: the dashboard
// never fails because of it.
func (s *Server) pbrDashboard(r *http.Request, p *samspil.Principal) []pbrDashItem {
	ctx := r.Context()
	seen := map[int64]bool{}
	var cs []*samspil.OutcomeContract
	for _, m := range p.Memberships {
		if m.Status != samspil.MembershipActive {
			continue
		}
		items, _, err := s.store.FindOutcomeContracts(ctx, samspil.ContractFilter{OrganisationID: m.OrganisationID,
			Statuses: []samspil.ContractStatus{samspil.ContractDraft, samspil.ContractActive}, Limit: dashboardLimit})
		if err != nil {
			s.logger.WarnContext(ctx, "outcome contracts for the dashboard", "organisation", m.OrganisationID, "err", err)
			continue
		}
		for _, c := range items {
			if !seen[c.ID] {
				seen[c.ID] = true
				cs = append(cs, c)
			}
		}
	}
	sortPbrNewest(cs)
	if len(cs) > dashboardLimit {
		cs = cs[:dashboardLimit]
	}
	out := make([]pbrDashItem, 0, len(cs))
	for _, c := range cs {
		it := pbrDashItem{C: c}
		sides := pbrSigningSides(p, c)
		waiting := func(comm, prov bool) bool {
			for _, sd := range sides {
				if (sd == samspil.SideCommissioner && !comm) || (sd == samspil.SideProvider && !prov) {
					return true
				}
			}
			return false
		}
		switch c.Status {
		case samspil.ContractDraft:
			it.Approve = waiting(c.CommissionerApprovedAt != nil, c.ProviderApprovedAt != nil)
		case samspil.ContractActive:
			if as, err := s.store.FindAmendments(ctx, c.ID); err == nil {
				for _, a := range as {
					if a.Status == samspil.AmendmentProposed && waiting(a.CommissionerApprovedAt != nil, a.ProviderApprovedAt != nil) {
						it.Amendment = a.Number
					}
				}
			} else {
				s.logger.WarnContext(ctx, "amendments for the dashboard", "contract", c.ID, "err", err)
			}
			if p.CanDecideClaims(c) {
				if _, n, err := s.store.FindClaims(ctx, samspil.ClaimFilter{ContractID: c.ID, Decisions: []samspil.ClaimDecision{samspil.ClaimPending}, Limit: 1}); err == nil {
					it.Claims = n
				} else {
					s.logger.WarnContext(ctx, "claims for the dashboard", "contract", c.ID, "err", err)
				}
			}
			if st, err := s.store.FindStatements(ctx, c.ID); err == nil {
				for _, x := range st {
					if x.Status == samspil.StatementDraft && waiting(x.CommissionerApprovedAt != nil, x.ProviderApprovedAt != nil) {
						it.Statement = x.Number
					}
				}
			} else {
				s.logger.WarnContext(ctx, "statements for the dashboard", "contract", c.ID, "err", err)
			}
		}
		out = append(out, it)
	}
	return out
}
