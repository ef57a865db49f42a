package web

import "net/http"

// registerSearchRoutes adds the platform search, its suggestions, saved
// searches and the Atom feeds. GET /muligheder/feed.atom lives here, next
// to the other feed; the opportunity pages register the rest of
// /muligheder (the more specific pattern wins over /muligheder/{id}).
func (s *Server) registerSearchRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /soeg", s.handleSearch)
	mux.HandleFunc("GET /soeg/forslag", s.handleSuggest)
	mux.HandleFunc("GET /soeg/feed.atom", s.handleSearchFeed)
	mux.HandleFunc("GET /muligheder/feed.atom", s.handleOpportunityFeed)

	mux.HandleFunc("POST /soeg/gem", s.requireUser(s.handleSavedSearchCreate))
	mux.HandleFunc("GET /gemte-soegninger", s.requireUser(s.handleSavedSearches))
	mux.HandleFunc("POST /gemte-soegninger/{id}/digest", s.requireUser(s.handleSavedSearchDigest))
	mux.HandleFunc("POST /gemte-soegninger/{id}/navn", s.requireUser(s.handleSavedSearchRename))
	mux.HandleFunc("GET /gemte-soegninger/{id}/slet", s.requireUser(s.handleSavedSearchDeletePage))
	mux.HandleFunc("POST /gemte-soegninger/{id}/slet", s.requireUser(s.handleSavedSearchDelete))
}
