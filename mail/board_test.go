package mail_test

import (
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
)

func TestNotificationMessages(t *testing.T) {
	kinds := []samspil.NotificationKind{samspil.NoteInterestReceived, samspil.NoteInterestAccepted, samspil.NoteInterestDeclined, samspil.NotePartnershipNew}
	for _, lang := range []string{"da", "en", "de"} {
		for _, k := range kinds {
			n := &samspil.Notification{Kind: k, Link: "/muligheder/12",
				Args: map[string]string{"Opportunity": "Rengøring <af> skoler", "Organisation": "Rent & Roligt\nApS"}}
			m, ok := mail.Notification(lang, "anne@example.dk", "Anne", n, "https://samspil.example/")
			if !ok {
				t.Fatalf("%s %s: no e-mail", lang, k)
			}
			if m.To != "anne@example.dk" || strings.Contains(m.Subject, "\n") || m.Subject == "" {
				t.Errorf("%s %s: to %q subject %q", lang, k, m.To, m.Subject)
			}
			if !strings.Contains(m.Text, "https://samspil.example/muligheder/12") || !strings.Contains(m.HTML, `href="https://samspil.example/muligheder/12"`) {
				t.Errorf("%s %s: link missing\n%s", lang, k, m.Text)
			}
			if !strings.Contains(m.Text, "Rengøring <af> skoler") || !strings.Contains(m.HTML, "Rengøring &lt;af&gt; skoler") {
				t.Errorf("%s %s: title not in text or not escaped in HTML", lang, k)
			}
			if strings.Contains(m.Text, "<no value>") || strings.Contains(m.HTML, "<no value>") {
				t.Errorf("%s %s: missing value", lang, k)
			}
		}
	}
	if _, ok := mail.Notification("da", "a@example.dk", "", &samspil.Notification{Kind: "unknown"}, ""); ok {
		t.Error("unknown kind gave an e-mail")
	}
	da, _ := mail.Notification("da", "a@example.dk", "", &samspil.Notification{Kind: samspil.NoteInterestReceived, Args: map[string]string{"Organisation": "Café Broen", "Opportunity": "X"}}, "https://s.example")
	en, _ := mail.Notification("en", "a@example.dk", "", &samspil.Notification{Kind: samspil.NoteInterestReceived, Args: map[string]string{"Organisation": "Café Broen", "Opportunity": "X"}}, "https://s.example")
	if !strings.Contains(da.Subject, "er interesseret i") || !strings.Contains(en.Subject, "is interested in") {
		t.Errorf("languages: %q / %q", da.Subject, en.Subject)
	}
}

func TestDigest(t *testing.T) {
	searches := []mail.DigestSearch{
		{Name: "Cykler i Vejle", Link: "https://s.example/soeg?q=cykel", Items: []mail.DigestItem{
			{Title: "Service af cykelflåde", Organisation: "Vejle Kommune", Link: "https://s.example/muligheder/1"},
			{Title: "Cykler til skoler", Link: "https://s.example/muligheder/2", Snippet: "Vi søger…"},
		}, More: 3},
		{Name: "Rengøring", Link: "https://s.example/soeg?q=reng%C3%B8ring", Items: []mail.DigestItem{{Title: "Rengøring af skoler", Link: "https://s.example/muligheder/3"}}},
	}
	for _, lang := range []string{"da", "en"} {
		m := mail.Digest(lang, "bo@example.dk", "Bo", searches, "https://s.example/gemte-soegninger")
		for _, want := range []string{"Cykler i Vejle", "Service af cykelflåde", "https://s.example/muligheder/2", "Rengøring af skoler", "https://s.example/gemte-soegninger", "3"} {
			if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
				t.Errorf("%s: %q missing\n%s", lang, want, m.Text)
			}
		}
		if !strings.Contains(m.Subject, "6") {
			t.Errorf("%s subject %q should count 6", lang, m.Subject)
		}
	}
	one := mail.Digest("da", "bo@example.dk", "", searches[1:], "https://s.example/x")
	if !strings.Contains(one.Subject, "1 ny mulighed") {
		t.Errorf("singular subject %q", one.Subject)
	}
}
