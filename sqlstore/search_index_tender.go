package sqlstore

import (
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/refdata"
	"github.com/samspil/samspil/textsearch"
)

// Tenders in the one search index (type tender): published and awarded
// tenders, never drafts; a cancelled tender leaves the index. The kind is
// the collaboration model the procedure leads to, so the model facet finds
// reserved contracts, their guide chapter and their cases together.

// procedureWords are Danish words for each procedure, indexed with every
// tender of the procedure.
var procedureWords = map[samspil.Procedure]string{
	samspil.ProcReserved:       "reserveret kontrakt udbudsloven § 20 beskyttede værksteder",
	samspil.ProcSocialClause:   "social klausul sociale klausuler udbud",
	samspil.ProcLightRegime:    "light regime lempet regime sociale ydelser",
	samspil.ProcBelowThreshold: "under tærskelværdien indkøb",
	samspil.ProcFramework:      "rammeaftale",
}

// tenderIndexed reports whether a tender of status s has a document.
func tenderIndexed(s samspil.TenderStatus) bool {
	return s == samspil.TenderPublished || s == samspil.TenderAwarded
}

// tenderDoc builds the document of a published or awarded tender.
func tenderDoc(x *samspil.Tender, p place, a *textsearch.Analyzer) *searchDoc {
	model := x.Procedure.Model()
	doc := &searchDoc{
		Type: samspil.SearchTender, RefID: x.ID, Title: x.Title, Snippet: snippet(markdown.Plain(x.Description)),
		Kind: string(model), Municipality: x.PlaceCode, Region: p.region, Status: string(x.Status),
		Live: x.Status == samspil.TenderPublished, CreatedAt: x.CreatedAt, UpdatedAt: x.UpdatedAt,
	}
	if x.PublishedAt != nil {
		doc.CreatedAt = *x.PublishedAt
	}
	parts := []string{markdown.Plain(x.Description), markdown.Plain(x.SocialCriteria), x.BuyerName, x.PlaceText, p.name, p.regionName,
		modelWords[model], procedureWords[x.Procedure]}
	var f []string
	for _, c := range x.AllCPV() {
		if len(c) >= 2 {
			f = append(f, textsearch.FacetToken(facetCPV, c[:2]))
		}
		if cpv, ok := refdata.CPVByCode(c); ok {
			parts = append(parts, cpv.LabelDA)
		}
	}
	for _, l := range x.Lots {
		parts = append(parts, l.Title, markdown.Plain(l.Description))
	}
	if x.Award != nil {
		parts = append(parts, x.Award.SupplierNames...)
	}
	doc.Tokens = a.Analyze(x.Title, strings.Join(parts, "\n"))
	doc.Facets = docFacets(doc, f)
	return doc
}

// indexTender puts a published or awarded tender in the search index and
// takes any other out of it.
func (t *wtx) indexTender(x *samspil.Tender) error {
	if !tenderIndexed(x.Status) {
		counts := newTally()
		if err := t.removeDocs(samspil.SearchTender, []int64{x.ID}, counts); err != nil {
			return err
		}
		return t.applyCounts(counts)
	}
	p, err := placeOf(t.conn, x.PlaceCode)
	if err != nil {
		return err
	}
	return t.putDocs([]*searchDoc{tenderDoc(x, p, textsearch.NewAnalyzer())})
}

// tenders adds the published and awarded tenders to a rebuild of the index.
func (r *rebuildReader) tenders(c conn, out func([]*searchDoc) error) error {
	var after int64
	for {
		ids, err := queryIDs(c, "search rebuild: tenders", `SELECT id FROM tenders WHERE status IN (?, ?) AND id > ? ORDER BY id LIMIT ?`,
			string(samspil.TenderPublished), string(samspil.TenderAwarded), after, 500)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		after = ids[len(ids)-1]
		ts, err := findTenders(c, ids)
		if err != nil {
			return err
		}
		docs := make([]*searchDoc, len(ts))
		for i, x := range ts {
			docs[i] = tenderDoc(x, r.ps[x.PlaceCode], r.a)
		}
		if err := out(docs); err != nil {
			return err
		}
	}
}
