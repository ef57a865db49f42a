package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

// Body limits. Forms are small; the CSV import route raises the limit with
// Server.BodyLimit.
const (
	DefaultBodyLimit = 1 << 20  // 1 MB for ordinary forms
	UploadBodyLimit  = 10 << 20 // 10 MB for file uploads (CSV import)
)

// contentSecurityPolicy forbids inline scripts and styles and every foreign
// origin: all assets come from the binary.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"

// securityHeaders sets the headers every response carries, API included.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status and size for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one structured line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		s.logger.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.size),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", s.clientIP(r)))
	})
}

// recoverPanics turns a panic in a handler into a logged 500 page instead of
// a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.ErrorContext(r.Context(), "panic", slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitedBody remembers the original body so a route can raise the limit.
type limitedBody struct {
	io.ReadCloser
	orig io.ReadCloser
}

// limitBody caps the request body at n bytes; reading more fails with
// *http.MaxBytesError, which fail answers with 413.
func (s *Server) limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			orig := r.Body
			if lb, ok := orig.(*limitedBody); ok {
				orig = lb.orig
			}
			r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, orig, n), orig: orig}
		}
		next.ServeHTTP(w, r)
	})
}

// BodyLimit wraps a route so its request body may be up to n bytes instead
// of DefaultBodyLimit (e.g. UploadBodyLimit for the CSV import).
func (s *Server) BodyLimit(n int64, h http.HandlerFunc) http.HandlerFunc {
	return s.limitBody(n, h).ServeHTTP
}

// clientIP is the address the request came from, for the login rate limit
// and the log. Without TrustProxy it is the TCP peer: X-Forwarded-For would
// let anyone dodge the limit. With TrustProxy (only behind a reverse proxy
// that appends the client address) it is the last X-Forwarded-For entry,
// the one the proxy itself added.
func (s *Server) clientIP(r *http.Request) string {
	if s.trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// reqState is per-request data shared by middleware and handlers.
type reqState struct {
	lang      string
	principal *samspil.Principal
	loaded    bool
}

type stateKey struct{}

// withState chooses the language and prepares lazy loading of the principal.
func (s *Server) withState(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &reqState{lang: s.chooseLang(w, r)}
		ctx := context.WithValue(r.Context(), stateKey{}, st)
		ctx = context.WithValue(ctx, translatorKey{}, s.i18n.translator(st.lang))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// state returns the request state, building a minimal one for requests that
// did not pass through withState (static files, health check).
func (s *Server) state(r *http.Request) *reqState {
	if st, ok := r.Context().Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{lang: s.langFromHeaders(r), loaded: true}
}

// Supported languages; Danish is the default.
var languages = []string{"da", "en"}

func validLang(l string) bool { return l == "da" || l == "en" }

// chooseLang picks the language: an explicit ?lang= (remembered in a
// cookie), then that cookie, then Danish. The browser's Accept-Language is
// deliberately not used: Samspil is Danish first, so every visitor starts
// in Danish and switches to English with one visible link.
func (s *Server) chooseLang(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); validLang(l) {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
		return l
	}
	return s.langFromHeaders(r)
}

func (s *Server) langFromHeaders(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && validLang(c.Value) {
		return c.Value
	}
	return "da"
}

// lang returns the language of the current request ("da" or "en").
func (s *Server) lang(r *http.Request) string { return s.state(r).lang }
