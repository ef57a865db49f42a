package mail_test

import (
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

// TestPbrNotificationMessages renders every payment-by-result kind in both
// languages (and the Danish fallback), with values that need escaping.
func TestPbrNotificationMessages(t *testing.T) {
	args := map[string]string{"Contract": "Job <og> trivsel", "Number": "3", "Count": "12", "Note": "Loftet \"hæves\"."}
	cases := []struct {
		kind     samspil.NotificationKind
		da, en   string // in the subject
		daT, enT string // in the text
	}{
		{samspil.NotePbrApprovalWanted, "venter på jeres godkendelse", "awaits your approval", "godkend udkastet", "approve the draft"},
		{samspil.NotePbrActive, "er godkendt og aktiv", "is approved and active", "nummererede tillæg", "numbered amendments"},
		{samspil.NotePbrAmendment, "Tillæg nr. 3 til", "Amendment 3 to", `Loftet "hæves".`, `Loftet "hæves".`},
		{samspil.NotePbrAmendmentDone, "Tillæg nr. 3 til", "Amendment 3 to", "kontrolleret igen", "checked again"},
		{samspil.NotePbrClaims, "12 nye anmeldelser", "12 new claims", "anmeldt 12 resultater", "claimed 12 outcomes"},
		{samspil.NotePbrClaimsDecided, "12 anmeldelser", "12 claims", "afgjort 12 af jeres anmeldelser", "decided 12 of your claims"},
		{samspil.NotePbrStatement, "Opgørelse nr. 3 for", "Statement 3 for", "godkend den for jeres part", "approve it for your party"},
		{samspil.NotePbrStatementClosed, "Opgørelse nr. 3 for", "Statement 3 for", "næste opgørelse", "next statement"},
	}
	for _, c := range cases {
		for _, lang := range []string{"da", "en", "de"} {
			n := &samspil.Notification{Kind: c.kind, Link: "/resultatkontrakter/7", Args: args}
			m, ok := mail.Notification(lang, "anne@example.dk", "Anne", n, "https://samspil.example/")
			if !ok {
				t.Fatalf("%s %s: no e-mail", lang, c.kind)
			}
			subj, text := c.da, c.daT
			if lang == "en" {
				subj, text = c.en, c.enT
			}
			if m.To != "anne@example.dk" || strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.Subject, subj) ||
				!strings.Contains(m.Subject, "Job <og> trivsel") {
				t.Errorf("%s %s: subject %q", lang, c.kind, m.Subject)
			}
			if !strings.Contains(m.Text, text) || !strings.Contains(m.Text, "https://samspil.example/resultatkontrakter/7") || strings.Contains(m.Text, "&lt;") {
				t.Errorf("%s %s: text %q", lang, c.kind, m.Text)
			}
			if !strings.Contains(m.HTML, "Job &lt;og&gt; trivsel") || strings.Contains(m.HTML, "<og>") ||
				!strings.Contains(m.HTML, `href="https://samspil.example/resultatkontrakter/7"`) {
				t.Errorf("%s %s: html %q", lang, c.kind, m.HTML)
			}
		}
	}
	// One claim reads in the singular; without a number or note the
	// sentences still read.
	m, ok := mail.Notification("en", "a@example.dk", "", &samspil.Notification{Kind: samspil.NotePbrClaimsDecided, Link: "/x",
		Args: map[string]string{"Contract": "X", "Count": "1"}}, "https://samspil.example")
	if !ok || m.Subject != `A claim in "X" has been decided` || !strings.Contains(m.Text, "decided one of your claims") {
		t.Fatalf("one decided claim = %q / %q", m.Subject, m.Text)
	}
	m, ok = mail.Notification("da", "a@example.dk", "", &samspil.Notification{Kind: samspil.NotePbrAmendment, Link: "/x",
		Args: map[string]string{"Contract": "X"}}, "https://samspil.example")
	if !ok || m.Subject != `Tillæg til "X" venter på jeres godkendelse` || strings.Contains(m.Text, "Begrundelsen") {
		t.Fatalf("bare amendment = %q / %q", m.Subject, m.Text)
	}
}
