package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/refdata"
)

// mailWait bounds the wait for an e-mail; delivery is in-process, so this
// only guards against a message that never comes.
const mailWait = 30 * time.Second

// person is a visitor who signs up in a test.
type person struct {
	Name, Email, Password string
}

func newPerson(t *testing.T, n int) person {
	slug := strings.NewReplacer("/", "-", " ", "-", "_", "-").Replace(strings.ToLower(t.Name()))
	return person{
		Name:     fmt.Sprintf("Testperson Ærø %d", n),
		Email:    fmt.Sprintf("%s-%d@example.test", slug, n),
		Password: "et langt og hemmeligt kodeord 2026",
	}
}

// signUp fills in the sign-up form, then opens the confirmation link from
// the e-mail that the server really sent.
func (h *harness) signUp(p person) {
	h.t.Helper()
	h.open("/opret-konto")
	const form = `form[action="/opret-konto"]`
	h.typeInto(form+` input[name="name"]`, p.Name)
	h.typeInto(form+` input[name="email"]`, p.Email)
	h.typeInto(form+` input[name="password"]`, p.Password)
	h.submitOK(form + ` button[type="submit"]`)
	h.wantText(p.Email) // "we sent a link to …"

	link := h.waitForLink(p.Email, "/bekraeft")
	if !strings.HasPrefix(link, h.Base+"/") {
		h.fail("the confirmation link %q does not point at the server %s", link, h.Base)
	}
	h.open(link) // confirms and leads to the sign-in page
	if got := h.location().Path; got != "/log-ind" {
		h.fail("after confirming, the browser is at %s, want /log-ind", got)
	}
}

// waitForLink waits for an e-mail to the address with a link whose path
// contains pathPart, and returns the link. Earlier e-mails to the same
// address (a confirmation before a reset) do not count.
func (h *harness) waitForLink(to, pathPart string) string {
	h.t.Helper()
	deadline := time.Now().Add(mailWait)
	for {
		msgs := h.Mail.MessagesTo(to)
		for i := len(msgs) - 1; i >= 0; i-- {
			for _, l := range mailtest.Links(msgs[i].Text) {
				if strings.Contains(l, pathPart) {
					return l
				}
			}
		}
		if time.Now().After(deadline) {
			var got []string
			for _, m := range msgs {
				got = append(got, m.Subject+":\n"+m.Text)
			}
			h.t.Fatalf("no e-mail to %s with a %s link within %s; got %d:\n%s", to, pathPart, mailWait, len(msgs), strings.Join(got, "\n---\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// logIn signs in through the form and checks that the header offers to
// sign out.
func (h *harness) logIn(p person) {
	h.t.Helper()
	if h.location().Path != "/log-ind" {
		h.open("/log-ind")
	}
	const form = `form[action="/log-ind"]`
	h.typeInto(form+` input[name="email"]`, p.Email)
	h.typeInto(form+` input[name="password"]`, p.Password)
	h.submitOK(form + ` button[type="submit"]`)
	if !h.exists(`form[action="/log-ud"]`) {
		h.fail("after signing in there is no sign-out button")
	}
}

// newOrg is what a test types into the create-organisation form.
type newOrg struct {
	Name, CVR, Kind, Municipality, Description string
}

const orgForm = `form[action="/organisationer/ny"]`

// fillOrganisation opens /organisationer/ny and fills in the form.
func (h *harness) fillOrganisation(o newOrg) {
	h.t.Helper()
	h.open("/organisationer/ny")
	if !h.exists(orgForm) {
		h.fail("no form posting to /organisationer/ny")
	}
	h.choose(orgForm+` select[name="kind"]`, o.Kind)
	h.typeInto(orgForm+` input[name="cvr"]`, o.CVR)
	h.typeInto(orgForm+` input[name="name"]`, o.Name)
	h.choose(orgForm+` select[name="municipality_code"]`, o.Municipality)
	if o.Description != "" {
		h.typeInto(orgForm+` textarea[name="description"]`, o.Description)
	}
}

// submitOrganisation sends the form and returns the new profile's path.
// After creating, the site may show the profile or lead on to a page under
// it (such as the edit page); both count.
func (h *harness) submitOrganisation() string {
	h.t.Helper()
	h.submitOK(orgForm + ` button[type="submit"]`)
	path := h.location().Path
	rest, ok := strings.CutPrefix(path, "/organisationer/")
	id, _, _ := strings.Cut(rest, "/")
	if !ok || id == "" || id == "ny" || strings.Trim(id, "0123456789") != "" {
		h.fail("after creating the organisation the browser is at %s, not on its pages", path)
	}
	return "/organisationer/" + id
}

// createOrganisation fills in and sends /organisationer/ny.
func (h *harness) createOrganisation(o newOrg) string {
	h.t.Helper()
	h.fillOrganisation(o)
	return h.submitOrganisation()
}

// TestJourneySignUpCreateOrganisation: a person signs up, confirms the
// e-mail address with the link from the real e-mail, signs in, creates an
// SØV with a valid CVR number, and finds it in the directory.
// It runs on SQLite and on PostgreSQL.
func TestJourneySignUpCreateOrganisation(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeySignUpCreateOrganisation(t, start(t, options{})) })
	t.Run("postgres", func(t *testing.T) { journeySignUpCreateOrganisation(t, start(t, options{Postgres: true})) })
}

func journeySignUpCreateOrganisation(t *testing.T, h *harness) {
	p := newPerson(t, 1)
	h.signUp(p)
	h.logIn(p)

	org := newOrg{
		Name:         "Grønne Hænder Socialøkonomi ApS",
		CVR:          validCVR(7),
		Kind:         "sov",
		Municipality: "0751", // Aarhus
		Description:  "Vi driver grønne områder med medarbejdere, der har brug for en ny start på arbejdsmarkedet.",
	}
	// A typing error in the CVR number: the form comes back with an error
	// summary that links to the field, and keeps what was typed.
	typo := org
	typo.CVR = "12345678" // fails modulus 11
	h.fillOrganisation(typo)
	if resp := h.submit(orgForm + ` button[type="submit"]`); resp.Status != 422 && resp.Status != 400 {
		h.fail("a CVR number failing modulus 11 gave status %d, want 422 or 400", resp.Status)
	}
	cvrID := h.attr(orgForm+` input[name="cvr"]`, "id")
	if !h.exists(`.error-summary a[href="#` + cvrID + `"]`) {
		h.fail("the error summary has no link to the CVR field #%s", cvrID)
	}
	if h.attr(orgForm+` input[name="cvr"]`, "aria-invalid") != "true" {
		h.fail("the CVR field is not marked aria-invalid")
	}
	if got := h.value(orgForm + ` input[name="name"]`); got != org.Name {
		h.fail("the form lost the typed name: %q", got)
	}
	if got := h.value(orgForm + ` select[name="municipality_code"]`); got != org.Municipality {
		h.fail("the form lost the chosen municipality: %q", got)
	}
	h.typeInto(orgForm+` input[name="cvr"]`, org.CVR)
	profile := h.submitOrganisation()
	h.open(profile)
	if got := h.text("h1"); got != org.Name {
		h.fail("the new profile's heading is %q, want %q", got, org.Name)
	}
	h.wantText("CVR "+org.CVR, "Aarhus")

	// The directory lists it; filtering to SØV in Aarhus finds it, and its
	// link leads to the same profile.
	h.open("/organisationer")
	h.choose(`form.filters select[name="kind"]`, "sov")
	h.choose(`form.filters select[name="municipality"]`, org.Municipality)
	h.submitOK(`form.filters button[type="submit"]`)
	link := `.org-list a[href="` + profile + `"]`
	if !h.exists(link) {
		h.fail("the directory filtered to SØV in Aarhus does not list %s (%s)", org.Name, profile)
	}
	if got := h.text(link); got != org.Name {
		h.fail("the directory shows the link as %q, want %q", got, org.Name)
	}
	h.submitOK(link)
	if h.location().Path != profile {
		h.fail("the directory link led to %s, want %s", h.location().Path, profile)
	}
	if got := h.text("h1"); got != org.Name {
		h.fail("the profile heading is %q, want %q", got, org.Name)
	}
}

// TestJourneyVisitorBrowsesInEnglish: a visitor opens the Danish front
// page, switches to English, filters the directory by region and kind, and
// opens a profile from the results.
func TestJourneyVisitorBrowsesInEnglish(t *testing.T) {
	h := start(t, options{Demo: true})
	h.open("/")
	if lang := h.attr("html", "lang"); lang != "da" {
		h.fail("the front page is in %q, want Danish (da) first", lang)
	}
	h.submitOK(`a.lang-switch[hreflang="en"]`)
	if lang := h.attr("html", "lang"); lang != "en" {
		h.fail("after switching, the page is in %q, want en", lang)
	}

	// The choice sticks while the visitor moves on through the menu.
	h.submitOK(`nav.main-nav a[href="/organisationer"]`)
	if lang := h.attr("html", "lang"); lang != "en" {
		h.fail("the directory is in %q after choosing English", lang)
	}
	const region = "1082" // Region Midtjylland
	h.choose(`form.filters select[name="region"]`, region)
	h.choose(`form.filters select[name="kind"]`, "sov")
	h.submitOK(`form.filters button[type="submit"]`)
	h.screenshot("directory-en-filtered")

	q := h.location().Query()
	if q.Get("region") != region || q.Get("kind") != "sov" {
		h.fail("the filter form sent %v, want region=%s and kind=sov", q, region)
	}
	if h.value(`form.filters select[name="region"]`) != region || h.value(`form.filters select[name="kind"]`) != "sov" {
		h.fail("the filter form does not keep the chosen filters")
	}
	items := run(h, "read the results", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('.org-list .org-item')].map(li => li.innerText)`))
	if len(items) == 0 {
		h.fail("no SØV in region %s in the demo data", region)
	}
	inRegion := map[string]bool{}
	for _, m := range refdata.Municipalities() {
		if m.RegionCode == region {
			inRegion[m.Name] = true
		}
	}
	for _, it := range items {
		found := false
		for name := range inRegion {
			if strings.Contains(it, name) {
				found = true
				break
			}
		}
		if !found {
			h.fail("a result is not in a municipality of region %s:\n%s", region, it)
		}
	}
	if n := len(run(h, "count SØV badges", chromedp.Nodes(chromedp.CSSAll(".org-list .org-item .badge-sov"), chromedp.AtLeast(0)))); n != len(items) {
		h.fail("%d of %d results are marked as SØV", n, len(items))
	}

	first := `.org-list .org-item h3 a`
	name := h.text(first)
	h.submitOK(first)
	if got := h.text("h1"); got != name {
		h.fail("the profile heading is %q, want %q", got, name)
	}
	if lang := h.attr("html", "lang"); lang != "en" {
		h.fail("the profile is in %q after choosing English", lang)
	}
	reg, _ := refdata.RegionByCode(region)
	h.wantText(reg.Name)
}

// TestJourneyWithoutJavaScript: with scripts turned off in the browser, a
// person can still sign up, confirm, sign in, filter the directory, look up
// a CPV code, create an organisation and edit its profile (the CPV picker
// falls back to a plain text field).
func TestJourneyWithoutJavaScript(t *testing.T) {
	h := start(t, options{Demo: true, NoJS: true})
	p := newPerson(t, 2)
	h.signUp(p)
	h.logIn(p)

	h.open("/organisationer")
	h.choose(`form.filters select[name="kind"]`, "kommune")
	h.choose(`form.filters select[name="region"]`, "1081") // Region Nordjylland: 11 municipalities
	h.submitOK(`form.filters button[type="submit"]`)
	q := h.location().Query()
	if q.Get("kind") != "kommune" || q.Get("region") != "1081" {
		h.fail("the filter form sent %v", q)
	}
	n := len(run(h, "count results", chromedp.Nodes(chromedp.CSSAll(".org-list .org-item"), chromedp.AtLeast(0))))
	if n != 11 {
		h.fail("the directory lists %d municipalities in Region Nordjylland, want 11", n)
	}
	h.submitOK(`.org-list .org-item h3 a`)
	if !strings.HasPrefix(h.location().Path, "/organisationer/") {
		h.fail("the result link did not lead to a profile")
	}

	// The CPV look-up page is a plain form.
	h.open("/cpv")
	h.typeInto(`form[action="/cpv"] input[name="q"]`, "rengøring af bygninger")
	h.submitOK(`form[action="/cpv"] button[type="submit"]`)
	h.wantText("90911200-8")

	profile := h.createOrganisation(newOrg{
		Name: "Nordlys Vaskeri", CVR: validCVR(21), Kind: "sov", Municipality: "0851", // Aalborg
	})
	edit := `form[action="` + profile + `/rediger"]`
	h.open(profile + "/rediger")
	h.typeInto(edit+` textarea[name="description"]`, "Vi vasker for plejehjem i Aalborg.")
	h.typeInto(edit+` textarea[name="cpv_codes"]`, "90911200-8")
	h.submitOK(edit + ` button[type="submit"]`)
	h.open(profile)
	h.wantText("Vi vasker for plejehjem i Aalborg.", "90911200-8")
}

// TestJourneyLogOutAndResetPassword: a person signs out, has forgotten the
// password, resets it with the link from the e-mail, and signs in with the
// new one; the old one no longer works.
func TestJourneyLogOutAndResetPassword(t *testing.T) {
	h := start(t, options{})
	p := newPerson(t, 4)
	h.signUp(p)
	h.logIn(p)

	h.submitOK(`form[action="/log-ud"] button[type="submit"]`)
	if h.exists(`form[action="/log-ud"]`) || !h.exists(`a[href="/log-ind"]`) {
		h.fail("after signing out the header still shows a signed-in person")
	}

	h.open("/glemt-adgangskode")
	h.typeInto(`form[action="/glemt-adgangskode"] input[name="email"]`, p.Email)
	h.submitOK(`form[action="/glemt-adgangskode"] button[type="submit"]`)
	link := h.waitForLink(p.Email, "/nulstil-adgangskode")
	h.open(link)
	newPassword := "et helt nyt kodeord til Samspil"
	h.typeInto(`form[action="/nulstil-adgangskode"] input[name="password"]`, newPassword)
	h.submitOK(`form[action="/nulstil-adgangskode"] button[type="submit"]`)
	if got := h.location().Path; got != "/log-ind" {
		h.fail("after the reset the browser is at %s, want /log-ind", got)
	}

	// The old password is refused.
	const form = `form[action="/log-ind"]`
	h.typeInto(form+` input[name="email"]`, p.Email)
	h.typeInto(form+` input[name="password"]`, p.Password)
	if resp := h.submit(form + ` button[type="submit"]`); resp.Status < 400 {
		h.fail("signing in with the old password answered %d", resp.Status)
	}
	if h.exists(`form[action="/log-ud"]`) {
		h.fail("the old password still signs in")
	}
	p.Password = newPassword
	h.logIn(p)
}

// TestJourneyJoinOrganisation: one person creates an organisation; a
// colleague asks to join; the admin gets an e-mail, approves on the members
// page, and the colleague is told by e-mail and is a member.
func TestJourneyJoinOrganisation(t *testing.T) {
	admin := start(t, options{})
	a := newPerson(t, 5)
	admin.signUp(a)
	admin.logIn(a)
	profile := admin.createOrganisation(newOrg{
		Name: "Kaffe og Kager Odense", CVR: validCVR(11), Kind: "sov", Municipality: "0461",
	})

	colleague := admin.otherPerson()
	b := newPerson(t, 6)
	colleague.signUp(b)
	colleague.logIn(b)
	colleague.open(profile)
	colleague.submitOK(`a[href="` + profile + `/medlemskab"]`)
	colleague.submitOK(`form[action="` + profile + `/medlemskab"] button[type="submit"]`)

	// The admin follows the link in the e-mail to the members page.
	link := admin.waitForLink(a.Email, profile+"/medlemmer")
	admin.open(link)
	admin.wantText(b.Email)
	approve := `form[action^="` + profile + `/medlemmer/"][action$="/godkend"] button[type="submit"]`
	if !admin.exists(approve) {
		admin.fail("no approve button for the pending request")
	}
	admin.submitOK(approve)
	if admin.exists(approve) {
		admin.fail("the request is still pending after approving it")
	}
	if !strings.Contains(admin.text(`section[aria-labelledby="active-title"]`), b.Email) {
		admin.fail("%s is not among the active members after approval", b.Email)
	}

	// The colleague is told, and the profile now knows them as a member.
	colleague.waitForLink(b.Email, profile)
	colleague.open(profile)
	if colleague.exists(`a[href="` + profile + `/medlemskab"]`) {
		colleague.fail("the profile still offers to join after approval")
	}
	colleague.open(profile + "/medlemskab")
	if colleague.exists(`form[action="` + profile + `/medlemskab"]`) {
		colleague.fail("the join page still offers to ask after approval")
	}
}
