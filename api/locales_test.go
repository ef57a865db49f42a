package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// keyPattern is the shape of a translation key: area.thing[.problem].
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// keyFuncs are the calls whose string-literal arguments are translation
// keys: the domain's Errorf and Validation.Add, and the store's small
// helpers notFound, conflict and invalid.
var keyFuncs = []string{"Errorf", "Add", "notFound", "conflict", "invalid"}

// sourceKeys parses the non-test Go files of dir and returns every key
// passed to a key function or set as Key in a composite literal (Error,
// FieldError).
func sourceKeys(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		addLit := func(e ast.Expr) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && keyPattern.MatchString(s) {
				keys[s] = fset.Position(lit.Pos()).String()
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if slices.Contains(keyFuncs, fn) {
					for _, a := range n.Args {
						addLit(a)
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && (id.Name == "Key" || id.Name == "key") {
					addLit(n.Value)
				}
			}
			return true
		})
	}
	return keys
}

// notFromStore are key prefixes of sqlstore errors that only opening,
// migrating or backing up a database returns, never a Store method the
// API calls.
var notFromStore = []string{"db.", "backup."}

// TestCataloguesCoverSourceKeys proves that every error key the domain
// package and the store can put into an error has a Danish and an English
// text in the API's catalogues, and that the API's own keys exist too.
func TestCataloguesCoverSourceKeys(t *testing.T) {
	dirs := []string{"..", filepath.Join("..", "sqlstore"), "."}
	for _, dir := range dirs {
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("source folder %s: %v", dir, err)
		}
		keys := sourceKeys(t, dir)
		if dir == ".." && len(keys) < 20 {
			t.Fatalf("found only %d keys in the root package; is the parser looking in the right place?", len(keys))
		}
		for _, lang := range languages {
			for key, pos := range keys {
				if dir != ".." && slices.ContainsFunc(notFromStore, func(p string) bool { return strings.HasPrefix(key, p) }) {
					continue
				}
				if _, ok := catalogues[lang][key]; !ok {
					t.Errorf("%s: key %q (used at %s) is missing from locales/%s.json", dir, key, pos, lang)
				}
			}
		}
	}
}

// TestCataloguesHaveSameKeys keeps Danish and English in step, and checks
// that placeholders match between the languages.
func TestCataloguesHaveSameKeys(t *testing.T) {
	da, en := catalogues["da"], catalogues["en"]
	placeholder := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	names := func(s string) []string {
		var out []string
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for k, v := range da {
		w, ok := en[k]
		if !ok {
			t.Errorf("key %q is in da.json but not in en.json", k)
			continue
		}
		if !slices.Equal(names(v), names(w)) {
			t.Errorf("key %q: placeholders differ: da %v, en %v", k, names(v), names(w))
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(w) == "" {
			t.Errorf("key %q has an empty text", k)
		}
	}
	for k := range en {
		if _, ok := da[k]; !ok {
			t.Errorf("key %q is in en.json but not in da.json", k)
		}
	}
}

func TestTranslate(t *testing.T) {
	tests := []struct {
		lang, key string
		args      map[string]any
		fallback  string
		want      string
	}{
		{"da", "org.name.too_long", map[string]any{"Max": 200}, "", "Navnet er for langt (højst 200 tegn)."},
		{"en", "org.name.too_long", map[string]any{"Max": 200}, "", "The name is too long (at most 200 characters)."},
		{"en", "no.such.key", nil, "fallback text", "fallback text"},
		{"da", "org.name.too_long", nil, "", "Navnet er for langt (højst  tegn)."},
	}
	for _, tt := range tests {
		if got := translate(tt.lang, tt.key, tt.args, tt.fallback); got != tt.want {
			t.Errorf("translate(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}
