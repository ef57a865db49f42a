package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/samspil/samspil"
)

// MaxBodyBytes limits every request body; a larger one is answered 413.
const MaxBodyBytes = 1 << 20

// Optional is a JSON property that may be absent, null or a value. PATCH
// bodies use it to tell "leave as is" (absent) from "clear" (null), in the
// spirit of JSON merge patch (RFC 7396).
type Optional[T any] struct {
	Set   bool // the property was present
	Null  bool // it was present and null
	Value T
}

// UnmarshalJSON records presence and decodes the value strictly: nested
// objects reject unknown properties just like the top level.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&o.Value)
	if name, ok := unknownFieldName(err); ok {
		// Disguised as a type error so the outer decoder prefixes the path
		// ("rsv_criteria.social_purpose.proof"); jsonProblem unmasks it.
		return &json.UnmarshalTypeError{Value: "unknown field", Type: unknownFieldType, Field: name}
	}
	return err
}

// unknownField marks an unknown property inside a nested object.
type unknownField struct{}

var unknownFieldType = reflect.TypeFor[unknownField]()

// unknownFieldName recognises the error of DisallowUnknownFields, which
// encoding/json reports only as text.
func unknownFieldName(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	name, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	if n, err := strconv.Unquote(name); err == nil {
		name = n
	}
	if name == "" {
		name = `""`
	}
	return name, true
}

// checkContentType answers 415 unless the body is declared as JSON (any
// application/json or application/*+json type, e.g. merge-patch+json) in UTF-8.
func checkContentType(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	ok := err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
	if cs, has := params["charset"]; ok && has && !strings.EqualFold(cs, "utf-8") {
		ok = false
	}
	if !ok {
		return &problem{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			key: "api.body.media_type", args: map[string]any{"ContentType": ct}}
	}
	return nil
}

// decodeBody reads one JSON object from r into dst with the rules of the
// API: declared JSON, at most MaxBodyBytes, no unknown properties, no
// trailing data. Every failure is a *problem that names the field or the
// position.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) error {
	if err := checkContentType(r); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &problem{status: http.StatusRequestEntityTooLarge, code: "too_large",
				key: "api.body.too_large", args: map[string]any{"Max": MaxBodyBytes}}
		}
		return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "api.body.unreadable"}
	}
	return decodeJSON(body, dst)
}

// decodeJSON is the part of decodeBody that the fuzz test drives.
func decodeJSON(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "api.body.empty"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(body, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "api.body.trailing"}
	}
	return nil
}

// jsonProblem explains a decoding error in the caller's terms.
func jsonProblem(body []byte, err error) *problem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(body, syn.Offset)
		return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "api.body.malformed",
			args: map[string]any{"Line": line, "Column": col, "Offset": syn.Offset}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(body, int64(len(body)))
		return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "api.body.malformed",
			args: map[string]any{"Line": line, "Column": col, "Offset": len(body)}}
	case errors.As(err, &typ) && typ.Type == unknownFieldType:
		return invalid(typ.Field, "api.field.unknown", map[string]any{"Field": typ.Field})
	case errors.As(err, &typ):
		if typ.Field == "" {
			return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "api.body.not_object"}
		}
		return invalid(typ.Field, "api.field.type."+jsonTypeName(typ.Type), map[string]any{"Field": typ.Field})
	}
	if name, ok := unknownFieldName(err); ok {
		return invalid(name, "api.field.unknown", map[string]any{"Field": name})
	}
	return &problem{status: http.StatusBadRequest, code: samspil.EINVALID, key: "api.body.malformed",
		args: map[string]any{"Line": 1, "Column": 1, "Offset": 0}}
}

// position turns a byte offset into a 1-based line and column.
func position(body []byte, offset int64) (line, col int) {
	if offset > int64(len(body)) {
		offset = int64(len(body))
	}
	if offset < 0 {
		offset = 0
	}
	before := body[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// jsonTypeName names the JSON type a Go type expects.
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return "value"
}
