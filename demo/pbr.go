package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// The payment-by-result demo: outcome contracts between demo
// municipalities and demo SØV at every stage of their life, written through
// the store's OutcomeContractService as the people of each party would,
// so every rule (CPR refusal, no future claims, the engine's checks, the
// statements' immutability, amendments) is applied as in real use.
//
// The dates are relative to the demo's clock: a contract "started fifteen
// months ago" starts on the first day of the month fifteen months before
// now, and no claim or enrolment is ever dated after today.

// PbrResult counts what the outcome-contract demo created.
type PbrResult struct {
	Contracts    int
	Drafts       int
	Active       int
	Finished     int
	Participants int
	Claims       int
	Statements   int // prepared, approved or draft
	Approved     int // statements both parties approved
	Amendments   int // proposed, approved or not
}

// PbrContract names one demo contract for people and tests: its title
// and the e-mail of a person of each party (the investor's is "" when
// the contract has none).
type PbrContract struct {
	Key                              string
	Title                            string
	Status                           samspil.ContractStatus
	Commissioner, Provider, Investor string // e-mails
}

// pbrPeople are the demo's people at organisations that take part in an
// outcome contract but have no person among the knowledge demo's people.
var pbrPeople = []person{
	{"rune.dalgaard@odense-datatest.example", "Rune Dalgaard", "Odense Datatest"},
	{"soeren.kjaer@cykelhjoernet-vejle.example", "Søren Kjær", "Cykelhjørnet Vejle"},
}

// pbrStage is where a demo contract ends up.
type pbrStage int

const (
	pbrDraft    pbrStage = iota // approved by the commissioner, awaiting the provider
	pbrActive                   // approved by both, running
	pbrFinished                 // period over, every statement approved, finished
)

// pbrChance is the share (per thousand) of participants who reach each
// outcome of the usual chain JOB_START → JOB13 → JOB26, or EDU_START.
type pbrChance struct {
	job, job13, job26, edu int
}

// pbrSpec is one hand-written demo contract.
type pbrSpec struct {
	key                        string
	commissioner, commissionBy string // "kommune:KODE" and a person there
	provider, providerBy       string
	investor, investorBy       string
	title, summary, group      string
	stage                      pbrStage
	startMonths                int // the period starts on the 1st, this many months before this month (negative: ahead)
	years                      int
	period                     samspil.StatementPeriod
	capKr                      int64 // 0: set from the claims (capShare of what they could earn)
	capSharePct                int
	cohort                     int
	deadweight                 int
	outcomes                   []samspil.Outcome
	participants               int
	enrolMonths                int // participants are enrolled over this many months from the start
	prefix                     string
	seed                       uint64
	chance                     pbrChance
	pendingDays                int  // claims achieved in the last days are not decided yet
	anomalies                  bool // missing prerequisites, a duplicate and a rejection
	draftStatement             bool // the last due statement stays a draft
	amendNote                  string
	amend                      func(t *samspil.ContractTerms)
	amendBy                    samspil.ContractSide
	amendApproved              bool
	tenderTitle                string // the contract came from this demo tender
}

func ip(n int) *int { return &n }

// The rate-card lines the demo contracts share, with their Danish
// definitions of evidence; prices and targets are set per contract.
func outcomeJobStart(priceKr int64, target int) samspil.Outcome {
	return samspil.Outcome{Code: "JOB_START", Description: "Start i ordinær beskæftigelse på mindst 15 timer om ugen",
		Evidence: "Underskrevet ansættelseskontrakt og første lønseddel. Løntilskud og fleksjob tæller ikke.",
		PriceOre: priceKr * 100, PerParticipantLimit: 1, WindowDays: ip(365), TargetCount: target, Requires: []string{}}
}

func outcomeJob13(priceKr int64, target int) samspil.Outcome {
	return samspil.Outcome{Code: "JOB13", Description: "Ordinær beskæftigelse i 13 sammenhængende uger",
		Evidence: "Lønsedler for 13 sammenhængende uger med mindst 15 timer om ugen, eller udtræk fra eIndkomst.",
		PriceOre: priceKr * 100, PerParticipantLimit: 1, Requires: []string{"JOB_START"}, WindowDays: ip(548), TargetCount: target}
}

func outcomeJob26(priceKr int64, target int) samspil.Outcome {
	return samspil.Outcome{Code: "JOB26", Description: "Ordinær beskæftigelse i 26 sammenhængende uger",
		Evidence: "Lønsedler for 26 sammenhængende uger med mindst 15 timer om ugen, eller udtræk fra eIndkomst.",
		PriceOre: priceKr * 100, PerParticipantLimit: 1, Requires: []string{"JOB13"}, WindowDays: ip(730), TargetCount: target}
}

func outcomeEduStart(priceKr int64, target int) samspil.Outcome {
	return samspil.Outcome{Code: "EDU_START", Description: "Start på en ordinær uddannelse (erhvervsuddannelse, FGU eller gymnasial uddannelse)",
		Evidence: "Optagelsesbrev og skolens bekræftelse af fremmøde fire uger efter start.",
		PriceOre: priceKr * 100, PerParticipantLimit: 1, WindowDays: ip(365), TargetCount: target, Requires: []string{}}
}

var pbrSpecs = []pbrSpec{
	{
		key: "lolland", commissioner: "kommune:0360", commissionBy: "frederik.holt@lolland.kommune.example",
		provider: "Lolland Genbyg", providerBy: "mads.rye@lolland-genbyg.example",
		title: "Fra ledighed til job i genbyggeriet",
		summary: "Lolland Kommune betaler Lolland Genbyg for hver borger, der kommer i ordinært job eller uddannelse efter et forløb i genbrugsbyggeriet.\n\n" +
			"Forløbet er praktisk arbejde med nedtagning og salg af byggematerialer, en fast kontaktperson og jobsøgning fra første uge. " +
			"Kommunen betaler kun for resultater, der er dokumenteret med lønsedler eller optagelsesbreve.",
		group: "udsatte_ledige", stage: pbrActive, startMonths: 15, years: 3, period: samspil.PeriodQuarter,
		capKr: 3_600_000, cohort: 80, deadweight: 20,
		outcomes:     []samspil.Outcome{outcomeJobStart(15_000, 40), outcomeJob13(25_000, 30), outcomeJob26(35_000, 20), outcomeEduStart(20_000, 10)},
		participants: 64, enrolMonths: 12, prefix: "D-", seed: 6001,
		chance:      pbrChance{job: 520, job13: 700, job26: 650, edu: 160},
		pendingDays: 40, anomalies: true, draftStatement: true,
		amendNote: "Tillæg 1: Prisen for 26 ugers beskæftigelse hæves fra 35.000 til 40.000 kr., fordi de sidste uger kræver mest opfølgning hos arbejdsgiverne. " +
			"Vinduet for uddannelsesstart udvides til 18 måneder, så deltagere kan starte efter sommerferien.",
		amend: func(t *samspil.ContractTerms) {
			t.Outcome("JOB26").PriceOre = 40_000 * 100
			t.Outcome("EDU_START").WindowDays = ip(548)
		},
		amendBy: samspil.SideCommissioner, amendApproved: true,
	},
	{
		key: "odense", commissioner: "kommune:0461", commissionBy: "ida.moos@odense.kommune.example",
		provider: "Odense Datatest", providerBy: "rune.dalgaard@odense-datatest.example",
		investor: "Fonden Bro til Arbejde", investorBy: "birgitte.holm@fonden-bro-til-arbejde.example",
		title: "Specialister i job: softwaretest for psykisk sårbare",
		summary: "Odense Datatest oplærer psykisk sårbare borgere, mange med autisme eller ADHD, som softwaretestere og hjælper dem i ordinært job hos IT-virksomheder.\n\n" +
			"Fonden Bro til Arbejde forudbetaler forløbene og får sin investering tilbage, når Odense Kommune betaler for opnåede resultater. " +
			"Kontraktens loft er nået: kommunen betaler ikke mere end det aftalte, og parterne drøfter et tillæg.",
		group: "psykisk_saarbare", stage: pbrActive, startMonths: 18, years: 3, period: samspil.PeriodQuarter,
		capSharePct: 80, cohort: 36, deadweight: 15,
		outcomes: func() []samspil.Outcome {
			js := outcomeJobStart(30_000, 24)
			js.CapCount = ip(24)
			return []samspil.Outcome{js, outcomeJob13(45_000, 18)}
		}(),
		participants: 36, enrolMonths: 9, prefix: "S-", seed: 6002,
		chance:      pbrChance{job: 780, job13: 760},
		pendingDays: 30,
		amendNote:   "Loftet hæves med 600.000 kr., så resultater opnået efter at loftet blev nået, også kan betales. Fonden har tilsagn om den ekstra forudbetaling.",
		amend: func(t *samspil.ContractTerms) {
			t.CapOre += 600_000 * 100
		},
		amendBy: samspil.SideProvider,
	},
	{
		key: "hvidovre", commissioner: "kommune:0167", commissionBy: "louise.brandt@hvidovre.kommune.example",
		provider: "Rent & Roligt ApS", providerBy: "camilla.frost@rent-og-roligt-aps.example",
		title: "Rengøring som vej til job",
		summary: "Et toårigt forsøg, hvor Hvidovre Kommune betalte Rent & Roligt for hver borger, der fik og holdt et ordinært job efter et forløb på et rengøringshold. " +
			"Kontrakten er afsluttet, og alle opgørelser er godkendt.",
		group: "psykisk_saarbare", stage: pbrFinished, startMonths: 28, years: 2, period: samspil.PeriodQuarter,
		capKr: 1_200_000, cohort: 40, deadweight: 25,
		outcomes:     []samspil.Outcome{outcomeJobStart(12_000, 24), outcomeJob13(20_000, 16)},
		participants: 38, enrolMonths: 15, prefix: "H-", seed: 6003,
		chance: pbrChance{job: 600, job13: 650},
	},
	{
		key: "aabenraa", commissioner: "kommune:0580", commissionBy: "eva.strand@aabenraa.kommune.example",
		provider: "Haderslev Tryk & Design", providerBy: "jonas.friis@haderslev-tryk-design.example",
		title: "Unge i tryk og grafisk produktion",
		summary: "Aabenraa Kommune vil betale Haderslev Tryk & Design for unge under 30 uden uddannelse, der starter på en erhvervsuddannelse eller i ordinært job efter et forløb i trykkeriet. " +
			"Kommunen har godkendt udkastet; det afventer virksomhedens godkendelse.",
		group: "unge_uden_uddannelse", stage: pbrDraft, startMonths: -2, years: 2, period: samspil.PeriodQuarter,
		capKr: 900_000, cohort: 30, deadweight: 30,
		outcomes: []samspil.Outcome{outcomeEduStart(22_000, 12), outcomeJobStart(15_000, 10), outcomeJob13(20_000, 8)},
	},
	{
		key: "vejle", commissioner: "kommune:0630", commissionBy: "anne.moeller@vejle.kommune.example",
		provider: "Cykelhjørnet Vejle", providerBy: "soeren.kjaer@cykelhjoernet-vejle.example",
		title: "Lærlinge i cykelservicen for hjemmeplejen",
		summary: "Ved siden af aftalen om cykelservice for hjemmeplejen betaler Vejle Kommune Cykelhjørnet for hver ung fra målgruppen, der får en uddannelsesaftale som cykelmekaniker " +
			"eller et ordinært job. Kontrakten kom fra udbuddet af cykelservicen og løber i aftalens periode.",
		group: "unge_uden_uddannelse", stage: pbrActive, startMonths: -1, years: 2, period: samspil.PeriodMonth,
		capKr: 300_000, cohort: 6, deadweight: 25,
		outcomes:    []samspil.Outcome{outcomeEduStart(25_000, 4), outcomeJobStart(15_000, 2)},
		tenderTitle: "Cykelservice og reparation for hjemmeplejen",
	},
}

// PbrContracts lists the demo's outcome contracts with a person of each
// party, for the README and manual checks (all sign in with the demo
// password).
func PbrContracts() []PbrContract {
	out := make([]PbrContract, 0, len(pbrSpecs))
	for _, s := range pbrSpecs {
		st := samspil.ContractActive
		switch s.stage {
		case pbrDraft:
			st = samspil.ContractDraft
		case pbrFinished:
			st = samspil.ContractFinished
		}
		out = append(out, PbrContract{Key: s.key, Title: s.title, Status: st, Commissioner: s.commissionBy, Provider: s.providerBy, Investor: s.investorBy})
	}
	return out
}

// pbrLoader carries one run of the outcome-contract demo.
type pbrLoader struct {
	*loader
	today time.Time // the Danish date of now, as midnight UTC
	res   PbrResult
}

// dayOf is t's Danish date as midnight UTC, the form contract dates take.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(copenhagen()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// pbrToday is the earlier of now's Danish and UTC dates: no enrolment or
// claim is then dated after the store's today, whichever date it counts
// in, and no statement period is thought ended before the store thinks so.
func pbrToday(now time.Time) time.Time {
	d := dayOf(now)
	y, m, day := now.UTC().Date()
	if u := time.Date(y, m, day, 0, 0, 0, 0, time.UTC); u.Before(d) {
		return u
	}
	return d
}

// loadOutcomeContracts is the knowledge loader's step for the outcome
// contracts; like the tenders, they are timed against the system clock,
// as the store is.
func (l *loader) loadOutcomeContracts(ctx context.Context) error {
	r, err := loadOutcomeContracts(ctx, l, samspil.SystemClock())
	l.res.OutcomeContracts = r
	return err
}

func loadOutcomeContracts(ctx context.Context, l *loader, now time.Time) (PbrResult, error) {
	pl := &pbrLoader{loader: l, today: pbrToday(now)}
	for _, p := range pbrPeople {
		org, ok := l.orgs[p.org]
		if !ok {
			continue
		}
		if _, done := l.users[p.email]; done {
			continue
		}
		id, err := l.createUser(ctx, p.email, p.name)
		if err != nil {
			return pl.res, err
		}
		m := &samspil.Membership{UserID: id, OrganisationID: org.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}
		if err := l.store.CreateMembership(ctx, m); err != nil {
			return pl.res, fmt.Errorf("membership of %s: %w", p.email, err)
		}
		l.orgOf[p.email] = org.ID
	}
	for _, s := range pbrSpecs {
		if err := pl.load(ctx, s); err != nil {
			return pl.res, fmt.Errorf("outcome contract %q: %w", s.title, err)
		}
	}
	return pl.res, nil
}

// party returns the organisation and the acting person's context, ok
// false when either is not loaded.
func (pl *pbrLoader) party(ctx context.Context, org, email string) (int64, context.Context, bool) {
	ref, ok := pl.orgs[org]
	uid := pl.users[email]
	if !ok || uid == 0 || pl.orgOf[email] != ref.ID {
		return 0, nil, false
	}
	return ref.ID, samspil.WithActor(ctx, uid), true
}

// monthStart is the first day of the month months before today's month.
func (pl *pbrLoader) monthStart(months int) time.Time {
	return time.Date(pl.today.Year(), pl.today.Month()-time.Month(months), 1, 0, 0, 0, 0, time.UTC)
}

func (pl *pbrLoader) load(ctx context.Context, s pbrSpec) error {
	commID, cctx, ok1 := pl.party(ctx, s.commissioner, s.commissionBy)
	provID, pctx, ok2 := pl.party(ctx, s.provider, s.providerBy)
	if !ok1 || !ok2 {
		return nil // a smaller demo without these parties
	}
	c := &samspil.OutcomeContract{
		Title: s.title, Summary: s.summary, TargetGroup: s.group, CommissionerID: commID, ProviderID: provID,
		CreatedBy: pl.users[s.commissionBy],
		ContractTerms: samspil.ContractTerms{
			CapOre: s.capKr * 100, CohortTarget: s.cohort, StatementPeriod: s.period, DeadweightPct: s.deadweight,
			Outcomes: withSavings(s.outcomes),
		},
	}
	if s.investor != "" {
		// The investor approves nothing: it follows the numbers.
		if invID, _, ok := pl.party(ctx, s.investor, s.investorBy); ok {
			c.InvestorID = &invID
		}
	}
	c.PeriodStart = pl.monthStart(s.startMonths)
	c.PeriodEnd = c.PeriodStart.AddDate(s.years, 0, -1)
	if s.tenderTitle != "" {
		if t := pl.findTender(ctx, commID, s.tenderTitle); t != nil {
			id := t.ID
			c.TenderID = &id
			if t.Award != nil && !t.Award.ContractStart.IsZero() {
				c.PeriodStart, c.PeriodEnd = dayOf(t.Award.ContractStart), dayOf(t.Award.ContractEnd)
			}
		}
	}

	// The participants and claims are made first, in memory, so a contract
	// whose cap is set from them can be created with it.
	limit := pl.today
	if c.PeriodEnd.Before(limit) {
		limit = c.PeriodEnd
	}
	ps, claims, extra := pbrPlan(s, c, limit)
	if c.CapOre == 0 {
		c.CapOre = capFrom(c, claims, s.capSharePct)
	}

	if err := pl.store.CreateOutcomeContract(cctx, c); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	pl.res.Contracts++
	cur, err := pl.store.ApproveOutcomeContract(cctx, c.ID, samspil.SideCommissioner, c.Version)
	if err != nil {
		return fmt.Errorf("commissioner's approval: %w", err)
	}
	if s.stage == pbrDraft {
		pl.res.Drafts++
		return nil
	}
	if cur, err = pl.store.ApproveOutcomeContract(pctx, c.ID, samspil.SideProvider, cur.Version); err != nil {
		return fmt.Errorf("provider's approval: %w", err)
	}

	if len(ps) > 0 {
		if err := pl.store.EnrolParticipants(pctx, c.ID, ps); err != nil {
			return fmt.Errorf("enrol: %w", err)
		}
		pl.res.Participants += len(ps)
	}
	if err := pl.claims(cctx, pctx, s, c.ID, claims, extra); err != nil {
		return err
	}
	if err := pl.statements(cctx, pctx, s, cur); err != nil {
		return err
	}
	if s.stage == pbrFinished {
		if _, err := pl.store.FinishOutcomeContract(cctx, c.ID); err != nil {
			return fmt.Errorf("finish: %w", err)
		}
		pl.res.Finished++
		return nil
	}
	pl.res.Active++
	if s.amendNote != "" && !s.amendApproved {
		return pl.amendment(cctx, pctx, s, c.ID)
	}
	return nil
}

// findTender returns the buyer's tender with title, or nil.
func (pl *pbrLoader) findTender(ctx context.Context, buyer int64, title string) *samspil.Tender {
	ts, _, err := pl.store.FindTenders(ctx, samspil.TenderFilter{BuyerID: buyer, Statuses: []samspil.TenderStatus{samspil.TenderAwarded}, Limit: samspil.MaxPageSize})
	if err != nil {
		return nil
	}
	for _, t := range ts {
		if t.Title == title {
			full, err := pl.store.FindTenderByID(ctx, t.ID)
			if err == nil {
				return full
			}
		}
	}
	return nil
}

// pbrClaim is a planned claim and what the commissioner does with it.
type pbrClaim struct {
	claim    *samspil.Claim
	decision samspil.ClaimDecision // pending: left for the commissioner
	reason   string
}

// pbrPlan makes a contract's participants and claims from its seed: the
// participants enrolled over the first months of the period, each
// reaching the outcomes of the usual chain with the spec's chances, on
// dates no later than limit. extra are claims sent in a second batch (a
// claim sent again, which the engine marks as a duplicate).
func pbrPlan(s pbrSpec, c *samspil.OutcomeContract, limit time.Time) (ps []*samspil.Participant, claims, extra []pbrClaim) {
	if s.participants == 0 || c.PeriodStart.After(limit) {
		return nil, nil, nil
	}
	r := rand.New(rand.NewPCG(s.seed, 0x70627221))
	has := func(code string) bool { return c.Outcome(code) != nil }
	pendingFrom := limit.AddDate(0, 0, -s.pendingDays)
	if s.stage == pbrFinished {
		pendingFrom = limit.AddDate(1, 0, 0) // everything decided
	}
	span := int(c.PeriodStart.AddDate(0, s.enrolMonths, 0).Sub(c.PeriodStart).Hours() / 24)
	caseNo := 0
	evidence := func(kind string, on time.Time) string {
		caseNo++
		return fmt.Sprintf("%s, sag %d-%04d", kind, on.Year(), 100+caseNo*7)
	}
	add := func(p *samspil.Participant, code string, on time.Time, ev string) *pbrClaim {
		if on.After(limit) || on.After(c.PeriodEnd) {
			return nil
		}
		d := samspil.ClaimPending
		if on.Before(pendingFrom) {
			d = samspil.ClaimApproved
		}
		claims = append(claims, pbrClaim{claim: &samspil.Claim{Pseudonym: p.Pseudonym, OutcomeCode: code, AchievedOn: on, EvidenceRef: evidence(ev, on)}, decision: d})
		return &claims[len(claims)-1]
	}
	var noJob []*samspil.Participant // enrolled long enough, no job
	var job13Only []int              // claims index of JOB13 without JOB26 after it
	var firstJobs []int              // claims index of approved JOB_START claims
	for i := range s.participants {
		enrolled := c.PeriodStart.AddDate(0, 0, i*span/s.participants+r.IntN(5))
		if enrolled.After(limit) {
			break
		}
		p := &samspil.Participant{
			Pseudonym: fmt.Sprintf("%s%04d", s.prefix, i+1), EnrolledOn: enrolled,
			AgeBand: pbrBand(r, samspil.AgeBands, s.group), BenefitType: pbrBenefit(r, s.group),
			UnemploymentBand: samspil.UnemploymentBands[min(r.IntN(4)+r.IntN(2), len(samspil.UnemploymentBands)-1)],
		}
		ps = append(ps, p)
		roll := r.IntN(1000)
		switch {
		case has("JOB_START") && roll < s.chance.job:
			start := enrolled.AddDate(0, 0, 21+r.IntN(150))
			cl := add(p, "JOB_START", start, "Ansættelseskontrakt og første lønseddel")
			if cl == nil {
				continue
			}
			if cl.decision == samspil.ClaimApproved {
				firstJobs = append(firstJobs, len(claims)-1)
			}
			if !has("JOB13") || r.IntN(1000) >= s.chance.job13 {
				continue
			}
			w13 := start.AddDate(0, 0, 91+r.IntN(20))
			if add(p, "JOB13", w13, "Lønsedler for 13 uger") == nil {
				continue
			}
			if !has("JOB26") || r.IntN(1000) >= s.chance.job26 {
				job13Only = append(job13Only, len(claims)-1)
				continue
			}
			if add(p, "JOB26", w13.AddDate(0, 0, 91+r.IntN(14)), "Lønsedler for 26 uger") == nil {
				job13Only = append(job13Only, len(claims)-1)
			}
		case has("EDU_START") && roll < s.chance.job+s.chance.edu:
			add(p, "EDU_START", enrolled.AddDate(0, 0, 30+r.IntN(200)), "Optagelsesbrev og bekræftet fremmøde")
		default:
			if enrolled.AddDate(0, 0, 150).Before(limit) {
				noJob = append(noJob, p)
			}
		}
	}
	if !s.anomalies {
		return ps, claims, nil
	}
	// Two claims of 13 weeks' work without the job start before them: the
	// engine says missing_prerequisite; the commissioner waits.
	for _, p := range noJob[:min(2, len(noJob))] {
		if cl := add(p, "JOB13", p.EnrolledOn.AddDate(0, 0, 120), "Lønsedler for 13 uger (jobstart ikke anmeldt)"); cl != nil {
			cl.decision = samspil.ClaimPending
		}
	}
	// One claim of 13 weeks is rejected: the pay slips cover too little.
	for k := range job13Only {
		cl := &claims[job13Only[(len(job13Only)/2+k)%len(job13Only)]]
		if cl.decision == samspil.ClaimApproved {
			cl.decision = samspil.ClaimRejected
			cl.reason = "Lønsedlerne dækker kun 9 af de 13 uger: ansættelsen stoppede i uge 10. Anmeld igen, hvis personen kommer i job på ny."
			break
		}
	}
	// A job start sent again with the same date: a duplicate, pending.
	if len(firstJobs) > 0 {
		orig := claims[firstJobs[len(firstJobs)/3]].claim
		extra = append(extra, pbrClaim{claim: &samspil.Claim{Pseudonym: orig.Pseudonym, OutcomeCode: orig.OutcomeCode, AchievedOn: orig.AchievedOn,
			EvidenceRef: "Ansættelseskontrakt (sendt igen ved en fejl)"}, decision: samspil.ClaimPending})
	}
	return ps, claims, extra
}

// pbrBand draws an age band, younger for young target groups.
func pbrBand(r *rand.Rand, bands []string, group string) string {
	if group == "unge_uden_uddannelse" {
		return bands[r.IntN(2)]
	}
	return bands[min(r.IntN(3)+r.IntN(3), len(bands)-1)]
}

// pbrBenefit draws a benefit type that fits the target group.
func pbrBenefit(r *rand.Rand, group string) string {
	switch group {
	case "unge_uden_uddannelse":
		return []string{"uddannelseshjaelp", "uddannelseshjaelp", "kontanthjaelp"}[r.IntN(3)]
	case "psykisk_saarbare":
		return []string{"kontanthjaelp", "ressourceforloeb", "sygedagpenge", "ledighedsydelse"}[r.IntN(4)]
	}
	return []string{"kontanthjaelp", "kontanthjaelp", "integrationsydelse", "dagpenge", "sygedagpenge"}[r.IntN(5)]
}

// capFrom sets a cap below what the planned claims could earn, so the
// cap is crossed: share per cent of it, in whole 100,000 kroner.
func capFrom(c *samspil.OutcomeContract, claims []pbrClaim, share int) int64 {
	var sum int64
	paid := map[string]int{}
	for _, cl := range claims {
		o := c.Outcome(cl.claim.OutcomeCode)
		if o == nil || cl.decision == samspil.ClaimRejected {
			continue
		}
		if o.CapCount != nil && paid[o.Code] >= *o.CapCount {
			continue
		}
		paid[o.Code]++
		sum += o.PriceOre
	}
	const step = 100_000 * 100
	out := sum * int64(share) / 100 / step * step
	return max(out, step)
}

// withSavings links the rate card's outcomes to the seeded public-cost
// unit prices: a job saves months of cash benefit (3 at the start, 3 more
// after 13 weeks and 6 more after 26, a year in all), an education start
// six months of education benefit. Codes the seed does not have are left out.
func withSavings(outs []samspil.Outcome) []samspil.Outcome {
	out := make([]samspil.Outcome, len(outs))
	for i, o := range outs {
		o.Savings = nil
		var months int
		var want []string
		switch o.Code {
		case "JOB_START":
			months, want = 3, []string{"KONTANTHJAELP", "YDELSE"}
		case "JOB13":
			months, want = 3, []string{"KONTANTHJAELP", "YDELSE"}
		case "JOB26":
			months, want = 6, []string{"KONTANTHJAELP", "YDELSE"}
		case "EDU_START":
			months, want = 6, []string{"UDDANNELSESHJAELP", "UDDANNELSE", "KONTANTHJAELP"}
		}
		if code := unitPriceCode(want...); code != "" {
			o.Savings = []samspil.OutcomeSaving{{UnitPriceCode: code, Months: months}}
		}
		if o.Requires == nil {
			o.Requires = []string{}
		}
		out[i] = o
	}
	return out
}

// unitPriceCode returns the first seeded unit price whose code contains
// one of the wanted words (tried in order), or "".
func unitPriceCode(want ...string) string {
	prices := pbr.DefaultUnitPrices()
	for _, w := range want {
		for _, u := range prices {
			if strings.Contains(u.Code, w) {
				return u.Code
			}
		}
	}
	return ""
}

// claims submits the planned claims as the provider (a second batch for
// the claim sent again) and records the commissioner's decisions.
func (pl *pbrLoader) claims(cctx, pctx context.Context, s pbrSpec, contractID int64, plan, extra []pbrClaim) error {
	for _, batch := range [][]pbrClaim{plan, extra} {
		if len(batch) == 0 {
			continue
		}
		cs := make([]*samspil.Claim, len(batch))
		for i, b := range batch {
			cs[i] = b.claim
		}
		if err := pl.store.SubmitClaims(pctx, contractID, cs); err != nil {
			return fmt.Errorf("claims: %w", err)
		}
		pl.res.Claims += len(cs)
	}
	ids, err := pl.claimIDs(pctx, contractID, plan)
	if err != nil {
		return err
	}
	var approve []int64
	for i, b := range plan {
		switch b.decision {
		case samspil.ClaimApproved:
			approve = append(approve, ids[i])
		case samspil.ClaimRejected:
			if _, err := pl.store.DecideClaims(cctx, contractID, []int64{ids[i]}, samspil.ClaimRejected, b.reason); err != nil {
				return fmt.Errorf("reject: %w", err)
			}
		}
	}
	for len(approve) > 0 {
		n := min(len(approve), 200)
		if _, err := pl.store.DecideClaims(cctx, contractID, approve[:n], samspil.ClaimApproved, ""); err != nil {
			return fmt.Errorf("approve: %w", err)
		}
		approve = approve[n:]
	}
	return nil
}

// claimIDs returns the stored ids of the planned claims, in order: the
// ids SubmitClaims set, or else found by evidence reference (unique in
// the plan).
func (pl *pbrLoader) claimIDs(ctx context.Context, contractID int64, plan []pbrClaim) ([]int64, error) {
	ids := make([]int64, len(plan))
	missing := false
	for i, b := range plan {
		ids[i] = b.claim.ID
		missing = missing || ids[i] == 0
	}
	if !missing {
		return ids, nil
	}
	byRef := map[string]int64{}
	for off := 0; ; {
		cs, total, err := pl.store.FindClaims(ctx, samspil.ClaimFilter{ContractID: contractID, Sort: "submitted", Offset: off, Limit: samspil.MaxPageSize})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			byRef[c.Pseudonym+"|"+c.OutcomeCode+"|"+c.EvidenceRef] = c.ID
		}
		off += len(cs)
		if len(cs) == 0 || off >= total {
			break
		}
	}
	for i, b := range plan {
		ids[i] = byRef[b.claim.Pseudonym+"|"+b.claim.OutcomeCode+"|"+b.claim.EvidenceRef]
		if ids[i] == 0 {
			return nil, fmt.Errorf("claim %s %s not found after submission", b.claim.Pseudonym, b.claim.OutcomeCode)
		}
	}
	return ids, nil
}

// statements prepares the statement of every period that has ended and
// has both parties approve it; with draftStatement the last stays a
// draft, and an approved amendment takes effect just before it, so the
// draft shows its adjustment lines.
func (pl *pbrLoader) statements(cctx, pctx context.Context, s pbrSpec, c *samspil.OutcomeContract) error {
	due := 0
	for _, p := range pbr.Periods(&c.ContractTerms) {
		if p.End.Time().Before(pl.today) {
			due++
		}
	}
	for i := range due {
		last := i == due-1
		if last && s.amendApproved {
			if err := pl.amendment(cctx, pctx, s, c.ID); err != nil {
				return err
			}
		}
		st, err := pl.store.PrepareStatement(cctx, c.ID)
		if samspil.ErrorCode(err) == samspil.ECONFLICT && i > 0 {
			break // the store's clock says the last period has not ended yet
		} else if err != nil {
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
		pl.res.Statements++
		if last && s.draftStatement {
			break
		}
		if _, err := pl.store.ApproveStatement(cctx, st.ID, samspil.SideCommissioner); err != nil {
			return fmt.Errorf("commissioner approves statement %d: %w", st.Number, err)
		}
		if _, err := pl.store.ApproveStatement(pctx, st.ID, samspil.SideProvider); err != nil {
			return fmt.Errorf("provider approves statement %d: %w", st.Number, err)
		}
		pl.res.Approved++
	}
	if due == 0 && s.amendApproved {
		return pl.amendment(cctx, pctx, s, c.ID)
	}
	return nil
}

// amendment proposes the spec's change of terms for the proposing side
// and, when the spec says so, has both parties approve it.
func (pl *pbrLoader) amendment(cctx, pctx context.Context, s pbrSpec, contractID int64) error {
	c, err := pl.store.FindOutcomeContractByID(cctx, contractID)
	if err != nil {
		return err
	}
	terms := c.ContractTerms
	terms.Outcomes = make([]samspil.Outcome, len(c.Outcomes))
	for i, o := range c.Outcomes {
		o.Requires = append([]string{}, o.Requires...)
		o.Savings = append([]samspil.OutcomeSaving(nil), o.Savings...)
		terms.Outcomes[i] = o
	}
	s.amend(&terms)
	actx := cctx
	if s.amendBy == samspil.SideProvider {
		actx = pctx
	}
	a := &samspil.ContractAmendment{ContractID: contractID, Note: s.amendNote, Terms: terms, ProposedBySide: s.amendBy}
	if err := pl.store.ProposeAmendment(actx, a); err != nil {
		return fmt.Errorf("propose amendment: %w", err)
	}
	pl.res.Amendments++
	if !s.amendApproved {
		return nil
	}
	if _, err := pl.store.ApproveAmendment(cctx, a.ID, samspil.SideCommissioner); err != nil {
		return fmt.Errorf("commissioner approves amendment: %w", err)
	}
	if _, err := pl.store.ApproveAmendment(pctx, a.ID, samspil.SideProvider); err != nil {
		return fmt.Errorf("provider approves amendment: %w", err)
	}
	return nil
}
