package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// pbrClaimPageSize is how many claims the list shows per page.
const pbrClaimPageSize = 50

// pbrBulkConfirmAbove is the number of claims above which a bulk
// decision is shown on a confirmation page before it is made.
const pbrBulkConfirmAbove = 50

// pbrMaxDecisionReason bounds the reason of a decision.
const pbrMaxDecisionReason = 2000

// pbrClaimSorts are the list's sort orders; the first is the default.
var pbrClaimSorts = []string{"achieved", "submitted", "outcome", "participant"}

// pbrClaimListData is the claims list with its filters, one page of
// claims and the bulk decision form.
type pbrClaimListData struct {
	FormData
	*pbrContractView
	Claims        []*samspil.Claim
	Total         int
	Pager         adminPager
	Filter        *Form // the filters, read from the query
	Outcomes      []Option
	Decisions     []Option
	Reasons       []Option
	Sorts         []Option
	Action        string // the bulk form's action: the list with its filters
	NoParticipant bool   // a participant filter named nobody
}

// pbrOutcomeOptions lists the rate card for selects: "CODE – description".
func pbrOutcomeOptions(c *samspil.OutcomeContract) []Option {
	var out []Option
	for _, o := range c.Outcomes {
		out = append(out, Option{Value: o.Code, Label: o.Code + " – " + o.Description})
	}
	return out
}

// pbrReasonCodes are the reason filter's choices: "paid" (no reason),
// every engine reason and "rejected".
func pbrReasonCodes() []string {
	out := []string{"paid"}
	for _, r := range pbr.Reasons {
		out = append(out, string(r))
	}
	return append(out, "rejected")
}

// readPbrClaimFilter reads the list's query into a store filter; unknown
// values are cleared so the page shows what was applied.
func (s *Server) readPbrClaimFilter(r *http.Request, v *pbrContractView, f *Form) (samspil.ClaimFilter, bool, error) {
	c := v.Contract
	cf := samspil.ClaimFilter{ContractID: c.ID, Limit: pbrClaimPageSize}
	if o := strings.ToUpper(f.Get("outcome")); o != "" {
		if c.Outcome(o) != nil {
			cf.OutcomeCode = o
			f.Set("outcome", o)
		} else {
			f.Set("outcome", "")
		}
	}
	switch d := samspil.ClaimDecision(f.Get("decision")); d {
	case samspil.ClaimPending, samspil.ClaimApproved, samspil.ClaimRejected:
		cf.Decisions = []samspil.ClaimDecision{d}
	default:
		f.Set("decision", "")
	}
	if rc := f.Get("reason"); rc != "" {
		if slices.Contains(pbrReasonCodes(), rc) {
			cf.Reason = rc
		} else {
			f.Set("reason", "")
		}
	}
	cf.Sort = pbrClaimSorts[0]
	if slices.Contains(pbrClaimSorts, f.Get("sort")) {
		cf.Sort = f.Get("sort")
	}
	f.Set("sort", cf.Sort)
	page := adminPageParam(r)
	cf.Offset = (page - 1) * pbrClaimPageSize
	if ps := f.Get("participant"); ps != "" {
		if utf8.RuneCountInString(ps) > samspil.MaxPseudonymLen {
			f.Set("participant", "")
		} else {
			p, err := s.findPbrParticipant(r, c.ID, ps)
			if err != nil {
				return cf, false, err
			}
			if p == nil {
				return cf, true, nil
			}
			cf.ParticipantID = p.ID
		}
	}
	return cf, false, nil
}

// findPbrParticipant returns the contract's participant with exactly the
// pseudonym ps, or nil.
func (s *Server) findPbrParticipant(r *http.Request, contractID int64, ps string) (*samspil.Participant, error) {
	list, _, err := s.store.FindParticipants(r.Context(), samspil.ParticipantFilter{ContractID: contractID, Query: ps, Limit: 50})
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		if p.Pseudonym == ps {
			return p, nil
		}
	}
	return nil, nil
}

// handlePbrClaims is the claims list.
func (s *Server) handlePbrClaims(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return
	}
	s.renderPbrClaims(w, r, http.StatusOK, v, EmptyForm(r))
}

// renderPbrClaims shows the list with the bulk form f (its ticked claims
// and errors kept).
func (s *Server) renderPbrClaims(w http.ResponseWriter, r *http.Request, status int, v *pbrContractView, f *Form) {
	tr := TranslatorFrom(r)
	filter := &Form{Values: r.URL.Query(), Fields: map[string]string{}, tr: tr}
	d := &pbrClaimListData{FormData: FormData{Form: f}, pbrContractView: v, Filter: filter}
	cf, none, err := s.readPbrClaimFilter(r, v, filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.NoParticipant = none
	if !none {
		if d.Claims, d.Total, err = s.store.FindClaims(r.Context(), cf); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d.Pager = newAdminPager(r, cf.Offset/pbrClaimPageSize+1, d.Total, pbrClaimPageSize)
	d.Outcomes = append([]Option{{Value: "", Label: tr.T("pbrclaim.filter.any", nil)}}, pbrOutcomeOptions(v.Contract)...)
	d.Decisions = []Option{{Value: "", Label: tr.T("pbrclaim.filter.any", nil)}}
	for _, x := range []samspil.ClaimDecision{samspil.ClaimPending, samspil.ClaimApproved, samspil.ClaimRejected} {
		d.Decisions = append(d.Decisions, Option{Value: string(x), Label: tr.T("pbrclaim.decision."+string(x), nil)})
	}
	d.Reasons = []Option{{Value: "", Label: tr.T("pbrclaim.filter.any", nil)}}
	for _, rc := range pbrReasonCodes() {
		d.Reasons = append(d.Reasons, Option{Value: rc, Label: tr.T("pbrclaim.reason_short."+rc, nil)})
	}
	for _, so := range pbrClaimSorts {
		d.Sorts = append(d.Sorts, Option{Value: so, Label: tr.T("pbrclaim.sort."+so, nil)})
	}
	for _, list := range [][]Option{d.Outcomes, d.Decisions, d.Reasons, d.Sorts} {
		for i := range list {
			list[i].Selected = false
		}
	}
	mark := func(list []Option, val string) {
		for i := range list {
			list[i].Selected = list[i].Value == val
		}
	}
	mark(d.Outcomes, filter.Get("outcome"))
	mark(d.Decisions, filter.Get("decision"))
	mark(d.Reasons, filter.Get("reason"))
	mark(d.Sorts, filter.Get("sort"))
	d.Action = r.URL.Path
	if q := r.URL.Query(); len(q) > 0 {
		q.Del("lang")
		d.Action += "?" + q.Encode()
	}
	s.render(w, r, status, "pbr_claim_list", d)
}

// readPbrDecision reads decision and reason from f; problems are recorded
// on f.
func readPbrDecision(f *Form) (samspil.ClaimDecision, string) {
	d := samspil.ClaimDecision(f.Get("decision"))
	if d != samspil.ClaimApproved && d != samspil.ClaimRejected {
		f.AddError("decision", "pbr.decision.invalid", nil)
	}
	reason := f.Get("reason")
	switch {
	case d == samspil.ClaimRejected && reason == "":
		f.AddError("reason", "pbr.decision.reason_required", nil)
	case utf8.RuneCountInString(reason) > pbrMaxDecisionReason:
		f.AddError("reason", "field.too_long", map[string]any{"Max": pbrMaxDecisionReason})
	case samspil.LooksLikeCPR(reason):
		f.AddError("reason", "cpr.refused", nil)
	}
	return d, reason
}

// pbrDecideData is the confirmation page of a large bulk decision.
type pbrDecideData struct {
	FormData
	*pbrContractView
	IDs      []string
	Decision samspil.ClaimDecision
	Reason   string
	Action   string
}

// handlePbrClaimsDecide approves or rejects the ticked claims of the list
// at once. More than pbrBulkConfirmAbove claims are confirmed first.
func (s *Server) handlePbrClaimsDecide(w http.ResponseWriter, r *http.Request) {
	v, f, ok := s.loadPbrDecider(w, r)
	if !ok {
		return
	}
	var ids []int64
	for _, x := range f.List("ids") {
		id, err := strconv.ParseInt(x, 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		f.AddError("ids", "pbr.decision.none_selected", nil)
	}
	dec, reason := readPbrDecision(f)
	if !f.Valid() {
		s.renderPbrClaims(w, r, http.StatusUnprocessableEntity, v, f)
		return
	}
	if len(ids) > pbrBulkConfirmAbove && f.Get("confirm") != "yes" {
		d := &pbrDecideData{FormData: FormData{Form: f}, pbrContractView: v, IDs: f.List("ids"), Decision: dec, Reason: reason, Action: r.URL.RequestURI()}
		s.render(w, r, http.StatusOK, "pbr_claim_decide", d)
		return
	}
	if !s.pbrDecide(w, r, v, f, ids, dec, reason, func(status int) { s.renderPbrClaims(w, r, status, v, f) }) {
		return
	}
	s.setFlash(r, "pbrclaim.flash.decided_"+string(dec))
	s.redirect(w, r, r.URL.RequestURI())
}

// loadPbrDecider is the start of a decision post (one claim or many):
// the contract, the form, and the right to decide.
func (s *Server) loadPbrDecider(w http.ResponseWriter, r *http.Request) (*pbrContractView, *Form, bool) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return nil, nil, false
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return nil, nil, false
	}
	if !v.CanDecide() {
		s.fail(w, r, pbrDecideRefused(v))
		return nil, nil, false
	}
	return v, f, true
}

// pbrDecide records the decision on the claims ids; a refusal the form
// can show is shown by show with its status. It reports whether the
// decision was recorded.
func (s *Server) pbrDecide(w http.ResponseWriter, r *http.Request, v *pbrContractView, f *Form, ids []int64, dec samspil.ClaimDecision, reason string, show func(status int)) bool {
	if _, err := s.store.DecideClaims(r.Context(), v.Contract.ID, ids, dec, reason); err != nil {
		if f.SetErrors(err) {
			show(HTTPStatus(err))
			return false
		}
		s.fail(w, r, err)
		return false
	}
	return true
}

// pbrDecideRefused is the answer to someone who may not decide claims:
// the provider is refused, and anyone acting on a draft is told why.
func pbrDecideRefused(v *pbrContractView) error {
	if v.Commissioner && v.Contract.Status == samspil.ContractDraft {
		return samspil.Errorf(samspil.ECONFLICT, "pbr.not_active", "the contract is not active")
	}
	return samspil.Errorf(samspil.EFORBIDDEN, "pbrclaim.decide.forbidden", "only the commissioner approves and rejects claims")
}

// pbrDecisionEvent is one decision in a claim's history, from the audit
// trail: who decided what, when and why.
type pbrDecisionEvent struct {
	At       time.Time
	Who      string
	Decision samspil.ClaimDecision
	Reason   string
}

// pbrClaimData is one claim's page.
type pbrClaimData struct {
	FormData
	*pbrContractView
	Claim     *samspil.Claim
	Outcome   *samspil.Outcome
	Files     []*samspil.Attachment
	History   []pbrDecisionEvent
	Submitter string
}

// loadPbrClaim resolves {cid} as one of the contract's claims.
func (s *Server) loadPbrClaim(w http.ResponseWriter, r *http.Request, v *pbrContractView) (*samspil.Claim, bool) {
	cid, err := orgPathID(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	cl, err := s.store.FindClaimByID(r.Context(), cid)
	if err == nil && cl.ContractID != v.Contract.ID {
		err = samspil.Errorf(samspil.ENOTFOUND, "pbr.claim.not_found", "the claim is not in this contract")
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return cl, true
}

// handlePbrClaim shows one claim: the engine's check with its reason, the
// decision and its history, and the evidence.
func (s *Server) handlePbrClaim(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return
	}
	cl, ok := s.loadPbrClaim(w, r, v)
	if !ok {
		return
	}
	s.renderPbrClaim(w, r, http.StatusOK, v, cl, EmptyForm(r))
}

func (s *Server) renderPbrClaim(w http.ResponseWriter, r *http.Request, status int, v *pbrContractView, cl *samspil.Claim, f *Form) {
	ctx := r.Context()
	d := &pbrClaimData{FormData: FormData{Form: f}, pbrContractView: v, Claim: cl, Outcome: v.Contract.Outcome(cl.OutcomeCode)}
	if cl.AttachmentID != nil {
		a, err := s.store.FindAttachmentByID(ctx, *cl.AttachmentID)
		if err != nil && samspil.ErrorCode(err) != samspil.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		if err == nil {
			d.Files = append(d.Files, a)
		}
	}
	names := map[int64]string{}
	name := func(id int64) string {
		if id == 0 {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		n := "#" + strconv.FormatInt(id, 10)
		if u, err := s.store.FindUserByID(ctx, id); err == nil {
			n = u.Name
		}
		names[id] = n
		return n
	}
	d.Submitter = name(cl.SubmittedBy)
	d.History = s.pbrDecisionHistory(r, cl, name)
	s.render(w, r, status, "pbr_claim_view", d)
}

// pbrDecisionHistory reads a claim's decisions from the audit trail,
// oldest first: the store writes one "pbr.claim.decide" event per decided
// claim, whose "after" state holds the decision and its reason. Without
// events (a bulk decision of very many claims is audited as one event)
// the claim's current decision stands alone.
func (s *Server) pbrDecisionHistory(r *http.Request, cl *samspil.Claim, name func(int64) string) []pbrDecisionEvent {
	var out []pbrDecisionEvent
	evs, _, err := s.store.FindAuditEvents(r.Context(), samspil.AuditFilter{EntityType: "pbr_claim", EntityID: cl.ID, Limit: 100})
	if err == nil {
		for i := len(evs) - 1; i >= 0; i-- {
			ev := evs[i]
			var after struct {
				Decision samspil.ClaimDecision `json:"decision"`
				Reason   string                `json:"reason"`
			}
			if ev.Action != "pbr.claim.decide" || json.Unmarshal([]byte(ev.After), &after) != nil {
				continue
			}
			if after.Decision != samspil.ClaimApproved && after.Decision != samspil.ClaimRejected {
				continue
			}
			out = append(out, pbrDecisionEvent{At: ev.CreatedAt, Who: name(ev.ActorID), Decision: after.Decision, Reason: after.Reason})
		}
	}
	if len(out) == 0 && cl.DecidedAt != nil && cl.Decision != samspil.ClaimPending {
		out = append(out, pbrDecisionEvent{At: *cl.DecidedAt, Who: name(cl.DecidedBy), Decision: cl.Decision, Reason: cl.DecisionReason})
	}
	return out
}

// handlePbrClaimDecide approves or rejects one claim from its page.
func (s *Server) handlePbrClaimDecide(w http.ResponseWriter, r *http.Request) {
	v, f, ok := s.loadPbrDecider(w, r)
	if !ok {
		return
	}
	cl, ok := s.loadPbrClaim(w, r, v)
	if !ok {
		return
	}
	dec, reason := readPbrDecision(f)
	if f.Valid() && cl.Decision != samspil.ClaimPending && cl.Decision != dec && reason == "" {
		f.AddError("reason", "pbr.decision.reason_required", nil)
	}
	if !f.Valid() {
		s.renderPbrClaim(w, r, http.StatusUnprocessableEntity, v, cl, f)
		return
	}
	if !s.pbrDecide(w, r, v, f, []int64{cl.ID}, dec, reason, func(status int) { s.renderPbrClaim(w, r, status, v, cl, f) }) {
		return
	}
	s.setFlash(r, "pbrclaim.flash.decided_one_"+string(dec))
	s.redirect(w, r, pbrClaimPath(v.Contract.ID, "/anmeldelser/"+strconv.FormatInt(cl.ID, 10)))
}

// handlePbrClaimFile sends a claim's evidence to the two parties, always
// as a download (serveAttachment).
func (s *Server) handlePbrClaimFile(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return
	}
	cl, ok := s.loadPbrClaim(w, r, v)
	if !ok {
		return
	}
	fid, err := orgPathID(r, "fid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.FindAttachmentByID(r.Context(), fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A claim's evidence is stored under its contract (the file is
	// uploaded before the claim exists) and named by the claim.
	if cl.AttachmentID == nil || *cl.AttachmentID != a.ID || a.OwnerType != samspil.OwnerClaim || a.OwnerID != v.Contract.ID {
		s.notFound(w, r)
		return
	}
	s.serveAttachment(w, r, a)
}
