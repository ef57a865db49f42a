package web

import "net/http"

// registerTenderRoutes adds the buyer's side of tenders: list, form,
// publish, amend, cancel, award, history, responses and the recommender.
// STUB: the tender web helper replaces this file.
func (s *Server) registerTenderRoutes(mux *http.ServeMux) {}
