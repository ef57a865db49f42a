package samspil_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// hasField reports whether err is EINVALID with field/key among its fields.
func hasField(t *testing.T, err error, field, key string) bool {
	t.Helper()
	e, ok := samspil.AsError(err)
	if !ok || e.Code != samspil.EINVALID {
		t.Fatalf("error = %v, want EINVALID", err)
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Key == key {
			return true
		}
	}
	t.Errorf("fields %+v lack %s/%s", e.Fields, field, key)
	return false
}

func validCase() *samspil.Case {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	return &samspil.Case{
		OrganisationID: 1, Title: "Reserveret kontrakt på grøn pleje", Summary: "Aarhus reserverede grønne områder til en SØV.",
		Model: samspil.ModelReserveretKontrakt, MunicipalityCode: "0751", PeriodStart: &start, PeriodEnd: &end,
		WhatWasDone: "Kommunen udbød plejen som reserveret kontrakt.", ContactName: "Mette Jensen", ContactEmail: "Mette@Example.dk",
		Results: []samspil.CaseResult{{Metric: "Personer i ordinær beskæftigelse", Value: 7, Unit: "personer", Period: "2023"}},
	}
}

func TestCaseValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *samspil.Case)
		field  string
		key    string
	}{
		{"valid", func(c *samspil.Case) {}, "", ""},
		{"no title", func(c *samspil.Case) { c.Title = " " }, "title", "case.title.required"},
		{"long title", func(c *samspil.Case) { c.Title = strings.Repeat("å", samspil.MaxNameLen+1) }, "title", "case.title.too_long"},
		{"bad model", func(c *samspil.Case) { c.Model = "udbud" }, "model", "case.model.invalid"},
		{"no municipality", func(c *samspil.Case) { c.MunicipalityCode = "" }, "municipality_code", "case.municipality.required"},
		{"unknown municipality", func(c *samspil.Case) { c.MunicipalityCode = "0999" }, "municipality_code", "org.municipality.unknown"},
		{"period backwards", func(c *samspil.Case) { c.PeriodEnd, c.PeriodStart = c.PeriodStart, c.PeriodEnd }, "period_end", "case.period.order"},
		{"negative value", func(c *samspil.Case) { c.ValueOre = -1 }, "value_ore", "case.value.range"},
		{"result without metric", func(c *samspil.Case) { c.Results = []samspil.CaseResult{{Value: 3}} }, "results", "case.result.metric.required"},
		{"result NaN", func(c *samspil.Case) { c.Results[0].Value = math.NaN() }, "results", "case.result.value.invalid"},
		{"too many results", func(c *samspil.Case) {
			c.Results = make([]samspil.CaseResult, samspil.MaxCaseResults+1)
			for i := range c.Results {
				c.Results[i] = samspil.CaseResult{Metric: "m", Value: 1}
			}
		}, "results", "case.results.too_many"},
		{"bad contact e-mail", func(c *samspil.Case) { c.ContactEmail = "ikke en adresse" }, "contact_email", "email.invalid"},
		{"cpr in the story", func(c *samspil.Case) { c.WhatWasDone = "Borgeren (010190-1234) fik job." }, "what_was_done", "cpr.refused"},
		{"cpr in a result", func(c *samspil.Case) { c.Results[0].Period = "0101901234" }, "results", "cpr.refused"},
		{"bad status", func(c *samspil.Case) { c.Status = "archived" }, "status", "case.status.invalid"},
		{"long markdown", func(c *samspil.Case) { c.Economy = strings.Repeat("x", samspil.MaxCaseText+1) }, "economy", "field.too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCase()
			tt.change(c)
			err := c.Validate(refdata.Catalog)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			hasField(t, err, tt.field, tt.key)
		})
	}
}

func TestCaseValidateNormalises(t *testing.T) {
	c := validCase()
	c.Title = "  Titel  "
	c.Partners = []samspil.CasePartner{{Name: " Café Møllen ", Role: " leverandør "}, {}}
	c.Results = append(c.Results, samspil.CaseResult{})
	c.TargetGroups = []string{"udsatte_ledige", "udsatte_ledige"}
	if err := c.Validate(refdata.Catalog); err != nil {
		t.Fatal(err)
	}
	if c.Title != "Titel" || c.Status != samspil.CaseDraft || c.ContactEmail != "mette@example.dk" {
		t.Errorf("not normalised: %q %q %q", c.Title, c.Status, c.ContactEmail)
	}
	if len(c.Partners) != 1 || c.Partners[0].Name != "Café Møllen" || c.Partners[0].Role != "leverandør" {
		t.Errorf("partners = %+v, want the one filled row trimmed", c.Partners)
	}
	if len(c.Results) != 1 || len(c.TargetGroups) != 1 {
		t.Errorf("empty rows and duplicates kept: %+v %v", c.Results, c.TargetGroups)
	}
}

func TestCaseReadyForReview(t *testing.T) {
	if err := validCase().ReadyForReview(); err != nil {
		t.Fatalf("a complete case: %v", err)
	}
	c := &samspil.Case{Title: "Kun en titel"}
	err := c.ReadyForReview()
	for _, f := range [][2]string{{"summary", "case.summary.required"}, {"what_was_done", "case.what.required"},
		{"results", "case.results.required"}, {"contact_name", "case.contact.required"}} {
		hasField(t, err, f[0], f[1])
	}
}

func TestGuideEditValidate(t *testing.T) {
	ok := func() samspil.GuideEdit {
		return samspil.GuideEdit{Title: "Reserverede kontrakter", Body: "## Hvornår\r\nTekst", BaseVersion: 3}
	}
	e := ok()
	if err := e.Validate(); err != nil || e.Body != "## Hvornår\nTekst" {
		t.Fatalf("valid edit: %v, body %q", err, e.Body)
	}
	tests := []struct {
		name       string
		change     func(e *samspil.GuideEdit)
		field, key string
	}{
		{"no title", func(e *samspil.GuideEdit) { e.Title = "" }, "title", "guide.title.required"},
		{"empty body", func(e *samspil.GuideEdit) { e.Body = " \n " }, "body", "guide.body.required"},
		{"huge body", func(e *samspil.GuideEdit) { e.Body = strings.Repeat("x", samspil.MaxGuideBody+1) }, "body", "field.too_long"},
		{"no base version", func(e *samspil.GuideEdit) { e.BaseVersion = 0 }, "base_version", "guide.version.missing"},
		{"cpr", func(e *samspil.GuideEdit) { e.Body += " 311299-1234" }, "body", "cpr.refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok()
			tt.change(&e)
			hasField(t, e.Validate(), tt.field, tt.key)
		})
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"reserveret-kontrakt": true, "indkob": true, "a1-b2": true,
		"": false, "Reserveret": false, "-a": false, "a-": false, "a--b": false, "æble": false, "a_b": false, "a/b": false,
		strings.Repeat("a", 81): false,
	} {
		if got := samspil.ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNormaliseTag(t *testing.T) {
	tests := []struct{ in, want, key string }{
		{"Beskæftigelse", "beskæftigelse", ""},
		{"  #Social   klausul ", "social-klausul", ""},
		{"reserveret_kontrakt", "reserveret_kontrakt", ""},
		{"", "", "tag.empty"},
		{"#", "", "tag.empty"},
		{"a<b", "", "tag.invalid"},
		{"javascript:x", "", "tag.invalid"},
		{strings.Repeat("ø", samspil.MaxTagLen+1), "", "tag.too_long"},
	}
	for _, tt := range tests {
		got, err := samspil.NormaliseTag(tt.in)
		if tt.key == "" {
			if err != nil || got != tt.want {
				t.Errorf("NormaliseTag(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		hasField(t, err, "tags", tt.key)
	}
	got, err := samspil.NormaliseTags([]string{"Indkob, indkob", "pilot", " "})
	if err != nil || strings.Join(got, "|") != "indkob|pilot" {
		t.Errorf("NormaliseTags = %v, %v", got, err)
	}
	_, err = samspil.NormaliseTags([]string{"a,b,c,d,e,f"})
	hasField(t, err, "tags", "tag.too_many")
}

func FuzzNormaliseTag(f *testing.F) {
	for _, s := range []string{"Beskæftigelse", "#a b", "", "a<b", "æøå-_1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := samspil.NormaliseTag(s)
		if err != nil {
			return
		}
		if got == "" || strings.ContainsAny(got, " <>\"'/:&") {
			t.Fatalf("NormaliseTag(%q) = %q", s, got)
		}
		if again, err := samspil.NormaliseTag(got); err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, got, again, err)
		}
	})
}

func TestQuestionAndAnswerValidate(t *testing.T) {
	q := &samspil.Question{Title: "Hvordan reserverer vi en kontrakt?", Tags: []string{"Reserveret_kontrakt"}}
	if err := q.Validate(); err != nil || q.Visibility != samspil.QuestionPublic || q.Tags[0] != "reserveret_kontrakt" {
		t.Fatalf("valid question: %v %+v", err, q)
	}
	hasField(t, (&samspil.Question{Title: "Kort"}).Validate(), "title", "question.title.short")
	hasField(t, (&samspil.Question{Title: "Et langt nok spørgsmål", Visibility: "secret"}).Validate(), "visibility", "question.visibility.invalid")
	hasField(t, (&samspil.Question{Title: "Et langt nok spørgsmål", Body: "CPR 0101901234"}).Validate(), "body", "cpr.refused")
	hasField(t, (&samspil.Answer{Body: "  "}).Validate(), "body", "answer.body.required")
	hasField(t, (&samspil.Answer{Body: "Se 010190-1234"}).Validate(), "body", "cpr.refused")
}

func TestStrategyValidate(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	adopted := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	ok := func() *samspil.Strategy {
		return &samspil.Strategy{MunicipalityCode: "0851", Title: "Strategi for socialøkonomi", AdoptedOn: &adopted,
			Goals: []samspil.StrategyGoal{{Description: "Partnerskaber med SØV", Target: 25, Unit: "partnerskaber", Year: 2028}, {}}}
	}
	s := ok()
	if err := s.Validate(refdata.Catalog, now); err != nil || len(s.Goals) != 1 {
		t.Fatalf("valid strategy: %v, goals %+v", err, s.Goals)
	}
	future := now.AddDate(0, 0, 1)
	tests := []struct {
		name       string
		change     func(s *samspil.Strategy)
		field, key string
	}{
		{"no title", func(s *samspil.Strategy) { s.Title = "" }, "title", "strategy.title.required"},
		{"future adoption", func(s *samspil.Strategy) { s.AdoptedOn = &future }, "adopted_on", "strategy.adopted.future"},
		{"unknown municipality", func(s *samspil.Strategy) { s.MunicipalityCode = "0999" }, "municipality_code", "org.municipality.unknown"},
		{"negative budget", func(s *samspil.Strategy) { s.BudgetOre = -100 }, "budget_ore", "strategy.budget.range"},
		{"goal without description", func(s *samspil.Strategy) { s.Goals[0].Description = "" }, "goals", "strategy.goal.description.required"},
		{"goal year", func(s *samspil.Strategy) { s.Goals[0].Year = 1999 }, "goals", "strategy.goal.year.range"},
		{"cpr in text", func(s *samspil.Strategy) { s.Text = "Kontakt 010190-1234" }, "text", "cpr.refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok()
			tt.change(s)
			hasField(t, s.Validate(refdata.Catalog, now), tt.field, tt.key)
		})
	}
}

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		"rapport.pdf":                    "rapport.pdf",
		`C:\Users\mette\Evaluering.docx`: "Evaluering.docx",
		"../../etc/passwd":               "passwd",
		"a\"b\r\nc.pdf":                  "abc.pdf",
		"..hidden.pdf":                   "hidden.pdf",
		"  ":                             "",
		"Årsrapport 2024 – Café.xlsx":    "Årsrapport 2024 – Café.xlsx",
	} {
		if got := samspil.CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCleanFileName(f *testing.F) {
	for _, s := range []string{"a.pdf", "../x", "a\x00b", `"quoted".pdf`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := samspil.CleanFileName(s)
		if strings.ContainsAny(got, "/\\\"\r\n\x00") || strings.HasPrefix(got, ".") || len([]rune(got)) > samspil.MaxAttachmentName {
			t.Fatalf("CleanFileName(%q) = %q", s, got)
		}
	})
}

func TestAttachmentValidate(t *testing.T) {
	a := &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: 1, Name: "x.pdf", ContentType: samspil.ContentPDF, Size: 10,
		SHA256: strings.Repeat("ab", 32)}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	b := *a
	b.ContentType = "text/html"
	hasField(t, b.Validate(), "file", "attachment.type.invalid")
	b = *a
	b.Size = samspil.MaxAttachmentSize + 1
	hasField(t, b.Validate(), "file", "attachment.size.invalid")
	b = *a
	b.SHA256 = "../../etc"
	hasField(t, b.Validate(), "file", "attachment.sum.invalid")
}

func TestKnowledgeAccess(t *testing.T) {
	member := func(org int64, kind samspil.OrgKind, role samspil.Role) *samspil.Principal {
		return &samspil.Principal{User: &samspil.User{ID: 10}, Memberships: []*samspil.Membership{
			{OrganisationID: org, OrganisationKind: kind, Role: role, Status: samspil.MembershipActive}}}
	}
	admin := &samspil.Principal{User: &samspil.User{ID: 1, IsAdmin: true}}
	editor := &samspil.Principal{User: &samspil.User{ID: 2, IsEditor: true}}
	sov := member(5, samspil.OrgSOV, samspil.RoleMember)
	kommune := member(7, samspil.OrgKommune, samspil.RoleMember)
	kommuneAdmin := member(7, samspil.OrgKommune, samspil.RoleAdmin)
	var anon *samspil.Principal

	draft := &samspil.Case{OrganisationID: 5, Status: samspil.CaseDraft}
	published := &samspil.Case{OrganisationID: 5, Status: samspil.CasePublished}
	secret := &samspil.Question{AuthorID: 10, Visibility: samspil.QuestionMunicipalities}
	public := &samspil.Question{AuthorID: 99, Visibility: samspil.QuestionPublic}

	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"editor is editor", editor.IsEditor(), true},
		{"admin is editor", admin.IsEditor(), true},
		{"member is not editor", sov.IsEditor(), false},
		{"anonymous is not editor", anon.IsEditor(), false},
		{"municipal staff", kommune.IsMunicipal(), true},
		{"SØV staff is not municipal", sov.IsMunicipal(), false},
		{"editor reads municipal questions", editor.IsMunicipal(), true},
		{"owner edits case", sov.CanEditCase(draft), true},
		{"other org cannot edit", kommune.CanEditCase(draft), false},
		{"anonymous sees published", anon.CanViewCase(published), true},
		{"anonymous does not see draft", anon.CanViewCase(draft), false},
		{"editor sees draft", editor.CanViewCase(draft), true},
		{"other org does not see draft", kommune.CanViewCase(draft), false},
		{"municipal sees secret question", kommune.CanViewQuestion(secret), true},
		{"SØV does not see secret question", sov.CanViewQuestion(secret), false},
		{"anonymous does not see secret question", anon.CanViewQuestion(secret), false},
		{"anonymous sees public question", anon.CanViewQuestion(public), true},
		{"asker accepts", kommune.CanAcceptAnswer(secret), true},
		{"others do not accept", kommune.CanAcceptAnswer(public), false},
		{"admin accepts", admin.CanAcceptAnswer(public), true},
		{"municipal admin edits strategy", kommuneAdmin.CanEditStrategy(7), true},
		{"municipal member does not edit strategy", kommune.CanEditStrategy(7), false},
		{"other municipality does not edit strategy", kommuneAdmin.CanEditStrategy(8), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if ids := kommune.MunicipalOrganisations(); len(ids) != 1 || ids[0] != 7 {
		t.Errorf("MunicipalOrganisations = %v", ids)
	}
}
