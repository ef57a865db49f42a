package sqlstore

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// FuzzCanonicalFollowKey feeds follow keys as they come from forms and
// URLs: normalising never panics, is stable, and a case or question key
// that parses is a plain decimal number.
func FuzzCanonicalFollowKey(f *testing.F) {
	for _, s := range []string{"12", " 007 ", "-3", "Social Klausul", "#indkøb", "0101", "afknopning", "", "9223372036854775808", "a\x00b", "æ ø å"} {
		f.Add(s)
	}
	kinds := []samspil.FollowKind{samspil.FollowCase, samspil.FollowQuestion, samspil.FollowTag, samspil.FollowMunicipality, samspil.FollowGuide}
	f.Fuzz(func(t *testing.T, key string) {
		for _, k := range kinds {
			got := canonicalFollowKey(k, key)
			if again := canonicalFollowKey(k, got); again != got {
				t.Fatalf("%s %q: %q then %q", k, key, got, again)
			}
			if k == samspil.FollowTag && utf8.ValidString(key) {
				if tag, err := samspil.NormaliseTag(key); err == nil && got != tag {
					t.Fatalf("tag %q = %q, want %q", key, got, tag)
				}
			}
			if (k == samspil.FollowCase || k == samspil.FollowQuestion) && got != strings.TrimSpace(key) && strings.TrimLeft(got, "-0123456789") != "" {
				t.Fatalf("%s %q became %q", k, key, got)
			}
		}
		if link := followLink(samspil.FollowTag, key); !strings.HasPrefix(link, "/spoergsmaal/emne/") || strings.ContainsAny(link[len("/spoergsmaal/emne/"):], "/?#") {
			t.Fatalf("tag link %q", link)
		}
	})
}
