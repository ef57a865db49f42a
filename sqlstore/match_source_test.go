package sqlstore

import (
	"fmt"
	"testing"
)

func TestSubtractRanges(t *testing.T) {
	r := codeRange{"909", "90:"}
	for _, c := range []struct {
		minus []codeRange
		want  string
	}{
		{nil, "[{909 90:}]"},
		{[]codeRange{{"9091", "9092"}}, "[{909 9091} {9092 90:}]"},
		{[]codeRange{{"9090", "9091"}, {"9099", "909:"}}, "[{909 9090} {9091 9099} {909: 90:}]"},
		{[]codeRange{{"90911", "90912"}, {"9091", "9092"}}, "[{909 9091} {9092 90:}]"},
		{[]codeRange{{"909", "90:"}}, "[]"},
		{[]codeRange{{"555", "556"}}, "[{909 90:}]"},
	} {
		if got := fmt.Sprint(subtractRanges(r, c.minus)); got != c.want {
			t.Errorf("subtract %v = %s, want %s", c.minus, got, c.want)
		}
	}
}

func TestCPVStages(t *testing.T) {
	got := fmt.Sprint(cpvStages([]string{"90911200-8", "90911000-6", "55520000-1"}))
	want := "[[90911200 90911000 55520000] [90911 55520] [9091 5552] [909 555]]"
	if got != want {
		t.Fatalf("stages = %s, want %s", got, want)
	}
	lo, hi := prefixRange("909")
	if lo != "909" || hi != "90:" || !("90911200-8" >= lo && "90911200-8" < hi) || "91000000-0" < hi {
		t.Fatalf("range %s..%s", lo, hi)
	}
}
