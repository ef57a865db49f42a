package demo

// trade is a line of business: what the organisation sells (CPV codes), its
// DB07 sections and the words used to name and describe generated ones.
type trade struct {
	cpv      []string
	sectors  []string
	nouns    []string // name parts for generated organisations
	activity string   // "driver ..." clause for generated descriptions
}

// trades are the lines of business the demo uses. Every CPV code exists in
// CPV 2008 (checked by the tests against refdata).
var trades = map[string]trade{
	"cafe": {
		cpv: []string{"55330000-2", "55320000-9", "55520000-1"}, sectors: []string{"I", "Q"},
		nouns:    []string{"Café", "Kaffebar", "Frokoststue"},
		activity: "driver café med frokost, kaffe og mødeforplejning",
	},
	"cykel": {
		cpv: []string{"50000000-5", "34430000-0", "50800000-3"}, sectors: []string{"G", "S"},
		nouns:    []string{"Cykelværksted", "Cykelsmedje", "Cykelhjørne"},
		activity: "reparerer og sælger brugte cykler og servicerer cykelflåder for virksomheder og institutioner",
	},
	"rengoring": {
		cpv: []string{"90911200-8", "90919200-4", "90911300-9"}, sectors: []string{"N"},
		nouns:    []string{"Rengøring", "Rengøringsservice", "Renholdelse"},
		activity: "gør rent på kontorer, skoler og institutioner og pudser vinduer",
	},
	"groen": {
		cpv: []string{"77310000-6", "77311000-3", "77314000-4", "77340000-5", "90620000-9"}, sectors: []string{"N", "A"},
		nouns:    []string{"Grønne Service", "Have- og Parkservice", "Grønt Vedligehold"},
		activity: "passer grønne områder, klipper hække og rydder sne",
	},
	"vaskeri": {
		cpv: []string{"98310000-9", "98311000-6", "98315000-4"}, sectors: []string{"S"},
		nouns:    []string{"Vaskeri", "Vaskehus", "Linnedservice"},
		activity: "vasker, stryger og leverer linned og arbejdstøj",
	},
	"catering": {
		cpv: []string{"55520000-1", "55510000-8", "55524000-9", "55523000-2"}, sectors: []string{"I"},
		nouns:    []string{"Madhus", "Kantineservice", "Køkken"},
		activity: "laver mad til kantiner, skoler og arrangementer",
	},
	"ittest": {
		cpv: []string{"72820000-4", "72810000-1", "72150000-1", "72253000-3"}, sectors: []string{"J"},
		nouns:    []string{"Softwaretest", "Testcenter", "Datatest"},
		activity: "tester software og it-systemer grundigt og systematisk",
	},
	"genbrug": {
		cpv: []string{"39100000-3", "18000000-9", "90514000-3"}, sectors: []string{"G"},
		nouns:    []string{"Genbrugsbutik", "Genbrugsmarked", "Loppemarked"},
		activity: "sælger brugte møbler, tøj og ting og istandsætter inventar",
	},
	"snedker": {
		cpv: []string{"45421000-4", "45422000-1", "39150000-8"}, sectors: []string{"F", "C"},
		nouns:    []string{"Snedkeri", "Træværksted", "Tømrer og Snedker"},
		activity: "bygger og reparerer møbler, inventar og legepladser i træ",
	},
	"genanvendelse": {
		cpv: []string{"90514000-3", "90500000-2", "90513000-6"}, sectors: []string{"E"},
		nouns:    []string{"Genanvendelse", "Genbyg", "Ressourcecenter"},
		activity: "sorterer, adskiller og genanvender byggematerialer, møbler og elektronik",
	},
	"omsorg": {
		cpv: []string{"85312000-9", "85312400-3", "85320000-8"}, sectors: []string{"Q"},
		nouns:    []string{"Omsorgshus", "Hjemmehjælp", "Bostøtte"},
		activity: "tilbyder praktisk hjælp, ledsagelse og aktiviteter for ældre og sårbare borgere",
	},
	"tryk": {
		cpv: []string{"79800000-2", "79810000-5", "79820000-8", "22000000-0"}, sectors: []string{"C"},
		nouns:    []string{"Trykkeri", "Tryk og Design", "Print"},
		activity: "trykker pjecer, plakater og tryksager og står for opsætning og forsendelse",
	},
	"bageri": {
		cpv: []string{"15810000-9", "15812000-3", "15612500-6"}, sectors: []string{"C", "G"},
		nouns:    []string{"Bageri", "Brødværksted", "Bagehus"},
		activity: "bager brød og kager til butik, kantiner og møder",
	},
	"flytning": {
		cpv: []string{"98392000-7", "60100000-9", "63120000-6"}, sectors: []string{"H"},
		nouns:    []string{"Flytteservice", "Flyttehjælp", "Transport og Flytning"},
		activity: "flytter kontorer, institutioner og private og opmagasinerer inventar",
	},
	"maler": {
		cpv: []string{"45442100-8", "45453000-7", "45440000-3"}, sectors: []string{"F"},
		nouns:    []string{"Malerservice", "Malerværksted", "Istandsættelse"},
		activity: "maler og istandsætter boliger, skoler og kontorer",
	},
	"byg": {
		cpv: []string{"45000000-7", "45210000-2", "45453000-7", "45211000-9"}, sectors: []string{"F"},
		nouns:    []string{"Byg", "Entreprise", "Byggeservice"},
		activity: "opfører og renoverer boliger, skoler og erhvervsbyggeri",
	},
	"facility": {
		cpv: []string{"79993000-1", "79993100-2", "90910000-9", "90911200-8"}, sectors: []string{"N"},
		nouns:    []string{"Facility Service", "Ejendomsservice", "Driftsservice"},
		activity: "driver bygninger og faciliteter med rengøring, vicevært og kantine",
	},
	"it": {
		cpv: []string{"72000000-5", "72200000-7", "72260000-5", "72267000-4"}, sectors: []string{"J"},
		nouns:    []string{"Software", "Digital", "It-partner"},
		activity: "udvikler og vedligeholder software til offentlige og private kunder",
	},
	"logistik": {
		cpv: []string{"60100000-9", "63120000-6", "63100000-0", "64121000-0"}, sectors: []string{"H"},
		nouns:    []string{"Transport og Lager", "Logistik", "Fragt"},
		activity: "transporterer og lagerfører varer for handel og industri",
	},
	"foedevare": {
		cpv: []string{"15000000-8", "15800000-6", "15894000-1"}, sectors: []string{"C"},
		nouns:    []string{"Fødevarer", "Madproduktion", "Fødevareindustri"},
		activity: "producerer færdigretter og fødevarer til detailhandel og storkøkkener",
	},
	"detail": {
		cpv: []string{"30192000-1", "39830000-9", "30199000-0"}, sectors: []string{"G"},
		nouns:    []string{"Kontorforsyning", "Engros", "Handel"},
		activity: "forhandler kontorartikler, papir og rengøringsmidler til erhverv og institutioner",
	},
	"el": {
		cpv: []string{"45310000-3", "51000000-9"}, sectors: []string{"F"},
		nouns:    []string{"Elektro", "El-service", "Installation"},
		activity: "udfører el-installationer og service i boliger og erhverv",
	},
	"forening": {
		cpv: []string{"85312000-9", "92000000-1", "80570000-0"}, sectors: []string{"S", "R"},
		nouns:    []string{"Forening", "Fællesskab", "Netværk"},
		activity: "samler frivillige om aktiviteter og fællesskaber for sårbare borgere",
	},
	"fond": {
		cpv: []string{"98133000-4", "85320000-8"}, sectors: []string{"S"},
		nouns:    []string{"Fonden", "Støttefond", "Fond"},
		activity: "støtter socialøkonomiske initiativer med rådgivning og startkapital",
	},
	"uddannelse": {
		cpv: []string{"80530000-8", "80400000-8", "80533000-9"}, sectors: []string{"P"},
		nouns:    []string{"Værkstedsskole", "Kursuscenter", "Læringsværksted"},
		activity: "tilbyder praktisk undervisning og opkvalificering tæt på arbejdsmarkedet",
	},
	"beskaeftigelse": {
		cpv: []string{"79600000-0", "79620000-6", "79998000-6"}, sectors: []string{"N"},
		nouns:    []string{"Mentorhus", "Jobbro", "Brobygning"},
		activity: "matcher ledige med virksomheder og følger dem med mentorstøtte",
	},
}

// kindTrades are the trades generated organisations of each kind draw from.
var (
	sovTrades     = []string{"cafe", "cykel", "rengoring", "groen", "vaskeri", "catering", "ittest", "genbrug", "snedker", "genanvendelse", "omsorg", "tryk", "bageri", "flytning", "maler"}
	companyTrades = []string{"byg", "facility", "it", "logistik", "foedevare", "detail", "el", "maler", "rengoring", "catering", "tryk"}
	otherTrades   = []string{"forening", "fond", "uddannelse", "beskaeftigelse"}
)
