package markdown

import (
	"strings"
	"testing"
)

func TestRenderRemovesWhatCouldRun(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // substrings that must be present
		banned   []string // substrings that must be absent
	}{
		{"heading and list", "## Trin\n\n- første\n- anden", []string{`<h2 id="trin">Trin</h2>`, "<li>første</li>"}, nil},
		{"script tag", "før<script>alert(1)</script>efter", []string{"før"}, []string{"<script", "alert(1)</script"}},
		{"javascript link", "[klik](javascript:alert(1))", nil, []string{"javascript:"}},
		{"javascript link with case and spaces", "[klik]( JaVaScRiPt:alert(1))", nil, []string{"alert(1)\""}},
		{"event attribute", `<img src="x" onerror="alert(1)">`, nil, []string{"onerror"}},
		{"iframe", `<iframe src="https://example.org"></iframe>`, nil, []string{"<iframe"}},
		{"data url", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:text"}},
		{"safe link", "[udbudsloven](https://www.retsinformation.dk/eli/lta/2015/1564)", []string{`href="https://www.retsinformation.dk/eli/lta/2015/1564"`, `rel="nofollow noreferrer"`}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"task list", "- [ ] åben\n- [x] lukket", []string{`<span class="task-box">☐</span> åben`, `<span class="task-box task-done">☑</span> lukket`}, []string{"<input"}},
		{"input in raw html", `<input type="text" value="x">`, nil, []string{"<input"}},
		{"danish letters", "Æble, øl og å", []string{"Æble, øl og å"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Render(tt.in))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, b := range tt.banned {
				if strings.Contains(strings.ToLower(got), strings.ToLower(b)) {
					t.Errorf("Render(%q) = %q, must not contain %q", tt.in, got, b)
				}
			}
		})
	}
}

func TestPlain(t *testing.T) {
	got := Plain("## Overskrift\n\nEn **fed** tekst & [et link](https://example.org).\n\n- punkt")
	want := "Overskrift En fed tekst & et link. punkt"
	if got != want {
		t.Errorf("Plain = %q, want %q", got, want)
	}
}

func TestDiff(t *testing.T) {
	old := "a\nb\nc\n"
	new := "a\nB\nc\nd"
	got := Diff(old, new)
	want := []Line{
		{Same, "a", 1, 1}, {Removed, "b", 2, 0}, {Added, "B", 0, 2}, {Same, "c", 3, 3}, {Added, "d", 0, 4},
	}
	if len(got) != len(want) {
		t.Fatalf("Diff = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if a, r := Changed(got); a != 2 || r != 1 {
		t.Errorf("Changed = %d, %d, want 2, 1", a, r)
	}
	if d := Diff("same\n", "same"); len(d) != 1 || d[0].Op != Same {
		t.Errorf("a missing final newline is no change: %+v", d)
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"# x", "<script>x</script>", "[a](javascript:b)", "| a |\n|---|", "```\ncode\n```"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := strings.ToLower(string(Render(s)))
		// Text may say "javascript:"; an attribute value may not start with it.
		if strings.Contains(out, "<script") || strings.Contains(out, `="javascript:`) || strings.Contains(out, " onerror=") {
			t.Fatalf("unsafe output for %q: %q", s, out)
		}
	})
}

func FuzzDiff(f *testing.F) {
	f.Add("a\nb\n", "a\nc\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		lines := Diff(a, b)
		var olds, news []string
		for _, l := range lines {
			if l.Op != Added {
				olds = append(olds, l.Text)
			}
			if l.Op != Removed {
				news = append(news, l.Text)
			}
		}
		if got, want := strings.Join(olds, "\n"), strings.TrimSuffix(normalise(a), "\n"); got != want {
			t.Fatalf("old side %q != %q", got, want)
		}
		if got, want := strings.Join(news, "\n"), strings.TrimSuffix(normalise(b), "\n"); got != want {
			t.Fatalf("new side %q != %q", got, want)
		}
	})
}

func TestRenderCache(t *testing.T) {
	long := strings.Repeat("Et afsnit om **reserverede kontrakter**.\n\n", 100)
	first := Render(long)
	if again := Render(long); again != first {
		t.Fatal("the cached rendering differs")
	}
	if first != render(long) {
		t.Fatal("the cached rendering differs from a fresh one")
	}
	evil := long + "<script>alert(1)</script>"
	if strings.Contains(string(Render(evil)), "<script") {
		t.Fatal("a cached path let a script through")
	}
}
