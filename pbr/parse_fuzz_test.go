package pbr

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func FuzzReadContract(f *testing.F) {
	f.Add(goodContract)
	f.Add(`{"period":{"start":"2027-01-01","end":"2027-01-02"},"cap_ore":1,"outcomes":[{"code":"A","price_ore":1.0,"per_participant_limit":1}]}`)
	f.Add(`{"period":{"start":"2027-01-01","end":"2027-01-02"},"cap_ore":1,"outcomes":[{"code":"A","price_ore":1,"per_participant_limit":1,"requires":["A"]}]} {}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ReadContract(strings.NewReader(in))
		if err != nil {
			if c != nil {
				t.Fatal("a contract with an error")
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("accepted an invalid contract: %v", err)
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := ReadContract(bytes.NewReader(b))
		if err != nil || !reflect.DeepEqual(c, c2) {
			t.Fatalf("round trip of %s: %+v %v", b, c2, err)
		}
		if _, err := Calculate(c, nil, nil); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzReadClaimsCSV(f *testing.F) {
	f.Add("participant,enrolled_on\nP1,2027-01-10\n\"P,2\",2027-02-01\n",
		"claim_id,participant,outcome,achieved_on,submitted_at\nC1,P1,JOB_START,2027-02-01,2027-02-03T09:30:00+01:00\n2,\"P,2\",JOB13,2027-05-01,2027-05-02T10:00:00.5Z\n")
	f.Add("\uFEFFparticipant,enrolled_on\r\nP1,2027-01-10\r\nP1,2027-01-11\r\n", "claim_id,participant,outcome,achieved_on,submitted_at\n\"C\n1\",P1,X,2027-13-01,x\n")
	f.Fuzz(func(t *testing.T, pin, cin string) {
		ps, perr := ReadParticipants(strings.NewReader(pin))
		cs, cerr := ReadClaims(strings.NewReader(cin))
		if perr != nil && ps != nil || cerr != nil && cs != nil {
			t.Fatal("rows returned with an error")
		}
		if perr == nil {
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Write(participantsHeader)
			for _, p := range ps {
				w.Write([]string{p.ID, p.EnrolledOn.String()})
			}
			w.Flush()
			ps2, err := ReadParticipants(&b)
			if err != nil || !reflect.DeepEqual(ps, ps2) {
				t.Fatalf("participants round trip: %v %v", ps2, err)
			}
		}
		if cerr == nil {
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Write(claimsHeader)
			for _, c := range cs {
				w.Write([]string{c.ID, c.Participant, c.Outcome, c.AchievedOn.String(), c.SubmittedAt.Format(time.RFC3339Nano)})
			}
			w.Flush()
			cs2, err := ReadClaims(&b)
			if err != nil || len(cs2) != len(cs) {
				t.Fatalf("claims round trip: %v", err)
			}
			for i := range cs {
				a, b := cs[i], cs2[i]
				if a.ID != b.ID || a.Participant != b.Participant || a.Outcome != b.Outcome || a.AchievedOn != b.AchievedOn || !a.SubmittedAt.Equal(b.SubmittedAt) {
					t.Fatalf("claims round trip: %+v became %+v", a, b)
				}
			}
		}
		if perr == nil && cerr == nil {
			if _, err := Calculate(testContract(), ps, cs); err != nil {
				t.Fatalf("read files the engine refuses: %v", err)
			}
		}
	})
}

func FuzzReadUpload(f *testing.F) {
	f.Add("\uFEFFLedighed;Deltager;Indskrevet;ALDERSGRUPPE;Ydelse\r\n1-2y;Anna K;01-02-2027;25-29;kontanthjaelp\r\n;;;;\r\n0-6m;Carl;2027-02-31;;\r\n")
	f.Add("Outcome,Achieved On,Pseudonym,Evidence_Ref\nJOB_START,2027-02-01,P1,x\n\"JOB13\",\"1-5-2027\",\"P1\",\"a, b\"\nJOB13,2027-05-01,P1\n")
	f.Add("deltager;resultat;dato;dokumentation\nP1;JOB;\"2027-01-01;x\n")
	f.Fuzz(func(t *testing.T, in string) {
		check := func(items int, lines []int, lerrs []LineError, err error) {
			if err != nil {
				if items != 0 || lerrs != nil {
					t.Fatal("rows returned with a structural error")
				}
				return
			}
			prev := 0
			for _, l := range lines {
				if l < 2 || l <= prev {
					t.Fatalf("item lines %v", lines)
				}
				prev = l
			}
			for _, e := range lerrs {
				if e.Line < 2 || e.Key == "" || e.Message == "" || e.Args["Line"] != e.Line {
					t.Fatalf("line error %+v", e)
				}
				for _, l := range lines {
					if l == e.Line {
						t.Fatalf("line %d is both read and refused", l)
					}
				}
			}
		}
		ps, plines, perrs, err := ReadParticipantUploadLines(strings.NewReader(in))
		check(len(ps), plines, perrs, err)
		cs, cerrs, err := ReadClaimUpload(strings.NewReader(in))
		var clines []int
		for _, c := range cs {
			clines = append(clines, c.Line)
		}
		check(len(cs), clines, cerrs, err)

		// What was read, written back as a plain file, reads the same.
		date := func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(time.DateOnly)
		}
		if len(ps) > 0 {
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Write([]string{"pseudonym", "enrolled_on", "age_band", "benefit_type", "unemployment_band"})
			for _, p := range ps {
				w.Write([]string{p.Pseudonym, date(p.EnrolledOn), p.AgeBand, p.BenefitType, p.UnemploymentBand})
			}
			w.Flush()
			ps2, _, errs, err := ReadParticipantUploadLines(&b)
			if err != nil || len(errs) > 0 || !reflect.DeepEqual(ps, ps2) {
				t.Fatalf("participants round trip: %v %v %v", ps2, errs, err)
			}
		}
		if len(cs) > 0 {
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Write([]string{"pseudonym", "outcome", "achieved_on", "evidence_ref"})
			for _, c := range cs {
				w.Write([]string{c.Pseudonym, c.OutcomeCode, date(c.AchievedOn), c.EvidenceRef})
			}
			w.Flush()
			cs2, errs, err := ReadClaimUpload(&b)
			if err != nil || len(errs) > 0 || len(cs2) != len(cs) {
				t.Fatalf("claims round trip: %v %v %v", cs2, errs, err)
			}
			for i := range cs {
				a, b := *cs[i], *cs2[i]
				a.Line, b.Line = 0, 0
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("claims round trip: %+v became %+v", a, b)
				}
			}
		}
	})
}
