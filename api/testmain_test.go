package api_test

import (
	"os"
	"testing"

	"github.com/samspil/samspil/password"
)

// TestMain makes password hashes cheap for this package's tests (see
// password.UseTestParams); the hashing itself is tested in package password.
func TestMain(m *testing.M) {
	password.UseTestParams()
	os.Exit(m.Run())
}
