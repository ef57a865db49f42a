// Package jobs runs Samspil's background work. The work itself is written
// as plain, idempotent functions over samspil.Store (easy to test with an
// injected clock); Start schedules them.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

// RemindAgain is how long after a reminder a still-stale profile is
// reminded again.
const RemindAgain = 30 * 24 * time.Hour

// ProfileEditPath is the page an admin opens from the reminder, relative to
// the base URL; %d is the organisation ID.
const ProfileEditPath = "/organisationer/%d/rediger"

// RemindStaleProfiles e-mails the active admins of every organisation whose
// profile has not been updated for samspil.StaleAfter, unless they were
// reminded less than RemindAgain ago, and records the reminder with
// MarkReminded. It returns the number of e-mails sent.
//
// It is idempotent: the reminder time stored on the organisation is the
// durable state, so running it again (after a crash, or on a second server)
// sends nothing new for organisations already marked. An organisation
// without active, confirmed admins is marked too, so it is not looked at on
// every run; an organisation whose e-mails all failed is not marked, so the
// next run tries again. Failures are joined into the returned error; the
// sweep continues past them.
func RemindStaleProfiles(ctx context.Context, store samspil.Store, sender mail.Sender, baseURL string, now time.Time) (sent int, err error) {
	staleBefore := now.Add(-samspil.StaleAfter)
	remindedBefore := now.Add(-RemindAgain)
	baseURL = strings.TrimRight(baseURL, "/")
	var errs []error
	// Marking an organisation changes only its reminder time, never
	// updated_at, so paging over the stale set stays stable while we work.
	for offset := 0; ; {
		orgs, total, err := store.FindOrganisations(ctx, samspil.OrganisationFilter{
			StaleBefore: &staleBefore, Sort: "name", Offset: offset, Limit: samspil.MaxPageSize,
		})
		if err != nil {
			return sent, errors.Join(append(errs, fmt.Errorf("find stale organisations: %w", err))...)
		}
		for _, o := range orgs {
			if err := ctx.Err(); err != nil {
				return sent, errors.Join(append(errs, err)...)
			}
			if o.RemindedAt != nil && o.RemindedAt.After(remindedBefore) {
				continue
			}
			n, err := remindOrganisation(ctx, store, sender, baseURL, o)
			sent += n
			if err != nil {
				errs = append(errs, fmt.Errorf("organisation %d: %w", o.ID, err))
			}
		}
		offset += len(orgs)
		if len(orgs) == 0 || offset >= total {
			break
		}
	}
	return sent, errors.Join(errs...)
}

// remindOrganisation mails the organisation's admins and marks it.
func remindOrganisation(ctx context.Context, store samspil.Store, sender mail.Sender, baseURL string, o *samspil.Organisation) (int, error) {
	admins, err := activeAdmins(ctx, store, o.ID)
	if err != nil {
		return 0, err
	}
	link := baseURL + fmt.Sprintf(ProfileEditPath, o.ID)
	sent := 0
	var errs []error
	for _, u := range admins {
		if err := sender.Send(ctx, mail.StaleProfile(u.Locale, u.Email, o.Name, link)); err != nil {
			errs = append(errs, fmt.Errorf("send to user %d: %w", u.ID, err))
			continue
		}
		sent++
	}
	if len(admins) > 0 && sent == 0 {
		return 0, errors.Join(errs...) // nobody heard: try again next run
	}
	if err := store.MarkReminded(ctx, o.ID); err != nil {
		errs = append(errs, fmt.Errorf("mark reminded: %w", err))
	}
	return sent, errors.Join(errs...)
}

// activeAdmins returns the confirmed users who are active admins of orgID.
func activeAdmins(ctx context.Context, store samspil.Store, orgID int64) ([]*samspil.User, error) {
	var users []*samspil.User
	for offset := 0; ; {
		ms, total, err := store.FindMemberships(ctx, samspil.MembershipFilter{
			OrganisationID: orgID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive,
			Offset: offset, Limit: samspil.MaxPageSize,
		})
		if err != nil {
			return nil, fmt.Errorf("find admins: %w", err)
		}
		for _, m := range ms {
			u, err := store.FindUserByID(ctx, m.UserID)
			if err != nil {
				return nil, fmt.Errorf("find user %d: %w", m.UserID, err)
			}
			if u.Confirmed() {
				users = append(users, u)
			}
		}
		offset += len(ms)
		if len(ms) == 0 || offset >= total {
			return users, nil
		}
	}
}
