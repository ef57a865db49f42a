package sqlstore_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestPbrContractStore runs the outcome contract store's contract on both
// databases.
func TestPbrContractStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunPbrContracts(t, func(t *testing.T, now samspil.Clock) samspil.Store { return testdb.OpenWith(t, testdb.Options(now)) })
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunPbrContracts(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, testdb.Options(now))
		})
	})
}

// pbrExec runs a statement written with "?" placeholders on either database.
func pbrExec(t *testing.T, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if db.Dialect() == sqlstore.DialectPostgres {
		n := 0
		q = regexp.MustCompile(`\?`).ReplaceAllStringFunc(q, func(string) string { n++; return fmt.Sprintf("$%d", n) })
	}
	if _, err := db.SQL().Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// pbrTime encodes a time as the store does.
func pbrTime(db *sqlstore.DB, at time.Time) any {
	if db.Dialect() == sqlstore.DialectSQLite {
		return at.UnixMicro()
	}
	return at
}

// addStatement writes a statement row as S2's store would, with one line.
func addStatement(t *testing.T, db *sqlstore.DB, contractID int64, number int, status samspil.StatementStatus, total int64, claimID int64) {
	t.Helper()
	at := pbrTime(db, storetest.Start)
	pbrExec(t, db, `INSERT INTO pbr_statements (id, contract_id, number, period_start, period_end, status, total_ore, paid_before_ore, cap_ore,
		amendment, by_outcome_json, calculated_at, created_at) VALUES (?, ?, ?, '2026-01-01', '2026-03-31', ?, ?, 0, 100000000, 0, ?, ?, ?)`,
		int64(number)+1000*contractID, contractID, number, string(status), total, `[{"code":"JOB_START","count":1,"amount_ore":`+fmt.Sprint(total)+`}]`, at, at)
	pbrExec(t, db, `INSERT INTO pbr_statement_lines (statement_id, ord, claim_id, pseudonym, outcome_code, achieved_on, kind, price_ore,
		earned_ore, paid_before_ore, amount_ore, cut_ore, reason) VALUES (?, 1, ?, 'P-1', 'JOB_START', '2026-02-10', 'claim', ?, ?, 0, ?, 0, '')`,
		int64(number)+1000*contractID, claimID, total, total, total)
}

// TestPbrLedgerAndPaid reads a contract's ledger with claims and
// statements written as S2's store writes them, and checks the rules that
// depend on approved statements: an amendment's cap cannot go below what
// is paid, and a contract with a draft statement cannot be finished.
func TestPbrLedgerAndPaid(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := storetest.NewPbrFixture(t, db)
		k := f.Activate(t, db, f.NewContract("Flere i job"))
		must(t, db.EnrolParticipants(f.As(f.Leader), k.ID, []*samspil.Participant{
			{Pseudonym: "P-2", EnrolledOn: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
			{Pseudonym: "P-1", EnrolledOn: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), AgeBand: "30-39"}}))
		ps, _, err := db.FindParticipants(context.Background(), samspil.ParticipantFilter{ContractID: k.ID})
		must(t, err)
		at := pbrTime(db, storetest.Start)
		for i, c := range []struct {
			p        *samspil.Participant
			code, on string
			decision samspil.ClaimDecision
		}{{ps[1], "JOB13", "2026-02-20", samspil.ClaimPending}, {ps[0], "JOB_START", "2026-02-10", samspil.ClaimApproved}} {
			pbrExec(t, db, `INSERT INTO pbr_claims (id, contract_id, participant_id, outcome_code, achieved_on, evidence_ref, submitted_at,
				check_amount_ore, check_valid, decision) VALUES (?, ?, ?, ?, ?, 'lønseddel', ?, 10000000, ?, ?)`,
				int64(i+1), k.ID, c.p.ID, c.code, c.on, at, true, string(c.decision))
		}
		addStatement(t, db, k.ID, 1, samspil.StatementApproved, 600_000_00, 2)

		l, err := db.ContractLedger(context.Background(), k.ID)
		must(t, err)
		if l.Contract.ID != k.ID || l.Contract.Provider != "Jobværkstedet" || len(l.Contract.Outcomes) != 2 || len(l.Participants) != 2 ||
			l.Participants[0].Pseudonym != "P-2" || l.Participants[1].AgeBand != "30-39" || len(l.UnitPrices) == 0 {
			t.Fatalf("ledger = %+v", l)
		}
		if len(l.Claims) != 2 || l.Claims[0].ID != 2 || l.Claims[0].Pseudonym != "P-1" || l.Claims[1].Pseudonym != "P-2" ||
			l.Claims[0].Decision != samspil.ClaimApproved || !l.Claims[0].Check.Valid || l.Claims[0].Check.AmountOre != 100_000_00 ||
			!l.Claims[1].AchievedOn.Equal(time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)) || !l.Claims[1].SubmittedAt.Equal(storetest.Start) {
			t.Fatalf("ledger claims = %+v %+v", l.Claims[0], l.Claims[1])
		}
		if len(l.Statements) != 1 || l.Statements[0].TotalOre != 600_000_00 || len(l.Statements[0].Lines) != 1 ||
			l.Statements[0].Lines[0].ClaimID != 2 || l.Statements[0].Lines[0].Kind != samspil.LineClaim || len(l.Statements[0].ByOutcome) != 1 ||
			l.Statements[0].ByOutcome[0].AmountOre != 600_000_00 || !l.Statements[0].PeriodEnd.Equal(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("ledger statements = %+v", l.Statements)
		}
		_, err = db.ContractLedger(context.Background(), k.ID+99)
		if samspil.ErrorCode(err) != samspil.ENOTFOUND {
			t.Fatalf("ledger of no contract: %v", err)
		}

		terms := f.NewContract("").ContractTerms
		terms.CapOre = 500_000_00
		a := &samspil.ContractAmendment{ContractID: k.ID, Note: "Lavere loft", Terms: terms, ProposedBySide: samspil.SideProvider}
		err = db.ProposeAmendment(f.As(f.Leader), a)
		e, _ := samspil.AsError(err)
		if e == nil || e.Code != samspil.EINVALID || len(e.Fields) != 1 || e.Fields[0].Key != "pbr.amendment.cap_below_paid" ||
			e.Fields[0].Field != "cap_ore" || e.Fields[0].Args["Paid"] != "600.000,00 kr." {
			t.Fatalf("cap below paid: %#v", err)
		}
		a.Terms.CapOre = 600_000_00
		must(t, db.ProposeAmendment(f.As(f.Leader), a))

		addStatement(t, db, k.ID, 2, samspil.StatementDraft, 0, 1)
		_, err = db.FinishOutcomeContract(f.As(f.Buyer), k.ID)
		if samspil.ErrorKey(err) != "pbr.finish.too_early" {
			t.Fatalf("finish in the period: %v", err)
		}
	})
}

// TestPbrFinishWithDraftStatement checks that a contract whose period is
// over still waits for its draft statement.
func TestPbrFinishWithDraftStatement(t *testing.T) {
	clock := storetest.NewClock(storetest.Start)
	db := testdb.OpenWith(t, testdb.Options(clock.Now))
	f := storetest.NewPbrFixture(t, db)
	k := f.Activate(t, db, f.NewContract("Flere i job"))
	addStatement(t, db, k.ID, 1, samspil.StatementDraft, 0, 1)
	clock.Add(time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC).Sub(storetest.Start))
	_, err := db.FinishOutcomeContract(f.As(f.Buyer), k.ID)
	if samspil.ErrorCode(err) != samspil.ECONFLICT || samspil.ErrorKey(err) != "pbr.finish.open_statement" {
		t.Fatalf("finish with a draft statement: %v", err)
	}
}

// TestPbrSeedUnitPrices checks that the default unit prices are seeded once
// per code and that a code an editor changed is left alone on the next start.
func TestPbrSeedUnitPrices(t *testing.T) {
	defaults := pbr.DefaultUnitPrices()
	if len(defaults) == 0 {
		t.Skip("no default unit prices yet")
	}
	ctx := context.Background()
	db := testdb.Open(t)
	path := sqliteFile(t, db)
	got, err := db.FindUnitPrices(ctx)
	must(t, err)
	if len(got) != len(defaults) {
		t.Fatalf("seeded %d unit prices, want %d", len(got), len(defaults))
	}
	changed := *got[0]
	changed.ID, changed.AmountOre, changed.ValidFrom = 0, changed.AmountOre+100, changed.ValidFrom.AddDate(1, 0, 0)
	must(t, db.SaveUnitPrice(ctx, &changed))
	db2, err := sqlstore.Open(ctx, path, testdb.Options(nil))
	must(t, err)
	defer db2.Close()
	again, err := db2.FindUnitPrices(ctx)
	must(t, err)
	if len(again) != len(defaults)+1 {
		t.Fatalf("after a second start: %d unit prices, want %d", len(again), len(defaults)+1)
	}
}

// BenchmarkPbrEnrolParticipants enrols 100,000 participants in one
// all-or-nothing call (the largest upload) and reads them back as a ledger.
func BenchmarkPbrEnrolParticipants(b *testing.B) {
	const n = 100_000
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				clock := storetest.NewClock(storetest.Start)
				var db *sqlstore.DB
				if name == "sqlite" {
					db = testdb.OpenWith(b, testdb.Options(clock.Now))
				} else {
					db = testdb.OpenPostgresWith(b, testdb.Options(clock.Now))
				}
				f := storetest.NewPbrFixture(b, db)
				k := f.Activate(b, db, f.NewContract("Stor kohorte"))
				ps := make([]*samspil.Participant, n)
				for j := range ps {
					ps[j] = &samspil.Participant{Pseudonym: fmt.Sprintf("D-%06d", j), EnrolledOn: time.Date(2026, 1, 1+j%59, 0, 0, 0, 0, time.UTC), AgeBand: "25-29"}
				}
				b.StartTimer()
				if err := db.EnrolParticipants(f.As(f.Leader), k.ID, ps); err != nil {
					b.Fatal(err)
				}
				l, err := db.ContractLedger(context.Background(), k.ID)
				if err != nil || len(l.Participants) != n {
					b.Fatalf("ledger: %d participants, %v", len(l.Participants), err)
				}
			}
		})
	}
}
