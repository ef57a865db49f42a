package web

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// spendExportSample has the cells an export must get right: Danish
// letters, a supplier name that is a formula, one starting with a sign,
// a delimiter and a quote inside a name, a credit note, and øre.
var spendExportSample = []samspil.SupplierSpend{
	{CVR: "66232824", Name: "Grøn Vask ApS", OrganisationID: 7, Kind: samspil.OrgSOV, RSVVerified: true, TotalOre: 123456789},
	{CVR: "66240738", Name: `=HYPERLINK("http://evil.example","klik")`, TotalOre: 100000},
	{CVR: "", Name: "+45 Rengøring; \"Øst\"", TotalOre: 5},
	{CVR: "12345674", Name: "@Kredit A/S", Kind: samspil.OrgSOV, TotalOre: -250050},
	{CVR: "", Name: "-Minus, Komma & Co", TotalOre: 0},
}

// TestSpendExportGolden compares both dialects with golden files
// (SAMSPIL_UPDATE_GOLDEN=1 rewrites them) and checks that every text cell
// is safe in a spreadsheet and that the file reads back as CSV.
func TestSpendExportGolden(t *testing.T) {
	sums := samspil.SpendFigures{TotalOre: 123354744, SOVOre: 123206739, RSVOre: 123456789}
	for _, tc := range []struct {
		name string
		dl   spendDialect
	}{{"standard", spendStandard}, {"excel", spendExcel}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeSpendCSV(&b, tc.dl, 2025, sums, spendExportSample); err != nil {
				t.Fatal(err)
			}
			got := b.Bytes()
			golden := filepath.Join("testdata", "spend_export_"+tc.name+".csv")
			if os.Getenv("SAMSPIL_UPDATE_GOLDEN") != "" {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("export differs from %s (SAMSPIL_UPDATE_GOLDEN=1 rewrites it)\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
			hasBOM := bytes.HasPrefix(got, []byte("\ufeff"))
			if hasBOM != tc.dl.BOM {
				t.Errorf("BOM %v, want %v", hasBOM, tc.dl.BOM)
			}
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(got, []byte("\ufeff"))))
			r.Comma = tc.dl.Comma
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("the export does not read back: %v", err)
			}
			if len(rows) != 1+len(spendExportSample)+3 {
				t.Fatalf("%d rows", len(rows))
			}
			for i, row := range rows[1:] {
				for j, cell := range row {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && j != len(row)-1 {
						t.Errorf("row %d cell %d %q would run as a formula", i+2, j, cell)
					}
				}
			}
			wantAmount := "1234567.89"
			if tc.dl.Decimal == "," {
				wantAmount = "1234567,89"
			}
			if rows[1][6] != wantAmount || rows[4][6] != strings.Replace("-2500.50", ".", tc.dl.Decimal, 1) {
				t.Errorf("amounts %q and %q", rows[1][6], rows[4][6])
			}
		})
	}
}

func TestFormatShareAndMoney(t *testing.T) {
	p := &Page{Lang: "da"}
	en := &Page{Lang: "en"}
	for _, tc := range []struct {
		permille int
		da, en   string
	}{{0, "0,0 %", "0.0%"}, {34, "3,4 %", "3.4%"}, {1000, "100,0 %", "100.0%"}, {5, "0,5 %", "0.5%"}} {
		if got := p.SpendShare(tc.permille); got != tc.da {
			t.Errorf("SpendShare(%d) = %q, want %q", tc.permille, got, tc.da)
		}
		if got := en.SpendShare(tc.permille); got != tc.en {
			t.Errorf("SpendShare(%d) en = %q, want %q", tc.permille, got, tc.en)
		}
	}
	for _, tc := range []struct {
		ore    int64
		da, en string
	}{{123456789, "1.234.567,89 kr.", "DKK 1,234,567.89"}, {-250050, "-2.500,50 kr.", "DKK -2,500.50"}, {5, "0,05 kr.", "DKK 0.05"}} {
		if got := p.SpendMoney(tc.ore); got != tc.da {
			t.Errorf("SpendMoney(%d) = %q, want %q", tc.ore, got, tc.da)
		}
		if got := en.SpendMoney(tc.ore); got != tc.en {
			t.Errorf("SpendMoney(%d) en = %q, want %q", tc.ore, got, tc.en)
		}
	}
	for _, tc := range []struct {
		ore  int64
		lang string
		want string
	}{{0, "da", "0 kr."}, {5_000_000, "da", "50.000 kr."}, {1_250_000_00, "da", "1,2 mio. kr."}, {1_250_000_00, "en", "DKK 1.2m"}, {2_000_000_00, "da", "2 mio. kr."}} {
		if got := shortMoney(tc.ore, tc.lang); got != tc.want {
			t.Errorf("shortMoney(%d, %s) = %q, want %q", tc.ore, tc.lang, got, tc.want)
		}
	}
}
