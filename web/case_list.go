package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	samspil "github.com/samspil/samspil"
)

// casePageSize is how many cases one page of the library shows.
const casePageSize = 20

// caseSorts are the library's orders; the first is the default.
var caseSorts = []string{"newest", "title"}

// caseListData is the library page.
type caseListData struct {
	FormData
	Items          []*samspil.Case
	Total          int
	Pager          adminPager
	Models         []Option
	Municipalities []Option
	TargetGroups   []Option
	Sorts          []Option
	Filtered       bool
	CanWrite       bool                  // signed in: the "tell about a case" button
	IsEditor       bool                  // the link to the review queue
	Organisation   *samspil.Organisation // ?organisation=: only this one's cases
	OwnList        bool                  // the organisation is the viewer's own: every status is shown
	FeedURL        string
}

// handleCaseList lists published cases with filters (model, municipality,
// target group, free text), two orders and pages. ?organisation= shows one
// organisation's cases, drafts and cases in review included for its own
// members. Unknown filter values are dropped, never answered with an error.
func (s *Server) handleCaseList(w http.ResponseWriter, r *http.Request) {
	f := NewForm(r)
	tr := f.tr
	p := s.principal(r)
	filter := samspil.CaseFilter{Limit: casePageSize, Query: f.Get("q")}
	if len([]rune(filter.Query)) > samspil.MaxQueryLen {
		filter.Query = string([]rune(filter.Query)[:samspil.MaxQueryLen])
		f.Set("q", filter.Query)
	}
	if m := samspil.CollaborationModel(f.Get("model")); m.Valid() {
		filter.Model = m
	} else {
		f.Set("model", "")
	}
	groups, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	filter.MunicipalityCode, filter.TargetGroup, filter.Sort = listChoices(f, groups, caseSorts)
	d := &caseListData{FormData: FormData{Form: f}, CanWrite: p != nil, IsEditor: p.IsEditor(), FeedURL: "/feeds/cases.atom"}
	if id, err := strconv.ParseInt(f.Get("organisation"), 10, 64); err == nil && id > 0 {
		if o, err := s.store.FindOrganisationByID(r.Context(), id); err == nil {
			d.Organisation, filter.OrganisationID = o, o.ID
			if p.CanEditCase(&samspil.Case{OrganisationID: o.ID}) {
				d.OwnList = true
				filter.Statuses = []samspil.CaseStatus{samspil.CaseDraft, samspil.CaseReview, samspil.CasePublished}
			}
		}
	}
	if d.Organisation == nil {
		f.Set("organisation", "")
	}
	page := adminPageParam(r)
	filter.Offset = (page - 1) * casePageSize
	items, total, err := s.store.FindCases(r.Context(), filter)
	if samspil.ErrorCode(err) == samspil.EINVALID && filter.Query != "" {
		// A search text the index cannot use: say so next to the field
		// and show nothing rather than an error page.
		f.SetErrors(renameQueryField(err))
		items, total, err = nil, 0, nil
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Items, d.Total, d.Pager = items, total, newAdminPager(r, page, total, casePageSize)
	d.Filtered = d.Organisation != nil || filter.Query != "" || filter.Model != "" || filter.MunicipalityCode != "" || filter.TargetGroup != ""
	d.Models = append(d.Models, Option{Value: "", Label: tr.T("case.filter.any_model", nil)})
	for _, m := range samspil.CollaborationModels {
		d.Models = append(d.Models, Option{Value: string(m), Label: tr.T("model."+string(m), nil)})
	}
	d.Municipalities = append([]Option{{Value: "", Label: tr.T("case.filter.any_municipality", nil)}}, sortedMunicipalities()...)
	d.TargetGroups = append([]Option{{Value: "", Label: tr.T("case.filter.any_target_group", nil)}}, targetGroupOptions(groups, s.lang(r))...)
	for _, so := range caseSorts {
		d.Sorts = append(d.Sorts, Option{Value: so, Label: tr.T("case.sort."+so, nil)})
	}
	s.render(w, r, http.StatusOK, "case_list", d)
}

// caseReviewLimit bounds the review queue; the secretariat works through
// it long before it grows this large.
const caseReviewLimit = 1000

// caseReviewData is the editors' queue.
type caseReviewData struct {
	Items []*samspil.Case
	Total int
	Pager adminPager
}

// handleCaseReviewQueue lists the cases waiting for review, the one
// waiting longest first.
func (s *Server) handleCaseReviewQueue(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if err := p.Require(p.IsEditor()); err != nil {
		s.fail(w, r, err)
		return
	}
	var all []*samspil.Case
	for off := 0; off < caseReviewLimit; off += samspil.MaxPageSize {
		items, total, err := s.store.FindCases(r.Context(), samspil.CaseFilter{Statuses: []samspil.CaseStatus{samspil.CaseReview},
			Offset: off, Limit: samspil.MaxPageSize})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		all = append(all, items...)
		if len(items) == 0 || len(all) >= total {
			break
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := reviewSince(all[i]), reviewSince(all[j])
		if !a.Equal(b) {
			return a.Before(b)
		}
		return all[i].ID < all[j].ID
	})
	page := adminPageParam(r)
	d := &caseReviewData{Total: len(all), Pager: newAdminPager(r, page, len(all), casePageSize)}
	if from := (page - 1) * casePageSize; from < len(all) {
		d.Items = all[from:min(from+casePageSize, len(all))]
	}
	s.render(w, r, http.StatusOK, "case_review", d)
}

// reviewSince is when a case was sent for review (its last change when the
// store did not say).
func reviewSince(c *samspil.Case) time.Time {
	if c.SubmittedAt != nil {
		return *c.SubmittedAt
	}
	return c.UpdatedAt
}

// renameQueryField puts a search problem on the list's text field.
func renameQueryField(err error) error {
	e, ok := samspil.AsError(err)
	if !ok {
		return err
	}
	if len(e.Fields) == 0 {
		return &samspil.Error{Code: e.Code, Key: e.Key, Message: e.Message, Args: e.Args,
			Fields: []samspil.FieldError{{Field: "q", Key: e.Key, Message: e.Message, Args: e.Args}}}
	}
	for i := range e.Fields {
		e.Fields[i].Field = "q"
	}
	return e
}
