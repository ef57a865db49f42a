package api

import (
	"net/http"
	"strings"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/password"
)

// TokenPrefix starts every personal API token, so a leaked token is
// recognisable (e.g. by secret scanners).
const TokenPrefix = "sps_"

// authenticate reads "Authorization: Bearer sps_…", finds the token by the
// hash of its secret and returns the token's user with their active
// memberships. A missing or unknown token is EUNAUTHORIZED (401).
func (s *server) authenticate(w http.ResponseWriter, r *http.Request) (*samspil.Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, &problem{status: http.StatusUnauthorized, code: samspil.EUNAUTHORIZED, key: "api.token.missing"}
	}
	scheme, secret, _ := strings.Cut(h, " ")
	secret = strings.TrimSpace(secret)
	invalidToken := func() error {
		w.Header().Set("WWW-Authenticate", `Bearer realm="samspil", error="invalid_token"`)
		return &problem{status: http.StatusUnauthorized, code: samspil.EUNAUTHORIZED, key: "api.token.invalid"}
	}
	if !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 200 {
		return nil, invalidToken()
	}
	ctx := r.Context()
	tok, err := s.store.FindAPITokenByHash(ctx, password.HashSecret(secret))
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return nil, invalidToken()
	} else if err != nil {
		return nil, err
	}
	user, err := s.store.FindUserByID(ctx, tok.UserID)
	if samspil.ErrorCode(err) == samspil.ENOTFOUND {
		return nil, invalidToken()
	} else if err != nil {
		return nil, err
	}
	p := &samspil.Principal{User: user}
	for offset := 0; ; offset += samspil.MaxPageSize {
		ms, total, err := s.store.FindMemberships(ctx, samspil.MembershipFilter{
			UserID: user.ID, Status: samspil.MembershipActive, Offset: offset, Limit: samspil.MaxPageSize,
		})
		if err != nil {
			return nil, err
		}
		p.Memberships = append(p.Memberships, ms...)
		if len(ms) == 0 || offset+len(ms) >= total {
			break
		}
	}
	return p, nil
}
