package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/samspil/samspil"
)

// EditorEmail names the demo's editor in the national secretariat: an
// account that reviews cases and edits the guide without being a platform
// admin. It signs in with the demo's shared password.
const EditorEmail = "redaktoer@demo.samspil.dk"

// person is a demo account: staff of a municipality, an SØV or a company.
// The first person of an organisation becomes its admin.
type person struct {
	email, name, org string
}

// people are the demo's accounts besides the admin and the editor. Case
// contacts and the authors of questions and answers are drawn from them.
var people = []person{
	{"anne.moeller@vejle.kommune.example", "Anne Møller", "kommune:0630"},
	{"jonas.friis@haderslev-tryk-design.example", "Jonas Friis", "Haderslev Tryk & Design"},
	{"karina.dahl@fredericia.kommune.example", "Karina Dahl", "kommune:0607"},
	{"louise.brandt@hvidovre.kommune.example", "Louise Brandt", "kommune:0167"},
	{"morten.skov@randers.kommune.example", "Morten Skov", "kommune:0730"},
	{"pernille.vad@holstebro.kommune.example", "Pernille Vad", "kommune:0661"},
	{"henrik.lund@naestved-ejendomsservice-a-s.example", "Henrik Lund", "Næstved Ejendomsservice A/S"},
	{"rasmus.bech@aarhus.kommune.example", "Rasmus Bech", "kommune:0751"},
	{"sofie.winther@kk.kommune.example", "Sofie Winther", "kommune:0101"},
	{"tine.hald@cafe-havnelyset.example", "Tine Hald", "Café Havnelyset"},
	{"jens.kirk@thisted.kommune.example", "Jens Kirk", "kommune:0787"},
	{"mads.rye@lolland-genbyg.example", "Mads Rye", "Lolland Genbyg"},
	{"helle.iversen@sonderborg.kommune.example", "Helle Iversen", "kommune:0540"},
	{"ole.munk@viborg.kommune.example", "Ole Munk", "kommune:0791"},
	{"birgitte.holm@fonden-bro-til-arbejde.example", "Birgitte Holm", "Fonden Bro til Arbejde"},
	{"lars.hansen@esbjerg.kommune.example", "Lars Hansen", "kommune:0561"},
	{"nikolaj.berg@kode-og-kaffe-aps.example", "Nikolaj Berg", "Kode & Kaffe ApS"},
	{"signe.toft@skive.kommune.example", "Signe Toft", "kommune:0779"},
	{"emma.koch@genbrugsloftet-roenne.example", "Emma Koch", "Genbrugsloftet Rønne"},
	{"anders.lykke@roskilde.kommune.example", "Anders Lykke", "kommune:0265"},
	{"maria.vinther@netvaerket-for-socialoekonomi-i-nordjylland.example", "Maria Vinther", "Netværket for Socialøkonomi i Nordjylland"},
	{"camilla.ravn@kolding.kommune.example", "Camilla Ravn", "kommune:0621"},
	{"kasper.noer@mentorfaellesskabet-midt.example", "Kasper Nør", "Mentorfællesskabet Midt"},
	{"thomas.aagaard@hjorring.kommune.example", "Thomas Aagaard", "kommune:0860"},
	{"line.bak@fynske-foedevarer-a-s.example", "Line Bak", "Fynske Fødevarer A/S"},
	{"camilla.frost@rent-og-roligt-aps.example", "Camilla Frost", "Rent & Roligt ApS"},
	{"peter.lind@aalborg-cykelboers.example", "Peter Lind", "Aalborg Cykelbørs"},
	{"yasmin.ali@havnekoekkenet-helsingoer.example", "Yasmin Ali", "Havnekøkkenet Helsingør"},
	{"rikke.lauritsen@ballerup.kommune.example", "Rikke Lauritsen", "kommune:0151"},
	{"bo.sand@herning.kommune.example", "Bo Sand", "kommune:0657"},
	{"nanna.hviid@cafe-fjordglimt.example", "Nanna Hviid", "Café Fjordglimt"},
	// Municipal staff who ask and answer questions.
	{"mette.krogh@koege.kommune.example", "Mette Krogh", "kommune:0259"},
	{"kim.nygaard@guldborgsund.kommune.example", "Kim Nygaard", "kommune:0376"},
	{"eva.strand@aabenraa.kommune.example", "Eva Strand", "kommune:0580"},
	{"sara.damgaard@ikast-brande.kommune.example", "Sara Damgaard", "kommune:0756"},
	{"frederik.holt@lolland.kommune.example", "Frederik Holt", "kommune:0360"},
	{"ida.moos@odense.kommune.example", "Ida Moos", "kommune:0461"},
}

// KnowledgeResult counts what LoadKnowledge created.
type KnowledgeResult struct {
	Users      int
	Cases      int // all cases, any status
	Published  int
	Questions  int
	Answers    int
	Strategies int
	Tenders    TenderResult // the procurement demo (demo/tenders.go)
	// OutcomeContracts is the payment-by-result demo (demo/pbr.go).
	OutcomeContracts PbrResult
	Units            int // coordination units
	Follows          int
	Skipped          bool // the editor account existed already: nothing was loaded
}

// loader carries the state of one LoadKnowledge run.
type loader struct {
	store  samspil.Store
	orgs   map[string]OrgRef // by name and "kommune:KODE"
	users  map[string]int64  // by e-mail
	orgOf  map[string]int64  // e-mail -> the organisation the person works for
	hash   string
	editor int64
	admin  int64
	res    KnowledgeResult
}

// LoadKnowledge adds the knowledge platform's demo content: people with
// memberships, an editor, cases through review (most published, a few
// drafts, one waiting for review), questions with answers, votes and
// accepted answers, strategies and coordination units for about a third
// of the municipalities, and follows. Everything goes through the
// store's ordinary methods with the acting user in the context, so the
// audit log and notifications are as if people had done it.
//
// orgs holds the loaded organisations by name (municipalities as
// "kommune:KODE"); content that needs an organisation that is not loaded
// is left out. passwordHash is the hash of the demo's shared password and
// adminID the demo admin (0 if none), who records the strategies. The
// load is skipped when the editor account exists, so running it twice
// adds nothing.
func LoadKnowledge(ctx context.Context, store samspil.Store, orgs map[string]OrgRef, passwordHash string, adminID int64) (KnowledgeResult, error) {
	if _, err := store.FindUserByEmail(ctx, EditorEmail); err == nil {
		return KnowledgeResult{Skipped: true}, nil
	} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
		return KnowledgeResult{}, err
	}
	l := &loader{store: store, orgs: orgs, users: map[string]int64{}, orgOf: map[string]int64{}, hash: passwordHash, admin: adminID}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"people", l.loadPeople},
		{"editor", l.loadEditor},
		{"follows before", l.loadEarlyFollows},
		{"cases", l.loadCases},
		{"questions", l.loadQuestions},
		{"strategies", l.loadStrategies},
		{"tenders", l.loadTenders},
		{"purchases", l.loadPurchases},
		{"outcome contracts", l.loadOutcomeContracts},
	}
	for _, s := range steps {
		if err := s.fn(ctx); err != nil {
			return l.res, fmt.Errorf("demo %s: %w", s.name, err)
		}
	}
	return l.res, nil
}

func (l *loader) createUser(ctx context.Context, email, name string) (int64, error) {
	confirmed := time.Date(2025, time.January, 6, 9, 0, 0, 0, time.UTC)
	u := &samspil.User{Email: email, Name: name, PasswordHash: l.hash, Locale: "da", EmailConfirmedAt: &confirmed}
	if err := l.store.CreateUser(ctx, u); err != nil {
		return 0, fmt.Errorf("user %s: %w", email, err)
	}
	l.users[email] = u.ID
	l.res.Users++
	return u.ID, nil
}

func (l *loader) loadPeople(ctx context.Context) error {
	admins := map[int64]bool{}
	for _, p := range people {
		org, ok := l.orgs[p.org]
		if !ok {
			continue // a smaller demo without this organisation
		}
		id, err := l.createUser(ctx, p.email, p.name)
		if err != nil {
			return err
		}
		role := samspil.RoleMember
		if !admins[org.ID] {
			role, admins[org.ID] = samspil.RoleAdmin, true
		}
		m := &samspil.Membership{UserID: id, OrganisationID: org.ID, Role: role, Status: samspil.MembershipActive}
		if err := l.store.CreateMembership(ctx, m); err != nil {
			return fmt.Errorf("membership of %s: %w", p.email, err)
		}
		l.orgOf[p.email] = org.ID
	}
	return nil
}

func (l *loader) loadEditor(ctx context.Context) error {
	id, err := l.createUser(ctx, EditorEmail, "Karen Lyngsø (redaktør i sekretariatet)")
	if err != nil {
		return err
	}
	yes := true
	actx := ctx
	if l.admin != 0 {
		actx = samspil.WithActor(ctx, l.admin)
	}
	if _, err := l.store.UpdateUser(actx, id, samspil.UserUpdate{IsEditor: &yes}); err != nil {
		return err
	}
	l.editor = id
	return nil
}

func (l *loader) follow(ctx context.Context, email string, kind samspil.FollowKind, key string) error {
	id, ok := l.users[email]
	if !ok {
		return nil
	}
	if err := l.store.Follow(samspil.WithActor(ctx, id), id, kind, key); err != nil {
		return fmt.Errorf("%s follows %s %s: %w", email, kind, key, err)
	}
	l.res.Follows++
	return nil
}

// earlyFollows exist before the cases and questions are created, so the
// demo starts with digest notifications for them.
var earlyFollows = []struct {
	email string
	kind  samspil.FollowKind
	key   string
}{
	{EditorEmail, samspil.FollowTag, "reserveret_kontrakt"},
	{EditorEmail, samspil.FollowGuide, "reserveret-kontrakt"},
	{EditorEmail, samspil.FollowGuide, "social-klausul"},
	{"mette.krogh@koege.kommune.example", samspil.FollowTag, "reserveret_kontrakt"},
	{"mette.krogh@koege.kommune.example", samspil.FollowTag, "social_klausul"},
	{"mette.krogh@koege.kommune.example", samspil.FollowMunicipality, "0167"},
	{"kim.nygaard@guldborgsund.kommune.example", samspil.FollowTag, "afknopning"},
	{"kim.nygaard@guldborgsund.kommune.example", samspil.FollowMunicipality, "0360"},
	{"eva.strand@aabenraa.kommune.example", samspil.FollowTag, "resultatbaseret"},
	{"eva.strand@aabenraa.kommune.example", samspil.FollowGuide, "resultatbaseret-betaling"},
	{"sara.damgaard@ikast-brande.kommune.example", samspil.FollowTag, "kompetenceloeft"},
	{"sara.damgaard@ikast-brande.kommune.example", samspil.FollowMunicipality, "0740"},
	{"frederik.holt@lolland.kommune.example", samspil.FollowTag, "de-minimis"},
	{"ida.moos@odense.kommune.example", samspil.FollowTag, "pilot"},
	{"ida.moos@odense.kommune.example", samspil.FollowGuide, "afknopning"},
	{"tine.hald@cafe-havnelyset.example", samspil.FollowTag, "afknopning"},
	{"peter.lind@aalborg-cykelboers.example", samspil.FollowMunicipality, "0851"},
	{"anders.lykke@roskilde.kommune.example", samspil.FollowTag, "laboratorium"},
}

func (l *loader) loadEarlyFollows(ctx context.Context) error {
	for _, f := range earlyFollows {
		if f.kind == samspil.FollowGuide {
			// A database opened without the guide's seed text has no chapters.
			if _, err := l.store.FindGuideChapter(ctx, f.key); samspil.ErrorCode(err) == samspil.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
		}
		if err := l.follow(ctx, f.email, f.kind, f.key); err != nil {
			return err
		}
	}
	return nil
}

// month parses "2006-01" as the first day of that month, UTC (or, with
// last set, its last day, for the end of a period).
func month(s string, last bool) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		panic("demo: bad month " + s)
	}
	if last {
		t = t.AddDate(0, 1, -1)
	}
	return &t
}

// personByEmail finds a demo person.
func personByEmail(email string) (person, bool) {
	for _, p := range people {
		if p.email == email {
			return p, true
		}
	}
	return person{}, false
}

// buildCase turns a spec into a case owned by the loaded organisation
// (ok false when the owner or the author is not loaded).
func buildCase(s caseSpec, orgs map[string]OrgRef) (*samspil.Case, bool) {
	owner, ok := orgs[s.owner]
	if !ok {
		return nil, false
	}
	p, ok := personByEmail(s.contact)
	if !ok || p.org != s.owner {
		return nil, false
	}
	c := &samspil.Case{
		OrganisationID: owner.ID, Title: s.title, Summary: s.summary, Model: s.model, MunicipalityCode: s.muni,
		PeriodStart: month(s.from, false), PeriodEnd: month(s.to, true), TargetGroups: append([]string{}, s.groups...),
		WhatWasDone: s.what, Results: append([]samspil.CaseResult{}, s.results...), Economy: s.economy,
		ValueOre: s.valueKr * 100, WorkedWell: s.well, WorkedLess: s.less,
		ContactName: p.name, ContactEmail: p.email, Partners: []samspil.CasePartner{},
	}
	for _, ps := range s.partners {
		cp := samspil.CasePartner{Name: ps[0], Role: ps[1]}
		if ref, ok := orgs[ps[0]]; ok {
			id := ref.ID
			cp.OrganisationID, cp.Name = &id, ref.Name
		} else if strings.HasPrefix(ps[0], "kommune:") {
			continue
		}
		c.Partners = append(c.Partners, cp)
	}
	return c, true
}

func (l *loader) loadCases(ctx context.Context) error {
	for _, s := range caseSpecs {
		c, ok := buildCase(s, l.orgs)
		if !ok {
			continue
		}
		author := samspil.WithActor(ctx, l.users[s.contact])
		c.CreatedBy = l.users[s.contact]
		if err := l.store.CreateCase(author, c); err != nil {
			return fmt.Errorf("create %q: %w", s.title, err)
		}
		l.res.Cases++
		if s.status == samspil.CaseDraft {
			continue
		}
		if _, err := l.store.SubmitCase(author, c.ID); err != nil {
			return fmt.Errorf("submit %q: %w", s.title, err)
		}
		if s.status == samspil.CaseReview {
			continue
		}
		if _, err := l.store.PublishCase(samspil.WithActor(ctx, l.editor), c.ID); err != nil {
			return fmt.Errorf("publish %q: %w", s.title, err)
		}
		l.res.Published++
		// The case's author follows it; a colleague elsewhere does too.
		if err := l.follow(ctx, s.contact, samspil.FollowCase, fmt.Sprint(c.ID)); err != nil {
			return err
		}
		if l.res.Published%4 == 1 {
			if err := l.follow(ctx, "mette.krogh@koege.kommune.example", samspil.FollowCase, fmt.Sprint(c.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) loadQuestions(ctx context.Context) error {
	for _, qs := range questionSpecs {
		author, ok := l.users[qs.author]
		if !ok {
			continue
		}
		q := &samspil.Question{
			AuthorID: author, OrganisationID: l.orgOf[qs.author], Title: qs.title, Body: qs.body,
			Tags: append([]string{}, qs.tags...), Visibility: samspil.QuestionPublic,
		}
		if qs.municipalOnly {
			q.Visibility = samspil.QuestionMunicipalities
		}
		if err := l.store.CreateQuestion(samspil.WithActor(ctx, author), q); err != nil {
			return fmt.Errorf("question %q: %w", qs.title, err)
		}
		l.res.Questions++
		var answerIDs []int64
		for _, as := range qs.answers {
			aid, ok := l.users[as.author]
			if !ok {
				answerIDs = append(answerIDs, 0)
				continue
			}
			a := &samspil.Answer{QuestionID: q.ID, AuthorID: aid, OrganisationID: l.orgOf[as.author], Body: as.body}
			if err := l.store.CreateAnswer(samspil.WithActor(ctx, aid), a); err != nil {
				return fmt.Errorf("answer to %q: %w", qs.title, err)
			}
			l.res.Answers++
			answerIDs = append(answerIDs, a.ID)
			for _, v := range as.voters {
				vid, ok := l.users[v]
				if !ok || vid == aid {
					continue
				}
				if _, err := l.store.VoteAnswer(samspil.WithActor(ctx, vid), a.ID, vid, true); err != nil {
					return fmt.Errorf("vote on %q: %w", qs.title, err)
				}
			}
		}
		if qs.accepted > 0 && qs.accepted <= len(answerIDs) && answerIDs[qs.accepted-1] != 0 {
			if _, err := l.store.AcceptAnswer(samspil.WithActor(ctx, author), q.ID, answerIDs[qs.accepted-1]); err != nil {
				return fmt.Errorf("accept on %q: %w", qs.title, err)
			}
		}
		for _, f := range qs.followers {
			if err := l.follow(ctx, f, samspil.FollowQuestion, fmt.Sprint(q.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) loadStrategies(ctx context.Context) error {
	actor := l.admin
	if actor == 0 {
		actor = l.editor
	}
	actx := samspil.WithActor(ctx, actor)
	for i, s := range strategySpecs {
		if _, ok := l.orgs["kommune:"+s.code]; !ok {
			continue
		}
		st := buildStrategy(i, s)
		if _, err := l.store.SaveStrategy(actx, st); err != nil {
			return fmt.Errorf("strategy %s: %w", s.code, err)
		}
		l.res.Strategies++
	}
	for _, u := range CoordinationUnits() {
		if _, ok := l.orgs["kommune:"+u.MunicipalityCode]; !ok {
			continue
		}
		if err := l.store.SetCoordinationUnit(actx, u); err != nil {
			return fmt.Errorf("coordination unit %s: %w", u.MunicipalityCode, err)
		}
		l.res.Units++
	}
	return nil
}
