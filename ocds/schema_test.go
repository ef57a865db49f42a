package ocds_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The official schemas refer to each other by absolute URL; the validator
// gets them from testdata and never fetches anything.
const schemaBase = "https://standard.open-contracting.org/schema/1__1__5/"

var schemaFiles = []string{"release-schema.json", "release-package-schema.json", "record-package-schema.json", "versioned-release-validation-schema.json"}

// noFetch refuses every URL the compiler was not given.
type noFetch struct{}

func (noFetch) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not local; nothing is fetched", url)
}

// SchemaSet is the release and record package schemas compiled from the
// local copies; withOwn merges the project's own extension into the
// release schema first (JSON merge patch, as OCDS applies extensions).
type SchemaSet struct {
	releasePackage, recordPackage *jsonschema.Schema
}

func loadJSON(t *testing.T, path string) any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// mergePatch applies an RFC 7386 merge patch.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(tm, k)
		} else {
			tm[k] = mergePatch(tm[k], v)
		}
	}
	return tm
}

func compileSchemas(t *testing.T, withOwn bool) SchemaSet {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.UseLoader(noFetch{})
	c.AssertFormat()
	for _, name := range schemaFiles {
		doc := loadJSON(t, filepath.Join("testdata", "schema", "1.1.5", name))
		if withOwn && name == "release-schema.json" {
			doc = mergePatch(doc, loadJSON(t, filepath.Join("extension", "release-schema.json")))
		}
		if err := c.AddResource(schemaBase+name, doc); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
	}
	var s SchemaSet
	var err error
	if s.releasePackage, err = c.Compile(schemaBase + "release-package-schema.json"); err != nil {
		t.Fatalf("compile release package schema: %v", err)
	}
	if s.recordPackage, err = c.Compile(schemaBase + "record-package-schema.json"); err != nil {
		t.Fatalf("compile record package schema: %v", err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, name string, doc []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s is not valid OCDS 1.1.5: %v", name, err)
	}
}

// TestPackagesMatchTheSchema validates every package of the tender's life
// against the official schemas, and against them with the project's own
// extension applied.
func TestPackagesMatchTheSchema(t *testing.T) {
	rel, rec, bulk := packages(t)
	for _, own := range []bool{false, true} {
		s := compileSchemas(t, own)
		validate(t, s.releasePackage, "release package", rel)
		validate(t, s.releasePackage, "bulk release package", bulk)
		validate(t, s.recordPackage, "record package", rec)
	}
}

// TestSchemaValidatorIsNotVacuous proves the validator would catch a bad
// package: a wrong status, a string amount, a missing ocid.
func TestSchemaValidatorIsNotVacuous(t *testing.T) {
	rel, _, _ := packages(t)
	s := compileSchemas(t, true)
	for name, mutate := range map[string][2]string{
		"status":    {`"status": "active"`, `"status": "open"`},
		"amount":    {`"amount": 2400000.5`, `"amount": "2400000.5"`},
		"tag":       {`"tenderAmendment"`, `"amendment"`},
		"procedure": {`"danishProcedure": "reserveret"`, `"danishProcedure": "hemmelig"`},
		"ocid":      {`"ocid": "ocds-abc123-7",`, ``},
	} {
		bad := bytes.Replace(rel, []byte(mutate[0]), []byte(mutate[1]), 1)
		if bytes.Equal(bad, rel) {
			t.Fatalf("%s: the mutation did not apply", name)
		}
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
		if err := s.releasePackage.Validate(v); err == nil {
			t.Errorf("%s: a broken package passed validation", name)
		}
	}
}

// codelist reads the codes of one of the standard's codelists.
func codelist(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "schema", "1.1.5", "codelists", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "Code")
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[col])
	}
	return out
}

// The codes of the published extensions' codelists the releases use, as
// their codelists name them (see docs/opendata.md for where).
var (
	reservedParticipation = []string{"shelteredWorkshop", "publicServiceMissionOrganization"}
	sustainabilityGoals   = []string{"economic", "environmental", "social", "social.accessibility",
		"social.disadvantagedEmploymentOpportunities", "social.ethnicEquality", "social.genderEquality",
		"social.humanRightsInSupplyChains", "social.laborRightsPromotion", "social.smeInclusion", "social.womenInclusion"}
	sustainabilityStrategies = []string{"awardCriteria", "contractPerformanceConditions", "marginOfPreference",
		"reservedParticipation", "selectionCriteria", "technicalSpecifications"}
	partyScales = []string{"micro", "sme", "small", "medium", "large", "selfEmployed"}
)

// TestCodelists checks every coded value against the standard's CSV
// codelists and the extensions' codelists, including the open ones the
// schema cannot check.
func TestCodelists(t *testing.T) {
	rel, rec, bulk := packages(t)
	lists := map[string][]string{
		"tag": codelist(t, "releaseTag.csv"), "initiationType": codelist(t, "initiationType.csv"),
		"tender.status": codelist(t, "tenderStatus.csv"), "procurementMethod": codelist(t, "method.csv"),
		"mainProcurementCategory": codelist(t, "procurementCategory.csv"), "roles": codelist(t, "partyRole.csv"),
		"documentType": codelist(t, "documentType.csv"), "currency": codelist(t, "currency.csv"),
		"award.status": codelist(t, "awardStatus.csv"), "contract.status": codelist(t, "contractStatus.csv"),
		"submissionMethod": codelist(t, "submissionMethod.csv"), "scheme": codelist(t, "itemClassificationScheme.csv"),
	}
	seen := map[string]int{}
	check := func(list, value string) {
		seen[list]++
		if !slices.Contains(lists[list], value) {
			t.Errorf("%s %q is not in its codelist", list, value)
		}
	}
	type release struct {
		Tag            []string
		InitiationType string
		Parties        []struct {
			Roles   []string
			Details *struct{ Scale string }
		}
		Tender struct {
			Status, ProcurementMethod, MainProcurementCategory string
			SubmissionMethod                                   []string
			Value                                              struct{ Currency string }
			Items                                              []struct{ Classification struct{ Scheme string } }
			Documents                                          []struct{ DocumentType string }
			Lots                                               []struct {
				Status            string
				OtherRequirements *struct{ ReservedParticipation []string }
			}
			OtherRequirements *struct{ ReservedParticipation []string }
			Sustainability    []struct {
				Goal       string
				Strategies []string
			}
		}
		Awards    []struct{ Status string }
		Contracts []struct{ Status string }
	}
	var all []release
	for _, doc := range [][]byte{rel, bulk} {
		var p struct{ Releases []release }
		if err := json.Unmarshal(doc, &p); err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Releases...)
	}
	var rp struct {
		Records []struct {
			Releases        []release
			CompiledRelease release
		}
	}
	if err := json.Unmarshal(rec, &rp); err != nil {
		t.Fatal(err)
	}
	for _, r := range rp.Records {
		all = append(all, r.Releases...)
		all = append(all, r.CompiledRelease)
	}
	for _, r := range all {
		for _, tag := range r.Tag {
			check("tag", tag)
		}
		check("initiationType", r.InitiationType)
		for _, p := range r.Parties {
			for _, role := range p.Roles {
				check("roles", role)
			}
			if p.Details != nil && p.Details.Scale != "" && !slices.Contains(partyScales, p.Details.Scale) {
				t.Errorf("scale %q", p.Details.Scale)
			}
		}
		check("tender.status", r.Tender.Status)
		check("procurementMethod", r.Tender.ProcurementMethod)
		check("mainProcurementCategory", r.Tender.MainProcurementCategory)
		check("currency", r.Tender.Value.Currency)
		for _, m := range r.Tender.SubmissionMethod {
			check("submissionMethod", m)
		}
		for _, it := range r.Tender.Items {
			check("scheme", it.Classification.Scheme)
		}
		for _, d := range r.Tender.Documents {
			check("documentType", d.DocumentType)
		}
		reserved := [][]string{}
		if r.Tender.OtherRequirements != nil {
			reserved = append(reserved, r.Tender.OtherRequirements.ReservedParticipation)
		}
		for _, l := range r.Tender.Lots {
			check("tender.status", l.Status)
			if l.OtherRequirements != nil {
				reserved = append(reserved, l.OtherRequirements.ReservedParticipation)
			}
		}
		for _, rs := range reserved {
			for _, code := range rs {
				if !slices.Contains(reservedParticipation, code) {
					t.Errorf("reservedParticipation %q", code)
				}
			}
		}
		for _, s := range r.Tender.Sustainability {
			// The codelist is open to sub-codes of its codes
			// ("social.employmentOpportunities" under "social").
			parent, _, _ := strings.Cut(s.Goal, ".")
			if !slices.Contains(sustainabilityGoals, s.Goal) && !slices.Contains(sustainabilityGoals, parent) {
				t.Errorf("sustainability goal %q", s.Goal)
			}
			for _, st := range s.Strategies {
				if !slices.Contains(sustainabilityStrategies, st) {
					t.Errorf("sustainability strategy %q", st)
				}
			}
		}
		for _, a := range r.Awards {
			check("award.status", a.Status)
		}
		for _, c := range r.Contracts {
			check("contract.status", c.Status)
		}
	}
	for _, list := range []string{"tag", "tender.status", "procurementMethod", "roles", "award.status", "contract.status", "documentType"} {
		if seen[list] == 0 {
			t.Errorf("no %s value was checked", list)
		}
	}
}
