package demo

import "github.com/samspil/samspil"

// caseSpec is one hand-written demo case. owner and partner names are
// organisation names from the hand-written organisations or
// "kommune:KODE"; a partner name that is neither stays free text. contact
// is the e-mail of a person in people, who is also the case's author.
type caseSpec struct {
	owner    string
	contact  string
	model    samspil.CollaborationModel
	muni     string
	title    string
	summary  string
	partners [][2]string // name, role
	from, to string      // "2006-01" months; to "" while running
	groups   []string
	what     string
	results  []samspil.CaseResult
	economy  string
	valueKr  int64
	well     string
	less     string
	status   samspil.CaseStatus // "" : published
}

func res(metric string, value float64, unit, period string) samspil.CaseResult {
	return samspil.CaseResult{Metric: metric, Value: value, Unit: unit, Period: period}
}

var caseSpecs = []caseSpec{
	// ---- indkøb
	{
		owner: "kommune:0630", contact: "anne.moeller@vejle.kommune.example", model: samspil.ModelIndkob, muni: "0630",
		title:    "Cykelservice for hjemmeplejen i Vejle",
		summary:  "Hjemmeplejens 140 cykler og elcykler bliver serviceret af Cykelhjørnet, hvor unge uden uddannelse lærer faget. Aftalen er et almindeligt indkøb under tærskelværdien efter en lille priskonkurrence.",
		partners: [][2]string{{"Cykelhjørnet Vejle", "leverandør"}},
		from:     "2023-04", to: "2025-03",
		groups: []string{"unge_uden_uddannelse"},
		what: "Hjemmeplejen havde mange cykler, der stod stille, fordi ingen havde tid til at få dem repareret. Vi bad tre værksteder om en pris på fast service hver anden uge og reparationer efter behov.\n\n" +
			"Cykelhjørnet vandt på pris og responstid. Værkstedet henter cyklerne om eftermiddagen og leverer dem næste morgen, og to unge fra værkstedet har fået fast ansvar for hjemmeplejens cykler.",
		results: []samspil.CaseResult{
			res("Cykler i fast service", 140, "cykler", "2024"),
			res("Gennemsnitlig tid fra fejlmelding til reparation", 1.5, "dage", "2024"),
			res("Unge med fast opgave i værkstedet", 4, "personer", "2023–2025"),
			res("Unge, der startede på en erhvervsuddannelse", 2, "personer", "2023–2025"),
		},
		economy: "Aftalen kostede 185.000 kr. om året inklusive reservedele. Udgiften blev finansieret af hjemmeplejens driftsbudget og lå lidt under den pris, vi tidligere betalte for reparationer enkeltvis.",
		valueKr: 370_000,
		well:    "Den faste rytme hver anden uge gjorde det let for både værkstedet og hjemmeplejen. Medarbejderne i hjemmeplejen har fået et godt forhold til de unge mekanikere.",
		less:    "I starten manglede vi en fast kontaktperson i hjemmeplejen, så cyklerne ikke altid var klar til afhentning. Elcyklernes batterier krævede et kursus, værkstedet ikke havde regnet med.",
	},
	{
		owner: "Haderslev Tryk & Design", contact: "jonas.friis@haderslev-tryk-design.example", model: samspil.ModelIndkob, muni: "0510",
		title:    "Tryksager til borgerservice i Haderslev",
		summary:  "Haderslev Kommune køber pjecer, plakater og skilte hos et socialøkonomisk trykkeri, hvor grafikere med stress eller depression arbejder. Indkøbet ligger under tærskelværdien og blev afgjort på pris og kvalitet.",
		partners: [][2]string{{"kommune:0510", "kunde"}},
		from:     "2024-01",
		groups:   []string{"psykisk_saarbare"},
		what: "Kommunens kommunikationsafdeling bad tre trykkerier om priser på et typisk års opgaver. Vi vandt med den laveste samlede pris og tilbud om korrektur og grafisk hjælp.\n\n" +
			"Opgaverne bestilles via en fælles postkasse, og vi leverer inden for fem arbejdsdage. Det passer til vores medarbejdere, der har brug for forudsigelighed.",
		results: []samspil.CaseResult{
			res("Opgaver leveret", 64, "opgaver", "2024"),
			res("Leveret til tiden", 97, "%", "2024"),
			res("Medarbejdere fra målgruppen i fast job", 3, "personer", "2024"),
		},
		economy: "Kommunen køber for cirka 210.000 kr. om året. Kommunen er i dag vores største kunde med omkring en fjerdedel af omsætningen.",
		valueKr: 210_000,
		well:    "Faste leveringstider og én indgang til bestillinger. Kommunen har givet os tid til at lære deres designmanual at kende.",
		less:    "Hasteopgaver med levering samme dag passer dårligt til vores arbejdsform, og vi har måttet sige nej et par gange. Vi aftaler nu på forhånd, hvilke opgaver der kan haste.",
	},
	{
		owner: "kommune:0607", contact: "karina.dahl@fredericia.kommune.example", model: samspil.ModelIndkob, muni: "0607",
		title:    "Brød til fire plejecentre fra Bageriet Brødkassen",
		summary:  "Fire plejecentre i Fredericia får dagligt brød fra et socialøkonomisk bageri, der oplærer ledige og nytilkomne. Købet ligger uden for kommunens fødevareaftale, som ikke dækkede friskbagt brød.",
		partners: [][2]string{{"Bageriet Brødkassen", "leverandør"}},
		from:     "2023-09",
		groups:   []string{"udsatte_ledige", "flygtninge_indvandrere"},
		what: "Vi tjekkede først kommunens rammeaftale på fødevarer, som ikke omfattede friskbagt brød leveret om morgenen. Derefter indhentede vi priser fra to bagerier.\n\n" +
			"Brødkassen leverer hver morgen kl. 6.30. Beboerne har været med til at smage og vælge sortimentet.",
		results: []samspil.CaseResult{
			res("Plejecentre, der får brød", 4, "plejecentre", "2024"),
			res("Ledige og nytilkomne i oplæring i bageriet", 7, "personer", "2024"),
			res("Beboere, der er tilfredse med brødet", 88, "%", "forår 2024"),
		},
		economy: "Kommunen betaler cirka 160.000 kr. om året. Prisen er 4 % højere end industribrød, hvilket plejecentrene har valgt at prioritere for kvalitetens skyld.",
		valueKr: 160_000,
		well:    "Beboerne sætter stor pris på brødet, og flere plejecentre har spurgt om kager til arrangementer.",
		less:    "En vinter med snestorm gav forsinkelser, fordi bageriet kun har én bil. Vi har aftalt en nødplan med et lager af frysebrød.",
	},

	// ---- reserveret kontrakt
	{
		owner: "kommune:0167", contact: "louise.brandt@hvidovre.kommune.example", model: samspil.ModelReserveretKontrakt, muni: "0167",
		title:    "Vask af linned til plejecentre i Hvidovre som reserveret kontrakt",
		summary:  "Hvidovre Kommune reserverede vask af linned til fem plejecentre efter udbudslovens § 20. Tre socialøkonomiske vaskerier bød, og kontrakten gav seks faste job til medarbejdere med handicap.",
		partners: [][2]string{{"Vaskeriet ved Vestvolden", "leverandør"}},
		from:     "2023-01", to: "2024-12",
		groups: []string{"handicap", "udsatte_ledige"},
		what: "Vi lavede en markedsdialog og fandt tre vaskerier, der kunne opfylde kravet om mindst 30 % ansatte med handicap eller fra udsatte grupper. Udbuddet blev annonceret som reserveret med henvisning til § 20.\n\n" +
			"Tilbudsgiverne dokumenterede andelen med en erklæring om antal ansatte og antal fra målgruppen pr. 1. oktober. Kontrakten blev tildelt på pris og kvalitet (leveringssikkerhed og miljø).",
		results: []samspil.CaseResult{
			res("Tilbud modtaget", 3, "tilbud", "2022"),
			res("Nye faste job til medarbejdere med handicap", 6, "personer", "2023–2024"),
			res("Leveringer til tiden", 99, "%", "2024"),
			res("Andel ansatte fra målgruppen hos leverandøren", 42, "%", "2024"),
		},
		economy: "Kontrakten var på 1,2 mio. kr. over to år. Prisen lå på niveau med den tidligere private leverandør.",
		valueKr: 1_200_000,
		well:    "Markedsdialogen før udbuddet gav os sikkerhed for, at der var konkurrence. Vaskeriet har været meget stabilt.",
		less:    "Vi havde ikke beskrevet den årlige kontrol af 30 %-kravet godt nok i kontrakten og måtte aftale det bagefter. Det står nu i vores skabelon.",
	},
	{
		owner: "kommune:0730", contact: "morten.skov@randers.kommune.example", model: samspil.ModelReserveretKontrakt, muni: "0730",
		title:    "Rengøring af fem daginstitutioner i Randers – reserveret delkontrakt",
		summary:  "Randers Kommune delte sit rengøringsudbud op og reserverede én delkontrakt med fem daginstitutioner til virksomheder med mindst 30 % ansatte fra udsatte grupper.",
		partners: [][2]string{{"Randers Rengøringsfællesskab", "leverandør"}},
		from:     "2024-08",
		groups:   []string{"flygtninge_indvandrere", "udsatte_ledige"},
		what: "Hele rengøringsopgaven var for stor til de lokale socialøkonomiske virksomheder. Vi delte derfor udbuddet i fire delkontrakter og reserverede den mindste efter § 20.\n\n" +
			"To virksomheder bød på den reserverede delkontrakt. Vinderen giver danskundervisning i arbejdstiden og har ansat otte nye medarbejdere til opgaven.",
		results: []samspil.CaseResult{
			res("Nye medarbejdere ansat til opgaven", 8, "personer", "2024–2025"),
			res("Kvalitetsmålinger bestået", 94, "%", "2025"),
			res("Medarbejdere, der har bestået en danskprøve", 3, "personer", "2025"),
		},
		economy: "Delkontrakten er på 2,4 mio. kr. over tre år ud af et samlet udbud på 19 mio. kr.",
		valueKr: 2_400_000,
		well:    "Opdelingen i delkontrakter gjorde det muligt for en mindre virksomhed at byde uden at løbe en for stor risiko.",
		less:    "Kun to tilbud er i underkanten. Næste gang vil vi holde informationsmøde tidligere og forklare kravene bedre.",
	},
	{
		owner: "kommune:0661", contact: "pernille.vad@holstebro.kommune.example", model: samspil.ModelReserveretKontrakt, muni: "0661",
		title:    "Pleje af tre kirkegårde i Holstebro",
		summary:  "Holstebro Kommune og tre menighedsråd reserverede den grønne pleje af tre kirkegårde til virksomheder, der beskæftiger mennesker med handicap.",
		partners: [][2]string{{"Holstebro Grønne Service", "leverandør"}, {"Menighedsrådene i Holstebro", "medudbyder"}},
		from:     "2022-03", to: "2025-02",
		groups: []string{"handicap"},
		what: "Menighedsrådene ønskede at give opgaven til en socialøkonomisk virksomhed. Vi hjalp med et fælles reserveret udbud, så opgaven kom i konkurrence.\n\n" +
			"Medarbejderne arbejder i faste hold med en arbejdsleder og har lært at passe gravsteder, hække og stier.",
		results: []samspil.CaseResult{
			res("Medarbejdere med handicap i fast job", 9, "personer", "2024"),
			res("Klager fra pårørende", 2, "klager", "2024"),
			res("Kirkegårde i pleje", 3, "kirkegårde", "2022–2025"),
		},
		economy: "Kontrakten var på 780.000 kr. om året. Menighedsrådene betalte deres andel efter areal.",
		valueKr: 2_340_000,
		well:    "De pårørende har taget godt imod holdene, og medarbejderne er stolte af arbejdet.",
		less:    "Kun én virksomhed bød. Det gik godt, men en reservation med én tilbudsgiver er sårbar. Vi har siden hjulpet en ny virksomhed i gang.",
	},

	// ---- social klausul
	{
		owner: "Næstved Ejendomsservice A/S", contact: "henrik.lund@naestved-ejendomsservice-a-s.example", model: samspil.ModelSocialKlausul, muni: "0370",
		title:    "Grøn pleje af boligområder med sociale klausuler",
		summary:  "Et ejendomsselskab opfyldte boligorganisationens sociale klausul ved at give grøn pleje i underleverance til en socialøkonomisk virksomhed, som ansatte beboere uden for arbejdsmarkedet.",
		partners: [][2]string{{"Guldborgsund Grønt", "underleverandør"}, {"kommune:0370", "jobcenter"}},
		from:     "2023-03", to: "2025-09",
		groups: []string{"udsatte_ledige", "misbrug"},
		what: "Klausulen krævede to praktikforløb pr. million kroner i kontraktsum. Vi valgte at give den grønne pleje i underleverance til Guldborgsund Grønt, som har erfaring med målgruppen.\n\n" +
			"Jobcentret visiterede kandidaterne, og Guldborgsund Grønt stod for arbejdsledelse og mentorstøtte.",
		results: []samspil.CaseResult{
			res("Praktikforløb gennemført", 11, "forløb", "2023–2025"),
			res("Deltagere i ordinært job eller uddannelse bagefter", 5, "personer", "2023–2025"),
			res("Klausulens krav opfyldt", 100, "%", "2023–2025"),
		},
		economy: "Underleverancen var på 650.000 kr. om året af en samlet kontrakt på 2,8 mio. kr. om året.",
		valueKr: 1_950_000,
		well:    "At lade en socialøkonomisk virksomhed stå for forløbene gjorde klausulen let at opfylde for os.",
		less:    "Afstanden fra Guldborgsund gav lange køreture. En lokal partner ville have været bedre.",
	},
	{
		owner: "kommune:0751", contact: "rasmus.bech@aarhus.kommune.example", model: samspil.ModelSocialKlausul, muni: "0751",
		title:    "Sociale klausuler i anlægsudbud i Aarhus",
		summary:  "Aarhus Kommune har i tre år brugt uddannelses- og beskæftigelsesklausuler i alle anlægsudbud over 5 mio. kr. Over 40 lærlinge og ledige har haft forløb på kommunens byggepladser.",
		partners: [][2]string{{"Aarhus Anlæg & Beton A/S", "entreprenør"}},
		from:     "2022-01", to: "2024-12",
		groups: []string{"unge_uden_uddannelse", "udsatte_ledige"},
		what: "Klausulen kræver, at en vis andel af arbejdstimerne udføres af lærlinge eller ledige i praktik. Jobcentret har en fast konsulent, der hjælper entreprenørerne med at finde kandidater.\n\n" +
			"Opfyldelsen dokumenteres kvartalsvis med timer og antal forløb, uden personoplysninger.",
		results: []samspil.CaseResult{
			res("Lærlinge på kommunens byggepladser", 28, "personer", "2022–2024"),
			res("Ledige i praktik", 16, "personer", "2022–2024"),
			res("Ledige ansat efter praktikken", 7, "personer", "2022–2024"),
			res("Kontrakter med klausul", 19, "kontrakter", "2022–2024"),
		},
		economy: "Klausulerne har ikke givet målbart højere priser. Jobcentrets konsulent bruger cirka en halv stilling på opgaven.",
		well:    "Den faste konsulent i jobcentret er afgørende: entreprenørerne ved, hvem de skal ringe til.",
		less:    "Små entreprenører fandt rapporteringen tung. Vi har forenklet skemaet til én side.",
	},
	{
		owner: "kommune:0101", contact: "sofie.winther@kk.kommune.example", model: samspil.ModelSocialKlausul, muni: "0101",
		title:    "Socialøkonomisk underleverandør på skolerenovering i København",
		summary:  "På en treårig skolerenovering brugte entreprenøren en socialøkonomisk flyttevirksomhed til flytning og affaldssortering for at opfylde en klausul om beskæftigelse af udsatte ledige.",
		partners: [][2]string{{"Nordhavn Byg A/S", "entreprenør"}, {"Flyttefolkene Frit Læ", "underleverandør"}},
		from:     "2023-06",
		groups:   []string{"tidligere_indsatte", "udsatte_ledige"},
		what: "Udbuddet indeholdt en klausul om, at 5 % af timerne skulle udføres af personer, der var ledige før kontrakten. Entreprenøren valgte at bruge en socialøkonomisk flyttevirksomhed til flytning af inventar og sortering af affald.\n\n" +
			"Flyttefolkene har ansat tidligere indsatte, som arbejder side om side med entreprenørens folk.",
		results: []samspil.CaseResult{
			res("Andel af timerne udført af tidligere ledige", 6.2, "%", "2023–2024"),
			res("Tidligere indsatte ansat", 5, "personer", "2024"),
			res("Affald sorteret til genbrug", 71, "%", "2024"),
		},
		economy: "Underleverancen er på cirka 3,1 mio. kr. over projektets løbetid.",
		valueKr: 3_100_000,
		well:    "Klausulen blev opfyldt med et arbejde, der gav mening for alle, og sorteringen blev bedre end forventet.",
		less:    "Sikkerhedskurser til byggepladsen tog længere tid at få på plads end planlagt.",
	},

	// ---- afknopning
	{
		owner: "Café Havnelyset", contact: "tine.hald@cafe-havnelyset.example", model: samspil.ModelAfknopning, muni: "0479",
		title:    "Café Havnelyset: fra kommunalt aktivitetstilbud til selvstændig café",
		summary:  "Caféen i et kommunalt aktivitetstilbud for psykisk sårbare blev i 2022 udskilt som en selvstændig forening. I dag har den 8 ansatte og sælger catering til virksomheder.",
		partners: [][2]string{{"kommune:0479", "tidligere ejer og kunde"}},
		from:     "2021-02", to: "2022-12",
		groups: []string{"psykisk_saarbare"},
		what: "Caféen var vokset ud af aktivitetstilbuddet og ville sælge catering til private, hvad kommunen ikke måtte. Med kommunens støtte lavede lederen og to medarbejdere en forretningsplan og stiftede en forening med en uafhængig bestyrelse.\n\n" +
			"Medarbejderne overgik efter virksomhedsoverdragelsesloven. Inventaret blev købt til en vurderet markedspris. Kommunen købte derefter pladser i caféen efter en annonceret konkurrence.",
		results: []samspil.CaseResult{
			res("Ansatte", 8, "personer", "2024"),
			res("Heraf ansatte med psykisk sårbarhed", 5, "personer", "2024"),
			res("Andel af omsætningen fra private kunder", 58, "%", "2024"),
			res("Borgere i forløb", 22, "personer", "2024"),
		},
		economy: "Starten blev finansieret af et fondslån på 400.000 kr. og egne midler. Omsætningen var 3,4 mio. kr. i 2024.",
		well:    "Den uafhængige bestyrelse med folk fra erhvervslivet gav os styr på økonomien fra starten.",
		less:    "Vi undervurderede, hvor lang tid overdragelsen af medarbejderne tog. Og det første år var likviditeten meget stram.",
	},
	{
		owner: "kommune:0787", contact: "jens.kirk@thisted.kommune.example", model: samspil.ModelAfknopning, muni: "0787",
		title:    "Thy Træ & Snedkeri udskilt fra kommunens beskæftigelsesværksted",
		summary:  "Snedkerværkstedet i Thisted Kommunes beskæftigelsestilbud blev udskilt som et socialøkonomisk anpartsselskab, der i dag sælger shelters og inventar i hele landet.",
		partners: [][2]string{{"Thy Træ & Snedkeri", "afknopning"}},
		from:     "2021-06", to: "2023-01",
		groups: []string{"udsatte_ledige", "psykisk_saarbare"},
		what: "Værkstedet havde flere ordrer på shelters, end det måtte tage som kommunal enhed. Vi fik en uvildig vurdering af maskiner og inventar, og selskabet købte dem med et lån.\n\n" +
			"Den første kontrakt med kommunen om forløb for ledige blev udbudt under light-regimet, og to virksomheder bød.",
		results: []samspil.CaseResult{
			res("Ansatte i selskabet", 8, "personer", "2024"),
			res("Shelters leveret", 46, "stk.", "2023–2024"),
			res("Ledige i forløb", 18, "personer", "2024"),
		},
		economy: "Aktiverne blev solgt for 610.000 kr. Kommunen køber forløb for cirka 900.000 kr. om året.",
		valueKr: 900_000,
		well:    "Den tidlige dialog med indkøb gjorde, at vi undgik at give en direkte kontrakt.",
		less:    "Medarbejderne var usikre i lang tid. Vi skulle have holdt flere fællesmøder undervejs.",
	},
	{
		owner: "Lolland Genbyg", contact: "mads.rye@lolland-genbyg.example", model: samspil.ModelAfknopning, muni: "0360",
		title:    "Lolland Genbyg – afknopning af et genbrugsprojekt",
		summary:  "Et projekt om genbrug af byggematerialer på kommunens genbrugsplads blev til en selvstændig socialøkonomisk virksomhed med egne kunder blandt entreprenører.",
		partners: [][2]string{{"kommune:0360", "tidligere projektejer"}, {"Fonden Grøn Omstilling Lolland-Falster", "långiver"}},
		from:     "2022-01", to: "2023-06",
		groups: []string{"udsatte_ledige"},
		what: "Projektet viste, at der var et marked for genbrugte døre, vinduer og tømmer. Da projektperioden sluttede, stiftede projektlederen og to medarbejdere et selskab med socialt formål.\n\n" +
			"Kommunen lejer pladsen ud til markedsleje, og virksomheden registrerede sig som RSV.",
		results: []samspil.CaseResult{
			res("Ansatte", 7, "personer", "2024"),
			res("Byggematerialer solgt til genbrug", 310, "tons", "2024"),
			res("Ledige i praktik", 12, "personer", "2024"),
		},
		economy: "Virksomheden startede med et lån på 750.000 kr. fra en lokal fond. Omsætningen var 2,1 mio. kr. i 2024.",
		well:    "Markedsleje og en klar aftale med kommunen fra dag ét.",
		less:    "Vi var for afhængige af kommunens egne nedrivninger det første år.",
	},

	// ---- intraprenørskab
	{
		owner: "kommune:0540", contact: "helle.iversen@sonderborg.kommune.example", model: samspil.ModelIntraprenorskab, muni: "0540",
		title:    "Møbler fra kommunens lager til nye boliger",
		summary:  "To medarbejdere i Sønderborg Kommunes ejendomsafdeling fik tid til at afprøve en idé: kasserede møbler istandsættes og bruges i boliger til unge og flygtninge.",
		partners: [][2]string{{"Sønderborg Genbrugsmarked", "samarbejdspartner"}},
		from:     "2023-02", to: "2024-06",
		groups: []string{"seniorer", "psykisk_saarbare"},
		what: "Ejendomsafdelingen kasserede hvert år møbler fra skoler og kontorer. To medarbejdere foreslog, at de i stedet blev istandsat og brugt i kommunens midlertidige boliger.\n\n" +
			"Ledelsen gav dem en dag om ugen i et år og 50.000 kr. Genbrugsmarkedet stod for istandsættelsen mod betaling pr. møbel.",
		results: []samspil.CaseResult{
			res("Møbler istandsat og genbrugt", 420, "møbler", "2023–2024"),
			res("Sparet på nyindkøb", 380000, "kr.", "2023–2024"),
			res("Boliger møbleret", 35, "boliger", "2023–2024"),
		},
		economy: "Projektet kostede 50.000 kr. plus medarbejdernes tid. Genbrugsmarkedet fik 210.000 kr. for istandsættelse.",
		well:    "Et klart mandat fra direktionen og lov til at fejle gjorde, at medarbejderne turde prøve.",
		less:    "Opbevaring af møbler var et større problem end ventet. Vi skulle have afklaret lokaler fra starten.",
	},
	{
		owner: "kommune:0791", contact: "ole.munk@viborg.kommune.example", model: samspil.ModelIntraprenorskab, muni: "0791",
		title:    "Jobcentrets reparationshold – en medarbejderidé der blev til drift",
		summary:  "En jobkonsulent i Viborg foreslog et reparationshold for ledige, der reparerer elektronik fra genbrugspladsen. Holdet er nu en fast del af jobcentrets tilbud.",
		partners: [][2]string{{"Viborg Genbrug og Genbyg", "samarbejdspartner"}},
		from:     "2022-09",
		groups:   []string{"udsatte_ledige", "tidligere_indsatte"},
		what: "Idéen blev afprøvet i tre måneder med seks ledige. Reparerede ting sælges gennem Viborg Genbrug og Genbyg til markedspris, så kommunen ikke selv driver handel.\n\n" +
			"Efter evalueringen besluttede ledelsen at gøre holdet permanent.",
		results: []samspil.CaseResult{
			res("Ledige på holdet", 31, "personer", "2023–2024"),
			res("Deltagere i job eller uddannelse efter forløbet", 12, "personer", "2023–2024"),
			res("Apparater repareret", 870, "stk.", "2023–2024"),
		},
		economy: "Holdet koster cirka 450.000 kr. om året, finansieret af jobcentrets budget.",
		well:    "At salget går gennem en socialøkonomisk partner løste spørgsmålet om kommunalfuldmagten.",
		less:    "Afprøvningen afhang af én medarbejder. Vi har nu to, der kan drive holdet.",
	},

	// ---- resultatbaseret betaling
	{
		owner: "Fonden Bro til Arbejde", contact: "birgitte.holm@fonden-bro-til-arbejde.example", model: samspil.ModelResultatbaseret, muni: "0461",
		title:    "Betaling efter resultat: job til langtidsledige i Odense",
		summary:  "Odense Kommune betaler for hver langtidsledig, der kommer i job og bliver i det i seks måneder. Fonden bar risikoen og finansierede indsatsen, som blev udført af to socialøkonomiske virksomheder.",
		partners: [][2]string{{"kommune:0461", "betaler"}, {"Odense Datatest", "udfører"}, {"Café Havnelyset", "udfører"}},
		from:     "2022-01", to: "2024-12",
		groups: []string{"udsatte_ledige", "psykisk_saarbare"},
		what: "Målgruppen var borgere på kontanthjælp i mindst to år. Kommunen visiterede 120 borgere. Resultatet var defineret som ordinær beskæftigelse i mindst 15 timer om ugen i sammenhængende seks måneder.\n\n" +
			"Kommunen betalte 55.000 kr. pr. resultat med et loft på 2,2 mio. kr. Basislinjen var beregnet ud fra kommunens data for de tre foregående år.",
		results: []samspil.CaseResult{
			res("Borgere visiteret", 120, "personer", "2022–2024"),
			res("Borgere i job i seks måneder", 34, "personer", "2022–2024"),
			res("Forventet uden indsatsen", 14, "personer", "2022–2024"),
			res("Udbetalt af kommunen", 1870000, "kr.", "2022–2024"),
		},
		economy: "Fonden investerede 1,6 mio. kr. og fik 1,87 mio. kr. tilbage. Kommunen har ifølge egen beregning sparet cirka 3 mio. kr. i ydelser.",
		valueKr: 2_200_000,
		well:    "Resultatet var defineret så klart, at der aldrig var strid om afregningen. Registerdata gjorde dokumentationen let.",
		less:    "Henvisningerne kom langsommere end aftalt det første halve år. Vi burde have aftalt et minimum.",
	},
	{
		owner: "kommune:0561", contact: "lars.hansen@esbjerg.kommune.example", model: samspil.ModelResultatbaseret, muni: "0561",
		title:    "Resultatkontrakt om job til tidligere indsatte i Esbjerg",
		summary:  "Esbjerg Kommune købte mentorforløb for tidligere indsatte med delvis resultatbetaling: en fast pris pr. forløb og en bonus, når deltageren er i job eller uddannelse efter et år.",
		partners: [][2]string{{"Foreningen Nye Veje Esbjerg", "leverandør"}, {"Esbjerg Havnelogistik A/S", "arbejdsgiver"}},
		from:     "2023-01",
		groups:   []string{"tidligere_indsatte", "misbrug"},
		what: "Kontrakten blev annonceret under light-regimet. Leverandøren får 20.000 kr. pr. påbegyndt forløb og 30.000 kr. ekstra, når deltageren er i job eller uddannelse 12 måneder efter løsladelsen.\n\n" +
			"Havnelogistik har stillet praktikpladser til rådighed for deltagerne.",
		results: []samspil.CaseResult{
			res("Påbegyndte forløb", 26, "forløb", "2023–2024"),
			res("I job eller uddannelse efter 12 måneder", 11, "personer", "2023–2024"),
			res("Tilbagefald til kriminalitet", 4, "personer", "2023–2024"),
		},
		economy: "Kontrakten har et loft på 1,4 mio. kr. over tre år. Der er udbetalt 850.000 kr. indtil nu.",
		valueKr: 1_400_000,
		well:    "Den blandede model gav leverandøren økonomisk sikkerhed og et klart fokus på resultatet.",
		less:    "Det tog tid at få data om uddannelse fra andre kommuner, når deltagerne flyttede.",
	},

	// ---- pilot
	{
		owner: "Kode & Kaffe ApS", contact: "nikolaj.berg@kode-og-kaffe-aps.example", model: samspil.ModelPilot, muni: "0461",
		title:    "Test af borgerportal med autistiske testere",
		summary:  "Et softwarehus afprøvede i et halvt år at lade en socialøkonomisk testvirksomhed med autistiske testere teste en ny borgerportal. Fejlene blev fundet tidligere og billigere.",
		partners: [][2]string{{"Odense Datatest", "testleverandør"}},
		from:     "2024-01", to: "2024-06",
		groups: []string{"handicap"},
		what:   "Vi ville vide, om systematisk test udført af testere med autisme kunne måle sig med vores egen test. I seks måneder testede Odense Datatest hver ny version af portalen parallelt med vores testere.",
		results: []samspil.CaseResult{
			res("Fejl fundet af de eksterne testere", 214, "fejl", "jan.–jun. 2024"),
			res("Heraf fejl, vores egen test ikke fandt", 61, "fejl", "jan.–jun. 2024"),
			res("Testere ansat i fleksjob", 4, "personer", "2024"),
		},
		economy: "Piloten kostede 240.000 kr. Vi vurderer, at vi sparede mindst det samme i rettelser efter lancering.",
		valueKr: 240_000,
		well:    "Detaljerede fejlrapporter af høj kvalitet. Piloten er blevet til en fast aftale.",
		less:    "Vores udviklere skulle lære at skrive klarere testbeskrivelser. Det tog et par måneder.",
	},
	{
		owner: "kommune:0779", contact: "signe.toft@skive.kommune.example", model: samspil.ModelPilot, muni: "0779",
		title:    "Pilot: skolemad lavet af unge i Skive Madhus",
		summary:  "I et skoleår fik to skoler i Skive frokost fra Skive Madhus, hvor unge uden uddannelse arbejder i køkkenet. Piloten skulle vise, om ordningen kunne udvides til flere skoler.",
		partners: [][2]string{{"Skive Madhus", "leverandør"}},
		from:     "2023-08", to: "2024-06",
		groups: []string{"unge_uden_uddannelse", "handicap"},
		what:   "Forældrene betalte for maden, og kommunen dækkede opstarten. Vi målte deltagelse, madspild og de unges fremmøde fra første dag.",
		results: []samspil.CaseResult{
			res("Elever, der købte skolemad", 34, "%", "2023/24"),
			res("Madspild pr. portion", 38, "g", "2023/24"),
			res("Unge i køkkenet, der startede på uddannelse", 5, "personer", "2023/24"),
		},
		economy: "Kommunen betalte 180.000 kr. til opstart og udstyr. Maden skal nu i udbud til flere skoler.",
		valueKr: 180_000,
		well:    "Eleverne var med til at vælge menuen, og deltagelsen steg hen over året.",
		less:    "Den ene skole havde ikke plads til at servere maden, og deltagelsen var lav der.",
	},
	{
		owner: "Genbrugsloftet Rønne", contact: "emma.koch@genbrugsloftet-roenne.example", model: samspil.ModelPilot, muni: "0400",
		title:    "Pilot: reparationsdage på genbrugspladsen på Bornholm",
		summary:  "Genbrugsloftet, en frivillig værkstedsforening og Bornholms Regionskommune afprøvede månedlige reparationsdage på genbrugspladsen, hvor borgere kan få repareret ting i stedet for at smide dem ud.",
		partners: [][2]string{{"Bornholms Fællesværksted", "frivillige"}, {"kommune:0400", "genbrugspladsen"}},
		from:     "2024-03", to: "2024-10",
		groups: []string{"seniorer", "udsatte_ledige"},
		what:   "Én lørdag om måneden stod vi med et telt ved indgangen. Medarbejdere fra Genbrugsloftet og frivillige fra værkstedet reparerede lamper, møbler, cykler og tøj.",
		results: []samspil.CaseResult{
			res("Reparationsdage", 8, "dage", "2024"),
			res("Ting repareret", 312, "stk.", "2024"),
			res("Besøgende", 940, "personer", "2024"),
		},
		economy: "Kommunen betalte 60.000 kr. for otte dage. Genbrugsloftet og foreningen bidrog med tid.",
		valueKr: 60_000,
		well:    "Borgerne var meget positive, og vi fik nye kunder i butikken.",
		less:    "Vejret styrede fremmødet. Næste gang skal vi være indendørs.",
	},

	// ---- laboratorium
	{
		owner: "kommune:0265", contact: "anders.lykke@roskilde.kommune.example", model: samspil.ModelLaboratorium, muni: "0265",
		title:    "Laboratorium for cirkulære job i Roskilde",
		summary:  "I et års laboratorium undersøgte Roskilde Kommune sammen med socialøkonomiske virksomheder og et malerfirma, hvordan kasserede cykler og møbler kan blive til job for ledige.",
		partners: [][2]string{{"Domkirkebyens Cykelværksted", "deltager"}, {"Roskilde Malerfirma ApS", "deltager"}},
		from:     "2023-09", to: "2024-08",
		groups: []string{"udsatte_ledige", "unge_uden_uddannelse"},
		what: "Laboratoriet arbejdede i fire runder: interviews med ledige og medarbejdere på genbrugspladsen, idéworkshops, afprøvning af tre idéer og en fælles evaluering.\n\n" +
			"To idéer blev afprøvet i praksis: istandsættelse af efterladte cykler og ommaling af skolemøbler.",
		results: []samspil.CaseResult{
			res("Idéer afprøvet", 3, "idéer", "2023–2024"),
			res("Idéer, der gik videre til drift", 2, "idéer", "2024"),
			res("Ledige i afprøvningerne", 14, "personer", "2024"),
		},
		economy: "Laboratoriet kostede 420.000 kr., heraf 250.000 kr. fra en fond. Deltagerne bidrog med egen tid.",
		well:    "At starte med problemet og ikke løsningen gav plads til idéer, vi ikke selv havde fået.",
		less:    "Det var svært at holde de private deltagere med hele året. Kortere forløb havde været bedre.",
	},
	{
		owner: "Netværket for Socialøkonomi i Nordjylland", contact: "maria.vinther@netvaerket-for-socialoekonomi-i-nordjylland.example", model: samspil.ModelLaboratorium, muni: "0851",
		title:    "Laboratorium om unge og madspild i Aalborg",
		summary:  "Netværket samlede en café, en fødevarevirksomhed, Aalborg Kommune og unge uden uddannelse om at finde nye måder at bruge overskudsfødevarer på og skabe job.",
		partners: [][2]string{{"Café Broen", "deltager"}, {"Vendsyssel Fødevarer A/S", "deltager"}, {"kommune:0851", "deltager"}},
		from:     "2024-02", to: "2024-11",
		groups: []string{"unge_uden_uddannelse", "psykisk_saarbare"},
		what:   "Unge fra målgruppen var med fra starten og interviewede medarbejdere i produktionen. Tre prototyper blev afprøvet: suppe af overskudsgrønt, madpakker til sportsklubber og et kursus i fødevarehygiejne.",
		results: []samspil.CaseResult{
			res("Unge, der deltog", 19, "personer", "2024"),
			res("Overskudsfødevarer brugt", 6.5, "tons", "2024"),
			res("Unge i job eller uddannelse bagefter", 7, "personer", "2024"),
		},
		economy: "Laboratoriet blev finansieret med 300.000 kr. fra en pulje og egne timer fra deltagerne.",
		well:    "De unge tog ejerskab, fordi de var med til at definere problemet.",
		less:    "Fødevaresikkerhed og logistik fyldte mere end ventet og forsinkede afprøvningen.",
	},

	// ---- kompetenceløft
	{
		owner: "kommune:0621", contact: "camilla.ravn@kolding.kommune.example", model: samspil.ModelKompetenceloeft, muni: "0621",
		title:    "Mentorer fra erhvervslivet til fem socialøkonomiske virksomheder i Kolding",
		summary:  "Kolding Kommune koblede fem ledere fra lokale virksomheder med fem socialøkonomiske virksomheder i et halvt års mentorforløb om økonomi, salg og udbud.",
		partners: [][2]string{{"Kolding Softwarehus ApS", "mentor"}, {"Kolding Kantineservice", "deltager"}},
		from:     "2024-02", to: "2024-08",
		groups: []string{"unge_uden_uddannelse", "handicap"},
		what: "Kommunens erhvervsservice inviterede alle socialøkonomiske virksomheder i kommunen. Mentorerne var frivillige og mødtes med lederne to timer om måneden.\n\n" +
			"Forløbet sluttede med en fælles dag om, hvordan man byder på et offentligt udbud.",
		results: []samspil.CaseResult{
			res("Virksomheder i forløb", 5, "virksomheder", "2024"),
			res("Virksomheder, der bød på et offentligt udbud bagefter", 3, "virksomheder", "2024–2025"),
			res("Nye kunder hos deltagerne", 9, "kunder", "2024–2025"),
		},
		economy: "Forløbet kostede kommunen cirka 40.000 kr. til møder og udbudsdagen. Mentorernes tid var frivillig.",
		well:    "Åbent for alle virksomheder, så vi undgik spørgsmål om støtte til enkelte. Mentorerne var meget engagerede.",
		less:    "Én mentor og én leder passede ikke sammen. Vi skulle have haft et første møde uden forpligtelse.",
	},
	{
		owner: "Mentorfællesskabet Midt", contact: "kasper.noer@mentorfaellesskabet-midt.example", model: samspil.ModelKompetenceloeft, muni: "0740",
		title:    "Udbudsskole for socialøkonomiske virksomheder i Silkeborg",
		summary:  "Fire aftener om udbud, tilbudsberegning og reserverede kontrakter for socialøkonomiske virksomheder, med kommunens indkøbere som undervisere.",
		partners: [][2]string{{"kommune:0740", "undervisere"}, {"Silkeborg Søvaskeri", "deltager"}},
		from:     "2023-10", to: "2023-12",
		groups: []string{"psykisk_saarbare"},
		what:   "Indkøberne forklarede, hvordan et udbud foregår, og hvordan man læser udbudsmaterialet. Deltagerne regnede på et rigtigt, tidligere udbud og fik feedback.",
		results: []samspil.CaseResult{
			res("Deltagende virksomheder", 11, "virksomheder", "2023"),
			res("Deltagere, der bød på et udbud det følgende år", 4, "virksomheder", "2024"),
			res("Vundne kontrakter", 2, "kontrakter", "2024"),
		},
		economy: "Udbudsskolen kostede 25.000 kr. til lokaler og forplejning, betalt af Mentorfællesskabet.",
		well:    "At møde indkøberne ansigt til ansigt fjernede meget af frygten for udbud.",
		less:    "Mange deltagere manglede tid til hjemmeopgaverne. Næste gang bliver det heldagsmøder.",
	},
	{
		owner: "kommune:0860", contact: "thomas.aagaard@hjorring.kommune.example", model: samspil.ModelKompetenceloeft, muni: "0860",
		title:    "Bestyrelsesnetværk for socialøkonomiske virksomheder i Hjørring",
		summary:  "Hjørring Kommune startede et netværk, der matcher erfarne erhvervsfolk med bestyrelser i socialøkonomiske virksomheder.",
		partners: [][2]string{{"Hjørring Have- og Parkservice", "deltager"}},
		from:     "2024-04",
		groups:   []string{"unge_uden_uddannelse"},
		what:     "Kommunens erhvervskontor inviterede lokale ledere til at stille sig til rådighed for bestyrelsesarbejde. Netværket mødes fire gange om året om fx økonomistyring og strategi.",
		results: []samspil.CaseResult{
			res("Nye bestyrelsesmedlemmer i socialøkonomiske virksomheder", 6, "personer", "2024–2025"),
			res("Netværksmøder", 5, "møder", "2024–2025"),
		},
		economy: "Netværket koster kommunen cirka 15.000 kr. om året til møder.",
		well:    "Bestyrelserne har fået kompetencer i økonomi og salg, som de manglede.",
		less:    "Det er svært at finde kandidater med tid. Vi skulle have spurgt pensionerede ledere først.",
	},

	// ---- rekruttering
	{
		owner: "Fynske Fødevarer A/S", contact: "line.bak@fynske-foedevarer-a-s.example", model: samspil.ModelRekruttering, muni: "0410",
		title:    "Fast hold fra en socialøkonomisk virksomhed i pakkeriet",
		summary:  "Fynske Fødevarer fik et fast hold på fem medarbejdere med handicap til pakning af salater. Tre af dem er siden ansat direkte i fleksjob.",
		partners: [][2]string{{"kommune:0410", "jobcenter"}, {"Værkstedet Lillebælt", "arbejdsleder"}},
		from:     "2023-05",
		groups:   []string{"handicap", "flygtninge_indvandrere"},
		what:     "Holdet kom med sin egen arbejdsleder fra en socialøkonomisk virksomhed tre dage om ugen. Efter et halvt år tilbød vi de medarbejdere, der ville, ansættelse i fleksjob med jobcentrets hjælp.",
		results: []samspil.CaseResult{
			res("Medarbejdere på holdet", 5, "personer", "2023–2024"),
			res("Ansat direkte i fleksjob", 3, "personer", "2024"),
			res("Fravær på holdet", 4.1, "%", "2024"),
		},
		economy: "Vi betaler den socialøkonomiske virksomhed en timepris for holdet. Fleksjobbene følger de almindelige regler.",
		well:    "Arbejdslederen fra den socialøkonomiske virksomhed gjorde overgangen tryg for alle.",
		less:    "Vores egne mellemledere skulle have været bedre klædt på fra starten.",
	},
	{
		owner: "Rent & Roligt ApS", contact: "camilla.frost@rent-og-roligt-aps.example", model: samspil.ModelRekruttering, muni: "0147",
		title:    "Fra fleksjob hos Rent & Roligt til job i et stort facility-firma",
		summary:  "Rent & Roligt og et facility-firma aftalte en fast vej for medarbejdere, der er klar til et større arbejdssted: prøveperiode med mentor og retten til at vende tilbage.",
		partners: [][2]string{{"Vestegnens Facility Service A/S", "arbejdsgiver"}, {"kommune:0147", "jobcenter"}},
		from:     "2023-01",
		groups:   []string{"psykisk_saarbare", "udsatte_ledige"},
		what:     "Medarbejdere, der har været hos os i mindst et år, kan prøve et job hos Vestegnens Facility Service i tre måneder med en fast mentor. Går det ikke, kan de vende tilbage til os.",
		results: []samspil.CaseResult{
			res("Medarbejdere, der prøvede et job", 9, "personer", "2023–2024"),
			res("Fastansat efter prøveperioden", 6, "personer", "2023–2024"),
			res("Vendte tilbage til Rent & Roligt", 2, "personer", "2023–2024"),
		},
		economy: "Ordningen har ingen direkte udgifter. Jobcentret har dækket mentorstøtte efter de almindelige regler.",
		well:    "Retten til at vende tilbage gjorde medarbejderne trygge ved at prøve.",
		less:    "Vi mister vores dygtigste folk og skal hele tiden oplære nye. Det skal der være plads til i økonomien.",
	},
	{
		owner: "Aalborg Cykelbørs", contact: "peter.lind@aalborg-cykelboers.example", model: samspil.ModelRekruttering, muni: "0851",
		title:    "Fra cykelværksted til lærlingeplads hos et el-firma",
		summary:  "Medarbejdere fra Aalborg Cykelbørs med interesse for el har fået praktik og lærlingepladser hos Limfjordens Elektro.",
		partners: [][2]string{{"Limfjordens Elektro ApS", "arbejdsgiver"}, {"kommune:0851", "jobcenter"}},
		from:     "2023-08",
		groups:   []string{"hjemloese", "misbrug"},
		what:     "Flere af vores medarbejdere var gode til elcykler og ville videre. Limfjordens Elektro tilbød fire ugers praktik og derefter en lærlingeplads til dem, der passede ind.",
		results: []samspil.CaseResult{
			res("Medarbejdere i praktik", 6, "personer", "2023–2025"),
			res("Startet som lærling", 3, "personer", "2023–2025"),
			res("Stadig i lære efter et år", 3, "personer", "2025"),
		},
		economy: "Praktikken blev finansieret efter de almindelige regler. Ingen særlige udgifter for parterne.",
		well:    "En fast kontaktperson hos el-firmaet, som vores medarbejdere kendte fra praktikken.",
		less:    "Skoleperioderne var en stor udfordring for to af lærlingene. Vi har nu aftalt lektiehjælp.",
	},

	// ---- drafts and one in review
	{
		owner: "Havnekøkkenet Helsingør", contact: "yasmin.ali@havnekoekkenet-helsingoer.example", model: samspil.ModelIndkob, muni: "0217",
		title:   "Madservice til to dagcentre i Helsingør",
		summary: "Udkast: vi leverer frokost til to dagcentre og vil gerne dele vores erfaringer med at komme ind som leverandør.",
		from:    "2024-05",
		groups:  []string{"flygtninge_indvandrere"},
		what:    "Vi leverer frokost fem dage om ugen. Resten af beskrivelsen mangler.",
		status:  samspil.CaseDraft,
	},
	{
		owner: "kommune:0151", contact: "rikke.lauritsen@ballerup.kommune.example", model: samspil.ModelReserveretKontrakt, muni: "0151",
		title:  "Reserveret kontrakt på tryksager i Ballerup",
		status: samspil.CaseDraft,
	},
	{
		owner: "kommune:0657", contact: "bo.sand@herning.kommune.example", model: samspil.ModelIndkob, muni: "0657",
		title:    "Cykler til daginstitutioner fra Herning Hjul",
		summary:  "Udkast: daginstitutionernes ladcykler bliver serviceret af Herning Hjul.",
		partners: [][2]string{{"Herning Hjul", "leverandør"}},
		groups:   []string{"misbrug"},
		results:  []samspil.CaseResult{res("Ladcykler i service", 38, "cykler", "2025")},
		status:   samspil.CaseDraft,
	},
	{
		owner: "Café Fjordglimt", contact: "nanna.hviid@cafe-fjordglimt.example", model: samspil.ModelPilot, muni: "0326",
		title:    "Pilot: kantine på jobcentret i Kalundborg",
		summary:  "I fire måneder drev Café Fjordglimt kantinen på jobcentret i Kalundborg som en pilot, hvor borgere i forløb arbejdede i køkkenet.",
		partners: [][2]string{{"kommune:0326", "kunde"}},
		from:     "2025-01", to: "2025-04",
		groups: []string{"psykisk_saarbare"},
		what:   "Vi overtog kantinen med to faste kokke og plads til seks borgere i forløb. Menuen blev lavet sammen med medarbejderne på jobcentret.",
		results: []samspil.CaseResult{
			res("Borgere i forløb i køkkenet", 11, "personer", "jan.–apr. 2025"),
			res("Solgte frokoster pr. dag", 64, "frokoster", "jan.–apr. 2025"),
		},
		economy: "Kommunen betalte 90.000 kr. for piloten; salget dækkede råvarerne.",
		valueKr: 90_000,
		well:    "Borgerne i forløb fik en meget konkret arbejdsplads med kolleger.",
		less:    "Kantinens udstyr var slidt, og vi brugte meget tid på reparationer.",
		status:  samspil.CaseReview,
	},
}
