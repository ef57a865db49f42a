package samspil_test

import (
	"strings"
	"testing"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

func validOrg() *samspil.Organisation {
	return &samspil.Organisation{
		CVR: "10150817", Name: "Café Møllen", Kind: samspil.OrgSOV, MunicipalityCode: "0751",
		CPVCodes: []string{"55520000"}, Sectors: []string{"i"}, Website: "cafemoellen.example.dk",
		Employees: 10, DisadvantagedEmployees: 4,
	}
}

func TestOrganisationValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *samspil.Organisation)
		field  string // "" means valid
		key    string
	}{
		{"valid", func(o *samspil.Organisation) {}, "", ""},
		{"empty name", func(o *samspil.Organisation) { o.Name = "   " }, "name", "org.name.required"},
		{"long name", func(o *samspil.Organisation) { o.Name = strings.Repeat("x", 10000) }, "name", "org.name.too_long"},
		{"bad kind", func(o *samspil.Organisation) { o.Kind = "forening" }, "kind", "org.kind.invalid"},
		{"cvr letters", func(o *samspil.Organisation) { o.CVR = "1015O817" }, "cvr", "cvr.not_digits"},
		{"cvr length", func(o *samspil.Organisation) { o.CVR = "1015081" }, "cvr", "cvr.length"},
		{"cvr checksum", func(o *samspil.Organisation) { o.CVR = "10150818" }, "cvr", "cvr.checksum"},
		{"cvr required for SØV", func(o *samspil.Organisation) { o.CVR = "" }, "cvr", "cvr.required"},
		{"cvr optional for andet", func(o *samspil.Organisation) { o.CVR = ""; o.Kind = samspil.OrgAndet }, "", ""},
		{"unknown municipality", func(o *samspil.Organisation) { o.MunicipalityCode = "0999" }, "municipality_code", "org.municipality.unknown"},
		{"no municipality", func(o *samspil.Organisation) { o.MunicipalityCode = "" }, "municipality_code", "org.municipality.required"},
		{"unknown CPV", func(o *samspil.Organisation) { o.CPVCodes = []string{"99999999-9"} }, "cpv_codes", "cpv.unknown"},
		{"unknown sector", func(o *samspil.Organisation) { o.Sectors = []string{"Z"} }, "sectors", "org.sector.unknown"},
		{"bad website", func(o *samspil.Organisation) { o.Website = "ftp://x" }, "website", "org.website.invalid"},
		{"bad email", func(o *samspil.Organisation) { o.Email = "ikke en adresse" }, "email", "email.invalid"},
		{"bad postal code", func(o *samspil.Organisation) { o.PostalCode = "80" }, "postal_code", "org.postal_code.invalid"},
		{"cpr as phone", func(o *samspil.Organisation) { o.Phone = "010190-1234" }, "phone", "cpr.refused"},
		{"negative employees", func(o *samspil.Organisation) { o.Employees = -1 }, "employees", "field.negative"},
		{"more disadvantaged than employees", func(o *samspil.Organisation) { o.DisadvantagedEmployees = 11 }, "disadvantaged_employees", "org.disadvantaged.too_many"},
		{"duplicate effect year", func(o *samspil.Organisation) {
			o.Effects = []samspil.SocialEffect{{Year: 2024}, {Year: 2024}}
		}, "effects", "org.effect.duplicate_year"},
		{"effect year out of range", func(o *samspil.Organisation) { o.Effects = []samspil.SocialEffect{{Year: 1700}} }, "effects", "org.effect.year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrg()
			tt.change(o)
			err := o.Validate(refdata.Catalog)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e, ok := samspil.AsError(err)
			if !ok || e.Code != samspil.EINVALID {
				t.Fatalf("error = %v, want EINVALID", err)
			}
			for _, f := range e.Fields {
				if f.Field == tt.field && f.Key == tt.key {
					return
				}
			}
			t.Fatalf("fields %+v lack %s/%s", e.Fields, tt.field, tt.key)
		})
	}
}

func TestOrganisationValidateNormalises(t *testing.T) {
	o := validOrg()
	o.CVR = "DK 10 15 08 17"
	o.CPVCodes = []string{"55520000", "55520000-1", " "}
	if err := o.Validate(refdata.Catalog); err != nil {
		t.Fatal(err)
	}
	if o.CVR != "10150817" || o.Website != "https://cafemoellen.example.dk" || o.Sectors[0] != "I" {
		t.Errorf("not normalised: %+v", o)
	}
	if len(o.CPVCodes) != 1 || o.CPVCodes[0] != "55520000-1" {
		t.Errorf("CPV codes = %v, want [55520000-1]", o.CPVCodes)
	}
}

func TestReservedContractCondition(t *testing.T) {
	tests := []struct {
		emp, dis int
		want     bool
		share    int
	}{{10, 3, true, 30}, {10, 2, false, 20}, {3, 1, true, 33}, {7, 2, false, 28}, {0, 0, false, 0}}
	for _, tt := range tests {
		o := &samspil.Organisation{Employees: tt.emp, DisadvantagedEmployees: tt.dis}
		if got := o.MeetsReservedContractCondition(); got != tt.want {
			t.Errorf("%d of %d: condition %v, want %v", tt.dis, tt.emp, got, tt.want)
		}
		if got := o.DisadvantagedShare(); got != tt.share {
			t.Errorf("%d of %d: share %d, want %d", tt.dis, tt.emp, got, tt.share)
		}
	}
}

func TestPrincipal(t *testing.T) {
	admin := &samspil.Principal{User: &samspil.User{ID: 1, IsAdmin: true}}
	orgAdmin := &samspil.Principal{User: &samspil.User{ID: 2}, Memberships: []*samspil.Membership{
		{OrganisationID: 10, Role: samspil.RoleAdmin, Status: samspil.MembershipActive},
		{OrganisationID: 11, Role: samspil.RoleAdmin, Status: samspil.MembershipPending},
	}}
	member := &samspil.Principal{User: &samspil.User{ID: 3}, Memberships: []*samspil.Membership{
		{OrganisationID: 10, Role: samspil.RoleMember, Status: samspil.MembershipActive},
	}}
	var anon *samspil.Principal
	tests := []struct {
		name string
		p    *samspil.Principal
		org  int64
		want bool
	}{
		{"platform admin", admin, 10, true},
		{"org admin own org", orgAdmin, 10, true},
		{"org admin pending elsewhere", orgAdmin, 11, false},
		{"org admin other org", orgAdmin, 12, false},
		{"member", member, 10, false},
		{"anonymous", anon, 10, false},
	}
	for _, tt := range tests {
		if got := tt.p.CanEditOrganisation(tt.org); got != tt.want {
			t.Errorf("%s: CanEditOrganisation = %v, want %v", tt.name, got, tt.want)
		}
	}
	if samspil.ErrorCode(anon.Require(true)) != samspil.EUNAUTHORIZED {
		t.Error("anonymous must get EUNAUTHORIZED")
	}
	if samspil.ErrorCode(member.Require(false)) != samspil.EFORBIDDEN {
		t.Error("member must get EFORBIDDEN")
	}
}
