// Package markdown turns the Markdown that people write in guides, cases,
// questions and strategies into HTML that is safe to put on a page, and
// compares two versions of a text line by line.
//
// Rendering is goldmark (CommonMark with GitHub tables, strikethrough and
// autolinks) followed by bluemonday's user-content policy: raw HTML, script
// elements, event attributes and javascript: links never reach a page,
// whatever the author typed.
package markdown

import (
	"bytes"
	"crypto/sha256"
	"html/template"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// MaxInput bounds what Render accepts; longer text is cut, so a page never
// spends unbounded time on one field. The domain limits are far below it.
const MaxInput = 1 << 20

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	policy = newPolicy()
)

// newPolicy is bluemonday's policy for user content, with links marked
// nofollow and opened as ordinary links, heading ids kept for the table of
// contents, and task-list checkboxes (drawn as ☐/☑ by taskBoxes).
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowAttrs("id").Matching(bluemonday.Paragraph).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	// Task-list boxes only; taskBoxes turns them into text after sanitising.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").OnElements("input")
	return p
}

// Render returns src as sanitised HTML. Rendering a guide chapter costs a
// few milliseconds (mostly sanitising), and the same texts are shown again
// and again, so results of longer texts are kept in a small cache keyed by
// the text's hash.
func Render(src string) template.HTML {
	if len(src) > MaxInput {
		src = src[:MaxInput]
	}
	if len(src) < cacheMin {
		return render(src)
	}
	key := sha256.Sum256([]byte(src))
	if h, ok := cache.get(key); ok {
		return h
	}
	h := render(src)
	cache.put(key, h)
	return h
}

// render does the work of Render without the cache.
func render(src string) template.HTML {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on a failing writer; show the text escaped.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(taskBoxes.Replace(string(policy.SanitizeBytes(buf.Bytes())))) // #nosec G203 -- sanitised by bluemonday just above; only fixed markup is added
}

// taskBoxes draws the boxes of a checklist ("- [ ]", "- [x]") as the
// characters ☐ and ☑ instead of disabled form fields: a checkbox without
// a label is an accessibility error, and a checklist in a guide is text
// to read, not a form.
var taskBoxes = strings.NewReplacer(
	`<input disabled="" type="checkbox">`, `<span class="task-box">☐</span>`,
	`<input checked="" disabled="" type="checkbox">`, `<span class="task-box task-done">☑</span>`,
)

// Plain returns the text of src without Markdown syntax or HTML, for
// snippets, feeds and search: rendered, sanitised to no tags at all, with
// whitespace collapsed.
func Plain(src string) string {
	html := string(Render(src))
	text := bluemonday.StrictPolicy().Sanitize(strings.NewReplacer("</p>", "</p> ", "<br>", " ", "</li>", "</li> ", "</h2>", "</h2> ", "</h3>", "</h3> ").Replace(html))
	text = unescape(text)
	return strings.Join(strings.Fields(text), " ")
}

// unescape undoes the entity escaping of the strict policy, so Plain
// returns text, not HTML.
func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}

// Cache bounds: texts shorter than cacheMin render faster than they hash
// and look up; the cache is emptied when it holds more than cacheMax bytes
// of HTML, which keeps it simple and its memory bounded.
const (
	cacheMin = 1024
	cacheMax = 16 << 20
)

var cache = &renderCache{m: map[[32]byte]template.HTML{}}

// renderCache maps the SHA-256 of a source text to its HTML.
type renderCache struct {
	mu    sync.Mutex
	m     map[[32]byte]template.HTML
	bytes int
}

func (c *renderCache) get(k [32]byte) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[k]
	return h, ok
}

func (c *renderCache) put(k [32]byte, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+len(h) > cacheMax {
		clear(c.m)
		c.bytes = 0
	}
	if _, ok := c.m[k]; !ok {
		c.m[k] = h
		c.bytes += len(h)
	}
}
