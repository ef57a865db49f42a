package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/api"
	"github.com/samspil/samspil/guidetext"
	"github.com/samspil/samspil/sqlstore"
	"github.com/samspil/samspil/sqlstore/testdb"
)

// bothWithGuide is testdb.Both on databases seeded with the real guide
// chapters, as the application seeds them.
func bothWithGuide(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	opts := func() sqlstore.Options {
		o := testdb.Options(nil)
		o.GuideChapters = guidetext.Chapters()
		return o
	}
	t.Run("sqlite", func(t *testing.T) { fn(t, testdb.OpenWith(t, opts())) })
	t.Run("postgres", func(t *testing.T) { fn(t, testdb.OpenPostgresWith(t, opts())) })
}

// knowledge is what knowledgeFixture stores: two published cases, one
// draft and one case waiting for review.
type knowledge struct {
	cleaning, pilot, draft, review *samspil.Case
	attachment                     *samspil.Attachment
}

// storeCase creates c as adminA/adminB would and moves it to status
// through the secretariat (the platform admin).
func (f *fixture) storeCase(t *testing.T, author string, c *samspil.Case, status samspil.CaseStatus) *samspil.Case {
	t.Helper()
	ctx := samspil.WithActor(context.Background(), f.users[author].ID)
	if err := f.store.CreateCase(ctx, c); err != nil {
		t.Fatalf("create case %q: %v", c.Title, err)
	}
	if status == samspil.CaseDraft {
		return c
	}
	if _, err := f.store.SubmitCase(ctx, c.ID); err != nil {
		t.Fatalf("submit case %q: %v", c.Title, err)
	}
	if status == samspil.CasePublished {
		admin := samspil.WithActor(context.Background(), f.users[rolePlatform].ID)
		if _, err := f.store.PublishCase(admin, c.ID); err != nil {
			t.Fatalf("publish case %q: %v", c.Title, err)
		}
	}
	got, err := f.store.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func knowledgeFixture(t *testing.T, f *fixture) *knowledge {
	t.Helper()
	k := &knowledge{}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	complete := func(c *samspil.Case) *samspil.Case {
		if c.WhatWasDone == "" {
			c.WhatWasDone = "Vi lavede en aftale om **rengøring** med sociale hensyn."
		}
		if len(c.Results) == 0 {
			c.Results = []samspil.CaseResult{{Metric: "Personer i ordinært job", Value: 12, Unit: "personer", Period: "2023"}}
		}
		c.ContactName, c.ContactEmail = "Mette Hansen", "mette@example.dk"
		return c
	}
	k.cleaning = f.storeCase(t, roleAdminA, complete(&samspil.Case{
		OrganisationID: f.orgA.ID, Title: "Rengøring med social klausul i Københavns skoler",
		Summary: "En social klausul gav tolv ledige fast arbejde.", Model: samspil.ModelSocialKlausul, MunicipalityCode: "0101",
		PeriodStart: &start, PeriodEnd: &end, TargetGroups: []string{"udsatte_ledige"},
		Partners: []samspil.CasePartner{{OrganisationID: &f.orgB.ID, Role: "leverandør"}, {Name: "Jobcenter København", Role: "kommune"}},
		Results: []samspil.CaseResult{
			{Metric: "Personer i ordinært job", Value: 12, Unit: "personer", Period: "2023"},
			{Metric: "Fastholdelse efter et år", Value: 83.5, Unit: "procent", Period: "2024"},
		},
		Economy: "Kontrakten var på 2,4 mio. kr. om året.", ValueOre: 2_400_000_00,
		WorkedWell: "Tæt opfølgning.", WorkedLess: "For lidt tid til oplæring.", ContactPhone: "33 66 33 66",
	}), samspil.CasePublished)
	k.pilot = f.storeCase(t, roleAdminB, complete(&samspil.Case{
		OrganisationID: f.orgB.ID, Title: "Pilotprojekt med vaskeri i Aarhus",
		Summary: "Et lille vaskeri afprøvede en ny model.", Model: samspil.ModelPilot, MunicipalityCode: "0751",
	}), samspil.CasePublished)
	k.draft = f.storeCase(t, roleAdminA, &samspil.Case{OrganisationID: f.orgA.ID, Title: "Hemmeligt udkast om vaskeri",
		Model: samspil.ModelPilot, MunicipalityCode: "0101"}, samspil.CaseDraft)
	k.review = f.storeCase(t, roleAdminA, complete(&samspil.Case{OrganisationID: f.orgA.ID, Title: "Afknopning af vaskeriet",
		Summary: "Venter på sekretariatet.", Model: samspil.ModelAfknopning, MunicipalityCode: "0101"}), samspil.CaseReview)

	k.attachment = &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: k.cleaning.ID, Name: "evaluering.pdf",
		ContentType: samspil.ContentPDF, Size: 1234, SHA256: strings.Repeat("ab", 32)}
	ctx := samspil.WithActor(context.Background(), f.users[roleAdminA].ID)
	if err := f.store.AddAttachment(ctx, k.attachment); err != nil {
		t.Fatalf("add attachment: %v", err)
	}
	return k
}

func decodeJSON[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(res.Body, &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, res.Body)
	}
	return v
}

func caseTitles(p api.PageJSON[api.CaseSummaryJSON]) string {
	var out []string
	for _, c := range p.Items {
		out = append(out, c.Title)
	}
	return strings.Join(out, " | ")
}

func TestCasesAPI(t *testing.T) {
	testdb.Both(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		k := knowledgeFixture(t, f)

		// Only published cases, newest first.
		res := f.do(t, req{Method: "GET", Path: "/api/v1/cases"})
		mustStatus(t, res, 200)
		all := decodeJSON[api.PageJSON[api.CaseSummaryJSON]](t, res)
		if all.Total != 2 || len(all.Items) != 2 || all.Page != 1 || all.PerPage != samspil.DefaultPageSize {
			t.Fatalf("list = %+v", all)
		}
		if strings.Contains(string(res.Body), "Hemmeligt") || strings.Contains(string(res.Body), "Afknopning af vaskeriet") {
			t.Fatalf("an unpublished case is listed: %s", res.Body)
		}
		for _, it := range all.Items {
			if it.ID == k.cleaning.ID {
				if it.Model != samspil.ModelSocialKlausul || it.MunicipalityCode != "0101" || it.MunicipalityName != "København" ||
					it.OrganisationID != f.orgA.ID || it.OrganisationName != f.orgA.Name || it.PeriodStart == nil || *it.PeriodStart != "2023-01-01" ||
					*it.PeriodEnd != "2024-06-30" || it.PublishedAt == nil || len(it.TargetGroups) != 1 ||
					it.Href != fmt.Sprintf("/api/v1/cases/%d", k.cleaning.ID) || !strings.HasSuffix(it.WebURL, fmt.Sprintf("/erfaringer/%d", k.cleaning.ID)) {
					t.Fatalf("summary = %+v", it)
				}
			}
		}

		for _, tc := range []struct {
			query, want string
		}{
			{"model=pilot", "Pilotprojekt med vaskeri i Aarhus"},
			{"municipality=0101", "Rengøring med social klausul i Københavns skoler"},
			{"model=social_klausul&municipality=0751", ""},
			{"q=" + url.QueryEscape("vaskeri"), "Pilotprojekt med vaskeri i Aarhus"},
			{"q=" + url.QueryEscape("rengøring") + "&model=social_klausul", "Rengøring med social klausul i Københavns skoler"},
			{"page=2&per_page=1", caseTitles(all)[strings.Index(caseTitles(all), " | ")+3:]},
			{"page=9", ""},
		} {
			res := f.do(t, req{Method: "GET", Path: "/api/v1/cases?" + tc.query})
			mustStatus(t, res, 200)
			if got := caseTitles(decodeJSON[api.PageJSON[api.CaseSummaryJSON]](t, res)); got != tc.want {
				t.Errorf("%s: %q, want %q", tc.query, got, tc.want)
			}
		}

		// Every bad parameter at once, in the caller's language.
		res = f.do(t, req{Method: "GET", Path: "/api/v1/cases?model=cykel&municipality=9999&page=0&per_page=1000&lang=en"})
		mustStatus(t, res, 400)
		p := res.Problem(t)
		fields := map[string]string{}
		for _, e := range p.Errors {
			fields[e.Field] = e.Detail
		}
		if len(fields) != 4 || !strings.Contains(fields["model"], "Unknown collaboration model \"cykel\"") ||
			!strings.Contains(fields["municipality"], "9999") || fields["page"] == "" || fields["per_page"] == "" {
			t.Fatalf("problem = %+v", p)
		}
		res = f.do(t, req{Method: "GET", Path: "/api/v1/cases?model=cykel"})
		mustStatus(t, res, 400)
		if p := res.Problem(t); !strings.Contains(p.Detail, "Ukendt samarbejdsmodel") || res.Header.Get("Content-Language") != "da" {
			t.Fatalf("Danish problem = %+v", p)
		}
		res = f.do(t, req{Method: "GET", Path: "/api/v1/cases?q=" + url.QueryEscape(strings.Repeat("vaskeri ", 100))})
		mustStatus(t, res, 400)
		res = f.do(t, req{Method: "GET", Path: "/api/v1/cases?q=%FF%FE"})
		mustStatus(t, res, 400)

		// One case with everything it tells.
		res = f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/cases/%d", k.cleaning.ID)})
		mustStatus(t, res, 200)
		c := decodeJSON[api.CaseJSON](t, res)
		if c.ID != k.cleaning.ID || len(c.Results) != 2 || c.Results[1] != (api.CaseResultJSON{Metric: "Fastholdelse efter et år", Value: 83.5, Unit: "procent", Period: "2024"}) ||
			len(c.Partners) != 2 || c.Partners[0].OrganisationID == nil || *c.Partners[0].OrganisationID != f.orgB.ID || c.Partners[0].Name != f.orgB.Name ||
			c.Partners[1].OrganisationID != nil || c.Partners[1].Name != "Jobcenter København" ||
			c.ValueOre != 2_400_000_00 || c.WorkedLess != "For lidt tid til oplæring." || c.ContactEmail != "mette@example.dk" ||
			!strings.Contains(c.WhatWasDone, "**rengøring**") {
			t.Fatalf("case = %+v", c)
		}
		if len(c.Attachments) != 1 || c.Attachments[0].ID != k.attachment.ID || c.Attachments[0].Name != "evaluering.pdf" ||
			c.Attachments[0].Size != 1234 || c.Attachments[0].ContentType != samspil.ContentPDF ||
			c.Attachments[0].URL != fmt.Sprintf("%s/erfaringer/%d/filer/%d", f.url, k.cleaning.ID, k.attachment.ID) {
			t.Fatalf("attachments = %+v", c.Attachments)
		}

		// Drafts, cases in review and unknown ids do not exist for the API.
		for _, path := range []string{
			fmt.Sprintf("/api/v1/cases/%d", k.draft.ID), fmt.Sprintf("/api/v1/cases/%d", k.review.ID),
			"/api/v1/cases/999999", "/api/v1/cases/abc", "/api/v1/cases/-1", "/api/v1/cases/0",
		} {
			res := f.do(t, req{Method: "GET", Path: path})
			mustStatus(t, res, 404)
			if p := res.Problem(t); p.Key != "api.case.not_found" || strings.Contains(string(res.Body), "Hemmeligt") {
				t.Fatalf("%s: %+v", path, p)
			}
		}
		// A withdrawn case disappears from the API at once.
		admin := samspil.WithActor(context.Background(), f.users[roleAdminB].ID)
		if _, err := db.WithdrawCase(admin, k.pilot.ID); err != nil {
			t.Fatal(err)
		}
		mustStatus(t, f.do(t, req{Method: "GET", Path: fmt.Sprintf("/api/v1/cases/%d", k.pilot.ID)}), 404)
		res = f.do(t, req{Method: "GET", Path: "/api/v1/cases"})
		if got := decodeJSON[api.PageJSON[api.CaseSummaryJSON]](t, res); got.Total != 1 || got.Items[0].ID != k.cleaning.ID {
			t.Fatalf("after withdrawal = %+v", got)
		}
		// Writes are not offered.
		res = f.do(t, req{Method: "POST", Path: "/api/v1/cases", Role: roleAdminA, Body: `{}`})
		mustStatus(t, res, 405)
	})
}
