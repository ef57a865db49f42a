package sqlstore

import (
	"slices"
	"sort"
	"testing"
)

func TestNameKeyDanishOrder(t *testing.T) {
	want := []string{"Cykelværkstedet", "Éclair Bageri", "Odsherred", "Zealand Kaffe", "Ærø", "Østervang", "Aabenraa", "Aalborg", "Århus Ø"}
	got := slices.Clone(want)
	slices.Reverse(got)
	sort.SliceStable(got, func(i, j int) bool { return nameKey(got[i]) < nameKey(got[j]) })
	if !slices.Equal(got, want) {
		t.Fatalf("order\n got %q\nwant %q", got, want)
	}
	if nameKey("AABENRAA") != nameKey("Åbenrå") {
		t.Errorf("Aabenraa and Åbenrå differ: %q %q", nameKey("AABENRAA"), nameKey("Åbenrå"))
	}
}
