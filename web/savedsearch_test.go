package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

func TestSavedSearchFlow(t *testing.T) {
	e := newEnv(t)
	u := e.user("gemmer@example.test", testPassword, false)
	c := e.client()

	// Anonymous: the page offers to sign in; saving needs a sign-in.
	r := e.get(c, "/soeg?q=cykel&municipality=0630")
	mustContain(t, r.body, `/log-ind?next=`, "Log ind for at gemme")
	if r := e.post(c, "/soeg/gem", url.Values{"name": {"x"}, "query": {"q=cykel"}}); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous save: status %d", r.status)
	}
	if r := e.get(c, "/gemte-soegninger"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/log-ind") {
		t.Errorf("anonymous list: status %d %s", r.status, r.header.Get("Location"))
	}

	e.login(c, u.Email, testPassword)
	r = e.get(c, "/soeg?q=cykel&municipality=0630")
	mustContain(t, r.body, `action="/soeg/gem"`, `name="query" value="`, `name="digest" value="1" checked`)

	// A name is required; the page shows the search again with the error.
	r = e.post(c, "/soeg/gem", url.Values{"name": {"  "}, "query": {"q=cykel&municipality=0630"}, "digest": {"1"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("empty name: status %d", r.status)
	}
	mustContain(t, r.body, "Giv søgningen et navn", `<details class="search-save" open>`, `href="#field-name"`)

	r = e.post(c, "/soeg/gem", url.Values{"name": {"Cykler i Vejle"}, "query": {"q=cykel&municipality=0630"}, "digest": {"1"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/gemte-soegninger" {
		t.Fatalf("save: status %d %s\n%s", r.status, r.header.Get("Location"), short(r.body))
	}
	list, err := e.store.FindSavedSearches(context.Background(), u.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("saved: %v %v", list, err)
	}
	ss := list[0]
	if ss.Name != "Cykler i Vejle" || !ss.Digest || !strings.Contains(ss.Query, "q=cykel") || !strings.Contains(ss.Query, "municipality=0630") {
		t.Errorf("stored %+v", ss)
	}
	id := idStr(ss.ID)
	r = e.get(c, "/gemte-soegninger")
	mustContain(t, r.body, "Søgningen er gemt.", "Cykler i Vejle", `href="/soeg?`+strings.ReplaceAll(ss.Query, "&", "&amp;")+`"`,
		`href="/soeg/feed.atom?`, "“cykel”", "Vejle", "Daglig e-mail med nye muligheder", `action="/gemte-soegninger/`+id+`/digest"`)

	// Digest off and on again.
	if r := e.post(c, "/gemte-soegninger/"+id+"/digest", url.Values{"digest": {"0"}}); r.status != http.StatusSeeOther {
		t.Fatalf("digest off: %d", r.status)
	}
	if got, _ := e.store.FindSavedSearchByID(context.Background(), ss.ID); got.Digest {
		t.Error("digest still on")
	}
	mustContain(t, e.get(c, "/gemte-soegninger").body, "Du får ikke længere e-mails", "Ingen e-mail")
	e.post(c, "/gemte-soegninger/"+id+"/digest", url.Values{"digest": {"1"}})
	if got, _ := e.store.FindSavedSearchByID(context.Background(), ss.ID); !got.Digest {
		t.Error("digest not on again")
	}

	// Rename: an empty name is refused next to the field.
	r = e.post(c, "/gemte-soegninger/"+id+"/navn", url.Values{"name": {""}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("empty rename: %d", r.status)
	}
	mustContain(t, r.body, "Giv søgningen et navn", `aria-invalid="true"`, `href="#saved-name-`+id+`"`)
	if r := e.post(c, "/gemte-soegninger/"+id+"/navn", url.Values{"name": {"Cykelreparation"}}); r.status != http.StatusSeeOther {
		t.Fatalf("rename: %d", r.status)
	}
	if got, _ := e.store.FindSavedSearchByID(context.Background(), ss.ID); got.Name != "Cykelreparation" {
		t.Errorf("name %q", got.Name)
	}

	// Delete asks first.
	r = e.get(c, "/gemte-soegninger/"+id+"/slet")
	mustContain(t, r.body, "Cykelreparation", `action="/gemte-soegninger/`+id+`/slet"`)
	if r := e.post(c, "/gemte-soegninger/"+id+"/slet", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if _, err := e.store.FindSavedSearchByID(context.Background(), ss.ID); samspil.ErrorCode(err) != samspil.ENOTFOUND {
		t.Errorf("still there: %v", err)
	}
	mustContain(t, e.get(c, "/gemte-soegninger").body, "Den gemte søgning er slettet.", "Du har ikke gemt nogen søgninger endnu.")
	// Gone: 404.
	if r := e.post(c, "/gemte-soegninger/"+id+"/slet", url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("delete again: %d", r.status)
	}
	if r := e.get(c, "/gemte-soegninger/abc/slet"); r.status != http.StatusNotFound {
		t.Errorf("bad id: %d", r.status)
	}
}

// TestSavedSearchOwnerOnly: a saved search is its owner's alone. Another
// person, a platform admin and an anonymous visitor are refused on every
// route of it, and nothing changes.
func TestSavedSearchOwnerOnly(t *testing.T) {
	e := newEnv(t)
	owner := e.user("ejer@example.test", testPassword, false)
	e.user("anden@example.test", testPassword, false)
	e.user("admin@example.test", testPassword, true)
	ss := &samspil.SavedSearch{UserID: owner.ID, Name: "Min", Query: "q=cykel", Digest: true}
	if err := e.store.CreateSavedSearch(context.Background(), ss); err != nil {
		t.Fatal(err)
	}
	id := idStr(ss.ID)
	clients := map[string]*http.Client{"anonymous": e.client()}
	for name, email := range map[string]string{"other": "anden@example.test", "platform": "admin@example.test", "owner": "ejer@example.test"} {
		c := e.client()
		e.login(c, email, testPassword)
		clients[name] = c
	}
	type step struct {
		method, path string
		form         url.Values
	}
	steps := []step{
		{"POST", "/gemte-soegninger/" + id + "/digest", url.Values{"digest": {"0"}}},
		{"POST", "/gemte-soegninger/" + id + "/navn", url.Values{"name": {"Kapret"}}},
		{"GET", "/gemte-soegninger/" + id + "/slet", nil},
		{"POST", "/gemte-soegninger/" + id + "/slet", url.Values{}},
	}
	for _, who := range []string{"anonymous", "other", "platform"} {
		for _, st := range steps {
			r := e.do(clients[who], st.method, st.path, st.form, nil)
			want := http.StatusForbidden
			if who == "anonymous" {
				want = http.StatusUnauthorized
				if st.method == "GET" {
					want = http.StatusSeeOther // to the sign-in page
				}
			}
			if r.status != want {
				t.Errorf("%s %s %s: status %d, want %d", who, st.method, st.path, r.status, want)
			}
		}
		// Their own list does not show it.
		if who != "anonymous" && strings.Contains(e.get(clients[who], "/gemte-soegninger").body, "/gemte-soegninger/"+id+"/") {
			t.Errorf("%s sees the owner's saved search", who)
		}
	}
	got, err := e.store.FindSavedSearchByID(context.Background(), ss.ID)
	if err != nil || got.Name != "Min" || !got.Digest {
		t.Fatalf("changed by someone else: %+v %v", got, err)
	}
	// A cross-site form is refused even for the owner.
	r := e.do(clients["owner"], "POST", "/gemte-soegninger/"+id+"/slet", url.Values{}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if r.status != http.StatusForbidden {
		t.Errorf("cross-site delete: %d", r.status)
	}
	// The owner may.
	if r := e.post(clients["owner"], "/gemte-soegninger/"+id+"/navn", url.Values{"name": {"Ny"}}); r.status != http.StatusSeeOther {
		t.Errorf("owner rename: %d", r.status)
	}
}

// TestSavedSearchTooMany: past the limit the page says so instead of failing.
func TestSavedSearchTooMany(t *testing.T) {
	e := newEnv(t)
	u := e.user("mange@example.test", testPassword, false)
	for i := range samspil.MaxSavedSearches {
		if err := e.store.CreateSavedSearch(context.Background(), &samspil.SavedSearch{UserID: u.ID, Name: "S " + idStr(int64(i)), Query: "q=x"}); err != nil {
			t.Fatal(err)
		}
	}
	c := e.client()
	e.login(c, u.Email, testPassword)
	r := e.post(c, "/soeg/gem", url.Values{"name": {"En for meget"}, "query": {"q=cykel"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	mustContain(t, r.body, "Du har allerede 50 gemte søgninger")
}
