package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// chapter builds a guide-sized Markdown text (about n sections of
// headings, paragraphs, lists, a table and links) deterministically.
func chapter(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "## Afsnit %d\n\nEn kommune kan reservere kontrakten efter [udbudsloven](https://www.retsinformation.dk/eli/lta/2015/1564) § 20, når mindst 30 %% af de ansatte er handicappede eller udsatte. **Husk** at skrive det i bekendtgørelsen.\n\n", i)
		b.WriteString("- [ ] Afklar markedet\n- [ ] Tal med de socialøkonomiske virksomheder\n- [x] Skriv kravspecifikationen\n\n")
		b.WriteString("| Trin | Ansvar | Frist |\n|---|---|---|\n| Markedsdialog | Indkøb | 1. marts |\n| Udbud | Jura | 1. april |\n\n")
	}
	return b.String()
}

// BenchmarkRender is one guide chapter of about 16 KB rendered and
// sanitised, the work of an uncached chapter page.
func BenchmarkRender(b *testing.B) {
	src := chapter(30)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		render(src)
	}
}

// BenchmarkRenderCached is the same chapter shown again: a hash and a
// map lookup.
func BenchmarkRenderCached(b *testing.B) {
	src := chapter(30)
	Render(src)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Render(src)
	}
}

// BenchmarkDiff compares two versions of that chapter that differ in
// every third section, the work of the version comparison page.
func BenchmarkDiff(b *testing.B) {
	old := chapter(30)
	lines := strings.Split(old, "\n")
	for i := 0; i < len(lines); i += 21 {
		lines[i] += " (ændret)"
	}
	new := strings.Join(lines, "\n")
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}
