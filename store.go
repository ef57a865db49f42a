package samspil

import (
	"context"
	"time"
)

// Store is everything the web layer, the API, the importers and the jobs
// need from storage. sqlstore implements it on SQLite and PostgreSQL; there
// is deliberately no in-memory or mock implementation.
type Store interface {
	OrganisationService
	UserService
	MembershipService
	AuthService
	AuditService
	ReferenceService
	OpportunityService
	InterestService
	PartnershipService
	NotificationService
	SearchService
	SavedSearchService
	MatchSource
	AttachmentService
	CaseService
	GuideService
	QuestionService
	StrategyService
	FollowService
	TenderService
	PurchaseService
	ProcurementService
	OutcomeContractService

	// Sessions returns the session store for the web session manager.
	Sessions() SessionStore
	// Ping checks that the database answers (for /healthz).
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}

// Clock gives "now". It is injected so deadlines, reminders and audit
// stamps are deterministic in tests; production uses SystemClock.
type Clock func() time.Time

// SystemClock is the real time in UTC.
func SystemClock() time.Time { return time.Now().UTC() }
