package sqlstore

import (
	"context"

	samspil "github.com/samspil/samspil"
)

// SearchUncached runs a search without the result cache, for benchmarks.
func (d *DB) SearchUncached(ctx context.Context, q samspil.SearchQuery) (*samspil.SearchResult, error) {
	p, err := d.plan(ctx, q)
	if err != nil {
		return nil, err
	}
	return d.search(d.read(ctx), p)
}
