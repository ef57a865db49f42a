// Package demo generates the deterministic demo data set: realistic but
// fictional Danish organisations of every kind, spread over the country, so
// that a newcomer who starts `samspil serve --demo` sees a living platform,
// and so that benchmarks can load any number of organisations reproducibly.
//
// All names are invented and no person is named. CVR numbers pass the
// modulus-11 check but are drawn from the top of the number range
// (97–99 million) and are not checked against the real CVR register.
package demo

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// HandwrittenCount is the number of hand-written organisations; asking for
// at most this many returns (a prefix of) them.
var HandwrittenCount = len(handwritten)

// Reference years for social effects and RSV verification dates, fixed so
// the output never depends on the clock.
const (
	lastEffectYear = 2025
)

var rsvVerified = time.Date(2025, time.September, 15, 10, 0, 0, 0, time.UTC)

// Organisations returns n organisations. The first ones (up to
// HandwrittenCount) are hand-written; further ones are generated from seed
// by combining trades, towns and name parts. The same n, seed and
// municipalities always give the same result, with unique CVR numbers.
// munis is the list to place organisations in (nil: all 98 municipalities).
// IDs and timestamps are left to the store. RSVRegistered and RSVVerifiedAt
// are set on a few SØV; a loader that goes through the store's create path
// should apply them with SetRSVRegistration.
func Organisations(n int, seed int64, munis []*samspil.Municipality) []*samspil.Organisation {
	out := make([]*samspil.Organisation, 0, max(n, 0))
	for o := range OrganisationSeq(n, seed, munis) {
		out = append(out, o)
	}
	return out
}

// OrganisationSeq yields the same organisations as Organisations, one at a
// time, so a bulk load of a million never holds them all in memory.
func OrganisationSeq(n int, seed int64, munis []*samspil.Municipality) iter.Seq[*samspil.Organisation] {
	return func(yield func(*samspil.Organisation) bool) {
		if n <= 0 {
			return
		}
		if len(munis) == 0 {
			munis = refdata.Municipalities()
		}
		byCode := make(map[string]*samspil.Municipality, len(munis))
		for _, m := range munis {
			byCode[m.Code] = m
		}
		// Sort a copy by code so the caller's order does not change the output.
		sorted := append([]*samspil.Municipality(nil), munis...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i].Code < sorted[j].Code })

		count := 0
		hw := interleaveByRegion(handwritten, byCode)
		cvrs := newCVRSeq(99_900_000, +1)
		for i, s := range hw {
			if count == n {
				return
			}
			count++
			if !yield(fromSpec(i, s, byCode, sorted, cvrs.next())) {
				return
			}
		}
		g := newGenerator(seed, sorted)
		for _, s := range handwritten {
			g.names[s.name] = 1
		}
		for ; count < n; count++ {
			if !yield(g.next()) {
				return
			}
		}
	}
}

// interleaveByRegion orders the hand-written specs round-robin over the
// regions, so any prefix of the list is spread over the whole country.
func interleaveByRegion(specs []spec, byCode map[string]*samspil.Municipality) []spec {
	groups := map[string][]spec{}
	var regions []string
	for _, s := range specs {
		r := ""
		if m, ok := byCode[s.muni]; ok {
			r = m.RegionCode
		}
		if _, seen := groups[r]; !seen {
			regions = append(regions, r)
		}
		groups[r] = append(groups[r], s)
	}
	sort.Strings(regions)
	out := make([]spec, 0, len(specs))
	for len(out) < len(specs) {
		for _, r := range regions {
			if len(groups[r]) > 0 {
				out = append(out, groups[r][0])
				groups[r] = groups[r][1:]
			}
		}
	}
	return out
}

func fromSpec(i int, s spec, byCode map[string]*samspil.Municipality, sorted []*samspil.Municipality, cvr string) *samspil.Organisation {
	t := trades[s.trade]
	muni, city, postal := s.muni, s.city, s.postal
	if _, ok := byCode[muni]; !ok {
		// The caller passed a subset of municipalities: place it in one of them.
		m := sorted[i%len(sorted)]
		muni, city, postal = m.Code, m.Name, ""
	}
	slug := slugify(s.name)
	o := &samspil.Organisation{
		CVR:                    cvr,
		Name:                   s.name,
		Kind:                   s.kind,
		MunicipalityCode:       muni,
		Address:                fmt.Sprintf("%s %d", streets[i%len(streets)], 3+(i*7)%60),
		PostalCode:             postal,
		City:                   city,
		Website:                "https://" + slug + ".example",
		Email:                  "kontakt@" + slug + ".example",
		Description:            s.desc,
		Sectors:                append([]string(nil), t.sectors...),
		CPVCodes:               append([]string(nil), t.cpv...),
		TargetGroups:           append([]string{}, s.groups...),
		Capacity:               s.capacity,
		Employees:              s.emp,
		DisadvantagedEmployees: s.dis,
		TurnoverOre:            turnover(s.kind, s.emp, i),
	}
	if s.kind == samspil.OrgAndet && i%3 == 0 {
		o.CVR = "" // some associations have no CVR number
	}
	o.RSVCriteria = rsvCriteria(s.kind, i, s.rsv)
	o.Effects = effects(s.kind, i, s.dis, s.capacity)
	if s.rsv {
		o.RSVRegistered = true
		at := rsvVerified.AddDate(0, -(i % 9), -(i % 13))
		o.RSVVerifiedAt = &at
	}
	return o
}

// turnover is a believable yearly turnover in øre for the head count.
func turnover(kind samspil.OrgKind, employees, i int) int64 {
	perHead := int64(420_000 + (i*37_000)%260_000) // kroner per employee
	switch kind {
	case samspil.OrgVirksomhed:
		perHead += 600_000
	case samspil.OrgAndet:
		perHead /= 2
	}
	kr := perHead * int64(employees)
	if kr == 0 && kind == samspil.OrgAndet {
		kr = 40_000 + int64(i%10)*15_000 // membership fees and small grants
	}
	return kr / 1000 * 1000 * 100
}

var justifications = [5][]string{
	{
		"Vores formål er at skabe arbejde og udvikling for mennesker, der står uden for arbejdsmarkedet.",
		"Virksomheden er stiftet for at give sårbare borgere en fast plads i et arbejdsfællesskab.",
		"Formålet står i vedtægterne: job og uddannelse til mennesker på kanten af arbejdsmarkedet.",
	},
	{
		"Over 80 procent af omsætningen kommer fra salg af ydelser til private og offentlige kunder.",
		"Vi lever af at sælge vores ydelser på markedsvilkår; tilskud udgør en mindre del af økonomien.",
		"Hovedparten af indtægterne er betaling fra kunder, ikke tilskud.",
	},
	{
		"Ingen offentlig myndighed har bestemmende indflydelse; bestyrelsen er uafhængig.",
		"Virksomheden ejes af en forening, og kommunen har ingen pladser i bestyrelsen.",
		"Vi er selvejende, og offentlige kunder har ingen indflydelse på ledelsen.",
	},
	{
		"Medarbejderne har to pladser i bestyrelsen, og vi holder personalemøde hver uge.",
		"Ansatte og brugere inddrages i beslutninger gennem et medarbejderråd.",
		"Vi har en medarbejdervalgt bestyrelse og gennemsigtige beslutninger.",
	},
	{
		"Overskud geninvesteres i virksomheden eller går til almennyttige formål.",
		"Der udbetales ikke udbytte; overskud bruges på flere praktikpladser.",
		"Vedtægterne sikrer, at overskud bliver i virksomheden eller går til sociale formål.",
	},
}

func rsvCriteria(kind samspil.OrgKind, i int, registered bool) [5]samspil.RSVCriterion {
	var c [5]samspil.RSVCriterion
	declared := 0
	switch {
	case kind != samspil.OrgSOV:
		if kind == samspil.OrgAndet {
			declared = 1 // associations share the social purpose, nothing more
		}
	case registered || i%4 != 3:
		declared = 5
	default:
		declared = 3 // an SØV still on its way to registration
	}
	for k := 0; k < declared; k++ {
		c[k] = samspil.RSVCriterion{Declared: true, Justification: justifications[k][(i+k)%len(justifications[k])]}
	}
	return c
}

func effects(kind samspil.OrgKind, i, disadvantaged, capacity int) []samspil.SocialEffect {
	if kind == samspil.OrgVirksomhed && disadvantaged == 0 {
		return []samspil.SocialEffect{}
	}
	years := 2 + i%2
	out := make([]samspil.SocialEffect, 0, years)
	for y := 0; y < years; y++ {
		year := lastEffectYear - years + 1 + y
		grow := 1 + y
		e := samspil.SocialEffect{
			Year:                year,
			TargetGroupEmployed: max(0, disadvantaged-years+grow),
			PeopleInProgrammes:  capacity * (3 + (i+y)%3) / 2,
		}
		e.ToOrdinaryWork = e.PeopleInProgrammes / (4 + (i+y)%3)
		e.ToEducation = e.PeopleInProgrammes / (7 + (i+y)%4)
		if kind == samspil.OrgVirksomhed {
			e.PeopleInProgrammes = min(e.PeopleInProgrammes, 4)
			e.ToEducation = 0
		}
		if y == years-1 && kind == samspil.OrgSOV {
			e.Note = notes[(i+y)%len(notes)]
		}
		out = append(out, e)
	}
	return out
}

var notes = []string{
	"Tallene er opgjort sammen med jobcenteret.",
	"Flere gik videre til fleksjob i private virksomheder.",
	"Året bød på en ny fast kontrakt med kommunen.",
	"To medarbejdere startede på en erhvervsuddannelse.",
	"Opgjort efter samme metode som året før.",
}

var streets = []string{
	"Industrivej", "Værkstedsvej", "Havnegade", "Stationsvej", "Nørregade", "Søndergade",
	"Vestergade", "Østergade", "Fabriksvej", "Håndværkervej", "Møllevej", "Skolegade",
	"Banegårdsgade", "Engvej", "Kirkevej", "Smedevej",
}

var slugReplacer = strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "é", "e", "&", "og")

// slugify makes a host name label from an organisation name.
func slugify(name string) string {
	s := slugReplacer.Replace(strings.ToLower(name))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 60 {
		out = strings.TrimSuffix(out[:60], "-")
	}
	return out
}

// cvrSeq hands out distinct CVR numbers that pass the modulus-11 check,
// walking the number range in one direction.
type cvrSeq struct {
	n, step int
}

func newCVRSeq(start, step int) *cvrSeq { return &cvrSeq{n: start, step: step} }

var cvrWeights = [8]int{2, 7, 6, 5, 4, 3, 2, 1}

func (c *cvrSeq) next() string {
	for {
		n := c.n
		c.n += c.step
		if n < 10_000_000 || n > 99_999_999 {
			panic("demo: CVR number range exhausted")
		}
		sum, m := 0, n
		for i := 7; i >= 0; i-- {
			sum += (m % 10) * cvrWeights[i]
			m /= 10
		}
		if sum%11 == 0 {
			return fmt.Sprintf("%08d", n)
		}
	}
}

// generator makes further organisations from a seeded random source.
type generator struct {
	rng   *rand.Rand
	munis []*samspil.Municipality
	cvrs  *cvrSeq
	names map[string]int
	i     int
}

func newGenerator(seed int64, munis []*samspil.Municipality) *generator {
	// Generated CVR numbers walk down from below the hand-written block; the
	// seed shifts the start so two seeds give different data sets.
	start := 99_800_000 - int(uint64(seed)%100)*1000
	return &generator{
		rng:   rand.New(rand.NewPCG(uint64(seed), 0x5a4d5350494c)),
		munis: munis,
		cvrs:  newCVRSeq(start, -1),
		names: make(map[string]int),
	}
}

var (
	themes        = []string{"Ny Start", "Broen", "Ankeret", "Kompasset", "Fyrtårnet", "Hånd i Hånd", "Fælles Fodslag", "Nye Veje", "Trinet", "Samvirke", "Fællesgrunden", "Lygten", "Spiren", "Kilden", "Solsikken", "Vendepunktet"}
	brands        = []string{"Nordlys", "Kompas", "Fjord", "Bølge", "Egetræ", "Lærk", "Kilde", "Spir", "Bakke", "Klint", "Hede", "Vestvind", "Østerlys", "Sydkyst", "Kløver", "Ravn"}
	companySuffix = []string{"ApS", "A/S", "ApS", "I/S", "& Co. ApS", "A/S"}
	sovSuffix     = []string{"", "", "ApS", "S.M.B.A."}
	otherNouns    = map[string][]string{
		"forening":       {"Foreningen", "Fællesskabet", "Netværket"},
		"fond":           {"Fonden", "Støttefonden"},
		"uddannelse":     {"Værkstedsskolen", "Kursuscentret", "Læringsværkstedet"},
		"beskaeftigelse": {"Mentorhuset", "Jobbroen", "Brobygningen"},
	}
	// placeNames are how the generated descriptions say "in <municipality>"
	// where the plain name reads oddly.
	placeNames = map[string]string{
		"Bornholm": "på Bornholm", "Samsø": "på Samsø", "Ærø": "på Ærø", "Fanø": "på Fanø", "Læsø": "på Læsø",
		"Langeland": "på Langeland", "Lolland": "på Lolland", "Morsø": "på Mors",
		"Vesthimmerlands": "i Vesthimmerland", "Nordfyns": "på Nordfyn",
	}
)

func inPlace(name string) string {
	if p, ok := placeNames[name]; ok {
		return p
	}
	return "i " + name
}

func (g *generator) next() *samspil.Organisation {
	g.i++
	r := g.rng
	m := g.munis[r.IntN(len(g.munis))]
	var kind samspil.OrgKind
	var tradeKey string
	switch p := r.IntN(100); {
	case p < 45:
		kind, tradeKey = samspil.OrgSOV, sovTrades[r.IntN(len(sovTrades))]
	case p < 85:
		kind, tradeKey = samspil.OrgVirksomhed, companyTrades[r.IntN(len(companyTrades))]
	default:
		kind, tradeKey = samspil.OrgAndet, otherTrades[r.IntN(len(otherTrades))]
	}
	t := trades[tradeKey]
	noun := t.nouns[r.IntN(len(t.nouns))]
	var name string
	switch kind {
	case samspil.OrgSOV:
		if r.IntN(2) == 0 {
			name = fmt.Sprintf("%s %s %s", m.Name, noun, pick(r, sovSuffix))
		} else {
			name = fmt.Sprintf("%s %s %s", noun, pick(r, themes), pick(r, sovSuffix))
		}
	case samspil.OrgVirksomhed:
		if r.IntN(2) == 0 {
			name = fmt.Sprintf("%s %s %s", m.Name, noun, pick(r, companySuffix))
		} else {
			name = fmt.Sprintf("%s %s %s", pick(r, brands), noun, pick(r, companySuffix))
		}
	default:
		name = fmt.Sprintf("%s %s, %s", pick(r, otherNouns[tradeKey]), pick(r, themes), m.Name)
	}
	name = strings.TrimSpace(name)
	if k := g.names[name]; k > 0 {
		g.names[name] = k + 1
		name = fmt.Sprintf("%s %d", name, k+1)
	} else {
		g.names[name] = 1
	}

	var groups []string
	emp, dis, capacity := 0, 0, 0
	switch kind {
	case samspil.OrgSOV:
		groups = pickGroups(r, 1+r.IntN(2))
		emp = 4 + r.IntN(40)
		dis = emp * (15 + r.IntN(60)) / 100 // some above 30%, some below
		capacity = 2 + r.IntN(15)
	case samspil.OrgVirksomhed:
		emp = 5 + r.IntN(300)
		dis = r.IntN(1 + emp/25)
		if dis > 0 {
			groups = pickGroups(r, 1)
		}
	default:
		groups = pickGroups(r, 1+r.IntN(2))
		emp = r.IntN(8)
		capacity = 10 + r.IntN(60)
	}
	var tgNames []string
	for _, c := range groups {
		tgNames = append(tgNames, strings.ToLower(targetGroupName(c)))
	}
	desc := fmt.Sprintf("%s %s %s.", name, t.activity, inPlace(m.Name))
	switch kind {
	case samspil.OrgSOV:
		desc += fmt.Sprintf(" Vi skaber arbejdspladser og forløb for %s med faste rammer og en personlig kontaktperson.", joinDa(tgNames))
		desc += " Overskuddet bliver i virksomheden og går til flere praktikpladser."
	case samspil.OrgVirksomhed:
		desc += " Vi vil gerne samarbejde med socialøkonomiske virksomheder om underleverancer og praktikpladser."
	default:
		desc += fmt.Sprintf(" Arbejdet er rettet mod %s og bygger på frivillige og lokale partnere.", joinDa(tgNames))
	}
	if groups == nil {
		groups = []string{}
	}
	slug := slugify(name)
	registered := kind == samspil.OrgSOV && r.IntN(8) == 0
	i := HandwrittenCount + g.i
	o := &samspil.Organisation{
		CVR:                    g.cvrs.next(),
		Name:                   name,
		Kind:                   kind,
		MunicipalityCode:       m.Code,
		Address:                fmt.Sprintf("%s %d", pick(r, streets), 1+r.IntN(120)),
		City:                   m.Name,
		Website:                "https://" + slug + ".example",
		Description:            desc,
		Sectors:                append([]string(nil), t.sectors...),
		CPVCodes:               pickCPV(r, t.cpv),
		TargetGroups:           groups,
		Capacity:               capacity,
		Employees:              emp,
		DisadvantagedEmployees: dis,
		TurnoverOre:            turnover(kind, emp, i),
		RSVCriteria:            rsvCriteria(kind, i, registered),
		Effects:                effects(kind, i, dis, capacity),
	}
	if kind == samspil.OrgAndet && r.IntN(3) == 0 {
		o.CVR = ""
	}
	if registered {
		at := rsvVerified.AddDate(0, -r.IntN(24), -r.IntN(28))
		o.RSVRegistered, o.RSVVerifiedAt = true, &at
	}
	return o
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func pickGroups(r *rand.Rand, k int) []string {
	perm := r.Perm(len(samspil.DefaultTargetGroups))
	out := make([]string, 0, k)
	for _, p := range perm[:k] {
		out = append(out, samspil.DefaultTargetGroups[p].Code)
	}
	return out
}

// pickCPV keeps the trade's main code and a random subset of the rest.
func pickCPV(r *rand.Rand, codes []string) []string {
	out := []string{codes[0]}
	for _, c := range codes[1:] {
		if r.IntN(2) == 0 {
			out = append(out, c)
		}
	}
	return out
}

func targetGroupName(code string) string {
	for _, g := range samspil.DefaultTargetGroups {
		if g.Code == code {
			return g.NameDA
		}
	}
	return code
}

// joinDa joins words the Danish way: "a, b og c".
func joinDa(words []string) string {
	switch len(words) {
	case 0:
		return "mennesker på kanten af arbejdsmarkedet"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " og " + words[len(words)-1]
}
