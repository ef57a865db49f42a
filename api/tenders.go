package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// Tenders: the municipalities' published purchases, read-only. Drafts do
// not exist for the API; published, awarded and cancelled tenders are open
// data, here in the platform's own shape and in OCDS (ocds.go).

// registerTenderRoutes adds the tender and OCDS open-data endpoints and
// their part of the OpenAPI document.
func (s *server) registerTenderRoutes() {
	s.ocds = s.ocds.WithDefaults(s.baseURL)
	s.route("GET", "/api/v1/tenders", s.handleListTenders)
	s.route("GET", "/api/v1/tenders/{id}", s.handleGetTender)
	s.route("GET", "/api/v1/tenders/{id}/ocds", s.handleTenderRecord)
	s.route("GET", "/api/v1/tenders/{id}/releases", s.handleTenderReleases)
	s.route("GET", "/api/v1/ocds/releases", s.handleBulkReleases)
	s.route("GET", "/api/v1/ocds/publication-policy", s.handlePublicationPolicy)
	s.route("GET", "/api/v1/ocds/extension/{file}", s.handleExtensionFile)
	s.route("GET", "/api/v1/ocds/extension/codelists/{file}", s.handleExtensionFile)
	s.addTenderSpec()
}

// TenderSummaryJSON is a tender in a list. Every property is always
// present.
type TenderSummaryJSON struct {
	ID               int64                `json:"id"`
	OCID             string               `json:"ocid"`
	Title            string               `json:"title"`
	Status           samspil.TenderStatus `json:"status"`
	Procedure        samspil.Procedure    `json:"procedure"`
	BuyerID          int64                `json:"buyer_id"`
	BuyerName        string               `json:"buyer_name"`
	MunicipalityCode string               `json:"municipality_code"` // the place of performance
	MunicipalityName string               `json:"municipality_name"`
	MainCPV          string               `json:"main_cpv"`
	ValueOre         int64                `json:"value_ore"`
	Reserved         bool                 `json:"reserved"`
	PublishedAt      *time.Time           `json:"published_at"`
	TenderDeadline   time.Time            `json:"tender_deadline"`
	UpdatedAt        time.Time            `json:"updated_at"`
	Href             string               `json:"href"`
	WebURL           string               `json:"web_url"`
}

// TenderLotJSON is one lot.
type TenderLotJSON struct {
	Number      int                 `json:"number"`
	Title       string              `json:"title"`
	Description string              `json:"description"`
	ValueOre    int64               `json:"value_ore"`
	Reservation samspil.Reservation `json:"reservation"`
}

// TenderSupplierJSON is an awarded supplier.
type TenderSupplierJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// TenderAwardJSON is who won and on which terms.
type TenderAwardJSON struct {
	Suppliers     []TenderSupplierJSON `json:"suppliers"`
	ValueOre      int64                `json:"value_ore"`
	ContractStart string               `json:"contract_start"` // a date, YYYY-MM-DD
	ContractEnd   string               `json:"contract_end"`
	Section20Note string               `json:"section20_note"`
	AwardedAt     time.Time            `json:"awarded_at"`
	SignedAt      *time.Time           `json:"signed_at"`
}

// TenderJSON is one tender with everything the public may see.
type TenderJSON struct {
	TenderSummaryJSON
	Description       string              `json:"description"` // Markdown
	AdditionalCPV     []string            `json:"additional_cpv"`
	Lots              []TenderLotJSON     `json:"lots"`
	PlaceText         string              `json:"place_text"`
	Reservation       samspil.Reservation `json:"reservation"`
	SocialGoals       []string            `json:"social_goals"`
	SocialCriteria    string              `json:"social_criteria"` // Markdown
	QuestionsDeadline time.Time           `json:"questions_deadline"`
	ExpectedAward     string              `json:"expected_award"` // a date, YYYY-MM-DD
	ContractStart     string              `json:"contract_start"`
	ContractEnd       string              `json:"contract_end"`
	CancelReason      string              `json:"cancel_reason"`
	Award             *TenderAwardJSON    `json:"award"`
	OCDSRecordURL     string              `json:"ocds_record_url"`
	OCDSReleasesURL   string              `json:"ocds_releases_url"`
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func (s *server) tenderSummaryJSON(t *samspil.Tender) TenderSummaryJSON {
	id := strconv.FormatInt(t.ID, 10)
	out := TenderSummaryJSON{
		ID: t.ID, OCID: s.ocds.OCID(t.ID), Title: t.Title, Status: t.Status, Procedure: t.Procedure,
		BuyerID: t.BuyerID, BuyerName: t.BuyerName, MunicipalityCode: t.PlaceCode, MainCPV: t.MainCPV, ValueOre: t.ValueOre,
		Reserved: t.Reserved(), PublishedAt: utcPtr(t.PublishedAt), TenderDeadline: t.TenderDeadline.UTC(), UpdatedAt: t.UpdatedAt.UTC(),
		Href: "/api/v1/tenders/" + id, WebURL: s.baseURL + "/udbud/" + id,
	}
	if m, ok := refdata.MunicipalityByCode(t.PlaceCode); ok {
		out.MunicipalityName = m.Name
	}
	return out
}

func (s *server) tenderJSON(t *samspil.Tender) TenderJSON {
	out := TenderJSON{
		TenderSummaryJSON: s.tenderSummaryJSON(t),
		Description:       t.Description, AdditionalCPV: nonNil(t.CPVCodes), Lots: make([]TenderLotJSON, 0, len(t.Lots)),
		PlaceText: t.PlaceText, Reservation: t.Reservation, SocialGoals: nonNil(t.SocialGoals), SocialCriteria: t.SocialCriteria,
		QuestionsDeadline: t.QuestionsDeadline.UTC(), ExpectedAward: day(t.ExpectedAward),
		ContractStart: day(t.ContractStart), ContractEnd: day(t.ContractEnd), CancelReason: t.CancelReason,
	}
	out.OCDSRecordURL = s.baseURL + out.Href + "/ocds"
	out.OCDSReleasesURL = s.baseURL + out.Href + "/releases"
	for _, l := range t.Lots {
		out.Lots = append(out.Lots, TenderLotJSON(l))
	}
	if a := t.Award; a != nil && t.Status == samspil.TenderAwarded {
		aw := &TenderAwardJSON{Suppliers: make([]TenderSupplierJSON, 0, len(a.SupplierIDs)), ValueOre: a.ValueOre,
			ContractStart: day(a.ContractStart), ContractEnd: day(a.ContractEnd), Section20Note: a.Section20Note,
			AwardedAt: a.AwardedAt.UTC(), SignedAt: utcPtr(a.SignedAt)}
		for i, id := range a.SupplierIDs {
			name := ""
			if i < len(a.SupplierNames) {
				name = a.SupplierNames[i]
			}
			aw.Suppliers = append(aw.Suppliers, TenderSupplierJSON{ID: id, Name: name})
		}
		out.Award = aw
	}
	return out
}

// publicTenderStatuses are the statuses the API lists: every one but
// draft.
var publicTenderStatuses = []samspil.TenderStatus{samspil.TenderPublished, samspil.TenderAwarded, samspil.TenderCancelled}

// tenderSorts are the values of GET /tenders?sort=.
var tenderSorts = []string{samspil.TenderSortDeadline, samspil.TenderSortNewest, samspil.TenderSortValue, samspil.TenderSortTitle}

func procedureNames() []string {
	out := make([]string, len(samspil.Procedures))
	for i, p := range samspil.Procedures {
		out[i] = string(p)
	}
	return out
}

func statusNames(ss []samspil.TenderStatus) []string {
	out := make([]string, len(ss))
	for i, x := range ss {
		out[i] = string(x)
	}
	return out
}

// parseTenderFilter checks the query of GET /tenders and reports every bad
// parameter at once. Drafts are never asked for.
func parseTenderFilter(q map[string][]string) (samspil.TenderFilter, int, int, error) {
	var v samspil.Validation
	var f samspil.TenderFilter
	get := func(name string) string {
		if vs := q[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	page, perPage := parsePage(q, &v)
	for _, raw := range listValues(q, "status") {
		st := samspil.TenderStatus(raw)
		if st == samspil.TenderDraft || !st.Valid() {
			v.Add("status", "api.query.tender_status", "", map[string]any{"Value": raw})
			continue
		}
		f.Statuses = append(f.Statuses, st)
	}
	if raw := get("municipality"); raw != "" {
		if _, ok := refdata.MunicipalityByCode(raw); ok {
			f.MunicipalityCode = raw
		} else {
			v.Add("municipality", "api.query.municipality", "", map[string]any{"Value": raw})
		}
	}
	if raw := get("procedure"); raw != "" {
		if p := samspil.Procedure(raw); p.Valid() {
			f.Procedure = p
		} else {
			v.Add("procedure", "api.query.procedure", "", map[string]any{"Value": raw})
		}
	}
	if raw := get("cpv"); raw != "" {
		code, check, hasCheck := strings.Cut(raw, "-")
		if len(code) < 1 || len(code) > 8 || strings.Trim(code, "0123456789") != "" ||
			hasCheck && (len(code) != 8 || len(check) != 1 || check[0] < '0' || check[0] > '9') {
			v.Add("cpv", "api.query.cpv", "", map[string]any{"Value": raw})
		} else {
			f.CPVPrefix = strings.TrimRight(code, "0")
			if len(f.CPVPrefix) < 2 {
				f.CPVPrefix = code[:min(2, len(code))]
			}
		}
	}
	f.Text = get("q")
	if !utf8.ValidString(f.Text) {
		v.Add("q", "api.query.q_invalid", "", nil)
	} else if utf8.RuneCountInString(f.Text) > samspil.MaxQueryLen {
		v.Add("q", "api.query.q_too_long", "", map[string]any{"Max": samspil.MaxQueryLen})
	}
	if raw := get("sort"); raw != "" {
		ok := false
		for _, x := range tenderSorts {
			ok = ok || x == raw
		}
		if ok {
			f.Sort = raw
		} else {
			v.Add("sort", "api.query.tender_sort", "", map[string]any{"Value": raw})
		}
	}
	if err := v.Err(); err != nil {
		return samspil.TenderFilter{}, 0, 0, err
	}
	if len(f.Statuses) == 0 {
		f.Statuses = append([]samspil.TenderStatus(nil), publicTenderStatuses...)
	}
	f.Limit = perPage
	f.Offset = (page - 1) * perPage
	return f, page, perPage, nil
}

func (s *server) handleListTenders(w http.ResponseWriter, r *http.Request) error {
	f, page, perPage, err := parseTenderFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ts, total, err := s.store.FindTenders(r.Context(), f)
	if err != nil {
		return err
	}
	out := PageJSON[TenderSummaryJSON]{Items: make([]TenderSummaryJSON, 0, len(ts)), Total: total, Page: page, PerPage: perPage}
	for _, t := range ts {
		if t.Status == samspil.TenderDraft {
			continue // belt and braces: the filter never asks for drafts
		}
		out.Items = append(out.Items, s.tenderSummaryJSON(t))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

// findPublicTender returns the tender with the path's id, or a 404
// problem when there is none or it is a draft.
func (s *server) findPublicTender(r *http.Request) (*samspil.Tender, error) {
	raw := r.PathValue("id")
	notFound := &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.tender.not_found", args: map[string]any{"ID": raw}}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return nil, notFound
	}
	t, err := s.store.FindTenderByID(r.Context(), id)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND || err == nil && t.Status == samspil.TenderDraft {
		// A draft does not exist for the API.
		return nil, notFound
	} else if err != nil {
		return nil, err
	}
	return t, nil
}

func (s *server) handleGetTender(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findPublicTender(r)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, s.tenderJSON(t), cacheDirectory)
}
