package sqlstore

// SetBulkChunk makes the bulk loader's transactions small so a test can
// load several of them; it returns a function restoring the size.
func SetBulkChunk(n int) func() {
	old := bulkChunk
	bulkChunk = n
	return func() { bulkChunk = old }
}
