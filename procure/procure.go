// Package procure holds the procurement rules as dated configuration
// (thresholds with their legal source and validity) and the two pieces of
// logic built on them: the warning when a tender's procedure does not fit
// its value, and the route recommender. It imports only the domain.
//
// The rules live in rules.json, embedded in the binary (Default) and
// replaceable by an operator's file of the same format (Load), so a new
// two-year period of EU thresholds needs no new release.
package procure

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samspil/samspil"
)

//go:embed rules.json
var embedded []byte

// Warning is a problem with a tender that does not stop it from being
// saved: the buyer decides. Key and Args translate it; Source names the
// rule's legal basis. The recommender's reasons use the same shape.
type Warning struct {
	Key     string         `json:"key"`
	Message string         `json:"message"` // English fallback
	Args    map[string]any `json:"args,omitempty"`
	Source  string         `json:"source,omitempty"`
}

// ThresholdKind says which contracts a threshold applies to.
type ThresholdKind string

// The threshold kinds a municipality (a sub-central contracting
// authority) meets.
const (
	KindSuppliesServices ThresholdKind = "supplies_services"
	KindWorks            ThresholdKind = "works"
	KindLightRegime      ThresholdKind = "light_regime"
)

// Date is a calendar date in the rules file ("2026-01-01").
type Date struct{ time.Time }

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		d.Time = time.Time{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	d.Time = t
	return nil
}

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return json.Marshal(d.Format(time.DateOnly))
}

// Threshold is one EU threshold for one period, with where it comes from.
type Threshold struct {
	ID        string        `json:"id"`
	Kind      ThresholdKind `json:"kind"`
	AmountEUR int64         `json:"amount_eur"`
	AmountOre int64         `json:"amount_ore"` // the kroner amount in øre
	// DKKDerived is true when AmountOre was computed from AmountEUR at the
	// file's dkk_rate rather than copied from the official publication.
	DKKDerived bool   `json:"dkk_derived"`
	ValidFrom  Date   `json:"valid_from"`
	ValidTo    Date   `json:"valid_to"` // inclusive
	Source     string `json:"source"`
	CheckedOn  Date   `json:"checked_on"`
	Note       string `json:"note,omitempty"`
}

// Applies reports whether the threshold is in force on the Danish date of at.
func (t Threshold) Applies(at time.Time) bool {
	d := danishDate(at)
	return !d.Before(t.ValidFrom.Time) && !d.After(t.ValidTo.Time)
}

// Setting is one number of the recommender with its reason.
type Setting struct {
	Value     int    `json:"value"`
	Source    string `json:"source"`
	Rationale string `json:"rationale"`
}

// Settings are the recommender's numbers.
type Settings struct {
	Section20MinShare Setting `json:"section20_min_share_percent"`
	MaxDependency     Setting `json:"max_dependency_percent"`
	MinEligible       Setting `json:"min_eligible_suppliers"`
	MinEligibleLot    Setting `json:"min_eligible_suppliers_lot"`
	DefaultRadiusKm   Setting `json:"default_radius_km"`
	CrossBorderFrom   Setting `json:"cross_border_check_from_percent"`
	Art77MaxYears     Setting `json:"art77_max_contract_years"`
}

// CPVList is the light regime's list of social and other specific
// services.
type CPVList struct {
	Source    string   `json:"source"`
	CheckedOn Date     `json:"checked_on"`
	Codes     []string `json:"codes"` // eight digits, without check digit
}

// Rules are the thresholds and recommender settings in force, loaded from
// dated configuration.
type Rules struct {
	CheckedOn   Date        `json:"checked_on"`
	DKKRate     string      `json:"dkk_rate"` // DKK per EUR, as a decimal string
	DKKRateNote string      `json:"dkk_rate_note"`
	Thresholds  []Threshold `json:"thresholds"`
	Settings    Settings    `json:"settings"`
	LightRegime CPVList     `json:"light_regime_cpv"`

	social map[string]bool
}

// Default returns the rules embedded in the binary. It panics if the
// embedded file is broken, which its test prevents.
func Default() *Rules {
	r, err := Load(bytes.NewReader(embedded))
	if err != nil {
		panic("procure: embedded rules.json: " + err.Error())
	}
	return r
}

// Load reads rules from a JSON file in the embedded file's format, so an
// operator can update thresholds without a new release. Unknown fields,
// trailing data and broken rules (missing sources, overlapping periods,
// kroner amounts that do not follow from the stated rate) are EINVALID
// with one FieldError per problem.
func Load(rd io.Reader) (*Rules, error) {
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	var r Rules
	if err := dec.Decode(&r); err != nil {
		e := samspil.Errorf(samspil.EINVALID, "procure.rules.json", "the rules file is not valid JSON in the expected format: %v", err)
		e.Args = map[string]any{"Error": err.Error()}
		return nil, e
	}
	if dec.More() {
		return nil, samspil.Errorf(samspil.EINVALID, "procure.rules.json", "the rules file has data after its JSON object")
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	r.social = map[string]bool{}
	for _, c := range r.LightRegime.Codes {
		r.social[c] = true
	}
	return &r, nil
}

func (r *Rules) validate() error {
	var v samspil.Validation
	bad := func(field, msg string) {
		v.Add(field, "procure.rules.invalid", field+": "+msg, map[string]any{"Field": field, "Problem": msg})
	}
	if r.CheckedOn.IsZero() {
		bad("checked_on", "missing")
	}
	rate, rateOK := parseRate(r.DKKRate)
	if !rateOK {
		bad("dkk_rate", "must be a decimal number like 7.46038")
	}
	if len(r.Thresholds) == 0 {
		bad("thresholds", "no thresholds")
	}
	ids := map[string]bool{}
	for i, t := range r.Thresholds {
		f := "thresholds[" + strconv.Itoa(i) + "]"
		if t.ID == "" || ids[t.ID] {
			bad(f+".id", "missing or not unique")
		}
		ids[t.ID] = true
		if t.Kind != KindSuppliesServices && t.Kind != KindWorks && t.Kind != KindLightRegime {
			bad(f+".kind", "must be supplies_services, works or light_regime")
		}
		if t.AmountEUR <= 0 || t.AmountOre <= 0 {
			bad(f+".amount", "amount_eur and amount_ore must be positive")
		} else if t.DKKDerived && rateOK && t.AmountOre != deriveOre(t.AmountEUR, rate) {
			bad(f+".amount_ore", fmt.Sprintf("does not follow from amount_eur at dkk_rate (want %d)", deriveOre(t.AmountEUR, rate)))
		}
		if t.ValidFrom.IsZero() || t.ValidTo.IsZero() || t.ValidTo.Before(t.ValidFrom.Time) {
			bad(f+".valid_to", "valid_from and valid_to are required and valid_to may not come before valid_from")
		}
		if strings.TrimSpace(t.Source) == "" {
			bad(f+".source", "the legal source is missing")
		}
		if t.CheckedOn.IsZero() {
			bad(f+".checked_on", "missing")
		}
		for j := 0; j < i; j++ {
			o := r.Thresholds[j]
			if o.Kind == t.Kind && !t.ValidFrom.After(o.ValidTo.Time) && !o.ValidFrom.After(t.ValidTo.Time) {
				bad(f+".valid_from", "the period overlaps "+o.ID+" of the same kind")
			}
		}
	}
	s := &r.Settings
	for _, x := range []struct {
		name     string
		s        Setting
		min, max int
	}{
		{"section20_min_share_percent", s.Section20MinShare, 1, 100},
		{"max_dependency_percent", s.MaxDependency, 1, 10000},
		{"min_eligible_suppliers", s.MinEligible, 1, 1000},
		{"min_eligible_suppliers_lot", s.MinEligibleLot, 1, 1000},
		{"default_radius_km", s.DefaultRadiusKm, 1, 1000},
		{"cross_border_check_from_percent", s.CrossBorderFrom, 1, 100},
		{"art77_max_contract_years", s.Art77MaxYears, 1, 20},
	} {
		f := "settings." + x.name
		if x.s.Value < x.min || x.s.Value > x.max {
			bad(f+".value", fmt.Sprintf("must be between %d and %d", x.min, x.max))
		}
		if strings.TrimSpace(x.s.Source) == "" || strings.TrimSpace(x.s.Rationale) == "" {
			bad(f, "source and rationale are required")
		}
	}
	if s.MinEligibleLot.Value > s.MinEligible.Value {
		bad("settings.min_eligible_suppliers_lot.value", "may not exceed min_eligible_suppliers")
	}
	if strings.TrimSpace(r.LightRegime.Source) == "" || len(r.LightRegime.Codes) == 0 {
		bad("light_regime_cpv", "source and codes are required")
	}
	for i, c := range r.LightRegime.Codes {
		if len(c) != 8 || strings.Trim(c, "0123456789") != "" {
			bad("light_regime_cpv.codes["+strconv.Itoa(i)+"]", "must be eight digits")
		}
	}
	if err := v.Err(); err != nil {
		e, _ := samspil.AsError(err)
		e.Key = "procure.rules.invalid"
		var msgs []string
		for _, fe := range e.Fields {
			msgs = append(msgs, fe.Message)
		}
		e.Message = "the rules file is invalid: " + strings.Join(msgs, "; ")
		if len(e.Fields) > 0 {
			e.Args = e.Fields[0].Args
		}
		return e
	}
	return nil
}

// parseRate reads "7.46038" as parts per 100,000.
func parseRate(s string) (int64, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 5 || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, false
	}
	frac += strings.Repeat("0", 5-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil && n > 0
}

// deriveOre converts euros to øre at rate (per 100,000), rounded to whole
// kroner, in integers.
func deriveOre(eur, rate int64) int64 {
	kroner := (eur*rate + 50_000) / 100_000
	return kroner * 100
}

var copenhagen = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return l
	}
	return time.FixedZone("CET", 3600)
}()

// danishDate is at's date in Denmark, as midnight UTC.
func danishDate(at time.Time) time.Time {
	y, m, d := at.In(copenhagen).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Threshold returns the threshold of kind in force at at; ok is false when
// the rules have none for that date (they need updating).
func (r *Rules) Threshold(kind ThresholdKind, at time.Time) (Threshold, bool) {
	for _, t := range r.Thresholds {
		if t.Kind == kind && t.Applies(at) {
			return t, true
		}
	}
	return Threshold{}, false
}

// IsSocialService reports whether a CPV code (with or without check
// digit) is one of the light regime's social and other specific services.
func (r *Rules) IsSocialService(code string) bool {
	if len(code) < 8 {
		return false
	}
	return r.social[code[:8]]
}

// DefaultRadiusKm is the radius the recommender starts with.
func (r *Rules) DefaultRadiusKm() int { return r.Settings.DefaultRadiusKm.Value }

// kindFor is the threshold that governs a purchase of codes: works when
// the main code is construction work (CPV division 45), the light regime
// when every code is a social or other specific service, else supplies
// and services.
func (r *Rules) kindFor(codes []string) ThresholdKind {
	if len(codes) > 0 && strings.HasPrefix(codes[0], "45") {
		return KindWorks
	}
	if len(codes) == 0 {
		return KindSuppliesServices
	}
	for _, c := range codes {
		if !r.IsSocialService(c) {
			return KindSuppliesServices
		}
	}
	return KindLightRegime
}

// kr formats øre as whole Danish kroner ("1.648.744 kr.") for the English
// fallback messages; translations get the øre in Args.
func kr(ore int64) string {
	s := strconv.FormatInt(ore/100, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String() + " kr."
	}
	return b.String() + " kr."
}

// Check returns the warnings for t at the given date: a procedure that
// does not fit the value or the CPV codes, a reserved procedure without a
// reservation, lots that split a value above the threshold, and rules
// that have run out of date.
func (r *Rules) Check(t *samspil.Tender, at time.Time) []Warning {
	var out []Warning
	codes := t.AllCPV()
	kind := r.kindFor(codes)
	th, ok := r.Threshold(kind, at)
	if !ok {
		out = append(out, Warning{Key: "procure.rules.outdated",
			Message: "the platform has no procurement thresholds for this date; the rules must be updated",
			Args:    map[string]any{"Date": danishDate(at).Format(time.DateOnly)}})
	}
	total := t.ValueOre
	var lotSum, maxLot int64
	for _, l := range t.Lots {
		lotSum += l.ValueOre
		maxLot = max(maxLot, l.ValueOre)
	}
	total = max(total, lotSum)
	if ok && total > 0 {
		args := func() map[string]any {
			return map[string]any{"Value": kr(total), "ValueOre": total, "Threshold": kr(th.AmountOre),
				"ThresholdOre": th.AmountOre, "ThresholdEUR": th.AmountEUR, "ValidTo": th.ValidTo.Format(time.DateOnly)}
		}
		switch {
		case t.Procedure == samspil.ProcBelowThreshold && total >= th.AmountOre && len(t.Lots) > 1 && maxLot < th.AmountOre:
			out = append(out, Warning{Key: "procure.lots.split",
				Message: "each lot is below the EU threshold, but the lots together are worth " + kr(total) + ", at or above the threshold of " + kr(th.AmountOre) + ": the value of all lots counts, so the purchase cannot be made as a purchase below the threshold",
				Args:    args(), Source: "Direktiv 2014/24/EU art. 5, stk. 3 og 8; " + th.Source})
		case t.Procedure == samspil.ProcBelowThreshold && total >= th.AmountOre && kind == KindLightRegime:
			out = append(out, Warning{Key: "procure.below_threshold.above_light_regime",
				Message: "the value " + kr(total) + " is at or above the light regime's threshold of " + kr(th.AmountOre) + " (EUR 750,000): use the light regime, not a purchase below the threshold",
				Args:    args(), Source: th.Source})
		case t.Procedure == samspil.ProcBelowThreshold && total >= th.AmountOre:
			out = append(out, Warning{Key: "procure.below_threshold.above_eu",
				Message: "the value " + kr(total) + " is at or above the EU threshold of " + kr(th.AmountOre) + ": the purchase must be put out to tender in the EU, not bought below the threshold",
				Args:    args(), Source: th.Source})
		case t.Procedure == samspil.ProcBelowThreshold && total*100 >= th.AmountOre*int64(r.Settings.CrossBorderFrom.Value):
			out = append(out, Warning{Key: "procure.below_threshold.cross_border",
				Message: "the value " + kr(total) + " is close to the EU threshold of " + kr(th.AmountOre) + ": assess and record whether the purchase has a clear cross-border interest; if it has, it must be advertised",
				Args:    args(), Source: r.Settings.CrossBorderFrom.Source})
		}
	}
	if t.Procedure == samspil.ProcLightRegime {
		for _, c := range codes {
			if !r.IsSocialService(c) {
				out = append(out, Warning{Key: "procure.light_regime.cpv",
					Message: "the CPV code " + c + " is not one of the social and other specific services of the light regime; choose another procedure or another code",
					Args:    map[string]any{"Code": c}, Source: r.LightRegime.Source})
				break
			}
		}
	}
	if t.Procedure == samspil.ProcReserved && t.Reservation == samspil.ReserveNone {
		out = append(out, Warning{Key: "procure.reserved.no_reservation",
			Message: "the procedure is a reserved contract, but the tender is not reserved: reserve it for sheltered workshops and enterprises with at least 30 % disadvantaged employees",
			Source:  r.Settings.Section20MinShare.Source})
	}
	if t.Reservation == samspil.ReservePublicService && !t.ContractStart.IsZero() && !t.ContractEnd.IsZero() &&
		t.ContractEnd.After(t.ContractStart.AddDate(r.Settings.Art77MaxYears.Value, 0, 0)) {
		out = append(out, Warning{Key: "procure.art77.too_long",
			Message: "a contract reserved for public-service-mission organisations may last at most " + strconv.Itoa(r.Settings.Art77MaxYears.Value) + " years",
			Args:    map[string]any{"Years": r.Settings.Art77MaxYears.Value}, Source: r.Settings.Art77MaxYears.Source})
	}
	return out
}

// Input is what the buyer tells the recommender.
type Input struct {
	CPVCodes         []string
	MunicipalityCode string
	RadiusKm         int // the radius the store searched; 0 means the whole country
	ValueOre         int64
	At               time.Time
}

// Route is a recommended way to buy.
type Route string

// The routes, from the most to the least reserved. Their translation keys
// are "procure.route.<route>" (web: "tender.route.<route>").
const (
	// RouteReservedContract: reserve the whole contract under § 20.
	RouteReservedContract Route = "reserved_contract"
	// RouteReservedLot: divide into lots and reserve one under § 20.
	RouteReservedLot Route = "reserved_lot"
	// RouteLightRegimeReservation: reserve the contract for
	// public-service-mission organisations (art. 77, udbudsloven § 191);
	// only for the light regime's social-service CPV codes.
	RouteLightRegimeReservation Route = "light_regime_reservation"
	// RouteSocialClause: an open procedure with social clauses.
	RouteSocialClause Route = "social_clause"
	// RouteNone: no social route fits with the suppliers found.
	RouteNone Route = "none"
)

// Routes lists the routes in the order the recommender considers them.
var Routes = []Route{RouteReservedContract, RouteReservedLot, RouteLightRegimeReservation, RouteSocialClause, RouteNone}

// Place counts the suppliers found in one municipality.
type Place struct {
	MunicipalityCode string  `json:"municipality_code"`
	Suppliers        int     `json:"suppliers"` // SØV sharing a CPV group
	Eligible         int     `json:"eligible"`  // of which meet the § 20 condition
	DistanceKm       float64 `json:"distance_km"`
}

// Alternative is a route the recommender considered and did not choose,
// with why not.
type Alternative struct {
	Route  Route   `json:"route"`
	Reason Warning `json:"reason"`
}

// Recommendation is the recommender's answer with its reasons.
type Recommendation struct {
	Route   Route     `json:"route"`
	Reasons []Warning `json:"reasons"`
	// Suppliers counts the SØV found within reach; Eligible those of them
	// that meet the § 20 condition. Places shows where, nearest first.
	Suppliers int     `json:"suppliers"`
	Eligible  int     `json:"eligible"`
	Places    []Place `json:"places"`
	RadiusKm  int     `json:"radius_km"`
	// DependencyPercent is the value divided by the eligible suppliers'
	// average yearly turnover, in per cent; -1 when no turnover is known.
	DependencyPercent  int   `json:"dependency_percent"`
	AverageTurnoverOre int64 `json:"average_turnover_ore"`
	WithTurnover       int   `json:"with_turnover"` // eligible suppliers that state a turnover
	// Threshold is the EU threshold that governs the purchase, when the
	// rules have one for the date; AboveThreshold says whether the value
	// reaches it.
	Threshold      *Threshold    `json:"threshold,omitempty"`
	AboveThreshold bool          `json:"above_threshold"`
	SocialService  bool          `json:"social_service"` // every code is a light-regime social service
	Alternatives   []Alternative `json:"alternatives"`
}

// Recommend chooses a route for in given the suppliers the store found
// (ProcurementSuppliers). It considers, in turn, a reserved contract
// (enough eligible suppliers and low economic dependency), a reserved lot
// (some eligible suppliers, or dependency too high for the whole), a
// light-regime reservation (social-service codes and SØV within reach), a
// social clause (any SØV within reach) and none.
func (r *Rules) Recommend(in Input, suppliers []samspil.SupplierFact) Recommendation {
	s := &r.Settings
	rec := Recommendation{RadiusKm: in.RadiusKm, DependencyPercent: -1, Reasons: []Warning{}, Alternatives: []Alternative{}, Places: []Place{}}
	places := map[string]*Place{}
	var turnover int64
	for _, f := range suppliers {
		rec.Suppliers++
		p := places[f.MunicipalityCode]
		if p == nil {
			p = &Place{MunicipalityCode: f.MunicipalityCode, DistanceKm: f.DistanceKm}
			places[f.MunicipalityCode] = p
		}
		p.Suppliers++
		p.DistanceKm = min(p.DistanceKm, f.DistanceKm)
		if eligible(f, s.Section20MinShare.Value) {
			rec.Eligible++
			p.Eligible++
			if f.TurnoverOre > 0 {
				turnover += f.TurnoverOre
				rec.WithTurnover++
			}
		}
	}
	for _, p := range places {
		rec.Places = append(rec.Places, *p)
	}
	sort.Slice(rec.Places, func(i, j int) bool {
		a, b := rec.Places[i], rec.Places[j]
		if a.DistanceKm != b.DistanceKm {
			return a.DistanceKm < b.DistanceKm
		}
		return a.MunicipalityCode < b.MunicipalityCode
	})
	if rec.WithTurnover > 0 {
		rec.AverageTurnoverOre = turnover / int64(rec.WithTurnover)
		if rec.AverageTurnoverOre > 0 && in.ValueOre > 0 {
			rec.DependencyPercent = int(min(in.ValueOre/rec.AverageTurnoverOre*100+in.ValueOre%rec.AverageTurnoverOre*100/rec.AverageTurnoverOre, 1_000_000))
		}
	}
	kind := r.kindFor(in.CPVCodes)
	rec.SocialService = kind == KindLightRegime
	if th, ok := r.Threshold(kind, in.At); ok {
		rec.Threshold = &th
		rec.AboveThreshold = in.ValueOre >= th.AmountOre
	}

	where := "within " + strconv.Itoa(in.RadiusKm) + " km"
	if in.RadiusKm == 0 {
		where = "in the whole country"
	}
	count := map[string]any{"Eligible": rec.Eligible, "Suppliers": rec.Suppliers, "RadiusKm": in.RadiusKm,
		"Min": s.MinEligible.Value, "MinLot": s.MinEligibleLot.Value, "Share": s.Section20MinShare.Value}
	dep := map[string]any{"Dependency": rec.DependencyPercent, "Max": s.MaxDependency.Value,
		"AverageTurnover": kr(rec.AverageTurnoverOre), "AverageTurnoverOre": rec.AverageTurnoverOre}
	enoughAll := rec.Eligible >= s.MinEligible.Value
	enoughLot := rec.Eligible >= s.MinEligibleLot.Value
	depKnown := rec.DependencyPercent >= 0
	depOK := depKnown && rec.DependencyPercent <= s.MaxDependency.Value

	var route Route
	reason := func(key, msg string, args map[string]any, src string) {
		rec.Reasons = append(rec.Reasons, Warning{Key: key, Message: msg, Args: args, Source: src})
	}
	why := func(rt Route, key, msg string, args map[string]any, src string) {
		rec.Alternatives = append(rec.Alternatives, Alternative{Route: rt, Reason: Warning{Key: key, Message: msg, Args: args, Source: src}})
	}
	sec20 := s.Section20MinShare.Source

	// Reserved contract.
	switch {
	case enoughAll && (depOK || !depKnown):
		route = RouteReservedContract
		reason("procure.reason.eligible_enough", fmt.Sprintf("%d SØV %s meet the condition of at least %d %% disadvantaged employees (at least %d are needed for competition)", rec.Eligible, where, s.Section20MinShare.Value, s.MinEligible.Value), count, sec20)
		if depKnown {
			reason("procure.reason.dependency_low", fmt.Sprintf("the value is %d %% of their average yearly turnover of %s, within the limit of %d %%", rec.DependencyPercent, kr(rec.AverageTurnoverOre), s.MaxDependency.Value), dep, s.MaxDependency.Source)
		} else {
			reason("procure.reason.dependency_unknown", "none of them states a yearly turnover, so the economic dependency could not be worked out: check that the suppliers can carry a contract of this size", dep, s.MaxDependency.Source)
		}
	case enoughAll:
		why(RouteReservedContract, "procure.why_not.dependency_high", fmt.Sprintf("the value is %d %% of the eligible suppliers' average yearly turnover of %s, above the limit of %d %%: the contract would make them too dependent on one buyer", rec.DependencyPercent, kr(rec.AverageTurnoverOre), s.MaxDependency.Value), dep, s.MaxDependency.Source)
	default:
		why(RouteReservedContract, "procure.why_not.too_few_eligible", fmt.Sprintf("only %d SØV %s meet the condition of at least %d %% disadvantaged employees; a reserved contract needs at least %d for competition", rec.Eligible, where, s.Section20MinShare.Value, s.MinEligible.Value), count, s.MinEligible.Source)
	}

	// Reserved lot.
	if route == "" && enoughLot {
		route = RouteReservedLot
		lotArgs := map[string]any{"Eligible": rec.Eligible, "RadiusKm": in.RadiusKm, "Max": s.MaxDependency.Value}
		msg := fmt.Sprintf("%d SØV %s meet the § 20 condition: enough to reserve a lot, but not the whole contract", rec.Eligible, where)
		if depKnown {
			lot := rec.AverageTurnoverOre * int64(s.MaxDependency.Value) / 100
			lotArgs["LotValue"], lotArgs["LotValueOre"] = kr(lot), lot
			msg += fmt.Sprintf("; a lot of at most about %s keeps the dependency within %d %%", kr(lot), s.MaxDependency.Value)
		}
		reason("procure.reason.reserve_lot", msg, lotArgs, sec20)
	} else if route == "" {
		why(RouteReservedLot, "procure.why_not.lot_too_few", fmt.Sprintf("%d SØV %s meet the § 20 condition; a reserved lot needs at least %d", rec.Eligible, where, s.MinEligibleLot.Value), count, s.MinEligibleLot.Source)
	} else {
		why(RouteReservedLot, "procure.why_not.whole_fits", "the whole contract can be reserved, so a reserved lot is not needed", nil, "")
	}

	// Light-regime reservation (art. 77).
	art77 := map[string]any{"Suppliers": rec.Suppliers, "Years": s.Art77MaxYears.Value, "RadiusKm": in.RadiusKm}
	switch {
	case !rec.SocialService:
		why(RouteLightRegimeReservation, "procure.why_not.not_social_service", "the reservation for public-service-mission organisations only covers the social, health and cultural services of the light regime, and not every CPV code is one of them", nil, r.LightRegime.Source)
	case route != "":
		why(RouteLightRegimeReservation, "procure.why_not.section20_preferred", "a § 20 reservation fits and is open to more enterprises; the light regime's reservation is an alternative for these services", art77, s.Art77MaxYears.Source)
	case rec.Suppliers >= s.MinEligibleLot.Value:
		route = RouteLightRegimeReservation
		reason("procure.reason.light_regime", fmt.Sprintf("the services are social services of the light regime and %d SØV %s offer them: the contract may be reserved for public-service-mission organisations for at most %d years (art. 77)", rec.Suppliers, where, s.Art77MaxYears.Value), art77, s.Art77MaxYears.Source)
	default:
		why(RouteLightRegimeReservation, "procure.why_not.light_regime_few", fmt.Sprintf("the services are social services of the light regime, but only %d SØV %s offer them", rec.Suppliers, where), art77, s.MinEligibleLot.Source)
	}

	// Social clause.
	switch {
	case route == "" && rec.Suppliers > 0:
		route = RouteSocialClause
		reason("procure.reason.social_clause", fmt.Sprintf("%d SØV %s offer these services, but too few meet the conditions for a reservation: an open procedure with social clauses lets them compete and asks every bidder for social effort", rec.Suppliers, where), count, "")
	case route == "":
		why(RouteSocialClause, "procure.why_not.no_sov", "no SØV "+where+" offers these services, so social clauses would not bring them in; they can still ask every bidder for social effort", count, "")
	default:
		why(RouteSocialClause, "procure.why_not.reservation_fits", "a reservation fits; social clauses can still be added to it", nil, "")
	}
	if route == "" {
		route = RouteNone
		reason("procure.reason.none", "no SØV "+where+" offers these services; widen the radius, or use social clauses to ask every bidder for social effort", count, "")
	} else {
		why(RouteNone, "procure.why_not.none", "a social route fits", nil, "")
	}
	rec.Route = route

	if rec.Threshold != nil {
		th := rec.Threshold
		targs := map[string]any{"Threshold": kr(th.AmountOre), "ThresholdOre": th.AmountOre, "ThresholdEUR": th.AmountEUR, "Kind": string(th.Kind)}
		if rec.AboveThreshold {
			reason("procure.reason.above_threshold", "the value is at or above the EU threshold of "+kr(th.AmountOre)+": the tender must be announced in the EU (TED), also when it is reserved", targs, th.Source)
		} else {
			reason("procure.reason.below_threshold", "the value is below the EU threshold of "+kr(th.AmountOre)+": assess whether the purchase has a clear cross-border interest", targs, th.Source)
		}
	} else {
		reason("procure.rules.outdated", "the platform has no procurement thresholds for this date; the rules must be updated", map[string]any{"Date": danishDate(in.At).Format(time.DateOnly)}, "")
	}
	return rec
}

// eligible reports whether a supplier meets the § 20 condition.
func eligible(f samspil.SupplierFact, minShare int) bool {
	return f.MeetsSection20 || f.DisadvantagedShare >= minShare
}
