package mail

import "github.com/samspil/samspil"

// The procurement e-mails (issue 5): one message per tender notification,
// e-mailed one by one because deadlines do not wait for a daily digest.
// One template per language covers every NoteTender* kind; its Kind field
// picks the subject and the sentences.

// tenderNames are the procurement e-mail templates; each language
// provides NAME.txt (subject and text) and NAME.html (body).
var tenderNames = []string{"tender"}

// tenderKinds are the notification kinds the tender e-mail renders.
var tenderKinds = map[samspil.NotificationKind]bool{
	samspil.NoteTenderNew:       true,
	samspil.NoteTenderReminder:  true,
	samspil.NoteTenderAmended:   true,
	samspil.NoteTenderCancelled: true,
	samspil.NoteTenderAnswer:    true,
	samspil.NoteTenderQuestion:  true,
	samspil.NoteTenderInterest:  true,
	samspil.NoteTenderAwarded:   true,
}

var tenderTemplates = mustParse(tenderNames)

// tenderData is what the tender templates see.
type tenderData struct {
	Lang         string
	To           string
	Subject      string
	Name         string // the recipient's name
	Kind         string // the notification kind
	Link         string
	Tender       string // the tender's title
	Buyer        string // the buying municipality
	Organisation string // the interested supplier (tender_interest only)
	Note         string // the amendment's or cancellation's reason
}

// tenderNotification is the per-notification mailer's part for the
// procurement kinds; ok is false for any other kind.
func tenderNotification(lang, to, name string, n *samspil.Notification, baseURL string) (m Message, ok bool) {
	if !tenderKinds[n.Kind] {
		return Message{}, false
	}
	d := tenderData{To: to, Name: name, Kind: string(n.Kind), Link: absolute(baseURL, n.Link),
		Tender: n.Args["Tender"], Buyer: n.Args["Buyer"], Organisation: n.Args["Organisation"], Note: n.Args["Note"]}
	d.Lang = normLang(lang)
	t := tenderTemplates[d.Lang]["tender"]
	text, html := renderMessage(t, d.Lang+"/tender", &d, &d.Subject)
	return Message{To: d.To, Subject: d.Subject, Text: text, HTML: html}, true
}
