package purchasecsv

import (
	"strings"
	"time"
)

// ParseAmount reads an amount in kroner written in decimal style dec and
// returns it in øre. key is "" on success, else the translation key of the
// problem and msg its English text. See the package comment for what is
// accepted.
func ParseAmount(s string, dec Decimal) (ore int64, key, msg string) {
	bad := func() (int64, string, string) {
		if dec == DecimalComma {
			return 0, "purchase_import.amount.invalid_comma", "the amount " + quote(s) + " cannot be read as a number with decimal comma (like 1.234,50)"
		}
		return 0, "purchase_import.amount.invalid_point", "the amount " + quote(s) + " cannot be read as a number with decimal point (like 1,234.50)"
	}
	v := strings.TrimSpace(s)
	for _, unit := range []string{"dkk", "kr.", "kr"} {
		if len(v) >= len(unit) && strings.EqualFold(v[:len(unit)], unit) {
			v = strings.TrimSpace(v[len(unit):])
		}
		if len(v) >= len(unit) && strings.EqualFold(v[len(v)-len(unit):], unit) {
			v = strings.TrimSpace(v[:len(v)-len(unit)])
		}
	}
	neg := false
	if strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")") {
		neg, v = true, strings.TrimSpace(v[1:len(v)-1])
	}
	switch {
	case strings.HasPrefix(v, "-"):
		neg, v = !neg, v[1:]
	case strings.HasPrefix(v, "\u2212"):
		neg, v = !neg, v[len("\u2212"):]
	case strings.HasPrefix(v, "+"):
		v = v[1:]
	case strings.HasSuffix(v, "-"):
		neg, v = !neg, v[:len(v)-1]
	}
	v = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(v)
	if v == "" {
		return bad()
	}
	dm, tm := byte('.'), byte(',')
	if dec == DecimalComma {
		dm, tm = ',', '.'
	}
	intPart, frac := v, ""
	if i := strings.IndexByte(v, dm); i >= 0 {
		intPart, frac = v[:i], v[i+1:]
		if strings.IndexByte(frac, dm) >= 0 || strings.IndexByte(frac, tm) >= 0 || frac == "" {
			return bad()
		}
	}
	if strings.IndexByte(intPart, tm) >= 0 {
		groups := strings.Split(intPart, string(tm))
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return bad()
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return bad()
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" && frac == "" || !digits(intPart) || !digits(frac) {
		return bad()
	}
	if len(frac) > 2 {
		if strings.Trim(frac[2:], "0") != "" {
			return 0, "purchase_import.amount.precision", "the amount " + quote(s) + " has more than two decimals; amounts are kept in øre and never rounded"
		}
		frac = frac[:2]
	}
	for len(frac) < 2 {
		frac += "0"
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 12 {
		return 0, "purchase_import.amount.too_large", "the amount " + quote(s) + " is not plausible on one line; check the number of digits"
	}
	for _, c := range intPart + frac {
		ore = ore*10 + int64(c-'0')
	}
	if ore > maxAmountOre() {
		return 0, "purchase_import.amount.too_large", "the amount " + quote(s) + " is not plausible on one line; check the number of digits"
	}
	if neg {
		ore = -ore
	}
	return ore, "", ""
}

func maxAmountOre() int64 { return maxOre }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func quote(s string) string { return "\u201c" + s + "\u201d" }

// ParseDate reads a posting date: 2025-03-31 (ISO, optionally followed by a
// time), 20250331, or Danish day-first 31-03-2025, 31.03.2025, 31/3/2025
// (one- or two-digit day and month, four-digit year). It returns midnight
// UTC of the date.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i >= 0 {
		s = s[:i] // "2025-03-31 00:00:00", "2025-03-31T00:00:00Z"
	}
	var y, m, d int
	switch {
	case len(s) == 8 && digits(s):
		y, m, d = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])
	default:
		sep := -1
		for _, c := range []byte{'-', '.', '/'} {
			if strings.IndexByte(s, c) >= 0 {
				sep = int(c)
				break
			}
		}
		if sep < 0 {
			return time.Time{}, false
		}
		p := strings.Split(s, string(rune(sep)))
		if len(p) != 3 {
			return time.Time{}, false
		}
		for _, x := range p {
			if x == "" || len(x) > 4 || !digits(x) {
				return time.Time{}, false
			}
		}
		switch {
		case len(p[0]) == 4 && sep == '-':
			if len(p[1]) != 2 || len(p[2]) != 2 {
				return time.Time{}, false
			}
			y, m, d = atoi(p[0]), atoi(p[1]), atoi(p[2])
		case len(p[2]) == 4 && len(p[0]) <= 2 && len(p[1]) <= 2:
			d, m, y = atoi(p[0]), atoi(p[1]), atoi(p[2])
		default:
			return time.Time{}, false
		}
	}
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false // 31-02-2025
	}
	return t, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// ParseCPV checks the format of a CPV code: eight digits, optionally
// followed by "-" and a check digit ("85311200-4"); spaces are dropped. It
// checks the form only, not that the code exists.
func ParseCPV(s string) (string, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	switch {
	case len(s) == 8 && digits(s):
		return s, true
	case len(s) == 10 && digits(s[:8]) && s[8] == '-' && digits(s[9:]):
		return s, true
	case len(s) == 9 && digits(s):
		return s[:8] + "-" + s[8:], true
	}
	return "", false
}
