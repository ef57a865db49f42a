package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
)

func TestKnowledgeNotificationMessages(t *testing.T) {
	args := map[string]string{"Case": "Kantine <med> lærlinge", "Organisation": "Rent & Roligt", "Note": "Tilføj \"resultater\".",
		"Question": "Hvordan <skriver> I klausuler?"}
	cases := []struct {
		kind     samspil.NotificationKind
		link     string
		da, en   string // in the subject
		daT, enT string // in the text
	}{
		{samspil.NoteCaseSubmitted, "/erfaringer/7", "Ny erfaring til gennemsyn", "New case to review", "Rent & Roligt har sendt", "Rent & Roligt has sent"},
		{samspil.NoteCasePublished, "/erfaringer/7", "er offentliggjort", "has been published", "offentliggjort jeres erfaring", "published your case"},
		{samspil.NoteCaseReturned, "/erfaringer/7", "er sendt tilbage", "has been sent back", `Tilføj "resultater".`, `Tilføj "resultater".`},
		{samspil.NoteAnswerAccepted, "/spoergsmaal/3#svar-9", "Dit svar er valgt", "was accepted", "Hvordan <skriver> I klausuler?", "Hvordan <skriver> I klausuler?"},
	}
	for _, c := range cases {
		for _, lang := range []string{"da", "en", "de"} {
			n := &samspil.Notification{Kind: c.kind, Link: c.link, Args: args}
			m, ok := mail.Notification(lang, "anne@example.dk", "Anne", n, "https://samspil.example/")
			if !ok {
				t.Fatalf("%s %s: no e-mail", lang, c.kind)
			}
			wantSubj, wantText := c.da, c.daT
			if lang == "en" {
				wantSubj, wantText = c.en, c.enT
			}
			if m.To != "anne@example.dk" || strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.Subject, wantSubj) {
				t.Errorf("%s %s: to %q subject %q", lang, c.kind, m.To, m.Subject)
			}
			abs := "https://samspil.example" + c.link
			if !strings.Contains(m.Text, abs) || !strings.Contains(m.HTML, `href="`+abs+`"`) || !strings.Contains(m.Text, wantText) {
				t.Errorf("%s %s: link or text missing\n%s", lang, c.kind, m.Text)
			}
			if strings.Contains(m.HTML, "<med>") || strings.Contains(m.HTML, "<skriver>") || strings.Contains(m.Text, "&lt;") || strings.Contains(m.Text, "&amp;") {
				t.Errorf("%s %s: escaping wrong\n%s\n%s", lang, c.kind, m.Text, m.HTML)
			}
			if strings.Contains(m.Text, "<no value>") || strings.Contains(m.HTML, "<no value>") {
				t.Errorf("%s %s: missing value", lang, c.kind)
			}
		}
	}
	// The follow kinds are never e-mailed one by one.
	for _, k := range []samspil.NotificationKind{samspil.NoteFollowCase, samspil.NoteFollowQuestion, samspil.NoteFollowAnswer, samspil.NoteFollowGuide, samspil.NoteFollowStrategy} {
		if _, ok := mail.Notification("da", "a@example.dk", "", &samspil.Notification{Kind: k}, ""); ok {
			t.Errorf("%s gave a single e-mail", k)
		}
	}
	// A returned case without a note still reads well.
	m, _ := mail.Notification("da", "a@example.dk", "", &samspil.Notification{Kind: samspil.NoteCaseReturned, Args: map[string]string{"Case": "X"}}, "https://s.example")
	if strings.Contains(m.Text, "skriver:") || strings.Contains(m.HTML, "blockquote") {
		t.Errorf("note-less return:\n%s", m.Text)
	}
}

func TestNotificationText(t *testing.T) {
	cases := []struct {
		kind   samspil.NotificationKind
		args   map[string]string
		da, en string
	}{
		{samspil.NoteFollowCase, map[string]string{"Case": "Kantinen", "Organisation": "Køkkenet ApS", "Model": "pilot"},
			"Ny erfaring: »Kantinen« fra Køkkenet ApS", "New case: “Kantinen” from Køkkenet ApS"},
		{samspil.NoteFollowQuestion, map[string]string{"Question": "Hvordan?", "Organisation": "København", "Tags": "indkøb, byggeri"},
			"Nyt spørgsmål: »Hvordan?« fra København (emner: indkøb, byggeri)", "New question: “Hvordan?” from København (topics: indkøb, byggeri)"},
		{samspil.NoteFollowQuestion, map[string]string{"Question": "Hvordan?"}, "Nyt spørgsmål: »Hvordan?«", "New question: “Hvordan?”"},
		{samspil.NoteFollowAnswer, map[string]string{"Question": "Hvordan?", "Author": "Mette"}, "Nyt svar fra Mette på »Hvordan?«", "New answer from Mette to “Hvordan?”"},
		{samspil.NoteFollowGuide, map[string]string{"Chapter": "Afknopning"}, "Vejledningen er opdateret: »Afknopning«", "The guide was updated: “Afknopning”"},
		{samspil.NoteFollowStrategy, map[string]string{"Municipality": "Aarhus", "Strategy": "Samspil 2030"},
			"Aarhus har gemt sin strategi »Samspil 2030«", "Aarhus saved its strategy “Samspil 2030”"},
		{samspil.NoteFollowStrategy, nil, "En kommune har gemt sin strategi", "A municipality saved its strategy"},
		{"something_new", nil, "Nyt på Samspil", "News on Samspil"},
	}
	for _, c := range cases {
		n := &samspil.Notification{Kind: c.kind, Args: c.args}
		if got := mail.NotificationText("da", n); got != c.da {
			t.Errorf("da %s = %q, want %q", c.kind, got, c.da)
		}
		if got := mail.NotificationText("en-GB", n); got != c.en {
			t.Errorf("en %s = %q, want %q", c.kind, got, c.en)
		}
	}
}

func digestNotes() []*samspil.Notification {
	return []*samspil.Notification{
		{Kind: samspil.NoteFollowQuestion, Link: "/spoergsmaal/4", Args: map[string]string{"Question": "Hvem <kan> levere?"}},
		{Kind: samspil.NoteFollowGuide, Link: "/vejledning/afknopning", Args: map[string]string{"Chapter": "Afknopning"}},
		{Kind: samspil.NoteFollowCase, Link: "/erfaringer/12", Args: map[string]string{"Case": "Grøn & ren"}},
	}
}

func TestFollowDigest(t *testing.T) {
	for _, lang := range []string{"da", "en"} {
		m := mail.FollowDigest(lang, "bo@example.dk", "Bo", digestNotes(), "https://s.example/")
		for _, want := range []string{"https://s.example/spoergsmaal/4", "https://s.example/vejledning/afknopning", "https://s.example/erfaringer/12",
			"https://s.example/foelger", "https://s.example/notifikationer", "Afknopning", "Bo"} {
			if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
				t.Errorf("%s: %q missing\n%s", lang, want, m.Text)
			}
		}
		if !strings.Contains(m.Text, "Hvem <kan> levere?") || !strings.Contains(m.HTML, "Hvem &lt;kan&gt; levere?") ||
			!strings.Contains(m.Text, "Grøn & ren") || !strings.Contains(m.HTML, "Grøn &amp; ren") {
			t.Errorf("%s: escaping\n%s\n%s", lang, m.Text, m.HTML)
		}
		if !strings.Contains(m.Subject, "3") || strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.HTML, `lang="`+lang+`"`) {
			t.Errorf("%s subject %q", lang, m.Subject)
		}
	}
	if m := mail.FollowDigest("da", "bo@example.dk", "", digestNotes()[:1], "https://s.example"); !strings.HasPrefix(m.Subject, "1 nyhed ") {
		t.Errorf("singular subject %q", m.Subject)
	}
	if m := mail.FollowDigest("en", "bo@example.dk", "", digestNotes(), "https://s.example"); !strings.Contains(m.Subject, "3 updates from what you follow") {
		t.Errorf("English subject %q", m.Subject)
	}
}

// TestFollowDigestOverSMTP sends a digest through the in-process SMTP
// server and reads it back as a mail client would.
func TestFollowDigestOverSMTP(t *testing.T) {
	srv := mailtest.Start(t)
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, From: "noreply@samspil.example", TLS: mail.TLSNone})
	if err != nil {
		t.Fatal(err)
	}
	m := mail.FollowDigest("da", "bo@example.dk", "Bo Ærø", digestNotes(), "https://s.example")
	if err := sender.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, "bo@example.dk", 10*time.Second)
	if got.Subject != m.Subject || !strings.Contains(got.Text, "Vejledningen er opdateret: »Afknopning«") ||
		!strings.Contains(got.Text, "https://s.example/vejledning/afknopning") || !strings.Contains(got.HTML, "Hej Bo Ærø") {
		t.Fatalf("received %q\n%s", got.Subject, got.Text)
	}
}
