package upload_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/upload"
)

// pdfFile is a small but complete PDF document.
func pdfFile() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF\n")
}

// zipFile builds a ZIP archive holding the named parts.
func zipFile(t testing.TB, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range parts {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, `<?xml version="1.0" encoding="UTF-8"?><x/>`)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// docxFile and xlsxFile have the parts Word and Excel write first.
func docxFile(t testing.TB) []byte {
	return zipFile(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "docProps/core.xml")
}

func xlsxFile(t testing.TB) []byte {
	return zipFile(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "docProps/core.xml")
}

func TestSniff(t *testing.T) {
	// an archive whose Office parts come late: the detector's look at the
	// first bytes says "zip", the directory says DOCX.
	late := []string{"[Content_Types].xml"}
	for i := 0; i < 60; i++ {
		late = append(late, "media/image"+strings.Repeat("x", 40)+string(rune('a'+i%26))+".xml")
	}
	late = append(late, "word/document.xml")
	tests := []struct {
		name    string // the name the uploader gave; it must not matter
		content []byte
		want    string // "" for refused
	}{
		{"rapport.pdf", pdfFile(), samspil.ContentPDF},
		{"rapport.docx", pdfFile(), samspil.ContentPDF}, // a PDF with the wrong name is still a PDF
		{"notat.docx", docxFile(t), samspil.ContentDOCX},
		{"tal.xlsx", xlsxFile(t), samspil.ContentXLSX},
		{"late.docx", zipFile(t, late...), samspil.ContentDOCX},
		{"x.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), ""},
		{"x.docx", zipFile(t, "readme.txt", "data/a.csv"), ""},
		{"no-types.docx", zipFile(t, "word/document.xml"), ""},
		{"word-dir-only.docx", zipFile(t, "[Content_Types].xml", "word/styles.xml"), ""},
		{"both.docx", zipFile(t, "[Content_Types].xml", "word/document.xml", "xl/workbook.xml"), ""},
		{"odt.docx", zipFile(t, "mimetype", "content.xml"), ""},
		{"empty.pdf", nil, ""},
		{"text.pdf", []byte("PDF-1.4 not really"), ""},
		{"truncated.docx", docxFile(t)[:40], ""},
		{"exe.pdf", append([]byte("MZ\x90\x00"), make([]byte, 200)...), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := upload.Sniff(bytes.NewReader(tt.content), int64(len(tt.content)))
			if tt.want == "" {
				if samspil.ErrorCode(err) != samspil.EINVALID || samspil.ErrorKey(err) != "attachment.type.invalid" {
					t.Fatalf("Sniff = %q, %v; want attachment.type.invalid", got, err)
				}
				if e, _ := samspil.AsError(err); len(e.Fields) != 1 || e.Fields[0].Field != "file" {
					t.Errorf("fields = %+v, want one on \"file\"", e.Fields)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Sniff = %q, %v; want %q", got, err, tt.want)
			}
			if _, ok := samspil.AttachmentContentTypes[got]; !ok {
				t.Errorf("%q is not an allowed type", got)
			}
		})
	}
}

func TestSpool(t *testing.T) {
	const max = 1000
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{"empty", 0, false},
		{"small", 10, false},
		{"exactly max", max, false},
		{"max+1", max + 1, true},
		{"far over", 50 * max, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			content := bytes.Repeat([]byte("a"), tt.size)
			sp, err := upload.Spool(bytes.NewReader(content), max, dir)
			if tt.wantErr {
				if samspil.ErrorCode(err) != samspil.EINVALID || samspil.ErrorKey(err) != "attachment.size.invalid" {
					t.Fatalf("Spool err = %v, want attachment.size.invalid", err)
				}
				if e, _ := samspil.AsError(err); len(e.Fields) != 1 || e.Fields[0].Field != "file" {
					t.Errorf("fields = %+v, want one on \"file\"", e.Fields)
				}
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Errorf("temporary files left behind: %v", left)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(content)
			if sp.Size != int64(tt.size) || sp.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("Spooled = %d %s, want %d %x", sp.Size, sp.SHA256, tt.size, sum)
			}
			for i := 0; i < 2; i++ { // Reader starts at the beginning every time
				got, err := io.ReadAll(sp.Reader())
				if err != nil || !bytes.Equal(got, content) {
					t.Fatalf("read back %d bytes, %v", len(got), err)
				}
			}
			if err := sp.Close(); err != nil {
				t.Fatal(err)
			}
			if err := sp.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("Close left files: %v", left)
			}
		})
	}
}

// endless yields bytes forever; Spool must stop after max+1 of them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestSpoolStopsReading(t *testing.T) {
	r := &endless{}
	_, err := upload.Spool(r, samspil.MaxAttachmentSize, t.TempDir())
	if samspil.ErrorKey(err) != "attachment.size.invalid" {
		t.Fatalf("err = %v", err)
	}
	if r.n > samspil.MaxAttachmentSize+64<<10 {
		t.Errorf("read %d bytes for a limit of %d", r.n, samspil.MaxAttachmentSize)
	}
	if e, _ := samspil.AsError(err); e.Args["MaxMB"] != int64(20) {
		t.Errorf("args = %v, want MaxMB 20", e.Args)
	}
}

// A body cut short by http.MaxBytesReader reads as too large, not as a fault.
func TestSpoolMaxBytesReader(t *testing.T) {
	rec := httptest.NewRecorder()
	body := http.MaxBytesReader(rec, io.NopCloser(bytes.NewReader(make([]byte, 500))), 100)
	_, err := upload.Spool(body, 1000, t.TempDir())
	if samspil.ErrorKey(err) != "attachment.size.invalid" {
		t.Fatalf("err = %v", err)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestSpoolReadError(t *testing.T) {
	dir := t.TempDir()
	_, err := upload.Spool(failing{}, 1000, dir)
	if err == nil || samspil.ErrorCode(err) != samspil.EINTERNAL {
		t.Fatalf("err = %v, want an internal error", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestSpooledSniff(t *testing.T) {
	sp, err := upload.Spool(bytes.NewReader(xlsxFile(t)), samspil.MaxAttachmentSize, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	if ct, err := sp.Sniff(); err != nil || ct != samspil.ContentXLSX {
		t.Fatalf("Sniff = %q, %v", ct, err)
	}
}

func FuzzSniff(f *testing.F) {
	f.Add(pdfFile())
	f.Add(docxFile(f))
	f.Add(xlsxFile(f))
	f.Add(zipFile(f, "a.txt"))
	f.Add([]byte("<html>"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		ct, err := upload.Sniff(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if samspil.ErrorKey(err) != "attachment.type.invalid" {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if _, ok := samspil.AttachmentContentTypes[ct]; !ok {
			t.Fatalf("Sniff allowed %q", ct)
		}
		if ct == samspil.ContentPDF && !bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-")) {
			t.Fatalf("PDF without a PDF header")
		}
	})
}
