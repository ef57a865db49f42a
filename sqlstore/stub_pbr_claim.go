package sqlstore

// Stubs that S2 replaces with sqlstore/pbr_claim*.go and pbr_statement*.go
// (keep signatures).

import (
	"context"

	"github.com/samspil/samspil"
)

func (d *DB) SubmitClaims(ctx context.Context, contractID int64, cs []*samspil.Claim) error {
	return pbrTODO("SubmitClaims")
}
func (d *DB) FindClaims(ctx context.Context, f samspil.ClaimFilter) ([]*samspil.Claim, int, error) {
	return nil, 0, pbrTODO("FindClaims")
}
func (d *DB) FindClaimByID(ctx context.Context, id int64) (*samspil.Claim, error) {
	return nil, pbrTODO("FindClaimByID")
}
func (d *DB) DecideClaims(ctx context.Context, contractID int64, ids []int64, dec samspil.ClaimDecision, reason string) ([]*samspil.Claim, error) {
	return nil, pbrTODO("DecideClaims")
}
func (d *DB) PrepareStatement(ctx context.Context, contractID int64) (*samspil.Statement, error) {
	return nil, pbrTODO("PrepareStatement")
}
func (d *DB) PrepareDueStatements(ctx context.Context) (int, error) {
	return 0, pbrTODO("PrepareDueStatements")
}
func (d *DB) FindStatements(ctx context.Context, contractID int64) ([]*samspil.Statement, error) {
	return nil, pbrTODO("FindStatements")
}
func (d *DB) FindStatementByID(ctx context.Context, id int64) (*samspil.Statement, error) {
	return nil, pbrTODO("FindStatementByID")
}
func (d *DB) ApproveStatement(ctx context.Context, id int64, side samspil.ContractSide) (*samspil.Statement, error) {
	return nil, pbrTODO("ApproveStatement")
}

// pbrRecheck recalculates every claim's check of a contract inside t and
// writes the changed ones. S2 implements it in sqlstore/pbr_check.go; S1
// calls it when an amendment takes effect.
func (t *wtx) pbrRecheck(contractID int64) error {
	return pbrTODO("pbrRecheck")
}
