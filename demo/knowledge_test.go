package demo_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/guidetext"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestLoadKnowledge loads the whole demo and checks the knowledge
// platform's part through the store's read methods, on both databases.
func TestLoadKnowledge(t *testing.T) {
	opts := testdb.Options(nil)
	opts.GuideChapters = guidetext.Chapters()
	both(t, opts, func(t *testing.T, store *sqlstore.DB) {
		ctx := context.Background()
		res, err := app.LoadDemo(ctx, store, app.DemoOptions{})
		if err != nil {
			t.Fatal(err)
		}
		k := res.Knowledge
		demo.CheckDemoPbr(t, ctx, store, k.OutcomeContracts)
		if k.Published < 25 || k.Cases < k.Published+3 || k.Questions < 15 || k.Answers < 20 || k.Strategies < 28 || k.Units < 15 || k.Follows < 20 {
			t.Fatalf("%+v", k)
		}

		// Published cases cover every model, at least twice.
		for _, m := range samspil.CollaborationModels {
			cs, n, err := store.FindCases(ctx, samspil.CaseFilter{Model: m, Limit: 50})
			if err != nil || n < 2 {
				t.Fatalf("model %s: %d published cases: %v", m, n, err)
			}
			for _, c := range cs {
				if c.Status != samspil.CasePublished || c.PublishedAt == nil || c.ContactEmail == "" {
					t.Fatalf("case %+v", c)
				}
			}
		}
		_, published, err := store.FindCases(ctx, samspil.CaseFilter{Limit: 1})
		if err != nil || published != k.Published {
			t.Fatalf("%d published, loader says %d: %v", published, k.Published, err)
		}
		_, review, err := store.FindCases(ctx, samspil.CaseFilter{Statuses: []samspil.CaseStatus{samspil.CaseReview}, Limit: 1})
		if err != nil || review != 1 {
			t.Fatalf("%d in review: %v", review, err)
		}
		_, drafts, err := store.FindCases(ctx, samspil.CaseFilter{Statuses: []samspil.CaseStatus{samspil.CaseDraft}, Limit: 1})
		if err != nil || drafts < 2 {
			t.Fatalf("%d drafts: %v", drafts, err)
		}
		cs, _, err := store.FindCases(ctx, samspil.CaseFilter{Query: "vaskeri linned plejecentre", Limit: 5})
		if err != nil || len(cs) == 0 {
			t.Fatalf("search finds no case: %v", err)
		}
		full, err := store.FindCaseByID(ctx, cs[0].ID)
		if err != nil || len(full.Results) < 2 || len(full.Partners) == 0 {
			t.Fatalf("case %+v: %v", full, err)
		}
		linked := false
		for _, p := range full.Partners {
			linked = linked || p.OrganisationID != nil
		}
		if !linked {
			t.Fatalf("no partner of %q links to an organisation", full.Title)
		}

		// Questions: some only for municipalities, most answered.
		_, public, err := store.FindQuestions(ctx, samspil.QuestionFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		all, total, err := store.FindQuestions(ctx, samspil.QuestionFilter{IncludeMunicipalOnly: true, Limit: 50})
		if err != nil || total != k.Questions || public >= total {
			t.Fatalf("%d public of %d questions (loader %d): %v", public, total, k.Questions, err)
		}
		accepted, voted := 0, false
		for _, q := range all {
			if q.AcceptedAnswerID != nil {
				accepted++
			}
			as, err := store.FindAnswers(ctx, q.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range as {
				voted = voted || a.Votes > 1
			}
		}
		if accepted < 10 || !voted {
			t.Fatalf("%d accepted answers, votes %v", accepted, voted)
		}

		// Strategies: about a third of the municipalities.
		rows, err := store.FindMunicipalityOverview(ctx)
		if err != nil || len(rows) != 98 {
			t.Fatalf("%d overview rows: %v", len(rows), err)
		}
		with, units, cases := 0, 0, 0
		for _, r := range rows {
			if r.HasStrategy {
				with++
			}
			if r.HasUnit {
				units++
			}
			cases += r.Cases
		}
		if with != k.Strategies || with > 40 || units != k.Units || cases != k.Published {
			t.Fatalf("strategies %d, units %d, cases %d: %+v", with, units, cases, k)
		}

		// The editor edits the guide and reviews, but is no platform admin.
		ed, err := store.FindUserByEmail(ctx, demo.EditorEmail)
		if err != nil || !ed.IsEditor || ed.IsAdmin || !ed.Confirmed() {
			t.Fatalf("editor %+v: %v", ed, err)
		}
		fs, err := store.FindFollows(ctx, ed.ID)
		if err != nil || len(fs) == 0 {
			t.Fatalf("editor follows %d: %v", len(fs), err)
		}

		// The editor's reviews and the authors' submissions are audited
		// with them as actors.
		evs, n, err := store.FindAuditEvents(ctx, samspil.AuditFilter{EntityType: "case", ActorID: ed.ID, Limit: 100})
		if err != nil || n < k.Published {
			t.Fatalf("%d case events by the editor: %v", n, err)
		}
		for _, e := range evs {
			if e.ActorID != ed.ID {
				t.Fatalf("event %+v", e)
			}
		}
		owner, err := store.FindUserByID(ctx, full.CreatedBy)
		if err != nil || owner.ID == 0 || owner.ID == ed.ID {
			t.Fatalf("case author %+v: %v", owner, err)
		}

		// The demo's people sign in with the admin's password.
		admin, err := store.FindUserByEmail(ctx, app.DemoAdminEmail)
		if err != nil {
			t.Fatal(err)
		}
		person, err := store.FindUserByEmail(ctx, "louise.brandt@hvidovre.kommune.example")
		if err != nil || person.PasswordHash != admin.PasswordHash || !person.Confirmed() {
			t.Fatalf("person %+v: %v", person, err)
		}
		ms, _, err := store.FindMemberships(ctx, samspil.MembershipFilter{UserID: person.ID})
		if err != nil || len(ms) != 1 || ms[0].Status != samspil.MembershipActive || ms[0].OrganisationKind != samspil.OrgKommune {
			t.Fatalf("memberships %+v: %v", ms, err)
		}

		// Loading again adds nothing.
		again, err := demo.LoadKnowledge(ctx, store, nil, "x", 0)
		if err != nil || !again.Skipped {
			t.Fatalf("second load: %+v %v", again, err)
		}
		if res2, err := app.LoadDemo(ctx, store, app.DemoOptions{}); err != nil || !res2.Skipped {
			t.Fatalf("second demo load: %+v %v", res2, err)
		}
		_, after, err := store.FindCases(ctx, samspil.CaseFilter{Limit: 1})
		if err != nil || after != published {
			t.Fatalf("%d published after a second load: %v", after, err)
		}
	})
}

// both is testdb.Both with the guide seeded, as the application opens it.
func both(t *testing.T, opts sqlstore.Options, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, testdb.OpenWith(t, opts)) })
	t.Run("postgres", func(t *testing.T) { fn(t, testdb.OpenPostgresWith(t, opts)) })
}

// TestLoadKnowledgeSmallDemo loads a demo with only a few organisations:
// the content of organisations that are not loaded is left out, the rest
// (the municipalities' cases, questions and strategies) still loads.
func TestLoadKnowledgeSmallDemo(t *testing.T) {
	store := testdb.Open(t)
	ctx := context.Background()
	res, err := app.LoadDemo(ctx, store, app.DemoOptions{Orgs: 5})
	if err != nil {
		t.Fatal(err)
	}
	k := res.Knowledge
	if k.Published < 10 || k.Questions < 15 || k.Strategies < 28 {
		t.Fatalf("%+v", k)
	}
	_, n, err := store.FindCases(ctx, samspil.CaseFilter{Limit: 1})
	if err != nil || n != k.Published {
		t.Fatalf("%d published: %v", n, err)
	}
}
