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
// characters) lets its owner tell tokens apart.
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
}

func (t *Token) auditView() map[string]any {
	return map[string]any{"id": t.ID, "user_id": t.UserID, "name": t.Name, "prefix": t.Prefix,
		"expires_at": t.ExpiresAt, "revoked_at": t.RevokedAt}
}

// NewToken asks for a token.
type NewToken struct {
	Name          string `json:"name" minLength:"1" maxLength:"100"`
	ExpiresInDays int    `json:"expires_in_days,omitempty" minimum:"0" maximum:"3650" doc:"0 or absent: does not expire"`
}

// CreatedToken is a new token with its secret, which is shown this once.
type CreatedToken struct {
	Token
	Secret string `json:"token" doc:"the token itself: shown only now, store it safely (Authorization: Bearer …)"`
}

// prefixLen is how much of a token is kept visible: "ct_" and 6 characters.
const prefixLen = len(TokenPrefix) + 6

// CreateToken makes a personal API token for the caller.
func (s *Service) CreateToken(ctx context.Context, now time.Time, in NewToken) (*CreatedToken, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return nil, err
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
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	secret := TokenPrefix + randomSecret()
	t := &Token{UserID: p.UserID, Name: in.Name, Prefix: secret[:prefixLen], TokenHash: hashSecret(secret), CreatedAt: now.UTC()}
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

// RevokeToken ends one of the caller's tokens.
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
		before := t.auditView()
		at := now.UTC()
		t.RevokedAt = &at
		if _, err := tx.NewUpdate().Model(t).Column("revoked_at").WherePK().Exec(ctx); err != nil {
			return apperr.Wrap(err, "revoke token")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Revoke, Entity: "api_token", EntityID: t.ID, AreaPath: ownPath(p),
			Before: before, After: t.auditView()})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
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
