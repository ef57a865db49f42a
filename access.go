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

// IsEditor reports whether the principal may edit the guide and review
// cases: platform admins and the secretariat's editors.
func (p *Principal) IsEditor() bool {
	return p.IsPlatformAdmin() || (p != nil && p.User != nil && p.User.IsEditor)
}

// IsMunicipal reports whether the principal is municipal staff (an active
// member of a kommune organisation) or from the secretariat: the people
// who may ask questions and read municipality-only ones.
func (p *Principal) IsMunicipal() bool {
	if p.IsEditor() {
		return true
	}
	if p == nil {
		return false
	}
	for _, m := range p.Memberships {
		if m.Status == MembershipActive && m.OrganisationKind == OrgKommune {
			return true
		}
	}
	return false
}

// MunicipalOrganisations returns the ids of the kommune organisations the
// principal is an active member of, for choosing who a question is asked for.
func (p *Principal) MunicipalOrganisations() []int64 {
	if p == nil {
		return nil
	}
	var ids []int64
	for _, m := range p.Memberships {
		if m.Status == MembershipActive && m.OrganisationKind == OrgKommune {
			ids = append(ids, m.OrganisationID)
		}
	}
	return ids
}

// CanEditCase allows the members of the case's organisation and platform
// admins to change it, submit it, withdraw it and manage its files.
func (p *Principal) CanEditCase(c *Case) bool {
	return p.IsPlatformAdmin() || p.IsMember(c.OrganisationID)
}

// CanViewCase lets everyone read a published case; drafts and cases in
// review are seen by their organisation and the secretariat only.
func (p *Principal) CanViewCase(c *Case) bool {
	return c.Status == CasePublished || p.CanEditCase(c) || p.IsEditor()
}

// CanViewQuestion hides municipality-only questions from everyone but
// municipal staff and the secretariat.
func (p *Principal) CanViewQuestion(q *Question) bool {
	return q.Visibility == QuestionPublic || p.IsMunicipal()
}

// CanAcceptAnswer lets the asker (and platform admins) mark the accepted answer.
func (p *Principal) CanAcceptAnswer(q *Question) bool {
	return p.IsPlatformAdmin() || (p != nil && p.User != nil && p.User.ID == q.AuthorID)
}

// CanEditStrategy allows the municipality organisation's admins and
// platform admins to record its strategy, as for its coordination unit.
func (p *Principal) CanEditStrategy(municipalityOrgID int64) bool {
	return p.CanEditOrganisation(municipalityOrgID)
}
