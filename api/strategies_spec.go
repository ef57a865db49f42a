package api

// The OpenAPI parts of the national overview; openapi.go merges them in.

func strategySchemas() m {
	return m{
		"StrategyOverview": closedAll("What one municipality has in place for working with social-economy enterprises.", m{
			"code":                  m{"type": "string", "pattern": "^[0-9]{4}$", "description": "Kommunekode."},
			"name":                  str(""),
			"region_code":           m{"type": "string", "pattern": "^108[1-5]$"},
			"organisation_id":       m{"type": []string{"integer", "null"}, "format": "int64", "description": "The municipality's own organisation profile."},
			"has_strategy":          m{"type": "boolean", "description": "It has recorded a strategy for social economy."},
			"title":                 m{"type": []string{"string", "null"}, "description": "The strategy's title; null without a strategy."},
			"adopted_on":            nullableDate("The day the strategy was adopted; null without a strategy or for a draft."),
			"has_coordination_unit": m{"type": "boolean", "description": "It has a coordinating unit for social economy."},
			"partnerships":          m{"type": "integer", "minimum": 0, "description": "Partnerships on the platform with the municipality as a party, broken-off ones excepted."},
			"cases":                 m{"type": "integer", "minimum": 0, "description": "Published cases located in the municipality."},
			"web_url":               str("The municipality's page on the platform."),
		}),
		"StrategyOverviewList": closedAll("All 98 municipalities, ordered by code.", m{
			"items": array(ref("StrategyOverview"), ""), "total": m{"type": "integer", "minimum": 0},
		}),
	}
}

func strategyPaths() m {
	return m{
		"/api/v1/strategies": get("listStrategies", "Strategies and coordination in every municipality",
			"One row per municipality: strategy yes/no with its title and adoption date, coordination unit yes/no, and the numbers of partnerships and published cases.",
			okGet("All municipalities.", "StrategyOverviewList"), params()),
	}
}
