package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"

	samspil "github.com/samspil/samspil"
)

// Form keeps what the user typed and the translated problems with it, so a
// page can be shown again with every value in place and every error next to
// its field and in a summary at the top.
type Form struct {
	Values url.Values
	Fields map[string]string // field name -> translated error
	order  []string          // fields with errors, in the order reported
	Global []string          // translated errors not tied to a field
	tr     *Translator
	err    error // problem reading the request body
}

// NewForm reads the submitted values of r (URL query for GET, body for
// POST, multipart included) and prepares translation in the request's
// language. A body that is too large or malformed is kept in Err; use
// Server.readForm to answer it at once.
func NewForm(r *http.Request) *Form {
	f := &Form{Values: url.Values{}, Fields: map[string]string{}, tr: TranslatorFrom(r)}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		f.Values = r.URL.Query()
		return f
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		err = r.ParseMultipartForm(8 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			f.err = tooBig
		} else {
			f.err = errBadForm
		}
	}
	if r.PostForm != nil {
		f.Values = r.PostForm
	}
	return f
}

// EmptyForm returns a form with no values, for a page shown the first time.
func EmptyForm(r *http.Request) *Form {
	return &Form{Values: url.Values{}, Fields: map[string]string{}, tr: TranslatorFrom(r)}
}

// Err returns the problem met while reading the body, if any.
func (f *Form) Err() error { return f.err }

// Get returns the trimmed first value of name.
func (f *Form) Get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// Raw returns the first value of name exactly as typed (passwords).
func (f *Form) Raw(name string) string { return f.Values.Get(name) }

// List returns every value of name (checkboxes, multiple selects), trimmed
// and without empty entries.
func (f *Form) List(name string) []string {
	var out []string
	for _, v := range f.Values[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Set puts a value into the form, e.g. to prefill an edit form.
func (f *Form) Set(name, value string) { f.Values.Set(name, value) }

// SetList puts several values into the form.
func (f *Form) SetList(name string, values []string) {
	f.Values[name] = append([]string(nil), values...)
}

// Value returns the value to show in a field (templates).
func (f *Form) Value(name string) string { return f.Values.Get(name) }

// Has reports whether value is among the values of name, for checked and
// selected attributes.
func (f *Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// AddError records a translated error for a field ("" for the whole form).
func (f *Form) AddError(field, key string, args map[string]any) {
	f.addText(field, f.tr.T(key, args))
}

func (f *Form) addText(field, msg string) {
	if field == "" {
		f.Global = append(f.Global, msg)
		return
	}
	if old, ok := f.Fields[field]; ok {
		if !strings.Contains(old, msg) {
			f.Fields[field] = old + " " + msg
		}
		return
	}
	f.Fields[field] = msg
	f.order = append(f.order, field)
}

// SetErrors turns err into form errors: each FieldError of a
// *samspil.Error becomes a translated message next to its field; any other
// error becomes a message for the whole form. It returns false when err is
// not a validation or conflict error, so the caller should use Server.fail.
func (f *Form) SetErrors(err error) bool {
	e, ok := samspil.AsError(err)
	if !ok || (e.Code != samspil.EINVALID && e.Code != samspil.ECONFLICT) {
		return false
	}
	if len(e.Fields) == 0 {
		f.addText("", f.tr.Err(e))
		return true
	}
	for _, fe := range e.Fields {
		f.addText(fe.Field, f.tr.Err(&samspil.Error{Code: samspil.EINVALID, Key: fe.Key, Message: fe.Message, Args: fe.Args}))
	}
	return true
}

// Valid reports whether no error has been recorded.
func (f *Form) Valid() bool { return len(f.Fields) == 0 && len(f.Global) == 0 }

// Error returns the translated error of a field.
func (f *Form) Error(name string) string { return f.Fields[name] }

// Invalid reports whether a field has an error (for aria-invalid).
func (f *Form) Invalid(name string) bool { _, ok := f.Fields[name]; return ok }

// FieldID is the id attribute of a field's input; the error summary links
// to it.
func FieldID(name string) string {
	var b strings.Builder
	b.WriteString("field-")
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// ID returns FieldID(name) (templates).
func (f *Form) ID(name string) string { return FieldID(name) }

// ErrorID is the id of a field's error message, for aria-describedby.
func (f *Form) ErrorID(name string) string { return FieldID(name) + "-error" }

// SummaryItem is one line of the error summary.
type SummaryItem struct {
	Href    string // "#field-..." or "" for form-wide errors
	Message string
}

// Summary lists every error for the summary box at the top of the form.
func (f *Form) Summary() []SummaryItem {
	var out []SummaryItem
	for _, m := range f.Global {
		out = append(out, SummaryItem{Message: m})
	}
	for _, name := range f.order {
		out = append(out, SummaryItem{Href: "#" + FieldID(name), Message: f.Fields[name]})
	}
	return out
}

// Field describes one input for the shared field templates ("input",
// "textarea", "select", "checkboxes" in templates/_form.html).
type Field struct {
	Name      string
	ID        string
	Label     string
	Hint      string
	HintID    string
	Type      string // input type; "" means text
	Value     string
	Error     string
	ErrorID   string
	Required  bool
	Attrs     map[string]string // extra attributes: autocomplete, inputmode, maxlength, rows...
	Options   []Option
	form      *Form
	Invalid   bool
	Multiple  bool
	Describes string // value for aria-describedby
}

// Option is one choice of a select or checkbox group.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// Input builds a Field for the templates. opts are "key=value" pairs or
// flags: "type=email", "hint=key.of.hint", "required", "autocomplete=email",
// "rows=8", "multiple". The label is the translation of labelKey.
func (f *Form) Input(name, labelKey string, opts ...string) *Field {
	fd := &Field{
		Name: name, ID: FieldID(name), Label: f.tr.T(labelKey, nil), Value: f.Values.Get(name),
		Error: f.Fields[name], ErrorID: FieldID(name) + "-error", Attrs: map[string]string{}, form: f,
	}
	_, fd.Invalid = f.Fields[name]
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "type":
			fd.Type = v
		case "hint":
			fd.Hint = f.tr.T(v, map[string]any{"Min": samspil.MinPasswordLen})
			fd.HintID = fd.ID + "-hint"
		case "required":
			fd.Required = true
		case "multiple":
			fd.Multiple = true
		default:
			fd.Attrs[k] = v
		}
	}
	var d []string
	if fd.Hint != "" {
		d = append(d, fd.HintID)
	}
	if fd.Invalid {
		d = append(d, fd.ErrorID)
	}
	fd.Describes = strings.Join(d, " ")
	return fd
}

// Choices adds options to a field; pairs are value, label (already
// translated). Values present in the form are marked selected.
func (fd *Field) Choices(opts []Option) *Field {
	fd.Options = make([]Option, len(opts))
	for i, o := range opts {
		o.Selected = fd.form.Has(fd.Name, o.Value)
		fd.Options[i] = o
	}
	return fd
}

// readForm parses the request body into a Form and answers a body that is
// too large (413) or malformed (400) itself; ok is false then.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request) (*Form, bool) {
	f := NewForm(r)
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return f, false
	}
	return f, true
}

// errBadForm marks a body that could not be parsed; fail answers it with 400.
var errBadForm = errors.New("malformed form body")

// SummaryTitle is the heading of the error summary.
func (f *Form) SummaryTitle() string {
	return f.tr.T("form.error_summary", map[string]any{"Count": len(f.Fields) + len(f.Global)})
}

// ErrorPrefix is read by screen readers before a field's error.
func (fd *Field) ErrorPrefix() string { return fd.form.tr.T("form.error_prefix", nil) }
