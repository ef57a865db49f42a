package refdata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// The simplified municipality outlines for the national map (see
// data/SOURCES.md). They are embedded, so the running program never reads
// the shared data folder.
//
//go:embed data/kommuner.simplified.geojson
var shapesJSON []byte

// Point is a position in WGS84 degrees: longitude, latitude.
type Point [2]float64

// Shape is the outline of one municipality: one or more polygons (islands),
// each an outer ring followed by any holes, each ring closed.
type Shape struct {
	Code     string      // kommunekode
	Polygons [][][]Point // polygon → ring → point
}

var (
	shapesOnce sync.Once
	shapes     []Shape
	shapesErr  error
)

// MunicipalityShapes returns the 98 simplified outlines ordered by code,
// parsed once. The slice is shared: callers must not modify it.
func MunicipalityShapes() ([]Shape, error) {
	shapesOnce.Do(func() { shapes, shapesErr = parseShapes(shapesJSON) })
	return shapes, shapesErr
}

// parseShapes reads a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features whose property "kode" is the municipality code.
func parseShapes(b []byte) ([]Shape, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				Kode string `json:"kode"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("refdata: municipality shapes: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("refdata: municipality shapes: not a FeatureCollection")
	}
	out := make([]Shape, 0, len(fc.Features))
	for _, f := range fc.Features {
		s := Shape{Code: f.Properties.Kode}
		switch f.Geometry.Type {
		case "Polygon":
			var p [][]Point
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("refdata: shape %s: %w", s.Code, err)
			}
			s.Polygons = [][][]Point{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &s.Polygons); err != nil {
				return nil, fmt.Errorf("refdata: shape %s: %w", s.Code, err)
			}
		default:
			return nil, fmt.Errorf("refdata: shape %s: geometry %q", s.Code, f.Geometry.Type)
		}
		if _, ok := MunicipalityByCode(s.Code); !ok {
			return nil, fmt.Errorf("refdata: shape for unknown municipality %q", s.Code)
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}
