package purchasecsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

func open(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSniffFiles(t *testing.T) {
	tests := []struct {
		file    string
		format  Format
		columns int
		mapping Mapping
		sample  int
		first   string // first sample row's name column
	}{
		{"rfc4180_utf8.csv", Format{',', UTF8, DecimalPoint}, 7,
			Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3, FieldInvoice: 4, FieldCPV: 5, FieldAccount: 6}, 3, "Vaskeriet Ny Start, ApS"},
		{"excel_da_bom.csv", Format{';', UTF8BOM, DecimalComma}, 6,
			Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3, FieldInvoice: 4, FieldAccount: 5}, 3, "Vaskeriet Ny Start ApS"},
		{"excel_da_win1252.csv", Format{';', Windows1252, DecimalComma}, 6,
			Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3, FieldInvoice: 4, FieldAccount: 5}, 2, "Æblegårdens Værksted"},
		{"tab_utf8.tsv", Format{'\t', UTF8, DecimalPoint}, 4,
			Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3}, 2, "The Print Shop"},
		{"bad_lines.csv", Format{';', UTF8, DecimalComma}, 4,
			Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3}, 5, "Forkert CVR"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			h, err := Sniff(bytes.NewReader(open(t, tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			if h.Format != tt.format {
				t.Errorf("format %+v, want %+v", h.Format, tt.format)
			}
			if len(h.Columns) != tt.columns {
				t.Errorf("columns %q", h.Columns)
			}
			if fmt.Sprint(h.Mapping) != fmt.Sprint(tt.mapping) {
				t.Errorf("mapping %v, want %v", h.Mapping, tt.mapping)
			}
			if len(h.Sample) != tt.sample || h.Sample[0][1] != tt.first {
				t.Errorf("sample %q", h.Sample)
			}
		})
	}
}

func TestSniffRefuses(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "purchase_import.file.empty"},
		{"blank", "\r\n\r\n", "purchase_import.file.empty"},
		{"one column", "amount\n12\n", "purchase_import.file.not_csv"},
		{"mixed", string(open(t, "mixed_encoding.csv")), "purchase_import.encoding.mixed"},
		{"bad header quote", "a;\"b\"x;c\n1;2;3\n", "purchase_import.file.header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Sniff(strings.NewReader(tt.in))
			if samspil.ErrorCode(err) != samspil.EINVALID || samspil.ErrorKey(err) != tt.key {
				t.Fatalf("err %v, want %s", err, tt.key)
			}
		})
	}
}

type wantErr struct {
	line  int
	field Field
	key   string
}

func TestCheckFiles(t *testing.T) {
	tests := []struct {
		file  string
		lines int
		total int64
		errs  []wantErr
	}{
		{"rfc4180_utf8.csv", 3, 123555239, nil},
		{"excel_da_bom.csv", 3, 123456789, nil},
		{"excel_da_win1252.csv", 2, 123333339, nil},
		{"tab_utf8.tsv", 2, 123466689, nil},
		{"bad_lines.csv", 6, 1000, []wantErr{
			{2, FieldCVR, "purchase_import.cvr.invalid"},
			{3, "", "purchase_import.line.columns"},
			{4, FieldAmount, "purchase_import.amount.invalid_comma"},
			{5, FieldDate, "purchase_import.date.invalid"},
			{6, FieldCVR, "purchase_import.supplier.required"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := open(t, tt.file)
			h, err := Sniff(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Check(bytes.NewReader(b), h.Format, h.Mapping)
			if err != nil {
				t.Fatal(err)
			}
			if s.Lines != tt.lines || s.TotalOre != tt.total || s.ErrorCount != len(tt.errs) {
				t.Errorf("summary %+v", s)
			}
			for i, w := range tt.errs {
				if i >= len(s.Errors) {
					break
				}
				e := s.Errors[i]
				if e.Line != w.line || e.Field != w.field || e.Key != w.key || e.Message == "" {
					t.Errorf("error %d: %+v, want %+v", i, e, w)
				}
			}
			assertAgree(t, b, h.Format, h.Mapping)
		})
	}
}

func TestLinesValues(t *testing.T) {
	b := open(t, "rfc4180_utf8.csv")
	h, _ := Sniff(bytes.NewReader(b))
	var got []samspil.PurchaseLine
	for l, err := range Lines(bytes.NewReader(b), h.Format, h.Mapping) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	if len(got) != 3 {
		t.Fatalf("%d lines", len(got))
	}
	want := samspil.PurchaseLine{Line: 3, SupplierCVR: "29876541", SupplierName: `Café "Gode Hænder"`, AmountOre: -25000,
		Date: time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC), Account: "4420", InvoiceRef: "K-17", Key: "r:29876541:K-17:1"}
	if fmt.Sprintf("%+v", got[1]) != fmt.Sprintf("%+v", want) {
		t.Errorf("line\n%+v\nwant\n%+v", got[1], want)
	}
	if got[2].Line != 4 || got[2].SupplierName != "Grøn Have\nog Park" || got[2].CPV != "77310000" || got[2].AmountOre != 123456789 {
		t.Errorf("quoted newline line: %+v", got[2])
	}
	if got[0].CPV != "98310000-9" {
		t.Errorf("cpv %q", got[0].CPV)
	}
}

func TestLineKeys(t *testing.T) {
	in := "cvr;navn;beløb;dato;fakturanr\n" +
		"12345674;A;10,00;2025-01-01;F1\n" +
		"12345674;A;10,00;2025-01-01;F1\n" + // same ref twice: ordinal 2
		";Uden CVR;10,00;2025-01-01;\n" +
		";Uden CVR;10,00;2025-01-01;\n" + // identical lines stay two
		";Uden CVR;11,00;2025-01-01;\n"
	f := Format{';', UTF8, DecimalComma}
	m := Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3, FieldInvoice: 4}
	keys := func() []string {
		var out []string
		for l, err := range Lines(strings.NewReader(in), f, m) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, l.Key)
		}
		return out
	}
	k := keys()
	if k[0] != "r:12345674:F1:1" || k[1] != "r:12345674:F1:2" {
		t.Errorf("ref keys %q", k[:2])
	}
	if !strings.HasPrefix(k[2], "h:") || !strings.HasSuffix(k[2], ":1") || strings.TrimSuffix(k[2], ":1")+":2" != k[3] {
		t.Errorf("hash keys %q %q", k[2], k[3])
	}
	if strings.TrimSuffix(k[4], ":1") == strings.TrimSuffix(k[2], ":1") {
		t.Errorf("different lines share a hash: %q", k[4])
	}
	if fmt.Sprint(keys()) != fmt.Sprint(k) {
		t.Error("keys differ between two reads of the same file")
	}
}

func TestLinesStopsAtFirstBadLine(t *testing.T) {
	b := open(t, "bad_lines.csv")
	f := Format{';', UTF8, DecimalComma}
	m := Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3}
	n := 0
	for _, err := range Lines(bytes.NewReader(b), f, m) {
		n++
		var le LineError
		if !errors.As(err, &le) || le.Line != 2 || le.Key != "purchase_import.cvr.invalid" {
			t.Fatalf("got %v", err)
		}
	}
	if n != 1 {
		t.Errorf("%d yields", n)
	}
}

func TestMixedEncoding(t *testing.T) {
	b := open(t, "mixed_encoding.csv")
	m := Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3}
	for _, enc := range []Encoding{UTF8, Windows1252} {
		s, err := Check(bytes.NewReader(b), Format{';', enc, DecimalComma}, m)
		if err != nil {
			t.Fatal(err)
		}
		if s.ErrorCount != 1 || s.Errors[0].Key != "purchase_import.encoding.mixed_line" {
			t.Errorf("%s: %+v", enc, s)
		}
		wantLine := 3
		if enc == Windows1252 {
			wantLine = 2
		}
		if s.Errors[0].Line != wantLine {
			t.Errorf("%s: line %d", enc, s.Errors[0].Line)
		}
	}
}

func TestCheckFileErrors(t *testing.T) {
	good := Format{';', UTF8, DecimalComma}
	m := Mapping{FieldCVR: 0, FieldAmount: 1, FieldDate: 2}
	tests := []struct {
		name, in string
		f        Format
		m        Mapping
		key      string
		field    string
	}{
		{"empty", "", good, m, "purchase_import.file.empty", ""},
		{"bad delimiter", "a;b;c\n", Format{'|', UTF8, DecimalComma}, m, "invalid", "delimiter"},
		{"bad encoding", "a;b;c\n", Format{';', "latin-9", DecimalComma}, m, "invalid", "encoding"},
		{"bad decimal", "a;b;c\n", Format{';', UTF8, "x"}, m, "invalid", "decimal"},
		{"no amount", "a;b;c\n", good, Mapping{FieldCVR: 0, FieldDate: 2}, "invalid", "amount"},
		{"no date", "a;b;c\n", good, Mapping{FieldCVR: 0, FieldAmount: 1}, "invalid", "date"},
		{"no supplier", "a;b;c\n", good, Mapping{FieldAmount: 1, FieldDate: 2}, "invalid", "supplier_cvr"},
		{"column out of range", "a;b\n", good, m, "invalid", "date"},
		{"column twice", "a;b;c\n", good, Mapping{FieldCVR: 0, FieldAmount: 1, FieldDate: 1}, "invalid", "date"},
		{"unknown field", "a;b;c\n", good, Mapping{FieldCVR: 0, FieldAmount: 1, FieldDate: 2, "x": 0}, "invalid", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Check(strings.NewReader(tt.in), tt.f, tt.m)
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID {
				t.Fatalf("err %v", err)
			}
			if tt.field == "" {
				if e.Key != tt.key {
					t.Errorf("key %s", e.Key)
				}
				return
			}
			found := false
			for _, fe := range e.Fields {
				found = found || fe.Field == tt.field
			}
			if !found {
				t.Errorf("no field %s in %+v", tt.field, e.Fields)
			}
		})
	}
}

func TestCheckLineErrors(t *testing.T) {
	f := Format{';', UTF8, DecimalComma}
	m := Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3, FieldCPV: 4}
	tests := []struct {
		name, line string
		want       []wantErr
	}{
		{"good", "12345674;A;1,00;2025-01-01;85311200-4", nil},
		{"trailing empty columns tolerated", "12345674;A;1,00;2025-01-01;;;", nil},
		{"too many", "12345674;A;1,00;2025-01-01;;x", []wantErr{{2, "", "purchase_import.line.columns"}}},
		{"too few", "12345674;A;1,00", []wantErr{{2, "", "purchase_import.line.columns"}}},
		{"cvr letters", "1234567X;A;1,00;2025-01-01;", []wantErr{{2, FieldCVR, "purchase_import.cvr.invalid"}}},
		{"cvr DK and spaces", "DK 12 34 56 74;A;1,00;2025-01-01;", nil},
		{"no amount", "12345674;A;;2025-01-01;", []wantErr{{2, FieldAmount, "purchase_import.amount.required"}}},
		{"no date", "12345674;A;1,00;;", []wantErr{{2, FieldDate, "purchase_import.date.required"}}},
		{"precision", "12345674;A;1,005;2025-01-01;", []wantErr{{2, FieldAmount, "purchase_import.amount.precision"}}},
		{"too large", "12345674;A;1.000.000.000.000,00;2025-01-01;", []wantErr{{2, FieldAmount, "purchase_import.amount.too_large"}}},
		{"bad cpv", "12345674;A;1,00;2025-01-01;8531", []wantErr{{2, FieldCPV, "purchase_import.cpv.invalid"}}},
		{"several on one line", "1;A;x;y;", []wantErr{{2, FieldCVR, "purchase_import.cvr.invalid"}, {2, FieldAmount, "purchase_import.amount.invalid_comma"}, {2, FieldDate, "purchase_import.date.invalid"}}},
		{"bare quote", `12345674;A "B";1,00;2025-01-01;`, []wantErr{{2, "", "purchase_import.line.quotes"}}},
		{"long name", "12345674;" + strings.Repeat("n", 501) + ";1,00;2025-01-01;", []wantErr{{2, FieldName, "purchase_import.name.too_long"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "cvr;navn;beløb;dato;cpv\n" + tt.line + "\n12345674;Ok;2,00;2025-01-02;\n"
			s, err := Check(strings.NewReader(in), f, m)
			if err != nil {
				t.Fatal(err)
			}
			if s.ErrorCount != len(tt.want) {
				t.Fatalf("errors %+v", s.Errors)
			}
			for i, w := range tt.want {
				e := s.Errors[i]
				if e.Line != w.line || e.Field != w.field || e.Key != w.key || e.Args["Line"] != w.line {
					t.Errorf("error %d: %+v, want %+v", i, e, w)
				}
			}
			if s.Lines != 2 {
				t.Errorf("lines %d", s.Lines)
			}
			assertAgree(t, []byte(in), f, m)
		})
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		dec  Decimal
		want int64
		key  string
	}{
		{"1.234.567,89", DecimalComma, 123456789, ""},
		{"1234567,89", DecimalComma, 123456789, ""},
		{"1234567.89", DecimalPoint, 123456789, ""},
		{"1,234,567.89", DecimalPoint, 123456789, ""},
		{"-1.234,50", DecimalComma, -123450, ""},
		{"(1.234,50)", DecimalComma, -123450, ""},
		{"1.234,50-", DecimalComma, -123450, ""},
		{"−12,5", DecimalComma, -1250, ""},
		{"+7", DecimalPoint, 700, ""},
		{"1 234 567,8", DecimalComma, 123456780, ""},
		{"kr. 1.000,00", DecimalComma, 100000, ""},
		{"1000 DKK", DecimalPoint, 100000, ""},
		{"0,5", DecimalComma, 50, ""},
		{",5", DecimalComma, 50, ""},
		{"12,3400", DecimalComma, 1234, ""},
		{"0", DecimalComma, 0, ""},
		{"1.234", DecimalComma, 123400, ""},
		{"1,234", DecimalPoint, 123400, ""},
		{"1234.56", DecimalComma, 0, "purchase_import.amount.invalid_comma"},
		{"1.23,45", DecimalComma, 0, "purchase_import.amount.invalid_comma"},
		{"1,234.5", DecimalComma, 0, "purchase_import.amount.invalid_comma"},
		{"12,345,6", DecimalPoint, 0, "purchase_import.amount.invalid_point"},
		{"abc", DecimalPoint, 0, "purchase_import.amount.invalid_point"},
		{"-", DecimalPoint, 0, "purchase_import.amount.invalid_point"},
		{"1e5", DecimalPoint, 0, "purchase_import.amount.invalid_point"},
		{"12.", DecimalPoint, 0, "purchase_import.amount.invalid_point"},
		{"1,001", DecimalComma, 0, "purchase_import.amount.precision"},
		{"100000000000,00", DecimalComma, 10000000000000, ""},
		{"100000000000,01", DecimalComma, 0, "purchase_import.amount.too_large"},
		{"99999999999999999999999", DecimalComma, 0, "purchase_import.amount.too_large"},
	}
	for _, tt := range tests {
		got, key, msg := ParseAmount(tt.in, tt.dec)
		if got != tt.want || key != tt.key || (key != "") != (msg != "") {
			t.Errorf("ParseAmount(%q, %s) = %d %q %q, want %d %q", tt.in, tt.dec, got, key, msg, tt.want, tt.key)
		}
	}
}

func TestDecimalOf(t *testing.T) {
	tests := map[string]Decimal{
		"1.234.567,89": DecimalComma, "1234,5": DecimalComma, "-1.234,50": DecimalComma, "1.234.567": DecimalComma,
		"1,234,567.89": DecimalPoint, "1234.5": DecimalPoint, "1,234,567": DecimalPoint,
		"1.234": "", "1,234": "", "1234": "",
	}
	for in, want := range tests {
		if got := DecimalOf(in); got != want {
			t.Errorf("DecimalOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in string
		ok bool
		at time.Time
	}{
		{"2025-03-31", true, d(2025, 3, 31)},
		{"31-03-2025", true, d(2025, 3, 31)},
		{"31.03.2025", true, d(2025, 3, 31)},
		{"31/3/2025", true, d(2025, 3, 31)},
		{"1.2.2025", true, d(2025, 2, 1)},
		{"20250331", true, d(2025, 3, 31)},
		{"2025-03-31 00:00:00", true, d(2025, 3, 31)},
		{"2025-03-31T12:00:00Z", true, d(2025, 3, 31)},
		{" 2024-02-29 ", true, d(2024, 2, 29)},
		{"2025-02-29", false, time.Time{}},
		{"31-04-2025", false, time.Time{}},
		{"2025/03/31", false, time.Time{}},
		{"03-31", false, time.Time{}},
		{"31-03-25", false, time.Time{}},
		{"2025-3-31", false, time.Time{}},
		{"13.13.2025", false, time.Time{}},
		{"0.1.2025", false, time.Time{}},
		{"31-03-1800", false, time.Time{}},
		{"marts 2025", false, time.Time{}},
		{"", false, time.Time{}},
	}
	for _, tt := range tests {
		at, ok := ParseDate(tt.in)
		if ok != tt.ok || !at.Equal(tt.at) {
			t.Errorf("ParseDate(%q) = %v %v", tt.in, at, ok)
		}
	}
}

func TestParseCPV(t *testing.T) {
	tests := map[string]string{"85311200-4": "85311200-4", "85311200": "85311200", "853112004": "85311200-4", " 8531 1200 ": "85311200",
		"8531120": "", "85311200-": "", "85311200-45": "", "8531120a": "", "": ""}
	for in, want := range tests {
		got, ok := ParseCPV(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseCPV(%q) = %q %v", in, got, ok)
		}
	}
}

func TestFormatString(t *testing.T) {
	if s := (Format{';', Windows1252, DecimalComma}).String(); s != "semikolon, decimalkomma, windows-1252" {
		t.Error(s)
	}
	if s := (Format{',', UTF8, DecimalPoint}).String(); s != "komma, decimalpunktum, utf-8" {
		t.Error(s)
	}
}

// genReader writes n lines of a Danish Excel file on the fly, so a big
// file never sits in memory.
type genReader struct {
	n, i int
	buf  []byte
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.n {
		if g.i == 0 {
			g.buf = append(g.buf, "Leverandør CVR;Leverandørnavn;Beløb;Bogføringsdato;Fakturanummer;CPV\r\n"...)
		} else {
			g.buf = fmt.Appendf(g.buf, "12345674;\"Vaskeriet; Ny Start\";%d.%03d,%02d;%02d-%02d-2025;F-%d;98310000-9\r\n",
				1+g.i%900, g.i%1000, g.i%100, 1+g.i%28, 1+g.i%12, g.i%5000)
		}
		g.i++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// TestCheckManyLines streams a large generated file through Check and
// Lines; how fast a million lines go is BenchmarkCheckMillionLines.
func TestCheckManyLines(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	f := Format{';', UTF8, DecimalComma}
	h, err := Sniff(&genReader{n: 1000})
	if err != nil || h.Format != f || len(h.Mapping) != 6 {
		t.Fatalf("%+v %v", h, err)
	}
	s, err := Check(&genReader{n: n}, h.Format, h.Mapping)
	if err != nil || s.Lines != n || s.ErrorCount != 0 {
		t.Fatalf("%+v %v", s, err)
	}
	// Lines does the same work plus keys; a tenth of the file shows it.
	n = max(n/10, 10_000)
	count, keys := 0, map[string]bool{}
	for l, err := range Lines(&genReader{n: n}, h.Format, h.Mapping) {
		if err != nil {
			t.Fatal(err)
		}
		count++
		if count <= 10000 {
			keys[l.Key] = true
		}
	}
	if count != n || len(keys) != min(n, 10000) {
		t.Errorf("%d lines, %d distinct keys", count, len(keys))
	}
}

// assertAgree checks that Lines yields exactly the lines Check counted, or
// stops with an error when Check found one.
func assertAgree(t *testing.T, b []byte, f Format, m Mapping) {
	t.Helper()
	s, cerr := Check(bytes.NewReader(b), f, m)
	var total int64
	n, failed := 0, false
	for l, err := range Lines(bytes.NewReader(b), f, m) {
		if err != nil {
			failed = true
			if cerr == nil && s.ErrorCount == 0 {
				t.Fatalf("Lines failed (%v) where Check found no error", err)
			}
			break
		}
		if l.Key == "" {
			t.Fatal("line without key")
		}
		n++
		total += l.AmountOre
	}
	if cerr != nil {
		if !failed {
			t.Fatalf("Check failed (%v) but Lines did not", cerr)
		}
		return
	}
	if s.ErrorCount > 0 && !failed {
		t.Fatalf("Check found %d errors but Lines did not fail", s.ErrorCount)
	}
	if s.ErrorCount == 0 && (n != s.Lines || total != s.TotalOre) {
		t.Fatalf("Lines gave %d lines %d øre, Check %d lines %d øre", n, total, s.Lines, s.TotalOre)
	}
}

// BenchmarkCheckMillionLines measures the check of a 1,000,000-line file
// (semicolon, decimal comma), the first pass of every import.
func BenchmarkCheckMillionLines(b *testing.B) {
	f := Format{';', UTF8, DecimalComma}
	h, err := Sniff(&genReader{n: 1000})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := Check(&genReader{n: 1_000_000}, f, h.Mapping)
		if err != nil || s.Lines != 1_000_000 {
			b.Fatalf("%+v %v", s, err)
		}
	}
}
