package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/csvsafe"
	"github.com/samspil/samspil/pbr"
	"github.com/samspil/samspil/refdata"
)

// Outcome contracts (payment by result) as open data: the published
// aggregates of active and finished contracts, as JSON and as CSV, and a
// contract in the shape of the INDIGO data standard. Drafts do not exist
// for the API, and no answer ever holds a participant or a claim: only
// counts and sums.

// registerPbrRoutes adds the open data of outcome contracts (aggregates as
// JSON and CSV, never participant rows) and the INDIGO export.
func (s *server) registerPbrRoutes() {
	s.ocds = s.ocds.WithDefaults(s.baseURL)
	s.route("GET", "/api/v1/outcome-contracts", s.handleListOutcomeContracts)
	s.route("GET", "/api/v1/outcome-contracts.csv", s.handleOutcomeContractsCSV)
	s.route("GET", "/api/v1/outcome-contracts/{id}", s.handleGetOutcomeContract)
	s.route("GET", "/api/v1/outcome-contracts/{id}/indigo", s.handleOutcomeContractIndigo)
	s.addPbrSpec()
}

// OutcomeAggregateJSON is one outcome of a published contract. Every
// property is always present.
type OutcomeAggregateJSON struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	PriceOre    int64  `json:"price_ore"`
	TargetCount int    `json:"target_count"`
	Achieved    int    `json:"achieved"`
	PaidCount   int    `json:"paid_count"`
	PaidOre     int64  `json:"paid_ore"`
}

// ContractAggregateJSON is what the API publishes about one active or
// finished outcome contract: the fields of samspil.ContractAggregate under
// the same names, every one always present, with dates as YYYY-MM-DD and
// links to the contract's own endpoints.
type ContractAggregateJSON struct {
	ContractID       int64                  `json:"contract_id"`
	Title            string                 `json:"title"`
	Status           samspil.ContractStatus `json:"status"`
	CommissionerID   int64                  `json:"commissioner_id"`
	Commissioner     string                 `json:"commissioner"`
	MunicipalityCode string                 `json:"municipality_code"`
	ProviderID       int64                  `json:"provider_id"`
	Provider         string                 `json:"provider"`
	ProviderCVR      string                 `json:"provider_cvr"`
	Investor         string                 `json:"investor"`
	TargetGroup      string                 `json:"target_group"`
	PeriodStart      string                 `json:"period_start"`
	PeriodEnd        string                 `json:"period_end"`
	CapOre           int64                  `json:"cap_ore"`
	CohortTarget     int                    `json:"cohort_target"`
	Enrolled         int                    `json:"enrolled"`
	PaidOre          int64                  `json:"paid_ore"`
	Outcomes         []OutcomeAggregateJSON `json:"outcomes"`
	TenderID         *int64                 `json:"tender_id"`
	OCID             *string                `json:"ocid"`
	UpdatedAt        time.Time              `json:"updated_at"`
	Href             string                 `json:"href"`
	IndigoURL        string                 `json:"indigo_url"`
}

// ContractAggregatePageJSON is one page of published contracts.
type ContractAggregatePageJSON = PageJSON[ContractAggregateJSON]

func (s *server) contractAggregateJSON(a *samspil.ContractAggregate) ContractAggregateJSON {
	id := strconv.FormatInt(a.ContractID, 10)
	out := ContractAggregateJSON{
		ContractID: a.ContractID, Title: a.Title, Status: a.Status,
		CommissionerID: a.CommissionerID, Commissioner: a.Commissioner, MunicipalityCode: a.MunicipalityCode,
		ProviderID: a.ProviderID, Provider: a.Provider, ProviderCVR: a.ProviderCVR, Investor: a.Investor,
		TargetGroup: a.TargetGroup, PeriodStart: day(a.PeriodStart), PeriodEnd: day(a.PeriodEnd),
		CapOre: a.CapOre, CohortTarget: a.CohortTarget, Enrolled: a.Enrolled, PaidOre: a.PaidOre,
		Outcomes: make([]OutcomeAggregateJSON, 0, len(a.Outcomes)), TenderID: a.TenderID,
		UpdatedAt: a.UpdatedAt.UTC(),
		Href:      "/api/v1/outcome-contracts/" + id, IndigoURL: s.baseURL + "/api/v1/outcome-contracts/" + id + "/indigo",
	}
	if a.TenderID != nil {
		ocid := s.ocds.OCID(*a.TenderID)
		out.OCID = &ocid
	}
	for _, o := range a.Outcomes {
		out.Outcomes = append(out.Outcomes, OutcomeAggregateJSON(o))
	}
	return out
}

// publicContractStatuses are the statuses the API shows: never draft.
var publicContractStatuses = []samspil.ContractStatus{samspil.ContractActive, samspil.ContractFinished}

func contractStatusNames() []string {
	out := make([]string, len(publicContractStatuses))
	for i, st := range publicContractStatuses {
		out[i] = string(st)
	}
	return out
}

// contractQuery is a checked query of the contract list and its CSV.
type contractQuery struct {
	Filter        samspil.ContractFilter // statuses, municipality and target group; no paging
	Page, PerPage int
}

// parseContractQuery checks the query of GET /outcome-contracts (and of
// its CSV, which ignores the paging) against the known target-group
// codes, and reports every bad parameter at once. Drafts are never asked
// for.
func parseContractQuery(q map[string][]string, targetGroups []string) (contractQuery, error) {
	var v samspil.Validation
	var out contractQuery
	get := func(name string) string {
		if vs := q[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	out.Page, out.PerPage = parsePage(q, &v)
	for _, raw := range listValues(q, "status") {
		st := samspil.ContractStatus(raw)
		if !slices.Contains(publicContractStatuses, st) {
			v.Add("status", "api.query.contract_status", "", map[string]any{"Value": raw})
			continue
		}
		out.Filter.Statuses = append(out.Filter.Statuses, st)
	}
	if raw := get("municipality"); raw != "" {
		if _, ok := refdata.MunicipalityByCode(raw); ok {
			out.Filter.MunicipalityCode = raw
		} else {
			v.Add("municipality", "api.query.municipality", "", map[string]any{"Value": raw})
		}
	}
	if raw := get("target_group"); raw != "" {
		if slices.Contains(targetGroups, raw) {
			out.Filter.TargetGroup = raw
		} else {
			v.Add("target_group", "api.query.target_group", "", map[string]any{"Value": raw})
		}
	}
	if err := v.Err(); err != nil {
		return contractQuery{}, err
	}
	if len(out.Filter.Statuses) == 0 {
		out.Filter.Statuses = append([]samspil.ContractStatus(nil), publicContractStatuses...)
	}
	return out, nil
}

// contractQueryOf reads the request's query with the store's target groups.
func (s *server) contractQueryOf(r *http.Request) (contractQuery, error) {
	q := r.URL.Query()
	var codes []string
	if q.Get("target_group") != "" {
		groups, err := s.store.FindTargetGroups(r.Context())
		if err != nil {
			return contractQuery{}, err
		}
		for _, g := range groups {
			codes = append(codes, g.Code)
		}
	}
	return parseContractQuery(q, codes)
}

// aggregates returns every published contract matching cq, newest first.
func (s *server) aggregates(ctx context.Context, cq contractQuery) ([]*samspil.ContractAggregate, error) {
	f := cq.Filter
	f.Limit = samspil.MaxPageSize
	var out []*samspil.ContractAggregate
	for f.Offset = 0; ; {
		page, total, err := s.store.ContractAggregates(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			if a.Status == samspil.ContractDraft {
				continue // belt and braces: the store never returns drafts
			}
			out = append(out, a)
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}

func (s *server) handleListOutcomeContracts(w http.ResponseWriter, r *http.Request) error {
	cq, err := s.contractQueryOf(r)
	if err != nil {
		return err
	}
	f := cq.Filter
	f.Offset, f.Limit = (cq.Page-1)*cq.PerPage, cq.PerPage
	page, total, err := s.store.ContractAggregates(r.Context(), f)
	if err != nil {
		return err
	}
	var items []*samspil.ContractAggregate
	for _, a := range page {
		if a.Status != samspil.ContractDraft {
			items = append(items, a)
		}
	}
	out := ContractAggregatePageJSON{Items: make([]ContractAggregateJSON, 0, len(items)), Total: total, Page: cq.Page, PerPage: cq.PerPage}
	for _, a := range items {
		out.Items = append(out.Items, s.contractAggregateJSON(a))
	}
	return s.writeJSON(w, r, http.StatusOK, out, cacheDirectory)
}

// ContractCSVHeader is the header of GET /outcome-contracts.csv: one row
// per contract and outcome; the contract's columns repeat on each of its
// rows. Amounts are whole øre, dates YYYY-MM-DD, times RFC 3339 UTC.
var ContractCSVHeader = []string{
	"contract_id", "title", "status", "commissioner", "municipality_code", "provider", "provider_cvr", "investor",
	"target_group", "period_start", "period_end", "cap_ore", "cohort_target", "enrolled", "contract_paid_ore",
	"outcome_code", "outcome_description", "price_ore", "target_count", "achieved", "paid_count", "outcome_paid_ore",
	"tender_id", "ocid", "updated_at",
}

// writeContractCSV writes the aggregates as RFC 4180 CSV (UTF-8, CRLF).
// Every text cell that came from people passes csvsafe.Cell, so no cell
// starts a spreadsheet formula.
func (s *server) writeContractCSV(buf *bytes.Buffer, as []*samspil.ContractAggregate) error {
	cw := csv.NewWriter(buf)
	cw.UseCRLF = true
	if err := cw.Write(ContractCSVHeader); err != nil {
		return err
	}
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, a := range as {
		tender, ocid := "", ""
		if a.TenderID != nil {
			tender, ocid = i64(*a.TenderID), s.ocds.OCID(*a.TenderID)
		}
		for _, o := range a.Outcomes {
			row := []string{
				i64(a.ContractID), csvsafe.Cell(a.Title), string(a.Status), csvsafe.Cell(a.Commissioner), csvsafe.Cell(a.MunicipalityCode),
				csvsafe.Cell(a.Provider), csvsafe.Cell(a.ProviderCVR), csvsafe.Cell(a.Investor),
				csvsafe.Cell(a.TargetGroup), day(a.PeriodStart), day(a.PeriodEnd), i64(a.CapOre), strconv.Itoa(a.CohortTarget),
				strconv.Itoa(a.Enrolled), i64(a.PaidOre),
				csvsafe.Cell(o.Code), csvsafe.Cell(o.Description), i64(o.PriceOre), strconv.Itoa(o.TargetCount),
				strconv.Itoa(o.Achieved), strconv.Itoa(o.PaidCount), i64(o.PaidOre),
				tender, csvsafe.Cell(ocid), a.UpdatedAt.UTC().Format(time.RFC3339),
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func (s *server) handleOutcomeContractsCSV(w http.ResponseWriter, r *http.Request) error {
	cq, err := s.contractQueryOf(r)
	if err != nil {
		return err
	}
	all, err := s.aggregates(r.Context(), cq)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.writeContractCSV(&buf, all); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="resultatkontrakter.csv"`)
	return s.writeBytes(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes(), cacheDirectory)
}

// findPublicContract returns the ledger of the contract with the path's
// id, or a 404 problem when there is none or it is a draft.
func (s *server) findPublicContract(r *http.Request) (*samspil.ContractLedger, error) {
	raw := r.PathValue("id")
	notFound := &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.outcome_contract.not_found", args: map[string]any{"ID": raw}}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return nil, notFound
	}
	c, err := s.store.FindOutcomeContractByID(r.Context(), id)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND || err == nil && c.Status == samspil.ContractDraft {
		// A draft does not exist for the API.
		return nil, notFound
	} else if err != nil {
		return nil, err
	}
	l, err := s.store.ContractLedger(r.Context(), id)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return nil, notFound
	} else if err != nil {
		return nil, err
	}
	if l.Contract == nil || l.Contract.Status == samspil.ContractDraft {
		return nil, notFound
	}
	return l, nil
}

func (s *server) handleGetOutcomeContract(w http.ResponseWriter, r *http.Request) error {
	l, err := s.findPublicContract(r)
	if err != nil {
		return err
	}
	a := pbr.Aggregate(l)
	// The engine knows the contract, not the directory: the commissioner's
	// municipality and the provider's CVR come from there when it left
	// them out.
	orgs, err := s.contractOrganisations(r.Context(), l.Contract)
	if err != nil {
		return err
	}
	if o := orgs[a.CommissionerID]; o != nil && a.MunicipalityCode == "" {
		a.MunicipalityCode = o.MunicipalityCode
	}
	if o := orgs[a.ProviderID]; o != nil && a.ProviderCVR == "" {
		a.ProviderCVR = o.CVR
	}
	return s.writeJSON(w, r, http.StatusOK, s.contractAggregateJSON(a), cacheDirectory)
}

// contractOrganisations reads the contract's parties from the directory;
// one deleted since is left out.
func (s *server) contractOrganisations(ctx context.Context, c *samspil.OutcomeContract) (map[int64]*samspil.Organisation, error) {
	out := map[int64]*samspil.Organisation{}
	ids := []int64{c.CommissionerID, c.ProviderID}
	if c.InvestorID != nil {
		ids = append(ids, *c.InvestorID)
	}
	for _, id := range ids {
		o, err := s.store.FindOrganisationByID(ctx, id)
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out[id] = o
	}
	return out, nil
}

func (s *server) handleOutcomeContractIndigo(w http.ResponseWriter, r *http.Request) error {
	l, err := s.findPublicContract(r)
	if err != nil {
		return err
	}
	opt := pbr.IndigoOptions{BaseURL: s.baseURL, OrgIdentifiers: map[int64]string{}}
	if tid := l.Contract.TenderID; tid != nil {
		// Linked only to a tender the public can see: a draft's ocid
		// would lead nowhere.
		if t, err := s.store.FindTenderByID(r.Context(), *tid); err == nil && t.Status != samspil.TenderDraft {
			opt.OCID = s.ocds.OCID(*tid)
		} else if err != nil && samspil.ErrorCode(err) != samspil.ENOTFOUND {
			return err
		}
	}
	// Organisations are named by their org-id identifier, DK-CVR as in
	// the OCDS data, where they have a CVR number.
	orgs, err := s.contractOrganisations(r.Context(), l.Contract)
	if err != nil {
		return err
	}
	for id, o := range orgs {
		if o.CVR != "" {
			opt.OrgIdentifiers[id] = "DK-CVR-" + o.CVR
		}
	}
	// The export never carries participants: the ledger's rows stay here.
	return s.writeJSON(w, r, http.StatusOK, pbr.Indigo(l, opt), cacheDirectory)
}
