package e2e

import (
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored from npm with its licence; see
// testdata/axe/README.md.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// wcagTags are the axe rule tags for WCAG 2.0 and 2.1, levels A and AA:
// the level Danish public-sector websites must meet.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeViolation is the part of an axe-core result the report prints. The
// JSON names are axe's own (chromedp decodes case-sensitively).
type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target         []any  `json:"target"`
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

// axeCheck runs axe-core on the current page and returns its WCAG 2.1 A/AA
// violations. The harness must have been started with BypassCSP, because
// the page's Content-Security-Policy rightly forbids injected scripts.
func (h *harness) axeCheck() []axeViolation {
	h.t.Helper()
	loaded := run(h, "look for axe", chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if !loaded {
		run(h, "inject axe-core", chromedp.Evaluate[chromedp.Void](axeSource))
	}
	tags := `["` + strings.Join(wcagTags, `","`) + `"]`
	script := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary || ""}))
		})))`
	return run(h, "run axe-core", chromedp.Evaluate[[]axeViolation](script, chromedp.EvalAwaitPromise))
}

// formatViolations prints violations for a person who will fix them: the
// rule, its impact, a link to the explanation, and each offending element.
func formatViolations(page string, vs []axeViolation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d WCAG 2.1 A/AA violation(s)\n", page, len(vs))
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  [%s] %s — %s\n    %s\n", v.Impact, v.ID, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "    … and %d more element(s)\n", len(v.Nodes)-i)
				break
			}
			html := n.HTML
			if len(html) > 200 {
				html = html[:200] + "…"
			}
			fmt.Fprintf(&b, "    - element %v\n      %s\n", n.Target, html)
			for _, line := range strings.Split(strings.TrimSpace(n.FailureSummary), "\n") {
				fmt.Fprintf(&b, "      %s\n", strings.TrimSpace(line))
			}
		}
	}
	return b.String()
}

// TestAccessibility runs axe-core's WCAG 2.1 A/AA rules on the main pages,
// in Danish and in English, for a visitor and for a signed-in person, and
// on a form that shows errors.
func TestAccessibility(t *testing.T) {
	h := start(t, options{Demo: true, BypassCSP: true})

	// A profile to check: the first one in the directory.
	h.open("/organisationer?kind=sov")
	profile := h.attr(`.org-list .org-item h3 a`, "href")
	if profile == "" {
		h.fail("no profile link in the directory")
	}

	// Each page is a subtest, so one report lists every page's problems.
	// The harness reports through the subtest while it runs.
	outer := t
	check := func(name, path string, prepare func()) {
		t.Run(name, func(t *testing.T) {
			h.t = t
			defer func() { h.t = outer }()
			if prepare != nil {
				prepare()
			} else {
				h.open(path)
			}
			if vs := h.axeCheck(); len(vs) > 0 {
				t.Error(formatViolations(path, vs))
			}
		})
	}
	pages := []struct{ name, path string }{
		{"front", "/"},
		{"directory", "/organisationer"},
		{"directory-filtered", "/organisationer?kind=sov&region=1082"},
		{"profile", profile},
		{"signup", "/opret-konto"},
		{"login", "/log-ind"},
		{"forgot-password", "/glemt-adgangskode"},
		{"coordination", "/koordinering"},
		{"cpv-search", "/cpv?q=rengøring"},
	}
	for _, p := range pages {
		check(p.name, p.path, nil)
	}
	// Error summary and inline errors must be accessible too.
	check("signup-errors", "/opret-konto (sent empty)", func() {
		h.open("/opret-konto")
		h.submit(`form[action="/opret-konto"] button[type="submit"]`)
		if !h.exists(".error-summary") {
			h.fail("sending the empty sign-up form shows no error summary")
		}
	})
	// English.
	check("front-en", "/?lang=en", nil)
	check("directory-en", "/organisationer?lang=en", nil)
	check("profile-en", profile+"?lang=en", nil)

	// Signed in: the page to create an organisation.
	p := newPerson(t, 3)
	h.open("/?lang=da")
	h.signUp(p)
	h.logIn(p)
	check("create-organisation", "/organisationer/ny", nil)
	check("account", "/konto", nil)
	own := h.createOrganisation(newOrg{Name: "Tilgængelig Café", CVR: validCVR(31), Kind: "sov", Municipality: "0101"})
	check("edit-organisation", own+"/rediger", nil)
	check("members", own+"/medlemmer", nil)
	check("own-profile", own, nil)
}

// TestAccessibilityCheckerWorks proves the check can fail: an image
// without a text alternative and a field without a label, added to a real
// page, must be reported. Without it a broken injection would pass every page.
func TestAccessibilityCheckerWorks(t *testing.T) {
	h := start(t, options{BypassCSP: true})
	h.open("/")
	run(h, "break the page", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/nothing.png"><input type="text" name="unlabelled">')`))
	found := map[string]bool{}
	for _, v := range h.axeCheck() {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "label"} {
		if !found[id] {
			t.Errorf("axe-core did not report %q on a page that breaks it; found %v", id, found)
		}
	}
}

// focusState describes the focused element as a keyboard user sees it.
type focusState struct {
	Tag       string  `json:"tag"`
	Class     string  `json:"class"`
	ID        string  `json:"id"`
	Href      string  `json:"href"`
	Left      float64 `json:"left"`
	Top       float64 `json:"top"`
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	Outline   string  `json:"outline"`
	BoxShadow string  `json:"boxShadow"`
	Bg        string  `json:"bg"`
}

const focusScript = `(() => {
	const el = document.activeElement, r = el.getBoundingClientRect(), cs = getComputedStyle(el);
	return {tag: el.tagName.toLowerCase(), class: el.className || "", id: el.id || "", href: el.getAttribute("href") || "",
		left: r.left, top: r.top, width: r.width, height: r.height,
		outline: cs.outlineStyle + " " + cs.outlineWidth, boxShadow: cs.boxShadow, bg: cs.backgroundColor};
})()`

// TestKeyboardSkipLinkAndFocus: the first Tab lands on a visible skip
// link, Enter on it moves focus to the main content, and the next Tab
// shows a visible focus indicator.
func TestKeyboardSkipLinkAndFocus(t *testing.T) {
	h := start(t, options{})
	for _, path := range []string{"/", "/organisationer", "/opret-konto"} {
		h.open(path)
		h.do("press Tab", chromedp.KeyEvent("\t"))
		f := run(h, "read the focus", chromedp.Evaluate[focusState](focusScript))
		if f.Tag != "a" || !strings.Contains(f.Class, "skip-link") || f.Href != "#main" {
			h.fail("%s: the first Tab focuses <%s class=%q href=%q>, want the skip link to #main", path, f.Tag, f.Class, f.Href)
		}
		if f.Left < 0 || f.Top < 0 || f.Width < 10 || f.Height < 10 {
			h.fail("%s: the focused skip link is not visible on screen: %+v", path, f)
		}
		h.do("press Enter", chromedp.KeyEvent("\r"))
		h.do("press Tab", chromedp.KeyEvent("\t"))
		f = run(h, "read the focus", chromedp.Evaluate[focusState](focusScript))
		if f.Tag == "body" || strings.Contains(f.Class, "skip-link") {
			h.fail("%s: after the skip link, Tab does not move into the page (focus on <%s class=%q>)", path, f.Tag, f.Class)
		}
		inMain := run(h, "is the focus in main", chromedp.Evaluate[bool](`!!document.activeElement.closest("main")`))
		if !inMain {
			h.fail("%s: after the skip link, Tab focuses <%s id=%q> outside <main>", path, f.Tag, f.ID)
		}
		if strings.HasPrefix(f.Outline, "none") && (f.BoxShadow == "" || f.BoxShadow == "none") {
			h.fail("%s: the focused <%s> has no visible focus indicator (outline %q, box-shadow %q)", path, f.Tag, f.Outline, f.BoxShadow)
		}
	}
}
