package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
)

// Who may manage whom. An admin's grant covers an area subtree; a whole-country
// grant (no area) only a whole-country admin may give or take. An admin sees a
// user who holds an active grant or membership inside one of the admin's
// subtrees — anyone else is "not found" — and may change the user's own
// fields (name, phone, language, active) only if every grant and membership
// of the user lies inside the admin's subtrees, so that a ward admin cannot
// lock out a city admin who also holds a role in the ward. Nobody changes
// their own grants or memberships.

const (
	entityUser       = "entity.user"
	entityGrant      = "entity.grant"
	entityMembership = "entity.membership"
	entityToken      = "entity.api_token"
)

// caller returns the signed-in principal, or unauthorized.
func caller(ctx context.Context) (*access.Principal, error) {
	p := access.From(ctx)
	if p == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	return p, nil
}

// callerUser returns the signed-in principal, which must be a user (not the system).
func callerUser(ctx context.Context) (*access.Principal, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if p.UserID == 0 {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	return p, nil
}

// admin returns the caller if they manage accounts somewhere.
func admin(ctx context.Context) (*access.Principal, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if !p.CanSomewhere(access.ManageAccounts) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	return p, nil
}

// canManageArea reports whether p may give or take roles at the area with
// this path ("" is the whole country, which only a whole-country admin covers).
func canManageArea(p *access.Principal, path string) bool {
	return p.Can(access.ManageAccounts, path)
}

// areaDenied is the refusal to act on an area outside p's subtrees, naming
// the field that asked for it (e.g. "grants[0].area_id", "unit_id"). An admin
// holds the top role, so "never more than it has" comes down to the area: a
// ward admin may give any role on its ward's subtree, none above it.
func areaDenied(field, path string) *apperr.Error {
	msg := "account.outside_scope"
	if path == "" {
		msg = "account.country_grant"
	}
	return refuse(field, msg)
}

// refuse is a 403 naming the field whose value the caller may not give.
func refuse(field, messageID string) *apperr.Error {
	e := apperr.New(apperr.Forbidden, messageID, nil)
	e.Fields = []apperr.FieldError{apperr.Field(field, messageID, nil)}
	return e
}

// reach lists where a user holds active roles: the paths of the areas of
// their grants ("" for the whole country) and of their units.
type reach []string

func userReach(ctx context.Context, db bun.IDB, userID int64) (reach, error) {
	var paths []string
	err := db.NewRaw(`SELECT COALESCE(a.path, '') FROM grants AS g LEFT JOIN areas AS a ON a.id = g.area_id
		WHERE g.user_id = ? AND g.revoked_at IS NULL
		UNION ALL
		SELECT a.path FROM memberships AS m JOIN units AS un ON un.id = m.unit_id JOIN areas AS a ON a.id = un.area_id
		WHERE m.user_id = ? AND m.ended_at IS NULL`, userID, userID).Scan(ctx, &paths)
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("roles of user %d", userID))
	}
	return reach(paths), nil
}

// seenBy reports whether p sees a user with this reach.
func (r reach) seenBy(p *access.Principal) bool {
	if canManageArea(p, "") {
		return true
	}
	for _, path := range r {
		if path != "" && canManageArea(p, path) {
			return true
		}
	}
	return false
}

// managedBy reports whether p covers all of the user's roles.
func (r reach) managedBy(p *access.Principal) bool {
	if canManageArea(p, "") {
		return true
	}
	for _, path := range r {
		if !canManageArea(p, path) {
			return false
		}
	}
	return len(r) > 0
}

// first is the area path audit entries about the user are filed under: their
// first role's area ("" when they have none or a whole-country one).
func (r reach) first() string {
	if len(r) == 0 {
		return ""
	}
	return r[0]
}

func getUser(ctx context.Context, db bun.IDB, id int64) (*User, error) {
	u := new(User)
	err := db.NewSelect().Model(u).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityUser)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get user %d", id))
	}
	return u, nil
}

// visibleUser loads a user the admin p may see (else not found), with their reach.
func visibleUser(ctx context.Context, db bun.IDB, p *access.Principal, id int64) (*User, reach, error) {
	u, err := getUser(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	r, err := userReach(ctx, db, id)
	if err != nil {
		return nil, nil, err
	}
	if !r.seenBy(p) {
		return nil, nil, apperr.NotFoundError(entityUser)
	}
	return u, r, nil
}

// notSelf refuses changes to one's own grants and memberships.
func notSelf(p *access.Principal, userID int64) error {
	if !p.System && p.UserID == userID {
		return apperr.New(apperr.Forbidden, "account.own_roles", nil)
	}
	return nil
}

// scopeUsers narrows a query of users (alias u) to those p sees.
func scopeUsers(db bun.IDB, q *bun.SelectQuery, p *access.Principal) *bun.SelectQuery {
	paths, all := p.PathsFor(access.ManageAccounts)
	if all {
		return q
	}
	if len(paths) == 0 {
		return q.Where("1 = 0")
	}
	inPaths := func(sq *bun.SelectQuery) *bun.SelectQuery {
		return sq.WhereGroup(" AND ", func(sq *bun.SelectQuery) *bun.SelectQuery {
			for _, path := range paths {
				sq = sq.WhereOr("a.path LIKE ?", path+"%")
			}
			return sq
		})
	}
	granted := inPaths(db.NewSelect().ColumnExpr("g.user_id").TableExpr("grants AS g").
		Join("JOIN areas AS a ON a.id = g.area_id").Where("g.revoked_at IS NULL"))
	member := inPaths(db.NewSelect().ColumnExpr("m.user_id").TableExpr("memberships AS m").
		Join("JOIN units AS un ON un.id = m.unit_id").Join("JOIN areas AS a ON a.id = un.area_id").Where("m.ended_at IS NULL"))
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("u.id IN (?)", granted).WhereOr("u.id IN (?)", member)
	})
}
