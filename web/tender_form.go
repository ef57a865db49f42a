package web

import (
	"net/http"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/procure"
	"github.com/samspil/samspil/refdata"
)

// tenderMode is what the tender form does: create a draft, save a draft or
// amend a published tender (with a note, kept in the history).
type tenderMode int

const (
	tenderNew tenderMode = iota
	tenderEdit
	tenderAmend
)

// tenderChoice is one radio button with an explanation under it (the
// procedures).
type tenderChoice struct {
	Value, Label, Explain string
	Checked               bool
}

// tenderWarning is a procure.Warning translated for the page, with the
// rule's legal source.
type tenderWarning struct {
	Text   string
	Source string
}

// tenderFormData is the tender form: new, draft edit and amendment.
type tenderFormData struct {
	FormData
	Tender          *samspil.Tender // the stored tender; nil for a new one
	Amend           bool
	Buyers          []Option // the kommune organisations the person may buy for (new only)
	BuyerName       string   // the buyer when it is fixed
	Procedures      []tenderChoice
	Reservations    []Option
	LotReservations []Option
	SocialGoals     []Option
	Municipalities  []Option
	LotRows         []int
	Warnings        []tenderWarning
	Action, Cancel  string
	// Stale is set when a colleague saved the tender meanwhile: the page
	// keeps what the person typed and links to the tender as it now is.
	Stale bool
}

// tenderWarnings translates the rules' warnings for t into the page's
// language; a key the catalogue does not know shows the rule's English
// text.
func (s *Server) tenderWarnings(r *http.Request, ws []procure.Warning) []tenderWarning {
	lang := s.lang(r)
	tr := s.i18n.translator(lang)
	out := make([]tenderWarning, 0, len(ws))
	for _, w := range ws {
		text := w.Message
		if w.Key != "" && s.i18n.has(lang, w.Key) {
			text = tr.T(w.Key, w.Args)
		}
		out = append(out, tenderWarning{Text: text, Source: w.Source})
	}
	return out
}

// reservationOptions are the choices of a reservation select.
func reservationOptions(tr *Translator) []Option {
	return []Option{
		{Value: "", Label: tr.T("tender.reservation.none", nil)},
		{Value: string(samspil.ReserveShelteredWorkshop), Label: tr.T("tender.reservation.shelteredWorkshop", nil)},
		{Value: string(samspil.ReservePublicService), Label: tr.T("tender.reservation.publicServiceMissionOrganization", nil)},
	}
}

// newTenderFormData prepares the form's choices around f.
func (s *Server) newTenderFormData(r *http.Request, f *Form, t *samspil.Tender, mode tenderMode) (*tenderFormData, error) {
	tr := f.tr
	d := &tenderFormData{FormData: FormData{Form: f}, Tender: t, Amend: mode == tenderAmend, Action: "/udbud/ny", Cancel: "/udbud"}
	switch mode {
	case tenderNew:
		buyers, err := s.tenderBuyers(r, f)
		if err != nil {
			return nil, err
		}
		d.Buyers = buyers
		if len(buyers) == 1 {
			d.BuyerName = buyers[0].Label
			f.Set("buyer_id", buyers[0].Value)
		} else {
			d.Buyers = append([]Option{{Value: "", Label: tr.T("tender.form.choose_buyer", nil)}}, buyers...)
		}
	case tenderEdit:
		d.BuyerName, d.Action, d.Cancel = t.BuyerName, tenderPath(t.ID, "/rediger"), tenderPath(t.ID, "")
	case tenderAmend:
		d.BuyerName, d.Action, d.Cancel = t.BuyerName, tenderPath(t.ID, "/ret"), tenderPath(t.ID, "")
	}
	for _, p := range samspil.Procedures {
		d.Procedures = append(d.Procedures, tenderChoice{Value: string(p), Label: tr.T("tender.procedure."+string(p), nil),
			Explain: tr.T("tender.procedure."+string(p)+".explain", nil), Checked: f.Get("procedure") == string(p)})
	}
	d.Reservations = reservationOptions(tr)
	d.LotReservations = reservationOptions(tr)
	d.LotReservations[0].Label = tr.T("tender.reservation.lot_none", nil)
	for _, g := range samspil.SocialGoals {
		d.SocialGoals = append(d.SocialGoals, Option{Value: g, Label: tr.T("tender.goal."+g, nil)})
	}
	d.Municipalities = municipalityOptions(tr)
	d.LotRows = tenderLotRows(f)
	return d, nil
}

// tenderBuyers lists the kommune organisations the person may create a
// tender for: their own; a platform admin may buy for any municipality.
func (s *Server) tenderBuyers(r *http.Request, f *Form) ([]Option, error) {
	p := s.principal(r)
	own := buyerOrgs(p)
	if !p.IsPlatformAdmin() {
		return own, nil
	}
	var all []Option
	for off := 0; ; off += samspil.MaxPageSize {
		items, total, err := s.store.FindOrganisations(r.Context(), samspil.OrganisationFilter{Kind: samspil.OrgKommune, Offset: off, Limit: samspil.MaxPageSize})
		if err != nil {
			return nil, err
		}
		for _, o := range items {
			all = append(all, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
		if len(items) == 0 || off+len(items) >= total {
			break
		}
	}
	sortOptions(all)
	return all, nil
}

// tenderPrefill takes the recommender's "start a tender with this route"
// link (?procedure=&main_cpv=&additional_cpv=&value=&place_code=&reservation=
// and the first lot's reservation)
// into an empty form.
func tenderPrefill(r *http.Request, f *Form) {
	q := r.URL.Query()
	for _, k := range []string{"procedure", "main_cpv", "additional_cpv", "value", "place_code", "reservation", "buyer_id", tenderLotField(0, "reservation")} {
		if v := strings.TrimSpace(q.Get(k)); v != "" && len(v) <= 2000 {
			f.Set(k, v)
		}
	}
}

// handleTenderNewPage shows the empty form to municipal staff (and
// platform admins); everybody else is told that only a municipality buys.
func (s *Server) handleTenderNewPage(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if len(buyerOrgs(p)) == 0 && !p.IsPlatformAdmin() {
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "tender.web.no_buyer", "only municipal staff can create tenders"))
		return
	}
	f := EmptyForm(r)
	tenderPrefill(r, f)
	d, err := s.newTenderFormData(r, f, nil, tenderNew)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tender_form", d)
}

// handleTenderCreate stores a new draft for one of the person's
// municipalities, or shows the form again: with one more lot row, or with
// every problem next to its field and the rules' warnings, nothing lost.
func (s *Server) handleTenderCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	own := buyerOrgs(p)
	if len(own) == 0 && !p.IsPlatformAdmin() {
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "tender.web.no_buyer", "only municipal staff can create tenders"))
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	buyerID, _ := strconv.ParseInt(f.Get("buyer_id"), 10, 64)
	if buyerID <= 0 && len(own) == 1 && !p.IsPlatformAdmin() {
		buyerID, _ = strconv.ParseInt(own[0].Value, 10, 64)
	}
	if buyerID > 0 {
		if err := p.Require(p.CanEditTender(&samspil.Tender{BuyerID: buyerID})); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d, err := s.newTenderFormData(r, f, nil, tenderNew)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Get("action") == "lots" {
		s.tenderFormWarnings(r, f, d)
		s.render(w, r, http.StatusOK, "tender_form", d)
		return
	}
	t, ok := s.checkTenderForm(r, f, d, nil)
	if buyerID <= 0 {
		f.AddError("buyer_id", "tender.web.buyer_required", nil)
		ok = false
	}
	if !ok {
		s.render(w, r, http.StatusUnprocessableEntity, "tender_form", d)
		return
	}
	t.BuyerID, t.CreatedBy = buyerID, p.User.ID
	if err := s.store.CreateTender(r.Context(), t); err != nil {
		if f.SetErrors(tenderRenameField(err)) {
			s.render(w, r, HTTPStatus(err), "tender_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "tender.flash.created")
	s.redirect(w, r, tenderPath(t.ID, ""))
}

// checkTenderForm parses and validates the form, records every problem on
// f and puts the rules' warnings for what was typed on d. old is the
// stored tender (edit and amendment), whose identity the result keeps.
func (s *Server) checkTenderForm(r *http.Request, f *Form, d *tenderFormData, old *samspil.Tender) (*samspil.Tender, bool) {
	t, err := parseTenderForm(f.Values, s.loc)
	var val samspil.Validation
	val.Merge(err)
	if old != nil {
		t.ID, t.BuyerID, t.BuyerName, t.BuyerMunicipality = old.ID, old.BuyerID, old.BuyerName, old.BuyerMunicipality
		t.Status, t.PublishedAt, t.CreatedBy, t.CreatedAt = old.Status, old.PublishedAt, old.CreatedBy, old.CreatedAt
	}
	check := *t
	check.Lots = append([]samspil.TenderLot(nil), t.Lots...)
	if err := check.Validate(refdata.Catalog, s.now()); err != nil {
		if e, ok := samspil.AsError(tenderRenameField(err)); ok {
			for _, fe := range e.Fields {
				if !val.Has(fe.Field) {
					val.Add(fe.Field, fe.Key, fe.Message, fe.Args)
				}
			}
		}
	}
	d.Warnings = s.tenderWarnings(r, s.rules.Check(&check, s.now()))
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		return t, false
	}
	return t, true
}

// tenderFormWarnings puts the rules' warnings about what was typed on d
// when the form is only shown again (another lot row), without judging
// the typing itself yet.
func (s *Server) tenderFormWarnings(r *http.Request, f *Form, d *tenderFormData) {
	t, _ := parseTenderForm(f.Values, s.loc)
	d.Warnings = s.tenderWarnings(r, s.rules.Check(t, s.now()))
}

// handleTenderEditPage shows the form filled from a draft.
func (s *Server) handleTenderEditPage(w http.ResponseWriter, r *http.Request) {
	s.tenderFormPage(w, r, tenderEdit)
}

// handleTenderAmendPage shows the amendment form of a published tender.
func (s *Server) handleTenderAmendPage(w http.ResponseWriter, r *http.Request) {
	s.tenderFormPage(w, r, tenderAmend)
}

// tenderModeStatus is the status the tender must have for a mode.
func tenderModeStatus(mode tenderMode) samspil.TenderStatus {
	if mode == tenderAmend {
		return samspil.TenderPublished
	}
	return samspil.TenderDraft
}

// tenderFormPage shows the edit or amendment form filled from the stored
// tender, with the rules' warnings about it.
func (s *Server) tenderFormPage(w http.ResponseWriter, r *http.Request, mode tenderMode) {
	t, _, ok := s.loadTender(w, r, canEditTender, true)
	if !ok {
		return
	}
	if t.Status != tenderModeStatus(mode) {
		s.fail(w, r, tenderWrongStatus(t))
		return
	}
	f := EmptyForm(r)
	f.Values = tenderFormValues(t, s.loc)
	d, err := s.newTenderFormData(r, f, t, mode)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Warnings = s.tenderWarnings(r, s.rules.Check(t, s.now()))
	s.render(w, r, http.StatusOK, "tender_form", d)
}

// handleTenderEdit saves a draft.
func (s *Server) handleTenderEdit(w http.ResponseWriter, r *http.Request) {
	s.tenderSave(w, r, tenderEdit)
}

// handleTenderAmend amends a published tender with a required note.
func (s *Server) handleTenderAmend(w http.ResponseWriter, r *http.Request) {
	s.tenderSave(w, r, tenderAmend)
}

// tenderSave saves the edit or amendment form. When a colleague saved the
// tender in between (ECONFLICT tender.stale), the form comes back with
// everything the person typed, a message, a link to the tender as it now
// is, and the new version, so saving again on purpose overwrites it.
func (s *Server) tenderSave(w http.ResponseWriter, r *http.Request, mode tenderMode) {
	old, _, ok := s.loadTender(w, r, canEditTender, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if old.Status != tenderModeStatus(mode) {
		s.fail(w, r, tenderWrongStatus(old))
		return
	}
	d, err := s.newTenderFormData(r, f, old, mode)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Get("action") == "lots" {
		s.tenderFormWarnings(r, f, d)
		s.render(w, r, http.StatusOK, "tender_form", d)
		return
	}
	t, ok := s.checkTenderForm(r, f, d, old)
	note := f.Get("note")
	if mode == tenderAmend && note == "" {
		f.AddError("note", "tender.amend.note", nil)
		ok = false
	}
	if !ok {
		s.render(w, r, http.StatusUnprocessableEntity, "tender_form", d)
		return
	}
	if mode == tenderAmend {
		err = s.store.AmendTender(r.Context(), t, note)
	} else {
		err = s.store.UpdateTender(r.Context(), t)
	}
	if err != nil {
		if e, isDomain := samspil.AsError(err); isDomain && e.Code == samspil.ECONFLICT && e.Key == "tender.stale" {
			f.SetErrors(err)
			d.Stale = true
			if cur, ferr := s.store.FindTenderByID(r.Context(), old.ID); ferr == nil {
				f.Set("version", strconv.Itoa(cur.Version))
				d.Tender = cur
			}
			s.render(w, r, http.StatusConflict, "tender_form", d)
			return
		}
		if f.SetErrors(tenderRenameField(err)) {
			s.render(w, r, HTTPStatus(err), "tender_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	if mode == tenderAmend {
		s.setFlash(r, "tender.flash.amended")
	} else {
		s.setFlash(r, "tender.flash.saved")
	}
	s.redirect(w, r, tenderPath(old.ID, ""))
}
