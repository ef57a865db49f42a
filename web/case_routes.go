package web

import "net/http"

// registerCaseRoutes adds the case library (W1). (Stub: replaced by its owner.)
func (s *Server) registerCaseRoutes(mux *http.ServeMux) {}
