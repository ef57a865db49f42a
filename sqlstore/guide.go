package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/samspil/samspil"
)

// The guide to the collaboration models: guide_chapters holds each
// chapter's current version and guide_versions every saved state,
// including the current one, so history and comparison need one table.

// guideColumns is what every chapter query selects, in scanGuideChapter's
// order; "g" is the chapter and "u" the user who saved it last.
const guideColumns = `g.id, g.slug, g.title, g.summary, g.model, g.position, g.version, g.body,
	g.updated_at, g.updated_by, COALESCE(u.name, '')`

const guideFrom = ` FROM guide_chapters g LEFT JOIN users u ON u.id = g.updated_by`

func scanGuideChapter(s rowScanner) (*samspil.GuideChapter, error) {
	g := &samspil.GuideChapter{}
	var by sql.NullInt64
	var model string
	err := s.Scan(&g.ID, &g.Slug, &g.Title, &g.Summary, &model, &g.Position, &g.Version, &g.Body,
		timeScanner{&g.UpdatedAt}, &by, &g.UpdatedByName)
	if err != nil {
		return nil, err
	}
	g.Model = samspil.CollaborationModel(model)
	if by.Valid {
		id := by.Int64
		g.UpdatedBy = &id
	}
	return g, nil
}

func errGuideNotFound() error {
	return notFound("guide.not_found", "the guide chapter does not exist")
}

// findGuideChapter loads the current version of the chapter with slug.
func findGuideChapter(c conn, slug string) (*samspil.GuideChapter, error) {
	g, err := scanGuideChapter(c.queryRow(`SELECT `+guideColumns+guideFrom+` WHERE g.slug = ?`, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errGuideNotFound()
	} else if err != nil {
		return nil, internal("find guide chapter", err)
	}
	return g, nil
}

// FindGuideChapters returns every chapter in table-of-contents order,
// with bodies.
func (d *DB) FindGuideChapters(ctx context.Context) ([]*samspil.GuideChapter, error) {
	rows, err := d.read(ctx).query(`SELECT ` + guideColumns + guideFrom + ` ORDER BY g.position, g.id`)
	if err != nil {
		return nil, internal("find guide chapters", err)
	}
	defer rows.Close()
	out := []*samspil.GuideChapter{}
	for rows.Next() {
		g, err := scanGuideChapter(rows)
		if err != nil {
			return nil, internal("find guide chapters", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find guide chapters", err)
	}
	return out, nil
}

// FindGuideChapter returns the current version of a chapter. ENOTFOUND.
func (d *DB) FindGuideChapter(ctx context.Context, slug string) (*samspil.GuideChapter, error) {
	slug = strings.TrimSpace(slug)
	if !samspil.ValidSlug(slug) {
		return nil, errGuideNotFound()
	}
	return findGuideChapter(d.read(ctx), slug)
}

// versionColumns is what version queries select, in scanGuideVersion's
// order, without the body; "v" is the version, "g" its chapter and "u"
// its author.
const versionColumns = `v.chapter_id, g.slug, v.version, v.title, v.summary, v.note, v.author_id,
	COALESCE(u.name, ''), v.created_at`

const versionFrom = ` FROM guide_versions v JOIN guide_chapters g ON g.id = v.chapter_id
	LEFT JOIN users u ON u.id = v.author_id`

func scanGuideVersion(s rowScanner, body *string) (*samspil.GuideVersion, error) {
	v := &samspil.GuideVersion{}
	var author sql.NullInt64
	dst := []any{&v.ChapterID, &v.Slug, &v.Version, &v.Title, &v.Summary, &v.Note, &author, &v.AuthorName, timeScanner{&v.CreatedAt}}
	if body != nil {
		dst = append(dst, body)
	}
	if err := s.Scan(dst...); err != nil {
		return nil, err
	}
	if author.Valid {
		id := author.Int64
		v.AuthorID = &id
	}
	return v, nil
}

// FindGuideVersions lists the versions of one chapter (chapterID > 0) or
// of every chapter (0, the "guide changes" feed), newest first, without
// bodies, and the total. An unknown chapter has no versions.
func (d *DB) FindGuideVersions(ctx context.Context, chapterID int64, offset, limit int) ([]*samspil.GuideVersion, int, error) {
	offset, limit, err := page(offset, limit)
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if chapterID > 0 {
		where = append(where, "v.chapter_id = ?")
		args = append(args, chapterID)
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM guide_versions v`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count guide versions", err)
	}
	out := []*samspil.GuideVersion{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	rows, err := c.query(`SELECT `+versionColumns+versionFrom+cond+
		` ORDER BY v.created_at DESC, v.chapter_id DESC, v.version DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, internal("find guide versions", err)
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanGuideVersion(rows, nil)
		if err != nil {
			return nil, 0, internal("find guide versions", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal("find guide versions", err)
	}
	return out, total, nil
}

// FindGuideVersion returns one version with its body. ENOTFOUND.
func (d *DB) FindGuideVersion(ctx context.Context, chapterID int64, version int) (*samspil.GuideVersion, error) {
	var body string
	v, err := scanGuideVersion(d.read(ctx).queryRow(`SELECT `+versionColumns+`, v.body`+versionFrom+
		` WHERE v.chapter_id = ? AND v.version = ?`, chapterID, version), &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("guide.version.not_found", "the version does not exist")
	} else if err != nil {
		return nil, internal("find guide version", err)
	}
	v.Body = body
	return v, nil
}

// guideAudit is what the audit log keeps of a chapter change: the bodies
// are in guide_versions already.
type guideAudit struct {
	Slug    string `json:"slug"`
	Version int    `json:"version"`
	Title   string `json:"title"`
	Note    string `json:"note,omitempty"`
}

// actorOrNil is the acting user as a nullable column value.
func (t *wtx) actorOrNil() any {
	if t.actor == 0 {
		return nil
	}
	return t.actor
}

// UpdateGuideChapter saves e as the next version of the chapter, by the
// acting user, in one transaction that holds the chapter's row: the
// version check and the write cannot be split by another editor.
// EINVALID (also guide.unchanged), ENOTFOUND, ECONFLICT guide.conflict.
func (d *DB) UpdateGuideChapter(ctx context.Context, slug string, e samspil.GuideEdit) (*samspil.GuideChapter, error) {
	slug = strings.TrimSpace(slug)
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if !samspil.ValidSlug(slug) {
		return nil, errGuideNotFound()
	}
	var out *samspil.GuideChapter
	err := d.write(ctx, func(t *wtx) error {
		var id int64
		err := t.queryRow(`SELECT id FROM guide_chapters WHERE slug = ?`+t.d.forUpdate, slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return errGuideNotFound()
		} else if err != nil {
			return internal("lock guide chapter", err)
		}
		g, err := findGuideChapter(t.conn, slug)
		if err != nil {
			return err
		}
		if e.BaseVersion != g.Version {
			msg := "someone saved a newer version of the chapter while you were editing; your text is kept, compare it with theirs"
			return &samspil.Error{
				Code: samspil.ECONFLICT, Key: "guide.conflict", Message: msg,
				Args:   map[string]any{"Version": g.Version, "Base": e.BaseVersion, "Author": g.UpdatedByName},
				Fields: []samspil.FieldError{{Field: "base_version", Key: "guide.conflict", Message: msg}},
			}
		}
		if e.Title == g.Title && e.Summary == g.Summary && e.Body == g.Body {
			return invalid("body", "guide.unchanged", "nothing was changed, so no new version was saved")
		}
		before := guideAudit{Slug: g.Slug, Version: g.Version, Title: g.Title}
		next := g.Version + 1
		res, err := t.exec(`UPDATE guide_chapters SET title = ?, summary = ?, body = ?, version = ?, updated_at = ?, updated_by = ?
			WHERE id = ? AND version = ?`,
			e.Title, e.Summary, e.Body, next, t.d.ts(t.now), t.actorOrNil(), g.ID, g.Version)
		if err != nil {
			return internal("update guide chapter", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return internal("update guide chapter", fmt.Errorf("%d rows changed (%v)", n, err))
		}
		_, err = t.exec(`INSERT INTO guide_versions (chapter_id, version, title, summary, body, note, author_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, g.ID, next, e.Title, e.Summary, e.Body, e.Note, t.actorOrNil(), t.d.ts(t.now))
		if err != nil {
			return internal("insert guide version", err)
		}
		g, err = findGuideChapter(t.conn, slug)
		if err != nil {
			return err
		}
		if err := t.audit("guide.update", "guide_chapter", g.ID, before, guideAudit{Slug: g.Slug, Version: g.Version, Title: g.Title, Note: e.Note}); err != nil {
			return err
		}
		if err := t.indexGuide(g); err != nil {
			return err
		}
		if err := t.notifyFollowers([]followTarget{{samspil.FollowGuide, g.Slug}}, samspil.NoteFollowGuide,
			map[string]string{"Chapter": g.Title}, "/vejledning/"+g.Slug); err != nil {
			return err
		}
		out = g
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SeedNote is the change note of the seeded first version of a chapter.
const SeedNote = "Første udgave"

// seedGuide adds the chapters whose slugs are missing as version 1 (no
// author, note SeedNote) and indexes them, inside the seed transaction.
// Chapters already present are never touched: the secretariat's edits
// win over the text shipped with a new release. A chapter with a bad slug,
// an empty title or body or an unknown model is a programming error of
// the seed text and stops the start.
func (t *wtx) seedGuide(chapters []*samspil.GuideChapter) error {
	if len(chapters) == 0 {
		return nil
	}
	have := map[string]bool{}
	rows, err := t.query(`SELECT slug FROM guide_chapters`)
	if err != nil {
		return internal("seed guide", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return internal("seed guide", err)
		}
		have[s] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("seed guide", err)
	}
	for i, c := range chapters {
		if c == nil {
			continue
		}
		slug := strings.TrimSpace(c.Slug)
		title := strings.TrimSpace(c.Title)
		body := strings.TrimSpace(strings.ReplaceAll(c.Body, "\r\n", "\n"))
		switch {
		case !samspil.ValidSlug(slug):
			return fmt.Errorf("sqlstore: seed guide: chapter %d has the invalid slug %q", i+1, c.Slug)
		case title == "" || body == "":
			return fmt.Errorf("sqlstore: seed guide: chapter %q needs a title and a body", slug)
		case c.Model != "" && !c.Model.Valid():
			return fmt.Errorf("sqlstore: seed guide: chapter %q has the unknown model %q", slug, c.Model)
		}
		if have[slug] {
			continue
		}
		have[slug] = true
		pos := c.Position
		if pos == 0 {
			pos = i + 1
		}
		summary := strings.TrimSpace(c.Summary)
		id, err := t.insertID(`INSERT INTO guide_chapters (slug, title, summary, model, position, version, body, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?, NULL)`, slug, title, summary, string(c.Model), pos, body, t.d.ts(t.now))
		if err != nil {
			return internal("seed guide chapter "+slug, err)
		}
		_, err = t.exec(`INSERT INTO guide_versions (chapter_id, version, title, summary, body, note, author_id, created_at)
			VALUES (?, 1, ?, ?, ?, ?, NULL, ?)`, id, title, summary, body, SeedNote, t.d.ts(t.now))
		if err != nil {
			return internal("seed guide version "+slug, err)
		}
		g := &samspil.GuideChapter{ID: id, Slug: slug, Title: title, Summary: summary, Model: c.Model, Position: pos,
			Version: 1, Body: body, UpdatedAt: t.now}
		if err := t.indexGuide(g); err != nil {
			return err
		}
	}
	return nil
}
