package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// smallPDF is a tiny but real PDF document.
var smallPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
	"trailer << /Root 1 0 R >>\n%%EOF\n")

// smallDOCX is a minimal Word document: a ZIP with the parts Sniff looks for.
func smallDOCX(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "<x>%s</x>", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadFile posts one file to a case as the page's form does.
func (w *caseWorld) uploadFile(c *http.Client, caseID int64, name string, content []byte) resp {
	w.t.Helper()
	body, ctype := multipartBody(w.t, nil, "file", name, content)
	return w.send(c, "POST", casePath(caseID, "/filer"), ctype, body.Bytes())
}

// draft stores a complete draft of the SØV directly.
func (w *caseWorld) draft(title string) *samspil.Case {
	w.t.Helper()
	c := caseFixtureCase(w.sov, w.users[roleMember], title)
	if err := w.store.CreateCase(context.Background(), c); err != nil {
		w.t.Fatal(err)
	}
	return c
}

// caseFixtureCase is a complete case of org, ready for review.
func caseFixtureCase(org *samspil.Organisation, by *samspil.User, title string) *samspil.Case {
	return &samspil.Case{OrganisationID: org.ID, Title: title, Summary: "Et kort resumé.", Model: samspil.ModelPilot,
		MunicipalityCode: org.MunicipalityCode, WhatWasDone: "Vi prøvede noget nyt.",
		Results:     []samspil.CaseResult{{Metric: "Deltagere", Value: 8, Unit: "personer", Period: "2024"}},
		ContactName: "Kim", ContactEmail: "kim@case.test", CreatedBy: by.ID}
}

// TestCaseAttachments: a real PDF is accepted and downloaded as an
// attachment with exactly the safe headers; HTML calling itself .pdf is
// refused by its content; files of a draft are hidden like the draft; the
// owner removes a file after a confirmation page.
func TestCaseAttachments(t *testing.T) {
	w := newCaseWorld(t)
	c := w.draft("Med filer")

	r := w.uploadFile(w.owner, c.ID, "Årsrapport 2023.pdf", smallPDF)
	wantStatus(t, "upload pdf", r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != casePath(c.ID, "#filer") {
		t.Errorf("redirect to %q", loc)
	}
	r = w.uploadFile(w.owner, c.ID, `..\..\rapport.docx`, smallDOCX(t))
	wantStatus(t, "upload docx", r, http.StatusSeeOther)
	got := w.findCase(c.ID).Attachments
	if len(got) != 2 {
		t.Fatalf("attachments %+v", got)
	}
	pdf, docx := got[0], got[1]
	if pdf.Name != "Årsrapport 2023.pdf" || pdf.ContentType != samspil.ContentPDF || pdf.Size != int64(len(smallPDF)) {
		t.Errorf("pdf %+v", pdf)
	}
	if docx.Name != "rapport.docx" || docx.ContentType != samspil.ContentDOCX {
		t.Errorf("docx %+v", docx)
	}
	page := w.get(w.owner, casePath(c.ID, ""))
	mustContain(t, page.body, "Årsrapport 2023.pdf", "(PDF, "+strconv.Itoa(len(smallPDF))+" byte)", "(Word, ", casePath(c.ID, "/filer/"+idStr(pdf.ID)+"/slet"))

	// HTML named .pdf, an empty file and no file at all are refused with
	// the message next to the field; nothing is stored.
	r = w.uploadFile(w.owner, c.ID, "x.pdf", []byte("<!doctype html><html><script>alert(1)</script></html>"))
	wantStatus(t, "html as pdf", r, http.StatusUnprocessableEntity)
	mustContain(t, r.body, "Kun PDF-, Word- (.docx) og Excel-filer (.xlsx) kan vedhæftes", `id="field-file-error"`, `aria-invalid="true"`)
	r = w.uploadFile(w.owner, c.ID, "tom.pdf", nil)
	wantStatus(t, "empty file", r, http.StatusUnprocessableEntity)
	mustContain(t, r.body, "Vælg en fil")
	body, ctype := multipartBody(t, url.Values{"note": {"ingen fil"}}, "", "", nil)
	wantStatus(t, "no file", w.send(w.owner, "POST", casePath(c.ID, "/filer"), ctype, body.Bytes()), http.StatusUnprocessableEntity)
	wantStatus(t, "not multipart", w.post(w.owner, casePath(c.ID, "/filer"), url.Values{"file": {"x"}}), http.StatusBadRequest)
	if n := len(w.findCase(c.ID).Attachments); n != 2 {
		t.Errorf("%d attachments after refused uploads", n)
	}

	// The download: always an attachment, the sniffed type, never sniffed
	// or run by the browser.
	r = w.get(w.owner, casePath(c.ID, "/filer/"+idStr(pdf.ID)))
	wantStatus(t, "download", r, http.StatusOK)
	for h, want := range map[string]string{
		"Content-Type":            "application/pdf",
		"Content-Disposition":     `attachment; filename="_rsrapport 2023.pdf"; filename*=UTF-8''%C3%85rsrapport%202023.pdf`,
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "sandbox",
	} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if r.body != string(smallPDF) {
		t.Error("the download differs from the upload")
	}
	// Files of a draft are hidden like the draft.
	for _, who := range []*http.Client{w.anon, w.plain, w.outsider} {
		wantStatus(t, "stranger downloads from a draft", w.get(who, casePath(c.ID, "/filer/"+idStr(pdf.ID))), http.StatusNotFound)
	}
	wantStatus(t, "editor downloads", w.get(w.editor, casePath(c.ID, "/filer/"+idStr(pdf.ID))), http.StatusOK)
	// Another case's number with this file: missing.
	other := w.draft("Anden")
	wantStatus(t, "file of another case", w.get(w.owner, casePath(other.ID, "/filer/"+idStr(pdf.ID))), http.StatusNotFound)

	// Strangers cannot add or remove files.
	wantStatus(t, "outsider uploads", w.uploadFile(w.outsider, c.ID, "a.pdf", smallPDF), http.StatusForbidden)
	wantStatus(t, "anonymous uploads", w.uploadFile(w.anon, c.ID, "a.pdf", smallPDF), http.StatusUnauthorized)
	wantStatus(t, "outsider deletes", w.post(w.outsider, casePath(c.ID, "/filer/"+idStr(pdf.ID)+"/slet"), confirmYes), http.StatusForbidden)

	// Removed after a confirmation page.
	r = w.get(w.owner, casePath(c.ID, "/filer/"+idStr(docx.ID)+"/slet"))
	wantStatus(t, "delete page", r, http.StatusOK)
	mustContain(t, r.body, "rapport.docx", `name="confirm" value="yes"`)
	wantStatus(t, "delete file", w.post(w.owner, casePath(c.ID, "/filer/"+idStr(docx.ID)+"/slet"), confirmYes), http.StatusSeeOther)
	if n := len(w.findCase(c.ID).Attachments); n != 1 {
		t.Errorf("%d attachments after delete", n)
	}

	// Published: everyone downloads; no more files are added.
	ctx := context.Background()
	if _, err := w.store.SubmitCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.PublishCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "anonymous downloads a published file", w.get(w.anon, casePath(c.ID, "/filer/"+idStr(pdf.ID))), http.StatusOK)
	r = w.uploadFile(w.owner, c.ID, "b.pdf", smallPDF)
	wantStatus(t, "upload to a published case", r, http.StatusConflict)
	mustContain(t, r.body, "mens erfaringen er en kladde")
}

// TestCaseAttachmentLimit: the 21st file is refused before it is read.
func TestCaseAttachmentLimit(t *testing.T) {
	w := newCaseWorld(t)
	c := w.draft("Mange filer")
	for i := range samspil.MaxAttachmentsPerOwner {
		a := &samspil.Attachment{OwnerType: samspil.OwnerCase, OwnerID: c.ID, Name: fmt.Sprintf("f%d.pdf", i), ContentType: samspil.ContentPDF,
			Size: 10, SHA256: fmt.Sprintf("%064x", i+1), CreatedBy: w.users[roleMember].ID}
		if err := w.store.AddAttachment(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	r := w.uploadFile(w.owner, c.ID, "en-til.pdf", smallPDF)
	wantStatus(t, "21st file", r, http.StatusUnprocessableEntity)
	mustContain(t, r.body, "højst have 20 filer")
}

// countingBody is a multipart body of a file of size bytes that counts
// how much of it the server reads.
type countingBody struct {
	r    io.Reader
	read int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += int64(n)
	return n, err
}

func (b *countingBody) Close() error { return nil }

// bigUpload is a multipart body with a file part of size bytes.
func bigUpload(size int64) (*countingBody, string, int64) {
	const boundary = "samspil-boundary-1234"
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"stor.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"
	tail := "\r\n--" + boundary + "--\r\n"
	filler := io.LimitReader(zeroReader{}, size-int64(len("%PDF-1.4\n")))
	r := io.MultiReader(strings.NewReader(head), filler, strings.NewReader(tail))
	return &countingBody{r: r}, "multipart/form-data; boundary=" + boundary, int64(len(head)) + size - int64(len("%PDF-1.4\n")) + int64(len(tail))
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// TestCaseUploadTooLarge: a 25 MB upload is refused with 413 and a clear
// message, unread when its size is announced, and cut off at the limit
// (streamed to a temporary file that is removed, never held in memory)
// when it is not.
func TestCaseUploadTooLarge(t *testing.T) {
	w := newCaseWorld(t)
	c := w.draft("Stor fil")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	u, _ := url.Parse(w.ts.URL)
	for _, announced := range []bool{true, false} {
		body, ctype, n := bigUpload(25 << 20)
		req := httptest.NewRequest("POST", w.ts.URL+casePath(c.ID, "/filer"), body)
		req.Header.Set("Content-Type", ctype)
		req.ContentLength = -1
		if announced {
			req.ContentLength = n
		}
		for _, ck := range w.owner.Jar.Cookies(u) {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		w.srv.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("announced=%v: status %d, want 413\n%s", announced, rec.Code, rec.Body.String())
		}
		if !strings.Contains(rec.Body.String(), "Filen må højst fylde 20 MB") {
			t.Errorf("announced=%v: no clear message\n%s", announced, short(rec.Body.String()))
		}
		if announced && body.read > 0 {
			t.Errorf("an announced 25 MB body was read (%d bytes)", body.read)
		}
		if !announced && body.read > caseUploadLimit+1<<20 {
			t.Errorf("read %d bytes of an unannounced 25 MB body, limit %d", body.read, caseUploadLimit)
		}
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "samspil-upload-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if n := len(w.findCase(c.ID).Attachments); n != 0 {
		t.Errorf("%d attachments stored", n)
	}
	_ = os.Remove(tmp)
}

func TestContentDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"rapport.pdf":         `attachment; filename="rapport.pdf"; filename*=UTF-8''rapport.pdf`,
		"Årsrapport 2023.pdf": `attachment; filename="_rsrapport 2023.pdf"; filename*=UTF-8''%C3%85rsrapport%202023.pdf`,
		"a;b%c.pdf":           `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%3Bb%25c.pdf`,
	} {
		if got := contentDisposition(name); got != want {
			t.Errorf("%q: %s, want %s", name, got, want)
		}
	}
	for in, want := range map[string]string{"x.pdf": "x.pdf", "x": "x.pdf", "": "bilag.pdf", "X.PDF": "X.PDF", "notes.txt": "notes.txt.pdf"} {
		if got := downloadName(in, samspil.ContentPDF); got != want {
			t.Errorf("downloadName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzContentDisposition: whatever name a browser sends with a file, the
// header built from it holds no control characters or stray quotes, and
// its UTF-8 form decodes back to the cleaned name with the right extension.
func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{"rapport.pdf", "Årsrapport 2023.pdf", `..\..\x".pdf`, "a\r\nSet-Cookie: x=1", "%41.pdf", "\xff\xfe", ".htaccess"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		clean := downloadName(name, samspil.ContentPDF)
		if !strings.HasSuffix(strings.ToLower(clean), ".pdf") || clean == "" {
			t.Fatalf("%q -> %q", name, clean)
		}
		h := contentDisposition(clean)
		for _, r := range h {
			if r < 0x20 || r == 0x7f || r > 0x7e {
				t.Fatalf("header %q holds %q", h, r)
			}
		}
		ascii, rest, ok := strings.Cut(strings.TrimPrefix(h, `attachment; filename="`), `"; filename*=UTF-8''`)
		if !ok || strings.ContainsAny(ascii, `"\`) {
			t.Fatalf("header %q", h)
		}
		dec, err := url.PathUnescape(rest)
		if err != nil || dec != clean {
			t.Fatalf("filename* %q decodes to %q (%v), want %q", rest, dec, err, clean)
		}
	})
}
