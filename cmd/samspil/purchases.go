package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/purchasecsv"
	"github.com/samspil/samspil/refdata"
)

// cmdImportPurchases is "samspil import purchases --municipality KODE FILE":
// it imports a municipality's finance export in three passes over the
// file, as the web import does in its three steps. Sniff detects the
// format and the column mapping from the header, Check reports every bad
// line (and then nothing is imported), and Lines streams the lines into
// one store transaction. Importing the same file again adds nothing.
func cmdImportPurchases(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("import purchases", stderr)
	code := fs.String("municipality", "", "kommunekode of the municipality whose purchases the file holds, e.g. 0751")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return errReported
	}
	if len(pos) != 1 || strings.TrimSpace(*code) == "" {
		return fmt.Errorf("usage: samspil import purchases --municipality KOMMUNEKODE FILE.csv [--db PATH]")
	}
	mc := strings.TrimSpace(*code)
	if _, ok := refdata.MunicipalityByCode(mc); !ok {
		return fmt.Errorf("unknown kommunekode %q", mc)
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	rewind := func() error {
		_, err := f.Seek(0, io.SeekStart)
		return err
	}

	h, err := purchasecsv.Sniff(f)
	if err != nil {
		return purchaseErr(err)
	}
	if err := rewind(); err != nil {
		return err
	}
	sum := sha256.New()
	check, err := purchasecsv.Check(io.TeeReader(f, sum), h.Format, h.Mapping)
	if err != nil {
		return purchaseErr(err)
	}
	if check.ErrorCount > 0 {
		for _, le := range check.Errors {
			fmt.Fprintf(stderr, "line %d: %s\n", le.Line, le.Message)
		}
		if more := check.ErrorCount - len(check.Errors); more > 0 {
			fmt.Fprintf(stderr, "… and %d more error(s)\n", more)
		}
		fmt.Fprintf(stderr, "nothing imported: %d error(s) in %s\n", check.ErrorCount, pos[0])
		return errReported
	}
	if err := rewind(); err != nil {
		return err
	}

	store, err := openStore(ctx, *db, newLogger(stderr))
	if err != nil {
		return err
	}
	defer store.Close()
	imp := &samspil.PurchaseImport{MunicipalityCode: mc, FileName: filepath.Base(pos[0]),
		SHA256: hex.EncodeToString(sum.Sum(nil)), Format: h.Format.String()}
	if err := store.ImportPurchases(ctx, imp, purchasecsv.Lines(f, h.Format, h.Mapping)); err != nil {
		if e, ok := samspil.AsError(err); ok && e.Code == samspil.EINVALID {
			fmt.Fprintf(stderr, "%s\nnothing imported\n", e.Message)
			return errReported
		}
		return purchaseErr(err)
	}
	return json.NewEncoder(stdout).Encode(struct {
		Lines    int   `json:"lines"`
		NewLines int   `json:"new_lines"`
		TotalOre int64 `json:"total_ore"`
		SOVOre   int64 `json:"sov_ore"`
		RSVOre   int64 `json:"rsv_ore"`
	}{imp.Lines, imp.NewLines, imp.TotalOre, imp.SOVOre, imp.RSVOre})
}

// purchaseErr turns a domain error into its English text with the field
// problems, so the command line says what to fix rather than an error code.
func purchaseErr(err error) error {
	e, ok := samspil.AsError(err)
	if !ok {
		return err
	}
	msg := e.Message
	for _, fe := range e.Fields {
		msg += "; " + fe.Field + ": " + fe.Message
	}
	return fmt.Errorf("%s", msg)
}
