package web

import "net/http"

// registerOrgRoutes mounts the organisation management pages: create,
// join, members and invitations, profile edit, the coordination unit and
// the CPV picker. Every handler checks the rights of access.go itself;
// requireUser only turns anonymous visitors away early and sets the audit
// actor.
func (s *Server) registerOrgRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /organisationer/ny", s.requireUser(s.handleOrgNewPage))
	mux.HandleFunc("POST /organisationer/ny", s.requireUser(s.handleOrgCreate))
	mux.HandleFunc("GET /organisationer/kommune", s.requireUser(s.handleOrgMunicipalPage))
	mux.HandleFunc("POST /organisationer/kommune", s.requireUser(s.handleOrgMunicipalJoin))

	mux.HandleFunc("GET /organisationer/{id}/medlemskab", s.requireUser(s.handleOrgJoinPage))
	mux.HandleFunc("POST /organisationer/{id}/medlemskab", s.requireUser(s.handleOrgJoin))

	mux.HandleFunc("GET /organisationer/{id}/medlemmer", s.requireUser(s.handleOrgMembers))
	mux.HandleFunc("POST /organisationer/{id}/medlemmer/{mid}/godkend", s.requireUser(s.handleMemberApprove))
	mux.HandleFunc("POST /organisationer/{id}/medlemmer/{mid}/afvis", s.requireUser(s.handleMemberDecline))
	mux.HandleFunc("POST /organisationer/{id}/medlemmer/{mid}/rolle", s.requireUser(s.handleMemberRole))
	mux.HandleFunc("GET /organisationer/{id}/medlemmer/{mid}/fjern", s.requireUser(s.handleMemberRemovePage))
	mux.HandleFunc("POST /organisationer/{id}/medlemmer/{mid}/fjern", s.requireUser(s.handleMemberRemove))
	mux.HandleFunc("POST /organisationer/{id}/invitationer", s.requireUser(s.handleMemberInvite))

	mux.HandleFunc("GET /invitation/{token}", s.handleInvitationPage)
	mux.HandleFunc("POST /invitation/{token}", s.requireUser(s.handleInvitationAccept))

	mux.HandleFunc("GET /organisationer/{id}/rediger", s.requireUser(s.handleOrgEditPage))
	mux.HandleFunc("POST /organisationer/{id}/rediger", s.requireUser(s.handleOrgEdit))

	mux.HandleFunc("GET /organisationer/{id}/koordinering", s.requireUser(s.handleOrgCoordinationPage))
	mux.HandleFunc("POST /organisationer/{id}/koordinering", s.requireUser(s.handleOrgCoordination))

	mux.HandleFunc("GET /cpv", s.handleCPVSearch)
	mux.HandleFunc("GET /cpv.json", s.handleCPVJSON)
}
