package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// oppFixture is the opportunity data one rights-test request acts on:
// A's opportunity with a pending interest from B, B's opportunity with a
// pending interest from A, and a second opportunity of B nobody answered.
type oppFixture struct {
	OppA, OppB, OppB2 *samspil.Opportunity
	FromB, FromA      *samspil.Interest
}

// The rights table's path functions receive only the scene, so the first
// opportunity row ("POST /muligheder", whose form function receives the
// environment) records the environment here and the later opportunity rows
// build their fixture from it. The rows must therefore follow that one.
var (
	oppRightsMu  sync.Mutex
	oppRightsEnv *orgEnv
	oppFixtures  = map[*scene]*oppFixture{}
)

// liveOppEnv is the recorded environment unless its test has ended (an
// earlier test's environment must not serve a later one). The rights test
// points e.t at the running subtest before it asks for a path.
func liveOppEnv() *orgEnv {
	if e := oppRightsEnv; e != nil && e.t.Context().Err() == nil {
		return e
	}
	return nil
}

// oppCaptureEnv remembers the rights test's environment.
func oppCaptureEnv(e *orgEnv) {
	oppRightsMu.Lock()
	defer oppRightsMu.Unlock()
	if oppRightsEnv != e {
		oppRightsEnv, oppFixtures = e, map[*scene]*oppFixture{}
	}
}

// oppFix returns the scene's fixture, creating it on first use (before the
// test takes its "nothing changed" fingerprint).
func oppFix(s *scene) *oppFixture {
	oppRightsMu.Lock()
	defer oppRightsMu.Unlock()
	if f := oppFixtures[s]; f != nil {
		return f
	}
	e := liveOppEnv()
	if e == nil {
		panic("opportunity rights rows must come after the POST /muligheder row, which records the environment")
	}
	e.trimMemberships(s)
	f := &oppFixture{}
	f.OppA = e.opp(s.A, e.users[roleAdmin], "A")
	f.OppB = e.opp(s.B, e.users[roleOtherAdmin], "B")
	f.OppB2 = e.opp(s.B, e.users[roleOtherAdmin], "B2")
	f.FromB = e.interest(f.OppA, s.B, e.users[roleOtherAdmin])
	f.FromA = e.interest(f.OppB, s.A, e.users[roleMember])
	oppFixtures[s] = f
	return f
}

// trimMemberships removes the shared role users' memberships of earlier
// scenes. Every scene adds some, and a principal is loaded with at most
// samspil.MaxPageSize of them (oldest first), so late rows of the table
// would otherwise see the signed-in admin as a stranger to the scene's own
// organisation. It runs before the test's fingerprint.
func (e *orgEnv) trimMemberships(s *scene) {
	e.t.Helper()
	_, err := e.store.SQL().Exec(`DELETE FROM memberships WHERE user_id IN (?, ?, ?) AND organisation_id NOT IN (?, ?, ?)`,
		e.users[roleMember].ID, e.users[roleAdmin].ID, e.users[roleOtherAdmin].ID, s.A.ID, s.B.ID, s.K.ID)
	if err != nil {
		e.t.Fatal(err)
	}
}

// opp stores an open call for partners of org.
func (e *orgEnv) opp(org *samspil.Organisation, by *samspil.User, tag string) *samspil.Opportunity {
	e.t.Helper()
	deadline := time.Now().AddDate(0, 1, 0).UTC()
	o := &samspil.Opportunity{OrganisationID: org.ID, Kind: samspil.OppPartnerskab, Title: fmt.Sprintf("Pilot %s %d", tag, e.next()),
		Description: "Vi søger partnere.", CPVCodes: []string{"98310000-9"}, TargetGroups: []string{"udsatte_ledige"},
		MunicipalityCode: org.MunicipalityCode, Deadline: &deadline, CreatedBy: by.ID}
	if err := e.store.CreateOpportunity(context.Background(), o); err != nil {
		e.t.Fatal(err)
	}
	return o
}

// interest stores a pending interest of org in o.
func (e *orgEnv) interest(o *samspil.Opportunity, org *samspil.Organisation, by *samspil.User) *samspil.Interest {
	e.t.Helper()
	in := &samspil.Interest{OpportunityID: o.ID, OrganisationID: org.ID, Message: "Vi vil gerne være med.", CreatedBy: by.ID}
	if err := e.store.CreateInterest(context.Background(), in); err != nil {
		e.t.Fatal(err)
	}
	return in
}

// oppCreatePath is the posting route. Once the environment is known it
// also trims the shared users' memberships (see trimMemberships).
func oppCreatePath(s *scene) string {
	oppRightsMu.Lock()
	e := liveOppEnv()
	oppRightsMu.Unlock()
	if e != nil {
		e.trimMemberships(s)
	}
	return "/muligheder"
}

// oppCreateForm is a valid posting form for the scene's organisation A.
func oppCreateForm(e *orgEnv, s *scene, _ string) url.Values {
	oppCaptureEnv(e)
	return url.Values{"organisation_id": {idStr(s.A.ID)}, "kind": {"partnerskab"}, "title": {"Nyt pilotprojekt"},
		"cpv_codes": {"98310000-9"}, "municipality_code": {"0101"}, "deadline": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}}
}

// oppEditForm is a valid edit of A's opportunity.
func oppEditForm(e *orgEnv, s *scene, role string) url.Values {
	v := oppCreateForm(e, s, role)
	v.Set("title", "Rettet pilotprojekt")
	return v
}

// Roles of the opportunity rows: the owning organisation's members (any
// role) and platform admins manage; only members speak for their own
// organisation.
var (
	oppManagers = []string{roleMember, roleAdmin, rolePlatform}
	orgMembers  = []string{roleMember, roleAdmin}
)

// TestOppReadRights: pages that only read follow the same rules.
func TestOppReadRights(t *testing.T) {
	e := newOrgEnv(t)
	oppCaptureEnv(e)
	s := e.newScene()
	f := oppFix(s)
	for _, tc := range []struct {
		path    string
		allowed []string
	}{
		{oppPath(f.OppA.ID, ""), allRoles},
		{oppPath(f.OppA.ID, "/rediger"), oppManagers},
		{oppPath(f.OppA.ID, "/status?to=closed"), oppManagers},
		{"/interesser/" + idStr(f.FromB.ID) + "/accepter", oppManagers},
		{"/interesser/" + idStr(f.FromB.ID) + "/afvis", oppManagers},
		{"/interesser/" + idStr(f.FromA.ID) + "/traek-tilbage", orgMembers},
	} {
		ok := map[string]bool{}
		for _, r := range tc.allowed {
			ok[r] = true
		}
		for _, role := range allRoles {
			r := e.get(e.clients[role], tc.path)
			want := http.StatusForbidden
			switch {
			case ok[role]:
				want = http.StatusOK
			case role == roleAnon:
				want = http.StatusSeeOther // to the sign-in page
			}
			if r.status != want {
				t.Errorf("GET %s as %s: %d, want %d", tc.path, role, r.status, want)
			}
		}
	}
	// The owners see the interests; another organisation sees only its own.
	mustContain(t, e.get(e.clients[roleMember], oppPath(f.OppA.ID, "")).body, "/interesser/"+idStr(f.FromB.ID)+"/accepter")
	if body := e.get(e.clients[roleUser], oppPath(f.OppA.ID, "")).body; strings.Contains(body, "/interesser/") {
		t.Error("a stranger sees the interests")
	}
	mustContain(t, e.get(e.clients[roleOtherAdmin], oppPath(f.OppA.ID, "")).body, "Vi vil gerne være med.")
}
