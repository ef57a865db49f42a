package web

import "net/http"

// registerPbrDashboardRoutes adds the contract dashboard, the unit-price
// table and the national overview of outcome contracts (W3).
func (s *Server) registerPbrDashboardRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /resultatkontrakter/{id}/overblik", s.requireUser(s.handlePbrDashboard))
	mux.HandleFunc("GET /resultatkontrakter/tal", s.handlePbrNational)
	mux.HandleFunc("GET /admin/enhedspriser", s.requireUnitPriceEditor(s.handleUnitPrices))
	mux.HandleFunc("POST /admin/enhedspriser", s.requireUnitPriceEditor(s.handleUnitPriceCreate))
}
