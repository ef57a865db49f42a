package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/purchasecsv"
)

// spendUploadMax is the largest spend file the web import takes; larger
// files go through the command line, which streams. A variable so tests
// can try the limit without sending 100 MB.
var spendUploadMax = samspil.MaxPurchaseUpload

// spendEnvelope is room for the multipart envelope around the file.
const spendEnvelope = 1 << 20

// spendUploadLimit is the body limit of the upload route.
func spendUploadLimit() int64 { return spendUploadMax + spendEnvelope }

// spendImportData is every step of the import: the upload form, the
// column mapping, the preview and its errors.
type spendImportData struct {
	FormData
	M     *samspil.Municipality
	Org   *samspil.Organisation
	MaxMB int64
	Code  string // the command line's --municipality value
	// Mapping and preview.
	Spool    *spendSpool
	Header   *purchasecsv.Header
	Detected purchasecsv.Format
	Fields   []spendFieldChoice
	Formats  []spendFormatChoice
	Summary  *purchasecsv.Summary
	Errors   []spendLineError
	More     int        // errors counted but not listed
	Hidden   url.Values // the chosen format and mapping, carried to the next step
	Back     string     // the mapping page with the chosen values
}

// spendFieldChoice is the select of one field in the mapping step.
type spendFieldChoice struct {
	Field    purchasecsv.Field
	Name     string // form field name
	Label    string
	Hint     string
	Required bool
	Options  []Option
	Error    string
}

// spendFormatChoice is the select of one part of the format.
type spendFormatChoice struct {
	Name, Label, Detected string
	Options               []Option
}

// spendLineError is one translated problem on one line of the file.
type spendLineError struct {
	Line    int
	Field   string
	Message string
}

// spendImporter resolves {kode} and checks that the signed-in person may
// import for the municipality, before the request body is touched.
func (s *Server) spendImporter(w http.ResponseWriter, r *http.Request) (*samspil.Municipality, *samspil.Organisation, *samspil.Principal, bool) {
	m, o, ok := s.spendOrg(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	p := s.principal(r)
	if o == nil {
		if err := p.Require(p.IsPlatformAdmin()); err != nil {
			s.fail(w, r, err)
			return nil, nil, nil, false
		}
		s.notFound(w, r)
		return nil, nil, nil, false
	}
	if err := p.Require(p.CanImportPurchases(o.ID)); err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, false
	}
	return m, o, p, true
}

func (s *Server) newSpendImportData(r *http.Request, m *samspil.Municipality, o *samspil.Organisation, f *Form) *spendImportData {
	return &spendImportData{FormData: FormData{Form: f}, M: m, Org: o, MaxMB: spendUploadMax >> 20, Code: m.Code}
}

// handleSpendImportPage is step 1: the upload form.
func (s *Server) handleSpendImportPage(w http.ResponseWriter, r *http.Request) {
	m, o, _, ok := s.spendImporter(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "spend_import", s.newSpendImportData(r, m, o, EmptyForm(r)))
}

// spendTooLarge is the message for a file over the web limit; it names
// the command that imports larger files.
func spendTooLarge(code string) *samspil.Error {
	args := map[string]any{"MaxMB": spendUploadMax >> 20, "Code": code}
	const msg = "the file is too large for the web import; use samspil import purchases"
	return &samspil.Error{Code: samspil.EINVALID, Key: "spend.import.too_large", Message: msg, Args: args,
		Fields: []samspil.FieldError{{Field: "file", Key: "spend.import.too_large", Message: msg, Args: args}}}
}

// handleSpendUpload receives the file: refused unread when it announces
// more than the limit, cut off when it turns out larger, otherwise spooled
// to a private temporary file, sniffed, and the browser sent on to the
// mapping step.
func (s *Server) handleSpendUpload(w http.ResponseWriter, r *http.Request) {
	m, o, p, ok := s.spendImporter(w, r)
	if !ok {
		return
	}
	f := EmptyForm(r)
	refuse := s.uploadRefuser(w, r, f, func(status int) {
		s.render(w, r, status, "spend_import", s.newSpendImportData(r, m, o, f))
	})
	sp := &spendSpool{Municipality: m.Code, UserID: p.User.ID}
	if !s.receiveUpload(w, r, sp, uploadFlow{Max: spendUploadMax, TooLarge: spendTooLarge(m.Code),
		Unreadable: "spend.import.unreadable", NoFile: "spend.import.no_file"}, refuse) {
		return
	}
	file, err := sp.open()
	if err != nil {
		sp.remove()
		s.fail(w, r, err)
		return
	}
	_, err = purchasecsv.Sniff(file)
	file.Close()
	if err != nil {
		sp.remove()
		if e, ok := samspil.AsError(err); ok && e.Code == samspil.EINVALID {
			refuse(http.StatusUnprocessableEntity, fileError(e.Key, e.Message, e.Args))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, spendPath(m.Code, "/import/"+sp.Token))
}

// errNoSpendFile means the form came without a file.
var errNoSpendFile = errors.New("no file chosen")

// cleanFileName keeps the last path element of an uploaded file's name
// (some browsers send a whole path) and bounds its length.
func cleanFileName(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' || name[i] == '\\' {
			name = name[i+1:]
			break
		}
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	if name == "" {
		name = "indkoeb.csv"
	}
	return name
}

// loadSpendSpool is the common start of steps 2–4: rights, then the
// waiting file of {token}.
func (s *Server) loadSpendSpool(w http.ResponseWriter, r *http.Request) (*spendImportData, bool) {
	m, o, p, ok := s.spendImporter(w, r)
	if !ok {
		return nil, false
	}
	sp, err := findSpendSpool(r.PathValue("token"), m.Code, p.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	d := s.newSpendImportData(r, m, o, EmptyForm(r))
	d.Spool = sp
	return d, true
}

// sniffSpool reads the start of the waiting file.
func (d *spendImportData) sniff() error {
	file, err := d.Spool.open()
	if err != nil {
		return err
	}
	defer file.Close()
	h, err := purchasecsv.Sniff(file)
	if err != nil {
		return err
	}
	d.Header, d.Detected = h, h.Format
	return nil
}

// chosenFormat reads the format from form values without judging them;
// ok is false when a part is missing or unknown.
func chosenFormat(v interface{ Get(string) string }) (purchasecsv.Format, bool) {
	ft := purchasecsv.Format{Delimiter: delimiterRunes[v.Get("delimiter")],
		Encoding: purchasecsv.Encoding(v.Get("encoding")), Decimal: purchasecsv.Decimal(v.Get("decimal"))}
	return ft, ft.Validate() == nil
}

// useFormat reads the header again when the person chose a delimiter or
// encoding other than the detected one, so the columns and the sample on
// the mapping page are the ones the import will see. It reports whether
// the columns were read again.
func (d *spendImportData) useFormat(ft purchasecsv.Format) (bool, error) {
	if ft.Delimiter == d.Detected.Delimiter && sameEncoding(ft.Encoding, d.Detected.Encoding) {
		return false, nil
	}
	file, err := d.Spool.open()
	if err != nil {
		return false, err
	}
	defer file.Close()
	h, err := readSpendHeader(file, ft)
	if err != nil {
		return false, err
	}
	d.Header = h
	return true, nil
}

// sameEncoding treats UTF-8 with and without BOM alike: the header reads
// the same.
func sameEncoding(a, b purchasecsv.Encoding) bool {
	utf := func(e purchasecsv.Encoding) bool { return e == purchasecsv.UTF8 || e == purchasecsv.UTF8BOM }
	return a == b || (utf(a) && utf(b))
}

// Format and mapping as form values.
var (
	delimiterNames = map[rune]string{',': "comma", ';': "semicolon", '\t': "tab"}
	delimiterRunes = map[string]rune{"comma": ',', "semicolon": ';', "tab": '\t'}
	spendEncodings = []purchasecsv.Encoding{purchasecsv.UTF8, purchasecsv.UTF8BOM, purchasecsv.Windows1252}
	spendDecimals  = []purchasecsv.Decimal{purchasecsv.DecimalComma, purchasecsv.DecimalPoint}
)

// mapName is the form field of a purchase field's column.
func mapName(fd purchasecsv.Field) string { return "map_" + string(fd) }

// spendRequired reports whether a field must be mapped (CVR or name is
// checked on its own).
func spendRequired(fd purchasecsv.Field) bool {
	return fd == purchasecsv.FieldAmount || fd == purchasecsv.FieldDate
}

// formatValues puts a format and mapping into form values.
func formatValues(ft purchasecsv.Format, mp purchasecsv.Mapping) url.Values {
	v := url.Values{}
	v.Set("delimiter", delimiterNames[ft.Delimiter])
	v.Set("encoding", string(ft.Encoding))
	v.Set("decimal", string(ft.Decimal))
	for _, fd := range purchasecsv.Fields {
		if i, ok := mp[fd]; ok {
			v.Set(mapName(fd), strconv.Itoa(i))
		} else {
			v.Set(mapName(fd), "")
		}
	}
	return v
}

// readFormat reads the chosen format and mapping back from f, checking
// them against the file's columns. Problems are recorded on f.
func readFormat(f *Form, columns int) (purchasecsv.Format, purchasecsv.Mapping) {
	var ft purchasecsv.Format
	if d, ok := delimiterRunes[f.Get("delimiter")]; ok {
		ft.Delimiter = d
	} else {
		f.AddError("delimiter", "spend.mapping.choose", nil)
	}
	for _, e := range spendEncodings {
		if f.Get("encoding") == string(e) {
			ft.Encoding = e
		}
	}
	if ft.Encoding == "" {
		f.AddError("encoding", "spend.mapping.choose", nil)
	}
	for _, dc := range spendDecimals {
		if f.Get("decimal") == string(dc) {
			ft.Decimal = dc
		}
	}
	if ft.Decimal == "" {
		f.AddError("decimal", "spend.mapping.choose", nil)
	}
	mp := purchasecsv.Mapping{}
	used := map[int]purchasecsv.Field{}
	for _, fd := range purchasecsv.Fields {
		v := f.Get(mapName(fd))
		if v == "" {
			if spendRequired(fd) {
				f.AddError(mapName(fd), "spend.mapping.required", nil)
			}
			continue
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= columns {
			f.AddError(mapName(fd), "spend.mapping.choose", nil)
			continue
		}
		if other, dup := used[i]; dup {
			f.AddError(mapName(fd), "spend.mapping.twice", map[string]any{"Other": f.tr.T("spend.field."+string(other), nil)})
			continue
		}
		used[i] = fd
		mp[fd] = i
	}
	_, hasCVR := mp[purchasecsv.FieldCVR]
	_, hasName := mp[purchasecsv.FieldName]
	if !hasCVR && !hasName && !f.Invalid(mapName(purchasecsv.FieldCVR)) {
		f.AddError(mapName(purchasecsv.FieldCVR), "spend.mapping.supplier", nil)
	}
	return ft, mp
}

// fillChoices builds the selects of the mapping page from the form values.
func (d *spendImportData) fillChoices(f *Form) {
	tr := f.tr
	det := d.Detected
	detected := func(v string) string { return tr.T("spend.mapping.detected", map[string]any{"Value": v}) }
	delims := []Option{}
	for _, name := range []string{"semicolon", "comma", "tab"} {
		delims = append(delims, Option{Value: name, Label: tr.T("spend.delimiter."+name, nil), Selected: f.Get("delimiter") == name})
	}
	encs := []Option{}
	for _, e := range spendEncodings {
		encs = append(encs, Option{Value: string(e), Label: tr.T("spend.encoding."+string(e), nil), Selected: f.Get("encoding") == string(e)})
	}
	decs := []Option{}
	for _, dc := range spendDecimals {
		decs = append(decs, Option{Value: string(dc), Label: tr.T("spend.decimal."+string(dc), nil), Selected: f.Get("decimal") == string(dc)})
	}
	d.Formats = []spendFormatChoice{
		{Name: "delimiter", Label: tr.T("spend.mapping.delimiter", nil), Detected: detected(tr.T("spend.delimiter."+delimiterNames[det.Delimiter], nil)), Options: delims},
		{Name: "encoding", Label: tr.T("spend.mapping.encoding", nil), Detected: detected(tr.T("spend.encoding."+string(det.Encoding), nil)), Options: encs},
		{Name: "decimal", Label: tr.T("spend.mapping.decimal", nil), Detected: detected(tr.T("spend.decimal."+string(det.Decimal), nil)), Options: decs},
	}
	d.Fields = nil
	for _, fd := range purchasecsv.Fields {
		c := spendFieldChoice{Field: fd, Name: mapName(fd), Label: tr.T("spend.field."+string(fd), nil),
			Hint: tr.T("spend.field."+string(fd)+".hint", nil), Required: spendRequired(fd), Error: f.Error(mapName(fd))}
		c.Options = append(c.Options, Option{Value: "", Label: tr.T("spend.mapping.none", nil), Selected: f.Get(c.Name) == ""})
		for i, col := range d.Header.Columns {
			v := strconv.Itoa(i)
			label := tr.T("spend.mapping.column", map[string]any{"N": i + 1, "Name": col})
			c.Options = append(c.Options, Option{Value: v, Label: label, Selected: f.Get(c.Name) == v})
		}
		d.Fields = append(d.Fields, c)
	}
}

// handleSpendMapping is step 2: the detected format, the columns with a
// sample, and a select per field with the guessed column, all of which
// the person may correct. Values in the query (from "change the mapping"
// on the preview) take the place of the guesses.
func (s *Server) handleSpendMapping(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadSpendSpool(w, r)
	if !ok {
		return
	}
	if err := d.sniff(); err != nil {
		s.spendFileProblem(w, r, d, err)
		return
	}
	f := EmptyForm(r)
	f.Values = formatValues(d.Header.Format, d.Header.Mapping)
	q := r.URL.Query()
	for _, k := range []string{"delimiter", "encoding", "decimal"} {
		if q.Has(k) {
			f.Values.Set(k, q.Get(k))
		}
	}
	if ft, ok := chosenFormat(f.Values); ok {
		reread, err := d.useFormat(ft)
		if err != nil {
			s.spendFormatProblem(w, r, d, f, err)
			return
		}
		if reread {
			f.Values = formatValues(ft, d.Header.Mapping)
		}
	}
	for _, fd := range purchasecsv.Fields {
		if k := mapName(fd); q.Has(k) {
			f.Values.Set(k, q.Get(k))
		}
	}
	d.Form = f
	d.fillChoices(f)
	s.render(w, r, http.StatusOK, "spend_import_mapping", d)
}

// spendFileProblem shows a problem with the file as a whole on the upload
// form, and forgets the file.
func (s *Server) spendFileProblem(w http.ResponseWriter, r *http.Request, d *spendImportData, err error) {
	e, ok := samspil.AsError(err)
	if !ok || e.Code != samspil.EINVALID {
		s.fail(w, r, err)
		return
	}
	d.Spool.remove()
	f := EmptyForm(r)
	f.SetErrors(fileError(e.Key, e.Message, e.Args))
	s.render(w, r, http.StatusUnprocessableEntity, "spend_import", s.newSpendImportData(r, d.M, d.Org, f))
}

// spendFormatProblem shows the mapping page with the detected columns and
// the problem next to the delimiter, when the chosen format gives no
// header row.
func (s *Server) spendFormatProblem(w http.ResponseWriter, r *http.Request, d *spendImportData, f *Form, err error) {
	e, ok := samspil.AsError(err)
	if !ok || e.Code != samspil.EINVALID {
		s.fail(w, r, err)
		return
	}
	f.AddError("delimiter", e.Key, e.Args)
	d.Form = f
	d.fillChoices(f)
	s.render(w, r, http.StatusUnprocessableEntity, "spend_import_mapping", d)
}

// readSpendMapping reads step 2's form; on a problem it shows the mapping
// page again and returns ok false.
func (s *Server) readSpendMapping(w http.ResponseWriter, r *http.Request, d *spendImportData) (purchasecsv.Format, purchasecsv.Mapping, bool) {
	f, ok := s.readForm(w, r)
	if !ok {
		return purchasecsv.Format{}, nil, false
	}
	if err := d.sniff(); err != nil {
		s.spendFileProblem(w, r, d, err)
		return purchasecsv.Format{}, nil, false
	}
	if ft, ok := chosenFormat(f); ok {
		if _, err := d.useFormat(ft); err != nil {
			s.spendFormatProblem(w, r, d, f, err)
			return purchasecsv.Format{}, nil, false
		}
		if f.Get("reread") != "" {
			// "Read the file again with this format": the columns of
			// the chosen format with a fresh guess of the mapping.
			for k, v := range formatValues(ft, d.Header.Mapping) {
				f.Values[k] = v
			}
			d.Form = f
			d.fillChoices(f)
			s.render(w, r, http.StatusOK, "spend_import_mapping", d)
			return ft, nil, false
		}
	}
	ft, mp := readFormat(f, len(d.Header.Columns))
	if !f.Valid() {
		d.Form = f
		d.fillChoices(f)
		s.render(w, r, http.StatusUnprocessableEntity, "spend_import_mapping", d)
		return ft, mp, false
	}
	d.Form = f
	d.Hidden = formatValues(ft, mp)
	d.Back = spendPath(d.M.Code, "/import/"+d.Spool.Token) + "?" + d.Hidden.Encode()
	return ft, mp, true
}

// handleSpendCheck is step 3: the whole file read with the chosen format
// and mapping, every bad line listed with its line number; nothing is
// imported. A clean file gets the import button.
func (s *Server) handleSpendCheck(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadSpendSpool(w, r)
	if !ok {
		return
	}
	ft, mp, ok := s.readSpendMapping(w, r, d)
	if !ok {
		return
	}
	s.spendPreview(w, r, d, ft, mp, nil)
}

// spendPreview checks the file and renders the preview; importErr is a
// problem the import itself met, shown when the check finds none.
func (s *Server) spendPreview(w http.ResponseWriter, r *http.Request, d *spendImportData, ft purchasecsv.Format, mp purchasecsv.Mapping, importErr error) {
	file, err := d.Spool.open()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum, err := purchasecsv.Check(file, ft, mp)
	file.Close()
	if err != nil {
		if e, ok := samspil.AsError(err); ok && e.Code == samspil.EINVALID {
			ce := &samspil.Error{Code: e.Code, Key: e.Key, Message: e.Message, Args: e.Args}
			for _, fe := range e.Fields {
				if _, isFormat := map[string]bool{"delimiter": true, "encoding": true, "decimal": true}[fe.Field]; !isFormat && fe.Field != "" {
					fe.Field = mapName(purchasecsv.Field(fe.Field))
				}
				ce.Fields = append(ce.Fields, fe)
			}
			d.Form.SetErrors(ce)
			d.fillChoices(d.Form)
			s.render(w, r, http.StatusUnprocessableEntity, "spend_import_mapping", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	d.Summary = sum
	tr := TranslatorFrom(r)
	for _, le := range sum.Errors {
		msg := le.Message
		if le.Key != "" {
			msg = tr.Err(&samspil.Error{Code: samspil.EINVALID, Key: le.Key, Message: le.Message, Args: le.Args})
		}
		field := ""
		if le.Field != "" {
			field = tr.T("spend.field."+string(le.Field), nil)
		}
		d.Errors = append(d.Errors, spendLineError{Line: le.Line, Field: field, Message: msg})
	}
	count := max(sum.ErrorCount, len(sum.Errors))
	d.More = count - len(d.Errors)
	if count == 0 && importErr != nil {
		d.Form.AddError("", "spend.import.failed", nil)
		d.Errors = append(d.Errors, spendLineError{Message: tr.Err(importErr)})
		count = 1
	}
	status := http.StatusOK
	if count > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "spend_import_preview", d)
}

// handleSpendCommit is step 4: the lines imported in one transaction, all
// or nothing. Lines imported before (same keys) are counted and skipped.
// The browser is sent to the import's result, so reloading cannot import
// twice.
func (s *Server) handleSpendCommit(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadSpendSpool(w, r)
	if !ok {
		return
	}
	ft, mp, ok := s.readSpendMapping(w, r, d)
	if !ok {
		return
	}
	file, err := d.Spool.open()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	years := map[int]bool{}
	lines := func(yield func(samspil.PurchaseLine, error) bool) {
		for l, err := range purchasecsv.Lines(file, ft, mp) {
			if err == nil {
				years[l.Date.Year()] = true
			}
			if !yield(l, err) {
				return
			}
		}
	}
	p := s.principal(r)
	imp := &samspil.PurchaseImport{MunicipalityCode: d.M.Code, FileName: d.Spool.FileName, SHA256: d.Spool.SHA256,
		Format: ft.String(), ImportedBy: p.User.ID}
	err = s.store.ImportPurchases(r.Context(), imp, lines)
	file.Close()
	if err != nil {
		var le purchasecsv.LineError
		var lep *purchasecsv.LineError
		if e, ok := samspil.AsError(err); (ok && e.Code == samspil.EINVALID) || errors.As(err, &le) || errors.As(err, &lep) {
			s.spendPreview(w, r, d, ft, mp, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	d.Spool.remove()
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	q := url.Values{}
	for i, y := range ys {
		if i == 5 {
			break
		}
		q.Add("aar", strconv.Itoa(y))
	}
	s.setFlash(r, "spend.flash.imported")
	target := spendPath(d.M.Code, "/importer/"+strconv.FormatInt(imp.ID, 10))
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	s.redirect(w, r, target)
}
