package api

// The OpenAPI parts of the guide; openapi.go merges them in.

func guideSchemas() m {
	summary := func() m {
		return m{
			"slug":       m{"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Stable name of the chapter in URLs."},
			"title":      str(""),
			"summary":    str("Plain text, one or two sentences."),
			"model":      m{"type": "string", "enum": append([]string{""}, modelNames()...), "description": "The collaboration model the chapter is about; empty for general chapters."},
			"position":   m{"type": "integer", "description": "Order in the table of contents."},
			"version":    m{"type": "integer", "minimum": 1, "description": "1 for the first text, one more for each saved change."},
			"updated_at": dateTime(false),
			"href":       str("The API path of the chapter."),
			"web_url":    str("The chapter's page on the platform, with its history."),
		}
	}
	full := summary()
	full["markdown"] = str("The current version as written, in Markdown.")
	full["html"] = str("The same text rendered to HTML, sanitised: no scripts, no event attributes, only http, https and mailto links.")
	return m{
		"GuideChapterSummary": closedAll("A chapter of the guide to the collaboration models.", summary()),
		"GuideChapter":        closedAll("The current version of a chapter.", full),
		"GuideChapterList": closedAll("Every chapter in table-of-contents order.", m{
			"items": array(ref("GuideChapterSummary"), ""), "total": m{"type": "integer", "minimum": 0},
		}),
	}
}

func guideParams() m {
	return m{
		"slug": m{"name": "slug", "in": "path", "required": true, "description": "The chapter's slug, e.g. reserveret-kontrakt.",
			"schema": m{"type": "string"}},
	}
}

func guidePaths() m {
	return m{
		"/api/v1/guides": get("listGuides", "The guide's chapters",
			"One chapter per collaboration model and a few general ones, edited by the national secretariat.",
			okGet("Every chapter.", "GuideChapterList"), params()),
		"/api/v1/guides/{slug}": get("getGuide", "One chapter",
			"The current version as Markdown and as sanitised HTML.",
			okGet("The chapter.", "GuideChapter"), params("slug"), "404"),
	}
}
