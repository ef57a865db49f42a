package pbr

import (
	"github.com/samspil/samspil"
)

// IndigoOptions says how to link an exported contract: the platform's base
// URL for ids and the OCDS ocid of the tender it came from ("" for none).
type IndigoOptions struct {
	BaseURL string
	OCID    string
}

// Indigo returns the contract in the shape of the INDIGO data standard
// (Government Outcomes Lab) for impact bonds and outcome contracts:
// outcome metrics, prices per unit, the maximum payable, payments made and
// results, as a JSON-ready value. Never participant rows.
func Indigo(l *samspil.ContractLedger, opt IndigoOptions) any {
	panic("pbr: Indigo not implemented yet (E2)")
}
