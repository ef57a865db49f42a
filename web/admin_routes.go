package web

import "net/http"

// registerAdminRoutes mounts the platform-admin pages under /admin.
func (s *Server) registerAdminRoutes(mux *http.ServeMux) {}
