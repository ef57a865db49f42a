package web

import "net/http"

// registerPbrClaimRoutes adds the claim and statement pages (W2).
func (s *Server) registerPbrClaimRoutes(mux *http.ServeMux) {}
