package web

import (
	"fmt"
	"net/http"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/refdata"
)

// handleTenderFeed is GET /feeds/tenders.atom: the published tenders,
// newest first, each with its buyer, procedure, place and the deadline for
// tenders in Danish time. Entry ids are tag: URIs ("udbud/<id>"), so an
// amended tender shows as updated, not as a new entry.
func (s *Server) handleTenderFeed(w http.ResponseWriter, r *http.Request) {
	ts, _, err := s.store.FindTenders(r.Context(), samspil.TenderFilter{
		Statuses: []samspil.TenderStatus{samspil.TenderPublished}, Sort: samspil.TenderSortNewest, Limit: feedSize})
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	items := make([]kfeedItem, 0, len(ts))
	for _, t := range ts {
		if t.Status != samspil.TenderPublished {
			continue // never a draft, whatever the store returns
		}
		items = append(items, s.tenderFeedItem(r, t))
	}
	s.writeKnowledgeFeed(w, r, feedMeta{Lang: s.lang(r), SelfPath: "/feeds/tenders.atom", HTMLPath: "/udbud",
		Title: tr.T("tsupplier.feed.title", nil), Subtitle: tr.T("tsupplier.feed.subtitle", nil), Generated: s.now()},
		"feeds/tenders", items)
}

// tenderFeedItem is a tender as a feed entry: who buys what, how, where
// and until when.
func (s *Server) tenderFeedItem(r *http.Request, t *samspil.Tender) kfeedItem {
	tr := TranslatorFrom(r)
	p := &Page{Lang: tr.Lang, s: s, tr: tr}
	facts := []string{tr.T("tsupplier.procedure."+string(t.Procedure), nil)}
	if m, ok := refdata.MunicipalityByCode(t.PlaceCode); ok {
		facts = append(facts, m.Name)
	}
	if t.ValueOre > 0 {
		facts = append(facts, tr.T("tsupplier.feed.value", map[string]any{"Value": p.DKK(t.ValueOre)}))
	}
	facts = append(facts, tr.T("tsupplier.feed.deadline", map[string]any{"Date": tr.T("tsupplier.deadline.at", map[string]any{"Date": p.DateTime(t.TenderDeadline)})}))
	summary := strings.Join(facts, " · ")
	if t.Description != "" {
		summary += "\n\n" + excerpt(markdown.Plain(t.Description), 600)
	}
	pub := t.CreatedAt
	if t.PublishedAt != nil {
		pub = *t.PublishedAt
	}
	upd := t.UpdatedAt
	if upd.Before(pub) {
		upd = pub
	}
	it := kfeedItem{ID: fmt.Sprintf("udbud/%d", t.ID), feedItem: feedItem{
		Path: tsupPath(t.ID, ""), Title: t.Title, Summary: summary, Author: t.BuyerName,
		Category: string(t.Procedure), CategoryLabel: tr.T("tsupplier.procedure."+string(t.Procedure), nil),
		Updated: upd, Published: pub,
	}}
	if t.BuyerID != 0 {
		it.AuthorPath = fmt.Sprintf("/organisationer/%d", t.BuyerID)
	}
	if t.MainCPV != "" {
		it.Categories = append(it.Categories, atomCategory{Term: "cpv:" + t.MainCPV})
	}
	return it
}
