// Package purchasecsv reads the purchase lines municipalities export from
// their finance systems: RFC 4180 comma CSV in UTF-8 and the semicolon,
// decimal-comma CSV that Danish Excel writes (UTF-8 with or without BOM, or
// Windows-1252). It detects the format, guesses the column mapping from
// Danish or English headers, and reports every bad line. It imports only
// the domain. STUB: the CSV helper implements it; the API below is the
// contract the store, the command and the web import use.
package purchasecsv

import (
	"io"
	"iter"

	"github.com/samspil/samspil"
)

// Field is a column the importer understands.
type Field string

// The fields of a purchase line. Amount, date and either CVR or name are
// required; the others are optional.
const (
	FieldCVR     Field = "supplier_cvr"
	FieldName    Field = "supplier_name"
	FieldAmount  Field = "amount"
	FieldDate    Field = "date"
	FieldCPV     Field = "cpv"
	FieldAccount Field = "account"
	FieldInvoice Field = "invoice_ref"
)

// Fields lists them in the order the mapping form shows them.
var Fields = []Field{FieldCVR, FieldName, FieldAmount, FieldDate, FieldCPV, FieldAccount, FieldInvoice}

// Decimal is how amounts write their decimals.
type Decimal string

// The decimal styles: "1.234.567,89" (Danish) and "1234567.89" or
// "1,234,567.89" (international).
const (
	DecimalComma Decimal = "comma"
	DecimalPoint Decimal = "point"
)

// Encoding names the file's character encoding.
type Encoding string

// The encodings the importer reads.
const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8-bom"
	Windows1252 Encoding = "windows-1252"
)

// Format is how a file is written; Sniff detects it and a person may
// correct it in the mapping step.
type Format struct {
	Delimiter rune     `json:"delimiter"` // ',' or ';' (or '\t')
	Encoding  Encoding `json:"encoding"`
	Decimal   Decimal  `json:"decimal"`
}

// Mapping maps each field to a column index; a missing field is absent.
type Mapping map[Field]int

// Header is what Sniff learns from the start of a file.
type Header struct {
	Format  Format     `json:"format"`
	Columns []string   `json:"columns"` // the header row, decoded and trimmed
	Mapping Mapping    `json:"mapping"` // guessed from the column names
	Sample  [][]string `json:"sample"`  // up to five data rows, for the mapping page
}

// LineError is one problem on one line, in words a person can act on.
type LineError struct {
	Line    int            `json:"line"`  // the physical line in the file (1 is the header)
	Field   Field          `json:"field"` // "" for the whole line
	Key     string         `json:"key"`   // translation key, e.g. "purchase.cvr.invalid"
	Message string         `json:"message"`
	Args    map[string]any `json:"args,omitempty"`
}

// Error formats the line error in English for the command line.
func (e LineError) Error() string { return e.Message }

// Summary is the result of checking a whole file before importing it.
type Summary struct {
	Lines      int         `json:"lines"` // data lines read
	TotalOre   int64       `json:"total_ore"`
	Errors     []LineError `json:"errors"`      // at most samspil.MaxPurchaseLineErrors
	ErrorCount int         `json:"error_count"` // all of them
}

// Sniff reads the start of r and detects the format, the header and the
// mapping. EINVALID when it is not a CSV file with a header row.
func Sniff(r io.Reader) (*Header, error) { return nil, nil }

// Check reads the whole file with format and mapping and reports every bad
// line (required columns missing, a CVR failing modulus 11, an amount or
// date that cannot be read, …) without importing anything.
func Check(r io.Reader, f Format, m Mapping) (*Summary, error) { return &Summary{}, nil }

// Lines yields the file's purchase lines with their idempotency keys, for
// PurchaseService.ImportPurchases; it yields an error (and stops) at the
// first bad line, so a file that changed after Check imports nothing.
func Lines(r io.Reader, f Format, m Mapping) iter.Seq2[samspil.PurchaseLine, error] {
	return func(yield func(samspil.PurchaseLine, error) bool) {}
}
