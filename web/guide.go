package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
)

// Guide page sizes.
const (
	guideVersionsPageSize = 25
	guideCasesLimit       = 10
	guideRecentChanges    = 5
)

// guideFeedURL is the Atom feed of guide changes (served by the feeds).
const guideFeedURL = "/feeds/guide.atom"

// guidePath is the page of a chapter; sub is appended ("/rediger").
func guidePath(slug, sub string) string { return "/vejledning/" + slug + sub }

// followButton is what the shared follow button (templates/_follow.html,
// Page.FollowButton) needs from a page: what it follows and whether the
// viewer already does.
type followButton struct {
	Kind      samspil.FollowKind
	Key       string
	Following bool
}

// newFollowButton asks whether the viewer follows kind/key.
func (s *Server) newFollowButton(r *http.Request, kind samspil.FollowKind, key string) followButton {
	return followButton{Kind: kind, Key: key, Following: s.isFollowing(r, kind, key)}
}

// guideTOCData is the table of contents.
type guideTOCData struct {
	FormData
	Chapters []*samspil.GuideChapter
	Recent   []*samspil.GuideVersion
	FeedURL  string
	IsEditor bool
}

// handleGuideTOC lists the chapters in order with their latest changes.
func (s *Server) handleGuideTOC(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	chapters, err := s.store.FindGuideChapters(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	recent, _, err := s.store.FindGuideVersions(ctx, 0, 0, guideRecentChanges)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guide_toc", &guideTOCData{FormData: FormData{Form: EmptyForm(r)}, Chapters: chapters,
		Recent: recent, FeedURL: guideFeedURL, IsEditor: s.principal(r).IsEditor()})
}

// loadChapter reads {slug} and loads the current chapter; it answers the
// request itself and returns ok=false when the handler must stop.
func (s *Server) loadChapter(w http.ResponseWriter, r *http.Request) (*samspil.GuideChapter, bool) {
	slug := r.PathValue("slug")
	if !samspil.ValidSlug(slug) {
		s.notFound(w, r)
		return nil, false
	}
	ch, err := s.store.FindGuideChapter(r.Context(), slug)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return ch, true
}

// guideChapterData is one chapter's page.
type guideChapterData struct {
	FormData
	Chapter    *samspil.GuideChapter
	Body       template.HTML
	TOC        []tocEntry
	Cases      []*samspil.Case
	CasesTotal int
	CasesURL   string
	CasesDown  bool // the case list failed; the chapter is still shown
	Follow     followButton
	IsEditor   bool
	FeedURL    string
}

// handleGuideChapter shows the current version of a chapter with its table
// of contents, the published cases of its model and the follow button.
func (s *Server) handleGuideChapter(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.loadChapter(w, r)
	if !ok {
		return
	}
	body := markdown.Render(ch.Body)
	d := &guideChapterData{FormData: FormData{Form: EmptyForm(r)}, Chapter: ch, Body: body, TOC: chapterTOC(body),
		Follow: s.newFollowButton(r, samspil.FollowGuide, ch.Slug), IsEditor: s.principal(r).IsEditor(), FeedURL: guideFeedURL}
	if ch.Model != "" {
		d.CasesURL = "/erfaringer?model=" + url.QueryEscape(string(ch.Model))
		cases, total, err := s.store.FindCases(r.Context(), samspil.CaseFilter{Model: ch.Model, Sort: "newest", Limit: guideCasesLimit})
		if err != nil {
			s.logger.ErrorContext(r.Context(), "cases of a guide chapter", "slug", ch.Slug, "err", err)
			d.CasesDown = true
		}
		d.Cases, d.CasesTotal = cases, total
	}
	s.render(w, r, http.StatusOK, "guide_chapter", d)
}

// guideEditData is the editor's form: the Markdown source, a preview when
// asked for, and, after a conflicting save, the newer version beside the
// editor's own text.
type guideEditData struct {
	FormData
	Chapter  *samspil.GuideChapter
	Preview  template.HTML
	Previewd bool
	Conflict *guideConflict
}

// guideConflict is what the editor sees when someone saved in between.
type guideConflict struct {
	Current *samspil.GuideChapter
	Diff    diffView
}

// handleGuideEditPage shows the form filled from the current version.
func (s *Server) handleGuideEditPage(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.loadChapter(w, r)
	if !ok {
		return
	}
	f := EmptyForm(r)
	f.Set("title", ch.Title)
	f.Set("summary", ch.Summary)
	f.Set("body", ch.Body)
	f.Set("base_version", strconv.Itoa(ch.Version))
	s.render(w, r, http.StatusOK, "guide_edit", &guideEditData{FormData: FormData{Form: f}, Chapter: ch})
}

// handleGuideEdit previews (action=preview) or saves a chapter. A save on
// top of an older version than the current one is refused by the store;
// the form then comes back with the editor's text untouched, the newer
// version's text, the comparison between them and base_version moved to
// the newer version, so a second save after reading it goes through.
func (s *Server) handleGuideEdit(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	ch, ok := s.loadChapter(w, r)
	if !ok {
		return
	}
	d := &guideEditData{FormData: FormData{Form: f}, Chapter: ch}
	base, err := strconv.Atoi(f.Get("base_version"))
	if err != nil {
		base = 0
	}
	if f.Get("action") == "preview" {
		d.Preview, d.Previewd = markdown.Render(f.Raw("body")), true
		s.render(w, r, http.StatusOK, "guide_edit", d)
		return
	}
	edit := samspil.GuideEdit{Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Raw("body"), Note: f.Get("note"), BaseVersion: base}
	updated, err := s.store.UpdateGuideChapter(r.Context(), ch.Slug, edit)
	if err != nil {
		if samspil.ErrorCode(err) == samspil.ECONFLICT {
			if cur, err := s.store.FindGuideChapter(r.Context(), ch.Slug); err == nil {
				ch, d.Chapter = cur, cur
			}
			d.Conflict = &guideConflict{Current: ch, Diff: newDiffView(ch.Body, f.Raw("body"))}
			f.Set("base_version", strconv.Itoa(ch.Version))
			f.AddError("", "guide.edit.conflict", map[string]any{"Version": ch.Version, "Name": ch.UpdatedByName})
			s.render(w, r, http.StatusConflict, "guide_edit", d)
			return
		}
		if f.SetErrors(err) {
			if msg, ok := f.Fields["base_version"]; ok { // a hidden field: say it above the form
				delete(f.Fields, "base_version")
				f.order = slices.DeleteFunc(f.order, func(n string) bool { return n == "base_version" })
				f.Global = append(f.Global, msg)
			}
			s.render(w, r, HTTPStatus(err), "guide_edit", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "guide.edit.saved")
	s.redirect(w, r, guidePath(updated.Slug, ""))
}

// guideVersionsData is a chapter's history.
type guideVersionsData struct {
	FormData
	Chapter  *samspil.GuideChapter
	Versions []*samspil.GuideVersion
	Pager    adminPager
}

// handleGuideVersions lists a chapter's versions, newest first, a page at
// a time, with links to read and compare them.
func (s *Server) handleGuideVersions(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.loadChapter(w, r)
	if !ok {
		return
	}
	page := adminPageParam(r)
	items, total, err := s.store.FindGuideVersions(r.Context(), ch.ID, (page-1)*guideVersionsPageSize, guideVersionsPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := EmptyForm(r)
	f.Set("fra", strconv.Itoa(max(1, ch.Version-1)))
	f.Set("til", strconv.Itoa(ch.Version))
	s.render(w, r, http.StatusOK, "guide_versions", &guideVersionsData{FormData: FormData{Form: f}, Chapter: ch, Versions: items,
		Pager: newAdminPager(r, page, total, guideVersionsPageSize)})
}

// guideVersionData is one old version, rendered.
type guideVersionData struct {
	FormData
	Chapter *samspil.GuideChapter
	Version *samspil.GuideVersion
	Body    template.HTML
}

// handleGuideVersion shows one saved version of a chapter.
func (s *Server) handleGuideVersion(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.loadChapter(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		s.notFound(w, r)
		return
	}
	v, err := s.findGuideVersion(r, ch, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guide_version", &guideVersionData{FormData: FormData{Form: EmptyForm(r)}, Chapter: ch, Version: v,
		Body: markdown.Render(v.Body)})
}

// findGuideVersion loads version n of ch; an unknown version is a 404 that
// names the version and how many there are.
func (s *Server) findGuideVersion(r *http.Request, ch *samspil.GuideChapter, n int) (*samspil.GuideVersion, error) {
	if n > ch.Version {
		return nil, guideUnknownVersion(ch, n)
	}
	v, err := s.store.FindGuideVersion(r.Context(), ch.ID, n)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return nil, guideUnknownVersion(ch, n)
	}
	return v, err
}

func guideUnknownVersion(ch *samspil.GuideChapter, n int) error {
	return &samspil.Error{Code: samspil.ENOTFOUND, Key: "guide.version.unknown", Message: "the chapter has no such version",
		Args: map[string]any{"Version": n, "Latest": ch.Version}}
}

// guideCompareData compares two versions of a chapter.
type guideCompareData struct {
	FormData
	Chapter  *samspil.GuideChapter
	From, To *samspil.GuideVersion
	Diff     diffView
}

// handleGuideCompare shows the line differences between ?fra= and ?til=.
// Missing or malformed numbers are a 400 with a message saying what to
// give; a version the chapter does not have is a 404.
func (s *Server) handleGuideCompare(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.loadChapter(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	from, err1 := strconv.Atoi(q.Get("fra"))
	to, err2 := strconv.Atoi(q.Get("til"))
	if err1 != nil || err2 != nil || from < 1 || to < 1 {
		s.failStatus(w, r, http.StatusBadRequest, s.t(r, "guide.compare.bad", map[string]any{"Latest": ch.Version}))
		return
	}
	vf, err := s.findGuideVersion(r, ch, from)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vt, err := s.findGuideVersion(r, ch, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := EmptyForm(r)
	f.Set("fra", strconv.Itoa(from))
	f.Set("til", strconv.Itoa(to))
	s.render(w, r, http.StatusOK, "guide_compare", &guideCompareData{FormData: FormData{Form: f}, Chapter: ch, From: vf, To: vt,
		Diff: newDiffView(vf.Body, vt.Body)})
}

// failStatus shows the error page with a status the domain codes do not
// give (400 for a malformed query) and a translated message.
func (s *Server) failStatus(w http.ResponseWriter, r *http.Request, status int, msg string) {
	title := titleOf[status]
	if title == "" {
		title = "error.internal.title"
	}
	s.render(w, r, status, "error", errorData{Title: title, Message: msg, Status: status})
}
