package web

import (
	"net/http"
	"slices"
	"strconv"
	"sync"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// tenderPageSize is how many tenders one page of the list shows.
const tenderPageSize = 20

// tenderSorts are the list's orders; the first is the default.
var tenderSorts = []string{samspil.TenderSortDeadline, samspil.TenderSortNewest, samspil.TenderSortValue, samspil.TenderSortTitle}

// tenderListData is the public list of tenders.
type tenderListData struct {
	FormData
	Items          []*samspil.Tender
	Total          int
	Pager          adminPager
	Procedures     []Option
	Municipalities []Option
	Divisions      []Option
	Sorts          []Option
	Filtered       bool
	CanCreate      bool // municipal staff and platform admins: the "new tender" button
	Buyer          *samspil.Organisation
	OwnList        bool // the buyer is the viewer's own: drafts are listed too
	FeedURL        string
}

// cpvDivisions are the CPV divisions (two leading digits) for the filter,
// computed once.
var cpvDivisions = sync.OnceValue(func() []refdata.CPV {
	var out []refdata.CPV
	for _, c := range refdata.CPVs() {
		if c.Level == 1 {
			out = append(out, c)
		}
	}
	return out
})

// handleTenderList lists published, awarded and cancelled tenders with
// filters (procedure, place, CPV division, reserved only, open only, free
// text), four orders and pages. ?koeber= shows one buyer's tenders, its
// drafts included for its own staff. Unknown filter values are dropped,
// never answered with an error.
func (s *Server) handleTenderList(w http.ResponseWriter, r *http.Request) {
	f := NewForm(r)
	tr := f.tr
	p := s.principal(r)
	lang := s.lang(r)
	filter := samspil.TenderFilter{Limit: tenderPageSize, Text: f.Get("q"),
		Statuses: []samspil.TenderStatus{samspil.TenderPublished, samspil.TenderAwarded, samspil.TenderCancelled}}
	if len([]rune(filter.Text)) > samspil.MaxQueryLen {
		filter.Text = string([]rune(filter.Text)[:samspil.MaxQueryLen])
		f.Set("q", filter.Text)
	}
	if pr := samspil.Procedure(f.Get("procedure")); pr.Valid() {
		filter.Procedure = pr
	} else {
		f.Set("procedure", "")
	}
	filter.MunicipalityCode, _, filter.Sort = listChoices(f, nil, tenderSorts)
	if div := f.Get("cpv"); div != "" {
		if slices.ContainsFunc(cpvDivisions(), func(c refdata.CPV) bool { return c.Code8[:2] == div }) {
			filter.CPVPrefix = div
		} else {
			f.Set("cpv", "")
		}
	}
	if f.Get("reserved") != "" {
		filter.Reserved = true
		f.Set("reserved", "1")
	}
	if f.Get("open") != "" {
		now := s.now()
		filter.OpenAt = &now
		f.Set("open", "1")
	}
	d := &tenderListData{FormData: FormData{Form: f}, CanCreate: len(buyerOrgs(p)) > 0 || p.IsPlatformAdmin(), FeedURL: "/feeds/tenders.atom"}
	if id, err := strconv.ParseInt(f.Get("koeber"), 10, 64); err == nil && id > 0 {
		if o, err := s.store.FindOrganisationByID(r.Context(), id); err == nil && o.Kind == samspil.OrgKommune {
			d.Buyer, filter.BuyerID = o, o.ID
			if p.CanEditTender(&samspil.Tender{BuyerID: o.ID}) {
				d.OwnList = true
				filter.Statuses = append(filter.Statuses, samspil.TenderDraft)
			}
		}
	}
	if d.Buyer == nil {
		f.Set("koeber", "")
	}
	page := adminPageParam(r)
	filter.Offset = (page - 1) * tenderPageSize
	items, total, err := s.store.FindTenders(r.Context(), filter)
	if samspil.ErrorCode(err) == samspil.EINVALID && filter.Text != "" {
		f.SetErrors(renameQueryField(err))
		items, total, err = nil, 0, nil
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Items, d.Total, d.Pager = items, total, newAdminPager(r, page, total, tenderPageSize)
	d.Filtered = d.Buyer != nil || filter.Text != "" || filter.Procedure != "" || filter.MunicipalityCode != "" ||
		filter.CPVPrefix != "" || filter.Reserved || filter.OpenAt != nil
	d.Procedures = append(d.Procedures, Option{Value: "", Label: tr.T("tender.list.any_procedure", nil)})
	for _, pr := range samspil.Procedures {
		d.Procedures = append(d.Procedures, Option{Value: string(pr), Label: tr.T("tender.procedure."+string(pr), nil)})
	}
	d.Municipalities = append([]Option{{Value: "", Label: tr.T("tender.list.any_place", nil)}}, sortedMunicipalities()...)
	d.Divisions = append(d.Divisions, Option{Value: "", Label: tr.T("tender.list.any_cpv", nil)})
	for _, c := range cpvDivisions() {
		d.Divisions = append(d.Divisions, Option{Value: c.Code8[:2], Label: c.Code8[:2] + " " + c.Label(lang)})
	}
	for _, so := range tenderSorts {
		d.Sorts = append(d.Sorts, Option{Value: so, Label: tr.T("tender.sort."+so, nil)})
	}
	s.render(w, r, http.StatusOK, "tender_list", d)
}
