package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/samspil/samspil"
)

// searchTests are the contract tests of the platform search; Run appends
// them to its list. The relevance set runs the same Danish queries on both
// databases and expects the same top results.
var searchTests = []struct {
	name string
	fn   func(t *testing.T, e *env)
}{
	{"SearchRelevance", testSearchRelevance},
	{"SearchFacets", testSearchFacets},
	{"SearchPagingAndSorts", testSearchPagingAndSorts},
	{"SearchBadInput", testSearchBadInput},
	{"SearchIndexFollowsWrites", testSearchIndexFollowsWrites},
	{"Suggest", testSuggest},
}

// searchOrg is one organisation of the relevance world.
type searchOrg struct {
	name, kind, muni, desc string
	cpv, sectors, groups   []string
	rsv                    bool
}

// searchWorld is a small Danish world with stems, compounds, æøå and
// "aa" place names to find.
var searchWorld = []searchOrg{
	{"Cykelværkstedet Vejle", "sov", "0630", "Vi reparerer cykler og sælger brugte cykler. Unge uden uddannelse lærer et håndværk hos os.", []string{"50000000-5"}, []string{"G"}, []string{"unge_uden_uddannelse"}, true},
	{"Aabenraa Cykler", "virksomhed", "0580", "Salg af nye cykler, el-cykler og cykeludstyr til hele Sønderjylland.", []string{"34430000-0"}, []string{"G"}, nil, false},
	{"Cyklen og Hjulet", "andet", "0101", "Forening der lærer børn at cykle og låner cyklen ud.", nil, []string{"S"}, nil, false},
	{"Rengøringsservice Nord", "sov", "0851", "Vi udfører rengøringsopgaver på kontorer, skoler og institutioner.", []string{"90911200-8"}, []string{"N"}, []string{"udsatte_ledige"}, true},
	{"Grøn Rengøring ApS", "virksomhed", "0101", "Miljøvenlig rengøring af kontorer og trappeopgange i København.", []string{"90911200-8"}, []string{"N"}, nil, false},
	{"Vinduespudseren Odense", "sov", "0461", "Vinduespudsning for private og boligforeninger; ansatte med handicap.", []string{"90911300-9"}, []string{"N"}, []string{"handicap"}, false},
	{"Kantinen på Havnen", "sov", "0751", "Kantinedrift og mødeforplejning med ansatte fra målgruppen af psykisk sårbare.", []string{"55520000-1"}, []string{"I"}, []string{"psykisk_saarbare"}, true},
	{"Åbenrå Vaskeri", "sov", "0580", "Vask af linned og arbejdstøj for plejehjem og institutioner.", []string{"98310000-9"}, []string{"S"}, []string{"handicap"}, false},
	{"Snedkeriet på Ærø", "sov", "0492", "Vi bygger møbler og legepladser i træ og reparerer gamle møbler.", []string{"39150000-8"}, []string{"C"}, []string{"tidligere_indsatte"}, true},
	{"Genbrugsbutikken Kolding", "sov", "0621", "Genbrug af møbler, tøj og ting; overskuddet går til socialt arbejde.", []string{"39100000-3"}, []string{"G"}, []string{"misbrug"}, false},
	{"Softwaretest Aalborg", "virksomhed", "0851", "Test af it-systemer med specialister med autisme.", []string{"72820000-4"}, []string{"J"}, []string{"handicap"}, false},
	{"Café Æblehaven", "sov", "0101", "Økologisk café med frokost og kage; praktikpladser for unge.", []string{"55330000-2"}, []string{"I"}, []string{"unge_uden_uddannelse"}, true},
	{"Øens Gartneri", "sov", "0400", "Grøntsager fra Bornholm og havearbejde for kommunen.", []string{"77310000-6"}, []string{"A"}, []string{"seniorer"}, false},
	{"Aarhus Flyttehjælp", "sov", "0751", "Flytning og transport for borgere og virksomheder med flygtninge i job.", []string{"60000000-8"}, []string{"H"}, []string{"flygtninge_indvandrere"}, false},
	{"Trykkeriet Herning", "virksomhed", "0657", "Tryksager, plakater og pjecer; trykkeri med praktikplads.", []string{"79800000-2"}, []string{"C"}, nil, false},
	{"Bageriet Brødkurven", "sov", "0461", "Økologisk bageri med brød og kager til kantiner og caféer.", []string{"15810000-9"}, []string{"C"}, []string{"udsatte_ledige"}, false},
	{"Mentorkorpset", "andet", "0101", "Erfarne ledere er mentor for socialøkonomiske virksomheder i hele landet.", nil, []string{"S"}, nil, false},
	{"Hjemløsehjælpen", "andet", "0101", "Varme måltider og tøj til hjemløse i København.", nil, []string{"Q"}, []string{"hjemloese"}, false},
	{"Malerfirmaet Farvel", "virksomhed", "0630", "Malerarbejde og tapetsering; vi ansætter seniorer.", []string{"45442100-8"}, []string{"F"}, []string{"seniorer"}, false},
	{"Grønne Hænder Vejle", "sov", "0630", "Grønne områder, hækklipning og snerydning for kommunen.", []string{"77310000-6"}, []string{"N"}, []string{"udsatte_ledige"}, false},
}

// searchCase is one query and what must come first. top lists titles
// that must be the first hits in that order; absent lists titles that
// must not be hits at all; total, when set, is the exact total.
type searchCase struct {
	name   string
	q      samspil.SearchQuery
	top    []string
	absent []string
	total  int
}

var relevanceCases = []searchCase{
	// Stems: cykel, cykler, cyklen find each other.
	{name: "cykel", q: samspil.SearchQuery{Text: "cykel"}, top: []string{"Cyklen og Hjulet", "Aabenraa Cykler"}},
	{name: "cykler", q: samspil.SearchQuery{Text: "cykler"}, top: []string{"Cyklen og Hjulet", "Aabenraa Cykler"}},
	{name: "cyklen", q: samspil.SearchQuery{Text: "cyklen"}, top: []string{"Cyklen og Hjulet", "Aabenraa Cykler"}},
	{name: "cyklerne in Vejle", q: samspil.SearchQuery{Text: "cyklerne vejle"}, top: []string{"Cykelværkstedet Vejle"}, total: 2},
	{name: "cykelværksted finds the compound", q: samspil.SearchQuery{Text: "cykelværksted"}, top: []string{"Cykelværkstedet Vejle"}, total: 1},
	{name: "vaskerier", q: samspil.SearchQuery{Text: "vaskerier"}, top: []string{"Åbenrå Vaskeri"}},
	{name: "møbel", q: samspil.SearchQuery{Text: "møbel"}, top: []string{"Genbrugsbutikken Kolding", "Snedkeriet på Ærø"}},
	{name: "kantiner", q: samspil.SearchQuery{Text: "kantiner"}, top: []string{"Kantinen på Havnen"}},
	{name: "bagerier", q: samspil.SearchQuery{Text: "bagerier"}, top: []string{"Bageriet Brødkurven"}, total: 1},
	// Compounds: rengøringsopgaver ↔ rengøring.
	{name: "rengøring", q: samspil.SearchQuery{Text: "rengøring"}, top: []string{"Grøn Rengøring ApS", "Rengøringsservice Nord"}, total: 2},
	{name: "rengøringsopgaver", q: samspil.SearchQuery{Text: "rengøringsopgaver"}, top: []string{"Rengøringsservice Nord", "Grøn Rengøring ApS"}, total: 2},
	{name: "rengøringsfirma finds rengøring", q: samspil.SearchQuery{Text: "rengøringsfirma"}, top: []string{"Grøn Rengøring ApS", "Rengøringsservice Nord"}},
	{name: "opgaver finds the compound's tail", q: samspil.SearchQuery{Text: "opgaver rengøring"}, top: []string{"Rengøringsservice Nord"}},
	{name: "vinduespudsning", q: samspil.SearchQuery{Text: "vinduespudsning"}, top: []string{"Vinduespudsning af rådhuset", "Vinduespudseren Odense"}},
	{name: "genbrugsbutik", q: samspil.SearchQuery{Text: "genbrugsbutik"}, top: []string{"Genbrugsbutikken Kolding"}},
	{name: "genbrug", q: samspil.SearchQuery{Text: "genbrug"}, top: []string{"Genbrugsbutikken Kolding"}, total: 1},
	{name: "kantinedrift finds kantine", q: samspil.SearchQuery{Text: "kantinedrift"}, top: []string{"Kantinen på Havnen"}},
	// æ, ø, å and aa.
	{name: "Aabenraa finds Åbenrå", q: samspil.SearchQuery{Text: "Aabenraa", Types: []samspil.SearchType{samspil.SearchOrganisation}, Kinds: []string{"sov"}}, top: []string{"Åbenrå Vaskeri"}, total: 1},
	{name: "Åbenrå finds Aabenraa", q: samspil.SearchQuery{Text: "åbenrå cykler"}, top: []string{"Aabenraa Cykler"}, total: 1},
	{name: "aabenraa lower case", q: samspil.SearchQuery{Text: "aabenraa vaskeri"}, top: []string{"Åbenrå Vaskeri"}, total: 1},
	{name: "Aarhus is Århus", q: samspil.SearchQuery{Text: "Århus flytning"}, top: []string{"Aarhus Flyttehjælp"}, total: 1},
	{name: "Ærø", q: samspil.SearchQuery{Text: "ærø", Kinds: []string{"sov"}}, top: []string{"Snedkeriet på Ærø"}, total: 1},
	{name: "ÆRØ upper case", q: samspil.SearchQuery{Text: "SNEDKERIET ÆRØ"}, top: []string{"Snedkeriet på Ærø"}, total: 1},
	{name: "æble", q: samspil.SearchQuery{Text: "æblehaven"}, top: []string{"Café Æblehaven"}, total: 1},
	{name: "cafe without accent", q: samspil.SearchQuery{Text: "cafe æblehaven"}, top: []string{"Café Æblehaven"}, total: 1},
	{name: "øens", q: samspil.SearchQuery{Text: "øens gartneri"}, top: []string{"Øens Gartneri"}, total: 1},
	{name: "ø is not o", q: samspil.SearchQuery{Text: "oens gartneri"}, total: 0},
	{name: "å is not a", q: samspil.SearchQuery{Text: "abenra vaskeri"}, total: 0},
	{name: "brød", q: samspil.SearchQuery{Text: "brød"}, top: []string{"Bageriet Brødkurven"}},
	{name: "hjemløse", q: samspil.SearchQuery{Text: "hjemløse"}, top: []string{"Hjemløsehjælpen"}},
	// Title beats text.
	{name: "title first", q: samspil.SearchQuery{Text: "kantine"}, top: []string{"Kantinen på Havnen", "Bageriet Brødkurven"}},
	{name: "mentor", q: samspil.SearchQuery{Text: "mentor", Types: []samspil.SearchType{samspil.SearchOrganisation}}, top: []string{"Mentorkorpset"}, total: 1},
	{name: "stop words ignored", q: samspil.SearchQuery{Text: "en café med frokost"}, top: []string{"Café Æblehaven"}, total: 1},
	// Facets narrow.
	{name: "kind facet", q: samspil.SearchQuery{Text: "cykler", Kinds: []string{"virksomhed"}}, top: []string{"Aabenraa Cykler"}, total: 1},
	{name: "municipality facet", q: samspil.SearchQuery{Text: "rengøring", Municipalities: []string{"0101"}}, top: []string{"Grøn Rengøring ApS"}, total: 1},
	{name: "region facet", q: samspil.SearchQuery{Text: "økologisk", Regions: []string{"1083"}}, top: []string{"Bageriet Brødkurven"}, total: 1},
	{name: "target group facet", q: samspil.SearchQuery{Text: "handicap", TargetGroups: []string{"handicap"}, Kinds: []string{"sov"}}, top: []string{"Vinduespudseren Odense"}, total: 1},
	{name: "rsv facet", q: samspil.SearchQuery{Text: "cykler", RSVOnly: true}, top: []string{"Cykelværkstedet Vejle"}, total: 1},
	{name: "sector facet", q: samspil.SearchQuery{Sectors: []string{"J"}}, top: []string{"Softwaretest Aalborg"}, total: 1},
	{name: "cpv facet", q: samspil.SearchQuery{CPVDivisions: []string{"90"}, Types: []samspil.SearchType{samspil.SearchOrganisation}, Sort: samspil.SortName}, top: []string{"Grøn Rengøring ApS", "Rengøringsservice Nord", "Vinduespudseren Odense"}, total: 3},
	{name: "two municipalities", q: samspil.SearchQuery{Text: "grønne", Municipalities: []string{"0630", "0400"}}, top: []string{"Grønne Hænder Vejle"}},
	{name: "type facet", q: samspil.SearchQuery{Text: "cykler", Types: []samspil.SearchType{samspil.SearchOpportunity}}, top: []string{"Reparation af cykler til hjemmeplejen"}, total: 1},
	{name: "open only drops closed", q: samspil.SearchQuery{Text: "vinduespudsning", OpenOnly: true}, top: []string{"Vinduespudseren Odense"}, absent: []string{"Vinduespudsning af rådhuset"}},
	{name: "closed found without open", q: samspil.SearchQuery{Text: "rådhuset vinduespudsning"}, top: []string{"Vinduespudsning af rådhuset"}, total: 1},
	// Distance.
	{name: "within 40 km of Vejle", q: samspil.SearchQuery{Text: "cykler", Near: "0630", RadiusKm: 40}, top: []string{"Reparation af cykler til hjemmeplejen", "Cykelværkstedet Vejle"}, absent: []string{"Aabenraa Cykler", "Cyklen og Hjulet"}},
	{name: "nearest to Kolding", q: samspil.SearchQuery{Text: "møbler", Near: "0621", Sort: samspil.SortNearest}, top: []string{"Genbrugsbutikken Kolding", "Snedkeriet på Ærø"}},
	{name: "nearest to Aalborg", q: samspil.SearchQuery{Text: "rengøring", Near: "0851", Sort: samspil.SortNearest}, top: []string{"Rengøringsservice Nord", "Grøn Rengøring ApS"}},
	// Opportunities by kind words.
	{name: "indkøb finds procurement needs", q: samspil.SearchQuery{Text: "indkøb cykler"}, top: []string{"Reparation af cykler til hjemmeplejen"}, total: 1},
	{name: "nothing", q: samspil.SearchQuery{Text: "xylofonorkester"}, total: 0},
	{name: "FTS syntax is text", q: samspil.SearchQuery{Text: `"cykler" NEAR(vejle) -snedker: *`}, total: 0},
	{name: "longer word finds its stem as prefix", q: samspil.SearchQuery{Text: "softwaretestere"}, top: []string{"Softwaretest Aalborg"}, total: 1},
	{name: "prefix query", q: samspil.SearchQuery{Text: "softw"}, top: []string{"Softwaretest Aalborg"}, total: 1},
}

// searchFixture creates the world and two opportunities of Vejle Kommune
// (one closed).
func searchFixture(t *testing.T, e *env) map[string]int64 {
	t.Helper()
	var orgs []*samspil.Organisation
	for i, w := range searchWorld {
		orgs = append(orgs, &samspil.Organisation{
			CVR: ValidCVR(500 + i), Name: w.name, Kind: samspil.OrgKind(w.kind), MunicipalityCode: w.muni,
			Description: w.desc, CPVCodes: w.cpv, Sectors: w.sectors, TargetGroups: w.groups,
		})
	}
	must(t, e.s.CreateOrganisations(e.ctx, orgs))
	ids := map[string]int64{}
	for i, o := range orgs {
		ids[o.Name] = o.ID
		if searchWorld[i].rsv {
			_, err := e.s.SetRSVRegistration(e.ctx, o.ID, true)
			must(t, err)
		}
	}
	vejle, err := e.s.FindMunicipalityOrganisation(e.ctx, "0630")
	must(t, err)
	for _, o := range []*samspil.Opportunity{
		{OrganisationID: vejle.ID, Kind: samspil.OppIndkobsbehov, Title: "Reparation af cykler til hjemmeplejen",
			Description: "Vejle Kommune søger et værksted, der kan servicere hjemmeplejens cykler.", CPVCodes: []string{"50000000-5"},
			TargetGroups: []string{"udsatte_ledige"}, MunicipalityCode: "0630", RadiusKm: 30},
		{OrganisationID: vejle.ID, Kind: samspil.OppIndkobsbehov, Title: "Vinduespudsning af rådhuset",
			Description: "Pudsning af rådhusets vinduer fire gange om året.", CPVCodes: []string{"90911300-9"},
			MunicipalityCode: "0630"},
	} {
		must(t, e.s.CreateOpportunity(e.ctx, o))
		ids[o.Title] = o.ID
	}
	closed := samspil.OppClosed
	_, err = e.s.UpdateOpportunity(e.ctx, ids["Vinduespudsning af rådhuset"], samspil.OpportunityUpdate{Status: &closed})
	must(t, err)
	return ids
}

func titles(res *samspil.SearchResult) []string {
	out := make([]string, len(res.Items))
	for i, h := range res.Items {
		out[i] = h.Title
	}
	return out
}

func testSearchRelevance(t *testing.T, e *env) {
	searchFixture(t, e)
	if len(relevanceCases) < 40 {
		t.Fatalf("the relevance set has %d queries, want at least 40", len(relevanceCases))
	}
	for _, tc := range relevanceCases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.s.Search(e.ctx, tc.q)
			must(t, err)
			got := titles(res)
			if len(got) < len(tc.top) || !slices.Equal(got[:len(tc.top)], tc.top) {
				t.Errorf("%q: top = %q, want %q first", tc.q.Text, got, tc.top)
			}
			for _, a := range tc.absent {
				if slices.Contains(got, a) {
					t.Errorf("%q: %q found, want it absent (%q)", tc.q.Text, a, got)
				}
			}
			if (tc.total > 0 || len(tc.top) == 0) && res.Total != tc.total {
				t.Errorf("%q: total = %d, want %d (%q)", tc.q.Text, res.Total, tc.total, got)
			}
		})
	}
}

func testSearchFacets(t *testing.T, e *env) {
	searchFixture(t, e)
	// Browsing everything: counts from the stored table.
	res, err := e.s.Search(e.ctx, samspil.SearchQuery{})
	must(t, err)
	orgs := 98 + len(searchWorld)
	if res.Total != orgs+2 || res.Facets[samspil.FacetType]["organisation"] != orgs || res.Facets[samspil.FacetType]["opportunity"] != 2 {
		t.Fatalf("browse: total %d, type facet %v", res.Total, res.Facets[samspil.FacetType])
	}
	if res.Facets[samspil.FacetKind]["kommune"] != 98 || res.Facets[samspil.FacetKind]["sov"] != 12 || res.Facets[samspil.FacetRSV]["true"] != 5 {
		t.Fatalf("browse: kind facet %v, rsv %v", res.Facets[samspil.FacetKind], res.Facets[samspil.FacetRSV])
	}
	if res.Facets[samspil.FacetSector]["G"] != 3 || res.Facets[samspil.FacetCPV]["90"] != 4 || res.Facets[samspil.FacetTargetGroup]["handicap"] != 3 {
		t.Fatalf("browse: sector %v cpv %v groups %v", res.Facets[samspil.FacetSector], res.Facets[samspil.FacetCPV], res.Facets[samspil.FacetTargetGroup])
	}
	// Open only: the closed opportunity leaves the counts.
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{OpenOnly: true})
	must(t, err)
	if res.Total != orgs+1 || res.Facets[samspil.FacetType]["opportunity"] != 1 {
		t.Fatalf("open only: total %d, types %v", res.Total, res.Facets[samspil.FacetType])
	}
	// A filtered facet is counted without its own filter, the others with it.
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Text: "cykler", Kinds: []string{"sov"}})
	must(t, err)
	if res.Total != 1 {
		t.Fatalf("cykler+sov total = %d", res.Total)
	}
	if k := res.Facets[samspil.FacetKind]; k["sov"] != 1 || k["virksomhed"] != 1 || k["andet"] != 1 || k["indkobsbehov"] != 1 {
		t.Fatalf("kind facet with kind filter = %v", k)
	}
	if m := res.Facets[samspil.FacetMunicipality]; len(m) != 1 || m["0630"] != 1 {
		t.Fatalf("municipality facet with kind filter = %v", m)
	}
	// Two filters: each facet sees the other one.
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Kinds: []string{"sov"}, Municipalities: []string{"0630"}})
	must(t, err)
	if res.Total != 2 || res.Facets[samspil.FacetKind]["kommune"] != 1 || res.Facets[samspil.FacetKind]["virksomhed"] != 1 ||
		res.Facets[samspil.FacetMunicipality]["0101"] != 1 || res.Facets[samspil.FacetMunicipality]["0630"] != 2 {
		t.Fatalf("sov in Vejle: total %d, kinds %v, municipalities %v", res.Total, res.Facets[samspil.FacetKind], res.Facets[samspil.FacetMunicipality])
	}
	// One facet filter (counted from stored pairs) agrees with two (counted
	// over the documents), also after changes.
	vejleID := func() int64 {
		res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: "grønne hænder"})
		must(t, err)
		return res.Items[0].ID
	}()
	check := func() {
		t.Helper()
		for _, q := range []samspil.SearchQuery{{Kinds: []string{"sov"}}, {Kinds: []string{"sov"}, OpenOnly: true}, {TargetGroups: []string{"handicap"}},
			{Types: []samspil.SearchType{samspil.SearchOpportunity}, OpenOnly: true}, {Municipalities: []string{"0630", "0101"}}} {
			one, err := e.s.Search(e.ctx, q)
			must(t, err)
			for _, code := range []string{"0630", "0101", "0580", "0851"} {
				two := q
				two.Municipalities = []string{code}
				if len(q.Municipalities) > 0 {
					two.Kinds = []string{"sov"}
					if one.Facets[samspil.FacetKind]["sov"] == 0 {
						continue
					}
				}
				res, err := e.s.Search(e.ctx, two)
				must(t, err)
				want := one.Facets[samspil.FacetMunicipality][code]
				if len(q.Municipalities) > 0 {
					// the other way round: kind facet of a municipality filter
					res, err = e.s.Search(e.ctx, samspil.SearchQuery{Kinds: []string{"sov"}, Municipalities: q.Municipalities})
					must(t, err)
					if res.Total != one.Facets[samspil.FacetKind]["sov"] {
						t.Fatalf("%+v: sov facet %d, sov search %d", q, one.Facets[samspil.FacetKind]["sov"], res.Total)
					}
					break
				}
				if res.Total != want {
					t.Fatalf("%+v: municipality facet %s = %d, search with it = %d", q, code, want, res.Total)
				}
			}
		}
	}
	check()
	moved := "0580"
	_, err = e.s.UpdateOrganisation(e.ctx, vejleID, samspil.OrganisationUpdate{MunicipalityCode: &moved})
	must(t, err)
	check()

	// Distance: the municipality facet only lists municipalities in range.
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Near: "0630", RadiusKm: 30, Kinds: []string{"sov"}})
	must(t, err)
	for code := range res.Facets[samspil.FacetMunicipality] {
		if code == "0101" || code == "0851" {
			t.Fatalf("municipality %s counted outside 30 km of Vejle: %v", code, res.Facets[samspil.FacetMunicipality])
		}
	}
	for _, h := range res.Items {
		if h.DistanceKm == nil || *h.DistanceKm > 30 {
			t.Fatalf("hit %q distance %v", h.Title, h.DistanceKm)
		}
	}
}

func testSearchPagingAndSorts(t *testing.T, e *env) {
	searchFixture(t, e)
	all, err := e.s.Search(e.ctx, samspil.SearchQuery{PerPage: 100})
	must(t, err)
	if all.Total != 98+len(searchWorld)+2 || len(all.Items) != 100 || all.PerPage != 100 || all.Page != 1 {
		t.Fatalf("page 1 of 100: total %d items %d", all.Total, len(all.Items))
	}
	// Name order, Danish: aa sorts as å, after æ and ø.
	keys := titles(all)
	if keys[0] != "Albertslund Kommune" {
		t.Fatalf("first by name = %q", keys[0])
	}
	p2, err := e.s.Search(e.ctx, samspil.SearchQuery{PerPage: 100, Page: 2})
	must(t, err)
	rest := titles(p2)
	if len(rest) != all.Total-100 || rest[len(rest)-1] != "Aarhus Kommune" {
		t.Fatalf("page 2: %d items, last %q", len(rest), rest[len(rest)-1])
	}
	seen := map[string]bool{}
	for _, h := range append(all.Items, p2.Items...) {
		k := fmt.Sprint(h.Type, h.ID)
		if seen[k] {
			t.Fatalf("%s on two pages", k)
		}
		seen[k] = true
	}
	// Small pages of a large browse walk the sort index instead of
	// sorting the matches; both ways give the same order.
	for _, q := range []samspil.SearchQuery{{Kinds: []string{"kommune"}}, {Types: []samspil.SearchType{samspil.SearchOrganisation}, OpenOnly: true, Sort: samspil.SortNewest},
		{Regions: []string{"1084", "1083"}, RSVOnly: false}, {Near: "0630", RadiusKm: 100}} {
		big := q
		big.PerPage = 100
		full, err := e.s.Search(e.ctx, big)
		must(t, err)
		for k := 1; k <= 3; k++ {
			small := q
			small.PerPage, small.Page = 1, k
			one, err := e.s.Search(e.ctx, small)
			must(t, err)
			if one.Total != full.Total || len(one.Items) != 1 || one.Items[0].Title != full.Items[k-1].Title {
				t.Fatalf("%+v page %d of 1: %q (total %d), want %q (total %d)", q, k, titles(one), one.Total, full.Items[k-1].Title, full.Total)
			}
		}
	}
	// Past the end: empty page, total kept.
	p9, err := e.s.Search(e.ctx, samspil.SearchQuery{Page: 9, PerPage: 100})
	must(t, err)
	if len(p9.Items) != 0 || p9.Total != all.Total {
		t.Fatalf("page past the end: %d items, total %d", len(p9.Items), p9.Total)
	}
	// Newest first: the opportunities were created last (same clock, higher id).
	nw, err := e.s.Search(e.ctx, samspil.SearchQuery{Sort: samspil.SortNewest, PerPage: 2})
	must(t, err)
	if nw.Items[0].Type != samspil.SearchOpportunity {
		t.Fatalf("newest first = %+v", nw.Items[0])
	}
	// Relevance scores fall.
	rel, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: "cykler"})
	must(t, err)
	for i := 1; i < len(rel.Items); i++ {
		if rel.Items[i].Score > rel.Items[i-1].Score {
			t.Fatalf("scores rise at %d: %v", i, titles(rel))
		}
	}
	if rel.Items[0].Score <= 0 || rel.Items[0].Snippet == "" || rel.Items[0].UpdatedAt.IsZero() {
		t.Fatalf("first hit %+v", rel.Items[0])
	}
	// Nearest: distances never fall.
	near, err := e.s.Search(e.ctx, samspil.SearchQuery{Near: "0630", Sort: samspil.SortNearest, PerPage: 50})
	must(t, err)
	last := -1.0
	for _, h := range near.Items {
		if h.DistanceKm == nil || *h.DistanceKm < last {
			t.Fatalf("nearest order broken at %q (%v)", h.Title, h.DistanceKm)
		}
		last = *h.DistanceKm
	}
	if near.Items[0].MunicipalityCode != "0630" || *near.Items[0].DistanceKm != 0 {
		t.Fatalf("nearest first = %+v", near.Items[0])
	}
}

func testSearchBadInput(t *testing.T, e *env) {
	searchFixture(t, e)
	for _, tc := range []struct {
		q     samspil.SearchQuery
		field string
		key   string
	}{
		{samspil.SearchQuery{Text: strings.Repeat("ø", samspil.MaxQueryLen+1)}, "q", "search.query.too_long"},
		{samspil.SearchQuery{Text: strings.Repeat("x", 2000)}, "q", "search.query.too_long"},
		{samspil.SearchQuery{Municipalities: []string{"9999"}}, "municipality", "search.municipality.unknown"},
		{samspil.SearchQuery{Regions: []string{"1090"}}, "region", "search.region.unknown"},
		{samspil.SearchQuery{TargetGroups: []string{"pirater"}}, "target_group", "search.target_group.unknown"},
		{samspil.SearchQuery{Near: "9999"}, "near", "search.near.unknown"},
		{samspil.SearchQuery{Near: "0630", RadiusKm: -1}, "radius_km", "search.radius.invalid"},
		{samspil.SearchQuery{RadiusKm: 40}, "radius_km", "search.radius.near_required"},
		{samspil.SearchQuery{Page: samspil.MaxSearchPage + 1}, "page", "search.page.invalid"},
		{samspil.SearchQuery{Page: -1}, "page", "search.page.invalid"},
		{samspil.SearchQuery{PerPage: samspil.MaxPageSize + 1}, "per_page", "search.per_page.invalid"},
		{samspil.SearchQuery{Sort: "price"}, "sort", "search.sort.invalid"},
		{samspil.SearchQuery{Sort: samspil.SortNearest}, "sort", "search.sort.near_required"},
		{samspil.SearchQuery{Kinds: []string{"bank"}}, "kind", "search.kind.invalid"},
		{samspil.SearchQuery{Types: []samspil.SearchType{"person"}}, "type", "search.type.invalid"},
		{samspil.SearchQuery{Sectors: []string{"Z"}}, "sector", "search.sector.invalid"},
		{samspil.SearchQuery{CPVDivisions: []string{"9x"}}, "cpv", "search.cpv.invalid"},
	} {
		_, err := e.s.Search(e.ctx, tc.q)
		wantField(t, err, samspil.EINVALID, tc.field, tc.key)
	}
	// Odd but harmless input answers normally.
	for _, text := range []string{"", "   ", `"`, `*`, "NEAR", "-", ":", "()", `" OR "`, "og i på", strings.Repeat("ab ", 160), "\x00\xff", "t_cykl", "m_0630", "k_sov"} {
		res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: text})
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		if strings.Contains(text, "_") && res.Total != 0 {
			t.Fatalf("Search(%q) matched facet or title tokens: %q", text, titles(res))
		}
	}
	// Types that have no documents yet answer empty.
	res, err := e.s.Search(e.ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchCase, samspil.SearchGuide}})
	must(t, err)
	if res.Total != 0 {
		t.Fatalf("cases and guides: %d", res.Total)
	}
}

func testSearchIndexFollowsWrites(t *testing.T, e *env) {
	ids := searchFixture(t, e)
	find := func(text string) []string {
		t.Helper()
		res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: text})
		must(t, err)
		return titles(res)
	}
	if got := find("trykkeri herning"); !slices.Equal(got, []string{"Trykkeriet Herning"}) {
		t.Fatalf("before update: %q", got)
	}
	name, desc := "Bogtrykkeriet Ikast", "Bøger og tryksager."
	muni := "0657"
	_, err := e.s.UpdateOrganisation(e.ctx, ids["Trykkeriet Herning"], samspil.OrganisationUpdate{Name: &name, Description: &desc, MunicipalityCode: &muni})
	must(t, err)
	if got := find("bogtrykkeriet"); !slices.Equal(got, []string{"Bogtrykkeriet Ikast"}) {
		t.Fatalf("after update: %q", got)
	}
	if got := find("plakater"); len(got) != 0 {
		t.Fatalf("old text still found: %q", got)
	}
	// RSV registration is a facet.
	_, err = e.s.SetRSVRegistration(e.ctx, ids["Trykkeriet Herning"], true)
	must(t, err)
	res, err := e.s.Search(e.ctx, samspil.SearchQuery{Text: "bogtrykkeriet", RSVOnly: true})
	must(t, err)
	if res.Total != 1 || !res.Items[0].RSVRegistered {
		t.Fatalf("RSV after registration: %+v", res)
	}
	// A new organisation is found at once, and the browse counts follow.
	before, err := e.s.Search(e.ctx, samspil.SearchQuery{})
	must(t, err)
	o := newOrg(900, "Cykelkurerne")
	must(t, e.s.CreateOrganisation(e.ctx, o))
	if got := find("cykelkurerne"); !slices.Equal(got, []string{"Cykelkurerne"}) {
		t.Fatalf("new organisation: %q", got)
	}
	after, err := e.s.Search(e.ctx, samspil.SearchQuery{})
	must(t, err)
	if after.Total != before.Total+1 || after.Facets[samspil.FacetKind]["sov"] != before.Facets[samspil.FacetKind]["sov"]+1 {
		t.Fatalf("counts after create: %d → %d", before.Total, after.Total)
	}
	// Reopening an opportunity brings it back to open-only searches.
	open := samspil.OppOpen
	_, err = e.s.UpdateOpportunity(e.ctx, ids["Vinduespudsning af rådhuset"], samspil.OpportunityUpdate{Status: &open})
	must(t, err)
	res, err = e.s.Search(e.ctx, samspil.SearchQuery{Text: "rådhuset", OpenOnly: true})
	must(t, err)
	if res.Total != 1 || res.Items[0].Status != "open" {
		t.Fatalf("reopened opportunity: %+v", res.Items)
	}
}

func testSuggest(t *testing.T, e *env) {
	searchFixture(t, e)
	for _, tc := range []struct {
		prefix string
		want   []string // first suggestions, in order
	}{
		{"cykelv", []string{"Cykelværkstedet Vejle"}},
		{"Cyk", []string{"Cykelværkstedet Vejle", "Cyklen og Hjulet"}},
		{"aabenr", []string{"Aabenraa Cykler", "Aabenraa Kommune", "Åbenrå Vaskeri"}},
		{"vejle cyk", []string{"Cykelværkstedet Vejle"}},
		{"ærø", []string{"Ærø Kommune", "Snedkeriet på Ærø"}},
	} {
		got, err := e.s.Suggest(e.ctx, tc.prefix, 5)
		must(t, err)
		var names []string
		for _, s := range got {
			names = append(names, s.Title)
		}
		if len(names) < len(tc.want) || !slices.Equal(names[:len(tc.want)], tc.want) {
			t.Errorf("Suggest(%q) = %q, want %q first", tc.prefix, names, tc.want)
		}
	}
	for _, p := range []string{"", "c", "  ", `"*`, strings.Repeat("x", 400)} {
		got, err := e.s.Suggest(e.ctx, p, 5)
		must(t, err)
		if len(got) > 5 {
			t.Fatalf("Suggest(%q): %d", p, len(got))
		}
	}
	got, err := e.s.Suggest(e.ctx, "vinduespudsning af r", 5)
	must(t, err)
	for _, s := range got {
		if s.Type == samspil.SearchOpportunity {
			t.Fatalf("closed opportunity suggested: %+v", s)
		}
	}
}
