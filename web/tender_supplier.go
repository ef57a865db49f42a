package web

import (
	"net/http"

	"github.com/samspil/samspil"
)

// registerTenderSupplierRoutes adds the supplier's side of tenders:
// interest, clarifications, calendar files, "tenders for you" and the feed.
// STUB: the supplier web helper replaces this file.
func (s *Server) registerTenderSupplierRoutes(mux *http.ServeMux) {}

// tenderSupplierPanel returns the data of the "tender_supplier_panel"
// partial that the tender page shows under the tender: clarifications,
// the interest form and the calendar links. The tender page passes the
// page itself to the partial, which reads this value at .Data.Supplier.
func (s *Server) tenderSupplierPanel(r *http.Request, t *samspil.Tender) (any, error) {
	return nil, nil
}
