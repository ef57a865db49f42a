package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/samspil/samspil"
)

// statusByCode is the one table that maps domain error codes to HTTP
// statuses. EINVALID is 400 for every kind of bad input (malformed JSON,
// wrong types, unknown fields and broken domain rules alike): clients need
// to handle a single status, and the errors list says what to correct.
var statusByCode = map[string]int{
	samspil.EINVALID:      http.StatusBadRequest,
	samspil.ENOTFOUND:     http.StatusNotFound,
	samspil.ECONFLICT:     http.StatusConflict,
	samspil.EUNAUTHORIZED: http.StatusUnauthorized,
	samspil.EFORBIDDEN:    http.StatusForbidden,
	samspil.ETOOMANY:      http.StatusTooManyRequests,
	samspil.EINTERNAL:     http.StatusInternalServerError,
}

// ProblemTypePrefix starts the "type" URI of every problem; the rest is the
// problem code ("invalid", "not_found", "too_large", ...). The URN is
// stable and names the kind of failure without pointing at a host.
const ProblemTypePrefix = "urn:samspil:problem:"

// Problem is the RFC 9457 body of every API error. Code and Key are
// extension members: the machine-readable failure and its translation key,
// so a client can react without parsing the human text.
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail"`
	Instance string         `json:"instance"`
	Code     string         `json:"code"`
	Key      string         `json:"key"`
	Errors   []FieldProblem `json:"errors"`
}

// FieldProblem is one broken rule on one JSON property or query parameter.
type FieldProblem struct {
	Field  string `json:"field"`
	Key    string `json:"key"`
	Detail string `json:"detail"`
}

// problem is an API-level failure that is not (yet) a domain error: a bad
// query parameter, a body that cannot be decoded, a wrong media type. It
// carries its own status because some (413, 415, 405) have no domain code.
type problem struct {
	status int
	code   string
	key    string
	args   map[string]any
	fields []samspil.FieldError
}

func (p *problem) Error() string { return "api: " + p.code + " " + p.key }

// invalid returns a 400 problem about one field.
func invalid(field, key string, args map[string]any) *problem {
	return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "error.validation",
		fields: []samspil.FieldError{{Field: field, Key: key, Args: args}}}
}

// writeError writes err as a problem in the caller's language. Internal
// errors are logged with the request and shown with a generic text only.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	lang := requestLang(r)
	var p *problem
	switch e := err.(type) {
	case *problem:
		p = e
	default:
		code := samspil.ErrorCode(err)
		status, ok := statusByCode[code]
		if !ok {
			code, status = samspil.EINTERNAL, http.StatusInternalServerError
		}
		p = &problem{status: status, code: code}
		if de, ok := samspil.AsError(err); ok && code != samspil.EINTERNAL {
			p.key, p.args, p.fields = de.Key, de.Args, de.Fields
			if p.key == "" || !hasKey(p.key) && de.Message == "" {
				p.key = "error." + code
			}
		} else {
			p.key = "error.internal"
			s.log.ErrorContext(r.Context(), "api: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		}
	}
	body := Problem{
		Type:     ProblemTypePrefix + p.code,
		Title:    translate(lang, "api.title."+p.code, nil, http.StatusText(p.status)),
		Status:   p.status,
		Detail:   translate(lang, p.key, p.args, fallbackMessage(err)),
		Instance: r.URL.Path,
		Code:     p.code,
		Key:      p.key,
		Errors:   []FieldProblem{},
	}
	for _, f := range p.fields {
		body.Errors = append(body.Errors, FieldProblem{Field: f.Field, Key: f.Key, Detail: translate(lang, f.Key, f.Args, f.Message)})
	}
	if len(body.Errors) == 1 && p.key == "error.validation" {
		// One problem: say it in detail too, for clients that show only detail.
		body.Detail = body.Errors[0].Detail
	}
	if p.status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="samspil"`)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(body)
	h := w.Header()
	h.Del("ETag")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Language", lang)
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// fallbackMessage is the English text of a domain error, shown only when a
// key is missing from the catalogues (a test keeps that from happening).
func fallbackMessage(err error) string {
	if e, ok := samspil.AsError(err); ok && e.Code != samspil.EINTERNAL {
		return e.Message
	}
	return ""
}
