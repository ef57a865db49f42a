package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// pbrParticipantPageSize is how many participants one page lists.
const pbrParticipantPageSize = 50

// pbrUploadMax is the largest enrolment file the web takes: 200,000
// participants of a pseudonym, a date and three bands fit in far less. A
// variable so tests can try the limit without sending 20 MB.
var pbrUploadMax int64 = 20 << 20

// pbrUploadLimit is the body limit of the upload route (the file and its
// multipart envelope).
func pbrUploadLimit() int64 { return pbrUploadMax + spendEnvelope }

// pbrParticipantsData is the participants page: the list, the enrol form
// and the upload form.
type pbrParticipantsData struct {
	FormData
	Contract   *samspil.OutcomeContract
	Items      []*samspil.Participant
	Total      int
	Pager      adminPager
	CanEnrol   bool
	AgeBands   []Option
	Benefits   []Option
	Unemployed []Option
	MaxMB      int64
	Query      string
}

// pbrPreviewData is the check of an uploaded enrolment file: every bad
// line with its number, or the count and the button that enrols them all.
type pbrPreviewData struct {
	FormData
	Contract *samspil.OutcomeContract
	FileName string
	Token    string
	Count    int
	Errors   []spendLineError
	More     int
}

// canSeeParticipants: the commissioner's and the provider's members; an
// investor and the secretariat see aggregates only.
func canSeeParticipants(p *samspil.Principal, c *samspil.OutcomeContract) bool {
	return p.CanViewParticipants(c)
}

// canEnrolPbr: the provider's members.
func canEnrolPbr(p *samspil.Principal, c *samspil.OutcomeContract) bool {
	return p.HasContractSide(c, samspil.SideProvider)
}

// bandOptions turns a band list into select options with a "not given"
// choice first; labels come from pbr.band.<kind>.<value>.
func bandOptions(tr *Translator, kind string, values []string) []Option {
	out := []Option{{Value: "", Label: tr.T("pbrc.band.none", nil)}}
	for _, v := range values {
		out = append(out, Option{Value: v, Label: tr.T("pbrc.band."+kind+"."+v, nil)})
	}
	return out
}

// renderPbrParticipants shows the participants page around f.
func (s *Server) renderPbrParticipants(w http.ResponseWriter, r *http.Request, status int, c *samspil.OutcomeContract, f *Form) {
	p := s.principal(r)
	tr := f.tr
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > samspil.MaxPseudonymLen {
		q = string([]rune(q)[:samspil.MaxPseudonymLen])
	}
	page := adminPageParam(r)
	items, total, err := s.store.FindParticipants(r.Context(), samspil.ParticipantFilter{ContractID: c.ID, Query: q,
		Offset: (page - 1) * pbrParticipantPageSize, Limit: pbrParticipantPageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &pbrParticipantsData{FormData: FormData{Form: f}, Contract: c, Items: items, Total: total,
		Pager: newAdminPager(r, page, total, pbrParticipantPageSize), CanEnrol: p.CanSubmitClaims(c),
		AgeBands: bandOptions(tr, "age", samspil.AgeBands), Benefits: bandOptions(tr, "benefit", samspil.BenefitTypes),
		Unemployed: bandOptions(tr, "unemployment", samspil.UnemploymentBands), MaxMB: pbrUploadMax >> 20, Query: q}
	s.render(w, r, status, "pbr_participant_list", d)
}

// handlePbrParticipants lists a contract's participants by pseudonym,
// with a search, to the commissioner and the provider.
func (s *Server) handlePbrParticipants(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadPbr(w, r, canSeeParticipants, true)
	if !ok {
		return
	}
	f := EmptyForm(r)
	f.Set("enrolled_on", s.now().In(s.loc).Format(time.DateOnly))
	s.renderPbrParticipants(w, r, http.StatusOK, c, f)
}

// handlePbrEnrol enrols one participant from the form.
func (s *Server) handlePbrEnrol(w http.ResponseWriter, r *http.Request) {
	c, _, f, ok := s.loadPbrPost(w, r, canEnrolPbr, samspil.ContractActive)
	if !ok {
		return
	}
	pt := &samspil.Participant{ContractID: c.ID, Pseudonym: f.Get("pseudonym"), AgeBand: f.Get("age_band"),
		BenefitType: f.Get("benefit_type"), UnemploymentBand: f.Get("unemployment_band")}
	var val samspil.Validation
	if raw := f.Get("enrolled_on"); raw != "" {
		day, err := parseCaseDate(raw)
		if err != nil {
			val.Add("enrolled_on", "pbrc.web.date.invalid", "write the date as DD-MM-YYYY or YYYY-MM-DD", nil)
		} else {
			pt.EnrolledOn = day
		}
	}
	if err := pt.Validate(c, s.now()); err != nil {
		pbrAddFieldErrors(&val, err)
	}
	if err := val.Err(); err == nil {
		err = s.store.EnrolParticipants(r.Context(), c.ID, []*samspil.Participant{pt})
		val.Merge(pbrParticipantFields(err))
		if err != nil && val.Err() == nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := val.Err(); err != nil {
		if samspil.LooksLikeCPR(f.Get("pseudonym")) {
			// Never send a CPR number back to the browser, not even into
			// the field it was typed in.
			f.Set("pseudonym", "")
		}
		f.SetErrors(err)
		s.renderPbrParticipants(w, r, HTTPStatus(err), c, f)
		return
	}
	s.setFlash(r, "pbrc.flash.enrolled")
	s.redirect(w, r, pbrPath(c.ID, "/deltagere"))
}

// pbrParticipantFields turns the store's "participants.<i>.<field>" errors
// of a one-participant enrolment into the form's field names; other
// errors are returned as they are.
func pbrParticipantFields(err error) error {
	e, ok := samspil.AsError(err)
	if !ok || e.Code != samspil.EINVALID {
		return nil
	}
	var val samspil.Validation
	for _, fe := range e.Fields {
		name := fe.Field
		if rest, ok := strings.CutPrefix(name, "participants."); ok {
			_, name, _ = strings.Cut(rest, ".")
		}
		val.Add(name, fe.Key, fe.Message, fe.Args)
	}
	if len(e.Fields) == 0 {
		val.Add("", e.Key, e.Message, e.Args)
	}
	return val.Err()
}

// pbrSpoolKey ties a waiting enrolment file to its contract (the spool's
// municipality slot holds it).
func pbrSpoolKey(c *samspil.OutcomeContract) string { return "pbr-" + strconv.FormatInt(c.ID, 10) }

// pbrTooLarge is the message for a file over the web limit.
func pbrTooLarge() *samspil.Error {
	args := map[string]any{"MaxMB": pbrUploadMax >> 20}
	const msg = "the file is larger than the web upload takes"
	return &samspil.Error{Code: samspil.EINVALID, Key: "pbrc.web.upload.too_large", Message: msg, Args: args,
		Fields: []samspil.FieldError{{Field: "file", Key: "pbrc.web.upload.too_large", Message: msg, Args: args}}}
}

// handlePbrParticipantUpload receives an enrolment file: refused unread
// when it announces more than the limit, cut off when it turns out
// larger, otherwise kept in a private temporary file and checked line by
// line. Nothing is enrolled here: the preview lists every bad line, or
// counts the participants and offers the button that enrols them.
func (s *Server) handlePbrParticipantUpload(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadPbr(w, r, canEnrolPbr, false)
	if !ok {
		return
	}
	f := EmptyForm(r)
	refuse := s.uploadRefuser(w, r, f, func(status int) { s.renderPbrParticipants(w, r, status, c, f) })
	if c.Status != samspil.ContractActive {
		s.fail(w, r, pbrWrongStatus(c))
		return
	}
	sp := &spendSpool{Municipality: pbrSpoolKey(c), UserID: p.User.ID}
	if !s.receiveUpload(w, r, sp, uploadFlow{Max: pbrUploadMax, TooLarge: pbrTooLarge(),
		Unreadable: "pbrc.web.upload.unreadable", NoFile: "pbrc.web.upload.no_file"}, refuse) {
		return
	}
	s.pbrPreview(w, r, c, sp, false)
}

// handlePbrParticipantCommit enrols everyone in the checked file, all or
// nothing; a problem found now (a pseudonym taken meanwhile) shows the
// preview again with its line.
func (s *Server) handlePbrParticipantCommit(w http.ResponseWriter, r *http.Request) {
	c, p, _, ok := s.loadPbrPost(w, r, canEnrolPbr, samspil.ContractActive)
	if !ok {
		return
	}
	sp, err := findSpendSpool(r.PathValue("token"), pbrSpoolKey(c), p.User.ID)
	if err != nil {
		s.fail(w, r, samspil.Errorf(samspil.ENOTFOUND, "pbrc.web.upload.expired", "the uploaded file is no longer here; upload it again"))
		return
	}
	s.pbrPreview(w, r, c, sp, true)
}

// pbrPreview reads the waiting file, checks every participant against the
// contract and shows the preview; with commit and no problem it enrols
// them and sends the browser to the list.
func (s *Server) pbrPreview(w http.ResponseWriter, r *http.Request, c *samspil.OutcomeContract, sp *spendSpool, commit bool) {
	f := EmptyForm(r)
	d := &pbrPreviewData{FormData: FormData{Form: f}, Contract: c, FileName: sp.FileName, Token: sp.Token}
	file, err := sp.open()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, lines, lineErrs, err := pbr.ReadParticipantUploadLines(file)
	file.Close()
	if err != nil {
		sp.remove()
		if e, ok := samspil.AsError(err); ok && e.Code == samspil.EINVALID {
			f2 := EmptyForm(r)
			f2.SetErrors(fileError(e.Key, e.Message, e.Args))
			s.renderPbrParticipants(w, r, http.StatusUnprocessableEntity, c, f2)
			return
		}
		s.fail(w, r, err)
		return
	}
	tr := f.tr
	errs := append([]pbr.LineError(nil), lineErrs...)
	addErr := func(line int, field, key, msg string, args map[string]any) {
		errs = append(errs, pbr.LineError{Line: line, Field: field, Key: key, Message: msg, Args: args})
	}
	now := s.now()
	firstLine := map[string]int{}
	for i, pt := range ps {
		pt.ContractID = c.ID
		if err := pt.Validate(c, now); err != nil {
			if e, ok := samspil.AsError(err); ok {
				for _, fe := range e.Fields {
					addErr(lines[i], fe.Field, fe.Key, fe.Message, fe.Args)
				}
			}
			continue
		}
		if first, dup := firstLine[pt.Pseudonym]; dup {
			addErr(lines[i], "pseudonym", "pbrc.web.upload.pseudonym_twice", "the pseudonym is also on line {{.Line}}", map[string]any{"Line": first})
		} else {
			firstLine[pt.Pseudonym] = lines[i]
		}
	}
	if len(errs) == 0 && len(ps) == 0 {
		addErr(0, "", "pbr.upload.empty", "the file has no participants", nil)
	}
	if len(errs) == 0 && commit {
		err := s.store.EnrolParticipants(r.Context(), c.ID, ps)
		if err == nil {
			sp.remove()
			s.setFlash(r, "pbrc.flash.enrolled_file")
			s.redirect(w, r, pbrPath(c.ID, "/deltagere"))
			return
		}
		e, ok := samspil.AsError(err)
		if !ok || e.Code != samspil.EINVALID {
			s.fail(w, r, err)
			return
		}
		errs = append(errs, pbrStoreLineErrors(e, "participants", len(lines), func(i int) int { return lines[i] })...)
	}
	d.Count = len(ps)
	d.Errors, d.More = pbrListLineErrors(tr, errs, func(field string) string { return tr.T("pbrc.participant.field."+field, nil) })
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "pbr_participant_preview", d)
}
