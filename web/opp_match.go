package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/match"
)

// matchView is one matching organisation with the explanation of its score.
type matchView struct {
	OrganisationID int64
	Name           string
	Kind           samspil.OrgKind
	Score          float64 // 0..1
	Components     []componentView
	Mine           bool // the viewer belongs to this organisation
}

// oppMatchView is one matching opportunity on an organisation's dashboard.
type oppMatchView struct {
	Opp        *samspil.Opportunity
	Score      float64
	Components []componentView
}

// componentView is one line of a match's explanation: what was compared,
// the fact behind it in words, the weight and what it added to the score.
type componentView struct {
	Key          string // translation suffix: "cpv", "distance", …
	Detail       string // the fact, translated and formatted ("12,4 km", "2 af 3: …")
	Weight       float64
	Contribution float64
}

// matcher is the pure match package on top of the store's candidate query,
// with the server's clock so tests can fix "now".
func (s *Server) matcher() *match.Service {
	m := match.NewService(s.store)
	m.Now = s.now
	return m
}

// oppMatches returns the best-matching organisations for o, explained.
func (s *Server) oppMatches(r *http.Request, o *samspil.Opportunity, limit int) ([]matchView, error) {
	ms, err := s.matcher().TopOrganisations(r.Context(), o, limit)
	if err != nil {
		return nil, err
	}
	tr := TranslatorFrom(r)
	out := make([]matchView, 0, len(ms))
	for _, m := range ms {
		c := m.Candidate
		out = append(out, matchView{OrganisationID: c.OrganisationID, Name: c.Name, Kind: c.Kind, Score: m.Score,
			Components: explain(tr, o, m.Components, c.Capacity, c.RSVRegistered, c.UpdatedAt, s.now())})
	}
	return out, nil
}

// orgMatches returns the best-matching open opportunities for org, explained.
func (s *Server) orgMatches(r *http.Request, org *samspil.Organisation, limit int) ([]oppMatchView, error) {
	ms, err := s.matcher().TopOpportunities(r.Context(), org, limit)
	if err != nil {
		return nil, err
	}
	tr := TranslatorFrom(r)
	out := make([]oppMatchView, 0, len(ms))
	for _, m := range ms {
		out = append(out, oppMatchView{Opp: m.Opportunity, Score: m.Score,
			Components: explain(tr, m.Opportunity, m.Components, org.Capacity, org.RSVRegistered, m.Opportunity.UpdatedAt, s.now())})
	}
	return out, nil
}

// cpvLevelNames name how deep the best pair of CPV codes agrees, by the
// number of shared levels (match.Components.CPVLevels).
var cpvLevelNames = [...]string{"none", "division", "group", "class", "category", "code"}

// explain turns the components of one score into table rows with the facts
// in words. capacity and rsv are the organisation's; updated is what the
// freshness component measured (the profile, or the opportunity).
func explain(tr *Translator, o *samspil.Opportunity, c match.Components, capacity int, rsv bool, updated, now time.Time) []componentView {
	lang := tr.Lang
	na := tr.T("match.fact.not_applicable", nil)
	var rows []componentView
	for _, n := range c.List() {
		row := componentView{Key: n.Name, Weight: n.Weight, Contribution: n.Contribution}
		switch {
		case !n.Applies:
			row.Detail = na
		case n.Name == "cpv":
			lv := min(max(c.CPVLevels, 0), len(cpvLevelNames)-1)
			row.Detail = tr.T("match.fact.cpv_level", map[string]any{"Level": tr.T("match.level."+cpvLevelNames[lv], nil),
				"Pct": formatDecimal(lang, n.Value*100, 0)})
		case n.Name == "expertise":
			row.Detail = tr.T("match.fact.expertise", map[string]any{"Pct": formatDecimal(lang, n.Value*100, 0)})
		case n.Name == "distance":
			switch {
			case c.DistanceKm < 0:
				row.Detail = tr.T("match.fact.unknown", nil)
			case c.DistanceKm < 0.05:
				row.Detail = tr.T("match.fact.same_municipality", nil)
			default:
				row.Detail = tr.T("match.fact.km", map[string]any{"Km": formatDecimal(lang, c.DistanceKm, 1)})
			}
		case n.Name == "target_group":
			names := make([]string, 0, len(c.SharedTargetGroups))
			for _, g := range c.SharedTargetGroups {
				names = append(names, targetGroupName(g, lang))
			}
			row.Detail = tr.T("match.fact.of", map[string]any{"N": len(c.SharedTargetGroups), "Of": len(o.TargetGroups)})
			if len(names) > 0 {
				row.Detail += ": " + strings.Join(names, ", ")
			}
		case n.Name == "capacity":
			row.Detail = tr.T("match.fact.capacity", map[string]any{"Capacity": strconv.Itoa(capacity), "Volume": strconv.Itoa(o.Volume)})
		case n.Name == "rsv":
			row.Detail = tr.T(map[bool]string{true: "match.fact.yes", false: "match.fact.no"}[rsv], nil)
		case n.Name == "track_record":
			row.Detail = tr.T("match.fact.partnerships", map[string]any{"N": c.CompletedPartnerships})
		case n.Name == "freshness":
			days := 0
			if !updated.IsZero() && now.After(updated) {
				days = int(now.Sub(updated).Hours() / 24)
			}
			row.Detail = tr.T("match.fact.days", map[string]any{"Days": days})
		}
		rows = append(rows, row)
	}
	return rows
}

// targetGroupName names a default target group in lang, or returns the code.
func targetGroupName(code, lang string) string {
	for _, g := range samspil.DefaultTargetGroups {
		if g.Code == code {
			if lang == "en" {
				return g.NameEN
			}
			return g.NameDA
		}
	}
	return code
}
