package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/markdown"
)

// Question page sizes.
const (
	questionPageSize = 20
	questionTagCloud = 40
)

// questionsFeedURL is the Atom feed of public questions (served by the feeds).
const questionsFeedURL = "/feeds/questions.atom"

// questionSorts are the orders of the list; the first is the default.
var questionSorts = []string{"newest", "active", "unanswered"}

// questionPath is the page of a question; sub is appended ("/svar").
func questionPath(id int64, sub string) string {
	return "/spoergsmaal/" + strconv.FormatInt(id, 10) + sub
}

// tagPath is the page of the questions with one tag.
func tagPath(tag string) string { return "/spoergsmaal/emne/" + url.PathEscape(tag) }

// tagFeedURL is the Atom feed of one tag (served by the feeds).
func tagFeedURL(tag string) string { return "/feeds/tag/" + url.PathEscape(tag) + ".atom" }

// canAsk reports whether p may ask: municipal staff, for one of their
// kommune organisations, and the secretariat (editors and platform
// admins), who ask without one.
func canAsk(p *samspil.Principal) bool { return p.IsMunicipal() }

// tagLink is one tag of the cloud with its relative weight (1-5).
type tagLink struct {
	Tag    string
	Label  string // the model's name for model codes
	Count  int
	Weight int
	URL    string
}

// questionListData is the list page and the tag page.
type questionListData struct {
	FormData
	Items      []*samspil.Question
	Total      int
	Pager      adminPager
	Cloud      []tagLink
	TagOptions []Option
	Sorts      []Option
	Tag        string // the tag page's tag
	FeedURL    string
	Follow     followButton // the tag page's follow button
	CanAsk     bool
	Anonymous  bool
	Filtered   bool
	Action     string // where the filter form goes
}

// handleQuestionList lists questions with the free-text, tag and
// unanswered filters, three orders and pages.
func (s *Server) handleQuestionList(w http.ResponseWriter, r *http.Request) {
	s.renderQuestionList(w, r, "")
}

// handleQuestionTag is the list of one tag, with its follow button and feed.
func (s *Server) handleQuestionTag(w http.ResponseWriter, r *http.Request) {
	tag, err := samspil.NormaliseTag(r.PathValue("tag"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	s.renderQuestionList(w, r, tag)
}

// renderQuestionList builds both lists. Municipality-only questions are
// included, in the list, the total and the tag cloud, only for viewers who
// may read them. Unknown filter values are dropped, never an error.
func (s *Server) renderQuestionList(w http.ResponseWriter, r *http.Request, tag string) {
	ctx := r.Context()
	p := s.principal(r)
	f := NewForm(r)
	tr := f.tr
	municipal := p.IsMunicipal()
	filter := samspil.QuestionFilter{IncludeMunicipalOnly: municipal, Limit: questionPageSize, Tag: tag}
	q := f.Get("q")
	if utf8.RuneCountInString(q) > 200 {
		q = string([]rune(q)[:200])
	}
	f.Set("q", q)
	filter.Query = q
	if tag == "" {
		if t := f.Get("tag"); t != "" {
			if nt, err := samspil.NormaliseTag(t); err == nil {
				filter.Tag = nt
			}
		}
		f.Set("tag", filter.Tag)
	}
	filter.Unanswered = f.Get("unanswered") == "1"
	if !filter.Unanswered {
		f.Set("unanswered", "")
	}
	filter.Sort = questionSorts[0]
	for _, so := range questionSorts {
		if f.Get("sort") == so {
			filter.Sort = so
		}
	}
	f.Set("sort", filter.Sort)
	page := adminPageParam(r)
	filter.Offset = (page - 1) * questionPageSize
	items, total, err := s.store.FindQuestions(ctx, filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tags, err := s.store.FindQuestionTags(ctx, municipal, questionTagCloud)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &questionListData{FormData: FormData{Form: f}, Items: items, Total: total, Pager: newAdminPager(r, page, total, questionPageSize),
		Tag: tag, FeedURL: questionsFeedURL, CanAsk: canAsk(p), Anonymous: p == nil, Action: "/spoergsmaal",
		Filtered: q != "" || filter.Unanswered || (tag == "" && filter.Tag != "") || filter.Sort != questionSorts[0]}
	if tag != "" {
		d.FeedURL, d.Action = tagFeedURL(tag), tagPath(tag)
		d.Follow = s.newFollowButton(r, samspil.FollowTag, tag)
	}
	d.Cloud = tagCloud(tr, tags)
	d.TagOptions = []Option{{Value: "", Label: tr.T("question.list.any_tag", nil)}}
	seen := false
	for _, t := range tags {
		d.TagOptions = append(d.TagOptions, Option{Value: t.Tag, Label: tagLabel(tr, t.Tag)})
		seen = seen || t.Tag == filter.Tag
	}
	if !seen && filter.Tag != "" && tag == "" {
		d.TagOptions = append(d.TagOptions, Option{Value: filter.Tag, Label: tagLabel(tr, filter.Tag)})
	}
	for _, so := range questionSorts {
		d.Sorts = append(d.Sorts, Option{Value: so, Label: tr.T("question.sort."+so, nil)})
	}
	s.render(w, r, http.StatusOK, "question_list", d)
}

// tagCloud weighs the tags from 1 (least used) to 5 (most used).
func tagCloud(tr *Translator, tags []samspil.TagCount) []tagLink {
	most := 1
	for _, t := range tags {
		most = max(most, t.Count)
	}
	out := make([]tagLink, 0, len(tags))
	for _, t := range tags {
		out = append(out, tagLink{Tag: t.Tag, Label: tagLabel(tr, t.Tag), Count: t.Count, Weight: 1 + (t.Count*4)/most, URL: tagPath(t.Tag)})
	}
	return out
}

// tagLabel shows a collaboration-model tag by the model's name and any
// other tag as written.
func tagLabel(tr *Translator, tag string) string {
	if samspil.CollaborationModel(tag).Valid() {
		return tr.T("model."+tag, nil)
	}
	return tag
}

// questionFormData is the asking form.
type questionFormData struct {
	FormData
	Orgs         []Option
	OrgName      string
	Models       []Option
	Visibilities []Option
	NotAllowed   bool
	Preview      template.HTML
	Previewed    bool
}

// newQuestionFormData prepares the choices of the form for p.
func (s *Server) newQuestionFormData(r *http.Request, f *Form, p *samspil.Principal) *questionFormData {
	tr := f.tr
	d := &questionFormData{FormData: FormData{Form: f}, NotAllowed: !canAsk(p)}
	for _, m := range p.Memberships {
		if m.Status == samspil.MembershipActive && m.OrganisationKind == samspil.OrgKommune {
			d.Orgs = append(d.Orgs, Option{Value: strconv.FormatInt(m.OrganisationID, 10), Label: m.OrganisationName})
		}
	}
	switch {
	case len(d.Orgs) == 1:
		d.OrgName = d.Orgs[0].Label
		if f.Get("organisation_id") == "" {
			f.Set("organisation_id", d.Orgs[0].Value)
		}
	case len(d.Orgs) > 1:
		d.Orgs = append([]Option{{Value: "", Label: tr.T("question.form.choose_org", nil)}}, d.Orgs...)
	default: // the secretariat asks for no municipality
		d.OrgName = tr.T("question.form.secretariat", nil)
		f.Set("organisation_id", "")
	}
	for _, m := range samspil.CollaborationModels {
		d.Models = append(d.Models, Option{Value: string(m), Label: tr.T("model."+string(m), nil)})
	}
	d.Visibilities = []Option{
		{Value: string(samspil.QuestionPublic), Label: tr.T("question.visibility.public", nil)},
		{Value: string(samspil.QuestionMunicipalities), Label: tr.T("question.visibility.municipalities", nil)},
	}
	return d
}

// handleQuestionNewPage shows the form, or to people who may not ask an
// explanation of who may and how to become one.
func (s *Server) handleQuestionNewPage(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	f := EmptyForm(r)
	f.Set("visibility", string(samspil.QuestionPublic))
	if t := r.URL.Query().Get("emne"); t != "" {
		if nt, err := samspil.NormaliseTag(t); err == nil {
			if samspil.CollaborationModel(nt).Valid() {
				f.Set("model_tags", nt)
			} else {
				f.Set("tags", nt)
			}
		}
	}
	d := s.newQuestionFormData(r, f, p)
	status := http.StatusOK
	if d.NotAllowed {
		status = http.StatusForbidden
	}
	s.render(w, r, status, "question_form", d)
}

// handleQuestionCreate previews (action=preview) or stores a question for
// one of the asker's kommune organisations.
func (s *Server) handleQuestionCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if err := p.Require(canAsk(p)); err != nil {
		s.fail(w, r, err)
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	d := s.newQuestionFormData(r, f, p)
	if f.Get("action") == "preview" {
		d.Preview, d.Previewed = markdown.Render(f.Raw("body")), true
		s.render(w, r, http.StatusOK, "question_form", d)
		return
	}
	orgID, _ := strconv.ParseInt(f.Get("organisation_id"), 10, 64)
	var val samspil.Validation
	mine := p.MunicipalOrganisations()
	ok = len(mine) == 0 && orgID == 0 // the secretariat
	for _, id := range mine {
		ok = ok || id == orgID
	}
	if !ok {
		val.Add("organisation_id", "question.form.org_required", "choose the municipality you ask for", nil)
	}
	var tags []string
	for _, t := range f.List("model_tags") {
		if samspil.CollaborationModel(t).Valid() {
			tags = append(tags, t)
		}
	}
	tags = append(tags, f.Get("tags"))
	q := &samspil.Question{AuthorID: p.User.ID, OrganisationID: orgID, Title: f.Get("title"), Body: f.Raw("body"), Tags: tags,
		Visibility: samspil.QuestionVisibility(f.Get("visibility"))}
	if err := q.Validate(); err != nil {
		val.Merge(err)
	}
	if err := val.Err(); err != nil {
		f.SetErrors(err)
		if len(mine) == 1 { // the form offers no choice: show the one there is
			f.Set("organisation_id", strconv.FormatInt(mine[0], 10))
		}
		s.render(w, r, http.StatusUnprocessableEntity, "question_form", d)
		return
	}
	if err := s.store.CreateQuestion(r.Context(), q); err != nil {
		if f.SetErrors(err) {
			s.render(w, r, HTTPStatus(err), "question_form", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "question.flash.created")
	s.redirect(w, r, questionPath(q.ID, ""))
}

// loadQuestion resolves {id} and loads the question; a question the viewer
// may not read is answered like one that does not exist.
func (s *Server) loadQuestion(w http.ResponseWriter, r *http.Request) (*samspil.Question, *samspil.Principal, bool) {
	p := s.principal(r)
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	q, err := s.store.FindQuestionByID(r.Context(), id)
	if err == nil && !p.CanViewQuestion(q) {
		err = samspil.Errorf(samspil.ENOTFOUND, "question.view.not_found", "question not found")
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return q, p, true
}

// answerView is one answer with what the viewer may do with it.
type answerView struct {
	*samspil.Answer
	HTML    template.HTML
	Own     bool
	CanVote bool
}

// questionViewData is a question's page.
type questionViewData struct {
	FormData
	Q          *samspil.Question
	Body       template.HTML
	Answers    []answerView
	Anonymous  bool
	LoginURL   string
	CanAccept  bool
	AnswerOrgs []Option
	Follow     followButton
	Preview    template.HTML
	Previewed  bool
	TagLinks   []tagLink
}

// handleQuestionView shows a question with its answers.
func (s *Server) handleQuestionView(w http.ResponseWriter, r *http.Request) {
	q, _, ok := s.loadQuestion(w, r)
	if !ok {
		return
	}
	s.renderQuestion(w, r, http.StatusOK, q, EmptyForm(r), nil)
}

// renderQuestion builds the page around f (the answer form, refilled
// after a failed send or with a preview).
func (s *Server) renderQuestion(w http.ResponseWriter, r *http.Request, status int, q *samspil.Question, f *Form, preview *template.HTML) {
	p := s.principal(r)
	var viewer int64
	if p != nil {
		viewer = p.User.ID
	}
	answers, err := s.store.FindAnswers(r.Context(), q.ID, viewer)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &questionViewData{FormData: FormData{Form: f}, Q: q, Body: markdown.Render(q.Body), Anonymous: p == nil,
		LoginURL: "/log-ind?next=" + url.QueryEscape(questionPath(q.ID, "")), CanAccept: p != nil && p.CanAcceptAnswer(q),
		Follow: s.newFollowButton(r, samspil.FollowQuestion, strconv.FormatInt(q.ID, 10))}
	if preview != nil {
		d.Preview, d.Previewed = *preview, true
	}
	for _, t := range q.Tags {
		d.TagLinks = append(d.TagLinks, tagLink{Tag: t, Label: tagLabel(f.tr, t), URL: tagPath(t)})
	}
	for _, a := range answers {
		own := viewer != 0 && a.AuthorID == viewer
		d.Answers = append(d.Answers, answerView{Answer: a, HTML: markdown.Render(a.Body), Own: own, CanVote: viewer != 0 && !own})
	}
	if p != nil {
		for _, m := range p.Memberships {
			if m.Status == samspil.MembershipActive {
				d.AnswerOrgs = append(d.AnswerOrgs, Option{Value: strconv.FormatInt(m.OrganisationID, 10), Label: m.OrganisationName})
			}
		}
		if len(d.AnswerOrgs) == 1 {
			f.Set("organisation_id", d.AnswerOrgs[0].Value)
		}
	}
	s.render(w, r, status, "question_view", d)
}

// handleAnswerCreate previews or stores an answer by the signed-in person
// for one of their organisations (or for themselves when they have none).
func (s *Server) handleAnswerCreate(w http.ResponseWriter, r *http.Request) {
	q, p, ok := s.loadQuestion(w, r)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	if f.Get("action") == "preview" {
		html := markdown.Render(f.Raw("body"))
		s.renderQuestion(w, r, http.StatusOK, q, f, &html)
		return
	}
	a := &samspil.Answer{QuestionID: q.ID, AuthorID: p.User.ID, Body: f.Raw("body")}
	if id, err := strconv.ParseInt(f.Get("organisation_id"), 10, 64); err == nil && id > 0 {
		if !p.IsMember(id) {
			s.fail(w, r, p.Require(false))
			return
		}
		a.OrganisationID = id
	} else if len(p.Memberships) > 0 {
		a.OrganisationID = p.Memberships[0].OrganisationID
	}
	err := a.Validate()
	if err == nil {
		err = s.store.CreateAnswer(r.Context(), a)
	}
	if err != nil {
		if f.SetErrors(err) {
			s.renderQuestion(w, r, HTTPStatus(err), q, f, nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "question.flash.answered")
	s.redirect(w, r, questionPath(q.ID, "#svar-"+strconv.FormatInt(a.ID, 10)))
}

// answerParam reads the answer_id of a form.
func answerParam(f *Form) (int64, error) {
	id, err := strconv.ParseInt(f.Get("answer_id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, samspil.Errorf(samspil.EINVALID, "question.view.answer_missing", "choose an answer")
	}
	return id, nil
}

// handleAnswerAccept marks an answer as the accepted one: the asker and
// platform admins only.
func (s *Server) handleAnswerAccept(w http.ResponseWriter, r *http.Request) {
	q, p, ok := s.loadQuestion(w, r)
	if !ok {
		return
	}
	if err := p.Require(p.CanAcceptAnswer(q)); err != nil {
		s.fail(w, r, err)
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	aid, err := answerParam(f)
	if err == nil {
		_, err = s.store.AcceptAnswer(r.Context(), q.ID, aid)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "question.flash.accepted")
	s.redirect(w, r, questionPath(q.ID, "#svar-"+strconv.FormatInt(aid, 10)))
}

// handleAnswerVote records (up=1) or withdraws (up=0) the viewer's vote on
// an answer of this question; one's own answer cannot be voted for.
func (s *Server) handleAnswerVote(w http.ResponseWriter, r *http.Request) {
	q, p, ok := s.loadQuestion(w, r)
	if !ok {
		return
	}
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	aid, err := answerParam(f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var up bool
	switch f.Get("up") {
	case "1":
		up = true
	case "0":
	default:
		s.fail(w, r, samspil.Errorf(samspil.EINVALID, "question.view.vote_invalid", "vote up or withdraw the vote"))
		return
	}
	answers, err := s.store.FindAnswers(r.Context(), q.ID, p.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var target *samspil.Answer
	for _, a := range answers {
		if a.ID == aid {
			target = a
		}
	}
	if target == nil {
		s.fail(w, r, samspil.Errorf(samspil.ENOTFOUND, "question.view.answer_not_found", "answer not found"))
		return
	}
	if target.AuthorID == p.User.ID {
		s.fail(w, r, samspil.Errorf(samspil.EFORBIDDEN, "question.view.vote_own", "you cannot vote for your own answer"))
		return
	}
	if _, err := s.store.VoteAnswer(r.Context(), aid, p.User.ID, up); err != nil {
		s.fail(w, r, err)
		return
	}
	if up {
		s.setFlash(r, "question.flash.voted")
	} else {
		s.setFlash(r, "question.flash.unvoted")
	}
	s.redirect(w, r, questionPath(q.ID, "#svar-"+strconv.FormatInt(aid, 10)))
}

// questionExcerpt is the plain start of a question's Markdown for lists.
func questionExcerpt(body string) string {
	return excerpt(strings.TrimSpace(markdown.Plain(body)), 220)
}

func init() {
	templateFuncs["questionExcerpt"] = questionExcerpt
	templateFuncs["isModelTag"] = func(tag string) bool { return samspil.CollaborationModel(tag).Valid() }
}
