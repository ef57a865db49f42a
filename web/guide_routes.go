package web

import "net/http"

// registerGuideRoutes adds the guide to the collaboration models: the
// table of contents, chapters, the editors' Markdown form with preview and
// conflict handling, the history and comparisons, and the platform admins'
// switch that makes a user an editor.
//
// The pages under one chapter share one GET pattern with a page segment
// (rediger, versioner, sammenlign) instead of three patterns, so a literal
// route such as /vejledning/id/{id} (the search hit's redirect) can sit
// next to them without the ServeMux calling the patterns ambiguous.
func (s *Server) registerGuideRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /vejledning", s.handleGuideTOC)
	mux.HandleFunc("GET /vejledning/{slug}", s.handleGuideChapter)
	mux.HandleFunc("GET /vejledning/{slug}/{page}", s.handleGuideSubPage)
	mux.HandleFunc("GET /vejledning/{slug}/versioner/{n}", s.handleGuideVersion)
	mux.HandleFunc("POST /vejledning/{slug}/rediger", s.requireEditor(s.handleGuideEdit))
	s.registerAdminEditorRoutes(mux)
}

// handleGuideSubPage sends /vejledning/{slug}/{page} to its page.
func (s *Server) handleGuideSubPage(w http.ResponseWriter, r *http.Request) {
	switch r.PathValue("page") {
	case "rediger":
		s.requireEditor(s.handleGuideEditPage)(w, r)
	case "versioner":
		s.handleGuideVersions(w, r)
	case "sammenlign":
		s.handleGuideCompare(w, r)
	default:
		s.notFound(w, r)
	}
}

// requireEditor lets only the guide's editors (and platform admins) through:
// anonymous visitors are sent to sign in (401 on POST), others get 403.
func (s *Server) requireEditor(h http.HandlerFunc) http.HandlerFunc {
	return s.requireUser(func(w http.ResponseWriter, r *http.Request) {
		p := s.principal(r)
		if err := p.Require(p.IsEditor()); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	})
}
