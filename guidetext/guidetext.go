// Package guidetext holds the first text of the guide to the collaboration
// models: one Markdown chapter per model, written in Danish, seeded as
// version 1 when a database starts without them. The secretariat edits
// the chapters on the platform afterwards; this text is never re-applied.
package guidetext

import samspil "github.com/samspil/samspil"

// Chapters returns the seed chapters in table-of-contents order. (Stub:
// replaced by its owner.)
func Chapters() []*samspil.GuideChapter { return nil }
