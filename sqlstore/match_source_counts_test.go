package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// TestCompletedPartnershipCounts checks the track record the match source
// reports: only completed partnerships count, per party, and candidates
// carry their count. Completed partnerships come from LoadPartnerships,
// the one way to store a finished collaboration.
func TestCompletedPartnershipCounts(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kk, err := db.FindMunicipalityOrganisation(ctx, "0101")
		must(t, err)
		var sov []*samspil.Organisation
		for i := 0; i < 2; i++ {
			o := &samspil.Organisation{CVR: storetest.ValidCVR(500 + i), Name: "Spor " + string(rune('A'+i)), Kind: samspil.OrgSOV,
				MunicipalityCode: "0101", CPVCodes: []string{"90911200-8"}}
			must(t, db.CreateOrganisation(ctx, o))
			sov = append(sov, o)
		}
		party := func(o *samspil.Organisation, role string) samspil.PartnershipParty {
			return samspil.PartnershipParty{OrganisationID: o.ID, Role: role}
		}
		must(t, db.LoadPartnerships(ctx, []*samspil.Partnership{
			{Title: "Rengøring 2024", Model: samspil.ModelIndkob, Status: samspil.PartnershipCompleted, Parties: []samspil.PartnershipParty{party(kk, "koeber"), party(sov[0], "leverandoer")}},
			{Title: "Rengøring 2025", Model: samspil.ModelIndkob, Status: samspil.PartnershipCompleted, Parties: []samspil.PartnershipParty{party(kk, "koeber"), party(sov[0], "leverandoer")}},
			{Title: "Kantine", Model: samspil.ModelIndkob, Status: samspil.PartnershipActive, Parties: []samspil.PartnershipParty{party(kk, "koeber"), party(sov[1], "leverandoer")}},
		}))
		counts, err := db.CompletedPartnershipCounts(ctx, []int64{kk.ID, sov[0].ID, sov[1].ID, 999999})
		must(t, err)
		if counts[kk.ID] != 2 || counts[sov[0].ID] != 2 || counts[sov[1].ID] != 0 || len(counts) != 2 {
			t.Fatalf("counts = %v", counts)
		}
		opp := &samspil.Opportunity{OrganisationID: kk.ID, Kind: samspil.OppIndkobsbehov, Title: "Rengøring",
			CPVCodes: []string{"90911200-8"}, MunicipalityCode: "0101"}
		must(t, db.CreateOpportunity(ctx, opp))
		cands, err := db.MatchCandidates(ctx, opp, 0)
		must(t, err)
		got := map[int64]int{}
		for _, c := range cands {
			got[c.OrganisationID] = c.CompletedPartnerships
		}
		if len(cands) != 2 || got[sov[0].ID] != 2 || got[sov[1].ID] != 0 {
			t.Fatalf("candidates' track record = %v", got)
		}
		// The finished partnerships are listed for the organisation.
		ps, total, err := db.FindPartnerships(ctx, samspil.PartnershipFilter{OrganisationID: sov[0].ID, Statuses: []samspil.PartnershipStatus{samspil.PartnershipCompleted}})
		must(t, err)
		if total != 2 || len(ps) != 2 || ps[0].CompletedAt == nil {
			t.Fatalf("completed partnerships = %d %+v", total, ps)
		}
	})
}
