// Package textsearch is the one Danish text analysis behind the platform
// search. The same tokens are written to SQLite (FTS5) and PostgreSQL
// (tsvector), and queries are turned into the same terms for both, so the
// two databases find the same documents and rank them alike (ranking is
// done in Go over those tokens, not by the databases' own rank functions).
//
// Analysis of a text:
//
//  1. Words are maximal runs of letters and digits after Unicode NFC
//     normalisation; everything else separates words (so "it-systemer" is
//     two words and FTS syntax characters never reach the database).
//  2. Words are lower-cased (Go knows Æ, Ø and Å), "aa" becomes "å" (so
//     Aabenraa and Åbenrå are the same word), ä and ö become æ and ø, and
//     other accents are dropped (café → cafe).
//  3. Each word is reduced by the Danish Snowball stemmer, plus one rule of
//     our own: a stem ending in consonant + "el" loses the e, so "cykel",
//     "cykler" and "cyklen" all become "cykl" (likewise regel/regler,
//     møbel/møbler).
//  4. Compounds: a word of at least nine letters is also split at every
//     linking "s" after a head of at least five letters and every linking
//     "e" after a head of at least four ending in a consonant, where the
//     tail keeps at least four letters; the stems of head and tail are
//     indexed too.
//     "rengøringsopgaver" is indexed as "rengøringsopgav", "rengøring" and
//     "opgav", so a search for "rengøring" finds it. Spurious splits only
//     add harmless tokens.
//  5. Tokens of a document are unique; title words are indexed a second
//     time with the prefix "t_" so name matches can be found first.
//
// Queries (Parse) go through the same steps. Stop words are dropped. Each
// remaining word becomes a Term that matches a document containing its
// stem, the stem of a compound head (a search for "rengøringsopgaver"
// finds "rengøring") or, for stems of four letters or more, any token that
// starts with the stem or the word ("cykel" finds "cykelværksted"). The last
// word is marked Partial when the input does not end in a separator, which
// suggestions use for type-ahead.
//
// Facet tokens (see FacetToken) contain "_", which analysis never
// produces, so text can never match a facet by accident.
//
// Version must change whenever any of this changes: stores rebuild their
// index when the stored version differs.
package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"golang.org/x/text/unicode/norm"
)

// Version identifies the analysis. Bump it on every change to tokens, so
// indexes built with another version are rebuilt.
const Version = 2

// MaxWordLen bounds one word in runes; longer runs of letters are not words
// anyone searches for and are cut.
const MaxWordLen = 40

// MaxTerms bounds the words of one query that are used.
const MaxTerms = 12

// TitlePrefix marks tokens that come from a document's title.
const TitlePrefix = "t_"

// stopWords are Danish function words that say nothing about a document.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`og i at en et den det de der til er som på med af for
		ikke var men har om vi jeg du han hun sig sin sit sine fra over under da nu
		ud op ind hvor hvad hvis eller end også kan skal vil være været blev bliver
		dem deres os man mig dig hos mod efter denne dette disse alle noget nogle
		meget mere jo dog selv her`) {
		stopWords[w] = true
	}
}

// IsStopWord reports whether the normalised word w is ignored in queries
// and documents.
func IsStopWord(w string) bool { return stopWords[w] }

// Words splits text into normalised words (steps 1 and 2 above), stop
// words included.
func Words(text string) []string {
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, normaliseWord(cur))
			cur = cur[:0]
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		case unicode.Is(unicode.Mn, r) && len(cur) > 0:
			// a combining mark that NFC could not compose: dropped
		default:
			flush()
		}
	}
	flush()
	return out
}

// Fold normalises one word or phrase the way Words does, keeping
// separators as single spaces. The web page uses it to highlight query
// words in snippets.
func Fold(s string) string { return strings.Join(Words(s), " ") }

// normaliseWord lower-cases, folds accents and turns "aa" into "å".
func normaliseWord(rs []rune) string {
	var b strings.Builder
	b.Grow(len(rs) + 4)
	n := 0
	for i := 0; i < len(rs) && n < MaxWordLen; i++ {
		r := unicode.ToLower(rs[i])
		if r == 'a' && i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'a' {
			r = 'å'
			i++
		}
		switch r {
		case 'æ', 'ø', 'å':
		case 'ä':
			r = 'æ'
		case 'ö':
			r = 'ø'
		default:
			if r >= utf8.RuneSelf {
				r = stripAccent(r)
			}
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// stripAccent returns r without combining marks (é → e); letters without a
// decomposition are kept as they are.
func stripAccent(r rune) rune {
	d := norm.NFD.String(string(r))
	for _, x := range d {
		if !unicode.Is(unicode.Mn, x) {
			return x
		}
	}
	return r
}

// Stem returns the Danish stem of a normalised word.
func Stem(w string) string {
	if utf8.RuneCountInString(w) < 3 || !hasLetter(w) {
		return w
	}
	env := snowball.NewEnv(w)
	danish.Stem(env)
	s := env.Current()
	// consonant + "el" → consonant + "l": cykel/cykl, regel/regl.
	rs := []rune(s)
	if n := len(rs); n >= 4 && rs[n-1] == 'l' && rs[n-2] == 'e' && !isVowel(rs[n-3]) {
		s = string(rs[:n-2]) + "l"
	}
	return s
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func isVowel(r rune) bool { return strings.ContainsRune("aeiouyæøå", r) }

// compoundParts returns the head and tail words of the splits of w at
// linking letters (step 4), in order: at an "s" with a head of at least
// five letters, at an "e" with a head of at least four that ends in a
// consonant; the tail has at least four letters either way.
func compoundParts(w string) []string {
	rs := []rune(w)
	if len(rs) < 9 {
		return nil
	}
	var out []string
	for i := 4; i+4 < len(rs); i++ {
		switch {
		case rs[i] == 's' && i >= 5:
		case rs[i] == 'e' && !isVowel(rs[i-1]):
		default:
			continue
		}
		if !hasLetter(string(rs[:i])) {
			continue
		}
		out = append(out, string(rs[:i]), string(rs[i+1:]))
	}
	return out
}

// Analyze returns the unique index tokens of a document: the tokens of
// body, plus the title's tokens both plain and with TitlePrefix.
func Analyze(title, body string) []string { return NewAnalyzer().Analyze(title, body) }

// FacetToken is the index token for one facet value: a one-letter facet
// code, "_" and the value folded to lower-case letters, digits and "_".
// Analysis never yields "_", so text cannot collide with a facet.
func FacetToken(facet byte, value string) string {
	var b strings.Builder
	b.WriteByte(facet)
	b.WriteByte('_')
	for _, r := range strings.ToLower(value) {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Analyzer is Analyze with a memory of words, for indexing many documents
// (a rebuild): real text repeats its words, and normalising and stemming
// them is most of the cost. It is not safe for concurrent use.
type Analyzer struct {
	stems map[string]string
	parts map[string][]string // raw word as written → its tokens
	seen  map[string]bool
}

// maxCached bounds the words an Analyzer remembers.
const maxCached = 200_000

// NewAnalyzer returns an Analyzer with an empty memory.
func NewAnalyzer() *Analyzer {
	return &Analyzer{stems: map[string]string{}, parts: map[string][]string{}, seen: map[string]bool{}}
}

// Analyze is the package-level Analyze, faster on repeated words.
func (a *Analyzer) Analyze(title, body string) []string {
	clear(a.seen)
	out := make([]string, 0, 64)
	add := func(t string) {
		if !a.seen[t] {
			a.seen[t] = true
			out = append(out, t)
		}
	}
	var titleToks []string
	a.words(title, func(toks []string) { titleToks = append(titleToks, toks...) })
	for _, t := range titleToks {
		add(TitlePrefix + t)
	}
	for _, t := range titleToks {
		add(t)
	}
	a.words(body, func(toks []string) {
		for _, t := range toks {
			add(t)
		}
	})
	return out
}

// words calls fn with the tokens of each word of text (none for stop
// words). Words are looked up as written, so a known word costs one map
// lookup and no allocation.
func (a *Analyzer) words(text string, fn func([]string)) {
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		raw := text[start:end]
		start = -1
		toks, ok := a.parts[raw]
		if !ok {
			toks = a.tokensOf(raw)
			if len(a.parts) < maxCached {
				a.parts[raw] = toks
			}
		}
		if len(toks) > 0 {
			fn(toks)
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
}

// tokensOf normalises and stems one raw word (with its compound parts).
func (a *Analyzer) tokensOf(raw string) []string {
	var rs []rune
	for _, r := range raw {
		if !unicode.Is(unicode.Mn, r) {
			rs = append(rs, r)
		}
	}
	w := normaliseWord(rs)
	if stopWords[w] {
		return nil
	}
	toks := []string{a.stem(w)}
	for _, p := range compoundParts(w) {
		toks = append(toks, a.stem(p))
	}
	return toks
}

func (a *Analyzer) stem(w string) string {
	if s, ok := a.stems[w]; ok {
		return s
	}
	s := Stem(w)
	if len(a.stems) < maxCached {
		a.stems[w] = s
	}
	return s
}
