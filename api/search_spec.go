package api

import (
	"github.com/samspil/samspil"
)

// The OpenAPI parts of the platform search; openapi.go merges them in.

func searchSchemas() m {
	types := make([]string, len(samspil.SearchTypes))
	for i, t := range samspil.SearchTypes {
		types[i] = string(t)
	}
	return m{
		"SearchHit": closedAll("One search result. Every property is always present.", m{
			"type":              m{"type": "string", "enum": types},
			"id":                integer("", 1),
			"title":             str(""),
			"snippet":           str("Plain text around the words found."),
			"score":             m{"type": "number", "description": "Relevance; higher is better. Comparable within one search only."},
			"kind":              str("Organisation kind or opportunity kind."),
			"municipality_code": m{"type": "string", "pattern": "^([0-9]{4})?$"},
			"distance_km":       m{"type": []string{"number", "null"}, "minimum": 0, "description": "From the municipality in near=; null without near."},
			"rsv_registered":    m{"type": "boolean"},
			"status":            str("Opportunities: open, closed or filled; empty for other types."),
			"updated_at":        dateTime(false),
			"href":              str("The API path of the organisation or opportunity; empty for other types."),
		}),
		"SearchResult": closedAll("One page of search results with facet counts.", m{
			"items": array(ref("SearchHit"), ""),
			"total": m{"type": "integer", "minimum": 0, "description": "Hits on all pages; a page past the end has no items but the total."},
			"facets": m{"type": "object", "description": "Per facet (type, kind, region, municipality, sector, cpv, target_group, rsv) the number of hits per value, each counted with the other facets' filters applied.",
				"additionalProperties": m{"type": "object", "additionalProperties": m{"type": "integer", "minimum": 0}}},
			"page":             m{"type": "integer", "minimum": 1},
			"per_page":         m{"type": "integer", "minimum": 1, "maximum": samspil.MaxPageSize},
			"facets_estimated": m{"type": "boolean", "description": "True when the search matched so many documents that the facet counts were scaled up from a sample of them; total is always exact."},
		}),
		"Suggestion": closedAll("One type-ahead entry.", m{
			"type":  m{"type": "string", "enum": types},
			"id":    integer("", 1),
			"title": str(""),
			"kind":  str(""),
		}),
		"SuggestionList": closedAll("Titles starting with the words typed so far.", m{
			"items": array(ref("Suggestion"), ""), "total": m{"type": "integer", "minimum": 0},
		}),
	}
}

// searchParam is a query parameter of /search, documented in place.
func searchParam(name, desc string, schema m) m {
	return m{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
}

func searchPaths() m {
	text := m{"type": "string"}
	ps := append(params(),
		searchParam("q", "Free text, Danish-aware (stems, compounds, æøå, aa = å). Operators are not interpreted; at most 500 characters.", m{"type": "string", "maxLength": samspil.MaxQueryLen}),
		searchParam("type", "organisation, opportunity, case or guide; repeatable.", text),
		searchParam("kind", "Organisation or opportunity kind; repeatable.", text),
		searchParam("region", "Region code; repeatable.", text),
		searchParam("municipality", "Kommunekode; repeatable.", text),
		searchParam("sector", "DB07 section letter; repeatable.", text),
		searchParam("cpv", "Two-digit CPV division; repeatable.", text),
		searchParam("target_group", "Target-group code; repeatable.", text),
		searchParam("rsv", "true: only RSV-registered organisations.", text),
		searchParam("near", "Kommunekode whose centroid distances are measured from.", text),
		searchParam("radius_km", "With near: only hits within this many km (0–500).", text),
		searchParam("open", "Opportunities: true for open ones only.", text),
		searchParam("sort", "relevance (default with text), name (default without), newest or nearest (needs near).", text),
		searchParam("page", "1-based page, at most 1000; a page past the end answers an empty page with the total.", text),
		searchParam("per_page", "1–100, default 20.", text),
	)
	return m{
		"/api/v1/search": get("search", "Search everything",
			"One Danish full-text search over organisations, opportunities, cases and guides, with facets, sorting, pagination and a distance filter. Unknown facet values, a negative radius or a too long query are answered 400 with every problem listed.",
			okGet("One page of results.", "SearchResult"), ps, "400"),
		"/api/v1/search/suggest": get("suggestSearch", "Type-ahead suggestions",
			"Titles that start with the words typed so far (the last one as a prefix). An empty q gives an empty list.",
			okGet("Suggestions, best first.", "SuggestionList"),
			append(params(),
				searchParam("q", "The words typed so far.", m{"type": "string", "maxLength": samspil.MaxQueryLen}),
				searchParam("limit", "", m{"type": "integer", "minimum": 1, "maximum": MaxSuggestLimit, "default": DefaultSuggestLimit}),
			), "400"),
	}
}
