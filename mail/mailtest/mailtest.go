// Package mailtest runs an in-process SMTP server for tests, so code that
// sends e-mail is tested over a real SMTP conversation and a test can read
// the link a user would click.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one delivered message, decoded for assertions.
type Received struct {
	From    string   // envelope sender
	To      []string // envelope recipients
	Subject string   // decoded (RFC 2047) subject
	Text    string   // decoded text/plain body
	HTML    string   // decoded text/html body, if any
	Header  mail.Header
	Raw     []byte
}

// Server is a running test SMTP server on 127.0.0.1.
type Server struct {
	Host string
	Port int

	srv  *smtp.Server
	mu   sync.Mutex
	msgs []Received
	errs []error
}

// Start listens on 127.0.0.1:0 and stops the server when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.EnableSMTPUTF8 = true
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxMessageBytes = 10 << 20
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.srv.Serve(l)
	}()
	tb.Cleanup(func() {
		_ = s.srv.Close()
		<-done
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, err := range s.errs {
			tb.Errorf("mailtest: could not decode a message: %v", err)
		}
	})
	return s
}

// Addr is host:port, for configurations that take one string.
func (s *Server) Addr() string { return fmt.Sprintf("%s:%d", s.Host, s.Port) }

// Messages returns a copy of everything received so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// MessagesTo returns the messages received for one address.
func (s *Server) MessagesTo(to string) []Received {
	var out []Received
	for _, m := range s.Messages() {
		for _, r := range m.To {
			if strings.EqualFold(r, to) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// WaitFor polls until a message to the address arrives and returns the
// latest one; it fails the test after timeout. It is a wait for delivery,
// not an assertion about how fast delivery is.
func (s *Server) WaitFor(tb testing.TB, to string, timeout time.Duration) Received {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if msgs := s.MessagesTo(to); len(msgs) > 0 {
			return msgs[len(msgs)-1]
		}
		if time.Now().After(deadline) {
			tb.Fatalf("mailtest: no message to %s within %s (have %d messages)", to, timeout, len(s.Messages()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"'()]+`)

// Links extracts the http(s) URLs in text, in order, without trailing
// punctuation.
func Links(text string) []string {
	var out []string
	for _, l := range linkRE.FindAllString(text, -1) {
		out = append(out, strings.TrimRight(l, ".,;:!?"))
	}
	return out
}

// Link returns the first URL in the text body, or fails the test.
func (r Received) Link(tb testing.TB) string {
	tb.Helper()
	links := Links(r.Text)
	if len(links) == 0 {
		tb.Fatalf("mailtest: no link in message %q:\n%s", r.Subject, r.Text)
	}
	return links[0]
}

func (s *Server) add(r Received, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errs = append(s.errs, err)
	}
	s.msgs = append(s.msgs, r)
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec, derr := Decode(raw)
	rec.From, rec.To = ss.from, append([]string(nil), ss.to...)
	ss.s.add(rec, derr)
	return nil
}

// Decode parses a raw RFC 5322 message: the subject, and the text and HTML
// bodies with their transfer encoding (quoted-printable, base64) undone.
func Decode(raw []byte) (Received, error) {
	rec := Received{Raw: raw}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return rec, err
	}
	rec.Header = msg.Header
	dec := new(mime.WordDecoder)
	if rec.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return rec, fmt.Errorf("subject: %w", err)
	}
	err = walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &rec)
	return rec, err
}

func walk(ctype, cte string, body io.Reader, rec *Received) error {
	if ctype == "" {
		ctype = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ctype, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return err
			}
			if err := walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, rec); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &stripNewlines{r: body})
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s body: %w", mt, err)
	}
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch mt {
	case "text/plain":
		if rec.Text == "" {
			rec.Text = text
		}
	case "text/html":
		if rec.HTML == "" {
			rec.HTML = text
		}
	}
	return nil
}

// stripNewlines drops CR and LF so base64 split over lines decodes.
type stripNewlines struct{ r io.Reader }

func (s *stripNewlines) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}
