package purchasecsv

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
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
