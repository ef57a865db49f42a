package sqlstore

import (
	"strconv"
)

// tenderFollowKey checks the key of a FollowTender (a tender id) and
// returns it canonical. EINVALID follow.key.invalid; ENOTFOUND for an
// unknown tender or one never published (only its buyer knows it).
func tenderFollowKey(c conn, key string) (string, error) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id <= 0 {
		return "", invalid("key", "follow.key.invalid", "say what to follow")
	}
	ids, err := queryIDs(c, "check follow target", `SELECT id FROM tenders WHERE id = ? AND published_at IS NOT NULL`, id)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "", errTenderNotFound()
	}
	return strconv.FormatInt(id, 10), nil
}
