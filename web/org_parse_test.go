package web

import (
	"reflect"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

func TestParseDKK(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantKey string
	}{
		{"", 0, ""},
		{"0", 0, ""},
		{"1250000", 125000000, ""},
		{"1.250.000", 125000000, ""},
		{"1250000,50", 125000050, ""},
		{"1.250.000,5", 125000050, ""},
		{"1 250 000", 125000000, ""},
		{"1\u00a0250\u00a0000 kr.", 125000000, ""},
		{"kr. 1.250", 125000, ""},
		{"1.250 DKK", 125000, ""},
		{"1250000.50", 125000050, ""},
		{"1,250,000.50", 125000050, ""},
		{"1,250,000", 125000000, ""},
		{"0,01", 1, ""},
		{"  42  ", 4200, ""},
		{"-5", 0, "money.negative"},
		{"12.50.000", 0, "money.invalid"},
		{"1..000", 0, "money.invalid"},
		{".5", 0, "money.invalid"},
		{"1,234", 0, "money.decimals"},
		{"1,", 0, "money.decimals"},
		{"abc", 0, "money.invalid"},
		{"1e6", 0, "money.invalid"},
		{"1000000000001", 0, "money.too_large"},
		{"99999999999999999999999", 0, "money.too_large"},
		{"1.000.000.000.000", 100000000000000, ""},
	}
	for _, tt := range tests {
		got, err := parseDKK(tt.in)
		if tt.wantKey != "" {
			if samspil.ErrorKey(err) != tt.wantKey || samspil.ErrorCode(err) != samspil.EINVALID {
				t.Errorf("parseDKK(%q) err = %v, want key %s", tt.in, err, tt.wantKey)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseDKK(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatDKK(t *testing.T) {
	for ore, want := range map[int64]string{
		0: "0", 100: "1", 125000000: "1.250.000", 125000050: "1.250.000,50", 105: "1,05", 99999: "999,99",
	} {
		if got := formatDKK(ore); got != want {
			t.Errorf("formatDKK(%d) = %q, want %q", ore, got, want)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantKey string
	}{
		{"", 0, ""},
		{"12", 12, ""},
		{"1.200", 1200, ""},
		{"1 200", 1200, ""},
		{"-1", 0, "field.negative"},
		{"1,5", 0, "number.invalid"},
		{"tolv", 0, "number.invalid"},
		{"10000001", 0, "number.too_large"},
	}
	for _, tt := range tests {
		got, err := parseCount(tt.in)
		if tt.wantKey != "" {
			if samspil.ErrorKey(err) != tt.wantKey {
				t.Errorf("parseCount(%q) err = %v, want key %s", tt.in, err, tt.wantKey)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseCount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestSplitCodes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"90911200-8", []string{"90911200-8"}},
		{"90911200-8, 45000000-7;\n\n 77310000", []string{"90911200-8", "45000000-7", "77310000"}},
		{"90911200-8 Rengøring af boliger\r\n45000000-7 – Bygge- og anlægsarbejder", []string{"90911200-8", "45000000-7"}},
		{"rengøring 123", []string{"rengøring"}},
	}
	for _, tt := range tests {
		if got := splitCodes(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitCodes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseDKK checks that no input panics, that accepted amounts are never
// negative, and that every accepted amount survives the round trip through
// the Danish display form the edit page shows.
func FuzzParseDKK(f *testing.F) {
	for _, s := range []string{"1.250.000", "1250000,50", "1,250,000.50", "kr. 3", "-1", "1..2", "99999999999999999999", "0,5", "1 000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ore, err := parseDKK(s)
		if err != nil {
			if samspil.ErrorCode(err) != samspil.EINVALID || !strings.HasPrefix(samspil.ErrorKey(err), "money.") {
				t.Fatalf("parseDKK(%q): unexpected error %v", s, err)
			}
			return
		}
		if ore < 0 || ore > maxTurnoverDKK*100+99 {
			t.Fatalf("parseDKK(%q) = %d out of range", s, ore)
		}
		back, err := parseDKK(formatDKK(ore))
		if err != nil || back != ore {
			t.Fatalf("round trip of %q: %d -> %q -> %d, %v", s, ore, formatDKK(ore), back, err)
		}
	})
}

// FuzzParseCount checks the whole-number parser never panics or returns a
// negative or oversized number.
func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"12", "1.200", "-3", "1,5", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseCount(s)
		if err == nil && (n < 0 || n > maxCount) {
			t.Fatalf("parseCount(%q) = %d", s, n)
		}
	})
}
