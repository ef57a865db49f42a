package web

import (
	"net/http"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// pbrClaimUploadMax is the largest claims file the web takes: room for
// samspil.MaxClaimsPerUpload ordinary lines. A variable so tests can try
// the limit without sending megabytes.
var pbrClaimUploadMax int64 = 32 << 20

// pbrClaimUploadLimit is the body limit of the upload route: the file and
// room for the multipart envelope.
func pbrClaimUploadLimit() int64 { return pbrClaimUploadMax + spendEnvelope }

// pbrClaimUploadData is the upload form and the preview of a file.
type pbrClaimUploadData struct {
	FormData
	*pbrContractView
	MaxMB    int64
	Spool    *spendSpool
	Claims   int
	Outcomes []pbrUploadOutcome
	Errors   []spendLineError
	More     int // errors counted but not listed
}

// pbrUploadOutcome counts a file's claims of one outcome.
type pbrUploadOutcome struct {
	Code  string
	Count int
}

// pbrSpoolOwner ties a waiting claims file to its contract; the spool's
// owner field is a free text the spend import fills with a municipality.
func pbrSpoolOwner(contractID int64) string { return "pbr:" + strconv.FormatInt(contractID, 10) }

func (s *Server) newPbrClaimUploadData(v *pbrContractView, f *Form) *pbrClaimUploadData {
	return &pbrClaimUploadData{FormData: FormData{Form: f}, pbrContractView: v, MaxMB: pbrClaimUploadMax >> 20}
}

// handlePbrClaimUploadPage shows the upload form with the file's format.
func (s *Server) handlePbrClaimUploadPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrSubmitter(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "pbr_claim_upload", s.newPbrClaimUploadData(v, EmptyForm(r)))
}

// pbrClaimsTooLarge is the message for a file over the limit.
func pbrClaimsTooLarge() *samspil.Error {
	return fileError("pbrclaim.upload.too_large", "the file is too large; split it up", map[string]any{"MaxMB": pbrClaimUploadMax >> 20})
}

// handlePbrClaimUpload receives the file: refused unread when it
// announces more than the limit, cut off when it turns out larger,
// otherwise spooled under a token and the browser sent to the preview.
func (s *Server) handlePbrClaimUpload(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrSubmitter(w, r)
	if !ok {
		return
	}
	f := EmptyForm(r)
	refuse := s.uploadRefuser(w, r, f, func(status int) {
		s.render(w, r, status, "pbr_claim_upload", s.newPbrClaimUploadData(v, f))
	})
	sp := &spendSpool{Municipality: pbrSpoolOwner(v.Contract.ID), UserID: v.Principal.User.ID}
	if !s.receiveUpload(w, r, sp, uploadFlow{Max: pbrClaimUploadMax, TooLarge: pbrClaimsTooLarge(),
		Unreadable: "pbrclaim.upload.unreadable", NoFile: "pbrclaim.upload.no_file"}, refuse) {
		return
	}
	s.redirect(w, r, pbrClaimPath(v.Contract.ID, "/anmeldelser/upload/"+sp.Token))
}

// loadPbrClaimSpool is the start of the preview and the commit: rights,
// then the waiting file of {token}.
func (s *Server) loadPbrClaimSpool(w http.ResponseWriter, r *http.Request) (*pbrClaimUploadData, bool) {
	v, ok := s.loadPbrSubmitter(w, r)
	if !ok {
		return nil, false
	}
	sp, err := findSpendSpool(r.PathValue("token"), pbrSpoolOwner(v.Contract.ID), v.Principal.User.ID)
	if err != nil {
		s.fail(w, r, samspil.Errorf(samspil.ENOTFOUND, "pbrclaim.upload.expired", "the uploaded file is no longer here; upload it again"))
		return nil, false
	}
	d := s.newPbrClaimUploadData(v, EmptyForm(r))
	d.Spool = sp
	return d, true
}

// pbrColumn names the file's column of a claim field, for line errors.
func pbrColumn(tr *Translator, field string) string {
	switch field {
	case "participant", "pseudonym":
		return tr.T("pbrclaim.col.participant", nil)
	case "outcome":
		return tr.T("pbrclaim.col.outcome", nil)
	case "achieved_on":
		return tr.T("pbrclaim.col.achieved_on", nil)
	case "evidence_ref":
		return tr.T("pbrclaim.col.evidence_ref", nil)
	}
	return field
}

// checkPbrClaimFile reads the waiting file and checks every line: the
// parser's problems and the platform's rules (Claim.Validate against the
// contract and its participants). It fills d's counts and errors and
// returns the claims; ok is false when there is any problem.
func (s *Server) checkPbrClaimFile(r *http.Request, d *pbrClaimUploadData) ([]*samspil.Claim, bool, error) {
	tr := TranslatorFrom(r)
	file, err := d.Spool.open()
	if err != nil {
		return nil, false, err
	}
	claims, lineErrs, err := pbr.ReadClaimUpload(file)
	file.Close()
	if err != nil {
		if e, isDomain := samspil.AsError(err); isDomain && e.Code == samspil.EINVALID {
			d.Errors = append(d.Errors, spendLineError{Message: tr.Err(e)})
			return nil, false, nil
		}
		return nil, false, err
	}
	var errs []pbr.LineError
	errs = append(errs, lineErrs...)
	ledger, err := s.store.ContractLedger(r.Context(), d.Contract.ID)
	if err != nil {
		return nil, false, err
	}
	byName := map[string]*samspil.Participant{}
	for _, p := range ledger.Participants {
		byName[p.Pseudonym] = p
	}
	now := s.now()
	counts := map[string]int{}
	for _, cl := range claims {
		cl.ContractID = d.Contract.ID
		var p *samspil.Participant
		if !samspil.LooksLikeCPR(cl.Pseudonym) {
			p = byName[strings.TrimSpace(cl.Pseudonym)]
		}
		if err := cl.Validate(d.Contract, p, now); err != nil {
			e, _ := samspil.AsError(err)
			for _, fe := range e.Fields {
				errs = append(errs, pbr.LineError{Line: cl.Line, Field: fe.Field, Key: fe.Key, Message: fe.Message, Args: fe.Args})
			}
			continue
		}
		counts[cl.OutcomeCode]++
	}
	d.Claims = len(claims)
	for _, o := range d.Contract.Outcomes {
		if n := counts[o.Code]; n > 0 {
			d.Outcomes = append(d.Outcomes, pbrUploadOutcome{Code: o.Code, Count: n})
		}
	}
	d.addLineErrors(tr, errs)
	if len(claims) == 0 && len(errs) == 0 {
		d.Errors = append(d.Errors, spendLineError{Message: tr.T("pbr.upload.empty", nil)})
	}
	return claims, len(d.Errors) == 0, nil
}

// addLineErrors lists the file's line errors on the preview.
func (d *pbrClaimUploadData) addLineErrors(tr *Translator, errs []pbr.LineError) {
	list, more := pbrListLineErrors(tr, errs, func(field string) string { return pbrColumn(tr, field) })
	d.Errors = append(d.Errors, list...)
	if more > 0 {
		d.More = more
	}
}

// handlePbrClaimPreview checks the waiting file and lists every problem
// with its line number; nothing is written. A clean file gets the button
// that submits its claims.
func (s *Server) handlePbrClaimPreview(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadPbrClaimSpool(w, r)
	if !ok {
		return
	}
	_, clean, err := s.checkPbrClaimFile(r, d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if !clean {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "pbr_claim_preview", d)
}

// handlePbrClaimCommit submits the file's claims in one transaction, all
// or nothing; problems the store finds are shown on the preview with the
// line they came from.
func (s *Server) handlePbrClaimCommit(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadPbrClaimSpool(w, r)
	if !ok {
		return
	}
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	claims, clean, err := s.checkPbrClaimFile(r, d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if clean {
		err = s.store.SubmitClaims(r.Context(), d.Contract.ID, claims)
		if err == nil {
			d.Spool.remove()
			s.setFlash(r, "pbrclaim.flash.uploaded")
			s.redirect(w, r, pbrClaimPath(d.Contract.ID, "/anmeldelser?sort=submitted"))
			return
		}
		e, isDomain := samspil.AsError(err)
		if !isDomain || (e.Code != samspil.EINVALID && e.Code != samspil.ECONFLICT) {
			s.fail(w, r, err)
			return
		}
		d.addLineErrors(TranslatorFrom(r), pbrStoreLineErrors(e, "claims", len(claims), func(i int) int {
			if claims[i].Line == 0 {
				return i + 2 // the header is line 1
			}
			return claims[i].Line
		}))
	}
	s.render(w, r, http.StatusUnprocessableEntity, "pbr_claim_preview", d)
}
