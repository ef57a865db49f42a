package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/upload"
)

// strategyUploadLimit is the most a strategy document upload may send:
// the largest allowed file plus room for the multipart framing. Larger
// requests are refused from their Content-Length before a byte is read;
// a body that lies about its length is cut off at this size.
const strategyUploadLimit = samspil.MaxAttachmentSize + 64<<10

// handleStrategyUpload is POST /kommuner/{kode}/strategi/dokument: a
// strategy document (PDF or DOCX, decided by content) is spooled to a
// temporary file with a size limit, stored by its checksum and listed
// with the strategy.
func (s *Server) handleStrategyUpload(w http.ResponseWriter, r *http.Request) {
	m, o, ok := s.loadStrategyOrg(w, r)
	if !ok {
		return
	}
	uf := EmptyForm(r)
	fail := func(err error) {
		if !uf.SetErrors(err) {
			s.fail(w, r, err)
			return
		}
		st, ferr := s.findStrategy(r, m.Code)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		f := EmptyForm(r)
		if st != nil {
			strategyFormValues(f, st, s.loc)
		}
		s.renderStrategyForm(w, r, HTTPStatus(err), &strategyFormData{FormData: FormData{Form: f}, M: m, Org: o, Strategy: st, UploadForm: uf}, emptyGoalRows)
	}
	if r.ContentLength > strategyUploadLimit {
		// Refused from the header alone: the body is never read. The
		// connection is closed so the client stops sending.
		w.Header().Set("Connection", "close")
		fail(upload.TooLarge(samspil.MaxAttachmentSize))
		return
	}
	st, err := s.findStrategy(r, m.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if st == nil {
		fail(fieldError("file", "strategyform.document.save_first", "save the strategy before adding its document"))
		return
	}
	if s.blobs == nil {
		s.fail(w, r, errors.New("web: no blob store configured for attachments"))
		return
	}
	spooled, name, err := spoolUpload(r, "file")
	if err != nil {
		fail(err)
		return
	}
	defer spooled.Close()
	ctype, err := spooled.Sniff()
	if err != nil {
		fail(err)
		return
	}
	if ctype != samspil.ContentPDF && ctype != samspil.ContentDOCX {
		fail(fieldError("file", "strategyform.document.type", "a strategy document must be a PDF or Word (.docx) file"))
		return
	}
	sum, size, err := s.blobs.PutBlob(r.Context(), spooled.Reader())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := &samspil.Attachment{OwnerType: samspil.OwnerStrategy, OwnerID: o.ID, Name: name, ContentType: ctype, Size: size,
		SHA256: sum, CreatedBy: s.principal(r).User.ID}
	if err := s.store.AddAttachment(r.Context(), a); err != nil {
		fail(err)
		return
	}
	s.setFlash(r, "strategyform.document.added")
	s.redirect(w, r, "/kommuner/"+m.Code+"/strategi")
}

// fieldError is a validation error on one form field.
func fieldError(field, key, msg string) error {
	var v samspil.Validation
	v.Add(field, key, msg, nil)
	return v.Err()
}

// spoolUpload streams the multipart body and spools the part named field
// to a temporary file (upload.Spool, at most MaxAttachmentSize), without
// holding the file in memory. Other parts are skipped. It returns the
// spooled file and its cleaned name.
func spoolUpload(r *http.Request, field string) (*upload.Spooled, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", fieldError(field, "strategyform.document.missing", "choose a file to upload")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, "", upload.TooLarge(samspil.MaxAttachmentSize)
			}
			return nil, "", errBadForm
		}
		if part.FormName() != field {
			part.Close()
			continue
		}
		name := samspil.CleanFileName(part.FileName())
		if name == "" {
			part.Close()
			return nil, "", fieldError(field, "strategyform.document.missing", "choose a file to upload")
		}
		sp, err := upload.Spool(part, samspil.MaxAttachmentSize, "")
		part.Close()
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, "", upload.TooLarge(samspil.MaxAttachmentSize)
			}
			return nil, "", err
		}
		if sp.Size == 0 {
			sp.Close()
			return nil, "", fieldError(field, "strategyform.document.missing", "choose a file to upload")
		}
		return sp, name, nil
	}
	return nil, "", fieldError(field, "strategyform.document.missing", "choose a file to upload")
}

// strategyAttachment loads attachment {fid} and checks that it is a
// document of the strategy of municipality organisation orgID; any other
// attachment does not exist here.
func (s *Server) strategyAttachment(r *http.Request, orgID int64) (*samspil.Attachment, error) {
	id, err := strconv.ParseInt(r.PathValue("fid"), 10, 64)
	notFound := samspil.Errorf(samspil.ENOTFOUND, "strategyform.document.not_found", "no such document")
	if err != nil || id <= 0 {
		return nil, notFound
	}
	a, err := s.store.FindAttachmentByID(r.Context(), id)
	if err != nil {
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			return nil, notFound
		}
		return nil, err
	}
	if a.OwnerType != samspil.OwnerStrategy || a.OwnerID != orgID {
		return nil, notFound
	}
	return a, nil
}

// handleStrategyDownload is GET /kommuner/{kode}/strategi/dokument/{fid}:
// strategies are public, so is their document. It is always sent as a
// download with its sniffed type, never shown inline, and under a
// sandboxing policy in case a browser tries.
func (s *Server) handleStrategyDownload(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("kode")
	o, err := s.store.FindMunicipalityOrganisation(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.strategyAttachment(r, o.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.blobs == nil {
		s.fail(w, r, errors.New("web: no blob store configured for attachments"))
		return
	}
	f, err := s.blobs.OpenBlob(r.Context(), a.SHA256)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	serveAttachment(w, r, a, f)
}

// serveAttachment sends stored file content as a download.
func serveAttachment(w http.ResponseWriter, r *http.Request, a *samspil.Attachment, content io.ReadSeeker) {
	name := a.Name
	if ext := samspil.AttachmentContentTypes[a.ContentType]; ext != "" && !strings.HasSuffix(strings.ToLower(name), ext) {
		name += ext
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if cd == "" {
		cd = "attachment"
	}
	h.Set("Content-Disposition", cd)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, "", a.CreatedAt, content)
}

// handleStrategyDocDelete is POST …/strategi/dokument/{fid}/slet.
func (s *Server) handleStrategyDocDelete(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	m, o, ok := s.loadStrategyOrg(w, r)
	if !ok {
		return
	}
	a, err := s.strategyAttachment(r, o.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.DeleteAttachment(r.Context(), a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "strategyform.document.deleted")
	s.redirect(w, r, "/kommuner/"+m.Code+"/strategi")
}
