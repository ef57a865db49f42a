package web

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.dups) > 0 {
		t.Errorf("keys defined in two files: %v", c.dups)
	}
	da, en := c.keys("da"), c.keys("en")
	for _, k := range da {
		if !c.has("en", k) {
			t.Errorf("key %q is in Danish but not in English", k)
		}
	}
	for _, k := range en {
		if !c.has("da", k) {
			t.Errorf("key %q is in English but not in Danish", k)
		}
	}
	for _, lang := range languages {
		for _, k := range c.keys(lang) {
			if strings.TrimSpace(c.msgs[lang][k]) == "" {
				t.Errorf("%s: key %q is empty", lang, k)
			}
		}
	}
}

// domainKeys collects the translation keys the root package passes to
// Errorf, Validation.Add and in Error/FieldError literals.
func domainKeys(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`^[a-z_]+(\.[a-z_0-9]+)+$`)
	seen := map[string]bool{}
	add := func(e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err == nil && keyRE.MatchString(s) {
			seen[s] = true
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				switch name {
				case "Errorf":
					if len(n.Args) > 1 {
						add(n.Args[1])
					}
				case "Add":
					if len(n.Args) > 1 {
						add(n.Args[1])
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Key" {
					add(n.Value)
				}
			}
			return true
		})
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestDomainKeysAreTranslated(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	keys := domainKeys(t)
	if len(keys) < 10 {
		t.Fatalf("found only %d keys in the root package: %v", len(keys), keys)
	}
	for _, k := range keys {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("root package key %q missing in %s", k, lang)
			}
		}
	}
}

// TestStoreKeysAreTranslated keeps the page catalogues in step with the
// store's own list of error keys (sqlstore/locales, checked against the
// store's code by the store's tests), so no stored failure shows a raw key.
func TestStoreKeysAreTranslated(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range languages {
		b, err := os.ReadFile(filepath.Join("..", "sqlstore", "locales", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for k := range m {
			if !c.has(lang, k) {
				t.Errorf("store key %q missing in the %s page catalogues", k, lang)
			}
		}
	}
}

// TestTemplateKeysAreTranslated checks every literal key of my templates
// ({{.T "key"}}, {{$.T "key"}}) and the keys my Go code uses.
func TestTemplateKeysAreTranslated(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\.T "([a-z_.0-9]+)"|"(?:hint=)([a-z_.0-9]+)"|Input "[a-z_]+" "([a-z_.0-9]+)"`)
	goRE := regexp.MustCompile(`(?:s\.t\(r, |setFlash\(r, |AddError\("[a-z_]*", |Title: |Message: |Errorf\(samspil\.[A-Z]+, |v\.Add\("[a-z_]+", )"([a-z_]+\.[a-z_.0-9]+)"`)
	check := func(file string, keys [][]string) {
		for _, m := range keys {
			for _, k := range m[1:] {
				if k == "" {
					continue
				}
				for _, lang := range languages {
					if !c.has(lang, k) {
						t.Errorf("%s: key %q missing in %s", file, k, lang)
					}
				}
			}
		}
	}
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		base := filepath.Base(p)
		if strings.HasPrefix(base, "org_") || strings.HasPrefix(base, "admin_") {
			return nil // B2's pages are checked by B2's tests
		}
		b, _ := fs.ReadFile(templateFS, p)
		check(p, re.FindAllStringSubmatch(string(b), -1))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"account.go", "public.go", "profile.go", "render.go", "server.go", "form.go", "session.go"} {
		b, err := fs.ReadFile(osDir("."), f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, goRE.FindAllStringSubmatch(string(b), -1))
	}
	// Dynamic keys built in templates.
	for _, k := range []string{"kind.sov", "kind.kommune", "kind.virksomhed", "kind.andet", "kind.sov.plural", "kind.kommune.plural",
		"kind.virksomhed.plural", "kind.andet.plural", "role.admin", "role.member", "membership.active", "membership.pending",
		"rsv.social_purpose", "rsv.commercial_activity", "rsv.independence", "rsv.inclusive_governance", "rsv.social_profit"} {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("dynamic key %q missing in %s", k, lang)
			}
		}
	}
	for _, title := range titleOf {
		if !c.has("da", title) || !c.has("en", title) {
			t.Errorf("error title %q missing", title)
		}
	}
}

func TestTranslateArgs(t *testing.T) {
	c, err := loadCatalogFS(fstest.MapFS{
		"locales/da/a.json": {Data: []byte(`{"x.y": "Hej {{.Name}}", "x.z": "kun dansk"}`)},
		"locales/en/a.json": {Data: []byte(`{"x.y": "Hello {{.Name}}"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.text("en", "x.y", map[string]any{"Name": "Ida"}); got != "Hello Ida" {
		t.Errorf("got %q", got)
	}
	if got := c.text("en", "x.z", nil); got != "kun dansk" {
		t.Errorf("fallback to Danish: %q", got)
	}
	if got := c.text("da", "x.missing", nil); got != "x.missing" {
		t.Errorf("missing key: %q", got)
	}
	if got := c.text("da", "x.y", nil); got != "Hej " {
		t.Errorf("missing arg: %q", got)
	}
	if _, err := loadCatalogFS(fstest.MapFS{
		"locales/da/a.json": {Data: []byte(`{"x": "{{.Broken"}`)},
		"locales/en/a.json": {Data: []byte(`{}`)},
	}); err == nil {
		t.Error("a broken placeholder must fail at start")
	}
}

func TestMissingTemplateFailsAtStart(t *testing.T) {
	s := &Server{}
	full := fstest.MapFS{}
	for _, p := range requiredPages {
		full["templates/"+p+".html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}x{{end}}`)}
	}
	full["templates/layout.html"] = &fstest.MapFile{Data: []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)}
	if _, err := s.parsePagesFS(full); err != nil {
		t.Fatalf("complete set: %v", err)
	}
	delete(full, "templates/profile.html")
	if _, err := s.parsePagesFS(full); err == nil || !strings.Contains(err.Error(), "profile") {
		t.Errorf("missing page not reported: %v", err)
	}
	full["templates/profile.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}{{if}}{{end}}`)}
	if _, err := s.parsePagesFS(full); err == nil {
		t.Error("broken page not reported")
	}
}

func FuzzFieldID(f *testing.F) {
	for _, s := range []string{"email", "rsv_social_purpose", "row 3: cvr", "<script>", "æøå"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		id := FieldID(name)
		if !regexp.MustCompile(`^field-[A-Za-z0-9_-]*$`).MatchString(id) {
			t.Fatalf("FieldID(%q) = %q", name, id)
		}
	})
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "/konto",
		"/organisationer/4":    "/organisationer/4",
		"//evil.example/":      "/konto",
		"/\\evil.example":      "/konto",
		"https://evil.example": "/konto",
		"javascript:alert(1)":  "/konto",
		"/konto?x=1":           "/konto?x=1",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// osDir reads the package's own source files.
func osDir(dir string) fs.FS { return os.DirFS(dir) }
