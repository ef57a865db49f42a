package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	samspil "github.com/samspil/samspil"
)

// The roles of the supplier side's tests.
const (
	tsAnon     = "anonymous"
	tsSOV      = "sov member"
	tsFirm     = "company member"
	tsBuyer    = "buyer member"
	tsOtherK   = "other municipality"
	tsPlatform = "platform admin"
	tsBoth     = "sov and company member"
	tsNoOrg    = "no organisation"
)

var tsRoles = []string{tsAnon, tsSOV, tsFirm, tsBuyer, tsOtherK, tsPlatform, tsBoth, tsNoOrg}

func init() {
	// The supplier's write routes act on a published tender, which the
	// rights table's scenes do not have; these tests walk every role
	// through them instead (401, 403, 303, and 422 in place).
	for route, test := range map[string]string{
		"POST /udbud/{id}/interesse":              "TestTenderInterest",
		"POST /udbud/{id}/spoergsmaal":            "TestTenderClarifications",
		"POST /udbud/{id}/spoergsmaal/{qid}/svar": "TestTenderClarifications",
	} {
		if _, ok := publicWriteRoutes[route]; !ok {
			publicWriteRoutes[route] = "tender supplier side; " + test + " walks every role"
		}
	}
}

// tsupWorld is a server whose clock can be moved forward (the store keeps
// real time), a buyer municipality with a published tender, a SØV and a
// company in its line of business, another municipality, and one
// signed-in client per role.
type tsupWorld struct {
	*testEnv
	offset  *atomic.Int64 // how far the web clock is ahead of real time
	clients map[string]*http.Client
	users   map[string]*samspil.User
	buyer   *samspil.Organisation
	otherK  *samspil.Organisation
	sov     *samspil.Organisation
	firm    *samspil.Organisation
	tender  *samspil.Tender
	host    string
}

func newTsupWorld(t *testing.T) *tsupWorld {
	t.Helper()
	off := &atomic.Int64{}
	e := newEnvAt(t, func() time.Time { return time.Now().Add(time.Duration(off.Load())) })
	w := &tsupWorld{testEnv: e, offset: off, clients: map[string]*http.Client{}, users: map[string]*samspil.User{}}
	u, _ := url.Parse(e.ts.URL)
	w.host = u.Hostname()
	ctx := context.Background()
	var err error
	if w.buyer, err = e.store.FindMunicipalityOrganisation(ctx, "0630"); err != nil {
		t.Fatal(err)
	}
	if w.otherK, err = e.store.FindMunicipalityOrganisation(ctx, "0101"); err != nil {
		t.Fatal(err)
	}
	w.sov = e.org(&samspil.Organisation{CVR: validCVR(7101), Name: "Vaskeriet Hemmelige Hænder", Kind: samspil.OrgSOV,
		MunicipalityCode: "0630", Description: "Vask og rengøring med plads til alle.", CPVCodes: []string{"90911200-8"}})
	w.firm = e.org(&samspil.Organisation{CVR: validCVR(7102), Name: "Rent og Pænt ApS", Kind: samspil.OrgVirksomhed,
		MunicipalityCode: "0615", Description: "Rengøring.", CPVCodes: []string{"90910000-9"}})
	memberOf := map[string][]*samspil.Organisation{
		tsSOV: {w.sov}, tsFirm: {w.firm}, tsBuyer: {w.buyer}, tsOtherK: {w.otherK}, tsBoth: {w.sov, w.firm},
	}
	for i, role := range tsRoles {
		c := e.client()
		w.clients[role] = c
		if role == tsAnon {
			continue
		}
		email := fmt.Sprintf("tsup-%d@udbud.test", i)
		w.users[role] = e.user(email, testPassword, role == tsPlatform)
		for _, o := range memberOf[role] {
			if err := e.store.CreateMembership(ctx, &samspil.Membership{UserID: w.users[role].ID, OrganisationID: o.ID,
				Role: samspil.RoleMember, Status: samspil.MembershipActive}); err != nil {
				t.Fatal(err)
			}
		}
		e.login(c, email, testPassword)
	}
	w.tender = w.publish(t, "Rengøring af tre skoler, med praktik", true)
	return w
}

// newTsupTender is a valid tender of the buyer, as a draft.
func (w *tsupWorld) newTsupTender(t *testing.T, title string) *samspil.Tender {
	t.Helper()
	now := time.Now()
	day := func(n int) time.Time {
		d := now.AddDate(0, 0, n)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	}
	x := &samspil.Tender{BuyerID: w.buyer.ID, Title: title, Description: "Daglig **rengøring** på tre skoler.",
		Procedure: samspil.ProcSocialClause, MainCPV: "90911200-8", CPVCodes: []string{"90910000-9"}, ValueOre: 2_000_000_00,
		Lots:      []samspil.TenderLot{{Number: 1, Title: "Nord", ValueOre: 1_000_000_00}, {Number: 2, Title: "Syd", ValueOre: 900_000_00}},
		PlaceCode: "0630", SocialGoals: []string{"social.disadvantagedEmploymentOpportunities"}, SocialCriteria: "Mindst to i praktik.",
		QuestionsDeadline: now.Add(10 * 24 * time.Hour), TenderDeadline: now.Add(20 * 24 * time.Hour),
		ExpectedAward: day(30), ContractStart: day(40), ContractEnd: day(40).AddDate(2, 0, 0)}
	ctx := samspil.WithActor(context.Background(), w.users[tsBuyer].ID)
	if err := w.store.CreateTender(ctx, x); err != nil {
		t.Fatal(err)
	}
	return x
}

// publish creates a tender and publishes it when asked.
func (w *tsupWorld) publish(t *testing.T, title string, publish bool) *samspil.Tender {
	t.Helper()
	x := w.newTsupTender(t, title)
	if !publish {
		return x
	}
	ctx := samspil.WithActor(context.Background(), w.users[tsBuyer].ID)
	p, err := w.store.PublishTender(ctx, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// page is the tender's page for role.
func (w *tsupWorld) page(t *testing.T, role string) string {
	t.Helper()
	r := w.get(w.clients[role], tsupPath(w.tender.ID, ""))
	if r.status != http.StatusOK {
		t.Fatalf("tender page as %s: %d\n%s", role, r.status, r.body)
	}
	return r.body
}

// section cuts the part of a page from the element with id to the end of
// its section.
func section(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		return rest[:j]
	}
	return rest
}

func (w *tsupWorld) clock(d time.Duration) { w.offset.Store(int64(d)) }

func TestTenderSupplierPanelByRole(t *testing.T) {
	w := newTsupWorld(t)
	interestForm := fmt.Sprintf(`action="/udbud/%d/interesse`, w.tender.ID)
	askForm := fmt.Sprintf(`action="/udbud/%d/spoergsmaal#`, w.tender.ID)
	for _, tc := range []struct {
		role                   string
		interest, ask, buyer   bool
		match, choose, loginIn bool
	}{
		{role: tsAnon, loginIn: true},
		{role: tsSOV, interest: true, ask: true, match: true},
		{role: tsFirm, interest: true, ask: true, match: true},
		{role: tsBuyer, buyer: true},
		{role: tsOtherK},
		{role: tsPlatform, buyer: true},
		{role: tsBoth, interest: true, ask: true, match: true, choose: true},
		{role: tsNoOrg},
	} {
		body := w.page(t, tc.role)
		for what, c := range map[string]struct {
			want bool
			text string
		}{
			"interest form":   {tc.interest, interestForm},
			"question form":   {tc.ask, askForm},
			"unanswered":      {tc.buyer, "Ubesvarede spørgsmål"},
			"match":           {tc.match, "Passer udbuddet til jer?"},
			"org choice":      {tc.choose, `id="tsup-interest-org"`},
			"sign-in link":    {tc.loginIn, "Log ind for at melde interesse"},
			"deadlines":       {true, "Frist for tilbud"},
			"calendar link":   {true, fmt.Sprintf(`href="/udbud/%d/frister.ics"`, w.tender.ID)},
			"one deadline":    {true, fmt.Sprintf(`href="/udbud/%d/frister.ics?frist=spoergsmaal"`, w.tender.ID)},
			"danish time":     {true, "(dansk tid)"},
			"follow button":   {tc.role != tsAnon, `name="kind" value="tender"`},
			"no-org guidance": {tc.role == tsOtherK || tc.role == tsNoOrg, "Man melder interesse på vegne af en leverandør"},
		} {
			if got := strings.Contains(body, c.text); got != c.want {
				t.Errorf("%s: %s shown = %v, want %v", tc.role, what, got, c.want)
			}
		}
	}
	// A draft shows its buyer the deadlines, not the supplier forms.
	draft := w.publish(t, "Kladde om vinduespolering", false)
	if r := w.get(w.clients[tsBuyer], tsupPath(draft.ID, "")); r.status != http.StatusOK || !strings.Contains(r.body, `id="tsup-deadlines"`) || strings.Contains(r.body, `id="tsup-qa"`) {
		t.Errorf("draft page: %d", r.status)
	}
	// The English page.
	r := w.get(w.clients[tsSOV], tsupPath(w.tender.ID, "?lang=en"))
	if !strings.Contains(r.body, "Deadline for questions") || !strings.Contains(r.body, "Does the tender fit you?") {
		t.Errorf("English panel:\n%s", section(r.body, "tsup-deadlines"))
	}
}

func TestTenderClarifications(t *testing.T) {
	w := newTsupWorld(t)
	ask := tsupPath(w.tender.ID, "/spoergsmaal")
	question := "Må man byde på delaftale 1 alene, og skal praktikanterne være fra kommunen?"

	// Who may ask.
	for role, want := range map[string]int{tsAnon: http.StatusUnauthorized, tsBuyer: http.StatusForbidden, tsOtherK: http.StatusForbidden,
		tsPlatform: http.StatusForbidden, tsNoOrg: http.StatusForbidden} {
		if r := w.post(w.clients[role], ask, url.Values{"question": {"Et spørgsmål"}}); r.status != want {
			t.Errorf("ask as %s: %d, want %d", role, r.status, want)
		}
	}
	// An empty question is refused in place, on the tender page.
	r := w.post(w.clients[tsSOV], ask, url.Values{"question": {"  "}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Skriv dit spørgsmål") || !strings.Contains(r.body, w.tender.Title) {
		t.Fatalf("empty question: %d\n%s", r.status, section(r.body, "tsup-qa"))
	}
	// Someone in two organisations must say which one asks.
	r = w.post(w.clients[tsBoth], ask, url.Values{"question": {question}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Vælg, hvilken organisation der svarer") || !strings.Contains(r.body, question) {
		t.Fatalf("no organisation chosen: %d", r.status)
	}
	if r := w.post(w.clients[tsBoth], ask, url.Values{"question": {question}, "organisation_id": {idStr(w.otherK.ID)}}); r.status != http.StatusForbidden {
		t.Errorf("asking for someone else's organisation: %d", r.status)
	}
	r = w.post(w.clients[tsSOV], ask, url.Values{"question": {question}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != tsupPath(w.tender.ID, "#tsup-qa") {
		t.Fatalf("ask: %d %s\n%s", r.status, r.header.Get("Location"), r.body)
	}
	if body := w.page(t, tsSOV); !strings.Contains(body, "Spørgsmålet er sendt til kommunen") || !strings.Contains(section(body, "tsup-qa"), "Jeres spørgsmål, der venter på svar") {
		t.Errorf("the asker's page after asking:\n%s", section(body, "tsup-qa"))
	}
	if qa := section(w.page(t, tsFirm), "tsup-qa"); strings.Contains(qa, "delaftale 1 alene") {
		t.Errorf("an unanswered question is shown to another supplier")
	}
	cs, err := w.store.FindClarifications(context.Background(), w.tender.ID, true)
	if err != nil || len(cs) != 1 {
		t.Fatalf("clarifications: %v %v", cs, err)
	}
	q := cs[0]
	if qa := section(w.page(t, tsBuyer), "tsup-qa"); !strings.Contains(qa, "delaftale 1 alene") || !strings.Contains(qa, fmt.Sprintf("/spoergsmaal/%d/svar", q.ID)) {
		t.Errorf("the buyer does not see the question with an answer form:\n%s", qa)
	}

	// Who may answer.
	answer := tsupPath(w.tender.ID, fmt.Sprintf("/spoergsmaal/%d/svar", q.ID))
	for role, want := range map[string]int{tsAnon: http.StatusUnauthorized, tsSOV: http.StatusForbidden, tsFirm: http.StatusForbidden,
		tsOtherK: http.StatusForbidden, tsBoth: http.StatusForbidden, tsNoOrg: http.StatusForbidden} {
		if r := w.post(w.clients[role], answer, url.Values{"answer": {"Ja."}}); r.status != want {
			t.Errorf("answer as %s: %d, want %d", role, r.status, want)
		}
	}
	r = w.post(w.clients[tsBuyer], answer, url.Values{"answer": {""}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Skriv svaret") || !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Fatalf("empty answer: %d", r.status)
	}
	if id := fmt.Sprintf("tsup-answer-%d", q.ID); !strings.Contains(r.body, `href="#`+id+`"`) || !strings.Contains(r.body, `id="`+id+`"`) {
		t.Errorf("the error summary does not lead to the answer field")
	}
	if r := w.post(w.clients[tsBuyer], tsupPath(w.tender.ID, "/spoergsmaal/999999/svar"), url.Values{"answer": {"Ja."}}); r.status != http.StatusNotFound {
		t.Errorf("answering an unknown question: %d", r.status)
	}
	r = w.post(w.clients[tsBuyer], answer, url.Values{"answer": {"Ja, hver delaftale kan vindes for sig. Praktikanterne kan komme fra hele landet."}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", r.status, r.body)
	}
	if r := w.post(w.clients[tsBuyer], answer, url.Values{"answer": {"Igen."}}); r.status != http.StatusConflict || !strings.Contains(r.body, "allerede besvaret") {
		t.Errorf("answering twice: %d", r.status)
	}
	// The answer is public and anonymous: no role's page names the
	// organisation that asked.
	for _, role := range tsRoles {
		body := w.page(t, role)
		qa := section(body, "tsup-qa")
		if i := strings.Index(qa, `id="tsup-ask-title"`); i >= 0 {
			qa = qa[:i] // the form says whom the viewer asks for
		}
		if !strings.Contains(qa, "delaftale 1 alene") || !strings.Contains(qa, "hver delaftale kan vindes for sig") {
			t.Errorf("%s does not see the published answer:\n%s", role, qa)
		}
		if strings.Contains(qa, w.sov.Name) || strings.Contains(qa, w.users[tsSOV].Email) {
			t.Errorf("%s sees who asked", role)
		}
		if role != tsSOV && role != tsBoth && strings.Contains(body, w.sov.Name) {
			t.Errorf("%s: the page names the asking organisation", role)
		}
	}
	// The platform admin may answer too.
	if err := w.store.AskClarification(samspil.WithActor(context.Background(), w.users[tsFirm].ID),
		&samspil.Clarification{TenderID: w.tender.ID, OrganisationID: w.firm.ID, Question: "Hvornår er besigtigelsen?", AskedBy: w.users[tsFirm].ID}); err != nil {
		t.Fatal(err)
	}
	cs, _ = w.store.FindClarifications(context.Background(), w.tender.ID, true)
	if r := w.post(w.clients[tsPlatform], tsupPath(w.tender.ID, fmt.Sprintf("/spoergsmaal/%d/svar", cs[len(cs)-1].ID)), url.Values{"answer": {"Den 3. marts."}}); r.status != http.StatusSeeOther {
		t.Errorf("platform admin answers: %d", r.status)
	}

	// After the deadline for questions, a question is refused with the date.
	w.clock(11 * 24 * time.Hour)
	r = w.post(w.clients[tsSOV], ask, url.Values{"question": {"Et sent spørgsmål"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Fristen for spørgsmål udløb") || !strings.Contains(r.body, w.tender.Title) {
		t.Errorf("late question: %d\n%s", r.status, section(r.body, "tsup-qa"))
	}
	if body := w.page(t, tsSOV); !strings.Contains(body, "Fristen for spørgsmål er overskredet") || strings.Contains(body, `id="tsup-question"`) {
		t.Errorf("after the deadline the question form is still offered")
	}
}

func TestTenderInterest(t *testing.T) {
	w := newTsupWorld(t)
	path := tsupPath(w.tender.ID, "/interesse")
	ok := url.Values{"state": {"interested"}, "lots": {"1"}, "message": {"Kontakt Kim på 12 34 56 78."}}
	for role, want := range map[string]int{tsAnon: http.StatusUnauthorized, tsBuyer: http.StatusForbidden, tsOtherK: http.StatusForbidden,
		tsPlatform: http.StatusForbidden, tsNoOrg: http.StatusForbidden} {
		if r := w.post(w.clients[role], path, ok); r.status != want {
			t.Errorf("interest as %s: %d, want %d", role, r.status, want)
		}
	}
	for name, form := range map[string]url.Values{
		"no state":   {"message": {"x"}},
		"bad state":  {"state": {"opened"}},
		"bad lot":    {"state": {"interested"}, "lots": {"9"}},
		"lot junk":   {"state": {"interested"}, "lots": {"<b>"}},
		"too long":   {"state": {"interested"}, "message": {strings.Repeat("x", samspil.MaxInterestMessage+1)}},
		"no org set": {"state": {"interested"}},
	} {
		c := w.clients[tsSOV]
		if name == "no org set" {
			c = w.clients[tsBoth]
		}
		r := w.post(c, path, form)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `class="error-summary"`) || !strings.Contains(r.body, w.tender.Title) {
			t.Errorf("%s: %d\n%s", name, r.status, section(r.body, "tsup-interest"))
		}
	}
	r := w.post(w.clients[tsSOV], path, ok)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != tsupPath(w.tender.ID, "#tsup-interest") {
		t.Fatalf("interest: %d\n%s", r.status, r.body)
	}
	body := w.page(t, tsSOV)
	if !strings.Contains(body, "Jeres interesse er registreret") || !strings.Contains(section(body, "tsup-interest"), "Interesseret") {
		t.Errorf("after interest:\n%s", section(body, "tsup-interest"))
	}
	if !strings.Contains(body, `value="1" checked`) || !strings.Contains(body, "Kontakt Kim") {
		t.Errorf("the form does not show the current answer")
	}
	rs, err := w.store.FindTenderResponses(context.Background(), w.tender.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]samspil.ResponseState{}
	for _, x := range rs {
		got[x.OrganisationID] = x.State
	}
	if got[w.sov.ID] != samspil.ResponseInterested {
		t.Errorf("responses: %v", got)
	}
	// The person in two organisations answers for the company.
	if r := w.post(w.clients[tsBoth], path, url.Values{"state": {"declined"}, "organisation_id": {idStr(w.firm.ID)}}); r.status != http.StatusSeeOther {
		t.Errorf("declining for the company: %d\n%s", r.status, r.body)
	}
	if r := w.post(w.clients[tsBoth], path, url.Values{"state": {"declined"}, "organisation_id": {idStr(w.buyer.ID)}}); r.status != http.StatusForbidden {
		t.Errorf("answering for the buyer: %d", r.status)
	}
	// The buyer is told, in Danish and English.
	inbox := w.get(w.clients[tsBuyer], "/notifikationer")
	if !strings.Contains(inbox.body, w.sov.Name+" har meldt interesse for jeres udbud") {
		t.Errorf("buyer's inbox:\n%s", inbox.body)
	}
	if inbox := w.get(w.clients[tsBuyer], "/notifikationer?lang=en"); !strings.Contains(inbox.body, "registered interest in your tender") {
		t.Errorf("buyer's inbox in English lacks the tender note")
	}
	// After the deadline for tenders, interest is refused with a clear message.
	w.clock(21 * 24 * time.Hour)
	r = w.post(w.clients[tsFirm], path, ok)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Fristen for tilbud udløb") {
		t.Errorf("late interest: %d\n%s", r.status, section(r.body, "tsup-interest"))
	}
}

func TestTenderFollow(t *testing.T) {
	w := newTsupWorld(t)
	r := w.post(w.clients[tsSOV], "/foelg", url.Values{"kind": {"tender"}, "key": {idStr(w.tender.ID)}, "return_to": {tsupPath(w.tender.ID, "")}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("follow a tender: %d\n%s", r.status, r.body)
	}
	if body := w.page(t, tsSOV); !strings.Contains(body, `action="/foelg/stop"`) {
		t.Errorf("the follow button does not show following")
	}
	draft := w.publish(t, "Kladde om vinduespolering", false)
	if r := w.post(w.clients[tsSOV], "/foelg", url.Values{"kind": {"tender"}, "key": {idStr(draft.ID)}}); r.status != http.StatusNotFound {
		t.Errorf("following a draft: %d", r.status)
	}
}

func TestTenderICSHandler(t *testing.T) {
	w := newTsupWorld(t)
	path := tsupPath(w.tender.ID, "/frister.ics")
	r := w.get(w.clients[tsAnon], path)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != icsContentType {
		t.Fatalf("ics: %d %s\n%s", r.status, r.header.Get("Content-Type"), r.body)
	}
	if !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("disposition %q", r.header.Get("Content-Disposition"))
	}
	if strings.Contains(strings.ReplaceAll(r.body, "\r\n", ""), "\n") {
		t.Errorf("a line ends without CR")
	}
	for _, l := range strings.Split(r.body, "\r\n") {
		if len(l) > icsLineLimit {
			t.Errorf("line longer than 75 octets: %q", l)
		}
	}
	lines := icsUnfold(r.body)
	count := func(prefix string) (n int, vals []string) {
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				n++
				vals = append(vals, l)
			}
		}
		return
	}
	if n, _ := count("BEGIN:VEVENT"); n != 3 {
		t.Errorf("%d events, want 3", n)
	}
	_, uids := count("UID:")
	wantStart := "DTSTART:" + w.tender.TenderDeadline.UTC().Format("20060102T150405Z")
	if n, _ := count(wantStart); n != 1 {
		t.Errorf("no %s in\n%s", wantStart, r.body)
	}
	if n, _ := count("DTSTAMP:"); n != 3 {
		t.Errorf("DTSTAMP missing")
	}
	if n, sums := count("SUMMARY:Frist for tilbud: "); n != 1 || !strings.Contains(icsUnescapeText(sums[0]), w.tender.Title) {
		t.Errorf("summary: %v", sums)
	}
	if n, _ := count("URL:" + w.srv.feedAbsURL(tsupPath(w.tender.ID, ""))); n != 3 {
		t.Errorf("URL lines")
	}
	// The UIDs are stable.
	_, again := func() (int, []string) {
		lines = icsUnfold(w.get(w.clients[tsSOV], path).body)
		return count("UID:")
	}()
	if strings.Join(uids, "|") != strings.Join(again, "|") || len(uids) != 3 {
		t.Errorf("UIDs changed: %v vs %v", uids, again)
	}
	if r := w.get(w.clients[tsAnon], path+"?frist=spoergsmaal"); strings.Count(r.body, "BEGIN:VEVENT") != 1 || !strings.Contains(r.body, "Frist for spørgsmål") {
		t.Errorf("one deadline:\n%s", r.body)
	}
	if r := w.get(w.clients[tsAnon], path+"?frist=ukendt"); r.status != http.StatusNotFound {
		t.Errorf("unknown deadline: %d", r.status)
	}
	if r := w.get(w.clients[tsAnon], path+"?lang=en"); !strings.Contains(r.body, "SUMMARY:Deadline for tenders") {
		t.Errorf("English calendar:\n%s", r.body)
	}
	draft := w.publish(t, "Kladde om vinduespolering", false)
	for role, want := range map[string]int{tsAnon: 404, tsSOV: 404, tsOtherK: 404, tsBuyer: 200, tsPlatform: 200} {
		if r := w.get(w.clients[role], tsupPath(draft.ID, "/frister.ics")); r.status != want {
			t.Errorf("draft's calendar as %s: %d, want %d", role, r.status, want)
		}
	}
	if r := w.get(w.clients[tsAnon], "/udbud/999999/frister.ics"); r.status != http.StatusNotFound {
		t.Errorf("unknown tender: %d", r.status)
	}
}

func TestTenderFeed(t *testing.T) {
	w := newTsupWorld(t)
	second := w.publish(t, "Vinduespolering & <kantine>", true)
	draft := w.publish(t, "Kladde der ikke må ses", false)
	for _, role := range []string{tsAnon, tsBuyer, tsPlatform} {
		r := w.get(w.clients[role], "/feeds/tenders.atom")
		if r.status != http.StatusOK || r.header.Get("Content-Type") != atomContentType {
			t.Fatalf("feed: %d %s", r.status, r.header.Get("Content-Type"))
		}
		f := checkWellFormed(t, []byte(r.body))
		ids := checkTagIDs(t, f, w.host)
		if len(f.Entries) != 2 || strings.Contains(r.body, draft.Title) {
			t.Fatalf("feed as %s: %d entries\n%s", role, len(f.Entries), r.body)
		}
		want := map[string]bool{w.srv.tagID(fmt.Sprintf("udbud/%d", w.tender.ID)): true, w.srv.tagID(fmt.Sprintf("udbud/%d", second.ID)): true}
		for _, id := range ids {
			if !want[id] {
				t.Errorf("unexpected entry id %q", id)
			}
		}
		for i, e := range f.Entries {
			if e.Summary == nil || !strings.Contains(e.Summary.Text, "Frist for tilbud:") {
				t.Errorf("entry %d summary: %+v", i, e.Summary)
			}
			if i > 0 && e.Published > f.Entries[i-1].Published {
				t.Errorf("entries are not newest first")
			}
			if e.Author.Name != w.buyer.Name {
				t.Errorf("author %q", e.Author.Name)
			}
		}
		if !strings.Contains(r.body, "Vinduespolering &amp; &lt;kantine&gt;") {
			t.Errorf("the title is not escaped")
		}
	}
}

func TestTendersForYou(t *testing.T) {
	w := newTsupWorld(t)
	if r := w.get(w.clients[tsAnon], "/udbud/til-jer"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/log-ind") {
		t.Errorf("anonymous: %d %s", r.status, r.header.Get("Location"))
	}
	for role, want := range map[string]string{
		tsSOV:    w.tender.Title,
		tsFirm:   w.tender.Title,
		tsBoth:   w.firm.Name,
		tsBuyer:  "Du er kun med i en kommune",
		tsOtherK: "Du er kun med i en kommune",
		tsNoOrg:  "Du er ikke med i en organisation endnu",
	} {
		r := w.get(w.clients[role], "/udbud/til-jer")
		if r.status != http.StatusOK || !strings.Contains(r.body, want) || !strings.Contains(r.body, `href="/udbud"`) {
			t.Errorf("for you as %s: %d, want %q", role, r.status, want)
		}
	}
	body := w.get(w.clients[tsSOV], "/udbud/til-jer").body
	if !strings.Contains(body, "Point") && !strings.Contains(body, `class="match-why"`) {
		t.Errorf("no explanation:\n%s", body)
	}
	// An organisation without CPV codes is told why nothing fits.
	bare := w.org(&samspil.Organisation{CVR: validCVR(7103), Name: "Tom Profil", Kind: samspil.OrgSOV, MunicipalityCode: "0630"})
	if err := w.store.CreateMembership(context.Background(), &samspil.Membership{UserID: w.users[tsNoOrg].ID, OrganisationID: bare.ID,
		Role: samspil.RoleMember, Status: samspil.MembershipActive}); err != nil {
		t.Fatal(err)
	}
	if r := w.get(w.clients[tsNoOrg], "/udbud/til-jer"); !strings.Contains(r.body, "ingen CPV-koder") {
		t.Errorf("no CPV codes:\n%s", r.body)
	}
	// The dashboard shows up to three.
	if r := w.get(w.clients[tsSOV], "/overblik"); r.status == http.StatusOK && (!strings.Contains(r.body, "Udbud til jer") || !strings.Contains(r.body, w.tender.Title)) {
		t.Errorf("dashboard:\n%s", r.body)
	}
	if r := w.get(w.clients[tsBuyer], "/overblik"); r.status == http.StatusOK && strings.Contains(r.body, "Udbud til jer") {
		t.Errorf("a municipality's dashboard shows tenders for suppliers")
	}
}

// TestTenderNotificationTexts renders every procurement kind in both
// languages, with every argument and with only the tender's title.
func TestTenderNotificationTexts(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	kinds := []samspil.NotificationKind{samspil.NoteTenderNew, samspil.NoteTenderReminder, samspil.NoteTenderAmended, samspil.NoteTenderCancelled,
		samspil.NoteTenderAnswer, samspil.NoteTenderQuestion, samspil.NoteTenderInterest, samspil.NoteTenderAwarded}
	for _, lang := range []string{"da", "en"} {
		tr := c.translator(lang)
		for _, k := range kinds {
			for _, args := range []map[string]string{
				{"Tender": "Rengøring <3 skoler>", "Buyer": "Vejle Kommune", "Note": "Ny frist", "Organisation": "Vaskeriet"},
				{"Tender": "Rengøring <3 skoler>"},
			} {
				got := notificationText(tr, &samspil.Notification{Kind: k, Args: args})
				if !strings.Contains(got, "Rengøring <3 skoler>") || strings.Contains(got, "<no value>") || got == tr.T("note.unknown", nil) {
					t.Errorf("%s %s %v: %q", lang, k, args, got)
				}
			}
		}
	}
}
