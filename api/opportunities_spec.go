package api

import (
	"github.com/samspil/samspil"
	"github.com/samspil/samspil/match"
)

// The OpenAPI parts of the opportunity board and matchmaking; openapi.go
// merges them into the document.

func score01(desc string) m {
	return m{"type": "number", "minimum": 0, "maximum": 1, "description": desc}
}

func dateTime(nullable bool) m {
	if nullable {
		return m{"type": []string{"string", "null"}, "format": "date-time"}
	}
	return m{"type": "string", "format": "date-time"}
}

func opportunitySchemas() m {
	kinds := oppKindNames()
	parts := func(desc string) m {
		return closedAll(desc, m{
			"cpv": score01("CPV overlap, or expertise fit for mentoring kinds."), "distance": score01(""),
			"target_group": score01(""), "capacity": score01(""), "rsv": score01(""),
			"track_record": score01(""), "freshness": score01(""),
		})
	}
	return m{
		"Opportunity": closedAll("A post on the opportunity board. Every property is always present.", m{
			"id":                  integer("", 1),
			"organisation_id":     integer("The posting organisation.", 1),
			"organisation_name":   str(""),
			"kind":                m{"type": "string", "enum": kinds, "description": "indkobsbehov = a municipality's procurement need, jobbehov = a labour need, ydelse = an SØV's offer, partnerskab = a call for partners, mentor_tilbud = a mentoring offer, mentor_behov = a wish for competence lift."},
			"title":               str(""),
			"description":         str(""),
			"cpv_codes":           array(m{"type": "string", "pattern": "^[0-9]{8}-[0-9]$"}, "CPV 2008 codes with check digit; empty for mentoring kinds."),
			"expertise_areas":     array(m{"type": "string", "enum": samspil.ExpertiseAreas}, "For mentoring kinds."),
			"target_groups":       array(m{"type": "string"}, "Target-group codes."),
			"municipality_code":   m{"type": "string", "pattern": "^[0-9]{4}$", "description": "Where the work happens."},
			"municipality_name":   str(""),
			"radius_km":           m{"type": "integer", "minimum": 0, "maximum": samspil.MaxOpportunityRadiusKm, "description": "How far from there a partner may be; 0 = the whole country."},
			"volume":              m{"type": "integer", "minimum": 0, "description": "Size of the need or offer: places, persons or hours per month; 0 when not stated."},
			"estimated_value_ore": m{"type": "integer", "format": "int64", "minimum": 0, "description": "Estimated value in øre; 0 when not stated."},
			"deadline":            m{"type": []string{"string", "null"}, "format": "date-time", "description": "The moment answers close (end of the last day, Danish time)."},
			"status":              m{"type": "string", "enum": oppStatuses},
			"created_at":          dateTime(false),
			"updated_at":          dateTime(false),
			"closed_at":           dateTime(true),
		}),
		"OpportunityPage": closedAll("One page of opportunities.", m{
			"items":    array(ref("Opportunity"), ""),
			"total":    m{"type": "integer", "minimum": 0, "description": "Number of matches on all pages."},
			"page":     m{"type": "integer", "minimum": 1},
			"per_page": m{"type": "integer", "minimum": 1, "maximum": samspil.MaxPageSize},
		}),
		"OpportunityCreate": object("A new opportunity, posted for an organisation the token's user is an active member of.", m{
			"organisation_id":     integer("", 1),
			"kind":                m{"type": "string", "enum": kinds},
			"title":               m{"type": "string", "minLength": 1, "maxLength": samspil.MaxNameLen},
			"description":         strMax("", samspil.MaxDescriptionLen),
			"cpv_codes":           array(m{"type": "string"}, "Required (1–20) unless the kind is a mentoring kind."),
			"expertise_areas":     array(m{"type": "string", "enum": samspil.ExpertiseAreas}, "Required for mentoring kinds."),
			"target_groups":       array(m{"type": "string"}, ""),
			"municipality_code":   m{"type": "string", "pattern": "^[0-9]{4}$"},
			"radius_km":           m{"type": "integer", "minimum": 0, "maximum": samspil.MaxOpportunityRadiusKm},
			"volume":              m{"type": "integer", "minimum": 0, "maximum": samspil.MaxOpportunityVolume},
			"estimated_value_ore": m{"type": "integer", "format": "int64", "minimum": 0},
			"deadline":            m{"type": "string", "description": "A date (YYYY-MM-DD, the last day to answer) or an RFC 3339 time; empty for none."},
		}, "organisation_id", "kind", "title", "municipality_code"),
		"InterestCreate": object("An expression of interest on behalf of an organisation the token's user is an active member of.", m{
			"organisation_id": integer("The interested organisation.", 1),
			"message":         m{"type": "string", "minLength": 1, "maxLength": samspil.MaxInterestMessage},
		}, "organisation_id", "message"),
		"Interest": closedAll("An expression of interest in an opportunity.", m{
			"id":                integer("", 1),
			"opportunity_id":    integer("", 1),
			"opportunity_title": str(""),
			"owner_id":          integer("The opportunity's organisation.", 1),
			"owner_name":        str(""),
			"organisation_id":   integer("The interested organisation.", 1),
			"organisation_name": str(""),
			"message":           str(""),
			"status":            m{"type": "string", "enum": []string{"pending", "accepted", "declined", "withdrawn"}},
			"decision_note":     str(""),
			"partnership_id":    m{"type": []string{"integer", "null"}, "format": "int64"},
			"created_at":        dateTime(false),
			"decided_at":        dateTime(true),
		}),
		"MatchComponents": closedAll("The raw values behind a score (see docs/matching.md): each 0..1 except the distance in km and the counts.", m{
			"cpv":                    score01("CPV overlap, counting shared levels (division, group, class, category, code); expertise fit for mentoring kinds."),
			"cpv_levels":             m{"type": "integer", "minimum": 0, "maximum": 5, "description": "Levels of the CPV hierarchy the best pair of codes shares."},
			"expertise":              m{"type": "boolean", "description": "True when cpv compares expertise areas (mentoring kinds)."},
			"distance_km":            m{"type": []string{"number", "null"}, "minimum": 0, "description": "Between the municipalities' centroids; null when unknown."},
			"distance":               score01("1 in the same municipality, 0.5 at 30 km."),
			"target_group":           score01("Share of the opportunity's target groups the organisation works with."),
			"shared_target_groups":   array(m{"type": "string"}, ""),
			"capacity":               score01("Capacity against volume."),
			"rsv":                    score01("1 when registered in the RSV register."),
			"track_record":           score01("From completed partnerships, saturating."),
			"completed_partnerships": m{"type": "integer", "minimum": 0},
			"freshness":              score01("1 for a profile updated now, 0 after 12 months."),
		}),
		"MatchParts": parts("One number per scored component."),
		"Match": closedAll("One organisation ranked for an opportunity.", m{
			"organisation_id":   integer("", 1),
			"name":              str(""),
			"kind":              m{"type": "string", "enum": kindNames(samspil.OrgKinds)},
			"municipality_code": m{"type": "string"},
			"rsv_registered":    m{"type": "boolean"},
			"score":             score01("The sum of contributions."),
			"components":        ref("MatchComponents"),
			"weights":           m{"$ref": "#/components/schemas/MatchParts", "description": "Effective weights: 0 for components that do not apply to this pair, the others scaled to sum to 1."},
			"contributions":     m{"$ref": "#/components/schemas/MatchParts", "description": "Weight × value per component; they sum to score."},
		}),
		"OpportunityMatch": closedAll("One open opportunity ranked for an organisation. track_record is the owner's, freshness the opportunity's own age (90 days).", m{
			"opportunity_id":    integer("", 1),
			"title":             str(""),
			"kind":              m{"type": "string", "enum": kinds},
			"organisation_id":   integer("The opportunity's organisation.", 1),
			"organisation_name": str(""),
			"municipality_code": m{"type": "string"},
			"deadline":          dateTime(true),
			"score":             score01("The sum of contributions."),
			"components":        ref("MatchComponents"),
			"weights":           m{"$ref": "#/components/schemas/MatchParts", "description": "Effective weights."},
			"contributions":     m{"$ref": "#/components/schemas/MatchParts", "description": "Weight × value per component; they sum to score."},
		}),
		"OpportunityMatchList": closedAll("The best-matching open opportunities, best first (ties by opportunity id).", m{
			"items":   array(ref("OpportunityMatch"), ""),
			"weights": m{"$ref": "#/components/schemas/MatchParts", "description": "The platform's nominal weights."},
		}),
		"MatchList": closedAll("The best-matching organisations, best first (ties by organisation id).", m{
			"items":   array(ref("Match"), ""),
			"weights": m{"$ref": "#/components/schemas/MatchParts", "description": "The platform's nominal weights."},
		}),
	}
}

func opportunityParams() m {
	return m{
		"oppId": m{"name": "id", "in": "path", "required": true, "description": "Opportunity id.",
			"schema": m{"type": "string", "pattern": "^[0-9]+$"}},
		"oppKind": m{"name": "kind", "in": "query", "required": false, "description": "Opportunity kind; repeat or separate with commas for several.",
			"schema": m{"type": "string"}},
		"oppStatus": m{"name": "status", "in": "query", "required": false, "description": "open, closed or filled; repeat or separate with commas. Default: every status.",
			"schema": m{"type": "string"}},
		"oppOrganisation": m{"name": "organisation", "in": "query", "required": false, "description": "Only this organisation's opportunities.",
			"schema": m{"type": "string", "pattern": "^[0-9]+$"}},
		"oppSort": m{"name": "sort", "in": "query", "required": false,
			"schema": m{"type": "string", "enum": opportunitySorts, "default": "newest"}},
		"matchLimit": m{"name": "limit", "in": "query", "required": false,
			"schema": m{"type": "integer", "minimum": 1, "maximum": match.MaxLimit, "default": match.DefaultLimit}},
	}
}

func opportunityPaths() m {
	write := func(id, summary, desc string, ps []any, bodySchema string, ok m, statuses ...string) m {
		return m{
			"operationId": id, "summary": summary, "description": desc, "tags": []string{tagFor(id)},
			"security":    []any{m{"bearerAuth": []string{}}},
			"parameters":  ps,
			"requestBody": body(bodySchema, "application/json"),
			"responses":   responses(ok, "201", statuses...),
		}
	}
	return m{
		"/api/v1/opportunities": m{
			"get": get("listOpportunities", "The opportunity board", "Filters combine with AND; every bad parameter is reported at once.",
				okGet("One page of opportunities.", "OpportunityPage"),
				params("oppKind", "oppStatus", "municipality", "target_group", "oppOrganisation", "oppSort", "page", "per_page"), "400")["get"],
			"post": write("createOpportunity", "Post an opportunity",
				"Posts for an organisation the token's user is an active member of (platform admins: any). The organisation's kind must be allowed to post the kind.",
				params(), "OpportunityCreate", m{
					"description": "The new opportunity.",
					"headers":     m{"Location": header("The URL of the new opportunity.", true)},
					"content":     m{"application/json": m{"schema": ref("Opportunity")}},
				}, "400", "401", "403", "413", "415"),
		},
		"/api/v1/opportunities/{id}": get("getOpportunity", "One opportunity", "",
			okGet("The opportunity.", "Opportunity"), params("oppId"), "404"),
		"/api/v1/opportunities/{id}/matches": get("getOpportunityMatches", "Best-matching organisations",
			"Ranks organisations of the opportunity's counterpart kinds with an explained score; see docs/matching.md for the formula and weights.",
			okGet("The best matches, best first.", "MatchList"), params("oppId", "matchLimit"), "400", "404"),
		"/api/v1/organisations/{id}/matches": get("getOrganisationMatches", "Best-matching open opportunities",
			"Ranks open, unexpired opportunities meant for the organisation's kind (never its own) with an explained score: what its dashboard shows.",
			okGet("The best matches, best first.", "OpportunityMatchList"), params("id", "matchLimit"), "400", "404"),
		"/api/v1/opportunities/{id}/interests": m{
			"post": write("createInterest", "Express interest",
				"Sends an interest with a message on behalf of an organisation the token's user is an active member of; the opportunity's organisation is notified.",
				params("oppId"), "InterestCreate", m{
					"description": "The interest, pending.",
					"content":     m{"application/json": m{"schema": ref("Interest")}},
				}, "400", "401", "403", "404", "409", "413", "415"),
		},
	}
}
