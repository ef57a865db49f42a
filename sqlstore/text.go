package sqlstore

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Sorting and case-insensitive matching are done on columns computed here
// in Go, so SQLite (whose lower() and collation only know ASCII) and
// PostgreSQL (whose collation depends on the server's locale) agree.

// nameKey returns a byte-ordered sort key that puts names in Danish order
// well enough for a directory: case is ignored, accents are dropped,
// æ, ø, å (and ä, ö) sort after z in that order, and "aa" counts as "å"
// (Aabenraa next to Åbenrå, after Ærø), as in the Danish collation the
// forms use.
func nameKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	runes := []rune(norm.NFC.String(strings.ToLower(strings.TrimSpace(s))))
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if r == 'a' && i+1 < len(runes) && runes[i+1] == 'a' {
			r = 'å'
			i++
		}
		switch r {
		case 'æ', 'ä':
			b.WriteByte('{') // the three bytes after 'z'
		case 'ø', 'ö':
			b.WriteByte('|')
		case 'å':
			b.WriteByte('}')
		default:
			// Drop accents: é → e, ü → u.
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(d)
				}
			}
		}
	}
	return b.String()
}

// fold lower-cases text for case-insensitive substring search; Go's
// ToLower knows Æ, Ø and Å where SQLite's lower() does not.
func fold(s string) string {
	return strings.ToLower(norm.NFC.String(s))
}
