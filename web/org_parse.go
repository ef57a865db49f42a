package web

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	samspil "github.com/samspil/samspil"
)

// Limits on numbers typed into organisation forms. They are far above any
// real value and stop overflow and nonsense long before int64 would.
const (
	// maxTurnoverDKK is the largest yearly turnover a form accepts (one
	// trillion kroner).
	maxTurnoverDKK = 1_000_000_000_000
	// maxCount bounds head counts, capacity and social-effect figures.
	maxCount = 10_000_000
	// maxCPVCodes bounds how many CPV codes one profile may list.
	maxCPVCodes = 200
	// maxEffectRows bounds the rows of the social-effects table a form may post.
	maxEffectRows = 60
)

// parseDKK reads an amount of Danish kroner as people type it and returns
// it in øre, without ever passing through a float. It accepts the Danish
// forms "1.250.000", "1250000,50", "1 250 000 kr." and, for people used to
// the English notation, "1250000.50" and "1,250,000.50". Grouping
// separators must separate groups of exactly three digits, so a typo such
// as "12.50.000" is refused instead of guessed at. An empty string is zero.
func parseDKK(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = trimCurrency(s)
	if s == "" {
		return 0, nil
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		return 0, samspil.Errorf(samspil.EINVALID, "money.negative", "the amount cannot be negative")
	}
	s = strings.TrimPrefix(s, "+")
	// Drop spaces used as thousands separators (also the no-break and thin
	// spaces that copying from a spreadsheet brings along), remembering
	// them as group marks.
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\'':
			b.WriteByte('_') // a group mark, checked below like '.'
		case r >= '0' && r <= '9', r == '.', r == ',':
			b.WriteRune(r)
		default:
			return 0, samspil.Errorf(samspil.EINVALID, "money.invalid", "write the amount in kroner, e.g. 1.250.000 or 1250000,50")
		}
	}
	s = b.String()

	// Decide which character is the decimal separator.
	dec := byte(0)
	lastComma, lastDot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case lastComma >= 0 && lastDot >= 0:
		// Both present: whichever comes last separates the decimals.
		if lastComma > lastDot {
			dec = ','
		} else {
			dec = '.'
		}
	case lastComma >= 0:
		// Only commas: Danish decimals, unless there are several commas
		// (English grouping "1,250,000").
		if strings.Count(s, ",") == 1 {
			dec = ','
		}
	case lastDot >= 0:
		// Only dots: Danish grouping, unless there is exactly one dot with
		// one or two digits after it ("1250.50", English decimals).
		if strings.Count(s, ".") == 1 && len(s)-lastDot-1 <= 2 && len(s)-lastDot-1 > 0 {
			dec = '.'
		}
	}
	intPart, fracPart := s, ""
	if dec != 0 {
		i := strings.LastIndexByte(s, dec)
		intPart, fracPart = s[:i], s[i+1:]
		if fracPart == "" || len(fracPart) > 2 || strings.ContainsAny(fracPart, ".,_") {
			return 0, samspil.Errorf(samspil.EINVALID, "money.decimals", "an amount has at most two decimals (øre)")
		}
	}
	digits, ok := ungroup(intPart)
	if !ok {
		return 0, samspil.Errorf(samspil.EINVALID, "money.invalid", "write the amount in kroner, e.g. 1.250.000 or 1250000,50")
	}
	kr, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || kr > maxTurnoverDKK {
		return 0, &samspil.Error{Code: samspil.EINVALID, Key: "money.too_large", Message: "the amount is too large", Args: map[string]any{"Max": maxTurnoverDKK}}
	}
	var ore int64
	if fracPart != "" {
		if len(fracPart) == 1 {
			fracPart += "0"
		}
		// fracPart holds only ASCII digits here: the loop above let
		// nothing else through and separators were refused.
		ore = int64(fracPart[0]-'0')*10 + int64(fracPart[1]-'0')
	}
	if kr > (math.MaxInt64-ore)/100 {
		return 0, &samspil.Error{Code: samspil.EINVALID, Key: "money.too_large", Message: "the amount is too large", Args: map[string]any{"Max": maxTurnoverDKK}}
	}
	return kr*100 + ore, nil
}

// trimCurrency removes a leading or trailing "kr", "kr." or "DKK".
func trimCurrency(s string) string {
	lower := strings.ToLower(s)
	for _, unit := range []string{"dkk", "kr.", "kr"} {
		if strings.HasSuffix(lower, unit) {
			s, lower = strings.TrimSpace(s[:len(s)-len(unit)]), strings.TrimSpace(lower[:len(lower)-len(unit)])
			break
		}
	}
	for _, unit := range []string{"dkk", "kr.", "kr"} {
		if strings.HasPrefix(lower, unit) {
			s = strings.TrimSpace(s[len(unit):])
			break
		}
	}
	return s
}

// ungroup removes grouping marks ('.', ',', '_') from the integer part of a
// number, checking that every group after the first has exactly three
// digits and the first has one to three. A plain run of digits is fine too.
func ungroup(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' || r == '_' })
	// FieldsFunc drops empty fields; an empty group ("1..000", ".5") is an
	// error, so count the separators to catch it.
	seps := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' || s[i] == ',' || s[i] == '_' {
			seps++
		}
	}
	if len(groups) != seps+1 {
		return "", false
	}
	for i, g := range groups {
		for j := 0; j < len(g); j++ {
			if g[j] < '0' || g[j] > '9' {
				return "", false
			}
		}
		if seps > 0 && ((i == 0 && len(g) > 3) || (i > 0 && len(g) != 3)) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// formatDKK shows an amount in øre the Danish way ("1.250.000" or
// "1.250.000,50"), so that what the form shows parses back to the same value.
func formatDKK(ore int64) string {
	if ore < 0 {
		return "-" + formatDKK(-ore)
	}
	kr, rest := ore/100, ore%100
	out := groupThousands(strconv.FormatInt(kr, 10))
	if rest != 0 {
		out += "," + strconv.FormatInt(rest/10, 10) + strconv.FormatInt(rest%10, 10)
	}
	return out
}

// groupThousands puts a dot between each group of three digits.
func groupThousands(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	first := len(d) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(d[:first])
	for i := first; i < len(d); i += 3 {
		b.WriteByte('.')
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// parseCount reads a non-negative whole number such as a head count. It
// accepts Danish thousands grouping ("1.200") and an empty string as zero.
func parseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		return 0, samspil.Errorf(samspil.EINVALID, "field.negative", "the number cannot be negative")
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' {
			return '_'
		}
		return r
	}, s)
	digits, ok := ungroup(s)
	if !ok {
		return 0, samspil.Errorf(samspil.EINVALID, "number.invalid", "write a whole number, e.g. 12")
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > maxCount {
		return 0, &samspil.Error{Code: samspil.EINVALID, Key: "number.too_large", Message: "the number is too large", Args: map[string]any{"Max": maxCount}}
	}
	return int(n), nil
}

// splitCodes splits a pasted or typed list of codes: one per line or
// separated by commas or semicolons. Each item may carry a label after the
// code ("90911200-8 Rengøring af boliger"), as the picker inserts it; only
// the leading code is kept. Items without a leading code are returned as
// typed so the caller can report them as unknown.
func splitCodes(s string) []string {
	items := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' })
	out := make([]string, 0, len(items))
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		end := strings.IndexFunc(it, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '-') })
		if end == 0 {
			// No leading code: keep the first word for the error message.
			if f := strings.FieldsFunc(it, unicode.IsSpace); len(f) > 0 {
				it = f[0]
			}
			out = append(out, it)
			continue
		}
		if end > 0 {
			it = it[:end]
		}
		out = append(out, strings.Trim(it, "-"))
	}
	return out
}
