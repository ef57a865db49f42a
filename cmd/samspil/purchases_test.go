package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/sqlstore"
)

// A Danish Excel export: semicolons, decimal commas, three date styles and
// a credit note. 12345674 is an SØV on the platform.
const spendFile = "Leverandør CVR;Leverandørnavn;Beløb;Bogføringsdato;Fakturanummer;CPV\n" +
	"12345674;Grøn Omsorg ApS;1.234,50;2025-03-31;F-1;77310000-6\n" +
	"10150817;Cykelværkstedet;-250,00;01.04.2025;K-2;\n" +
	"29876541;Almindelig A/S;10.000,00;30-06-2025;F-3;\n"

func purchaseImports(t *testing.T, db, code string) int {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db, app.StoreOptions(nil, samspil.SystemClock))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, n, err := s.FindPurchaseImports(context.Background(), code, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportPurchases(t *testing.T) {
	db := filepath.Join(t.TempDir(), "samspil.db")
	orgs := writeFile(t, "orgs.csv", header+"12345674,Grøn Omsorg ApS,sov,0101,Grønne områder,,77310000-6,udsatte_ledige\n")
	if code, _, errOut := cli(t, "", "import", "organisations", orgs, "--db", db); code != 0 {
		t.Fatalf("organisations: %s", errOut)
	}
	file := writeFile(t, "indkoeb.csv", spendFile)
	type result struct {
		Lines    int   `json:"lines"`
		NewLines int   `json:"new_lines"`
		TotalOre int64 `json:"total_ore"`
		SOVOre   int64 `json:"sov_ore"`
		RSVOre   int64 `json:"rsv_ore"`
	}
	want := result{Lines: 3, NewLines: 3, TotalOre: 123450 - 25000 + 1000000, SOVOre: 123450}
	for i, wantNew := range []int{3, 0} { // the second run adds nothing
		code, out, errOut := cli(t, "", "import", "purchases", "--municipality", "0101", file, "--db", db)
		if code != 0 {
			t.Fatalf("run %d: %d %s", i+1, code, errOut)
		}
		var got result
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("output %q: %v", out, err)
		}
		want.NewLines = wantNew
		if got != want {
			t.Fatalf("run %d: %+v, want %+v", i+1, got, want)
		}
	}
	if n := purchaseImports(t, db, "0101"); n != 2 {
		t.Fatalf("%d imports", n)
	}
}

func TestImportPurchasesRefused(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		args    []string
		wantErr []string
	}{
		{
			name: "bad lines import nothing",
			csv: spendFile +
				"12345678;Forkert CVR;100,00;2025-01-01;F-4;\n" +
				"29876541;Ugyldigt beløb;12,34,56;2025-01-01;F-5;\n" +
				"29876541;Ugyldig dato;10,00;2025-02-30;F-6;\n",
			args:    []string{"--municipality", "0101"},
			wantErr: []string{"line 5: ", "line 6: ", "line 7: ", "nothing imported: 3 error(s)"},
		},
		{
			name:    "unknown municipality",
			csv:     spendFile,
			args:    []string{"--municipality", "9999"},
			wantErr: []string{"9999"},
		},
		{
			name:    "no municipality",
			csv:     spendFile,
			wantErr: []string{"usage: samspil import purchases"},
		},
		{
			name:    "no amount column",
			csv:     "Leverandør CVR;Leverandørnavn;Bogføringsdato\n12345674;Grøn Omsorg ApS;2025-03-31\n",
			args:    []string{"--municipality", "0101"},
			wantErr: []string{"amount"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "samspil.db")
			file := writeFile(t, "indkoeb.csv", tc.csv)
			args := append([]string{"import", "purchases", file, "--db", db}, tc.args...)
			code, out, errOut := cli(t, "", args...)
			if code == 0 {
				t.Fatalf("exit 0: %s", out)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if out != "" {
				t.Errorf("stdout = %q", out)
			}
		})
	}
	// Nothing reached the database of the file with bad lines.
	db := filepath.Join(t.TempDir(), "samspil.db")
	file := writeFile(t, "indkoeb.csv", spendFile+"12345678;Forkert CVR;100,00;2025-01-01;F-4;\n")
	if code, _, _ := cli(t, "", "import", "purchases", "--municipality", "0101", file, "--db", db); code == 0 {
		t.Fatal("bad file imported")
	}
	if code, _, errOut := cli(t, "", "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	if n := purchaseImports(t, db, "0101"); n != 0 {
		t.Fatalf("%d imports after a refused file", n)
	}
}
