package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// tenderClock is a settable clock for the store, so a tender's deadline
// can pass without waiting.
type tenderClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *tenderClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *tenderClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// bothWithClock is testdb.Both on databases whose clock the test moves.
func bothWithClock(t *testing.T, fn func(t *testing.T, db *sqlstore.DB, clock *tenderClock)) {
	t.Helper()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	t.Run("sqlite", func(t *testing.T) {
		c := &tenderClock{now: start}
		fn(t, testdb.OpenWith(t, testdb.Options(c.Now)), c)
	})
	t.Run("postgres", func(t *testing.T) {
		c := &tenderClock{now: start}
		fn(t, testdb.OpenPostgresWith(t, testdb.Options(c.Now)), c)
	})
}

// tenders is what tenderFixture stores: a tender through its whole life
// (published, amended, a question answered, awarded to orgA), a cancelled
// one, an open one and a draft.
type tenders struct {
	awarded, cancelled, open, draft *samspil.Tender
	buyer                           *samspil.Organisation
}

// newTender is a valid tender of Aarhus Kommune, its questions deadline
// 10 days and its tender deadline 20 days after now.
func newTender(buyer int64, title string, now time.Time) *samspil.Tender {
	day := func(n int) time.Time {
		d := now.AddDate(0, 0, n)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	}
	return &samspil.Tender{
		BuyerID: buyer, Title: title, Description: "Pleje af parker og kirkegårde i Midtbyen.",
		Procedure: samspil.ProcReserved, Reservation: samspil.ReserveShelteredWorkshop,
		MainCPV: "77310000-6", CPVCodes: []string{"77313000-7"}, ValueOre: 2_400_000_50,
		Lots:        []samspil.TenderLot{{Number: 1, Title: "Parker", ValueOre: 1_400_000_00, Reservation: samspil.ReserveShelteredWorkshop}, {Number: 2, Title: "Kirkegårde"}},
		PlaceCode:   "0751",
		SocialGoals: []string{"social.disadvantagedEmploymentOpportunities"}, SocialCriteria: "Mindst 30 % ansatte med handicap.",
		QuestionsDeadline: now.Add(10 * 24 * time.Hour), TenderDeadline: now.Add(20 * 24 * time.Hour),
		ExpectedAward: day(25), ContractStart: day(40), ContractEnd: day(40).AddDate(2, 0, 0),
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func tenderFixture(t *testing.T, f *fixture, clock *tenderClock) *tenders {
	t.Helper()
	ctx := context.Background()
	m, err := f.store.FindMunicipalityByCode(ctx, "0751")
	must(t, err)
	buyer, err := f.store.FindOrganisationByID(ctx, m.OrganisationID)
	must(t, err)
	as := samspil.WithActor(ctx, f.users[rolePlatform].ID)
	k := &tenders{buyer: buyer}
	now := clock.Now()

	k.awarded = newTender(buyer.ID, "Grøn pleje af parker", now)
	must(t, f.store.CreateTender(as, k.awarded))
	_, err = f.store.PublishTender(as, k.awarded.ID)
	must(t, err)
	clock.Add(time.Hour)
	cur, err := f.store.FindTenderByID(ctx, k.awarded.ID)
	must(t, err)
	cur.TenderDeadline = cur.TenderDeadline.Add(24 * time.Hour)
	must(t, f.store.AmendTender(as, cur, "Fristen er forlænget en dag."))
	clock.Add(time.Hour)
	q := &samspil.Clarification{TenderID: k.awarded.ID, OrganisationID: f.orgA.ID, Question: "Må vi byde på begge delaftaler?"}
	must(t, f.store.AskClarification(samspil.WithActor(ctx, f.users[roleAdminA].ID), q))
	_, err = f.store.AnswerClarification(as, q.ID, "Ja.")
	must(t, err)

	k.cancelled = newTender(buyer.ID, "Kantinedrift", now)
	k.cancelled.Procedure, k.cancelled.Reservation, k.cancelled.Lots[0].Reservation = samspil.ProcSocialClause, samspil.ReserveNone, samspil.ReserveNone
	k.cancelled.MainCPV, k.cancelled.CPVCodes = "55510000-8", nil
	must(t, f.store.CreateTender(as, k.cancelled))
	_, err = f.store.PublishTender(as, k.cancelled.ID)
	must(t, err)
	_, err = f.store.CancelTender(as, k.cancelled.ID, "Behovet er bortfaldet.")
	must(t, err)

	k.draft = newTender(buyer.ID, "Hemmeligt udkast om vinduespudsning", now)
	must(t, f.store.CreateTender(as, k.draft))

	clock.Add(22 * 24 * time.Hour)
	k.open = newTender(buyer.ID, "Rengøring af skoler", clock.Now())
	k.open.Procedure, k.open.Reservation, k.open.Lots = samspil.ProcBelowThreshold, samspil.ReserveNone, nil
	k.open.MainCPV, k.open.CPVCodes, k.open.PlaceCode = "90911200-8", nil, "0101"
	must(t, f.store.CreateTender(as, k.open))
	_, err = f.store.PublishTender(as, k.open.ID)
	must(t, err)

	a := &samspil.TenderAward{SupplierIDs: []int64{f.orgA.ID}, ValueOre: 2_350_000_00, ContractStart: k.awarded.ContractStart,
		ContractEnd: k.awarded.ContractEnd, Section20Note: "4 af 10 ansatte har handicap."}
	k.awarded, _, err = f.store.AwardTender(as, k.awarded.ID, a)
	must(t, err)
	return k
}

// ocdsSchemas compiles the official OCDS 1.1.5 package schemas from the
// copies in ocds/testdata; nothing is fetched.
func ocdsSchemas(t *testing.T) (releasePkg, recordPkg *jsonschema.Schema) {
	t.Helper()
	const base = "https://standard.open-contracting.org/schema/1__1__5/"
	c := jsonschema.NewCompiler()
	c.UseLoader(jsonschema.SchemeURLLoader{}) // no scheme is loaded: every schema must be added below
	c.AssertFormat()
	for _, name := range []string{"release-schema.json", "release-package-schema.json", "record-package-schema.json", "versioned-release-validation-schema.json"} {
		raw, err := os.ReadFile(filepath.Join("..", "ocds", "testdata", "schema", "1.1.5", name))
		must(t, err)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		must(t, err)
		must(t, c.AddResource(base+name, doc))
	}
	var err error
	releasePkg, err = c.Compile(base + "release-package-schema.json")
	must(t, err)
	recordPkg, err = c.Compile(base + "record-package-schema.json")
	must(t, err)
	return releasePkg, recordPkg
}

func mustValidOCDS(t *testing.T, s *jsonschema.Schema, body []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	must(t, err)
	if err := s.Validate(doc); err != nil {
		t.Errorf("not valid OCDS 1.1.5: %v", err)
	}
}

type ocdsPackage struct {
	URI        string   `json:"uri"`
	Extensions []string `json:"extensions"`
	Releases   []struct {
		OCID   string   `json:"ocid"`
		ID     string   `json:"id"`
		Tag    []string `json:"tag"`
		Tender struct {
			Status     string `json:"status"`
			Amendments []struct {
				Rationale string `json:"rationale"`
			} `json:"amendments"`
			Enquiries []struct {
				Answer string `json:"answer"`
			} `json:"enquiries"`
		} `json:"tender"`
		Parties []struct {
			ID      string `json:"id"`
			Roles   []string
			Details *struct {
				Classifications []struct{ ID string }
			}
		} `json:"parties"`
		Awards []struct {
			Suppliers []struct{ ID string }
		} `json:"awards"`
	} `json:"releases"`
	Records []struct {
		OCID            string            `json:"ocid"`
		Releases        []json.RawMessage `json:"releases"`
		CompiledRelease struct {
			Tag    []string `json:"tag"`
			Tender struct {
				Status string `json:"status"`
			} `json:"tender"`
		} `json:"compiledRelease"`
	} `json:"records"`
	Links *struct {
		Next string `json:"next"`
		Prev string `json:"prev"`
	} `json:"links"`
}

func TestTendersAPI(t *testing.T) {
	releasePkg, recordPkg := ocdsSchemas(t)
	bothWithClock(t, func(t *testing.T, db *sqlstore.DB, clock *tenderClock) {
		f := newFixture(t, db)
		k := tenderFixture(t, f, clock)

		// The list: never drafts; filters combine.
		res := f.do(t, req{Method: "GET", Path: "/api/v1/tenders"})
		mustStatus(t, res, 200)
		list := decodeJSON[api.PageJSON[api.TenderSummaryJSON]](t, res)
		if list.Total != 3 || len(list.Items) != 3 || strings.Contains(string(res.Body), "Hemmeligt") {
			t.Fatalf("list = %s", res.Body)
		}
		for q, want := range map[string]int64{
			"status=awarded": k.awarded.ID, "status=cancelled": k.cancelled.ID, "procedure=under_taerskel": k.open.ID,
			"municipality=0101": k.open.ID, "cpv=9091": k.open.ID, "cpv=77310000-6&status=awarded,published": k.awarded.ID,
			"q=kantinedrift": k.cancelled.ID,
		} {
			res := f.do(t, req{Method: "GET", Path: "/api/v1/tenders?" + q})
			mustStatus(t, res, 200)
			p := decodeJSON[api.PageJSON[api.TenderSummaryJSON]](t, res)
			if p.Total != 1 || len(p.Items) != 1 || p.Items[0].ID != want {
				t.Errorf("%s: %s", q, res.Body)
			}
		}
		bad := f.do(t, req{Method: "GET", Path: "/api/v1/tenders?status=draft&procedure=x&cpv=9x&municipality=12&sort=cheap&page=0"})
		mustStatus(t, bad, 400)
		if p := bad.Problem(t); len(p.Errors) != 6 {
			t.Errorf("problems = %+v", p.Errors)
		}

		// One tender; a draft does not exist.
		res = f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/tenders/%d", k.awarded.ID)})
		mustStatus(t, res, 200)
		one := decodeJSON[api.TenderJSON](t, res)
		if one.Status != samspil.TenderAwarded || one.Award == nil || one.Award.Suppliers[0].ID != f.orgA.ID ||
			one.Award.Suppliers[0].Name != f.orgA.Name || one.Reservation != samspil.ReserveShelteredWorkshop || len(one.Lots) != 2 ||
			one.MunicipalityName != "Aarhus" || !strings.HasSuffix(one.OCDSRecordURL, fmt.Sprintf("/api/v1/tenders/%d/ocds", k.awarded.ID)) {
			t.Errorf("tender = %+v", one)
		}
		for _, path := range []string{"", "/ocds", "/releases"} {
			res := f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/tenders/%d%s", k.draft.ID, path)})
			mustStatus(t, res, 404)
		}
		mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/tenders/999999/ocds"}), 404)

		// The release package: publication, amendment, award, valid OCDS.
		path := fmt.Sprintf("/api/v1/tenders/%d/releases", k.awarded.ID)
		res = f.do(t, req{Method: "GET", Path: path})
		mustStatus(t, res, 200)
		mustValidOCDS(t, releasePkg, res.Body)
		rp := decodeJSON[ocdsPackage](t, res)
		if rp.URI != f.url+path || len(rp.Releases) != 3 || strings.Join(rp.Releases[0].Tag, ",") != "planning,tender" ||
			rp.Releases[1].Tender.Amendments[0].Rationale != "Fristen er forlænget en dag." ||
			strings.Join(rp.Releases[2].Tag, ",") != "award,contract" || rp.Releases[2].Tender.Status != "complete" ||
			len(rp.Releases[2].Tender.Enquiries) != 1 || rp.Releases[2].Tender.Enquiries[0].Answer != "Ja." ||
			rp.Releases[2].Awards[0].Suppliers[0].ID != "DK-CVR-"+f.orgA.CVR {
			t.Fatalf("release package = %s", trim(res.Body))
		}
		if rp.Extensions[len(rp.Extensions)-1] != f.url+"/api/v1/ocds/extension/extension.json" {
			t.Errorf("extensions = %v", rp.Extensions)
		}
		var sov bool
		for _, p := range rp.Releases[2].Parties {
			if p.ID == "DK-CVR-"+f.orgA.CVR && p.Details != nil {
				for _, c := range p.Details.Classifications {
					sov = sov || c.ID == "socialEconomyEnterprise"
				}
			}
		}
		if !sov {
			t.Error("the supplier is not classified as SØV")
		}
		if strings.Contains(string(res.Body), f.orgA.Name) && strings.Contains(string(res.Body), "enquirer") {
			t.Error("the asking organisation is named")
		}

		// The record package.
		path = fmt.Sprintf("/api/v1/tenders/%d/ocds", k.awarded.ID)
		res = f.do(t, req{Method: "GET", Path: path})
		mustStatus(t, res, 200)
		mustValidOCDS(t, recordPkg, res.Body)
		rec := decodeJSON[ocdsPackage](t, res)
		if rec.URI != f.url+path || len(rec.Records) != 1 || len(rec.Records[0].Releases) != 3 ||
			rec.Records[0].CompiledRelease.Tag[0] != "compiled" || rec.Records[0].CompiledRelease.Tender.Status != "complete" {
			t.Fatalf("record package = %s", trim(res.Body))
		}

		// The bulk download over the whole period: every release, paged.
		from, to := "2026-03-01", clock.Now().Format("2006-01-02")
		res = f.do(t, req{Method: "GET", Path: "/api/v1/ocds/releases?from=" + from + "&to=" + to})
		mustStatus(t, res, 200)
		mustValidOCDS(t, releasePkg, res.Body)
		bulk := decodeJSON[ocdsPackage](t, res)
		if len(bulk.Releases) != 6 || bulk.Links != nil || bulk.URI != f.url+"/api/v1/ocds/releases?from="+from+"&to="+to {
			t.Fatalf("bulk = %s", trim(res.Body))
		}
		restore := api.SetReleasesPerPage(4)
		t.Cleanup(restore)
		res = f.do(t, req{Method: "GET", Path: "/api/v1/ocds/releases?to=" + to + "&from=" + from})
		first := decodeJSON[ocdsPackage](t, res)
		if len(first.Releases) != 4 || first.Links == nil || first.Links.Next == "" {
			t.Fatalf("first page = %s", trim(res.Body))
		}
		next, _ := url.Parse(first.Links.Next)
		res = f.do(t, req{Method: "GET", Path: next.RequestURI()})
		mustStatus(t, res, 200)
		mustValidOCDS(t, releasePkg, res.Body)
		second := decodeJSON[ocdsPackage](t, res)
		if len(second.Releases) != 2 || second.URI != first.Links.Next || second.Links == nil || second.Links.Next != "" || second.Links.Prev != first.URI {
			t.Fatalf("second page = %s", trim(res.Body))
		}
		restore()
		// Danish dates: the day before the first publication has nothing.
		res = f.do(t, req{Method: "GET", Path: "/api/v1/ocds/releases?from=2026-02-01&to=2026-03-01"})
		mustStatus(t, res, 200)
		if p := decodeJSON[ocdsPackage](t, res); len(p.Releases) != 0 {
			t.Errorf("releases before the first: %d", len(p.Releases))
		}

		// Bad ranges are 400 problems in Danish, or English on request.
		for q, key := range map[string]string{
			"from=2026-03-01":                      "api.ocds.date_required",
			"from=2026-13-01&to=2026-12-01":        "api.ocds.date_invalid",
			"from=1.3.2026&to=2026-12-01":          "api.ocds.date_invalid",
			"from=2026-05-01&to=2026-04-30":        "api.ocds.range_reversed",
			"from=2026-01-01&to=2027-01-01":        "api.ocds.range_too_long",
			"from=2026-01-01&to=2026-02-01&page=0": "api.query.page",
		} {
			res := f.do(t, req{Method: "GET", Path: "/api/v1/ocds/releases?" + q})
			mustStatus(t, res, 400)
			p := res.Problem(t)
			if len(p.Errors) == 0 || p.Errors[0].Key != key || res.Header.Get("Content-Language") != "da" {
				t.Errorf("%s: %+v", q, p)
			}
			en := f.do(t, req{Method: "GET", Path: "/api/v1/ocds/releases?lang=en&" + q})
			if en.Header.Get("Content-Language") != "en" || en.Problem(t).Errors[0].Detail == p.Errors[0].Detail {
				t.Errorf("%s: no English problem", q)
			}
		}
		mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/ocds/releases?from=2026-01-01&to=2026-12-31"}), 200)

		// The own extension and the publication policy are served.
		res = f.do(t, req{Method: "GET", Path: "/api/v1/ocds/extension/extension.json"})
		mustStatus(t, res, 200)
		if !strings.Contains(string(res.Body), f.url+"/api/v1/ocds/extension/README.md") {
			t.Errorf("extension.json = %s", res.Body)
		}
		mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/ocds/extension/release-schema.json"}), 200)
		mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/ocds/extension/README.md"}), 200)
		mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/ocds/extension/codelists/danishProcedure.csv"}), 200)
		mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/ocds/extension/ocds.go"}), 404)
		mustStatus(t, f.do(t, req{Method: "GET", Path: "/api/v1/ocds/publication-policy"}), 200)
	})
}
