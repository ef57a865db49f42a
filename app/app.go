// Package app wires Samspil together: the store, the mailer, the background
// jobs, the JSON API and the web server. It is the only package that knows
// all the others. cmd/samspil is a thin shell around it, and the browser
// tests boot exactly this wiring on a random loopback port.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/blob"
	"github.com/samspil/samspil/guidetext"
	"github.com/samspil/samspil/jobs"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/ocds"
	"github.com/samspil/samspil/procure"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/web"
)

// Config is everything a running Samspil needs. Flags and SAMSPIL_*
// environment variables fill it in cmd/samspil; tests fill it directly.
type Config struct {
	Addr string // listen address, e.g. "localhost:8080" or "127.0.0.1:0"
	DB   string // SQLite file path or postgres:// URL
	// Files is the folder for uploaded attachments. Empty: next to the
	// SQLite file ("<db>.files"), or the database's blobs table on
	// PostgreSQL. Several app servers on PostgreSQL may share a folder
	// (a network or object-store mount) instead of the table.
	Files   string
	BaseURL string          // public address used in e-mail links; derived from Addr when empty
	SMTP    mail.SMTPConfig // Host empty: e-mails are written to the log instead
	Demo    bool            // load the demo data set when the database has none
	Jobs    bool            // run background jobs (reminders) in this process
	// TrustProxy takes the client address from X-Forwarded-For, for rate
	// limits and logs; set it only behind a reverse proxy that sets it.
	TrustProxy bool
	// Procurement is the dated procurement rules; nil means those embedded.
	Procurement *procure.Rules
	// OCDS is the open-data publisher identity (OCID prefix, licence).
	OCDS   ocds.Config
	Logger *slog.Logger
	Now    samspil.Clock
}

// App is a wired, possibly running Samspil.
type App struct {
	cfg    Config
	Store  *sqlstore.DB
	Blobs  samspil.BlobStore
	Mailer mail.Sender
	URL    string // the base URL once Start has run

	handler  http.Handler
	server   *http.Server
	listener net.Listener
	stopJobs func(context.Context) error
}

// StoreOptions are the options every opening of the database uses: the
// embedded reference data to seed and validate against.
func StoreOptions(logger *slog.Logger, now samspil.Clock) sqlstore.Options {
	return sqlstore.Options{
		Catalog:        refdata.Catalog,
		Regions:        refdata.Regions(),
		Municipalities: refdata.Municipalities(),
		Now:            now,
		Logger:         logger,
		GuideChapters:  guidetext.Chapters(),
	}
}

// openBlobs picks where attachment content lives (see Config.Files).
func openBlobs(cfg Config, store *sqlstore.DB) (samspil.BlobStore, error) {
	switch {
	case cfg.Files != "":
		return blob.NewDir(cfg.Files)
	case sqlstore.IsPostgresDSN(cfg.DB):
		return store.TableBlobs(), nil
	default:
		return blob.NewDir(cfg.DB + ".files")
	}
}

// New opens the database (applying SQLite migrations; refusing an
// out-of-date PostgreSQL schema), loads demo data when asked and builds the
// handlers. It does not listen yet.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Now == nil {
		cfg.Now = samspil.SystemClock
	}
	if cfg.DB == "" {
		cfg.DB = "samspil.db"
	}
	if cfg.Addr == "" {
		cfg.Addr = "localhost:8080"
	}
	store, err := sqlstore.Open(ctx, cfg.DB, StoreOptions(cfg.Logger, cfg.Now))
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, Store: store}
	if a.Blobs, err = openBlobs(cfg, store); err != nil {
		store.Close()
		return nil, fmt.Errorf("opening the file store: %w", err)
	}
	if cfg.Demo {
		if _, err := LoadDemo(ctx, store, DemoOptions{Logger: cfg.Logger}); err != nil {
			store.Close()
			return nil, fmt.Errorf("loading demo data: %w", err)
		}
	}
	if cfg.SMTP.Host != "" {
		if a.Mailer, err = mail.NewSMTP(cfg.SMTP); err != nil {
			store.Close()
			return nil, err
		}
	} else {
		cfg.Logger.Info("no SMTP server configured: e-mails are written to this log")
		a.Mailer = mail.NewLogSender(cfg.Logger)
	}
	return a, nil
}

// Start listens on the configured address, builds the web server for the
// actual base URL and serves in the background.
func (a *App) Start() error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	a.listener = ln
	a.URL = a.cfg.BaseURL
	if a.URL == "" {
		host := ln.Addr().String()
		if strings.HasPrefix(a.cfg.Addr, "localhost:") {
			_, port, _ := net.SplitHostPort(host)
			host = "localhost:" + port
		}
		a.URL = "http://" + host
	}
	a.URL = strings.TrimRight(a.URL, "/")

	apiHandler := api.New(api.Config{Store: a.Store, Logger: a.cfg.Logger, BaseURL: a.URL, Now: a.cfg.Now, OCDS: a.cfg.OCDS})
	srv, err := web.New(web.Config{
		Store:       a.Store,
		Blobs:       a.Blobs,
		Mailer:      a.Mailer,
		BaseURL:     a.URL,
		Logger:      a.cfg.Logger,
		Now:         a.cfg.Now,
		API:         apiHandler,
		TrustProxy:  a.cfg.TrustProxy,
		Procurement: a.cfg.Procurement,
	})
	if err != nil {
		ln.Close()
		return err
	}
	a.handler = srv.Handler()
	a.server = &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.cfg.Logger.Handler(), slog.LevelWarn),
	}
	if a.cfg.Jobs {
		stop, err := jobs.Start(context.Background(), jobs.Config{
			DB: a.Store.SQL(), Dialect: a.Store.Dialect(), Store: a.Store, Mailer: a.Mailer,
			BaseURL: a.URL, Logger: a.cfg.Logger, Now: a.cfg.Now,
		})
		if err != nil {
			ln.Close()
			return fmt.Errorf("starting background jobs: %w", err)
		}
		a.stopJobs = stop
	}
	go func() {
		if err := a.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.cfg.Logger.Error("server stopped", "err", err)
		}
	}()
	a.cfg.Logger.Info("samspil is listening", "url", a.URL, "db", redactDSN(a.cfg.DB), "dialect", a.Store.Dialect())
	return nil
}

// Handler returns the root handler (after Start), for in-process tests.
func (a *App) Handler() http.Handler { return a.handler }

// Close stops serving (letting requests in flight finish for up to ten
// seconds), stops the jobs and closes the database.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	if a.server != nil {
		errs = append(errs, a.server.Shutdown(ctx))
	}
	if a.stopJobs != nil {
		errs = append(errs, a.stopJobs(ctx))
	}
	errs = append(errs, a.Store.Close())
	return errors.Join(errs...)
}

// redactDSN hides a password in a postgres:// URL before it is logged.
func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			userinfo := dsn[i+3 : at]
			if user, _, ok := strings.Cut(userinfo, ":"); ok {
				return dsn[:i+3] + user + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}
