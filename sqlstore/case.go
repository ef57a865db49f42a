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
	"github.com/samspil/samspil/textsearch"
)

// The case library: cases holds one row per case, case_partners,
// case_results and case_target_groups its lists in form order, and the
// shared attachments table its files. Every state change runs in one
// write transaction with its audit event, its search-index update and its
// notifications.

// caseLink is where a case is shown; notifications point there.
func caseLink(id int64) string { return fmt.Sprintf("/erfaringer/%d", id) }

// maxReviewNote bounds the secretariat's note when it returns a case.
const maxReviewNote = 4000

// caseColumns is what every case query selects, in scanCase's order; "c"
// is the case and "og" its organisation.
const caseColumns = `c.id, c.organisation_id, og.name, c.title, c.summary, c.model, c.municipality_code,
	c.period_start, c.period_end, c.what_was_done, c.economy, c.value_ore, c.worked_well, c.worked_less,
	c.contact_name, c.contact_email, c.contact_phone, c.partnership_id, c.status, c.review_note,
	c.created_by, c.created_at, c.updated_at, c.submitted_at, c.published_at`

const caseFrom = ` FROM cases c JOIN organisations og ON og.id = c.organisation_id`

func scanCase(s rowScanner) (*samspil.Case, error) {
	c := &samspil.Case{}
	var model, status string
	var partnership, by sql.NullInt64
	err := s.Scan(&c.ID, &c.OrganisationID, &c.OrganisationName, &c.Title, &c.Summary, &model, &c.MunicipalityCode,
		nullTimeScanner{&c.PeriodStart}, nullTimeScanner{&c.PeriodEnd}, &c.WhatWasDone, &c.Economy, &c.ValueOre,
		&c.WorkedWell, &c.WorkedLess, &c.ContactName, &c.ContactEmail, &c.ContactPhone, &partnership, &status,
		&c.ReviewNote, &by, timeScanner{&c.CreatedAt}, timeScanner{&c.UpdatedAt}, nullTimeScanner{&c.SubmittedAt},
		nullTimeScanner{&c.PublishedAt})
	if err != nil {
		return nil, err
	}
	c.Model, c.Status, c.CreatedBy = samspil.CollaborationModel(model), samspil.CaseStatus(status), by.Int64
	if partnership.Valid {
		id := partnership.Int64
		c.PartnershipID = &id
	}
	c.Partners, c.Results, c.TargetGroups, c.Attachments = []samspil.CasePartner{}, []samspil.CaseResult{}, []string{}, []*samspil.Attachment{}
	return c, nil
}

func errCaseNotFound() error { return notFound("case.not_found", "the case does not exist") }

// caseState is the ECONFLICT of a state change from the wrong status.
func caseState(key, msg string) error { return conflict("status", key, msg) }

// loadCaseLists fills partners, results and target groups of cases, one
// query per child table for the whole list.
func loadCaseLists(c conn, cases []*samspil.Case) error {
	if len(cases) == 0 {
		return nil
	}
	byID := make(map[int64]*samspil.Case, len(cases))
	ids := make([]any, 0, len(cases))
	for _, x := range cases {
		if byID[x.ID] == nil {
			ids = append(ids, x.ID)
		}
		byID[x.ID] = x
	}
	in := placeholders(len(ids))
	each := func(what, q string, scan func(rows *sql.Rows) error) error {
		rows, err := c.query(q, ids...)
		if err != nil {
			return internal("load "+what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return internal("load "+what, err)
			}
		}
		if err := rows.Err(); err != nil {
			return internal("load "+what, err)
		}
		return nil
	}
	// A linked partner shows its profile's current name.
	err := each("case partners", `SELECT p.case_id, p.organisation_id, COALESCE(o.name, p.name), p.role
		FROM case_partners p LEFT JOIN organisations o ON o.id = p.organisation_id
		WHERE p.case_id IN (`+in+`) ORDER BY p.case_id, p.position`, func(rows *sql.Rows) error {
		var id int64
		var org sql.NullInt64
		var p samspil.CasePartner
		if err := rows.Scan(&id, &org, &p.Name, &p.Role); err != nil {
			return err
		}
		if org.Valid {
			o := org.Int64
			p.OrganisationID = &o
		}
		if x := byID[id]; x != nil {
			x.Partners = append(x.Partners, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = each("case results", `SELECT case_id, metric, value, unit, period FROM case_results
		WHERE case_id IN (`+in+`) ORDER BY case_id, position`, func(rows *sql.Rows) error {
		var id int64
		var r samspil.CaseResult
		if err := rows.Scan(&id, &r.Metric, &r.Value, &r.Unit, &r.Period); err != nil {
			return err
		}
		if x := byID[id]; x != nil {
			x.Results = append(x.Results, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return each("case target groups", `SELECT case_id, code FROM case_target_groups
		WHERE case_id IN (`+in+`) ORDER BY case_id, position`, func(rows *sql.Rows) error {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		if x := byID[id]; x != nil {
			x.TargetGroups = append(x.TargetGroups, code)
		}
		return nil
	})
}

// findCase loads one case with its lists (not its attachments). ENOTFOUND.
func findCase(c conn, id int64) (*samspil.Case, error) {
	x, err := scanCase(c.queryRow(`SELECT `+caseColumns+caseFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCaseNotFound()
	} else if err != nil {
		return nil, internal("find case", err)
	}
	if err := loadCaseLists(c, []*samspil.Case{x}); err != nil {
		return nil, err
	}
	return x, nil
}

// findCases loads whole cases by id, in the order of ids.
func findCases(c conn, ids []int64) ([]*samspil.Case, error) {
	out := make([]*samspil.Case, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.query(`SELECT `+caseColumns+caseFrom+` WHERE c.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, internal("find cases", err)
	}
	byID := make(map[int64]*samspil.Case, len(ids))
	for rows.Next() {
		x, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, internal("find cases", err)
		}
		byID[x.ID] = x
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal("find cases", err)
	}
	for _, id := range ids {
		if x := byID[id]; x != nil {
			out = append(out, x)
		}
	}
	if err := loadCaseLists(c, out); err != nil {
		return nil, err
	}
	return out, nil
}

// lockCase takes the case's row lock on PostgreSQL (SQLite writers are
// serialised already) and returns the case. ENOTFOUND.
func lockCase(t *wtx, id int64) (*samspil.Case, error) {
	var x int64
	err := t.queryRow(`SELECT id FROM cases WHERE id = ?`+t.d.forUpdate, id).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCaseNotFound()
	} else if err != nil {
		return nil, internal("lock case", err)
	}
	return findCase(t.conn, id)
}

// FindCaseByID returns the case with its lists and attachments. ENOTFOUND.
func (d *DB) FindCaseByID(ctx context.Context, id int64) (*samspil.Case, error) {
	c := d.read(ctx)
	x, err := findCase(c, id)
	if err != nil {
		return nil, err
	}
	if x.Attachments, err = findAttachments(c, samspil.OwnerCase, id); err != nil {
		return nil, err
	}
	return x, nil
}

// FindCases returns one page of cases and the total. Without Statuses only
// published cases are listed. Query is matched by the platform search
// index, which holds published cases only. EINVALID for a negative offset
// or limit, an unknown sort or a too long query.
func (d *DB) FindCases(ctx context.Context, f samspil.CaseFilter) ([]*samspil.Case, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []samspil.CaseStatus{samspil.CasePublished}
	}
	var order string
	switch f.Sort {
	case "", "newest":
		order = "COALESCE(c.published_at, c.updated_at) DESC, c.id DESC"
		if len(statuses) == 1 && statuses[0] == samspil.CasePublished {
			order = "c.published_at DESC, c.id DESC" // straight from cases_status_published_idx
		}
	case "title":
		order = "c.title_key, c.id"
	default:
		return nil, 0, invalid("sort", "case.sort.invalid", "unknown sort order")
	}
	where := []string{"c.status IN (" + placeholders(len(statuses)) + ")"}
	var args []any
	for _, s := range statuses {
		args = append(args, string(s))
	}
	if f.Model != "" {
		where = append(where, "c.model = ?")
		args = append(args, string(f.Model))
	}
	if f.MunicipalityCode != "" {
		where = append(where, "c.municipality_code = ?")
		args = append(args, f.MunicipalityCode)
	}
	if f.OrganisationID != 0 {
		where = append(where, "c.organisation_id = ?")
		args = append(args, f.OrganisationID)
	}
	if f.TargetGroup != "" {
		where = append(where, "EXISTS (SELECT 1 FROM case_target_groups g WHERE g.case_id = c.id AND g.code = ?)")
		args = append(args, f.TargetGroup)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if utf8.RuneCountInString(q) > samspil.MaxQueryLen {
			return nil, 0, invalidArgs("q", "search.query.too_long", "the search text is too long", map[string]any{"Max": samspil.MaxQueryLen})
		}
		if cond, cargs := d.caseTextCond(q); cond != "" {
			where = append(where, cond)
			args = append(args, cargs...)
		}
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM cases c`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count cases", err)
	}
	out := []*samspil.Case{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT c.id FROM cases c`+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find cases", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, internal("find cases", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find cases", err)
	}
	out, err = findCases(c, ids)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// caseTextCond is the condition that a case's search document matches q
// (the same Danish analysis, stems and prefixes as the platform search),
// or "" when q has no searchable word.
func (d *DB) caseTextCond(q string) (string, []any) {
	parsed := textsearch.Parse(q)
	if parsed.Empty() {
		return "", nil
	}
	cls := []clause{facetClause(facetType, []string{string(samspil.SearchCase)})}
	for _, t := range parsed.Terms {
		cls = append(cls, termClause(t, ""))
	}
	match, margs := d.d.matchCond(cls, 0)
	return "c.id IN (SELECT d.ref_id FROM search_docs d WHERE d.doc_type = ? AND " + match + ")",
		append([]any{string(samspil.SearchCase)}, margs...)
}

// invalidArgs is invalid with message arguments.
func invalidArgs(field, key, msg string, args map[string]any) error {
	var v samspil.Validation
	v.Add(field, key, msg, args)
	return v.Err()
}

// validateCase runs the domain rules and checks target groups, linked
// partners and the partnership against the tables. Unknown linked
// organisations and partnerships are ENOTFOUND, as documented.
func (d *DB) validateCase(c conn, x *samspil.Case) error {
	var v samspil.Validation
	if err := x.Validate(d.opts.Catalog); !v.Merge(err) {
		return err
	}
	if x.Partners == nil {
		x.Partners = []samspil.CasePartner{}
	}
	if x.Results == nil {
		x.Results = []samspil.CaseResult{}
	}
	if x.TargetGroups == nil {
		x.TargetGroups = []string{}
	}
	if len(x.TargetGroups) > 0 {
		groups, err := targetGroupCodes(c)
		if err != nil {
			return err
		}
		for _, g := range x.TargetGroups {
			if !groups[g] {
				v.Add("target_groups", "case.target_group.unknown", "unknown target group", map[string]any{"Code": g})
				break
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	for i, p := range x.Partners {
		if p.OrganisationID == nil {
			continue
		}
		var name string
		err := c.queryRow(`SELECT name FROM organisations WHERE id = ?`, *p.OrganisationID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return &samspil.Error{Code: samspil.ENOTFOUND, Key: "case.partner.not_found", Message: "a linked partner organisation does not exist",
				Args: map[string]any{"ID": *p.OrganisationID}, Fields: []samspil.FieldError{{Field: "partners", Key: "case.partner.not_found", Message: "a linked partner organisation does not exist"}}}
		} else if err != nil {
			return internal("find case partner", err)
		}
		x.Partners[i].Name = name // the profile's name wins
	}
	if x.PartnershipID != nil {
		var id int64
		err := c.queryRow(`SELECT id FROM partnerships WHERE id = ?`, *x.PartnershipID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("partnership.not_found", "the partnership does not exist")
		} else if err != nil {
			return internal("find partnership", err)
		}
	}
	return nil
}

// writeCaseLists writes the child rows of x, replacing the old ones.
func writeCaseLists(t *wtx, x *samspil.Case, replace bool) error {
	if replace {
		for _, table := range []string{"case_partners", "case_results", "case_target_groups"} {
			if _, err := t.exec(`DELETE FROM `+table+` WHERE case_id = ?`, x.ID); err != nil {
				return internal("update "+table, err)
			}
		}
	}
	b := newBatch(t, "case_partners", "case_id, position, organisation_id, name, role")
	for i, p := range x.Partners {
		var org any
		if p.OrganisationID != nil {
			org = *p.OrganisationID
		}
		if err := b.add(x.ID, i, org, p.Name, p.Role); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	b = newBatch(t, "case_results", "case_id, position, metric, value, unit, period")
	for i, r := range x.Results {
		if err := b.add(x.ID, i, r.Metric, r.Value, r.Unit, r.Period); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	b = newBatch(t, "case_target_groups", "case_id, code, position")
	for i, g := range x.TargetGroups {
		if err := b.add(x.ID, g, i); err != nil {
			return err
		}
	}
	return b.flush()
}

// optID is an optional id as a query argument.
func optID(id *int64) any {
	if id == nil {
		return nil
	}
	return *id
}

// CreateCase stores c as a draft owned by c.OrganisationID. EINVALID,
// ENOTFOUND for an unknown organisation, linked partner or partnership.
func (d *DB) CreateCase(ctx context.Context, c *samspil.Case) error {
	err := d.write(ctx, func(t *wtx) error {
		org, err := findOrganisation(t.conn, "o.id = ?", "", c.OrganisationID)
		if err != nil {
			return err
		}
		c.Status, c.ReviewNote = samspil.CaseDraft, ""
		if err := d.validateCase(t.conn, c); err != nil {
			return err
		}
		c.OrganisationName = org.Name
		if t.actor != 0 {
			c.CreatedBy = t.actor
		}
		c.CreatedAt, c.UpdatedAt, c.SubmittedAt, c.PublishedAt = t.now, t.now, nil, nil
		c.Attachments = []*samspil.Attachment{}
		id, err := t.insertID(`INSERT INTO cases (organisation_id, title, title_key, summary, model, municipality_code,
			period_start, period_end, what_was_done, economy, value_ore, worked_well, worked_less,
			contact_name, contact_email, contact_phone, partnership_id, status, review_note,
			created_by, created_at, updated_at, submitted_at, published_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
			c.OrganisationID, c.Title, nameKey(c.Title), c.Summary, string(c.Model), c.MunicipalityCode,
			t.d.tsPtr(c.PeriodStart), t.d.tsPtr(c.PeriodEnd), c.WhatWasDone, c.Economy, c.ValueOre, c.WorkedWell, c.WorkedLess,
			c.ContactName, c.ContactEmail, c.ContactPhone, optID(c.PartnershipID), string(c.Status), c.ReviewNote,
			nullID(c.CreatedBy), t.d.ts(c.CreatedAt), t.d.ts(c.UpdatedAt))
		if err != nil {
			if isForeignKeyViolation(err) {
				return invalid("municipality_code", "org.municipality.unknown", "unknown municipality code")
			}
			return internal("insert case", err)
		}
		c.ID = id
		if err := writeCaseLists(t, c, false); err != nil {
			return err
		}
		return t.audit("case.create", "case", c.ID, nil, c)
	})
	if err != nil {
		c.ID = 0
	}
	return err
}

// UpdateCase replaces the editable fields of a draft; owner, status,
// review note and dates stay. ENOTFOUND, EINVALID, ECONFLICT (case.not_draft).
func (d *DB) UpdateCase(ctx context.Context, id int64, c *samspil.Case) (*samspil.Case, error) {
	var out *samspil.Case
	err := d.write(ctx, func(t *wtx) error {
		old, err := lockCase(t, id)
		if err != nil {
			return err
		}
		if old.Status != samspil.CaseDraft {
			return caseState("case.not_draft", "only a draft can be changed; withdraw the case first")
		}
		x := *c
		x.ID, x.OrganisationID, x.OrganisationName = old.ID, old.OrganisationID, old.OrganisationName
		x.Status, x.ReviewNote, x.CreatedBy = old.Status, old.ReviewNote, old.CreatedBy
		x.CreatedAt, x.SubmittedAt, x.PublishedAt = old.CreatedAt, old.SubmittedAt, old.PublishedAt
		x.Partners = append([]samspil.CasePartner{}, c.Partners...)
		x.Results = append([]samspil.CaseResult{}, c.Results...)
		x.TargetGroups = append([]string{}, c.TargetGroups...)
		if err := d.validateCase(t.conn, &x); err != nil {
			return err
		}
		x.UpdatedAt = t.now
		_, err = t.exec(`UPDATE cases SET title = ?, title_key = ?, summary = ?, model = ?, municipality_code = ?,
			period_start = ?, period_end = ?, what_was_done = ?, economy = ?, value_ore = ?, worked_well = ?, worked_less = ?,
			contact_name = ?, contact_email = ?, contact_phone = ?, partnership_id = ?, updated_at = ? WHERE id = ?`,
			x.Title, nameKey(x.Title), x.Summary, string(x.Model), x.MunicipalityCode,
			t.d.tsPtr(x.PeriodStart), t.d.tsPtr(x.PeriodEnd), x.WhatWasDone, x.Economy, x.ValueOre, x.WorkedWell, x.WorkedLess,
			x.ContactName, x.ContactEmail, x.ContactPhone, optID(x.PartnershipID), t.d.ts(x.UpdatedAt), id)
		if err != nil {
			if isForeignKeyViolation(err) {
				return invalid("municipality_code", "org.municipality.unknown", "unknown municipality code")
			}
			return internal("update case", err)
		}
		if err := writeCaseLists(t, &x, true); err != nil {
			return err
		}
		if err := t.audit("case.update", "case", id, old, &x); err != nil {
			return err
		}
		if x.Attachments, err = findAttachments(t.conn, samspil.OwnerCase, id); err != nil {
			return err
		}
		out = &x
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setCaseStatus stores a state change of x (already applied to x) with
// its audit event and search-index update.
func setCaseStatus(t *wtx, x *samspil.Case, action string, before samspil.CaseStatus) error {
	x.UpdatedAt = t.now
	_, err := t.exec(`UPDATE cases SET status = ?, review_note = ?, submitted_at = ?, published_at = ?, updated_at = ? WHERE id = ?`,
		string(x.Status), x.ReviewNote, t.d.tsPtr(x.SubmittedAt), t.d.tsPtr(x.PublishedAt), t.d.ts(x.UpdatedAt), x.ID)
	if err != nil {
		return internal("update case status", err)
	}
	change := func(s samspil.CaseStatus) map[string]any { return map[string]any{"status": s} }
	after := change(x.Status)
	if x.ReviewNote != "" {
		after["review_note"] = x.ReviewNote
	}
	if err := t.audit(action, "case", x.ID, change(before), after); err != nil {
		return err
	}
	if err := t.indexCase(x); err != nil {
		return err
	}
	var err2 error
	x.Attachments, err2 = findAttachments(t.conn, samspil.OwnerCase, x.ID)
	return err2
}

// caseMove is one step of the review flow: the status the case must have
// (and the conflict when it has another), the change, and what follows
// once the new status is written (notifications).
type caseMove struct {
	from   samspil.CaseStatus
	wrong  error
	action string // audit action
	check  func(x *samspil.Case) error
	change func(x *samspil.Case, now time.Time)
	then   func(t *wtx, x *samspil.Case) error
}

// moveCase runs m on case id in one transaction.
func (d *DB) moveCase(ctx context.Context, id int64, m caseMove) (*samspil.Case, error) {
	var out *samspil.Case
	err := d.write(ctx, func(t *wtx) error {
		x, err := lockCase(t, id)
		if err != nil {
			return err
		}
		if x.Status != m.from {
			return m.wrong
		}
		if m.check != nil {
			if err := m.check(x); err != nil {
				return err
			}
		}
		m.change(x, t.now)
		if err := setCaseStatus(t, x, m.action, m.from); err != nil {
			return err
		}
		if m.then != nil {
			if err := m.then(t, x); err != nil {
				return err
			}
		}
		out = x
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// notifyCaseOrg tells the members of the case's organisation.
func notifyCaseOrg(t *wtx, x *samspil.Case, kind samspil.NotificationKind, args map[string]string) error {
	n := newNotifier(t)
	if err := n.org(x.OrganisationID, kind, args, caseLink(x.ID)); err != nil {
		return err
	}
	return n.flush()
}

// SubmitCase sends a draft for review and notifies the secretariat
// (editors and platform admins). ENOTFOUND, EINVALID (ReadyForReview),
// ECONFLICT (case.not_draft).
func (d *DB) SubmitCase(ctx context.Context, id int64) (*samspil.Case, error) {
	return d.moveCase(ctx, id, caseMove{
		from: samspil.CaseDraft, wrong: caseState("case.not_draft", "only a draft can be sent for review"), action: "case.submit",
		check: func(x *samspil.Case) error { return x.ReadyForReview() },
		change: func(x *samspil.Case, now time.Time) {
			x.Status, x.ReviewNote, x.SubmittedAt = samspil.CaseReview, "", &now
		},
		then: func(t *wtx, x *samspil.Case) error {
			return t.notifySecretariat(samspil.NoteCaseSubmitted, caseArgs(x), caseLink(x.ID))
		},
	})
}

// caseArgs are the notification arguments every case notification has.
func caseArgs(x *samspil.Case) map[string]string {
	return map[string]string{"Case": x.Title, "Organisation": x.OrganisationName, "Model": string(x.Model)}
}

// PublishCase publishes a case in review, indexes it, and notifies its
// organisation and the followers of the case, its municipality, its model
// and its target groups. ENOTFOUND, ECONFLICT (case.not_in_review).
func (d *DB) PublishCase(ctx context.Context, id int64) (*samspil.Case, error) {
	return d.moveCase(ctx, id, caseMove{
		from: samspil.CaseReview, wrong: caseState("case.not_in_review", "only a case in review can be published"), action: "case.publish",
		change: func(x *samspil.Case, now time.Time) {
			x.Status, x.ReviewNote, x.PublishedAt = samspil.CasePublished, "", &now
		},
		then: func(t *wtx, x *samspil.Case) error {
			args := caseArgs(x)
			if err := notifyCaseOrg(t, x, samspil.NoteCasePublished, args); err != nil {
				return err
			}
			targets := []followTarget{
				{samspil.FollowCase, fmt.Sprint(x.ID)},
				{samspil.FollowMunicipality, x.MunicipalityCode},
				{samspil.FollowTag, string(x.Model)},
			}
			for _, g := range x.TargetGroups {
				targets = append(targets, followTarget{samspil.FollowTag, g})
			}
			return t.notifyFollowers(targets, samspil.NoteFollowCase, args, caseLink(x.ID))
		},
	})
}

// ReturnCase sends a case in review back to draft with a note for its
// organisation. ENOTFOUND, EINVALID (case.return.note_required),
// ECONFLICT (case.not_in_review).
func (d *DB) ReturnCase(ctx context.Context, id int64, note string) (*samspil.Case, error) {
	note = strings.TrimSpace(note)
	switch {
	case note == "":
		return nil, invalid("note", "case.return.note_required", "say what the organisation should change")
	case utf8.RuneCountInString(note) > maxReviewNote:
		return nil, invalidArgs("note", "field.too_long", "the text is too long", map[string]any{"Max": maxReviewNote})
	}
	return d.moveCase(ctx, id, caseMove{
		from: samspil.CaseReview, wrong: caseState("case.not_in_review", "only a case in review can be sent back"), action: "case.return",
		change: func(x *samspil.Case, _ time.Time) {
			x.Status, x.ReviewNote, x.SubmittedAt = samspil.CaseDraft, note, nil
		},
		then: func(t *wtx, x *samspil.Case) error {
			args := caseArgs(x)
			args["Note"] = note
			return notifyCaseOrg(t, x, samspil.NoteCaseReturned, args)
		},
	})
}

// WithdrawCase takes a published case back to draft and out of the
// search. ENOTFOUND, ECONFLICT (case.not_published).
func (d *DB) WithdrawCase(ctx context.Context, id int64) (*samspil.Case, error) {
	return d.moveCase(ctx, id, caseMove{
		from: samspil.CasePublished, wrong: caseState("case.not_published", "only a published case can be withdrawn"), action: "case.withdraw",
		change: func(x *samspil.Case, _ time.Time) {
			x.Status, x.SubmittedAt, x.PublishedAt = samspil.CaseDraft, nil, nil
		},
	})
}

// DeleteCase deletes a draft with its lists and attachment rows (the
// blobs stay; other rows may share them). ENOTFOUND, ECONFLICT
// (case.not_draft).
func (d *DB) DeleteCase(ctx context.Context, id int64) error {
	return d.write(ctx, func(t *wtx) error {
		x, err := lockCase(t, id)
		if err != nil {
			return err
		}
		if x.Status != samspil.CaseDraft {
			return caseState("case.not_draft", "only a draft can be deleted; withdraw the case first")
		}
		if _, err := t.exec(`DELETE FROM attachments WHERE owner_type = ? AND owner_id = ?`, string(samspil.OwnerCase), id); err != nil {
			return internal("delete case attachments", err)
		}
		if _, err := t.exec(`DELETE FROM cases WHERE id = ?`, id); err != nil {
			return internal("delete case", err)
		}
		if err := t.audit("case.delete", "case", id, x, nil); err != nil {
			return err
		}
		return t.unindexCase(id)
	})
}

// notifySecretariat tells every editor and platform admin (but not the
// acting user) about something that waits for them, as an immediate
// notification (e-mailed one by one, not in the digest).
func (t *wtx) notifySecretariat(kind samspil.NotificationKind, args map[string]string, link string) error {
	rows, err := t.query(`SELECT id FROM users WHERE is_editor = ? OR is_admin = ? ORDER BY id`, true, true)
	if err != nil {
		return internal("find editors to notify", err)
	}
	var users []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return internal("find editors to notify", err)
		}
		if id != t.actor {
			users = append(users, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("find editors to notify", err)
	}
	a, err := json.Marshal(args)
	if err != nil {
		return internal("encode notification", err)
	}
	b := newBatch(t, "notifications", "user_id, kind, args, link, created_at, digest")
	for _, u := range users {
		if err := b.add(u, string(kind), string(a), link, t.d.ts(t.now), false); err != nil {
			return err
		}
	}
	return b.flush()
}
