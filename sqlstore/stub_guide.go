package sqlstore

// Stubs of the guide and strategies, replaced by their owner (K2).

import (
	"context"

	samspil "github.com/samspil/samspil"
)

func (d *DB) FindGuideChapters(ctx context.Context) ([]*samspil.GuideChapter, error) {
	return nil, stubErr()
}
func (d *DB) FindGuideChapter(ctx context.Context, slug string) (*samspil.GuideChapter, error) {
	return nil, stubErr()
}
func (d *DB) FindGuideVersions(ctx context.Context, chapterID int64, offset, limit int) ([]*samspil.GuideVersion, int, error) {
	return nil, 0, stubErr()
}
func (d *DB) FindGuideVersion(ctx context.Context, chapterID int64, version int) (*samspil.GuideVersion, error) {
	return nil, stubErr()
}
func (d *DB) UpdateGuideChapter(ctx context.Context, slug string, e samspil.GuideEdit) (*samspil.GuideChapter, error) {
	return nil, stubErr()
}

// seedGuide adds the chapters of Options.GuideChapters whose slugs are
// missing, as version 1, inside the seed transaction.
func (t *wtx) seedGuide(chapters []*samspil.GuideChapter) error { return nil }

func (d *DB) FindStrategy(ctx context.Context, code string) (*samspil.Strategy, error) {
	return nil, stubErr()
}
func (d *DB) SaveStrategy(ctx context.Context, s *samspil.Strategy) (*samspil.Strategy, error) {
	return nil, stubErr()
}
func (d *DB) DeleteStrategy(ctx context.Context, code string) error { return stubErr() }
func (d *DB) FindMunicipalityOverview(ctx context.Context) ([]*samspil.MunicipalityOverview, error) {
	return nil, stubErr()
}
