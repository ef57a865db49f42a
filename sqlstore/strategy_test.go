package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestOverviewSkipsBrokenOffPartnerships: the national overview counts a
// municipality's partnerships in every status but afbrudt. Nothing in the
// store breaks a partnership off yet (issue 7 will), so the status is set
// directly.
func TestOverviewSkipsBrokenOffPartnerships(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kk, err := db.FindMunicipalityOrganisation(ctx, "0101")
		must(t, err)
		sov := &samspil.Organisation{CVR: storetest.ValidCVR(41), Name: "Cykelværkstedet", Kind: samspil.OrgSOV, MunicipalityCode: "0101"}
		must(t, db.CreateOrganisation(ctx, sov))
		var ids []int64
		for _, title := range []string{"Cykler til hjemmeplejen", "Cykler til skolerne"} {
			need := &samspil.Opportunity{OrganisationID: kk.ID, Kind: samspil.OppIndkobsbehov, Title: title,
				CPVCodes: []string{"50110000"}, MunicipalityCode: "0101"}
			must(t, db.CreateOpportunity(ctx, need))
			in := &samspil.Interest{OpportunityID: need.ID, OrganisationID: sov.ID, Message: "Vi vil gerne."}
			must(t, db.CreateInterest(ctx, in))
			_, p, err := db.AcceptInterest(ctx, in.ID, "")
			must(t, err)
			ids = append(ids, p.ID)
		}
		count := func() int {
			t.Helper()
			rows, err := db.FindMunicipalityOverview(ctx)
			must(t, err)
			for _, r := range rows {
				if r.Code == "0101" {
					return r.Partnerships
				}
			}
			t.Fatal("no row for 0101")
			return 0
		}
		if n := count(); n != 2 {
			t.Fatalf("partnerships = %d, want 2", n)
		}
		q := "UPDATE partnerships SET status = 'afbrudt' WHERE id = ?"
		if db.Dialect() == sqlstore.DialectPostgres {
			q = "UPDATE partnerships SET status = 'afbrudt' WHERE id = $1"
		}
		if _, err := db.SQL().ExecContext(ctx, q, ids[0]); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 1 {
			t.Fatalf("partnerships after one was broken off = %d, want 1", n)
		}
	})
}
