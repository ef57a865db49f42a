package web

import (
	"cmp"
	"log/slog"
	"net/http"
	"slices"
	"time"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/match"
)

// tenderFitCandidates is how many candidate tenders the store returns per
// organisation before scoring.
const tenderFitCandidates = 200

// tenderDashLimit is how many tenders the dashboard shows per organisation.
const tenderDashLimit = 3

// tenderFit is one open tender scored for an organisation, explained.
type tenderFit struct {
	T          *samspil.Tender
	Score      float64
	Components []componentView
}

// forYouOrg is one organisation's part of "tenders for you".
type forYouOrg struct {
	Org        *samspil.Organisation
	Fits       []tenderFit
	Down       bool // scoring failed; the rest of the page still shows
	Incomplete bool // no CPV codes: nothing can be matched
}

// forYouData is the page GET /udbud/til-jer.
type forYouData struct {
	Orgs          []*forYouOrg
	NoOrg         bool // the person belongs to no organisation
	NoSupplierOrg bool // only municipalities
}

// tendersFor scores the open tenders that share a CPV group with org, best
// first (then the soonest deadline), and keeps limit of them.
func (s *Server) tendersFor(r *http.Request, org *samspil.Organisation, limit int) ([]tenderFit, error) {
	ctx := r.Context()
	ts, err := s.store.TenderCandidates(ctx, org, tenderFitCandidates)
	if err != nil {
		return nil, err
	}
	counts, err := s.store.CompletedPartnershipCounts(ctx, []int64{org.ID})
	if err != nil {
		return nil, err
	}
	now := s.now()
	cand := match.CandidateFrom(org, counts[org.ID])
	tr := TranslatorFrom(r)
	var out []tenderFit
	for _, t := range ts {
		if t.BuyerID == org.ID || !t.Open(now) {
			continue
		}
		opp := t.AsOpportunity()
		score, comps, ok := match.Score(match.DefaultWeights, opp, cand, now)
		if !ok {
			continue
		}
		out = append(out, tenderFit{T: t, Score: score,
			Components: explain(tr, opp, comps, org.Capacity, org.RSVRegistered, org.UpdatedAt, now)})
	}
	slices.SortStableFunc(out, func(a, b tenderFit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := a.T.TenderDeadline.Compare(b.T.TenderDeadline); c != 0 {
			return c
		}
		return cmp.Compare(a.T.ID, b.T.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// dashTenders is the dashboard's "tenders for you" of one organisation:
// none for a municipality, and an empty list (logged) when scoring fails,
// so the dashboard never fails over it.
func (s *Server) dashTenders(r *http.Request, org *samspil.Organisation) ([]tenderFit, bool) {
	if org.Kind == samspil.OrgKommune {
		return nil, false
	}
	fits, err := s.tendersFor(r, org, tenderDashLimit)
	if err != nil {
		s.logger.WarnContext(r.Context(), "tenders for the dashboard", slog.Int64("organisation", org.ID), slog.Any("err", err))
		return nil, true
	}
	return fits, true
}

// handleTendersForYou is GET /udbud/til-jer: per supplier organisation of
// the person, the open tenders that fit it, best first, with the reasons.
func (s *Server) handleTendersForYou(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := s.principal(r)
	d := &forYouData{NoOrg: len(p.Memberships) == 0}
	for _, m := range p.Memberships {
		if m.OrganisationKind == samspil.OrgKommune {
			continue
		}
		if len(d.Orgs) == dashboardMaxOrgs {
			break
		}
		org, err := s.store.FindOrganisationByID(ctx, m.OrganisationID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		fo := &forYouOrg{Org: org, Incomplete: len(org.CPVCodes) == 0}
		if fo.Fits, err = s.tendersFor(r, org, match.DefaultLimit); err != nil {
			s.logger.ErrorContext(ctx, "tenders for an organisation", slog.Int64("organisation", org.ID), slog.Any("err", err))
			fo.Down = true
		}
		d.Orgs = append(d.Orgs, fo)
	}
	d.NoSupplierOrg = !d.NoOrg && len(d.Orgs) == 0
	s.render(w, r, http.StatusOK, "tender_foryou", d)
}

func init() {
	// tsupISO is the machine-readable instant of a <time> element, in
	// Danish time with its offset.
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		loc = time.UTC
	}
	templateFuncs["tsupISO"] = func(t any) string {
		tm, ok := toTime(t)
		if !ok {
			return ""
		}
		return tm.In(loc).Format(time.RFC3339)
	}
}
