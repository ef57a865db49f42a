package api

import (
	"slices"

	"github.com/samspil/samspil"
)

// The OpenAPI 3.1 document is written by hand, as Go values, next to the
// handlers it describes; spec_test.go sends real requests to every
// operation and validates status, headers and bodies against it, so the
// two cannot drift apart unnoticed.

// m is a JSON object in the document.
type m = map[string]any

func ref(name string) m { return m{"$ref": "#/components/schemas/" + name} }

func str(desc string) m { return m{"type": "string", "description": desc} }

func strMax(desc string, max int) m {
	return m{"type": "string", "maxLength": max, "description": desc}
}

func nullable(s m) m {
	out := m{}
	for k, v := range s {
		out[k] = v
	}
	if t, ok := s["type"].(string); ok {
		out["type"] = []string{t, "null"}
	}
	return out
}

func integer(desc string, min int64) m {
	return m{"type": "integer", "format": "int64", "minimum": min, "description": desc}
}

func array(items m, desc string) m { return m{"type": "array", "items": items, "description": desc} }

// object is a closed object schema: every property named in required must
// be present and no others are allowed.
func object(desc string, props m, required ...string) m {
	if required == nil {
		required = []string{}
	}
	return m{"type": "object", "description": desc, "properties": props, "required": required, "additionalProperties": false}
}

// closedAll is an object whose properties are all required.
func closedAll(desc string, props m) m {
	req := make([]string, 0, len(props))
	for k := range props {
		req = append(req, k)
	}
	slices.Sort(req)
	return object(desc, props, req...)
}

func kindNames(kinds []samspil.OrgKind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

// problemCodes are the values of Problem.code.
var problemCodes = []string{
	samspil.EINVALID, samspil.ENOTFOUND, samspil.ECONFLICT, samspil.EUNAUTHORIZED, samspil.EFORBIDDEN,
	samspil.ETOOMANY, samspil.EINTERNAL, "method_not_allowed", "too_large", "unsupported_media_type",
}

func schemas() m {
	rsvCriterion := closedAll("One RSV criterion, declared by the organisation itself with a short justification.", m{
		"declared":      m{"type": "boolean"},
		"justification": strMax("Why the organisation meets the criterion.", samspil.MaxJustification),
	})
	rsvCriterionInput := object("Sets one criterion; absent properties keep their value.", m{
		"declared":      m{"type": "boolean"},
		"justification": strMax("Why the organisation meets the criterion.", samspil.MaxJustification),
	})
	criteria := func(item m, closed bool) m {
		props := m{}
		for _, k := range samspil.RSVCriteriaKeys {
			props[k] = item
		}
		if closed {
			return closedAll("The five criteria of the Danish register of social enterprises (RSV).", props)
		}
		return object("Some or all of the five RSV criteria; absent criteria keep their value and null clears one.", props)
	}
	effectProps := m{
		"year":                  m{"type": "integer", "minimum": 1990, "maximum": 2100},
		"target_group_employed": m{"type": "integer", "minimum": 0, "description": "People from target groups employed during the year."},
		"to_ordinary_work":      m{"type": "integer", "minimum": 0, "description": "Transitions to ordinary work."},
		"to_education":          m{"type": "integer", "minimum": 0, "description": "Transitions to education."},
		"people_in_programmes":  m{"type": "integer", "minimum": 0, "description": "People in programmes (forløb) during the year."},
		"note":                  str("A short note."),
	}
	problemRequired := []string{"type", "title", "status", "detail", "instance", "code", "key", "errors"}

	orgInput := func(patch bool) m {
		maybe := func(s m) m {
			if patch {
				return nullable(s)
			}
			return s
		}
		kinds := kindNames(creatableKinds)
		if patch {
			kinds = kindNames(samspil.OrgKinds)
		}
		props := m{
			"name":                    m{"type": "string", "minLength": 1, "maxLength": samspil.MaxNameLen},
			"cvr":                     maybe(m{"type": "string", "description": "CVR number, 8 digits passing the modulus-11 check; spaces and a DK prefix are accepted. Required for sov and virksomhed."}),
			"kind":                    m{"type": "string", "enum": kinds, "description": "kommune profiles exist from the reference data; a kommune's kind cannot change."},
			"municipality_code":       m{"type": "string", "pattern": "^[0-9]{4}$", "description": "Official four-digit kommunekode, see /api/v1/municipalities."},
			"address":                 maybe(strMax("", samspil.MaxShortTextLen)),
			"postal_code":             maybe(m{"type": "string", "pattern": "^([0-9]{4})?$"}),
			"city":                    maybe(strMax("", samspil.MaxShortTextLen)),
			"website":                 maybe(strMax("A web address; https:// is added when missing.", samspil.MaxShortTextLen)),
			"email":                   maybe(strMax("", samspil.MaxShortTextLen)),
			"phone":                   maybe(strMax("", 40)),
			"description":             maybe(strMax("", samspil.MaxDescriptionLen)),
			"sectors":                 maybe(array(m{"type": "string", "pattern": "^[A-Ua-u]$"}, "DB07 section letters A–U.")),
			"cpv_codes":               maybe(array(m{"type": "string"}, "CPV 2008 codes, with or without check digit, see /api/v1/cpv.")),
			"target_groups":           maybe(array(m{"type": "string"}, "Target-group codes, see /api/v1/target-groups.")),
			"capacity":                maybe(m{"type": "integer", "minimum": 0}),
			"turnover_ore":            maybe(m{"type": "integer", "format": "int64", "minimum": 0, "description": "Yearly turnover in øre (1 krone = 100 øre)."}),
			"employees":               maybe(m{"type": "integer", "minimum": 0}),
			"disadvantaged_employees": maybe(m{"type": "integer", "minimum": 0, "description": "Of employees: disabled or disadvantaged; at most employees."}),
			"effects":                 maybe(array(ref("SocialEffectInput"), "Documented social effects per year; replaces the whole list.")),
		}
		if patch {
			// in 3.1 a $ref can be made nullable only through a union
			props["rsv_criteria"] = m{"anyOf": []any{criteria(m{"anyOf": []any{ref("RSVCriterionInput"), m{"type": "null"}}}, false), m{"type": "null"}}}
			return object("A partial update in the style of JSON merge patch (RFC 7396): absent properties are left as they are, null clears a property.", props)
		}
		props["rsv_criteria"] = criteria(ref("RSVCriterionInput"), false)
		return object("A new organisation. The caller becomes its admin.", props, "name", "kind", "municipality_code")
	}

	return m{
		"Problem": object("An RFC 9457 problem. detail and errors[].detail are in the caller's language (Accept-Language or ?lang=, Danish by default).", m{
			"type":     m{"type": "string", "pattern": "^urn:samspil:problem:", "description": "urn:samspil:problem: followed by code."},
			"title":    str("A short summary of the kind of problem, in the caller's language."),
			"status":   m{"type": "integer", "minimum": 400, "maximum": 599},
			"detail":   str("What went wrong, in the caller's language."),
			"instance": str("The path of the request."),
			"code":     m{"type": "string", "enum": problemCodes, "description": "Machine-readable kind of problem."},
			"key":      str("Translation key of detail."),
			"errors":   array(ref("FieldProblem"), "One entry per broken rule; empty unless code is invalid."),
		}, problemRequired...),
		"FieldProblem": closedAll("A broken rule on one JSON property or query parameter.", m{
			"field":  str("The property or parameter name; nested properties are joined with dots."),
			"key":    str("Translation key of detail."),
			"detail": str("What to correct, in the caller's language."),
		}),
		"Municipality": closedAll("One of the 98 Danish municipalities.", m{
			"code":            m{"type": "string", "pattern": "^[0-9]{4}$", "description": "Official kommunekode."},
			"name":            str("Danish name."),
			"region_code":     m{"type": "string", "pattern": "^108[1-5]$"},
			"region_name":     str(""),
			"lat":             m{"type": "number", "description": "Latitude of the area-weighted centroid."},
			"lon":             m{"type": "number", "description": "Longitude of the area-weighted centroid."},
			"area_km2":        m{"type": "number", "minimum": 0},
			"organisation_id": m{"type": []string{"integer", "null"}, "format": "int64", "description": "The municipality's own organisation profile."},
		}),
		"MunicipalityList": closedAll("All municipalities, ordered by code.", m{"items": array(ref("Municipality"), ""), "total": m{"type": "integer", "minimum": 0}}),
		"Region": closedAll("One of the five Danish regions.", m{
			"code":       m{"type": "string", "pattern": "^108[1-5]$"},
			"name":       str(""),
			"iso_3166_2": m{"type": "string", "pattern": "^DK-[0-9]{2}$"},
			"nuts2":      m{"type": "string", "pattern": "^DK0[0-9]$"},
			"lat":        m{"type": "number"},
			"lon":        m{"type": "number"},
		}),
		"RegionList":  closedAll("All regions, ordered by code.", m{"items": array(ref("Region"), ""), "total": m{"type": "integer", "minimum": 0}}),
		"TargetGroup": closedAll("A group of people organisations work with.", m{"code": m{"type": "string", "pattern": "^[a-z0-9_]+$"}, "name_da": str(""), "name_en": str("")}),
		"TargetGroupList": closedAll("All target groups, ordered by Danish name.", m{
			"items": array(ref("TargetGroup"), ""), "total": m{"type": "integer", "minimum": 0},
		}),
		"CPV": closedAll("A code of the Common Procurement Vocabulary (CPV 2008).", m{
			"code":           m{"type": "string", "pattern": "^[0-9]{8}-[0-9]$", "description": "With check digit."},
			"code8":          m{"type": "string", "pattern": "^[0-9]{8}$"},
			"level":          m{"type": "integer", "minimum": 1, "maximum": 7, "description": "1 = division (XX000000) … 7 = most specific."},
			"parent":         m{"type": []string{"string", "null"}, "pattern": "^[0-9]{8}$", "description": "The nearest existing ancestor's eight digits."},
			"label_da":       str(""),
			"label_en":       str(""),
			"social_service": m{"type": "boolean", "description": "Part of the light regime for social and other specific services."},
		}),
		"CPVList":            closedAll("Matching CPV codes, best first.", m{"items": array(ref("CPV"), ""), "total": m{"type": "integer", "minimum": 0}}),
		"RSVCriterion":       rsvCriterion,
		"RSVCriteria":        criteria(ref("RSVCriterion"), true),
		"RSVCriterionInput":  rsvCriterionInput,
		"SocialEffect":       closedAll("One year of documented social effects.", effectProps),
		"SocialEffectInput":  object("One year of documented social effects.", effectProps, "year"),
		"OrganisationCreate": orgInput(false),
		"OrganisationPatch":  orgInput(true),
		"Organisation":       organisationSchema(),
		"OrganisationPage": closedAll("One page of organisations.", m{
			"items":    array(ref("Organisation"), ""),
			"total":    m{"type": "integer", "minimum": 0, "description": "Number of matches on all pages."},
			"page":     m{"type": "integer", "minimum": 1},
			"per_page": m{"type": "integer", "minimum": 1, "maximum": samspil.MaxPageSize},
		}),
	}
}

func organisationSchema() m {
	return closedAll("An organisation profile. Every property is always present.", m{
		"id":                                integer("", 1),
		"cvr":                               m{"type": "string", "pattern": "^([1-9][0-9]{7})?$", "description": "Eight digits; empty for bodies without CVR."},
		"name":                              str(""),
		"kind":                              m{"type": "string", "enum": kindNames(samspil.OrgKinds), "description": "sov = social-economy enterprise, virksomhed = company, kommune = municipality, andet = other."},
		"municipality_code":                 m{"type": "string", "pattern": "^[0-9]{4}$"},
		"municipality_name":                 str(""),
		"region_code":                       m{"type": "string", "pattern": "^(108[1-5])?$"},
		"address":                           str(""),
		"postal_code":                       m{"type": "string", "pattern": "^([0-9]{4})?$"},
		"city":                              str(""),
		"website":                           str(""),
		"email":                             str(""),
		"phone":                             str(""),
		"description":                       str(""),
		"sectors":                           array(m{"type": "string"}, "DB07 section letters."),
		"cpv_codes":                         array(m{"type": "string", "pattern": "^[0-9]{8}-[0-9]$"}, "CPV 2008 codes with check digit."),
		"target_groups":                     array(m{"type": "string"}, "Target-group codes."),
		"capacity":                          m{"type": "integer", "minimum": 0, "description": "Places for people in programmes."},
		"turnover_ore":                      m{"type": "integer", "format": "int64", "minimum": 0, "description": "Yearly turnover in øre."},
		"employees":                         m{"type": "integer", "minimum": 0},
		"disadvantaged_employees":           m{"type": "integer", "minimum": 0},
		"disadvantaged_share":               m{"type": "integer", "minimum": 0, "maximum": 100, "description": "Per cent of employees who are disabled or disadvantaged, rounded down."},
		"meets_reserved_contract_condition": m{"type": "boolean", "description": "Self-declared: at least 30% disabled or disadvantaged employees (udbudsloven § 20)."},
		"rsv_criteria":                      ref("RSVCriteria"),
		"rsv_registered":                    m{"type": "boolean", "description": "Checked by a platform admin against the RSV register."},
		"rsv_verified_at":                   m{"type": []string{"string", "null"}, "format": "date-time"},
		"effects":                           array(ref("SocialEffect"), ""),
		"possibly_stale":                    m{"type": "boolean", "description": "Not updated for 12 months."},
		"created_at":                        m{"type": "string", "format": "date-time"},
		"updated_at":                        m{"type": "string", "format": "date-time"},
	})
}

// responses

func header(desc string, required bool) m {
	return m{"description": desc, "required": required, "schema": m{"type": "string"}}
}

var problemHeaders = m{"Content-Language": header("The language of detail: da or en.", true)}

func problemResponse(desc string, extra m) m {
	h := m{}
	for k, v := range problemHeaders {
		h[k] = v
	}
	for k, v := range extra {
		h[k] = v
	}
	return m{"description": desc, "headers": h, "content": m{"application/problem+json": m{"schema": ref("Problem")}}}
}

func okGet(desc, schema string) m {
	return m{
		"description": desc,
		"headers": m{
			"ETag":          header("Validator for If-None-Match.", true),
			"Cache-Control": header("", true),
		},
		"content": m{"application/json": m{"schema": ref(schema)}},
	}
}

func responses(ok m, okStatus string, statuses ...string) m {
	out := m{okStatus: ok, "500": m{"$ref": "#/components/responses/Internal"}}
	for _, s := range statuses {
		name := map[string]string{"304": "NotModified", "400": "BadRequest", "401": "Unauthorized", "403": "Forbidden",
			"404": "NotFound", "409": "Conflict", "413": "TooLarge", "415": "UnsupportedMediaType"}[s]
		out[s] = m{"$ref": "#/components/responses/" + name}
	}
	return out
}

func param(name string) m { return m{"$ref": "#/components/parameters/" + name} }

// langParams are accepted by every operation and choose the language of
// problem details.
var langParams = []any{param("lang"), param("Accept-Language")}

func params(ps ...string) []any {
	out := append([]any{}, langParams...)
	for _, p := range ps {
		out = append(out, param(p))
	}
	return out
}

func get(id, summary, desc string, ok m, ps []any, statuses ...string) m {
	return m{"get": m{
		"operationId": id, "summary": summary, "description": desc, "tags": []string{tagFor(id)},
		"parameters": ps,
		"responses":  responses(ok, "200", append([]string{"304"}, statuses...)...),
	}}
}

func tagFor(id string) string {
	switch id {
	case "listOrganisations", "getOrganisation", "createOrganisation", "updateOrganisation":
		return "organisations"
	case "getOpenAPI":
		return "meta"
	case "listOpportunities", "getOpportunity", "createOpportunity", "getOpportunityMatches", "createInterest", "getOrganisationMatches":
		return "opportunities"
	case "search", "suggestSearch":
		return "search"
	case "listCases", "getCase", "listGuides", "getGuide", "listStrategies":
		return "knowledge"
	case "getMunicipalitySpend":
		return "procurement"
	}
	return "reference data"
}

func body(schema string, types ...string) m {
	content := m{}
	for _, t := range types {
		content[t] = m{"schema": ref(schema)}
	}
	return m{"required": true, "content": content}
}

// openAPIDocument returns the OpenAPI 3.1 description of the API served
// from baseURL.
func openAPIDocument(baseURL string) m {
	server := baseURL
	if server == "" {
		server = "/"
	}
	paths := m{
		"/api/v1/openapi.json": get("getOpenAPI", "This document", "The OpenAPI 3.1 description of the API.",
			m{"description": "The document.", "headers": m{"ETag": header("", true), "Cache-Control": header("", true)},
				"content": m{"application/json": m{"schema": m{"type": "object"}}}}, params()),
		"/api/v1/municipalities": get("listMunicipalities", "All 98 municipalities", "",
			okGet("All municipalities.", "MunicipalityList"), params()),
		"/api/v1/municipalities/{code}": get("getMunicipality", "One municipality", "",
			okGet("The municipality.", "Municipality"), params("code"), "404"),
		"/api/v1/regions": get("listRegions", "All five regions", "",
			okGet("All regions.", "RegionList"), params()),
		"/api/v1/target-groups": get("listTargetGroups", "All target groups", "The list is extendable by platform admins.",
			okGet("All target groups.", "TargetGroupList"), params()),
		"/api/v1/cpv": get("searchCPV", "Search CPV codes",
			"Finds CPV 2008 codes whose code starts with q or whose label (in lang, then the other language) contains every word of q. lang also chooses the language of problem details.",
			okGet("Matching codes, best first.", "CPVList"), params("q", "limit"), "400"),
		"/api/v1/cpv/{code}": get("getCPV", "One CPV code", "The code may be given with or without its check digit.",
			okGet("The code.", "CPV"), params("cpvCode"), "404"),
		"/api/v1/organisations": m{
			"get": get("listOrganisations", "Search the directory", "Filters combine with AND. Every bad parameter is reported at once.",
				okGet("One page of matches.", "OrganisationPage"),
				params("orgQuery", "kind", "municipality", "region", "target_group", "rsv_registered", "sort", "page", "per_page"), "400")["get"],
			"post": m{
				"operationId": "createOrganisation", "summary": "Create an organisation", "tags": []string{"organisations"},
				"description": "Creates an SØV, company or other organisation; the token's user becomes its admin.",
				"security":    []any{m{"bearerAuth": []string{}}},
				"parameters":  params(),
				"requestBody": body("OrganisationCreate", "application/json"),
				"responses": responses(m{
					"description": "The new organisation.",
					"headers":     m{"Location": header("The URL of the new organisation.", true)},
					"content":     m{"application/json": m{"schema": ref("Organisation")}},
				}, "201", "400", "401", "409", "413", "415"),
			},
		},
		"/api/v1/organisations/{id}": m{
			"get": get("getOrganisation", "One organisation", "", okGet("The organisation.", "Organisation"), params("id"), "404")["get"],
			"patch": m{
				"operationId": "updateOrganisation", "summary": "Update an organisation", "tags": []string{"organisations"},
				"description": "Only the organisation's admins and platform admins may update it.",
				"security":    []any{m{"bearerAuth": []string{}}},
				"parameters":  params("id"),
				"requestBody": body("OrganisationPatch", "application/merge-patch+json", "application/json"),
				"responses": responses(m{
					"description": "The updated organisation.",
					"content":     m{"application/json": m{"schema": ref("Organisation")}},
				}, "200", "400", "401", "403", "404", "409", "413", "415"),
			},
		},
	}
	for _, more := range []m{opportunityPaths(), searchPaths(), casePaths(), guidePaths(), strategyPaths(), spendPaths()} {
		for k, v := range more {
			paths[k] = v
		}
	}
	components := schemas()
	for _, more := range []m{opportunitySchemas(), searchSchemas(), caseSchemas(), guideSchemas(), strategySchemas(), spendSchemas()} {
		for k, v := range more {
			components[k] = v
		}
	}
	doc := m{
		"openapi": "3.1.0",
		"info": m{
			"title":   "Samspil API",
			"version": "1.0.0",
			"summary": "Municipalities, social-economy enterprises (SØV) and companies in Denmark.",
			"description": "Read access is open. Writes need a personal API token (created on your user page) " +
				"sent as Authorization: Bearer sps_…. Errors are RFC 9457 problems (application/problem+json) " +
				"whose detail is Danish by default and English with Accept-Language: en or ?lang=en. " +
				"Every kind of bad input, from malformed JSON to a broken domain rule, is answered 400.",
		},
		"servers": []any{m{"url": server}},
		"tags": []any{
			m{"name": "organisations", "description": "The directory of organisations."},
			m{"name": "reference data", "description": "Official lists: municipalities, regions, CPV codes, target groups."},
			m{"name": "opportunities", "description": "The opportunity board and explained matchmaking."},
			m{"name": "search", "description": "The platform search over every document type."},
			m{"name": "knowledge", "description": "The national knowledge platform: published cases, the guide to the collaboration models, and the municipalities' strategies."},
			m{"name": "procurement", "description": "A municipality's spend and its share with social-economy enterprises, from the finance data it imported."},
			m{"name": "meta", "description": "This document."},
		},
		"paths": paths,
		"components": m{
			"schemas": components,
			"securitySchemes": m{
				"bearerAuth": m{"type": "http", "scheme": "bearer", "bearerFormat": "sps_ token",
					"description": "A personal API token, created on the user's page; only its hash is stored."},
			},
			"parameters": m{
				"lang": m{"name": "lang", "in": "query", "required": false,
					"description": "Language of problem details (and of CPV search); wins over Accept-Language.",
					"schema":      m{"type": "string", "enum": []string{"da", "en"}}},
				"Accept-Language": m{"name": "Accept-Language", "in": "header", "required": false,
					"description": "da (default) or en.", "schema": m{"type": "string"}},
				"code": m{"name": "code", "in": "path", "required": true, "description": "Four-digit kommunekode.",
					"schema": m{"type": "string"}},
				"cpvCode": m{"name": "code", "in": "path", "required": true, "description": "A CPV code, e.g. 90911200-8 or 90911200.",
					"schema": m{"type": "string"}},
				"id": m{"name": "id", "in": "path", "required": true, "description": "Organisation id.",
					"schema": m{"type": "string", "pattern": "^[0-9]+$"}},
				"q": m{"name": "q", "in": "query", "required": true, "description": "Words of the label or the start of the code.",
					"schema": m{"type": "string", "minLength": 1, "maxLength": MaxQueryLen}},
				"limit": m{"name": "limit", "in": "query", "required": false,
					"schema": m{"type": "integer", "minimum": 1, "maximum": MaxCPVLimit, "default": DefaultCPVLimit}},
				"orgQuery": m{"name": "q", "in": "query", "required": false, "description": "Matched against name, description and CVR.",
					"schema": m{"type": "string", "maxLength": MaxQueryLen}},
				"kind": m{"name": "kind", "in": "query", "required": false,
					"schema": m{"type": "string", "enum": kindNames(samspil.OrgKinds)}},
				"municipality": m{"name": "municipality", "in": "query", "required": false, "description": "Kommunekode.",
					"schema": m{"type": "string", "pattern": "^[0-9]{4}$"}},
				"region": m{"name": "region", "in": "query", "required": false, "description": "Region code.",
					"schema": m{"type": "string", "enum": []string{"1081", "1082", "1083", "1084", "1085"}}},
				"target_group": m{"name": "target_group", "in": "query", "required": false, "description": "Target-group code.",
					"schema": m{"type": "string", "pattern": "^[a-z0-9_]+$"}},
				"rsv_registered": m{"name": "rsv_registered", "in": "query", "required": false,
					"schema": m{"type": "boolean"}},
				"sort": m{"name": "sort", "in": "query", "required": false,
					"schema": m{"type": "string", "enum": organisationSorts, "default": "name"}},
				"page": m{"name": "page", "in": "query", "required": false,
					"schema": m{"type": "integer", "minimum": 1, "maximum": MaxPage, "default": 1}},
				"per_page": m{"name": "per_page", "in": "query", "required": false,
					"schema": m{"type": "integer", "minimum": 1, "maximum": samspil.MaxPageSize, "default": samspil.DefaultPageSize}},
			},
			"responses": m{
				"NotModified":          m{"description": "The ETag in If-None-Match still matches."},
				"BadRequest":           problemResponse("Bad input: malformed JSON, an unknown property, a wrong type, a bad parameter or a broken rule. errors lists each problem.", nil),
				"Unauthorized":         problemResponse("No valid API token.", m{"WWW-Authenticate": header("Bearer challenge.", true)}),
				"Forbidden":            problemResponse("The token's user may not do this.", nil),
				"NotFound":             problemResponse("No such thing.", nil),
				"Conflict":             problemResponse("Clashes with stored data, e.g. the CVR number is already registered.", nil),
				"TooLarge":             problemResponse("The body is larger than 1 MiB.", nil),
				"UnsupportedMediaType": problemResponse("The body is not declared as JSON.", nil),
				"Internal":             problemResponse("A fault of ours; the detail is generic and the cause is logged.", nil),
			},
		},
	}
	ps := doc["components"].(m)["parameters"].(m)
	for _, more := range []m{opportunityParams(), caseParams(), guideParams()} {
		for k, v := range more {
			ps[k] = v
		}
	}
	return doc
}
