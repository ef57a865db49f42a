package web

import "net/http"

// registerQuestionRoutes adds the questions municipal staff ask each
// other: the list with filters and a tag cloud, the tag pages, asking,
// answering, accepting and voting. Municipality-only questions exist only
// for municipal staff and the secretariat: everyone else gets 404, never
// 403, so not even their existence shows.
func (s *Server) registerQuestionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /spoergsmaal", s.handleQuestionList)
	mux.HandleFunc("GET /spoergsmaal/emne/{tag}", s.handleQuestionTag)
	mux.HandleFunc("GET /spoergsmaal/ny", s.requireUser(s.handleQuestionNewPage))
	mux.HandleFunc("POST /spoergsmaal/ny", s.requireUser(s.handleQuestionCreate))
	mux.HandleFunc("GET /spoergsmaal/{id}", s.handleQuestionView)
	mux.HandleFunc("POST /spoergsmaal/{id}/svar", s.requireUser(s.handleAnswerCreate))
	mux.HandleFunc("POST /spoergsmaal/{id}/accepter", s.requireUser(s.handleAnswerAccept))
	mux.HandleFunc("POST /spoergsmaal/{id}/stem", s.requireUser(s.handleAnswerVote))
}
