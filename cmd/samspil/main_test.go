package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/sqlstore"
)

// cli runs the command line in-process and returns exit code and output.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func countOrgs(t *testing.T, db string, kind samspil.OrgKind) int {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db, app.StoreOptions(nil, samspil.SystemClock))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, n, err := s.FindOrganisations(context.Background(), samspil.OrganisationFilter{Kind: kind, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const header = "cvr,name,kind,municipality_code,description,website,cpv_codes,target_groups\n"

func TestImportOrganisations(t *testing.T) {
	tests := []struct {
		name     string
		csv      string
		wantCode int
		wantOut  string   // substring of stdout
		wantErr  []string // substrings of stderr
		wantSOV  int
	}{
		{
			name: "ok",
			csv: header +
				"10150817,Cykelværkstedet Fri Hjul,sov,0751,Reparerer cykler med unge,https://frihjul.example,50000000-5|34430000-0,unge_uden_uddannelse\n" +
				"12345674,Grøn Omsorg ApS,sov,0101,Grønne områder,,77310000-6,udsatte_ledige|handicap\n",
			wantCode: 0, wantOut: `{"imported":2}`, wantSOV: 2,
		},
		{
			name: "bad lines write nothing",
			csv: header +
				"10150817,Cykelværkstedet Fri Hjul,sov,0751,,,50000000-5,\n" +
				"10150818,Dårlig CVR,sov,0751,,,,\n" +
				"12345674,Ukendt kommune,sov,9999,,,,\n" +
				"24256790,,sov,0101,,,99999999-9,\n",
			wantCode: 1, wantErr: []string{"line 3", "line 4", "line 5", "nothing imported"}, wantSOV: 0,
		},
		{
			name:     "wrong header",
			csv:      "cvr;navn\n1;2\n",
			wantCode: 1, wantSOV: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "samspil.db")
			f := writeFile(t, "orgs.csv", tt.csv)
			code, out, errOut := cli(t, "", "import", "organisations", f, "--db", db)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, out, errOut)
			}
			if !strings.Contains(strings.ReplaceAll(out, " ", ""), tt.wantOut) {
				t.Errorf("stdout %q lacks %q", out, tt.wantOut)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if tt.wantCode == 0 || strings.Contains(tt.name, "write nothing") {
				if n := countOrgs(t, db, samspil.OrgSOV); n != tt.wantSOV {
					t.Errorf("%d SØV stored, want %d", n, tt.wantSOV)
				}
			}
		})
	}
}

func TestImportDuplicateOfStoredCVR(t *testing.T) {
	db := filepath.Join(t.TempDir(), "samspil.db")
	f := writeFile(t, "a.csv", header+"10150817,Første,sov,0751,,,,\n")
	if code, _, errOut := cli(t, "", "import", "organisations", f, "--db", db); code != 0 {
		t.Fatalf("first import failed: %s", errOut)
	}
	g := writeFile(t, "b.csv", header+"12345674,Anden,sov,0101,,,,\n10150817,Dublet,sov,0751,,,,\n")
	code, _, errOut := cli(t, "", "import", "organisations", g, "--db", db)
	if code == 0 || !strings.Contains(errOut, "line 3") {
		t.Fatalf("duplicate CVR: exit %d, stderr %s", code, errOut)
	}
	if n := countOrgs(t, db, samspil.OrgSOV); n != 1 {
		t.Fatalf("%d SØV stored after a failed import, want 1", n)
	}
}

func TestDemoMigrateBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "samspil.db")
	code, out, errOut := cli(t, "", "demo", "--orgs", "70", "--db", db)
	if code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	var res struct{ Organisations int }
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Organisations != 70 {
		t.Fatalf("demo output %q", out)
	}
	if n := countOrgs(t, db, samspil.OrgKommune); n != 98 {
		t.Fatalf("%d municipality organisations, want 98", n)
	}
	// A second run leaves a database with data alone.
	if code, out, _ := cli(t, "", "demo", "--db", db); code != 0 || !strings.Contains(out, `"skipped":true`) {
		t.Fatalf("second demo: %d %s", code, out)
	}
	if code, _, errOut := cli(t, "", "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	backup := filepath.Join(dir, "copy.db")
	if code, _, errOut := cli(t, "", "backup", backup, "--db", db); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	if n := countOrgs(t, backup, ""); n != 98+70 {
		t.Fatalf("backup has %d organisations, want %d", n, 98+70)
	}
	if code, _, _ := cli(t, "", "backup", backup, "--db", db); code == 0 {
		t.Fatal("backup overwrote an existing file")
	}
}

func TestUserCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "samspil.db")
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
	}{
		{"admin", "et-langt-kodeord\n", []string{"--email", "Sekretariat@Example.dk", "--name", "Sekretariatet", "--admin"}, 0},
		{"editor", "et-langt-kodeord\n", []string{"--email", "redaktoer@example.dk", "--name", "Redaktøren", "--editor"}, 0},
		{"duplicate", "et-langt-kodeord\n", []string{"--email", "sekretariat@example.dk", "--name", "Igen"}, 1},
		{"short password", "kort\n", []string{"--email", "a@example.dk", "--name", "A"}, 1},
		{"bad email", "et-langt-kodeord\n", []string{"--email", "ikke-en-adresse", "--name", "A"}, 1},
		{"no name", "et-langt-kodeord\n", []string{"--email", "b@example.dk"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"user", "create", "--db", db}, tt.args...)
			code, out, errOut := cli(t, tt.stdin, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; %s %s", code, tt.code, out, errOut)
			}
		})
	}
	s, err := sqlstore.Open(context.Background(), db, app.StoreOptions(nil, samspil.SystemClock))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.FindUserByEmail(context.Background(), "sekretariat@example.dk")
	if err != nil || !u.IsAdmin || !u.Confirmed() {
		t.Fatalf("admin user = %+v, %v", u, err)
	}
	if e, err := s.FindUserByEmail(context.Background(), "redaktoer@example.dk"); err != nil || !e.IsEditor || e.IsAdmin {
		t.Fatalf("editor = %+v, %v", e, err)
	}
}

func TestUsage(t *testing.T) {
	if code, _, _ := cli(t, ""); code != 2 {
		t.Error("no arguments should exit 2")
	}
	if code, _, errOut := cli(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Error("unknown command")
	}
	if code, out, _ := cli(t, "", "help"); code != 0 || !strings.Contains(out, "samspil serve") {
		t.Error("help")
	}
}
