package web

import (
	"net/http"
	"strconv"

	samspil "github.com/samspil/samspil"
)

// registerPbrClaimRoutes adds the claim and statement pages of an outcome
// contract (W2). Only the commissioner's and the provider's members see
// them: claims and statements name participants by pseudonym, which an
// investor and the secretariat never see (they get the dashboard).
func (s *Server) registerPbrClaimRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /resultatkontrakter/{id}/anmeldelser", s.requireUser(s.handlePbrClaims))
	mux.HandleFunc("POST /resultatkontrakter/{id}/anmeldelser", s.requireUser(s.handlePbrClaimsDecide))
	mux.HandleFunc("GET /resultatkontrakter/{id}/anmeldelser/ny", s.requireUser(s.handlePbrClaimNewPage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/anmeldelser/ny", s.BodyLimit(caseUploadLimit, s.requireUser(s.handlePbrClaimNew)))
	mux.HandleFunc("GET /resultatkontrakter/{id}/anmeldelser/upload", s.requireUser(s.handlePbrClaimUploadPage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/anmeldelser/upload", s.BodyLimit(pbrClaimUploadLimit(), s.requireUser(s.handlePbrClaimUpload)))
	mux.HandleFunc("GET /resultatkontrakter/{id}/anmeldelser/upload/{token}", s.requireUser(s.handlePbrClaimPreview))
	mux.HandleFunc("POST /resultatkontrakter/{id}/anmeldelser/upload/{token}", s.requireUser(s.handlePbrClaimCommit))
	mux.HandleFunc("GET /resultatkontrakter/{id}/anmeldelser/{cid}", s.requireUser(s.handlePbrClaim))
	mux.HandleFunc("POST /resultatkontrakter/{id}/anmeldelser/{cid}", s.requireUser(s.handlePbrClaimDecide))
	mux.HandleFunc("GET /resultatkontrakter/{id}/anmeldelser/{cid}/bilag/{fid}", s.requireUser(s.handlePbrClaimFile))

	mux.HandleFunc("GET /resultatkontrakter/{id}/opgoerelser", s.requireUser(s.handlePbrStatements))
	mux.HandleFunc("POST /resultatkontrakter/{id}/opgoerelser", s.requireUser(s.handlePbrStatementPrepare))
	// {sid} is a number, or a number with ".csv" for the download: a
	// pattern's wildcard is a whole path segment.
	mux.HandleFunc("GET /resultatkontrakter/{id}/opgoerelser/{sid}", s.requireUser(s.handlePbrStatement))
	mux.HandleFunc("GET /resultatkontrakter/{id}/opgoerelser/{sid}/godkend", s.requireUser(s.handlePbrStatementApprovePage))
	mux.HandleFunc("POST /resultatkontrakter/{id}/opgoerelser/{sid}/godkend", s.requireUser(s.handlePbrStatementApprove))
}

// pbrClaimPath is the address of a contract's claim or statement page;
// sub starts with "/".
func pbrClaimPath(contractID int64, sub string) string {
	return "/resultatkontrakter/" + strconv.FormatInt(contractID, 10) + sub
}

// pbrContractView is a contract as one signed-in person sees it on the
// claim and statement pages: which of the two parties' sides they act for.
type pbrContractView struct {
	Contract     *samspil.OutcomeContract
	Principal    *samspil.Principal
	Commissioner bool // may act for the commissioner (decide claims)
	Provider     bool // may act for the provider (submit claims)
}

// CanSubmit reports whether the person may submit claims now.
func (v *pbrContractView) CanSubmit() bool { return v.Principal.CanSubmitClaims(v.Contract) }

// CanDecide reports whether the person may approve and reject claims.
func (v *pbrContractView) CanDecide() bool { return v.Principal.CanDecideClaims(v.Contract) }

// Sides lists the sides of the two parties the person may act for.
func (v *pbrContractView) Sides() []samspil.ContractSide {
	var out []samspil.ContractSide
	if v.Commissioner {
		out = append(out, samspil.SideCommissioner)
	}
	if v.Provider {
		out = append(out, samspil.SideProvider)
	}
	return out
}

// loadPbrClaimContract resolves {id} for the claim and statement pages.
// A contract the person may not see at all is a missing page; a party
// that sees only aggregates (the investor) and a platform admin are
// refused, because claims and statements name participants.
func (s *Server) loadPbrClaimContract(w http.ResponseWriter, r *http.Request) (*pbrContractView, bool) {
	id, err := orgPathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	c, err := s.store.FindOutcomeContractByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	p := s.principal(r)
	if !p.CanViewContract(c) {
		s.fail(w, r, samspil.Errorf(samspil.ENOTFOUND, "pbr.not_found", "the outcome contract does not exist"))
		return nil, false
	}
	if !p.CanViewParticipants(c) {
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "pbrclaim.forbidden", "only the commissioner and the provider see claims and statements"))
		return nil, false
	}
	return &pbrContractView{Contract: c, Principal: p,
		Commissioner: p.HasContractSide(c, samspil.SideCommissioner), Provider: p.HasContractSide(c, samspil.SideProvider)}, true
}
