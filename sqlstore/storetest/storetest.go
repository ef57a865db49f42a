// Package storetest is the one behaviour suite every samspil.Store must
// pass. It checks each interface method's happy path and exactly the error
// codes the method documents, on a fresh database per test, with an
// injected clock so expiry and ordering are deterministic.
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

// Opener returns a fresh, migrated and seeded store whose "now" is the
// given clock. It is called once per test.
type Opener func(t *testing.T, now samspil.Clock) samspil.Store

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t.UTC()} }

// Now returns the clock's time; pass c.Now as a samspil.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock forward.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Start is where every test's clock begins: a fixed time with microseconds,
// so time round trips are checked at full stored precision.
var Start = time.Date(2026, 3, 2, 9, 30, 15, 123456000, time.UTC)

// ValidCVR returns a CVR number that passes the modulus-11 check, different
// for each n ≥ 0, for tests and generators.
func ValidCVR(n int) string {
	w := [7]int{2, 7, 6, 5, 4, 3, 2}
	for i := n; ; i += 1_000_000 {
		d := fmt.Sprintf("%07d", 1_000_000+(i%9_000_000))
		sum := 0
		for k := 0; k < 7; k++ {
			sum += int(d[k]-'0') * w[k]
		}
		last := (11 - sum%11) % 11
		if last < 10 {
			return d + string(rune('0'+last))
		}
		if i > n+100_000_000 {
			panic("storetest: no CVR")
		}
	}
}

type env struct {
	s     samspil.Store
	clock *Clock
	ctx   context.Context
}

// Run runs the whole suite against stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"Reference", testReference},
		{"TargetGroups", testTargetGroups},
		{"CreateOrganisation", testCreateOrganisation},
		{"CreateOrganisationInvalid", testCreateOrganisationInvalid},
		{"CreateOrganisationConflict", testCreateOrganisationConflict},
		{"CreateOrganisationWithAdmin", testCreateOrganisationWithAdmin},
		{"CreateOrganisations", testCreateOrganisations},
		{"UpdateOrganisation", testUpdateOrganisation},
		{"RSVAndReminders", testRSVAndReminders},
		{"FindOrganisations", testFindOrganisations},
		{"Users", testUsers},
		{"Memberships", testMemberships},
		{"MembershipAdminRules", testMembershipAdminRules},
		{"Tokens", testTokens},
		{"APITokens", testAPITokens},
		{"LoginFailures", testLoginFailures},
		{"Sessions", testSessions},
		{"Audit", testAudit},
		{"CoordinationUnits", testCoordinationUnits},
	}
	tests = append(tests, opportunityTests...) // opportunity board: storetest/opportunity*.go
	tests = append(tests, searchTests...)      // platform search: storetest/search*.go
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			if err := s.Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// wantCode fails unless err has the code (and, when key != "", the key).
func wantCode(t *testing.T, err error, code, key string) *samspil.Error {
	t.Helper()
	if got := samspil.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	e, _ := samspil.AsError(err)
	if key != "" && (e == nil || e.Key != key) {
		t.Fatalf("error key = %q, want %q (%v)", samspil.ErrorKey(err), key, err)
	}
	return e
}

// wantField fails unless err has the code and a field error on field
// (with key, when key != "").
func wantField(t *testing.T, err error, code, field, key string) {
	t.Helper()
	e := wantCode(t, err, code, "")
	for _, f := range e.Fields {
		if f.Field == field && (key == "" || f.Key == key) {
			return
		}
	}
	t.Fatalf("no field error %q (key %q) in %v", field, key, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// newOrg returns a valid SØV in København with CVR number n.
func newOrg(n int, name string) *samspil.Organisation {
	return &samspil.Organisation{
		CVR: ValidCVR(n), Name: name, Kind: samspil.OrgSOV, MunicipalityCode: "0101",
		Description: "Rengøring og kantinedrift med ansatte fra målgrupperne.",
	}
}

func countOrgs(t *testing.T, e *env) int {
	t.Helper()
	_, total, err := e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{})
	must(t, err)
	return total
}

func testReference(t *testing.T, e *env) {
	regions, err := e.s.FindRegions(e.ctx)
	must(t, err)
	if len(regions) != 5 || regions[0].Code != "1081" || regions[4].Code != "1085" || regions[0].Name == "" {
		t.Fatalf("regions = %d, first %+v", len(regions), regions[0])
	}
	ms, err := e.s.FindMunicipalities(e.ctx)
	must(t, err)
	if len(ms) != 98 {
		t.Fatalf("municipalities = %d, want 98", len(ms))
	}
	for i, m := range ms {
		if m.OrganisationID == 0 || m.RegionName == "" || m.Name == "" {
			t.Fatalf("municipality %+v lacks organisation or region", m)
		}
		if i > 0 && ms[i-1].Code >= m.Code {
			t.Fatalf("municipalities not ordered by code at %s", m.Code)
		}
	}
	m, err := e.s.FindMunicipalityByCode(e.ctx, "0101")
	must(t, err)
	if m.Name != "København" || m.RegionCode != "1084" || m.RegionName != "Region Hovedstaden" || m.OrganisationID == 0 {
		t.Fatalf("0101 = %+v", m)
	}
	_, err = e.s.FindMunicipalityByCode(e.ctx, "9999")
	wantCode(t, err, samspil.ENOTFOUND, "")

	o, err := e.s.FindMunicipalityOrganisation(e.ctx, "0101")
	must(t, err)
	if o.Kind != samspil.OrgKommune || o.MunicipalityCode != "0101" || o.ID != m.OrganisationID || !strings.Contains(o.Name, "København") {
		t.Fatalf("municipality organisation = %+v", o)
	}
	_, err = e.s.FindMunicipalityOrganisation(e.ctx, "9999")
	wantCode(t, err, samspil.ENOTFOUND, "")

	_, total, err := e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{Kind: samspil.OrgKommune})
	must(t, err)
	if total != 98 {
		t.Fatalf("kommune organisations = %d, want 98", total)
	}
}

func testTargetGroups(t *testing.T, e *env) {
	groups, err := e.s.FindTargetGroups(e.ctx)
	must(t, err)
	have := map[string]bool{}
	for _, g := range groups {
		have[g.Code] = true
	}
	for _, g := range samspil.DefaultTargetGroups {
		if !have[g.Code] {
			t.Fatalf("default target group %q missing", g.Code)
		}
	}
	for i := 1; i < len(groups); i++ {
		if strings.ToLower(groups[i-1].NameDA) > strings.ToLower(groups[i].NameDA) && !strings.ContainsAny(groups[i-1].NameDA, "æøåÆØÅ") {
			t.Fatalf("target groups not ordered by Danish name: %q before %q", groups[i-1].NameDA, groups[i].NameDA)
		}
	}
	g := &samspil.TargetGroup{Code: "ordblinde", NameDA: "Ordblinde", NameEN: "People with dyslexia"}
	must(t, e.s.CreateTargetGroup(e.ctx, g))
	err = e.s.CreateTargetGroup(e.ctx, &samspil.TargetGroup{Code: "ordblinde", NameDA: "X", NameEN: "X"})
	wantCode(t, err, samspil.ECONFLICT, "")
	for _, bad := range []*samspil.TargetGroup{
		{Code: "Store Bogstaver", NameDA: "X", NameEN: "X"},
		{Code: "", NameDA: "X", NameEN: "X"},
		{Code: "ok_code", NameDA: "", NameEN: "X"},
	} {
		wantCode(t, e.s.CreateTargetGroup(e.ctx, bad), samspil.EINVALID, "")
	}
	// The new group can be used at once.
	o := newOrg(1, "Ordblindeværkstedet")
	o.TargetGroups = []string{"ordblinde"}
	must(t, e.s.CreateOrganisation(e.ctx, o))
}

func testCreateOrganisation(t *testing.T, e *env) {
	o := &samspil.Organisation{
		CVR: "DK " + ValidCVR(7), Name: "  Grøn Omstilling ApS ", Kind: samspil.OrgSOV, MunicipalityCode: "0751",
		Address: "Vestergade 1", PostalCode: "8000", City: "Aarhus C", Website: "gronomstilling.dk",
		Email: "kontakt@gronomstilling.dk", Phone: "+45 12 34 56 78", Description: "Grønne jobs til udsatte ledige.",
		Sectors: []string{"n", "C"}, CPVCodes: []string{"90911200-8", "77310000-6"}, TargetGroups: []string{"udsatte_ledige", "handicap"},
		Capacity: 12, TurnoverOre: 1_250_000_00, Employees: 20, DisadvantagedEmployees: 7,
		Effects: []samspil.SocialEffect{{Year: 2025, TargetGroupEmployed: 9, ToOrdinaryWork: 3, ToEducation: 1, PeopleInProgrammes: 14, Note: " god årgang "}, {Year: 2024, TargetGroupEmployed: 5}},
	}
	o.RSVCriteria[0] = samspil.RSVCriterion{Declared: true, Justification: "Vores formål er beskæftigelse."}
	o.RSVCriteria[4] = samspil.RSVCriterion{Declared: true, Justification: "Overskud geninvesteres."}
	must(t, e.s.CreateOrganisation(e.ctx, o))
	if o.ID == 0 || !o.CreatedAt.Equal(Start) || !o.UpdatedAt.Equal(Start) || o.CVR != ValidCVR(7) || o.Name != "Grøn Omstilling ApS" {
		t.Fatalf("created = %+v", o)
	}
	got, err := e.s.FindOrganisationByID(e.ctx, o.ID)
	must(t, err)
	check := func(got *samspil.Organisation) {
		t.Helper()
		if got.Name != o.Name || got.CVR != o.CVR || got.Kind != o.Kind || got.MunicipalityCode != "0751" ||
			got.Address != o.Address || got.PostalCode != "8000" || got.City != o.City || got.Website != "https://gronomstilling.dk" ||
			got.Email != o.Email || got.Phone != o.Phone || got.Description != o.Description ||
			got.Capacity != 12 || got.TurnoverOre != 1_250_000_00 || got.Employees != 20 || got.DisadvantagedEmployees != 7 ||
			!got.CreatedAt.Equal(Start) || !got.UpdatedAt.Equal(Start) || got.RSVRegistered || got.RSVVerifiedAt != nil || got.RemindedAt != nil {
			t.Fatalf("stored = %+v", got)
		}
		if fmt.Sprint(got.Sectors) != "[N C]" || fmt.Sprint(got.CPVCodes) != "[90911200-8 77310000-6]" || fmt.Sprint(got.TargetGroups) != "[udsatte_ledige handicap]" {
			t.Fatalf("lists = %v %v %v", got.Sectors, got.CPVCodes, got.TargetGroups)
		}
		if len(got.Effects) != 2 || got.Effects[0].Year != 2024 || got.Effects[1] != (samspil.SocialEffect{Year: 2025, TargetGroupEmployed: 9, ToOrdinaryWork: 3, ToEducation: 1, PeopleInProgrammes: 14, Note: "god årgang"}) {
			t.Fatalf("effects = %+v", got.Effects)
		}
		if got.RSVCriteria != o.RSVCriteria {
			t.Fatalf("rsv = %+v", got.RSVCriteria)
		}
	}
	check(got)
	if got.MemberCount != 0 {
		t.Fatalf("member count = %d", got.MemberCount)
	}
	byCVR, err := e.s.FindOrganisationByCVR(e.ctx, "DK"+ValidCVR(7))
	must(t, err)
	check(byCVR)

	_, err = e.s.FindOrganisationByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "")
	_, err = e.s.FindOrganisationByCVR(e.ctx, ValidCVR(8))
	wantCode(t, err, samspil.ENOTFOUND, "")

	// An organisation without lists reads back with empty, non-nil lists.
	plain := &samspil.Organisation{Name: "Foreningen Fælles", Kind: samspil.OrgAndet, MunicipalityCode: "0461"}
	must(t, e.s.CreateOrganisation(e.ctx, plain))
	got, err = e.s.FindOrganisationByID(e.ctx, plain.ID)
	must(t, err)
	if got.CVR != "" || got.Sectors == nil || got.CPVCodes == nil || got.TargetGroups == nil || got.Effects == nil {
		t.Fatalf("plain = %+v", got)
	}
}

func testCreateOrganisationWithAdmin(t *testing.T, e *env) {
	u := newUser(t, e, "stifter@example.dk")
	o := newOrg(31, "Stifterens Værksted")
	m, err := e.s.CreateOrganisationWithAdmin(e.ctx, o, u.ID)
	must(t, err)
	if o.ID == 0 || m.OrganisationID != o.ID || m.UserID != u.ID || m.Role != samspil.RoleAdmin || m.Status != samspil.MembershipActive {
		t.Fatalf("organisation %+v, membership %+v", o, m)
	}
	got, err := e.s.FindOrganisationByID(e.ctx, o.ID)
	must(t, err)
	if got.MemberCount != 1 {
		t.Fatalf("member count = %d, want 1", got.MemberCount)
	}
	// Many CVR numbers can be looked up at once (importers).
	found, n, err := e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{CVRs: []string{o.CVR, ValidCVR(33), "not-a-cvr"}})
	must(t, err)
	if n != 1 || len(found) != 1 || found[0].ID != o.ID {
		t.Fatalf("CVR filter found %d: %+v", n, found)
	}
	// An unknown user writes nothing: not even the organisation.
	before := countOrgs(t, e)
	_, err = e.s.CreateOrganisationWithAdmin(e.ctx, newOrg(32, "Ingen Stifter"), 999999)
	wantCode(t, err, samspil.ENOTFOUND, "")
	// A taken CVR is a conflict and writes nothing either.
	dup := newOrg(31, "Dublet")
	_, err = e.s.CreateOrganisationWithAdmin(e.ctx, dup, u.ID)
	wantCode(t, err, samspil.ECONFLICT, "")
	if countOrgs(t, e) != before || dup.ID != 0 {
		t.Fatal("a failed create wrote an organisation")
	}
}

func testCreateOrganisationInvalid(t *testing.T, e *env) {
	before := countOrgs(t, e)
	cases := []struct {
		name, field, key string
		edit             func(o *samspil.Organisation)
	}{
		{"empty name", "name", "org.name.required", func(o *samspil.Organisation) { o.Name = " " }},
		{"long name", "name", "org.name.too_long", func(o *samspil.Organisation) { o.Name = strings.Repeat("x", 10000) }},
		{"bad CVR checksum", "cvr", "cvr.checksum", func(o *samspil.Organisation) { o.CVR = "12345678" }},
		{"CVR letters", "cvr", "cvr.not_digits", func(o *samspil.Organisation) { o.CVR = "1234567a" }},
		{"CVR length", "cvr", "cvr.length", func(o *samspil.Organisation) { o.CVR = "1234" }},
		{"missing CVR", "cvr", "cvr.required", func(o *samspil.Organisation) { o.CVR = "" }},
		{"bad kind", "kind", "org.kind.invalid", func(o *samspil.Organisation) { o.Kind = "forening" }},
		{"unknown municipality", "municipality_code", "org.municipality.unknown", func(o *samspil.Organisation) { o.MunicipalityCode = "9999" }},
		{"unknown CPV", "cpv_codes", "cpv.unknown", func(o *samspil.Organisation) { o.CPVCodes = []string{"99999999-9"} }},
		{"unknown sector", "sectors", "org.sector.unknown", func(o *samspil.Organisation) { o.Sectors = []string{"Z"} }},
		{"unknown target group", "target_groups", "org.target_group.unknown", func(o *samspil.Organisation) { o.TargetGroups = []string{"handicap", "marsboere"} }},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrg(100+i, "Testværkstedet")
			tc.edit(o)
			err := e.s.CreateOrganisation(e.ctx, o)
			wantField(t, err, samspil.EINVALID, tc.field, tc.key)
			if o.ID != 0 {
				t.Fatalf("ID set on failure: %d", o.ID)
			}
		})
	}
	if after := countOrgs(t, e); after != before {
		t.Fatalf("invalid organisations were written: %d -> %d", before, after)
	}
}

func testCreateOrganisationConflict(t *testing.T, e *env) {
	must(t, e.s.CreateOrganisation(e.ctx, newOrg(1, "Første")))
	before := countOrgs(t, e)
	err := e.s.CreateOrganisation(e.ctx, newOrg(1, "Anden"))
	wantField(t, err, samspil.ECONFLICT, "cvr", "org.cvr.taken")
	wantCode(t, err, samspil.ECONFLICT, "org.cvr.taken")
	if countOrgs(t, e) != before {
		t.Fatal("conflicting organisation written")
	}
	// Organisations without CVR do not clash with each other.
	must(t, e.s.CreateOrganisation(e.ctx, &samspil.Organisation{Name: "A", Kind: samspil.OrgAndet, MunicipalityCode: "0101"}))
	must(t, e.s.CreateOrganisation(e.ctx, &samspil.Organisation{Name: "B", Kind: samspil.OrgAndet, MunicipalityCode: "0101"}))
}

func testCreateOrganisations(t *testing.T, e *env) {
	before := countOrgs(t, e)
	batch := func(n, base int) []*samspil.Organisation {
		out := make([]*samspil.Organisation, n)
		for i := range out {
			o := newOrg(base+i, fmt.Sprintf("Import %03d", i))
			o.TargetGroups = []string{"seniorer"}
			o.CPVCodes = []string{"85312000-9"}
			o.Effects = []samspil.SocialEffect{{Year: 2025, TargetGroupEmployed: i}}
			out[i] = o
		}
		return out
	}
	// One bad row: nothing is written, every bad row is reported.
	orgs := batch(10, 1000)
	orgs[2].Name = ""
	orgs[6].MunicipalityCode = "0000"
	err := e.s.CreateOrganisations(e.ctx, orgs)
	wantField(t, err, samspil.EINVALID, "row 3: name", "org.name.required")
	wantField(t, err, samspil.EINVALID, "row 7: municipality_code", "org.municipality.unknown")
	if countOrgs(t, e) != before {
		t.Fatal("rows written despite a bad row")
	}
	// A CVR twice in the batch is a conflict.
	orgs = batch(10, 2000)
	orgs[4].CVR = orgs[1].CVR
	wantField(t, e.s.CreateOrganisations(e.ctx, orgs), samspil.ECONFLICT, "row 5: cvr", "")
	if countOrgs(t, e) != before {
		t.Fatal("rows written despite a duplicate")
	}
	// All good.
	orgs = batch(300, 3000)
	must(t, e.s.CreateOrganisations(e.ctx, orgs))
	if countOrgs(t, e) != before+300 {
		t.Fatalf("count after import = %d, want %d", countOrgs(t, e), before+300)
	}
	for _, o := range []*samspil.Organisation{orgs[0], orgs[299]} {
		got, err := e.s.FindOrganisationByID(e.ctx, o.ID)
		must(t, err)
		if got.Name != o.Name || fmt.Sprint(got.TargetGroups) != "[seniorer]" || len(got.Effects) != 1 || got.Effects[0].TargetGroupEmployed != o.Effects[0].TargetGroupEmployed {
			t.Fatalf("imported %+v", got)
		}
	}
	// CVRs already registered are conflicts and nothing is written.
	again := batch(3, 3000)
	again[0].CVR = ValidCVR(9000)
	wantField(t, e.s.CreateOrganisations(e.ctx, again), samspil.ECONFLICT, "row 2: cvr", "org.cvr.taken")
	if countOrgs(t, e) != before+300 {
		t.Fatal("rows written despite registered CVRs")
	}
	must(t, e.s.CreateOrganisations(e.ctx, nil))
}

func testUpdateOrganisation(t *testing.T, e *env) {
	a := newOrg(1, "Alfa")
	a.TargetGroups = []string{"handicap"}
	must(t, e.s.CreateOrganisation(e.ctx, a))
	b := newOrg(2, "Beta")
	must(t, e.s.CreateOrganisation(e.ctx, b))
	e.clock.Add(time.Hour)

	name, groups, emp, dis := "Alfa Værksted", []string{"seniorer", "misbrug"}, 10, 4
	effects := []samspil.SocialEffect{{Year: 2023, ToEducation: 2}}
	got, err := e.s.UpdateOrganisation(e.ctx, a.ID, samspil.OrganisationUpdate{Name: &name, TargetGroups: &groups, Employees: &emp, DisadvantagedEmployees: &dis, Effects: &effects})
	must(t, err)
	if got.Name != name || fmt.Sprint(got.TargetGroups) != "[seniorer misbrug]" || got.Employees != 10 || !got.UpdatedAt.Equal(Start.Add(time.Hour)) || !got.CreatedAt.Equal(Start) || got.CVR != a.CVR {
		t.Fatalf("updated = %+v", got)
	}
	re, err := e.s.FindOrganisationByID(e.ctx, a.ID)
	must(t, err)
	if re.Name != name || fmt.Sprint(re.TargetGroups) != "[seniorer misbrug]" || len(re.Effects) != 1 || re.Effects[0].ToEducation != 2 || !re.UpdatedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("re-read = %+v", re)
	}

	empty := ""
	_, err = e.s.UpdateOrganisation(e.ctx, a.ID, samspil.OrganisationUpdate{Name: &empty})
	wantField(t, err, samspil.EINVALID, "name", "")
	unknown := []string{"marsboere"}
	_, err = e.s.UpdateOrganisation(e.ctx, a.ID, samspil.OrganisationUpdate{TargetGroups: &unknown})
	wantField(t, err, samspil.EINVALID, "target_groups", "org.target_group.unknown")
	_, err = e.s.UpdateOrganisation(e.ctx, a.ID, samspil.OrganisationUpdate{CVR: &b.CVR})
	wantField(t, err, samspil.ECONFLICT, "cvr", "org.cvr.taken")
	_, err = e.s.UpdateOrganisation(e.ctx, 999999, samspil.OrganisationUpdate{Name: &name})
	wantCode(t, err, samspil.ENOTFOUND, "")

	re, err = e.s.FindOrganisationByID(e.ctx, a.ID)
	must(t, err)
	if re.Name != name || re.CVR != a.CVR || fmt.Sprint(re.TargetGroups) != "[seniorer misbrug]" {
		t.Fatalf("failed updates changed the organisation: %+v", re)
	}
}

func testRSVAndReminders(t *testing.T, e *env) {
	o := newOrg(1, "Registreret")
	must(t, e.s.CreateOrganisation(e.ctx, o))
	e.clock.Add(24 * time.Hour)
	got, err := e.s.SetRSVRegistration(e.ctx, o.ID, true)
	must(t, err)
	at := Start.Add(24 * time.Hour)
	if !got.RSVRegistered || got.RSVVerifiedAt == nil || !got.RSVVerifiedAt.Equal(at) {
		t.Fatalf("registered = %+v", got)
	}
	re, err := e.s.FindOrganisationByID(e.ctx, o.ID)
	must(t, err)
	if !re.RSVRegistered || re.RSVVerifiedAt == nil || !re.RSVVerifiedAt.Equal(at) {
		t.Fatalf("re-read = %+v", re)
	}
	yes := true
	_, total, err := e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{RSVRegistered: &yes})
	must(t, err)
	if total != 1 {
		t.Fatalf("RSV filter total = %d", total)
	}
	got, err = e.s.SetRSVRegistration(e.ctx, o.ID, false)
	must(t, err)
	if got.RSVRegistered || got.RSVVerifiedAt != nil {
		t.Fatalf("unregistered = %+v", got)
	}
	_, err = e.s.SetRSVRegistration(e.ctx, 999999, true)
	wantCode(t, err, samspil.ENOTFOUND, "")

	must(t, e.s.MarkReminded(e.ctx, o.ID))
	re, err = e.s.FindOrganisationByID(e.ctx, o.ID)
	must(t, err)
	if re.RemindedAt == nil || !re.RemindedAt.Equal(at) {
		t.Fatalf("reminded = %v", re.RemindedAt)
	}
	wantCode(t, e.s.MarkReminded(e.ctx, 999999), samspil.ENOTFOUND, "")
}

func testFindOrganisations(t *testing.T, e *env) {
	mk := func(n int, name string, kind samspil.OrgKind, muni string, groups ...string) *samspil.Organisation {
		o := newOrg(n, name)
		o.Kind, o.MunicipalityCode, o.TargetGroups = kind, muni, groups
		if kind == samspil.OrgAndet {
			o.CVR = ""
		}
		must(t, e.s.CreateOrganisation(e.ctx, o))
		e.clock.Add(time.Minute)
		return o
	}
	zeta := mk(1, "Zeta Rengøring", samspil.OrgSOV, "0101", "handicap")
	aero := mk(2, "Ærø Café & Køkken", samspil.OrgSOV, "0461", "udsatte_ledige", "handicap")
	mk(3, "Aalborg Byg A/S", samspil.OrgVirksomhed, "0851")
	mk(4, "Læsø Fonden", samspil.OrgAndet, "0825", "seniorer")
	oest := mk(5, "Østjysk Genbrug", samspil.OrgSOV, "0751", "udsatte_ledige")
	mk(6, "Bager Bent 100% Økologisk", samspil.OrgVirksomhed, "0751")

	count := func(f samspil.OrganisationFilter) (int, []*samspil.Organisation) {
		t.Helper()
		items, total, err := e.s.FindOrganisations(e.ctx, f)
		must(t, err)
		return total, items
	}
	for _, tc := range []struct {
		name string
		f    samspil.OrganisationFilter
		want int
	}{
		{"all", samspil.OrganisationFilter{}, 98 + 6},
		{"kind sov", samspil.OrganisationFilter{Kind: samspil.OrgSOV}, 3},
		{"kind virksomhed", samspil.OrganisationFilter{Kind: samspil.OrgVirksomhed}, 2},
		{"municipality 0751", samspil.OrganisationFilter{MunicipalityCode: "0751"}, 3}, // incl. Aarhus Kommune
		{"municipality 0751 sov", samspil.OrganisationFilter{MunicipalityCode: "0751", Kind: samspil.OrgSOV}, 1},
		{"region Nordjylland non-kommune", samspil.OrganisationFilter{RegionCode: "1081", Kind: samspil.OrgVirksomhed}, 1},
		{"region Nordjylland", samspil.OrganisationFilter{RegionCode: "1081"}, 11 + 2},
		{"target group", samspil.OrganisationFilter{TargetGroup: "udsatte_ledige"}, 2},
		{"target group + kind", samspil.OrganisationFilter{TargetGroup: "handicap", Kind: samspil.OrgSOV}, 2},
		{"query case-insensitive æøå", samspil.OrganisationFilter{Query: "ÆRØ CAFÉ"}, 1},
		{"query finds the seeded municipality too", samspil.OrganisationFilter{Query: "ærø"}, 2},
		{"query lower æøå", samspil.OrganisationFilter{Query: "østjysk"}, 1},
		{"query description", samspil.OrganisationFilter{Query: "KANTINEDRIFT", Kind: samspil.OrgSOV}, 3},
		{"query CVR", samspil.OrganisationFilter{Query: ValidCVR(5)}, 1},
		{"query percent is literal", samspil.OrganisationFilter{Query: "100%"}, 1},
		{"query underscore is literal", samspil.OrganisationFilter{Query: "_"}, 0},
		{"ids", samspil.OrganisationFilter{IDs: []int64{zeta.ID, aero.ID, 999999}}, 2},
		{"stale", samspil.OrganisationFilter{StaleBefore: &aero.UpdatedAt, Kind: samspil.OrgSOV}, 1},
	} {
		if got, _ := count(tc.f); got != tc.want {
			t.Errorf("%s: total = %d, want %d", tc.name, got, tc.want)
		}
	}

	// Sorting: by name with æ, ø, å after z; newest; updated.
	_, items := count(samspil.OrganisationFilter{Kind: samspil.OrgSOV})
	if names := orgNames(items); names != "Zeta Rengøring|Ærø Café & Køkken|Østjysk Genbrug" {
		t.Errorf("name order = %s", names)
	}
	_, items = count(samspil.OrganisationFilter{Kind: samspil.OrgSOV, Sort: "newest"})
	if items[0].ID != oest.ID || items[2].ID != zeta.ID {
		t.Errorf("newest order = %s", orgNames(items))
	}
	e.clock.Add(time.Hour)
	desc := "Opdateret"
	_, err := e.s.UpdateOrganisation(e.ctx, zeta.ID, samspil.OrganisationUpdate{Description: &desc})
	must(t, err)
	_, items = count(samspil.OrganisationFilter{Kind: samspil.OrgSOV, Sort: "updated"})
	if items[0].ID != zeta.ID {
		t.Errorf("updated order = %s", orgNames(items))
	}
	_, _, err = e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{Sort: "random"})
	wantField(t, err, samspil.EINVALID, "sort", "")

	// Lists are filled on list pages too.
	_, items = count(samspil.OrganisationFilter{IDs: []int64{aero.ID}})
	if len(items) != 1 || fmt.Sprint(items[0].TargetGroups) != "[udsatte_ledige handicap]" {
		t.Errorf("list page organisation = %+v", items)
	}

	// Pagination.
	total, items := count(samspil.OrganisationFilter{})
	if len(items) != samspil.DefaultPageSize {
		t.Errorf("default page = %d items", len(items))
	}
	_, items = count(samspil.OrganisationFilter{Limit: 1000})
	if len(items) != samspil.MaxPageSize {
		t.Errorf("clamped page = %d items", len(items))
	}
	t2, items := count(samspil.OrganisationFilter{Offset: total - 3, Limit: 10})
	if t2 != total || len(items) != 3 {
		t.Errorf("last page: total %d items %d", t2, len(items))
	}
	t3, items := count(samspil.OrganisationFilter{Offset: total + 10})
	if t3 != total || len(items) != 0 || items == nil {
		t.Errorf("past the end: total %d items %v", t3, items)
	}
	seen := map[int64]bool{}
	for off := 0; off < total; off += 7 {
		_, items := count(samspil.OrganisationFilter{Offset: off, Limit: 7})
		for _, o := range items {
			if seen[o.ID] {
				t.Fatalf("organisation %d on two pages", o.ID)
			}
			seen[o.ID] = true
		}
	}
	if len(seen) != total {
		t.Errorf("paging saw %d of %d", len(seen), total)
	}
	_, _, err = e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")
	_, _, err = e.s.FindOrganisations(e.ctx, samspil.OrganisationFilter{Limit: -1})
	wantCode(t, err, samspil.EINVALID, "")
}

func orgNames(orgs []*samspil.Organisation) string {
	var names []string
	for _, o := range orgs {
		names = append(names, o.Name)
	}
	return strings.Join(names, "|")
}

func newUser(t *testing.T, e *env, email string) *samspil.User {
	t.Helper()
	u := &samspil.User{Email: email, Name: "Test " + email, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA"}
	must(t, e.s.CreateUser(e.ctx, u))
	return u
}

func testUsers(t *testing.T, e *env) {
	u := &samspil.User{Email: "  Mette.Hansen@Kommune.DK ", Name: "Mette Hansen", PasswordHash: "hash"}
	must(t, e.s.CreateUser(e.ctx, u))
	if u.ID == 0 || u.Email != "mette.hansen@kommune.dk" || u.Locale != "da" || !u.CreatedAt.Equal(Start) || u.IsAdmin || u.Confirmed() {
		t.Fatalf("created = %+v", u)
	}
	got, err := e.s.FindUserByEmail(e.ctx, "METTE.hansen@kommune.dk")
	must(t, err)
	if got.ID != u.ID || got.Name != "Mette Hansen" || got.PasswordHash != "hash" || !got.CreatedAt.Equal(Start) {
		t.Fatalf("by e-mail = %+v", got)
	}
	_, err = e.s.FindUserByEmail(e.ctx, "nobody@example.dk")
	wantCode(t, err, samspil.ENOTFOUND, "")
	_, err = e.s.FindUserByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "")

	err = e.s.CreateUser(e.ctx, &samspil.User{Email: "mette.hansen@KOMMUNE.dk", PasswordHash: "x"})
	wantField(t, err, samspil.ECONFLICT, "email", "user.email.taken")
	wantCode(t, err, samspil.ECONFLICT, "user.email.taken")
	wantField(t, e.s.CreateUser(e.ctx, &samspil.User{Email: "not-an-address", PasswordHash: "x"}), samspil.EINVALID, "email", "")
	wantField(t, e.s.CreateUser(e.ctx, &samspil.User{Email: "", PasswordHash: "x"}), samspil.EINVALID, "email", "")
	wantCode(t, e.s.CreateUser(e.ctx, &samspil.User{Email: "ok@example.dk", PasswordHash: ""}), samspil.EINVALID, "")

	newUser(t, e, "søren@example.dk")
	newUser(t, e, "anna@example.dk")
	users, total, err := e.s.FindUsers(e.ctx, samspil.UserFilter{})
	must(t, err)
	if total != 3 || len(users) != 3 || users[0].Email != "anna@example.dk" {
		t.Fatalf("users = %d %v", total, users)
	}
	_, total, err = e.s.FindUsers(e.ctx, samspil.UserFilter{Query: "SØREN"})
	must(t, err)
	if total != 1 {
		t.Fatalf("query total = %d", total)
	}
	_, _, err = e.s.FindUsers(e.ctx, samspil.UserFilter{Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")

	e.clock.Add(time.Hour)
	name, hash, admin, locale, confirmed := "Mette H.", "newhash", true, "en", Start.Add(30*time.Minute)
	got, err = e.s.UpdateUser(e.ctx, u.ID, samspil.UserUpdate{Name: &name, PasswordHash: &hash, IsAdmin: &admin, Locale: &locale, EmailConfirmedAt: &confirmed})
	must(t, err)
	if got.Name != name || got.PasswordHash != hash || !got.IsAdmin || got.Locale != "en" || got.EmailConfirmedAt == nil || !got.EmailConfirmedAt.Equal(confirmed) || !got.UpdatedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("updated = %+v", got)
	}
	got, err = e.s.FindUserByID(e.ctx, u.ID)
	must(t, err)
	if got.Name != name || !got.IsAdmin || got.Locale != "en" || !got.Confirmed() {
		t.Fatalf("re-read = %+v", got)
	}
	// A new password records when it changed; other changes leave that alone.
	if got.PasswordChangedAt == nil || !got.PasswordChangedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("password changed at = %v, want %v", got.PasswordChangedAt, Start.Add(time.Hour))
	}
	e.clock.Add(time.Hour)
	other := "Mette Hansen"
	got, err = e.s.UpdateUser(e.ctx, u.ID, samspil.UserUpdate{Name: &other})
	must(t, err)
	if got.PasswordChangedAt == nil || !got.PasswordChangedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("a name change moved password changed at to %v", got.PasswordChangedAt)
	}
	_, err = e.s.UpdateUser(e.ctx, 999999, samspil.UserUpdate{Name: &name})
	wantCode(t, err, samspil.ENOTFOUND, "")
	bad := "klingon"
	_, err = e.s.UpdateUser(e.ctx, u.ID, samspil.UserUpdate{Locale: &bad})
	wantField(t, err, samspil.EINVALID, "locale", "")
}

func testMemberships(t *testing.T, e *env) {
	u1 := newUser(t, e, "a@example.dk")
	u2 := newUser(t, e, "b@example.dk")
	org := newOrg(1, "Fællesskabet")
	must(t, e.s.CreateOrganisation(e.ctx, org))

	m := &samspil.Membership{UserID: u1.ID, OrganisationID: org.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}
	must(t, e.s.CreateMembership(e.ctx, m))
	if m.ID == 0 || m.UserEmail != "a@example.dk" || m.OrganisationName != "Fællesskabet" || m.OrganisationKind != samspil.OrgSOV || !m.CreatedAt.Equal(Start) {
		t.Fatalf("created = %+v", m)
	}
	err := e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: u1.ID, OrganisationID: org.ID, Role: samspil.RoleMember, Status: samspil.MembershipPending})
	wantCode(t, err, samspil.ECONFLICT, "")
	wantCode(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: 999999, OrganisationID: org.ID, Role: samspil.RoleMember, Status: samspil.MembershipPending}), samspil.ENOTFOUND, "")
	wantCode(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: u2.ID, OrganisationID: 999999, Role: samspil.RoleMember, Status: samspil.MembershipPending}), samspil.ENOTFOUND, "")
	wantField(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: u2.ID, OrganisationID: org.ID, Role: "owner", Status: samspil.MembershipPending}), samspil.EINVALID, "role", "")
	wantField(t, e.s.CreateMembership(e.ctx, &samspil.Membership{UserID: u2.ID, OrganisationID: org.ID, Role: samspil.RoleMember, Status: "maybe"}), samspil.EINVALID, "status", "")

	pending := &samspil.Membership{UserID: u2.ID, OrganisationID: org.ID, Role: samspil.RoleMember, Status: samspil.MembershipPending}
	must(t, e.s.CreateMembership(e.ctx, pending))

	got, err := e.s.FindMembership(e.ctx, u2.ID, org.ID)
	must(t, err)
	if got.ID != pending.ID || got.Status != samspil.MembershipPending || got.UserName != u2.Name {
		t.Fatalf("find = %+v", got)
	}
	_, err = e.s.FindMembership(e.ctx, u2.ID, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "")
	got, err = e.s.FindMembershipByID(e.ctx, m.ID)
	must(t, err)
	if got.UserID != u1.ID || got.Role != samspil.RoleAdmin {
		t.Fatalf("by id = %+v", got)
	}
	_, err = e.s.FindMembershipByID(e.ctx, 999999)
	wantCode(t, err, samspil.ENOTFOUND, "")

	o, err := e.s.FindOrganisationByID(e.ctx, org.ID)
	must(t, err)
	if o.MemberCount != 1 {
		t.Fatalf("member count = %d, want 1 (active only)", o.MemberCount)
	}

	for _, tc := range []struct {
		name string
		f    samspil.MembershipFilter
		want int
	}{
		{"org", samspil.MembershipFilter{OrganisationID: org.ID}, 2},
		{"user", samspil.MembershipFilter{UserID: u2.ID}, 1},
		{"pending", samspil.MembershipFilter{OrganisationID: org.ID, Status: samspil.MembershipPending}, 1},
		{"admins", samspil.MembershipFilter{Role: samspil.RoleAdmin}, 1},
		{"pending without admin (org has admin)", samspil.MembershipFilter{PendingWithoutAdmin: true}, 0},
	} {
		items, total, err := e.s.FindMemberships(e.ctx, tc.f)
		must(t, err)
		if total != tc.want || len(items) != tc.want {
			t.Errorf("%s: total %d items %d, want %d", tc.name, total, len(items), tc.want)
		}
	}
	_, _, err = e.s.FindMemberships(e.ctx, samspil.MembershipFilter{Limit: -5})
	wantCode(t, err, samspil.EINVALID, "")

	// A municipality's first staff member waits for a platform admin.
	kommune, err := e.s.FindMunicipalityOrganisation(e.ctx, "0461")
	must(t, err)
	first := &samspil.Membership{UserID: u2.ID, OrganisationID: kommune.ID}
	must(t, e.s.CreateMembership(e.ctx, first))
	if first.Role != samspil.RoleMember || first.Status != samspil.MembershipPending {
		t.Fatalf("defaults = %s/%s", first.Role, first.Status)
	}
	items, total, err := e.s.FindMemberships(e.ctx, samspil.MembershipFilter{PendingWithoutAdmin: true})
	must(t, err)
	if total != 1 || items[0].ID != first.ID || items[0].OrganisationKind != samspil.OrgKommune {
		t.Fatalf("pending without admin = %d %+v", total, items)
	}
	admin, active := samspil.RoleAdmin, samspil.MembershipActive
	e.clock.Add(time.Minute)
	upd, err := e.s.UpdateMembership(e.ctx, first.ID, &admin, &active)
	must(t, err)
	if upd.Role != admin || upd.Status != active || !upd.UpdatedAt.Equal(Start.Add(time.Minute)) {
		t.Fatalf("approved = %+v", upd)
	}
	_, total, err = e.s.FindMemberships(e.ctx, samspil.MembershipFilter{PendingWithoutAdmin: true})
	must(t, err)
	if total != 0 {
		t.Fatalf("pending without admin after approval = %d", total)
	}

	_, err = e.s.UpdateMembership(e.ctx, 999999, &admin, nil)
	wantCode(t, err, samspil.ENOTFOUND, "")
	bad := samspil.Role("king")
	_, err = e.s.UpdateMembership(e.ctx, pending.ID, &bad, nil)
	wantCode(t, err, samspil.EINVALID, "")
	wantCode(t, e.s.DeleteMembership(e.ctx, 999999), samspil.ENOTFOUND, "")
	must(t, e.s.DeleteMembership(e.ctx, pending.ID))
	_, err = e.s.FindMembershipByID(e.ctx, pending.ID)
	wantCode(t, err, samspil.ENOTFOUND, "")
}

func testMembershipAdminRules(t *testing.T, e *env) {
	org := newOrg(1, "Regler")
	must(t, e.s.CreateOrganisation(e.ctx, org))
	ua, ub, uc := newUser(t, e, "a@example.dk"), newUser(t, e, "b@example.dk"), newUser(t, e, "c@example.dk")
	a := &samspil.Membership{UserID: ua.ID, OrganisationID: org.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}
	b := &samspil.Membership{UserID: ub.ID, OrganisationID: org.ID, Role: samspil.RoleMember, Status: samspil.MembershipActive}
	c := &samspil.Membership{UserID: uc.ID, OrganisationID: org.ID, Role: samspil.RoleMember, Status: samspil.MembershipPending}
	for _, m := range []*samspil.Membership{a, b, c} {
		must(t, e.s.CreateMembership(e.ctx, m))
	}
	member, admin, pending := samspil.RoleMember, samspil.RoleAdmin, samspil.MembershipPending

	// The only admin cannot step down, go pending or leave while b is active.
	_, err := e.s.UpdateMembership(e.ctx, a.ID, &member, nil)
	wantCode(t, err, samspil.ECONFLICT, "")
	_, err = e.s.UpdateMembership(e.ctx, a.ID, nil, &pending)
	wantCode(t, err, samspil.ECONFLICT, "")
	wantCode(t, e.s.DeleteMembership(e.ctx, a.ID), samspil.ECONFLICT, "")

	// A pending member does not count as a member to protect.
	must(t, e.s.DeleteMembership(e.ctx, c.ID))

	// With a second admin, the first may step down and then leave.
	_, err = e.s.UpdateMembership(e.ctx, b.ID, &admin, nil)
	must(t, err)
	_, err = e.s.UpdateMembership(e.ctx, a.ID, &member, nil)
	must(t, err)
	must(t, e.s.DeleteMembership(e.ctx, a.ID))

	// The last admin of an organisation with no other members may leave.
	must(t, e.s.DeleteMembership(e.ctx, b.ID))
	o, err := e.s.FindOrganisationByID(e.ctx, org.ID)
	must(t, err)
	if o.MemberCount != 0 {
		t.Fatalf("member count = %d", o.MemberCount)
	}
}

func testTokens(t *testing.T, e *env) {
	u := newUser(t, e, "t@example.dk")
	org := newOrg(1, "Inviterende")
	must(t, e.s.CreateOrganisation(e.ctx, org))
	tok := &samspil.OneTimeToken{Hash: "h-confirm", Purpose: samspil.TokenConfirmEmail, UserID: u.ID, Email: u.Email, ExpiresAt: Start.Add(samspil.ConfirmTokenTTL)}
	must(t, e.s.CreateToken(e.ctx, tok))
	if tok.ID == 0 || !tok.CreatedAt.Equal(Start) {
		t.Fatalf("created = %+v", tok)
	}
	wantCode(t, e.s.CreateToken(e.ctx, &samspil.OneTimeToken{Hash: "", Purpose: samspil.TokenConfirmEmail, ExpiresAt: Start.Add(time.Hour)}), samspil.EINVALID, "")

	_, err := e.s.ConsumeToken(e.ctx, samspil.TokenResetPassword, "h-confirm")
	wantCode(t, err, samspil.ENOTFOUND, "")
	got, err := e.s.ConsumeToken(e.ctx, samspil.TokenConfirmEmail, "h-confirm")
	must(t, err)
	if got.UserID != u.ID || got.Email != u.Email || got.Purpose != samspil.TokenConfirmEmail || !got.ExpiresAt.Equal(tok.ExpiresAt) || got.OrganisationID != 0 {
		t.Fatalf("consumed = %+v", got)
	}
	_, err = e.s.ConsumeToken(e.ctx, samspil.TokenConfirmEmail, "h-confirm")
	wantCode(t, err, samspil.ENOTFOUND, "")

	// Invitations may be for people without an account.
	inv := &samspil.OneTimeToken{Hash: "h-invite", Purpose: samspil.TokenInvitation, Email: "new@example.dk", OrganisationID: org.ID, Data: "admin", ExpiresAt: Start.Add(samspil.InvitationTokenTTL)}
	must(t, e.s.CreateToken(e.ctx, inv))
	got, err = e.s.ConsumeToken(e.ctx, samspil.TokenInvitation, "h-invite")
	must(t, err)
	if got.UserID != 0 || got.OrganisationID != org.ID || got.Data != "admin" {
		t.Fatalf("invitation = %+v", got)
	}

	// Expired tokens do not work.
	reset := &samspil.OneTimeToken{Hash: "h-reset", Purpose: samspil.TokenResetPassword, UserID: u.ID, Email: u.Email, ExpiresAt: Start.Add(samspil.ResetTokenTTL)}
	must(t, e.s.CreateToken(e.ctx, reset))
	e.clock.Add(samspil.ResetTokenTTL + time.Second)
	_, err = e.s.ConsumeToken(e.ctx, samspil.TokenResetPassword, "h-reset")
	wantCode(t, err, samspil.ENOTFOUND, "")
}

func testAPITokens(t *testing.T, e *env) {
	u := newUser(t, e, "api@example.dk")
	other := newUser(t, e, "other@example.dk")
	t1 := &samspil.APIToken{UserID: u.ID, Name: "Integration", Hash: "api-hash-1", Prefix: "smp_abc"}
	must(t, e.s.CreateAPIToken(e.ctx, t1))
	e.clock.Add(time.Minute)
	t2 := &samspil.APIToken{UserID: u.ID, Name: "Skript", Hash: "api-hash-2", Prefix: "smp_def"}
	must(t, e.s.CreateAPIToken(e.ctx, t2))
	if t1.ID == 0 || !t1.CreatedAt.Equal(Start) {
		t.Fatalf("created = %+v", t1)
	}
	wantField(t, e.s.CreateAPIToken(e.ctx, &samspil.APIToken{UserID: u.ID, Name: " ", Hash: "x"}), samspil.EINVALID, "name", "")
	wantCode(t, e.s.CreateAPIToken(e.ctx, &samspil.APIToken{UserID: u.ID, Name: "x", Hash: ""}), samspil.EINVALID, "")

	e.clock.Add(time.Minute)
	got, err := e.s.FindAPITokenByHash(e.ctx, "api-hash-1")
	must(t, err)
	if got.ID != t1.ID || got.UserID != u.ID || got.Prefix != "smp_abc" || got.LastUsedAt == nil || !got.LastUsedAt.Equal(Start.Add(2*time.Minute)) {
		t.Fatalf("by hash = %+v", got)
	}
	_, err = e.s.FindAPITokenByHash(e.ctx, "nope")
	wantCode(t, err, samspil.ENOTFOUND, "")

	list, err := e.s.FindAPITokens(e.ctx, u.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != t2.ID || list[1].LastUsedAt == nil {
		t.Fatalf("list = %+v", list)
	}
	wantCode(t, e.s.DeleteAPIToken(e.ctx, other.ID, t1.ID), samspil.ENOTFOUND, "")
	must(t, e.s.DeleteAPIToken(e.ctx, u.ID, t1.ID))
	wantCode(t, e.s.DeleteAPIToken(e.ctx, u.ID, t1.ID), samspil.ENOTFOUND, "")
	_, err = e.s.FindAPITokenByHash(e.ctx, "api-hash-1")
	wantCode(t, err, samspil.ENOTFOUND, "")
	list, err = e.s.FindAPITokens(e.ctx, other.ID)
	must(t, err)
	if len(list) != 0 || list == nil {
		t.Fatalf("other's list = %v", list)
	}
}

func testLoginFailures(t *testing.T, e *env) {
	must(t, e.s.RecordLoginFailure(e.ctx, "email:a@example.dk", "ip:192.0.2.1"))
	e.clock.Add(10 * time.Minute)
	must(t, e.s.RecordLoginFailure(e.ctx, "email:a@example.dk", "ip:192.0.2.1"))
	must(t, e.s.RecordLoginFailure(e.ctx, "ip:192.0.2.1"))
	for _, tc := range []struct {
		key   string
		since time.Time
		want  int
	}{
		{"email:a@example.dk", Start, 2},
		{"email:a@example.dk", Start.Add(time.Minute), 1},
		{"ip:192.0.2.1", Start, 3},
		{"ip:192.0.2.2", Start, 0},
	} {
		n, err := e.s.CountLoginFailures(e.ctx, tc.key, tc.since)
		must(t, err)
		if n != tc.want {
			t.Errorf("%s since %v = %d, want %d", tc.key, tc.since, n, tc.want)
		}
	}
	must(t, e.s.ClearLoginFailures(e.ctx, "email:a@example.dk"))
	n, err := e.s.CountLoginFailures(e.ctx, "email:a@example.dk", Start)
	must(t, err)
	if n != 0 {
		t.Fatalf("after clear = %d", n)
	}
	n, err = e.s.CountLoginFailures(e.ctx, "ip:192.0.2.1", Start)
	must(t, err)
	if n != 3 {
		t.Fatalf("other key after clear = %d", n)
	}
}

func testSessions(t *testing.T, e *env) {
	ss := e.s.Sessions()
	_, found, err := ss.Find("missing")
	must(t, err)
	if found {
		t.Fatal("found a missing session")
	}
	must(t, ss.Commit("tok1", []byte("data-1"), Start.Add(time.Hour)))
	b, found, err := ss.Find("tok1")
	must(t, err)
	if !found || string(b) != "data-1" {
		t.Fatalf("find = %q %v", b, found)
	}
	must(t, ss.Commit("tok1", []byte("data-2"), Start.Add(2*time.Hour)))
	b, _, err = ss.Find("tok1")
	must(t, err)
	if string(b) != "data-2" {
		t.Fatalf("after recommit = %q", b)
	}
	must(t, ss.Commit("tok2", []byte{0, 1, 2, 255}, Start.Add(30*time.Minute)))
	b, found, err = ss.Find("tok2")
	must(t, err)
	if !found || len(b) != 4 || b[3] != 255 {
		t.Fatalf("binary session = %v %v", b, found)
	}
	e.clock.Add(time.Hour)
	_, found, err = ss.Find("tok2")
	must(t, err)
	if found {
		t.Fatal("expired session found")
	}
	_, found, _ = ss.Find("tok1")
	if !found {
		t.Fatal("unexpired session not found")
	}
	must(t, ss.Delete("tok1"))
	must(t, ss.Delete("tok1"))
	_, found, _ = ss.Find("tok1")
	if found {
		t.Fatal("deleted session found")
	}
}

func testAudit(t *testing.T, e *env) {
	admin := newUser(t, e, "admin@example.dk")
	ctx := samspil.WithActor(e.ctx, admin.ID)
	o := newOrg(1, "Revideret")
	must(t, e.s.CreateOrganisation(ctx, o))
	name := "Revideret ApS"
	_, err := e.s.UpdateOrganisation(ctx, o.ID, samspil.OrganisationUpdate{Name: &name})
	must(t, err)
	_, err = e.s.SetRSVRegistration(ctx, o.ID, true)
	must(t, err)
	// A failed change writes no audit event.
	empty := ""
	_, err = e.s.UpdateOrganisation(ctx, o.ID, samspil.OrganisationUpdate{Name: &empty})
	wantCode(t, err, samspil.EINVALID, "")

	events, total, err := e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "organisation", EntityID: o.ID})
	must(t, err)
	if total != 3 || len(events) != 3 {
		t.Fatalf("organisation events = %d", total)
	}
	upd := events[1] // newest first: rsv, update, create
	if events[2].After == "" || events[2].Before != "" {
		t.Errorf("create event = %+v", events[2])
	}
	if upd.ActorID != admin.ID || !strings.Contains(upd.Action, "update") || !strings.Contains(upd.Before, `"Revideret"`) || !strings.Contains(upd.After, `"Revideret ApS"`) || !upd.CreatedAt.Equal(Start) {
		t.Fatalf("update event = %+v", upd)
	}
	for _, ev := range events {
		if ev.ActorID != admin.ID {
			t.Errorf("event %s actor = %d", ev.Action, ev.ActorID)
		}
	}

	u := newUser(t, e, "member@example.dk")
	m := &samspil.Membership{UserID: u.ID, OrganisationID: o.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}
	must(t, e.s.CreateMembership(ctx, m))
	_, total, err = e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "membership", EntityID: m.ID})
	must(t, err)
	if total != 1 {
		t.Fatalf("membership events = %d", total)
	}
	yes := true
	_, err = e.s.UpdateUser(ctx, u.ID, samspil.UserUpdate{IsAdmin: &yes})
	must(t, err)
	events, _, err = e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "user", EntityID: u.ID})
	must(t, err)
	if len(events) == 0 || !strings.Contains(events[0].After, `"is_admin":true`) || strings.Contains(events[0].After, "argon2") {
		t.Fatalf("admin flag events = %+v", events)
	}
	must(t, e.s.SetCoordinationUnit(ctx, &samspil.CoordinationUnit{MunicipalityCode: "0101", Name: "Enhed for socialøkonomi"}))
	_, total, err = e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{EntityType: "coordination_unit"})
	must(t, err)
	if total != 1 {
		t.Fatalf("coordination unit events = %d", total)
	}
	_, total, err = e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{ActorID: admin.ID})
	must(t, err)
	if total < 6 {
		t.Fatalf("events by actor = %d", total)
	}
	_, _, err = e.s.FindAuditEvents(e.ctx, samspil.AuditFilter{Offset: -1})
	wantCode(t, err, samspil.EINVALID, "")
}

func testCoordinationUnits(t *testing.T, e *env) {
	_, err := e.s.FindCoordinationUnit(e.ctx, "0101")
	wantCode(t, err, samspil.ENOTFOUND, "")
	u := &samspil.CoordinationUnit{MunicipalityCode: "0101", Name: "Socialøkonomisk Enhed", Department: "Beskæftigelse", Email: "SE@kk.dk", Phone: "33 66 33 66"}
	must(t, e.s.SetCoordinationUnit(e.ctx, u))
	if !u.UpdatedAt.Equal(Start) {
		t.Fatalf("updated at = %v", u.UpdatedAt)
	}
	e.clock.Add(time.Hour)
	must(t, e.s.SetCoordinationUnit(e.ctx, &samspil.CoordinationUnit{MunicipalityCode: "0101", Name: "Center for Socialøkonomi", Email: "csk@kk.dk"}))
	must(t, e.s.SetCoordinationUnit(e.ctx, &samspil.CoordinationUnit{MunicipalityCode: "0461", Name: "Odense Socialøkonomi"}))
	got, err := e.s.FindCoordinationUnit(e.ctx, "0101")
	must(t, err)
	if got.Name != "Center for Socialøkonomi" || got.Department != "" || got.Email != "csk@kk.dk" || !got.UpdatedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("replaced = %+v", got)
	}
	all, err := e.s.FindCoordinationUnits(e.ctx)
	must(t, err)
	if len(all) != 2 || all[0].MunicipalityCode != "0101" || all[1].MunicipalityCode != "0461" {
		t.Fatalf("all = %+v", all)
	}
	for _, tc := range []struct {
		field string
		u     samspil.CoordinationUnit
	}{
		{"name", samspil.CoordinationUnit{MunicipalityCode: "0101", Name: " "}},
		{"email", samspil.CoordinationUnit{MunicipalityCode: "0101", Name: "X", Email: "not an e-mail"}},
		{"municipality_code", samspil.CoordinationUnit{MunicipalityCode: "9999", Name: "X"}},
	} {
		wantField(t, e.s.SetCoordinationUnit(e.ctx, &tc.u), samspil.EINVALID, tc.field, "")
	}
	got, err = e.s.FindCoordinationUnit(e.ctx, "0101")
	must(t, err)
	if got.Name != "Center for Socialøkonomi" {
		t.Fatalf("invalid update changed the unit: %+v", got)
	}
}
