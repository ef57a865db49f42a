package web

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/csvsafe"
)

// spendExportBatch is how many suppliers the export reads per query.
const spendExportBatch = 500

// spendDialect is how the export writes its CSV.
type spendDialect struct {
	Comma   rune
	Decimal string // "." or ","
	BOM     bool
	CRLF    bool
	Header  []string
	Kinds   [4]string // the first column: supplier, total, SØV total, RSV total
	Yes, No string
}

// The two dialects: RFC 4180 with the importer's English column names,
// and the semicolon, decimal-comma, BOM-prefixed file Danish Excel opens
// as it is.
var (
	spendStandard = spendDialect{Comma: ',', Decimal: ".", CRLF: true,
		Header: []string{"type", "year", "supplier_cvr", "supplier_name", "sov", "rsv_verified", "amount"},
		Kinds:  [4]string{"supplier", "total", "sov_total", "rsv_total"}, Yes: "true", No: "false"}
	spendExcel = spendDialect{Comma: ';', Decimal: ",", BOM: true, CRLF: true,
		Header: []string{"type", "år", "leverandør cvr", "leverandørnavn", "søv", "rsv-registreret", "beløb"},
		Kinds:  [4]string{"leverandør", "i alt", "søv i alt", "rsv i alt"}, Yes: "ja", No: "nej"}
)

// exportAmount writes øre as kroner with two decimals and no thousands
// separator, so spreadsheets read it as a number.
func exportAmount(ore int64, dec string) string {
	neg := ore < 0
	if neg {
		ore = -ore
	}
	s := strconv.FormatInt(ore/100, 10) + dec + strconv.FormatInt(ore%100/10, 10) + strconv.FormatInt(ore%10, 10)
	if neg {
		return "-" + s
	}
	return s
}

// writeSpendCSV writes a year's suppliers, then the total, SØV and RSV
// sums, in dialect dl. Every text cell from outside is neutralised.
func writeSpendCSV(w io.Writer, dl spendDialect, year int, sums samspil.SpendFigures, suppliers []samspil.SupplierSpend) error {
	if dl.BOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = dl.Comma, dl.CRLF
	yes := func(b bool) string {
		if b {
			return dl.Yes
		}
		return dl.No
	}
	y := strconv.Itoa(year)
	if err := cw.Write(dl.Header); err != nil {
		return err
	}
	for _, sup := range suppliers {
		if err := cw.Write([]string{dl.Kinds[0], y, csvsafe.Cell(sup.CVR), csvsafe.Cell(sup.Name),
			yes(sup.Kind == samspil.OrgSOV), yes(sup.RSVVerified), exportAmount(sup.TotalOre, dl.Decimal)}); err != nil {
			return err
		}
	}
	for i, v := range []int64{sums.TotalOre, sums.SOVOre, sums.RSVOre} {
		if err := cw.Write([]string{dl.Kinds[i+1], y, "", "", "", "", exportAmount(v, dl.Decimal)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// handleSpendExport is GET /kommuner/{kode}/indkoeb.csv?aar=: the year's
// suppliers with what each was paid, and the sums; ?format=excel gives
// the dialect Danish Excel opens directly.
func (s *Server) handleSpendExport(w http.ResponseWriter, r *http.Request) {
	m, _, ok := s.spendOrg(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := samspil.SpendFilter{MunicipalityCode: m.Code, Year: spendYear(q.Get("aar")), Suppliers: spendExportBatch, Peers: 1}
	sp, err := s.loadSpend(r, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Year = sp.Year
	suppliers := append([]samspil.SupplierSpend(nil), sp.TopSuppliers...)
	for len(suppliers) < sp.SupplierCount {
		f.SupplierOffset = len(suppliers)
		more, err := s.store.MunicipalitySpend(r.Context(), f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(more.TopSuppliers) == 0 {
			break
		}
		suppliers = append(suppliers, more.TopSuppliers...)
	}
	dl, name := spendStandard, "indkoeb-"+m.Code+"-"+strconv.Itoa(sp.Year)
	if strings.EqualFold(q.Get("format"), "excel") {
		dl, name = spendExcel, name+"-excel"
	}
	var buf bytes.Buffer
	if err := writeSpendCSV(&buf, dl, sp.Year, sp.SpendFigures, suppliers); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
