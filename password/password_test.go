package password_test

import (
	"strings"
	"testing"

	"github.com/samspil/samspil/password"
)

func TestHashVerify(t *testing.T) {
	h, err := password.Hash("korrekt hest batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") {
		t.Fatalf("hash %q is not argon2id", h)
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{{"korrekt hest batteri", true}, {"forkert", false}, {"", false}} {
		ok, err := password.Verify(tt.pw, h)
		if err != nil || ok != tt.want {
			t.Errorf("Verify(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
}

func TestNewSecret(t *testing.T) {
	s1, h1 := password.NewSecret("sps_")
	s2, _ := password.NewSecret("sps_")
	if s1 == s2 || !strings.HasPrefix(s1, "sps_") || len(s1) != 4+32 {
		t.Fatalf("bad secrets %q %q", s1, s2)
	}
	if password.HashSecret(s1) != h1 || len(h1) != 64 {
		t.Fatalf("hash mismatch")
	}
}
