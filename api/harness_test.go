package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/password"
	"github.com/samspil/samspil/sqlstore"
)

// fixture is a running API on a real, freshly seeded store, with a few
// people and organisations, and the OpenAPI document it serves. Every
// response that passes through do is validated against that document.
type fixture struct {
	t      *testing.T
	store  *sqlstore.DB
	url    string
	doc    *openapi3.T
	router routers.Router

	tokens map[string]string // role name → token secret
	users  map[string]*samspil.User
	orgA   *samspil.Organisation // adminA's SØV; memberA is a plain member
	orgB   *samspil.Organisation // adminB's company

	mu      sync.Mutex
	covered map[string]bool // "operationId status"
}

// Roles of the fixture's people; "anonymous" sends no token.
const (
	roleAnonymous = "anonymous"
	rolePlatform  = "platform"
	roleAdminA    = "adminA"
	roleAdminB    = "adminB"
	roleMemberA   = "memberA"
	roleOutsider  = "outsider"
)

// validCVR returns a CVR number that passes the modulus-11 check, made from
// seed so tests get distinct numbers.
func validCVR(seed int) string {
	weights := []int{2, 7, 6, 5, 4, 3, 2}
	for n := 1000000 + seed*7919%8000000; ; n++ {
		digits := fmt.Sprintf("%07d", n)
		if digits[0] == '0' {
			continue
		}
		sum := 0
		for i := range 7 {
			sum += int(digits[i]-'0') * weights[i]
		}
		check := (11 - sum%11) % 11
		if check == 10 {
			continue
		}
		return digits + fmt.Sprint(check)
	}
}

func newFixture(t *testing.T, db *sqlstore.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, store: db, tokens: map[string]string{}, users: map[string]*samspil.User{}, covered: map[string]bool{}}

	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	f.url = srv.URL
	srv.Config.Handler = api.New(api.Config{Store: db, BaseURL: srv.URL})

	// The document as served, loaded and checked by kin-openapi.
	res, err := http.Get(srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	loader := openapi3.NewLoader()
	f.doc, err = loader.LoadFromData(raw)
	if err != nil {
		t.Fatalf("load OpenAPI document: %v", err)
	}
	if !f.doc.IsOpenAPI31OrLater() {
		t.Fatalf("the document is OpenAPI %s, want 3.1", f.doc.OpenAPI)
	}
	if err := f.doc.Validate(ctx); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	f.router, err = legacy.NewRouter(f.doc)
	if err != nil {
		t.Fatal(err)
	}

	for _, role := range []string{rolePlatform, roleAdminA, roleAdminB, roleMemberA, roleOutsider} {
		u := &samspil.User{Email: role + "@example.dk", Name: "Test " + role, PasswordHash: "not-a-real-hash", Locale: "da", IsAdmin: role == rolePlatform}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatalf("create user %s: %v", role, err)
		}
		secret, hash := password.NewSecret(api.TokenPrefix)
		if err := db.CreateAPIToken(ctx, &samspil.APIToken{UserID: u.ID, Name: "test", Hash: hash, Prefix: secret[:8]}); err != nil {
			t.Fatalf("create token %s: %v", role, err)
		}
		f.users[role], f.tokens[role] = u, secret
	}
	f.orgA = f.createOrg(&samspil.Organisation{Name: "Grøn Omstilling ApS", Kind: samspil.OrgSOV, CVR: validCVR(1), MunicipalityCode: "0101",
		Description: "Socialøkonomisk virksomhed med grøn pleje", TargetGroups: []string{"handicap", "udsatte_ledige"}, Employees: 10, DisadvantagedEmployees: 4},
		roleAdminA, roleMemberA)
	f.orgB = f.createOrg(&samspil.Organisation{Name: "Byg og Bo A/S", Kind: samspil.OrgVirksomhed, CVR: validCVR(2), MunicipalityCode: "0751",
		Description: "Byggefirma i Aarhus", TargetGroups: []string{"unge_uden_uddannelse"}}, roleAdminB)
	return f
}

// createOrg stores o with admin as its admin and members as plain members.
func (f *fixture) createOrg(o *samspil.Organisation, admin string, members ...string) *samspil.Organisation {
	f.t.Helper()
	ctx := context.Background()
	if err := f.store.CreateOrganisation(ctx, o); err != nil {
		f.t.Fatalf("create organisation %s: %v", o.Name, err)
	}
	add := func(role string, r samspil.Role) {
		m := &samspil.Membership{UserID: f.users[role].ID, OrganisationID: o.ID, Role: r, Status: samspil.MembershipActive}
		if err := f.store.CreateMembership(ctx, m); err != nil {
			f.t.Fatalf("membership %s: %v", role, err)
		}
	}
	add(admin, samspil.RoleAdmin)
	for _, m := range members {
		add(m, samspil.RoleMember)
	}
	return o
}

// response is what do returns.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return v
}

// Problem decodes a problem body.
func (r response) Problem(t *testing.T) api.Problem {
	t.Helper()
	var p api.Problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("body is not a problem: %v\n%s", err, r.Body)
	}
	return p
}

// req describes one request for do.
type req struct {
	Method string
	Path   string // with query
	Body   string // sent with Content-Type application/json unless Header says otherwise
	Role   string // whose token to send; "" or anonymous sends none
	Header map[string]string
}

// do sends r and validates the answer against the OpenAPI document: a
// documented operation must answer a documented status with documented
// headers and a body matching its schema; anything else must be a problem.
func (f *fixture) do(t *testing.T, r req) response {
	t.Helper()
	var body io.Reader
	if r.Body != "" {
		body = strings.NewReader(r.Body)
	}
	hr, err := http.NewRequest(r.Method, f.url+r.Path, body)
	if err != nil {
		t.Fatal(err)
	}
	if r.Body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	if tok, ok := f.tokens[r.Role]; ok {
		hr.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	out := response{Status: res.StatusCode, Header: res.Header, Body: b}
	f.validate(t, r, hr, out)
	return out
}

func (f *fixture) validate(t *testing.T, r req, hr *http.Request, res response) {
	t.Helper()
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s %s: no X-Content-Type-Options: nosniff", r.Method, r.Path)
	}
	if res.Status >= 400 {
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s %s: status %d with Content-Type %q, want application/problem+json", r.Method, r.Path, res.Status, ct)
		}
		if cl := res.Header.Get("Content-Language"); cl != "da" && cl != "en" {
			t.Errorf("%s %s: Content-Language %q", r.Method, r.Path, cl)
		}
	}
	// HEAD is GET without a body (RFC 9110), so it is checked against the
	// GET operation with the body left out.
	head := r.Method == http.MethodHead
	find := hr
	if head {
		find = hr.Clone(context.Background())
		find.Method = http.MethodGet
	}
	route, params, err := f.router.FindRoute(find)
	if err != nil {
		// Not a documented operation: the answer must still be a problem
		// matching the Problem schema.
		if res.Status < 400 {
			t.Errorf("%s %s: undocumented route answered %d", r.Method, r.Path, res.Status)
			return
		}
		var v any
		if err := json.Unmarshal(res.Body, &v); err != nil {
			t.Errorf("%s %s: problem body is not JSON: %v", r.Method, r.Path, err)
			return
		}
		if err := f.doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
			t.Errorf("%s %s: problem does not match the Problem schema: %v\n%s", r.Method, r.Path, err, res.Body)
		}
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	if head {
		opts.ExcludeResponseBody = true
	} else {
		f.mu.Lock()
		f.covered[fmt.Sprintf("%s %d", route.Operation.OperationID, res.Status)] = true
		f.mu.Unlock()
	}
	// The request is rebuilt, because its body has been sent.
	vr, _ := http.NewRequest(find.Method, hr.URL.String(), strings.NewReader(r.Body))
	vr.Header = hr.Header.Clone()
	in := &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route, Options: opts}
	if res.Status < 300 {
		// What the server accepted, the document must accept too.
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s %s: accepted request does not match the document: %v", r.Method, r.Path, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.Status, Header: res.Header, Options: opts}
	out.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: response %d does not match the document: %v\n%s", r.Method, r.Path, res.Status, err, trim(res.Body))
	}
}

func trim(b []byte) []byte {
	if len(b) > 2000 {
		return append(b[:2000:2000], []byte("…")...)
	}
	return b
}

// mustStatus fails unless res has status want.
func mustStatus(t *testing.T, res response, want int) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("status %d, want %d; body:\n%s", res.Status, want, trim(res.Body))
	}
}
