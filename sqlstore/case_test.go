package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/storetest"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// caseOptions are the test options with guide chapters, so the case suite
// also checks the guide's search documents.
func caseOptions(now samspil.Clock) sqlstore.Options {
	opts := testdb.Options(now)
	opts.GuideChapters = storetest.GuideChapters()
	return opts
}

// TestCaseStore runs the case, attachment and knowledge-search contract
// on both databases.
func TestCaseStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.RunCases(t, func(t *testing.T, now samspil.Clock) samspil.Store { return testdb.OpenWith(t, caseOptions(now)) })
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.RunCases(t, func(t *testing.T, now samspil.Clock) samspil.Store {
			return testdb.OpenPostgresWith(t, caseOptions(now))
		})
	})
}

// TestRebuildSearchIndexKnowledge checks that a rebuild brings back the
// published cases and the guide's chapters, and only those.
func TestRebuildSearchIndexKnowledge(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			var db *sqlstore.DB
			if name == "sqlite" {
				db = testdb.OpenWith(t, caseOptions(nil))
			} else {
				db = testdb.OpenPostgresWith(t, caseOptions(nil))
			}
			ctx := context.Background()
			org, err := db.FindMunicipalityOrganisation(ctx, "0615")
			must(t, err)
			editor := &samspil.User{Email: "r@sekretariat.dk", Name: "R", PasswordHash: "x", IsEditor: true}
			must(t, db.CreateUser(ctx, editor))
			ed := samspil.WithActor(ctx, editor.ID)
			newCase := func(title string) *samspil.Case {
				return &samspil.Case{OrganisationID: org.ID, Title: title, Summary: "Genbrugsbutik med praktikpladser.",
					Model: samspil.ModelIntraprenorskab, MunicipalityCode: "0615", WhatWasDone: "Butikken sælger møbler.",
					Results:     []samspil.CaseResult{{Metric: "Praktikanter", Value: 8}},
					ContactName: "Ib", ContactEmail: "ib@horsens.dk"}
			}
			pub, draft := newCase("Genbrugsbutikken"), newCase("Genbrugsværkstedet")
			must(t, db.CreateCase(ed, pub))
			must(t, db.CreateCase(ed, draft))
			_, err = db.SubmitCase(ed, pub.ID)
			must(t, err)
			_, err = db.PublishCase(ed, pub.ID)
			must(t, err)
			count := func(typ samspil.SearchType) int {
				res, err := db.Search(ctx, samspil.SearchQuery{Types: []samspil.SearchType{typ}})
				must(t, err)
				return res.Total
			}
			before := [2]int{count(samspil.SearchCase), count(samspil.SearchGuide)}
			must(t, db.RebuildSearchIndex(ctx))
			after := [2]int{count(samspil.SearchCase), count(samspil.SearchGuide)}
			if before != [2]int{1, len(storetest.GuideChapters())} || after != before {
				t.Fatalf("case and guide documents before %v, after the rebuild %v", before, after)
			}
			res, err := db.Search(ctx, samspil.SearchQuery{Text: "møbler"})
			must(t, err)
			if res.Total != 1 || res.Items[0].ID != pub.ID || res.Items[0].Type != samspil.SearchCase {
				t.Fatalf("search after rebuild = %+v", res.Items)
			}
		})
	}
}
