// Package mail delivers the platform's e-mails: confirmation and reset
// links, invitations, membership news and reminders. Messages are built
// from embedded Danish and English templates and sent over real SMTP; in
// development, without an SMTP server, a log sender writes them to the log.
package mail

import (
	"context"
	"log/slog"
)

// Message is one e-mail ready to send: a single recipient, a subject and the
// same content as plain text and as HTML.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers messages. The web layer and the jobs depend on this
// interface only, so tests and development can swap SMTP for the log.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// logSender is the development fallback used when no SMTP server is set.
type logSender struct {
	logger *slog.Logger
}

// NewLogSender returns a Sender that writes each message to the log instead
// of sending it: recipient, subject and the full text body, so a developer
// can follow a confirmation or reset link straight from the server log.
func NewLogSender(logger *slog.Logger) Sender {
	if logger == nil {
		logger = slog.Default()
	}
	return &logSender{logger: logger}
}

// Send logs m at info level and never fails.
func (s *logSender) Send(ctx context.Context, m Message) error {
	s.logger.InfoContext(ctx, "e-mail not sent (no SMTP server configured)",
		slog.String("to", m.To),
		slog.String("subject", m.Subject),
		slog.String("text", m.Text))
	return nil
}
