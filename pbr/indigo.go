package pbr

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Copenhagen for signature dates, even without zoneinfo

	"github.com/samspil/samspil"
)

// The INDIGO export. INDIGO (the International Network for Data on Impact
// and Government Outcomes, at Oxford's Government Outcomes Lab) publishes
// impact bonds and outcome contracts as a "project" that refers to shared
// "organisation" records by id. Field names and nesting follow the
// project and organisation JSON schemas of the INDIGO data standard
// (INDIGO-Initiative/indigo-data-standard, schema/project.json and
// schema/organisation.json): every value sits in an object {"value": …},
// money is a currency and an amount, dates are YYYY-MM-DD. Amounts are
// written as exact decimal kroner ("15000.00") derived from øre, as JSON
// numbers where the schema has a number and as strings where it has a
// string. docs/pbr.md maps each field to the contract.
//
// The export never has a participant row: results are counts.

// IndigoOptions says how to link an exported contract: the platform's base
// URL for ids and the OCDS ocid of the tender it came from ("" for none).
type IndigoOptions struct {
	BaseURL string
	OCID    string
	// OrgIdentifiers gives org-id identifiers (such as "DK-CVR-12345678")
	// of the contract's organisations by platform organisation id, when
	// the caller knows them.
	OrgIdentifiers map[int64]string
}

// IndigoValue wraps one value as INDIGO does: {"value": …}.
type IndigoValue[T any] struct {
	Value T `json:"value"`
}

func iv[T any](v T) IndigoValue[T] { return IndigoValue[T]{Value: v} }

func ivp[T any](v T) *IndigoValue[T] { return &IndigoValue[T]{Value: v} }

// IndigoMoney is an amount in a currency.
type IndigoMoney struct {
	Currency IndigoValue[string]      `json:"currency"`
	Amount   IndigoValue[json.Number] `json:"amount"`
}

// IndigoAmount is an amount whose currency is given next to it.
type IndigoAmount struct {
	Amount IndigoValue[json.Number] `json:"amount"`
}

// IndigoTextAmount is an amount the schema keeps as a string.
type IndigoTextAmount struct {
	Amount IndigoValue[string] `json:"amount"`
}

// IndigoPeriod is a start and an end date.
type IndigoPeriod struct {
	StartDate IndigoValue[string] `json:"start_date"`
	EndDate   IndigoValue[string] `json:"end_date"`
}

// IndigoExport is a contract as one INDIGO project and the organisations
// it refers to.
type IndigoExport struct {
	Project       IndigoProject        `json:"project"`
	Organisations []IndigoOrganisation `json:"organisations"`
}

// IndigoProject is INDIGO's project record for one outcome contract.
type IndigoProject struct {
	ID                        string                    `json:"id"`
	Status                    string                    `json:"status"`
	Name                      IndigoValue[string]       `json:"name"`
	StageDevelopment          *IndigoValue[string]      `json:"stage_development,omitempty"`
	Dates                     IndigoDates               `json:"dates"`
	Jurisdiction              IndigoJurisdiction        `json:"jurisdiction"`
	OverallProjectFinance     IndigoFinance             `json:"overall_project_finance"`
	PurposeAndClassifications IndigoPurpose             `json:"purpose_and_classifications"`
	ServiceAndBeneficiaries   IndigoBeneficiaries       `json:"service_and_beneficiaries"`
	ServiceProvisions         []IndigoServiceProvision  `json:"service_provisions"`
	OutcomePaymentCommitments []IndigoPaymentCommitment `json:"outcome_payment_commitments"`
	Investments               []IndigoInvestment        `json:"investments,omitempty"`
	OutcomeMetrics            []IndigoOutcomeMetric     `json:"outcome_metrics"`
	OutcomePricings           []IndigoOutcomePricing    `json:"outcome_pricings"`
	Results                   []IndigoResult            `json:"results"`
	OutcomePayments           []IndigoOutcomePayment    `json:"outcome_payments"`
	OpenContractingDatas      []IndigoOpenContracting   `json:"open_contracting_datas,omitempty"`
	Sources                   []IndigoSource            `json:"sources"`
}

// IndigoDates are the project's key dates.
type IndigoDates struct {
	OutcomesContractSigned               *IndigoValue[string] `json:"outcomes_contract_signed,omitempty"`
	StartDateOfServiceProvision          IndigoValue[string]  `json:"start_date_of_service_provision"`
	AnticipatedEndDateOfServiceProvision IndigoValue[string]  `json:"anticipated_end_date_of_service_provision"`
	ActualEndDateOfServiceProvision      *IndigoValue[string] `json:"actual_end_date_of_service_provision,omitempty"`
	ActualCompletionDate                 *IndigoValue[string] `json:"actual_completion_date,omitempty"`
}

// IndigoJurisdiction is the country the project is governed from.
type IndigoJurisdiction struct {
	Jurisdiction IndigoValue[string] `json:"jurisdiction"`
}

// IndigoFinance is the project's maximum payable (the cap) and what has
// been paid.
type IndigoFinance struct {
	MaximumPotentialOutcomePayment IndigoMoney `json:"maximum_potential_outcome_payment_v2"`
	TotalOutcomePaymentsMade       IndigoMoney `json:"total_outcome_payments_made"`
}

// IndigoPurpose names the social challenge (the target group).
type IndigoPurpose struct {
	SocialChallenge IndigoValue[string] `json:"social_challenge"`
}

// IndigoBeneficiaries are the targeted and the enrolled number of people.
type IndigoBeneficiaries struct {
	TargetPopulation IndigoValue[string] `json:"target_population"`
	TargetedNumber   *IndigoValue[int]   `json:"targeted_number_service_users_or_beneficiaries_total,omitempty"`
	UnitTypeTargeted IndigoValue[string] `json:"unit_type_targeted_service_users_or_beneficiaries"`
	ActualNumber     IndigoValue[int]    `json:"actual_number_service_users_or_beneficiaries_total"`
	UnitTypeActual   IndigoValue[string] `json:"unit_type_actual_service_users_or_beneficiaries"`
}

// IndigoServiceProvision is the provider delivering the service.
type IndigoServiceProvision struct {
	ID             string              `json:"id"`
	OrganisationID IndigoValue[string] `json:"organisation_id"`
	PlannedService IndigoPeriod        `json:"planned_service"`
}

// IndigoPaymentCommitment is the commissioner's commitment to pay for
// outcomes, up to the cap.
type IndigoPaymentCommitment struct {
	OrganisationID                 IndigoValue[string] `json:"organisation_id"`
	OrganisationRoleCategory       IndigoValue[string] `json:"organisation_role_category"`
	MaximumPotentialOutcomePayment IndigoMoney         `json:"maximum_potential_outcome_payment"`
	TotalOutcomePayments           IndigoMoney         `json:"total_outcome_payments"`
}

// IndigoInvestment names the social investor or fund (amounts are not
// kept by the platform).
type IndigoInvestment struct {
	ID             string              `json:"id"`
	OrganisationID IndigoValue[string] `json:"organisation_id"`
}

// IndigoOutcomeMetric is one outcome of the rate card.
type IndigoOutcomeMetric struct {
	ID                             string              `json:"id"`
	Definition                     IndigoValue[string] `json:"definition"`
	TargetedNumber                 *IndigoValue[int]   `json:"targeted_number_of_service_users_or_beneficiaries_total,omitempty"`
	OutcomeMetricTarget            IndigoValue[string] `json:"outcome_metric_target"`
	OutcomeValidationMethod        IndigoValue[string] `json:"outcome_validation_method"`
	DataSourceForOutcomeValidation IndigoValue[string] `json:"data_source_for_outcome_validation"`
	Notes                          string              `json:"notes,omitempty"`
}

// IndigoOutcomePricing is an outcome's price per unit.
type IndigoOutcomePricing struct {
	OutcomeMetricID                  IndigoValue[string] `json:"outcome_metric_id"`
	Currency                         IndigoValue[string] `json:"currency"`
	PricePerUnit                     IndigoAmount        `json:"price_per_unit"`
	MaximumPriceIfAllTargetsAchieved *IndigoTextAmount   `json:"maximum_price_if_all_targets_achieved,omitempty"`
	PriceDescription                 IndigoValue[string] `json:"price_description"`
}

// IndigoResult is what one outcome achieved up to the last approved
// statement.
type IndigoResult struct {
	OutcomeMetricID                  IndigoValue[string] `json:"outcome_metric_id"`
	ResultLevel                      IndigoValue[string] `json:"result_level"`
	ResultType                       IndigoValue[string] `json:"result_type"`
	Period                           IndigoPeriod        `json:"period"`
	OutcomesAchieved                 IndigoValue[string] `json:"outcomes_achieved"`
	NumberEngagedInImpactBond        IndigoValue[int]    `json:"number_engaged_in_impact_bond"`
	NumberWithPositiveSocialOutcomes IndigoValue[int]    `json:"number_with_positive_social_outcomes"`
}

// IndigoOutcomePayment is what an approved statement paid for one outcome.
type IndigoOutcomePayment struct {
	OutcomeMetricID         IndigoValue[string] `json:"outcome_metric_id"`
	Period                  IndigoPeriod        `json:"period"`
	PayerOrganisationID     IndigoValue[string] `json:"payer_organisation_id"`
	RecipientOrganisationID IndigoValue[string] `json:"recipient_organisation_id"`
	Type                    IndigoValue[string] `json:"type"`
	Money                   IndigoMoney         `json:"money"`
}

// IndigoOpenContracting links the tender the contract came from.
type IndigoOpenContracting struct {
	OCID string `json:"ocid"`
}

// IndigoSource is where the data comes from.
type IndigoSource struct {
	ID   string               `json:"id"`
	Name IndigoValue[string]  `json:"name"`
	Type IndigoValue[string]  `json:"type"`
	URL  *IndigoValue[string] `json:"url,omitempty"`
}

// IndigoOrganisation is INDIGO's shared organisation record.
type IndigoOrganisation struct {
	ID           string               `json:"id"`
	Name         IndigoValue[string]  `json:"name"`
	Type         *IndigoValue[string] `json:"type,omitempty"`
	Jurisdiction IndigoValue[string]  `json:"jurisdiction"`
	Country      IndigoValue[string]  `json:"country"`
	OrgIDs       *IndigoOrgIDs        `json:"org-ids,omitempty"`
}

// IndigoOrgIDs is an organisation's register identifier in org-id form.
type IndigoOrgIDs struct {
	Primary IndigoValue[string] `json:"primary"`
}

// Indigo values used more than once.
const (
	indigoCurrency   = "DKK"
	indigoCountry    = "DK"
	indigoIndividual = "Individual"
)

// Indigo returns the contract in the shape of the INDIGO data standard
// (Government Outcomes Lab) for impact bonds and outcome contracts:
// outcome metrics, prices per unit, the maximum payable, payments made and
// results, as a JSON-ready value (an *IndigoExport). Never participant rows.
func Indigo(l *samspil.ContractLedger, opt IndigoOptions) any {
	return IndigoOf(l, opt)
}

// IndigoOf is Indigo with its concrete type.
func IndigoOf(l *samspil.ContractLedger, opt IndigoOptions) *IndigoExport {
	c := l.Contract
	base := strings.TrimRight(opt.BaseURL, "/")
	orgID := func(id int64) string { return "SAMSPIL-ORG-" + strconv.FormatInt(id, 10) }
	start, end := DateOf(c.PeriodStart).String(), DateOf(c.PeriodEnd).String()
	paid := approvedPaid(l)
	paidTotal := paid.total
	paidCount, _ := paidByOutcome(paid)

	p := IndigoProject{
		ID:     "SAMSPIL-POJ-" + strconv.FormatInt(c.ID, 10),
		Status: "PUBLIC",
		Name:   iv(c.Title),
		Dates: IndigoDates{
			StartDateOfServiceProvision:          iv(start),
			AnticipatedEndDateOfServiceProvision: iv(end),
		},
		Jurisdiction: IndigoJurisdiction{Jurisdiction: iv(indigoCountry)},
		OverallProjectFinance: IndigoFinance{
			MaximumPotentialOutcomePayment: money(c.CapOre),
			TotalOutcomePaymentsMade:       money(paidTotal),
		},
		PurposeAndClassifications: IndigoPurpose{SocialChallenge: iv(targetGroupName(c.TargetGroup))},
		ServiceAndBeneficiaries: IndigoBeneficiaries{
			TargetPopulation: iv(targetGroupName(c.TargetGroup)),
			UnitTypeTargeted: iv(indigoIndividual),
			ActualNumber:     iv(len(l.Participants)),
			UnitTypeActual:   iv(indigoIndividual),
		},
		ServiceProvisions: []IndigoServiceProvision{{ID: "provider", OrganisationID: iv(orgID(c.ProviderID)),
			PlannedService: IndigoPeriod{StartDate: iv(start), EndDate: iv(end)}}},
		OutcomePaymentCommitments: []IndigoPaymentCommitment{{
			OrganisationID:                 iv(orgID(c.CommissionerID)),
			OrganisationRoleCategory:       iv("Government/Public Sector/Public Bank"),
			MaximumPotentialOutcomePayment: money(c.CapOre),
			TotalOutcomePayments:           money(paidTotal),
		}},
		OutcomeMetrics:  []IndigoOutcomeMetric{},
		OutcomePricings: []IndigoOutcomePricing{},
		Results:         []IndigoResult{},
		OutcomePayments: []IndigoOutcomePayment{},
		Sources:         []IndigoSource{{ID: "samspil", Name: iv("Samspil"), Type: iv("Website")}},
	}
	if base != "" {
		p.Sources[0].URL = ivp(base + "/api/v1/outcome-contracts/" + strconv.FormatInt(c.ID, 10))
	}
	switch c.Status {
	case samspil.ContractActive:
		p.StageDevelopment = ivp("Implementation")
	case samspil.ContractFinished:
		p.StageDevelopment = ivp("Complete")
		p.Dates.ActualEndDateOfServiceProvision = ivp(end)
		if c.FinishedAt != nil {
			p.Dates.ActualCompletionDate = ivp(localDate(*c.FinishedAt))
		}
	}
	if c.CommissionerApprovedAt != nil && c.ProviderApprovedAt != nil {
		signed := *c.CommissionerApprovedAt
		if c.ProviderApprovedAt.After(signed) {
			signed = *c.ProviderApprovedAt
		}
		p.Dates.OutcomesContractSigned = ivp(localDate(signed))
	}
	if c.CohortTarget > 0 {
		p.ServiceAndBeneficiaries.TargetedNumber = ivp(c.CohortTarget)
	}
	if c.InvestorID != nil {
		p.Investments = []IndigoInvestment{{ID: "investor", OrganisationID: iv(orgID(*c.InvestorID))}}
	}
	if opt.OCID != "" {
		p.OpenContractingDatas = []IndigoOpenContracting{{OCID: opt.OCID}}
	}

	for _, o := range c.Outcomes {
		m := IndigoOutcomeMetric{
			ID:                             o.Code,
			Definition:                     iv(o.Description),
			OutcomeMetricTarget:            iv(o.Evidence),
			OutcomeValidationMethod:        iv("Simple ex-post verification"),
			DataSourceForOutcomeValidation: iv("Evidence submitted with each claim by the provider and approved by the commissioner"),
			Notes:                          outcomeRules(&o),
		}
		if o.TargetCount > 0 {
			m.TargetedNumber = ivp(o.TargetCount)
		}
		p.OutcomeMetrics = append(p.OutcomeMetrics, m)

		pr := IndigoOutcomePricing{
			OutcomeMetricID:  iv(o.Code),
			Currency:         iv(indigoCurrency),
			PricePerUnit:     IndigoAmount{Amount: iv(json.Number(Kroner(o.PriceOre)))},
			PriceDescription: iv(priceDescription(&o)),
		}
		if o.TargetCount > 0 {
			pr.MaximumPriceIfAllTargetsAchieved = &IndigoTextAmount{Amount: iv(Kroner(clamp(mul(o.PriceOre, int64(o.TargetCount)))))}
		}
		p.OutcomePricings = append(p.OutcomePricings, pr)
	}

	// Results: approved valid claims achieved up to the end of the last
	// approved statement, as counts.
	var asOf Date = -1 << 31
	for _, s := range l.Statements {
		if s.Status == samspil.StatementApproved {
			asOf = max(asOf, DateOf(s.PeriodEnd))
		}
	}
	if asOf >= DateOf(c.PeriodStart) {
		run := runLedger(l, func(cl *samspil.Claim) bool { return cl.Decision == samspil.ClaimApproved })
		achieved := map[string]int{}
		people := map[string]map[int64]bool{}
		for i, cl := range run.claims {
			if !run.lines[i].Valid || run.keys[i].achieved > asOf {
				continue
			}
			achieved[cl.OutcomeCode]++
			if people[cl.OutcomeCode] == nil {
				people[cl.OutcomeCode] = map[int64]bool{}
			}
			people[cl.OutcomeCode][cl.ParticipantID] = true
		}
		resultType := "Interim"
		if c.Status == samspil.ContractFinished {
			resultType = "Final"
		}
		for _, o := range c.Outcomes {
			p.Results = append(p.Results, IndigoResult{
				OutcomeMetricID:                  iv(o.Code),
				ResultLevel:                      iv("Outcome level"),
				ResultType:                       iv(resultType),
				Period:                           IndigoPeriod{StartDate: iv(start), EndDate: iv(asOf.String())},
				OutcomesAchieved:                 iv(strconv.Itoa(achieved[o.Code]) + " outcome(s) achieved and approved; " + strconv.Itoa(paidCount[o.Code]) + " paid"),
				NumberEngagedInImpactBond:        iv(len(l.Participants)),
				NumberWithPositiveSocialOutcomes: iv(len(people[o.Code])),
			})
		}
	}

	// Payments: each approved statement's amount per outcome, oldest first.
	sts := approvedStatements(l)
	for _, s := range sts {
		for _, so := range s.ByOutcome {
			if so.AmountOre == 0 {
				continue
			}
			p.OutcomePayments = append(p.OutcomePayments, IndigoOutcomePayment{
				OutcomeMetricID:         iv(so.Code),
				Period:                  IndigoPeriod{StartDate: iv(DateOf(s.PeriodStart).String()), EndDate: iv(DateOf(s.PeriodEnd).String())},
				PayerOrganisationID:     iv(orgID(c.CommissionerID)),
				RecipientOrganisationID: iv(orgID(c.ProviderID)),
				Type:                    iv("Actual"),
				Money:                   money(so.AmountOre),
			})
		}
	}

	out := &IndigoExport{Project: p}
	org := func(id int64, name, kind string) {
		o := IndigoOrganisation{ID: orgID(id), Name: iv(name), Jurisdiction: iv(indigoCountry), Country: iv(indigoCountry)}
		if kind != "" {
			o.Type = ivp(kind)
		}
		if ident := opt.OrgIdentifiers[id]; ident != "" {
			o.OrgIDs = &IndigoOrgIDs{Primary: iv(ident)}
		}
		out.Organisations = append(out.Organisations, o)
	}
	org(c.CommissionerID, c.Commissioner, "Government body")
	org(c.ProviderID, c.Provider, "")
	if c.InvestorID != nil {
		org(*c.InvestorID, c.Investor, "")
	}
	return out
}

// Kroner formats øre as exact decimal kroner with two decimals and a point,
// such as "15000.00" or "-0.05".
func Kroner(ore int64) string {
	sign := ""
	u := uint64(ore)
	if ore < 0 {
		sign, u = "-", uint64(-(ore+1))+1 // exact for the smallest int64 too
	}
	frac := u % 100
	s := sign + strconv.FormatUint(u/100, 10) + "."
	if frac < 10 {
		s += "0"
	}
	return s + strconv.FormatUint(frac, 10)
}

// money is an amount in DKK.
func money(ore int64) IndigoMoney {
	return IndigoMoney{Currency: iv(indigoCurrency), Amount: iv(json.Number(Kroner(ore)))}
}

// localDate is the Danish calendar date of a stored time.
func localDate(t time.Time) string {
	if loc, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		t = t.In(loc)
	}
	return DateOf(t).String()
}

// targetGroupName returns the English name of a target group code, or the
// code itself.
func targetGroupName(code string) string {
	for _, g := range samspil.DefaultTargetGroups {
		if g.Code == code {
			return g.NameEN
		}
	}
	return code
}

// outcomeRules describes the engine's rules for an outcome in English.
func outcomeRules(o *samspil.Outcome) string {
	parts := []string{"Paid at most " + strconv.Itoa(o.PerParticipantLimit) + " time(s) per participant"}
	if len(o.Requires) > 0 {
		parts = append(parts, "requires "+strings.Join(o.Requires, ", ")+" first")
	}
	if o.WindowDays != nil {
		parts = append(parts, "counts within "+strconv.Itoa(*o.WindowDays)+" days of enrolment")
	}
	return strings.Join(parts, "; ") + "."
}

// priceDescription explains the price and its caps.
func priceDescription(o *samspil.Outcome) string {
	s := "Price per outcome achieved"
	if o.CapCount != nil {
		s += "; at most " + strconv.Itoa(*o.CapCount) + " outcomes paid"
	}
	return s + "; all payments together are limited by the contract's maximum potential outcome payment."
}
