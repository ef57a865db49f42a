package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/samspil/samspil"
)

// Reading outcome contracts: the row, its party names and its rate card
// (outcomes_json), one or a filtered page.

// contractLink is where a contract is shown; notifications point there.
func contractLink(id int64) string { return fmt.Sprintf("/resultatkontrakter/%d", id) }

// pbrContractColumns is what every contract query selects, in
// scanOutcomeContract's order; "k" is the contract, "cm", "pv" and "iv"
// the commissioner, provider and (left-joined) investor.
const pbrContractColumns = `k.id, k.title, k.summary, k.target_group, k.commissioner_id, cm.name, k.provider_id, pv.name, k.investor_id,
	COALESCE(iv.name, ''), k.status, k.period_start, k.period_end, k.cap_ore, k.cohort_target, k.statement_period, k.deadweight_pct,
	k.outcomes_json, k.amendment, k.version, k.commissioner_approved_at, k.commissioner_approved_by, k.provider_approved_at,
	k.provider_approved_by, k.tender_id, k.partnership_id, k.created_by, k.created_at, k.updated_at, k.finished_at`

const pbrContractFrom = ` FROM outcome_contracts k JOIN organisations cm ON cm.id = k.commissioner_id
	JOIN organisations pv ON pv.id = k.provider_id LEFT JOIN organisations iv ON iv.id = k.investor_id`

// scanOutcomeContract reads the pbrContractColumns (then extra) of a row.
func scanOutcomeContract(s rowScanner, extra ...any) (*samspil.OutcomeContract, error) {
	k := &samspil.OutcomeContract{}
	var investor, cBy, pBy, tender, partnership, createdBy sql.NullInt64
	var outcomes string
	dest := append([]any{&k.ID, &k.Title, &k.Summary, &k.TargetGroup, &k.CommissionerID, &k.Commissioner, &k.ProviderID, &k.Provider,
		&investor, &k.Investor, &k.Status, dateScanner{&k.PeriodStart}, dateScanner{&k.PeriodEnd}, &k.CapOre, &k.CohortTarget,
		&k.StatementPeriod, &k.DeadweightPct, &outcomes, &k.Amendment, &k.Version, nullTimeScanner{&k.CommissionerApprovedAt}, &cBy,
		nullTimeScanner{&k.ProviderApprovedAt}, &pBy, &tender, &partnership, &createdBy, timeScanner{&k.CreatedAt},
		timeScanner{&k.UpdatedAt}, nullTimeScanner{&k.FinishedAt}}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if investor.Valid {
		k.InvestorID = &investor.Int64
	}
	if tender.Valid {
		k.TenderID = &tender.Int64
	}
	if partnership.Valid {
		k.PartnershipID = &partnership.Int64
	}
	k.CommissionerApprovedBy, k.ProviderApprovedBy, k.CreatedBy = cBy.Int64, pBy.Int64, createdBy.Int64
	if err := json.Unmarshal([]byte(outcomes), &k.Outcomes); err != nil {
		return nil, fmt.Errorf("outcomes of contract %d: %w", k.ID, err)
	}
	normaliseOutcomes(k.Outcomes)
	return k, nil
}

// normaliseOutcomes gives every outcome empty lists instead of nil, so the
// JSON of a contract reads the same however it was written.
func normaliseOutcomes(os []samspil.Outcome) {
	for i := range os {
		if os[i].Requires == nil {
			os[i].Requires = []string{}
		}
		if os[i].Savings == nil {
			os[i].Savings = []samspil.OutcomeSaving{}
		}
	}
}

func errContractNotFound() error {
	return notFound("pbr.not_found", "the outcome contract does not exist")
}

// findOutcomeContract loads one contract. ENOTFOUND.
func findOutcomeContract(c conn, id int64) (*samspil.OutcomeContract, error) {
	k, err := scanOutcomeContract(c.queryRow(`SELECT `+pbrContractColumns+pbrContractFrom+` WHERE k.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errContractNotFound()
	} else if err != nil {
		return nil, internal("find outcome contract", err)
	}
	return k, nil
}

// lockOutcomeContract takes the contract's row lock on PostgreSQL (SQLite
// writers are serialised already) and returns the contract. ENOTFOUND.
func lockOutcomeContract(t *wtx, id int64) (*samspil.OutcomeContract, error) {
	var x int64
	err := t.queryRow(`SELECT id FROM outcome_contracts WHERE id = ?`+t.d.forUpdate, id).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errContractNotFound()
	} else if err != nil {
		return nil, internal("lock outcome contract", err)
	}
	return findOutcomeContract(t.conn, id)
}

// lockDraftContract is lockOutcomeContract for a step only a draft
// allows. ENOTFOUND; ECONFLICT "pbr.not_draft".
func lockDraftContract(t *wtx, id int64) (*samspil.OutcomeContract, error) {
	k, err := lockOutcomeContract(t, id)
	if err != nil {
		return nil, err
	}
	if k.Status != samspil.ContractDraft {
		return nil, errContractNotDraft()
	}
	return k, nil
}

// lockActiveContract is lockOutcomeContract for a step only an active
// contract allows. ENOTFOUND; ECONFLICT "pbr.not_active".
func lockActiveContract(t *wtx, id int64) (*samspil.OutcomeContract, error) {
	k, err := lockOutcomeContract(t, id)
	if err != nil {
		return nil, err
	}
	if k.Status != samspil.ContractActive {
		return nil, errContractNotActive()
	}
	return k, nil
}

// findOutcomeContractsByID loads whole contracts by id, in the order of ids.
func findOutcomeContractsByID(c conn, ids []int64) ([]*samspil.OutcomeContract, error) {
	out := make([]*samspil.OutcomeContract, 0, len(ids))
	byID := make(map[int64]*samspil.OutcomeContract, len(ids))
	for start := 0; start < len(ids); start += idChunk {
		chunk := ids[start:min(start+idChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := c.query(`SELECT `+pbrContractColumns+pbrContractFrom+` WHERE k.id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, internal("find outcome contracts", err)
		}
		for rows.Next() {
			k, err := scanOutcomeContract(rows)
			if err != nil {
				rows.Close()
				return nil, internal("find outcome contracts", err)
			}
			byID[k.ID] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("find outcome contracts", err)
		}
	}
	for _, id := range ids {
		if k := byID[id]; k != nil {
			out = append(out, k)
		}
	}
	return out, nil
}

// FindOutcomeContractByID returns the contract with its party names. ENOTFOUND.
func (d *DB) FindOutcomeContractByID(ctx context.Context, id int64) (*samspil.OutcomeContract, error) {
	return findOutcomeContract(d.read(ctx), id)
}

// contractKey is the little of a contract that filtering and sorting a list
// needs.
type contractKey struct {
	id    int64
	title string
	start string
}

// FindOutcomeContracts returns one page and the total. The filter on the
// title and the sort by title are done in Go on folded text, so both
// databases agree on æ, ø and å; contracts are few (hundreds per
// municipality at most), and only the page is loaded whole. EINVALID for a
// negative offset or limit.
func (d *DB) FindOutcomeContracts(ctx context.Context, f samspil.ContractFilter) ([]*samspil.OutcomeContract, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	keys, err := contractKeys(d.read(ctx), f)
	if err != nil {
		return nil, 0, err
	}
	total := len(keys)
	out := []*samspil.OutcomeContract{}
	if offset >= total {
		return out, total, nil
	}
	ids := make([]int64, 0, limit)
	for _, k := range keys[offset:min(offset+limit, total)] {
		ids = append(ids, k.id)
	}
	out, err = findOutcomeContractsByID(d.read(ctx), ids)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// contractKeys returns the keys of the contracts f selects, in f's order.
func contractKeys(c conn, f samspil.ContractFilter) ([]contractKey, error) {
	var where []string
	var args []any
	if f.OrganisationID != 0 {
		where = append(where, "(k.commissioner_id = ? OR k.provider_id = ? OR k.investor_id = ?)")
		args = append(args, f.OrganisationID, f.OrganisationID, f.OrganisationID)
	}
	if f.MunicipalityCode != "" {
		where = append(where, "k.commissioner_id IN (SELECT id FROM organisations WHERE municipality_code = ? AND kind = ?)")
		args = append(args, f.MunicipalityCode, string(samspil.OrgKommune))
	}
	if f.TargetGroup != "" {
		where = append(where, "k.target_group = ?")
		args = append(args, f.TargetGroup)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "k.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	rows, err := c.query(`SELECT k.id, k.title, k.period_start FROM outcome_contracts k`+whereClause(where), args...)
	if err != nil {
		return nil, internal("find outcome contracts", err)
	}
	defer rows.Close()
	q := fold(strings.TrimSpace(f.Query))
	var keys []contractKey
	for rows.Next() {
		var k contractKey
		if err := rows.Scan(&k.id, &k.title, &k.start); err != nil {
			return nil, internal("find outcome contracts", err)
		}
		if q != "" && !strings.Contains(fold(k.title), q) {
			continue
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find outcome contracts", err)
	}
	switch f.Sort {
	case "title":
		for i := range keys {
			keys[i].title = nameKey(keys[i].title)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].title != keys[j].title {
				return keys[i].title < keys[j].title
			}
			return keys[i].id < keys[j].id
		})
	case "start":
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].start != keys[j].start {
				return keys[i].start < keys[j].start
			}
			return keys[i].id < keys[j].id
		})
	default: // newest first
		sort.Slice(keys, func(i, j int) bool { return keys[i].id > keys[j].id })
	}
	return keys, nil
}
