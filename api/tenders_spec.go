package api

import (
	"bytes"
	"encoding/json"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/ocds"
)

// The OpenAPI parts of the tenders and their OCDS open data. They are
// merged into the served document when the routes are registered, so this
// file and tenders.go change together.

// addTenderSpec merges the tender paths, schemas, parameters and tags
// into the document New encoded, keeping every other part as it was.
func (s *server) addTenderSpec() {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(s.spec))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		panic("api: cannot decode the OpenAPI document: " + err.Error())
	}
	section := func(parent map[string]any, name string) map[string]any {
		if x, ok := parent[name].(map[string]any); ok {
			return x
		}
		x := map[string]any{}
		parent[name] = x
		return x
	}
	components := section(doc, "components")
	for _, add := range []struct {
		into map[string]any
		from m
	}{
		{section(doc, "paths"), tenderPaths()},
		{section(components, "schemas"), tenderSchemas()},
		{section(components, "parameters"), tenderParams()},
	} {
		for k, v := range add.from {
			add.into[k] = v
		}
	}
	tags, _ := doc["tags"].([]any)
	doc["tags"] = append(tags,
		m{"name": "tenders", "description": "The municipalities' published tenders (udbud og indkøb) with social criteria."},
		m{"name": "open data", "description": "The tenders as Open Contracting Data Standard 1.1 releases, records and packages (see docs/opendata.md)."})
	spec, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("api: cannot encode the OpenAPI document: " + err.Error())
	}
	s.spec = spec
}

func reservationNames() []string {
	return []string{string(samspil.ReserveNone), string(samspil.ReserveShelteredWorkshop), string(samspil.ReservePublicService)}
}

func tenderDateSchema() m {
	return m{"type": "string", "format": "date", "description": "A Danish date, YYYY-MM-DD."}
}

func tenderSummaryProps() m {
	return m{
		"id":                integer("", 1),
		"ocid":              str("The Open Contracting ID of the tender: the OCID prefix, a dash and id."),
		"title":             str(""),
		"status":            m{"type": "string", "enum": statusNames(publicTenderStatuses), "description": "Drafts are never shown."},
		"procedure":         m{"type": "string", "enum": procedureNames(), "description": "reserveret = reserved contract (udbudsloven § 20), social_klausul = open procedure with social clauses, light_regime = social and other specific services, under_taerskel = below the EU threshold, rammeaftale = framework agreement."},
		"buyer_id":          integer("The municipality's organisation.", 1),
		"buyer_name":        str(""),
		"municipality_code": m{"type": "string", "pattern": "^[0-9]{4}$", "description": "The place of performance."},
		"municipality_name": str(""),
		"main_cpv":          m{"type": "string", "pattern": "^[0-9]{8}-[0-9]$", "description": "The main CPV 2008 code."},
		"value_ore":         m{"type": "integer", "format": "int64", "minimum": 0, "description": "The estimated value excl. VAT over the whole period, in øre."},
		"reserved":          m{"type": "boolean", "description": "The tender or one of its lots is reserved."},
		"published_at":      dateTime(true),
		"tender_deadline":   dateTime(false),
		"updated_at":        dateTime(false),
		"href":              str("The API path of the whole tender."),
		"web_url":           str("The tender's page on the platform."),
	}
}

func tenderSchemas() m {
	full := tenderSummaryProps()
	for k, v := range (m{
		"description":        str("Markdown."),
		"additional_cpv":     array(m{"type": "string", "pattern": "^[0-9]{8}-[0-9]$"}, "Additional CPV codes."),
		"lots":               array(ref("TenderLot"), "The lots, by number."),
		"place_text":         str("More about the place of performance."),
		"reservation":        m{"type": "string", "enum": reservationNames(), "description": "Who may take part in the whole tender, in the words of the OCDS Other Requirements extension; empty when open to everyone."},
		"social_goals":       array(m{"type": "string", "enum": samspil.SocialGoals}, "Social goals as codes of the OCDS sustainability extension."),
		"social_criteria":    str("The social criteria and clauses in plain words (Markdown)."),
		"questions_deadline": dateTime(false),
		"expected_award":     tenderDateSchema(),
		"contract_start":     tenderDateSchema(),
		"contract_end":       tenderDateSchema(),
		"cancel_reason":      str("Why the tender was cancelled; empty otherwise."),
		"award":              m{"anyOf": []any{ref("TenderAward"), m{"type": "null"}}, "description": "Who won; null unless awarded."},
		"ocds_record_url":    str("The tender's OCDS record package."),
		"ocds_releases_url":  str("The tender's OCDS release package."),
	}) {
		full[k] = v
	}
	openPackage := func(desc string, required ...string) m {
		return m{"type": "object", "description": desc, "required": required,
			"properties": m{
				"uri":           m{"type": "string", "description": "The canonical URL of this package: the URL that returns it."},
				"version":       m{"type": "string", "enum": []string{ocds.Version}},
				"extensions":    array(m{"type": "string"}, "The extension.json URLs of the OCDS extensions used; the last is this platform's own, served under /api/v1/ocds/extension/."),
				"publishedDate": m{"type": "string", "format": "date-time"},
				"publisher":     m{"type": "object", "required": []string{"name"}},
				"license":       m{"type": "string"},
			}}
	}
	return m{
		"TenderSummary": closedAll("A tender in a list. Every property is always present.", tenderSummaryProps()),
		"Tender":        closedAll("A published, awarded or cancelled tender. Every property is always present.", full),
		"TenderPage": closedAll("One page of tenders.", m{
			"items":    array(ref("TenderSummary"), ""),
			"total":    m{"type": "integer", "minimum": 0, "description": "Number of matches on all pages."},
			"page":     m{"type": "integer", "minimum": 1},
			"per_page": m{"type": "integer", "minimum": 1, "maximum": samspil.MaxPageSize},
		}),
		"TenderLot": closedAll("A lot: a part that is bid for and awarded on its own.", m{
			"number":      integer("1, 2, … unique in the tender.", 1),
			"title":       str(""),
			"description": str(""),
			"value_ore":   m{"type": "integer", "format": "int64", "minimum": 0, "description": "Estimated value in øre; 0 when not stated."},
			"reservation": m{"type": "string", "enum": reservationNames()},
		}),
		"TenderAward": closedAll("The award.", m{
			"suppliers":      array(ref("TenderSupplier"), "The winning organisations."),
			"value_ore":      m{"type": "integer", "format": "int64", "minimum": 1, "description": "The awarded value excl. VAT in øre."},
			"contract_start": tenderDateSchema(),
			"contract_end":   tenderDateSchema(),
			"section20_note": str("For a tender reserved under § 20: how the suppliers meet the 30 % condition."),
			"awarded_at":     dateTime(false),
			"signed_at":      dateTime(true),
		}),
		"TenderSupplier": closedAll("An awarded supplier.", m{
			"id":   integer("The organisation, see /api/v1/organisations/{id}.", 1),
			"name": str(""),
		}),
		"OCDSReleasePackage": openPackage("An OCDS 1.1 release package, valid against the official release-package-schema.json of OCDS 1.1.5 with the listed extensions. "+
			"The bulk download adds links.next (and links.prev) of the pagination extension when there are more pages.",
			"uri", "version", "publishedDate", "publisher", "releases"),
		"OCDSRecordPackage": openPackage("An OCDS 1.1 record package with one record: the tender's releases (embedded) and its compiled release.",
			"uri", "version", "publishedDate", "publisher", "records"),
	}
}

func tenderParams() m {
	return m{
		"tenderId": m{"name": "id", "in": "path", "required": true, "description": "Tender id.",
			"schema": m{"type": "string", "pattern": "^[0-9]+$"}},
		"tenderStatus": m{"name": "status", "in": "query", "required": false, "description": "One status or several, comma-separated; default all but draft.",
			"schema": m{"type": "string"}},
		"procedure": m{"name": "procedure", "in": "query", "required": false,
			"schema": m{"type": "string", "enum": procedureNames()}},
		"cpvPrefix": m{"name": "cpv", "in": "query", "required": false, "description": "A CPV code or the start of one (e.g. 90, 9091, 90911200-8): tenders with a code in that part of the hierarchy.",
			"schema": m{"type": "string", "maxLength": 10}},
		"tenderQuery": m{"name": "q", "in": "query", "required": false, "description": "Words searched with the platform search (Danish word forms).",
			"schema": m{"type": "string", "maxLength": samspil.MaxQueryLen}},
		"tenderSort": m{"name": "sort", "in": "query", "required": false,
			"schema": m{"type": "string", "enum": tenderSorts, "default": samspil.TenderSortDeadline}},
		"from": m{"name": "from", "in": "query", "required": true, "description": "First day (Danish date, YYYY-MM-DD).",
			"schema": m{"type": "string"}},
		"to": m{"name": "to", "in": "query", "required": true, "description": "Last day, included; at most a year after from.",
			"schema": m{"type": "string"}},
		"extensionFile": m{"name": "file", "in": "path", "required": true, "description": "extension.json, release-schema.json or README.md.",
			"schema": m{"type": "string"}},
		"codelistFile": m{"name": "file", "in": "path", "required": true, "description": "danishProcedure.csv.",
			"schema": m{"type": "string"}},
	}
}

func textResponse(desc string, types ...string) m {
	content := m{}
	for _, t := range types {
		switch t {
		case "application/json":
			content[t] = m{"schema": m{"type": "object"}}
		default:
			content[t] = m{"schema": m{"type": "string"}}
		}
	}
	return m{"description": desc,
		"headers": m{"ETag": header("Validator for If-None-Match.", true), "Cache-Control": header("", true)},
		"content": content}
}

func tenderPaths() m {
	tag := func(op m, name string) m {
		op["get"].(m)["tags"] = []string{name}
		return op
	}
	return m{
		"/api/v1/tenders": tag(get("listTenders", "Published tenders",
			"Published, awarded and cancelled tenders; drafts never. Filters combine with AND; every bad parameter is reported at once.",
			okGet("One page of tenders.", "TenderPage"),
			params("tenderStatus", "municipality", "procedure", "cpvPrefix", "tenderQuery", "tenderSort", "page", "per_page"), "400"), "tenders"),
		"/api/v1/tenders/{id}": tag(get("getTender", "One tender",
			"With its lots, social criteria, timeline and award. Drafts answer 404.",
			okGet("The tender.", "Tender"), params("tenderId"), "404"), "tenders"),
		"/api/v1/tenders/{id}/ocds": tag(get("getTenderRecord", "The tender's OCDS record package",
			"One record with every release of the tender embedded and the compiled release. The package's uri is this URL.",
			okGet("The record package.", "OCDSRecordPackage"), params("tenderId"), "404"), "open data"),
		"/api/v1/tenders/{id}/releases": tag(get("getTenderReleases", "The tender's OCDS release package",
			"One release per event: publication (planning, tender), each amendment, a cancellation, the award (award, contract).",
			okGet("The release package.", "OCDSReleasePackage"), params("tenderId"), "404"), "open data"),
		"/api/v1/ocds/releases": tag(get("listOCDSReleases", "Bulk download of OCDS releases",
			"Every release recorded from the start of from to the end of to, Danish time, oldest first, at most a year, "+
				"100 releases per page with links.next to the next page. A range without releases gives a package with an empty releases list.",
			okGet("The release package of one page.", "OCDSReleasePackage"), params("from", "to", "page"), "400"), "open data"),
		"/api/v1/ocds/publication-policy": tag(get("getOCDSPublicationPolicy", "The publication policy",
			"What is published when, in Danish and English (Markdown as plain text).",
			textResponse("The policy.", "text/plain"), params()), "open data"),
		"/api/v1/ocds/extension/{file}": tag(get("getOCDSExtensionFile", "The platform's own OCDS extension",
			"The files of the extension the packages list last: extension.json, release-schema.json (a JSON merge patch of the release schema) and README.md.",
			textResponse("The file.", "application/json", "text/plain"), params("extensionFile"), "404"), "open data"),
		"/api/v1/ocds/extension/codelists/{file}": tag(get("getOCDSExtensionCodelist", "A codelist of the platform's own OCDS extension",
			"danishProcedure.csv: the Danish procedures.",
			textResponse("The codelist.", "text/csv"), params("codelistFile"), "404"), "open data"),
	}
}
