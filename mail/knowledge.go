package mail

import (
	"fmt"
	"strings"
	texttemplate "text/template"

	"github.com/samspil/samspil"
)

// The knowledge platform's e-mails: the immediate notifications of the
// case review and of an accepted answer, and the daily digest of what
// happened to the things a person follows.

// knowledgeNames are the knowledge platform's e-mail templates; each
// language provides NAME.txt (subject and text) and NAME.html (body).
var knowledgeNames = []string{
	"case_submitted",
	"case_published",
	"case_returned",
	"answer_accepted",
	"follow_digest",
}

// knowledgeNoteTemplates maps the notification kinds that are e-mailed one
// by one to their e-mail.
var knowledgeNoteTemplates = map[samspil.NotificationKind]string{
	samspil.NoteCaseSubmitted:  "case_submitted",
	samspil.NoteCasePublished:  "case_published",
	samspil.NoteCaseReturned:   "case_returned",
	samspil.NoteAnswerAccepted: "answer_accepted",
}

var knowledgeTemplates = mustParse(knowledgeNames)

// DigestNote is one line of a follow digest: what happened, in the
// reader's language, and the absolute link to it.
type DigestNote struct {
	Text string
	Link string
}

// knowledgeData is what the knowledge templates see.
type knowledgeData struct {
	Lang         string
	To           string
	Subject      string
	Name         string // the recipient's name
	Link         string
	Case         string
	Organisation string
	Note         string // the secretariat's note on a returned case
	Question     string
	Notes        []DigestNote
	Count        int
	FollowsLink  string // where follows are managed (and stopped)
	InboxLink    string // the in-platform notifications
}

// renderKnowledge builds one knowledge e-mail; like render it panics only
// on a programming error in a template, which the tests rule out.
func renderKnowledge(lang, name string, d knowledgeData) Message {
	d.Lang = normLang(lang)
	t := knowledgeTemplates[d.Lang][name]
	text, html := renderMessage(t, d.Lang+"/"+name, &d, &d.Subject)
	return Message{To: d.To, Subject: d.Subject, Text: text, HTML: html}
}

// knowledgeNotification is the per-notification mailer's part for the
// knowledge platform's immediate kinds; ok is false for any other kind.
func knowledgeNotification(lang, to, name string, n *samspil.Notification, baseURL string) (m Message, ok bool) {
	tmpl, ok := knowledgeNoteTemplates[n.Kind]
	if !ok {
		return Message{}, false
	}
	return renderKnowledge(lang, tmpl, knowledgeData{
		To: to, Name: name, Link: absolute(baseURL, n.Link),
		Case: n.Args["Case"], Organisation: n.Args["Organisation"], Note: n.Args["Note"], Question: n.Args["Question"],
	}), true
}

// FollowDigest is the daily e-mail of what happened to the things a person
// follows: one line per notification, oldest first, each with its link.
// baseURL makes the notifications' site-relative links absolute.
func FollowDigest(lang, to, name string, notes []*samspil.Notification, baseURL string) Message {
	d := knowledgeData{To: to, Name: name, Count: len(notes),
		FollowsLink: absolute(baseURL, FollowsPath), InboxLink: absolute(baseURL, InboxPath)}
	for _, n := range notes {
		d.Notes = append(d.Notes, DigestNote{Text: NotificationText(lang, n), Link: absolute(baseURL, n.Link)})
	}
	return renderKnowledge(lang, "follow_digest", d)
}

// Site paths the digest links to.
const (
	FollowsPath = "/foelger"
	InboxPath   = "/notifikationer"
)

// noteTexts are the one-line texts of the notification kinds a digest
// lists, by language. They read the notification's Args; a missing
// argument leaves its part out.
var noteTexts = map[string]map[samspil.NotificationKind]string{
	"da": {
		samspil.NoteFollowCase:     `Ny erfaring{{with .Case}}: »{{.}}«{{end}}{{with .Organisation}} fra {{.}}{{end}}`,
		samspil.NoteFollowQuestion: `Nyt spørgsmål{{with .Question}}: »{{.}}«{{end}}{{with .Organisation}} fra {{.}}{{end}}{{with .Tags}} (emner: {{.}}){{end}}`,
		samspil.NoteFollowAnswer:   `Nyt svar{{with .Author}} fra {{.}}{{end}}{{with .Question}} på »{{.}}«{{end}}`,
		samspil.NoteFollowGuide:    `Vejledningen er opdateret{{with .Chapter}}: »{{.}}«{{end}}`,
		samspil.NoteFollowStrategy: `{{with .Municipality}}{{.}}{{else}}En kommune{{end}} har gemt sin strategi{{with .Strategy}} »{{.}}«{{end}}`,
		samspil.NoteCaseSubmitted:  `En erfaring venter på gennemsyn{{with .Case}}: »{{.}}«{{end}}{{with .Organisation}} fra {{.}}{{end}}`,
		samspil.NoteCasePublished:  `Jeres erfaring er offentliggjort{{with .Case}}: »{{.}}«{{end}}`,
		samspil.NoteCaseReturned:   `Jeres erfaring er sendt tilbage{{with .Case}}: »{{.}}«{{end}}`,
		samspil.NoteAnswerAccepted: `Dit svar er valgt som det bedste{{with .Question}} på »{{.}}«{{end}}`,
		"":                         `Nyt på Samspil`,
	},
	"en": {
		samspil.NoteFollowCase:     `New case{{with .Case}}: “{{.}}”{{end}}{{with .Organisation}} from {{.}}{{end}}`,
		samspil.NoteFollowQuestion: `New question{{with .Question}}: “{{.}}”{{end}}{{with .Organisation}} from {{.}}{{end}}{{with .Tags}} (topics: {{.}}){{end}}`,
		samspil.NoteFollowAnswer:   `New answer{{with .Author}} from {{.}}{{end}}{{with .Question}} to “{{.}}”{{end}}`,
		samspil.NoteFollowGuide:    `The guide was updated{{with .Chapter}}: “{{.}}”{{end}}`,
		samspil.NoteFollowStrategy: `{{with .Municipality}}{{.}}{{else}}A municipality{{end}} saved its strategy{{with .Strategy}} “{{.}}”{{end}}`,
		samspil.NoteCaseSubmitted:  `A case awaits review{{with .Case}}: “{{.}}”{{end}}{{with .Organisation}} from {{.}}{{end}}`,
		samspil.NoteCasePublished:  `Your case was published{{with .Case}}: “{{.}}”{{end}}`,
		samspil.NoteCaseReturned:   `Your case was sent back{{with .Case}}: “{{.}}”{{end}}`,
		samspil.NoteAnswerAccepted: `Your answer was accepted{{with .Question}} to “{{.}}”{{end}}`,
		"":                         `News on Samspil`,
	},
}

// noteTextTemplates are noteTexts parsed once at start-up.
var noteTextTemplates = func() map[string]map[samspil.NotificationKind]*texttemplate.Template {
	out := map[string]map[samspil.NotificationKind]*texttemplate.Template{}
	for lang, m := range noteTexts {
		out[lang] = map[samspil.NotificationKind]*texttemplate.Template{}
		for kind, src := range m {
			out[lang][kind] = texttemplate.Must(texttemplate.New(string(kind)).Option("missingkey=zero").Parse(src))
		}
	}
	return out
}()

// NotificationText is a notification as one line of plain text in lang
// (Danish when lang is not supported), for the digest e-mail. A kind
// without a text of its own reads as "news on Samspil".
func NotificationText(lang string, n *samspil.Notification) string {
	set := noteTextTemplates[normLang(lang)]
	t, ok := set[n.Kind]
	if !ok {
		t = set[""]
	}
	args := n.Args
	if args == nil {
		args = map[string]string{}
	}
	var b strings.Builder
	if err := t.Execute(&b, args); err != nil {
		panic(fmt.Sprintf("mail: notification text %s: %v", n.Kind, err))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
