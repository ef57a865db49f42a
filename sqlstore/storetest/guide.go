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

// GuideChapters returns the chapters the guide suite expects a store to be
// seeded with (sqlstore.Options.GuideChapters): three short chapters in
// table-of-contents order, one of them not about a single model.
func GuideChapters() []*samspil.GuideChapter {
	return []*samspil.GuideChapter{
		{Slug: "introduktion", Title: "Introduktion", Summary: "Hvad vejledningen dækker.", Position: 1,
			Body: "# Introduktion\n\nSådan samarbejder kommuner og socialøkonomiske virksomheder."},
		{Slug: "reserveret-kontrakt", Title: "Reserverede kontrakter", Summary: "Udbudsloven § 20.", Model: samspil.ModelReserveretKontrakt, Position: 2,
			Body: "# Reserverede kontrakter\n\nEn ordregiver kan reservere en kontrakt.\n\n- Mindst 30 % dårligt stillede ansatte"},
		{Slug: "afknopning", Title: "Afknopning", Summary: "Når en kommunal aktivitet bliver selvstændig.", Model: samspil.ModelAfknopning, Position: 3,
			Body: "# Afknopning\n\nTrin for trin."},
	}
}

// RunGuide runs the guide's contract tests against stores from open,
// which must be seeded with GuideChapters.
func RunGuide(t *testing.T, open Opener) {
	runTests(t, open, []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"GuideSeeded", testGuideSeeded},
		{"GuideUpdate", testGuideUpdate},
		{"GuideConflict", testGuideConflict},
		{"GuideConcurrentWriters", testGuideConcurrentWriters},
		{"GuideUnchanged", testGuideUnchanged},
		{"GuideInvalid", testGuideInvalid},
		{"GuideHistoryAllChapters", testGuideHistoryAll},
		{"GuideFollowers", testGuideFollowers},
	})
}

// runTests runs each test on a fresh store with its own clock.
func runTests(t *testing.T, open Opener, tests []struct {
	name string
	fn   func(t *testing.T, e *env)
}) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(Start)
			s := open(t, c.Now)
			tc.fn(t, &env{s: s, clock: c, ctx: context.Background()})
		})
	}
}

// editor returns a context acting as a new user named name.
func editor(t *testing.T, e *env, name string) (context.Context, *samspil.User) {
	t.Helper()
	u := &samspil.User{Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@sekretariat.dk", Name: name,
		PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA", IsEditor: true}
	must(t, e.s.CreateUser(e.ctx, u))
	return samspil.WithActor(e.ctx, u.ID), u
}

func chapter(t *testing.T, e *env, slug string) *samspil.GuideChapter {
	t.Helper()
	g, err := e.s.FindGuideChapter(e.ctx, slug)
	must(t, err)
	return g
}

func testGuideSeeded(t *testing.T, e *env) {
	want := GuideChapters()
	got, err := e.s.FindGuideChapters(e.ctx)
	must(t, err)
	if len(got) != len(want) {
		t.Fatalf("chapters = %d, want %d", len(got), len(want))
	}
	for i, g := range got {
		w := want[i]
		if g.ID == 0 || g.Slug != w.Slug || g.Title != w.Title || g.Summary != w.Summary || g.Model != w.Model ||
			g.Body != w.Body || g.Version != 1 || g.UpdatedBy != nil || g.UpdatedByName != "" || !g.UpdatedAt.Equal(Start) {
			t.Fatalf("chapter %d = %+v, want %+v", i, g, w)
		}
	}
	one := chapter(t, e, "reserveret-kontrakt")
	if one.ID != got[1].ID || one.Body != want[1].Body {
		t.Fatalf("FindGuideChapter = %+v", one)
	}
	for _, slug := range []string{"findes-ikke", "", "Store Bogstaver", "../etc"} {
		_, err := e.s.FindGuideChapter(e.ctx, slug)
		wantCode(t, err, samspil.ENOTFOUND, "guide.not_found")
	}
	vs, total, err := e.s.FindGuideVersions(e.ctx, one.ID, 0, 0)
	must(t, err)
	if total != 1 || len(vs) != 1 || vs[0].Version != 1 || vs[0].Note != "Første udgave" || vs[0].AuthorID != nil ||
		vs[0].AuthorName != "" || vs[0].Slug != one.Slug || vs[0].Body != "" || !vs[0].CreatedAt.Equal(Start) {
		t.Fatalf("seed versions = %d %+v", total, vs)
	}
	v, err := e.s.FindGuideVersion(e.ctx, one.ID, 1)
	must(t, err)
	if v.Body != one.Body || v.Title != one.Title || v.Summary != one.Summary {
		t.Fatalf("version 1 = %+v", v)
	}
}

func testGuideUpdate(t *testing.T, e *env) {
	ctx, ed := editor(t, e, "Sofie Redaktør")
	g := chapter(t, e, "afknopning")
	e.clock.Add(time.Hour)
	saved, err := e.s.UpdateGuideChapter(ctx, g.Slug, samspil.GuideEdit{
		Title: " Afknopning af kommunale aktiviteter ", Summary: "Ny indledning.",
		Body: "# Afknopning\r\n\r\nTrin for trin.\r\n\r\n1. Beslut i byrådet\r\n", Note: "Tilføjede trin", BaseVersion: 1,
	})
	must(t, err)
	body := "# Afknopning\n\nTrin for trin.\n\n1. Beslut i byrådet"
	if saved.ID != g.ID || saved.Version != 2 || saved.Title != "Afknopning af kommunale aktiviteter" || saved.Body != body ||
		saved.Summary != "Ny indledning." || saved.Model != samspil.ModelAfknopning || saved.Position != g.Position ||
		saved.UpdatedBy == nil || *saved.UpdatedBy != ed.ID || saved.UpdatedByName != "Sofie Redaktør" || !saved.UpdatedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("saved = %+v", saved)
	}
	if got := chapter(t, e, g.Slug); got.Version != 2 || got.Body != body || got.UpdatedByName != "Sofie Redaktør" {
		t.Fatalf("read back = %+v", got)
	}
	e.clock.Add(time.Hour)
	_, err = e.s.UpdateGuideChapter(ctx, g.Slug, samspil.GuideEdit{Title: saved.Title, Summary: saved.Summary, Body: body + "\n2. Find en bestyrelse", BaseVersion: 2})
	must(t, err)

	vs, total, err := e.s.FindGuideVersions(e.ctx, g.ID, 0, 10)
	must(t, err)
	if total != 3 || len(vs) != 3 || vs[0].Version != 3 || vs[1].Version != 2 || vs[2].Version != 1 {
		t.Fatalf("versions = %d %+v", total, vs)
	}
	if vs[1].Note != "Tilføjede trin" || vs[1].AuthorName != "Sofie Redaktør" || vs[1].AuthorID == nil || *vs[1].AuthorID != ed.ID ||
		!vs[1].CreatedAt.Equal(Start.Add(time.Hour)) || vs[1].Title != saved.Title || vs[1].Body != "" {
		t.Fatalf("version 2 in list = %+v", vs[1])
	}
	// Every version keeps its own text, so any two can be compared.
	v1, err := e.s.FindGuideVersion(e.ctx, g.ID, 1)
	must(t, err)
	v2, err := e.s.FindGuideVersion(e.ctx, g.ID, 2)
	must(t, err)
	if v1.Body != "# Afknopning\n\nTrin for trin." || v2.Body != body || v1.Title != "Afknopning" {
		t.Fatalf("v1 %q, v2 %q", v1.Body, v2.Body)
	}
	_, err = e.s.FindGuideVersion(e.ctx, g.ID, 4)
	wantCode(t, err, samspil.ENOTFOUND, "guide.version.not_found")
	_, err = e.s.FindGuideVersion(e.ctx, 999999, 1)
	wantCode(t, err, samspil.ENOTFOUND, "guide.version.not_found")
	// The other chapters are untouched.
	if other := chapter(t, e, "introduktion"); other.Version != 1 {
		t.Fatalf("other chapter = %+v", other)
	}
	// An unknown chapter has no versions.
	vs, total, err = e.s.FindGuideVersions(e.ctx, 999999, 0, 10)
	must(t, err)
	if total != 0 || len(vs) != 0 {
		t.Fatalf("versions of unknown chapter = %d %+v", total, vs)
	}
}

func testGuideConflict(t *testing.T, e *env) {
	ctxA, _ := editor(t, e, "Anna Første")
	ctxB, _ := editor(t, e, "Bo Anden")
	g := chapter(t, e, "reserveret-kontrakt")
	// Both open version 1; Anna saves first.
	_, err := e.s.UpdateGuideChapter(ctxA, g.Slug, samspil.GuideEdit{Title: g.Title, Summary: g.Summary, Body: g.Body + "\n- Annas tilføjelse", BaseVersion: 1})
	must(t, err)
	_, err = e.s.UpdateGuideChapter(ctxB, g.Slug, samspil.GuideEdit{Title: g.Title, Summary: g.Summary, Body: g.Body + "\n- Bos tilføjelse", BaseVersion: 1})
	ce := wantCode(t, err, samspil.ECONFLICT, "guide.conflict")
	if ce.Args["Version"] != 2 {
		t.Fatalf("conflict args = %v", ce.Args)
	}
	// Nothing of Bo's was written: Anna's text is the current one.
	cur := chapter(t, e, g.Slug)
	if cur.Version != 2 || !strings.Contains(cur.Body, "Annas") || strings.Contains(cur.Body, "Bos") || cur.UpdatedByName != "Anna Første" {
		t.Fatalf("after conflict = %+v", cur)
	}
	_, total, err := e.s.FindGuideVersions(e.ctx, g.ID, 0, 0)
	must(t, err)
	if total != 2 {
		t.Fatalf("versions after conflict = %d", total)
	}
	// Bo merges on top of version 2 and saves.
	saved, err := e.s.UpdateGuideChapter(ctxB, g.Slug, samspil.GuideEdit{Title: g.Title, Summary: g.Summary, Body: cur.Body + "\n- Bos tilføjelse", BaseVersion: 2})
	must(t, err)
	if saved.Version != 3 || !strings.Contains(saved.Body, "Annas") || !strings.Contains(saved.Body, "Bos") {
		t.Fatalf("merged = %+v", saved)
	}
	// A base newer than the current version is refused too.
	_, err = e.s.UpdateGuideChapter(ctxB, g.Slug, samspil.GuideEdit{Title: g.Title, Body: "x", BaseVersion: 9})
	wantCode(t, err, samspil.ECONFLICT, "guide.conflict")
}

// testGuideConcurrentWriters lets several editors save on top of the
// same version at once: exactly one wins, the others are told.
func testGuideConcurrentWriters(t *testing.T, e *env) {
	const n = 4
	g := chapter(t, e, "introduktion")
	ctxs := make([]context.Context, n)
	for i := range ctxs {
		ctxs[i], _ = editor(t, e, fmt.Sprintf("Skribent %d", i))
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = e.s.UpdateGuideChapter(ctxs[i], g.Slug, samspil.GuideEdit{Title: g.Title, Summary: g.Summary,
				Body: fmt.Sprintf("%s\n\nAfsnit fra skribent %d.", g.Body, i), BaseVersion: 1})
		}(i)
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch samspil.ErrorCode(err) {
		case "":
			won++
		case samspil.ECONFLICT:
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d writers won, want exactly 1 (%v)", won, errs)
	}
	_, total, err := e.s.FindGuideVersions(e.ctx, g.ID, 0, 0)
	must(t, err)
	if cur := chapter(t, e, g.Slug); cur.Version != 2 || total != 2 {
		t.Fatalf("after the race: version %d, %d versions", cur.Version, total)
	}
}

func testGuideUnchanged(t *testing.T, e *env) {
	ctx, _ := editor(t, e, "Carl Tredje")
	g := chapter(t, e, "introduktion")
	for _, edit := range []samspil.GuideEdit{
		{Title: g.Title, Summary: g.Summary, Body: g.Body, BaseVersion: 1},
		{Title: " " + g.Title, Summary: g.Summary + " ", Body: "\n" + strings.ReplaceAll(g.Body, "\n", "\r\n") + "\n\n", Note: "Intet nyt", BaseVersion: 1},
	} {
		_, err := e.s.UpdateGuideChapter(ctx, g.Slug, edit)
		wantField(t, err, samspil.EINVALID, "body", "guide.unchanged")
	}
	if cur := chapter(t, e, g.Slug); cur.Version != 1 {
		t.Fatalf("an unchanged save made version %d", cur.Version)
	}
	// A changed summary alone is a change.
	saved, err := e.s.UpdateGuideChapter(ctx, g.Slug, samspil.GuideEdit{Title: g.Title, Summary: "Kort og præcist.", Body: g.Body, BaseVersion: 1})
	must(t, err)
	if saved.Version != 2 || saved.Summary != "Kort og præcist." {
		t.Fatalf("summary change = %+v", saved)
	}
}

func testGuideInvalid(t *testing.T, e *env) {
	ctx, _ := editor(t, e, "Dorte Fjerde")
	g := chapter(t, e, "introduktion")
	for _, tc := range []struct {
		field, key string
		edit       samspil.GuideEdit
	}{
		{"title", "guide.title.required", samspil.GuideEdit{Title: " ", Body: "x", BaseVersion: 1}},
		{"body", "guide.body.required", samspil.GuideEdit{Title: "x", Body: " \n ", BaseVersion: 1}},
		{"base_version", "guide.version.missing", samspil.GuideEdit{Title: "x", Body: "y"}},
		{"note", "field.too_long", samspil.GuideEdit{Title: "x", Body: "y", Note: strings.Repeat("n", samspil.MaxGuideNote+1), BaseVersion: 1}},
	} {
		_, err := e.s.UpdateGuideChapter(ctx, g.Slug, tc.edit)
		wantField(t, err, samspil.EINVALID, tc.field, tc.key)
	}
	_, err := e.s.UpdateGuideChapter(ctx, "findes-ikke", samspil.GuideEdit{Title: "x", Body: "y", BaseVersion: 1})
	wantCode(t, err, samspil.ENOTFOUND, "guide.not_found")
	if cur := chapter(t, e, g.Slug); cur.Version != 1 {
		t.Fatalf("a refused edit made version %d", cur.Version)
	}
}

// testGuideHistoryAll is the "guide changes" feed: every chapter's
// versions, newest first, paged.
func testGuideHistoryAll(t *testing.T, e *env) {
	ctx, _ := editor(t, e, "Eva Femte")
	seeded := len(GuideChapters())
	edits := []string{"afknopning", "introduktion", "afknopning", "reserveret-kontrakt"}
	for _, slug := range edits {
		e.clock.Add(time.Minute)
		g := chapter(t, e, slug)
		_, err := e.s.UpdateGuideChapter(ctx, slug, samspil.GuideEdit{Title: g.Title, Summary: g.Summary, Body: g.Body + "\n\nMere.", Note: "ændring " + slug, BaseVersion: g.Version})
		must(t, err)
	}
	all, total, err := e.s.FindGuideVersions(e.ctx, 0, 0, 100)
	must(t, err)
	if total != seeded+len(edits) || len(all) != total {
		t.Fatalf("all versions = %d (%d), want %d", total, len(all), seeded+len(edits))
	}
	var order []string
	for _, v := range all[:len(edits)] {
		order = append(order, fmt.Sprintf("%s@%d", v.Slug, v.Version))
	}
	if got := strings.Join(order, " "); got != "reserveret-kontrakt@2 afknopning@3 introduktion@2 afknopning@2" {
		t.Fatalf("newest first = %s", got)
	}
	for i := 1; i < len(all); i++ {
		if all[i].CreatedAt.After(all[i-1].CreatedAt) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	for _, v := range all[len(edits):] {
		if v.Version != 1 || v.AuthorName != "" {
			t.Fatalf("seed version = %+v", v)
		}
	}
	if all[0].AuthorName != "Eva Femte" || all[0].Note != "ændring reserveret-kontrakt" {
		t.Fatalf("newest = %+v", all[0])
	}
	page2, total2, err := e.s.FindGuideVersions(e.ctx, 0, 2, 2)
	must(t, err)
	if total2 != total || len(page2) != 2 || page2[0].Slug != all[2].Slug || page2[0].Version != all[2].Version {
		t.Fatalf("page 2 = %d %+v", total2, page2)
	}
	past, _, err := e.s.FindGuideVersions(e.ctx, 0, 100, 10)
	must(t, err)
	if len(past) != 0 {
		t.Fatalf("past the end = %+v", past)
	}
	_, _, err = e.s.FindGuideVersions(e.ctx, 0, -1, 10)
	wantCode(t, err, samspil.EINVALID, "")
}

// guideFollowNotes lists u's notifications of kind as "link|arg", digest
// notifications only.
func guideFollowNotes(t *testing.T, e *env, u *samspil.User, kind samspil.NotificationKind, arg string) []string {
	t.Helper()
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: u.ID})
	must(t, err)
	var out []string
	for _, n := range ns {
		if n.Kind != kind {
			continue
		}
		if !n.Digest {
			t.Errorf("follow notification %+v is not a digest notification", n)
		}
		out = append(out, n.Link+"|"+n.Args[arg])
	}
	return out
}

// testGuideFollowers: a saved change reaches the people who follow the
// chapter, once each, but not its author; a refused edit reaches nobody.
func testGuideFollowers(t *testing.T, e *env) {
	ctx, author := editor(t, e, "Frida Forfatter")
	_, reader := editor(t, e, "Rasmus Læser")
	_, other := editor(t, e, "Ole Andet")
	must(t, e.s.Follow(e.ctx, reader.ID, samspil.FollowGuide, "afknopning"))
	must(t, e.s.Follow(e.ctx, author.ID, samspil.FollowGuide, "afknopning"))
	must(t, e.s.Follow(e.ctx, other.ID, samspil.FollowGuide, "introduktion"))
	g := chapter(t, e, "afknopning")
	_, err := e.s.UpdateGuideChapter(ctx, g.Slug, samspil.GuideEdit{Title: g.Title, Body: g.Body, Summary: g.Summary, BaseVersion: 1})
	wantField(t, err, samspil.EINVALID, "body", "guide.unchanged")
	_, err = e.s.UpdateGuideChapter(ctx, g.Slug, samspil.GuideEdit{Title: "Afknopning trin for trin", Body: g.Body + "\n\nNyt afsnit.", BaseVersion: 1})
	must(t, err)
	if got := strings.Join(guideFollowNotes(t, e, reader, samspil.NoteFollowGuide, "Chapter"), " "); got != "/vejledning/afknopning|Afknopning trin for trin" {
		t.Fatalf("reader's notes = %q", got)
	}
	if got := guideFollowNotes(t, e, author, samspil.NoteFollowGuide, "Chapter"); len(got) != 0 {
		t.Fatalf("the author was notified of their own change: %v", got)
	}
	if got := guideFollowNotes(t, e, other, samspil.NoteFollowGuide, "Chapter"); len(got) != 0 {
		t.Fatalf("a follower of another chapter was notified: %v", got)
	}
}
