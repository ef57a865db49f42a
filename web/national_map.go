package web

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/samspil/samspil/refdata"
)

// The national map is drawn on the server as inline SVG from the embedded
// simplified outlines, so it needs no JavaScript and no map service. The
// outlines are projected once (mapShapes) and reused by every request.

// mapScale is SVG units per degree of latitude; longitude is shrunk by the
// cosine of Denmark's middle latitude so the country keeps its shape.
const (
	mapScale    = 190.0
	mapMidLat   = 56.2
	mapPad      = 6.0
	bornholm    = "0400"
	insetGap    = 10.0 // space between the inset frame and Bornholm
	insetMargin = 8.0  // space between the inset and the map's edge
)

// mapShape is one municipality's outline as SVG path data, with the point
// where a label or marker could go.
type mapShape struct {
	Code string
	D    string // path data, absolute coordinates with one decimal
}

// mapGeometry is the projected map: the shapes, the size of the drawing
// and the frame of the Bornholm inset.
type mapGeometry struct {
	Shapes        []mapShape
	Width, Height float64
	Inset         struct{ X, Y, W, H float64 }
	Err           error
}

// mapShapes projects the outlines the first time the map is drawn and
// keeps the result for the life of the process; package init starts it,
// so the first visitor does not wait for it.
var mapShapes = sync.OnceValue(projectMap)

func init() { go mapShapes() }

// projectMap turns the WGS84 outlines into SVG paths. Bornholm lies far
// east of the rest of the country, so it is drawn in a framed inset in
// the empty north-east corner (the Kattegat), as Danish maps usually do.
func projectMap() *mapGeometry {
	g := &mapGeometry{}
	shapes, err := refdata.MunicipalityShapes()
	if err != nil {
		g.Err = err
		return g
	}
	kx := math.Cos(mapMidLat * math.Pi / 180)
	proj := func(p refdata.Point) (float64, float64) { return p[0] * kx * mapScale, -p[1] * mapScale }

	// Bounds of the mainland and islands, and of Bornholm on its own.
	type box struct{ minX, minY, maxX, maxY float64 }
	empty := func() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }
	main, born := empty(), empty()
	for _, s := range shapes {
		b := &main
		if s.Code == bornholm {
			b = &born
		}
		for _, poly := range s.Polygons {
			for _, ring := range poly {
				for _, p := range ring {
					x, y := proj(p)
					b.minX, b.maxX = math.Min(b.minX, x), math.Max(b.maxX, x)
					b.minY, b.maxY = math.Min(b.minY, y), math.Max(b.maxY, y)
				}
			}
		}
	}
	// The mainland is moved to start at (mapPad, mapPad); Bornholm to the
	// top right corner inside its frame.
	dx, dy := mapPad-main.minX, mapPad-main.minY
	g.Width = main.maxX - main.minX + 2*mapPad
	g.Height = main.maxY - main.minY + 2*mapPad
	bw, bh := born.maxX-born.minX, born.maxY-born.minY
	g.Inset.W, g.Inset.H = bw+2*insetGap, bh+2*insetGap
	g.Inset.X, g.Inset.Y = g.Width-insetMargin-g.Inset.W, insetMargin
	bdx, bdy := g.Inset.X+insetGap-born.minX, g.Inset.Y+insetGap-born.minY

	var b strings.Builder
	for _, s := range shapes {
		ox, oy := dx, dy
		if s.Code == bornholm {
			ox, oy = bdx, bdy
		}
		b.Reset()
		for _, poly := range s.Polygons {
			for _, ring := range poly {
				for i, p := range ring {
					if i == len(ring)-1 && len(ring) > 1 && ring[0] == p {
						break // closed by Z
					}
					x, y := proj(p)
					if i == 0 {
						b.WriteByte('M')
					} else {
						b.WriteByte('L')
					}
					b.WriteString(strconv.FormatFloat(x+ox, 'f', 1, 64))
					b.WriteByte(' ')
					b.WriteString(strconv.FormatFloat(y+oy, 'f', 1, 64))
				}
				b.WriteByte('Z')
			}
		}
		g.Shapes = append(g.Shapes, mapShape{Code: s.Code, D: b.String()})
	}
	g.Width, g.Height = math.Round(g.Width), math.Round(g.Height)
	return g
}

// mapPalette is the fill of each category of a measure, from "nothing"
// (light grey) to "most" (dark blue). Each also has its own pattern
// (mapMarks), so the map does not rely on colour alone.
var mapPalette = []struct {
	Fill, Mark string // background and the colour of its marks
}{
	{"#f2f2f2", ""},
	{"#c6dbef", "#1b3a5c"},
	{"#6baed6", "#0b2540"},
	{"#2171b5", "#ffffff"},
	{"#08306b", "#ffffff"},
}

// mapPattern is a category's SVG pattern: the fill colour and the marks
// that tell it apart without colour (none, dots, diagonal lines,
// crosshatch, dense dots).
type mapPattern struct {
	ID    string
	Fill  string
	Mark  string
	Style string // "none", "dots", "diagonal", "cross", "grid"
}

// mapPatterns lists the patterns of categories 0..n-1.
func mapPatterns(n int) []mapPattern {
	styles := []string{"none", "dots", "diagonal", "cross", "grid"}
	out := make([]mapPattern, 0, n)
	for i := 0; i < n && i < len(mapPalette); i++ {
		out = append(out, mapPattern{ID: "map-cat-" + strconv.Itoa(i), Fill: mapPalette[i].Fill, Mark: mapPalette[i].Mark, Style: styles[i]})
	}
	return out
}
