package textsearch

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Aabenraa Kommune", "åbenrå kommune"},
		{"ÆBLE-ØEN Å", "æble øen å"},
		{"Café Ökologi Ärø", "cafe økologi ærø"},
		{"it-systemer, \"NEAR\" (x*) -y:z", "it systemer near x y z"},
		{"e\u0301t", "et"}, // decomposed é
		{"CVR 12345678", "cvr 12345678"},
		{"", ""},
	} {
		if got := strings.Join(Words(tc.in), " "); got != tc.want {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStemsShared(t *testing.T) {
	for _, group := range [][]string{
		{"cykel", "cykler", "cyklen", "cyklerne"},
		{"vaskeri", "vaskerier"},
		{"kantine", "kantiner"},
		{"møbel", "møbler"},
		{"Aabenraa", "Åbenrå", "aabenraa"},
		{"vindue", "vinduer"},
	} {
		want := Stem(Words(group[0])[0])
		for _, w := range group[1:] {
			if got := Stem(Words(w)[0]); got != want {
				t.Errorf("Stem(%q) = %q, want %q like %q", w, got, want, group[0])
			}
		}
	}
}

func TestAnalyzeCompounds(t *testing.T) {
	toks := Analyze("Rengøringsservice Nord", "Vi udfører rengøringsopgaver og vinduespudsning.")
	for _, want := range []string{"t_rengøringsservic", "t_nord", "rengøring", "rengøringsopgav", "opgav", "nord"} {
		if !slices.Contains(toks, want) {
			t.Errorf("Analyze lacks %q: %v", want, toks)
		}
	}
	for _, not := range []string{"og", "vi"} {
		if slices.Contains(toks, not) {
			t.Errorf("stop word %q indexed", not)
		}
	}
	// unique
	seen := map[string]bool{}
	for _, tok := range toks {
		if seen[tok] {
			t.Errorf("token %q repeated", tok)
		}
		seen[tok] = true
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		last bool // last term partial
	}{
		{"", "", false},
		{"   ", "", false},
		{"og i til", "", false},
		{"cykler", "(cykl|cykl*|cykler*)", true},
		{"cykel ", "(cykl|cykl*|cykel*)", false},
		{"rengøringsopgaver", "(rengøringsopgav|rengøring|rengøringsopgav*|rengøringsopgaver*)", true},
		{"\"cykel\" NEAR(vask*) -snedker:", "(cykl|cykl*|cykel*) (near|near*) (vask|vask*) (snedk|snedk*|snedker*)", false},
		{"Aabenraa", "(åbenrå|åbenrå*)", true},
		{"job job jobs", "(job)", false},
	} {
		q := Parse(tc.in)
		if got := q.String(); got != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.in, got, tc.want)
		}
		if len(q.Terms) > 0 && q.Terms[len(q.Terms)-1].Partial != tc.last {
			t.Errorf("Parse(%q): last partial = %v", tc.in, !tc.last)
		}
	}
}

func TestParseLimits(t *testing.T) {
	long := strings.Repeat("æble ", 2000)
	q := Parse(long)
	if len(q.Terms) > 2 { // æble, and the word cut at the limit
		t.Fatalf("repeated word: %d terms", len(q.Terms))
	}
	var b strings.Builder
	for i := 0; i < 100; i++ {
		b.WriteString("ord")
		b.WriteByte(byte('a' + i%26))
		b.WriteByte(byte('a' + i/26))
		b.WriteByte(' ')
	}
	if n := len(Parse(b.String()).Terms); n != MaxTerms {
		t.Fatalf("terms = %d, want %d", n, MaxTerms)
	}
	if n := len(Parse(strings.Repeat("ø", 3000)).Terms); n != 1 {
		t.Fatalf("cut inside a rune: %d terms", n)
	}
}

func TestFacetToken(t *testing.T) {
	for _, tc := range []struct {
		f        byte
		in, want string
	}{
		{'m', "0101", "m_0101"},
		{'k', "mentor_tilbud", "k_mentor_tilbud"},
		{'s', "Q", "s_q"},
		{'g', "x y\"*", "g_x_y__"},
	} {
		if got := FacetToken(tc.f, tc.in); got != tc.want {
			t.Errorf("FacetToken(%c, %q) = %q, want %q", tc.f, tc.in, got, tc.want)
		}
	}
}

// tokenOK is the contract with the stores: tokens are non-empty and made
// only of lower-case letters and digits (plus "_" in prefixed tokens), so
// they pass FTS5 and tsquery quoting unchanged.
func tokenOK(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r == '"' || r == '\'' || r == '*' || r == ' ' || r == ':' || r == '\\' {
			return false
		}
	}
	return utf8.ValidString(s)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"cykler", "\"x\" NEAR(y) -z:*", "Aabenraa", strings.Repeat("a", 2100), "\xff\xfe", "og", "é\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if len(q.Terms) > MaxTerms {
			t.Fatalf("%d terms", len(q.Terms))
		}
		for _, term := range q.Terms {
			if len(term.Tokens) == 0 || term.Tokens[0] != term.Stem {
				t.Fatalf("term %+v", term)
			}
			for _, tok := range append(append([]string{}, term.Tokens...), term.Prefixes...) {
				if !tokenOK(tok) || strings.Contains(tok, "_") {
					t.Fatalf("bad token %q from %q", tok, s)
				}
			}
		}
	})
}

// referenceAnalyze is Analyze written plainly from Words, Stem and
// compoundParts: the fast Analyzer must give the same tokens.
func referenceAnalyze(title, body string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	toks := func(text string) []string {
		var r []string
		for _, w := range Words(text) {
			if stopWords[w] {
				continue
			}
			r = append(r, Stem(w))
			for _, p := range compoundParts(w) {
				r = append(r, Stem(p))
			}
		}
		return r
	}
	tt := toks(title)
	for _, t := range tt {
		add(TitlePrefix + t)
	}
	for _, t := range tt {
		add(t)
	}
	for _, t := range toks(body) {
		add(t)
	}
	return out
}

var shared = NewAnalyzer()

func FuzzAnalyze(f *testing.F) {
	f.Add("Rengøringsservice", "Vi gør rent i Aabenraa.")
	f.Add("", "\x00\xff")
	f.Add("Cafe\u0301 e\u0301", "\u0301x \u0301")
	f.Fuzz(func(t *testing.T, title, body string) {
		toks := Analyze(title, body)
		if ref := referenceAnalyze(title, body); !slices.Equal(toks, ref) {
			t.Fatalf("Analyze = %q, reference %q", toks, ref)
		}
		if again := shared.Analyze(title, body); !slices.Equal(toks, again) {
			t.Fatalf("a reused Analyzer gives %q, a fresh one %q", again, toks)
		}
		seen := map[string]bool{}
		for _, tok := range toks {
			if !tokenOK(tok) || seen[tok] {
				t.Fatalf("bad or repeated token %q", tok)
			}
			if strings.Contains(strings.TrimPrefix(tok, TitlePrefix), "_") {
				t.Fatalf("token %q has a facet separator", tok)
			}
			if utf8.RuneCountInString(tok) > MaxWordLen+len(TitlePrefix) {
				t.Fatalf("token %q too long", tok)
			}
			seen[tok] = true
		}
	})
}
