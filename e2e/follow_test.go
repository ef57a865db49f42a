package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/jobs"
)

// askAsMunicipality stores a question from a colleague in a municipality,
// as if asked on the questions page (which has its own journey).
func (h *harness) askAsMunicipality(code, title string, tags []string) *samspil.Question {
	h.t.Helper()
	ctx := context.Background()
	st := h.App.Store
	k, err := st.FindMunicipalityOrganisation(ctx, code)
	if err != nil {
		h.t.Fatal(err)
	}
	now := time.Now().UTC()
	u := &samspil.User{Email: "kollega-" + code + "@kommune.test", Name: "Kirsten Kollega", PasswordHash: "x", EmailConfirmedAt: &now, Locale: "da"}
	if err := st.CreateUser(ctx, u); err != nil {
		h.t.Fatal(err)
	}
	if err := st.CreateMembership(ctx, &samspil.Membership{UserID: u.ID, OrganisationID: k.ID, Role: samspil.RoleMember, Status: samspil.MembershipActive}); err != nil {
		h.t.Fatal(err)
	}
	q := &samspil.Question{AuthorID: u.ID, OrganisationID: k.ID, Title: title, Body: "Vi overvejer at udskille vores værksted. Hvordan gjorde I?",
		Visibility: samspil.QuestionPublic, Tags: tags}
	if err := st.CreateQuestion(ctx, q); err != nil {
		h.t.Fatal(err)
	}
	return q
}

// makeMunicipalAdmin gives the signed-up person the admin role of a
// municipality's organisation, as its admins would by approving a request.
func (h *harness) makeMunicipalAdmin(email, code string) {
	h.t.Helper()
	ctx := context.Background()
	st := h.App.Store
	u, err := st.FindUserByEmail(ctx, email)
	if err != nil {
		h.t.Fatal(err)
	}
	k, err := st.FindMunicipalityOrganisation(ctx, code)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := st.CreateMembership(ctx, &samspil.Membership{UserID: u.ID, OrganisationID: k.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}); err != nil {
		h.t.Fatal(err)
	}
}

// TestJourneyFollowTagDigest: a person follows a subject on the follows
// page, a colleague asks a question with that subject, the question shows
// in the person's inbox at once, and the daily follow digest (the job's
// own function, as the queue runs it at 07:00) e-mails it; the e-mail is
// caught by the test SMTP server and links to the question.
func TestJourneyFollowTagDigest(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeyFollowTagDigest(start(t, options{})) })
	t.Run("postgres", func(t *testing.T) { journeyFollowTagDigest(start(t, options{Postgres: true})) })
}

func journeyFollowTagDigest(h *harness) {
	t := h.t
	t.Helper()
	p := newPerson(t, 1)
	h.signUp(p)
	h.logIn(p)

	h.open("/foelger")
	h.wantText("Du følger ikke noget endnu")
	h.typeInto(`#follow-tag`, "Afknopning")
	h.submitOK(`form[action="/foelg"]:has(#follow-tag) button[type="submit"]`)
	if h.location().Path != "/foelger" {
		h.fail("after following the browser is at %s", h.location().Path)
	}
	h.wantText("Du følger det nu.", "#afknopning")
	h.screenshot("follows")

	q := h.askAsMunicipality("0461", "Hvordan afknopper man et kommunalt værksted?", []string{"afknopning", "værksted"})

	// At once in the inbox, marked as coming from a follow.
	h.open("/notifikationer")
	h.wantText("Hvordan afknopper man et kommunalt værksted?", "(fra noget du følger)")
	if href := h.attr(`.note-list a`, "href"); href != "/spoergsmaal/"+itoa(q.ID) {
		h.fail("the notification links to %q", href)
	}

	// Nothing is e-mailed one by one: the digest collects it.
	if n := len(h.Mail.MessagesTo(p.Email)); n != 1 { // the confirmation only
		h.fail("%d e-mails to the follower before the digest, want only the confirmation", n)
	}
	sent, err := jobs.SendFollowDigests(context.Background(), h.App.Store, h.App.Mailer, h.Base, time.Now().UTC())
	if err != nil || sent != 1 {
		h.fail("follow digest: sent %d, err %v", sent, err)
	}
	link := h.waitForLink(p.Email, "/spoergsmaal/"+itoa(q.ID))
	msgs := h.Mail.MessagesTo(p.Email)
	digest := msgs[len(msgs)-1]
	if !strings.Contains(digest.Text, "Hvordan afknopper man et kommunalt værksted?") {
		h.fail("the digest does not name the question:\n%s", digest.Text)
	}
	// The link in the e-mail opens the question.
	h.open(strings.TrimPrefix(link, h.Base))
	h.wantText("Hvordan afknopper man et kommunalt værksted?")

	// A second run sends nothing new.
	if sent, err := jobs.SendFollowDigests(context.Background(), h.App.Store, h.App.Mailer, h.Base, time.Now().UTC().Add(25*time.Hour)); err != nil || sent != 0 {
		h.fail("second digest run: sent %d, err %v", sent, err)
	}

	// Stop following from the follows page.
	h.open("/foelger")
	h.submitOK(`.follow-list form[action="/foelg/stop"] button[type="submit"]`)
	h.wantText("Du følger det ikke længere.", "Du følger ikke noget endnu")
}

// TestJourneyMunicipalityStrategy: a municipality's admin records the
// strategy without JavaScript (preview, more goal rows, save), the
// national map and the municipality's page show it, and a visitor follows
// the municipality.
func TestJourneyMunicipalityStrategy(t *testing.T) {
	h := start(t, options{NoJS: true})
	p := newPerson(t, 1)
	h.signUp(p)
	h.makeMunicipalAdmin(p.Email, "0751")
	h.logIn(p)

	h.open("/kommuner/0751")
	h.wantText("Aarhus har ikke registreret en strategi")
	h.submitOK(`a[href="/kommuner/0751/strategi"]`)
	const form = `form[action="/kommuner/0751/strategi"]`
	h.typeInto(form+` input[name="title"]`, "Aarhus' strategi for socialøkonomi")
	// A date field and a text area are filled through the DOM: typing
	// into a date picker depends on the browser's locale.
	h.choose(form+` input[name="adopted_on"]`, "2022-03-15")
	h.choose(form+` textarea[name="text"]`, "## Formål\n\nFlere **partnerskaber**.")
	h.submitOK(form + ` button[name="preview"]`)
	if !h.exists(`.markdown-preview strong`) {
		h.fail("the preview shows no rendered text")
	}
	h.screenshot("strategy-form-preview")
	h.typeInto(form+` input[aria-label="Mål 1: beskrivelse"]`, "Partnerskaber med SØV")
	h.typeInto(form+` input[aria-label="Mål 1: måltal"]`, "25")
	h.typeInto(form+` input[aria-label="Mål 1: enhed"]`, "partnerskaber")
	h.typeInto(form+` input[aria-label="Mål 1: år"]`, "2028")
	h.typeInto(form+` input[name="budget"]`, "1.250.000")
	h.submitOK(form + ` button.button:not([name])`)
	if h.location().Path != "/kommuner/0751" {
		h.fail("after saving the browser is at %s", h.location().Path)
	}
	h.wantText("Strategien er gemt.", "Aarhus' strategi for socialøkonomi", "Partnerskaber med SØV", "1.250.000 kr.")
	h.screenshot("municipality-strategy")

	h.open("/kommuner?measure=strategy")
	h.screenshot("national-map")
	if title := run(h, "read Aarhus' map title", chromedp.Evaluate[string](`document.querySelector('a.map-area[href="/kommuner/0751"] title').textContent`)); !strings.Contains(title, "Aarhus: Strategi vedtaget") {
		h.fail("Aarhus' map title is %q", title)
	}
	h.wantText("Ingen strategi: 97")
	h.submitOK(`a.map-area[href="/kommuner/0751"]`)
	if h.location().Path != "/kommuner/0751" {
		h.fail("the map area led to %s", h.location().Path)
	}
	h.submitOK(`.follow-form button[type="submit"]`)
	h.wantText("Du følger det nu.")
}

// TestAccessibilityMunicipalities runs axe-core on the national overview
// (each measure, filtered, sorted, English), one municipality, the
// strategy form with errors, and the follows page.
func TestAccessibilityMunicipalities(t *testing.T) {
	// The demo's strategies, units, partnerships and cases fill the map
	// and the table with every category.
	h := start(t, options{BypassCSP: true, Demo: true})
	outer := t
	check := func(name, path string, prepare func()) {
		t.Run(name, func(t *testing.T) {
			h.t = t
			defer func() { h.t = outer }()
			if prepare != nil {
				prepare()
			} else {
				h.open(path)
			}
			if vs := h.axeCheck(); len(vs) > 0 {
				t.Error(formatViolations(path, vs))
			}
		})
	}
	check("national", "/kommuner", func() {
		h.open("/kommuner")
		h.screenshot("national-demo")
	})
	check("national-unit", "/kommuner?measure=unit", nil)
	check("national-partnerships", "/kommuner?measure=partnerships&region=1082&sort=cases&dir=desc", nil)
	check("national-cases", "/kommuner?measure=cases&has=no_strategy", nil)
	check("national-en", "/kommuner?lang=en", nil)
	check("municipality", "/kommuner/0101?lang=da", nil)
	p := newPerson(t, 2)
	h.signUp(p)
	h.makeMunicipalAdmin(p.Email, "0101")
	h.logIn(p)
	check("strategy-form", "/kommuner/0101/strategi", nil)
	check("strategy-form-errors", "/kommuner/0101/strategi (sent empty)", func() {
		h.open("/kommuner/0101/strategi")
		h.choose(`input[name="adopted_on"]`, "2099-01-01")
		h.submit(`form[action="/kommuner/0101/strategi"] button.button:not([name])`)
		if !h.exists(".error-summary") {
			h.fail("no error summary")
		}
	})
	check("municipality-signed-in", "/kommuner/0101", nil)
	check("follows", "/foelger", nil)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
