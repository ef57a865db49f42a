package web

import (
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
)

// spendImportsPage is how many imports one page of the history lists.
const spendImportsPage = 20

// spendHistoryData is the import history, one import's result and the
// undo confirmation.
type spendHistoryData struct {
	FormData
	M       *samspil.Municipality
	Org     *samspil.Organisation
	Imports []*samspil.PurchaseImport
	Pager   adminPager
	Import  *samspil.PurchaseImport
	// Years are the municipality's figures for the years the import
	// touched, newest first, with the share after the import.
	Years []*samspil.Spend
}

// Duplicates is how many of an import's lines were already imported.
func (d *spendHistoryData) Duplicates(imp *samspil.PurchaseImport) int {
	return imp.Lines - imp.NewLines
}

// FileShare is the SØV share of an import's own lines, in per mille.
func (d *spendHistoryData) FileShare(imp *samspil.PurchaseImport) int {
	return samspil.SpendFigures{TotalOre: imp.TotalOre, SOVOre: imp.SOVOre, RSVOre: imp.RSVOre}.SOVShare()
}

// handleSpendImports is GET /kommuner/{kode}/indkoeb/importer: who
// imported which file when, with its counts and sums, each with undo.
func (s *Server) handleSpendImports(w http.ResponseWriter, r *http.Request) {
	m, o, _, ok := s.spendImporter(w, r)
	if !ok {
		return
	}
	page := adminPageParam(r)
	imps, total, err := s.store.FindPurchaseImports(r.Context(), m.Code, (page-1)*spendImportsPage, spendImportsPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &spendHistoryData{FormData: FormData{Form: EmptyForm(r)}, M: m, Org: o, Imports: imps,
		Pager: newAdminPager(r, page, total, spendImportsPage)}
	s.render(w, r, http.StatusOK, "spend_imports", d)
}

// loadSpendImport resolves {id} as an import of the municipality {kode}.
func (s *Server) loadSpendImport(w http.ResponseWriter, r *http.Request) (*spendHistoryData, bool) {
	m, o, _, ok := s.spendImporter(w, r)
	if !ok {
		return nil, false
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	imp, err := s.store.FindPurchaseImportByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if imp.MunicipalityCode != m.Code {
		s.notFound(w, r)
		return nil, false
	}
	return &spendHistoryData{FormData: FormData{Form: EmptyForm(r)}, M: m, Org: o, Import: imp}, true
}

// handleSpendImport is GET /kommuner/{kode}/indkoeb/importer/{id}: what
// an import brought (lines, new lines, duplicates skipped, sums) and the
// municipality's SØV share afterwards in the years it touched (?aar=,
// set by the import; the newest year otherwise).
func (s *Server) handleSpendImport(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadSpendImport(w, r)
	if !ok {
		return
	}
	seen := map[int]bool{}
	var years []int
	for _, v := range r.URL.Query()["aar"] {
		if y := spendYear(v); y != 0 && !seen[y] && len(years) < 5 {
			seen[y] = true
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		years = []int{0}
	}
	for _, y := range years {
		sp, err := s.loadSpend(r, samspil.SpendFilter{MunicipalityCode: d.M.Code, Year: y, Suppliers: 1, Peers: 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Years = append(d.Years, sp)
	}
	s.render(w, r, http.StatusOK, "spend_import_done", d)
}

// handleSpendUndoPage asks before an import is undone.
func (s *Server) handleSpendUndoPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadSpendImport(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "spend_import_undo", d)
}

// handleSpendUndo removes an import's lines and takes them out of the
// figures.
func (s *Server) handleSpendUndo(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadSpendImport(w, r)
	if !ok {
		return
	}
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	if _, err := s.store.DeletePurchaseImport(r.Context(), d.Import.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "spend.flash.undone")
	s.redirect(w, r, spendPath(d.M.Code, "/importer"))
}
