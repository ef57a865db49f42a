package app

import (
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/password"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
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
	Orgs int // number of organisations; 0 means DefaultDemoOrgs
	// Opportunities is the number of opportunities; 0 means the
	// hand-written ones only (those whose posters are loaded). A larger
	// number adds generated ones up to it.
	Opportunities int
	Seed          int64 // generator seed; the same seed gives the same data
	Logger        *slog.Logger
	Progress      io.Writer     // where to print progress for long loads; nil for none
	Now           samspil.Clock // anchors deadlines and posting times; nil: the system clock
}

// DemoResult says what LoadDemo did.
type DemoResult struct {
	Organisations int
	Opportunities int
	Interests     int
	Partnerships  int
	Skipped       bool // the database already had organisations besides the municipalities
	Knowledge     demo.KnowledgeResult
	Elapsed       time.Duration
}

// bulkStore is the fast loading path of sqlstore.
type bulkStore interface {
	BulkLoadSeq(ctx context.Context, orgs iter.Seq[*samspil.Organisation], opps iter.Seq[*samspil.Opportunity]) (sqlstore.BulkStats, error)
	LoadPartnerships(ctx context.Context, ps []*samspil.Partnership) error
}

// LoadDemo fills an empty database with the deterministic demo data set:
// organisations, opportunities (hand-written, then generated), a few
// interests of which one is accepted into a partnership, some completed
// partnerships for track record, and a platform admin. A database that
// already holds organisations other than the seeded municipalities is left
// alone, so `serve --demo` can be given every time.
func LoadDemo(ctx context.Context, store samspil.Store, opt DemoOptions) (DemoResult, error) {
	start := time.Now()
	if opt.Orgs <= 0 {
		opt.Orgs = DefaultDemoOrgs
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = samspil.SystemClock
	}
	now := opt.Now()
	_, all, err := store.FindOrganisations(ctx, samspil.OrganisationFilter{Limit: 1})
	if err != nil {
		return DemoResult{}, err
	}
	kommuner, err := municipalityRefs(ctx, store)
	if err != nil {
		return DemoResult{}, err
	}
	if all > len(kommuner) {
		opt.Logger.Info("demo data not loaded: the database already has organisations", "organisations", all-len(kommuner))
		return DemoResult{Skipped: true}, nil
	}

	// refs remembers every loaded organisation (names only for the
	// hand-written ones) so opportunities can be posted by fitting ones.
	refs := append([]demo.OrgRef(nil), kommuner...)
	byName := map[string]demo.OrgRef{}
	for _, r := range kommuner {
		byName["kommune:"+r.Municipality] = r
	}
	loaded := 0
	orgSeq := func(yield func(*samspil.Organisation) bool) {
		for o := range demo.OrganisationSeq(opt.Orgs, opt.Seed, refdata.Municipalities()) {
			if !yield(o) {
				return
			}
			// The loader has set o.ID by now.
			r := demo.RefOf(o)
			if loaded < demo.HandwrittenCount {
				byName[o.Name] = r
			} else {
				r.Name = ""
			}
			refs = append(refs, r)
			loaded++
			if opt.Progress != nil && (loaded%50000 == 0 || loaded == opt.Orgs) {
				fmt.Fprintf(opt.Progress, "\rloaded %d of %d organisations", loaded, opt.Orgs)
			}
		}
	}
	var hw []demo.HandwrittenOpportunity
	opps := 0
	oppSeq := func(yield func(*samspil.Opportunity) bool) {
		hw = demo.HandwrittenOpportunities(byName, now)
		if opt.Opportunities > 0 && len(hw) > opt.Opportunities {
			hw = hw[:opt.Opportunities]
		}
		for _, h := range hw {
			opps++
			if !yield(h.Opportunity) {
				return
			}
		}
		for o := range demo.OpportunitySeq(opt.Opportunities-len(hw), opt.Seed, refs, now) {
			opps++
			if !yield(o) {
				return
			}
			if opt.Progress != nil && opps%50000 == 0 {
				fmt.Fprintf(opt.Progress, "\rloaded %d of %d opportunities", opps, opt.Opportunities)
			}
		}
	}
	bs, ok := store.(bulkStore)
	if !ok {
		return DemoResult{}, fmt.Errorf("demo data needs the SQL store's bulk loader, not %T", store)
	}
	res := DemoResult{}
	st, err := bs.BulkLoadSeq(ctx, orgSeq, oppSeq)
	if err != nil {
		return DemoResult{}, err
	}
	res.Organisations, res.Opportunities = st.Organisations, st.Opportunities
	opt.Logger.Info("bulk load", "organisations", st.Organisations, "opportunities", st.Opportunities,
		"elapsed", st.Elapsed.Round(time.Millisecond), "index_rebuild", st.IndexRebuild.Round(time.Millisecond),
		"search_index", st.SearchIndex.Round(time.Millisecond))
	if opt.Progress != nil {
		fmt.Fprintln(opt.Progress)
	}
	if res.Interests, res.Partnerships, err = demoInterests(ctx, store, hw, byName); err != nil {
		return DemoResult{}, err
	}
	ps := completedPartnerships(byName, now)
	if err := bs.LoadPartnerships(ctx, ps); err != nil {
		return DemoResult{}, fmt.Errorf("completed partnerships: %w", err)
	}
	res.Partnerships += len(ps)
	if err := ensureDemoAdmin(ctx, store); err != nil {
		return DemoResult{}, err
	}
	if res.Knowledge, err = loadDemoKnowledge(ctx, store, byName); err != nil {
		return DemoResult{}, err
	}
	res.Elapsed = time.Since(start)
	opt.Logger.Info("demo data loaded", "organisations", res.Organisations, "opportunities", res.Opportunities,
		"interests", res.Interests, "partnerships", res.Partnerships, "elapsed", res.Elapsed.Round(time.Millisecond),
		"admin_email", DemoAdminEmail, "admin_password", DemoAdminPassword,
		"cases", res.Knowledge.Cases, "questions", res.Knowledge.Questions, "strategies", res.Knowledge.Strategies,
		"editor_email", demo.EditorEmail)
	return res, nil
}

// loadDemoKnowledge adds the knowledge platform's demo content (cases,
// questions, strategies, the editor and follows); its people sign in with
// the demo admin's password.
func loadDemoKnowledge(ctx context.Context, store samspil.Store, byName map[string]demo.OrgRef) (demo.KnowledgeResult, error) {
	admin, err := store.FindUserByEmail(ctx, DemoAdminEmail)
	if err != nil {
		return demo.KnowledgeResult{}, err
	}
	// The demo's people share the admin's password; reusing its hash saves
	// a second, deliberately slow hashing.
	hash := admin.PasswordHash
	if hash == "" {
		if hash, err = password.Hash(DemoAdminPassword); err != nil {
			return demo.KnowledgeResult{}, err
		}
	}
	return demo.LoadKnowledge(ctx, store, byName, hash, admin.ID)
}

// municipalityRefs returns the seeded municipality organisations.
func municipalityRefs(ctx context.Context, store samspil.Store) ([]demo.OrgRef, error) {
	var out []demo.OrgRef
	for offset := 0; ; {
		orgs, total, err := store.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgKommune, Offset: offset, Limit: samspil.MaxPageSize})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			out = append(out, demo.RefOf(o))
		}
		offset += len(orgs)
		if len(orgs) == 0 || offset >= total {
			return out, nil
		}
	}
}

// demoInterests sends the hand-written interests and accepts the marked
// ones, through the store's ordinary path so notifications are written too.
func demoInterests(ctx context.Context, store samspil.Store, hw []demo.HandwrittenOpportunity, byName map[string]demo.OrgRef) (interests, partnerships int, err error) {
	messages := []string{
		"Vi vil meget gerne løse opgaven og har kapacitet fra næste måned. Kan vi tage et møde og se på rammerne sammen?",
		"Det lyder som noget for os. Vi har gjort noget lignende før og sender gerne referencer.",
	}
	for _, h := range hw {
		for i, name := range h.Interested {
			ref, ok := byName[name]
			if !ok || h.Opportunity.ID == 0 {
				continue
			}
			in := &samspil.Interest{OpportunityID: h.Opportunity.ID, OrganisationID: ref.ID, Message: messages[i%len(messages)]}
			if err := store.CreateInterest(ctx, in); err != nil {
				return interests, partnerships, fmt.Errorf("interest of %s in %q: %w", name, h.Opportunity.Title, err)
			}
			interests++
			if i == 0 && h.Accept {
				if _, _, err := store.AcceptInterest(ctx, in.ID, "Velkommen – vi ringer i næste uge."); err != nil {
					return interests, partnerships, fmt.Errorf("accept interest in %q: %w", h.Opportunity.Title, err)
				}
				partnerships++
			}
		}
	}
	return interests, partnerships, nil
}

// completedPartnerships builds the demo's track record from the
// hand-written organisations that are loaded.
func completedPartnerships(byName map[string]demo.OrgRef, now time.Time) []*samspil.Partnership {
	var out []*samspil.Partnership
	for _, c := range demo.CompletedPartnerships {
		owner, ok1 := byName[c.Owner]
		party, ok2 := byName[c.Party]
		if !ok1 || !ok2 {
			continue
		}
		done := now.AddDate(0, -c.MonthsAgo, 0)
		out = append(out, &samspil.Partnership{
			Title: c.Title, Model: c.Model, Status: samspil.PartnershipCompleted,
			Parties: []samspil.PartnershipParty{
				{OrganisationID: owner.ID, Role: "ejer"},
				{OrganisationID: party.ID, Role: "partner"},
			},
			CreatedAt: done.AddDate(-1, 0, 0), UpdatedAt: done, CompletedAt: &done,
		})
	}
	return out
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
