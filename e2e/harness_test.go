package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/mail/mailtest"
	"github.com/samspil/samspil/password"
	"github.com/samspil/samspil/sqlstore"
)

// stepTimeout bounds one browser step (a navigation, a click, a wait). It
// is a guard against a hung browser, not a performance assertion: the
// machines that run the suite can be slow and busy.
const stepTimeout = 45 * time.Second

// One Chromium process serves the whole package; every test gets its own
// browser context (like a private window: no shared cookies) and tab.
var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	browserStop func()
	browserLog  lockedBuffer
)

func TestMain(m *testing.M) {
	password.UseTestParams() // cheap hashes for the many sign-ins; package password tests the real cost
	code := m.Run()
	if browserStop != nil {
		browserStop()
	}
	os.Exit(code)
}

// chromiumPath is the browser the tests drive.
func chromiumPath() string {
	if p := os.Getenv("SAMSPIL_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// browserRequired reports whether a missing browser must fail the run
// instead of skipping the tests (scripts/test and CI set it).
func browserRequired() bool { return os.Getenv("SAMSPIL_REQUIRE_BROWSER") == "1" }

// sharedBrowser starts Chromium once and returns its context. Without a
// browser it skips the test, or fails it when the browser is required.
func sharedBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if _, err := os.Stat(path); err != nil {
		if browserRequired() {
			t.Fatalf("SAMSPIL_REQUIRE_BROWSER=1 but Chromium is not available at %s: %v", path, err)
		}
		t.Skipf("Chromium not found at %s (set SAMSPIL_CHROMIUM, or SAMSPIL_REQUIRE_BROWSER=1 to fail instead)", path)
	}
	browserOnce.Do(func() { browserCtx, browserStop, browserErr = startBrowser(path) })
	if browserErr != nil {
		t.Fatalf("starting headless Chromium (%s): %v\nbrowser output:\n%s", path, browserErr, browserLog.String())
	}
	return browserCtx
}

func startBrowser(path string) (context.Context, func(), error) {
	dir, err := os.MkdirTemp("", "samspil-e2e-chromium-")
	if err != nil {
		return nil, nil, err
	}
	// The flags that let Chromium run headless as root on a machine whose
	// network is closed: without the background-networking ones it keeps
	// trying to reach outside hosts.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "da-DK"),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&browserLog),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	stop := func() {
		cctx, cancel := context.WithTimeout(bctx, 15*time.Second)
		defer cancel()
		_ = chromedp.Cancel(cctx)
		bcancel()
		acancel()
		_ = os.RemoveAll(dir)
	}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }() // the first Run starts the browser
	select {
	case err = <-started:
	case <-time.After(90 * time.Second):
		err = errors.New("Chromium did not start within 90s")
	}
	if err != nil {
		stop()
		return nil, nil, err
	}
	return bctx, stop, nil
}

// lockedBuffer collects the browser's own output for error messages.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 { // keep the start; later output is noise
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// options choose what a test's server starts with.
type options struct {
	Demo      bool // load the demo data set (organisations all over the country)
	Postgres  bool // run on a fresh database on $SAMSPIL_TEST_POSTGRES, not SQLite
	NoJS      bool // turn off JavaScript in the tab, as a person with scripts blocked
	BypassCSP bool // let the test inject scripts (axe-core) despite the page's CSP
	// AcceptLanguage is what the browser asks for; default a Danish
	// visitor's "da-DK,da;q=0.9,en;q=0.6".
	AcceptLanguage string
	LogLevel       slog.Level
	LogToTests     bool // copy the server's log (at LogLevel and above) into the test log
}

// harness is one running Samspil (real wiring, fresh SQLite database), its
// SMTP server and a browser tab.
type harness struct {
	t    *testing.T
	App  *app.App
	Mail *mailtest.Server
	Base string          // the app's base URL, e.g. http://127.0.0.1:41234
	ctx  context.Context // the tab
}

// start boots the app and opens a tab; everything stops when the test ends.
func start(t *testing.T, opt options) *harness {
	t.Helper()
	bctx := sharedBrowser(t)

	smtp := mailtest.Start(t)
	var logw io.Writer = io.Discard
	if opt.LogToTests {
		logw = t.Output()
	}
	if opt.LogLevel == 0 && !opt.LogToTests {
		opt.LogLevel = slog.LevelError
	}
	logger := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: opt.LogLevel}))
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "samspil.db")
	if opt.Postgres {
		dsn = postgresDatabase(t)
		// As an operator would: `samspil migrate` before serving.
		if err := sqlstore.Migrate(ctx, dsn, app.StoreOptions(logger, nil)); err != nil {
			t.Fatalf("migrating the PostgreSQL database: %v", err)
		}
	}
	a, err := app.New(ctx, app.Config{
		Addr:   "127.0.0.1:0",
		DB:     dsn,
		Demo:   opt.Demo,
		Logger: logger,
		SMTP: mail.SMTPConfig{
			Host:    smtp.Host,
			Port:    smtp.Port,
			From:    "Samspil <noreply@samspil.test>",
			TLS:     "none",
			Timeout: 20 * time.Second,
		},
	})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	if err := a.Start(); err != nil {
		a.Close()
		t.Fatalf("app.Start: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("app.Close: %v", err)
		}
	})

	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(tctx); err != nil { // opens the tab; no timeout here, see chromedp.NewContext
		t.Fatalf("opening a browser tab: %v", err)
	}
	h := &harness{t: t, App: a, Mail: smtp, Base: strings.TrimRight(a.URL, "/"), ctx: tctx}
	if opt.AcceptLanguage == "" {
		opt.AcceptLanguage = "da-DK,da;q=0.9,en;q=0.6"
	}
	h.call("set Accept-Language", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
			Headers: network.Headers{"Accept-Language": opt.AcceptLanguage},
		})
		return err
	})
	if opt.NoJS {
		h.call("turn off JavaScript", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		})
	}
	if opt.BypassCSP {
		h.call("bypass CSP", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
			return err
		})
	}
	return h
}

// otherPerson opens a second tab in its own browser context (its own
// cookies) on the same server, for journeys with two people.
func (h *harness) otherPerson() *harness {
	h.t.Helper()
	tctx, cancel := chromedp.NewContext(sharedBrowser(h.t), chromedp.WithNewBrowserContext())
	h.t.Cleanup(cancel)
	if err := chromedp.Do(tctx); err != nil {
		h.t.Fatalf("opening a second browser tab: %v", err)
	}
	o := &harness{t: h.t, App: h.App, Mail: h.Mail, Base: h.Base, ctx: tctx}
	o.call("set Accept-Language", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
			Headers: network.Headers{"Accept-Language": "da-DK,da;q=0.9"},
		})
		return err
	})
	return o
}

// postgresDatabase creates an empty database on the server named by
// SAMSPIL_TEST_POSTGRES and drops it when the test ends. Without a server
// it skips, or fails when SAMSPIL_REQUIRE_POSTGRES=1.
func postgresDatabase(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("SAMSPIL_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("SAMSPIL_REQUIRE_POSTGRES") == "1" {
			t.Fatal("SAMSPIL_REQUIRE_POSTGRES=1 but SAMSPIL_TEST_POSTGRES is not set")
		}
		t.Skip("SAMSPIL_TEST_POSTGRES not set; skipping the PostgreSQL run")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("bad SAMSPIL_TEST_POSTGRES: %v", err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	name := "samspil_e2e_" + hex.EncodeToString(rnd[:])
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("connecting to SAMSPIL_TEST_POSTGRES: %v", err)
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping database %s: %v", name, err)
		}
		db.Close()
	})
	u.Path = "/" + name
	return u.String()
}

// call runs f with a bounded context and fails the test on error.
func (h *harness) call(what string, f func(ctx context.Context) error) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		h.fail("%s: %v", what, err)
	}
}

// run runs one chromedp action with a bounded context and returns its value.
//
// Right after a navigation chromedp can still hold node ids of the old
// document; the browser then answers "No node with given id found". Such a
// step is tried again a few times before it counts as a failure.
func run[T any](h *harness, what string, a chromedp.Action[T]) T {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
	defer cancel()
	var v T
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		if v, err = chromedp.Run(ctx, a); err == nil || !staleNode(err) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if err != nil {
		h.fail("%s: %v", what, err)
	}
	return v
}

// staleNode reports whether err is the browser's answer to a node id of a
// document that has just been replaced.
func staleNode(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "No node with given id") || strings.Contains(msg, "Could not find node with given id")
}

// do runs actions in order, failing the test at the first error.
func (h *harness) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	h.t.Helper()
	run(h, what, chromedp.Steps(steps...))
}

// url makes an absolute URL of a path on the app.
func (h *harness) url(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return h.Base + path
}

// open navigates to a path and checks that the page answered without error.
func (h *harness) open(path string) {
	h.t.Helper()
	h.openStatus(path, 200)
}

// openStatus navigates and checks the document's HTTP status.
func (h *harness) openStatus(path string, want int64) {
	h.t.Helper()
	resp := run(h, "open "+path, chromedp.NavigateResponse(h.url(path)))
	if resp.Status != want {
		h.fail("open %s: status %d, want %d", path, resp.Status, want)
	}
}

// submit clicks a button (or link) that leads to a new page, waits for the
// page and checks that it was not an error page. Redirects after a POST
// are followed by the browser; the status is the final page's.
func (h *harness) submit(sel string) *network.Response {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		h.fail("click %s: %v", sel, err)
	}
	return resp
}

// submitOK is submit and a check that the resulting page is not a 4xx/5xx.
func (h *harness) submitOK(sel string) {
	h.t.Helper()
	if resp := h.submit(sel); resp.Status >= 400 {
		h.fail("click %s: the next page answered %d", sel, resp.Status)
	}
}

// typeInto types text into a form field, as a person would.
func (h *harness) typeInto(sel, text string) {
	h.t.Helper()
	if h.value(sel) != "" { // chromedp.Clear fails on an empty textarea
		h.do("clear "+sel, chromedp.Clear(chromedp.CSS(sel), chromedp.NodeVisible))
	}
	h.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible))
	if got := h.value(sel); got != text {
		h.fail("typed %q into %s, but the field holds %q", text, sel, got)
	}
}

// choose picks an option of a <select> by its value, by keyboard focus and
// the DOM (works with JavaScript turned off in the page, because the page's
// scripts are not involved).
func (h *harness) choose(sel, value string) {
	h.t.Helper()
	h.call("choose "+value+" in "+sel, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), value, chromedp.NodeVisible))
	})
	if got := h.value(sel); got != value {
		h.fail("choose %q in %s: the field holds %q (is there such an option?)", value, sel, got)
	}
}

// value reads a form field's current value.
func (h *harness) value(sel string) string {
	h.t.Helper()
	return run(h, "read the value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// text returns the visible text of the first element matching sel.
func (h *harness) text(sel string) string {
	h.t.Helper()
	return strings.TrimSpace(run(h, "read the text of "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)))
}

// exists reports whether an element matching sel is in the page now.
func (h *harness) exists(sel string) bool {
	h.t.Helper()
	nodes := run(h, "look for "+sel, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
	return len(nodes) > 0
}

// attr reads an attribute of the first element matching sel.
func (h *harness) attr(sel, name string) string {
	h.t.Helper()
	return run(h, "read "+name+" of "+sel, chromedp.AttributeValue(chromedp.CSS(sel), name)).Value
}

// location is the current page's URL.
func (h *harness) location() *url.URL {
	h.t.Helper()
	loc := run(h, "read the location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		h.fail("bad location %q: %v", loc, err)
	}
	return u
}

// bodyText is the visible text of the whole page. It reads the current
// document directly, so it never sees node ids of the previous page.
func (h *harness) bodyText() string {
	h.t.Helper()
	return run(h, "read the page", chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
}

// wantText fails unless the page's visible text contains every s.
func (h *harness) wantText(ss ...string) {
	h.t.Helper()
	body := h.bodyText()
	for _, s := range ss {
		if !strings.Contains(body, s) {
			h.fail("the page does not show %q", s)
		}
	}
}

// screenshot saves the viewport as a PNG in $SAMSPIL_E2E_SCREENSHOTS, for
// a person to look at; without that variable it does nothing.
func (h *harness) screenshot(name string) {
	h.t.Helper()
	dir := os.Getenv("SAMSPIL_E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := run(h, "screenshot", chromedp.FullScreenshot(100))
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		h.t.Errorf("saving screenshot: %v", err)
		return
	}
	h.t.Logf("screenshot: %s", path)
}

// fail reports where the browser is and what it shows, then stops the test.
func (h *harness) fail(format string, args ...any) {
	h.t.Helper()
	msg := fmt.Sprintf(format, args...)
	// Read the page with a short, separate timeout: the tab may be the problem.
	ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body"), chromedp.AtLeast(0)))
	if len(body) > 3000 {
		body = body[:3000] + "\n…"
	}
	h.t.Fatalf("%s\n  page: %s\n  page text:\n%s", msg, loc, indent(body, "    | "))
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

// validCVR returns a CVR number that passes the modulus-11 check (weights
// 2,7,6,5,4,3,2,1), a different one for each n.
func validCVR(n int) string {
	weights := [7]int{2, 7, 6, 5, 4, 3, 2}
	for base := 3000000 + n*13; ; base++ {
		d := fmt.Sprintf("%07d", base%10000000)
		if d[0] == '0' {
			continue
		}
		sum := 0
		for i := range 7 {
			sum += int(d[i]-'0') * weights[i]
		}
		check := (11 - sum%11) % 11
		if check <= 9 {
			return d + string(rune('0'+check))
		}
	}
}
