package samspil

import "strings"

// cvrWeights are the modulus-11 weights of the Danish CVR number: the
// weighted sum of all eight digits must be divisible by 11.
var cvrWeights = [8]int{2, 7, 6, 5, 4, 3, 2, 1}

// ParseCVR normalises a CVR number as people type it ("DK 12 34 56 78",
// "12345678") to its eight digits and checks length, digits and the
// modulus-11 rule. The error is an EINVALID *Error whose key says which rule
// failed, so the user learns what to correct.
func ParseCVR(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && strings.EqualFold(s[:2], "DK") {
		s = s[2:]
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '\u00a0':
			continue
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", Errorf(EINVALID, "cvr.not_digits", "a CVR number has only digits")
		}
		if b.Len() > 8 {
			break
		}
	}
	digits := b.String()
	if len(digits) != 8 {
		return "", Errorf(EINVALID, "cvr.length", "a CVR number has exactly 8 digits")
	}
	if digits[0] == '0' {
		return "", Errorf(EINVALID, "cvr.leading_zero", "a CVR number never starts with 0")
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(digits[i]-'0') * cvrWeights[i]
	}
	if sum%11 != 0 {
		return "", Errorf(EINVALID, "cvr.checksum", "the CVR number fails its modulus-11 check; please check for a typing error")
	}
	return digits, nil
}

// LooksLikeCPR reports whether s contains something that could be a Danish
// personal identity number (DDMMYY-XXXX, or ten digits starting with a valid
// date). Samspil never stores CPR numbers, so free-text fields that reach
// pseudonymised data refuse such input.
func LooksLikeCPR(s string) bool {
	var run []byte
	flush := func() bool {
		defer func() { run = run[:0] }()
		return len(run) == 10 && cprDateValid(run[:6])
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			run = append(run, c)
		case c == '-' && len(run) == 6 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			// DDMMYY-XXXX: keep collecting across the dash
		default:
			if flush() {
				return true
			}
		}
	}
	return flush()
}

func cprDateValid(d []byte) bool {
	day := int(d[0]-'0')*10 + int(d[1]-'0')
	month := int(d[2]-'0')*10 + int(d[3]-'0')
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return day <= days[month]
}
