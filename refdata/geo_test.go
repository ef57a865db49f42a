package refdata

import "testing"

func TestMunicipalityShapes(t *testing.T) {
	ss, err := MunicipalityShapes()
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 98 {
		t.Fatalf("%d shapes, want 98", len(ss))
	}
	seen := map[string]bool{}
	for _, s := range ss {
		if seen[s.Code] {
			t.Errorf("shape %s twice", s.Code)
		}
		seen[s.Code] = true
		if len(s.Polygons) == 0 {
			t.Errorf("%s has no polygon", s.Code)
		}
		for _, p := range s.Polygons {
			for _, ring := range p {
				if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
					t.Errorf("%s: ring of %d points is not closed", s.Code, len(ring))
				}
				for _, pt := range ring {
					if pt[0] < 8 || pt[0] > 15.3 || pt[1] < 54.5 || pt[1] > 57.8 {
						t.Errorf("%s: point %v outside Denmark", s.Code, pt)
					}
				}
			}
		}
	}
	for _, m := range Municipalities() {
		if !seen[m.Code] {
			t.Errorf("no shape for %s %s", m.Code, m.Name)
		}
	}
}

func FuzzParseShapes(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[9,55],[10,55],[10,56],[9,55]]]},"properties":{"kode":"0101"}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"geometry":{"type":"Point","coordinates":[9,55]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ss, err := parseShapes(b)
		if err == nil {
			for _, s := range ss {
				if _, ok := MunicipalityByCode(s.Code); !ok {
					t.Fatalf("accepted unknown code %q", s.Code)
				}
			}
		}
	})
}
