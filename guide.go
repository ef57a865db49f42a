package samspil

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Guide limits.
const (
	MaxGuideBody = 200000 // runes of Markdown in one chapter
	MaxGuideNote = 500
)

// GuideChapter is one chapter of the guide to the collaboration models, in
// its current version. The national secretariat edits it in Markdown;
// every saved change is kept as a GuideVersion.
type GuideChapter struct {
	ID            int64              `json:"id"`
	Slug          string             `json:"slug"` // stable URL part, e.g. "reserveret-kontrakt"
	Title         string             `json:"title"`
	Summary       string             `json:"summary"`         // plain text, one or two sentences for lists
	Model         CollaborationModel `json:"model,omitempty"` // "" for chapters not about one model (an introduction)
	Position      int                `json:"position"`        // order in the table of contents
	Version       int                `json:"version"`         // 1 for the seeded text, +1 per saved change
	Body          string             `json:"body"`            // Markdown of the current version
	UpdatedAt     time.Time          `json:"updated_at"`
	UpdatedBy     *int64             `json:"-"`               // nil for the seeded text
	UpdatedByName string             `json:"updated_by_name"` // "" for the seeded text
}

// GuideVersion is one saved state of a chapter. Versions are never changed
// or deleted, so any two can be compared.
type GuideVersion struct {
	ChapterID  int64     `json:"chapter_id"`
	Slug       string    `json:"slug"` // filled on read
	Version    int       `json:"version"`
	Title      string    `json:"title"`
	Summary    string    `json:"summary"`
	Body       string    `json:"body,omitempty"` // empty in lists
	Note       string    `json:"note"`           // the editor's change note
	AuthorID   *int64    `json:"-"`
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

// GuideEdit is a change to a chapter. BaseVersion is the version the
// editor started from: if someone saved in between, the store refuses the
// edit (ECONFLICT) and the editor's text is shown again next to the newer
// one, so nothing is lost.
type GuideEdit struct {
	Title       string
	Summary     string
	Body        string
	Note        string
	BaseVersion int
}

// Validate trims and bounds an edit.
func (e *GuideEdit) Validate() error {
	var v Validation
	e.Title = strings.TrimSpace(e.Title)
	switch n := utf8.RuneCountInString(e.Title); {
	case n == 0:
		v.Add("title", "guide.title.required", "the title is required", nil)
	case n > MaxNameLen:
		v.Add("title", "guide.title.too_long", "the title is too long", map[string]any{"Max": MaxNameLen})
	}
	e.Summary = strings.TrimSpace(e.Summary)
	if utf8.RuneCountInString(e.Summary) > MaxCaseSummary {
		v.Add("summary", "field.too_long", "the text is too long", map[string]any{"Max": MaxCaseSummary})
	}
	e.Body = strings.TrimSpace(strings.ReplaceAll(e.Body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(e.Body); {
	case n == 0:
		v.Add("body", "guide.body.required", "the chapter cannot be empty", nil)
	case n > MaxGuideBody:
		v.Add("body", "field.too_long", "the text is too long", map[string]any{"Max": MaxGuideBody})
	}
	e.Note = strings.TrimSpace(e.Note)
	if utf8.RuneCountInString(e.Note) > MaxGuideNote {
		v.Add("note", "field.too_long", "the text is too long", map[string]any{"Max": MaxGuideNote})
	}
	refuseCPR(&v, map[string]string{"title": e.Title, "summary": e.Summary, "body": e.Body, "note": e.Note})
	if e.BaseVersion < 1 {
		v.Add("base_version", "guide.version.missing", "the version you edited is missing; open the chapter again", nil)
	}
	return v.Err()
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a lower-case ASCII slug with hyphens.
func ValidSlug(s string) bool { return len(s) <= 80 && slugRE.MatchString(s) }

// GuideService keeps the guide and its history.
type GuideService interface {
	// FindGuideChapters returns every chapter in table-of-contents order,
	// with bodies.
	FindGuideChapters(ctx context.Context) ([]*GuideChapter, error)
	// FindGuideChapter returns the current version, or ENOTFOUND.
	FindGuideChapter(ctx context.Context, slug string) (*GuideChapter, error)
	// FindGuideVersions lists the versions of one chapter (chapterID > 0) or
	// of all chapters (0), newest first, without bodies, and the total.
	FindGuideVersions(ctx context.Context, chapterID int64, offset, limit int) ([]*GuideVersion, int, error)
	// FindGuideVersion returns one version with its body, or ENOTFOUND.
	FindGuideVersion(ctx context.Context, chapterID int64, version int) (*GuideVersion, error)
	// UpdateGuideChapter saves e as the next version by the acting user
	// (samspil.WithActor), re-indexes the chapter and notifies its
	// followers. EINVALID, ENOTFOUND, ECONFLICT (key guide.conflict) when
	// e.BaseVersion is not the current version. Saving an unchanged text
	// is EINVALID (key guide.unchanged).
	UpdateGuideChapter(ctx context.Context, slug string, e GuideEdit) (*GuideChapter, error)
}
