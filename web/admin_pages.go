package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
)

// adminPageSize is the length of the admin lists.
const adminPageSize = 50

// adminOverviewData is the platform admin's start page: what waits for them.
type adminOverviewData struct {
	FormData
	PendingWithoutAdmin int
	Users               int
	Organisations       int
	SOV                 int
	SOVRegistered       int
}

// handleAdminOverview counts the queues and totals.
func (s *Server) handleAdminOverview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := &adminOverviewData{FormData: FormData{Form: EmptyForm(r)}}
	var err error
	yes := true
	if _, d.PendingWithoutAdmin, err = s.store.FindMemberships(ctx, samspil.MembershipFilter{PendingWithoutAdmin: true, Limit: 1}); err == nil {
		if _, d.Users, err = s.store.FindUsers(ctx, samspil.UserFilter{Limit: 1}); err == nil {
			if _, d.Organisations, err = s.store.FindOrganisations(ctx, samspil.OrganisationFilter{Limit: 1}); err == nil {
				if _, d.SOV, err = s.store.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgSOV, Limit: 1}); err == nil {
					_, d.SOVRegistered, err = s.store.FindOrganisations(ctx, samspil.OrganisationFilter{Kind: samspil.OrgSOV, RSVRegistered: &yes, Limit: 1})
				}
			}
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_overview", d)
}

// adminPager describes one page of a list for the templates.
type adminPager struct {
	Page, Pages, Total int
	// Prev and Next are links to the neighbouring pages, "" at the ends.
	Prev, Next string
}

// pageParam reads ?page= (1-based), defaulting to 1 and clamping nonsense.
func adminPageParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 1_000_000)
}

func newAdminPager(r *http.Request, page, total, size int) adminPager {
	pg := adminPager{Page: page, Total: total, Pages: max(1, (total+size-1)/size)}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Del("lang")
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		pg.Prev = link(min(page-1, pg.Pages))
	}
	if page < pg.Pages {
		pg.Next = link(page + 1)
	}
	return pg
}

// searchParam reads and bounds ?q=.
func adminSearchParam(r *http.Request) string {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > 200 {
		q = string([]rune(q)[:200])
	}
	return q
}

// adminQueueData lists requests to join organisations without an admin.
type adminQueueData struct {
	FormData
	Items []*samspil.Membership
	Pager adminPager
	// Problem is a translated store error of the last action.
	Problem string
}

// handleAdminQueue lists the pending memberships no organisation admin can
// answer: the first staff member of a municipality, an imported SØV.
func (s *Server) handleAdminQueue(w http.ResponseWriter, r *http.Request) {
	s.renderAdminQueue(w, r, http.StatusOK, "")
}

func (s *Server) renderAdminQueue(w http.ResponseWriter, r *http.Request, status int, problem string) {
	page := adminPageParam(r)
	items, total, err := s.store.FindMemberships(r.Context(), samspil.MembershipFilter{PendingWithoutAdmin: true,
		Offset: (page - 1) * adminPageSize, Limit: adminPageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin_queue", &adminQueueData{FormData: FormData{Form: EmptyForm(r)}, Items: items,
		Pager: newAdminPager(r, page, total, adminPageSize), Problem: problem})
}

// loadQueuedMembership loads membership {mid} for a queue action.
func (s *Server) loadQueuedMembership(w http.ResponseWriter, r *http.Request) (*samspil.Membership, *samspil.Organisation, bool) {
	mid, err := orgPathID(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	m, err := s.store.FindMembershipByID(r.Context(), mid)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	o, err := s.store.FindOrganisationByID(r.Context(), m.OrganisationID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return m, o, true
}

// handleAdminQueueApprove approves a queued request. The organisation has
// no admin yet, so the approved person becomes its first admin; from then
// on the organisation answers its own requests.
func (s *Server) handleAdminQueueApprove(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	m, o, ok := s.loadQueuedMembership(w, r)
	if !ok {
		return
	}
	// The approved person becomes the first admin, unless the organisation
	// has found an admin in the meantime: then the role stays as asked.
	admin := samspil.RoleAdmin
	role := &admin
	if _, n, err := s.store.FindMemberships(r.Context(), samspil.MembershipFilter{OrganisationID: o.ID,
		Status: samspil.MembershipActive, Role: samspil.RoleAdmin, Limit: 1}); err != nil {
		s.fail(w, r, err)
		return
	} else if n > 0 {
		role = nil
	}
	if err := s.approveMembership(r, o, m, role); err != nil {
		if c := samspil.ErrorCode(err); c == samspil.ECONFLICT || c == samspil.EINVALID {
			s.renderAdminQueue(w, r, HTTPStatus(err), TranslatorFrom(r).Err(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "admin.queue.approved")
	s.redirect(w, r, "/admin/medlemskaber")
}

// handleAdminQueueDecline removes a queued request.
func (s *Server) handleAdminQueueDecline(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.readForm(w, r); !ok {
		return
	}
	m, _, ok := s.loadQueuedMembership(w, r)
	if !ok {
		return
	}
	if m.Status != samspil.MembershipPending {
		s.renderAdminQueue(w, r, http.StatusConflict, s.t(r, "orgmembers.not_pending", nil))
		return
	}
	if err := s.store.DeleteMembership(r.Context(), m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "admin.queue.declined")
	s.redirect(w, r, "/admin/medlemskaber")
}

// adminRSVData lists SØV with their RSV status.
type adminRSVData struct {
	FormData
	Items  []*samspil.Organisation
	Pager  adminPager
	Query  string
	Status string // "", "registered", "unregistered"
	// StatusOptions are the choices of the status filter.
	StatusOptions []Option
}

// handleAdminRSV lists SØV for checking their RSV registration.
func (s *Server) handleAdminRSV(w http.ResponseWriter, r *http.Request) {
	page := adminPageParam(r)
	f := EmptyForm(r)
	q := adminSearchParam(r)
	status := r.URL.Query().Get("status")
	f.Set("q", q)
	f.Set("status", status)
	filter := samspil.OrganisationFilter{Kind: samspil.OrgSOV, Query: q, Offset: (page - 1) * adminPageSize, Limit: adminPageSize}
	switch status {
	case "registered":
		yes := true
		filter.RSVRegistered = &yes
	case "unregistered":
		no := false
		filter.RSVRegistered = &no
	default:
		status = ""
	}
	items, total, err := s.store.FindOrganisations(r.Context(), filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr := TranslatorFrom(r)
	opts := []Option{{Value: "", Label: tr.T("admin.rsv.status.all", nil)},
		{Value: "unregistered", Label: tr.T("admin.rsv.not_registered", nil)},
		{Value: "registered", Label: tr.T("admin.rsv.registered", nil)}}
	s.render(w, r, http.StatusOK, "admin_rsv", &adminRSVData{FormData: FormData{Form: f}, Items: items,
		Pager: newAdminPager(r, page, total, adminPageSize), Query: q, Status: status, StatusOptions: opts})
}

// handleAdminRSVSet records that a platform admin checked an SØV's RSV
// registration (registered=1, dated now) or withdraws the mark (registered=0).
func (s *Server) handleAdminRSVSet(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	id, err := orgPathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.store.FindOrganisationByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if o.Kind != samspil.OrgSOV {
		s.fail(w, r, samspil.Errorf(samspil.EINVALID, "admin.rsv.not_sov", "only social enterprises can be RSV-registered"))
		return
	}
	var registered bool
	switch f.Get("registered") {
	case "1":
		registered = true
	case "0":
	default:
		s.fail(w, r, samspil.Errorf(samspil.EINVALID, "admin.rsv.invalid", "choose registered or not registered"))
		return
	}
	if _, err := s.store.SetRSVRegistration(r.Context(), id, registered); err != nil {
		s.fail(w, r, err)
		return
	}
	if registered {
		s.setFlash(r, "admin.rsv.marked")
	} else {
		s.setFlash(r, "admin.rsv.unmarked")
	}
	back := safeNext(f.Get("next"))
	if back == "/konto" {
		back = "/admin/rsv"
	}
	s.redirect(w, r, back)
}

// adminUsersData is the user list.
type adminUsersData struct {
	FormData
	Items []*samspil.User
	Pager adminPager
	Query string
}

// handleAdminUsers lists users, searchable by e-mail and name.
func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) {
	page := adminPageParam(r)
	q := adminSearchParam(r)
	f := EmptyForm(r)
	f.Set("q", q)
	items, total, err := s.store.FindUsers(r.Context(), samspil.UserFilter{Query: q, Offset: (page - 1) * adminPageSize, Limit: adminPageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_users", &adminUsersData{FormData: FormData{Form: f}, Items: items,
		Pager: newAdminPager(r, page, total, adminPageSize), Query: q})
}

// adminTargetGroupsData is the target-group list with its add form.
type adminTargetGroupsData struct {
	FormData
	Items []*samspil.TargetGroup
}

// handleAdminTargetGroups lists target groups.
func (s *Server) handleAdminTargetGroups(w http.ResponseWriter, r *http.Request) {
	s.renderTargetGroups(w, r, http.StatusOK, EmptyForm(r))
}

func (s *Server) renderTargetGroups(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	items, err := s.store.FindTargetGroups(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin_target_groups", &adminTargetGroupsData{FormData: FormData{Form: f}, Items: items})
}

// handleAdminTargetGroupCreate adds a target group.
func (s *Server) handleAdminTargetGroupCreate(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	g := &samspil.TargetGroup{Code: f.Get("code"), NameDA: f.Get("name_da"), NameEN: f.Get("name_en")}
	if err := s.store.CreateTargetGroup(r.Context(), g); err != nil {
		if samspil.ErrorCode(err) == samspil.ECONFLICT {
			err = orgFieldError("code", err)
		}
		if !f.SetErrors(err) {
			s.fail(w, r, err)
			return
		}
		s.renderTargetGroups(w, r, HTTPStatus(err), f)
		return
	}
	s.setFlash(r, "admin.target_groups.created")
	s.redirect(w, r, "/admin/maalgrupper")
}
