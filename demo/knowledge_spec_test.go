package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/guidetext"
	"github.com/samspil/samspil/refdata"
)

// allOrgs returns OrgRefs for every hand-written organisation and every
// municipality, with made-up ids, as a full demo load would have them.
func allOrgs() map[string]OrgRef {
	m := map[string]OrgRef{}
	id := int64(1)
	for _, mu := range refdata.Municipalities() {
		m["kommune:"+mu.Code] = OrgRef{ID: id, Name: mu.Name + " Kommune", Kind: samspil.OrgKommune, Municipality: mu.Code}
		id++
	}
	for _, o := range Organisations(HandwrittenCount, 1, nil) {
		m[o.Name] = OrgRef{ID: id, Name: o.Name, Kind: o.Kind, Municipality: o.MunicipalityCode}
		id++
	}
	return m
}

func TestPeople(t *testing.T) {
	orgs := allOrgs()
	seen := map[string]bool{}
	for _, p := range people {
		if e, err := samspil.NormaliseEmail(p.email); err != nil || e != p.email {
			t.Errorf("%s: %v", p.email, err)
		}
		if !strings.HasSuffix(p.email, ".example") {
			t.Errorf("%s: demo addresses use the .example domain", p.email)
		}
		if seen[p.email] || p.email == EditorEmail {
			t.Errorf("%s twice", p.email)
		}
		seen[p.email] = true
		if _, ok := orgs[p.org]; !ok {
			t.Errorf("%s works for unknown organisation %q", p.email, p.org)
		}
	}
}

func TestCaseSpecs(t *testing.T) {
	orgs := allOrgs()
	perModel := map[samspil.CollaborationModel]int{}
	munis := map[string]bool{}
	titles := map[string]bool{}
	statuses := map[samspil.CaseStatus]int{}
	for _, s := range caseSpecs {
		c, ok := buildCase(s, orgs)
		if !ok {
			t.Errorf("%q: owner %q or contact %q not found (or the contact works elsewhere)", s.title, s.owner, s.contact)
			continue
		}
		if titles[s.title] {
			t.Errorf("%q twice", s.title)
		}
		titles[s.title] = true
		if err := c.Validate(refdata.Catalog); err != nil {
			t.Errorf("%q: %v", s.title, err)
		}
		for _, g := range c.TargetGroups {
			if !knownGroup(g) {
				t.Errorf("%q: unknown target group %s", s.title, g)
			}
		}
		for _, p := range s.partners {
			if strings.HasPrefix(p[0], "kommune:") {
				if _, ok := orgs[p[0]]; !ok {
					t.Errorf("%q: unknown municipality partner %s", s.title, p[0])
				}
			}
		}
		st := s.status
		if st == "" {
			st = samspil.CasePublished
		}
		statuses[st]++
		if st == samspil.CaseDraft {
			continue
		}
		if err := c.ReadyForReview(); err != nil {
			t.Errorf("%q cannot be submitted: %v", s.title, err)
		}
		if st != samspil.CasePublished {
			continue
		}
		perModel[s.model]++
		munis[s.muni] = true
		if n := len(s.results); n < 2 || n > 5 {
			t.Errorf("%q: %d results, want 2-5", s.title, n)
		}
		if s.economy == "" || s.well == "" || s.less == "" || s.from == "" || len(s.partners) == 0 || len(s.groups) == 0 {
			t.Errorf("%q lacks economy, what worked, what did not, period, partners or target groups", s.title)
		}
		for _, r := range s.results {
			if r.Unit == "" || r.Period == "" {
				t.Errorf("%q: result %q lacks unit or period", s.title, r.Metric)
			}
		}
	}
	if statuses[samspil.CasePublished] < 25 || statuses[samspil.CaseDraft] < 2 || statuses[samspil.CaseReview] != 1 {
		t.Errorf("statuses %v", statuses)
	}
	for _, m := range samspil.CollaborationModels {
		if perModel[m] < 2 {
			t.Errorf("model %s has %d published cases", m, perModel[m])
		}
	}
	if len(munis) < 20 {
		t.Errorf("published cases in only %d municipalities", len(munis))
	}
}

func knownGroup(code string) bool {
	for _, g := range samspil.DefaultTargetGroups {
		if g.Code == code {
			return true
		}
	}
	return false
}

func TestQuestionSpecs(t *testing.T) {
	municipal := map[string]bool{}
	known := map[string]bool{}
	for _, p := range people {
		known[p.email] = true
		municipal[p.email] = strings.HasPrefix(p.org, "kommune:")
	}
	only, answered, accepted := 0, 0, 0
	for _, s := range questionSpecs {
		q := samspil.Question{Title: s.title, Body: s.body, Tags: s.tags}
		if err := q.Validate(); err != nil {
			t.Errorf("%q: %v", s.title, err)
		}
		if !municipal[s.author] {
			t.Errorf("%q: asked by %s, who is not municipal staff", s.title, s.author)
		}
		if s.municipalOnly {
			only++
		}
		if len(s.answers) > 0 {
			answered++
		}
		if s.accepted > 0 {
			accepted++
			if s.accepted > len(s.answers) {
				t.Errorf("%q: accepted answer %d of %d", s.title, s.accepted, len(s.answers))
			}
		}
		for _, a := range s.answers {
			if !known[a.author] {
				t.Errorf("%q: unknown answerer %s", s.title, a.author)
			}
			if s.municipalOnly && !municipal[a.author] {
				t.Errorf("%q: %s cannot see a municipality-only question", s.title, a.author)
			}
			ans := samspil.Answer{Body: a.body}
			if err := ans.Validate(); err != nil {
				t.Errorf("%q: %v", s.title, err)
			}
			for _, v := range a.voters {
				if !known[v] {
					t.Errorf("%q: unknown voter %s", s.title, v)
				}
			}
		}
		for _, f := range s.followers {
			if !known[f] {
				t.Errorf("%q: unknown follower %s", s.title, f)
			}
		}
	}
	if len(questionSpecs) < 15 || only < 3 || answered < 12 || accepted < 10 {
		t.Errorf("%d questions, %d municipality-only, %d answered, %d accepted", len(questionSpecs), only, answered, accepted)
	}
}

func TestStrategySpecs(t *testing.T) {
	now := time.Date(2026, time.November, 28, 0, 0, 0, 0, time.UTC)
	codes := map[string]bool{}
	years := map[int]bool{}
	for i, s := range strategySpecs {
		if codes[s.code] {
			t.Errorf("%s twice", s.code)
		}
		codes[s.code] = true
		st := buildStrategy(i, s)
		if err := st.Validate(refdata.Catalog, now); err != nil {
			t.Errorf("%s: %v", s.code, err)
		}
		if len(st.Goals) < 3 {
			t.Errorf("%s: %d goals", s.code, len(st.Goals))
		}
		if st.AdoptedOn != nil {
			years[st.AdoptedOn.Year()] = true
		}
	}
	if n := len(strategySpecs); n < 28 || n > 35 {
		t.Errorf("%d strategies, want about 30", n)
	}
	for y := 2016; y <= 2025; y++ {
		if !years[y] {
			t.Errorf("no strategy adopted in %d", y)
		}
	}
	for _, u := range CoordinationUnits() {
		if !refdata.Catalog.HasMunicipality(u.MunicipalityCode) || u.Name == "" {
			t.Errorf("unit %+v", u)
		}
		if _, err := samspil.NormaliseEmail(u.Email); err != nil {
			t.Errorf("unit %s: %v", u.MunicipalityCode, err)
		}
	}
}

func TestEarlyFollows(t *testing.T) {
	known := map[string]bool{EditorEmail: true}
	for _, p := range people {
		known[p.email] = true
	}
	slugs := map[string]bool{}
	for _, c := range guidetext.Chapters() {
		slugs[c.Slug] = true
	}
	for _, f := range earlyFollows {
		if !known[f.email] || !f.kind.Valid() {
			t.Errorf("%+v", f)
		}
		switch f.kind {
		case samspil.FollowTag:
			if tag, err := samspil.NormaliseTag(f.key); err != nil || tag != f.key {
				t.Errorf("tag %q: %v", f.key, err)
			}
		case samspil.FollowMunicipality:
			if !refdata.Catalog.HasMunicipality(f.key) {
				t.Errorf("municipality %q", f.key)
			}
		case samspil.FollowGuide:
			if !slugs[f.key] {
				t.Errorf("no guide chapter %q", f.key)
			}
		}
	}
}
