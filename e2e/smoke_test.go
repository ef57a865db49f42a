package e2e

import "testing"

// TestHarness checks the harness itself: the real app answers its health
// check in the browser.
func TestHarness(t *testing.T) {
	h := start(t, options{})
	h.open("/healthz")
	if got := validCVR(1); len(got) != 8 {
		t.Fatalf("validCVR(1) = %q", got)
	}
}
