package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

// The opportunity board's background work: closing expired opportunities,
// e-mailing notifications and sending the saved-search digests. Each is a
// plain, idempotent function over the store with an injected time; board
// workers in boardjobs.go schedule them on the queue.

// Paths of the pages the board e-mails link to, relative to the base URL.
const (
	OpportunityPath   = "/muligheder/%d"
	SearchPath        = "/soeg"
	SavedSearchesPath = "/gemte-soegninger"
)

// CloseExpiredOpportunities closes every open opportunity whose deadline
// has passed at now and returns how many it closed. Running it twice is
// harmless: closed ones are not open any more.
func CloseExpiredOpportunities(ctx context.Context, store samspil.Store, now time.Time) (int, error) {
	return store.CloseExpiredOpportunities(ctx, now)
}

// NotificationBatch is how many notifications one round of the mailer
// takes from the outbox.
const NotificationBatch = 100

// GiveUpAfter is how long the mailer keeps trying a notification whose
// e-mail keeps failing; after that it is marked e-mailed (it stays in the
// person's inbox), so one bad address cannot hold up the outbox, which is
// read oldest first.
const GiveUpAfter = 72 * time.Hour

// SendNotificationEmails e-mails every notification not yet e-mailed, each
// in its recipient's language, and records each one as e-mailed right
// after its message was accepted by the mail server. A crash between the
// two can repeat one e-mail; nothing else is sent twice, and a restart or a
// second server picks up exactly the rest (at-least-once, at most one
// duplicate per crash). Failed sends stay pending for the next run, unless
// older than GiveUpAfter; their errors are joined into the returned error.
func SendNotificationEmails(ctx context.Context, store samspil.Store, sender mail.Sender, baseURL string, now time.Time) (sent int, err error) {
	var errs []error
	failed := map[int64]bool{} // failed this run: not retried until the next run
	for {
		batch, err := store.PendingNotificationEmails(ctx, NotificationBatch+len(failed))
		if err != nil {
			return sent, errors.Join(append(errs, fmt.Errorf("pending notification e-mails: %w", err))...)
		}
		progress := false
		for _, p := range batch {
			n := p.Notification
			if failed[n.ID] {
				continue
			}
			if err := ctx.Err(); err != nil {
				return sent, errors.Join(append(errs, err)...)
			}
			progress = true
			msg, ok := mail.Notification(p.Locale, p.Email, p.Name, n, baseURL)
			if ok && strings.TrimSpace(p.Email) != "" {
				if err := sender.Send(ctx, msg); err != nil {
					errs = append(errs, fmt.Errorf("notification %d: %w", n.ID, err))
					if now.Sub(n.CreatedAt) < GiveUpAfter {
						failed[n.ID] = true
						continue
					}
					// Given up: fall through and mark it.
				} else {
					sent++
				}
			}
			if err := store.MarkNotificationsEmailed(ctx, n.ID); err != nil {
				return sent, errors.Join(append(errs, fmt.Errorf("mark notification %d e-mailed: %w", n.ID, err))...)
			}
		}
		if !progress || len(batch) < NotificationBatch+len(failed) {
			return sent, errors.Join(errs...)
		}
	}
}

// Digest limits: how many new opportunities one saved search lists, how
// many search pages are read per saved search, and how many saved searches
// are read per round.
const (
	DigestItemsPerSearch = 10
	digestPerPage        = 50
	digestMaxPages       = 20
	digestBatch          = 500
)

// DigestMinGap is the least time between two digests of one saved search,
// so the job may run at start-up and again on schedule without e-mailing
// anyone twice a day.
const DigestMinGap = 12 * time.Hour

// SendDigests sends each person with saved searches that have the daily
// digest on (and had none for DigestMinGap) one e-mail listing the
// opportunities posted since that search's last digest, per search, and
// moves every processed search's LastDigestAt to now (also when nothing
// was new). People with nothing new get no
// e-mail. When an e-mail fails, that person's searches are not marked, so
// the next run includes the same opportunities again. It returns the
// number of e-mails sent.
func SendDigests(ctx context.Context, store samspil.Store, sender mail.Sender, baseURL string, now time.Time) (sent int, err error) {
	baseURL = strings.TrimRight(baseURL, "/")
	var errs []error
	done := map[int64]bool{} // saved searches handled (or failed) this run
	for {
		searches, err := store.FindDigestSavedSearches(ctx, now.Add(-DigestMinGap), digestBatch+len(done))
		if err != nil {
			return sent, errors.Join(append(errs, fmt.Errorf("find digest searches: %w", err))...)
		}
		// Group by person; the store orders by user.
		var order []int64
		byUser := map[int64][]*samspil.SavedSearch{}
		for _, s := range searches {
			if done[s.ID] {
				continue
			}
			done[s.ID] = true
			if _, ok := byUser[s.UserID]; !ok {
				order = append(order, s.UserID)
			}
			byUser[s.UserID] = append(byUser[s.UserID], s)
		}
		if len(order) == 0 {
			return sent, errors.Join(errs...)
		}
		for _, uid := range order {
			if err := ctx.Err(); err != nil {
				return sent, errors.Join(append(errs, err)...)
			}
			ok, err := digestForUser(ctx, store, sender, baseURL, now, uid, byUser[uid])
			if ok {
				sent++
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("digest for user %d: %w", uid, err))
			}
		}
	}
}

// digestForUser builds and sends one person's digest and marks their
// searches. sent reports whether an e-mail went out.
func digestForUser(ctx context.Context, store samspil.Store, sender mail.Sender, baseURL string, now time.Time, userID int64, searches []*samspil.SavedSearch) (sent bool, err error) {
	u, err := store.FindUserByID(ctx, userID)
	if err != nil {
		return false, err
	}
	var sections []mail.DigestSearch
	var errs []error
	var ok []*samspil.SavedSearch // searches that ran and may be marked
	for _, s := range searches {
		sec, err := digestSection(ctx, store, baseURL, s)
		if err != nil {
			if samspil.ErrorCode(err) == samspil.EINVALID {
				// A saved query that no longer parses (a facet value that
				// was removed): nothing can be found for it; move on.
				ok = append(ok, s)
			}
			errs = append(errs, fmt.Errorf("saved search %d: %w", s.ID, err))
			continue
		}
		ok = append(ok, s)
		if len(sec.Items) > 0 {
			sections = append(sections, sec)
		}
	}
	if len(sections) > 0 && u.Confirmed() {
		msg := mail.Digest(u.Locale, u.Email, u.Name, sections, baseURL+SavedSearchesPath)
		if err := sender.Send(ctx, msg); err != nil {
			return false, errors.Join(append(errs, err)...) // nothing marked: next run sends it
		}
		sent = true
	}
	for _, s := range ok {
		if err := store.MarkDigestSent(ctx, s.ID, now); err != nil {
			errs = append(errs, fmt.Errorf("mark saved search %d: %w", s.ID, err))
		}
	}
	return sent, errors.Join(errs...)
}

// digestSection runs one saved search for open opportunities, newest
// first, and keeps those posted after its LastDigestAt.
func digestSection(ctx context.Context, store samspil.Store, baseURL string, s *samspil.SavedSearch) (mail.DigestSearch, error) {
	sec := mail.DigestSearch{Name: s.Name}
	vals, err := url.ParseQuery(s.Query)
	if err != nil {
		return sec, samspil.Errorf(samspil.EINVALID, "search.query.invalid", "the saved query cannot be read: %v", err)
	}
	q, err := samspil.ParseSearchQuery(vals)
	if err != nil {
		return sec, err
	}
	q.Types = []samspil.SearchType{samspil.SearchOpportunity}
	q.OpenOnly = true
	q.Sort = samspil.SortNewest
	q.PerPage = digestPerPage
	sec.Link = baseURL + SearchPath + "?" + q.Encode()
	var since time.Time
	if s.LastDigestAt != nil {
		since = *s.LastDigestAt
	}
	for page := 1; page <= digestMaxPages; page++ {
		q.Page = page
		res, err := store.Search(ctx, q)
		if err != nil {
			return sec, err
		}
		ids := make([]int64, 0, len(res.Items))
		older := false
		for _, h := range res.Items {
			if h.Type != samspil.SearchOpportunity {
				continue
			}
			ids = append(ids, h.ID)
			// Sorted newest first: an item not changed since the last
			// digest means every later one was posted before it too.
			if !h.UpdatedAt.IsZero() && !h.UpdatedAt.After(since) {
				older = true
			}
		}
		if len(ids) > 0 {
			opps, _, err := store.FindOpportunities(ctx, samspil.OpportunityFilter{IDs: ids, Limit: len(ids)})
			if err != nil {
				return sec, err
			}
			byID := make(map[int64]*samspil.Opportunity, len(opps))
			for _, o := range opps {
				byID[o.ID] = o
			}
			for _, id := range ids { // keep the search's order
				o := byID[id]
				if o == nil || o.Status != samspil.OppOpen || !o.CreatedAt.After(since) {
					continue
				}
				if len(sec.Items) == DigestItemsPerSearch {
					sec.More++
					continue
				}
				sec.Items = append(sec.Items, mail.DigestItem{
					Title: o.Title, Organisation: o.OrganisationName, Snippet: snippet(o.Description, 160),
					Link: baseURL + fmt.Sprintf(OpportunityPath, o.ID),
				})
			}
		}
		if older || len(res.Items) < q.PerPage || page*q.PerPage >= res.Total {
			break
		}
	}
	return sec, nil
}

// snippet cuts text to about n characters at a word boundary.
func snippet(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}
