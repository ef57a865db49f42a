package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samspil/samspil"
)

// Questions between municipalities. The text search is a plain
// case-insensitive match of every word on search_text (title, body and
// tags folded in Go), which behaves the same on SQLite and PostgreSQL;
// questions are not in the platform search index.

// questionLink is the page of a question, site-relative.
func questionLink(id int64) string { return fmt.Sprintf("/spoergsmaal/%d", id) }

// maxQueryWords bounds the words of one question search.
const maxQueryWords = 8

const questionColumns = `q.id, q.author_id, u.name, COALESCE(q.organisation_id, 0), COALESCE(o.name, ''), q.title, q.body,
	q.visibility, q.accepted_answer_id, q.answer_count, q.created_at, q.updated_at`

const questionFrom = ` FROM questions q JOIN users u ON u.id = q.author_id LEFT JOIN organisations o ON o.id = q.organisation_id`

func scanQuestion(s rowScanner) (*samspil.Question, error) {
	q := &samspil.Question{Tags: []string{}}
	var accepted sql.NullInt64
	err := s.Scan(&q.ID, &q.AuthorID, &q.AuthorName, &q.OrganisationID, &q.OrganisationName, &q.Title, &q.Body,
		&q.Visibility, &accepted, &q.AnswerCount, timeScanner{&q.CreatedAt}, timeScanner{&q.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if accepted.Valid {
		q.AcceptedAnswerID = &accepted.Int64
	}
	return q, nil
}

func errQuestionNotFound() error {
	return notFound("question.not_found", "the question does not exist")
}
func errAnswerNotFound() error { return notFound("answer.not_found", "the answer does not exist") }

// loadQuestionTags fills the tags of qs in their stored order.
func loadQuestionTags(c conn, qs []*samspil.Question) error {
	if len(qs) == 0 {
		return nil
	}
	byID := make(map[int64]*samspil.Question, len(qs))
	ids := make([]any, 0, len(qs))
	for _, q := range qs {
		if byID[q.ID] == nil {
			ids = append(ids, q.ID)
		}
		byID[q.ID] = q
	}
	rows, err := c.query(`SELECT question_id, tag FROM question_tags WHERE question_id IN (`+placeholders(len(ids))+`) ORDER BY question_id, position`, ids...)
	if err != nil {
		return internal("load question tags", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return internal("load question tags", err)
		}
		if q := byID[id]; q != nil {
			q.Tags = append(q.Tags, tag)
		}
	}
	if err := rows.Err(); err != nil {
		return internal("load question tags", err)
	}
	return nil
}

func findQuestion(c conn, id int64) (*samspil.Question, error) {
	q, err := scanQuestion(c.queryRow(`SELECT `+questionColumns+questionFrom+` WHERE q.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errQuestionNotFound()
	} else if err != nil {
		return nil, internal("find question", err)
	}
	if err := loadQuestionTags(c, []*samspil.Question{q}); err != nil {
		return nil, err
	}
	return q, nil
}

// lockQuestion locks a question row for the rest of the transaction (on
// PostgreSQL; SQLite writers are serialised anyway) and reads it.
func lockQuestion(t *wtx, id int64) (*samspil.Question, error) {
	var x int64
	err := t.queryRow(`SELECT id FROM questions WHERE id = ?`+t.d.forUpdate, id).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errQuestionNotFound()
	} else if err != nil {
		return nil, internal("lock question", err)
	}
	return findQuestion(t.conn, id)
}

// questionSearchText is what a question search matches against.
func questionSearchText(q *samspil.Question) string {
	return fold(q.Title + "\n" + q.Body + "\n" + strings.Join(q.Tags, " "))
}

// organisationName returns the name of an organisation, "" for id 0.
// ENOTFOUND org.not_found for an unknown id.
func organisationName(c conn, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	var name string
	err := c.queryRow(`SELECT name FROM organisations WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("org.not_found", "the organisation does not exist")
	} else if err != nil {
		return "", internal("find organisation", err)
	}
	return name, nil
}

// userName returns the name of a user. ENOTFOUND user.not_found.
func userName(c conn, id int64) (string, error) {
	var name string
	err := c.queryRow(`SELECT name FROM users WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("user.not_found", "the user does not exist")
	} else if err != nil {
		return "", internal("find user", err)
	}
	return name, nil
}

// questionAudit is what the audit log records about a question.
type questionAudit struct {
	Title          string                     `json:"title"`
	OrganisationID int64                      `json:"organisation_id,omitempty"`
	Visibility     samspil.QuestionVisibility `json:"visibility"`
	Tags           []string                   `json:"tags"`
}

// CreateQuestion validates and stores q, makes its author follow it and
// queues a digest notification for the followers of its tags (for a
// municipality-only question only those who may read it). OrganisationID
// 0 stores a question without an organisation (asked by the
// secretariat). EINVALID, ENOTFOUND (user.not_found, org.not_found).
func (d *DB) CreateQuestion(ctx context.Context, q *samspil.Question) error {
	if err := q.Validate(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		author, err := userName(t.conn, q.AuthorID)
		if err != nil {
			return err
		}
		org, err := organisationName(t.conn, q.OrganisationID)
		if err != nil {
			return err
		}
		id, err := t.insertID(`INSERT INTO questions (author_id, organisation_id, title, body, visibility, search_text, answer_count, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`, q.AuthorID, nullID(q.OrganisationID), q.Title, q.Body, string(q.Visibility),
			questionSearchText(q), t.d.ts(t.now), t.d.ts(t.now))
		if err != nil {
			return internal("insert question", err)
		}
		q.ID, q.AuthorName, q.OrganisationName = id, author, org
		q.AcceptedAnswerID, q.AnswerCount, q.CreatedAt, q.UpdatedAt = nil, 0, t.now, t.now
		if q.Tags == nil {
			q.Tags = []string{}
		}
		tags := newBatch(t, "question_tags", "question_id, tag, position")
		for i, tag := range q.Tags {
			if err := tags.add(id, tag, i); err != nil {
				return err
			}
		}
		if err := tags.flush(); err != nil {
			return err
		}
		if err := t.follow(q.AuthorID, samspil.FollowQuestion, fmt.Sprint(id)); err != nil {
			return err
		}
		targets := make([]followTarget, 0, len(q.Tags))
		for _, tag := range q.Tags {
			targets = append(targets, followTarget{samspil.FollowTag, tag})
		}
		args := map[string]string{"Question": q.Title, "Organisation": org, "Tags": strings.Join(q.Tags, ", ")}
		if err := t.notifyFollowersOf(targets, samspil.NoteFollowQuestion, args, questionLink(id),
			q.Visibility == samspil.QuestionMunicipalities, q.AuthorID); err != nil {
			return err
		}
		return t.audit("question.create", "question", id, nil, questionAudit{q.Title, q.OrganisationID, q.Visibility, q.Tags})
	})
	if err != nil {
		q.ID = 0
	}
	return err
}

// FindQuestionByID returns the question with its tags. ENOTFOUND.
func (d *DB) FindQuestionByID(ctx context.Context, id int64) (*samspil.Question, error) {
	return findQuestion(d.read(ctx), id)
}

// FindQuestions returns one page of questions and the total. EINVALID for
// a negative offset or limit, an unknown sort or a malformed tag.
func (d *DB) FindQuestions(ctx context.Context, f samspil.QuestionFilter) ([]*samspil.Question, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	order := ` ORDER BY q.created_at DESC, q.id DESC`
	switch f.Sort {
	case "", "newest":
	case "active":
		order = ` ORDER BY q.updated_at DESC, q.id DESC`
	case "unanswered":
		order = ` ORDER BY CASE WHEN q.answer_count = 0 THEN 0 ELSE 1 END, q.created_at DESC, q.id DESC`
	default:
		return nil, 0, invalid("sort", "question.sort.invalid", "unknown sort order")
	}
	var where []string
	var args []any
	if !f.IncludeMunicipalOnly {
		where = append(where, "q.visibility = ?")
		args = append(args, string(samspil.QuestionPublic))
	}
	if strings.TrimSpace(f.Tag) != "" {
		tag, err := samspil.NormaliseTag(f.Tag)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "EXISTS (SELECT 1 FROM question_tags t WHERE t.question_id = q.id AND t.tag = ?)")
		args = append(args, tag)
	}
	words := strings.Fields(fold(f.Query))
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	for _, w := range words {
		where = append(where, d.d.contains("q.search_text"))
		args = append(args, w)
	}
	if f.Unanswered {
		where = append(where, "q.answer_count = 0 AND q.accepted_answer_id IS NULL")
	}
	if f.AuthorID != 0 {
		where = append(where, "q.author_id = ?")
		args = append(args, f.AuthorID)
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM questions q`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count questions", err)
	}
	out := []*samspil.Question{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT `+questionColumns+questionFrom+cond+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find questions", err)
	}
	defer rows.Close()
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, 0, internal("find questions", err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find questions", err)
	}
	rows.Close()
	if err := loadQuestionTags(c, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// FindQuestionTags lists the tags of the questions the caller may see,
// most used first (ties by tag). limit 0 means 50; at most 500.
func (d *DB) FindQuestionTags(ctx context.Context, includeMunicipalOnly bool, limit int) ([]samspil.TagCount, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	cond, args := "", []any{}
	if !includeMunicipalOnly {
		cond = ` WHERE q.visibility = ?`
		args = append(args, string(samspil.QuestionPublic))
	}
	rows, err := d.read(ctx).query(`SELECT t.tag, COUNT(*) FROM question_tags t JOIN questions q ON q.id = t.question_id`+cond+
		` GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, internal("find question tags", err)
	}
	defer rows.Close()
	out := []samspil.TagCount{}
	for rows.Next() {
		var tc samspil.TagCount
		if err := rows.Scan(&tc.Tag, &tc.Count); err != nil {
			return nil, internal("find question tags", err)
		}
		out = append(out, tc)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find question tags", err)
	}
	return out, nil
}

const answerColumns = `a.id, a.question_id, a.author_id, u.name, COALESCE(a.organisation_id, 0), COALESCE(o.name, ''), a.body,
	(SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = a.id), a.created_at`

const answerFrom = ` FROM answers a JOIN users u ON u.id = a.author_id LEFT JOIN organisations o ON o.id = a.organisation_id`

func scanAnswer(s rowScanner, extra ...any) (*samspil.Answer, error) {
	a := &samspil.Answer{}
	dest := append([]any{&a.ID, &a.QuestionID, &a.AuthorID, &a.AuthorName, &a.OrganisationID, &a.OrganisationName, &a.Body,
		&a.Votes, timeScanner{&a.CreatedAt}}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	return a, nil
}

// findAnswer reads one answer; Accepted is set from its question.
func findAnswer(c conn, id int64) (*samspil.Answer, error) {
	var accepted sql.NullInt64
	a, err := scanAnswer(c.queryRow(`SELECT `+answerColumns+`, q.accepted_answer_id`+answerFrom+
		` JOIN questions q ON q.id = a.question_id WHERE a.id = ?`, id), &accepted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errAnswerNotFound()
	} else if err != nil {
		return nil, internal("find answer", err)
	}
	a.Accepted = accepted.Valid && accepted.Int64 == a.ID
	return a, nil
}

// CreateAnswer validates and stores a, moves the question's activity time,
// queues a digest notification for the question's followers (respecting
// its visibility) and makes the answerer follow the question. EINVALID,
// ENOTFOUND (question.not_found, user.not_found, org.not_found).
func (d *DB) CreateAnswer(ctx context.Context, a *samspil.Answer) error {
	if err := a.Validate(); err != nil {
		return err
	}
	err := d.write(ctx, func(t *wtx) error {
		q, err := lockQuestion(t, a.QuestionID)
		if err != nil {
			return err
		}
		author, err := userName(t.conn, a.AuthorID)
		if err != nil {
			return err
		}
		org, err := organisationName(t.conn, a.OrganisationID)
		if err != nil {
			return err
		}
		id, err := t.insertID(`INSERT INTO answers (question_id, author_id, organisation_id, body, created_at) VALUES (?, ?, ?, ?, ?)`,
			q.ID, a.AuthorID, nullID(a.OrganisationID), a.Body, t.d.ts(t.now))
		if err != nil {
			return internal("insert answer", err)
		}
		if _, err := t.exec(`UPDATE questions SET answer_count = answer_count + 1, updated_at = ? WHERE id = ?`, t.d.ts(t.now), q.ID); err != nil {
			return internal("count answer", err)
		}
		a.ID, a.AuthorName, a.OrganisationName, a.Votes, a.Accepted, a.VotedByViewer, a.CreatedAt = id, author, org, 0, false, false, t.now
		key := fmt.Sprint(q.ID)
		args := map[string]string{"Question": q.Title, "Author": author, "Organisation": org}
		if err := t.notifyFollowersOf([]followTarget{{samspil.FollowQuestion, key}}, samspil.NoteFollowAnswer, args,
			fmt.Sprintf("%s#svar-%d", questionLink(q.ID), id), q.Visibility == samspil.QuestionMunicipalities, a.AuthorID); err != nil {
			return err
		}
		if err := t.follow(a.AuthorID, samspil.FollowQuestion, key); err != nil {
			return err
		}
		return t.audit("answer.create", "answer", id, nil, map[string]any{"question_id": q.ID, "organisation_id": a.OrganisationID})
	})
	if err != nil {
		a.ID = 0
	}
	return err
}

// FindAnswers lists a question's answers: the accepted one first, then by
// votes (most first) and age (oldest first). viewerID fills VotedByViewer.
// ENOTFOUND for an unknown question.
func (d *DB) FindAnswers(ctx context.Context, questionID, viewerID int64) ([]*samspil.Answer, error) {
	c := d.read(ctx)
	var accepted sql.NullInt64
	err := c.queryRow(`SELECT accepted_answer_id FROM questions WHERE id = ?`, questionID).Scan(&accepted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errQuestionNotFound()
	} else if err != nil {
		return nil, internal("find answers", err)
	}
	rows, err := c.query(`SELECT `+answerColumns+`,
		(SELECT COUNT(*) FROM answer_votes w WHERE w.answer_id = a.id AND w.user_id = ?)`+answerFrom+`
		WHERE a.question_id = ? ORDER BY a.id`, viewerID, questionID)
	if err != nil {
		return nil, internal("find answers", err)
	}
	defer rows.Close()
	out := []*samspil.Answer{}
	for rows.Next() {
		var mine int
		a, err := scanAnswer(rows, &mine)
		if err != nil {
			return nil, internal("find answers", err)
		}
		a.VotedByViewer = viewerID != 0 && mine > 0
		a.Accepted = accepted.Valid && accepted.Int64 == a.ID
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find answers", err)
	}
	sortAnswers(out)
	return out, nil
}

// sortAnswers orders answers as FindAnswers documents; the input is in id
// (age) order and the sort is stable.
func sortAnswers(as []*samspil.Answer) {
	slices.SortStableFunc(as, func(x, y *samspil.Answer) int {
		if x.Accepted != y.Accepted {
			if x.Accepted {
				return -1
			}
			return 1
		}
		return cmp.Compare(y.Votes, x.Votes)
	})
}

// AcceptAnswer marks answerID as questionID's accepted answer, replacing
// an earlier one, and notifies the answer's author at once (unless they
// accept their own). ENOTFOUND (question, answer), EINVALID
// answer.wrong_question when the answer belongs to another question.
func (d *DB) AcceptAnswer(ctx context.Context, questionID, answerID int64) (*samspil.Question, error) {
	var out *samspil.Question
	err := d.write(ctx, func(t *wtx) error {
		q, err := lockQuestion(t, questionID)
		if err != nil {
			return err
		}
		a, err := findAnswer(t.conn, answerID)
		if err != nil {
			return err
		}
		if a.QuestionID != q.ID {
			return invalid("answer_id", "answer.wrong_question", "the answer belongs to another question")
		}
		if q.AcceptedAnswerID != nil && *q.AcceptedAnswerID == a.ID {
			out = q
			return nil
		}
		if _, err := t.exec(`UPDATE questions SET accepted_answer_id = ?, updated_at = ? WHERE id = ?`, a.ID, t.d.ts(t.now), q.ID); err != nil {
			return internal("accept answer", err)
		}
		before := q.AcceptedAnswerID
		q.AcceptedAnswerID, q.UpdatedAt = &a.ID, t.now
		n := newNotifier(t)
		if err := n.user(a.AuthorID, samspil.NoteAnswerAccepted, map[string]string{"Question": q.Title},
			fmt.Sprintf("%s#svar-%d", questionLink(q.ID), a.ID)); err != nil {
			return err
		}
		if err := n.flush(); err != nil {
			return err
		}
		out = q
		return t.audit("question.accept", "question", q.ID, map[string]any{"accepted_answer_id": before}, map[string]any{"accepted_answer_id": a.ID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// VoteAnswer records (up) or withdraws userID's vote on an answer; doing
// either twice changes nothing more. EINVALID answer.vote.own for one's
// own answer, ENOTFOUND (answer.not_found, user.not_found).
func (d *DB) VoteAnswer(ctx context.Context, answerID, userID int64, up bool) (*samspil.Answer, error) {
	var out *samspil.Answer
	err := d.write(ctx, func(t *wtx) error {
		a, err := findAnswer(t.conn, answerID)
		if err != nil {
			return err
		}
		if a.AuthorID == userID {
			return invalid("answer_id", "answer.vote.own", "you cannot vote for your own answer")
		}
		if _, err := userName(t.conn, userID); err != nil {
			return err
		}
		if up {
			_, err = t.exec(`INSERT INTO answer_votes (user_id, answer_id, created_at) VALUES (?, ?, ?) ON CONFLICT (user_id, answer_id) DO NOTHING`,
				userID, a.ID, t.d.ts(t.now))
		} else {
			_, err = t.exec(`DELETE FROM answer_votes WHERE user_id = ? AND answer_id = ?`, userID, a.ID)
		}
		if err != nil {
			return internal("vote", err)
		}
		out, err = findAnswer(t.conn, a.ID)
		if err != nil {
			return err
		}
		out.VotedByViewer = up
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
