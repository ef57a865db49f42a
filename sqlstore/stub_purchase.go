package sqlstore

import (
	"context"
	"iter"

	"github.com/samspil/samspil"
)

// Stubs replaced by the purchase store (issue 5).

// ImportPurchases is a stub.
func (d *DB) ImportPurchases(ctx context.Context, imp *samspil.PurchaseImport, lines iter.Seq2[samspil.PurchaseLine, error]) error {
	return todo()
}

// DeletePurchaseImport is a stub.
func (d *DB) DeletePurchaseImport(ctx context.Context, id int64) (*samspil.PurchaseImport, error) {
	return nil, todo()
}

// FindPurchaseImports is a stub.
func (d *DB) FindPurchaseImports(ctx context.Context, municipalityCode string, offset, limit int) ([]*samspil.PurchaseImport, int, error) {
	return nil, 0, todo()
}

// FindPurchaseImportByID is a stub.
func (d *DB) FindPurchaseImportByID(ctx context.Context, id int64) (*samspil.PurchaseImport, error) {
	return nil, todo()
}

// MunicipalitySpend is a stub.
func (d *DB) MunicipalitySpend(ctx context.Context, f samspil.SpendFilter) (*samspil.Spend, error) {
	return nil, todo()
}

// NationalSpend is a stub.
func (d *DB) NationalSpend(ctx context.Context, year int) ([]samspil.PeerSpend, error) {
	return nil, todo()
}
