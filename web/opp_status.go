package web

import (
	"net/http"

	samspil "github.com/samspil/samspil"
)

// oppStatusData is the confirmation page of closing, marking filled or
// reopening an opportunity.
type oppStatusData struct {
	FormData
	Opp *samspil.Opportunity
	To  samspil.OpportunityStatus
}

// oppTransition reads the wanted status and checks it is a change the
// owner may make from the current one: an open opportunity is closed or
// marked filled, a closed or filled one is reopened.
func oppTransition(o *samspil.Opportunity, to string) (samspil.OpportunityStatus, bool) {
	st := samspil.OpportunityStatus(to)
	switch {
	case !st.Valid() || st == o.Status:
		return "", false
	case o.Status == samspil.OppOpen:
		return st, st == samspil.OppClosed || st == samspil.OppFilled
	default:
		return st, st == samspil.OppOpen
	}
}

// handleOppStatusPage asks "are you sure?" before the status changes.
func (s *Server) handleOppStatusPage(w http.ResponseWriter, r *http.Request) {
	o, _, ok := s.loadOpp(w, r, canManageOpp)
	if !ok {
		return
	}
	to, ok := oppTransition(o, r.URL.Query().Get("to"))
	if !ok {
		s.redirect(w, r, oppPath(o.ID, ""))
		return
	}
	f := EmptyForm(r)
	f.Set("to", string(to))
	s.render(w, r, http.StatusOK, "opp_status", &oppStatusData{FormData: FormData{Form: f}, Opp: o, To: to})
}

// handleOppStatus changes the status after the confirmation. Reopening an
// opportunity whose deadline has passed is refused with a message that
// says to move the deadline first.
func (s *Server) handleOppStatus(w http.ResponseWriter, r *http.Request) {
	o, _, ok := s.loadOpp(w, r, canManageOpp)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	to, ok := oppTransition(o, f.Get("to"))
	d := &oppStatusData{FormData: FormData{Form: f}, Opp: o, To: to}
	if !ok {
		f.AddError("", "opp.status.not_allowed", nil)
		s.render(w, r, http.StatusUnprocessableEntity, "opp_status", d)
		return
	}
	if f.Get("confirm") != "yes" {
		f.AddError("", "opp.status.confirm_required", nil)
		s.render(w, r, http.StatusUnprocessableEntity, "opp_status", d)
		return
	}
	if to == samspil.OppOpen && o.Expired(s.now()) {
		f.AddError("", "opp.status.reopen_expired", nil)
		s.render(w, r, http.StatusUnprocessableEntity, "opp_status", d)
		return
	}
	if _, err := s.store.UpdateOpportunity(r.Context(), o.ID, samspil.OpportunityUpdate{Status: &to}); err != nil {
		if f.SetErrors(err) {
			s.render(w, r, HTTPStatus(err), "opp_status", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "opp.flash.status_"+string(to))
	s.redirect(w, r, oppPath(o.ID, ""))
}
