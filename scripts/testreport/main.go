// Command testreport turns the JSON stream of `go test -json` into the
// short report scripts/test prints: the usual per-package "ok"/"FAIL"
// lines, the full output of every failed test, and, so that nothing is
// skipped in silence, every skipped test with its reason. It writes the
// counts to the file named by -summary for the script's closing summary.
//
// Usage: go test -json ./... 2>&1 | testreport -summary FILE
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail events
	Test       string
	Output     string
}

// report accumulates what the stream says.
type report struct {
	out                     io.Writer
	buffers                 map[string][]string // package + test -> output so far
	passed, failed, skipped int
	pkgOK, pkgFail          int
	skips                   []string
}

func newReport(out io.Writer) *report {
	return &report{out: out, buffers: map[string][]string{}}
}

func (r *report) handleLine(line string) {
	var ev event
	if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &ev) != nil {
		fmt.Fprintln(r.out, line) // not JSON: go's own messages, build errors
		return
	}
	key := ev.Package + "\x00" + ev.Test
	switch {
	case ev.Action == "build-output":
		fmt.Fprint(r.out, ev.Output)
	case ev.Test == "" && ev.Action == "output":
		if strings.TrimSpace(ev.Output) != "PASS" {
			fmt.Fprint(r.out, ev.Output)
		}
	case ev.Test == "" && ev.Action == "pass":
		r.pkgOK++
	case ev.Test == "" && ev.Action == "fail":
		r.pkgFail++
	case ev.Test == "" && ev.Action == "skip":
		// a package without test files
	case ev.Action == "output":
		if !strings.HasPrefix(ev.Output, "=== ") {
			r.buffers[key] = append(r.buffers[key], ev.Output)
		}
	case ev.Action == "pass":
		r.passed++
		delete(r.buffers, key)
	case ev.Action == "fail":
		r.failed++
		fmt.Fprintf(r.out, "--- %s (%s)\n", ev.Test, ev.Package)
		for _, l := range r.buffers[key] {
			fmt.Fprint(r.out, l)
		}
		delete(r.buffers, key)
	case ev.Action == "skip":
		r.skipped++
		reason := ""
		for _, l := range r.buffers[key] {
			l = strings.TrimSpace(l)
			if l != "" && !strings.HasPrefix(l, "--- SKIP") {
				reason = l
				break
			}
		}
		r.skips = append(r.skips, fmt.Sprintf("%s %s: %s", ev.Package, ev.Test, reason))
		delete(r.buffers, key)
	}
}

func (r *report) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "packages=%d ok, %d failed\n", r.pkgOK, r.pkgFail)
	fmt.Fprintf(&b, "tests=%d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped)
	sort.Strings(r.skips)
	for _, s := range r.skips {
		fmt.Fprintf(&b, "skip=%s\n", s)
	}
	return b.String()
}

func main() {
	summary := flag.String("summary", "", "file to write the counts and skipped tests to")
	flag.Parse()
	r := newReport(os.Stdout)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		r.handleLine(sc.Text())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(1)
	}
	if *summary != "" {
		if err := os.WriteFile(*summary, []byte(r.summary()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "testreport:", err)
			os.Exit(1)
		}
	}
}
