package storetest

import (
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// opportunityTests are the contract tests of the opportunity board,
// interests, partnerships, notifications, saved searches and the match
// source; Run appends them to its list.
var opportunityTests = []struct {
	name string
	fn   func(t *testing.T, e *env)
}{
	{"CreateOpportunity", testCreateOpportunity},
	{"CreateOpportunityInvalid", testCreateOpportunityInvalid},
	{"UpdateOpportunity", testUpdateOpportunity},
	{"FindOpportunities", testFindOpportunities},
	{"CloseExpiredOpportunities", testCloseExpiredOpportunities},
}

// oppFixture is a small world for the board: a municipality, two SØV and
// a company, each with one active admin.
type oppFixture struct {
	kommune, sov, sov2, firm *samspil.Organisation
	kommuneAdmin, sovAdmin   *samspil.User
	sov2Admin, firmAdmin     *samspil.User
}

func newOppFixture(t *testing.T, e *env) *oppFixture {
	t.Helper()
	f := &oppFixture{}
	var err error
	f.kommune, err = e.s.FindMunicipalityOrganisation(e.ctx, "0101")
	must(t, err)
	f.sov = newOrg(11, "Cykelværkstedet")
	f.sov.CPVCodes = []string{"50110000-9", "90911200-8"}
	f.sov.TargetGroups = []string{"udsatte_ledige"}
	f.sov.Capacity = 8
	must(t, e.s.CreateOrganisation(e.ctx, f.sov))
	f.sov2 = newOrg(12, "Vaskeriet i Vejle")
	f.sov2.MunicipalityCode = "0630"
	f.sov2.CPVCodes = []string{"98310000-9"}
	f.sov2.TargetGroups = []string{"handicap"}
	must(t, e.s.CreateOrganisation(e.ctx, f.sov2))
	f.firm = newOrg(13, "Byggefirmaet A/S")
	f.firm.Kind = samspil.OrgVirksomhed
	f.firm.CPVCodes = []string{"45000000-7"}
	must(t, e.s.CreateOrganisation(e.ctx, f.firm))
	for _, m := range []struct {
		u   **samspil.User
		org *samspil.Organisation
		em  string
	}{{&f.kommuneAdmin, f.kommune, "indkob@kk.dk"}, {&f.sovAdmin, f.sov, "leder@cykel.dk"}, {&f.sov2Admin, f.sov2, "leder@vask.dk"}, {&f.firmAdmin, f.firm, "chef@byg.dk"}} {
		*m.u = newUser(t, e, m.em)
		must(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: (*m.u).ID, OrganisationID: m.org.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}))
	}
	return f
}

// newNeed returns a valid procurement need of the municipality.
func (f *oppFixture) newNeed(title string) *samspil.Opportunity {
	return &samspil.Opportunity{
		OrganisationID: f.kommune.ID, Kind: samspil.OppIndkobsbehov, Title: title,
		Description: "Vi søger en leverandør.", CPVCodes: []string{"50110000"}, TargetGroups: []string{"udsatte_ledige"},
		MunicipalityCode: "0101", RadiusKm: 50, Volume: 10, EstimatedValueOre: 500_000_00,
	}
}

func deadline(d time.Time) **time.Time { return &[]*time.Time{&d}[0] }

func testCreateOpportunity(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	dl := Start.Add(30 * 24 * time.Hour)
	o := f.newNeed("  Reparation af tjenestecykler ")
	o.Deadline = &dl
	o.Status = samspil.OppFilled // ignored: new ones are open
	ctx := samspil.WithActor(e.ctx, f.kommuneAdmin.ID)
	must(t, e.s.CreateOpportunity(ctx, o))
	if o.ID == 0 || o.Status != samspil.OppOpen || !o.CreatedAt.Equal(Start) || !o.UpdatedAt.Equal(Start) ||
		o.Title != "Reparation af tjenestecykler" || o.CPVCodes[0] != "50110000-9" || o.OrganisationName != f.kommune.Name {
		t.Fatalf("created = %+v", o)
	}
	got, err := e.s.FindOpportunityByID(e.ctx, o.ID)
	must(t, err)
	if got.Title != o.Title || got.Kind != samspil.OppIndkobsbehov || got.OrganisationID != f.kommune.ID ||
		got.OrganisationName != f.kommune.Name || got.Description != o.Description || got.MunicipalityCode != "0101" ||
		got.RadiusKm != 50 || got.Volume != 10 || got.EstimatedValueOre != 500_000_00 || got.Deadline == nil ||
		!got.Deadline.Equal(dl) || got.Status != samspil.OppOpen || got.CreatedBy != f.kommuneAdmin.ID ||
		!got.CreatedAt.Equal(Start) || !got.UpdatedAt.Equal(Start) || got.ClosedAt != nil ||
		len(got.CPVCodes) != 1 || got.CPVCodes[0] != "50110000-9" || len(got.TargetGroups) != 1 ||
		got.TargetGroups[0] != "udsatte_ledige" || len(got.ExpertiseAreas) != 0 {
		t.Fatalf("read back = %+v", got)
	}
	// Mentoring is described by expertise areas.
	m := &samspil.Opportunity{OrganisationID: f.firm.ID, Kind: samspil.OppMentorTilbud, Title: "Mentor i økonomi",
		ExpertiseAreas: []string{"okonomi", "jura", "okonomi"}, MunicipalityCode: "0101"}
	must(t, e.s.CreateOpportunity(e.ctx, m))
	got, err = e.s.FindOpportunityByID(e.ctx, m.ID)
	must(t, err)
	if len(got.ExpertiseAreas) != 2 || got.ExpertiseAreas[0] != "okonomi" || got.ExpertiseAreas[1] != "jura" || len(got.CPVCodes) != 0 || got.Deadline != nil {
		t.Fatalf("mentoring = %+v", got)
	}
	_, err = e.s.FindOpportunityByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "opp.not_found")
	// The change is audited.
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "opportunity", EntityID: o.ID})
	must(t, err)
	if len(evs) != 1 || evs[0].Action != "opportunity.create" || evs[0].ActorID != f.kommuneAdmin.ID {
		t.Fatalf("audit = %+v", evs)
	}
}

func testCreateOpportunityInvalid(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	o := f.newNeed("Ukendt")
	o.OrganisationID = 999999
	wantCode(t, e.s.CreateOpportunity(e.ctx, o), samspil.ENOTFOUND, "org.not_found")
	if o.ID != 0 {
		t.Fatal("ID set on failure")
	}
	for _, c := range []struct {
		name, field, key string
		mod              func(o *samspil.Opportunity)
	}{
		{"kind not allowed", "kind", "opp.kind.not_allowed", func(o *samspil.Opportunity) { o.OrganisationID = f.sov.ID }},
		{"company procurement", "kind", "opp.kind.not_allowed", func(o *samspil.Opportunity) { o.OrganisationID = f.firm.ID }},
		{"unknown target group", "target_groups", "opp.target_group.unknown", func(o *samspil.Opportunity) { o.TargetGroups = []string{"findes_ikke"} }},
		{"no title", "title", "opp.title.required", func(o *samspil.Opportunity) { o.Title = " " }},
		{"bad kind", "kind", "opp.kind.invalid", func(o *samspil.Opportunity) { o.Kind = "auktion" }},
		{"no cpv", "cpv_codes", "opp.cpv.required", func(o *samspil.Opportunity) { o.CPVCodes = nil }},
		{"unknown cpv", "cpv_codes", "cpv.unknown", func(o *samspil.Opportunity) { o.CPVCodes = []string{"12345678"} }},
		{"bad municipality", "municipality_code", "org.municipality.unknown", func(o *samspil.Opportunity) { o.MunicipalityCode = "9999" }},
		{"radius", "radius_km", "opp.radius.range", func(o *samspil.Opportunity) { o.RadiusKm = -1 }},
		{"past deadline", "deadline", "opp.deadline.past", func(o *samspil.Opportunity) { d := Start.Add(-time.Hour); o.Deadline = &d }},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := f.newNeed("Gyldig titel")
			c.mod(o)
			wantField(t, e.s.CreateOpportunity(e.ctx, o), samspil.EINVALID, c.field, c.key)
		})
	}
	_, total, err := e.s.FindOpportunities(e.ctx, samspil.OpportunityFilter{})
	must(t, err)
	if total != 0 {
		t.Fatalf("%d opportunities stored by failed creates", total)
	}
}

func testUpdateOpportunity(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	o := f.newNeed("Cykler")
	must(t, e.s.CreateOpportunity(e.ctx, o))
	e.clock.Add(time.Hour)
	title, tgs, cpv := "Cykler og knallerter", []string{"handicap", "udsatte_ledige"}, []string{"50110000-9", "90911200-8"}
	dl := Start.Add(48 * time.Hour)
	got, err := e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Title: &title, TargetGroups: &tgs, CPVCodes: &cpv, Deadline: deadline(dl)})
	must(t, err)
	if got.Title != title || len(got.TargetGroups) != 2 || len(got.CPVCodes) != 2 || !got.UpdatedAt.Equal(Start.Add(time.Hour)) ||
		!got.CreatedAt.Equal(Start) || got.Deadline == nil || !got.Deadline.Equal(dl) {
		t.Fatalf("updated = %+v", got)
	}
	again, err := e.s.FindOpportunityByID(e.ctx, o.ID)
	must(t, err)
	if again.Title != title || len(again.TargetGroups) != 2 || again.TargetGroups[0] != "handicap" || len(again.CPVCodes) != 2 {
		t.Fatalf("read back = %+v", again)
	}
	// Closing sets ClosedAt, reopening clears it.
	e.clock.Add(time.Hour)
	closed := samspil.OppFilled
	got, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Status: &closed})
	must(t, err)
	if got.Status != samspil.OppFilled || got.ClosedAt == nil || !got.ClosedAt.Equal(Start.Add(2*time.Hour)) {
		t.Fatalf("closed = %+v", got)
	}
	open := samspil.OppOpen
	got, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Status: &open})
	must(t, err)
	if got.Status != samspil.OppOpen || got.ClosedAt != nil {
		t.Fatalf("reopened = %+v", got)
	}
	// A passed deadline does not block an unrelated change, but does block reopening.
	e.clock.Add(72 * time.Hour)
	desc := "Ny beskrivelse"
	_, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Description: &desc, Status: &closed})
	must(t, err)
	_, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Status: &open})
	wantField(t, err, samspil.EINVALID, "deadline", "opp.deadline.past")
	got, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Status: &open, Deadline: deadline(e.clock.Now().Add(time.Hour))})
	must(t, err)
	if got.Status != samspil.OppOpen {
		t.Fatalf("reopened with new deadline = %+v", got)
	}
	// Clearing the deadline.
	got, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Deadline: new(*time.Time)})
	must(t, err)
	if got.Deadline != nil {
		t.Fatalf("deadline not cleared: %v", got.Deadline)
	}
	// Errors.
	bad := samspil.OpportunityStatus("deleted")
	_, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{Status: &bad})
	wantField(t, err, samspil.EINVALID, "status", "opp.status.invalid")
	unknown := []string{"findes_ikke"}
	_, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{TargetGroups: &unknown})
	wantField(t, err, samspil.EINVALID, "target_groups", "opp.target_group.unknown")
	_, err = e.s.UpdateOpportunity(e.ctx, 999999, samspil.OpportunityUpdate{Title: &title})
	wantCode(t, err, samspil.ENOTFOUND, "opp.not_found")
	evs, _, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "opportunity", EntityID: o.ID})
	must(t, err)
	if len(evs) != 7 {
		t.Fatalf("audit events = %d, want 7", len(evs))
	}
}

func testFindOpportunities(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	var ids []int64
	for i, title := range []string{"Æbler til kantinen", "Cykelreparation", "Bygningsvedligehold"} {
		o := f.newNeed(title)
		dl := Start.Add(time.Duration(10-i) * 24 * time.Hour)
		o.Deadline = &dl
		if i == 2 {
			o.TargetGroups = []string{"handicap"}
			o.MunicipalityCode = "0630"
		}
		must(t, e.s.CreateOpportunity(e.ctx, o))
		ids = append(ids, o.ID)
		e.clock.Add(time.Minute)
	}
	y := &samspil.Opportunity{OrganisationID: f.sov.ID, Kind: samspil.OppYdelse, Title: "Vi reparerer cykler",
		CPVCodes: []string{"50110000-9"}, MunicipalityCode: "0101"}
	must(t, e.s.CreateOpportunity(e.ctx, y))
	filled := samspil.OppFilled
	_, err := e.s.UpdateOpportunity(e.ctx, ids[1], samspil.OpportunityUpdate{Status: &filled})
	must(t, err)

	titles := func(os []*samspil.Opportunity) []string {
		var out []string
		for _, o := range os {
			out = append(out, o.Title)
		}
		return out
	}
	for _, c := range []struct {
		name  string
		f     samspil.OpportunityFilter
		total int
		first string
	}{
		{"all newest", samspil.OpportunityFilter{}, 4, "Vi reparerer cykler"},
		{"open", samspil.OpportunityFilter{Statuses: []samspil.OpportunityStatus{samspil.OppOpen}}, 3, "Vi reparerer cykler"},
		{"kind", samspil.OpportunityFilter{Kinds: []samspil.OpportunityKind{samspil.OppIndkobsbehov}}, 3, "Bygningsvedligehold"},
		{"org", samspil.OpportunityFilter{OrganisationID: f.sov.ID}, 1, "Vi reparerer cykler"},
		{"municipality", samspil.OpportunityFilter{MunicipalityCode: "0630"}, 1, "Bygningsvedligehold"},
		{"target group", samspil.OpportunityFilter{TargetGroup: "udsatte_ledige"}, 2, "Cykelreparation"},
		{"ids", samspil.OpportunityFilter{IDs: []int64{ids[0], ids[2]}, Sort: "title"}, 2, "Bygningsvedligehold"},
		{"title sort: æ after z", samspil.OpportunityFilter{Sort: "title", Offset: 3}, 4, "Æbler til kantinen"},
		{"deadline sort, none last", samspil.OpportunityFilter{Sort: "deadline"}, 4, "Bygningsvedligehold"},
		{"created after", samspil.OpportunityFilter{CreatedAfter: &[]time.Time{Start.Add(90 * time.Second)}[0]}, 2, "Vi reparerer cykler"},
		{"past the end", samspil.OpportunityFilter{Offset: 10}, 4, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, total, err := e.s.FindOpportunities(e.ctx, c.f)
			must(t, err)
			if total != c.total || (c.first == "" && len(got) != 0) || (c.first != "" && (len(got) == 0 || got[0].Title != c.first)) {
				t.Fatalf("got %d %v, want %d starting %q", total, titles(got), c.total, c.first)
			}
			for _, o := range got {
				if o.OrganisationName == "" || o.CPVCodes == nil || o.TargetGroups == nil {
					t.Fatalf("incomplete %+v", o)
				}
			}
		})
	}
	got, _, err := e.s.FindOpportunities(e.ctx, samspil.OpportunityFilter{Sort: "deadline"})
	must(t, err)
	if got[3].Title != "Vi reparerer cykler" {
		t.Fatalf("deadline order = %v", titles(got))
	}
	got, _, err = e.s.FindOpportunities(e.ctx, samspil.OpportunityFilter{Limit: 1, Offset: 1})
	must(t, err)
	if len(got) != 1 || got[0].Title != "Bygningsvedligehold" {
		t.Fatalf("page 2 = %v", titles(got))
	}
	_, _, err = e.s.FindOpportunities(e.ctx, samspil.OpportunityFilter{Sort: "random"})
	wantField(t, err, samspil.EINVALID, "sort", "opp.sort.invalid")
	_, _, err = e.s.FindOpportunities(e.ctx, samspil.OpportunityFilter{Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")
	_, _, err = e.s.FindOpportunities(e.ctx, samspil.OpportunityFilter{Limit: -1})
	wantCode(t, err, samspil.EINVALID, "")
}

func testCloseExpiredOpportunities(t *testing.T, e *env) {
	f := newOppFixture(t, e)
	var ids []int64
	for i := 0; i < 3; i++ {
		o := f.newNeed("Behov")
		if i < 2 {
			dl := Start.Add(time.Duration(i+1) * time.Hour)
			o.Deadline = &dl
		}
		must(t, e.s.CreateOpportunity(e.ctx, o))
		ids = append(ids, o.ID)
	}
	n, err := e.s.CloseExpiredOpportunities(e.ctx, Start.Add(30*time.Minute))
	must(t, err)
	if n != 0 {
		t.Fatalf("closed %d before any deadline", n)
	}
	e.clock.Add(time.Hour)
	n, err = e.s.CloseExpiredOpportunities(e.ctx, e.clock.Now()) // exactly at the first deadline
	must(t, err)
	if n != 1 {
		t.Fatalf("closed %d, want 1", n)
	}
	got, err := e.s.FindOpportunityByID(e.ctx, ids[0])
	must(t, err)
	if got.Status != samspil.OppClosed || got.ClosedAt == nil || !got.ClosedAt.Equal(e.clock.Now()) {
		t.Fatalf("expired = %+v", got)
	}
	n, err = e.s.CloseExpiredOpportunities(e.ctx, Start.Add(24*time.Hour))
	must(t, err)
	if n != 1 {
		t.Fatalf("second run closed %d, want 1", n)
	}
	n, err = e.s.CloseExpiredOpportunities(e.ctx, Start.Add(24*time.Hour))
	must(t, err)
	if n != 0 {
		t.Fatalf("third run closed %d, want 0", n)
	}
	got, err = e.s.FindOpportunityByID(e.ctx, ids[2])
	must(t, err)
	if got.Status != samspil.OppOpen {
		t.Fatalf("opportunity without deadline = %+v", got)
	}
}
