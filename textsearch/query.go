package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQueryBytes bounds the input Parse looks at; the rest is ignored (the
// search layer refuses long queries before they get here).
const MaxQueryBytes = 4096

// minPrefix is the shortest stem or word used as a token prefix: shorter
// prefixes match too much to be useful and cost the index a lot.
const minPrefix = 4

// Term is one query word. A document matches the term when it has one of
// Tokens or a token starting with one of Prefixes.
type Term struct {
	Word     string   // the normalised word as typed
	Stem     string   // its stem: an exact match on it ranks highest
	Tokens   []string // exact tokens: the stem, then compound-head stems
	Prefixes []string // token prefixes: stem and word, when long enough
	Partial  bool     // the last word, still being typed (no separator after it); suggestions prefix-match Word
}

// Query is parsed search text: every term must match (AND).
type Query struct {
	Terms []Term
}

// Empty reports whether the query has no usable words (empty, only stop
// words or only punctuation): the search then browses.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// Parse turns free text into terms. It never fails: FTS syntax (quotes,
// *, NEAR, -, :, parentheses) is plain punctuation here and separates words,
// and input beyond MaxQueryBytes or MaxTerms words is ignored.
func Parse(q string) Query {
	if len(q) > MaxQueryBytes {
		cut := MaxQueryBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	partial := q != "" && endsInWordChar(q)
	words := Words(q)
	var out Query
	seen := map[string]bool{}
	for i, w := range words {
		last := i == len(words)-1
		if stopWords[w] {
			continue
		}
		t := Term{Word: w, Stem: Stem(w), Partial: last && partial}
		if seen[t.Stem] {
			continue
		}
		seen[t.Stem] = true
		t.Tokens = []string{t.Stem}
		for j, p := range compoundParts(w) {
			if j%2 == 0 { // heads only: the tail alone is too broad
				t.Tokens = appendNew(t.Tokens, Stem(p))
			}
		}
		if len(t.Tokens) > 1 {
			t.Tokens = t.Tokens[:2] // the stem and the first head
		}
		for _, p := range []string{t.Stem, w} {
			if utf8.RuneCountInString(p) >= minPrefix {
				t.Prefixes = appendNew(t.Prefixes, p)
			}
		}
		out.Terms = append(out.Terms, t)
		if len(out.Terms) == MaxTerms {
			break
		}
	}
	return out
}

func endsInWordChar(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// Words returns the normalised words of the query's terms, for
// highlighting.
func (q Query) Words() []string {
	out := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		out = append(out, t.Word)
	}
	return out
}

// Match says how well a document's tokens match a term: 0 not at all,
// 1 by prefix or compound part, 2 by exact stem.
func (t Term) Match(has func(token string) bool, hasPrefix func(prefix string) bool) int {
	if has(t.Stem) {
		return 2
	}
	for _, tok := range t.Tokens[1:] {
		if has(tok) {
			return 1
		}
	}
	for _, p := range t.Prefixes {
		if hasPrefix(p) {
			return 1
		}
	}
	return 0
}

// String is a readable form of the query for logs and tests.
func (q Query) String() string {
	parts := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		s := strings.Join(t.Tokens, "|")
		if len(t.Prefixes) > 0 {
			s += "|" + strings.Join(t.Prefixes, "*|") + "*"
		}
		parts = append(parts, "("+s+")")
	}
	return strings.Join(parts, " ")
}
