package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	samspil "github.com/samspil/samspil"
)

const caseForm = `form[action="/erfaringer"]`

// TestJourneyCaseThroughReview: a member of an SØV tells about a case in
// the form (with a typing mistake that comes back next to its field and
// the Markdown preview), sends it for review; an editor of the secretariat
// finds it in the queue and publishes it; an anonymous visitor finds it in
// the public library, whose page links the cases' feed. Every page of the
// journey passes axe. It runs on SQLite and on PostgreSQL.
func TestJourneyCaseThroughReview(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeyCase(t, start(t, options{BypassCSP: true})) })
	t.Run("postgres", func(t *testing.T) { journeyCase(t, start(t, options{BypassCSP: true, Postgres: true})) })
}

func journeyCase(t *testing.T, sov *harness) {
	// The SØV's member: an account, signed in, and the organisation.
	sp := newPerson(t, 1)
	sov.storedPerson(sp, false, "")
	sov.logIn(sp)
	sov.createOrganisation(newOrg{Name: "Grøn Vask Socialøkonomi", CVR: validCVR(41), Kind: "sov", Municipality: "0751"})

	// The library, empty, and the form.
	sov.open("/erfaringer")
	if !sov.exists(`link[rel="alternate"][type="application/atom+xml"][href="/feeds/cases.atom"]`) {
		sov.fail("the library does not link the cases' feed")
	}
	sov.axe("/erfaringer (empty)")
	sov.submitOK(`a[href="/erfaringer/ny"]`)
	sov.typeInto(caseForm+` input[name="title"]`, "Vask af arbejdstøj på reserveret kontrakt")
	sov.typeInto(caseForm+` textarea[name="summary"]`, "Aarhus Kommune reserverede vask af arbejdstøj til en socialøkonomisk virksomhed.")
	sov.choose(caseForm+` select[name="model"]`, "reserveret_kontrakt")
	sov.choose(caseForm+` select[name="municipality_code"]`, "0751")
	sov.check(caseForm + ` input[name="target_groups"][value="udsatte_ledige"]`)
	sov.setValue(caseForm+` textarea[name="what_was_done"]`, "Kommunen delte udbuddet og **reserverede** vask efter udbudslovens § 20.\n\n- dialog først\n- kontrakt på to år")
	sov.typeInto(caseForm+` input[name="partners.0.name"]`, "Aarhus Kommune")
	sov.typeInto(caseForm+` input[name="partners.0.role"]`, "køber")
	sov.typeInto(caseForm+` input[name="results.0.metric"]`, "Medarbejdere i ordinært job")
	sov.typeInto(caseForm+` input[name="results.0.value"]`, "3,5,")
	sov.typeInto(caseForm+` input[name="results.0.unit"]`, "personer")
	sov.typeInto(caseForm+` input[name="results.0.period"]`, "2024")
	sov.typeInto(caseForm+` input[name="value"]`, "1.250.000")
	sov.typeInto(caseForm+` input[name="contact_name"]`, "Mette Jensen")
	sov.typeInto(caseForm+` input[name="contact_email"]`, "mette@groenvask.test")

	// The preview shows the Markdown rendered and saves nothing.
	sov.submitOK(caseForm + ` button[value="preview"]`)
	sov.wantText("Forhåndsvisning", "Intet er gemt endnu")
	if !sov.exists(`.case-preview strong`) {
		sov.fail("the preview does not render the Markdown")
	}
	sov.axe("/erfaringer (form with preview)")

	// A value with a typo comes back next to its field, nothing lost.
	if resp := sov.submit(caseForm + ` button[value="save"]`); resp.Status != 422 {
		sov.fail("a malformed value gave status %d, want 422", resp.Status)
	}
	if sov.attr(caseForm+` input[name="results.0.value"]`, "aria-invalid") != "true" {
		sov.fail("the value field is not marked aria-invalid")
	}
	if got := sov.value(caseForm + ` input[name="title"]`); got != "Vask af arbejdstøj på reserveret kontrakt" {
		sov.fail("the form lost the title: %q", got)
	}
	sov.axe("/erfaringer (form with an error)")
	sov.typeInto(caseForm+` input[name="results.0.value"]`, "3,5")
	sov.submitOK(caseForm + ` button[value="save"]`)
	casePage := sov.location().Path
	if !strings.HasPrefix(casePage, "/erfaringer/") {
		sov.fail("after saving, the browser is at %s", casePage)
	}
	sov.wantText("Kladden er gemt", "Kladde", "Medarbejdere i ordinært job", "3,5", "1.250.000 kr.")
	sov.axe(casePage + " (draft)")

	// Sent for review after the confirmation page.
	sov.submitOK(`a[href="` + casePage + `/indsend"]`)
	sov.axe(casePage + "/indsend")
	sov.submitOK(`form[action="` + casePage + `/indsend"] button[type="submit"]`)
	sov.wantText("Erfaringen er sendt til godkendelse")

	// The editor publishes it from the queue.
	editor := sov.otherPerson()
	ep := newPerson(t, 2)
	editor.storedPerson(ep, true, "")
	editor.logIn(ep)
	editor.open("/erfaringer/review")
	editor.wantText("Vask af arbejdstøj på reserveret kontrakt")
	editor.axe("/erfaringer/review")
	editor.submitOK(`a[href="` + casePage + `/udgiv"]`)
	editor.axe(casePage + "/udgiv")
	editor.submitOK(`form[action="` + casePage + `/udgiv"] button[type="submit"]`)
	editor.wantText("Erfaringen er offentliggjort")

	// A visitor finds it in the public library.
	visitor := sov.otherPerson()
	visitor.open("/erfaringer")
	visitor.wantText("Vask af arbejdstøj på reserveret kontrakt", "Reserveret kontrakt")
	visitor.axe("/erfaringer")
	visitor.submitOK(`.case-list a[href="` + casePage + `"]`)
	visitor.wantText("Aarhus Kommune reserverede vask", "Medarbejdere i ordinært job", "Start et lignende partnerskab")
	if !visitor.exists(`.prose strong`) {
		visitor.fail("the case page does not render the Markdown")
	}
	visitor.screenshot("case-published")
	visitor.axe(casePage)
}

// TestJourneyCaseUploads: in a real browser, a small PDF is attached and
// listed with its type and size, a web page renamed to .pdf is refused by
// its content, and a 25 MB file is refused with a clear message that the
// browser shows (the server answers 413 without reading the body).
func TestJourneyCaseUploads(t *testing.T) {
	h := start(t, options{})
	p := newPerson(t, 1)
	u := h.storedPerson(p, false, "0751")
	h.logIn(p)
	ctx := context.Background()
	k, err := h.App.Store.FindMunicipalityOrganisation(ctx, "0751")
	if err != nil {
		t.Fatal(err)
	}
	c := &samspil.Case{OrganisationID: k.ID, Title: "Erfaring med bilag", Model: samspil.ModelPilot, MunicipalityCode: "0751", CreatedBy: u.ID}
	if err := h.App.Store.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := func(name string, content []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pdf := file("rapport.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))
	fake := file("falsk.pdf", []byte("<!doctype html><html><body><script>alert(1)</script></body></html>"))
	big := file("stor.pdf", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("a"), 25<<20)...))
	page := "/erfaringer/" + strconv.FormatInt(c.ID, 10)
	upload := func(path string) int64 {
		h.open(page)
		h.do("choose "+filepath.Base(path), chromedp.SetUploadFiles(chromedp.CSS(`form.case-upload input[name="file"]`), []string{path}))
		return h.submit(`form.case-upload button[type="submit"]`).Status
	}
	if st := upload(pdf); st >= 400 {
		h.fail("a real PDF gave status %d", st)
	}
	h.wantText("Filen er vedhæftet", "rapport.pdf", "PDF")
	if st := upload(fake); st != 422 {
		h.fail("an HTML page named .pdf gave status %d, want 422", st)
	}
	h.wantText("Kun PDF-, Word- (.docx) og Excel-filer (.xlsx) kan vedhæftes")
	if st := upload(big); st != 413 {
		h.fail("a 25 MB file gave status %d, want 413", st)
	}
	h.wantText("Filen må højst fylde 20 MB")
	if n := len(mustCase(t, h, c.ID).Attachments); n != 1 {
		h.fail("%d files stored, want 1", n)
	}
}

func mustCase(t *testing.T, h *harness, id int64) *samspil.Case {
	t.Helper()
	c, err := h.App.Store.FindCaseByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
