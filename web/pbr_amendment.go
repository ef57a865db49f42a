package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
)

// pbrChange is one line of the comparison of two sets of terms. Kind
// ("added", "removed", "changed") is written out on the page, so the
// change is never told by colour alone.
type pbrChange struct {
	Kind     string
	What     string // translated: which term or outcome field
	Old, New string
}

// pbrAmendmentItem is one amendment on the list, with its comparison to
// the terms it would replace (open amendments only).
type pbrAmendmentItem struct {
	A           *samspil.ContractAmendment
	Changes     []pbrChange
	CanApprove  bool
	CanWithdraw bool
}

// pbrAmendmentsData is the amendments page: the list and the propose form.
type pbrAmendmentsData struct {
	FormData
	Contract   *samspil.OutcomeContract
	Items      []pbrAmendmentItem
	CanPropose bool
	Open       bool // an amendment awaits approval: no new one until it is decided
	Sides      []Option
	Periods    []Option
	UnitPrices []Option
	Rows       []int
	Slots      []int
}

// newPbrAmendmentsData reads the amendments and prepares the form.
func (s *Server) newPbrAmendmentsData(r *http.Request, c *samspil.OutcomeContract, f *Form) (*pbrAmendmentsData, error) {
	p := s.principal(r)
	tr := f.tr
	d := &pbrAmendmentsData{FormData: FormData{Form: f}, Contract: c, CanPropose: p.CanProposeAmendment(c)}
	as, err := s.store.FindAmendments(r.Context(), c.ID)
	if err != nil {
		return nil, err
	}
	signing := pbrSigningSides(p, c)
	for _, a := range as {
		it := pbrAmendmentItem{A: a}
		if a.Status == samspil.AmendmentProposed {
			d.Open = true
			it.Changes = pbrDiff(tr, s.lang(r), &c.ContractTerms, &a.Terms)
			it.CanApprove = len(pbrAmendmentSides(signing, a, tr, c)) > 0
			it.CanWithdraw = p.CanProposeAmendment(c)
		}
		d.Items = append(d.Items, it)
	}
	for _, sd := range signing {
		d.Sides = append(d.Sides, pbrSideOption(tr, c, sd))
	}
	if d.Periods, d.UnitPrices, d.Slots, err = s.pbrTermsChoices(r, tr); err != nil {
		return nil, err
	}
	d.Rows = pbrRows(f)
	return d, nil
}

// pbrUnitPriceOptions are the choices of a saving's unit price select:
// one per code.
func pbrUnitPriceOptions(tr *Translator, lang string, prices []*samspil.UnitPrice) []Option {
	out := []Option{{Value: "", Label: tr.T("pbrc.form.no_saving", nil)}}
	seen := map[string]bool{}
	for _, u := range prices {
		if seen[u.Code] {
			continue
		}
		seen[u.Code] = true
		name := u.NameDA
		if lang == "en" {
			name = u.NameEN
		}
		out = append(out, Option{Value: u.Code, Label: name + " (" + u.Code + ")"})
	}
	return out
}

// pbrAmendmentSides are the sides among signing that have not approved a.
func pbrAmendmentSides(signing []samspil.ContractSide, a *samspil.ContractAmendment, tr *Translator, c *samspil.OutcomeContract) []Option {
	return pbrOpenSides(tr, c, signing, a.CommissionerApprovedAt != nil, a.ProviderApprovedAt != nil)
}

// handlePbrAmendments lists a contract's amendments; the parties of an
// active contract get the propose form, prefilled with the current terms.
func (s *Server) handlePbrAmendments(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadPbr(w, r, nil, true)
	if !ok {
		return
	}
	f := EmptyForm(r)
	pbrTermsValues(f.Values, &c.ContractTerms)
	d, err := s.newPbrAmendmentsData(r, c, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(d.Sides) == 1 {
		f.Set("side", d.Sides[0].Value)
	}
	s.render(w, r, http.StatusOK, "pbr_amendment_list", d)
}

// canAmendPbr: the commissioner's and the provider's members.
func canAmendPbr(p *samspil.Principal, c *samspil.OutcomeContract) bool {
	return p.CanViewParticipants(c)
}

// handlePbrPropose stores a proposed amendment (the whole new terms and a
// required note), or shows the form again with one more row or with every
// problem next to its field.
func (s *Server) handlePbrPropose(w http.ResponseWriter, r *http.Request) {
	c, p, f, ok := s.loadPbrPost(w, r, canAmendPbr, samspil.ContractActive)
	if !ok {
		return
	}
	d, err := s.newPbrAmendmentsData(r, c, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Get("action") == "rows" {
		s.render(w, r, http.StatusOK, "pbr_amendment_list", d)
		return
	}
	var val samspil.Validation
	terms, rows := pbrFormTerms(f.Values, &val)
	check := terms
	check.Outcomes = append([]samspil.Outcome(nil), terms.Outcomes...)
	if err := check.Validate(s.now()); err != nil {
		pbrAddFieldErrors(&val, pbrRenameField(err, rows))
	}
	note := f.Get("note")
	switch {
	case note == "":
		val.Add("note", "pbr.amendment.note_required", "say why the contract changes", nil)
	case utf8.RuneCountInString(note) > samspil.MaxJustification:
		val.Add("note", "field.too_long", "too long", map[string]any{"Max": samspil.MaxJustification})
	}
	signing := pbrSigningSides(p, c)
	side, sideOK := pbrChosenSide(f, signing)
	if !sideOK {
		val.Add("side", "pbrc.web.side_required", "choose the side you act for", nil)
	}
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		d.Rows = pbrRows(f)
		s.render(w, r, http.StatusUnprocessableEntity, "pbr_amendment_list", d)
		return
	}
	a := &samspil.ContractAmendment{ContractID: c.ID, Note: note, Terms: terms, ProposedBy: p.User.ID, ProposedBySide: side}
	if err := s.store.ProposeAmendment(r.Context(), a); err != nil {
		if f.SetErrors(pbrRenameField(err, nil)) {
			d.Rows = pbrRows(f)
			s.render(w, r, HTTPStatus(err), "pbr_amendment_list", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "pbrc.flash.amendment_proposed")
	s.redirect(w, r, pbrPath(c.ID, "/tillaeg"))
}

// pbrAmendmentConfirmData is the confirmation page of approving or
// withdrawing an amendment.
type pbrAmendmentConfirmData struct {
	FormData
	Contract  *samspil.OutcomeContract
	Amendment *samspil.ContractAmendment
	Changes   []pbrChange
	Kind      string // "approve" or "withdraw": keys pbr.amendment_<Kind>.*
	Path      string
	Sides     []Option
}

// loadPbrAmendment loads the contract (with rule) and its amendment {aid},
// which must be open.
func (s *Server) loadPbrAmendment(w http.ResponseWriter, r *http.Request, hide bool) (*samspil.OutcomeContract, *samspil.ContractAmendment, *samspil.Principal, bool) {
	c, p, ok := s.loadPbr(w, r, canAmendPbr, hide)
	if !ok {
		return nil, nil, nil, false
	}
	aid, err := orgPathID(r, "aid")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, false
	}
	as, err := s.store.FindAmendments(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, false
	}
	for _, a := range as {
		if a.ID == aid {
			if a.Status != samspil.AmendmentProposed {
				s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "pbr.amendment.decided", "the amendment is already decided"))
				return nil, nil, nil, false
			}
			return c, a, p, true
		}
	}
	s.notFound(w, r)
	return nil, nil, nil, false
}

func (s *Server) pbrAmendmentConfirm(r *http.Request, c *samspil.OutcomeContract, a *samspil.ContractAmendment, f *Form, kind string) *pbrAmendmentConfirmData {
	path := "traek-tilbage"
	if kind == "approve" {
		path = "godkend"
	}
	return &pbrAmendmentConfirmData{FormData: FormData{Form: f}, Contract: c, Amendment: a, Kind: kind,
		Path: "tillaeg/" + strconv.FormatInt(a.ID, 10) + "/" + path, Changes: pbrDiff(f.tr, s.lang(r), &c.ContractTerms, &a.Terms)}
}

// handlePbrAmendmentApprovePage shows the change being approved.
func (s *Server) handlePbrAmendmentApprovePage(w http.ResponseWriter, r *http.Request) {
	c, a, p, ok := s.loadPbrAmendment(w, r, true)
	if !ok {
		return
	}
	f := EmptyForm(r)
	d := s.pbrAmendmentConfirm(r, c, a, f, "approve")
	d.Sides = pbrAmendmentSides(pbrSigningSides(p, c), a, f.tr, c)
	if len(d.Sides) == 0 {
		s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "pbrc.web.already_approved", "your side has already approved this version"))
		return
	}
	if len(d.Sides) == 1 {
		f.Set("side", d.Sides[0].Value)
	}
	s.render(w, r, http.StatusOK, "pbr_amendment_confirm", d)
}

// handlePbrAmendmentApprove records the side's approval; when both have
// approved, the new terms take effect.
func (s *Server) handlePbrAmendmentApprove(w http.ResponseWriter, r *http.Request) {
	c, a, p, ok := s.loadPbrAmendment(w, r, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	d := s.pbrAmendmentConfirm(r, c, a, f, "approve")
	d.Sides = pbrAmendmentSides(pbrSigningSides(p, c), a, f.tr, c)
	if len(d.Sides) == 0 {
		s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "pbrc.web.already_approved", "your side has already approved this version"))
		return
	}
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "pbr_amendment_confirm", d)
		return
	}
	side, ok := pbrChosenOption(f, d.Sides)
	if !ok {
		f.AddError("side", "pbrc.web.side_required", nil)
		s.render(w, r, http.StatusUnprocessableEntity, "pbr_amendment_confirm", d)
		return
	}
	got, err := s.store.ApproveAmendment(r.Context(), a.ID, side)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if got != nil && got.Status == samspil.AmendmentApproved {
		s.setFlash(r, "pbrc.flash.amendment_active")
	} else {
		s.setFlash(r, "pbrc.flash.amendment_approved")
	}
	s.redirect(w, r, pbrPath(c.ID, "/tillaeg"))
}

// handlePbrAmendmentWithdrawPage asks before an open amendment is withdrawn.
func (s *Server) handlePbrAmendmentWithdrawPage(w http.ResponseWriter, r *http.Request) {
	c, a, _, ok := s.loadPbrAmendment(w, r, true)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "pbr_amendment_confirm", s.pbrAmendmentConfirm(r, c, a, EmptyForm(r), "withdraw"))
}

// handlePbrAmendmentWithdraw withdraws an open amendment.
func (s *Server) handlePbrAmendmentWithdraw(w http.ResponseWriter, r *http.Request) {
	c, a, _, ok := s.loadPbrAmendment(w, r, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "pbr_amendment_confirm", s.pbrAmendmentConfirm(r, c, a, f, "withdraw"))
		return
	}
	if _, err := s.store.WithdrawAmendment(r.Context(), a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "pbrc.flash.amendment_withdrawn")
	s.redirect(w, r, pbrPath(c.ID, "/tillaeg"))
}

// pbrDiff lists what differs between old and new terms: the contract's
// terms first, then each outcome by code (added, removed, or the fields
// that changed), in the order of the new rate card.
func pbrDiff(tr *Translator, lang string, old, new *samspil.ContractTerms) []pbrChange {
	var out []pbrChange
	kr := func(ore int64) string { return pbrMoney(lang, ore) }
	day := func(t time.Time) string { return t.UTC().Format("02-01-2006") }
	opt := func(n *int) string {
		if n == nil {
			return tr.T("pbrc.diff.none", nil)
		}
		return strconv.Itoa(*n)
	}
	changed := func(what, o, n string) {
		if o != n {
			out = append(out, pbrChange{Kind: "changed", What: what, Old: o, New: n})
		}
	}
	field := func(key string) string { return tr.T("pbrc.diff."+key, nil) }
	changed(field("period_start"), day(old.PeriodStart), day(new.PeriodStart))
	changed(field("period_end"), day(old.PeriodEnd), day(new.PeriodEnd))
	changed(field("cap"), kr(old.CapOre), kr(new.CapOre))
	changed(field("cohort_target"), strconv.Itoa(old.CohortTarget), strconv.Itoa(new.CohortTarget))
	changed(field("statement_period"), tr.T("pbrc.period."+string(old.StatementPeriod), nil), tr.T("pbrc.period."+string(new.StatementPeriod), nil))
	changed(field("deadweight_pct"), strconv.Itoa(old.DeadweightPct)+" %", strconv.Itoa(new.DeadweightPct)+" %")
	savings := func(o *samspil.Outcome) string {
		var parts []string
		for _, sv := range o.Savings {
			parts = append(parts, tr.T("pbrc.diff.saving", map[string]any{"Code": sv.UnitPriceCode, "Months": sv.Months}))
		}
		if len(parts) == 0 {
			return tr.T("pbrc.diff.none", nil)
		}
		return strings.Join(parts, "; ")
	}
	for i := range new.Outcomes {
		n := &new.Outcomes[i]
		o := old.Outcome(n.Code)
		label := func(key string) string { return n.Code + ": " + field("outcome."+key) }
		if o == nil {
			out = append(out, pbrChange{Kind: "added", What: tr.T("pbrc.diff.outcome", map[string]any{"Code": n.Code}),
				New: n.Description + " · " + kr(n.PriceOre)})
			continue
		}
		changed(label("description"), o.Description, n.Description)
		changed(label("evidence"), o.Evidence, n.Evidence)
		changed(label("price"), kr(o.PriceOre), kr(n.PriceOre))
		changed(label("per_participant_limit"), strconv.Itoa(o.PerParticipantLimit), strconv.Itoa(n.PerParticipantLimit))
		changed(label("requires"), strings.Join(o.Requires, ", "), strings.Join(n.Requires, ", "))
		changed(label("window_days"), opt(o.WindowDays), opt(n.WindowDays))
		changed(label("cap_count"), opt(o.CapCount), opt(n.CapCount))
		changed(label("target_count"), strconv.Itoa(o.TargetCount), strconv.Itoa(n.TargetCount))
		changed(label("savings"), savings(o), savings(n))
	}
	for i := range old.Outcomes {
		o := &old.Outcomes[i]
		if new.Outcome(o.Code) == nil {
			out = append(out, pbrChange{Kind: "removed", What: tr.T("pbrc.diff.outcome", map[string]any{"Code": o.Code}),
				Old: o.Description + " · " + kr(o.PriceOre)})
		}
	}
	return out
}
