package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/samspil/samspil"
)

// The ledger of an outcome contract: the contract, its participants, every
// claim with its check and decision, the statements with their lines and
// every unit price, read in one snapshot with one query per table, so a
// contract with 10^5 participants and 10^6 claims is read without a query
// per row. The engine (package pbr) computes checks, statements, dashboards
// and the published aggregates from it.

// pbrDate encodes a date for the TEXT 'YYYY-MM-DD' columns of the payment
// by result tables (the same on both databases).
func pbrDate(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// dateScanner reads a TEXT 'YYYY-MM-DD' column into midnight UTC.
type dateScanner struct{ dst *time.Time }

// Scan implements sql.Scanner.
func (s dateScanner) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	case nil:
		return errors.New("sqlstore: NULL in a date column")
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a date", src)
	}
	t, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return fmt.Errorf("sqlstore: bad date %q: %w", text, err)
	}
	*s.dst = t
	return nil
}

// pbrSnapshot runs fn on a read-only transaction, so every query fn makes
// sees the same state: a deferred BEGIN on SQLite (a WAL snapshot, no write
// lock) and a repeatable-read transaction on PostgreSQL.
func (d *DB) pbrSnapshot(ctx context.Context, fn func(c conn) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if d.d.name == DialectPostgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return internal("begin snapshot", err)
	}
	defer tx.Rollback()
	if err := fn(conn{ctx: ctx, d: d.d, q: tx}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return internal("end snapshot", err)
	}
	return nil
}

// ContractLedger reads a contract's whole ledger in one snapshot. ENOTFOUND.
func (d *DB) ContractLedger(ctx context.Context, contractID int64) (*samspil.ContractLedger, error) {
	var out *samspil.ContractLedger
	err := d.pbrSnapshot(ctx, func(c conn) error {
		l, err := c.pbrLedger(contractID)
		out = l
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pbrLedger reads a contract's whole ledger through c (a snapshot or a
// write transaction): one query per table. Participants are in id order,
// claims in (achieved_on, id) order with their pseudonyms filled,
// statements by number with their lines in order, and unit prices by code
// and date. ENOTFOUND "pbr.not_found".
func (c conn) pbrLedger(contractID int64) (*samspil.ContractLedger, error) {
	k, err := findOutcomeContract(c, contractID)
	if err != nil {
		return nil, err
	}
	l := &samspil.ContractLedger{Contract: k}
	if l.Participants, err = ledgerParticipants(c, contractID); err != nil {
		return nil, err
	}
	if l.Claims, err = ledgerClaims(c, contractID, l.Participants); err != nil {
		return nil, err
	}
	if l.Statements, err = ledgerStatements(c, contractID); err != nil {
		return nil, err
	}
	if l.UnitPrices, err = findUnitPrices(c); err != nil {
		return nil, err
	}
	return l, nil
}

// pbrParticipantColumns is what participant queries select, in
// scanPbrParticipant's order.
const pbrParticipantColumns = `p.id, p.contract_id, p.pseudonym, p.enrolled_on, p.age_band, p.benefit_type, p.unemployment_band, p.created_at`

func scanPbrParticipant(s rowScanner) (*samspil.Participant, error) {
	p := &samspil.Participant{}
	err := s.Scan(&p.ID, &p.ContractID, &p.Pseudonym, dateScanner{&p.EnrolledOn}, &p.AgeBand, &p.BenefitType,
		&p.UnemploymentBand, timeScanner{&p.CreatedAt})
	return p, err
}

func ledgerParticipants(c conn, contractID int64) ([]*samspil.Participant, error) {
	var n int
	if err := c.queryRow(`SELECT COUNT(*) FROM pbr_participants WHERE contract_id = ?`, contractID).Scan(&n); err != nil {
		return nil, internal("count participants", err)
	}
	out := make([]*samspil.Participant, 0, n)
	rows, err := c.query(`SELECT `+pbrParticipantColumns+` FROM pbr_participants p WHERE p.contract_id = ? ORDER BY p.id`, contractID)
	if err != nil {
		return nil, internal("read participants", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPbrParticipant(rows)
		if err != nil {
			return nil, internal("read participants", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("read participants", err)
	}
	return out, nil
}

// ledgerClaimColumns is what claim queries select, in scanLedgerClaim's
// order ("c" is pbr_claims). The pseudonym is not among them: the ledger
// fills it from its participants, other readers join it as an extra column.
const ledgerClaimColumns = `c.id, c.contract_id, c.participant_id, c.outcome_code, c.achieved_on, c.evidence_ref, c.attachment_id,
	c.submitted_at, c.submitted_by, c.check_amount_ore, c.check_reason, c.check_valid, c.decision, c.decision_reason,
	c.decided_by, c.decided_at`

// scanLedgerClaim reads the ledgerClaimColumns (then extra) of a row.
func scanLedgerClaim(s rowScanner, extra ...any) (*samspil.Claim, error) {
	cl := &samspil.Claim{}
	var att, by, decidedBy sql.NullInt64
	dest := append([]any{&cl.ID, &cl.ContractID, &cl.ParticipantID, &cl.OutcomeCode, dateScanner{&cl.AchievedOn}, &cl.EvidenceRef, &att,
		timeScanner{&cl.SubmittedAt}, &by, &cl.Check.AmountOre, &cl.Check.Reason, &cl.Check.Valid, &cl.Decision, &cl.DecisionReason,
		&decidedBy, nullTimeScanner{&cl.DecidedAt}}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if att.Valid {
		cl.AttachmentID = &att.Int64
	}
	cl.SubmittedBy, cl.DecidedBy = by.Int64, decidedBy.Int64
	return cl, nil
}

func ledgerClaims(c conn, contractID int64, ps []*samspil.Participant) ([]*samspil.Claim, error) {
	var n int
	if err := c.queryRow(`SELECT COUNT(*) FROM pbr_claims WHERE contract_id = ?`, contractID).Scan(&n); err != nil {
		return nil, internal("count claims", err)
	}
	names := make(map[int64]string, len(ps))
	for _, p := range ps {
		names[p.ID] = p.Pseudonym
	}
	out := make([]*samspil.Claim, 0, n)
	rows, err := c.query(`SELECT `+ledgerClaimColumns+` FROM pbr_claims c WHERE c.contract_id = ? ORDER BY c.achieved_on, c.id`, contractID)
	if err != nil {
		return nil, internal("read claims", err)
	}
	defer rows.Close()
	for rows.Next() {
		cl, err := scanLedgerClaim(rows)
		if err != nil {
			return nil, internal("read claims", err)
		}
		cl.Pseudonym = names[cl.ParticipantID]
		out = append(out, cl)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("read claims", err)
	}
	return out, nil
}

// ledgerStatementColumns is what statement queries select, in
// scanLedgerStatement's order ("s" is pbr_statements).
const ledgerStatementColumns = `s.id, s.contract_id, s.number, s.period_start, s.period_end, s.status, s.total_ore, s.paid_before_ore,
	s.cap_ore, s.amendment, s.by_outcome_json, s.commissioner_approved_at, s.commissioner_approved_by, s.provider_approved_at,
	s.provider_approved_by, s.calculated_at, s.created_at`

// scanLedgerStatement reads the ledgerStatementColumns (then extra) of a
// row; Lines is left empty.
func scanLedgerStatement(r rowScanner, extra ...any) (*samspil.Statement, error) {
	s := &samspil.Statement{Lines: []samspil.StatementLine{}}
	var byOutcome string
	var cBy, pBy sql.NullInt64
	dest := append([]any{&s.ID, &s.ContractID, &s.Number, dateScanner{&s.PeriodStart}, dateScanner{&s.PeriodEnd}, &s.Status,
		&s.TotalOre, &s.PaidBeforeOre, &s.CapOre, &s.Amendment, &byOutcome, nullTimeScanner{&s.CommissionerApprovedAt}, &cBy,
		nullTimeScanner{&s.ProviderApprovedAt}, &pBy, timeScanner{&s.CalculatedAt}, timeScanner{&s.CreatedAt}}, extra...)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	s.CommissionerApprovedBy, s.ProviderApprovedBy = cBy.Int64, pBy.Int64
	s.ByOutcome = []samspil.StatementOutcome{}
	if byOutcome != "" {
		if err := json.Unmarshal([]byte(byOutcome), &s.ByOutcome); err != nil {
			return nil, fmt.Errorf("by_outcome of statement %d: %w", s.ID, err)
		}
	}
	return s, nil
}

// ledgerLineColumns is what statement line queries select, after the
// statement id, in scanLedgerLine's order ("l" is pbr_statement_lines).
const ledgerLineColumns = `l.claim_id, l.pseudonym, l.outcome_code, l.achieved_on, l.kind, l.price_ore, l.earned_ore,
	l.paid_before_ore, l.amount_ore, l.cut_ore, l.reason`

// scanLedgerLine reads extra, then the ledgerLineColumns of a row.
func scanLedgerLine(r rowScanner, extra ...any) (samspil.StatementLine, error) {
	var x samspil.StatementLine
	dest := append(extra, &x.ClaimID, &x.Pseudonym, &x.OutcomeCode, dateScanner{&x.AchievedOn}, &x.Kind, &x.PriceOre, &x.EarnedOre,
		&x.PaidBefore, &x.AmountOre, &x.CutOre, &x.Reason)
	err := r.Scan(dest...)
	return x, err
}

func ledgerStatements(c conn, contractID int64) ([]*samspil.Statement, error) {
	out := []*samspil.Statement{}
	rows, err := c.query(`SELECT `+ledgerStatementColumns+` FROM pbr_statements s WHERE s.contract_id = ? ORDER BY s.number`, contractID)
	if err != nil {
		return nil, internal("read statements", err)
	}
	byID := map[int64]*samspil.Statement{}
	for rows.Next() {
		s, err := scanLedgerStatement(rows)
		if err != nil {
			rows.Close()
			return nil, internal("read statements", err)
		}
		out = append(out, s)
		byID[s.ID] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("read statements", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = c.query(`SELECT l.statement_id, `+ledgerLineColumns+` FROM pbr_statement_lines l
		JOIN pbr_statements s ON s.id = l.statement_id WHERE s.contract_id = ? ORDER BY l.statement_id, l.ord`, contractID)
	if err != nil {
		return nil, internal("read statement lines", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid int64
		x, err := scanLedgerLine(rows, &sid)
		if err != nil {
			return nil, internal("read statement lines", err)
		}
		if s := byID[sid]; s != nil {
			s.Lines = append(s.Lines, x)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal("read statement lines", err)
	}
	return out, nil
}
