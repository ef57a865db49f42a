package web

import (
	"net/http"
	"strings"

	samspil "github.com/samspil/samspil"
)

// notificationPageSize is how many notifications one page shows.
const notificationPageSize = 20

// notificationItem is one notification with its text in the reader's language.
type notificationItem struct {
	N    *samspil.Notification
	Text string
	Link string // a safe site-relative link, or ""
}

// notificationListData is the inbox page.
type notificationListData struct {
	Items  []notificationItem
	Total  int
	Unread int
	Pager  adminPager
}

// notificationText renders a notification from its kind and arguments, so
// one stored row reads well in Danish and English. The knowledge
// platform's kinds (case_submitted … follow_strategy) have their texts in
// locales/*/knowledge.json, the procurement kinds (tender_new …
// tender_awarded, NoteTender*) in locales/*/tender_supplier.json, where
// every argument but "Tender" is optional, the payment-by-result kinds
// (NotePbr*) in locales/*/pbr_notes.json, where every argument but
// "Contract" is optional; digest notifications from
// follows are marked.
func notificationText(tr *Translator, n *samspil.Notification) string {
	args := make(map[string]any, len(n.Args))
	for k, v := range n.Args {
		args[k] = v
	}
	key := "note." + string(n.Kind)
	if tr != nil && tr.c != nil && !tr.c.has("da", key) {
		// A kind this version does not know (written by a newer one):
		// say something true rather than show a raw key.
		return tr.T("note.unknown", nil)
	}
	text := tr.T(key, args)
	if n.Digest {
		// Follow notifications say so, so people know why they got them
		// and where to stop them (/foelger).
		text += " " + tr.T("note.digest.suffix", nil)
	}
	return text
}

// localLink keeps only site-relative links, so a stored link can never
// send a person to another site.
func localLink(l string) string {
	if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") && !strings.HasPrefix(l, "/\\") {
		return l
	}
	return ""
}

// handleNotificationList shows the person's notifications, newest first.
func (s *Server) handleNotificationList(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	page := adminPageParam(r)
	items, total, err := s.store.FindNotifications(r.Context(), samspil.NotificationFilter{UserID: p.User.ID,
		Offset: (page - 1) * notificationPageSize, Limit: notificationPageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	d := &notificationListData{Total: total, Pager: newAdminPager(r, page, total, notificationPageSize),
		Unread: s.unreadNotifications(r, p.User.ID)}
	for _, n := range items {
		d.Items = append(d.Items, notificationItem{N: n, Text: notificationText(tr, n), Link: localLink(n.Link)})
	}
	s.render(w, r, http.StatusOK, "notification_list", d)
}

// handleNotificationsRead marks all of the person's notifications read.
func (s *Server) handleNotificationsRead(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	if err := s.store.MarkNotificationsRead(r.Context(), p.User.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "note.flash.all_read")
	s.redirect(w, r, "/notifikationer")
}
