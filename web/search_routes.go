package web

import "net/http"

// registerSearchRoutes adds the platform search, its suggestions, saved
// searches and the Atom feeds.
func (s *Server) registerSearchRoutes(mux *http.ServeMux) {}
