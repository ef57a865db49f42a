// Package purchasecsv reads the purchase lines municipalities export from
// their finance systems: RFC 4180 comma CSV in UTF-8 and the semicolon,
// decimal-comma CSV that Danish Excel writes (UTF-8 with or without BOM, or
// Windows-1252). It detects the format, guesses the column mapping from
// Danish or English headers, and reports every bad line. It imports only
// the domain.
//
// The file is read as bytes: quotes and delimiters are ASCII in every
// encoding the package reads, so the CSV reader splits records before any
// decoding, and each field is decoded afterwards. That lets a line whose
// bytes do not fit the file's encoding (a file pasted together from a UTF-8
// and a Windows-1252 export) be reported on its own line instead of being
// turned into garbage.
//
// Amounts: the decimal style is stated in the Format (Sniff guesses it from
// the values). Thousands separators ('.' or ',' — whichever is not the
// decimal mark — and spaces) must group three digits. Credit notes may be
// written "-1.234,50", "1.234,50-" or "(1.234,50)". At most two decimals
// are kept; further decimals must be zeros, so nothing is ever rounded.
// "kr", "kr." and "DKK" around the number are ignored. Amounts are parsed as
// integers, never through floating point.
package purchasecsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

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

// String describes the format in Danish for PurchaseImport.Format, e.g.
// "semikolon, decimalkomma, windows-1252".
func (f Format) String() string {
	d := map[rune]string{',': "komma", ';': "semikolon", '\t': "tabulator"}[f.Delimiter]
	if d == "" {
		d = strconv.QuoteRune(f.Delimiter)
	}
	dec := "decimalpunktum"
	if f.Decimal == DecimalComma {
		dec = "decimalkomma"
	}
	return d + ", " + dec + ", " + string(f.Encoding)
}

// Validate checks that f names a delimiter, encoding and decimal style the
// package reads. EINVALID otherwise.
func (f Format) Validate() error {
	var v samspil.Validation
	if f.Delimiter != ',' && f.Delimiter != ';' && f.Delimiter != '\t' {
		v.Add("delimiter", "purchase_import.format.delimiter", "choose comma, semicolon or tab as the delimiter", nil)
	}
	if f.Encoding != UTF8 && f.Encoding != UTF8BOM && f.Encoding != Windows1252 {
		v.Add("encoding", "purchase_import.format.encoding", "choose UTF-8 or Windows-1252 as the encoding", nil)
	}
	if f.Decimal != DecimalComma && f.Decimal != DecimalPoint {
		v.Add("decimal", "purchase_import.format.decimal", "choose decimal comma or decimal point", nil)
	}
	return v.Err()
}

// Mapping maps each field to a column index; a missing field is absent.
type Mapping map[Field]int

// Validate checks that m maps the required fields to distinct columns of a
// header with n columns. EINVALID with one FieldError per problem.
func (m Mapping) Validate(n int) error {
	var v samspil.Validation
	if _, ok := m[FieldAmount]; !ok {
		v.Add(string(FieldAmount), "purchase_import.mapping.amount", "choose the column with the amount", nil)
	}
	if _, ok := m[FieldDate]; !ok {
		v.Add(string(FieldDate), "purchase_import.mapping.date", "choose the column with the date", nil)
	}
	_, cvr := m[FieldCVR]
	_, name := m[FieldName]
	if !cvr && !name {
		v.Add(string(FieldCVR), "purchase_import.mapping.supplier", "choose the column with the supplier's CVR number or name", nil)
	}
	used := map[int]Field{}
	for _, f := range Fields {
		i, ok := m[f]
		if !ok {
			continue
		}
		if i < 0 || i >= n {
			v.Add(string(f), "purchase_import.mapping.column", "the chosen column does not exist in the file", map[string]any{"Column": i + 1})
			continue
		}
		if g, dup := used[i]; dup {
			v.Add(string(f), "purchase_import.mapping.twice", "the same column is chosen for two fields", map[string]any{"Column": i + 1, "Other": string(g)})
		}
		used[i] = f
	}
	for f := range m {
		if !knownField(f) {
			v.Add(string(f), "purchase_import.mapping.unknown", "unknown field", map[string]any{"Field": string(f)})
		}
	}
	return v.Err()
}

func knownField(f Field) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

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
	Key     string         `json:"key"`   // translation key, e.g. "purchase_import.cvr.invalid"
	Message string         `json:"message"`
	Args    map[string]any `json:"args,omitempty"`
}

// Error formats the line error in English for the command line.
func (e LineError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Message }

// Summary is the result of checking a whole file before importing it.
type Summary struct {
	Lines      int         `json:"lines"` // data lines read
	TotalOre   int64       `json:"total_ore"`
	Errors     []LineError `json:"errors"`      // at most samspil.MaxPurchaseLineErrors
	ErrorCount int         `json:"error_count"` // all of them
}

// Field length limits.
const (
	maxNameLen    = samspil.MaxShortTextLen
	maxAccountLen = 100
	maxInvoiceLen = 100
	sniffBytes    = 64 << 10
	sampleRows    = 5
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// Sniff reads the start of r and detects the format, the header and the
// mapping. EINVALID when it is not a CSV file with a header row.
func Sniff(r io.Reader) (*Header, error) {
	buf := make([]byte, sniffBytes)
	n, err := io.ReadFull(r, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	buf = buf[:n]
	truncated := n == sniffBytes
	var f Format
	switch {
	case bytes.HasPrefix(buf, bom):
		f.Encoding = UTF8BOM
		buf = buf[len(bom):]
	default:
		f.Encoding = detectEncoding(buf, truncated)
	}
	if f.Encoding == Windows1252 && hasUTF8Multibyte(buf) {
		return nil, samspil.Errorf(samspil.EINVALID, "purchase_import.encoding.mixed",
			"the file mixes UTF-8 and Windows-1252 text; save it again in one encoding (UTF-8 is best)")
	}
	if truncated {
		// Only whole lines: the last one may have been cut.
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			buf = buf[:i+1]
		}
	}
	if len(bytes.TrimSpace(buf)) == 0 {
		return nil, samspil.Errorf(samspil.EINVALID, "purchase_import.file.empty", "the file is empty")
	}
	d, ok := detectDelimiter(buf)
	if !ok {
		return nil, samspil.Errorf(samspil.EINVALID, "purchase_import.file.not_csv",
			"the file does not look like CSV: no comma, semicolon or tab separates the columns of the first line")
	}
	f.Delimiter = d
	cr := newReader(bytes.NewReader(buf), d)
	h := &Header{Mapping: Mapping{}}
	rec, err := cr.Read()
	if err != nil {
		return nil, samspil.Errorf(samspil.EINVALID, "purchase_import.file.header", "the first line of the file cannot be read as a header row")
	}
	for _, c := range rec {
		s, ok := decodeField(c, f.Encoding)
		if !ok {
			return nil, samspil.Errorf(samspil.EINVALID, "purchase_import.encoding.mixed",
				"the file mixes UTF-8 and Windows-1252 text; save it again in one encoding (UTF-8 is best)")
		}
		h.Columns = append(h.Columns, strings.TrimSpace(s))
	}
	h.Mapping = GuessMapping(h.Columns)
	for len(h.Sample) < sampleRows {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.Err == csv.ErrFieldCount {
				// kept: the mapping page shows it; Check reports it
			} else {
				break
			}
		}
		if blank(rec) {
			continue
		}
		row := make([]string, len(rec))
		for i, c := range rec {
			s, _ := decodeField(c, f.Encoding)
			row[i] = strings.TrimSpace(s)
		}
		h.Sample = append(h.Sample, row)
	}
	f.Decimal = guessDecimal(buf, f, h.Mapping)
	h.Format = f
	return h, nil
}

// detectEncoding reports UTF-8 when buf is valid UTF-8 (an incomplete
// rune at the end of a truncated sample is allowed), else Windows-1252.
func detectEncoding(buf []byte, truncated bool) Encoding {
	if utf8.Valid(buf) {
		return UTF8
	}
	if truncated {
		// Cut at most three bytes of a rune split by the sample's end.
		for k := 1; k <= 3 && k <= len(buf); k++ {
			if utf8.Valid(buf[:len(buf)-k]) && utf8.RuneStart(buf[len(buf)-k]) {
				return UTF8
			}
		}
	}
	return Windows1252
}

// hasUTF8Multibyte reports whether b holds a valid UTF-8 sequence of two
// or more bytes. In a Windows-1252 file such a sequence ("Ã¦" for "æ") is
// almost always UTF-8 text pasted in, not two Windows-1252 letters.
func hasUTF8Multibyte(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] < 0x80 {
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && size > 1 {
			return true
		}
	}
	return false
}

// detectDelimiter counts ',', ';' and tab outside quotes in the first
// lines and picks the one that splits the header and agrees with the most
// data lines (ties: the larger count in the header, then ';' before ','
// before tab, because Danish Excel writes semicolons).
func detectDelimiter(buf []byte) (rune, bool) {
	cands := []rune{';', ',', '\t'}
	const maxLines = 20
	var counts [][3]int
	var cur [3]int
	inQuote := false
	for _, c := range buf {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\n':
			counts = append(counts, cur)
			cur = [3]int{}
		case c == ';':
			cur[0]++
		case c == ',':
			cur[1]++
		case c == '\t':
			cur[2]++
		}
		if len(counts) >= maxLines {
			break
		}
	}
	if len(counts) < maxLines && cur != ([3]int{}) {
		counts = append(counts, cur)
	}
	// Blank lines do not vote.
	var lines [][3]int
	for _, c := range counts {
		if c != ([3]int{}) || len(lines) == 0 {
			lines = append(lines, c)
		}
	}
	if len(lines) == 0 {
		return 0, false
	}
	best, bestScore, bestHead := -1, -1, 0
	for i := range cands {
		head := lines[0][i]
		if head == 0 {
			continue
		}
		score := 0
		for _, l := range lines[1:] {
			if l[i] == head {
				score++
			}
		}
		if score > bestScore || score == bestScore && head > bestHead {
			best, bestScore, bestHead = i, score, head
		}
	}
	if best < 0 {
		return 0, false
	}
	return cands[best], true
}

// guessDecimal votes on the amount column of the sample; without a
// decisive value, a semicolon file is taken to be Danish.
func guessDecimal(buf []byte, f Format, m Mapping) Decimal {
	def := DecimalPoint
	if f.Delimiter == ';' {
		def = DecimalComma
	}
	col, ok := m[FieldAmount]
	if !ok {
		return def
	}
	cr := newReader(bytes.NewReader(buf), f.Delimiter)
	if _, err := cr.Read(); err != nil {
		return def
	}
	comma, point := 0, 0
	for rows := 0; rows < 200; rows++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil || col >= len(rec) {
			continue
		}
		switch DecimalOf(rec[col]) {
		case DecimalComma:
			comma++
		case DecimalPoint:
			point++
		}
	}
	switch {
	case comma > point:
		return DecimalComma
	case point > comma:
		return DecimalPoint
	}
	return def
}

// DecimalOf tells the decimal style one amount shows, or "" when it could
// be either ("1.234", "1234"): with both marks the last one is the decimal
// mark; a single mark followed by one or two digits is the decimal mark; a
// mark that occurs twice separates thousands.
func DecimalOf(s string) Decimal {
	s = strings.TrimSpace(s)
	lc, lp := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	nc, np := strings.Count(s, ","), strings.Count(s, ".")
	digitsAfter := func(i int) int {
		n := 0
		for _, c := range s[i+1:] {
			if c < '0' || c > '9' {
				break
			}
			n++
		}
		return n
	}
	switch {
	case nc > 0 && np > 0:
		if lc > lp {
			return DecimalComma
		}
		return DecimalPoint
	case nc > 1:
		return DecimalPoint
	case np > 1:
		return DecimalComma
	case nc == 1 && digitsAfter(lc) != 3:
		return DecimalComma
	case np == 1 && digitsAfter(lp) != 3:
		return DecimalPoint
	}
	return ""
}

// headerNames are the column names Sniff recognises, normalised by
// normaliseHeader (lower case, æøå spelled out, separators as '_').
var headerNames = map[string]Field{
	"leverandoer_cvr": FieldCVR, "leverandor_cvr": FieldCVR, "leverandoer_cvr_nr": FieldCVR, "leverandoercvr": FieldCVR,
	"cvr": FieldCVR, "cvr_nr": FieldCVR, "cvr_nummer": FieldCVR, "supplier_cvr": FieldCVR, "vendor_cvr": FieldCVR,
	"leverandoernavn": FieldName, "leverandoer_navn": FieldName, "leverandor_navn": FieldName, "leverandornavn": FieldName,
	"leverandoer": FieldName, "kreditor": FieldName, "kreditornavn": FieldName, "supplier_name": FieldName,
	"supplier": FieldName, "vendor": FieldName, "vendor_name": FieldName, "navn": FieldName, "name": FieldName,
	"beloeb": FieldAmount, "belob": FieldAmount, "beloeb_dkk": FieldAmount, "beloeb_ekskl_moms": FieldAmount,
	"amount": FieldAmount, "amount_dkk": FieldAmount, "beloeb_kr": FieldAmount,
	"dato": FieldDate, "bogfoeringsdato": FieldDate, "bogforingsdato": FieldDate, "bilagsdato": FieldDate,
	"fakturadato": FieldDate, "date": FieldDate, "posting_date": FieldDate, "invoice_date": FieldDate,
	"fakturanummer": FieldInvoice, "fakturanr": FieldInvoice, "faktura_nr": FieldInvoice, "faktura": FieldInvoice,
	"bilagsnummer": FieldInvoice, "bilagsnr": FieldInvoice, "invoice_ref": FieldInvoice, "invoice": FieldInvoice,
	"invoice_number": FieldInvoice, "invoice_no": FieldInvoice,
	"cpv": FieldCPV, "cpv_kode": FieldCPV, "cpv_code": FieldCPV,
	"konto": FieldAccount, "kontonummer": FieldAccount, "kontonr": FieldAccount, "art": FieldAccount,
	"account": FieldAccount, "account_number": FieldAccount,
}

// normaliseHeader folds a column name for lookup: "Leverandør CVR" and
// "leverandoer_cvr" become the same.
func normaliseHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	lastSep := true
	for _, r := range s {
		switch r {
		case 'ø':
			b.WriteString("oe")
		case 'æ':
			b.WriteString("ae")
		case 'å':
			b.WriteString("aa")
		case ' ', '_', '-', '.', '/', '\u00a0', '(', ')':
			if !lastSep {
				b.WriteByte('_')
			}
			lastSep = true
			continue
		default:
			b.WriteRune(r)
		}
		lastSep = false
	}
	return strings.TrimSuffix(b.String(), "_")
}

// GuessMapping maps the known column names of a header row to fields; the
// first column of a field wins.
func GuessMapping(columns []string) Mapping {
	m := Mapping{}
	for i, c := range columns {
		f, ok := headerNames[normaliseHeader(c)]
		if !ok {
			continue
		}
		if _, taken := m[f]; !taken {
			m[f] = i
		}
	}
	return m
}

func newReader(r io.Reader, d rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = d
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.ReuseRecord = true
	return cr
}

// win1252 maps the bytes 0x80–0x9F; the others are Latin-1. The five
// unassigned bytes become U+FFFD.
var win1252 = [32]rune{
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
}

// decodeField turns a field's bytes into text. ok is false when the bytes
// do not fit the encoding: invalid UTF-8 in a UTF-8 file, or UTF-8
// sequences in a Windows-1252 file (a mixed file).
func decodeField(s string, e Encoding) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, true
	}
	if e != Windows1252 {
		return s, utf8.ValidString(s)
	}
	if hasUTF8Multibyte([]byte(s)) {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(win1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String(), true
}

// maxOre bounds the amount of one line.
const maxOre = samspil.MaxPurchaseAmountOre
