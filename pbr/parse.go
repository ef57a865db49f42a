package pbr

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// LineError is one problem on one line of an uploaded file. Line counts
// physical lines from 1 (the header), so a person finds it in an editor.
type LineError struct {
	Line    int            `json:"line"`
	Field   string         `json:"field"` // the column, or "" for the whole line
	Key     string         `json:"key"`   // translation key
	Message string         `json:"message"`
	Args    map[string]any `json:"args,omitempty"`
}

// Error formats the line error in English for the command line.
func (e LineError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Message }

// lineError builds a LineError whose Args also carry the line.
func lineError(line int, field, key, msg string, args map[string]any) LineError {
	if args == nil {
		args = map[string]any{}
	}
	args["Line"] = line
	return LineError{Line: line, Field: field, Key: key, Message: msg, Args: args}
}

// ReadContract reads contract.json strictly: unknown fields, a
// fractional or negative price and trailing data are refused, and the
// contract is validated. Errors are *samspil.Error (EINVALID).
func ReadContract(r io.Reader) (*Contract, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var c Contract
	if err := dec.Decode(&c); err != nil {
		return nil, contractJSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, samspil.Errorf(samspil.EINVALID, "pbr.contract.trailing", "the contract file must hold exactly one JSON object")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// contractJSONError turns a decoding error into words a person can act on.
func contractJSONError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var de *dateError
	switch {
	case errors.As(err, &te):
		if v, ok := strings.CutPrefix(te.Value, "number "); ok {
			e := samspil.Errorf(samspil.EINVALID, "pbr.contract.not_integer", "%s must be a whole number of øre without decimals, not %s", te.Field, v)
			e.Args = map[string]any{"Name": te.Field, "Value": v}
			return e
		}
		e := samspil.Errorf(samspil.EINVALID, "pbr.contract.wrong_type", "%s has the wrong type of value (%s)", te.Field, te.Value)
		e.Args = map[string]any{"Name": te.Field}
		return e
	case errors.As(err, &de):
		e := samspil.Errorf(samspil.EINVALID, "pbr.contract.date", "%q is not a date written as YYYY-MM-DD", de.value)
		e.Args = map[string]any{"Value": de.value}
		return e
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := samspil.Errorf(samspil.EINVALID, "pbr.contract.unknown_field", "the contract file has a field the format does not know: %s", name)
		e.Args = map[string]any{"Name": name}
		return e
	case errors.As(err, &se), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		detail := strings.TrimPrefix(err.Error(), "json: ")
		if errors.Is(err, io.EOF) {
			detail = "the file is empty"
		}
		e := samspil.Errorf(samspil.EINVALID, "pbr.contract.json", "the contract file is not valid JSON: %s", detail)
		e.Args = map[string]any{"Detail": detail}
		return e
	}
	detail := strings.TrimPrefix(err.Error(), "json: ")
	e := samspil.Errorf(samspil.EINVALID, "pbr.contract.json", "the contract file is not valid JSON: %s", detail)
	e.Args = map[string]any{"Detail": detail}
	return e
}

// Headers of the command line's CSV files.
var (
	participantsHeader = []string{"participant", "enrolled_on"}
	claimsHeader       = []string{"claim_id", "participant", "outcome", "achieved_on", "submitted_at"}
)

// ReadParticipants reads participants.csv (RFC 4180, header
// "participant,enrolled_on"). Every bad line is reported: the error is a
// *samspil.Error (EINVALID) whose Fields are "line:<n>" entries, and no
// participants are returned with it.
func ReadParticipants(r io.Reader) ([]Participant, error) {
	var out []Participant
	seen := map[string]int{}
	errs := readStrict(r, participantsHeader, func(line int, rec []string, add func(string, string, string, map[string]any)) {
		p := Participant{ID: rec[0]}
		ok := pseudonym(rec[0], "participant", add)
		if first, dup := seen[p.ID]; dup && ok {
			add("participant", "pbr.file.duplicate", fmt.Sprintf("participant %q is already used on line %d", p.ID, first), map[string]any{"Value": p.ID, "First": first})
			ok = false
		} else if ok {
			seen[p.ID] = line
		}
		d, dok := isoDate(rec[1], "enrolled_on", add)
		p.EnrolledOn = d
		if ok && dok {
			out = append(out, p)
		}
	})
	if errs != nil {
		return nil, errs
	}
	return out, nil
}

// ReadClaims reads claims.csv (RFC 4180, header
// "claim_id,participant,outcome,achieved_on,submitted_at") with the same
// error rules as ReadParticipants; a claim id used twice is an error.
func ReadClaims(r io.Reader) ([]Claim, error) {
	var out []Claim
	seen := map[string]int{}
	errs := readStrict(r, claimsHeader, func(line int, rec []string, add func(string, string, string, map[string]any)) {
		ok := true
		id := rec[0]
		switch first, dup := seen[id]; {
		case id == "":
			add("claim_id", "pbr.file.required", "claim_id is empty", map[string]any{"Column": "claim_id"})
			ok = false
		case dup:
			add("claim_id", "pbr.file.duplicate", fmt.Sprintf("claim id %q is already used on line %d", id, first), map[string]any{"Value": id, "First": first})
			ok = false
		default:
			seen[id] = line
		}
		ok = pseudonym(rec[1], "participant", add) && ok
		code := rec[2]
		if code == "" {
			add("outcome", "pbr.file.required", "outcome is empty", map[string]any{"Column": "outcome"})
			ok = false
		}
		achieved, dok := isoDate(rec[3], "achieved_on", add)
		sub, err := time.Parse(time.RFC3339Nano, rec[4])
		if err != nil {
			add("submitted_at", "pbr.file.time", fmt.Sprintf("submitted_at: %q is not a time such as 2027-01-31T09:30:00Z (RFC 3339)", rec[4]), map[string]any{"Column": "submitted_at", "Value": rec[4]})
			ok = false
		}
		if ok && dok {
			out = append(out, Claim{ID: id, Participant: rec[1], Outcome: code, AchievedOn: achieved, SubmittedAt: sub})
		}
	})
	if errs != nil {
		return nil, errs
	}
	return out, nil
}

// pseudonym checks a pseudonym in the command line's files: present, and
// never something that looks like a CPR number.
func pseudonym(s, column string, add func(string, string, string, map[string]any)) bool {
	switch {
	case s == "":
		add(column, "pbr.file.required", column+" is empty", map[string]any{"Column": column})
	case samspil.LooksLikeCPR(s):
		add(column, "cpr.refused", column+": this looks like a CPR number, which Samspil never stores", nil)
	default:
		return true
	}
	return false
}

// isoDate reads a YYYY-MM-DD cell.
func isoDate(s, column string, add func(string, string, string, map[string]any)) (Date, bool) {
	d, err := ParseDate(s)
	if err != nil {
		add(column, "pbr.file.date", fmt.Sprintf("%s: %q is not a date written as YYYY-MM-DD", column, s), map[string]any{"Column": column, "Value": s})
		return 0, false
	}
	return d, true
}

// readStrict reads a command-line CSV file with an exact header and calls
// row for every data line; it returns every problem as one EINVALID error
// with "line:<n>" fields, or nil.
func readStrict(r io.Reader, header []string, row func(line int, rec []string, add func(field, key, msg string, args map[string]any))) error {
	cr := csv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var errs []LineError
	var line int
	add := func(field, key, msg string, args map[string]any) {
		errs = append(errs, lineError(line, field, key, msg, args))
	}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err == nil {
			line, _ = cr.FieldPos(0)
		} else {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
				add("", "pbr.file.syntax", "the line cannot be read as CSV: "+pe.Err.Error(), map[string]any{"Detail": pe.Err.Error()})
				if first {
					break
				}
				continue
			}
			return samspil.Errorf(samspil.EINVALID, "pbr.file.syntax", "the file cannot be read: %v", err)
		}
		if first {
			first = false
			if !equalStrings(rec, header) {
				h := strings.Join(header, ",")
				add("", "pbr.file.header", "the first line must be exactly: "+h, map[string]any{"Header": h})
				break
			}
			continue
		}
		if !validUTF8(rec) {
			add("", "pbr.file.encoding", "the line is not UTF-8 text; save the file as UTF-8", nil)
			continue
		}
		if len(rec) != len(header) {
			add("", "pbr.file.columns", fmt.Sprintf("the line has %d columns; it should have %d", len(rec), len(header)), map[string]any{"Got": len(rec), "Want": len(header)})
			continue
		}
		row(line, rec, add)
	}
	if first && len(errs) == 0 {
		line = 1
		add("", "pbr.upload.empty", "the file is empty", nil)
	}
	if len(errs) == 0 {
		return nil
	}
	fe := make([]samspil.FieldError, len(errs))
	for i, e := range errs {
		fe[i] = samspil.FieldError{Field: "line:" + strconv.Itoa(e.Line), Key: e.Key, Message: e.Message, Args: e.Args}
	}
	return &samspil.Error{Code: samspil.EINVALID, Key: "error.validation", Message: "the file has errors", Fields: fe}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func validUTF8(rec []string) bool {
	for _, s := range rec {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// skipBOM drops a UTF-8 byte order mark, which spreadsheet programs write.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		br.Discard(3)
	}
	return br
}

// uploadColumn is one column of a platform upload: its field name and the
// names a header may give it (after lower-casing; spaces and hyphens read
// as underscores).
type uploadColumn struct {
	field    string
	names    []string
	required bool
}

var participantColumns = []uploadColumn{
	{"pseudonym", []string{"pseudonym", "deltager", "participant"}, true},
	{"enrolled_on", []string{"enrolled_on", "indskrevet", "indskrevet_den", "enrolled"}, true},
	{"age_band", []string{"age_band", "aldersgruppe"}, false},
	{"benefit_type", []string{"benefit_type", "ydelse"}, false},
	{"unemployment_band", []string{"unemployment_band", "ledighed"}, false},
}

var claimColumns = []uploadColumn{
	{"pseudonym", []string{"pseudonym", "deltager", "participant"}, true},
	{"outcome", []string{"outcome", "resultat"}, true},
	{"achieved_on", []string{"achieved_on", "dato", "opnaaet", "opnået"}, true},
	{"evidence_ref", []string{"evidence_ref", "dokumentation", "evidence"}, true},
}

// ReadParticipantUpload reads the platform's enrolment file: a header with
// the columns pseudonym, enrolled_on and optionally age_band, benefit_type,
// unemployment_band (Danish names deltager/pseudonym, indskrevet,
// aldersgruppe, ydelse, ledighed are accepted), comma or semicolon
// delimited, UTF-8 with or without BOM. Dates are ISO or DD-MM-YYYY.
// It returns the participants and every line error; the
// error result is only for a file that cannot be read at all (no header,
// a missing column, more than samspil.MaxParticipantsUpload lines).
// Domain validation (CPR, bands, dates against the contract) is the
// caller's, with Participant.Validate.
//
// A line with a LineError gives no participant, so a caller that
// validates the participants it gets reports each problem once. Column
// names may be in any order and case; an unknown or repeated column is a
// structural error, so no data is silently ignored.
func ReadParticipantUpload(r io.Reader) ([]*samspil.Participant, []LineError, error) {
	ps, _, lerrs, err := ReadParticipantUploadLines(r)
	return ps, lerrs, err
}

// ReadParticipantUploadLines is ReadParticipantUpload that also returns
// each participant's line in the file (lines[i] is ps[i]'s), because
// samspil.Participant has no Line field to carry it.
func ReadParticipantUploadLines(r io.Reader) (ps []*samspil.Participant, lines []int, lerrs []LineError, err error) {
	lerrs, err = readUpload(r, participantColumns, samspil.MaxParticipantsUpload, func(line int, get func(string) string, add func(string, string, string, map[string]any)) {
		t, ok := uploadDate(get("enrolled_on"), "enrolled_on", add)
		if !ok {
			return
		}
		ps = append(ps, &samspil.Participant{Pseudonym: get("pseudonym"), EnrolledOn: t, AgeBand: get("age_band"),
			BenefitType: get("benefit_type"), UnemploymentBand: get("unemployment_band")})
		lines = append(lines, line)
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return ps, lines, lerrs, nil
}

// ReadClaimUpload reads the platform's claims file: columns pseudonym,
// outcome, achieved_on and evidence_ref (Danish deltager, resultat, dato,
// dokumentation), with the rules of ReadParticipantUpload and
// samspil.MaxClaimsPerUpload.
func ReadClaimUpload(r io.Reader) ([]*samspil.Claim, []LineError, error) {
	var out []*samspil.Claim
	lerrs, err := readUpload(r, claimColumns, samspil.MaxClaimsPerUpload, func(line int, get func(string) string, add func(string, string, string, map[string]any)) {
		t, ok := uploadDate(get("achieved_on"), "achieved_on", add)
		if !ok {
			return
		}
		out = append(out, &samspil.Claim{Pseudonym: get("pseudonym"), OutcomeCode: get("outcome"), AchievedOn: t,
			EvidenceRef: get("evidence_ref"), Line: line})
	})
	if err != nil {
		return nil, nil, err
	}
	return out, lerrs, nil
}

// uploadDate reads a date written 2027-03-31 or 31-03-2027 (day and month
// may have one digit; years 1900–2200). An empty cell gives the zero time,
// which the domain's Validate reports as missing.
func uploadDate(s, column string, add func(string, string, string, map[string]any)) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	if t, ok := parseUploadDate(s); ok {
		return t, true
	}
	add(column, "pbr.file.date_upload", fmt.Sprintf("%s: %q is not a date; write it as 2027-03-31 or 31-03-2027", column, s), map[string]any{"Column": column, "Value": s})
	return time.Time{}, false
}

func parseUploadDate(s string) (time.Time, bool) {
	p := strings.Split(s, "-")
	if len(p) != 3 {
		return time.Time{}, false
	}
	var y, m, d string
	switch {
	case len(p[0]) == 4 && len(p[1]) == 2 && len(p[2]) == 2:
		y, m, d = p[0], p[1], p[2]
	case len(p[2]) == 4 && len(p[0]) >= 1 && len(p[0]) <= 2 && len(p[1]) >= 1 && len(p[1]) <= 2:
		y, m, d = p[2], p[1], p[0]
	default:
		return time.Time{}, false
	}
	yi, e1 := strconv.Atoi(y)
	mi, e2 := strconv.Atoi(m)
	di, e3 := strconv.Atoi(d)
	if e1 != nil || e2 != nil || e3 != nil || !allDigits(y+m+d) || mi < 1 || mi > 12 || di < 1 || yi < 1900 || yi > 2200 {
		return time.Time{}, false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return time.Time{}, false // 31-02-2027
	}
	return t, true
}

// normaliseColumn makes "Enrolled On", "enrolled-on" and "ENROLLED_ON" one name.
func normaliseColumn(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// readUpload reads a platform upload: it sniffs the delimiter from the
// header line, maps the header's columns and calls row for every data line
// that splits into the header's columns.
func readUpload(r io.Reader, cols []uploadColumn, maxLines int,
	row func(line int, get func(string) string, add func(string, string, string, map[string]any))) ([]LineError, error) {
	br := bufio.NewReader(skipBOM(r))
	head, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return nil, samspil.Errorf(samspil.EINVALID, "pbr.file.syntax", "the file cannot be read: %v", err)
	}
	if strings.TrimSpace(head) == "" {
		return nil, samspil.Errorf(samspil.EINVALID, "pbr.upload.empty", "the file is empty")
	}
	cr := csv.NewReader(io.MultiReader(strings.NewReader(head), br))
	cr.Comma = sniffDelimiter(head)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rec, err := cr.Read()
	if err != nil {
		return nil, samspil.Errorf(samspil.EINVALID, "pbr.file.syntax", "the first line cannot be read as CSV: %v", err)
	}
	index := map[string]int{} // field → column
	for i, name := range rec {
		n := normaliseColumn(name)
		field := ""
		for _, c := range cols {
			for _, alias := range c.names {
				if n == alias {
					field = c.field
				}
			}
		}
		if field == "" {
			e := samspil.Errorf(samspil.EINVALID, "pbr.file.column_unknown", "the first line has a column the file format does not know: %s", name)
			e.Args = map[string]any{"Column": name}
			return nil, e
		}
		if _, twice := index[field]; twice {
			e := samspil.Errorf(samspil.EINVALID, "pbr.file.column_twice", "the column %s appears twice in the first line", field)
			e.Args = map[string]any{"Column": field}
			return nil, e
		}
		index[field] = i
	}
	for _, c := range cols {
		if _, ok := index[c.field]; c.required && !ok {
			e := samspil.Errorf(samspil.EINVALID, "pbr.upload.header", "the file's first line lacks the column %s", c.field)
			e.Args = map[string]any{"Column": c.field}
			return nil, e
		}
	}
	width := len(rec)
	var errs []LineError
	var line int
	add := func(field, key, msg string, args map[string]any) {
		errs = append(errs, lineError(line, field, key, msg, args))
	}
	var cur []string
	get := func(field string) string {
		if i, ok := index[field]; ok {
			return strings.TrimSpace(cur[i])
		}
		return ""
	}
	n := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err == nil {
			line, _ = cr.FieldPos(0)
		} else {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, samspil.Errorf(samspil.EINVALID, "pbr.file.syntax", "the file cannot be read: %v", err)
			}
			line = pe.StartLine
		}
		if n++; n > maxLines {
			e := samspil.Errorf(samspil.EINVALID, "pbr.upload.too_many", "the file has more than %d lines; split it up", maxLines)
			e.Args = map[string]any{"Max": maxLines}
			return nil, e
		}
		switch {
		case err != nil:
			var pe *csv.ParseError
			errors.As(err, &pe)
			add("", "pbr.file.syntax", "the line cannot be read as CSV: "+pe.Err.Error(), map[string]any{"Detail": pe.Err.Error()})
		case blankRecord(rec):
			n-- // an empty line of separators, as spreadsheets write at the end
		case !validUTF8(rec):
			add("", "pbr.file.encoding", "the line is not UTF-8 text; save the file as UTF-8", nil)
		case len(rec) != width:
			add("", "pbr.file.columns", fmt.Sprintf("the line has %d columns; it should have %d", len(rec), width), map[string]any{"Got": len(rec), "Want": width})
		default:
			cur = rec
			row(line, get, add)
		}
	}
	return errs, nil
}

func blankRecord(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// sniffDelimiter picks semicolon (Danish spreadsheets) or comma: whichever
// separates more columns of the header line outside quotes.
func sniffDelimiter(head string) rune {
	var commas, semis int
	quoted := false
	for i := 0; i < len(head); i++ {
		switch head[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semis++
			}
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}
