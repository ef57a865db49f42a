package sqlstore

import (
	"context"

	samspil "github.com/samspil/samspil"
)

// Search is not built yet.
func (d *DB) Search(ctx context.Context, q samspil.SearchQuery) (*samspil.SearchResult, error) {
	return &samspil.SearchResult{Facets: map[string]map[string]int{}}, nil
}

// Suggest is not built yet.
func (d *DB) Suggest(ctx context.Context, prefix string, limit int) ([]samspil.Suggestion, error) {
	return nil, nil
}
