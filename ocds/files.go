package ocds

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed extension policy.md
var files embed.FS

// ExtensionFile returns a file of the project's own extension (paths as
// under ocds/extension: "extension.json", "release-schema.json",
// "README.md", "codelists/danishProcedure.csv") with its content type, so
// the API can serve the extension at the URL the packages list. The base
// URL is written into extension.json. ok is false for any other name.
func (c Config) ExtensionFile(name string) (body []byte, contentType string, ok bool) {
	if name == "" || strings.Contains(name, "..") || !fs.ValidPath(name) {
		return nil, "", false
	}
	b, err := files.ReadFile("extension/" + name)
	if err != nil {
		return nil, "", false
	}
	switch path.Ext(name) {
	case ".json":
		contentType = "application/json"
	case ".csv":
		contentType = "text/csv; charset=utf-8"
	case ".md":
		contentType = "text/plain; charset=utf-8"
	default:
		return nil, "", false
	}
	if name == "extension.json" {
		b = []byte(strings.ReplaceAll(string(b), "BASE_URL", c.BaseURL))
	}
	return b, contentType, true
}

// PublicationPolicy is the text served at PublicationPolicyPath (Markdown,
// Danish and English).
func PublicationPolicy() []byte {
	b, _ := files.ReadFile("policy.md")
	return b
}
