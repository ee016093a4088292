package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
)

// Grant is a role on an area's subtree; no area is the whole country.
type Grant struct {
	bun.BaseModel `bun:"table:grants,alias:g"`

	ID        int64       `bun:"id,pk,autoincrement" json:"id"`
	UserID    int64       `bun:"user_id,notnull" json:"user_id"`
	AreaID    *int64      `bun:"area_id" json:"area_id" doc:"null: the whole country"`
	Role      access.Role `bun:"role,notnull" json:"role" enum:"admin,officer,chair,viewer"`
	CreatedAt time.Time   `bun:"created_at,notnull" json:"created_at"`
	RevokedAt *time.Time  `bun:"revoked_at" json:"revoked_at"`
	AreaName  string      `bun:"area_name,scanonly" json:"area_name" doc:"empty for the whole country"`
	AreaPath  string      `bun:"area_path,scanonly" json:"-"`
}

// Membership is a user's role in a responsible unit.
type Membership struct {
	bun.BaseModel `bun:"table:memberships,alias:m"`

	ID        int64           `bun:"id,pk,autoincrement" json:"id"`
	UserID    int64           `bun:"user_id,notnull" json:"user_id"`
	UnitID    int64           `bun:"unit_id,notnull" json:"unit_id"`
	Role      access.UnitRole `bun:"role,notnull" json:"role" enum:"leader,member"`
	CreatedAt time.Time       `bun:"created_at,notnull" json:"created_at"`
	EndedAt   *time.Time      `bun:"ended_at" json:"ended_at"`
	UnitName  string          `bun:"unit_name,scanonly" json:"unit_name"`
	AreaPath  string          `bun:"area_path,scanonly" json:"-"`
}

// GrantInput asks for a role on an area (none: the whole country).
type GrantInput struct {
	AreaID *int64      `json:"area_id,omitempty" required:"false" nullable:"true" doc:"the area whose subtree the role covers; null or absent: the whole country"`
	Role   access.Role `json:"role" enum:"admin,officer,chair,viewer"`
}

// MembershipInput asks for a role in a unit.
type MembershipInput struct {
	UnitID int64           `json:"unit_id" minimum:"1"`
	Role   access.UnitRole `json:"role" enum:"leader,member"`
}

func (g *Grant) auditView() map[string]any {
	return map[string]any{"id": g.ID, "user_id": g.UserID, "area_id": g.AreaID, "role": g.Role, "revoked_at": g.RevokedAt}
}

func (m *Membership) auditView() map[string]any {
	return map[string]any{"id": m.ID, "user_id": m.UserID, "unit_id": m.UnitID, "role": m.Role, "ended_at": m.EndedAt}
}

// activeGrants returns a user's grants in force, with their areas.
func activeGrants(ctx context.Context, db bun.IDB, userID int64) ([]Grant, error) {
	out := []Grant{}
	err := db.NewSelect().Model(&out).ColumnExpr("g.*").
		ColumnExpr("COALESCE(a.name, '') AS area_name, COALESCE(a.path, '') AS area_path").
		Join("LEFT JOIN areas AS a ON a.id = g.area_id").
		Where("g.user_id = ? AND g.revoked_at IS NULL", userID).OrderExpr("g.id").Scan(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("grants of user %d", userID))
	}
	return out, nil
}

// activeMemberships returns a user's memberships in force, with their units.
func activeMemberships(ctx context.Context, db bun.IDB, userID int64) ([]Membership, error) {
	out := []Membership{}
	err := db.NewSelect().Model(&out).ColumnExpr("m.*").ColumnExpr("un.name AS unit_name, a.path AS area_path").
		Join("JOIN units AS un ON un.id = m.unit_id").Join("JOIN areas AS a ON a.id = un.area_id").
		Where("m.user_id = ? AND m.ended_at IS NULL", userID).OrderExpr("m.id").Scan(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("memberships of user %d", userID))
	}
	return out, nil
}

// checkGrant validates a requested grant (field errors under prefix, e.g.
// "grants[0]."), and returns the area's path and name.
func checkGrant(ctx context.Context, db bun.IDB, c *apperr.Collector, prefix string, in GrantInput) (path, name string, err error) {
	if !in.Role.Valid() {
		c.Add(prefix+"role", "field.invalid_choice", nil)
	}
	if in.AreaID == nil {
		return "", "", nil
	}
	var a struct {
		Path string `bun:"path"`
		Name string `bun:"name"`
	}
	err = db.NewSelect().Table("areas").Column("path", "name").Where("id = ? AND dissolved_on IS NULL", *in.AreaID).Scan(ctx, &a)
	if errors.Is(err, sql.ErrNoRows) {
		c.Add(prefix+"area_id", "field.not_found", nil)
		return "", "", nil
	}
	if err != nil {
		return "", "", apperr.Wrap(err, "check grant area")
	}
	return a.Path, a.Name, nil
}

// checkMembership validates a requested membership and returns the path of the unit's area.
func checkMembership(ctx context.Context, db bun.IDB, c *apperr.Collector, prefix string, in MembershipInput) (path, name string, err error) {
	if !in.Role.Valid() {
		c.Add(prefix+"role", "field.invalid_choice", nil)
	}
	var u struct {
		Path string `bun:"path"`
		Name string `bun:"name"`
	}
	err = db.NewSelect().TableExpr("units AS un").ColumnExpr("a.path, un.name").Join("JOIN areas AS a ON a.id = un.area_id").
		Where("un.id = ? AND un.archived_at IS NULL", in.UnitID).Scan(ctx, &u)
	if errors.Is(err, sql.ErrNoRows) {
		c.Add(prefix+"unit_id", "field.not_found", nil)
		return "", "", nil
	}
	if err != nil {
		return "", "", apperr.Wrap(err, "check membership unit")
	}
	return u.Path, u.Name, nil
}

// insertGrant writes a grant the caller has been allowed to give, and audits it.
func insertGrant(ctx context.Context, tx bun.Tx, now time.Time, userID int64, in GrantInput, path, name string) (*Grant, error) {
	g := &Grant{UserID: userID, AreaID: in.AreaID, Role: in.Role, CreatedAt: now.UTC(), AreaName: name, AreaPath: path}
	if _, err := tx.NewInsert().Model(g).Exec(ctx); err != nil {
		return nil, apperr.Wrap(err, "insert grant")
	}
	err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Grant, Entity: "grant", EntityID: g.ID, AreaPath: path, After: g.auditView()})
	return g, err
}

// insertMembership writes a membership and audits it.
func insertMembership(ctx context.Context, tx bun.Tx, now time.Time, userID int64, in MembershipInput, path, name string) (*Membership, error) {
	m := &Membership{UserID: userID, UnitID: in.UnitID, Role: in.Role, CreatedAt: now.UTC(), UnitName: name, AreaPath: path}
	if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
		return nil, apperr.Wrap(err, "insert membership")
	}
	err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "membership", EntityID: m.ID, AreaPath: path, After: m.auditView()})
	return m, err
}

// roleChange is the frame of every change to a user's grants and
// memberships: the caller is an admin who sees the user; locate validates the
// request (or finds the row) and returns the path of the area concerned, which
// the caller must cover; nobody changes their own roles; then apply writes and
// audits, all in one transaction.
func (s *Service) roleChange(ctx context.Context, userID int64, field string, locate func(context.Context, bun.Tx) (string, error),
	apply func(context.Context, bun.Tx) error) error {
	p, err := admin(ctx)
	if err != nil {
		return err
	}
	return database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		if _, _, err := visibleUser(ctx, tx, p, userID); err != nil {
			return err
		}
		path, err := locate(ctx, tx)
		if err != nil {
			return err
		}
		if err := notSelf(p, userID); err != nil {
			return err
		}
		if !canManageArea(p, path) {
			return areaDenied(field, path)
		}
		return apply(ctx, tx)
	})
}

// AddGrant gives a user a role on an area's subtree (or the whole country).
// The caller must be an admin covering that area, and not the user.
func (s *Service) AddGrant(ctx context.Context, now time.Time, userID int64, in GrantInput) (*Grant, error) {
	var out *Grant
	var path, name string
	err := s.roleChange(ctx, userID, "area_id", func(ctx context.Context, tx bun.Tx) (string, error) {
		var c apperr.Collector
		var err error
		if path, name, err = checkGrant(ctx, tx, &c, "", in); err != nil {
			return "", err
		}
		return path, c.Err()
	}, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewSelect().Model((*Grant)(nil)).Where("g.user_id = ? AND g.role = ? AND g.revoked_at IS NULL", userID, in.Role)
		if in.AreaID == nil {
			q = q.Where("g.area_id IS NULL")
		} else {
			q = q.Where("g.area_id = ?", *in.AreaID)
		}
		if n, err := q.Count(ctx); err != nil {
			return apperr.Wrap(err, "check existing grant")
		} else if n > 0 {
			return apperr.New(apperr.Conflict, "account.grant_exists", nil)
		}
		var err error
		out, err = insertGrant(ctx, tx, now, userID, in, path, name)
		return err
	})
	return out, err
}

// RevokeGrant ends a grant; it is kept, with the time it was revoked.
func (s *Service) RevokeGrant(ctx context.Context, now time.Time, userID, grantID int64) (*Grant, error) {
	g := new(Grant)
	err := s.roleChange(ctx, userID, "area_id", func(ctx context.Context, tx bun.Tx) (string, error) {
		err := tx.NewSelect().Model(g).ColumnExpr("g.*").
			ColumnExpr("COALESCE(a.name, '') AS area_name, COALESCE(a.path, '') AS area_path").
			Join("LEFT JOIN areas AS a ON a.id = g.area_id").Where("g.id = ? AND g.user_id = ?", grantID, userID).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return "", apperr.NotFoundError(entityGrant)
		}
		if err != nil {
			return "", apperr.Wrap(err, "get grant")
		}
		return g.AreaPath, nil
	}, func(ctx context.Context, tx bun.Tx) error {
		if g.RevokedAt != nil {
			return apperr.New(apperr.Conflict, "account.grant_revoked", nil)
		}
		before := g.auditView()
		at := now.UTC()
		g.RevokedAt = &at
		if _, err := tx.NewUpdate().Model(g).Column("revoked_at").WherePK().Exec(ctx); err != nil {
			return apperr.Wrap(err, "revoke grant")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Revoke, Entity: "grant", EntityID: g.ID, AreaPath: g.AreaPath,
			Before: before, After: g.auditView()})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// AddMembership makes a user a leader or member of a unit. The caller must be
// an admin covering the unit's area, and not the user.
func (s *Service) AddMembership(ctx context.Context, now time.Time, userID int64, in MembershipInput) (*Membership, error) {
	var out *Membership
	var path, name string
	err := s.roleChange(ctx, userID, "unit_id", func(ctx context.Context, tx bun.Tx) (string, error) {
		var c apperr.Collector
		var err error
		if path, name, err = checkMembership(ctx, tx, &c, "", in); err != nil {
			return "", err
		}
		return path, c.Err()
	}, func(ctx context.Context, tx bun.Tx) error {
		n, err := tx.NewSelect().Model((*Membership)(nil)).Where("m.user_id = ? AND m.unit_id = ? AND m.ended_at IS NULL", userID, in.UnitID).Count(ctx)
		if err != nil {
			return apperr.Wrap(err, "check existing membership")
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "account.membership_exists", nil)
		}
		out, err = insertMembership(ctx, tx, now, userID, in, path, name)
		return err
	})
	return out, err
}

// EndMembership ends a membership; it is kept, with the time it ended.
func (s *Service) EndMembership(ctx context.Context, now time.Time, userID, membershipID int64) (*Membership, error) {
	m := new(Membership)
	err := s.roleChange(ctx, userID, "unit_id", func(ctx context.Context, tx bun.Tx) (string, error) {
		err := tx.NewSelect().Model(m).ColumnExpr("m.*").ColumnExpr("un.name AS unit_name, a.path AS area_path").
			Join("JOIN units AS un ON un.id = m.unit_id").Join("JOIN areas AS a ON a.id = un.area_id").
			Where("m.id = ? AND m.user_id = ?", membershipID, userID).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return "", apperr.NotFoundError(entityMembership)
		}
		if err != nil {
			return "", apperr.Wrap(err, "get membership")
		}
		return m.AreaPath, nil
	}, func(ctx context.Context, tx bun.Tx) error {
		if m.EndedAt != nil {
			return apperr.New(apperr.Conflict, "account.membership_ended", nil)
		}
		before := m.auditView()
		at := now.UTC()
		m.EndedAt = &at
		if _, err := tx.NewUpdate().Model(m).Column("ended_at").WherePK().Exec(ctx); err != nil {
			return apperr.Wrap(err, "end membership")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "membership", EntityID: m.ID, AreaPath: m.AreaPath,
			Before: before, After: m.auditView()})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
