package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/password"
)

// storedPerson puts a confirmed account straight into the app's store: an
// editor of the secretariat, or a member of a municipality's organisation
// (kommunekode), so a journey can start where the rights already are.
func (h *harness) storedPerson(p person, editor bool, kommune string) *samspil.User {
	h.t.Helper()
	ctx := context.Background()
	st := h.App.Store
	hash, err := password.Hash(p.Password)
	if err != nil {
		h.t.Fatal(err)
	}
	now := time.Now().UTC()
	u := &samspil.User{Email: p.Email, Name: p.Name, PasswordHash: hash, EmailConfirmedAt: &now, Locale: "da"}
	if err := st.CreateUser(ctx, u); err != nil {
		h.t.Fatalf("creating %s: %v", p.Email, err)
	}
	if editor {
		if _, err := st.UpdateUser(ctx, u.ID, samspil.UserUpdate{IsEditor: &editor}); err != nil {
			h.t.Fatal(err)
		}
	}
	if kommune != "" {
		k, err := st.FindMunicipalityOrganisation(ctx, kommune)
		if err != nil {
			h.t.Fatal(err)
		}
		m := &samspil.Membership{UserID: u.ID, OrganisationID: k.ID, Role: samspil.RoleMember, Status: samspil.MembershipActive}
		if err := st.CreateMembership(ctx, m); err != nil {
			h.t.Fatal(err)
		}
	}
	return u
}

// setValue puts text into a field at once (a whole chapter would take long
// to type key by key); the page's own scripts are not involved.
func (h *harness) setValue(sel, text string) {
	h.t.Helper()
	h.do("fill "+sel, chromedp.SetValue(chromedp.CSS(sel), text, chromedp.NodeVisible))
}

// axe fails the test (not at once) with the page's WCAG violations.
func (h *harness) axe(name string) {
	h.t.Helper()
	if vs := h.axeCheck(); len(vs) > 0 {
		h.t.Error(formatViolations(name, vs))
	}
}

const guideEditForm = `form[action="/vejledning/reserveret-kontrakt/rediger"]`

// TestJourneyGuideEditAndCompare: an editor of the secretariat opens a
// chapter from the table of contents, edits it in Markdown, previews the
// change without saving, saves it, and compares the new version with the
// old one; then edits again while a colleague saves in between, is told,
// finds their text still in the form, and saves on top of the newer
// version. Every page passes axe. It runs on SQLite and on PostgreSQL.
func TestJourneyGuideEditAndCompare(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeyGuide(t, start(t, options{BypassCSP: true})) })
	t.Run("postgres", func(t *testing.T) { journeyGuide(t, start(t, options{BypassCSP: true, Postgres: true})) })
}

func journeyGuide(t *testing.T, h *harness) {
	ed := newPerson(t, 1)
	h.storedPerson(ed, true, "")
	h.logIn(ed)

	h.open("/vejledning")
	h.wantText("Vejledning om samarbejdsmodeller", "Reserveret kontrakt")
	if !h.exists(`link[rel="alternate"][type="application/atom+xml"][href="/feeds/guide.atom"]`) {
		h.fail("the table of contents does not link the guide's feed")
	}
	h.axe("/vejledning")
	h.submitOK(`.guide-toc a[href="/vejledning/reserveret-kontrakt"]`)
	h.wantText("Version 1, opdateret", "Indhold", "Erfaringer med")
	if !h.exists(`.guide-toc-inpage a[href^="#"]`) {
		h.fail("the chapter has no in-page table of contents")
	}
	h.axe("/vejledning/reserveret-kontrakt")

	// Edit: add a paragraph, preview it, then save.
	h.submitOK(`a[href="/vejledning/reserveret-kontrakt/rediger"]`)
	body := h.value(guideEditForm + ` textarea[name="body"]`)
	if !strings.Contains(body, "## ") {
		h.fail("the edit form does not hold the chapter's Markdown")
	}
	const added = "Nyt afsnit fra sekretariatet om tærskelværdier i 2026."
	h.setValue(guideEditForm+` textarea[name="body"]`, body+"\n\n## Nyt fra sekretariatet\n\n"+added+"\n")
	h.typeInto(guideEditForm+` input[name="note"]`, "Tilføjet afsnit om tærskelværdier")
	h.submitOK(guideEditForm + ` button[value="preview"]`)
	h.wantText("Forhåndsvisning", added)
	if got := h.value(guideEditForm + ` textarea[name="body"]`); !strings.Contains(got, added) {
		h.fail("the preview lost the text")
	}
	h.axe("edit with preview")
	h.submitOK(guideEditForm + ` button[value="save"]`)
	if got := h.location().Path; got != "/vejledning/reserveret-kontrakt" {
		h.fail("after saving the browser is at %s", got)
	}
	h.wantText("Kapitlet er gemt som en ny version.", "Version 2, opdateret", ed.Name, added)

	// History and comparison.
	h.submitOK(`a[href="/vejledning/reserveret-kontrakt/versioner"]`)
	h.wantText("Kapitlet har 2 versioner", "Tilføjet afsnit om tærskelværdier", "Første udgave")
	h.axe("/vejledning/reserveret-kontrakt/versioner")
	h.submitOK(`a[href="/vejledning/reserveret-kontrakt/sammenlign?fra=1&til=2"]`)
	h.wantText("Sammenlign versioner", "Tilføjede linjer:", "+ Tilføjet", added)
	h.axe("/vejledning/reserveret-kontrakt/sammenlign")
	// The comparison form with other numbers, and a version that does not exist.
	h.typeInto(`form.guide-compare-form input[name="fra"]`, "2")
	h.typeInto(`form.guide-compare-form input[name="til"]`, "1")
	h.submitOK(`form.guide-compare-form button[type="submit"]`)
	h.wantText("− Fjernet", added)
	h.openStatus("/vejledning/reserveret-kontrakt/sammenlign?fra=1&til=7", 404)
	h.wantText("Kapitlet har ingen version 7")

	// A colleague saves while the editor is writing.
	h.open("/vejledning/reserveret-kontrakt/rediger")
	mine := h.value(guideEditForm+` textarea[name="body"]`) + "\nMin egen tilføjelse, som ikke må gå tabt.\n"
	h.setValue(guideEditForm+` textarea[name="body"]`, mine)
	colleague := h.storedPerson(newPerson(t, 2), true, "")
	ch, err := h.App.Store.FindGuideChapter(context.Background(), "reserveret-kontrakt")
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.App.Store.UpdateGuideChapter(samspil.WithActor(context.Background(), colleague.ID), "reserveret-kontrakt",
		samspil.GuideEdit{Title: ch.Title, Summary: ch.Summary, Body: ch.Body + "\n\nKollegaens rettelse.", Note: "Rettelse", BaseVersion: ch.Version})
	if err != nil {
		t.Fatal(err)
	}
	if resp := h.submit(guideEditForm + ` button[value="save"]`); resp.Status != 409 {
		h.fail("saving over a newer version answered %d, want 409", resp.Status)
	}
	h.wantText("En anden har gemt kapitlet imens", "Din tekst er ikke gået tabt", "Kollegaens rettelse.")
	if got := h.value(guideEditForm + ` textarea[name="body"]`); !strings.Contains(got, "Min egen tilføjelse, som ikke må gå tabt.") {
		h.fail("the conflict page lost the editor's text")
	}
	h.axe("edit conflict")
	h.submitOK(guideEditForm + ` button[value="save"]`)
	h.wantText("Version 4, opdateret", "Min egen tilføjelse, som ikke må gå tabt.")
}

// TestJourneyGuidePreviewWithoutJavaScript: the preview is a plain form
// button, so an editor whose browser runs no scripts previews and saves.
func TestJourneyGuidePreviewWithoutJavaScript(t *testing.T) {
	h := start(t, options{NoJS: true})
	ed := newPerson(t, 1)
	h.storedPerson(ed, true, "")
	h.logIn(ed)
	h.open("/vejledning/afknopning/rediger")
	body := h.value(guideEditForm2 + ` textarea[name="body"]`)
	h.setValue(guideEditForm2+` textarea[name="body"]`, body+"\n\n- [ ] Et nyt punkt på tjeklisten uden **JavaScript**\n")
	h.submitOK(guideEditForm2 + ` button[value="preview"]`)
	h.wantText("Forhåndsvisning", "Et nyt punkt på tjeklisten uden JavaScript")
	h.submitOK(guideEditForm2 + ` button[value="save"]`)
	h.wantText("Kapitlet er gemt som en ny version.", "Version 2", "Et nyt punkt på tjeklisten uden JavaScript")
}

const guideEditForm2 = `form[action="/vejledning/afknopning/rediger"]`
