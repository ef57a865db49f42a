package guidetext

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestEveryModelHasOneChapter(t *testing.T) {
	cs := Chapters()
	count := map[samspil.CollaborationModel]int{}
	intro := 0
	for _, c := range cs {
		if c.Model == "" {
			intro++
			continue
		}
		count[c.Model]++
	}
	if intro != 1 {
		t.Errorf("%d chapters without a model, want one introduction", intro)
	}
	for _, m := range samspil.CollaborationModels {
		if count[m] != 1 {
			t.Errorf("model %s has %d chapters", m, count[m])
		}
	}
	if len(cs) != len(samspil.CollaborationModels)+1 {
		t.Errorf("%d chapters", len(cs))
	}
	if cs[0].Model != "" || cs[0].Title != "Sådan bruger du vejledningen" {
		t.Errorf("first chapter is %q, want the introduction", cs[0].Title)
	}
}

func TestChapterFields(t *testing.T) {
	slugs := map[string]bool{}
	positions := map[int]bool{}
	for _, c := range Chapters() {
		if !samspil.ValidSlug(c.Slug) || slugs[c.Slug] {
			t.Errorf("slug %q invalid or repeated", c.Slug)
		}
		slugs[c.Slug] = true
		if positions[c.Position] {
			t.Errorf("position %d repeated", c.Position)
		}
		positions[c.Position] = true
		if c.Version != 1 || c.Summary == "" || c.ID != 0 || c.UpdatedBy != nil {
			t.Errorf("%s: version %d, summary %q", c.Slug, c.Version, c.Summary)
		}
		// The seeded text must pass the same rules as an editor's edit.
		e := samspil.GuideEdit{Title: c.Title, Summary: c.Summary, Body: c.Body, BaseVersion: 1}
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", c.Slug, err)
		}
		if e.Title != c.Title || e.Summary != c.Summary || e.Body != c.Body {
			t.Errorf("%s: text is not normalised", c.Slug)
		}
		if strings.Contains(c.Body, "\n# ") || strings.HasPrefix(c.Body, "# ") {
			t.Errorf("%s: the page shows the title; the body must not repeat it as a level-1 heading", c.Slug)
		}
	}
}

var h2 = regexp.MustCompile(`(?m)^## (.+)$`)

// sections splits a body into its level-2 sections.
func sections(body string) (names []string, text map[string]string) {
	text = map[string]string{}
	idx := h2.FindAllStringSubmatchIndex(body, -1)
	for i, m := range idx {
		name := body[m[2]:m[3]]
		end := len(body)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		names = append(names, name)
		text[name] = strings.TrimSpace(body[m[1]:end])
	}
	return names, text
}

func TestModelChapterSections(t *testing.T) {
	for _, c := range Chapters() {
		if c.Model == "" {
			continue
		}
		names, text := sections(c.Body)
		if strings.Join(names, "|") != strings.Join(ModelSections, "|") {
			t.Errorf("%s: sections %q, want %q", c.Slug, names, ModelSections)
			continue
		}
		legal := text["Den juridiske ramme"]
		lines := strings.Split(legal, "\n")
		if last := strings.TrimSpace(lines[len(lines)-1]); last != CheckedLine {
			t.Errorf("%s: legal section ends with %q, want %q", c.Slug, last, CheckedLine)
		}
		if strings.Count(c.Body, "kontrolleret "+CheckedOn) != 1 {
			t.Errorf("%s: the checked line must appear once", c.Slug)
		}
		if !regexp.MustCompile(`(?m)^- \[ \] \S`).MatchString(text["Tjekliste"]) {
			t.Errorf("%s: the checklist is not a task list", c.Slug)
		}
		for _, line := range strings.Split(text["Tjekliste"], "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "- [ ] ") {
				t.Errorf("%s: checklist line %q is not a task", c.Slug, line)
			}
		}
		if !strings.Contains(text["Erfaringer med modellen"], "/erfaringer?model="+string(c.Model)) {
			t.Errorf("%s: the experience section must link the cases with model %s", c.Slug, c.Model)
		}
		for _, s := range []string{"Trin for trin", "Faldgruber", "Hvornår passer modellen"} {
			if len([]rune(text[s])) < 300 {
				t.Errorf("%s: section %q is too thin", c.Slug, s)
			}
		}
	}
}

// TestMarkdownIsClean renders each chapter without and with sanitising:
// the seed text holds no raw HTML, so the sanitiser must find nothing to
// remove, and every internal link points at a chapter that exists.
func TestMarkdownIsClean(t *testing.T) {
	plain := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList))
	slugs := map[string]bool{}
	for _, c := range Chapters() {
		slugs[c.Slug] = true
	}
	link := regexp.MustCompile(`\]\((/[^)\s]*)\)`)
	for _, c := range Chapters() {
		if strings.ContainsAny(c.Body, "<>") {
			t.Errorf("%s: raw HTML or angle brackets in the Markdown", c.Slug)
		}
		var buf bytes.Buffer
		if err := plain.Convert([]byte(c.Body), &buf); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "raw HTML omitted") {
			t.Errorf("%s: raw HTML", c.Slug)
		}
		out := string(markdown.Render(c.Body))
		for _, want := range []string{"<h2", "<li>", "<p>"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: rendered chapter has no %s", c.Slug, want)
			}
		}
		if c.Model != "" && !strings.Contains(out, `class="task-box"`) {
			t.Errorf("%s: the checklist does not render as check boxes", c.Slug)
		}
		for _, m := range link.FindAllStringSubmatch(c.Body, -1) {
			target := m[1]
			switch {
			case strings.HasPrefix(target, "/vejledning/"):
				if s := strings.TrimPrefix(target, "/vejledning/"); !slugs[strings.SplitN(s, "#", 2)[0]] {
					t.Errorf("%s: link to unknown chapter %s", c.Slug, target)
				}
			case strings.HasPrefix(target, "/erfaringer"), strings.HasPrefix(target, "/spoergsmaal"), strings.HasPrefix(target, "/kommuner"):
			default:
				t.Errorf("%s: unexpected internal link %s", c.Slug, target)
			}
		}
	}
}

func TestParseRejectsBadFiles(t *testing.T) {
	good := "---\nslug: indkob\ntitle: T\nsummary: S\nmodel: indkob\n---\nTekst\n"
	for name, tc := range map[string]struct{ file, src string }{
		"no number":       {"indkob.md", good},
		"no front matter": {"01-indkob.md", "Tekst"},
		"unterminated":    {"01-indkob.md", "---\nslug: indkob\n"},
		"slug mismatch":   {"01-andet.md", good},
		"unknown key":     {"01-indkob.md", "---\nslug: indkob\ntitle: T\nfoo: x\n---\nTekst"},
		"unknown model":   {"01-indkob.md", "---\nslug: indkob\ntitle: T\nmodel: nej\n---\nTekst"},
		"no body":         {"01-indkob.md", "---\nslug: indkob\ntitle: T\n---\n"},
	} {
		if _, err := parse(tc.file, tc.src); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	c, err := parse("07-indkob.md", good)
	if err != nil || c.Position != 7 || c.Model != samspil.ModelIndkob || c.Body != "Tekst" {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := parseAll(fstest.MapFS{"chapters/01-indkob.md": {Data: []byte("x")}}); err == nil {
		t.Error("parseAll accepted a bad file")
	}
}

func TestChaptersAreCopies(t *testing.T) {
	a := Chapters()
	a[0].Title = "changed"
	if Chapters()[0].Title == "changed" {
		t.Fatal("Chapters shares its values")
	}
}
