package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	samspil "github.com/samspil/samspil"
)

// tenderViewData is a tender's page: everything about it, its documents,
// the buyer's actions and warnings, and (under it) the supplier panel.
type tenderViewData struct {
	FormData  // the upload form, refilled with its error after a failed upload
	Tender    *samspil.Tender
	Files     []*samspil.Attachment
	CanEdit   bool // the buyer's actions and the upload form
	Draft     bool
	Published bool
	Awarded   bool
	Cancelled bool
	Open      bool // tenders may still be handed in
	Deadline  bool // the tender deadline has passed (award possible)
	Warnings  []tenderWarning
	MaxMB     int64
	Accept    string
	// Supplier is the data of W2's "tender_supplier_panel" partial.
	Supplier any
}

// handleTenderView shows a tender to those who may see it, and records
// that a member of a supplier organisation opened it.
func (s *Server) handleTenderView(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, nil, true)
	if !ok {
		return
	}
	s.recordOpened(r, t)
	s.renderTenderView(w, r, http.StatusOK, t, EmptyForm(r))
}

// recordOpened records ResponseOpened for every organisation of the
// viewer that could supply the tender (any but a municipality and the
// buyer). It never fails the page: a record that cannot be written is
// logged.
func (s *Server) recordOpened(r *http.Request, t *samspil.Tender) {
	p := s.principal(r)
	if p == nil || t.Status != samspil.TenderPublished {
		return
	}
	for _, m := range p.Memberships {
		if m.Status != samspil.MembershipActive || m.OrganisationKind == samspil.OrgKommune || m.OrganisationID == t.BuyerID {
			continue
		}
		err := s.store.RespondToTender(r.Context(), &samspil.TenderResponse{TenderID: t.ID, OrganisationID: m.OrganisationID, State: samspil.ResponseOpened})
		if err != nil {
			s.logger.WarnContext(r.Context(), "recording an opened tender", slog.Int64("tender", t.ID), slog.Int64("org", m.OrganisationID), slog.Any("err", err))
		}
	}
}

// renderTenderView builds the page around f (the upload form).
func (s *Server) renderTenderView(w http.ResponseWriter, r *http.Request, status int, t *samspil.Tender, f *Form) {
	p := s.principal(r)
	now := s.now()
	d := &tenderViewData{FormData: FormData{Form: f}, Tender: t, CanEdit: p.CanEditTender(t),
		Draft: t.Status == samspil.TenderDraft, Published: t.Status == samspil.TenderPublished,
		Awarded: t.Status == samspil.TenderAwarded, Cancelled: t.Status == samspil.TenderCancelled,
		Open: t.Open(now), Deadline: !now.Before(t.TenderDeadline),
		MaxMB:  samspil.MaxAttachmentSize >> 20,
		Accept: ".pdf,.docx,.xlsx," + samspil.ContentPDF + "," + samspil.ContentDOCX + "," + samspil.ContentXLSX,
	}
	files, err := s.store.FindAttachments(r.Context(), samspil.OwnerTender, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Files = files
	if d.CanEdit && (d.Draft || d.Published) {
		d.Warnings = s.tenderWarnings(r, s.rules.Check(t, now))
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// After a failed upload the page stands in for the tender's own
		// address (the language switch and the panel's forms return there).
		r = r.WithContext(r.Context())
		r.URL = &url.URL{Path: tenderPath(t.ID, "")}
	}
	sup, err := s.tenderSupplierPanel(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Supplier = sup
	s.render(w, r, status, "tender_view", d)
}

// handleTenderUpload adds a document to a draft or published tender, the
// same way a case's files are added (attachment.go): rights and counts
// checked before the body is read, the file spooled to disk, its type
// decided by its bytes, stored by its SHA-256.
func (s *Server) handleTenderUpload(w http.ResponseWriter, r *http.Request) {
	t, p, ok := s.loadTender(w, r, canEditTender, false)
	if !ok {
		return
	}
	f := EmptyForm(r)
	refuse := s.uploadRefuser(w, r, f, func(status int) { s.renderTenderView(w, r, status, t, f) })
	if t.Status != samspil.TenderDraft && t.Status != samspil.TenderPublished {
		refuse(http.StatusConflict, samspil.Errorf(samspil.ECONFLICT, "tender.web.files_closed", "documents can only be added before the award"))
		return
	}
	files, err := s.store.FindAttachments(r.Context(), samspil.OwnerTender, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(files) >= samspil.MaxAttachmentsPerOwner {
		refuse(http.StatusUnprocessableEntity, fileError("tender.web.file.too_many", "a tender can have at most 20 documents", map[string]any{"Max": samspil.MaxAttachmentsPerOwner}))
		return
	}
	if !s.storeUpload(w, r, samspil.OwnerTender, t.ID, p.User.ID, refuse) {
		return
	}
	s.setFlash(r, "tender.flash.file_added")
	s.redirect(w, r, tenderPath(t.ID, "#dokumenter"))
}

// loadTenderFile resolves {fid} as one of t's documents; any other number
// is a missing page.
func (s *Server) loadTenderFile(w http.ResponseWriter, r *http.Request, t *samspil.Tender) (*samspil.Attachment, bool) {
	fid, err := orgPathID(r, "fid")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	a, err := s.store.FindAttachmentByID(r.Context(), fid)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if a.OwnerType != samspil.OwnerTender || a.OwnerID != t.ID {
		s.notFound(w, r)
		return nil, false
	}
	return a, true
}

// handleTenderDownload sends a document of a tender the viewer may see.
func (s *Server) handleTenderDownload(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, nil, true)
	if !ok {
		return
	}
	a, ok := s.loadTenderFile(w, r, t)
	if !ok {
		return
	}
	s.serveAttachment(w, r, a)
}

// tenderFileDeleteData is the confirmation page for removing a document.
type tenderFileDeleteData struct {
	FormData
	Tender *samspil.Tender
	File   *samspil.Attachment
}

// handleTenderFileDeletePage asks before a document is removed.
func (s *Server) handleTenderFileDeletePage(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, true)
	if !ok {
		return
	}
	a, ok := s.loadTenderFile(w, r, t)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "tender_file_delete", &tenderFileDeleteData{FormData: FormData{Form: EmptyForm(r)}, Tender: t, File: a})
}

// handleTenderFileDelete removes a document; without confirm=yes it asks.
func (s *Server) handleTenderFileDelete(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	a, ok := s.loadTenderFile(w, r, t)
	if !ok {
		return
	}
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "tender_file_delete", &tenderFileDeleteData{FormData: FormData{Form: f}, Tender: t, File: a})
		return
	}
	if err := s.store.DeleteAttachment(r.Context(), a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "tender.flash.file_deleted")
	s.redirect(w, r, tenderPath(t.ID, "#dokumenter"))
}

// tenderResponsesData is the buyer's overview of the supplier responses.
type tenderResponsesData struct {
	FormData
	Tender    *samspil.Tender
	Responses []*samspil.TenderResponse
	Counts    map[string]int // per state
	Waiting   int            // notified or opened, no answer yet
	Reminded  string         // the count of the last reminder (?paamindet=)
	CanRemind bool
}

// tenderWaiting counts the organisations a reminder would reach (before
// the store's 24-hour rule).
func tenderWaiting(rs []*samspil.TenderResponse) int {
	n := 0
	for _, x := range rs {
		if x.State == samspil.ResponseNotified || x.State == samspil.ResponseOpened {
			n++
		}
	}
	return n
}

// handleTenderResponses shows who was notified, opened the tender,
// registered interest or declined, with dates.
func (s *Server) handleTenderResponses(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, true)
	if !ok {
		return
	}
	d, err := s.tenderResponses(r, t, EmptyForm(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("paamindet")); err == nil && n >= 0 {
		d.Reminded = strconv.Itoa(n)
	}
	s.render(w, r, http.StatusOK, "tender_responses", d)
}

func (s *Server) tenderResponses(r *http.Request, t *samspil.Tender, f *Form) (*tenderResponsesData, error) {
	rs, err := s.store.FindTenderResponses(r.Context(), t.ID)
	if err != nil {
		return nil, err
	}
	d := &tenderResponsesData{FormData: FormData{Form: f}, Tender: t, Responses: rs, Counts: map[string]int{}, Waiting: tenderWaiting(rs)}
	for _, x := range rs {
		d.Counts[string(x.State)]++
	}
	d.CanRemind = t.Open(s.now()) && d.Waiting > 0
	return d, nil
}

// handleTenderRemindPage asks before the waiting suppliers are reminded.
func (s *Server) handleTenderRemindPage(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, true)
	if !ok {
		return
	}
	if !t.Open(s.now()) {
		s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "tender.not_open", "the deadline for tenders has passed"))
		return
	}
	d, err := s.tenderResponses(r, t, EmptyForm(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tender_remind", d)
}

// handleTenderRemind reminds the suppliers that have not answered and
// shows how many were reminded.
func (s *Server) handleTenderRemind(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, canEditTender, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if f.Get("confirm") != "yes" {
		d, err := s.tenderResponses(r, t, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "tender_remind", d)
		return
	}
	n, err := s.store.RemindTenderRecipients(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, tenderPath(t.ID, "/leverandoerer?paamindet="+strconv.Itoa(n)))
}
