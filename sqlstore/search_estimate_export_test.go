package sqlstore

// SetFacetSampleLimit lets the external tests make facet sampling kick in
// on a small database; it returns a function restoring the old limit.
func SetFacetSampleLimit(n int) func() {
	old := facetSampleLimit
	facetSampleLimit = n
	return func() { facetSampleLimit = old }
}
