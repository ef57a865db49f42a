package demo

import (
	"fmt"
	"time"

	"github.com/samspil/samspil"
)

// strategySpec is one municipality's strategy. adopted "" is a strategy
// still being drafted. scale sizes the goals to the municipality.
type strategySpec struct {
	code     string
	title    string
	adopted  string // "2006-01-02"
	budgetKr int64
	scale    int64
	focus    string
}

// strategySpecs cover about a third of the 98 municipalities, adopted
// from 2016 to 2025; the rest have none, as in the roundtable's finding.
var strategySpecs = []strategySpec{
	{"0101", "Strategi for socialøkonomi og sociale partnerskaber 2023–2026", "2023-03-14", 4_500_000, 10, "indkøb og sociale klausuler"},
	{"0147", "Frederiksbergs socialøkonomiske handleplan", "2021-09-27", 600_000, 3, "rekruttering og fleksjob"},
	{"0151", "Socialøkonomi i Ballerup", "2019-05-20", 250_000, 2, "reserverede kontrakter"},
	{"0167", "Hvidovre Kommunes strategi for socialøkonomiske virksomheder", "2022-11-29", 400_000, 3, "reserverede kontrakter"},
	{"0173", "Partnerskaber med civilsamfund og socialøkonomi", "2020-02-03", 300_000, 2, "partnerskaber"},
	{"0185", "Tårnby – flere i job gennem socialøkonomi", "2017-06-12", 150_000, 1, "beskæftigelse"},
	{"0217", "Strategi for socialøkonomi i Helsingør 2024–2027", "2024-04-22", 500_000, 3, "indkøb"},
	{"0219", "Hillerød socialøkonomiske strategi", "2016-10-24", 0, 2, "beskæftigelse"},
	{"0259", "Køge – sociale hensyn i indkøb", "2025-01-28", 350_000, 2, "indkøb og reserverede kontrakter"},
	{"0265", "Roskilde: cirkulær økonomi og socialøkonomi", "2023-08-21", 800_000, 3, "laboratorier og cirkulær økonomi"},
	{"0316", "Socialøkonomisk strategi for Holbæk Kommune", "2018-03-19", 200_000, 2, "grøn drift"},
	{"0330", "Slagelse – partnerskaber for job", "2021-01-25", 300_000, 2, "rekruttering"},
	{"0360", "Lolland Kommunes strategi for socialøkonomi og grøn omstilling", "2022-06-20", 450_000, 2, "afknopning og genbrug"},
	{"0370", "Næstved – sociale klausuler i alle større udbud", "2020-10-26", 200_000, 2, "sociale klausuler"},
	{"0400", "Bornholms strategi for socialøkonomi", "2019-09-30", 250_000, 1, "genbrug og pilotprojekter"},
	{"0410", "Middelfart – socialøkonomi som vej til job", "", 0, 1, "rekruttering"},
	{"0461", "Odense Kommunes strategi for socialøkonomi 2022–2026", "2022-02-07", 3_200_000, 8, "resultatbaseret betaling og indkøb"},
	{"0479", "Svendborg – socialøkonomiske virksomheder som partnere", "2018-11-26", 300_000, 2, "afknopning"},
	{"0510", "Haderslev Kommunes socialøkonomiske strategi", "2024-09-23", 250_000, 2, "indkøb"},
	{"0540", "Sønderborg – genbrug, job og fællesskab", "2021-05-31", 350_000, 2, "intraprenørskab"},
	{"0561", "Esbjerg Kommunes strategi for sociale investeringer", "2023-11-27", 1_500_000, 4, "resultatbaseret betaling"},
	{"0607", "Fredericia – køb lokalt og socialt", "2016-04-18", 100_000, 2, "indkøb"},
	{"0621", "Kolding Kommunes strategi for socialøkonomi 2025–2028", "2025-02-24", 900_000, 4, "kompetenceløft"},
	{"0630", "Vejle – socialøkonomi i indkøb og beskæftigelse", "2020-08-31", 500_000, 3, "indkøb"},
	{"0661", "Holstebro Kommunes socialøkonomiske handleplan", "2019-02-25", 200_000, 2, "reserverede kontrakter"},
	{"0730", "Randers – flere job gennem sociale partnerskaber", "2022-09-26", 600_000, 3, "reserverede kontrakter"},
	{"0740", "Silkeborg Kommunes strategi for socialøkonomi", "2017-12-18", 300_000, 2, "kompetenceløft"},
	{"0751", "Aarhus Kommunes strategi for socialøkonomi og sociale klausuler 2024–2028", "2024-06-17", 5_000_000, 10, "sociale klausuler"},
	{"0787", "Thisted – fra værksted til virksomhed", "2021-10-25", 250_000, 1, "afknopning"},
	{"0791", "Viborg Kommunes strategi for socialøkonomi og innovation", "", 0, 2, "intraprenørskab"},
	{"0851", "Aalborg Kommunes socialøkonomiske strategi 2023–2027", "2023-05-22", 2_400_000, 6, "laboratorier og rekruttering"},
	{"0860", "Hjørring – stærke socialøkonomiske virksomheder", "2024-01-29", 300_000, 2, "kompetenceløft"},
}

// buildStrategy turns a spec into a strategy with three or four goals
// scaled to the municipality, due three to five years after adoption.
func buildStrategy(i int, s strategySpec) *samspil.Strategy {
	base := 2026
	var adopted *time.Time
	if s.adopted != "" {
		t, err := time.Parse("2006-01-02", s.adopted)
		if err != nil {
			panic("demo: bad adoption date " + s.adopted)
		}
		adopted = &t
		base = t.Year()
	}
	due := base + 3 + i%3
	goals := []samspil.StrategyGoal{
		{Description: "Samarbejder mellem kommunen og socialøkonomiske virksomheder", Target: 4 * s.scale, Unit: "partnerskaber", Year: due},
		{Description: "Borgere fra målgrupperne i job eller uddannelse via samarbejderne", Target: 15 * s.scale, Unit: "personer", Year: due},
		{Description: "Indkøb hos socialøkonomiske virksomheder", Target: 500_000 * s.scale, Unit: "kr. om året", Year: due},
	}
	if i%2 == 0 {
		goals = append(goals, samspil.StrategyGoal{Description: "Udbud med reservation eller social klausul", Target: 2 + s.scale, Unit: "udbud om året", Year: due})
	}
	text := fmt.Sprintf("Strategien sætter retning for kommunens arbejde med socialøkonomiske virksomheder med særligt fokus på %s.\n\n"+
		"## Mål\n\nKommunen vil skabe flere arbejdspladser og forløb for borgere på kanten af arbejdsmarkedet ved at samarbejde med socialøkonomiske virksomheder, foreninger og lokale virksomheder.\n\n"+
		"## Sådan arbejder vi\n\n- En fast koordinator er indgang for virksomhederne.\n- Indkøb vurderer i alle relevante indkøb, om kontrakten kan reserveres eller få en social klausul.\n- Jobcentret og socialforvaltningen deltager i de konkrete samarbejder.\n- Vi følger op på målene én gang om året og offentliggør status.",
		s.focus)
	st := &samspil.Strategy{
		MunicipalityCode: s.code, Title: s.title, AdoptedOn: adopted, Text: text, Goals: goals,
		BudgetOre: s.budgetKr * 100,
	}
	switch {
	case s.adopted == "":
		st.Text = "Udkast til politisk behandling. " + st.Text
		st.BudgetNote = "Budgettet fastlægges ved næste budgetforhandling."
	case s.budgetKr == 0:
		st.BudgetNote = "Arbejdet finansieres inden for forvaltningernes eksisterende budgetter."
	default:
		st.BudgetNote = "Årligt beløb til koordinering, netværk og udviklingsprojekter."
	}
	return st
}

// unitSpecs are the demo's coordination units: most municipalities with a
// strategy have one, a few have a unit without a strategy. No phone
// numbers, so no real number is printed by accident.
var unitSpecs = []struct{ code, name, dept, email string }{
	{"0101", "Center for Socialøkonomi", "Beskæftigelses- og Integrationsforvaltningen", "socialoekonomi@kk.kommune.example"},
	{"0147", "Socialøkonomisk sekretariat", "Social-, Sundheds- og Beskæftigelsesområdet", "socialoekonomi@frederiksberg.kommune.example"},
	{"0167", "Enheden for sociale partnerskaber", "Center for Beskæftigelse", "partnerskaber@hvidovre.kommune.example"},
	{"0217", "Koordinator for socialøkonomi", "Erhverv og Beskæftigelse", "socialoekonomi@helsingoer.kommune.example"},
	{"0259", "Team Sociale Indkøb", "Økonomi og Indkøb", "sociale.indkoeb@koege.kommune.example"},
	{"0265", "Roskilde Socialøkonomi", "Kultur og Erhverv", "socialoekonomi@roskilde.kommune.example"},
	{"0360", "Socialøkonomisk Vækstcenter", "Job og Uddannelse", "vaekstcenter@lolland.kommune.example"},
	{"0376", "Netværk for socialøkonomi", "Jobcenter Guldborgsund", "socialoekonomi@guldborgsund.kommune.example"},
	{"0461", "Odense Socialøkonomi", "Beskæftigelses- og Socialforvaltningen", "socialoekonomi@odense.kommune.example"},
	{"0540", "Koordinator for socialøkonomi og genbrug", "Teknik og Miljø", "genbrug@sonderborg.kommune.example"},
	{"0561", "Sociale Investeringer Esbjerg", "Borgerservice og Arbejdsmarked", "sociale.investeringer@esbjerg.kommune.example"},
	{"0621", "Erhvervsservice for socialøkonomi", "Erhverv og Beskæftigelse", "socialoekonomi@kolding.kommune.example"},
	{"0630", "Socialøkonomisk koordinering", "Job og Borgerservice", "socialoekonomi@vejle.kommune.example"},
	{"0730", "Sociale partnerskaber Randers", "Beskæftigelse og Integration", "partnerskaber@randers.kommune.example"},
	{"0751", "Aarhus Socialøkonomi", "Sociale Forhold og Beskæftigelse", "socialoekonomi@aarhus.kommune.example"},
	{"0756", "Koordinator for socialøkonomi", "Arbejdsmarked", "socialoekonomi@ikast-brande.kommune.example"},
	{"0787", "Socialøkonomi Thy", "Arbejdsmarked og Uddannelse", "socialoekonomi@thisted.kommune.example"},
	{"0851", "Aalborg Socialøkonomi", "Familie- og Beskæftigelsesforvaltningen", "socialoekonomi@aalborg.kommune.example"},
	{"0860", "Erhvervskontoret – socialøkonomi", "Erhverv og Udvikling", "erhverv@hjorring.kommune.example"},
}

// CoordinationUnits returns the demo's coordination units.
func CoordinationUnits() []*samspil.CoordinationUnit {
	out := make([]*samspil.CoordinationUnit, 0, len(unitSpecs))
	for _, u := range unitSpecs {
		out = append(out, &samspil.CoordinationUnit{MunicipalityCode: u.code, Name: u.name, Department: u.dept, Email: u.email})
	}
	return out
}
