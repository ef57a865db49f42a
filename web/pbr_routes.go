package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
)

// registerPbrRoutes adds the pages of outcome contracts (payment by
// result). W1 owns this file; the claim, statement and dashboard pages
// register themselves from their own files so each helper edits one.
// Every page needs a signed-in person; a contract is a missing page for
// everyone who is not a party to it (or a platform admin), and every
// write checks its Principal rule before it reads the form.
func (s *Server) registerPbrRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /resultatkontrakter", s.requireUser(s.handlePbrList))
	mux.HandleFunc("GET /resultatkontrakter/ny", s.requireUser(s.handlePbrNewPage))
	mux.HandleFunc("POST /resultatkontrakter/ny", s.requireUser(s.handlePbrCreate))
	mux.HandleFunc("GET /resultatkontrakter/{id}", s.requireUser(s.handlePbrView))
	mux.HandleFunc("GET /resultatkontrakter/{id}/rediger", s.requireUser(s.handlePbrEditPage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/rediger", s.requireUser(s.handlePbrEdit))
	mux.HandleFunc("GET /resultatkontrakter/{id}/godkend", s.requireUser(s.handlePbrApprovePage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/godkend", s.requireUser(s.handlePbrApprove))
	mux.HandleFunc("GET /resultatkontrakter/{id}/slet", s.requireUser(s.handlePbrDeletePage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/slet", s.requireUser(s.handlePbrDelete))
	mux.HandleFunc("GET /resultatkontrakter/{id}/afslut", s.requireUser(s.handlePbrFinishPage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/afslut", s.requireUser(s.handlePbrFinish))

	mux.HandleFunc("GET /resultatkontrakter/{id}/tillaeg", s.requireUser(s.handlePbrAmendments))
	mux.HandleFunc("POST /resultatkontrakter/{id}/tillaeg", s.requireUser(s.handlePbrPropose))
	mux.HandleFunc("GET /resultatkontrakter/{id}/tillaeg/{aid}/godkend", s.requireUser(s.handlePbrAmendmentApprovePage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/tillaeg/{aid}/godkend", s.requireUser(s.handlePbrAmendmentApprove))
	mux.HandleFunc("GET /resultatkontrakter/{id}/tillaeg/{aid}/traek-tilbage", s.requireUser(s.handlePbrAmendmentWithdrawPage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/tillaeg/{aid}/traek-tilbage", s.requireUser(s.handlePbrAmendmentWithdraw))

	mux.HandleFunc("GET /resultatkontrakter/{id}/deltagere", s.requireUser(s.handlePbrParticipants))
	mux.HandleFunc("POST /resultatkontrakter/{id}/deltagere", s.requireUser(s.handlePbrEnrol))
	mux.HandleFunc("POST /resultatkontrakter/{id}/deltagere/upload", s.BodyLimit(pbrUploadLimit(), s.requireUser(s.handlePbrParticipantUpload)))
	mux.HandleFunc("POST /resultatkontrakter/{id}/deltagere/upload/{token}", s.requireUser(s.handlePbrParticipantCommit))

	s.registerPbrClaimRoutes(mux)
	s.registerPbrDashboardRoutes(mux)
}

func init() {
	templateFuncs["pbrMarkdown"] = func(src string) template.HTML { return markdown.Render(src) }
	templateFuncs["pbrMoney"] = pbrMoney
}

// pbrMoney shows an amount in øre exactly, øre included when there are
// any: "1.250.000,50 kr." in Danish, "DKK 1,250,000.50" in English.
func pbrMoney(lang string, ore int64) string {
	s := formatDKK(ore)
	if lang == "en" {
		return "DKK " + strings.NewReplacer(".", ",", ",", ".").Replace(s)
	}
	return s + " kr."
}

// pbrPath is the page of an outcome contract; sub is appended ("/rediger").
func pbrPath(id int64, sub string) string {
	return "/resultatkontrakter/" + strconv.FormatInt(id, 10) + sub
}

// pbrRule is a rights rule on one outcome contract.
type pbrRule func(p *samspil.Principal, c *samspil.OutcomeContract) bool

// pbrSigner: a member of the commissioner or the provider, the two sides
// that approve (an investor sees, it does not sign).
func pbrSigner(p *samspil.Principal, c *samspil.OutcomeContract) bool {
	return p.CanViewParticipants(c)
}

// loadPbr resolves {id} and loads the contract. With hide, a contract the
// viewer may not see is a missing page (pages that show something);
// without it only rule decides (writes answer 403 like every other
// write). It answers the request itself and returns ok=false when the
// handler must stop.
func (s *Server) loadPbr(w http.ResponseWriter, r *http.Request, rule pbrRule, hide bool) (*samspil.OutcomeContract, *samspil.Principal, bool) {
	return loadByID(s, w, r, s.store.FindOutcomeContractByID, (*samspil.Principal).CanViewContract, rule, hide)
}

// pbrWrongStatus answers a step the contract's status does not allow (a
// second click, or a page left open while the other party acted).
func pbrWrongStatus(c *samspil.OutcomeContract) error {
	return &samspil.Error{Code: samspil.ECONFLICT, Key: "pbrc.web.wrong_status", Message: "the contract has moved on; reload its page",
		Args: map[string]any{"Status": string(c.Status)}}
}

// pbrSigningSides are the sides p may approve for: commissioner and
// provider only, in that order.
func pbrSigningSides(p *samspil.Principal, c *samspil.OutcomeContract) []samspil.ContractSide {
	var out []samspil.ContractSide
	for _, sd := range p.ContractSides(c) {
		if sd == samspil.SideCommissioner || sd == samspil.SideProvider {
			out = append(out, sd)
		}
	}
	return out
}

// pbrChosenSide reads the side field of an approval: it must be one of
// the person's signing sides; with one side the field may be left out.
func pbrChosenSide(f *Form, sides []samspil.ContractSide) (samspil.ContractSide, bool) {
	v := samspil.ContractSide(f.Get("side"))
	if v == "" && len(sides) == 1 {
		return sides[0], true
	}
	for _, sd := range sides {
		if sd == v {
			return sd, true
		}
	}
	return "", false
}

// loadPbrIn is loadPbr for a step the contract's status must allow; a
// contract in another status is answered with pbrWrongStatus.
func (s *Server) loadPbrIn(w http.ResponseWriter, r *http.Request, rule pbrRule, hide bool, status samspil.ContractStatus) (*samspil.OutcomeContract, *samspil.Principal, bool) {
	c, p, ok := s.loadPbr(w, r, rule, hide)
	if !ok {
		return nil, nil, false
	}
	if c.Status != status {
		s.fail(w, r, pbrWrongStatus(c))
		return nil, nil, false
	}
	return c, p, true
}

// loadPbrPost is the start of a form post on a contract: the contract
// (with rule), the form, then the status the step needs.
func (s *Server) loadPbrPost(w http.ResponseWriter, r *http.Request, rule pbrRule, status samspil.ContractStatus) (*samspil.OutcomeContract, *samspil.Principal, *Form, bool) {
	c, p, ok := s.loadPbr(w, r, rule, false)
	if !ok {
		return nil, nil, nil, false
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	if c.Status != status {
		s.fail(w, r, pbrWrongStatus(c))
		return nil, nil, nil, false
	}
	return c, p, f, true
}

// pbrSideOption is the choice "as <side> (<organisation>)" of a side
// select.
func pbrSideOption(tr *Translator, c *samspil.OutcomeContract, sd samspil.ContractSide) Option {
	return Option{Value: string(sd), Label: tr.T("pbrc.side_as."+string(sd), map[string]any{"Name": pbrSideName(c, sd)})}
}

// pbrOpenSides are the choices among signing that have not approved yet
// (of the contract's draft or of an amendment: commDone and provDone).
func pbrOpenSides(tr *Translator, c *samspil.OutcomeContract, signing []samspil.ContractSide, commDone, provDone bool) []Option {
	var out []Option
	for _, sd := range signing {
		if (sd == samspil.SideCommissioner && commDone) || (sd == samspil.SideProvider && provDone) {
			continue
		}
		out = append(out, pbrSideOption(tr, c, sd))
	}
	return out
}

// pbrChosenOption is pbrChosenSide among the choices of a side select.
func pbrChosenOption(f *Form, choices []Option) (samspil.ContractSide, bool) {
	var sides []samspil.ContractSide
	for _, o := range choices {
		sides = append(sides, samspil.ContractSide(o.Value))
	}
	return pbrChosenSide(f, sides)
}

// pbrAddFieldErrors adds the field errors of err to val, except on fields
// that already have one (the form's own check speaks first).
func pbrAddFieldErrors(val *samspil.Validation, err error) {
	if e, ok := samspil.AsError(err); ok {
		for _, fe := range e.Fields {
			if !val.Has(fe.Field) {
				val.Add(fe.Field, fe.Key, fe.Message, fe.Args)
			}
		}
	}
}

// pbrTermsChoices fills the choices the terms form (a draft's and an
// amendment's) offers: statement periods, unit prices, saving slots.
func (s *Server) pbrTermsChoices(r *http.Request, tr *Translator) (periods, prices []Option, slots []int, err error) {
	periods = []Option{{Value: string(samspil.PeriodQuarter), Label: tr.T("pbrc.period.quarter", nil)},
		{Value: string(samspil.PeriodMonth), Label: tr.T("pbrc.period.month", nil)}}
	ups, err := s.store.FindUnitPrices(r.Context())
	if err != nil {
		return nil, nil, nil, err
	}
	for j := range pbrSavingSlots {
		slots = append(slots, j)
	}
	return periods, pbrUnitPriceOptions(tr, s.lang(r), ups), slots, nil
}
