package pbr

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

const goodContract = `{"id":"K1","period":{"start":"2027-01-01","end":"2028-12-31"},"cap_ore":10000000,"outcomes":[
 {"code":"JOB_START","price_ore":1500000,"per_participant_limit":1,"requires":[],"window_days":365,"cap_count":null},
 {"code":"JOB13","price_ore":3000000,"per_participant_limit":1,"requires":["JOB_START"],"window_days":null,"cap_count":40},
 {"code":"EDU_START","price_ore":1000000,"per_participant_limit":2}]}`

func TestReadContract(t *testing.T) {
	c, err := ReadContract(strings.NewReader(goodContract))
	if err != nil {
		t.Fatal(err)
	}
	want := &Contract{ID: "K1", Period: Period{d("2027-01-01"), d("2028-12-31")}, CapOre: 10_000_000, Outcomes: []Outcome{
		{Code: "JOB_START", PriceOre: 1_500_000, PerParticipantLimit: 1, Requires: []string{}, WindowDays: ptr(365)},
		{Code: "JOB13", PriceOre: 3_000_000, PerParticipantLimit: 1, Requires: []string{"JOB_START"}, CapCount: ptr(40)},
		{Code: "EDU_START", PriceOre: 1_000_000, PerParticipantLimit: 2},
	}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v", c)
	}

	tests := []struct {
		name, in, key, msg string
	}{
		{"fractional price", strings.Replace(goodContract, "1500000,", "1500000.5,", 1), "pbr.contract.not_integer", "outcomes.price_ore must be a whole number of øre without decimals, not 1500000.5"},
		{"exponent", strings.Replace(goodContract, "10000000", "1e7", 1), "pbr.contract.not_integer", "cap_ore must be"},
		{"negative price", strings.Replace(goodContract, "1500000,", "-1500000,", 1), "pbr.outcome.price_required", "above 0"},
		{"price as text", strings.Replace(goodContract, "1500000,", `"1500000",`, 1), "pbr.contract.wrong_type", "outcomes.price_ore has the wrong type"},
		{"unknown field", strings.Replace(goodContract, `"id"`, `"name":"x","id"`, 1), "pbr.contract.unknown_field", "does not know: name"},
		{"unknown outcome field", strings.Replace(goodContract, `"requires":[],`, `"require":[],`, 1), "pbr.contract.unknown_field", "does not know: require"},
		{"two values", goodContract + "{}", "pbr.contract.trailing", "exactly one"},
		{"trailing garbage", goodContract + " x", "pbr.contract.trailing", "exactly one"},
		{"bad date", strings.Replace(goodContract, "2028-12-31", "31-12-2028", 1), "pbr.contract.date", `"31-12-2028" is not a date`},
		{"not JSON", "{", "pbr.contract.json", "not valid JSON"},
		{"empty", "", "pbr.contract.json", "empty"},
		{"array", "[]", "pbr.contract.wrong_type", ""},
		{"cycle", strings.Replace(goodContract, `"requires":[]`, `"requires":["JOB13"]`, 1), "pbr.outcome.requires_cycle", "circle"},
		{"cap count negative", strings.Replace(goodContract, `"cap_count":40`, `"cap_count":-1`, 1), "pbr.outcome.cap_count_invalid", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadContract(strings.NewReader(tt.in))
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID {
				t.Fatalf("got %v", err)
			}
			key, msg := e.Key, e.Message
			if len(e.Fields) > 0 {
				key, msg = e.Fields[0].Key, e.Fields[0].Message
			}
			if key != tt.key || !strings.Contains(msg, tt.msg) {
				t.Errorf("got %s %q, want %s %q", key, msg, tt.key, tt.msg)
			}
		})
	}
}

// lineErrs returns "line:key" of every field of err.
func lineErrs(t *testing.T, err error) []string {
	t.Helper()
	e, ok := samspil.AsError(err)
	if !ok || e.Code != samspil.EINVALID {
		t.Fatalf("got %v", err)
	}
	var out []string
	for _, f := range e.Fields {
		if !strings.HasPrefix(f.Field, "line:") || f.Args["Line"] == nil || f.Message == "" {
			t.Errorf("field %+v", f)
		}
		out = append(out, strings.TrimPrefix(f.Field, "line:")+":"+f.Key)
	}
	return out
}

func TestReadParticipants(t *testing.T) {
	ps, err := ReadParticipants(strings.NewReader("\uFEFFparticipant,enrolled_on\r\nP1,2027-01-10\r\n\"P,2\",2027-02-01\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []Participant{{"P1", d("2027-01-10")}, {"P,2", d("2027-02-01")}}; !reflect.DeepEqual(ps, want) {
		t.Errorf("got %+v", ps)
	}
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", []string{"1:pbr.upload.empty"}},
		{"wrong header", "pseudonym,enrolled_on\nP1,2027-01-01\n", []string{"1:pbr.file.header"}},
		{"semicolons are not the format", "participant;enrolled_on\n", []string{"1:pbr.file.header"}},
		{"every bad line", "participant,enrolled_on\n" +
			"P1,2027-01-10\n" +
			",2027-01-10\n" + // 3 empty
			"P2,10-01-2027\n" + // 4 date
			"P1,2027-01-11\n" + // 5 duplicate
			"P3\n" + // 6 columns
			"010190-1234,2027-01-10\n" + // 7 CPR
			"\"P4,2027-01-10\n", // 8 quote never closed
			[]string{"3:pbr.file.required", "4:pbr.file.date", "5:pbr.file.duplicate", "6:pbr.file.columns", "7:cpr.refused", "8:pbr.file.syntax"}},
		{"both cells bad", "participant,enrolled_on\n,2027-02-30\n", []string{"2:pbr.file.required", "2:pbr.file.date"}},
		{"not UTF-8", "participant,enrolled_on\nP\xe6,2027-01-10\n", []string{"2:pbr.file.encoding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := ReadParticipants(strings.NewReader(tt.in))
			if ps != nil {
				t.Errorf("participants returned with an error: %v", ps)
			}
			if got := lineErrs(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReadClaims(t *testing.T) {
	const head = "claim_id,participant,outcome,achieved_on,submitted_at\n"
	cs, err := ReadClaims(strings.NewReader(head + "C1,P1,JOB_START,2027-02-01,2027-02-03T09:30:00+01:00\n2,P1,JOB13,2027-05-01,2027-05-02T10:00:00.5Z\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Claim{
		{ID: "C1", Participant: "P1", Outcome: "JOB_START", AchievedOn: d("2027-02-01"), SubmittedAt: time.Date(2027, 2, 3, 8, 30, 0, 0, time.UTC)},
		{ID: "2", Participant: "P1", Outcome: "JOB13", AchievedOn: d("2027-05-01"), SubmittedAt: time.Date(2027, 5, 2, 10, 0, 0, 5e8, time.UTC)},
	}
	for i := range want {
		if cs[i].ID != want[i].ID || cs[i].Participant != want[i].Participant || cs[i].Outcome != want[i].Outcome ||
			cs[i].AchievedOn != want[i].AchievedOn || !cs[i].SubmittedAt.Equal(want[i].SubmittedAt) {
			t.Errorf("claim %d: %+v", i, cs[i])
		}
	}
	_, err = ReadClaims(strings.NewReader(head +
		"C1,P1,JOB_START,2027-02-01,2027-02-03T09:30:00Z\n" +
		"C1,P2,JOB_START,2027-02-01,2027-02-03T09:30:00Z\n" + // 3 duplicate id
		",P2,JOB_START,2027-02-01,2027-02-03T09:30:00Z\n" + // 4 empty id
		"C4,P2,,2027-02-01,2027-02-03T09:30:00Z\n" + // 5 empty outcome
		"C5,P2,JOB_START,2027-02-01,2027-02-03 09:30\n" + // 6 time
		"C6,P2,JOB_START,2027-02-01\n" + // 7 columns
		"C7,P2,JOB_START,2027-13-01,2027-02-03T09:30:00Z\n" + // 8 date
		"C8,1102934567,JOB_START,2027-02-01,2027-02-03T09:30:00Z\n")) // 9 CPR
	want2 := []string{"3:pbr.file.duplicate", "4:pbr.file.required", "5:pbr.file.required", "6:pbr.file.time", "7:pbr.file.columns", "8:pbr.file.date", "9:cpr.refused"}
	if got := lineErrs(t, err); !reflect.DeepEqual(got, want2) {
		t.Errorf("got %v, want %v", got, want2)
	}
	// A quoted cell over two lines: the next record's line number is still right.
	_, err = ReadClaims(strings.NewReader(head + "\"C\n1\",P1,JOB_START,2027-02-01,2027-02-03T09:30:00Z\nC2,P1,JOB_START,2027-02-01,x\n"))
	if got := lineErrs(t, err); !reflect.DeepEqual(got, []string{"4:pbr.file.time"}) {
		t.Errorf("got %v", got)
	}
}

func TestReadParticipantUpload(t *testing.T) {
	in := "\uFEFFLedighed;Deltager;Indskrevet;ALDERSGRUPPE;Ydelse\r\n" +
		"1-2y;Anna K;01-02-2027;25-29;kontanthjaelp\r\n" +
		";;;;\r\n" + // an empty row is skipped
		"; Bo ;2027-02-03;;\r\n" +
		"0-6m;Carl;2027-02-31;;\r\n" + // 5 no such date
		"0-6m;Dorte;;;\r\n" // an empty date is the caller's to report
	ps, lines, lerrs, err := ReadParticipantUploadLines(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []*samspil.Participant{
		{Pseudonym: "Anna K", EnrolledOn: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), AgeBand: "25-29", BenefitType: "kontanthjaelp", UnemploymentBand: "1-2y"},
		{Pseudonym: "Bo", EnrolledOn: time.Date(2027, 2, 3, 0, 0, 0, 0, time.UTC)},
		{Pseudonym: "Dorte", UnemploymentBand: "0-6m"},
	}
	if !reflect.DeepEqual(ps, want) || !reflect.DeepEqual(lines, []int{2, 4, 6}) {
		t.Errorf("got %+v %+v %+v %v", *ps[0], *ps[1], *ps[2], lines)
	}
	if len(lerrs) != 1 || lerrs[0].Line != 5 || lerrs[0].Field != "enrolled_on" || lerrs[0].Key != "pbr.file.date_upload" {
		t.Errorf("line errors %+v", lerrs)
	}
	ps2, lerrs2, err := ReadParticipantUpload(strings.NewReader("pseudonym,enrolled_on\nX,2027-01-01\n"))
	if err != nil || len(ps2) != 1 || len(lerrs2) != 0 {
		t.Errorf("%v %v %v", ps2, lerrs2, err)
	}
}

func TestReadClaimUpload(t *testing.T) {
	in := "Outcome,Achieved On,Pseudonym,Evidence_Ref\n" +
		"JOB_START,2027-02-01,P1,lønseddel 1\n" +
		"\"JOB13\",\"1-5-2027\",\"P1\",\"lønsedler, 13 uger\"\n" +
		"JOB13,2027/05/01,P1,x\n" + // 4 date
		"JOB13,2027-05-01,P1\n" + // 5 columns
		"JOB13,2027-05-01,\"P1,x\n" // 6 quote
	cs, lerrs, err := ReadClaimUpload(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []*samspil.Claim{
		{Pseudonym: "P1", OutcomeCode: "JOB_START", AchievedOn: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), EvidenceRef: "lønseddel 1", Line: 2},
		{Pseudonym: "P1", OutcomeCode: "JOB13", AchievedOn: time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC), EvidenceRef: "lønsedler, 13 uger", Line: 3},
	}
	if !reflect.DeepEqual(cs, want) {
		t.Errorf("got %+v", cs)
	}
	var got []string
	for _, e := range lerrs {
		got = append(got, fmt.Sprint(e.Line, ":", e.Key))
	}
	if want := []string{"4:pbr.file.date_upload", "5:pbr.file.columns", "6:pbr.file.syntax"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestUploadStructure(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "pbr.upload.empty"},
		{"only a BOM and a blank line", "\uFEFF\n", "pbr.upload.empty"},
		{"missing column", "deltager;resultat;dato\nP1;JOB;2027-01-01\n", "pbr.upload.header"},
		{"unknown column", "deltager;resultat;dato;dokumentation;note\n", "pbr.file.column_unknown"},
		{"column twice", "deltager,pseudonym,resultat,dato,dokumentation\n", "pbr.file.column_twice"},
		{"header is not CSV", "deltager,\"resultat\n", "pbr.file.syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, lerrs, err := ReadClaimUpload(strings.NewReader(tt.in))
			if e, ok := samspil.AsError(err); !ok || e.Code != samspil.EINVALID || e.Key != tt.key || cs != nil || lerrs != nil {
				t.Errorf("got %v %v %v, want %s", cs, lerrs, err, tt.key)
			}
		})
	}
	// Too many lines: the limit is the caller's; blank rows do not count.
	in := "deltager;indskrevet\nA;2027-01-01\n;\nB;2027-01-01\n"
	if _, err := readUpload(strings.NewReader(in), participantColumns, 2, func(int, func(string) string, func(string, string, string, map[string]any)) {}); err != nil {
		t.Errorf("two lines under a limit of two: %v", err)
	}
	in += "C;2027-01-01\n"
	if _, err := readUpload(strings.NewReader(in), participantColumns, 2, func(int, func(string) string, func(string, string, string, map[string]any)) {}); samspil.ErrorKey(err) != "pbr.upload.too_many" {
		t.Errorf("three lines over a limit of two: %v", err)
	}
}

// TestClaimUploadLarge is the 100,000-line file with 3 bad lines
// (10,000 under the race detector): exactly those lines are reported and
// every other line is read.
func TestClaimUploadLarge(t *testing.T) {
	n := largeUploadLines
	var b strings.Builder
	b.WriteString("deltager;resultat;dato;dokumentation\n")
	bad := map[int]string{1234: "P1;JOB;31-02-2027;x\n", n / 2: "P1;JOB;2027-01-01\n", n - 1: "P1;JOB;2027-01-01;ref \"x\"\n"}
	for i := 2; i <= n+1; i++ {
		if s, ok := bad[i]; ok {
			b.WriteString(s)
			continue
		}
		fmt.Fprintf(&b, "P%d;JOB_START;2027-01-01;ref %d\n", i, i)
	}
	cs, lerrs, err := ReadClaimUpload(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, e := range lerrs {
		lines = append(lines, e.Line)
	}
	if !reflect.DeepEqual(lines, []int{1234, n / 2, n - 1}) || len(cs) != n-3 {
		t.Errorf("line errors on %v, %d claims", lines, len(cs))
	}
}
