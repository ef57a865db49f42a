package web

import "net/http"

// Handlers still being written (W3); removed when they land.

const strategyUploadLimit = 21 << 20

func (s *Server) handleNational(w http.ResponseWriter, r *http.Request)           { s.notFound(w, r) }
func (s *Server) handleMunicipality(w http.ResponseWriter, r *http.Request)       { s.notFound(w, r) }
func (s *Server) handleMunicipalityFeed(w http.ResponseWriter, r *http.Request)   { s.notFound(w, r) }
func (s *Server) handleStrategyForm(w http.ResponseWriter, r *http.Request)       { s.notFound(w, r) }
func (s *Server) handleStrategySave(w http.ResponseWriter, r *http.Request)       { s.notFound(w, r) }
func (s *Server) handleStrategyDeletePage(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
func (s *Server) handleStrategyDelete(w http.ResponseWriter, r *http.Request)     { s.notFound(w, r) }
func (s *Server) handleStrategyUpload(w http.ResponseWriter, r *http.Request)     { s.notFound(w, r) }
func (s *Server) handleStrategyDownload(w http.ResponseWriter, r *http.Request)   { s.notFound(w, r) }
func (s *Server) handleStrategyDocDelete(w http.ResponseWriter, r *http.Request)  { s.notFound(w, r) }
func (s *Server) handleCasesFeed(w http.ResponseWriter, r *http.Request)          { s.notFound(w, r) }
func (s *Server) handleGuideFeed(w http.ResponseWriter, r *http.Request)          { s.notFound(w, r) }
func (s *Server) handleQuestionsFeed(w http.ResponseWriter, r *http.Request)      { s.notFound(w, r) }
func (s *Server) handleTagFeed(w http.ResponseWriter, r *http.Request)            { s.notFound(w, r) }
