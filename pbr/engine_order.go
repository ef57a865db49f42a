package pbr

import (
	"cmp"
	"slices"
	"strconv"
)

// subKey orders claims that share an achieved date and a depth: by
// submission time, then by claim id.
type subKey struct {
	sec  int64
	nsec int32
	idx  int32
}

// processingOrder returns the indexes of claims in the order Calculate
// processes them: achieved date, prerequisite depth of the outcome,
// submission time, claim id. outOf is each claim's outcome index (-1 when
// unknown, depth 0).
//
// Dates and depths are few, so the claims are first counted into one
// bucket per (date, depth) and only each bucket is sorted; a scenario
// whose dates spread over far more days than it has claims (or full) is
// sorted in one piece instead. Both give the same order.
func processingOrder(claims []Claim, outOf, depth []int32, full bool) []int32 {
	n := len(claims)
	order := make([]int32, n)
	if n == 0 {
		return order
	}
	var width int64 = 1
	for _, d := range depth {
		width = max(width, int64(d)+1)
	}
	lo, hi := claims[0].AchievedOn, claims[0].AchievedOn
	for i := range claims {
		lo, hi = min(lo, claims[i].AchievedOn), max(hi, claims[i].AchievedOn)
	}
	bucket := func(i int) int64 {
		var d int64
		if o := outOf[i]; o >= 0 {
			d = int64(depth[o])
		}
		return (int64(claims[i].AchievedOn)-int64(lo))*width + d
	}
	key := func(i int) subKey {
		t := claims[i].SubmittedAt
		return subKey{sec: t.Unix(), nsec: int32(t.Nanosecond()), idx: int32(i)}
	}
	less := func(a, b subKey) int {
		if a.sec != b.sec {
			return cmp.Compare(a.sec, b.sec)
		}
		if a.nsec != b.nsec {
			return cmp.Compare(a.nsec, b.nsec)
		}
		return compareIDs(claims[a.idx].ID, claims[b.idx].ID)
	}

	span := (int64(hi) - int64(lo) + 1) * width
	if full || span > int64(4*n+4096) {
		type fullKey struct {
			bucket int64
			subKey
		}
		keys := make([]fullKey, n)
		for i := range claims {
			keys[i] = fullKey{bucket(i), key(i)}
		}
		slices.SortFunc(keys, func(a, b fullKey) int {
			if a.bucket != b.bucket {
				return cmp.Compare(a.bucket, b.bucket)
			}
			return less(a.subKey, b.subKey)
		})
		for i, k := range keys {
			order[i] = k.idx
		}
		return order
	}

	next := make([]int32, span+1) // first the counts, then where each bucket's next claim goes
	for i := range claims {
		next[bucket(i)+1]++
	}
	for b := int64(1); b <= span; b++ {
		next[b] += next[b-1]
	}
	keys := make([]subKey, n)
	for i := range claims {
		b := bucket(i)
		keys[next[b]] = key(i)
		next[b]++
	}
	// next[b] is now the end of bucket b, and the start of bucket b+1.
	var from int32
	for b := int64(0); b < span; b++ {
		to := next[b]
		if to-from > 1 {
			slices.SortFunc(keys[from:to], less)
		}
		from = to
	}
	for i, k := range keys {
		order[i] = k.idx
	}
	return order
}

// duplicateClaimID returns an id used by two claims. Ids that are all
// plain decimal numbers from a dense range (the usual 1, 2, 3, …) are
// checked with a bitmap; others with a set.
func duplicateClaimID(claims []Claim) (string, bool) {
	nums := make([]uint64, 0, len(claims))
	lo, hi := uint64(1<<63), uint64(0)
	for i := range claims {
		id := claims[i].ID
		if len(id) == 0 || len(id) > 18 || (id[0] == '0' && len(id) > 1) || !allDigits(id) {
			nums = nil
			break
		}
		v, _ := strconv.ParseUint(id, 10, 64)
		nums = append(nums, v)
		lo, hi = min(lo, v), max(hi, v)
	}
	if len(nums) > 0 && hi-lo < uint64(8*len(nums)+64) {
		bits := make([]uint64, (hi-lo)/64+1)
		for i, v := range nums {
			v -= lo
			if bits[v/64]&(1<<(v%64)) != 0 {
				return claims[i].ID, true
			}
			bits[v/64] |= 1 << (v % 64)
		}
		return "", false
	}
	seen := make(map[string]struct{}, len(claims))
	for i := range claims {
		if _, dup := seen[claims[i].ID]; dup {
			return claims[i].ID, true
		}
		seen[claims[i].ID] = struct{}{}
	}
	return "", false
}
