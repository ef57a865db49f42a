package web

import (
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
)

// registerOppRoutes adds the opportunity board, matches, interests,
// partnerships, notifications and the dashboard. Anonymous visitors may
// read the board, an opportunity and its matches; every handler that writes
// checks the rights itself before it reads the form.
func (s *Server) registerOppRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /muligheder", s.handleOppBoard)
	mux.HandleFunc("GET /muligheder/ny", s.requireUser(s.handleOppNewPage))
	mux.HandleFunc("POST /muligheder", s.requireUser(s.handleOppCreate))
	mux.HandleFunc("GET /muligheder/{id}", s.handleOppView)
	mux.HandleFunc("GET /muligheder/{id}/rediger", s.requireUser(s.handleOppEditPage))
	mux.HandleFunc("POST /muligheder/{id}/rediger", s.requireUser(s.handleOppEdit))
	mux.HandleFunc("GET /muligheder/{id}/status", s.requireUser(s.handleOppStatusPage))
	mux.HandleFunc("POST /muligheder/{id}/status", s.requireUser(s.handleOppStatus))
	mux.HandleFunc("POST /muligheder/{id}/interesse", s.requireUser(s.handleInterestCreate))

	mux.HandleFunc("GET /interesser/{id}/{action}", s.requireUser(s.handleInterestDecidePage))
	mux.HandleFunc("POST /interesser/{id}/accepter", s.requireUser(s.handleInterestAccept))
	mux.HandleFunc("POST /interesser/{id}/afvis", s.requireUser(s.handleInterestDecline))
	mux.HandleFunc("POST /interesser/{id}/traek-tilbage", s.requireUser(s.handleInterestWithdraw))

	mux.HandleFunc("GET /overblik", s.requireUser(s.handleDashboard))
	mux.HandleFunc("GET /partnerskaber", s.requireUser(s.handlePartnershipList))
	mux.HandleFunc("GET /partnerskaber/{id}", s.requireUser(s.handlePartnershipView))
	mux.HandleFunc("GET /notifikationer", s.requireUser(s.handleNotificationList))
	mux.HandleFunc("POST /notifikationer/laest", s.requireUser(s.handleNotificationsRead))
}

// unreadNotifications counts the bell's number with one cheap store call;
// errors show as zero (the count is a hint, not worth failing a page for).
func (s *Server) unreadNotifications(r *http.Request, userID int64) int {
	n, err := s.store.CountUnreadNotifications(r.Context(), userID)
	if err != nil {
		return 0
	}
	return n
}

// oppPath is the page of an opportunity; sub is appended ("/rediger").
func oppPath(id int64, sub string) string {
	return "/muligheder/" + strconv.FormatInt(id, 10) + sub
}

// partnershipPath is the page of a partnership.
func partnershipPath(id int64) string { return "/partnerskaber/" + strconv.FormatInt(id, 10) }

// canManageOpp is the rule for posting, editing and closing an opportunity
// of an organisation and for deciding the interests in it: an active member
// of that organisation (any role) or a platform admin.
func canManageOpp(p *samspil.Principal, orgID int64) bool {
	return p.IsPlatformAdmin() || p.IsMember(orgID)
}

// canActFor is the rule for sending or withdrawing an interest on behalf
// of an organisation: its active members only. A platform admin speaks for
// no organisation they do not belong to.
func canActFor(p *samspil.Principal, orgID int64) bool { return p.IsMember(orgID) }

// pathID reads a positive numeric path value; anything else is a missing page.
func pathID(r *http.Request) (int64, error) { return orgPathID(r, "id") }
