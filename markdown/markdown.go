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
	"html/template"
	"strings"

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
// contents, and task-list checkboxes shown (disabled).
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowAttrs("id").Matching(bluemonday.Paragraph).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("type").Matching(bluemonday.SpaceSeparatedTokens).OnElements("input")
	p.AllowAttrs("checked", "disabled").OnElements("input")
	return p
}

// Render returns src as sanitised HTML.
func Render(src string) template.HTML {
	if len(src) > MaxInput {
		src = src[:MaxInput]
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on a failing writer; show the text escaped.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes())) // #nosec G203 -- sanitised by bluemonday just above
}

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
