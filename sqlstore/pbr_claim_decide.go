package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// maxDecisionReasonLen bounds the reason written with a decision.
const maxDecisionReasonLen = 2000

// claimDecisionAudit is what the audit trail keeps of a claim's decision
// before and after a change.
type claimDecisionAudit struct {
	ClaimID   int64      `json:"claim_id"`
	Decision  string     `json:"decision"`
	Reason    string     `json:"reason,omitempty"`
	DecidedBy int64      `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
}

func decisionAudit(c *samspil.Claim) claimDecisionAudit {
	return claimDecisionAudit{ClaimID: c.ID, Decision: string(c.Decision), Reason: c.DecisionReason, DecidedBy: c.DecidedBy, DecidedAt: c.DecidedAt}
}

// DecideClaims approves or rejects claims of one contract. A reason is
// required to reject and to change an earlier decision; a claim that
// already has decision d is left as it is. Each change is audited with who
// and when, before and after (one event per claim up to auditListMax
// claims, beyond that one event listing them), the checks are recalculated
// and the provider is told. The claims are returned in the order of ids.
func (d *DB) DecideClaims(ctx context.Context, contractID int64, ids []int64, dec samspil.ClaimDecision, reason string) ([]*samspil.Claim, error) {
	reason = strings.TrimSpace(reason)
	var v samspil.Validation
	if dec != samspil.ClaimApproved && dec != samspil.ClaimRejected {
		v.Add("decision", "pbr.decision.invalid", "choose approve or reject", nil)
	}
	if len(ids) == 0 {
		v.Add("ids", "pbr.decision.none_selected", "choose at least one claim", nil)
	}
	switch {
	case samspil.LooksLikeCPR(reason):
		v.Add("reason", "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
	case utf8.RuneCountInString(reason) > maxDecisionReasonLen:
		v.Add("reason", "pbr.decision.reason_too_long", "the reason can be at most {{.Max}} characters", map[string]any{"Max": maxDecisionReasonLen})
	case reason == "" && dec == samspil.ClaimRejected:
		v.Add("reason", "pbr.decision.reason_required", "a reason is required to reject a claim", nil)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []*samspil.Claim
	err := d.write(ctx, func(t *wtx) error {
		l, err := t.lockedLedger(contractID)
		if err != nil {
			return err
		}
		c := l.Contract
		if c.Status == samspil.ContractDraft {
			return conflict("status", "pbr.not_active", "claims of a draft contract cannot be decided")
		}
		pseudonyms := make(map[int64]string, len(l.Participants))
		for _, p := range l.Participants {
			pseudonyms[p.ID] = p.Pseudonym
		}
		byID := make(map[int64]*samspil.Claim, len(l.Claims))
		for _, cl := range l.Claims {
			byID[cl.ID] = cl
		}
		var changed []*samspil.Claim
		var before []claimDecisionAudit
		seen := make(map[int64]bool, len(ids))
		for _, id := range ids {
			cl := byID[id]
			if cl == nil {
				return errClaimNotFound(id)
			}
			if seen[id] || cl.Decision == dec {
				seen[id] = true
				continue
			}
			seen[id] = true
			if cl.Decision != samspil.ClaimPending && reason == "" {
				return invalid("reason", "pbr.decision.reason_required", "a reason is required to change an earlier decision")
			}
			changed = append(changed, cl)
			before = append(before, decisionAudit(cl))
		}
		if len(changed) > 0 {
			now := t.now
			for _, cl := range changed {
				cl.Decision, cl.DecisionReason, cl.DecidedBy, cl.DecidedAt = dec, reason, t.actor, &now
			}
			if err := t.writeDecisions(changed, dec, reason); err != nil {
				return err
			}
			if err := t.writeChecks(l.Claims, pbr.Checks(l)); err != nil {
				return err
			}
			if err := t.auditDecisions(contractID, changed, before); err != nil {
				return err
			}
			n := newNotifier(t)
			args := map[string]string{"Contract": c.Title, "Count": strconv.Itoa(len(changed))}
			if err := n.org(c.ProviderID, samspil.NotePbrClaimsDecided, args, claimsLink(contractID)); err != nil {
				return err
			}
			if err := n.flush(); err != nil {
				return err
			}
		}
		out = make([]*samspil.Claim, 0, len(ids))
		done := make(map[int64]bool, len(ids))
		for _, id := range ids {
			if done[id] {
				continue
			}
			done[id] = true
			cl := *byID[id]
			if cl.Pseudonym == "" {
				cl.Pseudonym = pseudonyms[cl.ParticipantID]
			}
			out = append(out, &cl)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeDecisions stores one decision on claims of the contract, a chunk
// of ids at a time.
func (t *wtx) writeDecisions(claims []*samspil.Claim, dec samspil.ClaimDecision, reason string) error {
	for start := 0; start < len(claims); start += idChunk {
		chunk := claims[start:min(start+idChunk, len(claims))]
		args := []any{string(dec), reason, nullID(t.actor), t.d.ts(t.now)}
		for _, cl := range chunk {
			args = append(args, cl.ID)
		}
		// The ids were found in the contract's ledger; matching on the
		// primary key alone keeps SQLite from scanning the contract's
		// index for every chunk.
		if _, err := t.exec(`UPDATE pbr_claims SET decision = ?, decision_reason = ?, decided_by = ?, decided_at = ?
			WHERE id IN (`+placeholders(len(chunk))+`)`, args...); err != nil {
			return internal("decide claims", err)
		}
	}
	return nil
}

// auditDecisions records who decided what and when: one event per claim
// for everyday use, one event listing the claims for a very large bulk
// decision (the before states are then summarised by decision).
func (t *wtx) auditDecisions(contractID int64, changed []*samspil.Claim, before []claimDecisionAudit) error {
	if len(changed) <= auditListMax {
		for i, cl := range changed {
			if err := t.audit("pbr.claim.decide", "pbr_claim", cl.ID, before[i], decisionAudit(cl)); err != nil {
				return err
			}
		}
		return nil
	}
	ids := make([]int64, len(changed))
	was := map[string]int{}
	for i, cl := range changed {
		ids[i] = cl.ID
		was[before[i].Decision]++
	}
	after := map[string]any{"decision": string(changed[0].Decision), "reason": changed[0].DecisionReason,
		"decided_by": t.actor, "decided_at": t.now, "count": len(changed), "ids": ids}
	return t.audit("pbr.claims.decide", "outcome_contract", contractID, map[string]any{"decisions": was}, after)
}
