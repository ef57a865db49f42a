package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/match"
	"github.com/samspil/samspil/refdata"
)

// OpportunityJSON is an opportunity on the board as the API shows it.
// Every property is always present.
type OpportunityJSON struct {
	ID                int64                     `json:"id"`
	OrganisationID    int64                     `json:"organisation_id"`
	OrganisationName  string                    `json:"organisation_name"`
	Kind              samspil.OpportunityKind   `json:"kind"`
	Title             string                    `json:"title"`
	Description       string                    `json:"description"`
	CPVCodes          []string                  `json:"cpv_codes"`
	ExpertiseAreas    []string                  `json:"expertise_areas"`
	TargetGroups      []string                  `json:"target_groups"`
	MunicipalityCode  string                    `json:"municipality_code"`
	MunicipalityName  string                    `json:"municipality_name"`
	RadiusKm          int                       `json:"radius_km"`
	Volume            int                       `json:"volume"`
	EstimatedValueOre int64                     `json:"estimated_value_ore"`
	Deadline          *time.Time                `json:"deadline"`
	Status            samspil.OpportunityStatus `json:"status"`
	CreatedAt         time.Time                 `json:"created_at"`
	UpdatedAt         time.Time                 `json:"updated_at"`
	ClosedAt          *time.Time                `json:"closed_at"`
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func opportunityJSON(o *samspil.Opportunity) OpportunityJSON {
	out := OpportunityJSON{
		ID: o.ID, OrganisationID: o.OrganisationID, OrganisationName: o.OrganisationName, Kind: o.Kind,
		Title: o.Title, Description: o.Description,
		CPVCodes: canonicalCPV(o.CPVCodes), ExpertiseAreas: nonNil(o.ExpertiseAreas), TargetGroups: nonNil(o.TargetGroups),
		MunicipalityCode: o.MunicipalityCode, RadiusKm: o.RadiusKm, Volume: o.Volume, EstimatedValueOre: o.EstimatedValueOre,
		Deadline: utcPtr(o.Deadline), Status: o.Status,
		CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC(), ClosedAt: utcPtr(o.ClosedAt),
	}
	if m, ok := refdata.MunicipalityByCode(o.MunicipalityCode); ok {
		out.MunicipalityName = m.Name
	}
	return out
}

// opportunitySorts are the orders of the opportunity list.
var opportunitySorts = []string{"newest", "deadline", "title"}

func oppKindNames() []string {
	out := make([]string, len(samspil.OpportunityKinds))
	for i, k := range samspil.OpportunityKinds {
		out[i] = string(k)
	}
	return out
}

var oppStatuses = []string{string(samspil.OppOpen), string(samspil.OppClosed), string(samspil.OppFilled)}

// listValues returns the values of a repeatable parameter; each value may
// also be a comma-separated list ("kind=ydelse,jobbehov").
func listValues(q map[string][]string, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

// parsePage reads page and per_page into v.
func parsePage(q map[string][]string, v *samspil.Validation) (page, perPage int) {
	page, perPage = 1, samspil.DefaultPageSize
	get := func(name string) string {
		if vs := q[name]; len(vs) > 0 {
			return vs[0]
		}
		return ""
	}
	if raw := get("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxPage {
			v.Add("page", "api.query.page", "", map[string]any{"Max": MaxPage})
		} else {
			page = n
		}
	}
	if raw := get("per_page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > samspil.MaxPageSize {
			v.Add("per_page", "api.query.per_page", "", map[string]any{"Max": samspil.MaxPageSize})
		} else {
			perPage = n
		}
	}
	return page, perPage
}

// parseOpportunityFilter checks the query of GET /opportunities and
// reports every bad parameter at once.
func (s *server) parseOpportunityFilter(r *http.Request) (samspil.OpportunityFilter, int, int, error) {
	q := r.URL.Query()
	var v samspil.Validation
	var f samspil.OpportunityFilter
	page, perPage := parsePage(q, &v)
	for _, k := range listValues(q, "kind") {
		if kind := samspil.OpportunityKind(k); kind.Valid() {
			f.Kinds = append(f.Kinds, kind)
		} else {
			v.Add("kind", "api.query.opp_kind", "", map[string]any{"Value": k})
		}
	}
	for _, st := range listValues(q, "status") {
		if status := samspil.OpportunityStatus(st); status.Valid() {
			f.Statuses = append(f.Statuses, status)
		} else {
			v.Add("status", "api.query.opp_status", "", map[string]any{"Value": st})
		}
	}
	if raw := q.Get("municipality"); raw != "" {
		if _, ok := refdata.MunicipalityByCode(raw); ok {
			f.MunicipalityCode = raw
		} else {
			v.Add("municipality", "api.query.municipality", "", map[string]any{"Value": raw})
		}
	}
	if raw := q.Get("organisation"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id < 1 {
			v.Add("organisation", "api.query.organisation", "", map[string]any{"Value": raw})
		} else {
			f.OrganisationID = id
		}
	}
	if raw := q.Get("target_group"); raw != "" {
		groups, err := s.store.FindTargetGroups(r.Context())
		if err != nil {
			return f, 0, 0, err
		}
		if slices.ContainsFunc(groups, func(g *samspil.TargetGroup) bool { return g.Code == raw }) {
			f.TargetGroup = raw
		} else {
			v.Add("target_group", "api.query.target_group", "", map[string]any{"Value": raw})
		}
	}
	if raw := q.Get("sort"); raw != "" {
		if slices.Contains(opportunitySorts, raw) {
			f.Sort = raw
		} else {
			v.Add("sort", "api.query.opp_sort", "", map[string]any{"Value": raw})
		}
	}
	f.Limit = perPage
	f.Offset = (page - 1) * perPage
	return f, page, perPage, v.Err()
}

func (s *server) handleListOpportunities(w http.ResponseWriter, r *http.Request) error {
	f, page, perPage, err := s.parseOpportunityFilter(r)
	if err != nil {
		return err
	}
	opps, total, err := s.store.FindOpportunities(r.Context(), f)
	if err != nil {
		return err
	}
	out := PageJSON[OpportunityJSON]{Items: make([]OpportunityJSON, 0, len(opps)), Total: total, Page: page, PerPage: perPage}
	for _, o := range opps {
		out.Items = append(out.Items, opportunityJSON(o))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

// findOpportunity loads the opportunity named by the {id} path value; a
// malformed id is not found, like an unknown one.
func (s *server) findOpportunity(r *http.Request) (*samspil.Opportunity, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	notFound := &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.opportunity.not_found", args: map[string]any{"ID": raw}}
	if err != nil || id < 1 {
		return nil, notFound
	}
	o, err := s.store.FindOpportunityByID(r.Context(), id)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return nil, notFound
	}
	return o, err
}

func (s *server) handleGetOpportunity(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOpportunity(r)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, opportunityJSON(o), cacheDirectory)
}

// MatchComponentsJSON are the raw values behind a match score: each 0..1
// except distance_km (kilometres between municipality centroids, null when
// unknown) and the counts.
type MatchComponentsJSON struct {
	CPV                   float64  `json:"cpv"`
	CPVLevels             int      `json:"cpv_levels"`
	Expertise             bool     `json:"expertise"`
	DistanceKm            *float64 `json:"distance_km"`
	Distance              float64  `json:"distance"`
	TargetGroup           float64  `json:"target_group"`
	SharedTargetGroups    []string `json:"shared_target_groups"`
	Capacity              float64  `json:"capacity"`
	RSV                   float64  `json:"rsv"`
	TrackRecord           float64  `json:"track_record"`
	CompletedPartnerships int      `json:"completed_partnerships"`
	Freshness             float64  `json:"freshness"`
}

// MatchPartsJSON is one number per scored component: the effective
// weights of a match, or its contributions (weight × value, summing to
// the score).
type MatchPartsJSON struct {
	CPV         float64 `json:"cpv"`
	Distance    float64 `json:"distance"`
	TargetGroup float64 `json:"target_group"`
	Capacity    float64 `json:"capacity"`
	RSV         float64 `json:"rsv"`
	TrackRecord float64 `json:"track_record"`
	Freshness   float64 `json:"freshness"`
}

// MatchJSON is one organisation ranked for an opportunity, with why.
type MatchJSON struct {
	OrganisationID   int64               `json:"organisation_id"`
	Name             string              `json:"name"`
	Kind             samspil.OrgKind     `json:"kind"`
	MunicipalityCode string              `json:"municipality_code"`
	RSVRegistered    bool                `json:"rsv_registered"`
	Score            float64             `json:"score"`
	Components       MatchComponentsJSON `json:"components"`
	Weights          MatchPartsJSON      `json:"weights"`
	Contributions    MatchPartsJSON      `json:"contributions"`
}

// MatchListJSON is the answer of GET /opportunities/{id}/matches; weights
// are the platform's nominal weights (match.DefaultWeights).
type MatchListJSON struct {
	Items   []MatchJSON    `json:"items"`
	Weights MatchPartsJSON `json:"weights"`
}

// round4 keeps scores readable and the ETag stable across float noise.
func round4(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }

// explainJSON turns the components of one score into the API's three
// objects: raw values, effective weights and contributions.
func explainJSON(c match.Components) (MatchComponentsJSON, MatchPartsJSON, MatchPartsJSON) {
	comps := MatchComponentsJSON{
		CPV: round4(c.CPV.Value), CPVLevels: c.CPVLevels, Expertise: c.Expertise,
		Distance: round4(c.Distance.Value), TargetGroup: round4(c.TargetGroup.Value),
		SharedTargetGroups: nonNil(c.SharedTargetGroups), Capacity: round4(c.Capacity.Value),
		RSV: round4(c.RSV.Value), TrackRecord: round4(c.TrackRecord.Value),
		CompletedPartnerships: c.CompletedPartnerships, Freshness: round4(c.Freshness.Value),
	}
	if c.DistanceKm >= 0 {
		d := float64(int64(c.DistanceKm*10+0.5)) / 10
		comps.DistanceKm = &d
	}
	parts := func(get func(match.Component) float64) MatchPartsJSON {
		return MatchPartsJSON{
			CPV: round4(get(c.CPV)), Distance: round4(get(c.Distance)), TargetGroup: round4(get(c.TargetGroup)),
			Capacity: round4(get(c.Capacity)), RSV: round4(get(c.RSV)), TrackRecord: round4(get(c.TrackRecord)),
			Freshness: round4(get(c.Freshness)),
		}
	}
	return comps, parts(func(x match.Component) float64 { return x.Weight }), parts(func(x match.Component) float64 { return x.Contribution })
}

func matchJSON(mt match.Match) MatchJSON {
	out := MatchJSON{
		OrganisationID: mt.Candidate.OrganisationID, Name: mt.Candidate.Name, Kind: mt.Candidate.Kind,
		MunicipalityCode: mt.Candidate.MunicipalityCode, RSVRegistered: mt.Candidate.RSVRegistered,
		Score: round4(mt.Score),
	}
	out.Components, out.Weights, out.Contributions = explainJSON(mt.Components)
	return out
}

// nominalWeights are match.DefaultWeights in the API's shape.
func nominalWeights() MatchPartsJSON {
	dw := match.DefaultWeights
	return MatchPartsJSON{CPV: dw.CPV, Distance: dw.Distance, TargetGroup: dw.TargetGroup, Capacity: dw.Capacity,
		RSV: dw.RSV, TrackRecord: dw.TrackRecord, Freshness: dw.Freshness}
}

// parseMatchLimit reads ?limit= of the match lists.
func parseMatchLimit(r *http.Request) (int, error) {
	limit := match.DefaultLimit
	if raw := r.URL.Query().Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > match.MaxLimit {
			return 0, invalid("limit", "api.query.limit", map[string]any{"Max": match.MaxLimit})
		}
		limit = n
	}
	return limit, nil
}

func (s *server) handleOpportunityMatches(w http.ResponseWriter, r *http.Request) error {
	limit, err := parseMatchLimit(r)
	if err != nil {
		return err
	}
	o, err := s.findOpportunity(r)
	if err != nil {
		return err
	}
	svc := match.NewService(s.store)
	svc.Now = s.now
	ms, err := svc.TopOrganisations(r.Context(), o, limit)
	if err != nil {
		return err
	}
	out := MatchListJSON{Items: make([]MatchJSON, 0, len(ms)), Weights: nominalWeights()}
	for _, mt := range ms {
		out.Items = append(out.Items, matchJSON(mt))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

// OpportunityMatchJSON is one open opportunity ranked for an organisation.
// Its track record is that of the opportunity's owner and its freshness
// the opportunity's own age (docs/matching.md).
type OpportunityMatchJSON struct {
	OpportunityID    int64                   `json:"opportunity_id"`
	Title            string                  `json:"title"`
	Kind             samspil.OpportunityKind `json:"kind"`
	OrganisationID   int64                   `json:"organisation_id"`
	OrganisationName string                  `json:"organisation_name"`
	MunicipalityCode string                  `json:"municipality_code"`
	Deadline         *time.Time              `json:"deadline"`
	Score            float64                 `json:"score"`
	Components       MatchComponentsJSON     `json:"components"`
	Weights          MatchPartsJSON          `json:"weights"`
	Contributions    MatchPartsJSON          `json:"contributions"`
}

// OpportunityMatchListJSON is the answer of GET /organisations/{id}/matches.
type OpportunityMatchListJSON struct {
	Items   []OpportunityMatchJSON `json:"items"`
	Weights MatchPartsJSON         `json:"weights"`
}

// handleOrganisationMatches ranks open opportunities for an organisation:
// what its dashboard shows.
func (s *server) handleOrganisationMatches(w http.ResponseWriter, r *http.Request) error {
	limit, err := parseMatchLimit(r)
	if err != nil {
		return err
	}
	org, err := s.findOrganisation(r)
	if err != nil {
		return err
	}
	svc := match.NewService(s.store)
	svc.Now = s.now
	ms, err := svc.TopOpportunities(r.Context(), org, limit)
	if err != nil {
		return err
	}
	out := OpportunityMatchListJSON{Items: make([]OpportunityMatchJSON, 0, len(ms)), Weights: nominalWeights()}
	for _, mt := range ms {
		o := mt.Opportunity
		item := OpportunityMatchJSON{OpportunityID: o.ID, Title: o.Title, Kind: o.Kind, OrganisationID: o.OrganisationID,
			OrganisationName: o.OrganisationName, MunicipalityCode: o.MunicipalityCode, Deadline: utcPtr(o.Deadline),
			Score: round4(mt.Score)}
		item.Components, item.Weights, item.Contributions = explainJSON(mt.Components)
		out.Items = append(out.Items, item)
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

// OpportunityInput is the body of POST /opportunities.
type OpportunityInput struct {
	OrganisationID    int64                   `json:"organisation_id"`
	Kind              samspil.OpportunityKind `json:"kind"`
	Title             string                  `json:"title"`
	Description       string                  `json:"description"`
	CPVCodes          []string                `json:"cpv_codes"`
	ExpertiseAreas    []string                `json:"expertise_areas"`
	TargetGroups      []string                `json:"target_groups"`
	MunicipalityCode  string                  `json:"municipality_code"`
	RadiusKm          int                     `json:"radius_km"`
	Volume            int                     `json:"volume"`
	EstimatedValueOre int64                   `json:"estimated_value_ore"`
	// Deadline is a date (the last day to answer, which ends at midnight
	// Danish time) or an RFC 3339 time.
	Deadline string `json:"deadline"`
}

// copenhagen is the zone deadlines are days in.
var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// parseDeadline reads "2026-12-31" (end of that day in Denmark) or an RFC
// 3339 time; "" is no deadline.
func parseDeadline(raw string) (*time.Time, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, true
	}
	if d, err := time.ParseInLocation("2006-01-02", raw, copenhagen); err == nil {
		end := d.AddDate(0, 0, 1).UTC()
		return &end, true
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		u := t.UTC()
		return &u, true
	}
	return nil, false
}

func (s *server) handleCreateOpportunity(w http.ResponseWriter, r *http.Request) error {
	p, err := s.authenticate(w, r)
	if err != nil {
		return err
	}
	var in OpportunityInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if in.OrganisationID < 1 {
		return invalid("organisation_id", "api.opportunity.organisation_required", nil)
	}
	// Any active member may post for their organisation (as on the web);
	// platform admins may post for any.
	if err := p.Require(p.IsPlatformAdmin() || p.IsMember(in.OrganisationID)); err != nil {
		return err
	}
	deadline, ok := parseDeadline(in.Deadline)
	if !ok {
		return invalid("deadline", "api.opportunity.deadline", nil)
	}
	o := &samspil.Opportunity{
		OrganisationID: in.OrganisationID, Kind: in.Kind, Title: in.Title, Description: in.Description,
		CPVCodes: canonicalCPV(in.CPVCodes), ExpertiseAreas: nonNil(in.ExpertiseAreas), TargetGroups: nonNil(in.TargetGroups),
		MunicipalityCode: in.MunicipalityCode, RadiusKm: in.RadiusKm, Volume: in.Volume,
		EstimatedValueOre: in.EstimatedValueOre, Deadline: deadline, CreatedBy: p.User.ID,
	}
	ctx := samspil.WithActor(r.Context(), p.User.ID)
	if err := s.store.CreateOpportunity(ctx, o); err != nil {
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			return invalid("organisation_id", "api.opportunity.organisation_unknown", map[string]any{"ID": in.OrganisationID})
		}
		return err
	}
	w.Header().Set("Location", s.baseURL+"/api/v1/opportunities/"+strconv.FormatInt(o.ID, 10))
	return s.writeJSON(w, r, http.StatusCreated, opportunityJSON(o), "")
}

// InterestInput is the body of POST /opportunities/{id}/interests.
type InterestInput struct {
	OrganisationID int64  `json:"organisation_id"`
	Message        string `json:"message"`
}

// InterestJSON is an expression of interest as the API shows it.
type InterestJSON struct {
	ID               int64                  `json:"id"`
	OpportunityID    int64                  `json:"opportunity_id"`
	OpportunityTitle string                 `json:"opportunity_title"`
	OwnerID          int64                  `json:"owner_id"`
	OwnerName        string                 `json:"owner_name"`
	OrganisationID   int64                  `json:"organisation_id"`
	OrganisationName string                 `json:"organisation_name"`
	Message          string                 `json:"message"`
	Status           samspil.InterestStatus `json:"status"`
	DecisionNote     string                 `json:"decision_note"`
	PartnershipID    *int64                 `json:"partnership_id"`
	CreatedAt        time.Time              `json:"created_at"`
	DecidedAt        *time.Time             `json:"decided_at"`
}

func interestJSON(i *samspil.Interest) InterestJSON {
	return InterestJSON{
		ID: i.ID, OpportunityID: i.OpportunityID, OpportunityTitle: i.OpportunityTitle, OwnerID: i.OwnerID,
		OwnerName: i.OwnerName, OrganisationID: i.OrganisationID, OrganisationName: i.OrganisationName,
		Message: i.Message, Status: i.Status, DecisionNote: i.DecisionNote, PartnershipID: i.PartnershipID,
		CreatedAt: i.CreatedAt.UTC(), DecidedAt: utcPtr(i.DecidedAt),
	}
}

func (s *server) handleCreateInterest(w http.ResponseWriter, r *http.Request) error {
	p, err := s.authenticate(w, r)
	if err != nil {
		return err
	}
	o, err := s.findOpportunity(r)
	if err != nil {
		return err
	}
	var in InterestInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if in.OrganisationID < 1 {
		return invalid("organisation_id", "api.opportunity.organisation_required", nil)
	}
	// Only an organisation's own active members speak for it; a platform
	// admin is no exception.
	if err := p.Require(p.IsMember(in.OrganisationID)); err != nil {
		return err
	}
	i := &samspil.Interest{OpportunityID: o.ID, OrganisationID: in.OrganisationID, Message: in.Message, CreatedBy: p.User.ID}
	ctx := samspil.WithActor(r.Context(), p.User.ID)
	if err := s.store.CreateInterest(ctx, i); err != nil {
		return err
	}
	if saved, err := s.store.FindInterestByID(r.Context(), i.ID); err == nil {
		i = saved
	}
	return s.writeJSON(w, r, http.StatusCreated, interestJSON(i), "")
}
