package web

import "net/http"

// registerGuideRoutes adds the guide (W2). (Stub: replaced by its owner.)
func (s *Server) registerGuideRoutes(mux *http.ServeMux) {}
