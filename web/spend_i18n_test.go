package web

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/samspil/samspil/purchasecsv"
)

// TestSpendKeysAreTranslated checks the keys the spend pages' Go code
// uses, literally and built from the parser's fields and formats, in both
// languages. (The templates' keys are checked by
// TestTemplateKeysAreTranslated.)
func TestSpendKeysAreTranslated(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	files, _ := filepath.Glob("spend*.go")
	re := regexp.MustCompile(`"(spend\.[a-z_.0-9]+[a-z0-9_])"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for _, fd := range purchasecsv.Fields {
		keys["spend.field."+string(fd)] = true
		keys["spend.field."+string(fd)+".hint"] = true
	}
	for name := range delimiterRunes {
		keys["spend.delimiter."+name] = true
	}
	for _, e := range spendEncodings {
		keys["spend.encoding."+string(e)] = true
	}
	for _, d := range spendDecimals {
		keys["spend.decimal."+string(d)] = true
	}
	if len(keys) < 30 {
		t.Fatalf("found only %d keys", len(keys))
	}
	for k := range keys {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("key %q missing in %s", k, lang)
			}
		}
	}
}
