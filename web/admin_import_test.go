package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/orgcsv"
)

const importHeader = "cvr,name,kind,municipality_code,description,website,cpv_codes,target_groups\n"

var payloadRE = regexp.MustCompile(`name="payload" value="([^"]*)"`)

// TestAdminImport walks the upload → preview → commit path, and shows that
// a bad row, a CVR number already in the database or a tampered commit
// writes nothing.
func TestAdminImport(t *testing.T) {
	e := newOrgEnv(t)
	p := e.clients[rolePlatform]
	ctx := context.Background()
	existing := e.org(&samspil.Organisation{CVR: validCVR(31), Name: "Findes Allerede", Kind: samspil.OrgSOV, MunicipalityCode: "0101"})
	_, orgsBefore, _ := e.store.FindOrganisations(ctx, samspil.OrganisationFilter{Limit: 1})

	good := importHeader +
		validCVR(32) + ",Kaffebaren,sov,0101,Kaffe og arbejde,kaffe.example.dk,55300000-3|90911200-8,udsatte_ledige|handicap\n" +
		validCVR(33) + ",\"Byg, Bo og Job\",virksomhed,0751,,,,\n" +
		",Foreningen Fællesskab,andet,0461,En forening,,,seniorer\n"

	t.Run("preview", func(t *testing.T) {
		e.t = t
		before := e.fingerprint()
		r := e.upload(p, "/admin/import", []byte(good))
		if r.status != http.StatusOK {
			t.Fatalf("status %d\n%s", r.status, short(r.body))
		}
		mustContain(t, r.body, "Alle 3 organisationer er klar til import", "Kaffebaren", "Byg, Bo og Job", "Foreningen Fællesskab", `name="payload"`, "Importér 3 organisationer")
		if e.fingerprint() != before {
			t.Error("the preview wrote something")
		}
	})

	t.Run("bad rows write nothing", func(t *testing.T) {
		e.t = t
		bad := good +
			"12345678,Forkert CVR,sov,0101,,,,\n" +
			validCVR(34) + ",Ukendt kommune,sov,9999,,,,\n" +
			validCVR(35) + ",Ukendt CPV,sov,0101,,,12345678,\n" +
			validCVR(31) + ",Dublet i databasen,sov,0101,,,,\n" +
			validCVR(32) + ",Dublet i filen,sov,0101,,,,\n" +
			validCVR(36) + ",,sov,0101,,,,\n" +
			validCVR(37) + "," + strings.Repeat("n", 10000) + ",sov,0101,,,,\n" +
			validCVR(38) + ",Ukendt målgruppe,sov,0101,,,,marsboere\n" +
			validCVR(39) + ",Forkert type,bank,0101,,,,\n"
		before := e.fingerprint()
		r := e.upload(p, "/admin/import", []byte(bad))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d\n%s", r.status, short(r.body))
		}
		mustContain(t, r.body, "9 linjer har fejl", "Intet er gemt",
			"Linje 5", "kontrolcifferet", // failing modulus 11
			"Linje 6", "Kommunekoden 9999 findes ikke",
			"Linje 7", "CPV-koden 12345678 findes ikke",
			"Linje 8", "allerede registreret af Findes Allerede",
			"Linje 9", "står også på linje 2",
			"Linje 10", "Linje 11", "Linje 12", "marsboere", "Linje 13", "bank")
		if strings.Contains(r.body, `name="payload"`) {
			t.Error("a bad file offers the commit button")
		}
		if e.fingerprint() != before {
			t.Error("something was written")
		}
		// English.
		body, ctype := multipartBody(t, nil, "file", "x.csv", []byte(bad))
		r = e.send(p, "POST", "/admin/import?lang=en", ctype, body.Bytes())
		mustContain(t, r.body, "9 lines have errors", "Nothing has been saved", "already registered by Findes Allerede")
		e.get(p, "/?lang=da")
	})

	t.Run("bad files", func(t *testing.T) {
		e.t = t
		before := e.fingerprint()
		for _, tc := range []struct {
			name string
			data []byte
			want string
		}{
			{"empty", []byte(""), "Filen er tom"},
			{"header only", []byte(importHeader), "ingen organisationer"},
			{"wrong header", []byte("navn,cvr\nx,y\n"), "Ukendt kolonne"},
			{"not UTF-8", []byte(importHeader + validCVR(40) + ",K\xf8benhavn,sov,0101,,,,\n"), "UTF-8"},
		} {
			r := e.upload(p, "/admin/import", tc.data)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, tc.want) {
				t.Errorf("%s: %d, %q missing\n%s", tc.name, r.status, tc.want, short(r.body))
			}
		}
		// No file at all.
		body, ctype := multipartBody(t, url.Values{"x": {"y"}}, "", "", nil)
		if r := e.send(p, "POST", "/admin/import", ctype, body.Bytes()); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Vælg en CSV-fil") {
			t.Errorf("no file: %d", r.status)
		}
		// Over 10 MB.
		huge := bytes.Repeat([]byte("x"), orgcsv.MaxBytes+2<<20)
		if r := e.upload(p, "/admin/import", huge); r.status != http.StatusUnprocessableEntity && r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("huge: %d", r.status)
		} else if !strings.Contains(r.body, "10 MB") && !strings.Contains(r.body, "for stor") {
			t.Errorf("huge: message\n%s", short(r.body))
		}
		if e.fingerprint() != before {
			t.Error("something was written")
		}
	})

	t.Run("many bad lines are capped", func(t *testing.T) {
		e.t = t
		var b strings.Builder
		b.WriteString(importHeader)
		for i := 0; i < importErrorLines+300; i++ {
			fmt.Fprintf(&b, "1234567X,Linje %d,sov,0101,,,,\n", i)
		}
		r := e.upload(p, "/admin/import", []byte(b.String()))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		mustContain(t, r.body, fmt.Sprintf("%d linjer har fejl", importErrorLines+300), "300 linjer med fejl vises ikke")
		if n := strings.Count(r.body, `<tr id="line-`); n != importErrorLines {
			t.Errorf("%d rows listed, want %d", n, importErrorLines)
		}
	})

	t.Run("tampered commit writes nothing", func(t *testing.T) {
		e.t = t
		before := e.fingerprint()
		bad := good + validCVR(31) + ",Dublet,sov,0101,,,,\n"
		for _, payload := range []string{packImport([]byte(bad)), "ikke base64!", base64.StdEncoding.EncodeToString([]byte("ikke gzip")), gzipBomb(t)} {
			r := e.post(p, "/admin/import/gem", url.Values{"payload": {payload}})
			if r.status != http.StatusUnprocessableEntity {
				t.Errorf("status %d\n%s", r.status, short(r.body))
			}
		}
		if e.fingerprint() != before {
			t.Error("something was written")
		}
	})

	t.Run("commit", func(t *testing.T) {
		e.t = t
		r := e.upload(p, "/admin/import", []byte(good))
		m := payloadRE.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatal("no payload in the preview")
		}
		r = e.post(p, "/admin/import/gem", url.Values{"payload": {html.UnescapeString(m[1])}})
		if r.status != http.StatusOK || !strings.Contains(r.body, "3 organisationer er importeret") {
			t.Fatalf("commit: %d\n%s", r.status, short(r.body))
		}
		_, n, _ := e.store.FindOrganisations(ctx, samspil.OrganisationFilter{Limit: 1})
		if n != orgsBefore+3 {
			t.Errorf("organisations %d, want %d", n, orgsBefore+3)
		}
		o, err := e.store.FindOrganisationByCVR(ctx, validCVR(32))
		if err != nil || o.Name != "Kaffebaren" || len(o.CPVCodes) != 2 || len(o.TargetGroups) != 2 {
			t.Errorf("imported %+v %v", o, err)
		}
		// Committing the same file again conflicts with what is now stored.
		before := e.fingerprint()
		r = e.post(p, "/admin/import/gem", url.Values{"payload": {html.UnescapeString(m[1])}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "allerede registreret af Kaffebaren") {
			t.Errorf("second commit: %d\n%s", r.status, short(r.body))
		}
		if e.fingerprint() != before {
			t.Error("the second commit wrote something")
		}
	})
	_ = existing
}

// gzipBomb is a payload that inflates past the size limit.
func gzipBomb(t *testing.T) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for range orgcsv.MaxBytes>>20 + 2 {
		zw.Write(chunk)
	}
	zw.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func TestUnpackImport(t *testing.T) {
	data := []byte(importHeader + fmt.Sprintf("%s,X,sov,0101,,,,\n", validCVR(1)))
	got, err := unpackImport(packImport(data))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := unpackImport(""); samspil.ErrorCode(err) != samspil.EINVALID {
		t.Errorf("empty: %v", err)
	}
	if _, err := unpackImport(gzipBomb(t)); samspil.ErrorKey(err) != "import.too_large" {
		t.Errorf("bomb: %v", err)
	}
}
