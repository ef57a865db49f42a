package samspil

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person with an account. Rights come from IsAdmin (the national
// secretariat) and from active memberships of organisations.
type User struct {
	ID               int64      `json:"id"`
	Email            string     `json:"email"`
	Name             string     `json:"name"`
	PasswordHash     string     `json:"-"` // argon2id PHC string; never leaves the server
	EmailConfirmedAt *time.Time `json:"email_confirmed_at,omitempty"`
	// PasswordChangedAt is set by the store whenever the password changes;
	// sessions signed in before it are no longer accepted.
	PasswordChangedAt *time.Time `json:"-"`
	IsAdmin           bool       `json:"is_admin"`
	// IsEditor lets a member of the national secretariat edit the guide and
	// review cases without the other platform-admin rights.
	IsEditor  bool      `json:"is_editor"`
	Locale    string    `json:"locale"` // "da" or "en"
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Confirmed reports whether the user has confirmed the e-mail address.
func (u *User) Confirmed() bool { return u.EmailConfirmedAt != nil }

// MinPasswordLen follows current guidance (NIST SP 800-63B): length over
// composition rules.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// NormaliseEmail trims and lower-cases an address and checks its form, so an
// account cannot be registered twice with different capitalisation.
func NormaliseEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", Errorf(EINVALID, "email.required", "the e-mail address is required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", Errorf(EINVALID, "email.invalid", "the e-mail address is not valid")
	}
	return s, nil
}

// CheckPassword enforces the length rules on a new password.
func CheckPassword(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		return &Error{Code: EINVALID, Key: "password.too_short", Message: "the password is too short", Args: map[string]any{"Min": MinPasswordLen}}
	case n > MaxPasswordLen:
		return &Error{Code: EINVALID, Key: "password.too_long", Message: "the password is too long", Args: map[string]any{"Max": MaxPasswordLen}}
	}
	return nil
}

// UserFilter selects users for the admin list.
type UserFilter struct {
	Query  string // e-mail or name contains
	Offset int
	Limit  int
}

// UserUpdate changes a user; nil fields are left as they are.
type UserUpdate struct {
	Name             *string
	PasswordHash     *string
	EmailConfirmedAt *time.Time
	IsAdmin          *bool
	IsEditor         *bool
	Locale           *string
}

// UserService stores accounts.
type UserService interface {
	// CreateUser normalises the e-mail, sets ID and times. EINVALID for a bad
	// e-mail or empty password hash, ECONFLICT when the e-mail is taken.
	CreateUser(ctx context.Context, u *User) error
	// FindUserByID returns ENOTFOUND when no user has id.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByEmail matches the normalised address; ENOTFOUND otherwise.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers returns a page of users and the total.
	FindUsers(ctx context.Context, filter UserFilter) ([]*User, int, error)
	// UpdateUser applies upd. ENOTFOUND.
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)
}

// Role is a member's role in an organisation.
type Role string

// The membership roles: admins manage the profile and members.
const (
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

// MembershipStatus tracks a request to join or an invitation.
type MembershipStatus string

// Membership states: pending until an organisation admin (or, for the first
// member of a municipality, a platform admin) approves.
const (
	MembershipPending MembershipStatus = "pending"
	MembershipActive  MembershipStatus = "active"
)

// Membership links a user to an organisation with a role.
type Membership struct {
	ID             int64            `json:"id"`
	UserID         int64            `json:"user_id"`
	OrganisationID int64            `json:"organisation_id"`
	Role           Role             `json:"role"`
	Status         MembershipStatus `json:"status"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`

	// Joined for display by FindMemberships.
	UserEmail        string  `json:"user_email,omitempty"`
	UserName         string  `json:"user_name,omitempty"`
	OrganisationName string  `json:"organisation_name,omitempty"`
	OrganisationKind OrgKind `json:"organisation_kind,omitempty"`
}

// MembershipFilter selects memberships; zero fields do not filter.
type MembershipFilter struct {
	UserID         int64
	OrganisationID int64
	Status         MembershipStatus
	Role           Role
	// PendingWithoutAdmin selects pending requests to join organisations
	// that have no active admin yet (a municipality's first staff member, an
	// imported SØV): the queue a platform admin approves.
	PendingWithoutAdmin bool
	Offset              int
	Limit               int
}

// MembershipService stores memberships.
type MembershipService interface {
	// CreateMembership stores m. EINVALID for a bad role or status,
	// ENOTFOUND for an unknown user or organisation, ECONFLICT when the user
	// already has a membership (pending or active) of that organisation.
	CreateMembership(ctx context.Context, m *Membership) error
	// FindMembership returns the user's membership of the organisation, or ENOTFOUND.
	FindMembership(ctx context.Context, userID, orgID int64) (*Membership, error)
	// FindMembershipByID returns ENOTFOUND when no membership has id.
	FindMembershipByID(ctx context.Context, id int64) (*Membership, error)
	// FindMemberships returns a page and the total.
	FindMemberships(ctx context.Context, filter MembershipFilter) ([]*Membership, int, error)
	// UpdateMembership changes role and/or status. ENOTFOUND, EINVALID, and
	// ECONFLICT when the change would leave an organisation that has active
	// members without an active admin.
	UpdateMembership(ctx context.Context, id int64, role *Role, status *MembershipStatus) (*Membership, error)
	// DeleteMembership removes it. ENOTFOUND; ECONFLICT when it is the last
	// active admin of an organisation that still has other active members.
	DeleteMembership(ctx context.Context, id int64) error
}
