package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// testChapters are two small chapters: an introduction without a model
// and one about reserved contracts with headings, a script tag and a
// javascript: link that must never reach a page.
func testChapters() []*samspil.GuideChapter {
	return []*samspil.GuideChapter{
		{Slug: "introduktion", Title: "Sådan bruger du vejledningen", Summary: "Om vejledningen.", Position: 1,
			Body: "## Om vejledningen\n\nVejledningen beskriver samarbejdsmodellerne.\n"},
		{Slug: "reserveret-kontrakt", Title: "Reserveret kontrakt", Summary: "Udbudslovens § 20.", Model: samspil.ModelReserveretKontrakt, Position: 2,
			Body: "## Hvornår passer modellen\n\nNår opgaven kan løses af en virksomhed med et socialt formål.\n\n" +
				"### Betingelser & krav\n\n- mindst 30 % udsatte medarbejdere\n- formålet er socialt\n\n" +
				"## Jura\n\nUdbudsloven § 20.<script>alert('x')</script> [Klik her](javascript:alert(1))\n\nTal tjekket 1. marts 2026.\n"},
	}
}

// seedGuideChapters runs the store's start-up seeding of the test database
// again with chapters: the web tests' database starts without a guide.
func seedGuideChapters(t *testing.T, db *sqlstore.DB, chapters []*samspil.GuideChapter) {
	t.Helper()
	var seq int
	var name, file string
	if err := db.SQL().QueryRow("PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	opts := testdb.Options(nil)
	opts.GuideChapters = chapters
	db2, err := sqlstore.Open(context.Background(), file, opts)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
}

// guideWorld is the rights test's environment with the test chapters and
// two editors who are not platform admins.
type guideWorld struct {
	*orgEnv
	ed1, ed2         *http.Client
	ed1User, ed2User *samspil.User
}

func newGuideWorld(t *testing.T) *guideWorld {
	t.Helper()
	e := newOrgEnv(t)
	seedGuideChapters(t, e.store, testChapters())
	w := &guideWorld{orgEnv: e}
	w.ed1, w.ed1User = e.signedInUser("redaktoer-1", func(u *samspil.User) { u.IsEditor = true })
	w.ed2, w.ed2User = e.signedInUser("redaktoer-2", func(u *samspil.User) { u.IsEditor = true })
	return w
}

// signedInUser creates a confirmed user (changed by set before it is
// stored, and made an editor afterwards when set asks for it) and returns a
// client signed in as them.
func (e *orgEnv) signedInUser(prefix string, set func(*samspil.User)) (*http.Client, *samspil.User) {
	e.t.Helper()
	u := &samspil.User{Email: prefix + "@w2.test", Name: "Person " + prefix, PasswordHash: testPasswordHash(), Locale: "da"}
	now := e.srv.now()
	u.EmailConfirmedAt = &now
	if set != nil {
		set(u)
	}
	editor := u.IsEditor
	if err := e.store.CreateUser(context.Background(), u); err != nil {
		e.t.Fatal(err)
	}
	if editor {
		if _, err := e.store.UpdateUser(context.Background(), u.ID, samspil.UserUpdate{IsEditor: &editor}); err != nil {
			e.t.Fatal(err)
		}
	}
	c := e.client()
	e.login(c, u.Email, testPassword)
	return c, u
}

// chapter reads a chapter from the store.
func (w *guideWorld) chapter(slug string) *samspil.GuideChapter {
	w.t.Helper()
	ch, err := w.store.FindGuideChapter(context.Background(), slug)
	if err != nil {
		w.t.Fatal(err)
	}
	return ch
}

func TestGuidePages(t *testing.T) {
	w := newGuideWorld(t)
	anon, member, platform := w.clients[roleAnon], w.clients[roleMember], w.clients[rolePlatform]
	tests := []struct {
		name    string
		c       *http.Client
		path    string
		status  int
		want    []string
		notWant []string
	}{
		{"toc", anon, "/vejledning", 200, []string{"Vejledning om samarbejdsmodeller", `href="/vejledning/reserveret-kontrakt"`, "Udbudslovens § 20.",
			"Reserveret kontrakt (udbudslovens § 20)", "Version 1", `<link rel="alternate" type="application/atom+xml"`, `href="/feeds/guide.atom"`, "Seneste ændringer"}, nil},
		{"toc in order", anon, "/vejledning", 200, []string{"Sådan bruger du vejledningen"}, nil},
		{"chapter anonymous", anon, "/vejledning/reserveret-kontrakt", 200, []string{"<h1 id=\"page-title\">Reserveret kontrakt</h1>",
			"Version 1, opdateret", `href="#betingelser--krav"`, `<h3 id="betingelser--krav">`, "Betingelser &amp; krav", `id="jura"`, "Indhold",
			"Erfaringer med Reserveret kontrakt", `/erfaringer?model=reserveret_kontrakt`, `class="follow-login" href="/log-ind?next=%2Fvejledning%2Freserveret-kontrakt"`, `href="/feeds/guide.atom"`},
			[]string{"<script>alert", "javascript:", "Redigér kapitlet", `action="/foelg"`}},
		{"chapter signed in", member, "/vejledning/reserveret-kontrakt", 200, []string{`action="/foelg"`, `name="kind" value="guide"`, `name="key" value="reserveret-kontrakt"`, `name="return_to" value="/vejledning/reserveret-kontrakt"`, "follow-button"},
			[]string{"Redigér kapitlet"}},
		{"chapter editor", w.ed1, "/vejledning/reserveret-kontrakt", 200, []string{`href="/vejledning/reserveret-kontrakt/rediger"`, "Redigér kapitlet"}, nil},
		{"chapter platform admin", platform, "/vejledning/reserveret-kontrakt", 200, []string{"Redigér kapitlet"}, nil},
		{"chapter without model has no cases", anon, "/vejledning/introduktion", 200, []string{"Om vejledningen"}, []string{"Erfaringer med"}},
		{"unknown chapter", anon, "/vejledning/findes-ikke", 404, []string{"Siden findes ikke"}, nil},
		{"bad slug", anon, "/vejledning/Æ%20x", 404, nil, nil},
		{"unknown sub page", anon, "/vejledning/introduktion/noget", 404, nil, nil},
		{"versions", anon, "/vejledning/reserveret-kontrakt/versioner", 200, []string{"Versioner af Reserveret kontrakt", "Første udgave", `href="/vejledning/reserveret-kontrakt/versioner/1"`}, nil},
		{"version 1", anon, "/vejledning/reserveret-kontrakt/versioner/1", 200, []string{"Reserveret kontrakt", "Version 1"}, []string{"<script>alert", "javascript:"}},
		{"unknown version", anon, "/vejledning/reserveret-kontrakt/versioner/9", 404, []string{"Kapitlet har ingen version 9. Den nyeste er version 1."}, nil},
		{"version not a number", anon, "/vejledning/reserveret-kontrakt/versioner/abc", 404, nil, nil},
		{"compare same", anon, "/vejledning/reserveret-kontrakt/sammenlign?fra=1&til=1", 200, []string{"Der er ingen forskel på teksterne."}, nil},
		{"compare malformed", anon, "/vejledning/reserveret-kontrakt/sammenlign?fra=x&til=1", 400, []string{"Angiv to versionsnumre som hele tal fra 1 til 1"}, nil},
		{"compare missing", anon, "/vejledning/reserveret-kontrakt/sammenlign", 400, nil, nil},
		{"compare zero", anon, "/vejledning/reserveret-kontrakt/sammenlign?fra=0&til=1", 400, nil, nil},
		{"compare huge", anon, "/vejledning/reserveret-kontrakt/sammenlign?fra=99999999999999999999&til=1", 400, nil, nil},
		{"compare negative", anon, "/vejledning/reserveret-kontrakt/sammenlign?fra=-1&til=1", 400, nil, nil},
		{"compare nul byte", anon, "/vejledning/reserveret-kontrakt/sammenlign?fra=1%00&til=1", 400, nil, nil},
		{"compare unknown", anon, "/vejledning/reserveret-kontrakt/sammenlign?fra=1&til=5", 404, []string{"ingen version 5"}, nil},
		{"edit anonymous", anon, "/vejledning/reserveret-kontrakt/rediger", 303, nil, nil},
		{"edit member", member, "/vejledning/reserveret-kontrakt/rediger", 403, nil, nil},
		{"edit editor", w.ed1, "/vejledning/reserveret-kontrakt/rediger", 200, []string{`name="base_version" value="1"`, `name="body"`, "Forhåndsvis", `value="preview"`, "## Jura"}, nil},
		{"edit platform", platform, "/vejledning/reserveret-kontrakt/rediger", 200, []string{`name="title"`}, nil},
		{"english", anon, "/vejledning/reserveret-kontrakt?lang=en", 200, []string{"Version 1, updated", "Contents"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.get(tt.c, tt.path)
			if r.status != tt.status {
				t.Fatalf("GET %s: %d, want %d\n%s", tt.path, r.status, tt.status, short(r.body))
			}
			mustContain(t, r.body, tt.want...)
			for _, n := range tt.notWant {
				if strings.Contains(r.body, n) {
					t.Errorf("body has %q", n)
				}
			}
		})
	}
	// The table of contents lists the chapters by position.
	toc := w.get(anon, "/vejledning").body
	if strings.Index(toc, "/vejledning/introduktion\"") > strings.Index(toc, "/vejledning/reserveret-kontrakt\"") {
		t.Error("the chapters are not in table-of-contents order")
	}
}

// editForm is a save of the chapter's edit form.
func editForm(title, body, note string, base int) url.Values {
	return url.Values{"title": {title}, "summary": {"Udbudslovens § 20."}, "body": {body}, "note": {note},
		"base_version": {idStr(int64(base))}, "action": {"save"}}
}

// TestGuideConcurrentEdit: two editors open version 1; the first saves;
// the second is told, keeps every word of their text, sees the newer text
// and the differences, and can then save on top of the newer version.
func TestGuideConcurrentEdit(t *testing.T) {
	w := newGuideWorld(t)
	const slug = "reserveret-kontrakt"
	orig := w.chapter(slug)
	for _, c := range []*http.Client{w.ed1, w.ed2} {
		mustContain(t, w.get(c, guidePath(slug, "/rediger")).body, `name="base_version" value="1"`)
	}
	first := orig.Body + "\n\nEt nyt afsnit fra den første redaktør.\n"
	r := w.post(w.ed1, guidePath(slug, "/rediger"), editForm(orig.Title, first, "Nyt afsnit", 1))
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/vejledning/"+slug {
		t.Fatalf("first save: %d %q\n%s", r.status, r.header.Get("Location"), short(r.body))
	}
	if ch := w.chapter(slug); ch.Version != 2 || ch.UpdatedByName != w.ed1User.Name {
		t.Fatalf("after the first save: version %d by %q", ch.Version, ch.UpdatedByName)
	}
	mustContain(t, w.get(w.ed1, "/vejledning/"+slug).body, "Kapitlet er gemt som en ny version.", "Version 2, opdateret", "af Person redaktoer-1")

	second := strings.Replace(orig.Body, "Udbudsloven § 20.", "Udbudslovens § 20 om reserverede kontrakter.", 1) + "\nDen anden redaktørs linje <med> tegn & sådan.\n"
	before := w.fingerprint()
	r = w.post(w.ed2, guidePath(slug, "/rediger"), editForm("Reserveret kontrakt (§ 20)", second, "Præcisering", 1))
	if r.status != http.StatusConflict {
		t.Fatalf("second save: %d, want 409\n%s", r.status, short(r.body))
	}
	if w.fingerprint() != before {
		t.Error("the refused save changed the database")
	}
	mustContain(t, r.body, "En anden har gemt kapitlet imens", "Person redaktoer-1 gemte kapitlet som version 2",
		"Din tekst er ikke gået tabt", `name="base_version" value="2"`, `value="Reserveret kontrakt (§ 20)"`,
		"Den anden redaktørs linje &lt;med&gt; tegn &amp; sådan.", // the editor's own text, in the textarea
		"Et nyt afsnit fra den første redaktør.",                  // the newer version's text
		`class="diff"`, "+ Tilføjet", "− Fjernet", "Tilføjede linjer:", `name="note" type="text" value="Præcisering"`, "Gem min tekst som ny version")
	// The editor's text comes back exactly, in the body field.
	m := regexp.MustCompile(`(?s)<textarea id="field-body" name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no body textarea")
	}
	if got := unescapeHTML(strings.TrimPrefix(m[1], "\n")); strings.TrimSpace(got) != strings.TrimSpace(second) {
		t.Errorf("the textarea holds\n%q\nwant\n%q", got, second)
	}
	// Saved again after reading: on top of version 2.
	r = w.post(w.ed2, guidePath(slug, "/rediger"), editForm("Reserveret kontrakt (§ 20)", second, "Præcisering", 2))
	if r.status != http.StatusSeeOther {
		t.Fatalf("save after the conflict: %d\n%s", r.status, short(r.body))
	}
	ch := w.chapter(slug)
	if ch.Version != 3 || ch.UpdatedByName != w.ed2User.Name || !strings.Contains(ch.Body, "Den anden redaktørs linje") {
		t.Fatalf("after the second save: version %d by %q", ch.Version, ch.UpdatedByName)
	}

	// The history and the comparisons.
	hist := w.get(w.clients[roleAnon], guidePath(slug, "/versioner")).body
	mustContain(t, hist, "Kapitlet har 3 versioner", "Præcisering", "Nyt afsnit", "Person redaktoer-2", "Første udgave",
		`/sammenlign?fra=2&amp;til=3`, `/sammenlign?fra=1&amp;til=2`, "Nyeste")
	cmp := w.get(w.clients[roleAnon], guidePath(slug, "/sammenlign?fra=1&til=3"))
	if cmp.status != 200 {
		t.Fatalf("compare: %d", cmp.status)
	}
	mustContain(t, cmp.body, "+ Tilføjet", "− Fjernet", "<ins>Udbudslovens § 20 om reserverede kontrakter.", "<del>Udbudsloven § 20.",
		"Tilføjede linjer:", "Fjernede linjer: 1.", "Linje i version 1", "Linje i version 3", "uændrede linjer")
	if strings.Contains(cmp.body, "<script>alert") {
		t.Error("the comparison shows a live script")
	}
	old := w.get(w.clients[roleAnon], guidePath(slug, "/versioner/1")).body
	mustContain(t, old, "Det er en ældre version. Den nyeste er version 3.", `/sammenlign?fra=1&amp;til=3`)
}

// TestGuideEditValidationAndPreview: the preview writes nothing and shows
// the text rendered and harmless; a save with nothing changed or an empty
// body comes back with the message and the text kept.
func TestGuideEditValidationAndPreview(t *testing.T) {
	w := newGuideWorld(t)
	const slug = "introduktion"
	orig := w.chapter(slug)
	before := w.fingerprint()
	f := editForm(orig.Title, "## Ny overskrift\n\nTekst <script>alert(1)</script>[farlig](javascript:alert(1)) **fed**", "", 1)
	f.Set("action", "preview")
	r := w.post(w.ed1, guidePath(slug, "/rediger"), f)
	if r.status != 200 {
		t.Fatalf("preview: %d", r.status)
	}
	mustContain(t, r.body, "Forhåndsvisning", `<h2 id="ny-overskrift">Ny overskrift</h2>`, "<strong>fed</strong>", "&lt;script&gt;alert(1)&lt;/script&gt;")
	if strings.Contains(r.body[strings.Index(r.body, "Forhåndsvisning"):], "farlig</a>") {
		t.Error("the javascript: link is still a link")
	}
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, `href="javascript:`) {
		t.Error("the preview holds something that could run")
	}
	if w.fingerprint() != before {
		t.Error("the preview changed the database")
	}
	same := editForm(orig.Title, orig.Body, "", 1)
	same.Set("summary", orig.Summary)
	r = w.post(w.ed1, guidePath(slug, "/rediger"), same)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("unchanged save: %d", r.status)
	}
	mustContain(t, r.body, "Du har ikke ændret noget")
	r = w.post(w.ed1, guidePath(slug, "/rediger"), editForm("", "   ", "", 1))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("empty save: %d", r.status)
	}
	mustContain(t, r.body, "Kapitlet må ikke være tomt.", "Titlen skal udfyldes.", `aria-invalid="true"`)
	r = w.post(w.ed1, guidePath(slug, "/rediger"), editForm(orig.Title, "Ny tekst", "", 0))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("missing base version: %d", r.status)
	}
	mustContain(t, r.body, "Versionen, du redigerede, mangler.", "Ny tekst")
	if w.fingerprint() != before {
		t.Error("a refused save changed the database")
	}
	// Nobody but editors may post, not even the preview.
	for _, role := range []string{roleAnon, roleUser, roleMember, roleAdmin, roleOtherAdmin} {
		want := http.StatusForbidden
		if role == roleAnon {
			want = http.StatusUnauthorized
		}
		if r := w.post(w.clients[role], guidePath(slug, "/rediger"), f); r.status != want {
			t.Errorf("preview as %s: %d, want %d", role, r.status, want)
		}
	}
	if r := w.post(w.ed1, guidePath("findes-ikke", "/rediger"), f); r.status != http.StatusNotFound {
		t.Errorf("unknown chapter: %d", r.status)
	}
}

// TestAdminEditorToggle: a platform admin makes a user an editor, who can
// then edit the guide, and takes the right away again.
func TestAdminEditorToggle(t *testing.T) {
	w := newGuideWorld(t)
	c, u := w.signedInUser("kommende-redaktoer", nil)
	if r := w.get(c, guidePath("introduktion", "/rediger")); r.status != http.StatusForbidden {
		t.Fatalf("before: %d", r.status)
	}
	users := w.get(w.clients[rolePlatform], "/admin/brugere?q=kommende")
	mustContain(t, users.body, "Redaktør", `action="/admin/brugere/`+idStr(u.ID)+`/redaktoer"`, `name="editor" value="1"`, "Gør til redaktør")
	path := "/admin/brugere/" + idStr(u.ID) + "/redaktoer"
	for _, role := range []string{roleUser, roleMember, roleAdmin} {
		if r := w.post(w.clients[role], path, url.Values{"editor": {"1"}}); r.status != http.StatusForbidden {
			t.Errorf("as %s: %d", role, r.status)
		}
	}
	r := w.post(w.clients[rolePlatform], path, url.Values{"editor": {"1"}, "next": {"/admin/brugere?q=kommende"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/brugere?q=kommende" {
		t.Fatalf("grant: %d %q", r.status, r.header.Get("Location"))
	}
	if r := w.get(c, guidePath("introduktion", "/rediger")); r.status != http.StatusOK {
		t.Fatalf("as editor: %d", r.status)
	}
	mustContain(t, w.get(w.clients[rolePlatform], "/admin/brugere?q=kommende").body, "Fjern som redaktør", `name="editor" value="0"`)
	if r := w.post(w.clients[rolePlatform], path, url.Values{"editor": {"maybe"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad value: %d", r.status)
	}
	if r := w.post(w.clients[rolePlatform], "/admin/brugere/999999/redaktoer", url.Values{"editor": {"1"}}); r.status != http.StatusNotFound {
		t.Errorf("unknown user: %d", r.status)
	}
	w.post(w.clients[rolePlatform], path, url.Values{"editor": {"0"}})
	if r := w.get(c, guidePath("introduktion", "/rediger")); r.status != http.StatusForbidden {
		t.Fatalf("after revoking: %d", r.status)
	}
}

func TestDiffViewFoldsUnchangedLines(t *testing.T) {
	var old, new []string
	for i := range 30 {
		old = append(old, "linje "+idStr(int64(i)))
	}
	new = append(new, old...)
	new[15] = "ændret linje"
	d := newDiffView(strings.Join(old, "\n"), strings.Join(new, "\n"))
	if d.Added != 1 || d.Removed != 1 || !d.Changed() {
		t.Fatalf("counts %d/%d", d.Added, d.Removed)
	}
	var ops []string
	for _, r := range d.Rows {
		ops = append(ops, r.Op)
	}
	want := "skip same same same removed added same same same skip"
	if got := strings.Join(ops, " "); got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
	if d.Rows[0].Skipped != 12 || d.Rows[len(d.Rows)-1].Skipped != 11 {
		t.Errorf("skipped %d and %d", d.Rows[0].Skipped, d.Rows[len(d.Rows)-1].Skipped)
	}
	if same := newDiffView("a\nb", "a\nb"); same.Changed() || len(same.Rows) != 1 || same.Rows[0].Op != "skip" {
		t.Errorf("equal texts: %+v", same)
	}
}

func TestRenderMarkdownDrawsTaskBoxes(t *testing.T) {
	got := string(markdown.Render("- [ ] Tjek tærsklen\n- [x] Gjort\n\n<input type=\"checkbox\"> [x](javascript:alert(1))"))
	mustContain(t, got, `<span class="task-box">☐</span>`, `<span class="task-box task-done">☑</span>`, "Tjek tærsklen")
	for _, bad := range []string{"<input", "javascript:"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q in %s", bad, got)
		}
	}
}

func TestChapterTOC(t *testing.T) {
	got := chapterTOC(`<h1 id="x">Top</h1><h2 id="trin">Trin</h2><p>x</p><h3 id="a--b">A &amp; <code>b</code></h3><h4 id="d">Dyb</h4><h2 id="tom"></h2>`)
	want := []tocEntry{{ID: "trin", Text: "Trin", Level: 2}, {ID: "a--b", Text: "A & b", Level: 3}}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// unescapeHTML undoes html/template's escaping of text.
func unescapeHTML(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}
