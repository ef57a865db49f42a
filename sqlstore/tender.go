package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// Tenders (issue 5): tenders holds one row per tender with its lots, extra
// CPV codes, social goals and award as JSON text; tender_cpv repeats every
// code for the CPV-group queries; tender_versions is the history (one OCDS
// release each); tender_clarifications the anonymous questions and
// tender_responses the suppliers' relation to each tender. Every change runs
// in one write transaction with its audit event, search-index update,
// version and notifications. Clarifications and responses are in
// tender_qa.go, reads and lists in tender_find.go.

// tenderLink is where a tender is shown; notifications point there.
func tenderLink(id int64) string { return fmt.Sprintf("/udbud/%d", id) }

// tenderColumns is what every tender query selects, in scanTender's order;
// "t" is the tender and "b" its buyer.
const tenderColumns = `t.id, t.buyer_id, b.name, b.municipality_code, t.title, t.description, t.procedure, t.main_cpv, t.cpv_codes,
	t.value_ore, t.lots, t.place_code, t.place_text, t.reservation, t.social_goals, t.social_criteria, t.published_at,
	t.questions_deadline, t.tender_deadline, t.expected_award, t.contract_start, t.contract_end, t.status, t.cancel_reason,
	t.award, t.version, t.created_by, t.created_at, t.updated_at`

const tenderFrom = ` FROM tenders t JOIN organisations b ON b.id = t.buyer_id`

// storedAward is the award as stored: TenderAward with the fields its JSON
// form hides (who awarded it).
type storedAward struct {
	samspil.TenderAward
	By int64 `json:"awarded_by,omitempty"`
}

func scanTender(s rowScanner) (*samspil.Tender, error) {
	t := &samspil.Tender{}
	var cpv, lots, goals, award string
	var by sql.NullInt64
	err := s.Scan(&t.ID, &t.BuyerID, &t.BuyerName, &t.BuyerMunicipality, &t.Title, &t.Description, &t.Procedure, &t.MainCPV, &cpv,
		&t.ValueOre, &lots, &t.PlaceCode, &t.PlaceText, &t.Reservation, &goals, &t.SocialCriteria, nullTimeScanner{&t.PublishedAt},
		timeScanner{&t.QuestionsDeadline}, timeScanner{&t.TenderDeadline}, timeScanner{&t.ExpectedAward}, timeScanner{&t.ContractStart},
		timeScanner{&t.ContractEnd}, &t.Status, &t.CancelReason, &award, &t.Version, &by, timeScanner{&t.CreatedAt}, timeScanner{&t.UpdatedAt})
	if err != nil {
		return nil, err
	}
	t.CreatedBy = by.Int64
	t.CPVCodes, t.Lots, t.SocialGoals = []string{}, []samspil.TenderLot{}, []string{}
	for _, x := range []struct {
		src string
		dst any
	}{{cpv, &t.CPVCodes}, {lots, &t.Lots}, {goals, &t.SocialGoals}} {
		if x.src == "" {
			continue
		}
		if err := json.Unmarshal([]byte(x.src), x.dst); err != nil {
			return nil, fmt.Errorf("tender %d: %w", t.ID, err)
		}
	}
	if award != "" {
		var a storedAward
		if err := json.Unmarshal([]byte(award), &a); err != nil {
			return nil, fmt.Errorf("award of tender %d: %w", t.ID, err)
		}
		a.TenderAward.AwardedBy = a.By
		t.Award = &a.TenderAward
	}
	return t, nil
}

func errTenderNotFound() error { return notFound("tender.not_found", "the tender does not exist") }

// fillAwardNames sets the award's supplier names from the current profiles.
func fillAwardNames(c conn, ts []*samspil.Tender) error {
	var ids []any
	for _, t := range ts {
		if t.Award != nil {
			for _, id := range t.Award.SupplierIDs {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	names := map[int64]string{}
	for start := 0; start < len(ids); start += idChunk {
		chunk := ids[start:min(start+idChunk, len(ids))]
		rows, err := c.query(`SELECT id, name FROM organisations WHERE id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return internal("award suppliers", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return internal("award suppliers", err)
			}
			names[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("award suppliers", err)
		}
	}
	for _, t := range ts {
		if t.Award == nil {
			continue
		}
		t.Award.SupplierNames = make([]string, len(t.Award.SupplierIDs))
		for i, id := range t.Award.SupplierIDs {
			t.Award.SupplierNames[i] = names[id]
		}
	}
	return nil
}

// findTender loads one tender. ENOTFOUND.
func findTender(c conn, id int64) (*samspil.Tender, error) {
	t, err := scanTender(c.queryRow(`SELECT `+tenderColumns+tenderFrom+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTenderNotFound()
	} else if err != nil {
		return nil, internal("find tender", err)
	}
	if err := fillAwardNames(c, []*samspil.Tender{t}); err != nil {
		return nil, err
	}
	return t, nil
}

// lockTender takes the tender's row lock on PostgreSQL (SQLite writers are
// serialised already) and returns the tender. ENOTFOUND.
func lockTender(t *wtx, id int64) (*samspil.Tender, error) {
	var x int64
	err := t.queryRow(`SELECT id FROM tenders WHERE id = ?`+t.d.forUpdate, id).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTenderNotFound()
	} else if err != nil {
		return nil, internal("lock tender", err)
	}
	return findTender(t.conn, id)
}

// tenderState is the ECONFLICT of a change from the wrong status.
func tenderState(key, msg string) error { return conflict("status", key, msg) }

func errTenderNotDraft() error {
	return tenderState("tender.not_draft", "the tender has been published; change it with an amendment")
}

func errTenderNotPublished() error {
	return tenderState("tender.not_published", "only a published tender can be changed this way")
}

func errTenderStale() error {
	return conflict("version", "tender.stale", "someone else changed the tender in the meantime; reload it and make your change again")
}

// jsonText marshals v for a JSON text column.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", internal("encode tender", err)
	}
	return string(b), nil
}

// tenderRow is the encoded form of the columns every save writes.
type tenderRow struct {
	cpv, lots, goals, award string
}

func encodeTender(t *samspil.Tender) (tenderRow, error) {
	var r tenderRow
	var err error
	if t.CPVCodes == nil {
		t.CPVCodes = []string{}
	}
	if t.Lots == nil {
		t.Lots = []samspil.TenderLot{}
	}
	if t.SocialGoals == nil {
		t.SocialGoals = []string{}
	}
	if r.cpv, err = jsonText(t.CPVCodes); err != nil {
		return r, err
	}
	if r.lots, err = jsonText(t.Lots); err != nil {
		return r, err
	}
	if r.goals, err = jsonText(t.SocialGoals); err != nil {
		return r, err
	}
	if t.Award != nil {
		a := storedAward{TenderAward: *t.Award, By: t.Award.AwardedBy}
		a.SupplierNames = nil
		if r.award, err = jsonText(a); err != nil {
			return r, err
		}
	}
	return r, nil
}

// writeTenderCPV replaces the tender_cpv rows of t.
func writeTenderCPV(t *wtx, x *samspil.Tender) error {
	if _, err := t.exec(`DELETE FROM tender_cpv WHERE tender_id = ?`, x.ID); err != nil {
		return internal("update tender cpv", err)
	}
	b := newBatch(t, "tender_cpv", "tender_id, code, position")
	seen := map[string]bool{}
	for i, c := range x.AllCPV() {
		if seen[c] {
			continue
		}
		seen[c] = true
		if err := b.add(x.ID, c, i); err != nil {
			return err
		}
	}
	return b.flush()
}

// saveTender writes every column of an existing tender.
func saveTender(t *wtx, x *samspil.Tender) error {
	r, err := encodeTender(x)
	if err != nil {
		return err
	}
	_, err = t.exec(`UPDATE tenders SET title = ?, title_key = ?, description = ?, procedure = ?, main_cpv = ?, cpv_codes = ?,
		value_ore = ?, lots = ?, place_code = ?, place_text = ?, reservation = ?, reserved = ?, social_goals = ?, social_criteria = ?,
		published_at = ?, questions_deadline = ?, tender_deadline = ?, expected_award = ?, contract_start = ?, contract_end = ?,
		status = ?, cancel_reason = ?, award = ?, version = ?, updated_at = ? WHERE id = ?`,
		x.Title, nameKey(x.Title), x.Description, string(x.Procedure), x.MainCPV, r.cpv,
		x.ValueOre, r.lots, x.PlaceCode, x.PlaceText, string(x.Reservation), x.Reserved(), r.goals, x.SocialCriteria,
		t.d.tsPtr(x.PublishedAt), t.d.ts(x.QuestionsDeadline), t.d.ts(x.TenderDeadline), t.d.ts(x.ExpectedAward),
		t.d.ts(x.ContractStart), t.d.ts(x.ContractEnd), string(x.Status), x.CancelReason, r.award, x.Version, t.d.ts(x.UpdatedAt), x.ID)
	if err != nil {
		if isForeignKeyViolation(err) {
			return invalid("place_code", "tender.place.invalid", "choose the municipality where the work is done")
		}
		return internal("update tender", err)
	}
	return writeTenderCPV(t, x)
}

// validateTender runs the domain rules with the store's catalogue.
func (d *DB) validateTender(x *samspil.Tender, now time.Time) error {
	return x.Validate(d.opts.Catalog, now)
}

// tenderAudit is what the audit log records about a tender change.
type tenderAudit struct {
	Status  samspil.TenderStatus `json:"status"`
	Version int                  `json:"version"`
	Title   string               `json:"title,omitempty"`
	Note    string               `json:"note,omitempty"`
}

// CreateTender validates x and stores it as a draft (version 1) of its
// buyer. ENOTFOUND for an unknown buyer, EINVALID tender.buyer.kind when
// the buyer is not a municipality, EINVALID for a bad tender.
func (d *DB) CreateTender(ctx context.Context, x *samspil.Tender) error {
	err := d.write(ctx, func(t *wtx) error {
		buyer, err := findOrganisation(t.conn, "o.id = ?", "", x.BuyerID)
		if err != nil {
			return err
		}
		if buyer.Kind != samspil.OrgKommune {
			return invalid("buyer_id", "tender.buyer.kind", "only a municipality can publish tenders")
		}
		if err := d.validateTender(x, t.now); err != nil {
			return err
		}
		x.BuyerName, x.BuyerMunicipality = buyer.Name, buyer.MunicipalityCode
		x.Status, x.CancelReason, x.Award, x.PublishedAt, x.Version = samspil.TenderDraft, "", nil, nil, 1
		x.CreatedBy, x.CreatedAt, x.UpdatedAt = t.actor, t.now, t.now
		r, err := encodeTender(x)
		if err != nil {
			return err
		}
		id, err := t.insertID(`INSERT INTO tenders (buyer_id, title, title_key, description, procedure, main_cpv, cpv_codes, value_ore,
			lots, place_code, place_text, reservation, reserved, social_goals, social_criteria, published_at, questions_deadline,
			tender_deadline, expected_award, contract_start, contract_end, status, cancel_reason, award, version, created_by,
			created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?)`,
			x.BuyerID, x.Title, nameKey(x.Title), x.Description, string(x.Procedure), x.MainCPV, r.cpv, x.ValueOre,
			r.lots, x.PlaceCode, x.PlaceText, string(x.Reservation), x.Reserved(), r.goals, x.SocialCriteria,
			t.d.ts(x.QuestionsDeadline), t.d.ts(x.TenderDeadline), t.d.ts(x.ExpectedAward), t.d.ts(x.ContractStart), t.d.ts(x.ContractEnd),
			string(x.Status), x.Version, nullID(x.CreatedBy), t.d.ts(x.CreatedAt), t.d.ts(x.UpdatedAt))
		if err != nil {
			if isForeignKeyViolation(err) {
				return invalid("place_code", "tender.place.invalid", "choose the municipality where the work is done")
			}
			return internal("insert tender", err)
		}
		x.ID = id
		if err := writeTenderCPV(t, x); err != nil {
			return err
		}
		return t.audit("tender.create", "tender", id, nil, tenderAudit{Status: x.Status, Version: x.Version, Title: x.Title})
	})
	if err != nil {
		x.ID = 0
	}
	return err
}

// keepTenderFields copies what an edit may not change from old to x.
func keepTenderFields(x, old *samspil.Tender) {
	x.ID, x.BuyerID, x.BuyerName, x.BuyerMunicipality = old.ID, old.BuyerID, old.BuyerName, old.BuyerMunicipality
	x.Status, x.CancelReason, x.Award, x.PublishedAt = old.Status, old.CancelReason, old.Award, old.PublishedAt
	x.CreatedBy, x.CreatedAt = old.CreatedBy, old.CreatedAt
}

// UpdateTender saves a draft. ENOTFOUND, EINVALID, ECONFLICT tender.not_draft
// (published: amend it instead) and tender.stale (x.Version is not the
// stored version). On success x.Version is the new version.
func (d *DB) UpdateTender(ctx context.Context, x *samspil.Tender) error {
	return d.write(ctx, func(t *wtx) error {
		y, old, err := d.reviseTender(t, x, samspil.TenderDraft, errTenderNotDraft)
		if err != nil {
			return err
		}
		if err := t.audit("tender.update", "tender", y.ID, tenderAudit{Status: old.Status, Version: old.Version, Title: old.Title},
			tenderAudit{Status: y.Status, Version: y.Version, Title: y.Title}); err != nil {
			return err
		}
		*x = y
		return nil
	})
}

// reviseTender is what saving a draft and amending a published tender
// share: lock the stored tender, check its status and version, keep the
// fields a form cannot change, validate, and save x as the next version.
func (d *DB) reviseTender(t *wtx, x *samspil.Tender, status samspil.TenderStatus, wrongStatus func() error) (samspil.Tender, *samspil.Tender, error) {
	old, err := lockTender(t, x.ID)
	if err != nil {
		return samspil.Tender{}, nil, err
	}
	if old.Status != status {
		return samspil.Tender{}, nil, wrongStatus()
	}
	if x.Version != old.Version {
		return samspil.Tender{}, nil, errTenderStale()
	}
	y := *x
	keepTenderFields(&y, old)
	if err := d.validateTender(&y, t.now); err != nil {
		return samspil.Tender{}, nil, err
	}
	y.Version, y.UpdatedAt = old.Version+1, t.now
	if err := saveTender(t, &y); err != nil {
		return samspil.Tender{}, nil, err
	}
	return y, old, nil
}

// recordVersion appends the tender's next history entry with a snapshot of
// x and of its answered clarifications as they are now.
func recordVersion(t *wtx, x *samspil.Tender, kind samspil.VersionKind, note string) (*samspil.TenderVersion, error) {
	var seq int
	if err := t.queryRow(`SELECT COALESCE(MAX(seq), 0) FROM tender_versions WHERE tender_id = ?`, x.ID).Scan(&seq); err != nil {
		return nil, internal("tender version", err)
	}
	cs, err := findClarifications(t.conn, x.ID, false)
	if err != nil {
		return nil, err
	}
	snap := *x
	v := &samspil.TenderVersion{TenderID: x.ID, Seq: seq + 1, Kind: kind, At: t.now, Note: note, Tender: &snap, By: t.actor}
	for _, c := range cs {
		v.Clarifications = append(v.Clarifications, *c)
	}
	b, err := json.Marshal(versionSnapshot{Tender: v.Tender, Clarifications: v.Clarifications})
	if err != nil {
		return nil, internal("encode tender version", err)
	}
	_, err = t.exec(`INSERT INTO tender_versions (tender_id, seq, kind, at, note, snapshot, by_user) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		v.TenderID, v.Seq, string(v.Kind), t.d.ts(v.At), v.Note, string(b), nullID(v.By))
	if err != nil {
		return nil, internal("insert tender version", err)
	}
	return v, nil
}

// versionSnapshot is the JSON of a version's snapshot column.
type versionSnapshot struct {
	Tender         *samspil.Tender         `json:"tender"`
	Clarifications []samspil.Clarification `json:"clarifications,omitempty"`
}

// tenderArgs are the arguments every tender notification carries.
func tenderArgs(x *samspil.Tender, note string) map[string]string {
	args := map[string]string{"Tender": x.Title, "Buyer": x.BuyerName}
	if note != "" {
		args["Note"] = note
	}
	return args
}

// activeMembers returns the active members of the organisations, each once.
func activeMembers(c conn, orgIDs []int64) ([]int64, error) {
	var users []int64
	seen := map[int64]bool{}
	for start := 0; start < len(orgIDs); start += idChunk {
		chunk := orgIDs[start:min(start+idChunk, len(orgIDs))]
		args := []any{string(samspil.MembershipActive)}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := c.query(`SELECT user_id FROM memberships WHERE status = ? AND organisation_id IN (`+placeholders(len(chunk))+`)
			ORDER BY user_id`, args...)
		if err != nil {
			return nil, internal("find members to notify", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, internal("find members to notify", err)
			}
			if !seen[id] {
				seen[id] = true
				users = append(users, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("find members to notify", err)
		}
	}
	return users, nil
}

// tenderFollowers returns the people who follow the tender.
func tenderFollowers(c conn, id int64) ([]int64, error) {
	rows, err := c.query(`SELECT user_id FROM follows WHERE kind = ? AND key = ? ORDER BY user_id`, string(samspil.FollowTender), fmt.Sprint(id))
	if err != nil {
		return nil, internal("find tender followers", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			return nil, internal("find tender followers", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find tender followers", err)
	}
	return out, nil
}

// respondentOrgs returns the organisations whose response to the tender
// is in one of states.
func respondentOrgs(c conn, tenderID int64, states ...samspil.ResponseState) ([]int64, error) {
	args := []any{tenderID}
	for _, s := range states {
		args = append(args, string(s))
	}
	rows, err := c.query(`SELECT organisation_id FROM tender_responses WHERE tender_id = ? AND state IN (`+placeholders(len(states))+`)
		ORDER BY organisation_id`, args...)
	if err != nil {
		return nil, internal("find tender respondents", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, internal("find tender respondents", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find tender respondents", err)
	}
	return out, nil
}

// notifyInterested tells the members of the organisations that opened the
// tender or registered interest, and the tender's followers, each person
// once.
func notifyInterested(t *wtx, x *samspil.Tender, kind samspil.NotificationKind, args map[string]string) error {
	orgs, err := respondentOrgs(t.conn, x.ID, samspil.ResponseOpened, samspil.ResponseInterested)
	if err != nil {
		return err
	}
	users, err := activeMembers(t.conn, orgs)
	if err != nil {
		return err
	}
	followers, err := tenderFollowers(t.conn, x.ID)
	if err != nil {
		return err
	}
	n := newNotifier(t)
	if err := n.users(append(users, followers...), kind, args, tenderLink(x.ID)); err != nil {
		return err
	}
	return n.flush()
}

// PublishTender makes a draft public, records version 1, indexes it and
// notifies the matching suppliers (recorded as notified responses), in one
// transaction. ENOTFOUND, ECONFLICT tender.not_draft, EINVALID
// tender.date.questions_past and any rule of Tender.Validate.
func (d *DB) PublishTender(ctx context.Context, id int64) (*samspil.Tender, error) {
	var out *samspil.Tender
	err := d.write(ctx, func(t *wtx) error {
		x, err := lockTender(t, id)
		if err != nil {
			return err
		}
		if x.Status != samspil.TenderDraft {
			return errTenderNotDraft()
		}
		if !x.QuestionsDeadline.After(t.now) {
			return invalid("questions_deadline", "tender.date.questions_past", "the deadline for questions has passed; move the dates before publishing")
		}
		if err := d.validateTender(x, t.now); err != nil {
			return err
		}
		now := t.now
		x.Status, x.PublishedAt, x.Version, x.UpdatedAt = samspil.TenderPublished, &now, x.Version+1, now
		if err := saveTender(t, x); err != nil {
			return err
		}
		if _, err := recordVersion(t, x, samspil.VersionPublished, ""); err != nil {
			return err
		}
		if err := t.indexTender(x); err != nil {
			return err
		}
		if err := d.notifyRecipients(ctx, t, x); err != nil {
			return err
		}
		if err := t.audit("tender.publish", "tender", id, tenderAudit{Status: samspil.TenderDraft},
			tenderAudit{Status: x.Status, Version: x.Version}); err != nil {
			return err
		}
		out = x
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AmendTender changes a published tender, records a VersionAmended with
// the note and notifies those who opened it or showed interest and its
// followers. EINVALID tender.amend.note, ENOTFOUND, ECONFLICT
// tender.not_published and tender.stale, EINVALID for a bad tender.
func (d *DB) AmendTender(ctx context.Context, x *samspil.Tender, note string) error {
	note = strings.TrimSpace(note)
	switch {
	case note == "":
		return invalid("note", "tender.amend.note", "say what the amendment changes and why")
	case utf8.RuneCountInString(note) > samspil.MaxJustification:
		return invalidArgs("note", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxJustification})
	}
	return d.write(ctx, func(t *wtx) error {
		y, old, err := d.reviseTender(t, x, samspil.TenderPublished, errTenderNotPublished)
		if err != nil {
			return err
		}
		if _, err := recordVersion(t, &y, samspil.VersionAmended, note); err != nil {
			return err
		}
		if err := t.indexTender(&y); err != nil {
			return err
		}
		if err := notifyInterested(t, &y, samspil.NoteTenderAmended, tenderArgs(&y, note)); err != nil {
			return err
		}
		if err := t.audit("tender.amend", "tender", y.ID, tenderAudit{Status: old.Status, Version: old.Version, Title: old.Title},
			tenderAudit{Status: y.Status, Version: y.Version, Title: y.Title, Note: note}); err != nil {
			return err
		}
		*x = y
		return nil
	})
}

// CancelTender cancels a draft or published tender with a reason. A
// published one gets a VersionCancelled, leaves the search and its
// interested parties and followers are told. EINVALID
// tender.cancel.reason, ENOTFOUND, ECONFLICT tender.not_cancellable.
func (d *DB) CancelTender(ctx context.Context, id int64, reason string) (*samspil.Tender, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, invalid("reason", "tender.cancel.reason", "say why the tender is cancelled")
	case utf8.RuneCountInString(reason) > samspil.MaxJustification:
		return nil, invalidArgs("reason", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxJustification})
	}
	var out *samspil.Tender
	err := d.write(ctx, func(t *wtx) error {
		x, err := lockTender(t, id)
		if err != nil {
			return err
		}
		before := x.Status
		if before != samspil.TenderDraft && before != samspil.TenderPublished {
			return tenderState("tender.not_cancellable", "only a draft or a published tender can be cancelled")
		}
		x.Status, x.CancelReason, x.Version, x.UpdatedAt = samspil.TenderCancelled, reason, x.Version+1, t.now
		if err := saveTender(t, x); err != nil {
			return err
		}
		if before == samspil.TenderPublished {
			if _, err := recordVersion(t, x, samspil.VersionCancelled, reason); err != nil {
				return err
			}
			if err := notifyInterested(t, x, samspil.NoteTenderCancelled, tenderArgs(x, reason)); err != nil {
				return err
			}
		}
		if err := t.indexTender(x); err != nil {
			return err
		}
		if err := t.audit("tender.cancel", "tender", id, tenderAudit{Status: before}, tenderAudit{Status: x.Status, Version: x.Version, Note: reason}); err != nil {
			return err
		}
		out = x
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AwardTender records the award on a published tender whose deadline has
// passed, creates the partnership (buyer "koeber", suppliers
// "leverandoer", status aftalt), records VersionAwarded and notifies the
// suppliers, all in one transaction. ENOTFOUND (tender or a supplier),
// ECONFLICT tender.not_published, EINVALID tender.award.too_early and the
// rules of TenderAward.Validate.
func (d *DB) AwardTender(ctx context.Context, id int64, a *samspil.TenderAward) (*samspil.Tender, *samspil.Partnership, error) {
	var out *samspil.Tender
	var p *samspil.Partnership
	err := d.write(ctx, func(t *wtx) error {
		x, err := lockTender(t, id)
		if err != nil {
			return err
		}
		if x.Status != samspil.TenderPublished {
			return errTenderNotPublished()
		}
		if t.now.Before(x.TenderDeadline) {
			return invalid("tender_deadline", "tender.award.too_early", "a tender can only be awarded after the deadline for tenders")
		}
		aw := *a
		aw.SupplierIDs = append([]int64(nil), a.SupplierIDs...)
		if err := aw.Validate(x); err != nil {
			return err
		}
		names := make([]string, len(aw.SupplierIDs))
		for i, sid := range aw.SupplierIDs {
			if err := t.queryRow(`SELECT name FROM organisations WHERE id = ?`, sid).Scan(&names[i]); errors.Is(err, sql.ErrNoRows) {
				return &samspil.Error{Code: samspil.ENOTFOUND, Key: "org.not_found", Message: "the organisation does not exist",
					Args: map[string]any{"ID": sid}, Fields: []samspil.FieldError{{Field: "suppliers", Key: "org.not_found", Message: "the organisation does not exist"}}}
			} else if err != nil {
				return internal("find award supplier", err)
			}
		}
		aw.SupplierNames, aw.AwardedAt, aw.AwardedBy, aw.PartnershipID = names, t.now, t.actor, nil
		tid := x.ID
		p = &samspil.Partnership{Title: x.Title, Model: x.Procedure.Model(), Status: samspil.PartnershipAgreed, TenderID: &tid,
			Parties: []samspil.PartnershipParty{{OrganisationID: x.BuyerID, Role: "koeber"}}}
		for _, sid := range aw.SupplierIDs {
			p.Parties = append(p.Parties, samspil.PartnershipParty{OrganisationID: sid, Role: "leverandoer"})
		}
		if err := insertPartnership(t, p); err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE partnerships SET tender_id = ? WHERE id = ?`, x.ID, p.ID); err != nil {
			return internal("link partnership to tender", err)
		}
		pid := p.ID
		aw.PartnershipID = &pid
		x.Award, x.Status, x.Version, x.UpdatedAt = &aw, samspil.TenderAwarded, x.Version+1, t.now
		if err := saveTender(t, x); err != nil {
			return err
		}
		if _, err := recordVersion(t, x, samspil.VersionAwarded, ""); err != nil {
			return err
		}
		if err := t.indexTender(x); err != nil {
			return err
		}
		users, err := activeMembers(t.conn, aw.SupplierIDs)
		if err != nil {
			return err
		}
		n := newNotifier(t)
		if err := n.users(users, samspil.NoteTenderAwarded, tenderArgs(x, ""), tenderLink(x.ID)); err != nil {
			return err
		}
		if err := n.flush(); err != nil {
			return err
		}
		if err := t.audit("tender.award", "tender", id, tenderAudit{Status: samspil.TenderPublished},
			map[string]any{"status": x.Status, "version": x.Version, "suppliers": aw.SupplierIDs, "value_ore": aw.ValueOre, "partnership_id": pid}); err != nil {
			return err
		}
		if p, err = findPartnership(t.conn, pid); err != nil {
			return err
		}
		out = x
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, p, nil
}
