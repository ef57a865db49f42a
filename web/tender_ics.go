package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
)

// A tender's deadlines as an iCalendar file (RFC 5545), so a supplier can
// put them in the calendar they already use. Deadlines are instants and
// written in UTC ("Z"); the expected award is a date and written as an
// all-day event. Each event's UID is built from the tender id and the
// deadline's name, and SEQUENCE is the tender's version, so a calendar
// that imports the file again after an amendment moves the event rather
// than adding a second one.

// icsLineLimit is the longest content line in octets, without the CRLF
// (RFC 5545 section 3.1).
const icsLineLimit = 75

// icsContentType is what the calendar files are served as.
const icsContentType = "text/calendar; charset=utf-8"

// icsDeadline is one event of the file.
type icsDeadline struct {
	Slug    string // "spoergsmaal", "tilbud", "tildeling": the ?frist= value and part of the UID
	Key     string // translation key of the event's name
	At      time.Time
	AllDay  bool // a date, not an instant
	Expired bool
}

// tenderDeadlines lists the tender's deadlines in the order of its
// timeline; zero times are left out.
func tenderDeadlines(t *samspil.Tender, now time.Time) []icsDeadline {
	all := []icsDeadline{
		{Slug: "spoergsmaal", Key: "tsupplier.deadline.questions", At: t.QuestionsDeadline},
		{Slug: "tilbud", Key: "tsupplier.deadline.tenders", At: t.TenderDeadline},
		{Slug: "tildeling", Key: "tsupplier.deadline.award", At: t.ExpectedAward, AllDay: true},
	}
	out := all[:0]
	for _, d := range all {
		if d.At.IsZero() {
			continue
		}
		d.Expired = !now.Before(d.At)
		out = append(out, d)
	}
	return out
}

// icsEscapeText escapes a TEXT value (RFC 5545 section 3.3.11): backslash,
// semicolon and comma get a backslash, a line break becomes \n, and the
// other control characters, which TEXT may not hold, are dropped (a tab
// becomes a space). Invalid UTF-8 is replaced, as the file is UTF-8.
func icsEscapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++ // CRLF is one line break
			}
			b.WriteString(`\n`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			// control characters cannot be written in TEXT
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// icsUnescapeText reverses icsEscapeText, for tests and for anyone reading
// a value back.
func icsUnescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// icsURI makes a URI value safe for a content line: URI values are not
// escaped like TEXT (RFC 5545 section 3.3.13), so anything that could end
// the line or break the property (controls, spaces, quotes) is
// percent-encoded.
func icsURI(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= 0x20 || c == 0x7f || c == '"' || c >= 0x80 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// icsFold writes one content line, folded so that no physical line is
// longer than 75 octets (the continuation's leading space counts), never
// splitting a UTF-8 sequence, each ending in CRLF.
func icsFold(b *strings.Builder, line string) {
	limit := icsLineLimit
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = icsLineLimit - 1 // the space of the next line counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// icsUnfold reverses folding (RFC 5545 section 3.1): a CRLF followed by a
// space or tab is removed. It returns the logical lines.
func icsUnfold(s string) []string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	s = strings.ReplaceAll(s, "\r\n\t", "")
	s = strings.TrimSuffix(s, "\r\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\r\n")
}

// icsUTC is a UTC DATE-TIME value.
func icsUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsCalendar is what one calendar file holds: the tender, its deadlines
// and the texts already translated.
type icsCalendar struct {
	Host      string // the site's host, for UIDs
	Name      string // X-WR-CALNAME
	URL       string // the tender's page, absolute
	Stamp     time.Time
	Sequence  int
	Cancelled bool
	Events    []icsEvent
}

// icsEvent is one deadline as an event.
type icsEvent struct {
	UID         string
	Summary     string
	Description string
	At          time.Time
	AllDay      bool
	Alarm       string // the reminder's text, shown a day before; "" for none
}

// build writes the VCALENDAR.
func (c icsCalendar) build() string {
	var b strings.Builder
	line := func(s string) { icsFold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Samspil//Udbud//DA")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME:" + icsEscapeText(c.Name))
	}
	for _, e := range c.Events {
		line("BEGIN:VEVENT")
		line("UID:" + icsEscapeText(e.UID))
		line("DTSTAMP:" + icsUTC(c.Stamp))
		if e.AllDay {
			// A date is stored as midnight UTC of the Danish date.
			d := e.At.UTC()
			line("DTSTART;VALUE=DATE:" + d.Format("20060102"))
			line("DTEND;VALUE=DATE:" + d.AddDate(0, 0, 1).Format("20060102"))
			line("TRANSP:TRANSPARENT")
		} else {
			// A deadline is a moment: no DTEND, which RFC 5545 reads as
			// an event ending when it starts.
			line("DTSTART:" + icsUTC(e.At))
		}
		line(fmt.Sprintf("SEQUENCE:%d", max(c.Sequence, 0)))
		line("SUMMARY:" + icsEscapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + icsEscapeText(e.Description))
		}
		if c.URL != "" {
			line("URL:" + icsURI(c.URL))
		}
		if c.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		if e.Alarm != "" && !c.Cancelled {
			line("BEGIN:VALARM")
			line("ACTION:DISPLAY")
			line("TRIGGER:-P1D")
			line("DESCRIPTION:" + icsEscapeText(e.Alarm))
			line("END:VALARM")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

// handleTenderICS is GET /udbud/{id}/frister.ics[?frist=spoergsmaal|
// tilbud|tildeling]: the tender's deadlines (or one of them) as an
// iCalendar file. Drafts are the buyer's only, as on the page.
func (s *Server) handleTenderICS(w http.ResponseWriter, r *http.Request) {
	t, ok := s.loadTenderForSupplier(w, r)
	if !ok {
		return
	}
	only := r.URL.Query().Get("frist")
	tr := TranslatorFrom(r)
	p := &Page{Lang: tr.Lang, s: s, tr: tr}
	c := icsCalendar{Host: s.baseURL.Hostname(), Name: t.Title, URL: s.feedAbsURL(tsupPath(t.ID, "")), Stamp: t.UpdatedAt,
		Sequence: t.Version, Cancelled: t.Status == samspil.TenderCancelled}
	if c.Stamp.IsZero() {
		c.Stamp = s.now()
	}
	for _, d := range tenderDeadlines(t, s.now()) {
		if only != "" && only != d.Slug {
			continue
		}
		what := tr.T(d.Key, nil)
		desc := tr.T("tsupplier.ics.description", map[string]any{"Title": t.Title, "Buyer": t.BuyerName, "URL": c.URL})
		when := tr.T("tsupplier.deadline.at", map[string]any{"Date": p.DateTime(d.At)})
		if d.AllDay {
			when = p.Date(d.At)
		}
		desc += "\n" + what + ": " + when
		c.Events = append(c.Events, icsEvent{
			UID:     fmt.Sprintf("udbud-%d-%s@%s", t.ID, d.Slug, c.Host),
			Summary: what + ": " + t.Title, Description: desc, At: d.At, AllDay: d.AllDay,
			Alarm: tr.T("tsupplier.ics.alarm", map[string]any{"What": what, "Title": t.Title}),
		})
	}
	if only != "" && len(c.Events) == 0 {
		s.notFound(w, r)
		return
	}
	name := fmt.Sprintf("udbud-%d-frister.ics", t.ID)
	if only != "" {
		name = fmt.Sprintf("udbud-%d-%s.ics", t.ID, only)
	}
	h := w.Header()
	h.Set("Content-Type", icsContentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(c.build()))
}
