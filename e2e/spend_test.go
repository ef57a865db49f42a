package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	samspil "github.com/samspil/samspil"
)

// TestJourneySpendImport: a member of Aarhus Kommune goes from the
// municipality's page to its (still empty) spend page, uploads the finance
// system's file, checks the detected columns, sees that line 4 has a CVR
// number failing the modulus-11 check and that nothing was imported,
// fixes the file, uploads it again, imports it, and sees the SØV share on
// the spend page; then undoes the import. Every page passes axe. It runs on SQLite and on
// PostgreSQL, and once more with JavaScript turned off.
func TestJourneySpendImport(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeySpend(t, start(t, options{BypassCSP: true}), true) })
	t.Run("postgres", func(t *testing.T) { journeySpend(t, start(t, options{BypassCSP: true, Postgres: true}), true) })
	t.Run("no-javascript", func(t *testing.T) { journeySpend(t, start(t, options{NoJS: true}), false) })
}

const spendUploadForm = `form.spend-upload`

func journeySpend(t *testing.T, h *harness, axe bool) {
	check := func(name string) {
		if axe {
			h.axe(name)
		}
	}
	ctx := context.Background()
	st := h.App.Store
	sovCVR, otherCVR := validCVR(501), validCVR(502)
	sov := &samspil.Organisation{CVR: sovCVR, Name: "Grøn Vask Socialøkonomi", Kind: samspil.OrgSOV, MunicipalityCode: "0751"}
	if err := st.CreateOrganisation(ctx, sov); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetRSVRegistration(ctx, sov.ID, true); err != nil {
		t.Fatal(err)
	}
	p := newPerson(t, 1)
	h.storedPerson(p, false, "0751")
	h.logIn(p)

	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	header := "Leverandør CVR;Leverandørnavn;Beløb;Bogføringsdato;Fakturanummer;CPV\r\n"
	good := sovCVR + ";Grøn Vask;25.000,00;14-02-2025;A-100;98310000-9\r\n" +
		otherCVR + ";Anlæg og Vej A/S;475.000,00;03-04-2025;A-101;45000000-7\r\n"
	bad := write("kreditorposter.csv", header+good+"12345678;Tastefejl ApS;1.500,00;10-05-2025;A-102;\r\n")
	fixed := write("kreditorposter-rettet.csv", header+good+validCVR(503)+";Tastefejl ApS;1.500,00;10-05-2025;A-102;\r\n")

	// From the municipality's page to its empty spend page.
	h.open("/kommuner/0751")
	h.submitOK(`a[href="/kommuner/0751/indkoeb"]`)
	h.wantText("Der er ikke importeret indkøb endnu")
	check("/kommuner/0751/indkoeb (empty)")
	h.submitOK(`.empty-state a[href="/kommuner/0751/indkoeb/import"]`)
	check("/kommuner/0751/indkoeb/import")

	upload := func(path string) {
		h.do("choose "+filepath.Base(path), chromedp.SetUploadFiles(chromedp.CSS(spendUploadForm+` input[name="file"]`), []string{path}))
		h.submitOK(spendUploadForm + ` button[type="submit"]`)
	}

	// The file with a bad line: the mapping, then the line's error.
	upload(bad)
	h.wantText("Kontrollér kolonnerne", "Fundet i filen: Semikolon (;)", "Tastefejl ApS")
	if got := h.value(`select[name="map_amount"]`); got != "2" {
		h.fail("the amount was guessed as column %q, want 2", got)
	}
	check("mapping")
	if resp := h.submit(`form.spend-mapping button.spend-check`); resp.Status != 422 {
		h.fail("a file with a bad line gave status %d, want 422", resp.Status)
	}
	h.wantText("1 fejl i filen", "Intet er importeret", "12345678")
	if got := h.text(`table.spend-errors tbody th`); got != "4" {
		h.fail("the error is on line %q, want 4", got)
	}
	check("preview with an error")
	if _, n, err := st.FindPurchaseImports(ctx, "0751", 0, 10); err != nil || n != 0 {
		h.fail("%d imports after a preview with errors (err %v)", n, err)
	}

	// Fixed and uploaded again: the preview offers the import.
	h.submitOK(`a[href="/kommuner/0751/indkoeb/import"]`)
	upload(fixed)
	h.submitOK(`form.spend-mapping button.spend-check`)
	h.wantText("Alle 3 linjer kan læses", "501.500,00 kr.")
	check("preview without errors")
	h.submitOK(`form[action$="/gem"] button[type="submit"]`)
	h.wantText("Filen er importeret", "3 nye linjer", "25.000,00 kr.", "4,9 %")
	check("import result")

	// The spend page shows the share.
	h.submitOK(`a.button[href="/kommuner/0751/indkoeb"]`)
	h.wantText("501.500,00 kr.", "25.000,00 kr.", "4,9 %", "Grøn Vask Socialøkonomi", "RSV-registreret", "1. kvartal")
	if !h.exists(`svg[role="img"] title`) {
		h.fail("the spend page has no chart with a title")
	}
	check("/kommuner/0751/indkoeb")
	h.screenshot("spend-dashboard")

	// In English, narrowed to the first quarter.
	h.open("/kommuner/0751/indkoeb?aar=2025&kvartal=1&lang=en")
	h.wantText("Purchasing in Aarhus Municipality", "DKK 25,000.00", "100.0%", "Quarter 1")
	check("/kommuner/0751/indkoeb (English, quarter 1)")
	h.open("/kommuner/0751/indkoeb?lang=da")

	// The history lists the import.
	h.open("/kommuner/0751/indkoeb/importer")
	h.wantText("kreditorposter-rettet.csv", p.Name)
	check("/kommuner/0751/indkoeb/importer")

	// Undo, behind a confirmation page, takes the spend away again.
	h.submitOK(`table a[href$="/fortryd"]`)
	h.wantText("Vil du fortryde importen af kreditorposter-rettet.csv")
	check("undo confirmation")
	h.submitOK(`form[action$="/fortryd"] button[type="submit"]`)
	h.wantText("Importen er fortrudt", "Der er ikke importeret nogen filer endnu")
	h.open("/kommuner/0751/indkoeb")
	h.wantText("Der er ikke importeret indkøb endnu")
}
