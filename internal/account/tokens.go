package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
)

// Token is a personal API token for scripts. It acts as its user, with the
// user's grants of the moment. Only its hash is stored; Prefix (the first
// characters) lets its owner tell tokens apart. A token created by a script
// signed in with a token records it as its parent: it ends no later than its
// parent, and revoking the parent revokes it (and what it created in turn).
type Token struct {
	bun.BaseModel `bun:"table:api_tokens"`

	ID         int64      `bun:"id,pk,autoincrement" json:"id"`
	UserID     int64      `bun:"user_id,notnull" json:"-"`
	Name       string     `bun:"name,notnull" json:"name"`
	Prefix     string     `bun:"prefix,notnull" json:"prefix" doc:"the first characters of the token, to recognise it"`
	TokenHash  string     `bun:"token_hash,notnull" json:"-"`
	CreatedAt  time.Time  `bun:"created_at,notnull" json:"created_at"`
	LastUsedAt *time.Time `bun:"last_used_at" json:"last_used_at"`
	ExpiresAt  *time.Time `bun:"expires_at" json:"expires_at" doc:"null: does not expire"`
	RevokedAt  *time.Time `bun:"revoked_at" json:"revoked_at"`
	ParentID   *int64     `bun:"parent_id" json:"parent_id" doc:"the token that created this one, if a token did"`
}

func (t *Token) auditView() map[string]any {
	return map[string]any{"id": t.ID, "user_id": t.UserID, "name": t.Name, "prefix": t.Prefix,
		"expires_at": t.ExpiresAt, "revoked_at": t.RevokedAt, "parent_id": t.ParentID}
}

// NewToken asks for a token.
type NewToken struct {
	Name          string `json:"name" minLength:"1" maxLength:"100"`
	ExpiresInDays int    `json:"expires_in_days,omitempty" minimum:"0" maximum:"3650" doc:"0 or absent: does not expire. Created with a token: at most the days that token has left (refused otherwise, naming this field)"`
}

// CreatedToken is a new token with its secret, which is shown this once.
type CreatedToken struct {
	Token
	Secret string `json:"token" doc:"the token itself: shown only now, store it safely (Authorization: Bearer …)"`
}

// prefixLen is how much of a token is kept visible: "ct_" and 6 characters.
const prefixLen = len(TokenPrefix) + 6

// CreateToken makes a personal API token for the caller. A caller signed in
// with a token may only create tokens that end no later than that token:
// one that would outlive it (or never expire while it does) is refused,
// naming expires_in_days — refused rather than shortened, so a script never
// holds a token shorter than it asked for without knowing.
func (s *Service) CreateToken(ctx context.Context, now time.Time, in NewToken) (*CreatedToken, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return nil, err
	}
	var parent *Token
	if p.TokenID != 0 {
		parent = new(Token)
		if err := s.db.NewSelect().Model(parent).Where("id = ?", p.TokenID).Scan(ctx); err != nil {
			return nil, apperr.Wrap(err, "get the token in use")
		}
	}
	var c apperr.Collector
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		c.Add("name", "field.required", nil)
	} else if utf8.RuneCountInString(in.Name) > 100 {
		c.Add("name", "field.max_len", apperr.Args{"Max": 100})
	}
	if in.ExpiresInDays < 0 || in.ExpiresInDays > 3650 {
		c.Add("expires_in_days", "field.between", apperr.Args{"Min": 0, "Max": 3650})
	} else if parent != nil && parent.ExpiresAt != nil {
		left := int(parent.ExpiresAt.Sub(now) / (24 * time.Hour)) // whole days the parent has left
		switch {
		case left < 1:
			c.Add("expires_in_days", "account.token_parent_ends_today", nil)
		case in.ExpiresInDays == 0 || in.ExpiresInDays > left:
			c.Add("expires_in_days", "account.token_outlives_parent", apperr.Args{"Max": left})
		}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	secret := TokenPrefix + randomSecret()
	t := &Token{UserID: p.UserID, Name: in.Name, Prefix: secret[:prefixLen], TokenHash: hashSecret(secret), CreatedAt: now.UTC()}
	if parent != nil {
		t.ParentID = &parent.ID
	}
	if in.ExpiresInDays > 0 {
		at := now.Add(time.Duration(in.ExpiresInDays) * 24 * time.Hour).UTC()
		t.ExpiresAt = &at
	}
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(t).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert token")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "api_token", EntityID: t.ID, AreaPath: ownPath(p), After: t.auditView()})
	})
	if err != nil {
		return nil, err
	}
	return &CreatedToken{Token: *t, Secret: secret}, nil
}

// ListTokens returns the caller's tokens, newest first, without secrets.
func (s *Service) ListTokens(ctx context.Context) ([]Token, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return nil, err
	}
	out := []Token{}
	if err := s.db.NewSelect().Model(&out).Where("user_id = ?", p.UserID).OrderExpr("id DESC").Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "list tokens")
	}
	return out, nil
}

// RevokeToken ends one of the caller's tokens, and every token it created,
// directly or through others.
func (s *Service) RevokeToken(ctx context.Context, now time.Time, id int64) (*Token, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return nil, err
	}
	t := new(Token)
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewSelect().Model(t).Where("id = ? AND user_id = ?", id, p.UserID).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError(entityToken)
		}
		if err != nil {
			return apperr.Wrap(err, "get token")
		}
		if t.RevokedAt != nil {
			return apperr.New(apperr.Conflict, "account.token_revoked", nil)
		}
		if err := revoke(ctx, tx, now, p, t); err != nil {
			return err
		}
		return revokeChildren(ctx, tx, now, p, t.ID)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// revoke ends t, audited.
func revoke(ctx context.Context, tx bun.Tx, now time.Time, p *access.Principal, t *Token) error {
	before := t.auditView()
	at := now.UTC()
	t.RevokedAt = &at
	if _, err := tx.NewUpdate().Model(t).Column("revoked_at").WherePK().Exec(ctx); err != nil {
		return apperr.Wrap(err, "revoke token")
	}
	return audit.Record(ctx, tx, now, audit.Change{Action: audit.Revoke, Entity: "api_token", EntityID: t.ID, AreaPath: ownPath(p),
		Before: before, After: t.auditView()})
}

// revokeChildren ends the tokens created by token id, and theirs in turn.
// Those already revoked are passed over; their children were revoked with them.
func revokeChildren(ctx context.Context, tx bun.Tx, now time.Time, p *access.Principal, id int64) error {
	parents := []int64{id}
	for len(parents) > 0 {
		var children []Token
		if err := tx.NewSelect().Model(&children).Where("parent_id IN (?) AND revoked_at IS NULL", bun.In(parents)).
			OrderExpr("id").Scan(ctx); err != nil {
			return apperr.Wrap(err, "find the tokens a token created")
		}
		parents = parents[:0]
		for i := range children {
			if err := revoke(ctx, tx, now, p, &children[i]); err != nil {
				return err
			}
			parents = append(parents, children[i].ID)
		}
	}
	return nil
}

// AuthenticateToken returns the principal of a bearer token; an unknown,
// revoked or expired token, or one of a deactivated user, is unauthorized.
func (s *Service) AuthenticateToken(ctx context.Context, now time.Time, secret string) (*access.Principal, error) {
	invalid := apperr.New(apperr.Unauthorized, "account.token_invalid", nil)
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, invalid
	}
	t := new(Token)
	err := s.db.NewSelect().Model(t).Where("token_hash = ?", hashSecret(secret)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, invalid
	}
	if err != nil {
		return nil, apperr.Wrap(err, "find token")
	}
	if t.RevokedAt != nil || (t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)) {
		return nil, invalid
	}
	p, err := s.Principal(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery {
		at := now.UTC()
		t.LastUsedAt = &at
		if _, err := s.db.NewUpdate().Model(t).Column("last_used_at").WherePK().Exec(ctx); err != nil {
			return nil, apperr.Wrap(err, "touch token")
		}
	}
	p.TokenID = t.ID
	return p, nil
}
