package web

import "net/http"

// registerOrgRoutes mounts the organisation management pages (create, join,
// members, profile edit, coordination unit, invitations, CPV picker).
func (s *Server) registerOrgRoutes(mux *http.ServeMux) {}
