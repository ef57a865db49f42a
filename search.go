package samspil

import (
	"context"
	"time"
)

// SearchType is a kind of document in the one platform search. Cases and
// guides join the same index when the knowledge platform adds them.
type SearchType string

// The searchable document types.
const (
	SearchOrganisation SearchType = "organisation"
	SearchOpportunity  SearchType = "opportunity"
	SearchCase         SearchType = "case"
	SearchGuide        SearchType = "guide"
	SearchTender       SearchType = "tender"
)

// SearchTypes lists the types in the order the search page shows them.
var SearchTypes = []SearchType{SearchOrganisation, SearchOpportunity, SearchTender, SearchCase, SearchGuide}

// Search sorts.
const (
	SortRelevance = "relevance"
	SortName      = "name"
	SortNewest    = "newest"
	SortNearest   = "nearest"
)

// Facet names: the keys of SearchResult.Facets and the URL parameters that
// filter by them.
const (
	FacetType         = "type"
	FacetKind         = "kind" // organisation kind or opportunity kind
	FacetRegion       = "region"
	FacetMunicipality = "municipality"
	FacetSector       = "sector"       // DB07 section letter
	FacetCPV          = "cpv"          // CPV division, two digits
	FacetTargetGroup  = "target_group" // target-group code
	FacetRSV          = "rsv"          // "true" when RSV-registered
)

// Search limits. A query longer than MaxQueryLen is refused, not cut, so
// the person sees why nothing was found.
const (
	MaxQueryLen       = 500
	MaxSearchRadiusKm = 500
	MaxSearchPage     = 1000 // deeper pages are refused: narrow the search instead
)

// SearchQuery is one search: free text, facet filters, a distance filter,
// sort and page. It is parsed from URL parameters (ParseSearchQuery) by
// the web pages and the API alike, and saved searches store its Encode form.
type SearchQuery struct {
	Text           string
	Types          []SearchType // empty: every type
	Kinds          []string     // organisation or opportunity kinds
	Regions        []string     // region codes
	Municipalities []string     // kommunekoder
	Sectors        []string     // DB07 letters
	CPVDivisions   []string     // two-digit CPV divisions
	TargetGroups   []string
	RSVOnly        bool
	Near           string // kommunekode whose centroid the radius is measured from
	RadiusKm       int    // 0 with Near: no distance filter, but "nearest" sorting works
	OpenOnly       bool   // opportunities: only open ones (the default on the board)
	Sort           string // SortRelevance (default with text), SortName (default without), SortNewest, SortNearest
	Page           int    // 1-based
	PerPage        int    // 0: DefaultPageSize; at most MaxPageSize
}

// SearchHit is one result.
type SearchHit struct {
	Type             SearchType `json:"type"`
	ID               int64      `json:"id"`
	Title            string     `json:"title"`
	Snippet          string     `json:"snippet"` // plain text; the web page highlights query words itself
	Score            float64    `json:"score"`
	Kind             string     `json:"kind,omitempty"`
	MunicipalityCode string     `json:"municipality_code,omitempty"`
	DistanceKm       *float64   `json:"distance_km,omitempty"` // with Near
	RSVRegistered    bool       `json:"rsv_registered,omitempty"`
	Status           string     `json:"status,omitempty"` // opportunities
	UpdatedAt        time.Time  `json:"updated_at"`
}

// SearchResult is one page of hits, the total, and facet counts for the
// query (each facet counted with the other facets' filters applied, so the
// numbers say what a click would give).
type SearchResult struct {
	Items   []SearchHit               `json:"items"`
	Total   int                       `json:"total"`
	Facets  map[string]map[string]int `json:"facets"`
	Page    int                       `json:"page"`
	PerPage int                       `json:"per_page"`
	// FacetsEstimated is set when a facet's matching set was too large to
	// count document by document: its counts are then scaled up from a
	// sample of the matches (Total stays exact), and pages show them as
	// approximate.
	FacetsEstimated bool `json:"facets_estimated,omitempty"`
}

// Suggestion is one entry in the type-ahead list under the search box.
type Suggestion struct {
	Type  SearchType `json:"type"`
	ID    int64      `json:"id"`
	Title string     `json:"title"`
	Kind  string     `json:"kind,omitempty"`
}

// SearchService is the platform search over every document type.
type SearchService interface {
	// Search runs q. EINVALID for a query that is too long, unknown facet
	// values, a negative radius or a page beyond MaxSearchPage; a page past
	// the last result is not an error but an empty page with the total.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
	// Suggest returns up to limit titles that start with the words typed so
	// far (the last one as a prefix).
	Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error)
}

// SavedSearch is a search a person keeps to be told about new matching
// opportunities: by a daily e-mail digest and by an Atom feed.
type SavedSearch struct {
	ID           int64      `json:"id"`
	UserID       int64      `json:"user_id"`
	Name         string     `json:"name"`
	Query        string     `json:"query"`  // SearchQuery.Encode() form, e.g. "q=cykel&municipality=0615"
	Digest       bool       `json:"digest"` // send the daily e-mail
	CreatedAt    time.Time  `json:"created_at"`
	LastDigestAt *time.Time `json:"last_digest_at,omitempty"` // opportunities newer than this go into the next digest
}

// MaxSavedSearches bounds how many searches one person keeps.
const MaxSavedSearches = 50

// SavedSearchService stores saved searches.
type SavedSearchService interface {
	// CreateSavedSearch validates (name 1–200 characters, query parses) and
	// stores s with LastDigestAt = now. EINVALID; ETOOMANY past MaxSavedSearches.
	CreateSavedSearch(ctx context.Context, s *SavedSearch) error
	// FindSavedSearchByID returns ENOTFOUND when no saved search has id.
	FindSavedSearchByID(ctx context.Context, id int64) (*SavedSearch, error)
	// FindSavedSearches returns a person's saved searches by name.
	FindSavedSearches(ctx context.Context, userID int64) ([]*SavedSearch, error)
	// FindDigestSavedSearches returns saved searches with Digest on whose
	// LastDigestAt is before the given time, ordered by user, at most limit.
	FindDigestSavedSearches(ctx context.Context, before time.Time, limit int) ([]*SavedSearch, error)
	// UpdateSavedSearch changes name and digest flag. ENOTFOUND, EINVALID.
	UpdateSavedSearch(ctx context.Context, id int64, name string, digest bool) (*SavedSearch, error)
	// MarkDigestSent moves LastDigestAt forward to at.
	MarkDigestSent(ctx context.Context, id int64, at time.Time) error
	// DeleteSavedSearch removes it. ENOTFOUND.
	DeleteSavedSearch(ctx context.Context, id int64) error
}

// MatchCandidate is what matchmaking knows about an organisation: the
// store pre-filters and fills these, the match package scores them.
type MatchCandidate struct {
	OrganisationID        int64
	Name                  string
	Kind                  OrgKind
	MunicipalityCode      string
	CPVCodes              []string
	TargetGroups          []string
	Capacity              int
	RSVRegistered         bool
	CompletedPartnerships int
	UpdatedAt             time.Time
}

// MatchSource is the store query that feeds matchmaking: it returns a
// bounded, pre-filtered candidate list so scoring stays cheap at a million
// organisations.
type MatchSource interface {
	// MatchCandidates returns up to limit organisations of the
	// opportunity's counterpart kinds that share at least one CPV group
	// (first three digits) or target group with it, within its radius when
	// it has one, excluding the opportunity's own organisation.
	MatchCandidates(ctx context.Context, o *Opportunity, limit int) ([]*MatchCandidate, error)
	// OpportunityCandidates returns up to limit open opportunities whose
	// counterpart kinds include the organisation's kind and that share at
	// least one CPV group or target group with it, excluding its own.
	OpportunityCandidates(ctx context.Context, org *Organisation, limit int) ([]*Opportunity, error)
	// CompletedPartnershipCounts returns, per organisation id, the number of
	// completed partnerships (track record) for the given ids.
	CompletedPartnershipCounts(ctx context.Context, ids []int64) (map[int64]int, error)
}
