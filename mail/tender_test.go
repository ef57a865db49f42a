package mail_test

import (
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

// TestTenderNotificationMessages renders every procurement kind in both
// languages (and the Danish fallback), with values that need escaping.
func TestTenderNotificationMessages(t *testing.T) {
	args := map[string]string{"Tender": "Rengøring <og> vinduer", "Buyer": "Københavns Kommune", "Organisation": "Rent & Roligt",
		"Note": "Fristen er \"forlænget\"."}
	cases := []struct {
		kind   samspil.NotificationKind
		da, en string // in the subject
		daT    string // in the Danish text
		enT    string // in the English text
	}{
		{samspil.NoteTenderNew, "Nyt udbud der passer til jer", "A new tender that fits you", "Københavns Kommune har offentliggjort", "Københavns Kommune has published"},
		{samspil.NoteTenderReminder, "Påmindelse", "Reminder", "minder jer om", "reminds you"},
		{samspil.NoteTenderAmended, "er ændret", "has been amended", `Fristen er "forlænget".`, `Fristen er "forlænget".`},
		{samspil.NoteTenderCancelled, "er annulleret", "has been cancelled", "Begrundelsen er", "The reason given is"},
		{samspil.NoteTenderAnswer, "Nyt svar", "A new answer", "for alle interesserede på én gang", "to everyone interested at once"},
		{samspil.NoteTenderQuestion, "Nyt spørgsmål", "A new question", "Spørgeren er anonym", "The asker is anonymous"},
		{samspil.NoteTenderInterest, "Rent & Roligt er interesseret", "Rent & Roligt is interested", "Rent & Roligt har meldt sig", "Rent & Roligt has registered"},
		{samspil.NoteTenderAwarded, "I har fået kontrakten", "You have been awarded", "partnerskab", "partnership"},
	}
	for _, c := range cases {
		for _, lang := range []string{"da", "en", "de"} {
			n := &samspil.Notification{Kind: c.kind, Link: "/udbud/7", Args: args}
			m, ok := mail.Notification(lang, "anne@example.dk", "Anne", n, "https://samspil.example/")
			if !ok {
				t.Fatalf("%s %s: no e-mail", lang, c.kind)
			}
			subj, text := c.da, c.daT
			if lang == "en" {
				subj, text = c.en, c.enT
			}
			if m.To != "anne@example.dk" || strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.Subject, subj) ||
				!strings.Contains(m.Subject, "Rengøring <og> vinduer") {
				t.Errorf("%s %s: subject %q", lang, c.kind, m.Subject)
			}
			if !strings.Contains(m.Text, text) || !strings.Contains(m.Text, "https://samspil.example/udbud/7") || strings.Contains(m.Text, "&lt;") {
				t.Errorf("%s %s: text %q", lang, c.kind, m.Text)
			}
			if !strings.Contains(m.HTML, "Rengøring &lt;og&gt; vinduer") || strings.Contains(m.HTML, "<og>") ||
				!strings.Contains(m.HTML, `href="https://samspil.example/udbud/7"`) {
				t.Errorf("%s %s: html %q", lang, c.kind, m.HTML)
			}
		}
	}
	// Without a buyer or a note the sentences still read.
	m, ok := mail.Notification("da", "a@example.dk", "", &samspil.Notification{Kind: samspil.NoteTenderCancelled, Link: "/udbud/1",
		Args: map[string]string{"Tender": "X"}}, "https://samspil.example")
	if !ok || !strings.Contains(m.Text, "Kommunen har annulleret udbuddet \"X\".") || strings.Contains(m.Text, "Begrundelsen") {
		t.Fatalf("bare cancellation = %q", m.Text)
	}
}
