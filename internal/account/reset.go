package account

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
	"chungtay/internal/mail"
	"chungtay/internal/reqinfo"
)

// RequestReset emails a password-reset link to an active account with this
// email. It answers the same way, as quickly, whether or not the account
// exists: the mail is sent in the background (see Wait), and at most three
// links per account per hour go out, so nobody can flood an inbox.
func (s *Service) RequestReset(ctx context.Context, now time.Time, email string) error {
	email = normalizeEmail(email)
	u := new(User)
	err := s.db.NewSelect().Model(u).Where("email = ? AND active = ?", email, true).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(err, "find user for reset")
	}
	var secret string
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		recent, err := tx.NewSelect().Model((*link)(nil)).
			Where("user_id = ? AND purpose = ? AND created_at > ?", u.ID, purposeReset, now.Add(-time.Hour).UTC()).Count(ctx)
		if err != nil {
			return apperr.Wrap(err, "count reset links")
		}
		if recent >= resetsPerHour {
			return nil
		}
		var linkID int64
		if secret, linkID, err = newLink(ctx, tx, now, u.ID, purposeReset); err != nil {
			return err
		}
		r, err := userReach(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "user_link", EntityID: linkID, AreaPath: r.first(),
			After: map[string]any{"user_id": u.ID, "purpose": purposeReset, "expires_at": now.Add(ResetValidity).UTC()}})
	})
	if err != nil || secret == "" {
		return err
	}
	msg, err := mail.Render(u.Lang, u.Email, mail.PasswordReset{Name: u.Name, Link: s.linkURL("reset-password", secret),
		ValidMinutes: int(ResetValidity.Minutes())})
	if err != nil {
		return apperr.Wrap(err, "render reset mail")
	}
	// In the background: how long the mail server takes must not tell the
	// caller that the account exists.
	bg := reqinfo.With(context.WithoutCancel(ctx), reqinfo.From(ctx))
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		ctx, cancel := context.WithTimeout(bg, 2*time.Minute)
		defer cancel()
		if err := s.mail.Send(ctx, msg); err != nil {
			s.log.ErrorContext(ctx, "password reset mail not sent", "user_id", u.ID, "err", err)
		}
	}()
	return nil
}

// Wait returns when the mail being sent in the background has been handed
// over (or has failed); the server calls it before stopping.
func (s *Service) Wait() { s.pending.Wait() }

// ResetPassword sets a new password from a reset link's secret. The link works
// once; every session of the user ends, and the email's sign-in failures are
// forgotten (the user has just proved they own it).
func (s *Service) ResetPassword(ctx context.Context, now time.Time, secret, password string) error {
	return database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		u, err := useLink(ctx, tx, now, secret, purposeReset)
		if err != nil {
			return err
		}
		var c apperr.Collector
		checkPassword(&c, "password", password, u.Email)
		if err := c.Err(); err != nil {
			return err // rolled back: the link still works
		}
		n, err := endSessions(ctx, tx, u.ID, 0)
		if err != nil {
			return err
		}
		if err := forgetFailures(ctx, tx, u.Email); err != nil {
			return err
		}
		if err := expireLinks(ctx, tx, now, u.ID, purposeReset); err != nil {
			return err
		}
		ctx = withActor(ctx, u)
		return s.setPassword(ctx, tx, now, u, password, purposeReset, map[string]any{"sessions_ended": n})
	})
}

// ChangePassword replaces the caller's password after checking the current
// one, and ends their other sessions. A wrong current password counts as a
// failed sign-in, so a stolen session cannot be used to guess it.
func (s *Service) ChangePassword(ctx context.Context, now time.Time, current, next string) error {
	p, err := callerUser(ctx)
	if err != nil {
		return err
	}
	u, err := getUser(ctx, s.db, p.UserID)
	if err != nil {
		return err
	}
	locked, err := emailLocked(ctx, s.db, now, u.Email)
	if err != nil {
		return err
	}
	if locked || !s.verify(u.PasswordHash, current) {
		if locked, err = recordFailure(ctx, s.db, now, u.Email, reqinfo.From(ctx).ClientIP, locked); err != nil {
			return err
		}
		if locked { // 429, not 401: the caller is signed in, and must not be sent to the sign-in page
			return apperr.New(apperr.RateLimited, "account.login_locked", apperr.Args{"Minutes": int(LockDuration.Minutes())})
		}
		return apperr.InvalidFields(apperr.Field("current_password", "account.wrong_password", nil))
	}
	var c apperr.Collector
	checkPassword(&c, "new_password", next, u.Email)
	if err := c.Err(); err != nil {
		return err
	}
	return database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		n, err := endSessions(ctx, tx, u.ID, p.SessionID)
		if err != nil {
			return err
		}
		return s.setPassword(ctx, tx, now, u, next, "change", map[string]any{"sessions_ended": n})
	})
}
