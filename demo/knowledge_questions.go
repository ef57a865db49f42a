package demo

// answerSpec is one answer: its author's e-mail, the text and who voted
// it up.
type answerSpec struct {
	author string
	body   string
	voters []string
}

// questionSpec is one hand-written question between municipalities.
// accepted is the 1-based index of the accepted answer (0: none).
type questionSpec struct {
	author        string
	title         string
	body          string
	tags          []string
	municipalOnly bool
	answers       []answerSpec
	accepted      int
	followers     []string
}

const (
	mette    = "mette.krogh@koege.kommune.example"
	kim      = "kim.nygaard@guldborgsund.kommune.example"
	eva      = "eva.strand@aabenraa.kommune.example"
	sara     = "sara.damgaard@ikast-brande.kommune.example"
	frederik = "frederik.holt@lolland.kommune.example"
	ida      = "ida.moos@odense.kommune.example"
	louise   = "louise.brandt@hvidovre.kommune.example"
	morten   = "morten.skov@randers.kommune.example"
	rasmus   = "rasmus.bech@aarhus.kommune.example"
	sofie    = "sofie.winther@kk.kommune.example"
	jens     = "jens.kirk@thisted.kommune.example"
	camilla  = "camilla.ravn@kolding.kommune.example"
	lars     = "lars.hansen@esbjerg.kommune.example"
	helle    = "helle.iversen@sonderborg.kommune.example"
	anders   = "anders.lykke@roskilde.kommune.example"
	pernille = "pernille.vad@holstebro.kommune.example"
	signe    = "signe.toft@skive.kommune.example"
	birgitte = "birgitte.holm@fonden-bro-til-arbejde.example"
	tine     = "tine.hald@cafe-havnelyset.example"
	thomas   = "thomas.aagaard@hjorring.kommune.example"
)

var questionSpecs = []questionSpec{
	{
		author: mette, title: "Hvordan dokumenterer I 30 %-kravet i en reserveret kontrakt?",
		body: "Vi skal udbyde frokost til daginstitutioner som reserveret kontrakt efter § 20. Hvordan har I bedt tilbudsgiverne dokumentere, at mindst 30 % af de ansatte har handicap eller er dårligt stillede – uden at få personoplysninger?",
		tags: []string{"reserveret_kontrakt", "udbud", "dokumentation"},
		answers: []answerSpec{
			{louise, "Vi brugte en tro og love-erklæring med to tal: antal ansatte og antal ansatte fra målgruppen, opgjort pr. en bestemt dato. Vi beskrev i udbudsmaterialet, hvilke grupper der tælles med, og forbeholdt os ret til at bede om en revisorerklæring. Ingen navne, ingen helbredsoplysninger.", []string{mette, morten, sara}},
			{morten, "Samme model her. Husk også at skrive ind i kontrakten, at andelen skal bekræftes én gang om året – det glemte vi første gang.", []string{mette, louise}},
		},
		accepted:  1,
		followers: []string{sara},
	},
	{
		author: kim, title: "Må vi give vores afknopning den første kontrakt direkte?",
		body: "Et beskæftigelsesværksted skal udskilles som selvstændig forening. Politikerne spørger, om foreningen ikke bare kan få opgaven med at lave forløb de første to år, så den kommer godt fra start.",
		tags: []string{"afknopning", "udbud", "kommunalfuldmagt"}, municipalOnly: true,
		answers: []answerSpec{
			{jens, "Nej, det kan I desværre ikke. Når foreningen er uafhængig af kommunen, er den en leverandør som alle andre. Vi annoncerede vores første kontrakt under light-regimet, og to bød. Se også vejledningens kapitel om afknopning – artikel 77 i direktivet giver mulighed for en reservation på højst tre år for visse sociale ydelser, men det kræver stadig en konkurrence.", []string{kim, frederik, ida}},
			{frederik, "Vi fik samme spørgsmål. Det, der hjalp politisk, var at vise, at en direkte kontrakt kan blive underkendt og skabe usikkerhed for den nye virksomhed.", []string{kim}},
		},
		accepted:  1,
		followers: []string{frederik, ida},
	},
	{
		author: eva, title: "Hvordan har I sat prisen pr. resultat i en resultatbaseret kontrakt?",
		body: "Vi overvejer en kontrakt, hvor vi betaler for borgere i job. Hvordan har I regnet prisen ud, og har I brugt et loft?",
		tags: []string{"resultatbaseret", "økonomi"},
		answers: []answerSpec{
			{ida, "Vi tog udgangspunkt i de sparede ydelser over et år for en borger på kontanthjælp og satte prisen til cirka en tredjedel af det. Loftet blev sat ud fra det forventede antal resultater plus 20 %. Basislinjen var vores egne tal for de tre foregående år.", []string{eva, lars, birgitte}},
			{birgitte, "Som investor vil jeg tilføje: definér resultatet meget præcist (timer, varighed, med eller uden tilskud), og brug registerdata til dokumentation. Det sparer alle parter for diskussioner.", []string{eva, ida}},
			{lars, "Vi valgte en blandet model med en fast pris pr. forløb og en bonus for resultatet, fordi leverandøren var en lille forening uden økonomi til at bære hele risikoen.", []string{eva}},
		},
		accepted:  1,
		followers: []string{lars},
	},
	{
		author: sara, title: "Er gratis kontorplads til en socialøkonomisk virksomhed statsstøtte?",
		body: "En lille socialøkonomisk virksomhed har spurgt, om den kan låne et tomt lokale på rådhuset gratis. Hvad skal vi være opmærksomme på?",
		tags: []string{"de-minimis", "statsstøtte", "kompetenceloeft"}, municipalOnly: true,
		answers: []answerSpec{
			{camilla, "Gratis lokaler er en økonomisk fordel, så det skal vurderes. Det kan typisk gives som de minimis-støtte (300.000 euro over tre år pr. virksomhed), men I skal oplyse virksomheden om det og få en erklæring om anden de minimis-støtte. Og I skal have hjemmel efter kommunalfuldmagten – tal med jeres jurister.", []string{sara, frederik, mette}},
			{frederik, "Alternativet er at udleje til markedsleje, evt. med en lav leje, hvis lokalet ellers står tomt og markedslejen reelt er lav. Få en vurdering.", []string{sara}},
		},
		accepted:  1,
		followers: []string{frederik},
	},
	{
		author: ida, title: "Hvilke krav kan vi stille i en social klausul uden at diskriminere?",
		body: "Vores byggeafdeling vil gerne kræve, at entreprenøren ansætter ledige borgere fra kommunen. Jeg er i tvivl om, hvorvidt det er lovligt.",
		tags: []string{"social_klausul", "udbud"},
		answers: []answerSpec{
			{rasmus, "Krav om bopæl i kommunen er problematisk, fordi det kan forskelsbehandle virksomheder og arbejdstagere fra andre steder. Vi formulerer kravet om målgruppen – fx personer, der har været ledige i mindst seks måneder – og så hjælper vores jobcenter med at finde kandidater lokalt.", []string{ida, sofie, mette, camilla}},
			{sofie, "Enig. Vi har også gode erfaringer med at lade entreprenøren opfylde klausulen via en socialøkonomisk underleverandør.", []string{ida}},
		},
		accepted: 1,
	},
	{
		author: frederik, title: "Hvor finder jeg de gældende tærskelværdier i kroner?",
		body: "Jeg kan se forskellige beløb i forskellige dokumenter. Hvor finder jeg de gældende tærskelværdier?",
		tags: []string{"udbud", "indkob"},
		answers: []answerSpec{
			{morten, "Konkurrence- og Forbrugerstyrelsen offentliggør de gældende beløb i kroner. De ændres hvert andet år, så tjek altid datoen på det dokument, du kigger i. Light-regimets tærskel på 750.000 euro er den samme, men kronebeløbet ændrer sig.", []string{frederik, kim, eva}},
		},
		accepted: 1,
	},
	{
		author: helle, title: "Hvordan giver man medarbejdere tid til intraprenørskab i en presset drift?",
		body: "Vi har flere gode idéer fra medarbejderne, men ingen tid til at afprøve dem. Hvordan har andre skabt rum til det?",
		tags: []string{"intraprenorskab", "ledelse"},
		answers: []answerSpec{
			{helle, "Jeg svarer lige selv med det, vi endte med: direktionen gav to medarbejdere én dag om ugen i et år og et lille budget. Det var afgørende, at det var skrevet ned.", nil},
			{thomas, "Vi har en lille pulje, som medarbejdere kan søge med en idé på én side. Svar inden for to uger. Det giver energi, fordi der sker noget hurtigt.", []string{helle, camilla, anders}},
		},
		accepted: 2,
	},
	{
		author: camilla, title: "Erfaringer med frivillige mentorer fra erhvervslivet?",
		body: "Vi vil gerne koble ledere fra lokale virksomheder med socialøkonomiske virksomheder. Hvordan finder man mentorer, og hvordan holder man forløbet i gang?",
		tags: []string{"kompetenceloeft", "mentor"},
		answers: []answerSpec{
			{thomas, "Erhvervsforeningen var vores bedste kanal. Pensionerede ledere har ofte mere tid. Et første møde uden forpligtelse hjælper på matchet.", []string{camilla, sara}},
			{tine, "Fra en socialøkonomisk virksomheds side: det bedste var, at mentoren hjalp med et konkret tilbud, vi skulle skrive. Generelle snakke gav mindre.", []string{camilla, thomas}},
		},
		accepted: 2,
	},
	{
		author: anders, title: "Hvordan inddrager man borgerne i et socialøkonomisk laboratorium?",
		body: "Vi starter et laboratorium om cirkulære job og vil gerne have ledige med fra starten. Hvordan har andre gjort det i praksis?",
		tags: []string{"laboratorium", "borgerinddragelse"},
		answers: []answerSpec{
			{signe, "Vi betalte ikke deltagerne, men holdt møderne, hvor de i forvejen kom, og gav dem en rolle som interviewere. Det gav ejerskab.", []string{anders}},
		},
		followers: []string{signe},
	},
	{
		author: pernille, title: "Hvad gør vi, når kun én virksomhed byder på en reserveret kontrakt?",
		body: "Vi fik kun ét tilbud på vores reserverede kontrakt. Tilbuddet er godt, men er det et problem?",
		tags: []string{"reserveret_kontrakt", "marked"}, municipalOnly: true,
		answers: []answerSpec{
			{louise, "Det er ikke ulovligt at tildele, hvis udbuddet var korrekt, og tilbuddet er konditionsmæssigt. Men det er et signal om, at markedet er tyndt. Overvej delkontrakter eller et kompetenceløft, så flere kan byde næste gang.", []string{pernille, morten}},
			{morten, "Vi lavede markedsdialog bagefter for at forstå, hvorfor andre ikke bød. Svaret var for korte frister.", []string{pernille}},
		},
		accepted: 1,
	},
	{
		author: signe, title: "Skal et pilotprojekt med en socialøkonomisk virksomhed i udbud?",
		body: "Vi vil betale en socialøkonomisk virksomhed 180.000 kr. for at afprøve skolemad på to skoler. Skal det i udbud?",
		tags: []string{"pilot", "indkob", "udbud"},
		answers: []answerSpec{
			{ida, "Det er en offentlig kontrakt, og reglerne gælder. Ved det beløb er I formentlig under tærskelværdien, men tjek den samlede værdi, hvis piloten kan forlænges, og om der kan være grænseoverskridende interesse. Bed gerne flere om et tilbud.", []string{signe, anders}},
		},
		accepted: 1,
	},
	{
		author: lars, title: "Hvordan får vi data om resultater uden at dele CPR-numre med leverandøren?",
		body: "Vores resultatkontrakt kræver, at vi dokumenterer, om deltagerne er i job. Leverandøren spørger efter CPR-numre. Hvordan har andre løst det?",
		tags: []string{"resultatbaseret", "databeskyttelse"}, municipalOnly: true,
		answers: []answerSpec{
			{ida, "Vi lader kommunen selv slå resultaterne op i registerdata og sender kun antal og et internt løbenummer pr. deltager til leverandøren. Leverandøren ser aldrig CPR-numre.", []string{lars, eva}},
		},
		accepted: 1,
	},
	{
		author: morten, title: "Hvordan måler I social effekt hos jeres leverandører?",
		body: "Vi vil gerne følge op på, hvad vores køb hos socialøkonomiske virksomheder skaber. Hvilke mål bruger I?",
		tags: []string{"effektmåling", "indkob"},
		answers: []answerSpec{
			{rasmus, "Vi beder om tre tal én gang om året: antal ansatte fra målgruppen, antal i forløb og antal, der gik videre til job eller uddannelse. Mere orker de små virksomheder ikke.", []string{morten, camilla, sara}},
			{camilla, "Vi bruger de samme tre tal og har tilføjet en kort fortælling. Politikerne husker fortællingerne bedre end tallene.", []string{morten}},
		},
	},
	{
		author: thomas, title: "Hvordan kommer man i gang med en strategi for socialøkonomi?",
		body: "Vi har ingen strategi og kun få samarbejder. Hvordan har andre kommuner grebet det an? Hvem skal med?",
		tags: []string{"strategi"},
		answers: []answerSpec{
			{sofie, "Start med en kortlægning af, hvad I allerede køber hos socialøkonomiske virksomheder, og tal med dem. Vores strategi fik tre mål med tal og årstal og en fast koordinator – det gjorde den levende.", []string{thomas, helle, kim}},
			{kim, "Få indkøb og jobcenter med fra starten. Hos os var det en strategi i socialforvaltningen, som indkøb ikke kendte til, og så skete der ingenting.", []string{thomas}},
		},
		accepted:  1,
		followers: []string{kim},
	},
	{
		author: kim, title: "Kan vi kræve RSV-registrering i et udbud?",
		body: "En kollega vil skrive i udbudsmaterialet, at tilbudsgiveren skal være registreret socialøkonomisk virksomhed. Er det lovligt?",
		tags: []string{"rsv", "udbud", "reserveret_kontrakt"},
		answers: []answerSpec{
			{louise, "Nej. Registreringen kan ikke være et krav. I en reserveret kontrakt er betingelsen de 30 % efter § 20, og registreringen kan højst bruges som en del af dokumentationen.", []string{kim, mette, pernille}},
		},
		accepted: 1,
	},
	{
		author: sara, title: "Hvor mange timer om ugen skal en koordinerende enhed have?",
		body: "Vi vil oprette en koordinerende enhed for socialøkonomi. Hvor stor er jeres, og hvor er den placeret?",
		tags: []string{"strategi", "koordinering"},
	},
}
