package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	samspil "github.com/samspil/samspil"
)

// claimsOf returns the contract's claims, all of them.
func (w *pcWorld) claimsOf(f *pcFix) []*samspil.Claim {
	w.t.Helper()
	cs, _, err := w.store.FindClaims(context.Background(), samspil.ClaimFilter{ContractID: f.C.ID, Limit: 1000})
	if err != nil {
		w.t.Fatal(err)
	}
	return cs
}

// TestPbrClaimForm submits claims through the provider's form: the date
// in Danish notation, problems shown next to their fields with nothing
// written (a future date, a CPR number, an unknown participant, no
// evidence), and the engine's check on the new claim's page.
func TestPbrClaimForm(t *testing.T) {
	w := newPcWorld(t)
	f := w.contract("Job i Aarhus")
	prov := w.clients[pcProv]
	page := w.get(prov, f.path("/anmeldelser/ny"))
	mustContain(t, page.body, "Datoer i fremtiden afvises", "CPR-numre", `<option value="P-01">P-01</option>`, "JOB13 – 13 ugers ordinært job", `enctype="multipart/form-data"`)
	submit := func(vals url.Values) resp {
		body, ctype := multipartBody(t, vals, "", "", nil)
		return w.send(prov, "POST", f.path("/anmeldelser/ny"), ctype, body.Bytes())
	}
	before := len(w.claimsOf(f))
	for _, tc := range []struct {
		name string
		vals url.Values
		want []string
	}{
		{"future date", url.Values{"participant": {"P-02"}, "outcome": {"JOB13"}, "achieved_on": {"16-06-2027"}, "evidence_ref": {"Lønsedler"}},
			[]string{"fremtiden", `aria-invalid="true"`}},
		{"cpr in evidence", url.Values{"participant": {"P-02"}, "outcome": {"JOB13"}, "achieved_on": {"02-05-2027"}, "evidence_ref": {"Se 010190-1234"}},
			[]string{"CPR-nummer"}},
		{"unknown participant and outcome", url.Values{"participant": {"X-99"}, "outcome": {"NOPE"}, "achieved_on": {"2027-05-02"}, "evidence_ref": {"x"}},
			[]string{"pseudonymet X-99", "NOPE"}},
		{"bad date and no evidence", url.Values{"participant": {"P-02"}, "outcome": {"JOB13"}, "achieved_on": {"32-13-2027"}},
			[]string{"dd-mm-åååå", "Henvis til dokumentationen"}},
		{"before enrolment", url.Values{"participant": {"P-02"}, "outcome": {"JOB_START"}, "achieved_on": {"10-01-2027"}, "evidence_ref": {"x"}},
			[]string{"før deltageren blev indskrevet"}},
	} {
		r := submit(tc.vals)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422\n%s", tc.name, r.status, short(r.body))
			continue
		}
		mustContain(t, r.body, tc.want...)
	}
	if n := len(w.claimsOf(f)); n != before {
		t.Fatalf("refused claims were written: %d claims, had %d", n, before)
	}
	r := submit(url.Values{"participant": {"P-02"}, "outcome": {"JOB13"}, "achieved_on": {"02-05-2027"}, "evidence_ref": {"Lønsedler maj"}})
	if r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "/anmeldelser/") {
		t.Fatalf("valid claim: %d %q\n%s", r.status, r.header.Get("Location"), short(r.body))
	}
	view := w.get(prov, r.header.Get("Location"))
	mustContain(t, view.body, "Anmeldelsen er modtaget", "P-02", "Lønsedler maj", "2. maj 2027", "Afventer", "25.000,00 kr.", "Betales fuldt")
}

// TestPbrClaimEvidence uploads a PDF with a claim: only the two parties
// download it, always as an attachment; a file that is not a document is
// refused with nothing written.
func TestPbrClaimEvidence(t *testing.T) {
	w := newPcWorld(t)
	f := w.contract("Job med bilag")
	prov := w.clients[pcProv]
	vals := url.Values{"participant": {"P-02"}, "outcome": {"JOB13"}, "achieved_on": {"02-05-2027"}}
	body, ctype := multipartBody(t, vals, "file", "loensedler.exe", []byte("MZ not a document"))
	before := len(w.claimsOf(f))
	if r := w.send(prov, "POST", f.path("/anmeldelser/ny"), ctype, body.Bytes()); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an executable: %d\n%s", r.status, short(r.body))
	}
	if len(w.claimsOf(f)) != before {
		t.Fatal("a refused file wrote a claim")
	}
	body, ctype = multipartBody(t, vals, "file", "lønsedler.pdf", smallPDF)
	r := w.send(prov, "POST", f.path("/anmeldelser/ny"), ctype, body.Bytes())
	if r.status != http.StatusSeeOther {
		t.Fatalf("claim with a PDF: %d\n%s", r.status, short(r.body))
	}
	view := w.get(prov, r.header.Get("Location"))
	m := regexp.MustCompile(`href="(/resultatkontrakter/\d+/anmeldelser/\d+/bilag/\d+)"`).FindStringSubmatch(view.body)
	if m == nil {
		t.Fatalf("no evidence link\n%s", short(view.body))
	}
	for role, want := range map[string]int{pcProv: 200, pcComm: 200, pcInvestor: 403, pcPlatform: 403, pcOther: 404} {
		got := w.get(w.clients[role], m[1])
		if got.status != want {
			t.Errorf("download as %s: %d, want %d", role, got.status, want)
		}
		if want == 200 && (!strings.HasPrefix(got.header.Get("Content-Disposition"), "attachment;") || !bytes.Equal([]byte(got.body), smallPDF)) {
			t.Errorf("download as %s: %q", role, got.header.Get("Content-Disposition"))
		}
	}
}

// TestPbrClaimList filters, sorts and decides claims: the engine's reason
// explained on each row, bulk rejection without a reason refused with the
// ticked claims kept, a bulk approval, a single decision with its
// history, and the confirmation page above 50 claims.
func TestPbrClaimList(t *testing.T) {
	w := newPcWorld(t)
	f := w.contract("Job i Aarhus")
	comm := w.clients[pcComm]
	all := w.get(comm, f.path("/anmeldelser"))
	mustContain(t, all.body, "4 anmeldelser", "P-01", "P-02", "15.000,00 kr.", "Godkendt", "Afventer", `name="ids"`, "Gem afgørelsen")
	for _, tc := range []struct {
		query     string
		want, not []string
	}{
		{"?reason=missing_prerequisite", []string{"1 anmeldelser", "Mangler forudsætning", "mangler et godkendt resultat"}, []string{"15.000,00 kr."}},
		{"?decision=approved", []string{"1 anmeldelser", "P-01"}, []string{"P-02"}},
		{"?participant=P-02&sort=outcome", []string{"2 anmeldelser"}, []string{">P-01<"}},
		{"?participant=ZZ", []string{"Ingen deltager har pseudonymet ZZ"}, nil},
		{"?outcome=JOB13&sort=evil&decision=x&reason=y", []string{"2 anmeldelser", `<option value="achieved" selected>`}, nil},
	} {
		r := w.get(comm, f.path("/anmeldelser"+tc.query))
		if r.status != 200 {
			t.Fatalf("%s: %d", tc.query, r.status)
		}
		mustContain(t, r.body, tc.want...)
		for _, s := range tc.not {
			if strings.Contains(r.body, s) {
				t.Errorf("%s: shows %q", tc.query, s)
			}
		}
	}
	if prov := w.get(w.clients[pcProv], f.path("/anmeldelser")); strings.Contains(prov.body, `name="ids"`) || !strings.Contains(prov.body, "Anmeld et resultat") {
		t.Error("the provider gets the decision form or lacks the claim link")
	}
	ids := []string{idStr(f.Claims["P-02 JOB_START"].ID), idStr(f.Claims["P-02 JOB13"].ID)}
	r := w.post(comm, f.path("/anmeldelser?decision=pending"), url.Values{"ids": ids, "decision": {"rejected"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("reject without reason: %d", r.status)
	}
	mustContain(t, r.body, "Skriv en begrundelse", `value="`+ids[0]+`" checked`)
	if r := w.post(comm, f.path("/anmeldelser"), url.Values{"decision": {"approved"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Vælg mindst én") {
		t.Errorf("nothing ticked: %d", r.status)
	}
	r = w.post(comm, f.path("/anmeldelser?decision=pending"), url.Values{"ids": ids, "decision": {"approved"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != f.path("/anmeldelser?decision=pending") {
		t.Fatalf("bulk approve: %d %q", r.status, r.header.Get("Location"))
	}
	for _, cl := range w.claimsOf(f) {
		if cl.Pseudonym == "P-02" && cl.Decision != samspil.ClaimApproved {
			t.Errorf("claim %d: %s", cl.ID, cl.Decision)
		}
	}
	// One claim: changing a decision needs a reason; the history names who.
	one := f.path("/anmeldelser/" + ids[1])
	if r := w.post(comm, one, url.Values{"decision": {"rejected"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("reject one without reason: %d", r.status)
	}
	if r := w.post(comm, one, url.Values{"decision": {"rejected"}, "reason": {"Lønsedlerne dækker kun 10 uger."}}); r.status != http.StatusSeeOther {
		t.Fatalf("reject one: %d\n%s", r.status, short(r.body))
	}
	view := w.get(comm, one)
	mustContain(t, view.body, "Afvist", "Lønsedlerne dækker kun 10 uger.", "Test "+pcComm, "Kommunen har afvist anmeldelsen")
	if r := w.post(w.clients[pcProv], one, url.Values{"decision": {"approved"}}); r.status != http.StatusForbidden {
		t.Errorf("the provider decides: %d", r.status)
	}
	// Above 50 claims a bulk decision is confirmed first.
	many := url.Values{"decision": {"approved"}}
	for i := range 51 {
		many.Add("ids", fmt.Sprint(900000+i))
	}
	r = w.post(comm, f.path("/anmeldelser"), many)
	if r.status != 200 {
		t.Fatalf("51 claims: %d", r.status)
	}
	mustContain(t, r.body, "Bekræft afgørelsen", "godkende 51 anmeldelser", `name="confirm" value="yes"`)
}

// pcCSV builds a claims file: good lines for P-01 and P-02 and the bad
// lines given by line number (the header is line 1).
func pcCSV(lines int, bad map[int]string) []byte {
	var b bytes.Buffer
	b.WriteString("deltager;resultat;dato;dokumentation\n")
	for n := 2; n <= lines+1; n++ {
		if s, ok := bad[n]; ok {
			b.WriteString(s + "\n")
			continue
		}
		fmt.Fprintf(&b, "P-0%d;JOB13;%02d-05-2027;Lønsedler linje %d\n", 1+n%2, 1+n%28, n)
	}
	return b.Bytes()
}

// TestPbrClaimUpload uploads a claims file with three bad lines among
// many: the preview lists exactly those three with their line numbers and
// nothing is written; a clean file is previewed and then submitted in
// one go; a file over the limit gets a clear 413.
func TestPbrClaimUpload(t *testing.T) {
	w := newPcWorld(t)
	f := w.contract("Job i Aarhus")
	prov := w.clients[pcProv]
	upload := func(file []byte) resp {
		body, ctype := multipartBody(t, nil, "file", "anmeldelser.csv", file)
		return w.send(prov, "POST", f.path("/anmeldelser/upload"), ctype, body.Bytes())
	}
	before := len(w.claimsOf(f))
	bad := map[int]string{
		57:  "P-01;JOB13;01-07-2027;Lønsedler i fremtiden",
		311: "P-77;JOB13;02-05-2027;Ukendt deltager",
		999: "P-02;JOB13;02-05-2027;CPR 010190-1234",
	}
	r := upload(pcCSV(1200, bad))
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", r.status, short(r.body))
	}
	preview := w.get(prov, r.header.Get("Location"))
	if preview.status != http.StatusUnprocessableEntity {
		t.Fatalf("preview of a bad file: %d\n%s", preview.status, short(preview.body))
	}
	rows := regexp.MustCompile(`<tr><th scope="row" class="num">(\d+|–)</th>`).FindAllStringSubmatch(preview.body, -1)
	var got []string
	for _, m := range rows {
		got = append(got, m[1])
	}
	if strings.Join(got, ",") != "57,311,999" {
		t.Errorf("error lines %v, want 57,311,999\n%s", got, short(preview.body))
	}
	mustContain(t, preview.body, "Filen har 3 fejl", "Intet er gemt", "fremtiden", "P-77", "CPR-nummer")
	if strings.Contains(preview.body, "/anmeldelser/upload/"+pcTokenRe.FindStringSubmatch(r.header.Get("Location"))[1]+`"`) {
		t.Error("a bad file offers the submit button")
	}
	// Submitting the bad file anyway writes nothing.
	if c := w.post(prov, r.header.Get("Location"), url.Values{}); c.status != http.StatusUnprocessableEntity {
		t.Errorf("commit of a bad file: %d", c.status)
	}
	if n := len(w.claimsOf(f)); n != before {
		t.Fatalf("a bad file wrote %d claims", n-before)
	}
	// A clean file: preview, then submit.
	r = upload(pcCSV(40, nil))
	preview = w.get(prov, r.header.Get("Location"))
	if preview.status != 200 {
		t.Fatalf("preview of a clean file: %d\n%s", preview.status, short(preview.body))
	}
	mustContain(t, preview.body, "Alle 40 anmeldelser i filen er i orden", "Anmeld 40 resultater")
	c := w.post(prov, r.header.Get("Location"), url.Values{})
	if c.status != http.StatusSeeOther {
		t.Fatalf("commit: %d\n%s", c.status, short(c.body))
	}
	if n := len(w.claimsOf(f)); n != before+40 {
		t.Fatalf("%d claims after the commit, want %d", n, before+40)
	}
	if again := w.post(prov, r.header.Get("Location"), url.Values{}); again.status != http.StatusNotFound {
		t.Errorf("a second commit of the same file: %d", again.status)
	}
	// Over the limit: refused with the limit named.
	old := pbrClaimUploadMax
	pbrClaimUploadMax = 1 << 10
	defer func() { pbrClaimUploadMax = old }()
	big := upload(pcCSV(100, nil))
	if big.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("a file over the limit: %d", big.status)
	}
	mustContain(t, big.body, "Filen er for stor", "Del den op")
	if none := w.send(prov, "POST", f.path("/anmeldelser/upload"), "multipart/form-data; boundary=x", []byte("--x--\r\n")); none.status != http.StatusUnprocessableEntity {
		t.Errorf("no file: %d", none.status)
	}
}

// TestPbrClaimKeysAreTranslated checks the keys the claim and statement
// pages build from codes (reasons, decisions, sorts, kinds, statuses,
// periods), which TestTemplateKeysAreTranslated cannot see, and the
// literal keys of the Go files, in both languages.
func TestPbrClaimKeysAreTranslated(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, rc := range pbrReasonCodes() {
		keys["pbrclaim.reason_short."+rc] = true
		keys["pbr.reason."+rc] = true
	}
	keys["pbr.reason.pending"] = true // an adjustment of a claim whose approval was withdrawn
	for _, d := range []samspil.ClaimDecision{samspil.ClaimPending, samspil.ClaimApproved, samspil.ClaimRejected} {
		keys["pbrclaim.decision."+string(d)] = true
	}
	for _, d := range []string{"approved", "rejected"} {
		keys["pbrclaim.confirm."+d] = true
		keys["pbrclaim.confirm.button_"+d] = true
		keys["pbrclaim.flash.decided_"+d] = true
		keys["pbrclaim.flash.decided_one_"+d] = true
	}
	for _, so := range pbrClaimSorts {
		keys["pbrclaim.sort."+so] = true
	}
	for _, k := range []samspil.StatementLineKind{samspil.LineClaim, samspil.LineAdjustment} {
		keys["pbrstmt.kind."+string(k)] = true
	}
	for _, st := range []samspil.StatementStatus{samspil.StatementDraft, samspil.StatementApproved} {
		keys["pbrstmt.status."+string(st)] = true
	}
	for _, p := range []samspil.StatementPeriod{samspil.PeriodMonth, samspil.PeriodQuarter} {
		keys["pbrstmt.list.intro_"+string(p)] = true
	}
	for _, sd := range []samspil.ContractSide{samspil.SideCommissioner, samspil.SideProvider} {
		keys["pbrstmt.approve.as_"+string(sd)] = true
	}
	files, _ := filepath.Glob("pbr_claim*.go")
	more, _ := filepath.Glob("pbr_statement*.go")
	re := regexp.MustCompile(`"((?:pbrclaim|pbrstmt|pbr)\.[a-z_.0-9]+[a-z0-9])"`)
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if m[1] != "pbr.claim.decide" { // the store's audit action, not a key
				keys[m[1]] = true
			}
		}
	}
	for k := range keys {
		for _, lang := range languages {
			if !c.has(lang, k) {
				t.Errorf("key %q missing in %s", k, lang)
			}
		}
	}
}
