package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

// The unit-price table (/admin/enhedspriser) keeps the public-cost unit
// prices the dashboards' social-value estimates use. A price is never
// changed in place: a change is a new row from a date, so an old estimate
// can still be explained. The secretariat's editors and platform admins
// keep it.

// unitPriceGroup is one code with its rows, newest first.
type unitPriceGroup struct {
	Code    string
	Name    string // in the page language, from the newest row
	Current *samspil.UnitPrice
	Rows    []*samspil.UnitPrice
	AddURL  string // the form, prefilled for a new row of this code
}

// unitPriceData is the unit-price page.
type unitPriceData struct {
	FormData
	Groups []unitPriceGroup
	Today  time.Time
}

// requireUnitPriceEditor lets editors and platform admins through
// (Principal.CanEditUnitPrices); visitors are asked to sign in and
// everybody else is refused.
func (s *Server) requireUnitPriceEditor(h http.HandlerFunc) http.HandlerFunc {
	return s.requireUser(func(w http.ResponseWriter, r *http.Request) {
		p := s.principal(r)
		if err := p.Require(p.CanEditUnitPrices()); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	})
}

// handleUnitPrices is GET /admin/enhedspriser: every unit price grouped by
// code with its history, and the form for a new dated row. ?code= prefills
// the form with that code's names and source.
func (s *Server) handleUnitPrices(w http.ResponseWriter, r *http.Request) {
	prices, err := s.store.FindUnitPrices(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := EmptyForm(r)
	if code := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("code"))); code != "" {
		if u := latestUnitPrice(prices, code); u != nil {
			f.Set("code", u.Code)
			f.Set("name_da", u.NameDA)
			f.Set("name_en", u.NameEN)
			f.Set("source", u.Source)
			f.Set("source_url", u.SourceURL)
		}
	}
	s.renderUnitPrices(w, r, http.StatusOK, f, prices)
}

// renderUnitPrices shows the table and the form f.
func (s *Server) renderUnitPrices(w http.ResponseWriter, r *http.Request, status int, f *Form, prices []*samspil.UnitPrice) {
	today := s.pbrToday()
	s.render(w, r, status, "pbr_unitprice", &unitPriceData{FormData: FormData{Form: f},
		Groups: groupUnitPrices(prices, today, TranslatorFrom(r).Lang), Today: today})
}

// handleUnitPriceCreate is POST /admin/enhedspriser: it adds a dated row.
// Every problem is shown next to its field with what was typed kept; a row
// for a code and date that already exist is explained at the date.
func (s *Server) handleUnitPriceCreate(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	prices, err := s.store.FindUnitPrices(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := parseUnitPriceForm(f, prices)
	if err == nil {
		u.CreatedBy = s.principal(r).User.ID
		err = s.store.SaveUnitPrice(r.Context(), u)
	}
	if err != nil {
		if samspil.ErrorCode(err) == samspil.ECONFLICT {
			f.AddError("valid_from", "pbrunit.exists", map[string]any{"Code": u.Code, "Date": u.ValidFrom.Format(time.DateOnly)})
		} else if !f.SetErrors(unitPriceFieldNames(err)) {
			s.fail(w, r, err)
			return
		}
		s.renderUnitPrices(w, r, HTTPStatus(err), f, prices)
		return
	}
	s.setFlash(r, "pbrunit.saved")
	s.redirect(w, r, "/admin/enhedspriser#"+url.PathEscape("price-"+u.Code))
}

// parseUnitPriceForm reads the form into a unit price and validates it,
// collecting every problem at once. Names left empty for a code that
// exists are taken from its newest row.
func parseUnitPriceForm(f *Form, prices []*samspil.UnitPrice) (*samspil.UnitPrice, error) {
	var v samspil.Validation
	u := &samspil.UnitPrice{Code: strings.ToUpper(f.Get("code")), NameDA: f.Get("name_da"), NameEN: f.Get("name_en"),
		Source: f.Get("source"), SourceURL: f.Get("source_url"), Note: f.Get("note"), Checked: f.Get("checked") == "1"}
	if prev := latestUnitPrice(prices, u.Code); prev != nil {
		if u.NameDA == "" {
			u.NameDA = prev.NameDA
		}
		if u.NameEN == "" {
			u.NameEN = prev.NameEN
		}
	}
	if a := f.Get("amount"); a == "" {
		v.Add("amount", "pbrunit.amount.required", "give the yearly amount in kroner", nil)
	} else if ore, err := parseDKK(a); err != nil {
		v.Merge(unitPriceFieldError("amount", err))
	} else {
		u.AmountOre = ore
	}
	if d := f.Get("valid_from"); d != "" {
		t, err := parseDay(d)
		if err != nil {
			v.Add("valid_from", "pbrunit.valid_from.invalid", "write the date as dd-mm-yyyy", nil)
		} else {
			u.ValidFrom = t
		}
	}
	if len([]rune(u.Note)) > 2000 {
		v.Add("note", "pbrunit.note.too_long", "the note can be at most 2,000 characters", nil)
	}
	if err := u.Validate(); err != nil {
		// The amount and date fields report their own reading problems
		// first; the domain's word on them only when they were read.
		e, _ := samspil.AsError(unitPriceFieldNames(err))
		for _, fe := range e.Fields {
			if v.Has(fe.Field) {
				continue
			}
			v.Add(fe.Field, fe.Key, fe.Message, fe.Args)
		}
	}
	if err := v.Err(); err != nil {
		return u, err
	}
	return u, nil
}

// unitPriceFieldError puts a parse error of one field under that field.
func unitPriceFieldError(field string, err error) error {
	var v samspil.Validation
	if e, ok := samspil.AsError(err); ok {
		v.Add(field, e.Key, e.Message, e.Args)
	} else {
		v.Add(field, "pbrunit.amount.invalid", "write the amount in kroner", nil)
	}
	return v.Err()
}

// unitPriceFieldNames renames the domain's field names to the form's: the
// form asks for kroner in "amount", the domain checks "amount_ore".
func unitPriceFieldNames(err error) error {
	return renameFieldErrors(err, func(field string) string {
		if field == "amount_ore" {
			return "amount"
		}
		return field
	})
}

// latestUnitPrice is the row of code with the latest date, or nil.
func latestUnitPrice(prices []*samspil.UnitPrice, code string) *samspil.UnitPrice {
	var best *samspil.UnitPrice
	for _, u := range prices {
		if u.Code == code && (best == nil || u.ValidFrom.After(best.ValidFrom)) {
			best = u
		}
	}
	return best
}

// groupUnitPrices groups the rows by code (in code order), newest first in
// each group, and marks the row in force on today.
func groupUnitPrices(prices []*samspil.UnitPrice, today time.Time, lang string) []unitPriceGroup {
	byCode := map[string]*unitPriceGroup{}
	var order []string
	for _, u := range prices {
		g := byCode[u.Code]
		if g == nil {
			g = &unitPriceGroup{Code: u.Code, AddURL: "/admin/enhedspriser?" + url.Values{"code": {u.Code}}.Encode() + "#add-title"}
			byCode[u.Code] = g
			order = append(order, u.Code)
		}
		g.Rows = append(g.Rows, u)
	}
	var out []unitPriceGroup
	slices.Sort(order)
	for _, code := range order {
		g := byCode[code]
		sortUnitPricesNewest(g.Rows)
		g.Name = unitPriceName(g.Rows[0], lang)
		for _, u := range g.Rows {
			if !u.ValidFrom.After(today) {
				g.Current = u
				break
			}
		}
		out = append(out, *g)
	}
	return out
}

// sortUnitPricesNewest orders rows by date, newest first (insertion sort:
// a code has a handful of rows).
func sortUnitPricesNewest(rows []*samspil.UnitPrice) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && rows[j].ValidFrom.After(rows[j-1].ValidFrom); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// IsCurrent reports whether u is the row in force today (templates).
func (g unitPriceGroup) IsCurrent(u *samspil.UnitPrice) bool { return g.Current == u }
