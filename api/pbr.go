package api

// registerPbrRoutes adds the open data of outcome contracts (aggregates as
// JSON and CSV, never participant rows) and the INDIGO export (D owns).
func (s *server) registerPbrRoutes() {}
