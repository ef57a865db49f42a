package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

func init() {
	opportunityTests = append(opportunityTests, []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"MatchCandidates", testMatchCandidates},
		{"OpportunityCandidates", testOpportunityCandidates},
	}...)
}

func candidateNames(cs []*samspil.MatchCandidate) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return strings.Join(out, ", ")
}

func testMatchCandidates(t *testing.T, e *env) {
	f := newOppFixture(t, e) // sov: 0101, 50110000-9 + 90911200-8, udsatte_ledige
	add := func(n int, name string, kind samspil.OrgKind, muni string, cpv, tgs []string) *samspil.Organisation {
		o := newOrg(n, name)
		o.Kind, o.MunicipalityCode, o.CPVCodes, o.TargetGroups = kind, muni, cpv, tgs
		must(t, e.s.CreateOrganisation(e.ctx, o))
		return o
	}
	sameGroup := add(21, "Samme gruppe", samspil.OrgSOV, "0147", []string{"50100000-6"}, nil) // shares group 501
	sameClass := add(22, "Samme klasse", samspil.OrgSOV, "0101", []string{"50116000-1"}, nil) // shares class 5011 (and category 50116? no: 50110)
	onlyGroup := add(23, "Kun målgruppe", samspil.OrgSOV, "0101", []string{"15000000-8"}, []string{"udsatte_ledige"})
	add(24, "Intet fælles", samspil.OrgSOV, "0101", []string{"15000000-8"}, []string{"handicap"})
	add(25, "Virksomhed med samme kode", samspil.OrgVirksomhed, "0101", []string{"50110000-9"}, []string{"udsatte_ledige"})
	far := add(26, "Langt væk", samspil.OrgSOV, "0851", []string{"50110000-9"}, nil) // Aalborg

	o := f.newNeed("Cykelreparation") // 0101, radius 50, 50110000-9, udsatte_ledige
	must(t, e.s.CreateOpportunity(e.ctx, o))
	got, err := e.s.MatchCandidates(e.ctx, o, 0)
	must(t, err)
	want := strings.Join([]string{f.sov.Name, sameClass.Name, sameGroup.Name, onlyGroup.Name}, ", ")
	if candidateNames(got) != want {
		t.Fatalf("candidates = %s, want %s", candidateNames(got), want)
	}
	c := got[0]
	if c.OrganisationID != f.sov.ID || c.Kind != samspil.OrgSOV || c.MunicipalityCode != "0101" || c.Capacity != 8 ||
		strings.Join(c.CPVCodes, ",") != "50110000-9,90911200-8" || strings.Join(c.TargetGroups, ",") != "udsatte_ledige" ||
		!c.UpdatedAt.Equal(Start) || c.RSVRegistered || c.CompletedPartnerships != 0 {
		t.Fatalf("candidate = %+v", c)
	}
	// Asking again gives the same answer, whatever the caller did to the first.
	got[0].Name, got[0].CompletedPartnerships = "Ændret af kalderen", 99
	again, err := e.s.MatchCandidates(e.ctx, o, 0)
	must(t, err)
	if candidateNames(again) != want || again[0].CompletedPartnerships != 0 {
		t.Fatalf("second answer = %s", candidateNames(again))
	}
	// A change to a candidate shows at once: a new CPV code moves "Kun målgruppe" up.
	cpv := []string{"50110000-9"}
	_, err = e.s.UpdateOrganisation(e.ctx, onlyGroup.ID, samspil.OrganisationUpdate{CPVCodes: &cpv})
	must(t, err)
	again, err = e.s.MatchCandidates(e.ctx, o, 0)
	must(t, err)
	if len(again) != 4 || again[1].OrganisationID != onlyGroup.ID {
		t.Fatalf("after a profile change = %s", candidateNames(again))
	}
	cpv = []string{"15000000-8"}
	_, err = e.s.UpdateOrganisation(e.ctx, onlyGroup.ID, samspil.OrganisationUpdate{CPVCodes: &cpv})
	must(t, err)
	// The limit bounds the list, keeping the most specific.
	got, err = e.s.MatchCandidates(e.ctx, o, 2)
	must(t, err)
	if candidateNames(got) != f.sov.Name+", "+sameClass.Name {
		t.Fatalf("limit 2 = %s", candidateNames(got))
	}
	// Without a radius the whole country counts.
	zero := 0
	o, err = e.s.UpdateOpportunity(e.ctx, o.ID, samspil.OpportunityUpdate{RadiusKm: &zero})
	must(t, err)
	got, err = e.s.MatchCandidates(e.ctx, o, 0)
	must(t, err)
	if !strings.Contains(candidateNames(got), far.Name) || len(got) != 5 {
		t.Fatalf("no radius = %s", candidateNames(got))
	}
	// RSV status is carried.
	_, err = e.s.SetRSVRegistration(e.ctx, f.sov.ID, true)
	must(t, err)
	got, err = e.s.MatchCandidates(e.ctx, o, 0)
	must(t, err)
	for _, c := range got {
		if c.RSVRegistered != (c.OrganisationID == f.sov.ID) {
			t.Fatalf("rsv of %s = %v", c.Name, c.RSVRegistered)
		}
	}

	// A call for partners matches every kind, but never its own poster.
	p := &samspil.Opportunity{OrganisationID: f.sov.ID, Kind: samspil.OppPartnerskab, Title: "Pilot", CPVCodes: []string{"50110000-9"}, MunicipalityCode: "0101"}
	must(t, e.s.CreateOpportunity(e.ctx, p))
	got, err = e.s.MatchCandidates(e.ctx, p, 0)
	must(t, err)
	names := candidateNames(got)
	if strings.Contains(names, f.sov.Name) || !strings.Contains(names, "Virksomhed med samme kode") || !strings.Contains(names, far.Name) {
		t.Fatalf("partnerskab candidates = %s", names)
	}
	// Mentoring without target groups: recently updated counterparts nearby.
	m := &samspil.Opportunity{OrganisationID: f.firm.ID, Kind: samspil.OppMentorTilbud, Title: "Mentor", ExpertiseAreas: []string{"jura"}, MunicipalityCode: "0101", RadiusKm: 30}
	must(t, e.s.CreateOpportunity(e.ctx, m))
	e.clock.Add(time.Hour)
	desc := "Opdateret"
	_, err = e.s.UpdateOrganisation(e.ctx, onlyGroup.ID, samspil.OrganisationUpdate{Description: &desc})
	must(t, err)
	got, err = e.s.MatchCandidates(e.ctx, m, 0)
	must(t, err)
	if len(got) == 0 || got[0].OrganisationID != onlyGroup.ID || strings.Contains(candidateNames(got), far.Name) {
		t.Fatalf("mentoring candidates = %s", candidateNames(got))
	}
	for _, c := range got {
		if c.Kind != samspil.OrgSOV {
			t.Fatalf("mentoring offer matched a %s", c.Kind)
		}
	}
	// Track record counts are empty without completed partnerships.
	counts, err := e.s.CompletedPartnershipCounts(e.ctx, nil)
	must(t, err)
	if len(counts) != 0 {
		t.Fatalf("counts = %v", counts)
	}
}

func testOpportunityCandidates(t *testing.T, e *env) {
	f := newOppFixture(t, e) // sov: 0101, 50110000-9 + 90911200-8, udsatte_ledige
	aalborg, err := e.s.FindMunicipalityOrganisation(e.ctx, "0851")
	must(t, err)
	post := func(o *samspil.Opportunity) *samspil.Opportunity {
		t.Helper()
		must(t, e.s.CreateOpportunity(e.ctx, o))
		e.clock.Add(time.Minute)
		return o
	}
	need := func(title, cpv string, tgs []string) *samspil.Opportunity {
		o := f.newNeed(title)
		o.CPVCodes, o.TargetGroups = []string{cpv}, tgs
		return o
	}
	exact := post(need("Samme kode", "50110000-9", nil))
	group := post(need("Samme gruppe", "50100000-6", nil))
	tg := post(need("Samme målgruppe", "15000000-8", []string{"udsatte_ledige"}))
	post(need("Intet fælles", "15000000-8", []string{"handicap"}))
	closed := post(need("Lukket", "50110000-9", nil))
	filled := samspil.OppFilled
	_, err = e.s.UpdateOpportunity(e.ctx, closed.ID, samspil.OpportunityUpdate{Status: &filled})
	must(t, err)
	expiring := need("Udløber", "50110000-9", nil)
	dl := e.clock.Now().Add(time.Hour)
	expiring.Deadline = &dl
	post(expiring)
	farNear := need("Aalborg, kun nær", "50110000-9", nil)
	farNear.OrganisationID, farNear.MunicipalityCode, farNear.RadiusKm = aalborg.ID, "0851", 20
	post(farNear)
	farAll := need("Aalborg, hele landet", "50110000-9", nil)
	farAll.OrganisationID, farAll.MunicipalityCode, farAll.RadiusKm = aalborg.ID, "0851", 0
	post(farAll)
	post(&samspil.Opportunity{OrganisationID: f.sov.ID, Kind: samspil.OppPartnerskab, Title: "Egen pilot", CPVCodes: []string{"50110000-9"}, MunicipalityCode: "0101"})
	post(&samspil.Opportunity{OrganisationID: f.sov2.ID, Kind: samspil.OppYdelse, Title: "Andens ydelse", CPVCodes: []string{"50110000-9"}, MunicipalityCode: "0101"})
	post(&samspil.Opportunity{OrganisationID: f.sov2.ID, Kind: samspil.OppYdelse, Title: "Byggeydelse", CPVCodes: []string{"45000000-7"}, MunicipalityCode: "0630"})
	post(&samspil.Opportunity{OrganisationID: f.sov2.ID, Kind: samspil.OppMentorBehov, Title: "Mentorbehov", ExpertiseAreas: []string{"okonomi"}, MunicipalityCode: "0630"})
	mentor := post(&samspil.Opportunity{OrganisationID: f.firm.ID, Kind: samspil.OppMentorTilbud, Title: "Mentor", ExpertiseAreas: []string{"jura"}, MunicipalityCode: "0101"})
	e.clock.Add(2 * time.Hour) // "Udløber" is now past its deadline

	sov, err := e.s.FindOrganisationByID(e.ctx, f.sov.ID)
	must(t, err)
	got, err := e.s.OpportunityCandidates(e.ctx, sov, 0)
	must(t, err)
	var titles []string
	for _, o := range got {
		titles = append(titles, o.Title)
		if o.OrganisationName == "" || o.CPVCodes == nil {
			t.Fatalf("incomplete %+v", o)
		}
	}
	// Exact codes first (in any order), then broader, then target group, then mentoring.
	want := []string{exact.Title, farAll.Title, group.Title, tg.Title, mentor.Title}
	if len(titles) == len(want) && titles[0] == farAll.Title {
		titles[0], titles[1] = titles[1], titles[0]
	}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Fatalf("opportunity candidates = %v, want %v", titles, want)
	}
	got, err = e.s.OpportunityCandidates(e.ctx, sov, 1)
	must(t, err)
	if len(got) != 1 || (got[0].ID != exact.ID && got[0].ID != farAll.ID) {
		t.Fatalf("limit 1 = %v", got)
	}
	// A company is matched with SØV offers and mentoring needs, not procurement.
	firm, err := e.s.FindOrganisationByID(e.ctx, f.firm.ID)
	must(t, err)
	got, err = e.s.OpportunityCandidates(e.ctx, firm, 0)
	must(t, err)
	for _, o := range got {
		if o.Kind == samspil.OppIndkobsbehov || o.Kind == samspil.OppMentorTilbud {
			t.Fatalf("company got %s %q", o.Kind, o.Title)
		}
	}
	if len(got) != 2 || got[0].Title != "Byggeydelse" || got[1].Title != "Mentorbehov" {
		t.Fatalf("company candidates = %+v", got)
	}
}
