// Package orgcsv reads and writes the organisation CSV format used by the
// bulk importer (`samspil import organisations FILE` and the admin upload).
// It is pure: it parses and validates without touching the database, so the
// browser preview and the command line report the same line-by-line errors
// before anything is written.
package orgcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/csvsafe"
)

// Columns is the header of the format. Files may order the columns freely,
// but all must be present and no others.
var Columns = []string{"cvr", "name", "kind", "municipality_code", "description", "website", "cpv_codes", "target_groups"}

// ListSeparator separates the items of a list inside one cell.
const ListSeparator = "|"

// Limits that keep one upload from exhausting the server.
const (
	MaxBytes = 10 << 20
	MaxRows  = 100000
)

// Row is one valid data line of the file.
type Row struct {
	Line int // 1-based line number where the record starts
	Org  *samspil.Organisation
}

// LineError is one problem on one line. Field is the column name ("" for
// the line as a whole); Key names the message in the translation
// catalogues, Message is the English fallback and Args fills the message.
type LineError struct {
	Line    int
	Field   string
	Key     string
	Message string
	Args    map[string]any
}

// Error formats the problem for logs and the command line.
func (e LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
}

// Options adjust Parse.
type Options struct {
	// Catalog checks municipality, CPV and DB07 codes; nil skips those checks.
	Catalog samspil.Catalog
	// TargetGroups are the known target-group codes. When non-nil, a row
	// naming another code gets a line error; when nil the store checks them.
	TargetGroups []string
}

// Parse reads an organisation CSV and validates each row with
// Organisation.Validate against cat. It returns the valid rows and one
// LineError per problem; the caller imports only when there are no line
// errors (all or nothing). The error result is for problems with the file
// as a whole (too big, not UTF-8, a bad header) and is a *samspil.Error.
func Parse(r io.Reader, cat samspil.Catalog) ([]Row, []LineError, error) {
	return ParseOptions(r, Options{Catalog: cat})
}

// ParseOptions is Parse with options.
func ParseOptions(r io.Reader, opt Options) ([]Row, []LineError, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, nil, samspil.Errorf(samspil.EINVALID, "import.read", "the file could not be read: %v", err)
	}
	if len(data) > MaxBytes {
		return nil, nil, &samspil.Error{Code: samspil.EINVALID, Key: "import.too_large",
			Message: "the file is larger than 10 MB; split it into smaller files",
			Args:    map[string]any{"MaxMB": MaxBytes >> 20}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, &samspil.Error{Code: samspil.EINVALID, Key: "import.not_utf8",
			Message: fmt.Sprintf("the file is not UTF-8 (first bad byte on line %d); Danish Excel often saves CSV as Windows-1252: choose \"CSV UTF-8\" when saving", firstInvalidLine(data)),
			Args:    map[string]any{"Line": firstInvalidLine(data)}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, samspil.Errorf(samspil.EINVALID, "import.empty", "the file is empty")
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectDelimiter(data)
	cr.FieldsPerRecord = -1 // checked per row, so a short row becomes a line error
	header, err := cr.Read()
	if err != nil {
		return nil, nil, &samspil.Error{Code: samspil.EINVALID, Key: "import.header.unreadable",
			Message: fmt.Sprintf("the header line could not be read: %v", err)}
	}
	index, herr := mapHeader(header)
	if herr != nil {
		return nil, nil, herr
	}

	var (
		rows    []Row
		lerrs   []LineError
		seenCVR = map[string]int{}
		known   map[string]bool
		records int
	)
	if opt.TargetGroups != nil {
		known = make(map[string]bool, len(opt.TargetGroups))
		for _, c := range opt.TargetGroups {
			known[c] = true
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			lerrs = append(lerrs, LineError{Line: pe.StartLine, Key: "import.csv.syntax",
				Message: fmt.Sprintf("the line is not valid CSV: %v", pe.Err), Args: map[string]any{"Detail": pe.Err.Error()}})
			records++
			if records > MaxRows {
				return nil, nil, tooManyRows()
			}
			continue
		} else if err != nil {
			return nil, nil, samspil.Errorf(samspil.EINVALID, "import.read", "the file could not be read: %v", err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		records++
		if records > MaxRows {
			return nil, nil, tooManyRows()
		}
		if len(rec) != len(header) {
			lerrs = append(lerrs, LineError{Line: line, Key: "import.columns.count",
				Message: fmt.Sprintf("the line has %d columns, the header has %d", len(rec), len(header)),
				Args:    map[string]any{"Got": len(rec), "Want": len(header)}})
			continue
		}
		o, errs := buildOrganisation(rec, index, line, opt, known)
		if cvr := o.CVR; cvr != "" && !hasField(errs, "cvr") {
			if first, dup := seenCVR[cvr]; dup {
				errs = append(errs, LineError{Line: line, Field: "cvr", Key: "import.cvr.duplicate",
					Message: fmt.Sprintf("the CVR number is also on line %d", first), Args: map[string]any{"Line": first, "CVR": cvr}})
			} else {
				seenCVR[cvr] = line
			}
		}
		if len(errs) > 0 {
			lerrs = append(lerrs, errs...)
			continue
		}
		rows = append(rows, Row{Line: line, Org: o})
	}
	if records == 0 {
		return nil, nil, samspil.Errorf(samspil.EINVALID, "import.no_rows", "the file has a header but no organisations")
	}
	return rows, lerrs, nil
}

func tooManyRows() error {
	return &samspil.Error{Code: samspil.EINVALID, Key: "import.too_many_rows",
		Message: fmt.Sprintf("the file has more than %d organisations; split it into smaller files", MaxRows),
		Args:    map[string]any{"Max": MaxRows}}
}

// buildOrganisation turns one record into an organisation and validates it.
func buildOrganisation(rec []string, index map[string]int, line int, opt Options, known map[string]bool) (*samspil.Organisation, []LineError) {
	get := func(col string) string { return strings.TrimSpace(rec[index[col]]) }
	o := &samspil.Organisation{
		CVR:              get("cvr"),
		Name:             get("name"),
		Kind:             samspil.OrgKind(strings.ToLower(get("kind"))),
		MunicipalityCode: get("municipality_code"),
		Description:      get("description"),
		Website:          get("website"),
		CPVCodes:         splitList(get("cpv_codes")),
		TargetGroups:     splitList(get("target_groups")),
	}
	var errs []LineError
	kindOK := o.Kind.Valid()
	if !kindOK {
		errs = append(errs, LineError{Line: line, Field: "kind", Key: "import.kind.unknown",
			Message: fmt.Sprintf("unknown kind %q; use sov, kommune, virksomhed or andet", string(o.Kind)),
			Args:    map[string]any{"Kind": string(o.Kind)}})
	}
	if err := o.Validate(opt.Catalog); err != nil {
		e, ok := samspil.AsError(err)
		if !ok || len(e.Fields) == 0 {
			errs = append(errs, LineError{Line: line, Key: samspil.ErrorKey(err), Message: err.Error()})
		} else {
			for _, f := range e.Fields {
				if f.Field == "kind" && !kindOK {
					continue // already reported with the allowed values
				}
				errs = append(errs, LineError{Line: line, Field: f.Field, Key: f.Key, Message: f.Message, Args: f.Args})
			}
		}
	}
	if known != nil {
		for _, g := range o.TargetGroups {
			if !known[g] {
				errs = append(errs, LineError{Line: line, Field: "target_groups", Key: "import.target_group.unknown",
					Message: fmt.Sprintf("unknown target group %q", g), Args: map[string]any{"Code": g}})
			}
		}
	}
	return o, errs
}

// mapHeader checks the header and returns each column's position.
func mapHeader(header []string) (map[string]int, error) {
	want := make(map[string]bool, len(Columns))
	for _, c := range Columns {
		want[c] = true
	}
	index := make(map[string]int, len(header))
	var unknown, dups []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !want[h]:
			unknown = append(unknown, fmt.Sprintf("%q", h))
		case hasKey(index, h):
			dups = append(dups, h)
		default:
			index[h] = i
		}
	}
	var missing []string
	for _, c := range Columns {
		if !hasKey(index, c) {
			missing = append(missing, c)
		}
	}
	expected := strings.Join(Columns, ",")
	switch {
	case len(unknown) > 0:
		return nil, &samspil.Error{Code: samspil.EINVALID, Key: "import.header.unknown",
			Message: fmt.Sprintf("unknown column(s) %s in the header; the header must be %s", strings.Join(unknown, ", "), expected),
			Args:    map[string]any{"Columns": strings.Join(unknown, ", "), "Expected": expected}}
	case len(dups) > 0:
		return nil, &samspil.Error{Code: samspil.EINVALID, Key: "import.header.duplicate",
			Message: fmt.Sprintf("column(s) %s appear more than once in the header", strings.Join(dups, ", ")),
			Args:    map[string]any{"Columns": strings.Join(dups, ", ")}}
	case len(missing) > 0:
		return nil, &samspil.Error{Code: samspil.EINVALID, Key: "import.header.missing",
			Message: fmt.Sprintf("missing column(s) %s in the header; the header must be %s", strings.Join(missing, ", "), expected),
			Args:    map[string]any{"Columns": strings.Join(missing, ", "), "Expected": expected}}
	}
	return index, nil
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func hasField(errs []LineError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// detectDelimiter looks at the header line: Danish Excel writes semicolons
// because the comma is the decimal separator, everyone else writes commas.
func detectDelimiter(data []byte) rune {
	line, _, _ := bufio.NewReader(bytes.NewReader(data)).ReadLine()
	commas, semis, quoted := 0, 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return []string{}
	}
	parts := strings.Split(s, ListSeparator)
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// Write writes orgs in the import format (comma-separated, LF line ends,
// no BOM), so an export can be edited and imported again. Text cells that
// a spreadsheet would run as a formula get a leading apostrophe.
func Write(w io.Writer, orgs []*samspil.Organisation) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, o := range orgs {
		if err := cw.Write([]string{
			o.CVR, csvsafe.Cell(o.Name), string(o.Kind), o.MunicipalityCode, csvsafe.Cell(o.Description), csvsafe.Cell(o.Website),
			strings.Join(o.CPVCodes, ListSeparator), strings.Join(o.TargetGroups, ListSeparator),
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
