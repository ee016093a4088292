package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"chungtay/internal/apperr"
)

// Params is the cost of argon2id.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams: 64 MiB, one pass, two lanes — about 50–100 ms on a small
// server, within OWASP's recommendations for argon2id.
var DefaultParams = Params{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}

// FastParams are for tests only: the same algorithm, a tiny cost.
var FastParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// The password rules.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128
)

// HashPassword returns the argon2id hash of password in PHC form:
// $argon2id$v=19$m=65536,t=1,p=2$<salt>$<hash> (base64 without padding).
func HashPassword(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// errBadHash is a stored hash that is not argon2id in PHC form.
var errBadHash = errors.New("password hash is not argon2id in PHC form")

// VerifyPassword reports whether password matches the PHC hash, comparing in
// constant time. The hash's own parameters are used, so hashes made with
// older parameters keep working.
func VerifyPassword(phc, password string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Time == 0 || p.Threads == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// checkPassword adds to c what is wrong with a new password for the account
// with this email: 10 to 128 characters, not the email itself.
func checkPassword(c *apperr.Collector, field, password, email string) {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen || n > MaxPasswordLen:
		c.Add(field, "account.password_length", apperr.Args{"Min": MinPasswordLen, "Max": MaxPasswordLen})
	case strings.EqualFold(strings.TrimSpace(password), normalizeEmail(email)):
		c.Add(field, "account.password_is_email", nil)
	}
}

// verify checks password against a user's hash; a user without a password
// (invitation not yet accepted) is checked against the dummy hash, so that
// the answer takes the same time and is always false.
func (s *Service) verify(hash, password string) bool {
	if hash == "" {
		_, _ = VerifyPassword(s.dummy, password)
		return false
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		s.log.Error("stored password hash unreadable", "err", err)
		return false
	}
	return ok
}
