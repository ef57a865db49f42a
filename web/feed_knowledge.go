package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/refdata"
)

// The knowledge platform's Atom feeds: new cases, guide changes and public
// questions (all of them or one tag's), and one municipality's news. Entry
// ids are tag URIs (RFC 4151) minted from the site's host and the year the
// feeds began, so they stay the same when a page moves or the feed is read
// over another scheme.

// tagIDYear is the date part of every tag: id. It must never change.
const tagIDYear = "2026"

// kfeedItem is a feed entry with its own stable id and any categories.
type kfeedItem struct {
	feedItem
	ID         string // the specific part of the tag URI, e.g. "erfaring/12"
	Categories []atomCategory
}

// tagID is the tag URI of specific on this site.
func (s *Server) tagID(specific string) string {
	host := s.baseURL.Hostname()
	if ip := net.ParseIP(host); ip != nil || host == "" {
		// A tag authority is a domain name; a bare address (development
		// and tests) is still unique enough and kept readable.
		host = strings.ReplaceAll(host, ":", "-")
	}
	return "tag:" + host + "," + tagIDYear + ":" + specific
}

// buildKnowledgeFeed writes an Atom document. The feed's and entries' ids
// are tag: URIs when feedID and the items' IDs are set, and otherwise
// their absolute URLs (the search and board feeds).
func (s *Server) buildKnowledgeFeed(m feedMeta, feedID string, items []kfeedItem) ([]byte, error) {
	id := s.feedAbsURL(m.SelfPath)
	if feedID != "" {
		id = s.tagID(feedID)
	}
	f := atomFeed{
		NS: "http://www.w3.org/2005/Atom", Lang: m.Lang, ID: id, Title: m.Title, Subtitle: m.Subtitle,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.feedAbsURL(m.SelfPath)},
			{Rel: "alternate", Type: "text/html", Href: s.feedAbsURL(m.HTMLPath)},
		},
		Author: atomPerson{Name: "Samspil", URI: s.feedAbsURL("/")},
		Gen:    "Samspil",
	}
	updated := m.Generated
	if len(items) > 0 {
		updated = time.Time{}
	}
	for _, it := range items {
		if it.Updated.IsZero() {
			it.Updated = m.Generated
		}
		if it.Updated.After(updated) {
			updated = it.Updated
		}
		e := atomEntry{
			ID: s.feedAbsURL(it.Path), Title: it.Title, Updated: atomTime(it.Updated),
			Links:  []atomLink{{Rel: "alternate", Type: "text/html", Href: s.feedAbsURL(it.Path)}},
			Author: atomPerson{Name: it.Author}, Categories: it.Categories,
		}
		if it.ID != "" {
			e.ID = s.tagID(it.ID)
		}
		if it.Category != "" {
			e.Categories = append(e.Categories, atomCategory{Term: it.Category, Label: it.CategoryLabel})
		}
		if e.Author.Name == "" {
			e.Author.Name = "Samspil"
		}
		if it.AuthorPath != "" {
			e.Author.URI = s.feedAbsURL(it.AuthorPath)
		}
		if !it.Published.IsZero() {
			e.Published = atomTime(it.Published)
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Text: it.Summary}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// writeKnowledgeFeed sends a knowledge feed, or a plain 500.
func (s *Server) writeKnowledgeFeed(w http.ResponseWriter, r *http.Request, m feedMeta, feedID string, items []kfeedItem) {
	b, err := s.buildKnowledgeFeed(m, feedID, items)
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", atomContentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(b)
}

// caseFeedItem is a published case as an entry: model, municipality and
// summary.
func (s *Server) caseFeedItem(r *http.Request, c *samspil.Case) kfeedItem {
	tr := TranslatorFrom(r)
	var facts []string
	if c.Model != "" {
		facts = append(facts, tr.T("model."+string(c.Model), nil))
	}
	if m, ok := refdata.MunicipalityByCode(c.MunicipalityCode); ok {
		facts = append(facts, m.Name)
	}
	summary := strings.Join(facts, " · ")
	if c.Summary != "" {
		summary += "\n\n" + excerpt(c.Summary, 600)
	}
	pub := c.CreatedAt
	if c.PublishedAt != nil {
		pub = *c.PublishedAt
	}
	upd := c.UpdatedAt
	if upd.Before(pub) {
		upd = pub
	}
	it := kfeedItem{ID: fmt.Sprintf("erfaring/%d", c.ID), feedItem: feedItem{
		Path: fmt.Sprintf("/erfaringer/%d", c.ID), Title: c.Title, Summary: summary, Author: c.OrganisationName,
		Updated: upd, Published: pub}}
	if c.OrganisationID != 0 {
		it.AuthorPath = fmt.Sprintf("/organisationer/%d", c.OrganisationID)
	}
	if c.Model != "" {
		it.Categories = []atomCategory{{Term: string(c.Model), Label: tr.T("model."+string(c.Model), nil)}}
	}
	return it
}

// handleCasesFeed is GET /feeds/cases.atom[?model=&municipality=]: the
// newest published cases, optionally of one model or municipality.
func (s *Server) handleCasesFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tr := TranslatorFrom(r)
	f := samspil.CaseFilter{Sort: "newest", Limit: feedSize}
	var v samspil.Validation
	sub := []string{}
	if m := q.Get("model"); m != "" {
		f.Model = samspil.CollaborationModel(m)
		if !f.Model.Valid() {
			v.Add("model", "case.model.invalid", "choose a collaboration model", nil)
		} else {
			sub = append(sub, tr.T("model."+m, nil))
		}
	}
	if c := q.Get("municipality"); c != "" {
		f.MunicipalityCode = c
		if m, ok := refdata.MunicipalityByCode(c); !ok {
			v.Add("municipality", "org.municipality.unknown", "unknown municipality code", map[string]any{"Code": c})
		} else {
			sub = append(sub, m.Name)
		}
	}
	if err := v.Err(); err != nil {
		s.feedError(w, r, err)
		return
	}
	cases, _, err := s.store.FindCases(r.Context(), f)
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	items := make([]kfeedItem, 0, len(cases))
	for _, c := range cases {
		if c.Status != samspil.CasePublished {
			continue // never a draft, whatever the store returns
		}
		items = append(items, s.caseFeedItem(r, c))
	}
	qs := url.Values{}
	for _, k := range []string{"model", "municipality"} {
		if x := q.Get(k); x != "" {
			qs.Set(k, x)
		}
	}
	enc := ""
	if len(qs) > 0 {
		enc = "?" + qs.Encode()
	}
	subtitle := tr.T("kfeed.cases.subtitle", nil)
	if len(sub) > 0 {
		subtitle = strings.Join(sub, " · ")
	}
	s.writeKnowledgeFeed(w, r, feedMeta{Lang: s.lang(r), SelfPath: "/feeds/cases.atom" + enc, HTMLPath: "/erfaringer" + enc,
		Title: tr.T("kfeed.cases.title", nil), Subtitle: subtitle, Generated: s.now()}, "feeds/cases"+enc, items)
}

// handleGuideFeed is GET /feeds/guide.atom: every saved change of the
// guide, newest first, with the editor's note.
func (s *Server) handleGuideFeed(w http.ResponseWriter, r *http.Request) {
	tr := TranslatorFrom(r)
	vs, _, err := s.store.FindGuideVersions(r.Context(), 0, 0, feedSize)
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	items := make([]kfeedItem, 0, len(vs))
	for _, v := range vs {
		summary := v.Note
		if summary == "" {
			summary = v.Summary
		}
		if summary == "" {
			summary = tr.T("kfeed.guide.no_note", nil)
		}
		author := v.AuthorName
		if author == "" {
			author = tr.T("kfeed.guide.secretariat", nil)
		}
		items = append(items, kfeedItem{ID: fmt.Sprintf("vejledning/%s/v%d", v.Slug, v.Version), feedItem: feedItem{
			Path:  "/vejledning/" + url.PathEscape(v.Slug),
			Title: tr.T("kfeed.guide.entry", map[string]any{"Title": v.Title, "Version": v.Version}), Summary: summary,
			Author: author, Updated: v.CreatedAt, Published: v.CreatedAt,
		}})
	}
	s.writeKnowledgeFeed(w, r, feedMeta{Lang: s.lang(r), SelfPath: "/feeds/guide.atom", HTMLPath: "/vejledning",
		Title: tr.T("kfeed.guide.title", nil), Subtitle: tr.T("kfeed.guide.subtitle", nil), Generated: s.now()}, "feeds/guide", items)
}

// questionFeedItems turns public questions into entries. Municipality-only
// questions are left out here as well as in the store's query: a feed is
// read by anyone, so whoever asks for it gets public questions only.
func (s *Server) questionFeedItems(qs []*samspil.Question) []kfeedItem {
	items := make([]kfeedItem, 0, len(qs))
	for _, q := range qs {
		if q.Visibility != samspil.QuestionPublic {
			continue
		}
		it := kfeedItem{ID: fmt.Sprintf("spoergsmaal/%d", q.ID), feedItem: feedItem{
			Path: fmt.Sprintf("/spoergsmaal/%d", q.ID), Title: q.Title, Summary: excerpt(markdown.Plain(q.Body), 600),
			Author: q.OrganisationName, Updated: q.UpdatedAt, Published: q.CreatedAt,
		}}
		if q.OrganisationID != 0 {
			it.AuthorPath = fmt.Sprintf("/organisationer/%d", q.OrganisationID)
		}
		for _, t := range q.Tags {
			it.Categories = append(it.Categories, atomCategory{Term: t})
		}
		items = append(items, it)
	}
	return items
}

// handleQuestionsFeed is GET /feeds/questions.atom: the newest public
// questions. It ignores who is signed in.
func (s *Server) handleQuestionsFeed(w http.ResponseWriter, r *http.Request) {
	tr := TranslatorFrom(r)
	qs, _, err := s.store.FindQuestions(r.Context(), samspil.QuestionFilter{IncludeMunicipalOnly: false, Sort: "newest", Limit: feedSize})
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	s.writeKnowledgeFeed(w, r, feedMeta{Lang: s.lang(r), SelfPath: "/feeds/questions.atom", HTMLPath: "/spoergsmaal",
		Title: tr.T("kfeed.questions.title", nil), Subtitle: tr.T("kfeed.questions.subtitle", nil), Generated: s.now()},
		"feeds/questions", s.questionFeedItems(qs))
}

// handleTagFeed is GET /feeds/tag/{tag}.atom: the newest public questions
// with one tag.
func (s *Server) handleTagFeed(w http.ResponseWriter, r *http.Request) {
	raw, ok := strings.CutSuffix(r.PathValue("tag"), ".atom")
	if !ok {
		s.feedError(w, r, samspil.Errorf(samspil.ENOTFOUND, "error.page_not_found", "page not found"))
		return
	}
	tag, err := samspil.NormaliseTag(raw)
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	qs, _, err := s.store.FindQuestions(r.Context(), samspil.QuestionFilter{Tag: tag, IncludeMunicipalOnly: false, Sort: "newest", Limit: feedSize})
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	esc := url.PathEscape(tag)
	s.writeKnowledgeFeed(w, r, feedMeta{Lang: s.lang(r), SelfPath: "/feeds/tag/" + esc + ".atom", HTMLPath: "/spoergsmaal/emne/" + esc,
		Title: tr.T("kfeed.tag.title", map[string]any{"Tag": tag}), Subtitle: tr.T("kfeed.questions.subtitle", nil), Generated: s.now()},
		"feeds/tag/"+tag, s.questionFeedItems(qs))
}

// handleMunicipalityFeed is GET /kommuner/{kode}/feed.atom: the
// municipality's strategy (an entry that is updated when it changes) and
// its newest published cases.
func (s *Server) handleMunicipalityFeed(w http.ResponseWriter, r *http.Request) {
	m, ok := refdata.MunicipalityByCode(r.PathValue("kode"))
	if !ok {
		s.feedError(w, r, samspil.Errorf(samspil.ENOTFOUND, "error.page_not_found", "page not found"))
		return
	}
	tr := TranslatorFrom(r)
	var items []kfeedItem
	st, err := s.store.FindStrategy(r.Context(), m.Code)
	switch samspil.ErrorCode(err) {
	case "":
		summary := tr.T("kfeed.municipality.strategy", map[string]any{"Name": m.Name})
		if st.Text != "" {
			summary += "\n\n" + excerpt(markdown.Plain(st.Text), 600)
		}
		items = append(items, kfeedItem{ID: "kommune/" + m.Code + "/strategi", feedItem: feedItem{
			Path: "/kommuner/" + m.Code, Title: st.Title, Summary: summary, Author: m.Name + " " + tr.T("national.kommune", nil),
			Updated: st.UpdatedAt}})
	case samspil.ENOTFOUND:
	default:
		s.feedError(w, r, err)
		return
	}
	cases, _, err := s.store.FindCases(r.Context(), samspil.CaseFilter{MunicipalityCode: m.Code, Sort: "newest", Limit: feedSize})
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	for _, c := range cases {
		if c.Status == samspil.CasePublished {
			items = append(items, s.caseFeedItem(r, c))
		}
	}
	s.writeKnowledgeFeed(w, r, feedMeta{Lang: s.lang(r), SelfPath: "/kommuner/" + m.Code + "/feed.atom", HTMLPath: "/kommuner/" + m.Code,
		Title: tr.T("kfeed.municipality.title", map[string]any{"Name": m.Name}), Generated: s.now()}, "feeds/kommune/"+m.Code, items)
}
