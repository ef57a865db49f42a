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

// The notification kinds of the knowledge platform. The first four are
// e-mailed one by one; the follow kinds are Digest notifications.
const (
	NoteCaseSubmitted  NotificationKind = "case_submitted"  // to editors: a case awaits review
	NoteCasePublished  NotificationKind = "case_published"  // to the case's organisation
	NoteCaseReturned   NotificationKind = "case_returned"   // to the case's organisation, with the note
	NoteAnswerAccepted NotificationKind = "answer_accepted" // to the answer's author
	NoteFollowCase     NotificationKind = "follow_case"     // a case was published in a followed municipality or tag
	NoteFollowQuestion NotificationKind = "follow_question" // a question with a followed tag was asked
	NoteFollowAnswer   NotificationKind = "follow_answer"   // a followed question got an answer
	NoteFollowGuide    NotificationKind = "follow_guide"    // a followed guide chapter changed
	NoteFollowStrategy NotificationKind = "follow_strategy" // a followed municipality saved its strategy
)

// The procurement kinds (issue 5). Args carry "Tender" (title) and, where
// it applies, "Buyer" (the municipality's name) or "Note".
const (
	NoteTenderNew         NotificationKind = "tender_new"         // to a matching supplier: a tender that fits you
	NoteTenderReminder    NotificationKind = "tender_reminder"    // to a supplier that has not answered yet
	NoteTenderAmended     NotificationKind = "tender_amended"     // to suppliers that opened it or showed interest, and followers
	NoteTenderCancelled   NotificationKind = "tender_cancelled"   // the same people, with the reason
	NoteTenderAnswer      NotificationKind = "tender_answer"      // a clarification was answered (to all interested at once)
	NoteTenderQuestion    NotificationKind = "tender_question"    // to the buyer: a new clarification question
	NoteTenderInterest    NotificationKind = "tender_interest"    // to the buyer: a supplier registered interest
	NoteTenderAwarded     NotificationKind = "tender_awarded"     // to the winning suppliers
	NotePurchasesImported NotificationKind = "purchases_imported" // to the municipality's members: a spend import finished
)

// The payment-by-result kinds (issue 6). Args carry "Contract" (title) and,
// where it applies, "Number" (amendment or statement), "Count" or "Note".
const (
	NotePbrApprovalWanted  NotificationKind = "pbr_approval_wanted"  // to the other party: a draft contract awaits its approval
	NotePbrActive          NotificationKind = "pbr_active"           // to both parties: the contract is approved and locked
	NotePbrAmendment       NotificationKind = "pbr_amendment"        // to the other party: an amendment awaits its approval
	NotePbrAmendmentDone   NotificationKind = "pbr_amendment_done"   // to both parties: an amendment took effect
	NotePbrClaims          NotificationKind = "pbr_claims"           // to the commissioner: Count claims await a decision
	NotePbrClaimsDecided   NotificationKind = "pbr_claims_decided"   // to the provider: Count claims were decided
	NotePbrStatement       NotificationKind = "pbr_statement"        // to both parties: statement Number awaits approval
	NotePbrStatementClosed NotificationKind = "pbr_statement_closed" // to both parties: statement Number is approved by both
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
	// Digest notifications come from follows: they are e-mailed together
	// once a day (FollowService.PendingDigests), never one by one.
	Digest bool `json:"digest"`
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
	// e-mailed, oldest first, with their recipients. Digest notifications
	// are left to the daily digest.
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
