package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/samspil/samspil"
)

// TenderResult counts what the tender demo created.
type TenderResult struct {
	Tenders        int // all, any status
	Drafts         int
	Published      int // still published (open, questions closed or awaiting award)
	Awarded        int
	Cancelled      int
	Amended        int // amendments recorded
	Clarifications int
	Responses      int
}

// tenderStage is where a demo tender ends up.
type tenderStage int

const (
	stageDraft           tenderStage = iota
	stageOpen                        // published, questions open
	stageAmended                     // published and amended (deadline extended)
	stageQuestionsClosed             // published, questions closed, tenders still open
	stageAwaitingAward               // published, tender deadline passed
	stageAwarded                     // awarded with a partnership
	stageCancelled                   // published, then cancelled
	stageDraftCancelled              // cancelled before publication
)

// tenderQA is a clarification question, asked by a person of an SØV, and
// the buyer's answer ("" leaves it unanswered).
type tenderQA struct {
	asker, question, answer string
}

// tenderReply is a supplier's response to a tender.
type tenderReply struct {
	org     string
	state   samspil.ResponseState
	lots    []int
	message string
}

// tenderSpec is one hand-written demo tender. buyer is "kommune:KODE" and
// by the e-mail of a person in people working there. The timeline is in
// days relative to the demo's clock: where the tender stands at the end.
type tenderSpec struct {
	buyer, by    string
	title        string
	description  string
	criteria     string
	proc         samspil.Procedure
	reservation  samspil.Reservation
	goals        []string
	mainCPV      string
	cpv          []string
	valueKr      int64
	placeText    string
	lots         []samspil.TenderLot
	stage        tenderStage
	years        int // contract period
	qa           []tenderQA
	replies      []tenderReply
	winners      []string
	awardKr      int64
	section20    string
	amendNote    string
	cancelReason string
}

func lot(n int, title, description string, valueKr int64, r samspil.Reservation) samspil.TenderLot {
	return samspil.TenderLot{Number: n, Title: title, Description: description, ValueOre: valueKr * 100, Reservation: r}
}

var tenderSpecs = []tenderSpec{
	{
		buyer: "kommune:0751", by: "rasmus.bech@aarhus.kommune.example",
		title: "Rengøring af fem daginstitutioner i Aarhus Vest",
		description: "Aarhus Kommune søger en leverandør til den daglige rengøring af fem daginstitutioner i Hasle, Brabrand og Gellerup, i alt cirka 4.200 m².\n\n" +
			"Rengøringen sker efter lukketid på hverdage. Leverandøren skal kunne tilpasse sig institutionernes åbningstider i ferier.",
		criteria: "Kontrakten er reserveret efter udbudslovens § 20: Kun virksomheder, hvor mindst 30 % af de ansatte har handicap eller er dårligt stillede, kan byde. " +
			"Tilbudsgiver skal beskrive, hvordan medarbejderne oplæres og støttes.",
		proc: samspil.ProcReserved, reservation: samspil.ReserveShelteredWorkshop,
		goals:   []string{"social.disadvantagedEmploymentOpportunities"},
		mainCPV: "90911200-8", cpv: []string{"90919200-4"}, valueKr: 2_400_000, placeText: "Hasle, Brabrand og Gellerup",
		stage: stageOpen, years: 2,
		qa: []tenderQA{
			{"", "Skal leverandøren selv stille rengøringsmidler og maskiner til rådighed?", "Ja. Leverandøren stiller midler og maskiner. Institutionerne har aflåste rum, hvor de kan opbevares."},
			{"", "Kan rengøringen af de fem institutioner fordeles på to hold?", ""},
		},
		replies: []tenderReply{
			{org: "Randers Rengøringsfællesskab", state: samspil.ResponseInterested, message: "Vi har to hold i Aarhus-området og vil gerne byde."},
			{org: "Kaffekollektivet Aarhus", state: samspil.ResponseDeclined, message: "Ikke vores fagområde, men tak for henvendelsen."},
			{org: "Rent & Roligt ApS", state: samspil.ResponseOpened},
		},
	},
	{
		buyer: "kommune:0630", by: "anne.moeller@vejle.kommune.example",
		title:       "Cykelservice og reparation for hjemmeplejen",
		description: "Vejle Kommunes hjemmepleje har 140 cykler og elcykler. Vi søger fast service hver anden uge og reparationer efter behov med afhentning og levering.",
		criteria:    "Leverandøren skal have mindst én lærling eller praktikant fra målgruppen unge uden uddannelse tilknyttet opgaven.",
		proc:        samspil.ProcBelowThreshold, goals: []string{"social.employmentOpportunities"},
		mainCPV: "50000000-5", valueKr: 450_000, placeText: "Hjemmeplejens fire distrikter",
		stage: stageAwarded, years: 2,
		replies: []tenderReply{
			{org: "Cykelhjørnet Vejle", state: samspil.ResponseInterested, message: "Vi henter og bringer gerne cyklerne og har allerede to lærlinge."},
			{org: "Herning Hjul", state: samspil.ResponseDeclined, message: "For langt fra Herning til daglig afhentning."},
		},
		winners: []string{"Cykelhjørnet Vejle"}, awardKr: 430_000,
	},
	{
		buyer: "kommune:0101", by: "sofie.winther@kk.kommune.example",
		title: "Frokostordning til tre plejecentre på Nørrebro",
		description: "Københavns Kommune udbyder levering af varm mad til frokost på tre plejecentre, cirka 180 portioner om dagen.\n\n" +
			"Udbuddet er delt i to delaftaler: Delaftale 1 er selve madleverancen. Delaftale 2 er drift af caféen på Plejecenter Kapelvej og er reserveret.",
		criteria: "Delaftale 1 har en social klausul: Leverandøren skal ansætte mindst to personer fra kommunens målgrupper i kontraktperioden. " +
			"Delaftale 2 er reserveret efter § 20 for virksomheder med mindst 30 % ansatte med handicap eller ulemper.",
		proc: samspil.ProcSocialClause, goals: []string{"social.disadvantagedEmploymentOpportunities", "social.employmentOpportunities"},
		mainCPV: "55520000-1", cpv: []string{"55521200-0"}, valueKr: 6_800_000, placeText: "Plejecentre på Nørrebro",
		lots: []samspil.TenderLot{
			lot(1, "Madleverance", "Varm frokost til tre plejecentre, alle hverdage og weekender.", 6_100_000, samspil.ReserveNone),
			lot(2, "Café på Plejecenter Kapelvej", "Drift af caféen for beboere og pårørende, hverdage 10–15.", 700_000, samspil.ReserveShelteredWorkshop),
		},
		stage: stageAwaitingAward, years: 3,
		qa: []tenderQA{
			{"yasmin.ali@havnekoekkenet-helsingoer.example", "Kan man byde på delaftale 2 alene?", "Ja. Hver delaftale tildeles for sig, og man kan byde på én eller begge."},
		},
		replies: []tenderReply{
			{org: "Café Lyspunktet Nørrebro", state: samspil.ResponseInterested, lots: []int{2}, message: "Vi driver allerede to caféer på Nørrebro og byder på caféen."},
			{org: "Havnekøkkenet Helsingør", state: samspil.ResponseInterested, lots: []int{1, 2}},
			{org: "Køge Bugt Catering", state: samspil.ResponseDeclined, message: "Vi har ikke kapacitet til 180 portioner om dagen."},
		},
	},
	{
		buyer: "kommune:0661", by: "pernille.vad@holstebro.kommune.example",
		title:       "Pleje af grønne arealer ved skoler og børnehaver",
		description: "Holstebro Kommune søger en leverandør til græsslåning, hækklipning og lugning ved 12 skoler og børnehaver fra april til oktober.",
		criteria:    "Kontrakten er reserveret efter udbudslovens § 20. Leverandøren skal tilbyde praktikforløb for borgere i kommunens jobcenter.",
		proc:        samspil.ProcReserved, reservation: samspil.ReserveShelteredWorkshop,
		goals:   []string{"social.disadvantagedEmploymentOpportunities"},
		mainCPV: "77310000-6", cpv: []string{"77314000-4"}, valueKr: 1_200_000, placeText: "12 skoler og børnehaver i Holstebro by",
		stage: stageAwarded, years: 3,
		qa: []tenderQA{
			{"", "Skal haveaffald køres væk, eller kan det komposteres på stedet?", "Haveaffald køres til genbrugspladsen. Kommunen betaler afgiften."},
		},
		replies: []tenderReply{
			{org: "Holstebro Grønne Service", state: samspil.ResponseInterested, message: "Vi har tre hold og maskiner til opgaven."},
		},
		winners: []string{"Holstebro Grønne Service"}, awardKr: 1_150_000,
		section20: "Holstebro Grønne Service har 14 ansatte, heraf 9 med handicap eller ulemper (64 %). Oplyst i tilbuddet og kontrolleret mod lønsedler for august.",
	},
	{
		buyer: "kommune:0561", by: "lars.hansen@esbjerg.kommune.example",
		title:       "Vask af linned og arbejdstøj til plejecentre",
		description: "Esbjerg Kommune udbyder vask, rulning og reparation af linned og arbejdstøj til otte plejecentre, cirka 95 tons om året, med afhentning to gange om ugen.",
		criteria:    "Social klausul: Leverandøren skal have mindst tre ansatte i fleksjob eller løntilskud knyttet til kontrakten og rapportere om det hvert halve år.",
		proc:        samspil.ProcSocialClause, goals: []string{"social.employmentOpportunities", "social.workingConditions"},
		mainCPV: "98310000-9", cpv: []string{"98315000-4"}, valueKr: 3_900_000, placeText: "Otte plejecentre i Esbjerg Kommune",
		stage: stageAmended, years: 4,
		replies: []tenderReply{
			{org: "Vestkystens Vaskeri", state: samspil.ResponseInterested, message: "Vi har kapacitet og vasker allerede for to plejecentre."},
			{org: "Silkeborg Søvaskeri", state: samspil.ResponseOpened},
		},
		amendNote: "Fristen for tilbud er forlænget med en uge, og mængden er rettet fra 85 til 95 tons om året efter en fejl i bilaget.",
	},
	{
		buyer: "kommune:0461", by: "ida.moos@odense.kommune.example",
		title: "Aktivitets- og samværstilbud for voksne med handicap",
		description: "Odense Kommune søger en leverandør til et aktivitets- og samværstilbud efter serviceloven for cirka 25 voksne med udviklingshæmning, tre dage om ugen.\n\n" +
			"Tilbuddet købes under light-regimet for sociale tjenesteydelser.",
		criteria: "Kontrakten er reserveret for organisationer med en public service-mission (udbudslovens § 191): organisationer, der geninvesterer overskuddet og har medarbejderinddragelse. Kontrakten løber højst tre år.",
		proc:     samspil.ProcLightRegime, reservation: samspil.ReservePublicService,
		goals:   []string{"social.accessibility"},
		mainCPV: "85312000-9", valueKr: 4_500_000, placeText: "Odense",
		stage: stageQuestionsClosed, years: 3,
		qa: []tenderQA{
			{"", "Kan tilbuddet foregå i leverandørens egne lokaler?", "Ja, hvis lokalerne er tilgængelige for kørestolsbrugere og ligger inden for Odense Kommune."},
		},
		replies: []tenderReply{
			{org: "Omsorgshuset Tusindfryd", state: samspil.ResponseOpened},
			{org: "Odsherred Omsorg og Hjemmeservice", state: samspil.ResponseDeclined, message: "For langt fra vores område."},
		},
	},
	{
		buyer: "kommune:0751", by: "rasmus.bech@aarhus.kommune.example",
		title: "Rammeaftale om brugertest af digitale selvbetjeningsløsninger",
		description: "Aarhus Kommune indgår en rammeaftale om test af hjemmesider og selvbetjening med brugere, herunder tilgængelighedstest efter WCAG 2.1.\n\n" +
			"Delaftale 1 er tilgængelighedstest og er reserveret. Delaftale 2 er brugertest med borgere.",
		criteria: "Delaftale 1 er reserveret efter § 20 for virksomheder med mindst 30 % ansatte med handicap eller ulemper.",
		proc:     samspil.ProcFramework, goals: []string{"social.disadvantagedEmploymentOpportunities", "social.accessibility"},
		mainCPV: "72820000-4", cpv: []string{"72810000-1"}, valueKr: 1_500_000,
		lots: []samspil.TenderLot{
			lot(1, "Tilgængelighedstest", "Test af tilgængelighed efter WCAG 2.1 AA med rapport og genbesøg.", 600_000, samspil.ReserveShelteredWorkshop),
			lot(2, "Brugertest med borgere", "Planlægning og gennemførelse af brugertest med 5–8 borgere pr. løsning.", 900_000, samspil.ReserveNone),
		},
		stage: stageOpen, years: 4,
		replies: []tenderReply{
			{org: "Testcentret Østjylland", state: samspil.ResponseInterested, lots: []int{1}, message: "Vi tester allerede for to regioner og har 20 testere med autisme eller ADHD."},
			{org: "Odense Datatest", state: samspil.ResponseOpened},
		},
	},
	{
		buyer: "kommune:0607", by: "karina.dahl@fredericia.kommune.example",
		title:       "Brød og kage til rådhusets mødelokaler",
		description: "Fredericia Kommune vil købe brød, boller og kage til møder på rådhuset og i jobcentret, leveret hver morgen på hverdage.",
		criteria:    "Vi lægger vægt på, at leverandøren beskæftiger personer på kanten af arbejdsmarkedet.",
		proc:        samspil.ProcBelowThreshold, goals: []string{"social.employmentOpportunities"},
		mainCPV: "15810000-9", valueKr: 280_000, stage: stageDraft, years: 2,
	},
	{
		buyer: "kommune:0259", by: "mette.krogh@koege.kommune.example",
		title:       "Catering til borgermøder og arrangementer",
		description: "Køge Kommune søger en leverandør af mad og drikke til 30–40 borgermøder og arrangementer om året, fra 20 til 200 deltagere.",
		criteria:    "Social klausul: mindst én elev eller praktikant fra målgruppen i kontraktperioden.",
		proc:        samspil.ProcBelowThreshold, goals: []string{"social.employmentOpportunities"},
		mainCPV: "55520000-1", valueKr: 600_000, stage: stageCancelled, years: 2,
		replies: []tenderReply{
			{org: "Køge Bugt Catering", state: samspil.ResponseInterested, message: "Vi leverer gerne og har to elever i køkkenet."},
		},
		cancelReason: "Udbuddet er annulleret, fordi opgaven bliver dækket af kommunens nye fælles kantineaftale. Tak til jer, der viste interesse.",
	},
	{
		buyer: "kommune:0101", by: "sofie.winther@kk.kommune.example",
		title:       "Flyttehjælp ved samling af jobcentre",
		description: "Hjælp til nedpakning, flytning og udpakning af kontorer ved samlingen af to jobcentre i én bygning.",
		criteria:    "Kontrakten overvejes reserveret efter § 20.",
		proc:        samspil.ProcReserved, reservation: samspil.ReserveShelteredWorkshop,
		mainCPV: "98392000-7", valueKr: 350_000, stage: stageDraftCancelled, years: 1,
		cancelReason: "Flytningen er udskudt til næste år.",
	},
}

// tenderLoader holds what the tender demo needs from the knowledge loader.
type tenderLoader struct {
	store samspil.Store
	orgs  map[string]OrgRef
	users map[string]int64
	orgOf map[string]int64
	now   time.Time
	res   TenderResult
}

// at is the Danish date days from now at hour:00 Danish time, in UTC.
func (tl *tenderLoader) at(days, hour int) time.Time {
	y, m, d := tl.now.In(copenhagen()).Date()
	return time.Date(y, m, d+days, hour, 0, 0, 0, copenhagen()).UTC()
}

// setTimeline gives t a timeline whose questions deadline is q days from
// now; the rest follows it.
func (tl *tenderLoader) setTimeline(t *samspil.Tender, q, years int) {
	t.QuestionsDeadline = tl.at(q, 12)
	t.TenderDeadline = tl.at(q+7, 12)
	t.ExpectedAward = tl.at(q+14, 0)
	t.ContractStart = tl.at(q+35, 0)
	t.ContractEnd = t.ContractStart.AddDate(years, 0, -1)
}

// loadTenders creates the demo tenders through the store's TenderService,
// as the people of the municipalities and SØV would: drafts, open
// tenders with questions and interest, an amended one, one whose
// questions have closed, one awaiting award, awarded ones with their
// partnership, and cancelled ones. Tenders whose buyer or suppliers are
// not loaded are left out. The deadlines are relative to now; a tender
// that has moved past a deadline was published with future dates and then
// amended to the dates it ends with, since the store only lets time run
// forward.
func loadTenders(ctx context.Context, store samspil.Store, orgs map[string]OrgRef, users, orgOf map[string]int64, now time.Time) (TenderResult, error) {
	tl := &tenderLoader{store: store, orgs: orgs, users: users, orgOf: orgOf, now: now}
	for _, s := range tenderSpecs {
		if err := tl.load(ctx, s); err != nil {
			return tl.res, fmt.Errorf("tender %q: %w", s.title, err)
		}
	}
	return tl.res, nil
}

// available reports whether the buyer, its person and every supplier of
// s are loaded.
func (tl *tenderLoader) available(s tenderSpec) bool {
	if _, ok := tl.orgs[s.buyer]; !ok || tl.users[s.by] == 0 {
		return false
	}
	for _, w := range s.winners {
		if _, ok := tl.orgs[w]; !ok {
			return false
		}
	}
	return true
}

func (tl *tenderLoader) load(ctx context.Context, s tenderSpec) error {
	if !tl.available(s) {
		return nil
	}
	buyer := tl.orgs[s.buyer]
	bctx := samspil.WithActor(ctx, tl.users[s.by])
	t := &samspil.Tender{
		BuyerID: buyer.ID, Title: s.title, Description: s.description, Procedure: s.proc,
		MainCPV: s.mainCPV, CPVCodes: s.cpv, ValueOre: s.valueKr * 100, Lots: append([]samspil.TenderLot(nil), s.lots...),
		PlaceCode: buyer.Municipality, PlaceText: s.placeText, Reservation: s.reservation,
		SocialGoals: s.goals, SocialCriteria: s.criteria, CreatedBy: tl.users[s.by],
	}
	// Published tenders start with questions open for three weeks.
	tl.setTimeline(t, 21, s.years)
	if s.stage == stageDraft || s.stage == stageDraftCancelled {
		tl.setTimeline(t, 30, s.years)
	}
	if err := tl.store.CreateTender(bctx, t); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	tl.res.Tenders++
	switch s.stage {
	case stageDraft:
		tl.res.Drafts++
		return nil
	case stageDraftCancelled:
		_, err := tl.store.CancelTender(bctx, t.ID, s.cancelReason)
		tl.res.Cancelled++
		return err
	}
	t, err := tl.store.PublishTender(bctx, t.ID)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := tl.respond(ctx, t, s); err != nil {
		return err
	}
	if err := tl.clarify(ctx, bctx, t, s); err != nil {
		return err
	}
	final := 0
	switch s.stage {
	case stageOpen:
		tl.res.Published++
		return nil
	case stageCancelled:
		_, err := tl.store.CancelTender(bctx, t.ID, s.cancelReason)
		tl.res.Cancelled++
		return err
	case stageAmended:
		t.TenderDeadline = t.TenderDeadline.AddDate(0, 0, 7)
		t.ExpectedAward = t.ExpectedAward.AddDate(0, 0, 7)
		if err := tl.store.AmendTender(bctx, t, s.amendNote); err != nil {
			return fmt.Errorf("amend: %w", err)
		}
		tl.res.Amended++
		tl.res.Published++
		return nil
	case stageQuestionsClosed:
		final = -2
	case stageAwaitingAward:
		final = -10
	case stageAwarded:
		final = -30
	}
	// Move the timeline to where the tender now stands.
	cur, err := tl.store.FindTenderByID(ctx, t.ID)
	if err != nil {
		return err
	}
	tl.setTimeline(cur, final, s.years)
	if err := tl.store.AmendTender(bctx, cur, "Tidsplanen er opdateret med de endelige datoer."); err != nil {
		return fmt.Errorf("amend timeline: %w", err)
	}
	tl.res.Amended++
	if s.stage != stageAwarded {
		tl.res.Published++
		return nil
	}
	a := &samspil.TenderAward{ValueOre: s.awardKr * 100, ContractStart: cur.ContractStart, ContractEnd: cur.ContractEnd, Section20Note: s.section20}
	for _, w := range s.winners {
		a.SupplierIDs = append(a.SupplierIDs, tl.orgs[w].ID)
	}
	if _, _, err := tl.store.AwardTender(bctx, t.ID, a); err != nil {
		return fmt.Errorf("award: %w", err)
	}
	tl.res.Awarded++
	return nil
}

// memberOf returns a person of the organisation, 0 when the demo has none.
func (tl *tenderLoader) memberOf(orgID int64) int64 {
	best := ""
	for email, id := range tl.orgOf {
		if id == orgID && (best == "" || email < best) {
			best = email
		}
	}
	return tl.users[best]
}

func (tl *tenderLoader) respond(ctx context.Context, t *samspil.Tender, s tenderSpec) error {
	for _, r := range s.replies {
		org, ok := tl.orgs[r.org]
		if !ok {
			continue
		}
		octx := samspil.WithActor(ctx, tl.memberOf(org.ID))
		resp := &samspil.TenderResponse{TenderID: t.ID, OrganisationID: org.ID, State: r.state, Lots: r.lots, Message: r.message}
		if err := tl.store.RespondToTender(octx, resp); err != nil {
			return fmt.Errorf("response of %s: %w", r.org, err)
		}
		tl.res.Responses++
	}
	return nil
}

func (tl *tenderLoader) clarify(ctx, bctx context.Context, t *samspil.Tender, s tenderSpec) error {
	for i, q := range s.qa {
		// The asker is the named person, else a person of the first
		// supplier that showed interest.
		var orgID, userID int64
		if q.asker != "" {
			orgID, userID = tl.orgOf[q.asker], tl.users[q.asker]
		}
		for _, r := range s.replies {
			if orgID != 0 {
				break
			}
			if org, ok := tl.orgs[r.org]; ok && r.state == samspil.ResponseInterested {
				orgID, userID = org.ID, tl.memberOf(org.ID)
			}
		}
		if orgID == 0 {
			continue
		}
		c := &samspil.Clarification{TenderID: t.ID, OrganisationID: orgID, Question: q.question, AskedBy: userID}
		if err := tl.store.AskClarification(samspil.WithActor(ctx, userID), c); err != nil {
			return fmt.Errorf("question %d: %w", i+1, err)
		}
		tl.res.Clarifications++
		if q.answer == "" {
			continue
		}
		if _, err := tl.store.AnswerClarification(bctx, c.ID, q.answer); err != nil {
			return fmt.Errorf("answer %d: %w", i+1, err)
		}
	}
	return nil
}

// loadTenders is the knowledge loader's step for the demo tenders; they
// are timed against the system clock, as the store is.
func (l *loader) loadTenders(ctx context.Context) error {
	r, err := loadTenders(ctx, l.store, l.orgs, l.users, l.orgOf, samspil.SystemClock())
	l.res.Tenders = r
	return err
}
