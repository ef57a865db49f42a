package mail

import "github.com/samspil/samspil"

// The payment-by-result e-mails (issue 6): one message per notification
// about an outcome contract (approvals wanted, amendments, claims to
// decide, decisions made, statements to approve and approved). One
// template per language covers every NotePbr* kind; its Kind field picks
// the subject and the sentences.

// pbrNames are the payment-by-result e-mail templates; each language
// provides NAME.txt (subject and text) and NAME.html (body).
var pbrNames = []string{"pbr"}

// pbrKinds are the notification kinds the pbr e-mail renders.
var pbrKinds = map[samspil.NotificationKind]bool{
	samspil.NotePbrApprovalWanted:  true,
	samspil.NotePbrActive:          true,
	samspil.NotePbrAmendment:       true,
	samspil.NotePbrAmendmentDone:   true,
	samspil.NotePbrClaims:          true,
	samspil.NotePbrClaimsDecided:   true,
	samspil.NotePbrStatement:       true,
	samspil.NotePbrStatementClosed: true,
}

var pbrTemplates = mustParse(pbrNames)

// pbrData is what the pbr templates see. The values come from the
// notification's Args as stored.
type pbrData struct {
	Lang     string
	To       string
	Subject  string
	Name     string // the recipient's name
	Kind     string // the notification kind
	Link     string
	Contract string // the contract's title
	Number   string // the amendment's or statement's number
	Count    string // how many claims
	Note     string // an amendment's note
	Button   string // the link's label: the page it opens
}

// pbrButtons label the link by the page it opens, per language.
var pbrButtons = map[string]map[string]string{
	"da": {"claims": "Se anmeldelserne", "statement": "Se opgørelsen", "amendment": "Se tillægget", "": "Se kontrakten"},
	"en": {"claims": "See the claims", "statement": "See the statement", "amendment": "See the amendment", "": "See the contract"},
}

// pbrPage names the page a kind's link opens.
func pbrPage(k samspil.NotificationKind) string {
	switch k {
	case samspil.NotePbrClaims, samspil.NotePbrClaimsDecided:
		return "claims"
	case samspil.NotePbrStatement, samspil.NotePbrStatementClosed:
		return "statement"
	case samspil.NotePbrAmendment, samspil.NotePbrAmendmentDone:
		return "amendment"
	}
	return ""
}

// pbrNotification is the per-notification mailer's part for the
// payment-by-result kinds; ok is false for any other kind.
func pbrNotification(lang, to, name string, n *samspil.Notification, baseURL string) (m Message, ok bool) {
	if !pbrKinds[n.Kind] {
		return Message{}, false
	}
	d := pbrData{To: to, Name: name, Kind: string(n.Kind), Link: absolute(baseURL, n.Link),
		Contract: n.Args["Contract"], Number: n.Args["Number"], Count: n.Args["Count"], Note: n.Args["Note"]}
	d.Lang = normLang(lang)
	d.Button = pbrButtons[d.Lang][pbrPage(n.Kind)]
	t := pbrTemplates[d.Lang]["pbr"]
	text, html := renderMessage(t, d.Lang+"/pbr", &d, &d.Subject)
	return Message{To: d.To, Subject: d.Subject, Text: text, HTML: html}, true
}
