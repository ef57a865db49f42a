package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/samspil/samspil"
)

// orgColumns is the column list every organisation query selects, in the
// order scanOrganisation reads it.
const orgColumns = `o.id, o.cvr, o.name, o.kind, o.municipality_code, o.address, o.postal_code, o.city,
	o.website, o.email, o.phone, o.description, o.capacity, o.turnover_ore, o.employees,
	o.disadvantaged_employees, o.rsv_criteria, o.rsv_registered, o.rsv_verified_at,
	o.created_at, o.updated_at, o.reminded_at`

const orgInsertColumns = `cvr, name, name_key, search_text, kind, municipality_code,
	address, postal_code, city, website, email, phone, description, capacity, turnover_ore, employees,
	disadvantaged_employees, rsv_criteria, rsv_registered, rsv_verified_at, created_at, updated_at, reminded_at`

const insertOrgSQL = `INSERT INTO organisations (` + orgInsertColumns + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

// analyzeAfter is the batch size from which a bulk import refreshes the
// planner statistics, so the directory queries keep their plans.
const analyzeAfter = 1000

type rowScanner interface{ Scan(dest ...any) error }

func scanOrganisation(s rowScanner) (*samspil.Organisation, error) {
	o := &samspil.Organisation{}
	var cvr sql.NullString
	var rsv string
	err := s.Scan(&o.ID, &cvr, &o.Name, &o.Kind, &o.MunicipalityCode, &o.Address, &o.PostalCode, &o.City,
		&o.Website, &o.Email, &o.Phone, &o.Description, &o.Capacity, &o.TurnoverOre, &o.Employees,
		&o.DisadvantagedEmployees, &rsv, &o.RSVRegistered, nullTimeScanner{&o.RSVVerifiedAt},
		timeScanner{&o.CreatedAt}, timeScanner{&o.UpdatedAt}, nullTimeScanner{&o.RemindedAt})
	if err != nil {
		return nil, err
	}
	o.CVR = cvr.String
	if rsv != "" {
		if err := json.Unmarshal([]byte(rsv), &o.RSVCriteria); err != nil {
			return nil, fmt.Errorf("rsv_criteria of organisation %d: %w", o.ID, err)
		}
	}
	o.Sectors, o.CPVCodes, o.TargetGroups, o.Effects = []string{}, []string{}, []string{}, []samspil.SocialEffect{}
	return o, nil
}

// orgArgs returns the values for insertOrgSQL (and, without the last
// three times, for the UPDATE).
func (d *dialect) orgArgs(o *samspil.Organisation) ([]any, error) {
	rsv, err := json.Marshal(o.RSVCriteria)
	if err != nil {
		return nil, err
	}
	var cvr any
	if o.CVR != "" {
		cvr = o.CVR
	}
	search := fold(o.Name + "\n" + o.CVR + "\n" + o.Description)
	return []any{cvr, o.Name, nameKey(o.Name), search, string(o.Kind), o.MunicipalityCode,
		o.Address, o.PostalCode, o.City, o.Website, o.Email, o.Phone, o.Description, o.Capacity, o.TurnoverOre,
		o.Employees, o.DisadvantagedEmployees, string(rsv), o.RSVRegistered, d.tsPtr(o.RSVVerifiedAt),
		d.ts(o.CreatedAt), d.ts(o.UpdatedAt), d.tsPtr(o.RemindedAt)}, nil
}

// loadOrgLists fills the list fields of orgs from the join tables, one
// query per table for the whole page.
func loadOrgLists(c conn, orgs []*samspil.Organisation) error {
	if len(orgs) == 0 {
		return nil
	}
	byID := make(map[int64]*samspil.Organisation, len(orgs))
	ids := make([]any, 0, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
		ids = append(ids, o.ID)
	}
	in := placeholders(len(ids))
	for _, l := range []struct {
		table string
		field func(*samspil.Organisation) *[]string
	}{
		{"org_sectors", func(o *samspil.Organisation) *[]string { return &o.Sectors }},
		{"org_cpv_codes", func(o *samspil.Organisation) *[]string { return &o.CPVCodes }},
		{"org_target_groups", func(o *samspil.Organisation) *[]string { return &o.TargetGroups }},
	} {
		rows, err := c.query(`SELECT organisation_id, code FROM `+l.table+` WHERE organisation_id IN (`+in+`) ORDER BY organisation_id, position`, ids...)
		if err != nil {
			return internal("load "+l.table, err)
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return internal("load "+l.table, err)
			}
			if o := byID[id]; o != nil {
				p := l.field(o)
				*p = append(*p, code)
			}
		}
		if err := rows.Close(); err != nil {
			return internal("load "+l.table, err)
		}
		if err := rows.Err(); err != nil {
			return internal("load "+l.table, err)
		}
	}
	rows, err := c.query(`SELECT organisation_id, year, target_group_employed, to_ordinary_work, to_education,
		people_in_programmes, note FROM org_effects WHERE organisation_id IN (`+in+`) ORDER BY organisation_id, year`, ids...)
	if err != nil {
		return internal("load org_effects", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e samspil.SocialEffect
		if err := rows.Scan(&id, &e.Year, &e.TargetGroupEmployed, &e.ToOrdinaryWork, &e.ToEducation, &e.PeopleInProgrammes, &e.Note); err != nil {
			return internal("load org_effects", err)
		}
		if o := byID[id]; o != nil {
			o.Effects = append(o.Effects, e)
		}
	}
	if err := rows.Err(); err != nil {
		return internal("load org_effects", err)
	}
	return nil
}

// findOrganisation loads one organisation with its lists; suffix is added
// to the query (a row lock inside write transactions).
func findOrganisation(c conn, where, suffix string, args ...any) (*samspil.Organisation, error) {
	o, err := scanOrganisation(c.queryRow(`SELECT `+orgColumns+` FROM organisations o WHERE `+where+suffix, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("org.not_found", "the organisation does not exist")
	} else if err != nil {
		return nil, internal("find organisation", err)
	}
	if err := loadOrgLists(c, []*samspil.Organisation{o}); err != nil {
		return nil, err
	}
	return o, nil
}

func memberCount(c conn, orgID int64) (int, error) {
	var n int
	err := c.queryRow(`SELECT COUNT(*) FROM memberships WHERE organisation_id = ? AND status = ?`, orgID, string(samspil.MembershipActive)).Scan(&n)
	if err != nil {
		return 0, internal("count members", err)
	}
	return n, nil
}

// FindOrganisationByID returns the organisation with its lists and the
// number of active members. ENOTFOUND.
func (d *DB) FindOrganisationByID(ctx context.Context, id int64) (*samspil.Organisation, error) {
	c := d.read(ctx)
	o, err := findOrganisation(c, "o.id = ?", "", id)
	if err != nil {
		return nil, err
	}
	if o.MemberCount, err = memberCount(c, o.ID); err != nil {
		return nil, err
	}
	return o, nil
}

// FindOrganisationByCVR accepts the CVR in any form ParseCVR accepts. ENOTFOUND.
func (d *DB) FindOrganisationByCVR(ctx context.Context, cvr string) (*samspil.Organisation, error) {
	cvr = strings.TrimSpace(cvr)
	if n, err := samspil.ParseCVR(cvr); err == nil {
		cvr = n
	}
	if cvr == "" {
		return nil, notFound("org.not_found", "the organisation does not exist")
	}
	return findOrganisation(d.read(ctx), "o.cvr = ?", "", cvr)
}

// FindMunicipalityOrganisation returns the kommune organisation of a
// municipality. ENOTFOUND.
func (d *DB) FindMunicipalityOrganisation(ctx context.Context, code string) (*samspil.Organisation, error) {
	return findOrganisation(d.read(ctx), "o.kind = ? AND o.municipality_code = ? ORDER BY o.id LIMIT 1", "", string(samspil.OrgKommune), strings.TrimSpace(code))
}

// FindOrganisations returns a page of organisations and the total number
// of matches. EINVALID for a negative offset or limit.
func (d *DB) FindOrganisations(ctx context.Context, f samspil.OrganisationFilter) ([]*samspil.Organisation, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if len(f.IDs) > 0 {
		where = append(where, "o.id IN ("+placeholders(len(f.IDs))+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if len(f.CVRs) > 0 {
		where = append(where, "o.cvr IN ("+placeholders(len(f.CVRs))+")")
		for _, c := range f.CVRs {
			args = append(args, c)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, d.d.contains("o.search_text"))
		args = append(args, fold(q))
	}
	if f.Kind != "" {
		where = append(where, "o.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.MunicipalityCode != "" {
		where = append(where, "o.municipality_code = ?")
		args = append(args, f.MunicipalityCode)
	}
	if f.RegionCode != "" {
		where = append(where, "o.municipality_code IN (SELECT code FROM municipalities WHERE region_code = ?)")
		args = append(args, f.RegionCode)
	}
	if f.TargetGroup != "" {
		// EXISTS lets SQLite walk another index (the sort index for a
		// page, a filter's index for the count) and probe each row, instead
		// of looking up every member of a large group in the table.
		// PostgreSQL turns it into a semi-join either way.
		where = append(where, "EXISTS (SELECT 1 FROM org_target_groups g WHERE g.organisation_id = o.id AND g.code = ?)")
		args = append(args, f.TargetGroup)
	}
	if f.RSVRegistered != nil {
		where = append(where, "o.rsv_registered = ?")
		args = append(args, *f.RSVRegistered)
	}
	if f.StaleBefore != nil {
		where = append(where, "o.updated_at < ?")
		args = append(args, d.d.ts(*f.StaleBefore))
	}
	cond := whereClause(where)
	countSQL := `SELECT COUNT(*) FROM organisations o` + cond
	if len(where) == 1 && f.TargetGroup != "" {
		// The group's own index holds the answer; every row refers to an
		// existing organisation (foreign key).
		countSQL = `SELECT COUNT(*) FROM org_target_groups WHERE code = ?`
	}
	var order string
	switch f.Sort {
	case "", "name":
		order = "o.name_key, o.id"
	case "newest":
		order = "o.created_at DESC, o.id DESC"
	case "updated":
		order = "o.updated_at DESC, o.id DESC"
	default:
		return nil, 0, invalid("sort", "org.sort.invalid", "unknown sort order")
	}
	c := d.read(ctx)
	var total int
	if err := c.queryRow(countSQL, args...).Scan(&total); err != nil {
		return nil, 0, internal("count organisations", err)
	}
	orgs := []*samspil.Organisation{}
	if total == 0 || offset >= total {
		return orgs, total, nil
	}
	// Pick the page's ids first (index-only, a small sort), then read the
	// full rows of just those: sorting thousands of whole rows with their
	// descriptions costs hundreds of milliseconds at 100,000 organisations.
	rows, err := c.query(`SELECT `+orgColumns+` FROM organisations o WHERE o.id IN (SELECT o.id FROM organisations o`+cond+
		` ORDER BY `+order+` LIMIT ? OFFSET ?) ORDER BY `+order, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find organisations", err)
	}
	for rows.Next() {
		o, err := scanOrganisation(rows)
		if err != nil {
			rows.Close()
			return nil, 0, internal("find organisations", err)
		}
		orgs = append(orgs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find organisations", err)
	}
	if err := loadOrgLists(c, orgs); err != nil {
		return nil, 0, err
	}
	return orgs, total, nil
}

// targetGroupCodes returns the set of known target-group codes.
func targetGroupCodes(c conn) (map[string]bool, error) {
	rows, err := c.query(`SELECT code FROM target_groups`)
	if err != nil {
		return nil, internal("target groups", err)
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, internal("target groups", err)
		}
		m[code] = true
	}
	return m, rows.Err()
}

// validateOrganisation runs the domain rules and checks target groups
// against the stored list.
func (d *DB) validateOrganisation(o *samspil.Organisation, groups map[string]bool) error {
	var v samspil.Validation
	if err := o.Validate(d.opts.Catalog); !v.Merge(err) {
		return err
	}
	for _, g := range o.TargetGroups {
		if !groups[g] {
			v.Add("target_groups", "org.target_group.unknown", "unknown target group", map[string]any{"Code": g})
			break
		}
	}
	return v.Err()
}

var errCVRTaken = func() error {
	return conflict("cvr", "org.cvr.taken", "an organisation with this CVR number is already registered")
}

// orgInserter writes organisations and their lists in one transaction; the
// list rows and audit events are sent in multi-row INSERTs so a bulk import
// costs about one round trip per organisation.
type orgInserter struct {
	t        *wtx
	action   string
	orgs     *batch // bulk mode: organisations with reserved ids
	sectors  *batch
	cpv      *batch
	groups   *batch
	effects  *batch
	auditLog *batch
}

func newOrgInserter(t *wtx, action string, bulk bool) (*orgInserter, error) {
	in := &orgInserter{t: t, action: action,
		sectors:  newBatch(t, "org_sectors", "organisation_id, code, position"),
		cpv:      newBatch(t, "org_cpv_codes", "organisation_id, code, position"),
		groups:   newBatch(t, "org_target_groups", "organisation_id, code, position"),
		effects:  newBatch(t, "org_effects", "organisation_id, year, target_group_employed, to_ordinary_work, to_education, people_in_programmes, note"),
		auditLog: newBatch(t, "audit_events", "actor_id, action, entity_type, entity_id, before_json, after_json, created_at"),
	}
	if bulk {
		in.orgs = newBatch(t, "organisations", "id, "+orgInsertColumns)
		in.orgs.onUnique = errCVRTaken
	}
	return in, nil
}

// add inserts o (already validated) and queues its lists.
func (in *orgInserter) add(o *samspil.Organisation) error {
	t := in.t
	o.CreatedAt, o.UpdatedAt = t.now, t.now
	args, err := t.d.orgArgs(o)
	if err != nil {
		return internal("encode organisation", err)
	}
	if in.orgs != nil {
		// Bulk mode: o.ID was reserved; the row goes out with its batch.
		if err := in.orgs.add(append([]any{o.ID}, args...)...); err != nil {
			return err
		}
	} else if err := t.queryRow(insertOrgSQL, args...).Scan(&o.ID); err != nil {
		if isUniqueViolation(err) {
			return errCVRTaken()
		} else if isForeignKeyViolation(err) {
			// Only reachable without a Catalog: the municipality is unknown.
			return invalid("municipality_code", "org.municipality.unknown", "unknown municipality code")
		}
		return internal("insert organisation", err)
	}
	if err := in.lists(o); err != nil {
		return err
	}
	if in.orgs == nil { // bulk mode indexes the whole batch: CreateOrganisations
		if err := t.indexOrganisation(o); err != nil {
			return err
		}
	}
	after, err := json.Marshal(o)
	if err != nil {
		return internal("audit", err)
	}
	return in.auditLog.add(t.actor, in.action, "organisation", o.ID, "", string(after), t.d.ts(t.now))
}

// lists queues the join-table rows of o.
func (in *orgInserter) lists(o *samspil.Organisation) error {
	if in.orgs != nil {
		// Rows referring to organisations must not reach the database
		// before the organisations themselves.
		for _, b := range []*batch{in.sectors, in.cpv, in.groups, in.effects} {
			b.before = in.orgs
		}
	}
	for i, s := range o.Sectors {
		if err := in.sectors.add(o.ID, s, i); err != nil {
			return err
		}
	}
	for i, s := range o.CPVCodes {
		if err := in.cpv.add(o.ID, s, i); err != nil {
			return err
		}
	}
	for i, s := range o.TargetGroups {
		if err := in.groups.add(o.ID, s, i); err != nil {
			return err
		}
	}
	for _, e := range o.Effects {
		if err := in.effects.add(o.ID, e.Year, e.TargetGroupEmployed, e.ToOrdinaryWork, e.ToEducation, e.PeopleInProgrammes, e.Note); err != nil {
			return err
		}
	}
	return nil
}

// flush sends the queued rows and releases the statement.
func (in *orgInserter) flush() error {
	for _, b := range []*batch{in.orgs, in.sectors, in.cpv, in.groups, in.effects, in.auditLog} {
		if b == nil {
			continue
		}
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

// CreateOrganisation validates and stores o. EINVALID, ECONFLICT.
func (d *DB) CreateOrganisation(ctx context.Context, o *samspil.Organisation) error {
	_, err := d.createOrganisation(ctx, o, 0)
	return err
}

// CreateOrganisationWithAdmin stores o and makes userID its active admin in
// the same transaction. EINVALID, ECONFLICT, ENOTFOUND for an unknown user.
func (d *DB) CreateOrganisationWithAdmin(ctx context.Context, o *samspil.Organisation, userID int64) (*samspil.Membership, error) {
	return d.createOrganisation(ctx, o, userID)
}

func (d *DB) createOrganisation(ctx context.Context, o *samspil.Organisation, adminID int64) (*samspil.Membership, error) {
	groups, err := targetGroupCodes(d.read(ctx))
	if err != nil {
		return nil, err
	}
	if err := d.validateOrganisation(o, groups); err != nil {
		return nil, err
	}
	var m *samspil.Membership
	err = d.write(ctx, func(t *wtx) error {
		in, err := newOrgInserter(t, "organisation.create", false)
		if err != nil {
			return err
		}
		if err := in.add(o); err != nil {
			return err
		}
		if err := in.flush(); err != nil {
			return err
		}
		if err := t.refreshSpendForCVR(o.CVR); err != nil {
			return err
		}
		if adminID == 0 {
			return nil
		}
		m = &samspil.Membership{UserID: adminID, OrganisationID: o.ID, Role: samspil.RoleAdmin, Status: samspil.MembershipActive}
		return insertMembership(t, m)
	})
	if err != nil {
		o.ID = 0
		return nil, err
	}
	return m, nil
}

// CreateOrganisations stores all of orgs or none. Every row is validated
// first and every problem reported with its 1-based row number; CVRs
// repeated inside orgs or already registered are conflicts.
func (d *DB) CreateOrganisations(ctx context.Context, orgs []*samspil.Organisation) error {
	if len(orgs) == 0 {
		return nil
	}
	groups, err := targetGroupCodes(d.read(ctx))
	if err != nil {
		return err
	}
	var fields []samspil.FieldError
	invalid := false
	rowOf := map[string]int{} // CVR -> first row
	for i, o := range orgs {
		prefix := fmt.Sprintf("row %d: ", i+1)
		if err := d.validateOrganisation(o, groups); err != nil {
			e, ok := samspil.AsError(err)
			if !ok {
				return err
			}
			invalid = true
			for _, f := range e.Fields {
				f.Field = prefix + f.Field
				fields = append(fields, f)
			}
			continue
		}
		if o.CVR == "" {
			continue
		}
		if first, dup := rowOf[o.CVR]; dup {
			fields = append(fields, samspil.FieldError{Field: prefix + "cvr", Key: "org.cvr.duplicate_in_batch",
				Message: "the CVR number appears more than once", Args: map[string]any{"Row": first}})
			continue
		}
		rowOf[o.CVR] = i + 1
	}
	err = d.write(ctx, func(t *wtx) error {
		// CVRs already registered.
		cvrs := make([]any, 0, len(rowOf))
		for cvr := range rowOf {
			cvrs = append(cvrs, cvr)
		}
		var taken []samspil.FieldError
		for start := 0; start < len(cvrs); start += 500 {
			chunk := cvrs[start:min(start+500, len(cvrs))]
			rows, err := t.query(`SELECT cvr FROM organisations WHERE cvr IN (`+placeholders(len(chunk))+`)`, chunk...)
			if err != nil {
				return internal("check CVRs", err)
			}
			for rows.Next() {
				var cvr string
				if err := rows.Scan(&cvr); err != nil {
					rows.Close()
					return internal("check CVRs", err)
				}
				taken = append(taken, samspil.FieldError{Field: fmt.Sprintf("row %d: cvr", rowOf[cvr]), Key: "org.cvr.taken",
					Message: "an organisation with this CVR number is already registered", Args: map[string]any{"CVR": cvr}})
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return internal("check CVRs", err)
			}
		}
		fields = append(fields, taken...)
		if len(fields) > 0 {
			sortFieldsByRow(fields)
			if invalid {
				return &samspil.Error{Code: samspil.EINVALID, Key: "error.validation", Message: "the input has errors", Fields: fields}
			}
			return &samspil.Error{Code: samspil.ECONFLICT, Key: "org.cvr.taken", Message: "some CVR numbers are already registered or repeated", Fields: fields}
		}
		ids, err := t.reserveIDs("organisations", len(orgs))
		if err != nil {
			return err
		}
		in, err := newOrgInserter(t, "organisation.create", true)
		if err != nil {
			return err
		}
		for i, o := range orgs {
			o.ID = ids[i]
			if err := in.add(o); err != nil {
				return err
			}
		}
		if err := in.flush(); err != nil {
			return err
		}
		if err := t.refreshSpendForCVRs(rowOf); err != nil {
			return err
		}
		return t.indexOrganisations(orgs)
	})
	if err == nil && len(orgs) >= analyzeAfter {
		d.analyze(ctx)
	}
	if err != nil {
		for _, o := range orgs {
			o.ID = 0
		}
	}
	return err
}

// sortFieldsByRow orders "row N: …" field errors by N, keeping the order
// within a row, so an importer can print them line by line.
func sortFieldsByRow(fields []samspil.FieldError) {
	row := func(f samspil.FieldError) int {
		var n int
		fmt.Sscanf(f.Field, "row %d:", &n)
		return n
	}
	// insertion sort is stable and the lists are short in practice
	for i := 1; i < len(fields); i++ {
		for j := i; j > 0 && row(fields[j-1]) > row(fields[j]); j-- {
			fields[j-1], fields[j] = fields[j], fields[j-1]
		}
	}
}

// UpdateOrganisation applies upd, validates and stores the result.
// ENOTFOUND, EINVALID, ECONFLICT.
func (d *DB) UpdateOrganisation(ctx context.Context, id int64, upd samspil.OrganisationUpdate) (*samspil.Organisation, error) {
	var out *samspil.Organisation
	err := d.write(ctx, func(t *wtx) error {
		o, err := findOrganisation(t.conn, "o.id = ?", t.d.forUpdate, id)
		if err != nil {
			return err
		}
		before, err := json.Marshal(o)
		if err != nil {
			return internal("audit", err)
		}
		oldCVR := o.CVR
		upd.Apply(o)
		groups, err := targetGroupCodes(t.conn)
		if err != nil {
			return err
		}
		if err := d.validateOrganisation(o, groups); err != nil {
			return err
		}
		o.UpdatedAt = t.now
		args, err := t.d.orgArgs(o)
		if err != nil {
			return internal("encode organisation", err)
		}
		// Same order as insertOrgSQL minus created_at, then the id.
		_, err = t.exec(`UPDATE organisations SET cvr = ?, name = ?, name_key = ?, search_text = ?, kind = ?,
			municipality_code = ?, address = ?, postal_code = ?, city = ?, website = ?, email = ?, phone = ?,
			description = ?, capacity = ?, turnover_ore = ?, employees = ?, disadvantaged_employees = ?,
			rsv_criteria = ?, rsv_registered = ?, rsv_verified_at = ?, updated_at = ? WHERE id = ?`,
			append(append(args[:20:20], args[21]), id)...)
		if err != nil {
			if isUniqueViolation(err) {
				return errCVRTaken()
			} else if isForeignKeyViolation(err) {
				return invalid("municipality_code", "org.municipality.unknown", "unknown municipality code")
			}
			return internal("update organisation", err)
		}
		for _, table := range []string{"org_sectors", "org_cpv_codes", "org_target_groups", "org_effects"} {
			if _, err := t.exec(`DELETE FROM `+table+` WHERE organisation_id = ?`, id); err != nil {
				return internal("update "+table, err)
			}
		}
		in, err := newOrgInserter(t, "organisation.update", false)
		if err != nil {
			return err
		}
		if err := in.lists(o); err != nil {
			return err
		}
		if err := in.flush(); err != nil {
			return err
		}
		if err := t.indexOrganisation(o); err != nil {
			return err
		}
		if err := t.audit("organisation.update", "organisation", id, json.RawMessage(before), o); err != nil {
			return err
		}
		if err := t.refreshSpendForCVR(oldCVR, o.CVR); err != nil {
			return err
		}
		if o.MemberCount, err = memberCount(t.conn, id); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetRSVRegistration records a platform admin's check of RSV status; it is
// not a profile update, so UpdatedAt stays. ENOTFOUND.
func (d *DB) SetRSVRegistration(ctx context.Context, id int64, registered bool) (*samspil.Organisation, error) {
	var out *samspil.Organisation
	err := d.write(ctx, func(t *wtx) error {
		o, err := findOrganisation(t.conn, "o.id = ?", t.d.forUpdate, id)
		if err != nil {
			return err
		}
		type rsv struct {
			Registered bool `json:"rsv_registered"`
			VerifiedAt any  `json:"rsv_verified_at"`
		}
		before := rsv{o.RSVRegistered, o.RSVVerifiedAt}
		o.RSVRegistered = registered
		o.RSVVerifiedAt = nil
		if registered {
			now := t.now
			o.RSVVerifiedAt = &now
		}
		if _, err := t.exec(`UPDATE organisations SET rsv_registered = ?, rsv_verified_at = ? WHERE id = ?`,
			registered, t.d.tsPtr(o.RSVVerifiedAt), id); err != nil {
			return internal("set RSV registration", err)
		}
		if err := t.indexOrganisation(o); err != nil {
			return err
		}
		if err := t.audit("organisation.rsv", "organisation", id, before, rsv{o.RSVRegistered, o.RSVVerifiedAt}); err != nil {
			return err
		}
		if err := t.refreshSpendForCVR(o.CVR); err != nil {
			return err
		}
		if o.MemberCount, err = memberCount(t.conn, id); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarkReminded records that the out-of-date reminder was sent. ENOTFOUND.
func (d *DB) MarkReminded(ctx context.Context, id int64) error {
	return d.write(ctx, func(t *wtx) error {
		res, err := t.exec(`UPDATE organisations SET reminded_at = ? WHERE id = ?`, t.d.ts(t.now), id)
		if err != nil {
			return internal("mark reminded", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("org.not_found", "the organisation does not exist")
		}
		return t.audit("organisation.remind", "organisation", id, nil, map[string]any{"reminded_at": t.now})
	})
}

// batch collects rows for one multi-row INSERT and sends them when the
// parameter budget is used up or on flush.
type batch struct {
	t        *wtx
	prefix   string
	row      string
	cols     int
	args     []any
	n        int
	before   *batch       // flushed first (rows this batch refers to)
	onUnique func() error // error for a unique violation, when it has a meaning
}

func newBatch(t *wtx, table, columns string) *batch {
	cols := strings.Count(columns, ",") + 1
	return &batch{t: t, prefix: "INSERT INTO " + table + " (" + columns + ") VALUES ", row: "(" + placeholders(cols) + ")", cols: cols}
}

func (b *batch) add(vals ...any) error {
	b.args = append(b.args, vals...)
	b.n++
	if len(b.args)+b.cols > maxBatchParams {
		return b.flush()
	}
	return nil
}

func (b *batch) flush() error {
	if b.n == 0 {
		return nil
	}
	if b.before != nil {
		if err := b.before.flush(); err != nil {
			return err
		}
	}
	q := b.prefix + strings.Repeat(b.row+", ", b.n-1) + b.row
	_, err := b.t.exec(q, b.args...)
	b.args, b.n = b.args[:0], 0
	if err != nil {
		if b.onUnique != nil && isUniqueViolation(err) {
			return b.onUnique()
		}
		return internal("batch insert", err)
	}
	return nil
}
