package web

import (
	"context"
	"log/slog"
	"net/http"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

// orgJoinData is the page that asks to join one organisation.
type orgJoinData struct {
	FormData
	Org *samspil.Organisation
	// Membership is the visitor's existing membership (pending or
	// active), nil when they have none.
	Membership *samspil.Membership
}

// handleOrgJoinPage shows the "ask to join" button of an organisation, or
// what the visitor's membership already is. Anonymous visitors are sent to
// sign in first.
func (s *Server) handleOrgJoinPage(w http.ResponseWriter, r *http.Request) {
	o, p, ok := s.loadOrg(w, r, nil)
	if !ok {
		return
	}
	d := &orgJoinData{FormData: FormData{Form: EmptyForm(r)}, Org: o}
	if m, err := s.store.FindMembership(r.Context(), p.User.ID, o.ID); err == nil {
		d.Membership = m
	} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org_join", d)
}

// handleOrgJoin records a pending request to join the organisation of the
// path and tells its active admins by e-mail. When it has no active admin
// the request waits in the platform admins' queue.
func (s *Server) handleOrgJoin(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	o, p, ok := s.loadOrg(w, r, nil)
	if !ok {
		return
	}
	s.requestMembership(w, r, p, o)
}

// requestMembership creates the pending membership, e-mails the admins and
// redirects to the join page with a flash message.
func (s *Server) requestMembership(w http.ResponseWriter, r *http.Request, p *samspil.Principal, o *samspil.Organisation) {
	if err := p.Require(true); err != nil {
		s.fail(w, r, err)
		return
	}
	m := &samspil.Membership{UserID: p.User.ID, OrganisationID: o.ID, Role: samspil.RoleMember, Status: samspil.MembershipPending}
	err := s.store.CreateMembership(r.Context(), m)
	switch samspil.ErrorCode(err) {
	case "":
	case samspil.ECONFLICT:
		s.setFlash(r, "orgjoin.already")
		s.redirect(w, r, orgPath(o.ID, "/medlemskab"))
		return
	default:
		s.fail(w, r, err)
		return
	}
	admins := s.notifyAdmins(r.Context(), o, p.User)
	if admins == 0 {
		s.setFlash(r, "orgjoin.requested_platform")
	} else {
		s.setFlash(r, "orgjoin.requested")
	}
	s.redirect(w, r, orgPath(o.ID, "/medlemskab"))
}

// notifyAdmins e-mails every active admin of o that requester asks to
// join, each in their own language. It returns the number of admins; a
// failed e-mail is logged, not shown: the request is stored either way and
// appears on the members page.
func (s *Server) notifyAdmins(ctx context.Context, o *samspil.Organisation, requester *samspil.User) int {
	admins, _, err := s.store.FindMemberships(ctx, samspil.MembershipFilter{
		OrganisationID: o.ID, Status: samspil.MembershipActive, Role: samspil.RoleAdmin, Limit: samspil.MaxPageSize})
	if err != nil {
		s.logger.ErrorContext(ctx, "find admins for join request", slog.Int64("org", o.ID), slog.Any("err", err))
		return 0
	}
	link := s.link(orgPath(o.ID, "/medlemmer"), nil)
	who := requester.Name
	if who == "" {
		who = requester.Email
	}
	for _, a := range admins {
		lang := "da"
		if u, err := s.store.FindUserByID(ctx, a.UserID); err == nil && u.Locale != "" {
			lang = u.Locale
		}
		msg := mail.JoinRequest(lang, a.UserEmail, o.Name, who, link)
		if err := s.mailer.Send(ctx, msg); err != nil {
			s.logger.ErrorContext(ctx, "send join request", slog.Int64("org", o.ID), slog.Any("err", err))
		}
	}
	return len(admins)
}

// orgMunicipalData is the "I work in a municipality" page.
type orgMunicipalData struct {
	FormData
	Municipalities []Option
}

// handleOrgMunicipalPage lets municipal staff pick their municipality.
func (s *Server) handleOrgMunicipalPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "org_municipal", &orgMunicipalData{FormData: FormData{Form: EmptyForm(r)}, Municipalities: municipalityOptions(TranslatorFrom(r))})
}

// handleOrgMunicipalJoin asks to join the organisation of the chosen
// municipality, exactly like the button on its profile page.
func (s *Server) handleOrgMunicipalJoin(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if err := p.Require(true); err != nil {
		s.fail(w, r, err)
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	code := f.Get("municipality_code")
	var o *samspil.Organisation
	var err error
	if code == "" {
		f.AddError("municipality_code", "org.municipality.required", nil)
	} else if o, err = s.store.FindMunicipalityOrganisation(r.Context(), code); samspil.ErrorCode(err) == samspil.ENOTFOUND {
		f.AddError("municipality_code", "org.municipality.unknown", map[string]any{"Code": code})
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if !f.Valid() {
		s.render(w, r, http.StatusUnprocessableEntity, "org_municipal", &orgMunicipalData{FormData: FormData{Form: f}, Municipalities: municipalityOptions(TranslatorFrom(r))})
		return
	}
	s.requestMembership(w, r, p, o)
}
