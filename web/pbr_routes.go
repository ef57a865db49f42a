package web

import "net/http"

// registerPbrRoutes adds the pages of outcome contracts (payment by
// result). W1 owns this file; the claim, statement and dashboard pages
// register themselves from their own files so each helper edits one.
func (s *Server) registerPbrRoutes(mux *http.ServeMux) {
	s.registerPbrClaimRoutes(mux)
	s.registerPbrDashboardRoutes(mux)
}
