package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/samspil/samspil"
)

// Match lists are read far more often than the directory changes: every
// view of an opportunity page and every dashboard asks for them. The
// answers of MatchCandidates and OpportunityCandidates are therefore kept
// until the next audited write. Every change that can alter a candidate
// list (organisations and their lists, RSV status, opportunities,
// interests, partnerships, bulk loads) appends an audit event in its own
// transaction, so the highest audit id is a change token that costs one
// index lookup to read; a cached answer is used only while the token is
// unchanged (and at most matchCacheTTL), which makes the cache invisible
// to callers. Dashboard answers also depend on the time (deadlines pass),
// so they are keyed by the minute as well.

// Cache bounds: how many candidates (organisations or opportunities) all
// cached answers may hold together before the cache starts over. The
// figures keep the cache to a few tens of megabytes.
const (
	maxCachedCandidates    = 100_000
	maxCachedOpportunities = 20_000
)

// matchCacheTTL bounds how long an answer is kept even without a write.
// On PostgreSQL audit ids are drawn when a transaction writes but become
// visible when it commits, so a slow transaction can commit an id below
// one already seen; its change then shows at the latest after this time.
// (SQLite commits writes one at a time, in id order.)
const matchCacheTTL = 30 * time.Second

type matchCacheEntry struct {
	at    time.Time // when the answer was computed
	token int64
	cands []*samspil.MatchCandidate
	opps  []*samspil.Opportunity
}

// matchCache holds recent answers of every DB of the process (keys start
// with the DB's serial number), bounded by the number of items held.
var matchCache = struct {
	sync.Mutex
	m           map[string]matchCacheEntry
	cands, opps int
}{m: map[string]matchCacheEntry{}}

// changeToken returns the id of the newest audit event.
// matchCacheOff makes every call compute its answer (benchmarks of the
// queries themselves).
var matchCacheOff atomic.Bool

func changeToken(c conn) (int64, error) {
	var id int64
	if err := c.queryRow(`SELECT COALESCE(MAX(id), 0) FROM audit_events`).Scan(&id); err != nil {
		return 0, internal("change token", err)
	}
	return id, nil
}

// dbSerials numbers the DBs of the process for cache keys. It keeps every
// DB that used the cache reachable, so a later DB can never be allocated at
// the same address and meet the answers of a closed one (tests open many
// databases with identical data and identical audit ids).
var (
	dbSerials  sync.Map // *DB -> int64
	lastSerial atomic.Int64
)

func dbSerial(d *DB) int64 {
	if v, ok := dbSerials.Load(d); ok {
		return v.(int64)
	}
	v, _ := dbSerials.LoadOrStore(d, lastSerial.Add(1))
	return v.(int64)
}

func matchKeyOpportunity(d *DB, o *samspil.Opportunity, limit int) string {
	return fmt.Sprintf("%d|o|%s|%d|%s|%d|%s|%s|%d", dbSerial(d), o.Kind, o.OrganisationID, o.MunicipalityCode, o.RadiusKm,
		strings.Join(o.CPVCodes, ","), strings.Join(o.TargetGroups, ","), limit)
}

func matchKeyOrganisation(d *DB, org *samspil.Organisation, now time.Time, limit int) string {
	return fmt.Sprintf("%d|g|%s|%d|%s|%s|%s|%d|%d", dbSerial(d), org.Kind, org.ID, org.MunicipalityCode,
		strings.Join(org.CPVCodes, ","), strings.Join(org.TargetGroups, ","), now.Unix()/60, limit)
}

func cacheGet(key string, token int64) (matchCacheEntry, bool) {
	matchCache.Lock()
	defer matchCache.Unlock()
	e, ok := matchCache.m[key]
	return e, ok && e.token == token && time.Since(e.at) < matchCacheTTL
}

func cachePut(key string, e matchCacheEntry) {
	matchCache.Lock()
	defer matchCache.Unlock()
	if old, ok := matchCache.m[key]; ok {
		matchCache.cands -= len(old.cands)
		matchCache.opps -= len(old.opps)
	}
	if matchCache.cands+len(e.cands) > maxCachedCandidates || matchCache.opps+len(e.opps) > maxCachedOpportunities {
		matchCache.m = map[string]matchCacheEntry{}
		matchCache.cands, matchCache.opps = 0, 0
	}
	matchCache.m[key] = e
	matchCache.cands += len(e.cands)
	matchCache.opps += len(e.opps)
}

// copyCandidates returns new structs, so a caller that changes a candidate
// cannot change the cached answer (the code lists are shared and must be
// treated as read-only).
func copyCandidates(in []*samspil.MatchCandidate) []*samspil.MatchCandidate {
	out := make([]*samspil.MatchCandidate, len(in))
	vals := make([]samspil.MatchCandidate, len(in))
	for i, c := range in {
		vals[i] = *c
		out[i] = &vals[i]
	}
	return out
}

func copyOpportunities(in []*samspil.Opportunity) []*samspil.Opportunity {
	out := make([]*samspil.Opportunity, len(in))
	vals := make([]samspil.Opportunity, len(in))
	for i, o := range in {
		vals[i] = *o
		out[i] = &vals[i]
	}
	return out
}

// MatchCandidates returns up to limit (0: 1000; at most 5000)
// organisations of the opportunity's counterpart kinds, other than its
// own, that share a CPV group or a target group with it and lie within its
// radius (by municipality centroid); see matchCandidates for the order.
// Answers are cached until the next audited write; the returned code
// lists must not be modified.
func (d *DB) MatchCandidates(ctx context.Context, o *samspil.Opportunity, limit int) ([]*samspil.MatchCandidate, error) {
	limit = candidateLimit(limit)
	c := d.read(ctx)
	token, err := changeToken(c)
	if err != nil {
		return nil, err
	}
	key := matchKeyOpportunity(d, o, limit)
	if e, ok := cacheGet(key, token); ok && !matchCacheOff.Load() {
		return copyCandidates(e.cands), nil
	}
	cands, err := d.matchCandidates(ctx, o, limit)
	if err != nil {
		return nil, err
	}
	cachePut(key, matchCacheEntry{at: time.Now(), token: token, cands: cands})
	return copyCandidates(cands), nil
}

// OpportunityCandidates returns up to limit (0: 1000; at most 5000) open,
// unexpired opportunities org is matched with; see opportunityCandidates.
// Answers are cached until the next audited write or the next minute; the
// returned lists must not be modified.
func (d *DB) OpportunityCandidates(ctx context.Context, org *samspil.Organisation, limit int) ([]*samspil.Opportunity, error) {
	limit = candidateLimit(limit)
	c := d.read(ctx)
	token, err := changeToken(c)
	if err != nil {
		return nil, err
	}
	key := matchKeyOrganisation(d, org, d.now(), limit)
	if e, ok := cacheGet(key, token); ok && !matchCacheOff.Load() {
		return copyOpportunities(e.opps), nil
	}
	opps, err := d.opportunityCandidates(ctx, org, limit)
	if err != nil {
		return nil, err
	}
	cachePut(key, matchCacheEntry{at: time.Now(), token: token, opps: opps})
	return copyOpportunities(opps), nil
}
