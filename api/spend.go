package api

import (
	"net/http"
	"strconv"

	"github.com/samspil/samspil"
)

// Spend tracking as open data: what a municipality bought in a year, how
// much of it from social-economy enterprises (SØV) and RSV-registered ones,
// by quarter, CPV division and supplier, next to the municipalities of
// nearest size. The answer is the samspil.Spend the spend page shows, read
// from aggregates, so it is cheap at any number of purchase lines.

// registerSpendRoutes adds GET /api/v1/municipalities/{code}/spend.
func (s *server) registerSpendRoutes() {
	s.route("GET", "/api/v1/municipalities/{code}/spend", s.handleGetSpend)
}

// spendQuery reads ?year= (four digits; default the newest year with
// data) and ?quarter= (1–4; default the whole year).
func spendQuery(r *http.Request) (year, quarter int, err error) {
	var v samspil.Validation
	q := r.URL.Query()
	if raw := q.Get("year"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || len(raw) != 4 || n < 1900 {
			v.Add("year", "spend.year.invalid", "", nil)
		}
		year = n
	}
	if raw := q.Get("quarter"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 4 {
			v.Add("quarter", "spend.quarter.invalid", "", nil)
		}
		quarter = n
	}
	return year, quarter, v.Err()
}

func (s *server) handleGetSpend(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	year, quarter, err := spendQuery(r)
	if err != nil {
		return err
	}
	sp, err := s.store.MunicipalitySpend(r.Context(), samspil.SpendFilter{MunicipalityCode: code, Year: year, Quarter: quarter})
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.municipality.not_found", args: map[string]any{"Code": code}}
	} else if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, sp, cacheDirectory)
}
