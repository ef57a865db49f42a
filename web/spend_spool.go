package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	samspil "github.com/samspil/samspil"
)

// A spend file is uploaded once and read several times: for the mapping,
// the preview and the import. Between those steps it waits in a private
// temporary directory under a random token, next to a small description
// of who uploaded it for which municipality. The token travels in the
// URL, never in the session cookie; it is useless to anyone but the person
// who uploaded the file, and the file is removed after the import or when
// its short lifetime has passed.

// spendSpoolLifetime is how long an uploaded file waits for its import.
const spendSpoolLifetime = time.Hour

// spendSpoolDir is where uploaded spend files wait; a variable so tests
// can point it at their own temporary directory.
var spendSpoolDir = func() string { return filepath.Join(os.TempDir(), "samspil-indkoeb") }

// spendSpool describes one waiting upload.
type spendSpool struct {
	Token        string    `json:"-"`
	Municipality string    `json:"municipality"`
	UserID       int64     `json:"user_id"`
	FileName     string    `json:"file_name"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	Created      time.Time `json:"created"`
}

// validSpoolToken accepts only the tokens newSpoolToken makes, so a token
// from a URL can never name another file.
func validSpoolToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	_, err := hex.DecodeString(t)
	return err == nil && strings.ToLower(t) == t
}

func (sp *spendSpool) dataPath() string { return filepath.Join(spendSpoolDir(), sp.Token+".csv") }
func (sp *spendSpool) metaPath() string { return filepath.Join(spendSpoolDir(), sp.Token+".json") }

// spoolSpendFile copies r (at most max bytes) into a new waiting file.
// More than max bytes removes it again and returns upload-size error.
func spoolSpendFile(r io.Reader, max int64, sp *spendSpool) error {
	dir := spendSpoolDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("spend spool: %w", err)
	}
	sweepSpendSpool()
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return err
	}
	sp.Token = hex.EncodeToString(raw[:])
	f, err := os.OpenFile(sp.dataPath(), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("spend spool: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, max+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > max {
		err = errSpendTooLarge
	}
	if err != nil {
		os.Remove(sp.dataPath())
		return err
	}
	sp.Size, sp.SHA256, sp.Created = n, hex.EncodeToString(h.Sum(nil)), time.Now().UTC()
	b, _ := json.Marshal(sp)
	if err := os.WriteFile(sp.metaPath(), b, 0o600); err != nil {
		os.Remove(sp.dataPath())
		return fmt.Errorf("spend spool: %w", err)
	}
	return nil
}

// errSpendTooLarge marks a file over the upload limit.
var errSpendTooLarge = errors.New("spend file too large")

// findSpendSpool returns the waiting upload token if it belongs to the
// user and the municipality and has not expired; ENOTFOUND otherwise (the
// same answer for a stranger's token as for an unknown one).
func findSpendSpool(token, municipality string, userID int64) (*spendSpool, error) {
	gone := samspil.Errorf(samspil.ENOTFOUND, "spend.import.expired", "the uploaded file is no longer here; upload it again")
	if !validSpoolToken(token) {
		return nil, gone
	}
	sp := &spendSpool{Token: token}
	b, err := os.ReadFile(sp.metaPath())
	if err != nil {
		return nil, gone
	}
	if err := json.Unmarshal(b, sp); err != nil {
		return nil, gone
	}
	if sp.Municipality != municipality || sp.UserID != userID {
		return nil, gone
	}
	if time.Since(sp.Created) > spendSpoolLifetime {
		sp.remove()
		return nil, gone
	}
	if _, err := os.Stat(sp.dataPath()); err != nil {
		return nil, gone
	}
	return sp, nil
}

// open returns the waiting file for reading from its start.
func (sp *spendSpool) open() (*os.File, error) { return os.Open(sp.dataPath()) }

// remove deletes the file and its description.
func (sp *spendSpool) remove() {
	os.Remove(sp.dataPath())
	os.Remove(sp.metaPath())
}

// sweepSpendSpool removes uploads older than their lifetime, left behind
// by people who never finished an import.
func sweepSpendSpool() {
	entries, err := os.ReadDir(spendSpoolDir())
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) <= spendSpoolLifetime {
			continue
		}
		name := e.Name()
		if t, _, ok := strings.Cut(name, "."); ok && validSpoolToken(t) {
			os.Remove(filepath.Join(spendSpoolDir(), name))
		}
	}
}
