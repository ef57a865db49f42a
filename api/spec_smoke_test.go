package api_test

import (
	"testing"

	"github.com/samspil/samspil/sqlstore/testdb"
)

func TestSmoke(t *testing.T) {
	f := newFixture(t, testdb.Open(t))
	for _, p := range []string{"/api/v1/municipalities", "/api/v1/regions", "/api/v1/organisations", "/api/v1/cpv?q=reng", "/api/v1/target-groups", "/api/v1/nope"} {
		res := f.do(t, req{Method: "GET", Path: p})
		t.Logf("%s %d %s", p, res.Status, trim(res.Body)[:min(300, len(res.Body))])
	}
}
