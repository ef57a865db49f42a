package sqlstore

import (
	"database/sql"
	"errors"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// Keeping every claim's check current: the engine's verdict is stored on
// each claim (check_amount_ore, check_reason, check_valid) so lists can
// filter and sort by it. Every change that can move a verdict (a
// submission, a decision, an amendment) reruns the engine over the whole
// ledger inside its transaction and writes only the claims whose verdict
// changed.

// pbrRecheck recalculates every claim's check of a contract inside t and
// writes the changed ones. S1 calls it when an amendment takes effect.
func (t *wtx) pbrRecheck(contractID int64) error {
	l, err := t.pbrLedger(contractID)
	if err != nil {
		return err
	}
	return t.writeChecks(l.Claims, pbr.Checks(l))
}

// checkChunk bounds the ids of one UPDATE of checks: three values plus
// the id list stay within maxBatchParams.
const checkChunk = maxBatchParams - 8

// writeChecks stores checks[c.ID] for each claim whose stored check (the
// Check the ledger read) differs, and sets it on the claim. Claims with the
// same new verdict are updated together, so a recalculation that moves a
// hundred thousand claims takes a few hundred statements, not a hundred
// thousand.
func (t *wtx) writeChecks(claims []*samspil.Claim, checks map[int64]samspil.ClaimCheck) error {
	groups := map[samspil.ClaimCheck][]int64{}
	for _, c := range claims {
		nc, ok := checks[c.ID]
		if !ok || nc == c.Check {
			continue
		}
		groups[nc] = append(groups[nc], c.ID)
		c.Check = nc
	}
	for ck, ids := range groups {
		for start := 0; start < len(ids); start += checkChunk {
			chunk := ids[start:min(start+checkChunk, len(ids))]
			args := make([]any, 0, len(chunk)+3)
			args = append(args, ck.AmountOre, ck.Reason, ck.Valid)
			for _, id := range chunk {
				args = append(args, id)
			}
			if _, err := t.exec(`UPDATE pbr_claims SET check_amount_ore = ?, check_reason = ?, check_valid = ? WHERE id IN (`+
				placeholders(len(chunk))+`)`, args...); err != nil {
				return internal("update claim checks", err)
			}
		}
	}
	return nil
}

// lockPbrContract takes the contract's row lock (PostgreSQL; SQLite has
// one writer anyway), so the claims, decisions and statements of one
// contract are calculated one transaction at a time. ENOTFOUND.
func (t *wtx) lockPbrContract(id int64) error {
	var status string
	err := t.queryRow(`SELECT status FROM outcome_contracts WHERE id = ?`+t.d.forUpdate, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("pbr.not_found", "the outcome contract does not exist")
	} else if err != nil {
		return internal("lock outcome contract", err)
	}
	return nil
}

// lockedLedger takes the contract's row lock and reads its ledger: the
// start of every write that calculates (claims, decisions, statements).
// ENOTFOUND.
func (t *wtx) lockedLedger(id int64) (*samspil.ContractLedger, error) {
	if err := t.lockPbrContract(id); err != nil {
		return nil, err
	}
	return t.pbrLedger(id)
}

// calendarDay drops a date's time and zone, keeping its calendar day.
func calendarDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
