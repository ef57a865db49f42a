package web

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/password"
)

// Roles of the rights tests, from least to most powerful.
const (
	roleAnon       = "anonymous"
	roleUser       = "user"        // signed in, no membership
	roleMember     = "member"      // active member of the organisation
	roleAdmin      = "admin"       // active admin of the organisation
	roleOtherAdmin = "other_admin" // admin of ANOTHER organisation
	rolePlatform   = "platform"    // platform admin
)

var allRoles = []string{roleAnon, roleUser, roleMember, roleAdmin, roleOtherAdmin, rolePlatform}

const testPassword = "korrekt-hest-batteri-klips"

// cheapHash is one argon2id hash shared by the users the tests never sign
// in as, so fixtures stay fast.
var cheapHash = sync.OnceValue(func() string {
	h, err := password.Hash("ikke-brugt-i-test")
	if err != nil {
		panic(err)
	}
	return h
})

// testPasswordHash is the argon2id hash of testPassword, computed once:
// hashing is slow on purpose, and the rights tests sign in many users.
var testPasswordHash = sync.OnceValue(func() string {
	h, err := password.Hash(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// orgEnv is a server with one signed-in client per role.
type orgEnv struct {
	*testEnv
	clients map[string]*http.Client
	users   map[string]*samspil.User
	seq     int
	// counting is set once the change counter behind fingerprint exists.
	counting bool
}

func newOrgEnv(t *testing.T) *orgEnv {
	t.Helper()
	e := &orgEnv{testEnv: newEnv(t), clients: map[string]*http.Client{}, users: map[string]*samspil.User{}}
	for _, role := range allRoles {
		c := e.client()
		e.clients[role] = c
		if role == roleAnon {
			continue
		}
		email := strings.ReplaceAll(role, "_", "-") + "@rights.test"
		now := time.Now().UTC()
		u := &samspil.User{Email: email, Name: "Test " + role, PasswordHash: testPasswordHash(), EmailConfirmedAt: &now,
			IsAdmin: role == rolePlatform, Locale: "da"}
		if err := e.store.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		e.users[role] = u
		e.login(c, email, testPassword)
	}
	return e
}

// next returns a fresh number for unique CVRs, e-mails and codes.
func (e *orgEnv) next() int { e.seq++; return e.seq }

// plainUser creates a confirmed user nobody signs in as.
func (e *orgEnv) plainUser(prefix string) *samspil.User {
	e.t.Helper()
	now := time.Now().UTC()
	u := &samspil.User{Email: fmt.Sprintf("%s-%d@rights.test", prefix, e.next()), Name: "Person " + prefix,
		PasswordHash: cheapHash(), EmailConfirmedAt: &now, Locale: "da"}
	if err := e.store.CreateUser(context.Background(), u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *orgEnv) member(u *samspil.User, o *samspil.Organisation, role samspil.Role, status samspil.MembershipStatus) *samspil.Membership {
	e.t.Helper()
	m := &samspil.Membership{UserID: u.ID, OrganisationID: o.ID, Role: role, Status: status}
	if err := e.store.CreateMembership(context.Background(), m); err != nil {
		e.t.Fatal(err)
	}
	return m
}

// scene is the data one request acts on, fresh for every request of the
// rights test so that an allowed write never disturbs the next case.
type scene struct {
	A, B, C *samspil.Organisation // A: the organisation; B: another one; C: one without admin
	K       *samspil.Organisation // a municipality's organisation, with the same roles as A
	Pending *samspil.Membership   // a pending request to join A
	Other   *samspil.Membership   // an active plain member of A (role change, removal)
	Queued  *samspil.Membership   // a pending request to join C (platform queue)
	TokenID int64                 // an API token of the plain user
	Seq     int
	CSV     string // a valid import file
}

// municipalities used by scenes, one per scene so units do not collide.
var sceneMunicipalities = []string{"0101", "0147", "0151", "0153", "0155", "0157", "0159", "0161", "0163", "0165",
	"0167", "0169", "0173", "0175", "0183", "0185", "0187", "0190", "0201", "0210", "0217", "0219", "0223", "0230",
	"0240", "0250", "0253", "0259", "0260", "0265", "0269", "0270", "0306", "0316", "0320", "0326", "0329", "0330",
	"0336", "0340", "0350", "0360", "0370", "0376", "0390", "0400", "0410", "0420", "0430", "0440", "0450", "0461",
	"0479", "0480", "0482", "0492", "0510", "0530", "0540", "0550", "0561", "0563", "0573", "0575", "0580", "0607",
	"0615", "0621", "0630", "0657", "0661", "0665", "0671", "0706", "0707", "0710", "0727", "0730", "0740", "0741",
	"0746", "0751", "0756", "0760", "0766", "0773", "0779", "0787", "0791", "0810", "0813", "0820", "0825", "0840",
	"0846", "0849", "0851", "0860"}

func (e *orgEnv) newScene() *scene {
	e.t.Helper()
	ctx := context.Background()
	n := e.next()
	s := &scene{Seq: n}
	s.A = e.org(&samspil.Organisation{CVR: validCVR(1000 + n*3), Name: fmt.Sprintf("Scene A %d", n), Kind: samspil.OrgSOV, MunicipalityCode: "0101"})
	s.B = e.org(&samspil.Organisation{CVR: validCVR(1001 + n*3), Name: fmt.Sprintf("Scene B %d", n), Kind: samspil.OrgSOV, MunicipalityCode: "0751"})
	s.C = e.org(&samspil.Organisation{CVR: validCVR(1002 + n*3), Name: fmt.Sprintf("Scene C %d", n), Kind: samspil.OrgSOV, MunicipalityCode: "0461"})
	k, err := e.store.FindMunicipalityOrganisation(ctx, sceneMunicipalities[n%len(sceneMunicipalities)])
	if err != nil {
		e.t.Fatal(err)
	}
	s.K = k
	e.member(e.users[roleMember], s.A, samspil.RoleMember, samspil.MembershipActive)
	e.member(e.users[roleAdmin], s.A, samspil.RoleAdmin, samspil.MembershipActive)
	// Municipalities repeat after 98 scenes; keep existing memberships.
	for role, r := range map[string]samspil.Role{roleMember: samspil.RoleMember, roleAdmin: samspil.RoleAdmin} {
		m := &samspil.Membership{UserID: e.users[role].ID, OrganisationID: s.K.ID, Role: r, Status: samspil.MembershipActive}
		if err := e.store.CreateMembership(ctx, m); err != nil && samspil.ErrorCode(err) != samspil.ECONFLICT {
			e.t.Fatal(err)
		}
	}
	e.member(e.users[roleOtherAdmin], s.B, samspil.RoleAdmin, samspil.MembershipActive)
	s.Pending = e.member(e.plainUser("pending"), s.A, samspil.RoleMember, samspil.MembershipPending)
	s.Other = e.member(e.plainUser("other"), s.A, samspil.RoleMember, samspil.MembershipActive)
	s.Queued = e.member(e.plainUser("queued"), s.C, samspil.RoleMember, samspil.MembershipPending)

	tok := &samspil.APIToken{UserID: e.users[roleUser].ID, Name: fmt.Sprintf("token %d", n), Hash: fmt.Sprintf("%064x", n), Prefix: "sps_test"}
	if err := e.store.CreateAPIToken(ctx, tok); err != nil {
		e.t.Fatal(err)
	}
	s.TokenID = tok.ID
	s.CSV = "cvr,name,kind,municipality_code,description,website,cpv_codes,target_groups\n" +
		fmt.Sprintf("%s,Import %d,sov,0101,Vaskeri,,98310000-9,udsatte_ledige\n", validCVR(500000+n), n)
	return s
}

// fingerprint names the state of every table but the sessions: two equal
// fingerprints mean that nothing was written in between. It reads a counter
// that triggers on every table move on each insert, delete and real change
// of a row (installChangeCounter), so it costs the same however much the
// rights tests have written before; dumping every table on each request
// grew with every scene and cost minutes.
func (e *orgEnv) fingerprint() string {
	e.t.Helper()
	if !e.counting {
		installChangeCounter(e.t, e.store.SQL())
		e.counting = true
	}
	var n int64
	if err := e.store.SQL().QueryRow(`SELECT n FROM test_changes`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return fmt.Sprint(n)
}

// installChangeCounter adds the test_changes counter and, on every table
// but the sessions, the migrations' own and full-text shadow tables,
// triggers that count inserts, deletes and updates that change a value.
func installChangeCounter(t *testing.T, db *sql.DB) {
	t.Helper()
	stmts := []string{`CREATE TABLE test_changes (n INTEGER NOT NULL)`, `INSERT INTO test_changes (n) VALUES (0)`}
	rows, err := db.Query(`SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT IN ('sessions', 'goose_db_version', 'test_changes') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables, virtual []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL") {
			virtual = append(virtual, name)
			continue
		}
		tables = append(tables, name)
	}
	rows.Close()
	bump := `BEGIN UPDATE test_changes SET n = n + 1; END`
next:
	for _, tbl := range tables {
		for _, v := range virtual {
			if strings.HasPrefix(tbl, v+"_") {
				continue next // a full-text index's shadow table moves with its base table
			}
		}
		cols, err := db.Query(`SELECT name FROM pragma_table_info(?)`, tbl)
		if err != nil {
			t.Fatal(err)
		}
		var changed []string
		for cols.Next() {
			var c string
			if err := cols.Scan(&c); err != nil {
				t.Fatal(err)
			}
			changed = append(changed, fmt.Sprintf(`OLD."%s" IS NOT NEW."%s"`, c, c))
		}
		cols.Close()
		q := `"` + tbl + `"`
		stmts = append(stmts,
			fmt.Sprintf(`CREATE TRIGGER "count_ins_%s" AFTER INSERT ON %s %s`, tbl, q, bump),
			fmt.Sprintf(`CREATE TRIGGER "count_del_%s" AFTER DELETE ON %s %s`, tbl, q, bump),
			fmt.Sprintf(`CREATE TRIGGER "count_upd_%s" AFTER UPDATE ON %s WHEN %s %s`, tbl, q, strings.Join(changed, " OR "), bump))
	}
	for _, st := range stmts {
		if _, err := db.Exec(st); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
}

func multipartBody(t *testing.T, fields url.Values, fileField, fileName string, file []byte) (*bytes.Buffer, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fileField != "" {
		fw, err := mw.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// send posts a raw body with a content type.
func (e *orgEnv) send(c *http.Client, method, path, ctype string, body []byte) resp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, body: string(b), header: res.Header}
}

// upload posts a CSV file to path as the import form does.
func (e *orgEnv) upload(c *http.Client, path string, csv []byte) resp {
	e.t.Helper()
	body, ctype := multipartBody(e.t, nil, "file", "organisationer.csv", csv)
	return e.send(c, "POST", path, ctype, body.Bytes())
}

// mails returns how many messages the SMTP server has received.
func (e *orgEnv) mails() int { return len(e.smtp.Messages()) }

// short cuts a response body for failure messages.
func short(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 1500 {
		body = body[:1500] + "…"
	}
	return body
}

// mustContain fails when body lacks any of want.
func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
}

// TestFingerprintSeesWrites keeps the rights tests honest: the counter
// behind fingerprint moves on an insert and a real change, and not on an
// update that changes nothing.
func TestFingerprintSeesWrites(t *testing.T) {
	e := newOrgEnv(t)
	s := e.newScene()
	db := e.store.SQL()
	before := e.fingerprint()
	if _, err := db.Exec(`UPDATE organisations SET name = name WHERE id = ?`, s.A.ID); err != nil {
		t.Fatal(err)
	}
	if e.fingerprint() != before {
		t.Fatal("an update that changed nothing moved the fingerprint")
	}
	if _, err := db.Exec(`UPDATE organisations SET description = 'ændret' WHERE id = ?`, s.A.ID); err != nil {
		t.Fatal(err)
	}
	changed := e.fingerprint()
	if changed == before {
		t.Fatal("a changed row did not move the fingerprint")
	}
	if _, err := db.Exec(`DELETE FROM memberships WHERE id = ?`, s.Other.ID); err != nil {
		t.Fatal(err)
	}
	if e.fingerprint() == changed {
		t.Fatal("a deleted row did not move the fingerprint")
	}
}
