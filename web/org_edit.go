package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// Names of the repeated inputs of one row of the social-effects table.
// Every row posts all six, so the n-th value of each belongs to row n.
const (
	effYear       = "effect_year"
	effEmployed   = "effect_employed"
	effOrdinary   = "effect_ordinary"
	effEducation  = "effect_education"
	effProgrammes = "effect_programmes"
	effNote       = "effect_note"
)

var effectInputs = []string{effYear, effEmployed, effOrdinary, effEducation, effProgrammes, effNote}

// blankEffectRows is how many empty rows the form offers for new years.
const blankEffectRows = 2

// rsvDeclaredName and rsvTextName are the inputs of RSV criterion i: a
// checkbox "we declare" and the justification (whose name is also the
// field name Organisation.Validate reports).
func rsvDeclaredName(i int) string { return "rsv_" + samspil.RSVCriteriaKeys[i] + "_declared" }
func rsvTextName(i int) string     { return "rsv_" + samspil.RSVCriteriaKeys[i] }

// parseOrgProfile reads the profile edit form into an update. kind decides
// which fields exist: a municipality's name and kommunekode come from the
// reference data and are not editable. Problems that need the reference
// data (unknown CPV code) are reported here too, with every unknown code
// named, not only the first. The result is validated as a whole by the
// caller and the store.
func parseOrgProfile(v url.Values, kind samspil.OrgKind) (samspil.OrganisationUpdate, error) {
	var upd samspil.OrganisationUpdate
	var val samspil.Validation
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	str := func(name string) *string { s := get(name); return &s }
	list := func(name string) *[]string {
		out := []string{}
		for _, s := range v[name] {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return &out
	}

	if kind != samspil.OrgKommune {
		upd.Name = str("name")
		upd.MunicipalityCode = str("municipality_code")
	}
	upd.Description = str("description")
	upd.Address = str("address")
	upd.PostalCode = str("postal_code")
	upd.City = str("city")
	upd.Website = str("website")
	upd.Email = str("email")
	upd.Phone = str("phone")
	upd.Sectors = list("sectors")
	upd.TargetGroups = list("target_groups")

	codes := splitCodes(v.Get("cpv_codes"))
	cpv := make([]string, 0, len(codes))
	var unknown []string
	for _, c := range codes {
		if e, ok := refdata.CPVByCode(c); ok {
			cpv = append(cpv, e.Code)
		} else {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) > 0 {
		if len(unknown) > 10 {
			unknown = append(unknown[:10], "…")
		}
		val.Add("cpv_codes", "cpv.unknown", "unknown CPV code", map[string]any{"Code": strings.Join(unknown, ", ")})
	}
	if len(cpv) > maxCPVCodes {
		val.Add("cpv_codes", "orgform.cpv.too_many", "too many CPV codes", map[string]any{"Max": maxCPVCodes})
	}
	upd.CPVCodes = &cpv

	count := func(field string) *int {
		n, err := parseCount(v.Get(field))
		if err != nil {
			e, _ := samspil.AsError(err)
			val.Add(field, e.Key, e.Message, e.Args)
		}
		return &n
	}
	upd.Capacity = count("capacity")
	upd.Employees = count("employees")
	upd.DisadvantagedEmployees = count("disadvantaged_employees")
	ore, err := parseDKK(v.Get("turnover"))
	if err != nil {
		e, _ := samspil.AsError(err)
		val.Add("turnover", e.Key, e.Message, e.Args)
	}
	upd.TurnoverOre = &ore

	var rsv [5]samspil.RSVCriterion
	for i := range rsv {
		rsv[i].Declared = v.Get(rsvDeclaredName(i)) != ""
		rsv[i].Justification = get(rsvTextName(i))
	}
	upd.RSVCriteria = &rsv

	effects, err := parseEffects(v)
	if err != nil {
		val.Merge(err)
	}
	upd.Effects = &effects
	return upd, val.Err()
}

// parseEffects reads the rows of the social-effects table; rows where
// nothing was typed are ignored.
func parseEffects(v url.Values) ([]samspil.SocialEffect, error) {
	rows := 0
	for _, name := range effectInputs {
		rows = max(rows, len(v[name]))
	}
	if rows > maxEffectRows {
		return nil, &samspil.Error{Code: samspil.EINVALID, Key: "error.validation", Fields: []samspil.FieldError{{
			Field: "effects", Key: "orgform.effects.too_many", Message: "too many rows", Args: map[string]any{"Max": maxEffectRows}}}}
	}
	cell := func(name string, i int) string {
		if i < len(v[name]) {
			return strings.TrimSpace(v[name][i])
		}
		return ""
	}
	var val samspil.Validation
	out := []samspil.SocialEffect{}
	for i := 0; i < rows; i++ {
		empty := true
		for _, name := range effectInputs {
			if cell(name, i) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		row := map[string]any{"Row": i + 1}
		var e samspil.SocialEffect
		if y := cell(effYear, i); y == "" {
			val.Add("effects", "orgform.effects.year_required", "each row needs a year", row)
		} else if n, err := strconv.Atoi(y); err != nil || n < 1990 || n > 2100 {
			val.Add("effects", "org.effect.year", "the year of a social effect is not valid", map[string]any{"Year": y})
		} else {
			e.Year = n
		}
		bad := false
		for _, f := range []struct {
			name string
			dst  *int
		}{{effEmployed, &e.TargetGroupEmployed}, {effOrdinary, &e.ToOrdinaryWork}, {effEducation, &e.ToEducation}, {effProgrammes, &e.PeopleInProgrammes}} {
			n, err := parseCount(cell(f.name, i))
			if err != nil {
				bad = true
			}
			*f.dst = n
		}
		if bad {
			val.Add("effects", "orgform.effects.number", "the numbers must be whole numbers of zero or more", row)
		}
		e.Note = cell(effNote, i)
		if len([]rune(e.Note)) > samspil.MaxShortTextLen {
			val.Add("effects", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxShortTextLen})
		}
		out = append(out, e)
	}
	return out, val.Err()
}

// orgProfileValues fills the edit form from a stored organisation, in the
// same notation the parser reads back (kroner the Danish way, one CPV code
// per line with its label in lang).
func orgProfileValues(o *samspil.Organisation, lang string) url.Values {
	v := url.Values{}
	v.Set("name", o.Name)
	v.Set("municipality_code", o.MunicipalityCode)
	v.Set("description", o.Description)
	v.Set("address", o.Address)
	v.Set("postal_code", o.PostalCode)
	v.Set("city", o.City)
	v.Set("website", o.Website)
	v.Set("email", o.Email)
	v.Set("phone", o.Phone)
	v["sectors"] = append([]string(nil), o.Sectors...)
	v["target_groups"] = append([]string(nil), o.TargetGroups...)
	lines := make([]string, 0, len(o.CPVCodes))
	for _, c := range o.CPVCodes {
		if e, ok := refdata.CPVByCode(c); ok {
			lines = append(lines, e.Code+" "+e.Label(lang))
		} else {
			lines = append(lines, c)
		}
	}
	v.Set("cpv_codes", strings.Join(lines, "\n"))
	v.Set("capacity", countValue(o.Capacity))
	v.Set("employees", countValue(o.Employees))
	v.Set("disadvantaged_employees", countValue(o.DisadvantagedEmployees))
	if o.TurnoverOre != 0 {
		v.Set("turnover", formatDKK(o.TurnoverOre))
	}
	for i, c := range o.RSVCriteria {
		if c.Declared {
			v.Set(rsvDeclaredName(i), "1")
		}
		v.Set(rsvTextName(i), c.Justification)
	}
	for _, e := range o.Effects {
		v.Add(effYear, strconv.Itoa(e.Year))
		v.Add(effEmployed, strconv.Itoa(e.TargetGroupEmployed))
		v.Add(effOrdinary, strconv.Itoa(e.ToOrdinaryWork))
		v.Add(effEducation, strconv.Itoa(e.ToEducation))
		v.Add(effProgrammes, strconv.Itoa(e.PeopleInProgrammes))
		v.Add(effNote, e.Note)
	}
	return v
}

func countValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// effectRow is one row of the social-effects table as typed.
type effectRow struct {
	Index                                                 int
	Year, Employed, Ordinary, Education, Programmes, Note string
}

// effectRows returns the typed rows plus blank rows for new years.
func effectRows(v url.Values) []effectRow {
	n := 0
	for _, name := range effectInputs {
		n = max(n, len(v[name]))
	}
	n = min(n, maxEffectRows)
	cell := func(name string, i int) string {
		if i < len(v[name]) {
			return v[name][i]
		}
		return ""
	}
	var out []effectRow
	for i := 0; i < n; i++ {
		r := effectRow{Year: cell(effYear, i), Employed: cell(effEmployed, i), Ordinary: cell(effOrdinary, i),
			Education: cell(effEducation, i), Programmes: cell(effProgrammes, i), Note: cell(effNote, i)}
		if strings.TrimSpace(r.Year+r.Employed+r.Ordinary+r.Education+r.Programmes+r.Note) != "" {
			out = append(out, r)
		}
	}
	for i := 0; i < blankEffectRows; i++ {
		out = append(out, effectRow{})
	}
	for i := range out {
		out[i].Index = i + 1
	}
	return out
}

// rsvRow is one RSV criterion on the form.
type rsvRow struct {
	Key          string // e.g. "social_purpose"
	DeclaredName string
	TextName     string
}

// orgEditData is the profile edit page.
type orgEditData struct {
	FormData
	Org            *samspil.Organisation
	Municipalities []Option
	Sectors        []Option
	TargetGroups   []Option
	RSV            []rsvRow
	Effects        []effectRow
	// Share and Meets describe the disadvantaged employees as typed (or as
	// saved when the typed numbers do not parse).
	Share     int
	Meets     bool
	Threshold int
}

func (s *Server) newOrgEditData(r *http.Request, o *samspil.Organisation, f *Form) (*orgEditData, error) {
	d := &orgEditData{FormData: FormData{Form: f}, Org: o, Municipalities: municipalityOptions(f.tr), Threshold: samspil.ReservedContractShare}
	for _, sec := range refdata.Sections() {
		d.Sectors = append(d.Sectors, Option{Value: sec.Code, Label: sec.Code + " – " + sec.Title})
	}
	groups, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		return nil, err
	}
	lang := s.lang(r)
	for _, g := range groups {
		label := g.NameDA
		if lang == "en" && g.NameEN != "" {
			label = g.NameEN
		}
		d.TargetGroups = append(d.TargetGroups, Option{Value: g.Code, Label: label})
	}
	for i, k := range samspil.RSVCriteriaKeys {
		d.RSV = append(d.RSV, rsvRow{Key: k, DeclaredName: rsvDeclaredName(i), TextName: rsvTextName(i)})
	}
	d.Effects = effectRows(f.Values)
	probe := samspil.Organisation{Employees: o.Employees, DisadvantagedEmployees: o.DisadvantagedEmployees}
	if e, err := parseCount(f.Values.Get("employees")); err == nil {
		if de, err := parseCount(f.Values.Get("disadvantaged_employees")); err == nil {
			probe.Employees, probe.DisadvantagedEmployees = e, de
		}
	}
	d.Share, d.Meets = probe.DisadvantagedShare(), probe.MeetsReservedContractCondition()
	return d, nil
}

// handleOrgEditPage shows the profile form filled with what is stored.
func (s *Server) handleOrgEditPage(w http.ResponseWriter, r *http.Request) {
	o, _, ok := s.loadOrg(w, r, canEdit)
	if !ok {
		return
	}
	f := EmptyForm(r)
	f.Values = orgProfileValues(o, s.lang(r))
	d, err := s.newOrgEditData(r, o, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org_edit", d)
}

// handleOrgEdit saves the profile. Any problem shows the form again with
// 422, everything typed kept, an error summary linked to the fields, and
// nothing written.
func (s *Server) handleOrgEdit(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	o, _, ok := s.loadOrg(w, r, canEdit)
	if !ok {
		return
	}
	upd, perr := parseOrgProfile(f.Values, o.Kind)
	var val samspil.Validation
	val.Merge(perr)
	// Check the whole result now, so the page reports parse and rule
	// problems together; the store checks again (and the target groups).
	probe := *o
	upd.Apply(&probe)
	if err := probe.Validate(refdata.Catalog); err != nil {
		// Fields the parser already complained about keep that message only.
		parsed := map[string]bool{}
		if e, ok := samspil.AsError(perr); ok {
			for _, fe := range e.Fields {
				parsed[fe.Field] = true
			}
		}
		if e, ok := samspil.AsError(err); ok {
			for _, fe := range e.Fields {
				if !parsed[fe.Field] {
					val.Add(fe.Field, fe.Key, fe.Message, fe.Args)
				}
			}
		}
	}
	err := val.Err()
	if err == nil {
		_, err = s.store.UpdateOrganisation(r.Context(), o.ID, upd)
	}
	if err != nil {
		err = orgRenameField(err, "turnover_ore", "turnover")
		if !f.SetErrors(err) {
			s.fail(w, r, err)
			return
		}
		d, derr := s.newOrgEditData(r, o, f)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.render(w, r, HTTPStatus(err), "org_edit", d)
		return
	}
	s.setFlash(r, "orgform.saved")
	s.redirect(w, r, orgPath(o.ID, ""))
}
