package orgcsv_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/orgcsv"
	"github.com/samspil/samspil/refdata"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.csv")

const header = "cvr,name,kind,municipality_code,description,website,cpv_codes,target_groups"

func TestParseValid(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
	}{
		{"comma LF", header + "\n10013607,Grøn Omsorg,sov,0101,Haver og parker,groen.example.dk,77310000-6|90911200-8,psykisk_saarbare|handicap\n"},
		{"comma CRLF", header + "\r\n10013607,Grøn Omsorg,sov,0101,Haver og parker,groen.example.dk,77310000-6|90911200-8,psykisk_saarbare|handicap\r\n"},
		{"BOM", "\ufeff" + header + "\n10013607,Grøn Omsorg,sov,0101,Haver og parker,groen.example.dk,77310000-6|90911200-8,psykisk_saarbare|handicap\n"},
		{"semicolon Excel", "\ufeff" + strings.ReplaceAll(header, ",", ";") + "\r\n10013607;Grøn Omsorg;sov;0101;Haver og parker;groen.example.dk;77310000-6|90911200-8;psykisk_saarbare|handicap\r\n"},
		{"reordered columns, spaces, no final newline", "name, cvr ,KIND,municipality_code,website,description,target_groups,cpv_codes\nGrøn Omsorg, DK 10 01 36 07 ,SOV,0101,groen.example.dk,Haver og parker, psykisk_saarbare | handicap |,77310000-6 | 90911200-8"},
		{"quoted cell with delimiter and newline", header + "\n10013607,Grøn Omsorg,sov,0101,\"Haver og parker\",groen.example.dk,77310000-6|90911200-8,psykisk_saarbare|handicap\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, lerrs, err := orgcsv.Parse(strings.NewReader(tc.in), refdata.Catalog)
			if err != nil || len(lerrs) > 0 {
				t.Fatalf("err=%v lineErrors=%v", err, lerrs)
			}
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			o := rows[0].Org
			want := &samspil.Organisation{
				CVR: "10013607", Name: "Grøn Omsorg", Kind: samspil.OrgSOV, MunicipalityCode: "0101",
				Description: "Haver og parker", Website: "https://groen.example.dk",
				CPVCodes: []string{"77310000-6", "90911200-8"}, TargetGroups: []string{"psykisk_saarbare", "handicap"},
				Sectors: []string{},
			}
			if !reflect.DeepEqual(o, want) {
				t.Errorf("got  %+v\nwant %+v", o, want)
			}
			if rows[0].Line != 2 {
				t.Errorf("line %d", rows[0].Line)
			}
		})
	}
}

func TestParseMultilineCellLineNumbers(t *testing.T) {
	in := header + "\n" +
		"10013607,A,sov,0101,\"første linje\nanden linje\",,,\n" +
		"10013607,B,sov,0101,,,,\n"
	rows, lerrs, err := orgcsv.Parse(strings.NewReader(in), refdata.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Line != 2 || rows[0].Org.Description != "første linje\nanden linje" {
		t.Fatalf("rows %+v", rows)
	}
	if len(lerrs) != 1 || lerrs[0].Line != 4 || lerrs[0].Key != "import.cvr.duplicate" || lerrs[0].Args["Line"] != 2 {
		t.Fatalf("line errors %+v", lerrs)
	}
}

func TestParseLineErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		line  string
		field string
		key   string
	}{
		{"bad checksum", "10013608,A,sov,0101,,,,", "cvr", "cvr.checksum"},
		{"letters in CVR", "1001360x,A,sov,0101,,,,", "cvr", "cvr.not_digits"},
		{"short CVR", "1234567,A,sov,0101,,,,", "cvr", "cvr.length"},
		{"missing CVR for company", ",A,virksomhed,0101,,,,", "cvr", "cvr.required"},
		{"empty name", "10013607,,sov,0101,,,,", "name", "org.name.required"},
		{"long name", "10013607," + strings.Repeat("x", 10000) + ",sov,0101,,,,", "name", "org.name.too_long"},
		{"unknown kind", "10013607,A,forening,0101,,,,", "kind", "import.kind.unknown"},
		{"unknown municipality", "10013607,A,sov,9999,,,,", "municipality_code", "org.municipality.unknown"},
		{"missing municipality", "10013607,A,sov,,,,,", "municipality_code", "org.municipality.required"},
		{"unknown CPV", "10013607,A,sov,0101,,,12345678-9,", "cpv_codes", "cpv.unknown"},
		{"bad website", "10013607,A,sov,0101,,javascript:alert(1),,", "website", "org.website.invalid"},
		{"too few columns", "10013607,A,sov", "", "import.columns.count"},
		{"too many columns", "10013607,A,sov,0101,,,,,extra", "", "import.columns.count"},
		{"bare quote", `10013607,A"B,sov,0101,,,,`, "", "import.csv.syntax"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := header + "\n10022266,Fin,sov,0101,,,,\n" + tc.line + "\n"
			rows, lerrs, err := orgcsv.Parse(strings.NewReader(in), refdata.Catalog)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 {
				t.Errorf("%d good rows, want 1", len(rows))
			}
			if len(lerrs) != 1 {
				t.Fatalf("line errors %+v", lerrs)
			}
			e := lerrs[0]
			if e.Line != 3 || e.Field != tc.field || e.Key != tc.key || e.Message == "" {
				t.Errorf("got %+v, want line 3 field %q key %q", e, tc.field, tc.key)
			}
			if !strings.HasPrefix(e.Error(), "line 3: ") {
				t.Errorf("Error() = %q", e.Error())
			}
		})
	}
}

func TestParseTargetGroups(t *testing.T) {
	in := header + "\n10013607,A,sov,0101,,,,handicap|kattevenner\n"
	var codes []string
	for _, g := range samspil.DefaultTargetGroups {
		codes = append(codes, g.Code)
	}
	_, lerrs, err := orgcsv.ParseOptions(strings.NewReader(in), orgcsv.Options{Catalog: refdata.Catalog, TargetGroups: codes})
	if err != nil || len(lerrs) != 1 || lerrs[0].Key != "import.target_group.unknown" || lerrs[0].Args["Code"] != "kattevenner" {
		t.Fatalf("err=%v lerrs=%+v", err, lerrs)
	}
	// Without a list the store decides.
	if _, lerrs, err := orgcsv.Parse(strings.NewReader(in), refdata.Catalog); err != nil || len(lerrs) != 0 {
		t.Fatalf("err=%v lerrs=%+v", err, lerrs)
	}
}

func TestParseFileErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		key  string
	}{
		{"empty", "", "import.empty"},
		{"only BOM and space", "\ufeff \n", "import.empty"},
		{"header only", header + "\n", "import.no_rows"},
		{"Windows-1252", header + "\n10013607,Gr\xf8n,sov,0101,,,,\n", "import.not_utf8"},
		{"unknown column", header + ",email\n", "import.header.unknown"},
		{"missing column", "cvr,name,kind,municipality_code,description,website,cpv_codes\n", "import.header.missing"},
		{"duplicate column", header + ",name\n", "import.header.duplicate"},
		{"unterminated quote in header", "\"cvr,name\n", "import.header.unreadable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, lerrs, err := orgcsv.Parse(strings.NewReader(tc.in), refdata.Catalog)
			if samspil.ErrorCode(err) != samspil.EINVALID || samspil.ErrorKey(err) != tc.key {
				t.Fatalf("err=%v, want key %s", err, tc.key)
			}
			if rows != nil || lerrs != nil {
				t.Errorf("rows=%v lerrs=%v alongside a file error", rows, lerrs)
			}
		})
	}
	_, _, err := orgcsv.Parse(strings.NewReader(header+"\n10013607,Gr\xf8n,sov,0101,,,,\n"), nil)
	if e, _ := samspil.AsError(err); e == nil || !strings.Contains(e.Message, "Windows-1252") || e.Args["Line"] != 2 {
		t.Errorf("not-UTF-8 error does not explain: %v", err)
	}
}

func TestParseLimits(t *testing.T) {
	big := header + "\n" + strings.Repeat("x", orgcsv.MaxBytes)
	if _, _, err := orgcsv.Parse(strings.NewReader(big), nil); samspil.ErrorKey(err) != "import.too_large" {
		t.Fatalf("err=%v", err)
	}
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := 0; i <= orgcsv.MaxRows; i++ {
		b.WriteString(",A,andet,0101,,,,\n")
	}
	if _, _, err := orgcsv.Parse(strings.NewReader(b.String()), nil); samspil.ErrorKey(err) != "import.too_many_rows" {
		t.Fatalf("err=%v", err)
	}
}

func goldenOrgs() []*samspil.Organisation {
	return []*samspil.Organisation{
		{CVR: "10013607", Name: "Café Lyspunktet", Kind: samspil.OrgSOV, MunicipalityCode: "0751",
			Description: "Café og kantine, hvor psykisk sårbare får fodfæste; \"alle\" er velkomne,\nogså om søndagen.",
			Website:     "https://lyspunktet.example.dk", CPVCodes: []string{"55520000-1", "55320000-9"}, TargetGroups: []string{"psykisk_saarbare"}},
		{CVR: "10022266", Name: "Byg & Bo ApS", Kind: samspil.OrgVirksomhed, MunicipalityCode: "0461",
			CPVCodes: []string{}, TargetGroups: []string{}},
		{Name: "Foreningen Æblehaven", Kind: samspil.OrgAndet, MunicipalityCode: "0851",
			Description: "Grøn forening; åben for alle", CPVCodes: []string{"77310000-6"}, TargetGroups: []string{"seniorer", "handicap"}},
	}
}

func TestGoldenRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := orgcsv.Write(&buf, goldenOrgs()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden.csv")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("Write output differs from %s (run with -update after checking):\n%s", path, buf.String())
	}
	rows, lerrs, err := orgcsv.Parse(bytes.NewReader(want), refdata.Catalog)
	if err != nil || len(lerrs) > 0 {
		t.Fatalf("err=%v lerrs=%v", err, lerrs)
	}
	orgs := goldenOrgs()
	if len(rows) != len(orgs) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		w := orgs[i]
		w.Sectors = []string{}
		if !reflect.DeepEqual(r.Org, w) {
			t.Errorf("row %d:\ngot  %+v\nwant %+v", i, r.Org, w)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(header + "\n10013607,A,sov,0101,,,,\n"))
	f.Add([]byte(strings.ReplaceAll(header, ",", ";") + "\r\n10013607;A;sov;0101;;;77310000-6|x;\r\n"))
	f.Add([]byte("\ufeff" + header + "\n\"a\nb\",\"\"\"\",x,,,,,\n"))
	f.Add([]byte(header + "\n10013607,Gr\xf8n,sov,0101,,,,\n"))
	f.Add([]byte("cvr;name\n1;2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, lerrs, err := orgcsv.Parse(bytes.NewReader(data), refdata.Catalog)
		if err != nil {
			if samspil.ErrorCode(err) != samspil.EINVALID {
				t.Fatalf("file error is not EINVALID: %v", err)
			}
			if rows != nil || lerrs != nil {
				t.Fatal("results alongside a file error")
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("row line %d", r.Line)
			}
			if err := r.Org.Validate(refdata.Catalog); err != nil {
				t.Fatalf("a returned row does not validate: %v", err)
			}
			if r.Org.CVR != "" {
				if seen[r.Org.CVR] {
					t.Fatalf("duplicate CVR %s in rows", r.Org.CVR)
				}
				seen[r.Org.CVR] = true
			}
		}
		for _, e := range lerrs {
			if e.Line < 2 || e.Key == "" || e.Message == "" {
				t.Fatalf("bad line error %+v", e)
			}
		}
		// What Parse accepted must survive a write and a second parse.
		orgs := make([]*samspil.Organisation, len(rows))
		for i, r := range rows {
			orgs[i] = r.Org
		}
		if len(orgs) == 0 {
			return
		}
		var buf bytes.Buffer
		if err := orgcsv.Write(&buf, orgs); err != nil {
			t.Fatal(err)
		}
		again, lerrs2, err := orgcsv.Parse(&buf, refdata.Catalog)
		if err != nil || len(lerrs2) > 0 || len(again) != len(orgs) {
			t.Fatalf("round trip: err=%v lerrs=%v rows=%d/%d", err, lerrs2, len(again), len(orgs))
		}
	})
}

// TestWriteNeutralisesFormulas keeps a name typed as a formula from running
// when the export is opened in a spreadsheet.
func TestWriteNeutralisesFormulas(t *testing.T) {
	o := &samspil.Organisation{CVR: "", Name: `=HYPERLINK("http://x","klik")`, Kind: samspil.OrgAndet, MunicipalityCode: "0101", Description: "@SUM(A1)", Website: "https://example.dk"}
	var buf bytes.Buffer
	if err := orgcsv.Write(&buf, []*samspil.Organisation{o}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `"'=HYPERLINK(""http://x"",""klik"")"`) || !strings.Contains(out, "'@SUM(A1)") || !strings.Contains(out, ",https://example.dk,") {
		t.Fatalf("export = %q", out)
	}
}
