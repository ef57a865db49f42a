package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageSet holds one parsed template set per page: the layout and shared
// partials (files starting with "_" and layout.html) plus the page file.
type pageSet struct {
	pages map[string]*template.Template
}

// requiredPages must exist; New fails without them.
var requiredPages = []string{"home", "directory", "profile", "coordination", "error",
	"signup", "check_email", "login", "resend", "forgot", "reset", "message", "account", "token_created", "token_delete"}

// parsePages parses layout + partials once and clones them for each page.
func (s *Server) parsePages() (*pageSet, error) {
	return s.parsePagesFS(templateFS)
}

func (s *Server) parsePagesFS(fsys fs.FS) (*pageSet, error) {
	base := template.New("layout.html").Funcs(templateFuncs)
	partials, err := fs.Glob(fsys, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	base, err = base.ParseFS(fsys, append([]string{"templates/layout.html"}, partials...)...)
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pageSet{pages: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(fsys, f); err != nil {
			return nil, fmt.Errorf("web: page %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: page %s does not define the \"content\" block", name)
		}
		ps.pages[name] = t
	}
	for _, name := range requiredPages {
		if ps.pages[name] == nil {
			return nil, fmt.Errorf("web: page template %s.html is missing", name)
		}
	}
	return ps, nil
}

// templateFuncs are the few helpers that need no request.
var templateFuncs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i + 1
		}
		return s
	},
	"join": strings.Join,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m[k] = kv[i+1]
			}
		}
		return m
	},
	"fieldid":    FieldID,
	"excerpt":    excerpt,
	"paragraphs": paragraphs,
}

// Page is what every template receives as dot: common data for the layout
// and the page's own data in Data. Its methods translate and format in the
// request's language.
type Page struct {
	Lang      string
	Path      string // current path, for the language switch and active navigation
	Query     url.Values
	User      *samspil.User // nil when anonymous
	Principal *samspil.Principal
	Flash     string // translated one-time message
	Status    int
	Data      any
	Form      *Form // convenience: Data's form when Data is a *Form or has a Form field set by the handler
	Unread    int   // the signed-in person's unread notifications, shown next to the bell
	Now       time.Time

	s  *Server
	tr *Translator
}

// T translates a key; optional arguments come in name, value pairs:
// {{$.T "directory.count" "Count" .Total}}.
func (p *Page) T(key string, kv ...any) string {
	var args map[string]any
	if len(kv) > 1 {
		args = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				args[k] = kv[i+1]
			}
		}
	}
	return p.tr.T(key, args)
}

// Err translates an error for display.
func (p *Page) Err(err error) string { return p.tr.Err(err) }

// Static returns the content-hashed URL of an embedded asset.
func (p *Page) Static(name string) string { return p.s.assets.url(name) }

// LangURL is the current page in another language.
func (p *Page) LangURL(lang string) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Set("lang", lang)
	return p.Path + "?" + q.Encode()
}

// Other returns the other language: the one the switch link offers.
func (p *Page) Other() string {
	if p.Lang == "en" {
		return "da"
	}
	return "en"
}

var monthsDA = [...]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"}

// Date shows a time as a date in Danish time ("2. marts 2026" / "2 March 2026").
func (p *Page) Date(t any) string {
	tm, ok := toTime(t)
	if !ok {
		return ""
	}
	tm = tm.In(p.s.loc)
	if p.Lang == "en" {
		return tm.Format("2 January 2006")
	}
	return fmt.Sprintf("%d. %s %d", tm.Day(), monthsDA[tm.Month()-1], tm.Year())
}

// DateTime shows date and clock time in Danish time.
func (p *Page) DateTime(t any) string {
	tm, ok := toTime(t)
	if !ok {
		return ""
	}
	return p.Date(tm) + " " + tm.In(p.s.loc).Format("15:04")
}

// ISODate is the machine-readable date for <time datetime>.
func (p *Page) ISODate(t any) string {
	tm, ok := toTime(t)
	if !ok {
		return ""
	}
	return tm.In(p.s.loc).Format("2006-01-02")
}

func toTime(t any) (time.Time, bool) {
	switch v := t.(type) {
	case time.Time:
		return v, !v.IsZero()
	case *time.Time:
		if v == nil || v.IsZero() {
			return time.Time{}, false
		}
		return *v, true
	}
	return time.Time{}, false
}

// Number formats an integer with Danish or English thousands separators.
func (p *Page) Number(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	default:
		return fmt.Sprint(n)
	}
	sep := "."
	if p.Lang == "en" {
		sep = ","
	}
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// DKK formats an amount in øre as kroner ("1.250.000 kr." / "DKK 1,250,000").
func (p *Page) DKK(ore int64) string {
	kr := p.Number(ore / 100)
	if p.Lang == "en" {
		return "DKK " + kr
	}
	return kr + " kr."
}

// KindName is the translated name of an organisation kind.
func (p *Page) KindName(k samspil.OrgKind) string { return p.tr.T("kind."+string(k), nil) }

// TargetGroupName is the name of a target group in the page language; it
// falls back to the code.
func (p *Page) TargetGroupName(code string) string {
	for _, g := range samspil.DefaultTargetGroups {
		if g.Code == code {
			if p.Lang == "en" {
				return g.NameEN
			}
			return g.NameDA
		}
	}
	return code
}

// IsAdmin reports whether the viewer is a platform admin (navigation).
func (p *Page) IsAdmin() bool { return p.Principal.IsPlatformAdmin() }

// render executes page with data inside the shared layout and writes it with
// status. data is available as .Data; when it is a *Form or has a field
// "Form *Form", the page also gets .Form for the shared field templates.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t := s.pages.pages[page]
	if t == nil {
		s.logger.ErrorContext(r.Context(), "missing page template", slog.String("page", page))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p := s.newPage(r, status, data)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.logger.ErrorContext(r.Context(), "render", slog.String("page", page), slog.Any("err", err))
		if page != "error" {
			s.renderPlainError(w, r)
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", p.Lang)
	// The session middleware already adds "Vary: Cookie", which covers the language cookie.
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) renderPlainError(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusInternalServerError, "error", errorData{Title: "error.internal.title", Message: s.t(r, "error.internal", nil)})
}

// newPage collects the common data of the layout.
func (s *Server) newPage(r *http.Request, status int, data any) *Page {
	st := s.state(r)
	p := &Page{Lang: st.lang, Path: r.URL.Path, Query: r.URL.Query(), Status: status, Data: data, Now: s.now(), s: s,
		tr: s.i18n.translator(st.lang)}
	p.Query.Del("lang")
	if pr := s.principal(r); pr != nil {
		p.Principal, p.User = pr, pr.User
		p.Unread = s.unreadNotifications(r, pr.User.ID)
	}
	if key := s.popFlash(r); key != "" {
		p.Flash = p.tr.T(key, nil)
	}
	switch d := data.(type) {
	case *Form:
		p.Form = d
	case interface{ GetForm() *Form }:
		p.Form = d.GetForm()
	}
	if p.Form == nil {
		p.Form = EmptyForm(r)
	}
	return p
}

// FormData can be embedded in page data so the layout finds the form.
type FormData struct {
	Form *Form
}

// GetForm returns the embedded form.
func (d FormData) GetForm() *Form { return d.Form }

// errorData is what the error page shows.
type errorData struct {
	Title       string // translation key of the heading
	Message     string // translated message
	Status      int
	Action      string // optional link (e.g. resend confirmation)
	ActionLabel string
}

// statusOf is the single table from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	samspil.EINVALID:      http.StatusUnprocessableEntity,
	samspil.ENOTFOUND:     http.StatusNotFound,
	samspil.ECONFLICT:     http.StatusConflict,
	samspil.EUNAUTHORIZED: http.StatusUnauthorized,
	samspil.EFORBIDDEN:    http.StatusForbidden,
	samspil.ETOOMANY:      http.StatusTooManyRequests,
	samspil.EINTERNAL:     http.StatusInternalServerError,
}

// titleOf names the heading of the error page per status.
var titleOf = map[int]string{
	http.StatusBadRequest:            "error.bad_request.title",
	http.StatusUnauthorized:          "error.unauthorized.title",
	http.StatusForbidden:             "error.forbidden.title",
	http.StatusNotFound:              "error.not_found.title",
	http.StatusConflict:              "error.conflict.title",
	http.StatusRequestEntityTooLarge: "error.too_large.title",
	http.StatusUnprocessableEntity:   "error.invalid.title",
	http.StatusTooManyRequests:       "error.too_many.title",
	http.StatusInternalServerError:   "error.internal.title",
}

// HTTPStatus returns the HTTP status for err, using the one table.
func HTTPStatus(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	if errors.Is(err, errBadForm) {
		return http.StatusBadRequest
	}
	if st, ok := statusOf[samspil.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// fail answers a request with the page for err: the status from the one
// table, a translated message, internal errors logged with their detail and
// shown with a generic text. An anonymous GET that needs a sign-in is sent
// to the login page and back afterwards.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := HTTPStatus(err)
	if status == http.StatusUnauthorized && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/log-ind?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	var msg string
	switch status {
	case http.StatusInternalServerError:
		s.logger.ErrorContext(r.Context(), "internal error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
		msg = s.t(r, "error.internal", nil)
		if s.dev {
			msg += " (" + err.Error() + ")" // development only: the detail helps, and no stranger sees it
		}
	case http.StatusRequestEntityTooLarge:
		msg = s.t(r, "error.too_large", nil)
	case http.StatusBadRequest:
		msg = s.t(r, "error.bad_request", nil)
	default:
		msg = s.i18n.translator(s.lang(r)).Err(err)
	}
	d := errorData{Title: titleOf[status], Message: msg, Status: status}
	if d.Title == "" {
		d.Title = "error.internal.title"
	}
	if status == http.StatusUnauthorized {
		d.Action, d.ActionLabel = "/log-ind", s.t(r, "nav.login", nil)
	}
	s.render(w, r, status, "error", d)
}

// notFound answers with the 404 page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, samspil.Errorf(samspil.ENOTFOUND, "error.page_not_found", "page not found"))
}

// redirect sends the browser to path after a successful POST.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// excerpt cuts s to about n characters at a word boundary.
func excerpt(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := n
	for cut > n/2 && r[cut] != ' ' {
		cut--
	}
	return strings.TrimRight(string(r[:cut]), " ,.;:") + " …"
}

// paragraphs splits plain text at blank lines, for descriptions.
func paragraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
