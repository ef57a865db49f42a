package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

// RunStrategies runs the contract tests of strategies and the national
// overview against stores from open.
func RunStrategies(t *testing.T, open Opener) {
	runTests(t, open, []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"StrategySaveAndFind", testStrategySaveAndFind},
		{"StrategyInvalid", testStrategyInvalid},
		{"StrategyDelete", testStrategyDelete},
		{"StrategyFollowers", testStrategyFollowers},
		{"StrategyAttachments", testStrategyAttachments},
		{"MunicipalityOverview", testMunicipalityOverview},
	})
}

func date(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func testStrategySaveAndFind(t *testing.T, e *env) {
	_, err := e.s.FindStrategy(e.ctx, "0101")
	wantCode(t, err, samspil.ENOTFOUND, "strategy.not_found")
	ctx, u := editor(t, e, "Kirsten Kommune")
	kk, err := e.s.FindMunicipalityOrganisation(e.ctx, "0101")
	must(t, err)
	// A date given in Danish time keeps its calendar day.
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	adopted := time.Date(2024, 3, 1, 0, 0, 0, 0, cph)
	s := &samspil.Strategy{
		MunicipalityCode: " 0101 ", Title: " Strategi for socialøkonomi 2024-2028 ", AdoptedOn: &adopted,
		Text: "## Formål\n\nFlere i job.", BudgetOre: 2_500_000_00, BudgetNote: "Fra beskæftigelsesområdet",
		Goals: []samspil.StrategyGoal{
			{Description: "Partnerskaber med SØV", Target: 25, Unit: "partnerskaber", Year: 2028},
			{}, // an empty form row is dropped
			{Description: "Reserverede kontrakter", Target: 5, Unit: "kontrakter", Year: 2026},
		},
	}
	saved, err := e.s.SaveStrategy(ctx, s)
	must(t, err)
	check := func(got *samspil.Strategy, title string, goals int, at time.Time) {
		t.Helper()
		if got.MunicipalityCode != "0101" || got.OrganisationID != kk.ID || got.Title != title || got.AdoptedOn == nil ||
			!got.AdoptedOn.Equal(*date(2024, 3, 1)) || len(got.Goals) != goals || got.Attachments == nil || len(got.Attachments) != 0 ||
			!got.UpdatedAt.Equal(at) || got.UpdatedBy == nil || *got.UpdatedBy != u.ID {
			t.Fatalf("strategy = %+v", got)
		}
	}
	check(saved, "Strategi for socialøkonomi 2024-2028", 2, Start)
	got, err := e.s.FindStrategy(e.ctx, "0101")
	must(t, err)
	check(got, "Strategi for socialøkonomi 2024-2028", 2, Start)
	if got.Text != "## Formål\n\nFlere i job." || got.BudgetOre != 2_500_000_00 || got.BudgetNote != "Fra beskæftigelsesområdet" ||
		got.Goals[0] != (samspil.StrategyGoal{Description: "Partnerskaber med SØV", Target: 25, Unit: "partnerskaber", Year: 2028}) ||
		got.Goals[1].Description != "Reserverede kontrakter" {
		t.Fatalf("strategy fields = %+v", got)
	}

	// Saving again replaces the whole strategy.
	e.clock.Add(24 * time.Hour)
	saved, err = e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0101", Title: "Revideret strategi", AdoptedOn: date(2024, 3, 1)})
	must(t, err)
	check(saved, "Revideret strategi", 0, Start.Add(24*time.Hour))
	if saved.Text != "" || saved.BudgetOre != 0 || saved.Goals == nil {
		t.Fatalf("replaced = %+v", saved)
	}
	// A draft strategy has no adoption date.
	draft, err := e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0461", Title: "Udkast"})
	must(t, err)
	if draft.AdoptedOn != nil || draft.OrganisationID == 0 || draft.OrganisationID == kk.ID {
		t.Fatalf("draft = %+v", draft)
	}
	if _, err := e.s.FindStrategy(e.ctx, "0101"); err != nil {
		t.Fatal(err)
	}
}

func testStrategyInvalid(t *testing.T, e *env) {
	ctx, _ := editor(t, e, "Lars Ugyldig")
	future := Start.AddDate(0, 0, 2)
	for _, tc := range []struct {
		field string
		s     samspil.Strategy
	}{
		{"title", samspil.Strategy{MunicipalityCode: "0101", Title: " "}},
		{"adopted_on", samspil.Strategy{MunicipalityCode: "0101", Title: "x", AdoptedOn: &future}},
		{"adopted_on", samspil.Strategy{MunicipalityCode: "0101", Title: "x", AdoptedOn: date(1999, 12, 31)}},
		{"budget_ore", samspil.Strategy{MunicipalityCode: "0101", Title: "x", BudgetOre: -1}},
		{"goals", samspil.Strategy{MunicipalityCode: "0101", Title: "x", Goals: []samspil.StrategyGoal{{Description: "x", Target: 1, Year: 1990}}}},
		{"goals", samspil.Strategy{MunicipalityCode: "0101", Title: "x", Goals: []samspil.StrategyGoal{{Target: 1, Year: 2030}}}},
		{"municipality_code", samspil.Strategy{MunicipalityCode: "9999", Title: "x"}},
	} {
		_, err := e.s.SaveStrategy(ctx, &tc.s)
		wantField(t, err, samspil.EINVALID, tc.field, "")
	}
	_, err := e.s.FindStrategy(e.ctx, "0101")
	wantCode(t, err, samspil.ENOTFOUND, "")
}

func testStrategyDelete(t *testing.T, e *env) {
	ctx, _ := editor(t, e, "Mads Sletter")
	_, err := e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0751", Title: "Aarhus' strategi"})
	must(t, err)
	must(t, e.s.DeleteStrategy(ctx, "0751"))
	_, err = e.s.FindStrategy(e.ctx, "0751")
	wantCode(t, err, samspil.ENOTFOUND, "strategy.not_found")
	wantCode(t, e.s.DeleteStrategy(ctx, "0751"), samspil.ENOTFOUND, "strategy.not_found")
	wantCode(t, e.s.DeleteStrategy(ctx, "9999"), samspil.ENOTFOUND, "")
}

func testMunicipalityOverview(t *testing.T, e *env) {
	rows, err := e.s.FindMunicipalityOverview(e.ctx)
	must(t, err)
	if len(rows) != 98 {
		t.Fatalf("overview rows = %d, want 98", len(rows))
	}
	for i, r := range rows {
		if r.Name == "" || r.RegionCode == "" || r.OrganisationID == 0 || r.HasStrategy || r.HasUnit || r.Partnerships != 0 || r.Cases != 0 {
			t.Fatalf("empty overview row = %+v", r)
		}
		if i > 0 && rows[i-1].Code >= r.Code {
			t.Fatalf("not ordered by code at %s", r.Code)
		}
	}

	ctx, _ := editor(t, e, "Nina Oversigt")
	_, err = e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0101", Title: "Københavns strategi", AdoptedOn: date(2023, 6, 15)})
	must(t, err)
	_, err = e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0461", Title: "Odenses udkast"})
	must(t, err)
	must(t, e.s.SetCoordinationUnit(e.ctx, &samspil.CoordinationUnit{MunicipalityCode: "0101", Name: "Center for Socialøkonomi"}))
	must(t, e.s.SetCoordinationUnit(e.ctx, &samspil.CoordinationUnit{MunicipalityCode: "0751", Name: "Aarhus Socialøkonomi"}))

	// A partnership with København's organisation as a party: an accepted
	// interest in its procurement need.
	f := newOppFixture(t, e)
	need := f.newNeed("Cykelreparation til hjemmeplejen")
	must(t, e.s.CreateOpportunity(samspil.WithActor(e.ctx, f.kommuneAdmin.ID), need))
	in := &samspil.Interest{OpportunityID: need.ID, OrganisationID: f.sov.ID, Message: "Vi vil gerne.", CreatedBy: f.sovAdmin.ID}
	must(t, e.s.CreateInterest(samspil.WithActor(e.ctx, f.sovAdmin.ID), in))
	_, _, err = e.s.AcceptInterest(samspil.WithActor(e.ctx, f.kommuneAdmin.ID), in.ID, "")
	must(t, err)

	// Published cases count where they took place; drafts do not count.
	for i, status := range []samspil.CaseStatus{samspil.CasePublished, samspil.CasePublished, samspil.CaseDraft} {
		c := &samspil.Case{OrganisationID: f.sov.ID, Title: fmt.Sprintf("Erfaring %d", i), Summary: "Kort.", Model: samspil.ModelPilot,
			MunicipalityCode: "0101", WhatWasDone: "Det gjorde vi.", ContactName: "Kim", ContactEmail: "kim@example.dk",
			Results: []samspil.CaseResult{{Metric: "Personer i job", Value: 3, Unit: "personer"}}}
		if i == 1 {
			c.MunicipalityCode = "0461"
		}
		sctx := samspil.WithActor(e.ctx, f.sovAdmin.ID)
		must(t, e.s.CreateCase(sctx, c))
		if status == samspil.CasePublished {
			_, err := e.s.SubmitCase(sctx, c.ID)
			must(t, err)
			_, err = e.s.PublishCase(ctx, c.ID)
			must(t, err)
		}
	}

	rows, err = e.s.FindMunicipalityOverview(e.ctx)
	must(t, err)
	by := map[string]*samspil.MunicipalityOverview{}
	for _, r := range rows {
		by[r.Code] = r
	}
	kk := by["0101"]
	if !kk.HasStrategy || kk.StrategyTitle != "Københavns strategi" || kk.StrategyAdoptedOn == nil || !kk.StrategyAdoptedOn.Equal(*date(2023, 6, 15)) ||
		!kk.HasUnit || kk.Partnerships != 1 || kk.Cases != 1 || kk.OrganisationID != f.kommune.ID || kk.Name != "København" || kk.RegionCode != "1084" {
		t.Fatalf("København = %+v", kk)
	}
	if o := by["0461"]; !o.HasStrategy || o.StrategyAdoptedOn != nil || o.HasUnit || o.Partnerships != 0 || o.Cases != 1 {
		t.Fatalf("Odense = %+v", o)
	}
	if a := by["0751"]; a.HasStrategy || !a.HasUnit {
		t.Fatalf("Aarhus = %+v", a)
	}
	// The SØV's partnership does not count for its home municipality.
	if len(rows) != 98 {
		t.Fatalf("rows = %d", len(rows))
	}
}

// testStrategyFollowers: saving a strategy reaches the people who follow
// the municipality, but not the person who saved it.
func testStrategyFollowers(t *testing.T, e *env) {
	ctx, author := editor(t, e, "Sanne Strateg")
	_, reader := editor(t, e, "Torben Følger")
	_, other := editor(t, e, "Ulla Andetsteds")
	must(t, e.s.Follow(e.ctx, reader.ID, samspil.FollowMunicipality, "0461"))
	must(t, e.s.Follow(e.ctx, author.ID, samspil.FollowMunicipality, "0461"))
	must(t, e.s.Follow(e.ctx, other.ID, samspil.FollowMunicipality, "0101"))
	_, err := e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0461", Title: "Odenses strategi"})
	must(t, err)
	if got := strings.Join(guideFollowNotes(t, e, reader, samspil.NoteFollowStrategy, "Strategy"), " "); got != "/kommuner/0461|Odenses strategi" {
		t.Fatalf("reader's notes = %q", got)
	}
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: reader.ID})
	must(t, err)
	if len(ns) != 1 || ns[0].Args["Municipality"] != "Odense" {
		t.Fatalf("notification = %+v", ns)
	}
	if got := guideFollowNotes(t, e, author, samspil.NoteFollowStrategy, "Strategy"); len(got) != 0 {
		t.Fatalf("the author was notified: %v", got)
	}
	if got := guideFollowNotes(t, e, other, samspil.NoteFollowStrategy, "Strategy"); len(got) != 0 {
		t.Fatalf("a follower of another municipality was notified: %v", got)
	}
}

// testStrategyAttachments: the strategy document is an attachment owned
// by the kommune organisation; FindStrategy lists it, and deleting the
// strategy removes it, so a later strategy starts without old files.
func testStrategyAttachments(t *testing.T, e *env) {
	ctx, _ := editor(t, e, "Vera Vedhæfter")
	s, err := e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0101", Title: "Strategi med bilag"})
	must(t, err)
	a := &samspil.Attachment{OwnerType: samspil.OwnerStrategy, OwnerID: s.OrganisationID, Name: "strategi.pdf",
		ContentType: samspil.ContentPDF, Size: 2048, SHA256: strings.Repeat("0f", 32)}
	must(t, e.s.AddAttachment(ctx, a))
	got, err := e.s.FindStrategy(e.ctx, "0101")
	must(t, err)
	if len(got.Attachments) != 1 || got.Attachments[0].ID != a.ID || got.Attachments[0].Name != "strategi.pdf" ||
		got.Attachments[0].OwnerType != samspil.OwnerStrategy || got.Attachments[0].Size != 2048 || !got.Attachments[0].CreatedAt.Equal(Start) {
		t.Fatalf("attachments = %+v", got.Attachments)
	}
	must(t, e.s.DeleteStrategy(ctx, "0101"))
	_, err = e.s.FindAttachmentByID(e.ctx, a.ID)
	wantCode(t, err, samspil.ENOTFOUND, "")
	s, err = e.s.SaveStrategy(ctx, &samspil.Strategy{MunicipalityCode: "0101", Title: "Ny strategi"})
	must(t, err)
	if len(s.Attachments) != 0 {
		t.Fatalf("old files came back: %+v", s.Attachments)
	}
}
