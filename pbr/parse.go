package pbr

import (
	"io"

	"github.com/samspil/samspil"
)

// LineError is one problem on one line of an uploaded file. Line counts
// physical lines from 1 (the header), so a person finds it in an editor.
type LineError struct {
	Line    int            `json:"line"`
	Field   string         `json:"field"` // the column, or "" for the whole line
	Key     string         `json:"key"`   // translation key
	Message string         `json:"message"`
	Args    map[string]any `json:"args,omitempty"`
}

// ReadContract reads contract.json strictly: unknown fields, a
// fractional or negative price and trailing data are refused, and the
// contract is validated. Errors are *samspil.Error (EINVALID).
func ReadContract(r io.Reader) (*Contract, error) {
	panic("pbr: ReadContract not implemented yet (E1)")
}

// ReadParticipants reads participants.csv (RFC 4180, header
// "participant,enrolled_on"). Every bad line is reported: the error is a
// *samspil.Error (EINVALID) whose Fields are "line:<n>" entries, and no
// participants are returned with it.
func ReadParticipants(r io.Reader) ([]Participant, error) {
	panic("pbr: ReadParticipants not implemented yet (E1)")
}

// ReadClaims reads claims.csv (RFC 4180, header
// "claim_id,participant,outcome,achieved_on,submitted_at") with the same
// error rules as ReadParticipants; a claim id used twice is an error.
func ReadClaims(r io.Reader) ([]Claim, error) {
	panic("pbr: ReadClaims not implemented yet (E1)")
}

// ReadParticipantUpload reads the platform's enrolment file: a header with
// the columns pseudonym, enrolled_on and optionally age_band, benefit_type,
// unemployment_band (Danish names deltager/pseudonym, indskrevet,
// aldersgruppe, ydelse, ledighed are accepted), comma or semicolon
// delimited, UTF-8 with or without BOM. Dates are ISO or DD-MM-YYYY.
// It returns the participants with Line set and every line error; the
// error result is only for a file that cannot be read at all (no header,
// a missing column, more than samspil.MaxParticipantsUpload lines).
// Domain validation (CPR, bands, dates against the contract) is the
// caller's, with Participant.Validate.
func ReadParticipantUpload(r io.Reader) ([]*samspil.Participant, []LineError, error) {
	panic("pbr: ReadParticipantUpload not implemented yet (E1)")
}

// ReadClaimUpload reads the platform's claims file: columns pseudonym,
// outcome, achieved_on and evidence_ref (Danish deltager, resultat, dato,
// dokumentation), with the rules of ReadParticipantUpload and
// samspil.MaxClaimsPerUpload.
func ReadClaimUpload(r io.Reader) ([]*samspil.Claim, []LineError, error) {
	panic("pbr: ReadClaimUpload not implemented yet (E1)")
}
