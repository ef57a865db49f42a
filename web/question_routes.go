package web

import "net/http"

// registerQuestionRoutes adds questions between municipalities (W2). (Stub: replaced by its owner.)
func (s *Server) registerQuestionRoutes(mux *http.ServeMux) {}
