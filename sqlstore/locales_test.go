package sqlstore_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestErrorKeysHaveTexts checks that every translation key the store puts
// into an error has a Danish and an English text in sqlstore/locales (the
// source the web catalogues copy), apart from keys the domain package owns.
func TestErrorKeysHaveTexts(t *testing.T) {
	domain := map[string]bool{"cpr.refused": true, "email.invalid": true, "field.too_long": true, "error.validation": true, "org.municipality.unknown": true, "tender.cpv.required": true}
	texts := map[string]map[string]string{}
	for _, lang := range []string{"da", "en"} {
		b, err := os.ReadFile(filepath.Join("locales", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		texts[lang] = m
	}
	uses := regexp.MustCompile(`(?:Errorf\([a-zA-Z.]+, |notFound\(|invalid\("[a-z_]+", |conflict\("[a-z_]+", |Add\("[a-z_]+", |Key: )"([a-z_]+(?:\.[a-z_]+)+)"`)
	files, _ := filepath.Glob("*.go")
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range uses.FindAllStringSubmatch(string(b), -1) {
			n++
			key := m[1]
			if domain[key] {
				continue
			}
			for lang, tx := range texts {
				if tx[key] == "" {
					t.Errorf("%s: key %q has no %s text", f, key, lang)
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("found only %d keys; the pattern is broken", n)
	}
}
