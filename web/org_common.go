package web

import (
	"net/http"
	"sort"
	"strconv"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// pathID reads a positive numeric path value; anything else is a missing
// page, never a server error.
func orgPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, samspil.Errorf(samspil.ENOTFOUND, "error.page_not_found", "page not found")
	}
	return id, nil
}

// orgRule is one rights rule about an organisation, e.g.
// (*samspil.Principal).CanEditOrganisation.
type orgRule func(p *samspil.Principal, orgID int64) bool

// canEdit and canManage name the rules of access.go for handler tables.
var (
	canEdit   orgRule = (*samspil.Principal).CanEditOrganisation
	canManage orgRule = (*samspil.Principal).CanManageMembers
)

// loadOrg resolves the {id} of the path, checks rule for the signed-in
// person before anything is read or written, and loads the organisation. It
// answers the request itself (401, 403, 404) and returns ok=false when the
// handler must stop.
func (s *Server) loadOrg(w http.ResponseWriter, r *http.Request, rule orgRule) (*samspil.Organisation, *samspil.Principal, bool) {
	p := s.principal(r)
	id, err := orgPathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	if rule != nil {
		if err := p.Require(rule(p, id)); err != nil {
			s.fail(w, r, err)
			return nil, nil, false
		}
	}
	o, err := s.store.FindOrganisationByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return o, p, true
}

// orgPath is the profile page of an organisation; sub is appended ("/medlemmer").
func orgPath(id int64, sub string) string {
	return "/organisationer/" + strconv.FormatInt(id, 10) + sub
}

// municipalityOptions lists the 98 municipalities for a select, in Danish
// alphabetical order, after an empty "choose" option.
func municipalityOptions(tr *Translator) []Option {
	sorted := sortedMunicipalities()
	out := make([]Option, 0, len(sorted)+1)
	out = append(out, Option{Value: "", Label: tr.T("orgform.municipality.choose", nil)})
	return append(out, sorted...)
}

// sortedMunicipalities is computed once: the list never changes at run time.
var sortedMunicipalities = sync.OnceValue(func() []Option {
	ms := refdata.Municipalities()
	out := make([]Option, 0, len(ms))
	for _, m := range ms {
		out = append(out, Option{Value: m.Code, Label: m.Name})
	}
	sortOptions(out)
	return out
})

// municipalityRank is each kommunekode's place in the Danish alphabetical
// order of municipality names, computed once, so pages that list
// municipalities sort them without collating on every request.
var municipalityRank = sync.OnceValue(func() map[string]int {
	opts := sortedMunicipalities()
	rank := make(map[string]int, len(opts))
	for i, o := range opts {
		rank[o.Value] = i
	}
	return rank
})

// sortOptions orders options by label the Danish way (Æ, Ø, Å and "Aa"
// after Z), as a Danish reader expects to find Aabenraa and Ærø.
func sortOptions(opts []Option) {
	c := collate.New(language.Danish)
	sort.SliceStable(opts, func(i, j int) bool { return c.CompareString(opts[i].Label, opts[j].Label) < 0 })
}

// renameField moves field errors from a domain field name to the form
// field that shows it (turnover_ore is typed in kroner as "turnover").
func orgRenameField(err error, from, to string) error {
	e, ok := samspil.AsError(err)
	if !ok {
		return err
	}
	for i := range e.Fields {
		if e.Fields[i].Field == from {
			e.Fields[i].Field = to
		}
	}
	return e
}
