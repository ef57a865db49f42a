package api

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/samspil/samspil"
)

// The OpenAPI parts of the outcome contracts' open data. They are merged
// into the served document when the routes are registered, so this file
// and pbr.go change together.

// addPbrSpec merges the outcome-contract paths, schemas, parameters and
// tag into the document, keeping every other part as it was.
func (s *server) addPbrSpec() {
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
		{section(doc, "paths"), pbrPaths()},
		{section(components, "schemas"), pbrSchemas()},
		{section(components, "parameters"), pbrParams()},
	} {
		for k, v := range add.from {
			add.into[k] = v
		}
	}
	tags, _ := doc["tags"].([]any)
	doc["tags"] = append(tags, m{"name": "outcome contracts",
		"description": "Outcome contracts (resultatbaseret betaling) between municipalities and social-economy enterprises: " +
			"published aggregates of active and finished contracts, never participants (see docs/opendata.md)."})
	spec, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("api: cannot encode the OpenAPI document: " + err.Error())
	}
	s.spec = spec
}

func pbrSchemas() m {
	ore := func(desc string) m { return m{"type": "integer", "format": "int64", "minimum": 0, "description": desc} }
	count := func(desc string) m { return m{"type": "integer", "minimum": 0, "description": desc} }
	date := m{"type": "string", "format": "date", "description": "A date, YYYY-MM-DD (both ends of the period are included)."}
	return m{
		"OutcomeAggregate": closedAll("One outcome of the contract's rate card with what was achieved and paid.", m{
			"code":         m{"type": "string", "pattern": "^[A-Z0-9_]{1,32}$", "description": "The outcome's code in the contract, e.g. JOB_START or JOB13."},
			"description":  str("What the outcome is, in Danish."),
			"price_ore":    m{"type": "integer", "format": "int64", "minimum": 1, "description": "The price per outcome in øre under the contract's current terms."},
			"target_count": count("How many outcomes the parties aim for; 0 when none is set."),
			"achieved":     count("Claims the commissioner approved that pass the engine's rules 1–3 (enrolled, in the window, prerequisites met, not a duplicate, within the per-participant limit)."),
			"paid_count":   count("Outcomes paid in approved payment statements (claims with an amount above 0, net of corrections)."),
			"paid_ore":     ore("Paid for the outcome in approved payment statements, in øre."),
		}),
		"ContractAggregate": closedAll("The published numbers of an active or finished outcome contract. Never a participant row: only counts and sums. Every property is always present.", m{
			"contract_id":       integer("", 1),
			"title":             str(""),
			"status":            m{"type": "string", "enum": contractStatusNames(), "description": "active = approved by both parties and running; finished = ended, every statement approved. Drafts are never shown."},
			"commissioner_id":   integer("The commissioning municipality's organisation, see /api/v1/organisations/{id}.", 1),
			"commissioner":      str("The commissioning municipality's name."),
			"municipality_code": m{"type": "string", "pattern": "^([0-9]{4})?$", "description": "The commissioner's kommunekode."},
			"provider_id":       integer("The provider (usually an SØV), see /api/v1/organisations/{id}.", 1),
			"provider":          str("The provider's name."),
			"provider_cvr":      m{"type": "string", "pattern": "^([0-9]{8})?$", "description": "The provider's CVR number; empty when it has none."},
			"investor":          str("The social investor or fund's name; empty when the contract has none."),
			"target_group":      m{"type": "string", "description": "A target-group code, see /api/v1/target-groups."},
			"period_start":      date,
			"period_end":        date,
			"cap_ore":           m{"type": "integer", "format": "int64", "minimum": 1, "description": "The most the whole contract pays, in øre."},
			"cohort_target":     count("How many participants the parties aim to enrol."),
			"enrolled":          count("Participants enrolled so far."),
			"paid_ore":          ore("Paid in approved payment statements, in øre."),
			"outcomes":          array(ref("OutcomeAggregate"), "The rate card, in the contract's order."),
			"tender_id":         m{"type": []string{"integer", "null"}, "format": "int64", "minimum": 1, "description": "The tender the contract came from, see /api/v1/tenders/{id}; null when none."},
			"ocid":              m{"type": []string{"string", "null"}, "description": "The Open Contracting ID of that tender; null when the contract came from no tender."},
			"updated_at":        dateTime(false),
			"href":              str("The API path of this contract's aggregate."),
			"indigo_url":        str("The contract in the shape of the INDIGO data standard."),
		}),
		"ContractAggregatePage": closedAll("One page of published outcome contracts, newest first.", m{
			"items":    array(ref("ContractAggregate"), ""),
			"total":    m{"type": "integer", "minimum": 0, "description": "Number of matches on all pages."},
			"page":     m{"type": "integer", "minimum": 1},
			"per_page": m{"type": "integer", "minimum": 1, "maximum": samspil.MaxPageSize},
		}),
		"IndigoContract": m{"type": "object", "description": "The contract in the shape of the INDIGO data standard of the Government Outcomes Lab " +
			"(impact bonds and outcome contracts): the project, its organisations, outcome metrics with prices per unit, the maximum payable, " +
			"results and payments made, and the OCDS ocid of the tender it came from. Aggregates only, never a participant. " +
			"docs/opendata.md lists the fields."},
	}
}

func pbrParams() m {
	return m{
		"contractId": m{"name": "id", "in": "path", "required": true, "description": "Outcome contract id.",
			"schema": m{"type": "string", "pattern": "^[0-9]+$"}},
		"contractStatus": m{"name": "status", "in": "query", "required": false,
			"description": "active or finished, or both comma-separated; default both. Drafts are never shown.",
			"schema":      m{"type": "string"}},
	}
}

func pbrPaths() m {
	tag := func(op m) m {
		op["get"].(m)["tags"] = []string{"outcome contracts"}
		return op
	}
	filters := params("contractStatus", "municipality", "target_group")
	csvOK := textResponse("RFC 4180 CSV in UTF-8 with CRLF line ends; one row per contract and outcome, the header first: "+
		strings.Join(ContractCSVHeader, ",")+". Amounts are whole øre.", "text/csv")
	csvOK["headers"].(m)["Content-Disposition"] = header("attachment; filename=\"resultatkontrakter.csv\"", true)
	return m{
		"/api/v1/outcome-contracts": tag(get("listOutcomeContracts", "Published outcome contracts",
			"The aggregates of active and finished outcome contracts, newest first; drafts never. Filters combine with AND; every bad parameter is reported at once.",
			okGet("One page of contracts.", "ContractAggregatePage"),
			append(filters, param("page"), param("per_page")), "400")),
		"/api/v1/outcome-contracts.csv": tag(get("listOutcomeContractsCSV", "Published outcome contracts as CSV",
			"The same contracts and filters as /api/v1/outcome-contracts, all of them, as a spreadsheet: one row per contract and outcome. "+
				"Text cells that would start a spreadsheet formula are prefixed with an apostrophe.",
			csvOK, filters, "400")),
		"/api/v1/outcome-contracts/{id}": tag(get("getOutcomeContract", "One published outcome contract",
			"Its aggregate: rate card, counts achieved and amounts paid. Drafts answer 404.",
			okGet("The contract's aggregate.", "ContractAggregate"), params("contractId"), "404")),
		"/api/v1/outcome-contracts/{id}/indigo": tag(get("getOutcomeContractIndigo", "One outcome contract in the INDIGO shape",
			"The contract in the shape of the INDIGO data standard for impact bonds and outcome contracts, linked to the OCDS ocid of its tender. Drafts answer 404.",
			okGet("The contract.", "IndigoContract"), params("contractId"), "404")),
	}
}
