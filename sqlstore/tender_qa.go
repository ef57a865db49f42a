package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// The suppliers' side of a tender: anonymous clarification questions with
// answers published to everyone at once, and each organisation's response
// (notified, opened, interested, declined) for the buyer's overview.

const clarificationColumns = `id, tender_id, organisation_id, question, answer, asked_at, answered_at, asked_by, answered_by`

func scanClarification(s rowScanner) (*samspil.Clarification, error) {
	c := &samspil.Clarification{}
	var org, askedBy, answeredBy sql.NullInt64
	if err := s.Scan(&c.ID, &c.TenderID, &org, &c.Question, &c.Answer, timeScanner{&c.AskedAt}, nullTimeScanner{&c.AnsweredAt},
		&askedBy, &answeredBy); err != nil {
		return nil, err
	}
	c.OrganisationID, c.AskedBy = org.Int64, askedBy.Int64
	if answeredBy.Valid {
		id := answeredBy.Int64
		c.AnsweredBy = &id
	}
	return c, nil
}

// findClarifications returns a tender's questions, oldest first; only the
// answered ones unless withUnanswered.
func findClarifications(c conn, tenderID int64, withUnanswered bool) ([]*samspil.Clarification, error) {
	q := `SELECT ` + clarificationColumns + ` FROM tender_clarifications WHERE tender_id = ?`
	if !withUnanswered {
		q += ` AND answered_at IS NOT NULL`
	}
	rows, err := c.query(q+` ORDER BY asked_at, id`, tenderID)
	if err != nil {
		return nil, internal("find clarifications", err)
	}
	defer rows.Close()
	out := []*samspil.Clarification{}
	for rows.Next() {
		x, err := scanClarification(rows)
		if err != nil {
			return nil, internal("find clarifications", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find clarifications", err)
	}
	return out, nil
}

// FindClarifications returns a tender's questions, oldest first;
// unanswered ones only with withUnanswered (the buyer's view). ENOTFOUND
// for an unknown tender.
func (d *DB) FindClarifications(ctx context.Context, tenderID int64, withUnanswered bool) ([]*samspil.Clarification, error) {
	c := d.read(ctx)
	if err := tenderExists(c, tenderID); err != nil {
		return nil, err
	}
	return findClarifications(c, tenderID, withUnanswered)
}

// AskClarification stores a question of c.OrganisationID while questions
// are open and notifies the buyer's members, without saying who asked.
// EINVALID (the question, tender.questions_closed, tender.response.own),
// ENOTFOUND (tender or organisation).
func (d *DB) AskClarification(ctx context.Context, c *samspil.Clarification) error {
	if err := c.Validate(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		x, err := lockTender(t, c.TenderID)
		if err != nil {
			return err
		}
		if x.PublishedAt == nil { // a draft, or cancelled before publication
			return errTenderNotFound() // only the buyer sees a draft
		}
		if _, err := findOrganisation(t.conn, "o.id = ?", "", c.OrganisationID); err != nil {
			return err
		}
		if c.OrganisationID == x.BuyerID {
			return invalid("organisation_id", "tender.response.own", "the buyer cannot answer its own tender")
		}
		if !x.QuestionsOpen(t.now) {
			return invalid("question", "tender.questions_closed", "the deadline for questions has passed")
		}
		c.Answer, c.AnsweredAt, c.AnsweredBy, c.AskedAt, c.AskedBy = "", nil, nil, t.now, t.actor
		id, err := t.insertID(`INSERT INTO tender_clarifications (tender_id, organisation_id, question, answer, asked_at, asked_by)
			VALUES (?, ?, ?, '', ?, ?)`, c.TenderID, c.OrganisationID, c.Question, t.d.ts(t.now), nullID(c.AskedBy))
		if err != nil {
			return internal("insert clarification", err)
		}
		c.ID = id
		n := newNotifier(t)
		if err := n.org(x.BuyerID, samspil.NoteTenderQuestion, tenderArgs(x, ""), tenderLink(x.ID)); err != nil {
			return err
		}
		if err := n.flush(); err != nil {
			return err
		}
		return t.audit("tender.question", "tender_clarification", id, nil,
			map[string]any{"tender_id": c.TenderID, "organisation_id": c.OrganisationID})
	})
	if err != nil {
		c.ID = 0
	}
	return err
}

// AnswerClarification publishes the answer and notifies at once every
// organisation that opened the tender or registered interest, and the
// tender's followers. EINVALID (tender.clarification.answer_required, too
// long), ENOTFOUND tender.clarification.not_found, ECONFLICT
// tender.clarification.answered and tender.not_published.
func (d *DB) AnswerClarification(ctx context.Context, id int64, answer string) (*samspil.Clarification, error) {
	answer = strings.TrimSpace(answer)
	switch {
	case answer == "":
		return nil, invalid("answer", "tender.clarification.answer_required", "write the answer")
	case utf8.RuneCountInString(answer) > samspil.MaxClarificationLen:
		return nil, invalidArgs("answer", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxClarificationLen})
	}
	var out *samspil.Clarification
	err := d.write(ctx, func(t *wtx) error {
		var tenderID int64
		err := t.queryRow(`SELECT tender_id FROM tender_clarifications WHERE id = ?`, id).Scan(&tenderID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("tender.clarification.not_found", "the question does not exist")
		} else if err != nil {
			return internal("find clarification", err)
		}
		x, err := lockTender(t, tenderID)
		if err != nil {
			return err
		}
		c, err := scanClarification(t.queryRow(`SELECT `+clarificationColumns+` FROM tender_clarifications WHERE id = ?`, id))
		if err != nil {
			return internal("find clarification", err)
		}
		if c.AnsweredAt != nil {
			return conflict("answer", "tender.clarification.answered", "the question has already been answered")
		}
		if x.Status != samspil.TenderPublished {
			return errTenderNotPublished()
		}
		now := t.now
		c.Answer, c.AnsweredAt = answer, &now
		if t.actor != 0 {
			a := t.actor
			c.AnsweredBy = &a
		}
		if _, err := t.exec(`UPDATE tender_clarifications SET answer = ?, answered_at = ?, answered_by = ? WHERE id = ?`,
			answer, t.d.ts(now), optID(c.AnsweredBy), id); err != nil {
			return internal("answer clarification", err)
		}
		if err := notifyInterested(t, x, samspil.NoteTenderAnswer, tenderArgs(x, "")); err != nil {
			return err
		}
		if err := t.audit("tender.answer", "tender_clarification", id, nil, map[string]any{"tender_id": x.ID}); err != nil {
			return err
		}
		out = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const responseColumns = `r.tender_id, r.organisation_id, o.name, r.state, r.lots, r.message, r.notified_at, r.opened_at, r.responded_at, r.reminded_at`

func scanResponse(s rowScanner) (*samspil.TenderResponse, error) {
	r := &samspil.TenderResponse{}
	var lots string
	if err := s.Scan(&r.TenderID, &r.OrganisationID, &r.OrganisationName, &r.State, &lots, &r.Message, nullTimeScanner{&r.NotifiedAt},
		nullTimeScanner{&r.OpenedAt}, nullTimeScanner{&r.RespondedAt}, nullTimeScanner{&r.RemindedAt}); err != nil {
		return nil, err
	}
	if lots != "" {
		if err := json.Unmarshal([]byte(lots), &r.Lots); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func queryResponses(c conn, q string, args ...any) ([]*samspil.TenderResponse, error) {
	rows, err := c.query(q, args...)
	if err != nil {
		return nil, internal("find tender responses", err)
	}
	defer rows.Close()
	out := []*samspil.TenderResponse{}
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			return nil, internal("find tender responses", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find tender responses", err)
	}
	return out, nil
}

const responseFrom = ` FROM tender_responses r JOIN organisations o ON o.id = r.organisation_id`

// responseStateOrder sorts responses in the order of the states.
const responseStateOrder = `CASE r.state WHEN 'notified' THEN 0 WHEN 'opened' THEN 1 WHEN 'interested' THEN 2 ELSE 3 END`

// RespondToTender records that r.OrganisationID opened the tender,
// registered interest (with lots and message) or declined. Opening never
// downgrades an interest or a decline. EINVALID tender.response.state,
// tender.response.own, tender.response.closed (interest after the
// deadline), tender.response.lots and a too long message; ENOTFOUND for an
// unknown tender (or a draft) or organisation. On success r holds the
// stored response.
func (d *DB) RespondToTender(ctx context.Context, r *samspil.TenderResponse) error {
	switch r.State {
	case samspil.ResponseOpened, samspil.ResponseInterested, samspil.ResponseDeclined:
	default:
		return invalid("state", "tender.response.state", "choose whether you are interested or decline")
	}
	r.Message = strings.TrimSpace(r.Message)
	if utf8.RuneCountInString(r.Message) > samspil.MaxInterestMessage {
		return invalidArgs("message", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxInterestMessage})
	}
	return d.write(ctx, func(t *wtx) error {
		x, err := lockTender(t, r.TenderID)
		if err != nil {
			return err
		}
		if x.PublishedAt == nil { // a draft, or cancelled before publication
			return errTenderNotFound()
		}
		org, err := findOrganisation(t.conn, "o.id = ?", "", r.OrganisationID)
		if err != nil {
			return err
		}
		if org.ID == x.BuyerID {
			return invalid("organisation_id", "tender.response.own", "the buyer cannot answer its own tender")
		}
		if r.State == samspil.ResponseInterested && !x.Open(t.now) {
			return invalid("state", "tender.response.closed", "the deadline for tenders has passed")
		}
		lots, err := responseLots(x, r.Lots)
		if err != nil {
			return err
		}
		old, err := queryResponses(t.conn, `SELECT `+responseColumns+responseFrom+` WHERE r.tender_id = ? AND r.organisation_id = ?`, x.ID, org.ID)
		if err != nil {
			return err
		}
		now := t.now
		var cur samspil.TenderResponse
		if len(old) > 0 {
			cur = *old[0]
		} else {
			cur = samspil.TenderResponse{TenderID: x.ID, OrganisationID: org.ID, OrganisationName: org.Name, State: samspil.ResponseOpened}
		}
		wasInterested := cur.State == samspil.ResponseInterested
		if cur.OpenedAt == nil {
			cur.OpenedAt = &now
		}
		switch r.State {
		case samspil.ResponseOpened:
			if cur.State == samspil.ResponseNotified {
				cur.State = samspil.ResponseOpened
			}
		default:
			cur.State, cur.Lots, cur.Message, cur.RespondedAt = r.State, lots, r.Message, &now
		}
		enc, err := jsonText(cur.Lots)
		if err != nil {
			return err
		}
		if cur.Lots == nil {
			enc = "[]"
		}
		_, err = t.exec(`INSERT INTO tender_responses (tender_id, organisation_id, state, lots, message, notified_at, opened_at, responded_at, reminded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tender_id, organisation_id) DO UPDATE SET state = excluded.state, lots = excluded.lots, message = excluded.message,
			opened_at = excluded.opened_at, responded_at = excluded.responded_at`,
			cur.TenderID, cur.OrganisationID, string(cur.State), enc, cur.Message, t.d.tsPtr(cur.NotifiedAt), t.d.tsPtr(cur.OpenedAt),
			t.d.tsPtr(cur.RespondedAt), t.d.tsPtr(cur.RemindedAt))
		if err != nil {
			return internal("save tender response", err)
		}
		if r.State != samspil.ResponseOpened {
			if err := t.audit("tender.respond", "tender", x.ID, nil, map[string]any{"organisation_id": org.ID, "state": cur.State, "lots": cur.Lots}); err != nil {
				return err
			}
		}
		if cur.State == samspil.ResponseInterested && !wasInterested {
			args := tenderArgs(x, "")
			args["Organisation"] = org.Name
			n := newNotifier(t)
			if err := n.org(x.BuyerID, samspil.NoteTenderInterest, args, tenderLink(x.ID)); err != nil {
				return err
			}
			if err := n.flush(); err != nil {
				return err
			}
		}
		*r = cur
		return nil
	})
}

// responseLots checks that every lot number exists in the tender and
// returns them sorted and unique; nil means all lots.
func responseLots(x *samspil.Tender, lots []int) ([]int, error) {
	if len(lots) == 0 {
		return nil, nil
	}
	known := map[int]bool{}
	for _, l := range x.Lots {
		known[l.Number] = true
	}
	seen := map[int]bool{}
	var out []int
	for _, n := range lots {
		if !known[n] {
			return nil, invalidArgs("lots", "tender.response.lots", "the tender has no such lot", map[string]any{"N": n})
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out, nil
}

// FindTenderResponses returns the responses to a tender in the order of
// the states (notified, opened, interested, declined), then by name.
// ENOTFOUND for an unknown tender.
func (d *DB) FindTenderResponses(ctx context.Context, tenderID int64) ([]*samspil.TenderResponse, error) {
	c := d.read(ctx)
	if err := tenderExists(c, tenderID); err != nil {
		return nil, err
	}
	return queryResponses(c, `SELECT `+responseColumns+responseFrom+` WHERE r.tender_id = ? ORDER BY `+responseStateOrder+`, o.name_key, o.id`, tenderID)
}

// FindResponsesByOrganisation returns an organisation's responses, its
// tender inbox, newest first (by its latest event). Drafts never appear.
func (d *DB) FindResponsesByOrganisation(ctx context.Context, orgID int64) ([]*samspil.TenderResponse, error) {
	return queryResponses(d.read(ctx), `SELECT `+responseColumns+responseFrom+` JOIN tenders t ON t.id = r.tender_id
		WHERE r.organisation_id = ? AND t.published_at IS NOT NULL
		ORDER BY COALESCE(r.responded_at, r.opened_at, r.notified_at) DESC, r.tender_id DESC`, orgID)
}

// reminderGap is how long an organisation is left alone after a reminder.
const reminderGap = 24 * time.Hour

// RemindTenderRecipients notifies again the organisations that were
// notified or opened the tender without answering and were not reminded in
// the last 24 hours, and returns how many. ENOTFOUND, ECONFLICT
// tender.not_open when the tender is not open for tenders.
func (d *DB) RemindTenderRecipients(ctx context.Context, tenderID int64) (int, error) {
	var count int
	err := d.write(ctx, func(t *wtx) error {
		x, err := lockTender(t, tenderID)
		if err != nil {
			return err
		}
		if !x.Open(t.now) {
			return tenderState("tender.not_open", "the tender is no longer open for tenders")
		}
		orgs, err := queryIDs(t.conn, "find organisations to remind", `SELECT organisation_id FROM tender_responses
			WHERE tender_id = ? AND state IN (?, ?) AND (reminded_at IS NULL OR reminded_at <= ?) ORDER BY organisation_id`,
			x.ID, string(samspil.ResponseNotified), string(samspil.ResponseOpened), t.d.ts(t.now.Add(-reminderGap)))
		if err != nil {
			return err
		}
		if len(orgs) == 0 {
			return nil
		}
		for start := 0; start < len(orgs); start += idChunk {
			chunk := orgs[start:min(start+idChunk, len(orgs))]
			args := []any{t.d.ts(t.now), x.ID}
			for _, id := range chunk {
				args = append(args, id)
			}
			if _, err := t.exec(`UPDATE tender_responses SET reminded_at = ? WHERE tender_id = ? AND organisation_id IN (`+
				placeholders(len(chunk))+`)`, args...); err != nil {
				return internal("remind tender recipients", err)
			}
		}
		users, err := activeMembers(t.conn, orgs)
		if err != nil {
			return err
		}
		n := newNotifier(t)
		if err := n.users(users, samspil.NoteTenderReminder, tenderArgs(x, ""), tenderLink(x.ID)); err != nil {
			return err
		}
		if err := n.flush(); err != nil {
			return err
		}
		count = len(orgs)
		return t.audit("tender.remind", "tender", x.ID, nil, map[string]any{"organisations": orgs})
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}
