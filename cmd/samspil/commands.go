package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/jobs"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/ocds"
	"github.com/samspil/samspil/orgcsv"
	"github.com/samspil/samspil/password"
	"github.com/samspil/samspil/procure"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
)

// env returns the SAMSPIL_* variable name or def. A NAME_FILE variable is
// read as a file, so secrets can come from mounted files.
func env(name, def string) string {
	if v, ok := os.LookupEnv("SAMSPIL_" + name); ok {
		return v
	}
	if f, ok := os.LookupEnv("SAMSPIL_" + name + "_FILE"); ok {
		if b, err := os.ReadFile(f); err == nil {
			return strings.TrimRight(string(b), "\r\n")
		}
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(env(name, "")); err == nil {
		return n
	}
	return def
}

// newFlags makes a flag set that reports errors instead of exiting and has
// the --db flag every subcommand shares.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("samspil "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", env("DB", "samspil.db"), "SQLite file path or postgres:// URL (env SAMSPIL_DB)")
	return fs, db
}

// parseInterspersed lets flags come after positional arguments
// ("import organisations FILE --db x"), as people naturally type them.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(env("LOG_LEVEL", "info")))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func openStore(ctx context.Context, dsn string, logger *slog.Logger) (*sqlstore.DB, error) {
	return sqlstore.Open(ctx, dsn, app.StoreOptions(logger, samspil.SystemClock))
}

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs, db := newFlags("serve", stderr)
	addr := fs.String("addr", env("ADDR", "localhost:8080"), "listen address (env SAMSPIL_ADDR)")
	demo := fs.Bool("demo", false, "load the demo data set when the database has none")
	baseURL := fs.String("base-url", env("BASE_URL", ""), "public base URL for links in e-mails (env SAMSPIL_BASE_URL)")
	files := fs.String("files", env("FILES", ""), "folder for uploaded attachments; default next to the SQLite file, or the database on PostgreSQL (env SAMSPIL_FILES)")
	rulesFile := fs.String("procurement-rules", env("PROCUREMENT_RULES", ""), "JSON file with the procurement thresholds and rules in force; default the embedded ones (env SAMSPIL_PROCUREMENT_RULES)")
	ocdsPrefix := fs.String("ocds-prefix", env("OCDS_PREFIX", ""), "registered OCID prefix of the OCDS open data (env SAMSPIL_OCDS_PREFIX)")
	ocdsPublisher := fs.String("ocds-publisher", env("OCDS_PUBLISHER", ""), "publisher name in the OCDS open data (env SAMSPIL_OCDS_PUBLISHER)")
	ocdsLicense := fs.String("ocds-license", env("OCDS_LICENSE", ""), "licence URL of the OCDS open data (env SAMSPIL_OCDS_LICENSE)")
	trustProxy := fs.Bool("trust-proxy", env("TRUST_PROXY", "") == "true", "take client addresses from X-Forwarded-For; only behind a reverse proxy (env SAMSPIL_TRUST_PROXY=true)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return errReported
	}
	logger := newLogger(stderr)
	rules, err := loadRules(*rulesFile)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, app.Config{
		Procurement: rules,
		OCDS:        ocdsConfig(*ocdsPrefix, *ocdsPublisher, *ocdsLicense),
		Addr:        *addr,
		DB:          *db,
		Files:       *files,
		BaseURL:     *baseURL,
		Demo:        *demo,
		Jobs:        true,
		TrustProxy:  *trustProxy,
		Logger:      logger,
		SMTP: mail.SMTPConfig{
			Host:     env("SMTP_HOST", ""),
			Port:     envInt("SMTP_PORT", 587),
			Username: env("SMTP_USERNAME", ""),
			Password: env("SMTP_PASSWORD", ""),
			From:     env("MAIL_FROM", "Samspil <noreply@samspil.localhost>"),
			TLS:      env("SMTP_TLS", ""),
		},
	})
	if err != nil {
		return err
	}
	if err := a.Start(); err != nil {
		a.Close()
		return err
	}
	<-ctx.Done()
	logger.Info("shutting down")
	return a.Close()
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("migrate", stderr)
	if _, err := parseInterspersed(fs, args); err != nil {
		return errReported
	}
	logger := newLogger(stderr)
	if err := sqlstore.Migrate(ctx, *db, app.StoreOptions(logger, samspil.SystemClock)); err != nil {
		return err
	}
	// The job queue keeps its own tables; migrate them in the same step so a
	// PostgreSQL upgrade is one command.
	store, err := openStore(ctx, *db, logger)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := jobs.Migrate(ctx, store.SQL(), store.Dialect()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("demo", stderr)
	orgs := fs.Int("orgs", app.DefaultDemoOrgs, "number of organisations to generate")
	opps := fs.Int("opportunities", 0, "number of opportunities; 0 loads the hand-written ones only")
	seed := fs.Int64("seed", 1, "generator seed: the same seed gives the same data")
	if _, err := parseInterspersed(fs, args); err != nil {
		return errReported
	}
	if *orgs < 1 || *orgs > 1_000_000 {
		return fmt.Errorf("--orgs must be between 1 and 1000000")
	}
	if *opps < 0 || *opps > 1_000_000 {
		return fmt.Errorf("--opportunities must be between 0 and 1000000")
	}
	logger := newLogger(stderr)
	store, err := openStore(ctx, *db, logger)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := app.LoadDemo(ctx, store, app.DemoOptions{Orgs: *orgs, Opportunities: *opps, Seed: *seed, Logger: logger, Progress: stderr})
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(map[string]any{
		"organisations": res.Organisations, "opportunities": res.Opportunities, "interests": res.Interests,
		"partnerships": res.Partnerships, "skipped": res.Skipped, "seconds": res.Elapsed.Seconds(),
	})
}

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("backup", stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return errReported
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: samspil backup FILE [--db PATH]")
	}
	store, err := openStore(ctx, *db, newLogger(stderr))
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", pos[0])
	return nil
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "purchases" {
		return cmdImportPurchases(ctx, args[1:], stdout, stderr)
	}
	fs, db := newFlags("import", stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return errReported
	}
	if len(pos) != 2 || pos[0] != "organisations" {
		return fmt.Errorf("usage: samspil import organisations FILE.csv [--db PATH]")
	}
	f, err := os.Open(pos[1])
	if err != nil {
		return err
	}
	defer f.Close()
	store, err := openStore(ctx, *db, newLogger(stderr))
	if err != nil {
		return err
	}
	defer store.Close()
	groups, err := store.FindTargetGroups(ctx)
	if err != nil {
		return err
	}
	known := make([]string, len(groups))
	for i, g := range groups {
		known[i] = g.Code
	}
	rows, lineErrs, err := orgcsv.ParseOptions(f, orgcsv.Options{Catalog: refdata.Catalog, TargetGroups: known})
	if err != nil {
		return err
	}
	if len(lineErrs) > 0 {
		for _, le := range lineErrs {
			fmt.Fprintln(stderr, le.Error())
		}
		fmt.Fprintf(stderr, "nothing imported: %d error(s) in %s\n", len(lineErrs), pos[1])
		return errReported
	}
	orgs := make([]*samspil.Organisation, len(rows))
	for i, r := range rows {
		orgs[i] = r.Org
	}
	if err := store.CreateOrganisations(ctx, orgs); err != nil {
		e, ok := samspil.AsError(err)
		if !ok || len(e.Fields) == 0 {
			return err
		}
		for _, fe := range e.Fields {
			fmt.Fprintf(stderr, "%s: %s\n", rowToLine(fe.Field, rows), fe.Message)
		}
		fmt.Fprintf(stderr, "nothing imported: %d error(s) in %s\n", len(e.Fields), pos[1])
		return errReported
	}
	return json.NewEncoder(stdout).Encode(map[string]int{"imported": len(orgs)})
}

// rowToLine turns the store's "row N: field" (N counts organisations) into
// "line L: field" (L counts lines of the file), which is what the person
// fixing the file needs.
func rowToLine(field string, rows []orgcsv.Row) string {
	var n int
	var rest string
	if _, err := fmt.Sscanf(field, "row %d:", &n); err == nil && n >= 1 && n <= len(rows) {
		_, rest, _ = strings.Cut(field, ":")
		return fmt.Sprintf("line %d:%s", rows[n-1].Line, rest)
	}
	return field
}

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: samspil user create --email E --name N [--admin] [--editor] [--db PATH]")
	}
	fs, db := newFlags("user create", stderr)
	email := fs.String("email", "", "e-mail address (required)")
	name := fs.String("name", "", "full name (required)")
	admin := fs.Bool("admin", false, "make the user a platform admin (the national secretariat)")
	editor := fs.Bool("editor", false, "let the user edit the guide and review cases (a secretariat editor)")
	if _, err := parseInterspersed(fs, args[1:]); err != nil {
		return errReported
	}
	addr, err := samspil.NormaliseEmail(*email)
	if err != nil {
		return fmt.Errorf("--email: %s", err.(*samspil.Error).Message)
	}
	if strings.TrimSpace(*name) == "" {
		return fmt.Errorf("--name is required")
	}
	pw := env("PASSWORD", "")
	if pw == "" {
		fmt.Fprint(stderr, "password (input is shown; set SAMSPIL_PASSWORD to avoid typing): ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := samspil.CheckPassword(pw); err != nil {
		return fmt.Errorf("password: %s (at least %d characters)", err.(*samspil.Error).Message, samspil.MinPasswordLen)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, *db, newLogger(stderr))
	if err != nil {
		return err
	}
	defer store.Close()
	u := &samspil.User{Email: addr, Name: strings.TrimSpace(*name), PasswordHash: hash, IsAdmin: *admin, IsEditor: *editor, Locale: "da"}
	if err := store.CreateUser(ctx, u); err != nil {
		return err
	}
	now := time.Now().UTC()
	// An account made by an operator on the server needs no e-mail round trip.
	if _, err := store.UpdateUser(ctx, u.ID, samspil.UserUpdate{EmailConfirmedAt: &now}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %d created: %s (admin: %v, editor: %v)\n", u.ID, u.Email, u.IsAdmin, u.IsEditor)
	return nil
}

// loadRules reads the procurement rules file, or returns nil for the
// embedded rules.
func loadRules(path string) (*procure.Rules, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := procure.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// ocdsConfig sets the operator's publisher identity over the defaults.
func ocdsConfig(prefix, publisher, license string) ocds.Config {
	var c ocds.Config
	if prefix != "" {
		c.OCIDPrefix = prefix
	}
	if publisher != "" {
		c.PublisherName = publisher
	}
	if license != "" {
		c.License = license
	}
	return c
}
