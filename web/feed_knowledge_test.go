package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// checkTagIDs checks that every entry id (and the feed's) is a tag: URI
// on the test server's host, and returns the entries' ids.
func checkTagIDs(t *testing.T, f atomFeed, host string) []string {
	t.Helper()
	if !strings.HasPrefix(f.ID, "tag:"+host+","+tagIDYear+":") {
		t.Errorf("feed id %q", f.ID)
	}
	var ids []string
	for _, e := range f.Entries {
		if !strings.HasPrefix(e.ID, "tag:"+host+","+tagIDYear+":") {
			t.Errorf("entry id %q is not a tag: URI", e.ID)
		}
		ids = append(ids, e.ID)
	}
	return ids
}

// feedWorld has a municipality with a public and a municipality-only
// question, both tagged, and a published and a draft case.
type feedWorld struct {
	*orgEnv
	host             string
	public, hidden   *samspil.Question
	published, draft *samspil.Case
}

func newFeedWorld(t *testing.T) *feedWorld {
	t.Helper()
	e := newOrgEnv(t)
	ctx := context.Background()
	w := &feedWorld{orgEnv: e}
	u, _ := url.Parse(e.ts.URL)
	w.host = u.Hostname()
	k, err := e.store.FindMunicipalityOrganisation(ctx, "0630")
	if err != nil {
		t.Fatal(err)
	}
	e.member(e.users[roleMember], k, samspil.RoleMember, samspil.MembershipActive)
	w.public = &samspil.Question{AuthorID: e.users[roleMember].ID, OrganisationID: k.ID, Title: "Hvordan skriver I en social klausul & <rammeaftale>?",
		Body: "Vi vil **gerne** høre fra jer.", Visibility: samspil.QuestionPublic, Tags: []string{"social_klausul", "indkøb"}}
	w.hidden = &samspil.Question{AuthorID: e.users[roleMember].ID, OrganisationID: k.ID, Title: "Hemmeligt spørgsmål om budgettet i år",
		Body: "Kun til kommuner.", Visibility: samspil.QuestionMunicipalities, Tags: []string{"social_klausul"}}
	for _, q := range []*samspil.Question{w.public, w.hidden} {
		if err := e.store.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(title string) *samspil.Case {
		c := &samspil.Case{OrganisationID: k.ID, Title: title, Summary: "Et vaskeri med <b>plads</b> til flere.", Model: samspil.ModelReserveretKontrakt,
			MunicipalityCode: "0630", WhatWasDone: "Vi reserverede kontrakten.", Results: []samspil.CaseResult{{Metric: "Personer i job", Value: 4, Unit: "personer", Period: "2024"}},
			ContactName: "Kim", ContactEmail: "kim@vejle.test", CreatedBy: e.users[roleMember].ID}
		if err := e.store.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.published, w.draft = mk("Vaskeri på reserveret kontrakt"), mk("Kladde der ikke må ses")
	if _, err := e.store.SubmitCase(ctx, w.published.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.PublishCase(ctx, w.published.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestKnowledgeFeeds parses every feed, checks tag: ids and escaping, and
// that municipality-only questions never appear, whoever asks.
func TestKnowledgeFeeds(t *testing.T) {
	w := newFeedWorld(t)
	get := func(c *http.Client, path string) (atomFeed, string) {
		t.Helper()
		r := w.get(c, path)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != atomContentType {
			t.Fatalf("%s: %d %s\n%s", path, r.status, r.header.Get("Content-Type"), r.body)
		}
		return checkWellFormed(t, []byte(r.body)), r.body
	}

	for _, role := range []string{roleAnon, roleMember, rolePlatform} {
		f, body := get(w.clients[role], "/feeds/questions.atom")
		ids := checkTagIDs(t, f, w.host)
		if len(f.Entries) != 1 || f.Entries[0].Title != w.public.Title || ids[0] != w.srv.tagID("spoergsmaal/"+idStr(w.public.ID)) {
			t.Errorf("questions feed as %s: %+v", role, f.Entries)
		}
		if strings.Contains(body, "Hemmeligt") {
			t.Errorf("questions feed as %s shows the municipality-only question", role)
		}
		if !strings.Contains(body, "&amp; &lt;rammeaftale&gt;") {
			t.Errorf("the title is not escaped:\n%s", body)
		}
		f, body = get(w.clients[role], "/feeds/tag/social_klausul.atom")
		checkTagIDs(t, f, w.host)
		if len(f.Entries) != 1 || strings.Contains(body, "Hemmeligt") {
			t.Errorf("tag feed as %s: %d entries", role, len(f.Entries))
		}
	}
	f, _ := get(w.clients[roleAnon], "/feeds/tag/"+url.PathEscape("indkøb")+".atom")
	if len(f.Entries) != 1 || len(f.Entries[0].Categories) != 2 {
		t.Errorf("tag with ø: %+v", f.Entries)
	}
	if f, _ := get(w.clients[roleAnon], "/feeds/tag/afknopning.atom"); len(f.Entries) != 0 {
		t.Errorf("unused tag: %d entries", len(f.Entries))
	}
	for path, want := range map[string]int{"/feeds/tag/social_klausul": 404, "/feeds/tag/%3Cx%3E.atom": 400,
		"/feeds/cases.atom?model=ukendt": 400, "/feeds/cases.atom?municipality=9999": 400, "/kommuner/9999/feed.atom": 404} {
		if r := w.get(w.clients[roleAnon], path); r.status != want || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
			t.Errorf("%s: %d %s, want %d", path, r.status, r.header.Get("Content-Type"), want)
		}
	}

	// Cases: published ones only, with filters.
	f, body := get(w.clients[roleAnon], "/feeds/cases.atom")
	checkTagIDs(t, f, w.host)
	if len(f.Entries) != 1 || f.Entries[0].Title != w.published.Title || strings.Contains(body, "Kladde") {
		t.Errorf("cases feed: %+v", f.Entries)
	}
	e0 := f.Entries[0]
	if e0.Author.Name == "" || e0.Summary == nil || !strings.Contains(e0.Summary.Text, "<b>plads</b>") || !strings.Contains(body, "&lt;b&gt;plads") ||
		len(e0.Categories) != 1 || e0.Categories[0].Term != "reserveret_kontrakt" || e0.Published == "" {
		t.Errorf("case entry %+v", e0)
	}
	if _, err := time.Parse(time.RFC3339, e0.Updated); err != nil {
		t.Error(err)
	}
	if f, _ := get(w.clients[roleAnon], "/feeds/cases.atom?model=afknopning"); len(f.Entries) != 0 {
		t.Errorf("model filter: %d", len(f.Entries))
	}
	if f, _ := get(w.clients[roleAnon], "/feeds/cases.atom?municipality=0630&model=reserveret_kontrakt"); len(f.Entries) != 1 {
		t.Errorf("both filters: %d", len(f.Entries))
	}
	if f, _ := get(w.clients[roleAnon], "/feeds/cases.atom?municipality=0101"); len(f.Entries) != 0 {
		t.Errorf("other municipality: %d", len(f.Entries))
	}

	// One municipality: its strategy and its cases.
	adopted := time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)
	saveStrategy(t, w.testEnv, "0630", "Vejle og SØV", &adopted)
	f, _ = get(w.clients[roleAnon], "/kommuner/0630/feed.atom")
	checkTagIDs(t, f, w.host)
	if len(f.Entries) != 2 || f.Entries[0].Title != "Vejle og SØV" {
		t.Errorf("municipality feed: %+v", f.Entries)
	}

	// Strategies: the newest saved first, one entry per municipality
	// whose id survives a new save.
	saveStrategy(t, w.testEnv, "0101", "København og SØV", &adopted)
	f, _ = get(w.clients[roleAnon], "/feeds/strategies.atom")
	ids := checkTagIDs(t, f, w.host)
	if len(f.Entries) != 2 || f.Entries[0].Title != "København og SØV" || f.Entries[1].Title != "Vejle og SØV" ||
		ids[1] != w.srv.tagID("kommune/0630/strategi") || !strings.HasSuffix(f.Entries[1].Links[0].Href, "/kommuner/0630") {
		t.Errorf("strategies feed: %+v", f.Entries)
	}
	saveStrategy(t, w.testEnv, "0630", "Vejle og SØV, 2. udgave", &adopted)
	f, _ = get(w.clients[roleAnon], "/feeds/strategies.atom")
	if len(f.Entries) != 2 || f.Entries[0].Title != "Vejle og SØV, 2. udgave" || checkTagIDs(t, f, w.host)[0] != ids[1] {
		t.Errorf("strategies feed after a new save: %+v", f.Entries)
	}
}

// TestGuideFeed: every saved change of the guide is an entry, newest
// first, with the editor's note as its summary.
func TestGuideFeed(t *testing.T) {
	opts := testdb.Options(nil)
	opts.GuideChapters = []*samspil.GuideChapter{{Slug: "indkob", Title: "Indkøb", Summary: "Almindelige indkøb.", Model: samspil.ModelIndkob,
		Position: 1, Body: "# Indkøb\n\nNår kommunen køber ind."}}
	store := testdb.OpenWith(t, opts)
	ts := httptest.NewUnstartedServer(nil)
	srv, err := New(Config{Store: store, BaseURL: "http://" + ts.Listener.Addr().String(), Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	e := &testEnv{t: t, store: store, srv: srv, ts: ts}
	admin := e.user("redaktoer@feed.test", testPassword, true)
	u, _ := url.Parse(ts.URL)
	ch, err := store.FindGuideChapters(context.Background())
	if err != nil || len(ch) == 0 {
		t.Fatalf("guide chapters: %v %v", len(ch), err)
	}
	ctx := samspil.WithActor(context.Background(), admin.ID)
	if _, err := store.UpdateGuideChapter(ctx, ch[0].Slug, samspil.GuideEdit{Title: ch[0].Title, Summary: ch[0].Summary,
		Body: ch[0].Body + "\n\nEt nyt afsnit.", Note: "Tilføjet et afsnit om <tærskler>", BaseVersion: ch[0].Version}); err != nil {
		t.Fatal(err)
	}
	r := e.get(e.client(), "/feeds/guide.atom")
	if r.status != http.StatusOK {
		t.Fatalf("guide feed: %d %s", r.status, r.body)
	}
	f := checkWellFormed(t, []byte(r.body))
	checkTagIDs(t, f, u.Hostname())
	if len(f.Entries) != 2 || f.Entries[0].Summary == nil || f.Entries[0].Summary.Text != "Tilføjet et afsnit om <tærskler>" ||
		f.Entries[0].ID != srv.tagID("vejledning/indkob/v2") || f.Entries[1].ID != srv.tagID("vejledning/indkob/v1") ||
		!strings.Contains(r.body, "&lt;tærskler&gt;") || f.Entries[0].Author.Name != admin.Name {
		t.Errorf("guide feed %+v", f.Entries)
	}
}

// TestFeedsAreLinked: list pages announce their feeds.
func TestFeedsAreLinked(t *testing.T) {
	e := newEnv(t)
	for path, feed := range map[string]string{"/kommuner": "/feeds/strategies.atom", "/kommuner/0101": "/kommuner/0101/feed.atom"} {
		r := e.get(e.client(), path)
		mustContain(t, r.body, `<link rel="alternate" type="application/atom+xml"`, `href="`+feed+`"`)
	}
}
