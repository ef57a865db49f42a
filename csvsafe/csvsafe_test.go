package csvsafe

import "testing"

func TestCell(t *testing.T) {
	tests := map[string]string{
		`=HYPERLINK("http://x","klik")`: `'=HYPERLINK("http://x","klik")`,
		"+45 12 34 56 78":               "'+45 12 34 56 78",
		"-2+3":                          "'-2+3",
		"@SUM(A1)":                      "'@SUM(A1)",
		"\t=1":                          "'\t=1",
		"\r=1":                          "'\r=1",
		"-1234,50":                      "-1234,50",
		"-1.234,50":                     "-1.234,50",
		"+45":                           "+45",
		"-":                             "'-",
		"-,5":                           "'-,5",
		"Vaskeriet":                     "Vaskeriet",
		"":                              "",
		"a=b":                           "a=b",
	}
	for in, want := range tests {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}
