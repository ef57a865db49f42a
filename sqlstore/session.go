package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/samspil/samspil"
)

// sessionPurgeEvery is how often Commit also deletes expired sessions.
const sessionPurgeEvery = 5 * time.Minute

// sessionStore keeps web sessions in the sessions table. It has the shape
// of the scs/v2 Store interface.
type sessionStore struct{ d *DB }

// Sessions returns the session store for the web session manager.
func (d *DB) Sessions() samspil.SessionStore { return sessionStore{d} }

// Find returns the data of an unexpired session.
func (s sessionStore) Find(token string) ([]byte, bool, error) {
	d := s.d
	var b []byte
	err := d.read(context.Background()).queryRow(`SELECT data FROM sessions WHERE token = ? AND expiry > ?`, token, d.d.ts(d.now())).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, internal("find session", err)
	}
	return b, true, nil
}

// Commit stores or replaces a session; now and then it also deletes
// expired sessions.
func (s sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	d := s.d
	purge := false
	d.purgeM.Lock()
	if now := time.Now(); now.Sub(d.purged) > sessionPurgeEvery {
		d.purged, purge = now, true
	}
	d.purgeM.Unlock()
	return d.write(context.Background(), func(t *wtx) error {
		if purge {
			if _, err := t.exec(`DELETE FROM sessions WHERE expiry <= ?`, t.d.ts(t.now)); err != nil {
				return internal("purge sessions", err)
			}
		}
		if b == nil {
			b = []byte{}
		}
		_, err := t.exec(`INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, t.d.ts(expiry))
		if err != nil {
			return internal("commit session", err)
		}
		return nil
	})
}

// Delete removes a session; a missing one is not an error.
func (s sessionStore) Delete(token string) error {
	return s.d.write(context.Background(), func(t *wtx) error {
		if _, err := t.exec(`DELETE FROM sessions WHERE token = ?`, token); err != nil {
			return internal("delete session", err)
		}
		return nil
	})
}

// PurgeSessions deletes expired sessions now; jobs may call it.
func (d *DB) PurgeSessions(ctx context.Context) error {
	return d.write(ctx, func(t *wtx) error {
		if _, err := t.exec(`DELETE FROM sessions WHERE expiry <= ?`, t.d.ts(t.now)); err != nil {
			return internal("purge sessions", err)
		}
		return nil
	})
}
