// Package account is who may sign in to Chung Tay and with what rights:
// users, their grants on area subtrees and memberships of units, passwords
// (argon2id), sessions for the web app, personal API tokens for scripts,
// single-use links (invitations, password resets), login rate limiting and
// lockout, and loading the caller's access.Principal for each request.
//
// Every write is scoped to the caller (access.From) and leaves an audit entry
// in its own transaction. Secrets — session cookies, API tokens, links — are
// stored only as SHA-256 hashes; passwords only as argon2id hashes.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/mail"
)

// The durations and thresholds of sign-in.
const (
	SessionLifetime    = 14 * 24 * time.Hour // a session ends this long after sign-in
	SessionIdle        = 24 * time.Hour      // … or after this long unused
	touchEvery         = time.Minute         // last_seen_at / last_used_at are written at most this often
	InvitationValidity = 7 * 24 * time.Hour
	ResetValidity      = time.Hour
	FailureWindow      = 15 * time.Minute // failures are counted over this window
	EmailFailureLimit  = 5                // failures for one email before it is locked
	LockDuration       = 15 * time.Minute // how long a locked email is refused
	IPFailureLimit     = 30               // failures from one address before it gets 429
	resetsPerHour      = 3                // reset mails per user per hour; more are silently dropped
)

// CookieName is the name of the session cookie.
const CookieName = "chungtay_session"

// TokenPrefix starts every personal API token, so that leaked tokens are easy
// to recognise (and to search for in code).
const TokenPrefix = "ct_"

// Service keeps accounts and signs people in.
type Service struct {
	db      *bun.DB
	mail    mail.Sender
	log     *slog.Logger
	baseURL string
	params  Params
	dummy   string // a hash verified for unknown emails, so timing does not tell
	// delivers is false when mail only goes to the log (no smtp.host): an
	// invitation is then never "sent", and the inviter gets its link.
	delivers bool
	pending  sync.WaitGroup
}

// Options configure the service.
type Options struct {
	BaseURL string      // public address, for links in emails (config base_url)
	Mail    mail.Sender // nil or a *mail.LogSender: mail is logged, not delivered
	Log     *slog.Logger
	Params  Params // argon2id cost; zero: DefaultParams
}

// NewService returns the account service.
func NewService(db *bun.DB, o Options) *Service {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Mail == nil {
		o.Mail = mail.NewLogSender(o.Log)
	}
	if o.Params == (Params{}) {
		o.Params = DefaultParams
	}
	_, logged := o.Mail.(*mail.LogSender)
	s := &Service{db: db, mail: o.Mail, log: o.Log, baseURL: strings.TrimRight(o.BaseURL, "/"), params: o.Params, delivers: !logged}
	dummy, err := HashPassword(randomSecret(), o.Params)
	if err != nil {
		panic("account: hash the dummy password: " + err.Error()) // only a broken random source gets here
	}
	s.dummy = dummy
	return s
}

// User is an account.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID           int64  `bun:"id,pk,autoincrement" json:"id"`
	Email        string `bun:"email,notnull" json:"email"`
	Name         string `bun:"name,notnull" json:"name"`
	Phone        string `bun:"phone,notnull" json:"phone"`
	Lang         string `bun:"lang,notnull" json:"lang" enum:"vi,en"`
	Active       bool   `bun:"active,notnull" json:"active"`
	PasswordHash string `bun:"password_hash,notnull" json:"-"`
	// FailedLogins and LockedUntil are unused: failures and locks live in
	// login_failures, keyed by email, so that unknown emails lock the same way.
	FailedLogins int        `bun:"failed_logins,notnull" json:"-"`
	LockedUntil  *time.Time `bun:"locked_until" json:"-"`
	LastLoginAt  *time.Time `bun:"last_login_at" json:"last_login_at"`
	Version      int        `bun:"version,notnull" json:"version"`
	CreatedAt    time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt    time.Time  `bun:"updated_at,notnull" json:"updated_at"`
}

// auditView is what the audit trail keeps of a user: never the password hash.
func (u *User) auditView() map[string]any {
	return map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "phone": u.Phone, "lang": u.Lang,
		"active": u.Active, "version": u.Version}
}

// randomSecret returns 32 random bytes, base64url without padding.
func randomSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it crashes the program instead)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashSecret is how sessions, tokens and links are stored: SHA-256, hex.
// The secrets are 256 random bits, so a fast hash is enough.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// normalizeEmail trims and lower-cases an address.
func normalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
