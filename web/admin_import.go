package web

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/orgcsv"
	"github.com/samspil/samspil/refdata"
)

// importBodyLimit leaves room for the multipart envelope around a file of
// the largest size orgcsv accepts, so an oversized file gets orgcsv's clear
// message rather than a bare 413 whenever possible.
const importBodyLimit = orgcsv.MaxBytes + 1<<20

// Preview limits: a 100,000-line file must not become a 100 MB page. The
// preview lists the first importPreviewRows valid rows and the first
// importErrorLines bad lines, and says how many more there are; the error
// summary at the top links to the first importSummaryLines of them.
const (
	importPreviewRows  = 2000
	importErrorLines   = 5000
	importSummaryLines = 100
)

// importLine is one line of the preview: a valid organisation or the
// problems of a bad line.
type importLine struct {
	Line   int
	Org    *samspil.Organisation
	Errors []importProblem
}

// importProblem is one translated problem on a line.
type importProblem struct {
	Field   string
	Message string
}

// adminImportData is the upload form, the preview and the result.
type adminImportData struct {
	FormData
	Lines     []importLine // shown rows: every bad line and the first valid ones
	Valid     int
	Bad       int
	Hidden    int // valid rows not listed
	HiddenBad int // bad lines not listed
	// Summary is the first bad lines, for the error summary.
	Summary   []importLine
	Payload   string // the file, gzip+base64, for the commit button
	Imported  int
	FileError string // translated problem with the file as a whole
}

// handleAdminImportPage shows the upload form.
func (s *Server) handleAdminImportPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "admin_import", &adminImportData{FormData: FormData{Form: EmptyForm(r)}})
}

// handleAdminImportPreview parses the uploaded CSV and lists every row
// with its problems. Nothing is written; the page carries the file to the
// commit button, so the server keeps no state between the two steps.
func (s *Server) handleAdminImportPreview(w http.ResponseWriter, r *http.Request) {
	f := EmptyForm(r)
	data, err := readUpload(r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = &samspil.Error{Code: samspil.EINVALID, Key: "import.too_large", Message: "the file is larger than 10 MB",
				Args: map[string]any{"MaxMB": orgcsv.MaxBytes >> 20}}
		}
		s.renderImportFileError(w, r, f, err)
		return
	}
	s.importPreview(w, r, f, data)
}

// readUpload returns the content of the "file" part of a multipart POST.
func readUpload(r *http.Request) ([]byte, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, samspil.Errorf(samspil.EINVALID, "admin.import.no_file", "choose a CSV file to upload")
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return nil, samspil.Errorf(samspil.EINVALID, "admin.import.no_file", "choose a CSV file to upload")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, orgcsv.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

func (s *Server) renderImportFileError(w http.ResponseWriter, r *http.Request, f *Form, err error) {
	if c := samspil.ErrorCode(err); c != samspil.EINVALID {
		s.fail(w, r, err)
		return
	}
	f.AddError("file", samspil.ErrorKey(err), errArgs(err))
	s.render(w, r, http.StatusUnprocessableEntity, "admin_import", &adminImportData{FormData: FormData{Form: f},
		FileError: TranslatorFrom(r).Err(err)})
}

func errArgs(err error) map[string]any {
	if e, ok := samspil.AsError(err); ok {
		return e.Args
	}
	return nil
}

// checkImport parses data and adds the checks that need the database:
// target groups known to the store and CVR numbers already registered.
func (s *Server) checkImport(r *http.Request, data []byte) ([]orgcsv.Row, []orgcsv.LineError, error) {
	groups, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		return nil, nil, err
	}
	codes := make([]string, 0, len(groups))
	for _, g := range groups {
		codes = append(codes, g.Code)
	}
	rows, lerrs, err := orgcsv.ParseOptions(bytes.NewReader(data), orgcsv.Options{Catalog: refdata.Catalog, TargetGroups: codes})
	if err != nil {
		return nil, nil, err
	}
	// Look the CVR numbers up a page at a time rather than one query a row:
	// a large file would otherwise cost one round trip per line, twice.
	var cvrs []string
	lineOf := map[string]int{}
	for _, row := range rows {
		if row.Org.CVR != "" {
			cvrs = append(cvrs, row.Org.CVR)
			lineOf[row.Org.CVR] = row.Line
		}
	}
	var taken []orgcsv.LineError
	for start := 0; start < len(cvrs); start += samspil.MaxPageSize {
		chunk := cvrs[start:min(start+samspil.MaxPageSize, len(cvrs))]
		found, _, err := s.store.FindOrganisations(r.Context(), samspil.OrganisationFilter{CVRs: chunk, Limit: samspil.MaxPageSize})
		if err != nil {
			return nil, nil, err
		}
		for _, existing := range found {
			taken = append(taken, orgcsv.LineError{Line: lineOf[existing.CVR], Field: "cvr", Key: "admin.import.cvr_taken",
				Message: "the CVR number is already registered", Args: map[string]any{"CVR": existing.CVR, "Name": existing.Name}})
		}
	}
	sort.Slice(taken, func(i, j int) bool { return taken[i].Line < taken[j].Line })
	lerrs = append(lerrs, taken...)
	return rows, lerrs, nil
}

// importPreview renders the preview of data (also used when a commit finds
// problems after all).
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request, f *Form, data []byte) {
	rows, lerrs, err := s.checkImport(r, data)
	if err != nil {
		s.renderImportFileError(w, r, f, err)
		return
	}
	s.renderPreview(w, r, f, data, rows, lerrs)
}

func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, f *Form, data []byte, rows []orgcsv.Row, lerrs []orgcsv.LineError) {
	tr := TranslatorFrom(r)
	d := &adminImportData{FormData: FormData{Form: f}}
	byLine := map[int]*importLine{}
	var lines []*importLine
	for _, le := range lerrs {
		l := byLine[le.Line]
		if l == nil {
			l = &importLine{Line: le.Line}
			byLine[le.Line] = l
			lines = append(lines, l)
		}
		msg := le.Message
		if le.Key != "" {
			msg = tr.Err(&samspil.Error{Code: samspil.EINVALID, Key: le.Key, Message: le.Message, Args: le.Args})
		}
		l.Errors = append(l.Errors, importProblem{Field: le.Field, Message: msg})
	}
	d.Bad = len(lines)
	for _, row := range rows {
		if l := byLine[row.Line]; l != nil {
			l.Org = row.Org // a valid row made bad by a database check
			continue
		}
		d.Valid++
		if d.Valid > importPreviewRows {
			d.Hidden++
			continue
		}
		l := &importLine{Line: row.Line, Org: row.Org}
		lines = append(lines, l)
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].Line < lines[j].Line })
	shownBad := 0
	for _, l := range lines {
		if len(l.Errors) > 0 {
			if shownBad >= importErrorLines {
				d.HiddenBad++
				continue
			}
			shownBad++
			if len(d.Summary) < importSummaryLines {
				d.Summary = append(d.Summary, *l)
			}
		}
		d.Lines = append(d.Lines, *l)
	}
	status := http.StatusOK
	if d.Bad > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		d.Payload = packImport(data)
	}
	s.render(w, r, status, "admin_import_preview", d)
}

// packImport compresses the file for the hidden field of the commit form:
// a CSV shrinks several times, so even a 10 MB file makes a small page.
func packImport(data []byte) string {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// unpackImport reverses packImport, refusing anything that would grow
// beyond the size limit (a crafted gzip bomb included).
func unpackImport(s string) ([]byte, error) {
	bad := samspil.Errorf(samspil.EINVALID, "admin.import.payload", "the upload was lost on the way; please upload the file again")
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) == 0 {
		return nil, bad
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, bad
	}
	data, err := io.ReadAll(io.LimitReader(zr, orgcsv.MaxBytes+1))
	if err != nil {
		return nil, bad
	}
	if len(data) > orgcsv.MaxBytes {
		return nil, &samspil.Error{Code: samspil.EINVALID, Key: "import.too_large", Message: "the file is larger than 10 MB",
			Args: map[string]any{"MaxMB": orgcsv.MaxBytes >> 20}}
	}
	return data, nil
}

// rowField matches the "row N: field" names of CreateOrganisations errors.
var rowField = regexp.MustCompile(`^row (\d+): ?(.*)$`)

// handleAdminImportCommit checks the file once more and stores all its
// organisations in one transaction, or none.
func (s *Server) handleAdminImportCommit(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	data, err := unpackImport(f.Raw("payload"))
	if err != nil {
		s.renderImportFileError(w, r, EmptyForm(r), err)
		return
	}
	rows, lerrs, err := s.checkImport(r, data)
	if err != nil {
		s.renderImportFileError(w, r, EmptyForm(r), err)
		return
	}
	if len(lerrs) > 0 {
		s.renderPreview(w, r, EmptyForm(r), data, rows, lerrs)
		return
	}
	orgs := make([]*samspil.Organisation, len(rows))
	for i, row := range rows {
		orgs[i] = row.Org
	}
	if err := s.store.CreateOrganisations(r.Context(), orgs); err != nil {
		e, ok := samspil.AsError(err)
		if !ok || (e.Code != samspil.EINVALID && e.Code != samspil.ECONFLICT) {
			s.fail(w, r, err)
			return
		}
		// Map the store's "row N: field" errors back to file lines.
		for _, fe := range e.Fields {
			line := 0
			field := fe.Field
			if m := rowField.FindStringSubmatch(fe.Field); m != nil {
				if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(rows) {
					line = rows[n-1].Line
				}
				field = m[2]
			}
			lerrs = append(lerrs, orgcsv.LineError{Line: line, Field: field, Key: fe.Key, Message: fe.Message, Args: fe.Args})
		}
		if len(lerrs) == 0 {
			lerrs = append(lerrs, orgcsv.LineError{Key: e.Key, Message: e.Message, Args: e.Args})
		}
		s.renderPreview(w, r, EmptyForm(r), data, rows, lerrs)
		return
	}
	s.render(w, r, http.StatusOK, "admin_import_done", &adminImportData{FormData: FormData{Form: EmptyForm(r)}, Imported: len(orgs)})
}
