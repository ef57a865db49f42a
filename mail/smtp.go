package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes for SMTPConfig.TLS.
const (
	TLSNone     = "none"     // plain connection, never encrypted (local relays, tests)
	TLSStartTLS = "starttls" // STARTTLS is required
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, usually port 465)
	// An empty TLS field means opportunistic STARTTLS: encrypt when the
	// server offers it, otherwise send in the clear.
)

// SMTPConfig says how to reach the outgoing mail server.
type SMTPConfig struct {
	Host     string
	Port     int // 0 means 587, or 465 for TLS "tls", or 25 for TLS "none"
	Username string
	Password string
	From     string // the sender address, e.g. "Samspil <noreply@samspil.dk>"
	TLS      string // "none", "starttls", "tls" or "" (opportunistic STARTTLS)
	Timeout  time.Duration
	Now      func() time.Time // for the Date header; time.Now when nil
}

type smtpSender struct {
	cfg       SMTPConfig
	from      *mail.Address
	opts      []gomail.Option
	msgIDHost string
}

// NewSMTP returns a Sender that delivers over SMTP with go-mail. It checks
// the configuration up front so a typo fails at start-up, not at the first
// sign-up. Each Send opens its own connection, which keeps the sender safe
// for concurrent use.
func NewSMTP(cfg SMTPConfig) (Sender, error) {
	if strings.TrimSpace(cfg.Host) == "" {
		return nil, fmt.Errorf("mail: SMTP host is empty")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", cfg.From, err)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout)}
	port := cfg.Port
	switch strings.ToLower(cfg.TLS) {
	case "":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
		if port == 0 {
			port = 465
		}
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		if port == 0 {
			port = 25
		}
	default:
		return nil, fmt.Errorf("mail: unknown TLS mode %q (use none, starttls or tls)", cfg.TLS)
	}
	if port == 0 {
		port = 587
	}
	if port < 1 || port > 65535 {
		return nil, fmt.Errorf("mail: SMTP port %d out of range", port)
	}
	opts = append(opts, gomail.WithPort(port))
	if cfg.Username != "" {
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username),
			gomail.WithPassword(cfg.Password))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	host := "samspil.local"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 && i+1 < len(from.Address) {
		host = from.Address[i+1:]
	}
	// Build one client now to surface bad options early.
	if _, err := gomail.NewClient(cfg.Host, opts...); err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &smtpSender{cfg: cfg, from: from, opts: opts, msgIDHost: host}, nil
}

// Send builds a multipart/alternative message (text first, HTML as the
// preferred alternative) with Date and Message-ID headers and delivers it.
func (s *smtpSender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", m.To, err)
	}
	return nil
}

func (s *smtpSender) build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(s.cfg.Now())
	var id [16]byte
	_, _ = rand.Read(id[:])
	msg.SetMessageIDWithValue(hex.EncodeToString(id[:]) + "@" + s.msgIDHost)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
