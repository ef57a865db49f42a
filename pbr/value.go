package pbr

import (
	"math"
	"math/big"
	"time"

	"github.com/samspil/samspil"
)

// The social-value estimate. Each outcome of the rate card may name unit
// prices (a yearly public cost or gain) and a number of months that one
// achieved outcome is assumed to save. The rules, with their rounding, are
// in docs/pbr.md ("Social value and INDIGO"):
//
//	line gross   = count × yearly amount × months / 12, rounded half up to whole øre
//	gross        = sum of the line grosses
//	deadweight   = gross × deadweight % / 100, rounded half up
//	net          = gross − deadweight
//	return (‰)   = net × 1000 / paid, rounded half up; 0 while nothing is paid
//
// Products are computed exactly (math/big), so no count or amount the
// platform accepts can overflow.

// UnitPriceOn returns the row for code valid on day: the one with the
// latest ValidFrom on or before day's date, or nil when there is none.
func UnitPriceOn(prices []*samspil.UnitPrice, code string, day time.Time) *samspil.UnitPrice {
	d := DateOf(day)
	var best *samspil.UnitPrice
	for _, u := range prices {
		if u.Code != code || DateOf(u.ValidFrom) > d {
			continue
		}
		if best == nil || DateOf(u.ValidFrom) > DateOf(best.ValidFrom) ||
			DateOf(u.ValidFrom) == DateOf(best.ValidFrom) && u.ID > best.ID {
			best = u
		}
	}
	return best
}

// EstimateSocialValue estimates the public savings of the achieved
// outcomes (by outcome code) under terms' savings links, with the unit
// prices valid on today, against what has been paid.
func EstimateSocialValue(t *samspil.ContractTerms, achieved map[string]int, paidOre int64, prices []*samspil.UnitPrice, today time.Time) SocialValue {
	v := SocialValue{DeadweightPct: t.DeadweightPct, PaidOre: paidOre}
	gross := new(big.Int)
	for _, o := range t.Outcomes {
		for _, s := range o.Savings {
			ln := ValueLine{OutcomeCode: o.Code, UnitPriceCode: s.UnitPriceCode, Months: s.Months, Count: achieved[o.Code]}
			ln.UnitPrice = UnitPriceOn(prices, s.UnitPriceCode, today)
			if ln.UnitPrice != nil {
				if !ln.UnitPrice.Checked {
					v.Unchecked = true
				}
				n := mul(int64(ln.Count), ln.UnitPrice.AmountOre, int64(s.Months))
				ln.GrossOre = clamp(divRoundHalfUp(n, big.NewInt(12)))
				gross.Add(gross, big.NewInt(ln.GrossOre))
			}
			v.Lines = append(v.Lines, ln)
		}
	}
	v.GrossOre = clamp(gross)
	dead := divRoundHalfUp(mul(v.GrossOre, int64(t.DeadweightPct)), big.NewInt(100))
	v.NetOre = clamp(new(big.Int).Sub(big.NewInt(v.GrossOre), dead))
	if paidOre > 0 {
		v.ReturnPermille = clamp(divRoundHalfUp(mul(v.NetOre, 1000), big.NewInt(paidOre)))
	}
	return v
}

// mul multiplies exactly.
func mul(xs ...int64) *big.Int {
	out := big.NewInt(1)
	for _, x := range xs {
		out.Mul(out, big.NewInt(x))
	}
	return out
}

// divRoundHalfUp divides n by d > 0, rounding halves away from zero (up,
// for the non-negative amounts of the estimate).
func divRoundHalfUp(n, d *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(d) >= 0 {
		if n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// clamp returns n as an int64, saturated at the int64 limits.
func clamp(n *big.Int) int64 {
	switch {
	case n.IsInt64():
		return n.Int64()
	case n.Sign() > 0:
		return math.MaxInt64
	default:
		return math.MinInt64
	}
}
