package sqlstore

// SetMatchCache turns the match-list cache on or off, so benchmarks can
// measure the queries themselves.
func SetMatchCache(on bool) { matchCacheOff.Store(!on) }
