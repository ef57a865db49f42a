package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// checkWellFormed reads every token of an XML document and checks that it
// is an Atom feed with the elements RFC 4287 requires.
func checkWellFormed(t *testing.T, b []byte) atomFeed {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
	var f struct {
		XMLName xml.Name
		atomFeed
	}
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
		t.Errorf("root element %v", f.XMLName)
	}
	if f.ID == "" || f.Title == "" || f.Updated == "" {
		t.Errorf("feed lacks id, title or updated: %+v", f.atomFeed)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	self := false
	for _, l := range f.Links {
		if l.Rel == "self" && strings.HasPrefix(l.Href, "http") {
			self = true
		}
	}
	if !self {
		t.Error("no absolute rel=self link")
	}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" || len(e.Links) == 0 || e.Author.Name == "" {
			t.Errorf("entry lacks a required element: %+v", e)
		}
		if u, err := url.Parse(e.ID); err != nil || !u.IsAbs() {
			t.Errorf("entry id %q is not an absolute URI", e.ID)
		}
	}
	return f.atomFeed
}

// TestFeedGolden compares a feed built from fixed items with
// testdata/feed_golden.xml. Set SAMSPIL_UPDATE_GOLDEN=1 to rewrite it.
func TestFeedGolden(t *testing.T) {
	base, _ := url.Parse("https://samspil.example")
	s := &Server{baseURL: base}
	pub := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	items := []feedItem{
		{Path: "/muligheder/12", Title: "Reparation af cykler & anhængere", Summary: "Indkøbsbehov · Vejle\n\nKommunen søger et værksted <med> unge i job.",
			Author: "Vejle Kommune", AuthorPath: "/organisationer/7", Category: "indkobsbehov", CategoryLabel: "Indkøbsbehov",
			Updated: pub.Add(2 * time.Hour), Published: pub},
		{Path: "/organisationer/3", Title: "Cykelværkstedet Fyrtårn", Summary: "Vi reparerer cykler.", Author: "Cykelværkstedet Fyrtårn",
			AuthorPath: "/organisationer/3", Category: "sov", CategoryLabel: "Socialøkonomisk virksomhed", Updated: pub},
	}
	got, err := s.buildFeed(feedMeta{Lang: "da", SelfPath: "/soeg/feed.atom?municipality=0630&q=cykel", HTMLPath: "/soeg?municipality=0630&q=cykel",
		Title: "Samspil: søgning efter “cykel”", Subtitle: "“cykel” · Vejle", Generated: pub.Add(24 * time.Hour)}, items)
	if err != nil {
		t.Fatal(err)
	}
	f := checkWellFormed(t, got)
	if f.Updated != "2026-03-02T11:30:00Z" {
		t.Errorf("feed updated %s, want the newest entry's time", f.Updated)
	}
	golden := filepath.Join("testdata", "feed_golden.xml")
	if os.Getenv("SAMSPIL_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("feed differs from %s (SAMSPIL_UPDATE_GOLDEN=1 rewrites it)\n--- got\n%s\n--- want\n%s", golden, got, want)
	}

	// No entries: still a valid feed, updated at the generation time.
	empty, err := s.buildFeed(feedMeta{Lang: "en", SelfPath: "/muligheder/feed.atom", HTMLPath: "/muligheder", Title: "x", Generated: pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := checkWellFormed(t, empty); f.Updated != "2026-03-02T09:30:00Z" || len(f.Entries) != 0 {
		t.Errorf("empty feed: %+v", f)
	}
}

func TestFeedsOverHTTP(t *testing.T) {
	f := newSearchFixture(t)
	c := f.client()
	for _, path := range []string{"/muligheder/feed.atom", "/soeg/feed.atom?q=cykler", "/soeg/feed.atom", "/soeg/feed.atom?q=fyrt%C3%A5rn&type=organisation",
		"/soeg/feed.atom?q=" + url.QueryEscape(`"<&>`), "/muligheder/feed.atom?lang=en"} {
		r := f.get(c, path)
		if r.status != 200 {
			t.Errorf("%s: status %d\n%s", path, r.status, r.body)
			continue
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		feed := checkWellFormed(t, []byte(r.body))
		if !strings.HasPrefix(feed.ID, f.ts.URL) {
			t.Errorf("%s: feed id %q is not under the base URL", path, feed.ID)
		}
	}
	// The open opportunity is in both opportunity feeds, with its author.
	for _, path := range []string{"/muligheder/feed.atom", "/soeg/feed.atom?q=cykler"} {
		feed := checkWellFormed(t, []byte(f.get(c, path).body))
		found := false
		for _, e := range feed.Entries {
			if e.Title == f.opp.Title && e.ID == f.ts.URL+"/muligheder/"+idStr(f.opp.ID) && strings.Contains(e.Author.Name, "Vejle") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the opportunity is missing: %+v", path, feed.Entries)
		}
	}
	// A closed opportunity leaves the board's feed.
	closed := samspil.OppClosed
	if _, err := f.store.UpdateOpportunity(context.Background(), f.opp.ID, samspil.OpportunityUpdate{Status: &closed}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(f.get(c, "/muligheder/feed.atom").body, f.opp.Title) {
		t.Error("a closed opportunity is still in the feed")
	}
	// Parameters that do not parse: 400 in plain text.
	r := f.get(c, "/soeg/feed.atom?near=0630&radius_km=-1")
	if r.status != 400 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Errorf("bad feed parameters: %d %q", r.status, r.header.Get("Content-Type"))
	}
	// The search page points feed readers at its feed.
	mustContain(t, f.get(c, "/soeg?q=cykler").body, `<link rel="alternate" type="application/atom+xml"`, `href="/soeg/feed.atom?`)
}
