package api

import (
	"github.com/samspil/samspil"
)

// The OpenAPI parts of the case library; openapi.go merges them in.

func nullableDate(desc string) m {
	return m{"type": []string{"string", "null"}, "format": "date", "description": desc}
}

func caseSummaryProps() m {
	return m{
		"id":                integer("", 1),
		"title":             str(""),
		"summary":           str("A plain-text lead of one or two sentences."),
		"model":             m{"type": "string", "enum": modelNames(), "description": "The collaboration model (see docs/architecture.md)."},
		"municipality_code": m{"type": "string", "pattern": "^[0-9]{4}$", "description": "Where the collaboration took place."},
		"municipality_name": str(""),
		"organisation_id":   integer("The publishing organisation.", 1),
		"organisation_name": str(""),
		"period_start":      nullableDate("First day of the collaboration, when known."),
		"period_end":        nullableDate("Last day, when it has ended."),
		"target_groups":     array(m{"type": "string"}, "Target-group codes, see /api/v1/target-groups."),
		"published_at":      dateTime(true),
		"updated_at":        dateTime(false),
		"href":              str("The API path of the whole case."),
		"web_url":           str("The case's page on the platform."),
	}
}

func caseSchemas() m {
	full := caseSummaryProps()
	extra := m{
		"partners":      array(ref("CasePartner"), "The organisations that took part, in the order the case names them."),
		"what_was_done": str("Markdown."),
		"results":       array(ref("CaseResult"), "Measured results."),
		"economy":       str("Markdown."),
		"value_ore":     m{"type": "integer", "format": "int64", "minimum": 0, "description": "Contract or project value in øre; 0 when unknown."},
		"worked_well":   str("Markdown: what worked."),
		"worked_less":   str("Markdown: what did not work."),
		"contact_name":  str("The contact person for other municipalities."),
		"contact_email": str(""),
		"contact_phone": str(""),
		"partnership_id": m{"type": []string{"integer", "null"}, "format": "int64",
			"description": "The partnership on the platform the case tells about, if any."},
		"attachments": array(ref("Attachment"), "Attached documents (PDF, Word, Excel)."),
	}
	for k, v := range extra {
		full[k] = v
	}
	return m{
		"CaseSummary": closedAll("A published case in a list. Every property is always present.", caseSummaryProps()),
		"Case":        closedAll("A published case with its results, partners and documents. Every property is always present.", full),
		"CasePage": closedAll("One page of published cases.", m{
			"items":    array(ref("CaseSummary"), ""),
			"total":    m{"type": "integer", "minimum": 0, "description": "Number of matches on all pages."},
			"page":     m{"type": "integer", "minimum": 1},
			"per_page": m{"type": "integer", "minimum": 1, "maximum": samspil.MaxPageSize},
		}),
		"CaseResult": closedAll("One measured result, e.g. 12 people in ordinary work in 2023.", m{
			"metric": str("What was measured."),
			"value":  m{"type": "number"},
			"unit":   str(""),
			"period": str("Free text: \"2023\", \"jan.–jun. 2024\"."),
		}),
		"CasePartner": closedAll("An organisation that took part.", m{
			"organisation_id": m{"type": []string{"integer", "null"}, "format": "int64", "description": "Its profile on the platform; null when it has none."},
			"name":            str(""),
			"role":            str("E.g. leverandør, mentor, kommune."),
		}),
		"Attachment": closedAll("An attached document. The content was checked to be what content_type says.", m{
			"id":           integer("", 1),
			"name":         str("The file name."),
			"content_type": m{"type": "string", "enum": []string{samspil.ContentPDF, samspil.ContentDOCX, samspil.ContentXLSX}},
			"size":         m{"type": "integer", "format": "int64", "minimum": 1, "maximum": samspil.MaxAttachmentSize},
			"sha256":       m{"type": "string", "pattern": "^[0-9a-f]{64}$"},
			"created_at":   dateTime(false),
			"url":          str("Where to download it; served as an attachment, never inline."),
		}),
	}
}

func caseParams() m {
	return m{
		"caseId": m{"name": "id", "in": "path", "required": true, "description": "Case id.",
			"schema": m{"type": "string", "pattern": "^[0-9]+$"}},
		"caseQuery": m{"name": "q", "in": "query", "required": false, "description": "Words searched in the cases with the platform search (Danish word forms).",
			"schema": m{"type": "string", "maxLength": samspil.MaxQueryLen}},
		"model": m{"name": "model", "in": "query", "required": false, "description": "Collaboration model.",
			"schema": m{"type": "string", "enum": modelNames()}},
	}
}

func casePaths() m {
	return m{
		"/api/v1/cases": get("listCases", "The case library",
			"Published cases, newest first. Filters combine with AND; every bad parameter is reported at once.",
			okGet("One page of published cases.", "CasePage"), params("caseQuery", "model", "municipality", "page", "per_page"), "400"),
		"/api/v1/cases/{id}": get("getCase", "One published case",
			"With its measured results, partners and documents. Cases that are not published answer 404.",
			okGet("The case.", "Case"), params("caseId"), "404"),
	}
}
