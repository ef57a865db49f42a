package web

import (
	"net/http"
	"net/url"
	"strings"

	samspil "github.com/samspil/samspil"
)

// Session keys.
const (
	sessUserID = "user_id"
	sessAuthAt = "auth_at" // unix microseconds of the sign-in
	sessFlash  = "flash"
)

// principal returns the signed-in person with their active memberships, or
// nil for an anonymous visitor. It is loaded once per request.
func (s *Server) principal(r *http.Request) *samspil.Principal {
	st := s.state(r)
	if st.loaded {
		return st.principal
	}
	st.loaded = true
	id := s.sessions.GetInt64(r.Context(), sessUserID)
	if id == 0 {
		return nil
	}
	u, err := s.store.FindUserByID(r.Context(), id)
	if err != nil {
		return nil
	}
	// A session signed in before the last password change belongs to
	// whoever knew the old password: end it.
	if u.PasswordChangedAt != nil && s.sessions.GetInt64(r.Context(), sessAuthAt) < u.PasswordChangedAt.UnixMicro() {
		s.sessions.Remove(r.Context(), sessUserID)
		s.sessions.Remove(r.Context(), sessAuthAt)
		return nil
	}
	// Memberships come a store page at a time; a coordinator may belong to
	// more organisations than one page holds, and every one of them counts.
	var ms []*samspil.Membership
	for {
		page, total, err := s.store.FindMemberships(r.Context(), samspil.MembershipFilter{
			UserID: id, Status: samspil.MembershipActive, Offset: len(ms), Limit: samspil.MaxPageSize})
		if err != nil {
			s.logger.ErrorContext(r.Context(), "load memberships", "err", err)
			return nil
		}
		ms = append(ms, page...)
		if len(page) == 0 || len(ms) >= total {
			break
		}
	}
	st.principal = &samspil.Principal{User: u, Memberships: ms}
	return st.principal
}

// actorContext returns the request context carrying the signed-in user as
// the actor for the audit log.
func (s *Server) actorContext(r *http.Request) *http.Request {
	if p := s.principal(r); p != nil {
		return r.WithContext(samspil.WithActor(r.Context(), p.User.ID))
	}
	return r
}

// requireUser lets only signed-in people through; others are sent to the
// login page (GET) or get 401. The request context carries the user as the
// audit actor.
func (s *Server) requireUser(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.principal(r) == nil {
			s.fail(w, r, samspil.Errorf(samspil.EUNAUTHORIZED, "error.unauthorized", "please sign in"))
			return
		}
		h(w, s.actorContext(r))
	}
}

// requireAdmin lets only platform admins through.
func (s *Server) requireAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.requireUser(func(w http.ResponseWriter, r *http.Request) {
		if err := s.principal(r).Require(s.principal(r).IsPlatformAdmin()); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	})
}

// setFlash stores a translation key shown once on the next page.
func (s *Server) setFlash(r *http.Request, key string) {
	s.sessions.Put(r.Context(), sessFlash, key)
}

// popFlash takes the flash message key, if any.
func (s *Server) popFlash(r *http.Request) string {
	if _, ok := r.Context().Value(stateKey{}).(*reqState); !ok {
		return "" // no session on this request
	}
	return s.sessions.PopString(r.Context(), sessFlash)
}

// signIn renews the session token (against session fixation) and stores the user.
func (s *Server) signIn(r *http.Request, u *samspil.User) error {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessUserID, u.ID)
	s.sessions.Put(r.Context(), sessAuthAt, s.now().UnixMicro())
	st := s.state(r)
	st.loaded = false
	return nil
}

// signOut forgets the user and renews the token.
func (s *Server) signOut(r *http.Request) error {
	s.sessions.Remove(r.Context(), sessUserID)
	s.sessions.Remove(r.Context(), sessAuthAt)
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	st := s.state(r)
	st.loaded, st.principal = true, nil
	return nil
}

// safeNext returns a local path to continue to after login, or "/konto".
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/konto"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/konto"
	}
	return next
}

// link builds an absolute URL for e-mails from a path and query.
func (s *Server) link(path string, q url.Values) string {
	u := *s.baseURL
	u.Path = strings.TrimRight(u.Path, "/") + path
	if q != nil {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
