package demo

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// OrgRef is what the opportunity generator needs to know about a stored
// organisation: enough to let it post a fitting opportunity.
type OrgRef struct {
	ID           int64
	Name         string
	Kind         samspil.OrgKind
	Municipality string
	CPVCodes     []string
	TargetGroups []string
}

// RefOf returns the OrgRef of a stored organisation.
func RefOf(o *samspil.Organisation) OrgRef {
	return OrgRef{ID: o.ID, Name: o.Name, Kind: o.Kind, Municipality: o.MunicipalityCode, CPVCodes: o.CPVCodes, TargetGroups: o.TargetGroups}
}

// oppSpec is one hand-written demo opportunity. poster is an organisation
// name from the hand-written organisations or "kommune:KODE" for a
// municipality's own organisation.
type oppSpec struct {
	poster    string
	kind      samspil.OpportunityKind
	title     string
	desc      string
	codes     []string // CPV codes, or expertise areas for mentoring kinds
	groups    []string
	muni      string // "" : the poster's municipality
	radius    int
	volume    int
	valueKr   int64
	deadline  int // days after the load; 0: no deadline
	postedAgo int // days before the load
}

// HandwrittenOpportunity is a hand-written opportunity with its poster
// resolved: Interested lists organisations (by name) that express
// interest; the first of them is accepted when Accept is set.
type HandwrittenOpportunity struct {
	Opportunity *samspil.Opportunity
	Interested  []string
	Accept      bool
}

// interestsFor: opportunity title -> interested organisations; the marked
// one is accepted.
var interestsFor = map[string]struct {
	orgs   []string
	accept bool
}{
	"Frokostordning til fire daginstitutioner i Køge":  {[]string{"Køge Bugt Catering", "Havnekøkkenet Helsingør"}, true},
	"Rengøring af tre skoler i Frederiksberg Kommune":  {[]string{"Rent & Roligt ApS"}, false},
	"Tilgængelighedstest af kommunens selvbetjening":   {[]string{"Testværket", "Odense Datatest"}, false},
	"Mentor i økonomistyring til en ung socialøkonomi": {[]string{"Café Havnelyset"}, false},
}

// CompletedPartnership is a finished collaboration between two
// hand-written organisations, for track record.
type CompletedPartnership struct {
	Title        string
	Model        samspil.CollaborationModel
	Owner, Party string // organisation names
	MonthsAgo    int    // completed this many months before the load
}

// CompletedPartnerships are the demo's track record.
var CompletedPartnerships = []CompletedPartnership{
	{"Vask af linned til plejecentre i Hvidovre 2024", samspil.ModelReserveretKontrakt, "kommune:0167", "Vaskeriet ved Vestvolden", 7},
	{"Cykelservice for hjemmeplejen i Vejle", samspil.ModelIndkob, "kommune:0630", "Cykelhjørnet Vejle", 4},
	{"Test af borgerportal med autistiske testere", samspil.ModelPilot, "Kode & Kaffe ApS", "Odense Datatest", 10},
	{"Grøn pleje af boligområder med sociale klausuler", samspil.ModelSocialKlausul, "Næstved Ejendomsservice A/S", "Guldborgsund Grønt", 2},
}

var handwrittenOpps = []oppSpec{
	// indkøbsbehov: municipalities buy from SØV
	{"kommune:0259", samspil.OppIndkobsbehov, "Frokostordning til fire daginstitutioner i Køge",
		"Køge Kommune søger en leverandør af sund frokost til cirka 240 børn i fire daginstitutioner fra 1. marts. Maden skal laves fra bunden, og vi lægger vægt på, at leverandøren skaber arbejdspladser for ledige. Kontrakten kan reserveres efter udbudslovens § 20.",
		[]string{"55524000-9", "55520000-1"}, []string{"udsatte_ledige"}, "", 30, 240, 1_400_000, 21, 3},
	{"kommune:0147", samspil.OppIndkobsbehov, "Rengøring af tre skoler i Frederiksberg Kommune",
		"Vi søger en socialøkonomisk leverandør til daglig rengøring af tre folkeskoler, i alt 18.000 m². Faste teams og mulighed for fleksjob er et plus. Opstart efter sommerferien.",
		[]string{"90911200-8", "90919200-4"}, []string{"psykisk_saarbare", "handicap"}, "", 15, 18, 2_600_000, 35, 6},
	{"kommune:0101", samspil.OppIndkobsbehov, "Istandsættelse af efterladte cykler fra kommunale cykelkældre",
		"Københavns Kommune har hvert år omkring 3.000 efterladte cykler. Vi søger en partner, der henter, istandsætter og videresælger dem, gerne med praktikpladser til unge uden uddannelse.",
		[]string{"50000000-5", "34430000-0"}, []string{"unge_uden_uddannelse"}, "", 20, 3000, 450_000, 28, 2},
	{"kommune:0461", samspil.OppIndkobsbehov, "Tilgængelighedstest af kommunens selvbetjening",
		"Odense Kommune skal have testet 12 selvbetjeningsløsninger efter WCAG 2.1 AA før lancering. Vi søger testere med særlig sans for detaljer og en rapport med konkrete forbedringer.",
		[]string{"72820000-4", "72810000-1"}, []string{"handicap"}, "", 0, 12, 380_000, 42, 9},
	{"kommune:0561", samspil.OppIndkobsbehov, "Vask af arbejdstøj for kommunens vej og park",
		"Esbjerg Kommune søger et vaskeri, der kan hente, vaske og levere arbejdstøj til 160 medarbejdere hver uge. Leverandøren skal kunne dokumentere miljømærkede vaskemidler.",
		[]string{"98311000-6", "98315000-4"}, []string{"udsatte_ledige", "flygtninge_indvandrere"}, "", 40, 160, 520_000, 30, 12},
	{"kommune:0751", samspil.OppIndkobsbehov, "Pleje af grønne områder ved 20 boligsociale afdelinger",
		"Aarhus Kommune og boligorganisationerne søger en grøn leverandør til græsslåning, hækklipning og vintertjeneste. Vi ønsker en social klausul om ansættelse af beboere uden for arbejdsmarkedet.",
		[]string{"77310000-6", "77314000-4", "90620000-9"}, []string{"udsatte_ledige", "misbrug"}, "", 25, 20, 1_900_000, 45, 5},
	{"kommune:0851", samspil.OppIndkobsbehov, "Mødeforplejning til rådhuset i Aalborg",
		"Aalborg Kommune søger en café eller et køkken, der leverer kaffe, frugt og frokost til møder på rådhuset, cirka 120 kuverter om ugen.",
		[]string{"55520000-1", "55330000-2"}, []string{"psykisk_saarbare"}, "", 10, 120, 300_000, 18, 1},
	{"kommune:0360", samspil.OppIndkobsbehov, "Genbrug af byggematerialer fra nedrivning af Nakskov Skole",
		"Lolland Kommune river en skole ned og vil have døre, vinduer, tømmer og inventar taget ned og sorteret til genbrug. Opgaven løber over fire måneder.",
		[]string{"90514000-3", "90500000-2"}, []string{"udsatte_ledige"}, "", 50, 0, 750_000, 26, 8},
	{"kommune:0621", samspil.OppIndkobsbehov, "Tryk af kommunens pjecer og plakater",
		"Kolding Kommune søger et trykkeri til cirka 80 opgaver om året: pjecer, plakater og rapporter, gerne med kuvertering og forsendelse.",
		[]string{"79810000-5", "79820000-8"}, nil, "", 60, 80, 280_000, 40, 14},

	// jobbehov: companies' labour needs
	{"Nordhavn Byg A/S", samspil.OppJobbehov, "Seks praktikpladser på byggeplads i Nordhavn",
		"Vi har plads til seks ledige eller unge i virksomhedspraktik som hjælpere på vores byggepladser. Der er en fast mentor på hver plads, og gode forløb kan føre til en lærlingeplads.",
		[]string{"45000000-7", "45210000-2"}, []string{"unge_uden_uddannelse", "udsatte_ledige"}, "", 30, 6, 0, 60, 4},
	{"Vestegnens Facility Service A/S", samspil.OppJobbehov, "Fleksjob i rengøring og kantine",
		"Vi søger fire medarbejdere i fleksjob til rengøring og kantine på kontorer i Taastrup. Arbejdstiden tilrettelægges efter skånehensyn.",
		[]string{"90911200-8", "55510000-8"}, []string{"handicap", "psykisk_saarbare"}, "", 20, 4, 0, 30, 7},
	{"Sjællandsk Transport og Lager A/S", samspil.OppJobbehov, "Lagermedarbejdere i løntilskud",
		"Vi har tre stillinger på lageret til ledige i løntilskud med mulighed for truckcertifikat. Vi samarbejder gerne med en socialøkonomisk virksomhed om forløbet.",
		[]string{"63120000-6", "63100000-0"}, []string{"udsatte_ledige", "tidligere_indsatte"}, "", 40, 3, 0, 25, 10},
	{"Fynske Fødevarer A/S", samspil.OppJobbehov, "Pakkeri søger hold fra socialøkonomisk virksomhed",
		"Vi søger et fast hold på fire til seks personer til pakning af salater tre dage om ugen, gerne med egen arbejdsleder fra en socialøkonomisk virksomhed.",
		[]string{"15894000-1", "15800000-6"}, []string{"handicap", "flygtninge_indvandrere"}, "", 50, 6, 0, 35, 2},
	{"Kode & Kaffe ApS", samspil.OppJobbehov, "To udviklere i fleksjob",
		"Vi søger to udviklere med autisme eller ADHD i fleksjob, 15-25 timer om ugen. Erfaring med web eller test er en fordel.",
		[]string{"72200000-7", "72260000-5"}, []string{"handicap"}, "", 0, 2, 0, 45, 11},
	{"Esbjerg Havnelogistik A/S", samspil.OppJobbehov, "Praktik for nytilkomne på havnen",
		"Vi tilbyder fem praktikpladser i godshåndtering til flygtninge og indvandrere med fagdansk undervejs.",
		[]string{"63100000-0", "60100000-9"}, []string{"flygtninge_indvandrere"}, "", 30, 5, 0, 50, 16},

	// ydelse: SØV offer goods and services
	{"Café Lyspunktet Nørrebro", samspil.OppYdelse, "Mødeforplejning og frokost til virksomheder på Nørrebro",
		"Vi leverer kaffe, morgenbrød og frokost til møder fra 10 til 80 personer. Alt laves fra bunden i vores café, hvor psykisk sårbare arbejder sammen med faste kokke.",
		[]string{"55520000-1", "55320000-9"}, []string{"psykisk_saarbare"}, "", 10, 80, 0, 0, 5},
	{"Testværket", samspil.OppYdelse, "Tilgængelighedstest efter WCAG",
		"Vi tester hjemmesider og selvbetjening for tilgængelighed og brugervenlighed. Vores testere har autisme og finder fejl, andre overser.",
		[]string{"72820000-4", "72150000-1"}, []string{"handicap"}, "", 0, 6, 0, 0, 20},
	{"Lolland Genbyg", samspil.OppYdelse, "Nedtagning og salg af genbrugsmaterialer",
		"Vi tager døre, vinduer, tømmer og inventar ned ved renoveringer og nedrivninger og sælger det videre. Vi dokumenterer mængderne til jeres cirkulære regnskab.",
		[]string{"90514000-3", "90513000-6"}, []string{"udsatte_ledige"}, "", 80, 12, 0, 0, 9},
	{"Vestkystens Vaskeri", samspil.OppYdelse, "Vask af linned og arbejdstøj med afhentning",
		"Vi henter, vasker og leverer linned og arbejdstøj for plejecentre, hoteller og virksomheder i Sydvestjylland.",
		[]string{"98310000-9", "98311000-6"}, []string{"udsatte_ledige", "flygtninge_indvandrere"}, "", 60, 10, 0, 0, 13},
	{"Snedkeriet Spånen", samspil.OppYdelse, "Højbede og legepladser i genbrugstræ",
		"Vi bygger højbede, bænke og legeredskaber til skoler og daginstitutioner, og vi reparerer møbler.",
		[]string{"45421000-4", "39150000-8"}, []string{"tidligere_indsatte", "unge_uden_uddannelse"}, "", 70, 8, 0, 0, 17},
	{"Aalborg Cykelbørs", samspil.OppYdelse, "Mobil cykelservice til arbejdspladser",
		"Vi kommer ud på arbejdspladsen og servicerer medarbejdernes og firmaets cykler en fast dag om måneden.",
		[]string{"50000000-5", "50800000-3"}, []string{"hjemloese", "misbrug"}, "", 25, 10, 0, 0, 6},

	// partnerskab: calls for partners
	{"kommune:0265", samspil.OppPartnerskab, "Partnere til socialøkonomisk laboratorium om cirkulær økonomi",
		"Roskilde Kommune vil i et laboratorium over et år afprøve, hvordan kasserede møbler og cykler kan blive til job. Vi søger socialøkonomiske virksomheder og virksomheder med lyst til at eksperimentere.",
		[]string{"39100000-3", "50000000-5", "90514000-3"}, []string{"udsatte_ledige", "unge_uden_uddannelse"}, "", 60, 5, 0, 50, 4},
	{"Fonden Bro til Arbejde", samspil.OppPartnerskab, "Pilotprojekt: betaling efter resultat for job til udsatte ledige",
		"Fonden søger en kommune og to socialøkonomiske virksomheder til et pilotprojekt med resultatbaseret afregning. Fonden dækker risikoen det første år.",
		[]string{"79600000-0", "79620000-6"}, []string{"udsatte_ledige", "psykisk_saarbare"}, "", 150, 3, 0, 70, 15},
	{"Nordhavn Byg A/S", samspil.OppPartnerskab, "Sociale klausuler i praksis på skolerenovering",
		"Vi søger socialøkonomiske underleverandører til rengøring og affaldssortering på en treårig skolerenovering.",
		[]string{"45453000-7", "90911200-8", "90514000-3"}, []string{"udsatte_ledige"}, "", 30, 3, 0, 40, 8},
	{"Grønne Hænder Nordsjælland", samspil.OppPartnerskab, "Fælles byd på grøn drift i Nordsjælland",
		"Vi vil gerne byde på større kontrakter om grøn drift sammen med en eller to andre socialøkonomiske virksomheder eller en privat partner.",
		[]string{"77310000-6", "77340000-5"}, []string{"misbrug"}, "", 50, 2, 0, 55, 19},

	// mentor_tilbud: company leaders mentor SØV
	{"Kolding Softwarehus ApS", samspil.OppMentorTilbud, "Mentor i digitalisering og drift",
		"Vores direktør tilbyder to timer om måneden til en socialøkonomisk leder, der vil digitalisere fakturering, vagtplaner eller kundekontakt.",
		[]string{"digitalisering"}, nil, "", 100, 2, 0, 0, 12},
	{"Aarhus Anlæg & Beton A/S", samspil.OppMentorTilbud, "Mentor i økonomistyring til en ung socialøkonomi",
		"Vores økonomichef har 25 års erfaring og vil gerne være sparringspartner for en socialøkonomisk virksomhed i vækst: budget, likviditet og tilbudsberegning.",
		[]string{"okonomi"}, nil, "", 0, 3, 0, 0, 3},
	{"Mentorfællesskabet Midt", samspil.OppMentorTilbud, "Erfarne ledere tilbyder bestyrelsesarbejde",
		"Tre pensionerede direktører tilbyder at sidde i bestyrelsen eller et advisory board for en socialøkonomisk virksomhed i Midtjylland.",
		[]string{"bestyrelse", "hr_ledelse"}, nil, "", 80, 3, 0, 0, 22},

	// mentor_behov: SØV ask for competence lift
	{"Café Havnelyset", samspil.OppMentorBehov, "Hjælp til salg og markedsføring af catering",
		"Vi vil gerne sælge mere catering til virksomheder og søger en mentor med erfaring i B2B-salg og markedsføring.",
		[]string{"salg_marketing"}, nil, "", 60, 2, 0, 45, 6},
	{"Odense Datatest", samspil.OppMentorBehov, "Sparring om effektmåling",
		"Vi vil dokumentere vores sociale effekt bedre over for kunder og kommuner og søger en mentor med erfaring i effektmåling.",
		[]string{"effektmaaling"}, nil, "", 0, 2, 0, 40, 10},
	{"Lolland Genbyg", samspil.OppMentorBehov, "Jurist søges til kontrakter om genbrugsmaterialer",
		"Vi har brug for sparring om ansvar og garanti, når vi sælger genbrugte byggematerialer til entreprenører.",
		[]string{"jura"}, nil, "", 0, 1, 0, 30, 2},
}

// HandwrittenOpportunities returns the hand-written demo opportunities,
// posted by the organisations in byName (stored organisations by name;
// municipality organisations as "kommune:KODE"). Deadlines and posting
// times are relative to now. Opportunities whose poster is missing (a
// smaller demo) are left out.
func HandwrittenOpportunities(byName map[string]OrgRef, now time.Time) []HandwrittenOpportunity {
	var out []HandwrittenOpportunity
	for _, s := range handwrittenOpps {
		ref, ok := byName[s.poster]
		if !ok {
			continue
		}
		o := fromOppSpec(s, ref, now)
		h := HandwrittenOpportunity{Opportunity: o}
		if in, ok := interestsFor[s.title]; ok {
			h.Interested, h.Accept = in.orgs, in.accept
		}
		out = append(out, h)
	}
	return out
}

func fromOppSpec(s oppSpec, ref OrgRef, now time.Time) *samspil.Opportunity {
	muni := s.muni
	if muni == "" {
		muni = ref.Municipality
	}
	o := &samspil.Opportunity{
		OrganisationID: ref.ID, OrganisationName: ref.Name, Kind: s.kind, Title: s.title, Description: s.desc,
		TargetGroups: append([]string{}, s.groups...), MunicipalityCode: muni, RadiusKm: s.radius,
		Volume: s.volume, EstimatedValueOre: s.valueKr * 100, Status: samspil.OppOpen,
		CPVCodes: []string{}, ExpertiseAreas: []string{},
		CreatedAt: now.Add(-time.Duration(s.postedAgo)*24*time.Hour - time.Duration(len(s.title))*time.Minute),
	}
	if s.kind.UsesExpertise() {
		o.ExpertiseAreas = append(o.ExpertiseAreas, s.codes...)
	} else {
		o.CPVCodes = append(o.CPVCodes, s.codes...)
	}
	if s.deadline > 0 {
		o.Deadline = deadlineAt(now, s.deadline)
	}
	return o
}

// deadlineAt is the end of the day days after now, in Danish time.
func deadlineAt(now time.Time, days int) *time.Time {
	loc := copenhagen()
	d := now.In(loc).AddDate(0, 0, days)
	end := time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, loc).UTC()
	return &end
}

func copenhagen() *time.Location {
	if loc, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}

// tradeByCode finds a trade from an organisation's first CPV code.
var tradeByCode = func() map[string]string {
	m := map[string]string{}
	for _, group := range [][]string{sovTrades, companyTrades, otherTrades} {
		for _, k := range group {
			if _, ok := m[trades[k].cpv[0]]; !ok {
				m[trades[k].cpv[0]] = k
			}
		}
	}
	return m
}()

// needPhrases say what a buyer needs from a trade, for generated titles:
// "<phrase> i <place>".
var needPhrases = map[string][]string{
	"cafe":          {"Mødeforplejning", "Kaffe og frokost til møder"},
	"cykel":         {"Service af cykelflåde", "Istandsættelse af efterladte cykler"},
	"rengoring":     {"Rengøring af daginstitutioner", "Rengøring af kontorer", "Vinduespudsning på skoler"},
	"groen":         {"Pleje af grønne områder", "Vintertjeneste og snerydning", "Hækklipning ved boligområder"},
	"vaskeri":       {"Vask af linned til plejecentre", "Vask af arbejdstøj"},
	"catering":      {"Frokostordning til skoler", "Kantinedrift", "Mad til arrangementer"},
	"ittest":        {"Test af selvbetjeningsløsninger", "Tilgængelighedstest af hjemmesider"},
	"genbrug":       {"Brugte møbler til boliger", "Genbrug af inventar"},
	"snedker":       {"Højbede og legeredskaber", "Reparation af skolemøbler"},
	"genanvendelse": {"Sortering af byggeaffald", "Genbrug af byggematerialer"},
	"omsorg":        {"Praktisk hjælp til ældre", "Ledsagelse af borgere"},
	"tryk":          {"Tryk af pjecer og plakater", "Kuvertering og forsendelse"},
	"bageri":        {"Morgenbrød til møder", "Brød til plejecentre"},
	"flytning":      {"Flytning af kontorer", "Opmagasinering af inventar"},
	"maler":         {"Maling af skoler", "Istandsættelse af boliger"},
}

// offerPhrases say what a poster offers or works with, for generated
// titles of the other kinds.
var offerPhrases = map[string]string{
	"cafe": "café og mødeforplejning", "cykel": "cykelværksted", "rengoring": "rengøring", "groen": "grøn drift",
	"vaskeri": "vaskeri", "catering": "køkken og kantine", "ittest": "softwaretest", "genbrug": "genbrugsbutik",
	"snedker": "snedkeri", "genanvendelse": "genanvendelse", "omsorg": "omsorg og praktisk hjælp", "tryk": "trykkeri",
	"bageri": "bageri", "flytning": "flytning og transport", "maler": "malerarbejde", "byg": "byggeri",
	"facility": "facility service", "it": "it-udvikling", "logistik": "lager og logistik", "foedevare": "fødevareproduktion",
	"detail": "handel og lager", "el": "el-installation", "forening": "frivilligt arbejde", "fond": "rådgivning",
	"uddannelse": "undervisning", "beskaeftigelse": "mentorstøtte",
}

var expertiseNames = map[string]string{
	"okonomi": "økonomi og finansiering", "salg_marketing": "salg og markedsføring", "hr_ledelse": "HR og ledelse",
	"bestyrelse": "bestyrelsesarbejde", "effektmaaling": "effektmåling", "digitalisering": "digitalisering", "jura": "jura",
}

// OpportunitySeq yields m generated opportunities posted by organisations
// from refs, each of a kind its poster may post, with CPV codes from the
// poster's trade (or, for a municipality's procurement need, from a trade
// of the SØV it looks for), the poster's target groups, a deadline within
// the next 1–120 days and a posting time within the last 60 days of now.
// The same m, seed, refs and now give the same opportunities.
func OpportunitySeq(m int, seed int64, refs []OrgRef, now time.Time) iter.Seq[*samspil.Opportunity] {
	return func(yield func(*samspil.Opportunity) bool) {
		byKind := map[samspil.OpportunityKind][]int{}
		for i, r := range refs {
			for _, k := range samspil.OpportunityKinds {
				if k.CanBePostedBy(r.Kind) {
					byKind[k] = append(byKind[k], i)
				}
			}
		}
		var kinds []samspil.OpportunityKind
		for _, k := range samspil.OpportunityKinds {
			if len(byKind[k]) > 0 {
				kinds = append(kinds, k)
			}
		}
		if len(kinds) == 0 {
			return
		}
		// Procurement needs and SØV offers are the bulk of a real board.
		weights := map[samspil.OpportunityKind]int{
			samspil.OppIndkobsbehov: 30, samspil.OppJobbehov: 20, samspil.OppYdelse: 25,
			samspil.OppPartnerskab: 10, samspil.OppMentorTilbud: 8, samspil.OppMentorBehov: 7,
		}
		total := 0
		for _, k := range kinds {
			total += weights[k]
		}
		r := rand.New(rand.NewPCG(uint64(seed), 0x4f5050))
		munis := map[string]string{}
		for _, mu := range refdata.Municipalities() {
			munis[mu.Code] = mu.Name
		}
		for i := 0; i < m; i++ {
			p := r.IntN(total)
			kind := kinds[0]
			for _, k := range kinds {
				if p < weights[k] {
					kind = k
					break
				}
				p -= weights[k]
			}
			list := byKind[kind]
			ref := refs[list[r.IntN(len(list))]]
			if !yield(generateOpp(r, kind, ref, munis, now, i)) {
				return
			}
		}
	}
}

func generateOpp(r *rand.Rand, kind samspil.OpportunityKind, ref OrgRef, munis map[string]string, now time.Time, i int) *samspil.Opportunity {
	place := inPlace(munis[ref.Municipality])
	trade := ""
	if len(ref.CPVCodes) > 0 {
		trade = tradeByCode[ref.CPVCodes[0]]
	}
	o := &samspil.Opportunity{
		OrganisationID: ref.ID, OrganisationName: ref.Name, Kind: kind, MunicipalityCode: ref.Municipality,
		Status: samspil.OppOpen, CPVCodes: []string{}, ExpertiseAreas: []string{}, TargetGroups: []string{},
		RadiusKm:  []int{0, 15, 25, 40, 60, 100}[r.IntN(6)],
		CreatedAt: now.Add(-time.Duration(r.IntN(60*24*60)) * time.Minute),
	}
	if r.IntN(5) > 0 {
		o.Deadline = deadlineAt(now, 1+r.IntN(120))
	}
	groups := ref.TargetGroups
	if len(groups) == 0 {
		groups = pickGroups(r, 1)
	}
	o.TargetGroups = append(o.TargetGroups, groups[:1+r.IntN(len(groups))]...)
	switch kind {
	case samspil.OppIndkobsbehov:
		t := sovTrades[r.IntN(len(sovTrades))]
		o.CPVCodes = pickCPV(r, trades[t].cpv)
		need := pick(r, needPhrases[t])
		o.Title = fmt.Sprintf("%s %s", need, place)
		o.Description = fmt.Sprintf("%s søger en socialøkonomisk leverandør: %s. Vi lægger vægt på, at opgaven skaber arbejdspladser for %s, og kontrakten kan reserveres efter udbudslovens § 20.",
			ref.Name, lowerFirst(need), strings.ToLower(targetGroupName(o.TargetGroups[0])))
		o.Volume = 5 + r.IntN(300)
		o.EstimatedValueOre = int64(50+r.IntN(3000)) * 1000 * 100
	case samspil.OppJobbehov:
		o.CPVCodes = cpvOrDefault(r, ref, trade)
		o.Volume = 1 + r.IntN(8)
		what := []string{"praktikpladser", "job i løntilskud", "fleksjob", "lærepladser"}[r.IntN(4)]
		o.Title = fmt.Sprintf("%d %s inden for %s %s", o.Volume, what, offerPhrase(trade), place)
		o.Description = fmt.Sprintf("%s tilbyder %s til %s med en fast mentor på arbejdspladsen. Vi samarbejder gerne med en socialøkonomisk virksomhed om forløbet.",
			ref.Name, what, strings.ToLower(targetGroupName(o.TargetGroups[0])))
	case samspil.OppYdelse:
		o.CPVCodes = cpvOrDefault(r, ref, trade)
		o.Volume = 2 + r.IntN(40)
		o.Title = fmt.Sprintf("Vi tilbyder %s %s", offerPhrase(trade), place)
		o.Description = fmt.Sprintf("%s %s. Opgaverne løses af medarbejdere fra målgruppen %s med faste rammer og en kontaktperson for kunden.",
			ref.Name, tradeActivity(trade), strings.ToLower(targetGroupName(o.TargetGroups[0])))
	case samspil.OppPartnerskab:
		o.CPVCodes = cpvOrDefault(r, ref, trade)
		o.Volume = 2 + r.IntN(4)
		o.Title = fmt.Sprintf("Partnere søges til pilotprojekt om %s %s", offerPhrase(trade), place)
		o.Description = fmt.Sprintf("%s vil afprøve nye måder at skabe job på inden for %s og søger partnere blandt kommuner, virksomheder og socialøkonomiske virksomheder.",
			ref.Name, offerPhrase(trade))
	case samspil.OppMentorTilbud, samspil.OppMentorBehov:
		area := samspil.ExpertiseAreas[r.IntN(len(samspil.ExpertiseAreas))]
		o.ExpertiseAreas = []string{area}
		o.Volume = 1 + r.IntN(4)
		if kind == samspil.OppMentorTilbud {
			o.Title = fmt.Sprintf("Mentor i %s tilbydes %s", expertiseNames[area], place)
			o.Description = fmt.Sprintf("En leder fra %s tilbyder %d timers sparring om måneden i %s til en socialøkonomisk virksomhed.", ref.Name, o.Volume, expertiseNames[area])
		} else {
			o.Title = fmt.Sprintf("Vi søger en mentor i %s", expertiseNames[area])
			o.Description = fmt.Sprintf("%s ønsker sparring i %s, cirka %d timer om måneden, fra en erfaren leder.", ref.Name, expertiseNames[area], o.Volume)
		}
		o.TargetGroups = []string{}
	}
	if o.Title == "" {
		o.Title = fmt.Sprintf("Opgave %d", i+1)
	}
	return o
}

func cpvOrDefault(r *rand.Rand, ref OrgRef, trade string) []string {
	if len(ref.CPVCodes) > 0 {
		return pickCPV(r, ref.CPVCodes)
	}
	if t, ok := trades[trade]; ok {
		return pickCPV(r, t.cpv)
	}
	return pickCPV(r, trades["beskaeftigelse"].cpv)
}

func offerPhrase(trade string) string {
	if p, ok := offerPhrases[trade]; ok {
		return p
	}
	return "offentlige opgaver"
}

func tradeActivity(trade string) string {
	if t, ok := trades[trade]; ok {
		return t.activity
	}
	return "løser opgaver for kommuner og virksomheder"
}

// lowerFirst lower-cases the first letter, for a phrase used mid-sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
