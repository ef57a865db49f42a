package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/text/language"
)

// The API keeps its own small catalogues (locales/da.json, locales/en.json)
// instead of borrowing the web package's, so the two packages do not depend
// on each other. They hold the problem titles, the API's own messages and
// every validation key of the domain package; locales_test.go checks that.
//
//go:embed locales/*.json
var localeFiles embed.FS

// Languages the API answers in; the first is the default.
var languages = []string{"da", "en"}

var catalogues = loadCatalogues()

func loadCatalogues() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range languages {
		b, err := localeFiles.ReadFile("locales/" + lang + ".json")
		if err != nil {
			panic("api: missing catalogue " + lang + ": " + err.Error())
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic("api: bad catalogue " + lang + ": " + err.Error())
		}
		out[lang] = m
	}
	return out
}

var langMatcher = language.NewMatcher([]language.Tag{language.Danish, language.English})

// requestLang picks "da" or "en": ?lang= wins, then Accept-Language, then
// Danish.
func requestLang(r *http.Request) string {
	switch q := strings.ToLower(r.URL.Query().Get("lang")); q {
	case "da", "en":
		return q
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, i, conf := langMatcher.Match(tags...)
			if conf != language.No {
				return languages[i]
			}
		}
	}
	return languages[0]
}

// hasKey reports whether the Danish catalogue (the reference) has key.
func hasKey(key string) bool {
	_, ok := catalogues["da"][key]
	return ok
}

// translate returns the text for key in lang with {{.Name}} placeholders
// filled from args; fallback is used when the key is unknown.
func translate(lang, key string, args map[string]any, fallback string) string {
	text, ok := catalogues[lang][key]
	if !ok {
		if fallback != "" {
			return fallback
		}
		text, ok = catalogues[lang]["error."+"internal"]
		if !ok {
			return key
		}
	}
	if !strings.Contains(text, "{{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(text[i:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(text[:i])
		name := strings.TrimPrefix(strings.TrimSpace(text[i+2:i+j]), ".")
		if v, ok := args[name]; ok {
			fmt.Fprint(&b, v)
		}
		text = text[i+j+2:]
	}
	b.WriteString(text)
	return b.String()
}
