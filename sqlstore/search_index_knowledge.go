package sqlstore

import (
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
	"github.com/samspil/samspil/textsearch"
)

// The knowledge platform's documents in the one search index: published
// cases (type case) and the guide's chapters (type guide). Both use the
// collaboration model as their kind, so a search for "afknopning" or the
// model facet finds the chapter and the cases of a model together.

// modelWords are Danish words for each collaboration model, indexed with
// every case and chapter of the model so the model's name finds them.
var modelWords = map[samspil.CollaborationModel]string{
	samspil.ModelIndkob:             "indkøb køb",
	samspil.ModelReserveretKontrakt: "reserveret kontrakt reserverede kontrakter udbudsloven § 20",
	samspil.ModelSocialKlausul:      "social klausul sociale klausuler",
	samspil.ModelAfknopning:         "afknopning udskillelse",
	samspil.ModelIntraprenorskab:    "intraprenørskab intraprenør",
	samspil.ModelResultatbaseret:    "resultatbaseret betaling",
	samspil.ModelPilot:              "pilot pilotprojekt forsøg",
	samspil.ModelLaboratorium:       "laboratorium socialt innovationslaboratorium",
	samspil.ModelKompetenceloeft:    "kompetenceløft opkvalificering",
	samspil.ModelRekruttering:       "rekruttering ansættelse",
}

// caseDoc builds the document of a published case. groups maps target
// group codes to their Danish names, which are indexed as words too.
func caseDoc(c *samspil.Case, p place, groups map[string]string, a *textsearch.Analyzer) *searchDoc {
	doc := &searchDoc{
		Type: samspil.SearchCase, RefID: c.ID, Title: c.Title, Snippet: snippet(c.Summary),
		Kind: string(c.Model), Municipality: c.MunicipalityCode, Region: p.region, Status: string(c.Status),
		Live: true, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
	if c.PublishedAt != nil {
		doc.CreatedAt = *c.PublishedAt // "newest" means newest published
	}
	if doc.Snippet == "" {
		doc.Snippet = snippet(markdown.Plain(c.WhatWasDone))
	}
	parts := []string{c.Summary, markdown.Plain(c.WhatWasDone), markdown.Plain(c.Economy), markdown.Plain(c.WorkedWell),
		markdown.Plain(c.WorkedLess), c.OrganisationName, p.name, p.regionName, modelWords[c.Model]}
	for _, partner := range c.Partners {
		parts = append(parts, partner.Name, partner.Role)
	}
	for _, r := range c.Results {
		parts = append(parts, r.Metric, r.Unit)
	}
	var f []string
	for _, g := range c.TargetGroups {
		f = append(f, textsearch.FacetToken(facetTargetGroup, g))
		parts = append(parts, groups[g])
	}
	doc.Tokens = a.Analyze(c.Title, strings.Join(parts, "\n"))
	doc.Facets = docFacets(doc, f)
	return doc
}

// guideDoc builds the document of a guide chapter's current version.
func guideDoc(g *samspil.GuideChapter, a *textsearch.Analyzer) *searchDoc {
	plain := markdown.Plain(g.Body)
	doc := &searchDoc{
		Type: samspil.SearchGuide, RefID: g.ID, Title: g.Title, Snippet: snippet(g.Summary),
		Kind: string(g.Model), Live: true, CreatedAt: g.UpdatedAt, UpdatedAt: g.UpdatedAt,
	}
	if doc.Snippet == "" {
		doc.Snippet = snippet(plain)
	}
	doc.Tokens = a.Analyze(g.Title, strings.Join([]string{g.Summary, plain, modelWords[g.Model]}, "\n"))
	doc.Facets = docFacets(doc, nil)
	return doc
}

// targetGroupNames reads the Danish name of every target group.
func targetGroupNames(c conn) (map[string]string, error) {
	rows, err := c.query(`SELECT code, name_da FROM target_groups`)
	if err != nil {
		return nil, internal("search index: target groups", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, internal("search index: target groups", err)
		}
		out[code] = name
	}
	return out, rows.Err()
}

// indexCase puts a published case in the search index and takes any
// other case out of it (the search only shows published cases).
func (t *wtx) indexCase(c *samspil.Case) error {
	if c.Status != samspil.CasePublished {
		return t.unindexCase(c.ID)
	}
	p, err := placeOf(t.conn, c.MunicipalityCode)
	if err != nil {
		return err
	}
	groups, err := targetGroupNames(t.conn)
	if err != nil {
		return err
	}
	return t.putDocs([]*searchDoc{caseDoc(c, p, groups, textsearch.NewAnalyzer())})
}

// unindexCase removes a case's document, if it has one.
func (t *wtx) unindexCase(id int64) error {
	counts := newTally()
	if err := t.removeDocs(samspil.SearchCase, []int64{id}, counts); err != nil {
		return err
	}
	return t.applyCounts(counts)
}

// indexGuide puts a guide chapter's current version in the search index.
func (t *wtx) indexGuide(g *samspil.GuideChapter) error {
	return t.putDocs([]*searchDoc{guideDoc(g, textsearch.NewAnalyzer())})
}

// knowledge adds the published cases and the guide's chapters to a
// rebuild of the index.
func (r *rebuildReader) knowledge(c conn, out func([]*searchDoc) error) error {
	groups, err := targetGroupNames(c)
	if err != nil {
		return err
	}
	var after int64
	for {
		rows, err := c.query(`SELECT id FROM cases WHERE status = ? AND id > ? ORDER BY id LIMIT ?`,
			string(samspil.CasePublished), after, 500)
		if err != nil {
			return internal("search rebuild: cases", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return internal("search rebuild: cases", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("search rebuild: cases", err)
		}
		if len(ids) == 0 {
			break
		}
		after = ids[len(ids)-1]
		cases, err := findCases(c, ids)
		if err != nil {
			return err
		}
		docs := make([]*searchDoc, len(cases))
		for i, x := range cases {
			docs[i] = caseDoc(x, r.ps[x.MunicipalityCode], groups, r.a)
		}
		if err := out(docs); err != nil {
			return err
		}
	}
	rows, err := c.query(`SELECT ` + guideColumns + guideFrom + ` ORDER BY g.id`)
	if err != nil {
		return internal("search rebuild: guide", err)
	}
	var docs []*searchDoc
	for rows.Next() {
		g, err := scanGuideChapter(rows)
		if err != nil {
			rows.Close()
			return internal("search rebuild: guide", err)
		}
		docs = append(docs, guideDoc(g, r.a))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal("search rebuild: guide", err)
	}
	if len(docs) == 0 {
		return nil
	}
	return out(docs)
}
