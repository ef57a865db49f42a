package mail

import (
	"strings"

	"github.com/samspil/samspil"
)

// boardNames are the opportunity-board e-mails: one per notification kind
// and the saved-search digest. Each language provides NAME.txt (subject and
// text) and NAME.html (body) like the account e-mails.
var boardNames = []string{
	"interest_received",
	"interest_accepted",
	"interest_declined",
	"partnership_new",
	"digest",
}

// noteTemplates maps a notification kind to its e-mail.
var noteTemplates = map[samspil.NotificationKind]string{
	samspil.NoteInterestReceived: "interest_received",
	samspil.NoteInterestAccepted: "interest_accepted",
	samspil.NoteInterestDeclined: "interest_declined",
	samspil.NotePartnershipNew:   "partnership_new",
}

// boardData is what the board templates see.
type boardData struct {
	Lang         string
	To           string
	Subject      string
	Name         string // the recipient's name
	Link         string
	Opportunity  string
	Organisation string
	Searches     []DigestSearch
	Count        int // opportunities in the digest
	SettingsLink string
}

// DigestSearch is one saved search in a digest e-mail with the new
// opportunities it found.
type DigestSearch struct {
	Name  string
	Link  string // the search page with the saved query
	Items []DigestItem
	More  int // further new opportunities not listed
}

// DigestItem is one new opportunity in a digest.
type DigestItem struct {
	Title        string
	Organisation string
	Snippet      string
	Link         string
}

var boardTemplates = mustParse(boardNames)

// renderBoard builds a board e-mail; like render it panics only on a
// programming error in a template, which the tests rule out.
func renderBoard(lang, name string, d boardData) Message {
	d.Lang = normLang(lang)
	t := boardTemplates[d.Lang][name]
	text, html := renderMessage(t, d.Lang+"/"+name, &d, &d.Subject)
	return Message{To: d.To, Subject: d.Subject, Text: text, HTML: html}
}

// Notification e-mails one in-platform notification to its recipient in
// their language. baseURL turns the notification's site-relative link into
// an address. ok is false for a kind without an e-mail (a newer kind the
// mailer does not know yet); the caller then marks it e-mailed anyway.
func Notification(lang, to, name string, n *samspil.Notification, baseURL string) (m Message, ok bool) {
	if m, ok := knowledgeNotification(lang, to, name, n, baseURL); ok {
		return m, true // the knowledge platform's kinds: mail/knowledge.go
	}
	if m, ok := tenderNotification(lang, to, name, n, baseURL); ok {
		return m, true // the procurement kinds: mail/tender.go
	}
	if m, ok := pbrNotification(lang, to, name, n, baseURL); ok {
		return m, true // the payment-by-result kinds: mail/pbr.go
	}
	tmpl, ok := noteTemplates[n.Kind]
	if !ok {
		return Message{}, false
	}
	return renderBoard(lang, tmpl, boardData{
		To: to, Name: name, Link: absolute(baseURL, n.Link),
		Opportunity: n.Args["Opportunity"], Organisation: n.Args["Organisation"],
	}), true
}

// Digest is the daily saved-search e-mail: the new opportunities of each of
// the recipient's saved searches. settingsLink is where digests are turned
// off.
func Digest(lang, to, name string, searches []DigestSearch, settingsLink string) Message {
	count := 0
	for _, s := range searches {
		count += len(s.Items) + s.More
	}
	return renderBoard(lang, "digest", boardData{To: to, Name: name, Searches: searches, Count: count, SettingsLink: settingsLink})
}

// absolute joins a base URL and a site-relative path.
func absolute(baseURL, path string) string {
	if path == "" || strings.Contains(path, "://") {
		return path
	}
	return strings.TrimRight(baseURL, "/") + "/" + strings.TrimLeft(path, "/")
}
