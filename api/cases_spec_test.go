package api_test

import (
	"fmt"
	"testing"
)

// issue4Steps are the spec-test requests for the knowledge platform's
// read endpoints (cases, guide, strategies): every documented status of
// every operation. The fixture's database must be seeded with the guide.
func issue4Steps(t *testing.T, f *fixture) []specStep {
	t.Helper()
	k := knowledgeFixture(t, f)
	return []specStep{
		{req{Method: "GET", Path: "/api/v1/cases"}, 200},
		{req{Method: "GET", Path: "/api/v1/cases?q=vaskeri&model=pilot&municipality=0751&page=1&per_page=5"}, 200},
		{req{Method: "GET", Path: "/api/v1/cases?page=99"}, 200},
		{req{Method: "GET", Path: "/api/v1/cases?model=cykel&municipality=12&page=0"}, 400},
		{req{Method: "GET", Path: fmt.Sprintf("/api/v1/cases/%d", k.cleaning.ID)}, 200},
		{req{Method: "GET", Path: fmt.Sprintf("/api/v1/cases/%d", k.pilot.ID)}, 200},
		{req{Method: "GET", Path: fmt.Sprintf("/api/v1/cases/%d", k.draft.ID)}, 404},
		{req{Method: "GET", Path: "/api/v1/cases/999999"}, 404},
		{req{Method: "GET", Path: "/api/v1/guides"}, 200},
		{req{Method: "GET", Path: "/api/v1/guides/reserveret-kontrakt"}, 200},
		{req{Method: "GET", Path: "/api/v1/guides/findes-ikke"}, 404},
		{req{Method: "GET", Path: "/api/v1/strategies"}, 200},
	}
}
