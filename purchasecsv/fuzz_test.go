package purchasecsv

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("a;b\n\"x\ny\";\"\n"))
	f.Add([]byte("\xef\xbb\xbfcvr,amount,date\n12345674,\"1,234.50\",2025-01-01\n"))
}

// FuzzSniff: Sniff never panics, and what it detects is a format Check
// accepts.
func FuzzSniff(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := Sniff(bytes.NewReader(b))
		if err != nil {
			return
		}
		if err := h.Format.Validate(); err != nil {
			t.Fatalf("Sniff gave an invalid format %+v", h.Format)
		}
		if len(h.Sample) > sampleRows {
			t.Fatal("sample too long")
		}
	})
}

// FuzzCheck: Check and Lines never panic and agree on every input.
func FuzzCheck(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, fm := range []Format{{';', UTF8, DecimalComma}, {',', Windows1252, DecimalPoint}} {
			assertAgree(t, b, fm, Mapping{FieldCVR: 0, FieldName: 1, FieldAmount: 2, FieldDate: 3})
		}
		if h, err := Sniff(bytes.NewReader(b)); err == nil {
			assertAgree(t, b, h.Format, h.Mapping)
		}
	})
}

// FuzzParseAmount: any text parses to a bounded amount or a keyed error,
// and an amount written in either style reads back exactly.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1.234.567,89", "1234567.89", "(1.234,50)", "-1,234.50", "kr 12", "1.234,50-"} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(-123456789))
	f.Fuzz(func(t *testing.T, s string, n int64) {
		for _, dec := range []Decimal{DecimalComma, DecimalPoint} {
			ore, key, msg := ParseAmount(s, dec)
			if key == "" && (ore > maxOre || ore < -maxOre) || key != "" && (ore != 0 || msg == "") {
				t.Fatalf("ParseAmount(%q, %s) = %d %q %q", s, dec, ore, key, msg)
			}
		}
		n %= maxOre
		for _, dec := range []Decimal{DecimalComma, DecimalPoint} {
			text := formatOre(n, dec)
			if got, key, _ := ParseAmount(text, dec); key != "" || got != n {
				t.Fatalf("%d written as %q reads %d %q", n, text, got, key)
			}
		}
	})
}

// formatOre writes øre with thousands separators in style dec.
func formatOre(n int64, dec Decimal) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	dm, tm := ".", ","
	if dec == DecimalComma {
		dm, tm = ",", "."
	}
	whole := strconv.FormatInt(n/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(tm)
		}
		b.WriteRune(c)
	}
	return sign + b.String() + dm + fmt.Sprintf("%02d", n%100)
}

// FuzzParseDate: a date that parses is a real calendar date at midnight UTC.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-31", "31-03-2025", "31.03.2025", "31/3/2025", "20250331", "2025-02-29"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if ok && (d.Hour() != 0 || d.Location() != time.UTC || d.Year() < 1900 || d.Year() > 2200) {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
	})
}
