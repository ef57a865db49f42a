package web

import "net/http"

// registerKnowledgeRoutes adds the municipalities' strategies, the
// national overview with its map, following and the knowledge platform's
// Atom feeds.
func (s *Server) registerKnowledgeRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /kommuner", s.handleNational)
	mux.HandleFunc("GET /kommuner/{kode}", s.handleMunicipality)
	mux.HandleFunc("GET /kommuner/{kode}/feed.atom", s.handleMunicipalityFeed)
	mux.HandleFunc("GET /kommuner/{kode}/strategi", s.requireUser(s.handleStrategyForm))
	mux.HandleFunc("POST /kommuner/{kode}/strategi", s.requireUser(s.handleStrategySave))
	mux.HandleFunc("GET /kommuner/{kode}/strategi/slet", s.requireUser(s.handleStrategyDeletePage))
	mux.HandleFunc("POST /kommuner/{kode}/strategi/slet", s.requireUser(s.handleStrategyDelete))
	mux.HandleFunc("POST /kommuner/{kode}/strategi/dokument", s.BodyLimit(strategyUploadLimit, s.requireUser(s.handleStrategyUpload)))
	mux.HandleFunc("GET /kommuner/{kode}/strategi/dokument/{fid}", s.handleStrategyDownload)
	mux.HandleFunc("POST /kommuner/{kode}/strategi/dokument/{fid}/slet", s.requireUser(s.handleStrategyDocDelete))

	mux.HandleFunc("POST /foelg", s.requireUser(s.handleFollow))
	mux.HandleFunc("POST /foelg/stop", s.requireUser(s.handleUnfollow))
	mux.HandleFunc("GET /foelger", s.requireUser(s.handleFollows))

	mux.HandleFunc("GET /feeds/cases.atom", s.handleCasesFeed)
	mux.HandleFunc("GET /feeds/guide.atom", s.handleGuideFeed)
	mux.HandleFunc("GET /feeds/questions.atom", s.handleQuestionsFeed)
	mux.HandleFunc("GET /feeds/strategies.atom", s.handleStrategiesFeed)
	mux.HandleFunc("GET /feeds/tag/{tag}", s.handleTagFeed)
}
