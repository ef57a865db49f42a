package pbr

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

var updateIndigo = flag.Bool("update-indigo", false, "rewrite pbr/testdata/indigo/*.json")

// indigoFixture is an active contract with an investor, from a tender,
// with two approved statements (the second claws one claim back) and a
// draft.
func indigoFixture() *ledgerFixture {
	f := newFixture(100_000, jobOutcomes()...)
	c := f.l.Contract
	inv := int64(3)
	c.InvestorID, c.Investor = &inv, "Den Sociale Investeringsfond"
	c.Outcomes[1].WindowDays = intp(365)
	ca := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	pa := time.Date(2026, 12, 14, 23, 30, 0, 0, time.UTC) // 15 December in Copenhagen
	c.CommissionerApprovedAt, c.ProviderApprovedAt = &ca, &pa
	a, b := f.enrol("ANNA-01", "2027-01-05"), f.enrol("BO-02", "2027-01-06")
	f.enrol("CARL-03", "2027-02-01")
	f.claim(a, "JOB_START", "2027-01-20", samspil.ClaimApproved)
	bStart := f.claim(b, "JOB_START", "2027-01-21", samspil.ClaimApproved)
	f.statement("2027-01-01", "2027-01-31", true)
	bStart.Decision = samspil.ClaimRejected
	f.claim(a, "JOB13", "2027-02-03", samspil.ClaimApproved)
	f.statement("2027-02-01", "2027-02-28", true)
	f.claim(b, "JOB_START", "2027-03-01", samspil.ClaimApproved)
	f.statement("2027-03-01", "2027-03-31", false)
	return f
}

func TestIndigoGolden(t *testing.T) {
	tests := []struct {
		name   string
		ledger func() *samspil.ContractLedger
		opt    IndigoOptions
	}{
		{"active", func() *samspil.ContractLedger { return indigoFixture().l }, IndigoOptions{
			BaseURL: "https://samspil.example/", OCID: "ocds-abc123-samspil-tender-17",
			OrgIdentifiers: map[int64]string{1: "DK-CVR-12345679", 2: "DK-CVR-12345678"}}},
		{"finished", func() *samspil.ContractLedger {
			f := indigoFixture()
			c := f.l.Contract
			c.Status = samspil.ContractFinished
			fin := time.Date(2028, 1, 20, 12, 0, 0, 0, time.UTC)
			c.FinishedAt, c.InvestorID, c.Investor = &fin, nil, ""
			f.l.Statements = f.l.Statements[:2]
			f.l.Statements[1].PeriodEnd = day("2027-12-31")
			return f.l
		}, IndigoOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.ledger()
			got, err := json.MarshalIndent(Indigo(l, tt.opt), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			for _, p := range l.Participants {
				if bytes.Contains(got, []byte(p.Pseudonym)) {
					t.Errorf("the export names participant %s", p.Pseudonym)
				}
			}
			path := filepath.Join("testdata", "indigo", tt.name+".json")
			if *updateIndigo {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./pbr -run TestIndigoGolden -update-indigo)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("INDIGO export differs from %s:\n%s", path, got)
			}
		})
	}
}

// TestIndigoAmounts: every amount is exact decimal kroner, and the money
// in the export adds up to the ledger's.
func TestIndigoAmounts(t *testing.T) {
	l := indigoFixture().l
	x := IndigoOf(l, IndigoOptions{})
	p := x.Project
	if p.OverallProjectFinance.MaximumPotentialOutcomePayment.Amount.Value != "100000.00" ||
		p.OverallProjectFinance.TotalOutcomePaymentsMade.Amount.Value != "30000.00" {
		t.Errorf("finance %+v", p.OverallProjectFinance)
	}
	var sum int64
	for _, pay := range p.OutcomePayments {
		ore, ok := parseKroner(string(pay.Money.Amount.Value))
		if !ok {
			t.Fatalf("amount %q is not exact kroner", pay.Money.Amount.Value)
		}
		sum += ore
	}
	if sum != 3_000_000 {
		t.Errorf("outcome payments add up to %d øre, want 3,000,000", sum)
	}
	if len(p.Results) != 2 || p.Results[0].NumberWithPositiveSocialOutcomes.Value != 1 || p.Results[0].Period.EndDate.Value != "2027-02-28" {
		t.Errorf("results %+v", p.Results)
	}
}

func parseKroner(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	kr, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 {
		return 0, false
	}
	var n int64
	for _, c := range kr + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func TestKroner(t *testing.T) {
	for _, tt := range []struct {
		ore  int64
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {-5, "-0.05"}, {1_500_000, "15000.00"}, {1_234_567, "12345.67"}, {-100, "-1.00"},
		{9_223_372_036_854_775_807, "92233720368547758.07"}, {-9_223_372_036_854_775_808, "-92233720368547758.08"},
	} {
		if got := Kroner(tt.ore); got != tt.want {
			t.Errorf("Kroner(%d) = %s, want %s", tt.ore, got, tt.want)
		}
	}
}
