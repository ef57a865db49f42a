package samspil

import (
	"context"
	"iter"
	"time"
)

// Purchase-import limits. The web upload is refused above
// MaxPurchaseUpload before it is read; the command line has no size limit
// because it streams.
const (
	MaxPurchaseUpload     int64 = 100 << 20
	MaxPurchaseLineErrors       = 1000                   // errors listed before the rest are only counted
	MaxPurchaseAmountOre        = 1_000_000_000_00 * 100 // 100 billion kroner on one line is not plausible
)

// PurchaseLine is one line of a municipality's finance data: what it paid
// a supplier, when, for what. Amounts are øre and may be negative (credit
// notes). Key makes re-imports idempotent.
type PurchaseLine struct {
	Line         int       `json:"line"` // the line in the source file, for error messages
	SupplierCVR  string    `json:"supplier_cvr"`
	SupplierName string    `json:"supplier_name"`
	AmountOre    int64     `json:"amount_ore"`
	Date         time.Time `json:"date"` // the posting date, midnight UTC of the Danish date
	CPV          string    `json:"cpv,omitempty"`
	Account      string    `json:"account,omitempty"` // the finance system's account when there is no CPV
	InvoiceRef   string    `json:"invoice_ref,omitempty"`
	// Key identifies the line across imports: "r:" + CVR + invoice ref +
	// the line's ordinal among the file's lines with that CVR and ref, or
	// "h:" + a SHA-256 of the line's fields + ordinal when there is no
	// reference. Package purchasecsv computes it.
	Key string `json:"-"`
}

// Quarter returns 1–4 for the line's date.
func (l *PurchaseLine) Quarter() int { return (int(l.Date.Month())-1)/3 + 1 }

// PurchaseImport is one committed import of a file, kept so the page can
// list what was imported, by whom, and undo it.
type PurchaseImport struct {
	ID               int64     `json:"id"`
	MunicipalityCode string    `json:"municipality_code"`
	FileName         string    `json:"file_name"`
	SHA256           string    `json:"sha256"`    // of the file's bytes
	Format           string    `json:"format"`    // e.g. "semikolon, decimalkomma, windows-1252", from the parser
	Lines            int       `json:"lines"`     // purchase lines in the file
	NewLines         int       `json:"new_lines"` // lines not already imported before
	TotalOre         int64     `json:"total_ore"` // the file's lines, new or not
	SOVOre           int64     `json:"sov_ore"`
	RSVOre           int64     `json:"rsv_ore"`
	ImportedBy       int64     `json:"-"`
	ImportedByName   string    `json:"imported_by,omitempty"` // filled on read
	ImportedAt       time.Time `json:"imported_at"`
}

// SpendFigures are the sums one row of the spend page shows. SØV spend
// counts suppliers whose CVR belongs to an SØV organisation on the
// platform; RSV spend those of them whose RSV registration a platform
// admin verified.
type SpendFigures struct {
	TotalOre int64 `json:"total_ore"`
	SOVOre   int64 `json:"sov_ore"`
	RSVOre   int64 `json:"rsv_ore"`
}

// SOVShare is SØV spend as a share of the total in per mille (0–1000),
// 0 when there is no spend; integer so it sorts and compares exactly.
func (f SpendFigures) SOVShare() int {
	if f.TotalOre <= 0 {
		return 0
	}
	return int(f.SOVOre * 1000 / f.TotalOre)
}

// QuarterSpend is one quarter of a year.
type QuarterSpend struct {
	Quarter int `json:"quarter"` // 1–4
	SpendFigures
}

// DivisionSpend is the spend in one CPV division (the code's first two
// digits); "" collects lines without a CPV code.
type DivisionSpend struct {
	Division string `json:"division"`
	SpendFigures
}

// SupplierSpend is what was paid to one supplier.
type SupplierSpend struct {
	CVR            string  `json:"cvr"`
	Name           string  `json:"name"`                      // the platform's name when matched, else the file's
	OrganisationID int64   `json:"organisation_id,omitempty"` // 0 when no organisation has the CVR
	Kind           OrgKind `json:"kind,omitempty"`
	RSVVerified    bool    `json:"rsv_verified"`
	TotalOre       int64   `json:"total_ore"`
}

// PeerSpend is another municipality's year, for comparison.
type PeerSpend struct {
	MunicipalityCode string `json:"municipality_code"`
	Name             string `json:"name"`
	SpendFigures
}

// Spend is a municipality's year: what the spend page and
// GET /api/v1/municipalities/{code}/spend show. It is read from aggregates
// kept up to date by every import, never from the lines.
type Spend struct {
	MunicipalityCode string `json:"municipality_code"`
	Year             int    `json:"year"`
	SpendFigures
	ByQuarter     []QuarterSpend  `json:"by_quarter"`      // always four
	ByCPVDivision []DivisionSpend `json:"by_cpv_division"` // largest first
	// TopSuppliers are the largest suppliers of the year, largest first,
	// at most SpendFilter.Suppliers of them; SupplierCount is how many
	// there were in all.
	TopSuppliers  []SupplierSpend `json:"top_suppliers"`
	SupplierCount int             `json:"supplier_count"`
	// Peers are the municipalities whose total spend that year is nearest
	// this one's (population is not in the platform's reference data, so
	// spend is the measure of size), at most SpendFilter.Peers.
	Peers []PeerSpend `json:"peers"`
	Years []int       `json:"years"` // the years with imported lines, newest first
}

// SpendFilter chooses what MunicipalitySpend returns.
type SpendFilter struct {
	MunicipalityCode string
	Year             int
	Quarter          int // 0 for the whole year; 1–4 narrows divisions and suppliers
	Suppliers        int // how many top suppliers; 0 means 20
	SupplierOffset   int // for paging through suppliers
	SOVOnly          bool
	Peers            int // how many peers; 0 means 6
}

// PurchaseService imports finance data and answers the spend page.
type PurchaseService interface {
	// ImportPurchases stores the lines of one file for imp.MunicipalityCode
	// in one transaction: if the sequence yields an error, nothing is kept.
	// Lines whose Key is already stored for the municipality are counted but
	// not added again, so importing a file twice does not double the spend.
	// It fills imp's ID, counts and sums and updates the aggregates.
	// ENOTFOUND "municipality.not_found".
	ImportPurchases(ctx context.Context, imp *PurchaseImport, lines iter.Seq2[PurchaseLine, error]) error
	// DeletePurchaseImport removes an import's lines and takes them out of
	// the aggregates (undo). ENOTFOUND.
	DeletePurchaseImport(ctx context.Context, id int64) (*PurchaseImport, error)
	// FindPurchaseImports returns a municipality's imports, newest first.
	FindPurchaseImports(ctx context.Context, municipalityCode string, offset, limit int) ([]*PurchaseImport, int, error)
	// FindPurchaseImportByID returns ENOTFOUND when no import has id.
	FindPurchaseImportByID(ctx context.Context, id int64) (*PurchaseImport, error)
	// MunicipalitySpend returns a municipality's spend for a year. A year
	// without lines gives zero figures, not an error. ENOTFOUND for an
	// unknown municipality.
	MunicipalitySpend(ctx context.Context, f SpendFilter) (*Spend, error)
	// NationalSpend returns every municipality's figures for a year, by
	// kommunekode (the national overview and open data).
	NationalSpend(ctx context.Context, year int) ([]PeerSpend, error)
}

// CanImportPurchases allows the municipality organisation's members and
// platform admins to import finance data and undo imports.
func (p *Principal) CanImportPurchases(municipalityOrgID int64) bool {
	return p.IsPlatformAdmin() || p.IsMember(municipalityOrgID)
}
