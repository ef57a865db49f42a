package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// FindRegions returns all regions ordered by code.
func (d *DB) FindRegions(ctx context.Context) ([]*samspil.Region, error) {
	rows, err := d.read(ctx).query(`SELECT code, name, iso_3166_2, nuts2, lat, lon FROM regions ORDER BY code`)
	if err != nil {
		return nil, internal("find regions", err)
	}
	defer rows.Close()
	out := []*samspil.Region{}
	for rows.Next() {
		r := &samspil.Region{}
		if err := rows.Scan(&r.Code, &r.Name, &r.ISO3166_2, &r.NUTS2, &r.Lat, &r.Lon); err != nil {
			return nil, internal("find regions", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find regions", err)
	}
	return out, nil
}

const municipalitySelect = `SELECT m.code, m.name, m.region_code, r.name, m.lat, m.lon, m.area_km2,
	COALESCE((SELECT MIN(o.id) FROM organisations o WHERE o.kind = ? AND o.municipality_code = m.code), 0)
	FROM municipalities m JOIN regions r ON r.code = m.region_code`

func scanMunicipality(s rowScanner) (*samspil.Municipality, error) {
	m := &samspil.Municipality{}
	err := s.Scan(&m.Code, &m.Name, &m.RegionCode, &m.RegionName, &m.Lat, &m.Lon, &m.AreaKm2, &m.OrganisationID)
	return m, err
}

// FindMunicipalities returns all municipalities ordered by code, each with
// the id of its kommune organisation.
func (d *DB) FindMunicipalities(ctx context.Context) ([]*samspil.Municipality, error) {
	rows, err := d.read(ctx).query(municipalitySelect+` ORDER BY m.code`, string(samspil.OrgKommune))
	if err != nil {
		return nil, internal("find municipalities", err)
	}
	defer rows.Close()
	out := []*samspil.Municipality{}
	for rows.Next() {
		m, err := scanMunicipality(rows)
		if err != nil {
			return nil, internal("find municipalities", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find municipalities", err)
	}
	return out, nil
}

// FindMunicipalityByCode returns ENOTFOUND for an unknown code.
func (d *DB) FindMunicipalityByCode(ctx context.Context, code string) (*samspil.Municipality, error) {
	m, err := scanMunicipality(d.read(ctx).queryRow(municipalitySelect+` WHERE m.code = ?`, string(samspil.OrgKommune), strings.TrimSpace(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("municipality.not_found", "the municipality does not exist")
	} else if err != nil {
		return nil, internal("find municipality", err)
	}
	return m, nil
}

// FindTargetGroups returns all target groups ordered by Danish name.
func (d *DB) FindTargetGroups(ctx context.Context) ([]*samspil.TargetGroup, error) {
	rows, err := d.read(ctx).query(`SELECT code, name_da, name_en FROM target_groups`)
	if err != nil {
		return nil, internal("find target groups", err)
	}
	defer rows.Close()
	out := []*samspil.TargetGroup{}
	for rows.Next() {
		g := &samspil.TargetGroup{}
		if err := rows.Scan(&g.Code, &g.NameDA, &g.NameEN); err != nil {
			return nil, internal("find target groups", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find target groups", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return nameKey(out[i].NameDA) < nameKey(out[j].NameDA) })
	return out, nil
}

func validTargetGroupCode(code string) bool {
	if code == "" || len(code) > 64 {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// CreateTargetGroup adds a target group. EINVALID, ECONFLICT.
func (d *DB) CreateTargetGroup(ctx context.Context, g *samspil.TargetGroup) error {
	g.Code = strings.TrimSpace(g.Code)
	g.NameDA = strings.TrimSpace(g.NameDA)
	g.NameEN = strings.TrimSpace(g.NameEN)
	var v samspil.Validation
	if !validTargetGroupCode(g.Code) {
		v.Add("code", "target_group.code.invalid", "use lower-case letters, digits and underscores", nil)
	}
	for _, n := range []struct{ field, val string }{{"name_da", g.NameDA}, {"name_en", g.NameEN}} {
		if n.val == "" {
			v.Add(n.field, "target_group.name.required", "the name is required", nil)
		} else if utf8.RuneCountInString(n.val) > samspil.MaxNameLen {
			v.Add(n.field, "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxNameLen})
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return d.write(ctx, func(t *wtx) error {
		_, err := t.exec(`INSERT INTO target_groups (code, name_da, name_en) VALUES (?, ?, ?)`, g.Code, g.NameDA, g.NameEN)
		if isUniqueViolation(err) {
			return conflict("code", "target_group.code.taken", "a target group with this code exists")
		} else if err != nil {
			return internal("create target group", err)
		}
		return t.audit("target_group.create", "target_group", 0, nil, g)
	})
}

const coordinationColumns = `municipality_code, name, department, email, phone, updated_at`

func scanCoordinationUnit(s rowScanner) (*samspil.CoordinationUnit, error) {
	u := &samspil.CoordinationUnit{}
	err := s.Scan(&u.MunicipalityCode, &u.Name, &u.Department, &u.Email, &u.Phone, timeScanner{&u.UpdatedAt})
	return u, err
}

// FindCoordinationUnits returns every municipality's unit, by code.
func (d *DB) FindCoordinationUnits(ctx context.Context) ([]*samspil.CoordinationUnit, error) {
	rows, err := d.read(ctx).query(`SELECT ` + coordinationColumns + ` FROM coordination_units ORDER BY municipality_code`)
	if err != nil {
		return nil, internal("find coordination units", err)
	}
	defer rows.Close()
	out := []*samspil.CoordinationUnit{}
	for rows.Next() {
		u, err := scanCoordinationUnit(rows)
		if err != nil {
			return nil, internal("find coordination units", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find coordination units", err)
	}
	return out, nil
}

func findCoordinationUnit(c conn, code string) (*samspil.CoordinationUnit, error) {
	u, err := scanCoordinationUnit(c.queryRow(`SELECT `+coordinationColumns+` FROM coordination_units WHERE municipality_code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("coordination.not_found", "the municipality has no coordination unit yet")
	} else if err != nil {
		return nil, internal("find coordination unit", err)
	}
	return u, nil
}

// FindCoordinationUnit returns ENOTFOUND when the municipality has none.
func (d *DB) FindCoordinationUnit(ctx context.Context, municipalityCode string) (*samspil.CoordinationUnit, error) {
	return findCoordinationUnit(d.read(ctx), strings.TrimSpace(municipalityCode))
}

// SetCoordinationUnit creates or replaces a municipality's unit and sets
// UpdatedAt. EINVALID.
func (d *DB) SetCoordinationUnit(ctx context.Context, u *samspil.CoordinationUnit) error {
	u.MunicipalityCode = strings.TrimSpace(u.MunicipalityCode)
	u.Name = strings.TrimSpace(u.Name)
	u.Department = strings.TrimSpace(u.Department)
	u.Email = strings.TrimSpace(u.Email)
	u.Phone = strings.TrimSpace(u.Phone)
	var v samspil.Validation
	if u.Name == "" {
		v.Add("name", "coordination.name.required", "the name of the unit is required", nil)
	}
	for _, f := range []struct {
		name, val string
		max       int
	}{{"name", u.Name, samspil.MaxNameLen}, {"department", u.Department, samspil.MaxNameLen}, {"email", u.Email, samspil.MaxShortTextLen}, {"phone", u.Phone, 40}} {
		if utf8.RuneCountInString(f.val) > f.max {
			v.Add(f.name, "field.too_long", "the text is too long", map[string]any{"Max": f.max})
		}
	}
	if u.Email != "" && !v.Has("email") {
		if e, err := samspil.NormaliseEmail(u.Email); err != nil {
			v.Add("email", "email.invalid", "the e-mail address is not valid", nil)
		} else {
			u.Email = e
		}
	}
	if u.Phone != "" && samspil.LooksLikeCPR(u.Phone) {
		v.Add("phone", "cpr.refused", "this looks like a CPR number, which Samspil never stores", nil)
	}
	return d.write(ctx, func(t *wtx) error {
		var one int
		err := t.queryRow(`SELECT 1 FROM municipalities WHERE code = ?`, u.MunicipalityCode).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("municipality_code", "org.municipality.unknown", "unknown municipality code", map[string]any{"Code": u.MunicipalityCode})
		} else if err != nil {
			return internal("check municipality", err)
		}
		if err := v.Err(); err != nil {
			return err
		}
		var before any
		if old, err := findCoordinationUnit(t.conn, u.MunicipalityCode); err == nil {
			before = old
		} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
			return err
		}
		u.UpdatedAt = t.now
		_, err = t.exec(`INSERT INTO coordination_units (`+coordinationColumns+`) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (municipality_code) DO UPDATE SET name = excluded.name, department = excluded.department,
			email = excluded.email, phone = excluded.phone, updated_at = excluded.updated_at`,
			u.MunicipalityCode, u.Name, u.Department, u.Email, u.Phone, t.d.ts(u.UpdatedAt))
		if err != nil {
			return internal("set coordination unit", err)
		}
		return t.audit("coordination_unit.set", "coordination_unit", municipalityEntityID(u.MunicipalityCode), before, u)
	})
}

// municipalityEntityID turns a kommunekode into the numeric entity id of
// audit events (coordination units are keyed by municipality).
func municipalityEntityID(code string) int64 {
	var n int64
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return 0
		}
		n = n*10 + int64(code[i]-'0')
	}
	return n
}
