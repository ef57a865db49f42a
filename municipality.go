package samspil

import (
	"context"
	"time"
)

// Region is one of the five Danish regions (codes 1081–1085).
type Region struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	ISO3166_2 string  `json:"iso_3166_2"`
	NUTS2     string  `json:"nuts2"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
}

// Municipality is one of the 98 municipalities, keyed by its official
// four-digit kommunekode. Lat/Lon is the area-weighted centroid, used for
// distances between municipalities.
type Municipality struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	RegionCode string  `json:"region_code"`
	RegionName string  `json:"region_name"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	AreaKm2    float64 `json:"area_km2"`
	// OrganisationID is the municipality's own organisation profile.
	OrganisationID int64 `json:"organisation_id,omitempty"`
}

// CoordinationUnit is the central unit for social economy that the
// roundtable asked every municipality to have: one place SØV and companies
// can turn to.
type CoordinationUnit struct {
	MunicipalityCode string    `json:"municipality_code"`
	Name             string    `json:"name"`
	Department       string    `json:"department"`
	Email            string    `json:"email"`
	Phone            string    `json:"phone"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// TargetGroup is a group of people that organisations work with. The list
// is controlled (for matching and statistics) but extendable by admins.
type TargetGroup struct {
	Code   string `json:"code"`
	NameDA string `json:"name_da"`
	NameEN string `json:"name_en"`
}

// DefaultTargetGroups exist from the first start; their codes are a stable
// interface for importers and the API.
var DefaultTargetGroups = []TargetGroup{
	{"udsatte_ledige", "Udsatte ledige", "Vulnerable unemployed people"},
	{"handicap", "Personer med handicap", "People with disabilities"},
	{"psykisk_saarbare", "Psykisk sårbare", "People with mental health problems"},
	{"unge_uden_uddannelse", "Unge uden uddannelse", "Young people without education"},
	{"misbrug", "Personer med misbrug", "People with substance abuse"},
	{"hjemloese", "Hjemløse", "Homeless people"},
	{"tidligere_indsatte", "Tidligere indsatte", "Former prisoners"},
	{"flygtninge_indvandrere", "Flygtninge og indvandrere", "Refugees and immigrants"},
	{"seniorer", "Seniorer", "Older people"},
}

// ReferenceService reads the seeded reference data and the lists admins can
// extend.
type ReferenceService interface {
	// FindRegions returns all regions ordered by code.
	FindRegions(ctx context.Context) ([]*Region, error)
	// FindMunicipalities returns all municipalities ordered by code, with
	// OrganisationID filled in.
	FindMunicipalities(ctx context.Context) ([]*Municipality, error)
	// FindMunicipalityByCode returns ENOTFOUND for an unknown code.
	FindMunicipalityByCode(ctx context.Context, code string) (*Municipality, error)
	// FindTargetGroups returns all target groups ordered by Danish name.
	FindTargetGroups(ctx context.Context) ([]*TargetGroup, error)
	// CreateTargetGroup adds one. EINVALID for a code that is not lower-case
	// letters, digits and underscores or for empty names; ECONFLICT when it exists.
	CreateTargetGroup(ctx context.Context, g *TargetGroup) error

	// FindCoordinationUnits returns the units of all municipalities that
	// have one, ordered by municipality code.
	FindCoordinationUnits(ctx context.Context) ([]*CoordinationUnit, error)
	// FindCoordinationUnit returns ENOTFOUND when the municipality has none.
	FindCoordinationUnit(ctx context.Context, municipalityCode string) (*CoordinationUnit, error)
	// SetCoordinationUnit creates or replaces the unit. EINVALID for an
	// empty name, bad e-mail or unknown municipality.
	SetCoordinationUnit(ctx context.Context, u *CoordinationUnit) error
}
