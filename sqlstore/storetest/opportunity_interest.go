package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

func init() {
	opportunityTests = append(opportunityTests, []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"CreateInterest", testCreateInterest},
		{"AcceptInterest", testAcceptInterest},
		{"DeclineAndWithdrawInterest", testDeclineAndWithdrawInterest},
		{"FindInterestsAndPartnerships", testFindInterestsAndPartnerships},
		{"Notifications", testNotifications},
		{"SavedSearches", testSavedSearches},
	}...)
}

// notes returns the notifications of u, newest first, as "kind link Args".
func notes(t *testing.T, e *env, u *samspil.User) []string {
	t.Helper()
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID})
	must(t, err)
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%s %s %s/%s", n.Kind, n.Link, n.Args["Opportunity"], n.Args["Organisation"]))
	}
	return out
}

func testCreateInterest(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	o := f.newNeed("Cykelreparation")
	must(t, e.s.CreateOpportunity(e.ctx, o))
	// A second member of the municipality, and a pending one who hears nothing.
	colleague := newUser(t, e, "kollega@kk.dk")
	must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: colleague.ID, OrganisationID: f.kommune.ID, Status: samspil.MembershipActive}))
	pending := newUser(t, e, "ny@kk.dk")
	must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: pending.ID, OrganisationID: f.kommune.ID}))

	e.clock.Add(time.Minute)
	ctx := samspil.WithActor(e.ctx, f.sovAdmin.ID)
	i := &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov.ID, Message: "  Vi kan klare det. "}
	must(t, e.s.CreateInterest(ctx, i))
	if i.ID == 0 || i.Status != samspil.InterestPending || i.Message != "Vi kan klare det." || i.OwnerID != f.kommune.ID ||
		i.OpportunityTitle != o.Title || i.OrganisationName != f.sov.Name || i.OwnerName != f.kommune.Name ||
		!i.CreatedAt.Equal(e.clock.Now()) || i.CreatedBy != f.sovAdmin.ID {
		t.Fatalf("created = %+v", i)
	}
	got, err := e.s.FindInterestByID(e.ctx, i.ID)
	must(t, err)
	if got.Message != i.Message || got.Status != samspil.InterestPending || got.OwnerID != f.kommune.ID || got.OwnerName != f.kommune.Name ||
		got.OrganisationName != f.sov.Name || got.OpportunityTitle != o.Title || got.DecidedAt != nil || got.PartnershipID != nil || got.DecidedBy != nil {
		t.Fatalf("read back = %+v", got)
	}
	_, err = e.s.FindInterestByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "interest.not_found")

	want := fmt.Sprintf("interest_received /muligheder/%d Cykelreparation/%s", o.ID, f.sov.Name)
	for _, u := range []*samspil.User{f.kommuneAdmin, colleague} {
		if got := notes(t, e, u); len(got) != 1 || got[0] != want {
			t.Fatalf("notifications of %s = %v, want %q", u.Email, got, want)
		}
	}
	for _, u := range []*samspil.User{pending, f.sovAdmin, f.firmAdmin} {
		if got := notes(t, e, u); len(got) != 0 {
			t.Fatalf("%s was notified: %v", u.Email, got)
		}
	}

	// Errors, each in the documented order.
	wantField(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov2.ID, Message: " "}),
		samspil.EINVALID, "message", "interest.message.required")
	wantField(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov2.ID, Message: strings.Repeat("x", samspil.MaxInterestMessage+1)}),
		samspil.EINVALID, "message", "field.too_long")
	wantCode(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: 999999, OrganisationID: f.sov2.ID, Message: "Hej"}), samspil.ENOTFOUND, "opp.not_found")
	wantCode(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: 999999, Message: "Hej"}), samspil.ENOTFOUND, "org.not_found")
	wantField(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.kommune.ID, Message: "Hej"}),
		samspil.EINVALID, "organisation_id", "interest.own")
	dup := &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov.ID, Message: "Igen"}
	wantField(t, e.s.CreateInterest(e.ctx, dup), samspil.ECONFLICT, "opportunity_id", "interest.duplicate")
	if dup.ID != 0 {
		t.Fatal("ID set on failure")
	}
	// After a withdrawal the organisation may try again.
	_, err = e.s.WithdrawInterest(e.ctx, i.ID)
	must(t, err)
	must(t, e.s.CreateInterest(e.ctx, dup))

	closed := samspil.OppClosed
	_, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Status: &closed})
	must(t, err)
	wantField(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov2.ID, Message: "Hej"}),
		samspil.EINVALID, "opportunity_id", "interest.not_open")
	// Open but past its deadline (before the expiry job has run).
	o2 := f.newNeed("Snart forbi")
	dl := e.clock.Now().Add(time.Hour)
	o2.Deadline = &dl
	must(t, e.s.CreateOpportunity(e.ctx, o2))
	e.clock.Add(2 * time.Hour)
	wantField(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o2.ID, OrganisationID: f.sov2.ID, Message: "Hej"}),
		samspil.EINVALID, "opportunity_id", "interest.not_open")
}

func testAcceptInterest(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	o := f.newNeed("Cykelreparation")
	must(t, e.s.CreateOpportunity(e.ctx, o))
	i := &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov.ID, Message: "Vi kan."}
	must(t, e.s.CreateInterest(samspil.WithActor(e.ctx, f.sovAdmin.ID), i))
	sovColleague := newUser(t, e, "kollega@cykel.dk")
	must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: sovColleague.ID, OrganisationID: f.sov.ID, Status: samspil.MembershipActive}))

	e.clock.Add(time.Hour)
	ctx := samspil.WithActor(e.ctx, f.kommuneAdmin.ID)
	got, p, err := e.s.AcceptInterest(ctx, i.ID, " Velkommen ")
	must(t, err)
	if got.Status != samspil.InterestAccepted || got.DecisionNote != "Velkommen" || got.DecidedAt == nil || !got.DecidedAt.Equal(e.clock.Now()) ||
		got.DecidedBy == nil || *got.DecidedBy != f.kommuneAdmin.ID || got.PartnershipID == nil || *got.PartnershipID != p.ID {
		t.Fatalf("accepted = %+v", got)
	}
	if p.ID == 0 || p.Title != o.Title || p.Model != samspil.ModelIndkob || p.Status != samspil.PartnershipProposed ||
		p.OpportunityID == nil || *p.OpportunityID != o.ID || p.InterestID == nil || *p.InterestID != i.ID ||
		!p.CreatedAt.Equal(e.clock.Now()) || p.CompletedAt != nil || len(p.Parties) != 2 ||
		p.Parties[0] != (samspil.PartnershipParty{OrganisationID: f.kommune.ID, Name: f.kommune.Name, Kind: samspil.OrgKommune, Role: "ejer"}) ||
		p.Parties[1] != (samspil.PartnershipParty{OrganisationID: f.sov.ID, Name: f.sov.Name, Kind: samspil.OrgSOV, Role: "partner"}) ||
		!p.HasParty(f.sov.ID) {
		t.Fatalf("partnership = %+v", p)
	}
	again, err := e.s.FindPartnershipByID(e.ctx, p.ID)
	must(t, err)
	if again.Title != p.Title || len(again.Parties) != 2 || again.Parties[0].Role != "ejer" || !again.CreatedAt.Equal(p.CreatedAt) {
		t.Fatalf("read back = %+v", again)
	}
	read, err := e.s.FindInterestByID(e.ctx, i.ID)
	must(t, err)
	if read.Status != samspil.InterestAccepted || read.PartnershipID == nil || *read.PartnershipID != p.ID || read.DecisionNote != "Velkommen" {
		t.Fatalf("interest read back = %+v", read)
	}
	// The interested side hears it was accepted and that a partnership was
	// proposed; the owner's other members hear of the partnership; the
	// person who accepted is not told about their own action.
	for _, u := range []*samspil.User{f.sovAdmin, sovColleague} {
		got := notes(t, e, u)
		want := []string{
			fmt.Sprintf("partnership_new /partnerskaber/%d Cykelreparation/%s", p.ID, f.kommune.Name),
			fmt.Sprintf("interest_accepted /muligheder/%d Cykelreparation/%s", o.ID, f.kommune.Name),
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("notifications of %s = %v, want %v", u.Email, got, want)
		}
	}
	if got := notes(t, e, f.kommuneAdmin); len(got) != 1 || !strings.HasPrefix(got[0], "interest_received") {
		t.Fatalf("the accepting admin got %v", got)
	}
	// Errors.
	_, _, err = e.s.AcceptInterest(e.ctx, i.ID, "")
	wantCode(t, err, samspil.ECONFLICT, "interest.decided")
	_, _, err = e.s.AcceptInterest(e.ctx, 999999, "")
	wantCode(t, err, samspil.ENOTFOUND, "interest.not_found")
	_, err = e.s.FindPartnershipByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "partnership.not_found")
	// A new interest from the same organisation is refused while one is accepted.
	wantCode(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov.ID, Message: "Igen"}), samspil.ECONFLICT, "interest.duplicate")
	// Audit: the acceptance and the partnership.
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "partnership", EntityID: p.ID})
	must(t, err)
	if len(evs) != 1 || evs[0].Action != "partnership.create" || evs[0].ActorID != f.kommuneAdmin.ID {
		t.Fatalf("partnership audit = %+v", evs)
	}
	evs, _, err = e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "interest", EntityID: i.ID})
	must(t, err)
	if len(evs) != 2 {
		t.Fatalf("interest audit = %+v", evs)
	}
	// A mentoring offer becomes a competence-lift partnership.
	m := &samspil.Opportunity{OrganisationID: f.firm.ID, Kind: samspil.OppMentorTilbud, Title: "Mentor", ExpertiseAreas: []string{"jura"}, MunicipalityCode: "0101"}
	must(t, e.s.CreateOpportunity(e.ctx, m))
	mi := &samspil.Interest{OpportunityID: m.ID, OrganisationID: f.sov2.ID, Message: "Gerne"}
	must(t, e.s.CreateInterest(e.ctx, mi))
	_, p2, err := e.s.AcceptInterest(e.ctx, mi.ID, "")
	must(t, err)
	if p2.Model != samspil.ModelKompetenceloeft || p2.Parties[0].OrganisationID != f.firm.ID || p2.Parties[1].Kind != samspil.OrgSOV {
		t.Fatalf("mentoring partnership = %+v", p2)
	}
	// A note that is too long.
	mi2 := &samspil.Interest{OpportunityID: m.ID, OrganisationID: f.sov.ID, Message: "Også"}
	must(t, e.s.CreateInterest(e.ctx, mi2))
	_, _, err = e.s.AcceptInterest(e.ctx, mi2.ID, strings.Repeat("x", samspil.MaxInterestMessage+1))
	wantField(t, err, samspil.EINVALID, "decision_note", "field.too_long")
}

func testDeclineAndWithdrawInterest(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	o := f.newNeed("Kantinedrift")
	must(t, e.s.CreateOpportunity(e.ctx, o))
	a := &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov.ID, Message: "Vi kan."}
	must(t, e.s.CreateInterest(e.ctx, a))
	b := &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov2.ID, Message: "Også os."}
	must(t, e.s.CreateInterest(e.ctx, b))

	e.clock.Add(time.Minute)
	got, err := e.s.DeclineInterest(samspil.WithActor(e.ctx, f.kommuneAdmin.ID), a.ID, "Desværre")
	must(t, err)
	if got.Status != samspil.InterestDeclined || got.DecisionNote != "Desværre" || got.DecidedAt == nil || got.PartnershipID != nil {
		t.Fatalf("declined = %+v", got)
	}
	if n := notes(t, e, f.sovAdmin); len(n) != 1 || n[0] != fmt.Sprintf("interest_declined /muligheder/%d Kantinedrift/%s", o.ID, f.kommune.Name) {
		t.Fatalf("declined side notified %v", n)
	}
	_, err = e.s.DeclineInterest(e.ctx, a.ID, "")
	wantCode(t, err, samspil.ECONFLICT, "interest.decided")
	_, err = e.s.WithdrawInterest(e.ctx, a.ID)
	wantCode(t, err, samspil.ECONFLICT, "interest.decided")
	_, _, err = e.s.AcceptInterest(e.ctx, a.ID, "")
	wantCode(t, err, samspil.ECONFLICT, "interest.decided")
	_, err = e.s.DeclineInterest(e.ctx, 999999, "")
	wantCode(t, err, samspil.ENOTFOUND, "interest.not_found")
	_, err = e.s.DeclineInterest(e.ctx, b.ID, strings.Repeat("x", samspil.MaxInterestMessage+1))
	wantField(t, err, samspil.EINVALID, "decision_note", "field.too_long")

	got, err = e.s.WithdrawInterest(samspil.WithActor(e.ctx, f.sov2Admin.ID), b.ID)
	must(t, err)
	if got.Status != samspil.InterestWithdrawn || got.DecidedAt == nil {
		t.Fatalf("withdrawn = %+v", got)
	}
	_, err = e.s.WithdrawInterest(e.ctx, b.ID)
	wantCode(t, err, samspil.ECONFLICT, "interest.decided")
	_, err = e.s.WithdrawInterest(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "interest.not_found")
	// A declined organisation may try again.
	must(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov.ID, Message: "Nyt forsøg"}))
}

func testFindInterestsAndPartnerships(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	o1 := f.newNeed("Behov 1")
	must(t, e.s.CreateOpportunity(e.ctx, o1))
	y := &samspil.Opportunity{OrganisationID: f.sov.ID, Kind: samspil.OppYdelse, Title: "Ydelse", CPVCodes: []string{"50110000-9"}, MunicipalityCode: "0101"}
	must(t, e.s.CreateOpportunity(e.ctx, y))
	var is []*samspil.Interest
	for _, x := range []struct {
		opp *samspil.Opportunity
		org *samspil.Organisation
	}{{o1, f.sov}, {o1, f.sov2}, {y, f.kommune}, {y, f.firm}} {
		e.clock.Add(time.Minute)
		i := &samspil.Interest{OpportunityID: x.opp.ID, OrganisationID: x.org.ID, Message: "Hej"}
		must(t, e.s.CreateInterest(e.ctx, i))
		is = append(is, i)
	}
	_, p1, err := e.s.AcceptInterest(e.ctx, is[0].ID, "")
	must(t, err)
	e.clock.Add(time.Minute)
	_, p2, err := e.s.AcceptInterest(e.ctx, is[2].ID, "")
	must(t, err)
	_, err = e.s.DeclineInterest(e.ctx, is[3].ID, "")
	must(t, err)

	ids := func(is []*samspil.Interest) string {
		var out []string
		for _, i := range is {
			out = append(out, fmt.Sprint(i.ID))
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		name  string
		f     samspil.InterestFilter
		total int
		want  []*samspil.Interest
	}{
		{"all newest first", samspil.InterestFilter{}, 4, []*samspil.Interest{is[3], is[2], is[1], is[0]}},
		{"opportunity", samspil.InterestFilter{OpportunityID: o1.ID}, 2, []*samspil.Interest{is[1], is[0]}},
		{"incoming", samspil.InterestFilter{OwnerID: f.sov.ID}, 2, []*samspil.Interest{is[3], is[2]}},
		{"outgoing", samspil.InterestFilter{OrganisationID: f.sov.ID}, 1, []*samspil.Interest{is[0]}},
		{"status", samspil.InterestFilter{Statuses: []samspil.InterestStatus{samspil.InterestAccepted}}, 2, []*samspil.Interest{is[2], is[0]}},
		{"page", samspil.InterestFilter{Offset: 1, Limit: 2}, 4, []*samspil.Interest{is[2], is[1]}},
		{"past the end", samspil.InterestFilter{Offset: 9}, 4, nil},
	} {
		got, total, err := e.s.FindInterests(e.ctx, c.f)
		must(t, err)
		if total != c.total || ids(got) != ids(c.want) {
			t.Fatalf("%s: got %d [%s], want %d [%s]", c.name, total, ids(got), c.total, ids(c.want))
		}
	}
	_, _, err = e.s.FindInterests(e.ctx, samspil.InterestFilter{Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")

	ps, total, err := e.s.FindPartnerships(e.ctx, samspil.PartnershipFilter{OrganisationID: f.sov.ID})
	must(t, err)
	if total != 2 || len(ps) != 2 || ps[0].ID != p2.ID || ps[1].ID != p1.ID || len(ps[0].Parties) != 2 {
		t.Fatalf("partnerships of sov = %d %+v", total, ps)
	}
	ps, total, err = e.s.FindPartnerships(e.ctx, samspil.PartnershipFilter{OrganisationID: f.sov2.ID})
	must(t, err)
	if total != 0 || len(ps) != 0 {
		t.Fatalf("partnerships of sov2 = %d", total)
	}
	ps, total, err = e.s.FindPartnerships(e.ctx, samspil.PartnershipFilter{Statuses: []samspil.PartnershipStatus{samspil.PartnershipProposed}, Limit: 1})
	must(t, err)
	if total != 2 || len(ps) != 1 || ps[0].ID != p2.ID {
		t.Fatalf("proposed partnerships = %d %+v", total, ps)
	}
	_, total, err = e.s.FindPartnerships(e.ctx, samspil.PartnershipFilter{Statuses: []samspil.PartnershipStatus{samspil.PartnershipCompleted}})
	must(t, err)
	if total != 0 {
		t.Fatalf("completed = %d", total)
	}
	_, _, err = e.s.FindPartnerships(e.ctx, samspil.PartnershipFilter{Limit: -1})
	wantCode(t, err, samspil.EINVALID, "")
	counts, err := e.s.CompletedPartnershipCounts(e.ctx, []int64{f.sov.ID, f.kommune.ID})
	must(t, err)
	if len(counts) != 0 {
		t.Fatalf("completed counts = %v", counts)
	}
}

func testNotifications(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	var opps []*samspil.Opportunity
	for i := 0; i < 3; i++ {
		o := f.newNeed(fmt.Sprintf("Behov %d", i))
		must(t, e.s.CreateOpportunity(e.ctx, o))
		opps = append(opps, o)
		e.clock.Add(time.Minute)
		must(t, e.s.CreateInterest(e.ctx, &samspil.Interest{OpportunityID: o.ID, OrganisationID: f.sov.ID, Message: "Hej"}))
	}
	u := f.kommuneAdmin
	n, err := e.s.CountUnreadNotifications(e.ctx, u.ID)
	must(t, err)
	if n != 3 {
		t.Fatalf("unread = %d", n)
	}
	ns, total, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, Limit: 2})
	must(t, err)
	if total != 3 || len(ns) != 2 || ns[0].Args["Opportunity"] != "Behov 2" || ns[0].UserID != u.ID || ns[0].ReadAt != nil ||
		ns[0].Kind != samspil.NoteInterestReceived || ns[0].Link != fmt.Sprintf("/muligheder/%d", opps[2].ID) || !ns[0].CreatedAt.Equal(Start.Add(3*time.Minute)) {
		t.Fatalf("notifications = %d %+v", total, ns)
	}
	// Someone else's ids are ignored.
	must(t, e.s.MarkNotificationsRead(e.ctx, f.sovAdmin.ID, ns[0].ID))
	must(t, e.s.MarkNotificationsRead(e.ctx, u.ID, ns[0].ID))
	n, err = e.s.CountUnreadNotifications(e.ctx, u.ID)
	must(t, err)
	if n != 2 {
		t.Fatalf("unread after one = %d", n)
	}
	unread, total, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, UnreadOnly: true})
	must(t, err)
	if total != 2 || len(unread) != 2 || unread[0].ID == ns[0].ID {
		t.Fatalf("unread = %+v", unread)
	}
	read, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, Limit: 1})
	must(t, err)
	if read[0].ReadAt == nil || !read[0].ReadAt.Equal(e.clock.Now()) {
		t.Fatalf("read = %+v", read[0])
	}
	must(t, e.s.MarkNotificationsRead(e.ctx, u.ID))
	n, err = e.s.CountUnreadNotifications(e.ctx, u.ID)
	must(t, err)
	if n != 0 {
		t.Fatalf("unread after all = %d", n)
	}
	_, _, err = e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")

	// The mail outbox: oldest first, with recipient details, once each.
	_, err = e.s.UpdateUser(e.ctx, u.ID, samspil.UserUpdate{Locale: &[]string{"en"}[0], Name: &[]string{"Mette"}[0]})
	must(t, err)
	pend, err := e.s.PendingNotificationEmails(e.ctx, 2)
	must(t, err)
	if len(pend) != 2 || pend[0].Email != u.Email || pend[0].Locale != "en" || pend[0].Name != "Mette" ||
		pend[0].Notification.Args["Opportunity"] != "Behov 0" || pend[0].Notification.EmailedAt != nil {
		t.Fatalf("pending = %+v", pend)
	}
	must(t, e.s.MarkNotificationsEmailed(e.ctx, pend[0].Notification.ID, pend[1].Notification.ID))
	must(t, e.s.MarkNotificationsEmailed(e.ctx))
	pend, err = e.s.PendingNotificationEmails(e.ctx, 10)
	must(t, err)
	if len(pend) != 1 || pend[0].Notification.Args["Opportunity"] != "Behov 2" {
		t.Fatalf("pending after marking = %+v", pend)
	}
	must(t, e.s.MarkNotificationsEmailed(e.ctx, pend[0].Notification.ID))
	pend, err = e.s.PendingNotificationEmails(e.ctx, 0)
	must(t, err)
	if len(pend) != 0 {
		t.Fatalf("pending at the end = %+v", pend)
	}
}

func testSavedSearches(t *testing.T, e *env) {
	u := newUser(t, e, "soeger@example.dk")
	s := &samspil.SavedSearch{UserID: u.ID, Name: "  Cykler i Vejle ", Query: "q=cykel&municipality=0630", Digest: true}
	must(t, e.s.CreateSavedSearch(e.ctx, s))
	if s.ID == 0 || s.Name != "Cykler i Vejle" || !s.CreatedAt.Equal(Start) || s.LastDigestAt == nil || !s.LastDigestAt.Equal(Start) {
		t.Fatalf("created = %+v", s)
	}
	got, err := e.s.FindSavedSearchByID(e.ctx, s.ID)
	must(t, err)
	if got.Name != s.Name || got.Query != s.Query || !got.Digest || got.UserID != u.ID || !got.LastDigestAt.Equal(Start) {
		t.Fatalf("read back = %+v", got)
	}
	_, err = e.s.FindSavedSearchByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "saved_search.not_found")
	a := &samspil.SavedSearch{UserID: u.ID, Name: "Æbler", Query: "q=æbler"}
	must(t, e.s.CreateSavedSearch(e.ctx, a))
	b := &samspil.SavedSearch{UserID: u.ID, Name: "aftaler", Query: ""}
	must(t, e.s.CreateSavedSearch(e.ctx, b))
	list, err := e.s.FindSavedSearches(e.ctx, u.ID)
	must(t, err)
	if len(list) != 3 || list[0].Name != "aftaler" || list[1].Name != "Cykler i Vejle" || list[2].Name != "Æbler" {
		t.Fatalf("list = %+v", list)
	}
	other := newUser(t, e, "anden@example.dk")
	list, err = e.s.FindSavedSearches(e.ctx, other.ID)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("other's list = %+v", list)
	}

	// Errors.
	wantField(t, e.s.CreateSavedSearch(e.ctx, &samspil.SavedSearch{UserID: u.ID, Name: " ", Query: "q=x"}), samspil.EINVALID, "name", "saved_search.name.required")
	wantField(t, e.s.CreateSavedSearch(e.ctx, &samspil.SavedSearch{UserID: u.ID, Name: strings.Repeat("n", 201), Query: "q=x"}), samspil.EINVALID, "name", "saved_search.name.too_long")
	wantField(t, e.s.CreateSavedSearch(e.ctx, &samspil.SavedSearch{UserID: u.ID, Name: "x", Query: "q=%zz"}), samspil.EINVALID, "query", "saved_search.query.invalid")
	wantCode(t, e.s.CreateSavedSearch(e.ctx, &samspil.SavedSearch{UserID: 999999, Name: "x", Query: "q=x"}), samspil.ENOTFOUND, "user.not_found")
	for i := 3; i < samspil.MaxSavedSearches; i++ {
		must(t, e.s.CreateSavedSearch(e.ctx, &samspil.SavedSearch{UserID: u.ID, Name: fmt.Sprint("s", i), Query: "q=x"}))
	}
	wantCode(t, e.s.CreateSavedSearch(e.ctx, &samspil.SavedSearch{UserID: u.ID, Name: "for mange", Query: "q=x"}), samspil.ETOOMANY, "saved_search.too_many")

	// Update: turning the digest on starts it from now.
	e.clock.Add(24 * time.Hour)
	up, err := e.s.UpdateSavedSearch(e.ctx, a.ID, " Æbler og pærer ", true)
	must(t, err)
	if up.Name != "Æbler og pærer" || !up.Digest || !up.LastDigestAt.Equal(e.clock.Now()) {
		t.Fatalf("updated = %+v", up)
	}
	up, err = e.s.UpdateSavedSearch(e.ctx, s.ID, "Cykler", true)
	must(t, err)
	if !up.LastDigestAt.Equal(Start) {
		t.Fatalf("digest already on: last digest moved to %v", up.LastDigestAt)
	}
	_, err = e.s.UpdateSavedSearch(e.ctx, s.ID, "", true)
	wantField(t, err, samspil.EINVALID, "name", "saved_search.name.required")
	_, err = e.s.UpdateSavedSearch(e.ctx, 999999, "x", true)
	wantCode(t, err, samspil.ENOTFOUND, "saved_search.not_found")

	// The digest queue.
	due, err := e.s.FindDigestSavedSearches(e.ctx, e.clock.Now(), 10)
	must(t, err)
	if len(due) != 1 || due[0].ID != s.ID {
		t.Fatalf("due = %+v", due)
	}
	must(t, e.s.MarkDigestSent(e.ctx, s.ID, e.clock.Now()))
	must(t, e.s.MarkDigestSent(e.ctx, s.ID, Start)) // never backwards
	got, err = e.s.FindSavedSearchByID(e.ctx, s.ID)
	must(t, err)
	if !got.LastDigestAt.Equal(e.clock.Now()) {
		t.Fatalf("last digest = %v", got.LastDigestAt)
	}
	due, err = e.s.FindDigestSavedSearches(e.ctx, e.clock.Now(), 10)
	must(t, err)
	if len(due) != 0 {
		t.Fatalf("due after sending = %+v", due)
	}
	due, err = e.s.FindDigestSavedSearches(e.ctx, e.clock.Now().Add(time.Second), 10)
	must(t, err)
	if len(due) != 2 {
		t.Fatalf("due a second later = %+v", due)
	}
	wantCode(t, e.s.MarkDigestSent(e.ctx, 999999, Start), samspil.ENOTFOUND, "saved_search.not_found")

	must(t, e.s.DeleteSavedSearch(e.ctx, s.ID))
	wantCode(t, e.s.DeleteSavedSearch(e.ctx, s.ID), samspil.ENOTFOUND, "saved_search.not_found")
	_, err = e.s.FindSavedSearchByID(e.ctx, s.ID)
	wantCode(t, err, samspil.ENOTFOUND, "saved_search.not_found")
}
