package account

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
	"chungtay/internal/mail"
)

// The purposes of single-use links.
const (
	purposeInvitation = "invitation"
	purposeReset      = "password_reset"
)

// link is a single-use, expiring link sent by mail; only its hash is stored.
type link struct {
	bun.BaseModel `bun:"table:user_links"`

	ID        int64      `bun:"id,pk,autoincrement"`
	UserID    int64      `bun:"user_id,notnull"`
	Purpose   string     `bun:"purpose,notnull"`
	TokenHash string     `bun:"token_hash,notnull"`
	CreatedAt time.Time  `bun:"created_at,notnull"`
	ExpiresAt time.Time  `bun:"expires_at,notnull"`
	UsedAt    *time.Time `bun:"used_at"`
}

// newLink stores a link for the user, after expiring the user's earlier
// unused links of the same purpose (only the newest mail works), and returns
// its secret and id.
func newLink(ctx context.Context, tx bun.IDB, now time.Time, userID int64, purpose string) (string, int64, error) {
	if err := expireLinks(ctx, tx, now, userID, purpose); err != nil {
		return "", 0, err
	}
	validity := ResetValidity
	if purpose == purposeInvitation {
		validity = InvitationValidity
	}
	secret := randomSecret()
	l := &link{UserID: userID, Purpose: purpose, TokenHash: hashSecret(secret), CreatedAt: now.UTC(), ExpiresAt: now.Add(validity).UTC()}
	if _, err := tx.NewInsert().Model(l).Exec(ctx); err != nil {
		return "", 0, apperr.Wrap(err, "insert "+purpose+" link")
	}
	return secret, l.ID, nil
}

// expireLinks ends a user's unused links of a purpose ("" for every purpose).
func expireLinks(ctx context.Context, tx bun.IDB, now time.Time, userID int64, purpose string) error {
	q := tx.NewUpdate().Model((*link)(nil)).Set("expires_at = ?", now.UTC()).
		Where("user_id = ? AND used_at IS NULL AND expires_at > ?", userID, now.UTC())
	if purpose != "" {
		q = q.Where("purpose = ?", purpose)
	}
	if _, err := q.Exec(ctx); err != nil {
		return apperr.Wrap(err, "expire links")
	}
	return nil
}

// errLinkInvalid is the one answer for a link that is unknown, used, expired
// or whose account was deactivated.
func errLinkInvalid() error { return apperr.New(apperr.Invalid, "account.link_invalid", nil) }

// useLink marks the link with this secret used and returns its (active) user.
func useLink(ctx context.Context, tx bun.IDB, now time.Time, secret, purpose string) (*User, error) {
	l := new(link)
	err := tx.NewSelect().Model(l).Where("token_hash = ? AND purpose = ?", hashSecret(secret), purpose).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errLinkInvalid()
	}
	if err != nil {
		return nil, apperr.Wrap(err, "find link")
	}
	if l.UsedAt != nil || !now.Before(l.ExpiresAt) {
		return nil, errLinkInvalid()
	}
	// used_at IS NULL again: of two requests racing with one link, one wins.
	res, err := tx.NewUpdate().Model(l).Set("used_at = ?", now.UTC()).Where("id = ? AND used_at IS NULL", l.ID).Exec(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "use link")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, errLinkInvalid()
	}
	u, err := getUser(ctx, tx, l.UserID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, errLinkInvalid()
	}
	return u, nil
}

// linkURL is the address of the web app's page for a link.
func (s *Service) linkURL(page, secret string) string {
	return s.baseURL + "/#/" + page + "?token=" + url.QueryEscape(secret)
}

// setPassword stores a new password for u (already checked) and audits it.
func (s *Service) setPassword(ctx context.Context, tx bun.IDB, now time.Time, u *User, password, via string, extra map[string]any) error {
	hash, err := HashPassword(password, s.params)
	if err != nil {
		return apperr.Wrap(err, "hash password")
	}
	if _, err := tx.NewUpdate().Model(u).Set("password_hash = ?", hash).Set("updated_at = ?", now.UTC()).WherePK().Exec(ctx); err != nil {
		return apperr.Wrap(err, "set password")
	}
	r, err := userReach(ctx, tx, u.ID)
	if err != nil {
		return err
	}
	after := map[string]any{"password": "changed", "via": via}
	for k, v := range extra {
		after[k] = v
	}
	return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "user", EntityID: u.ID, AreaPath: r.first(), After: after})
}

// sendInvitation mails the invitation link to u.
func (s *Service) sendInvitation(ctx context.Context, u *User, invitedBy, secret string) error {
	msg, err := mail.Render(u.Lang, u.Email, mail.Invitation{Name: u.Name, InvitedBy: invitedBy,
		Link: s.linkURL("accept-invite", secret), ValidDays: int(InvitationValidity.Hours() / 24)})
	if err == nil {
		err = s.mail.Send(ctx, msg)
	}
	if err != nil {
		s.log.ErrorContext(ctx, "invitation not sent", "user_id", u.ID, "err", err)
	}
	return err
}

// ResendInvitation sends a new invitation link to a user who has not yet set
// a password (or, without a mail server, gives it to the admin); earlier
// links stop working.
func (s *Service) ResendInvitation(ctx context.Context, now time.Time, id int64) (*Invitation, error) {
	p, err := admin(ctx)
	if err != nil {
		return nil, err
	}
	var u *User
	var secret string
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var r reach
		if u, r, err = visibleUser(ctx, tx, p, id); err != nil {
			return err
		}
		switch {
		case !u.Active:
			return apperr.New(apperr.Conflict, "account.user_inactive", nil)
		case u.PasswordHash != "":
			return apperr.New(apperr.Conflict, "account.invitation_accepted", nil)
		}
		var linkID int64
		if secret, linkID, err = newLink(ctx, tx, now, u.ID, purposeInvitation); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "user_link", EntityID: linkID, AreaPath: r.first(),
			After: map[string]any{"user_id": u.ID, "purpose": purposeInvitation, "expires_at": now.Add(InvitationValidity).UTC()}})
	})
	if err != nil {
		return nil, err
	}
	inv := s.deliver(ctx, u, p.Name, secret)
	return &inv, nil
}

// AcceptInvitation sets the password of an invited user from the link's
// secret, and signs them in. The link works once.
func (s *Service) AcceptInvitation(ctx context.Context, now time.Time, secret, password, userAgent string) (*SignedIn, error) {
	var out *SignedIn
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		u, err := useLink(ctx, tx, now, secret, purposeInvitation)
		if err != nil {
			return err
		}
		var c apperr.Collector
		checkPassword(&c, "password", password, u.Email)
		if err := c.Err(); err != nil {
			return err // rolled back: the link still works
		}
		ctx = withActor(ctx, u)
		if err := s.setPassword(ctx, tx, now, u, password, purposeInvitation, nil); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(u).Set("last_login_at = ?", now.UTC()).WherePK().Exec(ctx); err != nil {
			return apperr.Wrap(err, "stamp last sign-in")
		}
		if out, err = s.startSession(ctx, tx, now, u, userAgent); err != nil {
			return err
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
