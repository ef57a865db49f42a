package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// Rows of the tender form's lot table. The form shows tenderLotRowsMin
// rows (or every filled row and one empty one); "add another lot" shows one
// more. The parser reads at most tenderLotRowLimit rows, so a hostile post
// cannot make it loop for long, and leaves "too many" to Tender.Validate.
const (
	tenderLotRowsMin  = 3
	tenderLotRowLimit = samspil.MaxTenderLots + 1
	// tenderDefaultClock is the time of day a deadline gets when only its
	// date is typed; the form's hint says so.
	tenderDefaultClock = "12:00"
)

// tenderFormInstants are the timeline's instants: a date and a time of day
// typed in Danish time. tenderFormDays are its plain dates.
var (
	tenderFormInstants = []string{"questions_deadline", "tender_deadline"}
	tenderFormDays     = []string{"expected_award", "contract_start", "contract_end"}
)

// tenderLotField names one input of a lot row: "lots.2.title".
func tenderLotField(i int, col string) string { return "lots." + strconv.Itoa(i) + "." + col }

// parseTenderForm reads the tender form into a tender: what the person
// typed, parsed, with every problem of the typing itself (an amount, a
// date, a time) as a field error named after the form's field. Amounts
// are kroner with a Danish decimal comma ("1.250.000,50") read to øre
// without a float; dates are "2026-03-31" or the Danish "31.3.2026";
// times "14:30" or "14.30", in Danish time (loc), stored UTC. The rules
// that need no parsing are left to Tender.Validate.
func parseTenderForm(v url.Values, loc *time.Location) (*samspil.Tender, error) {
	var val samspil.Validation
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	t := &samspil.Tender{
		Title: get("title"), Description: get("description"), Procedure: samspil.Procedure(get("procedure")),
		PlaceCode: get("place_code"), PlaceText: get("place_text"), Reservation: samspil.Reservation(get("reservation")),
		SocialCriteria: get("social_criteria"), CPVCodes: []string{}, SocialGoals: []string{}, Lots: []samspil.TenderLot{},
	}
	if id, err := strconv.ParseInt(get("buyer_id"), 10, 64); err == nil && id > 0 {
		t.BuyerID = id
	}
	if n, err := strconv.Atoi(get("version")); err == nil && n >= 0 {
		t.Version = n
	}
	if c := splitCodes(get("main_cpv")); len(c) > 0 {
		t.MainCPV = c[0]
		if len(c) > 1 {
			val.Add("main_cpv", "tender.web.main_cpv.one", "write one main CPV code; put the others under additional codes", nil)
		}
	}
	var unknown []string
	for i, c := range splitCodes(v.Get("additional_cpv")) {
		if i > 4*samspil.MaxTenderCPV {
			break
		}
		if e, ok := refdata.CPVByCode(c); ok {
			t.CPVCodes = append(t.CPVCodes, e.Code)
		} else {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) > 0 {
		if len(unknown) > 10 {
			unknown = append(unknown[:10], "…")
		}
		val.Add("additional_cpv", "cpv.unknown", "unknown CPV code", map[string]any{"Code": strings.Join(unknown, ", ")})
	}
	for _, g := range v["social_goals"] {
		if g = strings.TrimSpace(g); g != "" && len(t.SocialGoals) < 2*len(samspil.SocialGoals) {
			t.SocialGoals = append(t.SocialGoals, g)
		}
	}
	money := func(field string) int64 {
		ore, err := parseDKK(v.Get(field))
		if err != nil {
			e, _ := samspil.AsError(err)
			val.Add(field, e.Key, e.Message, e.Args)
		}
		return ore
	}
	t.ValueOre = money("value")

	for i := range tenderLotRowLimit {
		title := strings.TrimSpace(v.Get(tenderLotField(i, "title")))
		desc := strings.TrimSpace(v.Get(tenderLotField(i, "description")))
		raw := strings.TrimSpace(v.Get(tenderLotField(i, "value")))
		res := samspil.Reservation(strings.TrimSpace(v.Get(tenderLotField(i, "reservation"))))
		if title == "" && desc == "" && raw == "" && res == samspil.ReserveNone {
			continue
		}
		l := samspil.TenderLot{Number: len(t.Lots) + 1, Title: title, Description: desc, Reservation: res}
		l.ValueOre = money(tenderLotField(i, "value"))
		if title == "" {
			val.Add(tenderLotField(i, "title"), "tender.web.lot.title_required", "give the lot a title", nil)
		}
		t.Lots = append(t.Lots, l)
	}

	for _, name := range tenderFormInstants {
		at, err := parseTenderDateTime(get(name), get(name+"_time"), loc)
		if err != nil {
			e, _ := samspil.AsError(err)
			field := name
			if e.Key == "tender.web.time.invalid" {
				field = name + "_time"
			}
			val.Add(field, e.Key, e.Message, nil)
		}
		switch name {
		case "questions_deadline":
			t.QuestionsDeadline = at
		case "tender_deadline":
			t.TenderDeadline = at
		}
	}
	for _, name := range tenderFormDays {
		var day time.Time
		if s := get(name); s != "" {
			d, err := parseCaseDate(s)
			if err != nil {
				val.Add(name, "tender.web.date.invalid", "write the date as DD-MM-YYYY or YYYY-MM-DD", nil)
			} else {
				day = d
			}
		}
		switch name {
		case "expected_award":
			t.ExpectedAward = day
		case "contract_start":
			t.ContractStart = day
		case "contract_end":
			t.ContractEnd = day
		}
	}
	return t, val.Err()
}

// parseTenderDateTime reads a deadline typed as a date and a time of day
// in Danish time and returns the instant in UTC. An empty date is the zero
// time (Tender.Validate asks for it); an empty time is tenderDefaultClock.
func parseTenderDateTime(date, clock string, loc *time.Location) (time.Time, error) {
	if date == "" {
		if clock != "" {
			if _, _, ok := parseClock(clock); !ok {
				return time.Time{}, samspil.Errorf(samspil.EINVALID, "tender.web.time.invalid", "write the time as HH:MM, e.g. 12:00")
			}
		}
		return time.Time{}, nil
	}
	day, err := parseCaseDate(date)
	if err != nil {
		return time.Time{}, samspil.Errorf(samspil.EINVALID, "tender.web.date.invalid", "write the date as DD-MM-YYYY or YYYY-MM-DD")
	}
	if clock == "" {
		clock = tenderDefaultClock
	}
	h, m, ok := parseClock(clock)
	if !ok {
		return time.Time{}, samspil.Errorf(samspil.EINVALID, "tender.web.time.invalid", "write the time as HH:MM, e.g. 12:00")
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, loc).UTC(), nil
}

// parseClock reads a time of day: "14:30", "14.30", "9:05" or "14".
func parseClock(s string) (h, m int, ok bool) {
	s = strings.TrimSpace(s)
	hs, ms, found := strings.Cut(strings.ReplaceAll(s, ".", ":"), ":")
	if hs == "" || len(hs) > 2 || (found && len(ms) != 2) {
		return 0, 0, false
	}
	for _, part := range []string{hs, ms} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, 0, false
			}
		}
	}
	h, _ = strconv.Atoi(hs)
	if found {
		m, _ = strconv.Atoi(ms)
	}
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// tenderFormValues fills the form from a stored tender in the notation the
// parser reads back: kroner with a decimal comma, Danish-time deadlines,
// plain dates.
func tenderFormValues(t *samspil.Tender, loc *time.Location) url.Values {
	v := url.Values{}
	v.Set("buyer_id", strconv.FormatInt(t.BuyerID, 10))
	v.Set("version", strconv.Itoa(t.Version))
	v.Set("title", t.Title)
	v.Set("description", t.Description)
	v.Set("procedure", string(t.Procedure))
	v.Set("main_cpv", t.MainCPV)
	// Codes only: a label may hold the commas that separate codes.
	lines := append([]string(nil), t.CPVCodes...)
	v.Set("additional_cpv", strings.Join(lines, "\n"))
	if t.ValueOre != 0 {
		v.Set("value", formatDKK(t.ValueOre))
	}
	for i, l := range t.Lots {
		v.Set(tenderLotField(i, "title"), l.Title)
		v.Set(tenderLotField(i, "description"), l.Description)
		if l.ValueOre != 0 {
			v.Set(tenderLotField(i, "value"), formatDKK(l.ValueOre))
		}
		v.Set(tenderLotField(i, "reservation"), string(l.Reservation))
	}
	v.Set("place_code", t.PlaceCode)
	v.Set("place_text", t.PlaceText)
	v.Set("reservation", string(t.Reservation))
	v["social_goals"] = append([]string(nil), t.SocialGoals...)
	v.Set("social_criteria", t.SocialCriteria)
	for name, at := range map[string]time.Time{"questions_deadline": t.QuestionsDeadline, "tender_deadline": t.TenderDeadline} {
		if !at.IsZero() {
			v.Set(name, at.In(loc).Format("2006-01-02"))
			v.Set(name+"_time", at.In(loc).Format("15:04"))
		}
	}
	for name, at := range map[string]time.Time{"expected_award": t.ExpectedAward, "contract_start": t.ContractStart, "contract_end": t.ContractEnd} {
		if !at.IsZero() {
			v.Set(name, at.UTC().Format("2006-01-02"))
		}
	}
	return v
}

// tenderLotRows returns the lot rows the form shows: every row up to the
// last one with something in it (or an error) and one empty row, at least
// tenderLotRowsMin and at least as many as the page showed before (the
// hidden field lot_rows), one more after "add another lot", and never more
// than the parser reads.
func tenderLotRows(f *Form) []int {
	last := -1
	for i := range tenderLotRowLimit {
		for _, c := range []string{"title", "description", "value", "reservation"} {
			name := tenderLotField(i, c)
			if f.Get(name) != "" || f.Invalid(name) {
				last = i
			}
		}
	}
	n := max(last+2, tenderLotRowsMin)
	if shown, err := strconv.Atoi(f.Get("lot_rows")); err == nil && shown > n {
		n = shown
	}
	if f.Get("action") == "lots" {
		n++
	}
	n = min(n, tenderLotRowLimit)
	f.Set("lot_rows", strconv.Itoa(n))
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// tenderRenameField moves field errors from the domain's names to the
// form's: the value is typed in kroner as "value", additional codes as
// "additional_cpv".
func tenderRenameField(err error) error {
	err = orgRenameField(err, "value_ore", "value")
	return orgRenameField(err, "cpv_codes", "additional_cpv")
}
