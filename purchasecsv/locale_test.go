package purchasecsv

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// TestLocaleKeys: every key the package returns has a Danish and an
// English text.
func TestLocaleKeys(t *testing.T) {
	var used []string
	re := regexp.MustCompile(`"(purchase_import\.[a-z_.0-9-]+)"`)
	for _, f := range []string{"purchasecsv.go", "lines.go", "parse.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used = append(used, m[1])
		}
	}
	for _, f := range Fields {
		used = append(used, "purchase_import.field."+string(f))
	}
	for _, lang := range []string{"da", "en"} {
		b, err := os.ReadFile("../web/locales/" + lang + "/purchase_import.json")
		if err != nil {
			t.Fatal(err)
		}
		cat := map[string]string{}
		if err := json.Unmarshal(b, &cat); err != nil {
			t.Fatal(err)
		}
		for _, k := range used {
			if cat[k] == "" {
				t.Errorf("%s: no text for %s", lang, k)
			}
		}
	}
}
