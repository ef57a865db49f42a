package api

import (
	"net/http"
)

// The national overview: for each of the 98 municipalities, whether it has
// a strategy for working with social-economy enterprises and a
// coordination unit, and how many partnerships and published cases it has.

// StrategyOverviewJSON is one municipality's row. title and adopted_on are
// null without a strategy; adopted_on is null for a draft strategy too.
type StrategyOverviewJSON struct {
	Code                string  `json:"code"`
	Name                string  `json:"name"`
	RegionCode          string  `json:"region_code"`
	OrganisationID      *int64  `json:"organisation_id"`
	HasStrategy         bool    `json:"has_strategy"`
	Title               *string `json:"title"`
	AdoptedOn           *string `json:"adopted_on"` // YYYY-MM-DD
	HasCoordinationUnit bool    `json:"has_coordination_unit"`
	Partnerships        int     `json:"partnerships"`
	Cases               int     `json:"cases"`
	WebURL              string  `json:"web_url"`
}

func (s *server) handleListStrategies(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.store.FindMunicipalityOverview(r.Context())
	if err != nil {
		return err
	}
	out := ListJSON[StrategyOverviewJSON]{Items: make([]StrategyOverviewJSON, 0, len(rows)), Total: len(rows)}
	for _, o := range rows {
		item := StrategyOverviewJSON{
			Code: o.Code, Name: o.Name, RegionCode: o.RegionCode, HasStrategy: o.HasStrategy,
			HasCoordinationUnit: o.HasUnit, Partnerships: o.Partnerships, Cases: o.Cases,
			WebURL: s.baseURL + "/kommuner/" + o.Code,
		}
		if o.OrganisationID != 0 {
			id := o.OrganisationID
			item.OrganisationID = &id
		}
		if o.HasStrategy {
			title := o.StrategyTitle
			item.Title = &title
			item.AdoptedOn = dateString(o.StrategyAdoptedOn)
		}
		out.Items = append(out.Items, item)
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}
