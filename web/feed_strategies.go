package web

import (
	"net/http"
	"slices"

	samspil "github.com/samspil/samspil"
)

// handleStrategiesFeed is GET /feeds/strategies.atom: the municipalities'
// strategies, most recently saved first, for the national overview's
// readers. An entry's id stays the same when a strategy is saved again,
// so feed readers show it as updated rather than new.
func (s *Server) handleStrategiesFeed(w http.ResponseWriter, r *http.Request) {
	rows, err := s.store.FindMunicipalityOverview(r.Context())
	if err != nil {
		s.feedError(w, r, err)
		return
	}
	rows = slices.DeleteFunc(rows, func(o *samspil.MunicipalityOverview) bool { return !o.HasStrategy || o.StrategyUpdatedAt == nil })
	slices.SortStableFunc(rows, func(a, b *samspil.MunicipalityOverview) int { return b.StrategyUpdatedAt.Compare(*a.StrategyUpdatedAt) })
	if len(rows) > feedSize {
		rows = rows[:feedSize]
	}
	tr := TranslatorFrom(r)
	items := make([]kfeedItem, 0, len(rows))
	for _, o := range rows {
		items = append(items, kfeedItem{ID: "kommune/" + o.Code + "/strategi", feedItem: feedItem{
			Path: "/kommuner/" + o.Code, Title: o.StrategyTitle, Author: o.Name + " " + tr.T("national.kommune", nil),
			Summary: tr.T("kfeed.municipality.strategy", map[string]any{"Name": o.Name}), Updated: *o.StrategyUpdatedAt}})
	}
	s.writeKnowledgeFeed(w, r, feedMeta{Lang: s.lang(r), SelfPath: "/feeds/strategies.atom", HTMLPath: "/kommuner",
		Title: tr.T("kfeed.strategies.title", nil), Subtitle: tr.T("kfeed.strategies.subtitle", nil), Generated: s.now()},
		"feeds/strategies", items)
}
