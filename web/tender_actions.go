package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
)

// tenderConfirmData is the confirmation page of publishing or cancelling.
type tenderConfirmData struct {
	FormData
	Tender   *samspil.Tender
	Kind     string // "publish" or "cancel": translation keys tender.<Kind>.*
	Path     string // the URL part after /udbud/{id}/
	Warnings []tenderWarning
	Risky    bool
}

// tenderPublishData prepares the publication page: the rules' warnings
// come first, with their legal source, so the buyer decides knowingly.
func (s *Server) tenderPublishData(r *http.Request, t *samspil.Tender, f *Form) *tenderConfirmData {
	return &tenderConfirmData{FormData: FormData{Form: f}, Tender: t, Kind: "publish", Path: "offentliggoer",
		Warnings: s.tenderWarnings(r, s.rules.Check(t, s.now()))}
}

// handleTenderPublishPage asks before a draft is made public.
func (s *Server) handleTenderPublishPage(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, true)
	if !ok {
		return
	}
	if t.Status != samspil.TenderDraft {
		s.fail(w, r, tenderWrongStatus(t))
		return
	}
	s.render(w, r, http.StatusOK, "tender_confirm", s.tenderPublishData(r, t, EmptyForm(r)))
}

// handleTenderPublish publishes a draft; without confirm=yes it asks.
func (s *Server) handleTenderPublish(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if t.Status != samspil.TenderDraft {
		s.fail(w, r, tenderWrongStatus(t))
		return
	}
	d := s.tenderPublishData(r, t, f)
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "tender_confirm", d)
		return
	}
	if _, err := s.store.PublishTender(r.Context(), t.ID); err != nil {
		if samspil.ErrorCode(err) == samspil.EINVALID {
			caseGlobalErrors(f, err)
			s.render(w, r, http.StatusUnprocessableEntity, "tender_confirm", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "tender.flash.published")
	s.redirect(w, r, tenderPath(t.ID, ""))
}

// tenderCancelData prepares the cancellation page.
func tenderCancelData(t *samspil.Tender, f *Form) *tenderConfirmData {
	return &tenderConfirmData{FormData: FormData{Form: f}, Tender: t, Kind: "cancel", Path: "annuller", Risky: true}
}

// tenderCancellable reports whether t can still be cancelled.
func tenderCancellable(t *samspil.Tender) bool {
	return t.Status == samspil.TenderDraft || t.Status == samspil.TenderPublished
}

// handleTenderCancelPage asks for the reason before a tender is cancelled.
func (s *Server) handleTenderCancelPage(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, true)
	if !ok {
		return
	}
	if !tenderCancellable(t) {
		s.fail(w, r, tenderWrongStatus(t))
		return
	}
	s.render(w, r, http.StatusOK, "tender_confirm", tenderCancelData(t, EmptyForm(r)))
}

// handleTenderCancel cancels a draft or published tender with a reason.
func (s *Server) handleTenderCancel(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if !tenderCancellable(t) {
		s.fail(w, r, tenderWrongStatus(t))
		return
	}
	d := tenderCancelData(t, f)
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "tender_confirm", d)
		return
	}
	reason := f.Get("reason")
	switch {
	case reason == "":
		f.AddError("reason", "tender.web.cancel.reason_required", nil)
	case utf8.RuneCountInString(reason) > samspil.MaxJustification:
		f.AddError("reason", "field.too_long", map[string]any{"Max": samspil.MaxJustification})
	}
	if !f.Valid() {
		s.render(w, r, http.StatusUnprocessableEntity, "tender_confirm", d)
		return
	}
	if _, err := s.store.CancelTender(r.Context(), t.ID, reason); err != nil {
		if f.SetErrors(orgRenameField(err, "cancel_reason", "reason")) {
			s.render(w, r, HTTPStatus(err), "tender_confirm", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "tender.flash.cancelled")
	s.redirect(w, r, tenderPath(t.ID, ""))
}

// tenderAwardData is the award form.
type tenderAwardData struct {
	FormData
	Tender     *samspil.Tender
	Interested []Option // organisations that registered interest
	Found      []Option // organisations found by ?q= (name or CVR)
	Searched   bool
	Section20  bool // the § 20 note is required
}

// tenderAwardSearchLimit bounds the name/CVR search of the award form.
const tenderAwardSearchLimit = 20

// newTenderAwardData collects the suppliers to choose from: those that
// registered interest, and those matching the search text q.
func (s *Server) newTenderAwardData(r *http.Request, t *samspil.Tender, f *Form, q string) (*tenderAwardData, error) {
	d := &tenderAwardData{FormData: FormData{Form: f}, Tender: t, Section20: t.Reservation == samspil.ReserveShelteredWorkshop}
	rs, err := s.store.FindTenderResponses(r.Context(), t.ID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, x := range rs {
		if x.State == samspil.ResponseInterested {
			v := strconv.FormatInt(x.OrganisationID, 10)
			seen[v] = true
			d.Interested = append(d.Interested, Option{Value: v, Label: x.OrganisationName, Selected: f.Has("supplier_ids", v)})
		}
	}
	// Suppliers chosen earlier (from a search) stay on the page.
	var ids []int64
	for _, v := range f.List("supplier_ids") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && !seen[v] && len(ids) < tenderAwardSearchLimit {
			ids = append(ids, id)
		}
	}
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > samspil.MaxQueryLen {
		q = string([]rune(q)[:samspil.MaxQueryLen])
	}
	if len(ids) > 0 {
		orgs, _, err := s.store.FindOrganisations(r.Context(), samspil.OrganisationFilter{IDs: ids, Limit: tenderAwardSearchLimit})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			v := strconv.FormatInt(o.ID, 10)
			seen[v] = true
			d.Found = append(d.Found, Option{Value: v, Label: o.Name + " (CVR " + o.CVR + ")", Selected: true})
		}
	}
	if q != "" {
		d.Searched = true
		orgs, _, err := s.store.FindOrganisations(r.Context(), samspil.OrganisationFilter{Query: q, Limit: tenderAwardSearchLimit})
		if err != nil && samspil.ErrorCode(err) != samspil.EINVALID {
			return nil, err
		}
		for _, o := range orgs {
			v := strconv.FormatInt(o.ID, 10)
			if seen[v] || o.ID == t.BuyerID || o.Kind == samspil.OrgKommune {
				continue
			}
			seen[v] = true
			d.Found = append(d.Found, Option{Value: v, Label: o.Name + " (CVR " + o.CVR + ")", Selected: f.Has("supplier_ids", v)})
		}
	}
	return d, nil
}

// tenderAwardable checks that t can be awarded now.
func (s *Server) tenderAwardable(t *samspil.Tender) error {
	if t.Status != samspil.TenderPublished {
		return tenderWrongStatus(t)
	}
	if s.now().Before(t.TenderDeadline) {
		return samspil.Errorf(samspil.ECONFLICT, "tender.award.too_early", "the tender can be awarded after the deadline for tenders")
	}
	return nil
}

// handleTenderAwardPage shows the award form, prefilled with the tender's
// value and contract period; ?q= searches organisations by name or CVR.
func (s *Server) handleTenderAwardPage(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, true)
	if !ok {
		return
	}
	if err := s.tenderAwardable(t); err != nil {
		s.fail(w, r, err)
		return
	}
	f := EmptyForm(r)
	q := r.URL.Query()
	f.Set("q", q.Get("q"))
	f.SetList("supplier_ids", q["supplier_ids"])
	for _, k := range []string{"value", "contract_start", "contract_end", "section20_note"} {
		f.Set(k, q.Get(k))
	}
	if f.Get("value") == "" {
		f.Set("value", formatDKK(t.ValueOre))
	}
	if f.Get("contract_start") == "" {
		f.Set("contract_start", t.ContractStart.UTC().Format("2006-01-02"))
	}
	if f.Get("contract_end") == "" {
		f.Set("contract_end", t.ContractEnd.UTC().Format("2006-01-02"))
	}
	d, err := s.newTenderAwardData(r, t, f, f.Get("q"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tender_award", d)
}

// handleTenderAward records the award, which creates the partnership, and
// sends the buyer to the tender page, where the award links to it.
func (s *Server) handleTenderAward(w http.ResponseWriter, r *http.Request) {
	t, p, ok := s.loadTender(w, r, canEditTender, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if err := s.tenderAwardable(t); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.newTenderAwardData(r, t, f, f.Get("q"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Get("action") == "search" {
		s.render(w, r, http.StatusOK, "tender_award", d)
		return
	}
	a, err := parseTenderAward(f)
	var val samspil.Validation
	val.Merge(err)
	check := *a
	if err := check.Validate(t); err != nil {
		if e, ok := samspil.AsError(orgRenameField(err, "value_ore", "value")); ok {
			for _, fe := range e.Fields {
				if !val.Has(fe.Field) {
					val.Add(fe.Field, fe.Key, fe.Message, fe.Args)
				}
			}
		}
	}
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		s.render(w, r, http.StatusUnprocessableEntity, "tender_award", d)
		return
	}
	a.AwardedBy = p.User.ID
	_, ps, err := s.store.AwardTender(r.Context(), t.ID, a)
	if err != nil {
		if f.SetErrors(orgRenameField(err, "value_ore", "value")) {
			s.render(w, r, HTTPStatus(err), "tender_award", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "tender.flash.awarded")
	if ps != nil {
		s.redirect(w, r, tenderPath(t.ID, "#tildeling"))
		return
	}
	s.redirect(w, r, tenderPath(t.ID, ""))
}

// parseTenderAward reads the award form: the chosen organisations, the
// value in kroner, the contract period and the § 20 note.
func parseTenderAward(f *Form) (*samspil.TenderAward, error) {
	var val samspil.Validation
	a := &samspil.TenderAward{Section20Note: f.Get("section20_note")}
	for _, v := range f.List("supplier_ids") {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		if !slices.Contains(a.SupplierIDs, id) && len(a.SupplierIDs) < samspil.MaxPageSize {
			a.SupplierIDs = append(a.SupplierIDs, id)
		}
	}
	ore, err := parseDKK(f.Raw("value"))
	if err != nil {
		e, _ := samspil.AsError(err)
		val.Add("value", e.Key, e.Message, e.Args)
	}
	a.ValueOre = ore
	for _, name := range []string{"contract_start", "contract_end"} {
		s := f.Get(name)
		if s == "" {
			continue
		}
		day, err := parseCaseDate(s)
		if err != nil {
			val.Add(name, "tender.web.date.invalid", "write the date as DD-MM-YYYY or YYYY-MM-DD", nil)
			continue
		}
		if name == "contract_start" {
			a.ContractStart = day
		} else {
			a.ContractEnd = day
		}
	}
	return a, val.Err()
}
