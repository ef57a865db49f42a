package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// RunCases runs the contract tests of the case library, attachments and
// the case and guide search documents against stores from open. The guide
// part of CaseSearchGuide needs a store seeded with GuideChapters; without
// chapters it is skipped.
func RunCases(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"CaseCreate", testCaseCreate},
		{"CaseCreateInvalid", testCaseCreateInvalid},
		{"CaseUpdate", testCaseUpdate},
		{"CaseLifecycle", testCaseLifecycle},
		{"CaseStateConflicts", testCaseStateConflicts},
		{"CaseConcurrentPublish", testCaseConcurrentPublish},
		{"CaseNotFound", testCaseNotFound},
		{"FindCases", testFindCases},
		{"CaseSearch", testCaseSearch},
		{"CaseSearchGuide", testCaseSearchGuide},
		{"Attachments", testAttachments},
		{"AttachmentsInvalid", testAttachmentsInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// caseFixture is a small world for cases: the municipality of København,
// a SØV with an admin and a plain member, a second SØV (a partner), an
// editor of the secretariat, a platform admin and an outsider.
type caseFixture struct {
	kommune, sov, partner        *samspil.Organisation
	sovAdmin, sovMember, outside *samspil.User
	editor, admin                *samspil.User
}

func newCaseFixture(t *testing.T, e *env) *caseFixture {
	t.Helper()
	f := &caseFixture{}
	var err error
	f.kommune, err = e.s.FindMunicipalityOrganisation(e.ctx, "0101")
	must(t, err)
	f.sov = newOrg(21, "Cykelværkstedet Fælleden")
	must(t, e.s.CreateOrganisation(e.ctx, f.sov))
	f.partner = newOrg(22, "Kantinen på Kajen")
	f.partner.MunicipalityCode = "0751"
	must(t, e.s.CreateOrganisation(e.ctx, f.partner))
	f.sovAdmin = newUser(t, e, "leder@cykel.dk")
	f.sovMember = newUser(t, e, "medarbejder@cykel.dk")
	f.outside = newUser(t, e, "udenfor@firma.dk")
	must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: f.sovAdmin.ID, OrganisationID: f.sov.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}))
	must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: f.sovMember.ID, OrganisationID: f.sov.ID, Role: samspil.RoleMember, Status: samspil.MembershipActive}))
	f.editor = &samspil.User{Email: "redaktoer@sekretariat.dk", Name: "Rita Redaktør", PasswordHash: "x", IsEditor: true}
	must(t, e.s.CreateUser(e.ctx, f.editor))
	f.admin = &samspil.User{Email: "admin@samspil.dk", Name: "Anders Admin", PasswordHash: "x", IsAdmin: true}
	must(t, e.s.CreateUser(e.ctx, f.admin))
	return f
}

func (f *caseFixture) as(e *env, u *samspil.User) context.Context {
	return samspil.WithActor(e.ctx, u.ID)
}

// newCase returns a complete case of the SØV, ready for review.
func (f *caseFixture) newCase(title string) *samspil.Case {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	pid := f.partner.ID
	return &samspil.Case{
		OrganisationID: f.sov.ID, Title: title,
		Summary:          "Kommunens tjenestecykler repareres af ledige i jobtræning.",
		Model:            samspil.ModelReserveretKontrakt,
		MunicipalityCode: "0101",
		Partners: []samspil.CasePartner{
			{OrganisationID: &pid, Name: "skrives over af profilen", Role: "kantine"},
			{Name: "Jobcenter København", Role: "visitation"},
		},
		PeriodStart: &start, PeriodEnd: &end,
		TargetGroups: []string{"udsatte_ledige", "handicap"},
		WhatWasDone:  "Vi **reparerede** 400 cykler om året og underviste i *cykelmekanik*.",
		Results: []samspil.CaseResult{
			{Metric: "Personer i ordinært job", Value: 12, Unit: "personer", Period: "2024"},
			{Metric: "Besparelse", Value: 0.5, Unit: "mio. kr.", Period: "2024–2025"},
		},
		Economy:      "Kontrakten var på 1,2 mio. kr. over to år.",
		ValueOre:     120_000_000,
		WorkedWell:   "Fast kontaktperson i kommunen.",
		WorkedLess:   "Lange ventetider på reservedele.",
		ContactName:  "Mette Hansen",
		ContactEmail: "Mette@Cykel.dk",
		ContactPhone: "12 34 56 78",
	}
}

// caseNotes returns the notifications of kind a user has, as "link|Case|digest".
func caseNotes(t *testing.T, e *env, u *samspil.User, kind samspil.NotificationKind) []string {
	t.Helper()
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, Limit: 100})
	must(t, err)
	var out []string
	for _, n := range ns {
		if n.Kind == kind {
			s := fmt.Sprintf("%s|%s|%v", n.Link, n.Args["Case"], n.Digest)
			if n.Args["Note"] != "" {
				s += "|" + n.Args["Note"]
			}
			out = append(out, s)
		}
	}
	return out
}

func testCaseCreate(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	c := f.newCase("  Cykelreparation til kommunen ")
	c.Status = samspil.CasePublished // ignored: new cases are drafts
	c.ReviewNote = "ignored"
	ctx := f.as(e, f.sovAdmin)
	must(t, e.s.CreateCase(ctx, c))
	if c.ID == 0 || c.Status != samspil.CaseDraft || c.ReviewNote != "" || c.Title != "Cykelreparation til kommunen" {
		t.Fatalf("created %+v", c)
	}
	if c.ContactEmail != "mette@cykel.dk" || !c.CreatedAt.Equal(Start) || c.CreatedBy != f.sovAdmin.ID || c.OrganisationName != f.sov.Name {
		t.Fatalf("created %+v", c)
	}
	got, err := e.s.FindCaseByID(e.ctx, c.ID)
	must(t, err)
	if got.Title != c.Title || got.Summary != c.Summary || got.Model != samspil.ModelReserveretKontrakt || got.MunicipalityCode != "0101" ||
		got.OrganisationID != f.sov.ID || got.OrganisationName != f.sov.Name || got.WhatWasDone != c.WhatWasDone ||
		got.Economy != c.Economy || got.ValueOre != 120_000_000 || got.WorkedWell != c.WorkedWell || got.WorkedLess != c.WorkedLess ||
		got.ContactName != "Mette Hansen" || got.ContactEmail != "mette@cykel.dk" || got.ContactPhone != "12 34 56 78" ||
		got.Status != samspil.CaseDraft || got.PublishedAt != nil || got.SubmittedAt != nil || !got.CreatedAt.Equal(Start) || !got.UpdatedAt.Equal(Start) {
		t.Fatalf("read back %+v", got)
	}
	if got.PeriodStart == nil || !got.PeriodStart.Equal(*c.PeriodStart) || got.PeriodEnd == nil || !got.PeriodEnd.Equal(*c.PeriodEnd) {
		t.Fatalf("period = %v–%v", got.PeriodStart, got.PeriodEnd)
	}
	if len(got.Partners) != 2 || got.Partners[0].OrganisationID == nil || *got.Partners[0].OrganisationID != f.partner.ID ||
		got.Partners[0].Name != f.partner.Name || got.Partners[0].Role != "kantine" ||
		got.Partners[1].OrganisationID != nil || got.Partners[1].Name != "Jobcenter København" {
		t.Fatalf("partners = %+v", got.Partners)
	}
	if len(got.Results) != 2 || got.Results[0] != c.Results[0] || got.Results[1].Value != 0.5 || got.Results[1].Period != "2024–2025" {
		t.Fatalf("results = %+v", got.Results)
	}
	if strings.Join(got.TargetGroups, ",") != "udsatte_ledige,handicap" {
		t.Fatalf("target groups = %v", got.TargetGroups)
	}
	if got.Attachments == nil || len(got.Attachments) != 0 {
		t.Fatalf("attachments = %v, want an empty list", got.Attachments)
	}
	// A partner's current profile name is shown.
	name := "Kantinen på Kajen ApS"
	_, err = e.s.UpdateOrganisation(e.ctx, f.partner.ID, samspil.OrganisationUpdate{Name: &name})
	must(t, err)
	got, err = e.s.FindCaseByID(e.ctx, c.ID)
	must(t, err)
	if got.Partners[0].Name != name {
		t.Fatalf("partner name = %q, want the profile's %q", got.Partners[0].Name, name)
	}
	events, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "case", EntityID: c.ID})
	must(t, err)
	if len(events) != 1 || events[0].Action != "case.create" || events[0].ActorID != f.sovAdmin.ID {
		t.Fatalf("audit = %+v", events)
	}
	// A minimal draft is fine: only review needs the rest.
	d := &samspil.Case{OrganisationID: f.sov.ID, Title: "Kladde", Model: samspil.ModelPilot, MunicipalityCode: "0101"}
	must(t, e.s.CreateCase(ctx, d))
	if d.Partners == nil || d.Results == nil {
		t.Fatalf("draft lists = %v %v", d.Partners, d.Results)
	}
}

func testCaseCreateInvalid(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	tests := []struct {
		name        string
		edit        func(c *samspil.Case)
		code, field string
		key         string
	}{
		{"no title", func(c *samspil.Case) { c.Title = "  " }, samspil.EINVALID, "title", "case.title.required"},
		{"bad model", func(c *samspil.Case) { c.Model = "udbud" }, samspil.EINVALID, "model", "case.model.invalid"},
		{"unknown municipality", func(c *samspil.Case) { c.MunicipalityCode = "9999" }, samspil.EINVALID, "municipality_code", "org.municipality.unknown"},
		{"unknown target group", func(c *samspil.Case) { c.TargetGroups = []string{"udsatte_ledige", "pirater"} }, samspil.EINVALID, "target_groups", "case.target_group.unknown"},
		{"period order", func(c *samspil.Case) { c.PeriodStart, c.PeriodEnd = c.PeriodEnd, c.PeriodStart }, samspil.EINVALID, "period_end", "case.period.order"},
		{"bad e-mail", func(c *samspil.Case) { c.ContactEmail = "ikke en adresse" }, samspil.EINVALID, "contact_email", "email.invalid"},
		{"negative value", func(c *samspil.Case) { c.ValueOre = -1 }, samspil.EINVALID, "value_ore", "case.value.range"},
		{"unknown organisation", func(c *samspil.Case) { c.OrganisationID = 999999 }, samspil.ENOTFOUND, "", "org.not_found"},
		{"unknown linked partner", func(c *samspil.Case) {
			id := int64(999999)
			c.Partners = append(c.Partners, samspil.CasePartner{OrganisationID: &id, Name: "Spøgelse"})
		}, samspil.ENOTFOUND, "", "case.partner.not_found"},
		{"unknown partnership", func(c *samspil.Case) { id := int64(999999); c.PartnershipID = &id }, samspil.ENOTFOUND, "", "partnership.not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := f.newCase("Ugyldig")
			tc.edit(c)
			err := e.s.CreateCase(f.as(e, f.sovAdmin), c)
			if tc.field != "" {
				wantField(t, err, tc.code, tc.field, tc.key)
			} else {
				wantCode(t, err, tc.code, tc.key)
			}
			if c.ID != 0 {
				t.Fatalf("failed create left ID %d", c.ID)
			}
		})
	}
	_, total, err := e.s.FindCases(e.ctx, samspil.CaseFilter{Statuses: []samspil.CaseStatus{samspil.CaseDraft, samspil.CaseReview, samspil.CasePublished}})
	must(t, err)
	if total != 0 {
		t.Fatalf("failed creates stored %d cases", total)
	}
}

func testCaseUpdate(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	ctx := f.as(e, f.sovMember)
	c := f.newCase("Cykler")
	must(t, e.s.CreateCase(ctx, c))
	e.clock.Add(time.Hour)
	upd := f.newCase("Cykler og knallerter")
	upd.OrganisationID = f.partner.ID // ignored: the owner never changes
	upd.Status = samspil.CasePublished
	upd.Model = samspil.ModelSocialKlausul
	upd.Partners = nil
	upd.Results = upd.Results[:1]
	upd.TargetGroups = []string{"handicap"}
	got, err := e.s.UpdateCase(ctx, c.ID, upd)
	must(t, err)
	if got.Title != "Cykler og knallerter" || got.OrganisationID != f.sov.ID || got.Status != samspil.CaseDraft ||
		got.Model != samspil.ModelSocialKlausul || !got.UpdatedAt.Equal(Start.Add(time.Hour)) || !got.CreatedAt.Equal(Start) {
		t.Fatalf("updated %+v", got)
	}
	again, err := e.s.FindCaseByID(e.ctx, c.ID)
	must(t, err)
	if len(again.Partners) != 0 || len(again.Results) != 1 || strings.Join(again.TargetGroups, ",") != "handicap" ||
		again.Model != samspil.ModelSocialKlausul || again.OrganisationID != f.sov.ID || again.Title != "Cykler og knallerter" {
		t.Fatalf("read back %+v", again)
	}
	bad := f.newCase("")
	_, err = e.s.UpdateCase(ctx, c.ID, bad)
	wantField(t, err, samspil.EINVALID, "title", "case.title.required")
	bad = f.newCase("x")
	bad.TargetGroups = []string{"ukendt"}
	_, err = e.s.UpdateCase(ctx, c.ID, bad)
	wantField(t, err, samspil.EINVALID, "target_groups", "case.target_group.unknown")
	_, err = e.s.UpdateCase(ctx, 999999, f.newCase("x"))
	wantCode(t, err, samspil.ENOTFOUND, "case.not_found")
	events, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "case", EntityID: c.ID})
	must(t, err)
	if len(events) != 2 || events[0].Action != "case.update" || events[0].Before == "" || events[0].After == "" {
		t.Fatalf("audit = %+v", events)
	}
}

func testCaseLifecycle(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	owner := f.as(e, f.sovAdmin)
	follower := newUser(t, e, "foelger@aarhus.dk")
	modelFollower := newUser(t, e, "model@odense.dk")
	groupFollower := newUser(t, e, "gruppe@vejle.dk")
	must(t, e.s.Follow(e.ctx, follower.ID, samspil.FollowMunicipality, "0101"))
	must(t, e.s.Follow(e.ctx, modelFollower.ID, samspil.FollowTag, string(samspil.ModelReserveretKontrakt)))
	must(t, e.s.Follow(e.ctx, groupFollower.ID, samspil.FollowTag, "handicap"))

	// An incomplete draft cannot be submitted.
	c := &samspil.Case{OrganisationID: f.sov.ID, Title: "Cykelreparation", Model: samspil.ModelReserveretKontrakt, MunicipalityCode: "0101"}
	must(t, e.s.CreateCase(owner, c))
	_, err := e.s.SubmitCase(owner, c.ID)
	wantField(t, err, samspil.EINVALID, "summary", "case.summary.required")
	wantField(t, err, samspil.EINVALID, "results", "case.results.required")
	wantField(t, err, samspil.EINVALID, "contact_name", "case.contact.required")
	_, err = e.s.UpdateCase(owner, c.ID, f.newCase("Cykelreparation"))
	must(t, err)

	e.clock.Add(time.Hour)
	got, err := e.s.SubmitCase(owner, c.ID)
	must(t, err)
	if got.Status != samspil.CaseReview || got.SubmittedAt == nil || !got.SubmittedAt.Equal(Start.Add(time.Hour)) || got.PublishedAt != nil {
		t.Fatalf("submitted %+v", got)
	}
	link := fmt.Sprintf("/erfaringer/%d", c.ID)
	want := []string{link + "|Cykelreparation|false"}
	for _, u := range []*samspil.User{f.editor, f.admin} {
		if got := caseNotes(t, e, u, samspil.NoteCaseSubmitted); strings.Join(got, ";") != strings.Join(want, ";") {
			t.Errorf("%s: submitted notes = %v, want %v", u.Email, got, want)
		}
	}
	for _, u := range []*samspil.User{f.sovAdmin, f.sovMember, f.outside} {
		if got := caseNotes(t, e, u, samspil.NoteCaseSubmitted); len(got) != 0 {
			t.Errorf("%s was told about the submission: %v", u.Email, got)
		}
	}
	pending, err := e.s.PendingNotificationEmails(e.ctx, 100)
	must(t, err)
	mailed := 0
	for _, p := range pending {
		if p.Notification.Kind == samspil.NoteCaseSubmitted {
			mailed++
		}
	}
	if mailed != 2 {
		t.Errorf("case_submitted e-mails pending = %d, want 2 (immediate, not digest)", mailed)
	}

	// The secretariat sends it back with a note.
	editor := f.as(e, f.editor)
	_, err = e.s.ReturnCase(editor, c.ID, "   ")
	wantField(t, err, samspil.EINVALID, "note", "case.return.note_required")
	e.clock.Add(time.Hour)
	got, err = e.s.ReturnCase(editor, c.ID, " Tilføj gerne tal for 2025. ")
	must(t, err)
	if got.Status != samspil.CaseDraft || got.ReviewNote != "Tilføj gerne tal for 2025." || got.SubmittedAt != nil {
		t.Fatalf("returned %+v", got)
	}
	wantNote := []string{link + "|Cykelreparation|false|Tilføj gerne tal for 2025."}
	for _, u := range []*samspil.User{f.sovAdmin, f.sovMember} {
		if got := caseNotes(t, e, u, samspil.NoteCaseReturned); strings.Join(got, ";") != strings.Join(wantNote, ";") {
			t.Errorf("%s: returned notes = %v, want %v", u.Email, got, wantNote)
		}
	}
	// The note stays while the owner edits, and goes when it is sent again.
	got, err = e.s.UpdateCase(owner, c.ID, f.newCase("Cykelreparation"))
	must(t, err)
	if got.ReviewNote == "" {
		t.Fatal("UpdateCase dropped the review note")
	}
	got, err = e.s.SubmitCase(owner, c.ID)
	must(t, err)
	if got.ReviewNote != "" {
		t.Fatalf("review note after resubmission = %q", got.ReviewNote)
	}

	// Published: the owner and the followers are told, the search finds it.
	e.clock.Add(time.Hour)
	got, err = e.s.PublishCase(editor, c.ID)
	must(t, err)
	if got.Status != samspil.CasePublished || got.PublishedAt == nil || !got.PublishedAt.Equal(Start.Add(3*time.Hour)) {
		t.Fatalf("published %+v", got)
	}
	if got := caseNotes(t, e, f.sovMember, samspil.NoteCasePublished); strings.Join(got, ";") != link+"|Cykelreparation|false" {
		t.Errorf("member: published notes = %v", got)
	}
	if got := caseNotes(t, e, f.editor, samspil.NoteCasePublished); len(got) != 0 {
		t.Errorf("the acting editor was told: %v", got)
	}
	for _, u := range []*samspil.User{follower, modelFollower, groupFollower} {
		if got := caseNotes(t, e, u, samspil.NoteFollowCase); strings.Join(got, ";") != link+"|Cykelreparation|true" {
			t.Errorf("%s: follow notes = %v, want one digest note", u.Email, got)
		}
	}
	if got := caseNotes(t, e, f.outside, samspil.NoteFollowCase); len(got) != 0 {
		t.Errorf("someone who follows nothing was told: %v", got)
	}
	res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: "cykelreparation", Types: []samspil.SearchType{samspil.SearchCase}})
	must(t, err)
	if res.Total != 1 || res.Items[0].ID != c.ID {
		t.Fatalf("search after publishing = %+v", res)
	}

	// Withdrawn: a draft again, out of the search; then it can be deleted.
	got, err = e.s.WithdrawCase(owner, c.ID)
	must(t, err)
	if got.Status != samspil.CaseDraft || got.PublishedAt != nil {
		t.Fatalf("withdrawn %+v", got)
	}
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Text: "cykelreparation"})
	must(t, err)
	if res.Total != 0 {
		t.Fatalf("withdrawn case still found: %+v", res.Items)
	}
	must(t, e.s.DeleteCase(owner, c.ID))
	_, err = e.s.FindCaseByID(e.ctx, c.ID)
	wantCode(t, err, samspil.ENOTFOUND, "case.not_found")

	events, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "case", EntityID: c.ID, Limit: 50})
	must(t, err)
	var actions []string
	for i := len(events) - 1; i >= 0; i-- {
		actions = append(actions, events[i].Action)
	}
	if got := strings.Join(actions, ","); got != "case.create,case.update,case.submit,case.return,case.update,case.submit,case.publish,case.withdraw,case.delete" {
		t.Fatalf("audit trail = %s", got)
	}
}

// testCaseStateConflicts walks every state change from every state and
// checks exactly the documented ECONFLICT keys.
func testCaseStateConflicts(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	owner := f.as(e, f.sovAdmin)
	ed := f.as(e, f.editor)
	inState := func(status samspil.CaseStatus) int64 {
		c := f.newCase("Tilstand " + string(status))
		must(t, e.s.CreateCase(owner, c))
		if status != samspil.CaseDraft {
			_, err := e.s.SubmitCase(owner, c.ID)
			must(t, err)
		}
		if status == samspil.CasePublished {
			_, err := e.s.PublishCase(ed, c.ID)
			must(t, err)
		}
		return c.ID
	}
	ops := []struct {
		name string
		fn   func(id int64) error
		ok   samspil.CaseStatus // the one status it works from
		key  string
	}{
		{"update", func(id int64) error { _, err := e.s.UpdateCase(owner, id, f.newCase("Ny titel")); return err }, samspil.CaseDraft, "case.not_draft"},
		{"submit", func(id int64) error { _, err := e.s.SubmitCase(owner, id); return err }, samspil.CaseDraft, "case.not_draft"},
		{"publish", func(id int64) error { _, err := e.s.PublishCase(ed, id); return err }, samspil.CaseReview, "case.not_in_review"},
		{"return", func(id int64) error { _, err := e.s.ReturnCase(ed, id, "Ret venligst"); return err }, samspil.CaseReview, "case.not_in_review"},
		{"withdraw", func(id int64) error { _, err := e.s.WithdrawCase(owner, id); return err }, samspil.CasePublished, "case.not_published"},
		{"delete", func(id int64) error { return e.s.DeleteCase(owner, id) }, samspil.CaseDraft, "case.not_draft"},
	}
	for _, op := range ops {
		for _, st := range []samspil.CaseStatus{samspil.CaseDraft, samspil.CaseReview, samspil.CasePublished} {
			t.Run(op.name+"/"+string(st), func(t *testing.T) {
				id := inState(st)
				err := op.fn(id)
				if st == op.ok {
					must(t, err)
					return
				}
				wantField(t, err, samspil.ECONFLICT, "status", op.key)
				c, err := e.s.FindCaseByID(e.ctx, id)
				must(t, err)
				if c.Status != st {
					t.Fatalf("a refused %s changed the status to %s", op.name, c.Status)
				}
			})
		}
	}
}

func testCaseNotFound(t *testing.T, e *env) {
	for name, fn := range map[string]func() error{
		"find":     func() error { _, err := e.s.FindCaseByID(e.ctx, 424242); return err },
		"update":   func() error { _, err := e.s.UpdateCase(e.ctx, 424242, &samspil.Case{Title: "x"}); return err },
		"submit":   func() error { _, err := e.s.SubmitCase(e.ctx, 424242); return err },
		"publish":  func() error { _, err := e.s.PublishCase(e.ctx, 424242); return err },
		"return":   func() error { _, err := e.s.ReturnCase(e.ctx, 424242, "note"); return err },
		"withdraw": func() error { _, err := e.s.WithdrawCase(e.ctx, 424242); return err },
		"delete":   func() error { return e.s.DeleteCase(e.ctx, 424242) },
	} {
		t.Run(name, func(t *testing.T) { wantCode(t, fn(), samspil.ENOTFOUND, "case.not_found") })
	}
}

// publish creates, submits and publishes c.
func (f *caseFixture) publish(t *testing.T, e *env, c *samspil.Case) {
	t.Helper()
	must(t, e.s.CreateCase(f.as(e, f.sovAdmin), c))
	_, err := e.s.SubmitCase(f.as(e, f.sovAdmin), c.ID)
	must(t, err)
	_, err = e.s.PublishCase(f.as(e, f.editor), c.ID)
	must(t, err)
}

func caseTitles(cs []*samspil.Case) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Title)
	}
	return strings.Join(s, ",")
}

func testFindCases(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	a := f.newCase("Kantine i Aarhus")
	a.MunicipalityCode, a.Model, a.TargetGroups = "0751", samspil.ModelSocialKlausul, []string{"handicap"}
	a.Summary = "Socialøkonomisk kantine med rengøringsopgaver for kommunens kontorer."
	a.WhatWasDone = "Frokost til 300 ansatte hver dag."
	f.publish(t, e, a)
	e.clock.Add(time.Hour)
	b := f.newCase("Byens cykler")
	f.publish(t, e, b)
	e.clock.Add(time.Hour)
	c := f.newCase("Café i rådhuset")
	c.Model, c.TargetGroups = samspil.ModelAfknopning, []string{"udsatte_ledige"}
	c.WhatWasDone = "Kaffe og kage til borgerne."
	c.Summary = "Rådhusets café drives af en forening."
	f.publish(t, e, c)
	draft := f.newCase("Cykler i kladde")
	must(t, e.s.CreateCase(f.as(e, f.sovAdmin), draft))
	review := f.newCase("Cykler til godkendelse")
	must(t, e.s.CreateCase(f.as(e, f.sovAdmin), review))
	_, err := e.s.SubmitCase(f.as(e, f.sovAdmin), review.ID)
	must(t, err)

	all := []samspil.CaseStatus{samspil.CaseDraft, samspil.CaseReview, samspil.CasePublished}
	tests := []struct {
		name  string
		f     samspil.CaseFilter
		want  string
		total int
	}{
		{"default: published, newest first", samspil.CaseFilter{}, "Café i rådhuset,Byens cykler,Kantine i Aarhus", 3},
		{"by title", samspil.CaseFilter{Sort: "title"}, "Byens cykler,Café i rådhuset,Kantine i Aarhus", 3},
		{"model", samspil.CaseFilter{Model: samspil.ModelReserveretKontrakt}, "Byens cykler", 1},
		{"municipality", samspil.CaseFilter{MunicipalityCode: "0751"}, "Kantine i Aarhus", 1},
		{"target group", samspil.CaseFilter{TargetGroup: "udsatte_ledige", Sort: "title"}, "Byens cykler,Café i rådhuset", 2},
		{"target group shared", samspil.CaseFilter{TargetGroup: "handicap", Sort: "title"}, "Byens cykler,Kantine i Aarhus", 2},
		{"review queue", samspil.CaseFilter{Statuses: []samspil.CaseStatus{samspil.CaseReview}}, "Cykler til godkendelse", 1},
		{"own list, every status", samspil.CaseFilter{OrganisationID: f.sov.ID, Statuses: all, Sort: "title"},
			"Byens cykler,Café i rådhuset,Cykler i kladde,Cykler til godkendelse,Kantine i Aarhus", 5},
		{"other organisation", samspil.CaseFilter{OrganisationID: f.partner.ID, Statuses: all}, "", 0},
		{"page", samspil.CaseFilter{Offset: 1, Limit: 1}, "Byens cykler", 3},
		{"past the end", samspil.CaseFilter{Offset: 10}, "", 3},
		{"text, stemmed", samspil.CaseFilter{Query: "cyklerne"}, "Byens cykler", 1},
		{"text, compound part", samspil.CaseFilter{Query: "rengøring"}, "Kantine i Aarhus", 1},
		{"text and model", samspil.CaseFilter{Query: "rådhuset", Model: samspil.ModelReserveretKontrakt}, "", 0},
		{"text, title word", samspil.CaseFilter{Query: "rådhus"}, "Café i rådhuset", 1},
		{"text never finds drafts", samspil.CaseFilter{Query: "kladde", Statuses: all}, "", 0},
		{"stop words only", samspil.CaseFilter{Query: "og i"}, "Café i rådhuset,Byens cykler,Kantine i Aarhus", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := e.s.FindCases(e.ctx, tc.f)
			must(t, err)
			if caseTitles(got) != tc.want || total != tc.total {
				t.Fatalf("got %q (%d), want %q (%d)", caseTitles(got), total, tc.want, tc.total)
			}
			for _, c := range got {
				if c.OrganisationName == "" || c.Results == nil || c.TargetGroups == nil {
					t.Fatalf("list entry not filled: %+v", c)
				}
			}
		})
	}
	for _, tc := range []struct {
		f     samspil.CaseFilter
		field string
		key   string
	}{
		{samspil.CaseFilter{Sort: "random"}, "sort", "case.sort.invalid"},
		{samspil.CaseFilter{Offset: -1}, "offset", "page.offset.negative"},
		{samspil.CaseFilter{Limit: -1}, "limit", "page.limit.negative"},
		{samspil.CaseFilter{Query: strings.Repeat("a", samspil.MaxQueryLen+1)}, "q", "search.query.too_long"},
	} {
		_, _, err := e.s.FindCases(e.ctx, tc.f)
		wantField(t, err, samspil.EINVALID, tc.field, tc.key)
	}
}

func testCaseSearch(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	pub := f.newCase("Vaskeri for plejehjemmene")
	pub.Summary = "Et socialøkonomisk vaskeri vasker tøj for kommunens plejehjem."
	pub.WhatWasDone = "Medarbejderne fik **oplæring** i vaskeriet.\n\n<script>alert(1)</script>"
	f.publish(t, e, pub)
	draft := f.newCase("Vaskeri i kladde")
	must(t, e.s.CreateCase(f.as(e, f.sovAdmin), draft))

	for _, q := range []string{"vaskerier", "plejehjemmet", "oplæringen", "reserverede kontrakter", "handicap"} {
		// (the seeded guide chapter on reserved contracts matches too)
		res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: q, Types: []samspil.SearchType{samspil.SearchCase}})
		must(t, err)
		if res.Total != 1 || res.Items[0].Type != samspil.SearchCase || res.Items[0].ID != pub.ID {
			t.Fatalf("search %q = %+v", q, res.Items)
		}
		hit := res.Items[0]
		if hit.Title != pub.Title || hit.Kind != string(samspil.ModelReserveretKontrakt) || hit.MunicipalityCode != "0101" ||
			!strings.HasPrefix(hit.Snippet, "Et socialøkonomisk vaskeri") {
			t.Fatalf("hit = %+v", hit)
		}
	}
	res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: "script alert"})
	must(t, err)
	if res.Total != 0 {
		t.Fatalf("markup was indexed as words: %+v", res.Items)
	}
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchCase}})
	must(t, err)
	if res.Total != 1 || res.Facets[samspil.FacetType][string(samspil.SearchCase)] != 1 ||
		res.Facets[samspil.FacetTargetGroup]["handicap"] != 1 || res.Facets[samspil.FacetMunicipality]["0101"] != 1 {
		t.Fatalf("case facets = %+v (total %d)", res.Facets, res.Total)
	}
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchCase}, TargetGroups: []string{"handicap"}, Regions: []string{"1084"}})
	must(t, err)
	if res.Total != 1 {
		t.Fatalf("target group and region filter: %d", res.Total)
	}
	// Published again after a withdrawal: one document, not two.
	_, err = e.s.WithdrawCase(f.as(e, f.sovAdmin), pub.ID)
	must(t, err)
	_, err = e.s.SubmitCase(f.as(e, f.sovAdmin), pub.ID)
	must(t, err)
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Text: "vaskeri"})
	must(t, err)
	if res.Total != 0 {
		t.Fatalf("a case in review is found: %+v", res.Items)
	}
	_, err = e.s.PublishCase(f.as(e, f.editor), pub.ID)
	must(t, err)
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchCase}})
	must(t, err)
	if res.Total != 1 {
		t.Fatalf("republished case documents = %d", res.Total)
	}
	// Changed while withdrawn: the new text is found, the old is not.
	_, err = e.s.WithdrawCase(f.as(e, f.sovAdmin), pub.ID)
	must(t, err)
	upd := f.newCase("Systue for plejehjemmene")
	upd.Summary = "Syning og lapning af tøj."
	_, err = e.s.UpdateCase(f.as(e, f.sovAdmin), pub.ID, upd)
	must(t, err)
	_, err = e.s.SubmitCase(f.as(e, f.sovAdmin), pub.ID)
	must(t, err)
	_, err = e.s.PublishCase(f.as(e, f.editor), pub.ID)
	must(t, err)
	for q, want := range map[string]int{"systuen": 1, "lapning": 1, "vaskeri": 0} {
		res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: q, Types: []samspil.SearchType{samspil.SearchCase}})
		must(t, err)
		if res.Total != want {
			t.Errorf("search %q after the change = %d, want %d", q, res.Total, want)
		}
	}
}

// testCaseConcurrentPublish publishes one case from several goroutines:
// exactly one wins, the others get the documented conflict, and the
// owner and followers are told once.
func testCaseConcurrentPublish(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	follower := newUser(t, e, "foelger@kbh.dk")
	must(t, e.s.Follow(e.ctx, follower.ID, samspil.FollowMunicipality, "0101"))
	c := f.newCase("Samtidig")
	must(t, e.s.CreateCase(f.as(e, f.sovAdmin), c))
	_, err := e.s.SubmitCase(f.as(e, f.sovAdmin), c.ID)
	must(t, err)
	const n = 6
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.s.PublishCase(f.as(e, f.editor), c.ID)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		if err == nil {
			ok++
			continue
		}
		wantCode(t, err, samspil.ECONFLICT, "case.not_in_review")
	}
	if ok != 1 {
		t.Fatalf("%d publications succeeded, want 1", ok)
	}
	if got := caseNotes(t, e, f.sovMember, samspil.NoteCasePublished); len(got) != 1 {
		t.Errorf("owner told %d times", len(got))
	}
	if got := caseNotes(t, e, follower, samspil.NoteFollowCase); len(got) != 1 {
		t.Errorf("follower told %d times", len(got))
	}
	res, err := e.s.Search(e.ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchCase}})
	must(t, err)
	if res.Total != 1 {
		t.Fatalf("case documents = %d", res.Total)
	}
}

// testCaseSearchGuide checks that guide chapters are found by Danish words
// and that an edit re-indexes the chapter. It needs a store seeded with
// chapters (GuideChapters) and skips without.
func testCaseSearchGuide(t *testing.T, e *env) {
	chapters, err := e.s.FindGuideChapters(e.ctx)
	if err != nil || len(chapters) == 0 {
		t.Skipf("the store has no guide chapters (%v)", err)
	}
	res, err := e.s.Search(e.ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchGuide}})
	must(t, err)
	if res.Total != len(chapters) {
		t.Fatalf("guide documents = %d, chapters %d", res.Total, len(chapters))
	}
	var g *samspil.GuideChapter
	for _, c := range chapters {
		if c.Model != "" {
			g = c
			break
		}
	}
	if g == nil {
		t.Skip("no chapter about a model")
	}
	u := &samspil.User{Email: "skribent@sekretariat.dk", Name: "Skribent", PasswordHash: "x", IsEditor: true}
	must(t, e.s.CreateUser(e.ctx, u))
	_, err = e.s.UpdateGuideChapter(samspil.WithActor(e.ctx, u.ID), g.Slug, samspil.GuideEdit{
		Title: g.Title, Summary: g.Summary, BaseVersion: g.Version,
		Body: g.Body + "\n\n## Tjekliste\n\nHusk **bæredygtighedskravene** og markedsdialogen.",
	})
	must(t, err)
	for _, q := range []string{"bæredygtighedskrav", "markedsdialog"} {
		res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: q})
		must(t, err)
		if res.Total != 1 || res.Items[0].Type != samspil.SearchGuide || res.Items[0].ID != g.ID || res.Items[0].Kind != string(g.Model) {
			t.Fatalf("search %q = %+v", q, res.Items)
		}
	}
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchGuide}})
	must(t, err)
	if res.Total != len(chapters) {
		t.Fatalf("guide documents after an edit = %d, want %d", res.Total, len(chapters))
	}
}

// pdfSum is a valid-looking SHA-256 for attachment rows (the store does
// not read blobs).
func pdfSum(n int) string { return fmt.Sprintf("%064x", n+1) }

func testAttachments(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	ctx := f.as(e, f.sovAdmin)
	c := f.newCase("Med bilag")
	must(t, e.s.CreateCase(ctx, c))
	a := &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: c.ID, Name: `C:\Users\mette\Evaluering "endelig".pdf`,
		ContentType: samspil.ContentPDF, Size: 1234, SHA256: pdfSum(1)}
	must(t, e.s.AddAttachment(ctx, a))
	if a.ID == 0 || a.Name != "Evaluering endelig.pdf" || a.CreatedBy != f.sovAdmin.ID || !a.CreatedAt.Equal(Start) {
		t.Fatalf("added %+v", a)
	}
	e.clock.Add(time.Minute)
	b := &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: c.ID, Name: "tal.xlsx", ContentType: samspil.ContentXLSX, Size: 99, SHA256: pdfSum(1)}
	must(t, e.s.AddAttachment(ctx, b)) // the same content twice is two rows
	got, err := e.s.FindAttachmentByID(e.ctx, a.ID)
	must(t, err)
	if *got != *a {
		t.Fatalf("read back %+v, want %+v", got, a)
	}
	list, err := e.s.FindAttachments(e.ctx, samspil.OwnerCase, c.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("list = %+v", list)
	}
	full, err := e.s.FindCaseByID(e.ctx, c.ID)
	must(t, err)
	if len(full.Attachments) != 2 || full.Attachments[1].Name != "tal.xlsx" {
		t.Fatalf("case attachments = %+v", full.Attachments)
	}
	other, err := e.s.FindAttachments(e.ctx, samspil.OwnerStrategy, c.ID)
	must(t, err)
	if other == nil || len(other) != 0 {
		t.Fatalf("another owner's list = %v", other)
	}
	// A strategy document belongs to a municipality's organisation.
	s := &samspil.Attachment{OwnerType: samspil.OwnerStrategy, OwnerID: f.kommune.ID, Name: "strategi.docx", ContentType: samspil.ContentDOCX, Size: 10, SHA256: pdfSum(2)}
	must(t, e.s.AddAttachment(e.ctx, s))

	must(t, e.s.DeleteAttachment(ctx, b.ID))
	_, err = e.s.FindAttachmentByID(e.ctx, b.ID)
	wantCode(t, err, samspil.ENOTFOUND, "attachment.not_found")
	wantCode(t, e.s.DeleteAttachment(ctx, b.ID), samspil.ENOTFOUND, "attachment.not_found")
	events, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "attachment"})
	must(t, err)
	if len(events) != 4 || events[0].Action != "attachment.delete" || events[3].Action != "attachment.add" {
		t.Fatalf("audit = %+v", events)
	}

	// Limit per owner.
	for i := 1; i < samspil.MaxAttachmentsPerOwner; i++ {
		must(t, e.s.AddAttachment(ctx, &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: c.ID, Name: fmt.Sprintf("bilag %d.pdf", i),
			ContentType: samspil.ContentPDF, Size: 1, SHA256: pdfSum(i)}))
	}
	over := &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: c.ID, Name: "en for meget.pdf", ContentType: samspil.ContentPDF, Size: 1, SHA256: pdfSum(0)}
	wantField(t, e.s.AddAttachment(ctx, over), samspil.EINVALID, "file", "attachment.too_many")
	if over.ID != 0 {
		t.Fatalf("refused attachment has ID %d", over.ID)
	}

	// Deleting a draft deletes its attachment rows.
	must(t, e.s.DeleteCase(ctx, c.ID))
	list, err = e.s.FindAttachments(e.ctx, samspil.OwnerCase, c.ID)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("attachments of a deleted case: %d", len(list))
	}
	_, err = e.s.FindAttachmentByID(e.ctx, a.ID)
	wantCode(t, err, samspil.ENOTFOUND, "attachment.not_found")
	if _, err := e.s.FindAttachmentByID(e.ctx, s.ID); err != nil {
		t.Fatalf("the strategy document went with the case: %v", err)
	}
}

func testAttachmentsInvalid(t *testing.T, e *env) {
	f := newCaseFixture(t, e)
	c := f.newCase("Bilag")
	must(t, e.s.CreateCase(e.ctx, c))
	valid := func() *samspil.Attachment {
		return &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: c.ID, Name: "rapport.pdf", ContentType: samspil.ContentPDF, Size: 100, SHA256: pdfSum(7)}
	}
	tests := []struct {
		name        string
		edit        func(a *samspil.Attachment)
		code, field string
		key         string
	}{
		{"html", func(a *samspil.Attachment) { a.ContentType = "text/html" }, samspil.EINVALID, "file", "attachment.type.invalid"},
		{"empty", func(a *samspil.Attachment) { a.Size = 0 }, samspil.EINVALID, "file", "attachment.size.invalid"},
		{"too large", func(a *samspil.Attachment) { a.Size = samspil.MaxAttachmentSize + 1 }, samspil.EINVALID, "file", "attachment.size.invalid"},
		{"bad sum", func(a *samspil.Attachment) { a.SHA256 = "../../etc/passwd" }, samspil.EINVALID, "file", "attachment.sum.invalid"},
		{"upper-case sum", func(a *samspil.Attachment) { a.SHA256 = strings.Repeat("A", 64) }, samspil.EINVALID, "file", "attachment.sum.invalid"},
		{"no name", func(a *samspil.Attachment) { a.Name = "/../" }, samspil.EINVALID, "file", "attachment.name.required"},
		{"bad owner type", func(a *samspil.Attachment) { a.OwnerType = "question" }, samspil.EINVALID, "owner_type", "attachment.owner.invalid"},
		{"unknown case", func(a *samspil.Attachment) { a.OwnerID = 999999 }, samspil.ENOTFOUND, "", "attachment.owner.not_found"},
		{"strategy of a SØV", func(a *samspil.Attachment) { a.OwnerType, a.OwnerID = samspil.OwnerStrategy, f.sov.ID }, samspil.ENOTFOUND, "", "attachment.owner.not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.edit(a)
			err := e.s.AddAttachment(e.ctx, a)
			if tc.field != "" {
				wantField(t, err, tc.code, tc.field, tc.key)
			} else {
				wantCode(t, err, tc.code, tc.key)
			}
			if a.ID != 0 {
				t.Fatalf("refused attachment has ID %d", a.ID)
			}
		})
	}
	list, err := e.s.FindAttachments(e.ctx, samspil.OwnerCase, c.ID)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("refused attachments were stored: %d", len(list))
	}
}
