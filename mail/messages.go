package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates
var templateFS embed.FS

// Languages the e-mails are written in; anything else falls back to Danish.
var Languages = []string{"da", "en"}

// messageNames are the template files every language must provide.
var messageNames = []string{
	"confirm_email",
	"reset_password",
	"invitation",
	"join_request",
	"membership_approved",
	"stale_profile",
}

// data is what the templates see. Name is the inviter or requester.
type data struct {
	Lang    string
	To      string
	Subject string
	Link    string
	OrgName string
	Name    string
}

// buttonData feeds the shared "button" HTML template.
type buttonData struct {
	Link, Label, Fallback string
}

type messageTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// templates is keyed by language, then message name. It is parsed once at
// start-up; a missing or broken template panics then, never mid-request.
var templates = mustParse(messageNames)

// mustParse parses the text and HTML templates of the given message names
// in every language, each HTML one inside the shared layout.
func mustParse(names []string) map[string]map[string]messageTemplates {
	funcs := htmltemplate.FuncMap{
		"button": func(link, label, fallback string) buttonData {
			return buttonData{Link: link, Label: label, Fallback: fallback}
		},
	}
	layout := htmltemplate.Must(htmltemplate.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	out := make(map[string]map[string]messageTemplates)
	for _, lang := range Languages {
		out[lang] = make(map[string]messageTemplates)
		for _, name := range names {
			base := "templates/" + lang + "/" + name
			txt := texttemplate.Must(texttemplate.New(name+".txt").ParseFS(templateFS, base+".txt"))
			h := htmltemplate.Must(htmltemplate.Must(layout.Clone()).ParseFS(templateFS, base+".html"))
			for _, def := range []string{"subject", "text"} {
				if txt.Lookup(def) == nil {
					panic(fmt.Sprintf("mail: %s.txt lacks {{define %q}}", base, def))
				}
			}
			if h.Lookup("body") == nil {
				panic(fmt.Sprintf("mail: %s.html lacks {{define \"body\"}}", base))
			}
			out[lang][name] = messageTemplates{text: txt, html: h}
		}
	}
	return out
}

// render builds the message named name in lang (Danish when lang is not
// supported). Rendering cannot fail for the string-only data the builders
// pass, because the templates are checked at start-up and by the tests; a
// failure would be a programming error, so it panics.
func render(lang, name string, d data) Message {
	set, ok := templates[normLang(lang)]
	if !ok {
		set = templates["da"]
	}
	d.Lang = normLang(lang)
	text, html := renderMessage(set[name], d.Lang+"/"+name, &d, &d.Subject)
	return Message{To: d.To, Subject: d.Subject, Text: text, HTML: html}
}

func normLang(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return "da"
}

// ConfirmEmail asks a new user to confirm the address with link.
func ConfirmEmail(lang, to, link string) Message {
	return render(lang, "confirm_email", data{To: to, Link: link})
}

// ResetPassword sends the one-hour password-reset link.
func ResetPassword(lang, to, link string) Message {
	return render(lang, "reset_password", data{To: to, Link: link})
}

// Invitation tells someone that inviterName invites them to orgName.
func Invitation(lang, to, orgName, inviterName, link string) Message {
	return render(lang, "invitation", data{To: to, Link: link, OrgName: orgName, Name: inviterName})
}

// JoinRequest tells an organisation admin that requesterName wants to join.
func JoinRequest(lang, to, orgName, requesterName, link string) Message {
	return render(lang, "join_request", data{To: to, Link: link, OrgName: orgName, Name: requesterName})
}

// MembershipApproved tells a user that their request to join was approved.
func MembershipApproved(lang, to, orgName, link string) Message {
	return render(lang, "membership_approved", data{To: to, Link: link, OrgName: orgName})
}

// StaleProfile reminds an admin that the profile has gone a year without update.
func StaleProfile(lang, to, orgName, link string) Message {
	return render(lang, "stale_profile", data{To: to, Link: link, OrgName: orgName})
}

// renderMessage executes a message's subject, text and HTML parts with d
// (a pointer to the template data). The subject is written to *subject
// before the HTML runs, so the layout can show it. It panics only on a
// programming error in a template, which the tests rule out.
func renderMessage(t messageTemplates, label string, d any, subject *string) (text, html string) {
	var b bytes.Buffer
	exec := func(f func() error) string {
		b.Reset()
		if err := f(); err != nil {
			panic(fmt.Sprintf("mail: render %s: %v", label, err))
		}
		return b.String()
	}
	// Subjects are one line: collapse any whitespace a value may carry so a
	// name with a newline cannot inject a header.
	*subject = strings.Join(strings.Fields(exec(func() error { return t.text.ExecuteTemplate(&b, "subject", d) })), " ")
	text = strings.TrimSpace(exec(func() error { return t.text.ExecuteTemplate(&b, "text", d) })) + "\n"
	html = exec(func() error { return t.html.ExecuteTemplate(&b, "layout", d) })
	return text, html
}
