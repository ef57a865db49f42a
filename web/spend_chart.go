package web

import (
	"math"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
)

// The quarterly chart of the spend dashboard is drawn on the server as
// inline SVG (no JavaScript, no chart library): one bar per quarter whose
// height is the total spend, with the SØV part as a darker segment at its
// foot and the SØV share written above it. The SVG is one image with a
// title and a description; the table next to it holds every number.

// Drawing sizes in SVG units.
const (
	chartW      = 640.0
	chartH      = 300.0
	chartLeft   = 110.0 // room for the axis labels
	chartRight  = 20.0
	chartTop    = 30.0
	chartBottom = 40.0
)

// spendChart is the geometry of the quarterly chart.
type spendChart struct {
	W, H                     float64
	Left, Right, Top, Bottom float64 // the plot area's edges
	LabelX                   float64 // where the axis labels end
	Bars                     []spendBar
	Grid                     []spendGrid
	Title, Desc              string
}

// spendBar is one quarter's bar.
type spendBar struct {
	Quarter               int
	X, W                  float64
	TotalY, TotalH        float64
	SOVY, SOVH            float64
	LabelX, ShareY, AxisY float64
	Label, Share, Tooltip string
	Selected              bool
	HasSpend              bool
}

// spendGrid is a horizontal grid line with its value.
type spendGrid struct {
	Y     float64
	Label string
}

// round1 keeps one decimal, so the markup stays short.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// niceCeil rounds v (> 0) up to a round multiple of a power of ten whose
// quarter is round too, so the four grid lines show round numbers without
// leaving most of the chart empty.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// shortMoney writes øre as a rounded amount for axis labels: "12,5 mio.
// kr." / "DKK 12.5m", "850.000 kr." below a million.
func shortMoney(ore int64, lang string) string {
	kr := float64(ore) / 100
	if math.Abs(kr) >= 1e6 {
		s := strconv.FormatFloat(kr/1e6, 'f', -1, 64)
		if i := strings.IndexByte(s, '.'); i >= 0 && len(s) > i+2 {
			s = s[:i+2]
		}
		if lang == "en" {
			return "DKK " + s + "m"
		}
		return strings.Replace(s, ".", ",", 1) + " mio. kr."
	}
	sep, n := ".", int64(math.Round(kr))
	if lang == "en" {
		sep = ","
	}
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && c != '-' && digits[0] != '-' && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if lang == "en" {
		return "DKK " + b.String()
	}
	return b.String() + " kr."
}

// newSpendChart lays out the four quarters. selected (1–4, 0 for none) is
// the quarter the page is narrowed to; its bar is outlined.
func newSpendChart(tr *Translator, quarters []samspil.QuarterSpend, selected int) *spendChart {
	c := &spendChart{W: chartW, H: chartH, Left: chartLeft, Right: chartW - chartRight, Top: chartTop, Bottom: chartH - chartBottom, LabelX: chartLeft - 8}
	byQ := map[int]samspil.SpendFigures{}
	var top int64
	for _, q := range quarters {
		byQ[q.Quarter] = q.SpendFigures
		top = max(top, q.TotalOre)
	}
	scale := niceCeil(float64(top))
	plotH := c.Bottom - c.Top
	for i := 0; i <= 4; i++ {
		v := scale * float64(i) / 4
		c.Grid = append(c.Grid, spendGrid{Y: round1(c.Bottom - plotH*float64(i)/4), Label: shortMoney(int64(v), tr.Lang)})
	}
	slot := (c.Right - c.Left) / 4
	barW := slot * 0.55
	var desc []string
	for k := 1; k <= 4; k++ {
		f := byQ[k]
		b := spendBar{Quarter: k, X: round1(c.Left + slot*float64(k-1) + (slot-barW)/2), W: round1(barW), Selected: k == selected,
			Label: tr.T("spend.quarter.short", map[string]any{"Quarter": k}), HasSpend: f.TotalOre > 0}
		total := max(f.TotalOre, 0)
		sov := min(max(f.SOVOre, 0), total)
		b.TotalH = round1(plotH * float64(total) / scale)
		b.TotalY = round1(c.Bottom - b.TotalH)
		b.SOVH = round1(plotH * float64(sov) / scale)
		b.SOVY = round1(c.Bottom - b.SOVH)
		b.LabelX = round1(b.X + b.W/2)
		b.ShareY = round1(b.TotalY - 8)
		b.AxisY = round1(c.Bottom + 22)
		b.Share = formatShare(f.SOVShare(), tr.Lang)
		b.Tooltip = tr.T("spend.chart.bar", map[string]any{"Quarter": k, "Total": shortMoney(f.TotalOre, tr.Lang),
			"SOV": shortMoney(f.SOVOre, tr.Lang), "Share": b.Share})
		desc = append(desc, b.Tooltip)
		c.Bars = append(c.Bars, b)
	}
	c.Title = tr.T("spend.chart.title", nil)
	c.Desc = strings.Join(desc, "; ") + "."
	return c
}
