package match

import "testing"

// FuzzParseCPV: CPV codes come from profiles and requests; parsing never
// panics, an accepted code has eight digits and a depth of 1–5, and a
// code always shares all its levels with itself.
func FuzzParseCPV(f *testing.F) {
	for _, s := range []string{"90911200-8", "45000000", "4500000", "45000000-", "x", "", "00000000", "99999999-9-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseCPV(s)
		if !ok {
			return
		}
		if len(c.digits) != 8 || c.depth < 1 || c.depth > 5 {
			t.Fatalf("%q → %+v", s, c)
		}
		if sharedLevels(c, c) != c.depth {
			t.Fatalf("%q shares %d of %d levels with itself", s, sharedLevels(c, c), c.depth)
		}
		v, lv := cpvFit([]cpvCode{c}, []string{s})
		if v != 1 || lv != c.depth {
			t.Fatalf("%q fits itself %v (%d levels)", s, v, lv)
		}
	})
}
