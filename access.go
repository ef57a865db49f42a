package samspil

// Principal is the signed-in person as the rights checks see them: the user
// and their active memberships. Web pages and the API ask the same methods,
// so a rule is written once.
type Principal struct {
	User        *User
	Memberships []*Membership // active memberships only
}

// IsPlatformAdmin reports whether the principal belongs to the national
// secretariat.
func (p *Principal) IsPlatformAdmin() bool {
	return p != nil && p.User != nil && p.User.IsAdmin
}

// Role returns the principal's active role in an organisation, or "".
func (p *Principal) Role(orgID int64) Role {
	if p == nil {
		return ""
	}
	for _, m := range p.Memberships {
		if m.OrganisationID == orgID && m.Status == MembershipActive {
			return m.Role
		}
	}
	return ""
}

// IsMember reports whether the principal is an active member (any role).
func (p *Principal) IsMember(orgID int64) bool { return p.Role(orgID) != "" }

// CanEditOrganisation allows an organisation's own admins and platform
// admins to change its profile and coordination unit.
func (p *Principal) CanEditOrganisation(orgID int64) bool {
	return p.IsPlatformAdmin() || p.Role(orgID) == RoleAdmin
}

// CanManageMembers allows the same people to approve, invite and remove members.
func (p *Principal) CanManageMembers(orgID int64) bool { return p.CanEditOrganisation(orgID) }

// Require returns EUNAUTHORIZED for an anonymous caller and EFORBIDDEN when
// ok is false, so handlers state a rule in one line.
func (p *Principal) Require(ok bool) error {
	if p == nil || p.User == nil {
		return Errorf(EUNAUTHORIZED, "error.unauthorized", "please sign in")
	}
	if !ok {
		return Errorf(EFORBIDDEN, "error.forbidden", "you do not have access to this")
	}
	return nil
}
