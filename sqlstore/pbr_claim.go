package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// Claims of outcome contracts: the provider submits them (one from a form
// or a hundred thousand from a file, all or nothing), the engine checks
// each, and the commissioner decides them (pbr_claim_decide.go).

// claimsLink is the claims page of a contract, for notifications.
func claimsLink(contractID int64) string {
	return fmt.Sprintf("/resultatkontrakter/%d/anmeldelser", contractID)
}

// claimColumns reads a claim with its participant's pseudonym (the
// ledger's columns, then the pseudonym).
const claimColumns = ledgerClaimColumns + `, p.pseudonym`

const claimFrom = ` FROM pbr_claims c JOIN pbr_participants p ON p.id = c.participant_id`

func scanClaim(s rowScanner) (*samspil.Claim, error) {
	var pseudonym string
	c, err := scanLedgerClaim(s, &pseudonym)
	if err != nil {
		return nil, err
	}
	c.Pseudonym = pseudonym
	return c, nil
}

// claimInsertColumns are written by SubmitClaims, ids included (reserved
// first, so the engine can check the new claims before they are stored).
const claimInsertColumns = `id, contract_id, participant_id, outcome_code, achieved_on, evidence_ref, attachment_id,
	submitted_at, submitted_by, check_amount_ore, check_reason, check_valid, decision, decision_reason`

// SubmitClaims adds claims to an active contract, all or nothing: every
// problem of every claim is reported at once (fields
// "claims.<index>.<field>", with the file's line in Args["Line"] when the
// claim came from an upload). The new claims are checked by the engine
// together with the stored ones before they are written, and the stored
// claims whose verdict moved are updated in the same transaction.
func (d *DB) SubmitClaims(ctx context.Context, contractID int64, cs []*samspil.Claim) error {
	switch {
	case len(cs) == 0:
		return invalid("claims", "pbr.upload.empty", "there are no claims to submit")
	case len(cs) > samspil.MaxClaimsPerUpload:
		var v samspil.Validation
		v.Add("claims", "pbr.upload.too_many", "too many claims at once", map[string]any{"Max": samspil.MaxClaimsPerUpload})
		return v.Err()
	}
	var out []*samspil.Claim
	err := d.write(ctx, func(t *wtx) error {
		l, err := t.lockedLedger(contractID)
		if err != nil {
			return err
		}
		c := l.Contract
		if c.Status != samspil.ContractActive {
			return errContractNotActive()
		}
		today := validationNow(t.now)
		byPseudonym := make(map[string]*samspil.Participant, len(l.Participants))
		for _, p := range l.Participants {
			byPseudonym[p.Pseudonym] = p
		}
		var v samspil.Validation
		for i, cl := range cs {
			cl.Pseudonym = strings.TrimSpace(cl.Pseudonym)
			cl.AchievedOn = calendarDay(cl.AchievedOn)
			p := byPseudonym[cl.Pseudonym]
			addClaimProblems(&v, i, cl, cl.Validate(c, p, today))
		}
		if err := t.checkClaimAttachments(&v, contractID, cs); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}

		ids, err := t.reserveIDs("pbr_claims", len(cs))
		if err != nil {
			return err
		}
		out = make([]*samspil.Claim, len(cs))
		for i, cl := range cs {
			n := *cl
			n.ID, n.ContractID, n.ParticipantID = ids[i], contractID, byPseudonym[cl.Pseudonym].ID
			n.SubmittedAt, n.SubmittedBy = t.now, t.actor
			n.Check = samspil.ClaimCheck{}
			n.Decision, n.DecisionReason, n.DecidedBy, n.DecidedAt = samspil.ClaimPending, "", 0, nil
			out[i] = &n
		}
		// The engine sees the new claims with the stored ones; the new
		// ones are inserted with their verdict, the stored ones updated
		// when theirs moved.
		l.Claims = append(l.Claims, out...)
		checks := pbr.Checks(l)
		for _, n := range out {
			n.Check = checks[n.ID]
		}
		b := newBatch(t, "pbr_claims", claimInsertColumns)
		for _, n := range out {
			var att any
			if n.AttachmentID != nil {
				att = *n.AttachmentID
			}
			if err := b.add(n.ID, contractID, n.ParticipantID, n.OutcomeCode, pbrDate(n.AchievedOn), n.EvidenceRef, att,
				t.d.ts(t.now), nullID(t.actor), n.Check.AmountOre, n.Check.Reason, n.Check.Valid, string(samspil.ClaimPending), ""); err != nil {
				return err
			}
		}
		if err := b.flush(); err != nil {
			return err
		}
		if err := t.writeChecks(l.Claims, checks); err != nil {
			return err
		}
		summary := map[string]any{"count": len(out), "first_id": out[0].ID, "last_id": out[len(out)-1].ID}
		if len(out) <= auditListMax {
			summary["ids"] = ids
		}
		if err := t.audit("pbr.claims.submit", "outcome_contract", contractID, nil, summary); err != nil {
			return err
		}
		n := newNotifier(t)
		args := map[string]string{"Contract": c.Title, "Count": strconv.Itoa(len(out))}
		if err := n.org(c.CommissionerID, samspil.NotePbrClaims, args, claimsLink(contractID)); err != nil {
			return err
		}
		return n.flush()
	})
	if err != nil {
		return err
	}
	for i, n := range out {
		*cs[i] = *n
	}
	return nil
}

// auditListMax is the most ids an audit event of a bulk change lists;
// larger changes record the count and the first and last id.
const auditListMax = 300

// addClaimProblems files a claim's validation errors under
// "claims.<i>.<field>", naming the file's line when there is one.
func addClaimProblems(v *samspil.Validation, i int, cl *samspil.Claim, err error) {
	if err == nil {
		return
	}
	e, ok := samspil.AsError(err)
	if !ok {
		v.Add("claims."+strconv.Itoa(i), "error.validation", err.Error(), nil)
		return
	}
	for _, f := range e.Fields {
		args := f.Args
		if cl.Line > 0 {
			args = make(map[string]any, len(f.Args)+1)
			for k, a := range f.Args {
				args[k] = a
			}
			args["Line"] = cl.Line
		}
		v.Add("claims."+strconv.Itoa(i)+"."+f.Field, f.Key, f.Message, args)
	}
}

// checkClaimAttachments refuses an uploaded evidence file that is not the
// contract's: claim evidence is uploaded before the claim exists, so it is
// stored with owner type "claim" and the contract's id as owner.
func (t *wtx) checkClaimAttachments(v *samspil.Validation, contractID int64, cs []*samspil.Claim) error {
	var want []int64
	for _, cl := range cs {
		if cl.AttachmentID != nil {
			want = append(want, *cl.AttachmentID)
		}
	}
	if len(want) == 0 {
		return nil
	}
	found := map[int64]bool{}
	for start := 0; start < len(want); start += idChunk {
		chunk := want[start:min(start+idChunk, len(want))]
		args := []any{string(samspil.OwnerClaim), contractID}
		for _, id := range chunk {
			args = append(args, id)
		}
		ids, err := queryIDs(t.conn, "find claim evidence", `SELECT id FROM attachments WHERE owner_type = ? AND owner_id = ? AND id IN (`+
			placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return err
		}
		for _, id := range ids {
			found[id] = true
		}
	}
	for i, cl := range cs {
		if cl.AttachmentID != nil && !found[*cl.AttachmentID] {
			var args map[string]any
			if cl.Line > 0 {
				args = map[string]any{"Line": cl.Line}
			}
			v.Add("claims."+strconv.Itoa(i)+".attachment_id", "pbr.claim.attachment_unknown", "the evidence file is not one uploaded to this contract", args)
		}
	}
	return nil
}

// claimSorts are the orders of FindClaims; each ends on the id so pages
// are stable.
var claimSorts = map[string]string{
	"achieved":    "c.achieved_on, c.id",
	"submitted":   "c.submitted_at, c.id",
	"outcome":     "c.outcome_code, c.achieved_on, c.id",
	"participant": "p.pseudonym, c.achieved_on, c.id",
}

// FindClaims returns one page of a contract's claims and the total. The
// default order is by the date achieved, oldest first (the engine's
// order); Reason "paid" selects claims without a reason.
func (d *DB) FindClaims(ctx context.Context, f samspil.ClaimFilter) ([]*samspil.Claim, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if f.ContractID != 0 {
		where, args = append(where, "c.contract_id = ?"), append(args, f.ContractID)
	}
	if f.ParticipantID != 0 {
		where, args = append(where, "c.participant_id = ?"), append(args, f.ParticipantID)
	}
	if code := strings.ToUpper(strings.TrimSpace(f.OutcomeCode)); code != "" {
		where, args = append(where, "c.outcome_code = ?"), append(args, code)
	}
	if len(f.Decisions) > 0 {
		where = append(where, "c.decision IN ("+placeholders(len(f.Decisions))+")")
		for _, dec := range f.Decisions {
			args = append(args, string(dec))
		}
	}
	switch r := strings.TrimSpace(f.Reason); r {
	case "":
	case "paid":
		where = append(where, "c.check_reason = ''")
	default:
		where, args = append(where, "c.check_reason = ?"), append(args, r)
	}
	order, ok := claimSorts[f.Sort]
	if !ok {
		order = claimSorts["achieved"]
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*)`+claimFrom+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count claims", err)
	}
	out := []*samspil.Claim{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT `+claimColumns+claimFrom+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find claims", err)
	}
	defer rows.Close()
	for rows.Next() {
		cl, err := scanClaim(rows)
		if err != nil {
			return nil, 0, internal("find claims", err)
		}
		out = append(out, cl)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find claims", err)
	}
	return out, total, nil
}

// FindClaimByID returns ENOTFOUND when no claim has id.
func (d *DB) FindClaimByID(ctx context.Context, id int64) (*samspil.Claim, error) {
	cl, err := scanClaim(d.read(ctx).queryRow(`SELECT `+claimColumns+claimFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errClaimNotFound(id)
	} else if err != nil {
		return nil, internal("find claim", err)
	}
	return cl, nil
}

func errClaimNotFound(id int64) error {
	return &samspil.Error{Code: samspil.ENOTFOUND, Key: "pbr.claim.not_found", Message: "the claim does not exist in this contract",
		Args: map[string]any{"ID": id}}
}
