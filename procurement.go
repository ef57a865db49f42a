package samspil

import "context"

// SupplierFact is what the route recommender needs to know about one
// possible supplier: who and where it is, whether it meets the § 20
// condition, and how big it is (for economic dependency).
type SupplierFact struct {
	OrganisationID   int64   `json:"organisation_id"`
	Name             string  `json:"name"`
	MunicipalityCode string  `json:"municipality_code"`
	Kind             OrgKind `json:"kind"`
	// DisadvantagedShare is the percentage of disabled or disadvantaged
	// employees the organisation reports (Organisation.DisadvantagedShare).
	DisadvantagedShare int     `json:"disadvantaged_share"`
	MeetsSection20     bool    `json:"meets_section20"` // at least 30 %
	RSVVerified        bool    `json:"rsv_verified"`
	TurnoverOre        int64   `json:"turnover_ore"` // yearly; 0 when not stated
	DistanceKm         float64 `json:"distance_km"`  // from the place of performance
}

// SupplierQuery asks for the SØV that could take a purchase.
type SupplierQuery struct {
	CPVCodes         []string // suppliers sharing a CPV group (first three digits) with any
	MunicipalityCode string   // the place of performance
	RadiusKm         int      // 0 means the whole country
	Limit            int      // 0 means 500
}

// ProcurementService answers the questions the route recommender asks the
// database; the rules themselves live in package procure.
type ProcurementService interface {
	// ProcurementSuppliers returns the SØV organisations that share a CPV
	// group with q.CPVCodes within q.RadiusKm of q.MunicipalityCode,
	// nearest first. EINVALID for an unknown municipality or no CPV codes.
	ProcurementSuppliers(ctx context.Context, q SupplierQuery) ([]SupplierFact, error)
}
