package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/samspil/samspil"
)

// Strategies: one row per municipality that has recorded its strategy for
// working with social-economy enterprises. A strategy document uploaded as
// a file is an attachment owned by (strategy, the kommune organisation).

// strategyColumns is what strategy queries select, in scanStrategy's
// order; "s" is the strategy.
const strategyColumns = `s.municipality_code, s.title, s.adopted_on, s.text, s.goals, s.budget_ore, s.budget_note,
	s.updated_at, s.updated_by,
	COALESCE((SELECT MIN(o.id) FROM organisations o WHERE o.kind = ? AND o.municipality_code = s.municipality_code), 0)`

func scanStrategy(sc rowScanner) (*samspil.Strategy, error) {
	s := &samspil.Strategy{}
	var goals string
	var by sql.NullInt64
	err := sc.Scan(&s.MunicipalityCode, &s.Title, nullTimeScanner{&s.AdoptedOn}, &s.Text, &goals, &s.BudgetOre, &s.BudgetNote,
		timeScanner{&s.UpdatedAt}, &by, &s.OrganisationID)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(goals), &s.Goals); err != nil {
		return nil, err
	}
	if s.Goals == nil {
		s.Goals = []samspil.StrategyGoal{}
	}
	if by.Valid {
		id := by.Int64
		s.UpdatedBy = &id
	}
	s.Attachments = []*samspil.Attachment{}
	return s, nil
}

func errStrategyNotFound() error {
	return notFound("strategy.not_found", "the municipality has not recorded a strategy")
}

// strategyAttachmentColumns match the attachments table of migration 5.
const strategyAttachmentColumns = `id, owner_type, owner_id, name, content_type, size, sha256, created_by, created_at`

// loadStrategyAttachments reads the strategy's files from the attachments
// table (owner: the kommune organisation), oldest first.
func loadStrategyAttachments(c conn, s *samspil.Strategy) error {
	s.Attachments = []*samspil.Attachment{}
	if s.OrganisationID == 0 {
		return nil
	}
	rows, err := c.query(`SELECT `+strategyAttachmentColumns+` FROM attachments WHERE owner_type = ? AND owner_id = ? ORDER BY id`,
		string(samspil.OwnerStrategy), s.OrganisationID)
	if err != nil {
		return internal("find strategy attachments", err)
	}
	defer rows.Close()
	for rows.Next() {
		a := &samspil.Attachment{}
		var owner string
		var by sql.NullInt64
		if err := rows.Scan(&a.ID, &owner, &a.OwnerID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &by, timeScanner{&a.CreatedAt}); err != nil {
			return internal("find strategy attachments", err)
		}
		a.OwnerType = samspil.AttachmentOwner(owner)
		a.CreatedBy = by.Int64
		s.Attachments = append(s.Attachments, a)
	}
	if err := rows.Err(); err != nil {
		return internal("find strategy attachments", err)
	}
	return nil
}

func findStrategy(c conn, code string) (*samspil.Strategy, error) {
	s, err := scanStrategy(c.queryRow(`SELECT `+strategyColumns+` FROM strategies s WHERE s.municipality_code = ?`,
		string(samspil.OrgKommune), code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errStrategyNotFound()
	} else if err != nil {
		return nil, internal("find strategy", err)
	}
	if err := loadStrategyAttachments(c, s); err != nil {
		return nil, err
	}
	return s, nil
}

// FindStrategy returns a municipality's strategy with its attachments.
// ENOTFOUND when it has recorded none.
func (d *DB) FindStrategy(ctx context.Context, code string) (*samspil.Strategy, error) {
	return findStrategy(d.read(ctx), strings.TrimSpace(code))
}

// dateOnly keeps the calendar day of t (in t's own zone) as midnight UTC,
// so a date means the same day on every server.
func dateOnly(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return &d
}

// strategyAudit is what the audit log keeps of a strategy: the text is
// left out to keep the log small.
type strategyAudit struct {
	MunicipalityCode string     `json:"municipality_code"`
	Title            string     `json:"title"`
	AdoptedOn        *time.Time `json:"adopted_on,omitempty"`
	Goals            int        `json:"goals"`
	BudgetOre        int64      `json:"budget_ore"`
}

func auditOfStrategy(s *samspil.Strategy) strategyAudit {
	return strategyAudit{MunicipalityCode: s.MunicipalityCode, Title: s.Title, AdoptedOn: s.AdoptedOn, Goals: len(s.Goals), BudgetOre: s.BudgetOre}
}

// SaveStrategy creates or replaces the strategy of s.MunicipalityCode by
// the acting user and notifies the people who follow the municipality.
// EINVALID, ENOTFOUND for a municipality the database does not know.
func (d *DB) SaveStrategy(ctx context.Context, s *samspil.Strategy) (*samspil.Strategy, error) {
	s.AdoptedOn = dateOnly(s.AdoptedOn)
	if s.Goals == nil {
		s.Goals = []samspil.StrategyGoal{}
	}
	var out *samspil.Strategy
	err := d.write(ctx, func(t *wtx) error {
		if err := s.Validate(d.opts.Catalog, t.now); err != nil {
			return err
		}
		m, err := findMunicipalityName(t.conn, s.MunicipalityCode)
		if err != nil {
			return err
		}
		var before any
		if old, err := findStrategy(t.conn, s.MunicipalityCode); err == nil {
			before = auditOfStrategy(old)
		} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
			return err
		}
		goals, err := json.Marshal(s.Goals)
		if err != nil {
			return internal("encode strategy goals", err)
		}
		_, err = t.exec(`INSERT INTO strategies (municipality_code, title, adopted_on, text, goals, budget_ore, budget_note, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (municipality_code) DO UPDATE SET title = excluded.title, adopted_on = excluded.adopted_on,
			text = excluded.text, goals = excluded.goals, budget_ore = excluded.budget_ore, budget_note = excluded.budget_note,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			s.MunicipalityCode, s.Title, t.d.tsPtr(s.AdoptedOn), s.Text, string(goals), s.BudgetOre, s.BudgetNote,
			t.d.ts(t.now), t.actorOrNil())
		if err != nil {
			return internal("save strategy", err)
		}
		saved, err := findStrategy(t.conn, s.MunicipalityCode)
		if err != nil {
			return err
		}
		if err := t.audit("strategy.save", "strategy", municipalityEntityID(s.MunicipalityCode), before, auditOfStrategy(saved)); err != nil {
			return err
		}
		if err := t.notifyFollowers([]followTarget{{samspil.FollowMunicipality, s.MunicipalityCode}}, samspil.NoteFollowStrategy,
			map[string]string{"Municipality": m, "Strategy": saved.Title}, "/kommuner/"+s.MunicipalityCode); err != nil {
			return err
		}
		out = saved
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// findMunicipalityName returns the name of the municipality with code.
// ENOTFOUND.
func findMunicipalityName(c conn, code string) (string, error) {
	var name string
	err := c.queryRow(`SELECT name FROM municipalities WHERE code = ?`, code).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("municipality.not_found", "the municipality does not exist")
	} else if err != nil {
		return "", internal("find municipality", err)
	}
	return name, nil
}

// DeleteStrategy removes a municipality's strategy and the rows of its
// attached documents (the blobs stay; other rows may share them), so a
// strategy recorded later starts without the old files. ENOTFOUND.
func (d *DB) DeleteStrategy(ctx context.Context, code string) error {
	code = strings.TrimSpace(code)
	return d.write(ctx, func(t *wtx) error {
		old, err := findStrategy(t.conn, code)
		if err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM strategies WHERE municipality_code = ?`, code); err != nil {
			return internal("delete strategy", err)
		}
		if old.OrganisationID != 0 {
			if _, err := t.exec(`DELETE FROM attachments WHERE owner_type = ? AND owner_id = ?`, string(samspil.OwnerStrategy), old.OrganisationID); err != nil {
				return internal("delete strategy attachments", err)
			}
		}
		return t.audit("strategy.delete", "strategy", municipalityEntityID(code), auditOfStrategy(old), nil)
	})
}
