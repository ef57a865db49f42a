package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

var updatePbrGolden = flag.Bool("update-pbr", false, "rewrite api/testdata/outcome-contracts.golden.csv")

// pbrContracts is what pbrSetup stores: an active contract of Aarhus
// Kommune with orgA as provider and orgB as investor, three participants,
// four claims (three approved, one without its prerequisite) and one
// approved statement; and a draft, which the API must not know.
type pbrContracts struct {
	active, draft *samspil.OutcomeContract
}

func pbrSetup(t *testing.T, f *fixture, now time.Time) pbrContracts {
	t.Helper()
	ctx := context.Background()
	m, err := f.store.FindMunicipalityByCode(ctx, "0751")
	must(t, err)
	comm := samspil.WithActor(ctx, f.users[rolePlatform].ID)
	prov := samspil.WithActor(ctx, f.users[roleAdminA].ID)
	start := time.Date(now.Year(), now.Month()-5, 1, 0, 0, 0, 0, time.UTC)
	window := 365
	newContract := func(title string) *samspil.OutcomeContract {
		inv := f.orgB.ID
		return &samspil.OutcomeContract{
			Title: title, Summary: "Job og uddannelse for udsatte ledige.", TargetGroup: "udsatte_ledige",
			CommissionerID: m.OrganisationID, ProviderID: f.orgA.ID, InvestorID: &inv,
			ContractTerms: samspil.ContractTerms{
				PeriodStart: start, PeriodEnd: start.AddDate(2, 0, -1), CapOre: 100_000_00, CohortTarget: 20,
				StatementPeriod: samspil.PeriodMonth, DeadweightPct: 20,
				Outcomes: []samspil.Outcome{
					{Code: "JOB_START", Description: "Start i ordinært job", Evidence: "Ansættelseskontrakt", PriceOre: 15_000_00,
						PerParticipantLimit: 1, Requires: []string{}, WindowDays: &window, TargetCount: 10},
					{Code: "JOB13", Description: "13 ugers ordinært job", Evidence: "Lønsedler for 13 uger", PriceOre: 25_000_00,
						PerParticipantLimit: 1, Requires: []string{"JOB_START"}, TargetCount: 6},
				},
			},
		}
	}
	var k pbrContracts
	k.active = newContract(`=HYPERLINK("x") Job på Ærø, "første" forsøg`)
	must(t, f.store.CreateOutcomeContract(comm, k.active))
	c, err := f.store.ApproveOutcomeContract(comm, k.active.ID, samspil.SideCommissioner, k.active.Version)
	must(t, err)
	k.active, err = f.store.ApproveOutcomeContract(prov, c.ID, samspil.SideProvider, c.Version)
	must(t, err)
	if k.active.Status != samspil.ContractActive {
		t.Fatalf("contract %+v", k.active)
	}
	d := func(days int) time.Time { return start.AddDate(0, 0, days) }
	must(t, f.store.EnrolParticipants(prov, k.active.ID, []*samspil.Participant{
		{Pseudonym: "P-01", EnrolledOn: d(5), AgeBand: "25-29"},
		{Pseudonym: "P-02", EnrolledOn: d(19)},
		{Pseudonym: "P-03", EnrolledOn: d(33)},
	}))
	cs := []*samspil.Claim{
		{Pseudonym: "P-01", OutcomeCode: "JOB_START", AchievedOn: d(26), EvidenceRef: "Kontrakt 1"},
		{Pseudonym: "P-01", OutcomeCode: "JOB13", AchievedOn: d(117), EvidenceRef: "Lønsedler 1"},
		{Pseudonym: "P-02", OutcomeCode: "JOB_START", AchievedOn: d(47), EvidenceRef: "Kontrakt 2"},
		{Pseudonym: "P-03", OutcomeCode: "JOB13", AchievedOn: d(124), EvidenceRef: "Lønsedler 3"},
	}
	must(t, f.store.SubmitClaims(prov, k.active.ID, cs))
	found, _, err := f.store.FindClaims(ctx, samspil.ClaimFilter{ContractID: k.active.ID, Limit: 10})
	must(t, err)
	var ids []int64
	for _, c := range found {
		if c.Pseudonym != "P-03" {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) != 3 {
		t.Fatalf("claims %+v", found)
	}
	_, err = f.store.DecideClaims(comm, k.active.ID, ids, samspil.ClaimApproved, "")
	must(t, err)
	st, err := f.store.PrepareStatement(comm, k.active.ID)
	must(t, err)
	_, err = f.store.ApproveStatement(comm, st.ID, samspil.SideCommissioner)
	must(t, err)
	_, err = f.store.ApproveStatement(prov, st.ID, samspil.SideProvider)
	must(t, err)

	k.draft = newContract("Hemmeligt udkast om mentorforløb")
	must(t, f.store.CreateOutcomeContract(comm, k.draft))
	return k
}

// pbrOperations are the operations of pbr_spec.go.
var pbrOperations = []string{"listOutcomeContracts", "listOutcomeContractsCSV", "getOutcomeContract", "getOutcomeContractIndigo"}

// pbrSteps are the spec-test requests for the outcome contracts' open
// data: every documented status of every operation.
func pbrSteps(t *testing.T, f *fixture) []specStep {
	t.Helper()
	k := pbrSetup(t, f, time.Now().UTC())
	id, did := fmt.Sprint(k.active.ID), fmt.Sprint(k.draft.ID)
	return []specStep{
		{req{Method: "GET", Path: "/api/v1/outcome-contracts"}, 200},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts?status=active,finished&municipality=0751&target_group=udsatte_ledige&page=1&per_page=5"}, 200},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts?status=draft&municipality=x"}, 400},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts.csv"}, 200},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts.csv?target_group=ukendt"}, 400},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts/" + id}, 200},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts/" + did}, 404},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts/" + id + "/indigo"}, 200},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts/" + did + "/indigo"}, 404},
		{req{Method: "GET", Path: "/api/v1/outcome-contracts/x/indigo"}, 404},
	}
}

// TestOutcomeContracts walks the open data of outcome contracts on both
// databases with a fixed clock: the aggregate's numbers, the filters,
// drafts hidden everywhere, no participant in any answer, bad queries in
// both languages, and the CSV against its golden file.
func TestOutcomeContracts(t *testing.T) {
	bothWithClock(t, func(t *testing.T, db *sqlstore.DB, clock *tenderClock) {
		f := newFixture(t, db)
		k := pbrSetup(t, f, clock.Now())
		id := fmt.Sprint(k.active.ID)
		noParticipants := func(path string, body []byte) {
			t.Helper()
			for _, p := range []string{"P-01", "P-02", "P-03", "Hemmeligt udkast"} {
				if bytes.Contains(body, []byte(p)) {
					t.Errorf("%s names %q:\n%s", path, p, trim(body))
				}
			}
		}

		// The list: one published contract, filters, paging.
		for _, c := range []struct {
			query string
			total int
		}{
			{"", 1}, {"?status=active", 1}, {"?status=finished", 0}, {"?municipality=0751", 1}, {"?municipality=0101", 0},
			{"?target_group=udsatte_ledige", 1}, {"?target_group=handicap", 0}, {"?target_group=udsatte_ledige&page=2&per_page=1", 1},
		} {
			res := f.do(t, req{Method: "GET", Path: "/api/v1/outcome-contracts" + c.query})
			mustStatus(t, res, 200)
			noParticipants(c.query, res.Body)
			var page struct {
				Items []map[string]any `json:"items"`
				Total int              `json:"total"`
			}
			must(t, json.Unmarshal(res.Body, &page))
			if page.Total != c.total {
				t.Errorf("%s: total %d, want %d", c.query, page.Total, c.total)
			}
			if strings.Contains(c.query, "page=2") && len(page.Items) != 0 {
				t.Errorf("%s: %d items on page 2", c.query, len(page.Items))
			}
		}

		// One contract: the published numbers.
		res := f.do(t, req{Method: "GET", Path: "/api/v1/outcome-contracts/" + id})
		mustStatus(t, res, 200)
		noParticipants("get", res.Body)
		var a struct {
			Status           string `json:"status"`
			MunicipalityCode string `json:"municipality_code"`
			Provider         string `json:"provider"`
			ProviderCVR      string `json:"provider_cvr"`
			Investor         string `json:"investor"`
			PeriodStart      string `json:"period_start"`
			Enrolled         int    `json:"enrolled"`
			PaidOre          int64  `json:"paid_ore"`
			CapOre           int64  `json:"cap_ore"`
			OCID             *string
			Outcomes         []struct {
				Code      string `json:"code"`
				Achieved  int    `json:"achieved"`
				PaidCount int    `json:"paid_count"`
				PaidOre   int64  `json:"paid_ore"`
			} `json:"outcomes"`
		}
		must(t, json.Unmarshal(res.Body, &a))
		if a.Status != "active" || a.MunicipalityCode != "0751" || a.Provider != f.orgA.Name || a.ProviderCVR != f.orgA.CVR ||
			a.Investor != f.orgB.Name || a.Enrolled != 3 || a.PaidOre != 15_000_00 || a.CapOre != 100_000_00 || a.OCID != nil || len(a.Outcomes) != 2 {
			t.Fatalf("aggregate %+v\n%s", a, res.Body)
		}
		if o := a.Outcomes[0]; o.Code != "JOB_START" || o.Achieved != 2 || o.PaidCount != 1 || o.PaidOre != 15_000_00 {
			t.Errorf("JOB_START %+v", o)
		}
		if o := a.Outcomes[1]; o.Code != "JOB13" || o.Achieved != 1 || o.PaidCount != 0 || o.PaidOre != 0 {
			t.Errorf("JOB13 %+v", o)
		}

		// INDIGO: a JSON object without participants.
		res = f.do(t, req{Method: "GET", Path: "/api/v1/outcome-contracts/" + id + "/indigo"})
		mustStatus(t, res, 200)
		noParticipants("indigo", res.Body)
		res.JSON(t)

		// Drafts and nonsense ids are not found, in Danish and English.
		for _, p := range []string{"/api/v1/outcome-contracts/" + fmt.Sprint(k.draft.ID), "/api/v1/outcome-contracts/" + fmt.Sprint(k.draft.ID) + "/indigo",
			"/api/v1/outcome-contracts/0", "/api/v1/outcome-contracts/999999/indigo"} {
			res := f.do(t, req{Method: "GET", Path: p + "?lang=en"})
			mustStatus(t, res, 404)
			if pr := res.Problem(t); pr.Key != "api.outcome_contract.not_found" || !strings.Contains(pr.Detail, "no published outcome contract") {
				t.Errorf("%s: %+v", p, pr)
			}
		}

		// Every bad parameter is reported at once.
		res = f.do(t, req{Method: "GET", Path: "/api/v1/outcome-contracts?status=draft&municipality=1234&target_group=x&per_page=0"})
		mustStatus(t, res, 400)
		pr := res.Problem(t)
		if len(pr.Errors) != 4 || !strings.Contains(pr.Errors[0].Detail+pr.Errors[1].Detail, "Ukendt") {
			t.Errorf("problem %+v", pr)
		}

		// The CSV: one row per contract and outcome, formulas neutralised,
		// against the golden file (the contract id normalised).
		res = f.do(t, req{Method: "GET", Path: "/api/v1/outcome-contracts.csv"})
		mustStatus(t, res, 200)
		noParticipants("csv", res.Body)
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		got := strings.ReplaceAll(string(res.Body), "\r\n"+id+",", "\r\nID,")
		golden := filepath.Join("testdata", "outcome-contracts.golden.csv")
		if *updatePbrGolden {
			must(t, os.WriteFile(golden, []byte(got), 0o644))
		}
		want, err := os.ReadFile(golden)
		must(t, err)
		if got != string(want) {
			t.Errorf("CSV differs from %s:\n%s", golden, got)
		}
		res = f.do(t, req{Method: "GET", Path: "/api/v1/outcome-contracts.csv?status=finished"})
		mustStatus(t, res, 200)
		if lines := strings.Count(string(res.Body), "\r\n"); lines != 1 {
			t.Errorf("finished only: %d lines\n%s", lines, res.Body)
		}
	})
}

// TestPbrSpec runs pbrSteps through the fixture, which validates every
// answer against the OpenAPI document, and checks that every documented
// status of the outcome-contract operations was answered (except 500).
// TestSpecMatchesResponses runs the same steps on both databases; this
// one, on SQLite, names the failing part quickly.
func TestPbrSpec(t *testing.T) {
	f := newFixture(t, testdb.Open(t))
	for _, s := range pbrSteps(t, f) {
		res := f.do(t, s.r)
		if res.Status != s.want {
			t.Errorf("%s %s: status %d, want %d\n%s", s.r.Method, s.r.Path, res.Status, s.want, trim(res.Body))
		}
		if res.Status == 200 {
			again := f.do(t, req{Method: "GET", Path: s.r.Path, Header: map[string]string{"If-None-Match": res.Header.Get("ETag")}})
			if again.Status != 304 {
				t.Errorf("GET %s with its ETag: %d", s.r.Path, again.Status)
			}
		}
	}
	for _, op := range pbrOperations {
		for _, status := range []string{"200", "304", "404", "400"} {
			if documented(f, op, status) && !f.covered[op+" "+status] {
				t.Errorf("%s %s documented but never answered", op, status)
			}
		}
	}
}
