package demo

import "github.com/samspil/samspil"

// spec is one hand-written demo organisation. Every name is invented; any
// likeness to a real organisation is unintended.
type spec struct {
	name     string
	kind     samspil.OrgKind
	muni     string // kommunekode
	postal   string
	city     string
	trade    string
	groups   []string
	emp, dis int // employees, of whom disabled or disadvantaged
	capacity int
	rsv      bool
	desc     string
}

const (
	sov     = samspil.OrgSOV
	company = samspil.OrgVirksomhed
	other   = samspil.OrgAndet
)

// handwritten is the default demo: organisations of every kind in all five
// regions, grouped by region here; Organisations interleaves the regions so
// that any prefix is spread over the whole country.
var handwritten = []spec{
	// Region Hovedstaden
	{"Café Lyspunktet Nørrebro", sov, "0101", "2200", "København N", "cafe", []string{"psykisk_saarbare"}, 14, 9, 12, true,
		"Café Lyspunktet er en hyggelig kvartercafé, hvor mennesker med psykisk sårbarhed arbejder side om side med faste kokke og baristaer. Vi laver frokost, kaffe og mødeforplejning til virksomheder og forvaltninger i nærområdet. Hver medarbejder har en fast kontaktperson og et skema, der passer til dagsformen."},
	{"Cykelsmedjen Sydhavn", sov, "0101", "2450", "København SV", "cykel", []string{"udsatte_ledige", "unge_uden_uddannelse"}, 9, 5, 10, false,
		"Vi istandsætter efterladte cykler fra boligforeninger og kommunale cykelkældre og sælger dem videre til fornuftige priser. Unge uden uddannelse får et forløb med ægte opgaver og en vej mod en erhvervsuddannelse. Vi servicerer også cykelflåder for institutioner og virksomheder."},
	{"Rent & Roligt ApS", sov, "0147", "2000", "Frederiksberg", "rengoring", []string{"psykisk_saarbare", "udsatte_ledige"}, 32, 8, 8, true,
		"Rent & Roligt gør rent på kontorer, klinikker og institutioner på Frederiksberg og i indre København. Vi arbejder i små, faste teams, så medarbejdere med angst eller depression kan vende tilbage til arbejdslivet i et roligt tempo. Kunderne får den samme faste person hver gang."},
	{"Testværket", sov, "0159", "2860", "Søborg", "ittest", []string{"handicap", "psykisk_saarbare"}, 24, 18, 6, true,
		"Testværket tester software, hjemmesider og selvbetjeningsløsninger for offentlige og private kunder. Vores testere har autisme og er specialister i at finde de fejl, andre overser. Vi tester også tilgængelighed efter WCAG, så løsningerne virker for alle borgere."},
	{"Vaskeriet ved Vestvolden", sov, "0167", "2650", "Hvidovre", "vaskeri", []string{"handicap", "udsatte_ledige"}, 18, 11, 10, false,
		"Vi vasker og stryger linned, arbejdstøj og duge for plejecentre, restauranter og idrætsforeninger på Vestegnen. Medarbejdere med handicap har fleksjob eller er i praktik hos os, og flere er gået videre til faste job i branchen. Vi henter og bringer med vores egen el-varevogn."},
	{"Havnekøkkenet Helsingør", sov, "0217", "3000", "Helsingør", "catering", []string{"flygtninge_indvandrere", "udsatte_ledige"}, 16, 4, 8, false,
		"Havnekøkkenet laver mad med retter fra hele verden til kantiner, konferencer og private fester. Køkkenet er en læreplads for flygtninge og indvandrere, der vil ind på det danske arbejdsmarked, og vi underviser i fagdansk og hygiejne undervejs. Råvarerne kommer så vidt muligt fra lokale avlere."},
	{"Grønne Hænder Nordsjælland", sov, "0219", "3400", "Hillerød", "groen", []string{"udsatte_ledige", "misbrug"}, 21, 5, 14, true,
		"Grønne Hænder passer parker, skoler og boligforeningers udearealer i Nordsjælland. Mange af vores medarbejdere har været ude af arbejdsmarkedet i årevis, ofte på grund af misbrug, og får her en fast hverdag med frisk luft og synlige resultater. Om vinteren rydder vi sne og klipper træer."},
	{"Genbrugsloftet Rønne", sov, "0400", "3700", "Rønne", "genbrug", []string{"seniorer", "udsatte_ledige"}, 7, 3, 10, false,
		"Genbrugsloftet sælger brugte møbler, tøj og køkkenting og istandsætter gamle møbler fra dødsbo og flytninger. Butikken drives af ansatte og seniorfrivillige sammen, og overskuddet går til nye praktikpladser på Bornholm. Vi henter gerne større ting hos både private og institutioner."},
	{"Trykkeriet Trinbrættet", sov, "0151", "2750", "Ballerup", "tryk", []string{"handicap"}, 12, 6, 4, false,
		"Trinbrættet trykker pjecer, plakater, visitkort og rapporter for kommuner, skoler og foreninger. Hos os arbejder grafikere og trykkere med og uden handicap, og vi tilpasser maskiner og arbejdsgange til den enkelte. Vi kan også stå for kuvertering og forsendelse."},
	{"Flyttefolkene Frit Læ", sov, "0101", "2400", "København NV", "flytning", []string{"tidligere_indsatte", "misbrug"}, 15, 9, 6, false,
		"Frit Læ flytter kontorer, skoler og private hjem i hovedstadsområdet og opmagasinerer inventar. Holdet består af tidligere indsatte og folk, der er kommet ud af et misbrug, og som får en ny start med ansvar og fællesskab. Vi er kendt for at være omhyggelige og altid til tiden."},
	{"Brødværkstedet Ishøj", sov, "0183", "2635", "Ishøj", "bageri", []string{"flygtninge_indvandrere", "unge_uden_uddannelse"}, 10, 4, 6, false,
		"Brødværkstedet bager surdejsbrød, boller og kager til butikken, til lokale kantiner og til møder på rådhuset. Unge og nytilkomne lærer bagerfaget fra bunden og kan tage et AMU-kursus i fødevarehygiejne hos os. Vi bruger økologisk mel fra Sjælland."},
	{"Omsorgshuset Tusindfryd", sov, "0270", "3200", "Helsinge", "omsorg", []string{"psykisk_saarbare", "seniorer"}, 11, 2, 15, false,
		"Tusindfryd tilbyder praktisk hjælp, ledsagelse og aktiviteter for ældre og psykisk sårbare borgere i Gribskov. Vi arbejder tæt sammen med kommunens visitation og med lokale frivillige. Medarbejderne har selv erfaring med at komme tilbage fra en svær periode."},
	{"Nordhavn Byg A/S", company, "0101", "2150", "Nordhavn", "byg", nil, 140, 6, 0, false,
		"Nordhavn Byg er en mellemstor entreprenør, der opfører og renoverer boliger og skoler i Storkøbenhavn. Vi bruger sociale klausuler aktivt og tager lærlinge og praktikanter fra jobcentre og socialøkonomiske virksomheder. Vi søger samarbejde om underleverancer inden for rengøring og affaldssortering."},
	{"Vestegnens Facility Service A/S", company, "0169", "2630", "Taastrup", "facility", []string{"udsatte_ledige"}, 210, 14, 0, false,
		"Vi driver bygninger for kommuner og erhvervsliv med rengøring, viceværtservice og kantinedrift. Vi har et fast samarbejde med jobcenteret om virksomhedspraktik og ansætter hvert år ledige i løntilskud. Vi vil gerne have socialøkonomiske underleverandører på vores kontrakter."},
	{"Foreningen Fælles Fodfæste", other, "0101", "2300", "København S", "forening", []string{"udsatte_ledige", "hjemloese"}, 4, 1, 30, false,
		"Fælles Fodfæste samler frivillige, der følger hjemløse og udsatte borgere til samtaler, lægebesøg og jobsamtaler. Vi driver også et værested med fællesspisning to gange om ugen. Foreningen formidler kontakt til socialøkonomiske virksomheder, der kan tilbyde praktik."},
	{"Nordsjællands Byggeservice ApS", company, "0217", "3000", "Helsingør", "byg", nil, 38, 2, 0, false,
		"Nordsjællands Byggeservice udfører mindre byggeopgaver, renoveringer og vedligehold for boligselskaber og kommuner. Vi har gode erfaringer med at tage ledige i praktik og vil gerne udvide samarbejdet med lokale socialøkonomiske virksomheder."},
	{"Bornholms Fællesværksted", other, "0400", "3700", "Rønne", "forening", []string{"psykisk_saarbare", "seniorer"}, 3, 0, 20, false,
		"Fællesværkstedet er et åbent værksted for træ, metal og cykler, hvor alle kan komme og reparere deres ting. Frivillige seniorer lærer fra sig til unge og psykisk sårbare, som får et meningsfuldt fællesskab. Værkstedet lejer også værktøj ud til foreninger."},

	{"Amager It-drift ApS", company, "0185", "2770", "Kastrup", "it", nil, 34, 2, 0, false,
		"Amager It-drift driver servere, netværk og arbejdspladser for kommuner, skoler og mindre virksomheder. Vi har to medarbejdere i fleksjob i supporten og bruger en socialøkonomisk testvirksomhed, før nye systemer tages i brug."},

	// Region Sjælland
	{"Domkirkebyens Cykelværksted", sov, "0265", "4000", "Roskilde", "cykel", []string{"unge_uden_uddannelse", "udsatte_ledige"}, 8, 4, 8, false,
		"Vi reparerer cykler for pendlere, studerende og kommunens institutioner og sælger istandsatte cykler. Værkstedet er et springbræt for unge, der har brug for en praktisk start før en erhvervsuddannelse. Vi kører også ud med en mobil cykelservice til virksomheder."},
	{"Køge Bugt Catering", sov, "0259", "4600", "Køge", "catering", []string{"flygtninge_indvandrere", "udsatte_ledige"}, 19, 8, 10, true,
		"Køge Bugt Catering leverer frokostordninger til skoler, daginstitutioner og virksomheder. Vores køkken er et trygt sted at lære et fag, og vi ansætter hvert år medarbejdere, der har været i praktik hos os. Vi laver mad fra bunden med sæsonens grøntsager."},
	{"Holbæk Have & Hæk", sov, "0316", "4300", "Holbæk", "groen", []string{"unge_uden_uddannelse"}, 13, 5, 10, false,
		"Have & Hæk passer grønne områder for boligforeninger, kirkegårde og private haveejere. Unge uden uddannelse lærer at bruge maskiner, planlægge arbejdet og tale med kunder. Flere af dem er gået videre til anlægsgartneruddannelsen."},
	{"Snedkeriet Spånen", sov, "0330", "4200", "Slagelse", "snedker", []string{"tidligere_indsatte", "unge_uden_uddannelse"}, 11, 6, 8, true,
		"Spånen bygger legepladser, højbede og inventar til skoler og daginstitutioner og reparerer møbler for kommunen. Værkstedet giver tidligere indsatte og unge et fag i hænderne og et netværk ud i byggebranchen. Vi bruger genbrugstræ, hvor det kan lade sig gøre."},
	{"Vaskehuset Næstved", sov, "0370", "4700", "Næstved", "vaskeri", []string{"handicap"}, 20, 12, 8, false,
		"Vaskehuset vasker for plejecentre, hjemmeplejen og lokale hoteller. Medarbejdere med handicap har faste opgaver i en tydelig struktur med billedstøtte og tilpassede maskiner. Vi leverer hver dag på faste tidspunkter."},
	{"Lolland Genbyg", sov, "0360", "4900", "Nakskov", "genanvendelse", []string{"udsatte_ledige"}, 12, 5, 12, false,
		"Lolland Genbyg henter byggematerialer fra nedrivninger og renoveringer og sælger dem videre til genbrug. Vores medarbejdere lærer at adskille, sortere og istandsætte døre, vinduer og tømmer. Vi hjælper kommuner med at leve op til kravene om cirkulært byggeri."},
	{"Café Fjordglimt", sov, "0326", "4400", "Kalundborg", "cafe", []string{"psykisk_saarbare"}, 9, 6, 8, false,
		"Café Fjordglimt ligger ved havnen og serverer morgenmad, frokost og kage. Caféen er en arbejdsplads for mennesker med psykisk sårbarhed, der her kan prøve kræfter med kundeservice og køkkenarbejde. Vi leverer også mødeforplejning til virksomheder i området."},
	{"Rengøringsholdet Sorø", sov, "0340", "4180", "Sorø", "rengoring", []string{"handicap", "udsatte_ledige"}, 17, 7, 6, false,
		"Rengøringsholdet gør rent i skoler, børnehaver og kontorer i Sorø og omegn. Vi ansætter folk i fleksjob og ledige, der har brug for en blid start, og vi tilrettelægger arbejdet efter den enkeltes skånehensyn. Kunderne roser os for stabilitet og grundighed."},
	{"Guldborgsund Grønt", sov, "0376", "4800", "Nykøbing F", "groen", []string{"misbrug", "udsatte_ledige"}, 10, 6, 10, false,
		"Guldborgsund Grønt vedligeholder strande, stier og parker på Falster. Mange af medarbejderne er i behandling for misbrug og får her en hverdag med struktur, kollegaer og løn. Vi har et tæt samarbejde med kommunens misbrugscenter."},
	{"Sjællandsk Transport og Lager A/S", company, "0329", "4100", "Ringsted", "logistik", nil, 85, 3, 0, false,
		"Vi transporterer og lagerfører varer for handel og industri fra vores terminal ved motorvejen. Vi tager gerne praktikanter og har ansat flere medarbejdere via jobcenteret. Vi søger samarbejde med socialøkonomiske virksomheder om pakning og palleservice."},
	{"Næstved Ejendomsservice A/S", company, "0370", "4700", "Næstved", "facility", []string{"udsatte_ledige"}, 64, 4, 0, false,
		"Næstved Ejendomsservice står for vicevært, rengøring og grønne områder for boligselskaber på Sydsjælland. Vi har gode erfaringer med sociale klausuler og ansætter løbende ledige i løntilskud og fleksjob."},
	{"Roskilde Malerfirma ApS", company, "0265", "4000", "Roskilde", "maler", nil, 22, 1, 0, false,
		"Malerfirmaet maler og istandsætter boliger, skoler og kontorer i Roskilde og omegn. Vi har altid lærlinge og vil gerne tage unge fra socialøkonomiske værksteder i praktik."},
	{"Værkstedsskolen Vestsjælland", other, "0330", "4200", "Slagelse", "uddannelse", []string{"unge_uden_uddannelse"}, 26, 0, 60, false,
		"Værkstedsskolen tilbyder praktisk undervisning i køkken, træ, metal og grønne fag for unge, der ikke er kommet i gang med en uddannelse. Eleverne lærer gennem rigtige opgaver for lokale virksomheder. Vi samarbejder med socialøkonomiske virksomheder om praktikpladser."},
	{"Fonden Grøn Omstilling Lolland-Falster", other, "0376", "4800", "Nykøbing F", "fond", []string{"udsatte_ledige"}, 3, 0, 0, false,
		"Fonden støtter socialøkonomiske virksomheder på Lolland og Falster, der skaber grønne job for ledige. Vi giver startkapital, rådgivning om forretningsplaner og hjælp til at byde på offentlige opgaver."},

	{"Odsherred Omsorg og Hjemmeservice", sov, "0306", "4500", "Nykøbing Sj", "omsorg", []string{"seniorer", "psykisk_saarbare"}, 12, 4, 12, false,
		"Vi hjælper ældre og psykisk sårbare borgere i Odsherred med rengøring, indkøb og ledsagelse til læge og aktiviteter. Mange af vores hjælpere har selv været langtidsledige og er uddannet til jobbet hos os. Vi er godkendt leverandør af praktisk hjælp."},

	// Region Syddanmark
	{"Odense Datatest", sov, "0461", "5000", "Odense C", "ittest", []string{"handicap", "psykisk_saarbare"}, 19, 13, 6, true,
		"Odense Datatest tester it-systemer, apps og selvbetjeningsløsninger for kommuner, regioner og softwarehuse. Vores testere har autisme eller ADHD og har en særlig sans for detaljer og systematik. Vi leverer testrapporter med konkrete forslag til forbedringer."},
	{"Café Havnelyset", sov, "0479", "5700", "Svendborg", "cafe", []string{"psykisk_saarbare"}, 8, 5, 8, false,
		"Café Havnelyset serverer kaffe, brunch og dagens ret ved havnen i Svendborg. Caféen er et arbejdsfællesskab for mennesker med psykisk sårbarhed, der her får en fast hverdag og erfaring med service og køkken. Vi laver også catering til møder og arrangementer."},
	{"Vestkystens Vaskeri", sov, "0561", "6700", "Esbjerg", "vaskeri", []string{"udsatte_ledige", "flygtninge_indvandrere"}, 23, 6, 10, false,
		"Vestkystens Vaskeri vasker arbejdstøj for havnens virksomheder og linned for hoteller og plejecentre. Vi ansætter ledige og nytilkomne og lærer dem faget og sproget på arbejdspladsen. Vaskeriet kører med varmegenvinding og svanemærkede vaskemidler."},
	{"Kolding Kantineservice", sov, "0621", "6000", "Kolding", "catering", []string{"unge_uden_uddannelse", "handicap"}, 15, 4, 8, false,
		"Vi driver kantiner for virksomheder og uddannelsesinstitutioner i Kolding. Unge og medarbejdere med handicap arbejder i køkken og salg med støtte fra faglærte kokke. Vi laver sund og varieret mad med fokus på mindre madspild."},
	{"Cykelhjørnet Vejle", sov, "0630", "7100", "Vejle", "cykel", []string{"unge_uden_uddannelse"}, 6, 3, 6, false,
		"Cykelhjørnet reparerer og sælger cykler og tager sig af kommunens cykler til skoler og hjemmepleje. Værkstedet er et læringsmiljø for unge, der har brug for en praktisk vej ind på arbejdsmarkedet."},
	{"Sønderborg Genbrugsmarked", sov, "0540", "6400", "Sønderborg", "genbrug", []string{"seniorer", "psykisk_saarbare"}, 9, 4, 12, false,
		"Genbrugsmarkedet sælger møbler, tøj og husgeråd, som vi henter hos private og virksomheder. Medarbejdere og frivillige sorterer, reparerer og prissætter varerne sammen. Vi leverer også brugte møbler til kommunens boliger for unge og flygtninge."},
	{"Haderslev Tryk & Design", sov, "0510", "6100", "Haderslev", "tryk", []string{"psykisk_saarbare", "handicap"}, 10, 5, 4, false,
		"Vi designer og trykker foldere, plakater, skilte og årsrapporter for erhvervsliv, kommuner og foreninger. Hos os arbejder grafikere, der har været sygemeldt med stress eller depression, i et roligt og forudsigeligt miljø."},
	{"Ærø Økohave", sov, "0492", "5970", "Ærøskøbing", "groen", []string{"psykisk_saarbare"}, 5, 3, 6, false,
		"Økohaven dyrker økologiske grøntsager og passer grønne områder for øens institutioner og sommerhusejere. Vi tilbyder et roligt arbejdsliv tæt på naturen for mennesker, der har brug for et pusterum. Grøntsagerne sælges i gårdbutikken og til øens køkkener."},
	{"Bageriet Brødkassen", sov, "0607", "7000", "Fredericia", "bageri", []string{"udsatte_ledige", "flygtninge_indvandrere"}, 12, 5, 6, true,
		"Brødkassen bager brød og morgenbrød til butikken, til virksomheder og til kommunens plejecentre. Bageriet er en læreplads for ledige og nytilkomne, der vil ind i fødevarebranchen."},
	{"Flyttehjælpen Fyn", sov, "0450", "5800", "Nyborg", "flytning", []string{"tidligere_indsatte"}, 9, 5, 4, false,
		"Flyttehjælpen flytter kontorer, institutioner og private på Fyn og tømmer dødsboer. Vores flyttefolk er tidligere indsatte, som får en ny chance og et stærkt kollegialt fællesskab."},
	{"Omsorgskompagniet Aabenraa", sov, "0580", "6200", "Aabenraa", "omsorg", []string{"seniorer", "handicap"}, 13, 3, 20, false,
		"Omsorgskompagniet hjælper ældre og borgere med handicap med indkøb, ledsagelse og praktiske opgaver i hjemmet. Vi er godkendt som leverandør af praktisk hjælp og ansætter medarbejdere i fleksjob."},
	{"Kode & Kaffe ApS", company, "0461", "5000", "Odense C", "it", []string{"handicap"}, 46, 5, 0, false,
		"Kode & Kaffe udvikler webløsninger og integrationer for kommuner og regioner. Vi samarbejder med socialøkonomiske testvirksomheder og har ansat flere udviklere i fleksjob."},
	{"Fynske Fødevarer A/S", company, "0410", "5500", "Middelfart", "foedevare", nil, 120, 4, 0, false,
		"Fynske Fødevarer producerer færdigretter og salater til detailhandel og storkøkkener. Vi vil gerne samarbejde med socialøkonomiske virksomheder om pakning, vask og levering."},
	{"Esbjerg Havnelogistik A/S", company, "0561", "6700", "Esbjerg", "logistik", nil, 95, 2, 0, false,
		"Havnelogistik håndterer gods, lager og transport for havnens virksomheder og vindmøllebranchen. Vi tager hvert år ledige i praktik og har gode erfaringer med mentorordninger."},
	{"Kolding Softwarehus ApS", company, "0621", "6000", "Kolding", "it", nil, 31, 0, 0, false,
		"Kolding Softwarehus udvikler og drifter fagsystemer for offentlige kunder. Vi bruger socialøkonomiske testvirksomheder i vores kvalitetssikring."},
	{"Fonden Bro til Arbejde", other, "0461", "5000", "Odense C", "fond", []string{"udsatte_ledige", "psykisk_saarbare"}, 5, 0, 0, false,
		"Fonden støtter socialøkonomiske virksomheder i Syddanmark med lån, rådgivning og netværk. Vi hjælper også kommuner med at bruge reserverede kontrakter og sociale klausuler."},
	{"Seniorernes Reparationscafé", other, "0430", "5750", "Ringe", "forening", []string{"seniorer"}, 0, 0, 25, false,
		"I reparationscaféen reparerer frivillige seniorer tøj, lamper, cykler og småelektronik sammen med borgerne. Vi mødes hver tirsdag og lærer fra os til alle, der vil lære at reparere selv."},
	{"Foreningen Nye Veje Esbjerg", other, "0561", "6700", "Esbjerg", "beskaeftigelse", []string{"tidligere_indsatte", "misbrug"}, 4, 1, 25, false,
		"Nye Veje giver tidligere indsatte en frivillig mentor fra løsladelsen og et år frem. Vi hjælper med bolig, job og fritid og formidler kontakt til virksomheder, der vil give en ny chance."},

	// Region Midtjylland
	{"Kaffekollektivet Aarhus", sov, "0751", "8000", "Aarhus C", "cafe", []string{"psykisk_saarbare", "hjemloese"}, 12, 7, 10, true,
		"Kaffekollektivet rister kaffe og driver en café og en kaffebar på et bibliotek. Vores baristaer har erfaring med hjemløshed eller psykisk sygdom og er uddannet hos os. Vi leverer kaffe og mødeforplejning til virksomheder og forvaltninger i Aarhus."},
	{"Testcentret Østjylland", sov, "0751", "8200", "Aarhus N", "ittest", []string{"handicap"}, 28, 20, 8, true,
		"Testcentret tester software og digitale selvbetjeningsløsninger med et hold af testere med autisme. Vi laver både manuelle og automatiserede test og tilgængelighedstest. Kunderne er kommuner, regioner og softwarevirksomheder i hele landet."},
	{"Randers Rengøringsfællesskab", sov, "0730", "8900", "Randers", "rengoring", []string{"flygtninge_indvandrere", "udsatte_ledige"}, 26, 6, 8, false,
		"Rengøringsfællesskabet gør rent på skoler, kontorer og i boligforeninger i Randers. Vi ansætter ledige og nytilkomne og tilbyder danskundervisning i arbejdstiden. Alle medarbejdere er ansat på overenskomst."},
	{"Herning Hjul", sov, "0657", "7400", "Herning", "cykel", []string{"misbrug", "udsatte_ledige"}, 7, 4, 8, false,
		"Herning Hjul reparerer og sælger brugte cykler og tager sig af kommunens cykler til daginstitutioner. Værkstedet er en fast arbejdsplads for mennesker, der er på vej ud af et misbrug."},
	{"Holstebro Grønne Service", sov, "0661", "7500", "Holstebro", "groen", []string{"handicap"}, 14, 9, 8, false,
		"Vi passer grønne områder, kirkegårde og haver for kommunen, boligforeninger og private. Medarbejdere med handicap arbejder i faste hold med en arbejdsleder, der kender deres behov."},
	{"Silkeborg Søvaskeri", sov, "0740", "8600", "Silkeborg", "vaskeri", []string{"psykisk_saarbare"}, 11, 3, 6, false,
		"Søvaskeriet vasker for plejecentre, restauranter og sportsklubber i Silkeborg. Vi tilbyder en rolig arbejdsplads med faste rutiner for medarbejdere med psykisk sårbarhed."},
	{"Viborg Genbrug og Genbyg", sov, "0791", "8800", "Viborg", "genanvendelse", []string{"udsatte_ledige", "tidligere_indsatte"}, 16, 7, 12, false,
		"Vi modtager møbler, elektronik og byggematerialer, som vi adskiller, reparerer og sælger videre. Medarbejderne lærer sortering, reparation og salg og får et bevis på deres kompetencer. Vi samarbejder med genbrugspladserne om at redde brugbare ting."},
	{"Værkstedet Nørretorv", sov, "0615", "8700", "Horsens", "snedker", []string{"tidligere_indsatte"}, 10, 6, 8, false,
		"Værkstedet Nørretorv laver møbler, inventar og udstillinger i træ for museer, skoler og virksomheder. Snedkerne har selv afsonet og ved, hvad en ny start kræver. Vi tager også imod unge i praktik fra kriminalforsorgen."},
	{"Skive Madhus", sov, "0779", "7800", "Skive", "catering", []string{"unge_uden_uddannelse", "handicap"}, 14, 5, 10, false,
		"Skive Madhus laver frokost til skoler, dagtilbud og virksomheder og driver et lille spisested. Unge og medarbejdere med handicap lærer køkkenfaget fra bunden."},
	{"Djurs Print", sov, "0707", "8500", "Grenaa", "tryk", []string{"psykisk_saarbare"}, 6, 1, 4, false,
		"Djurs Print trykker og designer tryksager for foreninger, virksomheder og kommunen. Vi tilbyder en fleksibel arbejdsplads for mennesker, der har været ramt af psykisk sygdom."},
	{"Aarhus Anlæg & Beton A/S", company, "0751", "8200", "Aarhus N", "byg", nil, 175, 5, 0, false,
		"Aarhus Anlæg & Beton udfører anlægsarbejde, betonarbejde og byggemodning for kommuner og bygherrer. Vi opfylder sociale klausuler med praktik og lærlinge og vil gerne bruge socialøkonomiske underleverandører."},
	{"Midtjydsk Kontorforsyning ApS", company, "0740", "8600", "Silkeborg", "detail", nil, 27, 1, 0, false,
		"Vi leverer kontorartikler, papir og rengøringsmidler til virksomheder og institutioner i Midtjylland. Vi sælger gerne produkter fra socialøkonomiske virksomheder i vores sortiment."},
	{"Viborg Digital ApS", company, "0791", "8800", "Viborg", "it", nil, 19, 0, 0, false,
		"Viborg Digital laver hjemmesider og selvbetjeningsløsninger for kommuner og foreninger. Vi samarbejder med socialøkonomiske testvirksomheder om test og tilgængelighed."},
	{"Vestjysk Rengøringsartikler ApS", company, "0760", "6950", "Ringkøbing", "detail", nil, 14, 0, 0, false,
		"Vi forhandler rengøringsmidler og hygiejneartikler til institutioner, hoteller og virksomheder i Vestjylland. Vi leverer gerne til socialøkonomiske rengøringsvirksomheder på særlige vilkår."},
	{"Idrætsforeningen Alle Med", other, "0615", "8700", "Horsens", "forening", []string{"handicap"}, 1, 0, 80, false,
		"Alle Med tilbyder idræt for børn og voksne med handicap: svømning, fodbold og boccia. Foreningen drives af frivillige og samarbejder med lokale virksomheder om sponsorater og fritidsjob."},
	{"Mentorfællesskabet Midt", other, "0740", "8600", "Silkeborg", "beskaeftigelse", []string{"flygtninge_indvandrere", "udsatte_ledige"}, 6, 1, 40, false,
		"Mentorfællesskabet matcher ledige med frivillige mentorer fra erhvervslivet. Vi hjælper med CV, jobsøgning og de første måneder på en ny arbejdsplads og samarbejder tæt med jobcentrene."},

	{"Samsø Vaskeri og Linned", sov, "0741", "8305", "Samsø", "vaskeri", []string{"handicap", "seniorer"}, 6, 3, 4, false,
		"Vaskeriet vasker sengetøj og håndklæder for øens feriehuse, campingpladser og plejehjem. Medarbejdere med handicap har faste opgaver hele året, og i sæsonen hjælper seniorer til. Vi henter og bringer over hele øen."},

	// Region Nordjylland
	{"Aalborg Cykelbørs", sov, "0851", "9000", "Aalborg", "cykel", []string{"hjemloese", "misbrug"}, 9, 6, 10, false,
		"Cykelbørsen istandsætter hittegodscykler og sælger dem billigt. Værkstedet er en arbejdsplads for hjemløse og mennesker med misbrug, der her får løn, struktur og kollegaer. Vi servicerer også cykler for virksomheder og studenterboliger."},
	{"Café Broen", sov, "0851", "9000", "Aalborg", "cafe", []string{"psykisk_saarbare", "unge_uden_uddannelse"}, 13, 6, 10, false,
		"Café Broen er en café og et mødested i midtbyen, hvor unge og psykisk sårbare arbejder i køkken og servering. Vi leverer mødeforplejning til virksomheder og kommunens afdelinger."},
	{"Frederikshavn Havnevask", sov, "0813", "9900", "Frederikshavn", "vaskeri", []string{"udsatte_ledige"}, 12, 5, 6, false,
		"Havnevask vasker arbejdstøj for fiskeriet og havnens virksomheder og linned for hoteller. Vi giver ledige en vej tilbage til arbejdsmarkedet med løn og faglig oplæring."},
	{"Hjørring Have- og Parkservice", sov, "0860", "9800", "Hjørring", "groen", []string{"unge_uden_uddannelse"}, 12, 3, 10, false,
		"Vi passer parker, haver og udearealer for kommunen, boligforeninger og private. Unge uden uddannelse lærer at arbejde med maskiner og planter og kan gå videre på gartneruddannelsen."},
	{"Thy Træ & Snedkeri", sov, "0787", "7700", "Thisted", "snedker", []string{"udsatte_ledige", "psykisk_saarbare"}, 8, 4, 6, true,
		"Thy Træ laver møbler, inventar og shelters af lokalt træ for kommuner, skoler og turistforeninger. Værkstedet er en rolig arbejdsplads for ledige og mennesker med psykisk sårbarhed."},
	{"Mariagerfjord Madkompagni", sov, "0846", "9500", "Hobro", "catering", []string{"handicap"}, 15, 8, 8, false,
		"Madkompagniet laver mad til plejecentre, skoler og arrangementer i Mariagerfjord. Vores medarbejdere med handicap har faste opgaver i køkken og pakkeri."},
	{"Rebild Rengøring med Mening", sov, "0840", "9520", "Skørping", "rengoring", []string{"psykisk_saarbare"}, 10, 2, 4, false,
		"Vi gør rent i kontorer, sommerhuse og institutioner i Rebild og omegn. Medarbejderne arbejder i små teams, der tager hensyn til den enkeltes dagsform."},
	{"Morsø Genbrugsbutik", sov, "0773", "7900", "Nykøbing M", "genbrug", []string{"seniorer"}, 4, 1, 8, false,
		"Genbrugsbutikken sælger tøj, bøger og møbler og istandsætter gamle møbler i eget værksted. Overskuddet går til aktiviteter for ældre på Mors."},
	{"Limfjordens Elektro ApS", company, "0851", "9200", "Aalborg SV", "el", nil, 42, 1, 0, false,
		"Limfjordens Elektro udfører el-installationer og service for boligselskaber, kommuner og erhverv. Vi tager lærlinge fra produktionsskoler og vil gerne samarbejde med socialøkonomiske virksomheder."},
	{"Vendsyssel Fødevarer A/S", company, "0810", "9700", "Brønderslev", "foedevare", nil, 88, 3, 0, false,
		"Vendsyssel Fødevarer producerer fiskefrikadeller og færdigretter til detailhandel og storkøkkener. Vi har gode erfaringer med virksomhedspraktik og mentorordninger."},
	{"Netværket for Socialøkonomi i Nordjylland", other, "0851", "9000", "Aalborg", "forening", []string{"udsatte_ledige", "handicap"}, 2, 0, 0, false,
		"Netværket samler socialøkonomiske virksomheder, kommuner og virksomheder i Nordjylland. Vi holder netværksmøder, deler viden om udbud og hjælper nye socialøkonomiske virksomheder i gang."},
	{"Bageriet Vesterhavsbrød", sov, "0849", "9490", "Pandrup", "bageri", []string{"udsatte_ledige", "unge_uden_uddannelse"}, 8, 3, 6, false,
		"Vesterhavsbrød bager rugbrød, boller og kager til butikken, til skoler og til kommunens mødelokaler. Ledige og unge lærer bagerfaget på et rigtigt bageri med tidlige morgener og faste kollegaer."},
}
