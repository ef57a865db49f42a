package samspil

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// QuestionVisibility says who may read a question and its answers.
type QuestionVisibility string

// A question is public, or shown only to municipal staff (and the
// national secretariat), so colleagues can ask what they would not ask in
// public.
const (
	QuestionPublic         QuestionVisibility = "public"
	QuestionMunicipalities QuestionVisibility = "municipalities"
)

// Valid reports whether v is known.
func (v QuestionVisibility) Valid() bool { return v == QuestionPublic || v == QuestionMunicipalities }

// Question and answer limits.
const (
	MaxQuestionTags = 5
	MaxTagLen       = 40
	MaxQuestionBody = 10000
	MaxAnswerBody   = 10000
)

// Question is asked by municipal staff of each other. Tags are
// collaboration-model codes or free subjects (NormaliseTag).
type Question struct {
	ID               int64              `json:"id"`
	AuthorID         int64              `json:"-"`
	AuthorName       string             `json:"author_name"`       // filled on read
	OrganisationID   int64              `json:"organisation_id"`   // the asker's municipality organisation
	OrganisationName string             `json:"organisation_name"` // filled on read
	Title            string             `json:"title"`
	Body             string             `json:"body"` // Markdown
	Tags             []string           `json:"tags"`
	Visibility       QuestionVisibility `json:"visibility"`
	AcceptedAnswerID *int64             `json:"accepted_answer_id,omitempty"`
	AnswerCount      int                `json:"answer_count"` // filled on read
	CreatedAt        time.Time          `json:"created_at"`
	UpdatedAt        time.Time          `json:"updated_at"` // last answer, acceptance or edit
}

// Validate normalises q.
func (q *Question) Validate() error {
	var v Validation
	q.Title = strings.TrimSpace(q.Title)
	switch n := utf8.RuneCountInString(q.Title); {
	case n < 10:
		v.Add("title", "question.title.short", "write the question in at least 10 characters", map[string]any{"Min": 10})
	case n > MaxNameLen:
		v.Add("title", "question.title.too_long", "the title is too long", map[string]any{"Max": MaxNameLen})
	}
	q.Body = strings.TrimSpace(q.Body)
	if utf8.RuneCountInString(q.Body) > MaxQuestionBody {
		v.Add("body", "field.too_long", "the text is too long", map[string]any{"Max": MaxQuestionBody})
	}
	if q.Visibility == "" {
		q.Visibility = QuestionPublic
	} else if !q.Visibility.Valid() {
		v.Add("visibility", "question.visibility.invalid", "choose who may read the question", nil)
	}
	refuseCPR(&v, map[string]string{"title": q.Title, "body": q.Body})
	tags, err := NormaliseTags(q.Tags)
	if err != nil {
		v.Merge(err)
	}
	q.Tags = tags
	return v.Err()
}

// NormaliseTag lower-cases a tag, turns spaces into hyphens and checks
// that only letters (æ, ø, å included), digits, hyphens and underscores
// remain. Model codes ("reserveret_kontrakt") are valid tags.
func NormaliseTag(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "#")))
	s = strings.Join(strings.Fields(s), "-")
	if s == "" {
		return "", tagError("tag.empty", "a tag cannot be empty", nil)
	}
	if utf8.RuneCountInString(s) > MaxTagLen {
		return "", tagError("tag.too_long", "a tag can be at most 40 characters", map[string]any{"Max": MaxTagLen})
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return "", tagError("tag.invalid", "a tag may only hold letters, digits and hyphens", map[string]any{"Tag": s})
		}
	}
	return s, nil
}

// NormaliseTags normalises, de-duplicates and bounds a list of tags. A
// comma-separated string may be passed as one element.
func NormaliseTags(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, raw := range in {
		for _, part := range strings.Split(raw, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			t, err := NormaliseTag(part)
			if err != nil {
				return nil, err
			}
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	if len(out) > MaxQuestionTags {
		return nil, tagError("tag.too_many", "use at most 5 tags", map[string]any{"Max": MaxQuestionTags})
	}
	return out, nil
}

// tagError is a field error on the tags input.
func tagError(key, msg string, args map[string]any) error {
	var v Validation
	v.Add("tags", key, msg, args)
	return v.Err()
}

// Answer is one reply to a question.
type Answer struct {
	ID               int64     `json:"id"`
	QuestionID       int64     `json:"question_id"`
	AuthorID         int64     `json:"-"`
	AuthorName       string    `json:"author_name"`       // filled on read
	OrganisationID   int64     `json:"organisation_id"`   // the organisation the author answers for
	OrganisationName string    `json:"organisation_name"` // filled on read
	Body             string    `json:"body"`              // Markdown
	Votes            int       `json:"votes"`             // filled on read
	Accepted         bool      `json:"accepted"`          // filled on read
	VotedByViewer    bool      `json:"voted_by_viewer"`   // filled on read for AnswerFilter.ViewerID
	CreatedAt        time.Time `json:"created_at"`
}

// Validate trims and bounds the body.
func (a *Answer) Validate() error {
	var v Validation
	a.Body = strings.TrimSpace(a.Body)
	switch n := utf8.RuneCountInString(a.Body); {
	case n == 0:
		v.Add("body", "answer.body.required", "write an answer", nil)
	case n > MaxAnswerBody:
		v.Add("body", "field.too_long", "the text is too long", map[string]any{"Max": MaxAnswerBody})
	}
	refuseCPR(&v, map[string]string{"body": a.Body})
	return v.Err()
}

// QuestionFilter selects questions.
type QuestionFilter struct {
	Query string // platform search text
	Tag   string
	// IncludeMunicipalOnly shows municipality-only questions: set it only
	// for municipal staff and the secretariat (Principal.IsMunicipal).
	IncludeMunicipalOnly bool
	Unanswered           bool   // no accepted answer and no answers
	AuthorID             int64  // one person's questions
	Sort                 string // "newest" (default), "active" (last answer) or "unanswered"
	Offset, Limit        int
}

// TagCount is a tag and how many visible questions carry it.
type TagCount struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// QuestionService keeps questions, answers, acceptance and votes. The
// callers check who may see a question (Visibility) and who may accept.
type QuestionService interface {
	// CreateQuestion stores q by q.AuthorID for q.OrganisationID, makes the
	// author follow it and notifies the followers of its tags. EINVALID,
	// ENOTFOUND.
	CreateQuestion(ctx context.Context, q *Question) error
	// FindQuestionByID returns ENOTFOUND when no question has id.
	FindQuestionByID(ctx context.Context, id int64) (*Question, error)
	// FindQuestions returns one page and the total.
	FindQuestions(ctx context.Context, f QuestionFilter) ([]*Question, int, error)
	// FindQuestionTags lists tags by use, most used first.
	FindQuestionTags(ctx context.Context, includeMunicipalOnly bool, limit int) ([]TagCount, error)
	// CreateAnswer stores a and notifies the question's followers.
	// EINVALID, ENOTFOUND.
	CreateAnswer(ctx context.Context, a *Answer) error
	// FindAnswers lists a question's answers: the accepted one first, then
	// by votes and age. viewerID fills VotedByViewer (0: nobody).
	FindAnswers(ctx context.Context, questionID, viewerID int64) ([]*Answer, error)
	// AcceptAnswer marks answerID as the accepted answer of questionID
	// (replacing an earlier one) and notifies the answer's author.
	// ENOTFOUND, EINVALID when the answer belongs to another question.
	AcceptAnswer(ctx context.Context, questionID, answerID int64) (*Question, error)
	// VoteAnswer records or (up=false) withdraws userID's vote. Voting
	// twice counts once. EINVALID (key answer.vote.own) for one's own
	// answer, ENOTFOUND.
	VoteAnswer(ctx context.Context, answerID, userID int64, up bool) (*Answer, error)
}
