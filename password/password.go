// Package password hashes passwords with argon2id and makes the random
// secrets behind e-mail links and API tokens. It is separate from the web
// package so the command line (samspil user create) and the API share it.
package password

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"

	"github.com/alexedwards/argon2id"
)

// Params are the argon2id parameters: 64 MiB memory, 3 passes, 2 lanes,
// in line with the OWASP password storage guidance for argon2id.
var Params = &argon2id.Params{
	Memory:      64 * 1024,
	Iterations:  3,
	Parallelism: 2,
	SaltLength:  16,
	KeyLength:   32,
}

// Hash returns the argon2id hash of pw in the PHC string format, which
// records its own parameters so they can be raised later.
func Hash(pw string) (string, error) {
	return argon2id.CreateHash(pw, Params)
}

// Verify compares pw with a hash made by Hash in constant time.
func Verify(pw, hash string) (bool, error) {
	return argon2id.ComparePasswordAndHash(pw, hash)
}

// encoding is lower-case base32 without padding: safe in URLs and easy to
// read aloud or copy.
var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns a fresh 160-bit random secret, starting with prefix
// (e.g. "sps_" for API tokens, so leaked tokens are recognisable), and the
// hash to store in its place.
func NewSecret(prefix string) (secret, hash string) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("password: no randomness: " + err.Error()) // crypto/rand never fails on supported platforms
	}
	secret = prefix + strings.ToLower(encoding.EncodeToString(b))
	return secret, HashSecret(secret)
}

// HashSecret is the stored form of a secret: hex SHA-256. A secret has full
// entropy, so a fast hash is enough; only passwords need argon2id.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// UseTestParams lowers the cost of new hashes to 64 KiB and one pass, for
// test binaries only: the hashes are still argon2id in the same format and
// verified the same way, but a test suite that signs in hundreds of
// people (under the race detector too) does not spend minutes hashing.
// Never call it outside a test's TestMain.
func UseTestParams() {
	Params = &argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}
