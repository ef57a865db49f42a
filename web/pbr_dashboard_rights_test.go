package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The unit-price form is for the secretariat's editors and platform
// admins, roles the shared rights table's scenes do not have;
// TestPbrDashboardRights walks every role through it.
func init() {
	publicWriteRoutes["POST /admin/enhedspriser"] = "unit prices, editors and platform admins; TestPbrDashboardRights walks every role"
}

// TestPbrDashboardRights walks every route of W3 with every role, on one
// world. Reading: the dashboard is for the parties (the investor too) and
// platform admins, a draft's is missing for everybody else; the national
// overview is public; the unit prices are for editors and platform admins.
// No page shows a participant's pseudonym to anyone. Writing a unit price:
// editors and platform admins get it saved (303), visitors are asked to
// sign in (401) and everybody else is refused (403) with nothing written.
func TestPbrDashboardRights(t *testing.T) {
	w := newPdWorld(t)
	active := w.contract("Kørende kontrakt", true)
	draft := w.contract("Kladde", false)
	const (
		ok      = http.StatusOK
		hidden  = http.StatusNotFound
		refused = http.StatusForbidden
		signIn  = http.StatusSeeOther
	)
	want := func(anon, unrelated, parties, editor, platform int) map[string]int {
		return map[string]int{pdAnon: anon, pdUnrelated: unrelated, pdCommissioner: parties, pdProvider: parties,
			pdInvestor: parties, pdEditor: editor, pdPlatform: platform}
	}
	for _, row := range []struct {
		path string
		want map[string]int
	}{
		{pbrContractPath(active.ID, "/overblik"), want(signIn, refused, ok, refused, ok)},
		{pbrContractPath(draft.ID, "/overblik"), want(signIn, hidden, ok, hidden, ok)},
		{"/resultatkontrakter/999999/overblik", want(signIn, hidden, hidden, hidden, hidden)},
		{"/resultatkontrakter/abc/overblik", want(signIn, hidden, hidden, hidden, hidden)},
		{"/resultatkontrakter/tal", want(ok, ok, ok, ok, ok)},
		{"/admin/enhedspriser", want(signIn, refused, refused, ok, ok)},
	} {
		for _, role := range pdRoles {
			r := w.get(w.clients[role], row.path)
			if r.status != row.want[role] {
				t.Errorf("GET %s as %s: %d, want %d", row.path, role, r.status, row.want[role])
			}
			if r.status == signIn && !strings.HasPrefix(r.header.Get("Location"), "/log-ind") {
				t.Errorf("GET %s as %s: redirected to %q, want the sign-in page", row.path, role, r.header.Get("Location"))
			}
			for _, p := range pdPseudonyms {
				if strings.Contains(r.body, p) {
					t.Errorf("GET %s as %s shows the pseudonym %s", row.path, role, p)
				}
			}
		}
	}
	// The platform admins' overview links to the unit prices.
	if r := w.get(w.clients[pdPlatform], "/admin"); !strings.Contains(r.body, `href="/admin/enhedspriser"`) {
		t.Error("the admin overview does not link to the unit prices")
	}

	allowed := map[string]bool{pdEditor: true, pdPlatform: true}
	for i, role := range pdRoles {
		form := url.Values{"code": {fmt.Sprintf("RET_%d", i)}, "name_da": {"Pris"}, "name_en": {"Price"}, "amount": {"100.000"},
			"source": {"Kilde"}, "valid_from": {"2026-01-01"}}
		before := w.fingerprint()
		r := w.post(w.clients[role], "/admin/enhedspriser", form)
		changed := w.fingerprint() != before
		switch {
		case allowed[role]:
			if r.status != http.StatusSeeOther || !changed {
				t.Errorf("as %s: status %d, changed %v; want 303 and a change\n%s", role, r.status, changed, short(r.body))
			}
		default:
			want := http.StatusForbidden
			if role == pdAnon {
				want = http.StatusUnauthorized
			}
			if r.status != want || changed {
				t.Errorf("as %s: status %d, changed %v; want %d and nothing written", role, r.status, changed, want)
			}
		}
	}
}
