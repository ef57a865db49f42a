package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil/refdata"
)

// Limits of the CPV search: enough to find a code, small enough to be fast.
const (
	cpvPageLimit = 100
	cpvJSONLimit = 15
	cpvMaxQuery  = 100
)

// cpvSearchData is the CPV search page, the picker that works without
// JavaScript: people search here and copy codes into the profile form.
type cpvSearchData struct {
	FormData
	Query   string
	Results []refdata.CPV
	Limit   int
}

// cpvQuery reads and bounds the q parameter.
func cpvQuery(r *http.Request) string {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > cpvMaxQuery {
		q = string([]rune(q)[:cpvMaxQuery])
	}
	return q
}

// handleCPVSearch lists the CPV codes matching q by code prefix or by
// words of the Danish or English label.
func (s *Server) handleCPVSearch(w http.ResponseWriter, r *http.Request) {
	q := cpvQuery(r)
	f := EmptyForm(r)
	f.Set("q", q)
	d := &cpvSearchData{FormData: FormData{Form: f}, Query: q, Limit: cpvPageLimit}
	if q != "" {
		d.Results = refdata.SearchCPV(q, s.lang(r), cpvPageLimit)
	}
	s.render(w, r, http.StatusOK, "org_cpv", d)
}

// cpvSuggestion is one entry of the type-ahead answer.
type cpvSuggestion struct {
	Code    string `json:"code"`
	Label   string `json:"label"` // in the request's language
	LabelDA string `json:"label_da"`
	LabelEN string `json:"label_en"`
}

// handleCPVJSON answers the type-ahead of org_cpv.js with up to 15 matches.
func (s *Server) handleCPVJSON(w http.ResponseWriter, r *http.Request) {
	q := cpvQuery(r)
	lang := s.lang(r)
	out := []cpvSuggestion{}
	if utf8.RuneCountInString(q) >= 2 {
		for _, c := range refdata.SearchCPV(q, lang, cpvJSONLimit) {
			out = append(out, cpvSuggestion{Code: c.Code, Label: c.Label(lang), LabelDA: c.LabelDA, LabelEN: c.LabelEN})
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Add("Vary", "Cookie") // the language cookie
	_ = json.NewEncoder(w).Encode(out)
}
