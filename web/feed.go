package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

// feedSize is how many entries a feed carries: the newest ones.
const feedSize = 50

// atomContentType is what feeds are served as (RFC 4287).
const atomContentType = "application/atom+xml; charset=utf-8"

// atomFeed is an Atom 1.0 feed document.
type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Gen      string      `xml:"generator,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

// atomLink is an Atom link element.
type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// atomPerson is an author.
type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// atomText is a plain-text construct.
type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// atomCategory labels an entry (the opportunity kind).
type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// atomEntry is one entry.
type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
}

// feedItem is what a feed entry is built from, independent of where it
// came from (a search hit or an opportunity).
type feedItem struct {
	Path          string // e.g. /muligheder/12
	Title         string
	Summary       string
	Author        string
	AuthorPath    string // e.g. /organisationer/3
	Category      string
	CategoryLabel string
	Updated       time.Time
	Published     time.Time
}

// feedMeta is the feed's own head.
type feedMeta struct {
	Lang      string
	SelfPath  string // path and query of the feed itself
	HTMLPath  string // the page the feed mirrors
	Title     string
	Subtitle  string
	Generated time.Time // "updated" when there are no entries
}

// buildFeed writes an Atom document. Entry ids are the entries' absolute
// URLs under the configured base URL: stable and unique as long as the
// site keeps its address. (The knowledge feeds use tag: ids instead; both
// are written by buildKnowledgeFeed.)
func (s *Server) buildFeed(m feedMeta, items []feedItem) ([]byte, error) {
	k := make([]kfeedItem, len(items))
	for i, it := range items {
		k[i] = kfeedItem{feedItem: it}
	}
	return s.buildKnowledgeFeed(m, "", k)
}

// atomTime is RFC 3339 in UTC, as Atom wants it.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feedAbsURL makes an absolute URL from a path with an optional query.
func (s *Server) feedAbsURL(pathQuery string) string {
	path, query, _ := strings.Cut(pathQuery, "?")
	u := *s.baseURL
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = query
	return u.String()
}

// writeFeed sends a feed, or a plain 500 when it cannot be built.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, m feedMeta, items []feedItem) {
	b, err := s.buildFeed(m, items)
	if err != nil {
		s.logger.ErrorContext(r.Context(), "feed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", atomContentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(b)
}

// handleOpportunityFeed is GET /muligheder/feed.atom: every open
// opportunity, newest first.
func (s *Server) handleOpportunityFeed(w http.ResponseWriter, r *http.Request) {
	opps, _, err := s.store.FindOpportunities(r.Context(), samspil.OpportunityFilter{
		Statuses: []samspil.OpportunityStatus{samspil.OppOpen}, Sort: "newest", Limit: feedSize,
	})
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	items := make([]feedItem, 0, len(opps))
	for _, o := range opps {
		items = append(items, s.oppFeedItem(r, o))
	}
	s.writeFeed(w, r, feedMeta{
		Lang: s.lang(r), SelfPath: "/muligheder/feed.atom", HTMLPath: "/muligheder",
		Title: tr.T("feed.opportunities.title", nil), Subtitle: tr.T("feed.opportunities.subtitle", nil), Generated: s.now(),
	}, items)
}

// oppFeedItem is an opportunity as a feed entry: what, who, where, until when.
func (s *Server) oppFeedItem(r *http.Request, o *samspil.Opportunity) feedItem {
	tr := TranslatorFrom(r)
	var facts []string
	facts = append(facts, tr.T("search.oppkind."+string(o.Kind), nil))
	if o.MunicipalityCode != "" {
		facts = append(facts, facetLabels{tr: tr}.label(samspil.FacetMunicipality, o.MunicipalityCode, s.lang(r)))
	}
	if o.Deadline != nil {
		p := &Page{Lang: s.lang(r), s: s, tr: tr}
		facts = append(facts, tr.T("feed.deadline", map[string]any{"Date": p.Date(*o.Deadline)}))
	}
	summary := strings.Join(facts, " · ")
	if o.Description != "" {
		summary += "\n\n" + excerpt(o.Description, 600)
	}
	pub := o.CreatedAt
	upd := o.UpdatedAt
	if upd.IsZero() {
		upd = pub
	}
	it := feedItem{
		Path: fmt.Sprintf("/muligheder/%d", o.ID), Title: o.Title, Summary: summary, Author: o.OrganisationName,
		Category: string(o.Kind), CategoryLabel: tr.T("search.oppkind."+string(o.Kind), nil), Updated: upd, Published: pub,
	}
	if o.OrganisationID != 0 {
		it.AuthorPath = fmt.Sprintf("/organisationer/%d", o.OrganisationID)
	}
	return it
}

// handleSearchFeed is GET /soeg/feed.atom?<search>: the newest results of
// a search as a feed. Without a type it follows opportunities (what saved
// searches alert about), and only open ones.
func (s *Server) handleSearchFeed(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := samspil.ParseSearchQuery(v)
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	if len(q.Types) == 0 {
		q.Types = []samspil.SearchType{samspil.SearchOpportunity}
		q.OpenOnly = true
	}
	q.Sort, q.Page, q.PerPage = samspil.SortNewest, 1, feedSize
	res, err := s.store.Search(r.Context(), q)
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	// Opportunity hits get their full record (organisation, description,
	// dates) in one query; hits keep their own data if that fails.
	var ids []int64
	for _, h := range res.Items {
		if h.Type == samspil.SearchOpportunity {
			ids = append(ids, h.ID)
		}
	}
	byID := map[int64]*samspil.Opportunity{}
	if len(ids) > 0 {
		opps, _, err := s.store.FindOpportunities(r.Context(), samspil.OpportunityFilter{IDs: ids, Limit: len(ids)})
		if err != nil {
			s.logger.WarnContext(r.Context(), "feed: loading opportunities", "err", err)
		}
		for _, o := range opps {
			byID[o.ID] = o
		}
	}
	tr := TranslatorFrom(r)
	names := facetLabels{tr: tr}
	items := make([]feedItem, 0, len(res.Items))
	for _, h := range res.Items {
		if o, ok := byID[h.ID]; ok && h.Type == samspil.SearchOpportunity {
			items = append(items, s.oppFeedItem(r, o))
			continue
		}
		it := feedItem{Title: h.Title, Summary: h.Snippet, Updated: h.UpdatedAt, Category: h.Kind}
		if h.Kind != "" {
			it.CategoryLabel = names.label(samspil.FacetKind, h.Kind, s.lang(r))
		}
		switch h.Type {
		case samspil.SearchOrganisation:
			it.Path = fmt.Sprintf("/organisationer/%d", h.ID)
			it.Author, it.AuthorPath = h.Title, it.Path
		case samspil.SearchOpportunity:
			it.Path = fmt.Sprintf("/muligheder/%d", h.ID)
		default:
			it.Path = "/soeg?" + url.Values{"q": {h.Title}}.Encode()
		}
		items = append(items, it)
	}
	enc := q.Encode()
	title := tr.T("feed.search.title.all", nil)
	if q.Text != "" {
		title = tr.T("feed.search.title", map[string]any{"Query": q.Text})
	}
	orig := v.Encode()
	if orig == "" {
		orig = enc
	}
	s.writeFeed(w, r, feedMeta{
		Lang: s.lang(r), SelfPath: "/soeg/feed.atom" + searchQS(orig), HTMLPath: "/soeg" + searchQS(orig),
		Title: title, Subtitle: strings.Join(s.describeSearch(r, orig), " · "), Generated: s.now(),
	}, items)
}

// feedError answers a feed request that failed: 400 with the reason for
// parameters that do not parse, the usual status otherwise, as plain text
// (a feed reader shows no HTML page).
func (s *Server) feedError(w http.ResponseWriter, r *http.Request, err error) {
	status := HTTPStatus(err)
	msg := TranslatorFrom(r).Err(err)
	if samspil.ErrorCode(err) == samspil.EINVALID {
		status = http.StatusBadRequest
		if e, ok := samspil.AsError(err); ok {
			for _, fe := range e.Fields {
				msg += "\n" + fe.Field + ": " + TranslatorFrom(r).Err(&samspil.Error{Code: samspil.EINVALID, Key: fe.Key, Message: fe.Message, Args: fe.Args})
			}
		}
	}
	if status >= 500 {
		s.logger.ErrorContext(r.Context(), "feed", "err", err)
		msg = s.t(r, "error.internal", nil)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
