package sqlstore

import (
	"context"
	"database/sql"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// ContractAggregates returns the published numbers of active and finished
// contracts (never drafts, never a participant row), newest first unless
// f.Sort says otherwise, and the total. Each contract of the page is read
// as a ledger in one snapshot and summed by pbr.Aggregate; the commissioner's
// municipality and the provider's CVR number are added here. EINVALID for a
// negative offset or limit.
func (d *DB) ContractAggregates(ctx context.Context, f samspil.ContractFilter) ([]*samspil.ContractAggregate, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	f.Statuses = publishedStatuses(f.Statuses)
	out := []*samspil.ContractAggregate{}
	if len(f.Statuses) == 0 {
		return out, 0, nil
	}
	var total int
	err = d.pbrSnapshot(ctx, func(c conn) error {
		keys, err := contractKeys(c, f)
		if err != nil {
			return err
		}
		total = len(keys)
		if offset >= total {
			return nil
		}
		for _, key := range keys[offset:min(offset+limit, total)] {
			l, err := c.pbrLedger(key.id)
			if err != nil {
				return err
			}
			a := pbr.Aggregate(l)
			if err := fillAggregateParties(c, a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// publishedStatuses keeps the statuses of want that are published (active
// and finished); no statuses means both.
func publishedStatuses(want []samspil.ContractStatus) []samspil.ContractStatus {
	if len(want) == 0 {
		return []samspil.ContractStatus{samspil.ContractActive, samspil.ContractFinished}
	}
	var out []samspil.ContractStatus
	for _, s := range want {
		if s == samspil.ContractActive || s == samspil.ContractFinished {
			out = append(out, s)
		}
	}
	return out
}

// fillAggregateParties sets the commissioner's municipality code and the
// provider's CVR number of a.
func fillAggregateParties(c conn, a *samspil.ContractAggregate) error {
	var cvr sql.NullString
	err := c.queryRow(`SELECT cm.municipality_code, pv.cvr FROM organisations cm, organisations pv WHERE cm.id = ? AND pv.id = ?`,
		a.CommissionerID, a.ProviderID).Scan(&a.MunicipalityCode, &cvr)
	if err != nil {
		return internal("aggregate parties", err)
	}
	a.ProviderCVR = cvr.String
	return nil
}
