package pbr

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestParseLocaleKeys: every key the engine and the parsers return has a
// Danish and an English text in the web and the API catalogues.
func TestParseLocaleKeys(t *testing.T) {
	re := regexp.MustCompile(`"((?:pbr|cpr|error)\.[a-z_.0-9]+)"`)
	used := map[string]bool{}
	for _, f := range []string{"engine.go", "engine_order.go", "parse.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys", len(used))
	}
	load := func(files ...string) map[string]string {
		cat := map[string]string{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &cat); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
		}
		return cat
	}
	for _, lang := range []string{"da", "en"} {
		var web []string
		for _, f := range []string{"errors", "pbr_domain", "pbr_engine"} {
			web = append(web, filepath.Join("../web/locales", lang, f+".json"))
		}
		catalogues := map[string]map[string]string{"web": load(web...), "api": load("../api/locales/" + lang + ".json")}
		for name, cat := range catalogues {
			for k := range used {
				if cat[k] == "" {
					t.Errorf("%s %s: no text for %s", name, lang, k)
				}
			}
		}
	}
}
