package ocds_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/ocds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const base = "https://samspil.example.dk"

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) time.Time { return at(s + "T00:00:00Z") }

func ptr[T any](v T) *T { return &v }

// life is a tender's whole life in memory: published, amended (with a
// question answered in between), awarded; plus a second tender that was
// cancelled. No store is involved.
type life struct {
	lookup   ocds.Lookup
	versions []*samspil.TenderVersion // the awarded tender's history
	canceled []*samspil.TenderVersion
}

func tenderLife() life {
	buyer := &samspil.Organisation{ID: 10, Name: "Aarhus Kommune", Kind: samspil.OrgKommune, CVR: "55133018",
		MunicipalityCode: "0751", Address: "Rådhuspladsen 2", PostalCode: "8000", City: "Aarhus C", Email: "udbud@aarhus.example.dk"}
	sov := &samspil.Organisation{ID: 20, Name: "Grøn Omstilling ApS", Kind: samspil.OrgSOV, CVR: "12345674", MunicipalityCode: "0751",
		Employees: 12, DisadvantagedEmployees: 5, TurnoverOre: 4_000_000_00, RSVRegistered: true, Website: "https://groen.example.dk"}
	firm := &samspil.Organisation{ID: 30, Name: "Byg og Bo A/S", Kind: samspil.OrgVirksomhed, CVR: "87654321", MunicipalityCode: "0751",
		Employees: 300, TurnoverOre: 900_000_000_00}
	published := at("2026-03-02T09:00:00Z")
	t1 := samspil.Tender{
		ID: 7, BuyerID: 10, BuyerName: "Aarhus Kommune", BuyerMunicipality: "0751",
		Title:       "Grøn pleje af parker og kirkegårde",
		Description: "Pleje af grønne områder i Aarhus Midtby, **2027–2029**.",
		Procedure:   samspil.ProcReserved, MainCPV: "77310000-6", CPVCodes: []string{"77313000-7"},
		ValueOre: 2_400_000_50,
		Lots: []samspil.TenderLot{
			{Number: 1, Title: "Parker", ValueOre: 1_400_000_00, Reservation: samspil.ReserveShelteredWorkshop},
			{Number: 2, Title: "Kirkegårde", Description: "Assistentkirkegården", ValueOre: 1_000_000_50},
		},
		PlaceCode: "0751", PlaceText: "Midtbyen",
		Reservation:    samspil.ReserveShelteredWorkshop,
		SocialGoals:    []string{"social.disadvantagedEmploymentOpportunities", "social.employmentOpportunities"},
		SocialCriteria: "Mindst 30 % af de ansatte har handicap eller kommer fra udsatte grupper.",
		PublishedAt:    &published, QuestionsDeadline: at("2026-03-20T12:00:00Z"), TenderDeadline: at("2026-04-01T10:00:00Z"),
		ExpectedAward: day("2026-04-15"), ContractStart: day("2027-01-01"), ContractEnd: day("2029-12-31"),
		Status: samspil.TenderPublished, Version: 2,
	}
	amended := t1
	amended.TenderDeadline = at("2026-04-08T10:00:00Z")
	amended.ExpectedAward = day("2026-04-22")
	amended.Version = 3
	answered := at("2026-03-12T08:30:00Z")
	q := samspil.Clarification{ID: 3, TenderID: 7, OrganisationID: 20, Question: "Må vi byde på begge delaftaler?",
		Answer: "Ja, I kan byde på begge.", AskedAt: at("2026-03-10T14:00:00Z"), AnsweredAt: &answered}
	awarded := amended
	awarded.Status = samspil.TenderAwarded
	awarded.Award = &samspil.TenderAward{SupplierIDs: []int64{20}, SupplierNames: []string{"Grøn Omstilling ApS"}, ValueOre: 2_350_000_00,
		ContractStart: day("2027-01-01"), ContractEnd: day("2029-12-31"), Section20Note: "5 af 12 ansatte er i fleksjob eller skånejob.",
		AwardedAt: at("2026-04-22T13:15:00Z"), SignedAt: ptr(at("2026-05-01T10:00:00Z"))}

	cancelled := samspil.Tender{ID: 8, BuyerID: 10, BuyerName: "Aarhus Kommune", Title: "Kantinedrift", Description: "Drift af kantine.",
		Procedure: samspil.ProcSocialClause, MainCPV: "55510000-8", ValueOre: 900_000_00, PlaceCode: "0751",
		SocialGoals: []string{"social.employmentOpportunities"}, PublishedAt: &published,
		QuestionsDeadline: at("2026-03-20T12:00:00Z"), TenderDeadline: at("2026-04-01T10:00:00Z"),
		ExpectedAward: day("2026-04-15"), ContractStart: day("2026-06-01"), ContractEnd: day("2027-05-31"), Status: samspil.TenderPublished}
	cancelledAfter := cancelled
	cancelledAfter.Status = samspil.TenderCancelled
	cancelledAfter.CancelReason = "Behovet er bortfaldet."

	lk := ocds.Lookup{
		Organisations: map[int64]*samspil.Organisation{10: buyer, 20: sov, 30: firm},
		Documents: map[int64][]*samspil.Attachment{7: {
			{ID: 41, OwnerType: samspil.OwnerTender, OwnerID: 7, Name: "udbudsbetingelser.pdf", ContentType: samspil.ContentPDF, CreatedAt: at("2026-03-01T12:00:00Z")},
			{ID: 42, OwnerType: samspil.OwnerTender, OwnerID: 7, Name: "rettelsesblad.pdf", ContentType: samspil.ContentPDF, CreatedAt: at("2026-03-15T12:00:00Z")},
		}},
		Municipality: func(code string) (*samspil.Municipality, bool) {
			if code == "0751" {
				return &samspil.Municipality{Code: "0751", Name: "Aarhus", RegionName: "Region Midtjylland", Lat: 56.1572, Lon: 10.2107}, true
			}
			return nil, false
		},
		CPVLabel: func(code string) string {
			return map[string]string{"77310000-6": "Beplantning og vedligeholdelse af grønne områder",
				"77313000-7": "Vedligeholdelse af parker", "55510000-8": "Kantineservice"}[code]
		},
	}
	return life{
		lookup: lk,
		versions: []*samspil.TenderVersion{
			{TenderID: 7, Seq: 1, Kind: samspil.VersionPublished, At: published, Tender: &t1},
			{TenderID: 7, Seq: 2, Kind: samspil.VersionAmended, At: at("2026-03-15T12:00:00Z"), Note: "Fristen er forlænget en uge.",
				Tender: &amended, Clarifications: []samspil.Clarification{q}},
			{TenderID: 7, Seq: 3, Kind: samspil.VersionAwarded, At: at("2026-04-22T13:15:00Z"), Tender: &awarded,
				Clarifications: []samspil.Clarification{q, {ID: 4, TenderID: 7, Question: "Ubesvaret?", AskedAt: at("2026-03-19T10:00:00Z")}}},
		},
		canceled: []*samspil.TenderVersion{
			{TenderID: 8, Seq: 1, Kind: samspil.VersionPublished, At: published, Tender: &cancelled},
			{TenderID: 8, Seq: 2, Kind: samspil.VersionCancelled, At: at("2026-03-05T08:00:00Z"), Note: "Behovet er bortfaldet.", Tender: &cancelledAfter},
		},
	}
}

func config() ocds.Config {
	return ocds.Config{OCIDPrefix: "ocds-abc123", PublisherName: "Samspil test"}.WithDefaults(base + "/")
}

// encode writes v as the API does: indented for the golden files, with
// HTML characters unescaped.
func encode(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ocds -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking the change):\n%s", name, firstDiff(want, got))
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + la[i] + "\n+ " + lb[i]
		}
	}
	return "lengths differ"
}

func packages(t *testing.T) (rel, rec, bulk []byte) {
	t.Helper()
	l := tenderLife()
	cfg := config()
	releases := ocds.Releases(cfg, l.versions, l.lookup)
	last := at(releases[len(releases)-1].Date)
	rel = encode(t, ocds.NewReleasePackage(cfg, base+"/api/v1/tenders/7/releases", last, releases))
	pkg, err := ocds.NewRecordPackage(cfg, base+"/api/v1/tenders/7/ocds", last, releases, base+"/api/v1/tenders/7/releases")
	if err != nil {
		t.Fatal(err)
	}
	rec = encode(t, pkg)
	all := append(ocds.Releases(cfg, l.canceled, l.lookup), releases...)
	bp := ocds.NewReleasePackage(cfg, base+"/api/v1/ocds/releases?from=2026-03-01&to=2026-04-30", last, all)
	bp.Links = &ocds.Links{Next: base + "/api/v1/ocds/releases?from=2026-03-01&page=2&to=2026-04-30"}
	bp.Extensions = append(bp.Extensions, ocds.ExtPagination)
	bulk = encode(t, bp)
	return rel, rec, bulk
}

func TestGolden(t *testing.T) {
	rel, rec, bulk := packages(t)
	golden(t, "tender-releases.json", rel)
	golden(t, "tender-record.json", rec)
	golden(t, "bulk-releases.json", bulk)
	// Deterministic: the same input gives the same bytes.
	rel2, rec2, bulk2 := packages(t)
	if !bytes.Equal(rel, rel2) || !bytes.Equal(rec, rec2) || !bytes.Equal(bulk, bulk2) {
		t.Fatal("two runs gave different output")
	}
}

func TestMapping(t *testing.T) {
	l := tenderLife()
	cfg := config()
	rs := ocds.Releases(cfg, l.versions, l.lookup)
	if len(rs) != 3 {
		t.Fatalf("%d releases", len(rs))
	}
	pub, amend, award := rs[0], rs[1], rs[2]
	if pub.OCID != "ocds-abc123-7" || pub.ID != "ocds-abc123-7-1" || pub.Date != "2026-03-02T09:00:00Z" ||
		strings.Join(pub.Tag, ",") != "planning,tender" || pub.InitiationType != "tender" {
		t.Errorf("release head = %+v", pub)
	}
	tn := pub.Tender
	if tn.Status != "active" || tn.ProcurementMethod != "selective" || tn.MainProcurementCategory != "services" ||
		tn.Value.Amount != "2400000.5" || tn.Value.Currency != "DKK" || tn.DanishProcedure != "reserveret" ||
		tn.ProcurementMethodDetails != "Reserveret kontrakt efter udbudslovens § 20" {
		t.Errorf("tender = %+v", tn)
	}
	if tn.OtherRequirements == nil || tn.OtherRequirements.ReservedParticipation[0] != "shelteredWorkshop" ||
		tn.Lots[0].OtherRequirements == nil || tn.Lots[1].OtherRequirements != nil {
		t.Errorf("reservations = %+v %+v", tn.OtherRequirements, tn.Lots)
	}
	if len(tn.Sustainability) != 2 || tn.Sustainability[0].Goal != "social.disadvantagedEmploymentOpportunities" ||
		strings.Join(tn.Sustainability[0].Strategies, ",") != "reservedParticipation,contractPerformanceConditions" {
		t.Errorf("sustainability = %+v", tn.Sustainability)
	}
	if tn.ContractPeriod.StartDate != "2027-01-01T00:00:00+01:00" || tn.ContractPeriod.EndDate != "2029-12-31T23:59:59+01:00" {
		t.Errorf("contract period = %+v", tn.ContractPeriod)
	}
	if len(tn.Enquiries) != 0 || len(tn.Amendments) != 0 || len(tn.Documents) != 2 {
		t.Errorf("publication: %d enquiries, %d amendments, %d documents", len(tn.Enquiries), len(tn.Amendments), len(tn.Documents))
	}
	a := amend.Tender
	if len(a.Amendments) != 1 || a.Amendments[0].Rationale != "Fristen er forlænget en uge." ||
		a.Amendments[0].AmendsReleaseID != pub.ID || a.Amendments[0].ReleaseID != amend.ID || len(a.Enquiries) != 1 || len(a.Documents) != 3 {
		t.Errorf("amendment release = %+v", a)
	}
	if strings.Contains(string(encode(t, rs)), "Ubesvaret") {
		t.Error("an unanswered question was published")
	}
	if award.Tender.Status != "complete" || len(award.Awards) != 1 || len(award.Contracts) != 1 ||
		award.Awards[0].Suppliers[0].ID != "DK-CVR-12345674" || award.Contracts[0].DateSigned != "2026-05-01T10:00:00Z" ||
		award.Contracts[0].Status != "active" || award.Awards[0].Value.Amount != "2350000" {
		t.Errorf("award release = %+v %+v", award.Awards, award.Contracts)
	}
	var supplier *ocds.Organization
	for i := range award.Parties {
		if award.Parties[i].ID == "DK-CVR-12345674" {
			supplier = &award.Parties[i]
		}
	}
	if supplier == nil || supplier.Details == nil || supplier.Details.Scale != "small" || *supplier.Details.DisadvantagedEmployeesShare != 41 ||
		len(supplier.Details.Classifications) != 3 || supplier.Roles[0] != "supplier" {
		t.Errorf("supplier party = %+v", supplier)
	}
	c := ocds.Releases(cfg, l.canceled, l.lookup)
	if c[1].Tender.Status != "cancelled" || strings.Join(c[1].Tag, ",") != "tenderCancellation" ||
		c[1].Tender.Amendments[0].Rationale != "Behovet er bortfaldet." || c[0].Tender.ProcurementMethod != "open" {
		t.Errorf("cancellation = %+v", c[1].Tender)
	}
}

func TestAmount(t *testing.T) {
	for ore, want := range map[int64]string{0: "0", 1: "0.01", 10: "0.1", 99: "0.99", 100: "1", 12345: "123.45", -250: "-2.5",
		samspil.MaxTenderValueOre: "1000000000000", 9_007_199_254_740_993: "90071992547409.93"} {
		v := ocds.Releases(config(), []*samspil.TenderVersion{{TenderID: 1, Seq: 1, Kind: samspil.VersionPublished,
			Tender: &samspil.Tender{ValueOre: ore}}}, ocds.Lookup{})[0]
		if got := string(v.Tender.Value.Amount); got != want {
			t.Errorf("%d øre = %s kr, want %s", ore, got, want)
		}
	}
}

func TestScale(t *testing.T) {
	tests := []struct {
		o    samspil.Organisation
		want string
	}{
		{samspil.Organisation{Kind: samspil.OrgSOV}, ""},
		{samspil.Organisation{Kind: samspil.OrgKommune, Employees: 5000}, ""},
		{samspil.Organisation{Kind: samspil.OrgSOV, Employees: 9}, "micro"},
		{samspil.Organisation{Kind: samspil.OrgSOV, Employees: 9, TurnoverOre: 20_000_000_00}, "small"},
		{samspil.Organisation{Kind: samspil.OrgVirksomhed, Employees: 49}, "small"},
		{samspil.Organisation{Kind: samspil.OrgVirksomhed, Employees: 249}, "medium"},
		{samspil.Organisation{Kind: samspil.OrgVirksomhed, Employees: 250}, "large"},
		{samspil.Organisation{Kind: samspil.OrgVirksomhed, TurnoverOre: 400_000_000_00}, "large"},
	}
	for _, tt := range tests {
		if got := ocds.Scale(&tt.o); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.o, got, tt.want)
		}
	}
}

func TestMainCategory(t *testing.T) {
	for code, want := range map[string]string{"03000000-1": "goods", "30200000-1": "goods", "45000000-7": "works",
		"48000000-8": "goods", "50000000-5": "services", "90911200-8": "services", "": "", "x1": ""} {
		if got := ocds.MainCategory(code); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}

func TestWithDefaults(t *testing.T) {
	c := ocds.Config{}.WithDefaults("https://samspil.dk/")
	if c.OCIDPrefix != "samspil-samspil-dk" || c.PublisherName != "Samspil (samspil.dk)" || c.PublisherURI != "https://samspil.dk/" ||
		c.License != ocds.DefaultLicense || c.PublicationPolicy != "https://samspil.dk/api/v1/ocds/publication-policy" ||
		c.OwnExtensionURL() != "https://samspil.dk/api/v1/ocds/extension/extension.json" {
		t.Errorf("defaults = %+v", c)
	}
	set := ocds.Config{OCIDPrefix: "ocds-xyz789-", PublisherName: "KL", License: "https://opendatacommons.org/licenses/pddl/1-0/"}.WithDefaults("http://localhost:8080")
	if set.OCIDPrefix != "ocds-xyz789" || set.PublisherName != "KL" || set.License != "https://opendatacommons.org/licenses/pddl/1-0/" ||
		set.OCID(5) != "ocds-xyz789-5" {
		t.Errorf("configured = %+v", set)
	}
}

func TestExtensionFiles(t *testing.T) {
	c := config()
	for _, name := range []string{"extension.json", "release-schema.json", "codelists/danishProcedure.csv", "README.md"} {
		b, ct, ok := c.ExtensionFile(name)
		if !ok || len(b) == 0 || ct == "" {
			t.Errorf("%s: not served", name)
		}
		if strings.HasSuffix(name, ".json") && !json.Valid(b) {
			t.Errorf("%s is not JSON", name)
		}
	}
	b, _, _ := c.ExtensionFile("extension.json")
	if !strings.Contains(string(b), base+"/api/v1/ocds/extension/README.md") || strings.Contains(string(b), "BASE_URL") {
		t.Errorf("extension.json does not name the base URL:\n%s", b)
	}
	for _, bad := range []string{"", "../ocds.go", "/etc/passwd", "policy.md", "codelists", "extension"} {
		if _, _, ok := c.ExtensionFile(bad); ok {
			t.Errorf("%q was served", bad)
		}
	}
	if len(ocds.PublicationPolicy()) == 0 {
		t.Error("no publication policy")
	}
}
