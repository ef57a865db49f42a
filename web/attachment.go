package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/upload"
)

// caseUploadLimit is the largest request body the upload route reads: the
// largest file plus room for the multipart envelope.
const caseUploadLimit = samspil.MaxAttachmentSize + 1<<20

// handleCaseUpload attaches a file to a draft. The rights and the number
// of files are checked before the body is touched; a body announced as too
// large is refused unread, and one that turns out too large is cut off by
// http.MaxBytesReader. The file part is streamed into a temporary file
// (never held in memory), its type decided from its bytes, then stored by
// its SHA-256.
func (s *Server) handleCaseUpload(w http.ResponseWriter, r *http.Request) {
	c, p, ok := s.loadCase(w, r, canEditCase, false)
	if !ok {
		return
	}
	f := EmptyForm(r)
	refuse := s.uploadRefuser(w, r, f, func(status int) { s.renderCaseView(w, r, status, c, f) })
	if c.Status != samspil.CaseDraft {
		refuse(http.StatusConflict, samspil.Errorf(samspil.ECONFLICT, "case.files.not_draft", "files can only be added to a draft"))
		return
	}
	if len(c.Attachments) >= samspil.MaxAttachmentsPerOwner {
		refuse(http.StatusUnprocessableEntity, fileError("case.file.too_many", "a case can have at most 20 files", map[string]any{"Max": samspil.MaxAttachmentsPerOwner}))
		return
	}
	if !s.storeUpload(w, r, samspil.OwnerCase, c.ID, p.User.ID, refuse) {
		return
	}
	s.setFlash(r, "case.flash.file_added")
	s.redirect(w, r, casePath(c.ID, "#filer"))
}

// storeUpload is what a case's and a tender's file uploads share once the
// rights and the number of files are checked: a body announced as too
// large is refused unread and one that turns out too large is cut off, the
// file part is spooled to disk, its type decided by its bytes, its content
// stored by SHA-256 and the attachment recorded. It reports false after
// answering through refuse (a person's mistake) or s.fail.
func (s *Server) storeUpload(w http.ResponseWriter, r *http.Request, owner samspil.AttachmentOwner, ownerID, userID int64, refuse func(int, error)) bool {
	if r.ContentLength > caseUploadLimit {
		refuse(http.StatusRequestEntityTooLarge, upload.TooLarge(samspil.MaxAttachmentSize))
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, caseUploadLimit)
	sp, name, err := spoolFilePart(r, "file")
	if err != nil {
		s.refuseSpoolError(w, r, err, refuse)
		return false
	}
	if sp == nil {
		refuse(http.StatusUnprocessableEntity, fileError("case.file.required", "choose a file", nil))
		return false
	}
	defer sp.Close()
	ctype, err := sp.Sniff()
	if err != nil {
		refuse(HTTPStatus(err), err)
		return false
	}
	if s.blobs == nil {
		s.fail(w, r, errors.New("web: no blob store configured (Config.Blobs)"))
		return false
	}
	sum, size, err := s.blobs.PutBlob(r.Context(), sp.Reader())
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	if sum != sp.SHA256 || size != sp.Size {
		s.fail(w, r, fmt.Errorf("web: stored blob %s (%d bytes) differs from the upload %s (%d bytes)", sum, size, sp.SHA256, sp.Size))
		return false
	}
	a := &samspil.Attachment{OwnerType: owner, OwnerID: ownerID, Name: downloadName(name, ctype), ContentType: ctype,
		Size: size, SHA256: sum, CreatedBy: userID}
	if err := s.store.AddAttachment(r.Context(), a); err != nil {
		if samspil.ErrorCode(err) == samspil.EINVALID {
			refuse(http.StatusUnprocessableEntity, err)
			return false
		}
		s.fail(w, r, err)
		return false
	}
	return true
}

// fileError is a problem with the upload, shown next to the file field.
func fileError(key, msg string, args map[string]any) *samspil.Error {
	return &samspil.Error{Code: samspil.EINVALID, Key: key, Message: msg, Args: args,
		Fields: []samspil.FieldError{{Field: "file", Key: key, Message: msg, Args: args}}}
}

// uploadRefuser returns the function that shows a refused upload: the
// error next to the file field, shown by show with the status. After a
// 413 or a 400 the connection is closed, so the browser does not keep
// sending a body nobody reads.
func (s *Server) uploadRefuser(w http.ResponseWriter, r *http.Request, f *Form, show func(status int)) func(status int, err error) {
	return func(status int, err error) {
		if !f.SetErrors(err) {
			s.fail(w, r, err)
			return
		}
		if status == http.StatusRequestEntityTooLarge || status == http.StatusBadRequest {
			w.Header().Set("Connection", "close")
		}
		show(status)
	}
}

// refuseSpoolError answers an attachment whose file part could not be
// spooled: too large, an unreadable body, or else an error page.
func (s *Server) refuseSpoolError(w http.ResponseWriter, r *http.Request, err error, refuse func(int, error)) {
	var tooBig *http.MaxBytesError
	switch e, isDomain := samspil.AsError(err); {
	case errors.As(err, &tooBig) || (isDomain && e.Key == "attachment.size.invalid"):
		refuse(http.StatusRequestEntityTooLarge, upload.TooLarge(samspil.MaxAttachmentSize))
	case errors.Is(err, errBadForm):
		refuse(http.StatusBadRequest, fileError("case.file.unreadable", "the upload could not be read; choose the file again", nil))
	default:
		s.fail(w, r, err)
	}
}

// spoolFilePart reads a multipart body part by part and spools the first
// file in the field named field into a temporary file; other parts are
// skipped. It returns nil without an error when no file was chosen.
// errBadForm marks a body that is not multipart.
func spoolFilePart(r *http.Request, field string) (*upload.Spooled, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", errBadForm
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", nil
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, "", err
			}
			return nil, "", errBadForm
		}
		if part.FormName() != field || part.FileName() == "" {
			if err := skipPart(part); err != nil {
				return nil, "", err
			}
			continue
		}
		name := part.FileName()
		sp, err := upload.Spool(part, samspil.MaxAttachmentSize, "")
		part.Close()
		if err != nil {
			return nil, "", err
		}
		if sp.Size == 0 { // a file input left empty still sends a part
			sp.Close()
			continue
		}
		return sp, name, nil
	}
}

// skipPart reads past a part that is not the file, failing on a body cut
// off by the size limit.
func skipPart(p *multipart.Part) error {
	_, err := io.Copy(io.Discard, p)
	p.Close()
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	if err != nil {
		return errBadForm
	}
	return nil
}

// downloadName is the cleaned file name with the extension of the type its
// content has, so a Word file uploaded as "x.pdf" is saved as "x.pdf.docx"
// and opens in the right program.
func downloadName(name, ctype string) string {
	name = samspil.CleanFileName(name)
	ext := samspil.AttachmentContentTypes[ctype]
	if name == "" {
		name = "bilag"
	}
	if ext != "" && !strings.HasSuffix(strings.ToLower(name), ext) {
		if r := []rune(name); len(r)+len(ext) > samspil.MaxAttachmentName {
			name = string(r[:samspil.MaxAttachmentName-len(ext)])
		}
		name += ext
	}
	return name
}

// handleCaseDownload sends an attachment of a case the viewer may see.
func (s *Server) handleCaseDownload(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadCase(w, r, nil, true)
	if !ok {
		return
	}
	a, ok := s.loadCaseFile(w, r, c)
	if !ok {
		return
	}
	s.serveAttachment(w, r, a)
}

// loadCaseFile resolves {fid} as one of c's files; any other number is a
// missing page.
func (s *Server) loadCaseFile(w http.ResponseWriter, r *http.Request, c *samspil.Case) (*samspil.Attachment, bool) {
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
	if a.OwnerType != samspil.OwnerCase || a.OwnerID != c.ID {
		s.notFound(w, r)
		return nil, false
	}
	return a, true
}

// serveAttachment sends a stored file so that no browser ever shows or
// runs it: always as a download (Content-Disposition: attachment with the
// cleaned name), with the type decided from its content at upload, no
// type sniffing and a sandboxing content security policy. Ranges and
// conditional requests work (http.ServeContent).
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request, a *samspil.Attachment) {
	if s.blobs == nil {
		s.fail(w, r, errors.New("web: no blob store configured (Config.Blobs)"))
		return
	}
	rc, err := s.blobs.OpenBlob(r.Context(), a.SHA256)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	ctype := a.ContentType
	if _, ok := samspil.AttachmentContentTypes[ctype]; !ok {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", contentDisposition(downloadName(a.Name, a.ContentType)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, no-cache")
	http.ServeContent(w, r, "", a.CreatedAt, rc)
}

// contentDisposition builds an attachment header with the name twice, as
// RFC 6266 advises: an ASCII fallback in filename="…" for old clients and
// the exact UTF-8 name in filename*=UTF-8”… (RFC 8187 encoding).
func contentDisposition(name string) string {
	var ascii strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || r == '"' || r == '\\' || r == '%' || r == ';':
			ascii.WriteByte('_')
		case r < utf8.RuneSelf:
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	var enc strings.Builder
	for i := 0; i < len(name); i++ {
		b := name[i]
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// caseFileDeleteData is the confirmation page for removing a file.
type caseFileDeleteData struct {
	FormData
	Case *samspil.Case
	File *samspil.Attachment
}

// handleCaseFileDeletePage asks before a file is removed.
func (s *Server) handleCaseFileDeletePage(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadCase(w, r, canEditCase, true)
	if !ok {
		return
	}
	a, ok := s.loadCaseFile(w, r, c)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "case_file_delete", &caseFileDeleteData{FormData: FormData{Form: EmptyForm(r)}, Case: c, File: a})
}

// handleCaseFileDelete removes a file from a case (in any status: taking
// a file down needs no review). Without confirm=yes it asks first.
func (s *Server) handleCaseFileDelete(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadCase(w, r, canEditCase, false)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	a, ok := s.loadCaseFile(w, r, c)
	if !ok {
		return
	}
	if f.Get("confirm") != "yes" {
		s.render(w, r, http.StatusOK, "case_file_delete", &caseFileDeleteData{FormData: FormData{Form: f}, Case: c, File: a})
		return
	}
	if err := s.store.DeleteAttachment(r.Context(), a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "case.flash.file_deleted")
	s.redirect(w, r, casePath(c.ID, "#filer"))
}

// formatFileSize shows a size in the page language: "1,4 MB", "820 kB".
func formatFileSize(lang string, n int64) string {
	switch {
	case n >= 1<<20:
		return formatDecimal(lang, float64(n)/(1<<20), 1) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " kB"
	}
	if lang == "en" {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// fileTypeName is the short name of an attachment's type.
func fileTypeName(ctype string) string {
	switch ctype {
	case samspil.ContentPDF:
		return "PDF"
	case samspil.ContentDOCX:
		return "Word"
	case samspil.ContentXLSX:
		return "Excel"
	}
	return ctype
}
