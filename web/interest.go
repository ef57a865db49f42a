package web

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
)

// handleInterestCreate sends an interest on behalf of one of the person's
// organisations. Problems (no message, a duplicate, the opportunity closed
// meanwhile) are shown on the opportunity page with the message kept.
func (s *Server) handleInterestCreate(w http.ResponseWriter, r *http.Request) {
	o, p, ok := s.loadOpp(w, r, nil)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	orgID, _ := strconv.ParseInt(f.Get("organisation_id"), 10, 64)
	if orgID <= 0 {
		// One possible sender: use it, as the page preselects it.
		var only []int64
		for _, m := range p.Memberships {
			if m.OrganisationID != o.OrganisationID {
				only = append(only, m.OrganisationID)
			}
		}
		if len(only) == 1 {
			orgID = only[0]
		}
	}
	if err := p.Require(orgID > 0 && canActFor(p, orgID)); err != nil {
		s.fail(w, r, err)
		return
	}
	in := &samspil.Interest{OpportunityID: o.ID, OrganisationID: orgID, Message: f.Raw("message"), CreatedBy: p.User.ID}
	err := in.Validate()
	if err == nil {
		err = s.store.CreateInterest(r.Context(), in)
	}
	if err != nil {
		if f.SetErrors(err) {
			s.renderOppView(w, r, HTTPStatus(err), o, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "interest.flash.sent")
	s.redirect(w, r, oppPath(o.ID, "#interesser"))
}

// interestActions are the decisions on an interest, by path segment.
var interestActions = map[string]bool{"accepter": true, "afvis": true, "traek-tilbage": true}

// interestDecideData is the confirmation page of a decision.
type interestDecideData struct {
	FormData
	Interest *samspil.Interest
	Action   string // "accepter", "afvis" or "traek-tilbage"
}

// loadInterest resolves {id}, loads the interest and checks the rule of
// action: the owner's members decide, the interested organisation's
// members withdraw.
func (s *Server) loadInterest(w http.ResponseWriter, r *http.Request, action string) (*samspil.Interest, bool) {
	p := s.principal(r)
	id, err := pathID(r)
	if err != nil || !interestActions[action] {
		s.notFound(w, r)
		return nil, false
	}
	in, err := s.store.FindInterestByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	allowed := canManageOpp(p, in.OwnerID)
	if action == "traek-tilbage" {
		allowed = canActFor(p, in.OrganisationID)
	}
	if err := p.Require(allowed); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return in, true
}

// handleInterestDecidePage asks for confirmation (and an optional note).
func (s *Server) handleInterestDecidePage(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	in, ok := s.loadInterest(w, r, action)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "interest_decide", &interestDecideData{FormData: FormData{Form: EmptyForm(r)}, Interest: in, Action: action})
}

// decideInterest runs one decision after the confirmation and answers the
// request; do returns where to go next.
func (s *Server) decideInterest(w http.ResponseWriter, r *http.Request, action string, do func(in *samspil.Interest, note string) (string, string, error)) {
	in, ok := s.loadInterest(w, r, action)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	d := &interestDecideData{FormData: FormData{Form: f}, Interest: in, Action: action}
	note := f.Get("note")
	if utf8.RuneCountInString(note) > samspil.MaxInterestMessage {
		f.AddError("note", "field.too_long", map[string]any{"Max": samspil.MaxInterestMessage})
	}
	if f.Get("confirm") != "yes" {
		f.AddError("", "interest.confirm_required", nil)
	}
	if !f.Valid() {
		s.render(w, r, http.StatusUnprocessableEntity, "interest_decide", d)
		return
	}
	next, flash, err := do(in, note)
	if err != nil {
		if f.SetErrors(err) {
			s.render(w, r, HTTPStatus(err), "interest_decide", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, flash)
	s.redirect(w, r, next)
}

// handleInterestAccept accepts an interest; the store creates the
// partnership in the same transaction and the person lands on it.
func (s *Server) handleInterestAccept(w http.ResponseWriter, r *http.Request) {
	s.decideInterest(w, r, "accepter", func(in *samspil.Interest, note string) (string, string, error) {
		_, ps, err := s.store.AcceptInterest(r.Context(), in.ID, note)
		if err != nil {
			return "", "", err
		}
		return partnershipPath(ps.ID), "interest.flash.accepted", nil
	})
}

// handleInterestDecline declines an interest with an optional note.
func (s *Server) handleInterestDecline(w http.ResponseWriter, r *http.Request) {
	s.decideInterest(w, r, "afvis", func(in *samspil.Interest, note string) (string, string, error) {
		if _, err := s.store.DeclineInterest(r.Context(), in.ID, note); err != nil {
			return "", "", err
		}
		return oppPath(in.OpportunityID, "#interesser"), "interest.flash.declined", nil
	})
}

// handleInterestWithdraw lets the interested organisation take back a
// pending interest.
func (s *Server) handleInterestWithdraw(w http.ResponseWriter, r *http.Request) {
	s.decideInterest(w, r, "traek-tilbage", func(in *samspil.Interest, _ string) (string, string, error) {
		if _, err := s.store.WithdrawInterest(r.Context(), in.ID); err != nil {
			return "", "", err
		}
		return oppPath(in.OpportunityID, "#interesser"), "interest.flash.withdrawn", nil
	})
}
