package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// Participants of outcome contracts: pseudonyms chosen by the provider,
// with an enrolment date and banded attributes, never a CPR number. An
// enrolment is all or nothing: every problem of every participant is
// reported at once, and the rows go in with multi-row INSERTs in the same
// transaction, so 100,000 participants are one quick write.

// participantColumns is the insert order of pbr_participants.
const participantColumns = "id, contract_id, pseudonym, enrolled_on, age_band, benefit_type, unemployment_band, created_by, created_at"

// EnrolParticipants adds participants to an active contract, all or
// nothing. EINVALID with fields "participants.<index>.<field>"
// ("pbr.participant.pseudonym_taken" for a pseudonym already in the
// contract or earlier in ps), "pbr.participants.none",
// "pbr.participants.too_many"; ENOTFOUND; ECONFLICT "pbr.not_active". On
// success every participant has its ID, ContractID and CreatedAt.
func (d *DB) EnrolParticipants(ctx context.Context, contractID int64, ps []*samspil.Participant) error {
	switch {
	case len(ps) == 0:
		return invalid("participants", "pbr.participants.none", "enrol at least one participant")
	case len(ps) > samspil.MaxParticipantsUpload:
		return invalidArgs("participants", "pbr.participants.too_many", "at most {{.Max}} participants can be enrolled at once",
			map[string]any{"Max": samspil.MaxParticipantsUpload})
	}
	err := d.write(ctx, func(t *wtx) error {
		k, err := lockActiveContract(t, contractID)
		if err != nil {
			return err
		}
		taken, err := pseudonymsOf(t.conn, contractID)
		if err != nil {
			return err
		}
		if err := validateParticipants(k, ps, taken, validationNow(t.now)); err != nil {
			return err
		}
		ids, err := t.reserveIDs("pbr_participants", len(ps))
		if err != nil {
			return err
		}
		for i, p := range ps {
			p.ID, p.ContractID, p.CreatedAt = ids[i], contractID, t.now
		}
		if err := insertParticipants(t, contractID, ps); err != nil {
			return err
		}
		return t.audit("pbr.participants.enrol", "outcome_contract", contractID, nil, map[string]any{"count": len(ps)})
	})
	if err != nil {
		for _, p := range ps {
			p.ID, p.ContractID = 0, 0
		}
	}
	return err
}

// errPseudonymRace is the error of a pseudonym enrolled by someone else
// between the check and the insert.
func errPseudonymRace() error {
	return invalid("participants", "pbr.participant.pseudonym_taken", "a pseudonym is already used in the contract")
}

// pgParticipantChunk is how many participants one PostgreSQL INSERT …
// SELECT FROM unnest(…) carries: six array parameters, whatever the count.
const pgParticipantChunk = 20_000

// insertParticipants writes ps (ids reserved) in few statements: on
// PostgreSQL as arrays unnested into rows, which is several times faster
// than thousands of bound parameters; on SQLite as multi-row INSERTs.
func insertParticipants(t *wtx, contractID int64, ps []*samspil.Participant) error {
	created, by := t.d.ts(t.now), nullID(t.actor)
	if t.d.name == DialectPostgres {
		for start := 0; start < len(ps); start += pgParticipantChunk {
			chunk := ps[start:min(start+pgParticipantChunk, len(ps))]
			ids := make([]int64, len(chunk))
			var names, dates, ages, benefits, bands []string
			for i, p := range chunk {
				ids[i] = p.ID
				names = append(names, p.Pseudonym)
				dates = append(dates, pbrDate(p.EnrolledOn))
				ages = append(ages, p.AgeBand)
				benefits = append(benefits, p.BenefitType)
				bands = append(bands, p.UnemploymentBand)
			}
			_, err := t.exec(`INSERT INTO pbr_participants (`+participantColumns+`)
				SELECT u.id, ?, u.pseudonym, u.enrolled_on, u.age_band, u.benefit_type, u.unemployment_band, ?, ?
				FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
				AS u (id, pseudonym, enrolled_on, age_band, benefit_type, unemployment_band)`,
				contractID, by, created, ids, names, dates, ages, benefits, bands)
			if err != nil {
				if isUniqueViolation(err) {
					return errPseudonymRace()
				}
				return internal("insert participants", err)
			}
		}
		return nil
	}
	b := newBatch(t, "pbr_participants", participantColumns)
	b.onUnique = errPseudonymRace
	for _, p := range ps {
		if err := b.add(p.ID, contractID, p.Pseudonym, pbrDate(p.EnrolledOn), p.AgeBand, p.BenefitType, p.UnemploymentBand, by, created); err != nil {
			return err
		}
	}
	return b.flush()
}

// pseudonymsOf returns the pseudonyms already enrolled in a contract.
func pseudonymsOf(c conn, contractID int64) (map[string]bool, error) {
	rows, err := c.query(`SELECT pseudonym FROM pbr_participants WHERE contract_id = ?`, contractID)
	if err != nil {
		return nil, internal("read pseudonyms", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, internal("read pseudonyms", err)
		}
		out[s] = true
	}
	if err := rows.Err(); err != nil {
		return nil, internal("read pseudonyms", err)
	}
	return out, nil
}

// validateParticipants checks every participant against the contract and
// the pseudonyms taken (those enrolled and those earlier in ps), and
// reports every problem at once with fields "participants.<i>.<field>".
func validateParticipants(k *samspil.OutcomeContract, ps []*samspil.Participant, taken map[string]bool, now time.Time) error {
	var v samspil.Validation
	seen := make(map[string]bool, len(ps))
	for i, p := range ps {
		prefix := "participants." + strconv.Itoa(i) + "."
		if p == nil {
			v.Add(prefix+"pseudonym", "pbr.participant.pseudonym_required", "give the participant a pseudonym", nil)
			continue
		}
		if !p.EnrolledOn.IsZero() {
			p.EnrolledOn = pbrDay(p.EnrolledOn)
		}
		err := p.Validate(k, now)
		if e, ok := samspil.AsError(err); ok && e.Code == samspil.EINVALID {
			for _, f := range e.Fields {
				f.Field = prefix + f.Field
				v.Add(f.Field, f.Key, f.Message, f.Args)
			}
		} else if err != nil {
			return err
		}
		field := prefix + "pseudonym"
		if p.Pseudonym != "" && !v.Has(field) {
			if taken[p.Pseudonym] || seen[p.Pseudonym] {
				v.Add(field, "pbr.participant.pseudonym_taken", "the pseudonym {{.Pseudonym}} is already used in the contract",
					map[string]any{"Pseudonym": p.Pseudonym})
			}
		}
		seen[p.Pseudonym] = true
	}
	return v.Err()
}

// FindParticipants returns one page of a contract's participants in
// pseudonym order (byte order on both databases) and the total; Query
// keeps the pseudonyms that start with it. EINVALID for a negative offset
// or limit.
func (d *DB) FindParticipants(ctx context.Context, f samspil.ParticipantFilter) ([]*samspil.Participant, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	where := []string{"p.contract_id = ?"}
	args := []any{f.ContractID}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "substr(p.pseudonym, 1, ?) = ?")
		args = append(args, utf8.RuneCountInString(q), q)
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM pbr_participants p`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count participants", err)
	}
	out := []*samspil.Participant{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	order := " ORDER BY p.pseudonym"
	if d.d.name == DialectPostgres {
		order += ` COLLATE "C"` // byte order, as SQLite sorts
	}
	rows, err := c.query(`SELECT `+pbrParticipantColumns+` FROM pbr_participants p`+cond+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find participants", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPbrParticipant(rows)
		if err != nil {
			return nil, 0, internal("find participants", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find participants", err)
	}
	return out, total, nil
}
