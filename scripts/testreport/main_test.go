package main

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	stream := `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"--- PASS: TestA (0.00s)\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: wrong answer 41\n"}
{"Action":"output","Package":"p","Test":"TestB","Output":"--- FAIL: TestB (0.00s)\n"}
{"Action":"fail","Package":"p","Test":"TestB"}
{"Action":"run","Package":"p","Test":"TestC"}
{"Action":"output","Package":"p","Test":"TestC","Output":"--- SKIP: TestC (0.00s)\n"}
{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:5: no database configured\n"}
{"Action":"skip","Package":"p","Test":"TestC"}
{"Action":"output","Package":"p","Output":"PASS\n"}
{"Action":"output","Package":"p","Output":"FAIL\tp\t0.01s\n"}
{"Action":"fail","Package":"p"}
{"Action":"output","Package":"q","Output":"ok  \tq\t0.01s\n"}
{"Action":"pass","Package":"q"}
go: downloading example.com/x v1.0.0`
	var out strings.Builder
	r := newReport(&out)
	for _, l := range strings.Split(stream, "\n") {
		r.handleLine(l)
	}
	got := out.String()
	for _, want := range []string{"--- TestB (p)\n", "wrong answer 41", "FAIL\tp\t0.01s\n", "ok  \tq\t0.01s\n", "go: downloading"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"TestA", "=== RUN", "PASS\n"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("output has %q, which only adds noise:\n%s", unwanted, got)
		}
	}
	sum := r.summary()
	for _, want := range []string{"packages=1 ok, 1 failed", "tests=1 passed, 1 failed, 1 skipped", "skip=p TestC: c_test.go:5: no database configured"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
}
