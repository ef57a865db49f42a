package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/refdata"
)

// emptyGoalRows is how many blank goal rows the form offers below the
// filled ones; "more rows" adds as many again (no JavaScript needed).
const emptyGoalRows = 3

// goalRow is one row of the goals table in the form, as typed.
type goalRow struct {
	N                               int // 1-based, for labels
	Description, Target, Unit, Year string
}

// strategyFormData is the strategy form.
type strategyFormData struct {
	FormData
	M           *samspil.Municipality
	Org         *samspil.Organisation
	Strategy    *samspil.Strategy // the saved one, nil before the first save
	Goals       []goalRow
	Preview     template.HTML
	ShowPreview bool
	UploadForm  *Form // the document upload's own errors
	MaxMB       int64
}

// loadStrategyOrg resolves {kode}, finds the municipality's organisation
// and checks that the signed-in person may edit its strategy, before
// anything else is read. It answers the request itself when it fails.
func (s *Server) loadStrategyOrg(w http.ResponseWriter, r *http.Request) (*samspil.Municipality, *samspil.Organisation, bool) {
	m, ok := refdata.MunicipalityByCode(r.PathValue("kode"))
	if !ok {
		s.notFound(w, r)
		return nil, nil, false
	}
	o, err := s.store.FindMunicipalityOrganisation(r.Context(), m.Code)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	p := s.principal(r)
	if err := p.Require(p.CanEditStrategy(o.ID)); err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return m, o, true
}

// findStrategy returns the saved strategy or nil when there is none.
func (s *Server) findStrategy(r *http.Request, code string) (*samspil.Strategy, error) {
	st, err := s.store.FindStrategy(r.Context(), code)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return nil, nil
	}
	return st, err
}

// strategyFormValues fills the form from a saved strategy in the notation
// the parser reads back.
func strategyFormValues(f *Form, st *samspil.Strategy, loc *time.Location) {
	f.Set("title", st.Title)
	if st.AdoptedOn != nil {
		f.Set("adopted_on", st.AdoptedOn.UTC().Format("2006-01-02"))
	}
	f.Set("text", st.Text)
	if st.BudgetOre > 0 {
		f.Set("budget", formatDKK(st.BudgetOre))
	}
	f.Set("budget_note", st.BudgetNote)
	for _, g := range st.Goals {
		f.Values.Add("goal_description", g.Description)
		f.Values.Add("goal_target", strconv.FormatInt(g.Target, 10))
		f.Values.Add("goal_unit", g.Unit)
		f.Values.Add("goal_year", strconv.Itoa(g.Year))
	}
}

// goalRows reads the goal rows of the form and adds extra blank ones.
func goalRows(f *Form, extra int) []goalRow {
	v := f.Values
	n := max(len(v["goal_description"]), len(v["goal_target"]), len(v["goal_unit"]), len(v["goal_year"]))
	at := func(name string, i int) string {
		if i < len(v[name]) {
			return strings.TrimSpace(v[name][i])
		}
		return ""
	}
	var rows []goalRow
	for i := 0; i < n; i++ {
		g := goalRow{Description: at("goal_description", i), Target: at("goal_target", i), Unit: at("goal_unit", i), Year: at("goal_year", i)}
		if g.Description == "" && g.Target == "" && g.Unit == "" && g.Year == "" {
			continue
		}
		rows = append(rows, g)
	}
	for i := 0; i < extra && len(rows) < samspil.MaxStrategyGoals; i++ {
		rows = append(rows, goalRow{})
	}
	for i := range rows {
		rows[i].N = i + 1
	}
	return rows
}

// parseDay reads a date as people type it: "2024-03-31" (what a date
// input sends) or the Danish "31-03-2024", "31.3.2024" and "31/3/2024".
// The result is midnight UTC of that day, the way dates are stored.
func parseDay(s string) (time.Time, error) {
	bad := samspil.Errorf(samspil.EINVALID, "strategyform.date.invalid", "write the date as dd-mm-åååå")
	s = strings.TrimSpace(s)
	parts := strings.Split(strings.NewReplacer(".", "-", "/", "-").Replace(s), "-")
	if len(parts) != 3 {
		return time.Time{}, bad
	}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) == 0 || len(p) > 4 {
			return time.Time{}, bad
		}
		nums[i] = n
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4:
		y, m, d = nums[0], nums[1], nums[2]
	case len(parts[2]) == 4:
		d, m, y = nums[0], nums[1], nums[2]
	default:
		return time.Time{}, bad
	}
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, bad
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, bad
	}
	return t, nil
}

// parseStrategy reads the form into a strategy. Field problems are
// collected so every one is shown at once; the domain's own rules come
// on top when the store validates.
func parseStrategy(f *Form, code string) (*samspil.Strategy, error) {
	var v samspil.Validation
	st := &samspil.Strategy{MunicipalityCode: code, Title: f.Get("title"), Text: f.Raw("text"), BudgetNote: f.Get("budget_note")}
	st.Text = strings.ReplaceAll(st.Text, "\r\n", "\n")
	if s := f.Get("adopted_on"); s != "" {
		t, err := parseDay(s)
		if err != nil {
			v.Add("adopted_on", "strategyform.date.invalid", "write the date as dd-mm-åååå", nil)
		} else {
			st.AdoptedOn = &t
		}
	}
	if ore, err := parseDKK(f.Get("budget")); err != nil {
		e, _ := samspil.AsError(err)
		v.Add("budget", e.Key, e.Message, e.Args)
	} else {
		st.BudgetOre = ore
	}
	for _, g := range goalRows(f, 0) {
		goal := samspil.StrategyGoal{Description: g.Description, Unit: g.Unit}
		if g.Target != "" {
			n, err := parseCount(g.Target)
			if err != nil {
				v.Add("goals", "strategyform.goal.target.invalid", "the target must be a whole number", map[string]any{"Row": g.N})
			}
			goal.Target = int64(n)
		}
		if g.Year != "" {
			y, err := strconv.Atoi(g.Year)
			if err != nil {
				v.Add("goals", "strategyform.goal.year.invalid", "the year must be a number such as 2028", map[string]any{"Row": g.N})
			}
			goal.Year = y
		}
		st.Goals = append(st.Goals, goal)
	}
	return st, v.Err()
}

// renderStrategyForm shows the form with its goal rows.
func (s *Server) renderStrategyForm(w http.ResponseWriter, r *http.Request, status int, d *strategyFormData, extraRows int) {
	d.Goals = goalRows(d.Form, extraRows)
	d.MaxMB = samspil.MaxAttachmentSize >> 20
	if d.UploadForm == nil {
		d.UploadForm = EmptyForm(r)
	}
	s.render(w, r, status, "strategy_form", d)
}

// handleStrategyForm is GET /kommuner/{kode}/strategi: the form, filled
// with the saved strategy when there is one.
func (s *Server) handleStrategyForm(w http.ResponseWriter, r *http.Request) {
	m, o, ok := s.loadStrategyOrg(w, r)
	if !ok {
		return
	}
	st, err := s.findStrategy(r, m.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := EmptyForm(r)
	if st != nil {
		strategyFormValues(f, st, s.loc)
	}
	s.renderStrategyForm(w, r, http.StatusOK, &strategyFormData{FormData: FormData{Form: f}, M: m, Org: o, Strategy: st}, emptyGoalRows)
}

// handleStrategySave is POST /kommuner/{kode}/strategi. The "preview"
// button shows the rendered text and "more_goals" adds blank goal rows;
// both keep everything typed and save nothing.
func (s *Server) handleStrategySave(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	m, o, ok := s.loadStrategyOrg(w, r)
	if !ok {
		return
	}
	saved, err := s.findStrategy(r, m.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &strategyFormData{FormData: FormData{Form: f}, M: m, Org: o, Strategy: saved}
	if f.Get("preview") != "" {
		d.ShowPreview, d.Preview = true, markdown.Render(f.Raw("text"))
		s.renderStrategyForm(w, r, http.StatusOK, d, 1)
		return
	}
	if f.Get("more_goals") != "" {
		s.renderStrategyForm(w, r, http.StatusOK, d, emptyGoalRows)
		return
	}
	st, perr := parseStrategy(f, m.Code)
	if perr == nil {
		_, err = s.store.SaveStrategy(r.Context(), st)
	} else {
		// Run the domain rules too, so every problem shows at once.
		err = perr
		if derr := st.Validate(refdata.Catalog, s.now()); derr != nil {
			var v samspil.Validation
			v.Merge(perr)
			v.Merge(orgRenameField(derr, "budget_ore", "budget"))
			err = dedupeFieldErrors(v.Err())
		}
	}
	if err != nil {
		err = orgRenameField(err, "budget_ore", "budget")
		if !f.SetErrors(err) {
			s.fail(w, r, err)
			return
		}
		s.renderStrategyForm(w, r, HTTPStatus(err), d, 1)
		return
	}
	s.setFlash(r, "strategyform.saved")
	s.redirect(w, r, "/kommuner/"+m.Code)
}

// dedupeFieldErrors drops a second error on a field that already has one
// from the form's own parsing (an unreadable budget also fails the
// domain's range check).
func dedupeFieldErrors(err error) error {
	e, ok := samspil.AsError(err)
	if !ok {
		return err
	}
	seen := map[string]bool{}
	out := e.Fields[:0]
	for _, fe := range e.Fields {
		k := fe.Field + "\x00" + fe.Key
		if seen[k] || (fe.Field == "budget" && seen["budget-any"]) {
			continue
		}
		seen[k] = true
		if fe.Field == "budget" {
			seen["budget-any"] = true
		}
		out = append(out, fe)
	}
	e.Fields = out
	return e
}

// strategyDeleteData is the confirmation page.
type strategyDeleteData struct {
	M        *samspil.Municipality
	Strategy *samspil.Strategy
}

// handleStrategyDeletePage is GET /kommuner/{kode}/strategi/slet: asks
// before the strategy is removed.
func (s *Server) handleStrategyDeletePage(w http.ResponseWriter, r *http.Request) {
	m, _, ok := s.loadStrategyOrg(w, r)
	if !ok {
		return
	}
	st, err := s.store.FindStrategy(r.Context(), m.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "strategy_delete", &strategyDeleteData{M: m, Strategy: st})
}

// handleStrategyDelete is POST /kommuner/{kode}/strategi/slet.
func (s *Server) handleStrategyDelete(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	m, _, ok := s.loadStrategyOrg(w, r)
	if !ok {
		return
	}
	if err := s.store.DeleteStrategy(r.Context(), m.Code); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "strategyform.deleted")
	s.redirect(w, r, "/kommuner/"+url.PathEscape(m.Code))
}
