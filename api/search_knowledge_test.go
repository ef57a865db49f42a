package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/sqlstore"
)

// TestSearchHitsOfCasesAndGuides checks that case and guide-chapter hits
// carry the API address of their own endpoints, guides by slug.
func TestSearchHitsOfCasesAndGuides(t *testing.T) {
	bothWithGuide(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		k := knowledgeFixture(t, f)
		res := f.do(t, req{Method: "GET", Path: "/api/v1/search?type=case&q=" + url.QueryEscape("rengøring")})
		mustStatus(t, res, 200)
		cases := decodeJSON[api.SearchResultJSON](t, res)
		if len(cases.Items) == 0 || cases.Items[0].Href != fmt.Sprintf("/api/v1/cases/%d", k.cleaning.ID) {
			t.Fatalf("case hits = %+v", cases.Items)
		}
		res = f.do(t, req{Method: "GET", Path: "/api/v1/search?type=guide&q=" + url.QueryEscape("reserveret kontrakt")})
		mustStatus(t, res, 200)
		guides := decodeJSON[api.SearchResultJSON](t, res)
		if len(guides.Items) == 0 {
			t.Fatal("no guide chapter found for \"reserveret kontrakt\"")
		}
		for _, h := range guides.Items {
			if h.Type != samspil.SearchGuide || !strings.HasPrefix(h.Href, "/api/v1/guides/") || strings.HasSuffix(h.Href, "/") {
				t.Fatalf("guide hit = %+v", h)
			}
			mustStatus(t, f.do(t, req{Method: "GET", Path: h.Href}), 200)
		}
		res = f.do(t, req{Method: "GET", Path: "/api/v1/search?kind=reserveret_kontrakt"})
		mustStatus(t, res, 200)
	})
}
