package web

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/csvsafe"
	"github.com/samspil/samspil/pbr"
)

// pbrStatementListData is a contract's statements and the button that
// prepares the next one.
type pbrStatementListData struct {
	FormData
	*pbrContractView
	Statements []*samspil.Statement
}

// CanPrepare reports whether the person may prepare a statement now.
func (d *pbrStatementListData) CanPrepare() bool {
	return d.Contract.Status == samspil.ContractActive && (d.Commissioner || d.Provider)
}

// handlePbrStatements lists a contract's statements, newest first.
func (s *Server) handlePbrStatements(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return
	}
	s.renderPbrStatements(w, r, http.StatusOK, v, EmptyForm(r))
}

func (s *Server) renderPbrStatements(w http.ResponseWriter, r *http.Request, status int, v *pbrContractView, f *Form) {
	list, err := s.store.FindStatements(r.Context(), v.Contract.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "pbr_statement_list", &pbrStatementListData{FormData: FormData{Form: f}, pbrContractView: v, Statements: list})
}

// handlePbrStatementPrepare calculates (or recalculates) the statement of
// the next period that has ended; "none due" is explained on the list.
func (s *Server) handlePbrStatementPrepare(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if v.Contract.Status != samspil.ContractActive {
		s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "pbr.not_active", "the contract is not active"))
		return
	}
	st, err := s.store.PrepareStatement(r.Context(), v.Contract.ID)
	if err != nil {
		if samspil.ErrorCode(err) == samspil.ECONFLICT && f.SetErrors(err) {
			s.renderPbrStatements(w, r, http.StatusConflict, v, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "pbrstmt.flash.prepared")
	s.redirect(w, r, pbrStatementPath(v.Contract.ID, st.ID, ""))
}

// pbrStatementPath is the address of a statement's page; sub is "",
// "/godkend" or ".csv".
func pbrStatementPath(contractID, statementID int64, sub string) string {
	return pbrClaimPath(contractID, "/opgoerelser/"+strconv.FormatInt(statementID, 10)+sub)
}

// pbrStatementData is one statement's page.
type pbrStatementData struct {
	FormData
	*pbrContractView
	Statement        *samspil.Statement
	Stale            bool
	CommissionerName string // who approved for each side
	ProviderName     string
	Descriptions     map[string]string // outcome code -> description
	// Side is the side the approval form acts for when the person acts
	// for only one; Sides lists both when they may choose.
	Side        samspil.ContractSide
	SideNames   []Option
	SideChoices []Option // SideNames after a "choose" option, for the select
}

// CanApprove reports whether the person may still approve the statement
// for a side that has not approved it.
func (d *pbrStatementData) CanApprove() bool {
	st := d.Statement
	if st.Status != samspil.StatementDraft || d.Contract.Status == samspil.ContractDraft {
		return false
	}
	return (d.Commissioner && st.CommissionerApprovedAt == nil) || (d.Provider && st.ProviderApprovedAt == nil)
}

// loadPbrStatement resolves {sid} (without ".csv") as one of the
// contract's statements.
func (s *Server) loadPbrStatement(w http.ResponseWriter, r *http.Request, v *pbrContractView, raw string) (*samspil.Statement, bool) {
	sid, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || sid <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	st, err := s.store.FindStatementByID(r.Context(), sid)
	if err == nil && st.ContractID != v.Contract.ID {
		err = samspil.Errorf(samspil.ENOTFOUND, "pbr.statement.not_found", "the statement does not exist")
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return st, true
}

// handlePbrStatement shows a statement, or sends it as CSV when {sid}
// ends in ".csv".
func (s *Server) handlePbrStatement(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return
	}
	raw := r.PathValue("sid")
	if id, isCSV := strings.CutSuffix(raw, ".csv"); isCSV {
		st, ok := s.loadPbrStatement(w, r, v, id)
		if !ok {
			return
		}
		s.sendPbrStatementCSV(w, r, v.Contract, st)
		return
	}
	st, ok := s.loadPbrStatement(w, r, v, raw)
	if !ok {
		return
	}
	s.renderPbrStatement(w, r, http.StatusOK, "pbr_statement_view", v, st, EmptyForm(r))
}

func (s *Server) newPbrStatementData(r *http.Request, v *pbrContractView, st *samspil.Statement, f *Form) *pbrStatementData {
	ctx := r.Context()
	d := &pbrStatementData{FormData: FormData{Form: f}, pbrContractView: v, Statement: st, Descriptions: map[string]string{}}
	for _, o := range v.Contract.Outcomes {
		d.Descriptions[o.Code] = o.Description
	}
	name := func(at *time.Time, id int64) string {
		if at == nil || id == 0 {
			return ""
		}
		if u, err := s.store.FindUserByID(ctx, id); err == nil {
			return u.Name
		}
		return ""
	}
	d.CommissionerName = name(st.CommissionerApprovedAt, st.CommissionerApprovedBy)
	d.ProviderName = name(st.ProviderApprovedAt, st.ProviderApprovedBy)
	tr := TranslatorFrom(r)
	if v.Commissioner && st.CommissionerApprovedAt == nil {
		d.SideNames = append(d.SideNames, Option{Value: string(samspil.SideCommissioner), Label: tr.T("pbrstmt.side.commissioner", map[string]any{"Name": v.Contract.Commissioner})})
	}
	if v.Provider && st.ProviderApprovedAt == nil {
		d.SideNames = append(d.SideNames, Option{Value: string(samspil.SideProvider), Label: tr.T("pbrstmt.side.provider", map[string]any{"Name": v.Contract.Provider})})
	}
	if len(d.SideNames) == 1 {
		d.Side = samspil.ContractSide(d.SideNames[0].Value)
	}
	d.SideChoices = append([]Option{{Value: "", Label: tr.T("pbrclaim.form.choose", nil)}}, d.SideNames...)
	return d
}

// renderPbrStatement shows page ("pbr_statement_view" or the approval
// page) with the stale check: a draft whose claims changed since it was
// calculated says so and offers to calculate it again.
func (s *Server) renderPbrStatement(w http.ResponseWriter, r *http.Request, status int, page string, v *pbrContractView, st *samspil.Statement, f *Form) {
	d := s.newPbrStatementData(r, v, st, f)
	if st.Status == samspil.StatementDraft {
		stale, err := s.pbrStatementStale(r, st)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Stale = stale
	}
	s.render(w, r, status, page, d)
}

// pbrStatementStale reports whether a draft statement differs from what
// the engine calculates from the ledger now.
func (s *Server) pbrStatementStale(r *http.Request, st *samspil.Statement) (bool, error) {
	l, err := s.store.ContractLedger(r.Context(), st.ContractID)
	if err != nil {
		return false, err
	}
	p := pbr.Period{Start: pbr.DateOf(st.PeriodStart), End: pbr.DateOf(st.PeriodEnd)}
	fresh := pbr.BuildStatement(l, p, st.Number, s.now())
	if fresh.TotalOre != st.TotalOre || len(fresh.Lines) != len(st.Lines) || fresh.Amendment != st.Amendment {
		return true, nil
	}
	for i, a := range fresh.Lines {
		b := st.Lines[i]
		if a.ClaimID != b.ClaimID || a.AmountOre != b.AmountOre || a.EarnedOre != b.EarnedOre || a.Reason != b.Reason || a.Kind != b.Kind {
			return true, nil
		}
	}
	return false, nil
}

// loadPbrApproval is the start of the approval page and its POST.
func (s *Server) loadPbrApproval(w http.ResponseWriter, r *http.Request) (*pbrContractView, *samspil.Statement, bool) {
	v, ok := s.loadPbrClaimContract(w, r)
	if !ok {
		return nil, nil, false
	}
	st, ok := s.loadPbrStatement(w, r, v, r.PathValue("sid"))
	if !ok {
		return nil, nil, false
	}
	if st.Status == samspil.StatementApproved {
		s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "pbr.statement.approved", "the statement is approved"))
		return nil, nil, false
	}
	return v, st, true
}

// handlePbrStatementApprovePage asks before a side approves a statement;
// a person who is a member of both parties chooses the side.
func (s *Server) handlePbrStatementApprovePage(w http.ResponseWriter, r *http.Request) {
	v, st, ok := s.loadPbrApproval(w, r)
	if !ok {
		return
	}
	s.renderPbrStatement(w, r, http.StatusOK, "pbr_statement_approve", v, st, EmptyForm(r))
}

// handlePbrStatementApprove records the approval of one side; without
// confirm=yes it shows the confirmation page.
func (s *Server) handlePbrStatementApprove(w http.ResponseWriter, r *http.Request) {
	v, st, ok := s.loadPbrApproval(w, r)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	d := s.newPbrStatementData(r, v, st, f)
	if len(d.SideNames) == 0 {
		if v.Commissioner || v.Provider {
			s.fail(w, r, samspil.Errorf(samspil.ECONFLICT, "pbrstmt.approve.done", "your side has already approved the statement"))
			return
		}
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "pbr.side.invalid", "you cannot act for that side of the contract"))
		return
	}
	if f.Get("confirm") != "yes" {
		s.renderPbrStatement(w, r, http.StatusOK, "pbr_statement_approve", v, st, f)
		return
	}
	side := d.Side
	if side == "" {
		side = samspil.ContractSide(f.Get("side"))
		valid := false
		for _, o := range d.SideNames {
			valid = valid || o.Value == string(side)
		}
		if !valid {
			f.AddError("side", "pbrstmt.approve.side_required", nil)
			s.renderPbrStatement(w, r, http.StatusUnprocessableEntity, "pbr_statement_approve", v, st, f)
			return
		}
	}
	if _, err := s.store.ApproveStatement(r.Context(), st.ID, side); err != nil {
		if e, ok := samspil.AsError(err); ok && e.Key == "pbr.statement.stale" {
			f.SetErrors(err)
			s.renderPbrStatement(w, r, http.StatusConflict, "pbr_statement_view", v, st, f)
			return
		}
		if f.SetErrors(err) {
			s.renderPbrStatement(w, r, HTTPStatus(err), "pbr_statement_approve", v, st, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "pbrstmt.flash.approved")
	s.redirect(w, r, pbrStatementPath(v.Contract.ID, st.ID, ""))
}

// The statement CSV is one documented format (docs/pbr.md): RFC 4180
// (comma, CRLF, fields quoted when needed), UTF-8 with a byte-order mark
// so spreadsheets read the Danish letters, Danish column names, one row
// per line of the statement and a last row "i alt" with the total.
// Amounts are kroner with a decimal comma and two decimals, without
// thousands separators ("1500,00"; such a cell is quoted because it holds
// the comma); dates are ISO (YYYY-MM-DD). Text from people goes through
// csvsafe.Cell.
var pbrStatementHeader = []string{"opgørelse", "periode start", "periode slut", "anmeldelse", "deltager", "resultat", "opnået",
	"type", "pris", "optjent", "betalt før", "beløb", "beskåret", "årsagskode", "årsag"}

// writePbrStatementCSV writes st in the statement CSV format; tr explains
// the reason codes (Danish in the download).
func writePbrStatementCSV(w io.Writer, tr *Translator, st *samspil.Statement) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(pbrStatementHeader); err != nil {
		return err
	}
	num := strconv.Itoa(st.Number)
	start, end := st.PeriodStart.UTC().Format(time.DateOnly), st.PeriodEnd.UTC().Format(time.DateOnly)
	kr := func(ore int64) string { return exportAmount(ore, ",") }
	kinds := map[samspil.StatementLineKind]string{samspil.LineClaim: "anmeldelse", samspil.LineAdjustment: "regulering"}
	for _, l := range st.Lines {
		why := ""
		if l.Reason != "" {
			why = tr.T("pbr.reason."+l.Reason, nil)
		}
		kind := kinds[l.Kind]
		if kind == "" {
			kind = string(l.Kind)
		}
		row := []string{num, start, end, strconv.FormatInt(l.ClaimID, 10), csvsafe.Cell(l.Pseudonym), csvsafe.Cell(l.OutcomeCode),
			l.AchievedOn.UTC().Format(time.DateOnly), kind, kr(l.PriceOre), kr(l.EarnedOre), kr(l.PaidBefore), kr(l.AmountOre),
			kr(l.CutOre), csvsafe.Cell(l.Reason), csvsafe.Cell(why)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	if err := cw.Write([]string{num, start, end, "", "", "", "", "i alt", "", "", "", kr(st.TotalOre), "", "", ""}); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// sendPbrStatementCSV answers the CSV download of a statement.
func (s *Server) sendPbrStatementCSV(w http.ResponseWriter, r *http.Request, c *samspil.OutcomeContract, st *samspil.Statement) {
	var buf bytes.Buffer
	if err := writePbrStatementCSV(&buf, s.i18n.translator("da"), st); err != nil {
		s.fail(w, r, err)
		return
	}
	name := "opgoerelse-" + strconv.FormatInt(c.ID, 10) + "-" + strconv.Itoa(st.Number) + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
