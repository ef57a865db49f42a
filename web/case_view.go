package web

import (
	"net/http"
	"net/url"
	"strconv"

	samspil "github.com/samspil/samspil"
)

// caseViewData is a case's page: the story, its results and files, the
// owner's and the secretariat's actions, the upload form and the follow
// button.
type caseViewData struct {
	FormData  // the upload form, refilled with its error after a failed upload
	Case      *samspil.Case
	CanEdit   bool // the owner's actions and the upload form
	CanReview bool // publish and return (case in review)
	Following bool
	Draft     bool
	InReview  bool
	Published bool
	MaxFiles  int
	MaxMB     int64
	Accept    string // the file input's accept list
}

// handleCaseView shows a case to those who may see it.
func (s *Server) handleCaseView(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadCase(w, r, nil, true)
	if !ok {
		return
	}
	s.renderCaseView(w, r, http.StatusOK, c, EmptyForm(r))
}

// renderCaseView builds the page around f (the upload form).
func (s *Server) renderCaseView(w http.ResponseWriter, r *http.Request, status int, c *samspil.Case, f *Form) {
	p := s.principal(r)
	d := &caseViewData{FormData: FormData{Form: f}, Case: c, CanEdit: p != nil && p.CanEditCase(c),
		CanReview: p.IsEditor() && c.Status == samspil.CaseReview,
		Draft:     c.Status == samspil.CaseDraft, InReview: c.Status == samspil.CaseReview, Published: c.Status == samspil.CasePublished,
		MaxFiles: samspil.MaxAttachmentsPerOwner, MaxMB: samspil.MaxAttachmentSize >> 20,
		Accept: ".pdf,.docx,.xlsx," + samspil.ContentPDF + "," + samspil.ContentDOCX + "," + samspil.ContentXLSX,
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// After a failed upload the page stands in for the case's own
		// address (the language switch and the follow form return there).
		r = r.WithContext(r.Context())
		r.URL = &url.URL{Path: casePath(c.ID, "")}
	}
	if p != nil {
		d.Following = s.isFollowing(r, samspil.FollowCase, strconv.FormatInt(c.ID, 10))
	}
	s.render(w, r, status, "case_view", d)
}
