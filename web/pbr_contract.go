package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
)

// pbrListPageSize is how many contracts one page of "my contracts" shows.
const pbrListPageSize = 20

// pbrOrgSearchLimit bounds the name/CVR search for a provider or investor.
const pbrOrgSearchLimit = 20

// pbrListItem is one contract on the list, with the sides the viewer
// plays in it.
type pbrListItem struct {
	C     *samspil.OutcomeContract
	Sides []samspil.ContractSide
}

// pbrListData is "my outcome contracts".
type pbrListData struct {
	FormData
	Items     []pbrListItem
	Total     int
	Pager     adminPager
	CanCreate bool
	Statuses  []Option
}

// handlePbrList shows the contracts of every organisation the person is a
// member of (platform admins: every contract), newest first, with a title
// search and a status filter.
func (s *Server) handlePbrList(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	f := EmptyForm(r)
	q := r.URL.Query()
	f.Set("q", q.Get("q"))
	f.Set("status", q.Get("status"))
	tr := f.tr
	d := &pbrListData{FormData: FormData{Form: f}, CanCreate: len(buyerOrgs(p)) > 0}
	d.Statuses = []Option{{Value: "", Label: tr.T("pbrc.list.any_status", nil)}}
	for _, st := range samspil.ContractStatuses {
		d.Statuses = append(d.Statuses, Option{Value: string(st), Label: tr.T("pbrc.status."+string(st), nil)})
	}
	filter := samspil.ContractFilter{Query: f.Get("q")}
	if utf8.RuneCountInString(filter.Query) > samspil.MaxQueryLen {
		filter.Query = string([]rune(filter.Query)[:samspil.MaxQueryLen])
	}
	if st := samspil.ContractStatus(f.Get("status")); st.Valid() {
		filter.Statuses = []samspil.ContractStatus{st}
	}
	page := adminPageParam(r)
	seen := map[int64]bool{}
	var all []*samspil.OutcomeContract
	total := 0
	if p.IsPlatformAdmin() {
		filter.Offset, filter.Limit = (page-1)*pbrListPageSize, pbrListPageSize
		items, n, err := s.store.FindOutcomeContracts(r.Context(), filter)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		all, total = items, n
	} else {
		// A person belongs to few organisations: read each one's contracts
		// (bounded) and page the union here, so a contract between two of
		// them is listed once.
		for _, m := range p.Memberships {
			if m.Status != samspil.MembershipActive {
				continue
			}
			ff := filter
			ff.OrganisationID, ff.Limit = m.OrganisationID, samspil.MaxPageSize
			items, _, err := s.store.FindOutcomeContracts(r.Context(), ff)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			for _, c := range items {
				if !seen[c.ID] {
					seen[c.ID] = true
					all = append(all, c)
				}
			}
		}
		sortPbrNewest(all)
		total = len(all)
		lo := min((page-1)*pbrListPageSize, len(all))
		all = all[lo:min(lo+pbrListPageSize, len(all))]
	}
	for _, c := range all {
		d.Items = append(d.Items, pbrListItem{C: c, Sides: p.ContractSides(c)})
	}
	d.Total, d.Pager = total, newAdminPager(r, page, total, pbrListPageSize)
	s.render(w, r, http.StatusOK, "pbr_contract_list", d)
}

// sortPbrNewest orders contracts newest first, then by id.
func sortPbrNewest(cs []*samspil.OutcomeContract) {
	sort.Slice(cs, func(i, j int) bool {
		if !cs[i].CreatedAt.Equal(cs[j].CreatedAt) {
			return cs[i].CreatedAt.After(cs[j].CreatedAt)
		}
		return cs[i].ID > cs[j].ID
	})
}

// pbrFormData is the contract form: new and draft edit.
type pbrFormData struct {
	FormData
	Contract         *samspil.OutcomeContract // the stored draft; nil for a new one
	Commissioners    []Option
	CommissionerName string // when it is fixed
	Providers        []Option
	Investors        []Option
	Searched         bool
	TargetGroups     []Option
	Periods          []Option
	UnitPrices       []Option
	Rows             []int
	Slots            []int
	Action, Cancel   string
	// Stale is set when the other side saved the draft meanwhile: the page
	// keeps what the person typed and links to the draft as it now is.
	Stale bool
}

// newPbrFormData prepares the form's choices around f.
func (s *Server) newPbrFormData(r *http.Request, f *Form, c *samspil.OutcomeContract) (*pbrFormData, error) {
	tr := f.tr
	p := s.principal(r)
	d := &pbrFormData{FormData: FormData{Form: f}, Contract: c, Action: "/resultatkontrakter/ny", Cancel: "/resultatkontrakter"}
	if c == nil {
		own := buyerOrgs(p)
		d.Commissioners = own
		if len(own) == 1 {
			d.CommissionerName = own[0].Label
			f.Set("commissioner_id", own[0].Value)
		} else {
			d.Commissioners = append([]Option{{Value: "", Label: tr.T("pbrc.form.choose_commissioner", nil)}}, own...)
		}
	} else {
		d.CommissionerName, d.Action, d.Cancel = c.Commissioner, pbrPath(c.ID, "/rediger"), pbrPath(c.ID, "")
		f.Set("commissioner_id", strconv.FormatInt(c.CommissionerID, 10))
	}
	groups, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		return nil, err
	}
	d.TargetGroups = append([]Option{{Value: "", Label: tr.T("pbrc.form.choose_target_group", nil)}}, targetGroupOptions(groups, s.lang(r))...)
	if d.Periods, d.UnitPrices, d.Slots, err = s.pbrTermsChoices(r, tr); err != nil {
		return nil, err
	}
	if err := s.pbrOrgChoices(r, f, d); err != nil {
		return nil, err
	}
	d.Rows = pbrRows(f)
	return d, nil
}

// pbrOrgChoices fills the provider and investor selects: the ones chosen
// already, and the organisations whose name or CVR matches org_q.
func (s *Server) pbrOrgChoices(r *http.Request, f *Form, d *pbrFormData) error {
	tr := f.tr
	var ids []int64
	for _, name := range []string{"provider_id", "investor_id"} {
		if id, err := strconv.ParseInt(f.Get(name), 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	seen := map[int64]bool{}
	var found []Option
	add := func(o *samspil.Organisation) {
		if seen[o.ID] || o.Kind == samspil.OrgKommune {
			return
		}
		seen[o.ID] = true
		label := o.Name
		if o.CVR != "" {
			label += " (CVR " + o.CVR + ")"
		}
		found = append(found, Option{Value: strconv.FormatInt(o.ID, 10), Label: label})
	}
	if len(ids) > 0 {
		orgs, _, err := s.store.FindOrganisations(r.Context(), samspil.OrganisationFilter{IDs: ids, Limit: pbrOrgSearchLimit})
		if err != nil {
			return err
		}
		for _, o := range orgs {
			add(o)
		}
	}
	if q := f.Get("org_q"); q != "" {
		if utf8.RuneCountInString(q) > samspil.MaxQueryLen {
			q = string([]rune(q)[:samspil.MaxQueryLen])
		}
		d.Searched = true
		orgs, _, err := s.store.FindOrganisations(r.Context(), samspil.OrganisationFilter{Query: q, Limit: pbrOrgSearchLimit})
		if err != nil && samspil.ErrorCode(err) != samspil.EINVALID {
			return err
		}
		for _, o := range orgs {
			add(o)
		}
	}
	d.Providers = append([]Option{{Value: "", Label: tr.T("pbrc.form.choose_provider", nil)}}, found...)
	d.Investors = append([]Option{{Value: "", Label: tr.T("pbrc.form.no_investor", nil)}}, found...)
	return nil
}

// handlePbrNewPage shows the empty form to municipal staff; everybody
// else is told that only a municipality commissions.
func (s *Server) handlePbrNewPage(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if len(buyerOrgs(p)) == 0 {
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "pbrc.web.no_commissioner", "only municipal staff can draft outcome contracts"))
		return
	}
	f := EmptyForm(r)
	q := r.URL.Query()
	for _, k := range []string{"org_q", "provider_id", "investor_id", "title", "target_group"} {
		if v := strings.TrimSpace(q.Get(k)); v != "" && len(v) <= 200 {
			f.Set(k, v)
		}
	}
	f.Set("statement_period", string(samspil.PeriodQuarter))
	f.Set(pbrRowField(0, "per_participant_limit"), "1")
	d, err := s.newPbrFormData(r, f, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pbr_contract_form", d)
}

// pbrFormRedisplay reports whether the post only asks for the form again:
// one more rate-card row, or an organisation search.
func pbrFormRedisplay(f *Form) bool {
	a := f.Get("action")
	return a == "rows" || a == "search"
}

// checkPbrForm parses and validates the form and records every problem
// on f next to its field.
func (s *Server) checkPbrForm(f *Form) (*samspil.OutcomeContract, int, bool) {
	c, rows, version, err := parsePbrForm(f.Values)
	var val samspil.Validation
	val.Merge(err)
	check := *c
	check.Outcomes = append([]samspil.Outcome(nil), c.Outcomes...)
	if err := check.Validate(s.now()); err != nil {
		pbrAddFieldErrors(&val, pbrRenameField(err, rows))
	}
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		return c, version, false
	}
	return c, version, true
}

// handlePbrCreate stores a new draft for one of the person's
// municipalities, or shows the form again: with one more outcome row,
// the organisations found, or every problem next to its field.
func (s *Server) handlePbrCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	own := buyerOrgs(p)
	if len(own) == 0 {
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "pbrc.web.no_commissioner", "only municipal staff can draft outcome contracts"))
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	commissioner, _ := strconv.ParseInt(f.Get("commissioner_id"), 10, 64)
	if commissioner <= 0 && len(own) == 1 {
		commissioner, _ = strconv.ParseInt(own[0].Value, 10, 64)
	}
	if commissioner > 0 {
		if err := p.Require(p.CanCreateContract(commissioner)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d, err := s.newPbrFormData(r, f, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if pbrFormRedisplay(f) {
		s.render(w, r, http.StatusOK, "pbr_contract_form", d)
		return
	}
	c, _, ok := s.checkPbrForm(f)
	c.CommissionerID = commissioner
	if commissioner <= 0 && !f.Invalid("commissioner_id") {
		f.AddError("commissioner_id", "pbr.commissioner.required", nil)
		ok = false
	}
	if !ok {
		d.Rows = pbrRows(f)
		s.render(w, r, http.StatusUnprocessableEntity, "pbr_contract_form", d)
		return
	}
	c.CreatedBy = p.User.ID
	if err := s.store.CreateOutcomeContract(r.Context(), c); err != nil {
		if f.SetErrors(pbrRenameField(err, nil)) {
			d.Rows = pbrRows(f)
			s.render(w, r, HTTPStatus(err), "pbr_contract_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "pbrc.flash.created")
	s.redirect(w, r, pbrPath(c.ID, ""))
}

// canEditPbr: the commissioner's members while the contract is a draft.
func canEditPbr(p *samspil.Principal, c *samspil.OutcomeContract) bool {
	return p.HasContractSide(c, samspil.SideCommissioner)
}

// handlePbrEditPage shows the form filled from a draft.
func (s *Server) handlePbrEditPage(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadPbrIn(w, r, canEditPbr, true, samspil.ContractDraft)
	if !ok {
		return
	}
	f := EmptyForm(r)
	f.Values = pbrFormValues(c)
	d, err := s.newPbrFormData(r, f, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pbr_contract_form", d)
}

// handlePbrEdit saves a draft, which clears both approvals. When the
// draft was saved meanwhile (ECONFLICT pbr.stale), the form comes back
// with everything the person typed, a message, a link to the draft as it
// now is and the new version, so saving again on purpose overwrites it.
func (s *Server) handlePbrEdit(w http.ResponseWriter, r *http.Request) {
	old, _, f, ok := s.loadPbrPost(w, r, canEditPbr, samspil.ContractDraft)
	if !ok {
		return
	}
	d, err := s.newPbrFormData(r, f, old)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if pbrFormRedisplay(f) {
		s.render(w, r, http.StatusOK, "pbr_contract_form", d)
		return
	}
	c, version, ok := s.checkPbrForm(f)
	if !ok {
		d.Rows = pbrRows(f)
		s.render(w, r, http.StatusUnprocessableEntity, "pbr_contract_form", d)
		return
	}
	c.CommissionerID = old.CommissionerID
	if _, err := s.store.UpdateOutcomeContract(r.Context(), old.ID, c, version); err != nil {
		if e, isDomain := samspil.AsError(err); isDomain && e.Code == samspil.ECONFLICT && e.Key == "pbr.stale" {
			f.SetErrors(err)
			d.Stale = true
			if cur, ferr := s.store.FindOutcomeContractByID(r.Context(), old.ID); ferr == nil {
				f.Set("version", strconv.Itoa(cur.Version))
				d.Contract = cur
			}
			s.render(w, r, http.StatusConflict, "pbr_contract_form", d)
			return
		}
		if f.SetErrors(pbrRenameField(err, nil)) {
			d.Rows = pbrRows(f)
			s.render(w, r, HTTPStatus(err), "pbr_contract_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "pbrc.flash.saved")
	s.redirect(w, r, pbrPath(old.ID, ""))
}

// pbrViewData is a contract's page.
type pbrViewData struct {
	Contract      *samspil.OutcomeContract
	Sides         []samspil.ContractSide
	Draft, Active bool
	Finished      bool
	CanEdit       bool // edit and delete the draft
	CanApprove    bool // the person has a side that has not approved yet
	CanFinish     bool
	CanAmend      bool
	CanParticip   bool // participants and claims (commissioner and provider)
	CommApprover  string
	ProvApprover  string
	Requires      map[string]string // outcome code → its prerequisites, joined
}

// handlePbrView shows a contract to its parties and platform admins.
func (s *Server) handlePbrView(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadPbr(w, r, nil, true)
	if !ok {
		return
	}
	d := &pbrViewData{Contract: c, Sides: p.ContractSides(c), Draft: c.Status == samspil.ContractDraft,
		Active: c.Status == samspil.ContractActive, Finished: c.Status == samspil.ContractFinished,
		CanEdit: p.CanEditContract(c), CanAmend: p.CanProposeAmendment(c), CanParticip: p.CanViewParticipants(c),
		Requires: pbrRequiresMap(c)}
	d.CanFinish = d.Active && p.HasContractSide(c, samspil.SideCommissioner)
	if d.Draft {
		for _, sd := range pbrSigningSides(p, c) {
			if (sd == samspil.SideCommissioner && c.CommissionerApprovedAt == nil) || (sd == samspil.SideProvider && c.ProviderApprovedAt == nil) {
				d.CanApprove = true
			}
		}
	}
	d.CommApprover = s.pbrUserName(r, c.CommissionerApprovedBy)
	d.ProvApprover = s.pbrUserName(r, c.ProviderApprovedBy)
	s.render(w, r, http.StatusOK, "pbr_contract_view", d)
}

// pbrUserName is the name of the person with id, or "" (0 or gone).
func (s *Server) pbrUserName(r *http.Request, id int64) string {
	if id == 0 {
		return ""
	}
	u, err := s.store.FindUserByID(r.Context(), id)
	if err != nil {
		return ""
	}
	return u.Name
}

// pbrConfirmData is the confirmation page of approving, deleting and
// finishing a contract.
type pbrConfirmData struct {
	FormData
	Contract *samspil.OutcomeContract
	Kind     string // "approve", "delete" or "finish": keys pbr.<Kind>.*
	Path     string // the URL part after /resultatkontrakter/{id}/
	Sides    []Option
	Risky    bool
	Requires map[string]string
}

// pbrApprovable checks that the person may approve c now and returns the
// sides to choose from (those that have not approved yet).
func pbrApprovable(p *samspil.Principal, c *samspil.OutcomeContract, tr *Translator) ([]Option, error) {
	if c.Status != samspil.ContractDraft {
		return nil, pbrWrongStatus(c)
	}
	out := pbrOpenSides(tr, c, pbrSigningSides(p, c), c.CommissionerApprovedAt != nil, c.ProviderApprovedAt != nil)
	if len(out) == 0 {
		return nil, samspil.Errorf(samspil.ECONFLICT, "pbrc.web.already_approved", "your side has already approved this version")
	}
	return out, nil
}

// pbrSideName is the name of the organisation on side.
func pbrSideName(c *samspil.OutcomeContract, sd samspil.ContractSide) string {
	switch sd {
	case samspil.SideCommissioner:
		return c.Commissioner
	case samspil.SideProvider:
		return c.Provider
	}
	return c.Investor
}

// pbrRequiresMap is each outcome's prerequisites, joined for the page.
func pbrRequiresMap(c *samspil.OutcomeContract) map[string]string {
	m := map[string]string{}
	for _, o := range c.Outcomes {
		m[o.Code] = strings.Join(o.Requires, ", ")
	}
	return m
}

// handlePbrApprovePage shows the terms being approved with their version;
// a member of both sides chooses the side.
func (s *Server) handlePbrApprovePage(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadPbr(w, r, pbrSigner, true)
	if !ok {
		return
	}
	f := EmptyForm(r)
	sides, err := pbrApprovable(p, c, f.tr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Set("version", strconv.Itoa(c.Version))
	if len(sides) == 1 {
		f.Set("side", sides[0].Value)
	}
	s.render(w, r, http.StatusOK, "pbr_contract_confirm", &pbrConfirmData{FormData: FormData{Form: f}, Contract: c, Kind: "approve",
		Path: "godkend", Sides: sides, Requires: pbrRequiresMap(c)})
}

// handlePbrApprove records the side's approval of the version shown.
func (s *Server) handlePbrApprove(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadPbr(w, r, pbrSigner, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	sides, err := pbrApprovable(p, c, f.tr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &pbrConfirmData{FormData: FormData{Form: f}, Contract: c, Kind: "approve", Path: "godkend", Sides: sides, Requires: pbrRequiresMap(c)}
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "pbr_contract_confirm", d)
		return
	}
	side, ok := pbrChosenOption(f, sides)
	if !ok {
		f.AddError("side", "pbrc.web.side_required", nil)
		s.render(w, r, http.StatusUnprocessableEntity, "pbr_contract_confirm", d)
		return
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		version = c.Version
	}
	got, err := s.store.ApproveOutcomeContract(r.Context(), c.ID, side, version)
	if err != nil {
		if e, isDomain := samspil.AsError(err); isDomain && e.Code == samspil.ECONFLICT && e.Key == "pbr.stale" {
			// The draft changed since the page was shown: show the terms
			// as they are now, with the new version, to approve knowingly.
			if cur, ferr := s.store.FindOutcomeContractByID(r.Context(), c.ID); ferr == nil {
				d.Contract, d.Requires = cur, pbrRequiresMap(cur)
				f.Set("version", strconv.Itoa(cur.Version))
			}
			f.SetErrors(err)
			s.render(w, r, http.StatusConflict, "pbr_contract_confirm", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	if got != nil && got.Status == samspil.ContractActive {
		s.setFlash(r, "pbrc.flash.active")
	} else {
		s.setFlash(r, "pbrc.flash.approved")
	}
	s.redirect(w, r, pbrPath(c.ID, ""))
}

// pbrStatusStep is a step that asks first and then moves a contract on
// from Status: deleting a draft, finishing an active contract.
type pbrStatusStep struct {
	Status     samspil.ContractStatus
	Kind, Path string // of the confirmation page (pbrConfirmData)
	// ConflictOnPage shows an ECONFLICT of the step (finishing before
	// every statement is approved) on the confirmation page rather than
	// as an error page.
	ConflictOnPage bool
}

var (
	pbrDeleteStep = pbrStatusStep{Status: samspil.ContractDraft, Kind: "delete", Path: "slet"}
	pbrFinishStep = pbrStatusStep{Status: samspil.ContractActive, Kind: "finish", Path: "afslut", ConflictOnPage: true}
)

// pbrStepPage shows the confirmation page of step to the commissioner.
func (s *Server) pbrStepPage(w http.ResponseWriter, r *http.Request, step pbrStatusStep) {
	c, _, ok := s.loadPbrIn(w, r, canEditPbr, true, step.Status)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "pbr_contract_confirm", &pbrConfirmData{FormData: FormData{Form: EmptyForm(r)}, Contract: c, Kind: step.Kind, Path: step.Path, Risky: true})
}

// pbrStep takes step with act once confirm=yes is posted (without it, it
// asks); it reports whether the step was taken, and the contract.
func (s *Server) pbrStep(w http.ResponseWriter, r *http.Request, step pbrStatusStep, act func(ctx context.Context, id int64) error) (*samspil.OutcomeContract, bool) {
	c, _, f, ok := s.loadPbrPost(w, r, canEditPbr, step.Status)
	if !ok {
		return nil, false
	}
	d := &pbrConfirmData{FormData: FormData{Form: f}, Contract: c, Kind: step.Kind, Path: step.Path, Risky: true}
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "pbr_contract_confirm", d)
		return nil, false
	}
	if err := act(r.Context(), c.ID); err != nil {
		if step.ConflictOnPage && samspil.ErrorCode(err) == samspil.ECONFLICT {
			caseGlobalErrors(f, err)
			s.render(w, r, http.StatusConflict, "pbr_contract_confirm", d)
			return nil, false
		}
		s.fail(w, r, err)
		return nil, false
	}
	return c, true
}

// handlePbrDeletePage asks before a draft is deleted.
func (s *Server) handlePbrDeletePage(w http.ResponseWriter, r *http.Request) {
	s.pbrStepPage(w, r, pbrDeleteStep)
}

// handlePbrDelete deletes a draft; without confirm=yes it asks.
func (s *Server) handlePbrDelete(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.pbrStep(w, r, pbrDeleteStep, s.store.DeleteOutcomeContract); !ok {
		return
	}
	s.setFlash(r, "pbrc.flash.deleted")
	s.redirect(w, r, "/resultatkontrakter")
}

// handlePbrFinishPage asks before an active contract is finished.
func (s *Server) handlePbrFinishPage(w http.ResponseWriter, r *http.Request) {
	s.pbrStepPage(w, r, pbrFinishStep)
}

// handlePbrFinish finishes an active contract after its period once every
// statement is approved; the store says why not otherwise.
func (s *Server) handlePbrFinish(w http.ResponseWriter, r *http.Request) {
	c, ok := s.pbrStep(w, r, pbrFinishStep, func(ctx context.Context, id int64) error {
		_, err := s.store.FinishOutcomeContract(ctx, id)
		return err
	})
	if !ok {
		return
	}
	s.setFlash(r, "pbrc.flash.finished")
	s.redirect(w, r, pbrPath(c.ID, ""))
}
