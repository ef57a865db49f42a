package demo_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/app"
	"github.com/samspil/samspil/guidetext"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestDemoTenders: the demo has tenders at every stage, with lots, social
// clauses, reservations, answered questions, interest and awards that
// became partnerships.
func TestDemoTenders(t *testing.T) {
	opts := testdb.Options(nil)
	opts.GuideChapters = guidetext.Chapters()
	both(t, opts, func(t *testing.T, store *sqlstore.DB) {
		ctx := context.Background()
		res, err := app.LoadDemo(ctx, store, app.DemoOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := res.Knowledge.Tenders
		if r.Tenders != 10 || r.Drafts != 1 || r.Awarded != 2 || r.Cancelled != 2 || r.Published != 5 || r.Amended < 4 || r.Clarifications < 4 || r.Responses < 12 {
			t.Fatalf("%+v", r)
		}
		count := func(st samspil.TenderStatus) int {
			_, n, err := store.FindTenders(ctx, samspil.TenderFilter{Statuses: []samspil.TenderStatus{st}, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if count(samspil.TenderPublished) != 5 || count(samspil.TenderAwarded) != 2 || count(samspil.TenderCancelled) < 1 {
			t.Fatalf("published %d awarded %d cancelled %d", count(samspil.TenderPublished), count(samspil.TenderAwarded), count(samspil.TenderCancelled))
		}
		ts, _, err := store.FindTenders(ctx, samspil.TenderFilter{Statuses: []samspil.TenderStatus{samspil.TenderPublished, samspil.TenderAwarded}, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		now := samspil.SystemClock()
		open, questionsClosed, awaiting, lots, reserved := 0, 0, 0, 0, 0
		for _, x := range ts {
			full, err := store.FindTenderByID(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			lots += len(full.Lots)
			if full.Reserved() {
				reserved++
			}
			switch {
			case full.Status == samspil.TenderAwarded:
				if full.Award == nil || full.Award.PartnershipID == nil {
					t.Fatalf("award without partnership: %+v", full.Award)
				}
			case full.QuestionsOpen(now):
				open++
			case full.Open(now):
				questionsClosed++
			default:
				awaiting++
			}
		}
		if open < 3 || questionsClosed != 1 || awaiting != 1 || lots < 4 || reserved < 4 {
			t.Fatalf("open %d questions closed %d awaiting %d lots %d reserved %d", open, questionsClosed, awaiting, lots, reserved)
		}
	})
}
