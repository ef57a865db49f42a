package orgcsv_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestLocaleKeys checks that every import.* key the parser emits has a
// Danish and an English text, and that both catalogues name the same keys.
func TestLocaleKeys(t *testing.T) {
	src, err := os.ReadFile("orgcsv.go")
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`"(import\.[a-z0-9_.]+)"`).FindAllStringSubmatch(string(src), -1)
	cats := map[string]map[string]string{}
	for _, lang := range []string{"da", "en"} {
		b, err := os.ReadFile(filepath.Join("..", "web", "locales", lang, "import.json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		cats[lang] = m
	}
	for _, u := range used {
		for lang, m := range cats {
			if m[u[1]] == "" {
				t.Errorf("%s/import.json lacks %s", lang, u[1])
			}
		}
	}
	for k := range cats["da"] {
		if _, ok := cats["en"][k]; !ok {
			t.Errorf("en/import.json lacks %s", k)
		}
	}
	for k := range cats["en"] {
		if _, ok := cats["da"][k]; !ok {
			t.Errorf("da/import.json lacks %s", k)
		}
	}
}
