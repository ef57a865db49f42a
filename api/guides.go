package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
)

// The guide to the collaboration models, in its current versions. The
// history stays on the web pages (/vejledning/{slug}/versioner).

// GuideChapterSummaryJSON is a chapter in the table of contents. model is
// "" for chapters not about one model (an introduction).
type GuideChapterSummaryJSON struct {
	Slug      string    `json:"slug"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary"`
	Model     string    `json:"model"`
	Position  int       `json:"position"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
	Href      string    `json:"href"`
	WebURL    string    `json:"web_url"`
}

// GuideChapterJSON is the current version of one chapter: the Markdown as
// the secretariat wrote it and the same text rendered to safe HTML.
type GuideChapterJSON struct {
	GuideChapterSummaryJSON
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

func (s *server) guideSummaryJSON(g *samspil.GuideChapter) GuideChapterSummaryJSON {
	return GuideChapterSummaryJSON{
		Slug: g.Slug, Title: g.Title, Summary: g.Summary, Model: string(g.Model), Position: g.Position,
		Version: g.Version, UpdatedAt: g.UpdatedAt.UTC(),
		Href: "/api/v1/guides/" + g.Slug, WebURL: s.baseURL + "/vejledning/" + g.Slug,
	}
}

func (s *server) handleListGuides(w http.ResponseWriter, r *http.Request) error {
	chapters, err := s.store.FindGuideChapters(r.Context())
	if err != nil {
		return err
	}
	out := ListJSON[GuideChapterSummaryJSON]{Items: make([]GuideChapterSummaryJSON, 0, len(chapters)), Total: len(chapters)}
	for _, g := range chapters {
		out.Items = append(out.Items, s.guideSummaryJSON(g))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

func (s *server) handleGetGuide(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	notFound := &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.guide.not_found", args: map[string]any{"Slug": slug}}
	if !samspil.ValidSlug(slug) {
		return notFound
	}
	g, err := s.store.FindGuideChapter(r.Context(), slug)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return notFound
	} else if err != nil {
		return err
	}
	out := GuideChapterJSON{GuideChapterSummaryJSON: s.guideSummaryJSON(g), Markdown: g.Body,
		HTML: strings.TrimSpace(string(markdown.Render(g.Body)))}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}
