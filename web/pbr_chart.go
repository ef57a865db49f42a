package web

import (
	"sort"
	"strconv"
	"strings"

	"github.com/samspil/samspil/pbr"
)

// The contract dashboard's charts are drawn on the server as inline SVG,
// like the spend chart: no JavaScript and no chart library. Each chart is
// one image with a title and a description that say what it shows in
// words; the parts are told apart by patterns, dash styles and markers as
// well as by colour, carry text labels, and a table next to each chart
// holds every number.

// pbrCapSegment is one part of the bar of payments against the cap.
type pbrCapSegment struct {
	Key     string // "paid", "earned", "pending", "free"
	X, W    float64
	Fill    string // a colour or url(#pattern)
	Label   string // "Udbetalt: 1,2 mio. kr."
	LegendX float64
	LegendY float64
}

// pbrCapChart is the geometry of the horizontal bar that splits the cap
// into what is paid, earned but not yet paid, awaiting a decision and
// still free.
type pbrCapChart struct {
	W, H        float64
	BarX, BarY  float64
	BarW, BarH  float64
	Segments    []pbrCapSegment
	CapLabel    string
	CapLabelX   float64
	Title, Desc string
}

// Sizes of the cap bar in SVG units.
const (
	capChartW    = 640.0
	capChartH    = 150.0
	capChartLeft = 10.0
	capBarY      = 28.0
	capBarH      = 36.0
)

// pbrCapParts splits the cap into the bar's four parts: paid, earned but
// not yet paid, pending (what pending claims would add, within what is
// left) and what would still be free if the pending claims were approved. Every part is at least 0 and together they fill
// max(cap, paid + earned-unpaid): a bar never leaves its frame.
func pbrCapParts(d *pbr.Dashboard) (paid, earned, pending, remaining int64) {
	paid = max(d.PaidOre, 0)
	earned = max(d.EarnedOre-d.PaidOre, 0)
	left := max(d.CapOre-paid-earned, 0)
	pending = min(max(d.PendingOre, 0), left)
	remaining = left - pending
	return paid, earned, pending, remaining
}

// newPbrCapChart lays out the cap bar of a dashboard.
func newPbrCapChart(tr *Translator, d *pbr.Dashboard) *pbrCapChart {
	c := &pbrCapChart{W: capChartW, H: capChartH, BarX: capChartLeft, BarY: capBarY, BarW: capChartW - 2*capChartLeft, BarH: capBarH}
	paid, earned, pending, remaining := pbrCapParts(d)
	total := paid + earned + pending + remaining
	parts := []struct {
		key  string
		ore  int64
		fill string
	}{
		{"paid", paid, "#1d3557"},
		{"earned", earned, "url(#pbr-hatch)"},
		{"pending", pending, "url(#pbr-dots)"},
		{"free", remaining, "#ffffff"},
	}
	x := c.BarX
	var desc []string
	for i, p := range parts {
		w := 0.0
		if total > 0 {
			w = c.BarW * float64(p.ore) / float64(total)
		}
		label := tr.T("pbrdash.cap."+p.key, nil) + ": " + shortMoney(p.ore, tr.Lang)
		seg := pbrCapSegment{Key: p.key, X: round1(x), W: round1(w), Fill: p.fill, Label: label,
			LegendX: round1(capChartLeft + float64(i%2)*310), LegendY: round1(capBarY + capBarH + 30 + float64(i/2)*24)}
		c.Segments = append(c.Segments, seg)
		desc = append(desc, label)
		x += w
	}
	c.CapLabel = tr.T("pbrdash.cap.cap", nil) + ": " + shortMoney(d.CapOre, tr.Lang)
	c.CapLabelX = round1(c.BarX + c.BarW)
	c.Title = tr.T("pbrdash.cap.chart_title", nil)
	c.Desc = endSentence(c.CapLabel) + " " + endSentence(strings.Join(desc, "; "))
	return c
}

// pbrSeries is one line of a progress chart.
type pbrSeries struct {
	Name   string
	Points string // SVG polyline points
	Dash   string // stroke-dasharray, "" for solid
	Colour string
	Marker string // "circle", "square", "triangle", "diamond", "cross"
	Dots   []pbrDot
	LabelX float64
	LabelY float64
}

// pbrDot is one marker of a series.
type pbrDot struct {
	X, Y float64
	Path string // the marker's outline for squares, triangles, diamonds and crosses
}

// pbrTick is a label on an axis.
type pbrTick struct {
	X, Y  float64
	Label string
}

// pbrLineChart is the geometry of a chart with months along the x axis.
type pbrLineChart struct {
	W, H                     float64
	Left, Right, Top, Bottom float64
	LabelX                   float64
	Grid                     []pbrTick // horizontal lines with their value
	Months                   []pbrTick // x-axis labels
	Series                   []pbrSeries
	Title, Desc              string
	Omitted                  int // outcomes left out of the chart (the table has them)
}

// Sizes of the progress charts in SVG units.
const (
	lineChartW      = 640.0
	lineChartH      = 280.0
	lineChartLeft   = 90.0
	lineChartRight  = 150.0 // room for the series names at the lines' ends
	lineChartTop    = 20.0
	lineChartBottom = 40.0
	// pbrChartOutcomes is how many outcomes the count chart draws; more
	// lines than this cannot be told apart, and the table has them all.
	pbrChartOutcomes = 5
)

// The series styles: dash patterns and markers, so lines differ without
// colour.
var (
	pbrDashes  = []string{"", "8 4", "2 3", "10 3 2 3", "4 4", "1 5"}
	pbrMarkers = []string{"circle", "square", "triangle", "diamond", "cross", "circle"}
	pbrColours = []string{"#1d3557", "#8a3b12", "#2f6b2f", "#5b2a86", "#7a5c00", "#444444"}
)

// monthsShort are month abbreviations per language.
var monthsShort = map[string][12]string{
	"da": {"jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."},
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// monthsLong are month names for tables and descriptions.
var monthsLong = map[string][12]string{
	"da": {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// pbrMonthLabel turns "2027-03" into "mar. 2027" (short) or "marts 2027";
// anything else is returned as it is.
func pbrMonthLabel(ym, lang string, short bool) string {
	y, m, ok := strings.Cut(ym, "-")
	n, err := strconv.Atoi(m)
	if !ok || err != nil || n < 1 || n > 12 {
		return ym
	}
	if lang != "en" {
		lang = "da"
	}
	if short {
		return monthsShort[lang][n-1] + " " + y
	}
	return monthsLong[lang][n-1] + " " + y
}

// markerPath draws a marker of kind around (x, y).
func markerPath(kind string, x, y float64) string {
	f := func(v float64) string { return strconv.FormatFloat(round1(v), 'f', -1, 64) }
	const r = 4.0
	switch kind {
	case "square":
		return "M" + f(x-r) + " " + f(y-r) + "h8v8h-8z"
	case "triangle":
		return "M" + f(x) + " " + f(y-r-1) + "L" + f(x+r+1) + " " + f(y+r) + "L" + f(x-r-1) + " " + f(y+r) + "z"
	case "diamond":
		return "M" + f(x) + " " + f(y-r-1) + "L" + f(x+r+1) + " " + f(y) + "L" + f(x) + " " + f(y+r+1) + "L" + f(x-r-1) + " " + f(y) + "z"
	case "cross":
		return "M" + f(x-r) + " " + f(y-r) + "L" + f(x+r) + " " + f(y+r) + "M" + f(x+r) + " " + f(y-r) + "L" + f(x-r) + " " + f(y+r)
	}
	return ""
}

// newPbrLineChart lays out series of values (one per month) over months.
// money says the values are øre (axis labels in kroner). Each series gets
// a dash pattern, a marker and a name written at its end; names that
// would overlap are pushed apart.
func newPbrLineChart(tr *Translator, months []string, names []string, values [][]int64, money bool, title string) *pbrLineChart {
	c := &pbrLineChart{W: lineChartW, H: lineChartH, Left: lineChartLeft, Right: lineChartW - lineChartRight,
		Top: lineChartTop, Bottom: lineChartH - lineChartBottom, LabelX: lineChartLeft - 8, Title: title}
	var top int64
	for _, vs := range values {
		for _, v := range vs {
			top = max(top, v)
		}
	}
	scale := niceCeil(float64(top))
	if !money && scale < 4 {
		scale = 4 // whole numbers on every grid line
	}
	plotH := c.Bottom - c.Top
	for i := 0; i <= 4; i++ {
		v := scale * float64(i) / 4
		label := formatCount(int(v), tr.Lang)
		if money {
			label = shortMoney(int64(v), tr.Lang)
		}
		c.Grid = append(c.Grid, pbrTick{Y: round1(c.Bottom - plotH*float64(i)/4), Label: label})
	}
	n := len(months)
	xOf := func(i int) float64 {
		if n <= 1 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + (c.Right-c.Left)*float64(i)/float64(n-1)
	}
	step := max(1, (n+7)/8) // at most eight month labels
	for i, m := range months {
		if i%step == 0 || i == n-1 && n <= 8 {
			c.Months = append(c.Months, pbrTick{X: round1(xOf(i)), Y: round1(c.Bottom + 20), Label: pbrMonthLabel(m, tr.Lang, true)})
		}
	}
	var desc []string
	for k, name := range names {
		s := pbrSeries{Name: name, Dash: pbrDashes[k%len(pbrDashes)], Marker: pbrMarkers[k%len(pbrMarkers)], Colour: pbrColours[k%len(pbrColours)]}
		var pts []string
		for i, v := range values[k] {
			x, y := round1(xOf(i)), round1(c.Bottom-plotH*float64(max(v, 0))/scale)
			pts = append(pts, strconv.FormatFloat(x, 'f', -1, 64)+","+strconv.FormatFloat(y, 'f', -1, 64))
			s.Dots = append(s.Dots, pbrDot{X: x, Y: y, Path: markerPath(s.Marker, x, y)})
		}
		s.Points = strings.Join(pts, " ")
		last := int64(0)
		if len(values[k]) > 0 {
			last = values[k][len(values[k])-1]
			s.LabelX = round1(xOf(len(values[k])-1) + 10)
			s.LabelY = round1(c.Bottom - plotH*float64(max(last, 0))/scale + 4)
		}
		lastText := formatCount(int(last), tr.Lang)
		if money {
			lastText = shortMoney(last, tr.Lang)
		}
		desc = append(desc, name+": "+lastText)
		c.Series = append(c.Series, s)
	}
	spreadLabels(c.Series, 14, c.Top, c.Bottom+4)
	if n > 0 {
		c.Desc = endSentence(tr.T("pbrdash.progress.desc", map[string]any{"First": pbrMonthLabel(months[0], tr.Lang, false),
			"Last": pbrMonthLabel(months[n-1], tr.Lang, false), "Values": strings.Join(desc, "; ")}))
	}
	return c
}

// spreadLabels moves the series names apart vertically so that no two are
// closer than gap, keeping them between top and bottom where it can.
func spreadLabels(series []pbrSeries, gap, top, bottom float64) {
	idx := make([]int, len(series))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return series[idx[a]].LabelY < series[idx[b]].LabelY })
	for j := 1; j < len(idx); j++ {
		prev, cur := &series[idx[j-1]], &series[idx[j]]
		if cur.LabelY-prev.LabelY < gap {
			cur.LabelY = round1(prev.LabelY + gap)
		}
	}
	// Pushed past the bottom: shift the whole stack up.
	if len(idx) > 0 {
		if over := series[idx[len(idx)-1]].LabelY - bottom; over > 0 {
			for _, i := range idx {
				series[i].LabelY = round1(max(series[i].LabelY-over, top))
			}
		}
	}
}

// endSentence ends s with a full stop unless it already ends with one
// (an amount in Danish ends with "kr.").
func endSentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}
