package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// Amendments of active outcome contracts: contract_amendments holds the
// whole new terms as terms_json. One amendment is open at a time; the side
// that proposes it approves it by proposing, and the other side's approval
// puts the terms into the contract, raises its version and amendment
// number and recalculates every claim's check, in one transaction.

const amendmentColumns = `a.id, a.contract_id, a.number, a.note, a.terms_json, a.status, a.proposed_by, a.proposed_by_side,
	a.commissioner_approved_at, a.provider_approved_at, a.created_at, a.decided_at`

func scanAmendment(s rowScanner) (*samspil.ContractAmendment, error) {
	a := &samspil.ContractAmendment{}
	var terms string
	var by sql.NullInt64
	err := s.Scan(&a.ID, &a.ContractID, &a.Number, &a.Note, &terms, &a.Status, &by, &a.ProposedBySide,
		nullTimeScanner{&a.CommissionerApprovedAt}, nullTimeScanner{&a.ProviderApprovedAt}, timeScanner{&a.CreatedAt}, nullTimeScanner{&a.DecidedAt})
	if err != nil {
		return nil, err
	}
	a.ProposedBy = by.Int64
	if err := json.Unmarshal([]byte(terms), &a.Terms); err != nil {
		return nil, fmt.Errorf("terms of amendment %d: %w", a.ID, err)
	}
	normaliseTerms(&a.Terms)
	return a, nil
}

func errAmendmentNotFound() error {
	return notFound("pbr.amendment.not_found", "the amendment does not exist")
}

func errAmendmentDecided() error {
	return conflict("status", "pbr.amendment.decided", "the amendment has already been decided")
}

// lockOpenAmendment takes the amendment's row lock on PostgreSQL and
// returns it while it awaits approval. ENOTFOUND; ECONFLICT
// "pbr.amendment.decided".
func lockOpenAmendment(t *wtx, id int64) (*samspil.ContractAmendment, error) {
	a, err := scanAmendment(t.queryRow(`SELECT `+amendmentColumns+` FROM contract_amendments a WHERE a.id = ?`+t.d.forUpdate, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAmendmentNotFound()
	} else if err != nil {
		return nil, internal("find amendment", err)
	}
	if a.Status != samspil.AmendmentProposed {
		return nil, errAmendmentDecided()
	}
	return a, nil
}

// paidToDate is what the contract's approved statements have paid.
func paidToDate(c conn, contractID int64) (int64, error) {
	var paid int64
	err := c.queryRow(`SELECT COALESCE(SUM(total_ore), 0) FROM pbr_statements WHERE contract_id = ? AND status = ?`,
		contractID, string(samspil.StatementApproved)).Scan(&paid)
	if err != nil {
		return 0, internal("sum paid statements", err)
	}
	return paid, nil
}

// kroner writes an amount in øre the Danish way, "1.234.567,89 kr.", for
// the arguments of error texts.
func kroner(ore int64) string {
	sign := ""
	if ore < 0 {
		sign, ore = "-", -ore
	}
	whole := fmt.Sprint(ore / 100)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s,%02d kr.", sign, b.String(), ore%100)
}

// validateAmendmentTerms checks new terms: the domain rules, the unit
// prices of the savings and a cap not below what is already paid.
func validateAmendmentTerms(t *wtx, contractID int64, terms *samspil.ContractTerms) error {
	var v samspil.Validation
	normaliseTerms(terms)
	if err := terms.Validate(validationNow(t.now)); !v.Merge(err) {
		return err
	}
	if err := checkSavings(t.conn, &v, terms); err != nil {
		return err
	}
	if !v.Has("cap_ore") {
		paid, err := paidToDate(t.conn, contractID)
		if err != nil {
			return err
		}
		if terms.CapOre < paid {
			v.Add("cap_ore", "pbr.amendment.cap_below_paid", "the cap cannot be lower than what has already been paid ({{.Paid}})",
				map[string]any{"Paid": kroner(paid), "PaidOre": paid})
		}
	}
	return v.Err()
}

// amendmentAudit is what the audit trail records about an amendment.
type amendmentAudit struct {
	ContractID int64                   `json:"contract_id"`
	Number     int                     `json:"number"`
	Status     samspil.AmendmentStatus `json:"status"`
	Side       samspil.ContractSide    `json:"side,omitempty"`
	Note       string                  `json:"note,omitempty"`
	CapOre     int64                   `json:"cap_ore,omitempty"`
}

func amendmentAuditOf(a *samspil.ContractAmendment, side samspil.ContractSide) amendmentAudit {
	return amendmentAudit{ContractID: a.ContractID, Number: a.Number, Status: a.Status, Side: side, Note: a.Note, CapOre: a.Terms.CapOre}
}

// amendmentArgs are the arguments of amendment notifications.
func amendmentArgs(k *samspil.OutcomeContract, a *samspil.ContractAmendment) map[string]string {
	return map[string]string{"Contract": k.Title, "Number": fmt.Sprint(a.Number), "Note": a.Note}
}

// ProposeAmendment stores a proposed change of an active contract's terms
// as the contract's next number, approved by the proposing side, and asks
// the other side. EINVALID (the terms, "pbr.amendment.note_required",
// "pbr.amendment.cap_below_paid", "pbr.side.invalid"); ENOTFOUND;
// ECONFLICT "pbr.not_active", "pbr.amendment.open".
func (d *DB) ProposeAmendment(ctx context.Context, a *samspil.ContractAmendment) error {
	a.Note = strings.TrimSpace(a.Note)
	var v samspil.Validation
	switch {
	case a.Note == "":
		v.Add("note", "pbr.amendment.note_required", "say why the contract changes", nil)
	case utf8.RuneCountInString(a.Note) > samspil.MaxJustification:
		v.Add("note", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxJustification})
	case samspil.LooksLikeCPR(a.Note):
		v.Add("note", "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
	}
	if err := signingSide(a.ProposedBySide); err != nil {
		v.Merge(err)
	}
	err := d.write(ctx, func(t *wtx) error {
		k, err := lockActiveContract(t, a.ContractID)
		if err != nil {
			return err
		}
		var open int
		if err := t.queryRow(`SELECT COUNT(*) FROM contract_amendments WHERE contract_id = ? AND status = ?`,
			k.ID, string(samspil.AmendmentProposed)).Scan(&open); err != nil {
			return internal("count open amendments", err)
		}
		if open > 0 {
			return conflict("status", "pbr.amendment.open", "an amendment already awaits approval; approve or withdraw it first")
		}
		if err := validateAmendmentTerms(t, k.ID, &a.Terms); !v.Merge(err) {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		var last int
		if err := t.queryRow(`SELECT COALESCE(MAX(number), 0) FROM contract_amendments WHERE contract_id = ?`, k.ID).Scan(&last); err != nil {
			return internal("number amendment", err)
		}
		terms, err := jsonText(a.Terms)
		if err != nil {
			return err
		}
		now := t.now
		a.Number, a.Status, a.ProposedBy, a.CreatedAt, a.DecidedAt = last+1, samspil.AmendmentProposed, t.actor, now, nil
		a.CommissionerApprovedAt, a.ProviderApprovedAt = nil, nil
		if a.ProposedBySide == samspil.SideCommissioner {
			a.CommissionerApprovedAt = &now
		} else {
			a.ProviderApprovedAt = &now
		}
		var cBy, pBy int64
		if a.ProposedBySide == samspil.SideCommissioner {
			cBy = t.actor
		} else {
			pBy = t.actor
		}
		id, err := t.insertID(`INSERT INTO contract_amendments (contract_id, number, note, terms_json, status, proposed_by, proposed_by_side,
			commissioner_approved_at, commissioner_approved_by, provider_approved_at, provider_approved_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ID, a.Number, a.Note, terms, string(a.Status), nullID(a.ProposedBy), string(a.ProposedBySide),
			t.d.tsPtr(a.CommissionerApprovedAt), nullID(cBy), t.d.tsPtr(a.ProviderApprovedAt), nullID(pBy), t.d.ts(now))
		if err != nil {
			return internal("insert amendment", err)
		}
		a.ID = id
		if err := notifyContract(t, k, samspil.NotePbrAmendment, amendmentArgs(k, a), otherSide(k, a.ProposedBySide)); err != nil {
			return err
		}
		return t.audit("pbr.amendment.propose", "outcome_contract", k.ID, nil, amendmentAuditOf(a, a.ProposedBySide))
	})
	if err != nil {
		a.ID = 0
	}
	return err
}

// ApproveAmendment records side's approval (approving twice changes
// nothing); with both approvals the terms replace the contract's, its
// amendment becomes a.Number, its version rises and every claim's check is
// recalculated, and both parties are told. ENOTFOUND; EINVALID
// "pbr.side.invalid" and the rules of the terms (the cap may meanwhile be
// below what is paid); ECONFLICT "pbr.amendment.decided", "pbr.not_active".
func (d *DB) ApproveAmendment(ctx context.Context, id int64, side samspil.ContractSide) (*samspil.ContractAmendment, error) {
	if err := signingSide(side); err != nil {
		return nil, err
	}
	var out *samspil.ContractAmendment
	err := d.write(ctx, func(t *wtx) error {
		a, err := lockOpenAmendment(t, id)
		if err != nil {
			return err
		}
		k, err := lockActiveContract(t, a.ContractID)
		if err != nil {
			return err
		}
		now := t.now
		switch {
		case side == samspil.SideCommissioner && a.CommissionerApprovedAt == nil:
			a.CommissionerApprovedAt = &now
			_, err = t.exec(`UPDATE contract_amendments SET commissioner_approved_at = ?, commissioner_approved_by = ? WHERE id = ?`,
				t.d.ts(now), nullID(t.actor), id)
		case side == samspil.SideProvider && a.ProviderApprovedAt == nil:
			a.ProviderApprovedAt = &now
			_, err = t.exec(`UPDATE contract_amendments SET provider_approved_at = ?, provider_approved_by = ? WHERE id = ?`,
				t.d.ts(now), nullID(t.actor), id)
		default:
			out = a // approved by this side already
			return nil
		}
		if err != nil {
			return internal("approve amendment", err)
		}
		if a.CommissionerApprovedAt != nil && a.ProviderApprovedAt != nil {
			if err := applyAmendment(t, k, a); err != nil {
				return err
			}
		}
		if err := t.audit("pbr.amendment.approve", "outcome_contract", k.ID, nil, amendmentAuditOf(a, side)); err != nil {
			return err
		}
		out = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// applyAmendment puts a's terms into k, marks a approved, recalculates the
// checks and tells both parties.
func applyAmendment(t *wtx, k *samspil.OutcomeContract, a *samspil.ContractAmendment) error {
	if err := validateAmendmentTerms(t, k.ID, &a.Terms); err != nil {
		return err
	}
	outcomes, err := jsonText(a.Terms.Outcomes)
	if err != nil {
		return err
	}
	before := contractAuditOf(k)
	now := t.now
	_, err = t.exec(`UPDATE outcome_contracts SET period_start = ?, period_end = ?, cap_ore = ?, cohort_target = ?, statement_period = ?,
		deadweight_pct = ?, outcomes_json = ?, amendment = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		pbrDate(a.Terms.PeriodStart), pbrDate(a.Terms.PeriodEnd), a.Terms.CapOre, a.Terms.CohortTarget, string(a.Terms.StatementPeriod),
		a.Terms.DeadweightPct, outcomes, a.Number, t.d.ts(now), k.ID)
	if err != nil {
		return internal("amend outcome contract", err)
	}
	a.Status, a.DecidedAt = samspil.AmendmentApproved, &now
	if _, err := t.exec(`UPDATE contract_amendments SET status = ?, decided_at = ? WHERE id = ?`, string(a.Status), t.d.ts(now), a.ID); err != nil {
		return internal("approve amendment", err)
	}
	if err := t.pbrRecheck(k.ID); err != nil {
		return err
	}
	k.ContractTerms, k.Amendment, k.Version, k.UpdatedAt = a.Terms, a.Number, k.Version+1, now
	if err := notifyContract(t, k, samspil.NotePbrAmendmentDone, amendmentArgs(k, a), k.CommissionerID, k.ProviderID); err != nil {
		return err
	}
	return t.audit("pbr.contract.amend", "outcome_contract", k.ID, before, contractAuditOf(k))
}

// WithdrawAmendment withdraws a proposed amendment. ENOTFOUND; ECONFLICT
// "pbr.amendment.decided".
func (d *DB) WithdrawAmendment(ctx context.Context, id int64) (*samspil.ContractAmendment, error) {
	var out *samspil.ContractAmendment
	err := d.write(ctx, func(t *wtx) error {
		a, err := lockOpenAmendment(t, id)
		if err != nil {
			return err
		}
		now := t.now
		a.Status, a.DecidedAt = samspil.AmendmentWithdrawn, &now
		if _, err := t.exec(`UPDATE contract_amendments SET status = ?, decided_at = ? WHERE id = ?`, string(a.Status), t.d.ts(now), id); err != nil {
			return internal("withdraw amendment", err)
		}
		if err := t.audit("pbr.amendment.withdraw", "outcome_contract", a.ContractID, nil, amendmentAuditOf(a, "")); err != nil {
			return err
		}
		out = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindAmendments returns a contract's amendments, newest first. ENOTFOUND
// for an unknown contract.
func (d *DB) FindAmendments(ctx context.Context, contractID int64) ([]*samspil.ContractAmendment, error) {
	c := d.read(ctx)
	var n int
	if err := c.queryRow(`SELECT COUNT(*) FROM outcome_contracts WHERE id = ?`, contractID).Scan(&n); err != nil {
		return nil, internal("find amendments", err)
	}
	if n == 0 {
		return nil, errContractNotFound()
	}
	rows, err := c.query(`SELECT `+amendmentColumns+` FROM contract_amendments a WHERE a.contract_id = ? ORDER BY a.number DESC`, contractID)
	if err != nil {
		return nil, internal("find amendments", err)
	}
	defer rows.Close()
	out := []*samspil.ContractAmendment{}
	for rows.Next() {
		a, err := scanAmendment(rows)
		if err != nil {
			return nil, internal("find amendments", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find amendments", err)
	}
	return out, nil
}
