// Package csvsafe keeps CSV files the platform writes from running as
// spreadsheet formulas when someone opens them in Excel or LibreOffice.
package csvsafe

// Cell makes a value safe for a CSV file that people open in a
// spreadsheet: a cell starting with = + - @ tab or carriage return would be
// run as a formula (OWASP "CSV injection"), so it gets a leading
// apostrophe, unless it is a plain number such as "-1234,50" or "+45".
// Every CSV export of the platform passes its text cells through it.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
	default:
		return s
	}
	if plainNumber(s) {
		return s
	}
	return "'" + s
}

// plainNumber reports whether s is a sign followed by digits with at most
// one decimal mark and thousands marks, and nothing else.
func plainNumber(s string) bool {
	if s[0] != '-' && s[0] != '+' {
		return false
	}
	body := s[1:]
	if body == "" {
		return false
	}
	hasDigit := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= '0' && c <= '9':
			hasDigit = true
		case c == '.' || c == ',':
			if i == 0 || i == len(body)-1 {
				return false
			}
		default:
			return false
		}
	}
	return hasDigit
}
