package web

import (
	"context"
	"net/http"

	"github.com/samspil/samspil"
)

// loadByID resolves {id}, loads the thing with find and applies the rights
// rules every page of a case, a tender or an outcome contract starts
// with. With hide, a thing the viewer may not see (canView) is a missing
// page, so pages never confirm that a draft exists; without it only rule
// decides (writes, which answer 401/403 like every other write). A nil
// rule allows everyone who may see it. It answers the request itself and
// returns ok=false when the handler must stop.
func loadByID[T any](s *Server, w http.ResponseWriter, r *http.Request,
	find func(context.Context, int64) (T, error),
	canView, rule func(*samspil.Principal, T) bool, hide bool) (T, *samspil.Principal, bool) {
	var zero T
	p := s.principal(r)
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return zero, nil, false
	}
	x, err := find(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return zero, nil, false
	}
	if hide && !canView(p, x) {
		s.notFound(w, r)
		return zero, nil, false
	}
	if rule != nil {
		if err := p.Require(rule(p, x)); err != nil {
			s.fail(w, r, err)
			return zero, nil, false
		}
	}
	return x, p, true
}
