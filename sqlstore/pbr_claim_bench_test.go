package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// BenchmarkSubmitClaims measures the large upload the issue names: 100,000
// claims submitted at once to a contract of 10,000 participants (all or
// nothing, checked by the engine before they are written), then all of
// them approved in one bulk decision and the statement prepared.
//
//	go test ./sqlstore -run '^$' -bench SubmitClaims -benchtime=1x
//
// SAMSPIL_BENCH_POSTGRES=1 runs it on PostgreSQL (SAMSPIL_TEST_POSTGRES).
func BenchmarkSubmitClaims(b *testing.B) {
	const participants, claims = 10_000, 100_000
	for range b.N {
		b.StopTimer()
		clock := storetest.NewClock(time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC))
		var store samspil.Store
		if os.Getenv("SAMSPIL_BENCH_POSTGRES") != "" {
			store = testdb.OpenPostgresWith(b, testdb.Options(clock.Now))
		} else {
			store = testdb.OpenWith(b, testdb.Options(clock.Now))
		}
		k, buyer, leader := benchPbrContract(b, store)
		ps := make([]*samspil.Participant, participants)
		for i := range ps {
			ps[i] = &samspil.Participant{Pseudonym: fmt.Sprintf("P-%05d", i), EnrolledOn: time.Date(2026, 1, 1+i%28, 0, 0, 0, 0, time.UTC)}
		}
		if err := store.EnrolParticipants(leader, k.ID, ps); err != nil {
			b.Fatal(err)
		}
		cs := make([]*samspil.Claim, claims)
		for i := range cs {
			code := "JOB_START"
			if i%2 == 1 {
				code = "JOB13"
			}
			cs[i] = &samspil.Claim{Pseudonym: ps[i%participants].Pseudonym, OutcomeCode: code, Line: i + 2,
				AchievedOn: time.Date(2026, time.Month(2+i%10), 1+i%27, 0, 0, 0, 0, time.UTC), EvidenceRef: "Lønsedler"}
		}
		ctx := leader
		b.StartTimer()
		t0 := time.Now()
		if err := store.SubmitClaims(ctx, k.ID, cs); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "submit-s")
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		t0 = time.Now()
		if _, err := store.DecideClaims(buyer, k.ID, ids, samspil.ClaimApproved, ""); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "decide-s")
		t0 = time.Now()
		if _, err := store.PrepareStatement(context.Background(), k.ID); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "statement-s")
	}
}

// benchPbrContract makes an active monthly contract for 2026 (JOB_START and
// JOB13, which requires it, with a cap far above the claims) and returns it
// with contexts acting for the commissioner and the provider.
func benchPbrContract(b *testing.B, store samspil.Store) (*samspil.OutcomeContract, context.Context, context.Context) {
	b.Helper()
	ctx := context.Background()
	kommune, err := store.FindMunicipalityOrganisation(ctx, "0101")
	if err != nil {
		b.Fatal(err)
	}
	sov := &samspil.Organisation{CVR: storetest.ValidCVR(77), Name: "Jobværkstedet", Kind: samspil.OrgSOV, MunicipalityCode: "0101"}
	if err := store.CreateOrganisation(ctx, sov); err != nil {
		b.Fatal(err)
	}
	as := func(email string, org int64) context.Context {
		u := &samspil.User{Email: email, Name: email, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA"}
		if err := store.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		if err := store.CreateMembership(ctx, &samspil.Membership{UserID: u.ID, OrganisationID: org, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}); err != nil {
			b.Fatal(err)
		}
		return samspil.WithActor(ctx, u.ID)
	}
	buyer, leader := as("buyer@kk.dk", kommune.ID), as("leder@job.dk", sov.ID)
	groups, err := store.FindTargetGroups(ctx)
	if err != nil || len(groups) == 0 {
		b.Fatal("no target groups", err)
	}
	k := &samspil.OutcomeContract{Title: "Stor kontrakt", TargetGroup: groups[0].Code, CommissionerID: kommune.ID, ProviderID: sov.ID,
		ContractTerms: samspil.ContractTerms{PeriodStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
			CapOre: 100_000_000_000_00, StatementPeriod: samspil.PeriodMonth,
			Outcomes: []samspil.Outcome{
				{Code: "JOB_START", Description: "Job begyndt", Evidence: "Kontrakt", PriceOre: 100_000_00, PerParticipantLimit: 1},
				{Code: "JOB13", Description: "Job i 13 uger", Evidence: "Lønsedler", PriceOre: 200_000_00, PerParticipantLimit: 1, Requires: []string{"JOB_START"}},
			}}}
	if err := store.CreateOutcomeContract(buyer, k); err != nil {
		b.Fatal(err)
	}
	if _, err := store.ApproveOutcomeContract(buyer, k.ID, samspil.SideCommissioner, k.Version); err != nil {
		b.Fatal(err)
	}
	k, err = store.ApproveOutcomeContract(leader, k.ID, samspil.SideProvider, k.Version)
	if err != nil {
		b.Fatal(err)
	}
	return k, buyer, leader
}
