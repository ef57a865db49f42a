package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

// tenderChange is one field that differs between two consecutive
// snapshots of a tender, in words.
type tenderChange struct {
	Field         string // translated field name
	Before, After string
}

// tenderVersionView is one entry of the history page.
type tenderVersionView struct {
	*samspil.TenderVersion
	Changes []tenderChange
}

// tenderHistoryData is the history page.
type tenderHistoryData struct {
	Tender   *samspil.Tender
	Versions []tenderVersionView // newest first
}

// handleTenderHistory shows a tender's versions (publication, amendments,
// cancellation, award), each with its date, note and what changed since
// the version before.
func (s *Server) handleTenderHistory(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.loadTender(w, r, nil, true)
	if !ok {
		return
	}
	vs, err := s.store.TenderVersions(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	d := &tenderHistoryData{Tender: t}
	for i, v := range vs {
		vv := tenderVersionView{TenderVersion: v}
		if i > 0 && vs[i-1].Tender != nil && v.Tender != nil {
			vv.Changes = tenderDiff(tr, s.loc, vs[i-1].Tender, v.Tender)
		}
		d.Versions = append(d.Versions, vv)
	}
	slices.Reverse(d.Versions)
	s.render(w, r, http.StatusOK, "tender_history", d)
}

// tenderDiff compares two snapshots field by field and says, in the
// reader's language, what changed. Long texts are shortened: the history
// names the change, the tender page shows the whole text.
func tenderDiff(tr *Translator, loc *time.Location, a, b *samspil.Tender) []tenderChange {
	var out []tenderChange
	lang := tr.Lang
	add := func(key, before, after string) {
		if before != after {
			out = append(out, tenderChange{Field: tr.T(key, nil), Before: before, After: after})
		}
	}
	text := func(s string) string { return excerpt(s, 160) }
	money := func(ore int64) string {
		if lang == "en" {
			return "DKK " + strings.ReplaceAll(formatDKK(ore), ".", ",")
		}
		return formatDKK(ore) + " kr."
	}
	instant := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return tenderDate(lang, t.In(loc)) + " " + t.In(loc).Format("15:04")
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return tenderDate(lang, t.UTC())
	}
	add("tender.field.title", a.Title, b.Title)
	add("tender.field.description", text(a.Description), text(b.Description))
	procedure := func(p samspil.Procedure) string {
		if p == "" {
			return ""
		}
		return tr.T("tender.procedure."+string(p), nil)
	}
	add("tender.field.procedure", procedure(a.Procedure), procedure(b.Procedure))
	add("tender.field.main_cpv", a.MainCPV, b.MainCPV)
	add("tender.field.additional_cpv", strings.Join(a.CPVCodes, ", "), strings.Join(b.CPVCodes, ", "))
	add("tender.field.value", money(a.ValueOre), money(b.ValueOre))
	add("tender.field.place_code", munLabel(a.PlaceCode), munLabel(b.PlaceCode))
	add("tender.field.place_text", a.PlaceText, b.PlaceText)
	add("tender.field.reservation", tr.T(reservationKey(a.Reservation), nil), tr.T(reservationKey(b.Reservation), nil))
	goals := func(gs []string) string {
		var out []string
		for _, g := range gs {
			out = append(out, tr.T("tender.goal."+g, nil))
		}
		return strings.Join(out, ", ")
	}
	add("tender.field.social_goals", goals(a.SocialGoals), goals(b.SocialGoals))
	add("tender.field.social_criteria", text(a.SocialCriteria), text(b.SocialCriteria))
	add("tender.field.questions_deadline", instant(a.QuestionsDeadline), instant(b.QuestionsDeadline))
	add("tender.field.tender_deadline", instant(a.TenderDeadline), instant(b.TenderDeadline))
	add("tender.field.expected_award", day(a.ExpectedAward), day(b.ExpectedAward))
	add("tender.field.contract_start", day(a.ContractStart), day(b.ContractStart))
	add("tender.field.contract_end", day(a.ContractEnd), day(b.ContractEnd))
	lot := func(l samspil.TenderLot) string {
		s := strconv.Itoa(l.Number) + ". " + l.Title
		if l.ValueOre > 0 {
			s += " (" + money(l.ValueOre) + ")"
		}
		if l.Reservation != samspil.ReserveNone {
			s += " – " + tr.T(reservationKey(l.Reservation), nil)
		}
		return s
	}
	n := max(len(a.Lots), len(b.Lots))
	for i := range n {
		var before, after string
		if i < len(a.Lots) {
			before = lot(a.Lots[i])
		}
		if i < len(b.Lots) {
			after = lot(b.Lots[i])
		}
		if before != after {
			out = append(out, tenderChange{Field: tr.T("tender.field.lot", map[string]any{"N": i + 1}), Before: before, After: after})
		}
	}
	status := func(st samspil.TenderStatus) string {
		if st == "" {
			return ""
		}
		return tr.T("tender.status."+string(st), nil)
	}
	add("tender.field.status", status(a.Status), status(b.Status))
	add("tender.field.cancel_reason", a.CancelReason, b.CancelReason)
	award := func(x *samspil.TenderAward) string {
		if x == nil {
			return ""
		}
		return strings.Join(x.SupplierNames, ", ") + " · " + money(x.ValueOre)
	}
	add("tender.field.award", award(a.Award), award(b.Award))
	return out
}

// tenderDate writes a date the way Page.Date does, for texts built in Go.
func tenderDate(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return strconv.Itoa(t.Day()) + ". " + monthsDA[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// munLabel is a municipality's name, or the code when it is unknown.
func munLabel(code string) string {
	if code == "" {
		return ""
	}
	for _, o := range sortedMunicipalities() {
		if o.Value == code {
			return o.Label
		}
	}
	return code
}

// reservationKey is the translation key of a reservation.
func reservationKey(r samspil.Reservation) string {
	if r == samspil.ReserveNone {
		return "tender.reservation.none"
	}
	return "tender.reservation." + string(r)
}
