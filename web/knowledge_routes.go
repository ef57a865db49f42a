package web

import "net/http"

// registerKnowledgeRoutes adds strategies, the national overview, follows and feeds (W3). (Stub: replaced by its owner.)
func (s *Server) registerKnowledgeRoutes(mux *http.ServeMux) {}
