package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// tenderOperations are the operations of tenders_spec.go.
var tenderOperations = []string{"listTenders", "getTender", "getTenderRecord", "getTenderReleases", "listOCDSReleases",
	"getOCDSPublicationPolicy", "getOCDSExtensionFile", "getOCDSExtensionCodelist"}

// issue5Steps are the spec-test requests for the tenders and their OCDS
// open data: every documented status of every operation. They need no
// clock of their own: one published tender and one draft.
func issue5Steps(t *testing.T, f *fixture) []specStep {
	t.Helper()
	ctx := context.Background()
	m, err := f.store.FindMunicipalityByCode(ctx, "0751")
	must(t, err)
	as := samspil.WithActor(ctx, f.users[rolePlatform].ID)
	now := time.Now()
	published := newTender(m.OrganisationID, "Grøn pleje af parker", now)
	must(t, f.store.CreateTender(as, published))
	_, err = f.store.PublishTender(as, published.ID)
	must(t, err)
	draft := newTender(m.OrganisationID, "Udkast", now)
	must(t, f.store.CreateTender(as, draft))
	id, did := fmt.Sprint(published.ID), fmt.Sprint(draft.ID)
	today := now.Format("2006-01-02")
	return []specStep{
		{req{Method: "GET", Path: "/api/v1/tenders"}, 200},
		{req{Method: "GET", Path: "/api/v1/tenders?status=published,awarded&municipality=0751&procedure=reserveret&cpv=7731&q=pleje&sort=value&page=1&per_page=5"}, 200},
		{req{Method: "GET", Path: "/api/v1/tenders?page=99"}, 200},
		{req{Method: "GET", Path: "/api/v1/tenders?status=draft&procedure=x&cpv=9x"}, 400},
		{req{Method: "GET", Path: "/api/v1/tenders/" + id}, 200},
		{req{Method: "GET", Path: "/api/v1/tenders/" + did}, 404},
		{req{Method: "GET", Path: "/api/v1/tenders/abc"}, 404},
		{req{Method: "GET", Path: "/api/v1/tenders/" + id + "/ocds"}, 200},
		{req{Method: "GET", Path: "/api/v1/tenders/" + did + "/ocds"}, 404},
		{req{Method: "GET", Path: "/api/v1/tenders/" + id + "/releases"}, 200},
		{req{Method: "GET", Path: "/api/v1/tenders/999999/releases"}, 404},
		{req{Method: "GET", Path: "/api/v1/ocds/releases?from=" + today + "&to=" + today}, 200},
		{req{Method: "GET", Path: "/api/v1/ocds/releases?from=2020-01-01&to=2020-01-31&page=2"}, 200},
		{req{Method: "GET", Path: "/api/v1/ocds/releases?from=" + today}, 400},
		{req{Method: "GET", Path: "/api/v1/ocds/releases?from=2026-01-01&to=2027-06-01"}, 400},
		{req{Method: "GET", Path: "/api/v1/ocds/publication-policy"}, 200},
		{req{Method: "GET", Path: "/api/v1/ocds/extension/extension.json"}, 200},
		{req{Method: "GET", Path: "/api/v1/ocds/extension/README.md"}, 200},
		{req{Method: "GET", Path: "/api/v1/ocds/extension/nope.json"}, 404},
		{req{Method: "GET", Path: "/api/v1/ocds/extension/codelists/danishProcedure.csv"}, 200},
		{req{Method: "GET", Path: "/api/v1/ocds/extension/codelists/nope.csv"}, 404},
	}
}

// TestTenderSpec runs issue5Steps through the fixture, which validates
// every answer against the OpenAPI document, and checks that every
// documented status of the tender operations was answered (except 500).
func TestTenderSpec(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		for _, s := range issue5Steps(t, f) {
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
		var missing []string
		for path, item := range f.doc.Paths.Map() {
			for method, op := range item.Operations() {
				if !slices.Contains(tenderOperations, op.OperationID) {
					continue
				}
				for status := range op.Responses.Map() {
					if status != "500" && !f.covered[op.OperationID+" "+status] {
						missing = append(missing, fmt.Sprintf("%s %s (%s) %s", method, path, op.OperationID, status))
					}
				}
			}
		}
		if len(missing) > 0 {
			t.Errorf("documented but never answered:\n%s", strings.Join(missing, "\n"))
		}
		found := 0
		for _, item := range f.doc.Paths.Map() {
			for _, op := range item.Operations() {
				if slices.Contains(tenderOperations, op.OperationID) {
					found++
				}
			}
		}
		if found != len(tenderOperations) {
			t.Errorf("%d of %d tender operations are in the document", found, len(tenderOperations))
		}
	})
}
