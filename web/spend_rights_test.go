package web

// The spend import's POST routes carry a spooled multipart upload and a
// token bound to the person who uploaded it, which the shared rights
// table's scenes cannot stand in for; TestSpendRights walks every role
// (anonymous, an SØV's member, another municipality's member, the
// municipality's member, a platform admin) through each of them.
func init() {
	for p, why := range map[string]string{
		"POST /kommuner/{kode}/indkoeb/import":                 "spend file upload; TestSpendRights",
		"POST /kommuner/{kode}/indkoeb/import/{token}/kontrol": "spend preview of one person's upload; TestSpendRights",
		"POST /kommuner/{kode}/indkoeb/import/{token}/gem":     "spend import of one person's upload; TestSpendRights",
		"POST /kommuner/{kode}/indkoeb/importer/{id}/fortryd":  "undo of a municipality's import; TestSpendRights",
	} {
		publicWriteRoutes[p] = why
	}
}
