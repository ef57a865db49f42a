package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/samspil/samspil"
)

func testTenderClarifications(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	buyer := f.as(e, f.buyer)
	x := f.publish(t, e, f.newTender(e, "Rengøring"))
	draft := f.newTender(e, "Udkast")
	must(t, e.s.CreateTender(buyer, draft))
	// far opened it, builder registered interest, near only asks; the
	// follower follows it.
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.far.ID, State: samspil.ResponseOpened}))
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.builder.ID, State: samspil.ResponseInterested}))
	must(t, e.s.Follow(e.ctx, f.follower.ID, samspil.FollowTender, fmt.Sprint(x.ID)))

	asker := f.as(e, f.nearAdmin)
	for _, c := range []struct {
		name      string
		q         samspil.Clarification
		code, key string
	}{
		{"empty", samspil.Clarification{TenderID: x.ID, OrganisationID: f.near.ID, Question: "  "}, samspil.EINVALID, "tender.clarification.required"},
		{"too long", samspil.Clarification{TenderID: x.ID, OrganisationID: f.near.ID, Question: strings.Repeat("x", samspil.MaxClarificationLen+1)}, samspil.EINVALID, "field.too_long"},
		{"buyer asks", samspil.Clarification{TenderID: x.ID, OrganisationID: f.kommune.ID, Question: "Hvad?"}, samspil.EINVALID, "tender.response.own"},
		{"unknown organisation", samspil.Clarification{TenderID: x.ID, OrganisationID: 999999, Question: "Hvad?"}, samspil.ENOTFOUND, "org.not_found"},
		{"draft", samspil.Clarification{TenderID: draft.ID, OrganisationID: f.near.ID, Question: "Hvad?"}, samspil.ENOTFOUND, "tender.not_found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := c.q
			wantTenderErr(t, e.s.AskClarification(asker, &q), c.code, c.key)
		})
	}
	q := &samspil.Clarification{TenderID: x.ID, OrganisationID: f.near.ID, Question: " Skal vinduerne pudses indvendigt? "}
	must(t, e.s.AskClarification(asker, q))
	if q.ID == 0 || q.Question != "Skal vinduerne pudses indvendigt?" || !q.AskedAt.Equal(e.clock.Now()) || q.AskedBy != f.nearAdmin.ID {
		t.Fatalf("asked = %+v", q)
	}
	// The buyer is told, without who asked.
	all0, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: f.buyer.ID})
	must(t, err)
	var ns []*samspil.Notification
	for _, n := range all0 {
		if n.Kind == samspil.NoteTenderQuestion {
			ns = append(ns, n)
		}
	}
	if len(ns) != 1 || ns[0].Link != fmt.Sprintf("/udbud/%d", x.ID) || ns[0].Args["Tender"] != "Rengøring" {
		t.Fatalf("buyer's notes = %+v", ns)
	}
	for k, v := range ns[0].Args {
		if strings.Contains(v, f.near.Name) || k == "Organisation" {
			t.Fatalf("the question's notification reveals the asker: %v", ns[0].Args)
		}
	}
	public, err := e.s.FindClarifications(e.ctx, x.ID, false)
	must(t, err)
	all, err := e.s.FindClarifications(e.ctx, x.ID, true)
	must(t, err)
	if len(public) != 0 || len(all) != 1 || all[0].OrganisationID != f.near.ID {
		t.Fatalf("public %d, all %+v", len(public), all)
	}

	for _, c := range []struct {
		name, answer string
		id           int64
		code, key    string
	}{
		{"empty", " ", q.ID, samspil.EINVALID, "tender.clarification.answer_required"},
		{"too long", strings.Repeat("x", samspil.MaxClarificationLen+1), q.ID, samspil.EINVALID, "field.too_long"},
		{"unknown", "Ja.", 999999, samspil.ENOTFOUND, "tender.clarification.not_found"},
	} {
		t.Run("answer "+c.name, func(t *testing.T) {
			_, err := e.s.AnswerClarification(buyer, c.id, c.answer)
			wantTenderErr(t, err, c.code, c.key)
		})
	}
	e.clock.Add(time.Hour)
	a, err := e.s.AnswerClarification(buyer, q.ID, " Ja, begge sider. ")
	must(t, err)
	if a.Answer != "Ja, begge sider." || a.AnsweredAt == nil || !a.AnsweredAt.Equal(e.clock.Now()) || a.AnsweredBy == nil || *a.AnsweredBy != f.buyer.ID {
		t.Fatalf("answered = %+v", a)
	}
	_, err = e.s.AnswerClarification(buyer, q.ID, "Igen")
	wantTenderErr(t, err, samspil.ECONFLICT, "tender.clarification.answered")
	// Everyone who opened it or showed interest, and the followers, at
	// once; near only asked (and never opened it), far opened it.
	wantNotes(t, e, samspil.NoteTenderAnswer, map[*samspil.User]int{f.farAdmin: 1, f.builderAdmin: 1, f.follower: 1, f.nearAdmin: 0, f.buyer: 0, f.firmAdmin: 0})
	public, err = e.s.FindClarifications(e.ctx, x.ID, false)
	must(t, err)
	if len(public) != 1 || public[0].Answer != "Ja, begge sider." || jsonHas(t, public[0], fmt.Sprint(f.near.ID)) && jsonHas(t, public[0], "organisation") {
		t.Fatalf("public = %+v", public)
	}

	// The next version's snapshot holds the answered question, anonymously.
	y := *x
	y.Description += " Også vinduer."
	must(t, e.s.AmendTender(buyer, &y, "Vinduer med"))
	vs, err := e.s.TenderVersions(e.ctx, x.ID)
	must(t, err)
	if len(vs[0].Clarifications) != 0 || len(vs[1].Clarifications) != 1 || vs[1].Clarifications[0].Answer != "Ja, begge sider." ||
		vs[1].Clarifications[0].OrganisationID != 0 || jsonHas(t, vs[1], "organisation_id") {
		t.Fatalf("versions' clarifications = %+v / %+v", vs[0].Clarifications, vs[1].Clarifications)
	}

	// A question after the deadline for questions is refused.
	e.clock.Add(10 * 24 * time.Hour)
	late := &samspil.Clarification{TenderID: x.ID, OrganisationID: f.far.ID, Question: "For sent?"}
	wantTenderErr(t, e.s.AskClarification(f.as(e, f.farAdmin), late), samspil.EINVALID, "tender.questions_closed")
	if late.ID != 0 {
		t.Fatalf("refused question got id %d", late.ID)
	}
	// An open question on a cancelled tender can no longer be answered.
	z := f.publish(t, e, f.newTender(e, "Andet"))
	q2 := &samspil.Clarification{TenderID: z.ID, OrganisationID: f.near.ID, Question: "Hvornår?"}
	must(t, e.s.AskClarification(asker, q2))
	_, err = e.s.CancelTender(buyer, z.ID, "Opgivet")
	must(t, err)
	_, err = e.s.AnswerClarification(buyer, q2.ID, "Aldrig")
	wantTenderErr(t, err, samspil.ECONFLICT, "tender.not_published")
}

func testTenderResponses(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	x := f.newTender(e, "Rengøring")
	x = f.publish(t, e, x)
	supplier := f.as(e, f.nearAdmin)
	respond := func(org *samspil.Organisation, state samspil.ResponseState, lots ...int) (*samspil.TenderResponse, error) {
		r := &samspil.TenderResponse{TenderID: x.ID, OrganisationID: org.ID, State: state, Lots: lots, Message: " Vi byder gerne. "}
		err := e.s.RespondToTender(supplier, r)
		return r, err
	}
	// The state machine, step by step, for near (notified at publication).
	steps := []struct {
		state     samspil.ResponseState
		lots      []int
		want      samspil.ResponseState
		wantLots  []int
		buyerNote int // NoteTenderInterest notifications the buyer has after the step
	}{
		{samspil.ResponseOpened, nil, samspil.ResponseOpened, nil, 0},
		{samspil.ResponseOpened, nil, samspil.ResponseOpened, nil, 0},
		{samspil.ResponseInterested, []int{2, 1, 2}, samspil.ResponseInterested, []int{1, 2}, 1},
		{samspil.ResponseOpened, nil, samspil.ResponseInterested, []int{1, 2}, 1}, // opening never downgrades
		{samspil.ResponseInterested, []int{2}, samspil.ResponseInterested, []int{2}, 1},
		{samspil.ResponseDeclined, nil, samspil.ResponseDeclined, nil, 1},
		{samspil.ResponseOpened, nil, samspil.ResponseDeclined, nil, 1},
		{samspil.ResponseInterested, nil, samspil.ResponseInterested, nil, 2},
	}
	for i, s := range steps {
		e.clock.Add(time.Minute)
		r, err := respond(f.near, s.state, s.lots...)
		must(t, err)
		if r.State != s.want || !reflect.DeepEqual(sortedInts(r.Lots), sortedInts(s.wantLots)) || r.NotifiedAt == nil || r.OpenedAt == nil ||
			!r.OpenedAt.Equal(Start.Add(time.Minute)) || r.OrganisationName != f.near.Name {
			t.Fatalf("step %d (%s): response = %+v", i, s.state, r)
		}
		if s.state != samspil.ResponseOpened && (r.RespondedAt == nil || !r.RespondedAt.Equal(e.clock.Now()) || r.Message != "Vi byder gerne.") {
			t.Fatalf("step %d: response = %+v", i, r)
		}
		if got := tenderNotes(t, e, f.buyer, samspil.NoteTenderInterest); len(got) != s.buyerNote {
			t.Fatalf("step %d: buyer's interest notes = %q, want %d", i, got, s.buyerNote)
		}
	}
	ns, _, err := e.s.FindNotifications(e.ctx, samspil.NotificationFilter{UserID: f.buyer.ID})
	must(t, err)
	if ns[0].Args["Organisation"] != f.near.Name || ns[0].Link != fmt.Sprintf("/udbud/%d", x.ID) {
		t.Fatalf("interest note = %+v", ns[0])
	}
	// An organisation that was never notified can respond too.
	_, err = respond(f.firm, samspil.ResponseDeclined)
	must(t, err)
	for _, c := range []struct {
		name      string
		org       *samspil.Organisation
		state     samspil.ResponseState
		lots      []int
		code, key string
	}{
		{"buyer", f.kommune, samspil.ResponseInterested, nil, samspil.EINVALID, "tender.response.own"},
		{"bad state", f.far, samspil.ResponseNotified, nil, samspil.EINVALID, "tender.response.state"},
		{"unknown lot", f.far, samspil.ResponseInterested, []int{3}, samspil.EINVALID, "tender.response.lots"},
		{"unknown organisation", &samspil.Organisation{ID: 999999}, samspil.ResponseOpened, nil, samspil.ENOTFOUND, "org.not_found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := respond(c.org, c.state, c.lots...)
			wantTenderErr(t, err, c.code, c.key)
		})
	}
	rs, err := e.s.FindTenderResponses(e.ctx, x.ID)
	must(t, err)
	if got := responseSummary(rs); got != "Vinduespudserne i Aalborg:notified|Rengøringsholdet:interested|Rent A/S:declined" {
		t.Fatalf("responses = %s", got)
	}
	// After the deadline: no interest, but opening and declining still work.
	e.clock.Add(21 * 24 * time.Hour)
	_, err = respond(f.far, samspil.ResponseInterested)
	wantTenderErr(t, err, samspil.EINVALID, "tender.response.closed")
	r, err := respond(f.far, samspil.ResponseDeclined)
	must(t, err)
	if r.State != samspil.ResponseDeclined {
		t.Fatalf("late decline = %+v", r)
	}
	// A draft is not there for suppliers.
	d := f.newTender(e, "Udkast")
	must(t, e.s.CreateTender(f.as(e, f.buyer), d))
	err = e.s.RespondToTender(supplier, &samspil.TenderResponse{TenderID: d.ID, OrganisationID: f.near.ID, State: samspil.ResponseOpened})
	wantTenderErr(t, err, samspil.ENOTFOUND, "tender.not_found")
	inbox, err := e.s.FindResponsesByOrganisation(e.ctx, f.near.ID)
	must(t, err)
	if len(inbox) != 1 || inbox[0].State != samspil.ResponseInterested {
		t.Fatalf("near's inbox = %+v", inbox)
	}
}

func testTenderRemind(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	buyer := f.as(e, f.buyer)
	x := f.publish(t, e, f.newTender(e, "Rengøring"))
	// near opens it, far stays notified, builder declines (never notified).
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.near.ID, State: samspil.ResponseOpened}))
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.builder.ID, State: samspil.ResponseDeclined}))
	n, err := e.s.RemindTenderRecipients(buyer, x.ID)
	must(t, err)
	if n != 2 {
		t.Fatalf("reminded %d, want 2", n)
	}
	wantNotes(t, e, samspil.NoteTenderReminder, map[*samspil.User]int{f.nearAdmin: 1, f.farAdmin: 1, f.builderAdmin: 0, f.buyer: 0})
	rs, err := e.s.FindTenderResponses(e.ctx, x.ID)
	must(t, err)
	for _, r := range rs {
		if (r.State == samspil.ResponseDeclined) != (r.RemindedAt == nil) {
			t.Fatalf("response %+v", r)
		}
	}
	e.clock.Add(23 * time.Hour)
	n, err = e.s.RemindTenderRecipients(buyer, x.ID)
	must(t, err)
	if n != 0 {
		t.Fatalf("reminded %d within 24 hours", n)
	}
	must(t, e.s.RespondToTender(e.ctx, &samspil.TenderResponse{TenderID: x.ID, OrganisationID: f.near.ID, State: samspil.ResponseInterested}))
	e.clock.Add(time.Hour)
	n, err = e.s.RemindTenderRecipients(buyer, x.ID)
	must(t, err)
	if n != 1 {
		t.Fatalf("reminded %d after 24 hours, want 1 (far)", n)
	}
	wantNotes(t, e, samspil.NoteTenderReminder, map[*samspil.User]int{f.nearAdmin: 1, f.farAdmin: 2})
	e.clock.Add(20 * 24 * time.Hour)
	_, err = e.s.RemindTenderRecipients(buyer, x.ID)
	wantTenderErr(t, err, samspil.ECONFLICT, "tender.not_open")
}

func testFindTenders(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	buyer := f.as(e, f.buyer)
	a := f.newTender(e, "Alfa rengøring")
	a.ValueOre = 500_000_00
	a.Lots = nil
	f.publish(t, e, a)
	e.clock.Add(time.Hour)
	b := f.newTender(e, "Beta kantine")
	b.Procedure, b.Reservation = samspil.ProcReserved, samspil.ReserveShelteredWorkshop
	b.MainCPV, b.CPVCodes, b.PlaceCode = "55520000-1", nil, "0751"
	b.TenderDeadline = b.TenderDeadline.Add(-24 * time.Hour)
	f.publish(t, e, b)
	e.clock.Add(time.Hour)
	c := f.newTender(e, "Gamma udkast")
	must(t, e.s.CreateTender(buyer, c))
	other, err := e.s.FindMunicipalityOrganisation(e.ctx, "0751")
	must(t, err)
	d := f.newTender(e, "Delta Aarhus")
	d.BuyerID = other.ID
	f.publish(t, e, d)
	after := e.clock.Now().Add(20*24*time.Hour + time.Minute)
	for _, tc := range []struct {
		name  string
		f     samspil.TenderFilter
		want  string
		total int
	}{
		{"default: deadline, no drafts", samspil.TenderFilter{}, "Beta kantine|Alfa rengøring|Delta Aarhus", 3},
		{"newest", samspil.TenderFilter{Sort: samspil.TenderSortNewest}, "Delta Aarhus|Beta kantine|Alfa rengøring", 3},
		{"value", samspil.TenderFilter{Sort: samspil.TenderSortValue}, "Beta kantine|Delta Aarhus|Alfa rengøring", 3},
		{"title", samspil.TenderFilter{Sort: samspil.TenderSortTitle}, "Alfa rengøring|Beta kantine|Delta Aarhus", 3},
		{"page", samspil.TenderFilter{Sort: samspil.TenderSortTitle, Offset: 1, Limit: 1}, "Beta kantine", 3},
		{"past the end", samspil.TenderFilter{Offset: 10}, "", 3},
		{"buyer's own with drafts", samspil.TenderFilter{BuyerID: f.kommune.ID, Statuses: []samspil.TenderStatus{samspil.TenderDraft, samspil.TenderPublished}, Sort: samspil.TenderSortTitle}, "Alfa rengøring|Beta kantine|Gamma udkast", 3},
		{"drafts without buyer", samspil.TenderFilter{Statuses: []samspil.TenderStatus{samspil.TenderDraft}}, "", 0},
		{"buyer without drafts", samspil.TenderFilter{BuyerID: f.kommune.ID}, "Beta kantine|Alfa rengøring", 2},
		{"place", samspil.TenderFilter{MunicipalityCode: "0751"}, "Beta kantine", 1},
		{"procedure", samspil.TenderFilter{Procedure: samspil.ProcSocialClause}, "Alfa rengøring|Delta Aarhus", 2},
		{"cpv division", samspil.TenderFilter{CPVPrefix: "55"}, "Beta kantine", 1},
		{"cpv group", samspil.TenderFilter{CPVPrefix: "909"}, "Alfa rengøring|Delta Aarhus", 2},
		{"reserved", samspil.TenderFilter{Reserved: true}, "Beta kantine", 1},
		{"open now", samspil.TenderFilter{OpenAt: &[]time.Time{e.clock.Now()}[0]}, "Beta kantine|Alfa rengøring|Delta Aarhus", 3},
		{"open later", samspil.TenderFilter{OpenAt: &after}, "", 0},
		{"text in title", samspil.TenderFilter{Text: "kantine"}, "Beta kantine", 1},
		{"draft title for its buyer", samspil.TenderFilter{Text: "gamma", BuyerID: f.kommune.ID, Statuses: []samspil.TenderStatus{samspil.TenderDraft}}, "Gamma udkast", 1},
		{"draft title for the public", samspil.TenderFilter{Text: "gamma"}, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := e.s.FindTenders(e.ctx, tc.f)
			must(t, err)
			if tenderTitles(got) != tc.want || total != tc.total {
				t.Fatalf("got %q (%d), want %q (%d)", tenderTitles(got), total, tc.want, tc.total)
			}
		})
	}
	for _, tc := range []struct {
		name string
		f    samspil.TenderFilter
		key  string
	}{
		{"sort", samspil.TenderFilter{Sort: "pris"}, "tender.sort.invalid"},
		{"status", samspil.TenderFilter{Statuses: []samspil.TenderStatus{"gammel"}}, "tender.status.invalid"},
		{"cpv prefix", samspil.TenderFilter{CPVPrefix: "9%"}, "tender.cpv_prefix.invalid"},
		{"offset", samspil.TenderFilter{Offset: -1}, "page.offset.negative"},
		{"text", samspil.TenderFilter{Text: strings.Repeat("a", samspil.MaxQueryLen+1)}, "search.query.too_long"},
	} {
		t.Run("invalid "+tc.name, func(t *testing.T) {
			_, _, err := e.s.FindTenders(e.ctx, tc.f)
			wantTenderErr(t, err, samspil.EINVALID, tc.key)
		})
	}
}

func testTenderVersionsBetween(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	buyer := f.as(e, f.buyer)
	x := f.publish(t, e, f.newTender(e, "Første"))
	e.clock.Add(time.Hour)
	y := f.publish(t, e, f.newTender(e, "Anden"))
	e.clock.Add(time.Hour)
	z := *x
	z.Title = "Første, rettet"
	must(t, e.s.AmendTender(buyer, &z, "Ny titel"))
	e.clock.Add(time.Hour)
	_, err := e.s.CancelTender(buyer, y.ID, "Opgivet")
	must(t, err)
	summary := func(vs []*samspil.TenderVersion) string {
		var parts []string
		for _, v := range vs {
			parts = append(parts, fmt.Sprintf("%s:%d:%s", v.Tender.Title, v.Seq, v.Kind))
		}
		return strings.Join(parts, "|")
	}
	for _, c := range []struct {
		name          string
		from, to      time.Time
		offset, limit int
		want          string
		total         int
	}{
		{"all", Start, Start.Add(24 * time.Hour), 0, 0, "Første:1:tender|Anden:1:tender|Første, rettet:2:tenderAmendment|Anden:2:tenderCancellation", 4},
		{"page", Start, Start.Add(24 * time.Hour), 1, 2, "Anden:1:tender|Første, rettet:2:tenderAmendment", 4},
		{"half-open", Start.Add(time.Hour), Start.Add(2 * time.Hour), 0, 0, "Anden:1:tender", 1},
		{"empty", Start.Add(-time.Hour), Start, 0, 0, "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			vs, total, err := e.s.TenderVersionsBetween(e.ctx, c.from, c.to, c.offset, c.limit)
			must(t, err)
			if summary(vs) != c.want || total != c.total {
				t.Fatalf("got %q (%d), want %q (%d)", summary(vs), total, c.want, c.total)
			}
		})
	}
	_, _, err = e.s.TenderVersionsBetween(e.ctx, Start, Start.Add(-time.Hour), 0, 0)
	wantTenderErr(t, err, samspil.EINVALID, "tender.versions.range")
	_, _, err = e.s.TenderVersionsBetween(e.ctx, Start, Start.Add(time.Hour), 0, -1)
	wantTenderErr(t, err, samspil.EINVALID, "page.limit.negative")
}

func testTenderCandidates(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	buyer := f.as(e, f.buyer)
	a := f.publish(t, e, f.newTender(e, "Rengøring"))
	b := f.newTender(e, "Kantine")
	b.MainCPV, b.CPVCodes = "55520000-1", nil
	f.publish(t, e, b)
	draft := f.newTender(e, "Udkast")
	must(t, e.s.CreateTender(buyer, draft))
	soon := f.newTender(e, "Kort frist")
	soon.QuestionsDeadline, soon.TenderDeadline = e.clock.Now().Add(time.Hour), e.clock.Now().Add(2*time.Hour)
	f.publish(t, e, soon)
	got, err := e.s.TenderCandidates(e.ctx, f.far, 10)
	must(t, err)
	if tenderTitles(got) != "Kort frist|Rengøring" {
		t.Fatalf("candidates = %s", tenderTitles(got))
	}
	e.clock.Add(3 * time.Hour)
	got, err = e.s.TenderCandidates(e.ctx, f.far, 0)
	must(t, err)
	if len(got) != 1 || got[0].ID != a.ID {
		t.Fatalf("candidates after a deadline = %s", tenderTitles(got))
	}
	for _, o := range []*samspil.Organisation{f.builder, f.kommune, {}} {
		got, err = e.s.TenderCandidates(e.ctx, o, 10)
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("candidates for %s = %s", o.Name, tenderTitles(got))
		}
	}
}

func testTenderFollow(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	x := f.publish(t, e, f.newTender(e, "Rengøring"))
	draft := f.newTender(e, "Udkast")
	must(t, e.s.CreateTender(f.as(e, f.buyer), draft))
	u := f.follower
	must(t, e.s.Follow(e.ctx, u.ID, samspil.FollowTender, fmt.Sprintf("0%d", x.ID)))
	ok, err := e.s.IsFollowing(e.ctx, u.ID, samspil.FollowTender, fmt.Sprint(x.ID))
	must(t, err)
	if !ok {
		t.Fatal("not following")
	}
	fs, err := e.s.FindFollows(e.ctx, u.ID)
	must(t, err)
	if len(fs) != 1 || fs[0].Label != "Rengøring" || fs[0].Link != fmt.Sprintf("/udbud/%d", x.ID) {
		t.Fatalf("follows = %+v", fs)
	}
	wantTenderErr(t, e.s.Follow(e.ctx, u.ID, samspil.FollowTender, fmt.Sprint(draft.ID)), samspil.ENOTFOUND, "tender.not_found")
	wantTenderErr(t, e.s.Follow(e.ctx, u.ID, samspil.FollowTender, "x"), samspil.EINVALID, "follow.key.invalid")
	must(t, e.s.Unfollow(e.ctx, u.ID, samspil.FollowTender, fmt.Sprint(x.ID)))
	fs, err = e.s.FindFollows(e.ctx, u.ID)
	must(t, err)
	if len(fs) != 0 {
		t.Fatalf("follows after unfollow = %+v", fs)
	}
}

// TenderSearchSetup publishes the tenders the search checks use, for the
// contract suite and the store's rebuild test: "Rengøring af skoler"
// (published, then amended), "Kantinedrift" (awarded), "Udkast til
// vinduespolering" (a draft) and "Annulleret vinduespolering" (cancelled).
// It returns the ids of the published and the awarded tender.
func TenderSearchSetup(t *testing.T, s samspil.Store, clock *Clock) (published, awarded int64) {
	t.Helper()
	e := &env{s: s, clock: clock, ctx: context.Background()}
	f := newTenderFixture(t, e)
	buyer := f.as(e, f.buyer)
	x := f.publish(t, e, f.newTender(e, "Rengøring"))
	y := *x
	y.Title = "Rengøring af skoler"
	must(t, e.s.AmendTender(buyer, &y, "Ny titel"))
	k := f.newTender(e, "Kantinedrift")
	k.MainCPV, k.CPVCodes, k.Description, k.PlaceCode = "55520000-1", nil, "Frokost til vinduespolerere i Aarhus.", "0751"
	k = f.publish(t, e, k)
	draft := f.newTender(e, "Udkast til vinduespolering")
	must(t, e.s.CreateTender(buyer, draft))
	c := f.publish(t, e, f.newTender(e, "Annulleret vinduespolering"))
	_, err := e.s.CancelTender(buyer, c.ID, "Opgivet")
	must(t, err)
	clock.Add(21 * 24 * time.Hour)
	_, _, err = e.s.AwardTender(buyer, k.ID, &samspil.TenderAward{SupplierIDs: []int64{f.near.ID}, ValueOre: 100,
		ContractStart: k.ContractStart, ContractEnd: k.ContractEnd})
	must(t, err)
	return x.ID, k.ID
}

// CheckTenderSearch checks the search documents TenderSearchSetup left.
func CheckTenderSearch(t *testing.T, s samspil.Store, published, awarded int64) {
	t.Helper()
	ctx := context.Background()
	res, err := s.Search(ctx, samspil.SearchQuery{Text: "vinduespolering", Types: []samspil.SearchType{samspil.SearchTender}})
	must(t, err)
	ids := map[int64]samspil.SearchHit{}
	for _, h := range res.Items {
		ids[h.ID] = h
	}
	if res.Total != 2 || len(ids) != 2 || ids[published].Title != "Rengøring af skoler" || ids[awarded].Title != "Kantinedrift" {
		t.Fatalf("tender search = %+v", res.Items)
	}
	if h := ids[published]; h.Type != samspil.SearchTender || h.Kind != string(samspil.ModelSocialKlausul) || h.MunicipalityCode != "0101" ||
		h.Status != string(samspil.TenderPublished) || !strings.HasPrefix(h.Snippet, "Daglig rengøring") {
		t.Fatalf("hit = %+v", h)
	}
	if h := ids[awarded]; h.Status != string(samspil.TenderAwarded) || h.MunicipalityCode != "0751" {
		t.Fatalf("awarded hit = %+v", h)
	}
	res, err = s.Search(ctx, samspil.SearchQuery{Types: []samspil.SearchType{samspil.SearchTender}})
	must(t, err)
	if res.Total != 2 || res.Facets[samspil.FacetType][string(samspil.SearchTender)] != 2 {
		t.Fatalf("tender facets = %+v (total %d)", res.Facets, res.Total)
	}
	res, err = s.Search(ctx, samspil.SearchQuery{Text: "skoler"})
	must(t, err)
	if res.Total != 1 || res.Items[0].ID != published {
		t.Fatalf("search by the amended title = %+v", res.Items)
	}
}

func testTenderSearch(t *testing.T, e *env) {
	published, awarded := TenderSearchSetup(t, e.s, e.clock)
	CheckTenderSearch(t, e.s, published, awarded)
}

// testTenderPublishCap checks that a publication tells at most
// MaxTenderRecipients suppliers, the nearest ones.
func testTenderPublishCap(t *testing.T, e *env) {
	f := newTenderFixture(t, e)
	bornholm := newOrg(100, "Rengøring på Bornholm")
	bornholm.MunicipalityCode, bornholm.CPVCodes = "0400", []string{"90911200-8"}
	must(t, e.s.CreateOrganisation(e.ctx, bornholm))
	for i := 0; i < samspil.MaxTenderRecipients; i++ { // with near and far: two more than the cap
		o := newOrg(101+i, fmt.Sprintf("Rengøring %03d", i))
		o.CPVCodes = []string{"90911000-6"}
		must(t, e.s.CreateOrganisation(e.ctx, o))
	}
	x := f.publish(t, e, f.newTender(e, "Stor rengøring"))
	rs, err := e.s.FindTenderResponses(e.ctx, x.ID)
	must(t, err)
	if len(rs) != samspil.MaxTenderRecipients {
		t.Fatalf("%d notified, want %d", len(rs), samspil.MaxTenderRecipients)
	}
	for _, r := range rs {
		if r.OrganisationID == bornholm.ID || r.OrganisationID == f.far.ID {
			t.Fatalf("%s was notified before nearer suppliers", r.OrganisationName)
		}
	}
	wantNotes(t, e, samspil.NoteTenderNew, map[*samspil.User]int{f.nearAdmin: 1, f.farAdmin: 0})
}
