package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
)

// maxSavedSearchName is the longest name a saved search may have (the
// store's rule; checked here too so the message sits next to the field).
const maxSavedSearchName = 200

// savedSearchView is one saved search on /gemte-soegninger.
type savedSearchView struct {
	*samspil.SavedSearch
	URL       string   // the search page with the saved parameters
	FeedURL   string   // the same search as an Atom feed
	Summary   []string // the text and filters in words
	NameID    string   // id of the rename field
	NameError string   // a rename that was refused
	NameValue string   // what was typed in a refused rename
}

type savedSearchesData struct {
	Items []savedSearchView
	Max   int
}

// handleSavedSearchCreate is POST /soeg/gem: save the search shown on the
// page under a name, with or without the daily e-mail.
func (s *Server) handleSavedSearchCreate(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	v, err := url.ParseQuery(f.Raw("query"))
	if err != nil {
		s.fail(w, r, errBadForm)
		return
	}
	q, err := samspil.ParseSearchQuery(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ss := &samspil.SavedSearch{UserID: s.principal(r).User.ID, Name: f.Get("name"), Query: q.Encode(), Digest: f.Get("digest") != ""}
	err = validSavedSearchName(ss.Name)
	if err == nil {
		err = s.store.CreateSavedSearch(r.Context(), ss)
	}
	if err != nil {
		code := samspil.ErrorCode(err)
		if code != samspil.EINVALID && code != samspil.ETOOMANY {
			s.fail(w, r, err)
			return
		}
		if code == samspil.ETOOMANY {
			f.AddError("", "search.saved.too_many", map[string]any{"Max": samspil.MaxSavedSearches})
		} else {
			f.SetErrors(err)
		}
		d, perr := s.searchPage(r, v)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		f.Set("query", q.Encode())
		d.SaveForm, d.SaveOpen = f, true
		s.render(w, r, http.StatusUnprocessableEntity, "search", d)
		return
	}
	s.setFlash(r, "search.saved.created")
	s.redirect(w, r, "/gemte-soegninger")
}

// validSavedSearchName checks the name before the store does, so the
// message is the page's own.
func validSavedSearchName(name string) error {
	var v samspil.Validation
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add("name", "search.saved.name.required", "give the search a name", nil)
	case n > maxSavedSearchName:
		v.Add("name", "field.too_long", "the text is too long", map[string]any{"Max": maxSavedSearchName})
	}
	return v.Err()
}

// handleSavedSearches is GET /gemte-soegninger: the signed-in person's
// saved searches with their links, feeds and settings.
func (s *Server) handleSavedSearches(w http.ResponseWriter, r *http.Request) {
	d, err := s.savedSearchesData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "saved_searches", d)
}

func (s *Server) savedSearchesData(r *http.Request) (*savedSearchesData, error) {
	list, err := s.store.FindSavedSearches(r.Context(), s.principal(r).User.ID)
	if err != nil {
		return nil, err
	}
	d := &savedSearchesData{Max: samspil.MaxSavedSearches}
	for _, ss := range list {
		d.Items = append(d.Items, savedSearchView{
			SavedSearch: ss, URL: "/soeg" + searchQS(ss.Query), FeedURL: "/soeg/feed.atom" + searchQS(ss.Query),
			Summary: s.describeSearch(r, ss.Query), NameID: "saved-name-" + strconv.FormatInt(ss.ID, 10), NameValue: ss.Name,
		})
	}
	return d, nil
}

// ownSavedSearch loads the saved search named in the path and checks that
// it is the signed-in person's: nobody else, platform admins included,
// may see or change it.
func (s *Server) ownSavedSearch(r *http.Request) (*samspil.SavedSearch, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, samspil.Errorf(samspil.ENOTFOUND, "search.saved.not_found", "saved search not found")
	}
	ss, err := s.store.FindSavedSearchByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if ss.UserID != s.principal(r).User.ID {
		return nil, samspil.Errorf(samspil.EFORBIDDEN, "search.saved.forbidden", "this saved search belongs to someone else")
	}
	return ss, nil
}

// handleSavedSearchDigest turns the daily e-mail of a saved search on
// ("digest=1") or off.
func (s *Server) handleSavedSearchDigest(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	ss, err := s.ownSavedSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	on := f.Get("digest") == "1"
	if _, err := s.store.UpdateSavedSearch(r.Context(), ss.ID, ss.Name, on); err != nil {
		s.fail(w, r, err)
		return
	}
	if on {
		s.setFlash(r, "search.saved.digest_on")
	} else {
		s.setFlash(r, "search.saved.digest_off")
	}
	s.redirect(w, r, "/gemte-soegninger")
}

// handleSavedSearchRename gives a saved search a new name.
func (s *Server) handleSavedSearchRename(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	ss, err := s.ownSavedSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := f.Get("name")
	err = validSavedSearchName(name)
	if err == nil {
		_, err = s.store.UpdateSavedSearch(r.Context(), ss.ID, name, ss.Digest)
	}
	if err != nil {
		if samspil.ErrorCode(err) != samspil.EINVALID {
			s.fail(w, r, err)
			return
		}
		d, derr := s.savedSearchesData(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		ef := EmptyForm(r)
		ef.SetErrors(err)
		msg := ef.Error("name")
		if msg == "" && len(ef.Global) > 0 {
			msg = ef.Global[0]
		}
		for i := range d.Items {
			if d.Items[i].ID == ss.ID {
				d.Items[i].NameError, d.Items[i].NameValue = msg, name
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "saved_searches", d)
		return
	}
	s.setFlash(r, "search.saved.renamed")
	s.redirect(w, r, "/gemte-soegninger")
}

// handleSavedSearchDeletePage asks before deleting.
func (s *Server) handleSavedSearchDeletePage(w http.ResponseWriter, r *http.Request) {
	ss, err := s.ownSavedSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "saved_search_delete", savedSearchView{SavedSearch: ss, URL: "/soeg" + searchQS(ss.Query),
		Summary: s.describeSearch(r, ss.Query)})
}

// handleSavedSearchDelete deletes after the confirmation page.
func (s *Server) handleSavedSearchDelete(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	ss, err := s.ownSavedSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.DeleteSavedSearch(r.Context(), ss.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "search.saved.deleted")
	s.redirect(w, r, "/gemte-soegninger")
}

// describeSearch puts a saved query into words: the text in quotes, then
// each filter by name.
func (s *Server) describeSearch(r *http.Request, encoded string) []string {
	v, err := url.ParseQuery(encoded)
	if err != nil {
		return nil
	}
	tr := TranslatorFrom(r)
	lang := s.lang(r)
	names := s.facetNames(r)
	var out []string
	if t := strings.TrimSpace(v.Get("q")); t != "" {
		out = append(out, "“"+t+"”")
	}
	for _, t := range v["type"] {
		out = append(out, tr.T("search.type."+t, nil))
	}
	for _, facet := range []string{samspil.FacetKind, samspil.FacetRegion, samspil.FacetMunicipality, samspil.FacetSector, samspil.FacetCPV, samspil.FacetTargetGroup} {
		for _, val := range v[facet] {
			out = append(out, names.label(facet, val, lang))
		}
	}
	if v.Get("rsv") == "true" {
		out = append(out, tr.T("search.facet.rsv", nil))
	}
	if near := v.Get("near"); near != "" {
		place := names.label(samspil.FacetMunicipality, near, lang)
		if km := v.Get("radius_km"); km != "" && km != "0" {
			out = append(out, tr.T("search.near.within", map[string]any{"Km": km, "Place": place}))
		} else {
			out = append(out, tr.T("search.near.from", map[string]any{"Place": place}))
		}
	}
	if len(out) == 0 {
		out = append(out, tr.T("search.saved.everything", nil))
	}
	return out
}
