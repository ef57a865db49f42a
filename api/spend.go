package api

// registerSpendRoutes adds GET /api/v1/municipalities/{code}/spend.
// STUB: the purchase helper replaces this file.
func (s *server) registerSpendRoutes() {}
