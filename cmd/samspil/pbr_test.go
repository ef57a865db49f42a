package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updatePbr = flag.Bool("update-pbr", false, "rewrite pbr/testdata/cli/want.json")

const pbrTestdata = "../../pbr/testdata/cli"

// TestPbrCalculate runs the documented example (docs/pbr.md): every reason
// code, a cap crossed by one claim, lines in the order of claims.csv.
func TestPbrCalculate(t *testing.T) {
	dir := pbrTestdata
	code, out, errOut := cli(t, "", "pbr", "calculate",
		"--contract", filepath.Join(dir, "contract.json"),
		"--participants", filepath.Join(dir, "participants.csv"),
		"--claims", filepath.Join(dir, "claims.csv"))
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden := filepath.Join(dir, "want.json")
	if *updatePbr {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (run with -update-pbr to accept):\n%s", golden, out)
	}
}

func TestPbrCalculateRefused(t *testing.T) {
	contract, err := os.ReadFile(filepath.Join(pbrTestdata, "contract.json"))
	if err != nil {
		t.Fatal(err)
	}
	goodParts := "participant,enrolled_on\nP01,2027-01-10\n"
	goodClaims := "claim_id,participant,outcome,achieved_on,submitted_at\nC01,P01,JOB_START,2027-02-01,2027-02-02T09:00:00Z\n"
	tests := []struct {
		name                   string
		contract, parts, claim string
		args                   []string // instead of the three files
		want                   []string // lines of stderr, in order
	}{
		{name: "every problem of every file",
			contract: strings.Replace(string(contract), "1500000", "1500000.5", 1),
			parts:    "participant,enrolled_on\nP01,2027-01-10\nP02,31-01-2027\n",
			claim:    goodClaims + "C01,P01,JOB13,2027-02-01,2027-02-02T09:00:00Z\nC03,P01,JOB13,2027-02-01\nC04,P01,JOB13,2027-02-01,yesterday\n",
			want: []string{
				"contract.json: outcomes.price_ore must be a whole number of øre without decimals, not 1500000.5",
				`participants.csv line 3: enrolled_on: "31-01-2027" is not a date written as YYYY-MM-DD`,
				`claims.csv line 3: claim id "C01" is already used on line 2`,
				"claims.csv line 4: the line has 4 columns; it should have 5",
				`claims.csv line 5: submitted_at: "yesterday" is not a time such as 2027-01-31T09:30:00Z (RFC 3339)`,
			}},
		{name: "a contract that breaks the rules",
			contract: strings.Replace(strings.Replace(string(contract), `"requires": ["JOB_START"]`, `"requires": ["JOB_STRAT"]`, 1), `"price_ore": 1000000`, `"price_ore": -1000000`, 1),
			parts:    goodParts, claim: goodClaims,
			want: []string{
				"contract.json: outcomes.2.price_ore: the price per outcome must be above 0 kr.",
				"contract.json: outcomes.1.requires: JOB13 requires an outcome that is not on the rate card: JOB_STRAT",
			}},
		{name: "a CPR number", contract: string(contract), parts: "participant,enrolled_on\n010190-1234,2027-01-10\n", claim: goodClaims,
			want: []string{"participants.csv line 2: participant: this looks like a CPR number, which Samspil never stores"}},
		{name: "a missing file", contract: string(contract), parts: goodParts, claim: "", args: []string{"calculate", "--contract", "CONTRACT", "--participants", "PARTS", "--claims", "nope.csv"},
			want: []string{"nope.csv: open nope.csv: no such file or directory"}},
		{name: "no flags", args: []string{"calculate"}, want: []string{"samspil pbr: usage: samspil pbr calculate"}},
		{name: "another sub-command", args: []string{"pay"}, want: []string{"samspil pbr: usage: samspil pbr calculate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, body string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			c, p, k := write("contract.json", tt.contract), write("participants.csv", tt.parts), write("claims.csv", tt.claim)
			args := tt.args
			if args == nil {
				args = []string{"calculate", "--contract", c, "--participants", p, "--claims", k}
			}
			for i, a := range args {
				args[i] = strings.NewReplacer("CONTRACT", c, "PARTS", p).Replace(a)
			}
			code, out, errOut := cli(t, "", append([]string{"pbr"}, args...)...)
			if code == 0 || out != "" {
				t.Fatalf("exit %d, output %q", code, out)
			}
			got := strings.Split(strings.TrimSpace(strings.ReplaceAll(errOut, dir+string(filepath.Separator), "")), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("stderr:\n%s\nwant %d lines", errOut, len(tt.want))
			}
			for i := range got {
				if !strings.Contains(got[i], tt.want[i]) {
					t.Errorf("line %d: %q, want %q", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}
