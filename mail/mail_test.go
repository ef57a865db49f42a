package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
)

const link = "https://samspil.example/confirm?token=abc&x=1"

// builders lists every message builder with arguments that need escaping.
func builders(lang string) map[string]mail.Message {
	const org = `Grøn & Co <ApS>`
	const person = `Åse "Ø" Ærø`
	return map[string]mail.Message{
		"confirm":  mail.ConfirmEmail(lang, "a@example.dk", link),
		"reset":    mail.ResetPassword(lang, "a@example.dk", link),
		"invite":   mail.Invitation(lang, "a@example.dk", org, person, link),
		"join":     mail.JoinRequest(lang, "a@example.dk", org, person, link),
		"approved": mail.MembershipApproved(lang, "a@example.dk", org, link),
		"stale":    mail.StaleProfile(lang, "a@example.dk", org, link),
	}
}

func TestBuilders(t *testing.T) {
	for _, lang := range []string{"da", "en", "", "fr", "en-GB"} {
		for name, m := range builders(lang) {
			t.Run(lang+"/"+name, func(t *testing.T) {
				if m.To != "a@example.dk" || m.Subject == "" {
					t.Fatalf("to=%q subject=%q", m.To, m.Subject)
				}
				if strings.ContainsAny(m.Subject, "\r\n") {
					t.Errorf("subject has a line break: %q", m.Subject)
				}
				if !strings.Contains(m.Text, link) {
					t.Errorf("text lacks the link:\n%s", m.Text)
				}
				if strings.Contains(m.HTML, "<ApS>") || strings.Contains(m.HTML, `"Ø"`) {
					t.Errorf("HTML does not escape values:\n%s", m.HTML)
				}
				if !strings.Contains(m.HTML, "token=abc&amp;x=1") {
					t.Errorf("HTML lacks the escaped link:\n%s", m.HTML)
				}
				if strings.Contains(m.Text, "&amp;") || strings.Contains(m.Text, "&lt;") {
					t.Errorf("text part is HTML-escaped:\n%s", m.Text)
				}
				if strings.Contains(m.Text, "<no value>") || strings.Contains(m.HTML, "<no value>") {
					t.Errorf("template uses a missing value")
				}
				wantLang := `lang="da"`
				if strings.HasPrefix(lang, "en") {
					wantLang = `lang="en"`
				}
				if !strings.Contains(m.HTML, wantLang) {
					t.Errorf("HTML lacks %s", wantLang)
				}
			})
		}
	}
}

func TestBuildersLanguage(t *testing.T) {
	da := mail.ConfirmEmail("da", "a@example.dk", link)
	en := mail.ConfirmEmail("en", "a@example.dk", link)
	if !strings.Contains(da.Subject, "Bekræft") || !strings.Contains(en.Subject, "Confirm") {
		t.Fatalf("da=%q en=%q", da.Subject, en.Subject)
	}
	if inv := mail.Invitation("da", "a@example.dk", "Æblehaven", "Kim", link); !strings.Contains(inv.Subject, "Æblehaven") || !strings.Contains(inv.Text, "Kim") {
		t.Fatalf("invitation lacks names: %q\n%s", inv.Subject, inv.Text)
	}
}

func TestSubjectHeaderInjection(t *testing.T) {
	m := mail.Invitation("da", "a@example.dk", "Org\r\nBcc: evil@example.com", "X", link)
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Fatalf("subject has a line break: %q", m.Subject)
	}
}

func TestLogSender(t *testing.T) {
	var buf bytes.Buffer
	s := mail.NewLogSender(slog.New(slog.NewTextHandler(&buf, nil)))
	if err := s.Send(context.Background(), mail.ConfirmEmail("da", "a@example.dk", link)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"a@example.dk", "Bekræft", "token=abc&x=1"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestNewSMTPConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  mail.SMTPConfig
	}{
		{"no host", mail.SMTPConfig{From: "a@example.dk"}},
		{"bad from", mail.SMTPConfig{Host: "localhost", From: "not an address"}},
		{"bad tls", mail.SMTPConfig{Host: "localhost", From: "a@example.dk", TLS: "maybe"}},
		{"bad port", mail.SMTPConfig{Host: "localhost", From: "a@example.dk", Port: 70000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := mail.NewSMTP(tc.cfg); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}

func TestSMTPEndToEnd(t *testing.T) {
	srv := mailtest.Start(t)
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, mode := range []string{"", mail.TLSNone} {
		t.Run("tls="+mode, func(t *testing.T) {
			s, err := mail.NewSMTP(mail.SMTPConfig{
				Host: srv.Host, Port: srv.Port, From: "Samspil <noreply@samspil.example>", TLS: mode,
				Now: func() time.Time { return now },
			})
			if err != nil {
				t.Fatal(err)
			}
			to := "søren" + mode + "@example.dk"
			m := mail.StaleProfile("da", to, "Cykelværkstedet Ærø", link)
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got := srv.WaitFor(t, to, 10*time.Second)
			if got.Subject != m.Subject || !strings.Contains(got.Subject, "Cykelværkstedet Ærø") {
				t.Errorf("subject %q, want %q", got.Subject, m.Subject)
			}
			if got.From != "noreply@samspil.example" {
				t.Errorf("envelope from %q", got.From)
			}
			if links := mailtest.Links(got.Text); len(links) != 1 || links[0] != link {
				t.Errorf("links %v, want [%s]", links, link)
			}
			if got.Link(t) != link {
				t.Errorf("first link %q", got.Link(t))
			}
			if !strings.Contains(got.HTML, "Cykelværkstedet Ærø") || !strings.Contains(got.HTML, "<html") {
				t.Errorf("HTML part missing or undecoded:\n%s", got.HTML)
			}
			if d, err := got.Header.Date(); err != nil || !d.Equal(now) {
				t.Errorf("Date %v (%v), want %v", d, err, now)
			}
			if id := got.Header.Get("Message-Id"); !strings.HasSuffix(id, "@samspil.example>") {
				t.Errorf("Message-ID %q", id)
			}
			if ct := got.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func TestSMTPStartTLSRequired(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, From: "noreply@samspil.example", TLS: mail.TLSStartTLS, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// The test server offers no STARTTLS, so a required STARTTLS must refuse
	// to send in the clear.
	if err := s.Send(context.Background(), mail.ConfirmEmail("da", "a@example.dk", link)); err == nil {
		t.Fatal("sent without STARTTLS although it was required")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages delivered", n)
	}
}
