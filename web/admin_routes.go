package web

import "net/http"

// registerAdminRoutes mounts the platform-admin pages under /admin. Every
// route is wrapped in requireAdmin, which refuses anonymous visitors (401
// or the login page) and everybody who is not a platform admin (403).
func (s *Server) registerAdminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin", s.requireAdmin(s.handleAdminOverview))
	mux.HandleFunc("GET /admin/medlemskaber", s.requireAdmin(s.handleAdminQueue))
	mux.HandleFunc("POST /admin/medlemskaber/{mid}/godkend", s.requireAdmin(s.handleAdminQueueApprove))
	mux.HandleFunc("POST /admin/medlemskaber/{mid}/afvis", s.requireAdmin(s.handleAdminQueueDecline))
	mux.HandleFunc("GET /admin/rsv", s.requireAdmin(s.handleAdminRSV))
	mux.HandleFunc("POST /admin/organisationer/{id}/rsv", s.requireAdmin(s.handleAdminRSVSet))
	mux.HandleFunc("GET /admin/brugere", s.requireAdmin(s.handleAdminUsers))
	mux.HandleFunc("GET /admin/maalgrupper", s.requireAdmin(s.handleAdminTargetGroups))
	mux.HandleFunc("POST /admin/maalgrupper", s.requireAdmin(s.handleAdminTargetGroupCreate))
	mux.HandleFunc("GET /admin/import", s.requireAdmin(s.handleAdminImportPage))
	mux.HandleFunc("POST /admin/import", s.BodyLimit(importBodyLimit, s.requireAdmin(s.handleAdminImportPreview)))
	mux.HandleFunc("POST /admin/import/gem", s.BodyLimit(importBodyLimit, s.requireAdmin(s.handleAdminImportCommit)))
}
