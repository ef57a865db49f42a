package purchasecsv

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"hash/fnv"
	"io"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samspil/samspil"
)

// Check reads the whole file with format and mapping and reports every bad
// line (required columns missing, a CVR failing modulus 11, an amount or
// date that cannot be read, …) without importing anything. It streams: the
// memory it needs does not grow with the file. The error is for a file
// that cannot be read at all (EINVALID for a bad format, mapping or header).
func Check(r io.Reader, f Format, m Mapping) (*Summary, error) {
	sum := &Summary{Errors: []LineError{}}
	err := scan(r, f, m, false, func(l *samspil.PurchaseLine, errs []LineError) bool {
		sum.Lines++
		if len(errs) == 0 {
			sum.TotalOre += l.AmountOre
			return true
		}
		sum.ErrorCount += len(errs)
		for _, e := range errs {
			if len(sum.Errors) < samspil.MaxPurchaseLineErrors {
				sum.Errors = append(sum.Errors, e)
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// Lines yields the file's purchase lines with their idempotency keys, for
// PurchaseService.ImportPurchases; it yields an error (and stops) at the
// first bad line, so a file that changed after Check imports nothing. A
// bad line's error is a LineError; a file that cannot be read at all gives
// a *samspil.Error or the reader's error.
func Lines(r io.Reader, f Format, m Mapping) iter.Seq2[samspil.PurchaseLine, error] {
	return func(yield func(samspil.PurchaseLine, error) bool) {
		stopped := false
		err := scan(r, f, m, true, func(l *samspil.PurchaseLine, errs []LineError) bool {
			if len(errs) > 0 {
				stopped = true
				yield(samspil.PurchaseLine{Line: errs[0].Line}, errs[0])
				return false
			}
			if !yield(*l, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(samspil.PurchaseLine{}, err)
		}
	}
}

// scan reads the file and calls fn for every data line with the parsed
// line or its errors; fn returns false to stop. keys asks for the lines'
// idempotency keys.
func scan(r io.Reader, f Format, m Mapping, keys bool, fn func(*samspil.PurchaseLine, []LineError) bool) error {
	if err := f.Validate(); err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if p, _ := br.Peek(len(bom)); bytes.Equal(p, bom) {
		br.Discard(len(bom))
	}
	cr := newReader(br, f.Delimiter)
	head, err := cr.Read()
	if err == io.EOF {
		return samspil.Errorf(samspil.EINVALID, "purchase_import.file.empty", "the file is empty")
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return samspil.Errorf(samspil.EINVALID, "purchase_import.file.header", "the first line of the file cannot be read as a header row")
		}
		return err
	}
	ncols := len(head)
	if err := m.Validate(ncols); err != nil {
		return err
	}
	s := &lineScanner{f: f, m: m, ncols: ncols}
	if keys {
		s.ords = map[uint64]uint32{}
	}
	lastOffset := int64(-1)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return err
			}
			off := cr.InputOffset()
			if off == lastOffset {
				return err // no progress: give up rather than loop
			}
			lastOffset = off
			e := LineError{Line: pe.StartLine, Key: "purchase_import.line.quotes",
				Message: "the line's quotation marks do not pair up: a field with a quote, delimiter or line break must be enclosed in double quotes, and quotes inside it doubled",
				Args:    map[string]any{"Line": pe.StartLine}}
			if !fn(&samspil.PurchaseLine{Line: pe.StartLine}, []LineError{e}) {
				return nil
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		l, errs := s.parse(rec, line)
		if !fn(l, errs) {
			return nil
		}
	}
}

// blank reports whether every field is empty (";;;;" lines Excel leaves).
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

type lineScanner struct {
	f     Format
	m     Mapping
	ncols int
	ords  map[uint64]uint32 // ordinal per key identity, by 64-bit hash
	line  samspil.PurchaseLine
	errs  []LineError
}

func (s *lineScanner) add(line int, f Field, key, msg string, args map[string]any) {
	if args == nil {
		args = map[string]any{}
	}
	args["Line"] = line
	s.errs = append(s.errs, LineError{Line: line, Field: f, Key: key, Message: msg, Args: args})
}

// parse reads one record; the returned line and errors are valid until
// the next call.
func (s *lineScanner) parse(rec []string, line int) (*samspil.PurchaseLine, []LineError) {
	s.errs = s.errs[:0]
	s.line = samspil.PurchaseLine{Line: line}
	l := &s.line
	if len(rec) != s.ncols && !(len(rec) > s.ncols && blank(rec[s.ncols:])) {
		s.add(line, "", "purchase_import.line.columns", "the line has "+strconv.Itoa(len(rec))+" columns, but the header has "+strconv.Itoa(s.ncols),
			map[string]any{"Got": len(rec), "Want": s.ncols})
		return l, s.errs
	}
	get := func(f Field) (string, bool) {
		i, ok := s.m[f]
		if !ok {
			return "", true
		}
		v, ok := decodeField(rec[i], s.f.Encoding)
		return strings.TrimSpace(v), ok
	}
	vals := map[Field]string{}
	for _, f := range Fields {
		v, ok := get(f)
		if !ok {
			s.add(line, f, "purchase_import.encoding.mixed_line",
				"the line's characters are not in the file's encoding ("+string(s.f.Encoding)+"); the file may mix UTF-8 and Windows-1252 text: save it again in one encoding",
				map[string]any{"Encoding": string(s.f.Encoding)})
			return l, s.errs
		}
		vals[f] = v
	}
	if v := vals[FieldCVR]; v != "" {
		cvr, err := samspil.ParseCVR(v)
		if err != nil {
			s.add(line, FieldCVR, "purchase_import.cvr.invalid", "the CVR number "+strconv.Quote(v)+" is not valid: "+cvrReason(err),
				map[string]any{"Value": v, "Reason": samspil.ErrorKey(err)})
		}
		l.SupplierCVR = cvr
	}
	l.SupplierName = vals[FieldName]
	if utf8.RuneCountInString(l.SupplierName) > maxNameLen {
		s.add(line, FieldName, "purchase_import.name.too_long", "the supplier's name is too long", map[string]any{"Max": maxNameLen})
	}
	if l.SupplierCVR == "" && l.SupplierName == "" && vals[FieldCVR] == "" {
		s.add(line, FieldCVR, "purchase_import.supplier.required", "the line names no supplier: give a CVR number or a name", nil)
	}
	if v := vals[FieldAmount]; v == "" {
		s.add(line, FieldAmount, "purchase_import.amount.required", "the line has no amount", nil)
	} else if ore, key, msg := ParseAmount(v, s.f.Decimal); key != "" {
		s.add(line, FieldAmount, key, msg, map[string]any{"Value": v})
	} else {
		l.AmountOre = ore
	}
	if v := vals[FieldDate]; v == "" {
		s.add(line, FieldDate, "purchase_import.date.required", "the line has no date", nil)
	} else if d, ok := ParseDate(v); !ok {
		s.add(line, FieldDate, "purchase_import.date.invalid",
			"the date "+strconv.Quote(v)+" cannot be read; write it as 2025-03-31, 31-03-2025, 31.03.2025 or 31/3/2025",
			map[string]any{"Value": v})
	} else {
		l.Date = d
	}
	if v := vals[FieldCPV]; v != "" {
		c, ok := ParseCPV(v)
		if !ok {
			s.add(line, FieldCPV, "purchase_import.cpv.invalid", "the CPV code "+strconv.Quote(v)+" is not eight digits with an optional check digit (e.g. 85311200-4)",
				map[string]any{"Value": v})
		}
		l.CPV = c
	}
	l.Account = vals[FieldAccount]
	if utf8.RuneCountInString(l.Account) > maxAccountLen {
		s.add(line, FieldAccount, "purchase_import.account.too_long", "the account is too long", map[string]any{"Max": maxAccountLen})
	}
	l.InvoiceRef = vals[FieldInvoice]
	if utf8.RuneCountInString(l.InvoiceRef) > maxInvoiceLen {
		s.add(line, FieldInvoice, "purchase_import.invoice.too_long", "the invoice reference is too long", map[string]any{"Max": maxInvoiceLen})
	}
	if len(s.errs) == 0 && s.ords != nil {
		l.Key = s.key(l)
	}
	return l, s.errs
}

func cvrReason(err error) string {
	switch samspil.ErrorKey(err) {
	case "cvr.checksum":
		return "it fails the modulus-11 check (a typing error?)"
	case "cvr.length":
		return "a CVR number has exactly 8 digits"
	case "cvr.leading_zero":
		return "a CVR number never starts with 0"
	}
	return "a CVR number has only digits"
}

// key computes the line's idempotency key: "r:CVR:REF:N" when the line has
// a CVR number and an invoice reference, else "h:" + the SHA-256 of its
// fields + ":N"; N counts the lines of the file with the same identity, so
// two identical lines stay two lines, and the same file imported again
// gives the same keys. The ordinals are kept by a 64-bit hash of the
// identity, so a million lines need little memory.
func (s *lineScanner) key(l *samspil.PurchaseLine) string {
	var ident string
	if l.SupplierCVR != "" && l.InvoiceRef != "" {
		ident = "r:" + l.SupplierCVR + ":" + l.InvoiceRef
	} else {
		h := sha256.New()
		for _, v := range []string{l.SupplierCVR, l.SupplierName, strconv.FormatInt(l.AmountOre, 10),
			l.Date.Format("2006-01-02"), l.CPV, l.Account, l.InvoiceRef} {
			h.Write([]byte(v))
			h.Write([]byte{0x1f})
		}
		ident = "h:" + hex.EncodeToString(h.Sum(nil))
	}
	fh := fnv.New64a()
	fh.Write([]byte(ident))
	k := fh.Sum64()
	s.ords[k]++
	return ident + ":" + strconv.FormatUint(uint64(s.ords[k]), 10)
}
