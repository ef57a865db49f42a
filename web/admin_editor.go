package web

import (
	"net/http"

	samspil "github.com/samspil/samspil"
)

// registerAdminEditorRoutes adds the platform admins' switch that makes a
// user one of the secretariat's editors (guide and case review) or not.
func (s *Server) registerAdminEditorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /admin/brugere/{id}/redaktoer", s.requireAdmin(s.handleAdminEditorSet))
}

// handleAdminEditorSet sets (editor=1) or clears (editor=0) a user's
// editor right and returns to the user list where the admin was.
func (s *Server) handleAdminEditorSet(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	id, err := orgPathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var editor bool
	switch f.Get("editor") {
	case "1":
		editor = true
	case "0":
	default:
		s.fail(w, r, samspil.Errorf(samspil.EINVALID, "admin.editor.invalid", "choose editor or not editor"))
		return
	}
	if _, err := s.store.UpdateUser(r.Context(), id, samspil.UserUpdate{IsEditor: &editor}); err != nil {
		s.fail(w, r, err)
		return
	}
	if editor {
		s.setFlash(r, "admin.editor.granted")
	} else {
		s.setFlash(r, "admin.editor.revoked")
	}
	back := safeNext(f.Get("next"))
	if back == "/konto" {
		back = "/admin/brugere"
	}
	s.redirect(w, r, back)
}
