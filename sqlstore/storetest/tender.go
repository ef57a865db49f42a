package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// RunTenders runs the tender store's contract: drafts, publication to
// matching suppliers, amendments, cancellation, award into a partnership,
// anonymous clarifications, supplier responses, reminders, lists, history
// and the search documents, on a fresh store per test.
func RunTenders(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"Create", testTenderCreate},
		{"Update", testTenderUpdate},
		{"Publish", testTenderPublish},
		{"PublishReserved", testTenderPublishReserved},
		{"PublishCap", testTenderPublishCap},
		{"Amend", testTenderAmend},
		{"Cancel", testTenderCancel},
		{"Award", testTenderAward},
		{"AwardAllOrNothing", testTenderAwardAllOrNothing},
		{"Clarifications", testTenderClarifications},
		{"Responses", testTenderResponses},
		{"Remind", testTenderRemind},
		{"Find", testFindTenders},
		{"VersionsBetween", testTenderVersionsBetween},
		{"Candidates", testTenderCandidates},
		{"Follow", testTenderFollow},
		{"Search", testTenderSearch},
		{"NotFound", testTenderNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// tenderFixture is a small procurement world: København buys; near (in
// København, meeting the 30 % condition) and far (Aalborg, not meeting it)
// are SØV selling cleaning (CPV group 909); builder is a SØV in another
// trade; firm is an ordinary company selling cleaning. Each organisation
// has one active admin; follower is a person with no organisation.
type tenderFixture struct {
	kommune, near, far, builder, firm        *samspil.Organisation
	buyer, nearAdmin, farAdmin, builderAdmin *samspil.User
	firmAdmin, follower                      *samspil.User
}

func newTenderFixture(t *testing.T, e *env) *tenderFixture {
	t.Helper()
	f := &tenderFixture{}
	var err error
	f.kommune, err = e.s.FindMunicipalityOrganisation(e.ctx, "0101")
	must(t, err)
	f.near = newOrg(41, "Rengøringsholdet")
	f.near.CPVCodes = []string{"90911200-8"}
	f.near.Employees, f.near.DisadvantagedEmployees = 10, 5
	must(t, e.s.CreateOrganisation(e.ctx, f.near))
	f.far = newOrg(42, "Vinduespudserne i Aalborg")
	f.far.MunicipalityCode = "0851"
	f.far.CPVCodes = []string{"90910000-9"}
	f.far.Employees, f.far.DisadvantagedEmployees = 10, 1
	must(t, e.s.CreateOrganisation(e.ctx, f.far))
	f.builder = newOrg(43, "Byggeværkstedet")
	f.builder.CPVCodes = []string{"45000000-7"}
	must(t, e.s.CreateOrganisation(e.ctx, f.builder))
	f.firm = newOrg(44, "Rent A/S")
	f.firm.Kind = samspil.OrgVirksomhed
	f.firm.CPVCodes = []string{"90911200-8"}
	must(t, e.s.CreateOrganisation(e.ctx, f.firm))
	for _, m := range []struct {
		u   **samspil.User
		org *samspil.Organisation
		em  string
	}{{&f.buyer, f.kommune, "indkob@kk.dk"}, {&f.nearAdmin, f.near, "leder@rent.dk"}, {&f.farAdmin, f.far, "leder@vindue.dk"},
		{&f.builderAdmin, f.builder, "leder@byg.dk"}, {&f.firmAdmin, f.firm, "chef@rent-as.dk"}} {
		*m.u = newUser(t, e, m.em)
		must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: (*m.u).ID, OrganisationID: m.org.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}))
	}
	f.follower = newUser(t, e, "journalist@avis.dk")
	return f
}

// as acts as u.
func (f *tenderFixture) as(e *env, u *samspil.User) context.Context {
	return samspil.WithActor(e.ctx, u.ID)
}

// newTender returns a valid tender of København for cleaning, with the
// questions deadline 10 days, the tender deadline 20 days after now.
func (f *tenderFixture) newTender(e *env, title string) *samspil.Tender {
	now := e.clock.Now()
	day := func(n int) time.Time {
		d := now.AddDate(0, 0, n)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	}
	return &samspil.Tender{
		BuyerID: f.kommune.ID, Title: title,
		Description:       "Daglig rengøring og vinduespolering på tre skoler.",
		Procedure:         samspil.ProcSocialClause,
		MainCPV:           "90911200",
		CPVCodes:          []string{"90910000-9", "90911200-8"},
		ValueOre:          2_000_000_00,
		Lots:              []samspil.TenderLot{{Number: 1, Title: "Nord", ValueOre: 1_000_000_00}, {Number: 2, Title: "Syd", ValueOre: 900_000_00}},
		PlaceCode:         "0101",
		SocialGoals:       []string{"social.disadvantagedEmploymentOpportunities"},
		SocialCriteria:    "Mindst to personer i praktik.",
		QuestionsDeadline: now.Add(10 * 24 * time.Hour), TenderDeadline: now.Add(20 * 24 * time.Hour),
		ExpectedAward: day(30), ContractStart: day(40), ContractEnd: day(40).AddDate(2, 0, 0),
	}
}

// publish creates and publishes a tender as the buyer.
func (f *tenderFixture) publish(t *testing.T, e *env, x *samspil.Tender) *samspil.Tender {
	t.Helper()
	ctx := f.as(e, f.buyer)
	must(t, e.s.CreateTender(ctx, x))
	p, err := e.s.PublishTender(ctx, x.ID)
	must(t, err)
	return p
}

// tenderNotes returns u's notifications of kind as "link|Tender|Buyer[|Note]".
func tenderNotes(t *testing.T, e *env, u *samspil.User, kind samspil.NotificationKind) []string {
	t.Helper()
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID, Limit: 100})
	must(t, err)
	var out []string
	for _, n := range ns {
		if n.Kind != kind {
			continue
		}
		s := n.Link + "|" + n.Args["Tender"] + "|" + n.Args["Buyer"]
		if n.Args["Note"] != "" {
			s += "|" + n.Args["Note"]
		}
		out = append(out, s)
	}
	return out
}

// wantNotes checks how many notifications of kind each user has.
func wantNotes(t *testing.T, e *env, kind samspil.NotificationKind, want map[*samspil.User]int) {
	t.Helper()
	for u, n := range want {
		if got := tenderNotes(t, e, u, kind); len(got) != n {
			t.Errorf("%s has %d %s notifications %q, want %d", u.Email, len(got), kind, got, n)
		}
	}
}

func responseSummary(rs []*samspil.TenderResponse) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.OrganisationName+":"+string(r.State))
	}
	return strings.Join(parts, "|")
}

func tenderTitles(ts []*samspil.Tender) string {
	var parts []string
	for _, x := range ts {
		parts = append(parts, x.Title)
	}
	return strings.Join(parts, "|")
}

func testTenderCreate(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	x := f.newTender(e, "  Rengøring af skoler ")
	must(t, e.s.CreateTender(f.as(e, f.buyer), x))
	if x.ID == 0 || x.Status != samspil.TenderDraft || x.Version != 1 || x.Title != "Rengøring af skoler" || x.MainCPV != "90911200-8" ||
		len(x.CPVCodes) != 1 || x.CPVCodes[0] != "90910000-9" || x.BuyerName != f.kommune.Name || x.PublishedAt != nil || !x.CreatedAt.Equal(Start) {
		t.Fatalf("created = %+v", x)
	}
	got, err := e.s.FindTenderByID(e.ctx, x.ID)
	must(t, err)
	if got.Title != x.Title || got.BuyerMunicipality != "0101" || len(got.Lots) != 2 || got.Lots[1].Title != "Syd" || got.ValueOre != x.ValueOre ||
		!got.TenderDeadline.Equal(x.TenderDeadline) || !got.ContractEnd.Equal(x.ContractEnd) || got.CreatedBy != f.buyer.ID ||
		len(got.SocialGoals) != 1 || got.SocialCriteria != x.SocialCriteria || got.Award != nil || got.Version != 1 {
		t.Fatalf("read back = %+v", got)
	}
	vs, err := e.s.TenderVersions(e.ctx, x.ID)
	must(t, err)
	if len(vs) != 0 {
		t.Fatalf("a draft has %d versions", len(vs))
	}
	// The tender's documents.
	doc := &samspil.Attachment{OwnerType: samspil.OwnerTender, OwnerID: x.ID, Name: "udbudsbetingelser.pdf", ContentType: samspil.ContentPDF,
		Size: 1234, SHA256: pdfSum(7)}
	must(t, e.s.AddAttachment(f.as(e, f.buyer), doc))
	docs, err := e.s.FindAttachments(e.ctx, samspil.OwnerTender, x.ID)
	must(t, err)
	if len(docs) != 1 || docs[0].ID != doc.ID {
		t.Fatalf("documents = %+v", docs)
	}
	wantTenderErr(t, e.s.AddAttachment(e.ctx, &samspil.Attachment{OwnerType: samspil.OwnerTender, OwnerID: 999999, Name: "x.pdf",
		ContentType: samspil.ContentPDF, Size: 1, SHA256: pdfSum(8)}), samspil.ENOTFOUND, "attachment.owner.not_found")
	for _, c := range []struct {
		name      string
		change    func(x *samspil.Tender)
		code, key string
	}{
		{"buyer not a municipality", func(x *samspil.Tender) { x.BuyerID = f.near.ID }, samspil.EINVALID, "tender.buyer.kind"},
		{"unknown buyer", func(x *samspil.Tender) { x.BuyerID = 999999 }, samspil.ENOTFOUND, "org.not_found"},
		{"no title", func(x *samspil.Tender) { x.Title = " " }, samspil.EINVALID, "tender.title.required"},
		{"unknown place", func(x *samspil.Tender) { x.PlaceCode = "9999" }, samspil.EINVALID, "tender.place.invalid"},
		{"questions after deadline", func(x *samspil.Tender) { x.QuestionsDeadline = x.TenderDeadline.Add(time.Hour) }, samspil.EINVALID, "tender.date.questions_after_deadline"},
	} {
		t.Run(c.name, func(t *testing.T) {
			y := f.newTender(e, "Ugyldigt")
			c.change(y)
			err := e.s.CreateTender(f.as(e, f.buyer), y)
			wantTenderErr(t, err, c.code, c.key)
			if y.ID != 0 {
				t.Fatalf("failed create left id %d", y.ID)
			}
		})
	}
	_, total, err := e.s.FindTenders(e.ctx, samspil.TenderFilter{BuyerID: f.kommune.ID, Statuses: []samspil.TenderStatus{samspil.TenderDraft}})
	must(t, err)
	if total != 1 {
		t.Fatalf("drafts = %d, want 1 (failed creates left rows)", total)
	}
}

func testTenderUpdate(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	ctx := f.as(e, f.buyer)
	x := f.newTender(e, "Rengøring")
	must(t, e.s.CreateTender(ctx, x))
	e.clock.Add(time.Hour)
	edit := *x
	edit.Title, edit.Lots, edit.Status, edit.BuyerID = "Rengøring og vinduer", nil, samspil.TenderAwarded, f.near.ID
	must(t, e.s.UpdateTender(ctx, &edit))
	if edit.Version != 2 || edit.Status != samspil.TenderDraft || edit.BuyerID != f.kommune.ID || !edit.UpdatedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("updated = %+v", edit)
	}
	got, err := e.s.FindTenderByID(e.ctx, x.ID)
	must(t, err)
	if got.Title != "Rengøring og vinduer" || len(got.Lots) != 0 || got.Version != 2 || got.Status != samspil.TenderDraft {
		t.Fatalf("read back = %+v", got)
	}
	stale := *x // still version 1
	stale.Title = "Gammel"
	wantTenderErr(t, e.s.UpdateTender(ctx, &stale), samspil.ECONFLICT, "tender.stale")
	bad := *got
	bad.ValueOre = 0
	wantTenderErr(t, e.s.UpdateTender(ctx, &bad), samspil.EINVALID, "tender.value.required")
	missing := *got
	missing.ID = 999999
	wantTenderErr(t, e.s.UpdateTender(ctx, &missing), samspil.ENOTFOUND, "tender.not_found")
	p, err := e.s.PublishTender(ctx, x.ID)
	must(t, err)
	wantTenderErr(t, e.s.UpdateTender(ctx, p), samspil.ECONFLICT, "tender.not_draft")
}

func testTenderPublish(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	ctx := f.as(e, f.buyer)
	x := f.newTender(e, "Rengøring af skoler")
	must(t, e.s.CreateTender(ctx, x))
	e.clock.Add(time.Minute)
	p, err := e.s.PublishTender(ctx, x.ID)
	must(t, err)
	if p.Status != samspil.TenderPublished || p.PublishedAt == nil || !p.PublishedAt.Equal(Start.Add(time.Minute)) || p.Version != 2 {
		t.Fatalf("published = %+v", p)
	}
	_, err = e.s.PublishTender(ctx, x.ID)
	wantTenderErr(t, err, samspil.ECONFLICT, "tender.not_draft")

	vs, err := e.s.TenderVersions(e.ctx, x.ID)
	must(t, err)
	if len(vs) != 1 || vs[0].Seq != 1 || vs[0].Kind != samspil.VersionPublished || !vs[0].At.Equal(*p.PublishedAt) ||
		vs[0].Tender == nil || vs[0].Tender.Status != samspil.TenderPublished || vs[0].Tender.Title != p.Title || len(vs[0].Tender.Lots) != 2 ||
		vs[0].By != f.buyer.ID {
		t.Fatalf("versions = %+v", vs)
	}

	// The SØV sharing the CPV group are notified, nearest first; not the
	// other trade, not the company, not the buyer.
	rs, err := e.s.FindTenderResponses(e.ctx, x.ID)
	must(t, err)
	if got := responseSummary(rs); got != "Rengøringsholdet:notified|Vinduespudserne i Aalborg:notified" {
		t.Fatalf("responses = %s", got)
	}
	if rs[0].NotifiedAt == nil || !rs[0].NotifiedAt.Equal(*p.PublishedAt) || rs[0].OpenedAt != nil {
		t.Fatalf("response = %+v", rs[0])
	}
	link := fmt.Sprintf("/udbud/%d", x.ID)
	if got := tenderNotes(t, e, f.nearAdmin, samspil.NoteTenderNew); len(got) != 1 || got[0] != link+"|Rengøring af skoler|"+f.kommune.Name {
		t.Fatalf("near's notes = %q", got)
	}
	wantNotes(t, e, samspil.NoteTenderNew, map[*samspil.User]int{f.farAdmin: 1, f.builderAdmin: 0, f.firmAdmin: 0, f.buyer: 0})
	inbox, err := e.s.FindResponsesByOrganisation(e.ctx, f.far.ID)
	must(t, err)
	if len(inbox) != 1 || inbox[0].TenderID != x.ID || inbox[0].State != samspil.ResponseNotified {
		t.Fatalf("far's inbox = %+v", inbox)
	}

	// In the search from now on: a word only in the description finds it.
	found, total, err := e.s.FindTenders(e.ctx, samspil.TenderFilter{Text: "vinduespolering"})
	must(t, err)
	if total != 1 || found[0].ID != x.ID {
		t.Fatalf("text search = %d %s", total, tenderTitles(found))
	}

	// A draft whose questions deadline has passed cannot be published.
	y := f.newTender(e, "For sent")
	must(t, e.s.CreateTender(ctx, y))
	e.clock.Add(11 * 24 * time.Hour)
	_, err = e.s.PublishTender(ctx, y.ID)
	wantTenderErr(t, err, samspil.EINVALID, "tender.date.questions_past")
	_, err = e.s.PublishTender(ctx, 999999)
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	found, _, err = e.s.FindTenders(e.ctx, samspil.TenderFilter{Text: "vinduespolering"})
	must(t, err)
	if len(found) != 1 {
		t.Fatalf("a draft is in the search: %s", tenderTitles(found))
	}
}

func testTenderPublishReserved(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	x := f.newTender(e, "Reserveret rengøring")
	x.Procedure, x.Reservation = samspil.ProcReserved, samspil.ReserveShelteredWorkshop
	f.publish(t, e, x)
	rs, err := e.s.FindTenderResponses(e.ctx, x.ID)
	must(t, err)
	if got := responseSummary(rs); got != "Rengøringsholdet:notified" {
		t.Fatalf("responses to a reserved tender = %s", got)
	}
	wantNotes(t, e, samspil.NoteTenderNew, map[*samspil.User]int{f.nearAdmin: 1, f.farAdmin: 0})
	found, total, err := e.s.FindTenders(e.ctx, samspil.TenderFilter{Reserved: true})
	must(t, err)
	if total != 1 || found[0].ID != x.ID {
		t.Fatalf("reserved filter = %s", tenderTitles(found))
	}
}

func testTenderAmend(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	ctx := f.as(e, f.buyer)
	x := f.publish(t, e, f.newTender(e, "Rengøring"))
	// near opens it, the builder shows interest (it was never notified),
	// far only got the notice; the follower follows it and so does near's
	// admin (told once).
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.near.ID, State: samspil.ResponseOpened}))
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.builder.ID, State: samspil.ResponseInterested}))
	must(t, e.s.Follow(e.ctx, f.follower.ID, samspil.FollowTender, fmt.Sprint(x.ID)))
	must(t, e.s.Follow(e.ctx, f.nearAdmin.ID, samspil.FollowTender, fmt.Sprint(x.ID)))

	draft := f.newTender(e, "Udkast")
	must(t, e.s.CreateTender(ctx, draft))
	e.clock.Add(time.Hour)
	for _, c := range []struct {
		name      string
		x         *samspil.Tender
		note      string
		change    func(y *samspil.Tender)
		code, key string
	}{
		{"no note", x, "  ", nil, samspil.EINVALID, "tender.amend.note"},
		{"draft", draft, "Ændret", nil, samspil.ECONFLICT, "tender.not_published"},
		{"stale", x, "Ændret", func(y *samspil.Tender) { y.Version-- }, samspil.ECONFLICT, "tender.stale"},
		{"invalid", x, "Ændret", func(y *samspil.Tender) { y.MainCPV = "" }, samspil.EINVALID, "tender.cpv.required"},
		{"unknown", x, "Ændret", func(y *samspil.Tender) { y.ID = 999999 }, samspil.ENOTFOUND, "tender.not_found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			y := *c.x
			if c.change != nil {
				c.change(&y)
			}
			wantTenderErr(t, e.s.AmendTender(ctx, &y, c.note), c.code, c.key)
		})
	}
	y := *x
	y.TenderDeadline = y.TenderDeadline.Add(48 * time.Hour)
	y.Status = samspil.TenderDraft // ignored
	must(t, e.s.AmendTender(ctx, &y, " Fristen er forlænget "))
	if y.Version != x.Version+1 || y.Status != samspil.TenderPublished || !y.PublishedAt.Equal(*x.PublishedAt) {
		t.Fatalf("amended = %+v", y)
	}
	vs, err := e.s.TenderVersions(e.ctx, x.ID)
	must(t, err)
	if len(vs) != 2 || vs[1].Seq != 2 || vs[1].Kind != samspil.VersionAmended || vs[1].Note != "Fristen er forlænget" ||
		!vs[1].Tender.TenderDeadline.Equal(y.TenderDeadline) || !vs[0].Tender.TenderDeadline.Equal(x.TenderDeadline) {
		t.Fatalf("versions = %+v", vs)
	}
	link := fmt.Sprintf("/udbud/%d", x.ID)
	if got := tenderNotes(t, e, f.follower, samspil.NoteTenderAmended); len(got) != 1 || got[0] != link+"|Rengøring|"+f.kommune.Name+"|Fristen er forlænget" {
		t.Fatalf("follower's notes = %q", got)
	}
	wantNotes(t, e, samspil.NoteTenderAmended, map[*samspil.User]int{f.nearAdmin: 1, f.builderAdmin: 1, f.farAdmin: 0, f.buyer: 0, f.firmAdmin: 0})
}

func testTenderCancel(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	ctx := f.as(e, f.buyer)
	draft := f.newTender(e, "Udkast")
	must(t, e.s.CreateTender(ctx, draft))
	_, err := e.s.CancelTender(ctx, draft.ID, " ")
	wantTenderErr(t, err, samspil.EINVALID, "tender.cancel.reason")
	c, err := e.s.CancelTender(ctx, draft.ID, "Behovet er væk")
	must(t, err)
	if c.Status != samspil.TenderCancelled || c.CancelReason != "Behovet er væk" {
		t.Fatalf("cancelled draft = %+v", c)
	}
	vs, err := e.s.TenderVersions(e.ctx, draft.ID)
	must(t, err)
	if len(vs) != 0 {
		t.Fatalf("a cancelled draft has versions %+v", vs)
	}

	x := f.publish(t, e, f.newTender(e, "Rengøring af skoler"))
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.near.ID, State: samspil.ResponseInterested}))
	must(t, e.s.Follow(e.ctx, f.follower.ID, samspil.FollowTender, fmt.Sprint(x.ID)))
	e.clock.Add(time.Hour)
	c, err = e.s.CancelTender(ctx, x.ID, "Budgettet er skåret")
	must(t, err)
	if c.Status != samspil.TenderCancelled || c.Version != x.Version+1 {
		t.Fatalf("cancelled = %+v", c)
	}
	vs, err = e.s.TenderVersions(e.ctx, x.ID)
	must(t, err)
	if len(vs) != 2 || vs[1].Kind != samspil.VersionCancelled || vs[1].Note != "Budgettet er skåret" || vs[1].Tender.Status != samspil.TenderCancelled {
		t.Fatalf("versions = %+v", vs)
	}
	wantNotes(t, e, samspil.NoteTenderCancelled, map[*samspil.User]int{f.nearAdmin: 1, f.follower: 1, f.farAdmin: 0, f.buyer: 0})
	if got := tenderNotes(t, e, f.follower, samspil.NoteTenderCancelled); !strings.HasSuffix(got[0], "|Budgettet er skåret") {
		t.Fatalf("note = %q", got)
	}
	_, err = e.s.CancelTender(ctx, x.ID, "Igen")
	wantTenderErr(t, err, samspil.ECONFLICT, "tender.not_cancellable")
	_, err = e.s.CancelTender(ctx, 999999, "Igen")
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	// Out of the search, still readable and listed.
	found, _, err := e.s.FindTenders(e.ctx, samspil.TenderFilter{Text: "vinduespolering"})
	must(t, err)
	if len(found) != 0 {
		t.Fatalf("a cancelled tender is in the search: %s", tenderTitles(found))
	}
	found, _, err = e.s.FindTenders(e.ctx, samspil.TenderFilter{Statuses: []samspil.TenderStatus{samspil.TenderCancelled}})
	must(t, err)
	if tenderTitles(found) != "Rengøring af skoler" {
		t.Fatalf("cancelled list = %s", tenderTitles(found))
	}
}

func testTenderAward(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	ctx := f.as(e, f.buyer)
	x := f.newTender(e, "Reserveret rengøring")
	x.Procedure, x.Reservation = samspil.ProcReserved, samspil.ReserveShelteredWorkshop
	x = f.publish(t, e, x)
	award := func() *samspil.TenderAward {
		return &samspil.TenderAward{SupplierIDs: []int64{f.near.ID, f.far.ID, f.near.ID}, ValueOre: 1_800_000_00,
			ContractStart: x.ContractStart, ContractEnd: x.ContractEnd, Section20Note: "Begge har over 30 % ansatte fra målgruppen."}
	}
	_, _, err := e.s.AwardTender(ctx, x.ID, award())
	wantTenderErr(t, err, samspil.EINVALID, "tender.award.too_early")
	e.clock.Add(21 * 24 * time.Hour)
	for _, c := range []struct {
		name      string
		id        int64
		change    func(a *samspil.TenderAward)
		code, key string
	}{
		{"no suppliers", x.ID, func(a *samspil.TenderAward) { a.SupplierIDs = []int64{f.kommune.ID} }, samspil.EINVALID, "tender.award.suppliers"},
		{"no § 20 note", x.ID, func(a *samspil.TenderAward) { a.Section20Note = "" }, samspil.EINVALID, "tender.award.section20_note"},
		{"unknown supplier", x.ID, func(a *samspil.TenderAward) { a.SupplierIDs = append(a.SupplierIDs, 999999) }, samspil.ENOTFOUND, "org.not_found"},
		{"unknown tender", 999999, nil, samspil.ENOTFOUND, "tender.not_found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := award()
			if c.change != nil {
				c.change(a)
			}
			_, _, err := e.s.AwardTender(ctx, c.id, a)
			wantTenderErr(t, err, c.code, c.key)
		})
	}
	got, p, err := e.s.AwardTender(ctx, x.ID, award())
	must(t, err)
	if got.Status != samspil.TenderAwarded || got.Award == nil || len(got.Award.SupplierIDs) != 2 || got.Award.SupplierNames[1] != f.far.Name ||
		!got.Award.AwardedAt.Equal(e.clock.Now()) || got.Award.PartnershipID == nil || *got.Award.PartnershipID != p.ID {
		t.Fatalf("awarded = %+v / %+v", got, got.Award)
	}
	if p.Model != samspil.ModelReserveretKontrakt || p.Status != samspil.PartnershipAgreed || p.TenderID == nil || *p.TenderID != x.ID ||
		p.Title != x.Title || len(p.Parties) != 3 || p.Parties[0].OrganisationID != f.kommune.ID || p.Parties[0].Role != "koeber" ||
		p.Parties[1].Role != "leverandoer" || p.Parties[2].OrganisationID != f.far.ID {
		t.Fatalf("partnership = %+v", p)
	}
	again, err := e.s.FindPartnershipByID(e.ctx, p.ID)
	must(t, err)
	if again.TenderID == nil || *again.TenderID != x.ID {
		t.Fatalf("read back partnership = %+v", again)
	}
	read, err := e.s.FindTenderByID(e.ctx, x.ID)
	must(t, err)
	if read.Award == nil || read.Award.AwardedBy != f.buyer.ID || read.Award.Section20Note == "" || read.Award.SupplierNames[0] != f.near.Name {
		t.Fatalf("read back award = %+v", read.Award)
	}
	vs, err := e.s.TenderVersions(e.ctx, x.ID)
	must(t, err)
	if len(vs) != 2 || vs[1].Kind != samspil.VersionAwarded || vs[1].Tender.Award == nil || vs[1].Tender.Award.ValueOre != 1_800_000_00 {
		t.Fatalf("versions = %+v", vs)
	}
	wantNotes(t, e, samspil.NoteTenderAwarded, map[*samspil.User]int{f.nearAdmin: 1, f.farAdmin: 1, f.buyer: 0, f.builderAdmin: 0})
	_, _, err = e.s.AwardTender(ctx, x.ID, award())
	wantTenderErr(t, err, samspil.ECONFLICT, "tender.not_published")
	_, err = e.s.CancelTender(ctx, x.ID, "For sent")
	wantTenderErr(t, err, samspil.ECONFLICT, "tender.not_cancellable")
	// Awarded tenders stay in the search.
	found, _, err := e.s.FindTenders(e.ctx, samspil.TenderFilter{Text: "vinduespolering", Statuses: []samspil.TenderStatus{samspil.TenderAwarded}})
	must(t, err)
	if len(found) != 1 || found[0].Award == nil {
		t.Fatalf("awarded search = %s", tenderTitles(found))
	}
	// The ordinary procedures make an indkøb partnership.
	y := f.newTender(e, "Almindeligt indkøb")
	y.Procedure = samspil.ProcBelowThreshold
	y = f.publish(t, e, y)
	e.clock.Add(21 * 24 * time.Hour)
	a := award()
	a.ContractStart, a.ContractEnd, a.Section20Note = y.ContractStart, y.ContractEnd, ""
	_, p2, err := e.s.AwardTender(ctx, y.ID, a)
	must(t, err)
	if p2.Model != samspil.ModelIndkob {
		t.Fatalf("model = %s", p2.Model)
	}
}

func testTenderAwardAllOrNothing(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	ctx := f.as(e, f.buyer)
	x := f.publish(t, e, f.newTender(e, "Rengøring"))
	e.clock.Add(21 * 24 * time.Hour)
	// The unknown supplier is last: a store that inserted as it went would
	// leave a partnership behind.
	_, _, err := e.s.AwardTender(ctx, x.ID, &samspil.TenderAward{SupplierIDs: []int64{f.near.ID, 999999}, ValueOre: 100,
		ContractStart: x.ContractStart, ContractEnd: x.ContractEnd})
	wantTenderErr(t, err, samspil.ENOTFOUND, "org.not_found")
	_, total, err := e.s.FindPartnerships(e.ctx, samspil.PartnershipFilter{OrganisationID: f.kommune.ID})
	must(t, err)
	if total != 0 {
		t.Fatalf("a failed award left %d partnerships", total)
	}
	got, err := e.s.FindTenderByID(e.ctx, x.ID)
	must(t, err)
	if got.Status != samspil.TenderPublished || got.Award != nil || got.Version != x.Version {
		t.Fatalf("tender after a failed award = %+v", got)
	}
	vs, err := e.s.TenderVersions(e.ctx, x.ID)
	must(t, err)
	wantNotes(t, e, samspil.NoteTenderAwarded, map[*samspil.User]int{f.nearAdmin: 0})
	if len(vs) != 1 {
		t.Fatalf("versions after a failed award = %d", len(vs))
	}
}

func testTenderNotFound(t *testing.T, e *env) {
	_, err := e.s.FindTenderByID(e.ctx, 999999)
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	_, err = e.s.TenderVersions(e.ctx, 999999)
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	_, err = e.s.FindClarifications(e.ctx, 999999, true)
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	_, err = e.s.FindTenderResponses(e.ctx, 999999)
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	_, err = e.s.RemindTenderRecipients(e.ctx, 999999)
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	_, err = e.s.AnswerClarification(e.ctx, 999999, "Svar")
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.clarification.not_found")
	err = e.s.AskClarification(e.ctx, &samspil.Clarification{TenderID: 999999, OrganisationID: 1, Question: "Hvad?"})
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	err = e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: 999999, OrganisationID: 1, State: samspil.ResponseOpened})
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
}

// jsonHas reports whether v's JSON contains s.
func jsonHas(t *testing.T, v any, s string) bool {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return strings.Contains(string(b), s)
}

// sortedInts returns a sorted copy, for comparisons.
func sortedInts(xs []int) []int {
	out := append([]int(nil), xs...)
	sort.Ints(out)
	return out
}

// wantTenderErr checks err's code and that key is its key or the key of
// one of its fields (validation errors carry "error.validation").
func wantTenderErr(t *testing.T, err error, code, key string) {
	t.Helper()
	if got := samspil.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	e, _ := samspil.AsError(err)
	if key == "" || e == nil || e.Key == key {
		return
	}
	for _, f := range e.Fields {
		if f.Key == key {
			return
		}
	}
	t.Fatalf("error %v (key %q, fields %+v) lacks key %q", err, e.Key, e.Fields, key)
}
