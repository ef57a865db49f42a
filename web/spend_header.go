package web

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/purchasecsv"
)

// spendHeaderBytes is how much of the file the mapping page reads to show
// the header and the sample when the person corrects the format.
const spendHeaderBytes = 64 << 10

// readSpendHeader reads the header row and up to five data rows of r as
// written in format ft — what the mapping page shows after the person
// corrected a delimiter or encoding that Sniff guessed wrong — and guesses
// the mapping for those columns. Only whole lines of the first 64 kB are
// read. EINVALID when there is no header row.
func readSpendHeader(r io.Reader, ft purchasecsv.Format) (*purchasecsv.Header, error) {
	noHeader := samspil.Errorf(samspil.EINVALID, "spend.mapping.no_header", "the file has no header row in this format")
	buf := make([]byte, spendHeaderBytes)
	n, err := io.ReadFull(r, buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	buf = buf[:n]
	if n == spendHeaderBytes {
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			buf = buf[:i+1]
		}
	}
	buf = bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
	text := string(buf)
	if ft.Encoding == purchasecsv.Windows1252 {
		dec, err := charmap.Windows1252.NewDecoder().String(text)
		if err != nil {
			return nil, noHeader
		}
		text = dec
	} else if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = ft.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	h := &purchasecsv.Header{Format: ft}
	for len(h.Sample) < 5 {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			break // a broken line: the preview reports it properly
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if h.Columns == nil {
			h.Columns = rec
			continue
		}
		h.Sample = append(h.Sample, rec)
	}
	if len(h.Columns) == 0 || (len(h.Columns) == 1 && h.Columns[0] == "") {
		return nil, noHeader
	}
	h.Mapping = purchasecsv.GuessMapping(h.Columns)
	return h, nil
}
