package sqlstore

import (
	"context"

	"github.com/samspil/samspil"
)

// ProcurementSuppliers is a stub replaced by the recommender's query (issue 5).
func (d *DB) ProcurementSuppliers(ctx context.Context, q samspil.SupplierQuery) ([]samspil.SupplierFact, error) {
	return nil, todo()
}
