package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// TestOrgKeysAreTranslated checks that every key the organisation and admin
// pages use exists in Danish and English: literal keys in the org_* and
// admin_* templates and Go files, and the keys those pages build at run time.
func TestOrgKeysAreTranslated(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	has := func(where, k string) {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("%s: key %q missing in %s", where, k, lang)
			}
		}
	}
	tmplRE := regexp.MustCompile(`\.T "([a-z_.0-9]+)"|"hint=([a-z_.0-9]+)"|Input [^ ]+ "([a-z_.0-9]+)"`)
	// String literals that look like keys of the areas these files use.
	goRE := regexp.MustCompile(`"((?:org|orgform|orgjoin|orgmembers|orginvite|orgcoord|orgedit|orgnew|orgmunicipal|cpvsearch|admin|money|number|cpv|field|coordination|target_group|import|membership)\.[a-z_.]+[a-z])"`)
	mine := func(name string) bool {
		return strings.HasPrefix(name, "org_") || strings.HasPrefix(name, "admin_")
	}
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !mine(filepath.Base(p)) {
			return err
		}
		b, _ := fs.ReadFile(templateFS, p)
		for _, m := range tmplRE.FindAllStringSubmatch(string(b), -1) {
			for _, k := range m[1:] {
				if k != "" {
					has(p, k)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	n := 0
	for _, f := range files {
		if !mine(f) || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goRE.FindAllStringSubmatch(string(b), -1) {
			has(f, m[1])
			n++
		}
	}
	if n < 30 {
		t.Errorf("found only %d keys in the Go files; is the pattern broken?", n)
	}
	// Keys built at run time.
	for _, k := range samspil.RSVCriteriaKeys {
		has("org_edit.html", "orgedit.rsv."+k+".hint")
		has("org_edit.html", "rsv."+k)
	}
	for _, r := range memberRoles {
		has("org_members.go", "role."+string(r))
	}
	for _, k := range creatableKinds {
		has("org_create.go", "kind."+string(k))
	}
	// Keys of the errors the store can return to these pages.
	for _, k := range []string{"membership.exists", "membership.last_admin", "membership.not_found", "membership.role.invalid",
		"org.cvr.taken", "org.cvr.duplicate_in_batch", "org.target_group.unknown", "org.not_found", "coordination.name.required",
		"target_group.code.invalid", "target_group.code.taken", "target_group.name.required",
		"import.cvr.duplicate", "import.kind.unknown", "import.target_group.unknown", "import.too_large", "import.not_utf8"} {
		has("store errors", k)
	}
}
