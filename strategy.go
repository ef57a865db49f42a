package samspil

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Strategy limits.
const (
	MaxStrategyGoals = 20
	MaxStrategyText  = 50000
)

// StrategyGoal is one goal of a strategy with a number to reach by a
// year, e.g. "partnerskaber med SØV" 25 "partnerskaber" 2028.
type StrategyGoal struct {
	Description string `json:"description"`
	Target      int64  `json:"target"`
	Unit        string `json:"unit"`
	Year        int    `json:"year"`
}

// Strategy is a municipality's social-economy strategy: the roundtable
// found that many municipalities had none, so the national overview shows
// who has one and how old it is. The document itself may be an attachment
// (OwnerStrategy, owner = the municipality organisation) or Markdown text.
type Strategy struct {
	MunicipalityCode string         `json:"municipality_code"`
	OrganisationID   int64          `json:"organisation_id"` // the kommune organisation, filled by the store
	Title            string         `json:"title"`
	AdoptedOn        *time.Time     `json:"adopted_on,omitempty"` // a date; nil for a draft strategy
	Text             string         `json:"text"`                 // Markdown
	Goals            []StrategyGoal `json:"goals"`
	BudgetOre        int64          `json:"budget_ore"` // yearly budget for the work in øre, 0 when none
	BudgetNote       string         `json:"budget_note,omitempty"`
	Attachments      []*Attachment  `json:"attachments"` // filled by FindStrategy
	UpdatedAt        time.Time      `json:"updated_at"`
	UpdatedBy        *int64         `json:"-"`
}

// Validate normalises s. now bounds the adoption date (not in the future).
func (s *Strategy) Validate(cat Catalog, now time.Time) error {
	var v Validation
	s.MunicipalityCode = strings.TrimSpace(s.MunicipalityCode)
	if cat != nil && !cat.HasMunicipality(s.MunicipalityCode) {
		v.Add("municipality_code", "org.municipality.unknown", "unknown municipality code", map[string]any{"Code": s.MunicipalityCode})
	}
	s.Title = strings.TrimSpace(s.Title)
	switch n := utf8.RuneCountInString(s.Title); {
	case n == 0:
		v.Add("title", "strategy.title.required", "the strategy needs a title", nil)
	case n > MaxNameLen:
		v.Add("title", "strategy.title.too_long", "the title is too long", map[string]any{"Max": MaxNameLen})
	}
	if s.AdoptedOn != nil {
		if s.AdoptedOn.After(now) {
			v.Add("adopted_on", "strategy.adopted.future", "the adoption date cannot be in the future", nil)
		} else if s.AdoptedOn.Year() < 2000 {
			v.Add("adopted_on", "strategy.adopted.old", "the adoption date must be in 2000 or later", nil)
		}
	}
	s.Text = strings.TrimSpace(s.Text)
	if utf8.RuneCountInString(s.Text) > MaxStrategyText {
		v.Add("text", "field.too_long", "the text is too long", map[string]any{"Max": MaxStrategyText})
	}
	if s.BudgetOre < 0 || s.BudgetOre > MaxOpportunityValueOre {
		v.Add("budget_ore", "strategy.budget.range", "the budget must be zero or more and realistic", nil)
	}
	s.BudgetNote = strings.TrimSpace(s.BudgetNote)
	if utf8.RuneCountInString(s.BudgetNote) > MaxCaseSummary {
		v.Add("budget_note", "field.too_long", "the text is too long", map[string]any{"Max": MaxCaseSummary})
	}
	refuseCPR(&v, map[string]string{"title": s.Title, "text": s.Text, "budget_note": s.BudgetNote})
	if len(s.Goals) > MaxStrategyGoals {
		v.Add("goals", "strategy.goals.too_many", "a strategy can list at most 20 goals", map[string]any{"Max": MaxStrategyGoals})
	}
	goals := s.Goals[:0]
	for _, g := range s.Goals {
		g.Description, g.Unit = strings.TrimSpace(g.Description), strings.TrimSpace(g.Unit)
		if g.Description == "" && g.Unit == "" && g.Target == 0 && g.Year == 0 {
			continue // an empty form row
		}
		if g.Description == "" {
			v.Add("goals", "strategy.goal.description.required", "each goal needs a description", nil)
		}
		if g.Target < 0 || g.Target > 1e12 {
			v.Add("goals", "strategy.goal.target.range", "the target must be zero or more", nil)
		}
		if g.Year < 2000 || g.Year > 2100 {
			v.Add("goals", "strategy.goal.year.range", "the year must be between 2000 and 2100", nil)
		}
		if utf8.RuneCountInString(g.Description) > MaxNameLen || utf8.RuneCountInString(g.Unit) > 40 {
			v.Add("goals", "field.too_long", "the text is too long", map[string]any{"Max": MaxNameLen})
		}
		goals = append(goals, g)
	}
	s.Goals = goals
	return v.Err()
}

// MunicipalityOverview is one row of the national page: what a
// municipality has in place for working with SØV.
type MunicipalityOverview struct {
	Code              string     `json:"code"`
	Name              string     `json:"name"`
	RegionCode        string     `json:"region_code"`
	OrganisationID    int64      `json:"organisation_id"`
	HasStrategy       bool       `json:"has_strategy"`
	StrategyTitle     string     `json:"strategy_title,omitempty"`
	StrategyAdoptedOn *time.Time `json:"strategy_adopted_on,omitempty"`
	StrategyUpdatedAt *time.Time `json:"strategy_updated_at,omitempty"` // when the strategy was last saved
	HasUnit           bool       `json:"has_coordination_unit"`
	Partnerships      int        `json:"partnerships"` // partnerships with the municipality organisation as a party (any status but afbrudt)
	Cases             int        `json:"cases"`        // published cases located in the municipality
}

// StrategyService keeps strategies and builds the national overview.
type StrategyService interface {
	// FindStrategy returns a municipality's strategy with its attachments,
	// or ENOTFOUND when it has recorded none.
	FindStrategy(ctx context.Context, municipalityCode string) (*Strategy, error)
	// SaveStrategy creates or replaces the strategy of s.MunicipalityCode
	// and notifies the followers of the municipality. EINVALID, ENOTFOUND.
	SaveStrategy(ctx context.Context, s *Strategy) (*Strategy, error)
	// DeleteStrategy removes it. ENOTFOUND.
	DeleteStrategy(ctx context.Context, municipalityCode string) error
	// FindMunicipalityOverview returns one row per municipality, by code.
	FindMunicipalityOverview(ctx context.Context) ([]*MunicipalityOverview, error)
}
