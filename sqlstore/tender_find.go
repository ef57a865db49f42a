package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/textsearch"
)

// Reading tenders: one, a filtered page, and the history.

// queryIDs runs a query that selects one id column.
func queryIDs(c conn, what, q string, args ...any) ([]int64, error) {
	rows, err := c.query(q, args...)
	if err != nil {
		return nil, internal(what, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, internal(what, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(what, err)
	}
	return ids, nil
}

// findTenders loads whole tenders by id, in the order of ids.
func findTenders(c conn, ids []int64) ([]*samspil.Tender, error) {
	out := make([]*samspil.Tender, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	byID := make(map[int64]*samspil.Tender, len(ids))
	for start := 0; start < len(ids); start += idChunk {
		chunk := ids[start:min(start+idChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := c.query(`SELECT `+tenderColumns+tenderFrom+` WHERE t.id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, internal("find tenders", err)
		}
		for rows.Next() {
			x, err := scanTender(rows)
			if err != nil {
				rows.Close()
				return nil, internal("find tenders", err)
			}
			byID[x.ID] = x
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal("find tenders", err)
		}
	}
	for _, id := range ids {
		if x := byID[id]; x != nil {
			out = append(out, x)
		}
	}
	if err := fillAwardNames(c, out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindTenderByID returns the tender. ENOTFOUND.
func (d *DB) FindTenderByID(ctx context.Context, id int64) (*samspil.Tender, error) {
	return findTender(d.read(ctx), id)
}

// tenderExists returns ENOTFOUND when no tender has id.
func tenderExists(c conn, id int64) error {
	ids, err := queryIDs(c, "find tender", `SELECT id FROM tenders WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return errTenderNotFound()
	}
	return nil
}

// publicTenderStatuses are what a list shows when Statuses is empty.
var publicTenderStatuses = []samspil.TenderStatus{samspil.TenderPublished, samspil.TenderAwarded, samspil.TenderCancelled}

// FindTenders returns one page of tenders and the total. Without Statuses
// every tender but drafts is listed; drafts (and drafts cancelled before
// publication) only when BuyerID is set and Statuses asks for them. Text matches the platform search's documents of
// published and awarded tenders, and any tender whose title contains it.
// EINVALID for a negative offset or limit, an unknown status or sort, a
// CPV prefix that is not digits, or a too long text.
func (d *DB) FindTenders(ctx context.Context, f samspil.TenderFilter) ([]*samspil.Tender, int, error) {
	offset, limit, err := page(f.Offset, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	var order string
	switch f.Sort {
	case "", samspil.TenderSortDeadline:
		order = "t.tender_deadline, t.id"
	case samspil.TenderSortNewest:
		order = "COALESCE(t.published_at, t.created_at) DESC, t.id DESC"
	case samspil.TenderSortValue:
		order = "t.value_ore DESC, t.id"
	case samspil.TenderSortTitle:
		order = "t.title_key, t.id"
	default:
		return nil, 0, invalid("sort", "tender.sort.invalid", "unknown sort order")
	}
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = publicTenderStatuses
	}
	var where []string
	var args []any
	var st []any
	for _, s := range statuses {
		if !s.Valid() {
			return nil, 0, invalid("status", "tender.status.invalid", "unknown tender status")
		}
		if s == samspil.TenderDraft && f.BuyerID == 0 {
			continue // drafts are only ever the buyer's own list
		}
		st = append(st, string(s))
	}
	if len(st) == 0 {
		return []*samspil.Tender{}, 0, nil
	}
	where = append(where, "t.status IN ("+placeholders(len(st))+")")
	args = append(args, st...)
	if f.BuyerID != 0 {
		where = append(where, "t.buyer_id = ?")
		args = append(args, f.BuyerID)
	} else {
		where = append(where, "t.published_at IS NOT NULL") // not a draft cancelled before publication either
	}
	if f.MunicipalityCode != "" {
		where = append(where, "t.place_code = ?")
		args = append(args, f.MunicipalityCode)
	}
	if f.Procedure != "" {
		where = append(where, "t.procedure = ?")
		args = append(args, string(f.Procedure))
	}
	if p := strings.TrimSpace(f.CPVPrefix); p != "" {
		if len(p) > 8 || strings.Trim(p, "0123456789") != "" {
			return nil, 0, invalid("cpv", "tender.cpv_prefix.invalid", "a CPV prefix is one to eight digits")
		}
		where = append(where, "EXISTS (SELECT 1 FROM tender_cpv tc WHERE tc.tender_id = t.id AND substr(tc.code, 1, ?) = ?)")
		args = append(args, len(p), p)
	}
	if f.Reserved {
		where = append(where, "t.reserved = ?")
		args = append(args, true)
	}
	if f.OpenAt != nil {
		where = append(where, "t.status = ? AND t.tender_deadline > ?")
		args = append(args, string(samspil.TenderPublished), d.d.ts(*f.OpenAt))
	}
	if q := strings.TrimSpace(f.Text); q != "" {
		if utf8.RuneCountInString(q) > samspil.MaxQueryLen {
			return nil, 0, invalidArgs("q", "search.query.too_long", "the search text is too long", map[string]any{"Max": samspil.MaxQueryLen})
		}
		cond, cargs := d.tenderTextCond(q)
		where = append(where, cond)
		args = append(args, cargs...)
	}
	cond := whereClause(where)
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM tenders t`+cond, args...).Scan(&total); err != nil {
		return nil, 0, internal("count tenders", err)
	}
	out := []*samspil.Tender{}
	if total == 0 || offset >= total {
		return out, total, nil
	}
	ids, err := queryIDs(c, "find tenders", `SELECT t.id FROM tenders t`+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	out, err = findTenders(c, ids)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// tenderTextCond matches q against the tenders' search documents (the
// platform search's analysis) or, for drafts too, their titles.
func (d *DB) tenderTextCond(q string) (string, []any) {
	title := d.d.contains("t.title_key")
	targs := []any{nameKey(q)}
	parsed := textsearch.Parse(q)
	if parsed.Empty() {
		return title, targs
	}
	cls := []clause{facetClause(facetType, []string{string(samspil.SearchTender)})}
	for _, term := range parsed.Terms {
		cls = append(cls, termClause(term, ""))
	}
	match, margs := d.d.matchCond(cls, 0)
	return "(" + title + " OR t.id IN (SELECT d.ref_id FROM search_docs d WHERE d.doc_type = ? AND " + match + "))",
		append(append(targs, string(samspil.SearchTender)), margs...)
}

const tenderVersionColumns = `tender_id, seq, kind, at, note, snapshot, by_user`

func scanVersion(s rowScanner) (*samspil.TenderVersion, error) {
	v := &samspil.TenderVersion{}
	var snap string
	var by *int64
	if err := s.Scan(&v.TenderID, &v.Seq, &v.Kind, timeScanner{&v.At}, &v.Note, &snap, &by); err != nil {
		return nil, err
	}
	if by != nil {
		v.By = *by
	}
	var vs versionSnapshot
	if err := json.Unmarshal([]byte(snap), &vs); err != nil {
		return nil, fmt.Errorf("snapshot of tender %d version %d: %w", v.TenderID, v.Seq, err)
	}
	v.Tender, v.Clarifications = vs.Tender, vs.Clarifications
	if v.Tender != nil {
		if v.Tender.CPVCodes == nil {
			v.Tender.CPVCodes = []string{}
		}
		if v.Tender.Lots == nil {
			v.Tender.Lots = []samspil.TenderLot{}
		}
		if v.Tender.SocialGoals == nil {
			v.Tender.SocialGoals = []string{}
		}
	}
	return v, nil
}

func queryVersions(c conn, q string, args ...any) ([]*samspil.TenderVersion, error) {
	rows, err := c.query(q, args...)
	if err != nil {
		return nil, internal("find tender versions", err)
	}
	defer rows.Close()
	out := []*samspil.TenderVersion{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, internal("find tender versions", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("find tender versions", err)
	}
	return out, nil
}

// TenderVersions returns a tender's history, oldest first (empty for a
// draft). ENOTFOUND for an unknown tender.
func (d *DB) TenderVersions(ctx context.Context, tenderID int64) ([]*samspil.TenderVersion, error) {
	c := d.read(ctx)
	if err := tenderExists(c, tenderID); err != nil {
		return nil, err
	}
	return queryVersions(c, `SELECT `+tenderVersionColumns+` FROM tender_versions WHERE tender_id = ? ORDER BY seq`, tenderID)
}

// TenderVersionsBetween returns one page of the versions of all tenders
// recorded in [from, to), oldest first, and the total. EINVALID
// tender.versions.range when to is before from, and for a bad page.
func (d *DB) TenderVersionsBetween(ctx context.Context, from, to time.Time, offset, limit int) ([]*samspil.TenderVersion, int, error) {
	offset, limit, err := page(offset, limit)
	if err != nil {
		return nil, 0, err
	}
	if to.Before(from) {
		return nil, 0, invalid("to", "tender.versions.range", "the end of the period comes before its start")
	}
	c := d.read(ctx)
	var total int
	if err := c.queryRow(`SELECT COUNT(*) FROM tender_versions WHERE at >= ? AND at < ?`, d.d.ts(from), d.d.ts(to)).Scan(&total); err != nil {
		return nil, 0, internal("count tender versions", err)
	}
	if total == 0 || offset >= total {
		return []*samspil.TenderVersion{}, total, nil
	}
	out, err := queryVersions(c, `SELECT `+tenderVersionColumns+` FROM tender_versions WHERE at >= ? AND at < ?
		ORDER BY at, tender_id, seq LIMIT ? OFFSET ?`, d.d.ts(from), d.d.ts(to), limit, offset)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}
