package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

const interestSelect = `SELECT i.id, i.opportunity_id, p.title, i.owner_id, ow.name, i.organisation_id, og.name,
	i.message, i.status, i.decision_note, i.partnership_id, i.created_by, i.decided_by, i.created_at, i.decided_at
	FROM interests i JOIN opportunities p ON p.id = i.opportunity_id
	JOIN organisations ow ON ow.id = i.owner_id JOIN organisations og ON og.id = i.organisation_id`

func scanInterest(s rowScanner) (*samspil.Interest, error) {
	i := &samspil.Interest{}
	var partnership, decidedBy sql.NullInt64
	err := s.Scan(&i.ID, &i.OpportunityID, &i.OpportunityTitle, &i.OwnerID, &i.OwnerName, &i.OrganisationID, &i.OrganisationName,
		&i.Message, &i.Status, &i.DecisionNote, &partnership, &i.CreatedBy, &decidedBy, timeScanner{&i.CreatedAt}, nullTimeScanner{&i.DecidedAt})
	if err != nil {
		return nil, err
	}
	if partnership.Valid {
		i.PartnershipID = &partnership.Int64
	}
	if decidedBy.Valid {
		i.DecidedBy = &decidedBy.Int64
	}
	return i, nil
}

var errInterestNotFound = func() error { return notFound("interest.not_found", "the interest does not exist") }

func findInterest(c conn, id int64) (*samspil.Interest, error) {
	i, err := scanInterest(c.queryRow(interestSelect+` WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errInterestNotFound()
	} else if err != nil {
		return nil, internal("find interest", err)
	}
	return i, nil
}

// interestAudit is what the audit log records about an interest.
type interestAudit struct {
	OpportunityID  int64                  `json:"opportunity_id"`
	OrganisationID int64                  `json:"organisation_id"`
	Status         samspil.InterestStatus `json:"status"`
	DecisionNote   string                 `json:"decision_note,omitempty"`
	PartnershipID  *int64                 `json:"partnership_id,omitempty"`
}

func auditInterest(i *samspil.Interest) interestAudit {
	return interestAudit{i.OpportunityID, i.OrganisationID, i.Status, i.DecisionNote, i.PartnershipID}
}

// CreateInterest validates and stores i as pending and notifies the active
// members of the opportunity's organisation. EINVALID (a bad message,
// interest.own, interest.not_open), ENOTFOUND (opportunity or
// organisation), ECONFLICT interest.duplicate.
func (d *DB) CreateInterest(ctx context.Context, i *samspil.Interest) error {
	if err := i.Validate(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		opp, err := lockOpportunity(t, i.OpportunityID)
		if err != nil {
			return err
		}
		org, err := findOrganisation(t.conn, "o.id = ?", "", i.OrganisationID)
		if err != nil {
			return err
		}
		if org.ID == opp.OrganisationID {
			return invalid("organisation_id", "interest.own", "you cannot express interest in your own opportunity")
		}
		if opp.Status != samspil.OppOpen || opp.Expired(t.now) {
			return invalid("opportunity_id", "interest.not_open", "the opportunity is no longer open")
		}
		var n int
		if err := t.queryRow(`SELECT COUNT(*) FROM interests WHERE opportunity_id = ? AND organisation_id = ? AND status IN (?, ?)`,
			opp.ID, org.ID, string(samspil.InterestPending), string(samspil.InterestAccepted)).Scan(&n); err != nil {
			return internal("check interest", err)
		}
		errDup := conflict("opportunity_id", "interest.duplicate", "your organisation has already expressed interest in this opportunity")
		if n > 0 {
			return errDup
		}
		i.Status, i.DecisionNote, i.PartnershipID, i.DecidedBy, i.DecidedAt = samspil.InterestPending, "", nil, nil, nil
		i.CreatedBy, i.CreatedAt = t.actor, t.now
		i.OwnerID, i.OwnerName, i.OpportunityTitle, i.OrganisationName = opp.OrganisationID, opp.OrganisationName, opp.Title, org.Name
		id, err := t.insertID(`INSERT INTO interests (opportunity_id, owner_id, organisation_id, message, status, decision_note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, '', ?, ?)`, opp.ID, opp.OrganisationID, org.ID, i.Message, string(i.Status), i.CreatedBy, t.d.ts(t.now))
		if isUniqueViolation(err) {
			return errDup
		} else if err != nil {
			return internal("insert interest", err)
		}
		i.ID = id
		nt := newNotifier(t)
		if err := nt.org(opp.OrganisationID, samspil.NoteInterestReceived,
			map[string]string{"Opportunity": opp.Title, "Organisation": org.Name}, opportunityLink(opp.ID)); err != nil {
			return err
		}
		if err := nt.flush(); err != nil {
			return err
		}
		return t.audit("interest.create", "interest", id, nil, auditInterest(i))
	})
	if err != nil {
		i.ID = 0
	}
	return err
}

// FindInterestByID returns the interest. ENOTFOUND.
func (d *DB) FindInterestByID(ctx context.Context, id int64) (*samspil.Interest, error) {
	return findInterest(d.read(ctx), id)
}

// FindInterests returns one page, newest first, and the total. EINVALID
// for a negative offset or limit.
func (d *DB) FindInterests(ctx context.Context, f samspil.InterestFilter) ([]*samspil.Interest, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if f.OpportunityID != 0 {
		where = append(where, "i.opportunity_id = ?")
		args = append(args, f.OpportunityID)
	}
	if f.OwnerID != 0 {
		where = append(where, "i.owner_id = ?")
		args = append(args, f.OwnerID)
	}
	if f.OrganisationID != 0 {
		where = append(where, "i.organisation_id = ?")
		args = append(args, f.OrganisationID)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "i.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM interests i`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count interests", err)
	}
	out := []*samspil.Interest{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(interestSelect+cond+` ORDER BY i.created_at DESC, i.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find interests", err)
	}
	defer rows.Close()
	for rows.Next() {
		i, err := scanInterest(rows)
		if err != nil {
			return nil, 0, internal("find interests", err)
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find interests", err)
	}
	return out, total, nil
}

// decideInterest locks a pending interest, checks the note and sets the
// new status; fn then does what the decision implies. ENOTFOUND, EINVALID
// for a note that is too long, ECONFLICT interest.decided.
func (d *DB) decideInterest(ctx context.Context, id int64, status samspil.InterestStatus, note string, fn func(t *wtx, i *samspil.Interest) error) (*samspil.Interest, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > samspil.MaxInterestMessage {
		var v samspil.Validation
		v.Add("decision_note", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxInterestMessage})
		return nil, v.Err()
	}
	var out *samspil.Interest
	err := d.write(ctx, func(t *wtx) error {
		var x int64
		err := t.queryRow(`SELECT id FROM interests WHERE id = ?`+t.d.forUpdate, id).Scan(&x)
		if errors.Is(err, sql.ErrNoRows) {
			return errInterestNotFound()
		} else if err != nil {
			return internal("lock interest", err)
		}
		i, err := findInterest(t.conn, id)
		if err != nil {
			return err
		}
		if i.Status != samspil.InterestPending {
			return &samspil.Error{Code: samspil.ECONFLICT, Key: "interest.decided", Message: "the interest has already been answered or withdrawn",
				Args: map[string]any{"Status": string(i.Status)}}
		}
		before := auditInterest(i)
		i.Status, i.DecisionNote = status, note
		now := t.now
		i.DecidedAt = &now
		var decidedBy any
		if t.actor != 0 {
			actor := t.actor
			i.DecidedBy = &actor
			decidedBy = actor
		}
		if fn != nil {
			if err := fn(t, i); err != nil {
				return err
			}
		}
		var partnership any
		if i.PartnershipID != nil {
			partnership = *i.PartnershipID
		}
		_, err = t.exec(`UPDATE interests SET status = ?, decision_note = ?, decided_by = ?, decided_at = ?, partnership_id = ? WHERE id = ?`,
			string(i.Status), i.DecisionNote, decidedBy, t.d.ts(t.now), partnership, id)
		if err != nil {
			return internal("update interest", err)
		}
		action := map[samspil.InterestStatus]string{samspil.InterestAccepted: "interest.accept", samspil.InterestDeclined: "interest.decline", samspil.InterestWithdrawn: "interest.withdraw"}[status]
		if err := t.audit(action, "interest", id, before, auditInterest(i)); err != nil {
			return err
		}
		out = i
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AcceptInterest marks a pending interest accepted and creates the
// proposed partnership in the same transaction; the interested
// organisation is told it was accepted and both sides that a partnership
// was proposed. ENOTFOUND, ECONFLICT interest.decided.
func (d *DB) AcceptInterest(ctx context.Context, id int64, note string) (*samspil.Interest, *samspil.Partnership, error) {
	var p *samspil.Partnership
	i, err := d.decideInterest(ctx, id, samspil.InterestAccepted, note, func(t *wtx, i *samspil.Interest) error {
		opp, err := findOpportunity(t.conn, i.OpportunityID)
		if err != nil {
			return err
		}
		oppID, interestID := opp.ID, i.ID
		p = &samspil.Partnership{
			Title: opp.Title, Model: opp.Kind.Model(), Status: samspil.PartnershipProposed,
			OpportunityID: &oppID, InterestID: &interestID,
			Parties: []samspil.PartnershipParty{
				{OrganisationID: i.OwnerID, Role: "ejer"},
				{OrganisationID: i.OrganisationID, Role: "partner"},
			},
		}
		if err := insertPartnership(t, p); err != nil {
			return err
		}
		pid := p.ID
		i.PartnershipID = &pid
		nt := newNotifier(t)
		if err := nt.org(i.OrganisationID, samspil.NoteInterestAccepted,
			map[string]string{"Opportunity": opp.Title, "Organisation": i.OwnerName}, opportunityLink(opp.ID)); err != nil {
			return err
		}
		if err := nt.org(i.OwnerID, samspil.NotePartnershipNew,
			map[string]string{"Opportunity": opp.Title, "Organisation": i.OrganisationName}, partnershipLink(p.ID)); err != nil {
			return err
		}
		if err := nt.org(i.OrganisationID, samspil.NotePartnershipNew,
			map[string]string{"Opportunity": opp.Title, "Organisation": i.OwnerName}, partnershipLink(p.ID)); err != nil {
			return err
		}
		if err := nt.flush(); err != nil {
			return err
		}
		full, err := findPartnership(t.conn, p.ID)
		if err != nil {
			return err
		}
		p = full
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return i, p, nil
}

// DeclineInterest marks a pending interest declined and tells the
// interested organisation. ENOTFOUND, ECONFLICT interest.decided.
func (d *DB) DeclineInterest(ctx context.Context, id int64, note string) (*samspil.Interest, error) {
	return d.decideInterest(ctx, id, samspil.InterestDeclined, note, func(t *wtx, i *samspil.Interest) error {
		nt := newNotifier(t)
		if err := nt.org(i.OrganisationID, samspil.NoteInterestDeclined,
			map[string]string{"Opportunity": i.OpportunityTitle, "Organisation": i.OwnerName}, opportunityLink(i.OpportunityID)); err != nil {
			return err
		}
		return nt.flush()
	})
}

// WithdrawInterest takes back a pending interest. ENOTFOUND, ECONFLICT
// interest.decided.
func (d *DB) WithdrawInterest(ctx context.Context, id int64) (*samspil.Interest, error) {
	return d.decideInterest(ctx, id, samspil.InterestWithdrawn, "", nil)
}
