package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	samspil "github.com/samspil/samspil"
)

// followButtonData is what the shared "follow_button" template
// (templates/_follow.html) draws: a small form posting to /foelg or
// /foelg/stop, or a sign-in link for anonymous visitors.
type followButtonData struct {
	Kind      string
	Key       string
	Following bool
	SignedIn  bool
	Return    string // where the form sends the person back to
	LoginURL  string // /log-ind?next=… for anonymous visitors
	Label     string // the button text, translated
	Status    string // "Du følger …", translated, shown next to the button
	Hint      string // for screen readers: what following means
	AllLabel  string // the link to everything one follows (/foelger)
}

// FollowButton builds the data of the follow button that list and detail
// pages put next to what can be followed. following says whether the
// signed-in person already follows it (Server.isFollowing); it is ignored
// for anonymous visitors, who get a sign-in link that comes back here.
//
// Example usage in a template:
//
//	{{template "follow_button" ($.FollowButton "tag" .Tag .Following)}}
func (p *Page) FollowButton(kind, key string, following bool) followButtonData {
	ret := p.returnPath()
	d := followButtonData{Kind: kind, Key: key, Following: following && p.User != nil, SignedIn: p.User != nil, Return: ret,
		LoginURL: "/log-ind?next=" + url.QueryEscape(ret), Hint: p.tr.T("follows.hint", nil)}
	switch {
	case !d.SignedIn:
		d.Label = p.tr.T("follows.login", nil)
	case d.Following:
		d.Label = p.tr.T("follows.button.stop", nil)
		d.Status = p.tr.T("follows.button.following", nil)
		d.AllLabel = p.tr.T("follows.all", nil)
	default:
		d.Label = p.tr.T("follows.button.follow", nil)
	}
	return d
}

// returnPath is the current page with its query (without the language
// switch), for forms that bring the person back after a POST.
func (p *Page) returnPath() string {
	if len(p.Query) == 0 {
		return p.Path
	}
	return p.Path + "?" + p.Query.Encode()
}

// isFollowing tells pages whether the signed-in person follows kind/key;
// anonymous visitors follow nothing, and a store error is logged and read
// as "not following", so a page never fails over its follow button.
func (s *Server) isFollowing(r *http.Request, kind samspil.FollowKind, key string) bool {
	p := s.principal(r)
	if p == nil {
		return false
	}
	ok, err := s.store.IsFollowing(r.Context(), p.User.ID, kind, key)
	if err != nil {
		s.logger.WarnContext(r.Context(), "is following", "kind", kind, "key", key, "err", err)
		return false
	}
	return ok
}

// safeReturn keeps a return path only when it is a path on this site:
// it must start with one slash, hold no backslash, no scheme-relative
// "//", no control characters and no spaces. Anything else gives def, so
// the follow form can never send a person to another site.
func safeReturn(s, def string) string {
	if s == "" || len(s) > 2000 || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\") {
		return def
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return def
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return def
	}
	return s
}

// followKindKey reads and checks kind and key of the follow forms. A tag
// is normalised the way questions store it; the other keys are checked
// for shape here and for existence by the store. The error names the
// problem itself (not a field), since the forms are single buttons and
// the answer is an error page.
func followKindKey(f *Form) (samspil.FollowKind, string, error) {
	kind := samspil.FollowKind(f.Get("kind"))
	key := f.Get("key")
	invalid := func(k, msg string, args map[string]any) error {
		return &samspil.Error{Code: samspil.EINVALID, Key: k, Message: msg, Args: args}
	}
	if !kind.Valid() {
		return kind, key, invalid("follows.kind.invalid", "this cannot be followed", map[string]any{"Kind": string(kind)})
	}
	if key == "" {
		return kind, key, invalid("follows.key.required", "say what to follow", nil)
	}
	bad := invalid("follows.key.invalid", "this is not valid here", map[string]any{"Key": key})
	switch kind {
	case samspil.FollowTag:
		t, err := samspil.NormaliseTag(key)
		if err != nil {
			if e, ok := samspil.AsError(err); ok && len(e.Fields) > 0 {
				fe := e.Fields[0]
				return kind, key, invalid(fe.Key, fe.Message, fe.Args)
			}
			return kind, key, err
		}
		key = t
	case samspil.FollowCase, samspil.FollowQuestion:
		if n, err := strconv.ParseInt(key, 10, 64); err != nil || n <= 0 {
			return kind, key, bad
		}
	case samspil.FollowMunicipality:
		if len(key) != 4 || strings.Trim(key, "0123456789") != "" {
			return kind, key, bad
		}
	case samspil.FollowGuide:
		if !samspil.ValidSlug(key) {
			return kind, key, bad
		}
	}
	return kind, key, nil
}

// checkFollowVisible refuses to follow a case or question the person may
// not read, as if it did not exist: the list of follows would otherwise
// show its title.
func (s *Server) checkFollowVisible(r *http.Request, kind samspil.FollowKind, key string) error {
	p := s.principal(r)
	id, _ := strconv.ParseInt(key, 10, 64)
	switch kind {
	case samspil.FollowCase:
		c, err := s.store.FindCaseByID(r.Context(), id)
		if err != nil {
			return err
		}
		if !p.CanViewCase(c) {
			return samspil.Errorf(samspil.ENOTFOUND, "follows.not_found", "there is nothing to follow here")
		}
	case samspil.FollowQuestion:
		q, err := s.store.FindQuestionByID(r.Context(), id)
		if err != nil {
			return err
		}
		if !p.CanViewQuestion(q) {
			return samspil.Errorf(samspil.ENOTFOUND, "follows.not_found", "there is nothing to follow here")
		}
	}
	return nil
}

// handleFollow is POST /foelg: the signed-in person follows kind/key and
// goes back to where they came from.
func (s *Server) handleFollow(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	p := s.principal(r)
	kind, key, err := followKindKey(f)
	if err == nil {
		err = s.checkFollowVisible(r, kind, key)
	}
	if err == nil {
		err = s.store.Follow(r.Context(), p.User.ID, kind, key)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "follows.flash.following")
	s.redirect(w, r, safeReturn(f.Get("return_to"), "/foelger"))
}

// handleUnfollow is POST /foelg/stop. Stopping what one does not follow
// is harmless, so only the shape of kind and key is checked.
func (s *Server) handleUnfollow(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	p := s.principal(r)
	kind, key, err := followKindKey(f)
	if err == nil {
		err = s.store.Unfollow(r.Context(), p.User.ID, kind, key)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "follows.flash.stopped")
	s.redirect(w, r, safeReturn(f.Get("return_to"), "/foelger"))
}

// followGroup is the follows of one kind on the follows page.
type followGroup struct {
	Kind  string
	Items []followRow
}

// followRow is one followed thing with a safe link.
type followRow struct {
	F    *samspil.Follow
	Link string
}

// followsData is the "what I follow" page.
type followsData struct {
	FormData
	Groups         []followGroup
	Total          int
	Municipalities []Option
}

// followKinds is the order of the groups on the follows page.
var followKinds = []samspil.FollowKind{samspil.FollowTag, samspil.FollowQuestion, samspil.FollowCase, samspil.FollowMunicipality, samspil.FollowGuide, samspil.FollowTender}

// handleFollows is GET /foelger: what the person follows, by kind, with
// a button to stop each, and small forms to follow a subject (tag) or a
// municipality by name.
func (s *Server) handleFollows(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	fs, err := s.store.FindFollows(r.Context(), p.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &followsData{FormData: FormData{Form: EmptyForm(r)}, Total: len(fs), Municipalities: municipalityOptions(TranslatorFrom(r))}
	for _, k := range followKinds {
		g := followGroup{Kind: string(k)}
		for _, f := range fs {
			if f.Kind == k {
				g.Items = append(g.Items, followRow{F: f, Link: localLink(f.Link)})
			}
		}
		if len(g.Items) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	s.render(w, r, http.StatusOK, "follows", d)
}
