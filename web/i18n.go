package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"sync"
	"text/template"

	samspil "github.com/samspil/samspil"
)

//go:embed locales
var localeFS embed.FS

// catalog holds the merged translation catalogues of every language. Each
// area keeps its own file (core.json, errors.json, org.json, ...); they are
// merged at start and a key defined twice is an error.
type catalog struct {
	msgs map[string]map[string]string // lang -> key -> text
	mu   sync.RWMutex
	tmpl map[string]*template.Template // lang+"\x00"+key -> parsed text with {{.Arg}}
	// dups lists keys defined in two files. The first definition wins so
	// that the server still starts; a test insists the list is empty.
	dups []string
}

// loadCatalog reads all embedded catalogues.
func loadCatalog() (*catalog, error) {
	return loadCatalogFS(localeFS)
}

func loadCatalogFS(fsys fs.FS) (*catalog, error) {
	c := &catalog{msgs: map[string]map[string]string{}, tmpl: map[string]*template.Template{}}
	for _, lang := range languages {
		c.msgs[lang] = map[string]string{}
		files, err := fs.Glob(fsys, "locales/"+lang+"/*.json")
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("web: no translation catalogues for %q", lang)
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("web: %s: %w", f, err)
			}
			for k, v := range m {
				if _, dup := c.msgs[lang][k]; dup {
					c.dups = append(c.dups, lang+": "+k+" (again in "+f+")")
					continue
				}
				if strings.Contains(v, "{{") {
					if _, err := template.New(k).Option("missingkey=zero").Parse(v); err != nil {
						return nil, fmt.Errorf("web: %s: key %q: %w", f, k, err)
					}
				}
				c.msgs[lang][k] = v
			}
		}
	}
	return c, nil
}

// keys returns the sorted keys of one language (for tests).
func (c *catalog) keys(lang string) []string {
	out := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// has reports whether key exists in lang.
func (c *catalog) has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// text translates key into lang, filling {{.Arg}} placeholders from args.
// A missing key falls back to Danish, then to the key itself, so a gap
// shows up on the page instead of breaking it.
func (c *catalog) text(lang, key string, args map[string]any) string {
	v, ok := c.msgs[lang][key]
	if !ok {
		if v, ok = c.msgs["da"][key]; !ok {
			return key
		}
	}
	if !strings.Contains(v, "{{") {
		return v
	}
	id := lang + "\x00" + key
	c.mu.RLock()
	t := c.tmpl[id]
	c.mu.RUnlock()
	if t == nil {
		var err error
		if t, err = template.New(key).Option("missingkey=zero").Parse(v); err != nil {
			return v
		}
		c.mu.Lock()
		c.tmpl[id] = t
		c.mu.Unlock()
	}
	var b strings.Builder
	if err := t.Execute(&b, args); err != nil {
		return v
	}
	return strings.ReplaceAll(b.String(), "<no value>", "")
}

// Translator translates keys into one language. Handlers get it from the
// request (TranslatorFrom) so forms and helpers need no server reference.
type Translator struct {
	Lang string
	c    *catalog
}

// T translates key with optional arguments.
func (t *Translator) T(key string, args map[string]any) string {
	if t == nil || t.c == nil {
		return key
	}
	return t.c.text(t.Lang, key, args)
}

// Err translates a domain error: its key and arguments, or the generic
// internal-error text for anything that is not a *samspil.Error.
func (t *Translator) Err(err error) string {
	if e, ok := samspil.AsError(err); ok && e.Code != samspil.EINTERNAL {
		if t != nil && t.c != nil && !t.c.has("da", e.Key) {
			return e.Message
		}
		return t.T(e.Key, e.Args)
	}
	return t.T("error.internal", nil)
}

func (c *catalog) translator(lang string) *Translator { return &Translator{Lang: lang, c: c} }

type translatorKey struct{}

// TranslatorFrom returns the translator of the request's language.
func TranslatorFrom(r *http.Request) *Translator {
	if t, ok := r.Context().Value(translatorKey{}).(*Translator); ok {
		return t
	}
	return &Translator{Lang: "da"}
}

// t translates key into the request's language.
func (s *Server) t(r *http.Request, key string, args map[string]any) string {
	return s.i18n.text(s.lang(r), key, args)
}
