package sqlstore

// Stubs that S1 replaces with sqlstore/pbr_contract*.go (keep signatures).

import (
	"context"
	"fmt"

	"github.com/samspil/samspil"
)

func pbrTODO(what string) error {
	return fmt.Errorf("sqlstore: %s is not implemented yet", what)
}

func (d *DB) CreateOutcomeContract(ctx context.Context, c *samspil.OutcomeContract) error {
	return pbrTODO("CreateOutcomeContract")
}
func (d *DB) UpdateOutcomeContract(ctx context.Context, id int64, c *samspil.OutcomeContract, version int) (*samspil.OutcomeContract, error) {
	return nil, pbrTODO("UpdateOutcomeContract")
}
func (d *DB) ApproveOutcomeContract(ctx context.Context, id int64, side samspil.ContractSide, version int) (*samspil.OutcomeContract, error) {
	return nil, pbrTODO("ApproveOutcomeContract")
}
func (d *DB) DeleteOutcomeContract(ctx context.Context, id int64) error {
	return pbrTODO("DeleteOutcomeContract")
}
func (d *DB) FinishOutcomeContract(ctx context.Context, id int64) (*samspil.OutcomeContract, error) {
	return nil, pbrTODO("FinishOutcomeContract")
}
func (d *DB) ProposeAmendment(ctx context.Context, a *samspil.ContractAmendment) error {
	return pbrTODO("ProposeAmendment")
}
func (d *DB) ApproveAmendment(ctx context.Context, id int64, side samspil.ContractSide) (*samspil.ContractAmendment, error) {
	return nil, pbrTODO("ApproveAmendment")
}
func (d *DB) WithdrawAmendment(ctx context.Context, id int64) (*samspil.ContractAmendment, error) {
	return nil, pbrTODO("WithdrawAmendment")
}
func (d *DB) FindAmendments(ctx context.Context, contractID int64) ([]*samspil.ContractAmendment, error) {
	return nil, pbrTODO("FindAmendments")
}
func (d *DB) EnrolParticipants(ctx context.Context, contractID int64, ps []*samspil.Participant) error {
	return pbrTODO("EnrolParticipants")
}
func (d *DB) FindParticipants(ctx context.Context, f samspil.ParticipantFilter) ([]*samspil.Participant, int, error) {
	return nil, 0, pbrTODO("FindParticipants")
}
func (d *DB) ContractAggregates(ctx context.Context, f samspil.ContractFilter) ([]*samspil.ContractAggregate, int, error) {
	return nil, 0, pbrTODO("ContractAggregates")
}
