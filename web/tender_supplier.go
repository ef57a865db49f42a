package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/match"
)

// The supplier's side of a tender: the published clarifications (and, for
// the buyer, the unanswered ones with an answer form), the question and
// interest forms of a supplier organisation's members, the deadlines with
// calendar files, the follow button and how well the tender fits the
// viewer's organisations. The tender page (the buyer side's file) draws it
// with {{template "tender_supplier_panel" $}} from tenderSupplierPanel.
//
// The forms post to their own routes. A successful post goes back to the
// tender with a flash message; a refused one shows the tender page again
// with the typed text and the errors in place: the post is handed to the
// tender page's own GET route with the failed form in the request context,
// where tenderSupplierPanel picks it up.

// registerTenderSupplierRoutes adds the supplier's side of tenders:
// interest, clarifications, calendar files, "tenders for you" and the feed.
func (s *Server) registerTenderSupplierRoutes(mux *http.ServeMux) {
	with := func(h func(*http.ServeMux, http.ResponseWriter, *http.Request)) http.HandlerFunc {
		return s.requireUser(func(w http.ResponseWriter, r *http.Request) { h(mux, w, r) })
	}
	mux.HandleFunc("POST /udbud/{id}/interesse", with(s.handleTenderInterest))
	mux.HandleFunc("POST /udbud/{id}/spoergsmaal", with(s.handleTenderAsk))
	mux.HandleFunc("POST /udbud/{id}/spoergsmaal/{qid}/svar", with(s.handleTenderAnswer))
	mux.HandleFunc("GET /udbud/{id}/frister.ics", s.handleTenderICS)
	mux.HandleFunc("GET /udbud/til-jer", s.requireUser(s.handleTendersForYou))
	mux.HandleFunc("GET /feeds/tenders.atom", s.handleTenderFeed)
}

// tsupPath is a tender's page with an optional suffix ("#tsup-qa").
func tsupPath(id int64, suffix string) string {
	return "/udbud/" + strconv.FormatInt(id, 10) + suffix
}

// tsupMaxMatchOrgs bounds how many of the viewer's organisations get a
// match explanation on the tender page.
const tsupMaxMatchOrgs = 5

// supplierPanel is the data of the "tender_supplier_panel" partial.
type supplierPanel struct {
	Tender    *samspil.Tender
	Anonymous bool
	LoginURL  string
	// IsBuyer: the buyer's members and platform admins, who see and
	// answer unanswered questions.
	IsBuyer       bool
	Published     bool // status published: questions and interest possible in principle
	QuestionsOpen bool
	Open          bool // tenders may still be handed in
	Answered      []clarView
	Unanswered    []clarView // the buyer's view only
	// QAErrors is a refused answer to a question that has no form any
	// more (answered meanwhile by a colleague).
	QAErrors []SummaryItem
	Mine     []clarView // questions of the viewer's organisations still waiting for an answer
	// Orgs are the viewer's supplier organisations (not municipalities,
	// not the buyer): who may ask and answer the interest form.
	Orgs          []Option
	NoSupplierOrg bool // signed in, but in no supplier organisation
	Responses     []tsupResponse
	AskForm       *Form
	AskErrors     []SummaryItem
	InterestForm  *Form
	InterestErrs  []SummaryItem
	Lots          []Option
	Deadlines     []tsupDeadline
	ICSURL        string
	Follow        followButton
	Matches       []tsupMatch
}

// clarView is one clarification; Form and Errors are set on the one whose
// answer was refused.
type clarView struct {
	C      *samspil.Clarification
	Form   *Form
	Errors []SummaryItem
}

// tsupResponse is one of the viewer's organisations' answer to the tender.
type tsupResponse struct {
	OrgID   int64
	OrgName string
	State   samspil.ResponseState
	Lots    []int
	Message string
	At      *time.Time
}

// tsupDeadline is one deadline on the page, with its calendar file.
type tsupDeadline struct {
	Key     string
	At      time.Time
	AllDay  bool
	Expired bool
	ICS     string
}

// tsupMatch is how well the tender fits one of the viewer's organisations.
type tsupMatch struct {
	OrgID      int64
	OrgName    string
	Score      float64
	Components []componentView
}

// tsupRetryKey carries a refused form from a POST to the tender page.
type tsupRetryKey struct{}

// tsupRetry is a refused form: which one, for which tender and question.
type tsupRetry struct {
	TenderID int64
	Which    string // "ask", "interest" or "answer"
	QID      int64
	Form     *Form
}

// supplierOrgs are the principal's organisations that may act as a
// supplier to t: active memberships of non-municipal organisations other
// than the buyer.
func supplierOrgs(p *samspil.Principal, t *samspil.Tender) []Option {
	if p == nil {
		return nil
	}
	var out []Option
	for _, m := range p.Memberships {
		if m.Status != samspil.MembershipActive || m.OrganisationID == t.BuyerID || m.OrganisationKind == samspil.OrgKommune {
			continue
		}
		out = append(out, Option{Value: strconv.FormatInt(m.OrganisationID, 10), Label: m.OrganisationName})
	}
	return out
}

// tsupErrors lists a form's errors for the panel's own error summaries;
// the fields of the panel have ids "tsup-<field>", so they never clash
// with the fields of the page around it.
// ids names the fields whose id is not "tsup-<field>".
func tsupErrors(f *Form, ids map[string]string) []SummaryItem {
	if f == nil {
		return nil
	}
	var out []SummaryItem
	for _, m := range f.Global {
		out = append(out, SummaryItem{Message: m})
	}
	for _, name := range f.order {
		id := "tsup-" + name
		if x, ok := ids[name]; ok {
			id = x
		}
		out = append(out, SummaryItem{Href: "#" + id, Message: f.Fields[name]})
	}
	return out
}

// tenderSupplierPanel returns the data of the "tender_supplier_panel"
// partial that the tender page shows under the tender: clarifications,
// the interest form and the calendar links. The tender page passes the
// page itself to the partial, which reads this value at .Data.Supplier.
func (s *Server) tenderSupplierPanel(r *http.Request, t *samspil.Tender) (any, error) {
	ctx := r.Context()
	p := s.principal(r)
	now := s.now()
	d := &supplierPanel{Tender: t, Anonymous: p == nil, IsBuyer: p != nil && p.CanEditTender(t),
		Published: t.Status == samspil.TenderPublished, QuestionsOpen: t.QuestionsOpen(now), Open: t.Open(now),
		LoginURL: "/log-ind?next=" + url.QueryEscape(tsupPath(t.ID, "")), ICSURL: tsupPath(t.ID, "/frister.ics"),
		AskForm: EmptyForm(r), InterestForm: EmptyForm(r)}
	retry, _ := ctx.Value(tsupRetryKey{}).(*tsupRetry)
	if retry != nil && retry.TenderID != t.ID {
		retry = nil
	}
	for _, dl := range tenderDeadlines(t, now) {
		d.Deadlines = append(d.Deadlines, tsupDeadline{Key: dl.Key, At: dl.At, AllDay: dl.AllDay, Expired: dl.Expired,
			ICS: tsupPath(t.ID, "/frister.ics?frist="+dl.Slug)})
	}
	if t.Status != samspil.TenderDraft {
		d.Follow = s.newFollowButton(r, samspil.FollowTender, strconv.FormatInt(t.ID, 10))
	}
	for _, l := range t.Lots {
		d.Lots = append(d.Lots, Option{Value: strconv.Itoa(l.Number), Label: l.Title})
	}

	// Clarifications: everyone sees the answered ones; the buyer also the
	// unanswered ones; a supplier its own organisations' waiting ones.
	d.Orgs = supplierOrgs(p, t)
	d.NoSupplierOrg = p != nil && len(d.Orgs) == 0
	mine := map[int64]bool{}
	for _, o := range d.Orgs {
		id, _ := strconv.ParseInt(o.Value, 10, 64)
		mine[id] = true
	}
	cs, err := s.store.FindClarifications(ctx, t.ID, d.IsBuyer || len(mine) > 0)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		v := clarView{C: c}
		switch {
		case c.AnsweredAt != nil:
			d.Answered = append(d.Answered, v)
		case d.IsBuyer:
			v.Form = EmptyForm(r)
			if retry != nil && retry.Which == "answer" && retry.QID == c.ID {
				v.Form, v.Errors = retry.Form, tsupErrors(retry.Form, map[string]string{"answer": "tsup-answer-" + strconv.FormatInt(c.ID, 10)})
			}
			d.Unanswered = append(d.Unanswered, v)
		case mine[c.OrganisationID]:
			d.Mine = append(d.Mine, v)
		}
	}

	if retry != nil && retry.Which == "answer" && !slices.ContainsFunc(d.Unanswered, func(v clarView) bool { return v.C.ID == retry.QID }) {
		d.QAErrors = tsupErrors(retry.Form, nil)
	}
	if len(d.Orgs) > 0 {
		if err := s.tsupSupplierParts(r, t, d, retry); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// tsupSupplierParts fills what a supplier organisation's member sees: the
// organisations' responses (the tender page records that they opened it),
// the forms and the match explanations.
func (s *Server) tsupSupplierParts(r *http.Request, t *samspil.Tender, d *supplierPanel, retry *tsupRetry) error {
	ctx := r.Context()
	now := s.now()
	for _, o := range d.Orgs {
		id, _ := strconv.ParseInt(o.Value, 10, 64)
		rs, err := s.store.FindResponsesByOrganisation(ctx, id)
		if err != nil {
			return err
		}
		resp := tsupResponse{OrgID: id, OrgName: o.Label}
		for _, x := range rs {
			if x.TenderID == t.ID {
				resp.State, resp.Lots, resp.Message, resp.At = x.State, x.Lots, x.Message, x.RespondedAt
				break
			}
		}
		d.Responses = append(d.Responses, resp)
	}

	if retry != nil && retry.Which == "ask" {
		d.AskForm, d.AskErrors = retry.Form, tsupErrors(retry.Form, map[string]string{"organisation_id": "tsup-ask-org"})
	}
	if retry != nil && retry.Which == "interest" {
		d.InterestForm, d.InterestErrs = retry.Form, tsupErrors(retry.Form, map[string]string{"organisation_id": "tsup-interest-org"})
	} else {
		f := d.InterestForm
		if org := r.URL.Query().Get("organisation"); org != "" {
			f.Set("organisation_id", org)
		}
		if len(d.Orgs) == 1 {
			f.Set("organisation_id", d.Orgs[0].Value)
		}
		// Show the chosen organisation's current answer in the form.
		for _, resp := range d.Responses {
			if f.Get("organisation_id") != strconv.FormatInt(resp.OrgID, 10) {
				continue
			}
			if resp.State == samspil.ResponseInterested || resp.State == samspil.ResponseDeclined {
				f.Set("state", string(resp.State))
				f.Set("message", resp.Message)
				lots := make([]string, len(resp.Lots))
				for i, n := range resp.Lots {
					lots[i] = strconv.Itoa(n)
				}
				f.SetList("lots", lots)
			}
		}
	}
	for i := range d.Lots {
		d.Lots[i].Selected = d.InterestForm.Has("lots", d.Lots[i].Value)
	}

	// How well the tender fits each of the viewer's organisations, with
	// the same score and explanation as the opportunity board.
	ids := make([]int64, 0, len(d.Orgs))
	for _, o := range d.Orgs {
		if len(ids) == tsupMaxMatchOrgs {
			break
		}
		id, _ := strconv.ParseInt(o.Value, 10, 64)
		ids = append(ids, id)
	}
	counts, err := s.store.CompletedPartnershipCounts(ctx, ids)
	if err != nil {
		s.logger.WarnContext(ctx, "track record for tender match", slog.Any("err", err))
		counts = map[int64]int{}
	}
	opp := t.AsOpportunity()
	tr := TranslatorFrom(r)
	for _, id := range ids {
		org, err := s.store.FindOrganisationByID(ctx, id)
		if err != nil {
			return err
		}
		score, comps, ok := match.Score(match.DefaultWeights, opp, match.CandidateFrom(org, counts[id]), now)
		if !ok {
			continue
		}
		d.Matches = append(d.Matches, tsupMatch{OrgID: id, OrgName: org.Name, Score: score,
			Components: explain(tr, opp, comps, org.Capacity, org.RSVRegistered, org.UpdatedAt, now)})
	}
	return nil
}

// loadTenderForSupplier resolves {id} and loads a tender the viewer may
// see; a draft is "not found" for everyone but the buyer.
func (s *Server) loadTenderForSupplier(w http.ResponseWriter, r *http.Request) (*samspil.Tender, bool) {
	id, err := pathID(r)
	if err != nil {
		s.notFound(w, r)
		return nil, false
	}
	t, err := s.store.FindTenderByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if !s.principal(r).CanViewTender(t) {
		s.notFound(w, r)
		return nil, false
	}
	return t, true
}

// tsupPickOrg reads which organisation acts (organisation_id; implied when
// the person belongs to one supplier organisation only). A person in no
// supplier organisation, or naming one they are not in, gets EFORBIDDEN.
func tsupPickOrg(p *samspil.Principal, t *samspil.Tender, f *Form) (int64, error) {
	orgs := supplierOrgs(p, t)
	if len(orgs) == 0 {
		return 0, p.Require(false)
	}
	raw := f.Get("organisation_id")
	if raw == "" && len(orgs) == 1 {
		raw = orgs[0].Value
	}
	if raw == "" {
		f.AddError("organisation_id", "tsupplier.organisation.required", nil)
		return 0, nil
	}
	for _, o := range orgs {
		if o.Value == raw {
			id, _ := strconv.ParseInt(raw, 10, 64)
			return id, nil
		}
	}
	return 0, p.Require(false)
}

// handleTenderInterest is POST /udbud/{id}/interesse: an organisation
// registers interest (optionally in some lots, with a message) or says no.
func (s *Server) handleTenderInterest(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	t, ok := s.loadTenderForSupplier(w, r)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	p := s.principal(r)
	orgID, err := tsupPickOrg(p, t, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state := samspil.ResponseState(f.Get("state"))
	if state != samspil.ResponseInterested && state != samspil.ResponseDeclined {
		f.AddError("state", "tsupplier.state.required", nil)
	}
	msg := f.Get("message")
	if utf8.RuneCountInString(msg) > samspil.MaxInterestMessage {
		f.AddError("message", "field.too_long", map[string]any{"Max": samspil.MaxInterestMessage})
	}
	var lots []int
	for _, raw := range f.List("lots") {
		n, err := strconv.Atoi(raw)
		if err != nil || !slices.ContainsFunc(t.Lots, func(l samspil.TenderLot) bool { return l.Number == n }) {
			f.AddError("lots", "tsupplier.lots.invalid", map[string]any{"Lot": raw})
			continue
		}
		if !slices.Contains(lots, n) {
			lots = append(lots, n)
		}
	}
	slices.Sort(lots)
	if state == samspil.ResponseDeclined {
		lots = nil
	}
	now := s.now()
	switch {
	case t.Status != samspil.TenderPublished:
		f.AddError("", "tsupplier.not_published", nil)
	case state == samspil.ResponseInterested && !t.Open(now):
		f.AddError("", "tsupplier.interest.closed", map[string]any{"Date": s.tsupDateTime(r, t.TenderDeadline)})
	}
	if !f.Valid() {
		s.tsupReshow(mux, w, r, t, http.StatusUnprocessableEntity, &tsupRetry{TenderID: t.ID, Which: "interest", Form: f})
		return
	}
	resp := &samspil.TenderResponse{TenderID: t.ID, OrganisationID: orgID, State: state, Lots: lots, Message: msg}
	if err := s.store.RespondToTender(r.Context(), resp); err != nil {
		if f.SetErrors(err) {
			s.tsupReshow(mux, w, r, t, HTTPStatus(err), &tsupRetry{TenderID: t.ID, Which: "interest", Form: f})
			return
		}
		s.fail(w, r, err)
		return
	}
	flash := "tsupplier.flash.interested"
	if state == samspil.ResponseDeclined {
		flash = "tsupplier.flash.declined"
	}
	s.setFlash(r, flash)
	s.redirect(w, r, tsupPath(t.ID, "#tsup-interest"))
}

// handleTenderAsk is POST /udbud/{id}/spoergsmaal: a supplier
// organisation's member asks a clarification question. The organisation
// is stored for abuse handling only and never shown.
func (s *Server) handleTenderAsk(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	t, ok := s.loadTenderForSupplier(w, r)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	p := s.principal(r)
	orgID, err := tsupPickOrg(p, t, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := &samspil.Clarification{TenderID: t.ID, OrganisationID: orgID, Question: f.Raw("question"), AskedBy: p.User.ID}
	if err := c.Validate(); err != nil && !f.SetErrors(err) {
		s.fail(w, r, err)
		return
	}
	switch {
	case t.Status != samspil.TenderPublished:
		f.AddError("", "tsupplier.not_published", nil)
	case !t.QuestionsOpen(s.now()):
		f.AddError("", "tsupplier.questions.closed", map[string]any{"Date": s.tsupDateTime(r, t.QuestionsDeadline)})
	}
	if !f.Valid() {
		s.tsupReshow(mux, w, r, t, http.StatusUnprocessableEntity, &tsupRetry{TenderID: t.ID, Which: "ask", Form: f})
		return
	}
	if err := s.store.AskClarification(r.Context(), c); err != nil {
		if f.SetErrors(err) {
			s.tsupReshow(mux, w, r, t, HTTPStatus(err), &tsupRetry{TenderID: t.ID, Which: "ask", Form: f})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "tsupplier.flash.asked")
	s.redirect(w, r, tsupPath(t.ID, "#tsup-qa"))
}

// handleTenderAnswer is POST /udbud/{id}/spoergsmaal/{qid}/svar: the
// buyer publishes the answer to one question, to everyone at once.
func (s *Server) handleTenderAnswer(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	t, ok := s.loadTenderForSupplier(w, r)
	if !ok {
		return
	}
	p := s.principal(r)
	if err := p.Require(p.CanEditTender(t)); err != nil {
		s.fail(w, r, err)
		return
	}
	qid, err := orgPathID(r, "qid")
	if err != nil {
		s.notFound(w, r)
		return
	}
	cs, err := s.store.FindClarifications(r.Context(), t.ID, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !slices.ContainsFunc(cs, func(c *samspil.Clarification) bool { return c.ID == qid }) {
		s.notFound(w, r)
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	answer := strings.TrimSpace(f.Raw("answer"))
	switch n := utf8.RuneCountInString(answer); {
	case n == 0:
		f.AddError("answer", "tsupplier.answer.required", nil)
	case n > samspil.MaxClarificationLen:
		f.AddError("answer", "field.too_long", map[string]any{"Max": samspil.MaxClarificationLen})
	}
	retry := &tsupRetry{TenderID: t.ID, Which: "answer", QID: qid, Form: f}
	if !f.Valid() {
		s.tsupReshow(mux, w, r, t, http.StatusUnprocessableEntity, retry)
		return
	}
	if _, err := s.store.AnswerClarification(r.Context(), qid, answer); err != nil {
		if f.SetErrors(err) {
			s.tsupReshow(mux, w, r, t, HTTPStatus(err), retry)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "tsupplier.flash.answered")
	s.redirect(w, r, tsupPath(t.ID, "#tsup-qa"))
}

// tsupDateTime formats an instant in Danish time in the request's language.
func (s *Server) tsupDateTime(r *http.Request, t time.Time) string {
	tr := TranslatorFrom(r)
	return (&Page{Lang: tr.Lang, s: s, tr: tr}).DateTime(t)
}

// tsupStatusWriter answers with a fixed status whatever the page handler
// writes (it renders 200; a refused form is 422 or 409).
type tsupStatusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

// WriteHeader replaces a success status with the refusal's.
func (w *tsupStatusWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if code == http.StatusOK {
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write sends the status first.
func (w *tsupStatusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// tsupReshow shows the tender page again with a refused form in place: the
// request goes to the page's GET route with the form in its context. Should
// the tender page be missing, the errors are shown on the error page with
// a link back.
func (s *Server) tsupReshow(mux *http.ServeMux, w http.ResponseWriter, r *http.Request, t *samspil.Tender, status int, retry *tsupRetry) {
	r2 := r.Clone(context.WithValue(r.Context(), tsupRetryKey{}, retry))
	r2.Method = http.MethodGet
	r2.URL.Path, r2.URL.RawPath, r2.URL.RawQuery = tsupPath(t.ID, ""), "", ""
	r2.RequestURI = r2.URL.RequestURI()
	r2.Body, r2.ContentLength = http.NoBody, 0
	r2.Form, r2.PostForm, r2.MultipartForm = nil, nil, nil
	r2.Header.Del("Content-Type")
	if _, pattern := mux.Handler(r2); pattern != "" && pattern != "/" && !strings.HasPrefix(pattern, "/ ") {
		mux.ServeHTTP(&tsupStatusWriter{ResponseWriter: w, status: status}, r2)
		return
	}
	var msgs []string
	for _, it := range tsupErrors(retry.Form, nil) {
		msgs = append(msgs, it.Message)
	}
	s.render(w, r, status, "error", errorData{Title: "error.invalid.title", Message: strings.Join(msgs, " "), Status: status,
		Action: tsupPath(t.ID, ""), ActionLabel: s.t(r, "tsupplier.back", nil)})
}
