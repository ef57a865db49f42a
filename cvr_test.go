package samspil_test

import (
	"testing"

	"github.com/samspil/samspil"
)

func TestParseCVR(t *testing.T) {
	tests := []struct {
		in, want, key string
	}{
		{"10150817", "10150817", ""},
		{"DK 10 15 08 17", "10150817", ""},
		{" 10150817 ", "10150817", ""},
		{"1015081", "", "cvr.length"},
		{"101508170", "", "cvr.length"},
		{"1015O817", "", "cvr.not_digits"},
		{"10150818", "", "cvr.checksum"},
		{"", "", "cvr.length"},
		{"01234567", "", "cvr.leading_zero"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := samspil.ParseCVR(tt.in)
			if tt.key == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseCVR(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			if samspil.ErrorCode(err) != samspil.EINVALID || samspil.ErrorKey(err) != tt.key {
				t.Fatalf("ParseCVR(%q) error = %v; want key %s", tt.in, err, tt.key)
			}
		})
	}
}

func FuzzParseCVR(f *testing.F) {
	for _, s := range []string{"10150817", "DK10150817", "1015 0817", "abc", "", "99999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := samspil.ParseCVR(s)
		if err != nil {
			if samspil.ErrorCode(err) != samspil.EINVALID {
				t.Fatalf("non-EINVALID error %v", err)
			}
			return
		}
		if len(got) != 8 {
			t.Fatalf("accepted %q as %q", s, got)
		}
		again, err := samspil.ParseCVR(got)
		if err != nil || again != got {
			t.Fatalf("normal form %q not stable: %q %v", got, again, err)
		}
	})
}

func TestLooksLikeCPR(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"010190-1234", true},
		{"0101901234", true},
		{"deltager 3112991234 ok", true},
		{"3213991234", false}, // month 13
		{"P-0042", false},
		{"12345678", false},
		{"ABC-12", false},
		{"12345678901", false},
	}
	for _, tt := range tests {
		if got := samspil.LooksLikeCPR(tt.in); got != tt.want {
			t.Errorf("LooksLikeCPR(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
