// Package samspil holds the domain of the Samspil platform: the nouns that
// municipalities, social-economy enterprises (SØV) and companies work with,
// their validation rules, the error codes every layer shares and the service
// interfaces that the storage layer implements.
//
// The package imports nothing else from the project, so the web layer, the
// JSON API, the stores and the pure engines all speak the same language.
package samspil

import (
	"errors"
	"fmt"
)

// Error codes. They are few on purpose: the web layer maps each to one HTTP
// status in a single table, so a Danish page and the JSON API report the same
// failure the same way.
const (
	EINVALID      = "invalid"      // the input broke a rule; the message says which
	ENOTFOUND     = "not_found"    // the thing does not exist (or is hidden from the caller)
	ECONFLICT     = "conflict"     // the input clashes with what is stored (duplicate CVR, e-mail taken)
	EUNAUTHORIZED = "unauthorized" // the caller must sign in first
	EFORBIDDEN    = "forbidden"    // the caller is signed in but may not do this
	ETOOMANY      = "too_many"     // the caller must wait (rate limit)
	EINTERNAL     = "internal"     // a fault of ours; details go to the log, not the user
)

// Error is the one error type that crosses package borders. Key names a
// message in the translation catalogues (web/locales) so that the same error
// reads well in Danish and English; Message is the English fallback used in
// logs and when a key is missing. Fields carries per-field problems of a
// failed validation, so forms can show an error summary linked to each field.
type Error struct {
	Code    string
	Key     string
	Message string
	Args    map[string]any
	Fields  []FieldError
}

// FieldError is one broken rule on one named input field (the same name as
// the form field and the JSON property).
type FieldError struct {
	Field   string
	Key     string
	Message string
	Args    map[string]any
}

// Error implements the error interface with the English fallback text.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("samspil error: code=%s key=%s message=%s", e.Code, e.Key, e.Message)
	}
	return fmt.Sprintf("samspil error: code=%s key=%s message=%s fields=%v", e.Code, e.Key, e.Message, e.Fields)
}

// Errorf builds an Error with a code, a translation key and an English text.
func Errorf(code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for any error that is not a
// *Error and "" for nil. Unknown errors are internal by design: they must
// never leak their text to a user.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorKey returns the translation key of err, or "error.internal" for
// errors that are not *Error.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Key
	}
	return "error.internal"
}

// AsError returns err as *Error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Validation collects field errors while a value is checked, so a form can
// report every problem at once instead of one per round trip.
type Validation struct {
	fields []FieldError
}

// Add records a broken rule on field.
func (v *Validation) Add(field, key, message string, args map[string]any) {
	v.fields = append(v.fields, FieldError{Field: field, Key: key, Message: message, Args: args})
}

// Merge adds the field errors of err (when it is an EINVALID *Error) and
// returns false for any other non-nil error, which the caller must return.
func (v *Validation) Merge(err error) bool {
	if err == nil {
		return true
	}
	e, ok := AsError(err)
	if !ok || e.Code != EINVALID {
		return false
	}
	if len(e.Fields) == 0 {
		v.Add("", e.Key, e.Message, e.Args)
	}
	v.fields = append(v.fields, e.Fields...)
	return true
}

// Err returns nil when nothing was added, otherwise an EINVALID *Error with
// all field errors.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Key: "error.validation", Message: "the input has errors", Fields: v.fields}
}

// Has reports whether field already has an error, so later rules on the same
// field do not pile up messages.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
