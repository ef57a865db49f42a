package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/guidetext"
	"github.com/samspil/samspil/sqlstore"
)

func TestGuidesAPI(t *testing.T) {
	bothWithGuide(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		seed := guidetext.Chapters()
		if len(seed) < 10 {
			t.Fatalf("only %d seed chapters", len(seed))
		}
		res := f.do(t, req{Method: "GET", Path: "/api/v1/guides"})
		mustStatus(t, res, 200)
		list := decodeJSON[api.ListJSON[api.GuideChapterSummaryJSON]](t, res)
		if list.Total != len(seed) || len(list.Items) != len(seed) {
			t.Fatalf("chapters = %d, want %d", list.Total, len(seed))
		}
		models := map[string]bool{}
		for i, c := range list.Items {
			if c.Slug == "" || c.Title == "" || c.Version != 1 || c.UpdatedAt.IsZero() || c.Href != "/api/v1/guides/"+c.Slug ||
				!strings.HasSuffix(c.WebURL, "/vejledning/"+c.Slug) {
				t.Fatalf("chapter %d = %+v", i, c)
			}
			if i > 0 && list.Items[i-1].Position > c.Position {
				t.Fatalf("not in table-of-contents order at %s", c.Slug)
			}
			models[c.Model] = true
		}
		for _, m := range samspil.CollaborationModels {
			if !models[string(m)] {
				t.Errorf("no chapter for model %s", m)
			}
		}

		// One chapter: the Markdown as written and the same text as HTML.
		slug := list.Items[1].Slug
		res = f.do(t, req{Method: "GET", Path: "/api/v1/guides/" + slug})
		mustStatus(t, res, 200)
		g := decodeJSON[api.GuideChapterJSON](t, res)
		stored, err := db.FindGuideChapter(context.Background(), slug)
		if err != nil {
			t.Fatal(err)
		}
		if g.Slug != slug || g.Markdown != stored.Body || g.Version != 1 || !strings.Contains(g.HTML, "<h") || strings.Contains(g.HTML, "](") {
			t.Fatalf("chapter = %+v", g.GuideChapterSummaryJSON)
		}

		// An edit shows at once, as a new version, and its HTML is safe.
		ctx := samspil.WithActor(context.Background(), f.users[rolePlatform].ID)
		body := stored.Body + "\n\n<script>alert(1)</script>\n\n[Klik her](javascript:alert(2)) og <img src=x onerror=alert(3)>"
		if _, err := db.UpdateGuideChapter(ctx, slug, samspil.GuideEdit{Title: stored.Title, Summary: stored.Summary, Body: body, BaseVersion: 1}); err != nil {
			t.Fatal(err)
		}
		res = f.do(t, req{Method: "GET", Path: "/api/v1/guides/" + slug})
		mustStatus(t, res, 200)
		g = decodeJSON[api.GuideChapterJSON](t, res)
		if g.Version != 2 || g.Markdown != body {
			t.Fatalf("after the edit = version %d", g.Version)
		}
		for _, bad := range []string{"<script", "javascript:", "onerror", "alert(1)"} {
			if strings.Contains(g.HTML, bad) {
				t.Errorf("HTML contains %q", bad)
			}
		}

		for _, path := range []string{"/api/v1/guides/findes-ikke", "/api/v1/guides/Store%20Bogstaver", "/api/v1/guides/%C3%A6bler", "/api/v1/guides/a--b"} {
			res := f.do(t, req{Method: "GET", Path: path})
			mustStatus(t, res, 404)
			if p := res.Problem(t); p.Key != "api.guide.not_found" {
				t.Fatalf("%s: %+v", path, p)
			}
		}
	})
}
