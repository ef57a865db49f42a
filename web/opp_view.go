package web

import (
	"net/http"
	"net/url"
	"strconv"

	samspil "github.com/samspil/samspil"
)

// oppViewData is an opportunity's page: details, best matches with their
// explanation, the interest form and, for the owners, the interests.
type oppViewData struct {
	FormData
	Opp         *samspil.Opportunity
	Owner       *samspil.Organisation
	IsOwner     bool // may edit, close and decide interests
	Anonymous   bool
	LoginURL    string
	Matches     []matchView
	MatchesDown bool // matching failed; the page still shows the rest
	Interests   []*samspil.Interest
	// InterestOrgs are the viewer's organisations that may still send an
	// interest (members, not the owner, no pending or accepted interest).
	InterestOrgs []Option
	MyOrgs       map[int64]bool
	Open         bool
	Expired      bool
}

// oppMatchLimit is how many matching organisations the page shows.
const oppMatchLimit = 15

// handleOppView shows an opportunity to everyone.
func (s *Server) handleOppView(w http.ResponseWriter, r *http.Request) {
	o, _, ok := s.loadOpp(w, r, nil)
	if !ok {
		return
	}
	f := EmptyForm(r)
	if org := r.URL.Query().Get("organisation"); org != "" {
		f.Set("organisation_id", org)
	}
	s.renderOppView(w, r, http.StatusOK, o, f)
}

// renderOppView builds the page around f (the interest form, refilled
// after a failed send).
func (s *Server) renderOppView(w http.ResponseWriter, r *http.Request, status int, o *samspil.Opportunity, f *Form) {
	ctx := r.Context()
	p := s.principal(r)
	d := &oppViewData{FormData: FormData{Form: f}, Opp: o, Anonymous: p == nil, MyOrgs: map[int64]bool{},
		IsOwner: p != nil && canManageOpp(p, o.OrganisationID), Open: o.Status == samspil.OppOpen, Expired: o.Expired(s.now())}
	d.LoginURL = "/log-ind?next=" + url.QueryEscape(oppPath(o.ID, ""))
	owner, err := s.store.FindOrganisationByID(ctx, o.OrganisationID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Owner = owner
	if p != nil {
		for _, m := range p.Memberships {
			d.MyOrgs[m.OrganisationID] = true
		}
	}
	if d.Matches, err = s.oppMatches(r, o, oppMatchLimit); err != nil {
		s.logger.ErrorContext(ctx, "matches for an opportunity", "opportunity", o.ID, "err", err)
		d.MatchesDown = true
	}
	for i := range d.Matches {
		d.Matches[i].Mine = d.MyOrgs[d.Matches[i].OrganisationID]
	}
	if p != nil {
		all, _, err := s.store.FindInterests(ctx, samspil.InterestFilter{OpportunityID: o.ID, Limit: 200})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sent := map[int64]bool{}
		for _, in := range all {
			if d.IsOwner || d.MyOrgs[in.OrganisationID] {
				d.Interests = append(d.Interests, in)
			}
			if in.Status == samspil.InterestPending || in.Status == samspil.InterestAccepted {
				sent[in.OrganisationID] = true
			}
		}
		for _, m := range p.Memberships {
			if m.OrganisationID != o.OrganisationID && !sent[m.OrganisationID] {
				d.InterestOrgs = append(d.InterestOrgs, Option{Value: strconv.FormatInt(m.OrganisationID, 10), Label: m.OrganisationName})
			}
		}
		if len(d.InterestOrgs) == 1 {
			f.Set("organisation_id", d.InterestOrgs[0].Value)
		}
	}
	s.render(w, r, status, "opp_view", d)
}
