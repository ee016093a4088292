package account

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
	"chungtay/internal/reqinfo"
)

// Session is a signed-in browser. The cookie carries a secret whose SHA-256
// is stored; CSRFToken must come back in X-CSRF-Token on every unsafe request
// the cookie authenticates.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	ID         int64     `bun:"id,pk,autoincrement"`
	UserID     int64     `bun:"user_id,notnull"`
	TokenHash  string    `bun:"token_hash,notnull"`
	CSRFToken  string    `bun:"csrf_token,notnull"`
	CreatedAt  time.Time `bun:"created_at,notnull"`
	LastSeenAt time.Time `bun:"last_seen_at,notnull"`
	ExpiresAt  time.Time `bun:"expires_at,notnull"`
	UserAgent  string    `bun:"user_agent,notnull"`
	ClientIP   string    `bun:"client_ip,notnull"`
}

// ended reports whether the session is over at now: past its lifetime, or idle too long.
func (x *Session) ended(now time.Time) bool {
	return !now.Before(x.ExpiresAt) || now.Sub(x.LastSeenAt) >= SessionIdle
}

// CheckCSRF reports whether token is the session's CSRF token (constant time).
func (x *Session) CheckCSRF(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(x.CSRFToken)) == 1
}

// SignedIn is a new session: Secret goes into the cookie once and is never stored.
type SignedIn struct {
	User    *User
	Session *Session
	Secret  string
}

// Login signs in with email and password. Every wrong answer — unknown email,
// wrong password, deactivated account, invitation not accepted — is the same
// error, after the same work (an argon2 verification); 5 failures for an email
// within 15 minutes lock it for 15 minutes, and 30 from one client address
// within 15 minutes get rate_limited.
func (s *Service) Login(ctx context.Context, now time.Time, email, password, userAgent string) (*SignedIn, error) {
	email = normalizeEmail(email)
	ip := reqinfo.From(ctx).ClientIP
	if limited, err := ipLimited(ctx, s.db, now, ip); err != nil {
		return nil, err
	} else if limited {
		return nil, apperr.New(apperr.RateLimited, "account.too_many_attempts", nil)
	}
	locked, err := emailLocked(ctx, s.db, now, email)
	if err != nil {
		return nil, err
	}
	u := new(User)
	switch err := s.db.NewSelect().Model(u).Where("email = ?", email).Scan(ctx); {
	case errors.Is(err, sql.ErrNoRows):
		u = nil
	case err != nil:
		return nil, apperr.Wrap(err, "find user to sign in")
	}
	ok := false
	if locked || u == nil || !u.Active {
		s.verify("", password) // the same work as a real check
	} else {
		ok = s.verify(u.PasswordHash, password)
	}
	if !ok {
		return nil, s.loginFailed(ctx, now, u, email, ip, locked)
	}

	var out *SignedIn
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		ctx = withActor(ctx, u)
		if err := forgetFailures(ctx, tx, email); err != nil {
			return err
		}
		if out, err = s.startSession(ctx, tx, now, u, userAgent); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(u).Set("last_login_at = ?", now.UTC()).WherePK().Exec(ctx); err != nil {
			return apperr.Wrap(err, "stamp last sign-in")
		}
		r, err := userReach(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Login, Entity: "user", EntityID: u.ID, AreaPath: r.first(),
			After: map[string]any{"session_id": out.Session.ID}})
	})
	return out, err
}

// loginFailed records a failure, audits it and returns the one answer.
func (s *Service) loginFailed(ctx context.Context, now time.Time, u *User, email, ip string, wasLocked bool) error {
	locked := wasLocked
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if locked, err = recordFailure(ctx, tx, now, email, ip, wasLocked); err != nil {
			return err
		}
		c := audit.Change{Action: audit.LoginFailed, Entity: "user", After: map[string]any{"email": email}}
		if u != nil {
			c.EntityID = u.ID
			r, err := userReach(ctx, tx, u.ID)
			if err != nil {
				return err
			}
			c.AreaPath = r.first()
		}
		return audit.Record(ctx, tx, now, c)
	})
	if err != nil {
		return err
	}
	if locked {
		return apperr.New(apperr.Unauthorized, "account.login_locked", apperr.Args{"Minutes": int(LockDuration.Minutes())})
	}
	return apperr.New(apperr.Unauthorized, "account.login_failed", nil)
}

// principalOf is a bare principal for a user, to name the actor of the audit
// entries of their own sign-in.
func principalOf(u *User) *access.Principal {
	return &access.Principal{UserID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang}
}

// withActor names u as the actor of the audit entries written with ctx.
func withActor(ctx context.Context, u *User) context.Context { return access.With(ctx, principalOf(u)) }

// startSession opens a session for u; expired sessions of u are removed on the way.
func (s *Service) startSession(ctx context.Context, tx bun.Tx, now time.Time, u *User, userAgent string) (*SignedIn, error) {
	if _, err := tx.NewDelete().Model((*Session)(nil)).
		Where("user_id = ? AND (expires_at <= ? OR last_seen_at <= ?)", u.ID, now.UTC(), now.Add(-SessionIdle).UTC()).Exec(ctx); err != nil {
		return nil, apperr.Wrap(err, "remove ended sessions")
	}
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	secret := randomSecret()
	x := &Session{UserID: u.ID, TokenHash: hashSecret(secret), CSRFToken: randomSecret(), CreatedAt: now.UTC(),
		LastSeenAt: now.UTC(), ExpiresAt: now.Add(SessionLifetime).UTC(), UserAgent: userAgent, ClientIP: reqinfo.From(ctx).ClientIP}
	if _, err := tx.NewInsert().Model(x).Exec(ctx); err != nil {
		return nil, apperr.Wrap(err, "insert session")
	}
	return &SignedIn{User: u, Session: x, Secret: secret}, nil
}

// AuthenticateSession returns the principal of a session cookie's secret, and
// the session; an unknown, ended or deactivated one is unauthorized.
func (s *Service) AuthenticateSession(ctx context.Context, now time.Time, secret string) (*access.Principal, *Session, error) {
	x := new(Session)
	err := s.db.NewSelect().Model(x).Where("token_hash = ?", hashSecret(secret)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.New(apperr.Unauthorized, "account.session_ended", nil)
	}
	if err != nil {
		return nil, nil, apperr.Wrap(err, "find session")
	}
	if x.ended(now) {
		if _, err := s.db.NewDelete().Model(x).WherePK().Exec(ctx); err != nil {
			return nil, nil, apperr.Wrap(err, "remove ended session")
		}
		return nil, nil, apperr.New(apperr.Unauthorized, "account.session_ended", nil)
	}
	p, err := s.Principal(ctx, x.UserID)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(x.LastSeenAt) >= touchEvery {
		x.LastSeenAt = now.UTC()
		if _, err := s.db.NewUpdate().Model(x).Column("last_seen_at").WherePK().Exec(ctx); err != nil {
			return nil, nil, apperr.Wrap(err, "touch session")
		}
	}
	p.SessionID = x.ID
	return p, x, nil
}

// Logout ends the caller's session (nothing for an API token).
func (s *Service) Logout(ctx context.Context, now time.Time) error {
	p, err := callerUser(ctx)
	if err != nil || p.SessionID == 0 {
		return err
	}
	return database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		x := new(Session)
		if err := tx.NewSelect().Model(x).Where("id = ?", p.SessionID).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
			return nil // ended meanwhile
		} else if err != nil {
			return apperr.Wrap(err, "find session")
		}
		if _, err := tx.NewDelete().Model(x).WherePK().Exec(ctx); err != nil {
			return apperr.Wrap(err, "end session")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Logout, Entity: "session", EntityID: x.ID, AreaPath: ownPath(p),
			Before: map[string]any{"user_id": x.UserID, "created_at": x.CreatedAt, "client_ip": x.ClientIP}})
	})
}

// LogoutAll ends every session of the caller, on every device; it returns how many.
func (s *Service) LogoutAll(ctx context.Context, now time.Time) (int, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if n, err = endSessions(ctx, tx, p.UserID, 0); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Logout, Entity: "user", EntityID: p.UserID, AreaPath: ownPath(p),
			After: map[string]any{"sessions_ended": n}})
	})
	return n, err
}

// endSessions removes the sessions of a user except keep (0: all); it returns how many.
func endSessions(ctx context.Context, tx bun.IDB, userID, keep int64) (int, error) {
	res, err := tx.NewDelete().Model((*Session)(nil)).Where("user_id = ? AND id <> ?", userID, keep).Exec(ctx)
	if err != nil {
		return 0, apperr.Wrap(err, "end sessions")
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Principal loads a user's access: their grants in force (with the path of
// the area; "" for the whole country) and memberships in force (with the path
// of the unit's area). A deactivated or unknown user is unauthorized.
func (s *Service) Principal(ctx context.Context, userID int64) (*access.Principal, error) {
	u, err := getUser(ctx, s.db, userID)
	if e, ok := apperr.As(err); (ok && e.Code == apperr.NotFound) || (err == nil && !u.Active) {
		return nil, apperr.New(apperr.Unauthorized, "account.session_ended", nil)
	}
	if err != nil {
		return nil, err
	}
	p := principalOf(u)
	grants, err := activeGrants(ctx, s.db, userID)
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		p.Grants = append(p.Grants, access.Grant{ID: g.ID, AreaID: g.AreaID, AreaPath: g.AreaPath, Role: g.Role})
	}
	members, err := activeMemberships(ctx, s.db, userID)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		p.Memberships = append(p.Memberships, access.Membership{ID: m.ID, UnitID: m.UnitID, AreaPath: m.AreaPath, Role: m.Role})
	}
	return p, nil
}

// Me returns the caller's own account with their roles.
func (s *Service) Me(ctx context.Context) (*UserDetail, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return nil, err
	}
	u, err := getUser(ctx, s.db, p.UserID)
	if err != nil {
		return nil, err
	}
	return detail(ctx, s.db, u)
}
