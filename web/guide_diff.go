package web

import (
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/samspil/samspil/markdown"
)

// diffContext is how many unchanged lines a comparison shows around each
// change; longer unchanged stretches are folded into one row.
const diffContext = 3

// diffRow is one row of a line comparison table. Op is "same", "added",
// "removed" or "skip" (Skipped unchanged lines folded away).
type diffRow struct {
	Op       string
	Old, New int // 1-based line numbers, 0 where the line is absent
	Text     string
	Skipped  int
}

// diffView is a whole comparison: its rows and the counts of changed lines.
type diffView struct {
	Rows           []diffRow
	Added, Removed int
}

// Changed reports whether the two texts differ at all.
func (d diffView) Changed() bool { return d.Added+d.Removed > 0 }

// newDiffView compares two Markdown sources line by line and folds long
// unchanged stretches, so a one-line change in a long chapter is easy to find.
func newDiffView(old, new string) diffView {
	lines := markdown.Diff(old, new)
	d := diffView{}
	d.Added, d.Removed = markdown.Changed(lines)
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if l.Op == markdown.Same {
			continue
		}
		for j := max(0, i-diffContext); j <= min(len(lines)-1, i+diffContext); j++ {
			keep[j] = true
		}
	}
	for i := 0; i < len(lines); {
		if !keep[i] {
			j := i
			for j < len(lines) && !keep[j] {
				j++
			}
			d.Rows = append(d.Rows, diffRow{Op: "skip", Skipped: j - i})
			i = j
			continue
		}
		l := lines[i]
		op := "same"
		switch l.Op {
		case markdown.Added:
			op = "added"
		case markdown.Removed:
			op = "removed"
		}
		d.Rows = append(d.Rows, diffRow{Op: op, Old: l.Old, New: l.New, Text: l.Text})
		i++
	}
	return d
}

// tocEntry is one heading of a chapter for its in-page table of contents.
type tocEntry struct {
	ID    string
	Text  string
	Level int // 2 or 3
}

var (
	headingRE = regexp.MustCompile(`(?s)<h([23]) id="([^"]+)">(.*?)</h[23]>`)
	tagRE     = regexp.MustCompile(`<[^>]*>`)
)

// chapterTOC lists the second- and third-level headings of rendered,
// sanitised chapter HTML with the ids the renderer gave them, so the table
// of contents always links to anchors that exist on the page.
func chapterTOC(body template.HTML) []tocEntry {
	var out []tocEntry
	for _, m := range headingRE.FindAllStringSubmatch(string(body), -1) {
		text := strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(m[3], "")))
		if text == "" {
			continue
		}
		level := 2
		if m[1] == "3" {
			level = 3
		}
		out = append(out, tocEntry{ID: html.UnescapeString(m[2]), Text: text, Level: level})
	}
	return out
}
