package web

import (
	"html/template"
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
)

// registerTenderRoutes adds the buyer's side of tenders: the public list,
// the form, the tender's page with its documents, publication, amendment,
// cancellation, award, history, the supplier responses with reminders and
// the route recommender. Every handler that writes checks the rights
// before it reads the form; a draft is a missing page for everyone but
// its buyer.
func (s *Server) registerTenderRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /udbud", s.handleTenderList)
	mux.HandleFunc("GET /udbud/ny", s.requireUser(s.handleTenderNewPage))
	mux.HandleFunc("POST /udbud/ny", s.requireUser(s.handleTenderCreate))
	mux.HandleFunc("GET /udbud/anbefaling", s.handleTenderRecommend)
	mux.HandleFunc("POST /udbud/anbefaling", s.handleTenderRecommend)
	mux.HandleFunc("GET /udbud/{id}", s.handleTenderView)
	mux.HandleFunc("GET /udbud/{id}/rediger", s.requireUser(s.handleTenderEditPage))
	mux.HandleFunc("POST /udbud/{id}/rediger", s.requireUser(s.handleTenderEdit))
	mux.HandleFunc("GET /udbud/{id}/ret", s.requireUser(s.handleTenderAmendPage))
	mux.HandleFunc("POST /udbud/{id}/ret", s.requireUser(s.handleTenderAmend))
	mux.HandleFunc("GET /udbud/{id}/offentliggoer", s.requireUser(s.handleTenderPublishPage))
	mux.HandleFunc("POST /udbud/{id}/offentliggoer", s.requireUser(s.handleTenderPublish))
	mux.HandleFunc("GET /udbud/{id}/annuller", s.requireUser(s.handleTenderCancelPage))
	mux.HandleFunc("POST /udbud/{id}/annuller", s.requireUser(s.handleTenderCancel))
	mux.HandleFunc("GET /udbud/{id}/tildel", s.requireUser(s.handleTenderAwardPage))
	mux.HandleFunc("POST /udbud/{id}/tildel", s.requireUser(s.handleTenderAward))
	mux.HandleFunc("GET /udbud/{id}/historik", s.handleTenderHistory)
	mux.HandleFunc("GET /udbud/{id}/leverandoerer", s.requireUser(s.handleTenderResponses))
	mux.HandleFunc("GET /udbud/{id}/leverandoerer/paamind", s.requireUser(s.handleTenderRemindPage))
	mux.HandleFunc("POST /udbud/{id}/leverandoerer/paamind", s.requireUser(s.handleTenderRemind))

	mux.HandleFunc("POST /udbud/{id}/filer", s.BodyLimit(caseUploadLimit, s.requireUser(s.handleTenderUpload)))
	mux.HandleFunc("GET /udbud/{id}/filer/{fid}", s.handleTenderDownload)
	mux.HandleFunc("GET /udbud/{id}/filer/{fid}/slet", s.requireUser(s.handleTenderFileDeletePage))
	mux.HandleFunc("POST /udbud/{id}/filer/{fid}/slet", s.requireUser(s.handleTenderFileDelete))
}

func init() {
	// Template helpers of the tender pages; they need no request.
	templateFuncs["tenderMarkdown"] = func(src string) template.HTML { return markdown.Render(src) }
	templateFuncs["buyerLinks"] = buyerOrgs
	templateFuncs["responseStates"] = func() []string {
		return []string{string(samspil.ResponseNotified), string(samspil.ResponseOpened), string(samspil.ResponseInterested), string(samspil.ResponseDeclined)}
	}
	templateFuncs["tenderInstants"] = func() []string { return tenderFormInstants }
}

// tenderPath is the page of a tender; sub is appended ("/rediger").
func tenderPath(id int64, sub string) string {
	return "/udbud/" + strconv.FormatInt(id, 10) + sub
}

// tenderRule is a rights rule on one tender.
type tenderRule func(p *samspil.Principal, t *samspil.Tender) bool

// canEditTender: the buyer's members and platform admins.
func canEditTender(p *samspil.Principal, t *samspil.Tender) bool { return p.CanEditTender(t) }

// loadTender resolves {id} and loads the tender. With hide, a draft the
// viewer may not see is a missing page (pages that show something);
// without it only rule decides (writes, which answer 401/403 like every
// other write). It answers the request itself and returns ok=false when
// the handler must stop.
func (s *Server) loadTender(w http.ResponseWriter, r *http.Request, rule tenderRule, hide bool) (*samspil.Tender, *samspil.Principal, bool) {
	return loadByID(s, w, r, s.store.FindTenderByID, (*samspil.Principal).CanViewTender, rule, hide)
}

// tenderWrongStatus answers a step the tender's status does not allow (a
// second click, or a page left open while a colleague acted).
func tenderWrongStatus(t *samspil.Tender) error {
	return &samspil.Error{Code: samspil.ECONFLICT, Key: "tender.web.wrong_status", Message: "the tender has moved on; reload its page",
		Args: map[string]any{"Status": string(t.Status)}}
}

// buyerOrgs lists the kommune organisations p is an active member of: the
// buyers p may create a tender for.
func buyerOrgs(p *samspil.Principal) []Option {
	var out []Option
	if p == nil {
		return nil
	}
	for _, m := range p.Memberships {
		if m.Status == samspil.MembershipActive && m.OrganisationKind == samspil.OrgKommune {
			out = append(out, Option{Value: strconv.FormatInt(m.OrganisationID, 10), Label: m.OrganisationName})
		}
	}
	return out
}
