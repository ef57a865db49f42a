package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/procure"
	"github.com/samspil/samspil/refdata"
)

// Bounds of the recommender's form.
const (
	recommendMaxRadius = 1000 // km; Denmark fits well inside
	recommendMaxCPV    = samspil.MaxTenderCPV + 1
)

// recommendPlace is one municipality's count of possible suppliers.
type recommendPlace struct {
	procure.Place
	Name       string
	DistanceKm int // rounded
}

// recommendAlternative is a route considered and not chosen, with why.
type recommendAlternative struct {
	Label  string
	Reason tenderWarning
}

// recommendData is the recommender page.
type recommendData struct {
	FormData
	Municipalities []Option
	Asked          bool // the form was filled in and answered
	Result         procure.Recommendation
	RouteLabel     string
	RouteExplain   string
	Reasons        []tenderWarning
	Places         []recommendPlace
	Alternatives   []recommendAlternative
	StartURL       string // the tender form prefilled with this route
}

// handleTenderRecommend answers "which route fits?": from CPV codes, the
// place of performance, a radius and the estimated value it asks the
// store for the SØV within reach and the rules for a route, and shows the
// route with its reasons, the suppliers counted per municipality, the
// economic dependency and a link that starts a tender with the route. It
// reads and writes nothing else, so anyone may use it (GET with the
// fields in the query, or POST from its form).
func (s *Server) handleTenderRecommend(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	tr := f.tr
	d := &recommendData{FormData: FormData{Form: f}, Municipalities: municipalityOptions(tr)}
	if f.Get("cpv_codes") == "" && f.Get("place_code") == "" && f.Get("value") == "" {
		if f.Get("radius_km") == "" {
			f.Set("radius_km", strconv.Itoa(s.rules.DefaultRadiusKm()))
		}
		s.render(w, r, http.StatusOK, "tender_recommend", d)
		return
	}
	in, err := parseRecommendForm(f.Values)
	if err != nil {
		f.SetErrors(err)
		s.render(w, r, http.StatusUnprocessableEntity, "tender_recommend", d)
		return
	}
	in.At = s.now()
	suppliers, err := s.store.ProcurementSuppliers(r.Context(), samspil.SupplierQuery{CPVCodes: in.CPVCodes, MunicipalityCode: in.MunicipalityCode, RadiusKm: in.RadiusKm})
	if err != nil {
		if f.SetErrors(orgRenameField(orgRenameField(err, "municipality_code", "place_code"), "cpv", "cpv_codes")) {
			s.render(w, r, HTTPStatus(err), "tender_recommend", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	d.Asked = true
	d.Result = s.rules.Recommend(in, suppliers)
	d.RouteLabel = routeText(tr, d.Result.Route, "")
	d.RouteExplain = routeText(tr, d.Result.Route, ".explain")
	d.Reasons = s.tenderWarnings(r, d.Result.Reasons)
	for _, pl := range d.Result.Places {
		d.Places = append(d.Places, recommendPlace{Place: pl, Name: munLabel(pl.MunicipalityCode), DistanceKm: int(pl.DistanceKm + 0.5)})
	}
	for _, alt := range d.Result.Alternatives {
		ws := s.tenderWarnings(r, []procure.Warning{alt.Reason})
		d.Alternatives = append(d.Alternatives, recommendAlternative{Label: routeText(tr, alt.Route, ""), Reason: ws[0]})
	}
	d.StartURL = recommendStartURL(in, d.Result.Route)
	s.render(w, r, http.StatusOK, "tender_recommend", d)
}

// routeText is a route's name (suffix "", from the rules' catalogue
// procure.route.<route>) or its explanation (suffix ".explain", this
// page's tender.route.<route>.explain); an unknown route shows its code,
// without an explanation.
func routeText(tr *Translator, route procure.Route, suffix string) string {
	key := "procure.route." + string(route)
	if suffix != "" {
		key = "tender.route." + string(route) + suffix
	}
	if tr.c != nil && tr.c.has(tr.Lang, key) {
		return tr.T(key, nil)
	}
	if suffix != "" {
		return ""
	}
	return string(route)
}

// parseRecommendForm reads the recommender's fields: CPV codes (as the
// tender form's additional codes), a municipality, a radius in km and a
// value in kroner.
func parseRecommendForm(v url.Values) (procure.Input, error) {
	var val samspil.Validation
	var in procure.Input
	var unknown []string
	for i, c := range splitCodes(v.Get("cpv_codes")) {
		if i >= recommendMaxCPV {
			val.Add("cpv_codes", "tender.cpv.too_many", "too many CPV codes", map[string]any{"Max": samspil.MaxTenderCPV})
			break
		}
		if e, ok := refdata.CPVByCode(c); ok {
			in.CPVCodes = append(in.CPVCodes, e.Code)
		} else {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) > 0 {
		if len(unknown) > 10 {
			unknown = append(unknown[:10], "…")
		}
		val.Add("cpv_codes", "cpv.unknown", "unknown CPV code", map[string]any{"Code": strings.Join(unknown, ", ")})
	} else if len(in.CPVCodes) == 0 {
		val.Add("cpv_codes", "tender.cpv.required", "choose the main CPV code", nil)
	}
	in.MunicipalityCode = strings.TrimSpace(v.Get("place_code"))
	if _, ok := refdata.MunicipalityByCode(in.MunicipalityCode); !ok {
		val.Add("place_code", "tender.place.invalid", "choose the municipality where the work is done", nil)
	}
	n, err := parseCount(v.Get("radius_km"))
	if err != nil {
		e, _ := samspil.AsError(err)
		val.Add("radius_km", e.Key, e.Message, e.Args)
	} else if n > recommendMaxRadius {
		val.Add("radius_km", "number.too_large", "the number is too large", map[string]any{"Max": recommendMaxRadius})
	}
	in.RadiusKm = n
	ore, err := parseDKK(v.Get("value"))
	if err != nil {
		e, _ := samspil.AsError(err)
		val.Add("value", e.Key, e.Message, e.Args)
	} else if ore <= 0 {
		val.Add("value", "tender.value.required", "state the estimated value in kroner", nil)
	}
	in.ValueOre = ore
	return in, val.Err()
}

// routeProcedure is the procedure, the tender's reservation and the
// first lot's reservation a route starts the tender form with.
func routeProcedure(route procure.Route) (samspil.Procedure, samspil.Reservation, samspil.Reservation) {
	switch route {
	case procure.RouteReservedContract:
		return samspil.ProcReserved, samspil.ReserveShelteredWorkshop, samspil.ReserveNone
	case procure.RouteReservedLot:
		return samspil.ProcSocialClause, samspil.ReserveNone, samspil.ReserveShelteredWorkshop
	case procure.RouteLightRegimeReservation:
		return samspil.ProcLightRegime, samspil.ReservePublicService, samspil.ReserveNone
	case procure.RouteSocialClause:
		return samspil.ProcSocialClause, samspil.ReserveNone, samspil.ReserveNone
	}
	return "", samspil.ReserveNone, samspil.ReserveNone
}

// recommendStartURL is the tender form prefilled with the recommender's
// input and route.
func recommendStartURL(in procure.Input, route procure.Route) string {
	q := url.Values{}
	if len(in.CPVCodes) > 0 {
		q.Set("main_cpv", in.CPVCodes[0])
		if len(in.CPVCodes) > 1 {
			q.Set("additional_cpv", strings.Join(in.CPVCodes[1:], "\n"))
		}
	}
	q.Set("place_code", in.MunicipalityCode)
	q.Set("value", formatDKK(in.ValueOre))
	if p, res, lot := routeProcedure(route); p != "" {
		q.Set("procedure", string(p))
		if res != samspil.ReserveNone {
			q.Set("reservation", string(res))
		}
		if lot != samspil.ReserveNone {
			q.Set(tenderLotField(0, "reservation"), string(lot))
		}
	}
	return "/udbud/ny?" + q.Encode()
}
