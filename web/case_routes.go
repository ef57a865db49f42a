package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
)

// registerCaseRoutes adds the case library: the public list, the form,
// the case page with its review actions, the editors' queue and the
// attachments. Every handler that writes checks the rights itself before
// it reads the form; drafts and cases in review are missing pages for
// everyone but their organisation and the secretariat.
func (s *Server) registerCaseRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /erfaringer", s.handleCaseList)
	mux.HandleFunc("GET /erfaringer/ny", s.requireUser(s.handleCaseNewPage))
	mux.HandleFunc("POST /erfaringer", s.requireUser(s.handleCaseCreate))
	mux.HandleFunc("GET /erfaringer/review", s.requireUser(s.handleCaseReviewQueue))
	mux.HandleFunc("GET /erfaringer/{id}", s.handleCaseView)
	mux.HandleFunc("GET /erfaringer/{id}/rediger", s.requireUser(s.handleCaseEditPage))
	mux.HandleFunc("POST /erfaringer/{id}/rediger", s.requireUser(s.handleCaseEdit))

	for _, a := range caseActions {
		mux.HandleFunc("GET /erfaringer/{id}/"+a.Path, s.requireUser(s.handleCaseActionPage(a)))
	}
	// The POST routes are spelled out so the rights test finds each one.
	mux.HandleFunc("POST /erfaringer/{id}/indsend", s.requireUser(s.handleCaseAction(caseActionByPath("indsend"))))
	mux.HandleFunc("POST /erfaringer/{id}/traek-tilbage", s.requireUser(s.handleCaseAction(caseActionByPath("traek-tilbage"))))
	mux.HandleFunc("POST /erfaringer/{id}/slet", s.requireUser(s.handleCaseAction(caseActionByPath("slet"))))
	mux.HandleFunc("POST /erfaringer/{id}/udgiv", s.requireUser(s.handleCaseAction(caseActionByPath("udgiv"))))
	mux.HandleFunc("POST /erfaringer/{id}/returner", s.requireUser(s.handleCaseAction(caseActionByPath("returner"))))

	mux.HandleFunc("POST /erfaringer/{id}/filer", s.BodyLimit(caseUploadLimit, s.requireUser(s.handleCaseUpload)))
	mux.HandleFunc("GET /erfaringer/{id}/filer/{fid}", s.handleCaseDownload)
	mux.HandleFunc("GET /erfaringer/{id}/filer/{fid}/slet", s.requireUser(s.handleCaseFileDeletePage))
	mux.HandleFunc("POST /erfaringer/{id}/filer/{fid}/slet", s.requireUser(s.handleCaseFileDelete))

	// Search hits name a guide chapter by its number; this turns it into
	// the chapter's address. (Not /vejledning/id/{id}: that pattern would
	// clash in the ServeMux with the guide's /vejledning/{slug}/versioner.)
	mux.HandleFunc("GET /soeg/vejledning/{id}", s.handleGuideByID)
}

func init() {
	// Template helpers of the case pages; they need no request.
	templateFuncs["caseRow"] = caseRowField
	templateFuncs["caseNum"] = formatResultValue
	templateFuncs["caseMarkdown"] = func(src string) template.HTML { return markdown.Render(src) }
	templateFuncs["caseFileSize"] = formatFileSize
	templateFuncs["caseFileType"] = fileTypeName
}

// casePath is the page of a case; sub is appended ("/rediger").
func casePath(id int64, sub string) string {
	return "/erfaringer/" + strconv.FormatInt(id, 10) + sub
}

// guideIDPath is where a search hit for a guide chapter links to.
func guideIDPath(id int64) string { return "/soeg/vejledning/" + strconv.FormatInt(id, 10) }

// caseRule is a rights rule on one case.
type caseRule func(p *samspil.Principal, c *samspil.Case) bool

// canEditCase: the case's organisation's members and platform admins.
func canEditCase(p *samspil.Principal, c *samspil.Case) bool { return p.CanEditCase(c) }

// canReviewCase: the secretariat (editors and platform admins).
func canReviewCase(p *samspil.Principal, _ *samspil.Case) bool { return p.IsEditor() }

// loadCase resolves {id} and loads the case. With hide, a case the viewer
// may not see is a missing page (pages that show something); without it,
// only the rule decides (actions, which answer 401/403 like every other
// write). It answers the request itself and returns ok=false when the
// handler must stop.
func (s *Server) loadCase(w http.ResponseWriter, r *http.Request, rule caseRule, hide bool) (*samspil.Case, *samspil.Principal, bool) {
	return loadByID(s, w, r, s.store.FindCaseByID, (*samspil.Principal).CanViewCase, rule, hide)
}

// handleGuideByID sends a guide chapter's number on to its page.
func (s *Server) handleGuideByID(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	chapters, err := s.store.FindGuideChapters(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, g := range chapters {
		if g.ID == id {
			http.Redirect(w, r, "/vejledning/"+url.PathEscape(g.Slug), http.StatusSeeOther)
			return
		}
	}
	s.notFound(w, r)
}
