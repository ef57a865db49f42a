package web

import (
	"bytes"
	"testing"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/purchasecsv"
)

func TestReadSpendHeader(t *testing.T) {
	semi := purchasecsv.Format{Delimiter: ';', Encoding: purchasecsv.Windows1252, Decimal: purchasecsv.DecimalComma}
	h, err := readSpendHeader(bytes.NewReader([]byte("Leverand\xf8r CVR;Bel\xf8b;Dato\r\n12345674;1.000,00;01-02-2025\r\n")), semi)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Columns) != 3 || h.Columns[0] != "Leverandør CVR" || len(h.Sample) != 1 || h.Sample[0][1] != "1.000,00" {
		t.Fatalf("header %q sample %q", h.Columns, h.Sample)
	}
	if i, ok := h.Mapping[purchasecsv.FieldAmount]; !ok || i != 1 {
		t.Errorf("amount guessed at %d (%v)", i, ok)
	}
	comma := purchasecsv.Format{Delimiter: ',', Encoding: purchasecsv.UTF8BOM, Decimal: purchasecsv.DecimalPoint}
	if h, err := readSpendHeader(bytes.NewReader([]byte("\ufeffa;b;c\n1;2;3\n")), comma); err != nil || len(h.Columns) != 1 {
		t.Errorf("a semicolon header read with commas: %v, %v", h, err)
	}
	if _, err := readSpendHeader(bytes.NewReader(nil), comma); samspil.ErrorCode(err) != samspil.EINVALID {
		t.Errorf("an empty file: %v", err)
	}
}

// FuzzReadSpendHeader: whatever the file and format, reading the header
// for the mapping page ends without a panic, with a header or EINVALID.
func FuzzReadSpendHeader(f *testing.F) {
	f.Add([]byte("a;b;c\n1;2;3\n"), uint8(0), uint8(0))
	f.Add([]byte("\ufeff\"x\"\"y\",z\r\n\"unclosed\n"), uint8(1), uint8(1))
	f.Add([]byte("\xff\xfe\x00;\x80\x81\n"), uint8(2), uint8(2))
	delims := []rune{';', ',', '\t'}
	encs := []purchasecsv.Encoding{purchasecsv.UTF8, purchasecsv.UTF8BOM, purchasecsv.Windows1252}
	f.Fuzz(func(t *testing.T, data []byte, d, e uint8) {
		ft := purchasecsv.Format{Delimiter: delims[int(d)%3], Encoding: encs[int(e)%3], Decimal: purchasecsv.DecimalComma}
		h, err := readSpendHeader(bytes.NewReader(data), ft)
		if err != nil {
			if samspil.ErrorCode(err) != samspil.EINVALID {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(h.Columns) == 0 || len(h.Sample) > 5 {
			t.Fatalf("header %q, %d sample rows", h.Columns, len(h.Sample))
		}
		for fd, i := range h.Mapping {
			if i < 0 || i >= len(h.Columns) {
				t.Fatalf("%s mapped to column %d of %d", fd, i, len(h.Columns))
			}
		}
	})
}
