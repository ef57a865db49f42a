package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/upload"
)

// pbrParticipantSelectMax is the most participants the claim form offers
// in a select; a larger cohort types the pseudonym.
const pbrParticipantSelectMax = 300

// pbrClaimFormData is the provider's claim form.
type pbrClaimFormData struct {
	FormData
	*pbrContractView
	Participants []Option // empty: the pseudonym is typed
	Outcomes     []Option
	MaxMB        int64
}

// pbrSubmitRefused is the answer to someone who may not submit claims:
// the provider of a contract that is not active is told why, everyone
// else is refused.
func pbrSubmitRefused(v *pbrContractView) error {
	if v.Provider && v.Contract.Status != samspil.ContractActive {
		return samspil.Errorf(samspil.ECONFLICT, "pbr.not_active", "the contract is not active")
	}
	return samspil.Errorf(samspil.EFORBIDDEN, "pbrclaim.submit.forbidden", "only the provider submits claims")
}

// loadPbrSubmitter is the start of every provider route: the contract,
// and the right to submit claims to it now.
func (s *Server) loadPbrSubmitter(w http.ResponseWriter, r *http.Request) (*pbrContractView, bool) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return nil, false
	}
	if !v.CanSubmit() {
		s.fail(w, r, pbrSubmitRefused(v))
		return nil, false
	}
	return v, true
}

func (s *Server) newPbrClaimFormData(r *http.Request, v *pbrContractView, f *Form) (*pbrClaimFormData, error) {
	d := &pbrClaimFormData{FormData: FormData{Form: f}, pbrContractView: v, MaxMB: samspil.MaxAttachmentSize >> 20}
	d.Outcomes = append([]Option{{Value: "", Label: f.tr.T("pbrclaim.form.choose", nil)}}, pbrOutcomeOptions(v.Contract)...)
	ps, total, err := s.store.FindParticipants(r.Context(), samspil.ParticipantFilter{ContractID: v.Contract.ID, Limit: pbrParticipantSelectMax})
	if err != nil {
		return nil, err
	}
	if total <= pbrParticipantSelectMax && total == len(ps) {
		d.Participants = []Option{{Value: "", Label: f.tr.T("pbrclaim.form.choose", nil)}}
		for _, p := range ps {
			d.Participants = append(d.Participants, Option{Value: p.Pseudonym, Label: p.Pseudonym})
		}
	}
	return d, nil
}

func (s *Server) renderPbrClaimForm(w http.ResponseWriter, r *http.Request, status int, v *pbrContractView, f *Form) {
	d, err := s.newPbrClaimFormData(r, v, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "pbr_claim_form", d)
}

// handlePbrClaimNewPage shows the claim form; ?participant= preselects a
// participant (the participant list links here).
func (s *Server) handlePbrClaimNewPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrSubmitter(w, r)
	if !ok {
		return
	}
	f := EmptyForm(r)
	q := r.URL.Query()
	f.Set("participant", q.Get("participant"))
	f.Set("outcome", q.Get("outcome"))
	s.renderPbrClaimForm(w, r, http.StatusOK, v, f)
}

// pbrFieldMax bounds each ordinary field of the multipart claim form.
const pbrFieldMax = 16 << 10

// readPbrClaimMultipart reads the claim form: its fields into values and
// its optional evidence file into a spooled temporary file (nil when none
// was chosen). errBadForm marks a body that is not a form.
func readPbrClaimMultipart(r *http.Request) (url.Values, *upload.Spooled, string, error) {
	vals := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		if err := r.ParseForm(); err != nil {
			return nil, nil, "", errBadForm
		}
		return r.PostForm, nil, "", nil
	}
	var sp *upload.Spooled
	var name string
	fail := func(err error) (url.Values, *upload.Spooled, string, error) {
		if sp != nil {
			sp.Close()
		}
		return nil, nil, "", err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return vals, sp, name, nil
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return fail(err)
			}
			return fail(errBadForm)
		}
		if part.FileName() != "" || part.FormName() == "file" {
			if part.FormName() != "file" || sp != nil {
				if err := skipPart(part); err != nil {
					return fail(err)
				}
				continue
			}
			n := part.FileName()
			x, err := upload.Spool(part, samspil.MaxAttachmentSize, "")
			part.Close()
			if err != nil {
				return fail(err)
			}
			if x.Size == 0 {
				x.Close()
				continue
			}
			sp, name = x, n
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, pbrFieldMax+1))
		part.Close()
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return fail(err)
			}
			return fail(errBadForm)
		}
		if len(b) > pbrFieldMax {
			return fail(errBadForm)
		}
		vals.Add(part.FormName(), string(b))
	}
}

// handlePbrClaimNew submits one claim with its optional evidence file.
// The file's type is decided by its bytes before anything is stored; the
// claim is stored first and the file attached to it.
func (s *Server) handlePbrClaimNew(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrSubmitter(w, r)
	if !ok {
		return
	}
	f := EmptyForm(r)
	refuse := s.uploadRefuser(w, r, f, func(status int) { s.renderPbrClaimForm(w, r, status, v, f) })
	if r.ContentLength > caseUploadLimit {
		refuse(http.StatusRequestEntityTooLarge, upload.TooLarge(samspil.MaxAttachmentSize))
		return
	}
	vals, sp, fileName, err := readPbrClaimMultipart(r)
	if err != nil {
		s.refuseSpoolError(w, r, err, refuse)
		return
	}
	if sp != nil {
		defer sp.Close()
	}
	f.Values = vals
	cl := &samspil.Claim{ContractID: v.Contract.ID, Pseudonym: f.Get("participant"), OutcomeCode: f.Get("outcome"), EvidenceRef: f.Get("evidence_ref")}
	if ds := f.Get("achieved_on"); ds != "" {
		day, err := parseDay(ds)
		if err != nil {
			f.AddError("achieved_on", "pbrclaim.date.invalid", nil)
		} else {
			cl.AchievedOn = day
		}
	}
	var ctype string
	if sp != nil {
		if ctype, err = sp.Sniff(); err != nil {
			if !f.SetErrors(err) {
				s.fail(w, r, err)
				return
			}
		}
	}
	if sp != nil && ctype != "" {
		placeholder := int64(0)
		cl.AttachmentID = &placeholder // the file is stored once the form is right
	}
	var part *samspil.Participant
	if cl.Pseudonym != "" && !samspil.LooksLikeCPR(cl.Pseudonym) {
		if part, err = s.findPbrParticipant(r, v.Contract.ID, cl.Pseudonym); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if cl.Pseudonym == "" {
		f.AddError("participant", "pbrclaim.participant.required", nil)
	} else if err := cl.Validate(v.Contract, part, s.now()); err != nil {
		e, _ := samspil.AsError(err)
		for _, fe := range e.Fields {
			if fe.Field == "achieved_on" && f.Invalid("achieved_on") {
				continue
			}
			f.AddError(fe.Field, fe.Key, fe.Args)
		}
	}
	cl.AttachmentID = nil
	if !f.Valid() {
		s.renderPbrClaimForm(w, r, http.StatusUnprocessableEntity, v, f)
		return
	}
	if sp != nil && s.blobs == nil {
		s.fail(w, r, errors.New("web: no blob store configured (Config.Blobs)"))
		return
	}
	// The evidence is stored first, under the contract, and the claim
	// names it; a claim the store then refuses takes its file away again.
	var att *samspil.Attachment
	if sp != nil {
		if att, err = s.storePbrEvidence(r, v.Contract.ID, sp, fileName, ctype); err != nil {
			if f.SetErrors(err) {
				s.renderPbrClaimForm(w, r, HTTPStatus(err), v, f)
				return
			}
			s.fail(w, r, err)
			return
		}
		cl.AttachmentID = &att.ID
	}
	if err := s.store.SubmitClaims(r.Context(), v.Contract.ID, []*samspil.Claim{cl}); err != nil {
		if att != nil {
			if derr := s.store.DeleteAttachment(r.Context(), att.ID); derr != nil {
				s.logger.ErrorContext(r.Context(), "claim evidence cleanup", "attachment", att.ID, "err", derr)
			}
		}
		if f.SetErrors(pbrClaimFieldsOf(err)) {
			s.renderPbrClaimForm(w, r, HTTPStatus(err), v, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "pbrclaim.flash.submitted")
	if cl.ID != 0 {
		s.redirect(w, r, pbrClaimPath(v.Contract.ID, "/anmeldelser/"+strconv.FormatInt(cl.ID, 10)))
		return
	}
	s.redirect(w, r, pbrClaimPath(v.Contract.ID, "/anmeldelser"))
}

// storePbrEvidence stores the spooled file by its SHA-256 and records it
// as claim evidence of the contract (OwnerClaim, owner the contract).
func (s *Server) storePbrEvidence(r *http.Request, contractID int64, sp *upload.Spooled, name, ctype string) (*samspil.Attachment, error) {
	sum, size, err := s.blobs.PutBlob(r.Context(), sp.Reader())
	if err != nil {
		return nil, err
	}
	if sum != sp.SHA256 || size != sp.Size {
		return nil, fmt.Errorf("web: stored blob %s (%d bytes) differs from the upload %s (%d bytes)", sum, size, sp.SHA256, sp.Size)
	}
	a := &samspil.Attachment{OwnerType: samspil.OwnerClaim, OwnerID: contractID, Name: downloadName(name, ctype), ContentType: ctype,
		Size: size, SHA256: sum, CreatedBy: s.principal(r).User.ID}
	if err := s.store.AddAttachment(r.Context(), a); err != nil {
		return nil, err
	}
	return a, nil
}

// pbrClaimFieldsOf turns the store's "claims.0.<field>" errors of a
// single claim into the form's own field names.
func pbrClaimFieldsOf(err error) error {
	e, ok := samspil.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := &samspil.Error{Code: e.Code, Key: e.Key, Message: e.Message, Args: e.Args}
	for _, fe := range e.Fields {
		if rest, ok := strings.CutPrefix(fe.Field, "claims.0."); ok {
			fe.Field = rest
		}
		out.Fields = append(out.Fields, fe)
	}
	return out
}
