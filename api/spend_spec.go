package api

import "github.com/samspil/samspil"

// The OpenAPI parts of spend tracking; openapi.go merges them in.

func spendSchemas() m {
	ore := func(desc string) m { return m{"type": "integer", "format": "int64", "description": desc} }
	figures := func(desc string, props m) m {
		props["total_ore"] = ore("Everything bought, in øre; credit notes count negative.")
		props["sov_ore"] = ore("Bought from suppliers whose CVR belongs to an SØV on the platform.")
		props["rsv_ore"] = ore("Of that, from SØV whose registration in the Danish register of social enterprises (RSV) a platform admin verified.")
		return closedAll(desc, props)
	}
	return m{
		"Spend": figures("A municipality's purchases in one year (or one quarter, with ?quarter=), from the finance data it imported. "+
			"Read from aggregates kept up to date on every import.", m{
			"municipality_code": m{"type": "string", "pattern": "^[0-9]{4}$", "description": "Kommunekode."},
			"year":              m{"type": "integer", "minimum": 1900, "maximum": 9999},
			"by_quarter":        m{"type": "array", "items": ref("SpendQuarter"), "minItems": 4, "maxItems": 4, "description": "The four quarters of the year, in order."},
			"by_cpv_division":   array(ref("SpendDivision"), "Spend per CPV division (the code's first two digits), largest first."),
			"top_suppliers":     array(ref("SpendSupplier"), "The largest suppliers, largest first (at most 20)."),
			"supplier_count":    m{"type": "integer", "minimum": 0, "description": "How many suppliers were paid in all."},
			"peers":             array(ref("SpendPeer"), "The municipalities whose total that year is nearest (spend is the measure of size), nearest first."),
			"years":             array(m{"type": "integer"}, "The years with imported purchase lines, newest first."),
		}),
		"SpendQuarter": figures("One quarter.", m{"quarter": m{"type": "integer", "minimum": 1, "maximum": 4}}),
		"SpendDivision": figures("One CPV division.", m{
			"division": m{"type": "string", "pattern": "^([0-9]{2})?$", "description": "Two digits, e.g. 85 (health and social work); empty for lines without a CPV code."},
		}),
		"SpendSupplier": object("One supplier, matched to an organisation on the platform by CVR when there is one.", m{
			"cvr":             m{"type": "string", "pattern": "^([0-9]{8})?$", "description": "Empty for lines that named the supplier without a CVR number."},
			"name":            str("The organisation's name on the platform when matched, else the name in the finance data."),
			"organisation_id": integer("The matched organisation; absent when none has the CVR.", 1),
			"kind":            m{"type": "string", "enum": kindNames(samspil.OrgKinds), "description": "The matched organisation's kind; absent when unmatched."},
			"rsv_verified":    m{"type": "boolean", "description": "The matched organisation is an SØV with a verified RSV registration."},
			"total_ore":       ore(""),
		}, "cvr", "name", "rsv_verified", "total_ore"),
		"SpendPeer": figures("Another municipality's year.", m{
			"municipality_code": m{"type": "string", "pattern": "^[0-9]{4}$"},
			"name":              str(""),
		}),
	}
}

func spendPaths() m {
	ps := params("code")
	ps = append(ps,
		m{"name": "year", "in": "query", "required": false, "description": "Four-digit year; default the newest year with data (or this year).",
			"schema": m{"type": "integer"}},
		m{"name": "quarter", "in": "query", "required": false, "description": "1–4 narrows the figures, CPV divisions and suppliers to one quarter; by_quarter always has all four.",
			"schema": m{"type": "integer"}})
	return m{
		"/api/v1/municipalities/{code}/spend": get("getMunicipalitySpend", "A municipality's spend and its share with SØV",
			"Total spend, spend with SØV and with RSV-verified SØV, per quarter, per CPV division and per supplier, with the municipalities of nearest size. "+
				"A year without data gives zero figures. 400 for a bad year or quarter, 404 for an unknown kommunekode.",
			okGet("The municipality's spend.", "Spend"), ps, "400", "404"),
	}
}
