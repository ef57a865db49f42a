package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/password"
	"github.com/samspil/samspil/refdata"
)

// DefaultDemoOrgs is the size of the hand-written demo data set that
// `serve --demo` loads: enough for a newcomer to see a living platform.
const DefaultDemoOrgs = 80

// DemoAdminEmail and DemoAdminPassword name the platform admin account that
// the demo data set creates, so a newcomer can sign in and look around. It
// exists only in databases loaded with demo data.
const (
	DemoAdminEmail    = "admin@demo.samspil.dk"
	DemoAdminPassword = "samspil-demo-2026"
)

// DemoOptions tune LoadDemo.
type DemoOptions struct {
	Orgs     int   // number of organisations; 0 means DefaultDemoOrgs
	Seed     int64 // generator seed; the same seed gives the same data
	Batch    int   // organisations per transaction; 0 means 10,000
	Logger   *slog.Logger
	Progress io.Writer // where to print progress for long loads; nil for none
}

// DemoResult says what LoadDemo did.
type DemoResult struct {
	Organisations int
	Skipped       bool // the database already had organisations besides the municipalities
	Elapsed       time.Duration
}

// LoadDemo fills an empty database with the deterministic demo data set. A
// database that already holds organisations other than the seeded
// municipalities is left alone, so `serve --demo` can be given every time.
func LoadDemo(ctx context.Context, store samspil.Store, opt DemoOptions) (DemoResult, error) {
	start := time.Now()
	if opt.Orgs <= 0 {
		opt.Orgs = DefaultDemoOrgs
	}
	if opt.Batch <= 0 {
		opt.Batch = 10000
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	_, all, err := store.FindOrganisations(ctx, samspil.OrganisationFilter{Limit: 1})
	if err != nil {
		return DemoResult{}, err
	}
	_, munis, err := store.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgKommune, Limit: 1})
	if err != nil {
		return DemoResult{}, err
	}
	if all > munis {
		opt.Logger.Info("demo data not loaded: the database already has organisations", "organisations", all-munis)
		return DemoResult{Skipped: true}, nil
	}

	orgs := demo.Organisations(opt.Orgs, opt.Seed, refdata.Municipalities())
	for i := 0; i < len(orgs); i += opt.Batch {
		end := min(i+opt.Batch, len(orgs))
		if err := store.CreateOrganisations(ctx, orgs[i:end]); err != nil {
			return DemoResult{}, fmt.Errorf("organisations %d–%d: %w", i+1, end, err)
		}
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "\rloaded %d of %d organisations", end, len(orgs))
		}
	}
	if opt.Progress != nil {
		fmt.Fprintln(opt.Progress)
	}
	if err := ensureDemoAdmin(ctx, store); err != nil {
		return DemoResult{}, err
	}
	res := DemoResult{Organisations: len(orgs), Elapsed: time.Since(start)}
	opt.Logger.Info("demo data loaded", "organisations", res.Organisations, "elapsed", res.Elapsed.Round(time.Millisecond),
		"admin_email", DemoAdminEmail, "admin_password", DemoAdminPassword)
	return res, nil
}

func ensureDemoAdmin(ctx context.Context, store samspil.Store) error {
	if _, err := store.FindUserByEmail(ctx, DemoAdminEmail); err == nil {
		return nil
	} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
		return err
	}
	hash, err := password.Hash(DemoAdminPassword)
	if err != nil {
		return err
	}
	u := &samspil.User{Email: DemoAdminEmail, Name: "Demo-administrator", PasswordHash: hash, IsAdmin: true, Locale: "da"}
	if err := store.CreateUser(ctx, u); err != nil {
		return err
	}
	now := time.Now().UTC()
	_, err = store.UpdateUser(ctx, u.ID, samspil.UserUpdate{EmailConfirmedAt: &now})
	return err
}
