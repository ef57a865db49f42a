package web

import (
	"net/url"
	"reflect"
	"testing"

	samspil "github.com/samspil/samspil"
)

// TestPbrFormTerms pins how the terms are read: kroner to exact øre,
// optional numbers as nil, codes upper-cased and split, empty rows
// skipped with the rows remembered, typing errors named after the field.
func TestPbrFormTerms(t *testing.T) {
	for _, tc := range []struct {
		name   string
		form   url.Values
		cap    int64
		prices []int64
		rows   []int
		errs   []string
	}{
		{name: "danish kroner with øre", form: url.Values{"cap": {"1.250.000,05"}, "outcomes.0.code": {"a"}, "outcomes.0.price": {"15.000,5"}},
			cap: 125_000_005, prices: []int64{1_500_050}, rows: []int{0}},
		{name: "empty rows between", form: url.Values{"cap": {"100"}, "outcomes.1.code": {"A"}, "outcomes.1.price": {"1"}, "outcomes.3.code": {"B"}},
			cap: 10_000, prices: []int64{100, 0}, rows: []int{1, 3}},
		{name: "bad typing", form: url.Values{"cap": {"1,2,3"}, "period_start": {"31.2.2027"}, "cohort_target": {"mange"},
			"outcomes.0.code": {"A"}, "outcomes.0.price": {"-1"}, "outcomes.0.window_days": {"x"}},
			prices: []int64{0}, rows: []int{0}, errs: []string{"cap", "cohort_target", "outcomes.0.price", "outcomes.0.window_days", "period_start"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var val samspil.Validation
			terms, rows := pbrFormTerms(tc.form, &val)
			if terms.CapOre != tc.cap {
				t.Errorf("cap %d, want %d", terms.CapOre, tc.cap)
			}
			var prices []int64
			for _, o := range terms.Outcomes {
				prices = append(prices, o.PriceOre)
			}
			if !reflect.DeepEqual(prices, tc.prices) || !reflect.DeepEqual(rows, tc.rows) {
				t.Errorf("prices %v rows %v, want %v %v", prices, rows, tc.prices, tc.rows)
			}
			var got []string
			if e, ok := samspil.AsError(val.Err()); ok {
				for _, fe := range e.Fields {
					got = append(got, fe.Field)
				}
			}
			for _, want := range tc.errs {
				if !val.Has(want) {
					t.Errorf("no error on %s (got %v)", want, got)
				}
			}
			if len(tc.errs) == 0 && len(got) > 0 {
				t.Errorf("unexpected errors %v", got)
			}
		})
	}
	var val samspil.Validation
	terms, _ := pbrFormTerms(url.Values{"outcomes.0.code": {"job13"}, "outcomes.0.requires": {"job_start, a ;b a"}, "outcomes.0.window_days": {""},
		"outcomes.0.cap_count": {"0"}, "outcomes.0.savings.1.unit_price_code": {"X"}, "outcomes.0.savings.1.months": {"12"}}, &val)
	o := terms.Outcomes[0]
	if o.Code != "JOB13" || !reflect.DeepEqual(o.Requires, []string{"JOB_START", "A", "B"}) || o.WindowDays != nil || o.CapCount == nil || *o.CapCount != 0 ||
		o.PerParticipantLimit != 1 || !reflect.DeepEqual(o.Savings, []samspil.OutcomeSaving{{UnitPriceCode: "X", Months: 12}}) {
		t.Errorf("outcome %+v", o)
	}
}

// TestPbrFormRoundTrip: the form filled from stored terms reads back to
// the same terms, so editing without changing saves nothing new.
func TestPbrFormRoundTrip(t *testing.T) {
	c := &samspil.OutcomeContract{Title: "T", TargetGroup: "udsatte_ledige", CommissionerID: 1, ProviderID: 2,
		ContractTerms: pbrTerms(pbrDay(2027, 1, 1), pbrDay(2028, 12, 31))}
	c.Outcomes[1].Savings = []samspil.OutcomeSaving{{UnitPriceCode: "KONTANTHJAELP_AAR", Months: 6}}
	c.Outcomes[0].PriceOre = 1_500_099
	got, _, _, err := parsePbrForm(pbrFormValues(c))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.ContractTerms, c.ContractTerms) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got.ContractTerms, c.ContractTerms)
	}
}

// TestPbrRenameField puts the domain's field names on the form's rows.
func TestPbrRenameField(t *testing.T) {
	var v samspil.Validation
	v.Add("cap_ore", "k", "m", nil)
	v.Add("outcomes.1.price_ore", "k", "m", nil)
	v.Add("outcomes.0.code", "k", "m", nil)
	e, _ := samspil.AsError(pbrRenameField(v.Err(), []int{2, 5}))
	var got []string
	for _, fe := range e.Fields {
		got = append(got, fe.Field)
	}
	if want := []string{"cap", "outcomes.5.price", "outcomes.2.code"}; !reflect.DeepEqual(got, want) {
		t.Errorf("renamed %v, want %v", got, want)
	}
}

// FuzzPbrForm feeds the contract form parser hostile values: it must
// never panic, never give a negative price, and every error it reports
// must name a field. (The row limit is pinned by TestPbrRowLimit.)
func FuzzPbrForm(f *testing.F) {
	f.Add("1.000.000,50", "15.000", "JOB_START, A", "365", "2027-01-01")
	f.Add("-1", "1,2,3", ";;,,", "-5", "31.2.2027")
	f.Add("99999999999999999999", "0,001", "a b c", "9999999999", "x")
	f.Fuzz(func(t *testing.T, cap, price, requires, window, start string) {
		v := url.Values{"cap": {cap}, "period_start": {start}, "cohort_target": {window}}
		for i := range 3 {
			v.Set(pbrRowField(i, "code"), requires)
			v.Set(pbrRowField(i, "price"), price)
			v.Set(pbrRowField(i, "requires"), requires)
			v.Set(pbrRowField(i, "window_days"), window)
		}
		c, rows, _, err := parsePbrForm(v)
		if len(rows) != len(c.Outcomes) {
			t.Fatalf("%d outcomes, %d rows", len(c.Outcomes), len(rows))
		}
		for _, o := range c.Outcomes {
			if o.PriceOre < 0 {
				t.Fatalf("negative price %d from %q", o.PriceOre, price)
			}
		}
		if e, ok := samspil.AsError(err); ok {
			for _, fe := range e.Fields {
				if fe.Field == "" {
					t.Fatalf("error without a field: %+v", fe)
				}
			}
		}
		_ = c.Validate(pbrDay(2027, 1, 1))
	})
}

// TestPbrRowLimit: a post with far more rows than a rate card may have is
// read up to one row over the limit, which Validate then refuses.
func TestPbrRowLimit(t *testing.T) {
	v := url.Values{}
	for i := range 3 * pbrRowLimit {
		v.Set(pbrRowField(i, "code"), "A")
	}
	c, _, _, _ := parsePbrForm(v)
	if len(c.Outcomes) != pbrRowLimit {
		t.Fatalf("%d outcomes read, want %d", len(c.Outcomes), pbrRowLimit)
	}
	if err := c.ContractTerms.Validate(pbrDay(2027, 1, 1)); err == nil || !pbrHasField(err, "outcomes") {
		t.Fatalf("too many rows not refused: %v", err)
	}
}

func pbrHasField(err error, name string) bool {
	e, ok := samspil.AsError(err)
	if !ok {
		return false
	}
	for _, fe := range e.Fields {
		if fe.Field == name {
			return true
		}
	}
	return false
}
