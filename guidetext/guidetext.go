// Package guidetext holds the first text of the guide to the collaboration
// models: one Markdown chapter per model, written in Danish, seeded as
// version 1 when a database starts without them. The secretariat edits
// the chapters on the platform afterwards; this text is never re-applied.
//
// Each chapter is a file chapters/NN-slug.md. NN is its place in the table
// of contents; a small front matter between two "---" lines gives the
// slug, title, summary and collaboration model (empty for the
// introduction). Everything after it is the chapter's Markdown body.
package guidetext

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
)

//go:embed chapters/*.md
var files embed.FS

// CheckedOn is the date the legal sections' figures and rules were last
// checked, as every model chapter states it.
const CheckedOn = "28. november 2026"

// CheckedLine is the line that ends each chapter's legal section.
const CheckedLine = "*Tal og regler kontrolleret " + CheckedOn + ".*"

// ModelSections are the level-2 headings every model chapter has, in order.
var ModelSections = []string{
	"Hvornår passer modellen",
	"Den juridiske ramme",
	"Trin for trin",
	"Faldgruber",
	"Tjekliste",
	"Erfaringer med modellen",
}

var chapters = mustParse()

// Chapters returns the seed chapters in table-of-contents order, each as
// version 1 with its Markdown body. The caller gets fresh copies.
func Chapters() []*samspil.GuideChapter {
	out := make([]*samspil.GuideChapter, len(chapters))
	for i, c := range chapters {
		cp := *c
		out[i] = &cp
	}
	return out
}

func mustParse() []*samspil.GuideChapter {
	cs, err := parseAll(files)
	if err != nil {
		panic("guidetext: " + err.Error())
	}
	return cs
}

// parseAll reads every chapter file of fsys, ordered by its number.
func parseAll(fsys fs.FS) ([]*samspil.GuideChapter, error) {
	names, err := fs.Glob(fsys, "chapters/*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*samspil.GuideChapter
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		c, err := parse(strings.TrimPrefix(name, "chapters/"), string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// parse turns one file into a chapter. The file name is NN-slug.md.
func parse(name, src string) (*samspil.GuideChapter, error) {
	base := strings.TrimSuffix(name, ".md")
	num, fileSlug, ok := strings.Cut(base, "-")
	pos, err := strconv.Atoi(num)
	if !ok || err != nil {
		return nil, fmt.Errorf("file name must be NN-slug.md")
	}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	rest, found := strings.CutPrefix(src, "---\n")
	if !found {
		return nil, fmt.Errorf("missing front matter")
	}
	head, body, found := strings.Cut(rest, "\n---\n")
	if !found {
		return nil, fmt.Errorf("unterminated front matter")
	}
	c := &samspil.GuideChapter{Position: pos, Version: 1, Body: strings.TrimSpace(body)}
	for _, line := range strings.Split(head, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("front matter line %q has no colon", line)
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "slug":
			c.Slug = v
		case "title":
			c.Title = v
		case "summary":
			c.Summary = v
		case "model":
			c.Model = samspil.CollaborationModel(v)
		default:
			return nil, fmt.Errorf("unknown front matter key %q", k)
		}
	}
	if c.Slug != fileSlug {
		return nil, fmt.Errorf("slug %q differs from the file name", c.Slug)
	}
	if c.Title == "" || c.Body == "" {
		return nil, fmt.Errorf("title and body are required")
	}
	if c.Model != "" && !c.Model.Valid() {
		return nil, fmt.Errorf("unknown model %q", c.Model)
	}
	return c, nil
}
