package sqlstore

import samspil "github.com/samspil/samspil"

// indexOrganisation writes o's document in the search index inside the
// same transaction as the change, so search never shows a half-written
// state.
func (t *wtx) indexOrganisation(o *samspil.Organisation) error { return nil }

// indexOpportunity writes o's document in the search index inside t.
func (t *wtx) indexOpportunity(o *samspil.Opportunity) error { return nil }

// unindex removes a document from the search index inside t.
func (t *wtx) unindex(typ samspil.SearchType, id int64) error { return nil }
