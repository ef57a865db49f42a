package samspil

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// CaseStatus is where a case stands on its way to the public library.
type CaseStatus string

// Cases go draft → review → published. The secretariat may send a case in
// review back to draft with a note; the owner may withdraw a published case
// to draft to change it (it is then reviewed again).
const (
	CaseDraft     CaseStatus = "draft"
	CaseReview    CaseStatus = "review"
	CasePublished CaseStatus = "published"
)

// Valid reports whether s is a known status.
func (s CaseStatus) Valid() bool { return s == CaseDraft || s == CaseReview || s == CasePublished }

// Case limits.
const (
	MaxCaseResults  = 20
	MaxCasePartners = 20
	MaxCaseText     = 20000 // runes per Markdown field
	MaxCaseSummary  = 600
)

// CaseResult is one measured result of a case, e.g. "people in ordinary
// work" 12 "personer" "2023". Value is a measurement, not money; amounts of
// money belong in Case.ValueOre or the economy text.
type CaseResult struct {
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Period string  `json:"period"` // free text: "2023", "jan.–jun. 2024"
}

// CasePartner is an organisation that took part. OrganisationID links it
// to a profile when the partner is on the platform; Name is always set
// (filled from the profile on read when linked).
type CasePartner struct {
	OrganisationID *int64 `json:"organisation_id,omitempty"`
	Name           string `json:"name"`
	Role           string `json:"role,omitempty"` // e.g. "leverandør", "mentor", "kommune"
}

// Case is a collaboration told as a structured story with measured
// results, so other municipalities can learn from it and start their own.
// Markdown fields are rendered with package markdown (sanitised).
type Case struct {
	ID               int64              `json:"id"`
	OrganisationID   int64              `json:"organisation_id"`   // the publishing organisation; its members edit the case
	OrganisationName string             `json:"organisation_name"` // filled on read
	Title            string             `json:"title"`
	Summary          string             `json:"summary"` // plain text lead, shown in lists and feeds
	Model            CollaborationModel `json:"model"`
	MunicipalityCode string             `json:"municipality_code"`
	Partners         []CasePartner      `json:"partners"`
	PeriodStart      *time.Time         `json:"period_start,omitempty"` // a date (midnight UTC)
	PeriodEnd        *time.Time         `json:"period_end,omitempty"`
	TargetGroups     []string           `json:"target_groups"`
	WhatWasDone      string             `json:"what_was_done"` // Markdown
	Results          []CaseResult       `json:"results"`
	Economy          string             `json:"economy"`             // Markdown
	ValueOre         int64              `json:"value_ore,omitempty"` // contract or project value in øre, 0 when unknown
	WorkedWell       string             `json:"worked_well"`         // Markdown
	WorkedLess       string             `json:"worked_less"`         // Markdown: what did not work
	ContactName      string             `json:"contact_name"`
	ContactEmail     string             `json:"contact_email"`
	ContactPhone     string             `json:"contact_phone,omitempty"`
	PartnershipID    *int64             `json:"partnership_id,omitempty"` // the partnership it tells about, if any
	Status           CaseStatus         `json:"status"`
	ReviewNote       string             `json:"review_note,omitempty"` // why the secretariat sent it back
	Attachments      []*Attachment      `json:"attachments"`           // filled by FindCaseByID
	CreatedBy        int64              `json:"-"`
	CreatedAt        time.Time          `json:"created_at"`
	UpdatedAt        time.Time          `json:"updated_at"`
	SubmittedAt      *time.Time         `json:"submitted_at,omitempty"`
	PublishedAt      *time.Time         `json:"published_at,omitempty"`
}

// Validate normalises c and checks every rule that needs no database.
// Target groups and linked partners are checked by the store.
func (c *Case) Validate(cat Catalog) error {
	var v Validation
	c.Title = strings.TrimSpace(c.Title)
	switch n := utf8.RuneCountInString(c.Title); {
	case n == 0:
		v.Add("title", "case.title.required", "the title is required", nil)
	case n > MaxNameLen:
		v.Add("title", "case.title.too_long", "the title is too long", map[string]any{"Max": MaxNameLen})
	}
	c.Summary = strings.TrimSpace(c.Summary)
	if utf8.RuneCountInString(c.Summary) > MaxCaseSummary {
		v.Add("summary", "field.too_long", "the text is too long", map[string]any{"Max": MaxCaseSummary})
	}
	if !c.Model.Valid() {
		v.Add("model", "case.model.invalid", "choose a collaboration model", nil)
	}
	c.MunicipalityCode = strings.TrimSpace(c.MunicipalityCode)
	if c.MunicipalityCode == "" {
		v.Add("municipality_code", "case.municipality.required", "choose the municipality", nil)
	} else if cat != nil && !cat.HasMunicipality(c.MunicipalityCode) {
		v.Add("municipality_code", "org.municipality.unknown", "unknown municipality code", map[string]any{"Code": c.MunicipalityCode})
	}
	for _, f := range []struct {
		name string
		s    *string
	}{{"what_was_done", &c.WhatWasDone}, {"economy", &c.Economy}, {"worked_well", &c.WorkedWell}, {"worked_less", &c.WorkedLess}} {
		*f.s = strings.TrimSpace(*f.s)
		if utf8.RuneCountInString(*f.s) > MaxCaseText {
			v.Add(f.name, "field.too_long", "the text is too long", map[string]any{"Max": MaxCaseText})
		}
	}
	if c.PeriodStart != nil && c.PeriodEnd != nil && c.PeriodEnd.Before(*c.PeriodStart) {
		v.Add("period_end", "case.period.order", "the period must end after it starts", nil)
	}
	if c.ValueOre < 0 || c.ValueOre > MaxOpportunityValueOre {
		v.Add("value_ore", "case.value.range", "the value must be zero or more and realistic", nil)
	}
	c.TargetGroups = dedupe(c.TargetGroups)
	if len(c.Partners) > MaxCasePartners {
		v.Add("partners", "case.partners.too_many", "a case can name at most 20 partners", map[string]any{"Max": MaxCasePartners})
	}
	partners := c.Partners[:0]
	for _, p := range c.Partners {
		p.Name, p.Role = strings.TrimSpace(p.Name), strings.TrimSpace(p.Role)
		if p.Name == "" && p.OrganisationID == nil {
			continue // an empty form row
		}
		if utf8.RuneCountInString(p.Name) > MaxNameLen || utf8.RuneCountInString(p.Role) > MaxNameLen {
			v.Add("partners", "field.too_long", "the text is too long", map[string]any{"Max": MaxNameLen})
		}
		partners = append(partners, p)
	}
	c.Partners = partners
	if len(c.Results) > MaxCaseResults {
		v.Add("results", "case.results.too_many", "a case can list at most 20 results", map[string]any{"Max": MaxCaseResults})
	}
	results := c.Results[:0]
	for _, r := range c.Results {
		r.Metric, r.Unit, r.Period = strings.TrimSpace(r.Metric), strings.TrimSpace(r.Unit), strings.TrimSpace(r.Period)
		if r.Metric == "" && r.Unit == "" && r.Period == "" && r.Value == 0 {
			continue // an empty form row
		}
		if r.Metric == "" {
			v.Add("results", "case.result.metric.required", "each result needs a name of what was measured", nil)
		}
		if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) || math.Abs(r.Value) > 1e12 {
			v.Add("results", "case.result.value.invalid", "the value must be a number", nil)
		}
		if utf8.RuneCountInString(r.Metric) > MaxNameLen || utf8.RuneCountInString(r.Unit) > 40 || utf8.RuneCountInString(r.Period) > 60 {
			v.Add("results", "field.too_long", "the text is too long", map[string]any{"Max": MaxNameLen})
		}
		results = append(results, r)
	}
	c.Results = results
	c.ContactName = strings.TrimSpace(c.ContactName)
	c.ContactPhone = strings.TrimSpace(c.ContactPhone)
	if utf8.RuneCountInString(c.ContactName) > MaxNameLen || utf8.RuneCountInString(c.ContactPhone) > 40 {
		v.Add("contact_name", "field.too_long", "the text is too long", map[string]any{"Max": MaxNameLen})
	}
	if c.ContactEmail = strings.TrimSpace(c.ContactEmail); c.ContactEmail != "" {
		e, err := NormaliseEmail(c.ContactEmail)
		if err != nil {
			v.Add("contact_email", "email.invalid", "the e-mail address is not valid", nil)
		} else {
			c.ContactEmail = e
		}
	}
	refuseCPR(&v, map[string]string{"title": c.Title, "summary": c.Summary, "what_was_done": c.WhatWasDone, "economy": c.Economy,
		"worked_well": c.WorkedWell, "worked_less": c.WorkedLess, "contact_name": c.ContactName, "contact_phone": c.ContactPhone})
	for _, r := range c.Results {
		refuseCPR(&v, map[string]string{"results": r.Metric + " " + r.Unit + " " + r.Period})
	}
	for _, p := range c.Partners {
		refuseCPR(&v, map[string]string{"partners": p.Name + " " + p.Role})
	}
	if c.Status == "" {
		c.Status = CaseDraft
	} else if !c.Status.Valid() {
		v.Add("status", "case.status.invalid", "unknown status", nil)
	}
	return v.Err()
}

// refuseCPR adds a field error for every text that looks like it holds a
// CPR number: cases, questions and strategies are shared widely, and
// Samspil never stores personal identity numbers.
func refuseCPR(v *Validation, fields map[string]string) {
	for _, name := range sortedKeys(fields) {
		if LooksLikeCPR(fields[name]) && !v.Has(name) {
			v.Add(name, "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ReadyForReview lists what a case must have before it can be sent to the
// secretariat: a draft may be incomplete, a submitted case may not.
func (c *Case) ReadyForReview() error {
	var v Validation
	if c.Summary == "" {
		v.Add("summary", "case.summary.required", "write a short summary before sending the case for review", nil)
	}
	if c.WhatWasDone == "" {
		v.Add("what_was_done", "case.what.required", "describe what was done before sending the case for review", nil)
	}
	if len(c.Results) == 0 {
		v.Add("results", "case.results.required", "add at least one measured result before sending the case for review", nil)
	}
	if c.ContactName == "" || c.ContactEmail == "" {
		v.Add("contact_name", "case.contact.required", "name a contact person with an e-mail address", nil)
	}
	return v.Err()
}

// CaseFilter selects cases. Zero fields do not filter.
type CaseFilter struct {
	Query            string // platform search text (Danish analysis)
	Model            CollaborationModel
	MunicipalityCode string
	OrganisationID   int64        // cases of one organisation (its own list: every status)
	Statuses         []CaseStatus // empty: published only
	TargetGroup      string
	Sort             string // "newest" (default, by published/updated date) or "title"
	Offset, Limit    int
}

// CaseService stores cases and moves them through review. Rights (who may
// edit or review) are checked by the callers with Principal; the store
// checks the state rules.
type CaseService interface {
	// CreateCase stores c as a draft owned by c.OrganisationID. EINVALID,
	// ENOTFOUND for an unknown organisation or linked partner.
	CreateCase(ctx context.Context, c *Case) error
	// FindCaseByID returns the case with its attachments, or ENOTFOUND.
	FindCaseByID(ctx context.Context, id int64) (*Case, error)
	// FindCases returns one page and the total.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, int, error)
	// UpdateCase replaces the editable fields of a draft. ENOTFOUND,
	// EINVALID, ECONFLICT (key case.not_draft) unless the case is a draft.
	UpdateCase(ctx context.Context, id int64, c *Case) (*Case, error)
	// SubmitCase sends a draft for review (ReadyForReview must pass) and
	// notifies the secretariat. ENOTFOUND, EINVALID, ECONFLICT.
	SubmitCase(ctx context.Context, id int64) (*Case, error)
	// PublishCase publishes a case in review, indexes it for search and
	// notifies the owner and the followers of its municipality and model.
	// ENOTFOUND, ECONFLICT unless in review.
	PublishCase(ctx context.Context, id int64) (*Case, error)
	// ReturnCase sends a case in review back to draft with a note for the
	// owner. ENOTFOUND, EINVALID without a note, ECONFLICT unless in review.
	ReturnCase(ctx context.Context, id int64, note string) (*Case, error)
	// WithdrawCase takes a published case back to draft (and out of the
	// search). ENOTFOUND, ECONFLICT unless published.
	WithdrawCase(ctx context.Context, id int64) (*Case, error)
	// DeleteCase deletes a draft with its attachment rows. ENOTFOUND,
	// ECONFLICT unless a draft.
	DeleteCase(ctx context.Context, id int64) error
}
