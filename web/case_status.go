package web

import (
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
)

// caseAction is one step of a case's way through review. Each has a
// confirmation page (GET) and the change itself (POST with confirm=yes).
type caseAction struct {
	Path  string             // the URL part after /erfaringer/{id}/
	Key   string             // translation keys: case.action.<Key>.title/.question/.button, case.flash.<Key>
	From  samspil.CaseStatus // the status the case must have
	Rule  caseRule
	Note  bool // asks for a note (returning a case to its owner)
	Risky bool // deleting: the button looks dangerous
	do    func(s *Server, r *http.Request, c *samspil.Case, note string) error
}

// caseActions are the owner's and the secretariat's steps.
var caseActions = []*caseAction{
	{Path: "indsend", Key: "submit", From: samspil.CaseDraft, Rule: canEditCase,
		do: func(s *Server, r *http.Request, c *samspil.Case, _ string) error {
			_, err := s.store.SubmitCase(r.Context(), c.ID)
			return err
		}},
	{Path: "traek-tilbage", Key: "withdraw", From: samspil.CasePublished, Rule: canEditCase,
		do: func(s *Server, r *http.Request, c *samspil.Case, _ string) error {
			_, err := s.store.WithdrawCase(r.Context(), c.ID)
			return err
		}},
	{Path: "slet", Key: "delete", From: samspil.CaseDraft, Rule: canEditCase, Risky: true,
		do: func(s *Server, r *http.Request, c *samspil.Case, _ string) error {
			return s.store.DeleteCase(r.Context(), c.ID)
		}},
	{Path: "udgiv", Key: "publish", From: samspil.CaseReview, Rule: canReviewCase,
		do: func(s *Server, r *http.Request, c *samspil.Case, _ string) error {
			_, err := s.store.PublishCase(r.Context(), c.ID)
			return err
		}},
	{Path: "returner", Key: "return", From: samspil.CaseReview, Rule: canReviewCase, Note: true,
		do: func(s *Server, r *http.Request, c *samspil.Case, note string) error {
			_, err := s.store.ReturnCase(r.Context(), c.ID, note)
			return err
		}},
}

// caseActionByPath finds an action; the route table uses it.
func caseActionByPath(path string) *caseAction {
	for _, a := range caseActions {
		if a.Path == path {
			return a
		}
	}
	panic("web: no case action " + path)
}

// caseActionData is the confirmation page.
type caseActionData struct {
	FormData
	Case   *samspil.Case
	Action *caseAction
	// NotReady is set when the case cannot be sent for review yet: the
	// page then lists what is missing and links to the form.
	NotReady bool
}

// handleCaseActionPage asks before a step is taken.
func (s *Server) handleCaseActionPage(a *caseAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, _, ok := s.loadCase(w, r, a.Rule, true)
		if !ok {
			return
		}
		if c.Status != a.From {
			s.fail(w, r, caseWrongStatus(c))
			return
		}
		f := EmptyForm(r)
		d := &caseActionData{FormData: FormData{Form: f}, Case: c, Action: a}
		if a.Key == "submit" {
			if err := c.ReadyForReview(); err != nil {
				caseGlobalErrors(f, err)
				d.NotReady = true
			}
		}
		s.render(w, r, http.StatusOK, "case_action", d)
	}
}

// handleCaseAction takes the step. The rights are checked before the form
// is read; without confirm=yes the confirmation page is shown instead.
func (s *Server) handleCaseAction(a *caseAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, _, ok := s.loadCase(w, r, a.Rule, false)
		if !ok {
			return
		}
		f, ok := s.readForm(w, r)
		if !ok {
			return
		}
		if c.Status != a.From {
			s.fail(w, r, caseWrongStatus(c))
			return
		}
		d := &caseActionData{FormData: FormData{Form: f}, Case: c, Action: a}
		if f.Get("confirm") != "yes" {
			s.render(w, r, http.StatusOK, "case_action", d)
			return
		}
		note := f.Get("note")
		if a.Note && note == "" {
			f.AddError("note", "case.action.return.note_required", nil)
			s.render(w, r, http.StatusUnprocessableEntity, "case_action", d)
			return
		}
		if err := a.do(s, r, c, note); err != nil {
			if e, ok := samspil.AsError(err); ok && e.Code == samspil.EINVALID {
				if a.Note && len(e.Fields) > 0 {
					f.SetErrors(err)
				} else {
					caseGlobalErrors(f, err)
					d.NotReady = a.Key == "submit"
				}
				s.render(w, r, http.StatusUnprocessableEntity, "case_action", d)
				return
			}
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "case.flash."+a.Key)
		switch a.Key {
		case "delete":
			s.redirect(w, r, "/erfaringer?organisation="+strconv.FormatInt(c.OrganisationID, 10))
		case "return":
			s.redirect(w, r, "/erfaringer/review")
		default:
			s.redirect(w, r, casePath(c.ID, ""))
		}
	}
}

// caseWrongStatus is the answer to a step the case's status does not allow
// (a second click, or a page left open while someone else acted).
func caseWrongStatus(c *samspil.Case) error {
	return &samspil.Error{Code: samspil.ECONFLICT, Key: "case.action.wrong_status", Message: "the case has moved on; reload its page",
		Args: map[string]any{"Status": string(c.Status)}}
}

// caseGlobalErrors puts every problem of err at the top of f: the fields
// they name are on another page (the form), so no field link is made.
func caseGlobalErrors(f *Form, err error) {
	e, ok := samspil.AsError(err)
	if !ok {
		f.addText("", f.tr.Err(err))
		return
	}
	if len(e.Fields) == 0 {
		f.addText("", f.tr.Err(e))
		return
	}
	for _, fe := range e.Fields {
		f.addText("", f.tr.Err(&samspil.Error{Code: samspil.EINVALID, Key: fe.Key, Message: fe.Message, Args: fe.Args}))
	}
}
