// Package upload takes a file someone sends to the platform and makes it
// safe to keep: Spool writes it to a temporary file while counting and
// hashing it, refusing it as soon as it grows past the limit (so a 25 MB
// upload never sits in memory), and Sniff decides its type from the bytes,
// never from the name, allowing only the types in
// samspil.AttachmentContentTypes.
package upload

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/gabriel-vasile/mimetype"
	samspil "github.com/samspil/samspil"
)

// Spooled is an upload held in a temporary file. Close removes the file.
type Spooled struct {
	f      *os.File
	Size   int64  // bytes written
	SHA256 string // hex SHA-256 of the content, the blob key
}

// Spool copies r into a new temporary file in dir (os.TempDir() when dir
// is ""), computing size and SHA-256 on the way. It reads at most max+1
// bytes: when r yields more than max the file is removed and an EINVALID
// error with key attachment.size.invalid on field "file" is returned. The
// caller must Close the result.
func Spool(r io.Reader, max int64, dir string) (*Spooled, error) {
	if max < 0 {
		max = 0
	}
	f, err := os.CreateTemp(dir, "samspil-upload-*")
	if err != nil {
		return nil, fmt.Errorf("upload: temporary file: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, max+1))
	if err == nil && n > max {
		err = TooLarge(max)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		if _, ok := samspil.AsError(err); ok {
			return nil, err
		}
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return nil, TooLarge(max) // the caller's body limit hit first
		}
		return nil, fmt.Errorf("upload: spool: %w", err)
	}
	return &Spooled{f: f, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// TooLarge is the error for an upload over max bytes, the same one Spool
// returns, so a caller that stops a request body early (for example with
// http.MaxBytesReader) can report it the same way.
func TooLarge(max int64) *samspil.Error {
	args := map[string]any{"MaxMB": max >> 20}
	msg := "the file must be at most 20 MB"
	if max != samspil.MaxAttachmentSize {
		msg = fmt.Sprintf("the file must be at most %d bytes", max)
	}
	return &samspil.Error{
		Code: samspil.EINVALID, Key: "attachment.size.invalid", Message: msg, Args: args,
		Fields: []samspil.FieldError{{Field: "file", Key: "attachment.size.invalid", Message: msg, Args: args}},
	}
}

// Reader returns a reader over the whole content from its start,
// independent of other reads, e.g. for samspil.BlobStore.PutBlob.
func (s *Spooled) Reader() io.Reader { return io.NewSectionReader(s.f, 0, s.Size) }

// ReadAt reads the content at off, so a Spooled can be sniffed or opened
// as a ZIP archive.
func (s *Spooled) ReadAt(p []byte, off int64) (int, error) { return s.f.ReadAt(p, off) }

// Sniff decides the content type of the spooled file (see Sniff).
func (s *Spooled) Sniff() (string, error) { return Sniff(s.f, s.Size) }

// Close closes and removes the temporary file. It may be called twice.
func (s *Spooled) Close() error {
	if s == nil || s.f == nil {
		return nil
	}
	err := s.f.Close()
	if rerr := os.Remove(s.f.Name()); err == nil && rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = rerr
	}
	s.f = nil
	return err
}

// sniffLen is how much of the start of a file the type detection reads.
const sniffLen = 3072

// maxZipEntries bounds the central directory Sniff walks, so a crafted
// archive with millions of entries is refused instead of listed.
const maxZipEntries = 10000

// Sniff decides the content type of the size bytes in r by their content
// and returns one of the keys of samspil.AttachmentContentTypes, or an
// EINVALID error with key attachment.type.invalid on field "file". A PDF
// must start like one; a DOCX or XLSX must be a ZIP archive holding
// [Content_Types].xml and word/document.xml or xl/workbook.xml, so a
// renamed ZIP, an HTML page called .pdf or an empty file is refused.
func Sniff(r io.ReaderAt, size int64) (string, error) {
	if size <= 0 {
		return "", TypeInvalid()
	}
	head := make([]byte, min(size, sniffLen))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		if err == nil || err == io.EOF {
			return "", TypeInvalid()
		}
		return "", fmt.Errorf("upload: sniff: %w", err)
	}
	m := mimetype.Detect(head)
	switch {
	case m.Is(samspil.ContentPDF):
		return samspil.ContentPDF, nil
	case m.Is("application/zip") || m.Is(samspil.ContentDOCX) || m.Is(samspil.ContentXLSX):
		return sniffOffice(r, size)
	}
	// Office files whose first entries are not the ones the detector
	// looks for still are ZIP archives; check those too.
	for p := m; p != nil; p = p.Parent() {
		if p.Is("application/zip") {
			return sniffOffice(r, size)
		}
	}
	return "", TypeInvalid()
}

// sniffOffice opens a ZIP archive and tells DOCX from XLSX by the part
// every such document must have.
func sniffOffice(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil || len(zr.File) > maxZipEntries {
		return "", TypeInvalid()
	}
	var types, doc, book bool
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml":
			types = true
		case "word/document.xml":
			doc = true
		case "xl/workbook.xml":
			book = true
		}
	}
	switch {
	case types && doc && !book:
		return samspil.ContentDOCX, nil
	case types && book && !doc:
		return samspil.ContentXLSX, nil
	}
	return "", TypeInvalid()
}

// TypeInvalid is the error for content that is not an allowed type.
func TypeInvalid() *samspil.Error {
	const msg = "only PDF, Word (.docx) and Excel (.xlsx) files can be attached"
	return &samspil.Error{
		Code: samspil.EINVALID, Key: "attachment.type.invalid", Message: msg,
		Fields: []samspil.FieldError{{Field: "file", Key: "attachment.type.invalid", Message: msg}},
	}
}
