package samspil

import (
	"context"
	"time"
)

// NotificationKind says what happened; with Args it is rendered in the
// reader's language when shown, so a notification is stored once.
type NotificationKind string

// The notification kinds of the opportunity board.
const (
	NoteInterestReceived NotificationKind = "interest_received" // to the opportunity's organisation
	NoteInterestAccepted NotificationKind = "interest_accepted" // to the interested organisation
	NoteInterestDeclined NotificationKind = "interest_declined" // to the interested organisation
	NotePartnershipNew   NotificationKind = "partnership_new"   // to both parties when an interest is accepted
)

// Notification is one message in a person's in-platform inbox. It is also
// e-mailed once by a background job (EmailedAt records that).
type Notification struct {
	ID        int64             `json:"id"`
	UserID    int64             `json:"user_id"`
	Kind      NotificationKind  `json:"kind"`
	Args      map[string]string `json:"args"` // e.g. "Opportunity": title, "Organisation": name
	Link      string            `json:"link"` // a site-relative path, e.g. "/muligheder/12"
	CreatedAt time.Time         `json:"created_at"`
	ReadAt    *time.Time        `json:"read_at,omitempty"`
	EmailedAt *time.Time        `json:"-"`
}

// NotificationFilter selects a person's notifications.
type NotificationFilter struct {
	UserID        int64
	UnreadOnly    bool
	Offset, Limit int
}

// NotificationService is the in-platform inbox and the outbox of e-mails.
type NotificationService interface {
	// FindNotifications returns one page, newest first, and the total.
	FindNotifications(ctx context.Context, f NotificationFilter) ([]*Notification, int, error)
	// CountUnreadNotifications is the number shown next to the bell.
	CountUnreadNotifications(ctx context.Context, userID int64) (int, error)
	// MarkNotificationsRead marks the given notifications of userID read;
	// no ids marks all of them. Other people's ids are ignored.
	MarkNotificationsRead(ctx context.Context, userID int64, ids ...int64) error
	// PendingNotificationEmails returns up to limit notifications not yet
	// e-mailed, oldest first, with their recipients.
	PendingNotificationEmails(ctx context.Context, limit int) ([]*PendingEmail, error)
	// MarkNotificationsEmailed records that these were e-mailed.
	MarkNotificationsEmailed(ctx context.Context, ids ...int64) error
}

// PendingEmail is a notification with the address and language of the
// person it is for, so the mailer needs no further lookups.
type PendingEmail struct {
	Notification *Notification
	Email        string
	Name         string
	Locale       string
}
