// Package web is Samspil's server-rendered web application: Danish-first
// HTML pages with an English translation, built on net/http, html/template
// and the domain package. It owns sessions, security headers, CSRF
// protection, translations and the shared page layout; organisation and
// admin pages are added in org_*.go and admin_*.go on top of the same core.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Copenhagen even on machines without zoneinfo

	"github.com/alexedwards/scs/v2"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/procure"
)

// Config is everything the web layer needs from the outside. Only the
// wiring in app/cmd builds it, so tests can boot the real server.
type Config struct {
	Store   samspil.Store
	Blobs   samspil.BlobStore // attachment content
	Mailer  mail.Sender
	BaseURL string // e.g. "https://samspil.dk" or "http://localhost:8080"; used in e-mail links and cookie security
	Logger  *slog.Logger
	Now     samspil.Clock
	API     http.Handler // mounted at /api/v1/ (nil: not mounted)
	Dev     bool         // development mode: error details on 500 pages
	// TrustProxy takes the client address for rate limits and logs from
	// the last X-Forwarded-For entry. Set it only behind a reverse proxy
	// that appends that header; otherwise every client could pick its IP.
	TrustProxy bool
	// Procurement holds the dated thresholds and recommender rules; nil
	// means the rules embedded in the binary.
	Procurement *procure.Rules
}

// Server holds the parsed templates, catalogues and session manager. It is
// safe for concurrent use once New returns.
type Server struct {
	store      samspil.Store
	blobs      samspil.BlobStore
	mailer     mail.Sender
	baseURL    *url.URL
	logger     *slog.Logger
	now        samspil.Clock
	api        http.Handler
	dev        bool
	secure     bool // BaseURL is https
	trustProxy bool
	rules      *procure.Rules
	sessions   *scs.SessionManager
	i18n       *catalog
	pages      *pageSet
	assets     *assetSet
	loc        *time.Location
	handler    http.Handler
}

// New checks cfg, parses every template and catalogue (failing at start-up,
// not at the first request, when one is missing or broken) and builds the
// route table.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: Config.Store is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Mailer == nil {
		cfg.Mailer = mail.NewLogSender(cfg.Logger)
	}
	if cfg.Now == nil {
		cfg.Now = samspil.SystemClock
	}
	if cfg.Procurement == nil {
		cfg.Procurement = procure.Default()
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, errors.New("web: Config.BaseURL must be an absolute http(s) URL")
	}
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		return nil, err
	}
	s := &Server{
		store:      cfg.Store,
		blobs:      cfg.Blobs,
		mailer:     cfg.Mailer,
		baseURL:    base,
		logger:     cfg.Logger,
		now:        cfg.Now,
		api:        cfg.API,
		dev:        cfg.Dev,
		secure:     base.Scheme == "https",
		trustProxy: cfg.TrustProxy,
		rules:      cfg.Procurement,
		loc:        loc,
	}
	if s.i18n, err = loadCatalog(); err != nil {
		return nil, err
	}
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parsePages(); err != nil {
		return nil, err
	}
	s.sessions = scs.New()
	s.sessions.Store = cfg.Store.Sessions()
	s.sessions.Lifetime = 14 * 24 * time.Hour
	s.sessions.IdleTimeout = 3 * 24 * time.Hour
	s.sessions.Cookie.Name = "samspil_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = s.secure
	s.sessions.Cookie.Path = "/"
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.fail(w, r, err)
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the complete HTTP handler: pages, static assets, the
// health check and (when configured) the JSON API.
func (s *Server) Handler() http.Handler { return s.handler }

// routes builds the route table and wraps it in the middleware chain.
func (s *Server) routes() http.Handler {
	pages := http.NewServeMux()
	pages.HandleFunc("GET /{$}", s.handleHome)
	pages.HandleFunc("GET /organisationer", s.handleDirectory)
	pages.HandleFunc("GET /organisationer/{id}", s.handleProfile)
	pages.HandleFunc("GET /koordinering", s.handleCoordination)

	pages.HandleFunc("GET /opret-konto", s.handleSignupPage)
	pages.HandleFunc("POST /opret-konto", s.handleSignup)
	pages.HandleFunc("GET /bekraeft", s.handleConfirm)
	pages.HandleFunc("GET /bekraeft/send-igen", s.handleResendPage)
	pages.HandleFunc("POST /bekraeft/send-igen", s.handleResend)
	pages.HandleFunc("GET /log-ind", s.handleLoginPage)
	pages.HandleFunc("POST /log-ind", s.handleLogin)
	pages.HandleFunc("POST /log-ud", s.handleLogout)
	pages.HandleFunc("GET /glemt-adgangskode", s.handleForgotPage)
	pages.HandleFunc("POST /glemt-adgangskode", s.handleForgot)
	pages.HandleFunc("GET /nulstil-adgangskode", s.handleResetPage)
	pages.HandleFunc("POST /nulstil-adgangskode", s.handleReset)

	pages.HandleFunc("GET /konto", s.requireUser(s.handleAccount))
	pages.HandleFunc("POST /konto", s.requireUser(s.handleAccountUpdate))
	pages.HandleFunc("POST /konto/adgangskode", s.requireUser(s.handlePasswordChange))
	pages.HandleFunc("POST /konto/tokens", s.requireUser(s.handleTokenCreate))
	pages.HandleFunc("GET /konto/tokens/{id}/slet", s.requireUser(s.handleTokenDeletePage))
	pages.HandleFunc("POST /konto/tokens/{id}/slet", s.requireUser(s.handleTokenDelete))

	s.registerOrgRoutes(pages)
	s.registerAdminRoutes(pages)
	s.registerSearchRoutes(pages)
	s.registerOppRoutes(pages)
	s.registerCaseRoutes(pages)
	s.registerGuideRoutes(pages)
	s.registerQuestionRoutes(pages)
	s.registerKnowledgeRoutes(pages)
	s.registerTenderRoutes(pages)
	s.registerTenderSupplierRoutes(pages)
	s.registerSpendRoutes(pages)
	s.registerPbrRoutes(pages)

	pages.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, samspil.Errorf(samspil.ENOTFOUND, "error.page_not_found", "page not found"))
	})

	// Pages get sessions, the request state (language, principal), CSRF
	// protection and the default body limit.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "error.cross_origin", "cross-origin request refused"))
	}))
	var pageChain http.Handler = pages
	pageChain = cop.Handler(pageChain)
	pageChain = s.sessions.LoadAndSave(s.withState(pageChain))
	pageChain = s.limitBody(DefaultBodyLimit, pageChain)

	root := http.NewServeMux()
	root.HandleFunc("GET /healthz", s.handleHealth)
	root.Handle("GET /static/{hash}/{name}", s.assets)
	if s.api != nil {
		root.Handle("/api/v1/", s.api)
	}
	root.Handle("/", pageChain)

	var h http.Handler = root
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}
