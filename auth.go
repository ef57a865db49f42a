package samspil

import (
	"context"
	"time"
)

// TokenPurpose says what a one-time e-mail token may be used for, so a
// password-reset link can never confirm an address or accept an invitation.
type TokenPurpose string

// One-time token purposes.
const (
	TokenConfirmEmail  TokenPurpose = "confirm_email"
	TokenResetPassword TokenPurpose = "reset_password"
	TokenInvitation    TokenPurpose = "invitation" // join an organisation; Data holds the membership role
)

// Token lifetimes.
const (
	ConfirmTokenTTL    = 72 * time.Hour
	ResetTokenTTL      = 1 * time.Hour
	InvitationTokenTTL = 14 * 24 * time.Hour
)

// OneTimeToken is a secret sent by e-mail. Only the SHA-256 hash of the
// secret is stored, so a copy of the database cannot be used to take over
// accounts.
type OneTimeToken struct {
	ID             int64
	Hash           string // hex SHA-256 of the secret
	Purpose        TokenPurpose
	UserID         int64  // 0 for invitations of people without an account
	Email          string // the address the token was sent to
	OrganisationID int64  // invitations only
	Data           string // purpose-specific, e.g. the invited role
	ExpiresAt      time.Time
	CreatedAt      time.Time
}

// APIToken is a personal token for writes through the JSON API. Like
// one-time tokens only the hash is stored; the secret is shown once.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Hash       string     `json:"-"`
	Prefix     string     `json:"prefix"` // first characters of the secret, to tell tokens apart
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// AuthService stores the secrets and counters that sign-in needs.
type AuthService interface {
	// CreateToken stores t and sets ID and CreatedAt. EINVALID for an empty hash.
	CreateToken(ctx context.Context, t *OneTimeToken) error
	// ConsumeToken finds the unexpired token with this hash and purpose and
	// deletes it in the same transaction, so a link works once. ENOTFOUND
	// when it does not exist, was used or has expired.
	ConsumeToken(ctx context.Context, purpose TokenPurpose, hash string) (*OneTimeToken, error)

	// CreateAPIToken stores t. EINVALID for an empty name or hash.
	CreateAPIToken(ctx context.Context, t *APIToken) error
	// FindAPITokenByHash returns the token and updates LastUsedAt. ENOTFOUND.
	FindAPITokenByHash(ctx context.Context, hash string) (*APIToken, error)
	// FindAPITokens lists a user's tokens, newest first.
	FindAPITokens(ctx context.Context, userID int64) ([]*APIToken, error)
	// DeleteAPIToken removes a user's token. ENOTFOUND when the token does
	// not exist or belongs to another user.
	DeleteAPIToken(ctx context.Context, userID, id int64) error

	// RecordLoginFailure counts a failed sign-in for each key (e.g.
	// "email:x@y.dk", "ip:192.0.2.1"). Counters live in the database so a
	// limit holds across several app servers.
	RecordLoginFailure(ctx context.Context, keys ...string) error
	// CountLoginFailures counts failures for key since the given time.
	CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	// ClearLoginFailures forgets the failures for key after a good sign-in.
	ClearLoginFailures(ctx context.Context, key string) error
}

// SessionStore keeps web sessions in the database. Its shape is the store
// interface of github.com/alexedwards/scs/v2, so the web layer can hand the
// store straight to the session manager.
type SessionStore interface {
	Find(token string) (b []byte, found bool, err error)
	Commit(token string, b []byte, expiry time.Time) error
	Delete(token string) error
}

// AuditEvent is an append-only record of a change: who did what to which
// thing, with the state before and after as JSON.
type AuditEvent struct {
	ID         int64     `json:"id"`
	ActorID    int64     `json:"actor_id"` // 0 for the system (importers, jobs)
	Action     string    `json:"action"`   // e.g. "organisation.update"
	EntityType string    `json:"entity_type"`
	EntityID   int64     `json:"entity_id"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// AuditFilter selects audit events, newest first.
type AuditFilter struct {
	EntityType string
	EntityID   int64
	ActorID    int64
	Offset     int
	Limit      int
}

// AuditService reads the audit log. The store writes it itself, in the same
// transaction as each change, with the actor taken from the context.
type AuditService interface {
	FindAuditEvents(ctx context.Context, filter AuditFilter) ([]*AuditEvent, int, error)
}

type actorKey struct{}

// WithActor returns a context that names the user responsible for the
// changes made with it; the store records that user in the audit log.
func WithActor(ctx context.Context, userID int64) context.Context {
	return context.WithValue(ctx, actorKey{}, userID)
}

// ActorFrom returns the user set by WithActor, or 0 for the system.
func ActorFrom(ctx context.Context) int64 {
	id, _ := ctx.Value(actorKey{}).(int64)
	return id
}
