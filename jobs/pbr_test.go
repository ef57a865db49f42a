package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/jobs"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestPrepareStatements runs the daily statement sweep twice over a
// monthly contract whose January has ended: the first run prepares
// January's statement, the second finds nothing changed. (The store's
// own suite covers the statements on both databases.)
func TestPrepareStatements(t *testing.T) {
	clk := &clock{now: storetest.Start} // 2 March 2026
	store := testdb.OpenWith(t, testdb.Options(clk.Now))
	ctx := context.Background()
	if n, err := jobs.PrepareStatements(ctx, store); err != nil || n != 0 {
		t.Fatalf("empty store: %d, %v", n, err)
	}
	f := storetest.NewPbrFixture(t, store)
	k := f.NewContract("Fra ledighed til job")
	k.StatementPeriod = samspil.PeriodMonth
	k = f.Activate(t, store, k)
	p := &samspil.Participant{Pseudonym: "P-001", EnrolledOn: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}
	if err := store.EnrolParticipants(f.As(f.Leader), k.ID, []*samspil.Participant{p}); err != nil {
		t.Fatal(err)
	}
	c := &samspil.Claim{Pseudonym: "P-001", OutcomeCode: "JOB_START", AchievedOn: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), EvidenceRef: "Kontrakt"}
	if err := store.SubmitClaims(f.As(f.Leader), k.ID, []*samspil.Claim{c}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.DecideClaims(f.As(f.Buyer), k.ID, []int64{c.ID}, samspil.ClaimApproved, ""); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{1, 0} {
		n, err := jobs.PrepareStatements(ctx, store)
		if err != nil || n != want {
			t.Fatalf("run %d: %d, %v; want %d", i+1, n, err, want)
		}
	}
	list, err := store.FindStatements(ctx, k.ID)
	if err != nil || len(list) != 1 || list[0].TotalOre != c.Check.AmountOre || list[0].Status != samspil.StatementDraft {
		t.Fatalf("statements = %+v, %v", list, err)
	}
}
