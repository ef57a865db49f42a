package web

import "net/http"

// registerSpendRoutes adds a municipality's spend pages: the public
// dashboard and CSV export, and for the municipality's members and
// platform admins the import (upload → mapping → preview → import), the
// import history and undo.
func (s *Server) registerSpendRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /kommuner/{kode}/indkoeb", s.handleSpend)
	mux.HandleFunc("GET /kommuner/{kode}/indkoeb.csv", s.handleSpendExport)
	mux.HandleFunc("GET /kommuner/{kode}/indkoeb/import", s.requireUser(s.handleSpendImportPage))
	mux.HandleFunc("POST /kommuner/{kode}/indkoeb/import", s.BodyLimit(spendUploadLimit(), s.requireUser(s.handleSpendUpload)))
	mux.HandleFunc("GET /kommuner/{kode}/indkoeb/import/{token}", s.requireUser(s.handleSpendMapping))
	mux.HandleFunc("POST /kommuner/{kode}/indkoeb/import/{token}/kontrol", s.requireUser(s.handleSpendCheck))
	mux.HandleFunc("POST /kommuner/{kode}/indkoeb/import/{token}/gem", s.requireUser(s.handleSpendCommit))
	mux.HandleFunc("GET /kommuner/{kode}/indkoeb/importer", s.requireUser(s.handleSpendImports))
	mux.HandleFunc("GET /kommuner/{kode}/indkoeb/importer/{id}", s.requireUser(s.handleSpendImport))
	mux.HandleFunc("GET /kommuner/{kode}/indkoeb/importer/{id}/fortryd", s.requireUser(s.handleSpendUndoPage))
	mux.HandleFunc("POST /kommuner/{kode}/indkoeb/importer/{id}/fortryd", s.requireUser(s.handleSpendUndo))
}
