package sqlstore

import (
	"context"

	samspil "github.com/samspil/samspil"
)

// SearchUncached runs a search without the result and pass caches, for
// benchmarks.
func (d *DB) SearchUncached(ctx context.Context, q samspil.SearchQuery) (*samspil.SearchResult, error) {
	p, err := d.plan(ctx, q)
	if err != nil {
		return nil, err
	}
	p.gen = -1 // and without the pass cache
	return d.search(d.read(ctx), p)
}
