package pbr

import (
	"math"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

func TestUnitPriceOn(t *testing.T) {
	prices := []*samspil.UnitPrice{
		{ID: 1, Code: "KH", AmountOre: 100, ValidFrom: day("2023-01-01")},
		{ID: 2, Code: "KH", AmountOre: 200, ValidFrom: day("2025-07-01")},
		{ID: 3, Code: "KH", AmountOre: 300, ValidFrom: day("2030-01-01")},
		{ID: 4, Code: "SD", AmountOre: 999, ValidFrom: day("2020-01-01")},
	}
	tests := []struct {
		code, day string
		want      int64 // 0: none
	}{
		{"KH", "2022-12-31", 0},
		{"KH", "2023-01-01", 100},
		{"KH", "2025-06-30", 100},
		{"KH", "2025-07-01", 200},
		{"KH", "2029-12-31", 200},
		{"KH", "2031-01-01", 300},
		{"SD", "2027-01-01", 999},
		{"XX", "2027-01-01", 0},
	}
	for _, tt := range tests {
		u := UnitPriceOn(prices, tt.code, day(tt.day))
		var got int64
		if u != nil {
			got = u.AmountOre
		}
		if got != tt.want {
			t.Errorf("UnitPriceOn(%s, %s) = %d, want %d", tt.code, tt.day, got, tt.want)
		}
	}
	// On a Copenhagen evening the Danish date counts.
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Skip(err)
	}
	if u := UnitPriceOn(prices, "KH", time.Date(2025, 7, 1, 0, 30, 0, 0, cph)); u == nil || u.AmountOre != 200 {
		t.Errorf("just after midnight in Copenhagen on 1 July 2025: %+v", u)
	}
}

func TestEstimateSocialValue(t *testing.T) {
	price := func(code string, ore int64, checked bool) *samspil.UnitPrice {
		return &samspil.UnitPrice{Code: code, AmountOre: ore, ValidFrom: day("2020-01-01"), Checked: checked}
	}
	terms := func(dead int, savings ...samspil.OutcomeSaving) *samspil.ContractTerms {
		return &samspil.ContractTerms{DeadweightPct: dead, Outcomes: []samspil.Outcome{{Code: "JOB", Savings: savings}}}
	}
	tests := []struct {
		name                 string
		terms                *samspil.ContractTerms
		prices               []*samspil.UnitPrice
		count                int
		paid                 int64
		lineGross            []int64
		gross, net, permille int64
		unchecked            bool
		missingPrice         bool
	}{
		{name: "a year of kontanthjælp", terms: terms(20, samspil.OutcomeSaving{UnitPriceCode: "KH", Months: 12}),
			prices: []*samspil.UnitPrice{price("KH", 14_332_800, true)}, count: 3, paid: 3_000_000,
			lineGross: []int64{42_998_400}, gross: 42_998_400, net: 34_398_720, permille: 11_466},
		{name: "half an øre rounds up", terms: terms(0, samspil.OutcomeSaving{UnitPriceCode: "U", Months: 1}),
			prices: []*samspil.UnitPrice{price("U", 6, true)}, count: 1, paid: 2000,
			lineGross: []int64{1}, gross: 1, net: 1, permille: 1}, // 6/12 = 0.5 → 1; 1 × 1000 / 2000 = 0.5 → 1
		{name: "less than half an øre rounds down", terms: terms(0, samspil.OutcomeSaving{UnitPriceCode: "U", Months: 1}),
			prices: []*samspil.UnitPrice{price("U", 5, true)}, count: 1, paid: 3,
			lineGross: []int64{0}, gross: 0, net: 0, permille: 0},
		{name: "deadweight rounds half up", terms: terms(10, samspil.OutcomeSaving{UnitPriceCode: "U", Months: 12}),
			prices: []*samspil.UnitPrice{price("U", 5, true)}, count: 1, paid: 3,
			lineGross: []int64{5}, gross: 5, net: 4, permille: 1333}, // deadweight 0.5 → 1; 4000/3 = 1333.3
		{name: "two savings, one unchecked", terms: terms(0,
			samspil.OutcomeSaving{UnitPriceCode: "KH", Months: 6}, samspil.OutcomeSaving{UnitPriceCode: "SKAT", Months: 12}),
			prices: []*samspil.UnitPrice{price("KH", 1200, true), price("SKAT", 2400, false)}, count: 2, paid: 0,
			lineGross: []int64{1200, 4800}, gross: 6000, net: 6000, permille: 0, unchecked: true},
		{name: "an unknown unit price adds nothing", terms: terms(0, samspil.OutcomeSaving{UnitPriceCode: "GONE", Months: 12}),
			count: 5, paid: 100, lineGross: []int64{0}, missingPrice: true},
		{name: "no overflow", terms: terms(0, samspil.OutcomeSaving{UnitPriceCode: "BIG", Months: 120}),
			prices: []*samspil.UnitPrice{price("BIG", samspil.MaxOutcomePriceOre, true)}, count: 10_000_000, paid: 1,
			lineGross: []int64{1_000_000_000_000_000_000}, gross: 1_000_000_000_000_000_000, net: 1_000_000_000_000_000_000,
			permille: math.MaxInt64}, // 10⁷ × 10¹⁰ × 120 overflows int64 before the division by 12
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := EstimateSocialValue(tt.terms, map[string]int{"JOB": tt.count}, tt.paid, tt.prices, day("2027-06-01"))
			if len(v.Lines) != len(tt.lineGross) {
				t.Fatalf("%d lines, want %d", len(v.Lines), len(tt.lineGross))
			}
			for i, ln := range v.Lines {
				if ln.GrossOre != tt.lineGross[i] || ln.Count != tt.count || ln.OutcomeCode != "JOB" {
					t.Errorf("line %d: %+v, want gross %d", i, ln, tt.lineGross[i])
				}
				if (ln.UnitPrice == nil) != tt.missingPrice {
					t.Errorf("line %d unit price %v", i, ln.UnitPrice)
				}
			}
			if v.GrossOre != tt.gross || v.NetOre != tt.net || v.ReturnPermille != tt.permille || v.Unchecked != tt.unchecked {
				t.Errorf("gross %d net %d ‰ %d unchecked %v; want %d %d %d %v", v.GrossOre, v.NetOre, v.ReturnPermille, v.Unchecked,
					tt.gross, tt.net, tt.permille, tt.unchecked)
			}
			if v.PaidOre != tt.paid || v.DeadweightPct != tt.terms.DeadweightPct {
				t.Errorf("paid %d deadweight %d", v.PaidOre, v.DeadweightPct)
			}
		})
	}
}

func TestRoundDiv(t *testing.T) {
	for _, tt := range []struct{ n, d, want int64 }{
		{10, 4, 3}, {9, 4, 2}, {11, 4, 3}, {-10, 4, -3}, {-9, 4, -2}, {0, 7, 0}, {7, 7, 1}, {1, 3, 0}, {2, 3, 1},
	} {
		if got := roundDiv(tt.n, tt.d); got != tt.want {
			t.Errorf("roundDiv(%d, %d) = %d, want %d", tt.n, tt.d, got, tt.want)
		}
	}
}
