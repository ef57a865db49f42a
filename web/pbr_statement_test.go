package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/csvsafe"
)

// pcStatementSample has the cells a statement export must get right:
// Danish letters, a pseudonym that is a formula, a partly paid claim, a
// claim paid nothing, an adjustment that claws money back, and øre.
func pcStatementSample() *samspil.Statement {
	d := func(m time.Month, day int) time.Time { return time.Date(2027, m, day, 0, 0, 0, 0, time.UTC) }
	return &samspil.Statement{ID: 7, ContractID: 3, Number: 2, PeriodStart: d(2, 1), PeriodEnd: d(2, 28), Status: samspil.StatementDraft,
		Lines: []samspil.StatementLine{
			{ClaimID: 11, Pseudonym: "Ærø-01", OutcomeCode: "JOB_START", AchievedOn: d(2, 3), Kind: samspil.LineClaim, PriceOre: 15_000_00, EarnedOre: 15_000_00, AmountOre: 15_000_00},
			{ClaimID: 12, Pseudonym: `=HYPERLINK("http://x","klik")`, OutcomeCode: "JOB13", AchievedOn: d(2, 10), Kind: samspil.LineClaim, PriceOre: 25_000_00, EarnedOre: 12_345_67, AmountOre: 12_345_67, CutOre: 12_654_33, Reason: "cap_partial"},
			{ClaimID: 13, Pseudonym: "+45 P, \"tre\"", OutcomeCode: "JOB13", AchievedOn: d(2, 11), Kind: samspil.LineClaim, PriceOre: 25_000_00, CutOre: 25_000_00, Reason: "cap_reached"},
			{ClaimID: 4, Pseudonym: "-P-04", OutcomeCode: "JOB_START", AchievedOn: d(1, 20), Kind: samspil.LineAdjustment, PriceOre: 15_000_00, PaidBefore: 15_000_00, AmountOre: -15_000_00, CutOre: 15_000_00, Reason: "rejected"},
		},
		TotalOre: 12_345_67, PaidBeforeOre: 87_654_33, CapOre: 100_000_00}
}

// TestPbrStatementCSVGolden compares the statement CSV with its golden
// file (SAMSPIL_UPDATE_GOLDEN=1 rewrites it) and checks the documented
// format: BOM, RFC 4180 that reads back, Danish columns, kroner with a
// decimal comma and no cell a spreadsheet would run as a formula.
func TestPbrStatementCSVGolden(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writePbrStatementCSV(&b, c.translator("da"), pcStatementSample()); err != nil {
		t.Fatal(err)
	}
	got := b.Bytes()
	golden := filepath.Join("testdata", "pbr_statement.csv")
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
	if !bytes.HasPrefix(got, []byte("\ufeff")) || !bytes.Contains(got, []byte("\r\n")) {
		t.Error("no BOM or no CRLF line ends")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(got, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	if len(rows) != 1+4+1 || rows[0][4] != "deltager" || rows[0][11] != "beløb" {
		t.Fatalf("rows %q", rows)
	}
	for i, row := range rows[1:] {
		for j, cell := range row {
			amount := j >= 8 && j <= 12
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !amount {
				t.Errorf("row %d cell %d %q would run as a formula", i+2, j, cell)
			}
		}
	}
	if rows[2][9] != "12345,67" || rows[4][11] != "-15000,00" || rows[5][7] != "i alt" || rows[5][11] != "12345,67" {
		t.Errorf("amounts %q %q, total row %q", rows[2][9], rows[4][11], rows[5])
	}
	if rows[4][7] != "regulering" || !strings.Contains(rows[4][14], "afvist") {
		t.Errorf("adjustment row %q", rows[4])
	}
}

// TestPbrStatementFlow prepares the January statement, shows it with its
// lines, totals and print stylesheet, downloads it, notices when a
// decision makes it stale and recalculates it, and has it approved by
// both sides behind the confirmation page; then nothing more is due.
func TestPbrStatementFlow(t *testing.T) {
	w := newPcWorld(t)
	f := w.contract("Job i Aarhus")
	comm, prov := w.clients[pcComm], w.clients[pcProv]
	list := w.get(comm, f.path("/opgoerelser"))
	mustContain(t, list.body, "Der er ingen opgørelser endnu", "Beregn næste opgørelse")
	r := w.post(comm, f.path("/opgoerelser"), url.Values{})
	if r.status != http.StatusSeeOther {
		t.Fatalf("prepare: %d\n%s", r.status, short(r.body))
	}
	page := r.header.Get("Location")
	view := w.get(comm, page)
	mustContain(t, view.body, "Opgørelse 1", "1. januar 2027", "31. januar 2027", "Job i Aarhus", "Grøn Vej Socialøkonomi",
		"P-01", "JOB_START", "15.000,00 kr.", "100.000,00 kr.", "85.000,00 kr.", `media="print"`, "pbr_print.css", "Hent som CSV", "Godkend opgørelsen")
	if strings.Contains(view.body, "P-02") {
		t.Error("the January statement shows P-02's later claims")
	}
	csvResp := w.get(prov, page+".csv")
	if csvResp.status != 200 || !strings.HasPrefix(csvResp.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(csvResp.header.Get("Content-Disposition"), "opgoerelse-") || !strings.Contains(csvResp.body, "P-01,JOB_START,2027-01-26,anmeldelse") {
		t.Fatalf("csv: %d %q\n%s", csvResp.status, csvResp.header.Get("Content-Disposition"), csvResp.body)
	}
	// The commissioner changes the January decision: the draft is stale.
	if _, err := w.store.DecideClaims(w.commCtx, f.C.ID, []int64{f.Claims["P-01 JOB_START"].ID}, samspil.ClaimRejected, "Kontrakten er ikke underskrevet."); err != nil {
		t.Fatal(err)
	}
	stale := w.get(prov, page)
	mustContain(t, stale.body, "Beregn opgørelsen igen", "Anmeldelserne er ændret")
	if a := w.post(prov, page+"/godkend", url.Values{"confirm": {"yes"}}); a.status != http.StatusConflict || !strings.Contains(a.body, "Beregn") {
		t.Errorf("approving a stale statement: %d", a.status)
	}
	if _, err := w.store.DecideClaims(w.commCtx, f.C.ID, []int64{f.Claims["P-01 JOB_START"].ID}, samspil.ClaimApproved, "Kontrakten er fundet."); err != nil {
		t.Fatal(err)
	}
	if r := w.post(prov, f.path("/opgoerelser"), url.Values{}); r.status != http.StatusSeeOther || r.header.Get("Location") != page {
		t.Fatalf("recalculate: %d %q", r.status, r.header.Get("Location"))
	}
	// Approval: the confirmation page, then each side once.
	confirm := w.get(comm, page+"/godkend")
	mustContain(t, confirm.body, "Godkend opgørelse 1", "Du godkender på vegne af kommunen", `name="confirm" value="yes"`)
	if a := w.post(comm, page+"/godkend", url.Values{}); a.status != 200 {
		t.Errorf("approve without confirm: %d", a.status)
	}
	for _, c := range []*http.Client{comm, prov} {
		if a := w.post(c, page+"/godkend", url.Values{"confirm": {"yes"}}); a.status != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", a.status, short(a.body))
		}
	}
	done := w.get(comm, page)
	mustContain(t, done.body, "Godkendt", "godkendt af Test "+pcComm, "godkendt af Test "+pcProv, "ændres ikke")
	if strings.Contains(done.body, page+"/godkend") {
		t.Error("an approved statement offers approval")
	}
	if a := w.get(prov, page+"/godkend"); a.status != http.StatusConflict {
		t.Errorf("approval page of an approved statement: %d", a.status)
	}
	// February has ended too: the next one is due; with the clock in
	// June, May is the last period that has ended.
	for i := 2; i <= 5; i++ {
		st, err := w.store.PrepareStatement(w.commCtx, f.C.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []samspil.ContractSide{samspil.SideCommissioner, samspil.SideProvider} {
			ctx := w.commCtx
			if side == samspil.SideProvider {
				ctx = w.provCtx
			}
			if _, err := w.store.ApproveStatement(ctx, st.ID, side); err != nil {
				t.Fatal(err)
			}
		}
	}
	none := w.post(comm, f.path("/opgoerelser"), url.Values{})
	if none.status != http.StatusConflict {
		t.Fatalf("nothing due: %d", none.status)
	}
	mustContain(t, none.body, "ingen periode, der er slut")
}

// TestPbrStatementSideChoice: a person who is a member of both parties
// chooses the side on the confirmation page and cannot approve twice
// for the same side.
func TestPbrStatementSideChoice(t *testing.T) {
	w := newPcWorld(t)
	f := w.contract("Job i Aarhus")
	st := w.statement(f)
	both := w.clients[pcBothSides]
	page := f.path("/opgoerelser/" + idStr(st.ID) + "/godkend")
	confirm := w.get(both, page)
	mustContain(t, confirm.body, `<select id="field-side" name="side"`, "Kommunen (", "Leverandøren (")
	if r := w.post(both, page, url.Values{"confirm": {"yes"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Vælg, hvilken part") {
		t.Fatalf("no side: %d", r.status)
	}
	if r := w.post(both, page, url.Values{"confirm": {"yes"}, "side": {"provider"}}); r.status != http.StatusSeeOther {
		t.Fatalf("as provider: %d\n%s", r.status, short(r.body))
	}
	again := w.get(both, page)
	if strings.Contains(again.body, `<select id="field-side"`) || !strings.Contains(again.body, "på vegne af kommunen") {
		t.Errorf("after the provider's approval the page should offer only the commissioner\n%s", short(again.body))
	}
}

// FuzzPbrStatementCSV writes statements whose pseudonyms and codes come
// from the fuzzer: the file always reads back as CSV with one row per
// line plus the header and the total, and no text cell starts a formula.
func FuzzPbrStatementCSV(f *testing.F) {
	for _, s := range []string{"P-01", `=1+1`, "+45", "@x", "-y", "\t", "a,\"b\"\nc", "Ærø", ""} {
		f.Add(s, "JOB13")
	}
	c, err := loadCatalog()
	if err != nil {
		f.Fatal(err)
	}
	tr := c.translator("da")
	f.Fuzz(func(t *testing.T, pseudonym, code string) {
		st := pcStatementSample()
		st.Lines[0].Pseudonym, st.Lines[0].OutcomeCode = pseudonym, code
		var b bytes.Buffer
		if err := writePbrStatementCSV(&b, tr, st); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff"))))
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("does not read back: %v", err)
		}
		if len(rows) != len(st.Lines)+2 {
			t.Fatalf("%d rows", len(rows))
		}
		for _, cell := range []string{rows[1][4], rows[1][5]} {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && csvsafe.Cell(cell) != cell {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	})
}
