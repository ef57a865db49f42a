package web

import "net/http"

// registerSpendRoutes adds a municipality's spend pages: the dashboard,
// the import with its column mapping and preview, the import history and
// the CSV export. STUB: the spend web helper replaces this file.
func (s *Server) registerSpendRoutes(mux *http.ServeMux) {}
