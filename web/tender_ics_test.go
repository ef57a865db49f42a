package web

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestICSEscapeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Vask, strygning; og mere", `Vask\, strygning\; og mere`},
		{`C:\sti\fil`, `C:\\sti\\fil`},
		{"linje 1\nlinje 2", `linje 1\nlinje 2`},
		{"linje 1\r\nlinje 2\rlinje 3", `linje 1\nlinje 2\nlinje 3`},
		{"tab\there", "tab here"},
		{"bell\a and nul\x00 and del\x7f", "bell and nul and del"},
		{"Kolonihaveforeningen »Æblet« ø å", "Kolonihaveforeningen »Æblet« ø å"},
		{"bad \xff utf-8", "bad \uFFFD utf-8"},
		{`"quoted": yes`, `"quoted": yes`},
	} {
		if got := icsEscapeText(tc.in); got != tc.want {
			t.Errorf("icsEscapeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := icsUnescapeText(`a\,b\;c\\d\ne\Nf`); got != "a,b;c\\d\ne\nf" {
		t.Errorf("unescape: %q", got)
	}
}

// checkFolded checks the physical lines of a folded content line.
func checkFolded(t *testing.T, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("no CRLF at the end: %q", out)
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > icsLineLimit {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if i > 0 && !strings.HasPrefix(l, " ") {
			t.Errorf("continuation %d does not start with a space: %q", i, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i, l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("bare line break in line %d", i)
		}
	}
}

func TestICSFold(t *testing.T) {
	for _, in := range []string{
		"SUMMARY:kort",
		"SUMMARY:" + strings.Repeat("a", 67),   // exactly 75
		"SUMMARY:" + strings.Repeat("a", 68),   // 76
		"SUMMARY:" + strings.Repeat("æøå", 60), // two-octet runes across the limit
		"DESCRIPTION:" + strings.Repeat("€", 100),
		"X:" + strings.Repeat("😀", 50),
	} {
		var b strings.Builder
		icsFold(&b, in)
		out := b.String()
		checkFolded(t, out)
		if got := icsUnfold(out); len(got) != 1 || got[0] != in {
			t.Errorf("unfold(fold(%q)) = %q", in, got)
		}
	}
	var b strings.Builder
	icsFold(&b, "SUMMARY:"+strings.Repeat("a", 67))
	if strings.Count(b.String(), "\r\n") != 1 {
		t.Errorf("a 75-octet line was folded: %q", b.String())
	}
}

func TestICSBuild(t *testing.T) {
	at := time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC)
	c := icsCalendar{Host: "samspil.test", Name: "Vask, rens; og \"mere\"", URL: "https://samspil.test/udbud/7 x",
		Stamp: time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC), Sequence: 3, Events: []icsEvent{
			{UID: "udbud-7-tilbud@samspil.test", Summary: "Frist for tilbud: " + strings.Repeat("Lang titel, ", 10), Description: "Linje 1\nLinje 2", At: at, Alarm: "I morgen"},
			{UID: "udbud-7-tildeling@samspil.test", Summary: "Forventet tildeling", At: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), AllDay: true},
		}}
	out := c.build()
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\r") {
		t.Fatal("a line ends without CRLF")
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > icsLineLimit {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
	}
	lines := icsUnfold(out)
	want := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Samspil//Udbud//DA", "METHOD:PUBLISH",
		`X-WR-CALNAME:Vask\, rens\; og "mere"`,
		"UID:udbud-7-tilbud@samspil.test", "DTSTAMP:20260101T080000Z", "DTSTART:20260302T110000Z", "SEQUENCE:3",
		`DESCRIPTION:Linje 1\nLinje 2`, "URL:https://samspil.test/udbud/7%20x", "TRIGGER:-P1D",
		"DTSTART;VALUE=DATE:20260401", "DTEND;VALUE=DATE:20260402", "END:VEVENT", "END:VCALENDAR"}
	for _, w := range want {
		found := false
		for _, l := range lines {
			if l == w {
				found = true
			}
		}
		if !found {
			t.Errorf("missing line %q in\n%s", w, out)
		}
	}
	if n := strings.Count(out, "BEGIN:VEVENT"); n != 2 {
		t.Errorf("%d events", n)
	}
	var summary string
	for _, l := range lines {
		if strings.HasPrefix(l, "SUMMARY:Frist") {
			summary = icsUnescapeText(strings.TrimPrefix(l, "SUMMARY:"))
		}
	}
	if summary != c.Events[0].Summary {
		t.Errorf("summary read back as %q", summary)
	}
	c.Cancelled = true
	if out := c.build(); !strings.Contains(out, "STATUS:CANCELLED") || strings.Contains(out, "VALARM") {
		t.Errorf("a cancelled tender's events:\n%s", out)
	}
}

// FuzzICSText checks that any text, escaped and folded into a content
// line, stays one logical line of valid UTF-8 no longer than 75 octets per
// physical line, and reads back as the text without its control
// characters.
func FuzzICSText(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d", "line\r\nline\nline\r", "æøå€😀", "\x00\x1f\x7f\u0085", strings.Repeat("é", 80), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		esc := icsEscapeText(s)
		if strings.ContainsAny(esc, "\r\n") {
			t.Fatalf("escaped text holds a line break: %q", esc)
		}
		if !utf8.ValidString(esc) {
			t.Fatalf("escaped text is not UTF-8: %q", esc)
		}
		// Every ; and , is escaped: an unescaped one would split the value.
		for i := 0; i < len(esc); i++ {
			if esc[i] == '\\' {
				i++
				if i == len(esc) || !strings.ContainsRune(`\;,n`, rune(esc[i])) {
					t.Fatalf("bad escape at %d in %q", i, esc)
				}
				continue
			}
			if esc[i] == ';' || esc[i] == ',' {
				t.Fatalf("unescaped %q at %d in %q", esc[i], i, esc)
			}
		}
		// Reading back gives the text with line breaks normalised and
		// control characters dropped.
		want := strings.ToValidUTF8(s, "\uFFFD")
		want = strings.ReplaceAll(want, "\r\n", "\n")
		want = strings.ReplaceAll(want, "\r", "\n")
		want = strings.ReplaceAll(want, "\t", " ")
		want = strings.Map(func(r rune) rune {
			if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0) {
				return -1
			}
			return r
		}, want)
		if got := icsUnescapeText(esc); got != want {
			t.Fatalf("read back %q, want %q", got, want)
		}
		var b strings.Builder
		line := "SUMMARY:" + esc
		icsFold(&b, line)
		checkFolded(t, b.String())
		if got := icsUnfold(b.String()); len(got) != 1 || got[0] != line {
			t.Fatalf("unfold(fold(%q)) = %q", line, got)
		}
	})
}
