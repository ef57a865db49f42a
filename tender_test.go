package samspil_test

import (
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// tenderNow is the "now" of the validation tests.
var tenderNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// validTender returns a tender that passes every rule.
func validTender() *samspil.Tender {
	day := func(n int) time.Time { return time.Date(2026, 3, 2+n, 0, 0, 0, 0, time.UTC) }
	return &samspil.Tender{
		BuyerID: 1, Title: " Rengøring af skoler ", Description: " Daglig rengøring. ",
		Procedure: samspil.ProcSocialClause, MainCPV: "90911200", CPVCodes: []string{"90910000-9", "90911200-8", "90910000"},
		ValueOre: 2_000_000_00,
		Lots: []samspil.TenderLot{
			{Number: 1, Title: " Nord ", ValueOre: 1_000_000_00},
			{Number: 2, Title: "Syd", ValueOre: 1_000_000_00, Reservation: samspil.ReserveShelteredWorkshop},
		},
		PlaceCode: "0101", SocialGoals: []string{"social.accessibility", "social.accessibility"},
		QuestionsDeadline: day(10).Add(12 * time.Hour), TenderDeadline: day(20).Add(12 * time.Hour),
		ExpectedAward: day(20), ContractStart: day(40), ContractEnd: day(40).AddDate(2, 0, 0),
	}
}

// fieldKeys lists the field keys of a validation error.
func fieldKeys(err error) []string {
	e, ok := samspil.AsError(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Key)
	}
	return out
}

func TestTenderValidate(t *testing.T) {
	x := validTender()
	if err := x.Validate(refdata.Catalog, tenderNow); err != nil {
		t.Fatalf("valid tender: %v", fieldKeys(err))
	}
	if x.Title != "Rengøring af skoler" || x.Description != "Daglig rengøring." || x.MainCPV != "90911200-8" ||
		strings.Join(x.CPVCodes, ",") != "90910000-9" || len(x.SocialGoals) != 1 || x.Lots[0].Title != "Nord" {
		t.Fatalf("normalised = %+v", x)
	}
	long := strings.Repeat("x", samspil.MaxTenderText+1)
	far := tenderNow.AddDate(samspil.MaxTenderYearsAhead, 0, 1)
	tests := []struct {
		name   string
		change func(x *samspil.Tender)
		want   string // field:key
	}{
		{"no title", func(x *samspil.Tender) { x.Title = "  " }, "title:tender.title.required"},
		{"long title", func(x *samspil.Tender) { x.Title = strings.Repeat("é", samspil.MaxTenderTitle+1) }, "title:field.too_long"},
		{"no description", func(x *samspil.Tender) { x.Description = "" }, "description:tender.description.required"},
		{"long description", func(x *samspil.Tender) { x.Description = long }, "description:field.too_long"},
		{"long social criteria", func(x *samspil.Tender) { x.SocialCriteria = long }, "social_criteria:field.too_long"},
		{"long place text", func(x *samspil.Tender) { x.PlaceText = strings.Repeat("x", samspil.MaxShortTextLen+1) }, "place_text:field.too_long"},
		{"unknown procedure", func(x *samspil.Tender) { x.Procedure = "udbud" }, "procedure:tender.procedure.invalid"},
		{"no main cpv", func(x *samspil.Tender) { x.MainCPV = " " }, "main_cpv:tender.cpv.required"},
		{"unknown main cpv", func(x *samspil.Tender) { x.MainCPV = "12345678" }, "main_cpv:cpv.unknown"},
		{"unknown additional cpv", func(x *samspil.Tender) { x.CPVCodes = []string{"99999999"} }, "additional_cpv:cpv.unknown"},
		{"too many cpv", func(x *samspil.Tender) {
			x.CPVCodes = []string{"90910000", "90911000", "90911100", "90911300", "90912000", "90913000", "90913100", "90913200", "90914000", "90915000",
				"90916000", "90917000", "90918000", "90919000", "90919100", "90919200", "90919300", "90920000", "90921000", "90922000", "90923000"}
		}, "additional_cpv:tender.cpv.too_many"},
		{"no value", func(x *samspil.Tender) { x.ValueOre = 0; x.Lots = nil }, "value:tender.value.required"},
		{"value too large", func(x *samspil.Tender) { x.ValueOre = samspil.MaxTenderValueOre + 1 }, "value:tender.value.too_large"},
		{"unknown place", func(x *samspil.Tender) { x.PlaceCode = "9999" }, "place_code:tender.place.invalid"},
		{"unknown reservation", func(x *samspil.Tender) { x.Reservation = "alle" }, "reservation:tender.reservation.invalid"},
		{"§ 20 without reservation", func(x *samspil.Tender) { x.Procedure = samspil.ProcReserved }, "reservation:tender.reservation.section20"},
		{"art. 77 outside the light regime", func(x *samspil.Tender) { x.Reservation = samspil.ReservePublicService }, "reservation:tender.reservation.art77_procedure"},
		{"art. 77 for cleaning", func(x *samspil.Tender) {
			x.Procedure, x.Reservation, x.Lots = samspil.ProcLightRegime, samspil.ReservePublicService, nil
		}, "reservation:tender.reservation.art77_cpv"},
		{"unknown social goal", func(x *samspil.Tender) { x.SocialGoals = []string{"social.happiness"} }, "social_goals:tender.social_goal.invalid"},
		{"too many lots", func(x *samspil.Tender) {
			x.Lots = nil
			for i := 1; i <= samspil.MaxTenderLots+1; i++ {
				x.Lots = append(x.Lots, samspil.TenderLot{Number: i, Title: "Del"})
			}
		}, "lots:tender.lots.too_many"},
		{"lot without number", func(x *samspil.Tender) { x.Lots[0].Number = 0 }, "lots:tender.lot.number"},
		{"lot numbers twice", func(x *samspil.Tender) { x.Lots[1].Number = 1 }, "lots:tender.lot.number"},
		{"lot without title", func(x *samspil.Tender) { x.Lots[0].Title = " " }, "lots:tender.lot.title"},
		{"lot long description", func(x *samspil.Tender) { x.Lots[0].Description = long }, "lots:field.too_long"},
		{"lot negative value", func(x *samspil.Tender) { x.Lots[0].ValueOre = -1 }, "lots:tender.lot.value"},
		{"lot unknown reservation", func(x *samspil.Tender) { x.Lots[0].Reservation = "alle" }, "lots:tender.reservation.invalid"},
		{"lot art. 77 outside the light regime", func(x *samspil.Tender) { x.Lots[0].Reservation = samspil.ReservePublicService }, "lots:tender.reservation.invalid"},
		{"lots worth more than the tender", func(x *samspil.Tender) { x.Lots[0].ValueOre = 1_500_000_00 }, "lots:tender.lots.sum"},
		{"no questions deadline", func(x *samspil.Tender) { x.QuestionsDeadline = time.Time{} }, "questions_deadline:tender.date.questions_deadline"},
		{"no tender deadline", func(x *samspil.Tender) { x.TenderDeadline = time.Time{} }, "tender_deadline:tender.date.tender_deadline"},
		{"no expected award", func(x *samspil.Tender) { x.ExpectedAward = time.Time{} }, "expected_award:tender.date.expected_award"},
		{"no contract start", func(x *samspil.Tender) { x.ContractStart = time.Time{} }, "contract_start:tender.date.contract_start"},
		{"no contract end", func(x *samspil.Tender) { x.ContractEnd = time.Time{} }, "contract_end:tender.date.contract_end"},
		{"deadline too far", func(x *samspil.Tender) { x.ContractStart, x.ContractEnd = far, far.AddDate(1, 0, 0) }, "contract_start:tender.date.too_far"},
		{"questions after deadline", func(x *samspil.Tender) { x.QuestionsDeadline = x.TenderDeadline }, "questions_deadline:tender.date.questions_after_deadline"},
		{"award before deadline", func(x *samspil.Tender) { x.ExpectedAward = x.TenderDeadline.AddDate(0, 0, -1) }, "expected_award:tender.date.award_before_deadline"},
		{"start before award", func(x *samspil.Tender) { x.ContractStart = x.ExpectedAward.AddDate(0, 0, -1) }, "contract_start:tender.date.start_before_award"},
		{"end before start", func(x *samspil.Tender) { x.ContractEnd = x.ContractStart }, "contract_end:tender.date.end_before_start"},
		// The end is bounded by the contract's length, not by today.
		{"contract too long", func(x *samspil.Tender) {
			x.ContractEnd = x.ContractStart.AddDate(samspil.MaxTenderContractYears, 0, 1)
		}, "contract_end:tender.date.contract_too_long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := validTender()
			tc.change(x)
			err := x.Validate(refdata.Catalog, tenderNow)
			if samspil.ErrorCode(err) != samspil.EINVALID {
				t.Fatalf("error = %v, want EINVALID", err)
			}
			got := fieldKeys(err)
			found := false
			for _, k := range got {
				found = found || k == tc.want
			}
			if !found {
				t.Fatalf("fields = %v, want %s", got, tc.want)
			}
		})
	}
	// The allowed social reservations.
	ok := []func(x *samspil.Tender){
		func(x *samspil.Tender) {
			x.Procedure, x.Reservation = samspil.ProcReserved, samspil.ReserveShelteredWorkshop
		},
		func(x *samspil.Tender) {
			x.Procedure, x.Reservation, x.MainCPV, x.CPVCodes = samspil.ProcLightRegime, samspil.ReservePublicService, "85000000", nil
			x.Lots[1].Reservation = samspil.ReservePublicService
		},
		func(x *samspil.Tender) { x.Lots = nil; x.SocialGoals = nil },
		func(x *samspil.Tender) { x.ExpectedAward = x.TenderDeadline.Truncate(24 * time.Hour) }, // the deadline's own day
	}
	for i, change := range ok {
		x := validTender()
		change(x)
		if err := x.Validate(refdata.Catalog, tenderNow); err != nil {
			t.Errorf("allowed case %d: %v", i, fieldKeys(err))
		}
	}
}

func TestTenderAwardValidate(t *testing.T) {
	tender := validTender()
	reserved := validTender()
	reserved.Reservation = samspil.ReserveShelteredWorkshop
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	valid := func() *samspil.TenderAward {
		return &samspil.TenderAward{SupplierIDs: []int64{7, 0, 7, 1, 8, -2}, ValueOre: 100, ContractStart: start, ContractEnd: start.AddDate(1, 0, 0),
			Section20Note: "  Over 30 %. "}
	}
	a := valid()
	if err := a.Validate(reserved); err != nil {
		t.Fatalf("valid award: %v", fieldKeys(err))
	}
	if len(a.SupplierIDs) != 2 || a.SupplierIDs[0] != 7 || a.SupplierIDs[1] != 8 || a.Section20Note != "Over 30 %." {
		t.Fatalf("normalised = %+v", a)
	}
	tests := []struct {
		name   string
		t      *samspil.Tender
		change func(a *samspil.TenderAward)
		want   string
	}{
		{"no suppliers", tender, func(a *samspil.TenderAward) { a.SupplierIDs = nil }, "suppliers:tender.award.suppliers"},
		{"only the buyer", tender, func(a *samspil.TenderAward) { a.SupplierIDs = []int64{1} }, "suppliers:tender.award.suppliers"},
		{"no value", tender, func(a *samspil.TenderAward) { a.ValueOre = 0 }, "value:tender.award.value"},
		{"value too large", tender, func(a *samspil.TenderAward) { a.ValueOre = samspil.MaxTenderValueOre + 1 }, "value:tender.award.value"},
		{"no start", tender, func(a *samspil.TenderAward) { a.ContractStart = time.Time{} }, "contract_end:tender.date.end_before_start"},
		{"end before start", tender, func(a *samspil.TenderAward) { a.ContractEnd = a.ContractStart }, "contract_end:tender.date.end_before_start"},
		{"§ 20 without note", reserved, func(a *samspil.TenderAward) { a.Section20Note = " " }, "section20_note:tender.award.section20_note"},
		{"long note", tender, func(a *samspil.TenderAward) { a.Section20Note = strings.Repeat("x", samspil.MaxJustification+1) }, "section20_note:field.too_long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.change(a)
			err := a.Validate(tc.t)
			found := false
			for _, k := range fieldKeys(err) {
				found = found || k == tc.want
			}
			if samspil.ErrorCode(err) != samspil.EINVALID || !found {
				t.Fatalf("error = %v (%v), want %s", err, fieldKeys(err), tc.want)
			}
		})
	}
	// Without a § 20 reservation the note is optional.
	a = valid()
	a.Section20Note = ""
	if err := a.Validate(tender); err != nil {
		t.Fatalf("open tender without note: %v", fieldKeys(err))
	}
}

func TestClarificationValidate(t *testing.T) {
	for _, tc := range []struct {
		q, want string
	}{
		{" Hvornår? ", ""},
		{"  ", "question:tender.clarification.required"},
		{strings.Repeat("x", samspil.MaxClarificationLen+1), "question:field.too_long"},
	} {
		c := &samspil.Clarification{Question: tc.q}
		err := c.Validate()
		got := strings.Join(fieldKeys(err), ",")
		if got != tc.want || (tc.want == "" && c.Question != strings.TrimSpace(tc.q)) {
			t.Errorf("Validate(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestCanViewTender(t *testing.T) {
	published := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	buyer := &samspil.Principal{User: &samspil.User{ID: 1}, Memberships: []*samspil.Membership{{OrganisationID: 10, Status: samspil.MembershipActive, Role: samspil.RoleMember}}}
	other := &samspil.Principal{User: &samspil.User{ID: 2}}
	tests := []struct {
		name        string
		tender      samspil.Tender
		buyer, anon bool
	}{
		{"draft", samspil.Tender{BuyerID: 10, Status: samspil.TenderDraft}, true, false},
		{"cancelled before publication", samspil.Tender{BuyerID: 10, Status: samspil.TenderCancelled}, true, false},
		{"published", samspil.Tender{BuyerID: 10, Status: samspil.TenderPublished, PublishedAt: &published}, true, true},
		{"cancelled after publication", samspil.Tender{BuyerID: 10, Status: samspil.TenderCancelled, PublishedAt: &published}, true, true},
		{"awarded", samspil.Tender{BuyerID: 10, Status: samspil.TenderAwarded, PublishedAt: &published}, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := buyer.CanViewTender(&tc.tender); got != tc.buyer {
				t.Errorf("buyer sees it = %v, want %v", got, tc.buyer)
			}
			if got := other.CanViewTender(&tc.tender); got != tc.anon {
				t.Errorf("someone else sees it = %v, want %v", got, tc.anon)
			}
			var nobody *samspil.Principal
			if got := nobody.CanViewTender(&tc.tender); got != tc.anon {
				t.Errorf("anonymous sees it = %v, want %v", got, tc.anon)
			}
		})
	}
}
