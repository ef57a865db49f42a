package web

import (
	"net/http"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/password"
)

// orgInvitationData is the page behind an invitation link.
type orgInvitationData struct {
	FormData
	Token string
	// Next is the invitation path, for the sign-in and sign-up links.
	Next string
}

// handleInvitationPage shows an invitation link. Anonymous visitors are
// asked to sign in or create an account with the invited address; signed-in
// people get an "accept" button. The token is not used up by looking at
// the page, so a mail scanner that follows links cannot spend it.
func (s *Server) handleInvitationPage(w http.ResponseWriter, r *http.Request) {
	tok := r.PathValue("token")
	if !plausibleSecret(tok) {
		s.fail(w, r, errInvitationInvalid)
		return
	}
	s.render(w, r, http.StatusOK, "org_invitation", &orgInvitationData{FormData: FormData{Form: EmptyForm(r)}, Token: tok,
		Next: "/invitation/" + tok})
}

// errInvitationInvalid covers unknown, used and expired links alike.
var errInvitationInvalid = samspil.Errorf(samspil.ENOTFOUND, "orginvite.invalid", "the invitation link is not valid or has expired")

// plausibleSecret rejects obviously malformed tokens before the database
// is asked.
func plausibleSecret(tok string) bool {
	if len(tok) < 10 || len(tok) > 100 {
		return false
	}
	for _, c := range tok {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// handleInvitationAccept spends the invitation and makes the signed-in
// person an active member with the invited role. It must be the person the
// invitation was sent to: for anybody else the token is put back untouched
// and the request refused.
func (s *Server) handleInvitationAccept(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	p := s.principal(r)
	if err := p.Require(true); err != nil {
		s.fail(w, r, err)
		return
	}
	secret := r.PathValue("token")
	if !plausibleSecret(secret) {
		s.fail(w, r, errInvitationInvalid)
		return
	}
	tok, err := s.store.ConsumeToken(r.Context(), samspil.TokenInvitation, password.HashSecret(secret))
	if err != nil {
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			err = errInvitationInvalid
		}
		s.fail(w, r, err)
		return
	}
	if !strings.EqualFold(tok.Email, p.User.Email) {
		// Put the invitation back for its real recipient.
		back := *tok
		back.ID = 0
		if err := s.store.CreateToken(r.Context(), &back); err != nil {
			s.logger.ErrorContext(r.Context(), "restore invitation token", "err", err)
		}
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "orginvite.wrong_email", "the invitation was sent to another e-mail address"))
		return
	}
	role := samspil.Role(tok.Data)
	if role != samspil.RoleAdmin {
		role = samspil.RoleMember
	}
	active := samspil.MembershipActive
	m, err := s.store.FindMembership(r.Context(), p.User.ID, tok.OrganisationID)
	switch {
	case err == nil && m.Status == samspil.MembershipActive:
		// Already a member: an invitation as admin still raises the role.
		if role == samspil.RoleAdmin && m.Role != samspil.RoleAdmin {
			_, err = s.store.UpdateMembership(r.Context(), m.ID, &role, nil)
		}
	case err == nil:
		_, err = s.store.UpdateMembership(r.Context(), m.ID, &role, &active)
	case samspil.ErrorCode(err) == samspil.ENOTFOUND:
		err = s.store.CreateMembership(r.Context(), &samspil.Membership{UserID: p.User.ID, OrganisationID: tok.OrganisationID, Role: role, Status: active})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "orginvite.accepted")
	s.redirect(w, r, orgPath(tok.OrganisationID, ""))
}
