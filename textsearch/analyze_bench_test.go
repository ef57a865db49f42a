package textsearch

import "testing"

// BenchmarkAnalyze measures indexing one typical organisation.
func BenchmarkAnalyze(b *testing.B) {
	a := NewAnalyzer()
	title := "Cykelværkstedet Vejle ApS"
	body := "Vi reparerer og sælger brugte cykler og servicerer cykelflåder for virksomheder og institutioner. Unge uden uddannelse lærer et håndværk hos os i Vejle Kommune, Region Syddanmark."
	for b.Loop() {
		a.Analyze(title, body)
	}
}
