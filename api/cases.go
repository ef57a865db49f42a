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

// The case library: published cases only. Drafts and cases in review are
// the owners' and the secretariat's business and never leave the web
// pages.

// CaseSummaryJSON is a case in a list. Every property is always present.
type CaseSummaryJSON struct {
	ID               int64                      `json:"id"`
	Title            string                     `json:"title"`
	Summary          string                     `json:"summary"`
	Model            samspil.CollaborationModel `json:"model"`
	MunicipalityCode string                     `json:"municipality_code"`
	MunicipalityName string                     `json:"municipality_name"`
	OrganisationID   int64                      `json:"organisation_id"`
	OrganisationName string                     `json:"organisation_name"`
	PeriodStart      *string                    `json:"period_start"` // a date, YYYY-MM-DD
	PeriodEnd        *string                    `json:"period_end"`
	TargetGroups     []string                   `json:"target_groups"`
	PublishedAt      *time.Time                 `json:"published_at"`
	UpdatedAt        time.Time                  `json:"updated_at"`
	Href             string                     `json:"href"` // the API path of the whole case
	WebURL           string                     `json:"web_url"`
}

// CaseResultJSON is one measured result.
type CaseResultJSON struct {
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Period string  `json:"period"`
}

// CasePartnerJSON is one organisation that took part; organisation_id is
// null for partners without a profile on the platform.
type CasePartnerJSON struct {
	OrganisationID *int64 `json:"organisation_id"`
	Name           string `json:"name"`
	Role           string `json:"role"`
}

// AttachmentJSON is the metadata of an attached file and where to
// download it.
type AttachmentJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
	URL         string    `json:"url"`
}

// CaseJSON is one published case with everything it tells. The text
// fields are Markdown, as written.
type CaseJSON struct {
	CaseSummaryJSON
	Partners      []CasePartnerJSON `json:"partners"`
	WhatWasDone   string            `json:"what_was_done"`
	Results       []CaseResultJSON  `json:"results"`
	Economy       string            `json:"economy"`
	ValueOre      int64             `json:"value_ore"`
	WorkedWell    string            `json:"worked_well"`
	WorkedLess    string            `json:"worked_less"`
	ContactName   string            `json:"contact_name"`
	ContactEmail  string            `json:"contact_email"`
	ContactPhone  string            `json:"contact_phone"`
	PartnershipID *int64            `json:"partnership_id"`
	Attachments   []AttachmentJSON  `json:"attachments"`
}

// dateString writes a date field as YYYY-MM-DD, or null.
func dateString(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format("2006-01-02")
	return &s
}

func (s *server) caseSummaryJSON(c *samspil.Case) CaseSummaryJSON {
	id := strconv.FormatInt(c.ID, 10)
	out := CaseSummaryJSON{
		ID: c.ID, Title: c.Title, Summary: c.Summary, Model: c.Model, MunicipalityCode: c.MunicipalityCode,
		OrganisationID: c.OrganisationID, OrganisationName: c.OrganisationName,
		PeriodStart: dateString(c.PeriodStart), PeriodEnd: dateString(c.PeriodEnd),
		TargetGroups: nonNil(c.TargetGroups), PublishedAt: utcPtr(c.PublishedAt), UpdatedAt: c.UpdatedAt.UTC(),
		Href: "/api/v1/cases/" + id, WebURL: s.baseURL + "/erfaringer/" + id,
	}
	if m, ok := refdata.MunicipalityByCode(c.MunicipalityCode); ok {
		out.MunicipalityName = m.Name
	}
	return out
}

func (s *server) caseJSON(c *samspil.Case) CaseJSON {
	out := CaseJSON{
		CaseSummaryJSON: s.caseSummaryJSON(c),
		Partners:        make([]CasePartnerJSON, 0, len(c.Partners)),
		WhatWasDone:     c.WhatWasDone, Results: make([]CaseResultJSON, 0, len(c.Results)),
		Economy: c.Economy, ValueOre: c.ValueOre, WorkedWell: c.WorkedWell, WorkedLess: c.WorkedLess,
		ContactName: c.ContactName, ContactEmail: c.ContactEmail, ContactPhone: c.ContactPhone,
		PartnershipID: c.PartnershipID, Attachments: make([]AttachmentJSON, 0, len(c.Attachments)),
	}
	for _, p := range c.Partners {
		out.Partners = append(out.Partners, CasePartnerJSON{OrganisationID: p.OrganisationID, Name: p.Name, Role: p.Role})
	}
	for _, r := range c.Results {
		out.Results = append(out.Results, CaseResultJSON(r))
	}
	for _, a := range c.Attachments {
		out.Attachments = append(out.Attachments, AttachmentJSON{
			ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, CreatedAt: a.CreatedAt.UTC(),
			URL: s.baseURL + "/erfaringer/" + strconv.FormatInt(c.ID, 10) + "/filer/" + strconv.FormatInt(a.ID, 10),
		})
	}
	return out
}

// modelNames are the collaboration-model codes in form order.
func modelNames() []string {
	out := make([]string, len(samspil.CollaborationModels))
	for i, m := range samspil.CollaborationModels {
		out[i] = string(m)
	}
	return out
}

// parseCaseFilter checks the query of GET /cases and reports every bad
// parameter at once. Only published cases are ever listed.
func parseCaseFilter(q map[string][]string) (samspil.CaseFilter, int, int, error) {
	var v samspil.Validation
	var f samspil.CaseFilter
	get := func(name string) string {
		if vs := q[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	page, perPage := parsePage(q, &v)
	f.Query = get("q")
	if !utf8.ValidString(f.Query) {
		v.Add("q", "api.query.q_invalid", "", nil)
	} else if utf8.RuneCountInString(f.Query) > samspil.MaxQueryLen {
		v.Add("q", "api.query.q_too_long", "", map[string]any{"Max": samspil.MaxQueryLen})
	}
	if raw := get("model"); raw != "" {
		if m := samspil.CollaborationModel(raw); m.Valid() {
			f.Model = m
		} else {
			v.Add("model", "api.query.model", "", map[string]any{"Value": raw})
		}
	}
	if raw := get("municipality"); raw != "" {
		if _, ok := refdata.MunicipalityByCode(raw); ok {
			f.MunicipalityCode = raw
		} else {
			v.Add("municipality", "api.query.municipality", "", map[string]any{"Value": raw})
		}
	}
	if err := v.Err(); err != nil {
		return samspil.CaseFilter{}, 0, 0, err
	}
	f.Statuses = []samspil.CaseStatus{samspil.CasePublished}
	f.Limit = perPage
	f.Offset = (page - 1) * perPage
	return f, page, perPage, nil
}

func (s *server) handleListCases(w http.ResponseWriter, r *http.Request) error {
	f, page, perPage, err := parseCaseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	cases, total, err := s.store.FindCases(r.Context(), f)
	if err != nil {
		return err
	}
	out := PageJSON[CaseSummaryJSON]{Items: make([]CaseSummaryJSON, 0, len(cases)), Total: total, Page: page, PerPage: perPage}
	for _, c := range cases {
		if c.Status != samspil.CasePublished {
			continue // belt and braces: the filter asks for published cases only
		}
		out.Items = append(out.Items, s.caseSummaryJSON(c))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

func (s *server) handleGetCase(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("id")
	notFound := &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.case.not_found", args: map[string]any{"ID": raw}}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return notFound
	}
	c, err := s.store.FindCaseByID(r.Context(), id)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND || err == nil && c.Status != samspil.CasePublished {
		// A case that is not published does not exist for the API.
		return notFound
	} else if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, s.caseJSON(c), cacheDirectory)
}
