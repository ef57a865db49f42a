package web

import (
	"net/url"
	"reflect"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// tenderTestLoc is Danish time, as the server uses it.
func tenderTestLoc(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// validTenderValues is a complete tender form.
func validTenderValues() url.Values {
	return url.Values{
		"title": {"Vask af arbejdstøj"}, "description": {"Vask af **arbejdstøj** for hjemmeplejen."},
		"procedure": {"reserveret"}, "main_cpv": {"98310000-9 Vaske- og renseritjenester"},
		"additional_cpv": {"98311000-6\n98315000-4"}, "value": {"1.250.000,50"},
		"lots.0.title": {"Nord"}, "lots.0.value": {"600.000"}, "lots.0.reservation": {"shelteredWorkshop"},
		"lots.2.title": {"Syd"}, "lots.2.description": {"Syddistriktet"}, "lots.2.value": {"650000,25"},
		"place_code": {"0751"}, "place_text": {"Hele kommunen"}, "reservation": {"shelteredWorkshop"},
		"social_goals":       {"social.disadvantagedEmploymentOpportunities", "social.workingConditions"},
		"social_criteria":    {"Mindst to personer fra målgruppen."},
		"questions_deadline": {"2027-03-01"}, "questions_deadline_time": {"10:00"},
		"tender_deadline": {"31.3.2027"}, "tender_deadline_time": {"14.30"},
		"expected_award": {"15-04-2027"}, "contract_start": {"2027-06-01"}, "contract_end": {"2029-05-31"},
		"version": {"3"}, "buyer_id": {"7"},
	}
}

func TestParseTenderForm(t *testing.T) {
	loc := tenderTestLoc(t)
	tn, err := parseTenderForm(validTenderValues(), loc)
	if err != nil {
		t.Fatal(err)
	}
	if tn.ValueOre != 125000050 {
		t.Errorf("value: %d øre, want 125000050", tn.ValueOre)
	}
	if tn.MainCPV != "98310000-9" || !reflect.DeepEqual(tn.CPVCodes, []string{"98311000-6", "98315000-4"}) {
		t.Errorf("cpv: %q %v", tn.MainCPV, tn.CPVCodes)
	}
	wantLots := []samspil.TenderLot{
		{Number: 1, Title: "Nord", ValueOre: 60000000, Reservation: samspil.ReserveShelteredWorkshop},
		{Number: 2, Title: "Syd", Description: "Syddistriktet", ValueOre: 65000025},
	}
	if !reflect.DeepEqual(tn.Lots, wantLots) {
		t.Errorf("lots: %+v", tn.Lots)
	}
	// 1 March is winter time (UTC+1), 31 March summer time (UTC+2).
	if want := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC); !tn.QuestionsDeadline.Equal(want) || tn.QuestionsDeadline.Location() != time.UTC {
		t.Errorf("questions deadline %v, want %v", tn.QuestionsDeadline, want)
	}
	if want := time.Date(2027, 3, 31, 12, 30, 0, 0, time.UTC); !tn.TenderDeadline.Equal(want) {
		t.Errorf("tender deadline %v, want %v", tn.TenderDeadline, want)
	}
	if want := time.Date(2027, 4, 15, 0, 0, 0, 0, time.UTC); !tn.ExpectedAward.Equal(want) {
		t.Errorf("expected award %v, want midnight UTC of the date", tn.ExpectedAward)
	}
	if tn.Version != 3 || tn.BuyerID != 7 || len(tn.SocialGoals) != 2 || tn.Reservation != samspil.ReserveShelteredWorkshop {
		t.Errorf("other fields: %+v", tn)
	}
}

func TestParseTenderFormProblems(t *testing.T) {
	loc := tenderTestLoc(t)
	for _, tc := range []struct {
		name  string
		set   map[string]string
		field string
		key   string
	}{
		{"three decimals", map[string]string{"value": "1.000,505"}, "value", "money.decimals"},
		{"bad grouping", map[string]string{"value": "12.50.000"}, "value", "money.invalid"},
		{"negative", map[string]string{"value": "-5"}, "value", "money.negative"},
		{"lot value", map[string]string{"lots.2.value": "abc"}, "lots.2.value", "money.invalid"},
		{"lot without title", map[string]string{"lots.0.title": ""}, "lots.0.title", "tender.web.lot.title_required"},
		{"bad date", map[string]string{"tender_deadline": "31.2.2027"}, "tender_deadline", "tender.web.date.invalid"},
		{"bad time", map[string]string{"questions_deadline_time": "25:00"}, "questions_deadline_time", "tender.web.time.invalid"},
		{"time without minutes digits", map[string]string{"tender_deadline_time": "14:3"}, "tender_deadline_time", "tender.web.time.invalid"},
		{"unknown code", map[string]string{"additional_cpv": "12345678-0"}, "additional_cpv", "cpv.unknown"},
		{"two main codes", map[string]string{"main_cpv": "98310000-9, 98311000-6"}, "main_cpv", "tender.web.main_cpv.one"},
		{"bad award date", map[string]string{"contract_end": "2029-13-01"}, "contract_end", "tender.web.date.invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := validTenderValues()
			for k, x := range tc.set {
				v.Set(k, x)
			}
			_, err := parseTenderForm(v, loc)
			e, ok := samspil.AsError(err)
			if !ok {
				t.Fatalf("no error, want %s on %s", tc.key, tc.field)
			}
			for _, fe := range e.Fields {
				if fe.Field == tc.field && fe.Key == tc.key {
					return
				}
			}
			t.Errorf("errors %+v, want %s on %s", e.Fields, tc.key, tc.field)
		})
	}
}

func TestParseTenderDefaults(t *testing.T) {
	loc := tenderTestLoc(t)
	v := validTenderValues()
	v.Set("tender_deadline_time", "")
	v.Set("questions_deadline", "")
	v.Set("questions_deadline_time", "")
	tn, err := parseTenderForm(v, loc)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 3, 31, 10, 0, 0, 0, time.UTC); !tn.TenderDeadline.Equal(want) {
		t.Errorf("a deadline without a time is 12:00 Danish time: %v", tn.TenderDeadline)
	}
	if !tn.QuestionsDeadline.IsZero() {
		t.Errorf("an empty date is left to Validate: %v", tn.QuestionsDeadline)
	}
}

// TestTenderFormRoundTrip: what the form shows for a stored tender parses
// back to the same tender.
func TestTenderFormRoundTrip(t *testing.T) {
	loc := tenderTestLoc(t)
	tn, err := parseTenderForm(validTenderValues(), loc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := parseTenderForm(tenderFormValues(tn, loc), loc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tn, back) {
		t.Errorf("round trip changed the tender:\n%+v\n%+v", tn, back)
	}
}

func TestTenderLotRows(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    url.Values
		want int
	}{
		{"empty form", url.Values{}, tenderLotRowsMin},
		{"one filled", url.Values{"lots.0.title": {"A"}}, tenderLotRowsMin},
		{"last row filled", url.Values{"lots.4.title": {"A"}}, 6},
		{"add another", url.Values{"action": {"lots"}}, tenderLotRowsMin + 1},
		{"add after adding", url.Values{"action": {"lots"}, "lot_rows": {"5"}}, 6},
		{"never beyond the limit", url.Values{"action": {"lots"}, "lot_rows": {"9999"}}, tenderLotRowLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Form{Values: tc.v, Fields: map[string]string{}}
			if got := len(tenderLotRows(f)); got != tc.want {
				t.Errorf("%d rows, want %d", got, tc.want)
			}
		})
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string][2]int{"14:30": {14, 30}, "9.05": {9, 5}, "7": {7, 0}, "00:00": {0, 0}, "23:59": {23, 59}} {
		h, m, ok := parseClock(in)
		if !ok || h != want[0] || m != want[1] {
			t.Errorf("parseClock(%q) = %d, %d, %v", in, h, m, ok)
		}
	}
	for _, in := range []string{"", "24:00", "12:60", "1:2", "ab", "12:345", "-1", "１２:00"} {
		if _, _, ok := parseClock(in); ok {
			t.Errorf("parseClock(%q) accepted", in)
		}
	}
}

// FuzzParseTenderForm feeds the parser arbitrary form bodies: it must
// never panic, money is never negative, every date is UTC, lots are
// numbered 1, 2, … and what it accepts survives the form's round trip.
func FuzzParseTenderForm(f *testing.F) {
	f.Add(validTenderValues().Encode())
	f.Add("value=1.234.567%2C89&lots.0.title=A&lots.0.value=1%2C5&tender_deadline=2027-02-30")
	f.Add("questions_deadline=31.12.2026&questions_deadline_time=23.59&value=kr.+1+250+000")
	f.Add("lots.49.title=x&lots.50.title=y&lots.51.title=z&value=99999999999999999999")
	loc := tenderTestLoc(f)
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		tn, err := parseTenderForm(v, loc)
		if tn == nil {
			t.Fatal("nil tender")
		}
		if tn.ValueOre < 0 {
			t.Fatalf("negative value %d", tn.ValueOre)
		}
		if len(tn.Lots) > tenderLotRowLimit {
			t.Fatalf("%d lots read", len(tn.Lots))
		}
		for i, l := range tn.Lots {
			if l.Number != i+1 || l.ValueOre < 0 {
				t.Fatalf("lot %d: %+v", i, l)
			}
		}
		for _, at := range []time.Time{tn.QuestionsDeadline, tn.TenderDeadline, tn.ExpectedAward, tn.ContractStart, tn.ContractEnd} {
			if !at.IsZero() && at.Location() != time.UTC {
				t.Fatalf("time %v is not UTC", at)
			}
		}
		if err != nil {
			return
		}
		back, err := parseTenderForm(tenderFormValues(tn, loc), loc)
		if err != nil {
			t.Fatalf("the form's own values do not parse: %v", err)
		}
		if back.ValueOre != tn.ValueOre || !back.TenderDeadline.Equal(tn.TenderDeadline) || !back.QuestionsDeadline.Equal(tn.QuestionsDeadline) ||
			!back.ContractEnd.Equal(tn.ContractEnd) || len(back.Lots) != len(tn.Lots) {
			t.Fatalf("round trip changed the tender:\n%+v\n%+v", tn, back)
		}
		for i := range tn.Lots {
			if back.Lots[i].ValueOre != tn.Lots[i].ValueOre {
				t.Fatalf("lot %d value %d became %d", i, tn.Lots[i].ValueOre, back.Lots[i].ValueOre)
			}
		}
	})
}

func TestParseTenderAward(t *testing.T) {
	f := &Form{Values: url.Values{"supplier_ids": {"4", "4", "x", "9"}, "value": {"2.500.000,75"}, "contract_start": {"2027-06-01"},
		"contract_end": {"31-05-2029"}, "section20_note": {" 45 % af medarbejderne "}}, Fields: map[string]string{}}
	a, err := parseTenderAward(f)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.SupplierIDs, []int64{4, 9}) || a.ValueOre != 250000075 || a.Section20Note != "45 % af medarbejderne" {
		t.Errorf("award %+v", a)
	}
	if !a.ContractEnd.Equal(time.Date(2029, 5, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("contract end %v", a.ContractEnd)
	}
	f.Values.Set("value", "1,2,3")
	if _, err := parseTenderAward(f); err == nil {
		t.Error("a malformed value was accepted")
	}
}

// TestTenderDiff: the history names each changed field in words, lots by
// number, and nothing when nothing changed.
func TestTenderDiff(t *testing.T) {
	loc := tenderTestLoc(t)
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	tr := c.translator("da")
	a, err := parseTenderForm(validTenderValues(), loc)
	if err != nil {
		t.Fatal(err)
	}
	a.Status = samspil.TenderDraft
	if got := tenderDiff(tr, loc, a, a); len(got) != 0 {
		t.Errorf("no change reported as %+v", got)
	}
	b := *a
	b.Lots = append([]samspil.TenderLot(nil), a.Lots...)
	b.Title = "Ny titel"
	b.ValueOre = 100000000
	b.TenderDeadline = a.TenderDeadline.Add(24 * time.Hour)
	b.Lots = b.Lots[:1]
	b.Status = samspil.TenderAwarded
	b.Award = &samspil.TenderAward{SupplierNames: []string{"Grøn Vask"}, ValueOre: 90000000}
	got := map[string]tenderChange{}
	for _, ch := range tenderDiff(tr, loc, a, &b) {
		got[ch.Field] = ch
	}
	want := map[string][2]string{
		"Titel":                              {"Vask af arbejdstøj", "Ny titel"},
		"Anslået værdi i kroner (uden moms)": {"1.250.000,50 kr.", "1.000.000 kr."},
		"Frist for tilbud":                   {"31. marts 2027 14:30", "1. april 2027 14:30"},
		"Delaftale 2":                        {"2. Syd (650.000,25 kr.)", ""},
		"Status":                             {"Kladde", "Tildelt"},
		"Tildeling":                          {"", "Grøn Vask · 900.000 kr."},
	}
	for field, ba := range want {
		ch, ok := got[field]
		if !ok {
			t.Errorf("no change of %s in %+v", field, got)
			continue
		}
		if ch.Before != ba[0] || ch.After != ba[1] {
			t.Errorf("%s: %q → %q, want %q → %q", field, ch.Before, ch.After, ba[0], ba[1])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d changes, want %d: %+v", len(got), len(want), got)
	}
}
