package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/samspil/samspil"
)

// Outcome contracts (issue 6): outcome_contracts holds the terms as
// columns and the rate card as outcomes_json. A draft is edited by the
// commissioner with optimistic versions and approved by both the
// commissioner and the provider; the second approval makes it active and
// creates its partnership in the same transaction. An active contract
// changes only by amendments (pbr_amendment.go). Every change writes an
// audit event.

var copenhagen = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return loc
	}
	return time.UTC
}()

// contractToday is today's date in Denmark, as midnight UTC: the form
// contract dates take.
func contractToday(now time.Time) time.Time {
	y, m, d := now.In(copenhagen).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// validationNow is the "now" dated input is checked against: the later of
// the transaction's time and the start of today in Denmark, so a date of
// today is never "in the future" in the hour after Danish midnight.
func validationNow(now time.Time) time.Time {
	if today := contractToday(now); today.After(now) {
		return today
	}
	return now
}

func errContractNotDraft() error {
	return conflict("status", "pbr.not_draft", "the contract is approved and locked; change it with an amendment")
}

func errContractNotActive() error {
	return conflict("status", "pbr.not_active", "the contract is not active")
}

func errContractStale() error {
	return conflict("version", "pbr.stale", "someone else saved the contract in the meantime; reload it and make your change again")
}

// contractAudit is what the audit trail records about a contract change.
type contractAudit struct {
	Status    samspil.ContractStatus `json:"status"`
	Version   int                    `json:"version"`
	Title     string                 `json:"title,omitempty"`
	CapOre    int64                  `json:"cap_ore,omitempty"`
	Amendment int                    `json:"amendment,omitempty"`
	Side      samspil.ContractSide   `json:"side,omitempty"`
	Partner   *int64                 `json:"partnership_id,omitempty"`
}

func contractAuditOf(k *samspil.OutcomeContract) contractAudit {
	return contractAudit{Status: k.Status, Version: k.Version, Title: k.Title, CapOre: k.CapOre, Amendment: k.Amendment, Partner: k.PartnershipID}
}

// orgKindOf returns the kind of organisation id, or ENOTFOUND
// "org.not_found" on field.
func orgKindOf(c conn, id int64, field string) (samspil.OrgKind, error) {
	var kind samspil.OrgKind
	err := c.queryRow(`SELECT kind FROM organisations WHERE id = ?`, id).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &samspil.Error{Code: samspil.ENOTFOUND, Key: "org.not_found", Message: "the organisation does not exist",
			Args: map[string]any{"ID": id}, Fields: []samspil.FieldError{{Field: field, Key: "org.not_found", Message: "the organisation does not exist"}}}
	} else if err != nil {
		return "", internal("find contract party", err)
	}
	return kind, nil
}

// validateContract checks k as a draft is saved: the domain rules, the
// parties (ENOTFOUND for an unknown organisation, a commissioner that is a
// kommune), the target group and the unit prices of the savings. Every
// EINVALID problem is reported at once.
func validateContract(t *wtx, k *samspil.OutcomeContract) error {
	var v samspil.Validation
	if err := k.Validate(validationNow(t.now)); !v.Merge(err) {
		return err
	}
	parties := []struct {
		id    int64
		field string
	}{{k.CommissionerID, "commissioner_id"}, {k.ProviderID, "provider_id"}}
	if k.InvestorID != nil {
		parties = append(parties, struct {
			id    int64
			field string
		}{*k.InvestorID, "investor_id"})
	}
	for i, p := range parties {
		if p.id == 0 {
			continue
		}
		kind, err := orgKindOf(t.conn, p.id, p.field)
		if err != nil {
			return err
		}
		if i == 0 && kind != samspil.OrgKommune {
			v.Add("commissioner_id", "pbr.commissioner.kind", "the commissioner must be a municipality", nil)
		}
	}
	if k.TenderID != nil {
		var n int
		if err := t.queryRow(`SELECT COUNT(*) FROM tenders WHERE id = ?`, *k.TenderID).Scan(&n); err != nil {
			return internal("find contract tender", err)
		}
		if n == 0 {
			return &samspil.Error{Code: samspil.ENOTFOUND, Key: "tender.not_found", Message: "the tender does not exist",
				Fields: []samspil.FieldError{{Field: "tender_id", Key: "tender.not_found", Message: "the tender does not exist"}}}
		}
	}
	if k.TargetGroup != "" && !v.Has("target_group") {
		groups, err := targetGroupCodes(t.conn)
		if err != nil {
			return err
		}
		if !groups[k.TargetGroup] {
			v.Add("target_group", "pbr.target_group.unknown", "choose one of the listed target groups", map[string]any{"Code": k.TargetGroup})
		}
	}
	if err := checkSavings(t.conn, &v, &k.ContractTerms); err != nil {
		return err
	}
	return v.Err()
}

// checkSavings adds "pbr.outcome.saving_unknown" for every outcome with a
// saving whose unit price code has no row.
func checkSavings(c conn, v *samspil.Validation, terms *samspil.ContractTerms) error {
	var codes map[string]bool
	for i, o := range terms.Outcomes {
		field := "outcomes." + strconv.Itoa(i) + ".savings"
		if v.Has(field) {
			continue
		}
		for _, s := range o.Savings {
			if codes == nil {
				var err error
				if codes, err = unitPriceCodes(c); err != nil {
					return err
				}
			}
			if !codes[s.UnitPriceCode] {
				v.Add(field, "pbr.outcome.saving_unknown", "the unit price {{.Code}} is not in the table of unit prices", map[string]any{"Code": s.UnitPriceCode})
				break
			}
		}
	}
	return nil
}

// normaliseTerms gives the terms dates without time and empty lists
// instead of nil, as they are stored.
func normaliseTerms(terms *samspil.ContractTerms) {
	if !terms.PeriodStart.IsZero() {
		terms.PeriodStart = pbrDay(terms.PeriodStart)
	}
	if !terms.PeriodEnd.IsZero() {
		terms.PeriodEnd = pbrDay(terms.PeriodEnd)
	}
	if terms.Outcomes == nil {
		terms.Outcomes = []samspil.Outcome{}
	}
	normaliseOutcomes(terms.Outcomes)
}

// CreateOutcomeContract stores c as a draft (version 1). EINVALID (with
// "pbr.commissioner.kind", "pbr.target_group.unknown" and
// "pbr.outcome.saving_unknown" among the rules); ENOTFOUND "org.not_found"
// for an unknown party.
func (d *DB) CreateOutcomeContract(ctx context.Context, c *samspil.OutcomeContract) error {
	err := d.write(ctx, func(t *wtx) error {
		normaliseTerms(&c.ContractTerms)
		if err := validateContract(t, c); err != nil {
			return err
		}
		outcomes, err := jsonText(c.Outcomes)
		if err != nil {
			return err
		}
		c.Status, c.Amendment, c.Version, c.PartnershipID, c.FinishedAt = samspil.ContractDraft, 0, 1, nil, nil
		c.CommissionerApprovedAt, c.CommissionerApprovedBy, c.ProviderApprovedAt, c.ProviderApprovedBy = nil, 0, nil, 0
		c.CreatedBy, c.CreatedAt, c.UpdatedAt = t.actor, t.now, t.now
		id, err := t.insertID(`INSERT INTO outcome_contracts (title, summary, target_group, commissioner_id, provider_id, investor_id,
			status, period_start, period_end, cap_ore, cohort_target, statement_period, deadweight_pct, outcomes_json, amendment, version,
			tender_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Title, c.Summary, c.TargetGroup, c.CommissionerID, c.ProviderID, optionalID(c.InvestorID),
			string(c.Status), pbrDate(c.PeriodStart), pbrDate(c.PeriodEnd), c.CapOre, c.CohortTarget, string(c.StatementPeriod),
			c.DeadweightPct, outcomes, c.Amendment, c.Version, optionalID(c.TenderID), nullID(c.CreatedBy), t.d.ts(t.now), t.d.ts(t.now))
		if err != nil {
			return internal("insert outcome contract", err)
		}
		c.ID = id
		k, err := findOutcomeContract(t.conn, id)
		if err != nil {
			return err
		}
		c.Commissioner, c.Provider, c.Investor = k.Commissioner, k.Provider, k.Investor
		return t.audit("pbr.contract.create", "outcome_contract", id, nil, contractAuditOf(c))
	})
	if err != nil {
		c.ID = 0
	}
	return err
}

// optionalID is an optional foreign key as a query argument.
func optionalID(id *int64) any {
	if id == nil {
		return nil
	}
	return *id
}

// UpdateOutcomeContract replaces a draft's fields when version is the
// stored one, clears both approvals and returns the contract at its next
// version. The commissioner stays the same. ENOTFOUND; EINVALID; ECONFLICT
// "pbr.not_draft" and "pbr.stale".
func (d *DB) UpdateOutcomeContract(ctx context.Context, id int64, c *samspil.OutcomeContract, version int) (*samspil.OutcomeContract, error) {
	var out *samspil.OutcomeContract
	err := d.write(ctx, func(t *wtx) error {
		old, err := lockDraftContract(t, id)
		if err != nil {
			return err
		}
		if version != old.Version {
			return errContractStale()
		}
		y := *c
		y.ID, y.CommissionerID, y.Status, y.Amendment = old.ID, old.CommissionerID, old.Status, old.Amendment
		y.PartnershipID, y.FinishedAt, y.CreatedBy, y.CreatedAt = old.PartnershipID, old.FinishedAt, old.CreatedBy, old.CreatedAt
		y.ContractTerms.Outcomes = append([]samspil.Outcome(nil), c.Outcomes...)
		normaliseTerms(&y.ContractTerms)
		if err := validateContract(t, &y); err != nil {
			return err
		}
		outcomes, err := jsonText(y.Outcomes)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE outcome_contracts SET title = ?, summary = ?, target_group = ?, provider_id = ?, investor_id = ?,
			period_start = ?, period_end = ?, cap_ore = ?, cohort_target = ?, statement_period = ?, deadweight_pct = ?, outcomes_json = ?,
			tender_id = ?, commissioner_approved_at = NULL, commissioner_approved_by = NULL, provider_approved_at = NULL,
			provider_approved_by = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND status = ?`,
			y.Title, y.Summary, y.TargetGroup, y.ProviderID, optionalID(y.InvestorID), pbrDate(y.PeriodStart), pbrDate(y.PeriodEnd),
			y.CapOre, y.CohortTarget, string(y.StatementPeriod), y.DeadweightPct, outcomes, optionalID(y.TenderID), t.d.ts(t.now),
			id, version, string(samspil.ContractDraft))
		if err != nil {
			return internal("update outcome contract", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errContractStale()
		}
		if out, err = findOutcomeContract(t.conn, id); err != nil {
			return err
		}
		return t.audit("pbr.contract.update", "outcome_contract", id, contractAuditOf(old), contractAuditOf(out))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// signingSide checks that side is one that approves (the investor does
// not). EINVALID "pbr.side.invalid".
func signingSide(side samspil.ContractSide) error {
	if side != samspil.SideCommissioner && side != samspil.SideProvider {
		return invalid("side", "pbr.side.invalid", "only the commissioner and the provider approve")
	}
	return nil
}

// otherSide returns the organisation of the side that did not act.
func otherSide(k *samspil.OutcomeContract, side samspil.ContractSide) int64 {
	if side == samspil.SideCommissioner {
		return k.ProviderID
	}
	return k.CommissionerID
}

// contractArgs are the arguments every contract notification carries.
func contractArgs(k *samspil.OutcomeContract) map[string]string {
	return map[string]string{"Contract": k.Title}
}

// notifyContract tells the active members of the organisations; the
// amendment kinds link to the contract's amendments page.
func notifyContract(t *wtx, k *samspil.OutcomeContract, kind samspil.NotificationKind, args map[string]string, orgs ...int64) error {
	users, err := activeMembers(t.conn, orgs)
	if err != nil {
		return err
	}
	link := contractLink(k.ID)
	if kind == samspil.NotePbrAmendment || kind == samspil.NotePbrAmendmentDone {
		link += "/tillaeg"
	}
	n := newNotifier(t)
	if err := n.users(users, kind, args, link); err != nil {
		return err
	}
	return n.flush()
}

// ApproveOutcomeContract records side's approval of the draft at version
// (approving twice changes nothing). The first approval asks the other
// side; the second makes the contract active (version + 1) and creates its
// partnership (model resultatbaseret, status aktiv) in the same
// transaction, and tells both. ENOTFOUND; EINVALID "pbr.side.invalid";
// ECONFLICT "pbr.not_draft", "pbr.stale".
func (d *DB) ApproveOutcomeContract(ctx context.Context, id int64, side samspil.ContractSide, version int) (*samspil.OutcomeContract, error) {
	if err := signingSide(side); err != nil {
		return nil, err
	}
	var out *samspil.OutcomeContract
	err := d.write(ctx, func(t *wtx) error {
		k, err := lockDraftContract(t, id)
		if err != nil {
			return err
		}
		if version != k.Version {
			return errContractStale()
		}
		before := contractAuditOf(k)
		now := t.now
		switch {
		case side == samspil.SideCommissioner && k.CommissionerApprovedAt == nil:
			k.CommissionerApprovedAt, k.CommissionerApprovedBy = &now, t.actor
		case side == samspil.SideProvider && k.ProviderApprovedAt == nil:
			k.ProviderApprovedAt, k.ProviderApprovedBy = &now, t.actor
		default:
			out = k // approved already
			return nil
		}
		k.UpdatedAt = now
		active := k.CommissionerApprovedAt != nil && k.ProviderApprovedAt != nil
		if active {
			p := &samspil.Partnership{Title: k.Title, Model: samspil.ModelResultatbaseret, Status: samspil.PartnershipActive,
				Parties: []samspil.PartnershipParty{{OrganisationID: k.CommissionerID, Role: "koeber"}, {OrganisationID: k.ProviderID, Role: "leverandoer"}}}
			if k.InvestorID != nil {
				p.Parties = append(p.Parties, samspil.PartnershipParty{OrganisationID: *k.InvestorID, Role: "investor"})
			}
			if err := insertPartnership(t, p); err != nil {
				return err
			}
			pid := p.ID
			k.Status, k.Version, k.PartnershipID = samspil.ContractActive, k.Version+1, &pid
		}
		_, err = t.exec(`UPDATE outcome_contracts SET status = ?, version = ?, commissioner_approved_at = ?, commissioner_approved_by = ?,
			provider_approved_at = ?, provider_approved_by = ?, partnership_id = ?, updated_at = ? WHERE id = ?`,
			string(k.Status), k.Version, t.d.tsPtr(k.CommissionerApprovedAt), nullID(k.CommissionerApprovedBy),
			t.d.tsPtr(k.ProviderApprovedAt), nullID(k.ProviderApprovedBy), optionalID(k.PartnershipID), t.d.ts(now), id)
		if err != nil {
			return internal("approve outcome contract", err)
		}
		if active {
			err = notifyContract(t, k, samspil.NotePbrActive, contractArgs(k), k.CommissionerID, k.ProviderID)
		} else {
			err = notifyContract(t, k, samspil.NotePbrApprovalWanted, contractArgs(k), otherSide(k, side))
		}
		if err != nil {
			return err
		}
		after := contractAuditOf(k)
		after.Side = side
		if err := t.audit("pbr.contract.approve", "outcome_contract", id, before, after); err != nil {
			return err
		}
		out = k
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteOutcomeContract deletes a draft. ENOTFOUND; ECONFLICT "pbr.not_draft".
func (d *DB) DeleteOutcomeContract(ctx context.Context, id int64) error {
	return d.write(ctx, func(t *wtx) error {
		k, err := lockDraftContract(t, id)
		if err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM outcome_contracts WHERE id = ?`, id); err != nil {
			return internal("delete outcome contract", err)
		}
		return t.audit("pbr.contract.delete", "outcome_contract", id, contractAuditOf(k), nil)
	})
}

// FinishOutcomeContract ends an active contract once its period is over (in
// Danish time) and no statement is still a draft; its partnership becomes
// afsluttet. ENOTFOUND; ECONFLICT "pbr.not_active", "pbr.finish.too_early",
// "pbr.finish.open_statement".
func (d *DB) FinishOutcomeContract(ctx context.Context, id int64) (*samspil.OutcomeContract, error) {
	var out *samspil.OutcomeContract
	err := d.write(ctx, func(t *wtx) error {
		k, err := lockActiveContract(t, id)
		if err != nil {
			return err
		}
		if !contractToday(t.now).After(k.PeriodEnd) {
			return &samspil.Error{Code: samspil.ECONFLICT, Key: "pbr.finish.too_early", Message: "the contract can be finished once its period has ended",
				Args: map[string]any{"End": pbrDate(k.PeriodEnd)}}
		}
		var open int
		if err := t.queryRow(`SELECT COUNT(*) FROM pbr_statements WHERE contract_id = ? AND status = ?`, id, string(samspil.StatementDraft)).Scan(&open); err != nil {
			return internal("count open statements", err)
		}
		if open > 0 {
			return conflict("status", "pbr.finish.open_statement", "every statement must be approved by both parties before the contract is finished")
		}
		before := contractAuditOf(k)
		now := t.now
		k.Status, k.Version, k.FinishedAt, k.UpdatedAt = samspil.ContractFinished, k.Version+1, &now, now
		if _, err := t.exec(`UPDATE outcome_contracts SET status = ?, version = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
			string(k.Status), k.Version, t.d.ts(now), t.d.ts(now), id); err != nil {
			return internal("finish outcome contract", err)
		}
		if k.PartnershipID != nil {
			res, err := t.exec(`UPDATE partnerships SET status = ?, completed_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
				string(samspil.PartnershipCompleted), t.d.ts(now), t.d.ts(now), *k.PartnershipID, string(samspil.PartnershipActive))
			if err != nil {
				return internal("complete partnership", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				if err := t.audit("partnership.complete", "partnership", *k.PartnershipID,
					map[string]any{"status": samspil.PartnershipActive}, map[string]any{"status": samspil.PartnershipCompleted, "outcome_contract_id": id}); err != nil {
					return err
				}
			}
		}
		if err := t.audit("pbr.contract.finish", "outcome_contract", id, before, contractAuditOf(k)); err != nil {
			return err
		}
		out = k
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
