package web

import (
	"log/slog"
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/password"
)

// orgMembersData is the members page: who is in, who asks to join, and
// the invitation form.
type orgMembersData struct {
	FormData
	Org     *samspil.Organisation
	Active  []*samspil.Membership
	Pending []*samspil.Membership
	Roles   []Option
	// Self is the viewer's user id, so the page can mark "you".
	Self int64
	// Problem is a translated store error of the last action (e.g. the
	// last admin cannot leave), shown above the lists.
	Problem string
}

// memberRoles are the roles, admin first.
var memberRoles = []samspil.Role{samspil.RoleAdmin, samspil.RoleMember}

func (s *Server) orgMembersData(r *http.Request, o *samspil.Organisation, p *samspil.Principal, f *Form) (*orgMembersData, error) {
	ms, _, err := s.store.FindMemberships(r.Context(), samspil.MembershipFilter{OrganisationID: o.ID, Limit: samspil.MaxPageSize * 10})
	if err != nil {
		return nil, err
	}
	d := &orgMembersData{FormData: FormData{Form: f}, Org: o, Self: p.User.ID}
	for _, m := range ms {
		if m.Status == samspil.MembershipActive {
			d.Active = append(d.Active, m)
		} else {
			d.Pending = append(d.Pending, m)
		}
	}
	for _, role := range memberRoles {
		d.Roles = append(d.Roles, Option{Value: string(role), Label: f.tr.T("role."+string(role), nil)})
	}
	return d, nil
}

// handleOrgMembers lists members and pending requests for the
// organisation's admins and platform admins.
func (s *Server) handleOrgMembers(w http.ResponseWriter, r *http.Request) {
	o, p, ok := s.loadOrg(w, r, canManage)
	if !ok {
		return
	}
	f := EmptyForm(r)
	f.Set("role", string(samspil.RoleMember))
	d, err := s.orgMembersData(r, o, p, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org_members", d)
}

// loadMembership checks the rights on the organisation of the path, then
// loads the membership {mid} and makes sure it belongs to that
// organisation: an admin of one organisation must never reach another's
// members by changing the number in the URL.
func (s *Server) loadMembership(w http.ResponseWriter, r *http.Request) (*samspil.Organisation, *samspil.Membership, *samspil.Principal, bool) {
	o, p, ok := s.loadOrg(w, r, canManage)
	if !ok {
		return nil, nil, nil, false
	}
	mid, err := orgPathID(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, false
	}
	m, err := s.store.FindMembershipByID(r.Context(), mid)
	if err == nil && m.OrganisationID != o.ID {
		err = samspil.Errorf(samspil.ENOTFOUND, "orgmembers.not_found", "no such member")
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, false
	}
	return o, m, p, true
}

// memberActionFailed shows the members page again with a store error such
// as "the last admin cannot leave" in the status it maps to.
func (s *Server) memberActionFailed(w http.ResponseWriter, r *http.Request, o *samspil.Organisation, p *samspil.Principal, err error) {
	code := samspil.ErrorCode(err)
	if code != samspil.ECONFLICT && code != samspil.EINVALID {
		s.fail(w, r, err)
		return
	}
	f := EmptyForm(r)
	f.Set("role", string(samspil.RoleMember))
	d, derr := s.orgMembersData(r, o, p, f)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	d.Problem = TranslatorFrom(r).Err(err)
	s.render(w, r, HTTPStatus(err), "org_members", d)
}

// handleMemberApprove makes a pending membership active and tells the
// person by e-mail.
func (s *Server) handleMemberApprove(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	o, m, p, ok := s.loadMembership(w, r)
	if !ok {
		return
	}
	if err := s.approveMembership(r, o, m, nil); err != nil {
		s.memberActionFailed(w, r, o, p, err)
		return
	}
	s.setFlash(r, "orgmembers.approved")
	s.redirect(w, r, orgPath(o.ID, "/medlemmer"))
}

// approveMembership activates m (optionally with a new role) and sends
// the approval e-mail. A pending membership only; approving twice is a
// conflict, not a second e-mail.
func (s *Server) approveMembership(r *http.Request, o *samspil.Organisation, m *samspil.Membership, role *samspil.Role) error {
	if m.Status != samspil.MembershipPending {
		return samspil.Errorf(samspil.ECONFLICT, "orgmembers.not_pending", "the request has already been answered")
	}
	active := samspil.MembershipActive
	if _, err := s.store.UpdateMembership(r.Context(), m.ID, role, &active); err != nil {
		return err
	}
	lang := "da"
	if u, err := s.store.FindUserByID(r.Context(), m.UserID); err == nil && u.Locale != "" {
		lang = u.Locale
	}
	msg := mail.MembershipApproved(lang, m.UserEmail, o.Name, s.link(orgPath(o.ID, ""), nil))
	if err := s.mailer.Send(r.Context(), msg); err != nil {
		s.logger.ErrorContext(r.Context(), "send membership approved", slog.Int64("membership", m.ID), slog.Any("err", err))
	}
	return nil
}

// handleMemberDecline removes a pending request.
func (s *Server) handleMemberDecline(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	o, m, p, ok := s.loadMembership(w, r)
	if !ok {
		return
	}
	if m.Status != samspil.MembershipPending {
		s.memberActionFailed(w, r, o, p, samspil.Errorf(samspil.ECONFLICT, "orgmembers.not_pending", "the request has already been answered"))
		return
	}
	if err := s.store.DeleteMembership(r.Context(), m.ID); err != nil {
		s.memberActionFailed(w, r, o, p, err)
		return
	}
	s.setFlash(r, "orgmembers.declined")
	s.redirect(w, r, orgPath(o.ID, "/medlemmer"))
}

// handleMemberRole changes an active member's role. The store refuses to
// demote the last admin while others remain (ECONFLICT), which is shown on
// the page.
func (s *Server) handleMemberRole(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	o, m, p, ok := s.loadMembership(w, r)
	if !ok {
		return
	}
	role := samspil.Role(f.Get("role"))
	if role != samspil.RoleAdmin && role != samspil.RoleMember {
		s.memberActionFailed(w, r, o, p, samspil.Errorf(samspil.EINVALID, "orgmembers.role.invalid", "choose admin or member"))
		return
	}
	if _, err := s.store.UpdateMembership(r.Context(), m.ID, &role, nil); err != nil {
		s.memberActionFailed(w, r, o, p, err)
		return
	}
	s.setFlash(r, "orgmembers.role_changed")
	s.redirect(w, r, orgPath(o.ID, "/medlemmer"))
}

// orgMemberRemoveData is the confirmation page before a member is removed.
type orgMemberRemoveData struct {
	FormData
	Org        *samspil.Organisation
	Membership *samspil.Membership
}

// handleMemberRemovePage asks for confirmation: removal is a second POST
// from this page, so no JavaScript dialog is needed.
func (s *Server) handleMemberRemovePage(w http.ResponseWriter, r *http.Request) {
	o, m, _, ok := s.loadMembership(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "org_member_remove", &orgMemberRemoveData{FormData: FormData{Form: EmptyForm(r)}, Org: o, Membership: m})
}

// handleMemberRemove removes a member after confirmation.
func (s *Server) handleMemberRemove(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	o, m, p, ok := s.loadMembership(w, r)
	if !ok {
		return
	}
	if f.Get("confirm") != "yes" {
		s.redirect(w, r, orgPath(o.ID, "/medlemmer/"+strconv.FormatInt(m.ID, 10)+"/fjern"))
		return
	}
	if err := s.store.DeleteMembership(r.Context(), m.ID); err != nil {
		s.memberActionFailed(w, r, o, p, err)
		return
	}
	s.setFlash(r, "orgmembers.removed")
	if m.UserID == p.User.ID && !p.IsPlatformAdmin() {
		// Those who remove themselves lose access to the members page.
		s.redirect(w, r, orgPath(o.ID, ""))
		return
	}
	s.redirect(w, r, orgPath(o.ID, "/medlemmer"))
}

// handleMemberInvite e-mails a one-time invitation link. Only the hash of
// the secret is stored; the role travels in the token's Data.
func (s *Server) handleMemberInvite(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	o, p, ok := s.loadOrg(w, r, canManage)
	if !ok {
		return
	}
	email, err := samspil.NormaliseEmail(f.Get("email"))
	if err != nil {
		f.SetErrors(orgFieldError("email", err))
	}
	role := samspil.Role(f.Get("role"))
	if role != samspil.RoleAdmin && role != samspil.RoleMember {
		f.AddError("role", "orgmembers.role.invalid", nil)
	}
	if f.Valid() {
		if u, err := s.store.FindUserByEmail(r.Context(), email); err == nil {
			if m, err := s.store.FindMembership(r.Context(), u.ID, o.ID); err == nil && m.Status == samspil.MembershipActive {
				f.AddError("email", "orgmembers.invite.already_member", nil)
			}
		}
	}
	if !f.Valid() {
		d, derr := s.orgMembersData(r, o, p, f)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "org_members", d)
		return
	}
	secret, hash := password.NewSecret("inv_")
	tok := &samspil.OneTimeToken{Hash: hash, Purpose: samspil.TokenInvitation, Email: email, OrganisationID: o.ID,
		Data: string(role), ExpiresAt: s.now().Add(samspil.InvitationTokenTTL)}
	if err := s.store.CreateToken(r.Context(), tok); err != nil {
		s.fail(w, r, err)
		return
	}
	inviter := p.User.Name
	if inviter == "" {
		inviter = p.User.Email
	}
	msg := mail.Invitation(s.lang(r), email, o.Name, inviter, s.link("/invitation/"+secret, nil))
	if err := s.mailer.Send(r.Context(), msg); err != nil {
		s.logger.ErrorContext(r.Context(), "send invitation", slog.Int64("org", o.ID), slog.Any("err", err))
		s.fail(w, r, samspil.Errorf(samspil.EINTERNAL, "orgform.mail_failed", "the e-mail could not be sent"))
		return
	}
	s.setFlash(r, "orgmembers.invited")
	s.redirect(w, r, orgPath(o.ID, "/medlemmer"))
}

// fieldError turns a plain validation error into one on a named field.
func orgFieldError(field string, err error) error {
	e, ok := samspil.AsError(err)
	if !ok || len(e.Fields) > 0 {
		return err
	}
	return &samspil.Error{Code: e.Code, Key: e.Key, Message: e.Message,
		Fields: []samspil.FieldError{{Field: field, Key: e.Key, Message: e.Message, Args: e.Args}}}
}
