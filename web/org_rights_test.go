package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// writeRoute is one state-changing route of the web pages and who may use it.
type writeRoute struct {
	pattern string // exactly as registered with the ServeMux
	path    func(s *scene) string
	form    func(e *orgEnv, s *scene, role string) url.Values
	upload  bool // the form is a CSV upload (multipart)
	allowed []string
	// readOnly marks routes that only show a result (the import preview):
	// allowed roles must get 200 and still write nothing.
	readOnly bool
}

var (
	signedIn    = []string{roleUser, roleMember, roleAdmin, roleOtherAdmin, rolePlatform}
	orgAdmins   = []string{roleAdmin, rolePlatform}
	platformOnl = []string{rolePlatform}
)

func idStr(n int64) string { return fmt.Sprint(n) }

// profileForm is a complete valid profile edit.
func profileForm(*orgEnv, *scene, string) url.Values {
	return url.Values{
		"name": {"Nyt navn ApS"}, "municipality_code": {"0101"}, "description": {"Ny beskrivelse"},
		"turnover": {"1.250.000,50"}, "employees": {"10"}, "disadvantaged_employees": {"4"},
		"cpv_codes": {"98310000-9"}, "sectors": {"S"}, "target_groups": {"udsatte_ledige"},
		"effect_year": {"2024"}, "effect_employed": {"3"}, "effect_ordinary": {""}, "effect_education": {""}, "effect_programmes": {""}, "effect_note": {""},
	}
}

func noForm(*orgEnv, *scene, string) url.Values { return url.Values{} }

// writeRoutes lists every POST route of the web pages with the roles that
// may use it. TestEveryWriteRouteIsInTheRightsTable keeps it complete.
var writeRoutes = []writeRoute{
	{"POST /organisationer/ny", func(*scene) string { return "/organisationer/ny" },
		func(e *orgEnv, s *scene, role string) url.Values {
			return url.Values{"kind": {"sov"}, "cvr": {validCVR(700000 + e.next())}, "name": {"Ny SØV " + role}, "municipality_code": {"0101"}}
		}, false, signedIn, false},
	{"POST /organisationer/kommune", func(*scene) string { return "/organisationer/kommune" },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"municipality_code": {"0860"}} }, false, signedIn, false},
	{"POST /organisationer/{id}/medlemskab", func(s *scene) string { return "/organisationer/" + idStr(s.C.ID) + "/medlemskab" }, noForm, false, signedIn, false},
	{"POST /organisationer/{id}/medlemmer/{mid}/godkend", func(s *scene) string { return orgPath(s.A.ID, "/medlemmer/"+idStr(s.Pending.ID)+"/godkend") }, noForm, false, orgAdmins, false},
	{"POST /organisationer/{id}/medlemmer/{mid}/afvis", func(s *scene) string { return orgPath(s.A.ID, "/medlemmer/"+idStr(s.Pending.ID)+"/afvis") }, noForm, false, orgAdmins, false},
	{"POST /organisationer/{id}/medlemmer/{mid}/rolle", func(s *scene) string { return orgPath(s.A.ID, "/medlemmer/"+idStr(s.Other.ID)+"/rolle") },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"role": {"admin"}} }, false, orgAdmins, false},
	{"POST /organisationer/{id}/medlemmer/{mid}/fjern", func(s *scene) string { return orgPath(s.A.ID, "/medlemmer/"+idStr(s.Other.ID)+"/fjern") },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"confirm": {"yes"}} }, false, orgAdmins, false},
	{"POST /organisationer/{id}/invitationer", func(s *scene) string { return orgPath(s.A.ID, "/invitationer") },
		func(e *orgEnv, s *scene, role string) url.Values {
			return url.Values{"email": {fmt.Sprintf("ny-%d@rights.test", e.next())}, "role": {"member"}}
		}, false, orgAdmins, false},
	{"POST /organisationer/{id}/rediger", func(s *scene) string { return orgPath(s.A.ID, "/rediger") }, profileForm, false, orgAdmins, false},
	{"POST /organisationer/{id}/koordinering", func(s *scene) string { return orgPath(s.K.ID, "/koordinering") },
		func(*orgEnv, *scene, string) url.Values {
			return url.Values{"name": {"Socialøkonomisk Center"}, "department": {"Beskæftigelse"}, "email": {"center@kommune.test"}, "phone": {"33 33 33 33"}}
		}, false, orgAdmins, false},

	{"POST /admin/medlemskaber/{mid}/godkend", func(s *scene) string { return "/admin/medlemskaber/" + idStr(s.Queued.ID) + "/godkend" }, noForm, false, platformOnl, false},
	{"POST /admin/medlemskaber/{mid}/afvis", func(s *scene) string { return "/admin/medlemskaber/" + idStr(s.Queued.ID) + "/afvis" }, noForm, false, platformOnl, false},
	{"POST /admin/organisationer/{id}/rsv", func(s *scene) string { return "/admin/organisationer/" + idStr(s.A.ID) + "/rsv" },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"registered": {"1"}} }, false, platformOnl, false},
	{"POST /admin/maalgrupper", func(*scene) string { return "/admin/maalgrupper" },
		func(e *orgEnv, s *scene, role string) url.Values {
			return url.Values{"code": {fmt.Sprintf("gruppe_%d", e.next())}, "name_da": {"Ny gruppe"}, "name_en": {"New group"}}
		}, false, platformOnl, false},
	{"POST /admin/import", func(*scene) string { return "/admin/import" }, nil, true, platformOnl, true},
	{"POST /admin/import/gem", func(*scene) string { return "/admin/import/gem" },
		func(e *orgEnv, s *scene, role string) url.Values {
			return url.Values{"payload": {packImport([]byte(s.CSV))}}
		}, false, platformOnl, false},

	// B1's account routes: every signed-in person acts on their own account.
	{"POST /konto", func(*scene) string { return "/konto" },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"name": {"Nyt Navn"}, "locale": {"da"}} }, false, signedIn, false},
	{"POST /konto/tokens", func(*scene) string { return "/konto/tokens" },
		func(e *orgEnv, s *scene, role string) url.Values {
			return url.Values{"token_name": {fmt.Sprintf("nøgle %d", e.next())}}
		}, false, signedIn, false},
	{"POST /konto/adgangskode", func(*scene) string { return "/konto/adgangskode" },
		func(*orgEnv, *scene, string) url.Values {
			return url.Values{"current_password": {testPassword}, "new_password": {testPassword}}
		}, false, signedIn, false},
	// A token belongs to the plain user only: everybody else, platform
	// admins included, must not delete it.
	{"POST /konto/tokens/{id}/slet", func(s *scene) string { return "/konto/tokens/" + idStr(s.TokenID) + "/slet" }, noForm, false, []string{roleUser}, false},

	// W2's opportunity routes. "POST /muligheder" must come first: its form
	// function records the environment the later rows build their
	// opportunities and interests from (oppFix, opp_rights_test.go).
	{"POST /muligheder", oppCreatePath, oppCreateForm, false, oppManagers, false},
	{"POST /muligheder/{id}/rediger", func(s *scene) string { return oppPath(oppFix(s).OppA.ID, "/rediger") }, oppEditForm, false, oppManagers, false},
	{"POST /muligheder/{id}/status", func(s *scene) string { return oppPath(oppFix(s).OppA.ID, "/status") },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"to": {"closed"}, "confirm": {"yes"}} }, false, oppManagers, false},
	// Interest is sent as A into B's opportunity: only A's members speak for A.
	{"POST /muligheder/{id}/interesse", func(s *scene) string { return oppPath(oppFix(s).OppB2.ID, "/interesse") },
		func(_ *orgEnv, s *scene, _ string) url.Values {
			return url.Values{"organisation_id": {idStr(s.A.ID)}, "message": {"Vi vil gerne være med."}}
		}, false, orgMembers, false},
	{"POST /interesser/{id}/accepter", func(s *scene) string { return "/interesser/" + idStr(oppFix(s).FromB.ID) + "/accepter" },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"note": {"Velkommen"}, "confirm": {"yes"}} }, false, oppManagers, false},
	{"POST /interesser/{id}/afvis", func(s *scene) string { return "/interesser/" + idStr(oppFix(s).FromB.ID) + "/afvis" },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"confirm": {"yes"}} }, false, oppManagers, false},
	{"POST /interesser/{id}/traek-tilbage", func(s *scene) string { return "/interesser/" + idStr(oppFix(s).FromA.ID) + "/traek-tilbage" },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"confirm": {"yes"}} }, false, orgMembers, false},

	// W1's saved searches: every signed-in person saves searches of their
	// own. The routes on one saved search are owner-only and tested in
	// TestSavedSearchOwnerOnly (publicWriteRoutes below).
	{"POST /soeg/gem", func(*scene) string { return "/soeg/gem" },
		func(e *orgEnv, s *scene, role string) url.Values {
			return url.Values{"name": {fmt.Sprintf("Søgning %d", e.next())}, "query": {"q=cykel"}, "digest": {"1"}}
		}, false, signedIn, false},

	// W2's guide, questions and editor switch (issue 4). They need the
	// environment recorded by the "POST /muligheder" row (w2Fix,
	// question_rights_test.go). Only editors and platform admins edit the
	// guide; municipal staff and the secretariat ask; every signed-in person
	// answers and votes on a public question; the asker (the member role)
	// and platform admins accept.
	{"POST /vejledning/{slug}/rediger", func(s *scene) string { w2Fix(s); return "/vejledning/reserveret-kontrakt/rediger" }, w2GuideForm, false, platformOnl, false},
	{"POST /spoergsmaal/ny", func(s *scene) string { w2Fix(s); return "/spoergsmaal/ny" }, w2AskForm, false, w2Askers, false},
	{"POST /spoergsmaal/{id}/svar", func(s *scene) string { return questionPath(w2Fix(s).Question.ID, "/svar") },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"body": {"Et svar."}, "action": {"save"}} }, false, signedIn, false},
	{"POST /spoergsmaal/{id}/stem", func(s *scene) string { return questionPath(w2Fix(s).Question.ID, "/stem") },
		func(_ *orgEnv, s *scene, _ string) url.Values {
			return url.Values{"answer_id": {idStr(w2Fix(s).AnswerID)}, "up": {"1"}}
		}, false, signedIn, false},
	{"POST /spoergsmaal/{id}/accepter", func(s *scene) string { return questionPath(w2Fix(s).Question.ID, "/accepter") },
		func(_ *orgEnv, s *scene, _ string) url.Values {
			return url.Values{"answer_id": {idStr(w2Fix(s).AnswerID)}}
		}, false, w2Acceptors, false},
	{"POST /admin/brugere/{id}/redaktoer", func(s *scene) string { return "/admin/brugere/" + idStr(w2Fix(s).User.ID) + "/redaktoer" },
		func(*orgEnv, *scene, string) url.Values { return url.Values{"editor": {"1"}} }, false, platformOnl, false},

	// W3's strategies and follows (issue 4). The strategy rows act on the
	// scene's municipality K, whose member and admin are the member and
	// admin roles; strategyFix (strategy_test.go) saves a strategy with a
	// document row and makes every role follow K, from the environment the
	// "POST /muligheder" row recorded. Following is every signed-in
	// person's own business.
	{"POST /kommuner/{kode}/strategi", func(s *scene) string { strategyFix(s); return "/kommuner/" + s.K.MunicipalityCode + "/strategi" },
		strategyRightsForm, false, orgAdmins, false},
	{"POST /kommuner/{kode}/strategi/slet", func(s *scene) string { strategyFix(s); return "/kommuner/" + s.K.MunicipalityCode + "/strategi/slet" },
		noForm, false, orgAdmins, false},
	{"POST /kommuner/{kode}/strategi/dokument/{fid}/slet", func(s *scene) string {
		return fmt.Sprintf("/kommuner/%s/strategi/dokument/%d/slet", s.K.MunicipalityCode, strategyFix(s).ID)
	}, noForm, false, orgAdmins, false},
	{"POST /foelg", func(*scene) string { return "/foelg" },
		func(e *orgEnv, _ *scene, _ string) url.Values {
			return url.Values{"kind": {"tag"}, "key": {fmt.Sprintf("emne-%d", e.next())}, "return_to": {"/foelger"}}
		}, false, signedIn, false},
	{"POST /foelg/stop", func(s *scene) string { strategyFix(s); return "/foelg/stop" },
		func(_ *orgEnv, s *scene, _ string) url.Values {
			return url.Values{"kind": {"municipality"}, "key": {s.K.MunicipalityCode}}
		}, false, signedIn, false},

	// W1's case library (issue 4). The rows act on cases of the scene's
	// organisation A (caseFix, case_rights_test.go, from the environment
	// the "POST /muligheder" row recorded): A's members and platform admins
	// write and manage A's cases; only the secretariat (editors, platform
	// admins) publishes and returns a case in review.
	{"POST /erfaringer", caseCreatePath, caseRightsForm, false, oppManagers, false},
	{"POST /erfaringer/{id}/rediger", func(s *scene) string { return casePath(caseFix(s).Draft.ID, "/rediger") }, caseRightsForm, false, oppManagers, false},
	{"POST /erfaringer/{id}/indsend", func(s *scene) string { return casePath(caseFix(s).Draft.ID, "/indsend") }, caseConfirm, false, oppManagers, false},
	{"POST /erfaringer/{id}/slet", func(s *scene) string { return casePath(caseFix(s).Draft.ID, "/slet") }, caseConfirm, false, oppManagers, false},
	{"POST /erfaringer/{id}/traek-tilbage", func(s *scene) string { return casePath(caseFix(s).Published.ID, "/traek-tilbage") }, caseConfirm, false, oppManagers, false},
	{"POST /erfaringer/{id}/udgiv", func(s *scene) string { return casePath(caseFix(s).Review.ID, "/udgiv") }, caseConfirm, false, platformOnl, false},
	{"POST /erfaringer/{id}/returner", func(s *scene) string { return casePath(caseFix(s).Review.ID, "/returner") }, caseConfirm, false, platformOnl, false},
	{"POST /erfaringer/{id}/filer/{fid}/slet", func(s *scene) string {
		f := caseFix(s)
		return casePath(f.Draft.ID, "/filer/"+idStr(f.File.ID)+"/slet")
	}, caseConfirm, false, oppManagers, false},
}

// publicWriteRoutes are POST routes meant for anonymous visitors (signing
// up and in, recovering a password) or harmless for everyone (signing
// out), and the invitation acceptance, which depends on the e-mail address
// rather than a role and has its own test (TestInvitationFlow).
var publicWriteRoutes = map[string]string{
	"POST /opret-konto":          "sign-up form, anonymous by design",
	"POST /bekraeft/send-igen":   "resend confirmation, anonymous by design",
	"POST /log-ind":              "sign-in form, anonymous by design",
	"POST /log-ud":               "sign-out, harmless for everyone",
	"POST /glemt-adgangskode":    "password reset request, anonymous by design",
	"POST /nulstil-adgangskode":  "password reset with a one-time token, anonymous by design",
	"POST /invitation/{token}":   "needs the invited e-mail address; TestInvitationFlow",
	"POST /notifikationer/laest": "every signed-in person marks only their own notifications; TestOpportunityFlow",
	// One saved search belongs to one person, whatever their role: the
	// owner may change it, everyone else gets 403 (401 anonymous).
	"POST /gemte-soegninger/{id}/digest": "owner-only saved search; TestSavedSearchOwnerOnly",
	"POST /gemte-soegninger/{id}/navn":   "owner-only saved search; TestSavedSearchOwnerOnly",
	"POST /gemte-soegninger/{id}/slet":   "owner-only saved search; TestSavedSearchOwnerOnly",
	// A multipart file upload, which the table's CSV upload cannot stand in
	// for: TestStrategyDocument walks every role (401, 403, 303).
	"POST /kommuner/{kode}/strategi/dokument": "strategy document upload; TestStrategyDocument",
	// The same for a case's files: TestCaseUploadRights walks every role.
	"POST /erfaringer/{id}/filer": "case attachment upload; TestCaseUploadRights",
}

// TestEveryWriteRouteIsInTheRightsTable reads the route registrations of
// the package and fails when a state-changing route is in neither table, so
// a new route cannot slip past the rights test.
func TestEveryWriteRouteIsInTheRightsTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`Handle(?:Func)?\("((?:POST|PUT|PATCH|DELETE) [^"]+)"`)
	known := map[string]bool{}
	for _, r := range writeRoutes {
		known[r.pattern] = true
	}
	for p := range publicWriteRoutes {
		known[p] = true
	}
	var found []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found = append(found, m[1])
			if !known[m[1]] {
				t.Errorf("%s: route %q is not in the rights test (writeRoutes or publicWriteRoutes)", f, m[1])
			}
		}
	}
	sort.Strings(found)
	if len(found) < len(writeRoutes) {
		t.Errorf("found only %d write routes in the source: %v", len(found), found)
	}
}

// TestRights walks every write route with every role: allowed roles get
// their change done (a redirect or a result page), all others are refused
// (401 anonymous, 403 signed in without the right, 404 for what is not
// theirs) and nothing at all is written or e-mailed.
func TestRights(t *testing.T) {
	e := newOrgEnv(t)
	for _, rt := range writeRoutes {
		allowed := map[string]bool{}
		for _, r := range rt.allowed {
			allowed[r] = true
		}
		for _, role := range allRoles {
			t.Run(rt.pattern+"/"+role, func(t *testing.T) {
				e.t = t
				s := e.newScene()
				path := rt.path(s)
				before, mailsBefore := e.fingerprint(), e.mails()
				var r resp
				if rt.upload {
					r = e.upload(e.clients[role], path, []byte(s.CSV))
				} else {
					r = e.post(e.clients[role], path, rt.form(e, s, role))
				}
				if allowed[role] {
					if r.status != http.StatusSeeOther && (r.status < 200 || r.status > 299) {
						t.Fatalf("%s as %s: status %d, want 303 or 2xx\n%s", path, role, r.status, short(r.body))
					}
					changed := e.fingerprint() != before
					if rt.readOnly && changed {
						t.Errorf("%s as %s: a preview changed the database", path, role)
					} else if !rt.readOnly && !changed {
						t.Errorf("%s as %s: allowed but nothing changed", path, role)
					}
					return
				}
				want := http.StatusForbidden
				switch {
				case role == roleAnon:
					want = http.StatusUnauthorized
				case rt.pattern == "POST /konto/tokens/{id}/slet":
					want = http.StatusNotFound // someone else's token does not exist for you
				}
				if r.status != want {
					t.Errorf("%s as %s: status %d, want %d\n%s", path, role, r.status, want, short(r.body))
				}
				if e.fingerprint() != before {
					t.Errorf("%s as %s: refused, but the database changed", path, role)
				}
				if e.mails() != mailsBefore {
					t.Errorf("%s as %s: refused, but an e-mail was sent", path, role)
				}
			})
		}
	}
}

// TestOneOrganisationAdminCannotTouchAnother covers the ways an admin of
// organisation B might reach organisation A: A's own URLs, and B's URL with
// a membership number of A.
func TestOneOrganisationAdminCannotTouchAnother(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	c := e.clients[roleOtherAdmin]
	before := e.fingerprint()
	for _, tc := range []struct {
		path string
		form url.Values
		want int
	}{
		{orgPath(s.A.ID, "/rediger"), profileForm(e, s, ""), http.StatusForbidden},
		{orgPath(s.A.ID, "/medlemmer/"+idStr(s.Pending.ID)+"/godkend"), url.Values{}, http.StatusForbidden},
		// B's admin uses B's id but A's membership numbers: not found.
		{orgPath(s.B.ID, "/medlemmer/"+idStr(s.Pending.ID)+"/godkend"), url.Values{}, http.StatusNotFound},
		{orgPath(s.B.ID, "/medlemmer/"+idStr(s.Other.ID)+"/rolle"), url.Values{"role": {"admin"}}, http.StatusNotFound},
		{orgPath(s.B.ID, "/medlemmer/"+idStr(s.Other.ID)+"/fjern"), url.Values{"confirm": {"yes"}}, http.StatusNotFound},
		{orgPath(s.B.ID, "/medlemmer/"+idStr(s.Pending.ID)+"/afvis"), url.Values{}, http.StatusNotFound},
		{orgPath(s.K.ID, "/koordinering"), url.Values{"name": {"Kapret"}}, http.StatusForbidden},
		{"/admin/organisationer/" + idStr(s.A.ID) + "/rsv", url.Values{"registered": {"1"}}, http.StatusForbidden},
	} {
		if r := e.post(c, tc.path, tc.form); r.status != tc.want {
			t.Errorf("POST %s: status %d, want %d", tc.path, r.status, tc.want)
		}
	}
	for _, p := range []string{orgPath(s.A.ID, "/rediger"), orgPath(s.A.ID, "/medlemmer"), orgPath(s.K.ID, "/koordinering"),
		orgPath(s.B.ID, "/medlemmer/"+idStr(s.Other.ID)+"/fjern"), "/admin", "/admin/import"} {
		if r := e.get(c, p); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 403 or 404", p, r.status)
		}
	}
	if e.fingerprint() != before {
		t.Error("the database changed")
	}
	// The same member numbers work for A's own admin.
	if r := e.post(e.clients[roleAdmin], orgPath(s.A.ID, "/medlemmer/"+idStr(s.Pending.ID)+"/godkend"), url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("own admin: status %d", r.status)
	}
}
