package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/guidetext"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// knowledgeBench is a SQLite database with the real guide chapters, 200
// organisations, a publishing SØV member, an editor, nCases published
// cases over every model and municipality, nQuestions questions and
// followers of one municipality.
type knowledgeBench struct {
	db              *sqlstore.DB
	author, editor  context.Context
	authorOrg       int64
	asker           context.Context
	kommuneOrg      int64
	followedMuni    string
	nCases, nQuests int
}

// caseWords vary the stories so text search has something to find.
var caseWords = []string{"rengøring", "kantine", "cykelværksted", "grøn pleje", "vaskeri", "catering", "genbrug", "tekstil"}

func newKnowledgeBench(b *testing.B, nCases, nQuestions, nFollowers int) *knowledgeBench {
	b.Helper()
	opts := testdb.Options(nil)
	opts.GuideChapters = guidetext.Chapters()
	db := testdb.OpenWith(b, opts)
	ctx := context.Background()
	if err := db.CreateOrganisations(ctx, genOrganisations(200)); err != nil {
		b.Fatal(err)
	}
	orgs, _, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgSOV, Limit: 1})
	if err != nil || len(orgs) == 0 {
		b.Fatal("no SØV", err)
	}
	kommuner, _, err := db.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgKommune, MunicipalityCode: "0751", Limit: 1})
	if err != nil || len(kommuner) == 0 {
		b.Fatal("no Aarhus Kommune", err)
	}
	kb := &knowledgeBench{db: db, authorOrg: orgs[0].ID, kommuneOrg: kommuner[0].ID, followedMuni: "0751", nCases: nCases, nQuests: nQuestions}
	user := func(email string, editor bool, org int64) context.Context {
		u := &samspil.User{Email: email, Name: email, PasswordHash: "x", Locale: "da", IsEditor: editor}
		if err := db.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		if org != 0 {
			if err := db.CreateMembership(ctx, &samspil.Membership{UserID: u.ID, OrganisationID: org, Role: samspil.RoleMember, Status: samspil.MembershipActive}); err != nil {
				b.Fatalf("membership of %s in %d: %v", email, org, err)
			}
		}
		return samspil.WithActor(ctx, u.ID)
	}
	kb.author = user("forfatter@example.dk", false, kb.authorOrg)
	kb.editor = user("redaktoer@example.dk", true, 0)
	kb.asker = user("spoerger@example.dk", false, kb.kommuneOrg)
	for i := 0; i < nFollowers; i++ {
		f := &samspil.User{Email: fmt.Sprintf("f%d@example.dk", i), Name: "Følger", PasswordHash: "x", Locale: "da"}
		if err := db.CreateUser(ctx, f); err != nil {
			b.Fatal(err)
		}
		if err := db.Follow(ctx, f.ID, samspil.FollowMunicipality, kb.followedMuni); err != nil {
			b.Fatal(err)
		}
	}
	munis := refdata.Municipalities()
	for i := 0; i < nCases; i++ {
		c := benchCase(i, munis[(i*7)%len(munis)].Code)
		c.OrganisationID = kb.authorOrg
		if err := db.CreateCase(kb.author, c); err != nil {
			b.Fatalf("case %d: %v", i, err)
		}
		if _, err := db.SubmitCase(kb.author, c.ID); err != nil {
			b.Fatal(err)
		}
		if _, err := db.PublishCase(kb.editor, c.ID); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < nQuestions; i++ {
		q := &samspil.Question{AuthorID: samspil.ActorFrom(kb.asker), OrganisationID: kb.kommuneOrg,
			Title: fmt.Sprintf("Hvordan køber vi %s hos en SØV? (%d)", caseWords[i%len(caseWords)], i),
			Body:  strings.Repeat("Vi overvejer en reserveret kontrakt og vil gerne høre om jeres erfaringer. ", 4),
			Tags:  []string{string(samspil.CollaborationModels[i%len(samspil.CollaborationModels)]), "indkøb"}}
		if i%5 == 0 {
			q.Visibility = samspil.QuestionMunicipalities
		}
		if err := db.CreateQuestion(kb.asker, q); err != nil {
			b.Fatal(err)
		}
	}
	return kb
}

// benchCase is the i-th deterministic case of a benchmark.
func benchCase(i int, muni string) *samspil.Case {
	start := time.Date(2020+i%5, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	w := caseWords[i%len(caseWords)]
	return &samspil.Case{
		Title:            fmt.Sprintf("%s med socialøkonomisk virksomhed nr. %d", strings.ToUpper(w[:1])+w[1:], i),
		Summary:          fmt.Sprintf("Kommunen købte %s hos en SØV og fik udsatte ledige i job.", w),
		Model:            samspil.CollaborationModels[i%len(samspil.CollaborationModels)],
		MunicipalityCode: muni, PeriodStart: &start, PeriodEnd: &end,
		TargetGroups: []string{samspil.DefaultTargetGroups[i%len(samspil.DefaultTargetGroups)].Code},
		WhatWasDone:  strings.Repeat(fmt.Sprintf("Vi aftalte %s med sociale hensyn, fulgte op hver måned og målte effekten. ", w), 6),
		Results: []samspil.CaseResult{{Metric: "Personer i ordinært job", Value: float64(i % 17), Unit: "personer", Period: "2024"},
			{Metric: "Timer med praktikanter", Value: float64(100 + i%900), Unit: "timer", Period: "2024"}},
		Economy: "Kontrakten var på 1,2 mio. kr. om året.", WorkedWell: "Tæt dialog.", WorkedLess: "Lang opstart.",
		ContactName: "Mette Hansen", ContactEmail: "mette@example.dk",
	}
}

// BenchmarkKnowledge measures the knowledge platform's reads at 2,000
// published cases and 2,000 questions on SQLite, and its writes that fan
// out: publishing a case to 1,000 followers of its municipality, and a
// guide save (a new version, re-indexing, notifying followers).
func BenchmarkKnowledge(b *testing.B) {
	kb := newKnowledgeBench(b, 2000, 2000, 1000)
	ctx := context.Background()
	db := kb.db
	reads := []struct {
		name string
		fn   func() error
	}{
		{"FindCases/newest", func() error { _, _, err := db.FindCases(ctx, samspil.CaseFilter{Limit: 20}); return err }},
		{"FindCases/model", func() error {
			_, _, err := db.FindCases(ctx, samspil.CaseFilter{Model: samspil.ModelReserveretKontrakt, Limit: 20})
			return err
		}},
		{"FindCases/municipality", func() error {
			_, _, err := db.FindCases(ctx, samspil.CaseFilter{MunicipalityCode: "0751", Limit: 20})
			return err
		}},
		{"FindCases/text", func() error {
			_, _, err := db.FindCases(ctx, samspil.CaseFilter{Query: "cykelværksted", Limit: 20})
			return err
		}},
		{"FindCases/page50", func() error { _, _, err := db.FindCases(ctx, samspil.CaseFilter{Offset: 980, Limit: 20}); return err }},
		{"FindCaseByID", func() error { _, err := db.FindCaseByID(ctx, 1000); return err }},
		{"FindQuestions/newest", func() error {
			_, _, err := db.FindQuestions(ctx, samspil.QuestionFilter{IncludeMunicipalOnly: true, Limit: 20})
			return err
		}},
		{"FindQuestions/tag", func() error {
			_, _, err := db.FindQuestions(ctx, samspil.QuestionFilter{Tag: "pilot", Limit: 20})
			return err
		}},
		{"FindQuestions/text", func() error {
			_, _, err := db.FindQuestions(ctx, samspil.QuestionFilter{Query: "vaskeri", Limit: 20})
			return err
		}},
		{"FindQuestionTags", func() error { _, err := db.FindQuestionTags(ctx, false, 30); return err }},
		{"FindMunicipalityOverview", func() error { _, err := db.FindMunicipalityOverview(ctx); return err }},
		{"FindGuideChapter", func() error { _, err := db.FindGuideChapter(ctx, "reserveret-kontrakt"); return err }},
		{"FindGuideVersions/all", func() error { _, _, err := db.FindGuideVersions(ctx, 0, 0, 20); return err }},
	}
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if err := r.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("PublishCase/1000-followers", func(b *testing.B) {
		i := kb.nCases
		for b.Loop() {
			c := benchCase(i, kb.followedMuni)
			c.OrganisationID = kb.authorOrg
			i++
			if err := db.CreateCase(kb.author, c); err != nil {
				b.Fatal(err)
			}
			if _, err := db.SubmitCase(kb.author, c.ID); err != nil {
				b.Fatal(err)
			}
			if _, err := db.PublishCase(kb.editor, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UpdateGuideChapter", func(b *testing.B) {
		ch, err := db.FindGuideChapter(ctx, "reserveret-kontrakt")
		if err != nil {
			b.Fatal(err)
		}
		v := ch.Version
		for b.Loop() {
			ch, err = db.UpdateGuideChapter(kb.editor, ch.Slug, samspil.GuideEdit{Title: ch.Title, Summary: ch.Summary,
				Body: ch.Body + fmt.Sprintf("\n\nÆndring %d.", v), Note: "benchmark", BaseVersion: v})
			if err != nil {
				b.Fatal(err)
			}
			v = ch.Version
		}
	})
}
