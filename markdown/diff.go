package markdown

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says what happened to a line between two versions.
type Op int

// The line operations of a comparison.
const (
	Same Op = iota
	Added
	Removed
)

// Line is one line of a comparison. Old and New are 1-based line numbers
// in each version (0 where the line does not exist in that version).
type Line struct {
	Op       Op
	Text     string
	Old, New int
}

// Diff compares two texts line by line (the Markdown source, which is
// what an editor changed), so a page can show additions and removals.
func Diff(old, new string) []Line {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(normalise(old), normalise(new))
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out []Line
	o, n := 0, 0
	for _, d := range diffs {
		for _, text := range splitLines(d.Text) {
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				o++
				n++
				out = append(out, Line{Op: Same, Text: text, Old: o, New: n})
			case diffmatchpatch.DiffDelete:
				o++
				out = append(out, Line{Op: Removed, Text: text, Old: o})
			case diffmatchpatch.DiffInsert:
				n++
				out = append(out, Line{Op: Added, Text: text, New: n})
			}
		}
	}
	return out
}

// Changed counts the added and removed lines of a comparison.
func Changed(lines []Line) (added, removed int) {
	for _, l := range lines {
		switch l.Op {
		case Added:
			added++
		case Removed:
			removed++
		}
	}
	return added, removed
}

func normalise(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

// splitLines splits a diff chunk (whole lines, each ending in "\n") into
// its lines without the newline.
func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return []string{""}
	}
	return strings.Split(s, "\n")
}
