package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// Payment statements. A draft statement is calculated by the engine from
// the ledger and recalculated while its claims change; once both parties
// approve it, it is never written again: every UPDATE and DELETE here is
// limited to status 'draft', and a later correction becomes an adjustment
// line of the next statement (pbr.BuildStatement).

func statementLink(contractID, id int64) string {
	return fmt.Sprintf("/resultatkontrakter/%d/opgoerelser/%d", contractID, id)
}

// statementColumns are the ledger's statement columns and the
// fingerprint.
const statementColumns = ledgerStatementColumns + `, s.fingerprint`

// findStatement reads one statement, its lines and its fingerprint
// (suffix may lock the row).
func findStatement(c conn, id int64, suffix string) (*samspil.Statement, string, error) {
	var fp string
	st, err := scanLedgerStatement(c.queryRow(`SELECT `+statementColumns+` FROM pbr_statements s WHERE s.id = ?`+suffix, id), &fp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFound("pbr.statement.not_found", "the statement does not exist")
	} else if err != nil {
		return nil, "", internal("find statement", err)
	}
	rows, err := c.query(`SELECT `+ledgerLineColumns+` FROM pbr_statement_lines l WHERE l.statement_id = ? ORDER BY l.ord`, id)
	if err != nil {
		return nil, "", internal("find statement lines", err)
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scanLedgerLine(rows)
		if err != nil {
			return nil, "", internal("find statement lines", err)
		}
		st.Lines = append(st.Lines, x)
	}
	if err := rows.Err(); err != nil {
		return nil, "", internal("find statement lines", err)
	}
	return st, fp, nil
}

// FindStatements returns a contract's statements, newest first, with
// their totals and per-outcome figures but without lines.
func (d *DB) FindStatements(ctx context.Context, contractID int64) ([]*samspil.Statement, error) {
	rows, err := d.read(ctx).query(`SELECT `+statementColumns+` FROM pbr_statements s WHERE s.contract_id = ? ORDER BY s.number DESC`, contractID)
	if err != nil {
		return nil, internal("find statements", err)
	}
	defer rows.Close()
	out := []*samspil.Statement{}
	for rows.Next() {
		var fp string
		st, err := scanLedgerStatement(rows, &fp)
		if err != nil {
			return nil, internal("find statements", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find statements", err)
	}
	return out, nil
}

// FindStatementByID returns a statement with its lines. ENOTFOUND.
func (d *DB) FindStatementByID(ctx context.Context, id int64) (*samspil.Statement, error) {
	st, _, err := findStatement(d.read(ctx), id, "")
	return st, err
}

// statementFingerprint sums up what a statement of period p is calculated
// from: the approved claims achieved by the period's end (their ids and
// decision times) and the terms (the amendment number). Claims achieved
// later cannot change the statement (the engine processes claims by date),
// so approving them leaves a prepared statement valid.
func (t *wtx) statementFingerprint(contractID int64, start, end time.Time, amendment int) (string, error) {
	rows, err := t.query(`SELECT id, decided_at FROM pbr_claims WHERE contract_id = ? AND decision = ? AND achieved_on <= ? ORDER BY id`,
		contractID, string(samspil.ClaimApproved), pbrDate(end))
	if err != nil {
		return "", internal("fingerprint statement", err)
	}
	defer rows.Close()
	h := sha256.New()
	fmt.Fprintf(h, "amendment %d\nperiod %s %s\n", amendment, pbrDate(start), pbrDate(end))
	buf := make([]byte, 0, 64)
	for rows.Next() {
		var id int64
		var at *time.Time
		if err := rows.Scan(&id, nullTimeScanner{&at}); err != nil {
			return "", internal("fingerprint statement", err)
		}
		var micros int64
		if at != nil {
			micros = at.UnixMicro()
		}
		buf = strconv.AppendInt(buf[:0], id, 10)
		buf = append(buf, " approved "...)
		buf = strconv.AppendInt(buf, micros, 10)
		buf = append(buf, '\n')
		h.Write(buf)
	}
	if err := rows.Err(); err != nil {
		return "", internal("fingerprint statement", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// statementAudit is what the audit trail keeps of a statement (its lines
// are in the statement itself).
type statementAudit struct {
	Number                 int        `json:"number"`
	PeriodStart            string     `json:"period_start"`
	PeriodEnd              string     `json:"period_end"`
	Status                 string     `json:"status"`
	Lines                  int        `json:"lines"`
	TotalOre               int64      `json:"total_ore"`
	Amendment              int        `json:"amendment"`
	Fingerprint            string     `json:"fingerprint"`
	CommissionerApprovedAt *time.Time `json:"commissioner_approved_at,omitempty"`
	ProviderApprovedAt     *time.Time `json:"provider_approved_at,omitempty"`
}

func auditOfStatement(s *samspil.Statement, fp string) statementAudit {
	return statementAudit{Number: s.Number, PeriodStart: pbrDate(s.PeriodStart), PeriodEnd: pbrDate(s.PeriodEnd),
		Status: string(s.Status), Lines: len(s.Lines), TotalOre: s.TotalOre, Amendment: s.Amendment, Fingerprint: fp,
		CommissionerApprovedAt: s.CommissionerApprovedAt, ProviderApprovedAt: s.ProviderApprovedAt}
}

// PrepareStatement calculates the statement of the next period that has
// ended and is not approved. A draft of that period whose claims have not
// changed since is returned as it is (approvals kept); a changed draft is
// recalculated in place with its approvals cleared; otherwise a new
// statement gets the next number. ECONFLICT "pbr.statement.none_due",
// "pbr.not_active".
func (d *DB) PrepareStatement(ctx context.Context, contractID int64) (*samspil.Statement, error) {
	var out *samspil.Statement
	err := d.write(ctx, func(t *wtx) error {
		var err error
		out, _, err = t.prepareStatement(contractID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PrepareDueStatements prepares the due statement of every active
// contract, each in its own transaction, and returns how many statements
// were written (new or recalculated). A contract with nothing due is
// skipped; a failure on one contract does not stop the others.
func (d *DB) PrepareDueStatements(ctx context.Context) (int, error) {
	ids, err := queryIDs(d.read(ctx), "find active contracts", `SELECT id FROM outcome_contracts WHERE status = ? ORDER BY id`,
		string(samspil.ContractActive))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return n, errors.Join(append(errs, err)...)
		}
		var changed bool
		err := d.write(ctx, func(t *wtx) error {
			var err error
			_, changed, err = t.prepareStatement(id)
			return err
		})
		switch key := samspil.ErrorKey(err); {
		case err == nil:
			if changed {
				n++
			}
		case key == "pbr.statement.none_due" || key == "pbr.not_active" || key == "pbr.not_found":
			// Nothing due, or the contract changed since it was listed.
		default:
			errs = append(errs, fmt.Errorf("sqlstore: prepare statement of contract %d: %w", id, err))
		}
	}
	return n, errors.Join(errs...)
}

// prepareStatement is PrepareStatement inside t; changed reports whether
// a statement was written.
func (t *wtx) prepareStatement(contractID int64) (*samspil.Statement, bool, error) {
	l, err := t.lockedLedger(contractID)
	if err != nil {
		return nil, false, err
	}
	c := l.Contract
	if c.Status != samspil.ContractActive {
		return nil, false, errContractNotActive()
	}
	p, ok := pbr.DuePeriod(l, contractToday(t.now))
	if !ok {
		return nil, false, samspil.Errorf(samspil.ECONFLICT, "pbr.statement.none_due", "no period has ended that still needs a statement")
	}
	start, end := p.Start.Time(), p.End.Time()
	// The store's own rows say which statement is the open draft (there
	// is at most one: the next can only be prepared once it is approved).
	var number int
	if err := t.queryRow(`SELECT COALESCE(MAX(number), 0) + 1 FROM pbr_statements WHERE contract_id = ?`, contractID).Scan(&number); err != nil {
		return nil, false, internal("number statement", err)
	}
	drafts, err := queryIDs(t.conn, "find draft statement", `SELECT id FROM pbr_statements WHERE contract_id = ? AND status = ? ORDER BY number DESC`,
		contractID, string(samspil.StatementDraft))
	if err != nil {
		return nil, false, err
	}
	var draftID int64
	if len(drafts) > 0 {
		draftID = drafts[0]
	}
	fp, err := t.statementFingerprint(contractID, start, end, c.Amendment)
	if err != nil {
		return nil, false, err
	}
	var old *samspil.Statement
	var oldFP string
	if draftID != 0 {
		if old, oldFP, err = findStatement(t.conn, draftID, t.d.forUpdate); err != nil {
			return nil, false, err
		}
		if oldFP == fp && old.PeriodStart.Equal(start) && old.PeriodEnd.Equal(end) && old.Status == samspil.StatementDraft {
			return old, false, nil // nothing it is calculated from has changed
		}
		number = old.Number
	}
	s := pbr.BuildStatement(l, p, number, t.now)
	s.ContractID, s.Number, s.Status, s.CalculatedAt = contractID, number, samspil.StatementDraft, t.now
	s.PeriodStart, s.PeriodEnd = start, end
	s.CommissionerApprovedAt, s.CommissionerApprovedBy, s.ProviderApprovedAt, s.ProviderApprovedBy = nil, 0, nil, 0
	if s.Lines == nil {
		s.Lines = []samspil.StatementLine{}
	}
	if s.ByOutcome == nil {
		s.ByOutcome = []samspil.StatementOutcome{}
	}
	byOutcome, err := json.Marshal(s.ByOutcome)
	if err != nil {
		return nil, false, internal("encode statement", err)
	}
	if old != nil {
		res, err := t.exec(`UPDATE pbr_statements SET period_start = ?, period_end = ?, total_ore = ?, paid_before_ore = ?, cap_ore = ?,
			amendment = ?, by_outcome_json = ?, fingerprint = ?, commissioner_approved_at = NULL, commissioner_approved_by = NULL,
			provider_approved_at = NULL, provider_approved_by = NULL, calculated_at = ?
			WHERE id = ? AND status = ?`,
			pbrDate(start), pbrDate(end), s.TotalOre, s.PaidBeforeOre, s.CapOre, s.Amendment,
			string(byOutcome), fp, t.d.ts(t.now), old.ID, string(samspil.StatementDraft))
		if err != nil {
			return nil, false, internal("recalculate statement", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, false, internal("recalculate statement", err)
		} else if n != 1 {
			return nil, false, samspil.Errorf(samspil.ECONFLICT, "pbr.statement.approved", "the statement is approved and cannot change")
		}
		if _, err := t.exec(`DELETE FROM pbr_statement_lines WHERE statement_id IN
			(SELECT id FROM pbr_statements WHERE id = ? AND status = ?)`, old.ID, string(samspil.StatementDraft)); err != nil {
			return nil, false, internal("recalculate statement", err)
		}
		s.ID, s.CreatedAt = old.ID, old.CreatedAt
	} else {
		s.CreatedAt = t.now
		s.ID, err = t.insertID(`INSERT INTO pbr_statements (contract_id, number, period_start, period_end, status, total_ore,
			paid_before_ore, cap_ore, amendment, by_outcome_json, fingerprint, calculated_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			contractID, number, pbrDate(start), pbrDate(end), string(samspil.StatementDraft), s.TotalOre,
			s.PaidBeforeOre, s.CapOre, s.Amendment, string(byOutcome), fp, t.d.ts(t.now), t.d.ts(t.now))
		if err != nil {
			return nil, false, internal("insert statement", err)
		}
	}
	b := newBatch(t, "pbr_statement_lines", `statement_id, ord, claim_id, pseudonym, outcome_code, achieved_on, kind, price_ore,
		earned_ore, paid_before_ore, amount_ore, cut_ore, reason`)
	for i, ln := range s.Lines {
		if err := b.add(s.ID, i+1, ln.ClaimID, ln.Pseudonym, ln.OutcomeCode, pbrDate(ln.AchievedOn), string(ln.Kind),
			ln.PriceOre, ln.EarnedOre, ln.PaidBefore, ln.AmountOre, ln.CutOre, ln.Reason); err != nil {
			return nil, false, err
		}
	}
	if err := b.flush(); err != nil {
		return nil, false, err
	}
	if old != nil {
		if err := t.audit("pbr.statement.recalculate", "pbr_statement", s.ID, auditOfStatement(old, oldFP), auditOfStatement(s, fp)); err != nil {
			return nil, false, err
		}
	} else if err := t.audit("pbr.statement.prepare", "pbr_statement", s.ID, nil, auditOfStatement(s, fp)); err != nil {
		return nil, false, err
	}
	n := newNotifier(t)
	args := map[string]string{"Contract": c.Title, "Number": strconv.Itoa(s.Number)}
	for _, org := range []int64{c.CommissionerID, c.ProviderID} {
		if err := n.org(org, samspil.NotePbrStatement, args, statementLink(contractID, s.ID)); err != nil {
			return nil, false, err
		}
	}
	if err := n.flush(); err != nil {
		return nil, false, err
	}
	return s, true, nil
}

// ApproveStatement records side's approval of a draft statement. It is
// refused when the claims or terms it was calculated from have changed
// (ECONFLICT "pbr.statement.stale": prepare it again first) and when it is
// already approved by both (ECONFLICT "pbr.statement.approved"). A side
// that approves again changes nothing. When both sides have approved, the
// statement is approved and never changes again.
func (d *DB) ApproveStatement(ctx context.Context, id int64, side samspil.ContractSide) (*samspil.Statement, error) {
	if side != samspil.SideCommissioner && side != samspil.SideProvider {
		return nil, invalid("side", "pbr.side.invalid", "only the commissioner and the provider approve statements")
	}
	var out *samspil.Statement
	err := d.write(ctx, func(t *wtx) error {
		var contractID int64
		err := t.queryRow(`SELECT contract_id FROM pbr_statements WHERE id = ?`, id).Scan(&contractID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("pbr.statement.not_found", "the statement does not exist")
		} else if err != nil {
			return internal("find statement", err)
		}
		if err := t.lockPbrContract(contractID); err != nil {
			return err
		}
		s, fp, err := findStatement(t.conn, id, t.d.forUpdate)
		if err != nil {
			return err
		}
		if s.Status != samspil.StatementDraft {
			return samspil.Errorf(samspil.ECONFLICT, "pbr.statement.approved", "the statement is approved by both parties and cannot change")
		}
		var title string
		var amendment int
		var commissionerID, providerID int64
		if err := t.queryRow(`SELECT title, amendment, commissioner_id, provider_id FROM outcome_contracts WHERE id = ?`, contractID).
			Scan(&title, &amendment, &commissionerID, &providerID); err != nil {
			return internal("find outcome contract", err)
		}
		now, err := t.statementFingerprint(contractID, s.PeriodStart, s.PeriodEnd, amendment)
		if err != nil {
			return err
		}
		if now != fp || amendment != s.Amendment {
			return samspil.Errorf(samspil.ECONFLICT, "pbr.statement.stale", "the claims have changed since the statement was calculated")
		}
		before := auditOfStatement(s, fp)
		col := "commissioner"
		if side == samspil.SideProvider {
			col = "provider"
		}
		res, err := t.exec(`UPDATE pbr_statements SET `+col+`_approved_at = ?, `+col+`_approved_by = ?
			WHERE id = ? AND status = ? AND `+col+`_approved_at IS NULL`, t.d.ts(t.now), nullID(t.actor), id, string(samspil.StatementDraft))
		if err != nil {
			return internal("approve statement", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return internal("approve statement", err)
		} else if n == 0 {
			out = s // this side approved before
			return nil
		}
		res, err = t.exec(`UPDATE pbr_statements SET status = ? WHERE id = ? AND status = ?
			AND commissioner_approved_at IS NOT NULL AND provider_approved_at IS NOT NULL`,
			string(samspil.StatementApproved), id, string(samspil.StatementDraft))
		if err != nil {
			return internal("approve statement", err)
		}
		closed, err := res.RowsAffected()
		if err != nil {
			return internal("approve statement", err)
		}
		if out, _, err = findStatement(t.conn, id, ""); err != nil {
			return err
		}
		after := auditOfStatement(out, fp)
		if err := t.audit("pbr.statement.approve", "pbr_statement", id, before, map[string]any{"side": string(side), "statement": after}); err != nil {
			return err
		}
		if closed == 0 {
			return nil
		}
		if err := t.audit("pbr.statement.close", "pbr_statement", id, nil, after); err != nil {
			return err
		}
		n := newNotifier(t)
		args := map[string]string{"Contract": title, "Number": strconv.Itoa(out.Number)}
		for _, org := range []int64{commissionerID, providerID} {
			if err := n.org(org, samspil.NotePbrStatementClosed, args, statementLink(contractID, id)); err != nil {
				return err
			}
		}
		return n.flush()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
